// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Streaming SHA-256 (FIPS 180-4) for the event log's hashes. On x86-64 CPUs
// with the SHA extensions (Intel Goldmont+/Ice Lake+, AMD Zen) the blocks are
// compressed with SHA-NI, about 3-4x faster than libsodium's portable code;
// elsewhere it is libsodium's crypto_hash_sha256. Same digests either way
// (tests/store/sha256_stream_test.cpp compares them). Audit verification is
// dominated by hashing (docs/performance.md, workload 7).

#ifndef ATENSI_SRC_STORE_SHA256_STREAM_H_
#define ATENSI_SRC_STORE_SHA256_STREAM_H_

#include <sodium.h>

#include <array>
#include <cstddef>
#include <cstdint>

namespace atensi::store {

class Sha256Stream {
 public:
  Sha256Stream();
  void Update(const unsigned char* data, std::size_t n);
  std::array<std::uint8_t, 32> Finish();

  // Whether this CPU has the SHA extensions (the fast path is in use).
  static bool Accelerated();

 private:
  bool ni_;
  // SHA-NI path.
  std::uint32_t h_[8];
  unsigned char buf_[64];
  std::size_t buf_len_ = 0;
  std::uint64_t total_ = 0;
  // Portable path.
  crypto_hash_sha256_state sodium_;
};

}  // namespace atensi::store

#endif  // ATENSI_SRC_STORE_SHA256_STREAM_H_
