/* Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0 */
/* The Kemendagri region table through atensi.h, in C99. Expected rows come
 * from the CSV files in data/regions (Kepmendagri 300.2.2-2138/2025 as amended by
 * 300.2.2-2430/2025). */
#include <stdint.h>
#include <string.h>

#include "atensi.h"
#include "check.h"

int main(void) {
  atensi_regions *rs = NULL;
  const char *s = NULL;
  int v = 0;
  uint32_t children = 0;
  size_t n = 0;

  StartPhase("decree");
  CHECK_OK(atensi_region_table_decree(&s));
  CHECK(s != NULL && strstr(s, "Kepmendagri") != NULL);

  StartPhase("lookup Kabupaten Sarolangun");
  CHECK_OK(atensi_region_lookup(&rs, "1503")); /* undotted input, dotted output */
  CHECK_OK(atensi_regions_count(&n, rs));
  CHECK(n == 1);
  CHECK_RC(atensi_regions_code(&s, rs), ATENSI_MISUSE); /* before the first next() */
  CHECK_OK(atensi_regions_next(rs));
  CHECK_OK(atensi_regions_code(&s, rs));
  CHECK_STR(s, "15.03");
  CHECK_OK(atensi_regions_name(&s, rs));
  CHECK_STR(s, "Kabupaten Sarolangun");
  CHECK_OK(atensi_regions_level(&v, rs));
  CHECK(v == ATENSI_REGION_REGENCY);
  CHECK_OK(atensi_regions_kind(&v, rs));
  CHECK(v == ATENSI_REGION_KIND_KABUPATEN); /* regency code 01-69 */
  CHECK_OK(atensi_regions_child_count(&children, rs));
  CHECK(children == 11); /* 15.03.01 .. 15.03.11 in districts.csv */
  CHECK_RC(atensi_regions_next(rs), ATENSI_DONE);
  CHECK_RC(atensi_regions_next(rs), ATENSI_DONE); /* stays done */
  CHECK_RC(atensi_regions_name(&s, rs), ATENSI_MISUSE);
  atensi_regions_destroy(&rs);
  CHECK(rs == NULL);

  StartPhase("lookup failures");
  CHECK_RC(atensi_region_lookup(&rs, "15.3"), ATENSI_INVALID_ARGUMENT);
  CHECK_LAST_REASON("region.format");
  CHECK(rs == NULL);
  CHECK_RC(atensi_region_lookup(&rs, "15.68"), ATENSI_NOT_FOUND);
  CHECK_LAST_REASON("region.unknown");

  StartPhase("children in code order");
  CHECK_OK(atensi_region_children(&rs, "15.03"));
  CHECK_OK(atensi_regions_count(&n, rs));
  CHECK(n == children);
  CHECK_OK(atensi_regions_next(rs));
  CHECK_OK(atensi_regions_code(&s, rs));
  CHECK_STR(s, "15.03.01");
  CHECK_OK(atensi_regions_name(&s, rs));
  CHECK_STR(s, "Batang Asai");
  CHECK_OK(atensi_regions_kind(&v, rs));
  CHECK(v == ATENSI_REGION_KIND_KECAMATAN);
  {
    size_t rows = 1;
    char prev[32];
    CHECK_OK(atensi_regions_code(&s, rs));
    strncpy(prev, s, sizeof prev - 1);
    prev[sizeof prev - 1] = '\0';
    while (atensi_regions_next(rs) == ATENSI_OK) {
      CHECK_OK(atensi_regions_code(&s, rs));
      CHECK(strcmp(prev, s) < 0);
      strncpy(prev, s, sizeof prev - 1);
      ++rows;
    }
    CHECK(rows == n);
  }
  atensi_regions_destroy(&rs);

  StartPhase("provinces");
  CHECK_OK(atensi_region_children(&rs, NULL));
  CHECK_OK(atensi_regions_count(&n, rs));
  CHECK(n == 38); /* 38 provinces since the 2022 Papua split (provinces.csv) */
  CHECK_OK(atensi_regions_next(rs));
  CHECK_OK(atensi_regions_name(&s, rs));
  CHECK_STR(s, "Aceh");
  atensi_regions_destroy(&rs);

  StartPhase("search by name");
  CHECK_OK(atensi_region_search(&rs, "KAB. SAROLANGUN", 5, ATENSI_REGION_REGENCY, NULL));
  CHECK_OK(atensi_regions_next(rs));
  CHECK_OK(atensi_regions_code(&s, rs));
  CHECK_STR(s, "15.03");
  atensi_regions_destroy(&rs);
  CHECK_OK(atensi_region_search(&rs, "sarolangun", 20, ATENSI_REGION_DISTRICT, "15.03"));
  CHECK_OK(atensi_regions_next(rs));
  CHECK_OK(atensi_regions_code(&s, rs));
  CHECK_STR(s, "15.03.03");
  atensi_regions_destroy(&rs);
  CHECK_RC(atensi_region_search(&rs, "", 20, ATENSI_REGION_ANY, NULL), ATENSI_INVALID_ARGUMENT);
  CHECK_LAST_REASON("region.query");
  CHECK_RC(atensi_region_search(&rs, "jambi", 0, ATENSI_REGION_ANY, NULL),
           ATENSI_INVALID_ARGUMENT);
  CHECK_LAST_REASON("region.limit");
  CHECK_RC(atensi_region_search(&rs, "jambi", 5, 7, NULL), ATENSI_INVALID_ARGUMENT);
  CHECK_LAST_REASON("region.level");
  CHECK_RC(atensi_region_search(&rs, "\xC3\x28", 5, ATENSI_REGION_ANY, NULL),
           ATENSI_INVALID_ARGUMENT); /* invalid UTF-8 */
  CHECK(rs == NULL);

  return CheckReport("region_test");
}
