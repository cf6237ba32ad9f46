// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Referral, transfer and routing-decision rows over SQLite (see
// sqlite_routing_tables.h for how they are bound to the case chains).

#include "store/sqlite_routing_tables.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <utility>

#include "atensi/lifecycle/lifecycle_json.h"
#include "atensi/routing/routing_json.h"
#include "atensi/routing/routing_json_text.h"
#include "store/sqlite_crypto.h"

namespace atensi::store {
namespace {

constexpr std::int64_t kNoDue = std::numeric_limits<std::int64_t>::max();

Result<nlohmann::json> ParseText(const std::string& text) {
  nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) {
    return Corruption("store.bad_document", "a stored record is not valid JSON");
  }
  return j;
}

template <typename T, typename F>
Result<T> FromDoc(const std::string& text, F parse, const char* what) {
  ATENSI_ASSIGN_OR_RETURN(nlohmann::json j, ParseText(text));
  Result<T> r = parse(j);
  if (!r.ok()) {
    return Corruption("store.bad_document", std::string("a stored ") + what + " does not parse: " +
                                                r.status().reason() + " at " + r.status().field());
  }
  return r;
}

Result<Referral> ReferralFromDoc(const std::string& text) {
  return FromDoc<Referral>(
      text, [](const nlohmann::json& j) { return ReferralFromJson(j); }, "referral");
}

Result<Transfer> TransferFromDoc(const std::string& text) {
  return FromDoc<Transfer>(
      text, [](const nlohmann::json& j) { return TransferFromJson(j); }, "transfer");
}

// Opens (encryption at rest, schema 8) and parses the document in column
// `doc_col` of the current row; its row id is in column `id_col`.
template <typename T>
Result<T> OpenDoc(CryptoTables& crypto, std::string_view table, const Stmt& q, int id_col,
                  int doc_col, Result<T> (*parse)(const std::string&)) {
  ATENSI_ASSIGN_OR_RETURN(std::string doc,
                          crypto.Open(table, q.TextView(id_col), q.BlobView(doc_col)));
  return parse(doc);
}

std::optional<std::int64_t> Ms(const std::optional<Instant>& t) {
  return t ? std::optional<std::int64_t>(t->ms) : std::optional<std::int64_t>();
}

Status VersionConflict(const char* what) {
  return Conflict("store.version_conflict", "version",
                  std::string("the ") + what +
                      " was changed by someone else since it was read; reload it and retry "
                      "(optimistic concurrency, no last-write-wins)");
}

// Cursor "<sort key>/<id>".
Result<std::pair<std::int64_t, std::string>> ParseBoxCursor(const std::string& cursor) {
  const std::size_t slash = cursor.find('/');
  std::int64_t key = 0;
  if (slash == std::string::npos || slash == 0 || slash + 1 >= cursor.size()) {
    return InvalidArgument("store.cursor", "cursor", "the page cursor is malformed");
  }
  auto [ptr, ec] = std::from_chars(cursor.data(), cursor.data() + slash, key);
  if (ec != std::errc() || ptr != cursor.data() + slash) {
    return InvalidArgument("store.cursor", "cursor", "the page cursor is malformed");
  }
  return std::make_pair(key, cursor.substr(slash + 1));
}

// Every row of `q` (column 0 = a record document of `table`, column 1 its
// row id) opened and parsed with `parse`, in order.
template <typename T>
Result<std::vector<T>> CollectDocs(CryptoTables& crypto, std::string_view table, Stmt& q,
                                   Result<T> (*parse)(const std::string&)) {
  std::vector<T> out;
  while (true) {
    ATENSI_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) break;
    ATENSI_ASSIGN_OR_RETURN(T value, OpenDoc<T>(crypto, table, q, 1, 0, parse));
    out.push_back(std::move(value));
  }
  return out;
}

}  // namespace

std::int64_t PpksBits(const Case& c) {
  std::int64_t bits = 0;
  for (ChildPpksType t : c.ppks_types) bits |= std::int64_t{1} << static_cast<int>(t);
  return bits;
}

