// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Casebook behaviour every storage backend must show (issue #10): each test
// runs on SQLite and, when ATENSI_TEST_PG_URI is set, on PostgreSQL. The
// rules are those of the store tests they mirror (tests/store/*), cited per
// test: optimistic versions and no last-write-wins (peers.md §4 item 1),
// one person one record (Permendagri 108/2019 NIK), referral handshakes
// (FHIR Task / SDOHCC), transfers (Primero), deadlines (DeadlinePolicy),
// aggregate-only reports (UU 27/2022), the tamper-evident audit trail.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "conformance_fixture.h"
#include "store/trusted_reads.h"

namespace atensi::testing {
namespace {

using ::testing::Contains;

RegionCode R(std::string_view text) {
  auto r = RegionCode::Parse(text);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return *r;
}

// Permendagri 108/2019: one NIK, one person; the record survives reopening.
TEST_P(ConformanceTest, RegisterChildAndRefuseDuplicateNik) {
  Child child = Register("Siti", "15.71.01.1001", "1571014505150001");
  ASSERT_FALSE(child.id.empty());
  auto stored = internal::Trusted(book_).GetChild(child.id);
  ASSERT_TRUE(stored.ok()) << stored.status().ToString();
  EXPECT_EQ(*stored, child);
  auto dup =
      book_->RegisterChild(MakeChild("Other", "31.71.01.1001", "1571014505150001"), Worker());
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.status().reason(), "store.nik_taken");
  auto found = internal::Trusted(book_).FindChildByNik("1571014505150001");
  ASSERT_TRUE(found.ok());
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->id, child.id);
  auto missing = internal::Trusted(book_).GetChild("0193a000-0000-7000-8000-00000000dead");
  EXPECT_EQ(missing.status().reason(), "store.child_not_found");
  Reopen();
  EXPECT_EQ(*internal::Trusted(book_).GetChild(child.id), child);
}

TEST_P(ConformanceTest, OpenCaseActAndReadHistory) {
  Child child = Register("Siti", "15.71.01.1001", "1571014505150001");
  Case c = Open(child);
  EXPECT_EQ(c.version, 1);
  c = Do(c, cmd::RecordContact{"home visit"});
  c = Do(c, Consent(child));
  c = Do(c, cmd::StartAssessment{});
  EXPECT_EQ(c.version, 4);
  EXPECT_EQ(c.stage, Stage::kAssessment);
  Reopen();
  auto stored = internal::Trusted(book_).GetCase(c.id);
  ASSERT_TRUE(stored.ok()) << stored.status().ToString();
  EXPECT_EQ(*stored, c);

  auto history = internal::Trusted(book_).History(c.id);
  ASSERT_TRUE(history.ok()) << history.status().ToString();
  ASSERT_EQ(history->size(), 4u);
  const char* actions[] = {"open_case", "record_contact", "record_consent", "start_assessment"};
  for (std::size_t i = 0; i < history->size(); ++i) {
    const Event& e = (*history)[i];
    EXPECT_EQ(e.seq, static_cast<std::int64_t>(i + 1));
    EXPECT_EQ(e.action, actions[i]);
    EXPECT_EQ(e.chain_id, c.id);
    EXPECT_EQ(e.kind, ChainKind::kCase);
    if (i > 0) {
      EXPECT_EQ(e.prev_hash, (*history)[i - 1].hash);
    }
  }
  EXPECT_EQ((*history)[3].changes["stage"]["before"], "intake");
  EXPECT_EQ((*history)[3].changes["stage"]["after"], "assessment");
  EXPECT_EQ((*history)[3].at, StartTime().PlusMillis(3000));

  // The child's timeline: its own event, then its case's, by time.
  auto timeline = internal::Trusted(book_).ChildTimeline(child.id);
  ASSERT_TRUE(timeline.ok()) << timeline.status().ToString();
  ASSERT_EQ(timeline->size(), 5u);
  EXPECT_EQ((*timeline)[0].action, "register_child");
  EXPECT_EQ((*timeline)[4].action, "start_assessment");

  auto verify = internal::Trusted(book_).Verify();
  ASSERT_TRUE(verify.ok()) << verify.status().ToString();
  EXPECT_TRUE(verify->ok);
  EXPECT_EQ(verify->events_checked, 5);
  EXPECT_EQ(verify->chains_checked, 2);
}

