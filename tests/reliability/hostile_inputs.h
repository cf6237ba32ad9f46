// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// The hostile strings every entry point must refuse cleanly: a clear error
// naming the field and the rule, no crash, nothing written. Shared by the
// tests/reliability/*_test.cpp suites (C++ and Casebook level).

#ifndef ATENSI_TESTS_RELIABILITY_HOSTILE_INPUTS_H_
#define ATENSI_TESTS_RELIABILITY_HOSTILE_INPUTS_H_

#include <string>
#include <vector>

namespace atensi::testing {

struct HostileInput {
  std::string label;  // for failure messages
  std::string text;
};

// 10 MB: the size of field the brief calls out (a roster cell, a JSON string).
inline constexpr std::size_t kTenMegabytes = std::size_t{10} * 1024 * 1024;

inline std::vector<HostileInput> HostileStrings() {
  using namespace std::string_literals;
  return {
      {"empty", ""},
      {"spaces only", "   \t  "},
      {"over-long digits (4 KB)", std::string(4096, '1')},
      {"10 MB field", std::string(kTenMegabytes, '7')},
      {"invalid UTF-8 (lone continuation)", "\x80\x80\x80"},
      {"invalid UTF-8 (truncated sequence)", "17021929\xC3"},
      {"invalid UTF-8 (overlong slash)", "\xC0\xAF"},
      {"invalid UTF-8 (surrogate)", "\xED\xA0\x80"},
      {"invalid UTF-8 (0xFF)", "\xFF\xFE\xFD"},
      {"embedded NUL",
       "1702\0"s
       "192905120001"},
      {"NUL only", "\0"s},
      {"SQL injection", "1'; DROP TABLE children;--"},
      {"SQL comment", "15.71\" OR 1=1 --"},
      {"date 0000-00-00", "0000-00-00"},
      {"date 2026-02-30", "2026-02-30"},
      {"negative number", "-12"},
      {"control characters", "abc\x01\x02\x1b[31m"},
      {"right-to-left override",
       "\xE2\x80\xAE"
       "1002091207021"},
      {"fullwidth digits", "\xEF\xBC\x91\xEF\xBC\x97\xEF\xBC\x90\xEF\xBC\x92"},
      {"format string", "%s%s%s%n%x"},
      {"path traversal", "../../etc/passwd"},
  };
}

}  // namespace atensi::testing

#endif  // ATENSI_TESTS_RELIABILITY_HOSTILE_INPUTS_H_
