// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Loading and indexing the agency registry.
//
// The registry format is "atensi.agencies/1":
//   { "format": "atensi.agencies/1", "version": "...", "effective_from": "YYYY-MM-DD",
//     "source": "...", "agencies": [ <agency>, ... ] }
//   <agency> = { "id", "name", "type", "level", "parent"?, "coverage",
//                "services"?, "accepts_new_cases"?, "effective_from"?,
//                "effective_to"?, "source", "note"? }
//   "coverage" is either a list of region codes (one open-ended period) or a
//   list of periods { "from"?, "to"?, "regions": [...], "confirmed"?, "note"? }.
//
// Generic offices: UU 23/2014 annex F gives social affairs duties to both the
// province and the regency/city, so every province has a provincial social
// service and every regency/city a social service. Where the data does not
// list one, a generic entry is generated from the region table with the id
// "dinsos.PP" or "dinsos.PP.KK".

#include "atensi/routing/agency_registry.h"

#include <algorithm>
#include <array>
#include <functional>
#include <unordered_map>
#include <unordered_set>

#include "base/json_lines.h"
#include "routing/embedded_data.h"

namespace atensi {

using json_internal::Child;
using json_internal::JsonErrors;
using json_internal::JsonLineIndex;
using nlohmann::json;

namespace {

constexpr std::string_view kFormat = "atensi.agencies/1";

bool ValidId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

std::uint64_t IndexKey(AgencyType type, std::uint64_t packed) {
  return (static_cast<std::uint64_t>(type) << 40) | packed;
}

int LevelBit(RegionLevel level) { return 1 << static_cast<int>(level); }

}  // namespace

struct AgencyRegistry::Impl {
  struct Entry {
    std::uint32_t agency;
    std::uint32_t period;
  };
  const RegionTable* regions = nullptr;
  std::string version;
  Date effective_from{1900, 1, 1};
  std::vector<Agency> agencies;
  // Transparent hashing: FindById looks up a string_view without allocating.
  struct IdHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept {
      return std::hash<std::string_view>{}(s);
    }
  };
  std::unordered_map<std::string, std::uint32_t, IdHash, std::equal_to<>> by_id;
  // (type, coverage root) -> entries sorted by agency id.
  std::unordered_map<std::uint64_t, std::vector<Entry>> by_type_region;
  // Which region levels hold coverage roots, per type; lets a lookup skip levels.
  std::array<int, kAgencyTypeCount + 1> level_mask{};

  void BuildIndex() {
    by_id.clear();
    by_type_region.clear();
    level_mask.fill(0);
    for (std::uint32_t i = 0; i < agencies.size(); ++i) {
      const Agency& a = agencies[i];
      by_id.emplace(a.id, i);
      for (std::uint32_t p = 0; p < a.coverage.periods.size(); ++p) {
        for (const RegionCode& root : a.coverage.periods[p].regions) {
          by_type_region[IndexKey(a.type, root.packed())].push_back({i, p});
          level_mask[static_cast<std::size_t>(a.type)] |= LevelBit(root.level());
        }
      }
    }
    for (auto& [key, entries] : by_type_region) {
      std::sort(entries.begin(), entries.end(), [this](const Entry& x, const Entry& y) {
        return agencies[x.agency].id < agencies[y.agency].id;
      });
    }
  }

  // Calls fn(agency) for each agency of `type` covering `region` on `on`, most
  // specific root first; stops when fn returns true.
  template <typename Fn>
  void ForEach(AgencyType type, RegionCode region, Date on, Fn&& fn) const {
    int mask = level_mask[static_cast<std::size_t>(type)];
    for (int lv = static_cast<int>(region.level()); lv >= 1; --lv) {
      if ((mask & (1 << lv)) == 0) continue;
      RegionCode root = region.AncestorAt(static_cast<RegionLevel>(lv));
      auto it = by_type_region.find(IndexKey(type, root.packed()));
      if (it == by_type_region.end()) continue;
      for (const Entry& e : it->second) {
        const Agency& a = agencies[e.agency];
        if (!a.InEffect(on) || !a.coverage.periods[e.period].InEffect(on)) continue;
        if (fn(a)) return;
      }
    }
  }
};

