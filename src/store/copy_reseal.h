// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Moving an encrypted store (issue #10 with issue 9's encryption at rest):
// the rows CopyStore streams are opened with the SOURCE's keys and sealed
// again under the TARGET's current key on the way, one row at a time in
// memory, never written anywhere in clear.
//
// Why re-seal rather than copy the envelopes: the shared (province) store
// has a key of its own; an envelope is bound to its key id, and key ids are
// chosen per store by the integrator (an office's key 1 and the province's
// key 1 are different keys), so copied envelopes would name a key the
// target does not hold, and the office's key would be needed forever after.
// UU 27/2022 (PDP) art. 35 and 39 make the controller keep the data secured
// wherever it is processed: the copy leaves every sealed value readable with
// the target's key only, and refuses to write into a store without a key
// what was sealed in the source.
//
// What changes per table: every sealable `doc` (crypto_rotation.h
// kSealedTables) is re-sealed with the same associated data (table, row id,
// "doc"); children.nik / roster_key become the blind indexes under the
// target's key (recomputed from the opened document) and birth_date is
// blanked; a sealable event payload (format 2, not purged, child or case
// chain) is re-sealed ("<chain_id>#<seq>", "payload") with reason ''. The
// hashed plaintext is unchanged, so every state hash, payload digest and
// event hash stays as it was and the chains verify on the target.

#ifndef ATENSI_SRC_STORE_COPY_RESEAL_H_
#define ATENSI_SRC_STORE_COPY_RESEAL_H_

#include <cstdint>
#include <string>
#include <vector>

#include "atensi/crypto/key.h"
#include "atensi/status.h"
#include "store/crypto_rotation.h"
#include "store/field_cipher.h"
#include "store/store_copy.h"

namespace atensi::store {

class CopyResealer {
 public:
  CopyResealer() = default;
  CopyResealer(const CopyResealer&) = delete;
  CopyResealer& operator=(const CopyResealer&) = delete;

  // The source's keys (read only). `all_sealed`: the source holds no clear
  // document any more (a clear one is then tampering, crypto.not_sealed).
  void SetSource(const EncryptionKey& key, KeyProvider provider, bool all_sealed);
  // The target's current key: every sealable value is sealed under it.
  // `provider` opens target rows under its other live keys (in-transaction
  // verify of a target whose own rotation is under way).
  void SetTarget(const EncryptionKey& key, KeyProvider provider);

  // Whether values are opened or sealed at all (a key on either side).
  [[nodiscard]] bool active() const { return source_keyed_ || target_.has_current(); }

  // Rewrites `rows` of `table` (values in `columns` order) in place: a
  // sealable value read as a non-envelope BLOB becomes TEXT (PostgreSQL
  // reads documents as bytes); with keys, each sealed value is opened with
  // the source's keys and sealed under the target's. Errors: the
  // FieldCipher's (crypto.key_missing, crypto.auth_failed,
  // crypto.not_sealed), Corruption "store.bad_document".
  Status Transform(const std::string& table, const std::vector<std::string>& columns,
                   std::vector<CopyRow>& rows);

  // Opens the target's sealed payloads (VerifyLog inside the transaction).
  PayloadSealer* target_sealer() { return &target_sealer_; }
  // Documents and payloads sealed under the target's key so far.
  [[nodiscard]] std::uint64_t resealed() const { return resealed_; }

 private:
  Result<std::string> OpenDoc(const SealedTable& t, const std::string& row_id, CopyValue& v);
  Status TransformChild(const std::vector<std::string>& columns, CopyRow& row);
  Status TransformEvent(const std::vector<std::string>& columns, CopyRow& row);

  FieldCipher source_;
  FieldCipher target_;
  CipherPayloadSealer target_sealer_{target_};
  bool source_keyed_ = false;
  std::uint64_t resealed_ = 0;
};

}  // namespace atensi::store

#endif  // ATENSI_SRC_STORE_COPY_RESEAL_H_
