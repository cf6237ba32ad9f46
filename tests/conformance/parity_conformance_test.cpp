// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// The CaseStore methods added after the first PostgreSQL step (issue #10,
// parity): each scenario runs on SQLite and, with ATENSI_TEST_PG_URI set, on
// PostgreSQL, through the Casebook. Sources per test: the kept deadlines and
// the paged due list (DeadlinePolicy: first contact within 24 h for a high
// risk case, 3 days for medium), the access log (UU 27/2022 art 32), purge
// with a verifying chain (UU 27/2022 art 44; event hash format 2),
// restriction of processing (UU 27/2022 art 41), encryption at rest and key
// rotation (UU 27/2022 art 4 and 46, UU 35/2014 art 64).

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>
#include <memory>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "conformance_fixture.h"
#include "store/trusted_reads.h"

namespace atensi::testing {
namespace {

using internal::Trusted;

RegionCode Reg(std::string_view text) {
  auto r = RegionCode::Parse(text);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return *r;
}

Actor Person(std::string agency, Role role, std::string person) {
  return Actor{std::move(person), std::move(agency), role, kRightNone};
}

Actor Officer() { return Person(kProvince, Role::kDataOfficer, "do-p"); }

constexpr std::int64_t kYearMs = 365LL * 24 * 3600 * 1000;

std::shared_ptr<const EncryptionKey> Key(std::uint32_t id, std::uint8_t fill) {
  std::array<std::uint8_t, 32> bytes{};
  bytes.fill(fill);
  auto k = EncryptionKey::FromBytes(id, bytes);
  EXPECT_TRUE(k.ok());
  return std::make_shared<const EncryptionKey>(std::move(k).value());
}

class ParityTest : public ConformanceTest {
 protected:
  // Reopens the store with an encryption key (and a provider for others).
  Status OpenWith(std::shared_ptr<const EncryptionKey> key, KeyProvider provider = {}) {
    book_.reset();
    OpenOptions o;
    o.path = path_;
    o.id_seed = 900 + reopen_count_++;
    o.key = std::move(key);
    o.key_provider = std::move(provider);
    auto book = Casebook::Open(o, clock_);
    if (!book.ok()) return book.status();
    book_ = std::move(book).value();
    return Status::Ok();
  }

  // The first column of the first row of `sql` on either backend.
  std::string Value(const std::string& sql) {
    if (OnPg()) return pg_->Value(sql);
    std::string out = Sql(sql + ";");
    while (!out.empty() && out.back() == '\n') out.pop_back();
    return out;
  }

  // A raw statement on either backend; whether the store let it through.
  bool TryExec(const std::string& sql) {
    if (OnPg()) return pg_->Exec(sql).ok();
    std::string out;
    return RunSqliteShell(path_, sql + ";", &out) == 0;
  }

