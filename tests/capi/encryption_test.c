/* Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0 */
/* Encryption at rest through atensi.h (docs/encryption.md; UU 27/2022 art 4:
 * a child's data is specific personal data): open with a key, the name is
 * not in the file, a wrong key and a missing key are refused with their
 * reasons, rotation to a new key, then the old key is retired. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "atensi.h"
#include "check.h"
#include "json_peek.h"

#define T0_MS 1795827600000LL /* 2026-11-28T01:00:00Z */

static const char kChild[] =
    "{\"id\":\"\",\"nik\":\"1503015002170001\",\"name\":\"Purnamasari Wicaksono\","
    "\"sex\":\"F\",\"birth_date\":\"2017-02-10\",\"domicile_region\":\"15.03.01.2001\","
    "\"has_birth_certificate\":false,\"guardians\":[],\"family_links\":[]}";

static int FileContains(const char *path, const char *needle) {
  FILE *f = fopen(path, "rb");
  char *data;
  long size;
  size_t n = strlen(needle);
  long i;
  int found = 0;
  if (f == NULL) return -1;
  fseek(f, 0, SEEK_END);
  size = ftell(f);
  fseek(f, 0, SEEK_SET);
  data = (char *)malloc((size_t)size + 1);
  if (data == NULL || fread(data, 1, (size_t)size, f) != (size_t)size) size = 0;
  fclose(f);
  for (i = 0; i + (long)n <= size && !found; ++i) found = memcmp(data + i, needle, n) == 0;
  free(data);
  return found;
}

int main(void) {
  const char *path = ATENSI_BINARY_DIR "/capi_encryption_test.db";
  unsigned char k1[32], k2[32];
  atensi_key keys[2];
  atensi_open_options opts = ATENSI_OPEN_OPTIONS_INIT;
  atensi_actor worker = ATENSI_ACTOR_INIT, officer = ATENSI_ACTOR_INIT;
  atensi_db *db = NULL;
  char *child = NULL, *out = NULL;
  char id[64];
  int i, ok = 0;

  for (i = 0; i < 32; ++i) {
    k1[i] = (unsigned char)i;
    k2[i] = (unsigned char)(200 - i);
  }
  keys[0].version = ATENSI_KEY_VERSION;
  keys[0].id = 1;
  keys[0].bytes = k1;
  keys[0].length = sizeof k1;
  keys[1] = keys[0];
  keys[1].id = 2;
  keys[1].bytes = k2;
  opts.fixed_clock_ms = T0_MS;
  worker.person_id = "pw-0001";
  worker.agency_id = "dinsos.15.03";
  officer.person_id = "do-0001";
  officer.agency_id = "dinsos.15.03";
  officer.role = ATENSI_ROLE_DATA_OFFICER;
  remove(path);

  StartPhase("sealed round trip");
  CHECK_OK(atensi_open_encrypted(&db, path, &opts, keys, 1));
  CHECK_OK(atensi_child_register(&child, db, kChild, &worker));
  CHECK_OK(atensi_db_set_principal(db, &officer, ATENSI_PURPOSE_AUDIT));
  CHECK(child != NULL && JsonString(child, "id", id, sizeof id));
  atensi_free(child);
  child = NULL;
  CHECK_OK(atensi_child_get(&child, db, id));
  CHECK(child != NULL && strstr(child, "Purnamasari Wicaksono") != NULL);
  atensi_free(child);
  child = NULL;
  atensi_close(&db);
  CHECK(FileContains(path, "Purnamasari") == 0);

  StartPhase("wrong key, no key");
  keys[1].id = 1; /* key 2's bytes under key 1's id */
  CHECK_RC(atensi_open_encrypted(&db, path, &opts, &keys[1], 1), ATENSI_PERMISSION_DENIED);
  CHECK_LAST_REASON("crypto.wrong_key");
  keys[1].id = 2;
  CHECK_OK(atensi_open(&db, path, &opts));
  CHECK_OK(atensi_db_set_principal(db, &officer, ATENSI_PURPOSE_AUDIT));
  CHECK_RC(atensi_child_get(&child, db, id), ATENSI_FAILED_PRECONDITION);
  CHECK_LAST_REASON("crypto.key_missing");
  atensi_close(&db);

  StartPhase("rotation");
  CHECK_OK(atensi_open_encrypted(&db, path, &opts, keys, 1));
  CHECK_OK(atensi_db_rotate_key(&out, db, &officer, &keys[1], 1));
  CHECK(out != NULL && strstr(out, "\"finished\":true") != NULL);
  atensi_free(out);
  out = NULL;
  CHECK_OK(atensi_db_set_principal(db, &officer, ATENSI_PURPOSE_AUDIT));
  CHECK_OK(atensi_audit_verify(&ok, NULL, db));
  CHECK(ok == 1);
  atensi_close(&db);
  CHECK_OK(atensi_open_encrypted(&db, path, &opts, &keys[1], 1));
  CHECK_OK(atensi_db_set_principal(db, &officer, ATENSI_PURPOSE_AUDIT));
  CHECK_OK(atensi_child_get(&child, db, id));
  atensi_free(child);
  CHECK_OK(atensi_db_encryption(&out, db));
  CHECK(out != NULL && strstr(out, "\"current_key\":2") != NULL);
  atensi_free(out);
  atensi_close(&db);
  CHECK_RC(atensi_open_encrypted(&db, path, &opts, keys, 1), ATENSI_FAILED_PRECONDITION);
  CHECK_LAST_REASON("crypto.key_retired");

  remove(path);
  return CheckReport("encryption_test");
}
