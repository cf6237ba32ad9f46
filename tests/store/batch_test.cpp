// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Casebook::Batch (one write transaction for bulk import) and the lookups an
// idempotent roster import relies on.

#include <gtest/gtest.h>

#include <algorithm>
#include <stdexcept>

#include "atensi/lifecycle/lifecycle_json.h"
#include "casebook_fixture.h"
#include "store/trusted_reads.h"

namespace atensi::testing {
namespace {

class BatchTest : public CasebookTest {
 protected:
  Child Rostered(std::string name, std::string key) {
    Child c = MakeChild(std::move(name), "15.03.01.2001");
    c.roster_key = std::move(key);
    return c;
  }
  std::size_t Count(const char* table) {
    std::string out = Sql(std::string("SELECT count(*) FROM ") + table + ";");
    return static_cast<std::size_t>(std::stoul(out));
  }
};

TEST_F(BatchTest, AnErrorInTheThirdOperationLeavesNothing) {
  Status s = book_->Batch([&]() -> Status {
    ATENSI_RETURN_IF_ERROR(book_->RegisterChild(Rostered("Satu", "IDBDT1/1"), Worker()).status());
    ATENSI_ASSIGN_OR_RETURN(Child two, book_->RegisterChild(Rostered("Dua", "IDBDT1/2"), Worker()));
    ATENSI_RETURN_IF_ERROR(book_->OpenCase(two.id, Request(), Worker()).status());
    // The third row repeats the first roster key: the import must not half-commit.
    return book_->RegisterChild(Rostered("Tiga", "IDBDT1/1"), Worker()).status();
  });
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.reason(), "store.roster_key_taken");
  auto one = internal::Trusted(book_).FindChildByRosterKey("IDBDT1/1");
  ASSERT_TRUE(one.ok());
  EXPECT_FALSE(one->has_value());
  auto two = internal::Trusted(book_).FindChildByRosterKey("IDBDT1/2");
  ASSERT_TRUE(two.ok());
  EXPECT_FALSE(two->has_value());
  EXPECT_EQ(Count("children"), 0u);
  EXPECT_EQ(Count("cases"), 0u);
  EXPECT_EQ(Count("events"), 0u);
}

TEST_F(BatchTest, ASuccessfulBatchCommitsEverythingWithItsEvents) {
  std::vector<std::string> ids;
  Status s = book_->Batch([&]() -> Status {
    for (int i = 0; i < 5; ++i) {
      ATENSI_ASSIGN_OR_RETURN(
          Child c, book_->RegisterChild(Rostered("Anak", "IDBDT2/" + std::to_string(i)), Worker()));
      ATENSI_ASSIGN_OR_RETURN(Case k, book_->OpenCase(c.id, Request(), Worker()));
      ids.push_back(k.id);
    }
    return Status::Ok();
  });
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(Count("children"), 5u);
  EXPECT_EQ(Count("cases"), 5u);
  EXPECT_EQ(Count("events"), 10u);
  for (const std::string& id : ids) EXPECT_TRUE(internal::Trusted(book_).GetCase(id).ok());
  auto v = internal::Trusted(book_).Verify();
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(v->ok);
}

// A failed call inside the batch undoes only its own writes (savepoint); the
// body may go on, and what succeeded commits.
TEST_F(BatchTest, AFailedCallInsideUndoesOnlyItself) {
  Status s = book_->Batch([&]() -> Status {
    ATENSI_RETURN_IF_ERROR(book_->RegisterChild(Rostered("Satu", "IDBDT3/1"), Worker()).status());
    Result<Child> dup = book_->RegisterChild(Rostered("Dua", "IDBDT3/1"), Worker());
    if (dup.ok()) return Internal("test", "duplicate roster key accepted");
    return book_->RegisterChild(Rostered("Tiga", "IDBDT3/3"), Worker()).status();
  });
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(Count("children"), 2u);
  EXPECT_EQ(Count("events"), 2u);
}

TEST_F(BatchTest, AThrowRollsBackAndBecomesAStatus) {
  Status s = book_->Batch([&]() -> Status {
    ATENSI_RETURN_IF_ERROR(book_->RegisterChild(Rostered("Satu", "IDBDT4/1"), Worker()).status());
    throw std::runtime_error("boom");
  });
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.reason(), "store.batch_exception");
  EXPECT_EQ(Count("children"), 0u);
  // The Casebook is usable afterwards.
  EXPECT_TRUE(book_->RegisterChild(Rostered("Dua", "IDBDT4/2"), Worker()).ok());
}

