// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// The seed scenario on a Casebook: a PKH child in Kabupaten Sarolangun
// (15.03), no birth certificate, a disability, found by PKH roster screening
// (a problem PKH has not handled), routed by the provincial social service.

#ifndef ATENSI_TESTS_STORE_ROUTING_FIXTURE_H_
#define ATENSI_TESTS_STORE_ROUTING_FIXTURE_H_

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "casebook_fixture.h"
#include "store/trusted_reads.h"

namespace atensi::testing {

inline constexpr const char* kCentre = "kemensos.sentra.alyatama";
inline constexpr const char* kDukcapil = "dinsos.15.div.dukcapil";
inline constexpr const char* kDisability = "pendamping-disabilitas.15";
inline constexpr const char* kPkh = "pkh.pendamping.15.03";
inline constexpr const char* kKorwil = "pkh.korwil.15";
inline constexpr const char* kRegency = "dinsos.15.03";
inline constexpr const char* kProvince = "dinsos.15";

inline Actor ActorOf(std::string agency, std::string person = "officer-1",
                     Role role = Role::kCaseWorker) {
  Actor a;
  a.person_id = std::move(person);
  a.agency_id = std::move(agency);
  a.role = role;
  return a;
}

// The provincial social service's screening officer: the requester.
inline Actor Screener() { return ActorOf(kProvince, "screener-1", Role::kCoordinator); }

class RoutingTest : public CasebookTest {
 protected:
  // A 9-year-old girl in Batang Asai (15.03.01), in a PKH household with
  // DTSEN decile 2, without akta kelahiran.
  Child SeedChild(std::string domicile = "15.03.01.2001") {
    Child c = MakeChild("Anak Seed", std::move(domicile), "1503014509170001");
    c.birth_date = Date(2017, 9, 5);
    c.has_birth_certificate = false;
    FamilyLink link;
    link.kk_number = "1503010101170001";
    link.valid_from = Date(2017, 9, 10);
    link.pkh_participant_id = "PKH-0001";
    link.dtsen = DtsenRecord{"DTSEN-0001", 2, Date(2026, 7, 1)};
    c.family_links.push_back(link);
    return c;
  }

  // Registers the seed child and opens its case (source PKH screening,
  // category disabilitas, medium risk, owned by the provincial service).
  Case SeedCase(bool referral_consent = true, RiskLevel risk = RiskLevel::kMedium) {
    auto child = book_->RegisterChild(SeedChild(), Screener());
    EXPECT_TRUE(child.ok()) << child.status().ToString();
    child_ = child.ok() ? *child : Child{};
    OpenCaseRequest r;
    r.source = CaseSource::kPkhScreening;
    r.risk = risk;
    r.categories = AmpkSet{AmpkCategory::kDisabilitas};
    r.lead_agency_id = kProvince;
    auto c = book_->OpenCase(child_.id, r, Screener());
    EXPECT_TRUE(c.ok()) << c.status().ToString();
    Case out = c.ok() ? *c : Case{};
    cmd::RecordConsent consent = Consent(child_);
    if (referral_consent) consent.purposes.push_back(ConsentPurpose::kReferralSharing);
    return Do(out, consent, Screener());
  }

  RouteResult MustRoute(const Case& c, const Actor& actor = Screener()) {
    auto r = book_->RouteCase(c.id, actor);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? std::move(r).value() : RouteResult{};
  }

  static const Referral* To(const std::vector<Referral>& refs, std::string_view agency) {
    for (const Referral& r : refs) {
      if (r.to_agency == agency) return &r;
    }
    return nullptr;
  }

  Referral Act(const Referral& r, ReferralEventKind kind, const Actor& actor,
               std::string reason = "", std::string outcome = "") {
    auto next =
        book_->ActOnReferral(r.id, ReferralVersion(r),
                             ReferralEvent{kind, std::move(reason), std::move(outcome)}, actor);
    EXPECT_TRUE(next.ok()) << next.status().ToString();
    return next.ok() ? *next : r;
  }

  std::vector<std::string> Actions(const std::string& case_id) {
    std::vector<std::string> out;
    auto h = internal::Trusted(book_).History(case_id);
    EXPECT_TRUE(h.ok()) << h.status().ToString();
    if (h.ok()) {
      for (const Event& e : *h) out.push_back(e.action);
    }
    return out;
  }

  void ExpectVerified() {
    auto v = internal::Trusted(book_).Verify();
    ASSERT_TRUE(v.ok()) << v.status().ToString();
    EXPECT_TRUE(v->ok) << (v->first_broken
                               ? v->first_broken->reason + " at " + v->first_broken->chain_id
                               : std::string());
  }

  Child child_;
};

}  // namespace atensi::testing

#endif  // ATENSI_TESTS_STORE_ROUTING_FIXTURE_H_
