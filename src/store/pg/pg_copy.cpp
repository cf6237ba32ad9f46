// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// The PostgreSQL end of CopyStore (store/store_copy.h): raw rows of the
// shared store's tables, in the SQLite schema's columns and encodings.
//
// What PostgreSQL keeps that SQLite does not, and how a copy fills it:
//   - the partition key `province` of children, cases, case_deadlines (the
//     2-digit province of the row's domicile / region column) and events
//     (its chain's home province, from `chains`);
//   - `chains`: one row per copied chain, inserted when its first event
//     (seq 1) arrives (a chain id the store already has is refused there:
//     record ids are unique across provinces), its tail updated after each
//     batch; home province = row province = the province of the record the
//     chain belongs to (0 when none);
//   - `child_keys`: the NIK and roster key of each copied child (a NIK or
//     key the store already has is refused);
//   - access_log.seq is an identity column: copied entries are numbered
//     after the store's own, in the source's order (the driver omits seq).
// Columns only PostgreSQL has for encryption (doc_sealed, payload_sealed)
// are folded into SQLite's encoding (store/store_copy.h): a document is read
// as one BLOB, coalesce(doc_sealed, doc bytes), and written back split (an
// envelope into doc_sealed with doc = '', clear text into doc); an event
// payload the same way through changes / payload_sealed.

#include <map>
#include <memory>
#include <set>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "store/field_cipher.h"
#include "store/pg/pg_conn.h"
#include "store/pg/pg_event_log.h"
#include "store/store_copy.h"

namespace atensi::store {
namespace {

using pg::Conn;
using pg::Params;
using pg::PgTxn;
using pg::Rows;

// Tables that are the backend's own derived data (filled by Insert).
const std::set<std::string>& InternalTables() {
  static const std::set<std::string> kTables = {"atensi_migrations", "chains", "child_keys"};
  return kTables;
}

// Columns only PostgreSQL has: derived (province) or encryption-only.
const std::set<std::string>& InternalColumns() {
  static const std::set<std::string> kColumns = {"province", "doc_sealed", "payload_sealed"};
  return kColumns;
}

// The PostgreSQL column that holds the envelope of a sealable copy column.
const char* SealedColumnOf(const std::string& table, const std::string& column) {
  if (column == "doc") return "doc_sealed";
  if (table == "events" && column == "changes") return "payload_sealed";
  return nullptr;
}

std::span<const std::uint8_t> AsBytes(const std::string& s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

CopyType TypeOf(const std::string& pg_type) {
  if (pg_type == "bytea") return CopyType::kBlob;
  if (pg_type == "smallint" || pg_type == "integer" || pg_type == "bigint" ||
      pg_type == "boolean") {
    return CopyType::kInteger;
  }
  return CopyType::kText;
}

void AddValue(Params& p, const CopyValue& v, std::string* placeholder) {
  if (const auto* i = std::get_if<std::int64_t>(&v)) {
    *placeholder = p.Add(*i);
  } else if (const auto* t = std::get_if<std::string>(&v)) {
    *placeholder = p.Add(std::string_view(*t));
  } else if (const auto* b = std::get_if<CopyBlob>(&v)) {
    *placeholder = p.AddBytes(*b);
  } else {
    *placeholder = p.AddNull();
  }
}

std::size_t IndexOf(const std::vector<std::string>& columns, const std::string& name) {
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (columns[i] == name) return i;
  }
  return columns.size();
}

class PgCopyEnd final : public CopyEnd {
 public:
  explicit PgCopyEnd(std::unique_ptr<Conn> conn) : conn_(std::move(conn)) {}

