// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0

#include "store/sqlite_db.h"

#include <filesystem>
#include <string>
#include <system_error>
#include <utility>

namespace atensi::store {

Status SqliteError(int rc, std::string_view what, sqlite3* db) {
  std::string message(what);
  message += ": ";
  // sqlite3_errmsg describes the most recent failure on the connection; it
  // names tables and columns only (all values are bound parameters).
  message += db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Busy("store.busy", message + " (database locked beyond the busy timeout)");
    case SQLITE_PROTOCOL:
      // WAL: the lock on the wal-index could not be taken after SQLite's own
      // retries (persistent contention); a busy condition, not a bug.
      return Busy("store.busy", message + " (write-ahead-log lock contention)");
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_PERM:
      return IoError("store.io", message);
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return Corruption("store.corrupt", message);
    case SQLITE_CONSTRAINT:
      if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY) {
        return AlreadyExists("store.exists", "", message);
      }
      return InvalidArgument("store.constraint", "", message);
    default:
      return Internal("store.sqlite", message);
  }
}

// ---- Stmt -------------------------------------------------------------------

Stmt::Stmt(sqlite3_stmt* stmt, sqlite3* db, bool* in_use, bool owned)
    : stmt_(stmt), db_(db), in_use_(in_use), owned_(owned) {}

Stmt::Stmt(Stmt&& other) noexcept
    : stmt_(std::exchange(other.stmt_, nullptr)),
      db_(other.db_),
      in_use_(std::exchange(other.in_use_, nullptr)),
      owned_(other.owned_),
      bind_rc_(other.bind_rc_) {}

Stmt::~Stmt() {
  if (stmt_ == nullptr) return;
  if (owned_) {
    sqlite3_finalize(stmt_);
    return;
  }
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  if (in_use_ != nullptr) *in_use_ = false;
}

void Stmt::NoteBind(int rc) {
  if (rc != SQLITE_OK && bind_rc_ == SQLITE_OK) bind_rc_ = rc;
}

Stmt& Stmt::Bind(int index, std::int64_t value) {
  NoteBind(sqlite3_bind_int64(stmt_, index, value));
  return *this;
}

Stmt& Stmt::Bind(int index, std::string_view text) {
  NoteBind(
      sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
  return *this;
}

Stmt& Stmt::BindBlob(int index, std::span<const std::uint8_t> bytes) {
  // A zero-length blob must still be a blob, not NULL: pass a non-null pointer.
  static const std::uint8_t kEmpty = 0;
  const void* data = bytes.empty() ? &kEmpty : bytes.data();
  NoteBind(sqlite3_bind_blob64(stmt_, index, data, bytes.size(), SQLITE_TRANSIENT));
  return *this;
}

Stmt& Stmt::BindNull(int index) {
  NoteBind(sqlite3_bind_null(stmt_, index));
  return *this;
}

Stmt& Stmt::Bind(int index, std::optional<std::int64_t> value) {
  return value ? Bind(index, *value) : BindNull(index);
}

Stmt& Stmt::Bind(int index, const std::optional<std::string>& text) {
  return text ? Bind(index, std::string_view(*text)) : BindNull(index);
}

Result<bool> Stmt::Step() {
  if (bind_rc_ != SQLITE_OK) return SqliteError(bind_rc_, "bind", db_);
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return SqliteError(sqlite3_extended_errcode(db_), "step", db_);
}

Status Stmt::Run() {
  while (true) {
    ATENSI_ASSIGN_OR_RETURN(bool row, Step());
    if (!row) return Status::Ok();
  }
}

bool Stmt::IsNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }

int Stmt::ColumnType(int col) const { return sqlite3_column_type(stmt_, col); }

std::int64_t Stmt::Int64(int col) const { return sqlite3_column_int64(stmt_, col); }

std::string Stmt::Text(int col) const {
  const unsigned char* p = sqlite3_column_text(stmt_, col);
  int n = sqlite3_column_bytes(stmt_, col);
  if (p == nullptr || n <= 0) return std::string();
  return std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(n));
}

