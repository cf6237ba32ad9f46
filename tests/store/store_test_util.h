// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Helpers shared by the store tests: a fresh temporary directory per test and
// running the sqlite3 shell against a database file (as an attacker would).

#ifndef ATENSI_TESTS_STORE_STORE_TEST_UTIL_H_
#define ATENSI_TESTS_STORE_STORE_TEST_UTIL_H_

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace atensi::testing {

// A directory under the system temp dir, removed when the object dies.
class TempDir {
 public:
  TempDir() {
    const ::testing::TestInfo* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string name = std::string("atensi_store_") + (info ? info->test_suite_name() : "x") + "_" +
                       (info ? info->name() : "y") + "_" + std::to_string(::getpid());
    for (char& c : name) {
      if (c == '/') c = '_';
    }
    path_ = std::filesystem::temp_directory_path() / name;
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  [[nodiscard]] std::string File(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

// Runs `sql` with /usr/bin/sqlite3 on `db`; returns the shell's exit status
// and fills `out` with its stdout+stderr.
inline int RunSqliteShell(const std::string& db, const std::string& sql, std::string* out) {
  std::string script = db + ".attack.sql";
  {
    std::ofstream f(script);
    f << sql << "\n";
  }
  std::string cmd = "/usr/bin/sqlite3 -bail '" + db + "' < '" + script + "' 2>&1";
  FILE* pipe = ::popen(cmd.c_str(), "r");
  if (pipe == nullptr) return -1;
  char buf[512];
  std::string text;
  while (std::fgets(buf, sizeof buf, pipe) != nullptr) text += buf;
  int rc = ::pclose(pipe);
  if (out != nullptr) *out = text;
  std::filesystem::remove(script);
  return rc;
}

}  // namespace atensi::testing

#endif  // ATENSI_TESTS_STORE_STORE_TEST_UTIL_H_
