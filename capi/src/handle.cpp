// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0

#include "handle.h"

#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>
#include <unordered_map>

namespace atensi::capi {
namespace {

// Copies at most size-1 bytes of `s` into `buf`, cutting before a UTF-8
// continuation byte so a truncated string stays valid UTF-8.
void CopyTruncated(char* buf, std::size_t size, std::string_view s) noexcept {
  std::size_t n = s.size() < size - 1 ? s.size() : size - 1;
  if (n < s.size()) {
    while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0u) == 0x80u) --n;
  }
  std::memcpy(buf, s.data(), n);
  buf[n] = '\0';
}

struct Registry {
  std::mutex mu;
  std::unordered_map<const void*, HandleType> live;
};

Registry& TheRegistry() noexcept {
  // Leaked on purpose: handles may be destroyed from static destructors.
  static Registry* r = new Registry();
  return *r;
}

}  // namespace

ErrorSlot::ErrorSlot() noexcept { Clear(); }

void ErrorSlot::Set(int code, std::string_view reason, std::string_view field,
                    std::string_view message) noexcept {
  CopyTruncated(reason_, sizeof reason_, reason);
  CopyTruncated(field_, sizeof field_, field);
  CopyTruncated(message_, sizeof message_, message);
  view_.code = code;
  view_.reason = reason_;
  view_.field = field_;
  view_.message = message_;
}

void ErrorSlot::Clear() noexcept { Set(ATENSI_OK, "", "", ""); }

ErrorSlot& ThreadError() noexcept {
  thread_local ErrorSlot slot;
  return slot;
}

void RegisterHandle(const void* h, HandleType type) {
  Registry& r = TheRegistry();
  std::lock_guard<std::mutex> lock(r.mu);
  r.live[h] = type;
}

void UnregisterHandle(const void* h) noexcept {
  Registry& r = TheRegistry();
  std::lock_guard<std::mutex> lock(r.mu);
  r.live.erase(h);
}

bool IsLiveHandle(const void* p, HandleType type) noexcept {
  Registry& r = TheRegistry();
  std::lock_guard<std::mutex> lock(r.mu);
  auto it = r.live.find(p);
  return it != r.live.end() && it->second == type;
}

const atensi_error* DeadHandleError() noexcept {
  static const atensi_error kDead = {ATENSI_MISUSE, "capi.misuse", "handle",
                                     "The handle is NULL, of another type, or already destroyed."};
  return &kDead;
}

int Fail(Handle* h, int code, std::string_view reason, std::string_view field,
         std::string_view message) noexcept {
  ThreadError().Set(code, reason, field, message);
  if (h != nullptr) h->error.Set(code, reason, field, message);
  return code;
}

int Fail(Handle* h, const Status& status) noexcept {
  return Fail(h, static_cast<int>(status.code()), status.reason(), status.field(),
              status.message());
}

int Misuse(Handle* h, const char* function, std::string_view argument,
           std::string_view problem) noexcept {
  char message[256];
  std::string_view fn(function);
  // "<function>: argument '<argument>' <problem>." without allocating.
  std::size_t n = 0;
  auto put = [&](std::string_view s) {
    for (char c : s) {
      if (n + 1 < sizeof message) message[n++] = c;
    }
  };
  put(fn);
  put(": argument '");
  put(argument);
  put("' ");
  put(problem);
  put(".");
  message[n] = '\0';
  return Fail(h, ATENSI_MISUSE, "capi.misuse", argument, std::string_view(message, n));
}

int BadHandle(const char* function, std::string_view argument) noexcept {
  return Misuse(nullptr, function, argument,
                "is NULL, not a handle of the expected type, or already destroyed");
}

bool IsValidUtf8(std::string_view text) noexcept {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  std::size_t i = 0;
  const std::size_t n = text.size();
  while (i < n) {
    unsigned char c = s[i];
    if (c < 0x80u) {
      ++i;
      continue;
    }
    std::size_t len;
    std::uint32_t cp;
    if ((c & 0xE0u) == 0xC0u) {
      len = 2;
      cp = c & 0x1Fu;
    } else if ((c & 0xF0u) == 0xE0u) {
      len = 3;
      cp = c & 0x0Fu;
    } else if ((c & 0xF8u) == 0xF0u) {
      len = 4;
      cp = c & 0x07u;
    } else {
      return false;
    }
    if (i + len > n) return false;
    for (std::size_t k = 1; k < len; ++k) {
      if ((s[i + k] & 0xC0u) != 0x80u) return false;
      cp = (cp << 6) | (s[i + k] & 0x3Fu);
    }
    if ((len == 2 && cp < 0x80u) || (len == 3 && cp < 0x800u) || (len == 4 && cp < 0x10000u) ||
        cp > 0x10FFFFu || (cp >= 0xD800u && cp <= 0xDFFFu)) {
      return false;
    }
    i += len;
  }
  return true;
}

Result<Date> ToDate(const atensi_date& d, std::string_view field) {
  return MakeDate(d.year, d.month, d.day, field);
}

atensi_date FromDate(Date d) noexcept {
  atensi_date out;
  out.year = static_cast<std::int32_t>(d.year());
  out.month = static_cast<std::int32_t>(d.month().as_number());
  out.day = static_cast<std::int32_t>(d.day().as_number());
  return out;
}

int CheckStructVersion(Handle* h, const char* function, std::string_view what, unsigned int version,
                       unsigned int current) noexcept {
  if (version == 0) {
    return Misuse(h, function, what,
                  "has version 0: initialise it with its _INIT macro or _init()");
  }
  if (version > current) {
    return Fail(h, ATENSI_UNSUPPORTED, "capi.options_version", what,
                "The struct version is newer than this library supports: the program was "
                "compiled against a newer atensi.h.");
  }
  return ATENSI_OK;
}

char* JsonForCaller(const std::string& dumped) {
  char* p = DupForCaller(dumped);
  if (p == nullptr) throw std::bad_alloc();
  return p;
}

char* DupForCaller(std::string_view s) noexcept {
  auto* p = static_cast<char*>(std::malloc(s.size() + 1));
  if (p == nullptr) return nullptr;
  std::memcpy(p, s.data(), s.size());
  p[s.size()] = '\0';
  return p;
}

}  // namespace atensi::capi
