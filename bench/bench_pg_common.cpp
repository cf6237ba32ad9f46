// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0

#include "bench_pg_common.h"

#include <sqlite3.h>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <set>
#include <utility>

#include "atensi/casebook.h"
#include "bench_common.h"

namespace atensi::bench {
namespace {

// Bump when the copy changes, so a server holding an older copy reloads.
constexpr const char* kMarker = "atensi bench dataset v1, cases=";

constexpr std::int64_t kProvinceDivisor = 100'000'000;  // packed PP KK CC VVVV

std::string EnvOr(const char* name, const std::string& fallback) {
  const char* v = std::getenv(name);
  return (v != nullptr && *v != '\0') ? std::string(v) : fallback;
}

[[noreturn]] void PgDie(PGconn* conn, std::string_view what) {
  Die(what, conn != nullptr ? PQerrorMessage(conn) : "no connection");
}

// Appends `v` in COPY text format (backslash escapes).
void AppendCopyText(std::string& out, const unsigned char* v, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    const char c = static_cast<char>(v[i]);
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        out += c;
    }
  }
}

void AppendBytea(std::string& out, const unsigned char* v, std::size_t n) {
  out += "\\\\x";  // COPY text: "\\" is one backslash, so the value reads \x<hex>
  out += Hex(v, n);
}

// One column of a target table and where its value comes from.
struct Column {
  std::string name;
  bool bytea = false;
  int source = -1;        // index in the SQLite SELECT, or -1
  bool province = false;  // derived partition key
};

// Columns of a SQLite table, in order.
std::vector<std::string> SqliteColumns(sqlite3* db, const std::string& table) {
  std::vector<std::string> out;
  sqlite3_stmt* s = nullptr;
  const std::string sql = "SELECT name FROM pragma_table_info('" + table + "')";
  CheckRc(db, sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr), sql);
  while (sqlite3_step(s) == SQLITE_ROW) {
    out.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(s, 0)));
  }
  sqlite3_finalize(s);
  return out;
}

// The home province of a chain (its case's region, else its child's
// domicile), as the PostgreSQL store records it when the chain is created.
class ProvinceOf {
 public:
  explicit ProvinceOf(sqlite3* db) {
    CheckRc(db,
            sqlite3_prepare_v2(db, "SELECT region FROM cases WHERE id = ?1", -1, &cases_, nullptr),
            "province lookup");
    CheckRc(db,
            sqlite3_prepare_v2(db, "SELECT domicile FROM children WHERE id = ?1", -1, &children_,
                               nullptr),
            "province lookup");
  }
  ~ProvinceOf() {
    sqlite3_finalize(cases_);
    sqlite3_finalize(children_);
  }
  ProvinceOf(const ProvinceOf&) = delete;
  ProvinceOf& operator=(const ProvinceOf&) = delete;

  std::int64_t Get(std::string_view id) {
    if (id == last_id_) return last_;
    last_id_.assign(id);
    last_ = 0;
    for (sqlite3_stmt* s : {cases_, children_}) {
      sqlite3_bind_text(s, 1, id.data(), static_cast<int>(id.size()), SQLITE_STATIC);
      const int rc = sqlite3_step(s);
      if (rc == SQLITE_ROW) last_ = sqlite3_column_int64(s, 0) / kProvinceDivisor;
      sqlite3_reset(s);
      if (rc == SQLITE_ROW) break;
    }
    return last_;
  }

 private:
  sqlite3_stmt* cases_ = nullptr;
  sqlite3_stmt* children_ = nullptr;
  std::string last_id_;
  std::int64_t last_ = 0;
};

