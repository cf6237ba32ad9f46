// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0

#include "bench_common.h"

#include <sys/resource.h>
#include <time.h>

#include <algorithm>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
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
#include "store/event_log.h"
#include "store/sqlite_routing_tables.h"

namespace atensi::bench {
namespace {

std::int64_t EnvInt(const char* name, std::int64_t fallback) {
  const char* v = std::getenv(name);
  if (v == nullptr || *v == '\0') return fallback;
  return std::strtoll(v, nullptr, 10);
}

constexpr int kBatch = 20'000;  // mutations (direct writer: cases) per generation transaction
// Cases per generation chunk: each chunk has its own id and random
// generators (seeded by the chunk number), so chunks can be made in any
// order and in parallel and the dataset stays the same bytes.
constexpr std::int64_t kChunk = 2'000;

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
                   std::int64_t cases);
void GenerateDirect(const std::string& path, std::int64_t cases, int threads);

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
  // $ATENSI_BENCH_GEN_PATH=store: the reference CaseStore write path
  // (~1.5x the CPU) instead of the direct writer.
  const char* gen_path = std::getenv("ATENSI_BENCH_GEN_PATH");
  const bool through_store = gen_path != nullptr && std::string_view(gen_path) == "store";
  // Threads: the direct writer's producer threads (one file, no merge), or
  // for the store path shards: contiguous, chunk-aligned ranges of case
  // numbers generated in parallel into separate files, then appended to
  // shard 0's file in order. Case numbers grow with the opening time and ids
  // are time-ordered UUIDv7, so shard k's ids all sort after shard k-1's and
  // the append extends each b-tree at its end. Either way each chunk of
  // kChunk cases has its own seeds: the same data for any thread count.
  const int threads = static_cast<int>(
      std::clamp<std::int64_t>(EnvInt("ATENSI_BENCH_GEN_THREADS", cases >= 20'000 ? 2 : 1), 1, 16));
  const int shards = through_store ? threads : 1;
  std::vector<std::string> paths;
  for (int k = 0; k < shards; ++k) {
    paths.push_back(k == 0 ? path : path + ".shard" + std::to_string(k));
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(paths.back() + suffix);
  }
  {
    std::vector<std::thread> workers;
    for (int k = 0; k < shards; ++k) {
      const std::int64_t first = std::min(cases, cases * k / shards / kChunk * kChunk);
      const std::int64_t end =
          k + 1 == shards ? cases : std::min(cases, cases * (k + 1) / shards / kChunk * kChunk);
      workers.emplace_back([&paths, k, first, end, cases, through_store, threads] {
        if (through_store) {
          GenerateRange(paths[static_cast<std::size_t>(k)], first, end, cases);
        } else {
          GenerateDirect(paths[static_cast<std::size_t>(k)], cases, threads);
        }
      });
    }
    for (std::thread& w : workers) w.join();
  }
  if (shards > 1) {
    const double m0 = NowSeconds();
    RawDb raw(path, 0);
    raw.Exec("PRAGMA journal_mode = OFF");  // generation only; WAL again below
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
    raw.Exec("PRAGMA journal_mode = WAL");
    std::fprintf(stderr, "bench: merged %d shards in %.1f s\n", shards, NowSeconds() - m0);
  }
  {
    RawDb raw(path, 0);
    raw.Exec("PRAGMA wal_checkpoint(TRUNCATE)");
    raw.Exec("ANALYZE");
  }
  // The library's own Verify over the generated file (every chain, hash and
  // record row): by default up to 200,000 cases (the full dataset is
  // verified by bench_verify, workload 7); $ATENSI_BENCH_GEN_VERIFY=1/0
  // forces it on/off.
  if (EnvInt("ATENSI_BENCH_GEN_VERIFY", cases <= 200'000 ? 1 : 0) != 0) {
    const double v0 = NowSeconds();
    VerifyDataset(path);
    std::fprintf(stderr, "bench: verified the dataset in %.1f s\n", NowSeconds() - v0);
  }
  const char* how = through_store ? "store path" : "direct writer";
  std::ofstream(marker) << "generated in " << (NowSeconds() - t0) << " s (" << threads
                        << " threads, " << how << ")\n";
  std::fprintf(stderr, "bench: generated %lld cases in %.1f s (%d threads, %s) -> %s\n",
               static_cast<long long>(cases), NowSeconds() - t0, threads, how, path.c_str());
  return path;
}

void GenerateDatasetFile(const std::string& path, std::int64_t cases, bool through_store) {
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
  if (through_store) {
    GenerateRange(path, 0, cases, cases);
  } else {
    GenerateDirect(path, cases, 1);
  }
}

void VerifyDataset(const std::string& path) {
  SqliteStoreOptions so;
  so.path = path;
  so.create_if_missing = false;
  std::unique_ptr<CaseStore> store = Must(OpenSqliteCaseStore(so), "open dataset for verify");
  std::unique_ptr<CaseStore::Txn> txn = Must(store->BeginRead(), "begin verify");
  const VerifyReport report = Must(store->Verify(), "verify dataset");
  if (!report.ok) {
    const BrokenLink& b = *report.first_broken;
    Die("verify dataset",
        std::string(Name(b.where)) + " " + b.reason + " at seq " + std::to_string(b.seq));
  }
  MustOk(txn->Commit(), "end verify");
}

namespace {

// One generated child with its case: the validated child, its registration
// event, and the case's transitions in order (OpenCase, then four Decide
// steps), each with its instant. Both writers below consume the same
// records, so the data cannot differ between them.
struct CaseRecord {
  Child child;
  std::optional<RegionCode> region;
  EventDraft registration;
  Instant opened;
  std::vector<std::pair<Transition, Instant>> steps;
};

// Makes record `i` of a `cases`-case dataset with the lifecycle core (the
// same calls the Casebook makes). `ids` and `rng` advance as before the
// direct writer existed, so a dataset is the same bytes either way.
class RecordMaker {
 public:
  RecordMaker(std::int64_t cases, std::uint64_t shard)
      : cases_(cases), ids_(20260601 + shard), rng_(7 + shard) {}

  CaseRecord Make(std::int64_t i) {
    const Instant now = DatasetNow();
    const std::int64_t span_ms = 3LL * 365 * 86'400'000;
    const Instant start = now.PlusMillis(-span_ms);
    CaseRecord rec;
    const Instant opened = start.PlusMillis(span_ms / cases_ * i);
    rec.opened = opened;
    Child draft = SyntheticChild(i, 1);
    draft.id = ids_.Next(opened).ToString();
    for (Guardian& g : draft.guardians) g.id = ids_.Next(opened).ToString();
    rec.child =
        Must(ValidateChild(draft, DateAt(opened, policy_.utc_offset_minutes)), "validate child");
    rec.region = Must(RegionCode::Parse(rec.child.domicile_region), "domicile");
    rec.registration.action = "register_child";
    rec.registration.changes = NewRecordChanges(ToJson(rec.child));

    OpenCaseRequest req;
    req.case_id = ids_.Next(opened).ToString();
    req.source = (rng_() % 3) == 0 ? CaseSource::kSelfReport : CaseSource::kOutreach;
    req.categories.Add(static_cast<AmpkCategory>(1 + rng_() % 15));
    const std::uint64_t r = rng_() % 10;
    req.risk = r < 7 ? RiskLevel::kLow : (r < 9 ? RiskLevel::kMedium : RiskLevel::kHigh);
    req.lead_agency_id = "dinsos." + rec.child.domicile_region.substr(0, 5);
    req.assigned_worker_id = "worker." + std::to_string(rng_() % 2000);
    rec.steps.emplace_back(Must(OpenCase(rec.child, req, actor_, opened, policy_, {}), "open case"),
                           opened);
    auto act = [&](Command command, Instant at) {
      const Case& current = rec.steps.back().first.next;
      Transition step =
          Must(Decide(current, rec.child, command, actor_, at, policy_, current.version), "decide");
      rec.steps.emplace_back(std::move(step), at);
    };
    act(cmd::RecordContact{"home visit"}, opened.PlusHours(20));
    cmd::RecordLegalBasis basis;
    basis.legal_basis_id = ids_.Next(opened).ToString();
    basis.kind = LegalBasisKind::kEmergencyProtection;
    basis.reference = "SK/" + std::to_string(i);
    basis.issued_on = DateAt(opened, policy_.utc_offset_minutes);
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
    return rec;
  }

  [[nodiscard]] const LifecyclePolicy& policy() const { return policy_; }
  [[nodiscard]] const Actor& actor() const { return actor_; }

 private:
  std::int64_t cases_;
  LifecyclePolicy policy_;
  RecordIdGenerator ids_;
  std::mt19937_64 rng_;
  Actor actor_ = BenchActor();
};

// The reference path: cases [first, end) of a `cases`-case dataset written
// into a new file through the CaseStore write path (InsertChild, InsertCase,
// four UpdateCase), exactly as the Casebook writes them.
void GenerateRange(const std::string& path, std::int64_t first, std::int64_t end,
                   std::int64_t cases) {
  SqliteStoreOptions so;
  so.path = path;
  so.synchronous = Synchronous::kOff;
  std::unique_ptr<CaseStore> store = Must(OpenSqliteCaseStore(so), "open dataset");
  const LifecyclePolicy policy;
  const Actor actor = BenchActor();
  std::optional<RecordMaker> maker;
  std::unique_ptr<CaseStore::Txn> txn = Must(store->BeginWrite(), "begin");
  int in_txn = 0;
  for (std::int64_t i = first; i < end; ++i) {
    if (i % kChunk == 0) maker.emplace(cases, static_cast<std::uint64_t>(i / kChunk));
    const CaseRecord rec = maker->Make(i);
    MustOk(store->InsertChild(rec.child, rec.registration, AuditStamp{actor, rec.opened}).status(),
           "insert child");
    for (std::size_t k = 0; k < rec.steps.size(); ++k) {
      const auto& [t, at] = rec.steps[k];
      const CaseIndex index = IndexOf(t.next, rec.region, policy);
      if (k == 0) {
        MustOk(store->InsertCase(t.next, index, t.event, AuditStamp{actor, at}).status(),
               "insert case");
      } else {
        MustOk(store
                   ->UpdateCase(t.next, rec.steps[k - 1].first.next.version, index, t.event,
                                AuditStamp{actor, at})
                   .status(),
               "update case");
      }
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

// The direct writer: the same records, with the rows the CaseStore path
// leaves behind computed by the library's own serialisers and hashes
// (ToJson, store::Sha256, store::PayloadDigest, store::EventHash) and
// written with plain prepared INSERTs: each case row and its kept deadlines
// once (its final version), instead of an insert and four updates; no chain
// tail lookups (the writer holds each chain's last hash). The schema comes
// from OpenSqliteCaseStore (same migrations, page size, indexes); the
// rows are bound as SqliteCaseStore::InsertChild / InsertCase /
// WriteDeadlines and EventLog::Append bind them (store not encrypted).
// bench/dataset_test.cpp checks row for row that both paths write the same
// database and that it verifies.

// One event row as EventLog::Append writes it.
struct EventRow {
  Event e;
  std::string changes_text;
};

// Every row one CaseRecord leaves in the database, ready to bind.
struct PreparedCase {
  Child child;
  std::int64_t domicile = 0;
  std::string child_doc;
  std::vector<EventRow> events;  // child's, then the case's in seq order
  Case final_case;
  CaseIndex index;
  std::string case_doc;
};

// EventLog::Append for event `seq` of a chain whose previous hash is
// `prev` (zeros for seq 1); `doc` is the record document after the event
// (its SHA-256 is the state hash, as MakeInput computes).
EventRow MakeEventRow(const std::string& chain_id, ChainKind kind, std::int64_t seq, Instant at,
                      const Actor& actor, const EventDraft& draft, const std::string& doc,
                      const Sha256Digest& prev) {
  EventRow row;
  Event& e = row.e;
  e.chain_id = chain_id;
  e.kind = kind;
  e.seq = seq;
  e.at = at;
  e.actor = actor;
  e.action = draft.action;
  e.reason = draft.reason;
  e.state_hash = store::Sha256(doc);
  e.prev_hash = prev;
  row.changes_text =
      draft.changes.is_null() ? nlohmann::json::object().dump() : draft.changes.dump();
  e.hash_format = kEventHashFormat;
  e.payload_digest = store::PayloadDigest(e.reason, row.changes_text);
  e.hash = store::EventHash(e, row.changes_text);
  return row;
}

// The CPU-heavy half (documents, hashes): runs on any thread.
PreparedCase PrepareCase(CaseRecord rec, const LifecyclePolicy& policy, const Actor& actor) {
  PreparedCase p;
  p.child_doc = ToJson(rec.child).dump();
  p.domicile = rec.region ? static_cast<std::int64_t>(rec.region->packed()) : 0;
  p.events.reserve(1 + rec.steps.size());
  p.events.push_back(MakeEventRow(rec.child.id, ChainKind::kChild, 1, rec.opened, actor,
                                  rec.registration, p.child_doc, Sha256Digest{}));
  Sha256Digest prev{};
  for (std::size_t k = 0; k < rec.steps.size(); ++k) {
    const auto& [t, at] = rec.steps[k];
    p.case_doc = ToJson(t.next).dump();
    p.events.push_back(MakeEventRow(t.next.id, ChainKind::kCase, static_cast<std::int64_t>(k) + 1,
                                    at, actor, t.event, p.case_doc, prev));
    prev = p.events.back().e.hash;
  }
  p.final_case = std::move(rec.steps.back().first.next);
  p.index = IndexOf(p.final_case, rec.region, policy);
  p.child = std::move(rec.child);
  return p;
}

class DirectWriter {
 public:
  explicit DirectWriter(const std::string& path) {
    {
      SqliteStoreOptions so;  // creates the schema exactly as the store does
      so.path = path;
      so.synchronous = Synchronous::kOff;
      Must(OpenSqliteCaseStore(so), "create dataset").reset();
    }
    CheckRc(db_, sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE, nullptr), "open");
    // Generation only: no rollback journal (a failed run leaves no .done
    // marker and is regenerated), a large page cache. WAL is restored below.
    Exec("PRAGMA journal_mode = OFF");
    Exec("PRAGMA synchronous = OFF");
    Exec("PRAGMA cache_size = -131072");
    child_ = Prepare(
        "INSERT INTO children (id, nik, domicile, birth_date, doc, roster_key) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    case_ = Prepare(
        "INSERT INTO cases (id, child_id, version, stage, risk, categories, region, "
        "lead_agency, assigned_worker, next_due_at, opened_at, closed_at, doc, ppks) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)");
    deadline_ = Prepare(
        "INSERT OR REPLACE INTO case_deadlines (case_id, step, due_at, region) "
        "VALUES (?1, ?2, ?3, ?4)");
    event_ = Prepare(
        "INSERT INTO events (chain_id, seq, kind, at, actor_person, actor_agency, "
        "actor_role, actor_rights, action, reason, changes, state_hash, prev_hash, hash, "
        "hash_format, payload_digest, subject_id) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)");
    Exec("BEGIN");
  }
  DirectWriter(const DirectWriter&) = delete;
  DirectWriter& operator=(const DirectWriter&) = delete;

  ~DirectWriter() {
    Exec("COMMIT");
    for (sqlite3_stmt* s : {child_, case_, deadline_, event_}) sqlite3_finalize(s);
    Exec("PRAGMA journal_mode = WAL");  // as the store leaves its files
    sqlite3_close_v2(db_);
  }

  // Inserts the rows in the order the CaseStore path writes them.
  void Write(const PreparedCase& p) {
    const Child& child = p.child;
    BindText(child_, 1, child.id);
    BindOptText(child_, 2, child.nik);
    sqlite3_bind_int64(child_, 3, p.domicile);
    BindText(child_, 4, FormatIsoDate(child.birth_date));
    BindText(child_, 5, p.child_doc);
    BindOptText(child_, 6, child.roster_key);
    RunDone(db_, child_);
    for (const EventRow& row : p.events) WriteEvent(row);

    const Case& c = p.final_case;
    const CaseIndex& index = p.index;
    const std::int64_t region =
        index.region ? static_cast<std::int64_t>(index.region->packed()) : 0;
    BindText(case_, 1, c.id);
    BindText(case_, 2, c.child_id);
    sqlite3_bind_int64(case_, 3, c.version);
    sqlite3_bind_int64(case_, 4, static_cast<std::int64_t>(c.stage));
    sqlite3_bind_int64(case_, 5, static_cast<std::int64_t>(c.risk));
    sqlite3_bind_int64(case_, 6, static_cast<std::int64_t>(c.categories.bits()));
    sqlite3_bind_int64(case_, 7, region);
    BindText(case_, 8, c.lead_agency_id);
    BindText(case_, 9, c.assigned_worker_id);
    if (index.next_due_at) {
      sqlite3_bind_int64(case_, 10, index.next_due_at->ms);
    } else {
      sqlite3_bind_null(case_, 10);
    }
    sqlite3_bind_int64(case_, 11, c.opened_at.ms);
    if (c.closure) {
      sqlite3_bind_int64(case_, 12, c.closure->closed_at.ms);
    } else {
      sqlite3_bind_null(case_, 12);
    }
    BindText(case_, 13, p.case_doc);
    sqlite3_bind_int64(case_, 14, store::PpksBits(c));
    RunDone(db_, case_);
    for (const DueItem& item : index.pending) {
      BindText(deadline_, 1, c.id);
      sqlite3_bind_int64(deadline_, 2, static_cast<std::int64_t>(item.step));
      sqlite3_bind_int64(deadline_, 3, item.due_at.ms);
      sqlite3_bind_int64(deadline_, 4, region);
      RunDone(db_, deadline_);
    }
    if (++in_txn_ >= kBatch) {
      Exec("COMMIT");
      Exec("BEGIN");
      in_txn_ = 0;
    }
  }

 private:
  void WriteEvent(const EventRow& row) {
    const Event& e = row.e;
    BindText(event_, 1, e.chain_id);
    sqlite3_bind_int64(event_, 2, e.seq);
    sqlite3_bind_int64(event_, 3, static_cast<std::int64_t>(e.kind));
    sqlite3_bind_int64(event_, 4, e.at.ms);
    BindText(event_, 5, e.actor.person_id);
    BindText(event_, 6, e.actor.agency_id);
    sqlite3_bind_int64(event_, 7, static_cast<std::int64_t>(e.actor.role));
    sqlite3_bind_int64(event_, 8, static_cast<std::int64_t>(e.actor.rights));
    BindText(event_, 9, e.action);
    BindText(event_, 10, e.reason);
    BindText(event_, 11, row.changes_text);
    BindBlob(event_, 12, e.state_hash);
    BindBlob(event_, 13, e.prev_hash);
    BindBlob(event_, 14, e.hash);
    sqlite3_bind_int64(event_, 15, e.hash_format);
    BindBlob(event_, 16, e.payload_digest);
    sqlite3_bind_null(event_, 17);
    RunDone(db_, event_);
  }

  static void BindText(sqlite3_stmt* s, int i, const std::string& v) {
    sqlite3_bind_text(s, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  }
  static void BindOptText(sqlite3_stmt* s, int i, const std::optional<std::string>& v) {
    if (v) {
      BindText(s, i, *v);
    } else {
      sqlite3_bind_null(s, i);
    }
  }
  static void BindBlob(sqlite3_stmt* s, int i, const Sha256Digest& d) {
    sqlite3_bind_blob(s, i, d.data(), static_cast<int>(d.size()), SQLITE_TRANSIENT);
  }
  void Exec(const char* sql) {
    CheckRc(db_, sqlite3_exec(db_, sql, nullptr, nullptr, nullptr), sql);
  }
  sqlite3_stmt* Prepare(const char* sql) {
    sqlite3_stmt* s = nullptr;
    CheckRc(db_, sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, nullptr), sql);
    return s;
  }

  sqlite3* db_ = nullptr;
  sqlite3_stmt* child_ = nullptr;
  sqlite3_stmt* case_ = nullptr;
  sqlite3_stmt* deadline_ = nullptr;
  sqlite3_stmt* event_ = nullptr;
  int in_txn_ = 0;
};

// The whole dataset into one file with the direct writer: `threads`
// producers make and prepare chunks of kChunk cases (chunk k by producer
// k % threads), the calling thread inserts the chunks in order. No shard
// files and no merge; at most 2 * threads chunks wait in memory.
void GenerateDirect(const std::string& path, std::int64_t cases, int threads) {
  const std::int64_t chunks = (cases + kChunk - 1) / kChunk;
  std::mutex mu;
  std::condition_variable cv;
  std::map<std::int64_t, std::vector<PreparedCase>> ready;
  std::int64_t next_to_write = 0;
  const LifecyclePolicy policy;
  const Actor actor = BenchActor();
  std::vector<std::thread> producers;
  double lifecycle_cpu = 0;
  double prepare_cpu = 0;
  for (int w = 0; w < threads; ++w) {
    producers.emplace_back([&, w] {
      double make_s = 0;
      double prep_s = 0;
      for (std::int64_t chunk = w; chunk < chunks; chunk += threads) {
        {
          // Bounded: wait until the writer is within reach of this chunk.
          std::unique_lock<std::mutex> lock(mu);
          cv.wait(lock, [&] { return chunk < next_to_write + 2 * threads; });
        }
        RecordMaker maker(cases, static_cast<std::uint64_t>(chunk));
        std::vector<PreparedCase> out;
        const std::int64_t end = std::min(cases, (chunk + 1) * kChunk);
        out.reserve(static_cast<std::size_t>(end - chunk * kChunk));
        for (std::int64_t i = chunk * kChunk; i < end; ++i) {
          const double t0 = ThreadCpuSeconds();
          CaseRecord rec = maker.Make(i);
          const double t1 = ThreadCpuSeconds();
          out.push_back(PrepareCase(std::move(rec), policy, actor));
          make_s += t1 - t0;
          prep_s += ThreadCpuSeconds() - t1;
        }
        std::lock_guard<std::mutex> lock(mu);
        ready.emplace(chunk, std::move(out));
        cv.notify_all();
      }
      std::lock_guard<std::mutex> lock(mu);
      lifecycle_cpu += make_s;
      prepare_cpu += prep_s;
    });
  }
  double write_s = 0;
  {
    DirectWriter writer(path);
    for (std::int64_t chunk = 0; chunk < chunks; ++chunk) {
      std::vector<PreparedCase> rows;
      {
        std::unique_lock<std::mutex> lock(mu);
        cv.wait(lock, [&] { return ready.count(chunk) > 0; });
        rows = std::move(ready[chunk]);
        ready.erase(chunk);
      }
      const double t0 = ThreadCpuSeconds();
      for (const PreparedCase& p : rows) writer.Write(p);
      write_s += ThreadCpuSeconds() - t0;
      std::lock_guard<std::mutex> lock(mu);
      next_to_write = chunk + 1;
      cv.notify_all();
    }
  }
  for (std::thread& t : producers) t.join();
  std::fprintf(stderr,
               "bench: generation CPU: lifecycle %.1f s, documents+hashes %.1f s, inserts %.1f s "
               "(%d producer threads)\n",
               lifecycle_cpu, prepare_cpu, write_s, threads);
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
