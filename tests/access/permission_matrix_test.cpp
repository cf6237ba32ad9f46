// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// The permission matrix, role x operation, against an expectation table
// written out independently here (docs/access-control.md is its prose form).
// Every cell is asserted both ways: the listed roles are allowed, every other
// role is denied.

#include "atensi/access/permission_matrix.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <string_view>

namespace atensi {
namespace {

constexpr Role kRoles[] = {Role::kCaseWorker,  Role::kSupervisor, Role::kCoordinator,
                           Role::kDataOfficer, Role::kViewer,     Role::kIntegrator};

char Letter(Role r) {
  switch (r) {
    case Role::kCaseWorker:
      return 'W';
    case Role::kSupervisor:
      return 'S';
    case Role::kCoordinator:
      return 'C';
    case Role::kDataOfficer:
      return 'D';
    case Role::kViewer:
      return 'V';
    case Role::kIntegrator:
      return 'I';
  }
  return '?';
}

struct Expect {
  Operation op;
  std::optional<Action> action;
  std::string_view roles;  // letters of the allowed roles
};

// Casework (PP 39/2012 art 7(2)) by W, S, C; approval by S, C (Primero
// R2-3351); data-protection duties (UU 27/2022 arts 32, 42-44) by D.
const Expect kExpected[] = {
    {Operation::kRegisterChild, std::nullopt, "WSCDI"},
    {Operation::kUpdateChild, std::nullopt, "WSCDI"},
    {Operation::kOpenCase, std::nullopt, "WSCDI"},
    {Operation::kActOnCase, Action::kRecordContact, "WSC"},
    {Operation::kActOnCase, Action::kRecordConsent, "WSC"},
    {Operation::kActOnCase, Action::kWithdrawConsent, "WSC"},
    {Operation::kActOnCase, Action::kRecordLegalBasis, "WSC"},
    {Operation::kActOnCase, Action::kStartAssessment, "WSC"},
    {Operation::kActOnCase, Action::kCompleteAssessment, "WSC"},
    {Operation::kActOnCase, Action::kProposePlan, "WSC"},
    {Operation::kActOnCase, Action::kApprovePlan, "SC"},
    {Operation::kActOnCase, Action::kStartIntervention, "WSC"},
    {Operation::kActOnCase, Action::kRecordService, "WSC"},
    {Operation::kActOnCase, Action::kCaseConference, "WSC"},
    {Operation::kActOnCase, Action::kPlaceResidential, "WSC"},
    {Operation::kActOnCase, Action::kEndResidential, "WSC"},
    {Operation::kActOnCase, Action::kStartReintegration, "WSC"},
    {Operation::kActOnCase, Action::kRecordEvaluation, "WSC"},
    {Operation::kActOnCase, Action::kTerminate, "WSC"},
    {Operation::kActOnCase, Action::kStartAftercare, "WSC"},
    {Operation::kActOnCase, Action::kRecordFollowup, "WSC"},
    {Operation::kActOnCase, Action::kClose, "WSC"},
    {Operation::kActOnCase, Action::kReopen, "WSC"},
    {Operation::kActOnCase, Action::kReferOut, "WSC"},
    {Operation::kActOnCase, Action::kReturnFromReferral, "WSC"},
    {Operation::kActOnCase, Action::kSetRisk, "WSC"},
    {Operation::kActOnCase, Action::kAddCategory, "WSC"},
    {Operation::kActOnCase, Action::kRemoveCategory, "WSC"},
    {Operation::kActOnCase, Action::kAssignWorker, "WSC"},
    {Operation::kActOnCase, Action::kSetLeadAgency, "SC"},
    {Operation::kActOnCase, Action::kRecordBeneficiaryDecision, "SC"},
    {Operation::kActOnCase, Action::kLinkCase, "WSC"},
    {Operation::kActOnCase, Action::kResolveAgeOut, "WSC"},
    {Operation::kActOnCase, Action::kRefreshFlags, "WSCDI"},
    {Operation::kRouteCase, std::nullopt, "WSCDI"},
    {Operation::kActOnReferral, std::nullopt, "WSCI"},
    {Operation::kExpireReferrals, std::nullopt, "WSCDI"},
    {Operation::kProposeTransfer, std::nullopt, "WSC"},
    {Operation::kRequestTransfer, std::nullopt, "WSC"},
    {Operation::kActOnTransfer, std::nullopt, "WSC"},
    {Operation::kReadCase, std::nullopt, "WSCDVI"},
    {Operation::kReadChild, std::nullopt, "WSCDVI"},
    {Operation::kReadHistory, std::nullopt, "WSCD"},
    {Operation::kReadCaseload, std::nullopt, "WSCDVI"},
    {Operation::kReadDue, std::nullopt, "WSCDVI"},
    {Operation::kReadReferrals, std::nullopt, "WSCDVI"},
    {Operation::kReadReport, std::nullopt, "SCDVI"},
    {Operation::kExport, std::nullopt, "DI"},
    {Operation::kVerify, std::nullopt, "CDI"},
    {Operation::kSubjectAccess, std::nullopt, "D"},  // UU 27/2022 art 32
    {Operation::kPurge, std::nullopt, "D"},          // UU 27/2022 arts 42-44
    {Operation::kRotateKey, std::nullopt, "DI"},
    {Operation::kReadAccessLog, std::nullopt, "SCD"},
    {Operation::kImportRoster, std::nullopt, "DI"},
    {Operation::kCorrect, std::nullopt, "WSCD"},
    {Operation::kRestrict, std::nullopt, "SCD"},
};

TEST(PermissionMatrixTest, EveryRoleAndOperationMatchesTheExpectation) {
  int allowed = 0;
  int denied = 0;
  for (const Expect& e : kExpected) {
    for (Role role : kRoles) {
      const bool expect = e.roles.find(Letter(role)) != std::string_view::npos;
      std::string what = std::string(Name(e.op)) +
                         (e.action ? " " + std::string(Name(*e.action)) : std::string()) + " by " +
                         std::string(Name(role));
      EXPECT_EQ(RoleMay(role, e.op, e.action), expect) << what;
      Actor actor{"p", "a", role, kRightNone};
      Status s = CheckRole(actor, e.op, e.action);
      EXPECT_EQ(s.ok(), expect) << what;
      if (!expect) {
        EXPECT_EQ(s.code(), StatusCode::kPermissionDenied) << what;
        EXPECT_EQ(s.reason(), "access.role") << what;
        EXPECT_EQ(s.field(), "actor.role") << what;
      }
      (expect ? allowed : denied)++;
    }
  }
  EXPECT_GT(allowed, 100);
  EXPECT_GT(denied, 100);
}

TEST(PermissionMatrixTest, EveryOperationAndEveryLifecycleActionHasExactlyOneRow) {
  for (Operation op : AllOperations()) {
    if (op == Operation::kActOnCase) continue;
    int rows = 0;
    for (const PermissionRow& row : PermissionMatrix()) rows += row.operation == op ? 1 : 0;
    EXPECT_EQ(rows, 1) << Name(op);
  }
  for (Action a : AllActions()) {
    int rows = 0;
    for (const PermissionRow& row : PermissionMatrix()) {
      rows += (row.operation == Operation::kActOnCase && row.action == a) ? 1 : 0;
    }
    EXPECT_EQ(rows, 1) << Name(a);
  }
  EXPECT_EQ(std::size(kExpected), PermissionMatrix().size());
  for (const PermissionRow& row : PermissionMatrix()) {
    EXPECT_FALSE(row.why.empty()) << Name(row.operation);  // every row cites why
  }
}

TEST(PermissionMatrixTest, ExtraRightsDoNotWidenTheMatrix) {
  // Rights lift lifecycle restrictions (self-approval), never a role's row:
  // a viewer with every right still cannot write (Primero R2-3157).
  Actor viewer{"v", "a", Role::kViewer, 0xFFFFFFFFu};
  EXPECT_EQ(CheckRole(viewer, Operation::kActOnCase, Action::kRecordContact).reason(),
            "access.role");
  EXPECT_EQ(CheckRole(viewer, Operation::kActOnCase, Action::kApprovePlan).reason(), "access.role");
}

TEST(PermissionMatrixTest, PurposesFitTheRole) {
  Actor viewer{"v", "a", Role::kViewer, kRightNone};
  Actor officer{"d", "a", Role::kDataOfficer, kRightNone};
  Actor supervisor{"s", "a", Role::kSupervisor, kRightNone};
  EXPECT_TRUE(CheckPurpose(viewer, AccessPurpose::kCaseHandling).ok());
  EXPECT_EQ(CheckPurpose(viewer, AccessPurpose::kSupervision).reason(), "access.purpose");
  EXPECT_TRUE(CheckPurpose(supervisor, AccessPurpose::kSupervision).ok());
  // Only the data officer answers a subject-access request (UU 27/2022 art 32).
  EXPECT_TRUE(CheckPurpose(officer, AccessPurpose::kSubjectAccess).ok());
  EXPECT_EQ(CheckPurpose(supervisor, AccessPurpose::kSubjectAccess).code(),
            StatusCode::kPermissionDenied);
}

TEST(PermissionMatrixTest, NamesRoundTrip) {
  for (Operation op : AllOperations()) EXPECT_EQ(ParseOperation(Name(op)), op);
  for (AccessPurpose p : AllAccessPurposes()) EXPECT_EQ(ParseAccessPurpose(Name(p)), p);
  EXPECT_FALSE(ParseAccessPurpose("curiosity").has_value());
}

}  // namespace
}  // namespace atensi
