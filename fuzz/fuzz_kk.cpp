// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Fuzz target: ParseKk and CheckKkAgainstMembers (kk.h). Input layout: 3
// bytes reference date, 1 byte member count (0-3), then per member a length
// byte and its text, the rest is the No. KK text.
//
// Invariants checked (Dukcapil structure PP KK CC DD MM YY SSSS, no +40 rule):
//   - digits is empty or 16 ASCII digits; valid <=> no errors <=> ToStatus ok,
//     the status names field "kk" and the first error code;
//   - a valid KK has a recording date not after the reference date, equal to
//     DD MM YY as written (never day + 40), and a serial >= 1;
//   - a day code 41-71 is an error and is flagged "kk.looks_like_nik";
//   - re-parsing the digits gives the same result; parsing is deterministic;
//   - one "kk.equals_member_nik" warning per member whose digits equal the KK,
//     none when the KK was not parsed; no message contains the number.

#include <cstdint>
#include <string>
#include <vector>

#include "atensi/kk.h"
#include "fuzz_input.h"

namespace {

using atensi::IdIssue;
using atensi::ParsedKk;

std::vector<std::string> Codes(const std::vector<IdIssue>& issues) {
  std::vector<std::string> out;
  for (const auto& i : issues) out.push_back(i.code);
  return out;
}

// The digits of `s` when it is 16 digits with single separators between digits.
std::string Digits16(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c >= '0' && c <= '9') out.push_back(c);
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  atensi::fuzz::FuzzInput in(data, size);
  const atensi::Date reference = in.AnyDate();
  std::vector<std::string> members(in.Byte() % 4u);
  for (auto& m : members) m = in.Text(40);
  const std::string text(in.Rest());

  const ParsedKk k = atensi::ParseKk(text, reference);
  FUZZ_CHECK(k.digits.empty() || (k.digits.size() == 16 && atensi::fuzz::AllDigits(k.digits)));
  FUZZ_CHECK(k.valid == k.errors.empty());
  const atensi::Status st = k.ToStatus();
  FUZZ_CHECK(st.ok() == k.valid);
  if (!st.ok()) {
    FUZZ_CHECK(st.field() == "kk");
    FUZZ_CHECK(st.reason() == k.errors.front().code);
  }
  for (const auto* list : {&k.errors, &k.warnings}) {
    for (const auto& issue : *list) {
      FUZZ_CHECK(issue.code.rfind("kk.", 0) == 0);
      FUZZ_CHECK(!issue.message.empty());
      if (!k.digits.empty()) FUZZ_CHECK(issue.message.find(k.digits) == std::string::npos);
    }
  }

  const std::vector<IdIssue> member_issues = atensi::CheckKkAgainstMembers(k, members);
  if (k.digits.empty()) {
    FUZZ_CHECK(!k.valid && !k.recorded_on && k.serial == 0);
    FUZZ_CHECK(member_issues.empty());
    return 0;
  }

  const std::string_view d = k.digits;
  const int dd = atensi::fuzz::TwoDigits(d, 6);
  const int mm = atensi::fuzz::TwoDigits(d, 8);
  const int yy = atensi::fuzz::TwoDigits(d, 10);
  FUZZ_CHECK(k.serial == atensi::fuzz::TwoDigits(d, 12) * 100 + atensi::fuzz::TwoDigits(d, 14));
  if (dd >= 41 && dd <= 71) {
    FUZZ_CHECK(!k.valid);
    FUZZ_CHECK(atensi::HasIssue(k.warnings, "kk.looks_like_nik"));
  }
  if (k.recorded_on) {
    const auto ymd = k.recorded_on->year_month_day();
    FUZZ_CHECK(ymd.day == dd);
    FUZZ_CHECK(ymd.month == mm);
    FUZZ_CHECK(static_cast<int>(ymd.year) % 100 == yy);
  }
  if (k.valid) {
    FUZZ_CHECK(k.recorded_on.has_value());
    FUZZ_CHECK(*k.recorded_on <= reference);
    FUZZ_CHECK(k.serial >= 1);
    FUZZ_CHECK(k.region.province.has_value());
  }

  // Every member warning is "kk.equals_member_nik", and there is at most one
  // per member, and at least one per member written as exactly the 16 digits.
  std::size_t exact = 0;
  for (const auto& m : members) {
    if (m == k.digits) ++exact;
  }
  FUZZ_CHECK(member_issues.size() <= members.size());
  FUZZ_CHECK(member_issues.size() >= exact);
  for (const auto& issue : member_issues) {
    FUZZ_CHECK(issue.code == "kk.equals_member_nik");
    FUZZ_CHECK(issue.message.find(k.digits) == std::string::npos);
  }
  std::size_t same_digits = 0;
  for (const auto& m : members) {
    if (Digits16(m) == k.digits) ++same_digits;
  }
  FUZZ_CHECK(member_issues.size() <= same_digits);

  const ParsedKk again = atensi::ParseKk(k.digits, reference);
  FUZZ_CHECK(again.valid == k.valid);
  FUZZ_CHECK(again.recorded_on == k.recorded_on);
  FUZZ_CHECK(again.serial == k.serial);
  FUZZ_CHECK(Codes(again.errors) == Codes(k.errors));
  FUZZ_CHECK(Codes(again.warnings) == Codes(k.warnings));
  return 0;
}
