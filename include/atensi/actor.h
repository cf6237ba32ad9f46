// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Who does something. Every mutating call in atensi takes an Actor, and the
// actor is written into the audit event of that mutation. Authorization
// (which actor may do what) is enforced by its own layer; this type only says
// who is acting, for which agency, in which role, and with which explicit
// rights.

#ifndef ATENSI_ACTOR_H_
#define ATENSI_ACTOR_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "atensi/status.h"

namespace atensi {

// Roles inside an agency. Stable numeric values (stored, C ABI).
enum class Role : std::uint8_t {
  kCaseWorker = 1,   // pekerja sosial / pendamping handling cases
  kSupervisor = 2,   // approves plans, supervises case workers
  kCoordinator = 3,  // agency or regional coordinator
  kDataOfficer = 4,  // imports, exports, data-subject requests
  kViewer = 5,       // read-only
  kIntegrator = 6,   // a system account of an integrating application
};

std::string_view Name(Role role) noexcept;  // "case_worker", ...

// Explicit rights that lift a default restriction.
enum ActorRight : std::uint32_t {
  kRightNone = 0,
  kRightSelfApprove = 1u << 0,  // may approve a plan they authored
};

struct Actor {
  std::string person_id;  // opaque id of the person (never a NIK)
  std::string agency_id;  // id of the agency acting
  Role role = Role::kCaseWorker;
  std::uint32_t rights = kRightNone;

  [[nodiscard]] bool Has(ActorRight r) const { return (rights & r) != 0; }
};

// InvalidArgument "actor.missing" when person or agency is empty, or the ids
// contain control characters or exceed 128 bytes.
Status ValidateActor(const Actor& actor);

}  // namespace atensi

#endif  // ATENSI_ACTOR_H_
