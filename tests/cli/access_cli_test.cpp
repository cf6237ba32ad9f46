// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Every CLI command that shows records names its principal (issue 9: "the C
// ABI, Python and the CLI all pass through" the core's authorization;
// docs/access-control.md §6). Without --actor the command is a usage error
// and touches nothing; with a principal the core decides (a case worker may
// not verify, an agency reads only its own inbox).

#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "cli_runner.h"

namespace atensi {
namespace {

using ::atensi::testing::RunCli;

class CliAccessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // One folder per test: ctest runs the tests of this file in parallel.
    dir_ = std::filesystem::path(ATENSI_BINARY_DIR) /
           (std::string("cli_access_test_") +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    db_ = (dir_ / "db.sqlite").string();
    ASSERT_EQ(RunCli({"init", db_}).exit_code, 0);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::filesystem::path dir_;
  std::string db_;
};

TEST_F(CliAccessTest, ReadsWithoutActorAreRefused) {
  for (const auto& args :
       std::vector<std::vector<std::string>>{{"verify", db_},
                                             {"report", db_},
                                             {"referrals", db_, "dinsos.15"},
                                             {"export", db_},
                                             {"case", db_, "some-case"},
                                             {"subject-access", db_, "some-child"}}) {
    auto run = RunCli(args, /*merge_stderr=*/true);
    EXPECT_EQ(run.exit_code, 2) << args[0];
    EXPECT_NE(run.out.find("--actor"), std::string::npos) << args[0] << ": " << run.out;
  }
}

TEST_F(CliAccessTest, ThePrincipalIsAuthorizedByTheCore) {
  // Permission matrix: verify is for coordinators, data officers, integrators.
  auto worker = RunCli({"verify", db_, "--json", "--actor", "pw-1@dinsos.15.03:case_worker"});
  EXPECT_EQ(worker.exit_code, 1);
  EXPECT_EQ(nlohmann::json::parse(worker.out)["error"]["reason"], "access.role");
  auto officer = RunCli({"verify", db_, "--json", "--actor", "do-1@dinsos.15:data_officer"});
  EXPECT_EQ(officer.exit_code, 0);
  EXPECT_TRUE(nlohmann::json::parse(officer.out)["ok"].get<bool>());
  // An agency reads only its own inbox.
  auto other = RunCli({"referrals", db_, "kemensos.sentra.alyatama", "--json", "--actor",
                       "do-1@dinsos.15:data_officer"});
  EXPECT_EQ(other.exit_code, 1);
  EXPECT_EQ(nlohmann::json::parse(other.out)["error"]["reason"], "access.scope");
  auto own =
      RunCli({"referrals", db_, "dinsos.15", "--json", "--actor", "do-1@dinsos.15:data_officer"});
  EXPECT_EQ(own.exit_code, 0);
  // A viewer may not export (matrix: export is the data officer's or the integrator's).
  auto viewer = RunCli({"export", db_, "--actor", "v-1@dinsos.15:viewer"}, true);
  EXPECT_EQ(viewer.exit_code, 1);
  EXPECT_NE(viewer.out.find("access.role"), std::string::npos) << viewer.out;
  // A report for a province outside the agency's coverage (UU 23/2014 annex F).
  auto report = RunCli(
      {"report", db_, "--province", "15", "--json", "--actor", "do-1@dinsos.11:data_officer"});
  EXPECT_EQ(report.exit_code, 1);
  EXPECT_EQ(nlohmann::json::parse(report.out)["error"]["reason"], "access.scope");
}

}  // namespace
}  // namespace atensi
