// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// SQLite schema 8 / PostgreSQL schema 7 on both backends (issue #10 parity
// for issue #9's routing-record privacy), through the Casebook:
//   - referral, transfer and routing-decision rows and their events are
//     sealed at rest (UU 27/2022 art 4: children's data are specific personal
//     data; art 46: a leaked store is a notifiable breach) and re-sealed by a
//     key rotation; events.subject_id names the row in clear and Verify
//     binds it to the change set;
//   - a purge at the end of retention (UU 27/2022 arts 42-44) tombstones
//     those rows and their event payloads and the chain still verifies;
//   - the list of pending subject-access requests (UU 27/2022 art 32,
//     answer within 3x24 h) from CaseStore::ChildrenWithPendingAccessRequest.

#include <gtest/gtest.h>

#include <array>
#include <memory>
#include <string>
#include <vector>

#include "atensi/privacy/subject_access.h"
#include "atensi/privacy/tombstone.h"
#include "conformance_fixture.h"
#include "store/trusted_reads.h"

namespace atensi::testing {
namespace {

using internal::Trusted;

constexpr const char* kNewHome = "dinsos.17.71";
// Distinctive free text that must never be stored in clear.
constexpr const char* kTransferReason = "ayah tiri memukul, keluarga pindah ke Bengkulu";
constexpr const char* kDeclineReason = "wali menolak karena kakak sepupu Rahmawati";
constexpr const char* kRejectReason = "kapasitas penuh, saksi Bapak Suryadarma";
constexpr std::int64_t kYearMs = 365LL * 24 * 3600 * 1000;
constexpr std::int64_t kHourMs = 3600LL * 1000;

Actor Officer() { return ActorOf(kProvince, "officer-1", Role::kDataOfficer); }

std::shared_ptr<const EncryptionKey> Key(std::uint32_t id, std::uint8_t fill) {
  std::array<std::uint8_t, 32> bytes{};
  for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<std::uint8_t>(fill + i);
  auto k = EncryptionKey::FromBytes(id, bytes);
  EXPECT_TRUE(k.ok()) << k.status().ToString();
  return std::make_shared<const EncryptionKey>(std::move(k).value());
}

class RoutingPrivacyConformanceTest : public ConformanceTest {
 protected:
  void OpenWith(std::shared_ptr<const EncryptionKey> key, KeyProvider provider = {}) {
    book_.reset();
    OpenOptions o;
    o.path = path_;
    o.id_seed = 700 + reopen_count_++;
    o.key = std::move(key);
    o.key_provider = std::move(provider);
    auto book = Casebook::Open(o, clock_);
    ASSERT_TRUE(book.ok()) << book.status().ToString();
    book_ = std::move(book).value();
  }

  // The first column of the first row of `sql` on either backend.
  std::string Value(const std::string& sql) {
    if (OnPg()) return pg_->Value(sql);
    std::string out = Sql(sql + ";");
    while (!out.empty() && out.back() == '\n') out.pop_back();
    return out;
  }

  // A raw statement behind the library's back on either backend.
  bool TryExec(const std::string& sql) {
    if (OnPg()) return pg_->Exec(sql).ok();
    std::string out;
    return RunSqliteShell(path_, sql + ";", &out) == 0;
  }

  // Rows of `table` whose document is held in clear.
  std::string ClearDocs(const std::string& table) {
    return Value("SELECT count(*) FROM " + table +
                 (OnPg() ? " WHERE doc_sealed IS NULL" : " WHERE typeof(doc) = 'text'"));
  }

  // Rows of `table` (or event payloads) still sealed under key 1 (envelope
  // "AE1" + key id 00000001).
  std::string UnderKey1(const std::string& table) {
    const bool events = table == "events";
    const std::string col =
        OnPg() ? (events ? "payload_sealed" : "doc_sealed") : (events ? "changes" : "doc");
    const std::string prefix = OnPg() ? "'\\x41453100000001'::bytea" : "X'41453100000001'";
    return Value("SELECT count(*) FROM " + table + " WHERE substr(" + col + ", 1, 7) = " + prefix);
  }

