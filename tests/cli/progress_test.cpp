// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0

#include "cli/progress.h"

#include <gtest/gtest.h>

#include <sstream>

namespace atensi::cli {
namespace {

TEST(ProgressTest, PlainLinesAtMostOncePerTenPercentAndAFinalLine) {
  std::ostringstream out;
  double t = 0;
  Progress p(out, /*terminal=*/false, "import", 1000, "rows", [&] { return t; });
  for (std::uint64_t i = 1; i <= 1000; ++i) {
    t = static_cast<double>(i) / 100.0;  // 100 rows/s
    p.Update(i);
  }
  p.Finish(1000);
  std::string s = out.str();
  int lines = 0;
  for (char c : s) lines += c == '\n';
  EXPECT_EQ(lines, 10);  // 10%..90% plus the final line
  EXPECT_EQ(s.find('\r'), std::string::npos);
  EXPECT_NE(s.find("import:  50% 500/1,000 rows, 100 rows/s, ETA 0:05"), std::string::npos) << s;
  EXPECT_NE(s.find("import: 1,000 rows, 100 rows/s in 10.0 s"), std::string::npos) << s;
}

TEST(ProgressTest, TerminalRedrawsABarInPlace) {
  std::ostringstream out;
  double t = 0;
  Progress p(out, /*terminal=*/true, "screen", 200, "children", [&] { return t; });
  t = 1;
  p.Update(100);
  std::string s = out.str();
  EXPECT_EQ(s.rfind('\r', 0), 0u);
  EXPECT_NE(s.find("[############            ]  50%"), std::string::npos) << s;
}

TEST(ProgressTest, Thousands) {
  EXPECT_EQ(Thousands(0), "0");
  EXPECT_EQ(Thousands(999), "999");
  EXPECT_EQ(Thousands(1000), "1,000");
  EXPECT_EQ(Thousands(50000000), "50,000,000");
}

}  // namespace
}  // namespace atensi::cli
