// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Routing, referrals and transfers of stored cases: the Casebook's
// RouteCase / ActOnReferral / ProposeTransfer family (casebook.h) through the
// C API. Every write goes into the case's hash chain inside the Casebook.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "atensi.h"
#include "atensi/lifecycle/lifecycle_json.h"
#include "atensi/routing/routing_json.h"
#include "db_impl.h"
#include "json_input.h"
#include "referral_event_json.h"

using atensi::capi::ActorCall;
using atensi::capi::DbImpl;
using atensi::capi::EmitJson;
using atensi::capi::Fail;
using atensi::capi::Guard;
using atensi::capi::Handle;
using atensi::capi::LiveDb;
using atensi::capi::Misuse;
using atensi::capi::PrincipalCall;
using nlohmann::json;

namespace {

template <typename T>
json Array(const std::vector<T>& items) {
  json arr = json::array();
  for (const auto& item : items) arr.push_back(atensi::ToJson(item));
  return arr;
}

template <typename T>
int EmitRecord(Handle* h, char** out, const atensi::Result<T>& r) {
  if (!r.ok()) return Fail(h, r.status());
  return EmitJson(out, atensi::ToJson(*r));
}

template <typename T>
int EmitArray(Handle* h, char** out, const atensi::Result<std::vector<T>>& r) {
  if (!r.ok()) return Fail(h, r.status());
  return EmitJson(out, Array(*r));
}

// Optional region argument; records InvalidArgument when malformed.
bool OptRegion(Handle* h, const char* text, const char* field,
               std::optional<atensi::RegionCode>* out, int* rc) {
  *rc = ATENSI_OK;
  if (text == nullptr) return true;
  auto code = atensi::RegionCode::Parse(text, field);
  if (!code.ok()) {
    *rc = Fail(h, code.status());
    return false;
  }
  *out = *code;
  return true;
}

}  // namespace

