// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// The hash-chained event log over the SQLite schema (see
// include/atensi/store/event.h for why chains are per case / per child and
// sealed by checkpoints). Generic: it knows chain ids, sequence numbers and
// JSON change sets, nothing about cases.
//
// All methods must be called inside a transaction opened by the caller
// (Append and Checkpoint inside a write transaction).

#ifndef ATENSI_SRC_STORE_EVENT_LOG_H_
#define ATENSI_SRC_STORE_EVENT_LOG_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "atensi/status.h"
#include "atensi/store/event.h"
#include "store/sqlite_db.h"

namespace atensi::store {

// SHA-256 of `bytes` (libsodium).
Sha256Digest Sha256(std::string_view bytes);

// The hash of an event: SHA-256 over the canonical length-prefixed encoding of
// every field of `e` except `hash` (prev_hash last), with the change set as
// the exact stored text `changes_text`.
Sha256Digest EventHash(const Event& e, std::string_view changes_text);

// What a caller supplies to append an event; seq, prev_hash and hash are
// filled in by the log.
struct EventInput {
  std::string chain_id;
  ChainKind kind = ChainKind::kCase;
  Instant at;
  Actor actor;
  std::string action;
  std::string reason;
  nlohmann::json changes = nlohmann::json::object();
  Sha256Digest state_hash{};
};

struct ChainTail {
  std::int64_t seq = 0;
  Sha256Digest hash{};
};

// The column list every event SELECT uses, in the order ReadEventRow expects.
inline constexpr const char* kEventColumns =
    "chain_id, seq, kind, at, actor_person, actor_agency, actor_role, actor_rights, action, "
    "reason, changes, state_hash, prev_hash, hash";

// Decodes one row selected with kEventColumns. Corruption when a stored value
// cannot be decoded (JSON, digest size, enum value).
Result<Event> ReadEventRow(const Stmt& row);

class EventLog {
 public:
  explicit EventLog(Db& db) : db_(db) {}

  // Appends the next event of `in.chain_id` and returns it as stored.
  Result<Event> Append(const EventInput& in);

  // The newest event's (seq, hash) of a chain; nullopt when the chain is empty.
  Result<std::optional<ChainTail>> Tail(std::string_view chain_id);

  // All events of a chain in seq order.
  Result<std::vector<Event>> ReadChain(std::string_view chain_id);

  // Seals the current tail of every chain into a new checkpoint and returns
  // its number. Refuses (Corruption "store.chain_shrunk") when a chain sealed
  // by an earlier checkpoint is now shorter or differs at its sealed tail, so
  // a checkpoint never launders a tampered log.
  Result<std::int64_t> Checkpoint(Instant at);

  // Recomputes every chain (seq contiguity from 1, prev_hash links, hashes)
  // in chain_id order, then every checkpoint (own chain, root over the tails,
  // sealed tails still present). Stops at the first broken link.
  Result<VerifyReport> Verify();

 private:
  Db& db_;
};

}  // namespace atensi::store

#endif  // ATENSI_SRC_STORE_EVENT_LOG_H_
