// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Crash safety: a child process runs a stream of operations on a file
// database (synchronous = FULL) and is killed with SIGKILL at a random
// moment, twenty times over the same file. After every kill the file must
// pass PRAGMA integrity_check, the hash chains must verify, and every
// operation must be all-or-nothing: each case's version (in its JSON
// document and its column) equals the number of events in its chain.

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "atensi/casebook.h"
#include "casebook_fixture.h"
#include "store/trusted_reads.h"

namespace atensi::testing {
namespace {

struct Known {
  std::string id;
  std::int64_t version;
};

// The child process: runs operations until killed. Never returns.
[[noreturn]] void RunStream(const std::string& path, std::uint64_t seed, Instant start,
                            int ops = 5000) {
  ManualClock clock(start);
  OpenOptions o;
  o.path = path;
  o.synchronous = Synchronous::kFull;
  o.id_seed = seed;
  auto opened = Casebook::Open(o, clock);
  if (!opened.ok()) ::_exit(2);
  Casebook& book = **opened;
  std::mt19937_64 rng(seed);
  std::vector<Known> cases;
  std::vector<Child> children;
  {
    CaseloadQuery q;
    q.page_size = 1000;
    auto page = internal::Trusted(book).Caseload(q);
    if (!page.ok()) ::_exit(3);
    for (const CaseSummary& s : page->items) cases.push_back({s.case_id, s.version});
  }
  const Actor actor = Worker("writer-" + std::to_string(seed));
  for (int op = 0; op < ops; ++op) {
    clock.AdvanceMillis(1000);
    const auto dice = rng() % 100;
    if (cases.empty() || dice < 10) {
      auto child = book.RegisterChild(MakeChild("Anak", "15.71.01.1001"), actor);
      if (!child.ok()) continue;
      children.push_back(*child);
      auto c = book.OpenCase(child->id, Request(static_cast<RiskLevel>(1 + rng() % 3)), actor);
      if (c.ok()) cases.push_back({c->id, c->version});
      continue;
    }
    if (dice < 12) {
      book.Checkpoint().IgnoreError();
      continue;
    }
    if (dice < 15 && !children.empty()) {
      Child moved = children[rng() % children.size()];
      moved.domicile_region = (rng() % 2) != 0 ? "15.71.02.1002" : "15.01.01.1004";
      book.UpdateChild(moved, actor, "moved").status().IgnoreError();
      continue;
    }
    Known& k = cases[rng() % cases.size()];
    Command command;
    switch (rng() % 9) {
      case 0:
        command = cmd::RecordContact{"visit"};
        break;
      case 1: {
        auto child =
            internal::Trusted(book).GetChild(internal::Trusted(book).GetCase(k.id)->child_id);
        if (!child.ok()) continue;
        command = Consent(*child);
        break;
      }
      case 2:
        command = cmd::StartAssessment{};
        break;
      case 3:
        command = cmd::AssignWorker{"worker-" + std::to_string(rng() % 5)};
        break;
      case 4:
        command = cmd::SetRisk{static_cast<RiskLevel>(1 + rng() % 3), "review"};
        break;
      case 5:
        command = cmd::AddCategory{static_cast<AmpkCategory>(1 + rng() % 15), {}};
        break;
      case 6:
        command = cmd::Close{ClosureReason::kLostContact, ""};
        break;
      case 7:
        command = cmd::Reopen{"again"};
        break;
      default:
        command = cmd::CompleteAssessment{"summary"};
        break;
    }
    auto next = book.Act(k.id, k.version, command, actor);
    if (next.ok()) k.version = next->version;
  }
  ::_exit(0);
}

std::string Shell(const std::string& path, const std::string& sql) {
  std::string out;
  EXPECT_EQ(RunSqliteShell(path, sql, &out), 0) << out;
  return out;
}

TEST(CrashTest, SigkillAtRandomPointsLeavesAllOrNothing) {
  TempDir dir;
  const std::string path = dir.File("crash.db");
  std::mt19937_64 delays(20261128);
  std::int64_t last_events = 0;
  int kills = 0;
  // 20 rounds; on a loaded machine a killed stream may commit little, so rounds continue
  // (up to 80) until the log holds enough committed events for the test to mean something.
  for (std::uint64_t round = 0; round < 20 || (last_events <= 50 && round < 80); ++round) {
    const Instant start = StartTime().PlusDays(static_cast<std::int64_t>(round));
    pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) RunStream(path, 1000 + round, start);
    const auto delay_ms = 20 + static_cast<int>(delays() % 180);
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
    if (::kill(pid, SIGKILL) == 0) ++kills;
    int wstatus = 0;
    ASSERT_EQ(::waitpid(pid, &wstatus, 0), pid);
    if (WIFEXITED(wstatus)) {
      // Finished its stream before the kill: only a clean exit is acceptable.
      ASSERT_EQ(WEXITSTATUS(wstatus), 0) << "round " << round;
    }

    // Reopen after the crash (this also recovers the WAL).
    ManualClock clock(start);
    OpenOptions o;
    o.path = path;
    auto book = Casebook::Open(o, clock);
    ASSERT_TRUE(book.ok()) << "round " << round << ": " << book.status().ToString();
    auto report = internal::Trusted(*book).Verify();
    ASSERT_TRUE(report.ok()) << report.status().ToString();
    EXPECT_TRUE(report->ok) << "round " << round << ": " << report->first_broken->chain_id << " "
                            << report->first_broken->seq << " " << report->first_broken->reason;
    EXPECT_GE(report->events_checked, last_events);  // nothing committed was lost
    last_events = report->events_checked;
    book->reset();

    EXPECT_EQ(Shell(path, "PRAGMA integrity_check;"), "ok\n") << "round " << round;
    // All-or-nothing: version in the document == version column == events in the chain.
    EXPECT_EQ(Shell(path,
                    "SELECT count(*) FROM cases c WHERE json_extract(c.doc, '$.version') IS NOT "
                    "c.version OR c.version IS NOT (SELECT count(*) FROM events e WHERE e.chain_id "
                    "= c.id);"),
              "0\n")
        << "round " << round;
    // Every child has its registration event; every event chain has its record.
    EXPECT_EQ(Shell(path,
                    "SELECT count(*) FROM children c WHERE NOT EXISTS (SELECT 1 FROM events e "
                    "WHERE e.chain_id = c.id AND e.seq = 1 AND e.action = 'register_child');"),
              "0\n");
  }
  RecordProperty("events", static_cast<int>(last_events));
  RecordProperty("kills", kills);
  EXPECT_GT(kills, 10);
  EXPECT_GT(last_events, 50) << "the streams made too little progress to test anything";
}

TEST(ConcurrencyTest, TwoProcessesWritingOneFile) {
  TempDir dir;
  const std::string path = dir.File("shared.db");
  {
    ManualClock clock(StartTime());
    OpenOptions o;
    o.path = path;
    ASSERT_TRUE(Casebook::Open(o, clock).ok());  // create and migrate once
  }
  std::vector<pid_t> pids;
  for (std::uint64_t w = 0; w < 2; ++w) {
    pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) RunStream(path, 500 + w, StartTime().PlusDays(static_cast<std::int64_t>(w)), 150);
    pids.push_back(pid);
  }
  for (pid_t pid : pids) {
    int wstatus = 0;
    ASSERT_EQ(::waitpid(pid, &wstatus, 0), pid);
    ASSERT_TRUE(WIFEXITED(wstatus));
    EXPECT_EQ(WEXITSTATUS(wstatus), 0);
  }
  ManualClock clock(StartTime());
  OpenOptions o;
  o.path = path;
  auto book = Casebook::Open(o, clock);
  ASSERT_TRUE(book.ok());
  auto report = internal::Trusted(*book).Verify();
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->ok);
  EXPECT_GT(report->events_checked, 100);
  // Both writers' work is there.
  EXPECT_EQ(Shell(path, "SELECT count(DISTINCT actor_person) FROM events;"), "2\n");
  EXPECT_EQ(Shell(path,
                  "SELECT count(*) FROM cases c WHERE c.version IS NOT (SELECT count(*) FROM "
                  "events e WHERE e.chain_id = c.id);"),
            "0\n");
}

}  // namespace
}  // namespace atensi::testing