Result<Event> RoutingTables::AppendSubjectEvent(std::string_view kind, const std::string& case_id,
                                                const EventDraft& draft, const AuditStamp& stamp,
                                                const std::string& doc,
                                                std::string_view subject_id) {
  const std::string prefix = std::string(kind) + ".";
  if (draft.action.rfind(prefix, 0) != 0 || draft.action.size() == prefix.size()) {
    return Internal("store.subject_action",
                    "a " + std::string(kind) + " event's action must start with '" + prefix + "'");
  }
  EventInput in;
  in.chain_id = case_id;
  in.kind = ChainKind::kCase;
  in.at = stamp.at;
  in.actor = stamp.actor;
  in.action = draft.action;
  in.reason = draft.reason;
  if (!draft.changes_text.empty()) {
    in.changes_text = draft.changes_text;  // CaseStore::TakesChangesText
  } else {
    in.changes = draft.changes.is_null() ? nlohmann::json::object() : draft.changes;
  }
  in.state_hash = Sha256(doc);
  in.subject_id = std::string(subject_id);
  return log_.Append(std::move(in));
}

Result<std::optional<Child>> RoutingTables::FindChildByRosterKey(std::string_view roster_key) {
  // Blind index (sqlite_crypto.h): one candidate per live key.
  ATENSI_ASSIGN_OR_RETURN(std::vector<std::string> keys,
                          crypto_->LookupValues(kRosterKeyIndex, roster_key));
  for (const std::string& key : keys) {
    ATENSI_ASSIGN_OR_RETURN(Stmt q,
                            db_.Prepare("SELECT id, doc FROM children WHERE roster_key = ?1"));
    q.Bind(1, std::string_view(key));
    ATENSI_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) continue;
    ATENSI_ASSIGN_OR_RETURN(std::string doc, crypto_->Open("children", q.Text(0), q.BlobView(1)));
    ATENSI_ASSIGN_OR_RETURN(
        Child c, FromDoc<Child>(
                     doc, [](const nlohmann::json& j) { return ChildFromJson(j); }, "child"));
    return std::optional<Child>(std::move(c));
  }
  return std::optional<Child>();
}

// ---- roster import staging ------------------------------------------------------

Result<bool> RoutingTables::PutRosterFacts(std::string_view child_id, const nlohmann::json& facts) {
  const std::string doc = facts.dump();
  {
    // Sealed facts differ per seal (random nonce): compare the plaintext.
    ATENSI_ASSIGN_OR_RETURN(Stmt q,
                            db_.Prepare("SELECT doc FROM roster_facts WHERE child_id = ?1"));
    q.Bind(1, child_id);
    ATENSI_ASSIGN_OR_RETURN(bool row, q.Step());
    if (row) {
      ATENSI_ASSIGN_OR_RETURN(std::string stored,
                              crypto_->Open("roster_facts", child_id, q.BlobView(0)));
      if (stored == doc) return false;  // unchanged: nothing written
    }
  }
  {
    ATENSI_ASSIGN_OR_RETURN(Stmt exists, db_.Prepare("SELECT 1 FROM children WHERE id = ?1"));
    exists.Bind(1, child_id);
    ATENSI_ASSIGN_OR_RETURN(bool row, exists.Step());
    if (!row) return NotFound("store.child_not_found", "child_id", "no child with this id");
  }
  ATENSI_ASSIGN_OR_RETURN(
      Stmt q, db_.Prepare("INSERT INTO roster_facts (child_id, doc) VALUES (?1, ?2) ON CONFLICT "
                          "(child_id) DO UPDATE SET doc = excluded.doc"));
  ATENSI_ASSIGN_OR_RETURN(std::string sealed, crypto_->Seal("roster_facts", child_id, doc));
  q.Bind(1, child_id);
  CryptoTables::BindSealed(q, 2, sealed);
  ATENSI_RETURN_IF_ERROR(q.Run());
  return true;
}

