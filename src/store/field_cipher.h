// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// FieldCipher: seals the sensitive documents of the SQLite store (issue 9)
// and computes the blind indexes that replace plaintext lookup columns.
//
// Why (law): UU 27/2022 art. 4 (children's data and crime records are
// specific personal data), art. 46 (a leak is a notifiable breach); UU
// 35/2014 art. 64 (the identity of a child in conflict with the law is
// secret). See docs/encryption.md for what is sealed and why.
//
// Envelope (stored as a BLOB in the record's `doc` column):
//   "AE1" | key_id (4 bytes big-endian) | nonce (24 bytes) | ciphertext+tag
// Cipher: libsodium crypto_aead_xchacha20poly1305_ietf, a random nonce per
// seal. Associated data binds the ciphertext to its row:
//   "atensi.aead.v1" | table | row id | field | key_id   (each length-prefixed)
// so a ciphertext copied into another row, table or field, or relabelled
// with another key id, fails authentication.
//
// Keys: the integrator's 32-byte key K is never used directly. Subkeys are
// derived with crypto_kdf_derive_from_key: id 1 context "atensiDK" (AEAD),
// id 2 context "atensiBI" (blind index), id 3 context "atensiKC" (key check).
// The key check (crypto_generichash keyed by the check subkey over a fixed
// label) is stored in crypto_keys so a wrong key is refused at open; it does
// not reveal the key.
//
// Blind index: hex(crypto_generichash_32(purpose | 0x00 | normalised value,
// key = blind-index subkey)). Equality lookup works; the value is not
// recoverable without K. While a rotation is under way a lookup tries the
// index under every live key.

#ifndef ATENSI_SRC_STORE_FIELD_CIPHER_H_
#define ATENSI_SRC_STORE_FIELD_CIPHER_H_

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "atensi/crypto/key.h"
#include "atensi/status.h"

namespace atensi::store {

// The first bytes of every envelope.
inline constexpr std::string_view kEnvelopeMagic = "AE1";
// Magic + key id: the prefix that names the key of a sealed value.
inline constexpr std::size_t kEnvelopePrefixSize = 3 + 4;

// Where a sealed value lives: the associated data of its envelope.
struct SealSite {
  std::string_view table;
  std::string_view row_id;
  std::string_view field;
};

// The subkeys of one integrator key. Wiped on destruction.
struct KeyMaterial {
  std::uint32_t id = 0;
  std::array<std::uint8_t, 32> aead{};
  std::array<std::uint8_t, 32> index{};
  std::array<std::uint8_t, 32> check{};
  KeyMaterial() = default;
  KeyMaterial(const KeyMaterial&) = delete;
  KeyMaterial& operator=(const KeyMaterial&) = delete;
  ~KeyMaterial();
};

// Derives the subkeys of `key`.
std::unique_ptr<KeyMaterial> DeriveKeyMaterial(const EncryptionKey& key);

// The key check value stored in crypto_keys for `material`.
std::array<std::uint8_t, 32> KeyCheck(const KeyMaterial& material);

// Whether `stored` is an envelope, and under which key id.
std::optional<std::uint32_t> EnvelopeKeyId(std::span<const std::uint8_t> stored);

// The envelope prefix ("AE1" + key id) of values sealed under `key_id`.
std::array<std::uint8_t, kEnvelopePrefixSize> EnvelopePrefix(std::uint32_t key_id);

// Not thread-safe (the store is used under the Casebook's mutex).
class FieldCipher {
 public:
  FieldCipher() = default;
  FieldCipher(const FieldCipher&) = delete;
  FieldCipher& operator=(const FieldCipher&) = delete;

  // Makes `key` the current key (new values are sealed under it) and keeps
  // it for reading. `provider` supplies other key ids on demand (may be empty).
  void SetCurrent(const EncryptionKey& key);
  void SetProvider(KeyProvider provider) { provider_ = std::move(provider); }
  // Adds a key for reading only.
  void AddKey(const EncryptionKey& key);

  // Whether a current key is set (writes are sealed).
  [[nodiscard]] bool has_current() const { return current_ != nullptr; }
  [[nodiscard]] std::uint32_t current_id() const { return current_ ? current_->id : 0; }
  [[nodiscard]] const KeyMaterial* current() const { return current_; }

  // The store is "encrypted" once a key was registered in it: then writes
  // without a current key are refused (crypto.key_missing) rather than
  // storing plaintext.
  void set_store_encrypted(bool v) { store_encrypted_ = v; }
  [[nodiscard]] bool store_encrypted() const { return store_encrypted_; }
  // Whether a plaintext (unsealed) document is still acceptable on read:
  // true until every row was sealed once (the first rotation of a store
  // that was written without a key). After that a plaintext document is
  // Corruption "crypto.not_sealed" (someone replaced a ciphertext).
  void set_plaintext_allowed(bool v) { plaintext_allowed_ = v; }
  [[nodiscard]] bool plaintext_allowed() const { return plaintext_allowed_; }

  // Seals `plaintext` for `site` under the current key. Returns the
  // plaintext unchanged when the store is not encrypted and no key is set;
  // FailedPrecondition "crypto.key_missing" when the store is encrypted but
  // no key is set.
  Result<std::string> Seal(const SealSite& site, std::string_view plaintext) const;

  // Opens a stored value: an envelope is authenticated and decrypted; a
  // plaintext value passes through when plaintext_allowed(). Errors:
  // FailedPrecondition "crypto.key_missing" (its key is not available),
  // Corruption "crypto.auth_failed" (wrong key, tampered or moved),
  // "crypto.not_sealed" (plaintext where only ciphertext may be).
  Result<std::string> Open(const SealSite& site, std::span<const std::uint8_t> stored);

  // The blind index of `value` for `purpose` under the current key; the
  // value itself when the store is not encrypted and no key is set.
  Result<std::string> Index(std::string_view purpose, std::string_view value) const;
  // The index of `value` under every key in `live_key_ids` (the store's
  // unretired keys); key_missing when one of them cannot be obtained. With
  // no key and an unencrypted store: {value}.
  Result<std::vector<std::string>> LookupIndexes(std::string_view purpose, std::string_view value,
                                                 const std::vector<std::uint32_t>& live_key_ids);

  // The material of `key_id`, asking the provider when not held.
  Result<const KeyMaterial*> Material(std::uint32_t key_id);

 private:
  std::map<std::uint32_t, std::unique_ptr<KeyMaterial>> keys_;
  const KeyMaterial* current_ = nullptr;
  KeyProvider provider_;
  bool store_encrypted_ = false;
  bool plaintext_allowed_ = true;
};

// The blind index of `value` for `purpose` under `material` (hex).
std::string BlindIndex(const KeyMaterial& material, std::string_view purpose,
                       std::string_view value);

// The plaintext of a sealed event payload: reason length (4 bytes
// big-endian), reason, change set text. The same layout on every backend.
std::string EncodeSealedPayload(std::string_view reason, std::string_view changes_text);
// The (reason, change set text) of a payload plaintext; Corruption
// "crypto.bad_payload" when malformed.
Result<std::pair<std::string, std::string>> DecodeSealedPayload(const std::string& plain);

}  // namespace atensi::store

#endif  // ATENSI_SRC_STORE_FIELD_CIPHER_H_