  Result<std::vector<CopyTable>> Tables() override {
    ATENSI_ASSIGN_OR_RETURN(
        Rows rows,
        conn_->Query("SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), "
                     "coalesce(array_position(i.indkey::int2[], a.attnum) + 1, 0) FROM pg_class c "
                     "JOIN pg_namespace n ON n.oid = c.relnamespace "
                     "JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT "
                     "a.attisdropped "
                     "LEFT JOIN pg_index i ON i.indrelid = c.oid AND i.indisprimary "
                     "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND NOT "
                     "c.relispartition ORDER BY c.relname, a.attnum"));
    std::vector<CopyTable> out;
    std::map<std::string, std::vector<std::pair<std::int64_t, std::string>>> keys;
    for (int r = 0; r < rows.size(); ++r) {
      const std::string table = rows.Text(r, 0);
      if (InternalTables().count(table) != 0) continue;
      if (out.empty() || out.back().name != table) {
        out.push_back(CopyTable{table, {}, {}});
      }
      const std::string column = rows.Text(r, 1);
      types_[table][column] = rows.Text(r, 2);
      if (InternalColumns().count(column) != 0) continue;
      out.back().columns.push_back(CopyColumn{column, TypeOf(rows.Text(r, 2))});
      if (rows.Int64(r, 3) > 0) keys[table].emplace_back(rows.Int64(r, 3), column);
    }
    for (CopyTable& t : out) {
      // A sealable column reads as one BLOB (SelectExpr) when the table has
      // its envelope column.
      for (CopyColumn& c : t.columns) {
        const char* sealed = SealedColumnOf(t.name, c.name);
        if (sealed != nullptr && types_[t.name].count(sealed) != 0) c.type = CopyType::kBlob;
      }
      auto& k = keys[t.name];
      std::sort(k.begin(), k.end());
      for (auto& [pos, col] : k) t.key.push_back(col);
    }
    return out;
  }

  [[nodiscard]] std::string Placeholder(int n) const override { return "$" + std::to_string(n); }

  [[nodiscard]] std::string SelectExpr(const CopyTable& t,
                                       const std::string& column) const override {
    const char* sealed = SealedColumnOf(t.name, column);
    auto it = types_.find(t.name);
    if (sealed == nullptr || it == types_.end() || it->second.count(sealed) == 0) return column;
    return "coalesce(" + std::string(sealed) + ", convert_to(" + column + ", 'UTF8')) AS " + column;
  }

  Status Begin(bool write) override {
    ATENSI_ASSIGN_OR_RETURN(PgTxn txn,
                            PgTxn::Begin(*conn_, write ? PgTxn::Mode::kWrite : PgTxn::Mode::kRead));
    txn_ = std::make_unique<PgTxn>(std::move(txn));
    if (write) {
      // The copy is one long transaction: no lock timeout of its own beyond
      // the server's, and one statement may insert a large batch.
      ATENSI_RETURN_IF_ERROR(conn_->Exec("SET LOCAL lock_timeout = '30s'"));
    }
    ATENSI_ASSIGN_OR_RETURN(
        Rows has, conn_->Query("SELECT count(*) FROM information_schema.columns WHERE "
                               "table_schema = current_schema() AND table_name = 'chains' AND "
                               "column_name = 'row_province'"));
    chains_row_province_ = has.Int64(0, 0) > 0;
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
    Params p;
    std::string unused;
    for (const CopyValue& v : params) AddValue(p, v, &unused);
    ATENSI_ASSIGN_OR_RETURN(Rows rows, conn_->Query(sql, p));
    std::vector<CopyRow> out;
    out.reserve(static_cast<std::size_t>(rows.size()));
    for (int r = 0; r < rows.size(); ++r) {
      CopyRow row;
      row.reserve(types.size());
      for (std::size_t c = 0; c < types.size(); ++c) {
        const int col = static_cast<int>(c);
        if (rows.IsNull(r, col)) {
          row.emplace_back(std::monostate{});
          continue;
        }
        switch (types[c]) {
          case CopyType::kInteger:
            if (rows.TextView(r, col) == "t" || rows.TextView(r, col) == "f") {
              row.emplace_back(std::int64_t{rows.TextView(r, col) == "t" ? 1 : 0});
            } else {
              row.emplace_back(rows.Int64(r, col));
            }
            break;
          case CopyType::kBlob:
            row.emplace_back(rows.Bytes(r, col));
            break;
          case CopyType::kText:
            row.emplace_back(rows.Text(r, col));
            break;
        }
      }
      out.push_back(std::move(row));
    }
    return out;
  }

