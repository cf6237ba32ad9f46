// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// NIK rules. Sources: Dukcapil NIK structure PP KK CC DD MM YY SSSS
// (identifiers.md §1, Dukcapil Klaten); UU 23/2006 art 13 as amended by UU
// 24/2013 (NIK permanent); PP 40/2019 art 30(2) (not reissued when its date is
// wrong); identifiers.md §3 for the points where libraries disagree.

#include "atensi/nik.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace atensi {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const Date kRef(2026, 11, 28);  // reference date for every vector (identifiers.md §3.2)

std::vector<std::string> Codes(const std::vector<IdIssue>& issues) {
  std::vector<std::string> out;
  for (const auto& i : issues) out.push_back(i.code);
  return out;
}

// --- Documented examples -----------------------------------------------------

// Dirjen Dukcapil, 2023-08-29 (identifiers.md §1): 12-11-1987.
TEST(NikTest, DocumentedExampleDirjenDukcapil) {
  ParsedNik n = ParseNik("3602041211870001", kRef);
  EXPECT_TRUE(n.valid) << ::testing::PrintToString(Codes(n.errors));
  EXPECT_TRUE(n.errors.empty());
  EXPECT_TRUE(n.warnings.empty()) << ::testing::PrintToString(Codes(n.warnings));
  EXPECT_EQ(n.digits, "3602041211870001");
  ASSERT_TRUE(n.sex.has_value());
  EXPECT_EQ(*n.sex, Sex::kMale);
  ASSERT_TRUE(n.birth_date.has_value());
  EXPECT_EQ(*n.birth_date, Date(1987, 11, 12));
  EXPECT_EQ(n.serial, 1);
  ASSERT_TRUE(n.region.province && n.region.regency && n.region.district);
  EXPECT_EQ(n.region.province->dotted(), "36");
  EXPECT_EQ(n.region.regency->dotted(), "36.02");
  EXPECT_EQ(n.region.district->dotted(), "36.02.04");
  ASSERT_TRUE(n.region.current_district);
  EXPECT_EQ(*n.region.current_district, *n.region.district);
  EXPECT_FALSE(n.region.historical);
  EXPECT_TRUE(n.ToStatus().ok());
  EXPECT_TRUE(ValidateNik("3602041211870001", kRef).ok());
}

// Dukcapil Rejang Lebong (identifiers.md §1): boy born 29 May 2012 in Curup Tengah.
TEST(NikTest, DocumentedExampleRejangLebongBoy) {
  ParsedNik n = ParseNik("1702192905120001", kRef);
  EXPECT_TRUE(n.valid);
  EXPECT_EQ(n.sex, Sex::kMale);
  EXPECT_EQ(n.birth_date, Date(2012, 5, 29));
  EXPECT_EQ(n.region.district->dotted(), "17.02.19");
}

// Dukcapil structure: women's day code is day + 40 (41-71).
TEST(NikTest, FemaleDayPlusForty) {
  ParsedNik n = ParseNik("3602045211870001", kRef);
  EXPECT_TRUE(n.valid);
  EXPECT_EQ(n.sex, Sex::kFemale);
  EXPECT_EQ(n.birth_date, Date(1987, 11, 12));
  // Edges of the female range: 41 = day 1, 71 = day 31.
  EXPECT_EQ(ParseNik("3602044101100001", kRef).birth_date, Date(2010, 1, 1));
  EXPECT_EQ(ParseNik("3602047101100001", kRef).birth_date, Date(2010, 1, 31));
  EXPECT_EQ(ParseNik("3602047101100001", kRef).sex, Sex::kFemale);
  EXPECT_EQ(ParseNik("3602043101100001", kRef).sex, Sex::kMale);
}

// --- Day, month, calendar (Dukcapil structure; identifiers.md §3.3) ----------

// python-stdnum's "% 40" accepts 81; the official range does not.
TEST(NikTest, DayCode81IsInvalid) {
  ParsedNik n = ParseNik("3171018108450001", kRef);
  EXPECT_FALSE(n.valid);
  EXPECT_TRUE(HasIssue(n.errors, "nik.day_range"));
  EXPECT_FALSE(n.sex.has_value());
  EXPECT_FALSE(n.birth_date.has_value());
}

