// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Commands: one struct per Action (action.h), each with its payload.
//
// A command says what the actor wants to do; Decide (transition.h) checks the
// action table and the legal guards and returns the next case. The time of a
// command is always the `now` passed to Decide (no backdating in the core).
// Ids of new sub-records (consent, plan, item, service, ...) are supplied by
// the caller as canonical UUID text (the store generates them), so Decide is
// deterministic. Free text (notes, reasons, summaries) must be valid UTF-8
// without control characters other than tab/newline, at most 2000 bytes.

#ifndef ATENSI_LIFECYCLE_COMMAND_H_
#define ATENSI_LIFECYCLE_COMMAND_H_

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "atensi/date.h"
#include "atensi/lifecycle/action.h"
#include "atensi/lifecycle/case.h"
#include "atensi/vocabulary.h"

namespace atensi {
namespace cmd {

// First contact with the child/family made (pendekatan awal). Sets
// first_contact_at once; later contacts are kept only as the event.
struct RecordContact {
  static constexpr Action kAction = Action::kRecordContact;
  std::string note;
};

// Records consent of a parent or guardian (UU 27/2022 art 25, 22, 24).
struct RecordConsent {
  static constexpr Action kAction = Action::kRecordConsent;
  std::string consent_id;
  std::string guardian_id;  // must be a Guardian of the child who may consent
  ConsentForm form = ConsentForm::kWritten;
  std::vector<ConsentPurpose> purposes;  // non-empty
  std::string document_ref;              // required: proof of consent (art 24)
};

// Withdraws a recorded consent.
struct WithdrawConsent {
  static constexpr Action kAction = Action::kWithdrawConsent;
  std::string consent_id;
  std::string reason;
};

// Records a court order or emergency protection that stands in for consent.
struct RecordLegalBasis {
  static constexpr Action kAction = Action::kRecordLegalBasis;
  std::string legal_basis_id;
  LegalBasisKind kind = LegalBasisKind::kCourtOrder;
  std::string reference;  // document number; required
  Date issued_on;
  std::optional<Date> valid_until;
};

// Intake/emergency (or re-assessment from planning/intervention/reintegration)
// -> assessment. Guard: consent for assessment or a legal basis.
struct StartAssessment {
  static constexpr Action kAction = Action::kStartAssessment;
};

// Assessment -> planning, with the assessment summary (required).
struct CompleteAssessment {
  static constexpr Action kAction = Action::kCompleteAssessment;
  std::string summary;
};

// Proposes (or revises) the intervention plan. Guard: every item has exactly
// one ATENSI component and one service base.
struct ProposePlan {
  static constexpr Action kAction = Action::kProposePlan;
  std::string plan_id;
  std::vector<PlanItem> items;  // non-empty
};

// Approves the proposed plan. Guard: supervisor/coordinator, not the author
// unless the actor holds kRightSelfApprove.
struct ApprovePlan {
  static constexpr Action kAction = Action::kApprovePlan;
  std::string plan_id;  // must name the current proposed plan
};

// Planning -> intervention. Guard: approved plan.
struct StartIntervention {
  static constexpr Action kAction = Action::kStartIntervention;
};

// A plan item delivered. Guard: approved plan containing the item; a
// bantuan_asistensi_sosial item needs a beneficiary decision.
struct RecordService {
  static constexpr Action kAction = Action::kRecordService;
  std::string service_id;
  std::string plan_item_id;
  std::string note;
};

// Records a case conference and its decision.
struct RecordCaseConference {
  static constexpr Action kAction = Action::kCaseConference;
  std::string conference_id;
  std::vector<std::string> participant_agency_ids;  // non-empty
  ConferenceDecision decision = ConferenceDecision::kOther;
  std::string summary;
};

// Places the child in residential care. Guards: a case conference decision
// for residential placement; planned end within the configured limit.
struct PlaceResidential {
  static constexpr Action kAction = Action::kPlaceResidential;
  std::string placement_id;
  std::string facility_agency_id;
  std::string case_conference_id;
  Date start_date;
  Date planned_end_date;
  std::string justification;  // required: residential care is a last resort
};

// Ends the current residential placement.
struct EndResidential {
  static constexpr Action kAction = Action::kEndResidential;
  Date ended_on;  // not before the start date
  std::string note;
};

// Intervention -> reintegration (resosialisasi).
struct StartReintegration {
  static constexpr Action kAction = Action::kStartReintegration;
};

// Records an evaluation with outcome indicators (at least one).
struct RecordEvaluation {
  static constexpr Action kAction = Action::kRecordEvaluation;
  std::string evaluation_id;
  std::vector<OutcomeIndicator> indicators;
  std::string summary;
};

// -> termination. Guard: an evaluation with outcome indicators in this episode.
struct Terminate {
  static constexpr Action kAction = Action::kTerminate;
  std::string reason;
};

// Termination -> aftercare (bimbingan lanjut).
struct StartAftercare {
  static constexpr Action kAction = Action::kStartAftercare;
};

// An aftercare follow-up contact.
struct RecordFollowup {
  static constexpr Action kAction = Action::kRecordFollowup;
  std::string followup_id;
  std::string note;
};

// -> closed. Guard: a reason from the fixed list that fits the stage.
struct Close {
  static constexpr Action kAction = Action::kClose;
  std::optional<ClosureReason> reason;
  std::string note;
};

// Closed -> intake. Guard: a reason; the person must still be a child.
struct Reopen {
  static constexpr Action kAction = Action::kReopen;
  std::string reason;
};

// Any open stage -> referred_out (rujukan). Guard: consent for referral
// sharing or a legal basis.
struct ReferOut {
  static constexpr Action kAction = Action::kReferOut;
  std::string to_agency_id;
  ReferralReason reason = ReferralReason::kOther;
  std::string note;
};

// Referred_out -> the stage the case was referred from.
struct ReturnFromReferral {
  static constexpr Action kAction = Action::kReturnFromReferral;
  std::string note;
};

// Changes the risk level. Raising to high in intake moves the case to
// emergency (UPTD PPA SOP: high risk gets protection before assessment).
struct SetRisk {
  static constexpr Action kAction = Action::kSetRisk;
  RiskLevel risk = RiskLevel::kLow;
  std::string reason;
};

// Adds an AMPK category or a PPKS type (exactly one of the two is set).
struct AddCategory {
  static constexpr Action kAction = Action::kAddCategory;
  std::optional<AmpkCategory> ampk;
  std::optional<ChildPpksType> ppks;
};

// Removes an AMPK category or a PPKS type (exactly one of the two is set).
struct RemoveCategory {
  static constexpr Action kAction = Action::kRemoveCategory;
  std::optional<AmpkCategory> ampk;
  std::optional<ChildPpksType> ppks;
};

// Assigns (or, with an empty id, unassigns) the case worker.
struct AssignWorker {
  static constexpr Action kAction = Action::kAssignWorker;
  std::string worker_id;
};

// Changes the lead agency.
struct SetLeadAgency {
  static constexpr Action kAction = Action::kSetLeadAgency;
  std::string agency_id;
  std::string reason;
};

// Records the keputusan designating the child a Penerima Manfaat
// (Permensos 15/2025 art 1(7)). Guard: number, date and issuer present.
struct RecordBeneficiaryDecision {
  static constexpr Action kAction = Action::kRecordBeneficiaryDecision;
  std::string number;
  Date issued_on;
  std::string issued_by;
};

// Links this case to another case of the same child, with a reason.
struct LinkCase {
  static constexpr Action kAction = Action::kLinkCase;
  std::string case_id;
  std::string reason;
};

enum class AgeOutResolution : std::uint8_t {
  kTerminate = 1,                // same guards as Terminate
  kTransferToAdultServices = 2,  // same guards as ReferOut with reason adult_services
};

// Resolves a pending age-out by termination or transfer to adult services.
struct ResolveAgeOut {
  static constexpr Action kAction = Action::kResolveAgeOut;
  AgeOutResolution resolution = AgeOutResolution::kTerminate;
  std::string to_agency_id;  // required for kTransferToAdultServices
  std::string note;
};

// Recomputes the derived flags (age_out) at `now` and persists them. For a
// scheduled job; every other Decide does the same implicitly.
struct RefreshFlags {
  static constexpr Action kAction = Action::kRefreshFlags;
};

}  // namespace cmd

// One alternative per Action, in Action order (index = Action - 1).
using Command =
    std::variant<cmd::RecordContact, cmd::RecordConsent, cmd::WithdrawConsent,
                 cmd::RecordLegalBasis, cmd::StartAssessment, cmd::CompleteAssessment,
                 cmd::ProposePlan, cmd::ApprovePlan, cmd::StartIntervention, cmd::RecordService,
                 cmd::RecordCaseConference, cmd::PlaceResidential, cmd::EndResidential,
                 cmd::StartReintegration, cmd::RecordEvaluation, cmd::Terminate,
                 cmd::StartAftercare, cmd::RecordFollowup, cmd::Close, cmd::Reopen, cmd::ReferOut,
                 cmd::ReturnFromReferral, cmd::SetRisk, cmd::AddCategory, cmd::RemoveCategory,
                 cmd::AssignWorker, cmd::SetLeadAgency, cmd::RecordBeneficiaryDecision,
                 cmd::LinkCase, cmd::ResolveAgeOut, cmd::RefreshFlags>;

// The action a command performs.
Action ActionOf(const Command& command) noexcept;

}  // namespace atensi

#endif  // ATENSI_LIFECYCLE_COMMAND_H_
