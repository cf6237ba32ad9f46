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
#include "atensi/store/case_store.h"
#include "store/event_log.h"
#include "store/migrations.h"
#include "store/sqlite_db.h"
#include "store/sqlite_routing_tables.h"

namespace atensi {
namespace {

using store::Db;
using store::EventInput;
using store::EventLog;
using store::Stmt;
using store::Transaction;

// The packed-code range [lo, hi] of a region subtree (Permendagri 137/2017
// codes: PP KK CC VVVV; a lower level only fills the trailing groups).
std::pair<std::int64_t, std::int64_t> SubtreeRange(RegionCode code) {
  const auto lo = static_cast<std::int64_t>(code.packed());
  switch (code.level()) {
    case RegionLevel::kProvince:
      return {lo, lo + 100'000'000 - 1};
    case RegionLevel::kRegency:
      return {lo, lo + 1'000'000 - 1};
    case RegionLevel::kDistrict:
      return {lo, lo + 10'000 - 1};
    case RegionLevel::kVillage:
      return {lo, lo};
  }
  return {lo, lo};
}

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
  in.changes = draft.changes.is_null() ? nlohmann::json::object() : draft.changes;
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
  explicit SqliteTxn(Transaction txn) : txn_(std::move(txn)) {}
  Status Commit() override { return txn_.Commit(); }

 private:
  Transaction txn_;
};

// A scope nested in an open transaction (Casebook::Batch): a SAVEPOINT, so a
// failed operation inside the batch undoes only its own writes; Commit()
// releases it into the enclosing transaction, which commits or rolls back as
// a whole.
class SavepointTxn final : public CaseStore::Txn {
 public:
  explicit SavepointTxn(Db& db) : db_(&db) {}
  SavepointTxn(const SavepointTxn&) = delete;
  SavepointTxn& operator=(const SavepointTxn&) = delete;
  ~SavepointTxn() override {
    if (db_ != nullptr && db_->InTransaction()) {
      db_->Exec("ROLLBACK TO atensi_op; RELEASE atensi_op").IgnoreError();
    }
  }
  Status Commit() override {
    Db* db = db_;
    db_ = nullptr;
    return db->Exec("RELEASE atensi_op");
  }

 private:
  Db* db_;
};

class SqliteCaseStore final : public CaseStore {
 public:
  explicit SqliteCaseStore(std::unique_ptr<Db> db)
      : db_(std::move(db)), log_(*db_), routing_(*db_, log_) {}

  Result<std::unique_ptr<Txn>> BeginWrite() override { return Begin(Transaction::Mode::kWrite); }
  Result<std::unique_ptr<Txn>> BeginRead() override { return Begin(Transaction::Mode::kRead); }

  Result<Child> GetChild(std::string_view child_id) override {
    ATENSI_ASSIGN_OR_RETURN(Stmt q, db_->Prepare("SELECT doc FROM children WHERE id = ?1"));
    q.Bind(1, child_id);
    ATENSI_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) return NotFound("store.child_not_found", "child_id", "no child with this id");
    return ChildFromDoc(q.Text(0));
  }

  Result<std::optional<Child>> FindChildByNik(std::string_view nik) override {
    ATENSI_ASSIGN_OR_RETURN(Stmt q, db_->Prepare("SELECT doc FROM children WHERE nik = ?1"));
    q.Bind(1, nik);
    ATENSI_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) return std::optional<Child>();
    ATENSI_ASSIGN_OR_RETURN(Child c, ChildFromDoc(q.Text(0)));
    return std::optional<Child>(std::move(c));
  }

  Result<Event> InsertChild(const Child& child, const EventDraft& draft,
                            const AuditStamp& stamp) override {
    const std::string doc = ToJson(child).dump();
    ATENSI_ASSIGN_OR_RETURN(
        Stmt q, db_->Prepare("INSERT INTO children (id, nik, domicile, birth_date, doc, "
                             "roster_key) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"));
    q.Bind(1, std::string_view(child.id))
        .Bind(2, child.nik)
        .Bind(3, PackedOrZero(DomicileOf(child)))
        .Bind(4, std::string_view(FormatIsoDate(child.birth_date)))
        .Bind(5, std::string_view(doc))
        .Bind(6, child.roster_key);
    ATENSI_RETURN_IF_ERROR(q.Run());
    return AppendChecked(MakeInput(child.id, ChainKind::kChild, draft, stamp, doc), std::nullopt);
  }

  Result<Event> UpdateChild(const Child& child, const EventDraft& draft,
                            const AuditStamp& stamp) override {
    const std::string doc = ToJson(child).dump();
    ATENSI_ASSIGN_OR_RETURN(
        Stmt q, db_->Prepare("UPDATE children SET nik = ?2, domicile = ?3, birth_date = ?4, "
                             "doc = ?5, roster_key = ?6 WHERE id = ?1"));
    q.Bind(1, std::string_view(child.id))
        .Bind(2, child.nik)
        .Bind(3, PackedOrZero(DomicileOf(child)))
        .Bind(4, std::string_view(FormatIsoDate(child.birth_date)))
        .Bind(5, std::string_view(doc))
        .Bind(6, child.roster_key);
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
    return CaseFromDoc(q.Text(0));
  }

