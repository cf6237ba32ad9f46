// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// CaseStore over SQLite. Records are stored as their JSON document
// (lifecycle_json.h) plus the columns the queries need (stage, risk,
// categories, packed domicile region, next deadline). Every mutation writes
// the row and appends its hash-chained event (event_log.h) in the caller's
// transaction.

#include <sodium.h>

#include <algorithm>
#include <charconv>
#include <map>
#include <memory>
#include <string>
#include <utility>

#include "atensi/lifecycle/lifecycle_json.h"
#include "atensi/lifecycle/lifecycle_json_text.h"
#include "atensi/store/case_store.h"
#include "store/event_log.h"
#include "store/migrations.h"
#include "store/record_verifier.h"
#include "store/region_range.h"
#include "store/sqlite_access_log.h"
#include "store/sqlite_access_requests.h"
#include "store/sqlite_crypto.h"
#include "store/sqlite_db.h"
#include "store/sqlite_deadlines.h"
#include "store/sqlite_routing_tables.h"

namespace atensi {
namespace {

using store::Db;
using store::EventInput;
using store::EventLog;
using store::RegionSubtreeRange;
using store::Stmt;
using store::Transaction;

std::int64_t PackedOrZero(const std::optional<RegionCode>& r) {
  return r ? static_cast<std::int64_t>(r->packed()) : 0;
}

std::optional<RegionCode> RegionFromColumn(std::int64_t packed) {
  if (packed <= 0) return std::nullopt;
  return RegionCode::FromPacked(static_cast<std::uint64_t>(packed));
}

// The child's domicile as a code, or nullopt when unknown or malformed.
std::optional<RegionCode> DomicileOf(const Child& child) {
  if (child.domicile_region.empty()) return std::nullopt;
  Result<RegionCode> r = RegionCode::Parse(child.domicile_region, "domicile_region");
  if (!r.ok()) return std::nullopt;
  return *r;
}

Result<nlohmann::json> ParseDoc(const std::string& text) {
  nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded())
    return Corruption("store.bad_document", "a stored record is not valid JSON");
  return j;
}

Result<Case> CaseFromDoc(const std::string& text) {
  ATENSI_ASSIGN_OR_RETURN(nlohmann::json j, ParseDoc(text));
  Result<Case> c = CaseFromJson(j);
  if (!c.ok()) {
    return Corruption("store.bad_document", "a stored case does not parse: " + c.status().reason() +
                                                " at " + c.status().field());
  }
  return c;
}

Result<Child> ChildFromDoc(const std::string& text) {
  ATENSI_ASSIGN_OR_RETURN(nlohmann::json j, ParseDoc(text));
  Result<Child> c = ChildFromJson(j);
  if (!c.ok()) {
    return Corruption("store.bad_document", "a stored child does not parse: " +
                                                c.status().reason() + " at " + c.status().field());
  }
  return c;
}

EventInput MakeInput(std::string chain_id, ChainKind kind, const EventDraft& draft,
                     const AuditStamp& stamp, const std::string& doc) {
  EventInput in;
  in.chain_id = std::move(chain_id);
  in.kind = kind;
  in.at = stamp.at;
  in.actor = stamp.actor;
  in.action = draft.action;
  in.reason = draft.reason;
  if (!draft.changes_text.empty()) {
    in.changes_text = draft.changes_text;  // TakesChangesText
  } else {
    in.changes = draft.changes.is_null() ? nlohmann::json::object() : draft.changes;
  }
  in.state_hash = store::Sha256(doc);
  return in;
}

// Cursor "<packed region>/<case id>".
std::string MakeCursor(std::int64_t region, const std::string& id) {
  return std::to_string(region) + "/" + id;
}

Result<std::pair<std::int64_t, std::string>> ParseCursor(const std::string& cursor) {
  const std::size_t slash = cursor.find('/');
  std::int64_t region = 0;
  if (slash == std::string::npos || slash == 0 || slash + 1 >= cursor.size()) {
    return InvalidArgument("store.cursor", "cursor", "the page cursor is malformed");
  }
  auto [ptr, ec] = std::from_chars(cursor.data(), cursor.data() + slash, region);
  if (ec != std::errc() || ptr != cursor.data() + slash) {
    return InvalidArgument("store.cursor", "cursor", "the page cursor is malformed");
  }
  return std::make_pair(region, cursor.substr(slash + 1));
}

class SqliteTxn final : public CaseStore::Txn {
 public:
  // `doomed`: set by a checked operation that failed after writing
  // (JoinedWriteTxn); the transaction then refuses to commit.
  // `log` forgets its remembered chain tails when the scope ends
  // (EventLog::ForgetTails), before the transaction commits or rolls back.
  SqliteTxn(Transaction txn, const bool* doomed, EventLog& log)
      : txn_(std::move(txn)), doomed_(doomed), log_(&log) {}
  SqliteTxn(const SqliteTxn&) = delete;
  SqliteTxn& operator=(const SqliteTxn&) = delete;
  ~SqliteTxn() override { log_->ForgetTails(); }
  Status Commit() override {
    if (*doomed_) {
      return Internal("store.batch_partial_write",
                      "an operation inside the batch failed after it had written; the whole "
                      "batch is rolled back");
    }
    return txn_.Commit();
  }

