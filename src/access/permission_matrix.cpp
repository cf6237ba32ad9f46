// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// The permission matrix (see permission_matrix.h for the sources). Role
// letters: W case worker, S supervisor, C coordinator, D data officer,
// V viewer, I integrator (a system account of an integrating application,
// acting for its agency). Reach: what the principal must see of the case
// (case_scope.h). "details": the row needs need-to-know clearance.
//
// General reasoning behind the columns:
//   - Casework (the steps of PP 39/2012 art 7(2): approach, assessment,
//     planning, intervention, reintegration, termination, aftercare) is done
//     by the case worker (pekerja sosial / pendamping), under a supervisor;
//     a coordinator may act in their place. Data officers and integrators
//     import and route, they do not do casework. Viewers never write.
//   - Approval of a plan is a supervision act: supervisors and coordinators
//     only (the same roles the lifecycle's approver guard accepts;
//     self-approval stays in the lifecycle with kRightSelfApprove).
//   - Data-protection duties of the controller (UU 27/2022: subject access
//     art 32, correction, restriction, deletion/destruction arts 42-44,
//     exports) belong to the agency's data officer; key rotation to the
//     integrator who supplies the key (and the data officer).

#include "atensi/access/permission_matrix.h"

#include <array>
#include <string>

#include "lifecycle/name_table.h"

