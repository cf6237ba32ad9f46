// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// The permission matrix: which role may perform which operation, and how much
// of the case the principal must be able to see to perform it.
//
// One table, data not scattered ifs: every row names an operation (and, for
// kActOnCase, the lifecycle Action), the roles allowed, the reach required
// (case_scope.h) and why. Roles are those of actor.h, per agency: the same
// person acting for another agency is another principal. Sources:
//   - PP 39/2012 art 7 (the steps of social rehabilitation: the case worker
//     runs them) and Permensos 7/2021 (ATENSI: pekerja sosial and
//     pendamping deliver services, supervised);
//   - UU 27/2022 arts 4, 25, 32, 42-44 (children's data is specific personal
//     data; access, deletion and destruction duties fall on the controller,
//     here the agency's data officer);
//   - Primero's permission fixes (peers.md §4 items 8-10): approval by
//     managers only, self-approval only with an explicit right (R2-3351),
//     assignment only by users who can access the case (R2-3930).
// Self-approval of a plan is NOT decided here: the lifecycle (Decide,
// plan_handlers.cpp) is the one place that compares the plan's author with
// the approver and reads kRightSelfApprove; the matrix only limits approval
// to supervisors and coordinators (the same roles the lifecycle accepts, a
// test keeps them equal).

#ifndef ATENSI_ACCESS_PERMISSION_MATRIX_H_
#define ATENSI_ACCESS_PERMISSION_MATRIX_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "atensi/access/operation.h"
#include "atensi/actor.h"
#include "atensi/lifecycle/action.h"
#include "atensi/status.h"

namespace atensi {

// How much of a case a principal can see (case_scope.h). Ordered.
enum class Reach : std::uint8_t {
  kNone = 0,    // nothing; the case does not exist for this principal
  kStatus = 1,  // stage, lead agency, dates: a referrer following up
  kShared = 2,  // what an active referral shares (ConsentScope fields)
  kFull = 3,    // the case file: lead agency or the agency of the area
};

// "none", "status", "shared", "full".
std::string_view Name(Reach v) noexcept;

// A set of roles as bits (1 << Role).
using RoleSet = std::uint32_t;
constexpr RoleSet RoleBit(Role r) { return 1u << static_cast<std::uint32_t>(r); }

// One row of the matrix.
struct PermissionRow {
  Operation operation;
  std::optional<Action> action;  // only for kActOnCase
  RoleSet roles;                 // who may
  Reach reach;                   // the reach needed on the case / child
  // True when the operation shows or works on the case's details, so a
  // need-to-know case (need_to_know.h) needs the principal to be cleared.
  bool needs_details;
  std::string_view why;  // the source or reasoning
};

// The whole matrix, in operation then action order. Every Operation except
// kActOnCase has exactly one row; kActOnCase has one per Action.
std::span<const PermissionRow> PermissionMatrix() noexcept;

// The row of an operation (with `action` for kActOnCase), or nullptr.
const PermissionRow* FindPermission(Operation op, std::optional<Action> action = std::nullopt);

// True when the matrix lets `role` perform the operation.
bool RoleMay(Role role, Operation op, std::optional<Action> action = std::nullopt);

// OK when the matrix lets the actor's role perform the operation; else
// PermissionDenied "access.role" on field "actor.role" naming role and
// operation (never personal data).
Status CheckRole(const Actor& actor, Operation op, std::optional<Action> action = std::nullopt);

// Which roles may read for which purpose: a viewer cannot claim supervision,
// only a data officer answers a subject-access request. PermissionDenied
// "access.purpose" on field "purpose" otherwise.
Status CheckPurpose(const Actor& actor, AccessPurpose purpose);

}  // namespace atensi

#endif  // ATENSI_ACCESS_PERMISSION_MATRIX_H_
