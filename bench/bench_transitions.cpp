// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Workload 3: durable single operations, one transaction each, with
// synchronous=FULL (WAL): a stage transition (Casebook::Act, intake ->
// assessment) and a referral status change (Casebook::ActOnReferral, accept).
// Target: >= 0.8 x the baseline's equivalent read-update-insert transaction.
//
// Baseline: the same database file (a byte copy made after setup), opened
// with plain sqlite3 at synchronous=FULL, WAL. One transaction per operation:
// BEGIN IMMEDIATE; read the row's document; read the chain tail; UPDATE the
// row (same columns, document of the same size); INSERT the event (same
// columns, a change set of the same size, three 32-byte digests); COMMIT.
// atensi and baseline operations are interleaved one for one, so both see
// the same disk and CPU contention.

#include <benchmark/benchmark.h>

#include <cstring>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "atensi/casebook.h"
#include "bench_common.h"

namespace atensi::bench {
namespace {

constexpr int kOps = 300;  // measured operations per side

std::string Dir() {
  const std::string d = DataDir() + "/transitions";
  std::filesystem::create_directories(d);
  return d;
}

struct Prepared {
  std::string path;
  std::vector<std::string> case_ids;
  std::vector<std::string> referral_ids;
  std::vector<std::string> referral_to;
};

// Children + cases with an emergency legal basis (StartAssessment's guard),
// written with synchronous=OFF; optionally routed (requested referrals).
Prepared Prepare(const std::string& name, int n, bool route) {
  Prepared p;
  p.path = Dir() + "/" + name + ".db";
  for (const char* s : {"", "-wal", "-shm"}) std::filesystem::remove(p.path + s);
  ManualClock clock(DatasetNow());
  OpenOptions o;
  o.path = p.path;
  o.synchronous = Synchronous::kOff;
  o.id_seed = 5;
  auto book = Casebook::Open(o, clock);
  if (!book.ok()) Die("open", book.status().ToString());
  const Actor actor = BenchActor();
  for (int i = 0; i < n; ++i) {
    auto child = (*book)->RegisterChild(SyntheticChild(i, 3), actor);
    if (!child.ok()) Die("register", child.status().ToString());
    OpenCaseRequest req;
    req.categories.Add(AmpkCategory::kEksploitasiEkonomiSeksual);
    req.risk = RiskLevel::kMedium;
    // The acting agency leads its cases, so the access check (access/case_scope.h)
    // lets the bench worker act on them wherever the child lives.
    req.lead_agency_id = actor.agency_id;
    auto c = (*book)->OpenCase(child->id, req, actor);
    if (!c.ok()) Die("open case", c.status().ToString());
    cmd::RecordLegalBasis basis;
    basis.kind = LegalBasisKind::kEmergencyProtection;
    basis.reference = "SK/" + std::to_string(i);
    basis.issued_on = DateAt(clock.Now(), 420);
    auto b = (*book)->Act(c->id, c->version, basis, actor);
    if (!b.ok()) Die("legal basis", b.status().ToString());
    p.case_ids.push_back(c->id);
    if (route) {
      auto r = (*book)->RouteCase(c->id, actor);
      if (!r.ok()) Die("route", r.status().ToString());
      for (const Referral& ref : r->created) {
        if (ref.status == ReferralStatus::kRequested) {
          p.referral_ids.push_back(ref.id);
          p.referral_to.push_back(ref.to_agency);
          break;
        }
      }
    }
  }
  return p;
}

// The baseline's read-update-insert transaction on `table`.
class BaselineOp {
 public:
  BaselineOp(const std::string& path, const std::string& table, const std::string& update_cols)
      : db_(path, 2) {
    begin_ = db_.Prepare("BEGIN IMMEDIATE");
    commit_ = db_.Prepare("COMMIT");
    read_ = db_.Prepare("SELECT doc, version FROM " + table + " WHERE id = ?1");
    tail_ =
        db_.Prepare("SELECT seq, hash FROM events WHERE chain_id = ?1 ORDER BY seq DESC LIMIT 1");
    update_ = db_.Prepare("UPDATE " + table + " SET " + update_cols +
                          ", version = ?3, doc = ?4 WHERE id = ?1 AND version = ?5");
    insert_ = db_.Prepare(
        "INSERT INTO events (chain_id, seq, kind, at, actor_person, actor_agency, actor_role, "
        "actor_rights, action, reason, changes, state_hash, prev_hash, hash) VALUES "
        "(?1, ?2, 2, ?3, 'worker.bench', 'dinsos.15.71', 1, 0, ?4, '', ?5, ?6, ?7, ?8)");
  }

