// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Workload 1: bulk ingest. A synthetic Jambi PKH/DTKS roster (roster_sample.h)
// goes through the main job as a library (pipeline/roster_pipeline.h):
// ImportRoster (children, 1,000 rows per transaction) -> ScreenRoster (cases
// for the flagged share, 500 per transaction) -> RouteOpenCases (routing
// decisions and referrals, 200 per transaction), synchronous=FULL, with every
// audit event. Throughput = roster rows / total seconds.
// Target: >= 0.6 x baseline; peak RSS <= 300 MB.
//
// Baseline: the same roster read with the same CSV reader, and the same
// rows written with plain prepared statements into the same schema (an
// empty atensi file), same batching, same synchronous level: per stored
// child a child row (with a NIK for the same share of children as atensi
// stored, so the unique NIK index gets as many entries) + its event + its
// roster_facts row; per opened case a case row + its kept deadline rows
// (atensi's average number per case) + its event; per routed case a routing
// row + its event, the lead change (case row UPDATE + event) and one
// referral row + event per referral (exactly atensi's number of referrals,
// spread evenly over the routed cases). Events carry every column atensi's
// do: the action's name, hash format 2 with a 32-byte payload digest, the
// subject id of referral and routing events. Documents, roster facts and change
// sets have the average sizes atensi wrote in the same run (measured from
// its file), so both sides write the same bytes. No validation, no JSON, no
// hashing, no rules, no idempotency lookups.
//
// Rows: $ATENSI_BENCH_INGEST_CHILDREN (default 50,000; --quick 5,000).
// Peak RSS is the process high-water mark after the atensi run (before the
// baseline runs), which includes the benchmark's own setup.

#include <benchmark/benchmark.h>

#include <cmath>
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

