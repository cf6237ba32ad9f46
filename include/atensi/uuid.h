// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Record ids: time-ordered UUIDs in the UUIDv7 layout of RFC 9562 §5.7.
//
//   bytes 0-5   unix_ts_ms  48-bit big-endian Unix time in milliseconds
//   byte  6     high nibble: version 7; low nibble + byte 7: rand_a (12 bits)
//   byte  8     top two bits: variant 10; rest + bytes 9-15: rand_b (62 bits)
//
// Ids sort (byte-wise, and as canonical text) in creation order, which keeps
// B-tree inserts local and lets an audit log be read in order. rand_a is used
// as a counter so ids made by one generator are strictly increasing even
// within one millisecond (RFC 9562 §6.2, method 1).
//
// The generator takes the time as an Instant: it never reads the clock itself
// (clock.h). Boost 1.74 has no v7 generator, so the bytes are built here.
// An id reveals its creation time to the millisecond; it carries no personal
// data.

#ifndef ATENSI_UUID_H_
#define ATENSI_UUID_H_

#include <array>
#include <boost/uuid/uuid.hpp>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <random>
#include <string>
#include <string_view>

#include "atensi/clock.h"
#include "atensi/status.h"

namespace atensi {

// A 128-bit record id. Value type; the default is the nil id (all zero).
class RecordId {
 public:
  RecordId() noexcept : uuid_{} {}
  explicit RecordId(const boost::uuids::uuid& uuid) noexcept : uuid_(uuid) {}

  // Parses the canonical 36-character form 8-4-4-4-12 of hex digits. Hex
  // digits may be upper or lower case (RFC 9562 §4: case-insensitive on input);
  // braces, "urn:uuid:", missing or misplaced hyphens, surrounding spaces or
  // any other text are InvalidArgument "uuid.format" naming `field`. Any
  // version and variant is accepted (ask version()); the input is never copied
  // into the message.
  static Result<RecordId> Parse(std::string_view text, std::string_view field = "id");

  // Lower-case canonical form, e.g. "01936f1e-8a00-7abc-8def-0123456789ab".
  [[nodiscard]] std::string ToString() const;

  [[nodiscard]] const boost::uuids::uuid& uuid() const noexcept { return uuid_; }
  [[nodiscard]] std::array<std::uint8_t, 16> bytes() const noexcept;
  [[nodiscard]] bool is_nil() const noexcept { return uuid_.is_nil(); }

  // The version nibble (high nibble of byte 6): 7 for ids made here.
  [[nodiscard]] int version() const noexcept { return uuid_.data[6] >> 4; }
  // True when the variant bits (top of byte 8) are 10 (RFC 9562 §4.1).
  [[nodiscard]] bool is_rfc_variant() const noexcept { return (uuid_.data[8] & 0xC0) == 0x80; }

  // The 48-bit Unix millisecond timestamp of bytes 0-5. Meaningful only when
  // version() == 7.
  [[nodiscard]] Instant timestamp() const noexcept;

  friend bool operator==(const RecordId& a, const RecordId& b) noexcept {
    return a.uuid_ == b.uuid_;
  }
  // Byte-wise order; for v7 ids this is creation order.
  friend std::strong_ordering operator<=>(const RecordId& a, const RecordId& b) noexcept;

 private:
  boost::uuids::uuid uuid_;
};

// Makes UUIDv7 record ids. Not thread-safe: use one generator per thread, or
// guard it with a mutex.
class RecordIdGenerator {
 public:
  // Seeded from std::random_device.
  RecordIdGenerator();
  // Deterministic, for tests and replays.
  explicit RecordIdGenerator(std::uint64_t seed);

  // A new id for time `now`. Successive ids from this generator are strictly
  // increasing: within one millisecond, or when `now` goes backwards, the
  // previous timestamp is kept and the 12-bit counter in rand_a is incremented;
  // on a new millisecond the counter restarts at a random value below 0x800
  // (leaving at least 2048 ids per millisecond before overflow). When the
  // counter overflows, the timestamp is advanced by 1 ms (RFC 9562 §6.2).
  // Times before 1970 count as 0; the timestamp is the low 48 bits of ms.
  RecordId Next(Instant now);

 private:
  std::mt19937_64 rng_;
  std::uint64_t last_ms_ = 0;
  std::uint16_t counter_ = 0;
  bool has_last_ = false;
};

}  // namespace atensi

template <>
struct std::hash<atensi::RecordId> {
  std::size_t operator()(const atensi::RecordId& id) const noexcept;
};

#endif  // ATENSI_UUID_H_
