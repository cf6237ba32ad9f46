// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// The backend conformance fixture (issue #10): the same Casebook-level test
// runs on every storage backend. Parameter "sqlite" is a temporary file;
// parameter "pg" is a fresh schema in the PostgreSQL database named by the
// environment variable ATENSI_TEST_PG_URI (tools/pg-cluster.sh starts a
// throwaway cluster and prints it), dropped after the test. Without the
// variable the PostgreSQL runs are skipped and say so.

#ifndef ATENSI_TESTS_CONFORMANCE_CONFORMANCE_FIXTURE_H_
#define ATENSI_TESTS_CONFORMANCE_CONFORMANCE_FIXTURE_H_

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <memory>
#include <string>

#include "atensi/store/pg_case_store.h"
#include "store/routing_fixture.h"

#if ATENSI_TEST_WITH_POSTGRES
#include "store/pg/pg_conn.h"
#endif

namespace atensi::testing {

inline constexpr const char* kPgSkipped =
    "PostgreSQL skipped: set ATENSI_TEST_PG_URI (eval \"$(tools/pg-cluster.sh start DIR)\")";

// The base URI of the test database, or empty.
inline std::string PgTestUri() {
  const char* v = std::getenv("ATENSI_TEST_PG_URI");
  return v != nullptr ? std::string(v) : std::string();
}

// A schema of its own in the test database; dropped (CASCADE) on
// destruction. `uri()` selects it through the search_path.
class PgScratchSchema {
 public:
  PgScratchSchema() {
#if ATENSI_TEST_WITH_POSTGRES
    base_ = PgTestUri();
    if (base_.empty()) return;
    static std::atomic<int> counter{0};
    name_ = "atensi_t_" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
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
  ~PgScratchSchema() {
#if ATENSI_TEST_WITH_POSTGRES
    if (admin_) admin_->Exec("DROP SCHEMA IF EXISTS " + name_ + " CASCADE").IgnoreError();
#endif
  }
  PgScratchSchema(const PgScratchSchema&) = delete;
  PgScratchSchema& operator=(const PgScratchSchema&) = delete;

  [[nodiscard]] bool available() const { return !base_.empty() && error_.empty(); }
  [[nodiscard]] const std::string& error() const { return error_; }
  [[nodiscard]] const std::string& name() const { return name_; }
  [[nodiscard]] std::string uri() const {
    return base_ + (base_.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" +
           name_;
  }
  // Runs SQL in the schema (as an attacker with database access would).
  Status Exec(const std::string& sql) {
#if ATENSI_TEST_WITH_POSTGRES
    if (!admin_) return FailedPrecondition("test.no_pg", "", "no PostgreSQL connection");
    return admin_->Exec("SET search_path = " + name_ + "; " + sql + "; RESET search_path");
#else
    (void)sql;
    return Unsupported("test.no_pg", "", "built without PostgreSQL");
#endif
  }
  // The first column of the first row of `sql`, as text ("" when none).
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

// A RoutingTest (and so CasebookTest) whose Casebook runs on the backend
// named by the test parameter.
class ConformanceTest : public RoutingTest, public ::testing::WithParamInterface<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "pg") {
      if (!PostgresSupported()) GTEST_SKIP() << "PostgreSQL skipped: built without libpq";
      pg_ = std::make_unique<PgScratchSchema>();
      if (PgTestUri().empty()) GTEST_SKIP() << kPgSkipped;
      ASSERT_TRUE(pg_->available()) << pg_->error();
      path_ = pg_->uri();
      Reopen();
    } else {
      RoutingTest::SetUp();
    }
  }
  void TearDown() override {
    book_.reset();
    pg_.reset();
  }

  [[nodiscard]] bool OnPg() const { return GetParam() == "pg"; }

  // Replaces a case's stored JSON document behind the library's back.
  void TamperCaseDoc(const std::string& case_id) {
    if (OnPg()) {
      ASSERT_TRUE(pg_->Exec("UPDATE cases SET doc = replace(doc, '\"risk\"', '\"risk\" ') WHERE "
                            "id = '" +
                            case_id + "'")
                      .ok());
    } else {
      Sql("UPDATE cases SET doc = replace(doc, '\"risk\"', '\"risk\" ') WHERE id = '" + case_id +
          "';");
    }
  }

  // Tries to rewrite an audit event behind the library's back; returns
  // whether the backend let it through (it must not).
  bool TryRewriteEvent(const std::string& chain_id) {
    const std::string sql =
        "UPDATE events SET reason = 'forged' WHERE chain_id = '" + chain_id + "' AND seq = 1";
    if (OnPg()) return pg_->Exec(sql).ok();
    std::string out;
    return RunSqliteShell(path_, sql + ";", &out) == 0;
  }

  std::unique_ptr<PgScratchSchema> pg_;
};

inline std::string BackendName(const ::testing::TestParamInfo<std::string>& info) {
  return info.param;
}

}  // namespace atensi::testing

#endif  // ATENSI_TESTS_CONFORMANCE_CONFORMANCE_FIXTURE_H_
