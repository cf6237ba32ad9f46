// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// CaseStore: the storage interface under the Casebook.
//
// The lifecycle core (Decide, OpenCase, ValidateChild) is pure; the Casebook
// (casebook.h) runs it and persists the result through this interface. Only
// this interface knows about a database, so a PostgreSQL backend can be added
// beside the SQLite one without touching the domain core or the Casebook.
//
// Contract for every implementation:
//   - All calls except Begin*() run inside a transaction opened by
//     BeginWrite()/BeginRead() on the same store; mutations require a write
//     transaction. A transaction rolls back when its object is destroyed
//     without a successful Commit(), so an operation is all-or-nothing.
//   - Each mutating call writes the record AND appends its audit event
//     (event.h) in that transaction; there is no way to write one without the
//     other.
//   - UpdateCase is optimistic: it writes only when the stored version equals
//     `expected_version` (UPDATE ... WHERE id = ? AND version = ?); otherwise
//     Conflict "store.version_conflict" and nothing is written.
//   - No Status message contains personal data (names, NIK, free text).
// A CaseStore is not thread-safe; the Casebook serialises access to it.

#ifndef ATENSI_STORE_CASE_STORE_H_
#define ATENSI_STORE_CASE_STORE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "atensi/access/access_log.h"
#include "atensi/actor.h"
#include "atensi/clock.h"
#include "atensi/crypto/key.h"
#include "atensi/lifecycle/case.h"
#include "atensi/lifecycle/child.h"
#include "atensi/lifecycle/deadline.h"
#include "atensi/lifecycle/transition.h"
#include "atensi/region.h"
#include "atensi/report/province_report.h"
#include "atensi/routing/referral.h"
#include "atensi/routing/transfer.h"
#include "atensi/status.h"
#include "atensi/store/event.h"
#include "atensi/vocabulary.h"

namespace atensi {

// One row of a caseload listing. Carries no personal data of the child
// (fetch the Child for that).
struct CaseSummary {
  std::string case_id;
  std::string child_id;
  std::int64_t version = 0;
  Stage stage = Stage::kIntake;
  RiskLevel risk = RiskLevel::kLow;
  AmpkSet categories;
  std::optional<RegionCode> region;  // the child's domicile; nullopt = unknown
  std::string lead_agency_id;
  std::string assigned_worker_id;
  Instant opened_at;
  std::optional<Instant> closed_at;
  std::optional<Instant> next_due_at;  // earliest pending deadline
};

// A page of results. `next_cursor` is empty on the last page; pass it back
// as CaseloadQuery::cursor for the next page. Cursors are opaque.
template <typename T>
struct Page {
  std::vector<T> items;
  std::string next_cursor;
};

// A caseload listing: cases whose child's domicile lies in `within` (any
// level: province, regency, district, village), optionally filtered. Ordered
// by case id (UUIDv7: opening order), keyset-paginated.
struct CaseloadQuery {
  std::optional<RegionCode> within;  // nullopt = all regions, including unknown
  std::optional<Stage> stage;
  std::optional<RiskLevel> risk;
  std::optional<AmpkCategory> category;  // cases having this AMPK category
  bool include_closed = true;
  int page_size = 50;  // 1..1000
  std::string cursor;  // from the previous page; empty = first page
};

// One overdue or due-soon deadline, with enough of its case to route it.
struct DueItemRow {
  std::string case_id;
  std::string child_id;
  std::optional<RegionCode> region;
  std::string lead_agency_id;
  std::string assigned_worker_id;
  Stage stage = Stage::kIntake;
  RiskLevel risk = RiskLevel::kLow;
  DueItem item;
};

// A page of the overdue / due-soon list: the pending deadlines with due_at
// at or before `until`, optionally of cases whose child's domicile lies in
// `within`, ordered by (due_at, case id, step), keyset-paginated. Reads the
// deadlines the store keeps per case (CaseIndex::pending), so each is as
// computed with the deadline policy in force when its case was last written.
struct DueQuery {
  std::optional<RegionCode> within;  // nullopt = all regions, including unknown
  int page_size = 50;                // 1..1000
  std::string cursor;                // from the previous page; empty = first page
};

// Derived columns the store keeps beside a case for its queries (computed by
// the Casebook: they need the child and the deadline policy).
struct CaseIndex {
  std::optional<RegionCode> region;    // the child's domicile
  std::optional<Instant> next_due_at;  // earliest pending deadline
  // Every pending deadline (DueItems with an unbounded window; `overdue` is
  // not stored). Kept by the store for DuePage (schema version 4); its
  // earliest due_at is next_due_at.
  std::vector<DueItem> pending;
};

// A case with its stored index columns.
struct IndexedCase {
  Case value;
  CaseIndex index;
};

// A listing of referrals addressed to (inbox) or sent by (outbox) one agency.
// Ordered by response deadline (none last), then id; keyset-paginated. The
// inbox never lists drafts (nothing was sent yet).
struct ReferralQuery {
  std::optional<ReferralStatus> status;  // only this status; overrides open_only
  bool open_only = true;                 // non-terminal statuses only
  int page_size = 50;                    // 1..1000
  std::string cursor;                    // from the previous page; empty = first page
};

// The stored routing decision of a case (RoutingDecision as JSON,
// routing_json.h) and when it was made.
struct RoutingSnapshot {
  std::string case_id;
  Instant decided_at;
  nlohmann::json decision;
};

// Encryption at rest (docs/encryption.md): the state of a store's keys.
struct EncryptionInfo {
  bool encrypted = false;                // a key was ever registered
  std::uint32_t current_key = 0;         // the key new records are sealed under; 0 = none supplied
  std::vector<std::uint32_t> live_keys;  // registered, not retired (ascending)
  std::uint64_t records_pending = 0;     // records not sealed under current_key
};

// Where a key rotation's scan stands (CaseStore::RekeyBatch).
inline constexpr int kRekeyDone = -1;
struct RekeyCursor {
  int table = 0;      // index of the table being scanned; kRekeyDone at the end
  std::string after;  // last row id done in that table
};

// What CaseStore::PurgeChainPayloads destroyed.
struct PurgedPayloads {
  std::int64_t purged = 0;         // format-2 payloads tombstoned
  std::int64_t kept_format_1 = 0;  // format-1 events (hash covers the text): kept
};

// Who and when, for the audit event of a mutation.
struct AuditStamp {
  Actor actor;
  Instant at;
};

class CaseStore {
 public:
  // A transaction scope. Destroying it without Commit() rolls back.
  class Txn {
   public:
    virtual ~Txn() = default;
    // Makes every write since Begin durable (per the synchronous level) and
    // ends the transaction. On failure everything is rolled back.
    virtual Status Commit() = 0;
  };

