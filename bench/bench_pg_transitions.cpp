// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Workload 3 on PostgreSQL: durable single operations, one transaction each
// (REPEATABLE READ, synchronous_commit=on, as the store runs them with
// Synchronous::kFull): a stage transition (Casebook::Act, intake ->
// assessment) and a referral status change (Casebook::ActOnReferral,
// accept). Target (issue #7, as on SQLite): >= 0.8 x the baseline.
//
// Baseline: plain libpq prepared statements on a second schema set up the
// same way (same children, cases, referrals), the same isolation and
// synchronous_commit. One transaction per operation: BEGIN ISOLATION LEVEL
// REPEATABLE READ; read the row's document and version; lock and read the
// chain tail (chains ... FOR UPDATE, as the store's event log does); UPDATE
// the row (same columns, a document of the same size, version checked);
// INSERT the event (same columns, a change set of the same size, four 32-byte
// digests); UPDATE the chain tail; COMMIT. No domain logic, no JSON, no
// hashing. atensi and baseline alternate one for one.
//
// Durability: the figures mean what the server's fsync setting says; the
// label records it (tools/bench.sh --pg turns fsync on for its throwaway
// cluster, whose default is fsync=off).

#include <benchmark/benchmark.h>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "atensi/casebook.h"
#include "bench_common.h"
#include "bench_pg_common.h"

