// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// UUIDv7 construction per RFC 9562 §5.7 (layout) and §6.2 method 1
// (fixed-length dedicated counter in rand_a for monotonicity).

#include "atensi/uuid.h"

#include <algorithm>
#include <boost/uuid/uuid_hash.hpp>

namespace atensi {
namespace {

constexpr char kHex[] = "0123456789abcdef";
constexpr std::uint64_t kTimestampMask = (std::uint64_t{1} << 48) - 1;
constexpr std::uint16_t kCounterMax = 0x0FFF;
constexpr std::uint16_t kCounterStartMask = 0x07FF;  // top counter bit 0 at start

int HexValue(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool IsHyphenPosition(std::size_t i) noexcept { return i == 8 || i == 13 || i == 18 || i == 23; }

}  // namespace

Result<RecordId> RecordId::Parse(std::string_view text, std::string_view field) {
  auto bad = [&] {
    return InvalidArgument("uuid.format", std::string(field),
                           "an id must be 36 characters: 32 hex digits in groups 8-4-4-4-12 "
                           "separated by '-' (RFC 9562 §4)");
  };
  if (text.size() != 36) return bad();
  boost::uuids::uuid u{};
  std::size_t byte = 0;
  for (std::size_t i = 0; i < text.size();) {
    if (IsHyphenPosition(i)) {
      if (text[i] != '-') return bad();
      ++i;
      continue;
    }
    if (IsHyphenPosition(i + 1)) return bad();  // a hex pair never straddles a hyphen
    const int hi = HexValue(text[i]);
    const int lo = HexValue(text[i + 1]);
    if (hi < 0 || lo < 0) return bad();
    u.data[byte++] = static_cast<std::uint8_t>((hi << 4) | lo);
    i += 2;
  }
  return RecordId(u);
}

std::string RecordId::ToString() const {
  std::string s;
  s.reserve(36);
  for (std::size_t i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) s.push_back('-');
    s.push_back(kHex[uuid_.data[i] >> 4]);
    s.push_back(kHex[uuid_.data[i] & 0x0F]);
  }
  return s;
}

std::array<std::uint8_t, 16> RecordId::bytes() const noexcept {
  std::array<std::uint8_t, 16> b{};
  std::copy(uuid_.begin(), uuid_.end(), b.begin());
  return b;
}

Instant RecordId::timestamp() const noexcept {
  std::uint64_t ms = 0;
  for (std::size_t i = 0; i < 6; ++i) ms = (ms << 8) | uuid_.data[i];
  return Instant::FromMillis(static_cast<std::int64_t>(ms));
}

std::strong_ordering operator<=>(const RecordId& a, const RecordId& b) noexcept {
  return std::lexicographical_compare_three_way(a.uuid_.begin(), a.uuid_.end(), b.uuid_.begin(),
                                                b.uuid_.end());
}

RecordIdGenerator::RecordIdGenerator() {
  std::random_device rd;
  std::seed_seq seq{rd(), rd(), rd(), rd(), rd(), rd(), rd(), rd()};
  rng_.seed(seq);
}

RecordIdGenerator::RecordIdGenerator(std::uint64_t seed) : rng_(seed) {}

RecordId RecordIdGenerator::Next(Instant now) {
  const std::uint64_t ms = now.ms < 0 ? 0 : static_cast<std::uint64_t>(now.ms) & kTimestampMask;
  const std::uint64_t r1 = rng_();
  const std::uint64_t r2 = rng_();
  if (!has_last_ || ms > last_ms_) {
    last_ms_ = ms;
    counter_ = static_cast<std::uint16_t>(r2 & kCounterStartMask);
    has_last_ = true;
  } else if (counter_ < kCounterMax) {
    ++counter_;  // same millisecond, or the clock went back: keep the order
  } else {
    last_ms_ = (last_ms_ + 1) & kTimestampMask;  // counter overflow: run ahead 1 ms
    counter_ = static_cast<std::uint16_t>(r2 & kCounterStartMask);
  }

  boost::uuids::uuid u{};
  for (std::size_t i = 0; i < 6; ++i) {
    u.data[i] = static_cast<std::uint8_t>(last_ms_ >> (8 * (5 - i)));
  }
  u.data[6] = static_cast<std::uint8_t>(0x70 | (counter_ >> 8));
  u.data[7] = static_cast<std::uint8_t>(counter_ & 0xFF);
  // rand_b: 62 random bits under the variant 10.
  for (std::size_t i = 8; i < 16; ++i) {
    u.data[i] = static_cast<std::uint8_t>(r1 >> (8 * (15 - i)));
  }
  u.data[8] = static_cast<std::uint8_t>((u.data[8] & 0x3F) | 0x80);
  return RecordId(u);
}

}  // namespace atensi

std::size_t std::hash<atensi::RecordId>::operator()(const atensi::RecordId& id) const noexcept {
  return boost::uuids::hash_value(id.uuid());
}