std::vector<std::uint8_t> Stmt::Blob(int col) const {
  const void* p = sqlite3_column_blob(stmt_, col);
  int n = sqlite3_column_bytes(stmt_, col);
  if (p == nullptr || n <= 0) return {};
  const auto* b = static_cast<const std::uint8_t*>(p);
  return std::vector<std::uint8_t>(b, b + n);
}

std::string_view Stmt::TextView(int col) const {
  const unsigned char* p = sqlite3_column_text(stmt_, col);
  int n = sqlite3_column_bytes(stmt_, col);
  if (p == nullptr || n <= 0) return {};
  return {reinterpret_cast<const char*>(p), static_cast<std::size_t>(n)};
}

std::span<const std::uint8_t> Stmt::BlobView(int col) const {
  const void* p = sqlite3_column_blob(stmt_, col);
  int n = sqlite3_column_bytes(stmt_, col);
  if (p == nullptr || n <= 0) return {};
  return {static_cast<const std::uint8_t*>(p), static_cast<std::size_t>(n)};
}

std::optional<std::int64_t> Stmt::OptionalInt64(int col) const {
  if (IsNull(col)) return std::nullopt;
  return Int64(col);
}

std::optional<std::string> Stmt::OptionalText(int col) const {
  if (IsNull(col)) return std::nullopt;
  return Text(col);
}

// ---- Db ---------------------------------------------------------------------

Result<std::unique_ptr<Db>> Db::Open(const std::string& path, const DbOptions& options) {
  const bool in_memory = path == ":memory:" || path.empty();
  if (!options.create_if_missing && !in_memory) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) {
      return NotFound("store.not_found", "path",
                      "the database file does not exist and create_if_missing is off");
    }
  }
  if (options.synchronous < 0 || options.synchronous > 2) {
    return InvalidArgument("store.synchronous", "synchronous",
                           "synchronous must be off (0), normal (1) or full (2)");
  }
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
  if (options.create_if_missing) flags |= SQLITE_OPEN_CREATE;
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags,
                           options.vfs.empty() ? nullptr : options.vfs.c_str());
  if (rc != SQLITE_OK) {
    Status s = SqliteError(rc, "open", raw);
    sqlite3_close_v2(raw);
    return s;
  }
  sqlite3_extended_result_codes(raw, 1);
  std::unique_ptr<Db> db(new Db(raw));
  sqlite3_busy_timeout(raw, options.busy_timeout_ms);
  // The file must actually be a database before anything else is trusted.
  ATENSI_RETURN_IF_ERROR(db->Exec("PRAGMA foreign_keys = ON"));
  ATENSI_RETURN_IF_ERROR(db->Exec("PRAGMA trusted_schema = OFF"));
  // Page size of a NEW file (ignored for an existing one; must precede WAL).
  // Case documents and their events are ~0.5-3 KB; in a WITHOUT ROWID table
  // a row over ~1 KB spills to a mostly empty overflow page at the default
  // 4 KB, which doubled the file and every scan (docs/performance.md).
  ATENSI_RETURN_IF_ERROR(db->Exec("PRAGMA page_size = 16384"));
  // 32 MB page cache per connection (SQLite's default is 2 MB): keeps the
  // upper levels of the case and event b-trees resident at 10^6 cases.
  ATENSI_RETURN_IF_ERROR(db->Exec("PRAGMA cache_size = -32768"));
  // Statement and savepoint sub-journals in memory. A Casebook call inside a
  // Batch runs under a SAVEPOINT, whose sub-journal keeps the original of
  // every page the call touches; past SQLite's 64 KiB spill threshold (four
  // 16 KB pages: a child insert touches more) it went to a temp file, and
  // those pwrite calls were ~17% of a bulk import (docs/performance.md,
  // workload 1). A sub-journal holds only the pages of one call.
  ATENSI_RETURN_IF_ERROR(db->Exec("PRAGMA temp_store = MEMORY"));
  if (!in_memory) {
    ATENSI_ASSIGN_OR_RETURN(Stmt wal, db->Prepare("PRAGMA journal_mode = WAL"));
    ATENSI_ASSIGN_OR_RETURN(bool row, wal.Step());
    if (!row || wal.Text(0) != "wal") {
      return IoError("store.wal", "the database could not be switched to WAL journal mode");
    }
  }
  static constexpr const char* kSync[] = {"PRAGMA synchronous = OFF", "PRAGMA synchronous = NORMAL",
                                          "PRAGMA synchronous = FULL"};
  ATENSI_RETURN_IF_ERROR(db->Exec(kSync[options.synchronous]));
  return db;
}

