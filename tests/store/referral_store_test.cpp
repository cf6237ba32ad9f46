// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Routing and the closed-loop referral handshake through the Casebook: one
// transaction per operation, events in the case's chain, Verify covering the
// referral rows. Referral semantics: FHIR Task statuses as profiled by the
// SDOH Clinical Care IG (shared/domain/peers.md §3.5); consent: UU 27/2022
// arts 22 and 25; routing: [S6] (the Jambi ATENSI audience, 1 Sep 2020).

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "atensi/lifecycle/transition.h"
#include "atensi/routing/routing_json.h"
#include "routing_fixture.h"
#include "store/trusted_reads.h"

namespace atensi::testing {
namespace {

using ::testing::Contains;

// [S6] Arif Munandar: a child case not handled through PKH goes to the
// centre; Dukcapil row of atensi.md §8 (no akta); [S6] disability assistant;
// [S6] Imron Rosadi: the PKH facilitator co-facilitates; Azhari: the PKH
// regional coordinator is informed.
TEST_F(RoutingTest, SeedScenarioRoutesToTheCentreWithCoFacilitators) {
  Case c = SeedCase();
  const Instant now = clock_.Now();
  RouteResult r = MustRoute(c);

  EXPECT_EQ(r.decision.lead().agency_id, kCentre);
  EXPECT_EQ(r.case_after.lead_agency_id, kCentre);
  EXPECT_EQ(r.case_after.version, c.version + 1);  // one SetLeadAgency
  ASSERT_EQ(r.created.size(), 5u);
  EXPECT_TRUE(r.existing.empty());

  const Referral* lead = To(r.created, kCentre);
  ASSERT_NE(lead, nullptr);
  EXPECT_EQ(lead->role, InvolvementRole::kLead);
  EXPECT_EQ(lead->status, ReferralStatus::kRequested);
  EXPECT_EQ(lead->from_agency, kProvince);
  ASSERT_TRUE(lead->response_due_at.has_value());
  EXPECT_EQ(*lead->response_due_at, now.PlusHours(72));  // medium risk: 3 x 24 h
  for (const char* co : {kDukcapil, kDisability, kPkh}) {
    const Referral* ref = To(r.created, co);
    ASSERT_NE(ref, nullptr) << co;
    EXPECT_EQ(ref->role, InvolvementRole::kCoFacilitator) << co;
    EXPECT_EQ(ref->status, ReferralStatus::kRequested) << co;
    EXPECT_TRUE(ref->response_due_at.has_value()) << co;
  }
  const Referral* informed = To(r.created, kKorwil);
  ASSERT_NE(informed, nullptr);
  EXPECT_EQ(informed->role, InvolvementRole::kInformed);
  EXPECT_EQ(informed->status, ReferralStatus::kRequested);
  EXPECT_FALSE(informed->response_due_at.has_value());  // told, not asked: never expires

  // Everything is in the case's chain, in one transaction's order.
  std::vector<std::string> actions = Actions(c.id);
  EXPECT_THAT(actions, Contains("set_lead_agency"));
  EXPECT_THAT(actions, Contains("routing.route"));
  EXPECT_EQ(std::count(actions.begin(), actions.end(), "referral.create"), 5);
  auto stored = internal::Trusted(book_).RoutingOf(c.id);
  ASSERT_TRUE(stored.ok());
  ASSERT_TRUE(stored->has_value());
  EXPECT_EQ((*stored)->lead().agency_id, kCentre);
  auto got = internal::Trusted(book_).GetCase(c.id);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->lead_agency_id, kCentre);
  ExpectVerified();
}

TEST_F(RoutingTest, RoutingTwiceCreatesNothingNew) {
  Case c = SeedCase();
  RouteResult first = MustRoute(c);
  const std::size_t events = Actions(c.id).size();
  clock_.AdvanceMillis(60'000);
  RouteResult again = MustRoute(c);
  EXPECT_TRUE(again.created.empty());
  EXPECT_EQ(again.existing.size(), first.created.size());
  EXPECT_EQ(Actions(c.id).size(), events);  // same decision, same referrals: nothing written
  auto refs = internal::Trusted(book_).ReferralsOfCase(c.id);
  ASSERT_TRUE(refs.ok());
  EXPECT_EQ(refs->size(), 5u);
}

// SDOHCC Task: the responder sets accepted/in-progress/on-hold/completed; the
// requester may not; a third agency may not act at all.
TEST_F(RoutingTest, OnlyTheRightPartySetsEachStatus) {
  Case c = SeedCase();
  RouteResult r = MustRoute(c);
  Referral lead = *To(r.created, kCentre);

  auto by_requester =
      book_->ActOnReferral(lead.id, ReferralVersion(lead),
                           ReferralEvent{ReferralEventKind::kAccept, {}, {}}, Screener());
  ASSERT_FALSE(by_requester.ok());
  EXPECT_EQ(by_requester.status().reason(), "referral.wrong_party");
  auto by_stranger = book_->ActOnReferral(lead.id, ReferralVersion(lead),
                                          ReferralEvent{ReferralEventKind::kAccept, {}, {}},
                                          ActorOf("dinsos.15.71"));
  ASSERT_FALSE(by_stranger.ok());
  // Kota Jambi has no reach on a Sarolangun case: the core refuses before the
  // handshake, as not found (docs/access-control.md, Primero #7645).
  EXPECT_EQ(by_stranger.status().reason(), "access.not_found");

  clock_.AdvanceMillis(3'600'000);
  lead = Act(lead, ReferralEventKind::kAccept, ActorOf(kCentre));
  EXPECT_EQ(lead.status, ReferralStatus::kAccepted);
  ASSERT_TRUE(lead.responded_at.has_value());
  lead = Act(lead, ReferralEventKind::kStart, ActorOf(kCentre));
  lead = Act(lead, ReferralEventKind::kHold, ActorOf(kCentre), "waiting for the family");
  EXPECT_EQ(lead.status, ReferralStatus::kOnHold);
  lead = Act(lead, ReferralEventKind::kResume, ActorOf(kCentre));
  EXPECT_EQ(lead.status, ReferralStatus::kInProgress);

  // The requester withdraws a co-facilitator request that is still open.
  Referral pkh = *To(r.created, kPkh);
  auto no_reason = book_->ActOnReferral(
      pkh.id, ReferralVersion(pkh), ReferralEvent{ReferralEventKind::kCancel, {}, {}}, Screener());
  ASSERT_FALSE(no_reason.ok());
  EXPECT_EQ(no_reason.status().reason(), "referral.reason_required");
  pkh = Act(pkh, ReferralEventKind::kCancel, Screener(), "handled by the centre alone");
  EXPECT_EQ(pkh.status, ReferralStatus::kCancelled);

  auto stored = internal::Trusted(book_).GetReferral(lead.id);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->status, ReferralStatus::kInProgress);
  EXPECT_EQ(ReferralVersion(*stored), ReferralVersion(lead));
  EXPECT_THAT(Actions(c.id), Contains("referral.accept"));
  ExpectVerified();
}

// peers.md §4 item 1: optimistic versions, no last-write-wins.
TEST_F(RoutingTest, StaleReferralVersionIsAConflict) {
  Case c = SeedCase();
  Referral lead = *To(MustRoute(c).created, kCentre);
  Referral accepted = Act(lead, ReferralEventKind::kAccept, ActorOf(kCentre));
  const std::size_t events = Actions(c.id).size();
  auto stale =
      book_->ActOnReferral(lead.id, ReferralVersion(lead),
                           ReferralEvent{ReferralEventKind::kStart, {}, {}}, ActorOf(kCentre));
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.status().code(), StatusCode::kConflict);
  EXPECT_EQ(stale.status().reason(), "store.version_conflict");
  EXPECT_EQ(Actions(c.id).size(), events);
  auto now = internal::Trusted(book_).GetReferral(lead.id);
  ASSERT_TRUE(now.ok());
  EXPECT_EQ(now->status, accepted.status);
}