  // A case led by the Sarolangun social service, worker-r assigned.
  Case RegencyCase(RiskLevel risk = RiskLevel::kHigh, std::string domicile = "15.03.01.2001",
                   std::optional<std::string> nik = "1503014509170001") {
    const Actor w = Person(kRegency, Role::kCaseWorker, "worker-r");
    Child seed = MakeChild("Anak Uji", std::move(domicile), std::move(nik));
    auto child = book_->RegisterChild(seed, w);
    EXPECT_TRUE(child.ok()) << child.status().ToString();
    child_ = child.ok() ? *child : Child{};
    OpenCaseRequest r;
    r.source = CaseSource::kOutreach;
    r.risk = risk;
    r.categories = AmpkSet{AmpkCategory::kDisabilitas};
    r.lead_agency_id = kRegency;
    r.assigned_worker_id = "worker-r";
    auto c = book_->OpenCase(child_.id, r, w);
    EXPECT_TRUE(c.ok()) << c.status().ToString();
    return c.ok() ? *c : Case{};
  }
};

// DeadlinePolicy defaults: first contact 24 h (high risk) / 3 days (medium).
// The paged due list walks the kept deadlines in (due_at, case, step) order
// on both backends; a domicile move carries a case's deadlines to its new
// province; the province report's overdue section reads the same rows.
TEST_P(ParityTest, DuePageOrderPagingAndReportOverdueSection) {
  const Instant t0 = clock_.Now();
  Case a = RegencyCase(RiskLevel::kHigh, "15.03.01.2001", "1503014509170001");
  clock_.AdvanceMillis(1000);
  Case b = RegencyCase(RiskLevel::kHigh, "15.71.01.1001", "1571014509170002");
  clock_.AdvanceMillis(1000);
  Case m = RegencyCase(RiskLevel::kMedium, "15.03.01.2001", "1503014509170003");
  clock_.AdvanceMillis(1000);
  Case far = RegencyCase(RiskLevel::kHigh, "31.71.01.1001", "3171014509170004");
  Child moving = child_;
  const Instant now = t0.PlusDays(2);
  const Duration window = Duration::Days(2);

  // Everything, one per page: each deadline once, in due order.
  DueQuery q;
  q.page_size = 1;
  std::vector<DueItemRow> all;
  for (int i = 0; i < 50; ++i) {
    auto page = Trusted(book_).DuePage(now, window, q);
    ASSERT_TRUE(page.ok()) << page.status().ToString();
    all.insert(all.end(), page->items.begin(), page->items.end());
    if (page->next_cursor.empty()) break;
    q.cursor = page->next_cursor;
  }
  ASSERT_GE(all.size(), 4u);
  for (std::size_t i = 1; i < all.size(); ++i) {
    const auto key = [](const DueItemRow& r) {
      return std::make_tuple(r.item.due_at.ms, r.case_id, static_cast<int>(r.item.step));
    };
    EXPECT_LT(key(all[i - 1]), key(all[i]));
  }
  EXPECT_EQ(all[0].case_id, a.id);
  EXPECT_EQ(all[0].item.step, DeadlineStep::kFirstContact);
  EXPECT_EQ(all[0].item.due_at, t0.PlusHours(24));
  EXPECT_TRUE(all[0].item.overdue);
  EXPECT_EQ(all[0].lead_agency_id, kRegency);
  EXPECT_EQ(all[0].assigned_worker_id, "worker-r");
  std::set<std::string> cases;
  for (const DueItemRow& r : all) cases.insert(r.case_id);
  EXPECT_EQ(cases, (std::set<std::string>{a.id, b.id, m.id, far.id}));
  q.cursor = "12/x";
  EXPECT_EQ(Trusted(book_).DuePage(now, window, q).status().reason(), "store.cursor");
  q.cursor.clear();
  q.page_size = 0;
  EXPECT_EQ(Trusted(book_).DuePage(now, window, q).status().reason(), "store.page_size");

  // Within Jambi (15): not the Jakarta case, until its child moves to Jambi.
  DueQuery jambi;
  jambi.within = Reg("15");
  jambi.page_size = 100;
  auto in15 = Trusted(book_).DuePage(now, window, jambi);
  ASSERT_TRUE(in15.ok()) << in15.status().ToString();
  for (const DueItemRow& r : in15->items) EXPECT_NE(r.case_id, far.id);
  moving.domicile_region = "15.71.02.1002";
  ASSERT_TRUE(
      book_->UpdateChild(moving, Person(kRegency, Role::kCaseWorker, "worker-r"), "moved").ok());
  in15 = Trusted(book_).DuePage(now, window, jambi);
  ASSERT_TRUE(in15.ok());
  std::set<std::string> in15_cases;
  for (const DueItemRow& r : in15->items) in15_cases.insert(r.case_id);
  EXPECT_EQ(in15_cases, (std::set<std::string>{a.id, b.id, m.id, far.id}));

  // The report's overdue section: the three high-risk first contacts are
  // overdue at t0 + 2 days, the medium one is not.
  auto report = Trusted(book_).ProvinceReportFor(Reg("15"), now, 1);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->overdue_total, 3u);
  EXPECT_EQ(report->overdue_by_step.at(std::string(Name(DeadlineStep::kFirstContact))), 3u);
  ASSERT_EQ(report->overdue_oldest.size(), 3u);
  EXPECT_EQ(report->overdue_oldest[0].case_id, a.id);
  EXPECT_EQ(report->overdue_oldest[0].risk, RiskLevel::kHigh);

