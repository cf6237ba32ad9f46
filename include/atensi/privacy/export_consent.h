// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Whether a case may leave the casework system in an export, and in which
// form (UU 27/2022 art 20-25: children's data is processed with the consent
// of a parent or guardian, art 25, itemised per purpose, art 22; a legal
// basis may stand in, art 20(2)).
//
//   - kReporting: the redacted export (no name, NIK, birth date, child id or
//     village) the agency owes for ATENSI reporting: the agency's own legal
//     obligation (UU 27/2022 art 20(2)(c)); no consent needed.
//   - kAnalysis: the pseudonymised export for analysis outside casework: a
//     purpose of its own, covered only by a consent naming "statistics".
//   - kDisclosure: the unredacted export, which discloses the child's
//     identity to another office: covered by a consent naming
//     "referral_sharing" or by a valid legal basis (court order, emergency
//     protection), as a referral is.
// A child whose processing is restricted is never exported (checked by the
// caller, Casebook privacy state).
//
// Pure: no I/O.

#ifndef ATENSI_PRIVACY_EXPORT_CONSENT_H_
#define ATENSI_PRIVACY_EXPORT_CONSENT_H_

#include <cstdint>
#include <optional>
#include <string_view>

#include "atensi/clock.h"
#include "atensi/lifecycle/case.h"
#include "atensi/status.h"

namespace atensi {

enum class ExportPurpose : std::uint8_t { kReporting = 1, kAnalysis = 2, kDisclosure = 3 };
std::string_view Name(ExportPurpose v) noexcept;  // "reporting", "analysis", "disclosure"

// OK when `c` may be exported for `purpose` at `now` (dates of legal bases
// read in the zone `utc_offset_minutes`). PermissionDenied
// "export.consent_purpose" (field "consents") otherwise.
Status CheckExportConsent(const Case& c, ExportPurpose purpose, Instant now,
                          int utc_offset_minutes);

}  // namespace atensi

#endif  // ATENSI_PRIVACY_EXPORT_CONSENT_H_
