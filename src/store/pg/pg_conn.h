// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// A thin RAII layer over libpq, private to the store module (the PostgreSQL
// twin of sqlite_db.h).
//
//   Conn      one connection from a postgresql:// URI; owns a prepared
//             statement cache keyed by SQL text, so each statement is parsed
//             and planned once per connection (PQprepare) and then executed
//             by name.
//   Params    the parameters of one statement. Values travel as text (bytea
//             as binary); Add() returns the "$n" placeholder, so SQL whose
//             shape depends on the filters present numbers its parameters
//             contiguously (PostgreSQL must infer a type for every $n).
//   Rows      a query result (owns the PGresult).
//   PgTxn     BEGIN ISOLATION LEVEL REPEATABLE READ [READ ONLY]; rolls back on
//             destruction unless Commit() succeeded.
//
// Round trips (libpq pipeline mode, libpq >= 14). On one machine a round
// trip to the server costs more than most statements; a stage transition
// was 13 of them. Statements whose result the store never reads (BEGIN,
// the event INSERT, the chain tail UPDATE, the kept-deadline rewrite, ...)
// are queued with Defer() and sent in one pipeline with the next statement
// whose result is needed (Query, Run, ExecOne, COMMIT): same statements,
// same order, same transaction, so the same rows, locks and errors; only
// the moment an error of a deferred statement is reported moves, to that
// next statement of the same transaction (a savepoint's RELEASE or the
// COMMIT at the latest), and the first error of the pipeline is the one
// reported. Nothing is ever deferred past the end of a transaction.
// ATENSI_PG_NO_PIPELINE=1 in the environment (read at connect) sends every
// statement on its own instead, as before pipelining: for measuring the
// difference (docs/performance.md), never needed otherwise.
//
// Concurrency model. Every transaction runs at REPEATABLE READ (one snapshot
// for the whole operation). Lost updates are prevented twice: rows carry a
// version checked by UPDATE ... WHERE version = $n (optimistic concurrency,
// as on SQLite), and PostgreSQL refuses to update or lock a row that a
// concurrent transaction changed after the snapshot was taken (SQLSTATE 40001).
//
// Server errors are mapped onto atensi Status families by SQLSTATE:
//   40001 serialization_failure    -> Conflict   "pg.serialization_failure"
//   40P01 deadlock_detected        -> Busy       "pg.deadlock"
//   55P03 lock_not_available       -> Busy       "pg.lock_timeout"
//   57014 query_canceled           -> Busy       "pg.timeout"
//   class 08, 57P01-57P03, a dead connection -> IoError "pg.connection_lost"
//   23505 unique_violation         -> AlreadyExists "store.exists"
//   other class 23 (constraints)   -> InvalidArgument "store.constraint"
//   53xxx (disk full, out of memory, too many connections) -> IoError "pg.resources"
//   P0001 raise_exception (our append-only triggers) -> FailedPrecondition "pg.append_only"
//   anything else                  -> Internal   "pg.error"
// Messages carry the SQLSTATE, the constraint, table and column names, and the
// server's primary message only for classes whose text never quotes a value
// (a unique violation's DETAIL would quote the key, a data exception the
// input): no personal data can reach a Status.

#ifndef ATENSI_SRC_STORE_PG_PG_CONN_H_
#define ATENSI_SRC_STORE_PG_PG_CONN_H_

#include <libpq-fe.h>

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
#include "atensi/store/event.h"

namespace atensi::store::pg {

// The parameters of one statement, in placeholder order.
class Params {
 public:
  // Each returns the placeholder ("$1", "$2", ...) of the value it added.
  std::string Add(std::string_view text);
  std::string Add(std::int64_t value);
  std::string Add(std::optional<std::int64_t> value);
  std::string Add(const std::optional<std::string>& text);
  std::string AddBytes(std::span<const std::uint8_t> bytes);
  std::string AddNull();

  [[nodiscard]] int size() const noexcept { return static_cast<int>(values_.size()); }

