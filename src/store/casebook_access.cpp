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
//
// Every read goes through one of three shapes: LoggedCaseRead /
// LoggedChildRead (personal data: role, purpose, reach, restriction gate,
// access-log entry, read; one write transaction) and CaseListingRead (the
// per-case listings). These are the only public reads: the unchecked ones
// are private (src/store/trusted_reads.h), so the C ABI, Python and the CLI
// pass through here (issue 9).

#include <algorithm>
#include <cctype>
#include <functional>
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

// A record the principal cannot see is reported as absent (its existence is
// not disclosed; docs/access-control.md §2).
Status NotVisible(const char* field) {
  return NotFound("access.not_found", field,
                  "no record with this id is visible to the acting agency");
}

}  // namespace

// ---- helpers ----

Result<CaseAccess> Casebook::CaseAccessLocked(const Actor& actor, const Case& c, Instant now,
                                              const Child* known_child) {
  std::optional<Child> read;
  if (known_child == nullptr) {
    ATENSI_ASSIGN_OR_RETURN(read, store_->GetChild(c.child_id));
  }
  const Child& child = known_child != nullptr ? *known_child : *read;
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
    // Only the first event's agency is needed (not the parsed chain).
    ATENSI_ASSIGN_OR_RETURN(std::optional<std::string> first, store_->ChainFirstAgency(child.id));
    if (first) registrar = std::move(*first);
  }
  return ::atensi::AccessToChild(actor, domicile, per_case, registrar, registry, on);
}

