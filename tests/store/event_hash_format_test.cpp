// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Event hash format 2 (schema 6): the hash commits to a digest of the
// personal payload instead of the payload text, so a payload destroyed when
// its retention period ends (UU 27/2022 art 44) leaves a tombstone that still
// verifies. Format-1 rows (files written before schema 6) verify unchanged.

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "store/event_log.h"
#include "store/migrations.h"
#include "store/sqlite_db.h"
#include "store_test_util.h"

namespace atensi::store {
namespace {

using ::atensi::testing::RunSqliteShell;
using ::atensi::testing::TempDir;

std::string Hex(const Sha256Digest& d) {
  std::string out;
  char buf[3];
  for (std::uint8_t b : d) {
    std::snprintf(buf, sizeof buf, "%02x", b);
    out += buf;
  }
  return out;
}

Actor Worker() {
  Actor a;
  a.person_id = "person-1";
  a.agency_id = "agency-1";
  a.role = Role::kCaseWorker;
  return a;
}

std::unique_ptr<Db> OpenMigrated(const std::string& path) {
  auto db = Db::Open(path, DbOptions{});
  EXPECT_TRUE(db.ok()) << db.status().ToString();
  EXPECT_TRUE(Migrate(**db).ok());
  return std::move(db).value();
}

EventInput Input(const std::string& chain, int i) {
  EventInput in;
  in.chain_id = chain;
  in.kind = ChainKind::kChild;
  in.at = Instant{1000 + i};
  in.actor = Worker();
  in.action = "update_child";
  in.reason = "koreksi nama " + std::to_string(i);
  in.changes = {{"name", {{"before", "Siti"}, {"after", "Siti Aminah"}}}};
  in.state_hash = Sha256("state" + std::to_string(i));
  return in;
}

void AppendN(Db& db, const std::string& chain, int n) {
  auto txn = Transaction::Begin(db, Transaction::Mode::kWrite);
  ASSERT_TRUE(txn.ok());
  EventLog log(db);
  for (int i = 0; i < n; ++i) ASSERT_TRUE(log.Append(Input(chain, i)).ok());
  ASSERT_TRUE(txn->Commit().ok());
}

VerifyReport VerifyNow(Db& db) {
  auto txn = Transaction::Begin(db, Transaction::Mode::kRead);
  EXPECT_TRUE(txn.ok());
  auto r = EventLog(db).Verify();
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? *r : VerifyReport{};
}

VerifyReport VerifyFile(const std::string& path) { return VerifyNow(*OpenMigrated(path)); }

Event Fixed() {
  Event e;
  e.chain_id = "c";
  e.kind = ChainKind::kCase;
  e.seq = 1;
  e.at = Instant{1};
  e.actor = Worker();
  e.action = "a";
  e.reason = "r";
  return e;
}

// Golden vectors computed independently (Python hashlib over the documented
// encoding, include/atensi/store/event.h): format 1 must stay byte-for-byte
// what schema 1-5 files were written with, or old files stop verifying.
TEST(EventHashFormatTest, Format1EncodingIsUnchanged) {
  Event e = Fixed();
  e.hash_format = 1;
  EXPECT_EQ(Hex(EventHash(e, "{}")),
            "ee2cbd5e2bd5dd485431df77b0da4b735d0c6c60dafa3c5aa0a04cc75780bc89");
}

TEST(EventHashFormatTest, Format2CommitsToThePayloadDigest) {
  Event e = Fixed();
  e.hash_format = 2;
  e.payload_digest = PayloadDigest("r", "{}");
  EXPECT_EQ(Hex(e.payload_digest),
            "7b4ebd1fd45479d96430225968993bbe2e307264ef7e3df3d2d3e0ac41726939");
  const Sha256Digest h = EventHash(e, "{}");
  EXPECT_EQ(Hex(h), "7134e5b578056b4126b0041ad79c73d1783d705e1b5ee18c67b4c395e8f736b5");
  // The payload text itself is not hashed: purging it leaves the hash.
  Event purged = e;
  purged.reason.clear();
  EXPECT_EQ(EventHash(purged, ""), h);
  // The digest, and the format, are.
  Event f = e;
  f.payload_digest[0] ^= 1;
  EXPECT_NE(EventHash(f, "{}"), h);
  f = e;
  f.hash_format = 1;
  EXPECT_NE(EventHash(f, "{}"), h);
  // Length prefixes in the digest: moving a byte between reason and changes.
  EXPECT_NE(PayloadDigest("r{", "}"), PayloadDigest("r", "{}"));
}

TEST(EventHashFormatTest, NewEventsAreFormat2AndVerify) {
  auto db = OpenMigrated(":memory:");
  AppendN(*db, "child-1", 3);
  auto txn = Transaction::Begin(*db, Transaction::Mode::kRead);
  auto chain = EventLog(*db).ReadChain("child-1");
  ASSERT_TRUE(chain.ok());
  ASSERT_EQ(chain->size(), 3u);
  for (const Event& e : *chain) {
    EXPECT_EQ(e.hash_format, kEventHashFormat);
    EXPECT_EQ(e.payload_digest, PayloadDigest(e.reason, e.changes.dump()));
    EXPECT_FALSE(e.payload_purged_at.has_value());
    EXPECT_EQ(e.hash, EventHash(e, e.changes.dump()));
  }
  ASSERT_TRUE(txn->Commit().ok());
  VerifyReport r = VerifyNow(*db);
  EXPECT_TRUE(r.ok);
  EXPECT_EQ(r.events_checked, 3);
}

// A file written before schema 6: its rows carry hash_format 1 (the column
// default the migration gives them) and no payload digest. They verify as
// before, a format-1 payload edit is still caught, and the chain continues
// in format 2.
TEST(EventHashFormatTest, Format1RowsStillVerifyAndChainContinuesInFormat2) {
  TempDir dir;
  const std::string path = dir.File("old.db");
  {
    auto db = OpenMigrated(path);
    auto txn = Transaction::Begin(*db, Transaction::Mode::kWrite);
    Sha256Digest prev{};
    for (int seq = 1; seq <= 2; ++seq) {
      Event e = Fixed();
      e.chain_id = "case-old";
      e.seq = seq;
      e.hash_format = 1;
      e.prev_hash = prev;
      e.hash = EventHash(e, "{}");
      prev = e.hash;
      auto ins = db->Prepare(
          "INSERT INTO events (chain_id, seq, kind, at, actor_person, actor_agency, actor_role, "
          "actor_rights, action, reason, changes, state_hash, prev_hash, hash) VALUES "
          "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, '{}', ?11, ?12, ?13)");
      ASSERT_TRUE(ins.ok());
      ins->Bind(1, std::string_view(e.chain_id))
          .Bind(2, e.seq)
          .Bind(3, static_cast<std::int64_t>(e.kind))
          .Bind(4, e.at.ms)
          .Bind(5, std::string_view(e.actor.person_id))
          .Bind(6, std::string_view(e.actor.agency_id))
          .Bind(7, static_cast<std::int64_t>(e.actor.role))
          .Bind(8, std::int64_t{0})
          .Bind(9, std::string_view(e.action))
          .Bind(10, std::string_view(e.reason))
          .BindBlob(11, std::span<const std::uint8_t>(e.state_hash))
          .BindBlob(12, std::span<const std::uint8_t>(e.prev_hash))
          .BindBlob(13, std::span<const std::uint8_t>(e.hash));
      ASSERT_TRUE(ins->Run().ok());
    }
    ASSERT_TRUE(txn->Commit().ok());
    AppendN(*db, "case-old", 1);  // seq 3, format 2, links to the format-1 tail
    EXPECT_EQ(*db->QueryInt("SELECT hash_format FROM events WHERE seq = 1"), 1);
    EXPECT_EQ(*db->QueryInt("SELECT hash_format FROM events WHERE seq = 3"), 2);
    VerifyReport r = VerifyNow(*db);
    EXPECT_TRUE(r.ok);
    EXPECT_EQ(r.events_checked, 3);
    // A format-1 payload cannot be tombstoned: its hash covers the text.
    auto w = Transaction::Begin(*db, Transaction::Mode::kWrite);
    EXPECT_EQ(EventLog(*db).PurgePayload("case-old", 1, Instant{5}).status().reason(),
              "store.event_format_1");
  }
  std::string out;
  ASSERT_EQ(RunSqliteShell(path,
                           "DROP TRIGGER events_no_update;\n"
                           "UPDATE events SET reason = 'x' WHERE seq = 2;",
                           &out),
            0)
      << out;
  VerifyReport r = VerifyFile(path);
  ASSERT_TRUE(r.first_broken.has_value());
  EXPECT_EQ(r.first_broken->seq, 2);
  EXPECT_EQ(r.first_broken->reason, "event.hash_mismatch");
}

class TamperTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = dir_.File("t.db");
    auto db = OpenMigrated(path_);
    AppendN(*db, "child-a", 3);
  }
  // Runs `sql` with the update trigger dropped and returns the first break.
  BrokenLink Attack(const std::string& sql) {
    std::string out;
    EXPECT_EQ(RunSqliteShell(path_, "DROP TRIGGER events_no_update;\n" + sql, &out), 0) << out;
    VerifyReport r = VerifyFile(path_);
    EXPECT_FALSE(r.ok);
    return r.first_broken.value_or(BrokenLink{});
  }
  TempDir dir_;
  std::string path_;
};

