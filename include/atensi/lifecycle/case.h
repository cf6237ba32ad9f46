// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// The case (kasus): one episode of rehabilitation casework for one child.
//
// A Case is a plain value. It is never edited in place by callers: every
// change goes through Decide (transition.h), which returns the next value and
// an event draft describing exactly what changed. The records a case holds are
// the evidence the guards of transition.h look for:
//   - ConsentRecord / LegalBasis: UU 27/2022 art 25 (consent of a parent or
//     guardian to process a child's data), itemised per purpose (art 22(4)(5));
//     a court order or emergency protection stands in for it.
//   - Plan / PlanItem: each item carries exactly one of the 7 ATENSI
//     components and one service base, Permensos 7/2021 art 1 as amended by
//     Permensos 7/2022 (same text in Permensos 15/2025 art 1(4)).
//   - CaseConference / ResidentialPlacement: residential care needs a case
//     conference decision (DIY Balai RSPA practice, atensi.md §4.2-4.3) and is
//     time-limited (6 months: Dirjen Rehsos 2019 policy, not law).
//   - Evaluation: ATENSI's "prinsip sistematik" requires evaluable outcomes,
//     Permensos 7/2021; 15/2025 art 4.
//   - Decision: a Penerima Manfaat is "ditetapkan dalam keputusan", Permensos
//     15/2025 art 1(7).
// Ids of sub-records are canonical UUID text chosen by the caller (the store
// generates them) so that Decide stays pure and deterministic.

#ifndef ATENSI_LIFECYCLE_CASE_H_
#define ATENSI_LIFECYCLE_CASE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "atensi/clock.h"
#include "atensi/date.h"
#include "atensi/vocabulary.h"

namespace atensi {

// Child PPKS problem types besides the AMPK categories: the child items of
// PP 39/2012 art 6(1) and the ATENSI Anak guideline (Jan 2021) target groups
// (atensi.md §3.4, §5.3). The full Permensos 8/2012 PMKS code list is
// UNCONFIRMED; values are only ever appended.
enum class ChildPpksType : std::uint8_t {
  kAnakBalitaTelantar = 1,        // neglected child aged 5 or under
  kAnakTelantar = 2,              // neglected child (PP 39/2012 art 6(1))
  kAnakJalanan = 3,               // street child (ATENSI Anak target)
  kAnakKebutuhanKhusus = 4,       // child with special needs (PP 39/2012 art 6(1))
  kPengembanganFungsiSosial = 5,  // child needing social-function development (ATENSI Anak)
  kKorbanBencana = 6,             // disaster victim (PP 39/2012 art 6(1))
};
std::string_view Name(ChildPpksType v) noexcept;
std::optional<ChildPpksType> ParseChildPpksType(std::string_view s) noexcept;

// Orthogonal case flags (OpenCRVS pattern: stage + flags -> allowed actions).
// Bit values are stable (stored).
enum CaseFlag : std::uint32_t {
  kFlagNone = 0,
  // The child turned 18 while the case was open and this is not yet resolved
  // by termination or transfer to adult services. UU 35/2014 art 1(1).
  kFlagAgeOut = 1u << 0,
  // The age-out was resolved; the flag is not raised again for this episode.
  kFlagAgeOutResolved = 1u << 1,
  // The child is currently in a residential placement.
  kFlagResidential = 1u << 2,
  // A Penerima Manfaat decision is on record (Permensos 15/2025 art 1(7)).
  kFlagBeneficiary = 1u << 3,
  // The case was reopened at least once.
  kFlagReopened = 1u << 4,
  // The case is linked to another open case of the same child (with a reason).
  kFlagLinked = 1u << 5,
};
// "age_out", "age_out_resolved", "residential", "beneficiary", "reopened", "linked".
std::string_view FlagName(CaseFlag flag) noexcept;
std::optional<CaseFlag> ParseCaseFlag(std::string_view s) noexcept;
// All defined flags in bit order.
std::vector<CaseFlag> AllCaseFlags();

// Purposes a consent can cover, itemised (UU 27/2022 art 22(4)(5): bundled
// consent without clear separation is void).
enum class ConsentPurpose : std::uint8_t {
  kAssessment = 1,       // assessment and case management
  kServices = 2,         // delivering services
  kReferralSharing = 3,  // sharing the case with another agency (rujukan)
  kDataMatching = 4,     // matching with DTSEN / SIAK / PKH
  // Analysis and reporting outside case handling: the case leaves the
  // casework system in a redacted or pseudonymised export (atensi export).
  kStatistics = 5,
};
std::string_view Name(ConsentPurpose v) noexcept;
std::optional<ConsentPurpose> ParseConsentPurpose(std::string_view s) noexcept;

// UU 27/2022 art 22(1)-(2): written or recorded, electronic or not.
enum class ConsentForm : std::uint8_t { kWritten = 1, kRecorded = 2, kElectronic = 3 };
std::string_view Name(ConsentForm v) noexcept;
std::optional<ConsentForm> ParseConsentForm(std::string_view s) noexcept;

// Consent of a parent or guardian (UU 27/2022 art 25; proof per art 24).
struct ConsentRecord {
  std::string id;
  std::string guardian_id;  // a Guardian of the child who may consent
  ConsentForm form = ConsentForm::kWritten;
  std::vector<ConsentPurpose> purposes;  // sorted, unique, non-empty
  Instant given_at;
  std::string recorded_by;   // actor person id
  std::string document_ref;  // reference to the signed form / recording
  std::optional<Instant> withdrawn_at;

