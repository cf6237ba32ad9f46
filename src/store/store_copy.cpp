// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// CopyStore: moving an office's store into the shared PostgreSQL store and a
// region back out (issue #10; include/atensi/store/store_copy.h). The
// driver: which tables, in which order, which rows of each (the region
// scope), the checkpoint rule, the refusals. The backends (sqlite_copy.cpp,
// pg/pg_copy.cpp) only read and write rows.

#include "atensi/store/store_copy.h"

#include <algorithm>
#include <map>
#include <memory>
#include <set>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "atensi/store/case_store.h"
#include "atensi/store/pg_case_store.h"
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

Result<std::unique_ptr<CaseStore>> OpenStore(const std::string& path, bool create) {
  if (IsPostgresUri(path)) {
    PgStoreOptions o;
    o.uri = path;
    o.create_if_missing = create;
    return OpenPgCaseStore(o);
  }
  SqliteStoreOptions o;
  o.path = path;
  o.create_if_missing = create;
  return OpenSqliteCaseStore(o);
}

Result<std::unique_ptr<CopyEnd>> OpenEnd(const std::string& path) {
  if (IsPostgresUri(path)) return store::OpenPgCopyEnd(path);
  return store::OpenSqliteCopyEnd(path);
}

// The whole store's audit trail (chains, checkpoints and every record row
// against its chain), in a read transaction of its own.
Result<VerifyReport> VerifyStore(const std::string& path) {
  ATENSI_ASSIGN_OR_RETURN(std::unique_ptr<CaseStore> s, OpenStore(path, /*create=*/false));
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
  Copier(const StoreCopyOptions& options, CopyEnd& source, CopyEnd& target)
      : options_(options), source_(source), target_(target) {
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
      select += (select.empty() ? "" : ", ") + c;
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
      after.clear();
      for (std::size_t p : key_pos) after.push_back(rows.back()[p]);
      if (rows.size() < options_.batch_rows) break;
    }
    return copied;
  }

 private:
  const StoreCopyOptions& options_;
  CopyEnd& source_;
  CopyEnd& target_;
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

  for (CopyEnd* end : {source.get(), target.get()}) {
    ATENSI_ASSIGN_OR_RETURN(
        bool keys, HasAnyRow(*end, end == source.get() ? from_tables : to_tables, "crypto_keys"));
    if (keys) {
      return FailedPrecondition("copy.encrypted", end == source.get() ? "from" : "to",
                                "copying an encrypted store is not supported: its sealed columns "
                                "are bound to its keys (docs/postgresql.md)");
    }
  }
  if (options.verify_source) {
    ATENSI_ASSIGN_OR_RETURN(VerifyReport v, VerifyStore(options.from));
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

  Copier copier(options, *source, *target);
  std::set<std::string> copied_tables;
  for (const CopyTable* t : order) {
    if (IsCheckpointTable(t->name) && !copy_checkpoints) continue;
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
  ATENSI_ASSIGN_OR_RETURN(VerifyReport in_txn, target->VerifyLog());
  if (!in_txn.ok) {
    return Corruption("copy.target_broken",
                      "the copied event log does not verify on the target; rolled back");
  }
  ATENSI_RETURN_IF_ERROR(target->Commit());
  target.reset();
  source.reset();
  ATENSI_ASSIGN_OR_RETURN(report.target_verify, VerifyStore(options.to));
  return report;
}

}  // namespace atensi