// The audit record of every status change (UU 27/2022 art 32 processing
// log; peers.md §4 item 1) names exactly the fields that changed: the SQLite
// store's change set, written as text without a DOM (casebook_referrals.cpp,
// SubjectChangesText), equals DiffTopLevel of the two referral documents plus
// the referral_id key, through fields that appear (responded_at,
// status_reason) and change back.
TEST_F(RoutingTest, ReferralEventChangesAreTheDiffOfTheDocuments) {
  Case c = SeedCase();
  Referral lead = *To(MustRoute(c).created, kCentre);
  struct Step {
    ReferralEventKind kind;
    std::string reason;
  };
  const std::vector<Step> steps = {{ReferralEventKind::kAccept, ""},
                                   {ReferralEventKind::kStart, ""},
                                   {ReferralEventKind::kHold, "waiting for the family"},
                                   {ReferralEventKind::kResume, ""}};
  for (const Step& step : steps) {
    clock_.AdvanceMillis(60'000);
    Referral next = Act(lead, step.kind, ActorOf(kCentre), step.reason);
    ASSERT_EQ(ReferralVersion(next), ReferralVersion(lead) + 1);
    auto h = internal::Trusted(book_).History(c.id);
    ASSERT_TRUE(h.ok()) << h.status().ToString();
    ASSERT_FALSE(h->empty());
    const Event& e = h->back();
    nlohmann::json expected = DiffTopLevel(ToJson(lead), ToJson(next));
    ASSERT_FALSE(expected.empty());
    expected["referral_id"] = {{"before", lead.id}, {"after", lead.id}};
    EXPECT_EQ(e.changes, expected) << e.action;
    EXPECT_EQ(e.changes.dump(), expected.dump()) << e.action;
    lead = next;
  }
  ExpectVerified();
}

// referral.h: rejection needs a reason and sends the case to the next
// candidate (the regency social service, UU 23/2014 annex F).
TEST_F(RoutingTest, RejectionFallsThroughToTheNextCandidate) {
  Case c = SeedCase();
  Referral lead = *To(MustRoute(c).created, kCentre);
  auto bare =
      book_->ActOnReferral(lead.id, ReferralVersion(lead),
                           ReferralEvent{ReferralEventKind::kReject, {}, {}}, ActorOf(kCentre));
  ASSERT_FALSE(bare.ok());
  EXPECT_EQ(bare.status().reason(), "referral.reason_required");

  clock_.AdvanceMillis(5 * 3'600'000);
  Referral rejected = Act(lead, ReferralEventKind::kReject, ActorOf(kCentre), "no capacity");
  EXPECT_EQ(rejected.status, ReferralStatus::kRejected);
  EXPECT_EQ(rejected.rejection_reason, "no capacity");

  auto refs = internal::Trusted(book_).ReferralsOfCase(c.id);
  ASSERT_TRUE(refs.ok());
  const Referral* next = nullptr;
  for (const Referral& r : *refs) {
    if (r.role == InvolvementRole::kLead && r.open()) next = &r;
  }
  ASSERT_NE(next, nullptr);
  EXPECT_EQ(next->to_agency, kRegency);
  EXPECT_EQ(next->from_agency, kProvince);  // sent on the requester's behalf
  EXPECT_EQ(next->status, ReferralStatus::kRequested);
  auto got = internal::Trusted(book_).GetCase(c.id);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->lead_agency_id, kRegency);

  // When the last candidate rejects too, nothing more is sent.
  Act(*next, ReferralEventKind::kReject, ActorOf(kRegency), "not our case");
  auto after = internal::Trusted(book_).ReferralsOfCase(c.id);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(
      std::count_if(after->begin(), after->end(),
                    [](const Referral& r) { return r.role == InvolvementRole::kLead && r.open(); }),
      0);
  EXPECT_EQ(after->size(), refs->size());
  ExpectVerified();
}

