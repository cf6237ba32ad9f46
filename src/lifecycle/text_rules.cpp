// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0

#include "lifecycle/text_rules.h"

#include <cstdint>
#include <string>

namespace atensi::lifecycle_internal {

bool IsValidUtf8(std::string_view s) noexcept {
  std::size_t i = 0;
  const std::size_t n = s.size();
  while (i < n) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len = 0;
    std::uint32_t cp = 0;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
      cp = c & 0x1Fu;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      cp = c & 0x0Fu;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      cp = c & 0x07u;
    } else {
      return false;
    }
    if (i + len > n) return false;
    for (std::size_t k = 1; k < len; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0u) != 0x80u) return false;
      cp = (cp << 6) | (cc & 0x3Fu);
    }
    if (len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) return false;
    if (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) return false;
    i += len;
  }
  return true;
}

Status CheckText(std::string_view text, std::string_view field, std::size_t min_bytes,
                 std::size_t max_bytes, bool multiline, std::string_view reason) {
  if (text.size() < min_bytes) {
    return InvalidArgument(std::string(reason), std::string(field),
                           min_bytes == 1 ? "this text is required and may not be empty"
                                          : "this text is shorter than its minimum length");
  }
  if (text.size() > max_bytes) {
    return InvalidArgument(
        std::string(reason), std::string(field),
        "this text is longer than its limit of " + std::to_string(max_bytes) + " bytes");
  }
  if (!IsValidUtf8(text)) {
    return InvalidArgument(std::string(reason), std::string(field), "this text is not valid UTF-8");
  }
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    const bool control = c < 0x20 || c == 0x7F;
    const bool allowed = multiline && (c == '\n' || c == '\t' || c == '\r');
    if (control && !allowed) {
      return InvalidArgument(std::string(reason), std::string(field),
                             "this text contains a control character");
    }
  }
  return Status::Ok();
}

bool IsCanonicalUuid(std::string_view s) noexcept {
  if (s.size() != 36) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-') return false;
    } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      return false;
    }
  }
  return true;
}

Status CheckUuid(std::string_view id, std::string_view field, std::string_view reason) {
  if (!IsCanonicalUuid(id)) {
    return InvalidArgument(std::string(reason), std::string(field),
                           "record ids must be canonical lower-case UUID text "
                           "(xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx), supplied by the store");
  }
  return Status::Ok();
}

Status CheckOpaqueId(std::string_view id, std::string_view field, bool allow_empty) {
  if (id.empty() && allow_empty) return Status::Ok();
  if (id.empty() || id.size() > 128) {
    return InvalidArgument("lifecycle.id_required", std::string(field),
                           "this id is required (1-128 bytes)");
  }
  for (char ch : id) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c == 0x7F) {
      return InvalidArgument("lifecycle.id_required", std::string(field),
                             "ids may not contain control characters");
    }
  }
  return Status::Ok();
}

}  // namespace atensi::lifecycle_internal