TEST_F(BatchTest, IdempotentLookupByNikAndRosterKey) {
  Child c = MakeChild("Siti", "15.71.01.1001", "1571014505150001");
  c.roster_key = "IDBDT5/07";
  auto stored = book_->RegisterChild(c, Worker());
  ASSERT_TRUE(stored.ok()) << stored.status().ToString();
  auto by_nik =
      internal::Trusted(book_).FindChildByNik("15.7101.450515.0001");  // separators ignored
  ASSERT_TRUE(by_nik.ok());
  ASSERT_TRUE(by_nik->has_value());
  EXPECT_EQ((*by_nik)->id, stored->id);
  auto by_key = internal::Trusted(book_).FindChildByRosterKey("IDBDT5/07");
  ASSERT_TRUE(by_key.ok());
  ASSERT_TRUE(by_key->has_value());
  EXPECT_EQ((*by_key)->id, stored->id);
  EXPECT_EQ((*by_key)->roster_key, std::optional<std::string>("IDBDT5/07"));
  auto none = internal::Trusted(book_).FindChildByRosterKey("IDBDT5/08");
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());

  Child again = MakeChild("Siti Lagi", "15.71.01.1001");
  again.roster_key = "IDBDT5/07";
  auto dup = book_->RegisterChild(again, Worker());
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.status().code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(dup.status().reason(), "store.roster_key_taken");
  // The message names the rule, never the key.
  EXPECT_EQ(dup.status().message().find("IDBDT5"), std::string::npos);

  Child bad = MakeChild("Kosong", "15.71.01.1001");
  bad.roster_key = "";
  EXPECT_EQ(book_->RegisterChild(bad, Worker()).status().reason(), "child.roster_key");
}

// Screening reads the staged roster rows page by page; re-staging the same
// row writes nothing.
TEST_F(BatchTest, RosterFactsAreStagedAndPaged) {
  std::vector<std::string> ids;
  for (int i = 0; i < 3; ++i) {
    auto c = book_->RegisterChild(Rostered("Anak", "IDBDT7/" + std::to_string(i)), Worker());
    ASSERT_TRUE(c.ok());
    ids.push_back(c->id);
    ASSERT_TRUE(internal::Trusted(book_).PutRosterFacts(c->id, {{"row", i}}).ok());
  }
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(*internal::Trusted(book_).RosterFactsCount(), 3u);
  auto first = internal::Trusted(book_).RosterFactsPage("", 2);
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first->size(), 2u);
  EXPECT_EQ((*first)[0].first, ids[0]);
  auto rest = internal::Trusted(book_).RosterFactsPage(first->back().first, 2);
  ASSERT_TRUE(rest.ok());
  ASSERT_EQ(rest->size(), 1u);
  EXPECT_EQ((*rest)[0].first, ids[2]);
  ASSERT_TRUE(internal::Trusted(book_).PutRosterFacts(ids[0], {{"row", 9}}).ok());
  EXPECT_EQ(Sql("SELECT doc FROM roster_facts WHERE child_id = '" + ids[0] + "';"),
            "{\"row\":9}\n");
  EXPECT_EQ(internal::Trusted(book_)
                .PutRosterFacts("0193a000-0000-7000-8000-0000000000ff", {{"row", 1}})
                .reason(),
            "store.child_not_found");
  EXPECT_EQ(internal::Trusted(book_).RosterFactsPage("", 0).status().reason(), "store.page_size");
  auto cases = internal::Trusted(book_).CasesOfChild(ids[1]);
  ASSERT_TRUE(cases.ok());
  EXPECT_TRUE(cases->empty());
  ASSERT_TRUE(book_->OpenCase(ids[1], Request(), Worker()).ok());
  EXPECT_EQ(internal::Trusted(book_).CasesOfChild(ids[1])->size(), 1u);
}

