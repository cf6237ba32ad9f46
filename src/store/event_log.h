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
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "atensi/status.h"
#include "atensi/store/event.h"
#include "store/sqlite_db.h"

namespace atensi::store {

// SHA-256 of `bytes` (libsodium).
Sha256Digest Sha256(std::string_view bytes);

// The digest a format-2 event commits to in place of its payload: SHA-256
// over the tag "atensi.event_payload.v1", `reason` and the change set text,
// each length-prefixed. Always over the PLAINTEXT (an encrypted payload keeps
// its digest across keys).
Sha256Digest PayloadDigest(std::string_view reason, std::string_view changes_text);

// Every hashed field of an event, as views: the one place the event hash
// encoding is defined (EventHash for a decoded Event, RowEventHash for a row
// read in place). Format 1 hashes reason and changes; format 2 hashes
// payload_digest in their place under its own tag.
struct EventHashFields {
  std::string_view chain_id;
  std::uint64_t kind = 0;
  std::int64_t seq = 0;
  std::int64_t at = 0;
  std::string_view person;
  std::string_view agency;
  std::uint64_t role = 0;
  std::uint64_t rights = 0;
  std::string_view action;
  std::string_view reason;   // format 1 only
  std::string_view changes;  // format 1 only
  std::span<const std::uint8_t> state_hash;
  std::span<const std::uint8_t> prev_hash;
  std::int64_t format = 1;
  std::span<const std::uint8_t> payload_digest;  // format 2 only
};

// The hash of the event whose fields are `f`: the canonical encoding
// (EventHash for a decoded Event and Verify's row hash both feed it).
Sha256Digest HashEventFields(const EventHashFields& f);

// The hash of an event: SHA-256 over the canonical length-prefixed encoding of
// every field of `e` except `hash` (prev_hash last). Format 1
// (e.hash_format == 1) hashes e.reason and the change set as the exact stored
// text `changes_text`; format 2 hashes e.payload_digest in their place
// (`changes_text` unused). The only definition of the encoding: Verify's
// in-place row hash feeds the same bytes.
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
  // When not empty: the change set as its exact dump() text, stored and
  // hashed as is instead of `changes` (EventDraft::changes_text); the
  // returned Event's `changes` is then null.
  std::string changes_text;
  Sha256Digest state_hash{};
  // The referral / transfer / routing row a dotted event is about (the id
  // its change set names under "<kind>_id".after), stored in clear in
  // events.subject_id (schema 8) so Verify pairs rows and events without
  // opening a sealed or purged payload. Empty for every other event.
  std::string subject_id;
};

// The id a subject event's change set names: changes["<kind>_id"]["after"]
// for an action "<kind>.<event>" with <kind> referral, transfer or routing
// (a string, or a number's text, as json_extract reads it); nullopt when the
// action is not a subject action or the change set names no row.
std::optional<std::string> SubjectIdNamed(std::string_view action, const nlohmann::json& changes);

struct ChainTail {
  std::int64_t seq = 0;
  Sha256Digest hash{};
};

// Checkpoint encoding, shared by every backend so a checkpoint verifies the
// same wherever it was sealed: the root over all chain tails (in chain_id
// order) and the checkpoint's own hash.
using ChainTails = std::map<std::string, ChainTail>;
Sha256Digest CheckpointRoot(const ChainTails& tails);
Sha256Digest CheckpointDigest(std::int64_t seq, std::int64_t at, std::int64_t chain_count,
                              const Sha256Digest& root, const Sha256Digest& prev);

// The chains a new checkpoint seals anew (not sealed yet, or grown since),
// comparing the tails sealed so far with the current ones. Corruption
// "store.chain_shrunk" when a sealed chain is shorter, differs at its sealed
// tail, or has disappeared: a checkpoint never launders a tampered log.
Result<std::vector<std::pair<std::string, ChainTail>>> CheckpointDelta(const ChainTails& sealed,
                                                                       const ChainTails& current);

// The column list every event SELECT uses, in the order ReadEventRow expects.
inline constexpr const char* kEventColumns =
    "chain_id, seq, kind, at, actor_person, actor_agency, actor_role, actor_rights, action, "
    "reason, changes, state_hash, prev_hash, hash, hash_format, payload_digest, payload_purged_at";

// Decodes one row selected with kEventColumns. Corruption when a stored value
// cannot be decoded (JSON, digest size, enum value).
// Encryption at rest of event payloads (sqlite_crypto.h): the reason and
// change set of a sealed event are stored as one envelope in `changes`, with
// `reason` empty. The payload digest (format 2) stays over the plaintext.
class PayloadSealer {
 public:
  virtual ~PayloadSealer() = default;
  // The envelope to store for this payload, or nullopt to store it in clear.
  virtual Result<std::optional<std::string>> SealPayload(std::string_view chain_id,
                                                         std::int64_t seq, ChainKind kind,
                                                         std::string_view action,
                                                         std::string_view reason,
                                                         std::string_view changes_text) const = 0;
  // Whether a stored `changes` value is a sealed payload.
  [[nodiscard]] virtual bool IsSealedPayload(std::span<const std::uint8_t> stored) const = 0;
  // The plaintext (reason, change set text) of a sealed payload.
  virtual Result<std::pair<std::string, std::string>> OpenPayload(
      std::string_view chain_id, std::int64_t seq, std::span<const std::uint8_t> stored) = 0;
};

