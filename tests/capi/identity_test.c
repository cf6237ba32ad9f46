/* Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0 */
/* NIK and No. KK checks through atensi.h, in C99. Structure per Dukcapil
 * (shared/domain/identifiers.md §1): PP KK CC DD MM YY SSSS, day + 40 for
 * women in a NIK, no +40 rule in a No. KK. */
#include <stddef.h>
#include <string.h>

#include "atensi.h"
#include "check.h"

static const atensi_date kToday = {2026, 11, 28};

/* 1 when the check has a finding with this code at this severity. */
static int HasIssue(const atensi_id_check *c, int severity, const char *code) {
  size_t n = 0, i;
  if (atensi_id_check_issue_count(&n, c, severity) != ATENSI_OK) return 0;
  for (i = 0; i < n; ++i) {
    const char *got = NULL, *msg = NULL;
    if (atensi_id_check_issue(&got, &msg, c, severity, i) != ATENSI_OK) return 0;
    if (msg == NULL || msg[0] == '\0') return 0; /* every finding has a message */
    if (strcmp(got, code) == 0) return 1;
  }
  return 0;
}

int main(void) {
  atensi_id_check *c = NULL;
  int v = -1;
  const char *s = NULL;
  atensi_date d;
  size_t n = 99;

  StartPhase("valid NIK of a girl from Kecamatan Sarolangun");
  /* 15.03.03 = Sarolangun, Kabupaten Sarolangun (data/regions/districts.csv);
   * day 55 = 15 + 40, so female; born 15-03-(20)14; serial 0002. Separators allowed. */
  CHECK_OK(atensi_nik_parse(&c, "1503 0355 0314 0002", &kToday, NULL));
  CHECK(c != NULL);
  CHECK_OK(atensi_id_check_kind(&v, c));
  CHECK(v == ATENSI_ID_NIK);
  CHECK_OK(atensi_id_check_valid(&v, c));
  CHECK(v == 1);
  CHECK_OK(atensi_id_check_digits(&s, c));
  CHECK_STR(s, "1503035503140002");
  CHECK_OK(atensi_id_check_sex(&v, c));
  CHECK(v == ATENSI_SEX_FEMALE);
  CHECK_OK(atensi_id_check_date(&d, c));
  CHECK(d.year == 2014 && d.month == 3 && d.day == 15);
  CHECK_OK(atensi_id_check_serial(&v, c));
  CHECK(v == 2);
  CHECK_OK(atensi_id_check_region(&s, c, ATENSI_ID_PROVINCE));
  CHECK_STR(s, "15");
  CHECK_OK(atensi_id_check_region(&s, c, ATENSI_ID_REGENCY));
  CHECK_STR(s, "15.03");
  CHECK_OK(atensi_id_check_region(&s, c, ATENSI_ID_DISTRICT));
  CHECK_STR(s, "15.03.03");
  CHECK_OK(atensi_id_check_region(&s, c, ATENSI_ID_CURRENT_DISTRICT));
  CHECK_STR(s, "15.03.03");
  CHECK_OK(atensi_id_check_historical(&v, c));
  CHECK(v == 0);
  CHECK_OK(atensi_id_check_issue_count(&n, c, ATENSI_ISSUE_ERROR));
  CHECK(n == 0);
  CHECK_RC(atensi_id_check_issue(&s, NULL, c, ATENSI_ISSUE_ERROR, 0), ATENSI_NOT_FOUND);
  CHECK_LAST_REASON("id.issue_index");
  CHECK_RC(atensi_id_check_region(&s, c, 9), ATENSI_INVALID_ARGUMENT);
  atensi_id_check_destroy(&c);
  CHECK(c == NULL);
  CHECK_OK(atensi_nik_validate("1503035503140002", &kToday));

  StartPhase("a man's day code is the plain day");
  CHECK_OK(atensi_nik_parse(&c, "1503031503140002", &kToday, NULL));
  CHECK_OK(atensi_id_check_sex(&v, c));
  CHECK(v == ATENSI_SEX_MALE);
  atensi_id_check_destroy(&c);

  StartPhase("invalid NIKs: findings, not failures");
  /* Day code 32 is neither 01-31 nor 41-71. */
  CHECK_OK(atensi_nik_parse(&c, "1503033203140002", &kToday, NULL));
  CHECK_OK(atensi_id_check_valid(&v, c));
  CHECK(v == 0);
  CHECK(HasIssue(c, ATENSI_ISSUE_ERROR, "nik.day_range"));
  CHECK_OK(atensi_id_check_sex(&v, c));
  CHECK(v == ATENSI_SEX_UNKNOWN);
  CHECK_RC(atensi_id_check_date(&d, c), ATENSI_NOT_FOUND);
  CHECK_LAST_REASON("id.no_date");
  atensi_id_check_destroy(&c);
  /* The SIAK serial starts at 0001 (Dukcapil; identifiers.md §1). */
  CHECK_OK(atensi_nik_parse(&c, "1503031503140000", &kToday, NULL));
  CHECK(HasIssue(c, ATENSI_ISSUE_ERROR, "nik.serial_zero"));
  atensi_id_check_destroy(&c);
  CHECK_OK(atensi_nik_parse(&c, "15030315031400", &kToday, NULL));
  CHECK(HasIssue(c, ATENSI_ISSUE_ERROR, "nik.length"));
  CHECK_OK(atensi_id_check_digits(&s, c));
  CHECK_STR(s, "");
  atensi_id_check_destroy(&c);
  CHECK_RC(atensi_nik_validate("1503033203140002", &kToday), ATENSI_INVALID_ARGUMENT);
  CHECK_LAST_REASON("nik.day_range");
  CHECK_STR(atensi_error_last()->field, "nik");
  /* Messages never contain the number (status.h). */
  CHECK(strstr(atensi_error_last()->message, "1503033203140002") == NULL);

  StartPhase("recorded birth date chooses the century");
  {
    /* YY = 14: 2014 by the pivot, but a recorded 1914 birth date wins. */
    atensi_date recorded = {1914, 3, 15};
    CHECK_OK(atensi_nik_parse(&c, "1503031503140002", &kToday, &recorded));
    CHECK_OK(atensi_id_check_date(&d, c));
    CHECK(d.year == 1914);
    atensi_id_check_destroy(&c);
  }

  StartPhase("bad reference date is an argument error");
  {
    atensi_date bad = {2026, 13, 1};
    CHECK_RC(atensi_nik_parse(&c, "1503031503140002", &bad, NULL), ATENSI_INVALID_ARGUMENT);
    CHECK(c == NULL);
    CHECK_STR(atensi_error_last()->field, "reference_date");
  }

  StartPhase("No. KK");
  /* Recorded 10-02-2015 by Kecamatan Sarolangun, family serial 0003. */
  CHECK_OK(atensi_kk_parse(&c, "1503031002150003", &kToday));
  CHECK_OK(atensi_id_check_kind(&v, c));
  CHECK(v == ATENSI_ID_KK);
  CHECK_OK(atensi_id_check_valid(&v, c));
  CHECK(v == 1);
  CHECK_OK(atensi_id_check_date(&d, c));
  CHECK(d.year == 2015 && d.month == 2 && d.day == 10);
  CHECK_OK(atensi_id_check_sex(&v, c));
  CHECK(v == ATENSI_SEX_UNKNOWN);
  atensi_id_check_destroy(&c);
  /* No +40 rule in a No. KK: a woman's NIK typed into the KK field. */
  CHECK_OK(atensi_kk_parse(&c, "1503035503140002", &kToday));
  CHECK_OK(atensi_id_check_valid(&v, c));
  CHECK(v == 0);
  CHECK(HasIssue(c, ATENSI_ISSUE_ERROR, "kk.day_range"));
  CHECK(HasIssue(c, ATENSI_ISSUE_WARNING, "kk.looks_like_nik"));
  atensi_id_check_destroy(&c);
  CHECK_OK(atensi_kk_validate("1503031002150003", &kToday));
  CHECK_RC(atensi_kk_validate("1503031002150000", &kToday), ATENSI_INVALID_ARGUMENT);
  CHECK_LAST_REASON("kk.serial_zero");

  return CheckReport("identity_test");
}
