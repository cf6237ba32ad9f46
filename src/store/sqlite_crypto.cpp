// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// CryptoTables (sqlite_crypto.h): what the SQLite store seals, its blind
// indexes, key registration and rotation. Law: UU 27/2022 art. 4 and 46,
// UU 35/2014 art. 64 (field_cipher.h); design: docs/encryption.md.

#include "store/sqlite_crypto.h"

#include <sodium.h>

#include <array>
#include <utility>

#include "atensi/lifecycle/lifecycle_json.h"

namespace atensi::store {
namespace {

constexpr std::string_view kDocField = "doc";

// The tables whose `doc` is sealed. Rotation order (RekeyCursor::table):
// 0 children, 1 cases, 2 roster_facts, 3 event payloads, then 4 referrals,
// 5 transfers, 6 routing_decisions (schema 8; after the events so a cursor
// saved by an older build keeps its meaning).
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

std::span<const std::uint8_t> Bytes(const std::string& s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

constexpr std::string_view kPayloadField = "payload";

// The AD row id of an event: "<chain_id>#<seq>".
std::string EventRowId(std::string_view chain_id, std::int64_t seq) {
  std::string id(chain_id);
  id += '#';
  id += std::to_string(seq);
  return id;
}

// Events whose payload is sealed (SQL predicate; see SealPayload).
constexpr const char* kSealableEvent =
    "hash_format = 2 AND payload_purged_at IS NULL AND kind IN (1, 2)";

}  // namespace

Status CryptoTables::Init(const SqliteStoreOptions& options) {
  cipher_.SetProvider(options.key_provider);
  ATENSI_ASSIGN_OR_RETURN(
      Transaction txn,
      Transaction::Begin(db_, options.key ? Transaction::Mode::kWrite : Transaction::Mode::kRead));
  if (options.key) {
    ATENSI_RETURN_IF_ERROR(Register(*options.key));
    cipher_.SetCurrent(*options.key);
  }
  ATENSI_RETURN_IF_ERROR(LoadState());
  return txn.Commit();
}

Status CryptoTables::Register(const EncryptionKey& key) {
  const std::unique_ptr<KeyMaterial> material = DeriveKeyMaterial(key);
  const std::array<std::uint8_t, 32> check = KeyCheck(*material);
  ATENSI_ASSIGN_OR_RETURN(
      Stmt q, db_.Prepare("SELECT key_check, retired FROM crypto_keys WHERE key_id = ?1"));
  q.Bind(1, static_cast<std::int64_t>(key.id()));
  ATENSI_ASSIGN_OR_RETURN(bool row, q.Step());
  if (row) {
    const std::span<const std::uint8_t> stored = q.BlobView(0);
    if (stored.size() != check.size() ||
        sodium_memcmp(stored.data(), check.data(), check.size()) != 0) {
      return PermissionDenied("crypto.wrong_key", "key",
                              "the key supplied as key id " + std::to_string(key.id()) +
                                  " is not the key this store knows under that id");
    }
    if (q.Int64(1) != 0) {
      return FailedPrecondition("crypto.key_retired", "key",
                                "key id " + std::to_string(key.id()) +
                                    " was retired by a key rotation; open with the current key");
    }
    return Status::Ok();
  }
  ATENSI_ASSIGN_OR_RETURN(std::int64_t known, db_.QueryInt("SELECT count(*) FROM crypto_keys"));
  ATENSI_ASSIGN_OR_RETURN(
      Stmt ins, db_.Prepare("INSERT INTO crypto_keys (key_id, key_check) VALUES (?1, ?2)"));
  ins.Bind(1, static_cast<std::int64_t>(key.id())).BindBlob(2, check);
  ATENSI_RETURN_IF_ERROR(ins.Run());
  if (known == 0) {
    // The first key of a store: when it holds no record yet, every record
    // will be sealed, so a plaintext document can only be tampering.
    ATENSI_ASSIGN_OR_RETURN(
        std::int64_t records,
        db_.QueryInt("SELECT EXISTS (SELECT 1 FROM children) OR EXISTS (SELECT 1 FROM cases) OR "
                     "EXISTS (SELECT 1 FROM roster_facts) OR EXISTS (SELECT 1 FROM referrals) OR "
                     "EXISTS (SELECT 1 FROM transfers) OR EXISTS (SELECT 1 FROM "
                     "routing_decisions)"));
    if (records == 0) {
      ATENSI_RETURN_IF_ERROR(
          db_.Exec("INSERT OR REPLACE INTO crypto_state (name, value) VALUES ('all_sealed', 1)"));
    }
  }
  return Status::Ok();
}

Status CryptoTables::LoadState() {
  live_keys_.clear();
  ATENSI_ASSIGN_OR_RETURN(
      Stmt q, db_.Prepare("SELECT key_id FROM crypto_keys WHERE retired = 0 ORDER BY key_id"));
  while (true) {
    ATENSI_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) break;
    live_keys_.push_back(static_cast<std::uint32_t>(q.Int64(0)));
  }
  ATENSI_ASSIGN_OR_RETURN(std::int64_t known, db_.QueryInt("SELECT count(*) FROM crypto_keys"));
  ATENSI_ASSIGN_OR_RETURN(
      std::int64_t all_sealed,
      db_.QueryInt(
          "SELECT coalesce((SELECT value FROM crypto_state WHERE name = 'all_sealed'), 0)"));
  cipher_.set_store_encrypted(known > 0);
  cipher_.set_plaintext_allowed(all_sealed == 0);
  return Status::Ok();
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

Result<std::optional<std::string>> CryptoTables::IndexColumn(
    std::string_view purpose, const std::optional<std::string>& value) const {
  if (!value) return std::optional<std::string>();
  ATENSI_ASSIGN_OR_RETURN(std::string v, cipher_.Index(purpose, *value));
  return std::optional<std::string>(std::move(v));
}

Result<std::vector<std::string>> CryptoTables::LookupValues(std::string_view purpose,
                                                            std::string_view value) {
  return cipher_.LookupIndexes(purpose, value, live_keys_);
}

Result<std::optional<std::string>> CryptoTables::SealPayload(std::string_view chain_id,
                                                             std::int64_t seq, ChainKind kind,
                                                             std::string_view action,
                                                             std::string_view reason,
                                                             std::string_view changes_text) const {
  (void)action;
  if (kind == ChainKind::kStore) return std::optional<std::string>();
  if (!cipher_.has_current() && !cipher_.store_encrypted()) return std::optional<std::string>();
  std::string plain = EncodeSealedPayload(reason, changes_text);
  const std::string row = EventRowId(chain_id, seq);
  Result<std::string> sealed = cipher_.Seal(SealSite{"events", row, kPayloadField}, plain);
  sodium_memzero(plain.data(), plain.size());
  if (!sealed.ok()) return sealed.status();
  return std::optional<std::string>(std::move(sealed).value());
}

bool CryptoTables::IsSealedPayload(std::span<const std::uint8_t> stored) const {
  return EnvelopeKeyId(stored).has_value();
}

Result<std::pair<std::string, std::string>> CryptoTables::OpenPayload(
    std::string_view chain_id, std::int64_t seq, std::span<const std::uint8_t> stored) {
  const std::string row = EventRowId(chain_id, seq);
  ATENSI_ASSIGN_OR_RETURN(std::string plain,
                          cipher_.Open(SealSite{"events", row, kPayloadField}, stored));
  Result<std::pair<std::string, std::string>> out = DecodeSealedPayload(plain);
  sodium_memzero(plain.data(), plain.size());
  return out;
}

Result<std::uint64_t> CryptoTables::RekeyEvents(std::string& after, std::size_t limit) {
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
    std::string reason;
    std::string changes;
  };
  std::vector<Row> rows;
  {
    ATENSI_ASSIGN_OR_RETURN(
        Stmt q, db_.Prepare(std::string("SELECT chain_id, seq, reason, changes FROM events WHERE "
                                        "(chain_id, seq) > (?1, ?2) AND ") +
                            kSealableEvent +
                            " AND substr(changes, 1, 7) IS NOT ?3 ORDER BY chain_id, seq "
                            "LIMIT ?4"));
    q.Bind(1, std::string_view(after_chain))
        .Bind(2, after_seq)
        .BindBlob(3, EnvelopePrefix(cipher_.current_id()))
        .Bind(4, static_cast<std::int64_t>(limit));
    while (true) {
      ATENSI_ASSIGN_OR_RETURN(bool row, q.Step());
      if (!row) break;
      Row r{q.Text(0), q.Int64(1), {}, {}};
      if (IsSealedPayload(q.BlobView(3))) {
        ATENSI_ASSIGN_OR_RETURN(auto p, OpenPayload(r.chain, r.seq, q.BlobView(3)));
        r.reason = std::move(p.first);
        r.changes = std::move(p.second);
      } else {
        r.reason = q.Text(2);
        r.changes = q.Text(3);
      }
      rows.push_back(std::move(r));
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
    ATENSI_ASSIGN_OR_RETURN(
        Stmt up, db_.Prepare("UPDATE events SET reason = '', changes = ?3 WHERE chain_id = ?1 AND "
                             "seq = ?2"));
    up.Bind(1, std::string_view(r.chain)).Bind(2, r.seq).BindBlob(3, Bytes(*sealed));
    ATENSI_RETURN_IF_ERROR(up.Run());
    after = r.chain + '\n' + std::to_string(r.seq);
  }
  return static_cast<std::uint64_t>(rows.size());
}

Result<std::uint64_t> CryptoTables::CountPending() {
  std::uint64_t pending = 0;
  const auto prefix = EnvelopePrefix(cipher_.current_id());
  for (const SealedTable& t : kSealedTables) {
    ATENSI_ASSIGN_OR_RETURN(Stmt q, db_.Prepare("SELECT count(*) FROM " + std::string(t.table) +
                                                " WHERE substr(doc, 1, 7) IS NOT ?1"));
    q.BindBlob(1, prefix);
    ATENSI_ASSIGN_OR_RETURN(bool row, q.Step());
    if (row) pending += static_cast<std::uint64_t>(q.Int64(0));
  }
  ATENSI_ASSIGN_OR_RETURN(
      Stmt q, db_.Prepare(std::string("SELECT count(*) FROM events WHERE ") + kSealableEvent +
                          " AND substr(changes, 1, 7) IS NOT ?1"));
  q.BindBlob(1, prefix);
  ATENSI_ASSIGN_OR_RETURN(bool row, q.Step());
  if (row) pending += static_cast<std::uint64_t>(q.Int64(0));
  return pending;
}

Result<EncryptionInfo> CryptoTables::Info() {
  EncryptionInfo info;
  info.encrypted = cipher_.store_encrypted();
  info.current_key = cipher_.current_id();
  info.live_keys = live_keys_;
  if (info.encrypted || cipher_.has_current()) {
    ATENSI_ASSIGN_OR_RETURN(info.records_pending, CountPending());
  }
  return info;
}

Status CryptoTables::BeginRotation(const EncryptionKey& new_key) {
  ATENSI_RETURN_IF_ERROR(Register(new_key));
  cipher_.SetCurrent(new_key);
  return LoadState();
}

Result<std::uint64_t> CryptoTables::RekeyBatch(RekeyCursor& cursor, std::size_t limit) {
  if (!cipher_.has_current()) {
    return FailedPrecondition("crypto.key_missing", "key", "a rotation needs the new key");
  }
  std::uint64_t done = 0;
  while (cursor.table != kRekeyDone && done < limit) {
    const int t = cursor.table;
    const std::size_t want = limit - done;
    // Steps: see kSealedTables.
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

Result<std::uint64_t> CryptoTables::RekeyChildren(std::string& after, std::size_t limit) {
  std::vector<std::pair<std::string, std::string>> rows;  // id, plaintext
  {
    ATENSI_ASSIGN_OR_RETURN(
        Stmt q, db_.Prepare("SELECT id, doc FROM children WHERE id > ?1 AND substr(doc, 1, 7) IS "
                            "NOT ?2 ORDER BY id LIMIT ?3"));
    q.Bind(1, std::string_view(after))
        .BindBlob(2, EnvelopePrefix(cipher_.current_id()))
        .Bind(3, static_cast<std::int64_t>(limit));
    while (true) {
      ATENSI_ASSIGN_OR_RETURN(bool row, q.Step());
      if (!row) break;
      std::string id = q.Text(0);
      ATENSI_ASSIGN_OR_RETURN(std::string plain, Open("children", id, q.BlobView(1)));
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
    ATENSI_ASSIGN_OR_RETURN(std::optional<std::string> nik, IndexColumn(kNikIndex, child->nik));
    ATENSI_ASSIGN_OR_RETURN(std::optional<std::string> roster,
                            IndexColumn(kRosterKeyIndex, child->roster_key));
    ATENSI_ASSIGN_OR_RETURN(std::string sealed, Seal("children", id, plain));
    sodium_memzero(plain.data(), plain.size());
    ATENSI_ASSIGN_OR_RETURN(Stmt up, db_.Prepare("UPDATE children SET doc = ?2, nik = ?3, "
                                                 "roster_key = ?4, birth_date = '' WHERE id = ?1"));
    up.Bind(1, std::string_view(id)).Bind(3, nik).Bind(4, roster);
    BindSealed(up, 2, sealed);
    ATENSI_RETURN_IF_ERROR(up.Run());
    after = id;
  }
  return static_cast<std::uint64_t>(rows.size());
}

Result<std::uint64_t> CryptoTables::RekeyDocs(std::string_view table, std::string_view id_column,
                                              std::string& after, std::size_t limit) {
  const std::string t(table);
  const std::string c(id_column);
  std::vector<std::pair<std::string, std::string>> rows;
  {
    ATENSI_ASSIGN_OR_RETURN(
        Stmt q, db_.Prepare("SELECT " + c + ", doc FROM " + t + " WHERE " + c +
                            " > ?1 AND substr(doc, 1, 7) IS NOT ?2 ORDER BY " + c + " LIMIT ?3"));
    q.Bind(1, std::string_view(after))
        .BindBlob(2, EnvelopePrefix(cipher_.current_id()))
        .Bind(3, static_cast<std::int64_t>(limit));
    while (true) {
      ATENSI_ASSIGN_OR_RETURN(bool row, q.Step());
      if (!row) break;
      std::string id = q.Text(0);
      ATENSI_ASSIGN_OR_RETURN(std::string plain, Open(table, id, q.BlobView(1)));
      rows.emplace_back(std::move(id), std::move(plain));
    }
  }
  const std::string update = "UPDATE " + t + " SET doc = ?2 WHERE " + c + " = ?1";
  for (auto& [id, plain] : rows) {
    ATENSI_ASSIGN_OR_RETURN(std::string sealed, Seal(table, id, plain));
    sodium_memzero(plain.data(), plain.size());
    ATENSI_ASSIGN_OR_RETURN(Stmt up, db_.Prepare(update));
    up.Bind(1, std::string_view(id));
    BindSealed(up, 2, sealed);
    ATENSI_RETURN_IF_ERROR(up.Run());
    after = id;
  }
  return static_cast<std::uint64_t>(rows.size());
}

Result<std::vector<std::uint32_t>> CryptoTables::FinishRotation() {
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
    ATENSI_ASSIGN_OR_RETURN(Stmt q, db_.Prepare("UPDATE crypto_keys SET retired = 1 WHERE key_id "
                                                "!= ?1 AND retired = 0 RETURNING key_id"));
    q.Bind(1, static_cast<std::int64_t>(cipher_.current_id()));
    while (true) {
      ATENSI_ASSIGN_OR_RETURN(bool row, q.Step());
      if (!row) break;
      retired.push_back(static_cast<std::uint32_t>(q.Int64(0)));
    }
  }
  ATENSI_RETURN_IF_ERROR(
      db_.Exec("INSERT OR REPLACE INTO crypto_state (name, value) VALUES ('all_sealed', 1)"));
  ATENSI_RETURN_IF_ERROR(LoadState());
  return retired;
}

}  // namespace atensi::store
