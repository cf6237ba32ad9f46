// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Moving up and down (issue #10, "Moving up"): an office's SQLite store into
// the shared PostgreSQL store and a region back out to a new SQLite file,
// preserving ids, events and chain verification (the tamper-evident audit
// trail, peers.md; UU 27/2022 art 32 for the access log that moves with the
// records). Each copy is one transaction on the target: a refused copy
// leaves the target as it was. The SQLite -> SQLite runs need no server;
// the PostgreSQL runs are skipped without ATENSI_TEST_PG_URI.

#include "atensi/store/store_copy.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include "atensi/store/case_store.h"
#include "office_fixture.h"

namespace atensi::testing {
namespace {

// Reads a store through the CaseStore interface (no Casebook, no access
// control: the test inspects what the copy wrote).
class StoreView {
 public:
  explicit StoreView(const std::string& path, std::shared_ptr<const EncryptionKey> key = nullptr) {
    Result<std::unique_ptr<CaseStore>> s = Open(path, std::move(key));
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    if (s.ok()) store_ = std::move(s).value();
  }
  static Result<std::unique_ptr<CaseStore>> Open(const std::string& path,
                                                 std::shared_ptr<const EncryptionKey> key) {
    if (IsPostgresUri(path)) {
      PgStoreOptions o;
      o.uri = path;
      o.create_if_missing = false;
      o.key = std::move(key);
      return OpenPgCaseStore(o);
    }
    SqliteStoreOptions o;
    o.path = path;
    o.create_if_missing = false;
    o.key = std::move(key);
    return OpenSqliteCaseStore(o);
  }
  [[nodiscard]] bool ok() const { return store_ != nullptr; }

  VerifyReport Verify() {
    auto txn = store_->BeginRead();
    EXPECT_TRUE(txn.ok());
    auto v = store_->Verify();
    EXPECT_TRUE(v.ok()) << v.status().ToString();
    return v.ok() ? *v : VerifyReport{};
  }
  std::vector<Event> Chain(const std::string& id) {
    auto txn = store_->BeginRead();
    auto e = store_->ChainEvents(id);
    EXPECT_TRUE(e.ok()) << e.status().ToString();
    return e.ok() ? *e : std::vector<Event>{};
  }
  std::vector<std::string> CaseIds(std::optional<RegionCode> within = std::nullopt) {
    auto txn = store_->BeginRead();
    CaseloadQuery q;
    q.within = within;
    q.page_size = 1000;
    auto page = store_->Caseload(q);
    EXPECT_TRUE(page.ok()) << page.status().ToString();
    std::vector<std::string> out;
    if (page.ok()) {
      for (const CaseSummary& s : page->items) out.push_back(s.case_id);
    }
    return out;
  }
  Result<Child> GetChild(const std::string& id) {
    auto txn = store_->BeginRead();
    return store_->GetChild(id);
  }
  Result<std::optional<Child>> FindChildByNik(const std::string& nik) {
    auto txn = store_->BeginRead();
    return store_->FindChildByNik(nik);
  }
  Result<Case> GetCase(const std::string& id) {
    auto txn = store_->BeginRead();
    return store_->GetCase(id);
  }
  std::vector<Referral> Referrals(const std::string& case_id) {
    auto txn = store_->BeginRead();
    auto r = store_->ReferralsOfCase(case_id);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : std::vector<Referral>{};
  }
  std::vector<Transfer> Transfers(const std::string& case_id) {
    auto txn = store_->BeginRead();
    auto r = store_->TransfersOfCase(case_id);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : std::vector<Transfer>{};
  }

 private:
  std::unique_ptr<CaseStore> store_;
};

void ExpectSameReferrals(const std::vector<Referral>& a, const std::vector<Referral>& b) {
  ASSERT_FALSE(a.empty());
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].id, b[i].id);
    EXPECT_EQ(a[i].status, b[i].status);
    EXPECT_EQ(a[i].to_agency, b[i].to_agency);
    EXPECT_EQ(ReferralVersion(a[i]), ReferralVersion(b[i]));
  }
}

void ExpectSameTransfers(const std::vector<Transfer>& a, const std::vector<Transfer>& b) {
  ASSERT_FALSE(a.empty());
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].id, b[i].id);
    EXPECT_EQ(a[i].status, b[i].status);
    EXPECT_EQ(TransferVersion(a[i]), TransferVersion(b[i]));
  }
}

// Runs a shell command; its exit code, its output (stdout and stderr) in
// `out`.
int RunShell(const std::string& command, std::string* out) {
  FILE* p = popen((command + " 2>&1").c_str(), "r");
  if (p == nullptr) return -1;
  std::array<char, 4096> buf{};
  std::size_t n = 0;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) out->append(buf.data(), n);
  const int status = pclose(p);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

RegionCode R(std::string_view text) {
  auto r = RegionCode::Parse(text);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return *r;
}

inline constexpr const char* kDukcapil = "dinsos.15.div.dukcapil";
inline constexpr const char* kRegency = "dinsos.15.03";
inline constexpr const char* kProvince = "dinsos.15";

