// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Encryption at rest, backend-neutral (issue 9; docs/encryption.md): what a
// store seals, how an event payload is sealed, key registration and the key
// rotation driver. The SQLite store (sqlite_crypto.h) and the PostgreSQL
// store (pg/pg_crypto.h) each supply only their SQL through the hooks of
// StoreCrypto; the rules live here once.
//
// Why (law): UU 27/2022 (PDP) art. 4 (children's data and crime records are
// specific personal data), art. 35 and 39 (the controller protects personal
// data it processes against unauthorised access, with encryption among the
// measures), art. 46 (a leak is a notifiable breach); UU 35/2014 art. 64
// (the identity of a child in conflict with the law is secret).
//
// Sealed: the `doc` of every table in kSealedTables, and the payload
// (reason + change set) of every format-2 child or case event that is not
// purged (kSealableEvent). Blind indexes replace children.nik / roster_key.
// The store chain (key rotation: ids and counts) stays in clear.
//
// Rotation (RekeyCursor::table): 0 children, 1 cases, 2 roster_facts,
// 3 event payloads, then 4 referrals, 5 transfers, 6 routing_decisions
// (schema 8; after the events so a cursor saved by an older build keeps its
// meaning), `limit` records per call, resumable. When no record is left
// under another key, FinishRotation retires every other key and marks the
// store all-sealed.

#ifndef ATENSI_SRC_STORE_CRYPTO_ROTATION_H_
#define ATENSI_SRC_STORE_CRYPTO_ROTATION_H_

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "atensi/crypto/key.h"
#include "atensi/store/case_store.h"
#include "store/event_log.h"
#include "store/field_cipher.h"

namespace atensi::store {

// Blind-index purposes.
inline constexpr std::string_view kNikIndex = "nik";
inline constexpr std::string_view kRosterKeyIndex = "roster_key";

// A table whose `doc` is sealed, and the column that names its row (the
// row id of the envelope's associated data).
struct SealedTable {
  std::string_view table;
  std::string_view id_column;
};
inline constexpr std::array<SealedTable, 6> kSealedTables = {{
    {"children", "id"},
    {"cases", "id"},
    {"roster_facts", "child_id"},
    {"referrals", "id"},
    {"transfers", "id"},
    {"routing_decisions", "case_id"},
}};

// The kSealedTables entry of `table`, or null.
const SealedTable* FindSealedTable(std::string_view table);

// Events whose payload is sealed (SQL predicate, both backends): every
// format-2 child or case event whose payload was not purged.
inline constexpr const char* kSealableEvent =
    "hash_format = 2 AND payload_purged_at IS NULL AND kind IN (1, 2)";
// The same rule for one event row.
bool IsSealableEvent(std::int64_t hash_format, bool purged, std::int64_t kind);

// The associated-data row id of an event: "<chain_id>#<seq>".
std::string EventRowId(std::string_view chain_id, std::int64_t seq);

// The envelope of an event payload (reason, change set text) under the
// cipher's current key; crypto.key_missing without one.
Result<std::string> SealEventPayload(const FieldCipher& cipher, std::string_view chain_id,
                                     std::int64_t seq, std::string_view reason,
                                     std::string_view changes_text);
// The (reason, change set text) of a sealed event payload.
Result<std::pair<std::string, std::string>> OpenEventPayload(FieldCipher& cipher,
                                                             std::string_view chain_id,
                                                             std::int64_t seq,
                                                             std::span<const std::uint8_t> stored);

// A PayloadSealer over a FieldCipher: opens sealed payloads (and seals new
// ones under the current key, every child and case event).
class CipherPayloadSealer : public PayloadSealer {
 public:
  explicit CipherPayloadSealer(FieldCipher& cipher) : payload_cipher_(cipher) {}
  Result<std::optional<std::string>> SealPayload(std::string_view chain_id, std::int64_t seq,
                                                 ChainKind kind, std::string_view action,
                                                 std::string_view reason,
                                                 std::string_view changes_text) const override;
  [[nodiscard]] bool IsSealedPayload(std::span<const std::uint8_t> stored) const override;
  Result<std::pair<std::string, std::string>> OpenPayload(
      std::string_view chain_id, std::int64_t seq, std::span<const std::uint8_t> stored) override;

 private:
  FieldCipher& payload_cipher_;
};

// The Child in a stored (opened) child document; Corruption
// "store.bad_document" when it is not one.
Result<Child> ChildOfDocument(std::string_view plain);

// A document as the rotation reads it: its row id and the stored value
// (an envelope, or clear text while the store is not all-sealed).
struct RekeyDoc {
  std::string id;
  std::string stored;
};

// An event payload as the rotation reads it. `province` is the backend's
// own locator of the row (PostgreSQL's partition key; 0 on SQLite).
struct RekeyPayload {
  std::string chain_id;
  std::int64_t seq = 0;
  std::int64_t province = 0;
  std::string reason;
  std::string stored;  // changes: an envelope, or the clear change set text
};

// The key registry row of one key id.
struct StoredKeyCheck {
  std::vector<std::uint8_t> check;
  bool retired = false;
};

// The cipher a StoreCrypto owns (a base, so it is built before the payload
// sealer that refers to it).
struct OwnedCipher {
  FieldCipher cipher_;
};

// Encryption at rest of one store: key registration, sealing of event
// payloads (CipherPayloadSealer: the payload of every child and case event,
// referral / transfer / routing and privacy events included; the store
// chain stays in clear), blind indexes and the key rotation, over a
// backend's SQL hooks. Every method runs inside the caller's transaction.
// Not thread-safe (the store is used under the Casebook's mutex).
class StoreCrypto : protected OwnedCipher, public CipherPayloadSealer {
 public:
  StoreCrypto() : CipherPayloadSealer(cipher_) {}
  StoreCrypto(const StoreCrypto&) = delete;
  StoreCrypto& operator=(const StoreCrypto&) = delete;
  ~StoreCrypto() override = default;

