/* Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0 */
/* The session principal (atensi_db_set_principal, 0.3.0; issue 9: "authorization
 * is enforced in the core, so the C ABI, Python and the CLI all pass through
 * it"). The 0.1 reads that name no actor:
 *   - refuse without a principal (access.no_principal) and write nothing;
 *   - as a principal of another regency: not found (access.not_found; UU 23/2014
 *     annex F jurisdiction), and an empty caseload;
 *   - as the assigned worker: read, and the read is in the access log (UU
 *     27/2022 art 32);
 *   - as a colleague: an ABH child's identity is hidden (UU 35/2014 art 64);
 *   - verification only for the roles the matrix allows. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "atensi.h"
#include "check.h"
#include "json_peek.h"

/* 2026-11-28T01:00:00Z */
#define T0_MS 1795827600000LL

static const char kChild[] =
    "{\"id\":\"\",\"nik\":\"1503014502170001\",\"name\":\"Anak Contoh\",\"sex\":\"F\","
    "\"birth_date\":\"2017-02-10\",\"domicile_region\":\"15.03.01.2001\","
    "\"has_birth_certificate\":null,\"roster_key\":null,"
    "\"guardians\":[],\"family_links\":[]}";

static int Count(const char* haystack, const char* needle) {
  int n = 0;
  const char* p = haystack;
  while (p != NULL && (p = strstr(p, needle)) != NULL) {
    ++n;
    p += strlen(needle);
  }
  return n;
}

/* Every 0.1 read without an actor refuses with access.no_principal. */
static void ExpectAllRefused(atensi_db* db, const char* child_id, const char* case_id) {
  char* json = NULL;
  int ok = -1;
  atensi_caseload* cl = NULL;
  CHECK_RC(atensi_case_get(&json, db, case_id), ATENSI_PERMISSION_DENIED);
  CHECK_STR(atensi_db_error(db)->reason, "access.no_principal");
  CHECK(strstr(atensi_db_error(db)->message, "atensi_db_set_principal") != NULL);
  CHECK(json == NULL);
  CHECK_RC(atensi_child_get(&json, db, child_id), ATENSI_PERMISSION_DENIED);
  CHECK_STR(atensi_db_error(db)->reason, "access.no_principal");
  CHECK_RC(atensi_case_history(&json, db, case_id), ATENSI_PERMISSION_DENIED);
  CHECK_RC(atensi_cases_by_nik(&json, db, "1503014502170001"), ATENSI_PERMISSION_DENIED);
  CHECK_RC(atensi_caseload_query(&cl, db, NULL), ATENSI_PERMISSION_DENIED);
  CHECK(cl == NULL);
  CHECK_RC(atensi_case_routing(&json, db, case_id), ATENSI_PERMISSION_DENIED);
  CHECK_RC(atensi_referral_get(&json, db, "r-1"), ATENSI_PERMISSION_DENIED);
  CHECK_RC(atensi_case_referrals(&json, db, case_id), ATENSI_PERMISSION_DENIED);
  CHECK_RC(atensi_referral_box(&json, db, "dinsos.15.03", 1, NULL), ATENSI_PERMISSION_DENIED);
  CHECK_RC(atensi_case_transfers(&json, db, case_id), ATENSI_PERMISSION_DENIED);
  CHECK_RC(atensi_referrals_expire(&json, db), ATENSI_PERMISSION_DENIED);
  CHECK_RC(atensi_audit_verify(&ok, &json, db), ATENSI_PERMISSION_DENIED);
  CHECK_STR(atensi_db_error(db)->reason, "access.no_principal");
  CHECK(json == NULL);
}