  // True when not withdrawn at `at` and covering `purpose`.
  [[nodiscard]] bool Covers(ConsentPurpose purpose, Instant at) const;
  friend bool operator==(const ConsentRecord&, const ConsentRecord&) = default;
};

// A legal basis that stands in for consent.
enum class LegalBasisKind : std::uint8_t {
  kCourtOrder = 1,           // penetapan / putusan pengadilan
  kEmergencyProtection = 2,  // emergency protection of a child at risk
};
std::string_view Name(LegalBasisKind v) noexcept;
std::optional<LegalBasisKind> ParseLegalBasisKind(std::string_view s) noexcept;

struct LegalBasis {
  std::string id;
  LegalBasisKind kind = LegalBasisKind::kCourtOrder;
  std::string reference;  // document number; required
  Date issued_on;
  std::optional<Date> valid_until;  // inclusive; nullopt = open-ended
  std::string recorded_by;
  Instant recorded_at;

  friend bool operator==(const LegalBasis&, const LegalBasis&) = default;
};

// One item of the intervention plan. Component and base are optional in the
// type only so that a missing value coming from JSON or the C ABI can be
// refused with its own reason; a stored plan item always has both.
struct PlanItem {
  std::string id;
  std::optional<AtensiComponent> component;  // exactly one of the 7
  std::optional<ServiceBase> base;           // exactly one of 3
  std::string description;                   // 1..2000 bytes
  std::string provider_agency_id;            // may be empty (lead agency)

  friend bool operator==(const PlanItem&, const PlanItem&) = default;
};

enum class PlanStatus : std::uint8_t { kProposed = 1, kApproved = 2 };
std::string_view Name(PlanStatus v) noexcept;
std::optional<PlanStatus> ParsePlanStatus(std::string_view s) noexcept;

// The intervention plan (rencana intervensi). A new proposal replaces the
// current plan and raises its revision; it must be approved again.
struct Plan {
  std::string id;
  int revision = 1;
  std::vector<PlanItem> items;
  std::string author_id;  // actor person id who proposed it
  Instant proposed_at;
  PlanStatus status = PlanStatus::kProposed;
  std::string approved_by;  // empty until approved
  std::optional<Instant> approved_at;

  [[nodiscard]] const PlanItem* FindItem(std::string_view item_id) const;
  friend bool operator==(const Plan&, const Plan&) = default;
};

// One delivery of a plan item (a service record per component).
struct ServiceRecord {
  std::string id;
  std::string plan_item_id;
  Instant delivered_at;
  std::string recorded_by;
  std::string note;

  friend bool operator==(const ServiceRecord&, const ServiceRecord&) = default;
};

// What a case conference decided.
enum class ConferenceDecision : std::uint8_t {
  kResidentialPlacement = 1,  // place in a Balai / Sentra / LKS
  kFamilyBased = 2,
  kCommunityBased = 3,
  kReferral = 4,
  kOther = 5,
};
std::string_view Name(ConferenceDecision v) noexcept;
std::optional<ConferenceDecision> ParseConferenceDecision(std::string_view s) noexcept;

// A case conference (CC) and its decision.
struct CaseConference {
  std::string id;
  Instant held_at;
  std::vector<std::string> participant_agency_ids;
  ConferenceDecision decision = ConferenceDecision::kOther;
  std::string summary;
  std::string recorded_by;

  friend bool operator==(const CaseConference&, const CaseConference&) = default;
};

// A residential placement. `ended_on` empty while the child is placed.
struct ResidentialPlacement {
  std::string id;
  std::string facility_agency_id;
  std::string case_conference_id;  // the conference that decided it
  Date start_date;
  Date planned_end_date;      // within LifecyclePolicy::residential_max_months
  std::string justification;  // why family/community care is not enough
  std::optional<Date> ended_on;

  friend bool operator==(const ResidentialPlacement&, const ResidentialPlacement&) = default;
};

struct OutcomeIndicator {
  std::string name;      // e.g. "school attendance"
  std::string baseline;  // value at assessment
  std::string result;    // value at evaluation
  bool achieved = false;

  friend bool operator==(const OutcomeIndicator&, const OutcomeIndicator&) = default;
};

// Monitoring and evaluation with outcome indicators.
struct Evaluation {
  std::string id;
  Instant evaluated_at;
  std::string evaluator_id;
  std::vector<OutcomeIndicator> indicators;  // at least one
  std::string summary;

  friend bool operator==(const Evaluation&, const Evaluation&) = default;
};

// An aftercare (bimbingan lanjut) follow-up contact.
struct Followup {
  std::string id;
  Instant at;
  std::string recorded_by;
  std::string note;