namespace {

Status ParseCoverage(const JsonErrors& err, const json& node, const std::string& ptr,
                     const RegionTable& regions, Coverage* out) {
  if (!node.is_array() || node.empty()) {
    return err.Error(ptr, "coverage", "coverage must be a non-empty list");
  }
  auto parse_regions = [&](const json& list, const std::string& lptr,
                           std::vector<RegionCode>* codes) -> Status {
    if (!list.is_array() || list.empty()) {
      return err.Error(lptr, "coverage", "regions must be a non-empty list of region codes");
    }
    for (std::size_t i = 0; i < list.size(); ++i) {
      std::string iptr = Child(lptr, i);
      if (!list[i].is_string()) return err.Error(iptr, "type", "a region code must be a string");
      auto code = RegionCode::Parse(list[i].get<std::string>(), "coverage");
      if (!code.ok()) return err.Error(iptr, "region_format", "malformed region code");
      if (!regions.Contains(*code)) {
        return err.Error(iptr, "region_unknown",
                         "region " + code->dotted() + " is not in the region table");
      }
      codes->push_back(*code);
    }
    return Status::Ok();
  };
  if (node[0].is_string()) {
    CoveragePeriod period;
    ATENSI_RETURN_IF_ERROR(parse_regions(node, ptr, &period.regions));
    out->periods.push_back(std::move(period));
    return Status::Ok();
  }
  for (std::size_t i = 0; i < node.size(); ++i) {
    std::string pptr = Child(ptr, i);
    const json& p = node[i];
    if (!p.is_object()) return err.Error(pptr, "coverage", "a coverage period must be an object");
    ATENSI_RETURN_IF_ERROR(err.OnlyKeys(p, pptr, {"from", "to", "regions", "confirmed", "note"}));
    CoveragePeriod period;
    std::optional<Date> from;
    ATENSI_RETURN_IF_ERROR(err.OptDate(p, pptr, "from", &from));
    if (from) period.from = *from;
    ATENSI_RETURN_IF_ERROR(err.OptDate(p, pptr, "to", &period.to));
    if (period.to && *period.to < period.from) {
      return err.Error(Child(pptr, "to"), "coverage_dates",
                       "coverage period ends before it starts");
    }
    ATENSI_RETURN_IF_ERROR(err.Bool(p, pptr, "confirmed", &period.confirmed, false));
    ATENSI_RETURN_IF_ERROR(err.String(p, pptr, "note", &period.note, false));
    if (!period.confirmed && period.note.empty()) {
      return err.Error(pptr, "coverage_note",
                       "an unconfirmed coverage period needs a note saying what is unconfirmed");
    }
    if (!p.contains("regions")) return err.Error(pptr, "missing_field", "missing 'regions'");
    ATENSI_RETURN_IF_ERROR(parse_regions(p["regions"], Child(pptr, "regions"), &period.regions));
    for (const auto& other : out->periods) {
      bool disjoint =
          (other.to && *other.to < period.from) || (period.to && *period.to < other.from);
      if (!disjoint) {
        return err.Error(pptr, "coverage_overlap", "coverage periods overlap");
      }
    }
    out->periods.push_back(std::move(period));
  }
  return Status::Ok();
}

Status ParseServices(const JsonErrors& err, const json& node, const std::string& ptr,
                     Services* out) {
  if (!node.is_object()) return err.Error(ptr, "type", "services must be an object");
  ATENSI_RETURN_IF_ERROR(
      err.OnlyKeys(node, ptr, {"components", "bases", "categories", "age_min", "age_max"}));
  auto names = [&](const char* key, auto parse, auto* list) -> Status {
    auto it = node.find(key);
    if (it == node.end()) return Status::Ok();
    std::string kptr = Child(ptr, key);
    if (!it->is_array()) return err.Error(kptr, "type", std::string(key) + " must be a list");
    for (std::size_t i = 0; i < it->size(); ++i) {
      const json& v = (*it)[i];
      auto parsed = v.is_string() ? parse(v.template get<std::string>()) : std::nullopt;
      if (!parsed) {
        return err.Error(Child(kptr, i), "unknown_value", std::string("unknown value in ") + key);
      }
      list->push_back(*parsed);
    }
    return Status::Ok();
  };
  ATENSI_RETURN_IF_ERROR(names("components", ParseAtensiComponent, &out->components));
  ATENSI_RETURN_IF_ERROR(names("bases", ParseServiceBase, &out->bases));
  std::vector<AmpkCategory> cats;
  ATENSI_RETURN_IF_ERROR(names("categories", ParseAmpkCategory, &cats));
  for (auto c : cats) out->categories.Add(c);
  ATENSI_RETURN_IF_ERROR(err.Int(node, ptr, "age_min", &out->age_min, false, 0, 17));
  ATENSI_RETURN_IF_ERROR(err.Int(node, ptr, "age_max", &out->age_max, false, 0, 17));
  if (out->age_min > out->age_max) {
    return err.Error(ptr, "age_range", "age_min is above age_max");
  }
  return Status::Ok();
}

Status ParseAgency(JsonErrors& err, const json& node, const std::string& ptr,
                   const RegionTable& regions, Agency* a) {
  err.set_entity("agency #" + ptr.substr(ptr.rfind('/') + 1));
  if (!node.is_object()) return err.Error(ptr, "type", "an agency must be an object");
  ATENSI_RETURN_IF_ERROR(err.String(node, ptr, "id", &a->id, true));
  if (!ValidId(a->id)) {
    return err.Error(Child(ptr, "id"), "id_format",
                     "agency id must be 1-64 characters of a-z, 0-9, '.', '_' or '-'");
  }
  err.set_entity("agency '" + a->id + "'");
  ATENSI_RETURN_IF_ERROR(
      err.OnlyKeys(node, ptr,
                   {"id", "name", "type", "level", "parent", "coverage", "services",
                    "accepts_new_cases", "effective_from", "effective_to", "source", "note"}));
  ATENSI_RETURN_IF_ERROR(err.String(node, ptr, "name", &a->name, true));
  std::string text;
  ATENSI_RETURN_IF_ERROR(err.String(node, ptr, "type", &text, true));
  auto type = ParseAgencyType(text);
  if (!type) return err.Error(Child(ptr, "type"), "type_unknown", "unknown type '" + text + "'");
  a->type = *type;
  ATENSI_RETURN_IF_ERROR(err.String(node, ptr, "level", &text, true));
  auto level = ParseAgencyLevel(text);
  if (!level) {
    return err.Error(Child(ptr, "level"), "level_unknown", "unknown level '" + text + "'");
  }
  a->level = *level;
  ATENSI_RETURN_IF_ERROR(err.String(node, ptr, "parent", &a->parent_id, false));
  if (!node.contains("coverage")) return err.Error(ptr, "missing_field", "missing 'coverage'");
  ATENSI_RETURN_IF_ERROR(
      ParseCoverage(err, node["coverage"], Child(ptr, "coverage"), regions, &a->coverage));
  if (a->type == AgencyType::kMinistryCentre) {
    for (const auto& p : a->coverage.periods) {
      for (const auto& r : p.regions) {
        if (r.level() != RegionLevel::kProvince) {
          return err.Error(Child(ptr, "coverage"), "centre_coverage",
                           "a ministry centre's working area is a set of provinces");
        }
      }
    }
  }
  if (node.contains("services")) {
    ATENSI_RETURN_IF_ERROR(
        ParseServices(err, node["services"], Child(ptr, "services"), &a->services));
  }
  ATENSI_RETURN_IF_ERROR(err.Bool(node, ptr, "accepts_new_cases", &a->accepts_new_cases, false));
  ATENSI_RETURN_IF_ERROR(err.OptDate(node, ptr, "effective_from", &a->effective_from));
  ATENSI_RETURN_IF_ERROR(err.OptDate(node, ptr, "effective_to", &a->effective_to));
  if (a->effective_from && a->effective_to && *a->effective_to < *a->effective_from) {
    return err.Error(Child(ptr, "effective_to"), "effective_dates",
                     "effective_to is before effective_from");
  }
  ATENSI_RETURN_IF_ERROR(err.String(node, ptr, "source", &a->source, true));
  if (a->source.empty()) {
    return err.Error(Child(ptr, "source"), "source_missing", "every agency must cite its source");
  }
  ATENSI_RETURN_IF_ERROR(err.String(node, ptr, "note", &a->note, false));
  return Status::Ok();
}

bool HasOfficeFor(const std::vector<Agency>& agencies, AgencyType type, RegionCode root) {
  for (const auto& a : agencies) {
    if (a.type != type) continue;
    for (const auto& p : a.coverage.periods) {
      for (const auto& r : p.regions) {
        if (r == root) return true;
      }
    }
  }
  return false;
}

Agency GenericOffice(AgencyType type, const Region& region, const RegionTable& table) {
  Agency a;
  a.type = type;
  a.generated = true;
  a.coverage.periods.push_back(CoveragePeriod{});
  a.coverage.periods.back().regions.push_back(region.code);
  a.source = "generated from the region table (" + std::string(table.decree()) +
             "); UU 23/2014 annex F (social affairs duties of province and regency/city)";
  if (type == AgencyType::kProvincialSocialService) {
    a.id = "dinsos." + region.code.dotted();
    a.name = "Dinas Sosial Provinsi " + std::string(region.name);
    a.level = AgencyLevel::kProvince;
    a.services.bases = {ServiceBase::kResidensial};  // PP 2/2018 art 10(2): dalam panti
  } else {
    a.id = "dinsos." + region.code.dotted();
    a.name = "Dinas Sosial " + std::string(region.name);
    a.level = AgencyLevel::kRegencyCity;
    a.services.bases = {ServiceBase::kKeluarga, ServiceBase::kKomunitas};  // art 10(3): luar panti
  }
  return a;
}

}  // namespace

