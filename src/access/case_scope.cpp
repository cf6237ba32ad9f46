// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Jurisdiction scope (rules and sources in case_scope.h). The one table here
// is AreaAuthority: which agency types see the cases of their working area.
//   regency/city social service   UU 23/2014 annex F sub-urusan 3, kab/kota
//                                 (rehabilitation outside panti, ABH)
//   provincial social service     UU 23/2014 annex F sub-urusan 3, province
//                                 (rehabilitation inside panti); PP 2/2018
//                                 art 10
//   social rehabilitation division  the provincial service's rehabilitation
//                                 unit (same annex row)
//   ministry centre (Sentra)      national referral unit within its working
//                                 area, Permensos 3/2022 (atensi.md §6.3)
// Every other type (poverty, empowerment and protection divisions, Dukcapil,
// PKH coordination and facilitators, Sakti Peksos, TKSK, disability
// assistants, UPTD PPA, LKSA, LPKS, Bapas, police, health, schools) works a
// case only when it is lead or receives a referral: their mandate is a
// service or a programme, not the rehabilitation case file of an area.

#include "atensi/access/case_scope.h"

#include <algorithm>
#include <array>
#include <string>

#include "atensi/access/need_to_know.h"
#include "lifecycle/name_table.h"

namespace atensi {
namespace {

constexpr std::array kAreaAuthority = {
    AgencyType::kRegencySocialService,
    AgencyType::kProvincialSocialService,
    AgencyType::kSocialRehabilitationDivision,
    AgencyType::kMinistryCentre,
};

constexpr lifecycle_internal::NameTable<ReachBasis, 6> kBasisNames{{
    {ReachBasis::kNone, "none"},
    {ReachBasis::kLead, "lead"},
    {ReachBasis::kArea, "area"},
    {ReachBasis::kReferral, "referral"},
    {ReachBasis::kReferrer, "referrer"},
    {ReachBasis::kRegistrar, "registrar"},
}};

bool AreaCovers(const Actor& actor, std::optional<RegionCode> domicile,
                const AgencyRegistry* registry, Date on) {
  if (registry == nullptr || !domicile) return false;
  const Agency* agency = registry->FindById(actor.agency_id);
  if (agency == nullptr || !agency->InEffect(on) || !HasAreaAuthority(agency->type)) return false;
  return agency->coverage.Covers(*domicile, on);
}

void AddFields(std::vector<std::string>& into, const std::vector<std::string>& fields) {
  for (const std::string& f : fields) {
    if (std::find(into.begin(), into.end(), f) == into.end()) into.push_back(f);
  }
}

// Raises `access` to `reach` on `basis` when that is higher.
void Raise(CaseAccess& access, Reach reach, ReachBasis basis) {
  if (reach > access.reach) {
    access.reach = reach;
    access.basis = basis;
  }
}

}  // namespace

std::string_view Name(ReachBasis v) noexcept {
  return lifecycle_internal::LookupName(kBasisNames, v);
}

bool CaseAccess::Shares(std::string_view field) const {
  if (reach == Reach::kFull) return true;
  if (reach != Reach::kShared) return false;
  return std::find(shared_fields.begin(), shared_fields.end(), field) != shared_fields.end();
}

bool HasAreaAuthority(AgencyType type) noexcept {
  return std::find(kAreaAuthority.begin(), kAreaAuthority.end(), type) != kAreaAuthority.end();
}

bool ReferralGivesAccess(ReferralStatus status) noexcept {
  switch (status) {
    case ReferralStatus::kRequested:
    case ReferralStatus::kAccepted:
    case ReferralStatus::kInProgress:
    case ReferralStatus::kOnHold:
      return true;
    default:
      return false;
  }
}

CaseAccess AccessToCase(const Actor& actor, const Case& c, std::optional<RegionCode> domicile,
                        std::span<const Referral> referrals, const AgencyRegistry* registry,
                        Date on) {
  CaseAccess access;
  access.need_to_know = IsNeedToKnow(c);
  access.cleared = access.need_to_know && ClearedForDetails(actor, c);
  if (actor.agency_id.empty()) return access;
  if (actor.agency_id == c.lead_agency_id) {
    Raise(access, Reach::kFull, ReachBasis::kLead);
    return access;
  }
  if (AreaCovers(actor, domicile, registry, on)) {
    Raise(access, Reach::kFull, ReachBasis::kArea);
    return access;
  }
  for (const Referral& r : referrals) {
    if (r.case_id != c.id) continue;
    if (r.to_agency == actor.agency_id && ReferralGivesAccess(r.status)) {
      Raise(access, Reach::kShared, ReachBasis::kReferral);
      AddFields(access.shared_fields, r.shared_fields);
    } else if (r.from_agency == actor.agency_id) {
      Raise(access, Reach::kStatus, ReachBasis::kReferrer);
    }
  }
  if (access.reach != Reach::kShared) access.shared_fields.clear();
  return access;
}

CaseAccess AccessToChild(const Actor& actor, std::optional<RegionCode> domicile,
                         std::span<const CaseAccess> cases, std::string_view registrar_agency,
                         const AgencyRegistry* registry, Date on) {
  CaseAccess access;
  bool all_cleared = true;
  for (const CaseAccess& ca : cases) {
    Raise(access, ca.reach, ca.basis);
    if (ca.reach == Reach::kShared) AddFields(access.shared_fields, ca.shared_fields);
    if (ca.need_to_know) {
      access.need_to_know = true;
      all_cleared = all_cleared && ca.cleared;
    }
  }
  access.cleared = access.need_to_know && all_cleared;
  if (AreaCovers(actor, domicile, registry, on)) Raise(access, Reach::kFull, ReachBasis::kArea);
  if (cases.empty() && !registrar_agency.empty() && actor.agency_id == registrar_agency) {
    Raise(access, Reach::kFull, ReachBasis::kRegistrar);
  }
  if (access.reach != Reach::kShared) access.shared_fields.clear();
  return access;
}

Status Authorize(const Actor& actor, Operation op, std::optional<Action> action,
                 const CaseAccess& access, std::string_view subject_field) {
  ATENSI_RETURN_IF_ERROR(CheckRole(actor, op, action));
  const PermissionRow* row = FindPermission(op, action);
  if (row == nullptr) return Internal("access.matrix", "no permission row for the operation");
  if (row->reach == Reach::kNone) return Status::Ok();
  if (access.reach == Reach::kNone) {
    return NotFound("access.not_found", std::string(subject_field),
                    "no record with this id is visible to the acting agency");
  }
  if (access.reach < row->reach) {
    return PermissionDenied("access.scope", std::string(subject_field),
                            "the acting agency's reach (" + std::string(Name(access.reach)) +
                                ", via " + std::string(Name(access.basis)) + ") is below the " +
                                std::string(Name(row->reach)) + " reach " + std::string(Name(op)) +
                                " needs");
  }
  if (row->needs_details && !access.SeesDetails()) {
    return PermissionDenied("access.need_to_know", std::string(subject_field),
                            "the case is in a need-to-know category (UU 35/2014 art 64, art "
                            "59(2)): only the lead agency's assigned worker and its supervisors "
                            "may " +
                                std::string(Name(op)));
  }
  return Status::Ok();
}

}  // namespace atensi
