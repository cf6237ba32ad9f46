// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Encryption at rest and key rotation (issue 9; docs/encryption.md).
// Law: UU 27/2022 art. 4 (children's data is specific personal data) and
// art. 46 (breach), UU 35/2014 art. 64 (identity of a child in conflict with
// the law is secret): a copied database file must not reveal the child.

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <array>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "atensi/casebook.h"
#include "atensi/crypto/key.h"
#include "store/casebook_fixture.h"
#include "store/trusted_reads.h"

namespace atensi::testing {
namespace {

constexpr const char* kName = "Kartikasari Wulandaru";
constexpr const char* kNik = "1571014505150001";
constexpr const char* kReason = "laporan tetangga tentang kekerasan di rumah";

std::shared_ptr<const EncryptionKey> Key(std::uint32_t id, std::uint8_t fill) {
  std::array<std::uint8_t, 32> bytes{};
  for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<std::uint8_t>(fill + i);
  auto k = EncryptionKey::FromBytes(id, bytes);
  EXPECT_TRUE(k.ok()) << k.status().ToString();
  return std::make_shared<const EncryptionKey>(std::move(k).value());
}

Actor DataOfficer() {
  Actor a;
  a.person_id = "officer-1";
  a.agency_id = "dinsos-1571";
  a.role = Role::kDataOfficer;
  return a;
}

std::string ReadFile(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

// Every byte atensi left on disk for this database (main file and WAL).
std::string DiskBytes(const std::string& path) {
  return ReadFile(path) + ReadFile(path + "-wal") + ReadFile(path + "-journal");
}

// Runs SQL on the file behind the library's back (an attacker with the file).
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

// Flips the low bit of byte `at` of the `doc` BLOB of row `id` of `table`.
void FlipByte(const std::string& path, const std::string& table, const std::string& id,
              std::size_t at) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  const std::string select = "SELECT doc FROM " + table + " WHERE id = ?1";
  ASSERT_EQ(sqlite3_prepare_v2(db, select.c_str(), -1, &st, nullptr), SQLITE_OK);
  sqlite3_bind_text(st, 1, id.c_str(), -1, SQLITE_TRANSIENT);
  ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
  const auto* p = static_cast<const std::uint8_t*>(sqlite3_column_blob(st, 0));
  std::vector<std::uint8_t> doc(p, p + sqlite3_column_bytes(st, 0));
  sqlite3_finalize(st);
  ASSERT_GT(doc.size(), at);
  doc[at] ^= 1U;
  const std::string update = "UPDATE " + table + " SET doc = ?1 WHERE id = ?2";
  ASSERT_EQ(sqlite3_prepare_v2(db, update.c_str(), -1, &st, nullptr), SQLITE_OK);
  sqlite3_bind_blob(st, 1, doc.data(), static_cast<int>(doc.size()), SQLITE_TRANSIENT);
  sqlite3_bind_text(st, 2, id.c_str(), -1, SQLITE_TRANSIENT);
  EXPECT_EQ(sqlite3_step(st), SQLITE_DONE);
  sqlite3_finalize(st);
  sqlite3_close(db);
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

class EncryptionTest : public ::testing::Test {
 protected:
  void SetUp() override { path_ = dir_.File("sealed.db"); }

  Status OpenWith(std::shared_ptr<const EncryptionKey> key, KeyProvider provider = {}) {
    book_.reset();
    OpenOptions o;
    o.path = path_;
    o.id_seed = 7 + reopen_++;
    o.key = std::move(key);
    o.key_provider = std::move(provider);
    auto book = Casebook::Open(o, clock_);
    if (!book.ok()) return book.status();
    book_ = std::move(book).value();
    return Status::Ok();
  }

  // A child with a name, NIK and roster key, a case with a free-text reason,
  // and staged roster facts.
  void Populate() {
    Child c = MakeChild(kName, "15.71.01.1001", std::string(kNik));
    c.roster_key = "IDBDT77/03";
    auto child = book_->RegisterChild(c, Worker());
    ASSERT_TRUE(child.ok()) << child.status().ToString();
    child_ = *child;
    auto kase = book_->OpenCase(child_.id, Request(), Worker());
    ASSERT_TRUE(kase.ok()) << kase.status().ToString();
    case_ = *kase;
    clock_.AdvanceMillis(1000);
    Child moved = child_;
    moved.domicile_region = "15.71.01.1002";
    auto updated = book_->UpdateChild(moved, Worker(), kReason);
    ASSERT_TRUE(updated.ok()) << updated.status().ToString();
    child_ = *updated;
    ASSERT_TRUE(
        internal::Trusted(book_).PutRosterFacts(child_.id, {{"nama", kName}, {"nik", kNik}}).ok());
  }

  void More(int n) {
    for (int i = 0; i < n; ++i) {
      auto c =
          book_->RegisterChild(MakeChild("Anak " + std::to_string(i), "15.71.01.1001"), Worker());
      ASSERT_TRUE(c.ok()) << c.status().ToString();
      ASSERT_TRUE(book_->OpenCase(c->id, Request(), Worker()).ok());
    }
  }

  void ExpectVerifies() {
    auto report = internal::Trusted(book_).Verify();
    ASSERT_TRUE(report.ok()) << report.status().ToString();
    EXPECT_TRUE(report->ok) << (report->first_broken ? report->first_broken->reason : "");
  }

  TempDir dir_;
  std::string path_;
  ManualClock clock_{StartTime()};
  std::unique_ptr<Casebook> book_;
  std::uint64_t reopen_ = 0;
  Child child_;
  Case case_;
};

TEST(EncryptionKeyTest, RefusesKeysThatAreNot32Bytes) {
  std::array<std::uint8_t, 16> short_key{};
  auto k = EncryptionKey::FromBytes(1, short_key);
  ASSERT_FALSE(k.ok());
  EXPECT_EQ(k.status().reason(), "crypto.key_size");
  auto zero_id = EncryptionKey::FromBytes(0, std::array<std::uint8_t, 32>{});
  ASSERT_FALSE(zero_id.ok());
  EXPECT_EQ(zero_id.status().reason(), "crypto.key_id");
  const std::string hex(64, 'a');
  auto from_hex = EncryptionKey::FromHex(3, "  " + hex + "\n");
  ASSERT_TRUE(from_hex.ok());
  EXPECT_EQ(from_hex->bytes()[0], 0xAA);
  auto bad_hex = EncryptionKey::FromHex(3, std::string(64, 'z'));
  ASSERT_FALSE(bad_hex.ok());
  EXPECT_EQ(bad_hex.status().reason(), "crypto.key_hex");
  EXPECT_EQ(bad_hex.status().message().find("zz"), std::string::npos);  // never echoes the key
}

TEST_F(EncryptionTest, RoundTripReadsBackWhatWasWritten) {
  ASSERT_TRUE(OpenWith(Key(1, 10)).ok());
  Populate();
  auto child = internal::Trusted(book_).GetChild(child_.id);
  ASSERT_TRUE(child.ok()) << child.status().ToString();
  EXPECT_EQ(child->name, kName);
  EXPECT_EQ(child->nik, kNik);
  EXPECT_EQ(child->birth_date, child_.birth_date);
  auto kase = internal::Trusted(book_).GetCase(case_.id);
  ASSERT_TRUE(kase.ok()) << kase.status().ToString();
  EXPECT_EQ(kase->child_id, child_.id);
  auto timeline = internal::Trusted(book_).ChildTimeline(child_.id);
  ASSERT_TRUE(timeline.ok()) << timeline.status().ToString();
  bool saw_reason = false;
  for (const Event& e : *timeline) saw_reason |= e.reason == kReason;
  EXPECT_TRUE(saw_reason);
  auto facts = internal::Trusted(book_).RosterFactsPage("", 10);
  ASSERT_TRUE(facts.ok());
  ASSERT_EQ(facts->size(), 1U);
  EXPECT_EQ(facts->at(0).second.at("nama"), kName);
  // Unchanged facts write nothing, although each seal differs (random nonce).
  auto again = internal::Trusted(book_).PutRosterFacts(child_.id, {{"nama", kName}, {"nik", kNik}});
  EXPECT_TRUE(again.ok());
  ExpectVerifies();
  // Reopened with the same key: still readable.
  ASSERT_TRUE(OpenWith(Key(1, 10)).ok());
  EXPECT_TRUE(internal::Trusted(book_).GetChild(child_.id).ok());
  ExpectVerifies();
}

// UU 27/2022 art. 4 / UU 35/2014 art. 64: no identity or narrative in the file.
TEST_F(EncryptionTest, NoPlaintextNameNikOrReasonOnDisk) {
  ASSERT_TRUE(OpenWith(Key(1, 10)).ok());
  Populate();
  book_.reset();  // closes: the WAL is checkpointed into the file
  const std::string bytes = DiskBytes(path_);
  ASSERT_FALSE(bytes.empty());
  EXPECT_EQ(bytes.find(kName), std::string::npos);
  EXPECT_EQ(bytes.find(kNik), std::string::npos);
  EXPECT_EQ(bytes.find(kReason), std::string::npos);
  EXPECT_EQ(bytes.find("IDBDT77/03"), std::string::npos);
  EXPECT_EQ(bytes.find("2015-05-05"), std::string::npos);  // birth date
}

// The control for the scan above: without a key the same data is in clear,
// so the scan does find plaintext when it is there.
TEST_F(EncryptionTest, ScanFindsPlaintextInAStoreWithoutKey) {
  ASSERT_TRUE(OpenWith(nullptr).ok());
  Populate();
  book_.reset();
  const std::string bytes = DiskBytes(path_);
  EXPECT_NE(bytes.find(kName), std::string::npos);
  EXPECT_NE(bytes.find(kNik), std::string::npos);
}

TEST_F(EncryptionTest, LookupByNikAndRosterKeyGoesThroughTheBlindIndex) {
  ASSERT_TRUE(OpenWith(Key(1, 10)).ok());
  Populate();
  auto found =
      internal::Trusted(book_).FindChildByNik("1571 0145 0515 0001");  // separators ignored
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->id, child_.id);
  auto cases = internal::Trusted(book_).CasesByChildNik(kNik);
  ASSERT_TRUE(cases.ok());
  EXPECT_EQ(cases->size(), 1U);
  auto by_roster = internal::Trusted(book_).FindChildByRosterKey("IDBDT77/03");
  ASSERT_TRUE(by_roster.ok());
  ASSERT_TRUE(by_roster->has_value());
  EXPECT_EQ((*by_roster)->id, child_.id);
  auto none = internal::Trusted(book_).FindChildByNik("1571014505150002");
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
  // One person, one record still holds under encryption.
  auto dup = book_->RegisterChild(MakeChild("Lain", "15.71.01.1001", std::string(kNik)), Worker());
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.status().reason(), "store.nik_taken");
  // The column holds a keyed hash, not the NIK.
  EXPECT_EQ(QueryInt(path_, "SELECT count(*) FROM children WHERE nik = '" + std::string(kNik) +
                                "' OR length(nik) != 64"),
            0);
}

TEST_F(EncryptionTest, WrongKeyIsRefusedAtOpen) {
  ASSERT_TRUE(OpenWith(Key(1, 10)).ok());
  Populate();
  Status s = OpenWith(Key(1, 99));
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(s.reason(), "crypto.wrong_key");
}

TEST_F(EncryptionTest, WithoutTheKeySensitiveCallsFailAndListingsStillWork) {
  ASSERT_TRUE(OpenWith(Key(1, 10)).ok());
  Populate();
  ASSERT_TRUE(OpenWith(nullptr).ok());
  auto child = internal::Trusted(book_).GetChild(child_.id);
  ASSERT_FALSE(child.ok());
  EXPECT_EQ(child.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(child.status().reason(), "crypto.key_missing");
  auto reg = book_->RegisterChild(MakeChild("Baru", "15.71.01.1001"), Worker());
  ASSERT_FALSE(reg.ok());
  EXPECT_EQ(reg.status().reason(), "crypto.key_missing");
  auto lookup = internal::Trusted(book_).FindChildByNik(kNik);
  ASSERT_FALSE(lookup.ok());
  EXPECT_EQ(lookup.status().reason(), "crypto.key_missing");
  // Non-sensitive: the caseload (ids, stage, risk, region) and checkpoints.
  CaseloadQuery q;
  auto page = internal::Trusted(book_).Caseload(q);
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  EXPECT_EQ(page->items.size(), 1U);
  EXPECT_TRUE(book_->Checkpoint().ok());
  auto info = book_->Encryption();
  ASSERT_TRUE(info.ok());
  EXPECT_TRUE(info->encrypted);
  EXPECT_EQ(info->current_key, 0U);
}

TEST_F(EncryptionTest, TamperedCiphertextFailsAuthentication) {
  ASSERT_TRUE(OpenWith(Key(1, 10)).ok());
  Populate();
  book_.reset();
  // Flip one bit of the ciphertext of the child's document.
  FlipByte(path_, "children", child_.id, 40);
  ASSERT_TRUE(OpenWith(Key(1, 10)).ok());
  auto child = internal::Trusted(book_).GetChild(child_.id);
  ASSERT_FALSE(child.ok());
  EXPECT_EQ(child.status().code(), StatusCode::kCorruption);
  EXPECT_EQ(child.status().reason(), "crypto.auth_failed");
  auto report = internal::Trusted(book_).Verify();
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_FALSE(report->ok);
}

TEST_F(EncryptionTest, CiphertextMovedToAnotherRowIsRefused) {
  ASSERT_TRUE(OpenWith(Key(1, 10)).ok());
  Populate();
  auto other = book_->RegisterChild(MakeChild("Lain", "15.71.01.1001"), Worker());
  ASSERT_TRUE(other.ok());
  book_.reset();
  // Copy the first child's sealed document over the second child's: a valid
  // ciphertext, under the right key, but bound to another row (AD).
  Tamper(path_, "UPDATE children SET doc = (SELECT doc FROM children WHERE id = '" + child_.id +
                    "') WHERE id = '" + other->id + "'");
  ASSERT_TRUE(OpenWith(Key(1, 10)).ok());
  auto moved = internal::Trusted(book_).GetChild(other->id);
  ASSERT_FALSE(moved.ok());
  EXPECT_EQ(moved.status().reason(), "crypto.auth_failed");
  EXPECT_TRUE(internal::Trusted(book_).GetChild(child_.id).ok());
}

TEST_F(EncryptionTest, PlaintextSwappedInForCiphertextIsRefused) {
  ASSERT_TRUE(OpenWith(Key(1, 10)).ok());
  Populate();
  book_.reset();
  Tamper(path_, "UPDATE cases SET doc = '{}' WHERE id = '" + case_.id + "'");
  ASSERT_TRUE(OpenWith(Key(1, 10)).ok());
  auto kase = internal::Trusted(book_).GetCase(case_.id);
  ASSERT_FALSE(kase.ok());
  EXPECT_EQ(kase.status().reason(), "crypto.not_sealed");
}

TEST_F(EncryptionTest, RotationResealsEverythingAndRetiresTheOldKey) {
  ASSERT_TRUE(OpenWith(Key(1, 10)).ok());
  Populate();
  More(5);
  ExpectVerifies();
  auto result = book_->RotateKey(*Key(2, 50), DataOfficer());
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_TRUE(result->finished);
  EXPECT_GT(result->rewritten, 12U);
  EXPECT_EQ(result->retired_keys, std::vector<std::uint32_t>{1});
  ExpectVerifies();
  // Readable with the new key alone; the old one is refused.
  ASSERT_TRUE(OpenWith(Key(2, 50)).ok());
  auto child = internal::Trusted(book_).GetChild(child_.id);
  ASSERT_TRUE(child.ok()) << child.status().ToString();
  EXPECT_EQ(child->name, kName);
  auto found = internal::Trusted(book_).FindChildByNik(kNik);
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  ASSERT_TRUE(found->has_value());
  auto history = internal::Trusted(book_).ChildTimeline(child_.id);
  ASSERT_TRUE(history.ok()) << history.status().ToString();
  ExpectVerifies();
  // Every sealed value carries key id 2 ("AE1" 00 00 00 02).
  EXPECT_EQ(QueryInt(path_,
                     "SELECT count(*) FROM children WHERE substr(doc, 1, 7) != "
                     "X'41453100000002'"),
            0);
  EXPECT_EQ(QueryInt(path_,
                     "SELECT count(*) FROM events WHERE kind IN (1, 2) AND "
                     "instr(action, '.') = 0 AND substr(changes, 1, 7) != "
                     "X'41453100000002'"),
            0);
  // The rotation is in the audit trail (store chain "atensi.store").
  EXPECT_EQ(QueryInt(path_,
                     "SELECT count(*) FROM events WHERE chain_id = 'atensi.store' AND "
                     "action = 'key_rotated' AND actor_person = 'officer-1'"),
            1);
  Status old = OpenWith(Key(1, 10));
  EXPECT_EQ(old.reason(), "crypto.key_retired");
}

TEST_F(EncryptionTest, RotationNeedsTheRotateKeyRight) {
  ASSERT_TRUE(OpenWith(Key(1, 10)).ok());
  Populate();
  auto refused = book_->RotateKey(*Key(2, 50), Worker());
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kPermissionDenied);
}

TEST_F(EncryptionTest, InterruptedRotationIsReadableWithBothKeysAndResumes) {
  ASSERT_TRUE(OpenWith(Key(1, 10)).ok());
  Populate();
  More(10);
  KeyRotationOptions pause_after_one;
  pause_after_one.batch_size = 4;
  pause_after_one.on_batch = [](std::uint64_t) { return false; };
  auto partial = book_->RotateKey(*Key(2, 50), DataOfficer(), pause_after_one);
  ASSERT_TRUE(partial.ok()) << partial.status().ToString();
  EXPECT_FALSE(partial->finished);
  EXPECT_EQ(partial->rewritten, 4U);
  auto info = book_->Encryption();
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->current_key, 2U);
  EXPECT_GT(info->records_pending, 0U);
  EXPECT_EQ(info->live_keys, (std::vector<std::uint32_t>{1, 2}));

