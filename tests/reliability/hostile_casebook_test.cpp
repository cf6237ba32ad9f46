// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Hostile input through the Casebook (the C++ service under the C ABI, the
// CLI and the Python binding): over-long strings, invalid UTF-8, embedded NUL,
// SQL-like text, 10 MB fields, births in the future ("negative ages") and
// impossibly old ones. Every refusal is a clear error naming the field and
// the rule, and writes nothing (the database is byte-for-byte the same
// logical content); text that is legitimate (a SQL-like name) is stored
// verbatim and does nothing else.

#include <gtest/gtest.h>

#include <string>

#include "atensi/casebook.h"
#include "hostile_inputs.h"
#include "store/trusted_reads.h"
#include "store_harness.h"

namespace atensi::testing {
namespace {

class HostileCasebookTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = dir_.File("hostile.db");
    ids_ = BuildBaseline(path_);
    ASSERT_FALSE(ids_.case_a.empty());
    auto book = Casebook::Open(ScenarioOptions(path_), clock_);
    ASSERT_TRUE(book.ok()) << book.status().ToString();
    book_ = std::move(book).value();
    before_ = DumpDatabase(path_);
  }

  // The call was refused with a clear error and nothing was written.
  void ExpectRefusedCleanly(const Status& st, std::string_view label) {
    SCOPED_TRACE(label);
    EXPECT_FALSE(st.ok());
    EXPECT_NE(st.code(), StatusCode::kInternal) << st.ToString();
    EXPECT_FALSE(st.reason().empty()) << st.ToString();
    EXPECT_FALSE(st.message().empty());
    EXPECT_LT(st.message().size(), 2000u) << "the message must not grow with the input";
    EXPECT_EQ(DumpDatabase(path_), before_) << "a refused call wrote something";
  }

  TempDir dir_;
  std::string path_;
  ScenarioIds ids_;
  ManualClock clock_{StartTime().PlusMillis(60'000)};
  std::unique_ptr<Casebook> book_;
  std::string before_;
};

TEST_F(HostileCasebookTest, HostileNamesAreRefusedOrStoredVerbatim) {
  for (const auto& h : HostileStrings()) {
    Child c = MakeChild(h.text, "15.71.01.1001");
    auto r = book_->RegisterChild(c, Worker());
    if (r.ok()) {
      // Accepted only as clean text of at most 200 bytes, stored as given.
      EXPECT_LE(h.text.size(), 200u) << h.label;
      auto stored = internal::Trusted(book_).GetChild(r->id);
      ASSERT_TRUE(stored.ok());
      EXPECT_EQ(stored->name, h.text) << h.label;
      before_ = DumpDatabase(path_);
      continue;
    }
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << h.label;
    EXPECT_EQ(r.status().field(), "name") << h.label;
    EXPECT_EQ(r.status().reason(), "child.name") << h.label;
    ExpectRefusedCleanly(r.status(), h.label);
  }
  // The SQL-like name did nothing to the schema: every table still answers.
  auto verify = internal::Trusted(book_).Verify();
  ASSERT_TRUE(verify.ok());
  EXPECT_TRUE(verify->ok);
  EXPECT_EQ(IntegrityCheck(path_), "ok");
}

TEST_F(HostileCasebookTest, HostileNiksAreRefusedNamingTheNikRule) {
  for (const auto& h : HostileStrings()) {
    auto r = book_->RegisterChild(MakeChild("Anak", "15.71.01.1001", h.text), Worker());
    ASSERT_FALSE(r.ok()) << h.label;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << h.label;
    EXPECT_EQ(r.status().reason().rfind("nik.", 0), 0u) << h.label << " " << r.status().reason();
    if (h.text.size() >= 4) {
      EXPECT_EQ(r.status().message().find(h.text), std::string::npos);
    }
    ExpectRefusedCleanly(r.status(), h.label);
  }
}

TEST_F(HostileCasebookTest, HostileDomicilesAndGuardiansAreRefused) {
  for (const auto& h : HostileStrings()) {
    if (h.text.empty()) continue;  // an empty domicile means "unknown"
    auto r = book_->RegisterChild(MakeChild("Anak", h.text), Worker());
    ASSERT_FALSE(r.ok()) << h.label;
    EXPECT_EQ(r.status().reason(), "child.region") << h.label;
    ExpectRefusedCleanly(r.status(), h.label);
  }
  Child c = MakeChild("Anak", "15.71.01.1001");
  c.guardians[0].name = std::string(kTenMegabytes, 'G');
  auto r = book_->RegisterChild(c, Worker());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().reason(), "child.guardian");
  ExpectRefusedCleanly(r.status(), "10 MB guardian name");
}

TEST_F(HostileCasebookTest, BirthDatesInTheFutureOrTooOldAreRefused) {
  // UU 35/2014 art 1(1): a child is under 18; a birth after today is a
  // negative age.
  Child future = MakeChild("Anak", "15.71.01.1001");
  future.birth_date = Date(2027, 1, 1);
  auto r = book_->RegisterChild(future, Worker());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().reason(), "child.birth_in_future");
  ExpectRefusedCleanly(r.status(), "future birth");
  Child old = MakeChild("Anak", "15.71.01.1001");
  old.birth_date = Date(1400, 1, 1);
  r = book_->RegisterChild(old, Worker());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().reason(), "child.not_a_child");
  ExpectRefusedCleanly(r.status(), "born 1400");
}

