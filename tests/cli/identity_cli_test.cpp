// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// `atensi nik`, `atensi kk`, `atensi region`, `atensi --version`: the
// operator-facing contract (issue: foundation, first CLI commands).

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cli/cli_runner.h"

namespace atensi {
namespace {

using testing::RunCli;

TEST(CliNikTest, JsonHasExactlyTheDocumentedKeys) {
  auto run = RunCli({"nik", "1702192905120001", "--at", "2026-11-28", "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.out;
  auto j = nlohmann::json::parse(run.out);
  std::vector<std::string> keys;
  for (auto it = j.begin(); it != j.end(); ++it) keys.push_back(it.key());
  std::sort(keys.begin(), keys.end());
  EXPECT_EQ(keys, (std::vector<std::string>{"birth_date", "district", "errors", "province",
                                            "regency", "sex", "valid", "warnings"}));
  EXPECT_EQ(j["valid"], true);
  EXPECT_EQ(j["sex"], "M");
  EXPECT_EQ(j["birth_date"], "2012-05-29");
  EXPECT_EQ(j["province"], "17");
  EXPECT_EQ(j["regency"], "17.02");
  EXPECT_EQ(j["district"], "17.02.19");
  EXPECT_TRUE(j["errors"].empty());
}

TEST(CliNikTest, InvalidNikExitsOneAndStillDecodesWhatItCan) {
  // Serial 0000: the serial starts at 0001 (Dukcapil Klaten), but sex and date decode.
  auto run = RunCli({"nik", "1702196905120000", "--at", "2026-11-28", "--json"});
  EXPECT_EQ(run.exit_code, 1);
  auto j = nlohmann::json::parse(run.out);
  EXPECT_EQ(j["valid"], false);
  EXPECT_EQ(j["sex"], "F");  // day 69 = 29 + 40
  EXPECT_EQ(j["birth_date"], "2012-05-29");
  ASSERT_EQ(j["errors"].size(), 1u);
  EXPECT_EQ(j["errors"][0]["code"], "nik.serial_zero");
  EXPECT_TRUE(j["errors"][0].contains("message"));
}

TEST(CliNikTest, NullsWhenNothingDecodes) {
  auto run = RunCli({"nik", "12345", "--json", "--at", "2026-11-28"});
  EXPECT_EQ(run.exit_code, 1);
  auto j = nlohmann::json::parse(run.out);
  EXPECT_TRUE(j["sex"].is_null());
  EXPECT_TRUE(j["birth_date"].is_null());
  EXPECT_TRUE(j["province"].is_null());
  EXPECT_EQ(j["errors"][0]["code"], "nik.length");
}

TEST(CliNikTest, UsageErrorsExitTwo) {
  EXPECT_EQ(RunCli({"nik"}).exit_code, 2);
  EXPECT_EQ(RunCli({"nik", "1702192905120001", "--at", "2026-02-30"}).exit_code, 2);
  EXPECT_EQ(RunCli({"nik", "1702192905120001", "--bogus"}).exit_code, 2);
  EXPECT_EQ(RunCli({"no-such-command"}).exit_code, 2);
}

TEST(CliNikTest, TextOutputNamesTheRuleNotTheNumber) {
  auto run = RunCli({"nik", "3171018108450001", "--at", "2026-11-28"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.out.find("nik.day_range"), std::string::npos) << run.out;
  EXPECT_EQ(run.out.find("3171018108450001"), std::string::npos);
}

TEST(CliKkTest, ValidatesFamilyCardNumbers) {
  auto ok = RunCli({"kk", "3273012501990001", "--at", "2026-11-28", "--json"});
  EXPECT_EQ(ok.exit_code, 0) << ok.out;
  EXPECT_EQ(nlohmann::json::parse(ok.out)["recorded_on"], "1999-01-25");
  auto nikish = RunCli({"kk", "1702196905120001", "--at", "2026-11-28", "--json"});
  EXPECT_EQ(nikish.exit_code, 1);
  auto j = nlohmann::json::parse(nikish.out);
  bool looks_like_nik = false;
  for (const auto& w : j["warnings"]) looks_like_nik |= w["code"] == "kk.looks_like_nik";
  EXPECT_TRUE(looks_like_nik);
}

TEST(CliRegionTest, CodeLookupDottedAndUndotted) {
  auto dotted = RunCli({"region", "15.03", "--json"});
  ASSERT_EQ(dotted.exit_code, 0);
  auto j = nlohmann::json::parse(dotted.out);
  EXPECT_EQ(j["name"], "Kabupaten Sarolangun");
  EXPECT_EQ(j["level"], "regency");
  EXPECT_EQ(j["parent"], "15");
  EXPECT_EQ(j["children"], 11);
  auto undotted = RunCli({"region", "1503", "--json"});
  EXPECT_EQ(nlohmann::json::parse(undotted.out)["code"], "15.03");
}

TEST(CliRegionTest, JambiHasElevenRegenciesAndCities) {
  auto run = RunCli({"region", "15", "--children", "--json"});
  ASSERT_EQ(run.exit_code, 0);
  auto j = nlohmann::json::parse(run.out);
  EXPECT_EQ(j["child_regions"].size(), 11u);
  EXPECT_EQ(j["child_regions"][9]["name"], "Kota Jambi");
}

TEST(CliRegionTest, NameSearchAndHistoricalAliasAndUnknown) {
  auto search = RunCli({"region", "KAB. SAROLANGUN", "--json"});
  ASSERT_EQ(search.exit_code, 0);
  EXPECT_EQ(nlohmann::json::parse(search.out)["matches"][0]["code"], "15.03");
  // UU 14/2022: Merauke moved from Papua (91.01) to Papua Selatan (93.01).
  auto alias = RunCli({"region", "91.01", "--json"});
  ASSERT_EQ(alias.exit_code, 0);
  auto j = nlohmann::json::parse(alias.out);
  EXPECT_EQ(j["code"], "93.01");
  EXPECT_EQ(j["historical"]["legal_basis"], "UU 14/2022");
  EXPECT_EQ(RunCli({"region", "15.99"}).exit_code, 1);
  EXPECT_EQ(RunCli({"region", "zzzzqqq"}).exit_code, 1);
  EXPECT_EQ(RunCli({"region", "15.0"}).exit_code, 1);
}

TEST(CliTest, VersionNamesTheRegionDecree) {
  auto run = RunCli({"--version"});
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_NE(run.out.find("Kepmendagri 300.2.2-2430/2025"), std::string::npos);
}

TEST(CliTest, EveryCommandHasHelp) {
  for (const char* cmd :
       {"nik", "kk", "region", "sample", "init", "import", "screen", "route", "referrals", "case",
        "report", "verify", "export", "subject-access", "purge", "restrict", "legal-hold"}) {
    auto run = RunCli({cmd, "--help"});
    EXPECT_EQ(run.exit_code, 0) << cmd;
    EXPECT_NE(run.out.find("Usage"), std::string::npos) << cmd;
  }
  EXPECT_EQ(RunCli({"--help"}).exit_code, 0);
}

}  // namespace
}  // namespace atensi
