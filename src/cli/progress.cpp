// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0

#include "cli/progress.h"

#include <cstdio>

namespace atensi::cli {

std::string Thousands(std::uint64_t v) {
  std::string s = std::to_string(v);
  for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3) {
    s.insert(static_cast<std::size_t>(i), ",");
  }
  return s;
}

double Progress::SteadySeconds() {
  using namespace std::chrono;
  return duration<double>(steady_clock::now().time_since_epoch()).count();
}

Progress::Progress(std::ostream& out, bool terminal, std::string label, std::uint64_t total,
                   std::string unit, Clock clock)
    : out_(out),
      terminal_(terminal),
      label_(std::move(label)),
      total_(total),
      unit_(std::move(unit)),
      clock_(std::move(clock)),
      start_(clock_()) {}

std::string Progress::Line(std::uint64_t done, double elapsed, bool final) const {
  char buf[64];
  std::string line = label_ + ": ";
  double rate = elapsed > 0 ? static_cast<double>(done) / elapsed : 0.0;
  if (total_ > 0 && !final) {
    double frac = static_cast<double>(done) / static_cast<double>(total_);
    if (frac > 1) frac = 1;
    if (terminal_) {
      const int width = 24;
      int filled = static_cast<int>(frac * width);
      line += "[" + std::string(static_cast<std::size_t>(filled), '#') +
              std::string(static_cast<std::size_t>(width - filled), ' ') + "] ";
    }
    std::snprintf(buf, sizeof buf, "%3.0f%% ", frac * 100.0);
    line += buf;
    line += Thousands(done) + "/" + Thousands(total_) + " " + unit_;
  } else {
    line += Thousands(done) + " " + unit_;
  }
  std::snprintf(buf, sizeof buf, ", %s %s/s", Thousands(static_cast<std::uint64_t>(rate)).c_str(),
                unit_.c_str());
  line += buf;
  if (final) {
    std::snprintf(buf, sizeof buf, " in %.1f s", elapsed);
    line += buf;
  } else if (total_ > 0 && rate > 0 && done < total_) {
    double eta = static_cast<double>(total_ - done) / rate;
    std::snprintf(buf, sizeof buf, ", ETA %d:%02d", static_cast<int>(eta) / 60,
                  static_cast<int>(eta) % 60);
    line += buf;
  }
  return line;
}

void Progress::Update(std::uint64_t done) {
  double now = clock_();
  double elapsed = now - start_;
  if (terminal_) {
    if (last_draw_ >= 0 && now - last_draw_ < 0.1) return;  // at most 10 redraws a second
    last_draw_ = now;
    out_ << "\r" << Line(done, elapsed, false) << "\x1b[K" << std::flush;
    return;
  }
  if (total_ == 0) return;
  int decile = static_cast<int>(10 * done / total_);
  if (decile <= last_decile_ || decile >= 10) return;
  if (decile == 0) return;
  last_decile_ = decile;
  out_ << Line(done, elapsed, false) << "\n" << std::flush;
}

void Progress::Finish(std::uint64_t done) {
  double elapsed = clock_() - start_;
  if (terminal_) out_ << "\r";
  out_ << Line(done, elapsed, true) << (terminal_ ? "\x1b[K\n" : "\n") << std::flush;
}

}  // namespace atensi::cli
