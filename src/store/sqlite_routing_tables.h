// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// The SQLite tables of schema version 2 that hang off a case: referrals,
// transfers and the stored routing decision (migrations.cpp), plus the
// report aggregates. Private to the store module; SqliteCaseStore forwards
// the CaseStore methods here.
//
// Binding rows to the event log. Every mutation of one of these rows appends
// one event to the chain of the row's CASE (chain_id = case id, kind = case)
// with action "<kind>.<event>" ("referral.accept", "transfer.propose",
// "routing.route"), `changes` carrying "<kind>_id": {"before", "after"} so
// the event names its row, and state_hash = SHA-256 of the row's stored JSON
// document. Lifecycle actions never contain a dot, so the case's own events
// are exactly the dot-free ones: the case version counts those, and the case
// row is checked against the newest of those (sqlite_case_store.cpp).
// Verify (record_verifier.h) checks each row of these tables against the
// newest event naming it, so an edit of a row (or a rollback to an older
// document) made behind the library's back is detected. Since schema 8 the
// event names its row in the clear column events.subject_id as well, because
// its payload is sealed (sqlite_crypto.h) and destroyed by a purge.

#ifndef ATENSI_SRC_STORE_SQLITE_ROUTING_TABLES_H_
#define ATENSI_SRC_STORE_SQLITE_ROUTING_TABLES_H_

#include <optional>
#include <string_view>
#include <vector>

#include "atensi/store/case_store.h"
#include "store/event_log.h"
#include "store/sqlite_db.h"

namespace atensi::store {

// SQL predicate (on a table aliased or named `events`) selecting the case's
// own events: lifecycle actions contain no dot.
inline constexpr const char* kCaseOwnEvent = "instr(action, '.') = 0";

class CryptoTables;

class RoutingTables {
 public:
  RoutingTables(Db& db, EventLog& log) : db_(db), log_(log) {}
  // Encryption at rest (sqlite_crypto.h): roster keys are looked up by blind
  // index; roster facts and (schema 8) referral, transfer and routing
  // documents are sealed through `crypto` (must outlive this).
  void set_crypto(CryptoTables* crypto) { crypto_ = crypto; }

  Result<std::optional<Child>> FindChildByRosterKey(std::string_view roster_key);

  Result<bool> PutRosterFacts(std::string_view child_id, const nlohmann::json& facts);
  Result<std::uint64_t> RosterFactsCount();
  Result<std::vector<std::pair<std::string, nlohmann::json>>> RosterFactsPage(
      std::string_view after, std::size_t limit);

  Result<Referral> GetReferral(std::string_view referral_id);
  Result<std::vector<Referral>> ReferralsOfCase(std::string_view case_id);
  Result<Event> InsertReferral(const Referral& r, const EventDraft& draft, const AuditStamp& stamp);
  Result<Event> UpdateReferral(const Referral& next, std::int64_t expected_version,
                               const EventDraft& draft, const AuditStamp& stamp);
  Result<Page<Referral>> ReferralBox(std::string_view agency_id, bool inbox,
                                     const ReferralQuery& query);
  Result<std::vector<Referral>> ReferralsOverdue(Instant now);

  Result<Transfer> GetTransfer(std::string_view transfer_id);
  Result<std::vector<Transfer>> TransfersOfCase(std::string_view case_id);
  Result<Event> InsertTransfer(const Transfer& t, const EventDraft& draft, const AuditStamp& stamp);
  Result<Event> UpdateTransfer(const Transfer& next, std::int64_t expected_version,
                               const EventDraft& draft, const AuditStamp& stamp);

  Result<std::optional<RoutingSnapshot>> GetRouting(std::string_view case_id);
  Result<Event> PutRouting(const RoutingSnapshot& snapshot, const EventDraft& draft,
                           const AuditStamp& stamp);

 private:
  Result<Event> AppendSubjectEvent(std::string_view kind, const std::string& case_id,
                                   const EventDraft& draft, const AuditStamp& stamp,
                                   const std::string& doc, std::string_view subject_id);
  Db& db_;
  EventLog& log_;
  CryptoTables* crypto_ = nullptr;
};

// CaseStore::ProvinceAggregates over the SQLite schema.
Result<ProvinceReport> QueryProvinceAggregates(Db& db, RegionCode province, Instant now,
                                               int trend_months, int utc_offset_minutes);

// Bits (1 << ChildPpksType) of a case's PPKS types, as stored in cases.ppks.
std::int64_t PpksBits(const Case& c);

}  // namespace atensi::store

#endif  // ATENSI_SRC_STORE_SQLITE_ROUTING_TABLES_H_