TEST_F(HostileCasebookTest, HostileActorsAreRefusedBeforeAnythingIsRead) {
  for (const auto& h : HostileStrings()) {
    if (h.text.find_first_not_of(" \t") != std::string::npos && h.text.size() <= 128 &&
        h.text.find('\0') == std::string::npos && h.text.find('\x01') == std::string::npos) {
      continue;  // plausibly a legitimate opaque id
    }
    Actor a = Worker();
    a.person_id = h.text;
    auto r = book_->RegisterChild(MakeChild("Anak", "15.71.01.1001"), a);
    ASSERT_FALSE(r.ok()) << h.label;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << h.label;
    ExpectRefusedCleanly(r.status(), h.label);
  }
}

TEST_F(HostileCasebookTest, HostileIdsAndNotesOnCases) {
  for (const auto& h : HostileStrings()) {
    auto opened = book_->OpenCase(h.text, Request(), Worker());
    ASSERT_FALSE(opened.ok()) << h.label;
    EXPECT_TRUE(opened.status().code() == StatusCode::kNotFound ||
                opened.status().code() == StatusCode::kInvalidArgument)
        << h.label << " " << opened.status().ToString();
    ExpectRefusedCleanly(opened.status(), h.label);

    auto acted = book_->Act(h.text, 1, cmd::RecordContact{"x"}, Worker());
    ASSERT_FALSE(acted.ok()) << h.label;
    ExpectRefusedCleanly(acted.status(), h.label);

    auto by_nik = internal::Trusted(book_).CasesByChildNik(h.text);
    if (by_nik.ok()) {
      EXPECT_TRUE(by_nik->empty()) << h.label;
    }
    auto got = internal::Trusted(book_).GetCase(h.text);
    EXPECT_FALSE(got.ok()) << h.label;
  }
  // A 10 MB note, invalid UTF-8 and NUL in free text.
  using namespace std::string_literals;
  for (const std::string& note :
       {std::string(kTenMegabytes, 'n'), "\xC3\x28"s, "catatan\0tersembunyi"s, "\x1b[2J"s}) {
    auto r = book_->Act(ids_.case_a, ids_.case_a_version, cmd::RecordContact{note}, Worker());
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << r.status().ToString();
    ExpectRefusedCleanly(r.status(), "hostile note");
  }
}

TEST_F(HostileCasebookTest, HostileUpdateReasonIsRefusedOrBounded) {
  auto child = internal::Trusted(book_).GetChild(ids_.child_a);
  ASSERT_TRUE(child.ok());
  Child next = *child;
  next.name = "Anak A Baru";
  using namespace std::string_literals;
  for (const std::string& reason :
       {std::string(kTenMegabytes, 'r'), "\xFF\xFE"s, "alasan\0rahasia"s}) {
    auto r = book_->UpdateChild(next, Worker(), reason);
    EXPECT_FALSE(r.ok()) << "an unbounded or binary audit reason was accepted";
    if (!r.ok()) {
      ExpectRefusedCleanly(r.status(), "hostile reason");
    }
  }
}

}  // namespace
}  // namespace atensi::testing