namespace atensi::bench {
namespace {

// The provincial social service's case worker: its coverage (province 15)
// reaches every generated case, wherever the child lives.
Actor ProvinceActor() {
  Actor a = BenchActor();
  a.agency_id = "dinsos.15";
  return a;
}

constexpr int kOps = 300;  // measured operations per side

struct Prepared {
  std::string uri;
  std::vector<std::string> case_ids;
  std::vector<std::string> referral_ids;
  std::vector<std::string> referral_to;
};

// Children + cases with an emergency legal basis (StartAssessment's guard),
// in a fresh schema, synchronous_commit off; optionally routed (requested
// referrals). Deterministic: the same `name` suffix gives the same ids.
Prepared Prepare(const std::string& schema, int n, bool route) {
  Prepared p;
  {
    RawPg admin(PgBaseUri());
    RecreateSchema(admin, schema);
  }
  p.uri = SchemaUri(PgBaseUri(), schema);
  ManualClock clock(DatasetNow());
  OpenOptions o;
  o.path = p.uri;
  o.synchronous = Synchronous::kOff;
  o.id_seed = 5;
  auto book = Casebook::Open(o, clock);
  if (!book.ok()) Die("open", book.status().ToString());
  const Actor actor = ProvinceActor();
  for (int i = 0; i < n; ++i) {
    auto child = (*book)->RegisterChild(SyntheticChild(i, 3), actor);
    if (!child.ok()) Die("register", child.status().ToString());
    OpenCaseRequest req;
    req.categories.Add(AmpkCategory::kEksploitasiEkonomiSeksual);
    req.risk = RiskLevel::kMedium;
    req.lead_agency_id = "dinsos." + child->domicile_region.substr(0, 5);
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
  BaselineOp(const std::string& uri, const std::string& table, const std::string& update_col)
      : db_(uri) {
    db_.Exec("SET synchronous_commit = on");
    db_.Prepare("read", "SELECT doc, version FROM " + table + " WHERE id = $1");
    db_.Prepare("tail",
                "SELECT tail_seq, tail_hash, province FROM chains WHERE chain_id = $1 FOR UPDATE");
    db_.Prepare("update", "UPDATE " + table + " SET " + update_col +
                              " = $2, version = $3, doc = $4 WHERE id = $1 AND version = $5");
    db_.Prepare("insert",
                "INSERT INTO events (province, chain_id, seq, kind, at, actor_person, "
                "actor_agency, actor_role, actor_rights, action, reason, changes, state_hash, "
                "prev_hash, hash, hash_format, payload_digest) VALUES ($1, $2, $3, 2, $4, "
                "'worker.bench', 'dinsos.15.71', 1, 0, $5, '', $6, $7, $8, $7, 2, $7)");
    db_.Prepare("chain", "UPDATE chains SET tail_seq = $2, tail_hash = $3 WHERE chain_id = $1");
  }

  // `chain` is the case whose chain gets the event.
  void Run(const std::string& id, const std::string& chain, std::int64_t value,
           const std::string& action, const std::string& changes) {
    db_.Exec("BEGIN ISOLATION LEVEL REPEATABLE READ");
    PgResult row = db_.Run("read", {id.c_str()});
    if (PQntuples(row.get()) != 1) Die("baseline read", id);
    std::string doc = PQgetvalue(row.get(), 0, 0);
    const std::int64_t version = std::strtoll(PQgetvalue(row.get(), 0, 1), nullptr, 10);
    PgResult tail = db_.Run("tail", {chain.c_str()});
    if (PQntuples(tail.get()) != 1) Die("baseline tail", chain);
    const std::int64_t seq = std::strtoll(PQgetvalue(tail.get(), 0, 0), nullptr, 10);
    const std::string prev = PQgetvalue(tail.get(), 0, 1);  // "\x<hex>"
    const std::string province = PQgetvalue(tail.get(), 0, 2);
    doc.back() = ' ';  // a changed document of the same size
    doc += '}';
    const std::string v = std::to_string(value);
    const std::string next = std::to_string(version + 1);
    const std::string expected = std::to_string(version);
    PgResult up =
        db_.Run("update", {id.c_str(), v.c_str(), next.c_str(), doc.c_str(), expected.c_str()});
    if (std::string(PQcmdTuples(up.get())) != "1") Die("baseline update", "no row");
    unsigned char digest[32];
    for (int i = 0; i < 32; ++i) digest[i] = static_cast<unsigned char>(seq * 31 + i);
    const std::string hash = "\\x" + Hex(digest, 32);
    const std::string s = std::to_string(seq + 1);
    const std::string at = std::to_string(DatasetNow().ms);
    db_.Run("insert", {province.c_str(), chain.c_str(), s.c_str(), at.c_str(), action.c_str(),
                       changes.c_str(), hash.c_str(), prev.c_str()});
    db_.Run("chain", {chain.c_str(), s.c_str(), hash.c_str()});
    db_.Exec("COMMIT");
  }

  RawPg& db() { return db_; }

 private:
  RawPg db_;
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
  state.counters["baseline_p99_ms"] = b.Percentile(99) * 1e3;
  // Client-side CPU per op (the server's CPU is another process's).
  state.counters["atensi_client_cpu_ms"] = ca * 1e3 / static_cast<double>(a.size());
  state.counters["baseline_client_cpu_ms"] = cb * 1e3 / static_cast<double>(b.size());
}

void BM_PgStageTransition(benchmark::State& state) {
  Prepared p = Prepare("bench_stage", kOps, false);
  Prepared q = Prepare("bench_stage_base", kOps, false);
  if (p.case_ids != q.case_ids) Die("baseline setup", "the two schemas differ");
  ManualClock clock(DatasetNow().PlusHours(1));
  OpenOptions o;
  o.path = p.uri;  // synchronous = FULL (default): synchronous_commit = on
  auto book = Casebook::Open(o, clock);
  if (!book.ok()) Die("open", book.status().ToString());
  BaselineOp base(q.uri, "cases", "stage");
  const Actor actor = ProvinceActor();
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
      base.Run(q.case_ids[i], q.case_ids[i], 3, "start_assessment", changes);
      b.Add(NowSeconds() - t0);
      cb += CpuSeconds() - c0;
    }
  }
  Report(state, a, b, ca, cb);
  state.SetLabel("ops/s, one txn each; " + ServerSettings(base.db()));
}
BENCHMARK(BM_PgStageTransition)->Iterations(1)->Unit(benchmark::kMillisecond);

void BM_PgReferralStatus(benchmark::State& state) {
  Prepared p = Prepare("bench_referral", kOps, true);
  Prepared q = Prepare("bench_referral_base", kOps, true);
  if (p.referral_ids.empty()) Die("referral setup", "routing created no requested referral");
  if (p.referral_ids != q.referral_ids) Die("baseline setup", "the two schemas differ");
  ManualClock clock(DatasetNow().PlusHours(1));
  OpenOptions o;
  o.path = p.uri;
  auto book = Casebook::Open(o, clock);
  if (!book.ok()) Die("open", book.status().ToString());
  BaselineOp base(q.uri, "referrals", "status");
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
      base.Run(q.referral_ids[i], q.case_ids[i], 3, "referral.accept", changes);
      b.Add(NowSeconds() - t0);
      cb += CpuSeconds() - c0;
    }
  }
  Report(state, a, b, ca, cb);
  state.SetLabel("ops/s, one txn each; " + ServerSettings(base.db()));
}
BENCHMARK(BM_PgReferralStatus)->Iterations(1)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace atensi::bench

ATENSI_PG_BENCHMARK_MAIN();