TEST(NikTest, DayCodesOutsideBothRangesAreErrors) {
  for (const char* dd : {"00", "32", "39", "40", "72", "99"}) {
    ParsedNik n = ParseNik(std::string("360204") + dd + "11870001", kRef);
    EXPECT_FALSE(n.valid) << dd;
    EXPECT_EQ(Codes(n.errors), std::vector<std::string>{"nik.day_range"}) << dd;
  }
  for (const char* dd : {"01", "31", "41", "71"}) {
    EXPECT_TRUE(ParseNik(std::string("360204") + dd + "01870001", kRef).valid) << dd;
  }
}

TEST(NikTest, MonthOutsideOneToTwelveIsError) {
  for (const char* mm : {"00", "13", "99"}) {
    ParsedNik n = ParseNik(std::string("36020412") + mm + "870001", kRef);
    EXPECT_EQ(Codes(n.errors), std::vector<std::string>{"nik.month_range"}) << mm;
    EXPECT_EQ(n.sex, Sex::kMale) << "the day code still gives the sex";
    EXPECT_FALSE(n.birth_date.has_value());
  }
}

// libktpnik README's own sample is 31 February (day code 71 = woman, day 31).
TEST(NikTest, LibktpnikThirtyFirstFebruaryIsInvalid) {
  ParsedNik n = ParseNik("3502027102019913", kRef);
  EXPECT_FALSE(n.valid);
  EXPECT_EQ(Codes(n.errors), std::vector<std::string>{"nik.date_invalid"});
  EXPECT_EQ(n.sex, Sex::kFemale);
  EXPECT_FALSE(n.birth_date.has_value());
  EXPECT_EQ(n.ToStatus().reason(), "nik.date_invalid");
}

// 29 February exists only in leap years (identifiers.md §3.3).
TEST(NikTest, TwentyNinthFebruaryLeapAndNonLeap) {
  EXPECT_EQ(ParseNik("3602042902000001", kRef).birth_date, Date(2000, 2, 29));  // 2000 leap
  EXPECT_EQ(ParseNik("3602042902240001", kRef).birth_date, Date(2024, 2, 29));
  EXPECT_EQ(ParseNik("3602046902080001", kRef).birth_date, Date(2008, 2, 29));  // female
  ParsedNik common = ParseNik("3602042902250001", kRef);
  EXPECT_FALSE(common.valid);
  EXPECT_TRUE(HasIssue(common.errors, "nik.date_invalid"));
  // yy=00 with a recorded 1900 birth date: 1900 is not a leap year.
  ParsedNik y1900 = ParseNik("3602042902000001", kRef, Date(1900, 3, 1));
  EXPECT_TRUE(HasIssue(y1900.errors, "nik.date_invalid"));
}

// --- Century (identifiers.md §3.2) -------------------------------------------

TEST(NikTest, CenturyPivotAtReferenceYear) {
  EXPECT_EQ(ParseNik("3602040101260001", kRef).birth_date, Date(2026, 1, 1));  // 2026 <= 2026
  EXPECT_EQ(ParseNik("3602040101270001", kRef).birth_date, Date(1927, 1, 1));  // 2027 > 2026
  EXPECT_EQ(ParseNik("3602040101000001", kRef).birth_date, Date(2000, 1, 1));
  EXPECT_EQ(ParseNik("3602040101990001", kRef).birth_date, Date(1999, 1, 1));
  // The pivot follows the reference date, not the system clock.
  EXPECT_EQ(ParseNik("3602040101270001", Date(2027, 6, 1)).birth_date, Date(2027, 1, 1));
}

TEST(NikTest, CenturyFromRecordedBirthDate) {
  // A 100-year-old: the pivot alone would say 2026.
  ParsedNik n = ParseNik("3602040101260001", kRef, Date(1926, 1, 1));
  EXPECT_TRUE(n.valid);
  EXPECT_EQ(n.birth_date, Date(1926, 1, 1));
  EXPECT_FALSE(HasIssue(n.warnings, "nik.century_fallback"));
  // The century comes from the record even if its day differs (PP 40/2019: dates may be wrong).
  EXPECT_EQ(ParseNik("3602040101260001", kRef, Date(1926, 7, 9)).birth_date, Date(1926, 1, 1));
}