  // The routing seed scenario: a transfer proposed and declined, the case
  // routed (five referrals) and the lead referral rejected, so every row
  // and event kind of the three tables exists.
  void Populate() {
    case_ = SeedCase(/*referral_consent=*/true);
    auto t = book_->ProposeTransfer(case_.id, kNewHome, kTransferReason, Screener());
    ASSERT_TRUE(t.ok()) << t.status().ToString();
    auto declined =
        book_->ActOnTransfer(t->id, TransferVersion(*t), TransferEventKind::kDecline,
                             kDeclineReason, ActorOf(kNewHome, "kabid-1", Role::kSupervisor));
    ASSERT_TRUE(declined.ok()) << declined.status().ToString();
    transfer_id_ = t->id;
    clock_.AdvanceMillis(1000);
    RouteResult routed = MustRoute(case_);
    const Referral* lead = To(routed.created, kCentre);
    ASSERT_NE(lead, nullptr);
    referral_id_ = lead->id;
    Act(*lead, ReferralEventKind::kReject, ActorOf(kCentre, "sentra-1"), kRejectReason);
  }

  // No free text of the scenario in any clear column of the three tables
  // or of the events.
  void ExpectNothingInClear() {
    for (const char* text : {kTransferReason, kDeclineReason, kRejectReason}) {
      const std::string t(text);
      for (const char* table : {"referrals", "transfers", "routing_decisions"}) {
        EXPECT_EQ(Value(std::string("SELECT count(*) FROM ") + table +
                        " WHERE CAST(doc AS text) "
                        "LIKE '%" +
                        t + "%'"),
                  "0")
            << table << ": " << text;
      }
      EXPECT_EQ(Value("SELECT count(*) FROM events WHERE CAST(reason AS text) LIKE '%" + t +
                      "%' OR CAST(changes AS text) LIKE '%" + t + "%'"),
                "0")
          << text;
    }
  }

  // The case is closed and, 19 years later, the child purged.
  void CloseAndPurge() {
    auto current = Trusted(book_).GetCase(case_.id);
    ASSERT_TRUE(current.ok()) << current.status().ToString();
    clock_.AdvanceMillis(1000);
    auto closed = book_->Act(case_.id, current->version,
                             cmd::Close{ClosureReason::kNotEligible, "tidak memenuhi syarat"},
                             ActorOf(current->lead_agency_id, "lead-1", Role::kSupervisor));
    ASSERT_TRUE(closed.ok()) << closed.status().ToString();
    ASSERT_TRUE(book_->Checkpoint().ok());
    clock_.AdvanceMillis(19 * kYearMs);  // past 10 years and age 18
    auto purged = book_->PurgeChild(child_.id, Officer(), /*dry_run=*/false);
    ASSERT_TRUE(purged.ok()) << purged.status().ToString();
    ASSERT_EQ(purged->children_purged, 1);
  }

  // After CloseAndPurge: tombstones, payloads gone, one purge event per
  // row, the chain and the checkpoint verify.
  void ExpectPurged() {
    auto tr = Trusted(book_).GetTransfer(transfer_id_);
    ASSERT_TRUE(tr.ok()) << tr.status().ToString();
    EXPECT_EQ(tr->reason, kPurgedText);
    EXPECT_EQ(tr->decline_reason, kPurgedText);
    EXPECT_EQ(tr->status, TransferStatus::kDeclined);  // statuses and agencies stay
    EXPECT_EQ(tr->to_agency, kNewHome);
    auto ref = Trusted(book_).GetReferral(referral_id_);
    ASSERT_TRUE(ref.ok()) << ref.status().ToString();
    EXPECT_EQ(ref->status, ReferralStatus::kRejected);
    EXPECT_NE(ref->rejection_reason, kRejectReason);
    auto history = Trusted(book_).History(case_.id);
    ASSERT_TRUE(history.ok()) << history.status().ToString();
    int purge_events = 0;
    for (const Event& e : *history) {
      if (e.action.ends_with(".purge") || e.action == "purge") {
        ++purge_events;
        continue;
      }
      EXPECT_TRUE(e.payload_purged_at.has_value()) << e.action;
      EXPECT_EQ(e.reason, "") << e.action;
    }
    auto refs = Trusted(book_).ReferralsOfCase(case_.id);
    ASSERT_TRUE(refs.ok());
    // One case purge, one per referral, one transfer, one routing decision.
    EXPECT_EQ(purge_events, 1 + static_cast<int>(refs->size()) + 1 + 1);
    // The purge events name their rows in clear.
    EXPECT_EQ(Value("SELECT count(*) FROM events WHERE chain_id = '" + case_.id +
                    "' AND action LIKE '%.purge' AND subject_id IS NULL"),
              "0");
    ExpectNothingInClear();
    ExpectVerified();
    ASSERT_TRUE(book_->Checkpoint().ok());
    ExpectVerified();
  }

