// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// The direct JSON writers (lifecycle_json_text.h) must give exactly the bytes
// of nlohmann::json::dump() of ToJson: state hashes and event hashes are taken
// over them, so one differing byte would make every stored hash unverifiable.
// Compared over hand-written records with every optional present and absent
// and over thousands of generated ones whose strings mix escapes, control
// characters, non-ASCII and invalid UTF-8 (refused the same way as dump()).

#include "atensi/lifecycle/lifecycle_json_text.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

#include "atensi/lifecycle/lifecycle_json.h"
#include "atensi/lifecycle/transition.h"
#include "lifecycle_fixtures.h"

namespace atensi {
namespace {

using nlohmann::json;
using testing_lifecycle::D;

// The result of dump(), or "THROW:<what>" when it throws.
template <typename F>
std::string Outcome(F f) {
  try {
    return f();
  } catch (const json::exception& e) {
    return std::string("THROW:") + e.what();
  }
}

std::string Dumped(const std::string& s) {
  return Outcome([&] { return json(s).dump(); });
}
std::string Written(const std::string& s) {
  return Outcome([&] {
    std::string out;
    AppendJsonString(out, s);
    return out;
  });
}

TEST(JsonTextTest, StringEscapesEqualDump) {
  const std::vector<std::string> cases = {
      "",
      "plain",
      "quote \" backslash \\ slash /",
      "\b\f\n\r\t",
      std::string("nul \0 inside", 12),
      "\x01\x02\x1f\x7f",
      "Jl. Sudirman No. 5, RT 01/RW 02",
      "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80",  // 2-, 3-, 4-byte sequences
      "\xef\xbf\xbf",                               // U+FFFF
      "\xf4\x8f\xbf\xbf",                           // U+10FFFF
      "\xed\x9f\xbf",                               // U+D7FF, last before surrogates
  };
  for (const std::string& s : cases) EXPECT_EQ(Written(s), Dumped(s)) << s;
}

TEST(JsonTextTest, InvalidUtf8IsRefusedLikeDump) {
  const std::vector<std::string> bad = {
      "\x80",              // lone continuation
      "ab\xc3",            // truncated at the end
      "\xc0\xaf",          // overlong
      "\xc1\xbf",          // overlong
      "\xe0\x80\xaf",      // overlong 3-byte
      "\xed\xa0\x80",      // surrogate
      "\xf0\x80\x80\xaf",  // overlong 4-byte
      "\xf4\x90\x80\x80",  // above U+10FFFF
      "\xf5\x80\x80\x80",  // invalid lead byte
      "\xff",
      "ok \xe2\x82 then more",  // truncated in the middle
  };
  for (const std::string& s : bad) {
    const std::string dumped = Dumped(s);
    ASSERT_EQ(dumped.rfind("THROW:", 0), 0u) << "dump() accepted it";
    EXPECT_EQ(Written(s), dumped);
  }
}

TEST(JsonTextTest, RandomByteStringsEqualDump) {
  std::mt19937 rng(7);
  for (int n = 0; n < 20000; ++n) {
    std::string s;
    const int len = static_cast<int>(rng() % 12);
    for (int i = 0; i < len; ++i) {
      const unsigned pick = rng() % 4;
      // Bias towards bytes that matter: controls, ASCII, UTF-8 leads/tails.
      auto b = pick == 0   ? rng() % 0x20
               : pick == 1 ? 0x20 + rng() % 0x60
               : pick == 2 ? 0x80 + rng() % 0x40
                           : 0xC0 + rng() % 0x40;
      s += static_cast<char>(b);
    }
    ASSERT_EQ(Written(s), Dumped(s)) << n;
  }
}

// Generated records ----------------------------------------------------------

class Gen {
 public:
  explicit Gen(unsigned seed) : rng_(seed) {}

  bool Coin() { return (rng_() & 1U) != 0; }
  int Small(int n) { return static_cast<int>(rng_() % static_cast<unsigned>(n)); }

