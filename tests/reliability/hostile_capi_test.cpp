// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Hostile input through the C ABI (capi/include/atensi.h): documents with
// escaped NUL (\u0000, the only way a NUL reaches a C string API), raw
// invalid UTF-8, 10 MB fields, SQL-like names, dates 0000-00-00 and
// 2026-02-30, truncated and binary documents. Each call returns
// ATENSI_INVALID_ARGUMENT (never INTERNAL, never a crash), leaves the out
// pointer NULL, records a reason and a field, and writes nothing: the audit
// trail has as many events afterwards as before.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "atensi.h"
#include "hostile_inputs.h"

namespace atensi::testing {
namespace {

using nlohmann::json;

json GoodChild() {
  return json{{"id", ""},
              {"nik", "1503015002170001"},
              {"name", "Anak Contoh"},
              {"sex", "F"},
              {"birth_date", "2017-02-10"},
              {"domicile_region", "15.03.01.2001"},
              {"guardians", json::array({{{"id", "5f1d7c2e-3b4a-4c5d-8e6f-7a8b9c0d1e2f"},
                                          {"name", "Ibu Contoh"},
                                          {"role", "mother"},
                                          {"nik", nullptr}}})},
              {"family_links", json::array()}};
}

class HostileCapiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    atensi_open_options opts;
    ASSERT_EQ(atensi_open_options_init(&opts, ATENSI_OPEN_OPTIONS_VERSION), ATENSI_OK);
    opts.fixed_clock_ms = 1795834800000;  // 2026-11-28T03:00:00Z
    opts.id_seed = 5;
    ASSERT_EQ(atensi_open(&db_, ":memory:", &opts), ATENSI_OK);
    actor_.person_id = "pw-0001";
    actor_.agency_id = "dinsos.15.03";
    // The reads without an actor (verify, cases_by_nik, ...) act as the
    // session principal (0.3.0): the agency's data officer.
    principal_ = actor_;
    principal_.person_id = "do-0001";
    principal_.role = ATENSI_ROLE_DATA_OFFICER;
    ASSERT_EQ(atensi_db_set_principal(db_, &principal_, ATENSI_PURPOSE_AUDIT), ATENSI_OK);
    events_ = Events();
  }
  void TearDown() override { atensi_close(&db_); }

  long long Events() {
    int ok = 0;
    char* report = nullptr;
    EXPECT_EQ(atensi_audit_verify(&ok, &report, db_), ATENSI_OK);
    EXPECT_EQ(ok, 1);
    long long n = report != nullptr ? json::parse(report).value("events_checked", -1LL) : -1;
    atensi_free(report);
    return n;
  }

  void ExpectRefused(const std::string& doc, const std::string& label) {
    SCOPED_TRACE(label);
    char* out = nullptr;
    const int rc = atensi_child_register(&out, db_, doc.c_str(), &actor_);
    EXPECT_EQ(rc, ATENSI_INVALID_ARGUMENT) << atensi_db_error(db_)->message;
    EXPECT_EQ(out, nullptr);
    atensi_free(out);
    const atensi_error* e = atensi_db_error(db_);
    EXPECT_EQ(e->code, rc);
    EXPECT_STRNE(e->reason, "");
    EXPECT_LT(std::string(e->message).size(), 2000u);
    EXPECT_EQ(Events(), events_) << "a refused call wrote an event";
  }

  atensi_db* db_ = nullptr;
  atensi_actor actor_ = ATENSI_ACTOR_INIT;
  atensi_actor principal_ = ATENSI_ACTOR_INIT;
  long long events_ = 0;
};

std::string Dump(const json& j) { return j.dump(); }

TEST_F(HostileCapiTest, TheGoodDocumentIsAccepted) {
  char* out = nullptr;
  ASSERT_EQ(atensi_child_register(&out, db_, Dump(GoodChild()).c_str(), &actor_), ATENSI_OK);
  atensi_free(out);
  EXPECT_EQ(Events(), events_ + 1);
}