class StoreCopyTest : public CasebookTest {
 protected:
  // The routing seed (tests/store/routing_fixture.h): a 9-year-old in Batang
  // Asai (15.03.01) without akta kelahiran, in a PKH household, her case
  // owned by the provincial service, with consent to referral sharing.
  Case SeedCase() {
    Child c = MakeChild("Anak Seed", "15.03.01.2001", "1503014509170001");
    c.birth_date = Date(2017, 9, 5);
    c.has_birth_certificate = false;
    FamilyLink link;
    link.kk_number = "1503010101170001";
    link.valid_from = Date(2017, 9, 10);
    link.pkh_participant_id = "PKH-0001";
    link.dtsen = DtsenRecord{"DTSEN-0001", 2, Date(2026, 7, 1)};
    c.family_links.push_back(link);
    const Actor screener = Officer(kProvince, "screener-1", Role::kCoordinator);
    auto child = book_->RegisterChild(c, screener);
    EXPECT_TRUE(child.ok()) << child.status().ToString();
    OpenCaseRequest r;
    r.source = CaseSource::kPkhScreening;
    r.risk = RiskLevel::kHigh;
    r.categories = AmpkSet{AmpkCategory::kDisabilitas};
    r.lead_agency_id = kProvince;
    auto opened = book_->OpenCase(child->id, r, screener);
    EXPECT_TRUE(opened.ok()) << opened.status().ToString();
    cmd::RecordConsent consent = Consent(*child);
    consent.purposes.push_back(ConsentPurpose::kReferralSharing);
    return Do(*opened, consent, screener);
  }

