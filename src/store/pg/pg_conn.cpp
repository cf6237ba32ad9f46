// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0

#include "store/pg/pg_conn.h"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <utility>

namespace atensi::store::pg {
namespace {

std::string Field(const PGresult* res, int code) {
  const char* v = res != nullptr ? PQresultErrorField(res, code) : nullptr;
  return v != nullptr ? std::string(v) : std::string();
}

// SQLSTATE classes whose primary message never quotes a value (our own SQL,
// locks, resources, connection, transaction state).
bool MessageIsSafe(std::string_view sqlstate) {
  static constexpr std::string_view kSafe[] = {"08", "0A", "25", "3D", "3F", "40",
                                               "42", "53", "55", "57", "58", "XX"};
  if (sqlstate.size() < 2) return false;
  const std::string_view cls = sqlstate.substr(0, 2);
  return std::find(std::begin(kSafe), std::end(kSafe), cls) != std::end(kSafe);
}

void IgnoreNotice(void* /*arg*/, const char* /*message*/) {}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

// ---- Params -------------------------------------------------------------------

std::string Params::Add(std::string_view text) {
  values_.emplace_back(text);
  null_.push_back(false);
  formats_.push_back(0);
  return Placeholder();
}

std::string Params::Add(std::int64_t value) { return Add(std::string_view(std::to_string(value))); }

std::string Params::Add(std::optional<std::int64_t> value) {
  return value ? Add(*value) : AddNull();
}

std::string Params::Add(const std::optional<std::string>& text) {
  return text ? Add(std::string_view(*text)) : AddNull();
}

std::string Params::AddBytes(std::span<const std::uint8_t> bytes) {
  values_.emplace_back(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  null_.push_back(false);
  formats_.push_back(1);
  return Placeholder();
}

std::string Params::AddNull() {
  values_.emplace_back();
  null_.push_back(true);
  formats_.push_back(0);
  return Placeholder();
}

// ---- Rows ---------------------------------------------------------------------

bool Rows::IsNull(int row, int col) const { return PQgetisnull(res_.get(), row, col) != 0; }

std::string_view Rows::TextView(int row, int col) const {
  if (IsNull(row, col)) return {};
  return {PQgetvalue(res_.get(), row, col),
          static_cast<std::size_t>(PQgetlength(res_.get(), row, col))};
}

std::int64_t Rows::Int64(int row, int col) const {
  const std::string_view v = TextView(row, col);
  std::int64_t out = 0;
  std::from_chars(v.data(), v.data() + v.size(), out);
  return out;
}

std::optional<std::int64_t> Rows::OptionalInt64(int row, int col) const {
  if (IsNull(row, col)) return std::nullopt;
  return Int64(row, col);
}

bool Rows::Bool(int row, int col) const { return TextView(row, col) == "t"; }

std::vector<std::uint8_t> Rows::Bytes(int row, int col) const {
  const std::string_view v = TextView(row, col);
  std::vector<std::uint8_t> out;
  if (v.size() < 2 || v[0] != '\\' || v[1] != 'x' || v.size() % 2 != 0) return out;
  out.reserve((v.size() - 2) / 2);
  for (std::size_t i = 2; i < v.size(); i += 2) {
    const int hi = HexValue(v[i]);
    const int lo = HexValue(v[i + 1]);
    if (hi < 0 || lo < 0) return {};
    out.push_back(static_cast<std::uint8_t>(hi * 16 + lo));
  }
  return out;
}

bool Rows::BytesInto(int row, int col, std::span<std::uint8_t> out) const {
  const std::string_view v = TextView(row, col);
  if (v.size() != 2 + 2 * out.size() || v[0] != '\\' || v[1] != 'x') return false;
  for (std::size_t i = 0; i < out.size(); ++i) {
    const int hi = HexValue(v[2 + 2 * i]);
    const int lo = HexValue(v[3 + 2 * i]);
    if (hi < 0 || lo < 0) return false;
    out[i] = static_cast<std::uint8_t>(hi * 16 + lo);
  }
  return true;
}

std::int64_t Rows::Affected() const {
  const char* n = PQcmdTuples(res_.get());
  std::int64_t out = 0;
  if (n != nullptr) std::from_chars(n, n + std::strlen(n), out);
  return out;
}

std::string_view Rows::CommandStatus() const {
  const char* tag = res_ ? PQcmdStatus(res_.get()) : nullptr;
  return tag != nullptr ? std::string_view(tag) : std::string_view();
}

// ---- errors ---------------------------------------------------------------------

Status PgError(const PGresult* res, PGconn* conn, std::string_view what) {
  const std::string state = Field(res, PG_DIAG_SQLSTATE);
  std::string message = std::string(what) + ": ";
  if (state.empty()) {
    // No server error: the connection itself failed.
    if (conn == nullptr || PQstatus(conn) == CONNECTION_BAD) {
      return IoError("pg.connection_lost", message + "the connection to the server was lost");
    }
    return Internal("pg.error", message + "libpq reported an error without a SQLSTATE");
  }
  message += "SQLSTATE " + state;
  for (auto [code, label] :
       {std::pair{PG_DIAG_CONSTRAINT_NAME, " constraint "},
        std::pair{PG_DIAG_TABLE_NAME, " table "}, std::pair{PG_DIAG_COLUMN_NAME, " column "}}) {
    const std::string v = Field(res, code);
    if (!v.empty()) message += label + v;
  }
  if (MessageIsSafe(state)) {
    const std::string primary = Field(res, PG_DIAG_MESSAGE_PRIMARY);
    if (!primary.empty()) message += " (" + primary + ")";
  }
  if (state == "40001") {
    return Conflict("pg.serialization_failure", "",
                    message + "; a concurrent transaction changed the same rows: reload and retry");
  }
  if (state == "40P01") return Busy("pg.deadlock", message);
  if (state == "55P03") return Busy("pg.lock_timeout", message);
  if (state == "57014") return Busy("pg.timeout", message);
  if (state.starts_with("08") || state == "57P01" || state == "57P02" || state == "57P03") {
    return IoError("pg.connection_lost", message);
  }
  if (state == "23505" && Field(res, PG_DIAG_CONSTRAINT_NAME) == "chains_pkey") {
    // A new record's chain (deferred INSERT, pg_event_log.h): its id is taken.
    return AlreadyExists("store.exists", "id", "a record with this id already exists");
  }
  if (state == "23505") return AlreadyExists("store.exists", "", message);
  if (state.starts_with("23")) return InvalidArgument("store.constraint", "", message);
  if (state.starts_with("53")) return IoError("pg.resources", message);
  if (state == "P0001") return FailedPrecondition("pg.append_only", "", message);
  return Internal("pg.error", message);
}

Result<Sha256Digest> ToDigest(const std::vector<std::uint8_t>& bytes, std::string_view what) {
  Sha256Digest d{};
  if (bytes.size() != d.size()) {
    return Corruption("store.bad_digest", std::string(what) + " is not a 32-byte SHA-256 digest");
  }
  std::copy(bytes.begin(), bytes.end(), d.begin());
  return d;
}

Result<Sha256Digest> DigestAt(const Rows& rows, int row, int col, std::string_view what) {
  Sha256Digest d{};
  if (!rows.BytesInto(row, col, d)) {
    return Corruption("store.bad_digest", std::string(what) + " is not a 32-byte SHA-256 digest");
  }
  return d;
}

// ---- Conn -----------------------------------------------------------------------

Result<std::unique_ptr<Conn>> Conn::Connect(const std::string& uri) {
  PGconn* raw = PQconnectdb(uri.c_str());
  if (raw == nullptr) return IoError("pg.connect", "libpq could not allocate a connection");
  if (PQstatus(raw) != CONNECTION_OK) {
    // PQerrorMessage names the host and port, never the password; it is not
    // personal data of a child. Trailing newline dropped.
    std::string why = PQerrorMessage(raw);
    while (!why.empty() && (why.back() == '\n' || why.back() == ' ')) why.pop_back();
    PQfinish(raw);
    return IoError("pg.connect", "cannot connect to the PostgreSQL server: " + why);
  }
  PQsetNoticeProcessor(raw, IgnoreNotice, nullptr);
  auto conn = std::unique_ptr<Conn>(new Conn(raw));
  const char* no_pipeline = std::getenv("ATENSI_PG_NO_PIPELINE");
  conn->defer_ = no_pipeline == nullptr || std::string_view(no_pipeline) != "1";
  ATENSI_RETURN_IF_ERROR(conn->Exec("SET client_min_messages = warning"));
  return conn;
}

Conn::~Conn() { PQfinish(conn_); }

Status Conn::Exec(std::string_view sql) {
  ATENSI_RETURN_IF_ERROR(Flush());
  const std::string text(sql);
  PGresult* res = PQexec(conn_, text.c_str());
  const ExecStatusType st = PQresultStatus(res);
  if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) {
    PQclear(res);
    return Status::Ok();
  }
  Status s = PgError(res, conn_, "exec");
  PQclear(res);
  return s;
}

Result<std::string> Conn::Prepared(const std::string& sql, int nparams) {
  auto it = statements_.find(sql);
  if (it != statements_.end()) return it->second;
  std::string name = "atensi_" + std::to_string(statements_.size() + 1);
  PGresult* res = PQprepare(conn_, name.c_str(), sql.c_str(), nparams, nullptr);
  if (PQresultStatus(res) != PGRES_COMMAND_OK) {
    Status s = PgError(res, conn_, "prepare");
    PQclear(res);
    return s;
  }
  PQclear(res);
  statements_.emplace(sql, name);
  return name;
}

namespace {

struct ParamArrays {
  std::vector<const char*> values;
  std::vector<int> lengths;
};

}  // namespace

Result<Rows> Conn::Query(const std::string& sql, const Params& params) {
  ATENSI_ASSIGN_OR_RETURN(std::string name, Prepared(sql, params.size()));
  if (!pending_.empty()) {
    return RunPipeline(Pending{std::move(name), std::string(), params, nullptr});
  }
  const auto n = static_cast<std::size_t>(params.size());
  ParamArrays a;
  a.values.resize(n);
  a.lengths.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    a.values[i] = params.null_[i] ? nullptr : params.values_[i].data();
    a.lengths[i] = static_cast<int>(params.values_[i].size());
  }
  PGresult* res = PQexecPrepared(conn_, name.c_str(), params.size(), a.values.data(),
                                 a.lengths.data(), params.formats_.data(), /*resultFormat=*/0);
  const ExecStatusType st = PQresultStatus(res);
  if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) return Rows(res);
  Status s = PgError(res, conn_, "query");
  PQclear(res);
  return s;
}