TEST_F(HostileCapiTest, HostileFieldValuesAreRefused) {
  struct Case {
    const char* field;
    json value;
  };
  const std::string nul_name = std::string("Anak") + '\0' + "Contoh";  // dumped as \u0000
  const std::vector<Case> cases = {
      {"name", nul_name},
      {"name", std::string(kTenMegabytes, 'A')},
      {"name", ""},
      {"name", "\x1b[31mmerah"},
      {"nik", "1'; DROP TABLE children;--"},
      {"nik", std::string("1503015002170001") + '\0'},
      {"nik", std::string(kTenMegabytes, '1')},
      {"birth_date", "0000-00-00"},
      {"birth_date", "2026-02-30"},
      {"birth_date", "2030-01-01"},  // after today: a negative age
      {"birth_date", "1900-01-01"},  // not a child (UU 35/2014 art 1(1))
      {"birth_date", -5},
      {"domicile_region", "15.03'; --"},
      {"domicile_region", std::string(kTenMegabytes, '9')},
      {"sex", "X"},
      {"guardians", "not a list"},
  };
  for (const Case& c : cases) {
    json doc = GoodChild();
    doc[c.field] = c.value;
    ExpectRefused(Dump(doc), std::string(c.field));
  }
}

TEST_F(HostileCapiTest, MalformedDocumentsAreRefused) {
  const std::string good = Dump(GoodChild());
  ExpectRefused(good.substr(0, good.size() / 2), "truncated");
  ExpectRefused("", "empty");
  ExpectRefused("null", "null");
  ExpectRefused("[]", "array");
  ExpectRefused("{\"name\":\"\xC3\x28\"}", "invalid UTF-8");
  std::string utf8_bad = good;
  utf8_bad.replace(utf8_bad.find("Anak Contoh"), 4, "\xFF\xFE\xFD\xFC");
  ExpectRefused(utf8_bad, "invalid UTF-8 inside the name");
  std::string binary;
  for (int i = 1; i < 4096; ++i) binary.push_back(static_cast<char>((i * 7919) % 255 + 1));
  ExpectRefused(binary, "binary");
  ExpectRefused(std::string(100000, '['), "deep nesting");
}

TEST_F(HostileCapiTest, HostileIdsAndCommands) {
  char* out = nullptr;
  for (const auto& h : HostileStrings()) {
    if (h.text.find('\0') != std::string::npos) continue;  // cannot be a C string
    int rc = atensi_case_open(&out, db_, h.text.c_str(),
                              "{\"source\":\"outreach\",\"risk\":\"low\","
                              "\"lead_agency_id\":\"dinsos.15.03\"}",
                              &actor_);
    EXPECT_TRUE(rc == ATENSI_NOT_FOUND || rc == ATENSI_INVALID_ARGUMENT) << h.label << rc;
    EXPECT_EQ(out, nullptr);
    rc = atensi_case_act(&out, db_, h.text.c_str(), 1, h.text.c_str(), &actor_);
    EXPECT_TRUE(rc == ATENSI_NOT_FOUND || rc == ATENSI_INVALID_ARGUMENT) << h.label << rc;
    EXPECT_EQ(out, nullptr);
    rc = atensi_cases_by_nik(&out, db_, h.text.c_str());
    EXPECT_NE(rc, ATENSI_INTERNAL) << h.label;
    atensi_free(out);
    out = nullptr;
    atensi_id_check* check = nullptr;
    const atensi_date ref{2026, 11, 28};
    rc = atensi_nik_parse(&check, h.text.c_str(), &ref, nullptr);
    EXPECT_NE(rc, ATENSI_INTERNAL) << h.label;
    atensi_id_check_destroy(&check);
    EXPECT_EQ(atensi_nik_validate(h.text.c_str(), &ref), ATENSI_INVALID_ARGUMENT) << h.label;
    atensi_date d{};
    EXPECT_NE(atensi_date_parse(&d, h.text.c_str()), ATENSI_OK) << h.label;
  }
  EXPECT_EQ(Events(), events_);
  atensi_date d{};
  EXPECT_EQ(atensi_date_parse(&d, "0000-00-00"), ATENSI_INVALID_ARGUMENT);
  EXPECT_EQ(atensi_date_parse(&d, "2026-02-30"), ATENSI_INVALID_ARGUMENT);
}


