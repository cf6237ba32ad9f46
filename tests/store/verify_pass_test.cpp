// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Verify's record checks in one ordered pass (record_verifier.h): rows that
// sort before, between and after every event chain, several broken records
// at once (the one reported is chosen by the priority of the per-table
// checks it replaces: cases by id, then children, then missing rows, then
// referral / transfer / routing rows), and subject rows whose case has no
// chain. The tampering is done with the sqlite3 shell on the closed file.

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "atensi/casebook.h"
#include "routing_fixture.h"
#include "store/trusted_reads.h"

namespace atensi::testing {
namespace {

// Copies case row `from` under a new id (the copy has no events).
std::string CopyCaseSql(const std::string& from, const std::string& to) {
  return "INSERT INTO cases (id, child_id, version, stage, risk, categories, region, lead_agency, "
         "assigned_worker, next_due_at, opened_at, closed_at, doc, ppks) SELECT '" +
         to +
         "', child_id, version, stage, risk, categories, region, lead_agency, assigned_worker, "
         "next_due_at, opened_at, closed_at, doc, ppks FROM cases WHERE id = '" +
         from + "';";
}

class VerifyPassTest : public CasebookTest {
 protected:
  void Populate() {
    for (const char* name : {"A", "B", "C"}) {
      Child child = Register(name, "15.71.01.1001");
      Case c = Open(child);
      c = Do(c, cmd::RecordContact{"visit"});
      children_.push_back(child);
      cases_.push_back(c);
    }
    std::sort(cases_.begin(), cases_.end(),
              [](const Case& a, const Case& b) { return a.id < b.id; });
    ExpectOk();
  }

  void ExpectOk() {
    auto v = internal::Trusted(book_).Verify();
    ASSERT_TRUE(v.ok()) << v.status().ToString();
    EXPECT_TRUE(v->ok);
    EXPECT_GE(v->events_checked, 9);  // per child: register; per case: open, contact
  }

  BrokenLink AfterAttack(const std::string& sql) {
    book_.reset();
    Sql(sql);
    Reopen();
    auto v = internal::Trusted(book_).Verify();
    EXPECT_TRUE(v.ok()) << v.status().ToString();
    if (!v.ok() || v->ok || !v->first_broken) {
      ADD_FAILURE() << "the attack went unnoticed";
      return BrokenLink{};
    }
    EXPECT_EQ(v->first_broken->where, BrokenLink::Where::kRecord);
    return *v->first_broken;
  }

  std::vector<Child> children_;
  std::vector<Case> cases_;  // by id
};

TEST_F(VerifyPassTest, OfTwoEditedCasesTheLowestIdIsReported) {
  Populate();
  const std::string edit =
      "UPDATE cases SET doc = replace(doc, 'worker-1', 'worker-9') WHERE id = '";
  BrokenLink b = AfterAttack(edit + cases_[2].id + "'; " + edit + cases_[1].id + "';");
  EXPECT_EQ(b.chain_id, cases_[1].id);
  EXPECT_EQ(b.seq, 2);
  EXPECT_EQ(b.reason, "record.state_mismatch");
}

TEST_F(VerifyPassTest, ACaseRowIsReportedBeforeAChildRow) {
  Populate();
  BrokenLink b = AfterAttack(
      "UPDATE children SET doc = doc || ' '; "
      "UPDATE cases SET doc = replace(doc, 'worker-1', 'worker-9') "
      "WHERE id = '" +
      cases_[2].id + "';");
  EXPECT_EQ(b.chain_id, cases_[2].id);
  EXPECT_EQ(b.reason, "record.state_mismatch");
}

TEST_F(VerifyPassTest, AnEditedChildIsCheckedAgainstItsLastEvent) {
  Populate();
  BrokenLink b = AfterAttack(
      "UPDATE children SET doc = doc || ' ' "
      "WHERE id = '" +
      children_[1].id + "';");
  EXPECT_EQ(b.chain_id, children_[1].id);
  EXPECT_EQ(b.seq, 1);
  EXPECT_EQ(b.reason, "record.state_mismatch");
}

// Rows without any event, sorting before every chain and after every chain.
TEST_F(VerifyPassTest, RowsWithoutEventsBeforeAndAfterEveryChain) {
  Populate();
  const std::string first = "00000000-0000-0000-0000-000000000000";
  const std::string last = "ffffffff-ffff-ffff-ffff-ffffffffffff";
  BrokenLink b = AfterAttack(CopyCaseSql(cases_[0].id, last) + CopyCaseSql(cases_[0].id, first));
  EXPECT_EQ(b.chain_id, first);
  EXPECT_EQ(b.seq, 0);
  EXPECT_EQ(b.reason, "record.no_events");
  b = AfterAttack("DELETE FROM cases WHERE id = '" + first + "';");
  EXPECT_EQ(b.chain_id, last);
  EXPECT_EQ(b.reason, "record.no_events");
  b = AfterAttack("DELETE FROM cases WHERE id = '" + last +
                  "'; INSERT INTO children (id, nik, domicile, birth_date, doc) VALUES ('" + last +
                  "', NULL, 0, '2015-01-01', '{}');");
  EXPECT_EQ(b.chain_id, last);
  EXPECT_EQ(b.reason, "record.no_events");
}

// A case row deleted while a child row is also edited: the child (checked
// before missing rows) is reported; once repaired, the missing case is.
TEST_F(VerifyPassTest, MissingRowsComeAfterChildRows) {
  Populate();
  BrokenLink b =
      AfterAttack("DELETE FROM cases WHERE id = '" + cases_[0].id +
                  "'; UPDATE children SET doc = doc || ' ' WHERE id = '" + children_[2].id + "';");
  EXPECT_EQ(b.chain_id, children_[2].id);
  EXPECT_EQ(b.reason, "record.state_mismatch");
  b = AfterAttack("UPDATE children SET doc = rtrim(doc) WHERE id = '" + children_[2].id + "';");
  EXPECT_EQ(b.chain_id, cases_[0].id);
  EXPECT_EQ(b.seq, 2);
  EXPECT_EQ(b.reason, "record.missing");
}

// A referral row moved under a case id that has no chain: its newest event
// (in its real case's chain) no longer matches, so it has no events, and
// the row still exists (it is not reported missing).
TEST_F(RoutingTest, VerifyCatchesAReferralMovedToAnotherCase) {
  Case c = SeedCase();
  Referral pkh = *To(MustRoute(c).created, kPkh);
  ExpectVerified();
  book_.reset();
  Sql("PRAGMA foreign_keys = OFF; UPDATE referrals SET case_id = "
      "'ffffffff-ffff-ffff-ffff-ffffffffffff' WHERE id = '" +
      pkh.id + "';");
  Reopen();
  auto v = internal::Trusted(book_).Verify();
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  ASSERT_FALSE(v->ok);
  EXPECT_EQ(v->first_broken->chain_id, pkh.id);
  EXPECT_EQ(v->first_broken->seq, 0);
  EXPECT_EQ(v->first_broken->reason, "record.no_events");
}

}  // namespace
}  // namespace atensi::testing
