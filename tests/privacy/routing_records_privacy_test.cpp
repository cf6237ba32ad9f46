// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Referral, transfer and routing-decision rows and their events under the
// privacy duties (schema 8, docs/encryption.md, docs/privacy.md):
//   - sealed at rest like the child and case records (UU 27/2022 art 4:
//     children's data and crime records are specific personal data; art 46:
//     a leaked file is a notifiable breach), covered by key rotation;
//   - destroyed with the child at the end of retention (UU 27/2022 arts
//     42-44): tombstones bound by "<kind>.purge" events, chain verifying;
//   - events.subject_id pairs rows and events now that payloads are sealed
//     or purged, and is itself checked by Verify.

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <array>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>

#include "atensi/casebook.h"
#include "atensi/crypto/key.h"
#include "atensi/privacy/tombstone.h"
#include "store/casebook_fixture.h"
#include "store/trusted_reads.h"

namespace atensi::testing {
namespace {

constexpr const char* kProvince = "dinsos.15";
constexpr const char* kCentre = "kemensos.sentra.alyatama";
constexpr const char* kNewHome = "dinsos.17.71";
// Distinctive free text that must never reach the disk in clear.
constexpr const char* kTransferReason = "ayah tiri memukul, keluarga pindah ke Bengkulu";
constexpr const char* kDeclineReason = "wali menolak karena kakak sepupu Rahmawati";
constexpr const char* kRejectReason = "kapasitas penuh, saksi Bapak Suryadarma";
constexpr std::int64_t kYearMs = 365LL * 24 * 3600 * 1000;

Actor ActorOf(std::string agency, std::string person, Role role) {
  Actor a;
  a.person_id = std::move(person);
  a.agency_id = std::move(agency);
  a.role = role;
  return a;
}
Actor Screener() { return ActorOf(kProvince, "screener-1", Role::kCoordinator); }
Actor Officer() { return ActorOf(kProvince, "officer-1", Role::kDataOfficer); }

std::shared_ptr<const EncryptionKey> Key(std::uint32_t id, std::uint8_t fill) {
  std::array<std::uint8_t, 32> bytes{};
  for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<std::uint8_t>(fill + i);
  auto k = EncryptionKey::FromBytes(id, bytes);
  EXPECT_TRUE(k.ok()) << k.status().ToString();
  return std::make_shared<const EncryptionKey>(std::move(k).value());
}

std::string DiskBytes(const std::string& path) {
  std::string out;
  for (const std::string& p : {path, path + "-wal", path + "-journal"}) {
    std::ifstream f(p, std::ios::binary);
    out.append(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
  }
  return out;
}

// SQL behind the library's back (an attacker with the file).
void Tamper(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  char* err = nullptr;
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
  const std::string message = err != nullptr ? err : "";
  sqlite3_free(err);
  sqlite3_close(db);
  ASSERT_EQ(rc, SQLITE_OK) << message;
}

std::int64_t QueryInt(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  std::int64_t v = -1;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK &&
      sqlite3_step(st) == SQLITE_ROW) {
    v = sqlite3_column_int64(st, 0);
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  return v;
}

class RoutingRecordsPrivacyTest : public CasebookTest {
 protected:
  void OpenWith(std::shared_ptr<const EncryptionKey> key, KeyProvider provider = {}) {
    book_.reset();
    OpenOptions o;
    o.path = path_;
    o.id_seed = 91 + reopen_count_++;
    o.key = std::move(key);
    o.key_provider = std::move(provider);
    auto book = Casebook::Open(o, clock_);
    ASSERT_TRUE(book.ok()) << book.status().ToString();
    book_ = std::move(book).value();
  }

  // The routing seed scenario (tests/store/routing_fixture.h): a PKH child
  // in Sarolangun with a disability, owned by the provincial service; a
  // transfer proposed and declined, then routed (five referrals), and the
  // lead referral rejected. Every row and event of the three tables exists.
  void Populate() {
    Child c = MakeChild("Anak Seed", "15.03.01.2001", "1503014509170001");
    c.birth_date = Date(2017, 9, 5);
    c.has_birth_certificate = false;
    FamilyLink link;
    link.kk_number = "1503010101170001";
    link.valid_from = Date(2017, 9, 10);
    link.pkh_participant_id = "PKH-0001";
    link.dtsen = DtsenRecord{"DTSEN-0001", 2, Date(2026, 7, 1)};
    c.family_links.push_back(link);
    auto child = book_->RegisterChild(c, Screener());
    ASSERT_TRUE(child.ok()) << child.status().ToString();
    child_ = *child;
    OpenCaseRequest r;
    r.source = CaseSource::kPkhScreening;
    r.risk = RiskLevel::kMedium;
    r.categories = AmpkSet{AmpkCategory::kDisabilitas};
    r.lead_agency_id = kProvince;
    auto opened = book_->OpenCase(child_.id, r, Screener());
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    cmd::RecordConsent consent = Consent(child_);
    consent.purposes.push_back(ConsentPurpose::kReferralSharing);
    case_ = Do(*opened, consent, Screener());

    auto t = book_->ProposeTransfer(case_.id, kNewHome, kTransferReason, Screener());
    ASSERT_TRUE(t.ok()) << t.status().ToString();
    auto declined =
        book_->ActOnTransfer(t->id, TransferVersion(*t), TransferEventKind::kDecline,
                             kDeclineReason, ActorOf(kNewHome, "kabid-1", Role::kSupervisor));
    ASSERT_TRUE(declined.ok()) << declined.status().ToString();
    transfer_id_ = t->id;

    clock_.AdvanceMillis(1000);
    auto routed = book_->RouteCase(case_.id, Screener());
    ASSERT_TRUE(routed.ok()) << routed.status().ToString();
    ASSERT_FALSE(routed->created.empty());
    const Referral* lead = nullptr;
    for (const Referral& ref : routed->created) {
      if (ref.to_agency == kCentre) lead = &ref;
    }
    ASSERT_NE(lead, nullptr);
    referral_id_ = lead->id;
    auto rejected =
        book_->ActOnReferral(lead->id, ReferralVersion(*lead),
                             ReferralEvent{ReferralEventKind::kReject, kRejectReason, ""},
                             ActorOf(kCentre, "sentra-1", Role::kCaseWorker));
    ASSERT_TRUE(rejected.ok()) << rejected.status().ToString();
  }

  void ExpectVerified() {
    auto v = internal::Trusted(book_).Verify();
    ASSERT_TRUE(v.ok()) << v.status().ToString();
    EXPECT_TRUE(v->ok) << (v->first_broken
                               ? v->first_broken->reason + " at " + v->first_broken->chain_id +
                                     "#" + std::to_string(v->first_broken->seq)
                               : std::string());
  }

  std::string FirstBroken() {
    auto v = internal::Trusted(book_).Verify();
    EXPECT_TRUE(v.ok()) << v.status().ToString();
    if (!v.ok() || v->ok || !v->first_broken) return "";
    return v->first_broken->reason;
  }

  Child child_;
  Case case_;
  std::string transfer_id_;
  std::string referral_id_;
};

// UU 27/2022 art 4 / art 46: the referral, transfer and routing rows and
// their events hold no free text in clear on disk; read back intact.
TEST_F(RoutingRecordsPrivacyTest, RowsAndEventsAreSealedAtRestUU27Art4) {
  OpenWith(Key(1, 0x10));
  Populate();
  ExpectVerified();
  auto t = internal::Trusted(book_).GetTransfer(transfer_id_);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->reason, kTransferReason);
  EXPECT_EQ(t->decline_reason, kDeclineReason);
  auto r = internal::Trusted(book_).GetReferral(referral_id_);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->status, ReferralStatus::kRejected);
  auto routing = internal::Trusted(book_).RoutingOf(case_.id);
  ASSERT_TRUE(routing.ok()) << routing.status().ToString();
  EXPECT_TRUE(routing->has_value());
  // The history still reads (payloads opened on read).
  auto history = internal::Trusted(book_).History(case_.id);
  ASSERT_TRUE(history.ok()) << history.status().ToString();
  bool saw_decline = false;
  for (const Event& e : *history) saw_decline = saw_decline || e.reason == kDeclineReason;
  EXPECT_TRUE(saw_decline);
  book_.reset();  // close: the WAL is checkpointed into the file
  const std::string disk = DiskBytes(path_);
  for (const char* text : {kTransferReason, kDeclineReason, kRejectReason}) {
    EXPECT_EQ(disk.find(text), std::string::npos) << text;
  }
  EXPECT_EQ(QueryInt(path_, "SELECT count(*) FROM referrals WHERE typeof(doc) != 'blob'"), 0);
  EXPECT_EQ(QueryInt(path_, "SELECT count(*) FROM transfers WHERE typeof(doc) != 'blob'"), 0);
  EXPECT_EQ(QueryInt(path_, "SELECT count(*) FROM routing_decisions WHERE typeof(doc) != 'blob'"),
            0);
  EXPECT_EQ(QueryInt(path_,
                     "SELECT count(*) FROM events WHERE kind IN (1, 2) AND "
                     "typeof(changes) != 'blob'"),
            0);
  // Every subject event names its row in clear.
  EXPECT_EQ(QueryInt(path_,
                     "SELECT count(*) FROM events WHERE (action LIKE 'referral.%' OR "
                     "action LIKE 'transfer.%' OR action LIKE 'routing.%') AND "
                     "subject_id IS NULL"),
            0);
}

// A sealed referral document edited behind the library's back fails
// authentication and Verify reports the record.
TEST_F(RoutingRecordsPrivacyTest, TamperedSealedReferralIsReported) {
  OpenWith(Key(1, 0x10));
  Populate();
  book_.reset();
  Tamper(path_, "UPDATE referrals SET doc = (SELECT doc FROM referrals WHERE id != '" +
                    referral_id_ + "' LIMIT 1) WHERE id = '" + referral_id_ + "'");
  OpenWith(Key(1, 0x10));
  EXPECT_EQ(FirstBroken(), "record.state_mismatch");
}

// events.subject_id is outside the event hash; Verify binds it to the
// (opened) change set, so pointing an event at another row is detected.
TEST_F(RoutingRecordsPrivacyTest, EditedSubjectIdIsReported) {
  OpenWith(Key(1, 0x10));
  Populate();
  book_.reset();
  Tamper(path_,
         "DROP TRIGGER events_no_update; UPDATE events SET subject_id = 'another-row' WHERE "
         "subject_id = '" +
             referral_id_ + "' AND action = 'referral.create'");
  OpenWith(Key(1, 0x10));
  EXPECT_EQ(FirstBroken(), "event.subject_mismatch");
}

// Same check on a store without a key (clear payloads).
TEST_F(RoutingRecordsPrivacyTest, EditedSubjectIdIsReportedInAClearStore) {
  Populate();
  ExpectVerified();
  book_.reset();
  Tamper(path_,
         "DROP TRIGGER events_no_update; UPDATE events SET subject_id = NULL WHERE subject_id = '" +
             transfer_id_ + "'");
  Reopen();
  EXPECT_EQ(FirstBroken(), "event.subject_mismatch");
}

// Key rotation re-seals the three tables and their events; the old key is
// retired and everything still reads and verifies.
TEST_F(RoutingRecordsPrivacyTest, RotationResealsReferralsTransfersAndRouting) {
  OpenWith(Key(1, 0x10));
  Populate();
  KeyRotationOptions options;
  options.batch_size = 3;  // several batches across the table boundaries
  auto rotated = book_->RotateKey(*Key(2, 0x40), Officer(), options);
  ASSERT_TRUE(rotated.ok()) << rotated.status().ToString();
  EXPECT_TRUE(rotated->finished);
  EXPECT_EQ(rotated->retired_keys, std::vector<std::uint32_t>{1});
  auto info = book_->Encryption();
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->records_pending, 0u);
  ExpectVerified();
  OpenWith(Key(2, 0x40));
  auto t = internal::Trusted(book_).GetTransfer(transfer_id_);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->decline_reason, kDeclineReason);
  ExpectVerified();
  // No ciphertext is left under key 1 (envelope "AE1" + key id 00000001).
  for (const char* table : {"referrals", "transfers", "routing_decisions"}) {
    EXPECT_EQ(QueryInt(path_, std::string("SELECT count(*) FROM ") + table +
                                  " WHERE substr(doc, 1, 7) = X'41453100000001'"),
              0)
        << table;
  }
  EXPECT_EQ(QueryInt(path_,
                     "SELECT count(*) FROM events WHERE substr(changes, 1, 7) = "
                     "X'41453100000001'"),
            0);
}

