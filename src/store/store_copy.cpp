// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// CopyStore: moving an office's store into the shared PostgreSQL store and a
// region back out (issue #10; include/atensi/store/store_copy.h). The
// driver: which tables, in which order, which rows of each (the region
// scope), the checkpoint rule, the refusals. The backends (sqlite_copy.cpp,
// pg/pg_copy.cpp) only read and write rows.

#include "atensi/store/store_copy.h"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <map>
#include <memory>
#include <set>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "atensi/store/case_store.h"
#include "atensi/store/pg_case_store.h"
#include "store/copy_reseal.h"
#include "store/field_cipher.h"
#include "store/region_range.h"
#include "store/store_copy.h"

namespace atensi {
namespace {

using store::CopyEnd;
using store::CopyRow;
using store::CopyTable;
using store::CopyType;
using store::CopyValue;

constexpr std::size_t kMaxBatchRows = 5000;

// Tables copied first, in this order (foreign keys of the SQLite schema point
// from later tables to earlier ones); every other table follows by name.
constexpr const char* kFirstTables[] = {"children", "cases", "events", "checkpoints",
                                        "checkpoint_tails"};

// Derived tables: never copied when the source keeps none; the target is
// told to rebuild them (store_rebuilds, migration 4).
constexpr const char* kDerivedTables[] = {"case_deadlines"};

// Derived columns: left out when the target's schema has none (they are
// recomputed from the clear row: events.subject_id, SQLite migration 8, from
// the change set; a target that has the column and a source that does not:
// the SQLite end derives it on insert).
constexpr const char* kDerivedColumns[] = {"subject_id"};

// Store-wide tables a region copy copies whole (markers, not records).
constexpr const char* kStoreWideTables[] = {"store_rebuilds"};

// A store's own key state: never copied (the target keeps its keys; the
// source's keys are not registered in it, docs/postgresql.md).
constexpr const char* kKeyStateTables[] = {"crypto_keys", "crypto_state"};

bool IsOneOf(const std::string& name, std::span<const char* const> list) {
  return std::any_of(list.begin(), list.end(), [&](const char* n) { return name == n; });
}

bool IsCheckpointTable(const std::string& name) {
  return name == "checkpoints" || name == "checkpoint_tails";
}

std::string Hex(const std::vector<std::uint8_t>& bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (std::uint8_t b : bytes) {
    out.push_back(kDigits[b >> 4]);
    out.push_back(kDigits[b & 0xF]);
  }
  return out;
}

Result<std::unique_ptr<CaseStore>> OpenStore(const std::string& path, bool create,
                                             std::shared_ptr<const EncryptionKey> key = nullptr,
                                             KeyProvider provider = nullptr) {
  if (IsPostgresUri(path)) {
    PgStoreOptions o;
    o.uri = path;
    o.create_if_missing = create;
    o.key = std::move(key);
    o.key_provider = std::move(provider);
    return OpenPgCaseStore(o);
  }
  SqliteStoreOptions o;
  o.path = path;
  o.create_if_missing = create;
  o.key = std::move(key);
  o.key_provider = std::move(provider);
  return OpenSqliteCaseStore(o);
}

Result<std::unique_ptr<CopyEnd>> OpenEnd(const std::string& path) {
  if (IsPostgresUri(path)) return store::OpenPgCopyEnd(path);
  return store::OpenSqliteCopyEnd(path);
}

// The whole store's audit trail (chains, checkpoints and every record row
// against its chain), in a read transaction of its own.
// With a key when the store is encrypted (Verify opens every record); the
// key was checked against the store before (a known id: nothing is written).
Result<VerifyReport> VerifyStore(const std::string& path, std::shared_ptr<const EncryptionKey> key,
                                 KeyProvider provider) {
  ATENSI_ASSIGN_OR_RETURN(std::unique_ptr<CaseStore> s,
                          OpenStore(path, /*create=*/false, std::move(key), std::move(provider)));
  ATENSI_ASSIGN_OR_RETURN(std::unique_ptr<CaseStore::Txn> txn, s->BeginRead());
  return s->Verify();
}

// The region scope of one table as a WHERE condition (empty = all rows), or
// nullopt when the table cannot be scoped to a region.
std::optional<std::string> ScopeOf(const CopyTable& t, const CopyEnd& end, bool region) {
  if (!region) return std::string();
  const std::string lo = end.Placeholder(1);
  const std::string hi = end.Placeholder(2);
  const std::string children =
      "SELECT id FROM children WHERE domicile BETWEEN " + lo + " AND " + hi;
  const std::string cases = "SELECT id FROM cases WHERE region BETWEEN " + lo + " AND " + hi;
  if (t.name == "children") return "domicile BETWEEN " + lo + " AND " + hi;
  if (t.name == "cases") return "region BETWEEN " + lo + " AND " + hi;
  if (t.name == "events") {
    return "(chain_id IN (" + children + ") OR chain_id IN (" + cases + "))";
  }
  if (t.Has("child_id")) return "child_id IN (" + children + ")";
  if (t.Has("case_id")) return "case_id IN (" + cases + ")";
  if (IsOneOf(t.name, kStoreWideTables)) return std::string();
  return std::nullopt;
}

class Copier {
 public:
  Copier(const StoreCopyOptions& options, CopyEnd& source, CopyEnd& target,
         store::CopyResealer& resealer)
      : options_(options), source_(source), target_(target), resealer_(resealer) {
    if (options.region) range_ = store::RegionSubtreeRange(*options.region);
  }

