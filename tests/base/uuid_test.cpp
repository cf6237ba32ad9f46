// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// UUIDv7 record ids: RFC 9562 §5.7 (layout), §6.2 method 1 (monotonicity).

#include "atensi/uuid.h"

#include <gtest/gtest.h>

#include <string>
#include <unordered_set>
#include <vector>

namespace atensi {
namespace {

TEST(RecordIdTest, LayoutBitsRfc9562Section57) {
  RecordIdGenerator gen(42);
  const Instant t = Instant::FromMillis(0x0123'4567'89AB);
  RecordId id = gen.Next(t);
  auto b = id.bytes();
  EXPECT_EQ(b[0], 0x01);
  EXPECT_EQ(b[1], 0x23);
  EXPECT_EQ(b[2], 0x45);
  EXPECT_EQ(b[3], 0x67);
  EXPECT_EQ(b[4], 0x89);
  EXPECT_EQ(b[5], 0xAB);
  EXPECT_EQ(b[6] >> 4, 7) << "version nibble";
  EXPECT_EQ(b[8] & 0xC0, 0x80) << "variant 10";
  EXPECT_EQ(id.version(), 7);
  EXPECT_TRUE(id.is_rfc_variant());
  EXPECT_EQ(id.timestamp(), t);
  EXPECT_FALSE(id.is_nil());
  const std::string s = id.ToString();
  EXPECT_EQ(s.substr(0, 13), "01234567-89ab");
  EXPECT_EQ(s[14], '7');
}

TEST(RecordIdTest, RandomBitsVaryAcrossMilliseconds) {
  RecordIdGenerator gen(1);
  std::unordered_set<RecordId> seen;
  int differing_rand_b = 0;
  RecordId prev = gen.Next(Instant{1000});
  for (int i = 1; i <= 200; ++i) {
    RecordId id = gen.Next(Instant{1000 + i});
    EXPECT_TRUE(seen.insert(id).second);
    if (id.bytes()[15] != prev.bytes()[15]) ++differing_rand_b;
    prev = id;
  }
  EXPECT_GT(differing_rand_b, 150);
}

TEST(RecordIdTest, OrderedByTimeAsBytesAndText) {
  RecordIdGenerator gen(7);
  std::vector<RecordId> ids;
  for (std::int64_t ms : {std::int64_t{1'700'000'000'000}, std::int64_t{1'700'000'000'001},
                          std::int64_t{1'795'000'000'000}, std::int64_t{1'795'000'086'400}}) {
    ids.push_back(gen.Next(Instant{ms}));
  }
  for (std::size_t i = 1; i < ids.size(); ++i) {
    EXPECT_LT(ids[i - 1], ids[i]);
    EXPECT_LT(ids[i - 1].ToString(), ids[i].ToString());
  }
}

// RFC 9562 §6.2 method 1: rand_a as a counter within one millisecond.
TEST(RecordIdTest, MonotonicWithinOneMillisecond) {
  RecordIdGenerator gen(99);
  const Instant t{1'795'000'000'000};
  RecordId first = gen.Next(t);
  RecordId second = gen.Next(t);
  auto counter = [](const RecordId& id) {
    auto b = id.bytes();
    return ((b[6] & 0x0F) << 8) | b[7];
  };
  EXPECT_EQ(counter(second), counter(first) + 1);
  EXPECT_LT(counter(first), 0x800) << "counter starts with its top bit clear";
  EXPECT_EQ(second.timestamp(), t);
  // Far more ids than the counter holds: still strictly increasing, and the
  // timestamp runs ahead only after overflow.
  RecordId prev = second;
  for (int i = 0; i < 10'000; ++i) {
    RecordId id = gen.Next(t);
    ASSERT_LT(prev, id) << i;
    prev = id;
  }
  EXPECT_GT(prev.timestamp(), t);
  EXPECT_LT(prev.timestamp().ms - t.ms, 10);
}

TEST(RecordIdTest, MonotonicWhenClockGoesBack) {
  RecordIdGenerator gen(5);
  RecordId a = gen.Next(Instant{2'000'000});
  RecordId b = gen.Next(Instant{1'000'000});
  EXPECT_LT(a, b);
  EXPECT_EQ(b.timestamp(), Instant{2'000'000});
}

TEST(RecordIdTest, SeededGeneratorsAreDeterministic) {
  RecordIdGenerator a(123), b(123), c(124);
  RecordId x = a.Next(Instant{5});
  EXPECT_EQ(x, b.Next(Instant{5}));
  EXPECT_NE(x, c.Next(Instant{5}));
  RecordIdGenerator r1, r2;  // random_device seeded
  EXPECT_NE(r1.Next(Instant{5}), r2.Next(Instant{5}));
}

TEST(RecordIdTest, ParseFormatRoundTrip) {
  RecordIdGenerator gen(11);
  for (int i = 0; i < 50; ++i) {
    RecordId id = gen.Next(Instant{1'795'000'000'000 + i * 997});
    Result<RecordId> back = RecordId::Parse(id.ToString());
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(*back, id);
  }
}

// RFC 9562 Appendix A.6 example UUIDv7; input is case-insensitive (§4).
TEST(RecordIdTest, ParsesRfcExampleAndFormatsLowercase) {
  Result<RecordId> id = RecordId::Parse("017F22E2-79B0-7CC3-98C4-DC0C0C07398F");
  ASSERT_TRUE(id.ok());
  EXPECT_EQ(id->ToString(), "017f22e2-79b0-7cc3-98c4-dc0c0c07398f");
  EXPECT_EQ(id->version(), 7);
  EXPECT_TRUE(id->is_rfc_variant());
  EXPECT_EQ(id->timestamp(), Instant{0x017F22E279B0});
  EXPECT_EQ(id->timestamp(), Instant{1'645'557'742'000});  // 2022-02-22 14:22:22 -05:00
}

TEST(RecordIdTest, NilIdRoundTrips) {
  RecordId nil;
  EXPECT_TRUE(nil.is_nil());
  EXPECT_EQ(nil.ToString(), "00000000-0000-0000-0000-000000000000");
  EXPECT_EQ(RecordId::Parse(nil.ToString()).value(), nil);
}

TEST(RecordIdTest, BadTextIsUuidFormatError) {
  using namespace std::string_literals;
  const std::vector<std::string> bad = {
      "",
      "017f22e2-79b0-7cc3-98c4-dc0c0c07398",    // 35
      "017f22e2-79b0-7cc3-98c4-dc0c0c07398f0",  // 37
      "{017f22e2-79b0-7cc3-98c4-dc0c0c07398f}",
      "urn:uuid:017f22e2-79b0-7cc3-98c4-dc0c0c07398f",
      "017f22e279b07cc398c4dc0c0c07398f",
      "017f22e2079b0-cc3-98c4-dc0c0c07398f",   // hyphen moved
      "017f22e2-79b0-7cc3-98c4-dc0c0c07398g",  // non-hex
      "017f22e2-79b0-7cc3-98c4-dc0c0c07398 ",
      " 017f22e2-79b0-7cc3-98c4-dc0c0c07398f"s.substr(0, 36),
      "017f22e2-79b0-7cc3-98c4-dc0c0c0739"s + '\0' + "f"s,
      "017f22e2-79b0-7cc3-98c4+dc0c0c07398f",
      "017f22e2-79b0-7cc3-98c4-dc0c0c0739\xC3\xA9",
  };
  for (const auto& text : bad) {
    Result<RecordId> r = RecordId::Parse(text, "case_id");
    ASSERT_FALSE(r.ok()) << text;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(r.status().reason(), "uuid.format");
    EXPECT_EQ(r.status().field(), "case_id");
  }
}

}  // namespace
}  // namespace atensi