  // A store whose kept deadlines were never built (as one migrated from an
  // older schema) is rebuilt on open, with the same result.
  ASSERT_TRUE(TryExec("DELETE FROM case_deadlines"));
  ASSERT_TRUE(TryExec("INSERT INTO store_rebuilds (name) VALUES ('case_deadlines')"));
  Reopen();
  EXPECT_EQ(Value("SELECT count(*) FROM store_rebuilds"), "0");
  auto rebuilt = Trusted(book_).DuePage(now, window, jambi);
  ASSERT_TRUE(rebuilt.ok()) << rebuilt.status().ToString();
  ASSERT_EQ(rebuilt->items.size(), in15->items.size());
  for (std::size_t i = 0; i < rebuilt->items.size(); ++i) {
    EXPECT_EQ(rebuilt->items[i].case_id, in15->items[i].case_id);
    EXPECT_EQ(rebuilt->items[i].item.due_at, in15->items[i].item.due_at);
  }
  ExpectVerified();
}

// UU 27/2022 art 32: every authorized read of a child's personal data is
// logged with who, why and when, in the read's own transaction; the log is
// append-only.
TEST_P(ParityTest, AuthorizedReadsWriteTheAccessLog) {
  Case c = RegencyCase();
  const Actor worker = Person(kRegency, Role::kCaseWorker, "worker-r");
  const Actor supervisor = Person(kRegency, Role::kSupervisor, "sup-r");
  clock_.AdvanceMillis(1000);
  auto child = book_->ReadChild(child_.id, worker, AccessPurpose::kCaseHandling);
  ASSERT_TRUE(child.ok()) << child.status().ToString();
  clock_.AdvanceMillis(1000);
  auto read = book_->ReadCase(c.id, supervisor, AccessPurpose::kSupervision);
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  auto log = book_->AccessLog(child_.id, Officer());
  ASSERT_TRUE(log.ok()) << log.status().ToString();
  ASSERT_GE(log->size(), 3u);  // the two reads and this read of the log
  EXPECT_EQ((*log)[0].person_id, "worker-r");
  EXPECT_EQ((*log)[0].purpose, AccessPurpose::kCaseHandling);
  EXPECT_EQ((*log)[0].case_id, "");
  EXPECT_EQ((*log)[1].person_id, "sup-r");
  EXPECT_EQ((*log)[1].case_id, c.id);
  EXPECT_EQ((*log)[1].purpose, AccessPurpose::kSupervision);
  EXPECT_LT((*log)[0].seq, (*log)[1].seq);
  EXPECT_LT((*log)[0].at, (*log)[1].at);
  EXPECT_FALSE(TryExec("UPDATE access_log SET person_id = 'someone-else'"));
  EXPECT_FALSE(TryExec("DELETE FROM access_log"));
  Reopen();
  auto again = book_->AccessLog(child_.id, Officer());
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->size(), log->size() + 1);
}

// UU 27/2022 art 44 (destroy when retention ends) with event hash format 2:
// the payloads are tombstoned, the chain and a checkpoint still verify, and
// the log refuses every other rewrite, including un-purging.
TEST_P(ParityTest, PurgeTombstonesPayloadsAndTheChainVerifies) {
  Case c = RegencyCase(RiskLevel::kMedium);
  const Actor worker = Person(kRegency, Role::kCaseWorker, "worker-r");
  clock_.AdvanceMillis(1000);
  auto closed = book_->Act(c.id, c.version,
                           cmd::Close{ClosureReason::kLostContact, "keluarga pindah"}, worker);
  ASSERT_TRUE(closed.ok()) << closed.status().ToString();
  ASSERT_TRUE(book_->Checkpoint().ok());
  clock_.AdvanceMillis(11 * kYearMs);
  auto purged = book_->PurgeChild(child_.id, Officer(), /*dry_run=*/false);
  ASSERT_TRUE(purged.ok()) << purged.status().ToString();
  EXPECT_EQ(purged->children_purged, 1);
  EXPECT_GE(purged->events_purged, 3);
  auto timeline = Trusted(book_).ChildTimeline(child_.id);
  ASSERT_TRUE(timeline.ok()) << timeline.status().ToString();
  for (const Event& e : *timeline) {
    if (e.action == "purge") continue;
    EXPECT_TRUE(e.payload_purged_at.has_value()) << e.action;
    EXPECT_EQ(e.changes, nlohmann::json::object()) << e.action;
    EXPECT_EQ(e.reason, "");
  }
  EXPECT_FALSE(Trusted(book_).FindChildByNik("1503014509170001")->has_value());
  EXPECT_NE(Value("SELECT count(*) FROM events WHERE payload_purged_at IS NOT NULL"), "0");
  ExpectVerified();
  ASSERT_TRUE(book_->Checkpoint().ok());
  ExpectVerified();
  // Only the one tombstone update is allowed: not un-purging, not a forged
  // reason on a tombstone, not deleting.
  EXPECT_FALSE(TryExec("UPDATE events SET payload_purged_at = NULL WHERE chain_id = '" + c.id +
                       "' AND seq = 1"));
  EXPECT_FALSE(
      TryExec("UPDATE events SET reason = 'forged' WHERE chain_id = '" + c.id + "' AND seq = 1"));
  EXPECT_FALSE(TryExec("DELETE FROM events WHERE chain_id = '" + c.id + "'"));
  auto again = book_->PurgeChild(child_.id, Officer(), false);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->items.at(0).reason, "retention.already_purged");
  ExpectVerified();
}

