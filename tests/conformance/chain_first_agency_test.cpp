// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// CaseStore::ChainFirstAgency on every backend: the agency of a chain's
// first event, which the access rules use as the registering agency of a
// child with no case (docs/access-control.md §2: the registering office
// keeps access to a child it registered until a case exists). SQLite reads
// one column of one row; PostgreSQL uses the default (the whole chain); both
// must agree with the first event ChainEvents returns.

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "atensi/store/pg_case_store.h"
#include "conformance_fixture.h"

namespace atensi::testing {
namespace {

class ChainFirstAgencyTest : public ConformanceTest {
 protected:
  // The backend's CaseStore on the test's file or schema (the Casebook is
  // closed first: one writer).
  std::unique_ptr<CaseStore> RawStore() {
    book_.reset();
    Result<std::unique_ptr<CaseStore>> store = [&]() -> Result<std::unique_ptr<CaseStore>> {
      if (OnPg()) {
        PgStoreOptions o;
        o.uri = path_;
        return OpenPgCaseStore(o);
      }
      SqliteStoreOptions o;
      o.path = path_;
      return OpenSqliteCaseStore(o);
    }();
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    return store.ok() ? std::move(store).value() : nullptr;
  }
};

TEST_P(ChainFirstAgencyTest, IsTheFirstEventsAgencyOrNothing) {
  const Child child = Register("Anak Registrar", "15.71.01.1001");
  Case c = Open(child);
  c = Do(c, cmd::RecordConsent(Consent(child)), Supervisor());  // a second case event
  std::unique_ptr<CaseStore> store = RawStore();
  ASSERT_NE(store, nullptr);
  auto txn = store->BeginRead();
  ASSERT_TRUE(txn.ok()) << txn.status().ToString();
  for (const std::string& chain : {child.id, c.id}) {
    auto events = store->ChainEvents(chain);
    ASSERT_TRUE(events.ok()) << events.status().ToString();
    ASSERT_FALSE(events->empty());
    auto first = store->ChainFirstAgency(chain);
    ASSERT_TRUE(first.ok()) << first.status().ToString();
    ASSERT_TRUE(first->has_value());
    EXPECT_EQ(**first, events->front().actor.agency_id);
    EXPECT_EQ(**first, Worker().agency_id);
  }
  auto none = store->ChainFirstAgency("no-such-chain");
  ASSERT_TRUE(none.ok()) << none.status().ToString();
  EXPECT_FALSE(none->has_value());
}

INSTANTIATE_TEST_SUITE_P(Backends, ChainFirstAgencyTest, ::testing::Values("sqlite", "pg"),
                         BackendName);

}  // namespace
}  // namespace atensi::testing