  Case case_;
  std::string transfer_id_;
  std::string referral_id_;
};

// UU 27/2022 art 4 / art 46: with a key, the three tables and their events
// hold no free text in clear, every subject event names its row in
// subject_id, reads open the rows; a rotation in small batches re-seals
// them all under the new key and retires the old one.
TEST_P(RoutingPrivacyConformanceTest, SealedRoutingRecordsNothingInClearAndRotationUU27Art4) {
  OpenWith(Key(1, 0x10));
  Populate();
  ExpectVerified();
  for (const char* table : {"referrals", "transfers", "routing_decisions"}) {
    EXPECT_EQ(ClearDocs(table), "0") << table;
  }
  ExpectNothingInClear();
  EXPECT_EQ(Value("SELECT count(*) FROM events WHERE (action LIKE 'referral.%' OR action LIKE "
                  "'transfer.%' OR action LIKE 'routing.%') AND subject_id IS NULL"),
            "0");
  EXPECT_EQ(Value("SELECT count(*) FROM events WHERE action NOT LIKE 'referral.%' AND action NOT "
                  "LIKE 'transfer.%' AND action NOT LIKE 'routing.%' AND subject_id IS NOT NULL"),
            "0");
  auto t = Trusted(book_).GetTransfer(transfer_id_);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->reason, kTransferReason);
  EXPECT_EQ(t->decline_reason, kDeclineReason);
  auto r = Trusted(book_).GetReferral(referral_id_);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->status, ReferralStatus::kRejected);
  auto inbox = Trusted(book_).Outbox(kProvince);
  ASSERT_TRUE(inbox.ok()) << inbox.status().ToString();
  EXPECT_FALSE(inbox->items.empty());
  auto routing = Trusted(book_).RoutingOf(case_.id);
  ASSERT_TRUE(routing.ok()) << routing.status().ToString();
  EXPECT_TRUE(routing->has_value());
  auto history = Trusted(book_).History(case_.id);
  ASSERT_TRUE(history.ok()) << history.status().ToString();
  bool saw_decline = false;
  for (const Event& e : *history) saw_decline = saw_decline || e.reason == kDeclineReason;
  EXPECT_TRUE(saw_decline);

  // Without the key the sealed rows refuse.
  OpenWith(nullptr);
  EXPECT_EQ(Trusted(book_).GetReferral(referral_id_).status().reason(), "crypto.key_missing");

  OpenWith(Key(1, 0x10));
  KeyRotationOptions options;
  options.batch_size = 3;  // several batches across the table boundaries
  auto rotated = book_->RotateKey(*Key(2, 0x40), Officer(), options);
  ASSERT_TRUE(rotated.ok()) << rotated.status().ToString();
  EXPECT_TRUE(rotated->finished);
  EXPECT_EQ(rotated->retired_keys, std::vector<std::uint32_t>{1});
  EXPECT_EQ(book_->Encryption()->records_pending, 0u);
  for (const char* table : {"referrals", "transfers", "routing_decisions", "events"}) {
    EXPECT_EQ(UnderKey1(table), "0") << table;
  }
  OpenWith(Key(2, 0x40));
  t = Trusted(book_).GetTransfer(transfer_id_);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->decline_reason, kDeclineReason);
  EXPECT_EQ(Trusted(book_).GetReferral(referral_id_)->status, ReferralStatus::kRejected);
  ExpectVerified();
}