Result<std::uint64_t> RoutingTables::RosterFactsCount() {
  ATENSI_ASSIGN_OR_RETURN(std::int64_t n, db_.QueryInt("SELECT count(*) FROM roster_facts"));
  return static_cast<std::uint64_t>(n);
}

Result<std::vector<std::pair<std::string, nlohmann::json>>> RoutingTables::RosterFactsPage(
    std::string_view after, std::size_t limit) {
  if (limit < 1 || limit > 100'000) {
    return InvalidArgument("store.page_size", "limit", "limit must be 1..100000");
  }
  ATENSI_ASSIGN_OR_RETURN(Stmt q, db_.Prepare("SELECT child_id, doc FROM roster_facts WHERE "
                                              "child_id > ?1 ORDER BY child_id LIMIT ?2"));
  q.Bind(1, after).Bind(2, static_cast<std::int64_t>(limit));
  std::vector<std::pair<std::string, nlohmann::json>> out;
  while (true) {
    ATENSI_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) break;
    ATENSI_ASSIGN_OR_RETURN(std::string doc,
                            crypto_->Open("roster_facts", q.TextView(0), q.BlobView(1)));
    ATENSI_ASSIGN_OR_RETURN(nlohmann::json facts, ParseText(doc));
    out.emplace_back(q.Text(0), std::move(facts));
  }
  return out;
}

// ---- referrals ----------------------------------------------------------------

Result<Referral> RoutingTables::GetReferral(std::string_view referral_id) {
  ATENSI_ASSIGN_OR_RETURN(Stmt q, db_.Prepare("SELECT doc, id FROM referrals WHERE id = ?1"));
  q.Bind(1, referral_id);
  ATENSI_ASSIGN_OR_RETURN(bool row, q.Step());
  if (!row) return NotFound("store.referral_not_found", "referral_id", "no referral with this id");
  return OpenDoc<Referral>(*crypto_, "referrals", q, 1, 0, ReferralFromDoc);
}

Result<std::vector<Referral>> RoutingTables::ReferralsOfCase(std::string_view case_id) {
  ATENSI_ASSIGN_OR_RETURN(
      Stmt q,
      db_.Prepare("SELECT doc, id FROM referrals WHERE case_id = ?1 ORDER BY created_at, id"));
  q.Bind(1, case_id);
  return CollectDocs<Referral>(*crypto_, "referrals", q, ReferralFromDoc);
}

namespace {

void BindReferral(Stmt& q, const Referral& r, const std::string& sealed) {
  q.Bind(1, std::string_view(r.id))
      .Bind(2, std::string_view(r.case_id))
      .Bind(3, std::string_view(r.from_agency))
      .Bind(4, std::string_view(r.to_agency))
      .Bind(5, static_cast<std::int64_t>(r.role))
      .Bind(6, static_cast<std::int64_t>(r.status))
      .Bind(7, ReferralVersion(r))
      .Bind(8, r.created_at.ms)
      .Bind(9, Ms(r.requested_at))
      .Bind(10, Ms(r.response_due_at))
      .Bind(11, Ms(r.responded_at));
  CryptoTables::BindSealed(q, 12, sealed);
}

// The UPDATE for `next`: version and doc always, every other column only
// when it differs from the stored row, so an unchanged column's indexes
// (referrals_case, _inbox, _outbox, _due) are not rewritten (a status change
// touches the status indexes alone, docs/performance.md workload 3). Falls
// back to every column when the row is missing or at another version: that
// UPDATE changes nothing and the caller reports why.
Result<std::string> ReferralUpdateSql(Db& db, const Referral& next, std::int64_t expected_version) {
  static constexpr const char* kAll =
      "UPDATE referrals SET case_id = ?2, from_agency = ?3, to_agency = ?4, role = ?5, "
      "status = ?6, version = ?7, created_at = ?8, requested_at = ?9, response_due_at = ?10, "
      "responded_at = ?11, doc = ?12 WHERE id = ?1 AND version = ?13";
  ATENSI_ASSIGN_OR_RETURN(
      Stmt cur, db.Prepare("SELECT version, case_id, from_agency, to_agency, role, status, "
                           "created_at, requested_at, response_due_at, responded_at "
                           "FROM referrals WHERE id = ?1"));
  cur.Bind(1, std::string_view(next.id));
  ATENSI_ASSIGN_OR_RETURN(bool found, cur.Step());
  if (!found || cur.IsNull(0) || cur.Int64(0) != expected_version) return std::string(kAll);
  auto differs = [&](int col, std::optional<std::int64_t> v) {
    if (!v) return !cur.IsNull(col);
    return cur.IsNull(col) || cur.Int64(col) != *v;
  };
  std::string sql = "UPDATE referrals SET version = ?7, doc = ?12";
  if (cur.IsNull(1) || cur.TextView(1) != next.case_id) sql += ", case_id = ?2";
  if (cur.IsNull(2) || cur.TextView(2) != next.from_agency) sql += ", from_agency = ?3";
  if (cur.IsNull(3) || cur.TextView(3) != next.to_agency) sql += ", to_agency = ?4";
  if (differs(4, static_cast<std::int64_t>(next.role))) sql += ", role = ?5";
  if (differs(5, static_cast<std::int64_t>(next.status))) sql += ", status = ?6";
  if (differs(6, next.created_at.ms)) sql += ", created_at = ?8";
  if (differs(7, Ms(next.requested_at))) sql += ", requested_at = ?9";
  if (differs(8, Ms(next.response_due_at))) sql += ", response_due_at = ?10";
  if (differs(9, Ms(next.responded_at))) sql += ", responded_at = ?11";
  sql += " WHERE id = ?1 AND version = ?13";
  return sql;
}

}  // namespace