  Status Insert(const CopyTable& table, const std::vector<std::string>& given_columns,
                const std::vector<CopyRow>& given_rows) override {
    if (given_rows.empty()) return Status::Ok();
    const auto& types = types_[table.name];
    // A sealable value goes to its two columns: clear text, or '' plus the
    // envelope.
    std::vector<std::string> columns = given_columns;
    std::vector<CopyRow> split;
    const std::vector<CopyRow>* rows_ptr = &given_rows;
    for (std::size_t i = 0; i < given_columns.size(); ++i) {
      const char* sealed = SealedColumnOf(table.name, given_columns[i]);
      if (sealed == nullptr || types.count(sealed) == 0) continue;
      if (split.empty()) split = given_rows;
      columns.emplace_back(sealed);
      for (CopyRow& row : split) {
        CopyValue envelope = std::monostate{};
        if (auto* b = std::get_if<CopyBlob>(&row[i])) {
          if (EnvelopeKeyId(*b)) {
            envelope = std::move(*b);
            row[i] = std::string();
          } else {
            row[i] = std::string(b->begin(), b->end());
          }
        } else if (const auto* text = std::get_if<std::string>(&row[i]);
                   text != nullptr && EnvelopeKeyId(AsBytes(*text))) {
          envelope = CopyBlob(text->begin(), text->end());
          row[i] = std::string();
        }
        row.push_back(std::move(envelope));
      }
      rows_ptr = &split;
    }
    const std::vector<CopyRow>& rows = *rows_ptr;
    const bool partitioned = types.count("province") != 0;
    if (table.name == "events") ATENSI_RETURN_IF_ERROR(NewChains(columns, rows));

    // INSERT INTO t (province?, cols) SELECT <province>, v.* FROM (VALUES
    // ($1::type, ...), ...) AS v(cols): the casts type the VALUES list.
    std::string cols;
    for (const std::string& c : columns) cols += (cols.empty() ? "" : ", ") + c;
    Params p;
    std::string values;
    for (const CopyRow& row : rows) {
      std::string tuple;
      for (std::size_t i = 0; i < row.size(); ++i) {
        std::string ph;
        AddValue(p, row[i], &ph);
        auto it = types.find(columns[i]);
        tuple += (tuple.empty() ? "" : ", ") + ph +
                 "::" + (it != types.end() ? it->second : std::string("text"));
      }
      values += (values.empty() ? "(" : ", (") + tuple + ")";
    }
    std::string province;
    if (partitioned) {
      if (table.name == "events") {
        province = "(SELECT h.province FROM chains h WHERE h.chain_id = v.chain_id)";
      } else if (IndexOf(columns, "domicile") < columns.size()) {
        province = "(v.domicile / 100000000)::smallint";
      } else if (IndexOf(columns, "region") < columns.size()) {
        province = "(v.region / 100000000)::smallint";
      } else {
        return Internal("copy.partition_key", "no column to derive this table's province from");
      }
    }
    const std::string sql = "INSERT INTO " + table.name + " (" + (partitioned ? "province, " : "") +
                            cols + ") SELECT " + (partitioned ? province + ", " : "") +
                            "v.* FROM (VALUES " + values + ") AS v(" + cols + ")";
    ATENSI_RETURN_IF_ERROR(conn_->Run(sql, p).status());

    if (table.name == "children") ATENSI_RETURN_IF_ERROR(ChildKeys(columns, rows));
    if (table.name == "events") ATENSI_RETURN_IF_ERROR(ChainTails(columns, rows));
    return Status::Ok();
  }

  Result<std::int64_t> SealCheckpoint(Instant at) override {
    pg::PgEventLog log(*conn_);
    return log.Checkpoint(at);
  }

  Result<VerifyReport> VerifyLog(PayloadSealer* sealer) override {
    pg::PgEventLog log(*conn_);
    log.set_sealer(sealer);
    return log.Verify();
  }