int main(void) {
  atensi_db* db = NULL;
  atensi_open_options opts;
  atensi_actor worker = ATENSI_ACTOR_INIT, colleague = ATENSI_ACTOR_INIT,
               supervisor = ATENSI_ACTOR_INIT, kerinci = ATENSI_ACTOR_INIT,
               officer = ATENSI_ACTOR_INIT, viewer = ATENSI_ACTOR_INIT;
  atensi_caseload* cl = NULL;
  char* json = NULL;
  char child_id[64], case_id[64], request[256];
  int ok = -1, rows = 0;

  worker.person_id = "pw-0001";
  worker.agency_id = "dinsos.15.03";
  colleague.person_id = "pw-0002";
  colleague.agency_id = "dinsos.15.03";
  supervisor.person_id = "sup-0001";
  supervisor.agency_id = "dinsos.15.03";
  supervisor.role = ATENSI_ROLE_SUPERVISOR;
  kerinci.person_id = "pw-0100";
  kerinci.agency_id = "dinsos.15.01";
  kerinci.role = ATENSI_ROLE_SUPERVISOR;
  officer.person_id = "do-0001";
  officer.agency_id = "dinsos.15.03";
  officer.role = ATENSI_ROLE_DATA_OFFICER;
  viewer.person_id = "v-0001";
  viewer.agency_id = "dinsos.15.03";
  viewer.role = ATENSI_ROLE_VIEWER;

  CHECK_OK(atensi_open_options_init(&opts, ATENSI_OPEN_OPTIONS_VERSION));
  opts.fixed_clock_ms = T0_MS;
  opts.id_seed = 9;
  CHECK_OK(atensi_open(&db, ":memory:", &opts));
  if (db == NULL) return CheckReport("principal_test");

  CHECK_OK(atensi_child_register(&json, db, kChild, &worker));
  CHECK(JsonString(json, "id", child_id, sizeof child_id));
  atensi_free(json);
  snprintf(request, sizeof request,
           "{\"source\":\"outreach\",\"categories\":[\"abh\"],\"risk\":\"medium\","
           "\"lead_agency_id\":\"dinsos.15.03\",\"assigned_worker_id\":\"pw-0001\"}");
  CHECK_OK(atensi_case_open(&json, db, child_id, request, &worker));
  CHECK(JsonString(json, "id", case_id, sizeof case_id));
  atensi_free(json);

  /* No principal: every 0.1 read refuses, and nothing is logged. */
  ExpectAllRefused(db, child_id, case_id);
  CHECK_OK(atensi_access_log(&json, db, child_id, &supervisor));
  CHECK(Count(json, "\"seq\"") == 1); /* only this read of the log itself */
  atensi_free(json);

  /* A principal must be valid, and its role must be allowed the purpose. */
  CHECK_RC(atensi_db_set_principal(db, &worker, 99), ATENSI_INVALID_ARGUMENT);
  CHECK_STR(atensi_db_error(db)->reason, "access.purpose");
  CHECK_RC(atensi_db_set_principal(db, &viewer, ATENSI_PURPOSE_SUBJECT_ACCESS),
           ATENSI_PERMISSION_DENIED);
  CHECK_STR(atensi_db_error(db)->reason, "access.purpose");
  CHECK_RC(atensi_case_get(&json, db, case_id), ATENSI_PERMISSION_DENIED); /* still none */
  CHECK_STR(atensi_db_error(db)->reason, "access.no_principal");

  /* Another regency: the case does not exist for it, its caseload is empty. */
  CHECK_OK(atensi_db_set_principal(db, &kerinci, ATENSI_PURPOSE_SUPERVISION));
  CHECK_RC(atensi_case_get(&json, db, case_id), ATENSI_NOT_FOUND);
  CHECK_STR(atensi_db_error(db)->reason, "access.not_found");
  CHECK(json == NULL);
  CHECK_RC(atensi_child_get(&json, db, child_id), ATENSI_NOT_FOUND);
  CHECK_STR(atensi_db_error(db)->reason, "access.not_found");
  CHECK_OK(atensi_cases_by_nik(&json, db, "1503014502170001"));
  CHECK(json != NULL && strcmp(json, "[]") == 0);
  atensi_free(json);
  CHECK_RC(atensi_referral_box(&json, db, "dinsos.15.03", 1, NULL), ATENSI_PERMISSION_DENIED);
  CHECK_STR(atensi_db_error(db)->reason, "access.scope");
  CHECK_OK(atensi_caseload_query(&cl, db, NULL));
  rows = 0;
  while (atensi_caseload_next(cl) == ATENSI_OK) ++rows;
  CHECK(rows == 0);
  atensi_caseload_destroy(&cl);

  /* The assigned worker: reads, and each read is logged with its purpose. */
  CHECK_OK(atensi_db_set_principal(db, &worker, ATENSI_PURPOSE_CASE_HANDLING));
  CHECK_OK(atensi_case_get(&json, db, case_id));
  CHECK(JsonIs(json, "reach", "\"full\""));
  atensi_free(json);
  CHECK_OK(atensi_child_get(&json, db, child_id));
  CHECK(json != NULL && strstr(json, "\"name\":\"Anak Contoh\"") != NULL);
  atensi_free(json);
  CHECK_OK(atensi_case_history(&json, db, case_id));
  CHECK(json != NULL && strstr(json, "\"action\":\"open_case\"") != NULL);
  atensi_free(json);
  CHECK_OK(atensi_caseload_query(&cl, db, NULL));
  rows = 0;
  while (atensi_caseload_next(cl) == ATENSI_OK) ++rows;
  CHECK(rows == 1);
  atensi_caseload_destroy(&cl);
  /* A case worker may not verify the audit trail (matrix: verify). */
  CHECK_RC(atensi_audit_verify(&ok, &json, db), ATENSI_PERMISSION_DENIED);
  CHECK_STR(atensi_db_error(db)->reason, "access.role");

  /* A colleague: the ABH child's identity stays hidden (need-to-know). */
  CHECK_OK(atensi_db_set_principal(db, &colleague, ATENSI_PURPOSE_CASE_HANDLING));
  CHECK_OK(atensi_child_get(&json, db, child_id));
  CHECK(JsonIs(json, "name", "null"));
  CHECK(json != NULL && strstr(json, "Anak Contoh") == NULL);
  CHECK(json != NULL && strstr(json, "\"hidden\":[") != NULL);
  atensi_free(json);
  CHECK_OK(atensi_cases_by_nik(&json, db, "1503014502170001"));
  CHECK(json != NULL && strstr(json, case_id) != NULL);
  atensi_free(json);
  CHECK_RC(atensi_case_history(&json, db, case_id), ATENSI_PERMISSION_DENIED);
  CHECK_STR(atensi_db_error(db)->reason, "access.need_to_know");

  /* The data officer verifies. */
  CHECK_OK(atensi_db_set_principal(db, &officer, ATENSI_PURPOSE_AUDIT));
  CHECK_OK(atensi_audit_verify(&ok, &json, db));
  CHECK(ok == 1);
  atensi_free(json);

  /* The log names who read through the session principal, and why. */
  CHECK_OK(atensi_access_log(&json, db, child_id, &supervisor));
  CHECK(json != NULL && strstr(json, "\"person_id\":\"pw-0001\"") != NULL);
  CHECK(json != NULL && strstr(json, "\"purpose\":\"case_handling\"") != NULL);
  CHECK(json != NULL && strstr(json, "\"operation\":\"read_history\"") != NULL);
  CHECK(json != NULL && strstr(json, "\"person_id\":\"pw-0002\"") != NULL);
  CHECK(json != NULL && strstr(json, "pw-0100") == NULL); /* refused reads: not logged */
  atensi_free(json);

  /* Clearing the principal restores the refusal. */
  CHECK_OK(atensi_db_set_principal(db, NULL, 0));
  ExpectAllRefused(db, child_id, case_id);

  atensi_close(&db);
  return CheckReport("principal_test");
}
