// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Helpers shared by the atensi fuzz targets (fuzz/*.cpp).
//
// FuzzInput splits the fuzzer's bytes into parameters (taken from the front)
// and a payload (the rest), in the manner of zstd's FUZZ_dataProducer, so one
// input drives both the options of a call and the text it parses.
//
// FUZZ_CHECK states an invariant. Targets do not only survive their input:
// they check what the result must satisfy (round trips, determinism, bounds),
// and a broken invariant aborts, which libFuzzer and the replay driver both
// report as a failure with the offending input.

#ifndef ATENSI_FUZZ_FUZZ_INPUT_H_
#define ATENSI_FUZZ_FUZZ_INPUT_H_

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "atensi/date.h"

#define FUZZ_CHECK(cond)                                                                \
  do {                                                                                  \
    if (!(cond)) {                                                                      \
      std::fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #cond); \
      std::abort();                                                                     \
    }                                                                                   \
  } while (0)

namespace atensi::fuzz {

class FuzzInput {
 public:
  FuzzInput(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}

  // The next byte, or 0 when the input is used up.
  std::uint8_t Byte() {
    if (pos_ >= size_) return 0;
    return data_[pos_++];
  }
  bool Bool() { return (Byte() & 1u) != 0; }
  // A value in [lo, hi] built from up to 4 bytes.
  std::uint32_t Range(std::uint32_t lo, std::uint32_t hi) {
    const std::uint64_t span = static_cast<std::uint64_t>(hi) - lo + 1;
    std::uint64_t v = 0;
    for (std::uint64_t s = span - 1; s != 0 && pos_ < size_; s >>= 8) v = (v << 8) | Byte();
    return lo + static_cast<std::uint32_t>(v % span);
  }
  // A date between 1900-01-01 and 2099-12-31.
  Date AnyDate() {
    return Date(1900, 1, 1) + boost::gregorian::days(static_cast<long>(Range(0, 73048)));
  }
  // A string of up to `max` bytes (length taken from one byte).
  std::string Text(std::size_t max) {
    std::size_t n = Byte();
    if (n > max) n = max;
    if (n > size_ - pos_) n = size_ - pos_;
    std::string s(reinterpret_cast<const char*>(data_ + pos_), n);
    pos_ += n;
    return s;
  }
  // Everything not consumed yet.
  std::string_view Rest() {
    std::string_view s(reinterpret_cast<const char*>(data_ + pos_), size_ - pos_);
    pos_ = size_;
    return s;
  }
  [[nodiscard]] std::size_t remaining() const { return size_ - pos_; }

 private:
  const std::uint8_t* data_;
  std::size_t size_;
  std::size_t pos_ = 0;
};

// True when `s` consists of ASCII digits only.
inline bool AllDigits(std::string_view s) {
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

inline int TwoDigits(std::string_view s, std::size_t at) {
  return (s[at] - '0') * 10 + (s[at + 1] - '0');
}

}  // namespace atensi::fuzz

#endif  // ATENSI_FUZZ_FUZZ_INPUT_H_
