// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Power loss (SQLite src/test6.c; LevelDB db/fault_injection_test.cc): the
// FaultVfs keeps every write in memory until xSync makes it durable. A
// scenario of Casebook operations runs with a simulated power failure at the
// 1st, 2nd, 3rd, ... sync; the crash drops every unsynced write and freezes
// the disk. After "rebooting" (closing, restarting the VFS, reopening with
// the ordinary VFS):
//   - the file passes PRAGMA integrity_check and the audit chains verify;
//   - no committed operation is lost: every operation that returned OK
//     before the crash is in the database;
//   - nothing uncommitted is visible: the database is exactly the state after
//     the last committed operation, or after the operation that was running
//     when the power failed (whose commit record may have reached the disk
//     before the failure was reported).
// With synchronous = FULL (the default) this is SQLite's WAL durability
// guarantee; the test checks that atensi keeps it end to end.

#include <gtest/gtest.h>

#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include "atensi/casebook.h"
#include "fault_vfs.h"
#include "store/trusted_reads.h"
#include "store_harness.h"

namespace atensi::testing {
namespace {

struct Ctx {
  std::string child_a;
  std::string child_b;
  std::string case_a;
  std::int64_t version_a = 0;
  std::string case_b;
};

struct Step {
  const char* name;
  std::function<Status(Casebook&, Ctx&)> run;
};

template <typename T>
Status Keep(Result<T> r, const std::function<void(const T&)>& keep) {
  if (!r.ok()) return r.status();
  keep(*r);
  return Status::Ok();
}

std::vector<Step> Scenario() {
  return {
      {"register A",
       [](Casebook& b, Ctx& c) {
         return Keep<Child>(
             b.RegisterChild(MakeChild("Anak A", "15.71.01.1001", "1571014505150001"), Worker()),
             [&](const Child& x) { c.child_a = x.id; });
       }},
      {"register B",
       [](Casebook& b, Ctx& c) {
         return Keep<Child>(b.RegisterChild(MakeChild("Anak B", "15.71.01.1002"), Worker()),
                            [&](const Child& x) { c.child_b = x.id; });
       }},
      {"open case A",
       [](Casebook& b, Ctx& c) {
         return Keep<Case>(b.OpenCase(c.child_a, Request(), Worker()), [&](const Case& x) {
           c.case_a = x.id;
           c.version_a = x.version;
         });
       }},
      {"contact",
       [](Casebook& b, Ctx& c) {
         return Keep<Case>(b.Act(c.case_a, c.version_a, cmd::RecordContact{"visit"}, Worker()),
                           [&](const Case& x) { c.version_a = x.version; });
       }},
      {"consent",
       [](Casebook& b, Ctx& c) {
         auto child = internal::Trusted(b).GetChild(c.child_a);
         if (!child.ok()) return child.status();
         return Keep<Case>(b.Act(c.case_a, c.version_a, Consent(*child), Worker()),
                           [&](const Case& x) { c.version_a = x.version; });
       }},
      {"start assessment",
       [](Casebook& b, Ctx& c) {
         return Keep<Case>(b.Act(c.case_a, c.version_a, cmd::StartAssessment{}, Worker()),
                           [&](const Case& x) { c.version_a = x.version; });
       }},
      {"update child A",
       [](Casebook& b, Ctx& c) {
         auto child = internal::Trusted(b).GetChild(c.child_a);
         if (!child.ok()) return child.status();
         Child next = *child;
         next.domicile_region = "15.71.01.1003";
         return b.UpdateChild(next, Worker(), "moved").status();
       }},
      {"checkpoint", [](Casebook& b, Ctx&) { return b.Checkpoint(); }},
      {"open case B",
       [](Casebook& b, Ctx& c) {
         return Keep<Case>(b.OpenCase(c.child_b, Request(), Worker()),
                           [&](const Case& x) { c.case_b = x.id; });
       }},
      {"close case A",
       [](Casebook& b, Ctx& c) {
         return Keep<Case>(b.Act(c.case_a, c.version_a,
                                 cmd::Close{ClosureReason::kLostContact, "moved away"}, Worker()),
                           [&](const Case& x) { c.version_a = x.version; });
       }},
  };
}

// Runs steps from the first until one fails; returns how many succeeded.
// `after_each` sees the state after each successful step.
std::size_t RunScenario(Casebook& book, ManualClock& clock,
                        const std::function<void(std::size_t)>& after_each) {
  Ctx ctx;
  const auto steps = Scenario();
  for (std::size_t i = 0; i < steps.size(); ++i) {
    clock.AdvanceMillis(1000);
    if (!steps[i].run(book, ctx).ok()) return i;
    after_each(i + 1);
  }
  return steps.size();
}

TEST(PowerLossTest, CrashAtEverySyncLosesNothingCommittedAndShowsNothingUncommitted) {
  FaultVfs& vfs = FaultVfs::Get();
  TempDir dir;
  const std::string path = dir.File("power.db");
  const std::size_t step_count = Scenario().size();

  // Reference states: dumps[i] = the database after i steps.
  std::vector<std::string> dumps;
  {
    ManualClock clock(StartTime());
    auto book = Casebook::Open(ScenarioOptions(path), clock);
    ASSERT_TRUE(book.ok()) << book.status().ToString();
    dumps.push_back(DumpDatabase(path));
    const std::size_t done =
        RunScenario(**book, clock, [&](std::size_t) { dumps.push_back(DumpDatabase(path)); });
    ASSERT_EQ(done, step_count);
  }
  for (std::size_t i = 1; i < dumps.size(); ++i) ASSERT_NE(dumps[i], dumps[i - 1]) << i;

  std::uint64_t crashes = 0;
  std::uint64_t crashes_in_open = 0;
  std::uint64_t lost_in_flight = 0;
  bool finished = false;
  for (std::uint64_t k = 1; !finished && k <= 2000; ++k) {
    SCOPED_TRACE("power failure at sync " + std::to_string(k));
    for (const char* s : {"", "-wal", "-shm"}) std::remove((path + s).c_str());
    ManualClock clock(StartTime());
    vfs.Restart();
    vfs.SetPowerLoss(true);
    vfs.ArmCrashAtSync(k);
    std::size_t committed = 0;
    {
      auto book = Casebook::Open(ScenarioOptions(path, FaultVfs::kName), clock);
      if (book.ok()) {
        committed = RunScenario(**book, clock, [](std::size_t) {});
      } else {
        ++crashes_in_open;
        EXPECT_TRUE(vfs.crashed()) << book.status().ToString();
      }
    }  // the Casebook closes on a frozen disk: nothing more reaches it
    const bool crashed = vfs.crashed();
    vfs.SetPowerLoss(false);
    vfs.Restart();
    if (!crashed) {
      EXPECT_EQ(committed, step_count);
      finished = true;
    } else {
      ++crashes;
    }

    ASSERT_EQ(IntegrityCheck(path), "ok");
    {
      ManualClock reboot(StartTime().PlusDays(1));
      auto book = Casebook::Open(ScenarioOptions(path), reboot);
      ASSERT_TRUE(book.ok()) << book.status().ToString();
      auto verify = internal::Trusted(*book).Verify();
      ASSERT_TRUE(verify.ok()) << verify.status().ToString();
      EXPECT_TRUE(verify->ok) << verify->first_broken->reason;
    }
    const std::string now = DumpDatabase(path);
    const bool exact = now == dumps[committed];
    const bool in_flight = committed < step_count && now == dumps[committed + 1];
    EXPECT_TRUE(exact || in_flight)
        << "after " << committed << " committed steps the file holds another state";
    if (in_flight) ++lost_in_flight;
    if (::testing::Test::HasFailure()) return;
  }
  EXPECT_TRUE(finished);
  std::printf(
      "[power-loss] crash_points=%llu crashes_during_open=%llu in_flight_kept=%llu "
      "durable_syncs=%llu dropped_bytes=%llu\n",
      static_cast<unsigned long long>(crashes), static_cast<unsigned long long>(crashes_in_open),
      static_cast<unsigned long long>(lost_in_flight),
      static_cast<unsigned long long>(vfs.durable_syncs()),
      static_cast<unsigned long long>(vfs.dropped_bytes()));
}

// The harness has teeth: with synchronous = OFF nothing is ever synced, so a
// power failure after the whole scenario loses committed operations, and the
// check above would have caught it (OpenOptions documents OFF as "for
// throwaway databases").
TEST(PowerLossTest, WithSynchronousOffCommittedWorkIsLostAndDetected) {
  FaultVfs& vfs = FaultVfs::Get();
  TempDir dir;
  const std::string path = dir.File("nosync.db");
  vfs.Restart();
  vfs.SetPowerLoss(true);
  std::size_t committed = 0;
  {
    ManualClock clock(StartTime());
    OpenOptions o = ScenarioOptions(path, FaultVfs::kName);
    o.synchronous = Synchronous::kOff;
    auto book = Casebook::Open(o, clock);
    ASSERT_TRUE(book.ok()) << book.status().ToString();
    committed = RunScenario(**book, clock, [](std::size_t) {});
    vfs.Crash();
  }
  vfs.SetPowerLoss(false);
  vfs.Restart();
  EXPECT_EQ(committed, Scenario().size());
  ManualClock clock(StartTime());
  auto reopened = Casebook::Open(ScenarioOptions(path), clock);
  ASSERT_TRUE(reopened.ok()) << reopened.status().ToString();
  auto cases = internal::Trusted(*reopened).CasesByChildNik("1571014505150001");
  // The committed registration and case are gone: the loss is visible.
  EXPECT_TRUE(!cases.ok() || cases->empty());
}

// Without the crash, the power-loss VFS is transparent: the shadowed file
// after close equals the reference run (guards the harness itself).
TEST(PowerLossTest, ShadowedFilesWithoutACrashAreTheSameDatabase) {
  FaultVfs& vfs = FaultVfs::Get();
  TempDir dir;
  const std::string a = dir.File("a.db");
  const std::string b = dir.File("b.db");
  {
    ManualClock clock(StartTime());
    auto book = Casebook::Open(ScenarioOptions(a), clock);
    ASSERT_TRUE(book.ok());
    ASSERT_EQ(RunScenario(**book, clock, [](std::size_t) {}), Scenario().size());
  }
  vfs.SetPowerLoss(true);
  {
    ManualClock clock(StartTime());
    auto book = Casebook::Open(ScenarioOptions(b, FaultVfs::kName), clock);
    ASSERT_TRUE(book.ok());
    ASSERT_EQ(RunScenario(**book, clock, [](std::size_t) {}), Scenario().size());
  }
  vfs.SetPowerLoss(false);
  EXPECT_EQ(IntegrityCheck(b), "ok");
  EXPECT_EQ(DumpDatabase(a), DumpDatabase(b));
}

}  // namespace
}  // namespace atensi::testing
