// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Workload 2: routing decisions per second on in-memory case facts with the
// default Jambi rule set and registry, one core (RouteInto, reused buffers).
// Target: >= 1,000,000 decisions/s, p99 <= 5 us.
//
// Baseline (context only; the target is absolute): the least a router must
// do, one hash lookup of the regency social service of the domicile, over the
// same facts, interleaved with the atensi runs.

#include <benchmark/benchmark.h>

#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "atensi/routing/agency_registry.h"
#include "atensi/routing/router.h"
#include "atensi/routing/routing_rules.h"
#include "bench_common.h"

namespace atensi::bench {
namespace {

std::vector<CaseFacts> MakeFacts(std::size_t n) {
  std::mt19937_64 rng(11);
  const auto& villages = JambiVillages();
  std::vector<CaseFacts> out;
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    CaseFacts f;
    f.age = static_cast<int>(rng() % 18);
    f.categories.Add(static_cast<AmpkCategory>(1 + rng() % 15));
    if (rng() % 4 == 0) f.categories.Add(static_cast<AmpkCategory>(1 + rng() % 15));
    f.has_nik = rng() % 5 != 0;
    f.has_birth_certificate = rng() % 4 != 0;
    if (rng() % 3 != 0) f.dtsen_decile = 1 + static_cast<int>(rng() % 10);
    f.pkh_participant = rng() % 3 == 0;
    f.economic_hardship = rng() % 3 == 0;
    f.domicile = villages[rng() % villages.size()];
    const auto r = rng() % 10;
    f.risk = r < 7 ? RiskLevel::kLow : (r < 9 ? RiskLevel::kMedium : RiskLevel::kHigh);
    f.residential_need = rng() % 10 == 0;
    if (rng() % 5 == 0) {
      f.programmes_tried.push_back({Programme::kPkh, ProgrammeOutcome::kNotHandled});
    }
    out.push_back(std::move(f));
  }
  return out;
}

void BM_Routing(benchmark::State& state) {
  auto rules = RuleSet::Default();
  auto registry = AgencyRegistry::Default(RegionTable::Official());
  if (!rules.ok() || !registry.ok()) Die("routing setup", "default rules or registry");
  const Date on = ParseIsoDate("2021-03-01").value();
  const std::vector<CaseFacts> facts = MakeFacts(4096);
  std::unordered_map<std::uint64_t, std::string> dinsos;  // baseline table
  for (const RegionCode& r : JambiRegencies()) {
    dinsos.emplace(r.packed(), "dinsos." + r.dotted());
  }

  RoutingDecision decision;
  const int rounds = 20;
  const std::size_t per_round = 50'000;
  double atensi_s = 0;
  double base_s = 0;
  std::size_t decisions = 0;
  std::size_t failed = 0;
  std::size_t sink = 0;
  Latencies lat;
  for (auto _ : state) {
    for (int round = 0; round < rounds; ++round) {
      // atensi, each call timed (the timer costs ~20 ns and is included).
      double t0 = NowSeconds();
      for (std::size_t i = 0; i < per_round; ++i) {
        const double a = NowSeconds();
        Status s = RouteInto(facts[i & 4095], *rules, *registry, on, &decision);
        lat.Add(NowSeconds() - a);
        if (!s.ok()) ++failed;
        sink += decision.involvements.size();
      }
      atensi_s += NowSeconds() - t0;
      decisions += per_round;
      // Baseline: one lookup per decision, timed the same way.
      t0 = NowSeconds();
      for (std::size_t i = 0; i < per_round; ++i) {
        const double a = NowSeconds();
        const RegionCode reg = facts[i & 4095].domicile->AncestorAt(RegionLevel::kRegency);
        auto it = dinsos.find(reg.packed());
        sink += it == dinsos.end() ? 0 : it->second.size();
        benchmark::DoNotOptimize(NowSeconds() - a);
      }
      base_s += NowSeconds() - t0;
    }
  }
  benchmark::DoNotOptimize(sink);
  const double atensi_rate = static_cast<double>(decisions) / atensi_s;
  const double base_rate = static_cast<double>(decisions) / base_s;
  state.counters["atensi"] = atensi_rate;
  state.counters["baseline"] = base_rate;
  state.counters["ratio"] = atensi_rate / base_rate;
  state.counters["p50_us"] = lat.Percentile(50) * 1e6;
  state.counters["p99_us"] = lat.Percentile(99) * 1e6;
  state.counters["p999_us"] = lat.Percentile(99.9) * 1e6;
  state.counters["failed"] = static_cast<double>(failed);
  state.SetLabel("decisions/s incl. per-call timer; baseline = regency hash lookup");
}
BENCHMARK(BM_Routing)->Iterations(1)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace atensi::bench

BENCHMARK_MAIN();
