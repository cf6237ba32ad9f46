// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// PgCrypto (pg_crypto.h): the PostgreSQL statements of encryption at rest.
// The rules (what is sealed, key registration, the rotation order and its
// batches) are StoreCrypto's (store/crypto_rotation.cpp). Law: UU 27/2022
// art. 4, 35, 39 and 46, UU 35/2014 art. 64 (crypto_rotation.h); design:
// docs/encryption.md.

#include "store/pg/pg_crypto.h"

#include <utility>

namespace atensi::store::pg {
namespace {

constexpr std::string_view kDocField = "doc";

std::span<const std::uint8_t> AsBytes(std::string_view s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

std::string BytesText(const std::vector<std::uint8_t>& b) {
  return {reinterpret_cast<const char*>(b.data()), b.size()};
}

// " AND (<col> IS NULL OR substr(<col>, 1, 7) <> $n)": not under `prefix`.
std::string NotUnder(Params& p, std::string_view column,
                     std::span<const std::uint8_t, kEnvelopePrefixSize> prefix) {
  const std::string c(column);
  return " AND (" + c + " IS NULL OR substr(" + c + ", 1, 7) <> " + p.AddBytes(prefix) + ")";
}

// A stored document's value: its envelope, or its clear text.
std::string StoredValue(const Rows& q, int r, int col) {
  return q.IsNull(r, col + 1) ? q.Text(r, col) : BytesText(q.Bytes(r, col + 1));
}

}  // namespace

Status PgCrypto::Init(const std::shared_ptr<const EncryptionKey>& key, KeyProvider provider) {
  ATENSI_ASSIGN_OR_RETURN(PgTxn txn,
                          PgTxn::Begin(conn_, key ? PgTxn::Mode::kWrite : PgTxn::Mode::kRead));
  ATENSI_RETURN_IF_ERROR(LoadKeys(key.get(), std::move(provider)));
  return txn.Commit();
}

Result<StoredDoc> PgCrypto::SealDoc(std::string_view table, std::string_view row_id,
                                    std::string_view plaintext) const {
  ATENSI_ASSIGN_OR_RETURN(std::string v,
                          cipher_.Seal(SealSite{table, row_id, kDocField}, plaintext));
  StoredDoc out;
  if (EnvelopeKeyId(AsBytes(v))) {
    out.sealed = std::move(v);
  } else {
    out.text = std::move(v);
  }
  return out;
}

std::string PgCrypto::AddDoc(Params& p, const StoredDoc& d) {
  std::string s = p.Add(std::string_view(d.text)) + ", ";
  s += d.sealed ? p.AddBytes(AsBytes(*d.sealed)) : p.AddNull();
  return s;
}

Result<std::string> PgCrypto::OpenDoc(std::string_view table, std::string_view row_id,
                                      const Rows& rows, int r, int col) {
  const SealSite site{table, row_id, kDocField};
  if (!rows.IsNull(r, col + 1)) {
    const std::vector<std::uint8_t> sealed = rows.Bytes(r, col + 1);
    return cipher_.Open(site, sealed);
  }
  return cipher_.Open(site, AsBytes(rows.TextView(r, col)));
}

// --- key registry ---

Status PgCrypto::LockKeyRegistry() {
  // Two processes registering the first key at once: the second waits here.
  return conn_.Exec("LOCK TABLE crypto_keys IN SHARE ROW EXCLUSIVE MODE");
}

Result<std::optional<StoredKeyCheck>> PgCrypto::FindKey(std::uint32_t key_id) {
  Params p;
  ATENSI_ASSIGN_OR_RETURN(Rows q,
                          conn_.Query("SELECT key_check, retired FROM crypto_keys WHERE key_id = " +
                                          p.Add(static_cast<std::int64_t>(key_id)),
                                      p));
  if (q.empty()) return std::optional<StoredKeyCheck>();
  return std::optional<StoredKeyCheck>(StoredKeyCheck{q.Bytes(0, 0), q.Bool(0, 1)});
}

Result<std::int64_t> PgCrypto::KeyCount() {
  ATENSI_ASSIGN_OR_RETURN(Rows q, conn_.Query("SELECT count(*) FROM crypto_keys"));
  return q.Int64(0, 0);
}

Status PgCrypto::InsertKey(std::uint32_t key_id, std::span<const std::uint8_t> check) {
  Params p;
  const std::string sql = "INSERT INTO crypto_keys (key_id, key_check) VALUES (" +
                          p.Add(static_cast<std::int64_t>(key_id)) + ", " + p.AddBytes(check) + ")";
  return conn_.Run(sql, p).status();
}

Result<bool> PgCrypto::HoldsRecords() {
  ATENSI_ASSIGN_OR_RETURN(
      Rows any, conn_.Query("SELECT EXISTS (SELECT 1 FROM children) OR EXISTS (SELECT 1 FROM "
                            "cases) OR EXISTS (SELECT 1 FROM roster_facts) OR EXISTS (SELECT 1 "
                            "FROM referrals) OR EXISTS (SELECT 1 FROM transfers) OR EXISTS "
                            "(SELECT 1 FROM routing_decisions)"));
  return any.Bool(0, 0);
}

Status PgCrypto::MarkAllSealed() {
  return conn_
      .Run(
          "INSERT INTO crypto_state (name, value) VALUES ('all_sealed', 1) ON CONFLICT (name) DO "
          "UPDATE SET value = 1")
      .status();
}

Result<std::vector<std::uint32_t>> PgCrypto::LiveKeyIds() {
  ATENSI_ASSIGN_OR_RETURN(
      Rows q, conn_.Query("SELECT key_id FROM crypto_keys WHERE NOT retired ORDER BY key_id"));
  std::vector<std::uint32_t> ids;
  for (int r = 0; r < q.size(); ++r) ids.push_back(static_cast<std::uint32_t>(q.Int64(r, 0)));
  return ids;
}

Result<bool> PgCrypto::AllSealed() {
  ATENSI_ASSIGN_OR_RETURN(
      Rows q,
      conn_.Query(
          "SELECT coalesce((SELECT value FROM crypto_state WHERE name = 'all_sealed'), 0)"));
  return q.Int64(0, 0) != 0;
}

Result<std::vector<std::uint32_t>> PgCrypto::RetireOtherKeys(std::uint32_t current) {
  Params p;
  ATENSI_ASSIGN_OR_RETURN(Rows q,
                          conn_.Query("UPDATE crypto_keys SET retired = true WHERE key_id <> " +
                                          p.Add(static_cast<std::int64_t>(current)) +
                                          " AND NOT retired RETURNING key_id",
                                      p));
  std::vector<std::uint32_t> retired;
  for (int r = 0; r < q.size(); ++r) retired.push_back(static_cast<std::uint32_t>(q.Int64(r, 0)));
  return retired;
}

// --- rotation ---

Result<std::uint64_t> PgCrypto::CountNotUnder(std::string_view table, Prefix prefix) {
  Params p;
  const std::string sql = table == kEventsTable
                              ? std::string("SELECT count(*) FROM events WHERE ") + kSealableEvent +
                                    NotUnder(p, "payload_sealed", prefix)
                              : "SELECT count(*) FROM " + std::string(table) + " WHERE true" +
                                    NotUnder(p, "doc_sealed", prefix);
  ATENSI_ASSIGN_OR_RETURN(Rows q, conn_.Query(sql, p));
  return static_cast<std::uint64_t>(q.Int64(0, 0));
}

Result<std::vector<RekeyDoc>> PgCrypto::DocsNotUnder(const SealedTable& t, const std::string& after,
                                                     std::size_t limit, Prefix prefix) {
  const std::string c(t.id_column);
  Params p;
  std::string sql = "SELECT " + c + ", doc, doc_sealed FROM " + std::string(t.table) + " WHERE " +
                    c + " > " + p.Add(std::string_view(after)) + NotUnder(p, "doc_sealed", prefix);
  sql += " ORDER BY " + c + " LIMIT " + p.Add(static_cast<std::int64_t>(limit));
  ATENSI_ASSIGN_OR_RETURN(Rows q, conn_.Query(sql, p));
  std::vector<RekeyDoc> rows;
  for (int r = 0; r < q.size(); ++r) rows.push_back(RekeyDoc{q.Text(r, 0), StoredValue(q, r, 1)});
  return rows;
}

Status PgCrypto::WriteDoc(const SealedTable& t, const std::string& id, const std::string& sealed) {
  Params p;
  const std::string doc = AddDoc(p, StoredDoc{"", sealed});
  const std::string sql = "UPDATE " + std::string(t.table) + " SET (doc, doc_sealed) = (" + doc +
                          ") WHERE " + std::string(t.id_column) + " = " +
                          p.Add(std::string_view(id));
  return conn_.Run(sql, p).status();
}

Status PgCrypto::WriteChild(const std::string& id, const std::string& sealed,
                            const std::optional<std::string>& nik,
                            const std::optional<std::string>& roster_key) {
  {
    Params p;
    const std::string doc = AddDoc(p, StoredDoc{"", sealed});
    const std::string sql = "UPDATE children SET (doc, doc_sealed) = (" + doc +
                            "), nik = " + p.Add(nik) + ", roster_key = " + p.Add(roster_key) +
                            ", birth_date = '' WHERE id = " + p.Add(std::string_view(id));
    ATENSI_RETURN_IF_ERROR(conn_.Run(sql, p).status());
  }
  // The cross-province uniqueness keys follow the blind indexes.
  {
    Params p;
    ATENSI_RETURN_IF_ERROR(
        conn_.Run("DELETE FROM child_keys WHERE child_id = " + p.Add(std::string_view(id)), p)
            .status());
  }
  for (const auto& [prefix, value] : {std::pair{"nik:", &nik}, std::pair{"roster:", &roster_key}}) {
    if (!*value) continue;
    Params p;
    const std::string sql = "INSERT INTO child_keys (key, child_id) VALUES (" +
                            p.Add(std::string_view(std::string(prefix) + **value)) + ", " +
                            p.Add(std::string_view(id)) + ")";
    ATENSI_RETURN_IF_ERROR(conn_.Run(sql, p).status());
  }
  return Status::Ok();
}

Result<std::vector<RekeyPayload>> PgCrypto::PayloadsNotUnder(const std::string& after_chain,
                                                             std::int64_t after_seq,
                                                             std::size_t limit, Prefix prefix) {
  Params p;
  const std::string chain = p.Add(std::string_view(after_chain));
  std::string sql =
      "SELECT chain_id, seq, province, reason, changes, payload_sealed FROM events WHERE "
      "(chain_id, seq) > (" +
      chain + "::text, " + p.Add(after_seq) + "::bigint) AND " + kSealableEvent +
      NotUnder(p, "payload_sealed", prefix);
  sql += " ORDER BY chain_id, seq LIMIT " + p.Add(static_cast<std::int64_t>(limit));
  ATENSI_ASSIGN_OR_RETURN(Rows q, conn_.Query(sql, p));
  std::vector<RekeyPayload> rows;
  for (int r = 0; r < q.size(); ++r) {
    rows.push_back(RekeyPayload{q.Text(r, 0), q.Int64(r, 1), q.Int64(r, 2), q.Text(r, 3),
                                StoredValue(q, r, 4)});
  }
  return rows;
}

Status PgCrypto::WritePayload(const RekeyPayload& row, const std::string& envelope) {
  Params p;
  const std::string sql =
      "UPDATE events SET reason = '', changes = '', payload_sealed = " +
      p.AddBytes(AsBytes(envelope)) + " WHERE province = " + p.Add(row.province) +
      " AND chain_id = " + p.Add(std::string_view(row.chain_id)) + " AND seq = " + p.Add(row.seq);
  return conn_.Run(sql, p).status();
}

}  // namespace atensi::store::pg
