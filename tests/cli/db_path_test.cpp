// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// The database argument (issue #10): every command taking a DB accepts a
// postgresql:// URI as well as an existing file, and a URI is never printed
// with its password (credentials are never shown or logged).

#include "cli/db_path.h"

#include <gtest/gtest.h>

#include <string>

#include "cli_runner.h"

namespace atensi::cli {
namespace {

TEST(MaskUriTest, PasswordInUserInfoIsMasked) {
  EXPECT_EQ(MaskUri("postgresql://atensi:s3cret@db.example:5432/atensi"),
            "postgresql://atensi:***@db.example:5432/atensi");
  EXPECT_EQ(MaskUri("postgres://u:p%40ss@h/d?sslmode=verify-full"),
            "postgres://u:***@h/d?sslmode=verify-full");
}

TEST(MaskUriTest, PasswordParameterIsMasked) {
  EXPECT_EQ(MaskUri("postgresql://h/d?user=a&password=s3cret&sslmode=require"),
            "postgresql://h/d?user=a&password=***&sslmode=require");
  EXPECT_EQ(MaskUri("postgresql://h/d?password=x"), "postgresql://h/d?password=***");
}

TEST(MaskUriTest, NothingToMaskIsUnchanged) {
  EXPECT_EQ(MaskUri("postgresql://atensi@127.0.0.1:5/atensi?options=-csearch_path%3Ds"),
            "postgresql://atensi@127.0.0.1:5/atensi?options=-csearch_path%3Ds");
  EXPECT_EQ(MaskUri("jambi.sqlite"), "jambi.sqlite");
  EXPECT_EQ(MaskUri("/data/a:b@c.sqlite"), "/data/a:b@c.sqlite");
}

TEST(ExistingDatabaseTest, AcceptsAUriAndAnExistingFileOnly) {
  CLI::Validator v = ExistingDatabase();
  std::string uri = "postgresql://nobody@127.0.0.1:1/none";
  EXPECT_EQ(v(uri), "");
  std::string missing = "/nonexistent/dir/x.sqlite";
  EXPECT_NE(v(missing), "");
  std::string here = ATENSI_SOURCE_DIR "/README.md";
  EXPECT_EQ(v(here), "");
}

// A URI reaches the store (a connection error, exit 3), not the argument
// check (usage error, exit 2); the error never repeats the URI's password.
TEST(ExistingDatabaseTest, CommandsTakeAUri) {
  const std::string uri = "postgresql://atensi:s3cret@127.0.0.1:1/none?connect_timeout=2";
  auto run = testing::RunCli(
      {"export-region", "--from", uri, "--region", "15", "--to", "/nonexistent/dir/out.sqlite"},
      /*merge_stderr=*/true);
  EXPECT_EQ(run.exit_code, 3) << run.out;
  EXPECT_NE(run.out.find("pg.connect"), std::string::npos) << run.out;
  EXPECT_EQ(run.out.find("s3cret"), std::string::npos) << run.out;
  auto usage = testing::RunCli({"export-region", "--from", "/nonexistent/x.sqlite", "--region",
                                "15", "--to", "/tmp/y.sqlite"},
                               /*merge_stderr=*/true);
  EXPECT_EQ(usage.exit_code, 2) << usage.out;
}

}  // namespace
}  // namespace atensi::cli
