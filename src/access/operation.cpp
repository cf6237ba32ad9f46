// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0

#include "atensi/access/operation.h"

#include "lifecycle/name_table.h"

namespace atensi {
namespace {

using lifecycle_internal::LookupName;
using lifecycle_internal::NameTable;
using lifecycle_internal::ReverseName;

constexpr NameTable<Operation, 26> kOperations{{
    {Operation::kRegisterChild, "register_child"},
    {Operation::kUpdateChild, "update_child"},
    {Operation::kOpenCase, "open_case"},
    {Operation::kActOnCase, "act_on_case"},
    {Operation::kRouteCase, "route_case"},
    {Operation::kActOnReferral, "act_on_referral"},
    {Operation::kExpireReferrals, "expire_referrals"},
    {Operation::kProposeTransfer, "propose_transfer"},
    {Operation::kRequestTransfer, "request_transfer"},
    {Operation::kActOnTransfer, "act_on_transfer"},
    {Operation::kReadCase, "read_case"},
    {Operation::kReadChild, "read_child"},
    {Operation::kReadHistory, "read_history"},
    {Operation::kReadCaseload, "read_caseload"},
    {Operation::kReadDue, "read_due"},
    {Operation::kReadReferrals, "read_referrals"},
    {Operation::kReadReport, "read_report"},
    {Operation::kExport, "export"},
    {Operation::kVerify, "verify"},
    {Operation::kSubjectAccess, "subject_access"},
    {Operation::kPurge, "purge"},
    {Operation::kRotateKey, "rotate_key"},
    {Operation::kReadAccessLog, "read_access_log"},
    {Operation::kImportRoster, "import_roster"},
    {Operation::kCorrect, "correct"},
    {Operation::kRestrict, "restrict"},
}};

constexpr NameTable<AccessPurpose, 8> kPurposes{{
    {AccessPurpose::kCaseHandling, "case_handling"},
    {AccessPurpose::kSupervision, "supervision"},
    {AccessPurpose::kReferral, "referral"},
    {AccessPurpose::kReport, "report"},
    {AccessPurpose::kAudit, "audit"},
    {AccessPurpose::kSubjectAccess, "subject_access"},
    {AccessPurpose::kImport, "import"},
    {AccessPurpose::kTransfer, "transfer"},
}};

}  // namespace

std::string_view Name(Operation v) noexcept { return LookupName(kOperations, v); }
std::optional<Operation> ParseOperation(std::string_view s) noexcept {
  return ReverseName(kOperations, s);
}
std::vector<Operation> AllOperations() {
  std::vector<Operation> out;
  for (const auto& [op, name] : kOperations) out.push_back(op);
  return out;
}

std::string_view Name(AccessPurpose v) noexcept { return LookupName(kPurposes, v); }
std::optional<AccessPurpose> ParseAccessPurpose(std::string_view s) noexcept {
  return ReverseName(kPurposes, s);
}
std::vector<AccessPurpose> AllAccessPurposes() {
  std::vector<AccessPurpose> out;
  for (const auto& [p, name] : kPurposes) out.push_back(p);
  return out;
}

}  // namespace atensi
