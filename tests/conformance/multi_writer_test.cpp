// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Many writers on one PostgreSQL store (issue #10, "Many writers"): several
// PROCESSES (fork; each opens its own Casebook and connection), each acting
// as a different office, work the shared store at once. No lost update
// (peers.md §4 item 1: optimistic versions, never last-write-wins), conflicts
// reported with their reason, every audit chain verifies, the event count is
// exactly what the processes say they committed; and independent cases do
// not serialise on each other (a deterministic lock check, not a timing
// ratio). Skipped without ATENSI_TEST_PG_URI.

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <map>
#include <string>
#include <vector>

#include "atensi/store/case_store.h"
#include "office_fixture.h"

namespace atensi::testing {
namespace {

constexpr int kOffices = 4;
constexpr int kStepsPerOffice = 6;
constexpr std::array<const char*, kOffices> kDomiciles = {"15.71.01.1001", "15.71.01.1002",
                                                          "15.71.02.1002", "15.01.01.1004"};

// What a child process reports through its pipe: committed events, whether
// it won the shared write, and the reason of its refusal.
struct OfficeResult {
  int committed = 0;
  int won = 0;
  std::string refusal;
};

std::string Encode(const OfficeResult& r) {
  return std::to_string(r.committed) + " " + std::to_string(r.won) + " " +
         (r.refusal.empty() ? "-" : r.refusal) + "\n";
}

OfficeResult Decode(const std::string& s) {
  OfficeResult r;
  std::size_t a = s.find(' ');
  std::size_t b = s.find(' ', a + 1);
  if (a == std::string::npos || b == std::string::npos) {
    r.committed = -1;
    return r;
  }
  r.committed = std::stoi(s.substr(0, a));
  r.won = std::stoi(s.substr(a + 1, b - a - 1));
  r.refusal = s.substr(b + 1);
  while (!r.refusal.empty() && r.refusal.back() == '\n') r.refusal.pop_back();
  if (r.refusal == "-") r.refusal.clear();
  return r;
}

// Runs `body` in a child process; returns its pid and the read end of its
// result pipe. The child never returns (it _exits: no destructor may touch
// the parent's connections it inherited).
template <typename F>
std::pair<pid_t, int> Spawn(F body) {
  int fds[2];
  if (::pipe(fds) != 0) return {-1, -1};
  pid_t pid = ::fork();
  if (pid == 0) {
    ::close(fds[0]);
    const std::string out = Encode(body());
    ssize_t n = ::write(fds[1], out.data(), out.size());
    ::_exit(n == static_cast<ssize_t>(out.size()) ? 0 : 1);
  }
  ::close(fds[1]);
  return {pid, fds[0]};
}

OfficeResult Collect(std::pair<pid_t, int> child) {
  std::string s;
  std::array<char, 256> buf{};
  ssize_t n = 0;
  while ((n = ::read(child.second, buf.data(), buf.size())) > 0) {
    s.append(buf.data(), static_cast<std::size_t>(n));
  }
  ::close(child.second);
  int status = 0;
  ::waitpid(child.first, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return OfficeResult{-1, 0, "crashed"};
  return Decode(s);
}

class MultiWriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ATENSI_REQUIRE_PG();
    pg_ = std::make_unique<PgScratchSchema>();
    ASSERT_TRUE(pg_->available()) << pg_->error();
  }

  std::unique_ptr<Casebook> OpenBook(std::uint64_t seed, int lock_timeout_ms = 5000) {
    OpenOptions o;
    o.path = pg_->uri();
    o.id_seed = seed;
    o.busy_timeout_ms = lock_timeout_ms;
    auto b = Casebook::Open(o, clock_);
    EXPECT_TRUE(b.ok()) << b.status().ToString();
    return b.ok() ? std::move(b).value() : nullptr;
  }

  std::int64_t EventCount() { return std::stoll(pg_->Value("SELECT count(*) FROM events")); }

  VerifyReport VerifyAll() {
    PgStoreOptions o;
    o.uri = pg_->uri();
    auto s = OpenPgCaseStore(o);
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    if (!s.ok()) return VerifyReport{false, 0, 0, 0, std::nullopt};
    auto txn = (*s)->BeginRead();
    auto v = (*s)->Verify();
    EXPECT_TRUE(v.ok()) << v.status().ToString();
    return v.ok() ? *v : VerifyReport{false, 0, 0, 0, std::nullopt};
  }

