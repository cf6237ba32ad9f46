// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// The benchmark dataset's direct writer (bench_common.cpp, DirectWriter)
// against the CaseStore write path it stands in for (issue #7: the bench
// suite from a clean clone within its budget). The direct writer computes the
// rows the store would leave and inserts them in bulk; these tests keep it
// from drifting: the same small dataset is written both ways and every row of
// every table must be identical (ids, documents, event hashes, state hashes,
// payload digests, kept deadlines), the schema and file settings the same,
// and the library's own Verify must pass on the direct writer's file.

#include <sqlite3.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "bench_common.h"
#include "gtest/gtest.h"

namespace atensi::bench {
namespace {

// Every row of `table` as text (blobs hex-encoded, NULL as "<null>"), in
// the order of all its columns, so the comparison ignores insertion order.
std::vector<std::string> Rows(sqlite3* db, const std::string& table) {
  sqlite3_stmt* cols = nullptr;
  const std::string info = "SELECT count(*) FROM pragma_table_info('" + table + "')";
  EXPECT_EQ(sqlite3_prepare_v2(db, info.c_str(), -1, &cols, nullptr), SQLITE_OK);
  EXPECT_EQ(sqlite3_step(cols), SQLITE_ROW);
  const int n = sqlite3_column_int(cols, 0);
  sqlite3_finalize(cols);
  std::string order;
  for (int i = 1; i <= n; ++i) order += (i > 1 ? ", " : "") + std::to_string(i);
  const std::string sql = "SELECT * FROM " + table + " ORDER BY " + order;
  sqlite3_stmt* q = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &q, nullptr), SQLITE_OK) << sql;
  std::vector<std::string> out;
  while (sqlite3_step(q) == SQLITE_ROW) {
    std::string row;
    for (int c = 0; c < sqlite3_column_count(q); ++c) {
      row += '|';
      switch (sqlite3_column_type(q, c)) {
        case SQLITE_NULL:
          row += "<null>";
          break;
        case SQLITE_INTEGER:
          row += "i" + std::to_string(sqlite3_column_int64(q, c));
          break;
        case SQLITE_BLOB: {
          const auto* p = static_cast<const unsigned char*>(sqlite3_column_blob(q, c));
          static constexpr char kHex[] = "0123456789abcdef";
          row += "x";
          for (int k = 0; k < sqlite3_column_bytes(q, c); ++k) {
            row += kHex[p[k] >> 4];
            row += kHex[p[k] & 15];
          }
          break;
        }
        default:
          row += "t" + std::string(reinterpret_cast<const char*>(sqlite3_column_text(q, c)),
                                   static_cast<std::size_t>(sqlite3_column_bytes(q, c)));
      }
    }
    out.push_back(std::move(row));
  }
  sqlite3_finalize(q);
  return out;
}

std::vector<std::string> Strings(sqlite3* db, const std::string& sql) {
  sqlite3_stmt* q = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &q, nullptr), SQLITE_OK) << sql;
  std::vector<std::string> out;
  while (sqlite3_step(q) == SQLITE_ROW) {
    const unsigned char* t = sqlite3_column_text(q, 0);
    out.emplace_back(t != nullptr ? reinterpret_cast<const char*>(t) : "<null>");
  }
  sqlite3_finalize(q);
  return out;
}

class DatasetTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("atensi-dataset-test-" +
            std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
            std::to_string(reinterpret_cast<std::uintptr_t>(this)));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_;
};

// 2,050 cases span two generation chunks (2,000 cases each, seeded by chunk
// number), both endings of the generated cases (closed as not
// eligible/redirected when older than 60 days; assessment or a worker
// assignment when newer) and all three risk levels.
constexpr std::int64_t kCases = 2'050;

TEST_F(DatasetTest, DirectWriterWritesTheSameRowsAsTheCaseStorePath) {
  const std::string store_path = (dir_ / "store.db").string();
  const std::string direct_path = (dir_ / "direct.db").string();
  GenerateDatasetFile(store_path, kCases, /*through_store=*/true);
  GenerateDatasetFile(direct_path, kCases, /*through_store=*/false);
  sqlite3* a = nullptr;
  sqlite3* b = nullptr;
  ASSERT_EQ(sqlite3_open_v2(store_path.c_str(), &a, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_open_v2(direct_path.c_str(), &b, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  const std::string schema =
      "SELECT type || ' ' || name || ' ' || coalesce(sql, '') FROM "
      "sqlite_master ORDER BY type, name";
  EXPECT_EQ(Strings(a, schema), Strings(b, schema));
  for (const char* pragma : {"PRAGMA page_size", "PRAGMA user_version", "PRAGMA journal_mode",
                             "PRAGMA application_id"}) {
    EXPECT_EQ(Strings(a, pragma), Strings(b, pragma)) << pragma;
  }
  // The generated tables hold what the workloads read; every other table
  // (schema bookkeeping, crypto state, ...) must match too.
  const std::map<std::string, std::size_t> expected_rows = {
      {"children", kCases}, {"cases", kCases}, {"events", 5 * kCases}};
  for (const std::string& table :
       Strings(a,
               "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
               "'sqlite_%' ORDER BY name")) {
    const std::vector<std::string> want = Rows(a, table);
    const std::vector<std::string> got = Rows(b, table);
    ASSERT_EQ(want.size(), got.size()) << table;
    for (std::size_t i = 0; i < want.size(); ++i) {
      ASSERT_EQ(want[i], got[i]) << table << " row " << i;
    }
    if (auto it = expected_rows.find(table); it != expected_rows.end()) {
      EXPECT_EQ(got.size(), it->second) << table;
    }
  }
  // Both endings and the kept deadlines are exercised.
  EXPECT_GT(Rows(b, "case_deadlines").size(), 0u);
  EXPECT_GT(Strings(b, "SELECT id FROM cases WHERE closed_at IS NULL").size(), 0u);
  EXPECT_GT(Strings(b, "SELECT id FROM cases WHERE closed_at IS NOT NULL").size(), 0u);
  sqlite3_close_v2(a);
  sqlite3_close_v2(b);
}

TEST_F(DatasetTest, DirectWriterFileVerifies) {
  const std::string path = (dir_ / "direct.db").string();
  GenerateDatasetFile(path, 300, /*through_store=*/false);
  VerifyDataset(path);  // dies with the first broken link
  SUCCEED();
}

TEST_F(DatasetTest, VerifyCatchesATamperedDirectFile) {
  // The check above can fail: a case row whose document no longer hashes to
  // its chain's state hash must be found.
  const std::string path = (dir_ / "direct.db").string();
  GenerateDatasetFile(path, 20, /*through_store=*/false);
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(
      sqlite3_exec(db, "UPDATE cases SET doc = doc || ' ' WHERE id = (SELECT min(id) FROM cases)",
                   nullptr, nullptr, nullptr),
      SQLITE_OK);
  ASSERT_EQ(sqlite3_changes(db), 1);
  sqlite3_close_v2(db);
  EXPECT_DEATH(VerifyDataset(path), "verify dataset failed");
}

}  // namespace
}  // namespace atensi::bench
