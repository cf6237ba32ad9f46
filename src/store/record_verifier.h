// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// The record half of CaseStore::Verify (case_store.h), in ONE ordered pass
// (docs/performance.md, workload 7). EventLog::Verify walks every event in
// (chain_id, seq) order and hands each verified row to an EventRowObserver;
// this observer keeps the few facts of the current chain that the record
// checks need (tail of its own dot-free events, their count, the newest event
// naming each referral / transfer / routing row, the kinds seen) and, when the
// chain ends, merge-joins them with cursors over cases, children, referrals,
// transfers and routing_decisions read in the same key order (each table
// scanned once, no correlated subquery, no second pass over events).
//
// The checks and the failure reported first are those of the per-table
// queries this replaces: every case row against the newest of its own events
// (record.no_events, record.version_mismatch: version == number of its own
// events, record.state_mismatch: SHA-256 of its document == that event's
// state_hash), every child row against its chain's last event, every chain
// against the row it belongs to (record.missing), then every referral,
// transfer and routing row against the newest event naming it in its case's
// chain and every row such an event names. When several records are broken,
// the one reported is chosen by the same priority: cases (lowest id), then
// children, then missing rows (lowest chain id), then each subject table
// (lowest row id, then its missing rows).

#ifndef ATENSI_SRC_STORE_RECORD_VERIFIER_H_
#define ATENSI_SRC_STORE_RECORD_VERIFIER_H_

#include <array>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "atensi/store/event.h"
#include "store/event_log.h"
#include "store/sqlite_db.h"

namespace atensi::store {

class RecordVerifier final : public EventRowObserver {
 public:
  // Opens a stored case / child document (table, row id, stored bytes) to
  // its plaintext: the encryption-at-rest hook (sqlite_crypto.h).
  using DocOpener = std::function<Result<std::string>(
      std::string_view table, std::string_view id, std::span<const std::uint8_t> stored)>;

  // `opener` empty: documents are stored in clear.
  explicit RecordVerifier(Db& db, DocOpener opener = {});
  ~RecordVerifier() override;
  RecordVerifier(const RecordVerifier&) = delete;
  RecordVerifier& operator=(const RecordVerifier&) = delete;

  // Receives every verified event row (kEventColumns) in (chain_id, seq) order.
  Status OnEvent(const Stmt& row) override;

  // Forgets every row seen (Verify re-runs its pass from the first event).
  void Reset() override;

  // After the last event: closes the last chain, checks the rows no chain
  // reached, and returns the first broken record link (nullopt: all match).
  Result<std::optional<BrokenLink>> Finish();

 private:
  struct State;
  Status CloseChain();
  Result<bool> StateMatches(std::string_view table, std::string_view id, const Stmt& row, int col,
                            const std::array<std::uint8_t, 32>& state) const;
  // Opens the case (is_case) or child document in column `col` of `row` and
  // queues "its SHA-256 == state" for a hashing thread; false when the
  // document fails authentication (a broken record, reported at once).
  Result<bool> QueueDocHash(bool is_case, std::string_view id, const Stmt& row, int col,
                            std::int64_t seq, const std::array<std::uint8_t, 32>& state);
  std::unique_ptr<State> s_;
  DocOpener opener_;
};

}  // namespace atensi::store

#endif  // ATENSI_SRC_STORE_RECORD_VERIFIER_H_