Status Casebook::AuthorizeCaseLocked(const Actor& actor, Operation op, std::optional<Action> action,
                                     const Case& c, Instant now, const Child* known_child) {
  ATENSI_RETURN_IF_ERROR(CheckRole(actor, op, action));
  ATENSI_ASSIGN_OR_RETURN(CaseAccess access, CaseAccessLocked(actor, c, now, known_child));
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

// ---- the shapes every authorized read shares ----

Status Casebook::GateLocked(const Actor& actor, Operation op, const CaseAccess& access,
                            std::string_view child_id, const char* field) {
  ATENSI_RETURN_IF_ERROR(Authorize(actor, op, std::nullopt, access, field));
  return RestrictionGateLocked(actor, op, child_id);  // casebook_privacy.cpp
}

Status Casebook::LoggedCaseRead(
    std::string_view case_id, const Actor& actor, Operation op, AccessPurpose purpose,
    const std::function<Status(const Case&, const CaseAccess&)>& produce) {
  ATENSI_RETURN_IF_ERROR(ValidateActor(actor));
  ATENSI_RETURN_IF_ERROR(CheckRole(actor, op));
  ATENSI_RETURN_IF_ERROR(CheckPurpose(actor, purpose));
  auto lock = Lock();
  const Instant now = clock_.Now();
  ATENSI_ASSIGN_OR_RETURN(auto txn, store_->BeginWrite());
  ATENSI_ASSIGN_OR_RETURN(Case c, store_->GetCase(case_id));
  ATENSI_ASSIGN_OR_RETURN(CaseAccess access, CaseAccessLocked(actor, c, now));
  ATENSI_RETURN_IF_ERROR(GateLocked(actor, op, access, c.child_id, "case_id"));
  ATENSI_RETURN_IF_ERROR(LogReadLocked(actor, op, purpose, c.child_id, c.id, access.reach, now));
  ATENSI_RETURN_IF_ERROR(produce(c, access));
  return txn->Commit();
}

Status Casebook::LoggedChildRead(
    std::string_view child_id, const Actor& actor, Operation op, AccessPurpose purpose,
    const std::function<Status(const Child&, const CaseAccess&)>& produce) {
  ATENSI_RETURN_IF_ERROR(ValidateActor(actor));
  ATENSI_RETURN_IF_ERROR(CheckRole(actor, op));
  ATENSI_RETURN_IF_ERROR(CheckPurpose(actor, purpose));
  auto lock = Lock();
  const Instant now = clock_.Now();
  ATENSI_ASSIGN_OR_RETURN(auto txn, store_->BeginWrite());
  ATENSI_ASSIGN_OR_RETURN(Child child, store_->GetChild(child_id));
  ATENSI_ASSIGN_OR_RETURN(CaseAccess access, ChildAccessLocked(actor, child, now));
  ATENSI_RETURN_IF_ERROR(GateLocked(actor, op, access, child.id, "child_id"));
  ATENSI_RETURN_IF_ERROR(LogReadLocked(actor, op, purpose, child.id, "", access.reach, now));
  ATENSI_RETURN_IF_ERROR(produce(child, access));
  return txn->Commit();
}

Status Casebook::CaseListingRead(
    std::string_view case_id, const Actor& actor, Operation role_op,
    const std::function<Status(const Case&, const CaseAccess&)>& produce) {
  ATENSI_RETURN_IF_ERROR(ValidateActor(actor));
  ATENSI_RETURN_IF_ERROR(CheckRole(actor, role_op));
  auto lock = Lock();
  const Instant now = clock_.Now();
  ATENSI_ASSIGN_OR_RETURN(auto txn, store_->BeginRead());
  ATENSI_ASSIGN_OR_RETURN(Case c, store_->GetCase(case_id));
  ATENSI_ASSIGN_OR_RETURN(CaseAccess access, CaseAccessLocked(actor, c, now));
  return produce(c, access);
}

// ---- reads of personal data (logged) ----

Result<CaseView> Casebook::ReadCase(std::string_view case_id, const Actor& actor,
                                    AccessPurpose purpose) {
  CaseView view;
  ATENSI_RETURN_IF_ERROR(LoggedCaseRead(case_id, actor, Operation::kReadCase, purpose,
                                        [&](const Case& c, const CaseAccess& access) {
                                          view = ViewCase(c, access);
                                          return Status::Ok();
                                        }));
  return view;
}

Result<ChildView> Casebook::ReadChild(std::string_view child_id, const Actor& actor,
                                      AccessPurpose purpose) {
  ChildView view;
  ATENSI_RETURN_IF_ERROR(LoggedChildRead(child_id, actor, Operation::kReadChild, purpose,
                                         [&](const Child& child, const CaseAccess& access) {
                                           view = ViewChild(child, access);
                                           return Status::Ok();
                                         }));
  return view;
}

Result<std::vector<Event>> Casebook::History(std::string_view case_id, const Actor& actor,
                                             AccessPurpose purpose) {
  std::vector<Event> events;
  ATENSI_RETURN_IF_ERROR(LoggedCaseRead(case_id, actor, Operation::kReadHistory, purpose,
                                        [&](const Case& c, const CaseAccess&) -> Status {
                                          ATENSI_ASSIGN_OR_RETURN(events,
                                                                  store_->ChainEvents(c.id));
                                          return Status::Ok();
                                        }));
  return events;
}

Result<std::vector<Event>> Casebook::ChildTimeline(std::string_view child_id, const Actor& actor,
                                                   AccessPurpose purpose) {
  std::vector<Event> events;
  ATENSI_RETURN_IF_ERROR(LoggedChildRead(child_id, actor, Operation::kReadHistory, purpose,
                                         [&](const Child& child, const CaseAccess&) -> Status {
                                           ATENSI_ASSIGN_OR_RETURN(events,
                                                                   store_->ChildTimeline(child.id));
                                           return Status::Ok();
                                         }));
  return events;
}

Result<std::vector<AccessLogEntry>> Casebook::AccessLog(std::string_view child_id,
                                                        const Actor& actor) {
  std::vector<AccessLogEntry> entries;
  ATENSI_RETURN_IF_ERROR(
      LoggedChildRead(child_id, actor, Operation::kReadAccessLog, AccessPurpose::kAudit,
                      [&](const Child& child, const CaseAccess&) -> Status {
                        ATENSI_ASSIGN_OR_RETURN(entries, store_->AccessLogOfChild(child.id));
                        return Status::Ok();
                      }));
  return entries;
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
    if (!GateLocked(actor, Operation::kReadCase, access, c.child_id, "nik").ok()) continue;
    ATENSI_RETURN_IF_ERROR(
        LogReadLocked(actor, Operation::kReadCase, purpose, c.child_id, c.id, access.reach, now));
    out.push_back(ViewCase(c, access));
  }
  if (out.empty()) return out;  // nothing disclosed, nothing logged
  ATENSI_RETURN_IF_ERROR(txn->Commit());
  return out;
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

const Agency* Casebook::AreaAgencyOf(const Actor& actor, Date on) {
  auto lock = Lock();
  Result<const AgencyRegistry*> reg = RegistryLocked();
  return AreaAgency(actor, reg.ok() ? *reg : nullptr, on);
}

Result<Page<CaseSummary>> Casebook::Caseload(const CaseloadQuery& query, const Actor& actor) {
  ATENSI_RETURN_IF_ERROR(ValidateActor(actor));
  ATENSI_RETURN_IF_ERROR(CheckRole(actor, Operation::kReadCaseload));
  const Date on = DateAt(clock_.Now(), policy_.utc_offset_minutes);
  const Agency* area = AreaAgencyOf(actor, on);
  ATENSI_ASSIGN_OR_RETURN(Page<CaseSummary> page, Caseload(query));
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
  const Date on = DateAt(clock_.Now(), policy_.utc_offset_minutes);
  const Agency* area = AreaAgencyOf(actor, on);
  ATENSI_ASSIGN_OR_RETURN(std::vector<DueItemRow> rows, Due(now, window, within));
  std::erase_if(rows, [&](const DueItemRow& r) {
    return !ListedFor(actor, area, r.lead_agency_id, r.region, on);
  });
  return rows;
}

Result<Page<DueItemRow>> Casebook::DuePage(Instant now, Duration window, const DueQuery& query,
                                           const Actor& actor) {
  ATENSI_RETURN_IF_ERROR(ValidateActor(actor));
  ATENSI_RETURN_IF_ERROR(CheckRole(actor, Operation::kReadDue));
  const Date on = DateAt(clock_.Now(), policy_.utc_offset_minutes);
  const Agency* area = AreaAgencyOf(actor, on);
  ATENSI_ASSIGN_OR_RETURN(Page<DueItemRow> page, DuePage(now, window, query));
  std::erase_if(page.items, [&](const DueItemRow& r) {
    return !ListedFor(actor, area, r.lead_agency_id, r.region, on);
  });
  return page;
}

Result<Page<Referral>> Casebook::Inbox(std::string_view agency_id, const ReferralQuery& query,
                                       const Actor& actor) {
  ATENSI_RETURN_IF_ERROR(OwnBoxOnly(agency_id, actor));
  return Inbox(agency_id, query);
}

Result<Page<Referral>> Casebook::Outbox(std::string_view agency_id, const ReferralQuery& query,
                                        const Actor& actor) {
  ATENSI_RETURN_IF_ERROR(OwnBoxOnly(agency_id, actor));
  return Outbox(agency_id, query);
}

Status Casebook::OwnBoxOnly(std::string_view agency_id, const Actor& actor) {
  ATENSI_RETURN_IF_ERROR(ValidateActor(actor));
  ATENSI_RETURN_IF_ERROR(CheckRole(actor, Operation::kReadReferrals));
  if (agency_id != actor.agency_id) {
    return PermissionDenied("access.scope", "agency_id",
                            "an agency reads only its own inbox and outbox");
  }
  return Status::Ok();
}

Result<std::vector<Referral>> Casebook::ReferralsOfCase(std::string_view case_id,
                                                        const Actor& actor) {
  std::vector<Referral> all;
  const auto produce = [&](const Case& c, const CaseAccess& access) -> Status {
    ATENSI_RETURN_IF_ERROR(GateLocked(actor, Operation::kReadCase, access, c.child_id, "case_id"));
    ATENSI_ASSIGN_OR_RETURN(all, store_->ReferralsOfCase(c.id));
    if (access.reach != Reach::kFull) {
      std::erase_if(all, [&](const Referral& r) {
        return r.from_agency != actor.agency_id && r.to_agency != actor.agency_id;
      });
    }
    return Status::Ok();
  };
  ATENSI_RETURN_IF_ERROR(CaseListingRead(case_id, actor, Operation::kReadReferrals, produce));
  return all;
}

Result<std::vector<Transfer>> Casebook::TransfersOfCase(std::string_view case_id,
                                                        const Actor& actor) {
  std::vector<Transfer> all;
  ATENSI_RETURN_IF_ERROR(CaseListingRead(
      case_id, actor, Operation::kReadReferrals,
      [&](const Case& c, const CaseAccess& access) -> Status {
        ATENSI_ASSIGN_OR_RETURN(all, store_->TransfersOfCase(c.id));
        // A transfer's parties see it (the receiver before it has any reach).
        std::erase_if(all, [&](const Transfer& t) {
          return access.reach != Reach::kFull && t.from_agency != actor.agency_id &&
                 t.to_agency != actor.agency_id;
        });
        if (all.empty()) {
          return GateLocked(actor, Operation::kReadCase, access, c.child_id, "case_id");
        }
        return Status::Ok();
      }));
  return all;
}

Result<std::optional<RoutingDecision>> Casebook::RoutingOf(std::string_view case_id,
                                                           const Actor& actor) {
  ATENSI_RETURN_IF_ERROR(CaseListingRead(
      case_id, actor, Operation::kReadReferrals, [&](const Case& c, const CaseAccess& access) {
        // The decision names the case's categories and agencies: case-summary level.
        return GateLocked(actor, Operation::kReadChild, access, c.child_id, "case_id");
      }));
  return RoutingOf(case_id);
}

Result<Referral> Casebook::GetReferral(std::string_view referral_id, const Actor& actor) {
  ATENSI_RETURN_IF_ERROR(ValidateActor(actor));
  ATENSI_RETURN_IF_ERROR(CheckRole(actor, Operation::kReadReferrals));
  Referral r;
  {
    auto lock = Lock();
    ATENSI_ASSIGN_OR_RETURN(auto txn, store_->BeginRead());
    ATENSI_ASSIGN_OR_RETURN(r, store_->GetReferral(referral_id));
  }
  if (r.from_agency == actor.agency_id || r.to_agency == actor.agency_id) return r;
  // Not a party: only a holder of the whole case file sees it.
  Status s = CaseListingRead(r.case_id, actor, Operation::kReadReferrals,
                             [&](const Case& c, const CaseAccess& access) -> Status {
                               if (access.reach != Reach::kFull) return NotVisible("referral_id");
                               return GateLocked(actor, Operation::kReadCase, access, c.child_id,
                                                 "referral_id");
                             });
  if (!s.ok()) return s.code() == StatusCode::kNotFound ? NotVisible("referral_id") : s;
  return r;
}

Result<Transfer> Casebook::GetTransfer(std::string_view transfer_id, const Actor& actor) {
  ATENSI_RETURN_IF_ERROR(ValidateActor(actor));
  ATENSI_RETURN_IF_ERROR(CheckRole(actor, Operation::kReadReferrals));
  Transfer t;
  {
    auto lock = Lock();
    ATENSI_ASSIGN_OR_RETURN(auto txn, store_->BeginRead());
    ATENSI_ASSIGN_OR_RETURN(t, store_->GetTransfer(transfer_id));
  }
  if (t.from_agency == actor.agency_id || t.to_agency == actor.agency_id) return t;
  Status s = CaseListingRead(t.case_id, actor, Operation::kReadReferrals,
                             [&](const Case& c, const CaseAccess& access) -> Status {
                               if (access.reach != Reach::kFull) return NotVisible("transfer_id");
                               return GateLocked(actor, Operation::kReadCase, access, c.child_id,
                                                 "transfer_id");
                             });
  if (!s.ok()) return s.code() == StatusCode::kNotFound ? NotVisible("transfer_id") : s;
  return t;
}

Result<std::vector<Referral>> Casebook::ExpireReferrals(const Actor& actor) {
  ATENSI_RETURN_IF_ERROR(ValidateActor(actor));
  ATENSI_RETURN_IF_ERROR(CheckRole(actor, Operation::kExpireReferrals));
  ATENSI_ASSIGN_OR_RETURN(std::vector<Referral> expired, ExpireReferrals());
  std::erase_if(expired, [&](const Referral& r) {
    return r.from_agency != actor.agency_id && r.to_agency != actor.agency_id;
  });
  return expired;
}

Result<Page<CaseSummary>> Casebook::ExportListing(const CaseloadQuery& query, const Actor& actor) {
  ATENSI_RETURN_IF_ERROR(ValidateActor(actor));
  ATENSI_RETURN_IF_ERROR(CheckRole(actor, Operation::kExport));
  return Caseload(query, actor);
}

Result<Casebook::ExportRecord> Casebook::ReadForExport(std::string_view case_id, const Actor& actor,
                                                       AccessPurpose purpose) {
  ExportRecord out;
  const auto produce = [&](const Case& c, const CaseAccess& access) -> Status {
    // kExport needs no reach of its own: the record must be one the
    // principal may read (shared reach: the child's identity).
    ATENSI_RETURN_IF_ERROR(GateLocked(actor, Operation::kReadChild, access, c.child_id, "case_id"));
    ATENSI_ASSIGN_OR_RETURN(Child child, store_->GetChild(c.child_id));
    ATENSI_ASSIGN_OR_RETURN(out.referrals, store_->ReferralsOfCase(c.id));
    if (access.reach != Reach::kFull) {
      std::erase_if(out.referrals, [&](const Referral& r) {
        return r.from_agency != actor.agency_id && r.to_agency != actor.agency_id;
      });
    }
    out.case_view = ViewCase(c, access);
    out.child_view = ViewChild(child, access);
    return Status::Ok();
  };
  ATENSI_RETURN_IF_ERROR(LoggedCaseRead(case_id, actor, Operation::kExport, purpose, produce));
  return out;
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