// `sealer` (may be null) opens sealed payloads.
Result<Event> ReadEventRow(const Stmt& row, PayloadSealer* sealer = nullptr);

// Index of events.subject_id in the rows EventLog::Verify hands to its
// observer (kEventColumns followed by subject_id; SQLite schema 8).
inline constexpr int kVerifyColSubjectId = 17;

// Sees each event row EventLog::Verify has verified (kEventColumns then
// subject_id, in (chain_id, seq) order), read in place: the record checks ride on the same
// ordered pass (record_verifier.h). An error Status aborts Verify.
class EventRowObserver {
 public:
  virtual ~EventRowObserver() = default;
  virtual Status OnEvent(const Stmt& row) = 0;
  // Forgets every row seen so far: Verify's pass starts again from the
  // first event (after the pipelined pass found a broken link).
  virtual void Reset() = 0;
  // Called once at the end of a pipelined chain pass that found no broken
  // link: waits for the work the observer handed to threads of its own
  // (record_verifier.h, StartParallel). False (that work failed with an
  // error) hands over to the sequential pass, like an OnEvent error.
  virtual bool Drain() { return true; }
};

class EventLog {
 public:
  explicit EventLog(Db& db) : db_(db) {}
  // Seals the payload of appended events and opens it on read (must outlive
  // the log; null = payloads in clear).
  void set_sealer(PayloadSealer* sealer) { sealer_ = sealer; }

  // Appends the next event of `in.chain_id` and returns it as stored. `in`
  // is taken by value: its change set moves into the returned Event.
  Result<Event> Append(EventInput in);

  // The newest event's (seq, hash) of a chain; nullopt when the chain is empty.
  Result<std::optional<ChainTail>> Tail(std::string_view chain_id);

  // All events of a chain in seq order.
  Result<std::vector<Event>> ReadChain(std::string_view chain_id);

  // Destroys the payload (reason and change set) of event `seq` of
  // `chain_id`, leaving a tombstone that verifies by its payload_digest:
  // reason becomes "", changes "{}", payload_purged_at `at`. Returns true
  // when a payload was destroyed, false when the event was already a
  // tombstone. FailedPrecondition "store.event_format_1" for a format-1 event
  // (its hash covers the payload text, so it cannot be purged verifiably);
  // NotFound when there is no such event. Must run in a write transaction.
  Result<bool> PurgePayload(std::string_view chain_id, std::int64_t seq, Instant at);

  // Seals the current tail of every chain into a new checkpoint and returns
  // its number. Refuses (Corruption "store.chain_shrunk") when a chain sealed
  // by an earlier checkpoint is now shorter or differs at its sealed tail, so
  // a checkpoint never launders a tampered log.
  Result<std::int64_t> Checkpoint(Instant at);

  // Recomputes every chain (seq contiguity from 1, prev_hash links, hashes)
  // in chain_id order, then every checkpoint (own chain, root over the tails,
  // sealed tails still present). Stops at the first broken link. A subject
  // event whose payload is present must name its subject_id
  // ("event.subject_mismatch").
  // The chain pass runs pipelined over two threads when the machine has
  // two cores (verify_pipeline.h); the report is the same either way.
  Result<VerifyReport> Verify(EventRowObserver* observer = nullptr);

  // Whether Verify may use the pipelined chain pass (default true; tests
  // turn it off to compare both passes).
  void set_parallel_verify(bool on) { parallel_ = on; }

  // Forgets the chain tails Append remembered. Append keeps the tail of each
  // chain it appended to, so the next event of that chain needs no tail read
  // (a routed case appends ~5 events to its chain in one operation). The
  // remembered tails are valid only while nothing is rolled back: the store
  // calls this when each operation's scope (transaction, savepoint or joined
  // write) begins and ends, so a tail never outlives the scope that wrote it.
  void ForgetTails() { tails_.clear(); }
  [[nodiscard]] bool parallel_verify() const { return parallel_; }

 private:
  // The pipelined chain pass: true when every chain verified (report holds
  // the counts and `observer` saw every row), false when a row failed some
  // check or an error occurred (the caller re-runs the sequential pass).
  bool VerifyChainsPipelined(EventRowObserver* observer, VerifyReport& report);

  Db& db_;
  PayloadSealer* sealer_ = nullptr;
  bool parallel_ = true;
  // Tails appended in the current operation scope (ForgetTails).
  std::map<std::string, ChainTail, std::less<>> tails_;
};

}  // namespace atensi::store

#endif  // ATENSI_SRC_STORE_EVENT_LOG_H_
