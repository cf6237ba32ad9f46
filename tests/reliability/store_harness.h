// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Helpers for the store reliability tests: a logical dump of a database file
// (every row of every atensi table, sorted, so two files with the same
// content compare equal whatever their page layout or WAL state),
// PRAGMA integrity_check, file copies, and a deterministic scenario of
// Casebook operations (fixed clock, fixed id seed: the same operation gives
// the same bytes on every run, so "state after" can be computed once).

#ifndef ATENSI_TESTS_RELIABILITY_STORE_HARNESS_H_
#define ATENSI_TESTS_RELIABILITY_STORE_HARNESS_H_

#include <sqlite3.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "atensi/casebook.h"
#include "store/casebook_fixture.h"
#include "store/trusted_reads.h"

namespace atensi::testing {

// Rows of every non-internal table of `path`, sorted; "" when unreadable.
inline std::string DumpDatabase(const std::string& path) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    sqlite3_close_v2(db);
    return "";
  }
  std::vector<std::string> tables;
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db,
                     "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
                     "'sqlite_%' ORDER BY name",
                     -1, &st, nullptr);
  while (st != nullptr && sqlite3_step(st) == SQLITE_ROW) {
    tables.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
  }
  sqlite3_finalize(st);
  std::string out;
  for (const std::string& t : tables) {
    std::vector<std::string> rows;
    const std::string sql = "SELECT * FROM \"" + t + "\"";
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) continue;
    while (sqlite3_step(st) == SQLITE_ROW) {
      std::string row;
      for (int c = 0; c < sqlite3_column_count(st); ++c) {
        const unsigned char* text = sqlite3_column_text(st, c);
        row += text != nullptr ? reinterpret_cast<const char*>(text) : "<null>";
        row += '\x1f';
      }
      rows.push_back(std::move(row));
    }
    sqlite3_finalize(st);
    std::sort(rows.begin(), rows.end());
    out += "[" + t + "]\n";
    for (const auto& r : rows) out += r + "\n";
  }
  sqlite3_close_v2(db);
  return out;
}

// The result of PRAGMA integrity_check ("ok" when sound).
inline std::string IntegrityCheck(const std::string& path) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
    sqlite3_close_v2(db);
    return "cannot open";
  }
  std::string out;
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, nullptr) == SQLITE_OK) {
    while (sqlite3_step(st) == SQLITE_ROW) {
      if (!out.empty()) out += "; ";
      out += reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    }
  } else {
    out = sqlite3_errmsg(db);
  }
  sqlite3_finalize(st);
  sqlite3_close_v2(db);
  return out;
}

// Copies a closed database (and any -wal beside it) to `to`, replacing it.
inline void CopyDatabase(const std::string& from, const std::string& to) {
  namespace fs = std::filesystem;
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(to + suffix);
  fs::copy_file(from, to);
  if (fs::exists(from + "-wal")) fs::copy_file(from + "-wal", to + "-wal");
}

// The time every reliability scenario starts at, and its id seed.
inline constexpr std::uint64_t kScenarioSeed = 20261128;

inline OpenOptions ScenarioOptions(const std::string& path, const std::string& vfs = "") {
  OpenOptions o;
  o.path = path;
  o.id_seed = kScenarioSeed;
  o.vfs_name = vfs;
  o.busy_timeout_ms = 20;
  return o;
}

// The ids a scenario works on, taken from the baseline.
struct ScenarioIds {
  std::string child_a;  // has case_a (intake, with consent)
  std::string child_b;  // no case
  std::string case_a;
  std::int64_t case_a_version = 0;
};

