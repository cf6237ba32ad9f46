// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// No. KK rules. Source: Dukcapil No. KK composition PP KK CC DD MM YY SSSS
// (region of issuance + recording date without a +40 rule + family serial),
// identifiers.md §1 and §5 (recommended checks and cross-checks).

#include "atensi/kk.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace atensi {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const Date kRef(2026, 11, 28);

std::vector<std::string> Codes(const std::vector<IdIssue>& issues) {
  std::vector<std::string> out;
  for (const auto& i : issues) out.push_back(i.code);
  return out;
}

// korfra/identika's valid example; under a 2000+yy rule (Perl
// Business::ID::NKK) it would be recorded in 2099. The pivot gives 1999.
TEST(KkTest, IdentikaExampleUsesCenturyPivot) {
  ParsedKk kk = ParseKk("3273012501990001", kRef);
  EXPECT_TRUE(kk.valid) << ::testing::PrintToString(Codes(kk.errors));
  EXPECT_TRUE(kk.warnings.empty()) << ::testing::PrintToString(Codes(kk.warnings));
  EXPECT_EQ(kk.digits, "3273012501990001");
  EXPECT_EQ(kk.recorded_on, Date(1999, 1, 25));
  EXPECT_EQ(kk.serial, 1);
  EXPECT_EQ(kk.region.district->dotted(), "32.73.01");
  EXPECT_TRUE(kk.ToStatus().ok());
  EXPECT_TRUE(ValidateKk("3273 0125 0199 0001", kRef).ok());
}

// Dukcapil: the KK date has no +40 rule. Day 41-71 is an error, and a hint
// that a woman's NIK was typed into the KK field (identifiers.md §5).
TEST(KkTest, DayFortyOneToSeventyOneIsErrorAndLooksLikeNik) {
  for (const char* dd : {"41", "65", "71"}) {
    ParsedKk kk = ParseKk(std::string("327301") + dd + "01990001", kRef);
    EXPECT_FALSE(kk.valid) << dd;
    EXPECT_EQ(Codes(kk.errors), std::vector<std::string>{"kk.day_range"}) << dd;
    EXPECT_EQ(Codes(kk.warnings), std::vector<std::string>{"kk.looks_like_nik"}) << dd;
    EXPECT_FALSE(kk.recorded_on.has_value());
  }
}

TEST(KkTest, OtherBadDaysAreErrorsWithoutNikHint) {
  // Perl Business::ID::NKK test: "32 7300 320180 0001" is an invalid date.
  for (const char* dd : {"00", "32", "40", "72", "99"}) {
    ParsedKk kk = ParseKk(std::string("327301") + dd + "01990001", kRef);
    EXPECT_EQ(Codes(kk.errors), std::vector<std::string>{"kk.day_range"}) << dd;
    EXPECT_FALSE(HasIssue(kk.warnings, "kk.looks_like_nik")) << dd;
  }
}

// Perl Business::ID::NKK SYNOPSIS example has month 19.
TEST(KkTest, MonthOutsideOneToTwelveIsError) {
  ParsedKk kk = ParseKk("3273010119170002", kRef);
  EXPECT_EQ(Codes(kk.errors), std::vector<std::string>{"kk.month_range"});
  EXPECT_EQ(Codes(ParseKk("3273010100990001", kRef).errors),
            std::vector<std::string>{"kk.month_range"});
}

TEST(KkTest, RecordingDateMustBeARealDate) {
  EXPECT_EQ(Codes(ParseKk("3273013102200001", kRef).errors),
            std::vector<std::string>{"kk.date_invalid"});                       // 31 Feb
  EXPECT_EQ(ParseKk("3273012902240001", kRef).recorded_on, Date(2024, 2, 29));  // leap
  EXPECT_EQ(Codes(ParseKk("3273012902250001", kRef).errors),
            std::vector<std::string>{"kk.date_invalid"});  // 2025 not leap
}

// identifiers.md §5: not in the future, century pivot as for the NIK.
TEST(KkTest, RecordingDateNotAfterReferenceDate) {
  ParsedKk future = ParseKk("3273013011260001", kRef);  // 2026-11-30
  EXPECT_EQ(Codes(future.errors), std::vector<std::string>{"kk.future_date"});
  EXPECT_EQ(future.recorded_on, Date(2026, 11, 30));
  EXPECT_TRUE(ParseKk("3273012811260001", kRef).valid);  // on the reference date
  // Perl's test vector "32 7300 010101 0001": recorded 2001-01-01 (kecamatan 00 only warns).
  ParsedKk perl = ParseKk("32 7300 010101 0001", kRef);
  EXPECT_TRUE(perl.valid);
  EXPECT_EQ(perl.recorded_on, Date(2001, 1, 1));
  EXPECT_TRUE(HasIssue(perl.warnings, "kk.district_unknown"));
  // yy=27 at reference year 2026 is 1927.
  EXPECT_EQ(ParseKk("3273010101270001", kRef).recorded_on, Date(1927, 1, 1));
}