TEST_F(TamperTest, EditedPayloadIsCaught) {
  BrokenLink b =
      Attack("UPDATE events SET changes = '{\"name\":{\"after\":\"X\"}}' WHERE seq = 2;");
  EXPECT_EQ(b.chain_id, "child-a");
  EXPECT_EQ(b.seq, 2);
  EXPECT_EQ(b.reason, "event.payload_mismatch");
}

TEST_F(TamperTest, EditedReasonIsCaught) {
  EXPECT_EQ(Attack("UPDATE events SET reason = 'x' WHERE seq = 1;").reason,
            "event.payload_mismatch");
}

TEST_F(TamperTest, DigestRecomputedForAForgedPayloadBreaksTheHash) {
  // The attacker rewrites the payload and makes the digest agree with it;
  // the event hash committed to the original digest.
  const Sha256Digest forged = PayloadDigest("x", "{}");
  BrokenLink b = Attack("UPDATE events SET reason = 'x', changes = '{}', payload_digest = X'" +
                        Hex(forged) + "' WHERE seq = 2;");
  EXPECT_EQ(b.seq, 2);
  EXPECT_EQ(b.reason, "event.hash_mismatch");
}

TEST_F(TamperTest, DowngradedFormatIsCaught) {
  BrokenLink b = Attack("UPDATE events SET hash_format = 1 WHERE seq = 3;");
  EXPECT_EQ(b.seq, 3);
  EXPECT_EQ(b.reason, "event.hash_mismatch");
}