Result<std::int64_t> Conn::Run(const std::string& sql, const Params& params) {
  ATENSI_ASSIGN_OR_RETURN(Rows rows, Query(sql, params));
  return rows.Affected();
}

Status Conn::ForEach(const std::string& sql, const Params& params,
                     const std::function<Result<bool>(const Rows& row)>& row) {
  ATENSI_RETURN_IF_ERROR(Flush());
  ATENSI_ASSIGN_OR_RETURN(std::string name, Prepared(sql, params.size()));
  const auto n = static_cast<std::size_t>(params.size());
  ParamArrays a;
  a.values.resize(n);
  a.lengths.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    a.values[i] = params.null_[i] ? nullptr : params.values_[i].data();
    a.lengths[i] = static_cast<int>(params.values_[i].size());
  }
  if (PQsendQueryPrepared(conn_, name.c_str(), params.size(), a.values.data(), a.lengths.data(),
                          params.formats_.data(), 0) == 0) {
    return PgError(nullptr, conn_, "send");
  }
  if (PQsetSingleRowMode(conn_) == 0) {
    // Cannot happen right after a successful send; drain and report.
    while (PGresult* r = PQgetResult(conn_)) PQclear(r);
    return Internal("pg.error", "single-row mode could not be entered");
  }
  Status status = Status::Ok();
  bool stop = false;
  while (PGresult* res = PQgetResult(conn_)) {
    const ExecStatusType st = PQresultStatus(res);
    if (stop || !status.ok()) {
      PQclear(res);  // drain the rest of the result
      continue;
    }
    if (st == PGRES_SINGLE_TUPLE) {
      Rows one(res);
      Result<bool> more = row(one);
      if (!more.ok()) {
        status = more.status();
      } else if (!*more) {
        stop = true;
      }
    } else if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK) {
      PQclear(res);
    } else {
      status = PgError(res, conn_, "query");
      PQclear(res);
    }
  }
  return status;
}