// "nomor seri keluarga" starts at 0001 (Perl Business::ID::NKK: serial >= 1).
TEST(KkTest, SerialZeroIsInvalid) {
  ParsedKk kk = ParseKk("3273012501990000", kRef);
  EXPECT_EQ(Codes(kk.errors), std::vector<std::string>{"kk.serial_zero"});
  EXPECT_EQ(kk.recorded_on, Date(1999, 1, 25));
}

// Kemendagri codes: unknown province is an error, lower levels a warning.
TEST(KkTest, RegionPrefixRules) {
  EXPECT_EQ(Codes(ParseKk("9973012501990001", kRef).errors),
            std::vector<std::string>{"kk.province_unknown"});
  ParsedKk district = ParseKk("3273992501990001", kRef);
  EXPECT_TRUE(district.valid);
  EXPECT_EQ(Codes(district.warnings), std::vector<std::string>{"kk.district_unknown"});
  ParsedKk regency = ParseKk("3299012501990001", kRef);
  EXPECT_TRUE(regency.valid);
  EXPECT_EQ(Codes(regency.warnings), std::vector<std::string>{"kk.regency_unknown"});
  ParsedKk papua = ParseKk("9101012501990001", kRef);  // Merauke before UU 14/2022
  EXPECT_TRUE(papua.valid);
  EXPECT_TRUE(HasIssue(papua.warnings, "kk.region_historical"));
  ASSERT_TRUE(papua.region.current_regency.has_value());
  EXPECT_EQ(papua.region.current_regency->dotted(), "93.01");
}

// identika tests: lengths 15/17 and a trailing letter fail; 1234567890123456 is invalid.
TEST(KkTest, NormalisationErrorsNameFieldKk) {
  for (const char* text : {"327301250199000", "32730125019900011", "327301250199000A",
                           "3273_0125_0199_0001", "3273  012501990001"}) {
    ParsedKk kk = ParseKk(text, kRef);
    EXPECT_FALSE(kk.valid) << text;
    ASSERT_EQ(kk.errors.size(), 1u) << text;
    EXPECT_THAT(kk.errors[0].code, ::testing::StartsWith("kk."));
    Status s = kk.ToStatus();
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(s.field(), "kk");
  }
  EXPECT_FALSE(ParseKk("1234567890123456", kRef).valid);
}

TEST(KkTest, MessagesDoNotContainTheNumber) {
  ParsedKk kk = ParseKk("3273016501990000", kRef);
  ASSERT_FALSE(kk.errors.empty());
  for (const auto& i : kk.errors) EXPECT_THAT(i.message, Not(HasSubstr("327301")));
  for (const auto& i : kk.warnings) EXPECT_THAT(i.message, Not(HasSubstr("327301")));
}

// identifiers.md §5: a KK equal to a member's NIK is a common entry error
// (the sigede-dpkj template uses 5171042505640001 for both fields).
TEST(KkMembersTest, KkEqualToMemberNikWarns) {
  ParsedKk kk = ParseKk("5171042505640001", kRef);
  EXPECT_TRUE(kk.valid);
  const std::vector<std::string> members = {"5171046505900002", "5171 0425 0564 0001", "garbage"};
  auto w = CheckKkAgainstMembers(kk, members);
  EXPECT_EQ(Codes(w), std::vector<std::string>{"kk.equals_member_nik"});
  EXPECT_THAT(w[0].message, HasSubstr("member 2"));
  EXPECT_THAT(w[0].message, Not(HasSubstr("5171")));
}

TEST(KkMembersTest, DistinctNumbersGiveNoWarning) {
  ParsedKk kk = ParseKk("3273012501990001", kRef);
  const std::vector<std::string> members = {"3602041211870001", "1702192905120001"};
  EXPECT_TRUE(CheckKkAgainstMembers(kk, members).empty());
  EXPECT_TRUE(CheckKkAgainstMembers(kk, {}).empty());
  ParsedKk bad = ParseKk("not a number", kRef);
  const std::vector<std::string> any = {"not a number"};
  EXPECT_TRUE(CheckKkAgainstMembers(bad, any).empty());
}

}  // namespace
}  // namespace atensi
