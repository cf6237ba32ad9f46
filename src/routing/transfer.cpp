// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Case transfers (push and pull), after Primero's Transfer and
// TransferRequest (shared/domain/peers.md §3.1): only the receiving side of a
// push, or the owning side of a pull, accepts; ownership moves only on
// acceptance. Unlike Primero, every event checks the current status.

#include "atensi/routing/transfer.h"

#include <array>
#include <utility>

namespace atensi {
namespace {

constexpr std::array<std::pair<TransferDirection, std::string_view>, 2> kDirections{{
    {TransferDirection::kPush, "push"},
    {TransferDirection::kPull, "pull"},
}};
constexpr std::array<std::pair<TransferStatus, std::string_view>, 5> kStatuses{{
    {TransferStatus::kProposed, "proposed"},
    {TransferStatus::kRequested, "requested"},
    {TransferStatus::kAccepted, "accepted"},
    {TransferStatus::kDeclined, "declined"},
    {TransferStatus::kCancelled, "cancelled"},
}};
constexpr std::array<std::pair<TransferEventKind, std::string_view>, 3> kEvents{{
    {TransferEventKind::kAccept, "accept"},
    {TransferEventKind::kDecline, "decline"},
    {TransferEventKind::kCancel, "cancel"},
}};

template <typename E, std::size_t N>
std::string_view Lookup(const std::array<std::pair<E, std::string_view>, N>& t, E v) {
  for (const auto& [k, n] : t) {
    if (k == v) return n;
  }
  return "unknown";
}
template <typename E, std::size_t N>
std::optional<E> Parse(const std::array<std::pair<E, std::string_view>, N>& t, std::string_view s) {
  for (const auto& [k, n] : t) {
    if (n == s) return k;
  }
  return std::nullopt;
}

}  // namespace

std::string_view Name(TransferDirection v) noexcept { return Lookup(kDirections, v); }
std::string_view Name(TransferStatus v) noexcept { return Lookup(kStatuses, v); }
std::string_view Name(TransferEventKind v) noexcept { return Lookup(kEvents, v); }
std::optional<TransferDirection> ParseTransferDirection(std::string_view s) noexcept {
  return Parse(kDirections, s);
}
std::optional<TransferStatus> ParseTransferStatus(std::string_view s) noexcept {
  return Parse(kStatuses, s);
}
std::optional<TransferEventKind> ParseTransferEventKind(std::string_view s) noexcept {
  return Parse(kEvents, s);
}

Result<Transfer> OpenTransfer(const TransferRequest& request, TransferDirection direction,
                              std::string_view current_owner, const Actor& actor, Instant now) {
  ATENSI_RETURN_IF_ERROR(ValidateActor(actor));
  auto missing = [](const char* field) {
    return InvalidArgument("transfer.field", field,
                           std::string("A transfer needs a non-empty ") + field + ".");
  };
  if (request.id.empty()) return missing("id");
  if (request.case_id.empty()) return missing("case_id");
  if (request.from_agency.empty()) return missing("from_agency");
  if (request.to_agency.empty()) return missing("to_agency");
  if (request.reason.empty()) return missing("reason");
  if (request.to_agency == current_owner) {
    return FailedPrecondition("transfer.already_owner", "to_agency",
                              "The destination already owns the case.");
  }
  if (request.from_agency != current_owner) {
    return FailedPrecondition("transfer.not_owner", "from_agency",
                              "A transfer starts from the agency that currently owns the case.");
  }
  const std::string& initiator =
      direction == TransferDirection::kPush ? request.from_agency : request.to_agency;
  if (actor.agency_id != initiator) {
    return PermissionDenied("transfer.wrong_party", "actor",
                            direction == TransferDirection::kPush
                                ? "Only the source agency proposes a transfer (push)."
                                : "Only the destination agency requests a case (pull).");
  }
  Transfer t;
  t.id = request.id;
  t.case_id = request.case_id;
  t.from_agency = request.from_agency;
  t.to_agency = request.to_agency;
  t.from_region = request.from_region;
  t.to_region = request.to_region;
  t.direction = direction;
  t.status = direction == TransferDirection::kPush ? TransferStatus::kProposed
                                                   : TransferStatus::kRequested;
  t.reason = request.reason;
  t.created_at = now;
  t.history.push_back(
      TransferHistoryEntry{t.status, t.status, now, actor.person_id, actor.agency_id, t.reason});
  return t;
}

Result<Transfer> ApplyTransferEvent(const Transfer& transfer, TransferEventKind event,
                                    std::string_view reason, const Actor& actor, Instant now) {
  ATENSI_RETURN_IF_ERROR(ValidateActor(actor));
  if (!transfer.open()) {
    return FailedPrecondition("transfer.transition", "status",
                              "The transfer is already " + std::string(Name(transfer.status)) +
                                  "; only an open transfer can change.");
  }
  const bool push = transfer.direction == TransferDirection::kPush;
  const std::string& initiator = push ? transfer.from_agency : transfer.to_agency;
  const std::string& answerer = push ? transfer.to_agency : transfer.from_agency;
  TransferStatus to = TransferStatus::kCancelled;
  switch (event) {
    case TransferEventKind::kAccept:
    case TransferEventKind::kDecline:
      if (actor.agency_id != answerer) {
        return PermissionDenied("transfer.wrong_party", "actor",
                                push ? "Only the destination agency accepts or declines a "
                                       "proposed transfer."
                                     : "Only the source agency (the owner) accepts or declines a "
                                       "transfer request.");
      }
      to = event == TransferEventKind::kAccept ? TransferStatus::kAccepted
                                               : TransferStatus::kDeclined;
      break;
    case TransferEventKind::kCancel:
      if (actor.agency_id != initiator) {
        return PermissionDenied("transfer.wrong_party", "actor",
                                "Only the agency that opened the transfer may cancel it.");
      }
      to = TransferStatus::kCancelled;
      break;
  }
  if (event == TransferEventKind::kDecline && reason.empty()) {
    return InvalidArgument("transfer.reason_required", "reason",
                           "Declining a transfer needs a reason.");
  }
  Transfer t = transfer;
  if (event != TransferEventKind::kCancel) t.responded_at = now;
  if (event == TransferEventKind::kDecline) t.decline_reason = std::string(reason);
  t.history.push_back(TransferHistoryEntry{t.status, to, now, actor.person_id, actor.agency_id,
                                           std::string(reason)});
  t.status = to;
  return t;
}

const std::string& OwnerAfter(const Transfer& transfer) {
  return transfer.status == TransferStatus::kAccepted ? transfer.to_agency : transfer.from_agency;
}

Result<MoveAssessment> AssessMove(RegionCode from, RegionCode to, const AgencyRegistry& registry,
                                  Date on) {
  for (RegionCode r : {from, to}) {
    if (!registry.regions().Contains(r)) {
      return NotFound("transfer.region_unknown", "region",
                      "A region code of the move is not in the official region table.");
    }
  }
  MoveAssessment m;
  if (auto* a = registry.FindFirst(AgencyType::kRegencySocialService, from, on)) {
    m.source_office = a->id;
  }
  if (auto* a = registry.FindFirst(AgencyType::kRegencySocialService, to, on)) {
    m.destination_office = a->id;
  }
  const Agency* before = registry.MinistryCentreFor(from, on);
  const Agency* after = registry.MinistryCentreFor(to, on);
  if (before) m.centre_before = before->id;
  if (after) {
    m.centre_after = after->id;
    const CoveragePeriod* p = after->coverage.PeriodAt(on);
    m.centre_after_confirmed = p != nullptr && p->confirmed;
  }
  m.centre_continues = before != nullptr && before == after;
  if (m.centre_continues) {
    m.explanation = "Both domiciles lie in the working area of " + before->id +
                    "; a centre-led case can stay with it, the regional office changes.";
  } else if (after != nullptr) {
    m.explanation = "The destination lies in the working area of another centre (" + after->id +
                    "); transfer the centre role as well.";
  } else {
    m.explanation =
        "No Kemensos centre in the registry covers the destination; the destination's regional "
        "office takes the case.";
  }
  return m;
}

}  // namespace atensi
