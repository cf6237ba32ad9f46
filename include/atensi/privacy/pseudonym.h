// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Pseudonymised exports for analysis (issue #9; UU 27/2022 art 16(2) lets a
// controller process personal data while protecting it; pseudonymisation is
// the standard technique). The child id is replaced by a keyed hash:
// BLAKE2b-256 (libsodium crypto_generichash) of the id under a 32-byte key
// the integrator supplies and keeps apart from the exports. The same key
// gives the same pseudonym for the same child in every export (analysts can
// follow a child across exports); without the key a pseudonym cannot be
// linked to the child id, nor to pseudonyms made under another key.
// Pseudonymised data is still personal data: the export still needs a
// purpose the consent covers (export_consent.h).

#ifndef ATENSI_PRIVACY_PSEUDONYM_H_
#define ATENSI_PRIVACY_PSEUDONYM_H_

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "atensi/status.h"

namespace atensi {

// A pseudonymisation key. Zeroed on destruction.
class PseudonymKey {
 public:
  static constexpr std::size_t kSize = 32;
  // InvalidArgument "privacy.pseudonym_key" unless `bytes` is exactly 32
  // bytes, or 64 hex digits (a key file's text; surrounding whitespace
  // ignored).
  static Result<PseudonymKey> FromBytes(std::span<const std::uint8_t> bytes);
  static Result<PseudonymKey> FromText(std::string_view text);

  PseudonymKey(const PseudonymKey&) = default;
  PseudonymKey& operator=(const PseudonymKey&) = default;
  ~PseudonymKey();

  // "p_" + 32 lowercase hex digits (128 bits of BLAKE2b-256 keyed with the
  // key, over the domain tag "atensi.pseudonym.v1" and `id`).
  [[nodiscard]] std::string Pseudonymise(std::string_view id) const;

 private:
  PseudonymKey() = default;
  std::array<std::uint8_t, kSize> key_{};
};

}  // namespace atensi

#endif  // ATENSI_PRIVACY_PSEUDONYM_H_