// Builds the baseline database at `path`: child A with an open case in
// intake (contact and consent recorded), child B without a case.
inline ScenarioIds BuildBaseline(const std::string& path) {
  ManualClock clock(StartTime());
  ScenarioIds ids;
  auto book = Casebook::Open(ScenarioOptions(path), clock);
  EXPECT_TRUE(book.ok()) << book.status().ToString();
  if (!book.ok()) return ids;
  Casebook& b = **book;
  auto a = b.RegisterChild(MakeChild("Anak A", "15.71.01.1001", "1571014505150001"), Worker());
  EXPECT_TRUE(a.ok()) << a.status().ToString();
  clock.AdvanceMillis(1000);
  auto child_b = b.RegisterChild(MakeChild("Anak B", "15.71.01.1001"), Worker());
  EXPECT_TRUE(child_b.ok()) << child_b.status().ToString();
  clock.AdvanceMillis(1000);
  auto c = b.OpenCase(a->id, Request(), Worker());
  EXPECT_TRUE(c.ok()) << c.status().ToString();
  clock.AdvanceMillis(1000);
  auto c2 = b.Act(c->id, c->version, cmd::RecordContact{"home visit"}, Worker());
  EXPECT_TRUE(c2.ok()) << c2.status().ToString();
  clock.AdvanceMillis(1000);
  auto c3 = b.Act(c->id, c2->version, Consent(*a), Worker());
  EXPECT_TRUE(c3.ok()) << c3.status().ToString();
  ids.child_a = a->id;
  ids.child_b = child_b->id;
  ids.case_a = c->id;
  ids.case_a_version = c3->version;
  return ids;
}

// One public mutating Casebook operation of the scenario.
struct ScenarioOp {
  std::string name;
  std::function<Status(Casebook&, const ScenarioIds&)> run;
};

// The data officer of the worker's agency (privacy requests, legal holds).
inline Actor DataOfficer() {
  Actor a = Worker("data-officer-1");
  a.role = Role::kDataOfficer;
  return a;
}

inline std::vector<ScenarioOp> MutatingOperations() {
  std::vector<ScenarioOp> ops;
  ops.push_back(
      {"RegisterChild", [](Casebook& b, const ScenarioIds&) {
         return b.RegisterChild(MakeChild("Anak C", "15.71.01.1001", "1571015505150002"), Worker())
             .status();
       }});
  ops.push_back({"UpdateChild", [](Casebook& b, const ScenarioIds& ids) {
                   auto child = internal::Trusted(b).GetChild(ids.child_a);
                   if (!child.ok()) return child.status();
                   Child next = *child;
                   next.domicile_region = "15.71.01.1002";
                   return b.UpdateChild(next, Worker(), "moved").status();
                 }});
  ops.push_back({"OpenCase", [](Casebook& b, const ScenarioIds& ids) {
                   return b.OpenCase(ids.child_b, Request(), Worker()).status();
                 }});
  ops.push_back(
      {"Act(StartAssessment)", [](Casebook& b, const ScenarioIds& ids) {
         return b.Act(ids.case_a, ids.case_a_version, cmd::StartAssessment{}, Worker()).status();
       }});
  ops.push_back({"Act(RecordContact)", [](Casebook& b, const ScenarioIds& ids) {
                   return b
                       .Act(ids.case_a, ids.case_a_version, cmd::RecordContact{"call"}, Worker())
                       .status();
                 }});
  ops.push_back({"Act(Close)", [](Casebook& b, const ScenarioIds& ids) {
                   return b
                       .Act(ids.case_a, ids.case_a_version,
                            cmd::Close{ClosureReason::kLostContact, "moved away"}, Worker())
                       .status();
                 }});
  ops.push_back({"Checkpoint", [](Casebook& b, const ScenarioIds&) { return b.Checkpoint(); }});
  ops.push_back({"RouteCase", [](Casebook& b, const ScenarioIds& ids) {
                   return b.RouteCase(ids.case_a, Worker()).status();
                 }});
  // Reads of personal data write the access log in the same transaction.
  ops.push_back({"ReadCase(access log)", [](Casebook& b, const ScenarioIds& ids) {
                   return b.ReadCase(ids.case_a, Worker(), AccessPurpose::kCaseHandling).status();
                 }});
  ops.push_back({"RestrictProcessing", [](Casebook& b, const ScenarioIds& ids) {
                   return b.RestrictProcessing(ids.child_a, "request-1", DataOfficer());
                 }});
  ops.push_back({"SetLegalHold", [](Casebook& b, const ScenarioIds& ids) {
                   return b.SetLegalHold(ids.child_b, true, "perkara-1", DataOfficer());
                 }});
  return ops;
}

}  // namespace atensi::testing

#endif  // ATENSI_TESTS_RELIABILITY_STORE_HARNESS_H_