Result<Event> RoutingTables::InsertReferral(const Referral& r, const EventDraft& draft,
                                            const AuditStamp& stamp) {
  const std::string doc = ToJsonText(r);
  ATENSI_ASSIGN_OR_RETURN(
      Stmt q, db_.Prepare("INSERT INTO referrals (id, case_id, from_agency, to_agency, role, "
                          "status, version, created_at, requested_at, response_due_at, "
                          "responded_at, doc) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
                          "?11, ?12)"));
  ATENSI_ASSIGN_OR_RETURN(std::string sealed, crypto_->Seal("referrals", r.id, doc));
  BindReferral(q, r, sealed);
  ATENSI_RETURN_IF_ERROR(q.Run());
  return AppendSubjectEvent("referral", r.case_id, draft, stamp, doc, r.id);
}

Result<Event> RoutingTables::UpdateReferral(const Referral& next, std::int64_t expected_version,
                                            const EventDraft& draft, const AuditStamp& stamp) {
  if (ReferralVersion(next) != expected_version + 1) {
    return Internal("store.version_sequence", "the next referral version must be expected + 1");
  }
  const std::string doc = ToJsonText(next);
  ATENSI_ASSIGN_OR_RETURN(std::string sql, ReferralUpdateSql(db_, next, expected_version));
  ATENSI_ASSIGN_OR_RETURN(Stmt q, db_.Prepare(sql));
  ATENSI_ASSIGN_OR_RETURN(std::string sealed, crypto_->Seal("referrals", next.id, doc));
  BindReferral(q, next, sealed);
  q.Bind(13, expected_version);
  ATENSI_RETURN_IF_ERROR(q.Run());
  if (db_.Changes() == 0) {
    ATENSI_RETURN_IF_ERROR(GetReferral(next.id).status());
    return VersionConflict("referral");
  }
  return AppendSubjectEvent("referral", next.case_id, draft, stamp, doc, next.id);
}