  // Base parameters of every scoped SELECT: the region range, when any.
  [[nodiscard]] CopyRow BaseParams() const {
    CopyRow p;
    if (options_.region) {
      p.emplace_back(range_.first);
      p.emplace_back(range_.second);
    }
    return p;
  }

  Result<std::int64_t> CountRows(const CopyTable& t, const std::string& scope) {
    std::string sql = "SELECT count(*) FROM " + t.name;
    if (!scope.empty()) sql += " WHERE " + scope;
    CopyRow params = scope.empty() ? CopyRow() : BaseParams();
    ATENSI_ASSIGN_OR_RETURN(std::vector<CopyRow> rows,
                            source_.Select(sql, params, {CopyType::kInteger}));
    if (rows.empty() || !std::holds_alternative<std::int64_t>(rows[0][0])) return 0;
    return std::get<std::int64_t>(rows[0][0]);
  }

  // Streams the scoped rows of `t` (columns `columns`) into the target in
  // keyset order, `batch_rows` at a time.
  // With `drop_first`, the first column is scanned (and ordered by) but not
  // inserted.
  Result<std::uint64_t> CopyTableRows(const CopyTable& t, const std::vector<std::string>& columns,
                                      const std::string& scope, bool drop_first) {
    if (t.key.empty()) {
      return Internal("copy.no_key", "a table without a primary key cannot be streamed");
    }
    std::vector<CopyType> types;
    std::string select;
    for (const std::string& c : columns) {
      for (const store::CopyColumn& col : t.columns) {
        if (col.name == c) types.push_back(col.type);
      }
      select += (select.empty() ? "" : ", ") + source_.SelectExpr(t, c);
    }
    const std::vector<std::string> insert_columns(columns.begin() + (drop_first ? 1 : 0),
                                                  columns.end());
    std::vector<std::size_t> key_pos;
    std::string key_list;
    for (const std::string& k : t.key) {
      auto it = std::find(columns.begin(), columns.end(), k);
      if (it == columns.end()) {
        return Internal("copy.key_not_copied", "a key column is not among the copied ones");
      }
      key_pos.push_back(static_cast<std::size_t>(it - columns.begin()));
      key_list += (key_list.empty() ? "" : ", ") + k;
    }
    std::uint64_t copied = 0;
    CopyRow after;
    while (true) {
      CopyRow params = scope.empty() ? CopyRow() : BaseParams();
      std::string where = scope;
      if (!after.empty()) {
        std::string tuple;
        for (const CopyValue& v : after) {
          params.push_back(v);
          tuple +=
              (tuple.empty() ? "" : ", ") + source_.Placeholder(static_cast<int>(params.size()));
        }
        where +=
            (where.empty() ? "" : " AND ") + std::string("(") + key_list + ") > (" + tuple + ")";
      }
      std::string sql = "SELECT " + select + " FROM " + t.name;
      if (!where.empty()) sql += " WHERE " + where;
      sql += " ORDER BY " + key_list + " LIMIT " + std::to_string(options_.batch_rows);
      ATENSI_ASSIGN_OR_RETURN(std::vector<CopyRow> rows, source_.Select(sql, params, types));
      if (rows.empty()) break;
      // The keyset cursor is taken before the values are re-sealed.
      after.clear();
      for (std::size_t p : key_pos) after.push_back(rows.back()[p]);
      ATENSI_RETURN_IF_ERROR(resealer_.Transform(t.name, columns, rows));
      Status s = Status::Ok();
      if (drop_first) {
        std::vector<CopyRow> trimmed;
        trimmed.reserve(rows.size());
        for (const CopyRow& r : rows) trimmed.emplace_back(r.begin() + 1, r.end());
        s = target_.Insert(t, insert_columns, trimmed);
      } else {
        s = target_.Insert(t, insert_columns, rows);
      }
      if (!s.ok()) {
        if (s.code() == StatusCode::kAlreadyExists) {
          return AlreadyExists("copy.id_exists", t.name,
                               "the target already holds a record, chain, NIK or roster key "
                               "being copied; nothing was copied");
        }
        return s;
      }
      copied += rows.size();
      if (options_.progress) options_.progress(t.name, copied);
      if (rows.size() < options_.batch_rows) break;
    }
    return copied;
  }

