// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// One member row of a PKH/DTKS-style household roster, and its validation.
//
// The column names follow the DTKS/BDT individual (ART) record as mirrored by
// regional applications (shared/domain/identifiers.md §6): IDBDT, IDARTBDT,
// NoPesertaPKH, Nama, JnsKel, TmpLahir, TglLahir, NIK, NoKK, Hub_KRT,
// Partisipasi_sekolah, Jenis_cacat. atensi adds the columns a child-protection
// screening needs and DTKS does not carry: NoUrutART (member number within the
// household, the key when NIK is absent), KdWilayah (the Kemendagri village
// code of the domicile — NOT the BPS-style KDKEC/KDDESA of BDT exports), Desil
// (DTSEN decile), Ada_akta_lahir, Pendamping_disabilitas and Masalah (reported
// problems). The full mapping is in docs/roster-format.md. Header names are
// matched case-insensitively; column order is free; unknown columns are
// ignored; a missing required column rejects the whole file before any row is
// written.
//
// Validation never stops at the first bad field of a row: it returns every
// problem, each naming the field and the rule, so the reject file tells the
// data officer everything to fix at once.

#ifndef ATENSI_ROSTER_ROSTER_RECORD_H_
#define ATENSI_ROSTER_ROSTER_RECORD_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "atensi/date.h"
#include "atensi/region.h"
#include "atensi/status.h"
#include "atensi/vocabulary.h"

namespace atensi {

// DTKS Partisipasi_sekolah codes.
enum class SchoolParticipation : std::uint8_t {
  kNeverAttended = 0,  // tidak/belum pernah sekolah
  kAttending = 1,      // masih sekolah
  kNoLonger = 2,       // tidak bersekolah lagi
};

// Problems reported for a member (Masalah column, ';'-separated).
enum class ReportedProblem : std::uint8_t {
  kKekerasan = 1,         // physical/psychological violence
  kKekerasanSeksual = 2,  // sexual violence
  kEksploitasi = 3,       // economic or sexual exploitation
  kPerdagangan = 4,       // trafficking
  kAbh = 5,               // in conflict with the law / victim / witness
  kNapza = 6,             // substance abuse
  kPenelantaran = 7,      // neglect
  kAnakJalanan = 8,       // street child
  kPekerjaAnak = 9,       // child labour
  kPerkawinanAnak = 10,   // child marriage
};
std::string_view Name(ReportedProblem p) noexcept;
std::optional<ReportedProblem> ParseReportedProblem(std::string_view s) noexcept;

// A validated roster row.
struct RosterRecord {
  std::uint64_t line = 0;          // physical line in the file
  std::string household_id;        // IDBDT
  int member_no = 0;               // NoUrutART, 1..99
  std::string dtks_person_id;      // IDARTBDT (optional)
  std::optional<std::string> nik;  // 16 digits, validated
  std::optional<std::string> kk;   // 16 digits, validated
  std::string name;                // Nama (synthetic in samples)
  Sex sex = Sex::kMale;            // JnsKel 1/2 (or L/P)
  std::string birth_place;         // TmpLahir
  Date birth_date;                 // TglLahir
  int relation_to_head = 0;        // Hub_KRT (BPS codes 1-8)
  // KdWilayah: a village (desa/kelurahan) that exists. Always set on a
  // validated record (optional only because RegionCode has no empty value).
  std::optional<RegionCode> domicile;
  std::optional<SchoolParticipation> school;  // Partisipasi_sekolah
  int disability_code = 0;                    // Jenis_cacat; 0 = none
  std::optional<bool> has_birth_certificate;  // Ada_akta_lahir
  std::optional<bool> disability_assisted;    // Pendamping_disabilitas
  std::optional<int> dtsen_decile;            // Desil 1..10
  std::string pkh_participant_id;             // NoPesertaPKH; empty = not in PKH
  std::vector<ReportedProblem> problems;      // Masalah

  [[nodiscard]] bool is_pkh() const { return !pkh_participant_id.empty(); }
  [[nodiscard]] bool has_disability() const { return disability_code != 0; }
};

// One problem with one field of one row.
struct RowError {
  std::uint64_t line = 0;
  std::string field;   // column name, e.g. "TglLahir"
  std::string reason;  // stable rule id, e.g. "roster.date", "nik.day_range"
  std::string message;
};

// Maps header names to column indexes. Built once per file.
class RosterHeader {
 public:
  // Fails with InvalidArgument "roster.missing_column" naming the first
  // required column that is absent, or "roster.duplicate_column".
  static Result<RosterHeader> FromFields(const std::vector<std::string>& header);

  // The column names atensi understands, in the order `sample` writes them.
  static const std::vector<std::string_view>& CanonicalColumns();

  [[nodiscard]] int index(std::string_view canonical) const;  // -1 when absent

 private:
  std::vector<int> index_;  // parallel to CanonicalColumns()
};

// Validates one CSV record against the header at `reference_date`. Returns the
// record, or every problem found (never empty on failure).
struct RowResult {
  std::optional<RosterRecord> record;
  std::vector<RowError> errors;
};
RowResult ValidateRosterRow(const RosterHeader& header, const std::vector<std::string>& fields,
                            std::uint64_t line, Date reference_date);

// The roster facts of a record as JSON (for staging between `import` and
// `screen`), and back. Round-trips exactly; FromJson validates like the CSV
// path and names the field on error.
nlohmann::json RosterRecordToJson(const RosterRecord& r);
Result<RosterRecord> RosterRecordFromJson(const nlohmann::json& j);

// The idempotency key of a roster member without a NIK: "IDBDT/NoUrutART".
std::string RosterKey(const RosterRecord& r);

}  // namespace atensi

#endif  // ATENSI_ROSTER_ROSTER_RECORD_H_