TEST_F(TamperTest, UnknownFormatIsUndecodable) {
  EXPECT_EQ(Attack("UPDATE events SET hash_format = 7 WHERE seq = 1;").reason, "event.undecodable");
}

TEST_F(TamperTest, TruncatedDigestIsUndecodable) {
  EXPECT_EQ(Attack("UPDATE events SET payload_digest = X'00' WHERE seq = 1;").reason,
            "event.undecodable");
}

TEST_F(TamperTest, PayloadForgedBackIntoATombstoneIsCaught) {
  {
    auto db = OpenMigrated(path_);
    auto txn = Transaction::Begin(*db, Transaction::Mode::kWrite);
    ASSERT_TRUE(EventLog(*db).PurgePayload("child-a", 2, Instant{9}).ok());
    ASSERT_TRUE(txn->Commit().ok());
  }
  BrokenLink b =
      Attack("UPDATE events SET payload_purged_at = NULL, changes = '{\"name\":1}' WHERE seq = 2;");
  EXPECT_EQ(b.seq, 2);
  EXPECT_EQ(b.reason, "event.payload_mismatch");
}

TEST_F(TamperTest, TombstoneThatStillHoldsDataIsCaught) {
  // Marked purged, payload kept: the destruction did not happen.
  BrokenLink b = Attack("UPDATE events SET payload_purged_at = 5 WHERE seq = 3;");
  EXPECT_EQ(b.seq, 3);
  EXPECT_EQ(b.reason, "event.payload_mismatch");
}