// referral.h: the deadline is inclusive; after it the referral expires
// (cancelled / "expired") and the case goes to the next candidate.
TEST_F(RoutingTest, ReferralsExpireAfterTheirDeadline) {
  Case c = SeedCase(/*referral_consent=*/true, RiskLevel::kHigh);
  RouteResult r = MustRoute(c);
  Referral lead = *To(r.created, kCentre);
  ASSERT_TRUE(lead.response_due_at.has_value());
  EXPECT_EQ(*lead.response_due_at, lead.requested_at->PlusHours(24));  // high risk: 24 h

  clock_.Set(*lead.response_due_at);
  auto none = internal::Trusted(book_).ExpireReferrals();
  ASSERT_TRUE(none.ok()) << none.status().ToString();
  EXPECT_TRUE(none->empty());

  clock_.Set(lead.response_due_at->PlusMillis(1));
  auto late =
      book_->ActOnReferral(lead.id, ReferralVersion(lead),
                           ReferralEvent{ReferralEventKind::kAccept, {}, {}}, ActorOf(kCentre));
  ASSERT_FALSE(late.ok());
  EXPECT_EQ(late.status().reason(), "referral.expired");

  auto expired = internal::Trusted(book_).ExpireReferrals();
  ASSERT_TRUE(expired.ok()) << expired.status().ToString();
  // The lead and the three co-facilitators had deadlines; the informed party had none.
  EXPECT_EQ(expired->size(), 4u);
  EXPECT_TRUE(To(*expired, kCentre)->expired());
  EXPECT_EQ(To(*expired, kKorwil), nullptr);

  auto refs = internal::Trusted(book_).ReferralsOfCase(c.id);
  ASSERT_TRUE(refs.ok());
  const Referral* next = nullptr;
  for (const Referral& x : *refs) {
    if (x.role == InvolvementRole::kLead && x.open()) next = &x;
  }
  ASSERT_NE(next, nullptr);
  EXPECT_EQ(next->to_agency, kRegency);
  // Nothing left to expire until the new deadline.
  auto again = internal::Trusted(book_).ExpireReferrals();
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->empty());
  EXPECT_THAT(Actions(c.id), Contains("referral.expire"));
  ExpectVerified();
}