// Copies every table the PostgreSQL schema and the SQLite file share, column
// by column, plus the PostgreSQL-only rows derived from them.
void CopyTables(sqlite3* src, const std::string& uri) {
  RawPg dst(uri);
  RawPg side(uri);  // chains / child_keys, copied beside events / children
  PgResult tables = dst.Exec(
      "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
      "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND NOT c.relispartition "
      "ORDER BY c.relname");
  std::set<std::string> sqlite_tables;
  {
    sqlite3_stmt* s = nullptr;
    CheckRc(src,
            sqlite3_prepare_v2(src, "SELECT name FROM sqlite_master WHERE type = 'table'", -1, &s,
                               nullptr),
            "tables");
    while (sqlite3_step(s) == SQLITE_ROW) {
      sqlite_tables.emplace(reinterpret_cast<const char*>(sqlite3_column_text(s, 0)));
    }
    sqlite3_finalize(s);
  }
  std::vector<std::string> order;
  // Children and cases first: the events' province comes from them.
  for (const char* first : {"children", "cases"}) order.emplace_back(first);
  for (int r = 0; r < PQntuples(tables.get()); ++r) {
    const std::string t = PQgetvalue(tables.get(), r, 0);
    if (t != "children" && t != "cases") order.push_back(t);
  }
  ProvinceOf province_of(src);
  for (const std::string& table : order) {
    if (table == "atensi_migrations" || table == "chains" || table == "child_keys") continue;
    if (sqlite_tables.count(table) == 0) {
      std::fprintf(stderr, "bench: pg table %s has no SQLite source, left empty\n", table.c_str());
      continue;
    }
    const std::vector<std::string> scols = SqliteColumns(src, table);
    const std::string q =
        "SELECT column_name, data_type, column_default IS NOT NULL OR is_nullable = 'YES' "
        "FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = '" +
        table + "' ORDER BY ordinal_position";
    PgResult cols = dst.Exec(q);
    std::vector<Column> columns;
    std::string select;
    int chain_col = -1;  // SQLite column naming the record whose province applies
    int region_col = -1;
    for (std::size_t i = 0; i < scols.size(); ++i) {
      if (scols[i] == "region" || scols[i] == "domicile") region_col = static_cast<int>(i);
      if (scols[i] == "chain_id" || scols[i] == "case_id") chain_col = static_cast<int>(i);
      select += (i == 0 ? "" : ", ") + scols[i];
    }
    for (int r = 0; r < PQntuples(cols.get()); ++r) {
      Column c;
      c.name = PQgetvalue(cols.get(), r, 0);
      c.bytea = std::string(PQgetvalue(cols.get(), r, 1)) == "bytea";
      const bool optional = std::string(PQgetvalue(cols.get(), r, 2)) == "t";
      for (std::size_t i = 0; i < scols.size(); ++i) {
        if (scols[i] == c.name) c.source = static_cast<int>(i);
      }
      if (c.source < 0 && c.name == "province") {
        if (region_col < 0 && chain_col < 0) Die("copy " + table, "no source for its province");
        c.province = true;
      }
      if (c.source < 0 && !c.province) {
        if (optional) continue;  // left to its default / NULL
        Die("copy " + table, "column " + c.name + " has no SQLite source");
      }
      columns.push_back(c);
    }
    std::string copy = "COPY " + table + " (";
    for (std::size_t i = 0; i < columns.size(); ++i) copy += (i == 0 ? "" : ", ") + columns[i].name;
    copy += ") FROM STDIN";
    const bool is_events = table == "events";
    const bool is_children = table == "children";
    std::string order_by;
    if (is_events) order_by = " ORDER BY chain_id, seq";
    sqlite3_stmt* s = nullptr;
    const std::string sql = "SELECT " + select + " FROM " + table + order_by;
    CheckRc(src, sqlite3_prepare_v2(src, sql.c_str(), -1, &s, nullptr), sql);
    const int nik_col = [&] {
      for (std::size_t i = 0; i < scols.size(); ++i) {
        if (scols[i] == "nik") return static_cast<int>(i);
      }
      return -1;
    }();
    int id_col = 0;
    for (std::size_t i = 0; i < scols.size(); ++i) {
      if (scols[i] == "id") id_col = static_cast<int>(i);
    }
    const int key_col = [&] {
      for (std::size_t i = 0; i < scols.size(); ++i) {
        if (scols[i] == "roster_key") return static_cast<int>(i);
      }
      return -1;
    }();
    const double t0 = NowSeconds();
    // Side COPY: chains (from events) or child_keys (from children).
    std::string side_buf;
    auto side_flush = [&](bool all) {
      if (side_buf.size() > (all ? 0u : (1u << 20))) {
        if (PQputCopyData(side.handle(), side_buf.data(), static_cast<int>(side_buf.size())) != 1) {
          PgDie(side.handle(), "copy side rows");
        }
        side_buf.clear();
      }
    };
    auto side_begin = [&](const char* copy_sql) {
      PgResult r(PQexec(side.handle(), copy_sql), &PQclear);
      if (PQresultStatus(r.get()) != PGRES_COPY_IN) PgDie(side.handle(), copy_sql);
    };
    auto side_end = [&] {
      side_flush(true);
      if (PQputCopyEnd(side.handle(), nullptr) != 1) PgDie(side.handle(), "copy end");
      PgResult r(PQgetResult(side.handle()), &PQclear);
      if (PQresultStatus(r.get()) != PGRES_COMMAND_OK) PgDie(side.handle(), "side copy");
      while (PGresult* more = PQgetResult(side.handle())) PQclear(more);
    };
    if (is_events)
      side_begin("COPY chains (chain_id, kind, province, tail_seq, tail_hash) FROM STDIN");
    if (is_children) side_begin("COPY child_keys (key, child_id) FROM STDIN");
    std::string chain;  // current chain (events)
    std::int64_t chain_kind = 0;
    std::int64_t chain_seq = 0;
    std::int64_t chain_province = 0;
    std::string chain_hash;
    auto emit_chain = [&] {
      if (chain.empty()) return;
      AppendCopyText(side_buf, reinterpret_cast<const unsigned char*>(chain.data()), chain.size());
      side_buf += '\t' + std::to_string(chain_kind) + '\t' + std::to_string(chain_province) + '\t' +
                  std::to_string(chain_seq) + "\t\\\\x" + chain_hash + '\n';
      side_flush(false);
    };
    int kind_col = -1;
    int seq_col = -1;
    int hash_col = -1;
    for (std::size_t i = 0; i < scols.size(); ++i) {
      if (scols[i] == "kind") kind_col = static_cast<int>(i);
      if (scols[i] == "seq") seq_col = static_cast<int>(i);
      if (scols[i] == "hash") hash_col = static_cast<int>(i);
    }
    const std::int64_t rows =
        dst.CopyIn(copy, [&](const std::function<void(std::string_view)>& send) {
          std::string line;
          std::string buf;
          while (sqlite3_step(s) == SQLITE_ROW) {
            line.clear();
            for (std::size_t i = 0; i < columns.size(); ++i) {
              if (i > 0) line += '\t';
              const Column& c = columns[i];
              if (c.province) {
                std::int64_t p = 0;
                if (region_col >= 0) {
                  p = sqlite3_column_int64(s, region_col) / kProvinceDivisor;
                } else {
                  const auto* id = reinterpret_cast<const char*>(sqlite3_column_text(s, chain_col));
                  p = province_of.Get(std::string_view(
                      id, static_cast<std::size_t>(sqlite3_column_bytes(s, chain_col))));
                }
                line += std::to_string(p);
                continue;
              }
              const int type = sqlite3_column_type(s, c.source);
              if (type == SQLITE_NULL) {
                line += "\\N";
              } else if (type == SQLITE_INTEGER) {
                line += std::to_string(sqlite3_column_int64(s, c.source));
              } else if (type == SQLITE_FLOAT) {
                char f[64];
                std::snprintf(f, sizeof f, "%.17g", sqlite3_column_double(s, c.source));
                line += f;
              } else {
                const auto* v = static_cast<const unsigned char*>(sqlite3_column_blob(s, c.source));
                const auto n = static_cast<std::size_t>(sqlite3_column_bytes(s, c.source));
                if (c.bytea) {
                  AppendBytea(line, v, n);
                } else {
                  AppendCopyText(line, v, n);
                }
              }
            }
            line += '\n';
            buf += line;
            if (buf.size() > (1u << 20)) {
              send(buf);
              buf.clear();
            }
            if (is_events) {
              const auto* id = reinterpret_cast<const char*>(sqlite3_column_text(s, chain_col));
              const std::string_view idv(
                  id, static_cast<std::size_t>(sqlite3_column_bytes(s, chain_col)));
              if (idv != chain) {
                emit_chain();
                chain.assign(idv);
                chain_kind = sqlite3_column_int64(s, kind_col);
                chain_province = province_of.Get(idv);
              }
              chain_seq = sqlite3_column_int64(s, seq_col);
              chain_hash = Hex(static_cast<const unsigned char*>(sqlite3_column_blob(s, hash_col)),
                               static_cast<std::size_t>(sqlite3_column_bytes(s, hash_col)));
            }
            if (is_children) {
              const std::string child_id(
                  reinterpret_cast<const char*>(sqlite3_column_text(s, id_col)),
                  static_cast<std::size_t>(sqlite3_column_bytes(s, id_col)));
              for (const auto& [prefix, col] :
                   {std::pair{"nik:", nik_col}, std::pair{"roster:", key_col}}) {
                if (col < 0 || sqlite3_column_type(s, col) == SQLITE_NULL) continue;
                std::string key = prefix;
                key += reinterpret_cast<const char*>(sqlite3_column_text(s, col));
                AppendCopyText(side_buf, reinterpret_cast<const unsigned char*>(key.data()),
                               key.size());
                side_buf += '\t';
                side_buf += child_id;
                side_buf += '\n';
              }
              side_flush(false);
            }
          }
          if (!buf.empty()) send(buf);
        });
    sqlite3_finalize(s);
    if (is_events) {
      emit_chain();
      side_end();
    }
    if (is_children) side_end();
    std::fprintf(stderr, "bench: copied %lld rows into %s in %.1f s\n",
                 static_cast<long long>(rows), table.c_str(), NowSeconds() - t0);
  }
}

}  // namespace

