// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// CryptoTables (sqlite_crypto.h): the SQLite statements of encryption at
// rest. The rules (what is sealed, key registration, the rotation order
// and its batches) are StoreCrypto's (crypto_rotation.cpp). Law: UU 27/2022
// art. 4, 35, 39 and 46, UU 35/2014 art. 64 (crypto_rotation.h); design:
// docs/encryption.md.

#include "store/sqlite_crypto.h"

#include <utility>

namespace atensi::store {
namespace {

constexpr std::string_view kDocField = "doc";

std::span<const std::uint8_t> Bytes(const std::string& s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

std::string BytesText(std::span<const std::uint8_t> b) {
  return {reinterpret_cast<const char*>(b.data()), b.size()};
}

}  // namespace

Status CryptoTables::Init(const SqliteStoreOptions& options) {
  ATENSI_ASSIGN_OR_RETURN(
      Transaction txn,
      Transaction::Begin(db_, options.key ? Transaction::Mode::kWrite : Transaction::Mode::kRead));
  ATENSI_RETURN_IF_ERROR(LoadKeys(options.key.get(), options.key_provider));
  return txn.Commit();
}

Result<std::string> CryptoTables::Seal(std::string_view table, std::string_view row_id,
                                       std::string_view plaintext) const {
  return cipher_.Seal(SealSite{table, row_id, kDocField}, plaintext);
}

void CryptoTables::BindSealed(Stmt& q, int index, const std::string& stored) {
  if (EnvelopeKeyId(Bytes(stored))) {
    q.BindBlob(index, Bytes(stored));
  } else {
    q.Bind(index, std::string_view(stored));
  }
}

Result<std::string> CryptoTables::Open(std::string_view table, std::string_view row_id,
                                       std::span<const std::uint8_t> stored) {
  return cipher_.Open(SealSite{table, row_id, kDocField}, stored);
}

// --- key registry ---

Result<std::optional<StoredKeyCheck>> CryptoTables::FindKey(std::uint32_t key_id) {
  ATENSI_ASSIGN_OR_RETURN(
      Stmt q, db_.Prepare("SELECT key_check, retired FROM crypto_keys WHERE key_id = ?1"));
  q.Bind(1, static_cast<std::int64_t>(key_id));
  ATENSI_ASSIGN_OR_RETURN(bool row, q.Step());
  if (!row) return std::optional<StoredKeyCheck>();
  const std::span<const std::uint8_t> check = q.BlobView(0);
  return std::optional<StoredKeyCheck>(
      StoredKeyCheck{std::vector<std::uint8_t>(check.begin(), check.end()), q.Int64(1) != 0});
}

Result<std::int64_t> CryptoTables::KeyCount() {
  return db_.QueryInt("SELECT count(*) FROM crypto_keys");
}

Status CryptoTables::InsertKey(std::uint32_t key_id, std::span<const std::uint8_t> check) {
  ATENSI_ASSIGN_OR_RETURN(
      Stmt ins, db_.Prepare("INSERT INTO crypto_keys (key_id, key_check) VALUES (?1, ?2)"));
  ins.Bind(1, static_cast<std::int64_t>(key_id)).BindBlob(2, check);
  return ins.Run();
}

Result<bool> CryptoTables::HoldsRecords() {
  ATENSI_ASSIGN_OR_RETURN(
      std::int64_t records,
      db_.QueryInt("SELECT EXISTS (SELECT 1 FROM children) OR EXISTS (SELECT 1 FROM cases) OR "
                   "EXISTS (SELECT 1 FROM roster_facts) OR EXISTS (SELECT 1 FROM referrals) OR "
                   "EXISTS (SELECT 1 FROM transfers) OR EXISTS (SELECT 1 FROM "
                   "routing_decisions)"));
  return records != 0;
}

Status CryptoTables::MarkAllSealed() {
  return db_.Exec("INSERT OR REPLACE INTO crypto_state (name, value) VALUES ('all_sealed', 1)");
}

Result<std::vector<std::uint32_t>> CryptoTables::LiveKeyIds() {
  std::vector<std::uint32_t> ids;
  ATENSI_ASSIGN_OR_RETURN(
      Stmt q, db_.Prepare("SELECT key_id FROM crypto_keys WHERE retired = 0 ORDER BY key_id"));
  while (true) {
    ATENSI_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) break;
    ids.push_back(static_cast<std::uint32_t>(q.Int64(0)));
  }
  return ids;
}

Result<bool> CryptoTables::AllSealed() {
  ATENSI_ASSIGN_OR_RETURN(
      std::int64_t v,
      db_.QueryInt(
          "SELECT coalesce((SELECT value FROM crypto_state WHERE name = 'all_sealed'), 0)"));
  return v != 0;
}

Result<std::vector<std::uint32_t>> CryptoTables::RetireOtherKeys(std::uint32_t current) {
  std::vector<std::uint32_t> retired;
  ATENSI_ASSIGN_OR_RETURN(Stmt q, db_.Prepare("UPDATE crypto_keys SET retired = 1 WHERE key_id "
                                              "!= ?1 AND retired = 0 RETURNING key_id"));
  q.Bind(1, static_cast<std::int64_t>(current));
  while (true) {
    ATENSI_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) break;
    retired.push_back(static_cast<std::uint32_t>(q.Int64(0)));
  }
  return retired;
}

