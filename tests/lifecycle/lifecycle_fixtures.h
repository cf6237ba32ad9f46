// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Test fixtures for the lifecycle module: a child, actors, ids, and a harness
// that applies commands to a case the way the store will (expected version =
// current version).

#ifndef ATENSI_TESTS_LIFECYCLE_LIFECYCLE_FIXTURES_H_
#define ATENSI_TESTS_LIFECYCLE_LIFECYCLE_FIXTURES_H_

#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "atensi/actor.h"
#include "atensi/clock.h"
#include "atensi/date.h"
#include "atensi/lifecycle/case.h"
#include "atensi/lifecycle/child.h"
#include "atensi/lifecycle/command.h"
#include "atensi/lifecycle/transition.h"

namespace atensi::testing_lifecycle {

// Canonical UUID text with `n` in the last group.
inline std::string Id(unsigned long long n) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "00000000-0000-4000-8000-%012llx", n);
  return buf;
}

inline Date D(int y, int m, int d) {
  return Date(static_cast<unsigned short>(y), static_cast<unsigned short>(m),
              static_cast<unsigned short>(d));
}

// Noon UTC on a date (19:00 WIB, same local date).
inline Instant At(int y, int m, int d, int hour = 5) {
  return StartOfDayUtc(D(y, m, d)).PlusHours(hour);
}

inline constexpr unsigned long long kChildId = 1;
inline constexpr unsigned long long kCaseId = 2;
inline constexpr unsigned long long kMotherId = 3;
inline constexpr unsigned long long kUncleId = 4;

// A valid child born 2015-05-12 living in Kota Jambi, with a mother (may
// consent) and an uncle (relative, may not).
inline Child MakeChild(Date birth = D(2015, 5, 12)) {
  Child c;
  c.id = Id(kChildId);
  c.name = "Anak Uji";
  c.sex = Sex::kMale;
  c.birth_date = birth;
  c.domicile_region = "15.71.01.1001";
  c.guardians.push_back(Guardian{Id(kMotherId), "Ibu Uji", GuardianRole::kMother, std::nullopt});
  c.guardians.push_back(Guardian{Id(kUncleId), "Paman Uji", GuardianRole::kRelative, std::nullopt});
  return c;
}

inline Actor Worker() { return Actor{"worker-1", "dinsos-1571", Role::kCaseWorker, kRightNone}; }
inline Actor Worker2() { return Actor{"worker-2", "dinsos-1571", Role::kCaseWorker, kRightNone}; }
inline Actor Supervisor() {
  return Actor{"supervisor-1", "dinsos-1571", Role::kSupervisor, kRightNone};
}

inline OpenCaseRequest MakeOpenRequest(RiskLevel risk = RiskLevel::kMedium) {
  OpenCaseRequest r;
  r.case_id = Id(kCaseId);
  r.source = CaseSource::kHotline;
  r.categories = AmpkSet{AmpkCategory::kKekerasanFisikPsikis};
  r.risk = risk;
  r.lead_agency_id = "dinsos-1571";
  r.assigned_worker_id = "worker-1";
  return r;
}

inline PlanItem Item(unsigned long long id, AtensiComponent comp, ServiceBase base) {
  return PlanItem{Id(id), comp, base, "layanan", ""};
}

// Applies commands to a case, advancing a manual time.
struct Harness {
  Child child = MakeChild();
  Case c;
  Instant now = At(2026, 3, 2);
  LifecyclePolicy policy;
  unsigned long long next_id = 100;
  Transition last;

  explicit Harness(RiskLevel risk = RiskLevel::kMedium) {
    auto t = OpenCase(child, MakeOpenRequest(risk), Worker(), now, policy, {});
    if (t.ok()) c = t->next;
  }

  std::string NewId() { return Id(next_id++); }

  Status Do(const Command& cmd, const Actor& actor = Worker()) {
    auto r = Decide(c, child, cmd, actor, now, policy, c.version);
    if (!r.ok()) return r.status();
    last = *r;
    c = r->next;
    return Status::Ok();
  }

  void Advance(std::int64_t days) { now = now.PlusDays(days); }

  // Convenience steps (each asserts nothing; tests check the Status).
  Status Consent(std::vector<ConsentPurpose> purposes = {ConsentPurpose::kAssessment,
                                                         ConsentPurpose::kServices,
                                                         ConsentPurpose::kReferralSharing}) {
    return Do(cmd::RecordConsent{NewId(), Id(kMotherId), ConsentForm::kWritten, std::move(purposes),
                                 "form-001"});
  }
  Status ToPlanning() {
    if (Status s = Consent(); !s.ok()) return s;
    if (Status s = Do(cmd::StartAssessment{}); !s.ok()) return s;
    return Do(cmd::CompleteAssessment{"asesmen selesai"});
  }
  std::string plan_id;
  std::string item_id;
  Status ToIntervention(AtensiComponent comp = AtensiComponent::kTerapi) {
    if (Status s = ToPlanning(); !s.ok()) return s;
    plan_id = NewId();
    item_id = NewId();
    if (Status s = Do(cmd::ProposePlan{
            plan_id, {PlanItem{item_id, comp, ServiceBase::kKeluarga, "terapi psikososial", ""}}});
        !s.ok()) {
      return s;
    }
    if (Status s = Do(cmd::ApprovePlan{plan_id}, Supervisor()); !s.ok()) return s;
    return Do(cmd::StartIntervention{});
  }
  Status Evaluate() {
    return Do(cmd::RecordEvaluation{
        NewId(), {OutcomeIndicator{"kehadiran sekolah", "40%", "90%", true}}, "baik"});
  }
};

}  // namespace atensi::testing_lifecycle

#endif  // ATENSI_TESTS_LIFECYCLE_LIFECYCLE_FIXTURES_H_