Db::~Db() {
  for (auto& [sql, cached] : cache_) sqlite3_finalize(cached->stmt);
  cache_.clear();
  sqlite3_close_v2(db_);
}

Status Db::Exec(std::string_view sql) {
  std::string text(sql);
  char* err = nullptr;
  int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err);
  sqlite3_free(err);
  if (rc != SQLITE_OK) return SqliteError(sqlite3_extended_errcode(db_), "exec", db_);
  return Status::Ok();
}

Result<Stmt> Db::Prepare(std::string_view sql) {
  auto it = cache_.find(sql);
  if (it != cache_.end() && !it->second->in_use) {
    it->second->in_use = true;
    return Stmt(it->second->stmt, db_, &it->second->in_use, false);
  }
  std::string key(sql);
  sqlite3_stmt* stmt = nullptr;
  const bool cacheable = it == cache_.end();
  unsigned prep_flags = cacheable ? SQLITE_PREPARE_PERSISTENT : 0u;
  int rc =
      sqlite3_prepare_v3(db_, key.data(), static_cast<int>(key.size()), prep_flags, &stmt, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(stmt);
    return SqliteError(sqlite3_extended_errcode(db_), "prepare", db_);
  }
  if (stmt == nullptr) return Internal("store.empty_sql", "prepare: the statement is empty");
  if (!cacheable) return Stmt(stmt, db_, nullptr, true);
  auto cached = std::make_unique<Cached>();
  cached->stmt = stmt;
  cached->in_use = true;
  bool* flag = &cached->in_use;
  cache_.emplace(std::move(key), std::move(cached));
  return Stmt(stmt, db_, flag, false);
}

Result<std::int64_t> Db::QueryInt(std::string_view sql) {
  ATENSI_ASSIGN_OR_RETURN(Stmt stmt, Prepare(sql));
  ATENSI_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return Internal("store.no_row", "a scalar query returned no row");
  return stmt.Int64(0);
}

std::int64_t Db::Changes() const { return sqlite3_changes64(db_); }

bool Db::InTransaction() const { return sqlite3_get_autocommit(db_) == 0; }

// ---- Transaction ------------------------------------------------------------

Result<Transaction> Transaction::Begin(Db& db, Mode mode) {
  if (db.InTransaction()) {
    return Internal("store.nested_transaction", "a transaction is already open on this connection");
  }
  ATENSI_ASSIGN_OR_RETURN(Stmt begin,
                          db.Prepare(mode == Mode::kWrite ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED"));
  ATENSI_RETURN_IF_ERROR(begin.Run());
  return Transaction(&db);
}

Transaction::~Transaction() {
  if (db_ != nullptr && db_->InTransaction()) db_->Exec("ROLLBACK").IgnoreError();
}

Status Transaction::Commit() {
  if (db_ == nullptr) return Internal("store.not_in_transaction", "commit without a transaction");
  Status s = Status::Ok();
  {
    Result<Stmt> commit = db_->Prepare("COMMIT");
    s = commit.ok() ? commit->Run() : commit.status();
  }
  if (!s.ok()) {
    // COMMIT can fail with BUSY and leave the transaction open; roll back so
    // the operation is all-or-nothing.
    if (db_->InTransaction()) db_->Exec("ROLLBACK").IgnoreError();
    db_ = nullptr;
    return s;
  }
  db_ = nullptr;
  return Status::Ok();
}

}  // namespace atensi::store
