// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Syntax of the Kemendagri region code (kode wilayah).
//
// Permendagri 137/2017 (kode dan data wilayah administrasi pemerintahan),
// carried forward by Permendagri 58/2021 and the 2025 Kepmendagri
// 300.2.2-2138/2025 as amended by 300.2.2-2430/2025, codifies regions as
// dot-separated groups:
//   PP             province, 2 digits
//   PP.KK          regency; KK 01-69 kabupaten, 71-99 kota (70 is unassigned)
//   PP.KK.CC       district (kecamatan / distrik)
//   PP.KK.CC.VVVV  village; first digit 1 kelurahan, 2 desa, 3 desa adat
// No group is ever zero. The same code is written undotted (2, 4, 6 or 10
// digits), e.g. in the first six digits of a NIK. We store the undotted number
// padded to 10 digits ("packed"), so the packed value alone fixes the level.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "atensi/region.h"

namespace atensi {
namespace {

constexpr std::uint64_t kProvinceUnit = 100000000;  // 10^8: PP
constexpr std::uint64_t kRegencyUnit = 1000000;     // 10^6: KK
constexpr std::uint64_t kDistrictUnit = 10000;      // 10^4: CC
constexpr std::uint64_t kMaxPacked = 9999999999;

constexpr std::string_view kSpaces = " \t\r\n\f\v";

std::uint64_t UnitOf(RegionLevel level) noexcept {
  switch (level) {
    case RegionLevel::kProvince:
      return kProvinceUnit;
    case RegionLevel::kRegency:
      return kRegencyUnit;
    case RegionLevel::kDistrict:
      return kDistrictUnit;
    case RegionLevel::kVillage:
      return 1;
  }
  return 1;
}

Status FormatError(std::string_view field, std::string message) {
  return InvalidArgument("region.format", std::string(field), std::move(message));
}

// Checks the group values that are syntax in Permendagri 137/2017: no zero
// group, regency 70 unassigned, village first digit 1-3. `groups` holds the
// group values present (1 to 4 of them).
Status CheckGroups(const std::array<int, 4>& groups, std::size_t count, std::string_view field) {
  for (std::size_t i = 0; i < count; ++i) {
    if (groups[i] == 0) {
      return FormatError(field,
                         "No group of a region code may be zero: provinces, regencies, districts "
                         "and villages are numbered from 1 (Permendagri 137/2017).");
    }
  }
  if (count >= 2 && groups[1] == 70) {
    return FormatError(field,
                       "Regency code 70 is not assigned: 01-69 are kabupaten, 71-99 are kota "
                       "(Permendagri 137/2017).");
  }
  if (count == 4 && (groups[3] < 1000 || groups[3] >= 4000)) {
    return FormatError(field,
                       "A village code starts with 1 (kelurahan), 2 (desa) or 3 (desa adat) "
                       "(Permendagri 137/2017; Kepmendagri 300.2.2-2430/2025).");
  }
  return Status::Ok();
}

std::uint64_t PackGroups(const std::array<int, 4>& groups) noexcept {
  return static_cast<std::uint64_t>(groups[0]) * kProvinceUnit +
         static_cast<std::uint64_t>(groups[1]) * kRegencyUnit +
         static_cast<std::uint64_t>(groups[2]) * kDistrictUnit +
         static_cast<std::uint64_t>(groups[3]);
}

void AppendDigits(std::string& out, int value, int width) {
  std::array<char, 4> buf{};
  for (int i = width - 1; i >= 0; --i) {
    buf[static_cast<std::size_t>(i)] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  out.append(buf.data(), static_cast<std::size_t>(width));
}

}  // namespace

std::string_view RegionLevelName(RegionLevel level) noexcept {
  switch (level) {
    case RegionLevel::kProvince:
      return "province";
    case RegionLevel::kRegency:
      return "regency";
    case RegionLevel::kDistrict:
      return "district";
    case RegionLevel::kVillage:
      return "village";
  }
  return "unknown";
}

std::string_view RegionKindName(RegionKind kind) noexcept {
  switch (kind) {
    case RegionKind::kProvince:
      return "province";
    case RegionKind::kKabupaten:
      return "kabupaten";
    case RegionKind::kKota:
      return "kota";
    case RegionKind::kKecamatan:
      return "kecamatan";
    case RegionKind::kKelurahan:
      return "kelurahan";
    case RegionKind::kDesa:
      return "desa";
    case RegionKind::kDesaAdat:
      return "desa_adat";
  }
  return "unknown";
}

Result<RegionCode> RegionCode::Parse(std::string_view text, std::string_view field) {
  const std::size_t first = text.find_first_not_of(kSpaces);
  if (first == std::string_view::npos) {
    return FormatError(field, "A region code is required (Permendagri 137/2017 kode wilayah).");
  }
  text = text.substr(first, text.find_last_not_of(kSpaces) - first + 1);

  // Group lengths by position: PP, KK, CC, VVVV.
  static constexpr std::array<std::size_t, 4> kWidths = {2, 2, 2, 4};
  std::array<int, 4> groups = {0, 0, 0, 0};
  std::size_t count = 0;
  const bool dotted = text.find('.') != std::string_view::npos;
  for (char c : text) {
    if (c != '.' && (c < '0' || c > '9')) {
      return FormatError(field,
                         "A region code holds only digits, optionally dotted as PP.KK.CC.VVVV "
                         "(Permendagri 137/2017).");
    }
  }
  if (dotted) {
    std::size_t pos = 0;
    while (true) {
      const std::size_t dot = text.find('.', pos);
      const std::string_view group =
          text.substr(pos, dot == std::string_view::npos ? std::string_view::npos : dot - pos);
      if (count == kWidths.size() || group.size() != kWidths[count]) {
        return FormatError(field,
                           "A dotted region code is PP, PP.KK, PP.KK.CC or PP.KK.CC.VVVV with "
                           "groups of 2, 2, 2 and 4 digits (Permendagri 137/2017).");
      }
      int value = 0;
      for (char c : group) value = value * 10 + (c - '0');
      groups[count++] = value;
      if (dot == std::string_view::npos) break;
      pos = dot + 1;
    }
  } else {
    if (text.size() != 2 && text.size() != 4 && text.size() != 6 && text.size() != 10) {
      return FormatError(field,
                         "An undotted region code has 2, 4, 6 or 10 digits (PP, PPKK, PPKKCC, "
                         "PPKKCCVVVV) (Permendagri 137/2017).");
    }
    std::size_t pos = 0;
    while (pos < text.size()) {
      int value = 0;
      for (std::size_t i = 0; i < kWidths[count]; ++i) value = value * 10 + (text[pos + i] - '0');
      pos += kWidths[count];
      groups[count++] = value;
    }
  }
  ATENSI_RETURN_IF_ERROR(CheckGroups(groups, count, field));
  return RegionCode(PackGroups(groups), static_cast<RegionLevel>(count));
}

std::optional<RegionCode> RegionCode::FromPacked(std::uint64_t packed) {
  if (packed > kMaxPacked) return std::nullopt;
  const std::array<int, 4> groups = {
      static_cast<int>(packed / kProvinceUnit),
      static_cast<int>(packed / kRegencyUnit % 100),
      static_cast<int>(packed / kDistrictUnit % 100),
      static_cast<int>(packed % kDistrictUnit),
  };
  std::size_t count = 4;
  while (count > 0 && groups[count - 1] == 0) --count;
  if (count == 0 || !CheckGroups(groups, count, "region").ok()) return std::nullopt;
  return RegionCode(packed, static_cast<RegionLevel>(count));
}

int RegionCode::province_part() const noexcept { return static_cast<int>(packed_ / kProvinceUnit); }
int RegionCode::regency_part() const noexcept {
  return static_cast<int>(packed_ / kRegencyUnit % 100);
}
int RegionCode::district_part() const noexcept {
  return static_cast<int>(packed_ / kDistrictUnit % 100);
}
int RegionCode::village_part() const noexcept { return static_cast<int>(packed_ % kDistrictUnit); }

RegionKind RegionCode::kind() const noexcept {
  switch (level_) {
    case RegionLevel::kProvince:
      return RegionKind::kProvince;
    case RegionLevel::kRegency:
      return regency_part() >= 71 ? RegionKind::kKota : RegionKind::kKabupaten;
    case RegionLevel::kDistrict:
      return RegionKind::kKecamatan;
    case RegionLevel::kVillage:
      break;
  }
  switch (village_part() / 1000) {
    case 1:
      return RegionKind::kKelurahan;
    case 3:
      return RegionKind::kDesaAdat;
    default:
      return RegionKind::kDesa;
  }
}

std::optional<RegionCode> RegionCode::parent() const noexcept {
  if (level_ == RegionLevel::kProvince) return std::nullopt;
  return AncestorAt(static_cast<RegionLevel>(static_cast<int>(level_) - 1));
}

RegionCode RegionCode::AncestorAt(RegionLevel level) const noexcept {
  if (level >= level_) return *this;
  const std::uint64_t unit = UnitOf(level);
  return RegionCode(packed_ - packed_ % unit, level);
}

std::vector<RegionCode> RegionCode::ancestors() const {
  std::vector<RegionCode> out;
  for (int l = static_cast<int>(RegionLevel::kProvince); l < static_cast<int>(level_); ++l) {
    out.push_back(AncestorAt(static_cast<RegionLevel>(l)));
  }
  return out;
}

bool RegionCode::Contains(RegionCode other) const noexcept {
  return other.level_ >= level_ && other.AncestorAt(level_) == *this;
}

std::string RegionCode::dotted() const {
  std::string out;
  out.reserve(13);
  AppendDigits(out, province_part(), 2);
  if (level_ >= RegionLevel::kRegency) {
    out.push_back('.');
    AppendDigits(out, regency_part(), 2);
  }
  if (level_ >= RegionLevel::kDistrict) {
    out.push_back('.');
    AppendDigits(out, district_part(), 2);
  }
  if (level_ >= RegionLevel::kVillage) {
    out.push_back('.');
    AppendDigits(out, village_part(), 4);
  }
  return out;
}

std::string RegionCode::undotted() const {
  std::string out;
  for (char c : dotted()) {
    if (c != '.') out.push_back(c);
  }
  return out;
}

}  // namespace atensi
