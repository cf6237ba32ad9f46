// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Test helper: reads data/regions/*.csv (RFC 4180, UTF-8) at test time so the
// compiled table is checked against the source data, not against itself.

#ifndef ATENSI_TESTS_REGION_REGION_CSV_H_
#define ATENSI_TESTS_REGION_REGION_CSV_H_

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace atensi::testing {

// Rows of data/regions/<file> without the header; each row split into fields.
// Returns an empty vector when the file cannot be read.
inline std::vector<std::vector<std::string>> ReadRegionCsv(const std::string& file) {
  std::ifstream in(std::string(ATENSI_SOURCE_DIR) + "/data/regions/" + file, std::ios::binary);
  std::vector<std::vector<std::string>> rows;
  if (!in) return rows;
  std::stringstream buf;
  buf << in.rdbuf();
  const std::string text = buf.str();
  std::vector<std::string> row;
  std::string field;
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field.push_back('"');
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field.push_back(c);
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      row.push_back(field);
      field.clear();
    } else if (c == '\n') {
      row.push_back(field);
      field.clear();
      rows.push_back(row);
      row.clear();
    } else if (c != '\r') {
      field.push_back(c);
    }
  }
  if (!field.empty() || !row.empty()) {
    row.push_back(field);
    rows.push_back(row);
  }
  if (!rows.empty()) rows.erase(rows.begin());  // header
  return rows;
}

}  // namespace atensi::testing

#endif  // ATENSI_TESTS_REGION_REGION_CSV_H_
