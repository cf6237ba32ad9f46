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
  void Clear() {
    arena.clear();
    jobs.clear();
  }
};

EventHashPipeline::EventHashPipeline()
    : worker_(kMaxInFlight, [](Batch& b) { return Check(b); }),
      current_(std::make_unique<Batch>()) {
  worker_.Start();
}

// Stops the worker; what is still queued is dropped (BatchWorker::Stop).
EventHashPipeline::~EventHashPipeline() = default;

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
  if (b.jobs.size() >= kBatchRows) current_ = worker_.Submit(std::move(current_));
}

bool EventHashPipeline::Finish() {
  if (!current_->jobs.empty()) current_ = worker_.Submit(std::move(current_));
  return worker_.Drain().ok();
}

Status EventHashPipeline::Check(const Batch& b) {
  for (const Job& j : b.jobs) {
    if (!Passes(b, j)) {
      return Corruption("store.verify_event_hash",
                        "an event hash or payload digest does not match its row");
    }
  }
  return Status::Ok();
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

}  // namespace atensi::store