 private:
  // Inserts the `chains` row of every chain whose first event is in `rows`.
  Status NewChains(const std::vector<std::string>& columns, const std::vector<CopyRow>& rows) {
    const std::size_t id = IndexOf(columns, "chain_id");
    const std::size_t seq = IndexOf(columns, "seq");
    const std::size_t kind = IndexOf(columns, "kind");
    if (id == columns.size() || seq == columns.size() || kind == columns.size()) {
      return Internal("copy.events_columns", "chain_id, seq and kind must be copied");
    }
    Params p;
    std::string values;
    for (const CopyRow& row : rows) {
      if (row[seq] != CopyValue(std::int64_t{1})) continue;
      std::string a;
      std::string b;
      AddValue(p, row[id], &a);
      AddValue(p, row[kind], &b);
      values += (values.empty() ? "(" : ", (") + a + "::text, " + b + "::smallint)";
    }
    if (values.empty()) return Status::Ok();
    const std::string home =
        "coalesce((SELECT c.province FROM cases c WHERE c.id = v.chain_id LIMIT 1), (SELECT "
        "c.province FROM children c WHERE c.id = v.chain_id LIMIT 1), 0)";
    const std::string sql =
        std::string("INSERT INTO chains (chain_id, kind, province, tail_seq, tail_hash") +
        (chains_row_province_ ? ", row_province" : "") + ") SELECT v.chain_id, v.kind, " + home +
        ", 0, '\\x'::bytea" + (chains_row_province_ ? ", " + home : "") + " FROM (VALUES " +
        values + ") AS v(chain_id, kind)";
    return conn_->Run(sql, p).status();
  }

  // Moves the tail of every chain with events in `rows` to its last one.
  Status ChainTails(const std::vector<std::string>& columns, const std::vector<CopyRow>& rows) {
    const std::size_t id = IndexOf(columns, "chain_id");
    const std::size_t seq = IndexOf(columns, "seq");
    const std::size_t hash = IndexOf(columns, "hash");
    std::map<std::string, const CopyRow*> last;  // rows are in (chain_id, seq) order
    for (const CopyRow& row : rows) {
      if (const auto* c = std::get_if<std::string>(&row[id])) last[*c] = &row;
    }
    Params p;
    std::string values;
    for (const auto& [chain, row] : last) {
      std::string a;
      std::string b;
      std::string c;
      AddValue(p, (*row)[id], &a);
      AddValue(p, (*row)[seq], &b);
      AddValue(p, (*row)[hash], &c);
      values += (values.empty() ? "(" : ", (") + a + "::text, " + b + "::bigint, " + c + "::bytea)";
    }
    if (values.empty()) return Status::Ok();
    return conn_
        ->Run("UPDATE chains h SET tail_seq = v.seq, tail_hash = v.hash FROM (VALUES " + values +
                  ") AS v(chain_id, seq, hash) WHERE h.chain_id = v.chain_id",
              p)
        .status();
  }

  // The NIK and roster key of every child in `rows` (unique across provinces).
  Status ChildKeys(const std::vector<std::string>& columns, const std::vector<CopyRow>& rows) {
    const std::size_t id = IndexOf(columns, "id");
    const std::size_t nik = IndexOf(columns, "nik");
    const std::size_t roster = IndexOf(columns, "roster_key");
    Params p;
    std::string values;
    for (const CopyRow& row : rows) {
      for (const auto& [prefix, col] : {std::pair{"nik:", nik}, std::pair{"roster:", roster}}) {
        if (col >= columns.size()) continue;
        const auto* v = std::get_if<std::string>(&row[col]);
        if (v == nullptr) continue;
        std::string a = p.Add(std::string_view(std::string(prefix) + *v));
        std::string b;
        AddValue(p, row[id], &b);
        values += (values.empty() ? "(" : ", (") + a + ", " + b + ")";
      }
    }
    if (values.empty()) return Status::Ok();
    return conn_->Run("INSERT INTO child_keys (key, child_id) VALUES " + values, p).status();
  }

  std::unique_ptr<Conn> conn_;
  std::unique_ptr<PgTxn> txn_;
  std::map<std::string, std::map<std::string, std::string>> types_;  // table -> column -> type
  bool chains_row_province_ = false;
};

}  // namespace

Result<std::unique_ptr<CopyEnd>> OpenPgCopyEnd(const std::string& uri) {
  ATENSI_ASSIGN_OR_RETURN(std::unique_ptr<Conn> conn, Conn::Connect(uri));
  return std::unique_ptr<CopyEnd>(std::make_unique<PgCopyEnd>(std::move(conn)));
}

}  // namespace atensi::store