  void BuildOffice() {
    jambi_ = SeedCase();
    auto routed = book_->RouteCase(jambi_.id, Officer(kProvince, "screener-1", Role::kCoordinator));
    ASSERT_TRUE(routed.ok()) << routed.status().ToString();
    const Referral* dukcapil = nullptr;
    for (const Referral& x : routed->created) {
      if (x.to_agency == kDukcapil) dukcapil = &x;
    }
    ASSERT_NE(dukcapil, nullptr);
    clock_.AdvanceMillis(60'000);
    auto accepted_ref =
        book_->ActOnReferral(dukcapil->id, ReferralVersion(*dukcapil),
                             ReferralEvent{ReferralEventKind::kAccept, {}, {}}, Officer(kDukcapil));
    ASSERT_TRUE(accepted_ref.ok()) << accepted_ref.status().ToString();

    Child moving = Register("Anak Pindah", "15.03.01.2001");
    OpenCaseRequest req = Request();
    req.lead_agency_id = kRegency;
    moved_ = Open(moving, req);
    auto t = book_->ProposeTransfer(moved_.id, "dinsos.15.71", "keluarga pindah", Officer(kRegency),
                                    R("15.71"));
    ASSERT_TRUE(t.ok()) << t.status().ToString();
    auto accepted = book_->ActOnTransfer(t->id, TransferVersion(*t), TransferEventKind::kAccept, "",
                                         Officer("dinsos.15.71"));
    ASSERT_TRUE(accepted.ok()) << accepted.status().ToString();

    jakarta_child_ = Register("Anak Jakarta", "31.71.01.1001", "3171014505150001");
    jakarta_ = Open(jakarta_child_);
    Register("Tanpa Kasus", "15.71.01.1001");
    ASSERT_TRUE(book_->Checkpoint().ok());
    jakarta_ = Do(jakarta_, cmd::RecordContact{"kunjungan"});
    book_.reset();  // the office closes its database before the move
  }

  StoreCopyOptions Options(std::string from, std::string to) {
    StoreCopyOptions o;
    o.from = std::move(from);
    o.to = std::move(to);
    o.batch_rows = 3;  // several batches per table: the keyset paging is exercised
    return o;
  }

  void ExpectSameChain(StoreView& a, StoreView& b, const std::string& id) {
    std::vector<Event> x = a.Chain(id);
    std::vector<Event> y = b.Chain(id);
    ASSERT_FALSE(x.empty());
    ASSERT_EQ(x.size(), y.size()) << id;
    for (std::size_t i = 0; i < x.size(); ++i) {
      EXPECT_EQ(x[i].hash, y[i].hash) << id << " #" << i + 1;
      EXPECT_EQ(x[i].prev_hash, y[i].prev_hash);
      EXPECT_EQ(x[i].state_hash, y[i].state_hash);
      EXPECT_EQ(x[i].action, y[i].action);
      EXPECT_EQ(x[i].changes, y[i].changes);
    }
  }

  // Encryption at rest (docs/encryption.md): a 32-byte key filled with
  // `fill`, under `id`.
  static std::shared_ptr<const EncryptionKey> Key(std::uint32_t id, std::uint8_t fill) {
    std::array<std::uint8_t, 32> bytes{};
    bytes.fill(fill);
    auto k = EncryptionKey::FromBytes(id, bytes);
    EXPECT_TRUE(k.ok());
    return std::make_shared<const EncryptionKey>(std::move(k).value());
  }

  // The office turns encryption at rest on before its first record.
  void EncryptOffice(std::shared_ptr<const EncryptionKey> key) {
    book_.reset();
    OpenOptions o;
    o.path = path_;
    o.id_seed = 77;
    o.key = std::move(key);
    auto book = Casebook::Open(o, clock_);
    ASSERT_TRUE(book.ok()) << book.status().ToString();
    book_ = std::move(book).value();
  }

  // Whether the bytes of an SQLite store (file and WAL) contain `text`.
  static bool FileHolds(const std::string& path, const std::string& text) {
    for (const char* suffix : {"", "-wal"}) {
      std::ifstream f(path + suffix, std::ios::binary);
      if (!f) continue;
      const std::string bytes((std::istreambuf_iterator<char>(f)),
                              std::istreambuf_iterator<char>());
      if (bytes.find(text) != std::string::npos) return true;
    }
    return false;
  }

  // An empty store sealed under `key` (a province's store with its own key).
  void MakeKeyedStore(const std::string& path, std::shared_ptr<const EncryptionKey> key) {
    auto s = [&] {
      if (IsPostgresUri(path)) {
        PgStoreOptions o;
        o.uri = path;
        o.key = std::move(key);
        return OpenPgCaseStore(o);
      }
      SqliteStoreOptions o;
      o.path = path;
      o.key = std::move(key);
      return OpenSqliteCaseStore(o);
    }();
    ASSERT_TRUE(s.ok()) << s.status().ToString();
  }

  static constexpr const char* kSeedNik = "1503014509170001";

  // The SQLite file `target` holds nothing of the seed child in clear, and
  // opened with `key` it has the office's Jambi records and chains.
  void ExpectSealedJambi(const std::string& target, std::shared_ptr<const EncryptionKey> key,
                         std::shared_ptr<const EncryptionKey> office_key) {
    EXPECT_FALSE(FileHolds(target, kSeedNik));
    EXPECT_FALSE(FileHolds(target, "Anak Seed"));
    StoreView src(path_, std::move(office_key));
    StoreView dst(target, std::move(key));
    ExpectSameChain(src, dst, jambi_.id);
    ExpectSameChain(src, dst, moved_.id);
    EXPECT_EQ(*dst.GetCase(jambi_.id), *src.GetCase(jambi_.id));
    EXPECT_EQ(*dst.GetCase(moved_.id), *src.GetCase(moved_.id));
    ExpectSameReferrals(dst.Referrals(jambi_.id), src.Referrals(jambi_.id));
    ExpectSameTransfers(dst.Transfers(moved_.id), src.Transfers(moved_.id));
  }

  Case jambi_;
  Case moved_;
  Case jakarta_;
  Child jakarta_child_;
};

// Whole store, SQLite -> SQLite: every row, the checkpoints as they are.
TEST_F(StoreCopyTest, WholeStoreCopyKeepsIdsEventsHashesAndCheckpoints) {
  BuildOffice();
  const std::string target = dir_.File("copy.db");
  auto report = CopyStore(Options(path_, target), clock_);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_TRUE(report->checkpoints_copied);
  EXPECT_FALSE(report->checkpoint_sealed.has_value());
  EXPECT_EQ(CopiedRows(*report, "children"), 4u);
  EXPECT_EQ(CopiedRows(*report, "cases"), 3u);
  EXPECT_EQ(CopiedRows(*report, "checkpoints"), 1u);
  EXPECT_GT(CopiedRows(*report, "referrals"), 0u);
  EXPECT_EQ(CopiedRows(*report, "transfers"), 1u);
  EXPECT_EQ(CopiedRows(*report, "routing_decisions"), 1u);
  ASSERT_TRUE(report->source_verify.has_value());
  EXPECT_TRUE(report->target_verify.ok);
  EXPECT_EQ(report->target_verify.events_checked, report->source_verify->events_checked);
  EXPECT_EQ(report->target_verify.checkpoints_checked, 1);
  EXPECT_EQ(static_cast<std::int64_t>(CopiedRows(*report, "events")),
            report->source_verify->events_checked);

  StoreView src(path_);
  StoreView dst(target);
  ExpectSameChain(src, dst, jambi_.id);
  ExpectSameChain(src, dst, moved_.id);
  EXPECT_EQ(*dst.GetCase(moved_.id), *src.GetCase(moved_.id));
  EXPECT_EQ(dst.GetCase(moved_.id)->lead_agency_id, "dinsos.15.71");
  ExpectSameReferrals(dst.Referrals(jambi_.id), src.Referrals(jambi_.id));
  ExpectSameTransfers(dst.Transfers(moved_.id), src.Transfers(moved_.id));
}

// All or nothing; no id twice (one person one record, Permendagri 108/2019):
// a second copy into the same target is refused and writes nothing.
TEST_F(StoreCopyTest, TargetHoldingTheIdsIsRefusedAndUnchanged) {
  BuildOffice();
  const std::string target = dir_.File("copy.db");
  ASSERT_TRUE(CopyStore(Options(path_, target), clock_).ok());
  const VerifyReport before = StoreView(target).Verify();
  auto again = CopyStore(Options(path_, target), clock_);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status().code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(again.status().reason(), "copy.id_exists");
  EXPECT_EQ(again.status().field(), "children");
  const VerifyReport after = StoreView(target).Verify();
  EXPECT_TRUE(after.ok);
  EXPECT_EQ(after.events_checked, before.events_checked);
  EXPECT_EQ(after.checkpoints_checked, before.checkpoints_checked);
}

// A broken audit trail is not carried into another store.
TEST_F(StoreCopyTest, BrokenSourceIsRefused) {
  BuildOffice();
  Sql("UPDATE cases SET doc = replace(doc, '\"risk\"', '\"risk\" ') WHERE id = '" + jakarta_.id +
      "';");
  const std::string target = dir_.File("copy.db");
  auto r = CopyStore(Options(path_, target), clock_);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().reason(), "copy.source_broken");
  EXPECT_TRUE(StoreView(target).CaseIds().empty());
}

