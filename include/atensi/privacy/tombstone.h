// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// What a purge leaves of a child record and its cases: a tombstone.
//
// UU 27/2022 art 44 requires destroying personal data at the end of its
// retention period; the provincial report and the audit chain must still
// count and verify. A tombstone keeps the ids, the categories, stages, risk,
// agencies and the dates statistics need (opening, closure, stage dates; the
// child's sex, birth YEAR and domicile down to the regency/city, the report's
// finest level) and destroys everything that identifies or describes the
// child: name, NIK, exact birth date, village, guardians, family cards and
// DTSEN/PKH ids, the roster key, and every narrative (assessment summary,
// plan descriptions, notes, reasons, document references). Free text is
// replaced by kPurgedText rather than emptied so that records keep their
// required-field shape.
//
// Pure: no I/O.

#ifndef ATENSI_PRIVACY_TOMBSTONE_H_
#define ATENSI_PRIVACY_TOMBSTONE_H_

#include <functional>
#include <nlohmann/json.hpp>
#include <string_view>

#include "atensi/lifecycle/case.h"
#include "atensi/lifecycle/child.h"
#include "atensi/status.h"

namespace atensi {

// The text that replaces destroyed free text and the child's name.
inline constexpr std::string_view kPurgedText = "[purged]";

// The child's tombstone (see above). Idempotent.
Child TombstoneChild(const Child& child);

// The case's tombstone: every free-text field of the case document (and of
// its consents, legal bases, plan, services, decisions, closure, referral
// out, link) replaced by kPurgedText, ids, enums, numbers and dates kept.
// Idempotent. Internal when the case does not round-trip through JSON.
Result<Case> TombstoneCase(const Case& c);

// The tombstone of any record document (a referral, a transfer, a routing
// decision: schema 8 purge): every free-text member (the narrative keys of
// TombstoneCase plus status / rejection / decline reasons, rule
// explanations) replaced by kPurgedText, everything else kept. `decodes`
// says whether a candidate still decodes as its record (Status naming the
// refused field); a field it refuses gets its original value back (enum
// names that share a narrative key). Internal when no candidate decodes.
Result<nlohmann::json> TombstoneDocument(
    const nlohmann::json& original, const std::function<Status(const nlohmann::json&)>& decodes);

// Whether a child record is a tombstone.
[[nodiscard]] bool IsTombstone(const Child& child);

}  // namespace atensi

#endif  // ATENSI_PRIVACY_TOMBSTONE_H_
