// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Shared pieces of the benchmark suites (docs/performance.md):
//
//   - the run configuration (scale, data directory) read from the
//     environment that tools/bench.sh sets;
//   - the synthetic Jambi dataset: N children, N cases and 5 audit events per
//     child+case, made by the lifecycle core and written by a direct writer
//     (the rows the CaseStore write path would leave, computed with the
//     store's own serialisers and event hashing, inserted in bulk; checked
//     row for row against the CaseStore path by bench/dataset_test.cpp),
//     generated once per data directory;
//   - a raw-SQLite helper for the baselines (plain prepared statements, no
//     domain logic);
//   - a latency recorder for percentiles.
//
// Every workload reports atensi next to its baseline measured in the same
// process, interleaved, so the ratio survives a noisy shared machine.

#ifndef ATENSI_BENCH_BENCH_COMMON_H_
#define ATENSI_BENCH_BENCH_COMMON_H_

#include <sqlite3.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "atensi/actor.h"
#include "atensi/clock.h"
#include "atensi/lifecycle/child.h"
#include "atensi/region.h"

namespace atensi::bench {

// Number of cases in the large dataset: $ATENSI_BENCH_CASES, default
// 1,000,000 (tools/bench.sh --quick sets 200,000).
std::int64_t DatasetCases();

// Where datasets live: $ATENSI_BENCH_DIR, default /tmp/atensi-bench.
std::string DataDir();

// The instant the dataset is "now" at (its last writes are just before).
Instant DatasetNow();

// Every village of Jambi province (15), in code order.
const std::vector<RegionCode>& JambiVillages();

// The regencies of Jambi (15.xx), in code order.
const std::vector<RegionCode>& JambiRegencies();

// A deterministic synthetic child number `i` (no NIK; roster key "B/<i>").
Child SyntheticChild(std::int64_t i, std::uint64_t seed);

// The worker every generated mutation is recorded against.
Actor BenchActor();

// Path of the dataset with `cases` cases, generating it first when absent.
// Children and cases are spread over the Jambi villages; cases were opened
// over the three years before DatasetNow(). Each case has 4 events (open,
// first contact, emergency legal basis, then close as not eligible for cases
// older than 60 days, else start of assessment or worker assignment) and
// each child 1, so the log holds 5 * cases events. Risk: 70% low, 20%
// medium, 10% high (high opens in emergency). Written by the direct writer
// (20,000 cases per transaction, no journal, synchronous=OFF) with
// $ATENSI_BENCH_GEN_THREADS producer threads (default 2 from 20,000 cases)
// making chunks of 2,000 cases; $ATENSI_BENCH_GEN_PATH=store uses the
// CaseStore write path instead (sharded, then merged). The file is left in
// WAL mode, analysed, and verified with the library's Verify up to 200,000
// cases ($ATENSI_BENCH_GEN_VERIFY=0/1 overrides).
std::string EnsureDataset(std::int64_t cases);

// Writes a one-shard `cases`-case dataset to `path` (replacing it): through
// the CaseStore write path when `through_store`, else with the direct writer
// EnsureDataset uses. Both produce the same rows (bench/dataset_test.cpp).
// No merge, no ANALYZE.
void GenerateDatasetFile(const std::string& path, std::int64_t cases, bool through_store);

// Runs the library's Verify (CaseStore::Verify: every chain, hash and record
// row) over the dataset at `path`; dies with the first broken link.
void VerifyDataset(const std::string& path);

// Monotonic seconds.
inline double NowSeconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// CPU seconds used by this process (user + system), for figures that must
// not depend on how many other jobs share the cores.
double CpuSeconds();

// CPU seconds used by the calling thread: per-query CPU time, which a
// time slice lost to another job does not inflate.
double ThreadCpuSeconds();

// Peak resident set size of this process so far, in MB.
double PeakRssMb();

// Latency samples (seconds) with percentiles.
class Latencies {
 public:
  void Add(double seconds) { samples_.push_back(seconds); }
  [[nodiscard]] std::size_t size() const { return samples_.size(); }
  // p in [0, 100]; 0 when empty.
  [[nodiscard]] double Percentile(double p) const;
  [[nodiscard]] double Mean() const;
  [[nodiscard]] double Total() const;

 private:
  std::vector<double> samples_;
};

// A raw SQLite connection for the baselines. Aborts the process on any error
// (a baseline that fails is a broken benchmark, not a result).
class RawDb {
 public:
  explicit RawDb(const std::string& path, int synchronous = 2, bool read_only = false);
  ~RawDb();
  RawDb(const RawDb&) = delete;
  RawDb& operator=(const RawDb&) = delete;

  void Exec(std::string_view sql);
  // A prepared statement owned by this connection (finalized with it).
  sqlite3_stmt* Prepare(std::string_view sql);
  [[nodiscard]] sqlite3* handle() const { return db_; }

 private:
  sqlite3* db_ = nullptr;
  std::vector<sqlite3_stmt*> stmts_;
};

// Steps `stmt` to completion (expecting SQLITE_DONE), then resets it.
void RunDone(sqlite3* db, sqlite3_stmt* stmt);
// Aborts with the SQLite message when rc is not one of the expected codes.
void CheckRc(sqlite3* db, int rc, std::string_view what);

// Copies a file (the baselines work on a copy of an atensi database).
void CopyFile(const std::string& from, const std::string& to);

// Dies with a message on a failed atensi call.
[[noreturn]] void Die(std::string_view what, std::string_view detail);

}  // namespace atensi::bench

#endif  // ATENSI_BENCH_BENCH_COMMON_H_
