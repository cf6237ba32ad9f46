// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Fuzz target: the C ABI (capi/include/atensi.h) driven by a byte script of
// calls on an in-memory database with a fixed clock and id seed. Each step
// takes an opcode byte and its operands from the input: register / update a
// child (from a template with fuzzed fields, or raw fuzzed JSON), open a case,
// act on a case at its current or a stale version (templated or raw command),
// read, list by NIK, move the clock, checkpoint, verify; and the stateless
// NIK and region calls.
//
// Invariants checked:
//   - every call returns OK or a documented error family; never
//     ATENSI_INTERNAL (an escaped exception or a bug) and never ATENSI_MISUSE
//     (the script passes valid handles and pointers);
//   - on failure the out pointer is NULL and atensi_db_error() carries the
//     same code with a reason and a message; on success the JSON returned
//     parses;
//   - an act succeeds only at the case's current version, and then returns
//     version + 1 (a stale write is never applied: no lost update);
//   - after the script the audit trail verifies (atensi_audit_verify ok = 1).

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "atensi.h"
#include "fuzz_input.h"

namespace {

using nlohmann::json;

constexpr const char* kGuardianId = "5f1d7c2e-3b4a-4c5d-8e6f-7a8b9c0d1e2f";

struct CaseRef {
  std::string id;
  std::int64_t version = 0;
};

std::string Dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

bool Documented(int rc) {
  return (rc >= ATENSI_OK && rc <= ATENSI_UNSUPPORTED) || rc == ATENSI_NOMEM;
}

// Checks the common contract of a call that returns JSON through `out`.
void CheckCall(atensi_db* db, int rc, char* out) {
  FUZZ_CHECK(Documented(rc));
  if (rc == ATENSI_OK) {
    FUZZ_CHECK(out != nullptr);
    FUZZ_CHECK(json::accept(out));
  } else {
    FUZZ_CHECK(out == nullptr);
    const atensi_error* e = atensi_db_error(db);
    FUZZ_CHECK(e != nullptr && e->code == rc);
    FUZZ_CHECK(e->reason != nullptr && e->message != nullptr && e->message[0] != '\0');
  }
}

std::string ChildJson(atensi::fuzz::FuzzInput& in, const std::string& id) {
  static const char* kNiks[] = {"1503015002170001", "1571014505150001", "3273016501990001", ""};
  static const char* kDates[] = {"2017-02-10", "2015-05-05", "0000-00-00",
                                 "2026-02-30", "2030-01-01", "2000-01-01"};
  static const char* kRegions[] = {"15.03.01.2001", "15.71.01.1001", "15.71", "99.99.99.9999", ""};
  json c;
  c["id"] = id;
  const std::uint8_t pick = in.Byte();
  const char* nik = kNiks[pick % 4];
  if ((pick & 0x80u) != 0) {
    c["nik"] = in.Text(24);
  } else if (nik[0] != '\0') {
    c["nik"] = nik;
  } else {
    c["nik"] = nullptr;
  }
  c["name"] = (pick & 0x40u) != 0 ? in.Text(64) : std::string("Anak Contoh");
  c["sex"] = (pick & 0x20u) != 0 ? "M" : "F";
  c["birth_date"] = kDates[in.Byte() % 6];
  c["domicile_region"] = kRegions[in.Byte() % 5];
  c["guardians"] =
      json::array({{{"id", kGuardianId}, {"name", "Ibu"}, {"role", "mother"}, {"nik", nullptr}}});
  c["family_links"] = json::array();
  return Dump(c);
}

std::string CommandJson(atensi::fuzz::FuzzInput& in) {
  const std::uint8_t k = in.Byte();
  json c;
  switch (k % 10) {
    case 0:
      c = {{"action", "record_contact"}, {"note", in.Text(32)}};
      break;
    case 1:
      c = {{"action", "record_consent"},
           {"guardian_id", kGuardianId},
           {"form", "written"},
           {"purposes", json::array({"assessment", "services", "referral_sharing"})},
           {"document_ref", "FORM-1"}};
      break;
    case 2:
      c = {{"action", "start_assessment"}};
      break;
    case 3:
      c = {{"action", "complete_assessment"}, {"summary", in.Text(32)}};
      break;
    case 4:
      c = {{"action", "close"}, {"reason", "lost_contact"}, {"note", in.Text(16)}};
      break;
    case 5:
      c = {{"action", "reopen"}, {"reason", in.Text(16)}};
      break;
    case 6:
      c = {{"action", "refer_out"},
           {"to_agency_id", "uptd-ppa-15"},
           {"reason", "other"},
           {"note", in.Text(16)}};
      break;
    case 7:
      c = {{"action", "return_from_referral"}, {"note", in.Text(16)}};
      break;
    case 8:
      c = {{"action", "set_risk"},
           {"risk", (k & 0x10u) != 0 ? "high" : "low"},
           {"reason", in.Text(16)}};
      break;
    default:
      return std::string(in.Text(96));  // raw
  }
  return Dump(c);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  atensi::fuzz::FuzzInput in(data, size);
  atensi_open_options opts;
  FUZZ_CHECK(atensi_open_options_init(&opts, ATENSI_OPEN_OPTIONS_VERSION) == ATENSI_OK);
  std::int64_t now = 1795834800000;  // 2026-11-28T03:00:00Z
  opts.fixed_clock_ms = now;
  opts.id_seed = 7;
  atensi_db* db = nullptr;
  FUZZ_CHECK(atensi_open(&db, ":memory:", &opts) == ATENSI_OK && db != nullptr);

  atensi_actor actor = ATENSI_ACTOR_INIT;
  actor.person_id = "pw-0001";
  actor.agency_id = "dinsos.15.03";
  // The reads without an actor act as the session principal (0.3.0): a
  // supervisor of the lead agency, who holds every case file it leads,
  // need-to-know categories included (docs/access-control.md §3).
  atensi_actor supervisor = actor;
  supervisor.person_id = "sup-0001";
  supervisor.role = ATENSI_ROLE_SUPERVISOR;
  FUZZ_CHECK(atensi_db_set_principal(db, &supervisor, ATENSI_PURPOSE_SUPERVISION) == ATENSI_OK);
  std::vector<std::string> children;
  std::vector<CaseRef> cases;

  for (int step = 0; step < 32 && in.remaining() > 0; ++step) {
    const std::uint8_t op = in.Byte();
    char* out = nullptr;
    int rc = ATENSI_OK;
    switch (op % 12) {
      case 0:
      case 1: {  // register a child (templated or raw)
        const std::string doc = (op % 12) == 0 ? ChildJson(in, "") : in.Text(200);
        rc = atensi_child_register(&out, db, doc.c_str(), &actor);
        CheckCall(db, rc, out);
        if (rc == ATENSI_OK) children.push_back(json::parse(out).value("id", ""));
        break;
      }
      case 2: {  // update a child
        if (children.empty()) break;
        const std::string& id = children[in.Byte() % children.size()];
        const std::string doc = ChildJson(in, id);
        const std::string reason = in.Text(16);
        rc = atensi_child_update(&out, db, doc.c_str(), &actor, reason.c_str());
        CheckCall(db, rc, out);
        break;
      }
      case 3: {  // open a case
        if (children.empty()) break;
        const std::string& child = children[in.Byte() % children.size()];
        const std::uint8_t r = in.Byte();
        json req = {{"source", "outreach"},
                    {"categories", (r & 1u) != 0 ? json::array({"abh"}) : json::array()},
                    {"risk", (r & 2u) != 0 ? "high" : "medium"},
                    {"lead_agency_id", "dinsos.15.03"}};
        const std::string doc = (r & 4u) != 0 ? in.Text(64) : Dump(req);
        rc = atensi_case_open(&out, db, child.c_str(), doc.c_str(), &actor);
        CheckCall(db, rc, out);
        if (rc == ATENSI_OK) {
          const json c = json::parse(out);
          FUZZ_CHECK(c.value("version", 0) == 1);
          cases.push_back({c.value("id", ""), 1});
        }
        break;
      }
      case 4:
      case 5:
      case 6: {  // act, at the current version or a stale one
        if (cases.empty()) break;
        CaseRef& c = cases[in.Byte() % cases.size()];
        const bool stale = (op & 0x80u) != 0 && c.version > 1;
        const std::int64_t v = stale ? c.version - 1 : c.version;
        const std::string cmd = CommandJson(in);
        rc = atensi_case_act(&out, db, c.id.c_str(), v, cmd.c_str(), &actor);
        CheckCall(db, rc, out);
        if (stale) FUZZ_CHECK(rc != ATENSI_OK);
        if (rc == ATENSI_OK) {
          const json next = json::parse(out);
          FUZZ_CHECK(next.value("version", std::int64_t{0}) == v + 1);
          c.version = v + 1;
        }
        break;
      }
      case 7: {  // reads
        if (!cases.empty()) {
          const CaseRef& c = cases[in.Byte() % cases.size()];
          rc = atensi_case_get(&out, db, c.id.c_str());
          CheckCall(db, rc, out);
          FUZZ_CHECK(rc == ATENSI_OK);
          FUZZ_CHECK(json::parse(out).value("version", std::int64_t{0}) == c.version);
          atensi_free(out);
          out = nullptr;
          rc = atensi_case_history(&out, db, c.id.c_str());
          CheckCall(db, rc, out);
          FUZZ_CHECK(rc == ATENSI_OK);
          FUZZ_CHECK(static_cast<std::int64_t>(json::parse(out).size()) == c.version);
        }
        break;
      }
      case 8: {  // lookups with raw text
        const std::string text = in.Text(40);
        rc = atensi_cases_by_nik(&out, db, text.c_str());
        CheckCall(db, rc, out);
        atensi_free(out);
        out = nullptr;
        rc = atensi_child_get(&out, db, text.c_str());
        CheckCall(db, rc, out);
        break;
      }
      case 9:  // the clock moves (forwards or, oddly, backwards)
        now += (static_cast<std::int64_t>(in.Byte()) - 32) * 3600000;
        FUZZ_CHECK(atensi_db_set_time(db, now) == ATENSI_OK);
        break;
      case 10:
        rc = atensi_audit_checkpoint(db);
        FUZZ_CHECK(Documented(rc));
        break;
      default: {  // stateless calls
        const std::string text = in.Text(40);
        atensi_date ref{2026, 11, 28};
        atensi_id_check* check = nullptr;
        rc = atensi_nik_parse(&check, text.c_str(), &ref, nullptr);
        FUZZ_CHECK(Documented(rc));
        atensi_id_check_destroy(&check);
        atensi_regions* regions = nullptr;
        rc = atensi_region_lookup(&regions, text.c_str());
        FUZZ_CHECK(Documented(rc) || rc == ATENSI_DONE);
        atensi_regions_destroy(&regions);
        break;
      }
    }
    atensi_free(out);
  }

  int ok = 0;
  char* report = nullptr;
  atensi_actor officer = actor;  // verification: a data officer's job
  officer.person_id = "do-0001";
  officer.role = ATENSI_ROLE_DATA_OFFICER;
  FUZZ_CHECK(atensi_db_set_principal(db, &officer, ATENSI_PURPOSE_AUDIT) == ATENSI_OK);
  FUZZ_CHECK(atensi_audit_verify(&ok, &report, db) == ATENSI_OK);
  FUZZ_CHECK(ok == 1);
  atensi_free(report);
  atensi_close(&db);
  FUZZ_CHECK(db == nullptr);
  return 0;
}