// Documents written before these fields existed still parse (unknown = nullopt).
TEST_F(BatchTest, OlderChildDocumentsWithoutTheNewFieldsParse) {
  Child c = MakeChild("Lama", "15.71.01.1001");
  c.id = "0193a000-0000-7000-8000-0000000000d1";
  nlohmann::json doc = ToJson(c);
  ASSERT_TRUE(doc.contains("roster_key"));
  doc.erase("roster_key");
  doc.erase("has_birth_certificate");
  auto parsed = ChildFromJson(doc);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_FALSE(parsed->roster_key.has_value());
  EXPECT_FALSE(parsed->has_birth_certificate.has_value());
  doc["has_birth_certificate"] = "yes";
  EXPECT_FALSE(ChildFromJson(doc).ok());
}

// The import pipeline routes inside a batch and goes on when one case is
// refused: the refusal undoes only its own call.
TEST_F(BatchTest, ARefusedRouteInsideABatchDoesNotSpoilIt) {
  Child nowhere = MakeChild("Tanpa Domisili", "");
  std::string routed_case;
  Status s = book_->Batch([&]() -> Status {
    ATENSI_ASSIGN_OR_RETURN(Child a, book_->RegisterChild(nowhere, Worker()));
    ATENSI_ASSIGN_OR_RETURN(Case ca, book_->OpenCase(a.id, Request(), Worker()));
    Result<RouteResult> refused = book_->RouteCase(ca.id, Worker());
    if (refused.ok() || refused.status().reason() != "routing.domicile_missing") {
      return Internal("test", "expected routing.domicile_missing");
    }
    ATENSI_ASSIGN_OR_RETURN(Child b, book_->RegisterChild(Rostered("Ada", "IDBDT8/1"), Worker()));
    ATENSI_ASSIGN_OR_RETURN(Case cb, book_->OpenCase(b.id, Request(), Worker()));
    // A nested batch joins as a savepoint.
    return book_->Batch([&]() -> Status {
      ATENSI_ASSIGN_OR_RETURN(RouteResult r, book_->RouteCase(cb.id, Worker()));
      routed_case = r.case_after.id;
      return Status::Ok();
    });
  });
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(Count("children"), 2u);
  EXPECT_EQ(Count("routing_decisions"), 1u);
  auto routed = internal::Trusted(book_).RoutingOf(routed_case);
  ASSERT_TRUE(routed.ok());
  EXPECT_TRUE(routed->has_value());
  auto v = internal::Trusted(book_).Verify();
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(v->ok);
}

// The roster key and birth-certificate fact survive a reopen (stored JSON).
TEST_F(BatchTest, NewChildFactsArePersisted) {
  Child c = MakeChild("Rina", "15.71.01.1001");
  c.roster_key = "IDBDT6/01";
  c.has_birth_certificate = false;
  auto stored = book_->RegisterChild(c, Worker());
  ASSERT_TRUE(stored.ok());
  Reopen();
  auto got = internal::Trusted(book_).GetChild(stored->id);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->has_birth_certificate, std::optional<bool>(false));
  EXPECT_EQ(got->roster_key, std::optional<std::string>("IDBDT6/01"));
  EXPECT_EQ(Sql("SELECT roster_key FROM children;"), "IDBDT6/01\n");
}

}  // namespace
}  // namespace atensi::testing