  // `chain` is the case whose chain gets the event.
  void Run(const std::string& id, const std::string& chain, std::int64_t value,
           const std::string& action, const std::string& changes) {
    sqlite3* h = db_.handle();
    CheckRc(h, sqlite3_step(begin_), "begin");
    sqlite3_reset(begin_);
    sqlite3_bind_text(read_, 1, id.data(), static_cast<int>(id.size()), SQLITE_STATIC);
    CheckRc(h, sqlite3_step(read_), "read");
    std::string doc(reinterpret_cast<const char*>(sqlite3_column_text(read_, 0)),
                    static_cast<std::size_t>(sqlite3_column_bytes(read_, 0)));
    const std::int64_t version = sqlite3_column_int64(read_, 1);
    sqlite3_reset(read_);
    sqlite3_bind_text(tail_, 1, chain.data(), static_cast<int>(chain.size()), SQLITE_STATIC);
    CheckRc(h, sqlite3_step(tail_), "tail");
    const std::int64_t seq = sqlite3_column_int64(tail_, 0);
    unsigned char prev[32];
    std::memcpy(prev, sqlite3_column_blob(tail_, 1), 32);
    sqlite3_reset(tail_);
    doc.back() = ' ';  // a changed document of the same size
    doc += '}';
    sqlite3_bind_text(update_, 1, id.data(), static_cast<int>(id.size()), SQLITE_STATIC);
    sqlite3_bind_int64(update_, 2, value);
    sqlite3_bind_int64(update_, 3, version + 1);
    sqlite3_bind_text(update_, 4, doc.data(), static_cast<int>(doc.size()), SQLITE_STATIC);
    sqlite3_bind_int64(update_, 5, version);
    RunDone(h, update_);
    unsigned char digest[32];
    for (int i = 0; i < 32; ++i) digest[i] = static_cast<unsigned char>(seq * 31 + i);
    sqlite3_bind_text(insert_, 1, chain.data(), static_cast<int>(chain.size()), SQLITE_STATIC);
    sqlite3_bind_int64(insert_, 2, seq + 1);
    sqlite3_bind_int64(insert_, 3, DatasetNow().ms);
    sqlite3_bind_text(insert_, 4, action.data(), static_cast<int>(action.size()), SQLITE_STATIC);
    sqlite3_bind_text(insert_, 5, changes.data(), static_cast<int>(changes.size()), SQLITE_STATIC);
    sqlite3_bind_blob(insert_, 6, digest, 32, SQLITE_STATIC);
    sqlite3_bind_blob(insert_, 7, prev, 32, SQLITE_STATIC);
    sqlite3_bind_blob(insert_, 8, digest, 32, SQLITE_STATIC);
    RunDone(h, insert_);
    CheckRc(h, sqlite3_step(commit_), "commit");
    sqlite3_reset(commit_);
  }

