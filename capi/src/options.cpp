// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Versioned options structs (libgit2 pattern): the caller states the version
// of the struct it was compiled with; the library fills in the defaults of
// that version and rejects versions it does not know.

#include "atensi.h"
#include "handle.h"

using atensi::capi::CheckStructVersion;
using atensi::capi::Guard;
using atensi::capi::Handle;
using atensi::capi::Misuse;

extern "C" {

int atensi_open_options_init(atensi_open_options* opts, unsigned int version) {
  const char* const fn = __func__;
  return Guard([&](Handle*&) -> int {
    if (opts == nullptr) return Misuse(nullptr, fn, "opts", "is NULL");
    if (int rc = CheckStructVersion(nullptr, fn, "version", version, ATENSI_OPEN_OPTIONS_VERSION);
        rc != ATENSI_OK) {
      return rc;
    }
    // Version 1 is the only version so far; later versions extend this.
    const atensi_open_options defaults = ATENSI_OPEN_OPTIONS_INIT;
    *opts = defaults;
    opts->version = version;
    return ATENSI_OK;
  });
}

int atensi_caseload_filter_init(atensi_caseload_filter* filter, unsigned int version) {
  const char* const fn = __func__;
  return Guard([&](Handle*&) -> int {
    if (filter == nullptr) return Misuse(nullptr, fn, "filter", "is NULL");
    if (int rc =
            CheckStructVersion(nullptr, fn, "version", version, ATENSI_CASELOAD_FILTER_VERSION);
        rc != ATENSI_OK) {
      return rc;
    }
    const atensi_caseload_filter defaults = ATENSI_CASELOAD_FILTER_INIT;
    *filter = defaults;
    filter->version = version;
    return ATENSI_OK;
  });
}

}  // extern "C"
