// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Encryption at rest through the C ABI (docs/encryption.md): opening with
// keys, key rotation, key state. Key bytes are copied into EncryptionKey
// (locked, wiped on destruction) and never appear in errors.

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <span>
#include <utility>
#include <vector>

#include "atensi.h"
#include "atensi/casebook.h"
#include "atensi/crypto/key.h"
#include "capi_json.h"
#include "handle.h"

using atensi::capi::Fail;
using atensi::capi::Guard;
using atensi::capi::Handle;
using atensi::capi::Misuse;

#include "db_impl.h"

using atensi::capi::DbImpl;
using atensi::capi::EmitJson;
using atensi::capi::LiveDb;

namespace {

// Reads a caller's key; ATENSI_OK or a recorded error.
int ReadKey(Handle* h, const char* fn, const char* what, const atensi_key* key,
            std::shared_ptr<const atensi::EncryptionKey>* out) {
  if (key == nullptr) return Misuse(h, fn, what, "is NULL");
  if (int rc = atensi::capi::CheckStructVersion(h, fn, what, key->version, ATENSI_KEY_VERSION);
      rc != ATENSI_OK) {
    return rc;
  }
  if (key->bytes == nullptr) return Misuse(h, fn, what, "has NULL bytes");
  auto k = atensi::EncryptionKey::FromBytes(key->id,
                                            std::span<const std::uint8_t>(key->bytes, key->length));
  if (!k.ok()) return Fail(h, k.status());
  *out = std::make_shared<const atensi::EncryptionKey>(std::move(k).value());
  return ATENSI_OK;
}

}  // namespace

extern "C" {

int atensi_open_encrypted(atensi_db** out, const char* path, const atensi_open_options* options,
                          const atensi_key* keys, size_t key_count) {
  const char* const fn = __func__;
  if (out != nullptr) *out = nullptr;
  if (keys == nullptr) {
    return Guard([&](Handle*&) -> int { return Misuse(nullptr, fn, "keys", "is NULL"); });
  }
  if (key_count < 1 || key_count > 16) {
    return Guard([&](Handle*&) -> int { return Misuse(nullptr, fn, "key_count", "is not 1..16"); });
  }
  return atensi::capi::OpenDb(fn, out, path, options, [&](atensi::OpenOptions& core) -> int {
    std::vector<std::shared_ptr<const atensi::EncryptionKey>> ring;
    for (std::size_t i = 0; i < key_count; ++i) {
      std::shared_ptr<const atensi::EncryptionKey> k;
      if (int rc = ReadKey(nullptr, fn, "keys", &keys[i], &k); rc != ATENSI_OK) return rc;
      ring.push_back(std::move(k));
    }
    core.key = ring.front();
    core.key_provider = [ring](std::uint32_t id) -> atensi::Result<atensi::EncryptionKey> {
      for (const auto& k : ring) {
        if (k->id() == id) return k->Clone();
      }
      return atensi::FailedPrecondition("crypto.key_missing", "key",
                                        "key id " + std::to_string(id) + " was not supplied");
    };
    return ATENSI_OK;
  });
}

int atensi_db_rotate_key(char** out_json, atensi_db* db, const atensi_actor* actor,
                         const atensi_key* new_key, uint32_t batch_size) {
  const char* const fn = __func__;
  if (out_json != nullptr) *out_json = nullptr;
  return Guard([&](Handle*& h) -> int {
    DbImpl* d = LiveDb(fn, db, h);
    if (d == nullptr) return ATENSI_MISUSE;
    atensi::Actor a;
    if (int rc = atensi::capi::ReadActor(d, fn, actor, &a); rc != ATENSI_OK) return rc;
    std::shared_ptr<const atensi::EncryptionKey> key;
    if (int rc = ReadKey(d, fn, "new_key", new_key, &key); rc != ATENSI_OK) return rc;
    atensi::KeyRotationOptions options;
    if (batch_size != 0) options.batch_size = batch_size;
    auto r = d->book->RotateKey(*key, a, options);
    if (!r.ok()) return Fail(d, r.status());
    if (out_json != nullptr) {
      EmitJson(out_json, nlohmann::json{{"rewritten", r->rewritten},
                                        {"batches", r->batches},
                                        {"finished", r->finished},
                                        {"retired_keys", r->retired_keys}});
    }
    return ATENSI_OK;
  });
}

int atensi_db_encryption(char** out_json, atensi_db* db) {
  const char* const fn = __func__;
  if (out_json != nullptr) *out_json = nullptr;
  return Guard([&](Handle*& h) -> int {
    DbImpl* d = LiveDb(fn, db, h);
    if (d == nullptr) return ATENSI_MISUSE;
    if (out_json == nullptr) return Misuse(d, fn, "out_json", "is NULL");
    auto info = d->book->Encryption();
    if (!info.ok()) return Fail(d, info.status());
    return EmitJson(out_json, nlohmann::json{{"encrypted", info->encrypted},
                                             {"current_key", info->current_key},
                                             {"live_keys", info->live_keys},
                                             {"records_pending", info->records_pending}});
  });
}

}  // extern "C"
