// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// atensi.h compiles as C++ too (extern "C" guards, no C-only constructs), and
// its declarations link against libatensi from C++.
#include <cstdio>
#include <cstring>

#include "atensi.h"

int main() {
  atensi_open_options opts = ATENSI_OPEN_OPTIONS_INIT;
  if (atensi_open_options_init(&opts, ATENSI_OPEN_OPTIONS_VERSION) != ATENSI_OK) return 1;
  if (atensi_version_number() != ATENSI_VERSION_NUMBER) return 1;
  if (std::strcmp(atensi_status_name(ATENSI_MISUSE), "misuse") != 0) return 1;
  std::puts("PASS header_cxx_test");
  return 0;
}
