// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Export purposes against consent (UU 27/2022 arts 20, 22, 25): see
// include/atensi/privacy/export_consent.h.

#include "atensi/privacy/export_consent.h"

namespace atensi {
namespace {

bool AnyConsent(const Case& c, ConsentPurpose p, Instant now) {
  for (const ConsentRecord& r : c.consents) {
    if (r.Covers(p, now)) return true;
  }
  return false;
}

bool AnyLegalBasis(const Case& c, Instant now, int utc_offset_minutes) {
  const Date today = DateAt(now, utc_offset_minutes);
  for (const LegalBasis& b : c.legal_bases) {
    if (b.issued_on.is_special() || b.issued_on > today) continue;
    if (b.valid_until.has_value() && *b.valid_until < today) continue;
    return true;
  }
  return false;
}

}  // namespace

std::string_view Name(ExportPurpose v) noexcept {
  switch (v) {
    case ExportPurpose::kReporting:
      return "reporting";
    case ExportPurpose::kAnalysis:
      return "analysis";
    case ExportPurpose::kDisclosure:
      return "disclosure";
  }
  return "unknown";
}

Status CheckExportConsent(const Case& c, ExportPurpose purpose, Instant now,
                          int utc_offset_minutes) {
  switch (purpose) {
    case ExportPurpose::kReporting:
      return Status::Ok();
    case ExportPurpose::kAnalysis:
      if (AnyConsent(c, ConsentPurpose::kStatistics, now)) return Status::Ok();
      return PermissionDenied("export.consent_purpose", "consents",
                              "no valid consent covers the statistics purpose; an analysis "
                              "export needs one (UU 27/2022 arts 22, 25)");
    case ExportPurpose::kDisclosure:
      if (AnyConsent(c, ConsentPurpose::kReferralSharing, now) ||
          AnyLegalBasis(c, now, utc_offset_minutes)) {
        return Status::Ok();
      }
      return PermissionDenied("export.consent_purpose", "consents",
                              "no valid consent covers sharing the child's identity and no legal "
                              "basis stands in (UU 27/2022 arts 20, 22, 25)");
  }
  return Internal("export.purpose", "unknown export purpose");
}

}  // namespace atensi
