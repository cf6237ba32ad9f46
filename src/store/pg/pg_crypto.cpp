// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// PgCrypto (pg_crypto.h): encryption at rest on PostgreSQL. Law: UU 27/2022
// art. 4 and 46, UU 35/2014 art. 64 (field_cipher.h); design:
// docs/encryption.md. Key registration, sealing rules and the rotation
// order (children, cases, roster facts, event payloads; batched, resumable
// from a RekeyCursor) are those of store/sqlite_crypto.cpp.

#include "store/pg/pg_crypto.h"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <utility>

#include "atensi/lifecycle/lifecycle_json.h"

namespace atensi::store::pg {
namespace {

constexpr std::string_view kDocField = "doc";
constexpr std::string_view kPayloadField = "payload";

// Tables whose `doc` is sealed. Rotation order (RekeyCursor::table), as on
// SQLite: 0 children, 1 cases, 2 roster_facts, 3 event payloads, then
// 4 referrals, 5 transfers, 6 routing_decisions (PostgreSQL schema 7 =
// SQLite 8; after the events so a cursor saved by an older build keeps its
// meaning).
struct SealedTable {
  std::string_view table;
  std::string_view id_column;
};
constexpr std::array<SealedTable, 6> kSealedTables = {{
    {"children", "id"},
    {"cases", "id"},
    {"roster_facts", "child_id"},
    {"referrals", "id"},
    {"transfers", "id"},
    {"routing_decisions", "case_id"},
}};
constexpr int kEventsStep = 3;  // RekeyCursor::table of the event payloads
constexpr int kLastStep = 6;

// The kSealedTables entry of rotation step `step` (not kEventsStep).
const SealedTable& TableOfStep(int step) {
  return kSealedTables[static_cast<std::size_t>(step < kEventsStep ? step : step - 1)];
}

std::span<const std::uint8_t> AsBytes(std::string_view s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

std::string EventRowId(std::string_view chain_id, std::int64_t seq) {
  std::string id(chain_id);
  id += '#';
  id += std::to_string(seq);
  return id;
}

// Events whose payload is sealed (SealPayload's rule in SQL): every
// format-2 child or case event, referral/transfer/routing ones included.
constexpr const char* kSealableEvent =
    "hash_format = 2 AND payload_purged_at IS NULL AND kind IN (1, 2)";

}  // namespace

Status PgCrypto::Init(const std::shared_ptr<const EncryptionKey>& key, KeyProvider provider) {
  cipher_.SetProvider(std::move(provider));
  ATENSI_ASSIGN_OR_RETURN(PgTxn txn,
                          PgTxn::Begin(conn_, key ? PgTxn::Mode::kWrite : PgTxn::Mode::kRead));
  if (key) {
    ATENSI_RETURN_IF_ERROR(Register(*key));
    cipher_.SetCurrent(*key);
  }
  ATENSI_RETURN_IF_ERROR(LoadState());
  return txn.Commit();
}

Status PgCrypto::Register(const EncryptionKey& key) {
  const std::unique_ptr<KeyMaterial> material = DeriveKeyMaterial(key);
  const std::array<std::uint8_t, 32> check = KeyCheck(*material);
  // Two processes registering the first key at once: the second waits here.
  ATENSI_RETURN_IF_ERROR(conn_.Exec("LOCK TABLE crypto_keys IN SHARE ROW EXCLUSIVE MODE"));
  Params p;
  ATENSI_ASSIGN_OR_RETURN(Rows q,
                          conn_.Query("SELECT key_check, retired FROM crypto_keys WHERE key_id = " +
                                          p.Add(static_cast<std::int64_t>(key.id())),
                                      p));
  if (!q.empty()) {
    const std::vector<std::uint8_t> stored = q.Bytes(0, 0);
    if (stored.size() != check.size() ||
        sodium_memcmp(stored.data(), check.data(), check.size()) != 0) {
      return PermissionDenied("crypto.wrong_key", "key",
                              "the key supplied as key id " + std::to_string(key.id()) +
                                  " is not the key this store knows under that id");
    }
    if (q.Bool(0, 1)) {
      return FailedPrecondition("crypto.key_retired", "key",
                                "key id " + std::to_string(key.id()) +
                                    " was retired by a key rotation; open with the current key");
    }
    return Status::Ok();
  }
  ATENSI_ASSIGN_OR_RETURN(Rows known, conn_.Query("SELECT count(*) FROM crypto_keys"));
  {
    Params ins;
    const std::string sql = "INSERT INTO crypto_keys (key_id, key_check) VALUES (" +
                            ins.Add(static_cast<std::int64_t>(key.id())) + ", " +
                            ins.AddBytes(check) + ")";
    ATENSI_RETURN_IF_ERROR(conn_.Run(sql, ins).status());
  }
  if (known.Int64(0, 0) == 0) {
    // The first key of a store that holds no record yet: every record will
    // be sealed, so a plaintext document can only be tampering.
    ATENSI_ASSIGN_OR_RETURN(
        Rows any, conn_.Query("SELECT EXISTS (SELECT 1 FROM children) OR EXISTS (SELECT 1 FROM "
                              "cases) OR EXISTS (SELECT 1 FROM roster_facts) OR EXISTS (SELECT 1 "
                              "FROM referrals) OR EXISTS (SELECT 1 FROM transfers) OR EXISTS "
                              "(SELECT 1 FROM routing_decisions)"));
    if (!any.Bool(0, 0)) {
      ATENSI_RETURN_IF_ERROR(
          conn_
              .Run("INSERT INTO crypto_state (name, value) VALUES "
                   "('all_sealed', 1) ON CONFLICT (name) DO UPDATE SET value = 1")
              .status());
    }
  }
  return Status::Ok();
}

Status PgCrypto::LoadState() {
  live_keys_.clear();
  ATENSI_ASSIGN_OR_RETURN(
      Rows q, conn_.Query("SELECT key_id FROM crypto_keys WHERE NOT retired ORDER BY key_id"));
  for (int r = 0; r < q.size(); ++r)
    live_keys_.push_back(static_cast<std::uint32_t>(q.Int64(r, 0)));
  ATENSI_ASSIGN_OR_RETURN(
      Rows s, conn_.Query("SELECT (SELECT count(*) FROM crypto_keys), coalesce((SELECT value FROM "
                          "crypto_state WHERE name = 'all_sealed'), 0)"));
  cipher_.set_store_encrypted(s.Int64(0, 0) > 0);
  cipher_.set_plaintext_allowed(s.Int64(0, 1) == 0);
  return Status::Ok();
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

Result<std::optional<std::string>> PgCrypto::IndexColumn(
    std::string_view purpose, const std::optional<std::string>& value) const {
  if (!value) return std::optional<std::string>();
  ATENSI_ASSIGN_OR_RETURN(std::string v, cipher_.Index(purpose, *value));
  return std::optional<std::string>(std::move(v));
}

Result<std::vector<std::string>> PgCrypto::LookupValues(std::string_view purpose,
                                                        std::string_view value) {
  return cipher_.LookupIndexes(purpose, value, live_keys_);
}

Result<std::optional<std::string>> PgCrypto::SealPayload(std::string_view chain_id,
                                                         std::int64_t seq, ChainKind kind,
                                                         std::string_view action,
                                                         std::string_view reason,
                                                         std::string_view changes_text) const {
  (void)action;  // schema 7: dotted (referral/transfer/routing) events are sealed too
  if (kind == ChainKind::kStore) return std::optional<std::string>();
  if (!cipher_.has_current() && !cipher_.store_encrypted()) return std::optional<std::string>();
  std::string plain = EncodeSealedPayload(reason, changes_text);
  const std::string row = EventRowId(chain_id, seq);
  Result<std::string> sealed = cipher_.Seal(SealSite{"events", row, kPayloadField}, plain);
  sodium_memzero(plain.data(), plain.size());
  if (!sealed.ok()) return sealed.status();
  return std::optional<std::string>(std::move(sealed).value());
}

bool PgCrypto::IsSealedPayload(std::span<const std::uint8_t> stored) const {
  return EnvelopeKeyId(stored).has_value();
}

Result<std::pair<std::string, std::string>> PgCrypto::OpenPayload(
    std::string_view chain_id, std::int64_t seq, std::span<const std::uint8_t> stored) {
  const std::string row = EventRowId(chain_id, seq);
  ATENSI_ASSIGN_OR_RETURN(std::string plain,
                          cipher_.Open(SealSite{"events", row, kPayloadField}, stored));
  Result<std::pair<std::string, std::string>> out = DecodeSealedPayload(plain);
  sodium_memzero(plain.data(), plain.size());
  return out;
}

std::string PgCrypto::NotCurrent(Params& p, std::string_view column) const {
  const auto prefix = EnvelopePrefix(cipher_.current_id());
  const std::string c(column);
  return " AND (" + c + " IS NULL OR substr(" + c + ", 1, 7) <> " + p.AddBytes(prefix) + ")";
}

Result<std::uint64_t> PgCrypto::CountPending() {
  std::uint64_t pending = 0;
  for (const SealedTable& t : kSealedTables) {
    Params p;
    ATENSI_ASSIGN_OR_RETURN(Rows q, conn_.Query("SELECT count(*) FROM " + std::string(t.table) +
                                                    " WHERE true" + NotCurrent(p, "doc_sealed"),
                                                p));
    pending += static_cast<std::uint64_t>(q.Int64(0, 0));
  }
  Params p;
  ATENSI_ASSIGN_OR_RETURN(Rows q, conn_.Query(std::string("SELECT count(*) FROM events WHERE ") +
                                                  kSealableEvent + NotCurrent(p, "payload_sealed"),
                                              p));
  pending += static_cast<std::uint64_t>(q.Int64(0, 0));
  return pending;
}

Result<EncryptionInfo> PgCrypto::Info() {
  EncryptionInfo info;
  info.encrypted = cipher_.store_encrypted();
  info.current_key = cipher_.current_id();
  info.live_keys = live_keys_;
  if (info.encrypted || cipher_.has_current()) {
    ATENSI_ASSIGN_OR_RETURN(info.records_pending, CountPending());
  }
  return info;
}

Status PgCrypto::BeginRotation(const EncryptionKey& new_key) {
  ATENSI_RETURN_IF_ERROR(Register(new_key));
  cipher_.SetCurrent(new_key);
  return LoadState();
}

Result<std::uint64_t> PgCrypto::RekeyBatch(RekeyCursor& cursor, std::size_t limit) {
  if (!cipher_.has_current()) {
    return FailedPrecondition("crypto.key_missing", "key", "a rotation needs the new key");
  }
  std::uint64_t done = 0;
  while (cursor.table != kRekeyDone && done < limit) {
    const int t = cursor.table;
    if (t < 0 || t > kLastStep) {
      return InvalidArgument("crypto.bad_cursor", "cursor", "the rotation cursor is out of range");
    }
    const std::size_t want = limit - done;
    ATENSI_ASSIGN_OR_RETURN(
        std::uint64_t n,
        t == 0 ? RekeyChildren(cursor.after, want)
        : t == kEventsStep
            ? RekeyEvents(cursor.after, want)
            : RekeyDocs(TableOfStep(t).table, TableOfStep(t).id_column, cursor.after, want));
    done += n;
    if (n < want) {  // this table is exhausted
      cursor.after.clear();
      cursor.table = t < kLastStep ? cursor.table + 1 : kRekeyDone;
    }
  }
  return done;
}

Result<std::uint64_t> PgCrypto::RekeyChildren(std::string& after, std::size_t limit) {
  std::vector<std::pair<std::string, std::string>> rows;  // id, plaintext
  {
    Params p;
    std::string sql = "SELECT id, doc, doc_sealed FROM children WHERE id > " +
                      p.Add(std::string_view(after)) + NotCurrent(p, "doc_sealed");
    sql += " ORDER BY id LIMIT " + p.Add(static_cast<std::int64_t>(limit));
    ATENSI_ASSIGN_OR_RETURN(Rows q, conn_.Query(sql, p));
    for (int r = 0; r < q.size(); ++r) {
      std::string id = q.Text(r, 0);
      ATENSI_ASSIGN_OR_RETURN(std::string plain, OpenDoc("children", id, q, r, 1));
      rows.emplace_back(std::move(id), std::move(plain));
    }
  }
  for (auto& [id, plain] : rows) {
    nlohmann::json j = nlohmann::json::parse(plain, nullptr, /*allow_exceptions=*/false);
    Result<Child> child =
        j.is_discarded()
            ? Result<Child>(Corruption("store.bad_document", "a stored child is not JSON"))
            : ChildFromJson(j);
    if (!child.ok()) {
      sodium_memzero(plain.data(), plain.size());
      return Corruption("store.bad_document", "a stored child does not parse during rotation");
    }
    ATENSI_ASSIGN_OR_RETURN(std::optional<std::string> nik, IndexColumn(kNikPurpose, child->nik));
    ATENSI_ASSIGN_OR_RETURN(std::optional<std::string> roster,
                            IndexColumn(kRosterKeyPurpose, child->roster_key));
    ATENSI_ASSIGN_OR_RETURN(StoredDoc sealed, SealDoc("children", id, plain));
    sodium_memzero(plain.data(), plain.size());
    {
      Params p;
      const std::string doc = AddDoc(p, sealed);
      const std::string sql = "UPDATE children SET (doc, doc_sealed) = (" + doc +
                              "), nik = " + p.Add(nik) + ", roster_key = " + p.Add(roster) +
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
    for (const auto& [prefix, value] : {std::pair{"nik:", &nik}, std::pair{"roster:", &roster}}) {
      if (!*value) continue;
      Params p;
      const std::string sql = "INSERT INTO child_keys (key, child_id) VALUES (" +
                              p.Add(std::string_view(std::string(prefix) + **value)) + ", " +
                              p.Add(std::string_view(id)) + ")";
      ATENSI_RETURN_IF_ERROR(conn_.Run(sql, p).status());
    }
    after = id;
  }
  return static_cast<std::uint64_t>(rows.size());
}

Result<std::uint64_t> PgCrypto::RekeyDocs(std::string_view table, std::string_view id_column,
                                          std::string& after, std::size_t limit) {
  const std::string t(table);
  const std::string c(id_column);
  std::vector<std::pair<std::string, std::string>> rows;
  {
    Params p;
    std::string sql = "SELECT " + c + ", doc, doc_sealed FROM " + t + " WHERE " + c + " > " +
                      p.Add(std::string_view(after)) + NotCurrent(p, "doc_sealed");
    sql += " ORDER BY " + c + " LIMIT " + p.Add(static_cast<std::int64_t>(limit));
    ATENSI_ASSIGN_OR_RETURN(Rows q, conn_.Query(sql, p));
    for (int r = 0; r < q.size(); ++r) {
      std::string id = q.Text(r, 0);
      ATENSI_ASSIGN_OR_RETURN(std::string plain, OpenDoc(table, id, q, r, 1));
      rows.emplace_back(std::move(id), std::move(plain));
    }
  }
  for (auto& [id, plain] : rows) {
    ATENSI_ASSIGN_OR_RETURN(StoredDoc sealed, SealDoc(table, id, plain));
    sodium_memzero(plain.data(), plain.size());
    Params p;
    const std::string doc = AddDoc(p, sealed);
    const std::string sql = "UPDATE " + t + " SET (doc, doc_sealed) = (" + doc + ") WHERE " + c +
                            " = " + p.Add(std::string_view(id));
    ATENSI_RETURN_IF_ERROR(conn_.Run(sql, p).status());
    after = id;
  }
  return static_cast<std::uint64_t>(rows.size());
}

Result<std::uint64_t> PgCrypto::RekeyEvents(std::string& after, std::size_t limit) {
  // `after` = "<chain_id>\n<seq>" of the last event done ("" = from the start).
  std::string after_chain;
  std::int64_t after_seq = 0;
  if (const std::size_t nl = after.rfind('\n'); nl != std::string::npos) {
    after_chain = after.substr(0, nl);
    after_seq = std::stoll(after.substr(nl + 1));
  }
  struct Row {
    std::string chain;
    std::int64_t seq;
    std::int64_t province;
    std::string reason;
    std::string changes;
  };
  std::vector<Row> rows;
  {
    Params p;
    const std::string chain = p.Add(std::string_view(after_chain));
    std::string sql =
        "SELECT chain_id, seq, province, reason, changes, payload_sealed FROM events WHERE "
        "(chain_id, seq) > (" +
        chain + "::text, " + p.Add(after_seq) + "::bigint) AND " + kSealableEvent +
        NotCurrent(p, "payload_sealed");
    sql += " ORDER BY chain_id, seq LIMIT " + p.Add(static_cast<std::int64_t>(limit));
    ATENSI_ASSIGN_OR_RETURN(Rows q, conn_.Query(sql, p));
    for (int r = 0; r < q.size(); ++r) {
      Row row{q.Text(r, 0), q.Int64(r, 1), q.Int64(r, 2), {}, {}};
      if (!q.IsNull(r, 5)) {
        const std::vector<std::uint8_t> env = q.Bytes(r, 5);
        ATENSI_ASSIGN_OR_RETURN(auto plain, OpenPayload(row.chain, row.seq, env));
        row.reason = std::move(plain.first);
        row.changes = std::move(plain.second);
      } else {
        row.reason = q.Text(r, 3);
        row.changes = q.Text(r, 4);
      }
      rows.push_back(std::move(row));
    }
  }
  for (Row& r : rows) {
    std::string plain = EncodeSealedPayload(r.reason, r.changes);
    sodium_memzero(r.reason.data(), r.reason.size());
    sodium_memzero(r.changes.data(), r.changes.size());
    const std::string row_id = EventRowId(r.chain, r.seq);
    Result<std::string> sealed = cipher_.Seal(SealSite{"events", row_id, kPayloadField}, plain);
    sodium_memzero(plain.data(), plain.size());
    if (!sealed.ok()) return sealed.status();
    Params p;
    const std::string sql =
        "UPDATE events SET reason = '', changes = '', payload_sealed = " +
        p.AddBytes(AsBytes(*sealed)) + " WHERE province = " + p.Add(r.province) +
        " AND chain_id = " + p.Add(std::string_view(r.chain)) + " AND seq = " + p.Add(r.seq);
    ATENSI_RETURN_IF_ERROR(conn_.Run(sql, p).status());
    after = r.chain + '\n' + std::to_string(r.seq);
  }
  return static_cast<std::uint64_t>(rows.size());
}

Result<std::vector<std::uint32_t>> PgCrypto::FinishRotation() {
  if (!cipher_.has_current()) {
    return FailedPrecondition("crypto.key_missing", "key", "a rotation needs the new key");
  }
  ATENSI_ASSIGN_OR_RETURN(std::uint64_t pending, CountPending());
  if (pending != 0) {
    return FailedPrecondition("crypto.rotation_incomplete", "key",
                              std::to_string(pending) +
                                  " records are not yet sealed under the new key; run the "
                                  "rotation again to finish it");
  }
  std::vector<std::uint32_t> retired;
  {
    Params p;
    ATENSI_ASSIGN_OR_RETURN(Rows q,
                            conn_.Query("UPDATE crypto_keys SET retired = true WHERE key_id <> " +
                                            p.Add(static_cast<std::int64_t>(cipher_.current_id())) +
                                            " AND NOT retired RETURNING key_id",
                                        p));
    for (int r = 0; r < q.size(); ++r) retired.push_back(static_cast<std::uint32_t>(q.Int64(r, 0)));
  }
  std::sort(retired.begin(), retired.end());
  ATENSI_RETURN_IF_ERROR(conn_
                             .Run("INSERT INTO crypto_state (name, value) VALUES ('all_sealed', 1) "
                                  "ON CONFLICT (name) DO UPDATE SET value = 1")
                             .status());
  ATENSI_RETURN_IF_ERROR(LoadState());
  return retired;
}

}  // namespace atensi::store::pg
