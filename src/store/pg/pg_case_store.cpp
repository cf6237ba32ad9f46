// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// PgCaseStore: children, cases, queries and integrity (see pg_case_store.h).
// Each SQL statement mirrors the SqliteCaseStore one it replaces; where a
// query is scoped to a region it also names the province partition key, so
// PostgreSQL reads only that province's partition.

#include "store/pg/pg_case_store.h"

#include <sodium.h>

#include <algorithm>
#include <charconv>
#include <utility>

#include "atensi/lifecycle/lifecycle_json.h"
#include "atensi/routing/routing_json.h"
#include "atensi/store/pg_case_store.h"
#include "store/pg/pg_schema.h"
#include "store/region_range.h"
#include "store/sqlite_routing_tables.h"

namespace atensi::store::pg {
namespace {

std::int64_t PackedOrZero(const std::optional<RegionCode>& r) {
  return r ? static_cast<std::int64_t>(r->packed()) : 0;
}

std::optional<RegionCode> RegionFromColumn(std::int64_t packed) {
  if (packed <= 0) return std::nullopt;
  return RegionCode::FromPacked(static_cast<std::uint64_t>(packed));
}

std::optional<RegionCode> DomicileOf(const Child& child) {
  if (child.domicile_region.empty()) return std::nullopt;
  Result<RegionCode> r = RegionCode::Parse(child.domicile_region, "domicile_region");
  if (!r.ok()) return std::nullopt;
  return *r;
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

class PgWriteTxn final : public CaseStore::Txn {
 public:
  explicit PgWriteTxn(PgTxn txn) : txn_(std::move(txn)) {}
  Status Commit() override { return txn_.Commit(); }

 private:
  PgTxn txn_;
};

// A scope nested in an open transaction (Casebook::Batch): a SAVEPOINT, as
// on SQLite. PostgreSQL aborts the whole transaction on a failed statement;
// rolling back to the savepoint makes it usable again, so a failed
// operation inside a batch undoes only its own writes. The SAVEPOINT is
// deferred (pg_conn.h: sent with the operation's first statement); a scope
// whose SAVEPOINT never reached the server is undone by dropping it and
// what followed it unsent.
class PgSavepointTxn final : public CaseStore::Txn {
 public:
  // Opens the scope (defers its SAVEPOINT).
  static Result<std::unique_ptr<CaseStore::Txn>> Open(Conn& conn) {
    const std::size_t at = conn.DeferredCount();
    const std::uint64_t sends = conn.SendCount();
    ATENSI_RETURN_IF_ERROR(conn.DeferExec("SAVEPOINT atensi_op"));
    return std::unique_ptr<CaseStore::Txn>(new PgSavepointTxn(conn, at, sends));
  }
  PgSavepointTxn(const PgSavepointTxn&) = delete;
  PgSavepointTxn& operator=(const PgSavepointTxn&) = delete;
  ~PgSavepointTxn() override {
    if (conn_ != nullptr) Undo(*conn_);
  }
  Status Commit() override {
    Conn* conn = std::exchange(conn_, nullptr);
    if (!Sent(*conn) && conn->DeferredCount() == at_ + 1) {
      conn->DiscardFrom(at_);  // only the SAVEPOINT itself: nothing ran
      return Status::Ok();
    }
    Result<Rows> released = conn->ExecOne("RELEASE SAVEPOINT atensi_op");
    if (!released.ok()) Undo(*conn);  // a deferred write failed: undo this scope only
    return released.status();
  }

 private:
  PgSavepointTxn(Conn& conn, std::size_t at, std::uint64_t sends)
      : conn_(&conn), at_(at), sends_(sends) {}
  // Whether the SAVEPOINT reached the server (it is still the at_-th
  // deferred statement otherwise; without pipelining it was sent at once).
  bool Sent(const Conn& conn) const {
    return conn.SendCount() != sends_ || conn.DeferredCount() <= at_;
  }
  void Undo(Conn& conn) const {
    if (!Sent(conn)) {
      conn.DiscardFrom(at_);  // the SAVEPOINT was never sent
      return;
    }
    conn.Discard();  // writes after the savepoint
    if (conn.ServerInTransaction()) {
      conn.Exec("ROLLBACK TO SAVEPOINT atensi_op").IgnoreError();
      conn.Exec("RELEASE SAVEPOINT atensi_op").IgnoreError();
    }
  }
  Conn* conn_;
  std::size_t at_;       // index of the deferred SAVEPOINT
  std::uint64_t sends_;  // Conn::SendCount() when it was deferred
};

template <typename T>
Result<T> Parsed(std::string_view text, Result<T> (*parse)(const nlohmann::json&),
                 const char* what) {
  ATENSI_ASSIGN_OR_RETURN(nlohmann::json j, ParseDoc(text));
  Result<T> r = parse(j);
  if (!r.ok()) {
    return Corruption("store.bad_document", std::string("a stored ") + what + " does not parse: " +
                                                r.status().reason() + " at " + r.status().field());
  }
  return r;
}

Result<Case> ParseCase(const nlohmann::json& j) { return CaseFromJson(j); }
Result<Child> ParseChild(const nlohmann::json& j) { return ChildFromJson(j); }
Result<Referral> ParseReferral(const nlohmann::json& j) { return ReferralFromJson(j); }
Result<Transfer> ParseTransfer(const nlohmann::json& j) { return TransferFromJson(j); }

std::string CaseColumns() {
  return "province, id, child_id, version, stage, risk, categories, region, lead_agency, "
         "assigned_worker, next_due_at, opened_at, closed_at, doc, doc_sealed, ppks";
}

// The values of CaseColumns() for `c`, as placeholders added to `p`.
std::string CaseValues(Params& p, const Case& c, const CaseIndex& index, const StoredDoc& doc) {
  std::string v;
  v += p.Add(ProvinceKey(index.region)) + ", ";
  v += p.Add(std::string_view(c.id)) + ", ";
  v += p.Add(std::string_view(c.child_id)) + ", ";
  v += p.Add(c.version) + ", ";
  v += p.Add(static_cast<std::int64_t>(c.stage)) + ", ";
  v += p.Add(static_cast<std::int64_t>(c.risk)) + ", ";
  v += p.Add(static_cast<std::int64_t>(c.categories.bits())) + ", ";
  v += p.Add(PackedOrZero(index.region)) + ", ";
  v += p.Add(std::string_view(c.lead_agency_id)) + ", ";
  v += p.Add(std::string_view(c.assigned_worker_id)) + ", ";
  v += p.Add(index.next_due_at ? std::optional<std::int64_t>(index.next_due_at->ms)
                               : std::optional<std::int64_t>()) +
       ", ";
  v += p.Add(c.opened_at.ms) + ", ";
  v += p.Add(c.closure ? std::optional<std::int64_t>(c.closure->closed_at.ms)
                       : std::optional<std::int64_t>()) +
       ", ";
  v += PgCrypto::AddDoc(p, doc) + ", ";
  v += p.Add(store::PpksBits(c));
  return v;
}

// kEventColumns, each qualified with table alias `alias`.
std::string EventColumnsOf(std::string_view alias) {
  std::string out;
  std::string_view cols = kEventColumns;
  while (!cols.empty()) {
    const std::size_t comma = cols.find(',');
    std::string_view col = cols.substr(0, comma);
    while (!col.empty() && col.front() == ' ') col.remove_prefix(1);
    if (!out.empty()) out += ", ";
    out += std::string(alias) + "." + std::string(col);
    cols = comma == std::string_view::npos ? std::string_view() : cols.substr(comma + 1);
  }
  return out;
}

// "<alias>province = (SELECT row_province FROM chains WHERE chain_id = $n)":
// the one partition a record with id placeholder `id` is in (migration 6).
std::string RowProvinceOf(const std::string& id) {
  return "province = (SELECT row_province FROM chains WHERE chain_id = " + id + ")";
}

}  // namespace

Status DeferVersionedUpdate(Conn& conn, const std::string& update_sql,
                            const std::string& exists_sql, const Params& p, Status not_found,
                            Status conflict) {
  return conn.DeferChecked(
      "WITH u AS (" + update_sql + " RETURNING 1) SELECT (SELECT count(*) FROM u), EXISTS (" +
          exists_sql + ")",
      p, [not_found = std::move(not_found), conflict = std::move(conflict)](const Rows& r) {
        if (r.size() == 1 && r.Int64(0, 0) == 1) return Status::Ok();
        return r.size() == 1 && r.Bool(0, 1) ? conflict : not_found;
      });
}

Result<nlohmann::json> ParseDoc(std::string_view text) {
  nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) {
    return Corruption("store.bad_document", "a stored record is not valid JSON");
  }
  return j;
}
Result<Case> CaseFromDoc(std::string_view text) { return Parsed<Case>(text, ParseCase, "case"); }
Result<Child> ChildFromDoc(std::string_view text) {
  return Parsed<Child>(text, ParseChild, "child");
}
Result<Referral> ReferralFromDoc(std::string_view text) {
  return Parsed<Referral>(text, ParseReferral, "referral");
}
Result<Transfer> TransferFromDoc(std::string_view text) {
  return Parsed<Transfer>(text, ParseTransfer, "transfer");
}

// ---- transactions -----------------------------------------------------------------

Result<std::unique_ptr<CaseStore::Txn>> PgCaseStore::Begin(PgTxn::Mode mode) {
  if (conn_->InTransaction()) {
    // Inside Casebook::Batch: join the open transaction as a savepoint.
    return PgSavepointTxn::Open(*conn_);
  }
  ATENSI_ASSIGN_OR_RETURN(PgTxn txn, PgTxn::Begin(*conn_, mode));
  return std::unique_ptr<Txn>(std::make_unique<PgWriteTxn>(std::move(txn)));
}

Result<std::unique_ptr<CaseStore::Txn>> PgCaseStore::BeginWrite() {
  return Begin(PgTxn::Mode::kWrite);
}
Result<std::unique_ptr<CaseStore::Txn>> PgCaseStore::BeginRead() {
  return Begin(PgTxn::Mode::kRead);
}

// ---- children ----------------------------------------------------------------------

Result<Child> PgCaseStore::GetChild(std::string_view child_id) {
  Params p;
  const std::string id = p.Add(child_id);
  ATENSI_ASSIGN_OR_RETURN(
      Rows q, conn_->Query(std::string("SELECT ") + kDocColumns +
                               " FROM children WHERE id = " + id + " AND " + RowProvinceOf(id),
                           p));
  if (q.empty()) return NotFound("store.child_not_found", "child_id", "no child with this id");
  ATENSI_ASSIGN_OR_RETURN(std::string doc, crypto_.OpenDoc("children", child_id, q, 0, 0));
  return ChildFromDoc(doc);
}

Result<std::optional<Child>> PgCaseStore::ChildByKey(const std::string& key) {
  Params p;
  ATENSI_ASSIGN_OR_RETURN(Rows q, conn_->Query("SELECT child_id FROM child_keys WHERE key = " +
                                                   p.Add(std::string_view(key)),
                                               p));
  if (q.empty()) return std::optional<Child>();
  ATENSI_ASSIGN_OR_RETURN(Child c, GetChild(q.TextView(0, 0)));
  return std::optional<Child>(std::move(c));
}

Result<std::optional<Child>> PgCaseStore::FindChildByNik(std::string_view nik) {
  // Blind index (pg_crypto.h): one candidate per live key; child_keys (one
  // unpartitioned index) names the child, read from its one partition.
  ATENSI_ASSIGN_OR_RETURN(std::vector<std::string> keys, crypto_.LookupValues(kNikPurpose, nik));
  for (const std::string& key : keys) {
    ATENSI_ASSIGN_OR_RETURN(std::optional<Child> c, ChildByKey("nik:" + key));
    if (c) return c;
  }
  return std::optional<Child>();
}

Status PgCaseStore::SetRowProvince(std::string_view id, std::int64_t province) {
  Params p;
  const std::string prov = p.Add(province);
  const std::string sql = "UPDATE chains SET row_province = " + prov +
                          " WHERE chain_id = " + p.Add(id) + " AND row_province IS DISTINCT FROM " +
                          prov + "::smallint";
  return conn_->Defer(sql, p);  // pg_conn.h: sent with the next statement
}

Status PgCaseStore::PutChildKeys(const Child& child, const std::optional<std::string>& nik,
                                 const std::optional<std::string>& roster_key) {
  {
    Params p;
    ATENSI_RETURN_IF_ERROR(conn_->Defer(
        "DELETE FROM child_keys WHERE child_id = " + p.Add(std::string_view(child.id)), p));
  }
  for (const auto& [prefix, value] : {std::pair{"nik:", &nik}, std::pair{"roster:", &roster_key}}) {
    if (!*value) continue;
    Params p;
    const std::string key = p.Add(std::string_view(std::string(prefix) + **value));
    const std::string id = p.Add(std::string_view(child.id));
    // A key held by another child: AlreadyExists "store.exists" when sent.
    ATENSI_RETURN_IF_ERROR(
        conn_->Defer("INSERT INTO child_keys (key, child_id) VALUES (" + key + ", " + id + ")", p));
  }
  return Status::Ok();
}

Result<PgCaseStore::SealedChild> PgCaseStore::SealChild(const Child& child,
                                                        const std::string& doc) const {
  SealedChild out;
  ATENSI_ASSIGN_OR_RETURN(out.doc, crypto_.SealDoc("children", child.id, doc));
  ATENSI_ASSIGN_OR_RETURN(out.nik, crypto_.IndexColumn(kNikPurpose, child.nik));
  ATENSI_ASSIGN_OR_RETURN(out.roster_key, crypto_.IndexColumn(kRosterKeyPurpose, child.roster_key));
  if (!crypto_.sealing()) out.birth_date = FormatIsoDate(child.birth_date);
  return out;
}

Result<Event> PgCaseStore::InsertChild(const Child& child, const EventDraft& draft,
                                       const AuditStamp& stamp) {
  const std::string doc = ToJson(child).dump();
  ATENSI_ASSIGN_OR_RETURN(SealedChild sealed, SealChild(child, doc));
  const std::optional<RegionCode> domicile = DomicileOf(child);
  const std::int64_t province = ProvinceKey(domicile);
  Params p;
  const std::string sql =
      "INSERT INTO children (province, id, nik, domicile, birth_date, doc, doc_sealed, "
      "roster_key) VALUES (" +
      p.Add(province) + ", " + p.Add(std::string_view(child.id)) + ", " + p.Add(sealed.nik) + ", " +
      p.Add(PackedOrZero(domicile)) + ", " + p.Add(std::string_view(sealed.birth_date)) + ", " +
      PgCrypto::AddDoc(p, sealed.doc) + ", " + p.Add(sealed.roster_key) + ")";
  ATENSI_RETURN_IF_ERROR(conn_->Defer(sql, p));
  ATENSI_RETURN_IF_ERROR(PutChildKeys(child, sealed.nik, sealed.roster_key));
  return log_.Append(MakeInput(child.id, ChainKind::kChild, draft, stamp, doc), province,
                     /*must_be_new=*/true);
}

Result<Event> PgCaseStore::UpdateChild(const Child& child, const EventDraft& draft,
                                       const AuditStamp& stamp) {
  const std::string doc = ToJson(child).dump();
  ATENSI_ASSIGN_OR_RETURN(SealedChild sealed, SealChild(child, doc));
  const std::optional<RegionCode> domicile = DomicileOf(child);
  const std::int64_t province = ProvinceKey(domicile);
  Params p;
  std::string sql =
      "UPDATE children SET province = " + p.Add(province) + ", nik = " + p.Add(sealed.nik) +
      ", domicile = " + p.Add(PackedOrZero(domicile)) +
      ", birth_date = " + p.Add(std::string_view(sealed.birth_date)) + ", (doc, doc_sealed) = (" +
      PgCrypto::AddDoc(p, sealed.doc) + "), roster_key = " + p.Add(sealed.roster_key);
  const std::string id = p.Add(std::string_view(child.id));
  sql += " WHERE id = " + id + " AND " + RowProvinceOf(id);
  ATENSI_ASSIGN_OR_RETURN(std::int64_t changed, conn_->Run(sql, p));
  if (changed == 0) return NotFound("store.child_not_found", "child_id", "no child with this id");
  ATENSI_RETURN_IF_ERROR(SetRowProvince(child.id, province));
  ATENSI_RETURN_IF_ERROR(PutChildKeys(child, sealed.nik, sealed.roster_key));
  return log_.Append(MakeInput(child.id, ChainKind::kChild, draft, stamp, doc), province,
                     /*must_be_new=*/false);
}

// ---- cases --------------------------------------------------------------------------

Result<Case> PgCaseStore::GetCase(std::string_view case_id) {
  Params p;
  const std::string id = p.Add(case_id);
  ATENSI_ASSIGN_OR_RETURN(
      Rows q, conn_->Query(std::string("SELECT ") + kDocColumns + " FROM cases WHERE id = " + id +
                               " AND " + RowProvinceOf(id),
                           p));
  if (q.empty()) return NotFound("store.case_not_found", "case_id", "no case with this id");
  ATENSI_ASSIGN_OR_RETURN(std::string doc, crypto_.OpenDoc("cases", case_id, q, 0, 0));
  return CaseFromDoc(doc);
}

Result<Event> PgCaseStore::InsertCase(const Case& c, const CaseIndex& index,
                                      const EventDraft& draft, const AuditStamp& stamp) {
  if (c.version != 1) return Internal("store.version_sequence", "a new case must have version 1");
  const std::string doc = ToJson(c).dump();
  ATENSI_ASSIGN_OR_RETURN(StoredDoc stored, crypto_.SealDoc("cases", c.id, doc));
  Params p;
  const std::string sql =
      "INSERT INTO cases (" + CaseColumns() + ") VALUES (" + CaseValues(p, c, index, stored) + ")";
  ATENSI_RETURN_IF_ERROR(conn_->Defer(sql, p));
  ATENSI_RETURN_IF_ERROR(WriteDeadlines(c.id, index, /*replace=*/false));
  return AppendChecked(MakeInput(c.id, ChainKind::kCase, draft, stamp, doc),
                       ProvinceKey(index.region), /*must_be_new=*/true, c.version);
}

Result<Event> PgCaseStore::UpdateCase(const Case& next, std::int64_t expected_version,
                                      const CaseIndex& index, const EventDraft& draft,
                                      const AuditStamp& stamp) {
  if (next.version != expected_version + 1) {
    return Internal("store.version_sequence", "the next case version must be expected + 1");
  }
  const std::string doc = ToJson(next).dump();
  ATENSI_ASSIGN_OR_RETURN(StoredDoc stored, crypto_.SealDoc("cases", next.id, doc));
  Params p;
  const std::string values = CaseValues(p, next, index, stored);
  const std::string id = p.Add(std::string_view(next.id));
  const std::string where = " WHERE id = " + id + " AND " + RowProvinceOf(id);
  const std::string sql = "UPDATE cases SET (" + CaseColumns() + ") = ROW(" + values + ")" + where +
                          " AND version = " + p.Add(expected_version);
  // Checked when sent with the chain lock of AppendChecked below (pg_conn.h).
  ATENSI_RETURN_IF_ERROR(DeferVersionedUpdate(
      *conn_, sql, "SELECT 1 FROM cases" + where, p,
      NotFound("store.case_not_found", "case_id", "no case with this id"),
      Conflict("store.version_conflict", "version",
               "the case was changed by someone else since it was read; reload it and "
               "retry (optimistic concurrency, no last-write-wins)")));
  ATENSI_RETURN_IF_ERROR(WriteDeadlines(next.id, index, /*replace=*/true));
  ATENSI_RETURN_IF_ERROR(SetRowProvince(next.id, ProvinceKey(index.region)));
  return AppendChecked(MakeInput(next.id, ChainKind::kCase, draft, stamp, doc),
                       ProvinceKey(index.region), /*must_be_new=*/false, next.version);
}

Status PgCaseStore::SetCasesRegion(std::string_view child_id, std::optional<RegionCode> region) {
  // The case rows, their kept deadlines and their row province move together.
  const std::int64_t packed = PackedOrZero(region);
  const std::int64_t province = ProvinceKey(region);
  Params p;
  const std::string r = p.Add(packed);
  const std::string prov = p.Add(province);
  const std::string child = p.Add(child_id);
  ATENSI_ASSIGN_OR_RETURN(Rows ids,
                          conn_->Query("UPDATE cases SET region = " + r + ", province = " + prov +
                                           " WHERE child_id = " + child + " RETURNING id",
                                       p));
  for (int i = 0; i < ids.size(); ++i) {
    const std::string_view id = ids.TextView(i, 0);
    ATENSI_RETURN_IF_ERROR(SetRowProvince(id, province));
    Params d;
    const std::string sql = "UPDATE case_deadlines SET region = " + d.Add(packed) +
                            ", province = " + d.Add(province) + " WHERE case_id = " + d.Add(id);
    ATENSI_RETURN_IF_ERROR(conn_->Defer(sql, d));
  }
  return Status::Ok();
}

Result<Event> PgCaseStore::AppendChecked(const EventInput& in, std::int64_t province,
                                         bool must_be_new, std::optional<std::int64_t> version) {
  ATENSI_ASSIGN_OR_RETURN(Event e, log_.Append(in, province, must_be_new));
  if (version && e.seq != *version) {
    // The chain also holds the case's referral/transfer/routing events; the
    // version counts only the case's own (dot-free) events.
    Params p;
    const std::string id = p.Add(std::string_view(in.chain_id));
    ATENSI_ASSIGN_OR_RETURN(
        Rows own,
        conn_->Query("SELECT count(*) FROM events WHERE chain_id = " + id +
                         " AND province = (SELECT province FROM chains WHERE chain_id = " + id +
                         ") AND strpos(action, '.') = 0",
                     p));
    if (!own.empty() && own.Int64(0, 0) == *version) return e;
    return Corruption("store.chain_version_mismatch",
                      "the case's event chain is out of step with its version; run verify");
  }
  return e;
}

// ---- queries -------------------------------------------------------------------------

Result<std::vector<Case>> PgCaseStore::CasesOfChild(std::string_view child_id) {
  // A child's cases are in its own row's province (the Casebook indexes a
  // case under the child's domicile, and SetCasesRegion moves them with
  // it): chains.row_province of the child names the one partition.
  Params p;
  const std::string id = p.Add(child_id);
  ATENSI_ASSIGN_OR_RETURN(Rows q, conn_->Query(std::string("SELECT id, ") + kDocColumns +
                                                   " FROM cases WHERE child_id = " + id + " AND " +
                                                   RowProvinceOf(id) + " ORDER BY id",
                                               p));
  std::vector<Case> out;
  for (int r = 0; r < q.size(); ++r) {
    ATENSI_ASSIGN_OR_RETURN(std::string doc, crypto_.OpenDoc("cases", q.TextView(r, 0), q, r, 1));
    ATENSI_ASSIGN_OR_RETURN(Case c, CaseFromDoc(doc));
    out.push_back(std::move(c));
  }
  return out;
}

Result<Page<CaseSummary>> PgCaseStore::Caseload(const CaseloadQuery& query) {
  if (query.page_size < 1 || query.page_size > 1000) {
    return InvalidArgument("store.page_size", "page_size", "page_size must be 1..1000");
  }
  Params p;
  std::string sql =
      "SELECT id, child_id, version, stage, risk, categories, region, lead_agency, "
      "assigned_worker, opened_at, closed_at, next_due_at FROM cases WHERE true";
  if (query.within) {
    auto [lo, hi] = RegionSubtreeRange(*query.within);
    sql += " AND province = " + p.Add(ProvinceKey(query.within));
    sql += " AND region BETWEEN " + p.Add(lo) + " AND " + p.Add(hi);
  }
  if (query.stage) sql += " AND stage = " + p.Add(static_cast<std::int64_t>(*query.stage));
  if (query.risk) sql += " AND risk = " + p.Add(static_cast<std::int64_t>(*query.risk));
  if (query.category) {
    sql += " AND (categories & " +
           p.Add(static_cast<std::int64_t>(AmpkSet{*query.category}.bits())) + "::bigint) != 0";
  }
  if (!query.include_closed) {
    sql += " AND stage != " + p.Add(static_cast<std::int64_t>(Stage::kClosed));
  }
  if (!query.cursor.empty()) {
    ATENSI_ASSIGN_OR_RETURN(auto cursor, ParseCursor(query.cursor));
    const std::string region = p.Add(cursor.first);
    sql += " AND (region, id) > (" + region + "::bigint, " +
           p.Add(std::string_view(cursor.second)) + "::text)";
  }
  sql += " ORDER BY region, id LIMIT " + p.Add(static_cast<std::int64_t>(query.page_size) + 1);
  ATENSI_ASSIGN_OR_RETURN(Rows q, conn_->Query(sql, p));
  Page<CaseSummary> page;
  std::int64_t last_region = 0;
  for (int r = 0; r < q.size(); ++r) {
    if (static_cast<int>(page.items.size()) == query.page_size) {
      page.next_cursor = std::to_string(last_region) + "/" + page.items.back().case_id;
      break;
    }
    CaseSummary s;
    s.case_id = q.Text(r, 0);
    s.child_id = q.Text(r, 1);
    s.version = q.Int64(r, 2);
    s.stage = static_cast<Stage>(q.Int64(r, 3));
    s.risk = static_cast<RiskLevel>(q.Int64(r, 4));
    s.categories = AmpkSet::FromBits(static_cast<std::uint32_t>(q.Int64(r, 5)));
    last_region = q.Int64(r, 6);
    s.region = RegionFromColumn(last_region);
    s.lead_agency_id = q.Text(r, 7);
    s.assigned_worker_id = q.Text(r, 8);
    s.opened_at = Instant{q.Int64(r, 9)};
    if (auto v = q.OptionalInt64(r, 10)) s.closed_at = Instant{*v};
    if (auto v = q.OptionalInt64(r, 11)) s.next_due_at = Instant{*v};
    page.items.push_back(std::move(s));
  }
  return page;
}

Result<std::vector<IndexedCase>> PgCaseStore::CasesDueBy(Instant until,
                                                         std::optional<RegionCode> within) {
  Params p;
  std::string sql =
      "SELECT id, region, next_due_at, doc, doc_sealed FROM cases WHERE next_due_at IS NOT NULL "
      "AND "
      "next_due_at <= " +
      p.Add(until.ms);
  if (within) {
    auto [lo, hi] = RegionSubtreeRange(*within);
    sql += " AND province = " + p.Add(ProvinceKey(within));
    sql += " AND region BETWEEN " + p.Add(lo) + " AND " + p.Add(hi);
  }
  sql += " ORDER BY next_due_at, id";
  ATENSI_ASSIGN_OR_RETURN(Rows q, conn_->Query(sql, p));
  std::vector<IndexedCase> out;
  for (int r = 0; r < q.size(); ++r) {
    ATENSI_ASSIGN_OR_RETURN(std::string doc, crypto_.OpenDoc("cases", q.TextView(r, 0), q, r, 3));
    ATENSI_ASSIGN_OR_RETURN(Case c, CaseFromDoc(doc));
    CaseIndex index;
    index.region = RegionFromColumn(q.Int64(r, 1));
    index.next_due_at = Instant{q.Int64(r, 2)};
    out.push_back(IndexedCase{std::move(c), std::move(index)});
  }
  return out;
}

Result<std::vector<Event>> PgCaseStore::ChainEvents(std::string_view chain_id) {
  return log_.ReadChain(chain_id);
}

Result<std::vector<Event>> PgCaseStore::ChildTimeline(std::string_view child_id) {
  // The child's chain and its cases' chains, each read in its home province
  // (chains.province; run-time partition pruning per chain), the cases
  // found in the child's row province (as CasesOfChild).
  Params p;
  const std::string id = p.Add(child_id);
  ATENSI_ASSIGN_OR_RETURN(
      Rows q, conn_->Query(std::string("SELECT ") + EventColumnsOf("e") +
                               " FROM chains ch JOIN events e ON e.chain_id = ch.chain_id AND "
                               "e.province = ch.province WHERE ch.chain_id IN (SELECT " +
                               id + "::text UNION ALL SELECT id FROM cases WHERE child_id = " + id +
                               " AND " + RowProvinceOf(id) + ") ORDER BY e.at, e.chain_id, e.seq",
                           p));
  std::vector<Event> out;
  for (int r = 0; r < q.size(); ++r) {
    ATENSI_ASSIGN_OR_RETURN(Event e, ReadEvent(q, r, nullptr, &crypto_));
    out.push_back(std::move(e));
  }
  return out;
}

// ---- integrity --------------------------------------------------------------------

Result<std::int64_t> PgCaseStore::Checkpoint(Instant at) { return log_.Checkpoint(at); }

Result<VerifyReport> PgCaseStore::Verify() {
  ChainSummaries chains;
  ATENSI_ASSIGN_OR_RETURN(VerifyReport report, log_.Verify(&chains));
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
  // for cases, version == number of its own (dot-free) events. The chain
  // pass above summarised every chain (ChainSummary); each table is then
  // streamed once in id order and checked against its summary.
  static constexpr const char* kRows[] = {
      "SELECT id, version, doc, doc_sealed FROM cases ORDER BY id",
      "SELECT id, 0, doc, doc_sealed FROM children ORDER BY id"};
  for (int table = 0; table < 2; ++table) {
    const ChainKind kind = table == 0 ? ChainKind::kCase : ChainKind::kChild;
    ATENSI_RETURN_IF_ERROR(
        conn_->ForEach(kRows[table], Params(), [&](const Rows& row) -> Result<bool> {
          std::string id = row.Text(0, 0);
          auto it = chains.find(id);
          if (it == chains.end() || it->second.kind != kind || it->second.own_count == 0) {
            fail(std::move(id), 0, "record.no_events");
            return false;
          }
          ChainSummary& chain = it->second;
          chain.has_row = true;
          const std::int64_t tail_seq = chain.own_tail;
          if (table == 0 && row.Int64(0, 1) != chain.own_count) {
            fail(std::move(id), tail_seq, "record.version_mismatch");
            return false;
          }
          // The state hash is over the plaintext document (a sealed one is
          // opened; one that fails authentication was tampered with).
          Result<std::string> doc =
              crypto_.OpenDoc(table == 0 ? "cases" : "children", id, row, 0, 2);
          if (!doc.ok() && doc.status().code() != StatusCode::kCorruption) return doc.status();
          if (!doc.ok() || store::Sha256(*doc) != chain.own_state) {
            fail(std::move(id), tail_seq, "record.state_mismatch");
            return false;
          }
          return true;
        }));
    if (!report.ok) return report;
  }
  // Every chain must still have its record (a deleted case or child row):
  // the first such chain in id order.
  const std::pair<const std::string, ChainSummary>* missing = nullptr;
  for (const auto& entry : chains) {
    if (entry.second.has_row ||
        (entry.second.kind != ChainKind::kCase && entry.second.kind != ChainKind::kChild)) {
      continue;
    }
    if (missing == nullptr || entry.first < missing->first) missing = &entry;
  }
  if (missing != nullptr) return fail(missing->first, missing->second.max_seq, "record.missing");
  ATENSI_ASSIGN_OR_RETURN(std::optional<BrokenLink> subject, VerifySubjectRows());
  if (subject) {
    report.ok = false;
    report.first_broken = std::move(subject);
  }
  return report;
}

}  // namespace atensi::store::pg

