// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Internal machinery shared by every C API source file: error slots, the
// registry of live handles, and the exception firewall.
//
// The C boundary promises (atensi.h conventions 3, 6 and 7):
//   - a failing call records its error in the calling thread's slot and, when
//     it has a valid handle, in that handle's slot;
//   - a NULL, foreign, or destroyed handle is reported as ATENSI_MISUSE and is
//     never dereferenced: every handle is registered with its type on
//     creation and removed on destruction, and a pointer is only cast back to
//     its struct after the registry has confirmed it is live and of the right
//     type;
//   - no exception leaves a C function: Guard() turns std::bad_alloc into
//     ATENSI_NOMEM and anything else into ATENSI_INTERNAL.
// Error slots hold fixed-size buffers so that recording an error never
// allocates (and so never fails, even when memory is exhausted).

#ifndef ATENSI_CAPI_SRC_HANDLE_H_
#define ATENSI_CAPI_SRC_HANDLE_H_

#include <cstddef>
#include <cstdint>
#include <new>
#include <optional>
#include <string>
#include <string_view>

#include "atensi.h"
#include "atensi/date.h"
#include "atensi/status.h"

namespace atensi::capi {

// The error of a thread or of a handle. Strings are truncated (at a UTF-8
// character boundary) to the buffer sizes.
class ErrorSlot {
 public:
  ErrorSlot() noexcept;
  ErrorSlot(const ErrorSlot&) = delete;
  ErrorSlot& operator=(const ErrorSlot&) = delete;

  void Set(int code, std::string_view reason, std::string_view field,
           std::string_view message) noexcept;
  void Clear() noexcept;
  [[nodiscard]] const atensi_error* view() const noexcept { return &view_; }

 private:
  atensi_error view_{};
  char reason_[96];
  char field_[64];
  char message_[512];
};

// The calling thread's error slot.
ErrorSlot& ThreadError() noexcept;

// One value per handle type; also stored in the handle as its magic number.
enum class HandleType : std::uint32_t {
  kRegions = 0x52474e53u,   // "RGNS"
  kIdCheck = 0x49444348u,   // "IDCH"
  kDb = 0x44425f5fu,        // "DB__"
  kCaseload = 0x43534c44u,  // "CSLD"
};

// Base of every C handle struct. Not polymorphic: handles are deleted through
// their concrete type.
struct Handle {
  explicit Handle(HandleType t) noexcept : magic(t) {}
  HandleType magic;
  ErrorSlot error;
};

// Registry of live handles, keyed by the address of the most-derived object
// (the pointer handed to the caller). Register may throw std::bad_alloc.
void RegisterHandle(const void* h, HandleType type);
void UnregisterHandle(const void* h) noexcept;
// True when `p` is a registered handle of `type`.
bool IsLiveHandle(const void* p, HandleType type) noexcept;

// The live handle `p` of type T, or nullptr. T must derive from Handle and
// declare `static constexpr HandleType kType`.
template <typename T>
T* AsHandle(const void* p) noexcept {
  if (p == nullptr || !IsLiveHandle(p, T::kType)) return nullptr;
  // The registry guarantees `p` was created as a T and not yet destroyed; the
  // C API hands out const pointers for getters only, so casting away const is
  // confined to the error slot, which is logically mutable.
  auto* t = static_cast<T*>(const_cast<void*>(p));
  return t->magic == T::kType ? t : nullptr;
}

// The error slot of the live handle `p` of type T, or a static misuse error.
const atensi_error* DeadHandleError() noexcept;
template <typename T>
const atensi_error* HandleError(const void* p) noexcept {
  T* t = AsHandle<T>(p);
  return t != nullptr ? t->error.view() : DeadHandleError();
}

// Records an error on the thread and on `h` (when not null); returns `code`.
int Fail(Handle* h, int code, std::string_view reason, std::string_view field,
         std::string_view message) noexcept;
// Records a failing core Status; returns its code (1:1 with atensi_status).
int Fail(Handle* h, const Status& status) noexcept;
// Records ATENSI_MISUSE naming the C function and the offending argument.
int Misuse(Handle* h, const char* function, std::string_view argument,
           std::string_view problem) noexcept;
// Misuse for a handle argument that is NULL, of another type, or destroyed.
int BadHandle(const char* function, std::string_view argument) noexcept;

// Runs `body(Handle*& h)`; the body sets `h` once it has validated its handle
// so that an exception is also recorded on that handle.
template <typename F>
int Guard(F&& body) noexcept {
  Handle* h = nullptr;
  try {
    return body(h);
  } catch (const std::bad_alloc&) {
    return Fail(h, ATENSI_NOMEM, "capi.nomem", "", "Out of memory.");
  } catch (...) {
    return Fail(h, ATENSI_INTERNAL, "capi.exception", "",
                "Internal error: an unexpected exception reached the C API boundary.");
  }
}

// Checks the `version` field of a versioned struct: 0 is ATENSI_MISUSE (the
// struct was not initialised), above `current` is ATENSI_UNSUPPORTED (the
// caller's header is newer than this library). Returns ATENSI_OK otherwise.
int CheckStructVersion(Handle* h, const char* function, std::string_view what, unsigned int version,
                       unsigned int current) noexcept;

// Copies a JSON document (compact) into memory released by atensi_free();
// throws std::bad_alloc when out of memory.
char* JsonForCaller(const std::string& dumped);

// True when `text` is well-formed UTF-8 (no overlongs, no surrogates).
bool IsValidUtf8(std::string_view text) noexcept;

// Converts a C date; InvalidArgument "date.invalid" naming `field` when the
// date does not exist.
Result<Date> ToDate(const atensi_date& d, std::string_view field);
atensi_date FromDate(Date d) noexcept;

// Copies `s` into memory released by atensi_free(); nullptr when out of memory.
char* DupForCaller(std::string_view s) noexcept;

}  // namespace atensi::capi

#endif  // ATENSI_CAPI_SRC_HANDLE_H_
