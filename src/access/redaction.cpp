// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Redacted views (rules in redaction.h). Each field of a Case and a Child has
// one row: its JSON name, how to clear it, and the least access that shows
// it. A field not shown is cleared and named in `hidden`.

#include "atensi/access/redaction.h"

#include <array>
#include <string_view>

namespace atensi {
namespace {

// What it takes to see a field (status fields, always shown, are not listed:
// id, child_id, opened_at, lead_agency_id, stage, version, closure reason
// and time).
enum class Shown : std::uint8_t {
  kSummaryFact,       // full reach, or shared with "case_summary"
  kSummaryNarrative,  // as kSummaryFact, and details (need-to-know cleared)
  kNonSensitive,      // full reach
  kDetails,           // full reach and details
};

struct CaseField {
  std::string_view name;
  Shown shown;
  void (*clear)(Case&);
};

// Case fields in ToJson order.
constexpr std::array kCaseFields = std::to_array<CaseField>({
    {"source", Shown::kNonSensitive, [](Case& c) { c.source = CaseSource::kSelfReport; }},
    {"categories", Shown::kSummaryFact, [](Case& c) { c.categories = AmpkSet{}; }},
    {"ppks_types", Shown::kSummaryFact, [](Case& c) { c.ppks_types.clear(); }},
    {"risk", Shown::kSummaryFact, [](Case& c) { c.risk = RiskLevel::kLow; }},
    {"assigned_worker_id", Shown::kNonSensitive, [](Case& c) { c.assigned_worker_id.clear(); }},
    {"flags", Shown::kNonSensitive, [](Case& c) { c.flags = kFlagNone; }},
    {"first_contact_at", Shown::kNonSensitive, [](Case& c) { c.first_contact_at.reset(); }},
    {"assessment_started_at", Shown::kNonSensitive,
     [](Case& c) { c.assessment_started_at.reset(); }},
    {"assessment_completed_at", Shown::kNonSensitive,
     [](Case& c) { c.assessment_completed_at.reset(); }},
    {"assessment_summary", Shown::kSummaryNarrative, [](Case& c) { c.assessment_summary.clear(); }},
    {"intervention_started_at", Shown::kNonSensitive,
     [](Case& c) { c.intervention_started_at.reset(); }},
    {"reintegration_started_at", Shown::kNonSensitive,
     [](Case& c) { c.reintegration_started_at.reset(); }},
    {"terminated_at", Shown::kNonSensitive, [](Case& c) { c.terminated_at.reset(); }},
    {"aftercare_started_at", Shown::kNonSensitive,
     [](Case& c) { c.aftercare_started_at.reset(); }},
    {"consents", Shown::kDetails, [](Case& c) { c.consents.clear(); }},
    {"legal_bases", Shown::kDetails, [](Case& c) { c.legal_bases.clear(); }},
    {"plan", Shown::kSummaryNarrative, [](Case& c) { c.plan.reset(); }},
    {"services", Shown::kDetails, [](Case& c) { c.services.clear(); }},
    {"conferences", Shown::kDetails, [](Case& c) { c.conferences.clear(); }},
    {"placements", Shown::kDetails, [](Case& c) { c.placements.clear(); }},
    {"evaluations", Shown::kDetails, [](Case& c) { c.evaluations.clear(); }},
    {"followups", Shown::kDetails, [](Case& c) { c.followups.clear(); }},
    {"beneficiary_decision", Shown::kDetails, [](Case& c) { c.beneficiary_decision.reset(); }},
    {"referral", Shown::kDetails, [](Case& c) { c.referral.reset(); }},
    {"closure.note", Shown::kDetails,
     [](Case& c) {
       if (c.closure) c.closure->note.clear();
     }},
    {"closure.closed_by", Shown::kDetails,
     [](Case& c) {
       if (c.closure) c.closure->closed_by.clear();
     }},
    {"reopenings", Shown::kDetails, [](Case& c) { c.reopenings.clear(); }},
    {"link", Shown::kDetails, [](Case& c) { c.link.reset(); }},
});

bool CaseFieldShown(Shown shown, const CaseAccess& access) {
  const bool summary = access.reach == Reach::kFull ||
                       (access.reach == Reach::kShared && access.Shares("case_summary"));
  switch (shown) {
    case Shown::kSummaryFact:
      return summary;
    case Shown::kSummaryNarrative:
      return summary && access.SeesDetails();
    case Shown::kNonSensitive:
      return access.reach == Reach::kFull;
    case Shown::kDetails:
      return access.reach == Reach::kFull && access.SeesDetails();
  }
  return false;
}

}  // namespace

CaseView ViewCase(const Case& c, const CaseAccess& access) {
  CaseView view;
  view.value = c;
  view.reach = access.reach;
  for (const CaseField& f : kCaseFields) {
    const bool show = CaseFieldShown(f.shown, access);
    if (!show) {
      f.clear(view.value);
      view.hidden.emplace_back(f.name);
    }
  }
  if (access.reach == Reach::kNone) {
    view.value = Case{};
    view.hidden = {"*"};
  }
  return view;
}

ChildView ViewChild(const Child& child, const CaseAccess& access) {
  ChildView view;
  view.value = child;
  view.reach = access.reach;
  if (access.reach <= Reach::kStatus) {
    view.value = Child{};
    view.value.id = child.id;
    view.hidden = {"nik",
                   "name",
                   "sex",
                   "birth_date",
                   "domicile_region",
                   "guardians",
                   "family_links",
                   "has_birth_certificate",
                   "roster_key"};
    return view;
  }
  const bool identity = access.Shares("identity");
  const bool family = access.Shares("family");
  const bool details = access.SeesDetails();
  auto hide = [&](std::string_view name, bool show, auto clear) {
    if (show) return;
    clear(view.value);
    view.hidden.emplace_back(name);
  };
  hide("nik", identity && details, [](Child& c) { c.nik.reset(); });
  hide("name", identity && details, [](Child& c) { c.name.clear(); });
  hide("sex", identity, [](Child& c) { c.sex = Sex::kMale; });
  hide("birth_date", identity, [](Child& c) { c.birth_date = Date{}; });
  hide("domicile_region", identity, [](Child& c) { c.domicile_region.clear(); });
  hide("guardians", family && details, [](Child& c) { c.guardians.clear(); });
  hide("family_links", family && details, [](Child& c) { c.family_links.clear(); });
  hide("has_birth_certificate", identity, [](Child& c) { c.has_birth_certificate.reset(); });
  hide("roster_key", access.reach == Reach::kFull && details,
       [](Child& c) { c.roster_key.reset(); });
  return view;
}

}  // namespace atensi
