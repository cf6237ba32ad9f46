// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Fuzz target: ParseNik (nik.h) with a fuzzed reference date and an optional
// fuzzed recorded birth date. Input layout: byte 0 flags, 3 bytes reference
// date, 3 bytes recorded date (when flag bit 0), the rest is the NIK text.
//
// Invariants checked (Dukcapil structure PP KK CC DD MM YY SSSS):
//   - digits is empty or exactly 16 ASCII digits;
//   - valid <=> no errors <=> ToStatus().ok(); otherwise the status names field
//     "nik" and the first error code as reason;
//   - a valid NIK has a sex, a birth date not after the reference date, a
//     serial >= 1 and a known province;
//   - a decoded birth date agrees with DD (+40 for women), MM and YY;
//   - re-parsing the normalised digits gives the same result (normalisation
//     is idempotent), and parsing is deterministic;
//   - no message contains the number (status.h: no personal data).

#include <cstdint>
#include <optional>

#include "atensi/nik.h"
#include "fuzz_input.h"

namespace {

using atensi::Date;
using atensi::IdIssue;
using atensi::ParsedNik;
using atensi::Sex;

std::vector<std::string> Codes(const std::vector<IdIssue>& issues) {
  std::vector<std::string> out;
  for (const auto& i : issues) out.push_back(i.code);
  return out;
}

void CheckSame(const ParsedNik& a, const ParsedNik& b) {
  FUZZ_CHECK(a.valid == b.valid);
  FUZZ_CHECK(a.digits == b.digits);
  FUZZ_CHECK(a.sex == b.sex);
  FUZZ_CHECK(a.birth_date == b.birth_date);
  FUZZ_CHECK(a.serial == b.serial);
  FUZZ_CHECK(a.region.province == b.region.province);
  FUZZ_CHECK(a.region.current_regency == b.region.current_regency);
  FUZZ_CHECK(a.region.historical == b.region.historical);
  FUZZ_CHECK(Codes(a.errors) == Codes(b.errors));
  FUZZ_CHECK(Codes(a.warnings) == Codes(b.warnings));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  atensi::fuzz::FuzzInput in(data, size);
  const std::uint8_t flags = in.Byte();
  const Date reference = in.AnyDate();
  std::optional<Date> recorded;
  if ((flags & 1u) != 0) recorded = in.AnyDate();
  const std::string text(in.Rest());

  const ParsedNik p = atensi::ParseNik(text, reference, recorded);

  FUZZ_CHECK(p.digits.empty() || (p.digits.size() == 16 && atensi::fuzz::AllDigits(p.digits)));
  FUZZ_CHECK(p.valid == p.errors.empty());
  const atensi::Status st = p.ToStatus();
  FUZZ_CHECK(st.ok() == p.valid);
  if (!st.ok()) {
    FUZZ_CHECK(st.field() == "nik");
    FUZZ_CHECK(st.reason() == p.errors.front().code);
  }
  for (const auto& issue : p.errors) {
    FUZZ_CHECK(issue.code.rfind("nik.", 0) == 0);
    FUZZ_CHECK(!issue.message.empty());
    if (!p.digits.empty()) FUZZ_CHECK(issue.message.find(p.digits) == std::string::npos);
  }
  for (const auto& issue : p.warnings) {
    FUZZ_CHECK(issue.code.rfind("nik.", 0) == 0);
    if (!p.digits.empty()) FUZZ_CHECK(issue.message.find(p.digits) == std::string::npos);
  }
  if (p.digits.empty()) {
    FUZZ_CHECK(!p.valid && p.errors.size() == 1);
    FUZZ_CHECK(!p.sex && !p.birth_date && p.serial == 0);
    return 0;
  }

  const std::string_view d = p.digits;
  const int dd = atensi::fuzz::TwoDigits(d, 6);
  const int mm = atensi::fuzz::TwoDigits(d, 8);
  const int yy = atensi::fuzz::TwoDigits(d, 10);
  FUZZ_CHECK(p.serial == atensi::fuzz::TwoDigits(d, 12) * 100 + atensi::fuzz::TwoDigits(d, 14));
  if (p.sex) FUZZ_CHECK(*p.sex == (dd > 40 ? Sex::kFemale : Sex::kMale));
  if (p.birth_date) {
    const auto ymd = p.birth_date->year_month_day();
    FUZZ_CHECK(ymd.day == (dd > 40 ? dd - 40 : dd));
    FUZZ_CHECK(ymd.month == mm);
    FUZZ_CHECK(static_cast<int>(ymd.year) % 100 == yy);
    FUZZ_CHECK(p.sex.has_value());
  }
  if (p.valid) {
    FUZZ_CHECK(p.sex.has_value());
    FUZZ_CHECK(p.birth_date.has_value());
    FUZZ_CHECK(*p.birth_date <= reference);
    FUZZ_CHECK(p.serial >= 1);
    FUZZ_CHECK(p.region.province.has_value());
    FUZZ_CHECK(atensi::ValidateNik(text, reference).ok() || recorded.has_value());
    // The birth date agrees with itself: no cross-check warning.
    FUZZ_CHECK(atensi::CrossCheckNik(p, p.sex, p.birth_date).empty());
  }

  // Idempotent normalisation and determinism.
  CheckSame(p, atensi::ParseNik(p.digits, reference, recorded));
  CheckSame(p, atensi::ParseNik(text, reference, recorded));
  return 0;
}
