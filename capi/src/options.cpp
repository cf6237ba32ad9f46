// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Versioned options structs (libgit2 pattern): the caller states the version
// of the struct it was compiled with; the library fills in the defaults of
// that version and rejects versions it does not know.

#include <string>

#include "atensi.h"
#include "handle.h"

using atensi::capi::Fail;
using atensi::capi::Guard;
using atensi::capi::Handle;
using atensi::capi::Misuse;

extern "C" {

int atensi_open_options_init(atensi_open_options* opts, unsigned int version) {
  const char* const fn = __func__;
  return Guard([&](Handle*&) -> int {
    if (opts == nullptr) return Misuse(nullptr, fn, "opts", "is NULL");
    if (version == 0) {
      return Misuse(nullptr, fn, "version",
                    "is 0; pass ATENSI_OPEN_OPTIONS_VERSION");
    }
    if (version > ATENSI_OPEN_OPTIONS_VERSION) {
      return Fail(nullptr, ATENSI_UNSUPPORTED, "capi.options_version", "version",
                  "atensi_open_options version " + std::to_string(version) +
                      " is newer than this library supports (" +
                      std::to_string(ATENSI_OPEN_OPTIONS_VERSION) +
                      "): the program was compiled against a newer atensi.h.");
    }
    // Version 1 is the only version so far; later versions extend this.
    const atensi_open_options defaults = ATENSI_OPEN_OPTIONS_INIT;
    *opts = defaults;
    opts->version = version;
    return ATENSI_OK;
  });
}

}  // extern "C"