  virtual ~CaseStore() = default;

  // Starts a write transaction (takes the write lock at once: SQLite BEGIN
  // IMMEDIATE), or a read transaction with a consistent snapshot.
  virtual Result<std::unique_ptr<Txn>> BeginWrite() = 0;
  virtual Result<std::unique_ptr<Txn>> BeginRead() = 0;
  // BeginWrite() for an operation that refuses only BEFORE its first write
  // (all checks first, then the writes). Outside a transaction it is
  // BeginWrite(). Inside an open one (Casebook::Batch) a store may join it
  // without a savepoint of its own (SQLite: a savepoint copies every page
  // the operation touches, a large share of a bulk import's CPU;
  // docs/performance.md, workload 1). A refusal that wrote nothing then has
  // nothing to undo, and the batch goes on. If the scope ends without
  // Commit() AFTER the operation wrote something, that write cannot be undone
  // alone: the enclosing transaction is doomed and its Commit() fails with
  // Internal "store.batch_partial_write", rolling everything back (all or
  // nothing still holds, for the whole batch). Default: BeginWrite().
  virtual Result<std::unique_ptr<Txn>> BeginCheckedWrite();

  // ---- children ----
  // NotFound "store.child_not_found".
  virtual Result<Child> GetChild(std::string_view child_id) = 0;
  // The child with this NIK (digits only), or nullopt.
  virtual Result<std::optional<Child>> FindChildByNik(std::string_view nik) = 0;
  // Inserts a child and appends event seq 1 of its chain. AlreadyExists
  // "store.exists" when the id or the NIK is taken.
  virtual Result<Event> InsertChild(const Child& child, const EventDraft& draft,
                                    const AuditStamp& stamp) = 0;
  // Replaces a child and appends its event. NotFound when absent.
  virtual Result<Event> UpdateChild(const Child& child, const EventDraft& draft,
                                    const AuditStamp& stamp) = 0;

