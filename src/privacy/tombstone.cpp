// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Tombstones (UU 27/2022 art 44): see include/atensi/privacy/tombstone.h.

#include "atensi/privacy/tombstone.h"

#include <array>
#include <functional>
#include <string>

#include "atensi/lifecycle/lifecycle_json.h"
#include "atensi/region.h"

namespace atensi {
namespace {

// JSON keys of the case document that hold free text (narratives, reasons,
// references to signed documents). Ids, agency ids and enum names are kept.
// The last five are the free text of referrals, transfers and routing
// decisions (schema 8 purge): rejection / decline / status reasons and the
// rule explanations of a decision.
constexpr std::array<std::string_view, 18> kNarrativeKeys = {
    "assessment_summary", "summary",     "description", "note",          "reason",
    "justification",      "baseline",    "result",      "name",          "document_ref",
    "reference",          "number",      "outcome",     "status_reason", "rejection_reason",
    "decline_reason",     "explanation", "why",
};

bool IsNarrative(std::string_view key) {
  for (std::string_view k : kNarrativeKeys) {
    if (k == key) return true;
  }
  return false;
}

void Scrub(nlohmann::json& j) {
  if (j.is_object()) {
    for (auto it = j.begin(); it != j.end(); ++it) {
      if (it.value().is_string() && IsNarrative(it.key()) &&
          !it.value().get_ref<const std::string&>().empty()) {
        it.value() = std::string(kPurgedText);
      } else {
        Scrub(it.value());
      }
    }
  } else if (j.is_array()) {
    for (nlohmann::json& e : j) Scrub(e);
  }
}

// "closure.reason" / "plan.items[2].description" -> "/closure/reason" /
// "/plan/items/2/description"; "" when the field is not such a path.
std::string PointerOf(std::string_view field) {
  std::string out;
  std::string token;
  auto flush = [&] {
    if (!token.empty()) out += "/" + token;
    token.clear();
  };
  for (char ch : field) {
    if (ch == '.' || ch == '[' || ch == ']') {
      flush();
    } else if (ch == '/' || ch == '~') {
      return "";
    } else {
      token += ch;
    }
  }
  flush();
  return out;
}

}  // namespace

Child TombstoneChild(const Child& child) {
  Child t;
  t.id = child.id;
  t.name = std::string(kPurgedText);
  t.sex = child.sex;
  // The birth year only (statistics count by age group).
  if (!child.birth_date.is_special()) {
    t.birth_date = Date(child.birth_date.year(), 1, 1);
  }
  // The regency/city: the report's finest level.
  if (auto code = RegionCode::Parse(child.domicile_region); code.ok()) {
    t.domicile_region = code->level() >= RegionLevel::kRegency
                            ? code->AncestorAt(RegionLevel::kRegency).dotted()
                            : code->dotted();
  }
  t.has_birth_certificate = child.has_birth_certificate;
  return t;
}

bool IsTombstone(const Child& child) {
  return child.name == kPurgedText && !child.nik.has_value() && child.guardians.empty() &&
         child.family_links.empty() && !child.roster_key.has_value();
}

Result<nlohmann::json> TombstoneDocument(
    const nlohmann::json& original, const std::function<Status(const nlohmann::json&)>& decodes) {
  nlohmann::json j = original;
  Scrub(j);
  // Some narrative-named keys hold enum names in places ("closure.reason"
  // is a ClosureReason): the decoder names the field it refused; put the
  // original value back there and try again (enum names are not personal).
  for (int attempt = 0; attempt < 32; ++attempt) {
    const Status back = decodes(j);
    if (back.ok()) return j;
    const std::string pointer = PointerOf(back.field());
    if (pointer.empty() || !original.contains(nlohmann::json::json_pointer(pointer))) break;
    const nlohmann::json::json_pointer p(pointer);
    if (j.at(p) == original.at(p)) break;
    j[p] = original.at(p);
  }
  return Internal("privacy.tombstone", "the record tombstone does not decode");
}

Result<Case> TombstoneCase(const Case& c) {
  ATENSI_ASSIGN_OR_RETURN(nlohmann::json j,
                          TombstoneDocument(ToJson(c), [](const nlohmann::json& d) {
                            return CaseFromJson(d).status();
                          }));
  return CaseFromJson(j);
}

}  // namespace atensi
