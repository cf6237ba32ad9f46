/* Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0 */
/* Misuse never crashes (atensi.h convention 6): NULL arguments, a handle of
 * the wrong type, use after destroy, double destroy, stale options versions. */
#include <stddef.h>
#include <string.h>

#include "atensi.h"
#include "check.h"

static const atensi_date kToday = {2026, 11, 28};

int main(void) {
  atensi_regions *rs = NULL;
  atensi_id_check *c = NULL;
  const char *s = NULL;
  int v = 0;
  size_t n = 0;
  atensi_date d;

  StartPhase("NULL arguments");
  CHECK_RC(atensi_region_lookup(NULL, "15"), ATENSI_MISUSE);
  CHECK_STR(atensi_error_last()->field, "out");
  CHECK_RC(atensi_region_lookup(&rs, NULL), ATENSI_MISUSE);
  CHECK_STR(atensi_error_last()->field, "code");
  CHECK_RC(atensi_nik_parse(&c, NULL, &kToday, NULL), ATENSI_MISUSE);
  CHECK_RC(atensi_nik_parse(&c, "1503031503140002", NULL, NULL), ATENSI_MISUSE);
  CHECK_RC(atensi_kk_parse(NULL, "1503031002150003", &kToday), ATENSI_MISUSE);
  CHECK_RC(atensi_nik_validate(NULL, &kToday), ATENSI_MISUSE);
  CHECK_RC(atensi_date_parse(NULL, "2026-01-01"), ATENSI_MISUSE);
  CHECK_RC(atensi_date_parse(&d, NULL), ATENSI_MISUSE);
  CHECK_RC(atensi_date_format(NULL, &kToday), ATENSI_MISUSE);
  CHECK_RC(atensi_region_table_decree(NULL), ATENSI_MISUSE);
  CHECK_RC(atensi_regions_next(NULL), ATENSI_MISUSE);
  CHECK_RC(atensi_regions_count(&n, NULL), ATENSI_MISUSE);
  CHECK_RC(atensi_id_check_valid(&v, NULL), ATENSI_MISUSE);
  CHECK_RC(atensi_open_options_init(NULL, ATENSI_OPEN_OPTIONS_VERSION), ATENSI_MISUSE);
  CHECK(atensi_error_last()->code == ATENSI_MISUSE);
  CHECK_STR(atensi_error_last()->reason, "capi.misuse");
  CHECK(strstr(atensi_error_last()->message, "atensi_open_options_init") != NULL);
  atensi_regions_destroy(NULL); /* ignored */
  atensi_id_check_destroy(NULL);

  StartPhase("NULL output on a valid handle is recorded on the thread");
  CHECK_OK(atensi_region_lookup(&rs, "15"));
  CHECK_OK(atensi_regions_next(rs));
  CHECK_RC(atensi_regions_code(NULL, rs), ATENSI_MISUSE);
  CHECK_RC(atensi_regions_count(NULL, rs), ATENSI_MISUSE);
  CHECK(atensi_regions_error(rs)->code == ATENSI_MISUSE);
  CHECK_STR(atensi_regions_error(rs)->field, "out");
  atensi_regions_destroy(&rs);

  StartPhase("a handle of the wrong type");
  CHECK_OK(atensi_nik_parse(&c, "1503031503140002", &kToday, NULL));
  CHECK_RC(atensi_regions_next((atensi_regions *)(void *)c), ATENSI_MISUSE);
  CHECK_RC(atensi_regions_count(&n, (atensi_regions *)(void *)c), ATENSI_MISUSE);
  {
    atensi_regions *wrong = (atensi_regions *)(void *)c;
    atensi_regions_destroy(&wrong); /* refused: not a region set */
    CHECK(wrong != NULL);
    CHECK(atensi_error_last()->code == ATENSI_MISUSE);
  }
  CHECK_OK(atensi_id_check_valid(&v, c)); /* still alive */
  CHECK(v == 1);
  {
    /* An arbitrary pointer that was never a handle. */
    int junk[16];
    memset(junk, 0x5A, sizeof junk);
    CHECK_RC(atensi_id_check_valid(&v, (atensi_id_check *)(void *)junk), ATENSI_MISUSE);
  }

  StartPhase("use after destroy and double destroy");
  {
    atensi_id_check *copy = c;
    atensi_id_check_destroy(&c);
    CHECK(c == NULL);
    atensi_id_check_destroy(&c); /* NULL now: a no-op */
    atensi_error_clear();
    atensi_id_check_destroy(&copy); /* stale copy: detected, not freed twice */
    CHECK(atensi_error_last()->code == ATENSI_MISUSE);
    CHECK_RC(atensi_id_check_valid(&v, copy), ATENSI_MISUSE);
    CHECK_RC(atensi_id_check_issue_count(&n, copy, ATENSI_ISSUE_ERROR), ATENSI_MISUSE);
  }
  {
    atensi_regions *copy = NULL;
    CHECK_OK(atensi_region_children(&rs, "15.03"));
    copy = rs;
    atensi_regions_destroy(&rs);
    CHECK(rs == NULL);
    CHECK_RC(atensi_regions_next(copy), ATENSI_MISUSE);
    atensi_regions_destroy(&copy);
    CHECK(copy != NULL); /* left alone: it was not a live handle */
  }

  StartPhase("bad enum arguments");
  CHECK_OK(atensi_nik_parse(&c, "1503031503140002", &kToday, NULL));
  CHECK_RC(atensi_id_check_issue_count(&n, c, 0), ATENSI_INVALID_ARGUMENT);
  CHECK_RC(atensi_id_check_issue(&s, NULL, c, 3, 0), ATENSI_INVALID_ARGUMENT);
  CHECK_RC(atensi_id_check_issue(NULL, NULL, c, ATENSI_ISSUE_ERROR, 0), ATENSI_MISUSE);
  /* Each handle keeps its own last error; the thread's error moves on. */
  CHECK(atensi_id_check_error(c)->code == ATENSI_MISUSE);
  CHECK_RC(atensi_id_check_issue(&s, NULL, c, ATENSI_ISSUE_ERROR, 5), ATENSI_NOT_FOUND);
  CHECK(atensi_id_check_error(c)->code == ATENSI_NOT_FOUND);
  CHECK_STR(atensi_id_check_error(c)->reason, "id.issue_index");
  CHECK_RC(atensi_date_parse(NULL, "2026-01-01"), ATENSI_MISUSE);
  CHECK(atensi_id_check_error(c)->code == ATENSI_NOT_FOUND); /* untouched by other calls */
  atensi_id_check_destroy(&c);
  CHECK(atensi_id_check_error(c)->code == ATENSI_MISUSE); /* NULL: never NULL result */
  CHECK(atensi_regions_error(NULL)->code == ATENSI_MISUSE);
  CHECK(atensi_caseload_error(NULL)->code == ATENSI_MISUSE);

  StartPhase("stale or unknown options versions");
  {
    atensi_open_options o;
    memset(&o, 0, sizeof o);
    CHECK_RC(atensi_open_options_init(&o, 0), ATENSI_MISUSE);
    /* A header newer than the library: refused, not misread. */
    CHECK_RC(atensi_open_options_init(&o, ATENSI_OPEN_OPTIONS_VERSION + 1), ATENSI_UNSUPPORTED);
    CHECK_LAST_REASON("capi.options_version");
    CHECK(o.version == 0); /* untouched */
  }

  StartPhase("database handles");
  {
    atensi_db *db = NULL, *copy = NULL;
    atensi_actor actor = ATENSI_ACTOR_INIT;
    atensi_caseload *cl = NULL;
    char *json = NULL;
    atensi_open_options o;
    actor.person_id = "p";
    actor.agency_id = "a";
    CHECK_RC(atensi_open(NULL, ":memory:", NULL), ATENSI_MISUSE);
    CHECK_RC(atensi_open(&db, NULL, NULL), ATENSI_MISUSE);
    memset(&o, 0, sizeof o);
    CHECK_RC(atensi_open(&db, ":memory:", &o), ATENSI_MISUSE); /* version 0 */
    CHECK(db == NULL);
    CHECK_RC(atensi_case_get(&json, NULL, "x"), ATENSI_MISUSE);
    CHECK(atensi_db_error(NULL)->code == ATENSI_MISUSE); /* never NULL */
    CHECK_OK(atensi_open(&db, ":memory:", NULL));
    CHECK_RC(atensi_case_get(NULL, db, "x"), ATENSI_MISUSE);
    CHECK(atensi_db_error(db)->code == ATENSI_MISUSE); /* recorded on the handle */
    CHECK_RC(atensi_case_get(&json, db, NULL), ATENSI_MISUSE);
    CHECK_RC(atensi_child_register(&json, db, "{}", NULL), ATENSI_MISUSE);
    actor.version = 0;
    CHECK_RC(atensi_child_register(&json, db, "{}", &actor), ATENSI_MISUSE);
    actor.version = ATENSI_ACTOR_VERSION + 1;
    CHECK_RC(atensi_child_register(&json, db, "{}", &actor), ATENSI_UNSUPPORTED);
    actor.version = ATENSI_ACTOR_VERSION;
    actor.role = 99;
    CHECK_RC(atensi_child_register(&json, db, "{}", &actor), ATENSI_INVALID_ARGUMENT);
    CHECK_LAST_REASON("capi.actor_role");
    actor.role = ATENSI_ROLE_CASE_WORKER;
    CHECK_RC(atensi_child_register(&json, db, "{not json", &actor), ATENSI_INVALID_ARGUMENT);
    CHECK_LAST_REASON("capi.json");
    CHECK(json == NULL);
    /* A region set is not a database. */
    CHECK_OK(atensi_region_lookup(&rs, "15"));
    CHECK_RC(atensi_case_get(&json, (atensi_db *)(void *)rs, "x"), ATENSI_MISUSE);
    atensi_regions_destroy(&rs);
    /* A listing outliving its database (as a session principal, 0.3.0). */
    CHECK_RC(atensi_caseload_query(&cl, db, NULL), ATENSI_PERMISSION_DENIED);
    CHECK_LAST_REASON("access.no_principal");
    CHECK_RC(atensi_db_set_principal(db, NULL, 0), ATENSI_OK); /* clearing: always fine */
    actor.role = ATENSI_ROLE_DATA_OFFICER;
    CHECK_OK(atensi_db_set_principal(db, &actor, ATENSI_PURPOSE_AUDIT));
    CHECK_OK(atensi_caseload_query(&cl, db, NULL));
    copy = db;
    atensi_close(&db);
    CHECK(db == NULL);
    atensi_close(&db);   /* NULL: no-op */
    atensi_close(&copy); /* stale: detected */
    CHECK(copy != NULL);
    CHECK_RC(atensi_case_get(&json, copy, "x"), ATENSI_MISUSE);
    CHECK_RC(atensi_caseload_next(cl), ATENSI_DONE); /* empty first page: nothing to fetch */
    atensi_caseload_destroy(&cl);
    CHECK(cl == NULL);
  }

  return CheckReport("misuse_test");
}