// UU 27/2022 art 35 and 39 (security of processing; docs/encryption.md):
// an encrypted office moves into a store with a key of its own. Every
// document and payload is opened with the office's key and sealed under the
// target's (same key id 1, other bytes: ids are per store), the blind
// indexes follow the target's key, the chains verify, and nothing of the
// child is in the target's file in clear. The office's key opens nothing
// there afterwards.
TEST_F(StoreCopyTest, EncryptedOfficeIsResealedUnderTheTargetsKey) {
  const auto office = Key(1, 0x11);
  const auto target_key = Key(1, 0x22);
  EncryptOffice(office);
  BuildOffice();
  ASSERT_FALSE(FileHolds(path_, kSeedNik));  // the office file is sealed already
  const std::string target = dir_.File("copy.db");
  StoreCopyOptions o = Options(path_, target);
  o.from_key = office;
  o.to_key = target_key;
  auto report = CopyStore(o, clock_);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_TRUE(report->target_key_registered);
  ASSERT_TRUE(report->target_key_id.has_value());
  EXPECT_EQ(*report->target_key_id, 1u);
  EXPECT_GT(report->resealed, CopiedRows(*report, "children"));
  EXPECT_TRUE(report->checkpoints_copied);
  ASSERT_TRUE(report->source_verify.has_value());
  EXPECT_TRUE(report->target_verify.ok);
  EXPECT_EQ(report->target_verify.events_checked, report->source_verify->events_checked);
  EXPECT_EQ(CopiedRows(*report, "crypto_keys"), 0u);  // the office's key is not carried over

  ExpectSealedJambi(target, target_key, office);
  StoreView src(path_, office);
  StoreView dst(target, target_key);
  EXPECT_EQ(*dst.GetChild(jakarta_child_.id), *src.GetChild(jakarta_child_.id));
  auto found = dst.FindChildByNik(kSeedNik);  // blind index under the target's key
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->nik, kSeedNik);
  // The office's key is not the target's key 1.
  auto with_office_key = StoreView::Open(target, office);
  ASSERT_FALSE(with_office_key.ok());
  EXPECT_EQ(with_office_key.status().reason(), "crypto.wrong_key");
}