  // ---- cases ----
  // NotFound "store.case_not_found".
  virtual Result<Case> GetCase(std::string_view case_id) = 0;
  // Inserts a case (version 1) and appends event seq 1 of its chain.
  virtual Result<Event> InsertCase(const Case& c, const CaseIndex& index, const EventDraft& draft,
                                   const AuditStamp& stamp) = 0;
  // Replaces the case when its stored version is `expected_version` and
  // appends its event; Conflict "store.version_conflict" otherwise, NotFound
  // when absent. `next.version` must be expected_version + 1.
  virtual Result<Event> UpdateCase(const Case& next, std::int64_t expected_version,
                                   const CaseIndex& index, const EventDraft& draft,
                                   const AuditStamp& stamp) = 0;
  // Re-denormalises the domicile of every case of a child (after the child's
  // domicile changed). Touches only the index column; no event.
  virtual Status SetCasesRegion(std::string_view child_id, std::optional<RegionCode> region) = 0;

  // ---- queries ----
  // All cases of a child, in opening order.
  virtual Result<std::vector<Case>> CasesOfChild(std::string_view child_id) = 0;
  virtual Result<Page<CaseSummary>> Caseload(const CaseloadQuery& query) = 0;
  // Cases whose earliest pending deadline is at or before `until`, optionally
  // within a region subtree, ordered by that deadline, with their index.
  virtual Result<std::vector<IndexedCase>> CasesDueBy(Instant until,
                                                      std::optional<RegionCode> within) = 0;
  // One page of the deadlines due at or before `until` (DueQuery), each
  // with its case's routing columns; item.overdue = now > due_at.
  // InvalidArgument "store.page_size" / "store.cursor". Default: Unsupported.
  virtual Result<Page<DueItemRow>> DuePage(Instant now, Instant until, const DueQuery& query);
  // Whether the kept deadlines must be rebuilt (a file migrated to schema
  // version 4 keeps none yet). Default: false.
  virtual Result<bool> DeadlinesNeedRebuild();
  // Recomputes the kept deadlines of every case that has a pending one
  // (next_due_at set) with `pending_of` and clears the rebuild mark. Must
  // run in a write transaction. Default: Unsupported.
  virtual Status RebuildDeadlines(
      const std::function<std::vector<DueItem>(const Case&)>& pending_of);
  // The events of one chain (a case or a child) in seq order.
  virtual Result<std::vector<Event>> ChainEvents(std::string_view chain_id) = 0;
  // The child's own events and the events of all its cases, ordered by time
  // (ties: chain id, seq).
  virtual Result<std::vector<Event>> ChildTimeline(std::string_view child_id) = 0;
  // The agency of the actor of a chain's first event (for a child chain: the
  // registering agency, which the access rules need for a child with no
  // case); nullopt when the chain has no event. The default reads the whole
  // chain (ChainEvents); the SQLite store reads one column of one row.
  virtual Result<std::optional<std::string>> ChainFirstAgency(std::string_view chain_id);

  // Whether this store writes EventDraft::changes_text when it is set (the
  // change set as text, `changes` null) instead of dumping `changes`. The
  // Casebook then builds the change sets of new records as text (no DOM).
  // The Event a mutation returns then has a null `changes` (the text is what
  // was stored and hashed). Default false: the store dumps `changes`.
  [[nodiscard]] virtual bool TakesChangesText() const { return false; }

  // ---- routing, referrals, transfers (schema version 2) ----
  //
  // Referral, transfer and routing-decision rows belong to a case: each
  // mutation appends its event to the CASE's chain (so Verify covers it) with
  // action "referral.<event>", "transfer.<event>" or "routing.<event>" (case
  // events never contain a dot), `changes` holding "<kind>_id" ({"before":
  // id or null, "after": id}) plus the before/after of every changed field,
  // and state_hash = SHA-256 of the row's JSON document. The case's own
  // version counts only its own (dot-free) events. The defaults below return
  // Unsupported "store.unsupported" so other backends compile unchanged.

  // The child with this roster key ("IDBDT/NoUrutART"), or nullopt.
  virtual Result<std::optional<Child>> FindChildByRosterKey(std::string_view roster_key);