std::string PgBaseUri() { return EnvOr("ATENSI_BENCH_PG_URI", ""); }

std::string SchemaUri(const std::string& base, const std::string& schema) {
  return base + (base.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" +
         schema;
}

std::int64_t PgDatasetCases() {
  return std::strtoll(
      EnvOr("ATENSI_BENCH_PG_CASES", EnvOr("ATENSI_BENCH_CASES", "1000000")).c_str(), nullptr, 10);
}

std::string Hex(const unsigned char* bytes, std::size_t n) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(2 * n, '0');
  for (std::size_t i = 0; i < n; ++i) {
    out[2 * i] = kDigits[bytes[i] >> 4];
    out[2 * i + 1] = kDigits[bytes[i] & 15];
  }
  return out;
}

RawPg::RawPg(const std::string& uri) {
  conn_ = PQconnectdb(uri.c_str());
  if (PQstatus(conn_) != CONNECTION_OK) PgDie(conn_, "raw connect");
  PQsetNoticeProcessor(
      conn_, [](void*, const char*) {}, nullptr);
}

RawPg::~RawPg() { PQfinish(conn_); }

PgResult RawPg::Exec(std::string_view sql) {
  const std::string text(sql);
  PgResult r(PQexec(conn_, text.c_str()), &PQclear);
  const ExecStatusType st = PQresultStatus(r.get());
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) PgDie(conn_, text);
  return r;
}