  friend bool operator==(const Followup&, const Followup&) = default;
};

// A formal decision (keputusan), e.g. the designation as Penerima Manfaat.
struct Decision {
  std::string number;  // keputusan number; required
  Date issued_on;
  std::string issued_by;  // issuing agency id / office
  std::string recorded_by;
  Instant recorded_at;

  friend bool operator==(const Decision&, const Decision&) = default;
};

// The fixed list of closure reasons.
enum class ClosureReason : std::uint8_t {
  kGoalsAchieved = 1,               // after termination: plan goals met
  kAftercareCompleted = 2,          // after bimbingan lanjut
  kReferralCompleted = 3,           // handed over for good to another agency
  kTransferredToAdultServices = 4,  // child turned 18
  kNotEligible = 5,                 // intake found no child-rehabilitation need
  kRedirected = 6,                  // handled by another programme (e.g. PKH)
  kChildDeceased = 7,
  kLostContact = 8,       // family moved / untraceable
  kConsentWithdrawn = 9,  // parent/guardian withdrew consent
  kDuplicate = 10,        // duplicate of another case
};
std::string_view Name(ClosureReason v) noexcept;
std::optional<ClosureReason> ParseClosureReason(std::string_view s) noexcept;

struct Closure {
  ClosureReason reason = ClosureReason::kGoalsAchieved;
  Instant closed_at;
  std::string closed_by;
  std::string note;

  friend bool operator==(const Closure&, const Closure&) = default;
};

// Why a case is referred out (rujukan, PP 39/2012 art 7(1)k).
enum class ReferralReason : std::uint8_t {
  kSpecialistService = 1,  // a service the lead agency does not provide
  kJurisdiction = 2,       // another level/area is responsible (UU 23/2014 Annex F)
  kAdultServices = 3,      // the child turned 18 (UU 35/2014 art 1(1))
  kOther = 4,
};
std::string_view Name(ReferralReason v) noexcept;
std::optional<ReferralReason> ParseReferralReason(std::string_view s) noexcept;

// The case's own record of being referred out (stage referred_out). Named
// ReferralOut so it does not collide with the routing module's closed-loop
// Referral (atensi/routing/referral.h), which a store TU includes alongside.
struct ReferralOut {
  std::string to_agency_id;
  ReferralReason reason = ReferralReason::kOther;
  std::string note;
  Stage from_stage = Stage::kIntake;  // where the case returns to
  Instant referred_at;
  std::string referred_by;

  friend bool operator==(const ReferralOut&, const ReferralOut&) = default;
};

struct Reopening {
  Instant at;
  std::string by;
  std::string reason;  // required, 1..2000 bytes

  friend bool operator==(const Reopening&, const Reopening&) = default;
};

// A link to another case of the same child (needed to hold two open cases).
struct CaseLink {
  std::string case_id;
  std::string reason;  // required

  friend bool operator==(const CaseLink&, const CaseLink&) = default;
};

// The case.
struct Case {
  std::string id;
  std::string child_id;
  Instant opened_at;
  CaseSource source = CaseSource::kSelfReport;
  AmpkSet categories;                     // AMPK, UU 35/2014 art 59(2)
  std::vector<ChildPpksType> ppks_types;  // sorted, unique
  RiskLevel risk = RiskLevel::kLow;
  std::string lead_agency_id;
  std::string assigned_worker_id;  // may be empty (unassigned)
  Stage stage = Stage::kIntake;
  std::uint32_t flags = kFlagNone;  // CaseFlag bits
  std::int64_t version = 0;         // 1 after OpenCase; +1 per Decide

  // Milestones of the current episode (reset on reopen, except opened_at).
  std::optional<Instant> first_contact_at;
  std::optional<Instant> assessment_started_at;
  std::optional<Instant> assessment_completed_at;
  std::string assessment_summary;
  std::optional<Instant> intervention_started_at;
  std::optional<Instant> reintegration_started_at;
  std::optional<Instant> terminated_at;
  std::optional<Instant> aftercare_started_at;

  std::vector<ConsentRecord> consents;
  std::vector<LegalBasis> legal_bases;
  std::optional<Plan> plan;
  std::vector<ServiceRecord> services;
  std::vector<CaseConference> conferences;
  std::vector<ResidentialPlacement> placements;  // history; the last may be current
  std::vector<Evaluation> evaluations;
  std::vector<Followup> followups;
  std::optional<Decision> beneficiary_decision;
  std::optional<ReferralOut> referral;  // set while referred out
  std::optional<Closure> closure;       // set while closed
  std::vector<Reopening> reopenings;
  std::optional<CaseLink> link;

  [[nodiscard]] bool Has(CaseFlag f) const { return (flags & f) != 0; }
  // Not closed. A referred-out case is still open (it can come back).
  [[nodiscard]] bool IsOpen() const { return stage != Stage::kClosed; }
  // Start of the current episode: the last reopening, else opened_at.
  [[nodiscard]] Instant EpisodeStart() const;
  // The current residential placement, or nullptr.
  [[nodiscard]] const ResidentialPlacement* CurrentPlacement() const;

  friend bool operator==(const Case&, const Case&) = default;
};

}  // namespace atensi

#endif  // ATENSI_LIFECYCLE_CASE_H_
