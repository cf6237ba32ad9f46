// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// The region table (Kemendagri kode wilayah) through the C API. Every query
// produces an atensi_regions result set holding copies of its rows, read with
// a cursor (SQLite step / LevelDB iterator style).

#include "atensi/region.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "atensi.h"
#include "handle.h"

using atensi::Region;
using atensi::RegionCode;
using atensi::RegionKind;
using atensi::RegionLevel;
using atensi::RegionTable;
using atensi::capi::AsHandle;
using atensi::capi::BadHandle;
using atensi::capi::Fail;
using atensi::capi::Guard;
using atensi::capi::Handle;
using atensi::capi::HandleType;
using atensi::capi::Misuse;

namespace {

// The object behind an atensi_regions pointer. atensi_regions itself stays an
// incomplete type, so the ABI (and the libabigail baseline) sees only an
// opaque pointer.
struct RegionSet : Handle {
  static constexpr HandleType kType = HandleType::kRegions;
  RegionSet() noexcept : Handle(kType) {}

  struct Row {
    std::string code;  // dotted
    std::string name;
    int level;
    int kind;
    std::uint32_t child_count;
  };
  std::vector<Row> rows;
  // 0: before the first row; k in 1..size: on rows[k-1]; size+1: done.
  std::size_t cursor = 0;

  [[nodiscard]] const Row* current() const noexcept {
    return cursor >= 1 && cursor <= rows.size() ? &rows[cursor - 1] : nullptr;
  }
};

int KindToC(RegionKind kind) noexcept {
  switch (kind) {
    case RegionKind::kProvince:
      return ATENSI_REGION_KIND_PROVINCE;
    case RegionKind::kKabupaten:
      return ATENSI_REGION_KIND_KABUPATEN;
    case RegionKind::kKota:
      return ATENSI_REGION_KIND_KOTA;
    case RegionKind::kKecamatan:
      return ATENSI_REGION_KIND_KECAMATAN;
    case RegionKind::kKelurahan:
      return ATENSI_REGION_KIND_KELURAHAN;
    case RegionKind::kDesa:
      return ATENSI_REGION_KIND_DESA;
    case RegionKind::kDesaAdat:
      return ATENSI_REGION_KIND_DESA_ADAT;
  }
  return 0;
}

// Builds a registered result set from `regions`; ownership goes to *out.
int Emit(atensi_regions** out, const std::vector<Region>& regions) {
  auto rs = std::make_unique<RegionSet>();
  rs->rows.reserve(regions.size());
  for (const Region& r : regions) {
    rs->rows.push_back({r.code.dotted(), std::string(r.name), static_cast<int>(r.code.level()),
                        KindToC(r.kind), r.child_count});
  }
  atensi::capi::RegisterHandle(rs.get(), RegionSet::kType);
  *out = reinterpret_cast<atensi_regions*>(rs.release());
  return ATENSI_OK;
}

// The handle for a getter on the current row, or a recorded misuse.
template <typename Out>
int CurrentRow(const char* fn, Out* out, const atensi_regions* regions, const RegionSet::Row** row,
               Handle*& h) {
  RegionSet* rs = AsHandle<RegionSet>(regions);
  if (rs == nullptr) return BadHandle(fn, "regions");
  h = rs;
  if (out == nullptr) return Misuse(rs, fn, "out", "is NULL");
  *row = rs->current();
  if (*row == nullptr) {
    return Misuse(rs, fn, "regions",
                  "is not positioned on a row; call atensi_regions_next() first");
  }
  return ATENSI_OK;
}

}  // namespace