Result<Rows> Conn::ExecOne(const std::string& sql) {
  // A checked statement is never sent with a COMMIT or RELEASE (pg_conn.h).
  if (std::any_of(pending_.begin(), pending_.end(), [](const Pending& p) { return !!p.check; })) {
    ATENSI_RETURN_IF_ERROR(Flush());
  }
  if (!pending_.empty()) return RunPipeline(Pending{std::string(), sql, Params(), nullptr});
  PGresult* res = PQexec(conn_, sql.c_str());
  const ExecStatusType st = PQresultStatus(res);
  if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) return Rows(res);
  Status s = PgError(res, conn_, "exec");
  PQclear(res);
  return s;
}

Status Conn::Defer(const std::string& sql, const Params& params) {
  if (!defer_) return Run(sql, params).status();
  ATENSI_ASSIGN_OR_RETURN(std::string name, Prepared(sql, params.size()));
  pending_.push_back(Pending{std::move(name), std::string(), params, nullptr});
  return Status::Ok();
}

Status Conn::DeferChecked(const std::string& sql, const Params& params,
                          std::function<Status(const Rows&)> check) {
  if (!defer_) {
    ATENSI_ASSIGN_OR_RETURN(Rows rows, Query(sql, params));
    return check(rows);
  }
  ATENSI_ASSIGN_OR_RETURN(std::string name, Prepared(sql, params.size()));
  pending_.push_back(Pending{std::move(name), std::string(), params, std::move(check)});
  return Status::Ok();
}