  Result<Event> InsertCase(const Case& c, const CaseIndex& index, const EventDraft& draft,
                           const AuditStamp& stamp) override {
    if (c.version != 1) {
      return Internal("store.version_sequence", "a new case must have version 1");
    }
    const std::string doc = ToJson(c).dump();
    ATENSI_ASSIGN_OR_RETURN(
        Stmt q,
        db_->Prepare("INSERT INTO cases (id, child_id, version, stage, risk, categories, region, "
                     "lead_agency, assigned_worker, next_due_at, opened_at, closed_at, doc, ppks) "
                     "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?15)"));
    BindCase(q, c, index, doc);
    ATENSI_RETURN_IF_ERROR(q.Run());
    return AppendChecked(MakeInput(c.id, ChainKind::kCase, draft, stamp, doc), c.version);
  }

  Result<Event> UpdateCase(const Case& next, std::int64_t expected_version, const CaseIndex& index,
                           const EventDraft& draft, const AuditStamp& stamp) override {
    if (next.version != expected_version + 1) {
      return Internal("store.version_sequence", "the next case version must be expected + 1");
    }
    const std::string doc = ToJson(next).dump();
    ATENSI_ASSIGN_OR_RETURN(
        Stmt q,
        db_->Prepare("UPDATE cases SET child_id = ?2, version = ?3, stage = ?4, risk = ?5, "
                     "categories = ?6, region = ?7, lead_agency = ?8, "
                     "assigned_worker = ?9, next_due_at = ?10, opened_at = ?11, "
                     "closed_at = ?12, doc = ?13, ppks = ?15 WHERE id = ?1 AND version = ?14"));
    BindCase(q, next, index, doc);
    q.Bind(14, expected_version);
    ATENSI_RETURN_IF_ERROR(q.Run());
    if (db_->Changes() == 0) {
      ATENSI_ASSIGN_OR_RETURN(Stmt exists, db_->Prepare("SELECT 1 FROM cases WHERE id = ?1"));
      exists.Bind(1, std::string_view(next.id));
      ATENSI_ASSIGN_OR_RETURN(bool row, exists.Step());
      if (!row) return NotFound("store.case_not_found", "case_id", "no case with this id");
      return Conflict("store.version_conflict", "version",
                      "the case was changed by someone else since it was read; reload it and "
                      "retry (optimistic concurrency, no last-write-wins)");
    }
    return AppendChecked(MakeInput(next.id, ChainKind::kCase, draft, stamp, doc), next.version);
  }

  Status SetCasesRegion(std::string_view child_id, std::optional<RegionCode> region) override {
    ATENSI_ASSIGN_OR_RETURN(Stmt q,
                            db_->Prepare("UPDATE cases SET region = ?2 WHERE child_id = ?1"));
    q.Bind(1, child_id).Bind(2, PackedOrZero(region));
    return q.Run();
  }

