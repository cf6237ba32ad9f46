/* Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0 */
/* Authorized reads through atensi.h (issue 9, docs/access-control.md): an ABH
 * case (UU 35/2014 art 64: the child's identity is not disclosed) read by its
 * assigned worker, by a colleague (name hidden), by another regency (not
 * found, UU 23/2014 annex F jurisdiction), and the access log of the reads
 * (UU 27/2022 art 32). */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "atensi.h"
#include "check.h"
#include "json_peek.h"

/* 2026-11-28T01:00:00Z */
#define T0_MS 1795827600000LL

static const char kChild[] =
    "{\"id\":\"\",\"nik\":null,\"name\":\"Anak Contoh\",\"sex\":\"F\","
    "\"birth_date\":\"2017-02-10\",\"domicile_region\":\"15.03.01.2001\","
    "\"has_birth_certificate\":null,\"roster_key\":null,"
    "\"guardians\":[],\"family_links\":[]}";

int main(void) {
  atensi_db *db = NULL;
  atensi_open_options opts;
  atensi_actor worker = ATENSI_ACTOR_INIT, colleague = ATENSI_ACTOR_INIT,
               supervisor = ATENSI_ACTOR_INIT, kerinci = ATENSI_ACTOR_INIT;
  char *json = NULL;
  char child_id[64], case_id[64], request[256];

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

  CHECK_OK(atensi_open_options_init(&opts, ATENSI_OPEN_OPTIONS_VERSION));
  opts.fixed_clock_ms = T0_MS;
  opts.id_seed = 7;
  CHECK_OK(atensi_open(&db, ":memory:", &opts));
  if (db == NULL) return CheckReport("access_test");

  CHECK_OK(atensi_child_register(&json, db, kChild, &worker));
  CHECK(JsonString(json, "id", child_id, sizeof child_id));
  atensi_free(json);
  snprintf(request, sizeof request,
           "{\"source\":\"outreach\",\"categories\":[\"abh\"],\"risk\":\"medium\","
           "\"lead_agency_id\":\"dinsos.15.03\",\"assigned_worker_id\":\"pw-0001\"}");
  CHECK_OK(atensi_case_open(&json, db, child_id, request, &worker));
  CHECK(JsonString(json, "id", case_id, sizeof case_id));
  atensi_free(json);

  /* The assigned worker sees the name. */
  CHECK_OK(atensi_child_read(&json, db, child_id, &worker, ATENSI_PURPOSE_CASE_HANDLING));
  CHECK(json != NULL && strstr(json, "\"name\":\"Anak Contoh\"") != NULL);
  atensi_free(json);
  /* A colleague of the same agency does not (need-to-know). */
  CHECK_OK(atensi_child_read(&json, db, child_id, &colleague, ATENSI_PURPOSE_CASE_HANDLING));
  CHECK(JsonIs(json, "name", "null"));
  CHECK(json != NULL && strstr(json, "Anak Contoh") == NULL);
  atensi_free(json);
  CHECK_RC(atensi_case_history_read(&json, db, case_id, &colleague,
                                    ATENSI_PURPOSE_CASE_HANDLING),
           ATENSI_PERMISSION_DENIED);
  CHECK_STR(atensi_db_error(db)->reason, "access.need_to_know");
  /* Another regency: not found. */
  CHECK_RC(atensi_case_read(&json, db, case_id, &kerinci, ATENSI_PURPOSE_SUPERVISION),
           ATENSI_NOT_FOUND);
  CHECK_STR(atensi_db_error(db)->reason, "access.not_found");
  CHECK(json == NULL);
  /* A purpose outside the enum is refused. */
  CHECK_RC(atensi_case_read(&json, db, case_id, &worker, 99), ATENSI_INVALID_ARGUMENT);

  /* The log: two child reads, then this read of the log. */
  CHECK_RC(atensi_access_log(&json, db, child_id, &worker), ATENSI_PERMISSION_DENIED);
  CHECK_OK(atensi_access_log(&json, db, child_id, &supervisor));
  CHECK(json != NULL && strstr(json, "\"person_id\":\"pw-0002\"") != NULL);
  CHECK(json != NULL && strstr(json, "\"operation\":\"read_access_log\"") != NULL);
  CHECK(json != NULL && strstr(json, "pw-0100") == NULL); /* refused reads are not logged */
  atensi_free(json);

  atensi_close(&db);
  return CheckReport("access_test");
}