Status Conn::DeferExec(std::string sql) {
  if (!defer_) return Exec(sql);
  pending_.push_back(Pending{std::string(), std::move(sql), Params(), nullptr});
  return Status::Ok();
}

Status Conn::Flush() {
  if (pending_.empty()) return Status::Ok();
  return RunPipeline(std::nullopt).status();
}

bool Conn::Send(const Pending& p) {
  if (p.name.empty()) {
    return PQsendQueryParams(conn_, p.sql.c_str(), 0, nullptr, nullptr, nullptr, nullptr, 0) != 0;
  }
  const auto n = static_cast<std::size_t>(p.params.size());
  ParamArrays a;
  a.values.resize(n);
  a.lengths.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    a.values[i] = p.params.null_[i] ? nullptr : p.params.values_[i].data();
    a.lengths[i] = static_cast<int>(p.params.values_[i].size());
  }
  return PQsendQueryPrepared(conn_, p.name.c_str(), p.params.size(), a.values.data(),
                             a.lengths.data(), p.params.formats_.data(), 0) != 0;
}

Result<Rows> Conn::RunPipeline(std::optional<Pending> last) {
  std::vector<Pending> batch = std::exchange(pending_, {});
  if (!batch.empty()) ++sends_;
  if (last) batch.push_back(std::move(*last));
  if (batch.empty()) return Rows();
  if (PQenterPipelineMode(conn_) == 0) return PgError(nullptr, conn_, "pipeline");
  Status status = Status::Ok();
  std::size_t sent = 0;
  for (const Pending& p : batch) {
    if (!Send(p)) break;
    ++sent;
  }
  if (sent < batch.size()) status = PgError(nullptr, conn_, "send");
  const bool synced = PQpipelineSync(conn_) != 0;
  if (!synced && status.ok()) status = PgError(nullptr, conn_, "send");
  Rows result;
  // Each statement's results end with a NULL; the pipeline ends with its
  // sync. A statement after a failed one comes back PGRES_PIPELINE_ABORTED.
  for (std::size_t i = 0; i < sent; ++i) {
    while (PGresult* res = PQgetResult(conn_)) {
      const ExecStatusType st = PQresultStatus(res);
      if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) {
        if (last && i + 1 == batch.size()) {
          result = Rows(res);
          continue;
        }
        if (batch[i].check) {
          Rows rows(res);
          if (status.ok()) status = batch[i].check(rows);
          continue;
        }
      } else if (st != PGRES_PIPELINE_ABORTED && status.ok()) {
        status = PgError(res, conn_, i + 1 == batch.size() && last ? "query" : "deferred");
      }
      PQclear(res);
    }
    if (PQstatus(conn_) == CONNECTION_BAD) break;
  }
  // The sync (and anything a broken connection left behind).
  for (int nulls = 0; synced && PQstatus(conn_) != CONNECTION_BAD && nulls < 4;) {
    PGresult* res = PQgetResult(conn_);
    if (res == nullptr) {
      ++nulls;
      continue;
    }
    const bool sync = PQresultStatus(res) == PGRES_PIPELINE_SYNC;
    PQclear(res);
    if (sync) break;
  }
  if (PQexitPipelineMode(conn_) == 0 && status.ok()) status = PgError(nullptr, conn_, "pipeline");
  if (PQstatus(conn_) == CONNECTION_BAD && status.ok()) {
    status = PgError(nullptr, conn_, "pipeline");
  }
  if (!status.ok()) return status;
  return result;
}

