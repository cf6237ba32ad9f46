// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// A streaming RFC 4180 CSV reader for rosters that come from other systems.
//
// Rosters arrive from PKH and DTKS exports of uneven quality, so the reader
// trusts nothing: every field is bounded (a 10 MB field is refused, not
// buffered), bytes must be valid UTF-8 without NUL or other control
// characters except tab, a quoted field must be closed before the end of the
// file (a truncated file is an error, not a short row), and every error names
// the physical line where it was found. The reader never throws and never
// holds more than one record in memory.

#ifndef ATENSI_ROSTER_CSV_READER_H_
#define ATENSI_ROSTER_CSV_READER_H_

#include <cstddef>
#include <cstdint>
#include <istream>
#include <string>
#include <vector>

#include "atensi/status.h"

namespace atensi {

struct CsvLimits {
  std::size_t max_field_bytes = 4096;  // a roster field longer than this is refused
  std::size_t max_fields = 256;        // per record
};

class CsvReader {
 public:
  // Reads from `in`, which must outlive the reader. A leading UTF-8 BOM is skipped.
  explicit CsvReader(std::istream& in, CsvLimits limits = {});

  // Reads the next record into `fields`. Returns true with the record, false at
  // a clean end of input (status() OK), or false with status() set when the
  // input is malformed; after an error the reader skips to the next line so the
  // caller can report the bad row and go on (`Next` again).
  bool Next(std::vector<std::string>& fields);

  // The error of the last Next() that returned false; OK at end of input.
  [[nodiscard]] const Status& status() const { return status_; }
  // Physical line number (1-based) where the last record started.
  [[nodiscard]] std::uint64_t record_line() const { return record_line_; }
  // Bytes consumed so far (for progress reporting).
  [[nodiscard]] std::uint64_t bytes_read() const { return bytes_; }

 private:
  int Get();
  void SkipToLineEnd();
  bool Fail(std::string reason, std::string message);

  std::istream& in_;
  CsvLimits limits_;
  Status status_;
  std::uint64_t line_ = 1;
  std::uint64_t record_line_ = 0;
  std::uint64_t bytes_ = 0;
  bool first_ = true;
};

// True when `s` is valid UTF-8 with no NUL or C0 control character other than
// tab (and, when `allow_newlines`, LF and CR, which RFC 4180 allows inside a
// quoted field).
bool IsCleanUtf8Text(std::string_view s, bool allow_newlines = false) noexcept;

}  // namespace atensi

#endif  // ATENSI_ROSTER_CSV_READER_H_