// UU 27/2022 art 41: a restricted record is not processed until the
// restriction is lifted; the requests are in the child's chain.
TEST_P(ParityTest, RestrictionStopsProcessingUntilLifted) {
  Case c = RegencyCase();
  const Actor worker = Person(kRegency, Role::kCaseWorker, "worker-r");
  ASSERT_TRUE(book_->RestrictProcessing(child_.id, "request 2026/11/001", Officer()).ok());
  auto state = book_->PrivacyStateOf(child_.id);
  ASSERT_TRUE(state.ok()) << state.status().ToString();
  EXPECT_TRUE(state->restricted);
  clock_.AdvanceMillis(1000);
  auto act = book_->Act(c.id, c.version, cmd::RecordContact{"visit"}, worker);
  EXPECT_EQ(act.status().reason(), "privacy.restricted");
  Reopen();  // the restriction is stored, not held in memory
  act = book_->Act(c.id, c.version, cmd::RecordContact{"visit"}, worker);
  EXPECT_EQ(act.status().reason(), "privacy.restricted");
  ASSERT_TRUE(book_->LiftRestriction(child_.id, "done", Officer()).ok());
  act = book_->Act(c.id, c.version, cmd::RecordContact{"visit"}, worker);
  ASSERT_TRUE(act.ok()) << act.status().ToString();
  auto timeline = Trusted(book_).ChildTimeline(child_.id);
  ASSERT_TRUE(timeline.ok());
  int privacy_events = 0;
  for (const Event& e : *timeline) privacy_events += e.action.starts_with("privacy.") ? 1 : 0;
  EXPECT_EQ(privacy_events, 2);
  ExpectVerified();
}

