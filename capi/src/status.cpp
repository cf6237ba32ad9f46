// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Status codes, the thread-local last error, and atensi_free.

#include "atensi/status.h"

#include <cstdlib>

#include "atensi.h"
#include "handle.h"

namespace {

// The C codes 0..12 are the C++ StatusCode values, one to one (atensi.h).
using atensi::StatusCode;
static_assert(static_cast<int>(StatusCode::kOk) == ATENSI_OK);
static_assert(static_cast<int>(StatusCode::kInvalidArgument) == ATENSI_INVALID_ARGUMENT);
static_assert(static_cast<int>(StatusCode::kNotFound) == ATENSI_NOT_FOUND);
static_assert(static_cast<int>(StatusCode::kAlreadyExists) == ATENSI_ALREADY_EXISTS);
static_assert(static_cast<int>(StatusCode::kFailedPrecondition) == ATENSI_FAILED_PRECONDITION);
static_assert(static_cast<int>(StatusCode::kConflict) == ATENSI_CONFLICT);
static_assert(static_cast<int>(StatusCode::kPermissionDenied) == ATENSI_PERMISSION_DENIED);
static_assert(static_cast<int>(StatusCode::kExpired) == ATENSI_EXPIRED);
static_assert(static_cast<int>(StatusCode::kIo) == ATENSI_IO);
static_assert(static_cast<int>(StatusCode::kCorruption) == ATENSI_CORRUPTION);
static_assert(static_cast<int>(StatusCode::kBusy) == ATENSI_BUSY);
static_assert(static_cast<int>(StatusCode::kUnsupported) == ATENSI_UNSUPPORTED);
static_assert(static_cast<int>(StatusCode::kInternal) == ATENSI_INTERNAL);

}  // namespace

extern "C" {

const char* atensi_status_name(int status) {
  switch (status) {
    case ATENSI_MISUSE:
      return "misuse";
    case ATENSI_NOMEM:
      return "nomem";
    case ATENSI_DONE:
      return "done";
    default:
      break;
  }
  if (status >= ATENSI_OK && status <= ATENSI_INTERNAL) {
    // StatusCodeName returns views of string literals, so data() is NUL-terminated.
    return atensi::StatusCodeName(static_cast<StatusCode>(status)).data();
  }
  return "unknown";
}

const atensi_error* atensi_error_last(void) { return atensi::capi::ThreadError().view(); }

void atensi_error_clear(void) { atensi::capi::ThreadError().Clear(); }

void atensi_free(void* ptr) { std::free(ptr); }

}  // extern "C"
