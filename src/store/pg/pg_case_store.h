// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// PgCaseStore: the CaseStore over PostgreSQL (public entry point:
// include/atensi/store/pg_case_store.h). Same semantics as SqliteCaseStore:
// records stored as their exact JSON text plus the columns the queries need,
// every mutation writes its row and appends its hash-chained event in the
// caller's transaction, optimistic versions on cases, referrals and
// transfers. The methods are split by concept: pg_case_store.cpp (children,
// cases, queries, integrity), pg_routing_tables.cpp (roster facts, referrals,
// transfers, routing decisions), pg_report_queries.cpp (province report),
// pg_deadlines.cpp (kept deadlines, the paged due list), pg_access_log.cpp
// (the access log), pg_privacy.cpp (payload purge and the privacy reads),
// pg_crypto.h (encryption at rest, key rotation).
//
// Reads by id touch one partition: `chains.row_province` (pg_schema.cpp,
// migration 6) holds the province a record's row is in now, and every
// read or update by id names it.

#ifndef ATENSI_SRC_STORE_PG_PG_CASE_STORE_H_
#define ATENSI_SRC_STORE_PG_PG_CASE_STORE_H_

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "atensi/store/case_store.h"
#include "store/pg/pg_conn.h"
#include "store/pg/pg_crypto.h"
#include "store/pg/pg_event_log.h"

namespace atensi::store::pg {

// Defers (Conn::DeferChecked) the versioned UPDATE `update_sql` (its
// placeholders in `p`), checked when it is sent: one row changed is
// success; none is `conflict` when `exists_sql` (same placeholders) finds
// the row, else `not_found`. One statement instead of an UPDATE and a read
// on a refusal; sent with the chain lock that follows it (one round trip).
Status DeferVersionedUpdate(Conn& conn, const std::string& update_sql,
                            const std::string& exists_sql, const Params& p, Status not_found,
                            Status conflict);

// JSON document helpers shared by the PgCaseStore files.
Result<nlohmann::json> ParseDoc(std::string_view text);
Result<Case> CaseFromDoc(std::string_view text);
Result<Child> ChildFromDoc(std::string_view text);
Result<Referral> ReferralFromDoc(std::string_view text);
Result<Transfer> TransferFromDoc(std::string_view text);

class PgCaseStore final : public CaseStore {
 public:
  explicit PgCaseStore(std::unique_ptr<Conn> conn)
      : conn_(std::move(conn)), log_(*conn_), crypto_(*conn_) {
    log_.set_sealer(&crypto_);
  }

  // Encryption at rest: registers `key` and loads the key state (once,
  // after Migrate). Null key = none.
  Status InitCrypto(const std::shared_ptr<const EncryptionKey>& key, KeyProvider provider) {
    return crypto_.Init(key, std::move(provider));
  }

  Result<std::unique_ptr<Txn>> BeginWrite() override;
  Result<std::unique_ptr<Txn>> BeginRead() override;

  Result<Child> GetChild(std::string_view child_id) override;
  Result<std::optional<Child>> FindChildByNik(std::string_view nik) override;
  Result<Event> InsertChild(const Child& child, const EventDraft& draft,
                            const AuditStamp& stamp) override;
  Result<Event> UpdateChild(const Child& child, const EventDraft& draft,
                            const AuditStamp& stamp) override;

  Result<Case> GetCase(std::string_view case_id) override;
  Result<Event> InsertCase(const Case& c, const CaseIndex& index, const EventDraft& draft,
                           const AuditStamp& stamp) override;
  Result<Event> UpdateCase(const Case& next, std::int64_t expected_version, const CaseIndex& index,
                           const EventDraft& draft, const AuditStamp& stamp) override;
  Status SetCasesRegion(std::string_view child_id, std::optional<RegionCode> region) override;

  Result<std::vector<Case>> CasesOfChild(std::string_view child_id) override;
  Result<Page<CaseSummary>> Caseload(const CaseloadQuery& query) override;
  Result<std::vector<IndexedCase>> CasesDueBy(Instant until,
                                              std::optional<RegionCode> within) override;
  Result<std::vector<Event>> ChainEvents(std::string_view chain_id) override;
  Result<std::vector<Event>> ChildTimeline(std::string_view child_id) override;

