// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// A Casebook on a temporary file with a ManualClock, plus record builders.

#ifndef ATENSI_TESTS_STORE_CASEBOOK_FIXTURE_H_
#define ATENSI_TESTS_STORE_CASEBOOK_FIXTURE_H_

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>

#include "atensi/casebook.h"
#include "store_test_util.h"

namespace atensi::testing {

inline Actor Worker(std::string person = "worker-1") {
  Actor a;
  a.person_id = std::move(person);
  a.agency_id = "dinsos-1571";
  a.role = Role::kCaseWorker;
  return a;
}

inline Actor Supervisor() {
  Actor a;
  a.person_id = "supervisor-1";
  a.agency_id = "dinsos-1571";
  a.role = Role::kSupervisor;
  return a;
}

// 2026-11-28T03:00:00Z.
inline Instant StartTime() { return Instant{1'795'834'800'000}; }

inline Child MakeChild(std::string name, std::string domicile,
                       std::optional<std::string> nik = std::nullopt) {
  Child c;
  c.name = std::move(name);
  c.sex = Sex::kFemale;
  c.birth_date = Date(2015, 5, 5);
  c.domicile_region = std::move(domicile);
  c.nik = std::move(nik);
  Guardian g;
  g.id = "0193a000-0000-7000-8000-000000000001";
  g.name = "Ibu";
  g.role = GuardianRole::kMother;
  c.guardians.push_back(g);
  return c;
}

inline OpenCaseRequest Request(RiskLevel risk = RiskLevel::kMedium,
                               AmpkSet categories = AmpkSet{}) {
  OpenCaseRequest r;
  r.source = CaseSource::kOutreach;
  r.risk = risk;
  r.categories = categories;
  r.lead_agency_id = "dinsos-1571";
  r.assigned_worker_id = "worker-1";
  return r;
}

inline cmd::RecordConsent Consent(const Child& child) {
  cmd::RecordConsent c;
  c.guardian_id = child.guardians.at(0).id;
  c.form = ConsentForm::kWritten;
  c.purposes = {ConsentPurpose::kAssessment, ConsentPurpose::kServices};
  c.document_ref = "form-001";
  return c;
}

class CasebookTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = dir_.File("casebook.db");
    Reopen();
  }

  void Reopen() {
    book_.reset();
    OpenOptions o;
    o.path = path_;
    o.id_seed = 42 + reopen_count_++;
    auto book = Casebook::Open(o, clock_);
    ASSERT_TRUE(book.ok()) << book.status().ToString();
    book_ = std::move(book).value();
  }

  Child Register(std::string name, std::string domicile,
                 std::optional<std::string> nik = std::nullopt) {
    auto c = book_->RegisterChild(MakeChild(std::move(name), std::move(domicile), std::move(nik)),
                                  Worker());
    EXPECT_TRUE(c.ok()) << c.status().ToString();
    return c.ok() ? *c : Child{};
  }

  Case Open(const Child& child, OpenCaseRequest request = Request()) {
    auto c = book_->OpenCase(child.id, std::move(request), Worker());
    EXPECT_TRUE(c.ok()) << c.status().ToString();
    return c.ok() ? *c : Case{};
  }

  Case Do(const Case& c, Command command, const Actor& actor = Worker()) {
    clock_.AdvanceMillis(1000);
    auto next = book_->Act(c.id, c.version, std::move(command), actor);
    EXPECT_TRUE(next.ok()) << next.status().ToString();
    return next.ok() ? *next : c;
  }

  std::string Sql(const std::string& sql) {
    std::string out;
    int rc = RunSqliteShell(path_, sql, &out);
    EXPECT_EQ(rc, 0) << out;
    return out;
  }

  TempDir dir_;
  std::string path_;
  ManualClock clock_{StartTime()};
  std::unique_ptr<Casebook> book_;
  std::uint64_t reopen_count_ = 0;
};

}  // namespace atensi::testing

#endif  // ATENSI_TESTS_STORE_CASEBOOK_FIXTURE_H_