// A store written in clear: the first rotation seals the three tables too.
TEST_P(RoutingPrivacyConformanceTest, FirstRotationSealsRoutingRowsWrittenInClear) {
  Populate();
  EXPECT_NE(ClearDocs("referrals"), "0");
  OpenWith(Key(1, 0x10));
  auto rotated = book_->RotateKey(*Key(1, 0x10), Officer());
  ASSERT_TRUE(rotated.ok()) << rotated.status().ToString();
  for (const char* table : {"referrals", "transfers", "routing_decisions"}) {
    EXPECT_EQ(ClearDocs(table), "0") << table;
  }
  ExpectNothingInClear();
  ExpectVerified();
}

// events.subject_id is outside the event hash: Verify binds it to the
// (opened) change set, so pointing an event at another row is reported.
TEST_P(RoutingPrivacyConformanceTest, EditedSubjectIdIsReported) {
  OpenWith(Key(1, 0x10));
  Populate();
  ExpectVerified();
  // The update guard refuses it...
  EXPECT_FALSE(TryExec("UPDATE events SET subject_id = 'another-row' WHERE subject_id = '" +
                       referral_id_ + "'"));
  // ...so the attacker disables it first.
  const std::string sql =
      OnPg() ? "ALTER TABLE events DISABLE TRIGGER events_no_update; UPDATE events SET subject_id "
               "= 'another-row' WHERE subject_id = '" +
                   referral_id_ + "' AND action = 'referral.create'"
             : "DROP TRIGGER events_no_update; UPDATE events SET subject_id = 'another-row' "
               "WHERE subject_id = '" +
                   referral_id_ + "' AND action = 'referral.create'";
  ASSERT_TRUE(TryExec(sql));
  auto v = Trusted(book_).Verify();
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_FALSE(v->ok);
  ASSERT_TRUE(v->first_broken.has_value());
  EXPECT_EQ(v->first_broken->reason, "event.subject_mismatch");
}

// UU 27/2022 arts 42-44, clear store: the purge tombstones the child's
// referrals, transfers and routing decision and their event payloads; the
// chain and a checkpoint verify.
TEST_P(RoutingPrivacyConformanceTest, PurgeOfAChildWithReferralsVerifiesUU27Art44) {
  Populate();
  CloseAndPurge();
  ExpectPurged();
}

// The same on a sealed store, and a rotation after the purge finishes and
// verifies (tombstoned payloads are skipped).
TEST_P(RoutingPrivacyConformanceTest, PurgeOfASealedChildWithReferralsVerifiesUU27Art44) {
  OpenWith(Key(1, 0x10));
  Populate();
  CloseAndPurge();
  ExpectPurged();
  auto rotated = book_->RotateKey(*Key(2, 0x40), Officer());
  ASSERT_TRUE(rotated.ok()) << rotated.status().ToString();
  EXPECT_TRUE(rotated->finished);
  ExpectVerified();
}