// UU 27/2022 art 35 (security of processing): the keys are checked against
// the check values both stores keep before anything is written, and sealed
// records are never written into a store without a key. Each refusal leaves
// the target without a record.
TEST_F(StoreCopyTest, KeyProblemsAreRefusedBeforeAnythingIsWritten) {
  const auto office = Key(1, 0x11);
  const auto province = Key(7, 0x33);
  EncryptOffice(office);
  BuildOffice();
  const std::string target = dir_.File("province.db");
  MakeKeyedStore(target, province);
  const auto refused = [&](std::shared_ptr<const EncryptionKey> from,
                           std::shared_ptr<const EncryptionKey> to, const std::string& to_path) {
    StoreCopyOptions o = Options(path_, to_path);
    o.from_key = std::move(from);
    o.to_key = std::move(to);
    auto r = CopyStore(o, clock_);
    EXPECT_FALSE(r.ok());
    return r.ok() ? Status::Ok() : r.status();
  };
  Status s = refused(nullptr, province, target);
  EXPECT_EQ(s.reason(), "crypto.key_missing");
  EXPECT_EQ(s.field(), "from_key");
  s = refused(Key(1, 0x12), province, target);  // the office's id, other bytes
  EXPECT_EQ(s.code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(s.reason(), "crypto.wrong_key");
  EXPECT_EQ(s.field(), "from_key");
  s = refused(Key(2, 0x11), province, target);  // an id the office never had
  EXPECT_EQ(s.reason(), "crypto.wrong_key");
  EXPECT_EQ(s.field(), "from_key");
  s = refused(office, Key(7, 0x34), target);  // the province's id, other bytes
  EXPECT_EQ(s.reason(), "crypto.wrong_key");
  EXPECT_EQ(s.field(), "to_key");
  s = refused(office, Key(8, 0x33), target);  // a key the province store does not know
  EXPECT_EQ(s.reason(), "crypto.wrong_key");
  EXPECT_EQ(s.field(), "to_key");
  s = refused(office, nullptr, target);  // the province store is encrypted
  EXPECT_EQ(s.reason(), "crypto.key_missing");
  EXPECT_EQ(s.field(), "to_key");
  const std::string clear = dir_.File("clear.db");
  s = refused(office, nullptr, clear);  // never decrypted into a store without a key
  EXPECT_EQ(s.code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(s.reason(), "copy.target_key_missing");
  EXPECT_EQ(s.field(), "to_key");
  EXPECT_FALSE(FileHolds(clear, kSeedNik));
  EXPECT_TRUE(StoreView(clear).CaseIds().empty());
  StoreView province_view(target, province);
  EXPECT_TRUE(province_view.CaseIds().empty());
  EXPECT_EQ(province_view.Verify().events_checked, 0);
  // The office's key was never registered in the province store: it still
  // knows key 7 only.
  std::string keys;
  ASSERT_EQ(RunSqliteShell(target, "SELECT group_concat(key_id) FROM crypto_keys;", &keys), 0);
  EXPECT_EQ(keys, "7\n");

  // With the right keys the same copy goes through, sealed under key 7.
  StoreCopyOptions o = Options(path_, target);
  o.from_key = office;
  o.to_key = province;
  auto ok = CopyStore(o, clock_);
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_FALSE(ok->target_key_registered);
  EXPECT_TRUE(ok->target_verify.ok);
  EXPECT_EQ(StoreView(target, province).CaseIds().size(), 3u);
}

// An office whose own key rotation is under way (records under key 1 and
// key 2): every live key of the source is needed, and checked before
// anything is written; given both, every record ends under the target's key.
TEST_F(StoreCopyTest, SourceMidRotationNeedsEveryLiveKey) {
  const auto old_key = Key(1, 0x11);
  const auto new_key = Key(2, 0x12);
  EncryptOffice(old_key);
  BuildOffice();
  EncryptOffice(old_key);
  KeyRotationOptions pause;
  pause.batch_size = 2;
  pause.on_batch = [](std::uint64_t) { return false; };
  auto partial =
      book_->RotateKey(*new_key, Officer(kProvince, "data-1", Role::kDataOfficer), pause);
  ASSERT_TRUE(partial.ok()) << partial.status().ToString();
  ASSERT_FALSE(partial->finished);
  book_.reset();
  const auto province = Key(9, 0x99);
  const std::string target = dir_.File("province.db");
  StoreCopyOptions o = Options(path_, target);
  o.from_key = new_key;
  o.to_key = province;
  auto refused = CopyStore(o, clock_);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().reason(), "crypto.key_missing");
  EXPECT_EQ(refused.status().field(), "from_key");
  o.from_key_provider = [](std::uint32_t id) -> Result<EncryptionKey> {
    if (id != 1) return NotFound("crypto.key_missing", "key", "no such key");
    return Key(1, 0x12)->Clone();  // the wrong bytes for key 1
  };
  auto wrong = CopyStore(o, clock_);
  EXPECT_EQ(wrong.status().reason(), "crypto.wrong_key");
  EXPECT_TRUE(StoreView(target, province).CaseIds().empty());
  o.from_key_provider = [](std::uint32_t id) -> Result<EncryptionKey> {
    if (id != 1) return NotFound("crypto.key_missing", "key", "no such key");
    return Key(1, 0x11)->Clone();
  };
  auto copied = CopyStore(o, clock_);
  ASSERT_TRUE(copied.ok()) << copied.status().ToString();
  EXPECT_TRUE(copied->target_verify.ok);
  {
    auto dst = StoreView::Open(target, province);
    ASSERT_TRUE(dst.ok()) << dst.status().ToString();
    auto txn = (*dst)->BeginRead();
    auto info = (*dst)->Encryption();
    ASSERT_TRUE(info.ok()) << info.status().ToString();
    EXPECT_EQ(info->live_keys, (std::vector<std::uint32_t>{9}));
    EXPECT_EQ(info->records_pending, 0u);
  }
  EXPECT_FALSE(FileHolds(target, kSeedNik));
}

// A clear office moving into an encrypted store is sealed on the way (UU
// 27/2022 art 35: the shared store does not hold it in clear).
TEST_F(StoreCopyTest, ClearOfficeIntoAnEncryptedStoreIsSealedOnTheWay) {
  BuildOffice();
  ASSERT_TRUE(FileHolds(path_, kSeedNik));  // the office is in clear
  const auto province = Key(3, 0x44);
  const std::string target = dir_.File("province.db");
  MakeKeyedStore(target, province);
  StoreCopyOptions o = Options(path_, target);
  o.to_key = province;
  auto r = CopyStore(o, clock_);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_GT(r->resealed, 0u);
  EXPECT_TRUE(r->target_verify.ok);
  ExpectSealedJambi(target, province, nullptr);
  auto enc = [&]() -> Result<EncryptionInfo> {
    ATENSI_ASSIGN_OR_RETURN(std::unique_ptr<CaseStore> st, StoreView::Open(target, province));
    ATENSI_ASSIGN_OR_RETURN(std::unique_ptr<CaseStore::Txn> txn, st->BeginRead());
    return st->Encryption();
  }();
  ASSERT_TRUE(enc.ok()) << enc.status().ToString();
  EXPECT_TRUE(enc->encrypted);
  EXPECT_EQ(enc->records_pending, 0u);
}

TEST_F(StoreCopyTest, BadOptionsAreRefused) {
  BuildOffice();
  auto same = CopyStore(Options(path_, path_), clock_);
  EXPECT_EQ(same.status().reason(), "copy.same_store");
  StoreCopyOptions o = Options(path_, dir_.File("copy.db"));
  o.batch_rows = 0;
  EXPECT_EQ(CopyStore(o, clock_).status().reason(), "copy.batch_rows");
  auto missing = CopyStore(Options(dir_.File("absent.db"), dir_.File("copy.db")), clock_);
  EXPECT_EQ(missing.status().reason(), "store.not_found");
}

// A region subtree out (SQLite -> SQLite): only Jambi's children, their
// cases and what hangs on them; a fresh checkpoint seals them.
TEST_F(StoreCopyTest, RegionExportTakesTheSubtreeOnly) {
  BuildOffice();
  const std::string target = dir_.File("jambi.db");
  StoreCopyOptions o = Options(path_, target);
  o.region = R("15");
  auto report = CopyStore(o, clock_);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(CopiedRows(*report, "children"), 3u);
  EXPECT_EQ(CopiedRows(*report, "cases"), 2u);
  EXPECT_FALSE(report->checkpoints_copied);
  ASSERT_TRUE(report->checkpoint_sealed.has_value());
  EXPECT_EQ(*report->checkpoint_sealed, 1);
  EXPECT_EQ(report->source_checkpoint_seq, 1);
  EXPECT_EQ(report->source_checkpoint_hash.size(), 64u);
  EXPECT_TRUE(report->target_verify.ok);
  EXPECT_EQ(report->target_verify.chains_checked, 5);  // 3 children + 2 cases
  StoreView src(path_);
  StoreView dst(target);
  ExpectSameChain(src, dst, jambi_.id);
  EXPECT_EQ(dst.GetCase(jakarta_.id).status().reason(), "store.case_not_found");
  EXPECT_EQ(dst.GetChild(jakarta_child_.id).status().reason(), "store.child_not_found");
  ExpectSameReferrals(dst.Referrals(jambi_.id), src.Referrals(jambi_.id));
}

// The issue's round trip: SQLite -> PostgreSQL (shared store, which already
// holds another office's records) -> SQLite for one region; ids, events,
// hashes preserved, every store verifies.
TEST_F(StoreCopyTest, RoundTripThroughPostgres) {
  ATENSI_REQUIRE_PG();
  PgScratchSchema pg;
  ASSERT_TRUE(pg.available()) << pg.error();
  BuildOffice();

  // Up: the whole office into an empty shared store; checkpoints as they are.
  auto up = CopyStore(Options(path_, pg.uri()), clock_);
  ASSERT_TRUE(up.ok()) << up.status().ToString();
  EXPECT_TRUE(up->checkpoints_copied);
  EXPECT_TRUE(up->target_verify.ok);
  EXPECT_EQ(up->target_verify.events_checked, up->source_verify->events_checked);
  EXPECT_EQ(up->target_verify.checkpoints_checked, 1);
  EXPECT_EQ(pg.Value("SELECT count(*) FROM chains"), "7");
  EXPECT_EQ(pg.Value("SELECT count(*) FROM child_keys WHERE key LIKE 'nik:%'"), "2");
  // Partitions by province: Jakarta's case is in partition 31.
  EXPECT_EQ(pg.Value("SELECT count(*) FROM cases_p31"), "1");
  EXPECT_EQ(pg.Value("SELECT count(*) FROM cases_p15"), "2");
  {
    StoreView src(path_);
    StoreView dst(pg.uri());
    ExpectSameChain(src, dst, jambi_.id);
    ExpectSameChain(src, dst, jakarta_.id);
    EXPECT_EQ(*dst.GetCase(jambi_.id), *src.GetCase(jambi_.id));
    ExpectSameReferrals(dst.Referrals(jambi_.id), src.Referrals(jambi_.id));
  }

  // The same office again: every id is taken; nothing is written.
  auto twice = CopyStore(Options(path_, pg.uri()), clock_);
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.status().reason(), "copy.id_exists");
  EXPECT_EQ(pg.Value("SELECT count(*) FROM cases"), "3");

  // A second office joins the shared store, which has checkpoints now: its
  // chains are sealed by a new checkpoint there.
  const std::string office2 = dir_.File("office2.db");
  {
    OpenOptions oo;
    oo.path = office2;
    oo.id_seed = 99;
    auto b = Casebook::Open(oo, clock_);
    ASSERT_TRUE(b.ok()) << b.status().ToString();
    auto c = (*b)->RegisterChild(MakeChild("Anak Kedua", "15.71.02.1002"), Worker());
    ASSERT_TRUE(c.ok()) << c.status().ToString();
    ASSERT_TRUE((*b)->OpenCase(c->id, Request(), Worker()).ok());
    ASSERT_TRUE((*b)->Checkpoint().ok());
  }
  auto joined = CopyStore(Options(office2, pg.uri()), clock_);
  ASSERT_TRUE(joined.ok()) << joined.status().ToString();
  EXPECT_FALSE(joined->checkpoints_copied);
  ASSERT_TRUE(joined->checkpoint_sealed.has_value());
  EXPECT_EQ(*joined->checkpoint_sealed, 2);
  EXPECT_TRUE(joined->target_verify.ok);
  EXPECT_EQ(joined->target_verify.checkpoints_checked, 2);

  // Down: Jambi (15) back out to a new SQLite file.
  const std::string jambi = dir_.File("jambi.db");
  StoreCopyOptions down = Options(pg.uri(), jambi);
  down.region = R("15");
  auto out = CopyStore(down, clock_);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(CopiedRows(*out, "children"), 4u);  // 3 of office 1, 1 of office 2
  EXPECT_EQ(CopiedRows(*out, "cases"), 3u);
  EXPECT_TRUE(out->target_verify.ok);
  EXPECT_EQ(out->target_verify.checkpoints_checked, 1);
  StoreView src(path_);
  StoreView dst(jambi);
  ExpectSameChain(src, dst, jambi_.id);
  ExpectSameChain(src, dst, moved_.id);
  EXPECT_EQ(*dst.GetCase(moved_.id), *src.GetCase(moved_.id));
  ExpectSameTransfers(dst.Transfers(moved_.id), src.Transfers(moved_.id));
  EXPECT_EQ(dst.GetCase(jakarta_.id).status().reason(), "store.case_not_found");
  EXPECT_EQ(dst.CaseIds(R("15")).size(), 3u);
}