bool Conn::ServerInTransaction() const {
  const PGTransactionStatusType t = PQtransactionStatus(conn_);
  return t == PQTRANS_INTRANS || t == PQTRANS_INERROR || t == PQTRANS_ACTIVE;
}

bool Conn::InTransaction() const { return !pending_.empty() || ServerInTransaction(); }

// ---- PgTxn ----------------------------------------------------------------------

Result<PgTxn> PgTxn::Begin(Conn& conn, Mode mode) {
  // Sent with the transaction's first statement (one round trip fewer).
  ATENSI_RETURN_IF_ERROR(conn.Flush());
  ATENSI_RETURN_IF_ERROR(conn.DeferExec(mode == Mode::kWrite
                                            ? "BEGIN ISOLATION LEVEL REPEATABLE READ"
                                            : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"));
  return PgTxn(&conn);
}

PgTxn::PgTxn(PgTxn&& other) noexcept : conn_(std::exchange(other.conn_, nullptr)) {}

PgTxn::~PgTxn() {
  if (conn_ == nullptr) return;
  conn_->Discard();  // unsent writes (and an unsent BEGIN) never reach the server
  if (conn_->ServerInTransaction()) conn_->Exec("ROLLBACK").IgnoreError();
}

Status PgTxn::Commit() {
  Conn* conn = std::exchange(conn_, nullptr);
  if (conn == nullptr) return Internal("pg.txn", "the transaction was already ended");
  if (conn->OnlyBeginDeferred()) {
    conn->Discard();  // nothing ran: nothing to commit
    return Status::Ok();
  }
  if (PQtransactionStatus(conn->raw()) == PQTRANS_INERROR) {
    conn->Discard();
    conn->Exec("ROLLBACK").IgnoreError();
    return Internal("pg.txn_aborted",
                    "the transaction failed earlier and was rolled back; nothing was written");
  }
  // The deferred statements and the COMMIT in one round trip; if one of
  // them fails the COMMIT is not run and the transaction is rolled back.
  Result<Rows> res = conn->ExecOne("COMMIT");
  if (!res.ok()) {
    if (conn->ServerInTransaction()) conn->Exec("ROLLBACK").IgnoreError();
    return res.status();
  }
  const bool rolled_back = res->CommandStatus() == "ROLLBACK";
  if (rolled_back) {
    return Internal("pg.txn_aborted", "the transaction was rolled back by the server");
  }
  return Status::Ok();
}

}  // namespace atensi::store::pg
