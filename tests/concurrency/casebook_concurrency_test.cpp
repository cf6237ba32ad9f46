// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Concurrency: several processes and threads doing transitions and referrals
// (ReferOut / ReturnFromReferral) and contacts on one database file for a
// bounded time (ATENSI_CONCURRENCY_SECONDS, default 3). Every writer reads a
// case, then acts at the version it read (optimistic concurrency, casebook.h).
// Checked afterwards:
//   - no lost update: every successful Act advanced its case by exactly one
//     version, so the sum over cases of (version - initial version) equals
//     the number of successes reported by all workers, and each case's history
//     has exactly `version` events;
//   - stale writes are reported as Conflict ("lifecycle.version_conflict" when
//     the stale version is seen on reading, "store.version_conflict" when
//     another writer committed between the read and the write);
//   - no error escapes unexplained: every failure is a Conflict or a Busy
//     "store.busy" (the busy timeout ran out), nothing else;
//   - the file passes integrity_check and every audit chain verifies.
// Label `concurrency`: tools/test-sanitizers.sh runs it under TSan.

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "atensi/casebook.h"
#include "reliability/store_harness.h"
#include "store/trusted_reads.h"

namespace atensi::testing {
namespace {

struct Counts {
  std::uint64_t ok = 0;
  std::uint64_t conflict = 0;
  std::uint64_t busy = 0;
  std::uint64_t other = 0;
  std::uint64_t referrals = 0;  // successful ReferOut + ReturnFromReferral

  void Add(const Counts& c) {
    ok += c.ok;
    conflict += c.conflict;
    busy += c.busy;
    other += c.other;
    referrals += c.referrals;
  }
};

int Seconds() {
  const char* env = std::getenv("ATENSI_CONCURRENCY_SECONDS");
  int s = env != nullptr ? std::atoi(env) : 3;
  return s > 0 ? s : 3;
}

OpenOptions Options(const std::string& path, std::uint64_t seed) {
  OpenOptions o;
  o.path = path;
  o.busy_timeout_ms = 10000;
  o.id_seed = seed;
  return o;
}

cmd::RecordConsent ConsentWithReferral(const Child& child) {
  cmd::RecordConsent c;
  c.guardian_id = child.guardians.at(0).id;
  c.form = ConsentForm::kWritten;
  c.purposes = {ConsentPurpose::kAssessment, ConsentPurpose::kServices,
                ConsentPurpose::kReferralSharing};
  c.document_ref = "form-ref";
  return c;
}

// One worker: until `deadline`, act on random cases at the version it read.
Counts Work(Casebook& book, const std::vector<std::string>& cases, std::uint64_t seed,
            std::chrono::steady_clock::time_point deadline) {
  Counts n;
  std::mt19937_64 rng(seed);
  const Actor actor = Worker("worker-" + std::to_string(seed));
  // Until the deadline; a worker that has not succeeded yet goes on for up to
  // 30 s more (SQLite's write lock is not fair: under a sanitizer on a busy
  // machine one writer can lose every race for a while, but not forever).
  const auto hard_deadline = deadline + std::chrono::seconds(30);
  for (;;) {
    const auto now = std::chrono::steady_clock::now();
    if (now >= hard_deadline || (now >= deadline && n.ok > 0)) break;
    const std::string& id = cases[rng() % cases.size()];
    auto c = internal::Trusted(book).GetCase(id);
    if (!c.ok()) {
      if (c.status().code() == StatusCode::kBusy) {
        ++n.busy;
      } else {
        ++n.other;
        std::fprintf(stderr, "GetCase: %s\n", c.status().ToString().c_str());
      }
      continue;
    }
    Command command = cmd::RecordContact{"checked in"};
    bool referral = false;
    if (c->stage == Stage::kReferredOut) {
      command = cmd::ReturnFromReferral{"back from UPTD PPA"};
      referral = true;
    } else if (rng() % 3 == 0) {
      command = cmd::ReferOut{"uptd-ppa-15", ReferralReason::kSpecialistService, ""};
      referral = true;
    }
    auto r = book.Act(id, c->version, std::move(command), actor);
    if (r.ok()) {
      ++n.ok;
      if (referral) ++n.referrals;
    } else if (r.status().code() == StatusCode::kConflict &&
               (r.status().reason() == "store.version_conflict" ||
                r.status().reason() == "lifecycle.version_conflict")) {
      ++n.conflict;
    } else if (r.status().code() == StatusCode::kBusy && r.status().reason() == "store.busy") {
      ++n.busy;
    } else {
      ++n.other;
      std::fprintf(stderr, "Act: %s\n", r.status().ToString().c_str());
    }
  }
  return n;
}

TEST(CasebookConcurrencyTest, ProcessesAndThreadsOnOneFileLoseNoUpdate) {
  TempDir dir;
  const std::string path = dir.File("shared.db");
  constexpr int kCases = 8;
  constexpr int kProcesses = 2;
  constexpr int kOwnThreads = 2;     // each with its own connection
  constexpr int kSharedThreads = 2;  // sharing one Casebook (internal mutex)

  std::vector<std::string> cases;
  std::int64_t initial_versions = 0;
  {
    SystemClock clock;
    auto book = Casebook::Open(Options(path, 1), clock);
    ASSERT_TRUE(book.ok()) << book.status().ToString();
    for (int i = 0; i < kCases; ++i) {
      auto child =
          (*book)->RegisterChild(MakeChild("Anak " + std::to_string(i), "15.71.01.1001"), Worker());
      ASSERT_TRUE(child.ok()) << child.status().ToString();
      auto c = (*book)->OpenCase(child->id, Request(), Worker());
      ASSERT_TRUE(c.ok()) << c.status().ToString();
      auto c2 = (*book)->Act(c->id, c->version, ConsentWithReferral(*child), Worker());
      ASSERT_TRUE(c2.ok()) << c2.status().ToString();
      cases.push_back(c->id);
      initial_versions += c2->version;
    }
  }

  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(Seconds());
  // Processes first: fork before any thread exists.
  std::vector<std::pair<pid_t, int>> children;
  for (int p = 0; p < kProcesses; ++p) {
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    const pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      ::close(fds[0]);
      SystemClock clock;
      Counts n;
      auto book = Casebook::Open(Options(path, 100 + static_cast<std::uint64_t>(p)), clock);
      if (book.ok()) {
        n = Work(**book, cases, 100 + static_cast<std::uint64_t>(p), deadline);
      } else {
        n.other = 1;
      }
      book = Status(StatusCode::kInternal, "x", "", "closed");  // close before reporting
      const ssize_t w = ::write(fds[1], &n, sizeof n);
      ::_exit(w == static_cast<ssize_t>(sizeof n) ? 0 : 1);
    }
    ::close(fds[1]);
    children.emplace_back(pid, fds[0]);
  }