// Closed-loop referral: completion records the outcome and closes the plan
// item it served (lifecycle RecordService; PP 39/2012 art 7(2)d).
TEST_F(RoutingTest, CompletionClosesThePlanItem) {
  Case c = SeedCase();
  MustRoute(c);
  c = *internal::Trusted(book_).GetCase(c.id);
  c = Do(c, cmd::StartAssessment{}, Screener());
  c = Do(c, cmd::CompleteAssessment{"asesmen selesai"}, Screener());
  cmd::ProposePlan plan;
  PlanItem item;
  item.component = AtensiComponent::kDukunganKeluarga;
  item.base = ServiceBase::kKeluarga;
  item.description = "akta kelahiran";
  item.provider_agency_id = kDukcapil;
  plan.items.push_back(item);
  c = Do(c, plan, Screener());
  ASSERT_TRUE(c.plan.has_value());
  const std::string item_id = c.plan->items.at(0).id;
  c = Do(c, cmd::ApprovePlan{c.plan->id}, ActorOf(kProvince, "supervisor-1", Role::kSupervisor));
  c = Do(c, cmd::StartIntervention{}, Screener());
  ASSERT_EQ(c.stage, Stage::kIntervention);

  auto refs = internal::Trusted(book_).ReferralsOfCase(c.id);
  ASSERT_TRUE(refs.ok());
  Referral dukcapil = *To(*refs, kDukcapil);
  dukcapil = Act(dukcapil, ReferralEventKind::kAccept, ActorOf(kDukcapil));
  dukcapil = Act(dukcapil, ReferralEventKind::kStart, ActorOf(kDukcapil));
  auto no_outcome =
      book_->ActOnReferral(dukcapil.id, ReferralVersion(dukcapil),
                           ReferralEvent{ReferralEventKind::kComplete, {}, {}}, ActorOf(kDukcapil));
  ASSERT_FALSE(no_outcome.ok());
  EXPECT_EQ(no_outcome.status().reason(), "referral.outcome_required");
  dukcapil = Act(dukcapil, ReferralEventKind::kComplete, ActorOf(kDukcapil), "", "akta issued");
  EXPECT_EQ(dukcapil.status, ReferralStatus::kCompleted);
  EXPECT_EQ(dukcapil.outcome, "akta issued");
  EXPECT_EQ(dukcapil.plan_item_id, item_id);

  auto after = internal::Trusted(book_).GetCase(c.id);
  ASSERT_TRUE(after.ok());
  ASSERT_EQ(after->services.size(), 1u);
  EXPECT_EQ(after->services[0].plan_item_id, item_id);
  EXPECT_THAT(Actions(c.id), Contains("record_service"));
  ExpectVerified();
}

