// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Need-to-know categories.
//
// A child in conflict with the law (ABH) must not have their identity
// disclosed: UU 35/2014 art 64 (as amended by UU 35/2014, summarised by KPAI,
// atensi.md §11 [S74]); UU SPPA keeps a child offender's identity secret.
// Child victims of sexual crime, trafficking, children with HIV/AIDS and
// children of terrorism networks are among the children needing special
// protection of UU 35/2014 art 59(2) (g, h, j, k) whose handling includes
// protection of identity and of health data (health data and crime records
// are specific personal data, UU 27/2022 art 4). atensi.md §11 concludes:
// treat ABH status and violence cases as special-category data with
// need-to-know access.
//
// The rule: on a case in any of these categories, the details (narratives,
// plan, services, conferences, identity of the child) are visible only to
// the lead agency's assigned worker and the lead agency's supervisors; the
// child's name is hidden from everyone else, whatever their reach, role or
// rights (there is no right that lifts it: Primero R2-3157, "supervisors can
// un-hide name", peers.md §4 item 9).

#ifndef ATENSI_ACCESS_NEED_TO_KNOW_H_
#define ATENSI_ACCESS_NEED_TO_KNOW_H_

#include "atensi/actor.h"
#include "atensi/lifecycle/case.h"
#include "atensi/vocabulary.h"

namespace atensi {

// ABH (art 59(2)b), sexual crime (j), abduction/sale/trafficking (h),
// HIV/AIDS (g), terrorism networks (k).
inline constexpr AmpkSet kNeedToKnowCategories{AmpkCategory::kAbh, AmpkCategory::kKejahatanSeksual,
                                               AmpkCategory::kPenculikanPenjualanPerdagangan,
                                               AmpkCategory::kHivAids,
                                               AmpkCategory::kJaringanTerorisme};

// True when the case has a need-to-know category.
bool IsNeedToKnow(const Case& c) noexcept;

// True when `actor` may see the details of the need-to-know case `c`: acting
// for the lead agency, and either the assigned worker or a supervisor. (True
// for every actor of the lead agency's staff when the case is not
// need-to-know is NOT implied: call IsNeedToKnow first.)
bool ClearedForDetails(const Actor& actor, const Case& c) noexcept;

}  // namespace atensi

#endif  // ATENSI_ACCESS_NEED_TO_KNOW_H_