// The key a copy registers in a target without keys is part of the copy's
// one transaction: a refused copy leaves the target without it.
TEST_F(StoreCopyTest, RefusedCopyDoesNotRegisterTheTargetKey) {
  BuildOffice();
  const std::string target = dir_.File("copy.db");
  ASSERT_TRUE(CopyStore(Options(path_, target), clock_).ok());  // clear into clear
  StoreCopyOptions o = Options(path_, target);
  o.to_key = Key(4, 0x77);
  auto again = CopyStore(o, clock_);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status().reason(), "copy.id_exists");
  std::string keys;
  ASSERT_EQ(RunSqliteShell(target, "SELECT count(*) FROM crypto_keys;", &keys), 0);
  EXPECT_EQ(keys, "0\n");
  EXPECT_TRUE(StoreView(target).Verify().ok);
}

// The issue's round trip with encryption at rest on (UU 27/2022 art 35 and
// 39, security of processing): an encrypted office (key 1) moves up into
// the shared PostgreSQL store, which has its own key 1 (other bytes), and a
// region comes back out to a new SQLite file under a third key. Every hop
// re-seals under the receiving store's key; the previous key is not needed
// afterwards; every store verifies and holds the same records and chains.
TEST_F(StoreCopyTest, EncryptedRoundTripThroughPostgres) {
  ATENSI_REQUIRE_PG();
  PgScratchSchema pg;
  ASSERT_TRUE(pg.available()) << pg.error();
  const auto office = Key(1, 0x11);
  const auto province = Key(1, 0x55);
  const auto regional = Key(5, 0x66);
  EncryptOffice(office);
  BuildOffice();
  MakeKeyedStore(pg.uri(), province);

  StoreCopyOptions up = Options(path_, pg.uri());
  up.from_key = office;
  up.to_key = province;
  auto moved_up = CopyStore(up, clock_);
  ASSERT_TRUE(moved_up.ok()) << moved_up.status().ToString();
  EXPECT_FALSE(moved_up->target_key_registered);
  EXPECT_TRUE(moved_up->target_verify.ok);
  EXPECT_EQ(moved_up->target_verify.events_checked, moved_up->source_verify->events_checked);
  // Sealed on PostgreSQL as the store itself seals: doc '' + doc_sealed,
  // payloads in payload_sealed, blind indexes in child_keys.
  EXPECT_EQ(pg.Value("SELECT count(*) FROM children WHERE doc_sealed IS NULL OR doc <> ''"), "0");
  EXPECT_EQ(pg.Value("SELECT count(*) FROM cases WHERE doc_sealed IS NULL"), "0");
  EXPECT_EQ(pg.Value("SELECT count(*) FROM referrals WHERE doc_sealed IS NULL"), "0");
  EXPECT_EQ(pg.Value("SELECT count(*) FROM events WHERE hash_format = 2 AND payload_purged_at IS "
                     "NULL AND kind IN (1, 2) AND (payload_sealed IS NULL OR changes <> '')"),
            "0");
  EXPECT_EQ(pg.Value("SELECT count(*) FROM child_keys WHERE key LIKE 'nik:%'"), "2");
  EXPECT_EQ(
      pg.Value(std::string("SELECT count(*) FROM child_keys WHERE key = 'nik:") + kSeedNik + "'"),
      "0");
  EXPECT_EQ(pg.Value("SELECT count(*) FROM crypto_keys"), "1");
  {
    StoreView src(path_, office);
    StoreView dst(pg.uri(), province);
    ExpectSameChain(src, dst, jambi_.id);
    ExpectSameChain(src, dst, jakarta_.id);
    EXPECT_EQ(*dst.GetCase(jambi_.id), *src.GetCase(jambi_.id));
    EXPECT_EQ(*dst.GetChild(jakarta_child_.id), *src.GetChild(jakarta_child_.id));
    auto found = dst.FindChildByNik(kSeedNik);
    ASSERT_TRUE(found.ok()) << found.status().ToString();
    EXPECT_TRUE(found->has_value());
    EXPECT_EQ(StoreView::Open(pg.uri(), office).status().reason(), "crypto.wrong_key");
  }

  // Down: Jambi (15) out to a new file under the regional office's key;
  // the shared store's key is the only one the copy reads with.
  const std::string jambi = dir_.File("jambi.db");
  StoreCopyOptions down = Options(pg.uri(), jambi);
  down.region = R("15");
  down.from_key = province;
  down.to_key = regional;
  auto out = CopyStore(down, clock_);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_TRUE(out->target_key_registered);
  EXPECT_EQ(CopiedRows(*out, "cases"), 2u);
  EXPECT_TRUE(out->target_verify.ok);
  ExpectSealedJambi(jambi, regional, office);
  EXPECT_EQ(StoreView(jambi, regional).GetCase(jakarta_.id).status().reason(),
            "store.case_not_found");
}