// The 0.2 entry points (authorized reads, access log, data-subject duties,
// roster jobs) get the same hostile ids, paths and option documents: never
// INTERNAL or MISUSE, never an out value on failure, nothing written.
TEST_F(HostileCapiTest, HostileInputToTheZeroTwoEntryPoints) {
  atensi_actor officer = actor_;
  officer.role = ATENSI_ROLE_DATA_OFFICER;
  auto expect_clean = [&](int rc, char* out, const std::string& what) {
    EXPECT_NE(rc, ATENSI_OK) << what;
    EXPECT_NE(rc, ATENSI_INTERNAL) << what << ": " << atensi_db_error(db_)->message;
    EXPECT_NE(rc, ATENSI_MISUSE) << what;
    EXPECT_EQ(out, nullptr) << what;
    atensi_free(out);
  };
  for (const auto& h : HostileStrings()) {
    if (h.text.find('\0') != std::string::npos) continue;  // cannot be a C string
    const char* t = h.text.c_str();
    char* out = nullptr;
    expect_clean(atensi_case_read(&out, db_, t, &actor_, ATENSI_PURPOSE_CASE_HANDLING), out,
                 h.label + " case_read");
    out = nullptr;
    expect_clean(atensi_child_read(&out, db_, t, &actor_, ATENSI_PURPOSE_CASE_HANDLING), out,
                 h.label + " child_read");
    out = nullptr;
    expect_clean(atensi_case_history_read(&out, db_, t, &actor_, ATENSI_PURPOSE_AUDIT), out,
                 h.label + " history_read");
    out = nullptr;
    expect_clean(atensi_access_log(&out, db_, t, &officer), out, h.label + " access_log");
    out = nullptr;
    expect_clean(atensi_subject_access(&out, db_, t, &officer), out, h.label + " subject_access");
    out = nullptr;
    expect_clean(atensi_purge(&out, db_, t, 1, &officer), out, h.label + " purge");
    out = nullptr;
    const int rc = atensi_restrict_processing(db_, t, 1, t, &officer);
    EXPECT_NE(rc, ATENSI_OK) << h.label;
    EXPECT_NE(rc, ATENSI_INTERNAL) << h.label << ": " << atensi_db_error(db_)->message;
    out = nullptr;
    expect_clean(atensi_roster_import(&out, db_, t, nullptr, &officer), out,
                 h.label + " roster_import path");
    out = nullptr;
    expect_clean(atensi_roster_screen(&out, db_, t, &officer), out,
                 h.label + " roster_screen options");
    out = nullptr;
    expect_clean(atensi_roster_route(&out, db_, t, &officer), out,
                 h.label + " roster_route options");
  }
  EXPECT_EQ(Events(), events_) << "a refused call wrote an event";
}

// The session principal (0.3.0): hostile principals are refused without
// replacing the one set, and the 0.1 reads acting as it take hostile ids
// without INTERNAL, MISUSE, an out value on failure, or a write.
TEST_F(HostileCapiTest, HostileInputToTheSessionPrincipal) {
  for (const auto& h : HostileStrings()) {
    if (h.text.find('\0') != std::string::npos) continue;  // cannot be a C string
    const char* t = h.text.c_str();
    for (int field = 0; field < 2; ++field) {
      atensi_actor hostile = principal_;
      (field == 0 ? hostile.person_id : hostile.agency_id) = t;
      const int rc = atensi_db_set_principal(db_, &hostile, ATENSI_PURPOSE_AUDIT);
      EXPECT_NE(rc, ATENSI_INTERNAL) << h.label << ": " << atensi_db_error(db_)->message;
      EXPECT_NE(rc, ATENSI_MISUSE) << h.label;
      // Accepted (a plausible id) or not, the data officer acts again below.
      ASSERT_EQ(atensi_db_set_principal(db_, &principal_, ATENSI_PURPOSE_AUDIT), ATENSI_OK);
    }
    char* out = nullptr;
    auto expect_clean = [&](int rc, const std::string& what) {
      EXPECT_NE(rc, ATENSI_INTERNAL) << what << ": " << atensi_db_error(db_)->message;
      EXPECT_NE(rc, ATENSI_MISUSE) << what;
      if (rc != ATENSI_OK) {
        EXPECT_EQ(out, nullptr) << what;
      }
      atensi_free(out);
      out = nullptr;
    };
    expect_clean(atensi_case_get(&out, db_, t), h.label + " case_get");
    expect_clean(atensi_child_get(&out, db_, t), h.label + " child_get");
    expect_clean(atensi_case_history(&out, db_, t), h.label + " case_history");
    expect_clean(atensi_case_routing(&out, db_, t), h.label + " case_routing");
    expect_clean(atensi_referral_get(&out, db_, t), h.label + " referral_get");
    expect_clean(atensi_case_referrals(&out, db_, t), h.label + " case_referrals");
    expect_clean(atensi_case_transfers(&out, db_, t), h.label + " case_transfers");
    expect_clean(atensi_referral_box(&out, db_, t, 1, nullptr), h.label + " referral_box");
    expect_clean(atensi_referral_box(&out, db_, "dinsos.15.03", 0, t), h.label + " box query");
  }
  // Malformed principals: wrong version, role or purpose.
  atensi_actor bad = principal_;
  bad.version = 99;
  EXPECT_EQ(atensi_db_set_principal(db_, &bad, ATENSI_PURPOSE_AUDIT), ATENSI_UNSUPPORTED);
  bad = principal_;
  bad.role = 42;
  EXPECT_EQ(atensi_db_set_principal(db_, &bad, ATENSI_PURPOSE_AUDIT), ATENSI_INVALID_ARGUMENT);
  EXPECT_EQ(atensi_db_set_principal(db_, &principal_, -1), ATENSI_INVALID_ARGUMENT);
  EXPECT_EQ(atensi_db_set_principal(nullptr, &principal_, ATENSI_PURPOSE_AUDIT), ATENSI_MISUSE);
  EXPECT_EQ(Events(), events_) << "a refused call wrote an event";
}

