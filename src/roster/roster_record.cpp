// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0

#include "atensi/roster/roster_record.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <utility>

#include "atensi/kk.h"
#include "atensi/nik.h"
#include "atensi/roster/csv_reader.h"

namespace atensi {
namespace {

constexpr std::array<std::pair<ReportedProblem, std::string_view>, 10> kProblems{{
    {ReportedProblem::kKekerasan, "kekerasan"},
    {ReportedProblem::kKekerasanSeksual, "kekerasan_seksual"},
    {ReportedProblem::kEksploitasi, "eksploitasi"},
    {ReportedProblem::kPerdagangan, "perdagangan"},
    {ReportedProblem::kAbh, "abh"},
    {ReportedProblem::kNapza, "napza"},
    {ReportedProblem::kPenelantaran, "penelantaran"},
    {ReportedProblem::kAnakJalanan, "anak_jalanan"},
    {ReportedProblem::kPekerjaAnak, "pekerja_anak"},
    {ReportedProblem::kPerkawinanAnak, "perkawinan_anak"},
}};

// Canonical columns; the first kRequired are required.
const std::vector<std::string_view> kColumns = {
    "IDBDT",       "NoUrutART",      "Nama",
    "JnsKel",      "TglLahir",       "KdWilayah",
    "IDARTBDT",    "NoKK",           "NIK",
    "TmpLahir",    "Hub_KRT",        "Partisipasi_sekolah",
    "Jenis_cacat", "Ada_akta_lahir", "Pendamping_disabilitas",
    "Desil",       "NoPesertaPKH",   "Masalah"};
constexpr std::size_t kRequired = 6;

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool ParseInt(std::string_view s, int& out) {
  if (s.empty() || s.size() > 9) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size();
}

bool IsIdText(std::string_view s, std::size_t max) {
  if (s.empty() || s.size() > max) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' ||
           c == '/';
  });
}

// Accepts YYYY-MM-DD and the DD-MM-YYYY form common in DTKS exports.
Result<Date> ParseRosterDate(std::string_view s) {
  if (s.size() == 10 && s[2] == '-' && s[5] == '-') {
    std::string iso = std::string(s.substr(6, 4)) + "-" + std::string(s.substr(3, 2)) + "-" +
                      std::string(s.substr(0, 2));
    return ParseIsoDate(iso, "TglLahir");
  }
  return ParseIsoDate(s, "TglLahir");
}

class RowChecker {
 public:
  RowChecker(const RosterHeader& h, const std::vector<std::string>& f, std::uint64_t line)
      : header_(h), fields_(f), line_(line) {}

  std::string_view Get(std::string_view column) const {
    int i = header_.index(column);
    if (i < 0 || static_cast<std::size_t>(i) >= fields_.size()) return {};
    return Trim(fields_[static_cast<std::size_t>(i)]);
  }

  void Error(std::string_view field, std::string reason, std::string message) {
    errors_.push_back(RowError{line_, std::string(field), std::move(reason), std::move(message)});
  }

  std::vector<RowError>& errors() { return errors_; }

 private:
  const RosterHeader& header_;
  const std::vector<std::string>& fields_;
  std::uint64_t line_;
  std::vector<RowError> errors_;
};

std::optional<bool> ParseFlag(RowChecker& row, std::string_view column) {
  std::string_view v = row.Get(column);
  if (v.empty()) return std::nullopt;
  if (v == "1") return true;
  if (v == "0") return false;
  row.Error(column, "roster.flag", "must be 1 (ya) or 0 (tidak), or empty when unknown");
  return std::nullopt;
}

}  // namespace

std::string_view Name(ReportedProblem p) noexcept {
  for (const auto& [v, n] : kProblems) {
    if (v == p) return n;
  }
  return "unknown";
}

std::optional<ReportedProblem> ParseReportedProblem(std::string_view s) noexcept {
  for (const auto& [v, n] : kProblems) {
    if (n == s) return v;
  }
  return std::nullopt;
}