TEST(NikTest, RecordedYearNotEndingInYyFallsBackToPivotWithWarning) {
  ParsedNik n = ParseNik("3602041211870001", kRef, Date(1988, 11, 12));
  EXPECT_TRUE(n.valid);
  EXPECT_EQ(n.birth_date, Date(1987, 11, 12));
  EXPECT_TRUE(HasIssue(n.warnings, "nik.century_fallback"));
}

// A birth date after the reference date is impossible (identifiers.md §3.7).
TEST(NikTest, BirthAfterReferenceDateIsInvalid) {
  ParsedNik n = ParseNik("3602043012260001", kRef);  // 2026-12-30
  EXPECT_FALSE(n.valid);
  EXPECT_EQ(Codes(n.errors), std::vector<std::string>{"nik.future_birth"});
  EXPECT_EQ(n.birth_date, Date(2026, 12, 30)) << "decoded even though invalid";
  EXPECT_TRUE(ParseNik("3602042811260001", kRef).valid) << "born on the reference date";
  EXPECT_FALSE(ParseNik("3602042911260001", kRef).valid) << "the day after";
}

// --- Serial (Dukcapil Klaten: serial starts at 0001; identifiers.md §3.4) ----

TEST(NikTest, SerialZeroIsInvalidButSexAndDateStillDecoded) {
  ParsedNik n = ParseNik("3602041211870000", kRef);
  EXPECT_FALSE(n.valid);
  EXPECT_EQ(Codes(n.errors), std::vector<std::string>{"nik.serial_zero"});
  EXPECT_EQ(n.sex, Sex::kMale);
  EXPECT_EQ(n.birth_date, Date(1987, 11, 12));
  EXPECT_EQ(n.serial, 0);
  EXPECT_EQ(ParseNik("3602041211879999", kRef).serial, 9999);
}

// --- Region prefix (Kemendagri codes; identifiers.md §3.5) -------------------

TEST(NikTest, UnknownProvinceIsError) {
  for (const char* nik : {"9902041211870001", "1002041211870001", "0002041211870001"}) {
    ParsedNik n = ParseNik(nik, kRef);
    EXPECT_FALSE(n.valid) << nik;
    EXPECT_EQ(Codes(n.errors), std::vector<std::string>{"nik.province_unknown"}) << nik;
    EXPECT_EQ(n.birth_date, Date(1987, 11, 12)) << "still decoded";
    EXPECT_FALSE(HasIssue(n.warnings, "nik.regency_unknown"));
  }
}

// Kalimantan Utara (65) and the new Papua provinces (92-96) are current
// Kemendagri codes that stale tables (python-stdnum) reject.
TEST(NikTest, NewerProvincesAreKnown) {
  for (const char* p : {"65", "91", "92", "93", "94", "95", "96"}) {
    ParsedNik n = ParseNik(std::string(p) + "99991211870001", kRef);
    EXPECT_FALSE(HasIssue(n.errors, "nik.province_unknown")) << p;
  }
}

// Regency/kecamatan unknown is a warning: the prefix is the place of FIRST
// registration and the NIK is permanent (UU 23/2006 art 13).
TEST(NikTest, UnknownDistrictIsWarningNotError) {
  ParsedNik n = ParseNik("3602991211870001", kRef);  // 36.02 has no kecamatan 99
  EXPECT_TRUE(n.valid);
  EXPECT_EQ(Codes(n.warnings), std::vector<std::string>{"nik.district_unknown"});
  EXPECT_TRUE(n.region.current_regency.has_value());
  EXPECT_FALSE(n.region.current_district.has_value());
  EXPECT_EQ(n.region.district->dotted(), "36.02.99");
  // Kecamatan 00 (Perl Business::ID::NIK's own test uses it) exists in no list.
  ParsedNik zero = ParseNik("3273000101010001", kRef);
  EXPECT_TRUE(zero.valid);
  EXPECT_TRUE(HasIssue(zero.warnings, "nik.district_unknown"));
  EXPECT_FALSE(zero.region.district.has_value());
}

