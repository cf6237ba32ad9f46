// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Helpers of the multi-office tests (store_copy_test.cpp,
// multi_writer_test.cpp): a PostgreSQL schema of their own in the database
// named by ATENSI_TEST_PG_URI (dropped after), and an actor per office.
// Only the Casebook's write API and the CaseStore interface are used.

#ifndef ATENSI_TESTS_CONFORMANCE_OFFICE_FIXTURE_H_
#define ATENSI_TESTS_CONFORMANCE_OFFICE_FIXTURE_H_

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <memory>
#include <string>

#include "atensi/store/pg_case_store.h"
#include "store/casebook_fixture.h"

#if ATENSI_TEST_WITH_POSTGRES
#include "store/pg/pg_conn.h"
#endif

namespace atensi::testing {

inline constexpr const char* kOfficePgSkipped =
    "PostgreSQL skipped: set ATENSI_TEST_PG_URI (eval \"$(tools/pg-cluster.sh start DIR)\")";

inline std::string OfficePgUri() {
  const char* v = std::getenv("ATENSI_TEST_PG_URI");
  return v != nullptr ? std::string(v) : std::string();
}

// A fresh schema; `uri()` selects it through the search_path.
class OfficeSchema {
 public:
  OfficeSchema() {
#if ATENSI_TEST_WITH_POSTGRES
    base_ = OfficePgUri();
    if (base_.empty()) return;
    static std::atomic<int> counter{0};
    name_ = "atensi_o_" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
    auto conn = store::pg::Conn::Connect(base_);
    if (!conn.ok()) {
      error_ = conn.status().ToString();
      return;
    }
    admin_ = std::move(conn).value();
    Status s = admin_->Exec("DROP SCHEMA IF EXISTS " + name_ + " CASCADE; CREATE SCHEMA " + name_);
    if (!s.ok()) error_ = s.ToString();
#endif
  }
  ~OfficeSchema() {
#if ATENSI_TEST_WITH_POSTGRES
    if (admin_) admin_->Exec("DROP SCHEMA IF EXISTS " + name_ + " CASCADE").IgnoreError();
#endif
  }
  OfficeSchema(const OfficeSchema&) = delete;
  OfficeSchema& operator=(const OfficeSchema&) = delete;

  [[nodiscard]] bool available() const { return !base_.empty() && error_.empty(); }
  [[nodiscard]] const std::string& error() const { return error_; }
  [[nodiscard]] std::string uri() const {
    return base_ + (base_.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" +
           name_;
  }
  // The first column of the first row of `sql` in the schema ("" when none).
  std::string Value(const std::string& sql) {
#if ATENSI_TEST_WITH_POSTGRES
    if (!admin_) return "";
    if (!admin_->Exec("SET search_path = " + name_).ok()) return "";
    auto rows = admin_->Query(sql);
    admin_->Exec("RESET search_path").IgnoreError();
    if (!rows.ok() || rows->empty()) return "";
    return rows->Text(0, 0);
#else
    (void)sql;
    return "";
#endif
  }

 private:
  std::string base_;
  std::string name_;
  std::string error_;
#if ATENSI_TEST_WITH_POSTGRES
  std::unique_ptr<store::pg::Conn> admin_;
#endif
};

// Skips the calling test unless a PostgreSQL server is configured.
#define ATENSI_REQUIRE_PG()                                                             \
  do {                                                                                  \
    if (!::atensi::PostgresSupported()) GTEST_SKIP() << "PostgreSQL skipped: no libpq"; \
    if (::atensi::testing::OfficePgUri().empty()) GTEST_SKIP() << kOfficePgSkipped;     \
  } while (false)

// An officer of `agency` (a case worker unless told otherwise).
inline Actor Officer(std::string agency, std::string person = "officer-1",
                     Role role = Role::kCaseWorker) {
  Actor a;
  a.person_id = std::move(person);
  a.agency_id = std::move(agency);
  a.role = role;
  return a;
}

}  // namespace atensi::testing

#endif  // ATENSI_TESTS_CONFORMANCE_OFFICE_FIXTURE_H_