 private:
  friend class Conn;
  std::string Placeholder() const { return "$" + std::to_string(values_.size()); }
  std::vector<std::string> values_;
  std::vector<bool> null_;
  std::vector<int> formats_;  // 0 text, 1 binary
};

// A result set. Columns and rows are 0-based. Accessors expect the column
// type the SQL selects; a NULL reads as empty / 0.
class Rows {
 public:
  Rows() = default;
  explicit Rows(PGresult* res) : res_(res, &PQclear) {}

  [[nodiscard]] int size() const noexcept { return res_ ? PQntuples(res_.get()) : 0; }
  [[nodiscard]] bool empty() const noexcept { return size() == 0; }
  [[nodiscard]] bool IsNull(int row, int col) const;
  [[nodiscard]] std::string_view TextView(int row, int col) const;
  [[nodiscard]] std::string Text(int row, int col) const { return std::string(TextView(row, col)); }
  [[nodiscard]] std::int64_t Int64(int row, int col) const;
  [[nodiscard]] std::optional<std::int64_t> OptionalInt64(int row, int col) const;
  [[nodiscard]] bool Bool(int row, int col) const;
  // A bytea column (text output "\x<hex>") decoded; empty when NULL or
  // malformed.
  [[nodiscard]] std::vector<std::uint8_t> Bytes(int row, int col) const;
  // Decodes a bytea column of exactly out.size() bytes into `out` without
  // allocating; false when NULL, malformed or of another length.
  [[nodiscard]] bool BytesInto(int row, int col, std::span<std::uint8_t> out) const;
  // The number of rows an INSERT/UPDATE/DELETE touched.
  [[nodiscard]] std::int64_t Affected() const;
  // The command tag ("COMMIT", "ROLLBACK", "INSERT 0 1", ...).
  [[nodiscard]] std::string_view CommandStatus() const;

 private:
  std::shared_ptr<PGresult> res_;
};

// Maps a failed result (or, with res == nullptr, the connection's state)
// onto a Status; `what` names the operation.
Status PgError(const PGresult* res, PGconn* conn, std::string_view what);

// Decodes a bytea digest; Corruption "store.bad_digest" unless 32 bytes.
Result<Sha256Digest> ToDigest(const std::vector<std::uint8_t>& bytes, std::string_view what);
// As ToDigest, straight from column `col` of row `row`.
Result<Sha256Digest> DigestAt(const Rows& rows, int row, int col, std::string_view what);

class Conn {
 public:
  // Connects. IoError "pg.connect" when the server cannot be reached or
  // refuses the connection; the message never repeats the URI (it may hold a
  // password).
  static Result<std::unique_ptr<Conn>> Connect(const std::string& uri);
  ~Conn();
  Conn(const Conn&) = delete;
  Conn& operator=(const Conn&) = delete;