TEST(NikTest, UnknownRegencyIsWarningNotError) {
  ParsedNik n = ParseNik("3699011211870001", kRef);
  EXPECT_TRUE(n.valid);
  EXPECT_EQ(Codes(n.warnings), std::vector<std::string>{"nik.regency_unknown"});
  EXPECT_FALSE(n.region.current_regency.has_value());
}

// 91.01 (Merauke, Papua) moved to 93.01 (Papua Selatan) by UU 14/2022; NIKs
// issued before keep 9101 for life (UU 23/2006 art 13).
TEST(NikTest, HistoricalPapuaPrefixResolvesThroughAlias) {
  ParsedNik n = ParseNik("9101011211870001", kRef);
  EXPECT_TRUE(n.valid) << ::testing::PrintToString(Codes(n.errors));
  EXPECT_TRUE(HasIssue(n.warnings, "nik.region_historical"))
      << ::testing::PrintToString(Codes(n.warnings));
  EXPECT_FALSE(HasIssue(n.warnings, "nik.regency_unknown"));
  EXPECT_TRUE(n.region.historical);
  EXPECT_EQ(n.region.regency->dotted(), "91.01");
  ASSERT_TRUE(n.region.current_regency.has_value());
  EXPECT_EQ(n.region.current_regency->dotted(), "93.01");
  // The kecamatan of a moved regency may have been renumbered: not mapped, not flagged.
  EXPECT_EQ(n.region.district->dotted(), "91.01.01");
  EXPECT_FALSE(n.region.current_district.has_value());
  EXPECT_FALSE(HasIssue(n.warnings, "nik.district_unknown"));
  for (const auto& w : n.warnings) {
    EXPECT_THAT(w.message, Not(HasSubstr("9101"))) << "no part of the NIK in messages";
  }
}

// Nabire moved 91.04 -> 94.01 (UU 15/2022) and its kecamatan were renumbered
// (old 91.04.06 is now 94.01.04): the regency is mapped, the kecamatan is not.
TEST(NikTest, HistoricalRegencyWithRenumberedKecamatan) {
  ParsedNik n = ParseNik("9104061211870001", kRef);
  EXPECT_TRUE(n.valid);
  EXPECT_EQ(Codes(n.warnings), std::vector<std::string>{"nik.region_historical"});
  EXPECT_THAT(n.warnings[0].message, HasSubstr("UU 15/2022"));
  ASSERT_TRUE(n.region.current_regency.has_value());
  EXPECT_EQ(n.region.current_regency->dotted(), "94.01");
  EXPECT_FALSE(n.region.current_district.has_value());
}

// --- Input normalisation (decision documented in nik.h) ----------------------

TEST(NikTest, SeparatorsAndSurroundingWhitespaceAccepted) {
  for (const char* text :
       {"1702 1929 0512 0001", "170219 290512 0001", "170219.290512.0001", "1702-19-29-05-12-0001",
        "  1702192905120001\t\n", "1702.19 29-0512 0001"}) {
    ParsedNik n = ParseNik(text, kRef);
    EXPECT_TRUE(n.valid) << text;
    EXPECT_EQ(n.digits, "1702192905120001") << text;
  }
}

TEST(NikTest, BadCharactersAreErrorsOnFieldNik) {
  using namespace std::string_literals;
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"17021929O5120001", "nik.character"},     // letter O
      {"1702/19/290512/0001", "nik.character"},  // other punctuation
      {"1702192905120001x", "nik.character"},
      {"1702192905120001 \x01", "nik.character"},           // control char after a space
      {"17021929\t05120001", "nik.character"},              // tab inside
      {"17021929"s + '\0' + "05120001"s, "nik.character"},  // embedded NUL
      {"1702192905120001\xC2\xA0", "nik.character"},        // non-ASCII NBSP
      {"\xEF\xBC\x91"
       "702192905120001",
       "nik.character"},                        // full-width 1
      {"1702  192905120001", "nik.separator"},  // doubled separator
      {"-1702192905120001", "nik.separator"},
      {"1702192905120001.", "nik.separator"},
      {"1702-.192905120001", "nik.separator"},
      {"170219290512001", "nik.length"},    // 15 digits
      {"17021929051200011", "nik.length"},  // 17 digits
      {"", "nik.length"},
      {"   ", "nik.length"},
  };
  for (const auto& [text, code] : cases) {
    ParsedNik n = ParseNik(text, kRef);
    EXPECT_FALSE(n.valid) << code;
    EXPECT_EQ(Codes(n.errors), std::vector<std::string>{code}) << code;
    EXPECT_TRUE(n.digits.empty());
    EXPECT_FALSE(n.sex.has_value());
    Status s = n.ToStatus();
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(s.field(), "nik");
    EXPECT_EQ(s.reason(), code);
  }
}

