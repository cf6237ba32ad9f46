// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Official administrative region codes (kode wilayah), Kemendagri.
//
// Encodes Permendagri 58/2021 / Permendagri 137/2017 codification as used by
// Kepmendagri 300.2.2-2138/2025 as amended by 300.2.2-2430/2025:
//   province  PP             2 digits
//   regency   PP.KK          KK 01-69 kabupaten, 71-99 kota
//   district  PP.KK.CC       kecamatan
//   village   PP.KK.CC.VVVV  first digit of VVVV: 1 kelurahan, 2 desa, 3 desa adat
// Stored as the undotted 10-digit number (Permendagri 137/2017), shown dotted.
//
// The table is compiled into the library (no file to ship, nothing to load):
// it is usable the moment the process starts. Historical code moves (the 2022
// Papua split: UU 14, 15, 16 and 29 of 2022) are kept as aliases so that old
// codes, which live on in permanent NIKs, still resolve.

#ifndef ATENSI_REGION_H_
#define ATENSI_REGION_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "atensi/status.h"

namespace atensi {

enum class RegionLevel : std::uint8_t { kProvince = 1, kRegency = 2, kDistrict = 3, kVillage = 4 };

// Kind of a regency (kabupaten/kota) or village (kelurahan/desa/desa adat).
enum class RegionKind : std::uint8_t {
  kProvince,
  kKabupaten,  // regency code 01-69
  kKota,       // regency code 71-99
  kKecamatan,
  kKelurahan,  // village code 1xxx
  kDesa,       // village code 2xxx
  kDesaAdat,   // village code 3xxx
};

std::string_view RegionLevelName(RegionLevel level) noexcept;  // "province", ...
std::string_view RegionKindName(RegionKind kind) noexcept;     // "kabupaten", ...

// A syntactically valid region code. Says nothing about whether the region
// exists: ask RegionTable for that.
class RegionCode {
 public:
  // Parses "15", "15.71", "15.71.01", "15.71.01.1001" or the undotted
  // "15", "1571", "157101", "1571011001". Surrounding spaces are trimmed; any
  // other character, a wrong group length, or a zero group is InvalidArgument
  // with reason "region.format" naming `field`.
  static Result<RegionCode> Parse(std::string_view text, std::string_view field = "region");

  // From the packed 10-digit value (PPKKCCVVVV; trailing groups 0 for higher
  // levels). Returns nullopt when the packing is inconsistent.
  static std::optional<RegionCode> FromPacked(std::uint64_t packed);

  [[nodiscard]] RegionLevel level() const noexcept { return level_; }
  [[nodiscard]] std::uint64_t packed() const noexcept { return packed_; }

  [[nodiscard]] int province_part() const noexcept;  // PP
  [[nodiscard]] int regency_part() const noexcept;   // KK, 0 at province level
  [[nodiscard]] int district_part() const noexcept;  // CC, 0 above district level
  [[nodiscard]] int village_part() const noexcept;   // VVVV, 0 above village level

  [[nodiscard]] RegionKind kind() const noexcept;
  [[nodiscard]] bool is_kota() const noexcept { return kind() == RegionKind::kKota; }

  // The code one level up; nullopt for a province.
  [[nodiscard]] std::optional<RegionCode> parent() const noexcept;
  // This code truncated to `level` (must be <= level()).
  [[nodiscard]] RegionCode AncestorAt(RegionLevel level) const noexcept;
  // Province first, excluding this code.
  [[nodiscard]] std::vector<RegionCode> ancestors() const;
  // True when `other` is this region or lies inside it.
  [[nodiscard]] bool Contains(RegionCode other) const noexcept;

  [[nodiscard]] std::string dotted() const;    // "15.71.01.1001"
  [[nodiscard]] std::string undotted() const;  // "1571011001"

  friend bool operator==(const RegionCode&, const RegionCode&) = default;
  friend auto operator<=>(const RegionCode& a, const RegionCode& b) {
    return a.packed_ <=> b.packed_;
  }

