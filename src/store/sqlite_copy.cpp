// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// The SQLite end of CopyStore (store/store_copy.h): raw rows of an atensi
// SQLite file. Values keep their storage class as SQLite holds it (a digest
// stays a BLOB, a document TEXT), so the copied bytes are the hashed bytes.

#include <sqlite3.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "store/event_log.h"
#include "store/sqlite_db.h"
#include "store/store_copy.h"

namespace atensi::store {
namespace {

CopyType TypeOfDeclared(std::string declared) {
  for (char& ch : declared) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  if (declared.find("INT") != std::string::npos) return CopyType::kInteger;
  if (declared.find("BLOB") != std::string::npos) return CopyType::kBlob;
  return CopyType::kText;
}

void BindValue(Stmt& stmt, int index, const CopyValue& v) {
  if (const auto* i = std::get_if<std::int64_t>(&v)) {
    stmt.Bind(index, *i);
  } else if (const auto* t = std::get_if<std::string>(&v)) {
    stmt.Bind(index, std::string_view(*t));
  } else if (const auto* b = std::get_if<CopyBlob>(&v)) {
    stmt.BindBlob(index, *b);
  } else {
    stmt.BindNull(index);
  }
}

class SqliteCopyEnd final : public CopyEnd {
 public:
  explicit SqliteCopyEnd(std::unique_ptr<Db> db) : db_(std::move(db)) {}

  Result<std::vector<CopyTable>> Tables() override {
    std::vector<std::string> names;
    {
      ATENSI_ASSIGN_OR_RETURN(Stmt s, db_->Prepare("SELECT name FROM sqlite_schema WHERE type = "
                                                   "'table' AND name NOT LIKE 'sqlite_%' "
                                                   "ORDER BY name"));
      while (true) {
        ATENSI_ASSIGN_OR_RETURN(bool row, s.Step());
        if (!row) break;
        names.push_back(s.Text(0));
      }
    }
    std::vector<CopyTable> out;
    for (const std::string& name : names) {
      CopyTable t;
      t.name = name;
      std::vector<std::pair<std::int64_t, std::string>> key;
      // table_info's argument cannot be bound; `name` comes from sqlite_schema.
      ATENSI_ASSIGN_OR_RETURN(Stmt s,
                              db_->Prepare("SELECT name, type, pk FROM pragma_table_info(?1)"));
      s.Bind(1, std::string_view(name));
      while (true) {
        ATENSI_ASSIGN_OR_RETURN(bool row, s.Step());
        if (!row) break;
        t.columns.push_back(CopyColumn{s.Text(0), TypeOfDeclared(s.Text(1))});
        if (s.Int64(2) > 0) key.emplace_back(s.Int64(2), s.Text(0));
      }
      std::sort(key.begin(), key.end());
      for (auto& [pos, col] : key) t.key.push_back(std::move(col));
      if (t.name == "events" && t.Has("subject_id")) events_subject_id_ = true;
      out.push_back(std::move(t));
    }
    return out;
  }

  [[nodiscard]] std::string Placeholder(int n) const override { return "?" + std::to_string(n); }

  Status Begin(bool write) override {
    ATENSI_ASSIGN_OR_RETURN(
        Transaction txn,
        Transaction::Begin(*db_, write ? Transaction::Mode::kWrite : Transaction::Mode::kRead));
    txn_.emplace(std::move(txn));
    // A deferred transaction takes its snapshot at the first read.
    if (!write)
      ATENSI_RETURN_IF_ERROR(db_->QueryInt("SELECT count(*) FROM sqlite_schema").status());
    return Status::Ok();
  }

  Status Commit() override {
    if (!txn_) return Internal("store.not_in_transaction", "commit without a transaction");
    Status s = txn_->Commit();
    txn_.reset();
    return s;
  }

  Result<std::vector<CopyRow>> Select(const std::string& sql, const CopyRow& params,
                                      const std::vector<CopyType>& types) override {
    ATENSI_ASSIGN_OR_RETURN(Stmt s, db_->Prepare(sql));
    for (std::size_t i = 0; i < params.size(); ++i)
      BindValue(s, static_cast<int>(i + 1), params[i]);
    std::vector<CopyRow> out;
    while (true) {
      ATENSI_ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      CopyRow r;
      r.reserve(types.size());
      for (std::size_t c = 0; c < types.size(); ++c) {
        const int col = static_cast<int>(c);
        if (s.IsNull(col)) {
          r.emplace_back(std::monostate{});
          continue;
        }
        switch (s.ColumnType(col)) {
          case SQLITE_INTEGER:
            r.emplace_back(s.Int64(col));
            break;
          case SQLITE_BLOB: {
            auto view = s.BlobView(col);
            r.emplace_back(CopyBlob(view.begin(), view.end()));
            break;
          }
          default:
            r.emplace_back(s.Text(col));
            break;
        }
      }
      out.push_back(std::move(r));
    }
    return out;
  }

