// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// The agency registry: every agency atensi can route a case to, as versioned,
// effective-dated data.
//
// A registry is loaded from JSON (format "atensi.agencies/1", see
// data/agencies/jambi.json). Loading validates every entry and reports the
// first error with its JSON line and the agency id, e.g.
//   "line 42, agency 'dinsos.15': unknown type 'dinas'".
//
// Default() builds the shipped registry: the Jambi parties of the 2020
// Alyatama audience ([S6]) compiled into the library from
// data/agencies/jambi.json, plus generic offices generated from the region
// table for every province and regency/city that the data does not list
// (one provincial social service per province, one regency/city social
// service per regency/city; UU 23/2014 annex F gives both levels social
// affairs duties).
//
// Lookups by type and region use an index built at load time; a lookup does
// no string work. A registry is immutable after construction and safe to share
// between threads.

#ifndef ATENSI_ROUTING_AGENCY_REGISTRY_H_
#define ATENSI_ROUTING_AGENCY_REGISTRY_H_

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "atensi/date.h"
#include "atensi/region.h"
#include "atensi/routing/agency.h"
#include "atensi/status.h"

namespace atensi {

class AgencyRegistry {
 public:
  AgencyRegistry();
  ~AgencyRegistry();
  AgencyRegistry(AgencyRegistry&&) noexcept;
  AgencyRegistry& operator=(AgencyRegistry&&) noexcept;
  AgencyRegistry(const AgencyRegistry&) = delete;
  AgencyRegistry& operator=(const AgencyRegistry&) = delete;

  // Parses and validates a registry. Region codes must exist in `regions`.
  // With `generate_offices` set, adds a generic social service for every
  // province and regency/city of `regions` that has none of that type with
  // that exact coverage. Errors: InvalidArgument with reason
  // "agency_registry.<rule>" and a message starting "line N, agency 'id': ".
  static Result<AgencyRegistry> FromJson(std::string_view json_text, const RegionTable& regions,
                                         bool generate_offices = false);

  // The shipped registry (data/agencies/jambi.json compiled in, plus generic
  // offices for all other provinces). Fails only if the compiled-in data no
  // longer matches `regions`.
  static Result<AgencyRegistry> Default(const RegionTable& regions);

  // The compiled-in text of data/agencies/jambi.json.
  static std::string_view DefaultJson() noexcept;

  [[nodiscard]] const std::string& version() const noexcept;
  [[nodiscard]] Date effective_from() const noexcept;
  [[nodiscard]] std::span<const Agency> agencies() const noexcept;

  // nullptr when no agency has this id.
  [[nodiscard]] const Agency* FindById(std::string_view id) const noexcept;

  // Agencies of `type` in effect on `on` whose coverage contains `region`,
  // most specific coverage first (regency before province before national),
  // then by id. Does not check accepts_new_cases.
  [[nodiscard]] std::vector<const Agency*> FindByType(AgencyType type, RegionCode region,
                                                      Date on) const;

  // The first agency FindByType would return that accepts new cases and
  // accepts a child of `age` in `cats`; nullptr when none. Allocation-free.
  [[nodiscard]] const Agency* FindFirst(AgencyType type, RegionCode region, Date on, int age,
                                        AmpkSet cats) const noexcept;
  // As above without the service filter (new cases still required).
  [[nodiscard]] const Agency* FindFirst(AgencyType type, RegionCode region, Date on) const noexcept;

  // The Kemensos centre (AgencyType::kMinistryCentre) whose working area on
  // `on` includes the province of `region`; nullptr when none.
  [[nodiscard]] const Agency* MinistryCentreFor(RegionCode region, Date on) const noexcept;

  // The region table the registry was validated against.
  [[nodiscard]] const RegionTable& regions() const noexcept;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace atensi

#endif  // ATENSI_ROUTING_AGENCY_REGISTRY_H_
