// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Casebook: case transfers between agencies (push and pull), persisted.
//
// Modelled on Primero's Transfer / TransferRequest (shared/domain/peers.md
// §3.1; routing/transfer.h): ownership — the case's lead agency — changes
// only on acceptance, through the lifecycle SetLeadAgency in the same
// transaction, and the transfer event records both ends. One open transfer
// per case at a time.

#include <utility>

#include "atensi/casebook.h"
#include "atensi/routing/routing_json.h"

namespace atensi {
namespace {

std::optional<RegionCode> DomicileOf(const Child& child) {
  if (child.domicile_region.empty()) return std::nullopt;
  Result<RegionCode> r = RegionCode::Parse(child.domicile_region, "domicile_region");
  if (!r.ok()) return std::nullopt;
  return *r;
}

nlohmann::json TransferChanges(const std::string& id, const nlohmann::json& before,
                               const nlohmann::json& after) {
  nlohmann::json changes = DiffTopLevel(before, after);
  changes["transfer_id"] = {
      {"before", before.empty() ? nlohmann::json(nullptr) : nlohmann::json(id)}, {"after", id}};
  return changes;
}

}  // namespace

namespace {

Result<Transfer> OpenTransferIn(CaseStore& store, std::string_view case_id, TransferRequest request,
                                TransferDirection direction, const Actor& actor, Instant now) {
  ATENSI_ASSIGN_OR_RETURN(Case c, store.GetCase(case_id));
  if (!c.IsOpen()) {
    return FailedPrecondition("transfer.case_closed", "case_id",
                              "a closed case is not transferred; reopen it first");
  }
  ATENSI_ASSIGN_OR_RETURN(Child child, store.GetChild(c.child_id));
  ATENSI_ASSIGN_OR_RETURN(std::vector<Transfer> existing, store.TransfersOfCase(c.id));
  for (const Transfer& t : existing) {
    if (t.open()) {
      return Conflict("transfer.open_exists", "case_id",
                      "the case already has an open transfer; answer or cancel it first");
    }
  }
  request.case_id = c.id;
  request.from_agency = c.lead_agency_id;
  request.from_region = DomicileOf(child);
  ATENSI_ASSIGN_OR_RETURN(Transfer t,
                          OpenTransfer(request, direction, c.lead_agency_id, actor, now));
  EventDraft draft;
  draft.action = direction == TransferDirection::kPush ? "transfer.propose" : "transfer.request";
  draft.reason = t.reason;
  draft.changes = TransferChanges(t.id, nlohmann::json::object(), ToJson(t));
  ATENSI_RETURN_IF_ERROR(store.InsertTransfer(t, draft, AuditStamp{actor, now}).status());
  return t;
}

}  // namespace

Result<Transfer> Casebook::ProposeTransfer(std::string_view case_id, std::string to_agency,
                                           std::string reason, const Actor& actor,
                                           std::optional<RegionCode> to_region) {
  ATENSI_RETURN_IF_ERROR(ValidateActor(actor));
  auto lock = Lock();
  const Instant now = clock_.Now();
  TransferRequest request;
  request.id = NewId(now);
  request.to_agency = std::move(to_agency);
  request.to_region = to_region;
  request.reason = std::move(reason);
  ATENSI_ASSIGN_OR_RETURN(auto txn, store_->BeginWrite());
  {
    ATENSI_ASSIGN_OR_RETURN(Case subject, store_->GetCase(case_id));
    ATENSI_RETURN_IF_ERROR(
        AuthorizeCaseLocked(actor, Operation::kProposeTransfer, std::nullopt, subject, now));
  }
  ATENSI_ASSIGN_OR_RETURN(Transfer t, OpenTransferIn(*store_, case_id, std::move(request),
                                                     TransferDirection::kPush, actor, now));
  ATENSI_RETURN_IF_ERROR(txn->Commit());
  AfterMutation();
  return t;
}

Result<Transfer> Casebook::RequestTransfer(std::string_view case_id, std::string reason,
                                           const Actor& actor,
                                           std::optional<RegionCode> to_region) {
  ATENSI_RETURN_IF_ERROR(ValidateActor(actor));
  auto lock = Lock();
  const Instant now = clock_.Now();
  TransferRequest request;
  request.id = NewId(now);
  request.to_agency = actor.agency_id;
  request.to_region = to_region;
  request.reason = std::move(reason);
  ATENSI_ASSIGN_OR_RETURN(auto txn, store_->BeginWrite());
  {
    ATENSI_ASSIGN_OR_RETURN(Case subject, store_->GetCase(case_id));
    ATENSI_RETURN_IF_ERROR(
        AuthorizeCaseLocked(actor, Operation::kRequestTransfer, std::nullopt, subject, now));
  }
  ATENSI_ASSIGN_OR_RETURN(Transfer t, OpenTransferIn(*store_, case_id, std::move(request),
                                                     TransferDirection::kPull, actor, now));
  ATENSI_RETURN_IF_ERROR(txn->Commit());
  AfterMutation();
  return t;
}

Result<Transfer> Casebook::ActOnTransfer(std::string_view transfer_id,
                                         std::int64_t expected_version, TransferEventKind event,
                                         std::string reason, const Actor& actor) {
  ATENSI_RETURN_IF_ERROR(ValidateActor(actor));
  auto lock = Lock();
  const Instant now = clock_.Now();
  ATENSI_ASSIGN_OR_RETURN(auto txn, store_->BeginWrite());
  ATENSI_ASSIGN_OR_RETURN(Transfer current, store_->GetTransfer(transfer_id));
  ATENSI_RETURN_IF_ERROR(CheckRole(actor, Operation::kActOnTransfer));
  if (TransferVersion(current) != expected_version) {
    return Conflict("store.version_conflict", "version",
                    "the transfer was changed by someone else since it was read; reload it and "
                    "retry (optimistic concurrency, no last-write-wins)");
  }
  ATENSI_ASSIGN_OR_RETURN(Transfer next, ApplyTransferEvent(current, event, reason, actor, now));
  ATENSI_ASSIGN_OR_RETURN(Case c, store_->GetCase(current.case_id));
  // The transfer rules check the party (ApplyTransferEvent); a restriction
  // of processing stops transfers like every other case action.
  ATENSI_RETURN_IF_ERROR(RestrictionGateLocked(actor, Operation::kActOnTransfer, c.child_id));
  const bool accepted = next.status == TransferStatus::kAccepted;
  if (accepted && c.lead_agency_id != current.from_agency) {
    return FailedPrecondition("transfer.owner_changed", "from_agency",
                              "the case changed hands since the transfer was opened; cancel it "
                              "and open a new one");
  }
  EventDraft draft;
  draft.action = "transfer." + std::string(Name(event));
  draft.reason = reason;
  draft.changes = TransferChanges(next.id, ToJson(current), ToJson(next));
  if (accepted) {
    // Both ends of the handover, in the event itself.
    draft.changes["owner"] = {{"before", current.from_agency}, {"after", OwnerAfter(next)}};
  }
  ATENSI_RETURN_IF_ERROR(
      store_->UpdateTransfer(next, expected_version, draft, AuditStamp{actor, now}).status());
  if (accepted) {
    ATENSI_ASSIGN_OR_RETURN(Child child, store_->GetChild(c.child_id));
    ATENSI_RETURN_IF_ERROR(
        SetLeadLocked(c, child, OwnerAfter(next), "transfer " + next.id + " accepted", actor, now)
            .status());
  }
  ATENSI_RETURN_IF_ERROR(txn->Commit());
  AfterMutation();
  return next;
}

Result<Transfer> Casebook::GetTransfer(std::string_view transfer_id) {
  auto lock = Lock();
  ATENSI_ASSIGN_OR_RETURN(auto txn, store_->BeginRead());
  return store_->GetTransfer(transfer_id);
}

Result<std::vector<Transfer>> Casebook::TransfersOfCase(std::string_view case_id) {
  auto lock = Lock();
  ATENSI_ASSIGN_OR_RETURN(auto txn, store_->BeginRead());
  ATENSI_RETURN_IF_ERROR(store_->GetCase(case_id).status());
  return store_->TransfersOfCase(case_id);
}

Result<Child> Casebook::UpdateChild(Child child, const Actor& actor, std::string reason,
                                    std::optional<MoveAssessment>* move) {
  std::optional<RegionCode> from;
  {
    ATENSI_ASSIGN_OR_RETURN(Child before, GetChild(child.id));
    from = DomicileOf(before);
  }
  ATENSI_ASSIGN_OR_RETURN(Child updated, UpdateChild(std::move(child), actor, std::move(reason)));
  if (move != nullptr) {
    move->reset();
    const std::optional<RegionCode> to = DomicileOf(updated);
    if (from && to && *from != *to) {
      auto lock = Lock();
      ATENSI_ASSIGN_OR_RETURN(const AgencyRegistry* registry, RegistryLocked());
      ATENSI_ASSIGN_OR_RETURN(
          MoveAssessment assessment,
          AssessMove(*from, *to, *registry, DateAt(clock_.Now(), policy_.utc_offset_minutes)));
      *move = std::move(assessment);
    }
  }
  return updated;
}

}  // namespace atensi