  Result<std::vector<Case>> CasesOfChild(std::string_view child_id) override {
    ATENSI_ASSIGN_OR_RETURN(Stmt q,
                            db_->Prepare("SELECT doc FROM cases WHERE child_id = ?1 ORDER BY id"));
    q.Bind(1, child_id);
    std::vector<Case> out;
    while (true) {
      ATENSI_ASSIGN_OR_RETURN(bool row, q.Step());
      if (!row) break;
      ATENSI_ASSIGN_OR_RETURN(Case c, CaseFromDoc(q.Text(0)));
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
      auto [lo, hi] = SubtreeRange(*query.within);
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
        "SELECT doc, region, next_due_at FROM cases WHERE next_due_at IS NOT NULL AND "
        "next_due_at <= ?1";
    if (within) sql += " AND region BETWEEN ?2 AND ?3";
    sql += " ORDER BY next_due_at, id";
    ATENSI_ASSIGN_OR_RETURN(Stmt q, db_->Prepare(sql));
    q.Bind(1, until.ms);
    if (within) {
      auto [lo, hi] = SubtreeRange(*within);
      q.Bind(2, lo).Bind(3, hi);
    }
    std::vector<IndexedCase> out;
    while (true) {
      ATENSI_ASSIGN_OR_RETURN(bool row, q.Step());
      if (!row) break;
      ATENSI_ASSIGN_OR_RETURN(Case c, CaseFromDoc(q.Text(0)));
      IndexedCase ic{std::move(c), CaseIndex{RegionFromColumn(q.Int64(1)), Instant{q.Int64(2)}}};
      out.push_back(std::move(ic));
    }
    return out;
  }

  Result<std::vector<Event>> ChainEvents(std::string_view chain_id) override {
    return log_.ReadChain(chain_id);
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
      ATENSI_ASSIGN_OR_RETURN(Event e, store::ReadEventRow(q));
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

  Result<VerifyReport> Verify() override {
    ATENSI_ASSIGN_OR_RETURN(VerifyReport report, log_.Verify());
    if (!report.ok) return report;
    auto fail = [&report](std::string id, std::int64_t seq, std::string reason) {
      report.ok = false;
      BrokenLink b;
      b.where = BrokenLink::Where::kRecord;
      b.chain_id = std::move(id);
      b.seq = seq;
      b.reason = std::move(reason);
      report.first_broken = std::move(b);
      return report;
    };
    // Each record row must match the tail of its chain: same state hash and,
    // for cases, version == number of events (one event per mutation).
    // A case's chain also holds its referral/transfer/routing events (their
    // actions contain a dot); the case row is checked against its own events.
    static constexpr const char* kTails[] = {
        "SELECT c.id, c.version, c.doc, e.seq, e.state_hash, (SELECT count(*) FROM events WHERE "
        "chain_id = c.id AND instr(action, '.') = 0) FROM cases c LEFT JOIN events e "
        "ON e.chain_id = c.id AND e.seq = (SELECT MAX(seq) FROM events WHERE chain_id = c.id "
        "AND instr(action, '.') = 0) ORDER BY c.id",
        "SELECT c.id, 0, c.doc, e.seq, e.state_hash, 0 FROM children c LEFT JOIN events e "
        "ON e.chain_id = c.id AND e.seq = (SELECT MAX(seq) FROM events WHERE chain_id = c.id) "
        "ORDER BY c.id"};
    for (int table = 0; table < 2; ++table) {
      ATENSI_ASSIGN_OR_RETURN(Stmt q, db_->Prepare(kTails[table]));
      while (true) {
        ATENSI_ASSIGN_OR_RETURN(bool row, q.Step());
        if (!row) break;
        std::string id = q.Text(0);
        if (q.IsNull(3)) return fail(std::move(id), 0, "record.no_events");
        const std::int64_t tail_seq = q.Int64(3);
        if (table == 0 && q.Int64(1) != q.Int64(5)) {
          return fail(std::move(id), tail_seq, "record.version_mismatch");
        }
        const Sha256Digest state = store::Sha256(q.TextView(2));
        const std::span<const std::uint8_t> stored = q.BlobView(4);
        if (stored.size() != state.size() ||
            !std::equal(state.begin(), state.end(), stored.begin())) {
          return fail(std::move(id), tail_seq, "record.state_mismatch");
        }
      }
    }
    // Every chain must still have its record (a deleted case or child row).
    ATENSI_ASSIGN_OR_RETURN(
        Stmt orphans,
        db_->Prepare("SELECT e.chain_id, MAX(e.seq) FROM events e WHERE "
                     "(e.kind = 2 AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.id = e.chain_id)) "
                     "OR (e.kind = 1 AND NOT EXISTS (SELECT 1 FROM children c WHERE c.id = "
                     "e.chain_id)) GROUP BY e.chain_id ORDER BY e.chain_id LIMIT 1"));
    ATENSI_ASSIGN_OR_RETURN(bool orphan, orphans.Step());
    if (orphan) return fail(orphans.Text(0), orphans.Int64(1), "record.missing");
    ATENSI_ASSIGN_OR_RETURN(std::optional<BrokenLink> subject, store::VerifySubjectRows(*db_));
    if (subject) {
      report.ok = false;
      report.first_broken = std::move(subject);
    }
    return report;
  }

 private:
  Result<std::unique_ptr<Txn>> Begin(Transaction::Mode mode) {
    if (db_->InTransaction()) {
      // Inside Casebook::Batch: join the open transaction as a savepoint.
      ATENSI_RETURN_IF_ERROR(db_->Exec("SAVEPOINT atensi_op"));
      return std::unique_ptr<Txn>(std::make_unique<SavepointTxn>(*db_));
    }
    ATENSI_ASSIGN_OR_RETURN(Transaction txn, Transaction::Begin(*db_, mode));
    return std::unique_ptr<Txn>(std::make_unique<SqliteTxn>(std::move(txn)));
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
        .Bind(13, std::string_view(doc))
        .Bind(15, store::PpksBits(c));
  }

  // Appends and checks that a case chain stays in step with the case version.
  Result<Event> AppendChecked(const EventInput& in, std::optional<std::int64_t> version) {
    ATENSI_ASSIGN_OR_RETURN(Event e, log_.Append(in));
    if (version && e.seq != *version) {
      // The chain also holds the case's referral/transfer/routing events;
      // the version counts only the case's own (dot-free) events.
      ATENSI_ASSIGN_OR_RETURN(
          Stmt own,
          db_->Prepare(std::string("SELECT count(*) FROM events WHERE chain_id = ?1 AND ") +
                       store::kCaseOwnEvent));
      own.Bind(1, std::string_view(in.chain_id));
      ATENSI_ASSIGN_OR_RETURN(bool row, own.Step());
      if (row && own.Int64(0) == *version) return e;
      return Corruption("store.chain_version_mismatch",
                        "the case's event chain is out of step with its version; run verify");
    }
    return e;
  }

  std::unique_ptr<Db> db_;
  EventLog log_;
  store::RoutingTables routing_;
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
  return std::unique_ptr<CaseStore>(std::make_unique<SqliteCaseStore>(std::move(db)));
}

}  // namespace atensi
