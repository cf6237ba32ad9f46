// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Redacted views: a Case or Child reduced to what one principal may see.
//
// The view is computed by the core from the principal's CaseAccess
// (case_scope.h); callers cannot ask for more (no "unhide" option: Primero
// R2-3157, peers.md §4 item 9). Hidden fields are cleared (empty string,
// empty list, nullopt) and named in `hidden`, so a client can show "hidden"
// rather than "empty".
//   status:  id, child id, version, stage, opened_at, lead agency, closure
//            reason and time (no note). Nothing else.
//   shared:  status + what the referral shares: "case_summary" adds
//            categories, PPKS types, risk, assessment summary and the plan;
//            never consents, narratives, conferences, placements, links.
//            Child: "identity" gives id, name, sex, birth date, domicile, NIK;
//            guardians and family only with "family".
//   full:    everything.
// Need-to-know (need_to_know.h) applies on top: when the principal is not
// cleared, the child's name, NIK, guardians, family links and roster key
// are hidden, and the case keeps only status, categories, risk, PPKS types,
// flags, assigned worker and milestone times (no narratives, plan, services,
// consents, conferences, placements, evaluations, follow-ups, link).
// The case link is shown only with kFull reach: a linked case is another
// record with its own access (Primero R2-3568, "everyone sees linked cases").

#ifndef ATENSI_ACCESS_REDACTION_H_
#define ATENSI_ACCESS_REDACTION_H_

#include <string>
#include <vector>

#include "atensi/access/case_scope.h"
#include "atensi/lifecycle/case.h"
#include "atensi/lifecycle/child.h"

namespace atensi {

struct CaseView {
  Case value;                       // hidden fields cleared
  std::vector<std::string> hidden;  // JSON field names hidden, in field order
  Reach reach = Reach::kNone;
};

struct ChildView {
  Child value;
  std::vector<std::string> hidden;
  Reach reach = Reach::kNone;
};

// The view of `c` for `access` (reach kNone gives an empty view with every
// field hidden; callers refuse before that).
CaseView ViewCase(const Case& c, const CaseAccess& access);

// The view of `child` for `access` (AccessToChild).
ChildView ViewChild(const Child& child, const CaseAccess& access);

}  // namespace atensi

#endif  // ATENSI_ACCESS_REDACTION_H_