// peers.md §4 item 1: optimistic versions, no last-write-wins, also between
// two offices holding their own connection to the store.
TEST_P(ConformanceTest, StaleVersionIsAConflictAcrossTwoConnections) {
  Child child = Register("Citra", "15.71.01.1001");
  Case c = Open(child);
  OpenOptions o;
  o.path = path_;
  o.id_seed = 7;
  auto second_book = Casebook::Open(o, clock_);
  ASSERT_TRUE(second_book.ok()) << second_book.status().ToString();
  auto first = book_->Act(c.id, 1, cmd::RecordContact{"first"}, Worker("worker-a"));
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  auto second = (*second_book)->Act(c.id, 1, cmd::AssignWorker{"worker-b"}, Worker("worker-b"));
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), StatusCode::kConflict);
  auto history = internal::Trusted(*second_book).History(c.id);
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->size(), 2u);  // nothing of the refused write
  EXPECT_EQ((*history)[1].actor.person_id, "worker-a");
  EXPECT_EQ(internal::Trusted(*second_book).GetCase(c.id)->assigned_worker_id, "worker-1");
  ExpectVerified();
}

// SDOHCC Task: send (route), accept by the receiver, expiry after the
// response deadline with the next candidate asked (referral.h).
TEST_P(ConformanceTest, ReferralSendAcceptExpire) {
  Case c = SeedCase(/*referral_consent=*/true, RiskLevel::kHigh);
  RouteResult r = MustRoute(c);
  ASSERT_EQ(r.created.size(), 5u);
  Referral lead = *To(r.created, kCentre);
  EXPECT_EQ(lead.status, ReferralStatus::kRequested);
  auto inbox = internal::Trusted(book_).Inbox(kCentre);
  ASSERT_TRUE(inbox.ok()) << inbox.status().ToString();
  ASSERT_EQ(inbox->items.size(), 1u);
  EXPECT_EQ(inbox->items[0].id, lead.id);
  auto outbox = internal::Trusted(book_).Outbox(kProvince);
  ASSERT_TRUE(outbox.ok()) << outbox.status().ToString();
  EXPECT_EQ(outbox->items.size(), 5u);

  // The Dukcapil referral is accepted within its deadline.
  Referral dukcapil = *To(r.created, kDukcapil);
  clock_.AdvanceMillis(3'600'000);
  dukcapil = Act(dukcapil, ReferralEventKind::kAccept, ActorOf(kDukcapil));
  EXPECT_EQ(dukcapil.status, ReferralStatus::kAccepted);
  auto stale =
      book_->ActOnReferral(dukcapil.id, ReferralVersion(dukcapil) - 1,
                           ReferralEvent{ReferralEventKind::kStart, {}, {}}, ActorOf(kDukcapil));
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.status().code(), StatusCode::kConflict);

  // The lead is not answered: it expires after its 24 h deadline.
  clock_.Set(lead.response_due_at->PlusMillis(1));
  auto expired = internal::Trusted(book_).ExpireReferrals();
  ASSERT_TRUE(expired.ok()) << expired.status().ToString();
  EXPECT_EQ(expired->size(), 3u);  // lead + two open co-facilitators
  ASSERT_NE(To(*expired, kCentre), nullptr);
  EXPECT_TRUE(To(*expired, kCentre)->expired());
  auto refs = internal::Trusted(book_).ReferralsOfCase(c.id);
  ASSERT_TRUE(refs.ok());
  const Referral* next = nullptr;
  for (const Referral& x : *refs) {
    if (x.role == InvolvementRole::kLead && x.open()) next = &x;
  }
  ASSERT_NE(next, nullptr);
  EXPECT_EQ(next->to_agency, kRegency);
  EXPECT_THAT(Actions(c.id), Contains("referral.expire"));
  EXPECT_THAT(Actions(c.id), Contains("referral.accept"));
  ExpectVerified();
}

