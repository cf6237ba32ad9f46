// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Encryption at rest for the SQLite store (issue 9; docs/encryption.md):
// which columns are sealed, the blind indexes that replace plaintext lookup
// columns, key registration at open and key rotation.
//
// Sealed (FieldCipher envelopes, one AEAD call per document):
//   children.doc      the Child (name, NIK, birth date, address, guardians)
//   cases.doc         the Case (assessment, plan, narratives, reasons)
//   roster_facts.doc  the DTSEN/roster row a child was imported from
//   referrals.doc, transfers.doc, routing_decisions.doc (schema 8): reasons,
//                     outcomes, rejection / decline reasons, status history
//                     with worker ids, the routing decision's rule texts
// Replaced by a blind index (hex keyed hash under the current key):
//   children.nik, children.roster_key
// Blanked: children.birth_date ("" when sealed; the date is in the sealed doc).
// Left in clear because queries need them and they do not identify a child:
// region codes, stage, risk, categories, agency and worker ids, timestamps;
// for referrals and transfers the ids, case id, agencies, role / direction,
// status, version and the dates the inbox, outbox and expiry job sort on.
//
// All methods run inside the caller's transaction.

#ifndef ATENSI_SRC_STORE_SQLITE_CRYPTO_H_
#define ATENSI_SRC_STORE_SQLITE_CRYPTO_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "atensi/store/case_store.h"
#include "store/event_log.h"
#include "store/field_cipher.h"
#include "store/sqlite_db.h"

namespace atensi::store {

// Blind-index purposes.
inline constexpr std::string_view kNikIndex = "nik";
inline constexpr std::string_view kRosterKeyIndex = "roster_key";

class CryptoTables final : public PayloadSealer {
 public:
  explicit CryptoTables(Db& db) : db_(db) {}

  // Loads the store's key state and registers options.key (write
  // transaction of its own; call once after Migrate).
  Status Init(const SqliteStoreOptions& options);

  // Seals `plaintext`, the `field` of row `row_id` of `table` (a
  // passthrough when the store is not encrypted and no key is set).
  Result<std::string> Seal(std::string_view table, std::string_view row_id,
                           std::string_view plaintext) const;
  // Binds a value returned by Seal: a BLOB when sealed, TEXT when not.
  static void BindSealed(Stmt& q, int index, const std::string& stored);
  // Opens a stored document (FieldCipher::Open).
  Result<std::string> Open(std::string_view table, std::string_view row_id,
                           std::span<const std::uint8_t> stored);

  // The value to store in a lookup column for `value` (its blind index).
  Result<std::optional<std::string>> IndexColumn(std::string_view purpose,
                                                 const std::optional<std::string>& value) const;
  // The lookup-column values that may hold `value` (one per live key).
  Result<std::vector<std::string>> LookupValues(std::string_view purpose, std::string_view value);
  // Whether birth_date and other derived clear columns must be blanked.
  [[nodiscard]] bool sealing() const { return cipher_.has_current(); }

  // PayloadSealer: the payload of every child and case event is sealed,
  // including privacy.* and referral / transfer / routing events (schema 8:
  // Verify pairs those with their rows by events.subject_id); only the store
  // chain (key rotation: ids and counts) stays in clear. AD: table "events",
  // row "<chain_id>#<seq>", field "payload".
  Result<std::optional<std::string>> SealPayload(std::string_view chain_id, std::int64_t seq,
                                                 ChainKind kind, std::string_view action,
                                                 std::string_view reason,
                                                 std::string_view changes_text) const override;
  [[nodiscard]] bool IsSealedPayload(std::span<const std::uint8_t> stored) const override;
  Result<std::pair<std::string, std::string>> OpenPayload(
      std::string_view chain_id, std::int64_t seq, std::span<const std::uint8_t> stored) override;

  // CaseStore encryption methods.
  Result<EncryptionInfo> Info();
  Status BeginRotation(const EncryptionKey& new_key);
  Result<std::uint64_t> RekeyBatch(RekeyCursor& cursor, std::size_t limit);
  Result<std::vector<std::uint32_t>> FinishRotation();

 private:
  // Registers `key` in crypto_keys or checks it against its stored check.
  Status Register(const EncryptionKey& key);
  Status LoadState();
  Result<std::uint64_t> RekeyChildren(std::string& after, std::size_t limit);
  Result<std::uint64_t> RekeyDocs(std::string_view table, std::string_view id_column,
                                  std::string& after, std::size_t limit);
  Result<std::uint64_t> RekeyEvents(std::string& after, std::size_t limit);
  Result<std::uint64_t> CountPending();

  Db& db_;
  FieldCipher cipher_;
  std::vector<std::uint32_t> live_keys_;
};

}  // namespace atensi::store

#endif  // ATENSI_SRC_STORE_SQLITE_CRYPTO_H_
