// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Subject access requests and their refusal (UU 27/2022 arts 32 and 33).
//
// Art 32: the controller gives the data subject access to their personal
// data and to the processing log within 3x24 hours of the request. A request
// is therefore recorded with its due time (requested_at + 72 h) and closed by
// its outcome, both in the child's hash chain, so a late or unanswered
// request is visible and verifiable.
//
// Art 33: the controller MUST refuse access when giving it (a) endangers the
// safety or the physical or mental health of the subject or of others, or
// (b) discloses another person's personal data. For (a) atensi keeps a
// recorded decision on the child, DisclosureRisk (set by the supervisor,
// coordinator or data officer handling the case: Operation::kRestrict), e.g.
// a violence case where a guardian is the alleged perpetrator; a request by
// that guardian, or any request when disclosure endangers the subject, is
// refused. For (b) the report given is redacted: the name and NIK of every
// guardian other than the requester, the person ids of workers, the values
// in the processing log (they hold other persons' data and workers' ids; the
// current values are in the records themselves) and, when DisclosureRisk
// says narratives name third parties (reporter, alleged perpetrator), every
// free-text narrative. Each redaction is listed in the report with its
// reason.
//
// Pure: no I/O.

#ifndef ATENSI_PRIVACY_SUBJECT_ACCESS_H_
#define ATENSI_PRIVACY_SUBJECT_ACCESS_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "atensi/clock.h"
#include "atensi/status.h"

namespace atensi {

// Art 32: 3 x 24 hours.
inline constexpr std::int64_t kSubjectAccessWindowMs = 3LL * 24 * 3600 * 1000;

// Who asks. Stable numeric values (C ABI).
enum class AccessRequester : std::uint8_t {
  kSubject = 1,   // the child (the data subject)
  kGuardian = 2,  // a guardian of the child, on the child's behalf (art 25)
};
std::string_view Name(AccessRequester v) noexcept;  // "subject", "guardian"
std::optional<AccessRequester> ParseAccessRequester(std::string_view s) noexcept;

// State of a request. Stable numeric values (C ABI).
enum class AccessOutcome : std::uint8_t {
  kPending = 1,
  kFulfilled = 2,
  kRefused = 3,
};
std::string_view Name(AccessOutcome v) noexcept;  // "pending", "fulfilled", "refused"

// Art 33 refusal reasons (Status-style codes, stored in the chain).
inline constexpr std::string_view kRefusalEndangersSubject = "uu27.art33.endangers_subject";
inline constexpr std::string_view kRefusalRequesterEndangers = "uu27.art33.requester_endangers";
inline constexpr std::string_view kRefusalEndangersOthers = "uu27.art33.endangers_others";
// Whether `code` is one of the refusal reasons above.
[[nodiscard]] bool IsArt33RefusalReason(std::string_view code) noexcept;

// Redaction reasons listed in the report.
inline constexpr std::string_view kRedactOtherPerson = "uu27.art33.other_person";
inline constexpr std::string_view kRedactWorker = "uu27.art33.worker_personal_data";
inline constexpr std::string_view kRedactLogValues = "uu27.art33.log_values";
inline constexpr std::string_view kRedactNarrative = "uu27.art33.third_party_narrative";
// The text that replaces a redacted value.
inline constexpr std::string_view kRedactedText = "[redacted]";

// A recorded subject-access request.
struct SubjectAccessRequest {
  std::string id;  // UUID
  std::string child_id;
  AccessRequester requester = AccessRequester::kSubject;
  std::string guardian_id;  // the requesting guardian (kGuardian), else empty
  Instant requested_at;
  Instant due_at;  // requested_at + kSubjectAccessWindowMs
  AccessOutcome outcome = AccessOutcome::kPending;
  std::string refusal_reason;  // an art 33 code when refused
  std::optional<Instant> answered_at;

  // Pending past its due time (art 32).
  [[nodiscard]] bool overdue(Instant now) const {
    return outcome == AccessOutcome::kPending && now.ms > due_at.ms;
  }
};

// The recorded art 33(a) decision on a child: disclosure endangers.
struct DisclosureRisk {
  // Any disclosure to a requester endangers the subject's or others' safety
  // or physical / mental health: every request is refused.
  bool endangers_subject = false;
  // Guardians whose request is refused (e.g. the alleged perpetrator).
  std::vector<std::string> refused_guardian_ids;
  // Narratives name third parties (reporter, alleged perpetrator): every
  // free-text narrative is withheld from a report that is given.
  bool withhold_narratives = false;

  [[nodiscard]] bool any() const {
    return endangers_subject || withhold_narratives || !refused_guardian_ids.empty();
  }
  friend bool operator==(const DisclosureRisk&, const DisclosureRisk&) = default;
};

nlohmann::json ToJson(const DisclosureRisk& r);
// InvalidArgument naming the field for a malformed document.
Result<DisclosureRisk> DisclosureRiskFromJson(const nlohmann::json& j);
nlohmann::json ToJson(const SubjectAccessRequest& r);

// The art 33 refusal reason for `request` under `risk`, or nullopt when the
// report may be given (redacted by RedactSubjectReport).
std::optional<std::string_view> Art33Refusal(const DisclosureRisk& risk,
                                             const SubjectAccessRequest& request);

// Redacts a subject-access report (Casebook::SubjectAccess format v2) in
// place for `request` under `risk` (see the file comment) and returns the
// redactions made as [{"path": JSON pointer, "reason": code}].
nlohmann::json RedactSubjectReport(nlohmann::json& report, const DisclosureRisk& risk,
                                   const SubjectAccessRequest& request);

}  // namespace atensi

#endif  // ATENSI_PRIVACY_SUBJECT_ACCESS_H_
