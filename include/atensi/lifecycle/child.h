// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// The child: the person a case is about.
//
// Rules encoded here (shared/domain/atensi.md §5, §10, §13):
//   - A child is a person under 18, UU 35/2014 art 1(1). A child can be
//     registered only while under 18 (ValidateChild); a case that stays open
//     past the 18th birthday is flagged (see transition.h, CheckAgeOut).
//   - The NIK is optional: many children have none yet (no KIA, no akta). When
//     present it must be a valid NIK (nik.h, ParseNik). Its region prefix is the
//     place of first registration and is never used as the domicile.
//   - The No. KK changes when a family moves, splits or its head dies
//     (identifiers.md; atensi.md §13 rule 31), so the family link is a HISTORY
//     of KK periods with validity dates, never a permanent family id. A person
//     is on exactly one KK at a time (rule 30): periods must not overlap.
//   - The PKH participant id and the DTSEN (formerly DTKS) id and welfare
//     decile (1-10, with the as-of date, updated quarterly; rule 46) belong to
//     the household, so they live on the KK period they were read for.
//   - Consent to process a child's data must come from a parent or a guardian
//     (wali), UU 27/2022 art 25(2). Guardian::role says which.

#ifndef ATENSI_LIFECYCLE_CHILD_H_
#define ATENSI_LIFECYCLE_CHILD_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "atensi/date.h"
#include "atensi/status.h"
#include "atensi/vocabulary.h"

namespace atensi {

// How a guardian relates to the child. Stable numeric values (stored).
enum class GuardianRole : std::uint8_t {
  kMother = 1,
  kFather = 2,
  kLegalGuardian = 3,  // wali (court-appointed or by law)
  kRelative = 4,       // other family caregiver without guardianship
  kInstitution = 5,    // head of an LKSA / institution caring for the child
};

// "mother", "father", "legal_guardian", "relative", "institution".
std::string_view Name(GuardianRole v) noexcept;
std::optional<GuardianRole> ParseGuardianRole(std::string_view s) noexcept;

// True for the roles whose consent counts under UU 27/2022 art 25(2):
// "orang tua anak dan/atau wali anak" (mother, father, legal guardian).
bool CanConsentForChild(GuardianRole role) noexcept;

// A parent or other caregiver of the child.
struct Guardian {
  std::string id;    // canonical UUID text; unique within the child
  std::string name;  // UTF-8, 1..200 bytes, no control characters
  GuardianRole role = GuardianRole::kMother;
  std::optional<std::string> nik;  // optional; validated like the child's NIK

  friend bool operator==(const Guardian&, const Guardian&) = default;
};

// The household's DTSEN (Data Tunggal Sosial dan Ekonomi Nasional; formerly
// DTKS) record as read on `as_of`.
struct DtsenRecord {
  std::string id;  // DTSEN / DTKS household id (opaque text)
  int decile = 0;  // welfare decile 1 (poorest) .. 10
  Date as_of;      // date the decile was read (DTSEN updates quarterly)

  friend bool operator==(const DtsenRecord&, const DtsenRecord&) = default;
};

// One period of the child's membership in a family card (KK).
// The period is [valid_from, valid_to] inclusive; valid_to empty = current.
struct FamilyLink {
  std::string kk_number;  // 16 digits
  Date valid_from;
  std::optional<Date> valid_to;                   // inclusive; nullopt = still valid
  std::optional<std::string> pkh_participant_id;  // PKH family participant id
  std::optional<DtsenRecord> dtsen;               // household DTSEN id + decile

  friend bool operator==(const FamilyLink&, const FamilyLink&) = default;
};

// A child registered in atensi.
struct Child {
  std::string id;                  // atensi id, canonical UUID text
  std::optional<std::string> nik;  // 16 digits when present
  std::string name;                // UTF-8, 1..200 bytes, no control characters
  Sex sex = Sex::kMale;
  Date birth_date;
  // Kemendagri region code of the domicile, dotted, as precise as known
  // (village level when known), e.g. "15.71.01.1001". Empty = unknown.
  std::string domicile_region;
  std::vector<Guardian> guardians;
  // KK history, in any order; ValidateChild sorts it by valid_from.
  std::vector<FamilyLink> family_links;
  // Whether the child has an akta kelahiran (birth certificate, UU 24/2013
  // art 27); nullopt = not known. Routing involves Dukcapil when false.
  std::optional<bool> has_birth_certificate;
  // External key of the PKH/DTKS roster row the child was imported from
  // ("IDBDT/NoUrutART"), for idempotent import when there is no NIK. Opaque
  // text, unique in a store; nullopt = not imported from a roster.
  std::optional<std::string> roster_key;

  // The guardian with this id, or nullptr.
  [[nodiscard]] const Guardian* FindGuardian(std::string_view guardian_id) const;
  // The KK period valid on `day`, or nullptr.
  [[nodiscard]] const FamilyLink* FamilyLinkOn(Date day) const;

  friend bool operator==(const Child&, const Child&) = default;
};

// Validates a child record for registration or update on `today` (the date in
// the caller's time zone) and returns it normalised (NIK digits without
// separators, family links sorted by valid_from). Errors, each InvalidArgument
// naming the field:
//   "child.id_required"            id empty or malformed
//   "child.name"                   name empty, over 200 bytes, invalid UTF-8 or
//                                  containing control characters
//   "child.birth_date_missing"     birth date not set
//   "child.birth_in_future"        birth date after `today`
//   "child.not_a_child"            18 or over on `today`, UU 35/2014 art 1(1)
//   nik.* (from ParseNik)          NIK present but invalid
//   "child.region"                 domicile region not a well-formed region code
//   "child.guardian"               guardian id/name invalid or ids not unique
//   kk.* (from ParseKk)            a KK number is invalid (field
//                                  "family_links[i].kk_number"); normalised to digits
//   "child.kk_period"              valid_to before valid_from
//   "child.kk_overlap"             two KK periods overlap (one KK at a time)
//   "child.dtsen_decile"           decile outside 1..10
//   "child.dtsen_as_of"            as-of date missing or after `today`
//   "child.roster_key"             roster key present but empty, over 128
//                                  bytes or containing control characters
Result<Child> ValidateChild(const Child& child, Date today);

}  // namespace atensi

#endif  // ATENSI_LIFECYCLE_CHILD_H_
