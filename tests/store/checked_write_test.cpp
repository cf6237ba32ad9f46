// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// The bulk-import write path (docs/performance.md, workload 1):
// CaseStore::BeginCheckedWrite inside a batch (no savepoint; a write that
// cannot be undone alone dooms the whole batch), UpdateCase writing only the
// index columns that changed, and the kept deadlines left alone when they
// did not change. Every case keeps "one operation, one transaction, all or
// nothing" (common rules; casebook.h).

#include <gtest/gtest.h>

#include <string>

#include "atensi/lifecycle/lifecycle_json.h"
#include "atensi/store/case_store.h"
#include "casebook_fixture.h"
#include "store/trusted_reads.h"
#include "store_test_util.h"

namespace atensi::testing {
namespace {

class CheckedWriteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SqliteStoreOptions o;
    o.path = dir_.File("store.db");
    auto s = OpenSqliteCaseStore(o);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::move(s).value();
  }
  Child NewChild(const std::string& id, const std::string& nik) {
    Child c = MakeChild("Anak", "15.71.01.1001", nik);
    c.id = id;
    return c;
  }
  Status Insert(const Child& c) {
    EventDraft d;
    d.action = "register_child";
    d.changes = NewRecordChanges(ToJson(c));
    return store_->InsertChild(c, d, AuditStamp{Worker(), StartTime()}).status();
  }
  bool Stored(const std::string& id) {
    auto txn = store_->BeginRead();
    EXPECT_TRUE(txn.ok());
    return store_->GetChild(id).ok();
  }

  TempDir dir_;
  std::unique_ptr<CaseStore> store_;
};

constexpr const char* kA = "0193a000-0000-7000-8000-0000000000a1";
constexpr const char* kB = "0193a000-0000-7000-8000-0000000000b2";

// Outside a transaction a checked write is a write transaction of its own.
TEST_F(CheckedWriteTest, OutsideABatchItIsAWriteTransaction) {
  {
    auto txn = store_->BeginCheckedWrite();
    ASSERT_TRUE(txn.ok());
    ASSERT_TRUE(Insert(NewChild(kA, "1571014505150001")).ok());
    ASSERT_TRUE((*txn)->Commit().ok());
  }
  EXPECT_TRUE(Stored(kA));
  {
    auto txn = store_->BeginCheckedWrite();
    ASSERT_TRUE(txn.ok());
    ASSERT_TRUE(Insert(NewChild(kB, "1571014505150002")).ok());
    // No Commit: rolled back.
  }
  EXPECT_FALSE(Stored(kB));
}

// A checked operation refused before it wrote (a unique NIK refused by the
// INSERT itself writes nothing) leaves the batch free to commit the rest.
TEST_F(CheckedWriteTest, ARefusalThatWroteNothingLetsTheBatchCommit) {
  auto outer = store_->BeginWrite();
  ASSERT_TRUE(outer.ok());
  {
    auto op = store_->BeginCheckedWrite();
    ASSERT_TRUE(op.ok());
    ASSERT_TRUE(Insert(NewChild(kA, "1571014505150001")).ok());
    ASSERT_TRUE((*op)->Commit().ok());
  }
  {
    auto op = store_->BeginCheckedWrite();
    ASSERT_TRUE(op.ok());
    Status dup = Insert(NewChild(kB, "1571014505150001"));  // the same NIK
    EXPECT_EQ(dup.code(), StatusCode::kAlreadyExists) << dup.ToString();
  }  // ends without Commit, having written nothing
  ASSERT_TRUE((*outer)->Commit().ok());
  EXPECT_TRUE(Stored(kA));
  EXPECT_FALSE(Stored(kB));
}

