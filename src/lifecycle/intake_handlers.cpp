// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Intake, consent, assessment and referral actions.
//
// Regulation encoded:
//   - UU 27/2022 art 25(1)-(2): processing a child's personal data "wajib
//     mendapat persetujuan dari orang tua anak dan/atau wali anak". Assessment
//     (pengungkapan dan pemahaman masalah, PP 39/2012 art 7(2)b) processes the
//     child's data, so it needs such consent, or a legal basis that stands in
//     for it (court order; emergency protection of a child at risk).
//   - UU 27/2022 art 22(4)-(5): consent itemised per purpose; art 24: the
//     controller must be able to show the consent (document_ref required).
//   - Sharing the case with another agency (rujukan, PP 39/2012 art 7(1)k) is
//     a separate purpose (referral_sharing), as Primero checks consent on every
//     referral (peers.md §3.1).
//   - High-risk intake -> emergency (UPTD PPA SOP, atensi.md §4.2).

#include <algorithm>
#include <set>

#include "lifecycle/handlers.h"
#include "lifecycle/text_rules.h"

namespace atensi::lifecycle_internal {
namespace {

void CollectIds(const Case& c, std::set<std::string_view>& ids) {
  ids.insert(c.id);
  for (const auto& x : c.consents) ids.insert(x.id);
  for (const auto& x : c.legal_bases) ids.insert(x.id);
  if (c.plan) {
    ids.insert(c.plan->id);
    for (const auto& x : c.plan->items) ids.insert(x.id);
  }
  for (const auto& x : c.services) ids.insert(x.id);
  for (const auto& x : c.conferences) ids.insert(x.id);
  for (const auto& x : c.placements) ids.insert(x.id);
  for (const auto& x : c.evaluations) ids.insert(x.id);
  for (const auto& x : c.followups) ids.insert(x.id);
}

Status ConsentRequired(std::string_view what) {
  return FailedPrecondition(
      "lifecycle.consent_required", "consents",
      std::string(what) +
          " needs recorded consent of a parent or guardian (UU 27/2022 art 25) for this "
          "purpose, or a documented legal basis standing in for it (court order, emergency "
          "protection)");
}

}  // namespace

bool HasConsentOrLegalBasis(const Ctx& ctx, ConsentPurpose purpose) {
  const Case& c = ctx.next;
  for (const ConsentRecord& r : c.consents) {
    if (r.Covers(purpose, ctx.now)) return true;
  }
  for (const LegalBasis& b : c.legal_bases) {
    if (b.issued_on.is_special() || b.issued_on > ctx.today) continue;
    if (b.valid_until.has_value() && *b.valid_until < ctx.today) continue;
    return true;
  }
  return false;
}

Status CheckNewId(const Ctx& ctx, std::string_view id, std::string_view field) {
  ATENSI_RETURN_IF_ERROR(CheckUuid(id, field));
  std::set<std::string_view> ids;
  CollectIds(ctx.next, ids);
  if (ids.count(id) != 0) {
    return InvalidArgument("lifecycle.duplicate_id", std::string(field),
                           "this id is already used by a record of the case");
  }
  return Status::Ok();
}

void ResolveAgeOutFlag(Ctx& ctx) {
  if ((ctx.next.flags & kFlagAgeOut) != 0) {
    ctx.next.flags &= ~static_cast<std::uint32_t>(kFlagAgeOut);
    ctx.next.flags |= kFlagAgeOutResolved;
  }
}

Status Apply(Ctx& ctx, const cmd::RecordContact& c) {
  ATENSI_RETURN_IF_ERROR(CheckText(c.note, "note", 0, kMaxTextBytes, true));
  if (!ctx.next.first_contact_at.has_value()) ctx.next.first_contact_at = ctx.now;
  return Status::Ok();
}

Status Apply(Ctx& ctx, const cmd::RecordConsent& c) {
  ATENSI_RETURN_IF_ERROR(CheckNewId(ctx, c.consent_id, "consent_id"));
  const Guardian* g = ctx.child.FindGuardian(c.guardian_id);
  if (g == nullptr) {
    return InvalidArgument("lifecycle.unknown_reference", "guardian_id",
                           "the consenting person must be a recorded guardian of the child");
  }
  if (!CanConsentForChild(g->role)) {
    return FailedPrecondition("lifecycle.consent_giver", "guardian_id",
                              "consent for a child must come from a parent or a legal guardian "
                              "(orang tua dan/atau wali), UU 27/2022 art 25(2)");
  }
  if (!IsKnown(c.form, ParseConsentForm)) {
    return InvalidArgument("lifecycle.enum", "form", "unknown consent form");
  }
  if (c.purposes.empty()) {
    return InvalidArgument("lifecycle.consent_purpose", "purposes",
                           "consent must name its purposes, each separately "
                           "(UU 27/2022 art 22(4)-(5))");
  }
  std::vector<ConsentPurpose> purposes = c.purposes;
  for (ConsentPurpose p : purposes) {
    if (!IsKnown(p, ParseConsentPurpose)) {
      return InvalidArgument("lifecycle.consent_purpose", "purposes", "unknown consent purpose");
    }
  }
  std::sort(purposes.begin(), purposes.end());
  purposes.erase(std::unique(purposes.begin(), purposes.end()), purposes.end());
  ATENSI_RETURN_IF_ERROR(CheckText(c.document_ref, "document_ref", 1, kMaxNameBytes, false,
                                   "lifecycle.consent_proof"));
  ConsentRecord r;
  r.id = c.consent_id;
  r.guardian_id = c.guardian_id;
  r.form = c.form;
  r.purposes = std::move(purposes);
  r.given_at = ctx.now;
  r.recorded_by = ctx.actor.person_id;
  r.document_ref = c.document_ref;
  ctx.next.consents.push_back(std::move(r));
  return Status::Ok();
}

Status Apply(Ctx& ctx, const cmd::WithdrawConsent& c) {
  ATENSI_RETURN_IF_ERROR(CheckText(c.reason, "reason", 0, kMaxTextBytes, true));
  for (ConsentRecord& r : ctx.next.consents) {
    if (r.id != c.consent_id) continue;
    if (r.withdrawn_at.has_value()) {
      return FailedPrecondition("lifecycle.no_change", "consent_id",
                                "this consent is already withdrawn");
    }
    r.withdrawn_at = ctx.now;
    ctx.reason = c.reason;
    return Status::Ok();
  }
  return InvalidArgument("lifecycle.unknown_reference", "consent_id",
                         "no consent with this id on the case");
}

Status Apply(Ctx& ctx, const cmd::RecordLegalBasis& c) {
  ATENSI_RETURN_IF_ERROR(CheckNewId(ctx, c.legal_basis_id, "legal_basis_id"));
  if (!IsKnown(c.kind, ParseLegalBasisKind)) {
    return InvalidArgument("lifecycle.enum", "kind", "unknown legal basis kind");
  }
  ATENSI_RETURN_IF_ERROR(CheckText(c.reference, "reference", 1, kMaxNameBytes, false,
                                   "lifecycle.legal_basis_reference"));
  if (c.issued_on.is_special() || c.issued_on > ctx.today) {
    return InvalidArgument("lifecycle.date", "issued_on",
                           "the legal basis needs its issue date, not after today");
  }
  if (c.valid_until.has_value() && (c.valid_until->is_special() || *c.valid_until < c.issued_on)) {
    return InvalidArgument("lifecycle.date", "valid_until",
                           "a legal basis cannot expire before it is issued");
  }
  LegalBasis b;
  b.id = c.legal_basis_id;
  b.kind = c.kind;
  b.reference = c.reference;
  b.issued_on = c.issued_on;
  b.valid_until = c.valid_until;
  b.recorded_by = ctx.actor.person_id;
  b.recorded_at = ctx.now;
  ctx.next.legal_bases.push_back(std::move(b));
  return Status::Ok();
}

Status Apply(Ctx& ctx, const cmd::StartAssessment&) {
  // UU 27/2022 art 25: assessment processes the child's data.
  if (!HasConsentOrLegalBasis(ctx, ConsentPurpose::kAssessment)) {
    return ConsentRequired("assessment");
  }
  Case& n = ctx.next;
  n.stage = Stage::kAssessment;
  n.assessment_started_at = ctx.now;
  n.assessment_completed_at.reset();
  // Assessing the child implies contact has been made.
  if (!n.first_contact_at.has_value()) n.first_contact_at = ctx.now;
  return Status::Ok();
}

Status Apply(Ctx& ctx, const cmd::CompleteAssessment& c) {
  ATENSI_RETURN_IF_ERROR(
      CheckText(c.summary, "summary", 1, kMaxTextBytes, true, "lifecycle.assessment_summary"));
  ctx.next.stage = Stage::kPlanning;
  ctx.next.assessment_completed_at = ctx.now;
  ctx.next.assessment_summary = c.summary;
  return Status::Ok();
}

Status Apply(Ctx& ctx, const cmd::ReferOut& c) {
  ATENSI_RETURN_IF_ERROR(CheckOpaqueId(c.to_agency_id, "to_agency_id", false));
  if (!IsKnown(c.reason, ParseReferralReason)) {
    return InvalidArgument("lifecycle.enum", "reason", "unknown referral reason");
  }
  ATENSI_RETURN_IF_ERROR(CheckText(c.note, "note", 0, kMaxTextBytes, true));
  if ((ctx.next.flags & kFlagAgeOut) != 0 && c.reason != ReferralReason::kAdultServices) {
    return FailedPrecondition("lifecycle.age_out_pending", "reason",
                              "the child has turned 18 (UU 35/2014 art 1(1)): a referral now "
                              "can only be the transfer to adult services");
  }
  // Sharing the case with another agency is a separate consent purpose.
  if (!HasConsentOrLegalBasis(ctx, ConsentPurpose::kReferralSharing)) {
    return ConsentRequired("referral to another agency (sharing the child's data)");
  }
  ReferralOut r;
  r.to_agency_id = c.to_agency_id;
  r.reason = c.reason;
  r.note = c.note;
  r.from_stage = ctx.cur.stage;
  r.referred_at = ctx.now;
  r.referred_by = ctx.actor.person_id;
  ctx.next.referral = std::move(r);
  ctx.next.stage = Stage::kReferredOut;
  if (c.reason == ReferralReason::kAdultServices) ResolveAgeOutFlag(ctx);
  ctx.reason = std::string(Name(c.reason));
  return Status::Ok();
}

Status Apply(Ctx& ctx, const cmd::ReturnFromReferral& c) {
  ATENSI_RETURN_IF_ERROR(CheckText(c.note, "note", 0, kMaxTextBytes, true));
  if (!ctx.next.referral.has_value()) {
    return FailedPrecondition("lifecycle.referral_missing", "referral",
                              "the case has no referral record to return from");
  }
  Stage back = ctx.next.referral->from_stage;
  if (back == Stage::kReferredOut || back == Stage::kClosed) back = Stage::kIntake;
  ctx.next.stage = back;
  ctx.next.referral.reset();
  ctx.reason = c.note;
  return Status::Ok();
}

}  // namespace atensi::lifecycle_internal