 private:
  friend class RegionTable;  // builds codes from its own validated rows
  RegionCode(std::uint64_t packed, RegionLevel level) : packed_(packed), level_(level) {}
  std::uint64_t packed_ = 0;
  RegionLevel level_ = RegionLevel::kProvince;
};

// One row of the official table.
struct Region {
  RegionCode code;
  std::string_view name;  // official name, UTF-8, e.g. "Kabupaten Sarolangun"
  RegionKind kind;
  std::uint32_t child_count;
};

// A historical code that was moved, e.g. 91.01 (Merauke, Papua) -> 93.01
// (Papua Selatan) by UU 14/2022 (data/regions/aliases.csv). Descendant codes
// are mapped with their ancestor (see RegionTable::ResolveAlias for the caveat).
struct RegionAlias {
  RegionCode old_code;
  RegionCode new_code;
  std::string_view legal_basis;     // "UU 14/2022"
  std::string_view effective_date;  // "2022-07-25"
};

class RegionTable {
 public:
  // The compiled-in Kemendagri 2025 table. Thread-safe; never fails.
  static const RegionTable& Official();

  // Decree tag, e.g. "Kepmendagri 300.2.2-2430/2025".
  [[nodiscard]] std::string_view decree() const noexcept;

  [[nodiscard]] std::size_t size() const noexcept;
  [[nodiscard]] std::size_t count(RegionLevel level) const noexcept;

  // O(1). nullopt when no current region has this code.
  [[nodiscard]] std::optional<Region> Find(RegionCode code) const noexcept;
  [[nodiscard]] bool Contains(RegionCode code) const noexcept { return Find(code).has_value(); }

  // Parse + Find; NotFound "region.unknown" when well-formed but absent.
  [[nodiscard]] Result<Region> Lookup(std::string_view text,
                                      std::string_view field = "region") const;

  // When `code` (or an ancestor of it) is a historical code, the current
  // equivalent with the alias that moved it; nullopt otherwise. Aliases are
  // kept at regency level; a descendant maps by replacing the regency prefix
  // (91.01.01 -> 93.01.01). Caveat: the 2022-2023 recodification renumbered
  // the districts of some moved regencies (Nabire: old 91.04.06 Uwapa is now
  // 94.01.04), so below regency level the result is the code with the same
  // trailing digits under the new regency, which is not always the same place.
  // Callers should treat a mapped district/village as "the regency is known".
  [[nodiscard]] std::optional<std::pair<RegionCode, RegionAlias>> ResolveAlias(
      RegionCode code) const;
  [[nodiscard]] std::span<const RegionAlias> aliases() const noexcept;

  // Current code or a historical one (the 38 provinces; old province codes that
  // aliases move from).
  [[nodiscard]] bool IsKnownProvince(int province_part) const noexcept;

  // Direct children in code order; empty for villages and unknown codes.
  [[nodiscard]] std::vector<Region> Children(RegionCode code) const;
  // All provinces in code order.
  [[nodiscard]] std::vector<Region> Provinces() const;

  // Name search ignoring case, spaces and punctuation, matching the query as a
  // prefix of the name or of any word in it ("sarolangun", "kota jambi",
  // "KAB. SAROLANGUN" all find Kabupaten Sarolangun). Optional level filter and
  // subtree filter. Results ordered by level then code; at most `limit`.
  // Besides the literal query, two readings are tried and their hits merged:
  // common abbreviations expanded when followed by another word or a dot
  // ("kab" kabupaten, "kep" kepulauan, "adm" administrasi), and a leading
  // level word that official names do not carry dropped and used as a level
  // filter ("prov"/"provinsi", "kec"/"kecamatan"/"distrik", "kel"/"kelurahan"/
  // "desa"). An empty query (nothing left after normalising) finds nothing.
  [[nodiscard]] std::vector<Region> SearchByName(
      std::string_view query, std::size_t limit = 20,
      std::optional<RegionLevel> level = std::nullopt,
      std::optional<RegionCode> within = std::nullopt) const;

 private:
  RegionTable() = default;
  // The row at `row` of the compiled table (region_table_data.h).
  static Region RegionAt(std::uint32_t row) noexcept;
};

}  // namespace atensi

#endif  // ATENSI_REGION_H_
