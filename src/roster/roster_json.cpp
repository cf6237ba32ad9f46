// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0

#include <algorithm>

#include "atensi/roster/roster_record.h"

namespace atensi {

using nlohmann::json;

std::string RosterKey(const RosterRecord& r) {
  return r.household_id + "/" + std::to_string(r.member_no);
}

json RosterRecordToJson(const RosterRecord& r) {
  json problems = json::array();
  for (ReportedProblem p : r.problems) problems.push_back(std::string(Name(p)));
  auto opt_bool = [](const std::optional<bool>& b) { return b ? json(*b) : json(nullptr); };
  return {{"line", r.line},
          {"household_id", r.household_id},
          {"member_no", r.member_no},
          {"dtks_person_id", r.dtks_person_id},
          {"nik", r.nik ? json(*r.nik) : json(nullptr)},
          {"kk", r.kk ? json(*r.kk) : json(nullptr)},
          {"name", r.name},
          {"sex", std::string(Name(r.sex))},
          {"birth_place", r.birth_place},
          {"birth_date", FormatIsoDate(r.birth_date)},
          {"relation_to_head", r.relation_to_head},
          {"domicile", r.domicile ? json(r.domicile->dotted()) : json(nullptr)},
          {"school", r.school ? json(static_cast<int>(*r.school)) : json(nullptr)},
          {"disability_code", r.disability_code},
          {"has_birth_certificate", opt_bool(r.has_birth_certificate)},
          {"disability_assisted", opt_bool(r.disability_assisted)},
          {"dtsen_decile", r.dtsen_decile ? json(*r.dtsen_decile) : json(nullptr)},
          {"pkh_participant_id", r.pkh_participant_id},
          {"problems", problems}};
}

Result<RosterRecord> RosterRecordFromJson(const json& j) {
  auto bad = [](const char* field) {
    return InvalidArgument("roster_json.field", field, "missing or malformed roster fact");
  };
  if (!j.is_object()) return bad("record");
  RosterRecord r;
  try {
    r.line = j.at("line").get<std::uint64_t>();
    r.household_id = j.at("household_id").get<std::string>();
    r.member_no = j.at("member_no").get<int>();
    r.dtks_person_id = j.at("dtks_person_id").get<std::string>();
    if (!j.at("nik").is_null()) r.nik = j.at("nik").get<std::string>();
    if (!j.at("kk").is_null()) r.kk = j.at("kk").get<std::string>();
    r.name = j.at("name").get<std::string>();
    auto sex = ParseSex(j.at("sex").get<std::string>());
    if (!sex) return bad("sex");
    r.sex = *sex;
    r.birth_place = j.at("birth_place").get<std::string>();
    ATENSI_ASSIGN_OR_RETURN(r.birth_date,
                            ParseIsoDate(j.at("birth_date").get<std::string>(), "birth_date"));
    r.relation_to_head = j.at("relation_to_head").get<int>();
    if (!j.at("domicile").is_null()) {
      ATENSI_ASSIGN_OR_RETURN(RegionCode d,
                              RegionCode::Parse(j.at("domicile").get<std::string>(), "domicile"));
      r.domicile = d;
    }
    if (!j.at("school").is_null()) {
      int s = j.at("school").get<int>();
      if (s < 0 || s > 2) return bad("school");
      r.school = static_cast<SchoolParticipation>(s);
    }
    r.disability_code = j.at("disability_code").get<int>();
    if (!j.at("has_birth_certificate").is_null()) {
      r.has_birth_certificate = j.at("has_birth_certificate").get<bool>();
    }
    if (!j.at("disability_assisted").is_null()) {
      r.disability_assisted = j.at("disability_assisted").get<bool>();
    }
    if (!j.at("dtsen_decile").is_null()) r.dtsen_decile = j.at("dtsen_decile").get<int>();
    r.pkh_participant_id = j.at("pkh_participant_id").get<std::string>();
    for (const auto& p : j.at("problems")) {
      auto rp = ParseReportedProblem(p.get<std::string>());
      if (!rp) return bad("problems");
      r.problems.push_back(*rp);
    }
  } catch (const json::exception&) {
    return bad("record");
  }
  return r;
}

}  // namespace atensi
