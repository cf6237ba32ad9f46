// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// The pipelined chain pass of EventLog::Verify (verify_pipeline.h: the event
// and payload hashes recomputed on a second thread) must give exactly the
// report of the sequential pass: the same counts on an intact log, and the
// same first broken link (chain, seq, reason) whatever was tampered with and
// wherever in the log (first batch, a later batch, the last row). Issue #7
// (audit verify >= 500,000 events/s) is what the pipeline is for; the audit
// trail's integrity rule it must keep is the one of event.h (every event
// hash-linked to its predecessor, every payload matching its digest).

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "store/event_log.h"
#include "store/migrations.h"
#include "store/record_verifier.h"
#include "store/sqlite_db.h"
#include "store_test_util.h"

namespace atensi::store {
namespace {

using ::atensi::testing::RunSqliteShell;
using ::atensi::testing::TempDir;

// 30 chains of 45 events: 1,350 rows, three pipeline batches (512 rows).
constexpr int kChains = 30;
constexpr int kEvents = 45;

std::string ChainName(int c) {
  std::string n = std::to_string(c);
  return "chain-" + std::string(3 - std::min<std::size_t>(3, n.size()), '0') + n;
}

void Fill(const std::string& path) {
  auto db = Db::Open(path, DbOptions{});
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  ASSERT_TRUE(Migrate(**db).ok());
  auto txn = Transaction::Begin(**db, Transaction::Mode::kWrite);
  ASSERT_TRUE(txn.ok());
  EventLog log(**db);
  Actor a;
  a.person_id = "person-1";
  a.agency_id = "agency-1";
  a.role = Role::kCaseWorker;
  for (int c = 0; c < kChains; ++c) {
    for (int i = 0; i < kEvents; ++i) {
      EventInput in;
      in.chain_id = ChainName(c);
      in.kind = ChainKind::kCase;
      in.at = Instant{1000 + i};
      in.actor = a;
      in.action = "act" + std::to_string(i);
      in.reason = "because";
      in.changes = {{"note", {{"before", i}, {"after", i + 1}}}};
      in.state_hash = Sha256(in.action);
      ASSERT_TRUE(log.Append(in).ok());
    }
  }
  ASSERT_TRUE(txn->Commit().ok());
}

// Counts the rows it is shown, and how often it was reset.
class CountingObserver final : public EventRowObserver {
 public:
  Status OnEvent(const Stmt& /*row*/) override {
    ++rows;
    return Status::Ok();
  }
  void Reset() override {
    rows = 0;
    ++resets;
  }
  std::int64_t rows = 0;
  int resets = 0;
};

struct Outcome {
  VerifyReport report;
  std::int64_t observed = 0;
  int resets = 0;
};

Outcome VerifyWith(const std::string& path, bool parallel) {
  Outcome out;
  auto db = Db::Open(path, DbOptions{});
  EXPECT_TRUE(db.ok());
  auto txn = Transaction::Begin(**db, Transaction::Mode::kRead);
  EXPECT_TRUE(txn.ok());
  EventLog log(**db);
  log.set_parallel_verify(parallel);
  CountingObserver observer;
  auto r = log.Verify(&observer);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  if (r.ok()) out.report = *r;
  out.observed = observer.rows;
  out.resets = observer.resets;
  return out;
}

void ExpectSame(const VerifyReport& a, const VerifyReport& b) {
  EXPECT_EQ(a.ok, b.ok);
  EXPECT_EQ(a.events_checked, b.events_checked);
  EXPECT_EQ(a.chains_checked, b.chains_checked);
  ASSERT_EQ(a.first_broken.has_value(), b.first_broken.has_value());
  if (a.first_broken) {
    EXPECT_EQ(a.first_broken->where, b.first_broken->where);
    EXPECT_EQ(a.first_broken->chain_id, b.first_broken->chain_id);
    EXPECT_EQ(a.first_broken->seq, b.first_broken->seq);
    EXPECT_EQ(a.first_broken->reason, b.first_broken->reason);
  }
}

TEST(VerifyPipelineTest, IntactLogGivesTheSequentialCounts) {
  if (std::thread::hardware_concurrency() < 2) GTEST_SKIP() << "one core: no pipeline";
  TempDir dir;
  const std::string path = dir.File("ok.db");
  Fill(path);
  Outcome seq = VerifyWith(path, false);
  Outcome par = VerifyWith(path, true);
  EXPECT_TRUE(par.report.ok);
  EXPECT_EQ(par.report.events_checked, kChains * kEvents);
  EXPECT_EQ(par.report.chains_checked, kChains);
  ExpectSame(par.report, seq.report);
  EXPECT_EQ(par.observed, kChains * kEvents);  // the observer saw every row once
  EXPECT_EQ(par.resets, 0);
}

// Each attack, at the start, in a middle batch and on the last row: the
// pipelined report equals the sequential one, with the expected reason, and
// the observer (reset once) saw exactly the rows the sequential pass showed.
TEST(VerifyPipelineTest, EveryTamperingGivesTheSequentialFirstBrokenLink) {
  if (std::thread::hardware_concurrency() < 2) GTEST_SKIP() << "one core: no pipeline";
  struct Attack {
    const char* name;
    const char* set;  // the SET clause applied to one event
    const char* reason;
  };
  const Attack attacks[] = {
      {"payload", "reason = 'x'", "event.payload_mismatch"},
      {"actor", "actor_person = 'p2'", "event.hash_mismatch"},
      {"stored hash", "hash = zeroblob(32)", "event.hash_mismatch"},
      {"prev link", "prev_hash = zeroblob(32)", "event.prev_hash_mismatch"},
      {"undecodable", "changes = '{not json', hash = zeroblob(32)", "event.undecodable"},
      {"short digest", "state_hash = x'00'", "event.undecodable"},
  };
  struct Where {
    int chain;
    int seq;
  };
  const Where wheres[] = {{0, 2}, {13, 20}, {kChains - 1, kEvents}};
  for (const Attack& attack : attacks) {
    for (const Where& w : wheres) {
      SCOPED_TRACE(std::string(attack.name) + " at " + ChainName(w.chain) + "/" +
                   std::to_string(w.seq));
      TempDir dir;
      const std::string path = dir.File("t.db");
      Fill(path);
      const std::string sql = std::string("DROP TRIGGER events_no_update;\nUPDATE events SET ") +
                              attack.set + " WHERE chain_id = '" + ChainName(w.chain) +
                              "' AND seq = " + std::to_string(w.seq) + ";";
      std::string out;
      ASSERT_EQ(RunSqliteShell(path, sql, &out), 0) << out;
      Outcome seq = VerifyWith(path, false);
      Outcome par = VerifyWith(path, true);
      ASSERT_TRUE(par.report.first_broken.has_value());
      EXPECT_EQ(par.report.first_broken->chain_id, ChainName(w.chain));
      EXPECT_EQ(par.report.first_broken->reason, attack.reason);
      ExpectSame(par.report, seq.report);
      EXPECT_EQ(par.observed, seq.observed);
      EXPECT_EQ(par.resets, 1);
    }
  }
}

TEST(VerifyPipelineTest, RemovedEventGivesTheSequentialGap) {
  if (std::thread::hardware_concurrency() < 2) GTEST_SKIP() << "one core: no pipeline";
  TempDir dir;
  const std::string path = dir.File("gap.db");
  Fill(path);
  std::string out;
  ASSERT_EQ(RunSqliteShell(path,
                           "DROP TRIGGER events_no_delete;\n"
                           "DELETE FROM events WHERE chain_id = 'chain-020' AND seq = 7;",
                           &out),
            0)
      << out;
  Outcome seq = VerifyWith(path, false);
  Outcome par = VerifyWith(path, true);
  ASSERT_TRUE(par.report.first_broken.has_value());
  EXPECT_EQ(par.report.first_broken->reason, "event.seq_gap");
  EXPECT_EQ(par.report.first_broken->seq, 7);
  ExpectSame(par.report, seq.report);
}

// The record checks on their own thread and connection
// (RecordVerifier::StartParallel) against the one-thread record checks:
// 600 child chains of 2 events, each with its children row, so the record
// thread gets three batches of chain summaries (256 chains each).
constexpr int kRecordChains = 600;

std::string ChildName(int c) {
  std::string n = std::to_string(c);
  return "child-" + std::string(4 - std::min<std::size_t>(4, n.size()), '0') + n;
}

void FillRecords(const std::string& path) {
  auto db = Db::Open(path, DbOptions{});
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  ASSERT_TRUE(Migrate(**db).ok());
  auto txn = Transaction::Begin(**db, Transaction::Mode::kWrite);
  ASSERT_TRUE(txn.ok());
  EventLog log(**db);
  Actor a;
  a.person_id = "person-1";
  a.agency_id = "agency-1";
  a.role = Role::kCaseWorker;
  for (int c = 0; c < kRecordChains; ++c) {
    const std::string doc = "{\"n\":" + std::to_string(c) + "}";
    for (int i = 0; i < 2; ++i) {
      EventInput in;
      in.chain_id = ChildName(c);
      in.kind = ChainKind::kChild;
      in.at = Instant{1000 + i};
      in.actor = a;
      in.action = i == 0 ? "register" : "update";
      in.changes = {{"n", {{"before", i}, {"after", c}}}};
      in.state_hash = Sha256(i == 0 ? std::string("{}") : doc);
      ASSERT_TRUE(log.Append(in).ok());
    }
    auto ins = (*db)->Prepare(
        "INSERT INTO children (id, nik, domicile, birth_date, doc) "
        "VALUES (?1, NULL, 0, '2015-01-01', ?2)");
    ASSERT_TRUE(ins.ok());
    const std::string id = ChildName(c);
    ins->Bind(1, std::string_view(id)).Bind(2, std::string_view(doc));
    ASSERT_TRUE(ins->Run().ok());
  }
  ASSERT_TRUE(txn->Commit().ok());
}

struct RecordOutcome {
  VerifyReport report;
  bool started = false;  // StartParallel took effect
};

RecordOutcome VerifyRecords(const std::string& path, bool parallel) {
  RecordOutcome out;
  auto db = Db::Open(path, DbOptions{});
  EXPECT_TRUE(db.ok());
  auto txn = Transaction::Begin(**db, Transaction::Mode::kRead);
  EXPECT_TRUE(txn.ok());
  EventLog log(**db);
  log.set_parallel_verify(parallel);
  RecordVerifier records(**db);
  out.started = parallel && records.StartParallel();
  auto r = log.Verify(&records);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  if (!r.ok()) return out;
  out.report = *r;
  if (!r->ok) return out;
  auto broken = records.Finish();
  EXPECT_TRUE(broken.ok()) << broken.status().ToString();
  if (broken.ok() && *broken) {
    out.report.ok = false;
    out.report.first_broken = **broken;
  }
  return out;
}

TEST(VerifyPipelineTest, RecordThreadGivesTheOneThreadReport) {
  if (std::thread::hardware_concurrency() < 2) GTEST_SKIP() << "one core: no record thread";
  TempDir dir;
  const std::string intact = dir.File("records.db");
  FillRecords(intact);
  RecordOutcome seq = VerifyRecords(intact, false);
  RecordOutcome par = VerifyRecords(intact, true);
  EXPECT_TRUE(par.started);
  EXPECT_TRUE(seq.report.ok);
  EXPECT_EQ(par.report.events_checked, 2 * kRecordChains);
  ExpectSame(par.report, seq.report);

  // Broken records in the first, a middle and the last batch of chains,
  // alone and together: the same record is reported first.
  const std::vector<std::string> attacks = {
      "UPDATE children SET doc = doc || ' ' WHERE id = '" + ChildName(599) + "';",
      "UPDATE children SET doc = doc || ' ' WHERE id IN ('" + ChildName(599) + "', '" +
          ChildName(450) + "');",
      "DELETE FROM children WHERE id = '" + ChildName(300) + "';",
      "DELETE FROM children WHERE id = '" + ChildName(300) +
          "'; UPDATE children SET doc = '{}' "
          "WHERE id = '" +
          ChildName(520) + "';",
      "INSERT INTO children (id, nik, domicile, birth_date, doc) "
      "VALUES ('child-9999', NULL, 0, '2015-01-01', '{}');",
      "INSERT INTO children (id, nik, domicile, birth_date, doc) "
      "VALUES ('child-0100a', NULL, 0, '2015-01-01', '{}'); UPDATE children SET doc = ' ' "
      "WHERE id = '" +
          ChildName(3) + "';",
  };
  for (std::size_t i = 0; i < attacks.size(); ++i) {
    SCOPED_TRACE(attacks[i]);
    const std::string path = dir.File("attack" + std::to_string(i) + ".db");
    std::filesystem::copy_file(intact, path);
    std::string out;
    ASSERT_EQ(RunSqliteShell(path, attacks[i], &out), 0) << out;
    RecordOutcome one = VerifyRecords(path, false);
    RecordOutcome two = VerifyRecords(path, true);
    EXPECT_TRUE(two.started);
    EXPECT_FALSE(one.report.ok);
    ASSERT_TRUE(one.report.first_broken.has_value());
    EXPECT_EQ(one.report.first_broken->where, BrokenLink::Where::kRecord);
    ExpectSame(two.report, one.report);
  }
}

// Without a transaction that has not read yet (here: none at all), the
// record checks stay on the calling thread.
TEST(VerifyPipelineTest, RecordThreadNeedsAFreshTransaction) {
  TempDir dir;
  const std::string path = dir.File("records.db");
  FillRecords(path);
  auto db = Db::Open(path, DbOptions{});
  ASSERT_TRUE(db.ok());
  {
    RecordVerifier records(**db);
    EXPECT_FALSE(records.StartParallel());  // autocommit: no snapshot to share
  }
  auto txn = Transaction::Begin(**db, Transaction::Mode::kRead);
  ASSERT_TRUE(txn.ok());
  ASSERT_TRUE((*db)->Exec("SELECT count(*) FROM children").ok());  // snapshot taken
  RecordVerifier records(**db);
  EXPECT_FALSE(records.StartParallel());
}

}  // namespace
}  // namespace atensi::store