namespace atensi {
namespace {

constexpr RoleSet W = RoleBit(Role::kCaseWorker);
constexpr RoleSet S = RoleBit(Role::kSupervisor);
constexpr RoleSet C = RoleBit(Role::kCoordinator);
constexpr RoleSet D = RoleBit(Role::kDataOfficer);
constexpr RoleSet V = RoleBit(Role::kViewer);
constexpr RoleSet I = RoleBit(Role::kIntegrator);
constexpr RoleSet kCasework = W | S | C;
constexpr RoleSet kAll = W | S | C | D | V | I;

constexpr bool kDetails = true;
constexpr bool kNoDetails = false;

using O = Operation;
using A = Action;
using R = Reach;

constexpr std::array kMatrix = std::to_array<PermissionRow>({
    {O::kRegisterChild, std::nullopt, kCasework | D | I, R::kNone, kNoDetails,
     "intake registers the child (PP 39/2012 art 7(2)a); data officers and integrators import "
     "PKH/DTKS rosters; a viewer never writes"},
    {O::kUpdateChild, std::nullopt, kCasework | D | I, R::kFull, kDetails,
     "correcting the child's record is casework or data stewardship on a record the agency holds "
     "(UU 27/2022: accuracy duty)"},
    {O::kOpenCase, std::nullopt, kCasework | D | I, R::kFull, kNoDetails,
     "opening a case is intake (PP 39/2012 art 7(2)a); screening of an imported roster opens cases "
     "as the data officer or integrator"},
    // ---- lifecycle commands (Casebook::Act), one row per Action ----
    {O::kActOnCase, A::kRecordContact, kCasework, R::kFull, kDetails,
     "first approach (pendekatan awal), PP 39/2012 art 7(2)a: casework"},
    {O::kActOnCase, A::kRecordConsent, kCasework, R::kFull, kDetails,
     "the worker records the parent's or guardian's consent, UU 27/2022 art 25"},
    {O::kActOnCase, A::kWithdrawConsent, kCasework, R::kFull, kDetails,
     "withdrawal is recorded by whoever receives it from the parent or guardian, UU 27/2022"},
    {O::kActOnCase, A::kRecordLegalBasis, kCasework, R::kFull, kDetails,
     "court orders and emergency protection are recorded by the case's workers"},
    {O::kActOnCase, A::kStartAssessment, kCasework, R::kFull, kDetails,
     "assessment, PP 39/2012 art 7(2)b: casework"},
    {O::kActOnCase, A::kCompleteAssessment, kCasework, R::kFull, kDetails,
     "assessment, PP 39/2012 art 7(2)b: casework"},
    {O::kActOnCase, A::kProposePlan, kCasework, R::kFull, kDetails,
     "intervention planning, PP 39/2012 art 7(2)c: the worker proposes"},
    {O::kActOnCase, A::kApprovePlan, S | C, R::kFull, kDetails,
     "approval is supervision (Primero R2-3351: users cannot approve their own cases by default); "
     "self-approval only with kRightSelfApprove, checked by the lifecycle"},
    {O::kActOnCase, A::kStartIntervention, kCasework, R::kFull, kDetails,
     "intervention, PP 39/2012 art 7(2)d: casework"},
    {O::kActOnCase, A::kRecordService, kCasework, R::kFull, kDetails,
     "service delivery per ATENSI component, Permensos 7/2021: casework"},
    {O::kActOnCase, A::kCaseConference, kCasework, R::kFull, kDetails,
     "case conferences are convened by the case's workers and supervisors"},
    {O::kActOnCase, A::kPlaceResidential, kCasework, R::kFull, kDetails,
     "placement follows a case-conference decision (atensi.md §4.3): casework"},
    {O::kActOnCase, A::kEndResidential, kCasework, R::kFull, kDetails,
     "ending a placement: casework"},
    {O::kActOnCase, A::kStartReintegration, kCasework, R::kFull, kDetails,
     "resosialisasi / reintegration, PP 39/2012 art 7(2)e: casework"},
    {O::kActOnCase, A::kRecordEvaluation, kCasework, R::kFull, kDetails,
     "evaluation, Permensos 7/2021 prinsip sistematik: casework"},
    {O::kActOnCase, A::kTerminate, kCasework, R::kFull, kDetails,
     "termination, PP 39/2012 art 7(2)i: casework"},
    {O::kActOnCase, A::kStartAftercare, kCasework, R::kFull, kDetails,
     "bimbingan lanjut, PP 39/2012 art 7(2)h: casework"},
    {O::kActOnCase, A::kRecordFollowup, kCasework, R::kFull, kDetails,
     "aftercare follow-up: casework"},
    {O::kActOnCase, A::kClose, kCasework, R::kFull, kDetails,
     "closure with a reason from the fixed list: casework"},
    {O::kActOnCase, A::kReopen, kCasework, R::kFull, kDetails,
     "reopening with a reason: casework on a case the agency holds"},
    {O::kActOnCase, A::kReferOut, kCasework, R::kFull, kDetails,
     "rujukan, PP 39/2012 art 7(1)k: casework"},
    {O::kActOnCase, A::kReturnFromReferral, kCasework, R::kFull, kDetails,
     "return from a referral: casework"},
    {O::kActOnCase, A::kSetRisk, kCasework, R::kFull, kDetails,
     "risk is an assessment finding: casework"},
    {O::kActOnCase, A::kAddCategory, kCasework, R::kFull, kDetails,
     "AMPK categories (UU 35/2014 art 59(2)) are assessment findings: casework"},
    {O::kActOnCase, A::kRemoveCategory, kCasework, R::kFull, kDetails,
     "AMPK categories are assessment findings: casework"},
    {O::kActOnCase, A::kAssignWorker, kCasework, R::kFull, kDetails,
     "only someone who can access the case may assign it (Primero R2-3930: assign-from-list let "
     "users assign cases they had no access to); on a need-to-know case only the assigned worker "
     "or a supervisor (no self-assignment into a hidden case)"},
    {O::kActOnCase, A::kSetLeadAgency, S | C, R::kFull, kDetails,
     "changing the responsible agency is a managerial decision (UU 23/2014 annex F assigns "
     "responsibility); routing and transfers change it through their own rows"},
    {O::kActOnCase, A::kRecordBeneficiaryDecision, S | C, R::kFull, kDetails,
     "a Penerima Manfaat decision is issued by the office (Permensos 15/2025 art 1(7)); "
     "supervisors and coordinators record it"},
    {O::kActOnCase, A::kLinkCase, kCasework, R::kFull, kDetails, "linking two cases: casework"},
    {O::kActOnCase, A::kResolveAgeOut, kCasework, R::kFull, kDetails,
     "resolving an age-out (UU 35/2014 art 1(1)): casework"},
    {O::kActOnCase, A::kRefreshFlags, kCasework | D | I, R::kFull, kNoDetails,
     "a scheduled job persists derived flags; discloses nothing"},
    // ---- routing, referrals, transfers ----
    {O::kRouteCase, std::nullopt, kCasework | D | I, R::kFull, kNoDetails,
     "routing applies the jurisdiction rules (UU 23/2014 annex F) for the agency holding the case; "
     "the main job routes as the provincial data officer"},
    {O::kActOnReferral, std::nullopt, kCasework | I, R::kStatus, kNoDetails,
     "referral parties act on their side of the handshake (requester or responder, enforced by "
     "ApplyReferralEvent); Primero #7645: transitions only by users with access to the record"},
    {O::kExpireReferrals, std::nullopt, kCasework | D | I, R::kNone, kNoDetails,
     "the expiry job acts as the system actor; discloses nothing"},
    {O::kProposeTransfer, std::nullopt, kCasework, R::kFull, kDetails,
     "the owner's case workers hand a case over (Primero grants transfer to case workers; "
     "R2-2385 fixed transfer requests for users without the receive-transfer permission)"},
    {O::kRequestTransfer, std::nullopt, kCasework, R::kNone, kNoDetails,
     "asking for a case (Primero transfer request) is how an agency WITHOUT access (the family "
     "moved into its area) asks the owner for it; the owner decides, nothing is disclosed"},
    {O::kActOnTransfer, std::nullopt, kCasework, R::kNone, kNoDetails,
     "accept / decline / cancel by the transfer's parties (enforced by the transfer handshake); "
     "the receiver has no access before accepting"},
    // ---- reads ----
    {O::kReadCase, std::nullopt, kAll, R::kStatus, kNoDetails,
     "every role reads what its reach shows (redaction.h); a referrer sees the status only"},
    {O::kReadChild, std::nullopt, kAll, R::kShared, kNoDetails,
     "children's data is specific personal data (UU 27/2022 art 4): only the case file holders and "
     "active referral recipients read it, redacted per need-to-know (UU 35/2014 art 64)"},
    {O::kReadHistory, std::nullopt, kCasework | D, R::kFull, kDetails,
     "the audit events carry every change, narratives included: case file holders only"},
    {O::kReadCaseload, std::nullopt, kAll, R::kNone, kNoDetails,
     "a listing without personal data, filtered to the agency's lead and area cases"},
    {O::kReadDue, std::nullopt, kAll, R::kNone, kNoDetails,
     "deadlines without personal data, filtered to the agency's lead and area cases"},
    {O::kReadReferrals, std::nullopt, kAll, R::kNone, kNoDetails,
     "an agency's own inbox and outbox; a case's referrals need reach on the case"},
    {O::kReadReport, std::nullopt, S | C | D | V | I, R::kNone, kNoDetails,
     "aggregates only, for the province the agency covers"},
    {O::kExport, std::nullopt, D | I, R::kNone, kNoDetails,
     "exports leave the system: the controller's data officer or the integrating system, redacted "
     "or pseudonymised by default (UU 27/2022)"},
    {O::kVerify, std::nullopt, C | D | I, R::kNone, kNoDetails,
     "integrity checks read hashes, not personal data"},
    {O::kSubjectAccess, std::nullopt, D, R::kFull, kNoDetails,
     "the controller answers the data subject within 3x24 h, UU 27/2022 art 32: data officer"},
    {O::kPurge, std::nullopt, D, R::kFull, kNoDetails,
     "ending, deleting and destroying data at retention end, UU 27/2022 arts 42-44: data officer"},
    {O::kRotateKey, std::nullopt, D | I, R::kNone, kNoDetails,
     "the key is supplied by the integrating system; rotation is key management"},
    {O::kReadAccessLog, std::nullopt, S | C | D, R::kFull, kNoDetails,
     "the processing log (UU 27/2022 art 32) is itself personal: supervisors, coordinators and the "
     "data officer of an agency holding the child's file"},
    {O::kImportRoster, std::nullopt, D | I, R::kNone, kNoDetails,
     "roster staging and de-duplication look-ups are data stewardship"},
    {O::kCorrect, std::nullopt, kCasework | D, R::kFull, kDetails,
     "correction on the subject's request within 3x24 h (UU 27/2022)"},
    {O::kRestrict, std::nullopt, S | C | D, R::kFull, kNoDetails,
     "restriction of processing on request (UU 27/2022): a decision of the controller"},
});

struct PurposeRow {
  AccessPurpose purpose;
  RoleSet roles;
  std::string_view why;
};

constexpr std::array kPurposeRows = std::to_array<PurposeRow>({
    {AccessPurpose::kCaseHandling, kCasework | V | I, "working or following the case"},
    {AccessPurpose::kSupervision, S | C, "supervision is a supervisor's or coordinator's act"},
    {AccessPurpose::kReferral, kCasework | V | I, "acting on a referral"},
    {AccessPurpose::kReport, S | C | D | V | I, "reporting and data quality"},
    {AccessPurpose::kAudit, S | C | D, "audit of processing"},
    {AccessPurpose::kSubjectAccess, D, "the data officer answers the subject, UU 27/2022 art 32"},
    {AccessPurpose::kImport, D | I, "roster import and de-duplication"},
    {AccessPurpose::kTransfer, kCasework, "handing a case over"},
});

constexpr lifecycle_internal::NameTable<Reach, 4> kReachNames{{
    {Reach::kNone, "none"},
    {Reach::kStatus, "status"},
    {Reach::kShared, "shared"},
    {Reach::kFull, "full"},
}};

}  // namespace

std::string_view Name(Reach v) noexcept { return lifecycle_internal::LookupName(kReachNames, v); }

std::span<const PermissionRow> PermissionMatrix() noexcept { return kMatrix; }

const PermissionRow* FindPermission(Operation op, std::optional<Action> action) {
  // Only case actions are keyed by action. (Compared as a plain value rather
  // than optional==, which GCC 12 at -O3 flags as maybe-uninitialized.)
  const bool keyed = op == Operation::kActOnCase && action.has_value();
  const Action wanted = keyed ? *action : Action{};
  for (const PermissionRow& row : kMatrix) {
    if (row.operation != op || row.action.has_value() != keyed) continue;
    if (!keyed || *row.action == wanted) return &row;
  }
  return nullptr;
}

bool RoleMay(Role role, Operation op, std::optional<Action> action) {
  const PermissionRow* row = FindPermission(op, action);
  return row != nullptr && (row->roles & RoleBit(role)) != 0;
}

Status CheckRole(const Actor& actor, Operation op, std::optional<Action> action) {
  if (RoleMay(actor.role, op, action)) return Status::Ok();
  std::string what(Name(op));
  if (op == Operation::kActOnCase && action) what += " " + std::string(Name(*action));
  return PermissionDenied("access.role", "actor.role",
                          "the role " + std::string(Name(actor.role)) + " may not " + what +
                              " (permission matrix, docs/access-control.md)");
}

Status CheckPurpose(const Actor& actor, AccessPurpose purpose) {
  for (const PurposeRow& row : kPurposeRows) {
    if (row.purpose != purpose) continue;
    if ((row.roles & RoleBit(actor.role)) != 0) return Status::Ok();
    return PermissionDenied("access.purpose", "purpose",
                            "the role " + std::string(Name(actor.role)) +
                                " may not read for the purpose " + std::string(Name(purpose)));
  }
  return InvalidArgument("access.purpose", "purpose", "unknown access purpose");
}

}  // namespace atensi
