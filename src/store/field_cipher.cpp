// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// FieldCipher (field_cipher.h): XChaCha20-Poly1305 envelopes with row-bound
// associated data, and keyed blind indexes. Law and layout: field_cipher.h
// and docs/encryption.md.

#include "store/field_cipher.h"

#include <sodium.h>

#include <algorithm>
#include <utility>

namespace atensi::store {
namespace {

constexpr std::string_view kAdTag = "atensi.aead.v1";
constexpr std::string_view kCheckLabel = "atensi.key_check.v1";
constexpr std::size_t kNonceSize = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr std::size_t kTagSize = crypto_aead_xchacha20poly1305_ietf_ABYTES;
constexpr std::size_t kHeaderSize = kEnvelopePrefixSize + kNonceSize;

void PutU32(std::string& out, std::uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) {
    out.push_back(static_cast<char>((v >> shift) & 0xFFU));
  }
}

void PutPart(std::string& out, std::string_view part) {
  PutU32(out, static_cast<std::uint32_t>(part.size()));
  out.append(part);
}

std::string AssociatedData(const SealSite& site, std::uint32_t key_id) {
  std::string ad;
  ad.reserve(64 + site.table.size() + site.row_id.size() + site.field.size());
  PutPart(ad, kAdTag);
  PutPart(ad, site.table);
  PutPart(ad, site.row_id);
  PutPart(ad, site.field);
  PutU32(ad, key_id);
  return ad;
}

const unsigned char* U(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

Status KeyMissing(std::uint32_t key_id) {
  return FailedPrecondition("crypto.key_missing", "key",
                            "this record is encrypted under key id " + std::to_string(key_id) +
                                ", which was not supplied (OpenOptions::key or key_provider)");
}

}  // namespace

KeyMaterial::~KeyMaterial() {
  sodium_memzero(aead.data(), aead.size());
  sodium_memzero(index.data(), index.size());
  sodium_memzero(check.data(), check.size());
}

std::unique_ptr<KeyMaterial> DeriveKeyMaterial(const EncryptionKey& key) {
  auto m = std::make_unique<KeyMaterial>();
  m->id = key.id();
  crypto_kdf_derive_from_key(m->aead.data(), m->aead.size(), 1, "atensiDK", key.bytes().data());
  crypto_kdf_derive_from_key(m->index.data(), m->index.size(), 2, "atensiBI", key.bytes().data());
  crypto_kdf_derive_from_key(m->check.data(), m->check.size(), 3, "atensiKC", key.bytes().data());
  return m;
}

std::array<std::uint8_t, 32> KeyCheck(const KeyMaterial& material) {
  std::array<std::uint8_t, 32> out{};
  crypto_generichash(out.data(), out.size(), U(kCheckLabel), kCheckLabel.size(),
                     material.check.data(), material.check.size());
  return out;
}

std::optional<std::uint32_t> EnvelopeKeyId(std::span<const std::uint8_t> stored) {
  if (stored.size() < kHeaderSize + kTagSize) return std::nullopt;
  if (!std::equal(kEnvelopeMagic.begin(), kEnvelopeMagic.end(), stored.begin(),
                  [](char a, std::uint8_t b) { return static_cast<std::uint8_t>(a) == b; })) {
    return std::nullopt;
  }
  std::uint32_t id = 0;
  for (std::size_t i = 3; i < 7; ++i) id = (id << 8) | stored[i];
  return id;
}

std::array<std::uint8_t, kEnvelopePrefixSize> EnvelopePrefix(std::uint32_t key_id) {
  std::array<std::uint8_t, kEnvelopePrefixSize> p{};
  std::copy(kEnvelopeMagic.begin(), kEnvelopeMagic.end(), p.begin());
  for (std::size_t i = 0; i < 4; ++i) {
    p[3 + i] = static_cast<std::uint8_t>((key_id >> (24 - 8 * i)) & 0xFFU);
  }
  return p;
}

std::string BlindIndex(const KeyMaterial& material, std::string_view purpose,
                       std::string_view value) {
  std::string input;
  input.reserve(purpose.size() + 1 + value.size());
  input.append(purpose);
  input.push_back('\0');
  input.append(value);
  std::array<std::uint8_t, 32> digest{};
  crypto_generichash(digest.data(), digest.size(), U(input), input.size(), material.index.data(),
                     material.index.size());
  sodium_memzero(input.data(), input.size());
  std::string hex(2 * digest.size() + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
  hex.pop_back();
  return hex;
}

void FieldCipher::SetCurrent(const EncryptionKey& key) {
  AddKey(key);
  current_ = keys_.at(key.id()).get();
}

void FieldCipher::AddKey(const EncryptionKey& key) {
  // Decide before the old material is freed: current_ may point into it.
  const bool replaces_current = current_ != nullptr && current_->id == key.id();
  std::unique_ptr<KeyMaterial>& slot = keys_[key.id()];
  slot = DeriveKeyMaterial(key);
  if (replaces_current) current_ = slot.get();
}

Result<const KeyMaterial*> FieldCipher::Material(std::uint32_t key_id) {
  auto it = keys_.find(key_id);
  if (it != keys_.end()) return static_cast<const KeyMaterial*>(it->second.get());
  if (!provider_) return KeyMissing(key_id);
  Result<EncryptionKey> key = provider_(key_id);
  if (!key.ok() || key->id() != key_id) return KeyMissing(key_id);
  AddKey(*key);
  return static_cast<const KeyMaterial*>(keys_.at(key_id).get());
}

Result<std::string> FieldCipher::Seal(const SealSite& site, std::string_view plaintext) const {
  if (current_ == nullptr) {
    if (store_encrypted_) {
      return FailedPrecondition("crypto.key_missing", "key",
                                "the store is encrypted: writing sensitive data needs the key "
                                "(OpenOptions::key)");
    }
    return std::string(plaintext);
  }
  const std::string ad = AssociatedData(site, current_->id);
  std::string out;
  out.resize(kHeaderSize + plaintext.size() + kTagSize);
  auto* p = reinterpret_cast<unsigned char*>(out.data());
  const auto prefix = EnvelopePrefix(current_->id);
  std::copy(prefix.begin(), prefix.end(), p);
  randombytes_buf(p + kEnvelopePrefixSize, kNonceSize);
  unsigned long long clen = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(p + kHeaderSize, &clen, U(plaintext), plaintext.size(),
                                             U(ad), ad.size(), nullptr, p + kEnvelopePrefixSize,
                                             current_->aead.data());
  out.resize(kHeaderSize + static_cast<std::size_t>(clen));
  return out;
}

Result<std::string> FieldCipher::Open(const SealSite& site, std::span<const std::uint8_t> stored) {
  const std::optional<std::uint32_t> key_id = EnvelopeKeyId(stored);
  if (!key_id) {
    if (plaintext_allowed_) {
      return std::string(reinterpret_cast<const char*>(stored.data()), stored.size());
    }
    return Corruption("crypto.not_sealed",
                      "a record that must be encrypted is stored in clear (replaced behind the "
                      "library's back)");
  }
  ATENSI_ASSIGN_OR_RETURN(const KeyMaterial* m, Material(*key_id));
  const std::string ad = AssociatedData(site, *key_id);
  std::string out;
  out.resize(stored.size() - kHeaderSize - kTagSize);
  unsigned long long mlen = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          reinterpret_cast<unsigned char*>(out.data()), &mlen, nullptr, stored.data() + kHeaderSize,
          stored.size() - kHeaderSize, U(ad), ad.size(), stored.data() + kEnvelopePrefixSize,
          m->aead.data()) != 0) {
    return Corruption("crypto.auth_failed",
                      "an encrypted record failed authentication: wrong key for its key id, or "
                      "the ciphertext was altered or moved from another row");
  }
  out.resize(static_cast<std::size_t>(mlen));
  return out;
}