 private:
  Transaction txn_;
  const bool* doomed_;
  EventLog* log_;
};

// A checked operation (CaseStore::BeginCheckedWrite) inside an open
// transaction: no savepoint. It refuses before its first write, so a refusal
// has nothing to undo; if it ends without Commit() after all having written
// (total_changes moved), the enclosing transaction is doomed.
class JoinedWriteTxn final : public CaseStore::Txn {
 public:
  JoinedWriteTxn(Db& db, bool& doomed, EventLog& log)
      : db_(&db), doomed_(&doomed), changes_(sqlite3_total_changes64(db.handle())), log_(&log) {}
  JoinedWriteTxn(const JoinedWriteTxn&) = delete;
  JoinedWriteTxn& operator=(const JoinedWriteTxn&) = delete;
  ~JoinedWriteTxn() override {
    log_->ForgetTails();
    if (db_ != nullptr && sqlite3_total_changes64(db_->handle()) != changes_) *doomed_ = true;
  }
  Status Commit() override {
    db_ = nullptr;
    return Status::Ok();
  }

 private:
  Db* db_;
  bool* doomed_;
  sqlite3_int64 changes_;
  EventLog* log_;
};

// A scope nested in an open transaction (Casebook::Batch): a SAVEPOINT, so a
// failed operation inside the batch undoes only its own writes; Commit()
// releases it into the enclosing transaction, which commits or rolls back as
// a whole.
class SavepointTxn final : public CaseStore::Txn {
 public:
  SavepointTxn(Db& db, EventLog& log) : db_(&db), log_(&log) {}
  SavepointTxn(const SavepointTxn&) = delete;
  SavepointTxn& operator=(const SavepointTxn&) = delete;
  ~SavepointTxn() override {
    log_->ForgetTails();
    if (db_ != nullptr && db_->InTransaction()) {
      db_->Exec("ROLLBACK TO atensi_op; RELEASE atensi_op").IgnoreError();
    }
  }
  Status Commit() override {
    Db* db = db_;
    db_ = nullptr;
    // A cached prepared statement: a bulk batch releases one savepoint per
    // operation, and sqlite3_exec would parse the SQL every time.
    ATENSI_ASSIGN_OR_RETURN(Stmt release, db->Prepare("RELEASE atensi_op"));
    return release.Run();
  }

 private:
  Db* db_;
  EventLog* log_;
};

// A read scope inside an open transaction (Casebook::Batch): the reads see
// the batch's writes already, and a read has nothing to undo, so it needs no
// savepoint of its own.
class JoinedReadTxn final : public CaseStore::Txn {
 public:
  Status Commit() override { return Status::Ok(); }
};

class SqliteCaseStore final : public CaseStore {
 public:
  explicit SqliteCaseStore(std::unique_ptr<Db> db)
      : db_(std::move(db)), log_(*db_), routing_(*db_, log_), crypto_(*db_) {
    routing_.set_crypto(&crypto_);
    log_.set_sealer(&crypto_);
  }

  // Encryption at rest (sqlite_crypto.h); called once by OpenSqliteCaseStore.
  Status InitCrypto(const SqliteStoreOptions& options) { return crypto_.Init(options); }

  Result<std::unique_ptr<Txn>> BeginWrite() override { return Begin(Transaction::Mode::kWrite); }
  Result<std::unique_ptr<Txn>> BeginRead() override { return Begin(Transaction::Mode::kRead); }
  Result<std::unique_ptr<Txn>> BeginCheckedWrite() override {
    log_.ForgetTails();
    if (db_->InTransaction()) {
      return std::unique_ptr<Txn>(std::make_unique<JoinedWriteTxn>(*db_, doomed_, log_));
    }
    return Begin(Transaction::Mode::kWrite);
  }

  Result<Child> GetChild(std::string_view child_id) override {
    ATENSI_ASSIGN_OR_RETURN(Stmt q, db_->Prepare("SELECT doc FROM children WHERE id = ?1"));
    q.Bind(1, child_id);
    ATENSI_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) return NotFound("store.child_not_found", "child_id", "no child with this id");
    ATENSI_ASSIGN_OR_RETURN(std::string doc, crypto_.Open("children", child_id, q.BlobView(0)));
    return ChildFromDoc(doc);
  }

  Result<std::optional<Child>> FindChildByNik(std::string_view nik) override {
    // Blind index (sqlite_crypto.h): one candidate per live key.
    ATENSI_ASSIGN_OR_RETURN(std::vector<std::string> keys,
                            crypto_.LookupValues(store::kNikIndex, nik));
    for (const std::string& key : keys) {
      ATENSI_ASSIGN_OR_RETURN(Stmt q, db_->Prepare("SELECT id, doc FROM children WHERE nik = ?1"));
      q.Bind(1, std::string_view(key));
      ATENSI_ASSIGN_OR_RETURN(bool row, q.Step());
      if (!row) continue;
      ATENSI_ASSIGN_OR_RETURN(std::string doc, crypto_.Open("children", q.Text(0), q.BlobView(1)));
      ATENSI_ASSIGN_OR_RETURN(Child c, ChildFromDoc(doc));
      return std::optional<Child>(std::move(c));
    }
    return std::optional<Child>();
  }