 private:
  RawDb db_;
  sqlite3_stmt* begin_;
  sqlite3_stmt* commit_;
  sqlite3_stmt* read_;
  sqlite3_stmt* tail_;
  sqlite3_stmt* update_;
  sqlite3_stmt* insert_;
};

void Report(benchmark::State& state, const Latencies& a, const Latencies& b, double ca, double cb) {
  const double ra = static_cast<double>(a.size()) / a.Total();
  const double rb = static_cast<double>(b.size()) / b.Total();
  state.counters["atensi"] = ra;
  state.counters["baseline"] = rb;
  state.counters["ratio"] = ra / rb;
  state.counters["ratio_p50"] = b.Percentile(50) / a.Percentile(50);
  state.counters["atensi_p50_ms"] = a.Percentile(50) * 1e3;
  state.counters["atensi_p99_ms"] = a.Percentile(99) * 1e3;
  state.counters["baseline_p50_ms"] = b.Percentile(50) * 1e3;
  state.counters["atensi_cpu_ms"] = ca * 1e3 / static_cast<double>(a.size());  // CPU per op
  state.counters["baseline_cpu_ms"] = cb * 1e3 / static_cast<double>(b.size());
}

void BM_StageTransition(benchmark::State& state) {
  Prepared p = Prepare("stage", kOps, false);
  const std::string base_path = Dir() + "/stage_baseline.db";
  CopyFile(p.path, base_path);
  ManualClock clock(DatasetNow().PlusHours(1));
  OpenOptions o;
  o.path = p.path;  // synchronous = FULL (default)
  auto book = Casebook::Open(o, clock);
  if (!book.ok()) Die("open", book.status().ToString());
  BaselineOp base(base_path, "cases", "stage = ?2");
  const Actor actor = BenchActor();
  const std::string changes =
      R"({"assessment_started_at":{"after":"2026-06-01T04:00:00.000Z","before":null},)"
      R"("stage":{"after":"assessment","before":"intake"},"version":{"after":3,"before":2}})";
  Latencies a;
  Latencies b;
  double ca = 0;
  double cb = 0;
  for (auto _ : state) {
    for (std::size_t i = 0; i < p.case_ids.size(); ++i) {
      double t0 = NowSeconds();
      double c0 = CpuSeconds();
      auto r = (*book)->Act(p.case_ids[i], 2, cmd::StartAssessment{}, actor);
      a.Add(NowSeconds() - t0);
      ca += CpuSeconds() - c0;
      if (!r.ok()) Die("act", r.status().ToString());
      t0 = NowSeconds();
      c0 = CpuSeconds();
      base.Run(p.case_ids[i], p.case_ids[i], 3, "start_assessment", changes);
      b.Add(NowSeconds() - t0);
      cb += CpuSeconds() - c0;
    }
  }
  Report(state, a, b, ca, cb);
  state.SetLabel("ops/s, one txn each, synchronous=FULL");
}
BENCHMARK(BM_StageTransition)->Iterations(1)->Unit(benchmark::kMillisecond);

void BM_ReferralStatus(benchmark::State& state) {
  Prepared p = Prepare("referral", kOps, true);
  if (p.referral_ids.empty()) Die("referral setup", "routing created no requested referral");
  const std::string base_path = Dir() + "/referral_baseline.db";
  CopyFile(p.path, base_path);
  ManualClock clock(DatasetNow().PlusHours(1));
  OpenOptions o;
  o.path = p.path;
  auto book = Casebook::Open(o, clock);
  if (!book.ok()) Die("open", book.status().ToString());
  BaselineOp base(base_path, "referrals", "status = ?2");
  const std::string changes =
      R"({"referral_id":{"after":"019e0000-0000-7000-8000-000000000000","before":null},)"
      R"("responded_at":{"after":"2026-06-01T04:00:00.000Z","before":null},)"
      R"("status":{"after":"accepted","before":"requested"}})";
  Latencies a;
  Latencies b;
  double ca = 0;
  double cb = 0;
  for (auto _ : state) {
    for (std::size_t i = 0; i < p.referral_ids.size(); ++i) {
      Actor responder;
      responder.person_id = "worker.responder";
      responder.agency_id = p.referral_to[i];
      ReferralEvent ev;
      ev.kind = ReferralEventKind::kAccept;
      double t0 = NowSeconds();
      double c0 = CpuSeconds();
      auto ref = (*book)->ActOnReferral(p.referral_ids[i], 2, ev, responder);
      a.Add(NowSeconds() - t0);
      ca += CpuSeconds() - c0;
      if (!ref.ok()) Die("act on referral", ref.status().ToString());
      t0 = NowSeconds();
      c0 = CpuSeconds();
      base.Run(p.referral_ids[i], p.case_ids[i], 3, "referral.accept", changes);
      b.Add(NowSeconds() - t0);
      cb += CpuSeconds() - c0;
    }
  }
  Report(state, a, b, ca, cb);
  state.SetLabel("ops/s, one txn each, synchronous=FULL");
}
BENCHMARK(BM_ReferralStatus)->Iterations(1)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace atensi::bench

BENCHMARK_MAIN();