Result<std::string> FieldCipher::Index(std::string_view purpose, std::string_view value) const {
  if (current_ == nullptr) {
    if (store_encrypted_) {
      return FailedPrecondition("crypto.key_missing", "key",
                                "the store is encrypted: an identifier index needs the key");
    }
    return std::string(value);
  }
  return BlindIndex(*current_, purpose, value);
}

Result<std::vector<std::string>> FieldCipher::LookupIndexes(
    std::string_view purpose, std::string_view value,
    const std::vector<std::uint32_t>& live_key_ids) {
  std::vector<std::string> out;
  if (!store_encrypted_ && current_ == nullptr) {
    out.emplace_back(value);
    return out;
  }
  if (plaintext_allowed_) out.emplace_back(value);  // rows written before the first key
  for (std::uint32_t id : live_key_ids) {
    ATENSI_ASSIGN_OR_RETURN(const KeyMaterial* m, Material(id));
    out.push_back(BlindIndex(*m, purpose, value));
  }
  if (current_ != nullptr &&
      std::find(live_key_ids.begin(), live_key_ids.end(), current_->id) == live_key_ids.end()) {
    out.push_back(BlindIndex(*current_, purpose, value));
  }
  return out;
}

std::string EncodeSealedPayload(std::string_view reason, std::string_view changes_text) {
  std::string out;
  out.reserve(4 + reason.size() + changes_text.size());
  const auto n = static_cast<std::uint32_t>(reason.size());
  for (int shift = 24; shift >= 0; shift -= 8) {
    out.push_back(static_cast<char>((n >> shift) & 0xFFU));
  }
  out.append(reason);
  out.append(changes_text);
  return out;
}

Result<std::pair<std::string, std::string>> DecodeSealedPayload(const std::string& plain) {
  if (plain.size() < 4) return Corruption("crypto.bad_payload", "a sealed event payload is short");
  std::uint32_t n = 0;
  for (std::size_t i = 0; i < 4; ++i) n = (n << 8) | static_cast<std::uint8_t>(plain[i]);
  if (plain.size() - 4 < n) {
    return Corruption("crypto.bad_payload", "a sealed event payload is malformed");
  }
  return std::make_pair(plain.substr(4, n), plain.substr(4 + n));
}

}  // namespace atensi::store