  Result<Event> InsertChild(const Child& child, const EventDraft& draft,
                            const AuditStamp& stamp) override {
    const std::string doc = ToJsonText(child);
    ATENSI_ASSIGN_OR_RETURN(SealedChild sealed, SealChild(child, doc));
    ATENSI_ASSIGN_OR_RETURN(
        Stmt q, db_->Prepare("INSERT INTO children (id, nik, domicile, birth_date, doc, "
                             "roster_key) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"));
    q.Bind(1, std::string_view(child.id))
        .Bind(2, sealed.nik)
        .Bind(3, PackedOrZero(DomicileOf(child)))
        .Bind(4, std::string_view(sealed.birth_date))
        .Bind(6, sealed.roster_key);
    store::CryptoTables::BindSealed(q, 5, sealed.doc);
    ATENSI_RETURN_IF_ERROR(q.Run());
    return AppendChecked(MakeInput(child.id, ChainKind::kChild, draft, stamp, doc), std::nullopt);
  }

  Result<Event> UpdateChild(const Child& child, const EventDraft& draft,
                            const AuditStamp& stamp) override {
    const std::string doc = ToJsonText(child);
    ATENSI_ASSIGN_OR_RETURN(SealedChild sealed, SealChild(child, doc));
    ATENSI_ASSIGN_OR_RETURN(
        Stmt q, db_->Prepare("UPDATE children SET nik = ?2, domicile = ?3, birth_date = ?4, "
                             "doc = ?5, roster_key = ?6 WHERE id = ?1"));
    q.Bind(1, std::string_view(child.id))
        .Bind(2, sealed.nik)
        .Bind(3, PackedOrZero(DomicileOf(child)))
        .Bind(4, std::string_view(sealed.birth_date))
        .Bind(6, sealed.roster_key);
    store::CryptoTables::BindSealed(q, 5, sealed.doc);
    ATENSI_RETURN_IF_ERROR(q.Run());
    if (db_->Changes() == 0)
      return NotFound("store.child_not_found", "child_id", "no child with this id");
    return AppendChecked(MakeInput(child.id, ChainKind::kChild, draft, stamp, doc), std::nullopt);
  }