// UU 27/2022 art 44: the payload is destroyed at the end of retention; the
// chain and the checkpoint that sealed it still verify.
TEST(EventHashFormatTest, PurgedPayloadVerifiesByItsDigest) {
  auto db = OpenMigrated(":memory:");
  AppendN(*db, "child-a", 3);
  {
    auto txn = Transaction::Begin(*db, Transaction::Mode::kWrite);
    ASSERT_TRUE(EventLog(*db).Checkpoint(Instant{2000}).ok());
    ASSERT_TRUE(txn->Commit().ok());
  }
  Sha256Digest digest{};
  {
    auto txn = Transaction::Begin(*db, Transaction::Mode::kWrite);
    EventLog log(*db);
    digest = (*log.ReadChain("child-a"))[1].payload_digest;
    auto purged = log.PurgePayload("child-a", 2, Instant{3000});
    ASSERT_TRUE(purged.ok()) << purged.status().ToString();
    EXPECT_TRUE(*purged);
    auto again = log.PurgePayload("child-a", 2, Instant{3001});
    ASSERT_TRUE(again.ok());
    EXPECT_FALSE(*again);  // already a tombstone
    EXPECT_EQ(log.PurgePayload("child-a", 9, Instant{3001}).status().code(), StatusCode::kNotFound);
    ASSERT_TRUE(txn->Commit().ok());
  }
  auto txn = Transaction::Begin(*db, Transaction::Mode::kRead);
  auto chain = EventLog(*db).ReadChain("child-a");
  ASSERT_TRUE(chain.ok());
  const Event& t = (*chain)[1];
  EXPECT_EQ(t.reason, "");
  EXPECT_EQ(t.changes, nlohmann::json::object());
  ASSERT_TRUE(t.payload_purged_at.has_value());
  EXPECT_EQ(t.payload_purged_at->ms, 3000);
  EXPECT_EQ(t.payload_digest, digest);
  EXPECT_EQ((*chain)[0].reason, "koreksi nama 0");  // neighbours untouched
  ASSERT_TRUE(txn->Commit().ok());
  VerifyReport r = VerifyNow(*db);
  EXPECT_TRUE(r.ok);
  EXPECT_EQ(r.events_checked, 3);
  EXPECT_EQ(r.checkpoints_checked, 1);
}

// The update trigger lets exactly one change through: tombstoning a format-2
// payload. Anything else stays append-only, even from plain SQL.
TEST(EventHashFormatTest, TriggerAllowsOnlyTombstoning) {
  auto db = OpenMigrated(":memory:");
  AppendN(*db, "child-a", 2);
  for (const char* sql : {
           "UPDATE events SET reason = 'x' WHERE seq = 1",
           "UPDATE events SET reason = '', changes = '{}' WHERE seq = 1",  // no purge mark
           "UPDATE events SET reason = '', changes = '{}', payload_purged_at = 1, action = 'y' "
           "WHERE seq = 1",
           "UPDATE events SET reason = '', changes = '{}', payload_purged_at = 1, "
           "payload_digest = X'00' WHERE seq = 1",
           "UPDATE events SET reason = 'keep', changes = '{}', payload_purged_at = 1 WHERE seq = 1",
       }) {
    Status s = db->Exec(sql);
    EXPECT_FALSE(s.ok()) << sql;
    EXPECT_NE(s.message().find("append-only"), std::string::npos) << s.message();
  }
  EXPECT_TRUE(db->Exec("UPDATE events SET reason = '', changes = '{}', payload_purged_at = 1 "
                       "WHERE seq = 1")
                  .ok());
  // Once a tombstone, always a tombstone.
  EXPECT_FALSE(db->Exec("UPDATE events SET payload_purged_at = 2 WHERE seq = 1").ok());
  EXPECT_TRUE(VerifyNow(*db).ok);
}

}  // namespace
}  // namespace atensi::store
