// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0

#include "atensi/clock.h"

#include <gtest/gtest.h>

namespace atensi {
namespace {

TEST(ClockTest, FormatInstantKnownValues) {
  EXPECT_EQ(FormatInstant(Instant{0}), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(FormatInstant(Instant{1'645'557'742'123}), "2022-02-22T19:22:22.123Z");
  EXPECT_EQ(FormatInstant(Instant{-1}), "1969-12-31T23:59:59.999Z");
}

TEST(ClockTest, ParseFormatRoundTrip) {
  for (const char* text : {"2026-11-28T03:21:02.000Z", "2024-02-29T23:59:59.999Z",
                           "1970-01-01T00:00:00.000Z", "1999-12-31T12:00:00.001Z"}) {
    Result<Instant> t = ParseInstant(text);
    ASSERT_TRUE(t.ok()) << text;
    EXPECT_EQ(FormatInstant(*t), text);
  }
  for (std::int64_t ms :
       {std::int64_t{0}, std::int64_t{1'795'000'000'123}, std::int64_t{-86'400'001}}) {
    Result<Instant> back = ParseInstant(FormatInstant(Instant{ms}));
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(back->ms, ms);
  }
}

TEST(ClockTest, ParseInstantVariants) {
  Result<Instant> no_ms = ParseInstant("2026-11-28T03:21:02Z");
  ASSERT_TRUE(no_ms.ok());
  EXPECT_EQ(FormatInstant(*no_ms), "2026-11-28T03:21:02.000Z");
  Result<Instant> date_only = ParseInstant("2026-11-28");
  ASSERT_TRUE(date_only.ok());
  EXPECT_EQ(*date_only, StartOfDayUtc(Date(2026, 11, 28)));
}

TEST(ClockTest, ParseInstantRejectsBadText) {
  for (const char* text :
       {"2026-11-28T24:00:00Z", "2026-11-28T03:60:00Z", "2026-11-28T03:21:02",
        "2026-11-28T03:21:02+07:00", "2026-11-28 03:21:02Z", "2026-11-28T03:21:02.12Z",
        "2026-02-30T00:00:00Z", "2026-11-28T3:21:02Z", "", "2026-11-28T03:21:02.000Zx"}) {
    Result<Instant> t = ParseInstant(text, "occurred_at");
    ASSERT_FALSE(t.ok()) << text;
    EXPECT_EQ(t.status().field(), "occurred_at") << text;
  }
}

// WIB is UTC+7: 17:30Z is already the next day in Jakarta.
TEST(ClockTest, DateAtWithPlusSevenAcrossMidnight) {
  const Instant before = ParseInstant("2026-11-28T16:59:59.999Z").value();
  const Instant after = ParseInstant("2026-11-28T17:00:00.000Z").value();
  EXPECT_EQ(DateAt(before, 7 * 60), Date(2026, 11, 28));
  EXPECT_EQ(DateAt(after, 7 * 60), Date(2026, 11, 29));
  EXPECT_EQ(DateAt(after), Date(2026, 11, 28));
  // Before the epoch, floor division keeps the date right.
  EXPECT_EQ(DateAt(Instant{-1}), Date(1969, 12, 31));
  EXPECT_EQ(DateAt(Instant{-1}, 7 * 60), Date(1970, 1, 1));
}

TEST(ClockTest, ManualClockMovesOnlyWhenTold) {
  ManualClock clock(Instant{1000});
  EXPECT_EQ(clock.Now(), Instant{1000});
  clock.AdvanceMillis(500);
  EXPECT_EQ(clock.Now(), Instant{1500});
  clock.AdvanceDays(1);
  EXPECT_EQ(clock.Now(), Instant{1500 + 86'400'000});
  clock.Set(Instant{7});
  EXPECT_EQ(clock.Now(), Instant{7});
}

}  // namespace
}  // namespace atensi