  // Roster import staging (no event; see Casebook::PutRosterFacts): stores
  // (replaces) the child's roster facts; returns false when they were
  // already stored unchanged. NotFound "store.child_not_found".
  virtual Result<bool> PutRosterFacts(std::string_view child_id, const nlohmann::json& facts);
  virtual Result<std::uint64_t> RosterFactsCount();
  // Up to `limit` (child id, facts) pairs with child id > `after`, in id order.
  virtual Result<std::vector<std::pair<std::string, nlohmann::json>>> RosterFactsPage(
      std::string_view after, std::size_t limit);

  // NotFound "store.referral_not_found".
  virtual Result<Referral> GetReferral(std::string_view referral_id);
  // All referrals of a case, in creation (id) order.
  virtual Result<std::vector<Referral>> ReferralsOfCase(std::string_view case_id);
  // Inserts a referral (version ReferralVersion(r)) and appends its event.
  virtual Result<Event> InsertReferral(const Referral& r, const EventDraft& draft,
                                       const AuditStamp& stamp);
  // Replaces a referral whose stored version is `expected_version`; `next`
  // must have version expected_version + 1. Conflict "store.version_conflict".
  virtual Result<Event> UpdateReferral(const Referral& next, std::int64_t expected_version,
                                       const EventDraft& draft, const AuditStamp& stamp);
  // Inbox (to_agency) or outbox (from_agency) page.
  virtual Result<Page<Referral>> ReferralBox(std::string_view agency_id, bool inbox,
                                             const ReferralQuery& query);
  // Requested referrals whose response deadline is before `now` (overdue).
  virtual Result<std::vector<Referral>> ReferralsOverdue(Instant now);

  // NotFound "store.transfer_not_found".
  virtual Result<Transfer> GetTransfer(std::string_view transfer_id);
  virtual Result<std::vector<Transfer>> TransfersOfCase(std::string_view case_id);
  virtual Result<Event> InsertTransfer(const Transfer& t, const EventDraft& draft,
                                       const AuditStamp& stamp);
  virtual Result<Event> UpdateTransfer(const Transfer& next, std::int64_t expected_version,
                                       const EventDraft& draft, const AuditStamp& stamp);

  // The case's stored routing decision, or nullopt.
  virtual Result<std::optional<RoutingSnapshot>> GetRouting(std::string_view case_id);
  // Stores (replaces) the case's routing decision and appends its event.
  virtual Result<Event> PutRouting(const RoutingSnapshot& snapshot, const EventDraft& draft,
                                   const AuditStamp& stamp);

  // Report aggregates for the cases and children whose domicile lies in
  // `province`: children, cases_total, cases_open, caseload, categories,
  // referrals (agency_name left empty), trend (calendar months in UTC+offset,
  // the last `trend_months` up to the month of `now`), and (schema version
  // 4) the overdue fields from the kept deadlines due before `now`.
  virtual Result<ProvinceReport> ProvinceAggregates(RegionCode province, Instant now,
                                                    int trend_months, int utc_offset_minutes);

  // ---- integrity ----
  // Seals every chain tail into a new checkpoint (event.h); returns its number.
  virtual Result<std::int64_t> Checkpoint(Instant at) = 0;
  // Recomputes every chain and checkpoint, then checks each case and child
  // row against the tail of its chain (state hash; case version == number of
  // its own events), and each referral, transfer and routing row against its
  // newest event in its case's chain. Names the first broken link.
  virtual Result<VerifyReport> Verify() = 0;

  // ---- privacy (schema version 6; casebook_privacy.cpp) ----
  // The defaults return Unsupported "store.unsupported".

  // The actions of `chain_id` that start with "privacy." or are "purge", in
  // seq order (no payload read: the restriction check on every operation).
  // Default: filtered from ChainEvents.
  virtual Result<std::vector<std::string>> PrivacyActions(std::string_view chain_id);
  // Up to `limit` child ids greater than `after`, in id order.
  virtual Result<std::vector<std::string>> ChildIdsAfter(std::string_view after, std::size_t limit);
  // Destroys the payload of every format-2 event of `chain_id` not yet
  // purged (event hash format 2, event.h). Write transaction.
  virtual Result<PurgedPayloads> PurgeChainPayloads(std::string_view chain_id, Instant at);
  // Deletes the child's staged roster facts; false when there were none.
  virtual Result<bool> DeleteRosterFacts(std::string_view child_id);