const std::vector<std::string_view>& RosterHeader::CanonicalColumns() { return kColumns; }

Result<RosterHeader> RosterHeader::FromFields(const std::vector<std::string>& header) {
  RosterHeader h;
  h.index_.assign(kColumns.size(), -1);
  for (std::size_t i = 0; i < header.size(); ++i) {
    std::string name = Lower(Trim(header[i]));
    for (std::size_t k = 0; k < kColumns.size(); ++k) {
      if (name == Lower(kColumns[k])) {
        if (h.index_[k] >= 0) {
          return InvalidArgument("roster.duplicate_column", std::string(kColumns[k]),
                                 "the header names this column twice");
        }
        h.index_[k] = static_cast<int>(i);
      }
    }
  }
  for (std::size_t k = 0; k < kRequired; ++k) {
    if (h.index_[k] < 0) {
      return InvalidArgument("roster.missing_column", std::string(kColumns[k]),
                             "the roster header lacks a required column (docs/roster-format.md)");
    }
  }
  return h;
}

int RosterHeader::index(std::string_view canonical) const {
  for (std::size_t k = 0; k < kColumns.size(); ++k) {
    if (kColumns[k] == canonical) return index_[k];
  }
  return -1;
}

RowResult ValidateRosterRow(const RosterHeader& header, const std::vector<std::string>& fields,
                            std::uint64_t line, Date reference_date) {
  RowChecker row(header, fields, line);
  RosterRecord r;
  r.line = line;

  std::string_view v = row.Get("IDBDT");
  if (!IsIdText(v, 32)) {
    row.Error("IDBDT", "roster.household_id",
              "household id is required: 1-32 letters, digits, '-', '_', '.', '/'");
  } else {
    r.household_id = std::string(v);
  }

  if (!ParseInt(row.Get("NoUrutART"), r.member_no) || r.member_no < 1 || r.member_no > 99) {
    row.Error("NoUrutART", "roster.member_no", "member number must be a whole number 1-99");
  }

  v = row.Get("IDARTBDT");
  if (!v.empty()) {
    if (!IsIdText(v, 32)) {
      row.Error("IDARTBDT", "roster.person_id",
                "DTKS person id: 1-32 letters, digits, '-', '_', '.', '/'");
    } else {
      r.dtks_person_id = std::string(v);
    }
  }

  v = row.Get("Nama");
  if (v.empty() || v.size() > 100 || !IsCleanUtf8Text(v)) {
    row.Error("Nama", "roster.name",
              "name is required: at most 100 bytes of text on one line (no control characters)");
  } else {
    r.name = std::string(v);
  }

  v = row.Get("JnsKel");
  if (v == "1" || v == "L" || v == "l") {
    r.sex = Sex::kMale;
  } else if (v == "2" || v == "P" || v == "p") {
    r.sex = Sex::kFemale;
  } else {
    row.Error("JnsKel", "roster.sex", "sex must be 1 (laki-laki) or 2 (perempuan), or L/P");
  }

  bool have_birth = false;
  auto birth = ParseRosterDate(row.Get("TglLahir"));
  if (!birth.ok()) {
    row.Error("TglLahir", birth.status().reason(),
              "birth date must be a real date written YYYY-MM-DD or DD-MM-YYYY");
  } else if (*birth > reference_date) {
    row.Error("TglLahir", "roster.future_birth", "birth date is after the reference date");
  } else {
    r.birth_date = *birth;
    have_birth = true;
  }

  v = row.Get("TmpLahir");
  if (v.size() > 100 || !IsCleanUtf8Text(v)) {
    row.Error("TmpLahir", "roster.birth_place",
              "place of birth: at most 100 bytes of text on one line (no control characters)");
  } else {
    r.birth_place = std::string(v);
  }

  v = row.Get("KdWilayah");
  auto code = RegionCode::Parse(v, "KdWilayah");
  if (!code.ok()) {
    row.Error("KdWilayah", "region.format",
              "domicile must be a Kemendagri village code PP.KK.CC.VVVV (dotted or 10 digits)");
  } else if (code->level() != RegionLevel::kVillage) {
    row.Error("KdWilayah", "roster.region_level",
              "domicile must be a village (desa/kelurahan) code, PP.KK.CC.VVVV");
  } else if (!RegionTable::Official().Contains(*code)) {
    row.Error("KdWilayah", "region.unknown",
              "no village has this code in " + std::string(RegionTable::Official().decree()));
  } else {
    r.domicile = *code;
  }

  v = row.Get("NIK");
  if (!v.empty()) {
    ParsedNik nik =
        ParseNik(v, reference_date, have_birth ? std::optional<Date>(r.birth_date) : std::nullopt);
    if (!nik.valid) {
      for (const auto& e : nik.errors) row.Error("NIK", e.code, e.message);
    } else {
      r.nik = nik.digits;
    }
  }

  v = row.Get("NoKK");
  if (!v.empty()) {
    ParsedKk kk = ParseKk(v, reference_date);
    if (!kk.valid) {
      for (const auto& e : kk.errors) row.Error("NoKK", e.code, e.message);
    } else {
      r.kk = kk.digits;
    }
  }

  v = row.Get("Hub_KRT");
  if (!v.empty() &&
      (!ParseInt(v, r.relation_to_head) || r.relation_to_head < 1 || r.relation_to_head > 8)) {
    row.Error("Hub_KRT", "roster.relation", "relation to the head of household is a code 1-8");
  }

  v = row.Get("Partisipasi_sekolah");
  if (!v.empty()) {
    if (v == "0") {
      r.school = SchoolParticipation::kNeverAttended;
    } else if (v == "1") {
      r.school = SchoolParticipation::kAttending;
    } else if (v == "2") {
      r.school = SchoolParticipation::kNoLonger;
    } else {
      row.Error("Partisipasi_sekolah", "roster.school",
                "school participation is 0 (never), 1 (attending) or 2 (no longer)");
    }
  }

  v = row.Get("Jenis_cacat");
  if (!v.empty() &&
      (!ParseInt(v, r.disability_code) || r.disability_code < 0 || r.disability_code > 99)) {
    row.Error("Jenis_cacat", "roster.disability", "disability is a code 0-99 (0 = none)");
  }

  r.has_birth_certificate = ParseFlag(row, "Ada_akta_lahir");
  r.disability_assisted = ParseFlag(row, "Pendamping_disabilitas");

  v = row.Get("Desil");
  if (!v.empty()) {
    int d = 0;
    if (!ParseInt(v, d) || d < 1 || d > 10) {
      row.Error("Desil", "roster.decile", "DTSEN decile is 1-10, or empty when not registered");
    } else {
      r.dtsen_decile = d;
    }
  }

  v = row.Get("NoPesertaPKH");
  if (!v.empty()) {
    if (!IsIdText(v, 32)) {
      row.Error("NoPesertaPKH", "roster.pkh_id",
                "PKH participant number: 1-32 letters, digits, '-', '_', '.', '/'");
    } else {
      r.pkh_participant_id = std::string(v);
    }
  }

  v = row.Get("Masalah");
  while (!v.empty()) {
    auto semi = v.find(';');
    std::string_view item = Trim(v.substr(0, semi));
    v = semi == std::string_view::npos ? std::string_view{} : v.substr(semi + 1);
    if (item.empty()) continue;
    auto p = ParseReportedProblem(Lower(item));
    if (!p) {
      row.Error("Masalah", "roster.problem",
                "unknown reported problem; use the codes in docs/roster-format.md, ';'-separated");
    } else if (std::find(r.problems.begin(), r.problems.end(), *p) == r.problems.end()) {
      r.problems.push_back(*p);
    }
  }

  RowResult out;
  if (row.errors().empty()) {
    out.record = std::move(r);
  } else {
    out.errors = std::move(row.errors());
  }
  return out;
}

}  // namespace atensi
