// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// The Casebook over the SQLite store: round trips, optimistic concurrency,
// all-or-nothing operations, reopen, and the audit trail.

#include "atensi/casebook.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "atensi/lifecycle/lifecycle_json.h"
#include "casebook_fixture.h"
#include "store/trusted_reads.h"

namespace atensi::testing {
namespace {

std::int64_t Count(const std::string& path, const std::string& table) {
  std::string out;
  EXPECT_EQ(RunSqliteShell(path, "SELECT count(*) FROM " + table + ";", &out), 0) << out;
  return std::stoll(out);
}

TEST_F(CasebookTest, RegisterOpenActRoundTrip) {
  Child child = Register("Siti", "15.71.01.1001", "1571014505150001");
  ASSERT_FALSE(child.id.empty());
  Case c = Open(child);
  EXPECT_EQ(c.version, 1);
  EXPECT_EQ(c.stage, Stage::kIntake);
  c = Do(c, cmd::RecordContact{"home visit"});
  c = Do(c, Consent(child));
  c = Do(c, cmd::StartAssessment{});
  EXPECT_EQ(c.version, 4);
  EXPECT_EQ(c.stage, Stage::kAssessment);
  ASSERT_EQ(c.consents.size(), 1u);
  EXPECT_FALSE(c.consents[0].id.empty());  // sub-record id filled in by the Casebook

  auto stored = internal::Trusted(book_).GetCase(c.id);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(*stored, c);
  Reopen();  // survives closing and reopening the file
  stored = internal::Trusted(book_).GetCase(c.id);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(*stored, c);
  auto stored_child = internal::Trusted(book_).GetChild(child.id);
  ASSERT_TRUE(stored_child.ok());
  EXPECT_EQ(*stored_child, child);

  auto history = internal::Trusted(book_).History(c.id);
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->size(), 4u);
  EXPECT_EQ((*history)[0].action, "open_case");
  EXPECT_EQ((*history)[1].action, "record_contact");
  EXPECT_EQ((*history)[2].action, "record_consent");
  EXPECT_EQ((*history)[3].action, "start_assessment");
  for (std::size_t i = 0; i < history->size(); ++i) {
    const Event& e = (*history)[i];
    EXPECT_EQ(e.seq, static_cast<std::int64_t>(i + 1));
    EXPECT_EQ(e.chain_id, c.id);
    EXPECT_EQ(e.kind, ChainKind::kCase);
    EXPECT_EQ(e.actor.person_id, "worker-1");
    EXPECT_EQ(e.actor.agency_id, "dinsos-1571");
    EXPECT_EQ(e.actor.role, Role::kCaseWorker);
  }
  // Before/after of the changed field.
  EXPECT_EQ((*history)[3].changes["stage"]["before"], "intake");
  EXPECT_EQ((*history)[3].changes["stage"]["after"], "assessment");
  EXPECT_EQ((*history)[3].at, StartTime().PlusMillis(3000));

  auto verify = internal::Trusted(book_).Verify();
  ASSERT_TRUE(verify.ok());
  EXPECT_TRUE(verify->ok);
  EXPECT_EQ(verify->events_checked, 5);  // 4 case events + register_child
}

TEST_F(CasebookTest, VersionConflictSecondWriterGetsConflictAndNothingIsWritten) {
  Child child = Register("Ani", "15.71.01.1001");
  Case c = Open(child);
  // Two writers read version 1 and both act on it.
  auto first = book_->Act(c.id, 1, cmd::RecordContact{"first"}, Worker("worker-a"));
  ASSERT_TRUE(first.ok());
  auto second = book_->Act(c.id, 1, cmd::AssignWorker{"worker-b"}, Worker("worker-b"));
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), StatusCode::kConflict);
  auto stored = internal::Trusted(book_).GetCase(c.id);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->version, 2);
  EXPECT_EQ(stored->assigned_worker_id, "worker-1");
  EXPECT_EQ(internal::Trusted(book_).History(c.id)->size(), 2u);
  book_.reset();
  EXPECT_EQ(Count(path_, "events WHERE chain_id = '" + c.id + "'"), 2);
}

TEST_F(CasebookTest, VersionConflictAcrossTwoConnectionsToOneFile) {
  Child child = Register("Citra", "15.71.01.1001");
  Case c = Open(child);
  OpenOptions o;
  o.path = path_;
  o.id_seed = 7;
  auto second_book = Casebook::Open(o, clock_);
  ASSERT_TRUE(second_book.ok());
  // Both sessions loaded version 1; the first to commit wins.
  auto first = book_->Act(c.id, 1, cmd::RecordContact{"first"}, Worker("worker-a"));
  ASSERT_TRUE(first.ok());
  auto second = (*second_book)->Act(c.id, 1, cmd::RecordContact{"second"}, Worker("worker-b"));
  EXPECT_EQ(second.status().code(), StatusCode::kConflict);
  auto history = internal::Trusted(*second_book).History(c.id);
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->size(), 2u);
  EXPECT_EQ((*history)[1].actor.person_id, "worker-a");
}