  // ---- subject access requests (schema version 8; casebook_subject_access.cpp) ----
  // The children with a subject-access request pending: whose newest
  // "privacy.access_request" / "privacy.access_fulfilled" /
  // "privacy.access_refused" event is the request, in child id order.
  // Actions only (no payload read). Default: Unsupported "store.unsupported".
  virtual Result<std::vector<std::string>> ChildrenWithPendingAccessRequest();

  // ---- access log (schema version 5; include/atensi/access/access_log.h) ----
  // The defaults return Unsupported "store.unsupported".

  // Appends one entry (its seq is assigned). Write transaction.
  virtual Status AppendAccessLog(const AccessLogEntry& entry);
  // The entries about `child_id`, oldest first.
  virtual Result<std::vector<AccessLogEntry>> AccessLogOfChild(std::string_view child_id);

  // ---- encryption at rest (schema version 7; docs/encryption.md) ----
  // The defaults return Unsupported "store.unsupported".

  // The store's keys and whether a rotation is pending.
  virtual Result<EncryptionInfo> Encryption();
  // Registers `new_key` (PermissionDenied "crypto.wrong_key" when its id is
  // known with another key; FailedPrecondition "crypto.key_retired" when
  // the id was retired) and makes it the current key: every record written
  // from now on is sealed under it; the previous keys stay readable. Write
  // transaction.
  virtual Status BeginKeyRotation(const EncryptionKey& new_key);
  // Re-seals up to `limit` records not sealed under the current key (and
  // recomputes their blind indexes), scanning from `cursor`, which it
  // advances (cursor.table == kRekeyDone at the end). Returns how many
  // records were rewritten. Write transaction.
  virtual Result<std::uint64_t> RekeyBatch(RekeyCursor& cursor, std::size_t limit);
  // Ends a rotation: FailedPrecondition "crypto.rotation_incomplete" when a
  // record is still under another key; else retires every other key, marks
  // the store all-sealed, appends `draft` (its changes gain "current_key"
  // and "retired_keys") to the store chain "atensi.store" (ChainKind::kStore)
  // and returns the retired key ids. Write transaction.
  virtual Result<std::vector<std::uint32_t>> FinishKeyRotation(const EventDraft& draft,
                                                               const AuditStamp& stamp);
};

// The optimistic version of a referral: 1 + the number of status changes in
// its history (every event appends exactly one entry; a referral created as
// requested already has its submit in the history, so it starts at 2).
inline std::int64_t ReferralVersion(const Referral& r) {
  return static_cast<std::int64_t>(r.history.size()) + 1;
}
// The optimistic version of a transfer: the number of entries in its history
// (OpenTransfer records the opening as the first entry, so it starts at 1).
inline std::int64_t TransferVersion(const Transfer& t) {
  return static_cast<std::int64_t>(t.history.size());
}

// How hard SQLite works to make a commit durable (PRAGMA synchronous). FULL
// survives power loss; NORMAL (with WAL) may lose the last commits on power
// loss but never corrupts; OFF is for throwaway databases.
enum class Synchronous : std::uint8_t { kOff = 0, kNormal = 1, kFull = 2 };

struct SqliteStoreOptions {
  std::string path;  // file path, or ":memory:"
  Synchronous synchronous = Synchronous::kFull;
  int busy_timeout_ms = 5000;
  bool create_if_missing = true;
  // Name of a registered sqlite3_vfs to open the file with; empty = SQLite's
  // default. Tests use it to inject I/O faults and simulate power loss.
  std::string vfs_name;
  // Encryption at rest (docs/encryption.md): the current key (new records
  // are sealed under it; checked against the key check stored for its id:
  // PermissionDenied "crypto.wrong_key"), and a provider for the other key
  // ids met while reading. Null / empty = no key: an encrypted store then
  // refuses sensitive reads and writes with FailedPrecondition
  // "crypto.key_missing".
  std::shared_ptr<const EncryptionKey> key;
  KeyProvider key_provider;
};

// Opens (creating and migrating as needed) the SQLite store. Unsupported
// "store.schema_newer" when the file was written by a newer atensi,
// "store.not_atensi" when it is some other SQLite database; NotFound
// "store.not_found" when absent and !create_if_missing.
Result<std::unique_ptr<CaseStore>> OpenSqliteCaseStore(const SqliteStoreOptions& options);

}  // namespace atensi

#endif  // ATENSI_STORE_CASE_STORE_H_