void RawPg::Prepare(const std::string& name, std::string_view sql) {
  const std::string text(sql);
  PgResult r(PQprepare(conn_, name.c_str(), text.c_str(), 0, nullptr), &PQclear);
  if (PQresultStatus(r.get()) != PGRES_COMMAND_OK) PgDie(conn_, text);
}

PgResult RawPg::Run(const std::string& name, const std::vector<const char*>& values,
                    const std::vector<int>& lengths, const std::vector<int>& binary) {
  PgResult r(PQexecPrepared(conn_, name.c_str(), static_cast<int>(values.size()), values.data(),
                            lengths.empty() ? nullptr : lengths.data(),
                            binary.empty() ? nullptr : binary.data(), 0),
             &PQclear);
  const ExecStatusType st = PQresultStatus(r.get());
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) PgDie(conn_, name);
  return r;
}

std::int64_t RawPg::CopyIn(
    std::string_view copy_sql,
    const std::function<void(const std::function<void(std::string_view)>&)>& feed) {
  const std::string text(copy_sql);
  {
    PgResult r(PQexec(conn_, text.c_str()), &PQclear);
    if (PQresultStatus(r.get()) != PGRES_COPY_IN) PgDie(conn_, text);
  }
  feed([this](std::string_view bytes) {
    if (PQputCopyData(conn_, bytes.data(), static_cast<int>(bytes.size())) != 1) {
      PgDie(conn_, "copy data");
    }
  });
  if (PQputCopyEnd(conn_, nullptr) != 1) PgDie(conn_, "copy end");
  PgResult r(PQgetResult(conn_), &PQclear);
  if (PQresultStatus(r.get()) != PGRES_COMMAND_OK) PgDie(conn_, text);
  const std::int64_t rows = std::strtoll(PQcmdTuples(r.get()), nullptr, 10);
  while (PGresult* more = PQgetResult(conn_)) PQclear(more);
  return rows;
}

