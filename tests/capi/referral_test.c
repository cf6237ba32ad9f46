/* Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0 */
/* The closed-loop referral handshake through atensi.h (FHIR Task statuses,
 * routing/referral.h): the regency social service refers the seed child to the
 * Kemensos centre, which accepts; a rejection falls through to the next lead
 * candidate; sharing needs consent for each item (UU 27/2022 arts 22, 25). */
#include <stdlib.h>
#include <string.h>

#include "atensi.h"
#include "check.h"
#include "json_peek.h"

#define T0_MS 1795827600000LL /* 2026-11-28T01:00:00Z */

static const char kRequest[] =
    "{\"id\":\"ref-0001\",\"case_id\":\"case-1\",\"from_agency\":\"dinsos.15.03\","
    "\"to_agency\":\"kemensos.sentra.alyatama\",\"role\":\"lead\","
    "\"reason\":\"PKH could not handle the problem\",\"shared_fields\":[\"identity\"],"
    "\"purpose\":\"referral\"}";
static const char kConsent[] =
    "{\"fields\":[\"identity\",\"assessment\"],\"purposes\":[\"referral\"]}";
static const char kFacts[] =
    "{\"age\":9,\"domicile\":\"15.03.01.2001\",\"pkh_participant\":true,"
    "\"programmes_tried\":[{\"programme\":\"pkh\",\"outcome\":\"not_handled\"}],"
    "\"has_disability\":true,\"categories\":[\"disabilitas\"]}";

int main(void) {
  atensi_actor dinsos = ATENSI_ACTOR_INIT, centre = ATENSI_ACTOR_INIT;
  char *ref = NULL, *next = NULL, *decision = NULL, *list = NULL, *cand = NULL;
  char buf[64];
  atensi_date on = {2026, 11, 28};
  size_t n;

  dinsos.person_id = "pw-0001";
  dinsos.agency_id = "dinsos.15.03";
  centre.person_id = "ps-0002";
  centre.agency_id = "kemensos.sentra.alyatama";

  StartPhase("submit and accept");
  CHECK_OK(atensi_referral_create(&ref, kRequest, kConsent, &dinsos, T0_MS, 1));
  CHECK(ref != NULL && JsonString(ref, "status", buf, sizeof buf) &&
        strcmp(buf, "requested") == 0);
  /* The requester cannot answer its own referral. */
  CHECK_RC(atensi_referral_apply(&next, ref, "{\"kind\":\"accept\"}", &dinsos, T0_MS + 1000),
           ATENSI_PERMISSION_DENIED);
  CHECK_OK(atensi_referral_apply(&next, ref, "{\"kind\":\"accept\"}", &centre, T0_MS + 1000));
  CHECK(next != NULL && JsonString(next, "status", buf, sizeof buf) &&
        strcmp(buf, "accepted") == 0);
  atensi_free(next);
  next = NULL;

  StartPhase("reject, then fall through to the next candidate");
  CHECK_OK(atensi_referral_apply(&next, ref, "{\"kind\":\"reject\",\"reason\":\"no capacity\"}",
                                 &centre, T0_MS + 1000));
  CHECK(next != NULL && JsonString(next, "status", buf, sizeof buf) &&
        strcmp(buf, "rejected") == 0);
  CHECK_OK(atensi_route(&decision, kFacts, &on));
  if (next != NULL && decision != NULL) {
    n = strlen(next);
    list = (char *)malloc(n + 3);
    if (list != NULL) {
      list[0] = '[';
      memcpy(list + 1, next, n);
      list[n + 1] = ']';
      list[n + 2] = '\0';
      CHECK_OK(atensi_referral_next_candidate(&cand, decision, list));
      CHECK(cand != NULL && JsonString(cand, "agency_id", buf, sizeof buf) &&
            strcmp(buf, "dinsos.15.03") == 0);
      free(list);
    }
  }
  atensi_free(cand);
  atensi_free(decision);
  atensi_free(next);
  next = NULL;

  StartPhase("consent must cover every shared item");
  {
    char *r2 = NULL;
    CHECK_RC(atensi_referral_create(&r2,
                                    "{\"id\":\"ref-2\",\"case_id\":\"case-1\","
                                    "\"from_agency\":\"dinsos.15.03\","
                                    "\"to_agency\":\"kemensos.sentra.alyatama\",\"reason\":\"x\","
                                    "\"shared_fields\":[\"health\"]}",
                                    kConsent, &dinsos, T0_MS, 1),
             ATENSI_PERMISSION_DENIED);
    CHECK_LAST_REASON("referral.consent_field");
    CHECK(r2 == NULL);
  }
  atensi_free(ref);
  return CheckReport("referral_test");
}