// The commands (issue #10): `atensi init URI` prints the URI with its
// password masked; `migrate` and `export-region` copy, print what they
// copied and the verification, and exit 0.
TEST_F(StoreCopyTest, CliMigrateAndExportRegion) {
  ATENSI_REQUIRE_PG();
  const std::string cli = ATENSI_BINARY_DIR "/atensi";
  if (!std::filesystem::exists(cli)) GTEST_SKIP() << "the atensi CLI is not built";
  PgScratchSchema pg;
  ASSERT_TRUE(pg.available()) << pg.error();
  BuildOffice();
  auto run = [&](const std::string& args, std::string* out) {
    return RunShell(cli + " " + args, out);
  };
  // libpq ignores a password the server does not ask for (trust auth).
  std::string uri = pg.uri();
  const std::string with_password = "postgresql://atensi:s3cret@" + uri.substr(uri.find('@') + 1);
  std::string out;
  ASSERT_EQ(run("init '" + with_password + "'", &out), 0) << out;
  EXPECT_EQ(out.find("s3cret"), std::string::npos) << out;
  EXPECT_NE(out.find("atensi:***@"), std::string::npos) << out;

  out.clear();
  ASSERT_EQ(run("migrate --from '" + path_ + "' --to '" + with_password + "'", &out), 0) << out;
  EXPECT_EQ(out.find("s3cret"), std::string::npos) << out;
  EXPECT_NE(out.find("cases: 3 rows"), std::string::npos) << out;
  EXPECT_NE(out.find("target verify: ok"), std::string::npos) << out;

  out.clear();
  const std::string jambi = dir_.File("jambi-cli.db");
  ASSERT_EQ(run("export-region --json --from '" + uri + "' --region 15 --to '" + jambi + "'", &out),
            0)
      << out;
  auto j = nlohmann::json::parse(out, nullptr, false);
  ASSERT_TRUE(j.is_object()) << out;
  EXPECT_EQ(j["tables"]["cases"], 2);
  EXPECT_EQ(j["verify"]["ok"], true);
  EXPECT_EQ(j["checkpoint_sealed"], 1);
  // export-region writes a new file only.
  out.clear();
  EXPECT_EQ(run("export-region --from '" + uri + "' --region 15 --to '" + jambi + "'", &out), 1)
      << out;
  EXPECT_NE(out.find("copy.target_exists"), std::string::npos) << out;
}

