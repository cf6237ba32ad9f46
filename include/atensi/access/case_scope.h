// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Jurisdiction scope: which cases and children an agency can see, and how far.
//
// Rules, in order (the highest reach wins):
//   1. Lead agency: the agency leading the case sees the case file (kFull).
//      It is responsible for the case (UU 23/2014 annex F gives the
//      responsibility to one level; routing.h chooses the lead).
//   2. Area: an agency with social-rehabilitation authority sees the case
//      file of cases whose child's domicile lies inside its coverage subtree
//      on that day (child-of semantics, as OpenSPP and CommCare scope users by
//      location; peers.md §6 item 4). Which agency types have that authority
//      is the table AreaAuthority (case_scope.cpp): the regency/city and
//      provincial social services and the provincial rehabilitation
//      division (UU 23/2014 annex F sub-urusan 3), and the Kemensos centres
//      within their working area (national referral units, Permensos 3/2022,
//      atensi.md §6.3). Other agencies (PKH, Dukcapil, UPTD PPA, police,
//      health, schools, LKSA, ...) have no area access: they see a case only
//      through a referral. A national agency sees exactly its registry
//      working area; UU 23/2014 gives the centre NAPZA and HIV/AIDS cases,
//      which reach it as lead or referral through routing (atensi.md §6.4).
//   3. Active referral: an agency a referral is addressed to sees what the
//      referral shares (Referral::shared_fields, covered by consent) while
//      the referral is active (requested, accepted, in progress, on hold);
//      after completion, rejection, failure, cancellation or expiry the access
//      ends (UU 27/2022 art 25: consent covers a purpose, not a duration
//      beyond it).
//   4. Referrer: an agency that sent a referral for the case (a PKH office
//      flagging a child) sees the STATUS of the case (stage, lead, dates),
//      never the case file: closing the loop without disclosure.
//   5. Otherwise nothing: the case is reported as not found to that agency,
//      so its existence is not disclosed either.
// Need-to-know (need_to_know.h) narrows what a reach shows; redaction.h
// turns a reach into a view.

#ifndef ATENSI_ACCESS_CASE_SCOPE_H_
#define ATENSI_ACCESS_CASE_SCOPE_H_

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "atensi/access/permission_matrix.h"
#include "atensi/actor.h"
#include "atensi/date.h"
#include "atensi/lifecycle/case.h"
#include "atensi/region.h"
#include "atensi/routing/agency_registry.h"
#include "atensi/routing/referral.h"

namespace atensi {

// On what ground a principal reaches a case.
enum class ReachBasis : std::uint8_t {
  kNone = 0,
  kLead = 1,       // rule 1
  kArea = 2,       // rule 2
  kReferral = 3,   // rule 3
  kReferrer = 4,   // rule 4
  kRegistrar = 5,  // the agency that registered a child with no case yet
};
std::string_view Name(ReachBasis v) noexcept;

// What a principal may see of one case.
struct CaseAccess {
  Reach reach = Reach::kNone;
  ReachBasis basis = ReachBasis::kNone;
  // With basis kReferral: the union of the data items the active referrals
  // to the principal's agency share.
  std::vector<std::string> shared_fields;
  bool need_to_know = false;  // the case has a need-to-know category
  bool cleared = false;       // the principal may see its details anyway
  // True when the principal sees the case's details (not need-to-know, or
  // cleared).
  [[nodiscard]] bool SeesDetails() const { return !need_to_know || cleared; }
  [[nodiscard]] bool Shares(std::string_view field) const;
};

// True when agencies of `type` have area access (rule 2).
bool HasAreaAuthority(AgencyType type) noexcept;

// True when a referral in `status` gives its responder access (rule 3).
bool ReferralGivesAccess(ReferralStatus status) noexcept;

// The access of `actor` to case `c`, whose child lives in `domicile`
// (nullopt = unknown: no area access), with the case's referrals, on `on`
// (the local date; coverage is effective-dated). `registry` may be null (no
// area access for anyone).
CaseAccess AccessToCase(const Actor& actor, const Case& c, std::optional<RegionCode> domicile,
                        std::span<const Referral> referrals, const AgencyRegistry* registry,
                        Date on);

// What a principal may see of a child: the highest reach over the child's
// cases (`cases`, one CaseAccess per case of the child), area access to the
// domicile, and, while the child has no case, the registering agency
// (`registrar_agency`, kFull). The child is need-to-know when any of its
// cases is; cleared when cleared on every need-to-know case. Shared fields
// are the union over the cases reached by referral.
CaseAccess AccessToChild(const Actor& actor, std::optional<RegionCode> domicile,
                         std::span<const CaseAccess> cases, std::string_view registrar_agency,
                         const AgencyRegistry* registry, Date on);

// The whole check of one operation on a case or child, in order: the role
// (matrix row); NotFound "access.not_found" (field `subject_field`) when the
// principal has no reach at all, so a probe cannot learn that the record
// exists; PermissionDenied "access.scope" when the reach is below the row's;
// PermissionDenied "access.need_to_know" when the row needs_details and the
// case's details are hidden from the principal. Messages never contain
// personal data.
Status Authorize(const Actor& actor, Operation op, std::optional<Action> action,
                 const CaseAccess& access, std::string_view subject_field);

}  // namespace atensi

#endif  // ATENSI_ACCESS_CASE_SCOPE_H_