// Primero accept!: ownership changes only on acceptance; both ends recorded.
TEST_P(ConformanceTest, TransferChangesOwnerOnAcceptance) {
  Child child = Register("Anak Pindah", "15.03.01.2001");
  OpenCaseRequest req = Request();
  req.lead_agency_id = kRegency;
  Case c = Open(child, req);
  auto t =
      book_->ProposeTransfer(c.id, "dinsos.17.71", "family moved", ActorOf(kRegency), R("17.71"));
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->status, TransferStatus::kProposed);
  EXPECT_EQ(internal::Trusted(book_).GetCase(c.id)->lead_agency_id, kRegency);
  auto accepted = book_->ActOnTransfer(t->id, TransferVersion(*t), TransferEventKind::kAccept, "",
                                       ActorOf("dinsos.17.71"));
  ASSERT_TRUE(accepted.ok()) << accepted.status().ToString();
  EXPECT_EQ(accepted->status, TransferStatus::kAccepted);
  auto stale = book_->ActOnTransfer(t->id, TransferVersion(*t), TransferEventKind::kAccept, "",
                                    ActorOf("dinsos.17.71"));
  EXPECT_EQ(stale.status().code(), StatusCode::kConflict);
  EXPECT_EQ(internal::Trusted(book_).GetCase(c.id)->lead_agency_id, "dinsos.17.71");
  auto transfers = internal::Trusted(book_).TransfersOfCase(c.id);
  ASSERT_TRUE(transfers.ok());
  ASSERT_EQ(transfers->size(), 1u);
  EXPECT_EQ(internal::Trusted(book_).GetTransfer(t->id)->status, TransferStatus::kAccepted);
  EXPECT_EQ(TransferVersion(*internal::Trusted(book_).GetTransfer(t->id)),
            TransferVersion(*accepted));
  EXPECT_THAT(Actions(c.id), Contains("transfer.accept"));
  ExpectVerified();
}

// Caseload by region subtree (Permendagri 137/2017 codes), filters and
// keyset pages; a domicile change moves the case (on PostgreSQL: to another
// province partition).
TEST_P(ConformanceTest, CaseloadByRegionFiltersAndPages) {
  Case a = Open(Register("A", "15.71.01.1001"),
                Request(RiskLevel::kMedium, AmpkSet{AmpkCategory::kAbh}));
  Case b = Open(Register("B", "15.71.01.1002"), Request(RiskLevel::kHigh));
  Case k = Open(Register("D", "15.01.01.1004"), Request(RiskLevel::kMedium));
  Child moving = Register("E", "31.71.01.1001");
  Case j = Open(moving, Request(RiskLevel::kMedium, AmpkSet{AmpkCategory::kAbh}));
  Case u = Open(Register("F", ""), Request(RiskLevel::kMedium));

  auto ids = [&](CaseloadQuery q) {
    std::set<std::string> out;
    q.page_size = 1000;
    auto page = internal::Trusted(book_).Caseload(q);
    EXPECT_TRUE(page.ok()) << page.status().ToString();
    if (page.ok()) {
      for (const CaseSummary& s : page->items) out.insert(s.case_id);
    }
    return out;
  };
  CaseloadQuery q;
  q.within = R("15");
  EXPECT_EQ(ids(q), (std::set<std::string>{a.id, b.id, k.id}));
  q.within = R("15.71");
  EXPECT_EQ(ids(q), (std::set<std::string>{a.id, b.id}));
  q.risk = RiskLevel::kHigh;
  EXPECT_EQ(ids(q), (std::set<std::string>{b.id}));
  CaseloadQuery abh;
  abh.category = AmpkCategory::kAbh;
  EXPECT_EQ(ids(abh), (std::set<std::string>{a.id, j.id}));
  EXPECT_EQ(ids(CaseloadQuery{}).size(), 5u);

  // Pages of two, in (region, id) order, covering everything once.
  CaseloadQuery paged;
  paged.page_size = 2;
  std::vector<std::string> seen;
  for (int i = 0; i < 5; ++i) {
    auto page = internal::Trusted(book_).Caseload(paged);
    ASSERT_TRUE(page.ok()) << page.status().ToString();
    for (const CaseSummary& s : page->items) seen.push_back(s.case_id);
    if (page->next_cursor.empty()) break;
    paged.cursor = page->next_cursor;
  }
  ASSERT_EQ(seen.size(), 5u);
  EXPECT_EQ(seen[0], u.id);  // unknown region (0) first
  paged.cursor = "garbage";
  EXPECT_EQ(internal::Trusted(book_).Caseload(paged).status().reason(), "store.cursor");

  // The child moves from DKI Jakarta (31) to Jambi (15).
  moving.domicile_region = "15.71.02.1002";
  auto updated = book_->UpdateChild(moving, Worker(), "moved");
  ASSERT_TRUE(updated.ok()) << updated.status().ToString();
  q = CaseloadQuery{};
  q.within = R("15.71");
  EXPECT_EQ(ids(q), (std::set<std::string>{a.id, b.id, j.id}));
  q.within = R("31");
  EXPECT_TRUE(ids(q).empty());
  EXPECT_EQ(internal::Trusted(book_).GetCase(j.id)->id, j.id);
  ExpectVerified();
}

