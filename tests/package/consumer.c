#include <stdio.h>
#include <atensi.h>
int main(void) { /* A ten-line program that uses only the installed atensi package. */
  atensi_regions *rs = NULL;
  const char *name = NULL;
  if (atensi_version_number() != ATENSI_VERSION_NUMBER) return 1;
  if (atensi_region_lookup(&rs, "15.03") != ATENSI_OK || atensi_regions_next(rs) != ATENSI_OK) return 2;
  if (atensi_regions_name(&name, rs) != ATENSI_OK) return 3;
  printf("atensi %s: %s\n", atensi_version_string(), name);
  atensi_regions_destroy(&rs);
  return rs == NULL ? 0 : 4;
}
