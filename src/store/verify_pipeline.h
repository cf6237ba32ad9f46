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

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

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
  [[nodiscard]] bool failed() const { return failed_.load(std::memory_order_relaxed); }

  // Waits until every queued row is checked; true when all passed.
  bool Finish();

 private:
  struct Job;
  struct Batch;
  static constexpr std::size_t kBatchRows = 512;
  static constexpr std::size_t kMaxInFlight = 4;

  void Submit();
  void Run();
  static bool Passes(const Batch& batch, const Job& job);

  std::unique_ptr<Batch> current_;
  std::mutex mu_;
  std::condition_variable work_cv_;  // a batch was queued or the pipeline closes
  std::condition_variable free_cv_;  // a batch was checked
  std::deque<std::unique_ptr<Batch>> queue_;
  std::vector<std::unique_ptr<Batch>> free_;
  std::size_t in_flight_ = 0;  // queued or being checked
  bool closing_ = false;
  std::atomic<bool> failed_{false};
  std::thread worker_;
};

}  // namespace atensi::store

#endif  // ATENSI_SRC_STORE_VERIFY_PIPELINE_H_
