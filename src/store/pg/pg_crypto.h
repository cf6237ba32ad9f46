// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Encryption at rest for the PostgreSQL store (docs/encryption.md): the
// PostgreSQL side of StoreCrypto (crypto_rotation.h, where the rules are
// defined once for both backends): the same FieldCipher envelopes,
// associated data, blind indexes, key checks and rotation order as SQLite,
// so a sealed record means the same on both backends.
//
// Storage differs only where PostgreSQL types force it (pg_schema.cpp,
// migration 5): a text column cannot hold an envelope's bytes, so a sealed
// document is stored as doc = '' plus doc_sealed (bytea), and a sealed event
// payload as reason = '', changes = '' plus payload_sealed (bytea).
//
// Sealed: children.doc, cases.doc, roster_facts.doc, and since schema 7
// (= SQLite 8) referrals.doc, transfers.doc, routing_decisions.doc, and the
// payload of every child and case event (referral/transfer/routing events
// included; events.subject_id names their row in clear). Blind indexes replace
// children.nik / roster_key and the child_keys uniqueness keys; birth_date is
// blanked. Region codes, stage, risk, categories, agency and worker ids and
// timestamps stay in clear (queries need them; they identify no child).
//
// All methods run inside the caller's transaction except Init.

#ifndef ATENSI_SRC_STORE_PG_PG_CRYPTO_H_
#define ATENSI_SRC_STORE_PG_PG_CRYPTO_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "atensi/store/case_store.h"
#include "store/crypto_rotation.h"
#include "store/event_log.h"
#include "store/field_cipher.h"
#include "store/pg/pg_conn.h"

namespace atensi::store::pg {

// Blind-index purposes (crypto_rotation.h).
inline constexpr std::string_view kNikPurpose = kNikIndex;
inline constexpr std::string_view kRosterKeyPurpose = kRosterKeyIndex;

// The two columns a sealable document is read from, in this order.
inline constexpr const char* kDocColumns = "doc, doc_sealed";

// A document as it is stored: clear text, or '' plus its envelope.
struct StoredDoc {
  std::string text;
  std::optional<std::string> sealed;
};

class PgCrypto final : public StoreCrypto {
 public:
  explicit PgCrypto(Conn& conn) : conn_(conn) {}

  // Loads the key state and registers `key` (null = none) in a transaction
  // of its own. PermissionDenied "crypto.wrong_key", FailedPrecondition
  // "crypto.key_retired" as on SQLite.
  Status Init(const std::shared_ptr<const EncryptionKey>& key, KeyProvider provider);

  // Seals the `doc` of row `row_id` of `table` (clear when the store is not
  // encrypted and no key is set; crypto.key_missing when it is encrypted and
  // no key is set).
  Result<StoredDoc> SealDoc(std::string_view table, std::string_view row_id,
                            std::string_view plaintext) const;
  // Adds the (doc, doc_sealed) values of `d` to `p`; returns "$a, $b".
  static std::string AddDoc(Params& p, const StoredDoc& d);
  // Opens the document in columns (col, col + 1) = kDocColumns of row `r`.
  Result<std::string> OpenDoc(std::string_view table, std::string_view row_id, const Rows& rows,
                              int r, int col);

 private:
  using Prefix = std::span<const std::uint8_t, kEnvelopePrefixSize>;
  Status LockKeyRegistry() override;
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

  Conn& conn_;
};

}  // namespace atensi::store::pg

#endif  // ATENSI_SRC_STORE_PG_PG_CRYPTO_H_