// Outside intervention/reintegration the lifecycle refuses RecordService: the
// outcome stays on the referral and the case is untouched.
TEST_F(RoutingTest, CompletionBeforeInterventionKeepsTheOutcomeOnTheReferral) {
  Case c = SeedCase();
  Referral pkh = *To(MustRoute(c).created, kPkh);
  const std::int64_t version = internal::Trusted(book_).GetCase(c.id)->version;
  pkh = Act(pkh, ReferralEventKind::kAccept, ActorOf(kPkh));
  pkh = Act(pkh, ReferralEventKind::kComplete, ActorOf(kPkh), "", "not_handled");
  EXPECT_EQ(pkh.status, ReferralStatus::kCompleted);
  EXPECT_EQ(internal::Trusted(book_).GetCase(c.id)->version, version);
}

// UU 27/2022 arts 22 and 25: without consent for referral sharing nothing is
// sent; the referrals wait as drafts and are checked again on submit.
TEST_F(RoutingTest, ConsentLimitsSharing) {
  Case c = SeedCase(/*referral_consent=*/false);
  RouteResult r = MustRoute(c);
  ASSERT_EQ(r.created.size(), 5u);
  for (const Referral& ref : r.created) {
    EXPECT_EQ(ref.status, ReferralStatus::kDraft) << ref.to_agency;
    EXPECT_EQ(ref.status_reason, "referral.consent_purpose") << ref.to_agency;
  }
  auto inbox = internal::Trusted(book_).Inbox(kCentre);
  ASSERT_TRUE(inbox.ok());
  EXPECT_TRUE(inbox->items.empty());  // a draft was never sent

  Referral lead = *To(r.created, kCentre);
  auto refused =
      book_->ActOnReferral(lead.id, ReferralVersion(lead),
                           ReferralEvent{ReferralEventKind::kSubmit, {}, {}}, Screener());
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(refused.status().reason(), "referral.consent_purpose");

  Case now = *internal::Trusted(book_).GetCase(c.id);
  cmd::RecordConsent consent = Consent(child_);
  consent.purposes = {ConsentPurpose::kReferralSharing};
  Do(now, consent, Screener());
  lead = Act(lead, ReferralEventKind::kSubmit, Screener());
  EXPECT_EQ(lead.status, ReferralStatus::kRequested);
  EXPECT_TRUE(lead.status_reason.empty());
  inbox = internal::Trusted(book_).Inbox(kCentre);
  ASSERT_TRUE(inbox.ok());
  ASSERT_EQ(inbox->items.size(), 1u);
  EXPECT_EQ(inbox->items[0].id, lead.id);
  ExpectVerified();
}

