// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// The referral text writer (routing_json_text.h) must give exactly the bytes
// of ToJson(referral).dump(): the stored referral document and its state hash
// are taken over them. Generated referrals cover every optional key present
// and absent, empty and filled arrays, escapes, control characters and
// non-ASCII text; invalid UTF-8 is refused as dump() refuses it.

#include "atensi/routing/routing_json_text.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "atensi/json_text.h"
#include "atensi/routing/routing_json.h"

namespace atensi {
namespace {

class RefGen {
 public:
  explicit RefGen(unsigned seed) : rng_(seed) {}
  bool Coin() { return (rng_() & 1U) != 0; }
  int Small(int n) { return static_cast<int>(rng_() % static_cast<unsigned>(n)); }
  std::string Text() {
    static const std::vector<std::string> pieces = {"a",
                                                    "dinsos.15",
                                                    " ",
                                                    "\"",
                                                    "\\",
                                                    "/",
                                                    "\n",
                                                    "\t",
                                                    "\x01",
                                                    "\x1f",
                                                    "\x7f",
                                                    "\xc3\xa9",
                                                    "\xe2\x82\xac",
                                                    "\xf0\x9f\x98\x80",
                                                    "rule-7",
                                                    "\b",
                                                    "\f",
                                                    "\r"};
    std::string s;
    const int n = Small(5);
    for (int i = 0; i < n; ++i) {
      s += pieces[static_cast<std::size_t>(Small(static_cast<int>(pieces.size())))];
    }
    return s;
  }
  Instant At() { return Instant{static_cast<std::int64_t>(rng_() % 4'000'000'000'000ULL)}; }
  std::optional<Instant> OptAt() { return Coin() ? std::optional<Instant>(At()) : std::nullopt; }
  Referral Make() {
    Referral r;
    r.id = Text();
    r.case_id = Text();
    r.from_agency = Text();
    r.to_agency = Text();
    r.role = static_cast<InvolvementRole>(1 + Small(3));
    r.status = static_cast<ReferralStatus>(1 + Small(5));
    r.status_reason = Coin() ? Text() : "";
    r.reason = Text();
    r.rule_id = Coin() ? Text() : "";
    for (int i = Small(3); i > 0; --i) r.shared_fields.push_back(Text());
    r.purpose = Text();
    r.created_at = At();
    r.requested_at = OptAt();
    r.response_window_ms = static_cast<std::int64_t>(rng_() % 1'000'000'000ULL) - 5;
    r.response_due_at = OptAt();
    r.responded_at = OptAt();
    r.outcome = Coin() ? Text() : "";
    r.plan_item_id = Coin() ? Text() : "";
    r.rejection_reason = Coin() ? Text() : "";
    for (int i = Small(3); i > 0; --i) {
      r.history.push_back(ReferralHistoryEntry{static_cast<ReferralStatus>(1 + Small(5)),
                                               static_cast<ReferralStatus>(1 + Small(5)), At(),
                                               Text(), Text(), Text()});
    }
    return r;
  }

 private:
  std::mt19937 rng_;
};

TEST(RoutingJsonTextTest, GeneratedReferralsEqualDump) {
  RefGen g(17);
  for (int n = 0; n < 5000; ++n) {
    const Referral r = g.Make();
    ASSERT_EQ(ToJsonText(r), ToJson(r).dump()) << n;
  }
}

TEST(RoutingJsonTextTest, DefaultReferralEqualsDump) {
  EXPECT_EQ(ToJsonText(Referral{}), ToJson(Referral{}).dump());
}

TEST(RoutingJsonTextTest, InvalidUtf8IsRefusedLikeDump) {
  Referral r;
  r.reason = "rujukan \xe2\x82";  // truncated sequence
  std::string dumped;
  std::string written;
  try {
    dumped = ToJson(r).dump();
  } catch (const nlohmann::json::exception& e) {
    dumped = e.what();
  }
  try {
    written = ToJsonText(r);
  } catch (const nlohmann::json::exception& e) {
    written = e.what();
  }
  EXPECT_NE(dumped.find("type_error.316"), std::string::npos) << dumped;
  EXPECT_EQ(written, dumped);
}

// The referral.create change set as text equals NewSubjectChanges' DOM dump:
// NewRecordChanges(ToJson(r)) plus "referral_id" naming the row.
TEST(RoutingJsonTextTest, ReferralCreateChangesEqualDom) {
  RefGen g(37);
  for (int n = 0; n < 2000; ++n) {
    const Referral r = g.Make();
    // NewRecordChanges (lifecycle_json.h) spelled out: this module does not
    // link the lifecycle.
    nlohmann::json expected = nlohmann::json::object();
    const nlohmann::json doc = ToJson(r);
    for (const auto& [k, v] : doc.items()) {
      if (!v.is_null()) expected[k] = {{"before", nullptr}, {"after", v}};
    }
    expected["referral_id"] = {{"before", nullptr}, {"after", r.id}};
    ASSERT_EQ(NewRecordChangesText(ToJsonText(r), "referral_id", r.id), expected.dump()) << n;
  }
}

}  // namespace
}  // namespace atensi
