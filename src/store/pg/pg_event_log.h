// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// The hash-chained event log over the PostgreSQL schema (pg_schema.h): the
// twin of store/event_log.h. Events are encoded and hashed by the same
// functions (store::EventHash over the same length-prefixed encoding, the
// change set as its exact stored text), and checkpoints are sealed with the
// same root and hash, so a chain or a checkpoint verifies identically on
// both backends and moves between them unchanged.
//
// Appends lock the chain's row in `chains` (SELECT ... FOR UPDATE), so two
// transactions appending to one chain are serialised (the later one fails
// with pg.serialization_failure under REPEATABLE READ and is retried by its
// caller) while appends to different chains never wait on each other.
//
// All methods must be called inside a transaction opened by the caller.

#ifndef ATENSI_SRC_STORE_PG_PG_EVENT_LOG_H_
#define ATENSI_SRC_STORE_PG_PG_EVENT_LOG_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "atensi/status.h"
#include "atensi/store/event.h"
#include "store/event_log.h"
#include "store/pg/pg_conn.h"

namespace atensi::store::pg {

// The column list every event SELECT uses, in the order ReadEvent expects.
inline constexpr const char* kEventColumns =
    "chain_id, seq, kind, at, actor_person, actor_agency, actor_role, actor_rights, action, "
    "reason, changes, state_hash, prev_hash, hash, hash_format, payload_digest, payload_purged_at, "
    "payload_sealed";

// Decodes row `r` of a kEventColumns SELECT; Corruption when a stored value
// cannot be decoded. `changes_text` (optional) receives the change set text
// (the plaintext of a sealed payload). A sealed payload (payload_sealed,
// pg_crypto.h) is opened with `sealer`; FailedPrecondition
// "crypto.key_missing" without one. With `parse_changes` false the change
// set is not parsed (Event::changes stays null, `changes_text` holds it):
// Verify hashes the text and validates the JSON only when a check fails.
Result<Event> ReadEvent(const Rows& rows, int r, std::string* changes_text = nullptr,
                        PayloadSealer* sealer = nullptr, bool parse_changes = true);

// What the chain pass of Verify learns about one chain, for the record
// checks that follow it (PgCaseStore::Verify): one pass over the events
// instead of a GROUP BY and a join per record table.
struct ChainSummary {
  ChainKind kind = ChainKind::kChild;
  std::int64_t max_seq = 0;    // the chain's last event
  std::int64_t own_count = 0;  // its record's own events (a case's: dot-free)
  std::int64_t own_tail = 0;   // seq of the last of them (0: none)
  Sha256Digest own_state{};    // its state hash
  bool has_row = false;        // set by the record checks
};
using ChainSummaries = std::unordered_map<std::string, ChainSummary>;

class PgEventLog {
 public:
  explicit PgEventLog(Conn& conn) : conn_(conn) {}
  // Seals the payload of appended events and opens it on read (must outlive
  // the log; null = payloads in clear).
  void set_sealer(PayloadSealer* sealer) { sealer_ = sealer; }

  // Appends the next event of `in.chain_id`. A chain that does not exist yet
  // is created with home province `province`; with `must_be_new` an existing
  // chain is AlreadyExists "store.exists" (a record id taken), reported when
  // the deferred writes are sent (pg_conn.h), and nothing is read: the
  // event and the new chain row are written without a round trip of their
  // own. The event INSERT and the chain tail write are always deferred.
  Result<Event> Append(const EventInput& in, std::int64_t province, bool must_be_new);

  // All events of a chain in seq order.
  Result<std::vector<Event>> ReadChain(std::string_view chain_id);

  // As EventLog::PurgePayload: tombstones the payload of one format-2 event
  // (reason '', changes '{}', payload_purged_at = at, payload_sealed NULL;
  // the only UPDATE the events trigger lets through besides a re-seal).
  // False when it was already purged; FailedPrecondition
  // "store.event_format_1" for a format-1 event; NotFound when absent.
  Result<bool> PurgePayload(std::string_view chain_id, std::int64_t seq, Instant at);

  // As EventLog::Checkpoint (same refusal on a shrunk chain).
  Result<std::int64_t> Checkpoint(Instant at);

  // As EventLog::Verify: every chain in chain_id order, then every checkpoint.
  // With `summaries`, each verified chain's summary is recorded there.
  Result<VerifyReport> Verify(ChainSummaries* summaries = nullptr);

 private:
  Conn& conn_;
  PayloadSealer* sealer_ = nullptr;
};

}  // namespace atensi::store::pg

#endif  // ATENSI_SRC_STORE_PG_PG_EVENT_LOG_H_
