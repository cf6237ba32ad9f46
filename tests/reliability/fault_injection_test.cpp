// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// I/O fault injection under every public mutating Casebook operation
// (SQLite "How SQLite Is Tested" §3.2 I/O error tests; the loop of
// test/malloc_common.tcl): for each operation and each fault kind (read,
// write, sync, lock failing with IOERR, FULL or BUSY, transient or
// persistent), fail the 1st, 2nd, 3rd, ... call of that kind until the
// operation succeeds without the fault firing. After every failure:
//   - the operation returned a clear error (IoError "store.io" or Busy
//     "store.busy"), never OK with a partial write, never a crash;
//   - the file passes PRAGMA integrity_check after reopening;
//   - the audit chains verify (Casebook::Verify);
//   - the database equals either the state before or the state after the
//     operation (all or nothing), never a mixture.

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cstdio>
#include <string>
#include <vector>

#include "atensi/casebook.h"
#include "fault_vfs.h"
#include "store/trusted_reads.h"
#include "store_harness.h"

namespace atensi::testing {
namespace {

struct FaultKind {
  FaultOp op;
  int error;
  bool persistent;
  const char* label;
  bool shm_locks = true;
};

std::vector<FaultKind> Kinds() {
  return {
      {FaultOp::kRead, SQLITE_IOERR_READ, false, "read IOERR transient"},
      {FaultOp::kRead, SQLITE_IOERR_READ, true, "read IOERR persistent"},
      {FaultOp::kWrite, SQLITE_IOERR_WRITE, false, "write IOERR transient"},
      {FaultOp::kWrite, SQLITE_IOERR_WRITE, true, "write IOERR persistent"},
      {FaultOp::kWrite, SQLITE_FULL, false, "write FULL transient"},
      {FaultOp::kWrite, SQLITE_FULL, true, "write FULL persistent"},
      {FaultOp::kSync, SQLITE_IOERR_FSYNC, false, "sync IOERR transient"},
      {FaultOp::kSync, SQLITE_IOERR_FSYNC, true, "sync IOERR persistent"},
      {FaultOp::kLock, SQLITE_BUSY, false, "lock BUSY transient"},
      // File locks only: a persistent BUSY on the wal-index locks costs ~10 s
      // of SQLite retries per point; WalLockContentionIsBusy covers it once.
      {FaultOp::kLock, SQLITE_BUSY, true, "lock BUSY persistent", false},
      {FaultOp::kLock, SQLITE_IOERR_LOCK, false, "lock IOERR transient"},
  };
}

// Totals over the whole suite, printed for docs/reliability.md.
struct Totals {
  std::uint64_t iterations = 0;
  std::uint64_t faults_fired = 0;
  std::uint64_t failures_returned = 0;
  std::uint64_t absorbed = 0;  // fault fired but the operation still succeeded
};
Totals& TotalsRef() {
  static Totals t;
  return t;
}

class FaultInjectionTest : public ::testing::TestWithParam<int> {
 protected:
  static void SetUpTestSuite() { FaultVfs::Get(); }
  static void TearDownTestSuite() {
    const Totals& t = TotalsRef();
    std::printf(
        "[fault-injection] iterations=%llu faults_fired=%llu failures_returned=%llu "
        "absorbed=%llu\n",
        static_cast<unsigned long long>(t.iterations),
        static_cast<unsigned long long>(t.faults_fired),
        static_cast<unsigned long long>(t.failures_returned),
        static_cast<unsigned long long>(t.absorbed));
  }
};

TEST_P(FaultInjectionTest, EveryFaultPointLeavesBeforeOrAfterState) {
  const ScenarioOp op = MutatingOperations().at(static_cast<std::size_t>(GetParam()));
  SCOPED_TRACE(op.name);
  TempDir dir;
  const std::string baseline = dir.File("baseline.db");
  const ScenarioIds ids = BuildBaseline(baseline);
  ASSERT_FALSE(ids.case_a.empty());
  const std::string before = DumpDatabase(baseline);
  ASSERT_FALSE(before.empty());

  // The state after: the operation without faults, through the shim.
  const std::string work = dir.File("work.db");
  std::string after;
  {
    CopyDatabase(baseline, work);
    ManualClock clock(StartTime().PlusMillis(60'000));
    auto book = Casebook::Open(ScenarioOptions(work, FaultVfs::kName), clock);
    ASSERT_TRUE(book.ok()) << book.status().ToString();
    const Status st = op.run(**book, ids);
    ASSERT_TRUE(st.ok()) << st.ToString();
  }
  after = DumpDatabase(work);
  ASSERT_NE(after, before) << "the operation must change something";

  FaultVfs& vfs = FaultVfs::Get();
  for (const FaultKind& kind : Kinds()) {
    SCOPED_TRACE(kind.label);
    bool done = false;
    for (std::uint64_t n = 1; !done && n <= 400; ++n) {
      SCOPED_TRACE("fault at call " + std::to_string(n));
      CopyDatabase(baseline, work);
      ManualClock clock(StartTime().PlusMillis(60'000));
      Status st;
      bool fired = false;
      {
        auto book = Casebook::Open(ScenarioOptions(work, FaultVfs::kName), clock);
        ASSERT_TRUE(book.ok()) << book.status().ToString();
        vfs.Arm(FaultPlan{kind.op, n, kind.error, kind.persistent, kind.shm_locks});
        st = op.run(**book, ids);
        fired = vfs.fired();
        vfs.Disarm();
        // The handle stays usable for reads after the fault is gone.
        auto verify = internal::Trusted(*book).Verify();
        if (verify.ok()) {
          EXPECT_TRUE(verify->ok) << verify->first_broken->reason;
        }
      }
      ++TotalsRef().iterations;
      if (fired) ++TotalsRef().faults_fired;
      if (!st.ok()) {
        ++TotalsRef().failures_returned;
        EXPECT_TRUE(fired) << "failed without an injected fault: " << st.ToString();
        EXPECT_TRUE(st.code() == StatusCode::kIo || st.code() == StatusCode::kBusy)
            << st.ToString();
        EXPECT_TRUE(st.reason() == "store.io" || st.reason() == "store.busy") << st.ToString();
        EXPECT_FALSE(st.message().empty());
      } else if (fired) {
        ++TotalsRef().absorbed;
      }
      ASSERT_EQ(IntegrityCheck(work), "ok");
      const std::string now = DumpDatabase(work);
      if (st.ok()) {
        EXPECT_EQ(now, after) << "succeeded but the state is not the state after";
      } else {
        EXPECT_TRUE(now == before || now == after) << "partial state after " << st.ToString();
      }
      {
        auto book = Casebook::Open(ScenarioOptions(work), clock);
        ASSERT_TRUE(book.ok()) << book.status().ToString();
        auto verify = internal::Trusted(*book).Verify();
        ASSERT_TRUE(verify.ok()) << verify.status().ToString();
        EXPECT_TRUE(verify->ok) << verify->first_broken->reason;
      }
      done = st.ok() && !fired;
      if (::testing::Test::HasFatalFailure()) return;
    }
    EXPECT_TRUE(done) << "the operation never succeeded";
  }
}

// A persistent BUSY on every lock, the wal-index locks included: SQLite gives
// up with SQLITE_PROTOCOL after its own retries; atensi reports Busy, not an
// internal error, and writes nothing.
TEST(FaultInjectionWalTest, WalLockContentionIsBusy) {
  TempDir dir;
  const std::string path = dir.File("wal.db");
  const ScenarioIds ids = BuildBaseline(path);
  const std::string before = DumpDatabase(path);
  FaultVfs& vfs = FaultVfs::Get();
  ManualClock clock(StartTime().PlusMillis(60'000));
  Status st;
  {
    auto book = Casebook::Open(ScenarioOptions(path, FaultVfs::kName), clock);
    ASSERT_TRUE(book.ok()) << book.status().ToString();
    vfs.Arm(FaultPlan{FaultOp::kLock, 1, SQLITE_BUSY, true, true});
    st = MutatingOperations().at(0).run(**book, ids);
    vfs.Disarm();
  }
  EXPECT_EQ(st.code(), StatusCode::kBusy) << st.ToString();
  EXPECT_EQ(st.reason(), "store.busy");
  EXPECT_EQ(IntegrityCheck(path), "ok");
  EXPECT_EQ(DumpDatabase(path), before);
}

INSTANTIATE_TEST_SUITE_P(AllMutations, FaultInjectionTest,
                         ::testing::Range(0, static_cast<int>(MutatingOperations().size())),
                         [](const ::testing::TestParamInfo<int>& p) {
                           std::string name =
                               MutatingOperations().at(static_cast<std::size_t>(p.param)).name;
                           std::string out;
                           for (char c : name) {
                             if (std::isalnum(static_cast<unsigned char>(c))) out.push_back(c);
                           }
                           return out;
                         });

}  // namespace
}  // namespace atensi::testing
