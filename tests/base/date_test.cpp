// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Dates and ages. Childhood: UU 35/2014 art 1(1) ("belum berusia 18 tahun").

#include "atensi/date.h"

#include <gtest/gtest.h>

namespace atensi {
namespace {

TEST(DateTest, IsValidDateAndLeapYears) {
  EXPECT_TRUE(IsLeapYear(2024));
  EXPECT_TRUE(IsLeapYear(2000));
  EXPECT_FALSE(IsLeapYear(1900));
  EXPECT_FALSE(IsLeapYear(2025));
  EXPECT_TRUE(IsValidDate(2024, 2, 29));
  EXPECT_FALSE(IsValidDate(2025, 2, 29));
  EXPECT_FALSE(IsValidDate(2026, 4, 31));
  EXPECT_FALSE(IsValidDate(2026, 13, 1));
  EXPECT_FALSE(IsValidDate(2026, 1, 0));
  EXPECT_FALSE(IsValidDate(0, 1, 1));
}

TEST(DateTest, MakeDateRejectsImpossibleDateNamingField) {
  Result<Date> bad = MakeDate(2026, 2, 30, "birth_date");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().reason(), "date.invalid");
  EXPECT_EQ(bad.status().field(), "birth_date");
  EXPECT_EQ(MakeDate(2024, 2, 29).value(), Date(2024, 2, 29));
}

TEST(DateTest, ParseIsoDateAcceptsValidDates) {
  Result<Date> d = ParseIsoDate("2024-02-29");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(*d, Date(2024, 2, 29));
  EXPECT_EQ(FormatIsoDate(*d), "2024-02-29");
  EXPECT_EQ(FormatIsoDate(Date(1987, 1, 5)), "1987-01-05");
}

TEST(DateTest, ParseIsoDateRejectsImpossibleDates) {
  for (const char* text : {"0000-00-00", "2026-02-30", "2025-02-29", "2026-13-01", "2026-00-10"}) {
    Result<Date> d = ParseIsoDate(text, "birth_date");
    ASSERT_FALSE(d.ok()) << text;
    EXPECT_EQ(d.status().reason(), "date.invalid") << text;
    EXPECT_EQ(d.status().field(), "birth_date");
  }
}

TEST(DateTest, ParseIsoDateRejectsMalformedText) {
  for (const char* text : {"2026-01-01x", "2026-01-01 ", " 2026-01-01", "2026-1-01", "2026/01/01",
                           "20260101", "", "2026-01-0a", "+026-01-01", "2026-01-01T00:00:00Z"}) {
    Result<Date> d = ParseIsoDate(text);
    ASSERT_FALSE(d.ok()) << text;
    EXPECT_EQ(d.status().reason(), "date.format") << text;
  }
}

TEST(DateTest, AgeInYearsCountsCompletedYears) {
  const Date birth(2010, 6, 15);
  EXPECT_EQ(AgeInYears(birth, Date(2026, 6, 14)), 15);
  EXPECT_EQ(AgeInYears(birth, Date(2026, 6, 15)), 16);
  EXPECT_EQ(AgeInYears(birth, Date(2026, 12, 31)), 16);
  EXPECT_EQ(AgeInYears(birth, birth), 0);
  EXPECT_LT(AgeInYears(birth, Date(2010, 6, 14)), 0);
}

// 29 February birthdays complete a year on 1 March in common years (date.h).
TEST(DateTest, AgeInYearsForTwentyNinthFebruaryBirthday) {
  const Date birth(2008, 2, 29);
  EXPECT_EQ(AgeInYears(birth, Date(2009, 2, 28)), 0);
  EXPECT_EQ(AgeInYears(birth, Date(2009, 3, 1)), 1);
  EXPECT_EQ(AgeInYears(birth, Date(2012, 2, 28)), 3);
  EXPECT_EQ(AgeInYears(birth, Date(2012, 2, 29)), 4);  // leap year: on the day
  EXPECT_EQ(AnniversaryOf(birth, 1), Date(2009, 3, 1));
  EXPECT_EQ(AnniversaryOf(birth, 4), Date(2012, 2, 29));
}

// UU 35/2014 art 1(1): a child is a person not yet 18.
TEST(DateTest, IsChildAtAroundEighteenthBirthday) {
  const Date birth(2008, 11, 28);
  EXPECT_TRUE(IsChildAt(birth, Date(2026, 11, 27)));
  EXPECT_FALSE(IsChildAt(birth, Date(2026, 11, 28)));
  EXPECT_FALSE(IsChildAt(birth, Date(2026, 11, 29)));
  EXPECT_EQ(AgeOutDate(birth), Date(2026, 11, 28));
}

// UU 35/2014 art 1(1) with the 29 Feb -> 1 Mar rule: 2026 is a common year.
TEST(DateTest, IsChildAtEighteenthBirthdayOnTwentyNinthFebruary) {
  const Date birth(2008, 2, 29);
  EXPECT_EQ(AgeOutDate(birth), Date(2026, 3, 1));
  EXPECT_TRUE(IsChildAt(birth, Date(2026, 2, 28)));
  EXPECT_FALSE(IsChildAt(birth, Date(2026, 3, 1)));
}

// UU 35/2014 art 1(1): "termasuk anak yang masih dalam kandungan".
TEST(DateTest, BeforeBirthCountsAsChild) {
  EXPECT_TRUE(IsChildAt(Date(2027, 1, 1), Date(2026, 11, 28)));
}

// The calendar ends at 9999-12-31: an age-out date beyond it is clamped, never
// thrown: a pure function must not throw whatever valid date it is given.
TEST(DateTest, AgeOutDateNearTheEndOfTheCalendarIsClamped) {
  EXPECT_EQ(AgeOutDate(Date(9990, 6, 1)), Date(9999, 12, 31));
  EXPECT_EQ(AgeOutDate(Date(9981, 12, 31)), Date(9999, 12, 31));
  EXPECT_EQ(AgeOutDate(Date(9981, 12, 30)), Date(9999, 12, 30));
  EXPECT_EQ(AnniversaryOf(Date(1400, 1, 1), -1), Date(1400, 1, 1));
  EXPECT_TRUE(IsChildAt(Date(9990, 6, 1), Date(9999, 12, 31)));
  EXPECT_EQ(AgeInYears(Date(1400, 1, 1), Date(9999, 12, 31)), 8599);
}

}  // namespace
}  // namespace atensi
