// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Shared pieces of the PostgreSQL benchmark suites (bench_pg_*.cpp, issue #10,
// docs/performance.md "PostgreSQL"):
//
//   - the server: $ATENSI_BENCH_PG_URI (tools/bench.sh --pg starts a
//     throwaway cluster and sets it); without it every PG binary prints why
//     it skipped and exits 0 (ATENSI_PG_BENCHMARK_MAIN);
//   - one PostgreSQL schema per workload (SchemaUri selects it through the
//     connection's search_path, as the conformance tests do), dropped and
//     created fresh by the workloads that write;
//   - the query dataset: the SQLite benchmark dataset (bench_common.h,
//     written by the library's own serialisers and hash chains) copied row
//     for row into an atensi PostgreSQL store with COPY, plus the
//     PostgreSQL-only columns and tables derived from those rows (partition
//     key `province`, `chains`, `child_keys`). Loaded once per server (the
//     schema carries a marker comment); the load is setup, never timed;
//   - RawPg, a plain libpq connection for the baselines (aborts on any error:
//     a baseline that fails is a broken benchmark, not a result).
//
// Every workload reports atensi next to its raw-libpq baseline measured in
// the same process, interleaved, so the ratio survives a noisy shared
// machine.

#ifndef ATENSI_BENCH_BENCH_PG_COMMON_H_
#define ATENSI_BENCH_BENCH_PG_COMMON_H_

#include <benchmark/benchmark.h>
#include <libpq-fe.h>

#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace atensi::bench {

// $ATENSI_BENCH_PG_URI, or "" when no server is configured.
std::string PgBaseUri();

// `base` with its search_path set to `schema` (libpq `options=-csearch_path=`).
std::string SchemaUri(const std::string& base, const std::string& schema);

// Number of cases in the PostgreSQL query dataset: $ATENSI_BENCH_PG_CASES,
// else $ATENSI_BENCH_CASES, else 1,000,000.
std::int64_t PgDatasetCases();

// A libpq result owner.
using PgResult = std::unique_ptr<PGresult, decltype(&PQclear)>;

// A plain libpq connection for baselines and set-up. Aborts the process with
// the server's message on any error.
class RawPg {
 public:
  explicit RawPg(const std::string& uri);
  ~RawPg();
  RawPg(const RawPg&) = delete;
  RawPg& operator=(const RawPg&) = delete;

  // Runs `sql` (simple protocol, may hold several statements).
  PgResult Exec(std::string_view sql);
  // Prepares `sql` as statement `name` (parameter types inferred).
  void Prepare(const std::string& name, std::string_view sql);
  // Runs a prepared statement with text parameters (nullptr = NULL) or, for
  // entries of `binary` set to true, binary parameters of `lengths` bytes.
  PgResult Run(const std::string& name, const std::vector<const char*>& values,
               const std::vector<int>& lengths = {}, const std::vector<int>& binary = {});
  // COPY ... FROM STDIN: `feed` is called with a sink that sends bytes of
  // COPY text format; returns the rows copied.
  std::int64_t CopyIn(
      std::string_view copy_sql,
      const std::function<void(const std::function<void(std::string_view)>&)>& feed);
  // The value of a server setting (SHOW name).
  std::string Show(std::string_view name);

  [[nodiscard]] PGconn* handle() const { return conn_; }

 private:
  PGconn* conn_ = nullptr;
};

// Drops schema `name` (CASCADE) if it exists and creates it empty.
void RecreateSchema(RawPg& admin, const std::string& name);

// The URI of a PostgreSQL schema holding the query dataset of `cases` cases,
// copying it from the SQLite dataset first when the schema is absent or
// incomplete. The SQLite source is $ATENSI_BENCH_PG_SOURCE when set (an
// existing dataset file, opened read-only), else EnsureDataset(cases)
// (generated and cached in the data directory). Prints the load time.
std::string EnsurePgDataset(std::int64_t cases);

// "fsync=on synchronous_commit=on ..." of the server, for labels.
std::string ServerSettings(RawPg& conn);

// Lowercase hex of `n` bytes (bytea text input is "\\x" + hex).
std::string Hex(const unsigned char* bytes, std::size_t n);

}  // namespace atensi::bench

// main() for a PG benchmark binary: without ATENSI_BENCH_PG_URI it prints
// that it skipped and exits 0 (tools/bench.sh reads no result for it).
#define ATENSI_PG_BENCHMARK_MAIN()                                                \
  int main(int argc, char** argv) {                                               \
    if (::atensi::bench::PgBaseUri().empty()) {                                   \
      std::fprintf(stderr,                                                        \
                   "%s: skipped: no PostgreSQL server (set ATENSI_BENCH_PG_URI, " \
                   "or run tools/bench.sh --pg)\n",                               \
                   argv[0]);                                                      \
      return 0;                                                                   \
    }                                                                             \
    ::benchmark::Initialize(&argc, argv);                                         \
    if (::benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;           \
    ::benchmark::RunSpecifiedBenchmarks();                                        \
    ::benchmark::Shutdown();                                                      \
    return 0;                                                                     \
  }                                                                               \
  int main(int, char**)

#endif  // ATENSI_BENCH_BENCH_PG_COMMON_H_