// A store written in clear: the first rotation seals the new tables too.
TEST_F(RoutingRecordsPrivacyTest, FirstRotationSealsRowsWrittenInClear) {
  Populate();
  EXPECT_GT(QueryInt(path_, "SELECT count(*) FROM referrals WHERE typeof(doc) = 'text'"), 0);
  OpenWith(Key(1, 0x10));
  ASSERT_TRUE(book_->RotateKey(*Key(1, 0x10), Officer()).ok());
  EXPECT_EQ(QueryInt(path_, "SELECT count(*) FROM referrals WHERE typeof(doc) = 'text'"), 0);
  EXPECT_EQ(QueryInt(path_, "SELECT count(*) FROM transfers WHERE typeof(doc) = 'text'"), 0);
  EXPECT_EQ(QueryInt(path_, "SELECT count(*) FROM routing_decisions WHERE typeof(doc) = 'text'"),
            0);
  ExpectVerified();
}

// UU 27/2022 arts 42-44: the purge destroys the free text of the child's
// referrals, transfers and routing decisions and the payloads of their
// events; tombstones are bound by "<kind>.purge" events; the chain verifies.
void PurgeAndCheck(RoutingRecordsPrivacyTest& t, Casebook& book, ManualClock& clock,
                   const Case& kase, const Child& child, const std::string& transfer_id,
                   const std::string& referral_id) {
  auto current = internal::Trusted(book).GetCase(kase.id);
  ASSERT_TRUE(current.ok()) << current.status().ToString();
  clock.AdvanceMillis(1000);
  auto closed = book.Act(kase.id, current->version,
                         cmd::Close{ClosureReason::kNotEligible, "tidak memenuhi syarat"},
                         ActorOf(current->lead_agency_id, "lead-1", Role::kSupervisor));
  ASSERT_TRUE(closed.ok()) << closed.status().ToString();
  clock.AdvanceMillis(19 * kYearMs);  // past 10 years and age 18
  auto purged = book.PurgeChild(child.id, Officer(), /*dry_run=*/false);
  ASSERT_TRUE(purged.ok()) << purged.status().ToString();
  ASSERT_EQ(purged->children_purged, 1);
  (void)t;
  auto tr = internal::Trusted(book).GetTransfer(transfer_id);
  ASSERT_TRUE(tr.ok()) << tr.status().ToString();
  EXPECT_EQ(tr->reason, kPurgedText);
  EXPECT_EQ(tr->decline_reason, kPurgedText);
  EXPECT_EQ(tr->status, TransferStatus::kDeclined);  // statuses and agencies stay
  EXPECT_EQ(tr->to_agency, kNewHome);
  for (const TransferHistoryEntry& h : tr->history) EXPECT_NE(h.reason, kDeclineReason);
  auto ref = internal::Trusted(book).GetReferral(referral_id);
  ASSERT_TRUE(ref.ok()) << ref.status().ToString();
  EXPECT_EQ(ref->status, ReferralStatus::kRejected);
  EXPECT_NE(ref->rejection_reason, kRejectReason);
  EXPECT_NE(ref->status_reason, kRejectReason);
  auto history = internal::Trusted(book).History(kase.id);
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
  // One case purge, one per referral (five routed plus the next candidate
  // after the rejection), one per transfer, one for the routing decision.
  auto refs = internal::Trusted(book).ReferralsOfCase(kase.id);
  ASSERT_TRUE(refs.ok());
  EXPECT_EQ(refs->size(), 6u);
  EXPECT_EQ(purge_events, 1 + static_cast<int>(refs->size()) + 1 + 1);
  auto v = internal::Trusted(book).Verify();
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_TRUE(v->ok) << (v->first_broken ? v->first_broken->reason : "");
}