Result<Page<Referral>> RoutingTables::ReferralBox(std::string_view agency_id, bool inbox,
                                                  const ReferralQuery& query) {
  if (query.page_size < 1 || query.page_size > 1000) {
    return InvalidArgument("store.page_size", "page_size", "page_size must be 1..1000");
  }
  // The SQL text depends only on the filter shape: each shape is prepared
  // once and cached by the connection.
  std::string sql =
      "SELECT doc, coalesce(response_due_at, 9223372036854775807), id FROM referrals WHERE ";
  sql += inbox ? "to_agency = ?1" : "from_agency = ?1";
  if (query.status) {
    sql += " AND status = ?2";
  } else if (query.open_only) {
    sql += " AND status IN (1, 2, 3, 5, 6)";  // draft, requested, accepted, in-progress, on-hold
  }
  if (inbox) sql += " AND status != 1";  // nothing was sent for a draft
  if (!query.cursor.empty()) {
    sql += " AND (coalesce(response_due_at, 9223372036854775807), id) > (?3, ?4)";
  }
  sql += " ORDER BY 2, id LIMIT ?5";
  ATENSI_ASSIGN_OR_RETURN(Stmt q, db_.Prepare(sql));
  q.Bind(1, agency_id);
  if (query.status) q.Bind(2, static_cast<std::int64_t>(*query.status));
  if (!query.cursor.empty()) {
    ATENSI_ASSIGN_OR_RETURN(auto cursor, ParseBoxCursor(query.cursor));
    q.Bind(3, cursor.first).Bind(4, std::string_view(cursor.second));
  }
  q.Bind(5, static_cast<std::int64_t>(query.page_size) + 1);
  Page<Referral> page;
  std::int64_t last_key = 0;
  while (true) {
    ATENSI_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) break;
    if (static_cast<int>(page.items.size()) == query.page_size) {
      page.next_cursor = std::to_string(last_key) + "/" + page.items.back().id;
      break;
    }
    ATENSI_ASSIGN_OR_RETURN(Referral r,
                            OpenDoc<Referral>(*crypto_, "referrals", q, 2, 0, ReferralFromDoc));
    last_key = q.Int64(1);
    page.items.push_back(std::move(r));
  }
  return page;
}

Result<std::vector<Referral>> RoutingTables::ReferralsOverdue(Instant now) {
  ATENSI_ASSIGN_OR_RETURN(
      Stmt q, db_.Prepare("SELECT doc, id FROM referrals WHERE status = 2 AND response_due_at IS "
                          "NOT NULL AND response_due_at < ?1 ORDER BY response_due_at, id"));
  q.Bind(1, now.ms);
  return CollectDocs<Referral>(*crypto_, "referrals", q, ReferralFromDoc);
}

// ---- transfers ----------------------------------------------------------------

Result<Transfer> RoutingTables::GetTransfer(std::string_view transfer_id) {
  ATENSI_ASSIGN_OR_RETURN(Stmt q, db_.Prepare("SELECT doc, id FROM transfers WHERE id = ?1"));
  q.Bind(1, transfer_id);
  ATENSI_ASSIGN_OR_RETURN(bool row, q.Step());
  if (!row) return NotFound("store.transfer_not_found", "transfer_id", "no transfer with this id");
  return OpenDoc<Transfer>(*crypto_, "transfers", q, 1, 0, TransferFromDoc);
}

Result<std::vector<Transfer>> RoutingTables::TransfersOfCase(std::string_view case_id) {
  ATENSI_ASSIGN_OR_RETURN(
      Stmt q,
      db_.Prepare("SELECT doc, id FROM transfers WHERE case_id = ?1 ORDER BY created_at, id"));
  q.Bind(1, case_id);
  return CollectDocs<Transfer>(*crypto_, "transfers", q, TransferFromDoc);
}

namespace {

void BindTransfer(Stmt& q, const Transfer& t, const std::string& sealed) {
  q.Bind(1, std::string_view(t.id))
      .Bind(2, std::string_view(t.case_id))
      .Bind(3, std::string_view(t.from_agency))
      .Bind(4, std::string_view(t.to_agency))
      .Bind(5, static_cast<std::int64_t>(t.direction))
      .Bind(6, static_cast<std::int64_t>(t.status))
      .Bind(7, TransferVersion(t))
      .Bind(8, t.created_at.ms);
  CryptoTables::BindSealed(q, 9, sealed);
}

}  // namespace

