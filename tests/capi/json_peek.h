/* Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0 */
/* Reading a top-level member of the JSON documents atensi returns, in plain
 * C99 (the tests use only atensi.h and the C library). Handles nesting and
 * escaped quotes; enough for the compact output of the library. */
#ifndef ATENSI_TESTS_CAPI_JSON_PEEK_H_
#define ATENSI_TESTS_CAPI_JSON_PEEK_H_

#include <stdlib.h>
#include <string.h>

/* Points at the value of top-level member `key` of object `json`, or NULL. */
static const char *JsonMember(const char *json, const char *key) {
  int depth = 0, in_string = 0;
  size_t klen = strlen(key);
  const char *p;
  for (p = json; *p != '\0'; ++p) {
    if (in_string) {
      if (*p == '\\' && p[1] != '\0') {
        ++p;
      } else if (*p == '"') {
        in_string = 0;
      }
      continue;
    }
    if (*p == '{' || *p == '[') {
      ++depth;
    } else if (*p == '}' || *p == ']') {
      --depth;
    } else if (*p == '"') {
      if (depth == 1 && strncmp(p + 1, key, klen) == 0 && p[1 + klen] == '"' &&
          p[2 + klen] == ':') {
        return p + klen + 3;
      }
      in_string = 1;
    }
  }
  return NULL;
}

/* Copies the string value of top-level member `key` into buf; 1 on success. */
static int JsonString(const char *json, const char *key, char *buf, size_t size) {
  const char *v = JsonMember(json, key);
  size_t n = 0;
  if (v == NULL || *v != '"') return 0;
  for (++v; *v != '\0' && *v != '"' && n + 1 < size; ++v) buf[n++] = *v;
  buf[n] = '\0';
  return *v == '"';
}

/* The integer value of top-level member `key`, or `def`. */
static long long JsonInt(const char *json, const char *key, long long def) {
  const char *v = JsonMember(json, key);
  return v == NULL ? def : strtoll(v, NULL, 10);
}

/* 1 when top-level member `key` is the literal `literal` (e.g. "true", "null"). */
static int JsonIs(const char *json, const char *key, const char *literal) {
  const char *v = JsonMember(json, key);
  return v != NULL && strncmp(v, literal, strlen(literal)) == 0;
}

#endif /* ATENSI_TESTS_CAPI_JSON_PEEK_H_ */