// DeadlinePolicy defaults: first contact 24 h / 3 d for high / medium risk.
TEST_P(ConformanceTest, DueListByDeadline) {
  const Instant t0 = clock_.Now();
  Case high = Open(Register("H", "15.71.01.1001"), Request(RiskLevel::kHigh));
  Case medium = Open(Register("M", "15.01.01.1004"), Request(RiskLevel::kMedium));
  const Instant now = t0.PlusDays(2);
  auto overdue = internal::Trusted(book_).Due(now, Duration{0});
  ASSERT_TRUE(overdue.ok()) << overdue.status().ToString();
  ASSERT_EQ(overdue->size(), 1u);
  EXPECT_EQ((*overdue)[0].case_id, high.id);
  EXPECT_EQ((*overdue)[0].item.step, DeadlineStep::kFirstContact);
  EXPECT_TRUE((*overdue)[0].item.overdue);
  EXPECT_EQ((*overdue)[0].item.due_at, t0.PlusHours(24));
  auto in_kerinci = internal::Trusted(book_).Due(now, Duration::Days(2), R("15.01"));
  ASSERT_TRUE(in_kerinci.ok()) << in_kerinci.status().ToString();
  ASSERT_EQ(in_kerinci->size(), 1u);
  EXPECT_EQ((*in_kerinci)[0].case_id, medium.id);
  clock_.Set(now);
  Do(high, cmd::RecordContact{"visit"});
  overdue = internal::Trusted(book_).Due(now.PlusMillis(1000), Duration{0});
  ASSERT_TRUE(overdue.ok());
  EXPECT_TRUE(overdue->empty());
}