TEST_F(CasebookTest, StoreUpdateIsConditionalOnTheVersion) {
  // The storage contract itself (UPDATE ... WHERE id = ? AND version = ?),
  // independent of the lifecycle's own version check.
  Child child = Register("Budi", "15.71.01.1001");
  Case c = Open(child);
  book_.reset();
  SqliteStoreOptions so;
  so.path = path_;
  auto store = OpenSqliteCaseStore(so);
  ASSERT_TRUE(store.ok());
  auto txn = (*store)->BeginWrite();
  ASSERT_TRUE(txn.ok());
  Case next = c;
  next.version = 3;  // as if computed from a stale version 2
  EventDraft draft{"assign_worker", "", nlohmann::json::object(), ""};
  auto r = (*store)->UpdateCase(next, 2, CaseIndex{}, draft, AuditStamp{Worker(), StartTime()});
  EXPECT_EQ(r.status().code(), StatusCode::kConflict);
  EXPECT_EQ(r.status().reason(), "store.version_conflict");
  Case missing = c;
  missing.id = "0193a000-0000-7000-8000-00000000dead";
  missing.version = 2;
  r = (*store)->UpdateCase(missing, 1, CaseIndex{}, draft, AuditStamp{Worker(), StartTime()});
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
}

TEST_F(CasebookTest, RefusedGuardWritesNeitherCaseNorEvent) {
  Child child = Register("Dewi", "15.71.01.1001");
  Case c = Open(child);
  // No consent: UU 27/2022 art 25 guard refuses the assessment.
  auto r = book_->Act(c.id, c.version, cmd::StartAssessment{}, Worker());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().reason(), "lifecycle.consent_required");
  auto stored = internal::Trusted(book_).GetCase(c.id);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(*stored, c);
  EXPECT_EQ(internal::Trusted(book_).History(c.id)->size(), 1u);
}

TEST_F(CasebookTest, InvalidActorIsRefusedBeforeAnythingIsWritten) {
  Actor nobody;  // no person, no agency
  auto r = book_->RegisterChild(MakeChild("Eka", "15.71.01.1001"), nobody);
  EXPECT_EQ(r.status().reason(), "actor.missing");
  book_.reset();
  EXPECT_EQ(Count(path_, "children"), 0);
  EXPECT_EQ(Count(path_, "events"), 0);
}

TEST_F(CasebookTest, InvalidChildIsRefused) {
  // UU 35/2014 art 1(1): a child is a person under 18.
  Child adult = MakeChild("Dewasa", "15.71.01.1001");
  adult.birth_date = Date(2000, 1, 1);
  auto r = book_->RegisterChild(adult, Worker());
  EXPECT_EQ(r.status().reason(), "child.not_a_child");
}

TEST_F(CasebookTest, DuplicateNikIsRefused) {
  Register("Satu", "15.71.01.1001", "1571014505150001");
  auto r = book_->RegisterChild(MakeChild("Dua", "15.71.01.1001", "1571014505150001"), Worker());
  EXPECT_EQ(r.status().code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(r.status().reason(), "store.nik_taken");
  EXPECT_EQ(r.status().message().find("1571014505150001"), std::string::npos);
}

TEST_F(CasebookTest, CloseAndReopen) {
  Child child = Register("Fajar", "15.71.01.1001");
  Case c = Open(child);
  c = Do(c, cmd::Close{ClosureReason::kLostContact, "family moved"});
  EXPECT_EQ(c.stage, Stage::kClosed);
  c = Do(c, cmd::Reopen{"family found again"});
  EXPECT_EQ(c.stage, Stage::kIntake);
  EXPECT_TRUE(c.Has(kFlagReopened));
  EXPECT_EQ(c.version, 3);
  auto history = internal::Trusted(book_).History(c.id);
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->size(), 3u);
  EXPECT_EQ((*history)[2].action, "reopen");
  EXPECT_EQ((*history)[2].reason, "family found again");
  EXPECT_TRUE(internal::Trusted(book_).Verify()->ok);
}

TEST_F(CasebookTest, ReopenRefusedWhileAnotherCaseIsOpen) {
  Child child = Register("Gita", "15.71.01.1001");
  Case a = Open(child);
  a = Do(a, cmd::Close{ClosureReason::kLostContact, ""});
  Case b = Open(child);  // allowed: a is closed
  ASSERT_FALSE(b.id.empty());
  auto r = book_->Act(a.id, a.version, cmd::Reopen{"new report"}, Worker());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().reason(), "lifecycle.open_case_exists");
  EXPECT_EQ(internal::Trusted(book_).GetCase(a.id)->version, a.version);
  EXPECT_EQ(internal::Trusted(book_).History(a.id)->size(), 2u);
}