std::string RawPg::Show(std::string_view name) {
  PgResult r = Exec("SHOW " + std::string(name));
  return PQgetvalue(r.get(), 0, 0);
}

void RecreateSchema(RawPg& admin, const std::string& name) {
  admin.Exec("DROP SCHEMA IF EXISTS " + name + " CASCADE");
  admin.Exec("CREATE SCHEMA " + name);
}

std::string ServerSettings(RawPg& conn) {
  return "PostgreSQL " + conn.Show("server_version") + ", fsync=" + conn.Show("fsync") +
         ", synchronous_commit=" + conn.Show("synchronous_commit") +
         ", full_page_writes=" + conn.Show("full_page_writes") +
         ", shared_buffers=" + conn.Show("shared_buffers");
}

std::string EnsurePgDataset(std::int64_t cases) {
  const std::string base = PgBaseUri();
  const std::string schema = "bench_cases_" + std::to_string(cases);
  const std::string uri = SchemaUri(base, schema);
  const std::string marker = kMarker + std::to_string(cases);
  RawPg admin(base);
  {
    PgResult r = admin.Exec(
        "SELECT obj_description(oid, 'pg_namespace') FROM pg_namespace WHERE nspname = '" + schema +
        "'");
    if (PQntuples(r.get()) == 1 && marker == PQgetvalue(r.get(), 0, 0)) return uri;
  }
  const std::string source = EnvOr("ATENSI_BENCH_PG_SOURCE", "");
  const std::string path = source.empty() ? EnsureDataset(cases) : source;
  const double t0 = NowSeconds();
  RecreateSchema(admin, schema);
  {
    // The atensi tables (and partitions), created by the library itself.
    ManualClock clock(DatasetNow());
    OpenOptions o;
    o.path = uri;
    auto book = Casebook::Open(o, clock);
    if (!book.ok()) Die("create pg store", book.status().ToString());
  }
  sqlite3* src = nullptr;
  CheckRc(src, sqlite3_open_v2(path.c_str(), &src, SQLITE_OPEN_READONLY, nullptr), path);
  CopyTables(src, uri);
  sqlite3_close_v2(src);
  {
    RawPg dst(uri);
    dst.Exec("ANALYZE");
  }
  {
    // One untimed open: whatever the store derives on its first open (kept
    // deadlines) is built here, not in a timed open.
    ManualClock clock(DatasetNow());
    OpenOptions o;
    o.path = uri;
    o.create_if_missing = false;
    auto book = Casebook::Open(o, clock);
    if (!book.ok()) Die("open pg dataset", book.status().ToString());
  }
  admin.Exec("COMMENT ON SCHEMA " + schema + " IS '" + marker + "'");
  std::fprintf(stderr, "bench: copied the %lld-case dataset into PostgreSQL schema %s in %.1f s\n",
               static_cast<long long>(cases), schema.c_str(), NowSeconds() - t0);
  return uri;
}

}  // namespace atensi::bench