 private:
  const StoreCopyOptions& options_;
  CopyEnd& source_;
  CopyEnd& target_;
  store::CopyResealer& resealer_;
  std::pair<std::int64_t, std::int64_t> range_{0, 0};
};

Result<bool> HasAnyRow(CopyEnd& end, const std::vector<CopyTable>& tables, const char* table) {
  for (const CopyTable& t : tables) {
    if (t.name != table) continue;
    ATENSI_ASSIGN_OR_RETURN(
        std::vector<CopyRow> rows,
        end.Select("SELECT 1 FROM " + t.name + " LIMIT 1", {}, {CopyType::kInteger}));
    return !rows.empty();
  }
  return false;
}

const CopyTable* Find(const std::vector<CopyTable>& tables, const std::string& name) {
  for (const CopyTable& t : tables) {
    if (t.name == name) return &t;
  }
  return nullptr;
}

// The key state a store keeps: key ids with their check values, and
// whether every record was sealed once (all_sealed).
struct StoredKey {
  store::CopyBlob check;
  bool retired = false;
};
struct KeyState {
  std::map<std::uint32_t, StoredKey> keys;
  bool all_sealed = false;
};

Result<KeyState> ReadKeyState(CopyEnd& end, const std::vector<CopyTable>& tables) {
  KeyState st;
  if (Find(tables, "crypto_keys") == nullptr) return st;
  ATENSI_ASSIGN_OR_RETURN(
      std::vector<CopyRow> rows,
      end.Select("SELECT key_id, key_check, retired FROM crypto_keys ORDER BY key_id", {},
                 {CopyType::kInteger, CopyType::kBlob, CopyType::kInteger}));
  for (const CopyRow& r : rows) {
    const auto* id = std::get_if<std::int64_t>(&r[0]);
    const auto* check = std::get_if<store::CopyBlob>(&r[1]);
    const auto* retired = std::get_if<std::int64_t>(&r[2]);
    if (id == nullptr || check == nullptr) {
      return Corruption("copy.bad_key_row", "a stored key check cannot be read");
    }
    st.keys[static_cast<std::uint32_t>(*id)] =
        StoredKey{*check, retired != nullptr && *retired != 0};
  }
  if (Find(tables, "crypto_state") != nullptr) {
    ATENSI_ASSIGN_OR_RETURN(std::vector<CopyRow> state,
                            end.Select("SELECT value FROM crypto_state WHERE name = 'all_sealed'",
                                       {}, {CopyType::kInteger}));
    st.all_sealed = !state.empty() && state[0][0] != CopyValue(std::int64_t{0}) &&
                    std::holds_alternative<std::int64_t>(state[0][0]);
  }
  return st;
}

// The key is one the store knows under its id (same check value) and not
// retired. Nothing is written: the copy never registers a source's key.
Status CheckKey(const KeyState& st, const EncryptionKey& key, const char* field) {
  const auto it = st.keys.find(key.id());
  if (it == st.keys.end()) {
    return PermissionDenied("crypto.wrong_key", field,
                            "this store has no key with id " + std::to_string(key.id()));
  }
  const std::unique_ptr<store::KeyMaterial> material = store::DeriveKeyMaterial(key);
  const std::array<std::uint8_t, 32> check = store::KeyCheck(*material);
  if (it->second.check.size() != check.size() ||
      sodium_memcmp(it->second.check.data(), check.data(), check.size()) != 0) {
    return PermissionDenied("crypto.wrong_key", field,
                            "the key supplied as key id " + std::to_string(key.id()) +
                                " is not the key this store knows under that id");
  }
  if (it->second.retired) {
    return FailedPrecondition("crypto.key_retired", field,
                              "key id " + std::to_string(key.id()) +
                                  " was retired by a key rotation; give the current key");
  }
  return Status::Ok();
}

// Checks the keys of both stores (before anything is written) and sets the
// resealer up. Returns whether the target's key must be registered.
Result<bool> PrepareKeys(const StoreCopyOptions& options, const KeyState& from, const KeyState& to,
                         store::CopyResealer& resealer) {
  if (!from.keys.empty()) {
    if (!options.from_key) {
      return FailedPrecondition("crypto.key_missing", "from_key",
                                "the source store is encrypted: give its key");
    }
    ATENSI_RETURN_IF_ERROR(CheckKey(from, *options.from_key, "from_key"));
    // Every live key of the source may seal some record (a rotation under
    // way): each must be at hand now, not half-way through the copy.
    for (const auto& [id, stored] : from.keys) {
      if (stored.retired || id == options.from_key->id()) continue;
      if (!options.from_key_provider) {
        return FailedPrecondition("crypto.key_missing", "from_key",
                                  "the source also holds records under key id " +
                                      std::to_string(id) + " (a rotation under way): give it");
      }
      ATENSI_ASSIGN_OR_RETURN(EncryptionKey older, options.from_key_provider(id));
      if (older.id() != id) {
        return PermissionDenied("crypto.wrong_key", "from_key",
                                "the key provider returned another key id");
      }
      ATENSI_RETURN_IF_ERROR(CheckKey(from, older, "from_key"));
    }
    resealer.SetSource(*options.from_key, options.from_key_provider, from.all_sealed);
  }
  if (options.to_key) {
    if (!to.keys.empty()) ATENSI_RETURN_IF_ERROR(CheckKey(to, *options.to_key, "to_key"));
    resealer.SetTarget(*options.to_key, options.to_key_provider);
    return to.keys.empty();
  }
  if (!to.keys.empty()) {
    return FailedPrecondition("crypto.key_missing", "to_key",
                              "the target store is encrypted: give its key (the copied records "
                              "are sealed under it)");
  }
  if (!from.keys.empty()) {
    return FailedPrecondition("copy.target_key_missing", "to_key",
                              "the source's records are sealed: give the target's key (they are "
                              "never written in clear)");
  }
  return false;
}

// Registers `key` in a target that holds no key (inside the copy's
// transaction); a target without records is all-sealed from then on.
Status RegisterTargetKey(CopyEnd& target, const std::vector<CopyTable>& tables,
                         const EncryptionKey& key) {
  const std::unique_ptr<store::KeyMaterial> material = store::DeriveKeyMaterial(key);
  const std::array<std::uint8_t, 32> check = store::KeyCheck(*material);
  bool records = false;
  for (const char* t :
       {"children", "cases", "roster_facts", "referrals", "transfers", "routing_decisions"}) {
    ATENSI_ASSIGN_OR_RETURN(bool any, HasAnyRow(target, tables, t));
    records = records || any;
  }
  const CopyTable keys{"crypto_keys", {}, {"key_id"}};
  ATENSI_RETURN_IF_ERROR(target.Insert(keys, {"key_id", "key_check"},
                                       {{CopyValue(static_cast<std::int64_t>(key.id())),
                                         CopyValue(store::CopyBlob(check.begin(), check.end()))}}));
  if (!records) {
    ATENSI_ASSIGN_OR_RETURN(std::vector<CopyRow> has,
                            target.Select("SELECT 1 FROM crypto_state WHERE name = 'all_sealed'",
                                          {}, {CopyType::kInteger}));
    if (has.empty()) {
      const CopyTable state{"crypto_state", {}, {"name"}};
      ATENSI_RETURN_IF_ERROR(
          target.Insert(state, {"name", "value"},
                        {{CopyValue(std::string("all_sealed")), CopyValue(std::int64_t{1})}}));
    }
  }
  return Status::Ok();
}

}  // namespace

std::uint64_t CopiedRows(const StoreCopyReport& report, std::string_view table) {
  for (const TableCopyCount& t : report.tables) {
    if (t.table == table) return t.rows;
  }
  return 0;
}

Result<StoreCopyReport> CopyStore(const StoreCopyOptions& options, const Clock& clock) {
  if (options.from == options.to) {
    return InvalidArgument("copy.same_store", "to", "the source and the target are the same store");
  }
  if (options.batch_rows < 1 || options.batch_rows > kMaxBatchRows) {
    return InvalidArgument("copy.batch_rows", "batch_rows", "rows per batch must be 1..5000");
  }
  StoreCopyReport report;
  // Both stores exist and are at this build's schema (the source is
  // migrated like any store atensi opens; the target is created).
  { ATENSI_ASSIGN_OR_RETURN(std::unique_ptr<CaseStore> s, OpenStore(options.from, false)); }
  { ATENSI_ASSIGN_OR_RETURN(std::unique_ptr<CaseStore> t, OpenStore(options.to, true)); }
  ATENSI_ASSIGN_OR_RETURN(std::unique_ptr<CopyEnd> source, OpenEnd(options.from));
  ATENSI_ASSIGN_OR_RETURN(std::unique_ptr<CopyEnd> target, OpenEnd(options.to));
  ATENSI_RETURN_IF_ERROR(source->Begin(/*write=*/false));
  ATENSI_RETURN_IF_ERROR(target->Begin(/*write=*/true));
  ATENSI_ASSIGN_OR_RETURN(std::vector<CopyTable> from_tables, source->Tables());
  ATENSI_ASSIGN_OR_RETURN(std::vector<CopyTable> to_tables, target->Tables());

  // Keys first: a wrong or missing key is refused before anything is read
  // or written.
  ATENSI_ASSIGN_OR_RETURN(KeyState from_keys, ReadKeyState(*source, from_tables));
  ATENSI_ASSIGN_OR_RETURN(KeyState to_keys, ReadKeyState(*target, to_tables));
  store::CopyResealer resealer;
  ATENSI_ASSIGN_OR_RETURN(bool register_key, PrepareKeys(options, from_keys, to_keys, resealer));
  // The source is opened with its key only when it has keys (opening a
  // store with a key it does not know would register it there).
  const std::shared_ptr<const EncryptionKey> from_key =
      from_keys.keys.empty() ? nullptr : options.from_key;
  const KeyProvider from_provider = from_keys.keys.empty() ? nullptr : options.from_key_provider;
  if (options.verify_source) {
    ATENSI_ASSIGN_OR_RETURN(VerifyReport v, VerifyStore(options.from, from_key, from_provider));
    if (!v.ok) {
      return FailedPrecondition("copy.source_broken", "from",
                                "the source's audit trail does not verify (run verify); nothing "
                                "was copied");
    }
    report.source_verify = v;
  }
  {
    ATENSI_ASSIGN_OR_RETURN(
        std::vector<CopyRow> last,
        source->Select("SELECT seq, hash FROM checkpoints ORDER BY seq DESC LIMIT 1", {},
                       {CopyType::kInteger, CopyType::kBlob}));
    if (!last.empty()) {
      report.source_checkpoint_seq = std::get<std::int64_t>(last[0][0]);
      if (const auto* h = std::get_if<store::CopyBlob>(&last[0][1])) {
        report.source_checkpoint_hash = Hex(*h);
      }
    }
  }
  ATENSI_ASSIGN_OR_RETURN(bool target_has_checkpoints,
                          HasAnyRow(*target, to_tables, "checkpoints"));
  const bool copy_checkpoints = !options.region && !target_has_checkpoints;
  report.checkpoints_copied = copy_checkpoints && report.source_checkpoint_seq > 0;

  // Copy order.
  std::vector<const CopyTable*> order;
  for (const char* name : kFirstTables) {
    if (const CopyTable* t = Find(from_tables, name)) order.push_back(t);
  }
  std::vector<const CopyTable*> rest;
  for (const CopyTable& t : from_tables) {
    if (!IsOneOf(t.name, kFirstTables)) rest.push_back(&t);
  }
  std::sort(rest.begin(), rest.end(),
            [](const CopyTable* a, const CopyTable* b) { return a->name < b->name; });
  order.insert(order.end(), rest.begin(), rest.end());

  if (register_key) {
    ATENSI_RETURN_IF_ERROR(RegisterTargetKey(*target, to_tables, *options.to_key));
    report.target_key_registered = true;
  }
  if (options.to_key) report.target_key_id = options.to_key->id();

  Copier copier(options, *source, *target, resealer);
  std::set<std::string> copied_tables;
  for (const CopyTable* t : order) {
    if (IsCheckpointTable(t->name) && !copy_checkpoints) continue;
    if (IsOneOf(t->name, kKeyStateTables)) continue;
    const std::optional<std::string> scope = ScopeOf(*t, *source, options.region.has_value());
    const CopyTable* into = Find(to_tables, t->name);
    ATENSI_ASSIGN_OR_RETURN(std::int64_t count, copier.CountRows(*t, scope.value_or("")));
    if (!scope) {
      if (count > 0) {
        return Unsupported("copy.unscoped_table", t->name,
                           "a region copy cannot tell which rows of this store-wide table "
                           "belong to the region");
      }
      continue;
    }
    if (into == nullptr) {
      if (count == 0 || IsOneOf(t->name, kDerivedTables)) continue;
      return Unsupported("copy.target_lacks_table", t->name,
                         "the source holds rows of a table the target's schema does not have "
                         "(upgrade the target's atensi); nothing was copied");
    }
    std::vector<std::string> columns;
    for (const store::CopyColumn& c : t->columns) {
      if (!into->Has(c.name) && IsOneOf(c.name, kDerivedColumns)) continue;
      if (!into->Has(c.name)) {
        return Unsupported("copy.target_lacks_column", t->name,
                           "a column of the source is not in the target's schema (column " +
                               c.name + "); nothing was copied");
      }
      // The access log's seq is assigned by the store that appends: the
      // target numbers copied entries after its own, in the source's order.
      if (t->name == "access_log" && c.name == "seq") continue;
      columns.push_back(c.name);
    }
    const bool renumber = t->name == "access_log" && t->Has("seq");
    if (renumber) columns.insert(columns.begin(), "seq");  // scanned in seq order, not inserted
    ATENSI_ASSIGN_OR_RETURN(std::uint64_t rows,
                            copier.CopyTableRows(*t, columns, *scope, renumber));
    report.tables.push_back(TableCopyCount{t->name, rows});
    copied_tables.insert(t->name);
  }
  // Derived tables the source keeps none of: rebuilt by the target's Casebook.
  for (const char* derived : kDerivedTables) {
    if (copied_tables.count(derived) != 0 || Find(to_tables, derived) == nullptr) continue;
    if (CopiedRows(report, "cases") == 0) continue;
    if (Find(to_tables, "store_rebuilds") != nullptr) {
      CopyTable marker{"store_rebuilds", {{"name", CopyType::kText}}, {"name"}};
      ATENSI_ASSIGN_OR_RETURN(
          std::vector<CopyRow> has,
          target->Select("SELECT 1 FROM store_rebuilds WHERE name = " + target->Placeholder(1),
                         {CopyValue(std::string(derived))}, {CopyType::kInteger}));
      if (has.empty()) {
        ATENSI_RETURN_IF_ERROR(
            target->Insert(marker, {"name"}, {{CopyValue(std::string(derived))}}));
      }
    }
    report.rebuilt.emplace_back(derived);
  }
  if (!copy_checkpoints && CopiedRows(report, "events") > 0) {
    ATENSI_ASSIGN_OR_RETURN(std::int64_t seq, target->SealCheckpoint(clock.Now()));
    report.checkpoint_sealed = seq;
  }
  ATENSI_ASSIGN_OR_RETURN(VerifyReport in_txn, target->VerifyLog(resealer.target_sealer()));
  if (!in_txn.ok) {
    return Corruption("copy.target_broken",
                      "the copied event log does not verify on the target; rolled back");
  }
  report.resealed = resealer.resealed();
  ATENSI_RETURN_IF_ERROR(target->Commit());
  target.reset();
  source.reset();
  ATENSI_ASSIGN_OR_RETURN(report.target_verify,
                          VerifyStore(options.to, options.to_key, options.to_key_provider));
  return report;
}

}  // namespace atensi
