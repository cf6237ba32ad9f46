// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// A thin RAII layer over the SQLite C API, private to the store module.
//
//   Db           one connection; owns a statement cache keyed by SQL text so
//                each statement is prepared once and reused for the life of
//                the connection (SQLITE_PREPARE_PERSISTENT).
//   Stmt         a lease on a cached statement: bind, step, read columns. On
//                destruction the statement is reset and its bindings cleared,
//                so the next lease starts clean.
//   Transaction  BEGIN IMMEDIATE (write) or BEGIN DEFERRED (read); rolls back
//                on destruction unless Commit() succeeded.
//
// SQLite result codes are mapped onto atensi Status families:
//   BUSY, LOCKED, PROTOCOL -> Busy       "store.busy"
//   IOERR, FULL, CANTOPEN -> IoError     "store.io"
//   CORRUPT, NOTADB       -> Corruption  "store.corrupt"
//   CONSTRAINT (unique, primary key) -> AlreadyExists   "store.exists"
//   CONSTRAINT (other: FK, CHECK, trigger) -> InvalidArgument "store.constraint"
//   anything else         -> Internal    "store.sqlite"
// Messages carry SQLite's own text, which names tables and columns but never
// bound values (every value is bound, never spliced into SQL), so no personal
// data can reach a Status.

#ifndef ATENSI_SRC_STORE_SQLITE_DB_H_
#define ATENSI_SRC_STORE_SQLITE_DB_H_

#include <sqlite3.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "atensi/status.h"

namespace atensi::store {

// Maps a SQLite result code (primary or extended) onto a Status. `what`
// names the operation ("prepare", "step", "open") for the message.
Status SqliteError(int rc, std::string_view what, sqlite3* db);

class Db;

// A lease on a prepared statement. Move-only. Columns are 0-based, parameters
// 1-based (SQLite convention).
class Stmt {
 public:
  Stmt(Stmt&& other) noexcept;
  Stmt& operator=(Stmt&&) = delete;
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  ~Stmt();

  // Bind helpers. A failed bind is remembered and reported by the next Step().
  Stmt& Bind(int index, std::int64_t value);
  Stmt& Bind(int index, std::string_view text);
  Stmt& BindBlob(int index, std::span<const std::uint8_t> bytes);
  Stmt& BindNull(int index);
  Stmt& Bind(int index, std::optional<std::int64_t> value);
  Stmt& Bind(int index, const std::optional<std::string>& text);

  // Advances: true when a row is available, false when done.
  Result<bool> Step();
  // Steps to completion, expecting no rows.
  Status Run();

  [[nodiscard]] bool IsNull(int col) const;
  // The storage class of a column of the current row (SQLITE_INTEGER,
  // SQLITE_FLOAT, SQLITE_TEXT, SQLITE_BLOB or SQLITE_NULL).
  [[nodiscard]] int ColumnType(int col) const;
  [[nodiscard]] std::int64_t Int64(int col) const;
  [[nodiscard]] std::string Text(int col) const;
  [[nodiscard]] std::vector<std::uint8_t> Blob(int col) const;
  // Zero-copy views of a column, valid until the next Step() or the end of
  // the lease (hot loops such as Verify).
  [[nodiscard]] std::string_view TextView(int col) const;
  [[nodiscard]] std::span<const std::uint8_t> BlobView(int col) const;
  [[nodiscard]] std::optional<std::int64_t> OptionalInt64(int col) const;
  [[nodiscard]] std::optional<std::string> OptionalText(int col) const;

 private:
  friend class Db;
  Stmt(sqlite3_stmt* stmt, sqlite3* db, bool* in_use, bool owned);
  void NoteBind(int rc);

  sqlite3_stmt* stmt_ = nullptr;
  sqlite3* db_ = nullptr;
  bool* in_use_ = nullptr;  // cache flag, or nullptr for an owned statement
  bool owned_ = false;      // finalize on destruction (cache slot was busy)
  int bind_rc_ = SQLITE_OK;
};

// Options for Db::Open.
struct DbOptions {
  bool create_if_missing = true;
  int busy_timeout_ms = 5000;
  // PRAGMA synchronous: 0 = OFF, 1 = NORMAL, 2 = FULL.
  int synchronous = 2;
  // Name of a registered sqlite3_vfs to open the file with; empty = default.
  std::string vfs;
};

class Db {
 public:
  // Opens `path` (":memory:" allowed), sets the busy timeout and the
  // connection PRAGMAs: journal_mode=WAL, foreign_keys=ON, synchronous.
  // NotFound "store.not_found" when the file is missing and
  // !create_if_missing.
  static Result<std::unique_ptr<Db>> Open(const std::string& path, const DbOptions& options);

  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;
  ~Db();

  // Runs one or more SQL statements with no parameters and no rows
  // (migrations, PRAGMAs).
  Status Exec(std::string_view sql);

  // A lease on the cached statement for `sql`, preparing it on first use. If
  // the cached statement is already leased (nested use), a fresh statement
  // is prepared and finalized when the lease ends.
  Result<Stmt> Prepare(std::string_view sql);

  // Single integer result of a query such as "PRAGMA user_version".
  Result<std::int64_t> QueryInt(std::string_view sql);

  // Rows changed by the most recent INSERT/UPDATE/DELETE.
  [[nodiscard]] std::int64_t Changes() const;
  [[nodiscard]] bool InTransaction() const;
  [[nodiscard]] sqlite3* handle() const { return db_; }

 private:
  explicit Db(sqlite3* db) : db_(db) {}
  struct Cached {
    sqlite3_stmt* stmt = nullptr;
    bool in_use = false;
  };
  sqlite3* db_ = nullptr;
  // Transparent hashing: a lookup by string_view allocates nothing (hot
  // paths prepare several statements per operation).
  struct SqlHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept {
      return std::hash<std::string_view>{}(s);
    }
  };
  // unique_ptr keeps each entry's address stable for the in_use flag.
  std::unordered_map<std::string, std::unique_ptr<Cached>, SqlHash, std::equal_to<>> cache_;
};

// One transaction. Begin() starts it; the destructor rolls back unless
// Commit() returned OK.
class Transaction {
 public:
  enum class Mode { kRead, kWrite };
  static Result<Transaction> Begin(Db& db, Mode mode);

  Transaction(Transaction&& other) noexcept : db_(other.db_) { other.db_ = nullptr; }
  Transaction& operator=(Transaction&&) = delete;
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();

  Status Commit();

 private:
  explicit Transaction(Db* db) : db_(db) {}
  Db* db_ = nullptr;  // nullptr once committed or rolled back
};

}  // namespace atensi::store

#endif  // ATENSI_SRC_STORE_SQLITE_DB_H_
