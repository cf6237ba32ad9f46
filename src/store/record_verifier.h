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
  using DocOpener = std::function<Result<std::string>(std::string_view table, std::string_view id,
                                                      std::span<const std::uint8_t> stored)>;

  // `opener` empty: documents are stored in clear.
  explicit RecordVerifier(Db& db, DocOpener opener = {});
  ~RecordVerifier() override;
  RecordVerifier(const RecordVerifier&) = delete;
  RecordVerifier& operator=(const RecordVerifier&) = delete;

  // Receives every verified event row (kEventColumns) in (chain_id, seq) order.
  Status OnEvent(const Stmt& row) override;

  // Forgets every row seen (Verify re-runs its pass from the first event).
  // Also ends StartParallel: the checks run on the calling thread again.
  void Reset() override;

  // Moves the per-chain record checks (the cursors over cases, children,
  // referrals, transfers and routing_decisions, and the document hashes) to
  // a thread of their own with a second connection to the same file, so
  // they run beside the event pass (docs/performance.md, workload 7). The
  // event pass then only hands each chain's summary over. The second
  // connection reads the SAME snapshot as `db`: a third connection holds
  // the write lock (BEGIN IMMEDIATE) while `db` and the second connection
  // take their read snapshots, so no commit can fall between the two.
  // Needs `db` inside a transaction that has not read yet, a file (not
  // :memory:) and a second core; returns false (the checks stay on the
  // calling thread; `db` may have taken its read snapshot) when any of that
  // is missing or the lock is not free within a short wait. The checks and
  // the record reported are those of the one-thread pass. Sealed documents
  // are not opened on the record thread: meeting one ends the parallel pass
  // with an error, so Verify re-runs it on one thread (callers whose store
  // seals documents should not call this). Call before the first OnEvent.
  bool StartParallel();

  // Waits until the record thread has checked every chain handed over;
  // false when it stopped on an error (EventRowObserver::Drain).
  bool Drain() override;

  // After the last event: closes the last chain, checks the rows no chain
  // reached, and returns the first broken record link (nullopt: all match).
  Result<std::optional<BrokenLink>> Finish();

 private:
  struct State;
  struct ChainFacts;
  class Parallel;
  Status CloseChain(const ChainFacts& f);
  Status Note(ChainFacts& f, const Stmt& row);
  Result<bool> StateMatches(std::string_view table, std::string_view id, const Stmt& row, int col,
                            const std::array<std::uint8_t, 32>& state) const;
  // Opens the case (is_case) or child document in column `col` of `row` and
  // queues "its SHA-256 == state" for a hashing thread; false when the
  // document fails authentication (a broken record, reported at once).
  Result<bool> QueueDocHash(bool is_case, std::string_view id, const Stmt& row, int col,
                            std::int64_t seq, const std::array<std::uint8_t, 32>& state);
  DocOpener opener_;
  Db& main_db_;
  // Declared before s_ so that s_ (whose cursors may be statements of the
  // parallel connection) is destroyed first.
  std::unique_ptr<Parallel> par_;
  std::unique_ptr<State> s_;
};

}  // namespace atensi::store

#endif  // ATENSI_SRC_STORE_RECORD_VERIFIER_H_
