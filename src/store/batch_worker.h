// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// One worker thread that checks batches filled by the calling thread, in the
// order they were handed over, with bounded memory: Verify's hashing half
// (verify_pipeline.h) and its record checks (record_verifier.cpp) both run
// on one. The caller fills a batch, Submit()s it and gets an empty one back
// (a recycled batch when one is free, so steady state allocates nothing);
// Submit blocks while `max_in_flight` batches wait or are being checked.
//
// The first batch whose check fails records its Status; later batches are
// recycled unchecked (the caller's pass is being abandoned: Verify re-runs
// it on one thread to report the exact failure).
//
// Batch must be default-constructible and have `void Clear()`, which the
// worker calls before a batch goes back to the free list.

#ifndef ATENSI_SRC_STORE_BATCH_WORKER_H_
#define ATENSI_SRC_STORE_BATCH_WORKER_H_

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include "atensi/status.h"

namespace atensi::store {

template <typename Batch>
class BatchWorker {
 public:
  // `check` runs on the worker thread, once per submitted batch, in order.
  BatchWorker(std::size_t max_in_flight, std::function<Status(Batch&)> check)
      : max_in_flight_(max_in_flight), check_(std::move(check)) {}
  // Stops the worker (see Stop).
  ~BatchWorker() { Stop(); }
  BatchWorker(const BatchWorker&) = delete;
  BatchWorker& operator=(const BatchWorker&) = delete;

  // Starts the worker thread. Throws std::system_error when no thread can be
  // made (the caller then does the work itself).
  void Start() {
    worker_ = std::thread([this] { Run(); });
  }

  // Stops and joins the worker; batches still queued are dropped unchecked.
  // Idempotent.
  void Stop() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      closing_ = true;
    }
    work_cv_.notify_all();
    if (worker_.joinable()) worker_.join();
    std::lock_guard<std::mutex> lock(mu_);
    queue_.clear();
    in_flight_ = 0;
  }

  // Queues `full` for the worker and returns an empty batch to fill next.
  // Blocks while max_in_flight batches are queued or being checked.
  std::unique_ptr<Batch> Submit(std::unique_ptr<Batch> full) {
    std::unique_ptr<Batch> next;
    {
      std::unique_lock<std::mutex> lock(mu_);
      free_cv_.wait(lock, [this] { return in_flight_ < max_in_flight_; });
      queue_.push_back(std::move(full));
      ++in_flight_;
      if (!free_.empty()) {
        next = std::move(free_.back());
        free_.pop_back();
      }
    }
    work_cv_.notify_one();
    return next ? std::move(next) : std::make_unique<Batch>();
  }

  // Waits until every submitted batch is checked; the first failure's
  // Status, or OK.
  Status Drain() {
    std::unique_lock<std::mutex> lock(mu_);
    free_cv_.wait(lock, [this] { return in_flight_ == 0; });
    return status_;
  }

  // Whether a check has failed so far (the caller may stop filling early).
  [[nodiscard]] bool failed() const { return failed_.load(std::memory_order_relaxed); }

 private:
  void Run() {
    while (true) {
      std::unique_ptr<Batch> batch;
      {
        std::unique_lock<std::mutex> lock(mu_);
        work_cv_.wait(lock, [this] { return closing_ || !queue_.empty(); });
        if (closing_) return;
        batch = std::move(queue_.front());
        queue_.pop_front();
      }
      Status st;
      if (!failed()) st = check_(*batch);
      batch->Clear();
      {
        std::lock_guard<std::mutex> lock(mu_);
        if (!st.ok() && status_.ok()) {
          status_ = std::move(st);
          failed_.store(true, std::memory_order_relaxed);
        }
        free_.push_back(std::move(batch));
        --in_flight_;
      }
      free_cv_.notify_all();
    }
  }

  const std::size_t max_in_flight_;
  const std::function<Status(Batch&)> check_;
  std::mutex mu_;
  std::condition_variable work_cv_;  // a batch was queued, or Stop
  std::condition_variable free_cv_;  // a batch was checked
  std::deque<std::unique_ptr<Batch>> queue_;
  std::vector<std::unique_ptr<Batch>> free_;
  std::size_t in_flight_ = 0;  // queued or being checked
  bool closing_ = false;
  Status status_;  // the first failure
  std::atomic<bool> failed_{false};
  std::thread worker_;
};

}  // namespace atensi::store

#endif  // ATENSI_SRC_STORE_BATCH_WORKER_H_
