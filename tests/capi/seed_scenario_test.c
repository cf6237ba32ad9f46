/* Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0 */
/* The seed's story end to end through atensi.h only ([S6], atensi.md §2):
 * a girl with a disability in a PKH household in Kabupaten Sarolangun, whose
 * problem PKH could not handle ("tidak tertangani melalui program-program
 * PKH"), no birth certificate. She is registered, a case is opened by the
 * regency social service and taken to assessment with her mother's consent
 * (UU 27/2022 art 25), and routing sends her to the Kemensos centre (lead),
 * Dukcapil (civil registration) and the provincial disability assistant,
 * with the PKH facilitator as co-facilitator. The audit trail verifies. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "atensi.h"
#include "check.h"
#include "json_peek.h"

/* 2026-11-28T01:00:00Z */
#define T0_MS 1795827600000LL

static const char kChild[] =
    "{\"id\":\"\",\"nik\":\"1503015002170001\",\"name\":\"Anak Contoh\",\"sex\":\"F\","
    "\"birth_date\":\"2017-02-10\",\"domicile_region\":\"15.03.01.2001\","
    "\"has_birth_certificate\":false,"
    "\"guardians\":[{\"id\":\"5f1d7c2e-3b4a-4c5d-8e6f-7a8b9c0d1e2f\",\"name\":\"Ibu Contoh\","
    "\"role\":\"mother\",\"nik\":null}],"
    "\"family_links\":[{\"kk_number\":\"1503011002150003\",\"valid_from\":\"2015-02-10\","
    "\"valid_to\":null,\"pkh_participant_id\":\"PKH-1503-0001\","
    "\"dtsen\":{\"id\":\"DTSEN-1503-0001\",\"decile\":2,\"as_of\":\"2026-10-01\"}}]}";

/* The facts routing sees: no NIK prefix, the recorded domicile (a desa in
 * Batang Asai, Kabupaten Sarolangun). */
static const char kFacts[] =
    "{\"age\":9,\"domicile\":\"15.03.01.2001\",\"pkh_participant\":true,"
    "\"programmes_tried\":[{\"programme\":\"pkh\",\"outcome\":\"not_handled\"}],"
    "\"has_nik\":true,\"has_birth_certificate\":false,\"has_disability\":true,"
    "\"categories\":[\"disabilitas\"],\"dtsen_decile\":2}";

/* 1 when the decision's "involvements" array has `agency` in `role`. */
static int Involved(const char *decision, const char *agency, const char *role) {
  char needle[160];
  const char *inv = JsonMember(decision, "involvements");
  const char *end = JsonMember(decision, "lead_candidates");
  const char *p;
  if (inv == NULL) return 0;
  snprintf(needle, sizeof needle, "\"agency_id\":\"%s\"", agency);
  for (p = strstr(inv, needle); p != NULL; p = strstr(p + 1, needle)) {
    const char *obj_end = strchr(p, '}');
    const char *r;
    char role_needle[64];
    if (end != NULL && p > end && end > inv) break;
    /* Members of an involvement are sorted; find the object's start. */
    while (p > inv && *p != '{') --p;
    snprintf(role_needle, sizeof role_needle, "\"role\":\"%s\"", role);
    r = strstr(p, role_needle);
    if (r != NULL && obj_end != NULL && r < obj_end) return 1;
    p = obj_end != NULL ? obj_end : p + 1;
  }
  return 0;
}