extern "C" {

int atensi_region_table_decree(const char** out) {
  const char* const fn = __func__;
  return Guard([&](Handle*&) -> int {
    if (out == nullptr) return Misuse(nullptr, fn, "out", "is NULL");
    // decree() views a string literal of the compiled table, NUL-terminated.
    static const std::string decree(RegionTable::Official().decree());
    *out = decree.c_str();
    return ATENSI_OK;
  });
}

int atensi_region_lookup(atensi_regions** out, const char* code) {
  const char* const fn = __func__;
  if (out != nullptr) *out = nullptr;
  return Guard([&](Handle*&) -> int {
    if (out == nullptr) return Misuse(nullptr, fn, "out", "is NULL");
    if (code == nullptr) return Misuse(nullptr, fn, "code", "is NULL");
    auto region = RegionTable::Official().Lookup(code, "code");
    if (!region.ok()) return Fail(nullptr, region.status());
    return Emit(out, {*region});
  });
}

int atensi_region_children(atensi_regions** out, const char* parent_code) {
  const char* const fn = __func__;
  if (out != nullptr) *out = nullptr;
  return Guard([&](Handle*&) -> int {
    if (out == nullptr) return Misuse(nullptr, fn, "out", "is NULL");
    const RegionTable& table = RegionTable::Official();
    if (parent_code == nullptr || parent_code[0] == '\0') return Emit(out, table.Provinces());
    auto parent = table.Lookup(parent_code, "parent_code");
    if (!parent.ok()) return Fail(nullptr, parent.status());
    return Emit(out, table.Children(parent->code));
  });
}

int atensi_region_search(atensi_regions** out, const char* query, size_t limit, int level,
                         const char* within) {
  const char* const fn = __func__;
  if (out != nullptr) *out = nullptr;
  return Guard([&](Handle*&) -> int {
    if (out == nullptr) return Misuse(nullptr, fn, "out", "is NULL");
    if (query == nullptr) return Misuse(nullptr, fn, "query", "is NULL");
    std::string_view q(query);
    if (q.empty() || !atensi::capi::IsValidUtf8(q)) {
      return Fail(nullptr, ATENSI_INVALID_ARGUMENT, "region.query", "query",
                  "The region name query must be non-empty UTF-8 text.");
    }
    if (limit < 1 || limit > 1000) {
      return Fail(nullptr, ATENSI_INVALID_ARGUMENT, "region.limit", "limit",
                  "The search limit must be between 1 and 1000.");
    }
    std::optional<RegionLevel> lvl;
    if (level != ATENSI_REGION_ANY) {
      if (level < ATENSI_REGION_PROVINCE || level > ATENSI_REGION_VILLAGE) {
        return Fail(nullptr, ATENSI_INVALID_ARGUMENT, "region.level", "level",
                    "The level must be ATENSI_REGION_ANY or 1 (province) to 4 (village).");
      }
      lvl = static_cast<RegionLevel>(level);
    }
    std::optional<RegionCode> in;
    if (within != nullptr) {
      auto code = RegionCode::Parse(within, "within");
      if (!code.ok()) return Fail(nullptr, code.status());
      in = *code;
    }
    return Emit(out, RegionTable::Official().SearchByName(q, limit, lvl, in));
  });
}

int atensi_regions_count(size_t* out, const atensi_regions* regions) {
  const char* const fn = __func__;
  return Guard([&](Handle*& h) -> int {
    RegionSet* rs = AsHandle<RegionSet>(regions);
    if (rs == nullptr) return BadHandle(fn, "regions");
    h = rs;
    if (out == nullptr) return Misuse(rs, fn, "out", "is NULL");
    *out = rs->rows.size();
    return ATENSI_OK;
  });
}

int atensi_regions_next(atensi_regions* regions) {
  const char* const fn = __func__;
  return Guard([&](Handle*&) -> int {
    RegionSet* rs = AsHandle<RegionSet>(regions);
    if (rs == nullptr) return BadHandle(fn, "regions");
    if (rs->cursor <= rs->rows.size()) ++rs->cursor;
    return rs->current() != nullptr ? ATENSI_OK : ATENSI_DONE;
  });
}

int atensi_regions_code(const char** out, const atensi_regions* regions) {
  const char* const fn = __func__;
  return Guard([&](Handle*& h) -> int {
    const RegionSet::Row* row = nullptr;
    if (int rc = CurrentRow(fn, out, regions, &row, h); rc != ATENSI_OK) return rc;
    *out = row->code.c_str();
    return ATENSI_OK;
  });
}

int atensi_regions_name(const char** out, const atensi_regions* regions) {
  const char* const fn = __func__;
  return Guard([&](Handle*& h) -> int {
    const RegionSet::Row* row = nullptr;
    if (int rc = CurrentRow(fn, out, regions, &row, h); rc != ATENSI_OK) return rc;
    *out = row->name.c_str();
    return ATENSI_OK;
  });
}

int atensi_regions_level(int* out, const atensi_regions* regions) {
  const char* const fn = __func__;
  return Guard([&](Handle*& h) -> int {
    const RegionSet::Row* row = nullptr;
    if (int rc = CurrentRow(fn, out, regions, &row, h); rc != ATENSI_OK) return rc;
    *out = row->level;
    return ATENSI_OK;
  });
}

int atensi_regions_kind(int* out, const atensi_regions* regions) {
  const char* const fn = __func__;
  return Guard([&](Handle*& h) -> int {
    const RegionSet::Row* row = nullptr;
    if (int rc = CurrentRow(fn, out, regions, &row, h); rc != ATENSI_OK) return rc;
    *out = row->kind;
    return ATENSI_OK;
  });
}

int atensi_regions_child_count(uint32_t* out, const atensi_regions* regions) {
  const char* const fn = __func__;
  return Guard([&](Handle*& h) -> int {
    const RegionSet::Row* row = nullptr;
    if (int rc = CurrentRow(fn, out, regions, &row, h); rc != ATENSI_OK) return rc;
    *out = row->child_count;
    return ATENSI_OK;
  });
}

const atensi_error* atensi_regions_error(const atensi_regions* regions) {
  return atensi::capi::HandleError<RegionSet>(regions);
}

void atensi_regions_destroy(atensi_regions** regions) {
  const char* const fn = __func__;
  if (regions == nullptr || *regions == nullptr) return;
  RegionSet* rs = AsHandle<RegionSet>(*regions);
  if (rs == nullptr) {
    BadHandle(fn, "regions");
    return;
  }
  atensi::capi::UnregisterHandle(rs);
  delete rs;
  *regions = nullptr;
}

}  // extern "C"
