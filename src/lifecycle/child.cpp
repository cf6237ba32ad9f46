// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Child registration rules.
//
//   - UU 35/2014 art 1(1): "Anak adalah seseorang yang belum berusia 18
//     (delapan belas) tahun". Only a child can be registered.
//   - NIK optional; when present validated by ParseNik (nik.h).
//   - UU 27/2022 art 25(2): consent for a child comes from "orang tua anak
//     dan/atau wali anak" (CanConsentForChild).
//   - A person is on exactly one KK at a time (atensi.md §13 rule 30); KK
//     numbers change, so they are kept as non-overlapping periods (rule 31).
//   - DTSEN decile 1..10 with an as-of date (rule 46).
//   - The No. KK itself is checked by ParseKk (kk.h).

#include "atensi/lifecycle/child.h"

#include <algorithm>
#include <set>
#include <string>

#include "atensi/kk.h"
#include "atensi/nik.h"
#include "atensi/region.h"
#include "lifecycle/name_table.h"
#include "lifecycle/text_rules.h"

namespace atensi {
namespace {

using lifecycle_internal::CheckText;
using lifecycle_internal::CheckUuid;
using lifecycle_internal::kMaxNameBytes;
using lifecycle_internal::NameTable;

constexpr NameTable<GuardianRole, 5> kGuardianRoles{{
    {GuardianRole::kMother, "mother"},
    {GuardianRole::kFather, "father"},
    {GuardianRole::kLegalGuardian, "legal_guardian"},
    {GuardianRole::kRelative, "relative"},
    {GuardianRole::kInstitution, "institution"},
}};

Result<std::string> NormaliseNik(const std::string& nik, Date today, std::optional<Date> birth_date,
                                 const std::string& field) {
  ParsedNik parsed = ParseNik(nik, today, birth_date);
  if (!parsed.valid) {
    Status s = parsed.ToStatus();
    return Status(s.code(), s.reason(), field, s.message());
  }
  return parsed.digits;
}

}  // namespace

std::string_view Name(GuardianRole v) noexcept {
  return lifecycle_internal::LookupName(kGuardianRoles, v);
}
std::optional<GuardianRole> ParseGuardianRole(std::string_view s) noexcept {
  return lifecycle_internal::ReverseName(kGuardianRoles, s);
}

bool CanConsentForChild(GuardianRole role) noexcept {
  return role == GuardianRole::kMother || role == GuardianRole::kFather ||
         role == GuardianRole::kLegalGuardian;
}

const Guardian* Child::FindGuardian(std::string_view guardian_id) const {
  for (const Guardian& g : guardians) {
    if (g.id == guardian_id) return &g;
  }
  return nullptr;
}

const FamilyLink* Child::FamilyLinkOn(Date day) const {
  for (const FamilyLink& f : family_links) {
    if (f.valid_from.is_special() || day < f.valid_from) continue;
    if (f.valid_to.has_value() && day > *f.valid_to) continue;
    return &f;
  }
  return nullptr;
}

Result<Child> ValidateChild(const Child& input, Date today) {
  Child child = input;
  ATENSI_RETURN_IF_ERROR(CheckUuid(child.id, "id", "child.id_required"));
  ATENSI_RETURN_IF_ERROR(CheckText(child.name, "name", 1, kMaxNameBytes, false, "child.name"));
  if (!ParseSex(Name(child.sex)).has_value()) {
    return InvalidArgument("child.sex", "sex", "sex must be M or F");
  }
  if (child.birth_date.is_special()) {
    return InvalidArgument("child.birth_date_missing", "birth_date",
                           "a child's birth date is required to apply the age limit of "
                           "UU 35/2014 art 1(1)");
  }
  if (child.birth_date > today) {
    return InvalidArgument("child.birth_in_future", "birth_date",
                           "the birth date is after today's date");
  }
  if (!IsChildAt(child.birth_date, today)) {
    return InvalidArgument("child.not_a_child", "birth_date",
                           "only a person under 18 can be registered as a child: "
                           "UU 35/2014 art 1(1) (\"Anak adalah seseorang yang belum berusia 18 "
                           "tahun\")");
  }
  if (child.nik.has_value()) {
    ATENSI_ASSIGN_OR_RETURN(std::string digits,
                            NormaliseNik(*child.nik, today, child.birth_date, "nik"));
    child.nik = digits;
  }
  if (!child.domicile_region.empty()) {
    auto code = RegionCode::Parse(child.domicile_region, "domicile_region");
    if (!code.ok()) {
      return InvalidArgument("child.region", "domicile_region",
                             "the domicile must be a Kemendagri region code such as "
                             "15.71.01.1001 (Permendagri 58/2021)");
    }
    if (!RegionTable::Official().Contains(*code)) {
      return InvalidArgument("child.region", "domicile_region",
                             "the domicile region code is not in the current Kemendagri table; "
                             "use the current code (Kepmendagri 300.2.2-2430/2025)");
    }
    child.domicile_region = code->dotted();
  }

  std::set<std::string> guardian_ids;
  for (std::size_t i = 0; i < child.guardians.size(); ++i) {
    Guardian& g = child.guardians[i];
    const std::string prefix = "guardians[" + std::to_string(i) + "]";
    ATENSI_RETURN_IF_ERROR(CheckUuid(g.id, prefix + ".id", "child.guardian"));
    if (!guardian_ids.insert(g.id).second) {
      return InvalidArgument("child.guardian", prefix + ".id", "guardian ids must be unique");
    }
    ATENSI_RETURN_IF_ERROR(
        CheckText(g.name, prefix + ".name", 1, kMaxNameBytes, false, "child.guardian"));
    if (!ParseGuardianRole(Name(g.role)).has_value()) {
      return InvalidArgument("child.guardian", prefix + ".role", "unknown guardian role");
    }
    if (g.nik.has_value()) {
      ATENSI_ASSIGN_OR_RETURN(std::string digits,
                              NormaliseNik(*g.nik, today, std::nullopt, prefix + ".nik"));
      g.nik = digits;
    }
  }

  for (std::size_t i = 0; i < child.family_links.size(); ++i) {
    FamilyLink& f = child.family_links[i];
    const std::string prefix = "family_links[" + std::to_string(i) + "]";
    ParsedKk kk = ParseKk(f.kk_number, today);
    if (!kk.valid) {
      Status s = kk.ToStatus();
      return Status(s.code(), s.reason(), prefix + ".kk_number", s.message());
    }
    f.kk_number = kk.digits;
    if (f.valid_from.is_special()) {
      return InvalidArgument("child.kk_period", prefix + ".valid_from",
                             "a KK period needs its valid-from date (KK numbers change; "
                             "atensi.md §13 rule 31)");
    }
    if (f.valid_to.has_value() && (f.valid_to->is_special() || *f.valid_to < f.valid_from)) {
      return InvalidArgument("child.kk_period", prefix + ".valid_to",
                             "a KK period cannot end before it starts");
    }
    if (f.pkh_participant_id.has_value()) {
      ATENSI_RETURN_IF_ERROR(lifecycle_internal::CheckOpaqueId(
          *f.pkh_participant_id, prefix + ".pkh_participant_id", false));
    }
    if (f.dtsen.has_value()) {
      ATENSI_RETURN_IF_ERROR(
          lifecycle_internal::CheckOpaqueId(f.dtsen->id, prefix + ".dtsen.id", false));
      if (f.dtsen->decile < 1 || f.dtsen->decile > 10) {
        return InvalidArgument("child.dtsen_decile", prefix + ".dtsen.decile",
                               "the DTSEN welfare decile is 1 (poorest) to 10 (Inpres 4/2025)");
      }
      if (f.dtsen->as_of.is_special() || f.dtsen->as_of > today) {
        return InvalidArgument("child.dtsen_as_of", prefix + ".dtsen.as_of",
                               "a DTSEN decile needs the date it was read, not after today "
                               "(DTSEN is updated quarterly)");
      }
    }
  }
  if (child.roster_key.has_value()) {
    Status key = lifecycle_internal::CheckOpaqueId(*child.roster_key, "roster_key", false);
    if (!key.ok()) {
      return InvalidArgument("child.roster_key", "roster_key",
                             "the roster key must be 1..128 bytes without control characters");
    }
  }
  std::sort(child.family_links.begin(), child.family_links.end(),
            [](const FamilyLink& a, const FamilyLink& b) { return a.valid_from < b.valid_from; });
  for (std::size_t i = 1; i < child.family_links.size(); ++i) {
    const FamilyLink& prev = child.family_links[i - 1];
    const FamilyLink& cur = child.family_links[i];
    if (!prev.valid_to.has_value() || *prev.valid_to >= cur.valid_from) {
      return InvalidArgument("child.kk_overlap", "family_links[" + std::to_string(i) + "]",
                             "KK periods overlap: a person is on exactly one KK at a time "
                             "(Dukcapil; atensi.md §13 rule 30)");
    }
  }
  return child;
}

}  // namespace atensi
