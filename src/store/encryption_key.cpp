// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// EncryptionKey (include/atensi/crypto/key.h): the integrator's key bytes,
// locked in RAM and wiped when no longer needed. Messages never repeat key
// material.

#include <sodium.h>

#include <cctype>
#include <string>

#include "atensi/crypto/key.h"

namespace atensi {

Result<EncryptionKey> EncryptionKey::FromBytes(std::uint32_t id,
                                               std::span<const std::uint8_t> bytes) {
  if (id == 0) {
    return InvalidArgument("crypto.key_id", "key_id", "a key id must be 1 or more");
  }
  if (bytes.size() != kSize) {
    return InvalidArgument("crypto.key_size", "key",
                           "a key must be exactly 32 bytes (256 bits) of random data; got " +
                               std::to_string(bytes.size()) + " bytes");
  }
  if (sodium_init() < 0) return Internal("crypto.sodium", "libsodium could not be initialised");
  EncryptionKey key;
  key.id_ = id;
  sodium_mlock(key.bytes_.data(), key.bytes_.size());  // best effort (RLIMIT_MEMLOCK)
  std::copy(bytes.begin(), bytes.end(), key.bytes_.begin());
  return key;
}

Result<EncryptionKey> EncryptionKey::FromHex(std::uint32_t id, std::string_view hex) {
  while (!hex.empty() && std::isspace(static_cast<unsigned char>(hex.front()))) {
    hex.remove_prefix(1);
  }
  while (!hex.empty() && std::isspace(static_cast<unsigned char>(hex.back()))) {
    hex.remove_suffix(1);
  }
  std::array<std::uint8_t, kSize> raw{};
  std::size_t len = 0;
  if (hex.size() != 2 * kSize ||
      sodium_hex2bin(raw.data(), raw.size(), hex.data(), hex.size(), nullptr, &len, nullptr) != 0 ||
      len != kSize) {
    sodium_memzero(raw.data(), raw.size());
    return InvalidArgument("crypto.key_hex", "key",
                           "a key must be written as exactly 64 hexadecimal digits");
  }
  Result<EncryptionKey> key = FromBytes(id, raw);
  sodium_memzero(raw.data(), raw.size());
  return key;
}

EncryptionKey::EncryptionKey(EncryptionKey&& other) noexcept : id_(other.id_) {
  sodium_mlock(bytes_.data(), bytes_.size());
  bytes_ = other.bytes_;
  other.Wipe();
}

EncryptionKey& EncryptionKey::operator=(EncryptionKey&& other) noexcept {
  if (this != &other) {
    id_ = other.id_;
    sodium_mlock(bytes_.data(), bytes_.size());
    bytes_ = other.bytes_;
    other.Wipe();
  }
  return *this;
}

EncryptionKey::~EncryptionKey() {
  Wipe();
  sodium_munlock(bytes_.data(), bytes_.size());  // also zeroes
}

EncryptionKey EncryptionKey::Clone() const {
  EncryptionKey copy;
  copy.id_ = id_;
  sodium_mlock(copy.bytes_.data(), copy.bytes_.size());
  copy.bytes_ = bytes_;
  return copy;
}

void EncryptionKey::Wipe() noexcept {
  sodium_memzero(bytes_.data(), bytes_.size());
  id_ = 0;
}

}  // namespace atensi