  static std::string Office(int i) { return "office-" + std::to_string(i + 1); }

  ManualClock clock_{StartTime()};
  std::unique_ptr<PgScratchSchema> pg_;
};

// Four offices, four processes: each works its own case (transitions), then
// proposes a transfer of it to the next office; all four write the same
// shared case from the same version at once. Exactly one shared write wins;
// the three others are Conflicts naming why; nothing is lost or merged.
TEST_F(MultiWriterTest, OfficesInParallelNoLostUpdateChainsVerifyCountsAddUp) {
  std::vector<Case> own;
  Case shared;
  {
    auto book = OpenBook(1);
    ASSERT_NE(book, nullptr);
    for (int i = 0; i < kOffices; ++i) {
      auto child = book->RegisterChild(
          MakeChild("Anak " + std::to_string(i), kDomiciles[static_cast<std::size_t>(i)]),
          Officer(Office(i)));
      ASSERT_TRUE(child.ok()) << child.status().ToString();
      OpenCaseRequest r = Request();
      r.lead_agency_id = Office(i);
      auto c = book->OpenCase(child->id, r, Officer(Office(i)));
      ASSERT_TRUE(c.ok()) << c.status().ToString();
      own.push_back(*c);
    }
    auto child = book->RegisterChild(MakeChild("Anak Bersama", "15.71.01.1001"), Worker());
    ASSERT_TRUE(child.ok());
    auto c = book->OpenCase(child->id, Request(), Worker());
    ASSERT_TRUE(c.ok()) << c.status().ToString();
    shared = *c;
  }
  const std::int64_t before = EventCount();

  // A start barrier: every office is connected before any writes.
  int go[2];
  ASSERT_EQ(::pipe(go), 0);
  std::vector<std::pair<pid_t, int>> children;
  for (int i = 0; i < kOffices; ++i) {
    children.push_back(Spawn([&, i]() -> OfficeResult {
      ::close(go[1]);
      OfficeResult r;
      auto book = OpenBook(100 + static_cast<std::uint64_t>(i));
      if (book == nullptr) return OfficeResult{-1, 0, "open"};
      char byte = 0;
      if (::read(go[0], &byte, 1) != 1) return OfficeResult{-1, 0, "barrier"};
      // The shared case, from the version everyone read: one wins.
      auto mine =
          book->Act(shared.id, shared.version, cmd::RecordContact{"kontak " + std::to_string(i)},
                    Worker("worker-" + std::to_string(i)));
      if (mine.ok()) {
        r.won = 1;
        ++r.committed;
      } else {
        r.refusal =
            std::string(StatusCodeName(mine.status().code())) + ":" + mine.status().reason();
      }
      // The office's own case: independent of the others.
      Case c = own[static_cast<std::size_t>(i)];
      for (int s = 0; s < kStepsPerOffice; ++s) {
        auto next = book->Act(c.id, c.version, cmd::RecordContact{"langkah"}, Officer(Office(i)));
        if (!next.ok()) return OfficeResult{-1, 0, next.status().reason()};
        c = *next;
        ++r.committed;
      }
      // A transfer to the next office (its event goes on the case's chain).
      auto t = book->ProposeTransfer(c.id, Office((i + 1) % kOffices), "pindah domisili",
                                     Officer(Office(i)), std::nullopt);
      if (!t.ok()) return OfficeResult{-1, 0, t.status().reason()};
      ++r.committed;
      return r;
    }));
  }
  ::close(go[0]);
  for (int i = 0; i < kOffices; ++i) ASSERT_EQ(::write(go[1], "g", 1), 1);
  ::close(go[1]);

  int won = 0;
  int committed = 0;
  for (auto& child : children) {
    OfficeResult r = Collect(child);
    ASSERT_GE(r.committed, 0) << r.refusal;
    committed += r.committed;
    won += r.won;
    if (r.won == 0) {
      // A stale write is refused, never merged: the lifecycle's version check
      // (the winner had committed before this process read the case), the
      // store's, or PostgreSQL's own serialization check (both in flight).
      EXPECT_TRUE(r.refusal == "conflict:lifecycle.version_conflict" ||
                  r.refusal == "conflict:store.version_conflict" ||
                  r.refusal == "conflict:pg.serialization_failure")
          << r.refusal;
    }
  }
  EXPECT_EQ(won, 1);
  EXPECT_EQ(committed, kOffices * (kStepsPerOffice + 1) + 1);
  EXPECT_EQ(EventCount(), before + committed);
  EXPECT_EQ(pg_->Value("SELECT version FROM cases WHERE id = '" + shared.id + "'"), "2");
  EXPECT_EQ(pg_->Value("SELECT count(*) FROM transfers"), std::to_string(kOffices));
  const VerifyReport v = VerifyAll();
  EXPECT_TRUE(v.ok) << (v.first_broken ? v.first_broken->reason : std::string());
  EXPECT_EQ(v.events_checked, EventCount());
}

// Referrals between offices, across processes: the province routes four
// cases (with consent to referral sharing, so the referrals are sent, not
// drafts); then, for every receiving office, TWO processes of that office
// answer its whole inbox at once. Every referral is accepted exactly once;
// the other process's answer to it is a Conflict (never a second accept,
// never a merge); the events of all processes add up and every chain
// verifies.
TEST_F(MultiWriterTest, ReferralsBetweenOfficesAreAnsweredOnceAcrossProcesses) {
  constexpr const char* kProvinceOffice = "dinsos.15";
  constexpr int kCases = 4;
  std::map<std::string, std::vector<Referral>> inbox;
  {
    auto book = OpenBook(1);
    ASSERT_NE(book, nullptr);
    const Actor screener = Officer(kProvinceOffice, "screener-1", Role::kCoordinator);
    for (int i = 0; i < kCases; ++i) {
      const std::string n = std::to_string(i + 1);
      Child c = MakeChild("Anak " + n, "15.03.01.2001", "150301450917000" + n);
      c.birth_date = Date(2017, 9, 5);
      c.has_birth_certificate = false;
      FamilyLink link;
      link.kk_number = "150301010117000" + n;
      link.valid_from = Date(2017, 9, 10);
      link.pkh_participant_id = "PKH-000" + n;
      link.dtsen = DtsenRecord{"DTSEN-000" + n, 2, Date(2026, 7, 1)};
      c.family_links.push_back(link);
      auto child = book->RegisterChild(c, screener);
      ASSERT_TRUE(child.ok()) << child.status().ToString();
      OpenCaseRequest r;
      r.source = CaseSource::kPkhScreening;
      r.risk = RiskLevel::kHigh;
      r.categories = AmpkSet{AmpkCategory::kDisabilitas};
      r.lead_agency_id = kProvinceOffice;
      auto opened = book->OpenCase(child->id, r, screener);
      ASSERT_TRUE(opened.ok()) << opened.status().ToString();
      cmd::RecordConsent consent = Consent(*child);
      consent.purposes.push_back(ConsentPurpose::kReferralSharing);
      auto consented = book->Act(opened->id, opened->version, consent, screener);
      ASSERT_TRUE(consented.ok()) << consented.status().ToString();
      auto routed = book->RouteCase(opened->id, screener);
      ASSERT_TRUE(routed.ok()) << routed.status().ToString();
      for (const Referral& ref : routed->created) {
        if (ref.status == ReferralStatus::kRequested) inbox[ref.to_agency].push_back(ref);
      }
    }
  }
  ASSERT_GE(inbox.size(), 2U) << "routing must reach at least two offices";
  std::size_t total = 0;
  for (const auto& [agency, refs] : inbox) total += refs.size();
  const std::int64_t before = EventCount();

  int go[2];
  ASSERT_EQ(::pipe(go), 0);
  std::vector<std::pair<pid_t, int>> children;
  std::uint64_t seed = 200;
  for (const auto& [agency, refs] : inbox) {
    for (int twin = 0; twin < 2; ++twin) {
      const std::string office = agency;
      const std::vector<Referral> mine = refs;
      const std::uint64_t my_seed = seed++;
      children.push_back(Spawn([&, office, mine, my_seed, twin]() -> OfficeResult {
        ::close(go[1]);
        OfficeResult r;
        auto book = OpenBook(my_seed);
        if (book == nullptr) return OfficeResult{-1, 0, "open"};
        char byte = 0;
        if (::read(go[0], &byte, 1) != 1) return OfficeResult{-1, 0, "barrier"};
        const Actor answerer = Officer(office, "officer-" + std::to_string(twin + 1));
        for (const Referral& ref : mine) {
          // Answers to other referrals of the same case append to the same
          // case chain: PostgreSQL refuses one of two such transactions as a
          // serialization failure, which the caller retries; a stale version
          // (the twin answered first) is final.
          for (int attempt = 0; attempt < 50; ++attempt) {
            auto answered =
                book->ActOnReferral(ref.id, ReferralVersion(ref),
                                    ReferralEvent{ReferralEventKind::kAccept, {}, {}}, answerer);
            if (answered.ok()) {
              ++r.won;
              ++r.committed;
              break;
            }
            if (answered.status().code() != StatusCode::kConflict) {
              return OfficeResult{-1, 0, answered.status().reason()};
            }
            if (answered.status().reason() != "pg.serialization_failure") break;
          }
        }
        return r;
      }));
    }
  }
  ::close(go[0]);
  for (std::size_t i = 0; i < children.size(); ++i) ASSERT_EQ(::write(go[1], "g", 1), 1);
  ::close(go[1]);

  int accepted = 0;
  int committed = 0;
  for (auto& child : children) {
    OfficeResult r = Collect(child);
    ASSERT_GE(r.committed, 0) << r.refusal;
    accepted += r.won;
    committed += r.committed;
  }
  EXPECT_EQ(accepted, static_cast<int>(total));
  EXPECT_EQ(EventCount(), before + committed);
  EXPECT_EQ(pg_->Value("SELECT count(*) FROM referrals WHERE status = " +
                       std::to_string(static_cast<int>(ReferralStatus::kAccepted))),
            std::to_string(total));
  const VerifyReport v = VerifyAll();
  EXPECT_TRUE(v.ok) << (v.first_broken ? v.first_broken->reason : std::string());
  EXPECT_EQ(v.events_checked, EventCount());
}

// Independent cases must not serialise on each other: while one office's
// transaction holds case A's chain (the row lock every append to A takes),
// another process commits on case B at once, and a writer of case A waits
// and gives up with Busy "pg.lock_timeout" (so the lock is real).
TEST_F(MultiWriterTest, IndependentCasesDoNotWaitForEachOther) {
  Case a;
  Case b;
  {
    auto book = OpenBook(1);
    ASSERT_NE(book, nullptr);
    auto ca = book->RegisterChild(MakeChild("A", "15.71.01.1001"), Worker());
    auto cb = book->RegisterChild(MakeChild("B", "15.01.01.1004"), Worker());
    ASSERT_TRUE(ca.ok() && cb.ok());
    a = *book->OpenCase(ca->id, Request(), Worker());
    b = *book->OpenCase(cb->id, Request(), Worker());
  }
  // The holder: a raw connection in an open transaction on A's chain.
  auto holder = store::pg::Conn::Connect(pg_->uri());
  ASSERT_TRUE(holder.ok()) << holder.status().ToString();
  ASSERT_TRUE((*holder)->Exec("BEGIN").ok());
  ASSERT_TRUE(
      (*holder)->Exec("SELECT 1 FROM chains WHERE chain_id = '" + a.id + "' FOR UPDATE").ok());

  auto on_b = Spawn([&]() -> OfficeResult {
    auto book = OpenBook(200, /*lock_timeout_ms=*/2000);
    if (book == nullptr) return OfficeResult{-1, 0, "open"};
    auto r = book->Act(b.id, b.version, cmd::RecordContact{"b"}, Worker());
    return r.ok() ? OfficeResult{1, 1, ""} : OfficeResult{0, 0, r.status().reason()};
  });
  OfficeResult rb = Collect(on_b);
  EXPECT_EQ(rb.won, 1) << "case B waited on case A: " << rb.refusal;

  auto on_a = Spawn([&]() -> OfficeResult {
    auto book = OpenBook(300, /*lock_timeout_ms=*/500);
    if (book == nullptr) return OfficeResult{-1, 0, "open"};
    auto r = book->Act(a.id, a.version, cmd::RecordContact{"a"}, Worker());
    return r.ok() ? OfficeResult{1, 1, ""} : OfficeResult{0, 0, r.status().reason()};
  });
  OfficeResult ra = Collect(on_a);
  EXPECT_EQ(ra.won, 0);
  EXPECT_EQ(ra.refusal, "pg.lock_timeout");

  ASSERT_TRUE((*holder)->Exec("ROLLBACK").ok());
  const VerifyReport v = VerifyAll();
  EXPECT_TRUE(v.ok);
}

}  // namespace
}  // namespace atensi::testing