extern "C" {

int atensi_case_route(char** out_json, atensi_db* db, const char* case_id,
                      const atensi_actor* actor) {
  const char* const fn = __func__;
  return ActorCall(fn, db, out_json, actor, [&](DbImpl* d, const atensi::Actor& a) -> int {
    if (case_id == nullptr) return Misuse(d, fn, "case_id", "is NULL");
    auto r = d->book->RouteCase(case_id, a);
    if (!r.ok()) return Fail(d, r.status());
    return EmitJson(out_json, json{{"case", atensi::ToJson(r->case_after)},
                                   {"decision", atensi::ToJson(r->decision)},
                                   {"created", Array(r->created)},
                                   {"existing", Array(r->existing)}});
  });
}

int atensi_case_routing(char** out_json, atensi_db* db, const char* case_id) {
  const char* const fn = __func__;
  return PrincipalCall(fn, db, out_json, {{case_id, "case_id"}},
                       [&](DbImpl* d, const atensi::Actor& a, atensi::AccessPurpose) -> int {
                         if (case_id == nullptr) return Misuse(d, fn, "case_id", "is NULL");
                         auto r = d->book->RoutingOf(case_id, a);
                         if (!r.ok()) return Fail(d, r.status());
                         return EmitJson(out_json,
                                         r->has_value() ? atensi::ToJson(**r) : json(nullptr));
                       });
}

int atensi_referral_act(char** out_json, atensi_db* db, const char* referral_id,
                        int64_t expected_version, const char* event_json,
                        const atensi_actor* actor) {
  const char* const fn = __func__;
  return ActorCall(fn, db, out_json, actor, [&](DbImpl* d, const atensi::Actor& a) -> int {
    if (referral_id == nullptr) return Misuse(d, fn, "referral_id", "is NULL");
    if (event_json == nullptr) return Misuse(d, fn, "event_json", "is NULL");
    auto j = atensi::capi::ParseJson(event_json, "event_json");
    if (!j.ok()) return Fail(d, j.status());
    auto event = atensi::capi::ReferralEventFromJson(*j);
    if (!event.ok()) return Fail(d, event.status());
    return EmitRecord(d, out_json,
                      d->book->ActOnReferral(referral_id, expected_version, *event, a));
  });
}

int atensi_referral_get(char** out_json, atensi_db* db, const char* referral_id) {
  const char* const fn = __func__;
  return PrincipalCall(fn, db, out_json, {{referral_id, "referral_id"}},
                       [&](DbImpl* d, const atensi::Actor& a, atensi::AccessPurpose) -> int {
                         if (referral_id == nullptr) return Misuse(d, fn, "referral_id", "is NULL");
                         return EmitRecord(d, out_json, d->book->GetReferral(referral_id, a));
                       });
}

int atensi_case_referrals(char** out_json, atensi_db* db, const char* case_id) {
  const char* const fn = __func__;
  return PrincipalCall(fn, db, out_json, {{case_id, "case_id"}},
                       [&](DbImpl* d, const atensi::Actor& a, atensi::AccessPurpose) -> int {
                         if (case_id == nullptr) return Misuse(d, fn, "case_id", "is NULL");
                         return EmitArray(d, out_json, d->book->ReferralsOfCase(case_id, a));
                       });
}

int atensi_referral_box(char** out_json, atensi_db* db, const char* agency_id, int inbox,
                        const char* query_json) {
  const char* const fn = __func__;
  return PrincipalCall(
      fn, db, out_json, {{agency_id, "agency_id"}},
      [&](DbImpl* d, const atensi::Actor& a, atensi::AccessPurpose) -> int {
        if (agency_id == nullptr) return Misuse(d, fn, "agency_id", "is NULL");
        atensi::ReferralQuery q;
        if (query_json != nullptr) {
          auto j = atensi::capi::ParseJson(query_json, "query_json");
          if (!j.ok()) return Fail(d, j.status());
          atensi::capi::JsonReader r(*j, "query");
          q.status = r.OptEnum<atensi::ReferralStatus>("status", atensi::ParseReferralStatus);
          q.open_only = r.Bool("open_only", q.open_only);
          q.page_size = static_cast<int>(r.Int("page_size", q.page_size));
          q.cursor = r.Str("cursor");
          if (!r.ok()) return Fail(d, r.status());
        }
        auto page = inbox != 0 ? d->book->Inbox(agency_id, q, a) : d->book->Outbox(agency_id, q, a);
        if (!page.ok()) return Fail(d, page.status());
        return EmitJson(out_json,
                        json{{"items", Array(page->items)}, {"next_cursor", page->next_cursor}});
      });
}

int atensi_referrals_expire(char** out_json, atensi_db* db) {
  const char* const fn = __func__;
  return PrincipalCall(fn, db, out_json, {},
                       [&](DbImpl* d, const atensi::Actor& a, atensi::AccessPurpose) -> int {
                         return EmitArray(d, out_json, d->book->ExpireReferrals(a));
                       });
}

int atensi_transfer_start(char** out_json, atensi_db* db, const char* case_id,
                          const char* direction, const char* to_agency, const char* reason,
                          const char* to_region, const atensi_actor* actor) {
  const char* const fn = __func__;
  return ActorCall(fn, db, out_json, actor, [&](DbImpl* d, const atensi::Actor& a) -> int {
    if (case_id == nullptr) return Misuse(d, fn, "case_id", "is NULL");
    if (direction == nullptr) return Misuse(d, fn, "direction", "is NULL");
    std::optional<atensi::RegionCode> region;
    int rc;
    if (!OptRegion(d, to_region, "to_region", &region, &rc)) return rc;
    std::string why = reason != nullptr ? reason : "";
    std::string_view dir(direction);
    if (dir == "push") {
      if (to_agency == nullptr) return Misuse(d, fn, "to_agency", "is NULL for a push");
      return EmitRecord(d, out_json, d->book->ProposeTransfer(case_id, to_agency, why, a, region));
    }
    if (dir == "pull") {
      if (to_agency != nullptr) {
        return Misuse(d, fn, "to_agency", "must be NULL for a pull (the actor's agency pulls)");
      }
      return EmitRecord(d, out_json, d->book->RequestTransfer(case_id, why, a, region));
    }
    return Fail(d, ATENSI_INVALID_ARGUMENT, "transfer.field", "direction",
                "direction must be \"push\" or \"pull\".");
  });
}

int atensi_transfer_act(char** out_json, atensi_db* db, const char* transfer_id,
                        int64_t expected_version, const char* event, const char* reason,
                        const atensi_actor* actor) {
  const char* const fn = __func__;
  return ActorCall(fn, db, out_json, actor, [&](DbImpl* d, const atensi::Actor& a) -> int {
    if (transfer_id == nullptr) return Misuse(d, fn, "transfer_id", "is NULL");
    if (event == nullptr) return Misuse(d, fn, "event", "is NULL");
    std::optional<atensi::TransferEventKind> kind = atensi::ParseTransferEventKind(event);
    if (!kind.has_value()) {
      return Fail(d, ATENSI_INVALID_ARGUMENT, "transfer.field", "event",
                  "event must be \"accept\", \"decline\" or \"cancel\".");
    }
    return EmitRecord(d, out_json,
                      d->book->ActOnTransfer(transfer_id, expected_version, *kind,
                                             reason != nullptr ? reason : "", a));
  });
}

int atensi_case_transfers(char** out_json, atensi_db* db, const char* case_id) {
  const char* const fn = __func__;
  return PrincipalCall(fn, db, out_json, {{case_id, "case_id"}},
                       [&](DbImpl* d, const atensi::Actor& a, atensi::AccessPurpose) -> int {
                         if (case_id == nullptr) return Misuse(d, fn, "case_id", "is NULL");
                         return EmitArray(d, out_json, d->book->TransfersOfCase(case_id, a));
                       });
}

}  // extern "C"
