// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Region name search over the compiled table.
//
// Names are compared in a normalised form: lowercase ASCII letters and digits
// only. ASCII punctuation and spaces separate words; apostrophes (' and the
// U+2019 in names such as "Regapu’u") and other non-ASCII bytes are dropped
// without separating. The generator (tools/gen_region_table.py, words_of)
// indexes every word-suffix of every name, sorted, so a query matches a name
// when it is a prefix of the name or of the name from any word on:
// "sarolangun" and "kabupatensarolangun" both hit "Kabupaten Sarolangun".
// The two normalisers must stay identical; the tests check names round-trip.
//
// Field staff type names the way they are written on letters and ID cards:
// "Kab. Sarolangun", "Kec. Sentani", "Desa Baru". The official names carry
// "Kabupaten"/"Kota" for regencies but no prefix for provinces, districts and
// villages (Kepmendagri 300.2.2-2430/2025 lampiran), so besides the literal
// query we try the abbreviation-expanded reading and, when the query starts
// with a level word, the reading without it restricted to that level.

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "atensi/region.h"
#include "region/region_table_data.h"

namespace atensi {
namespace {

namespace rd = region_data;

struct QueryWord {
  std::string text;
  bool dot_after = false;  // the byte right after the word is '.'
};

bool IsAsciiAlnum(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// Same rule as words_of() in tools/gen_region_table.py.
std::vector<QueryWord> SplitWords(std::string_view query) {
  std::vector<QueryWord> words;
  std::string cur;
  for (std::size_t i = 0; i < query.size(); ++i) {
    const auto c = static_cast<unsigned char>(query[i]);
    if (IsAsciiAlnum(c)) {
      cur.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
    } else if (c >= 0x80 || c == '\'' || c == '`') {
      continue;  // dropped, does not separate
    } else if (!cur.empty()) {
      words.push_back(QueryWord{std::move(cur), c == '.'});
      cur.clear();
    }
  }
  if (!cur.empty()) words.push_back(QueryWord{std::move(cur), false});
  return words;
}

std::string_view ExpandAbbreviation(std::string_view word) {
  if (word == "kab") return "kabupaten";
  if (word == "kep") return "kepulauan";
  if (word == "adm") return "administrasi";
  return word;
}

std::optional<RegionLevel> LevelWord(std::string_view word) {
  if (word == "prov" || word == "provinsi" || word == "propinsi") return RegionLevel::kProvince;
  if (word == "kec" || word == "kecamatan" || word == "distrik") return RegionLevel::kDistrict;
  if (word == "kel" || word == "kelurahan" || word == "desa") return RegionLevel::kVillage;
  return std::nullopt;
}

// Concatenation of words[from..], abbreviations expanded where a word is
// complete (another word or a dot follows it).
std::string Expanded(const std::vector<QueryWord>& words, std::size_t from) {
  std::string out;
  for (std::size_t i = from; i < words.size(); ++i) {
    const bool complete = i + 1 < words.size() || words[i].dot_after;
    out += complete ? ExpandAbbreviation(words[i].text) : std::string_view{words[i].text};
  }
  return out;
}

struct Reading {
  std::string key;
  std::optional<RegionLevel> level;
  friend bool operator==(const Reading&, const Reading&) = default;
};

std::string_view SuffixAt(std::uint32_t entry) {
  const char* p = rd::kNormNames + rd::kSearchOffset[entry];
  const char* end = std::strchr(p, '.');
  return std::string_view(p, static_cast<std::size_t>(end - p));
}

RegionLevel LevelOfRow(std::uint32_t row) {
  for (int l = 1; l <= 4; ++l) {
    if (row < rd::kLevelStart[l]) return static_cast<RegionLevel>(l);
  }
  return RegionLevel::kVillage;
}

// Appends the rows whose indexed suffixes start with `key`.
void CollectPrefix(std::string_view key, std::optional<RegionLevel> level,
                   std::optional<RegionCode> within, std::vector<std::uint32_t>& rows) {
  std::uint32_t lo = 0;
  std::uint32_t hi = rd::kSearchCount;
  while (lo < hi) {
    const std::uint32_t mid = lo + (hi - lo) / 2;
    if (SuffixAt(mid) < key) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  // Keys hold only [a-z0-9]; the '.' ending each name stops strncmp early.
  for (std::uint32_t e = lo;
       e < rd::kSearchCount &&
       std::strncmp(rd::kNormNames + rd::kSearchOffset[e], key.data(), key.size()) == 0;
       ++e) {
    const std::uint32_t row = rd::kSearchRow[e];
    if (level && LevelOfRow(row) != *level) continue;
    if (within) {
      const std::optional<RegionCode> code = RegionCode::FromPacked(rd::kPacked[row]);
      if (!code || !within->Contains(*code)) continue;
    }
    rows.push_back(row);
  }
}

}  // namespace

std::vector<Region> RegionTable::SearchByName(std::string_view query, std::size_t limit,
                                              std::optional<RegionLevel> level,
                                              std::optional<RegionCode> within) const {
  std::vector<Region> out;
  const std::vector<QueryWord> words = SplitWords(query);
  if (words.empty() || limit == 0) return out;

  std::vector<Reading> readings;
  auto add = [&readings](std::string key, std::optional<RegionLevel> lvl) {
    Reading r{std::move(key), lvl};
    if (!r.key.empty() && std::find(readings.begin(), readings.end(), r) == readings.end()) {
      readings.push_back(std::move(r));
    }
  };
  std::string literal;
  for (const QueryWord& w : words) literal += w.text;
  add(std::move(literal), level);
  add(Expanded(words, 0), level);
  if (words.size() >= 2) {
    const std::optional<RegionLevel> hinted = LevelWord(words[0].text);
    if (hinted && (!level || *level == *hinted)) add(Expanded(words, 1), hinted);
  }

  std::vector<std::uint32_t> rows;
  for (const Reading& r : readings) CollectPrefix(r.key, r.level, within, rows);
  std::sort(rows.begin(), rows.end());  // row order is level then code
  rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
  if (rows.size() > limit) rows.resize(limit);
  out.reserve(rows.size());
  for (std::uint32_t row : rows) out.push_back(RegionAt(row));
  return out;
}

}  // namespace atensi
