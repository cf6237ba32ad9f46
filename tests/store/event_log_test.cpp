// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// The storage layer below the Casebook: the SQLite wrapper, schema
// migrations and the hash-chained event log (generic over chain ids).

#include "store/event_log.h"

#include <gtest/gtest.h>

#include <string>

#include "store/migrations.h"
#include "store/sqlite_db.h"
#include "store_test_util.h"

namespace atensi::store {
namespace {

using ::atensi::testing::RunSqliteShell;
using ::atensi::testing::TempDir;

Actor Worker() {
  Actor a;
  a.person_id = "person-1";
  a.agency_id = "agency-1";
  a.role = Role::kCaseWorker;
  return a;
}

std::unique_ptr<Db> OpenMigrated(const std::string& path) {
  auto db = Db::Open(path, DbOptions{});
  EXPECT_TRUE(db.ok()) << db.status().ToString();
  EXPECT_TRUE(Migrate(**db).ok());
  return std::move(db).value();
}

EventInput Input(const std::string& chain, const std::string& action, std::int64_t at) {
  EventInput in;
  in.chain_id = chain;
  in.kind = ChainKind::kCase;
  in.at = Instant{at};
  in.actor = Worker();
  in.action = action;
  in.reason = "because";
  in.changes = {{"stage", {{"before", "intake"}, {"after", "assessment"}}}};
  in.state_hash = Sha256(action);
  return in;
}

void AppendN(Db& db, const std::string& chain, int n) {
  auto txn = Transaction::Begin(db, Transaction::Mode::kWrite);
  ASSERT_TRUE(txn.ok());
  EventLog log(db);
  for (int i = 0; i < n; ++i) {
    auto e = log.Append(Input(chain, "act" + std::to_string(i), 1000 + i));
    ASSERT_TRUE(e.ok()) << e.status().ToString();
  }
  ASSERT_TRUE(txn->Commit().ok());
}

VerifyReport VerifyNow(Db& db) {
  auto txn = Transaction::Begin(db, Transaction::Mode::kRead);
  EXPECT_TRUE(txn.ok());
  auto r = EventLog(db).Verify();
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? *r : VerifyReport{};
}

TEST(MigrationTest, EmptyFileMigratesAndReopens) {
  TempDir dir;
  const std::string path = dir.File("a.db");
  {
    auto db = OpenMigrated(path);
    EXPECT_EQ(*db->QueryInt("PRAGMA user_version"), LatestSchemaVersion());
    EXPECT_EQ(*db->QueryInt("PRAGMA application_id"), kApplicationId);
    EXPECT_EQ(*db->QueryInt("PRAGMA foreign_keys"), 1);
    EXPECT_EQ(*db->QueryInt("PRAGMA synchronous"), 2);  // FULL by default
    auto mode = db->Prepare("PRAGMA journal_mode");
    ASSERT_TRUE(mode.ok());
    ASSERT_TRUE(*mode->Step());
    EXPECT_EQ(mode->Text(0), "wal");
  }
  // Reopening an up-to-date file is a no-op migration.
  auto db = OpenMigrated(path);
  EXPECT_EQ(*db->QueryInt("PRAGMA user_version"), LatestSchemaVersion());
  EXPECT_EQ(*db->QueryInt("SELECT count(*) FROM sqlite_schema WHERE name = 'events'"), 1);
}

TEST(MigrationTest, RefusesNewerSchema) {
  TempDir dir;
  const std::string path = dir.File("newer.db");
  {
    auto db = OpenMigrated(path);
    ASSERT_TRUE(db->Exec("PRAGMA user_version = 999").ok());
  }
  auto db = Db::Open(path, DbOptions{});
  ASSERT_TRUE(db.ok());
  Status s = Migrate(**db);
  EXPECT_EQ(s.code(), StatusCode::kUnsupported);
  EXPECT_EQ(s.reason(), "store.schema_newer");
}

TEST(MigrationTest, RefusesForeignDatabase) {
  TempDir dir;
  const std::string path = dir.File("other.db");
  {
    auto db = Db::Open(path, DbOptions{});
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE((*db)->Exec("CREATE TABLE t(x)").ok());
  }
  auto db = Db::Open(path, DbOptions{});
  ASSERT_TRUE(db.ok());
  EXPECT_EQ(Migrate(**db).reason(), "store.not_atensi");
}

TEST(DbTest, MissingFileWithoutCreateIsNotFound) {
  TempDir dir;
  DbOptions o;
  o.create_if_missing = false;
  auto db = Db::Open(dir.File("absent.db"), o);
  EXPECT_EQ(db.status().code(), StatusCode::kNotFound);
}

TEST(DbTest, StatementsAreCachedAndNestedUseWorks) {
  auto db = Db::Open(":memory:", DbOptions{});
  ASSERT_TRUE(db.ok());
  ASSERT_TRUE((*db)->Exec("CREATE TABLE t(x INTEGER PRIMARY KEY)").ok());
  for (int i = 1; i <= 3; ++i) {
    auto ins = (*db)->Prepare("INSERT INTO t(x) VALUES (?1)");
    ASSERT_TRUE(ins.ok());
    ins->Bind(1, std::int64_t{i});
    ASSERT_TRUE(ins->Run().ok());
  }
  // The same SQL leased twice at once: the second lease gets its own statement.
  auto outer = (*db)->Prepare("SELECT x FROM t ORDER BY x");
  ASSERT_TRUE(outer.ok());
  int rows = 0;
  while (*outer->Step()) {
    auto inner = (*db)->Prepare("SELECT x FROM t ORDER BY x");
    ASSERT_TRUE(inner.ok());
    ASSERT_TRUE(*inner->Step());
    EXPECT_EQ(inner->Int64(0), 1);
    ++rows;
  }
  EXPECT_EQ(rows, 3);
  // Unique violation maps to AlreadyExists.
  auto dup = (*db)->Prepare("INSERT INTO t(x) VALUES (?1)");
  ASSERT_TRUE(dup.ok());
  dup->Bind(1, std::int64_t{1});
  EXPECT_EQ(dup->Run().code(), StatusCode::kAlreadyExists);
}

TEST(DbTest, SynchronousLevelIsConfigurable) {
  TempDir dir;
  DbOptions o;
  o.synchronous = 1;
  auto db = Db::Open(dir.File("normal.db"), o);
  ASSERT_TRUE(db.ok());
  EXPECT_EQ(*(*db)->QueryInt("PRAGMA synchronous"), 1);
  o.synchronous = 7;
  EXPECT_EQ(Db::Open(dir.File("bad.db"), o).status().reason(), "store.synchronous");
}

TEST(DbTest, LockedBeyondBusyTimeoutIsBusy) {
  TempDir dir;
  const std::string path = dir.File("busy.db");
  auto holder = OpenMigrated(path);
  DbOptions o;
  o.busy_timeout_ms = 50;
  auto waiter = Db::Open(path, o);
  ASSERT_TRUE(waiter.ok());
  auto held = Transaction::Begin(*holder, Transaction::Mode::kWrite);
  ASSERT_TRUE(held.ok());
  auto blocked = Transaction::Begin(**waiter, Transaction::Mode::kWrite);
  ASSERT_FALSE(blocked.ok());
  EXPECT_EQ(blocked.status().code(), StatusCode::kBusy);
  EXPECT_EQ(blocked.status().reason(), "store.busy");
  // Readers are not blocked by a writer in WAL mode.
  auto reader = Transaction::Begin(**waiter, Transaction::Mode::kRead);
  ASSERT_TRUE(reader.ok());
  EXPECT_TRUE((*waiter)->QueryInt("SELECT count(*) FROM events").ok());
}

TEST(DbTest, TransactionRollsBackUnlessCommitted) {
  auto db = Db::Open(":memory:", DbOptions{});
  ASSERT_TRUE(db.ok());
  ASSERT_TRUE((*db)->Exec("CREATE TABLE t(x)").ok());
  {
    auto txn = Transaction::Begin(**db, Transaction::Mode::kWrite);
    ASSERT_TRUE(txn.ok());
    ASSERT_TRUE((*db)->Exec("INSERT INTO t VALUES (1)").ok());
  }
  EXPECT_EQ(*(*db)->QueryInt("SELECT count(*) FROM t"), 0);
  {
    auto txn = Transaction::Begin(**db, Transaction::Mode::kWrite);
    ASSERT_TRUE(txn.ok());
    ASSERT_TRUE((*db)->Exec("INSERT INTO t VALUES (1)").ok());
    ASSERT_TRUE(txn->Commit().ok());
  }
  EXPECT_EQ(*(*db)->QueryInt("SELECT count(*) FROM t"), 1);
}

TEST(EventLogTest, AppendChainsPerChainAndVerifies) {
  auto db = OpenMigrated(":memory:");
  AppendN(*db, "chain-a", 3);
  AppendN(*db, "chain-b", 2);
  auto txn = Transaction::Begin(*db, Transaction::Mode::kRead);
  ASSERT_TRUE(txn.ok());
  EventLog log(*db);
  auto a = log.ReadChain("chain-a");
  ASSERT_TRUE(a.ok());
  ASSERT_EQ(a->size(), 3u);
  EXPECT_EQ((*a)[0].seq, 1);
  EXPECT_EQ((*a)[0].prev_hash, Sha256Digest{});
  EXPECT_EQ((*a)[1].prev_hash, (*a)[0].hash);
  EXPECT_EQ((*a)[2].prev_hash, (*a)[1].hash);
  EXPECT_EQ((*a)[1].changes["stage"]["after"], "assessment");
  EXPECT_EQ((*a)[1].actor.person_id, "person-1");
  // Chain b starts its own sequence: no global tail.
  auto b = log.ReadChain("chain-b");
  ASSERT_TRUE(b.ok());
  EXPECT_EQ((*b)[0].seq, 1);
  EXPECT_EQ((*b)[0].prev_hash, Sha256Digest{});
  auto report = log.Verify();
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->ok);
  EXPECT_EQ(report->events_checked, 5);
  EXPECT_EQ(report->chains_checked, 2);
}

TEST(EventLogTest, AppendOutsideTransactionIsRefused) {
  auto db = OpenMigrated(":memory:");
  EXPECT_EQ(EventLog(*db).Append(Input("c", "x", 1)).status().reason(), "store.not_in_transaction");
}

TEST(EventLogTest, TriggersRefuseUpdateAndDelete) {
  auto db = OpenMigrated(":memory:");
  AppendN(*db, "chain-a", 2);
  ASSERT_TRUE(EventLog(*db).Checkpoint(Instant{5}).status().code() ==
              StatusCode::kInternal);  // outside a transaction
  {
    auto txn = Transaction::Begin(*db, Transaction::Mode::kWrite);
    ASSERT_TRUE(EventLog(*db).Checkpoint(Instant{5}).ok());
    ASSERT_TRUE(txn->Commit().ok());
  }
  for (const char* sql :
       {"UPDATE events SET reason = 'x'", "DELETE FROM events", "UPDATE checkpoints SET at = 0",
        "DELETE FROM checkpoints", "DELETE FROM checkpoint_tails",
        "UPDATE checkpoint_tails SET tail_seq = 1"}) {
    Status s = db->Exec(sql);
    EXPECT_FALSE(s.ok()) << sql;
    EXPECT_EQ(s.reason(), "store.constraint") << sql;
    EXPECT_NE(s.message().find("append-only"), std::string::npos) << s.message();
  }
  EXPECT_EQ(*db->QueryInt("SELECT count(*) FROM events"), 2);
  EXPECT_TRUE(VerifyNow(*db).ok);
}

TEST(EventLogTest, VerifyNamesEditedEvent) {
  TempDir dir;
  const std::string path = dir.File("tamper.db");
  {
    auto db = OpenMigrated(path);
    AppendN(*db, "chain-a", 3);
    AppendN(*db, "chain-b", 3);
  }
  std::string out;
  ASSERT_EQ(RunSqliteShell(path,
                           "DROP TRIGGER events_no_update;\n"
                           "UPDATE events SET reason = 'x' WHERE chain_id = 'chain-b' AND seq = 2;",
                           &out),
            0)
      << out;
  auto db = OpenMigrated(path);
  VerifyReport r = VerifyNow(*db);
  EXPECT_FALSE(r.ok);
  ASSERT_TRUE(r.first_broken.has_value());
  EXPECT_EQ(r.first_broken->where, BrokenLink::Where::kEvent);
  EXPECT_EQ(r.first_broken->chain_id, "chain-b");
  EXPECT_EQ(r.first_broken->seq, 2);
  // Format 2: the hash commits to the payload digest, which no longer matches.
  EXPECT_EQ(r.first_broken->reason, "event.payload_mismatch");
}

TEST(EventLogTest, VerifyNamesRemovedMiddleEvent) {
  TempDir dir;
  const std::string path = dir.File("gap.db");
  {
    auto db = OpenMigrated(path);
    AppendN(*db, "chain-a", 4);
  }
  std::string out;
  ASSERT_EQ(RunSqliteShell(path,
                           "DROP TRIGGER events_no_delete;\n"
                           "DELETE FROM events WHERE chain_id = 'chain-a' AND seq = 2;",
                           &out),
            0)
      << out;
  auto db = OpenMigrated(path);
  VerifyReport r = VerifyNow(*db);
  ASSERT_TRUE(r.first_broken.has_value());
  EXPECT_EQ(r.first_broken->chain_id, "chain-a");
  EXPECT_EQ(r.first_broken->seq, 2);
  EXPECT_EQ(r.first_broken->reason, "event.seq_gap");
}

TEST(EventLogTest, CheckpointDetectsTruncatedAndVanishedChains) {
  TempDir dir;
  const std::string path = dir.File("cp.db");
  {
    auto db = OpenMigrated(path);
    AppendN(*db, "chain-a", 3);
    AppendN(*db, "chain-b", 2);
    auto txn = Transaction::Begin(*db, Transaction::Mode::kWrite);
    auto cp = EventLog(*db).Checkpoint(Instant{10});
    ASSERT_TRUE(cp.ok());
    EXPECT_EQ(*cp, 1);
    ASSERT_TRUE(txn->Commit().ok());
    AppendN(*db, "chain-a", 1);  // chain-a now has 4 events; only chain-a changes
    auto txn2 = Transaction::Begin(*db, Transaction::Mode::kWrite);
    ASSERT_TRUE(EventLog(*db).Checkpoint(Instant{20}).ok());
    ASSERT_TRUE(txn2->Commit().ok());
    EXPECT_EQ(*db->QueryInt("SELECT count(*) FROM checkpoint_tails WHERE checkpoint_seq = 2"), 1);
    VerifyReport r = VerifyNow(*db);
    EXPECT_TRUE(r.ok);
    EXPECT_EQ(r.checkpoints_checked, 2);
  }
  // Per-chain hashing alone cannot see a cut-off tail; the checkpoint does.
  std::string out;
  ASSERT_EQ(RunSqliteShell(path,
                           "DROP TRIGGER events_no_delete;\n"
                           "DELETE FROM events WHERE chain_id = 'chain-b';",
                           &out),
            0)
      << out;
  auto db = OpenMigrated(path);
  VerifyReport r = VerifyNow(*db);
  EXPECT_FALSE(r.ok);
  ASSERT_TRUE(r.first_broken.has_value());
  EXPECT_EQ(r.first_broken->where, BrokenLink::Where::kCheckpoint);
  EXPECT_EQ(r.first_broken->chain_id, "chain-b");
  EXPECT_EQ(r.first_broken->seq, 1);  // sealed by checkpoint 1
  EXPECT_EQ(r.first_broken->reason, "checkpoint.tail_missing");
  // A new checkpoint refuses to seal over the damage.
  auto txn = Transaction::Begin(*db, Transaction::Mode::kWrite);
  EXPECT_EQ(EventLog(*db).Checkpoint(Instant{30}).status().reason(), "store.chain_shrunk");
}

TEST(EventLogTest, HashCoversEveryField) {
  Event e;
  e.chain_id = "c";
  e.seq = 1;
  e.at = Instant{1};
  e.actor = Worker();
  e.action = "a";
  const Sha256Digest base = EventHash(e, "{}");
  Event f = e;
  f.actor.role = Role::kSupervisor;
  EXPECT_NE(EventHash(f, "{}"), base);
  f = e;
  f.actor.rights = kRightSelfApprove;
  EXPECT_NE(EventHash(f, "{}"), base);
  f = e;
  f.at = Instant{2};
  EXPECT_NE(EventHash(f, "{}"), base);
  f = e;
  f.state_hash[0] = 1;
  EXPECT_NE(EventHash(f, "{}"), base);
  EXPECT_NE(EventHash(e, "{\"a\":1}"), base);
  // Length prefixes: moving a byte between adjacent fields changes the hash.
  f = e;
  f.actor.person_id = "person-";
  f.actor.agency_id = "1agency-1";
  EXPECT_NE(EventHash(f, "{}"), base);
}

}  // namespace
}  // namespace atensi::store
