// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Encryption at rest for the PostgreSQL store (docs/encryption.md; the SQLite
// twin is store/sqlite_crypto.h, whose rules this follows exactly): the
// same FieldCipher envelopes, associated data, blind indexes, key checks and
// rotation order, so a sealed record means the same on both backends.
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
#include "store/event_log.h"
#include "store/field_cipher.h"
#include "store/pg/pg_conn.h"

namespace atensi::store::pg {

// Blind-index purposes (as sqlite_crypto.h).
inline constexpr std::string_view kNikPurpose = "nik";
inline constexpr std::string_view kRosterKeyPurpose = "roster_key";

// The two columns a sealable document is read from, in this order.
inline constexpr const char* kDocColumns = "doc, doc_sealed";

// A document as it is stored: clear text, or '' plus its envelope.
struct StoredDoc {
  std::string text;
  std::optional<std::string> sealed;
};

class PgCrypto final : public PayloadSealer {
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

  // The value to store in a lookup column for `value` (its blind index).
  Result<std::optional<std::string>> IndexColumn(std::string_view purpose,
                                                 const std::optional<std::string>& value) const;
  // The lookup-column values that may hold `value` (one per live key).
  Result<std::vector<std::string>> LookupValues(std::string_view purpose, std::string_view value);
  // Whether writes are sealed (birth_date is then blanked).
  [[nodiscard]] bool sealing() const { return cipher_.has_current(); }

  // PayloadSealer (sqlite_crypto.h rules: every child and case event is
  // sealed; the store chain stays in clear). AD: table "events", row
  // "<chain_id>#<seq>", "payload".
  Result<std::optional<std::string>> SealPayload(std::string_view chain_id, std::int64_t seq,
                                                 ChainKind kind, std::string_view action,
                                                 std::string_view reason,
                                                 std::string_view changes_text) const override;
  [[nodiscard]] bool IsSealedPayload(std::span<const std::uint8_t> stored) const override;
  Result<std::pair<std::string, std::string>> OpenPayload(
      std::string_view chain_id, std::int64_t seq, std::span<const std::uint8_t> stored) override;

  // The CaseStore encryption methods.
  Result<EncryptionInfo> Info();
  Status BeginRotation(const EncryptionKey& new_key);
  Result<std::uint64_t> RekeyBatch(RekeyCursor& cursor, std::size_t limit);
  Result<std::vector<std::uint32_t>> FinishRotation();

 private:
  Status Register(const EncryptionKey& key);
  Status LoadState();
  Result<std::uint64_t> RekeyChildren(std::string& after, std::size_t limit);
  Result<std::uint64_t> RekeyDocs(std::string_view table, std::string_view id_column,
                                  std::string& after, std::size_t limit);
  Result<std::uint64_t> RekeyEvents(std::string& after, std::size_t limit);
  Result<std::uint64_t> CountPending();
  // " AND (<col> IS NULL OR substr(<col>, 1, 7) <> $n)": not under the current key.
  std::string NotCurrent(Params& p, std::string_view column) const;

  Conn& conn_;
  FieldCipher cipher_;
  std::vector<std::uint32_t> live_keys_;
};

}  // namespace atensi::store::pg

#endif  // ATENSI_SRC_STORE_PG_PG_CRYPTO_H_
