// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Encryption at rest for the SQLite store (issue 9; docs/encryption.md):
// the SQLite side of StoreCrypto (crypto_rotation.h, where what is sealed,
// key registration and the rotation are defined once for both backends).
//
// Sealed (FieldCipher envelopes, one AEAD call per document), stored as a
// BLOB in place of the clear TEXT:
//   children.doc      the Child (name, NIK, birth date, address, guardians)
//   cases.doc         the Case (assessment, plan, narratives, reasons)
//   roster_facts.doc  the DTSEN/roster row a child was imported from
//   referrals.doc, transfers.doc, routing_decisions.doc (schema 8): reasons,
//                     outcomes, rejection / decline reasons, status history
//                     with worker ids, the routing decision's rule texts
//   events.changes    the envelope of a sealed payload (reason left '')
// Replaced by a blind index (hex keyed hash under the current key):
//   children.nik, children.roster_key
// Blanked: children.birth_date ("" when sealed; the date is in the sealed doc).
// Left in clear because queries need them and they do not identify a child:
// region codes, stage, risk, categories, agency and worker ids, timestamps;
// for referrals and transfers the ids, case id, agencies, role / direction,
// status, version and the dates the inbox, outbox and expiry job sort on.
//
// All methods run inside the caller's transaction except Init.

#ifndef ATENSI_SRC_STORE_SQLITE_CRYPTO_H_
#define ATENSI_SRC_STORE_SQLITE_CRYPTO_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "atensi/store/case_store.h"
#include "store/crypto_rotation.h"
#include "store/event_log.h"
#include "store/field_cipher.h"
#include "store/sqlite_db.h"

namespace atensi::store {

class CryptoTables final : public StoreCrypto {
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

 private:
  using Prefix = std::span<const std::uint8_t, kEnvelopePrefixSize>;
  Status LockKeyRegistry() override { return Status::Ok(); }  // the write transaction is enough
  Result<std::optional<StoredKeyCheck>> FindKey(std::uint32_t key_id) override;
  Result<std::int64_t> KeyCount() override;
  Status InsertKey(std::uint32_t key_id, std::span<const std::uint8_t> check) override;
  Result<bool> HoldsRecords() override;
  Status MarkAllSealed() override;
  Result<std::vector<std::uint32_t>> LiveKeyIds() override;
  Result<bool> AllSealed() override;
  Result<std::vector<std::uint32_t>> RetireOtherKeys(std::uint32_t current) override;
  Result<std::uint64_t> CountNotUnder(std::string_view table, Prefix prefix) override;
  Result<std::vector<RekeyDoc>> DocsNotUnder(const SealedTable& t, const std::string& after,
                                             std::size_t limit, Prefix prefix) override;
  Status WriteDoc(const SealedTable& t, const std::string& id, const std::string& sealed) override;
  Status WriteChild(const std::string& id, const std::string& sealed,
                    const std::optional<std::string>& nik,
                    const std::optional<std::string>& roster_key) override;
  Result<std::vector<RekeyPayload>> PayloadsNotUnder(const std::string& after_chain,
                                                     std::int64_t after_seq, std::size_t limit,
                                                     Prefix prefix) override;
  Status WritePayload(const RekeyPayload& row, const std::string& envelope) override;

  Db& db_;
};

}  // namespace atensi::store

#endif  // ATENSI_SRC_STORE_SQLITE_CRYPTO_H_