TEST_F(RoutingRecordsPrivacyTest, PurgeTombstonesRoutingRecordsUU27Art44) {
  Populate();
  PurgeAndCheck(*this, *book_, clock_, case_, child_, transfer_id_, referral_id_);
  book_.reset();
  const std::string disk = DiskBytes(path_);
  // The rows and events no longer hold the text (freed pages may until reused).
  EXPECT_EQ(QueryInt(path_, std::string("SELECT count(*) FROM transfers WHERE doc LIKE '%") +
                                kDeclineReason + "%'"),
            0);
  EXPECT_EQ(QueryInt(path_, std::string("SELECT count(*) FROM events WHERE reason LIKE '%") +
                                kDeclineReason + "%' OR changes LIKE '%" + kDeclineReason + "%'"),
            0);
}

TEST_F(RoutingRecordsPrivacyTest, PurgeTombstonesSealedRoutingRecordsUU27Art44) {
  OpenWith(Key(1, 0x10));
  Populate();
  PurgeAndCheck(*this, *book_, clock_, case_, child_, transfer_id_, referral_id_);
  // Rotation after a purge still finishes and verifies (tombstones skipped).
  ASSERT_TRUE(book_->RotateKey(*Key(2, 0x40), Officer()).ok());
  ExpectVerified();
}

}  // namespace
}  // namespace atensi::testing
