// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// The audit event log: what every mutation leaves behind.
//
// Every mutation of a child record or a case appends exactly one Event in the
// same transaction as the mutation itself: who acted (person, agency, role,
// rights), what they did (action), why (reason), when, and the before/after
// value of every field that changed. Events cannot be updated or deleted
// through the library (SQL triggers refuse it) and are hash-chained so that an
// edit made behind the library's back is detected by Verify().
//
// Why per-chain hashing plus checkpoints, not one global chain
// -------------------------------------------------------------
// A single global chain (each event hashes the previous event of the whole
// database) makes every writer read and extend one shared tail: two case
// workers acting on unrelated cases would serialise on it, which is harmless
// in an embedded single-writer SQLite file but a bottleneck once the store is
// a multi-writer server (PostgreSQL backend). So each case, and each child
// record, has its own chain (chain_id = the case id or the child id); seq
// counts 1, 2, 3, ... within a chain and each event hashes its predecessor in
// that chain only. Writers on independent cases never touch a common row.
//
// Per-chain hashing alone cannot notice a chain that vanished entirely, or a
// chain whose newest events were cut off: what remains is still internally
// consistent. Checkpoints close that gap. A checkpoint (taken periodically,
// by one writer, e.g. a nightly job or Casebook::Checkpoint()) records the
// tail (seq, hash) of every chain, hashes the sorted list of tails into a
// root, and chains itself to the previous checkpoint. Verify() then checks
// that every tail sealed by every checkpoint still exists with the same hash,
// so deleting or truncating a chain that a checkpoint has seen is detected.
// Events appended after the newest checkpoint are protected by their chain
// only; publishing the newest checkpoint hash outside the database (a printed
// report, another system) anchors the whole set against a rewrite of the
// checkpoints themselves.
//
// Hash: SHA-256 (libsodium crypto_hash_sha256) over a canonical encoding in
// which every field is length-prefixed (8-byte big-endian length, then the
// bytes), integers are 8-byte big-endian, and the domain tag
// "atensi.event.v1" comes first; the previous event's hash (32 zero bytes for
// seq 1) is the last field. `state_hash` is the SHA-256 of the record's stored
// JSON document after the mutation, so the current row of a case or child is
// bound to the tail of its chain as well.
//
// Hash formats. Format 1 (schema 1-5) hashes the reason and the change set
// text directly. Format 2 (schema 6, every new event) hashes, in their place,
// payload_digest = SHA-256("atensi.event_payload.v1", reason, change set
// text) under the tag "atensi.event.v2". The personal payload of an event can
// then be destroyed when its retention period ends (UU 27/2022 art 44) while
// the chain, its checkpoints and the digest stay: Verify checks a present
// payload against its digest and accepts a purged one (a tombstone) by the
// digest alone. The digest is over the plaintext, so an encrypted payload
// keeps the same digest across key rotation.

#ifndef ATENSI_STORE_EVENT_H_
#define ATENSI_STORE_EVENT_H_

#include <array>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "atensi/actor.h"
#include "atensi/clock.h"

namespace atensi {

// A SHA-256 digest.
using Sha256Digest = std::array<std::uint8_t, 32>;

// What an event chain belongs to. Stable numeric values (stored).
enum class ChainKind : std::uint8_t {
  kChild = 1,  // chain_id is a child id
  kCase = 2,   // chain_id is a case id
  // Store-wide events (key rotation, docs/encryption.md): chain_id
  // "atensi.store"; no record row belongs to it.
  kStore = 3,
};

// The chain id of the store-wide chain (ChainKind::kStore).
inline constexpr std::string_view kStoreChain = "atensi.store";

// One stored audit event.
struct Event {
  std::string chain_id;  // the case id or child id this event belongs to
  ChainKind kind = ChainKind::kCase;
  std::int64_t seq = 0;  // 1, 2, 3, ... within the chain
  Instant at;
  Actor actor;
  std::string action;  // stable action name, e.g. "open_case", "advance_stage"
  std::string reason;  // free text or rule id given by the actor; may be empty
  // {"field": {"before": ..., "after": ...}, ...} for every changed field.
  nlohmann::json changes = nlohmann::json::object();
  Sha256Digest state_hash{};  // SHA-256 of the record document after the event
  Sha256Digest prev_hash{};   // hash of event seq-1 of the same chain; zeros for seq 1
  Sha256Digest hash{};        // hash of this event
  // How `hash` was computed (see "Hash formats" above): 1 over the reason and
  // change set text, 2 over payload_digest. Append writes kEventHashFormat;
  // rows written before schema 6 read back as 1.
  std::int64_t hash_format = 1;
  // Format 2: PayloadDigest(reason, change set text) of the plaintext
  // payload, as committed to by `hash`. Zeros for format 1.
  Sha256Digest payload_digest{};
  // Set when the payload (reason and changes) was destroyed by a purge; the
  // event then reads back with an empty reason and an empty change set and
  // verifies by payload_digest alone (a tombstone).
  std::optional<Instant> payload_purged_at;
};

// The hash format new events are written with.
inline constexpr std::int64_t kEventHashFormat = 2;

// Where Verify() found the first inconsistency.
struct BrokenLink {
  enum class Where : std::uint8_t {
    kEvent = 1,       // an event in chain `chain_id` at `seq`
    kCheckpoint = 2,  // checkpoint number `seq` (chain_id names the chain when relevant)
    kRecord = 3,      // the current case/child row `chain_id` disagrees with its chain
  };
  Where where = Where::kEvent;
  std::string chain_id;
  std::int64_t seq = 0;
  // Stable id of what mismatched: "event.hash_mismatch", "event.prev_hash_mismatch",
  // "event.seq_gap", "checkpoint.hash_mismatch", "checkpoint.prev_hash_mismatch",
  // "checkpoint.root_mismatch", "checkpoint.tail_missing", "checkpoint.tail_hash_mismatch",
  // "checkpoint.seq_gap", "record.no_events", "record.state_mismatch", "record.version_mismatch",
  // "event.payload_mismatch" (format 2: the payload no longer hashes to payload_digest, or a
  // purged event still holds a payload).
  std::string reason;
};

// Result of verifying the whole log.
struct VerifyReport {
  bool ok = true;
  std::int64_t events_checked = 0;
  std::int64_t chains_checked = 0;
  std::int64_t checkpoints_checked = 0;
  std::optional<BrokenLink> first_broken;  // set iff !ok
};

// "event" / "checkpoint" / "record".
std::string_view Name(BrokenLink::Where where) noexcept;

}  // namespace atensi

#endif  // ATENSI_STORE_EVENT_H_
