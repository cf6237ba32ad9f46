// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0

#include "atensi/roster/roster_sample.h"

#include <array>
#include <cstdio>
#include <string>
#include <vector>

#include "atensi/region.h"
#include "atensi/roster/roster_record.h"

namespace atensi {
namespace {

// splitmix64: tiny, fast and identical on every platform.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : s_(seed * 0x9E3779B97F4A7C15ULL + 0xD1B54A32D192ED03ULL) {}
  std::uint64_t Next() {
    std::uint64_t z = (s_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  // Uniform in [0, n).
  std::uint64_t Below(std::uint64_t n) { return n == 0 ? 0 : Next() % n; }
  int Between(int lo, int hi) {
    return lo + static_cast<int>(Below(static_cast<std::uint64_t>(hi - lo + 1)));
  }
  // True with probability per_mille / 1000.
  bool Chance(int per_mille) { return static_cast<int>(Below(1000)) < per_mille; }

 private:
  std::uint64_t s_;
};

constexpr std::array<const char*, 40> kMaleNames{
    "Adi",   "Bayu",  "Candra", "Dimas",  "Eko",   "Fajar", "Gilang", "Hendra",
    "Indra", "Joko",  "Kurnia", "Lukman", "Made",  "Nanda", "Oki",    "Putra",
    "Rizki", "Sandi", "Teguh",  "Umar",   "Wahyu", "Yoga",  "Zaki",   "Arif",
    "Bagus", "Deni",  "Edo",    "Firman", "Galih", "Hadi",  "Ilham",  "Jaka",
    "Kevin", "Lutfi", "Rangga", "Naufal", "Panji", "Raka",  "Satria", "Tomi"};
constexpr std::array<const char*, 40> kFemaleNames{
    "Ayu",    "Bunga",  "Citra",   "Dewi",    "Eka",   "Fitri", "Gita",    "Hana",
    "Intan",  "Juwita", "Kartika", "Lestari", "Mawar", "Nur",   "Oktavia", "Putri",
    "Rani",   "Sari",   "Tari",    "Utami",   "Wulan", "Yanti", "Zahra",   "Anisa",
    "Bella",  "Dina",   "Elsa",    "Fira",    "Indah", "Jihan", "Kirana",  "Laras",
    "Melati", "Nadia",  "Puspita", "Ratna",   "Salsa", "Tiara", "Vina",    "Wati"};
constexpr std::array<const char*, 40> kSecondNames{
    "Pratama",   "Saputra",   "Wijaya",    "Santoso",     "Hidayat",    "Nugroho",  "Hutapea",
    "Sitompul",  "Siregar",   "Harahap",   "Simanjuntak", "Lubis",      "Nasution", "Rahman",
    "Hakim",     "Syahputra", "Kurniawan", "Setiawan",    "Susanto",    "Gunawan",  "Manurung",
    "Daulay",    "Rangkuti",  "Batubara",  "Ramadhan",    "Firmansyah", "Hasibuan", "Pane",
    "Sembiring", "Tarigan",   "Ginting",   "Marpaung",    "Effendi",    "Iskandar", "Halim",
    "Yusuf",     "Ismail",    "Salim",     "Fauzi",       "Anwar"};

std::string Pad(std::uint64_t v, int width) {
  std::string s = std::to_string(v);
  if (static_cast<int>(s.size()) < width)
    s.insert(0, static_cast<std::size_t>(width) - s.size(), '0');
  return s;
}

std::string Name(Rng& rng, Sex sex) {
  const char* first = sex == Sex::kMale ? kMaleNames[rng.Below(kMaleNames.size())]
                                        : kFemaleNames[rng.Below(kFemaleNames.size())];
  return std::string(first) + " " + kSecondNames[rng.Below(kSecondNames.size())];
}

// A NIK valid under atensi's own rules: district prefix, DDMMYY (+40 for women), serial >= 1.
std::string MakeNik(Rng& rng, RegionCode district, Date birth, Sex sex) {
  auto ymd = birth.year_month_day();
  int day = ymd.day + (sex == Sex::kFemale ? 40 : 0);
  return district.undotted().substr(0, 6) + Pad(static_cast<std::uint64_t>(day), 2) +
         Pad(ymd.month, 2) + Pad(static_cast<std::uint64_t>(ymd.year % 100), 2) +
         Pad(static_cast<std::uint64_t>(rng.Between(1, 9999)), 4);
}

std::string MakeKk(Rng& rng, RegionCode district, Date recorded) {
  auto ymd = recorded.year_month_day();
  return district.undotted().substr(0, 6) + Pad(ymd.day, 2) + Pad(ymd.month, 2) +
         Pad(static_cast<std::uint64_t>(ymd.year % 100), 2) +
         Pad(static_cast<std::uint64_t>(rng.Between(1, 9999)), 4);
}

Date DaysBefore(Date ref, int days) { return ref - boost::gregorian::days(days); }

std::string Csv(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

struct Row {
  std::string household, member, person, kk, nik, name, sex, place, birth, relation, village,
      school, disability, birth_cert, assisted, decile, pkh, problems;
};

void WriteRow(std::ostream& out, const Row& r) {
  // Column order = RosterHeader::CanonicalColumns().
  out << Csv(r.household) << ',' << r.member << ',' << Csv(r.name) << ',' << r.sex << ',' << r.birth
      << ',' << r.village << ',' << r.person << ',' << r.kk << ',' << r.nik << ',' << Csv(r.place)
      << ',' << r.relation << ',' << r.school << ',' << r.disability << ',' << r.birth_cert << ','
      << r.assisted << ',' << r.decile << ',' << r.pkh << ',' << r.problems << '\n';
}

}  // namespace

Result<SampleStats> WriteSampleRoster(std::ostream& out, const SampleOptions& options) {
  if (options.children == 0 || options.children > 50'000'000) {
    return InvalidArgument("sample.children", "children",
                           "the number of children must be between 1 and 50,000,000");
  }
  const RegionTable& table = RegionTable::Official();
  auto province =
      RegionCode::Parse(Pad(static_cast<std::uint64_t>(options.province), 2), "province");
  if (!province.ok() || !table.Contains(*province)) {
    return NotFound("region.unknown", "province",
                    "no province has this code in " + std::string(table.decree()));
  }
  std::vector<RegionCode> villages;
  std::vector<std::string> regency_names;
  for (const Region& regency : table.Children(*province)) {
    for (const Region& district : table.Children(regency.code)) {
      for (const Region& village : table.Children(district.code)) villages.push_back(village.code);
    }
  }
  if (villages.empty()) return Internal("sample.no_villages", "province has no villages");

  Rng rng(options.seed ^ (static_cast<std::uint64_t>(options.province) << 48));
  const Date ref = options.reference_date;
  SampleStats stats;

  const auto& cols = RosterHeader::CanonicalColumns();
  for (std::size_t i = 0; i < cols.size(); ++i) out << (i ? "," : "") << cols[i];
  out << '\n';

  while (stats.children < options.children) {
    ++stats.households;
    RegionCode village = villages[rng.Below(villages.size())];
    RegionCode district = village.AncestorAt(RegionLevel::kDistrict);
    std::string household =
        Pad(static_cast<std::uint64_t>(options.province), 2) + Pad(stats.households, 10);
    bool pkh = rng.Chance(550);
    std::string pkh_id = pkh ? "PKH" + Pad(rng.Below(10'000'000'000ULL), 10) : "";
    std::string decile;
    if (!rng.Chance(80)) {
      int d = rng.Chance(350) ? 1 : rng.Chance(460) ? 2 : rng.Chance(570) ? 3 : 4;
      decile = std::to_string(d);
    }
    Date kk_date = DaysBefore(ref, rng.Between(30, 16 * 365));
    std::string kk = MakeKk(rng, district, kk_date);
    std::string place = std::string(table.Find(village.AncestorAt(RegionLevel::kRegency))->name);

    int member = 0;
    auto adult = [&](Sex sex, int relation) {
      Date birth = DaysBefore(ref, rng.Between(22 * 365, 60 * 365));
      Row r;
      r.household = household;
      r.member = std::to_string(++member);
      r.person = household + Pad(static_cast<std::uint64_t>(member), 2);
      r.kk = kk;
      r.nik = MakeNik(rng, district, birth, sex);
      r.name = Name(rng, sex);
      r.sex = sex == Sex::kMale ? "1" : "2";
      r.place = place;
      r.birth = FormatIsoDate(birth);
      r.relation = std::to_string(relation);
      r.village = village.dotted();
      r.school = "2";
      r.disability = rng.Chance(15) ? std::to_string(rng.Between(1, 9)) : "0";
      r.decile = decile;
      r.pkh = pkh_id;
      WriteRow(out, r);
      ++stats.rows;
    };
    bool father = rng.Chance(880);
    adult(father ? Sex::kMale : Sex::kFemale, 1);
    if (father && rng.Chance(850)) adult(Sex::kFemale, 2);

    int n = rng.Chance(300) ? 1 : rng.Chance(500) ? 2 : rng.Chance(630) ? 3 : 4;
    for (int k = 0; k < n && stats.children < options.children; ++k) {
      Sex sex = rng.Chance(500) ? Sex::kMale : Sex::kFemale;
      Date birth = DaysBefore(ref, rng.Between(0, 18 * 365 - 6));
      int age = AgeInYears(birth, ref);
      Row r;
      r.household = household;
      r.member = std::to_string(++member);
      r.person = household + Pad(static_cast<std::uint64_t>(member), 2);
      r.kk = kk;
      bool has_nik = age < 1 ? rng.Chance(400) : rng.Chance(930);
      if (has_nik) {
        RegionCode where =
            rng.Chance(950)
                ? district
                : villages[rng.Below(villages.size())].AncestorAt(RegionLevel::kDistrict);
        r.nik = MakeNik(rng, where, birth, sex);
      }
      r.name = Name(rng, sex);
      r.sex = sex == Sex::kMale ? "1" : "2";
      r.place = place;
      r.birth = FormatIsoDate(birth);
      r.relation = "3";
      r.village = village.dotted();
      if (age >= 7) r.school = rng.Chance(900) ? "1" : rng.Chance(800) ? "2" : "0";
      bool disabled = rng.Chance(25);
      r.disability = disabled ? std::to_string(rng.Between(1, 9)) : "0";
      if (disabled) r.assisted = rng.Chance(350) ? "1" : "0";
      r.birth_cert = has_nik ? (rng.Chance(880) ? "1" : "0") : (rng.Chance(450) ? "1" : "0");
      r.decile = decile;
      r.pkh = pkh_id;
      std::string problems;
      auto add = [&](ReportedProblem p, int per_mille) {
        if (rng.Chance(per_mille))
          problems += (problems.empty() ? "" : ";") + std::string(atensi::Name(p));
      };
      add(ReportedProblem::kKekerasan, 12);
      add(ReportedProblem::kKekerasanSeksual, 3);
      add(ReportedProblem::kEksploitasi, 3);
      add(ReportedProblem::kPerdagangan, 1);
      if (age >= 12) add(ReportedProblem::kAbh, 6);
      if (age >= 12) add(ReportedProblem::kNapza, 3);
      add(ReportedProblem::kPenelantaran, 10);
      if (age >= 6) add(ReportedProblem::kAnakJalanan, 3);
      if (age >= 10) add(ReportedProblem::kPekerjaAnak, 10);
      if (sex == Sex::kFemale && age >= 15) add(ReportedProblem::kPerkawinanAnak, 15);
      r.problems = problems;
      WriteRow(out, r);
      ++stats.rows;
      ++stats.children;
    }
  }
  if (!out) return IoError("sample.write", "could not write the sample roster");
  return stats;
}

}  // namespace atensi
