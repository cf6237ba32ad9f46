// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Default implementations of the CaseStore methods added with schema
// version 2, so a backend written against the first interface still compiles:
// each refuses with Unsupported "store.unsupported".

#include "atensi/store/case_store.h"

namespace atensi {
namespace {

Status NotHere(const char* what) {
  return Unsupported("store.unsupported", "",
                     std::string("this store backend does not support ") + what);
}

}  // namespace

Result<std::unique_ptr<CaseStore::Txn>> CaseStore::BeginCheckedWrite() { return BeginWrite(); }

Result<std::optional<Child>> CaseStore::FindChildByRosterKey(std::string_view) {
  return NotHere("roster keys");
}
Result<bool> CaseStore::PutRosterFacts(std::string_view, const nlohmann::json&) {
  return NotHere("roster facts");
}
Result<std::uint64_t> CaseStore::RosterFactsCount() { return NotHere("roster facts"); }
Result<std::vector<std::pair<std::string, nlohmann::json>>> CaseStore::RosterFactsPage(
    std::string_view, std::size_t) {
  return NotHere("roster facts");
}
Result<Referral> CaseStore::GetReferral(std::string_view) { return NotHere("referrals"); }
Result<std::vector<Referral>> CaseStore::ReferralsOfCase(std::string_view) {
  return NotHere("referrals");
}
Result<Event> CaseStore::InsertReferral(const Referral&, const EventDraft&, const AuditStamp&) {
  return NotHere("referrals");
}
Result<Event> CaseStore::UpdateReferral(const Referral&, std::int64_t, const EventDraft&,
                                        const AuditStamp&) {
  return NotHere("referrals");
}
Result<Page<Referral>> CaseStore::ReferralBox(std::string_view, bool, const ReferralQuery&) {
  return NotHere("referrals");
}
Result<std::vector<Referral>> CaseStore::ReferralsOverdue(Instant) { return NotHere("referrals"); }
Result<Transfer> CaseStore::GetTransfer(std::string_view) { return NotHere("transfers"); }
Result<std::vector<Transfer>> CaseStore::TransfersOfCase(std::string_view) {
  return NotHere("transfers");
}
Result<Event> CaseStore::InsertTransfer(const Transfer&, const EventDraft&, const AuditStamp&) {
  return NotHere("transfers");
}
Result<Event> CaseStore::UpdateTransfer(const Transfer&, std::int64_t, const EventDraft&,
                                        const AuditStamp&) {
  return NotHere("transfers");
}
Result<std::optional<RoutingSnapshot>> CaseStore::GetRouting(std::string_view) {
  return NotHere("routing decisions");
}
Result<Event> CaseStore::PutRouting(const RoutingSnapshot&, const EventDraft&, const AuditStamp&) {
  return NotHere("routing decisions");
}
Result<ProvinceReport> CaseStore::ProvinceAggregates(RegionCode, Instant, int, int) {
  return NotHere("report aggregates");
}
// Schema version 4 (kept deadlines).
Result<Page<DueItemRow>> CaseStore::DuePage(Instant, Instant, const DueQuery&) {
  return NotHere("the paged due list");
}
Result<bool> CaseStore::DeadlinesNeedRebuild() { return false; }
Status CaseStore::RebuildDeadlines(const std::function<std::vector<DueItem>(const Case&)>&) {
  return NotHere("kept deadlines");
}

Result<std::optional<std::string>> CaseStore::ChainFirstAgency(std::string_view chain_id) {
  ATENSI_ASSIGN_OR_RETURN(std::vector<Event> events, ChainEvents(chain_id));
  if (events.empty()) return std::optional<std::string>();
  return std::optional<std::string>(std::move(events.front().actor.agency_id));
}

// Schema version 6 (privacy).
Result<std::vector<std::string>> CaseStore::PrivacyActions(std::string_view chain_id) {
  ATENSI_ASSIGN_OR_RETURN(std::vector<Event> events, ChainEvents(chain_id));
  std::vector<std::string> out;
  for (const Event& e : events) {
    if (e.action.starts_with("privacy.") || e.action == "purge") out.push_back(e.action);
  }
  return out;
}
Result<std::vector<std::string>> CaseStore::ChildIdsAfter(std::string_view, std::size_t) {
  return NotHere("listing children");
}
Result<PurgedPayloads> CaseStore::PurgeChainPayloads(std::string_view, Instant) {
  return NotHere("purging event payloads");
}
Result<bool> CaseStore::DeleteRosterFacts(std::string_view) { return NotHere("roster facts"); }
Result<std::vector<std::string>> CaseStore::ChildrenWithPendingAccessRequest() {
  return NotHere("subject access requests");
}

Status CaseStore::AppendAccessLog(const AccessLogEntry&) { return NotHere("the access log"); }
Result<std::vector<AccessLogEntry>> CaseStore::AccessLogOfChild(std::string_view) {
  return NotHere("the access log");
}

}  // namespace atensi
