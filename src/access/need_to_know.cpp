// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Need-to-know, UU 35/2014 art 64 and art 59(2) g, h, j, k (see
// need_to_know.h).

#include "atensi/access/need_to_know.h"

namespace atensi {

bool IsNeedToKnow(const Case& c) noexcept { return c.categories.HasAny(kNeedToKnowCategories); }

bool ClearedForDetails(const Actor& actor, const Case& c) noexcept {
  if (actor.agency_id.empty() || actor.agency_id != c.lead_agency_id) return false;
  if (actor.role == Role::kSupervisor) return true;
  return !c.assigned_worker_id.empty() && actor.person_id == c.assigned_worker_id;
}

}  // namespace atensi