TEST_F(CasebookTest, OpenCaseForUnknownChildIsNotFound) {
  auto r = book_->OpenCase("0193a000-0000-7000-8000-00000000beef", Request(), Worker());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(book_->Act("0193a000-0000-7000-8000-00000000beef", 1, cmd::RecordContact{}, Worker())
                .status()
                .code(),
            StatusCode::kNotFound);
}

TEST_F(CasebookTest, CasesByChildNikIgnoresSeparators) {
  Child child = Register("Hana", "15.71.01.1001", "1571014505150001");
  Case a = Open(child);
  auto cases = internal::Trusted(book_).CasesByChildNik("157101.450515.0001");
  ASSERT_TRUE(cases.ok());
  ASSERT_EQ(cases->size(), 1u);
  EXPECT_EQ((*cases)[0].id, a.id);
  EXPECT_TRUE(internal::Trusted(book_).CasesByChildNik("3171014505150001")->empty());
}

TEST_F(CasebookTest, HistoryAndChildTimeline) {
  Child child = Register("Indah", "15.71.01.1001");
  Child other = Register("Joko", "15.71.01.1001");
  clock_.AdvanceMillis(10);
  Case a = Open(child);
  a = Do(a, cmd::Close{ClosureReason::kLostContact, ""});
  clock_.AdvanceMillis(10);
  Case b = Open(child);
  b = Do(b, cmd::RecordContact{"visit"});
  Open(other);  // not in child's timeline
  clock_.AdvanceMillis(10);
  Child moved = child;
  moved.domicile_region = "15.71.02.1002";
  auto updated = book_->UpdateChild(moved, Worker(), "family moved");
  ASSERT_TRUE(updated.ok()) << updated.status().ToString();

  auto timeline = internal::Trusted(book_).ChildTimeline(child.id);
  ASSERT_TRUE(timeline.ok());
  ASSERT_EQ(timeline->size(), 6u);
  EXPECT_EQ((*timeline)[0].action, "register_child");
  EXPECT_EQ((*timeline)[0].kind, ChainKind::kChild);
  EXPECT_EQ((*timeline)[1].chain_id, a.id);
  EXPECT_EQ((*timeline)[2].chain_id, a.id);
  EXPECT_EQ((*timeline)[3].chain_id, b.id);
  EXPECT_EQ((*timeline)[4].chain_id, b.id);
  EXPECT_EQ((*timeline)[5].action, "update_child");
  EXPECT_EQ((*timeline)[5].changes["domicile_region"]["after"], "15.71.02.1002");
  for (std::size_t i = 1; i < timeline->size(); ++i) {
    EXPECT_LE((*timeline)[i - 1].at, (*timeline)[i].at);
  }
  EXPECT_EQ(internal::Trusted(book_).History(b.id)->size(), 2u);
  EXPECT_EQ(
      internal::Trusted(book_).History("0193a000-0000-7000-8000-00000000beef").status().code(),
      StatusCode::kNotFound);
  // An update that changes nothing writes nothing.
  ASSERT_TRUE(book_->UpdateChild(*updated, Worker()).ok());
  EXPECT_EQ(internal::Trusted(book_).ChildTimeline(child.id)->size(), 6u);
  EXPECT_TRUE(internal::Trusted(book_).Verify()->ok);
}

TEST_F(CasebookTest, SharedBetweenThreads) {
  std::vector<std::thread> threads;
  std::vector<int> failures(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([this, t, &failures] {
      for (int i = 0; i < 5; ++i) {
        auto child = book_->RegisterChild(MakeChild("T", "15.71.01.1001"), Worker());
        if (!child.ok()) {
          ++failures[static_cast<std::size_t>(t)];
          continue;
        }
        auto c = book_->OpenCase(child->id, Request(), Worker());
        if (!c.ok()) {
          ++failures[static_cast<std::size_t>(t)];
          continue;
        }
        auto next = book_->Act(c->id, c->version, cmd::RecordContact{"v"}, Worker());
        if (!next.ok()) ++failures[static_cast<std::size_t>(t)];
      }
    });
  }
  for (std::thread& th : threads) th.join();
  EXPECT_EQ(failures, std::vector<int>(4, 0));
  CaseloadQuery q;
  q.page_size = 100;
  EXPECT_EQ(internal::Trusted(book_).Caseload(q)->items.size(), 20u);
  auto v = internal::Trusted(book_).Verify();
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(v->ok);
  EXPECT_EQ(v->events_checked, 60);
}

}  // namespace
}  // namespace atensi::testing
