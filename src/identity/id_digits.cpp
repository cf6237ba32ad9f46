// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Shared NIK / No. KK mechanics. The region rules follow identifiers.md §3.5:
// the region codes are Kemendagri codes (not BPS); only an unknown province is
// a hard error, because a NIK is permanent (UU 23/2006 as amended by UU
// 24/2013 art 13) and keeps the regency and kecamatan codes of its first
// registration even after a later decree renumbers or moves them (the 2022
// Papua split, kecamatan splits).

#include "id_digits.h"

#include <algorithm>

namespace atensi {

bool HasIssue(const std::vector<IdIssue>& issues, std::string_view code) noexcept {
  return std::any_of(issues.begin(), issues.end(),
                     [code](const IdIssue& i) { return i.code == code; });
}

namespace id_internal {
namespace {

// Inputs longer than this are rejected before they are scanned. A 16-digit
// number with a separator between every digit is 31 characters, plus some
// surrounding whitespace.
constexpr std::size_t kMaxInputLength = 64;

bool IsDigit(char c) noexcept { return c >= '0' && c <= '9'; }
bool IsSeparator(char c) noexcept { return c == ' ' || c == '.' || c == '-'; }
bool IsTrimSpace(char c) noexcept {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

std::string_view Trim(std::string_view s) noexcept {
  while (!s.empty() && IsTrimSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsTrimSpace(s.back())) s.remove_suffix(1);
  return s;
}

constexpr std::string_view kRegionSource =
    "Kemendagri region codes, Permendagri 58/2021 codification; the prefix is the place of "
    "first registration, and codes move when regions split";

}  // namespace

IdIssue MakeIssue(const IdKind& kind, std::string_view rule, std::string_view message,
                  std::string_view extra_source) {
  IdIssue issue;
  issue.code.reserve(kind.prefix.size() + 1 + rule.size());
  issue.code.append(kind.prefix).append(".").append(rule);
  issue.message.append(message).append(" (");
  if (!extra_source.empty()) issue.message.append(extra_source).append("; ");
  issue.message.append(kind.source).append(")");
  return issue;
}

Normalized NormalizeId16(std::string_view text, const IdKind& kind) {
  Normalized out;
  const std::string label(kind.label);
  auto length_error = [&] {
    out.digits.clear();
    out.error = MakeIssue(kind, "length", label + " must have exactly 16 digits");
    return out;
  };
  if (text.size() > kMaxInputLength) return length_error();
  std::string_view s = Trim(text);
  // Characters first, so that "12 3\x01" reports the bad character, not the separator.
  for (const char c : s) {
    if (!IsDigit(c) && !IsSeparator(c)) {
      out.error = MakeIssue(kind, "character",
                            label +
                                " may contain only the digits 0-9 and the separators space, "
                                "'.' and '-'");
      return out;
    }
  }
  out.digits.reserve(kIdDigitCount);
  std::size_t count = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (IsDigit(c)) {
      if (++count <= kIdDigitCount) out.digits.push_back(c);
    } else if (i == 0 || !IsDigit(s[i - 1]) || i + 1 == s.size() || !IsDigit(s[i + 1])) {
      out.digits.clear();
      out.error = MakeIssue(kind, "separator",
                            label +
                                " may contain a space, '.' or '-' only as a single separator "
                                "between two digits");
      return out;
    }
  }
  if (count != kIdDigitCount) return length_error();
  return out;
}

int DigitsValue(std::string_view digits, std::size_t pos, std::size_t n) noexcept {
  int v = 0;
  for (std::size_t i = pos; i < pos + n && i < digits.size(); ++i) v = v * 10 + (digits[i] - '0');
  return v;
}

IdRegion CheckRegionPrefix(std::string_view digits, const IdKind& kind,
                           std::vector<IdIssue>& errors, std::vector<IdIssue>& warnings) {
  const RegionTable& table = RegionTable::Official();
  const std::string label(kind.label);
  IdRegion region;
  auto parse = [](std::string_view code) -> std::optional<RegionCode> {
    auto r = RegionCode::Parse(code);
    if (!r.ok()) return std::nullopt;
    return *r;
  };
  region.province = parse(digits.substr(0, 2));
  region.regency = parse(digits.substr(0, 4));
  region.district = parse(digits.substr(0, 6));

  if (!table.IsKnownProvince(DigitsValue(digits, 0, 2))) {
    errors.push_back(MakeIssue(kind, "province_unknown",
                               label + " digits 1-2 must be the Kemendagri code of one of the 38 "
                                       "provinces or of a former province",
                               kRegionSource));
    return region;
  }

  // Regency: current, moved by an alias (historical), or unknown.
  std::optional<RegionAlias> alias;
  if (region.regency && table.Contains(*region.regency)) {
    region.current_regency = region.regency;
  } else if (region.regency) {
    if (auto moved = table.ResolveAlias(*region.regency); moved && table.Contains(moved->first)) {
      region.current_regency = moved->first;
      alias = moved->second;
    }
  }
  if (alias) {
    // The kecamatan of a moved regency may have been renumbered (RegionTable::
    // ResolveAlias caveat: old 91.04.06 is now 94.01.04), so it is neither
    // mapped nor reported unknown.
    region.historical = true;
    warnings.push_back(MakeIssue(
        kind, "region_historical",
        label + " digits 1-4 are a historical regency/city code, moved by " +
            std::string(alias->legal_basis) + " effective " + std::string(alias->effective_date) +
            "; the current regency/city code is given in the result and the kecamatan code "
            "(digits 5-6) is not checked, as it may have been renumbered. The number stays "
            "valid: it keeps the code of its first registration",
        kRegionSource));
  } else if (!region.current_regency) {
    warnings.push_back(MakeIssue(
        kind, "regency_unknown",
        label + " digits 3-4 are not a current or historical regency/city code of the province; "
                "the number may still be genuine",
        kRegionSource));
  } else if (region.district && table.Contains(*region.district)) {
    region.current_district = region.district;
  } else if (auto moved = region.district ? table.ResolveAlias(*region.district) : std::nullopt;
             moved && table.Contains(moved->first)) {
    // A kecamatan-level alias (the regency itself is current).
    region.current_district = moved->first;
    region.historical = true;
    warnings.push_back(MakeIssue(
        kind, "region_historical",
        label + " digits 1-6 are a historical kecamatan code, moved by " +
            std::string(moved->second.legal_basis) + " effective " +
            std::string(moved->second.effective_date) +
            "; the current code is given in the result. The number stays valid: it keeps the "
            "code of its first registration",
        kRegionSource));
  } else {
    warnings.push_back(MakeIssue(
        kind, "district_unknown",
        label + " digits 5-6 are not a current kecamatan code of the regency/city; the number may "
                "still be genuine (the kecamatan may have been split or renumbered since)",
        kRegionSource));
  }
  return region;
}

int PivotYear(int yy, Date reference) noexcept {
  const int year = 2000 + yy;
  return year <= static_cast<int>(reference.year()) ? year : 1900 + yy;
}

}  // namespace id_internal
}  // namespace atensi
