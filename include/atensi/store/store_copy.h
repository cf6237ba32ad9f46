// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Moving a store up and down (issue #10): an office's SQLite database into
// the shared PostgreSQL store (`atensi migrate`), and a region subtree of a
// shared store back out to a new SQLite file (`atensi export-region`).
//
// The copy is row for row: every record keeps its id, its JSON document (the
// exact text its state hash covers) and its version; every event keeps its
// chain, seq, payload and hashes, so each chain verifies on the target as on
// the source. Rows stream through in bounded batches (never the whole store
// in memory) inside ONE write transaction on the target: a failure anywhere
// (an id the target already holds, a table the target cannot keep, a broken
// chain) leaves the target as it was.
//
// Checkpoints seal the tails of every chain of the store that wrote them.
// A whole-store copy into a target without checkpoints copies them as they
// are (same seq, root and hash). A region copy, or a copy into a store that
// has checkpoints of its own, cannot keep them (they would seal chains the
// target does not hold, or collide with its own sequence): the copy then
// seals one new checkpoint over the target's chains in the same transaction,
// and the report names the source's last checkpoint (seq and hash) so the
// provenance is on record.
//
// Encrypted stores (docs/encryption.md, docs/postgresql.md): every sealed
// document and event payload is opened with the source's key(s) and sealed
// again under the target's current key inside the copy, and the blind
// indexes (NIK, roster key) are recomputed under it, so the copied records
// need the target's key only; the source's key is not needed afterwards
// and is never registered in the target. Envelopes are not copied as they
// are: key ids are chosen per store (an office's key 1 is not the
// province's key 1). A source that holds sealed records needs a target key
// (the copy never writes them in clear); a target that has no key yet gets
// the given one registered in the same transaction (a clear office moving
// into an encrypted store is sealed on the way). The keys are checked
// against the check values both stores keep before anything is written.
// UU 27/2022 (PDP) art. 35 and 39: personal data stays secured wherever it
// is processed.
//
// Refused: a source whose audit trail does not verify, a source table with
// rows that the target's schema has no table or column for, and the key
// refusals listed at CopyStore.

#ifndef ATENSI_STORE_STORE_COPY_H_
#define ATENSI_STORE_STORE_COPY_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "atensi/clock.h"
#include "atensi/crypto/key.h"
#include "atensi/region.h"
#include "atensi/status.h"
#include "atensi/store/event.h"

namespace atensi {

// What to copy where.
struct StoreCopyOptions {
  // The source and target stores: an SQLite file path or a postgresql:// URI
  // each. The source must exist (NotFound "store.not_found"); the target is
  // created when missing.
  std::string from;
  std::string to;
  // Only the children whose domicile lies in this subtree, their cases and
  // everything that hangs on them (events of their chains, referrals,
  // transfers, routing decisions, deadlines, roster facts, access log
  // entries). nullopt = the whole store.
  std::optional<RegionCode> region;
  // Rows per batch read from the source and written to the target (1..5000).
  std::size_t batch_rows = 500;
  // Verify the source's audit trail before copying (refuse a broken one).
  bool verify_source = true;
  // Called after each batch with the table and the rows copied so far in it.
  std::function<void(std::string_view table, std::uint64_t rows)> progress;
  // The source's key (any of its live keys) and a provider for its other
  // live key ids (a rotation under way). Needed when the source holds keys;
  // ignored when it holds none. Read only: never registered anywhere.
  std::shared_ptr<const EncryptionKey> from_key;
  KeyProvider from_key_provider;
  // The target's current key: every sealed record is sealed under it. When
  // the target holds keys it must be one of its live keys; when it holds
  // none it is registered in it (in the copy's transaction). Needed when
  // either store is encrypted. `to_key_provider` opens target rows under
  // its other live keys (the in-transaction verify, a rotation under way).
  std::shared_ptr<const EncryptionKey> to_key;
  KeyProvider to_key_provider;
};

// The rows copied from one table.
struct TableCopyCount {
  std::string table;
  std::uint64_t rows = 0;
};

// What a copy did.
struct StoreCopyReport {
  std::vector<TableCopyCount> tables;  // in copy order; tables with no row are listed with 0
  // The checkpoints were copied as they are.
  bool checkpoints_copied = false;
  // The seq of the checkpoint sealed on the target when they were not (and
  // at least one event was copied).
  std::optional<std::int64_t> checkpoint_sealed;
  // The source's last checkpoint (seq 0 = none) and its hash, for the record.
  std::int64_t source_checkpoint_seq = 0;
  std::string source_checkpoint_hash;  // lowercase hex; empty when none
  // Tables left empty on the target because they are derived and rebuilt
  // there (e.g. "case_deadlines" when the source keeps none).
  std::vector<std::string> rebuilt;
  // The source's audit trail before the copy (when verify_source) and the
  // target's, whole store, after the commit.
  std::optional<VerifyReport> source_verify;
  VerifyReport target_verify;
  // The key id the copied records are sealed under on the target (nullopt:
  // both stores are in clear), whether the copy registered it there, and
  // how many documents and event payloads it sealed under it.
  std::optional<std::uint32_t> target_key_id;
  bool target_key_registered = false;
  std::uint64_t resealed = 0;
};

// The number of rows of `table` in `report` (0 when absent).
std::uint64_t CopiedRows(const StoreCopyReport& report, std::string_view table);

// Copies `options.from` into `options.to` (see the file comment). Errors:
//   InvalidArgument "copy.same_store" (from == to), "copy.batch_rows";
//   FailedPrecondition "crypto.key_missing" (field from_key / to_key: a
//   store holds keys and its key, or one of the source's live keys, was not
//   given), "copy.target_key_missing" (field to_key: the source holds keys
//   and no target key was given: sealed records are never written in
//   clear), "crypto.key_retired" (a retired key was given);
//   PermissionDenied "crypto.wrong_key" (field from_key / to_key: the key
//   does not match the check the store keeps for its id, or the store knows
//   no such id), all checked before anything is written;
//   "copy.source_broken" (the source does not verify; nothing written);
//   AlreadyExists "copy.id_exists" (field: the table) when the target already
//   holds a record, chain, NIK or roster key being copied;
//   Unsupported "copy.target_lacks_table" / "copy.target_lacks_column"
//   (field: the table) when the target cannot keep rows the source has,
//   "copy.unscoped_table" when a region copy meets a store-wide table with
//   rows it cannot scope;
//   Corruption "copy.target_broken" when the copied event log does not
//   verify inside the transaction (rolled back);
//   and the storage errors of either backend. Nothing is written to the
//   target unless the whole copy succeeds.
Result<StoreCopyReport> CopyStore(const StoreCopyOptions& options, const Clock& clock);

}  // namespace atensi

#endif  // ATENSI_STORE_STORE_COPY_H_
