/* Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0 */
/* Version, status codes, errors, dates and options through atensi.h, in C99. */
#include <stdio.h>
#include <string.h>

#include "atensi.h"
#include "check.h"

int main(void) {
  StartPhase("version");
  {
    char buf[32];
    /* The runtime library is the one this test was compiled against. */
    CHECK(atensi_version_number() == ATENSI_VERSION_NUMBER);
    CHECK_STR(atensi_version_string(), ATENSI_VERSION_STRING);
    snprintf(buf, sizeof buf, "%d.%d.%d", ATENSI_VERSION_MAJOR, ATENSI_VERSION_MINOR,
             ATENSI_VERSION_PATCH);
    CHECK_STR(buf, ATENSI_VERSION_STRING);
    CHECK(ATENSI_VERSION_NUMBER ==
          ATENSI_VERSION_MAJOR * 10000 + ATENSI_VERSION_MINOR * 100 + ATENSI_VERSION_PATCH);
  }

  StartPhase("status codes are the documented, stable numbers");
  {
    /* These values are ABI (atensi.h, docs/pages/c-api-conventions.md). */
    CHECK(ATENSI_OK == 0);
    CHECK(ATENSI_INVALID_ARGUMENT == 1);
    CHECK(ATENSI_NOT_FOUND == 2);
    CHECK(ATENSI_ALREADY_EXISTS == 3);
    CHECK(ATENSI_FAILED_PRECONDITION == 4);
    CHECK(ATENSI_CONFLICT == 5);
    CHECK(ATENSI_PERMISSION_DENIED == 6);
    CHECK(ATENSI_EXPIRED == 7);
    CHECK(ATENSI_IO == 8);
    CHECK(ATENSI_CORRUPTION == 9);
    CHECK(ATENSI_BUSY == 10);
    CHECK(ATENSI_UNSUPPORTED == 11);
    CHECK(ATENSI_INTERNAL == 12);
    CHECK(ATENSI_MISUSE == 64);
    CHECK(ATENSI_NOMEM == 65);
    CHECK(ATENSI_DONE == 96);
    CHECK_STR(atensi_status_name(ATENSI_OK), "ok");
    CHECK_STR(atensi_status_name(ATENSI_INVALID_ARGUMENT), "invalid_argument");
    CHECK_STR(atensi_status_name(ATENSI_FAILED_PRECONDITION), "failed_precondition");
    CHECK_STR(atensi_status_name(ATENSI_INTERNAL), "internal");
    CHECK_STR(atensi_status_name(ATENSI_MISUSE), "misuse");
    CHECK_STR(atensi_status_name(ATENSI_NOMEM), "nomem");
    CHECK_STR(atensi_status_name(ATENSI_DONE), "done");
    /* Reserved values have no name. */
    CHECK_STR(atensi_status_name(13), "unknown");
    CHECK_STR(atensi_status_name(66), "unknown");
    CHECK_STR(atensi_status_name(-1), "unknown");
    CHECK_STR(atensi_status_name(ATENSI_STATUS_RESERVED_DO_NOT_SWITCH_ON_ME_), "unknown");
  }

  StartPhase("last error is thread-local, never NULL, cleared on request");
  {
    atensi_date d;
    atensi_error_clear();
    CHECK(atensi_error_last() != NULL);
    CHECK(atensi_error_last()->code == ATENSI_OK);
    CHECK_STR(atensi_error_last()->message, "");
    CHECK_RC(atensi_date_parse(&d, "2026-02-30"), ATENSI_INVALID_ARGUMENT);
    CHECK(atensi_error_last()->code == ATENSI_INVALID_ARGUMENT);
    CHECK(atensi_error_last()->message[0] != '\0');
    /* A successful call leaves the last error untouched. */
    CHECK_OK(atensi_date_parse(&d, "2026-02-28"));
    CHECK(atensi_error_last()->code == ATENSI_INVALID_ARGUMENT);
    atensi_error_clear();
    CHECK(atensi_error_last()->code == ATENSI_OK);
  }

  StartPhase("dates");
  {
    atensi_date d = {0, 0, 0};
    atensi_date leap = {2024, 2, 29};
    atensi_date bad = {2026, 2, 29};
    char *text = NULL;
    CHECK_OK(atensi_date_parse(&d, "2014-03-15"));
    CHECK(d.year == 2014 && d.month == 3 && d.day == 15);
    CHECK_OK(atensi_date_format(&text, &leap));
    CHECK_STR(text, "2024-02-29");
    atensi_free(text);
    text = NULL;
    CHECK_RC(atensi_date_format(&text, &bad), ATENSI_INVALID_ARGUMENT);
    CHECK(text == NULL);
    CHECK_RC(atensi_date_parse(&d, "2026-11-28T00:00"), ATENSI_INVALID_ARGUMENT);
    CHECK_RC(atensi_date_parse(&d, ""), ATENSI_INVALID_ARGUMENT);
    atensi_free(NULL); /* ignored */
  }

  StartPhase("open options");
  {
    atensi_open_options a = ATENSI_OPEN_OPTIONS_INIT;
    atensi_open_options b;
    memset(&b, 0xAB, sizeof b);
    CHECK_OK(atensi_open_options_init(&b, ATENSI_OPEN_OPTIONS_VERSION));
    CHECK(b.version == ATENSI_OPEN_OPTIONS_VERSION);
    /* The macro and the function give the same defaults. */
    CHECK(a.version == b.version && a.flags == b.flags && a.busy_timeout_ms == b.busy_timeout_ms);
    CHECK(b.flags == ATENSI_OPEN_CREATE);
    CHECK(b.busy_timeout_ms > 0);
  }

  return CheckReport("version_status_test");
}