  std::vector<Counts> thread_counts(kOwnThreads + kSharedThreads);
  std::vector<std::thread> threads;
  SystemClock shared_clock;
  auto shared = Casebook::Open(Options(path, 200), shared_clock);
  ASSERT_TRUE(shared.ok()) << shared.status().ToString();
  for (int t = 0; t < kOwnThreads; ++t) {
    threads.emplace_back([&, t] {
      SystemClock clock;
      const auto seed = 300 + static_cast<std::uint64_t>(t);
      auto book = Casebook::Open(Options(path, seed), clock);
      if (!book.ok()) {
        thread_counts[static_cast<std::size_t>(t)].other = 1;
        return;
      }
      thread_counts[static_cast<std::size_t>(t)] = Work(**book, cases, seed, deadline);
    });
  }
  for (int t = 0; t < kSharedThreads; ++t) {
    threads.emplace_back([&, t] {
      const auto seed = 400 + static_cast<std::uint64_t>(t);
      thread_counts[static_cast<std::size_t>(kOwnThreads + t)] =
          Work(**shared, cases, seed, deadline);
    });
  }
  for (auto& th : threads) th.join();
  shared = Status(StatusCode::kInternal, "x", "", "closed");

  Counts total;
  for (const Counts& c : thread_counts) {
    EXPECT_GT(c.ok, 0u) << "a thread made no progress";
    total.Add(c);
  }
  for (auto [pid, fd] : children) {
    Counts c;
    EXPECT_EQ(::read(fd, &c, sizeof c), static_cast<ssize_t>(sizeof c));
    ::close(fd);
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    EXPECT_GT(c.ok, 0u) << "a process made no progress";
    total.Add(c);
  }
  EXPECT_EQ(total.other, 0u) << "errors other than conflict or busy escaped";

  // The counts add up: no update was lost, none was applied twice.
  SystemClock clock;
  auto book = Casebook::Open(Options(path, 999), clock);
  ASSERT_TRUE(book.ok()) << book.status().ToString();
  std::int64_t versions = 0;
  for (const std::string& id : cases) {
    auto c = internal::Trusted(*book).GetCase(id);
    ASSERT_TRUE(c.ok());
    versions += c->version;
    auto history = internal::Trusted(*book).History(id);
    ASSERT_TRUE(history.ok());
    EXPECT_EQ(static_cast<std::int64_t>(history->size()), c->version);
  }
  EXPECT_EQ(static_cast<std::uint64_t>(versions - initial_versions), total.ok);
  auto verify = internal::Trusted(*book).Verify();
  ASSERT_TRUE(verify.ok()) << verify.status().ToString();
  EXPECT_TRUE(verify->ok);
  book = Status(StatusCode::kInternal, "x", "", "closed");
  EXPECT_EQ(IntegrityCheck(path), "ok");

  std::printf(
      "[concurrency] seconds=%d processes=%d threads=%d cases=%d ok=%llu referrals=%llu "
      "conflicts=%llu busy=%llu other=%llu ops_per_s=%.0f\n",
      Seconds(), kProcesses, kOwnThreads + kSharedThreads, kCases,
      static_cast<unsigned long long>(total.ok), static_cast<unsigned long long>(total.referrals),
      static_cast<unsigned long long>(total.conflict), static_cast<unsigned long long>(total.busy),
      static_cast<unsigned long long>(total.other),
      static_cast<double>(total.ok + total.conflict) / Seconds());
}

}  // namespace
}  // namespace atensi::testing
