// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Progress reporting for long CLI jobs (import, screen, route): a redrawn bar
// with rate and ETA on a terminal; plain lines (at most one per step of 10%,
// and at the end) when the output is a pipe or a file, so CI logs stay short.

#ifndef ATENSI_CLI_PROGRESS_H_
#define ATENSI_CLI_PROGRESS_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <ostream>
#include <string>

namespace atensi::cli {

class Progress {
 public:
  using Clock = std::function<double()>;  // seconds, monotonic

  // `total` may be 0 when unknown (then no percentage or ETA is shown).
  Progress(std::ostream& out, bool terminal, std::string label, std::uint64_t total,
           std::string unit, Clock clock = SteadySeconds);

  // Reports that `done` units are finished (monotonic).
  void Update(std::uint64_t done);
  // Sets the total once it is known (0 = unknown).
  void SetTotal(std::uint64_t total) { total_ = total; }
  // Final line with the total and the average rate.
  void Finish(std::uint64_t done);

  static double SteadySeconds();

 private:
  std::string Line(std::uint64_t done, double elapsed, bool final) const;

  std::ostream& out_;
  bool terminal_;
  std::string label_;
  std::uint64_t total_;
  std::string unit_;
  Clock clock_;
  double start_;
  double last_draw_ = -1;
  int last_decile_ = -1;
};

// "1,234,567".
std::string Thousands(std::uint64_t v);

}  // namespace atensi::cli

#endif  // ATENSI_CLI_PROGRESS_H_