// UU 27/2022 art 4 and 46, UU 35/2014 art 64: with a key nothing
// identifying is stored in clear; lookups go through blind indexes; a
// rotation paused half-way reads with both keys, resumes, retires the old
// key and is recorded on the store chain; the chains verify throughout.
TEST_P(ParityTest, EncryptionAtRestAndResumableRotation) {
  ASSERT_TRUE(OpenWith(Key(1, 10)).ok());
  Case c = RegencyCase(RiskLevel::kHigh, "15.03.01.2001", "1503014509170001");
  const Actor worker = Person(kRegency, Role::kCaseWorker, "worker-r");
  Child roster_child = MakeChild("Anak Roster", "15.03.01.2001");
  roster_child.roster_key = "IDBDT-77/3";
  auto rc = book_->RegisterChild(roster_child, worker);
  ASSERT_TRUE(rc.ok()) << rc.status().ToString();
  ASSERT_TRUE(Trusted(book_).PutRosterFacts(rc->id, {{"nama", "Anak Roster"}}).ok());
  clock_.AdvanceMillis(1000);
  auto acted = book_->Act(c.id, c.version, cmd::RecordContact{"rahasia kunjungan"}, worker);
  ASSERT_TRUE(acted.ok()) << acted.status().ToString();
  // Nothing in clear: no name, NIK, roster key or free text in any column.
  for (const char* needle : {"Anak Uji", "1503014509170001", "IDBDT-77", "rahasia"}) {
    const std::string n(needle);
    EXPECT_EQ(Value("SELECT count(*) FROM children WHERE doc LIKE '%" + n + "%' OR nik LIKE '%" +
                    n + "%' OR roster_key LIKE '%" + n + "%'"),
              "0")
        << needle;
    EXPECT_EQ(Value("SELECT count(*) FROM cases WHERE doc LIKE '%" + n + "%'"), "0") << needle;
    EXPECT_EQ(Value("SELECT count(*) FROM events WHERE changes LIKE '%" + n +
                    "%' OR reason LIKE "
                    "'%" +
                    n + "%'"),
              "0")
        << needle;
  }
  auto found = Trusted(book_).FindChildByNik("1503014509170001");
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->name, "Anak Uji");
  auto by_roster = Trusted(book_).FindChildByRosterKey("IDBDT-77/3");
  ASSERT_TRUE(by_roster.ok()) << by_roster.status().ToString();
  ASSERT_TRUE(by_roster->has_value());
  auto history = Trusted(book_).History(c.id);
  ASSERT_TRUE(history.ok()) << history.status().ToString();
  EXPECT_EQ(history->back().action, "record_contact");
  EXPECT_EQ(*Trusted(book_).GetCase(c.id), *acted);  // opened and parsed back
  ExpectVerified();

  // Without a key the sealed reads refuse; a wrong key is refused at open.
  ASSERT_TRUE(OpenWith(nullptr).ok());
  EXPECT_EQ(Trusted(book_).GetChild(child_.id).status().reason(), "crypto.key_missing");
  EXPECT_EQ(OpenWith(Key(1, 11)).reason(), "crypto.wrong_key");

  // Rotation to key 2, paused after one batch of 2.
  ASSERT_TRUE(OpenWith(Key(1, 10)).ok());
  KeyRotationOptions pause;
  pause.batch_size = 2;
  pause.on_batch = [](std::uint64_t) { return false; };
  auto partial = book_->RotateKey(*Key(2, 50), Officer(), pause);
  ASSERT_TRUE(partial.ok()) << partial.status().ToString();
  EXPECT_FALSE(partial->finished);
  EXPECT_EQ(partial->rewritten, 2u);
  auto info = book_->Encryption();
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  EXPECT_EQ(info->current_key, 2u);
  EXPECT_GT(info->records_pending, 0u);
  EXPECT_EQ(info->live_keys, (std::vector<std::uint32_t>{1, 2}));
  // Reopened with the new key and a provider for the old: everything reads.
  auto provider = [](std::uint32_t id) -> Result<EncryptionKey> {
    if (id != 1) return NotFound("crypto.key_missing", "key", "no such key");
    return Key(1, 10)->Clone();
  };
  ASSERT_TRUE(OpenWith(Key(2, 50), provider).ok());
  EXPECT_TRUE(Trusted(book_).GetCase(c.id).ok());
  EXPECT_TRUE(Trusted(book_).FindChildByNik("1503014509170001")->has_value());
  ExpectVerified();
  auto rest = book_->RotateKey(*Key(2, 50), Officer());
  ASSERT_TRUE(rest.ok()) << rest.status().ToString();
  EXPECT_TRUE(rest->finished);
  EXPECT_EQ(rest->retired_keys, std::vector<std::uint32_t>{1});
  ASSERT_TRUE(OpenWith(Key(2, 50)).ok());  // no provider needed any more
  EXPECT_EQ(Trusted(book_).GetChild(child_.id)->name, "Anak Uji");
  EXPECT_TRUE(Trusted(book_).FindChildByRosterKey("IDBDT-77/3")->has_value());
  auto facts = Trusted(book_).RosterFactsPage("", 10);
  ASSERT_TRUE(facts.ok()) << facts.status().ToString();
  ASSERT_EQ(facts->size(), 1u);
  EXPECT_EQ(facts->at(0).second["nama"], "Anak Roster");
  EXPECT_EQ(book_->Encryption()->records_pending, 0u);
  EXPECT_EQ(Value("SELECT count(*) FROM events WHERE chain_id = 'atensi.store' AND action = "
                  "'key_rotated' AND actor_person = 'do-p'"),
            "1");
  ExpectVerified();
  EXPECT_EQ(OpenWith(Key(1, 10)).reason(), "crypto.key_retired");
}

INSTANTIATE_TEST_SUITE_P(Backends, ParityTest, ::testing::Values("sqlite", "pg"), BackendName);

}  // namespace
}  // namespace atensi::testing
