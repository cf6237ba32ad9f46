// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0

#include "atensi/clock.h"

#include <chrono>
#include <cstdio>

namespace atensi {
namespace {
const Date kEpoch(1970, 1, 1);
constexpr std::int64_t kMsPerDay = 86'400'000;

std::int64_t FloorDiv(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}
}  // namespace

Instant StartOfDayUtc(Date date) { return Instant{(date - kEpoch).days() * kMsPerDay}; }

Date DateAt(Instant t, int utc_offset_minutes) {
  std::int64_t local = t.ms + std::int64_t{utc_offset_minutes} * 60'000;
  return kEpoch + boost::gregorian::days(FloorDiv(local, kMsPerDay));
}

std::string FormatInstant(Instant t) {
  Date d = DateAt(t);
  std::int64_t ms_of_day = t.ms - StartOfDayUtc(d).ms;
  auto h = ms_of_day / 3'600'000;
  auto mi = (ms_of_day / 60'000) % 60;
  auto s = (ms_of_day / 1000) % 60;
  auto ms = ms_of_day % 1000;
  char buf[40];
  std::snprintf(buf, sizeof buf, "%sT%02lld:%02lld:%02lld.%03lldZ", FormatIsoDate(d).c_str(),
                static_cast<long long>(h), static_cast<long long>(mi), static_cast<long long>(s),
                static_cast<long long>(ms));
  return buf;
}

Result<Instant> ParseInstant(std::string_view text, std::string_view field) {
  if (text.size() == 10) {
    ATENSI_ASSIGN_OR_RETURN(Date d, ParseIsoDate(text, field));
    return StartOfDayUtc(d);
  }
  auto bad = [&] {
    return InvalidArgument("time.format", std::string(field),
                           "a time must be written YYYY-MM-DDTHH:MM:SS[.mmm]Z (ISO 8601, UTC)");
  };
  if (text.size() < 20 || text[10] != 'T' || text.back() != 'Z') return bad();
  ATENSI_ASSIGN_OR_RETURN(Date d, ParseIsoDate(text.substr(0, 10), field));
  std::string_view rest = text.substr(11, text.size() - 12);  // HH:MM:SS[.mmm]
  auto num = [](std::string_view s, int& out) {
    if (s.empty()) return false;
    out = 0;
    for (char c : s) {
      if (c < '0' || c > '9') return false;
      out = out * 10 + (c - '0');
    }
    return true;
  };
  int h = 0, mi = 0, s = 0, ms = 0;
  if (rest.size() < 8 || rest[2] != ':' || rest[5] != ':' || !num(rest.substr(0, 2), h) ||
      !num(rest.substr(3, 2), mi) || !num(rest.substr(6, 2), s)) {
    return bad();
  }
  if (rest.size() > 8) {
    if (rest[8] != '.' || rest.size() != 12 || !num(rest.substr(9, 3), ms)) return bad();
  }
  if (h > 23 || mi > 59 || s > 59) return bad();
  return Instant{StartOfDayUtc(d).ms + h * 3'600'000LL + mi * 60'000LL + s * 1000LL + ms};
}

Instant SystemClock::Now() const {
  using std::chrono::duration_cast, std::chrono::milliseconds, std::chrono::system_clock;
  return Instant{duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count()};
}

}  // namespace atensi
