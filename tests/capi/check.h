/* Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0 */
/* A tiny C99 test harness for the C API tests (LevelDB c_test.c style):
 * phases, and checks that print file:line, the phase, and the last error. */
#ifndef ATENSI_TESTS_CAPI_CHECK_H_
#define ATENSI_TESTS_CAPI_CHECK_H_

#include <stdio.h>
#include <string.h>

#include "atensi.h"

static const char *check_phase = "";
static int check_failures = 0;

static void StartPhase(const char *name) {
  check_phase = name;
  fprintf(stderr, "=== %s\n", name);
}

static void CheckFailed(const char *file, int line, const char *what) {
  const atensi_error *e = atensi_error_last();
  fprintf(stderr, "%s:%d: [%s] check failed: %s (last error: %s %s: %s)\n", file, line,
          check_phase, what, atensi_status_name(e->code), e->reason, e->message);
  ++check_failures;
}

/* CHECK(cond): records a failure when cond is false. */
#define CHECK(cond)                                   \
  do {                                                \
    if (!(cond)) CheckFailed(__FILE__, __LINE__, #cond); \
  } while (0)

/* CHECK_RC(expr, expected): expr must return the status `expected`. */
#define CHECK_RC(expr, expected)                                                         \
  do {                                                                                   \
    int check_rc_ = (expr);                                                              \
    if (check_rc_ != (expected)) {                                                       \
      char check_buf_[512];                                                              \
      snprintf(check_buf_, sizeof check_buf_, "%s returned %s (%d), expected %s", #expr, \
               atensi_status_name(check_rc_), check_rc_, atensi_status_name(expected));  \
      CheckFailed(__FILE__, __LINE__, check_buf_);                                       \
    }                                                                                    \
  } while (0)

#define CHECK_OK(expr) CHECK_RC((expr), ATENSI_OK)

/* CHECK_STR(a, b): two non-NULL strings are equal. */
#define CHECK_STR(a, b)                                                                  \
  do {                                                                                   \
    const char *check_a_ = (a), *check_b_ = (b);                                         \
    if (check_a_ == NULL || check_b_ == NULL || strcmp(check_a_, check_b_) != 0) {       \
      char check_buf_[512];                                                              \
      snprintf(check_buf_, sizeof check_buf_, "%s == %s (\"%s\" vs \"%s\")", #a, #b,     \
               check_a_ ? check_a_ : "(null)", check_b_ ? check_b_ : "(null)");          \
      CheckFailed(__FILE__, __LINE__, check_buf_);                                       \
    }                                                                                    \
  } while (0)

/* CHECK_LAST_REASON(r): the thread's last error has reason r. */
#define CHECK_LAST_REASON(r) CHECK_STR(atensi_error_last()->reason, (r))

static int CheckReport(const char *test) {
  if (check_failures == 0) {
    fprintf(stderr, "PASS %s\n", test);
    return 0;
  }
  fprintf(stderr, "FAIL %s: %d check(s) failed\n", test, check_failures);
  return 1;
}

#endif /* ATENSI_TESTS_CAPI_CHECK_H_ */
