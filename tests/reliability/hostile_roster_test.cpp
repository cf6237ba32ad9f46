// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Hostile input through the roster import path (roster/csv_reader.h,
// roster/roster_record.h): truncated files, binary files, NUL bytes, invalid
// UTF-8, 10 MB fields, SQL-like names and impossible dates. Each problem is an
// error that names the line or field and the rule; no row with a problem
// yields a record (so nothing of it can be written), and the reader goes on
// with the next line.

#include <gtest/gtest.h>

#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include "atensi/roster/csv_reader.h"
#include "atensi/roster/roster_record.h"
#include "hostile_inputs.h"

namespace atensi {
namespace {

const Date kRef(2026, 6, 1);

std::string HeaderLine() {
  std::string out;
  for (std::string_view c : RosterHeader::CanonicalColumns()) {
    if (!out.empty()) out.push_back(',');
    out.append(c);
  }
  return out;
}

// A valid row (canonical column order), as fields. A synthetic girl in
// Kelurahan 15.71.01.1001 (Kota Jambi); the NIK encodes 25-03-2015 (+40).
std::vector<std::string> GoodRow() {
  return {"H001",  "3",          "Sari",
          "2",     "2015-03-25", "15.71.01.1001",
          "A3",    "",           "1571016503150001",
          "Jambi", "3",          "1",
          "0",     "1",          "",
          "3",     "",           ""};
}

RosterHeader Header() {
  std::vector<std::string> cols;
  for (std::string_view c : RosterHeader::CanonicalColumns()) cols.emplace_back(c);
  auto h = RosterHeader::FromFields(cols);
  EXPECT_TRUE(h.ok());
  return std::move(*h);
}

int ColumnOf(std::string_view name) {
  const auto& cols = RosterHeader::CanonicalColumns();
  for (std::size_t i = 0; i < cols.size(); ++i) {
    if (cols[i] == name) return static_cast<int>(i);
  }
  return -1;
}

bool HasFieldError(const RowResult& r, std::string_view field) {
  for (const auto& e : r.errors) {
    if (e.field == field && !e.reason.empty() && !e.message.empty()) return true;
  }
  return false;
}

struct ReadOutcome {
  std::vector<std::vector<std::string>> records;
  std::vector<Status> errors;
};

ReadOutcome ReadAll(const std::string& text, CsvLimits limits = {}) {
  std::istringstream in(text);
  CsvReader reader(in, limits);
  ReadOutcome out;
  std::vector<std::string> fields;
  for (int guard = 0; guard < 100000; ++guard) {
    if (reader.Next(fields)) {
      out.records.push_back(fields);
    } else if (reader.status().ok()) {
      break;
    } else {
      out.errors.push_back(reader.status());
    }
  }
  return out;
}

TEST(HostileRosterTest, TheGoodRowIsValid) {
  const RowResult r = ValidateRosterRow(Header(), GoodRow(), 2, kRef);
  ASSERT_TRUE(r.record.has_value()) << (r.errors.empty() ? "" : r.errors[0].reason);
}

// Strings no field may hold: empty where required, over-long, invalid UTF-8,
// NUL and control characters. (Other hostile strings, e.g. SQL-like text, can
// be legitimate values of a free-text field; see the next test.)
bool NoFieldMayHold(const testing::HostileInput& h) {
  return h.text.size() > 100 || !IsCleanUtf8Text(h.text) ||
         h.text.find_first_not_of(" \t") == std::string::npos;
}

TEST(HostileRosterTest, EveryHostileStringInEveryFieldIsRefusedByNameOrKeptVerbatim) {
  const RosterHeader header = Header();
  for (std::string_view column :
       {"IDBDT", "NoUrutART", "Nama", "JnsKel", "TglLahir", "KdWilayah", "NIK", "NoKK", "IDARTBDT",
        "TmpLahir", "Hub_KRT", "Desil", "NoPesertaPKH", "Masalah", "Ada_akta_lahir"}) {
    const bool optional = column != "IDBDT" && column != "NoUrutART" && column != "Nama" &&
                          column != "JnsKel" && column != "TglLahir" && column != "KdWilayah";
    for (const auto& h : testing::HostileStrings()) {
      const bool blank = h.text.find_first_not_of(" \t") == std::string::npos;
      if (blank && optional) continue;  // an empty optional field is simply absent
      SCOPED_TRACE(std::string(column) + " <- " + h.label);
      std::vector<std::string> row = GoodRow();
      row[static_cast<std::size_t>(ColumnOf(column))] = h.text;
      const RowResult r = ValidateRosterRow(header, row, 7, kRef);
      for (const auto& e : r.errors) {
        EXPECT_EQ(e.line, 7u);
        EXPECT_EQ(e.field, column) << "only the hostile field is reported";
        EXPECT_LT(e.message.size(), 1000u);
        if (h.text.size() >= 4) {
          EXPECT_EQ(e.message.find(h.text), std::string::npos);
        }
      }
      if (NoFieldMayHold(h)) {
        EXPECT_FALSE(r.record.has_value());
        EXPECT_TRUE(HasFieldError(r, column));
      } else if (r.record.has_value()) {
        // Accepted: then only as the same text (ids and names are kept verbatim).
        if (column == "IDBDT") {
          EXPECT_EQ(r.record->household_id, h.text);
        }
        if (column == "Nama") {
          EXPECT_EQ(r.record->name, h.text);
        }
      } else {
        EXPECT_TRUE(HasFieldError(r, column));
      }
    }
  }
}

TEST(HostileRosterTest, ImpossibleAndFutureBirthDates) {
  const RosterHeader header = Header();
  for (const char* date : {"0000-00-00", "2026-02-30", "30-02-2026", "00-00-0000", "2015-13-01",
                           "2027-01-01" /* after the reference date: negative age */}) {
    SCOPED_TRACE(date);
    std::vector<std::string> row = GoodRow();
    row[static_cast<std::size_t>(ColumnOf("TglLahir"))] = date;
    row[static_cast<std::size_t>(ColumnOf("NIK"))] = "";
    const RowResult r = ValidateRosterRow(header, row, 3, kRef);
    EXPECT_FALSE(r.record.has_value());
    EXPECT_TRUE(HasFieldError(r, "TglLahir"));
  }
}

TEST(HostileRosterTest, SqlLikeNameIsStoredAsTextNotRefused) {
  // A name is free text: the SQL-like one is valid data, carried verbatim (the
  // store binds values, never splices them), not an error.
  std::vector<std::string> row = GoodRow();
  row[static_cast<std::size_t>(ColumnOf("Nama"))] = "Robert'); DROP TABLE children;--";
  const RowResult r = ValidateRosterRow(Header(), row, 2, kRef);
  ASSERT_TRUE(r.record.has_value());
  EXPECT_EQ(r.record->name, "Robert'); DROP TABLE children;--");
}

TEST(HostileRosterTest, ShortRowsAndMissingFieldsAreErrorsNotOutOfBounds) {
  const RosterHeader header = Header();
  for (std::size_t n = 0; n < GoodRow().size(); ++n) {
    std::vector<std::string> row = GoodRow();
    row.resize(n);
    const RowResult r = ValidateRosterRow(header, row, 2, kRef);
    if (n < 6) {
      EXPECT_FALSE(r.record.has_value()) << n;
    }
  }
}

TEST(HostileRosterTest, HeaderWithHostileColumnNamesIsRejectedWhole) {
  using namespace std::string_literals;
  auto h = RosterHeader::FromFields({"IDBDT'; DROP TABLE children;--", "\0NoUrutART"s, "Nama",
                                     "JnsKel", "TglLahir", "KdWilayah"});
  ASSERT_FALSE(h.ok());
  EXPECT_EQ(h.status().reason(), "roster.missing_column");
  EXPECT_FALSE(h.status().field().empty());
}

TEST(HostileRosterTest, TruncatedFileIsAnErrorNamingTheLine) {
  const std::string full = HeaderLine() + "\nH001,1,\"Budi Santoso\",1,2010-01-01,15.71.01.1001\n";
  // Cut inside the quoted name: an unterminated quote, not a short row.
  const std::string cut = full.substr(0, full.find("Santoso"));
  const ReadOutcome out = ReadAll(cut);
  ASSERT_EQ(out.errors.size(), 1u);
  EXPECT_EQ(out.errors[0].reason(), "csv.unterminated_quote");
  EXPECT_EQ(out.errors[0].field(), "line 2");
  EXPECT_EQ(out.records.size(), 1u);  // only the header
}

TEST(HostileRosterTest, BinaryFileGivesOnlyCleanRecordsAndCsvErrors) {
  std::string bytes;
  std::uint32_t x = 2463534242u;  // xorshift32, fixed seed: reproducible
  for (int i = 0; i < 256 * 1024; ++i) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    bytes.push_back(static_cast<char>(x & 0xFFu));
  }
  const ReadOutcome out = ReadAll(bytes);
  EXPECT_FALSE(out.errors.empty());
  for (const auto& st : out.errors) {
    EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(st.reason().rfind("csv.", 0), 0u) << st.reason();
    EXPECT_EQ(st.field().rfind("line ", 0), 0u);
  }
  for (const auto& rec : out.records) {
    for (const auto& f : rec) {
      EXPECT_EQ(f.find('\0'), std::string::npos);
      EXPECT_LE(f.size(), CsvLimits{}.max_field_bytes);
    }
  }
  // As a roster: the header is missing, so the whole file is refused.
  std::istringstream in(bytes);
  CsvReader reader(in);
  std::vector<std::string> first;
  while (!reader.Next(first) && !reader.status().ok()) {
  }
  EXPECT_FALSE(RosterHeader::FromFields(first).ok());
}

TEST(HostileRosterTest, TenMegabyteFieldIsRefusedAndReadingGoesOn) {
  const std::string text = HeaderLine() + "\nH001,1," + std::string(testing::kTenMegabytes, 'A') +
                           ",1,2010-01-01,15.71.01.1001\n" +
                           "H002,1,Sari,2,2010-01-01,15.71.01.1001\n";
  const ReadOutcome out = ReadAll(text);
  ASSERT_EQ(out.errors.size(), 1u);
  EXPECT_EQ(out.errors[0].reason(), "csv.field_too_long");
  EXPECT_EQ(out.errors[0].field(), "line 2");
  ASSERT_EQ(out.records.size(), 2u);
  EXPECT_EQ(out.records[1][0], "H002");
}

TEST(HostileRosterTest, TenMegabyteQuotedFieldSpanningLinesIsRefused) {
  const std::string text = "a,b\n\"" + std::string(testing::kTenMegabytes / 2, 'x') + "\n" +
                           std::string(testing::kTenMegabytes / 2, 'y') + "\",1\nnext,2\n";
  const ReadOutcome out = ReadAll(text);
  ASSERT_EQ(out.errors.size(), 1u);
  EXPECT_EQ(out.errors[0].reason(), "csv.field_too_long");
  ASSERT_FALSE(out.records.empty());
  EXPECT_EQ(out.records.back()[0], "next");
}

TEST(HostileRosterTest, NulAndInvalidUtf8FieldsAreEncodingErrorsThenReadingGoesOn) {
  using namespace std::string_literals;
  for (const std::string& bad : {"x\0y"s, "\xC3\x28"s, "\xED\xA0\x80"s, "\xC0\xAF"s, "\xFF"s}) {
    const ReadOutcome out = ReadAll("a,b\n1," + bad + "\n2,ok\n");
    ASSERT_EQ(out.errors.size(), 1u);
    EXPECT_EQ(out.errors[0].reason(), "csv.encoding");
    EXPECT_EQ(out.errors[0].field(), "line 2");
    ASSERT_EQ(out.records.size(), 2u);
    EXPECT_EQ(out.records[1][0], "2");
  }
}

TEST(HostileRosterTest, TooManyFieldsIsRefused) {
  const ReadOutcome out = ReadAll("a\n" + std::string(100000, ',') + "\nz\n");
  ASSERT_EQ(out.errors.size(), 1u);
  EXPECT_EQ(out.errors[0].reason(), "csv.too_many_fields");
  ASSERT_EQ(out.records.size(), 2u);
  EXPECT_EQ(out.records[1][0], "z");
}

}  // namespace
}  // namespace atensi