// UU 27/2022 art 32: a request is pending until answered (3x24 h); the
// list (Casebook::PendingSubjectAccess over
// CaseStore::ChildrenWithPendingAccessRequest, Unsupported on PostgreSQL
// before schema 7) holds exactly the children whose newest request is open,
// across reopen; a refused or fulfilled request leaves it.
TEST_P(RoutingPrivacyConformanceTest, PendingSubjectAccessListUU27Art32) {
  case_ = SeedCase();
  Child other = Register("Anak Kedua", "15.03.01.2001", "1503015509170002");
  Child third = Register("Anak Ketiga", "15.03.01.2001", "1503015509170003");
  auto none = book_->PendingSubjectAccess(Officer(), /*overdue_only=*/false);
  ASSERT_TRUE(none.ok()) << none.status().ToString();
  EXPECT_TRUE(none->empty());

  auto a = book_->RequestSubjectAccess(child_.id, AccessRequester::kSubject, "", Officer());
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  clock_.AdvanceMillis(1000);
  auto b = book_->RequestSubjectAccess(other.id, AccessRequester::kSubject, "", Officer());
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  clock_.AdvanceMillis(1000);
  auto c = book_->RequestSubjectAccess(third.id, AccessRequester::kSubject, "", Officer());
  ASSERT_TRUE(c.ok()) << c.status().ToString();

  auto store = book_->PendingSubjectAccess(Officer(), false);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  ASSERT_EQ(store->size(), 3u);
  EXPECT_EQ(store->at(0).id, a->id);  // oldest due first
  EXPECT_EQ(store->at(2).id, c->id);

  auto answered = book_->AnswerSubjectAccess(other.id, b->id, Officer());
  ASSERT_TRUE(answered.ok()) << answered.status().ToString();
  auto refused = book_->RefuseSubjectAccess(third.id, c->id, kRefusalEndangersSubject,
                                            "membahayakan anak", Officer());
  ASSERT_TRUE(refused.ok()) << refused.status().ToString();
  Reopen();
  auto pending = book_->PendingSubjectAccess(Officer(), false);
  ASSERT_TRUE(pending.ok()) << pending.status().ToString();
  std::vector<std::string> ids;
  for (const SubjectAccessRequest& r : *pending) ids.push_back(r.id);
  EXPECT_EQ(ids, std::vector<std::string>{a->id});
  // Overdue only after the 3x24 h.
  EXPECT_TRUE(book_->PendingSubjectAccess(Officer(), true)->empty());
  clock_.AdvanceMillis(72 * kHourMs + 1);
  auto overdue = book_->PendingSubjectAccess(Officer(), true);
  ASSERT_TRUE(overdue.ok());
  ASSERT_FALSE(overdue->empty());
  EXPECT_EQ(overdue->at(0).id, a->id);
  ExpectVerified();
}

// PostgreSQL migration 7 on a store written at schema 6 (the columns and
// index it adds removed behind the library's back, as a 6 store has them
// not): the next open backfills events.subject_id from the clear change
// sets, seals nothing by itself, and the store verifies and reads. SQLite's
// migration 8 is covered in tests/store.
TEST_P(RoutingPrivacyConformanceTest, PgMigration7BackfillsSubjectIdOfAVersion6Store) {
  if (!OnPg()) GTEST_SKIP() << "PostgreSQL schema 7 only";
  Populate();
  const std::string subject_events =
      "SELECT count(*) FROM events WHERE action LIKE 'referral.%' OR action LIKE 'transfer.%' OR "
      "action LIKE 'routing.%'";
  const std::string before = Value(subject_events);
  ASSERT_NE(before, "0");
  book_.reset();
  ASSERT_TRUE(TryExec(
      "DROP INDEX events_access_requests; ALTER TABLE events DROP COLUMN subject_id; ALTER TABLE "
      "referrals DROP COLUMN doc_sealed; ALTER TABLE transfers DROP COLUMN doc_sealed; ALTER "
      "TABLE routing_decisions DROP COLUMN doc_sealed; DELETE FROM atensi_migrations WHERE "
      "version = 7"));
  ASSERT_EQ(Value("SELECT max(version) FROM atensi_migrations"), "6");
  Reopen();
  EXPECT_EQ(Value("SELECT max(version) FROM atensi_migrations"), "7");
  EXPECT_EQ(Value(subject_events + " AND subject_id IS NOT NULL"), before);
  EXPECT_EQ(Value("SELECT count(*) FROM events WHERE subject_id = '" + referral_id_ + "'"),
            Value("SELECT count(*) FROM events WHERE action LIKE 'referral.%' AND changes LIKE "
                  "'%" +
                  referral_id_ + "%'"));
  EXPECT_EQ(ClearDocs("referrals"), Value("SELECT count(*) FROM referrals"));
  ExpectVerified();
  EXPECT_EQ(Trusted(book_).GetTransfer(transfer_id_)->decline_reason, kDeclineReason);
  // The guard is back and now keeps subject_id too.
  EXPECT_FALSE(
      TryExec("UPDATE events SET subject_id = 'x' WHERE subject_id = '" + referral_id_ + "'"));
}

INSTANTIATE_TEST_SUITE_P(Backends, RoutingPrivacyConformanceTest, ::testing::Values("sqlite", "pg"),
                         BackendName);

}  // namespace
}  // namespace atensi::testing
