// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Hostile input through the identity and date entry points (nik.h, kk.h,
// date.h): over-long strings, invalid UTF-8, embedded NUL, SQL-like text,
// impossible dates and 10 MB fields. Each must be a clear InvalidArgument
// naming the field and the rule, never a crash, and the input must never be
// echoed into a message (status.h: no personal data in messages).

#include <gtest/gtest.h>

#include <string>

#include "atensi/date.h"
#include "atensi/kk.h"
#include "atensi/nik.h"
#include "hostile_inputs.h"

namespace atensi {
namespace {

const Date kRef(2026, 6, 1);

bool IsNormalisationRule(const std::string& code, const std::string& prefix) {
  return code == prefix + ".length" || code == prefix + ".character" ||
         code == prefix + ".separator";
}

TEST(HostileIdentityTest, NikRefusesEveryHostileStringOnFieldNik) {
  // Dukcapil NIK structure: exactly 16 digits (nik.h input normalisation).
  for (const auto& h : testing::HostileStrings()) {
    SCOPED_TRACE(h.label);
    const ParsedNik p = ParseNik(h.text, kRef);
    EXPECT_FALSE(p.valid);
    ASSERT_FALSE(p.errors.empty());
    EXPECT_TRUE(IsNormalisationRule(p.errors.front().code, "nik")) << p.errors.front().code;
    EXPECT_TRUE(p.digits.empty());
    const Status st = p.ToStatus();
    EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(st.field(), "nik");
    EXPECT_FALSE(st.message().empty());
    EXPECT_LT(st.message().size(), 1000u) << "the message must not grow with the input";
    if (h.text.size() >= 4) {
      EXPECT_EQ(st.message().find(h.text), std::string::npos);
    }
  }
}

TEST(HostileIdentityTest, KkRefusesEveryHostileStringOnFieldKk) {
  for (const auto& h : testing::HostileStrings()) {
    SCOPED_TRACE(h.label);
    const ParsedKk k = ParseKk(h.text, kRef);
    EXPECT_FALSE(k.valid);
    ASSERT_FALSE(k.errors.empty());
    EXPECT_TRUE(IsNormalisationRule(k.errors.front().code, "kk")) << k.errors.front().code;
    const Status st = k.ToStatus();
    EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(st.field(), "kk");
    EXPECT_LT(st.message().size(), 1000u);
  }
}

TEST(HostileIdentityTest, ValidNikWithHostileSuffixOrPrefixIsRefused) {
  using namespace std::string_literals;
  const std::string good = "1702192905120001";  // identifiers.md §1 documented example
  ASSERT_TRUE(ParseNik(good, kRef).valid);
  for (const std::string& bad :
       {good + "\0"s, "\0"s + good, good + "'; DROP TABLE children;--", good + "\xC3",
        "\xEF\xBB\xBF" + good, good + "\n" + good, good + std::string(1 << 20, ' ') + "1"}) {
    const ParsedNik p = ParseNik(bad, kRef);
    EXPECT_FALSE(p.valid);
    ASSERT_FALSE(p.errors.empty());
    EXPECT_TRUE(IsNormalisationRule(p.errors.front().code, "nik")) << p.errors.front().code;
  }
}

TEST(HostileIdentityTest, ImpossibleDatesInsideANik) {
  // DD MM YY = 00 00 00: neither a day (01-31 / 41-71) nor a month (01-12).
  const ParsedNik zero = ParseNik("3273010000000001", kRef);
  EXPECT_TRUE(HasIssue(zero.errors, "nik.day_range"));
  EXPECT_TRUE(HasIssue(zero.errors, "nik.month_range"));
  EXPECT_FALSE(zero.birth_date.has_value());
  // 30 February 2026 for a woman (day code 70 = 30 + 40).
  const ParsedNik feb30 = ParseNik("3273017002260001", Date(2026, 12, 1));
  EXPECT_TRUE(HasIssue(feb30.errors, "nik.date_invalid"));
  EXPECT_FALSE(feb30.birth_date.has_value());
  // A birth date after the reference date ("negative age") is an error.
  const ParsedNik future = ParseNik("3273010112260001", Date(2026, 11, 30));
  EXPECT_TRUE(HasIssue(future.errors, "nik.future_birth"));
}

TEST(HostileIdentityTest, IsoDatesRefuseZeroAndImpossibleDays) {
  for (const char* text : {"0000-00-00", "2026-02-30", "2025-02-29", "2026-13-01", "2026-00-10",
                           "2026-04-31", "1399-12-31", "-001-01-01", "2026-1-1", "2026/01/01",
                           "20260101", "2026-01-01T00:00", "", "9999-99-99"}) {
    SCOPED_TRACE(text);
    auto d = ParseIsoDate(text, "TglLahir");
    ASSERT_FALSE(d.ok());
    EXPECT_EQ(d.status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(d.status().field(), "TglLahir");
    EXPECT_TRUE(d.status().reason() == "date.format" || d.status().reason() == "date.invalid")
        << d.status().reason();
  }
  EXPECT_TRUE(ParseIsoDate("2024-02-29").ok());  // a leap day is a real date
}

TEST(HostileIdentityTest, HostileStringsAsDates) {
  for (const auto& h : testing::HostileStrings()) {
    SCOPED_TRACE(h.label);
    auto d = ParseIsoDate(h.text, "birth_date");
    ASSERT_FALSE(d.ok());
    EXPECT_EQ(d.status().field(), "birth_date");
  }
}

TEST(HostileIdentityTest, AgeBeforeBirthIsNegativeNotAChildYear) {
  // A reference date before the birth date gives age -1, never a wrapped value.
  EXPECT_EQ(AgeInYears(Date(2020, 5, 1), Date(2019, 5, 1)), -1);
  EXPECT_EQ(AgeInYears(Date(2020, 5, 1), Date(2020, 4, 30)), -1);
  EXPECT_EQ(AgeInYears(Date(2020, 5, 1), Date(2020, 5, 1)), 0);
}

}  // namespace
}  // namespace atensi
