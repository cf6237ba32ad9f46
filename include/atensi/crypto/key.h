// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Encryption at rest: the keys the integrator supplies (issue 9).
//
// Why: UU 27/2022 (Pelindungan Data Pribadi) art. 4 makes children's data
// and crime records (ABH) *specific* personal data, and art. 46 makes a leak
// a notifiable breach; UU 35/2014 art. 64 forbids publishing the identity of
// a child in conflict with the law (domain notes, atensi.md section 11). A
// stolen or copied database file must not reveal who the children are or what
// happened to them. See docs/encryption.md.
//
// The integrator owns the key: atensi never generates, stores or logs it. A
// key is 32 random bytes with an id (its version, 1..2^32-1) chosen by the
// integrator; the id is stored beside every ciphertext so several keys can
// coexist while a rotation (Casebook::RotateKey) is under way.

#ifndef ATENSI_CRYPTO_KEY_H_
#define ATENSI_CRYPTO_KEY_H_

#include <array>
#include <cstdint>
#include <functional>
#include <span>
#include <string_view>

#include "atensi/status.h"

namespace atensi {

// A 32-byte data-protection key and its id. Move-only; the bytes are wiped
// (sodium_memzero) when the key is destroyed or moved from, and locked into
// RAM (sodium_mlock, best effort) while it lives.
class EncryptionKey {
 public:
  static constexpr std::size_t kSize = 32;

  // A key from raw bytes. InvalidArgument "crypto.key_size" unless exactly
  // 32 bytes; "crypto.key_id" when id is 0.
  static Result<EncryptionKey> FromBytes(std::uint32_t id, std::span<const std::uint8_t> bytes);
  // A key from 64 hexadecimal digits (surrounding white space ignored).
  // InvalidArgument "crypto.key_hex" otherwise; the message never repeats it.
  static Result<EncryptionKey> FromHex(std::uint32_t id, std::string_view hex);

  EncryptionKey(EncryptionKey&& other) noexcept;
  EncryptionKey& operator=(EncryptionKey&& other) noexcept;
  EncryptionKey(const EncryptionKey&) = delete;
  EncryptionKey& operator=(const EncryptionKey&) = delete;
  ~EncryptionKey();

  // A copy of this key (the copy is wiped on destruction as well).
  [[nodiscard]] EncryptionKey Clone() const;

  [[nodiscard]] std::uint32_t id() const { return id_; }
  [[nodiscard]] std::span<const std::uint8_t, kSize> bytes() const { return bytes_; }

 private:
  EncryptionKey() = default;
  void Wipe() noexcept;

  std::uint32_t id_ = 0;
  std::array<std::uint8_t, kSize> bytes_{};
};

// Supplies the key with `key_id` when the store meets a ciphertext sealed
// under a key it does not hold (an older key during or after an interrupted
// rotation). NotFound or FailedPrecondition "crypto.key_missing" when the
// integrator does not have it. May be called from any Casebook call.
using KeyProvider = std::function<Result<EncryptionKey>(std::uint32_t key_id)>;

}  // namespace atensi

#endif  // ATENSI_CRYPTO_KEY_H_