  // Runs one or more statements without parameters (simple protocol);
  // sends the deferred statements first.
  Status Exec(std::string_view sql);
  // Runs ONE statement without parameters, in the same pipeline as the
  // deferred statements (one round trip); returns its result.
  Result<Rows> ExecOne(const std::string& sql);
  // Queues `sql` with `params` (a cached prepared statement) to be sent with
  // the next statement whose result is needed; its result is discarded and
  // its error, if any, is returned by that statement. Only for statements
  // inside a transaction whose result the caller does not need.
  Status Defer(const std::string& sql, const Params& params = Params());
  // As Defer, for a statement whose result decides whether the operation
  // may go on (a versioned UPDATE): `check` runs on its result when it is
  // sent, and its error is returned by the statement it was sent with. A
  // pipeline that holds a checked statement is never sent together with a
  // COMMIT or RELEASE (those flush it first), so a failed check can never
  // be committed: the operation fails and its transaction or savepoint is
  // rolled back, as when the statement ran alone.
  Status DeferChecked(const std::string& sql, const Params& params,
                      std::function<Status(const Rows&)> check);
  // Queues one statement without parameters (BEGIN, SAVEPOINT).
  Status DeferExec(std::string sql);
  // Sends the deferred statements now (one round trip; no-op when none).
  Status Flush();
  // Drops the deferred statements unsent (a rollback: the server never sees
  // them; a deferred BEGIN with them, so no transaction was opened).
  void Discard() { pending_.clear(); }
  // Whether statements are waiting to be sent, and how many.
  [[nodiscard]] bool HasDeferred() const noexcept { return !pending_.empty(); }
  [[nodiscard]] std::size_t DeferredCount() const noexcept { return pending_.size(); }
  // Counts the times deferred statements were sent: a statement deferred at
  // index i is still unsent while this is unchanged (and i < DeferredCount()).
  [[nodiscard]] std::uint64_t SendCount() const noexcept { return sends_; }
  // Drops the deferred statements from the n-th on (a savepoint that never
  // reached the server, with what followed it).
  void DiscardFrom(std::size_t n) {
    if (pending_.size() > n) pending_.resize(n);
  }
  // Whether the only statement waiting is the opening BEGIN (a transaction
  // that ran nothing yet).
  [[nodiscard]] bool OnlyBeginDeferred() const noexcept {
    return pending_.size() == 1 && pending_.front().name.empty() &&
           pending_.front().sql.starts_with("BEGIN");
  }
  // Runs `sql` with `params` as a cached prepared statement.
  Result<Rows> Query(const std::string& sql, const Params& params = Params());
  // As Query, for statements without a result; returns the affected rows.
  Result<std::int64_t> Run(const std::string& sql, const Params& params = Params());
  // Streams the rows of `sql` one at a time (single-row mode; large scans
  // such as Verify do not hold the whole result in memory). `row` returns
  // false to stop early; the rest of the result is then discarded.
  Status ForEach(const std::string& sql, const Params& params,
                 const std::function<Result<bool>(const Rows& row)>& row);

  // Inside BEGIN ... COMMIT (also when the transaction is aborted, and when
  // its BEGIN is still deferred).
  [[nodiscard]] bool InTransaction() const;
  // As InTransaction, as the server sees it (deferred statements not sent).
  [[nodiscard]] bool ServerInTransaction() const;

  [[nodiscard]] PGconn* raw() const noexcept { return conn_; }

 private:
  // A statement queued or sent in a pipeline: a prepared statement `name`
  // with `params`, or (name empty) `sql` without parameters.
  struct Pending {
    std::string name;
    std::string sql;
    Params params;
    std::function<Status(const Rows&)> check;  // DeferChecked
  };
  explicit Conn(PGconn* conn) : conn_(conn) {}
  Result<std::string> Prepared(const std::string& sql, int nparams);
  // Sends the deferred statements and then `last` (if any) in one pipeline;
  // returns the result of `last` (empty Rows without one) or the first error.
  Result<Rows> RunPipeline(std::optional<Pending> last);
  bool Send(const Pending& p);
  std::vector<Pending> pending_;
  std::uint64_t sends_ = 0;
  bool defer_ = true;  // false: ATENSI_PG_NO_PIPELINE set
  PGconn* conn_;
  std::unordered_map<std::string, std::string> statements_;  // SQL -> statement name
};

// A transaction at REPEATABLE READ. Destroying it without Commit() rolls back.
class PgTxn {
 public:
  enum class Mode : std::uint8_t { kRead, kWrite };
  static Result<PgTxn> Begin(Conn& conn, Mode mode);
  PgTxn(PgTxn&& other) noexcept;
  PgTxn& operator=(PgTxn&&) = delete;
  PgTxn(const PgTxn&) = delete;
  PgTxn& operator=(const PgTxn&) = delete;
  ~PgTxn();
  // COMMIT. A transaction that failed earlier commits as a rollback: that is
  // reported as an error, never as success.
  Status Commit();

 private:
  explicit PgTxn(Conn* conn) : conn_(conn) {}
  Conn* conn_;
};

}  // namespace atensi::store::pg

#endif  // ATENSI_SRC_STORE_PG_PG_CONN_H_
