// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// EventHashPipeline (verify_pipeline.h): the event and payload hashes of
// Verify's chain pass, recomputed on a worker thread from copies of the rows.

#include "store/verify_pipeline.h"

#include <algorithm>
#include <span>
#include <string_view>
#include <utility>

#include "store/event_log.h"

namespace atensi::store {
namespace {

// kEventColumns indexes (event_log.h).
enum Col : int {
  kChain = 0,
  kSeq = 1,
  kKind = 2,
  kAt = 3,
  kPerson = 4,
  kAgency = 5,
  kRole = 6,
  kRights = 7,
  kAction = 8,
  kReason = 9,
  kChanges = 10,
  kStateHash = 11,
  kPrevHash = 12,
  kHash = 13,
  kFormat = 14,
  kPayloadDigest = 15,
  kPurgedAt = 16,
};

// The text fields copied per row, in this order.
constexpr int kTextCols[] = {kChain, kPerson, kAgency, kAction, kReason, kChanges};
constexpr std::size_t kTexts = std::size(kTextCols);

}  // namespace

// One row's hashed fields: texts and digests as offsets into its batch's
// arena (the arena grows, so no pointers are kept).
struct EventHashPipeline::Job {
  std::uint32_t off[kTexts];
  std::uint32_t len[kTexts];
  std::uint32_t digests;  // state_hash, prev_hash, hash (32 bytes each), payload_digest
  std::uint32_t pd_len;   // payload_digest size (0 for format 1)
  std::uint64_t kind;
  std::uint64_t role;
  std::uint64_t rights;
  std::int64_t seq;
  std::int64_t at;
  std::int64_t format;
  bool purged;
  bool payload_checked;
};

struct EventHashPipeline::Batch {
  std::string arena;
  std::vector<Job> jobs;
};

EventHashPipeline::EventHashPipeline()
    : current_(std::make_unique<Batch>()), worker_([this] { Run(); }) {}

EventHashPipeline::~EventHashPipeline() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    closing_ = true;
    failed_.store(true);  // drop what is still queued
  }
  work_cv_.notify_all();
  if (worker_.joinable()) worker_.join();
}

void EventHashPipeline::Add(const Stmt& row, bool payload_checked) {
  Batch& b = *current_;
  Job j{};
  for (std::size_t i = 0; i < kTexts; ++i) {
    const std::string_view v = row.TextView(kTextCols[i]);
    j.off[i] = static_cast<std::uint32_t>(b.arena.size());
    j.len[i] = static_cast<std::uint32_t>(v.size());
    b.arena.append(v);
  }
  j.digests = static_cast<std::uint32_t>(b.arena.size());
  for (int col : {kStateHash, kPrevHash, kHash, kPayloadDigest}) {
    const std::span<const std::uint8_t> d = row.BlobView(col);
    b.arena.append(reinterpret_cast<const char*>(d.data()), d.size());
    if (col == kPayloadDigest) j.pd_len = static_cast<std::uint32_t>(d.size());
  }
  j.kind = static_cast<std::uint64_t>(row.Int64(kKind));
  j.role = static_cast<std::uint64_t>(row.Int64(kRole));
  j.rights = static_cast<std::uint32_t>(row.Int64(kRights));  // as RowEventHash reads it
  j.seq = row.Int64(kSeq);
  j.at = row.Int64(kAt);
  j.format = row.Int64(kFormat);
  j.purged = !row.IsNull(kPurgedAt);
  j.payload_checked = payload_checked;
  b.jobs.push_back(j);
  if (b.jobs.size() >= kBatchRows) Submit();
}

void EventHashPipeline::Submit() {
  std::unique_ptr<Batch> next;
  {
    std::unique_lock<std::mutex> lock(mu_);
    free_cv_.wait(lock, [this] { return in_flight_ < kMaxInFlight; });
    queue_.push_back(std::move(current_));
    ++in_flight_;
    if (!free_.empty()) {
      next = std::move(free_.back());
      free_.pop_back();
    }
  }
  work_cv_.notify_one();
  if (!next) next = std::make_unique<Batch>();
  current_ = std::move(next);
}

bool EventHashPipeline::Finish() {
  if (!current_->jobs.empty()) Submit();
  std::unique_lock<std::mutex> lock(mu_);
  free_cv_.wait(lock, [this] { return in_flight_ == 0; });
  return !failed_.load();
}

bool EventHashPipeline::Passes(const Batch& b, const Job& j) {
  auto text = [&](std::size_t i) { return std::string_view(b.arena.data() + j.off[i], j.len[i]); };
  const auto* d = reinterpret_cast<const std::uint8_t*>(b.arena.data() + j.digests);
  EventHashFields f;
  f.chain_id = text(0);
  f.kind = j.kind;
  f.seq = j.seq;
  f.at = j.at;
  f.person = text(1);
  f.agency = text(2);
  f.role = j.role;
  f.rights = j.rights;
  f.action = text(3);
  f.reason = text(4);
  f.changes = text(5);
  f.state_hash = {d, 32};
  f.prev_hash = {d + 32, 32};
  f.format = j.format;
  f.payload_digest = {d + 96, j.pd_len};
  const Sha256Digest hash = HashEventFields(f);
  if (!std::equal(hash.begin(), hash.end(), d + 64)) return false;
  // The payload, as RowPayloadIntact (event_log.cpp) checks it.
  if (j.payload_checked || j.format == 1) return true;
  if (j.purged) return f.reason.empty() && f.changes == "{}";
  if (j.pd_len != 32) return false;
  const Sha256Digest payload = PayloadDigest(f.reason, f.changes);
  return std::equal(payload.begin(), payload.end(), d + 96);
}

void EventHashPipeline::Run() {
  while (true) {
    std::unique_ptr<Batch> batch;
    {
      std::unique_lock<std::mutex> lock(mu_);
      work_cv_.wait(lock, [this] { return closing_ || !queue_.empty(); });
      if (queue_.empty()) return;  // closing
      batch = std::move(queue_.front());
      queue_.pop_front();
    }
    if (!failed_.load(std::memory_order_relaxed)) {
      for (const Job& j : batch->jobs) {
        if (!Passes(*batch, j)) {
          failed_.store(true);
          break;
        }
      }
    }
    batch->arena.clear();
    batch->jobs.clear();
    {
      std::lock_guard<std::mutex> lock(mu_);
      free_.push_back(std::move(batch));
      --in_flight_;
    }
    free_cv_.notify_all();
  }
}

}  // namespace atensi::store
