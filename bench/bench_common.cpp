// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0

#include "bench_common.h"

#include <sys/resource.h>
#include <time.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <random>
#include <thread>
#include <utility>

#include "atensi/lifecycle/case.h"
#include "atensi/lifecycle/command.h"
#include "atensi/lifecycle/deadline.h"
#include "atensi/lifecycle/lifecycle_json.h"
#include "atensi/lifecycle/transition.h"
#include "atensi/store/case_store.h"
#include "atensi/uuid.h"

namespace atensi::bench {
namespace {

std::int64_t EnvInt(const char* name, std::int64_t fallback) {
  const char* v = std::getenv(name);
  if (v == nullptr || *v == '\0') return fallback;
  return std::strtoll(v, nullptr, 10);
}

constexpr int kBatch = 20'000;  // mutations per generation transaction

// The earliest pending deadline, as the Casebook indexes it (casebook.cpp).
CaseIndex IndexOf(const Case& c, std::optional<RegionCode> region, const LifecyclePolicy& policy) {
  CaseIndex index;
  index.region = region;
  for (DueItem item : DueItems(c, c.opened_at, Duration::Days(365 * 100), policy.deadlines)) {
    if (!index.next_due_at || item.due_at < *index.next_due_at) index.next_due_at = item.due_at;
    item.overdue = false;
    index.pending.push_back(item);  // kept deadlines (DuePage, schema version 4)
  }
  return index;
}

template <typename T>
T Must(Result<T> r, std::string_view what) {
  if (!r.ok()) Die(what, r.status().ToString());
  return std::move(r).value();
}

void MustOk(const Status& s, std::string_view what) {
  if (!s.ok()) Die(what, s.ToString());
}

void GenerateRange(const std::string& path, std::int64_t first, std::int64_t end,
                   std::int64_t cases, std::uint64_t shard);

}  // namespace

void Die(std::string_view what, std::string_view detail) {
  std::fprintf(stderr, "bench: %.*s failed: %.*s\n", static_cast<int>(what.size()), what.data(),
               static_cast<int>(detail.size()), detail.data());
  std::abort();
}

std::int64_t DatasetCases() { return EnvInt("ATENSI_BENCH_CASES", 1'000'000); }

std::string DataDir() {
  const char* v = std::getenv("ATENSI_BENCH_DIR");
  std::string dir = (v != nullptr && *v != '\0') ? v : "/tmp/atensi-bench";
  std::filesystem::create_directories(dir);
  return dir;
}

Instant DatasetNow() { return StartOfDayUtc(Must(MakeDate(2026, 6, 1), "date")).PlusHours(3); }

const std::vector<RegionCode>& JambiVillages() {
  static const std::vector<RegionCode> villages = [] {
    std::vector<RegionCode> out;
    const RegionTable& t = RegionTable::Official();
    for (const RegionCode& regency : JambiRegencies()) {
      for (const Region& district : t.Children(regency)) {
        for (const Region& village : t.Children(district.code)) out.push_back(village.code);
      }
    }
    std::sort(out.begin(), out.end());
    return out;
  }();
  return villages;
}

const std::vector<RegionCode>& JambiRegencies() {
  static const std::vector<RegionCode> regencies = [] {
    std::vector<RegionCode> out;
    const RegionTable& t = RegionTable::Official();
    for (const Region& r : t.Children(Must(RegionCode::Parse("15"), "region"))) {
      out.push_back(r.code);
    }
    std::sort(out.begin(), out.end());
    return out;
  }();
  return regencies;
}

Child SyntheticChild(std::int64_t i, std::uint64_t seed) {
  std::mt19937_64 rng(seed ^ (static_cast<std::uint64_t>(i) * 0x9E3779B97F4A7C15ull));
  const auto& villages = JambiVillages();
  Child c;
  static constexpr const char* kNames[] = {"Siti", "Budi", "Ani",   "Dewi",  "Rizky", "Putri",
                                           "Agus", "Nur",  "Fajar", "Indah", "Joko",  "Sari"};
  c.name = std::string(kNames[rng() % 12]) + " " + kNames[rng() % 12] + " " + std::to_string(i);
  c.sex = (rng() & 1u) != 0 ? Sex::kFemale : Sex::kMale;
  const int year = 2012 + static_cast<int>(rng() % 10);  // 3..14 years old at 2026
  c.birth_date =
      Must(MakeDate(year, 1 + static_cast<int>(rng() % 12), 1 + static_cast<int>(rng() % 28)),
           "birth date");
  c.domicile_region = villages[rng() % villages.size()].dotted();
  c.roster_key = "B" + std::to_string(seed) + "/" + std::to_string(i);
  c.has_birth_certificate = (rng() % 4) != 0;
  Guardian g;
  g.name = "Ibu " + std::string(kNames[rng() % 12]);
  g.role = GuardianRole::kMother;
  g.id = RecordIdGenerator(rng()).Next(DatasetNow()).ToString();
  c.guardians.push_back(std::move(g));
  return c;
}

Actor BenchActor() {
  Actor a;
  a.person_id = "worker.bench";
  a.agency_id = "dinsos.15.71";
  a.role = Role::kCaseWorker;
  return a;
}

std::string EnsureDataset(std::int64_t cases) {
  const std::string path = DataDir() + "/cases_" + std::to_string(cases) + ".db";
  const std::string marker = path + ".done";
  if (std::filesystem::exists(marker)) {
    // Bring a cached file up to this build's schema (migrations run on
    // open), so no timed open pays for a migration.
    SqliteStoreOptions so;
    so.path = path;
    so.synchronous = Synchronous::kOff;
    so.create_if_missing = false;
    const double t0 = NowSeconds();
    Must(OpenSqliteCaseStore(so), "migrate dataset").reset();
    if (NowSeconds() - t0 > 1) {
      std::fprintf(stderr, "bench: dataset opened/migrated in %.1f s\n", NowSeconds() - t0);
    }
    return path;
  }
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
  const double t0 = NowSeconds();
  // Shards: contiguous ranges of case numbers generated in parallel into
  // separate files (the work is CPU-bound and every case's chains are
  // independent), then appended to shard 0's file in order. Case numbers
  // grow with the opening time and ids are time-ordered UUIDv7, so shard k's
  // ids all sort after shard k-1's and the append extends each b-tree at its
  // end. Deterministic for a given (cases, shards).
  const int shards = static_cast<int>(
      std::clamp<std::int64_t>(EnvInt("ATENSI_BENCH_GEN_THREADS", cases >= 20'000 ? 2 : 1), 1, 16));
  std::vector<std::string> paths;
  for (int k = 0; k < shards; ++k) {
    paths.push_back(k == 0 ? path : path + ".shard" + std::to_string(k));
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(paths.back() + suffix);
  }
  {
    std::vector<std::thread> workers;
    for (int k = 0; k < shards; ++k) {
      const std::int64_t first = cases * k / shards;
      const std::int64_t end = cases * (k + 1) / shards;
      workers.emplace_back([&paths, k, first, end, cases] {
        GenerateRange(paths[static_cast<std::size_t>(k)], first, end, cases,
                      static_cast<std::uint64_t>(k));
      });
    }
    for (std::thread& w : workers) w.join();
  }
  if (shards > 1) {
    const double m0 = NowSeconds();
    RawDb raw(path, 0);
    for (int k = 1; k < shards; ++k) {
      const std::string& shard = paths[static_cast<std::size_t>(k)];
      raw.Exec("ATTACH DATABASE '" + shard + "' AS shard");
      raw.Exec("BEGIN");
      // The tables generation writes (record rows and their events).
      for (const char* table : {"children", "cases", "events", "case_deadlines", "roster_facts",
                                "routing_decisions", "referrals", "transfers"}) {
        sqlite3_stmt* has = raw.Prepare(
            std::string("SELECT count(*) FROM shard.sqlite_master WHERE type = 'table' AND "
                        "name = '") +
            table + "'");
        CheckRc(raw.handle(), sqlite3_step(has), "shard tables");
        const bool exists = sqlite3_column_int64(has, 0) > 0;
        sqlite3_reset(has);
        if (!exists) continue;
        raw.Exec(std::string("INSERT INTO main.") + table + " SELECT * FROM shard." + table);
      }
      raw.Exec("COMMIT");
      raw.Exec("DETACH DATABASE shard");
      for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(shard + suffix);
    }
    std::fprintf(stderr, "bench: merged %d shards in %.1f s\n", shards, NowSeconds() - m0);
  }
  {
    RawDb raw(path, 0);
    raw.Exec("PRAGMA wal_checkpoint(TRUNCATE)");
    raw.Exec("ANALYZE");
  }
  std::ofstream(marker) << "generated in " << (NowSeconds() - t0) << " s (" << shards
                        << " shards)\n";
  std::fprintf(stderr, "bench: generated %lld cases in %.1f s (%d shards) -> %s\n",
               static_cast<long long>(cases), NowSeconds() - t0, shards, path.c_str());
  return path;
}

namespace {

// Generates cases [first, end) of a `cases`-case dataset into a new file.
void GenerateRange(const std::string& path, std::int64_t first, std::int64_t end,
                   std::int64_t cases, std::uint64_t shard) {
  SqliteStoreOptions so;
  so.path = path;
  so.synchronous = Synchronous::kOff;
  std::unique_ptr<CaseStore> store = Must(OpenSqliteCaseStore(so), "open dataset");
  const LifecyclePolicy policy;
  RecordIdGenerator ids(20260601 + shard);
  const Actor actor = BenchActor();
  const Instant now = DatasetNow();
  const std::int64_t span_ms = 3LL * 365 * 86'400'000;
  const Instant start = now.PlusMillis(-span_ms);
  std::mt19937_64 rng(7 + shard);

  std::unique_ptr<CaseStore::Txn> txn = Must(store->BeginWrite(), "begin");
  int in_txn = 0;
  for (std::int64_t i = first; i < end; ++i) {
    const Instant opened = start.PlusMillis(span_ms / cases * i);
    Child draft = SyntheticChild(i, 1);
    draft.id = ids.Next(opened).ToString();
    for (Guardian& g : draft.guardians) g.id = ids.Next(opened).ToString();
    Child child =
        Must(ValidateChild(draft, DateAt(opened, policy.utc_offset_minutes)), "validate child");
    const std::optional<RegionCode> region =
        Must(RegionCode::Parse(child.domicile_region), "domicile");
    EventDraft reg;
    reg.action = "register_child";
    reg.changes = NewRecordChanges(ToJson(child));
    MustOk(store->InsertChild(child, reg, AuditStamp{actor, opened}).status(), "insert child");

    OpenCaseRequest req;
    req.case_id = ids.Next(opened).ToString();
    req.source = (rng() % 3) == 0 ? CaseSource::kSelfReport : CaseSource::kOutreach;
    req.categories.Add(static_cast<AmpkCategory>(1 + rng() % 15));
    const std::uint64_t r = rng() % 10;
    req.risk = r < 7 ? RiskLevel::kLow : (r < 9 ? RiskLevel::kMedium : RiskLevel::kHigh);
    req.lead_agency_id = "dinsos." + child.domicile_region.substr(0, 5);
    req.assigned_worker_id = "worker." + std::to_string(rng() % 2000);
    Transition t = Must(OpenCase(child, req, actor, opened, policy, {}), "open case");
    MustOk(store
               ->InsertCase(t.next, IndexOf(t.next, region, policy), t.event,
                            AuditStamp{actor, opened})
               .status(),
           "insert case");
    Case current = std::move(t.next);
    auto act = [&](Command command, Instant at) {
      Transition step =
          Must(Decide(current, child, command, actor, at, policy, current.version), "decide");
      MustOk(store
                 ->UpdateCase(step.next, current.version, IndexOf(step.next, region, policy),
                              step.event, AuditStamp{actor, at})
                 .status(),
             "update case");
      current = std::move(step.next);
    };
    act(cmd::RecordContact{"home visit"}, opened.PlusHours(20));
    cmd::RecordLegalBasis basis;
    basis.legal_basis_id = ids.Next(opened).ToString();
    basis.kind = LegalBasisKind::kEmergencyProtection;
    basis.reference = "SK/" + std::to_string(i);
    basis.issued_on = DateAt(opened, policy.utc_offset_minutes);
    act(basis, opened.PlusHours(22));
    const bool old = now.ms - opened.ms > 60LL * 86'400'000;
    if (old) {
      cmd::Close close;
      close.reason = (i % 2) == 0 ? ClosureReason::kNotEligible : ClosureReason::kRedirected;
      act(close, opened.PlusDays(10));
    } else if (i % 2 == 0) {
      act(cmd::StartAssessment{}, opened.PlusDays(1));
    } else {
      act(cmd::AssignWorker{"worker.b" + std::to_string(i % 500)}, opened.PlusDays(1));
    }
    in_txn += 5;
    if (in_txn >= kBatch) {
      MustOk(txn->Commit(), "commit");
      txn = Must(store->BeginWrite(), "begin");
      in_txn = 0;
    }
  }
  MustOk(txn->Commit(), "commit");
}

}  // namespace

double CpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

double ThreadCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

double PeakRssMb() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_maxrss) / 1024.0;
}

double Latencies::Percentile(double p) const {
  if (samples_.empty()) return 0;
  std::vector<double> s = samples_;
  const auto k =
      static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(s.size())) - 1 < 0
                                   ? 0
                                   : std::ceil(p / 100.0 * static_cast<double>(s.size())) - 1);
  const std::size_t idx = std::min(k, s.size() - 1);
  std::nth_element(s.begin(), s.begin() + static_cast<std::ptrdiff_t>(idx), s.end());
  return s[idx];
}