  // "Crash": reopen with the new key only. Old-key records need the old key.
  ASSERT_TRUE(OpenWith(Key(2, 50)).ok());
  auto last =
      internal::Trusted(book_).GetCase(case_.id);  // cases come after children: still under key 1
  ASSERT_FALSE(last.ok());
  EXPECT_EQ(last.status().reason(), "crypto.key_missing");
  // With a provider for key 1 everything reads, and lookups see both indexes.
  auto provider = [](std::uint32_t id) -> Result<EncryptionKey> {
    if (id != 1) return NotFound("crypto.key_missing", "key", "no such key");
    return Key(1, 10)->Clone();
  };
  ASSERT_TRUE(OpenWith(Key(2, 50), provider).ok());
  EXPECT_TRUE(internal::Trusted(book_).GetCase(case_.id).ok());
  auto found = internal::Trusted(book_).FindChildByNik(kNik);
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  EXPECT_TRUE(found->has_value());
  ExpectVerifies();
  // Writes meanwhile go under the new key.
  auto fresh = book_->RegisterChild(MakeChild("Sela", "15.71.01.1001"), Worker());
  ASSERT_TRUE(fresh.ok()) << fresh.status().ToString();

  auto rest = book_->RotateKey(*Key(2, 50), DataOfficer());
  ASSERT_TRUE(rest.ok()) << rest.status().ToString();
  EXPECT_TRUE(rest->finished);
  ExpectVerifies();
  ASSERT_TRUE(OpenWith(Key(2, 50)).ok());  // no provider needed any more
  EXPECT_TRUE(internal::Trusted(book_).GetCase(case_.id).ok());
  EXPECT_TRUE(internal::Trusted(book_).GetChild(fresh->id).ok());
  ExpectVerifies();
}

TEST_F(EncryptionTest, FirstRotationSealsAStoreWrittenWithoutKey) {
  ASSERT_TRUE(OpenWith(nullptr).ok());
  Populate();
  ASSERT_TRUE(OpenWith(Key(1, 10)).ok());
  // Before the rotation the old plaintext rows still read and look up.
  auto found = internal::Trusted(book_).FindChildByNik(kNik);
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  EXPECT_TRUE(found->has_value());
  auto result = book_->RotateKey(*Key(1, 10), DataOfficer());
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_TRUE(result->finished);
  ExpectVerifies();
  found = internal::Trusted(book_).FindChildByNik(kNik);
  ASSERT_TRUE(found.ok());
  EXPECT_TRUE(found->has_value());
  book_.reset();
  const std::string bytes = DiskBytes(path_);
  EXPECT_EQ(bytes.find(kName), std::string::npos);
  EXPECT_EQ(bytes.find(kNik), std::string::npos);
}

}  // namespace
}  // namespace atensi::testing
