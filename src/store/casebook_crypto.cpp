// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Casebook encryption at rest: key state and key rotation (issue 9).
//
// Why: UU 27/2022 art. 4 (children's data and crime records are specific
// personal data) and art. 46 (a leak is a notifiable breach); a key that may
// have leaked must be replaceable without taking the service down. Rotation
// therefore works in small transactions while other calls go on, and can be
// resumed after a crash (docs/encryption.md).

#include <string>
#include <utility>

#include "atensi/access/operation.h"
#include "atensi/access/permission_matrix.h"
#include "atensi/casebook.h"

namespace atensi {

Result<EncryptionInfo> Casebook::Encryption() {
  auto lock = Lock();
  ATENSI_ASSIGN_OR_RETURN(auto txn, store_->BeginRead());
  ATENSI_ASSIGN_OR_RETURN(EncryptionInfo info, store_->Encryption());
  ATENSI_RETURN_IF_ERROR(txn->Commit());
  return info;
}

Result<KeyRotationResult> Casebook::RotateKey(const EncryptionKey& new_key, const Actor& actor,
                                              const KeyRotationOptions& options) {
  ATENSI_RETURN_IF_ERROR(ValidateActor(actor));
  ATENSI_RETURN_IF_ERROR(CheckRole(actor, Operation::kRotateKey));
  if (options.batch_size < 1 || options.batch_size > 100'000) {
    return InvalidArgument("crypto.batch_size", "batch_size", "batch_size must be 1..100000");
  }
  if (batch_owner_.load() == std::this_thread::get_id()) {
    return FailedPrecondition("crypto.rotation_in_batch", "batch",
                              "a key rotation commits its own transactions; run it outside Batch");
  }
  KeyRotationResult result;
  {
    auto lock = Lock();
    ATENSI_ASSIGN_OR_RETURN(auto txn, store_->BeginWrite());
    ATENSI_RETURN_IF_ERROR(store_->BeginKeyRotation(new_key));
    ATENSI_RETURN_IF_ERROR(txn->Commit());
  }
  // One transaction per batch; the lock is released between batches so the
  // service keeps answering.
  RekeyCursor cursor;
  while (cursor.table != kRekeyDone) {
    {
      auto lock = Lock();
      ATENSI_ASSIGN_OR_RETURN(auto txn, store_->BeginWrite());
      ATENSI_ASSIGN_OR_RETURN(std::uint64_t n, store_->RekeyBatch(cursor, options.batch_size));
      ATENSI_RETURN_IF_ERROR(txn->Commit());
      result.rewritten += n;
      ++result.batches;
    }
    if (options.on_batch && !options.on_batch(result.rewritten)) return result;  // paused
  }
  auto lock = Lock();
  ATENSI_ASSIGN_OR_RETURN(auto txn, store_->BeginWrite());
  EventDraft draft;
  draft.action = "key_rotated";
  draft.changes = nlohmann::json::object();
  draft.changes["records_resealed"] = {{"after", result.rewritten}};
  ATENSI_ASSIGN_OR_RETURN(result.retired_keys,
                          store_->FinishKeyRotation(draft, AuditStamp{actor, clock_.Now()}));
  ATENSI_RETURN_IF_ERROR(txn->Commit());
  result.finished = true;
  return result;
}

}  // namespace atensi
