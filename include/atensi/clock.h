// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Time is passed in. Nothing in the domain core reads the system clock: every
// rule that depends on "now" (deadlines, age-out, referral expiry) takes an
// Instant, and the outer layers get it from a Clock. Tests use ManualClock so
// every run is deterministic.

#ifndef ATENSI_CLOCK_H_
#define ATENSI_CLOCK_H_

#include <compare>
#include <cstdint>
#include <string>

#include "atensi/date.h"
#include "atensi/status.h"

namespace atensi {

// A point in time: milliseconds since 1970-01-01T00:00:00Z (UTC).
struct Instant {
  std::int64_t ms = 0;

  // NOLINTNEXTLINE(modernize-use-nullptr): clang-tidy 14 false positive on defaulted <=>
  friend constexpr auto operator<=>(const Instant&, const Instant&) = default;

  static constexpr Instant FromMillis(std::int64_t v) { return Instant{v}; }
  static constexpr Instant FromSeconds(std::int64_t s) { return Instant{s * 1000}; }
  constexpr Instant PlusMillis(std::int64_t d) const { return Instant{ms + d}; }
  constexpr Instant PlusHours(std::int64_t h) const { return Instant{ms + h * 3'600'000}; }
  constexpr Instant PlusDays(std::int64_t d) const { return Instant{ms + d * 86'400'000}; }
};

// Midnight UTC at the start of `date`.
Instant StartOfDayUtc(Date date);
// The calendar date of `t` at a fixed UTC offset (Indonesia: WIB +420, WITA +480, WIT +540).
Date DateAt(Instant t, int utc_offset_minutes = 0);
// "2026-11-28T03:21:02.000Z".
std::string FormatInstant(Instant t);
// Parses "YYYY-MM-DDTHH:MM:SS[.mmm]Z" or a plain date "YYYY-MM-DD" (midnight UTC).
Result<Instant> ParseInstant(std::string_view text, std::string_view field = "time");

class Clock {
 public:
  virtual ~Clock() = default;
  [[nodiscard]] virtual Instant Now() const = 0;
};

// Reads the real system clock. The only Clock production code should construct.
class SystemClock final : public Clock {
 public:
  [[nodiscard]] Instant Now() const override;
};

// A clock that only moves when told to. For tests and replays.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(Instant start) : now_(start) {}
  [[nodiscard]] Instant Now() const override { return now_; }
  void Set(Instant t) { now_ = t; }
  void AdvanceMillis(std::int64_t d) { now_ = now_.PlusMillis(d); }
  void AdvanceDays(std::int64_t d) { now_ = now_.PlusDays(d); }

 private:
  Instant now_;
};

}  // namespace atensi

#endif  // ATENSI_CLOCK_H_
