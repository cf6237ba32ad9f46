// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Authorized reads and the access log (casebook.h, "authorized reads"; rules
// in include/atensi/access/ and docs/access-control.md).
//
// Decision: a read of personal data runs in a WRITE transaction, so the
// access log entry commits atomically with the read (UU 27/2022 art 32: the
// processing log must be complete; a read that could not be logged must not
// happen). The cost is that such reads take SQLite's single write lock for
// the few milliseconds of the read; listings without personal data
// (caseload, due, inbox/outbox, report) stay in read transactions and are
// not logged.

#include <algorithm>
#include <cctype>
#include <string>
#include <utility>

#include "atensi/access/need_to_know.h"
#include "atensi/casebook.h"

namespace atensi {
namespace {

std::optional<RegionCode> Domicile(const Child& child) {
  if (child.domicile_region.empty()) return std::nullopt;
  Result<RegionCode> r = RegionCode::Parse(child.domicile_region, "domicile_region");
  if (!r.ok()) return std::nullopt;
  return *r;
}

std::string Digits(std::string_view s) {
  std::string out;
  for (char ch : s) {
    if (std::isdigit(static_cast<unsigned char>(ch)) != 0) out.push_back(ch);
  }
  return out;
}

// The agency of the actor when it has area authority in effect on `on`.
const Agency* AreaAgency(const Actor& actor, const AgencyRegistry* registry, Date on) {
  if (registry == nullptr) return nullptr;
  const Agency* a = registry->FindById(actor.agency_id);
  if (a == nullptr || !a->InEffect(on) || !HasAreaAuthority(a->type)) return nullptr;
  return a;
}

// Caseload / due filter: lead or area (rules 1 and 2 of case_scope.h).
bool ListedFor(const Actor& actor, const Agency* area, std::string_view lead,
               const std::optional<RegionCode>& region, Date on) {
  if (lead == actor.agency_id) return true;
  return area != nullptr && region && area->coverage.Covers(*region, on);
}

}  // namespace

// ---- helpers ----

Result<CaseAccess> Casebook::CaseAccessLocked(const Actor& actor, const Case& c, Instant now) {
  ATENSI_ASSIGN_OR_RETURN(Child child, store_->GetChild(c.child_id));
  ATENSI_ASSIGN_OR_RETURN(std::vector<Referral> referrals, store_->ReferralsOfCase(c.id));
  Result<const AgencyRegistry*> registry = RegistryLocked();
  return ::atensi::AccessToCase(actor, c, Domicile(child), referrals,
                                registry.ok() ? *registry : nullptr,
                                DateAt(now, policy_.utc_offset_minutes));
}

Result<CaseAccess> Casebook::ChildAccessLocked(const Actor& actor, const Child& child,
                                               Instant now) {
  const Date on = DateAt(now, policy_.utc_offset_minutes);
  Result<const AgencyRegistry*> reg = RegistryLocked();
  const AgencyRegistry* registry = reg.ok() ? *reg : nullptr;
  const std::optional<RegionCode> domicile = Domicile(child);
  ATENSI_ASSIGN_OR_RETURN(std::vector<Case> cases, store_->CasesOfChild(child.id));
  std::vector<CaseAccess> per_case;
  per_case.reserve(cases.size());
  for (const Case& c : cases) {
    ATENSI_ASSIGN_OR_RETURN(std::vector<Referral> referrals, store_->ReferralsOfCase(c.id));
    per_case.push_back(::atensi::AccessToCase(actor, c, domicile, referrals, registry, on));
  }
  std::string registrar;
  if (cases.empty()) {
    ATENSI_ASSIGN_OR_RETURN(std::vector<Event> events, store_->ChainEvents(child.id));
    if (!events.empty()) registrar = events.front().actor.agency_id;
  }
  return ::atensi::AccessToChild(actor, domicile, per_case, registrar, registry, on);
}

Status Casebook::AuthorizeCaseLocked(const Actor& actor, Operation op, std::optional<Action> action,
                                     const Case& c, Instant now) {
  ATENSI_RETURN_IF_ERROR(CheckRole(actor, op, action));
  ATENSI_ASSIGN_OR_RETURN(CaseAccess access, CaseAccessLocked(actor, c, now));
  ATENSI_RETURN_IF_ERROR(Authorize(actor, op, action, access, "case_id"));
  return RestrictionGateLocked(actor, op, c.child_id);  // casebook_privacy.cpp
}

Status Casebook::AuthorizeChildLocked(const Actor& actor, Operation op, const Child& child,
                                      Instant now) {
  ATENSI_RETURN_IF_ERROR(CheckRole(actor, op));
  ATENSI_ASSIGN_OR_RETURN(CaseAccess access, ChildAccessLocked(actor, child, now));
  ATENSI_RETURN_IF_ERROR(Authorize(actor, op, std::nullopt, access, "child_id"));
  return RestrictionGateLocked(actor, op, child.id);  // casebook_privacy.cpp
}

Status Casebook::LogReadLocked(const Actor& actor, Operation op, AccessPurpose purpose,
                               std::string_view child_id, std::string_view case_id, Reach reach,
                               Instant now) {
  AccessLogEntry e;
  e.child_id = std::string(child_id);
  e.case_id = std::string(case_id);
  e.person_id = actor.person_id;
  e.agency_id = actor.agency_id;
  e.role = actor.role;
  e.operation = op;
  e.purpose = purpose;
  e.reach = reach;
  e.at = now;
  return store_->AppendAccessLog(e);
}

// ---- reads of personal data (logged) ----

Result<CaseView> Casebook::ReadCase(std::string_view case_id, const Actor& actor,
                                    AccessPurpose purpose) {
  ATENSI_RETURN_IF_ERROR(ValidateActor(actor));
  ATENSI_RETURN_IF_ERROR(CheckRole(actor, Operation::kReadCase));
  ATENSI_RETURN_IF_ERROR(CheckPurpose(actor, purpose));
  auto lock = Lock();
  const Instant now = clock_.Now();
  ATENSI_ASSIGN_OR_RETURN(auto txn, store_->BeginWrite());
  ATENSI_ASSIGN_OR_RETURN(Case c, store_->GetCase(case_id));
  ATENSI_ASSIGN_OR_RETURN(CaseAccess access, CaseAccessLocked(actor, c, now));
  ATENSI_RETURN_IF_ERROR(Authorize(actor, Operation::kReadCase, std::nullopt, access, "case_id"));
  ATENSI_RETURN_IF_ERROR(
      LogReadLocked(actor, Operation::kReadCase, purpose, c.child_id, c.id, access.reach, now));
  CaseView view = ViewCase(c, access);
  ATENSI_RETURN_IF_ERROR(txn->Commit());
  return view;
}

Result<ChildView> Casebook::ReadChild(std::string_view child_id, const Actor& actor,
                                      AccessPurpose purpose) {
  ATENSI_RETURN_IF_ERROR(ValidateActor(actor));
  ATENSI_RETURN_IF_ERROR(CheckRole(actor, Operation::kReadChild));
  ATENSI_RETURN_IF_ERROR(CheckPurpose(actor, purpose));
  auto lock = Lock();
  const Instant now = clock_.Now();
  ATENSI_ASSIGN_OR_RETURN(auto txn, store_->BeginWrite());
  ATENSI_ASSIGN_OR_RETURN(Child child, store_->GetChild(child_id));
  ATENSI_ASSIGN_OR_RETURN(CaseAccess access, ChildAccessLocked(actor, child, now));
  ATENSI_RETURN_IF_ERROR(Authorize(actor, Operation::kReadChild, std::nullopt, access, "child_id"));
  ATENSI_RETURN_IF_ERROR(
      LogReadLocked(actor, Operation::kReadChild, purpose, child.id, "", access.reach, now));
  ChildView view = ViewChild(child, access);
  ATENSI_RETURN_IF_ERROR(txn->Commit());
  return view;
}

Result<std::vector<Event>> Casebook::History(std::string_view case_id, const Actor& actor,
                                             AccessPurpose purpose) {
  ATENSI_RETURN_IF_ERROR(ValidateActor(actor));
  ATENSI_RETURN_IF_ERROR(CheckPurpose(actor, purpose));
  auto lock = Lock();
  const Instant now = clock_.Now();
  ATENSI_ASSIGN_OR_RETURN(auto txn, store_->BeginWrite());
  ATENSI_ASSIGN_OR_RETURN(Case c, store_->GetCase(case_id));
  ATENSI_ASSIGN_OR_RETURN(CaseAccess access, CaseAccessLocked(actor, c, now));
  ATENSI_RETURN_IF_ERROR(
      Authorize(actor, Operation::kReadHistory, std::nullopt, access, "case_id"));
  ATENSI_RETURN_IF_ERROR(
      LogReadLocked(actor, Operation::kReadHistory, purpose, c.child_id, c.id, access.reach, now));
  ATENSI_ASSIGN_OR_RETURN(std::vector<Event> events, store_->ChainEvents(c.id));
  ATENSI_RETURN_IF_ERROR(txn->Commit());
  return events;
}

Result<std::vector<Event>> Casebook::ChildTimeline(std::string_view child_id, const Actor& actor,
                                                   AccessPurpose purpose) {
  ATENSI_RETURN_IF_ERROR(ValidateActor(actor));
  ATENSI_RETURN_IF_ERROR(CheckPurpose(actor, purpose));
  auto lock = Lock();
  const Instant now = clock_.Now();
  ATENSI_ASSIGN_OR_RETURN(auto txn, store_->BeginWrite());
  ATENSI_ASSIGN_OR_RETURN(Child child, store_->GetChild(child_id));
  ATENSI_ASSIGN_OR_RETURN(CaseAccess access, ChildAccessLocked(actor, child, now));
  ATENSI_RETURN_IF_ERROR(
      Authorize(actor, Operation::kReadHistory, std::nullopt, access, "child_id"));
  ATENSI_RETURN_IF_ERROR(
      LogReadLocked(actor, Operation::kReadHistory, purpose, child.id, "", access.reach, now));
  ATENSI_ASSIGN_OR_RETURN(std::vector<Event> events, store_->ChildTimeline(child.id));
  ATENSI_RETURN_IF_ERROR(txn->Commit());
  return events;
}

Result<std::vector<CaseView>> Casebook::CasesByChildNik(std::string_view nik, const Actor& actor,
                                                        AccessPurpose purpose) {
  ATENSI_RETURN_IF_ERROR(ValidateActor(actor));
  ATENSI_RETURN_IF_ERROR(CheckRole(actor, Operation::kReadCase));
  ATENSI_RETURN_IF_ERROR(CheckPurpose(actor, purpose));
  const std::string digits = Digits(nik);
  auto lock = Lock();
  const Instant now = clock_.Now();
  ATENSI_ASSIGN_OR_RETURN(auto txn, store_->BeginWrite());
  ATENSI_ASSIGN_OR_RETURN(std::optional<Child> child, store_->FindChildByNik(digits));
  std::vector<CaseView> out;
  if (!child) return out;
  ATENSI_ASSIGN_OR_RETURN(std::vector<Case> cases, store_->CasesOfChild(child->id));
  for (const Case& c : cases) {
    ATENSI_ASSIGN_OR_RETURN(CaseAccess access, CaseAccessLocked(actor, c, now));
    if (!Authorize(actor, Operation::kReadCase, std::nullopt, access, "nik").ok()) continue;
    ATENSI_RETURN_IF_ERROR(
        LogReadLocked(actor, Operation::kReadCase, purpose, c.child_id, c.id, access.reach, now));
    out.push_back(ViewCase(c, access));
  }
  if (out.empty()) return out;  // nothing disclosed, nothing logged
  ATENSI_RETURN_IF_ERROR(txn->Commit());
  return out;
}

Result<std::vector<AccessLogEntry>> Casebook::AccessLog(std::string_view child_id,
                                                        const Actor& actor) {
  ATENSI_RETURN_IF_ERROR(ValidateActor(actor));
  ATENSI_RETURN_IF_ERROR(CheckRole(actor, Operation::kReadAccessLog));
  ATENSI_RETURN_IF_ERROR(CheckPurpose(actor, AccessPurpose::kAudit));
  auto lock = Lock();
  const Instant now = clock_.Now();
  ATENSI_ASSIGN_OR_RETURN(auto txn, store_->BeginWrite());
  ATENSI_ASSIGN_OR_RETURN(Child child, store_->GetChild(child_id));
  ATENSI_ASSIGN_OR_RETURN(CaseAccess access, ChildAccessLocked(actor, child, now));
  ATENSI_RETURN_IF_ERROR(
      Authorize(actor, Operation::kReadAccessLog, std::nullopt, access, "child_id"));
  ATENSI_RETURN_IF_ERROR(LogReadLocked(actor, Operation::kReadAccessLog, AccessPurpose::kAudit,
                                       child.id, "", access.reach, now));
  ATENSI_ASSIGN_OR_RETURN(std::vector<AccessLogEntry> entries, store_->AccessLogOfChild(child.id));
  ATENSI_RETURN_IF_ERROR(txn->Commit());
  return entries;
}

Result<CaseAccess> Casebook::AccessToCase(std::string_view case_id, const Actor& actor) {
  auto lock = Lock();
  const Instant now = clock_.Now();
  ATENSI_ASSIGN_OR_RETURN(auto txn, store_->BeginRead());
  ATENSI_ASSIGN_OR_RETURN(Case c, store_->GetCase(case_id));
  return CaseAccessLocked(actor, c, now);
}

Result<CaseAccess> Casebook::AccessToChild(std::string_view child_id, const Actor& actor) {
  auto lock = Lock();
  const Instant now = clock_.Now();
  ATENSI_ASSIGN_OR_RETURN(auto txn, store_->BeginRead());
  ATENSI_ASSIGN_OR_RETURN(Child child, store_->GetChild(child_id));
  return ChildAccessLocked(actor, child, now);
}

// ---- listings without personal data (filtered, not logged) ----

Result<Page<CaseSummary>> Casebook::Caseload(const CaseloadQuery& query, const Actor& actor) {
  ATENSI_RETURN_IF_ERROR(ValidateActor(actor));
  ATENSI_RETURN_IF_ERROR(CheckRole(actor, Operation::kReadCaseload));
  auto lock = Lock();
  const Instant now = clock_.Now();
  const Date on = DateAt(now, policy_.utc_offset_minutes);
  ATENSI_ASSIGN_OR_RETURN(auto txn, store_->BeginRead());
  Result<const AgencyRegistry*> reg = RegistryLocked();
  const Agency* area = AreaAgency(actor, reg.ok() ? *reg : nullptr, on);
  ATENSI_ASSIGN_OR_RETURN(Page<CaseSummary> page, store_->Caseload(query));
  std::erase_if(page.items, [&](const CaseSummary& s) {
    return !ListedFor(actor, area, s.lead_agency_id, s.region, on);
  });
  return page;
}

Result<std::vector<DueItemRow>> Casebook::Due(Instant now, Duration window,
                                              std::optional<RegionCode> within,
                                              const Actor& actor) {
  ATENSI_RETURN_IF_ERROR(ValidateActor(actor));
  ATENSI_RETURN_IF_ERROR(CheckRole(actor, Operation::kReadDue));
  ATENSI_ASSIGN_OR_RETURN(std::vector<DueItemRow> rows, Due(now, window, within));
  const Date on = DateAt(clock_.Now(), policy_.utc_offset_minutes);
  const Agency* area = nullptr;
  {
    auto lock = Lock();
    Result<const AgencyRegistry*> reg = RegistryLocked();
    area = AreaAgency(actor, reg.ok() ? *reg : nullptr, on);
  }
  std::erase_if(rows, [&](const DueItemRow& r) {
    return !ListedFor(actor, area, r.lead_agency_id, r.region, on);
  });
  return rows;
}

Result<Page<Referral>> Casebook::Inbox(std::string_view agency_id, const ReferralQuery& query,
                                       const Actor& actor) {
  ATENSI_RETURN_IF_ERROR(ValidateActor(actor));
  ATENSI_RETURN_IF_ERROR(CheckRole(actor, Operation::kReadReferrals));
  if (agency_id != actor.agency_id) {
    return PermissionDenied("access.scope", "agency_id",
                            "an agency reads only its own inbox and outbox");
  }
  return Inbox(agency_id, query);
}

Result<Page<Referral>> Casebook::Outbox(std::string_view agency_id, const ReferralQuery& query,
                                        const Actor& actor) {
  ATENSI_RETURN_IF_ERROR(ValidateActor(actor));
  ATENSI_RETURN_IF_ERROR(CheckRole(actor, Operation::kReadReferrals));
  if (agency_id != actor.agency_id) {
    return PermissionDenied("access.scope", "agency_id",
                            "an agency reads only its own inbox and outbox");
  }
  return Outbox(agency_id, query);
}

Result<std::vector<Referral>> Casebook::ReferralsOfCase(std::string_view case_id,
                                                        const Actor& actor) {
  ATENSI_RETURN_IF_ERROR(ValidateActor(actor));
  ATENSI_RETURN_IF_ERROR(CheckRole(actor, Operation::kReadReferrals));
  auto lock = Lock();
  const Instant now = clock_.Now();
  ATENSI_ASSIGN_OR_RETURN(auto txn, store_->BeginRead());
  ATENSI_ASSIGN_OR_RETURN(Case c, store_->GetCase(case_id));
  ATENSI_ASSIGN_OR_RETURN(CaseAccess access, CaseAccessLocked(actor, c, now));
  ATENSI_RETURN_IF_ERROR(Authorize(actor, Operation::kReadCase, std::nullopt, access, "case_id"));
  ATENSI_ASSIGN_OR_RETURN(std::vector<Referral> all, store_->ReferralsOfCase(c.id));
  if (access.reach != Reach::kFull) {
    std::erase_if(all, [&](const Referral& r) {
      return r.from_agency != actor.agency_id && r.to_agency != actor.agency_id;
    });
  }
  return all;
}

Result<std::vector<Transfer>> Casebook::TransfersOfCase(std::string_view case_id,
                                                        const Actor& actor) {
  ATENSI_RETURN_IF_ERROR(ValidateActor(actor));
  auto lock = Lock();
  const Instant now = clock_.Now();
  ATENSI_ASSIGN_OR_RETURN(auto txn, store_->BeginRead());
  ATENSI_ASSIGN_OR_RETURN(Case c, store_->GetCase(case_id));
  ATENSI_ASSIGN_OR_RETURN(std::vector<Transfer> all, store_->TransfersOfCase(c.id));
  ATENSI_ASSIGN_OR_RETURN(CaseAccess access, CaseAccessLocked(actor, c, now));
  // A transfer's parties see it (the receiver before it has any reach).
  std::erase_if(all, [&](const Transfer& t) {
    return access.reach != Reach::kFull && t.from_agency != actor.agency_id &&
           t.to_agency != actor.agency_id;
  });
  if (all.empty()) {
    ATENSI_RETURN_IF_ERROR(Authorize(actor, Operation::kReadCase, std::nullopt, access, "case_id"));
  }
  return all;
}

Result<std::optional<RoutingDecision>> Casebook::RoutingOf(std::string_view case_id,
                                                           const Actor& actor) {
  ATENSI_RETURN_IF_ERROR(ValidateActor(actor));
  ATENSI_RETURN_IF_ERROR(CheckRole(actor, Operation::kReadReferrals));
  {
    auto lock = Lock();
    const Instant now = clock_.Now();
    ATENSI_ASSIGN_OR_RETURN(auto txn, store_->BeginRead());
    ATENSI_ASSIGN_OR_RETURN(Case c, store_->GetCase(case_id));
    ATENSI_ASSIGN_OR_RETURN(CaseAccess access, CaseAccessLocked(actor, c, now));
    // The decision names the case's categories and agencies: case-summary level.
    ATENSI_RETURN_IF_ERROR(
        Authorize(actor, Operation::kReadChild, std::nullopt, access, "case_id"));
  }
  return RoutingOf(case_id);
}

Result<ProvinceReport> Casebook::ProvinceReportFor(RegionCode province, Instant now,
                                                   int trend_months, const Actor& actor) {
  ATENSI_RETURN_IF_ERROR(ValidateActor(actor));
  ATENSI_RETURN_IF_ERROR(CheckRole(actor, Operation::kReadReport));
  {
    auto lock = Lock();
    const Date on = DateAt(clock_.Now(), policy_.utc_offset_minutes);
    ATENSI_ASSIGN_OR_RETURN(const AgencyRegistry* registry, RegistryLocked());
    const Agency* agency = registry->FindById(actor.agency_id);
    const bool allowed =
        agency != nullptr && agency->InEffect(on) &&
        (agency->level == AgencyLevel::kNational || agency->coverage.Covers(province, on));
    if (!allowed) {
      return PermissionDenied("access.scope", "province",
                              "the report covers a province outside the acting agency's "
                              "coverage");
    }
  }
  return ProvinceReportFor(province, now, trend_months);
}

Result<VerifyReport> Casebook::Verify(const Actor& actor) {
  ATENSI_RETURN_IF_ERROR(ValidateActor(actor));
  ATENSI_RETURN_IF_ERROR(CheckRole(actor, Operation::kVerify));
  return Verify();
}

}  // namespace atensi