TEST(NikTest, OverlongInputIsRejectedAndNotCopiedIntoMessages) {
  std::string huge(100000, '7');
  ParsedNik n = ParseNik(huge, kRef);
  EXPECT_EQ(Codes(n.errors), std::vector<std::string>{"nik.length"});
  EXPECT_LT(n.errors[0].message.size(), 300u);
  EXPECT_THAT(n.errors[0].message, Not(HasSubstr("7777")));
}

TEST(NikTest, MessagesNameRuleAndSourceButNotTheNumber) {
  ParsedNik n = ParseNik("3171018108450000", kRef);  // day 81 and serial 0000
  ASSERT_EQ(Codes(n.errors), (std::vector<std::string>{"nik.day_range", "nik.serial_zero"}));
  for (const auto& e : n.errors) {
    EXPECT_THAT(e.message, HasSubstr("UU 23/2006"));
    EXPECT_THAT(e.message, Not(HasSubstr("317101")));
    EXPECT_THAT(e.message, Not(HasSubstr("8108")));
  }
  Status s = n.ToStatus();
  EXPECT_EQ(s.reason(), "nik.day_range") << "first error";
  EXPECT_EQ(s.message(), n.errors[0].message);
  EXPECT_EQ(ValidateNik("3171018108450000", kRef).reason(), "nik.day_range");
}

// --- Cross-check (PP 40/2019 art 30(2); UU 23/2006 art 13) --------------------

TEST(NikCrossCheckTest, MatchingRecordGivesNoWarnings) {
  ParsedNik n = ParseNik("3602041211870001", kRef);
  EXPECT_TRUE(CrossCheckNik(n, Sex::kMale, Date(1987, 11, 12)).empty());
  EXPECT_TRUE(CrossCheckNik(n, std::nullopt, std::nullopt).empty());
}

TEST(NikCrossCheckTest, SexMismatchIsWarning) {
  ParsedNik n = ParseNik("3602045211870001", kRef);  // female code
  auto w = CrossCheckNik(n, Sex::kMale, Date(1987, 11, 12));
  EXPECT_EQ(Codes(w), std::vector<std::string>{"nik.sex_mismatch"});
  EXPECT_THAT(w[0].message, HasSubstr("PP 40/2019"));
}

// A NIK whose date is wrong is not reissued: warn, keep the recorded date.
TEST(NikCrossCheckTest, DateMismatchIsWarningAndNothingIsOverwritten) {
  ParsedNik n = ParseNik("1702192905120001", kRef);
  const Date recorded(2012, 6, 29);
  auto w = CrossCheckNik(n, Sex::kMale, recorded);
  EXPECT_EQ(Codes(w), std::vector<std::string>{"nik.birth_date_mismatch"});
  EXPECT_THAT(w[0].message, HasSubstr("PP 40/2019 art 30(2)"));
  EXPECT_EQ(n.birth_date, Date(2012, 5, 29));
  EXPECT_TRUE(n.valid);
}

// The NIK carries no century: 1926 and the pivot's 2026 are the same NIK date.
TEST(NikCrossCheckTest, DateComparisonIgnoresCentury) {
  ParsedNik n = ParseNik("3602040101260001", kRef);  // pivot: 2026-01-01
  EXPECT_TRUE(CrossCheckNik(n, std::nullopt, Date(1926, 1, 1)).empty());
  EXPECT_FALSE(CrossCheckNik(n, std::nullopt, Date(1925, 1, 1)).empty());
}

TEST(NikCrossCheckTest, UndecodableFieldsAreNotCompared) {
  ParsedNik n = ParseNik("3171018108450001", kRef);  // day 81: no sex, no date
  EXPECT_TRUE(CrossCheckNik(n, Sex::kFemale, Date(1945, 8, 1)).empty());
}

}  // namespace
}  // namespace atensi
