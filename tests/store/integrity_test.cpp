// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// The audit trail against an attacker with the sqlite3 shell: events are
// append-only through SQL, and Verify() names the first link an edit broke.

#include <gtest/gtest.h>

#include <string>

#include "atensi/casebook.h"
#include "casebook_fixture.h"
#include "store/migrations.h"
#include "store/trusted_reads.h"

namespace atensi::testing {
namespace {

class IntegrityTest : public CasebookTest {
 protected:
  // One child with a four-event case, and a second child with a one-event case.
  void Populate() {
    child_ = Register("Kartika", "15.71.01.1001");
    case_ = Open(child_);
    case_ = Do(case_, cmd::RecordContact{"visit"});
    case_ = Do(case_, Consent(child_));
    case_ = Do(case_, cmd::StartAssessment{});
    Child other = Register("Lestari", "15.71.01.1002");
    other_ = Open(other);
    auto v = internal::Trusted(book_).Verify();
    ASSERT_TRUE(v.ok());
    ASSERT_TRUE(v->ok);
  }

  VerifyReport VerifyAfterAttack(const std::string& sql) {
    book_.reset();  // the attacker works on the closed file
    Sql(sql);
    Reopen();
    auto v = internal::Trusted(book_).Verify();
    EXPECT_TRUE(v.ok()) << v.status().ToString();
    return v.ok() ? *v : VerifyReport{};
  }