// All or nothing: a checked operation that ends without Commit after it
// wrote cannot be undone alone, so the whole batch refuses to commit and
// rolls back, including what earlier operations wrote.
TEST_F(CheckedWriteTest, APartialWriteDoomsTheWholeBatch) {
  auto outer = store_->BeginWrite();
  ASSERT_TRUE(outer.ok());
  {
    auto op = store_->BeginCheckedWrite();
    ASSERT_TRUE(op.ok());
    ASSERT_TRUE(Insert(NewChild(kA, "1571014505150001")).ok());
    ASSERT_TRUE((*op)->Commit().ok());
  }
  {
    auto op = store_->BeginCheckedWrite();
    ASSERT_TRUE(op.ok());
    ASSERT_TRUE(Insert(NewChild(kB, "1571014505150002")).ok());
    // Fails after its write (no Commit).
  }
  Status commit = (*outer)->Commit();
  EXPECT_EQ(commit.code(), StatusCode::kInternal);
  EXPECT_EQ(commit.reason(), "store.batch_partial_write");
  outer->reset();
  EXPECT_FALSE(Stored(kA));
  EXPECT_FALSE(Stored(kB));
  // The next transaction starts clean.
  auto next = store_->BeginWrite();
  ASSERT_TRUE(next.ok());
  ASSERT_TRUE(Insert(NewChild(kA, "1571014505150001")).ok());
  ASSERT_TRUE((*next)->Commit().ok());
  EXPECT_TRUE(Stored(kA));
}

// The Casebook's import path: in a Batch, a second registration of the same
// roster row is refused (before any write) and the batch goes on.
class CheckedWriteCasebookTest : public CasebookTest {};

TEST_F(CheckedWriteCasebookTest, BatchGoesOnAfterARefusedRegistration) {
  Status s = book_->Batch([&]() -> Status {
    Child a = MakeChild("Satu", "15.71.01.1001", "1571014505150001");
    ATENSI_ASSIGN_OR_RETURN(Child stored, book_->RegisterChild(a, Worker()));
    Result<Child> dup =
        book_->RegisterChild(MakeChild("Dua", "15.71.01.1001", "1571014505150001"), Worker());
    if (dup.ok() || dup.status().reason() != "store.nik_taken") {
      return Internal("test", "the duplicate NIK was not refused");
    }
    ATENSI_RETURN_IF_ERROR(book_->OpenCase(stored.id, Request(), Worker()).status());
    return book_->RegisterChild(MakeChild("Tiga", "15.71.01.1001"), Worker()).status();
  });
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(Sql("SELECT count(*) FROM children;"), "2\n");
  EXPECT_EQ(Sql("SELECT count(*) FROM cases;"), "1\n");
  auto v = internal::Trusted(book_).Verify();
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(v->ok);
}

// UpdateCase SETs only the index columns that changed; every column still
// ends equal to the new version, and the version guard still holds.
TEST_F(CheckedWriteCasebookTest, UpdateWritesTheChangedColumnsAndKeepsTheGuard) {
  Child child = Register("Siti", "15.71.01.1001", "1571014505150001");
  Case c = Open(child);
  c = Do(c, cmd::RecordContact{"home visit"});  // first contact: a deadline met
  c = Do(c, Consent(child));
  Case assessed = Do(c, cmd::StartAssessment{});  // stage, version and deadlines change
  EXPECT_EQ(Sql("SELECT stage, version FROM cases;"),
            std::to_string(static_cast<int>(assessed.stage)) + "|" +
                std::to_string(assessed.version) + "\n");
  // A stale version is a conflict and writes nothing.
  auto stale = book_->Act(c.id, c.version, cmd::StartAssessment{}, Worker());
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.status().code(), StatusCode::kConflict);
  EXPECT_EQ(Sql("SELECT version FROM cases;"), std::to_string(assessed.version) + "\n");
  // The kept deadlines follow the new stage (due_page_test checks them in
  // depth); the chain and the row still verify.
  auto v = internal::Trusted(book_).Verify();
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(v->ok);
}

}  // namespace
}  // namespace atensi::testing
