// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// The backend side of CopyStore (include/atensi/store/store_copy.h): one
// CopyEnd per store, reading or writing raw rows of the tables both backends
// share (the SQLite schema's tables, with the same columns and encodings on
// PostgreSQL). The driver (store_copy.cpp) decides which rows of which
// tables move, in which order; a CopyEnd only runs SELECTs the driver wrote
// (standard SQL both backends parse: row-value keyset comparisons, BETWEEN,
// IN subqueries; numbered placeholders from Placeholder()) and inserts
// batches, filling its own derived data (PostgreSQL: the partition key
// `province`, the `chains` and `child_keys` tables).
//
// Sealed values (encryption at rest) travel in SQLite's encoding on both
// ends: a document in `doc`, an event payload in `changes`, as a BLOB
// envelope when sealed and TEXT when clear (store/copy_reseal.h re-seals
// them under the target's key on the way).

#ifndef ATENSI_SRC_STORE_STORE_COPY_H_
#define ATENSI_SRC_STORE_STORE_COPY_H_

#include <cstdint>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "atensi/clock.h"
#include "atensi/status.h"
#include "atensi/store/event.h"
#include "store/event_log.h"

namespace atensi::store {

using CopyBlob = std::vector<std::uint8_t>;
// NULL, INTEGER, TEXT or BLOB: the four storage classes both backends use.
using CopyValue = std::variant<std::monostate, std::int64_t, std::string, CopyBlob>;
using CopyRow = std::vector<CopyValue>;

enum class CopyType : std::uint8_t { kInteger, kText, kBlob };

struct CopyColumn {
  std::string name;
  CopyType type = CopyType::kText;
};

// A table as the copy sees it: its copyable columns (a backend's derived
// columns left out) and its primary key (keyset order of the scan).
struct CopyTable {
  std::string name;
  std::vector<CopyColumn> columns;
  std::vector<std::string> key;

  [[nodiscard]] bool Has(const std::string& column) const {
    for (const CopyColumn& c : columns) {
      if (c.name == column) return true;
    }
    return false;
  }
};

class CopyEnd {
 public:
  virtual ~CopyEnd() = default;

  // The store's tables (backend-internal and derived tables left out).
  virtual Result<std::vector<CopyTable>> Tables() = 0;
  // The n-th (1-based) parameter placeholder of this backend's SQL.
  [[nodiscard]] virtual std::string Placeholder(int n) const = 0;
  // A read transaction with one snapshot, or the write transaction.
  virtual Status Begin(bool write) = 0;
  virtual Status Commit() = 0;
  // The SELECT expression that reads `column` of `t` in the copy's common
  // encoding (default: the column itself). A sealable document or event
  // payload comes back as one value: TEXT when clear, a BLOB envelope when
  // sealed (PostgreSQL keeps the envelope in doc_sealed / payload_sealed).
  [[nodiscard]] virtual std::string SelectExpr(const CopyTable& t,
                                               const std::string& column) const {
    (void)t;
    return column;
  }
  // Runs a SELECT; column i is read as types[i].
  virtual Result<std::vector<CopyRow>> Select(const std::string& sql, const CopyRow& params,
                                              const std::vector<CopyType>& types) = 0;
  // Inserts `rows` (values in `columns` order) into `table`, with the
  // backend's derived data. AlreadyExists when an id is taken.
  virtual Status Insert(const CopyTable& table, const std::vector<std::string>& columns,
                        const std::vector<CopyRow>& rows) = 0;
  // Seals the current chain tails into a new checkpoint; returns its seq.
  virtual Result<std::int64_t> SealCheckpoint(Instant at) = 0;
  // Verifies the event chains and checkpoints inside the open transaction;
  // `sealer` (may be null) opens sealed payloads.
  virtual Result<VerifyReport> VerifyLog(PayloadSealer* sealer) = 0;
};

// An SQLite store file (already created and migrated by OpenSqliteCaseStore).
Result<std::unique_ptr<CopyEnd>> OpenSqliteCopyEnd(const std::string& path);
// A PostgreSQL store (already created and migrated by OpenPgCaseStore).
// Unsupported "store.pg_unavailable" in a build without libpq.
Result<std::unique_ptr<CopyEnd>> OpenPgCopyEnd(const std::string& uri);

}  // namespace atensi::store

#endif  // ATENSI_SRC_STORE_STORE_COPY_H_
