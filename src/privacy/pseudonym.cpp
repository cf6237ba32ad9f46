// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0

#include "atensi/privacy/pseudonym.h"

#include <sodium.h>

#include <algorithm>
#include <cctype>

namespace atensi {
namespace {

constexpr std::string_view kTag = "atensi.pseudonym.v1";

Status BadKey() {
  return InvalidArgument("privacy.pseudonym_key", "key",
                         "A pseudonymisation key is 32 bytes (64 hex digits).");
}

}  // namespace

Result<PseudonymKey> PseudonymKey::FromBytes(std::span<const std::uint8_t> bytes) {
  if (bytes.size() != kSize) return BadKey();
  PseudonymKey k;
  std::copy(bytes.begin(), bytes.end(), k.key_.begin());
  return k;
}

Result<PseudonymKey> PseudonymKey::FromText(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  if (text.size() != 2 * kSize) return BadKey();
  PseudonymKey k;
  std::size_t len = 0;
  if (sodium_hex2bin(k.key_.data(), k.key_.size(), text.data(), text.size(), nullptr, &len,
                     nullptr) != 0 ||
      len != kSize) {
    return BadKey();
  }
  return k;
}

PseudonymKey::~PseudonymKey() { sodium_memzero(key_.data(), key_.size()); }

std::string PseudonymKey::Pseudonymise(std::string_view id) const {
  crypto_generichash_state st;
  crypto_generichash_init(&st, key_.data(), key_.size(), 32);
  auto feed = [&st](std::string_view s) {
    const std::uint64_t n = s.size();
    unsigned char len[8];
    for (int i = 0; i < 8; ++i) len[i] = static_cast<unsigned char>(n >> (56 - 8 * i));
    crypto_generichash_update(&st, len, sizeof len);
    crypto_generichash_update(&st, reinterpret_cast<const unsigned char*>(s.data()), s.size());
  };
  feed(kTag);
  feed(id);
  unsigned char out[32];
  crypto_generichash_final(&st, out, sizeof out);
  char hex[33];
  sodium_bin2hex(hex, sizeof hex, out, 16);
  sodium_memzero(&st, sizeof st);
  return "p_" + std::string(hex, 32);
}

}  // namespace atensi
