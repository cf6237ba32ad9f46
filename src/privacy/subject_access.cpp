// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Subject access requests, the art 33 refusal and the redaction of the
// report (UU 27/2022 arts 32-33): see include/atensi/privacy/subject_access.h.

#include "atensi/privacy/subject_access.h"

#include <algorithm>
#include <array>
#include <map>
#include <utility>

#include "atensi/lifecycle/lifecycle_json.h"

namespace atensi {
namespace {

// Keys whose value is a worker's person id (the worker's personal data).
constexpr std::array<std::string_view, 10> kWorkerKeys = {
    "assigned_worker_id", "recorded_by",  "author_id", "approved_by",     "closed_by",
    "referred_by",        "evaluator_id", "by",        "actor_person_id", "person_id",
};

// Free-text keys (as privacy/tombstone.cpp) that may name third parties.
constexpr std::array<std::string_view, 17> kNarrativeKeys = {
    "assessment_summary", "summary",        "description",  "note",      "reason",  "justification",
    "baseline",           "result",         "document_ref", "reference", "outcome", "status_reason",
    "rejection_reason",   "decline_reason", "explanation",  "why",       "request",
};

template <std::size_t N>
bool In(const std::array<std::string_view, N>& keys, std::string_view key) {
  return std::find(keys.begin(), keys.end(), key) != keys.end();
}

bool IsIndex(const std::string& token) {
  return !token.empty() &&
         std::all_of(token.begin(), token.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Collects redactions as (path pattern with "*" for array indexes, reason) -> count.
class Redactions {
 public:
  void Add(const std::vector<std::string>& path, std::string_view reason) {
    std::string pattern;
    for (const std::string& t : path) pattern += "/" + (IsIndex(t) ? std::string("*") : t);
    ++counts_[{pattern, std::string(reason)}];
  }
  [[nodiscard]] nlohmann::json ToJson() const {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& [k, n] : counts_) {
      out.push_back({{"path", k.first}, {"reason", k.second}, {"count", n}});
    }
    return out;
  }

 private:
  std::map<std::pair<std::string, std::string>, int> counts_;
};

// Replaces every non-empty string under a key of `keys` anywhere in `j`.
template <std::size_t N>
void RedactKeys(nlohmann::json& j, const std::array<std::string_view, N>& keys,
                std::string_view reason, std::vector<std::string>& path, Redactions& out) {
  if (j.is_object()) {
    for (auto it = j.begin(); it != j.end(); ++it) {
      path.push_back(it.key());
      if (it.value().is_string() && In(keys, it.key()) &&
          !it.value().get_ref<const std::string&>().empty()) {
        it.value() = std::string(kRedactedText);
        out.Add(path, reason);
      } else {
        RedactKeys(it.value(), keys, reason, path, out);
      }
      path.pop_back();
    }
  } else if (j.is_array()) {
    for (std::size_t i = 0; i < j.size(); ++i) {
      path.push_back(std::to_string(i));
      RedactKeys(j[i], keys, reason, path, out);
      path.pop_back();
    }
  }
}

}  // namespace

std::string_view Name(AccessRequester v) noexcept {
  switch (v) {
    case AccessRequester::kSubject:
      return "subject";
    case AccessRequester::kGuardian:
      return "guardian";
  }
  return "";
}

std::optional<AccessRequester> ParseAccessRequester(std::string_view s) noexcept {
  if (s == "subject") return AccessRequester::kSubject;
  if (s == "guardian") return AccessRequester::kGuardian;
  return std::nullopt;
}

std::string_view Name(AccessOutcome v) noexcept {
  switch (v) {
    case AccessOutcome::kPending:
      return "pending";
    case AccessOutcome::kFulfilled:
      return "fulfilled";
    case AccessOutcome::kRefused:
      return "refused";
  }
  return "";
}

bool IsArt33RefusalReason(std::string_view code) noexcept {
  return code == kRefusalEndangersSubject || code == kRefusalRequesterEndangers ||
         code == kRefusalEndangersOthers;
}

nlohmann::json ToJson(const DisclosureRisk& r) {
  return {{"endangers_subject", r.endangers_subject},
          {"refused_guardian_ids", r.refused_guardian_ids},
          {"withhold_narratives", r.withhold_narratives}};
}

Result<DisclosureRisk> DisclosureRiskFromJson(const nlohmann::json& j) {
  if (!j.is_object()) {
    return InvalidArgument("privacy.disclosure_risk", "disclosure_risk", "must be an object");
  }
  DisclosureRisk r;
  auto flag = [&j](const char* key, bool& out) -> Status {
    auto it = j.find(key);
    if (it == j.end()) return Status::Ok();
    if (!it->is_boolean()) {
      return InvalidArgument("privacy.disclosure_risk", key, "must be true or false");
    }
    out = it->get<bool>();
    return Status::Ok();
  };
  ATENSI_RETURN_IF_ERROR(flag("endangers_subject", r.endangers_subject));
  ATENSI_RETURN_IF_ERROR(flag("withhold_narratives", r.withhold_narratives));
  if (auto it = j.find("refused_guardian_ids"); it != j.end()) {
    if (!it->is_array()) {
      return InvalidArgument("privacy.disclosure_risk", "refused_guardian_ids",
                             "must be an array of guardian ids");
    }
    for (const nlohmann::json& g : *it) {
      if (!g.is_string() || g.get_ref<const std::string&>().empty()) {
        return InvalidArgument("privacy.disclosure_risk", "refused_guardian_ids",
                               "every entry must be a guardian id");
      }
      r.refused_guardian_ids.push_back(g.get<std::string>());
    }
  }
  return r;
}

nlohmann::json ToJson(const SubjectAccessRequest& r) {
  nlohmann::json j{{"id", r.id},
                   {"child_id", r.child_id},
                   {"requester", std::string(Name(r.requester))},
                   {"guardian_id", r.guardian_id},
                   {"requested_at", FormatInstant(r.requested_at)},
                   {"due_at", FormatInstant(r.due_at)},
                   {"outcome", std::string(Name(r.outcome))},
                   {"refusal_reason", r.refusal_reason}};
  j["answered_at"] =
      r.answered_at ? nlohmann::json(FormatInstant(*r.answered_at)) : nlohmann::json(nullptr);
  return j;
}

std::optional<std::string_view> Art33Refusal(const DisclosureRisk& risk,
                                             const SubjectAccessRequest& request) {
  if (risk.endangers_subject) return kRefusalEndangersSubject;
  if (request.requester == AccessRequester::kGuardian &&
      std::find(risk.refused_guardian_ids.begin(), risk.refused_guardian_ids.end(),
                request.guardian_id) != risk.refused_guardian_ids.end()) {
    return kRefusalRequesterEndangers;
  }
  return std::nullopt;
}

nlohmann::json RedactSubjectReport(nlohmann::json& report, const DisclosureRisk& risk,
                                   const SubjectAccessRequest& request) {
  Redactions out;
  std::vector<std::string> path;
  // (b) Other persons: every guardian but the requester (name and NIK).
  if (report.contains("child") && report["child"].contains("guardians") &&
      report["child"]["guardians"].is_array()) {
    nlohmann::json& guardians = report["child"]["guardians"];
    for (std::size_t i = 0; i < guardians.size(); ++i) {
      nlohmann::json& g = guardians[i];
      if (!g.is_object()) continue;
      if (request.requester == AccessRequester::kGuardian &&
          g.value("id", "") == request.guardian_id) {
        continue;
      }
      for (const char* key : {"name", "nik"}) {
        if (!g.contains(key) || g[key].is_null()) continue;
        g[key] = std::string(kRedactedText);
        out.Add({"child", "guardians", std::to_string(i), key}, kRedactOtherPerson);
      }
    }
  }
  // Workers' personal data: their person ids (agencies and roles stay).
  RedactKeys(report, kWorkerKeys, kRedactWorker, path, out);
  // The processing log: what was done, when, by which agency and role, and
  // which fields changed; not the values (other persons' data, earlier
  // worker assignments). The current values are in the records above.
  if (report.contains("processing_log") && report["processing_log"].is_array()) {
    nlohmann::json& log = report["processing_log"];
    for (std::size_t i = 0; i < log.size(); ++i) {
      nlohmann::json& e = log[i];
      if (!e.is_object() || !e.contains("changes")) continue;
      nlohmann::json fields = nlohmann::json::array();
      if (e["changes"].is_object()) {
        for (auto it = e["changes"].begin(); it != e["changes"].end(); ++it) {
          fields.push_back(it.key());
        }
      }
      e.erase("changes");
      e["changed_fields"] = std::move(fields);
      out.Add({"processing_log", std::to_string(i), "changes"}, kRedactLogValues);
    }
  }
  // (a)/(b) Narratives naming third parties, when so recorded.
  if (risk.withhold_narratives) {
    for (const char* section : {"cases", "consents", "referrals", "transfers", "routing_decisions",
                                "processing_log", "roster_facts"}) {
      if (!report.contains(section)) continue;
      path = {section};
      RedactKeys(report[section], kNarrativeKeys, kRedactNarrative, path, out);
    }
  }
  return out.ToJson();
}

}  // namespace atensi