namespace atensi {

bool IsPostgresUri(std::string_view path) noexcept {
  return path.starts_with("postgresql://") || path.starts_with("postgres://");
}

bool PostgresSupported() noexcept { return true; }

Result<std::unique_ptr<CaseStore>> OpenPgCaseStore(const PgStoreOptions& options) {
  if (!IsPostgresUri(options.uri)) {
    return InvalidArgument("store.pg_uri", "path",
                           "a PostgreSQL store is named by a postgresql:// or postgres:// URI");
  }
  if (options.lock_timeout_ms < 0) {
    return InvalidArgument("store.lock_timeout", "lock_timeout_ms",
                           "the lock timeout cannot be negative");
  }
  if (sodium_init() < 0) return Internal("store.sodium", "libsodium could not be initialised");
  ATENSI_ASSIGN_OR_RETURN(std::unique_ptr<store::pg::Conn> conn,
                          store::pg::Conn::Connect(options.uri));
  ATENSI_RETURN_IF_ERROR(
      conn->Exec("SET lock_timeout = " + std::to_string(options.lock_timeout_ms)));
  ATENSI_RETURN_IF_ERROR(conn->Exec(options.synchronous == Synchronous::kOff
                                        ? "SET synchronous_commit = off"
                                        : "SET synchronous_commit = on"));
  ATENSI_RETURN_IF_ERROR(store::pg::Migrate(*conn, options.create_if_missing));
  auto store = std::make_unique<store::pg::PgCaseStore>(std::move(conn));
  ATENSI_RETURN_IF_ERROR(store->InitCrypto(options.key, options.key_provider));
  return std::unique_ptr<CaseStore>(std::move(store));
}

}  // namespace atensi