  // Valid UTF-8 text with every escape class (invalid UTF-8 is covered above).
  std::string Text() {
    static const std::vector<std::string> pieces = {"a",
                                                    "Budi",
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
                                                    "0",
                                                    "RT 01/RW 02",
                                                    "\r\n",
                                                    "\b",
                                                    "\f"};
    std::string s;
    const int n = Small(6);
    for (int i = 0; i < n; ++i)
      s += pieces[static_cast<std::size_t>(Small(static_cast<int>(pieces.size())))];
    return s;
  }
  std::optional<std::string> OptText() {
    return Coin() ? std::optional<std::string>(Text()) : std::nullopt;
  }
  Date AnyDate() { return D(2000 + Small(30), 1 + Small(12), 1 + Small(28)); }
  std::optional<Date> OptDate() { return Coin() ? std::optional<Date>(AnyDate()) : std::nullopt; }
  Instant AnyInstant() {
    return Instant{static_cast<std::int64_t>(rng_() % 2'000'000'000ULL) * 1000 +
                   static_cast<std::int64_t>(rng_() % 1000)};
  }
  std::optional<Instant> OptInstant() {
    return Coin() ? std::optional<Instant>(AnyInstant()) : std::nullopt;
  }
  template <typename E>
  E Enum(int n) {
    return static_cast<E>(1 + Small(n));
  }
  template <typename T, typename F>
  std::vector<T> Vec(F f) {
    std::vector<T> v;
    const int n = Small(3);  // 0 = empty array
    for (int i = 0; i < n; ++i) v.push_back(f());
    return v;
  }

  Child MakeChild() {
    Child c;
    c.id = Text();
    c.nik = OptText();
    c.name = Text();
    c.sex = Enum<Sex>(2);
    c.birth_date = Small(10) == 0 ? Date() : AnyDate();
    c.domicile_region = Text();
    c.guardians = Vec<Guardian>([&] {
      return Guardian{Text(), Text(), Enum<GuardianRole>(3), OptText()};
    });
    c.family_links = Vec<FamilyLink>([&] {
      std::optional<DtsenRecord> d;
      if (Coin()) d = DtsenRecord{Text(), Small(10) - 1, AnyDate()};
      return FamilyLink{Text(), AnyDate(), OptDate(), OptText(), d};
    });
    if (Coin()) c.has_birth_certificate = Coin();
    c.roster_key = OptText();
    return c;
  }

  Case MakeCase() {
    Case c;
    c.id = Text();
    c.child_id = Text();
    c.opened_at = AnyInstant();
    c.source = Enum<CaseSource>(3);
    for (AmpkCategory a : AllAmpkCategories()) {
      if (Small(4) == 0) c.categories.Add(a);
    }
    c.ppks_types = Vec<ChildPpksType>([&] { return Enum<ChildPpksType>(3); });
    c.risk = Enum<RiskLevel>(3);
    c.lead_agency_id = Text();
    c.assigned_worker_id = Text();
    c.stage = Enum<Stage>(3);
    for (CaseFlag f : AllCaseFlags()) {
      if (Coin()) c.flags |= f;
    }
    c.version = static_cast<std::int64_t>(rng_() % 100000) - (Small(5) == 0 ? 100000 : 0);
    c.first_contact_at = OptInstant();
    c.assessment_started_at = OptInstant();
    c.assessment_completed_at = OptInstant();
    c.assessment_summary = Text();
    c.intervention_started_at = OptInstant();
    c.reintegration_started_at = OptInstant();
    c.terminated_at = OptInstant();
    c.aftercare_started_at = OptInstant();
    c.consents = Vec<ConsentRecord>([&] {
      return ConsentRecord{Text(),
                           Text(),
                           Enum<ConsentForm>(3),
                           Vec<ConsentPurpose>([&] { return Enum<ConsentPurpose>(3); }),
                           AnyInstant(),
                           Text(),
                           Text(),
                           OptInstant()};
    });
    c.legal_bases = Vec<LegalBasis>([&] {
      return LegalBasis{Text(),      Enum<LegalBasisKind>(2), Text(), AnyDate(), OptDate(), Text(),
                        AnyInstant()};
    });
    if (Coin()) {
      Plan p;
      p.id = Text();
      p.revision = Small(5);
      p.items = Vec<PlanItem>([&] {
        PlanItem i;
        i.id = Text();
        if (Coin()) i.component = Enum<AtensiComponent>(7);
        if (Coin()) i.base = Enum<ServiceBase>(3);
        i.description = Text();
        i.provider_agency_id = Text();
        return i;
      });
      p.author_id = Text();
      p.proposed_at = AnyInstant();
      p.status = Enum<PlanStatus>(2);
      p.approved_by = Text();
      p.approved_at = OptInstant();
      c.plan = p;
    }
    c.services = Vec<ServiceRecord>([&] {
      return ServiceRecord{Text(), Text(), AnyInstant(), Text(), Text()};
    });
    c.conferences = Vec<CaseConference>([&] {
      return CaseConference{Text(),
                            AnyInstant(),
                            Vec<std::string>([&] { return Text(); }),
                            Enum<ConferenceDecision>(3),
                            Text(),
                            Text()};
    });
    c.placements = Vec<ResidentialPlacement>([&] {
      return ResidentialPlacement{Text(), Text(), Text(), AnyDate(), AnyDate(), Text(), OptDate()};
    });
    c.evaluations = Vec<Evaluation>([&] {
      return Evaluation{Text(), AnyInstant(), Text(), Vec<OutcomeIndicator>([&] {
                          return OutcomeIndicator{Text(), Text(), Text(), Coin()};
                        }),
                        Text()};
    });
    c.followups = Vec<Followup>([&] { return Followup{Text(), AnyInstant(), Text(), Text()}; });
    if (Coin()) c.beneficiary_decision = Decision{Text(), AnyDate(), Text(), Text(), AnyInstant()};
    if (Coin()) {
      c.referral = ReferralOut{
          Text(), Enum<ReferralReason>(3), Text(), Enum<Stage>(3), AnyInstant(), Text()};
    }
    if (Coin()) c.closure = Closure{Enum<ClosureReason>(3), AnyInstant(), Text(), Text()};
    c.reopenings = Vec<Reopening>([&] { return Reopening{AnyInstant(), Text(), Text()}; });
    if (Coin()) c.link = CaseLink{Text(), Text()};
    return c;
  }

 private:
  std::mt19937 rng_;
};

TEST(JsonTextTest, GeneratedChildrenEqualDump) {
  Gen g(11);
  for (int n = 0; n < 3000; ++n) {
    const Child c = g.MakeChild();
    ASSERT_EQ(ToJsonText(c), ToJson(c).dump()) << n;
  }
}

TEST(JsonTextTest, GeneratedCasesEqualDump) {
  Gen g(13);
  for (int n = 0; n < 3000; ++n) {
    const Case c = g.MakeCase();
    ASSERT_EQ(ToJsonText(c), ToJson(c).dump()) << n;
  }
}

TEST(JsonTextTest, EmptyAndDefaultRecordsEqualDump) {
  EXPECT_EQ(ToJsonText(Child{}), ToJson(Child{}).dump());
  EXPECT_EQ(ToJsonText(Case{}), ToJson(Case{}).dump());
  EXPECT_EQ(ToJsonText(testing_lifecycle::MakeChild()),
            ToJson(testing_lifecycle::MakeChild()).dump());
}

TEST(JsonTextTest, InvalidUtf8InARecordIsRefusedLikeDump) {
  Child c = testing_lifecycle::MakeChild();
  c.name = "Bu\xc3";
  const std::string dumped = Outcome([&] { return ToJson(c).dump(); });
  ASSERT_EQ(dumped.rfind("THROW:", 0), 0u);
  EXPECT_EQ(Outcome([&] { return ToJsonText(c); }), dumped);
  Case k;
  k.plan = Plan{};
  k.plan->items.push_back(PlanItem{"i", std::nullopt, std::nullopt, "\xed\xa0\x80", ""});
  const std::string kd = Outcome([&] { return ToJson(k).dump(); });
  ASSERT_EQ(kd.rfind("THROW:", 0), 0u);
  EXPECT_EQ(Outcome([&] { return ToJsonText(k); }), kd);
}

// DiffCases is the change set Decide stores for every transition: it must be
// DiffTopLevel(ToJson(before), ToJson(after)) as a value and as text.
TEST(JsonTextTest, DiffCasesEqualsDiffTopLevel) {
  Gen g(19);
  Gen mutate(23);
  for (int n = 0; n < 1500; ++n) {
    const Case before = g.MakeCase();
    // Half the pairs are unrelated cases (many members differ), half a copy
    // with a few members changed (what a transition does).
    Case after = (n % 2 == 0) ? g.MakeCase() : before;
    if (n % 2 == 1) {
      after.version = before.version + 1;
      if (mutate.Coin()) after.lead_agency_id = mutate.Text();
      if (mutate.Coin()) after.stage = mutate.Enum<Stage>(3);
      if (mutate.Coin()) after.plan.reset();
      if (mutate.Coin()) after.first_contact_at = mutate.OptInstant();
      if (mutate.Coin()) after.services.clear();
    }
    const json expected = DiffTopLevel(ToJson(before), ToJson(after));
    const json got = DiffCases(before, after);
    ASSERT_EQ(got, expected) << n;
    ASSERT_EQ(got.dump(), expected.dump()) << n;
  }
  const Case same = g.MakeCase();
  EXPECT_EQ(DiffCases(same, same), json::object());
}

// The change set of a new record, written as text (RegisterChild on a store
// that takes text): NewRecordChanges(ToJson(x)).dump() byte for byte, with
// every null member left out and every other member kept.
TEST(JsonTextTest, NewRecordChangesTextEqualsDump) {
  Gen g(29);
  for (int n = 0; n < 2000; ++n) {
    const Child c = g.MakeChild();
    ASSERT_EQ(NewRecordChangesText(ToJsonText(c)), NewRecordChanges(ToJson(c)).dump()) << n;
    const Case k = g.MakeCase();
    ASSERT_EQ(NewRecordChangesText(ToJsonText(k)), NewRecordChanges(ToJson(k)).dump()) << n;
  }
  EXPECT_EQ(NewRecordChangesText("{}"), "{}");
  EXPECT_EQ(NewRecordChangesText(R"({"a":null})"), "{}");
}

// With a named key (how referral/transfer/routing change sets name their
// row): the member lands in its sorted place, first, middle or last, and
// replaces a document member of the same name as the DOM assignment does.
TEST(JsonTextTest, NewRecordChangesTextWithKeyEqualsDom) {
  Gen g(31);
  for (const char* key : {"a_first", "id", "kk", "referral_id", "zz_last", "name"}) {
    for (int n = 0; n < 300; ++n) {
      const Child c = g.MakeChild();
      const std::string id = g.Text();
      json expected = NewRecordChanges(ToJson(c));
      expected[key] = {{"before", nullptr}, {"after", id}};
      ASSERT_EQ(NewRecordChangesText(ToJsonText(c), key, id), expected.dump()) << key << n;
    }
  }
  EXPECT_EQ(NewRecordChangesText("{}", "referral_id", "r-1"),
            R"({"referral_id":{"after":"r-1","before":null}})");
}

}  // namespace
}  // namespace atensi
