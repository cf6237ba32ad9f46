// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0

#include "capi_json.h"

#include <string>

#include "atensi/clock.h"
#include "atensi/vocabulary.h"

namespace atensi::capi {
std::string Dump(const nlohmann::json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

nlohmann::json StatusJson(const Status& s) {
  if (s.ok()) return nullptr;
  return nlohmann::json{{"code", static_cast<int>(s.code())},
                        {"name", std::string(StatusCodeName(s.code()))},
                        {"reason", s.reason()},
                        {"field", s.field()},
                        {"message", s.message()}};
}

int ReadActor(Handle* h, const char* function, const atensi_actor* actor, Actor* out) {
  if (actor == nullptr) return Misuse(h, function, "actor", "is NULL");
  if (int rc = CheckStructVersion(h, function, "actor", actor->version, ATENSI_ACTOR_VERSION);
      rc != ATENSI_OK) {
    return rc;
  }
  if (actor->role < ATENSI_ROLE_CASE_WORKER || actor->role > ATENSI_ROLE_INTEGRATOR) {
    return Fail(h, ATENSI_INVALID_ARGUMENT, "capi.actor_role", "actor.role",
                "actor.role must be one of the ATENSI_ROLE_* values (1-6).");
  }
  const char* person = actor->person_id != nullptr ? actor->person_id : "";
  const char* agency = actor->agency_id != nullptr ? actor->agency_id : "";
  if (!IsValidUtf8(person) || !IsValidUtf8(agency)) {
    return Fail(h, ATENSI_INVALID_ARGUMENT, "capi.utf8", "actor",
                "The actor's ids must be UTF-8 text.");
  }
  out->person_id = person;
  out->agency_id = agency;
  out->role = static_cast<Role>(actor->role);
  out->rights = actor->rights;
  // Empty ids, control characters and over-long ids: actor.missing (actor.h).
  Status s = ValidateActor(*out);
  return s.ok() ? ATENSI_OK : Fail(h, s);
}

}  // namespace atensi::capi
