// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0

#include "atensi/roster/csv_reader.h"

#include <gtest/gtest.h>

#include <sstream>

namespace atensi {
namespace {

std::vector<std::vector<std::string>> ReadAll(const std::string& text, Status* last = nullptr,
                                              CsvLimits limits = {}) {
  std::istringstream in(text);
  CsvReader reader(in, limits);
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> fields;
  for (;;) {
    if (reader.Next(fields)) {
      rows.push_back(fields);
      continue;
    }
    if (reader.status().ok()) break;
    if (last) *last = reader.status();
    rows.push_back({"<error:" + reader.status().reason() + ">"});
  }
  return rows;
}

TEST(CsvReaderTest, ReadsPlainAndQuotedFieldsPerRfc4180) {
  auto rows = ReadAll("a,b,c\n1,\"x, y\",\"say \"\"hi\"\"\"\n");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1], (std::vector<std::string>{"1", "x, y", "say \"hi\""}));
}

TEST(CsvReaderTest, AcceptsCrLfAndMissingFinalNewlineAndBom) {
  auto rows = ReadAll("\xEF\xBB\xBFh1,h2\r\nv1,v2");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0][0], "h1");
  EXPECT_EQ(rows[1], (std::vector<std::string>{"v1", "v2"}));
}

TEST(CsvReaderTest, QuotedFieldMaySpanLines) {
  auto rows = ReadAll("a\n\"line1\nline2\"\nnext\n");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[1][0], "line1\nline2");
  EXPECT_EQ(rows[2][0], "next");
}

TEST(CsvReaderTest, TruncatedFileInsideQuotesIsAnErrorNotAShortRow) {
  Status st;
  auto rows = ReadAll("a,b\n1,\"unfinished", &st);
  EXPECT_EQ(st.reason(), "csv.unterminated_quote");
  EXPECT_EQ(st.field(), "line 2");
}

TEST(CsvReaderTest, RefusesInvalidUtf8AndNulAndGoesOnWithTheNextLine) {
  std::string text = "a,b\nok,\xC3\x28\nx,y\n";
  Status st;
  auto rows = ReadAll(text, &st);
  EXPECT_EQ(st.reason(), "csv.encoding");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[2], (std::vector<std::string>{"x", "y"}));

  std::string nul = std::string("a\nx") + '\0' + "y\nz\n";
  rows = ReadAll(nul, &st);
  EXPECT_EQ(st.reason(), "csv.encoding");
  EXPECT_EQ(rows.back(), (std::vector<std::string>{"z"}));
}

TEST(CsvReaderTest, OversizedFieldIsRefusedWithoutBufferingIt) {
  std::string big(10 * 1024 * 1024, 'A');  // a 10 MB field
  Status st;
  auto rows = ReadAll("a,b\n" + big + ",x\nnext,row\n", &st);
  EXPECT_EQ(st.reason(), "csv.field_too_long");
  EXPECT_EQ(st.field(), "line 2");
  EXPECT_EQ(rows.back(), (std::vector<std::string>{"next", "row"}));
}

TEST(CsvReaderTest, StrayQuotesAreErrors) {
  Status st;
  ReadAll("a\nab\"c\n", &st);
  EXPECT_EQ(st.reason(), "csv.quote");
  ReadAll("a\n\"ab\"c\n", &st);
  EXPECT_EQ(st.reason(), "csv.quote");
}

TEST(CsvReaderTest, TooManyFieldsIsAnError) {
  Status st;
  CsvLimits limits;
  limits.max_fields = 3;
  ReadAll("a,b,c,d\n", &st, limits);
  EXPECT_EQ(st.reason(), "csv.too_many_fields");
}

TEST(Utf8Test, ValidatesEncoding) {
  EXPECT_TRUE(IsCleanUtf8Text("Sungai Penuh"));
  EXPECT_TRUE(IsCleanUtf8Text("Ma\xE2\x80\x99ruf"));  // U+2019 in a village name
  EXPECT_TRUE(IsCleanUtf8Text("tab\tinside"));
  EXPECT_FALSE(IsCleanUtf8Text("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(IsCleanUtf8Text("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(IsCleanUtf8Text("\xF4\x90\x80\x80"));  // > U+10FFFF
  EXPECT_FALSE(IsCleanUtf8Text("cut\xE2\x80"));       // truncated sequence
  EXPECT_FALSE(IsCleanUtf8Text("bell\x07"));
}

}  // namespace
}  // namespace atensi