// UU 27/2022: reports carry aggregates only; the same small dataset gives
// the same numbers on every backend.
TEST_P(ConformanceTest, ProvinceReportAggregates) {
  Case seed = SeedCase();
  RouteResult routed = MustRoute(seed);
  OpenCaseRequest street = Request();
  street.ppks_types = {ChildPpksType::kAnakJalanan};
  Case closed = Open(Register("Anak Kota", "15.71.01.1001"), street);
  Do(closed, cmd::Close{ClosureReason::kNotEligible, "bukan sasaran"});
  Register("Anak Tanpa Kasus", "15.71.01.1001");
  Open(Register("Anak Riau", "14.71"));
  Referral lead = *To(routed.created, kCentre);
  clock_.Set(lead.requested_at->PlusHours(5));
  Act(lead, ReferralEventKind::kAccept, ActorOf(kCentre));

  const Instant now = clock_.Now().PlusDays(30);
  auto report = internal::Trusted(book_).ProvinceReportFor(R("15"), now, 2);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->children, 3u);
  EXPECT_EQ(report->cases_total, 2u);
  EXPECT_EQ(report->cases_open, 1u);
  EXPECT_EQ(report->caseload.size(), 2u);
  EXPECT_EQ(report->categories.size(), 2u);
  EXPECT_EQ(report->referrals.size(), 5u);
  bool centre_seen = false;
  for (const AgencyReferralStats& s : report->referrals) {
    if (s.agency_id != kCentre) continue;
    centre_seen = true;
    EXPECT_EQ(s.accepted, 1u);
    ASSERT_TRUE(s.median_response_hours.has_value());
    EXPECT_DOUBLE_EQ(*s.median_response_hours, 5.0);
  }
  EXPECT_TRUE(centre_seen);
  ASSERT_EQ(report->trend.size(), 2u);
  EXPECT_EQ(report->trend[0].month, "2026-11");
  EXPECT_EQ(report->trend[0].opened, 2u);
  EXPECT_EQ(report->trend[0].closed, 1u);
  EXPECT_EQ(report->trend[0].open_at_end, 1u);
  EXPECT_EQ(report->trend[1].month, "2026-12");  // `now` is 30 days on
  EXPECT_EQ(report->trend[1].opened, 0u);
  EXPECT_EQ(report->trend[1].open_at_end, 1u);
  auto riau = internal::Trusted(book_).ProvinceReportFor(R("14"), now, 1);
  ASSERT_TRUE(riau.ok());
  EXPECT_EQ(riau->cases_total, 1u);
}

// The audit trail is tamper-evident: a record edited behind the library's
// back is named by Verify, and the event log refuses to be rewritten.
TEST_P(ConformanceTest, VerifyDetectsTamperingAndEventsAreAppendOnly) {
  Child child = Register("Ani", "15.71.01.1001");
  Case c = Open(child);
  c = Do(c, cmd::RecordContact{"visit"});
  ASSERT_TRUE(book_->Checkpoint().ok());
  ExpectVerified();
  EXPECT_FALSE(TryRewriteEvent(c.id));
  ExpectVerified();
  TamperCaseDoc(c.id);
  auto v = internal::Trusted(book_).Verify();
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_FALSE(v->ok);
  ASSERT_TRUE(v->first_broken.has_value());
  EXPECT_EQ(v->first_broken->reason, "record.state_mismatch");
  EXPECT_EQ(v->first_broken->chain_id, c.id);
  EXPECT_EQ(v->checkpoints_checked, 1);
}

// Casebook::Batch: all or nothing; a failed operation inside undoes only its
// own writes. RegisterChild runs under CaseStore::BeginCheckedWrite: a
// savepoint on PostgreSQL; none on SQLite, where its refusals come before its
// first write (tests/store/checked_write_test.cpp has the partial-write case).
TEST_P(ConformanceTest, BatchIsAllOrNothing) {
  Child kept;
  Status s = book_->Batch([&]() -> Status {
    auto a = book_->RegisterChild(MakeChild("A", "15.71.01.1001", "1571014505150002"), Worker());
    if (!a.ok()) return a.status();
    kept = *a;
    auto dup = book_->RegisterChild(MakeChild("B", "15.71.01.1001", "1571014505150002"), Worker());
    EXPECT_FALSE(dup.ok());  // refused; the batch goes on
    auto b = book_->RegisterChild(MakeChild("C", "15.71.01.1001"), Worker());
    return b.status();
  });
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_TRUE(internal::Trusted(book_).GetChild(kept.id).ok());
  Child lost;
  s = book_->Batch([&]() -> Status {
    auto a = book_->RegisterChild(MakeChild("D", "15.71.01.1001"), Worker());
    if (a.ok()) lost = *a;
    return Conflict("test.abort", "", "abort the batch");
  });
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(internal::Trusted(book_).GetChild(lost.id).status().reason(), "store.child_not_found");
  ExpectVerified();
}

INSTANTIATE_TEST_SUITE_P(Backends, ConformanceTest, ::testing::Values("sqlite", "pg"), BackendName);

}  // namespace
}  // namespace atensi::testing
