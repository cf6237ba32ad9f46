// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Fuzz target: the roster import path, CsvReader -> RosterHeader ->
// ValidateRosterRow (roster/csv_reader.h, roster/roster_record.h). Input
// layout: byte 0 options (bit 0: prepend the canonical header, so the fuzzer
// reaches row validation at once; bits 1-3: field size limit), 3 bytes
// reference date, the rest is the CSV file.
//
// Invariants checked:
//   - every record returned holds clean UTF-8 fields (no NUL or control
//     characters but tab) within the field-size and field-count limits;
//   - every error is InvalidArgument with a "csv." reason and a "line N"
//     field, and the reader goes on after it; record lines never go back;
//   - a record written back as RFC 4180 CSV (every field quoted) reads back
//     as the same fields (round trip);
//   - a header either maps every required column or names the missing or
//     duplicated one; a validated row has a record xor errors, every error
//     names a field and a rule; a record has a village that exists, a birth
//     date not after the reference date, and 16-digit NIK/KK when present.

#include <cstdint>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "atensi/region.h"
#include "atensi/roster/csv_reader.h"
#include "atensi/roster/roster_record.h"
#include "fuzz_input.h"

namespace {

using atensi::CsvLimits;
using atensi::CsvReader;

std::string Quote(const std::vector<std::string>& fields) {
  std::string out;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out.push_back(',');
    out.push_back('"');
    for (char c : fields[i]) {
      if (c == '"') out.push_back('"');
      out.push_back(c);
    }
    out.push_back('"');
  }
  out.push_back('\n');
  return out;
}

// A quoted field may span lines (RFC 4180); everything else must be clean text.
std::string WithoutLineBreaks(const std::string& f) {
  std::string out;
  for (char c : f) {
    if (c != '\n' && c != '\r') out.push_back(c);
  }
  return out;
}

void CheckRoundTrip(const std::vector<std::string>& fields, const CsvLimits& limits) {
  std::istringstream again(Quote(fields));
  CsvReader reader(again, limits);
  std::vector<std::string> back;
  FUZZ_CHECK(reader.Next(back));
  FUZZ_CHECK(back == fields);
  FUZZ_CHECK(!reader.Next(back) && reader.status().ok());
}

void CheckRecord(const atensi::RowResult& row, atensi::Date reference, std::uint64_t line) {
  FUZZ_CHECK(row.record.has_value() != !row.errors.empty());
  for (const auto& e : row.errors) {
    FUZZ_CHECK(!e.field.empty());
    FUZZ_CHECK(!e.reason.empty());
    FUZZ_CHECK(!e.message.empty());
    FUZZ_CHECK(e.line == line);
  }
  if (!row.record) return;
  const atensi::RosterRecord& r = *row.record;
  FUZZ_CHECK(r.line == line);
  FUZZ_CHECK(r.birth_date <= reference);
  FUZZ_CHECK(r.domicile.has_value());
  FUZZ_CHECK(r.domicile->level() == atensi::RegionLevel::kVillage);
  FUZZ_CHECK(atensi::RegionTable::Official().Contains(*r.domicile));
  FUZZ_CHECK(r.member_no >= 1 && r.member_no <= 99);
  FUZZ_CHECK(!r.household_id.empty());
  if (r.nik) FUZZ_CHECK(r.nik->size() == 16 && atensi::fuzz::AllDigits(*r.nik));
  if (r.kk) FUZZ_CHECK(r.kk->size() == 16 && atensi::fuzz::AllDigits(*r.kk));
  if (r.dtsen_decile) FUZZ_CHECK(*r.dtsen_decile >= 1 && *r.dtsen_decile <= 10);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  atensi::fuzz::FuzzInput in(data, size);
  const std::uint8_t options = in.Byte();
  const atensi::Date reference = in.AnyDate();
  std::string text;
  if ((options & 1u) != 0) {
    const auto& cols = atensi::RosterHeader::CanonicalColumns();
    for (std::size_t i = 0; i < cols.size(); ++i) {
      if (i > 0) text.push_back(',');
      text.append(cols[i]);
    }
    text.push_back('\n');
  }
  text.append(in.Rest());

  CsvLimits limits;
  limits.max_field_bytes = std::size_t{16} << ((options >> 1) & 7u);  // 16 .. 2048
  limits.max_fields = 32;

  std::istringstream stream(text);
  CsvReader reader(stream, limits);
  std::optional<atensi::RosterHeader> header;
  std::vector<std::string> fields;
  std::uint64_t last_line = 0;
  std::size_t records = 0;
  for (int guard = 0; guard < 10000; ++guard) {
    const bool got = reader.Next(fields);
    FUZZ_CHECK(reader.record_line() >= last_line);
    last_line = reader.record_line();
    FUZZ_CHECK(reader.bytes_read() <= text.size());
    if (!got) {
      if (reader.status().ok()) break;  // clean end
      const atensi::Status& st = reader.status();
      FUZZ_CHECK(st.code() == atensi::StatusCode::kInvalidArgument);
      FUZZ_CHECK(st.reason().rfind("csv.", 0) == 0);
      FUZZ_CHECK(st.field() == "line " + std::to_string(reader.record_line()));
      continue;
    }
    ++records;
    FUZZ_CHECK(!fields.empty() && fields.size() <= limits.max_fields);
    for (const auto& f : fields) {
      FUZZ_CHECK(f.size() <= limits.max_field_bytes);
      FUZZ_CHECK(atensi::IsCleanUtf8Text(WithoutLineBreaks(f)));
      FUZZ_CHECK(f.find('\0') == std::string::npos);
    }
    CheckRoundTrip(fields, limits);
    if (!header) {
      auto h = atensi::RosterHeader::FromFields(fields);
      if (!h.ok()) {
        FUZZ_CHECK(h.status().reason() == "roster.missing_column" ||
                   h.status().reason() == "roster.duplicate_column");
        FUZZ_CHECK(!h.status().field().empty());
        return 0;  // the whole file is rejected before any row
      }
      for (std::string_view c : atensi::RosterHeader::CanonicalColumns()) {
        const int idx = h->index(c);
        FUZZ_CHECK(idx >= -1 && idx < static_cast<int>(fields.size()));
      }
      header = std::move(*h);
      continue;
    }
    const atensi::RowResult row =
        atensi::ValidateRosterRow(*header, fields, reader.record_line(), reference);
    CheckRecord(row, reference, reader.record_line());
  }
  FUZZ_CHECK(records <= text.size() + 1);
  return 0;
}