  // The value to store in a lookup column for `value` (its blind index
  // under the current key; the value itself in a clear store).
  Result<std::optional<std::string>> IndexColumn(std::string_view purpose,
                                                 const std::optional<std::string>& value) const;
  // The lookup-column values that may hold `value` (one per live key).
  Result<std::vector<std::string>> LookupValues(std::string_view purpose, std::string_view value);
  // Whether writes are sealed (birth_date and other derived clear columns
  // are then blanked).
  [[nodiscard]] bool sealing() const { return cipher_.has_current(); }

  // The CaseStore encryption methods (case_store.h).
  Result<EncryptionInfo> Info();
  // Registers `new_key` (or checks it) and makes it current.
  Status BeginRotation(const EncryptionKey& new_key);
  // Re-seals up to `limit` records not under the current key, in rotation
  // order from `cursor`; returns how many. InvalidArgument
  // "crypto.bad_cursor" for a cursor out of range.
  Result<std::uint64_t> RekeyBatch(RekeyCursor& cursor, std::size_t limit);
  // Retires every other key once no record is left under one and marks the
  // store all-sealed; returns the retired ids (ascending).
  // FailedPrecondition "crypto.rotation_incomplete" otherwise.
  Result<std::vector<std::uint32_t>> FinishRotation();

 protected:
  // Sets the provider, registers `key` (null = none: PermissionDenied
  // "crypto.wrong_key", FailedPrecondition "crypto.key_retired") and loads
  // the key state. Runs inside the derived class's transaction.
  Status LoadKeys(const EncryptionKey* key, KeyProvider provider);

  // --- Backend hooks: SQL only, no rule. ---
  // Serialises concurrent registrations of a first key (may do nothing).
  virtual Status LockKeyRegistry() = 0;
  // The registry row of `key_id`, or nullopt.
  virtual Result<std::optional<StoredKeyCheck>> FindKey(std::uint32_t key_id) = 0;
  virtual Result<std::int64_t> KeyCount() = 0;
  virtual Status InsertKey(std::uint32_t key_id, std::span<const std::uint8_t> check) = 0;
  // Whether any table of kSealedTables holds a row.
  virtual Result<bool> HoldsRecords() = 0;
  // Sets crypto_state 'all_sealed' to 1.
  virtual Status MarkAllSealed() = 0;
  // The unretired key ids, ascending.
  virtual Result<std::vector<std::uint32_t>> LiveKeyIds() = 0;
  // crypto_state 'all_sealed' (false when absent).
  virtual Result<bool> AllSealed() = 0;
  // Retires every unretired key but `current`; returns their ids.
  virtual Result<std::vector<std::uint32_t>> RetireOtherKeys(std::uint32_t current) = 0;
  // The rows of `t` (kEventsTable: the sealable events) whose value is not
  // an envelope under the key with envelope prefix `prefix`.
  virtual Result<std::uint64_t> CountNotUnder(
      std::string_view table, std::span<const std::uint8_t, kEnvelopePrefixSize> prefix) = 0;
  // Up to `limit` rows of `t` after id `after` (id order) not under
  // `prefix`.
  virtual Result<std::vector<RekeyDoc>> DocsNotUnder(
      const SealedTable& t, const std::string& after, std::size_t limit,
      std::span<const std::uint8_t, kEnvelopePrefixSize> prefix) = 0;
  // Writes a re-sealed document.
  virtual Status WriteDoc(const SealedTable& t, const std::string& id,
                          const std::string& sealed) = 0;
  // Writes a re-sealed child with its blind indexes (birth_date blanked).
  virtual Status WriteChild(const std::string& id, const std::string& sealed,
                            const std::optional<std::string>& nik,
                            const std::optional<std::string>& roster_key) = 0;
  // Up to `limit` sealable events after (chain, seq) not under `prefix`.
  virtual Result<std::vector<RekeyPayload>> PayloadsNotUnder(
      const std::string& after_chain, std::int64_t after_seq, std::size_t limit,
      std::span<const std::uint8_t, kEnvelopePrefixSize> prefix) = 0;
  // Writes a re-sealed payload (reason '', the envelope in place).
  virtual Status WritePayload(const RekeyPayload& row, const std::string& envelope) = 0;

  // The name CountNotUnder uses for the sealable events.
  static constexpr std::string_view kEventsTable = "events";

  std::vector<std::uint32_t> live_keys_;

 private:
  Status Register(const EncryptionKey& key);
  Status LoadState();
  Result<std::uint64_t> CountPending();
  Result<std::uint64_t> RekeyChildren(std::string& after, std::size_t limit);
  Result<std::uint64_t> RekeyDocs(const SealedTable& t, std::string& after, std::size_t limit);
  Result<std::uint64_t> RekeyEvents(std::string& after, std::size_t limit);
};

}  // namespace atensi::store

#endif  // ATENSI_SRC_STORE_CRYPTO_ROTATION_H_
