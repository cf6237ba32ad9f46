// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Case transfers between agencies, e.g. when a family moves.
//
// Modelled on Primero's Transfer and TransferRequest (shared/domain/peers.md
// §3.1), with the from-state guards enforced on every event:
//   push: the source (current owner) proposes      -> proposed
//         the destination accepts or declines      -> accepted | declined
//         the source may cancel while proposed     -> cancelled
//   pull: the destination requests the case        -> requested
//         the source (current owner) accepts or declines
//         the destination may cancel while requested
// Ownership changes only on acceptance (Primero: `record.owned_by =
// transitioned_to` in accept!). Both ends are recorded, with their regions,
// so a move that leaves a Kemensos centre's working area can be seen
// (AssessMove).

#ifndef ATENSI_ROUTING_TRANSFER_H_
#define ATENSI_ROUTING_TRANSFER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "atensi/actor.h"
#include "atensi/clock.h"
#include "atensi/region.h"
#include "atensi/routing/agency_registry.h"
#include "atensi/status.h"

namespace atensi {

enum class TransferDirection : std::uint8_t { kPush = 1, kPull = 2 };
enum class TransferStatus : std::uint8_t {
  kProposed = 1,   // push, awaiting the destination
  kRequested = 2,  // pull, awaiting the source
  kAccepted = 3,
  kDeclined = 4,
  kCancelled = 5,
};
enum class TransferEventKind : std::uint8_t { kAccept = 1, kDecline = 2, kCancel = 3 };

std::string_view Name(TransferDirection v) noexcept;  // "push", "pull"
std::string_view Name(TransferStatus v) noexcept;     // "proposed", ...
std::string_view Name(TransferEventKind v) noexcept;  // "accept", ...
std::optional<TransferDirection> ParseTransferDirection(std::string_view s) noexcept;
std::optional<TransferStatus> ParseTransferStatus(std::string_view s) noexcept;
std::optional<TransferEventKind> ParseTransferEventKind(std::string_view s) noexcept;

struct TransferHistoryEntry {
  TransferStatus from = TransferStatus::kProposed;
  TransferStatus to = TransferStatus::kProposed;
  Instant at;
  std::string actor_person_id;
  std::string actor_agency_id;
  std::string reason;
};

struct Transfer {
  std::string id;
  std::string case_id;
  std::string from_agency;                // source: the owner when the transfer was opened
  std::string to_agency;                  // destination
  std::optional<RegionCode> from_region;  // the family's domicile before the move
  std::optional<RegionCode> to_region;    // and after
  TransferDirection direction = TransferDirection::kPush;
  TransferStatus status = TransferStatus::kProposed;
  std::string reason;          // why (e.g. "family moved")
  std::string decline_reason;  // set on decline
  Instant created_at;
  std::optional<Instant> responded_at;
  std::vector<TransferHistoryEntry> history;

  [[nodiscard]] bool open() const {
    return status == TransferStatus::kProposed || status == TransferStatus::kRequested;
  }
};

struct TransferRequest {
  std::string id;
  std::string case_id;
  std::string from_agency;
  std::string to_agency;
  std::optional<RegionCode> from_region;
  std::optional<RegionCode> to_region;
  std::string reason;
};

// Opens a transfer. Push: `actor` acts for from_agency, which must be
// `current_owner`. Pull: `actor` acts for to_agency, and from_agency must be
// `current_owner` (Primero: the recipient of a request is the owner).
// Errors: InvalidArgument "transfer.field"; PermissionDenied
// "transfer.wrong_party"; FailedPrecondition "transfer.not_owner" /
// "transfer.already_owner".
Result<Transfer> OpenTransfer(const TransferRequest& request, TransferDirection direction,
                              std::string_view current_owner, const Actor& actor, Instant now);

// Accept / decline (needs a reason) / cancel an open transfer. Only the
// destination answers a push and only the source answers a pull; only the
// initiator cancels. Errors: FailedPrecondition "transfer.transition";
// PermissionDenied "transfer.wrong_party"; InvalidArgument
// "transfer.reason_required".
Result<Transfer> ApplyTransferEvent(const Transfer& transfer, TransferEventKind event,
                                    std::string_view reason, const Actor& actor, Instant now);

// The case owner once `transfer` is settled: to_agency if accepted, else from_agency.
const std::string& OwnerAfter(const Transfer& transfer);

// What a move of the family's domicile means for routing on `on`.
struct MoveAssessment {
  std::string source_office;                 // regency/city social service of `from` ("" if none)
  std::string destination_office;            // regency/city social service of `to`
  std::optional<std::string> centre_before;  // Kemensos centre covering `from`
  std::optional<std::string> centre_after;   // Kemensos centre covering `to`
  // The same centre covers both ends: a centre-led case can stay with it.
  bool centre_continues = false;
  // The destination's centre coverage is confirmed by a source on `on`.
  bool centre_after_confirmed = false;
  std::string explanation;
};

// NotFound "transfer.region_unknown" when either region is not in the table.
Result<MoveAssessment> AssessMove(RegionCode from, RegionCode to, const AgencyRegistry& registry,
                                  Date on);

}  // namespace atensi

#endif  // ATENSI_ROUTING_TRANSFER_H_
