// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// The subject-access request commands of the CLI (UU 27/2022 art 32: answer
// within 3x24 h; art 33: refuse when disclosure endangers, never disclose
// another person's data), the art 33 decision, corrections and the privacy
// state, end to end through the `atensi` binary.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "atensi/casebook.h"
#include "atensi/lifecycle/lifecycle_json.h"
#include "cli_runner.h"

namespace atensi {
namespace {

using ::atensi::testing::RunCli;

constexpr const char* kOfficer = "do-1@dinsos.15:data_officer";
constexpr const char* kMother = "0193a000-0000-7000-8000-0000000000a1";
constexpr const char* kFather = "0193a000-0000-7000-8000-0000000000a2";

class CliPrivacyRequestTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // One directory per test: ctest runs the tests of this fixture in parallel.
    dir_ = std::filesystem::path(ATENSI_BINARY_DIR) /
           (std::string("cli_privacy_request_test_") +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    db_ = (dir_ / "db.sqlite").string();
    ASSERT_EQ(RunCli({"init", db_}).exit_code, 0);
    // A child with two guardians, registered through the library.
    OpenOptions o;
    o.path = db_;
    SystemClock clock;
    auto book = Casebook::Open(o, clock);
    ASSERT_TRUE(book.ok()) << book.status().ToString();
    Child c;
    c.name = "Anak Uji";
    c.sex = Sex::kFemale;
    c.birth_date = Date(2016, 3, 3);
    c.domicile_region = "15.71.01.1001";
    for (auto [id, name, role] : {std::tuple{kMother, "Ibu Uji", GuardianRole::kMother},
                                  std::tuple{kFather, "Ayah Uji", GuardianRole::kFather}}) {
      Guardian g;
      g.id = id;
      g.name = name;
      g.role = role;
      c.guardians.push_back(g);
    }
    Actor w{"pw-1", "dinsos.15", Role::kCaseWorker, 0};
    auto child = (*book)->RegisterChild(c, w);
    ASSERT_TRUE(child.ok()) << child.status().ToString();
    child_ = *child;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  nlohmann::json Json(const std::vector<std::string>& args, int want = 0) {
    auto run = RunCli(args);
    EXPECT_EQ(run.exit_code, want) << run.out;
    nlohmann::json j = nlohmann::json::parse(run.out, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << run.out;
    return j;
  }

  std::filesystem::path dir_;
  std::string db_;
  Child child_;
};

// UU 27/2022 arts 32-33 through the CLI: the father (alleged perpetrator)
// is refused on the recorded decision; the mother's request is answered
// with the father's data redacted; the list of pending requests empties.
TEST_F(CliPrivacyRequestTest, RequestsAreRefusedOrAnsweredUU27Art32And33) {
  Json({"disclosure-risk", db_, child_.id, "--reason", "asesmen kekerasan", "--refuse-guardian",
        kFather, "--actor", kOfficer});
  auto state = Json({"privacy-state", db_, child_.id, "--actor", kOfficer});
  EXPECT_EQ(state["disclosure_risk"]["refused_guardian_ids"][0], kFather);

  auto req = Json({"access-request", db_, child_.id, "--guardian", kFather, "--actor", kOfficer});
  EXPECT_EQ(req["outcome"], "pending");
  auto pending = Json({"access-pending", db_, "--actor", kOfficer});
  ASSERT_EQ(pending.size(), 1u);
  EXPECT_EQ(pending[0]["id"], req["id"]);
  EXPECT_EQ(Json({"access-pending", db_, "--overdue", "--actor", kOfficer}).size(), 0u);
  auto refused = Json({"access-answer", db_, child_.id, req["id"], "--actor", kOfficer});
  EXPECT_EQ(refused["request"]["outcome"], "refused");
  EXPECT_EQ(refused["request"]["refusal_reason"], "uu27.art33.requester_endangers");
  EXPECT_TRUE(refused["report"].is_null());

  auto mine = Json({"access-request", db_, child_.id, "--guardian", kMother, "--actor", kOfficer});
  auto given = Json({"access-answer", db_, child_.id, mine["id"], "--actor", kOfficer});
  EXPECT_EQ(given["request"]["outcome"], "fulfilled");
  EXPECT_EQ(given["report"]["child"]["guardians"][0]["name"], "Ibu Uji");
  EXPECT_EQ(given["report"]["child"]["guardians"][1]["name"], "[redacted]");
  EXPECT_EQ(Json({"access-pending", db_, "--actor", kOfficer}).size(), 0u);

  auto third = Json({"access-request", db_, child_.id, "--actor", kOfficer});
  auto bad = Json({"access-refuse", db_, child_.id, third["id"], "--reason-code", "busy",
                   "--explanation", "x", "--actor", kOfficer},
                  1);
  EXPECT_EQ(bad["error"]["reason"], "privacy.refusal_reason");
  auto ok = Json({"access-refuse", db_, child_.id, third["id"], "--reason-code",
                  "uu27.art33.endangers_others", "--explanation", "saksi", "--actor", kOfficer});
  EXPECT_EQ(ok["outcome"], "refused");
}

TEST_F(CliPrivacyRequestTest, CorrectionThroughTheCli) {
  auto c = Json(
      {"correction-request", db_, child_.id, "--request", "nama ibu salah", "--actor", kOfficer});
  const std::string id = c["correction_id"];
  Child fixed = child_;
  fixed.guardians[0].name = "Ibu Benar";
  const std::string file = (dir_ / "child.json").string();
  std::ofstream(file) << ToJson(fixed).dump();
  auto done = Json({"correct-child", db_, file, "--correction", id, "--actor", kOfficer});
  EXPECT_EQ(done["guardians"][0]["name"], "Ibu Benar");
  auto state = Json({"privacy-state", db_, child_.id, "--actor", kOfficer});
  EXPECT_TRUE(state["open_corrections"].empty());
}

TEST_F(CliPrivacyRequestTest, EveryCommandNeedsItsPrincipalAndRole) {
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"access-request", db_, child_.id},
           {"access-pending", db_},
           {"privacy-state", db_, child_.id},
           {"disclosure-risk", db_, child_.id, "--reason", "x"}}) {
    auto run = RunCli(args, /*merge_stderr=*/true);
    EXPECT_EQ(run.exit_code, 2) << args[0];
    EXPECT_NE(run.out.find("--actor"), std::string::npos) << args[0] << ": " << run.out;
  }
  auto worker = Json({"access-pending", db_, "--actor", "pw-1@dinsos.15:case_worker"}, 1);
  EXPECT_EQ(worker["error"]["code"], "permission_denied");
}

}  // namespace
}  // namespace atensi