Result<Event> RoutingTables::InsertTransfer(const Transfer& t, const EventDraft& draft,
                                            const AuditStamp& stamp) {
  const std::string doc = ToJson(t).dump();
  ATENSI_ASSIGN_OR_RETURN(
      Stmt q, db_.Prepare("INSERT INTO transfers (id, case_id, from_agency, to_agency, direction, "
                          "status, version, created_at, doc) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
                          "?8, ?9)"));
  ATENSI_ASSIGN_OR_RETURN(std::string sealed, crypto_->Seal("transfers", t.id, doc));
  BindTransfer(q, t, sealed);
  ATENSI_RETURN_IF_ERROR(q.Run());
  return AppendSubjectEvent("transfer", t.case_id, draft, stamp, doc, t.id);
}

Result<Event> RoutingTables::UpdateTransfer(const Transfer& next, std::int64_t expected_version,
                                            const EventDraft& draft, const AuditStamp& stamp) {
  if (TransferVersion(next) != expected_version + 1) {
    return Internal("store.version_sequence", "the next transfer version must be expected + 1");
  }
  const std::string doc = ToJson(next).dump();
  ATENSI_ASSIGN_OR_RETURN(
      Stmt q, db_.Prepare("UPDATE transfers SET case_id = ?2, from_agency = ?3, to_agency = ?4, "
                          "direction = ?5, status = ?6, version = ?7, created_at = ?8, doc = ?9 "
                          "WHERE id = ?1 AND version = ?10"));
  ATENSI_ASSIGN_OR_RETURN(std::string sealed, crypto_->Seal("transfers", next.id, doc));
  BindTransfer(q, next, sealed);
  q.Bind(10, expected_version);
  ATENSI_RETURN_IF_ERROR(q.Run());
  if (db_.Changes() == 0) {
    ATENSI_RETURN_IF_ERROR(GetTransfer(next.id).status());
    return VersionConflict("transfer");
  }
  return AppendSubjectEvent("transfer", next.case_id, draft, stamp, doc, next.id);
}

// ---- routing decisions --------------------------------------------------------

Result<std::optional<RoutingSnapshot>> RoutingTables::GetRouting(std::string_view case_id) {
  ATENSI_ASSIGN_OR_RETURN(
      Stmt q, db_.Prepare("SELECT decided_at, doc FROM routing_decisions WHERE case_id = ?1"));
  q.Bind(1, case_id);
  ATENSI_ASSIGN_OR_RETURN(bool row, q.Step());
  if (!row) return std::optional<RoutingSnapshot>();
  RoutingSnapshot s;
  s.case_id = std::string(case_id);
  s.decided_at = Instant{q.Int64(0)};
  ATENSI_ASSIGN_OR_RETURN(std::string doc,
                          crypto_->Open("routing_decisions", case_id, q.BlobView(1)));
  ATENSI_ASSIGN_OR_RETURN(s.decision, ParseText(doc));
  return std::optional<RoutingSnapshot>(std::move(s));
}

Result<Event> RoutingTables::PutRouting(const RoutingSnapshot& snapshot, const EventDraft& draft,
                                        const AuditStamp& stamp) {
  const std::string doc = snapshot.decision.dump();
  ATENSI_ASSIGN_OR_RETURN(
      Stmt q, db_.Prepare("INSERT INTO routing_decisions (case_id, decided_at, doc) VALUES (?1, "
                          "?2, ?3) ON CONFLICT (case_id) DO UPDATE SET decided_at = "
                          "excluded.decided_at, doc = excluded.doc"));
  ATENSI_ASSIGN_OR_RETURN(std::string sealed,
                          crypto_->Seal("routing_decisions", snapshot.case_id, doc));
  q.Bind(1, std::string_view(snapshot.case_id)).Bind(2, snapshot.decided_at.ms);
  CryptoTables::BindSealed(q, 3, sealed);
  ATENSI_RETURN_IF_ERROR(q.Run());
  return AppendSubjectEvent("routing", snapshot.case_id, draft, stamp, doc, snapshot.case_id);
}

}  // namespace atensi::store
