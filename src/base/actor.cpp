// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0

#include "atensi/actor.h"

namespace atensi {

std::string_view Name(Role role) noexcept {
  switch (role) {
    case Role::kCaseWorker:
      return "case_worker";
    case Role::kSupervisor:
      return "supervisor";
    case Role::kCoordinator:
      return "coordinator";
    case Role::kDataOfficer:
      return "data_officer";
    case Role::kViewer:
      return "viewer";
    case Role::kIntegrator:
      return "integrator";
  }
  return "unknown";
}

namespace {
bool CleanId(std::string_view id) {
  if (id.empty() || id.size() > 128) return false;
  for (char ch : id) {
    auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c == 0x7f) return false;
  }
  return true;
}
}  // namespace

Status ValidateActor(const Actor& actor) {
  if (!CleanId(actor.person_id)) {
    return InvalidArgument("actor.missing", "actor.person_id",
                           "every mutation must name the acting person (1-128 bytes, no control "
                           "characters) so the audit trail is attributable");
  }
  if (!CleanId(actor.agency_id)) {
    return InvalidArgument("actor.missing", "actor.agency_id",
                           "every mutation must name the acting agency (1-128 bytes, no control "
                           "characters) so the audit trail is attributable");
  }
  return Status::Ok();
}

}  // namespace atensi
