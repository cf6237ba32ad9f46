// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0

#include "store/sha256_stream.h"

#include <algorithm>
#include <cstring>

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>
#define ATENSI_SHA_NI 1
#else
#define ATENSI_SHA_NI 0
#endif

namespace atensi::store {
namespace {

constexpr std::uint32_t kInit[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                    0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};

#if ATENSI_SHA_NI
alignas(16) constexpr std::uint32_t kK[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

// Compresses `blocks` 64-byte blocks into `state` with the SHA extensions
// (the schedule of Intel's "SHA extensions" white paper, 2013).
__attribute__((target("sha,sse4.1,ssse3"))) void CompressNi(std::uint32_t state[8],
                                                            const unsigned char* data,
                                                            std::size_t blocks) {
  const __m128i kMask = _mm_set_epi64x(0x0c0d0e0f08090a0bLL, 0x0405060700010203LL);
  __m128i tmp = _mm_loadu_si128(reinterpret_cast<const __m128i*>(&state[0]));
  __m128i state1 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(&state[4]));
  tmp = _mm_shuffle_epi32(tmp, 0xB1);                // CDAB
  state1 = _mm_shuffle_epi32(state1, 0x1B);          // EFGH
  __m128i state0 = _mm_alignr_epi8(tmp, state1, 8);  // ABEF
  state1 = _mm_blend_epi16(state1, tmp, 0xF0);       // CDGH
  for (; blocks > 0; --blocks, data += 64) {
    const __m128i abef = state0;
    const __m128i cdgh = state1;
    __m128i w[4];
    for (int j = 0; j < 16; ++j) {
      __m128i cur;
      if (j < 4) {
        cur = _mm_shuffle_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(data + 16 * j)),
                               kMask);
      } else {
        __m128i x = _mm_sha256msg1_epu32(w[(j - 4) & 3], w[(j - 3) & 3]);
        x = _mm_add_epi32(x, _mm_alignr_epi8(w[(j - 1) & 3], w[(j - 2) & 3], 4));
        cur = _mm_sha256msg2_epu32(x, w[(j - 1) & 3]);
      }
      w[j & 3] = cur;
      __m128i msg =
          _mm_add_epi32(cur, _mm_load_si128(reinterpret_cast<const __m128i*>(&kK[4 * j])));
      state1 = _mm_sha256rnds2_epu32(state1, state0, msg);
      msg = _mm_shuffle_epi32(msg, 0x0E);
      state0 = _mm_sha256rnds2_epu32(state0, state1, msg);
    }
    state0 = _mm_add_epi32(state0, abef);
    state1 = _mm_add_epi32(state1, cdgh);
  }
  tmp = _mm_shuffle_epi32(state0, 0x1B);        // FEBA
  state1 = _mm_shuffle_epi32(state1, 0xB1);     // DCHG
  state0 = _mm_blend_epi16(tmp, state1, 0xF0);  // DCBA
  state1 = _mm_alignr_epi8(state1, tmp, 8);     // ABEF
  _mm_storeu_si128(reinterpret_cast<__m128i*>(&state[0]), state0);
  _mm_storeu_si128(reinterpret_cast<__m128i*>(&state[4]), state1);
}

bool DetectShaNi() {
  unsigned a = 0, b = 0, c = 0, d = 0;
  if (__get_cpuid(1, &a, &b, &c, &d) == 0) return false;
  const bool ssse3 = (c & (1u << 9)) != 0;
  const bool sse41 = (c & (1u << 19)) != 0;
  if (__get_cpuid_count(7, 0, &a, &b, &c, &d) == 0) return false;
  const bool sha = (b & (1u << 29)) != 0;
  return ssse3 && sse41 && sha;
}
#else
void CompressNi(std::uint32_t*, const unsigned char*, std::size_t) {}
bool DetectShaNi() { return false; }
#endif

}  // namespace

bool Sha256Stream::Accelerated() {
  static const bool ni = DetectShaNi();
  return ni;
}

Sha256Stream::Sha256Stream() : ni_(Accelerated()) {
  if (ni_) {
    std::memcpy(h_, kInit, sizeof h_);
  } else {
    crypto_hash_sha256_init(&sodium_);
  }
}

void Sha256Stream::Update(const unsigned char* data, std::size_t n) {
  if (n == 0) return;
  if (!ni_) {
    crypto_hash_sha256_update(&sodium_, data, n);
    return;
  }
  total_ += n;
  if (buf_len_ > 0) {
    const std::size_t take = std::min(n, sizeof buf_ - buf_len_);
    std::memcpy(buf_ + buf_len_, data, take);
    buf_len_ += take;
    data += take;
    n -= take;
    if (buf_len_ < sizeof buf_) return;
    CompressNi(h_, buf_, 1);
    buf_len_ = 0;
  }
  if (n >= 64) {
    CompressNi(h_, data, n / 64);
    data += n / 64 * 64;
    n %= 64;
  }
  if (n > 0) {
    std::memcpy(buf_, data, n);
    buf_len_ = n;
  }
}

std::array<std::uint8_t, 32> Sha256Stream::Finish() {
  std::array<std::uint8_t, 32> out{};
  if (!ni_) {
    crypto_hash_sha256_final(&sodium_, out.data());
    return out;
  }
  const std::uint64_t bits = total_ * 8;
  unsigned char pad[72] = {0x80};
  const std::size_t pad_len = (buf_len_ < 56 ? 56 : 120) - buf_len_;
  unsigned char len[8];
  for (int i = 0; i < 8; ++i) len[i] = static_cast<unsigned char>(bits >> (56 - 8 * i));
  const std::uint64_t saved = total_;
  Update(pad, pad_len);
  Update(len, 8);
  total_ = saved;
  for (int i = 0; i < 8; ++i) {
    out[static_cast<std::size_t>(4 * i)] = static_cast<std::uint8_t>(h_[i] >> 24);
    out[static_cast<std::size_t>(4 * i + 1)] = static_cast<std::uint8_t>(h_[i] >> 16);
    out[static_cast<std::size_t>(4 * i + 2)] = static_cast<std::uint8_t>(h_[i] >> 8);
    out[static_cast<std::size_t>(4 * i + 3)] = static_cast<std::uint8_t>(h_[i]);
  }
  return out;
}

}  // namespace atensi::store