AgencyRegistry::AgencyRegistry() : impl_(std::make_unique<Impl>()) {}
AgencyRegistry::~AgencyRegistry() = default;
AgencyRegistry::AgencyRegistry(AgencyRegistry&&) noexcept = default;
AgencyRegistry& AgencyRegistry::operator=(AgencyRegistry&&) noexcept = default;

Result<AgencyRegistry> AgencyRegistry::FromJson(std::string_view json_text,
                                                const RegionTable& regions, bool generate_offices) {
  JsonLineIndex index(json_text);
  ATENSI_ASSIGN_OR_RETURN(json doc,
                          json_internal::ParseJsonText(json_text, index, "agency_registry"));
  JsonErrors err(index, "agency_registry");
  if (!doc.is_object()) return err.Error("", "type", "the registry must be a JSON object");
  ATENSI_RETURN_IF_ERROR(
      err.OnlyKeys(doc, "", {"format", "version", "effective_from", "source", "note", "agencies"}));
  std::string format;
  ATENSI_RETURN_IF_ERROR(err.String(doc, "", "format", &format, true));
  if (format != kFormat) {
    return err.Error("/format", "format", "format must be \"atensi.agencies/1\"");
  }
  AgencyRegistry reg;
  Impl& impl = *reg.impl_;
  impl.regions = &regions;
  ATENSI_RETURN_IF_ERROR(err.String(doc, "", "version", &impl.version, true));
  std::optional<Date> eff;
  ATENSI_RETURN_IF_ERROR(err.OptDate(doc, "", "effective_from", &eff));
  if (!eff) return err.Error("", "missing_field", "missing required field 'effective_from'");
  impl.effective_from = *eff;
  if (!doc.contains("agencies") || !doc["agencies"].is_array()) {
    return err.Error("", "missing_field", "missing list 'agencies'");
  }
  const json& list = doc["agencies"];
  std::unordered_map<std::string, std::string> seen;  // id -> pointer
  for (std::size_t i = 0; i < list.size(); ++i) {
    std::string ptr = Child("/agencies", i);
    Agency a;
    ATENSI_RETURN_IF_ERROR(ParseAgency(err, list[i], ptr, regions, &a));
    if (seen.contains(a.id)) {
      return err.Error(Child(ptr, "id"), "duplicate_id",
                       "agency id is used twice (first at line " +
                           std::to_string(index.LineOf(seen[a.id])) + ")");
    }
    seen.emplace(a.id, ptr);
    impl.agencies.push_back(std::move(a));
  }
  for (std::size_t i = 0; i < impl.agencies.size(); ++i) {
    const Agency& a = impl.agencies[i];
    if (!a.parent_id.empty() && !seen.contains(a.parent_id)) {
      err.set_entity("agency '" + a.id + "'");
      return err.Error(Child(Child("/agencies", i), "parent"), "parent_unknown",
                       "parent agency '" + a.parent_id + "' is not in the registry");
    }
  }
  if (generate_offices) {
    for (const Region& prov : regions.Provinces()) {
      if (!HasOfficeFor(impl.agencies, AgencyType::kProvincialSocialService, prov.code)) {
        Agency office = GenericOffice(AgencyType::kProvincialSocialService, prov, regions);
        if (!seen.contains(office.id)) impl.agencies.push_back(std::move(office));
      }
      for (const Region& reg_city : regions.Children(prov.code)) {
        if (!HasOfficeFor(impl.agencies, AgencyType::kRegencySocialService, reg_city.code)) {
          Agency office = GenericOffice(AgencyType::kRegencySocialService, reg_city, regions);
          // An id taken by listed data keeps the data.
          if (!seen.contains(office.id)) impl.agencies.push_back(std::move(office));
        }
      }
    }
  }
  impl.BuildIndex();
  return reg;
}

