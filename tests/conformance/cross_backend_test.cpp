// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// The two backends hold the same history byte for byte (issue #10: "same
// event encoding and hashes so a chain verifies identically on both
// backends"), and the PostgreSQL store's own versioning. Skipped without
// ATENSI_TEST_PG_URI.

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "atensi/report/province_report.h"
#include "conformance_fixture.h"
#include "store/trusted_reads.h"

#if ATENSI_TEST_WITH_POSTGRES
#include "store/pg/pg_schema.h"
#endif

namespace atensi::testing {
namespace {

// The PostgreSQL schema version this build writes (one atensi_migrations
// row per migration).
std::string PgVersion() {
#if ATENSI_TEST_WITH_POSTGRES
  return std::to_string(store::pg::LatestPgSchemaVersion());
#else
  return "";
#endif
}

// The same scenario, driven by the same clock and id seed.
struct Outcome {
  std::vector<Event> case_events;
  std::vector<Event> child_events;
  nlohmann::json report;
  std::string case_id;
  std::string child_id;
};

Outcome RunScenario(const std::string& path) {
  Outcome out;
  ManualClock clock(StartTime());
  OpenOptions o;
  o.path = path;
  o.id_seed = 2026;
  auto opened = Casebook::Open(o, clock);
  EXPECT_TRUE(opened.ok()) << opened.status().ToString();
  if (!opened.ok()) return out;
  Casebook& book = **opened;
  Actor screener;
  screener.person_id = "screener-1";
  screener.agency_id = kProvince;
  screener.role = Role::kCoordinator;
  Child seed = MakeChild("Anak Seed", "15.03.01.2001", "1503014509170001");
  seed.birth_date = Date(2017, 9, 5);
  auto child = book.RegisterChild(seed, screener);
  EXPECT_TRUE(child.ok()) << child.status().ToString();
  if (!child.ok()) return out;
  OpenCaseRequest r;
  r.source = CaseSource::kPkhScreening;
  r.risk = RiskLevel::kMedium;
  r.categories = AmpkSet{AmpkCategory::kDisabilitas};
  r.lead_agency_id = kProvince;
  auto c = book.OpenCase(child->id, r, screener);
  EXPECT_TRUE(c.ok()) << c.status().ToString();
  if (!c.ok()) return out;
  clock.AdvanceMillis(1000);
  cmd::RecordConsent consent = Consent(*child);
  consent.purposes.push_back(ConsentPurpose::kReferralSharing);
  auto consented = book.Act(c->id, c->version, consent, screener);
  EXPECT_TRUE(consented.ok()) << consented.status().ToString();
  clock.AdvanceMillis(1000);
  auto routed = book.RouteCase(c->id, screener);
  EXPECT_TRUE(routed.ok()) << routed.status().ToString();
  if (!routed.ok()) return out;
  clock.AdvanceMillis(3'600'000);
  for (const Referral& ref : routed->created) {
    if (ref.to_agency != kCentre) continue;
    Actor centre = screener;
    centre.agency_id = kCentre;
    centre.person_id = "officer-1";
    centre.role = Role::kCaseWorker;
    auto acc = book.ActOnReferral(ref.id, ReferralVersion(ref),
                                  ReferralEvent{ReferralEventKind::kAccept, {}, {}}, centre);
    EXPECT_TRUE(acc.ok()) << acc.status().ToString();
  }
  EXPECT_TRUE(book.Checkpoint().ok());
  out.case_id = c->id;
  out.child_id = child->id;
  auto history = internal::Trusted(book).History(c->id);
  auto timeline = internal::Trusted(book).ChildTimeline(child->id);
  EXPECT_TRUE(history.ok() && timeline.ok());
  if (!history.ok() || !timeline.ok()) return out;
  out.case_events = *history;
  for (const Event& e : *timeline) {
    if (e.chain_id == child->id) out.child_events.push_back(e);
  }
  auto report = internal::Trusted(book).ProvinceReportFor(*RegionCode::Parse("15"),
                                                          clock.Now().PlusDays(3), 2);
  EXPECT_TRUE(report.ok()) << report.status().ToString();
  if (report.ok()) out.report = ReportToJson(*report);
  auto v = internal::Trusted(book).Verify();
  EXPECT_TRUE(v.ok() && v->ok);
  return out;
}

TEST(CrossBackendTest, SameScenarioGivesTheSameHashChainsCheckpointAndReport) {
  PgScratchSchema pg;
  if (PgTestUri().empty() || !PostgresSupported()) GTEST_SKIP() << kPgSkipped;
  ASSERT_TRUE(pg.available()) << pg.error();
  TempDir dir;
  const std::string file = dir.File("cross.db");
  Outcome lite = RunScenario(file);
  Outcome post = RunScenario(pg.uri());
  ASSERT_FALSE(lite.case_events.empty());
  EXPECT_EQ(lite.case_id, post.case_id);  // same seed, same clock: same ids
  ASSERT_EQ(lite.case_events.size(), post.case_events.size());
  for (std::size_t i = 0; i < lite.case_events.size(); ++i) {
    EXPECT_EQ(lite.case_events[i].hash, post.case_events[i].hash) << "case event " << i;
    EXPECT_EQ(lite.case_events[i].state_hash, post.case_events[i].state_hash);
    EXPECT_EQ(lite.case_events[i].changes, post.case_events[i].changes);
  }
  ASSERT_EQ(lite.child_events.size(), post.child_events.size());
  for (std::size_t i = 0; i < lite.child_events.size(); ++i) {
    EXPECT_EQ(lite.child_events[i].hash, post.child_events[i].hash) << "child event " << i;
  }
  // The whole report, its overdue section (the kept deadlines) included.
  EXPECT_EQ(lite.report, post.report);
  // The medium-risk first contact (3 days) is overdue at the report time.
  EXPECT_GT(lite.report["overdue"]["total"].get<int>(), 0);
  // The checkpoint sealing that history: same root, same hash.
  std::string sqlite_cp;
  ASSERT_EQ(RunSqliteShell(file,
                           "SELECT lower(hex(root)) || ':' || lower(hex(hash)) FROM "
                           "checkpoints ORDER BY seq DESC LIMIT 1;",
                           &sqlite_cp),
            0);
  while (!sqlite_cp.empty() && sqlite_cp.back() == '\n') sqlite_cp.pop_back();
  const std::string pg_cp = pg.Value(
      "SELECT encode(root, 'hex') || ':' || encode(hash, 'hex') FROM checkpoints ORDER BY seq "
      "DESC LIMIT 1");
  EXPECT_FALSE(pg_cp.empty());
  EXPECT_EQ(sqlite_cp, pg_cp);
}

// The PostgreSQL store versions its own schema (atensi_migrations) and
// refuses what it does not understand, as the SQLite store does.
TEST(PgStoreTest, SchemaVersioningAndRefusals) {
  if (PgTestUri().empty() || !PostgresSupported()) GTEST_SKIP() << kPgSkipped;
  ManualClock clock(StartTime());
  {
    PgScratchSchema pg;
    ASSERT_TRUE(pg.available()) << pg.error();
    OpenOptions o;
    o.path = pg.uri();
    o.create_if_missing = false;
    auto missing = Casebook::Open(o, clock);
    EXPECT_EQ(missing.status().reason(), "store.not_found");
    o.create_if_missing = true;
    ASSERT_TRUE(Casebook::Open(o, clock).ok());
    ASSERT_TRUE(Casebook::Open(o, clock).ok());  // migrating twice is a no-op
    EXPECT_EQ(pg.Value("SELECT count(*) FROM atensi_migrations"), PgVersion());
    // One partition per province plus the default, for each partitioned table.
    const std::string parts = pg.Value(
        "SELECT count(*) FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent WHERE "
        "p.relname = 'cases' AND p.relnamespace = to_regnamespace(current_schema())");
    EXPECT_EQ(parts, std::to_string(RegionTable::Official().Provinces().size() + 1));
    ASSERT_TRUE(
        pg.Exec("INSERT INTO atensi_migrations (version, description) VALUES (99, 'x')").ok());
    auto newer = Casebook::Open(o, clock);
    EXPECT_EQ(newer.status().reason(), "store.schema_newer");
  }
  {
    PgScratchSchema pg;
    ASSERT_TRUE(pg.available()) << pg.error();
    ASSERT_TRUE(pg.Exec("CREATE TABLE payroll (id int)").ok());
    OpenOptions o;
    o.path = pg.uri();
    auto other = Casebook::Open(o, clock);
    EXPECT_EQ(other.status().reason(), "store.not_atensi");
  }
  OpenOptions bad;
  bad.path = "postgresql://atensi@127.0.0.1:1/none?connect_timeout=2";
  auto unreachable = Casebook::Open(bad, clock);
  ASSERT_FALSE(unreachable.ok());
  EXPECT_EQ(unreachable.status().code(), StatusCode::kIo);
  EXPECT_EQ(unreachable.status().reason(), "pg.connect");
}

// Rows of a province live in its partition; an unknown domicile in the
// default partition.
TEST(PgStoreTest, RowsLandInTheirProvincePartition) {
  if (PgTestUri().empty() || !PostgresSupported()) GTEST_SKIP() << kPgSkipped;
  PgScratchSchema pg;
  ASSERT_TRUE(pg.available()) << pg.error();
  ManualClock clock(StartTime());
  OpenOptions o;
  o.path = pg.uri();
  o.id_seed = 1;
  auto book = Casebook::Open(o, clock);
  ASSERT_TRUE(book.ok()) << book.status().ToString();
  auto jambi = (*book)->RegisterChild(MakeChild("J", "15.71.01.1001"), Worker());
  auto unknown = (*book)->RegisterChild(MakeChild("U", ""), Worker());
  ASSERT_TRUE(jambi.ok() && unknown.ok());
  ASSERT_TRUE((*book)->OpenCase(jambi->id, Request(), Worker()).ok());
  EXPECT_EQ(pg.Value("SELECT count(*) FROM children_p15"), "1");
  EXPECT_EQ(pg.Value("SELECT count(*) FROM cases_p15"), "1");
  EXPECT_EQ(pg.Value("SELECT count(*) FROM events_p15"), "2");
  EXPECT_EQ(pg.Value("SELECT count(*) FROM children_default"), "1");
  EXPECT_EQ(pg.Value("SELECT count(*) FROM events_default"), "1");
}

// The partitions of `table` an EXPLAIN (ANALYZE, FORMAT JSON) plan really
// scanned (nodes on "<table>_..." with at least one loop).
int PartitionsScanned(const std::string& plan_json, const std::string& table) {
  int n = 0;
  std::function<void(const nlohmann::json&)> walk = [&](const nlohmann::json& node) {
    if (node.is_object()) {
      if (node.contains("Relation Name") &&
          node["Relation Name"].get<std::string>().starts_with(table + "_") &&
          node.value("Actual Loops", 0) > 0) {
        ++n;
      }
      for (const auto& [k, v] : node.items()) walk(v);
    } else if (node.is_array()) {
      for (const auto& v : node) walk(v);
    }
  };
  walk(nlohmann::json::parse(plan_json, nullptr, false));
  return n;
}

// Issue #10 scale: a read by id touches one partition. The record's current
// province is kept in `chains` (unpartitioned, keyed by id; migration 6),
// and the store's reads by id name it, so PostgreSQL prunes every other
// province at run time. Measured with EXPLAIN ANALYZE on the store's own
// statement shape, against the same lookup without it (every partition).
TEST(PgStoreTest, ReadByIdTouchesOnePartition) {
  if (PgTestUri().empty() || !PostgresSupported()) GTEST_SKIP() << kPgSkipped;
  PgScratchSchema pg;
  ASSERT_TRUE(pg.available()) << pg.error();
  ManualClock clock(StartTime());
  OpenOptions o;
  o.path = pg.uri();
  o.id_seed = 3;
  auto book = Casebook::Open(o, clock);
  ASSERT_TRUE(book.ok()) << book.status().ToString();
  auto child = (*book)->RegisterChild(MakeChild("J", "15.71.01.1001"), Worker());
  ASSERT_TRUE(child.ok()) << child.status().ToString();
  auto c = (*book)->OpenCase(child->id, Request(), Worker());
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  const std::string id = "'" + c->id + "'";
  const std::string pruned = pg.Value(
      "EXPLAIN (ANALYZE, COSTS OFF, FORMAT JSON) SELECT doc, doc_sealed FROM cases WHERE id = " +
      id + " AND province = (SELECT row_province FROM chains WHERE chain_id = " + id + ")");
  const std::string unpruned =
      pg.Value("EXPLAIN (ANALYZE, COSTS OFF, FORMAT JSON) SELECT doc FROM cases WHERE id = " + id);
  EXPECT_EQ(PartitionsScanned(pruned, "cases"), 1) << pruned;
  EXPECT_GT(PartitionsScanned(unpruned, "cases"), 30) << "39 partitions without the lookup";
  // After the child moves province the lookup follows the row.
  Child moved = *child;
  moved.domicile_region = "31.71.01.1001";
  ASSERT_TRUE((*book)->UpdateChild(moved, Worker(), "moved").ok());
  EXPECT_EQ(pg.Value("SELECT row_province FROM chains WHERE chain_id = " + id), "31");
  EXPECT_EQ(pg.Value("SELECT row_province FROM chains WHERE chain_id = '" + child->id + "'"), "31");
  EXPECT_EQ(internal::Trusted(*book).GetCase(c->id)->id, c->id);
  EXPECT_EQ(internal::Trusted(*book).GetChild(child->id)->id, child->id);
  EXPECT_EQ(pg.Value("SELECT count(*) FROM cases_p31"), "1");
}

// Issue #10 scale: a child's cases and its timeline are read from one
// partition each, not from every province. A child's cases sit in the
// child's row province (chains.row_province); each chain's events in its
// home province (chains.province). Measured with EXPLAIN ANALYZE on the
// store's statement shapes (pg_case_store.cpp CasesOfChild, ChildTimeline),
// before and after the child moves province; the store's answers are
// checked against the records written.
TEST(PgStoreTest, ChildReadsTouchOnePartition) {
  if (PgTestUri().empty() || !PostgresSupported()) GTEST_SKIP() << kPgSkipped;
  PgScratchSchema pg;
  ASSERT_TRUE(pg.available()) << pg.error();
  ManualClock clock(StartTime());
  OpenOptions o;
  o.path = pg.uri();
  o.id_seed = 5;
  auto book = Casebook::Open(o, clock);
  ASSERT_TRUE(book.ok()) << book.status().ToString();
  auto child = (*book)->RegisterChild(MakeChild("J", "15.71.01.1001"), Worker());
  ASSERT_TRUE(child.ok()) << child.status().ToString();
  auto c = (*book)->OpenCase(child->id, Request(), Worker());
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  const std::string id = "'" + child->id + "'";
  const std::string row_province =
      " AND province = (SELECT row_province FROM chains WHERE chain_id = " + id + ")";
  const std::string cases_sql =
      "EXPLAIN (ANALYZE, COSTS OFF, FORMAT JSON) SELECT id, doc, doc_sealed FROM cases WHERE "
      "child_id = " +
      id + row_province + " ORDER BY id";
  const std::string timeline_sql =
      "EXPLAIN (ANALYZE, COSTS OFF, FORMAT JSON) SELECT e.chain_id, e.seq, e.hash FROM chains ch "
      "JOIN events e ON e.chain_id = ch.chain_id AND e.province = ch.province WHERE ch.chain_id "
      "IN (SELECT " +
      id + "::text UNION ALL SELECT id FROM cases WHERE child_id = " + id + row_province +
      ") ORDER BY e.at, e.chain_id, e.seq";
  const std::string unpruned = pg.Value(
      "EXPLAIN (ANALYZE, COSTS OFF, FORMAT JSON) SELECT id FROM cases WHERE child_id = " + id);
  EXPECT_GT(PartitionsScanned(unpruned, "cases"), 30) << "39 partitions without the key";
  for (int round = 0; round < 2; ++round) {
    SCOPED_TRACE(round == 0 ? "child in 15" : "child moved to 31");
    const std::string cases_plan = pg.Value(cases_sql);
    const std::string timeline_plan = pg.Value(timeline_sql);
    EXPECT_EQ(PartitionsScanned(cases_plan, "cases"), 1) << cases_plan;
    EXPECT_EQ(PartitionsScanned(timeline_plan, "cases"), 1) << timeline_plan;
    // Both chains began in province 15: their events stay there.
    EXPECT_EQ(PartitionsScanned(timeline_plan, "events"), 1) << timeline_plan;
    auto cases = internal::Trusted(*book).CasesOfChild(child->id);
    ASSERT_TRUE(cases.ok()) << cases.status().ToString();
    ASSERT_EQ(cases->size(), 1u);
    EXPECT_EQ(cases->front().id, c->id);
    auto timeline = internal::Trusted(*book).ChildTimeline(child->id);
    ASSERT_TRUE(timeline.ok()) << timeline.status().ToString();
    const std::size_t events = round == 0 ? 2u : 3u;  // + the move
    ASSERT_EQ(timeline->size(), events);
    EXPECT_EQ(timeline->front().chain_id, child->id);
    if (round == 0) {
      Child moved = *child;
      moved.domicile_region = "31.71.01.1001";
      ASSERT_TRUE((*book)->UpdateChild(moved, Worker(), "moved").ok());
      EXPECT_EQ(pg.Value("SELECT count(*) FROM cases_p31"), "1");
    }
  }
}

#if ATENSI_TEST_WITH_POSTGRES
// Issue #10 round trips (pg_conn.h): statements the store does not read are
// deferred and sent with the next statement that is read. The deferral
// must not change what a transaction does: a deferred statement's error is
// reported by the next statement of the same transaction and nothing of
// the transaction is kept; a checked UPDATE whose check fails is never
// committed, even when COMMIT is the next statement; a transaction that ran
// nothing sends nothing.
TEST(PgStoreTest, DeferredStatementsKeepTransactionSemantics) {
  if (PgTestUri().empty() || !PostgresSupported()) GTEST_SKIP() << kPgSkipped;
  const char* off = std::getenv("ATENSI_PG_NO_PIPELINE");
  if (off != nullptr && std::string_view(off) == "1") GTEST_SKIP() << "deferral turned off";
  PgScratchSchema pg;
  ASSERT_TRUE(pg.available()) << pg.error();
  auto conn = store::pg::Conn::Connect(pg.uri());
  ASSERT_TRUE(conn.ok()) << conn.status().ToString();
  store::pg::Conn& c = **conn;
  ASSERT_TRUE(c.Exec("CREATE TABLE deferred_t (k integer PRIMARY KEY, v integer)").ok());
  auto insert = [&](int k, int v) {
    store::pg::Params p;
    const std::string sql = "INSERT INTO deferred_t (k, v) VALUES (" + p.Add(std::int64_t{k}) +
                            ", " + p.Add(std::int64_t{v}) + ")";
    return c.Defer(sql, p);
  };
  auto count = [&] { return pg.Value("SELECT count(*) FROM deferred_t"); };
  {
    // A duplicate key in a deferred INSERT: reported by the next read.
    auto txn = store::pg::PgTxn::Begin(c, store::pg::PgTxn::Mode::kWrite);
    ASSERT_TRUE(txn.ok()) << txn.status().ToString();
    ASSERT_TRUE(insert(1, 1).ok());
    ASSERT_TRUE(insert(1, 2).ok());
    EXPECT_TRUE(c.HasDeferred());
    auto read = c.Query("SELECT count(*) FROM deferred_t");
    ASSERT_FALSE(read.ok());
    EXPECT_EQ(read.status().code(), StatusCode::kAlreadyExists) << read.status().ToString();
    EXPECT_FALSE(txn->Commit().ok());
  }
  EXPECT_EQ(count(), "0");
  {
    // Deferred writes are committed with the COMMIT itself.
    auto txn = store::pg::PgTxn::Begin(c, store::pg::PgTxn::Mode::kWrite);
    ASSERT_TRUE(txn.ok());
    ASSERT_TRUE(insert(1, 1).ok());
    ASSERT_TRUE(insert(2, 1).ok());
    ASSERT_TRUE(txn->Commit().ok());
  }
  EXPECT_EQ(count(), "2");
  {
    // A checked UPDATE refused by its check, with COMMIT the next
    // statement: the COMMIT fails and nothing after BEGIN is kept.
    auto txn = store::pg::PgTxn::Begin(c, store::pg::PgTxn::Mode::kWrite);
    ASSERT_TRUE(txn.ok());
    ASSERT_TRUE(insert(3, 1).ok());
    store::pg::Params p;
    const std::string sql =
        "WITH u AS (UPDATE deferred_t SET v = 9 WHERE k = 1 AND v = " + p.Add(std::int64_t{5}) +
        " RETURNING 1) SELECT count(*) FROM u";
    ASSERT_TRUE(c.DeferChecked(sql, p, [](const store::pg::Rows& r) {
                   return r.Int64(0, 0) == 1 ? Status::Ok()
                                             : Conflict("test.version", "version", "stale");
                 }).ok());
    Status committed = txn->Commit();
    EXPECT_EQ(committed.reason(), "test.version") << committed.ToString();
  }
  EXPECT_EQ(count(), "2");
  EXPECT_EQ(pg.Value("SELECT v FROM deferred_t WHERE k = 1"), "1");
  {
    // A transaction that ran nothing: its BEGIN is never sent.
    const std::uint64_t sends = c.SendCount();
    auto txn = store::pg::PgTxn::Begin(c, store::pg::PgTxn::Mode::kRead);
    ASSERT_TRUE(txn.ok());
    EXPECT_TRUE(c.InTransaction());
    EXPECT_FALSE(c.ServerInTransaction());
    ASSERT_TRUE(txn->Commit().ok());
    EXPECT_EQ(c.SendCount(), sends);
    EXPECT_FALSE(c.InTransaction());
  }
}
#endif

// Several offices open a new store at once: one migrates, the others wait
// and find it migrated (advisory lock, pg_schema.cpp).
TEST(PgStoreTest, ConcurrentFirstOpensMigrateOnce) {
  if (PgTestUri().empty() || !PostgresSupported()) GTEST_SKIP() << kPgSkipped;
  PgScratchSchema pg;
  ASSERT_TRUE(pg.available()) << pg.error();
  ManualClock clock(StartTime());
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&] {
      OpenOptions o;
      o.path = pg.uri();
      auto book = Casebook::Open(o, clock);
      if (book.ok()) ++ok;
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(ok.load(), 4);
  EXPECT_EQ(pg.Value("SELECT count(*) FROM atensi_migrations"), PgVersion());
}

// Two offices, each with its own connection, write at the same time: on
// their own cases neither is refused (independent cases do not serialise
// on each other); on one shared case every write either lands or is
// refused as a conflict, none is lost, and the chain verifies.
TEST(PgStoreTest, TwoWritersNoLostUpdate) {
  if (PgTestUri().empty() || !PostgresSupported()) GTEST_SKIP() << kPgSkipped;
  PgScratchSchema pg;
  ASSERT_TRUE(pg.available()) << pg.error();
  ManualClock clock(StartTime());
  std::unique_ptr<Casebook> books[2];
  for (int i = 0; i < 2; ++i) {
    OpenOptions o;
    o.path = pg.uri();
    o.id_seed = 100 + static_cast<std::uint64_t>(i);
    auto b = Casebook::Open(o, clock);
    ASSERT_TRUE(b.ok()) << b.status().ToString();
    books[i] = std::move(b).value();
  }
  Case own[2];
  for (int i = 0; i < 2; ++i) {
    auto child = books[i]->RegisterChild(MakeChild("W", i == 0 ? "15.71.01.1001" : "31.71.01.1001"),
                                         Worker());
    ASSERT_TRUE(child.ok()) << child.status().ToString();
    auto c = books[i]->OpenCase(child->id, Request(), Worker());
    ASSERT_TRUE(c.ok()) << c.status().ToString();
    own[i] = *c;
  }
  auto shared_child = books[0]->RegisterChild(MakeChild("S", "15.71.02.1002"), Worker());
  ASSERT_TRUE(shared_child.ok()) << shared_child.status().ToString();
  auto shared_case = books[0]->OpenCase(shared_child->id, Request(), Worker());
  ASSERT_TRUE(shared_case.ok()) << shared_case.status().ToString();
  const Case shared = *shared_case;
  constexpr int kRounds = 15;
  std::atomic<int> own_failures{0};
  std::atomic<int> shared_ok{0};
  std::atomic<int> shared_conflicts{0};
  std::atomic<int> other_errors{0};
  auto writer = [&](int i) {
    Case mine = own[i];
    for (int r = 0; r < kRounds; ++r) {
      auto next = books[i]->Act(mine.id, mine.version, cmd::RecordContact{"visit"}, Worker());
      if (next.ok()) {
        mine = *next;
      } else {
        ++own_failures;
      }
      auto current = internal::Trusted(books[i]).GetCase(shared.id);
      if (!current.ok()) {
        ++other_errors;
        continue;
      }
      auto s = books[i]->Act(shared.id, current->version, cmd::RecordContact{"shared"}, Worker());
      if (s.ok()) {
        ++shared_ok;
      } else if (s.status().code() == StatusCode::kConflict) {
        ++shared_conflicts;
      } else {
        ++other_errors;
      }
    }
  };
  std::thread a(writer, 0);
  std::thread b(writer, 1);
  a.join();
  b.join();
  EXPECT_EQ(own_failures.load(), 0);
  EXPECT_EQ(other_errors.load(), 0);
  EXPECT_EQ(shared_ok.load() + shared_conflicts.load(), 2 * kRounds);
  auto final_case = internal::Trusted(books[0]).GetCase(shared.id);
  ASSERT_TRUE(final_case.ok());
  EXPECT_EQ(final_case->version, 1 + shared_ok.load());  // every landed write, none lost
  EXPECT_EQ(internal::Trusted(books[0]).History(shared.id)->size(),
            static_cast<std::size_t>(final_case->version));
  EXPECT_EQ(internal::Trusted(books[1]).GetCase(own[0].id)->version, 1 + kRounds);
  EXPECT_EQ(internal::Trusted(books[0]).GetCase(own[1].id)->version, 1 + kRounds);
  auto v = internal::Trusted(books[0]).Verify();
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_TRUE(v->ok);
}

}  // namespace
}  // namespace atensi::testing
