// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// What a principal asks to do, and why.
//
// Every Casebook call maps to one Operation; a call on a case's lifecycle
// (Casebook::Act) is the Operation kActOnCase together with its lifecycle
// Action (action.h), so the permission matrix (permission_matrix.h) has a
// row for every command kind. Every read of a child's personal data also
// names an AccessPurpose, recorded in the access log (access_log.h): UU
// 27/2022 requires the controller to record its processing activities and to
// show the data subject the processing log (art 32, atensi.md §11).

#ifndef ATENSI_ACCESS_OPERATION_H_
#define ATENSI_ACCESS_OPERATION_H_

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace atensi {

// Casebook operations. Stable numeric values (stored in the access log, C
// ABI); new operations are appended.
enum class Operation : std::uint8_t {
  kRegisterChild = 1,
  kUpdateChild = 2,
  kOpenCase = 3,
  kActOnCase = 4,        // with a lifecycle Action
  kRouteCase = 5,        // routing + creating referrals
  kActOnReferral = 6,    // a referral event (submit, accept, reject, ...)
  kExpireReferrals = 7,  // the expiry job
  kProposeTransfer = 8,  // push by the owner
  kRequestTransfer = 9,  // pull by another agency
  kActOnTransfer = 10,   // accept / decline / cancel
  kReadCase = 11,        // a case document (redacted per reach)
  kReadChild = 12,       // a child's personal data (redacted per reach)
  kReadHistory = 13,     // audit events of a case / timeline of a child
  kReadCaseload = 14,    // caseload listing (no personal data)
  kReadDue = 15,         // due list (no personal data)
  kReadReferrals = 16,   // referrals of a case, inbox, outbox, routing decision
  kReadReport = 17,      // provincial aggregate report
  kExport = 18,          // exports (redacted or pseudonymised)
  kVerify = 19,          // audit chain verification, checkpoints
  kSubjectAccess = 20,   // data-subject access report (UU 27/2022 art 32)
  kPurge = 21,           // retention purge (UU 27/2022 arts 42-44)
  kRotateKey = 22,       // encryption key rotation
  kReadAccessLog = 23,   // the access log of a child
  kImportRoster = 24,    // roster staging and import look-ups
  kCorrect = 25,         // correction request (UU 27/2022, 3x24 h)
  kRestrict = 26,        // restriction of processing
};

// "register_child", "act_on_case", ... (snake_case of the enumerator).
std::string_view Name(Operation v) noexcept;
std::optional<Operation> ParseOperation(std::string_view s) noexcept;
// All operations in numeric order.
std::vector<Operation> AllOperations();

// Why personal data is read. Stable numeric values (stored, C ABI).
enum class AccessPurpose : std::uint8_t {
  kCaseHandling = 1,   // working the case (assessment, plan, services)
  kSupervision = 2,    // a supervisor or coordinator reviewing casework
  kReferral = 3,       // acting on a referral received or sent
  kReport = 4,         // aggregate reporting, data quality
  kAudit = 5,          // audit of processing and of the hash chains
  kSubjectAccess = 6,  // answering the data subject (UU 27/2022 art 32)
  kImport = 7,         // roster import and de-duplication
  kTransfer = 8,       // handing a case over to another agency
};

// "case_handling", "supervision", "referral", "report", "audit",
// "subject_access", "import", "transfer".
std::string_view Name(AccessPurpose v) noexcept;
std::optional<AccessPurpose> ParseAccessPurpose(std::string_view s) noexcept;
std::vector<AccessPurpose> AllAccessPurposes();

}  // namespace atensi

#endif  // ATENSI_ACCESS_OPERATION_H_
