// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// CopyResealer (copy_reseal.h): re-sealing an encrypted store's rows under
// the target's key while CopyStore moves them. Law: UU 27/2022 art. 35 and
// 39 (copy_reseal.h); design: docs/encryption.md, docs/postgresql.md.

#include "store/copy_reseal.h"

#include <sodium.h>

#include <span>
#include <string_view>
#include <tuple>
#include <utility>

namespace atensi::store {
namespace {

constexpr std::string_view kDocField = "doc";

std::span<const std::uint8_t> BytesOf(const CopyValue& v) {
  if (const auto* b = std::get_if<CopyBlob>(&v)) return {b->data(), b->size()};
  if (const auto* s = std::get_if<std::string>(&v)) {
    return {reinterpret_cast<const std::uint8_t*>(s->data()), s->size()};
  }
  return {};
}

std::size_t Col(const std::vector<std::string>& columns, std::string_view name) {
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (columns[i] == name) return i;
  }
  return columns.size();
}

// A sealable value as SQLite holds it: an envelope as a BLOB, clear as TEXT.
void Normalize(CopyValue& v) {
  if (const auto* b = std::get_if<CopyBlob>(&v); b != nullptr && !EnvelopeKeyId(*b)) {
    v = std::string(b->begin(), b->end());
  }
}

CopyValue Stored(const std::string& value) {
  const std::span<const std::uint8_t> bytes(reinterpret_cast<const std::uint8_t*>(value.data()),
                                            value.size());
  if (EnvelopeKeyId(bytes)) return CopyBlob(bytes.begin(), bytes.end());
  return value;
}

std::string TextOf(const CopyValue& v) {
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  if (const auto* i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
  return {};
}

Status NoTargetKey() {
  return FailedPrecondition("copy.target_key_missing", "to_key",
                            "a sealed record cannot be written into a store without a key; give "
                            "the target's key");
}

}  // namespace

void CopyResealer::SetSource(const EncryptionKey& key, KeyProvider provider, bool all_sealed) {
  source_.AddKey(key);
  source_.SetProvider(std::move(provider));
  source_.set_store_encrypted(true);
  source_.set_plaintext_allowed(!all_sealed);
  source_keyed_ = true;
}

void CopyResealer::SetTarget(const EncryptionKey& key, KeyProvider provider) {
  target_.SetCurrent(key);
  target_.SetProvider(std::move(provider));
  target_.set_store_encrypted(true);
}

Result<std::string> CopyResealer::OpenDoc(const SealedTable& t, const std::string& row_id,
                                          CopyValue& v) {
  if (EnvelopeKeyId(BytesOf(v)) && !target_.has_current()) return NoTargetKey();
  return source_.Open(SealSite{t.table, row_id, kDocField}, BytesOf(v));
}

Status CopyResealer::Transform(const std::string& table, const std::vector<std::string>& columns,
                               std::vector<CopyRow>& rows) {
  const SealedTable* sealed = FindSealedTable(table);
  const bool events = table == "events";
  if (sealed == nullptr && !events) return Status::Ok();
  const std::size_t value = Col(columns, events ? "changes" : "doc");
  if (value == columns.size()) return Status::Ok();
  for (CopyRow& row : rows) Normalize(row[value]);
  if (!active()) return Status::Ok();
  if (events) {
    for (CopyRow& row : rows) ATENSI_RETURN_IF_ERROR(TransformEvent(columns, row));
    return Status::Ok();
  }
  if (table == "children") {
    for (CopyRow& row : rows) ATENSI_RETURN_IF_ERROR(TransformChild(columns, row));
    return Status::Ok();
  }
  const std::size_t id = Col(columns, sealed->id_column);
  if (id == columns.size()) {
    return Internal("copy.reseal_columns", "the row id of a sealed table must be copied");
  }
  for (CopyRow& row : rows) {
    const std::string row_id = TextOf(row[id]);
    ATENSI_ASSIGN_OR_RETURN(std::string plain, OpenDoc(*sealed, row_id, row[value]));
    Result<std::string> out = target_.Seal(SealSite{sealed->table, row_id, kDocField}, plain);
    sodium_memzero(plain.data(), plain.size());
    if (!out.ok()) return out.status();
    if (target_.has_current()) ++resealed_;
    row[value] = Stored(*out);
  }
  return Status::Ok();
}

Status CopyResealer::TransformChild(const std::vector<std::string>& columns, CopyRow& row) {
  const std::size_t id = Col(columns, "id");
  const std::size_t doc = Col(columns, "doc");
  if (id == columns.size()) {
    return Internal("copy.reseal_columns", "the row id of a sealed table must be copied");
  }
  const std::string row_id = TextOf(row[id]);
  ATENSI_ASSIGN_OR_RETURN(std::string plain, OpenDoc(kSealedTables[0], row_id, row[doc]));
  if (target_.has_current()) {
    // The lookup columns become the blind indexes under the target's key.
    Result<Child> child = ChildOfDocument(plain);
    if (!child.ok()) {
      sodium_memzero(plain.data(), plain.size());
      return child.status();
    }
    for (const auto& [column, purpose, source] :
         {std::tuple{"nik", kNikIndex, &child->nik},
          std::tuple{"roster_key", kRosterKeyIndex, &child->roster_key}}) {
      const std::size_t c = Col(columns, column);
      if (c == columns.size()) continue;
      if (!*source) {
        row[c] = std::monostate{};
        continue;
      }
      Result<std::string> index = target_.Index(purpose, **source);
      if (!index.ok()) {
        sodium_memzero(plain.data(), plain.size());
        return index.status();
      }
      row[c] = *index;
    }
    if (const std::size_t b = Col(columns, "birth_date"); b < columns.size()) {
      row[b] = std::string();
    }
  }
  Result<std::string> out = target_.Seal(SealSite{"children", row_id, kDocField}, plain);
  sodium_memzero(plain.data(), plain.size());
  if (!out.ok()) return out.status();
  if (target_.has_current()) ++resealed_;
  row[doc] = Stored(*out);
  return Status::Ok();
}

Status CopyResealer::TransformEvent(const std::vector<std::string>& columns, CopyRow& row) {
  const std::size_t chain = Col(columns, "chain_id");
  const std::size_t seq = Col(columns, "seq");
  const std::size_t kind = Col(columns, "kind");
  const std::size_t reason = Col(columns, "reason");
  const std::size_t changes = Col(columns, "changes");
  const std::size_t format = Col(columns, "hash_format");
  const std::size_t purged = Col(columns, "payload_purged_at");
  for (std::size_t c : {chain, seq, kind, reason, format, purged}) {
    if (c == columns.size()) {
      return Internal("copy.events_columns", "every event column must be copied");
    }
  }
  const auto int_of = [&](std::size_t c) {
    const auto* v = std::get_if<std::int64_t>(&row[c]);
    return v != nullptr ? *v : std::int64_t{0};
  };
  const std::string chain_id = TextOf(row[chain]);
  std::pair<std::string, std::string> payload;
  if (const auto* env = std::get_if<CopyBlob>(&row[changes])) {
    if (!target_.has_current()) return NoTargetKey();
    ATENSI_ASSIGN_OR_RETURN(payload, OpenEventPayload(source_, chain_id, int_of(seq), *env));
  } else {
    payload = {TextOf(row[reason]), TextOf(row[changes])};
  }
  const bool sealable = IsSealableEvent(
      int_of(format), !std::holds_alternative<std::monostate>(row[purged]), int_of(kind));
  if (target_.has_current() && sealable) {
    Result<std::string> env =
        SealEventPayload(target_, chain_id, int_of(seq), payload.first, payload.second);
    sodium_memzero(payload.first.data(), payload.first.size());
    sodium_memzero(payload.second.data(), payload.second.size());
    if (!env.ok()) return env.status();
    row[changes] = CopyBlob(env->begin(), env->end());
    row[reason] = std::string();
    ++resealed_;
  } else {
    row[changes] = std::move(payload.second);
    row[reason] = std::move(payload.first);
  }
  return Status::Ok();
}

}  // namespace atensi::store
