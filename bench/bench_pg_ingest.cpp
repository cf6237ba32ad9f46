// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Workload 1 on PostgreSQL: bulk ingest. A synthetic Jambi PKH/DTKS roster
// (roster_sample.h) goes through the main job as a library
// (pipeline/roster_pipeline.h) into a PostgreSQL store: ImportRoster ->
// ScreenRoster -> RouteOpenCases, Synchronous::kFull (synchronous_commit=on),
// with every audit event. Throughput = roster rows / total seconds.
// Target (issue #7): >= 0.6 x baseline; peak RSS <= 300 MB.
//
// Baseline (issue #10: "COPY for bulk ingest"): the same rows written with
// COPY into a fresh schema of the same store layout, in transactions of the
// same sizes as atensi's (1,000 roster rows, 500 cases, 200 routed cases),
// synchronous_commit=on: per stored child a children row, its child_keys row,
// its roster_facts row, its event and its chains row; per opened case a case
// row, its event and chains row; per routed case a routing row, its referral
// rows, one event for each plus the lead change's event, then one set-based
// UPDATE of the batch's case rows (lead agency, version, document) and chain
// tails. Documents, facts and change sets have the average sizes atensi wrote
// in the same run (measured from its schema). The roster is read with the
// same CSV reader. No validation, no JSON, no hashing, no rules, no
// idempotency lookups.
//
// Rows: $ATENSI_BENCH_PG_INGEST_CHILDREN (default 10,000 children, ~18,000
// roster rows; --quick 2,000): the PostgreSQL path pays a round trip per
// statement, so the SQLite workload's 50,000 children would not fit the
// suite's time budget.

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "atensi/casebook.h"
#include "atensi/pipeline/roster_pipeline.h"
#include "atensi/roster/csv_reader.h"
#include "atensi/roster/roster_sample.h"
#include "atensi/screening/screening_rules.h"
#include "bench_common.h"
#include "bench_pg_common.h"