std::string_view AgencyRegistry::DefaultJson() noexcept {
  return routing_internal::EmbeddedAgenciesJson();
}

Result<AgencyRegistry> AgencyRegistry::Default(const RegionTable& regions) {
  return FromJson(DefaultJson(), regions, /*generate_offices=*/true);
}

const std::string& AgencyRegistry::version() const noexcept { return impl_->version; }
Date AgencyRegistry::effective_from() const noexcept { return impl_->effective_from; }
std::span<const Agency> AgencyRegistry::agencies() const noexcept { return impl_->agencies; }
const RegionTable& AgencyRegistry::regions() const noexcept { return *impl_->regions; }

const Agency* AgencyRegistry::FindById(std::string_view id) const noexcept {
  auto it = impl_->by_id.find(id);
  return it == impl_->by_id.end() ? nullptr : &impl_->agencies[it->second];
}

std::vector<const Agency*> AgencyRegistry::FindByType(AgencyType type, RegionCode region,
                                                      Date on) const {
  std::vector<const Agency*> out;
  impl_->ForEach(type, region, on, [&](const Agency& a) {
    if (std::find(out.begin(), out.end(), &a) == out.end()) out.push_back(&a);
    return false;
  });
  return out;
}

const Agency* AgencyRegistry::FindFirst(AgencyType type, RegionCode region, Date on, int age,
                                        AmpkSet cats) const noexcept {
  const Agency* found = nullptr;
  impl_->ForEach(type, region, on, [&](const Agency& a) {
    if (!a.accepts_new_cases || !a.services.Accepts(age, cats)) return false;
    found = &a;
    return true;
  });
  return found;
}

const Agency* AgencyRegistry::FindFirst(AgencyType type, RegionCode region,
                                        Date on) const noexcept {
  const Agency* found = nullptr;
  impl_->ForEach(type, region, on, [&](const Agency& a) {
    if (!a.accepts_new_cases) return false;
    found = &a;
    return true;
  });
  return found;
}

const Agency* AgencyRegistry::MinistryCentreFor(RegionCode region, Date on) const noexcept {
  return FindFirst(AgencyType::kMinistryCentre, region.AncestorAt(RegionLevel::kProvince), on);
}

}  // namespace atensi