namespace atensi::bench {
namespace {

std::uint64_t Children() {
  const char* v = std::getenv("ATENSI_BENCH_INGEST_CHILDREN");
  if (v != nullptr && *v != '\0') return std::strtoull(v, nullptr, 10);
  const char* q = std::getenv("ATENSI_BENCH_QUICK");
  return (q != nullptr && std::string(q) == "1") ? 5'000 : 50'000;
}

void Remove(const std::string& p) {
  for (const char* s : {"", "-wal", "-shm"}) std::filesystem::remove(p + s);
}

void BM_Ingest(benchmark::State& state) {
  const std::string dir = DataDir() + "/ingest";
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
  const std::string db_path = dir + "/atensi.db";
  const std::string base_path = dir + "/baseline.db";
  Remove(db_path);
  Remove(base_path);
  ManualClock clock(StartOfDayUtc(so.reference_date).PlusHours(3));
  Actor actor;
  actor.person_id = "operator";
  actor.agency_id = "dinsos.15";
  actor.role = Role::kDataOfficer;

  ImportStats imp;
  ScreenStats scr;
  RouteStats rts;
  struct {
    std::size_t child = 1, facts = 1, kase = 1, route = 1, ref = 1, changes = 1, lead_changes = 1;
    double nik_share = 0;  // children stored with a NIK (unique index entries)
    double deadlines = 0;  // kept deadline rows per case at its opening
  } sizes;
  double a = 0;
  double b = 0;
  double rss = 0;
  double ca = 0;
  double cb = 0;
  std::uint64_t rows = 0;
  for (auto _ : state) {
    // ---- atensi ----
    {
      OpenOptions o;
      o.path = db_path;  // synchronous = FULL
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
      rows = imp.rows;
    }
    // Average sizes of what atensi wrote (documents, facts, change sets), so
    // the baseline writes the same bytes.
    {
      RawDb db(db_path, 0, /*read_only=*/true);
      auto avg = [&](const char* sql) {
        sqlite3_stmt* q = db.Prepare(sql);
        CheckRc(db.handle(), sqlite3_step(q), sql);
        const double v = sqlite3_column_double(q, 0);
        sqlite3_reset(q);
        return static_cast<std::size_t>(v > 1 ? v : 1);
      };
      sizes.child = avg("SELECT avg(length(doc)) FROM children");
      sizes.facts = avg("SELECT avg(length(doc)) FROM roster_facts");
      sizes.kase = avg("SELECT avg(length(doc)) FROM cases");
      sizes.route = avg("SELECT avg(length(doc)) FROM routing_decisions");
      sizes.ref = avg("SELECT avg(length(doc)) FROM referrals");
      sizes.changes = avg("SELECT avg(length(changes)) FROM events");
      sizes.lead_changes =
          avg("SELECT avg(length(changes)) FROM events WHERE action = 'set_lead_agency'");
      auto ratio = [&](const char* sql) {
        sqlite3_stmt* q = db.Prepare(sql);
        CheckRc(db.handle(), sqlite3_step(q), sql);
        const double v = sqlite3_column_double(q, 0);
        sqlite3_reset(q);
        return v;
      };
      sizes.nik_share = ratio("SELECT avg(nik IS NOT NULL) FROM children");
      sizes.deadlines = ratio(
          "SELECT CAST((SELECT count(*) FROM case_deadlines) AS REAL) / max(1, count(*)) "
          "FROM cases");
    }
    // ---- baseline: an empty atensi file (same schema) ----
    {
      OpenOptions o;
      o.path = base_path;
      auto book = Casebook::Open(o, clock);
      if (!book.ok()) Die("open baseline", book.status().ToString());
    }
    {
      RawDb db(base_path, 2);
      sqlite3* h = db.handle();
      sqlite3_stmt* begin = db.Prepare("BEGIN IMMEDIATE");
      sqlite3_stmt* commit = db.Prepare("COMMIT");
      sqlite3_stmt* child = db.Prepare(
          "INSERT INTO children (id, nik, domicile, birth_date, doc, roster_key) VALUES "
          "(?1, ?4, 1571011001, '2015-01-01', ?2, ?3)");
      sqlite3_stmt* deadline = db.Prepare(
          "INSERT INTO case_deadlines (case_id, step, due_at, region) VALUES (?1, ?2, ?3, "
          "1571011001)");
      sqlite3_stmt* cas = db.Prepare(
          "INSERT INTO cases (id, child_id, version, stage, risk, categories, region, lead_agency, "
          "assigned_worker, next_due_at, opened_at, closed_at, doc) VALUES (?1, ?2, 1, 1, 1, 0, "
          "1571011001, 'dinsos.15', '', 1, 1, NULL, ?3)");
      sqlite3_stmt* route =
          db.Prepare("INSERT INTO routing_decisions (case_id, decided_at, doc) VALUES (?1, 1, ?2)");
      sqlite3_stmt* ref = db.Prepare(
          "INSERT INTO referrals (id, case_id, from_agency, to_agency, role, status, version, "
          "created_at, requested_at, response_due_at, responded_at, doc) VALUES (?1, ?2, "
          "'dinsos.15', 'dinsos.15.71', 1, 2, 2, 1, 1, 1, NULL, ?3)");
      sqlite3_stmt* facts = db.Prepare("INSERT INTO roster_facts (child_id, doc) VALUES (?1, ?2)");
      sqlite3_stmt* lead = db.Prepare(
          "UPDATE cases SET lead_agency = 'dinsos.15.71', version = version + 1, doc = ?2 "
          "WHERE id = ?1");
      // Every column atensi's events carry (schema 8): the action's name,
      // format 2 with its 32-byte payload digest, and the subject_id of a
      // referral/routing event.
      sqlite3_stmt* ev = db.Prepare(
          "INSERT INTO events (chain_id, seq, kind, at, actor_person, actor_agency, actor_role, "
          "actor_rights, action, reason, changes, state_hash, prev_hash, hash, hash_format, "
          "payload_digest, subject_id) VALUES (?1, ?2, ?3, 1, 'operator', 'dinsos.15', 4, 0, ?6, "
          "'', ?4, ?5, ?5, ?5, 2, ?5, ?7)");
      const std::string child_doc(sizes.child, 'c');
      const std::string facts_doc(sizes.facts, 'f');
      const std::string case_doc(sizes.kase, 'k');
      const std::string ref_doc(sizes.ref, 'r');
      const std::string route_doc(sizes.route, 'd');
      const std::string changes(sizes.changes, 'e');
      const std::string lead_changes(sizes.lead_changes, 'l');
      unsigned char digest[32] = {1};
      auto text = [](sqlite3_stmt* s, int i, const std::string& t) {
        sqlite3_bind_text(s, i, t.data(), static_cast<int>(t.size()), SQLITE_STATIC);
      };
      auto event = [&](const std::string& chain, int seq, int kind, const std::string& action,
                       const std::string* payload = nullptr, const std::string* subject = nullptr) {
        text(ev, 1, chain);
        sqlite3_bind_int(ev, 2, seq);
        sqlite3_bind_int(ev, 3, kind);
        text(ev, 4, payload != nullptr ? *payload : changes);
        sqlite3_bind_blob(ev, 5, digest, 32, SQLITE_STATIC);
        text(ev, 6, action);
        if (subject != nullptr) {
          text(ev, 7, *subject);
        } else {
          sqlite3_bind_null(ev, 7);
        }
        RunDone(h, ev);
      };
      const std::string register_child = "register_child";
      const std::string open_case = "open_case";
      const std::string routing_route = "routing.route";
      const std::string set_lead = "set_lead_agency";
      const std::string referral_create = "referral.create";
      const double t0 = NowSeconds();
      const double c0 = CpuSeconds();
      // Pass 1: children, 1,000 rows per transaction.
      std::ifstream in(roster, std::ios::binary);
      CsvReader reader(in);
      std::vector<std::string> fields;
      reader.Next(fields);  // header
      std::uint64_t row = 0;
      std::uint64_t written = 0;
      CheckRc(h, sqlite3_step(begin), "begin");
      sqlite3_reset(begin);
      while (reader.Next(fields)) {
        ++row;
        // The same number of child rows atensi kept (spread evenly).
        if (written * imp.rows < row * imp.children_new && written < imp.children_new) {
          const std::string id = "child-" + std::to_string(written);
          text(child, 1, id);
          text(child, 2, child_doc);
          const std::string key =
              id + (fields.size() > 1 ? fields[0] + "/" + fields[1] : std::string());
          text(child, 3, key);
          // The same share of children with a NIK as atensi stored (its
          // unique index gets the same number of entries).
          std::string nik;
          if (static_cast<double>(written + 1) * sizes.nik_share >=
              std::floor(static_cast<double>(written) * sizes.nik_share) + 1) {
            nik = std::to_string(1571010000000000ULL + written);
            text(child, 4, nik);
          } else {
            sqlite3_bind_null(child, 4);
          }
          RunDone(h, child);
          event(id, 1, 1, register_child);
          text(facts, 1, id);
          text(facts, 2, facts_doc);
          RunDone(h, facts);
          ++written;
        }
        if (row % 1000 == 0) {
          CheckRc(h, sqlite3_step(commit), "commit");
          sqlite3_reset(commit);
          CheckRc(h, sqlite3_step(begin), "begin");
          sqlite3_reset(begin);
        }
      }
      CheckRc(h, sqlite3_step(commit), "commit");
      sqlite3_reset(commit);
      // Pass 2: cases, 500 per transaction.
      for (std::uint64_t c = 0; c < scr.cases_opened; c += 500) {
        CheckRc(h, sqlite3_step(begin), "begin");
        sqlite3_reset(begin);
        for (std::uint64_t k = c; k < std::min<std::uint64_t>(c + 500, scr.cases_opened); ++k) {
          const std::string id = "case-" + std::to_string(k);
          const std::string cid = "child-" + std::to_string(k);
          text(cas, 1, id);
          text(cas, 2, cid);
          text(cas, 3, case_doc);
          RunDone(h, cas);
          // The case's kept deadlines (atensi's average number per case).
          const auto n_deadlines =
              static_cast<std::uint64_t>(std::floor(static_cast<double>(k + 1) * sizes.deadlines) -
                                         std::floor(static_cast<double>(k) * sizes.deadlines));
          for (std::uint64_t d = 0; d < n_deadlines; ++d) {
            text(deadline, 1, id);
            sqlite3_bind_int64(deadline, 2, static_cast<sqlite3_int64>(d));
            sqlite3_bind_int64(deadline, 3, static_cast<sqlite3_int64>(1'800'000'000'000LL + k));
            RunDone(h, deadline);
          }
          event(id, 1, 2, open_case);
        }
        CheckRc(h, sqlite3_step(commit), "commit");
        sqlite3_reset(commit);
      }
      // Pass 3: routing decision + referrals, 200 cases per transaction.
      const std::uint64_t routed = rts.routed;
      for (std::uint64_t c = 0; c < routed; c += 200) {
        CheckRc(h, sqlite3_step(begin), "begin");
        sqlite3_reset(begin);
        for (std::uint64_t k = c; k < std::min<std::uint64_t>(c + 200, routed); ++k) {
          const std::string id = "case-" + std::to_string(k);
          text(route, 1, id);
          text(route, 2, route_doc);
          RunDone(h, route);
          int seq = 2;
          event(id, seq++, 2, routing_route, nullptr, &id);
          // The lead moves from the screening agency to the routed one.
          text(lead, 1, id);
          text(lead, 2, case_doc);
          RunDone(h, lead);
          event(id, seq++, 2, set_lead, &lead_changes);
          // atensi's number of referrals, spread evenly over the routed cases.
          const std::uint64_t per_case =
              (k + 1) * rts.referrals / routed - k * rts.referrals / routed;
          for (std::uint64_t r = 0; r < per_case; ++r) {
            const std::string rid = "ref-" + std::to_string(k) + "-" + std::to_string(r);
            text(ref, 1, rid);
            text(ref, 2, id);
            text(ref, 3, ref_doc);
            RunDone(h, ref);
            event(id, seq++, 2, referral_create, nullptr, &rid);
          }
        }
        CheckRc(h, sqlite3_step(commit), "commit");
        sqlite3_reset(commit);
      }
      b = NowSeconds() - t0;
      cb = CpuSeconds() - c0;
    }
  }
  const double ra = static_cast<double>(rows) / a;
  const double rb = static_cast<double>(rows) / b;
  state.counters["atensi"] = ra;
  state.counters["baseline"] = rb;
  state.counters["ratio"] = ra / rb;
  state.counters["peak_rss_mb"] = rss;
  state.counters["atensi_cpu_s"] = ca;  // CPU seconds (user + system) of each side
  state.counters["baseline_cpu_s"] = cb;
  state.counters["ratio_cpu"] = cb / ca;
  state.counters["roster_rows"] = static_cast<double>(rows);
  state.counters["children"] = static_cast<double>(imp.children_new);
  state.counters["cases_opened"] = static_cast<double>(scr.cases_opened);
  state.counters["routed"] = static_cast<double>(rts.routed);
  state.counters["referrals"] = static_cast<double>(rts.referrals);
  state.counters["atensi_s"] = a;
  state.counters["baseline_s"] = b;
  state.SetLabel("roster rows/s, import+screen+route, synchronous=FULL");
}
BENCHMARK(BM_Ingest)->Iterations(1)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace atensi::bench

BENCHMARK_MAIN();