namespace atensi::bench {
namespace {

std::uint64_t Children() {
  const char* v = std::getenv("ATENSI_BENCH_PG_INGEST_CHILDREN");
  if (v != nullptr && *v != '\0') return std::strtoull(v, nullptr, 10);
  const char* q = std::getenv("ATENSI_BENCH_QUICK");
  return (q != nullptr && std::string(q) == "1") ? 2'000 : 10'000;
}

// Rows of one table in COPY text format, sent by Flush.
struct CopyBuf {
  std::string sql;
  std::string data;
  void Flush(RawPg& db) {
    if (data.empty()) return;
    db.CopyIn(sql, [&](const std::function<void(std::string_view)>& send) { send(data); });
    data.clear();
  }
};

// How many of `total` items the k-th of `n` owners gets (spread evenly).
std::uint64_t Spread(std::uint64_t k, std::uint64_t total, std::uint64_t n) {
  return n == 0 ? 0 : (k + 1) * total / n - k * total / n;
}

std::uint64_t Count(RawPg& db, const std::string& sql) {
  PgResult r = db.Exec(sql);
  return std::strtoull(PQgetvalue(r.get(), 0, 0), nullptr, 10);
}

std::size_t Avg(RawPg& db, const std::string& sql) {
  PgResult r = db.Exec(sql);
  const double v = PQgetisnull(r.get(), 0, 0) ? 1 : std::strtod(PQgetvalue(r.get(), 0, 0), nullptr);
  return static_cast<std::size_t>(v > 1 ? v : 1);
}

void BM_PgIngest(benchmark::State& state) {
  const std::string dir = DataDir() + "/pg_ingest";
  std::filesystem::create_directories(dir);
  const std::string roster = dir + "/roster.csv";
  SampleOptions so;
  so.children = Children();
  so.seed = 42;
  {
    std::ofstream out(roster, std::ios::binary | std::ios::trunc);
    auto st = WriteSampleRoster(out, so);
    if (!st.ok()) Die("sample roster", st.status().ToString());
  }
  const std::string base = PgBaseUri();
  {
    RawPg admin(base);
    RecreateSchema(admin, "bench_ingest");
    RecreateSchema(admin, "bench_ingest_base");
  }
  const std::string a_uri = SchemaUri(base, "bench_ingest");
  const std::string b_uri = SchemaUri(base, "bench_ingest_base");
  ManualClock clock(StartOfDayUtc(so.reference_date).PlusHours(3));
  Actor actor;
  actor.person_id = "operator";
  actor.agency_id = "dinsos.15";
  actor.role = Role::kDataOfficer;

  ImportStats imp;
  ScreenStats scr;
  RouteStats rts;
  double a = 0;
  double b = 0;
  double rss = 0;
  double ca = 0;
  double cb = 0;
  std::string settings;
  for (auto _ : state) {
    // ---- atensi ----
    {
      OpenOptions o;
      o.path = a_uri;  // synchronous = FULL
      auto book = Casebook::Open(o, clock);
      if (!book.ok()) Die("open", book.status().ToString());
      const double t0 = NowSeconds();
      const double c0 = CpuSeconds();
      std::ifstream in(roster, std::ios::binary);
      ImportOptions io;
      io.reference_date = so.reference_date;
      auto i = ImportRoster(in, **book, actor, io, nullptr);
      if (!i.ok()) Die("import", i.status().ToString());
      imp = *i;
      ScreenOptions sc;
      sc.reference_date = so.reference_date;
      sc.lead_agency_id = "dinsos.15";
      auto s = ScreenRoster(**book, ScreeningRuleSet::Default(), actor, sc);
      if (!s.ok()) Die("screen", s.status().ToString());
      scr = *s;
      auto r = RouteOpenCases(**book, actor);
      if (!r.ok()) Die("route", r.status().ToString());
      rts = *r;
      a = NowSeconds() - t0;
      ca = CpuSeconds() - c0;
      rss = PeakRssMb();
    }
    // Average sizes of what atensi wrote, so the baseline writes the same bytes.
    RawPg sizes(a_uri);
    const std::size_t child_size = Avg(sizes, "SELECT avg(length(doc)) FROM children");
    const std::size_t facts_size = Avg(sizes, "SELECT avg(length(doc)) FROM roster_facts");
    const std::size_t case_size = Avg(sizes, "SELECT avg(length(doc)) FROM cases");
    const std::size_t route_size = Avg(sizes, "SELECT avg(length(doc)) FROM routing_decisions");
    const std::size_t ref_size = Avg(sizes, "SELECT avg(length(doc)) FROM referrals");
    const std::size_t changes_size = Avg(sizes, "SELECT avg(length(changes)) FROM events");
    // Children with a NIK (a second child_keys row) and kept deadlines per
    // case, as atensi wrote them.
    const std::uint64_t with_nik =
        Count(sizes, "SELECT count(*) FROM children WHERE nik IS NOT NULL");
    const std::uint64_t deadlines = Count(sizes, "SELECT count(*) FROM case_deadlines");
    // ---- baseline: an empty store of the same layout, rows by COPY ----
    {
      OpenOptions o;
      o.path = b_uri;
      auto book = Casebook::Open(o, clock);
      if (!book.ok()) Die("open baseline", book.status().ToString());
    }
    {
      RawPg db(b_uri);
      db.Exec("SET synchronous_commit = on");
      settings = ServerSettings(db);
      const std::string child_doc(child_size, 'c');
      const std::string facts_doc(facts_size, 'f');
      const std::string case_doc(case_size, 'k');
      const std::string ref_doc(ref_size, 'r');
      const std::string route_doc(route_size, 'd');
      const std::string changes(changes_size, 'e');
      unsigned char raw_digest[32] = {1};
      const std::string digest = "\\\\x" + Hex(raw_digest, 32);  // COPY text escape
      CopyBuf children{
          "COPY children (province, id, nik, domicile, birth_date, doc, roster_key) "
          "FROM STDIN",
          {}};
      CopyBuf keys{"COPY child_keys (key, child_id) FROM STDIN", {}};
      CopyBuf facts{"COPY roster_facts (child_id, doc) FROM STDIN", {}};
      CopyBuf cases{
          "COPY cases (province, id, child_id, version, stage, risk, categories, region, "
          "lead_agency, assigned_worker, next_due_at, opened_at, closed_at, doc) FROM "
          "STDIN",
          {}};
      CopyBuf routes{"COPY routing_decisions (case_id, decided_at, doc) FROM STDIN", {}};
      CopyBuf refs{
          "COPY referrals (id, case_id, from_agency, to_agency, role, status, version, "
          "created_at, requested_at, response_due_at, responded_at, doc) FROM STDIN",
          {}};
      CopyBuf events{
          "COPY events (province, chain_id, seq, kind, at, actor_person, actor_agency, "
          "actor_role, actor_rights, action, reason, changes, state_hash, prev_hash, "
          "hash, hash_format, payload_digest) FROM STDIN",
          {}};
      CopyBuf due{"COPY case_deadlines (province, case_id, step, due_at, region) FROM STDIN", {}};
      CopyBuf chains{"COPY chains (chain_id, kind, province, tail_seq, tail_hash) FROM STDIN", {}};
      auto event = [&](const std::string& chain, int seq, int kind) {
        events.data += "15\t" + chain + '\t' + std::to_string(seq) + '\t' + std::to_string(kind) +
                       "\t1\toperator\tdinsos.15\t4\t0\tx\t\t" + changes + '\t' + digest + '\t' +
                       digest + '\t' + digest + "\t2\t" + digest + '\n';
      };
      auto chain_row = [&](const std::string& chain, int kind) {
        chains.data += chain + '\t' + std::to_string(kind) + "\t15\t1\t" + digest + '\n';
      };
      auto commit = [&](std::initializer_list<CopyBuf*> bufs) {
        db.Exec("BEGIN ISOLATION LEVEL REPEATABLE READ");
        for (CopyBuf* buf : bufs) buf->Flush(db);
      };
      const double t0 = NowSeconds();
      const double c0 = CpuSeconds();
      // Pass 1: children, 1,000 roster rows per transaction.
      std::ifstream in(roster, std::ios::binary);
      CsvReader reader(in);
      std::vector<std::string> fields;
      reader.Next(fields);  // header
      std::uint64_t row = 0;
      std::uint64_t written = 0;
      auto flush_children = [&] {
        commit({&children, &keys, &facts, &events, &chains});
        db.Exec("COMMIT");
      };
      while (reader.Next(fields)) {
        ++row;
        // The same number of child rows atensi kept (spread evenly).
        if (written * imp.rows < row * imp.children_new && written < imp.children_new) {
          const std::string id = "child-" + std::to_string(written);
          const std::string key =
              "roster:" + id + (fields.size() > 1 ? fields[0] + "/" + fields[1] : std::string());
          std::string nik = "\\N";
          if (Spread(written, with_nik, imp.children_new) > 0) {
            nik = std::to_string(1571010101000000 + written);  // 16 digits, unique
            keys.data += "nik:" + nik + '\t' + id + '\n';
          }
          children.data += "15\t" + id + '\t' + nik + "\t1571011001\t2015-01-01\t" + child_doc +
                           '\t' + key.substr(7) + '\n';
          keys.data += key + '\t' + id + '\n';
          facts.data += id + '\t' + facts_doc + '\n';
          event(id, 1, 1);
          chain_row(id, 1);
          ++written;
        }
        if (row % 1000 == 0) flush_children();
      }
      flush_children();
      // Pass 2: cases, 500 per transaction.
      for (std::uint64_t c = 0; c < scr.cases_opened; c += 500) {
        for (std::uint64_t k = c; k < std::min<std::uint64_t>(c + 500, scr.cases_opened); ++k) {
          const std::string id = "case-" + std::to_string(k);
          cases.data += "15\t" + id + "\tchild-" + std::to_string(k) +
                        "\t1\t1\t1\t0\t1571011001\tdinsos.15\t\t1\t1\t\\N\t" + case_doc + '\n';
          event(id, 1, 2);
          chain_row(id, 2);
          for (std::uint64_t d = 0; d < Spread(k, deadlines, scr.cases_opened); ++d) {
            due.data += "15\t" + id + '\t' + std::to_string(d + 1) + '\t' + std::to_string(d + 1) +
                        "\t1571011001\n";
          }
        }
        commit({&cases, &events, &chains, &due});
        db.Exec("COMMIT");
      }
      // Pass 3: routing decision + referrals + lead change, 200 cases per
      // transaction.
      const std::uint64_t routed = rts.routed;
      db.Prepare("lead",
                 "UPDATE cases SET lead_agency = 'dinsos.15.71', version = version + 1, doc = $2 "
                 "WHERE id = ANY($1::text[])");
      db.Prepare("tails",
                 "UPDATE chains SET tail_seq = tail_seq + $2::bigint, tail_hash = $3 WHERE "
                 "chain_id = ANY($1::text[])");
      const std::string tail_hash = "\\x" + Hex(raw_digest, 32);
      for (std::uint64_t c = 0; c < routed; c += 200) {
        // Per referral count (0..), the batch's cases: one chain-tail UPDATE each.
        std::vector<std::string> ids_by_count;
        for (std::uint64_t k = c; k < std::min<std::uint64_t>(c + 200, routed); ++k) {
          const std::string id = "case-" + std::to_string(k);
          const std::uint64_t per_case = Spread(k, rts.referrals, routed);
          if (ids_by_count.size() <= per_case) ids_by_count.resize(per_case + 1, "{");
          std::string& ids = ids_by_count[per_case];
          ids += (ids.size() == 1 ? "" : ",") + id;
          routes.data += id + "\t1\t" + route_doc + '\n';
          int seq = 2;
          event(id, seq++, 2);  // routing decision
          event(id, seq++, 2);  // lead change
          for (std::uint64_t r = 0; r < per_case; ++r) {
            refs.data += "ref-" + std::to_string(k) + "-" + std::to_string(r) + '\t' + id +
                         "\tdinsos.15\tdinsos.15.71\t1\t2\t2\t1\t1\t1\t\\N\t" + ref_doc + '\n';
            event(id, seq++, 2);
          }
        }
        commit({&routes, &refs, &events});
        for (std::size_t n = 0; n < ids_by_count.size(); ++n) {
          std::string& ids = ids_by_count[n];
          if (ids.size() == 1) continue;
          ids += "}";
          const std::string added = std::to_string(2 + n);  // route, lead, referrals
          db.Run("lead", {ids.c_str(), case_doc.c_str()});
          db.Run("tails", {ids.c_str(), added.c_str(), tail_hash.c_str()});
        }
        db.Exec("COMMIT");
      }
      b = NowSeconds() - t0;
      cb = CpuSeconds() - c0;
    }
  }
  const auto rows = static_cast<double>(imp.rows);
  const double ra = rows / a;
  const double rb = rows / b;
  state.counters["atensi"] = ra;
  state.counters["baseline"] = rb;
  state.counters["ratio"] = ra / rb;
  state.counters["peak_rss_mb"] = rss;
  state.counters["atensi_cpu_s"] = ca;  // client CPU seconds of each side
  state.counters["baseline_cpu_s"] = cb;
  state.counters["roster_rows"] = rows;
  state.counters["children"] = static_cast<double>(imp.children_new);
  state.counters["cases_opened"] = static_cast<double>(scr.cases_opened);
  state.counters["routed"] = static_cast<double>(rts.routed);
  state.counters["referrals"] = static_cast<double>(rts.referrals);
  state.counters["atensi_s"] = a;
  state.counters["baseline_s"] = b;
  state.SetLabel("roster rows/s, import+screen+route; baseline COPY; " + settings);
}
BENCHMARK(BM_PgIngest)->Iterations(1)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace atensi::bench

ATENSI_PG_BENCHMARK_MAIN();
