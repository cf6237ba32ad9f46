// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// region_probe: how soon after process start the compiled region table
// answers, and at what memory cost. Does one Find and one SearchByName at the
// top of main and prints:
//   - the time from process start (kernel start time of this process, from
//     /proc/self/stat field 22, against CLOCK_BOOTTIME) to the first answer;
//   - the time from entering main to the first answer;
//   - peak resident set size (getrusage ru_maxrss).
// Exit status 0 when both answers are right, 1 otherwise. The figures are
// printed against the targets (50 ms from process start, 30 MB peak RSS) but
// never decide the exit status: performance is measured, not asserted.
// Linux only (reads /proc). For the whole-process view run it under
// `/usr/bin/time -v`.

#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>

#include "atensi/region.h"

namespace {

// Milliseconds between this process's start and now, or -1 if unknown.
double MillisSinceProcessStart() {
  std::ifstream in("/proc/self/stat");
  std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::size_t close = stat.rfind(')');  // comm may hold spaces
  if (close == std::string::npos) return -1;
  std::istringstream fields(stat.substr(close + 2));
  std::string field;
  // Fields after comm start at 3 (state); starttime is field 22.
  for (int i = 3; i < 22; ++i) fields >> field;
  unsigned long long start_ticks = 0;
  if (!(fields >> start_ticks)) return -1;
  const long hz = sysconf(_SC_CLK_TCK);
  timespec now{};
  clock_gettime(CLOCK_BOOTTIME, &now);
  const double now_ms =
      static_cast<double>(now.tv_sec) * 1e3 + static_cast<double>(now.tv_nsec) / 1e6;
  return now_ms - static_cast<double>(start_ticks) * 1e3 / static_cast<double>(hz);
}

}  // namespace

int main() {
  const auto main_start = std::chrono::steady_clock::now();
  const atensi::RegionTable& table = atensi::RegionTable::Official();
  const auto code = atensi::RegionCode::Parse("15.03");
  const auto found = code.ok() ? table.Find(*code) : std::nullopt;
  const auto hits = table.SearchByName("kab. sarolangun", 5, atensi::RegionLevel::kRegency);
  const auto answered = std::chrono::steady_clock::now();
  const double since_start_ms = MillisSinceProcessStart();

  const double in_main_ms =
      std::chrono::duration<double, std::milli>(answered - main_start).count();
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const double peak_rss_mb = static_cast<double>(usage.ru_maxrss) / 1024.0;

  const bool correct =
      found && found->name == "Kabupaten Sarolangun" && hits.size() == 1 && hits[0].code == *code;
  std::printf("region_probe: %zu regions, decree %.*s\n", table.size(),
              static_cast<int>(table.decree().size()), table.decree().data());
  std::printf("first answer (Find + SearchByName) correct: %s\n", correct ? "yes" : "NO");
  std::printf("main() to first answer: %.3f ms\n", in_main_ms);
  std::printf("process start to first answer: %.1f ms (clock-tick resolution %.0f ms)\n",
              since_start_ms, 1000.0 / static_cast<double>(sysconf(_SC_CLK_TCK)));
  std::printf("peak RSS: %.1f MB\n", peak_rss_mb);
  const bool within = since_start_ms >= 0 && since_start_ms <= 50.0 && peak_rss_mb <= 30.0;
  std::printf("targets (<= 50 ms, <= 30 MB): %s\n", within ? "met" : "MISSED");
  return correct ? 0 : 1;
}
