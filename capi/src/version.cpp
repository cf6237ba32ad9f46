// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Run-time version of the library. The values are the header's macros as
// seen when the library was compiled; CMake checks they equal the project
// version (capi/CMakeLists.txt).

#include "atensi.h"

extern "C" {

int atensi_version_number(void) { return ATENSI_VERSION_NUMBER; }

const char* atensi_version_string(void) { return ATENSI_VERSION_STRING; }

}  // extern "C"