// The commands with encryption at rest (UU 27/2022 art 35: keys never on
// the command line): the office's key from ATENSI_KEY_FILE as for every
// command, the target's from --to-key-file.
TEST_F(StoreCopyTest, CliMigratesAnEncryptedOffice) {
  const std::string cli = ATENSI_BINARY_DIR "/atensi";
  if (!std::filesystem::exists(cli)) GTEST_SKIP() << "the atensi CLI is not built";
  EncryptOffice(Key(1, 0x11));
  BuildOffice();
  const std::string office_key = dir_.File("office.key");
  const std::string province_key = dir_.File("province.key");
  std::ofstream(office_key) << std::string(64, '1') << "\n";
  std::ofstream(province_key) << std::string(64, 'a') << "\n";
  const std::string target = dir_.File("province.db");
  const std::string env = "ATENSI_KEY_FILE='" + office_key + "' ";
  std::string out;
  EXPECT_NE(RunShell(env + cli + " migrate --from '" + path_ + "' --to '" + target + "'", &out), 0);
  EXPECT_NE(out.find("copy.target_key_missing"), std::string::npos) << out;
  out.clear();
  ASSERT_EQ(RunShell(env + cli + " migrate --from '" + path_ + "' --to '" + target +
                         "' --to-key-file '" + province_key + "' --to-key-id 7",
                     &out),
            0)
      << out;
  EXPECT_NE(out.find("cases: 3 rows"), std::string::npos) << out;
  EXPECT_NE(out.find("sealed under the target's key id 7 (registered in the target)"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("target verify: ok"), std::string::npos) << out;
  EXPECT_EQ(out.find(std::string(64, 'a')), std::string::npos);
  EXPECT_FALSE(FileHolds(target, kSeedNik));
  // The target opens with its own key only.
  std::array<std::uint8_t, 32> bytes{};
  bytes.fill(0xaa);
  auto key = EncryptionKey::FromBytes(7, bytes);
  ASSERT_TRUE(key.ok());
  StoreView dst(target, std::make_shared<const EncryptionKey>(std::move(key).value()));
  EXPECT_EQ(dst.CaseIds().size(), 3u);
  EXPECT_TRUE(dst.Verify().ok);
}

}  // namespace
}  // namespace atensi::testing
