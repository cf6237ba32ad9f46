// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Default implementations of the CaseStore encryption-at-rest methods
// (schema version 7), so other backends compile unchanged: each refuses with
// Unsupported "store.unsupported".

#include "atensi/store/case_store.h"

namespace atensi {
namespace {

Status NoCrypto() {
  return Unsupported("store.unsupported", "",
                     "this store backend does not support encryption at rest");
}

}  // namespace

Result<EncryptionInfo> CaseStore::Encryption() { return NoCrypto(); }
Status CaseStore::BeginKeyRotation(const EncryptionKey&) { return NoCrypto(); }
Result<std::uint64_t> CaseStore::RekeyBatch(RekeyCursor&, std::size_t) { return NoCrypto(); }
Result<std::vector<std::uint32_t>> CaseStore::FinishKeyRotation(const EventDraft&,
                                                                const AuditStamp&) {
  return NoCrypto();
}

}  // namespace atensi