  Status Insert(const CopyTable& table, const std::vector<std::string>& given,
                const std::vector<CopyRow>& given_rows) override {
    if (given_rows.empty()) return Status::Ok();
    std::vector<std::string> columns = given;
    const std::vector<CopyRow>* rows_ptr = &given_rows;
    std::vector<CopyRow> derived;
    if (table.name == "events" && events_subject_id_ &&
        std::find(given.begin(), given.end(), "subject_id") == given.end()) {
      ATENSI_ASSIGN_OR_RETURN(derived, WithSubjectId(given, given_rows));
      columns.emplace_back("subject_id");
      rows_ptr = &derived;
    }
    const std::vector<CopyRow>& rows = *rows_ptr;
    std::string cols;
    std::string one = "(";
    for (std::size_t i = 0; i < columns.size(); ++i) {
      cols += (i == 0 ? "" : ", ") + columns[i];
      one += (i == 0 ? "?" : ", ?");
    }
    one += ")";
    std::string sql = "INSERT INTO " + table.name + " (" + cols + ") VALUES ";
    for (std::size_t r = 0; r < rows.size(); ++r) sql += (r == 0 ? "" : ", ") + one;
    ATENSI_ASSIGN_OR_RETURN(Stmt s, db_->Prepare(sql));
    int index = 1;
    for (const CopyRow& row : rows) {
      for (const CopyValue& v : row) BindValue(s, index++, v);
    }
    return s.Run();
  }

  Result<std::int64_t> SealCheckpoint(Instant at) override {
    EventLog log(*db_);
    return log.Checkpoint(at);
  }

  Result<VerifyReport> VerifyLog(PayloadSealer* sealer) override {
    EventLog log(*db_);
    log.set_sealer(sealer);
    return log.Verify();
  }

 private:
  // events.subject_id (migration 8) for a source that does not keep it: the
  // referral / transfer / routing id a dotted event's clear change set names
  // (as the migration's backfill computes it); NULL otherwise.
  static Result<std::vector<CopyRow>> WithSubjectId(const std::vector<std::string>& columns,
                                                    const std::vector<CopyRow>& rows) {
    const auto at = [&](const char* name) {
      return static_cast<std::size_t>(std::find(columns.begin(), columns.end(), name) -
                                      columns.begin());
    };
    const std::size_t action = at("action");
    const std::size_t changes = at("changes");
    if (action == columns.size() || changes == columns.size()) {
      return Internal("copy.events_columns", "action and changes must be copied");
    }
    std::vector<CopyRow> out;
    out.reserve(rows.size());
    for (const CopyRow& row : rows) {
      CopyRow r = row;
      CopyValue subject = std::monostate{};
      const auto* a = std::get_if<std::string>(&row[action]);
      const auto* c = std::get_if<std::string>(&row[changes]);
      if (a != nullptr && c != nullptr) {
        const char* key = a->starts_with("referral.")   ? "referral_id"
                          : a->starts_with("transfer.") ? "transfer_id"
                          : a->starts_with("routing.")  ? "routing_id"
                                                        : nullptr;
        if (key != nullptr) {
          nlohmann::json j = nlohmann::json::parse(*c, nullptr, /*allow_exceptions=*/false);
          if (j.is_object() && j.contains(key) && j[key].is_object() && j[key].contains("after") &&
              j[key]["after"].is_string()) {
            subject = j[key]["after"].get<std::string>();
          }
        }
      }
      r.push_back(std::move(subject));
      out.push_back(std::move(r));
    }
    return out;
  }

  bool events_subject_id_ = false;
  std::unique_ptr<Db> db_;
  std::optional<Transaction> txn_;
};

}  // namespace

Result<std::unique_ptr<CopyEnd>> OpenSqliteCopyEnd(const std::string& path) {
  DbOptions o;
  o.create_if_missing = false;
  ATENSI_ASSIGN_OR_RETURN(std::unique_ptr<Db> db, Db::Open(path, o));
  return std::unique_ptr<CopyEnd>(std::make_unique<SqliteCopyEnd>(std::move(db)));
}

}  // namespace atensi::store
