// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// The event log's streaming SHA-256 (SHA-NI fast path) gives the FIPS 180-4
// digest: known answers, and libsodium's digest for every length 0..300 fed
// in one piece and in uneven pieces (block-boundary carries).

#include "store/sha256_stream.h"

#include <gtest/gtest.h>
#include <sodium.h>

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace atensi::store {
namespace {

std::string Hex(const std::array<std::uint8_t, 32>& d) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string s;
  for (std::uint8_t b : d) {
    s.push_back(kHex[b >> 4]);
    s.push_back(kHex[b & 15]);
  }
  return s;
}

std::array<std::uint8_t, 32> Stream(const std::vector<unsigned char>& data, std::size_t piece) {
  Sha256Stream h;
  for (std::size_t i = 0; i < data.size(); i += piece) {
    h.Update(data.data() + i, std::min(piece, data.size() - i));
  }
  return h.Finish();
}

// FIPS 180-4 / NIST CSRC example values.
TEST(Sha256StreamTest, KnownAnswers) {
  const std::string abc = "abc";
  Sha256Stream a;
  a.Update(reinterpret_cast<const unsigned char*>(abc.data()), abc.size());
  EXPECT_EQ(Hex(a.Finish()), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  Sha256Stream empty;
  EXPECT_EQ(Hex(empty.Finish()),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  const std::string two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
  Sha256Stream b;
  b.Update(reinterpret_cast<const unsigned char*>(two.data()), two.size());
  EXPECT_EQ(Hex(b.Finish()), "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(Sha256StreamTest, MatchesLibsodiumForEveryLengthAndSplit) {
  ASSERT_GE(sodium_init(), 0);
  std::vector<unsigned char> data;
  for (std::size_t len = 0; len <= 300; ++len) {
    std::array<std::uint8_t, 32> want{};
    crypto_hash_sha256(want.data(), data.data(), data.size());
    for (std::size_t piece : {std::size_t{1}, std::size_t{7}, std::size_t{64}, std::size_t{301}}) {
      EXPECT_EQ(Hex(Stream(data, piece)), Hex(want)) << "length " << len << " piece " << piece;
    }
    data.push_back(static_cast<unsigned char>(len * 37 + 11));
  }
}

}  // namespace
}  // namespace atensi::store