TEST_F(RoutingTest, InboxAndOutboxPerAgency) {
  Case c = SeedCase();
  RouteResult r = MustRoute(c);
  auto inbox = internal::Trusted(book_).Inbox(kCentre);
  ASSERT_TRUE(inbox.ok());
  ASSERT_EQ(inbox->items.size(), 1u);
  EXPECT_EQ(inbox->items[0].to_agency, kCentre);
  EXPECT_TRUE(inbox->next_cursor.empty());

  // The outbox pages by deadline (none last), then id.
  ReferralQuery q;
  q.page_size = 2;
  std::vector<Referral> all;
  while (true) {
    auto page = internal::Trusted(book_).Outbox(kProvince, q);
    ASSERT_TRUE(page.ok()) << page.status().ToString();
    for (const Referral& x : page->items) all.push_back(x);
    if (page->next_cursor.empty()) break;
    q.cursor = page->next_cursor;
  }
  ASSERT_EQ(all.size(), 5u);
  EXPECT_EQ(all.back().to_agency, kKorwil);  // no deadline: last

  Referral lead = *To(r.created, kCentre);
  Act(lead, ReferralEventKind::kReject, ActorOf(kCentre), "full");
  ReferralQuery rejected;
  rejected.status = ReferralStatus::kRejected;
  auto centre_rejected = internal::Trusted(book_).Inbox(kCentre, rejected);
  ASSERT_TRUE(centre_rejected.ok());
  ASSERT_EQ(centre_rejected->items.size(), 1u);
  auto centre_open = internal::Trusted(book_).Inbox(kCentre);
  ASSERT_TRUE(centre_open.ok());
  EXPECT_TRUE(centre_open->items.empty());
  auto regency = internal::Trusted(book_).Inbox(kRegency);
  ASSERT_TRUE(regency.ok());
  ASSERT_EQ(regency->items.size(), 1u);  // the fall-through lead referral
  ReferralQuery bad;
  bad.page_size = 0;
  EXPECT_EQ(internal::Trusted(book_).Inbox(kCentre, bad).status().reason(), "store.page_size");
}

TEST_F(RoutingTest, VerifyCatchesAnEditedReferralRow) {
  Case c = SeedCase();
  Referral lead = *To(MustRoute(c).created, kCentre);
  Act(lead, ReferralEventKind::kAccept, ActorOf(kCentre));
  ExpectVerified();
  book_.reset();
  Sql("UPDATE referrals SET doc = replace(doc, '\"accepted\"', '\"completed\"') WHERE id = '" +
      lead.id + "';");
  Reopen();
  auto v = internal::Trusted(book_).Verify();
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  ASSERT_FALSE(v->ok);
  ASSERT_TRUE(v->first_broken.has_value());
  EXPECT_EQ(v->first_broken->where, BrokenLink::Where::kRecord);
  EXPECT_EQ(v->first_broken->chain_id, lead.id);
  EXPECT_EQ(v->first_broken->reason, "record.state_mismatch");
}

TEST_F(RoutingTest, VerifyCatchesADeletedReferralRow) {
  Case c = SeedCase();
  Referral pkh = *To(MustRoute(c).created, kPkh);
  book_.reset();
  Sql("DELETE FROM referrals WHERE id = '" + pkh.id + "';");
  Reopen();
  auto v = internal::Trusted(book_).Verify();
  ASSERT_TRUE(v.ok());
  ASSERT_FALSE(v->ok);
  EXPECT_EQ(v->first_broken->chain_id, pkh.id);
  EXPECT_EQ(v->first_broken->reason, "record.missing");
}

// The actor's own agency gets no referral; a closed case is not routed.
TEST_F(RoutingTest, NoSelfReferralAndNoRoutingOfClosedCases) {
  Case c = SeedCase();
  // Dukcapil holds no case file of the area: it cannot route (issue 9).
  EXPECT_EQ(book_->RouteCase(c.id, ActorOf(kDukcapil)).status().reason(), "access.not_found");
  // The Kemensos centre (area access over Jambi) routes; it is itself the
  // decision's lead and gets no referral.
  RouteResult r = MustRoute(c, ActorOf(kCentre));
  EXPECT_EQ(To(r.created, kCentre), nullptr);
  EXPECT_EQ(r.created.size(), 4u);
  for (const Referral& x : r.created) EXPECT_EQ(x.from_agency, kCentre);

  Case other = Open(Register("Anak Lain", "15.71.01.1001"));
  other = Do(other, cmd::Close{ClosureReason::kNotEligible, "tidak memenuhi syarat"});
  auto closed = book_->RouteCase(other.id, Screener());
  ASSERT_FALSE(closed.ok());
  EXPECT_EQ(closed.status().reason(), "routing.case_closed");
}

}  // namespace
}  // namespace atensi::testing
