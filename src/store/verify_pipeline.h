// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// The hashing half of EventLog::Verify on a second core (docs/performance.md,
// workload 7). The thread that steps the event rows through SQLite makes the
// cheap checks itself (decodable fields, seq contiguity, prev_hash equal to
// the previous row's stored hash) and copies each row's hashed fields into a
// batch; a worker thread recomputes every event hash and payload digest and
// compares them with the stored ones. Because every stored hash is checked
// against its recomputation, linking each row to its predecessor's STORED
// hash is the same check as linking it to the recomputed one.
//
// The pipeline only answers "every row passed" or "some row failed": on a
// failure EventLog::Verify runs its sequential pass again from the start, so
// the broken link it reports (and its reason) is exactly the sequential
// one. Memory is bounded: at most kMaxInFlight batches of kBatchRows rows.

#ifndef ATENSI_SRC_STORE_VERIFY_PIPELINE_H_
#define ATENSI_SRC_STORE_VERIFY_PIPELINE_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "store/batch_worker.h"
#include "store/sqlite_db.h"

namespace atensi::store {

class EventHashPipeline {
 public:
  // Starts the worker thread.
  EventHashPipeline();
  // Stops and joins the worker (pending rows are dropped).
  ~EventHashPipeline();
  EventHashPipeline(const EventHashPipeline&) = delete;
  EventHashPipeline& operator=(const EventHashPipeline&) = delete;

  // Copies the hashed fields of the current row of a kEventColumns SELECT
  // (which must pass RowFieldsDecode) and queues its checks: the stored hash
  // equals the recomputed event hash and, unless `payload_checked` (the
  // caller checked an encrypted payload itself), the payload is intact
  // (format 2: payload_digest matches reason + change set, or a purged
  // payload is really gone). May block while kMaxInFlight batches wait.
  void Add(const Stmt& row, bool payload_checked);

  // Whether a queued row has failed so far (the reader may stop early).
  [[nodiscard]] bool failed() const { return worker_.failed(); }

  // Waits until every queued row is checked; true when all passed.
  bool Finish();

 private:
  struct Job;
  struct Batch;
  static constexpr std::size_t kBatchRows = 512;
  static constexpr std::size_t kMaxInFlight = 4;

  static Status Check(const Batch& batch);
  static bool Passes(const Batch& batch, const Job& job);

  BatchWorker<Batch> worker_;
  std::unique_ptr<Batch> current_;
};

}  // namespace atensi::store

#endif  // ATENSI_SRC_STORE_VERIFY_PIPELINE_H_