int main(void) {
  atensi_db *db = NULL;
  atensi_open_options opts;
  atensi_actor worker = ATENSI_ACTOR_INIT, officer = ATENSI_ACTOR_INIT;
  char *json = NULL;
  char child_id[64], case_id[64], buf[64];
  long long version;

  worker.person_id = "pw-0001";
  worker.agency_id = "dinsos.15.03";
  worker.role = ATENSI_ROLE_CASE_WORKER;
  officer.person_id = "do-0001";
  officer.agency_id = "dinsos.15.03";
  officer.role = ATENSI_ROLE_DATA_OFFICER;

  StartPhase("open an in-memory database with a fixed clock");
  CHECK_OK(atensi_open_options_init(&opts, ATENSI_OPEN_OPTIONS_VERSION));
  opts.fixed_clock_ms = T0_MS;
  opts.id_seed = 42;
  CHECK_OK(atensi_open(&db, ":memory:", &opts));
  if (db == NULL) return CheckReport("seed_scenario_test");
  /* The reads without an actor act as the session principal (0.3.0). */
  CHECK_OK(atensi_db_set_principal(db, &worker, ATENSI_PURPOSE_CASE_HANDLING));

  StartPhase("register the child");
  CHECK_OK(atensi_child_register(&json, db, kChild, &worker));
  CHECK(json != NULL && JsonString(json, "id", child_id, sizeof child_id));
  CHECK(strlen(child_id) == 36); /* canonical UUID assigned by the store */
  CHECK(JsonString(json, "domicile_region", buf, sizeof buf) &&
        strcmp(buf, "15.03.01.2001") == 0);
  atensi_free(json);
  json = NULL;
  /* The same NIK cannot be registered twice. */
  CHECK_RC(atensi_child_register(&json, db, kChild, &worker), ATENSI_ALREADY_EXISTS);
  CHECK(json == NULL);
  CHECK(atensi_db_error(db)->code == ATENSI_ALREADY_EXISTS);

  StartPhase("open a case at the regency social service");
  CHECK_OK(atensi_case_open(&json, db, child_id,
                            "{\"source\":\"pkh_screening\",\"categories\":[\"disabilitas\"],"
                            "\"risk\":\"medium\",\"lead_agency_id\":\"dinsos.15.03\"}",
                            &worker));
  CHECK(json != NULL && JsonString(json, "id", case_id, sizeof case_id));
  CHECK(JsonString(json, "stage", buf, sizeof buf) && strcmp(buf, "intake") == 0);
  CHECK(JsonInt(json, "version", 0) == 1);
  atensi_free(json);
  json = NULL;

  StartPhase("contact, consent, assessment");
  atensi_db_set_time(db, T0_MS + 3600000LL);
  CHECK_OK(atensi_case_act(&json, db, case_id, 1,
                           "{\"action\":\"record_contact\",\"note\":\"home visit\"}", &worker));
  atensi_free(json);
  json = NULL;
  /* Assessment needs consent (UU 27/2022 art 25) or a legal basis. */
  CHECK_RC(atensi_case_act(&json, db, case_id, 2, "{\"action\":\"start_assessment\"}", &worker),
           ATENSI_FAILED_PRECONDITION);
  CHECK(json == NULL);
  CHECK_OK(atensi_case_act(&json, db, case_id, 2,
                           "{\"action\":\"record_consent\","
                           "\"guardian_id\":\"5f1d7c2e-3b4a-4c5d-8e6f-7a8b9c0d1e2f\","
                           "\"form\":\"written\",\"purposes\":[\"assessment\","
                           "\"referral_sharing\"],\"document_ref\":\"SURAT-PERSETUJUAN-01\"}",
                           &worker));
  atensi_free(json);
  json = NULL;
  CHECK_OK(atensi_case_act(&json, db, case_id, 3, "{\"action\":\"start_assessment\"}", &worker));
  CHECK(json != NULL && JsonString(json, "stage", buf, sizeof buf) &&
        strcmp(buf, "assessment") == 0);
  version = json != NULL ? JsonInt(json, "version", 0) : 0;
  CHECK(version == 4);
  atensi_free(json);
  json = NULL;
  /* A stale version is refused and nothing is written. */
  CHECK_RC(atensi_case_act(&json, db, case_id, 3, "{\"action\":\"record_contact\"}", &worker),
           ATENSI_CONFLICT);
  CHECK_OK(atensi_case_get(&json, db, case_id));
  CHECK(json != NULL && JsonInt(json, "version", 0) == 4);
  atensi_free(json);
  json = NULL;

  StartPhase("caseload of Kabupaten Sarolangun");
  {
    atensi_caseload *cl = NULL;
    atensi_caseload_filter f = ATENSI_CASELOAD_FILTER_INIT;
    const char *id = NULL;
    int64_t v = 0;
    int rows = 0;
    f.within = "15.03";
    CHECK_OK(atensi_caseload_query(&cl, db, &f));
    while (atensi_caseload_next(cl) == ATENSI_OK) {
      CHECK_OK(atensi_caseload_case_id(&id, cl));
      CHECK_STR(id, case_id);
      CHECK_OK(atensi_caseload_version(&v, cl));
      CHECK(v == 4);
      ++rows;
    }
    CHECK(rows == 1);
    atensi_caseload_destroy(&cl);
    /* Another regency has none. */
    f.within = "15.71";
    CHECK_OK(atensi_caseload_query(&cl, db, &f));
    CHECK_RC(atensi_caseload_next(cl), ATENSI_DONE);
    atensi_caseload_destroy(&cl);
  }

  StartPhase("route: centre, Dukcapil, disability assistant, PKH facilitator");
  {
    atensi_date on = {2026, 11, 28};
    char lead[64];
    CHECK_OK(atensi_route(&json, kFacts, &on));
    CHECK(json != NULL);
    if (json != NULL) {
      const char *inv = JsonMember(json, "involvements");
      /* The lead comes first. */
      CHECK(inv != NULL && JsonString(inv + 1, "agency_id", lead, sizeof lead) &&
            strcmp(lead, "kemensos.sentra.alyatama") == 0);
      CHECK(Involved(json, "kemensos.sentra.alyatama", "lead"));
      CHECK(Involved(json, "dinsos.15.div.dukcapil", "co_facilitator"));
      CHECK(Involved(json, "pendamping-disabilitas.15", "co_facilitator"));
      CHECK(Involved(json, "pkh.pendamping.15.03", "co_facilitator"));
      CHECK(Involved(json, "pkh.korwil.15", "informed"));
      /* The regency social service stays the fall-through candidate. */
      CHECK(strstr(JsonMember(json, "lead_candidates"), "dinsos.15.03") != NULL);
    }
    atensi_free(json);
    json = NULL;
    CHECK_OK(atensi_route_explain(&json, kFacts, &on));
    CHECK(json != NULL && JsonIs(json, "status", "null"));
    CHECK(json != NULL && strstr(json, "centre.not_handled_fallback") != NULL);
    atensi_free(json);
    json = NULL;
  }

  StartPhase("jurisdiction: regency/city outside a panti (UU 23/2014 annex F)");
  {
    atensi_date on = {2026, 11, 28};
    CHECK_OK(atensi_jurisdiction_resolve(&json, "{\"categories\":[\"disabilitas\"]}",
                                         "15.03.01.2001", &on));
    CHECK(json != NULL && JsonString(json, "level", buf, sizeof buf) &&
          strcmp(buf, "regency_city") == 0);
    CHECK(json != NULL && strstr(JsonMember(json, "agency_ids"), "dinsos.15.03") != NULL);
    atensi_free(json);
    json = NULL;
    /* Never from a NIK prefix: a province alone is not a domicile. */
    CHECK_RC(atensi_jurisdiction_resolve(&json, "{}", "15", &on), ATENSI_INVALID_ARGUMENT);
  }

  StartPhase("history and audit");
  {
    int ok = 0;
    CHECK_OK(atensi_case_history(&json, db, case_id));
    CHECK(json != NULL && strstr(json, "\"action\":\"open_case\"") != NULL);
    /* One event per version. */
    {
      int events = 0;
      const char *p = json;
      while (p != NULL && (p = strstr(p, "\"seq\":")) != NULL) {
        ++events;
        ++p;
      }
      CHECK(events == 4);
    }
    atensi_free(json);
    json = NULL;
    /* Verification is for coordinators, data officers and integrators. */
    CHECK_RC(atensi_audit_verify(&ok, &json, db), ATENSI_PERMISSION_DENIED);
    CHECK_OK(atensi_db_set_principal(db, &officer, ATENSI_PURPOSE_AUDIT));
    CHECK_OK(atensi_audit_verify(&ok, &json, db));
    CHECK_OK(atensi_db_set_principal(db, &worker, ATENSI_PURPOSE_CASE_HANDLING));
    CHECK(ok == 1);
    CHECK(json != NULL && JsonIs(json, "first_broken", "null"));
    CHECK(json != NULL && JsonInt(json, "events_checked", 0) == 5); /* 1 child + 4 case */
    atensi_free(json);
    json = NULL;
    CHECK_OK(atensi_audit_checkpoint(db));
  }

  StartPhase("route the stored case: referrals to the centre, Dukcapil, disability assistant");
  {
    atensi_actor centre = ATENSI_ACTOR_INIT;
    const char *created, *decision, *stored_case;
    char ref_id[64], to[64], *ref = NULL;
    int ok = 0;
    centre.person_id = "ps-0002";
    centre.agency_id = "kemensos.sentra.alyatama";
    /* Facts come from the records: the KK period carries a PKH participant id
     * and the case came from PKH screening (PKH "not handled", [S6]); no akta;
     * disabilitas. Consent covers referral sharing, so referrals are sent. */
    CHECK_OK(atensi_case_route(&json, db, case_id, &worker));
    if (json != NULL) {
      stored_case = JsonMember(json, "case");
      decision = JsonMember(json, "decision");
      created = JsonMember(json, "created");
      CHECK(stored_case != NULL && JsonString(stored_case + 0, "lead_agency_id", to, sizeof to) &&
            strcmp(to, "kemensos.sentra.alyatama") == 0);
      CHECK(decision != NULL && Involved(decision, "kemensos.sentra.alyatama", "lead"));
      CHECK(decision != NULL && Involved(decision, "dinsos.15.div.dukcapil", "co_facilitator"));
      CHECK(decision != NULL && Involved(decision, "pendamping-disabilitas.15", "co_facilitator"));
      CHECK(created != NULL && strstr(created, "\"to_agency\":\"dinsos.15.div.dukcapil\"") != NULL);
      CHECK(created != NULL &&
            strstr(created, "\"to_agency\":\"pendamping-disabilitas.15\"") != NULL);
      /* The first created referral is the lead referral to the centre. */
      CHECK(created != NULL && JsonString(created + 1, "to_agency", to, sizeof to) &&
            strcmp(to, "kemensos.sentra.alyatama") == 0);
      CHECK(created != NULL && JsonString(created + 1, "status", buf, sizeof buf) &&
            strcmp(buf, "requested") == 0);
      CHECK(created != NULL && JsonString(created + 1, "id", ref_id, sizeof ref_id));
      atensi_free(json);
      json = NULL;
      /* The centre accepts: version 2 (created as requested, one history entry). */
      CHECK_RC(atensi_referral_act(&ref, db, ref_id, 1, "{\"kind\":\"accept\"}", &centre),
               ATENSI_CONFLICT);
      CHECK_OK(atensi_referral_act(&ref, db, ref_id, 2, "{\"kind\":\"accept\"}", &centre));
      CHECK(ref != NULL && JsonString(ref, "status", buf, sizeof buf) &&
            strcmp(buf, "accepted") == 0);
      atensi_free(ref);
      ref = NULL;
      /* An agency reads its own inbox only: the centre's, as the centre. */
      CHECK_RC(atensi_referral_box(&ref, db, "kemensos.sentra.alyatama", 1, NULL),
               ATENSI_PERMISSION_DENIED);
      CHECK_OK(atensi_db_set_principal(db, &centre, ATENSI_PURPOSE_REFERRAL));
      CHECK_OK(atensi_referral_box(&ref, db, "kemensos.sentra.alyatama", 1, NULL));
      CHECK_OK(atensi_db_set_principal(db, &worker, ATENSI_PURPOSE_CASE_HANDLING));
      CHECK(ref != NULL && strstr(ref, ref_id) != NULL);
      atensi_free(ref);
      ref = NULL;
      CHECK_OK(atensi_case_routing(&ref, db, case_id));
      CHECK(ref != NULL && strstr(ref, "centre.not_handled_fallback") != NULL);
      atensi_free(ref);
      ref = NULL;
    }
    CHECK_OK(atensi_db_set_principal(db, &officer, ATENSI_PURPOSE_AUDIT));
    CHECK_OK(atensi_audit_verify(&ok, NULL, db));
    CHECK_OK(atensi_db_set_principal(db, &worker, ATENSI_PURPOSE_CASE_HANDLING));
    CHECK(ok == 1); /* routing and referral events are in the case's chain */
  }

  StartPhase("the family moves to Kota Jambi: transfer to the city office");
  {
    atensi_actor city = ATENSI_ACTOR_INIT;
    atensi_date on = {2026, 11, 28};
    char *next = NULL;
    city.person_id = "pw-0101";
    city.agency_id = "dinsos.15.71";
    CHECK_OK(atensi_transfer_assess_move(&json, "15.03.01.2001", "15.71.01", &on));
    CHECK(json != NULL && JsonIs(json, "centre_continues", "true"));
    atensi_free(json);
    json = NULL;
    CHECK_OK(atensi_transfer_open(&json, "{\"id\":\"tr-0001\",\"case_id\":\"c\","
                                         "\"from_agency\":\"dinsos.15.03\","
                                         "\"to_agency\":\"dinsos.15.71\",\"reason\":\"moved\"}",
                                  "push", "dinsos.15.03", &worker, T0_MS));
    CHECK(json != NULL && JsonString(json, "status", buf, sizeof buf) &&
          strcmp(buf, "proposed") == 0);
    /* Only the destination answers a push. */
    CHECK_RC(atensi_transfer_apply(&next, json, "accept", NULL, &worker, T0_MS + 1000),
             ATENSI_PERMISSION_DENIED);
    CHECK_OK(atensi_transfer_apply(&next, json, "accept", NULL, &city, T0_MS + 1000));
    CHECK(next != NULL && JsonString(next, "status", buf, sizeof buf) &&
          strcmp(buf, "accepted") == 0);
    atensi_free(next);
    atensi_free(json);
    json = NULL;
  }

  atensi_close(&db);
  CHECK(db == NULL);
  return CheckReport("seed_scenario_test");
}