// --- rotation ---

Result<std::uint64_t> CryptoTables::CountNotUnder(std::string_view table, Prefix prefix) {
  const std::string sql =
      table == kEventsTable
          ? std::string("SELECT count(*) FROM events WHERE ") + kSealableEvent +
                " AND substr(changes, 1, 7) IS NOT ?1"
          : "SELECT count(*) FROM " + std::string(table) + " WHERE substr(doc, 1, 7) IS NOT ?1";
  ATENSI_ASSIGN_OR_RETURN(Stmt q, db_.Prepare(sql));
  q.BindBlob(1, prefix);
  ATENSI_ASSIGN_OR_RETURN(bool row, q.Step());
  return row ? static_cast<std::uint64_t>(q.Int64(0)) : 0;
}

Result<std::vector<RekeyDoc>> CryptoTables::DocsNotUnder(const SealedTable& t,
                                                         const std::string& after,
                                                         std::size_t limit, Prefix prefix) {
  const std::string c(t.id_column);
  ATENSI_ASSIGN_OR_RETURN(
      Stmt q, db_.Prepare("SELECT " + c + ", doc FROM " + std::string(t.table) + " WHERE " + c +
                          " > ?1 AND substr(doc, 1, 7) IS NOT ?2 ORDER BY " + c + " LIMIT ?3"));
  q.Bind(1, std::string_view(after)).BindBlob(2, prefix).Bind(3, static_cast<std::int64_t>(limit));
  std::vector<RekeyDoc> rows;
  while (true) {
    ATENSI_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) break;
    rows.push_back(RekeyDoc{q.Text(0), BytesText(q.BlobView(1))});
  }
  return rows;
}

Status CryptoTables::WriteDoc(const SealedTable& t, const std::string& id,
                              const std::string& sealed) {
  ATENSI_ASSIGN_OR_RETURN(Stmt up,
                          db_.Prepare("UPDATE " + std::string(t.table) + " SET doc = ?2 WHERE " +
                                      std::string(t.id_column) + " = ?1"));
  up.Bind(1, std::string_view(id));
  BindSealed(up, 2, sealed);
  return up.Run();
}

Status CryptoTables::WriteChild(const std::string& id, const std::string& sealed,
                                const std::optional<std::string>& nik,
                                const std::optional<std::string>& roster_key) {
  ATENSI_ASSIGN_OR_RETURN(Stmt up, db_.Prepare("UPDATE children SET doc = ?2, nik = ?3, "
                                               "roster_key = ?4, birth_date = '' WHERE id = ?1"));
  up.Bind(1, std::string_view(id)).Bind(3, nik).Bind(4, roster_key);
  BindSealed(up, 2, sealed);
  return up.Run();
}

Result<std::vector<RekeyPayload>> CryptoTables::PayloadsNotUnder(const std::string& after_chain,
                                                                 std::int64_t after_seq,
                                                                 std::size_t limit, Prefix prefix) {
  ATENSI_ASSIGN_OR_RETURN(
      Stmt q, db_.Prepare(std::string("SELECT chain_id, seq, reason, changes FROM events WHERE "
                                      "(chain_id, seq) > (?1, ?2) AND ") +
                          kSealableEvent +
                          " AND substr(changes, 1, 7) IS NOT ?3 ORDER BY chain_id, seq "
                          "LIMIT ?4"));
  q.Bind(1, std::string_view(after_chain))
      .Bind(2, after_seq)
      .BindBlob(3, prefix)
      .Bind(4, static_cast<std::int64_t>(limit));
  std::vector<RekeyPayload> rows;
  while (true) {
    ATENSI_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) break;
    rows.push_back(RekeyPayload{q.Text(0), q.Int64(1), 0, q.Text(2), BytesText(q.BlobView(3))});
  }
  return rows;
}

Status CryptoTables::WritePayload(const RekeyPayload& row, const std::string& envelope) {
  ATENSI_ASSIGN_OR_RETURN(
      Stmt up,
      db_.Prepare("UPDATE events SET reason = '', changes = ?3 WHERE chain_id = ?1 AND seq = ?2"));
  up.Bind(1, std::string_view(row.chain_id)).Bind(2, row.seq).BindBlob(3, Bytes(envelope));
  return up.Run();
}

}  // namespace atensi::store
