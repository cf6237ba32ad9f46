// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Helpers of the multi-office tests (store_copy_test.cpp,
// multi_writer_test.cpp): the skip macro for PostgreSQL-only tests (their
// schema is conformance_fixture.h's PgScratchSchema) and an actor per office.
// Only the Casebook's write API and the CaseStore interface are used.

#ifndef ATENSI_TESTS_CONFORMANCE_OFFICE_FIXTURE_H_
#define ATENSI_TESTS_CONFORMANCE_OFFICE_FIXTURE_H_

#include <gtest/gtest.h>

#include <string>

#include "conformance_fixture.h"

namespace atensi::testing {

// Skips the calling test unless a PostgreSQL server is configured.
#define ATENSI_REQUIRE_PG()                                                             \
  do {                                                                                  \
    if (!::atensi::PostgresSupported()) GTEST_SKIP() << "PostgreSQL skipped: no libpq"; \
    if (::atensi::testing::PgTestUri().empty()) GTEST_SKIP() << kPgSkipped;             \
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