  Child child_;
  Case case_;
  Case other_;
};

TEST_F(IntegrityTest, EventsAreAppendOnlyThroughSql) {
  Populate();
  book_.reset();
  std::string out;
  EXPECT_NE(RunSqliteShell(path_, "UPDATE events SET reason = 'x';", &out), 0);
  EXPECT_NE(out.find("append-only"), std::string::npos) << out;
  EXPECT_NE(RunSqliteShell(path_, "DELETE FROM events;", &out), 0);
  EXPECT_NE(out.find("append-only"), std::string::npos) << out;
  Reopen();
  auto v = internal::Trusted(book_).Verify();
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(v->ok);
  EXPECT_EQ(v->events_checked, 7);
}

TEST_F(IntegrityTest, VerifyNamesAnEventEditedWithTheShell) {
  Populate();
  VerifyReport v = VerifyAfterAttack(
      "DROP TRIGGER events_no_update;\n"
      "UPDATE events SET reason = 'x' WHERE chain_id = '" +
      case_.id + "' AND seq = 2;");
  EXPECT_FALSE(v.ok);
  ASSERT_TRUE(v.first_broken.has_value());
  EXPECT_EQ(v.first_broken->where, BrokenLink::Where::kEvent);
  EXPECT_EQ(v.first_broken->chain_id, case_.id);
  EXPECT_EQ(v.first_broken->seq, 2);
  // Format 2: the hash commits to the payload digest, which no longer matches.
  EXPECT_EQ(v.first_broken->reason, "event.payload_mismatch");
}

TEST_F(IntegrityTest, VerifyNamesAnEditedActor) {
  Populate();
  VerifyReport v = VerifyAfterAttack(
      "DROP TRIGGER events_no_update;\n"
      "UPDATE events SET actor_person = 'someone-else' WHERE chain_id = '" +
      case_.id + "' AND seq = 3;");
  ASSERT_TRUE(v.first_broken.has_value());
  EXPECT_EQ(v.first_broken->chain_id, case_.id);
  EXPECT_EQ(v.first_broken->seq, 3);
}

TEST_F(IntegrityTest, DeletingTheLastEventIsDetectedViaCheckpoint) {
  Populate();
  ASSERT_TRUE(book_->Checkpoint().ok());
  // The attacker removes the newest event and rolls the case row back with
  // it, so the chain and the record agree; only the checkpoint remembers.
  VerifyReport v = VerifyAfterAttack(
      "DROP TRIGGER events_no_delete;\n"
      "DELETE FROM events WHERE chain_id = '" +
      case_.id +
      "' AND seq = 4;\n"
      "UPDATE cases SET version = 3 WHERE id = '" +
      case_.id + "';");
  EXPECT_FALSE(v.ok);
  ASSERT_TRUE(v.first_broken.has_value());
  EXPECT_EQ(v.first_broken->where, BrokenLink::Where::kCheckpoint);
  EXPECT_EQ(v.first_broken->chain_id, case_.id);
  EXPECT_EQ(v.first_broken->seq, 1);
  EXPECT_EQ(v.first_broken->reason, "checkpoint.tail_missing");
}

TEST_F(IntegrityTest, DeletingAWholeChainAndItsRecordIsDetectedViaCheckpoint) {
  Populate();
  ASSERT_TRUE(book_->Checkpoint().ok());
  VerifyReport v = VerifyAfterAttack(
      "DROP TRIGGER events_no_delete;\n"
      "DELETE FROM events WHERE chain_id = '" +
      other_.id +
      "';\n"
      "DELETE FROM cases WHERE id = '" +
      other_.id + "';");
  ASSERT_TRUE(v.first_broken.has_value());
  EXPECT_EQ(v.first_broken->where, BrokenLink::Where::kCheckpoint);
  EXPECT_EQ(v.first_broken->chain_id, other_.id);
  EXPECT_EQ(v.first_broken->reason, "checkpoint.tail_missing");
  // Checkpoint() refuses to seal over the damage.
  EXPECT_EQ(book_->Checkpoint().reason(), "store.chain_shrunk");
}

TEST_F(IntegrityTest, DeletedLastEventWithoutCheckpointShowsAsVersionMismatch) {
  Populate();
  VerifyReport v = VerifyAfterAttack(
      "DROP TRIGGER events_no_delete;\n"
      "DELETE FROM events WHERE chain_id = '" +
      case_.id + "' AND seq = 4;");
  ASSERT_TRUE(v.first_broken.has_value());
  EXPECT_EQ(v.first_broken->where, BrokenLink::Where::kRecord);
  EXPECT_EQ(v.first_broken->chain_id, case_.id);
  EXPECT_EQ(v.first_broken->reason, "record.version_mismatch");
}

TEST_F(IntegrityTest, EditedCaseDocumentIsDetected) {
  Populate();
  VerifyReport v = VerifyAfterAttack(
      "UPDATE cases SET doc = replace(doc, 'worker-1', 'worker-9') "
      "WHERE id = '" +
      case_.id + "';");
  ASSERT_TRUE(v.first_broken.has_value());
  EXPECT_EQ(v.first_broken->where, BrokenLink::Where::kRecord);
  EXPECT_EQ(v.first_broken->chain_id, case_.id);
  EXPECT_EQ(v.first_broken->seq, 4);
  EXPECT_EQ(v.first_broken->reason, "record.state_mismatch");
}

TEST_F(IntegrityTest, DeletedRecordWithIntactChainIsDetected) {
  Populate();
  VerifyReport v = VerifyAfterAttack("DELETE FROM cases WHERE id = '" + other_.id + "';");
  ASSERT_TRUE(v.first_broken.has_value());
  EXPECT_EQ(v.first_broken->where, BrokenLink::Where::kRecord);
  EXPECT_EQ(v.first_broken->chain_id, other_.id);
  EXPECT_EQ(v.first_broken->reason, "record.missing");
}

TEST_F(IntegrityTest, CheckpointsChainAndVerify) {
  Populate();
  ASSERT_TRUE(book_->Checkpoint().ok());
  case_ = Do(case_, cmd::AssignWorker{"worker-2"});
  ASSERT_TRUE(book_->Checkpoint().ok());
  auto v = internal::Trusted(book_).Verify();
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(v->ok);
  EXPECT_EQ(v->checkpoints_checked, 2);
  // Rewriting a checkpoint's time breaks its hash.
  VerifyReport bad = VerifyAfterAttack(
      "DROP TRIGGER checkpoints_no_update;\nUPDATE checkpoints SET at = 0 WHERE seq = 1;");
  ASSERT_TRUE(bad.first_broken.has_value());
  EXPECT_EQ(bad.first_broken->where, BrokenLink::Where::kCheckpoint);
  EXPECT_EQ(bad.first_broken->seq, 1);
  EXPECT_EQ(bad.first_broken->reason, "checkpoint.hash_mismatch");
}

TEST_F(CasebookTest, AutomaticCheckpoints) {
  book_.reset();
  OpenOptions o;
  o.path = path_;
  o.checkpoint_every = 3;
  auto book = Casebook::Open(o, clock_);
  ASSERT_TRUE(book.ok());
  auto child = (*book)->RegisterChild(MakeChild("Maya", "15.71.01.1001"), Worker());
  ASSERT_TRUE(child.ok());
  auto c = (*book)->OpenCase(child->id, Request(), Worker());
  ASSERT_TRUE(c.ok());
  for (int i = 0; i < 4; ++i) {
    clock_.AdvanceMillis(1000);
    c = (*book)->Act(c->id, c->version, cmd::AssignWorker{"w" + std::to_string(i)}, Worker());
    ASSERT_TRUE(c.ok());
  }
  // 6 mutations, one checkpoint after every third.
  auto v = internal::Trusted(*book).Verify();
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(v->ok);
  EXPECT_EQ(v->checkpoints_checked, 2);
}

TEST_F(CasebookTest, OpenRefusesANewerSchema) {
  book_.reset();
  Sql("PRAGMA user_version = 99;");
  OpenOptions o;
  o.path = path_;
  auto book = Casebook::Open(o, clock_);
  EXPECT_EQ(book.status().code(), StatusCode::kUnsupported);
  EXPECT_EQ(book.status().reason(), "store.schema_newer");
}

TEST(CasebookOpenTest, MigratesAnEmptyFileAndRefusesMissingFileWithoutCreate) {
  TempDir dir;
  ManualClock clock(StartTime());
  OpenOptions o;
  o.path = dir.File("fresh.db");
  o.create_if_missing = false;
  EXPECT_EQ(Casebook::Open(o, clock).status().reason(), "store.not_found");
  {  // an empty file (0 bytes) is a valid empty SQLite database
    std::ofstream touch(o.path);
  }
  auto book = Casebook::Open(o, clock);
  ASSERT_TRUE(book.ok()) << book.status().ToString();
  auto v = internal::Trusted(*book).Verify();
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(v->ok);
  EXPECT_EQ(v->events_checked, 0);
  book->reset();
  std::string out;
  ASSERT_EQ(RunSqliteShell(o.path, "PRAGMA user_version; PRAGMA journal_mode;", &out), 0);
  EXPECT_EQ(out, std::to_string(store::LatestSchemaVersion()) + "\nwal\n");
}

}  // namespace
}  // namespace atensi::testing