double Latencies::Mean() const {
  return samples_.empty() ? 0 : Total() / static_cast<double>(samples_.size());
}

double Latencies::Total() const { return std::accumulate(samples_.begin(), samples_.end(), 0.0); }

void CheckRc(sqlite3* db, int rc, std::string_view what) {
  if (rc == SQLITE_OK || rc == SQLITE_DONE || rc == SQLITE_ROW) return;
  Die(what, db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
}

RawDb::RawDb(const std::string& path, int synchronous, bool read_only) {
  const int flags = read_only ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  CheckRc(db_, sqlite3_open_v2(path.c_str(), &db_, flags, nullptr), "raw open");
  if (!read_only) Exec("PRAGMA journal_mode = WAL");
  static constexpr const char* kSync[] = {"PRAGMA synchronous = OFF", "PRAGMA synchronous = NORMAL",
                                          "PRAGMA synchronous = FULL"};
  Exec(kSync[std::clamp(synchronous, 0, 2)]);
}

RawDb::~RawDb() {
  for (sqlite3_stmt* s : stmts_) sqlite3_finalize(s);
  sqlite3_close_v2(db_);
}

void RawDb::Exec(std::string_view sql) {
  const std::string text(sql);
  CheckRc(db_, sqlite3_exec(db_, text.c_str(), nullptr, nullptr, nullptr), text);
}

sqlite3_stmt* RawDb::Prepare(std::string_view sql) {
  sqlite3_stmt* s = nullptr;
  CheckRc(db_,
          sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                             SQLITE_PREPARE_PERSISTENT, &s, nullptr),
          sql);
  stmts_.push_back(s);
  return s;
}

void RunDone(sqlite3* db, sqlite3_stmt* stmt) {
  int rc = SQLITE_ROW;
  while (rc == SQLITE_ROW) rc = sqlite3_step(stmt);
  CheckRc(db, rc, "step");
  sqlite3_reset(stmt);
}

void CopyFile(const std::string& from, const std::string& to) {
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(to + suffix);
  std::filesystem::copy_file(from, to);
  if (std::filesystem::exists(from + "-wal"))
    std::filesystem::copy_file(from + "-wal", to + "-wal");
}

}  // namespace atensi::bench
