// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Backend-neutral encryption at rest (crypto_rotation.h): the sealed-table
// list, event payload envelopes, key registration and the rotation driver.
// Law: UU 27/2022 art. 4, 35, 39 and 46, UU 35/2014 art. 64
// (crypto_rotation.h); design: docs/encryption.md.

#include "store/crypto_rotation.h"

#include <sodium.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "atensi/lifecycle/lifecycle_json.h"

namespace atensi::store {
namespace {

constexpr std::string_view kPayloadField = "payload";
constexpr std::string_view kDocField = "doc";

// Rotation steps (RekeyCursor::table): the kSealedTables entries with the
// event payloads as step 3 (see the file comment of crypto_rotation.h).
constexpr int kEventsStep = 3;
constexpr int kLastStep = 6;

const SealedTable& TableOfStep(int step) {
  return kSealedTables[static_cast<std::size_t>(step < kEventsStep ? step : step - 1)];
}

std::span<const std::uint8_t> AsBytes(std::string_view s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

void Wipe(std::string& s) { sodium_memzero(s.data(), s.size()); }

}  // namespace

const SealedTable* FindSealedTable(std::string_view table) {
  for (const SealedTable& t : kSealedTables) {
    if (t.table == table) return &t;
  }
  return nullptr;
}

bool IsSealableEvent(std::int64_t hash_format, bool purged, std::int64_t kind) {
  return hash_format == 2 && !purged && (kind == 1 || kind == 2);
}

std::string EventRowId(std::string_view chain_id, std::int64_t seq) {
  std::string id(chain_id);
  id += '#';
  id += std::to_string(seq);
  return id;
}

Result<std::string> SealEventPayload(const FieldCipher& cipher, std::string_view chain_id,
                                     std::int64_t seq, std::string_view reason,
                                     std::string_view changes_text) {
  std::string plain = EncodeSealedPayload(reason, changes_text);
  const std::string row = EventRowId(chain_id, seq);
  Result<std::string> sealed = cipher.Seal(SealSite{"events", row, kPayloadField}, plain);
  sodium_memzero(plain.data(), plain.size());
  return sealed;
}

Result<std::pair<std::string, std::string>> OpenEventPayload(FieldCipher& cipher,
                                                             std::string_view chain_id,
                                                             std::int64_t seq,
                                                             std::span<const std::uint8_t> stored) {
  const std::string row = EventRowId(chain_id, seq);
  ATENSI_ASSIGN_OR_RETURN(std::string plain,
                          cipher.Open(SealSite{"events", row, kPayloadField}, stored));
  Result<std::pair<std::string, std::string>> out = DecodeSealedPayload(plain);
  sodium_memzero(plain.data(), plain.size());
  return out;
}

Result<std::optional<std::string>> CipherPayloadSealer::SealPayload(
    std::string_view chain_id, std::int64_t seq, ChainKind kind, std::string_view action,
    std::string_view reason, std::string_view changes_text) const {
  (void)action;  // schema 8: dotted (referral/transfer/routing) events are sealed too
  if (kind == ChainKind::kStore) return std::optional<std::string>();
  if (!payload_cipher_.has_current() && !payload_cipher_.store_encrypted()) {
    return std::optional<std::string>();
  }
  ATENSI_ASSIGN_OR_RETURN(std::string sealed,
                          SealEventPayload(payload_cipher_, chain_id, seq, reason, changes_text));
  return std::optional<std::string>(std::move(sealed));
}

bool CipherPayloadSealer::IsSealedPayload(std::span<const std::uint8_t> stored) const {
  return EnvelopeKeyId(stored).has_value();
}

Result<std::pair<std::string, std::string>> CipherPayloadSealer::OpenPayload(
    std::string_view chain_id, std::int64_t seq, std::span<const std::uint8_t> stored) {
  return OpenEventPayload(payload_cipher_, chain_id, seq, stored);
}

Result<Child> ChildOfDocument(std::string_view plain) {
  nlohmann::json j = nlohmann::json::parse(plain, nullptr, /*allow_exceptions=*/false);
  Result<Child> child =
      j.is_discarded()
          ? Result<Child>(Corruption("store.bad_document", "a stored child is not JSON"))
          : ChildFromJson(j);
  if (!child.ok()) return Corruption("store.bad_document", "a stored child does not parse");
  return child;
}

// --- StoreCrypto: key registration ---

Status StoreCrypto::LoadKeys(const EncryptionKey* key, KeyProvider provider) {
  cipher_.SetProvider(std::move(provider));
  if (key != nullptr) {
    ATENSI_RETURN_IF_ERROR(Register(*key));
    cipher_.SetCurrent(*key);
  }
  return LoadState();
}

Status StoreCrypto::Register(const EncryptionKey& key) {
  const std::unique_ptr<KeyMaterial> material = DeriveKeyMaterial(key);
  const std::array<std::uint8_t, 32> check = KeyCheck(*material);
  ATENSI_RETURN_IF_ERROR(LockKeyRegistry());
  ATENSI_ASSIGN_OR_RETURN(std::optional<StoredKeyCheck> stored, FindKey(key.id()));
  if (stored) {
    if (stored->check.size() != check.size() ||
        sodium_memcmp(stored->check.data(), check.data(), check.size()) != 0) {
      return PermissionDenied("crypto.wrong_key", "key",
                              "the key supplied as key id " + std::to_string(key.id()) +
                                  " is not the key this store knows under that id");
    }
    if (stored->retired) {
      return FailedPrecondition("crypto.key_retired", "key",
                                "key id " + std::to_string(key.id()) +
                                    " was retired by a key rotation; open with the current key");
    }
    return Status::Ok();
  }
  ATENSI_ASSIGN_OR_RETURN(std::int64_t known, KeyCount());
  ATENSI_RETURN_IF_ERROR(InsertKey(key.id(), check));
  if (known == 0) {
    // The first key of a store that holds no record yet: every record will
    // be sealed, so a plaintext document can only be tampering.
    ATENSI_ASSIGN_OR_RETURN(bool records, HoldsRecords());
    if (!records) ATENSI_RETURN_IF_ERROR(MarkAllSealed());
  }
  return Status::Ok();
}

Status StoreCrypto::LoadState() {
  ATENSI_ASSIGN_OR_RETURN(live_keys_, LiveKeyIds());
  ATENSI_ASSIGN_OR_RETURN(std::int64_t known, KeyCount());
  ATENSI_ASSIGN_OR_RETURN(bool all_sealed, AllSealed());
  cipher_.set_store_encrypted(known > 0);
  cipher_.set_plaintext_allowed(!all_sealed);
  return Status::Ok();
}

// --- StoreCrypto: sealing ---

Result<std::optional<std::string>> StoreCrypto::IndexColumn(
    std::string_view purpose, const std::optional<std::string>& value) const {
  if (!value) return std::optional<std::string>();
  ATENSI_ASSIGN_OR_RETURN(std::string v, cipher_.Index(purpose, *value));
  return std::optional<std::string>(std::move(v));
}

Result<std::vector<std::string>> StoreCrypto::LookupValues(std::string_view purpose,
                                                           std::string_view value) {
  return cipher_.LookupIndexes(purpose, value, live_keys_);
}

// --- StoreCrypto: rotation ---

Result<std::uint64_t> StoreCrypto::CountPending() {
  const auto prefix = EnvelopePrefix(cipher_.current_id());
  std::uint64_t pending = 0;
  for (const SealedTable& t : kSealedTables) {
    ATENSI_ASSIGN_OR_RETURN(std::uint64_t n, CountNotUnder(t.table, prefix));
    pending += n;
  }
  ATENSI_ASSIGN_OR_RETURN(std::uint64_t events, CountNotUnder(kEventsTable, prefix));
  return pending + events;
}

Result<EncryptionInfo> StoreCrypto::Info() {
  EncryptionInfo info;
  info.encrypted = cipher_.store_encrypted();
  info.current_key = cipher_.current_id();
  info.live_keys = live_keys_;
  if (info.encrypted || cipher_.has_current()) {
    ATENSI_ASSIGN_OR_RETURN(info.records_pending, CountPending());
  }
  return info;
}

Status StoreCrypto::BeginRotation(const EncryptionKey& new_key) {
  ATENSI_RETURN_IF_ERROR(Register(new_key));
  cipher_.SetCurrent(new_key);
  return LoadState();
}

Result<std::uint64_t> StoreCrypto::RekeyBatch(RekeyCursor& cursor, std::size_t limit) {
  if (!cipher_.has_current()) {
    return FailedPrecondition("crypto.key_missing", "key", "a rotation needs the new key");
  }
  std::uint64_t done = 0;
  while (cursor.table != kRekeyDone && done < limit) {
    const int t = cursor.table;
    if (t < 0 || t > kLastStep) {
      return InvalidArgument("crypto.bad_cursor", "cursor", "the rotation cursor is out of range");
    }
    const std::size_t want = limit - done;
    ATENSI_ASSIGN_OR_RETURN(std::uint64_t n, t == 0 ? RekeyChildren(cursor.after, want)
                                             : t == kEventsStep
                                                 ? RekeyEvents(cursor.after, want)
                                                 : RekeyDocs(TableOfStep(t), cursor.after, want));
    done += n;
    if (n < want) {  // this table is exhausted
      cursor.after.clear();
      cursor.table = t < kLastStep ? cursor.table + 1 : kRekeyDone;
    }
  }
  return done;
}

Result<std::uint64_t> StoreCrypto::RekeyChildren(std::string& after, std::size_t limit) {
  const SealedTable& t = kSealedTables[0];
  ATENSI_ASSIGN_OR_RETURN(std::vector<RekeyDoc> rows,
                          DocsNotUnder(t, after, limit, EnvelopePrefix(cipher_.current_id())));
  for (RekeyDoc& row : rows) {
    ATENSI_ASSIGN_OR_RETURN(
        std::string plain, cipher_.Open(SealSite{t.table, row.id, kDocField}, AsBytes(row.stored)));
    Result<Child> child = ChildOfDocument(plain);
    if (!child.ok()) {
      Wipe(plain);
      return child.status();
    }
    ATENSI_ASSIGN_OR_RETURN(std::optional<std::string> nik, IndexColumn(kNikIndex, child->nik));
    ATENSI_ASSIGN_OR_RETURN(std::optional<std::string> roster,
                            IndexColumn(kRosterKeyIndex, child->roster_key));
    Result<std::string> sealed = cipher_.Seal(SealSite{t.table, row.id, kDocField}, plain);
    Wipe(plain);
    if (!sealed.ok()) return sealed.status();
    ATENSI_RETURN_IF_ERROR(WriteChild(row.id, *sealed, nik, roster));
    after = row.id;
  }
  return static_cast<std::uint64_t>(rows.size());
}

Result<std::uint64_t> StoreCrypto::RekeyDocs(const SealedTable& t, std::string& after,
                                             std::size_t limit) {
  ATENSI_ASSIGN_OR_RETURN(std::vector<RekeyDoc> rows,
                          DocsNotUnder(t, after, limit, EnvelopePrefix(cipher_.current_id())));
  for (RekeyDoc& row : rows) {
    const SealSite site{t.table, row.id, kDocField};
    ATENSI_ASSIGN_OR_RETURN(std::string plain, cipher_.Open(site, AsBytes(row.stored)));
    Result<std::string> sealed = cipher_.Seal(site, plain);
    Wipe(plain);
    if (!sealed.ok()) return sealed.status();
    ATENSI_RETURN_IF_ERROR(WriteDoc(t, row.id, *sealed));
    after = row.id;
  }
  return static_cast<std::uint64_t>(rows.size());
}

Result<std::uint64_t> StoreCrypto::RekeyEvents(std::string& after, std::size_t limit) {
  // `after` = "<chain_id>\n<seq>" of the last event done ("" = from the start).
  std::string after_chain;
  std::int64_t after_seq = 0;
  if (const std::size_t nl = after.rfind('\n'); nl != std::string::npos) {
    after_chain = after.substr(0, nl);
    after_seq = std::stoll(after.substr(nl + 1));
  }
  ATENSI_ASSIGN_OR_RETURN(
      std::vector<RekeyPayload> rows,
      PayloadsNotUnder(after_chain, after_seq, limit, EnvelopePrefix(cipher_.current_id())));
  for (RekeyPayload& row : rows) {
    std::pair<std::string, std::string> payload;
    if (EnvelopeKeyId(AsBytes(row.stored))) {
      ATENSI_ASSIGN_OR_RETURN(payload, OpenPayload(row.chain_id, row.seq, AsBytes(row.stored)));
    } else {
      payload = {std::move(row.reason), std::move(row.stored)};
    }
    Result<std::string> sealed =
        SealEventPayload(cipher_, row.chain_id, row.seq, payload.first, payload.second);
    Wipe(payload.first);
    Wipe(payload.second);
    if (!sealed.ok()) return sealed.status();
    ATENSI_RETURN_IF_ERROR(WritePayload(row, *sealed));
    after = row.chain_id + '\n' + std::to_string(row.seq);
  }
  return static_cast<std::uint64_t>(rows.size());
}

Result<std::vector<std::uint32_t>> StoreCrypto::FinishRotation() {
  if (!cipher_.has_current()) {
    return FailedPrecondition("crypto.key_missing", "key", "a rotation needs the new key");
  }
  ATENSI_ASSIGN_OR_RETURN(std::uint64_t pending, CountPending());
  if (pending != 0) {
    return FailedPrecondition("crypto.rotation_incomplete", "key",
                              std::to_string(pending) +
                                  " records are not yet sealed under the new key; run the "
                                  "rotation again to finish it");
  }
  ATENSI_ASSIGN_OR_RETURN(std::vector<std::uint32_t> retired,
                          RetireOtherKeys(cipher_.current_id()));
  std::sort(retired.begin(), retired.end());
  ATENSI_RETURN_IF_ERROR(MarkAllSealed());
  ATENSI_RETURN_IF_ERROR(LoadState());
  return retired;
}

}  // namespace atensi::store
