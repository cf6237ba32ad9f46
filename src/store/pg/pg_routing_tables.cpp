// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// PgCaseStore: roster facts, referrals, transfers and routing decisions.
// Since PostgreSQL schema 7 (= SQLite 8) their documents are sealed like a
// case's (doc = '' plus doc_sealed; pg_crypto.h) and each event names its
// row in the clear column events.subject_id, so Verify pairs rows and events
// without opening a sealed or purged payload.
// These rows hang off a case and are bound to its event chain exactly as on
// SQLite (store/sqlite_routing_tables.h): each mutation appends one event to
// the case's chain with action "<kind>.<event>" and state_hash = SHA-256 of
// the row's JSON text; Verify checks each row against the newest event
// naming it. Appending to a case chain locks the chain (pg_event_log.h), so
// two offices acting on referrals of one case are serialised while
// different cases proceed in parallel.

#include <charconv>
#include <limits>
#include <string>
#include <utility>

#include "atensi/lifecycle/lifecycle_json.h"
#include "atensi/routing/routing_json.h"
#include "store/pg/pg_case_store.h"

namespace atensi::store::pg {
namespace {

std::optional<std::int64_t> Ms(const std::optional<Instant>& t) {
  return t ? std::optional<std::int64_t>(t->ms) : std::optional<std::int64_t>();
}

Status VersionConflict(const char* what) {
  return Conflict("store.version_conflict", "version",
                  std::string("the ") + what +
                      " was changed by someone else since it was read; reload it and retry "
                      "(optimistic concurrency, no last-write-wins)");
}

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

// Rows (id, doc, doc_sealed, ...) of `table`: opened and parsed.
template <typename T>
Result<T> OpenRow(PgCrypto& crypto, std::string_view table, const Rows& q, int r,
                  Result<T> (*parse)(std::string_view)) {
  ATENSI_ASSIGN_OR_RETURN(std::string doc, crypto.OpenDoc(table, q.TextView(r, 0), q, r, 1));
  return parse(doc);
}

template <typename T>
Result<std::vector<T>> CollectDocs(PgCrypto& crypto, std::string_view table, const Rows& q,
                                   Result<T> (*parse)(std::string_view)) {
  std::vector<T> out;
  for (int r = 0; r < q.size(); ++r) {
    ATENSI_ASSIGN_OR_RETURN(T value, OpenRow<T>(crypto, table, q, r, parse));
    out.push_back(std::move(value));
  }
  return out;
}

constexpr const char* kReferralColumns =
    "id, case_id, from_agency, to_agency, role, status, version, created_at, requested_at, "
    "response_due_at, responded_at, doc, doc_sealed";

std::string ReferralValues(Params& p, const Referral& r, const StoredDoc& doc) {
  return p.Add(std::string_view(r.id)) + ", " + p.Add(std::string_view(r.case_id)) + ", " +
         p.Add(std::string_view(r.from_agency)) + ", " + p.Add(std::string_view(r.to_agency)) +
         ", " + p.Add(static_cast<std::int64_t>(r.role)) + ", " +
         p.Add(static_cast<std::int64_t>(r.status)) + ", " + p.Add(ReferralVersion(r)) + ", " +
         p.Add(r.created_at.ms) + ", " + p.Add(Ms(r.requested_at)) + ", " +
         p.Add(Ms(r.response_due_at)) + ", " + p.Add(Ms(r.responded_at)) + ", " +
         PgCrypto::AddDoc(p, doc);
}

constexpr const char* kTransferColumns =
    "id, case_id, from_agency, to_agency, direction, status, version, created_at, doc, doc_sealed";

std::string TransferValues(Params& p, const Transfer& t, const StoredDoc& doc) {
  return p.Add(std::string_view(t.id)) + ", " + p.Add(std::string_view(t.case_id)) + ", " +
         p.Add(std::string_view(t.from_agency)) + ", " + p.Add(std::string_view(t.to_agency)) +
         ", " + p.Add(static_cast<std::int64_t>(t.direction)) + ", " +
         p.Add(static_cast<std::int64_t>(t.status)) + ", " + p.Add(TransferVersion(t)) + ", " +
         p.Add(t.created_at.ms) + ", " + PgCrypto::AddDoc(p, doc);
}

}  // namespace

Result<Event> PgCaseStore::AppendSubjectEvent(std::string_view kind, const std::string& case_id,
                                              const EventDraft& draft, const AuditStamp& stamp,
                                              const std::string& doc, std::string_view subject_id) {
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
  in.changes = draft.changes.is_null() ? nlohmann::json::object() : draft.changes;
  in.state_hash = Sha256(doc);
  in.subject_id = std::string(subject_id);
  // The case chain exists (its case was inserted first); its home province
  // is taken from `chains`, so the province given here is never used.
  return log_.Append(in, 0, /*must_be_new=*/false);
}

Result<std::optional<Child>> PgCaseStore::FindChildByRosterKey(std::string_view roster_key) {
  // Blind index (pg_crypto.h): one candidate per live key; child_keys holds
  // the key's owner across provinces, so only that child's partition is read.
  ATENSI_ASSIGN_OR_RETURN(std::vector<std::string> keys,
                          crypto_.LookupValues(kRosterKeyPurpose, roster_key));
  for (const std::string& key : keys) {
    ATENSI_ASSIGN_OR_RETURN(std::optional<Child> c, ChildByKey("roster:" + key));
    if (c) return c;
  }
  return std::optional<Child>();
}

// ---- roster import staging -----------------------------------------------------------

Result<bool> PgCaseStore::PutRosterFacts(std::string_view child_id, const nlohmann::json& facts) {
  const std::string doc = facts.dump();
  {
    // One round trip: the stored facts (if any) and whether the child
    // exists (read in its one partition, chains.row_province).
    Params p;
    const std::string id = p.Add(child_id);
    const std::string sql =
        "SELECT f.doc, f.doc_sealed, f.child_id IS NOT NULL, EXISTS (SELECT 1 FROM children WHERE "
        "id = " +
        id + " AND province = (SELECT row_province FROM chains WHERE chain_id = " + id +
        ")) FROM (SELECT 1) AS one LEFT JOIN roster_facts f ON f.child_id = " + id;
    ATENSI_ASSIGN_OR_RETURN(Rows q, conn_->Query(sql, p));
    if (q.Bool(0, 2)) {
      ATENSI_ASSIGN_OR_RETURN(std::string stored,
                              crypto_.OpenDoc("roster_facts", child_id, q, 0, 0));
      // Unchanged (and sealed as a write now would be): nothing written.
      if (stored == doc && q.IsNull(0, 1) == !crypto_.sealing()) return false;
    }
    if (!q.Bool(0, 3)) {
      return NotFound("store.child_not_found", "child_id", "no child with this id");
    }
  }
  ATENSI_ASSIGN_OR_RETURN(StoredDoc stored, crypto_.SealDoc("roster_facts", child_id, doc));
  Params p;
  const std::string id = p.Add(child_id);
  const std::string sql = "INSERT INTO roster_facts (child_id, doc, doc_sealed) VALUES (" + id +
                          ", " + PgCrypto::AddDoc(p, stored) +
                          ") ON CONFLICT (child_id) DO UPDATE SET doc = excluded.doc, doc_sealed = "
                          "excluded.doc_sealed";
  ATENSI_RETURN_IF_ERROR(conn_->Defer(sql, p));  // pg_conn.h: sent with the next statement
  return true;
}

Result<std::uint64_t> PgCaseStore::RosterFactsCount() {
  ATENSI_ASSIGN_OR_RETURN(Rows q, conn_->Query("SELECT count(*) FROM roster_facts"));
  return static_cast<std::uint64_t>(q.Int64(0, 0));
}

Result<std::vector<std::pair<std::string, nlohmann::json>>> PgCaseStore::RosterFactsPage(
    std::string_view after, std::size_t limit) {
  if (limit < 1 || limit > 100'000) {
    return InvalidArgument("store.page_size", "limit", "limit must be 1..100000");
  }
  Params p;
  const std::string sql =
      std::string("SELECT child_id, ") + kDocColumns + " FROM roster_facts WHERE child_id > " +
      p.Add(after) + "::text ORDER BY child_id LIMIT " + p.Add(static_cast<std::int64_t>(limit));
  ATENSI_ASSIGN_OR_RETURN(Rows q, conn_->Query(sql, p));
  std::vector<std::pair<std::string, nlohmann::json>> out;
  for (int r = 0; r < q.size(); ++r) {
    std::string id = q.Text(r, 0);
    ATENSI_ASSIGN_OR_RETURN(std::string doc, crypto_.OpenDoc("roster_facts", id, q, r, 1));
    ATENSI_ASSIGN_OR_RETURN(nlohmann::json facts, ParseDoc(doc));
    out.emplace_back(std::move(id), std::move(facts));
  }
  return out;
}

// ---- referrals -----------------------------------------------------------------------

Result<Referral> PgCaseStore::GetReferral(std::string_view referral_id) {
  Params p;
  ATENSI_ASSIGN_OR_RETURN(
      Rows q, conn_->Query(
                  "SELECT id, doc, doc_sealed FROM referrals WHERE id = " + p.Add(referral_id), p));
  if (q.empty()) {
    return NotFound("store.referral_not_found", "referral_id", "no referral with this id");
  }
  return OpenRow<Referral>(crypto_, "referrals", q, 0, ReferralFromDoc);
}

Result<std::vector<Referral>> PgCaseStore::ReferralsOfCase(std::string_view case_id) {
  Params p;
  ATENSI_ASSIGN_OR_RETURN(
      Rows q, conn_->Query("SELECT id, doc, doc_sealed FROM referrals WHERE case_id = " +
                               p.Add(case_id) + " ORDER BY created_at, id",
                           p));
  return CollectDocs<Referral>(crypto_, "referrals", q, ReferralFromDoc);
}

Result<Event> PgCaseStore::InsertReferral(const Referral& r, const EventDraft& draft,
                                          const AuditStamp& stamp) {
  const std::string doc = ToJson(r).dump();
  ATENSI_ASSIGN_OR_RETURN(StoredDoc stored, crypto_.SealDoc("referrals", r.id, doc));
  Params p;
  const std::string sql = std::string("INSERT INTO referrals (") + kReferralColumns + ") VALUES (" +
                          ReferralValues(p, r, stored) + ")";
  ATENSI_RETURN_IF_ERROR(conn_->Defer(sql, p));
  return AppendSubjectEvent("referral", r.case_id, draft, stamp, doc, r.id);
}

Result<Event> PgCaseStore::UpdateReferral(const Referral& next, std::int64_t expected_version,
                                          const EventDraft& draft, const AuditStamp& stamp) {
  if (ReferralVersion(next) != expected_version + 1) {
    return Internal("store.version_sequence", "the next referral version must be expected + 1");
  }
  const std::string doc = ToJson(next).dump();
  ATENSI_ASSIGN_OR_RETURN(StoredDoc stored, crypto_.SealDoc("referrals", next.id, doc));
  Params p;
  const std::string values = ReferralValues(p, next, stored);
  const std::string where = " WHERE id = " + p.Add(std::string_view(next.id));
  const std::string sql = std::string("UPDATE referrals SET (") + kReferralColumns + ") = ROW(" +
                          values + ")" + where + " AND version = " + p.Add(expected_version);
  // Checked when sent with the chain lock of the event append (pg_conn.h).
  ATENSI_RETURN_IF_ERROR(DeferVersionedUpdate(
      *conn_, sql, "SELECT 1 FROM referrals" + where, p,
      NotFound("store.referral_not_found", "referral_id", "no referral with this id"),
      VersionConflict("referral")));
  return AppendSubjectEvent("referral", next.case_id, draft, stamp, doc, next.id);
}

Result<Page<Referral>> PgCaseStore::ReferralBox(std::string_view agency_id, bool inbox,
                                                const ReferralQuery& query) {
  if (query.page_size < 1 || query.page_size > 1000) {
    return InvalidArgument("store.page_size", "page_size", "page_size must be 1..1000");
  }
  Params p;
  std::string sql =
      "SELECT id, doc, doc_sealed, coalesce(response_due_at, 9223372036854775807) FROM referrals "
      "WHERE ";
  sql += (inbox ? "to_agency = " : "from_agency = ") + p.Add(agency_id);
  if (query.status) {
    sql += " AND status = " + p.Add(static_cast<std::int64_t>(*query.status));
  } else if (query.open_only) {
    sql += " AND status IN (1, 2, 3, 5, 6)";  // draft, requested, accepted, in-progress, on-hold
  }
  if (inbox) sql += " AND status != 1";  // nothing was sent for a draft
  if (!query.cursor.empty()) {
    ATENSI_ASSIGN_OR_RETURN(auto cursor, ParseBoxCursor(query.cursor));
    const std::string key = p.Add(cursor.first);
    sql += " AND (coalesce(response_due_at, 9223372036854775807), id) > (" + key + "::bigint, " +
           p.Add(std::string_view(cursor.second)) + "::text)";
  }
  sql += " ORDER BY 4, id LIMIT " + p.Add(static_cast<std::int64_t>(query.page_size) + 1);
  ATENSI_ASSIGN_OR_RETURN(Rows q, conn_->Query(sql, p));
  Page<Referral> page;
  std::int64_t last_key = 0;
  for (int r = 0; r < q.size(); ++r) {
    if (static_cast<int>(page.items.size()) == query.page_size) {
      page.next_cursor = std::to_string(last_key) + "/" + page.items.back().id;
      break;
    }
    ATENSI_ASSIGN_OR_RETURN(Referral ref,
                            OpenRow<Referral>(crypto_, "referrals", q, r, ReferralFromDoc));
    last_key = q.Int64(r, 3);
    page.items.push_back(std::move(ref));
  }
  return page;
}

Result<std::vector<Referral>> PgCaseStore::ReferralsOverdue(Instant now) {
  Params p;
  ATENSI_ASSIGN_OR_RETURN(
      Rows q, conn_->Query("SELECT id, doc, doc_sealed FROM referrals WHERE status = 2 AND "
                           "response_due_at IS NOT NULL AND response_due_at < " +
                               p.Add(now.ms) + " ORDER BY response_due_at, id",
                           p));
  return CollectDocs<Referral>(crypto_, "referrals", q, ReferralFromDoc);
}

// ---- transfers -----------------------------------------------------------------------

Result<Transfer> PgCaseStore::GetTransfer(std::string_view transfer_id) {
  Params p;
  ATENSI_ASSIGN_OR_RETURN(
      Rows q, conn_->Query(
                  "SELECT id, doc, doc_sealed FROM transfers WHERE id = " + p.Add(transfer_id), p));
  if (q.empty()) {
    return NotFound("store.transfer_not_found", "transfer_id", "no transfer with this id");
  }
  return OpenRow<Transfer>(crypto_, "transfers", q, 0, TransferFromDoc);
}

Result<std::vector<Transfer>> PgCaseStore::TransfersOfCase(std::string_view case_id) {
  Params p;
  ATENSI_ASSIGN_OR_RETURN(
      Rows q, conn_->Query("SELECT id, doc, doc_sealed FROM transfers WHERE case_id = " +
                               p.Add(case_id) + " ORDER BY created_at, id",
                           p));
  return CollectDocs<Transfer>(crypto_, "transfers", q, TransferFromDoc);
}

Result<Event> PgCaseStore::InsertTransfer(const Transfer& t, const EventDraft& draft,
                                          const AuditStamp& stamp) {
  const std::string doc = ToJson(t).dump();
  ATENSI_ASSIGN_OR_RETURN(StoredDoc stored, crypto_.SealDoc("transfers", t.id, doc));
  Params p;
  const std::string sql = std::string("INSERT INTO transfers (") + kTransferColumns + ") VALUES (" +
                          TransferValues(p, t, stored) + ")";
  ATENSI_RETURN_IF_ERROR(conn_->Defer(sql, p));
  return AppendSubjectEvent("transfer", t.case_id, draft, stamp, doc, t.id);
}

Result<Event> PgCaseStore::UpdateTransfer(const Transfer& next, std::int64_t expected_version,
                                          const EventDraft& draft, const AuditStamp& stamp) {
  if (TransferVersion(next) != expected_version + 1) {
    return Internal("store.version_sequence", "the next transfer version must be expected + 1");
  }
  const std::string doc = ToJson(next).dump();
  ATENSI_ASSIGN_OR_RETURN(StoredDoc stored, crypto_.SealDoc("transfers", next.id, doc));
  Params p;
  const std::string values = TransferValues(p, next, stored);
  const std::string where = " WHERE id = " + p.Add(std::string_view(next.id));
  const std::string sql = std::string("UPDATE transfers SET (") + kTransferColumns + ") = ROW(" +
                          values + ")" + where + " AND version = " + p.Add(expected_version);
  // Checked when sent with the chain lock of the event append (pg_conn.h).
  ATENSI_RETURN_IF_ERROR(DeferVersionedUpdate(
      *conn_, sql, "SELECT 1 FROM transfers" + where, p,
      NotFound("store.transfer_not_found", "transfer_id", "no transfer with this id"),
      VersionConflict("transfer")));
  return AppendSubjectEvent("transfer", next.case_id, draft, stamp, doc, next.id);
}

// ---- routing decisions -----------------------------------------------------------------

Result<std::optional<RoutingSnapshot>> PgCaseStore::GetRouting(std::string_view case_id) {
  Params p;
  ATENSI_ASSIGN_OR_RETURN(
      Rows q,
      conn_->Query(
          "SELECT case_id, doc, doc_sealed, decided_at FROM routing_decisions WHERE case_id = " +
              p.Add(case_id),
          p));
  if (q.empty()) return std::optional<RoutingSnapshot>();
  RoutingSnapshot s;
  s.case_id = std::string(case_id);
  s.decided_at = Instant{q.Int64(0, 3)};
  ATENSI_ASSIGN_OR_RETURN(std::string doc, crypto_.OpenDoc("routing_decisions", case_id, q, 0, 1));
  ATENSI_ASSIGN_OR_RETURN(s.decision, ParseDoc(doc));
  return std::optional<RoutingSnapshot>(std::move(s));
}

Result<Event> PgCaseStore::PutRouting(const RoutingSnapshot& snapshot, const EventDraft& draft,
                                      const AuditStamp& stamp) {
  const std::string doc = snapshot.decision.dump();
  ATENSI_ASSIGN_OR_RETURN(StoredDoc stored,
                          crypto_.SealDoc("routing_decisions", snapshot.case_id, doc));
  Params p;
  const std::string sql =
      "INSERT INTO routing_decisions (case_id, decided_at, doc, doc_sealed) VALUES (" +
      p.Add(std::string_view(snapshot.case_id)) + ", " + p.Add(snapshot.decided_at.ms) + ", " +
      PgCrypto::AddDoc(p, stored) +
      ") ON CONFLICT (case_id) DO UPDATE SET decided_at = excluded.decided_at, doc = excluded.doc, "
      "doc_sealed = excluded.doc_sealed";
  ATENSI_RETURN_IF_ERROR(conn_->Defer(sql, p));
  return AppendSubjectEvent("routing", snapshot.case_id, draft, stamp, doc, snapshot.case_id);
}

// ---- integrity -------------------------------------------------------------------------

Result<std::optional<BrokenLink>> PgCaseStore::VerifySubjectRows() {
  struct Subject {
    const char* table;
    const char* id_column;
    const char* prefix;  // action prefix, with the dot
    const char* key;     // key of the row id in the event's changes
  };
  static constexpr Subject kSubjects[] = {
      {"referrals", "id", "referral.", "referral_id"},
      {"transfers", "id", "transfer.", "transfer_id"},
      {"routing_decisions", "case_id", "routing.", "routing_id"},
  };
  auto broken = [](std::string id, std::int64_t seq, std::string reason) {
    BrokenLink b;
    b.where = BrokenLink::Where::kRecord;
    b.chain_id = std::move(id);
    b.seq = seq;
    b.reason = std::move(reason);
    return std::optional<BrokenLink>(std::move(b));
  };
  for (const Subject& s : kSubjects) {
    const std::string prefix_len = std::to_string(std::string_view(s.prefix).size());
    // The row an event names: events.subject_id (schema 7); without it (an
    // event the migration could not fill) the clear change set's
    // <kind>_id.after. A sealed or purged payload is never read.
    const std::string named = std::string(
                                  "coalesce(e.subject_id, CASE WHEN e.payload_sealed IS "
                                  "NULL AND e.changes LIKE '{%' THEN (e.changes::jsonb -> '") +
                              s.key + "' ->> 'after') END)";
    const std::string sql =
        std::string("SELECT r.") + s.id_column +
        ", r.doc, r.doc_sealed, t.seq, t.state_hash FROM " + s.table +
        " r LEFT JOIN LATERAL (SELECT e.seq, e.state_hash FROM events e WHERE e.chain_id = "
        "r.case_id AND left(e.action, " +
        prefix_len + ") = '" + s.prefix + "' AND " + named + " = r." + s.id_column +
        " ORDER BY e.seq DESC LIMIT 1) t ON true ORDER BY r." + s.id_column;
    std::optional<BrokenLink> found;
    ATENSI_RETURN_IF_ERROR(conn_->ForEach(sql, Params(), [&](const Rows& row) -> Result<bool> {
      std::string id = row.Text(0, 0);
      if (row.IsNull(0, 3)) {
        found = broken(std::move(id), 0, "record.no_events");
        return false;
      }
      ATENSI_ASSIGN_OR_RETURN(std::string doc, crypto_.OpenDoc(s.table, id, row, 0, 1));
      const Sha256Digest state = Sha256(doc);
      const std::vector<std::uint8_t> stored = row.Bytes(0, 4);
      if (stored.size() != state.size() ||
          !std::equal(state.begin(), state.end(), stored.begin())) {
        found = broken(std::move(id), row.Int64(0, 3), "record.state_mismatch");
        return false;
      }
      return true;
    }));
    if (found) return found;
    // Every row an event names must still exist.
    const std::string orphans =
        "SELECT " + named +
        " COLLATE \"C\" AS rid, max(e.seq) FROM events e WHERE left(e.action, " + prefix_len +
        ") = '" + s.prefix + "' AND NOT EXISTS (SELECT 1 FROM " + s.table + " r WHERE r." +
        s.id_column + " = " + named + ") GROUP BY 1 ORDER BY 1 LIMIT 1";
    ATENSI_ASSIGN_OR_RETURN(Rows o, conn_->Query(orphans));
    if (!o.empty()) {
      return broken(o.IsNull(0, 0) ? std::string() : o.Text(0, 0), o.Int64(0, 1), "record.missing");
    }
  }
  return std::optional<BrokenLink>();
}

}  // namespace atensi::store::pg