  // pg_routing_tables.cpp
  Result<std::optional<Child>> FindChildByRosterKey(std::string_view roster_key) override;
  Result<bool> PutRosterFacts(std::string_view child_id, const nlohmann::json& facts) override;
  Result<std::uint64_t> RosterFactsCount() override;
  Result<std::vector<std::pair<std::string, nlohmann::json>>> RosterFactsPage(
      std::string_view after, std::size_t limit) override;
  Result<Referral> GetReferral(std::string_view referral_id) override;
  Result<std::vector<Referral>> ReferralsOfCase(std::string_view case_id) override;
  Result<Event> InsertReferral(const Referral& r, const EventDraft& draft,
                               const AuditStamp& stamp) override;
  Result<Event> UpdateReferral(const Referral& next, std::int64_t expected_version,
                               const EventDraft& draft, const AuditStamp& stamp) override;
  Result<Page<Referral>> ReferralBox(std::string_view agency_id, bool inbox,
                                     const ReferralQuery& query) override;
  Result<std::vector<Referral>> ReferralsOverdue(Instant now) override;
  Result<Transfer> GetTransfer(std::string_view transfer_id) override;
  Result<std::vector<Transfer>> TransfersOfCase(std::string_view case_id) override;
  Result<Event> InsertTransfer(const Transfer& t, const EventDraft& draft,
                               const AuditStamp& stamp) override;
  Result<Event> UpdateTransfer(const Transfer& next, std::int64_t expected_version,
                               const EventDraft& draft, const AuditStamp& stamp) override;
  Result<std::optional<RoutingSnapshot>> GetRouting(std::string_view case_id) override;
  Result<Event> PutRouting(const RoutingSnapshot& snapshot, const EventDraft& draft,
                           const AuditStamp& stamp) override;

  // pg_report_queries.cpp
  Result<ProvinceReport> ProvinceAggregates(RegionCode province, Instant now, int trend_months,
                                            int utc_offset_minutes) override;

  // pg_deadlines.cpp
  Result<Page<DueItemRow>> DuePage(Instant now, Instant until, const DueQuery& query) override;
  Result<bool> DeadlinesNeedRebuild() override;
  Status RebuildDeadlines(
      const std::function<std::vector<DueItem>(const Case&)>& pending_of) override;

  // pg_privacy.cpp
  Result<std::vector<std::string>> PrivacyActions(std::string_view chain_id) override;
  Result<std::vector<std::string>> ChildIdsAfter(std::string_view after,
                                                 std::size_t limit) override;
  Result<PurgedPayloads> PurgeChainPayloads(std::string_view chain_id, Instant at) override;
  Result<bool> DeleteRosterFacts(std::string_view child_id) override;
  // pg_routing_privacy.cpp (UU 27/2022 art 32).
  Result<std::vector<std::string>> ChildrenWithPendingAccessRequest() override;

  // pg_access_log.cpp
  Status AppendAccessLog(const AccessLogEntry& entry) override;
  Result<std::vector<AccessLogEntry>> AccessLogOfChild(std::string_view child_id) override;

  // pg_privacy.cpp (encryption: forwarded to PgCrypto)
  Result<EncryptionInfo> Encryption() override;
  Status BeginKeyRotation(const EncryptionKey& new_key) override;
  Result<std::uint64_t> RekeyBatch(RekeyCursor& cursor, std::size_t limit) override;
  Result<std::vector<std::uint32_t>> FinishKeyRotation(const EventDraft& draft,
                                                       const AuditStamp& stamp) override;

  Result<std::int64_t> Checkpoint(Instant at) override;
  Result<VerifyReport> Verify() override;

 private:
  // Replaces the kept deadlines of a case with `index.pending` (replace =
  // false: a new case, none yet; replace = true: before SetRowProvince, so
  // the old rows are found in the row's current province). pg_deadlines.cpp.
  Status WriteDeadlines(std::string_view case_id, const CaseIndex& index, bool replace);
  // Records the province a record's row is in now (chains.row_province).
  Status SetRowProvince(std::string_view id, std::int64_t province);
  // The child holding a child_keys key ("nik:<index>" / "roster:<index>").
  Result<std::optional<Child>> ChildByKey(const std::string& key);
  Result<std::unique_ptr<Txn>> Begin(PgTxn::Mode mode);
  // Writes the child's NIK and roster key into child_keys (cross-province
  // uniqueness); AlreadyExists "store.exists" when another child holds one.
  // `nik` / `roster_key` are the stored (blind-indexed when sealing) values.
  Status PutChildKeys(const Child& child, const std::optional<std::string>& nik,
                      const std::optional<std::string>& roster_key);
  // The stored form of a child row: its document, the blind indexes of its
  // NIK and roster key, and its birth date column (blank when sealed).
  struct SealedChild {
    StoredDoc doc;
    std::optional<std::string> nik;
    std::optional<std::string> roster_key;
    std::string birth_date;
  };
  Result<SealedChild> SealChild(const Child& child, const std::string& doc) const;
  // Appends an event to a case chain and checks the chain stays in step
  // with the case version (as SqliteCaseStore::AppendChecked).
  Result<Event> AppendChecked(const EventInput& in, std::int64_t province, bool must_be_new,
                              std::optional<std::int64_t> version);
  // Appends a referral/transfer/routing event to its case's chain (action
  // "<kind>.<event>"), naming row `subject_id` in events.subject_id.
  Result<Event> AppendSubjectEvent(std::string_view kind, const std::string& case_id,
                                   const EventDraft& draft, const AuditStamp& stamp,
                                   const std::string& doc, std::string_view subject_id);
  // Checks referral, transfer and routing rows against their newest events.
  Result<std::optional<BrokenLink>> VerifySubjectRows();

  std::unique_ptr<Conn> conn_;
  PgEventLog log_;
  PgCrypto crypto_;
};

}  // namespace atensi::store::pg

#endif  // ATENSI_SRC_STORE_PG_PG_CASE_STORE_H_
