// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// A synthetic PKH/DTKS-style roster for demonstrations, tests and benchmarks.
//
// Every person in it is invented: names are drawn from generic given-name
// lists, NIKs and KKs are generated to be valid (real region prefixes, +40 day
// code for girls, serial >= 0001), and domiciles are real villages of the
// chosen province. The proportions (PKH share, deciles, missing birth
// certificates, out-of-school children, disability, reported problems) are
// plausible assumptions for a poor-household roster, documented in
// docs/roster-format.md; they are not statistics. The output depends only on
// the options: same options, same bytes, on every platform (the generator
// uses its own PRNG and integer arithmetic, not <random> distributions).

#ifndef ATENSI_ROSTER_ROSTER_SAMPLE_H_
#define ATENSI_ROSTER_ROSTER_SAMPLE_H_

#include <cstdint>
#include <ostream>

#include "atensi/date.h"
#include "atensi/status.h"

namespace atensi {

struct SampleOptions {
  int province = 15;              // Kemendagri province code (15 = Jambi)
  std::uint64_t children = 1000;  // number of children (< 18) to write
  std::uint64_t seed = 1;
  Date reference_date{2026, 1, 1};  // ages are computed against this date
};

struct SampleStats {
  std::uint64_t households = 0;
  std::uint64_t rows = 0;
  std::uint64_t children = 0;
};

// Writes the header and rows as CSV to `out`. NotFound if the province does
// not exist; InvalidArgument if children is 0 or above 50,000,000.
Result<SampleStats> WriteSampleRoster(std::ostream& out, const SampleOptions& options);

}  // namespace atensi

#endif  // ATENSI_ROSTER_ROSTER_SAMPLE_H_
