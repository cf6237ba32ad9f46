// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Pieces shared by the two 16-digit Dukcapil numbers, the NIK (nik.h) and the
// No. KK (kk.h): the issue record a check reports, and the region prefix
// PP KK CC that both numbers start with.
//
// Both numbers are checked in the same way: a hard error makes the number
// invalid; a warning leaves it valid but tells the caseworker something is
// worth a look (a historical region code, a date that disagrees with the
// recorded one). Every issue has a stable dotted code ("nik.day_range") that
// callers match on, and a message that names the rule and its source. Messages
// never contain the number or any part of it (status.h).

#ifndef ATENSI_ID_NUMBER_H_
#define ATENSI_ID_NUMBER_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "atensi/region.h"

namespace atensi {

// One finding of a NIK / No. KK check.
struct IdIssue {
  std::string code;     // stable dotted rule id, e.g. "nik.serial_zero"
  std::string message;  // human sentence naming the rule and its source; no personal data

  friend bool operator==(const IdIssue&, const IdIssue&) = default;
};

// True when `issues` holds an issue with this code.
bool HasIssue(const std::vector<IdIssue>& issues, std::string_view code) noexcept;

// The region prefix PP KK CC of a NIK or No. KK: the Kemendagri codes of the
// province, regency/city and kecamatan where the number was first registered
// (NIK) or issued (No. KK). It is NOT the person's domicile and must never be
// used to decide jurisdiction.
//
// The "as written" codes are set whenever the digits form a syntactically valid
// code (no 00 group), whether or not the region exists. current_regency is the
// equivalent code in today's table: the same code when it is current, the code
// it moved to when it is historical (e.g. 91.01 -> 93.01, UU 14/2022; then
// `historical` is true), nullopt when unknown. current_district is set when the
// kecamatan code as written is current, or moved by a kecamatan-level alias;
// under a moved regency the kecamatan may have been renumbered, so it is not
// mapped (nullopt, and no "district_unknown" warning). Print codes with
// RegionCode::dotted().
struct IdRegion {
  std::optional<RegionCode> province;  // PP
  std::optional<RegionCode> regency;   // PP.KK as written
  std::optional<RegionCode> district;  // PP.KK.CC as written
  std::optional<RegionCode> current_regency;
  std::optional<RegionCode> current_district;
  bool historical = false;  // resolved only through a RegionTable alias
};

}  // namespace atensi

#endif  // ATENSI_ID_NUMBER_H_