// The privacy entry points of 0.3.0 (UU 27/2022 arts 32-33, 44; legal
// hold, corrections, privacy state, disclosure risk, subject-access
// requests): hostile ids, texts and JSON are refused cleanly (never
// INTERNAL or MISUSE, no out value) and nothing is written.
TEST_F(HostileCapiTest, HostileInputToTheZeroThreePrivacyEntryPoints) {
  atensi_actor officer = actor_;
  officer.role = ATENSI_ROLE_DATA_OFFICER;
  auto expect_clean = [&](int rc, char* out, const std::string& what) {
    EXPECT_NE(rc, ATENSI_OK) << what;
    EXPECT_NE(rc, ATENSI_INTERNAL) << what << ": " << atensi_db_error(db_)->message;
    EXPECT_NE(rc, ATENSI_MISUSE) << what;
    EXPECT_EQ(out, nullptr) << what;
    atensi_free(out);
  };
  for (const auto& h : HostileStrings()) {
    if (h.text.find('\0') != std::string::npos) continue;  // cannot be a C string
    const char* t = h.text.c_str();
    char* out = nullptr;
    int rc = atensi_legal_hold(db_, t, 1, t, &officer);
    EXPECT_NE(rc, ATENSI_OK) << h.label << " legal_hold";
    EXPECT_NE(rc, ATENSI_INTERNAL) << h.label << ": " << atensi_db_error(db_)->message;
    expect_clean(atensi_correction_request(&out, db_, t, t, &officer), out,
                 h.label + " correction_request");
    out = nullptr;
    expect_clean(atensi_child_correct(&out, db_, t, t, &officer), out, h.label + " child_correct");
    out = nullptr;
    expect_clean(atensi_privacy_state(&out, db_, t, &officer), out, h.label + " privacy_state");
    out = nullptr;
    rc = atensi_disclosure_risk_set(db_, t, t, t, &officer);
    EXPECT_NE(rc, ATENSI_OK) << h.label << " disclosure_risk_set";
    EXPECT_NE(rc, ATENSI_INTERNAL) << h.label << ": " << atensi_db_error(db_)->message;
    rc = atensi_disclosure_risk_set(db_, t, "{\"refused_guardian_ids\": [1]}", "r", &officer);
    EXPECT_NE(rc, ATENSI_OK) << h.label << " disclosure_risk_set json";
    EXPECT_NE(rc, ATENSI_INTERNAL) << h.label;
    expect_clean(
        atensi_subject_access_request(&out, db_, t, ATENSI_REQUESTER_GUARDIAN, t, &officer), out,
        h.label + " subject_access_request");
    out = nullptr;
    expect_clean(atensi_subject_access_request(&out, db_, t, 7, nullptr, &officer), out,
                 h.label + " subject_access_request requester");
    out = nullptr;
    expect_clean(atensi_subject_access_answer(&out, db_, t, t, &officer), out,
                 h.label + " subject_access_answer");
    out = nullptr;
    expect_clean(atensi_subject_access_refuse(&out, db_, t, t, t, t, &officer), out,
                 h.label + " subject_access_refuse");
  }
  // The listing takes no id: a worker is refused, the data officer answers.
  char* out = nullptr;
  expect_clean(atensi_subject_access_pending(&out, db_, 0, &actor_), out, "pending by worker");
  out = nullptr;
  ASSERT_EQ(atensi_subject_access_pending(&out, db_, 1, &officer), ATENSI_OK)
      << atensi_db_error(db_)->message;
  EXPECT_STREQ(out, "[]");
  atensi_free(out);
  // NULL arguments are misuse, not a crash.
  EXPECT_EQ(atensi_legal_hold(db_, nullptr, 1, "x", &officer), ATENSI_MISUSE);
  EXPECT_EQ(atensi_subject_access_answer(nullptr, db_, "x", "y", &officer), ATENSI_MISUSE);
  EXPECT_EQ(Events(), events_) << "a refused call wrote an event";
}

}  // namespace
}  // namespace atensi::testing