  Result<Case> GetCase(std::string_view case_id) override {
    ATENSI_ASSIGN_OR_RETURN(Stmt q, db_->Prepare("SELECT doc FROM cases WHERE id = ?1"));
    q.Bind(1, case_id);
    ATENSI_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) return NotFound("store.case_not_found", "case_id", "no case with this id");
    ATENSI_ASSIGN_OR_RETURN(std::string doc, crypto_.Open("cases", case_id, q.BlobView(0)));
    return CaseFromDoc(doc);
  }

  Result<Event> InsertCase(const Case& c, const CaseIndex& index, const EventDraft& draft,
                           const AuditStamp& stamp) override {
    if (c.version != 1) {
      return Internal("store.version_sequence", "a new case must have version 1");
    }
    const std::string doc = ToJsonText(c);
    ATENSI_ASSIGN_OR_RETURN(
        Stmt q,
        db_->Prepare("INSERT INTO cases (id, child_id, version, stage, risk, categories, region, "
                     "lead_agency, assigned_worker, next_due_at, opened_at, closed_at, doc, ppks) "
                     "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?15)"));
    ATENSI_ASSIGN_OR_RETURN(std::string sealed, crypto_.Seal("cases", c.id, doc));
    BindCase(q, c, index, sealed);
    ATENSI_RETURN_IF_ERROR(q.Run());
    ATENSI_RETURN_IF_ERROR(store::WriteDeadlines(*db_, c.id, index, /*replace=*/false));
    return AppendChecked(MakeInput(c.id, ChainKind::kCase, draft, stamp, doc), c.version);
  }

  Result<Event> UpdateCase(const Case& next, std::int64_t expected_version, const CaseIndex& index,
                           const EventDraft& draft, const AuditStamp& stamp) override {
    if (next.version != expected_version + 1) {
      return Internal("store.version_sequence", "the next case version must be expected + 1");
    }
    const std::string doc = ToJsonText(next);
    ATENSI_ASSIGN_OR_RETURN(std::string sealed, crypto_.Seal("cases", next.id, doc));
    ATENSI_ASSIGN_OR_RETURN(std::string sql, CaseUpdateSql(next, expected_version, index));
    ATENSI_ASSIGN_OR_RETURN(Stmt q, db_->Prepare(sql));
    BindCase(q, next, index, sealed);
    q.Bind(14, expected_version);
    ATENSI_RETURN_IF_ERROR(q.Run());
    if (db_->Changes() == 0) return CaseVersionConflict();
    ATENSI_RETURN_IF_ERROR(store::WriteDeadlines(*db_, next.id, index, /*replace=*/true));
    return AppendChecked(MakeInput(next.id, ChainKind::kCase, draft, stamp, doc), next.version);
  }

  Status SetCasesRegion(std::string_view child_id, std::optional<RegionCode> region) override {
    ATENSI_ASSIGN_OR_RETURN(Stmt q,
                            db_->Prepare("UPDATE cases SET region = ?2 WHERE child_id = ?1"));
    q.Bind(1, child_id).Bind(2, PackedOrZero(region));
    ATENSI_RETURN_IF_ERROR(q.Run());
    return store::SetDeadlinesRegion(*db_, child_id, PackedOrZero(region));
  }

  Result<std::vector<Case>> CasesOfChild(std::string_view child_id) override {
    ATENSI_ASSIGN_OR_RETURN(
        Stmt q, db_->Prepare("SELECT doc, id FROM cases WHERE child_id = ?1 ORDER BY id"));
    q.Bind(1, child_id);
    std::vector<Case> out;
    while (true) {
      ATENSI_ASSIGN_OR_RETURN(bool row, q.Step());
      if (!row) break;
      ATENSI_ASSIGN_OR_RETURN(std::string doc, crypto_.Open("cases", q.TextView(1), q.BlobView(0)));
      ATENSI_ASSIGN_OR_RETURN(Case c, CaseFromDoc(doc));
      out.push_back(std::move(c));
    }
    return out;
  }

  Result<Page<CaseSummary>> Caseload(const CaseloadQuery& query) override {
    if (query.page_size < 1 || query.page_size > 1000) {
      return InvalidArgument("store.page_size", "page_size", "page_size must be 1..1000");
    }
    // The SQL text depends only on which filters are present, so each shape
    // is prepared once and cached.
    std::string sql =
        "SELECT id, child_id, version, stage, risk, categories, region, lead_agency, "
        "assigned_worker, opened_at, closed_at, next_due_at FROM cases WHERE 1";
    if (query.within) sql += " AND region BETWEEN ?1 AND ?2";
    if (query.stage) sql += " AND stage = ?3";
    if (query.risk) sql += " AND risk = ?4";
    if (query.category) sql += " AND (categories & ?5) != 0";
    if (!query.include_closed) sql += " AND stage != ?6";
    if (!query.cursor.empty()) sql += " AND (region, id) > (?7, ?8)";
    sql += " ORDER BY region, id LIMIT ?9";
    ATENSI_ASSIGN_OR_RETURN(Stmt q, db_->Prepare(sql));
    if (query.within) {
      auto [lo, hi] = RegionSubtreeRange(*query.within);
      q.Bind(1, lo).Bind(2, hi);
    }
    if (query.stage) q.Bind(3, static_cast<std::int64_t>(*query.stage));
    if (query.risk) q.Bind(4, static_cast<std::int64_t>(*query.risk));
    if (query.category) {
      q.Bind(5, static_cast<std::int64_t>(AmpkSet{*query.category}.bits()));
    }
    if (!query.include_closed) q.Bind(6, static_cast<std::int64_t>(Stage::kClosed));
    if (!query.cursor.empty()) {
      ATENSI_ASSIGN_OR_RETURN(auto cursor, ParseCursor(query.cursor));
      q.Bind(7, cursor.first).Bind(8, std::string_view(cursor.second));
    }
    q.Bind(9, static_cast<std::int64_t>(query.page_size) + 1);  // one extra: is there more?
    Page<CaseSummary> page;
    std::int64_t last_region = 0;
    while (true) {
      ATENSI_ASSIGN_OR_RETURN(bool row, q.Step());
      if (!row) break;
      if (static_cast<int>(page.items.size()) == query.page_size) {
        page.next_cursor = MakeCursor(last_region, page.items.back().case_id);
        break;
      }
      CaseSummary s;
      s.case_id = q.Text(0);
      s.child_id = q.Text(1);
      s.version = q.Int64(2);
      s.stage = static_cast<Stage>(q.Int64(3));
      s.risk = static_cast<RiskLevel>(q.Int64(4));
      s.categories = AmpkSet::FromBits(static_cast<std::uint32_t>(q.Int64(5)));
      last_region = q.Int64(6);
      s.region = RegionFromColumn(last_region);
      s.lead_agency_id = q.Text(7);
      s.assigned_worker_id = q.Text(8);
      s.opened_at = Instant{q.Int64(9)};
      if (auto v = q.OptionalInt64(10)) s.closed_at = Instant{*v};
      if (auto v = q.OptionalInt64(11)) s.next_due_at = Instant{*v};
      page.items.push_back(std::move(s));
    }
    return page;
  }

  Result<std::vector<IndexedCase>> CasesDueBy(Instant until,
                                              std::optional<RegionCode> within) override {
    std::string sql =
        "SELECT doc, region, next_due_at, id FROM cases WHERE next_due_at IS NOT NULL AND "
        "next_due_at <= ?1";
    if (within) sql += " AND region BETWEEN ?2 AND ?3";
    sql += " ORDER BY next_due_at, id";
    ATENSI_ASSIGN_OR_RETURN(Stmt q, db_->Prepare(sql));
    q.Bind(1, until.ms);
    if (within) {
      auto [lo, hi] = RegionSubtreeRange(*within);
      q.Bind(2, lo).Bind(3, hi);
    }
    std::vector<IndexedCase> out;
    while (true) {
      ATENSI_ASSIGN_OR_RETURN(bool row, q.Step());
      if (!row) break;
      ATENSI_ASSIGN_OR_RETURN(std::string doc, crypto_.Open("cases", q.TextView(3), q.BlobView(0)));
      ATENSI_ASSIGN_OR_RETURN(Case c, CaseFromDoc(doc));
      IndexedCase ic{std::move(c),
                     CaseIndex{RegionFromColumn(q.Int64(1)), Instant{q.Int64(2)}, {}}};
      out.push_back(std::move(ic));
    }
    return out;
  }

  Result<Page<DueItemRow>> DuePage(Instant now, Instant until, const DueQuery& query) override {
    return store::QueryDuePage(*db_, now, until, query);
  }

  Result<bool> DeadlinesNeedRebuild() override { return store::DeadlinesRebuildPending(*db_); }

  Status RebuildDeadlines(
      const std::function<std::vector<DueItem>(const Case&)>& pending_of) override {
    return store::RebuildAllDeadlines(
        *db_,
        [this](std::string_view id, std::span<const std::uint8_t> stored) -> Result<Case> {
          ATENSI_ASSIGN_OR_RETURN(std::string doc, crypto_.Open("cases", id, stored));
          return CaseFromDoc(doc);
        },
        pending_of);
  }

  Result<std::vector<Event>> ChainEvents(std::string_view chain_id) override {
    return log_.ReadChain(chain_id);
  }
  bool TakesChangesText() const override { return true; }

  Result<std::optional<std::string>> ChainFirstAgency(std::string_view chain_id) override {
    // One column of the chain's first row (the primary key's first entry):
    // no change set parsed, no payload opened (the actor is stored in clear).
    ATENSI_ASSIGN_OR_RETURN(
        Stmt q,
        db_->Prepare("SELECT actor_agency FROM events WHERE chain_id = ?1 ORDER BY seq LIMIT 1"));
    q.Bind(1, chain_id);
    ATENSI_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) return std::optional<std::string>();
    return std::optional<std::string>(q.Text(0));
  }

  Result<std::vector<Event>> ChildTimeline(std::string_view child_id) override {
    ATENSI_ASSIGN_OR_RETURN(
        Stmt q, db_->Prepare(std::string("SELECT ") + store::kEventColumns +
                             " FROM events WHERE chain_id IN (SELECT ?1 UNION ALL SELECT id FROM "
                             "cases WHERE child_id = ?1) ORDER BY at, chain_id, seq"));
    q.Bind(1, child_id);
    std::vector<Event> out;
    while (true) {
      ATENSI_ASSIGN_OR_RETURN(bool row, q.Step());
      if (!row) break;
      ATENSI_ASSIGN_OR_RETURN(Event e, store::ReadEventRow(q, &crypto_));
      out.push_back(std::move(e));
    }
    return out;
  }

  // ---- schema version 2: forwarded to store::RoutingTables ----
  Result<std::optional<Child>> FindChildByRosterKey(std::string_view key) override {
    return routing_.FindChildByRosterKey(key);
  }
  Result<bool> PutRosterFacts(std::string_view child_id, const nlohmann::json& facts) override {
    return routing_.PutRosterFacts(child_id, facts);
  }
  Result<std::uint64_t> RosterFactsCount() override { return routing_.RosterFactsCount(); }
  Result<std::vector<std::pair<std::string, nlohmann::json>>> RosterFactsPage(
      std::string_view after, std::size_t limit) override {
    return routing_.RosterFactsPage(after, limit);
  }
  Result<Referral> GetReferral(std::string_view id) override { return routing_.GetReferral(id); }
  Result<std::vector<Referral>> ReferralsOfCase(std::string_view case_id) override {
    return routing_.ReferralsOfCase(case_id);
  }
  Result<Event> InsertReferral(const Referral& r, const EventDraft& draft,
                               const AuditStamp& stamp) override {
    return routing_.InsertReferral(r, draft, stamp);
  }
  Result<Event> UpdateReferral(const Referral& next, std::int64_t expected_version,
                               const EventDraft& draft, const AuditStamp& stamp) override {
    return routing_.UpdateReferral(next, expected_version, draft, stamp);
  }
  Result<Page<Referral>> ReferralBox(std::string_view agency_id, bool inbox,
                                     const ReferralQuery& query) override {
    return routing_.ReferralBox(agency_id, inbox, query);
  }
  Result<std::vector<Referral>> ReferralsOverdue(Instant now) override {
    return routing_.ReferralsOverdue(now);
  }
  Result<Transfer> GetTransfer(std::string_view id) override { return routing_.GetTransfer(id); }
  Result<std::vector<Transfer>> TransfersOfCase(std::string_view case_id) override {
    return routing_.TransfersOfCase(case_id);
  }
  Result<Event> InsertTransfer(const Transfer& t, const EventDraft& draft,
                               const AuditStamp& stamp) override {
    return routing_.InsertTransfer(t, draft, stamp);
  }
  Result<Event> UpdateTransfer(const Transfer& next, std::int64_t expected_version,
                               const EventDraft& draft, const AuditStamp& stamp) override {
    return routing_.UpdateTransfer(next, expected_version, draft, stamp);
  }
  Result<std::optional<RoutingSnapshot>> GetRouting(std::string_view case_id) override {
    return routing_.GetRouting(case_id);
  }
  Result<Event> PutRouting(const RoutingSnapshot& snapshot, const EventDraft& draft,
                           const AuditStamp& stamp) override {
    return routing_.PutRouting(snapshot, draft, stamp);
  }
  Result<ProvinceReport> ProvinceAggregates(RegionCode province, Instant now, int trend_months,
                                            int utc_offset_minutes) override {
    return store::QueryProvinceAggregates(*db_, province, now, trend_months, utc_offset_minutes);
  }

  Result<std::int64_t> Checkpoint(Instant at) override { return log_.Checkpoint(at); }

  // ---- encryption at rest: store::CryptoTables ----
  Result<EncryptionInfo> Encryption() override { return crypto_.Info(); }
  Status BeginKeyRotation(const EncryptionKey& new_key) override {
    return crypto_.BeginRotation(new_key);
  }
  Result<std::uint64_t> RekeyBatch(RekeyCursor& cursor, std::size_t limit) override {
    return crypto_.RekeyBatch(cursor, limit);
  }
  Result<std::vector<std::uint32_t>> FinishKeyRotation(const EventDraft& draft,
                                                       const AuditStamp& stamp) override {
    ATENSI_ASSIGN_OR_RETURN(std::vector<std::uint32_t> retired, crypto_.FinishRotation());
    ATENSI_ASSIGN_OR_RETURN(EncryptionInfo info, crypto_.Info());
    EventDraft full = draft;
    if (!full.changes.is_object()) full.changes = nlohmann::json::object();
    full.changes["current_key"] = {{"after", info.current_key}};
    full.changes["retired_keys"] = {{"after", retired}};
    // The store chain has no record row; its state is the key state.
    const std::string state =
        nlohmann::json{{"current_key", info.current_key}, {"live_keys", info.live_keys}}.dump();
    ATENSI_RETURN_IF_ERROR(
        log_.Append(MakeInput(std::string(kStoreChain), ChainKind::kStore, full, stamp, state))
            .status());
    return retired;
  }

  // ---- schema version 6: privacy (casebook_privacy.cpp) ----
  Result<std::vector<std::string>> PrivacyActions(std::string_view chain_id) override {
    ATENSI_ASSIGN_OR_RETURN(
        Stmt q, db_->Prepare("SELECT action FROM events WHERE chain_id = ?1 AND (action = 'purge' "
                             "OR substr(action, 1, 8) = 'privacy.') ORDER BY seq"));
    q.Bind(1, chain_id);
    std::vector<std::string> out;
    while (true) {
      ATENSI_ASSIGN_OR_RETURN(bool row, q.Step());
      if (!row) break;
      out.push_back(q.Text(0));
    }
    return out;
  }
  Result<std::vector<std::string>> ChildIdsAfter(std::string_view after,
                                                 std::size_t limit) override {
    ATENSI_ASSIGN_OR_RETURN(
        Stmt q, db_->Prepare("SELECT id FROM children WHERE id > ?1 ORDER BY id LIMIT ?2"));
    q.Bind(1, after).Bind(2, static_cast<std::int64_t>(limit));
    std::vector<std::string> out;
    while (true) {
      ATENSI_ASSIGN_OR_RETURN(bool row, q.Step());
      if (!row) break;
      out.push_back(q.Text(0));
    }
    return out;
  }
  Result<PurgedPayloads> PurgeChainPayloads(std::string_view chain_id, Instant at) override {
    ATENSI_ASSIGN_OR_RETURN(Stmt q, db_->Prepare("SELECT seq, hash_format FROM events WHERE "
                                                 "chain_id = ?1 AND payload_purged_at IS NULL"));
    q.Bind(1, chain_id);
    std::vector<std::int64_t> seqs;
    PurgedPayloads out;
    while (true) {
      ATENSI_ASSIGN_OR_RETURN(bool row, q.Step());
      if (!row) break;
      if (q.Int64(1) == 2) {
        seqs.push_back(q.Int64(0));
      } else {
        ++out.kept_format_1;
      }
    }
    for (std::int64_t seq : seqs) {
      ATENSI_ASSIGN_OR_RETURN(bool purged, log_.PurgePayload(chain_id, seq, at));
      if (purged) ++out.purged;
    }
    return out;
  }
  Result<std::vector<std::string>> ChildrenWithPendingAccessRequest() override {
    return store::ChildrenWithPendingAccessRequest(*db_);
  }
  Result<bool> DeleteRosterFacts(std::string_view child_id) override {
    ATENSI_ASSIGN_OR_RETURN(Stmt q, db_->Prepare("DELETE FROM roster_facts WHERE child_id = ?1"));
    q.Bind(1, child_id);
    ATENSI_RETURN_IF_ERROR(q.Run());
    return db_->Changes() > 0;
  }

  // ---- schema version 5: the access log (store::AccessLogTable) ----
  Status AppendAccessLog(const AccessLogEntry& entry) override { return access_log_.Append(entry); }
  Result<std::vector<AccessLogEntry>> AccessLogOfChild(std::string_view child_id) override {
    return access_log_.OfChild(child_id);
  }

  Result<VerifyReport> Verify() override {
    // One ordered pass over the events; the record checks (each case and
    // child row against its chain's tail, every chain against its row, each
    // referral/transfer/routing row against the newest event naming it) ride
    // on it, merge-joined with each table read once in key order
    // (record_verifier.h; docs/performance.md, workload 7).
    store::RecordVerifier records(*db_, [this](std::string_view table, std::string_view id,
                                               std::span<const std::uint8_t> stored) {
      return crypto_.Open(table, id, stored);
    });
    // With the pipelined chain pass, the record checks get a thread and a
    // connection (same snapshot) of their own (record_verifier.h), unless
    // documents are sealed: opening them stays on this thread.
    if (log_.parallel_verify() && !crypto_.sealing()) (void)records.StartParallel();
    ATENSI_ASSIGN_OR_RETURN(VerifyReport report, log_.Verify(&records));
    if (!report.ok) return report;
    ATENSI_ASSIGN_OR_RETURN(std::optional<BrokenLink> broken, records.Finish());
    if (broken) {
      report.ok = false;
      report.first_broken = std::move(broken);
    }
    return report;
  }

 private:
  Result<std::unique_ptr<Txn>> Begin(Transaction::Mode mode) {
    if (mode == Transaction::Mode::kWrite) log_.ForgetTails();
    if (db_->InTransaction()) {
      if (mode == Transaction::Mode::kRead) {
        return std::unique_ptr<Txn>(std::make_unique<JoinedReadTxn>());
      }
      // Inside Casebook::Batch: join the open transaction as a savepoint.
      {
        ATENSI_ASSIGN_OR_RETURN(Stmt savepoint, db_->Prepare("SAVEPOINT atensi_op"));
        ATENSI_RETURN_IF_ERROR(savepoint.Run());
      }
      return std::unique_ptr<Txn>(std::make_unique<SavepointTxn>(*db_, log_));
    }
    ATENSI_ASSIGN_OR_RETURN(Transaction txn, Transaction::Begin(*db_, mode));
    doomed_ = false;
    return std::unique_ptr<Txn>(std::make_unique<SqliteTxn>(std::move(txn), &doomed_, log_));
  }

  // The stored form of a child row: the sealed document, the blind indexes
  // of its NIK and roster key, and its birth date column (blank when sealed).
  struct SealedChild {
    std::string doc;
    std::optional<std::string> nik;
    std::optional<std::string> roster_key;
    std::string birth_date;
  };
  Result<SealedChild> SealChild(const Child& child, const std::string& doc) const {
    SealedChild out;
    ATENSI_ASSIGN_OR_RETURN(out.doc, crypto_.Seal("children", child.id, doc));
    ATENSI_ASSIGN_OR_RETURN(out.nik, crypto_.IndexColumn(store::kNikIndex, child.nik));
    ATENSI_ASSIGN_OR_RETURN(out.roster_key,
                            crypto_.IndexColumn(store::kRosterKeyIndex, child.roster_key));
    if (!crypto_.sealing()) out.birth_date = FormatIsoDate(child.birth_date);
    return out;
  }

  static Status CaseVersionConflict() {
    return Conflict("store.version_conflict", "version",
                    "the case was changed by someone else since it was read; reload it and "
                    "retry (optimistic concurrency, no last-write-wins)");
  }

  // The UPDATE for a new version of a case: version and doc, plus only the
  // index columns whose value changed. SQLite rewrites the entries of every
  // index over a SET column, changed or not, and cases has eight indexes: a
  // lead change (routing) touches one of them instead of all eight
  // (docs/performance.md, workload 1). Parameters as BindCase; ?14 is the
  // expected version. NotFound / Conflict as UpdateCase.
  Result<std::string> CaseUpdateSql(const Case& next, std::int64_t expected_version,
                                    const CaseIndex& index) {
    ATENSI_ASSIGN_OR_RETURN(
        Stmt cur, db_->Prepare("SELECT version, child_id, stage, risk, categories, region, "
                               "lead_agency, assigned_worker, next_due_at, opened_at, closed_at, "
                               "ppks FROM cases WHERE id = ?1"));
    cur.Bind(1, std::string_view(next.id));
    ATENSI_ASSIGN_OR_RETURN(bool found, cur.Step());
    if (!found) return NotFound("store.case_not_found", "case_id", "no case with this id");
    if (cur.Int64(0) != expected_version) return CaseVersionConflict();
    // Whether column `col` differs from `v` (`has` false: from NULL).
    auto differs = [&](int col, bool has, std::int64_t v) {
      if (!has) return !cur.IsNull(col);
      return cur.IsNull(col) || cur.Int64(col) != v;
    };
    auto differs_int = [&](int col, std::int64_t v) { return differs(col, true, v); };
    std::string sql = "UPDATE cases SET version = ?3, doc = ?13";
    if (cur.TextView(1) != next.child_id) sql += ", child_id = ?2";
    if (differs_int(2, static_cast<std::int64_t>(next.stage))) sql += ", stage = ?4";
    if (differs_int(3, static_cast<std::int64_t>(next.risk))) sql += ", risk = ?5";
    if (differs_int(4, static_cast<std::int64_t>(next.categories.bits()))) {
      sql += ", categories = ?6";
    }
    if (differs_int(5, PackedOrZero(index.region))) sql += ", region = ?7";
    if (cur.TextView(6) != next.lead_agency_id) sql += ", lead_agency = ?8";
    if (cur.TextView(7) != next.assigned_worker_id) sql += ", assigned_worker = ?9";
    if (differs(8, index.next_due_at.has_value(), index.next_due_at ? index.next_due_at->ms : 0)) {
      sql += ", next_due_at = ?10";
    }
    if (differs_int(9, next.opened_at.ms)) sql += ", opened_at = ?11";
    if (differs(10, next.closure.has_value(), next.closure ? next.closure->closed_at.ms : 0)) {
      sql += ", closed_at = ?12";
    }
    // ?15 (ppks) is bound either way: SET when it changed, else a guard
    // that holds (the stored value is the new one).
    sql += differs_int(11, store::PpksBits(next))
               ? ", ppks = ?15 WHERE id = ?1 AND version = ?14"
               : " WHERE id = ?1 AND version = ?14 AND ppks = ?15";
    return sql;
  }

  static void BindCase(Stmt& q, const Case& c, const CaseIndex& index, const std::string& doc) {
    q.Bind(1, std::string_view(c.id))
        .Bind(2, std::string_view(c.child_id))
        .Bind(3, c.version)
        .Bind(4, static_cast<std::int64_t>(c.stage))
        .Bind(5, static_cast<std::int64_t>(c.risk))
        .Bind(6, static_cast<std::int64_t>(c.categories.bits()))
        .Bind(7, PackedOrZero(index.region))
        .Bind(8, std::string_view(c.lead_agency_id))
        .Bind(9, std::string_view(c.assigned_worker_id))
        .Bind(10, index.next_due_at ? std::optional<std::int64_t>(index.next_due_at->ms)
                                    : std::optional<std::int64_t>())
        .Bind(11, c.opened_at.ms)
        .Bind(12, c.closure ? std::optional<std::int64_t>(c.closure->closed_at.ms)
                            : std::optional<std::int64_t>())
        .Bind(15, store::PpksBits(c));
    store::CryptoTables::BindSealed(q, 13, doc);
  }

  // Appends and checks that a case chain stays in step with the case version.
  Result<Event> AppendChecked(EventInput in, std::optional<std::int64_t> version) {
    ATENSI_ASSIGN_OR_RETURN(Event e, log_.Append(std::move(in)));
    if (version && e.seq != *version) {
      // The chain also holds the case's referral/transfer/routing events;
      // the version counts only the case's own (dot-free) events.
      ATENSI_ASSIGN_OR_RETURN(
          Stmt own,
          db_->Prepare(std::string("SELECT count(*) FROM events WHERE chain_id = ?1 AND ") +
                       store::kCaseOwnEvent));
      own.Bind(1, std::string_view(e.chain_id));
      ATENSI_ASSIGN_OR_RETURN(bool row, own.Step());
      if (row && own.Int64(0) == *version) return e;
      return Corruption("store.chain_version_mismatch",
                        "the case's event chain is out of step with its version; run verify");
    }
    return e;
  }

  std::unique_ptr<Db> db_;
  // The open transaction may no longer commit (JoinedWriteTxn).
  bool doomed_ = false;
  EventLog log_;
  store::RoutingTables routing_;
  store::CryptoTables crypto_;
  store::AccessLogTable access_log_{*db_};
};

}  // namespace

Result<std::unique_ptr<CaseStore>> OpenSqliteCaseStore(const SqliteStoreOptions& options) {
  if (sodium_init() < 0) return Internal("store.sodium", "libsodium could not be initialised");
  store::DbOptions db_options;
  db_options.create_if_missing = options.create_if_missing;
  db_options.busy_timeout_ms = options.busy_timeout_ms;
  db_options.synchronous = static_cast<int>(options.synchronous);
  db_options.vfs = options.vfs_name;
  ATENSI_ASSIGN_OR_RETURN(std::unique_ptr<Db> db, Db::Open(options.path, db_options));
  ATENSI_RETURN_IF_ERROR(store::Migrate(*db));
  auto store = std::make_unique<SqliteCaseStore>(std::move(db));
  ATENSI_RETURN_IF_ERROR(store->InitCrypto(options));
  return std::unique_ptr<CaseStore>(std::move(store));
}

}  // namespace atensi
