// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0

#include "atensi/roster/csv_reader.h"

namespace atensi {

bool IsCleanUtf8Text(std::string_view s, bool allow_newlines) noexcept {
  std::size_t i = 0;
  const std::size_t n = s.size();
  while (i < n) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      bool newline = c == '\n' || c == '\r';
      if ((c < 0x20 && c != '\t' && !(allow_newlines && newline)) || c == 0x7f) return false;
      ++i;
      continue;
    }
    std::size_t len = 0;
    std::uint32_t cp = 0;
    if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1Fu;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0Fu;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07u;
    } else {
      return false;
    }
    if (i + len > n) return false;
    for (std::size_t k = 1; k < len; ++k) {
      auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3Fu);
    }
    // Overlong forms, surrogates and values beyond U+10FFFF are invalid.
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
        cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    i += len;
  }
  return true;
}

CsvReader::CsvReader(std::istream& in, CsvLimits limits) : in_(in), limits_(limits) {}

int CsvReader::Get() {
  int c = in_.get();
  if (c != std::char_traits<char>::eof()) ++bytes_;
  return c;
}

void CsvReader::SkipToLineEnd() {
  for (;;) {
    int c = Get();
    if (c == std::char_traits<char>::eof()) return;
    if (c == '\n') {
      ++line_;
      return;
    }
  }
}

bool CsvReader::Fail(std::string reason, std::string message) {
  status_ = InvalidArgument(std::move(reason), "line " + std::to_string(record_line_),
                            std::move(message));
  return false;
}

bool CsvReader::Next(std::vector<std::string>& fields) {
  constexpr int kEof = std::char_traits<char>::eof();
  fields.clear();
  status_ = Status::Ok();
  if (first_) {
    first_ = false;
    if (in_.peek() == 0xEF) {
      char bom[3] = {};
      in_.read(bom, 3);
      if (in_.gcount() == 3 && static_cast<unsigned char>(bom[1]) == 0xBB &&
          static_cast<unsigned char>(bom[2]) == 0xBF) {
        bytes_ += 3;
      } else {
        in_.clear();
        in_.seekg(0);
      }
    }
  }
  record_line_ = line_;
  int c = Get();
  if (c == kEof) return false;  // clean end

  std::string field;
  bool quoted = false;
  bool after_quote = false;  // just closed a quoted section
  for (;;) {
    if (quoted) {
      if (c == kEof) {
        return Fail("csv.unterminated_quote",
                    "a quoted field is not closed before the end of the file (truncated file?)");
      }
      if (c == '"') {
        int next = in_.peek();
        if (next == '"') {
          Get();
          field.push_back('"');
        } else {
          quoted = false;
          after_quote = true;
        }
      } else {
        if (c == '\n') ++line_;
        field.push_back(static_cast<char>(c));
      }
    } else if (c == ',' || c == '\n' || c == kEof || c == '\r') {
      if (c == '\r') {
        if (in_.peek() == '\n') Get();
        c = '\n';
      }
      if (!IsCleanUtf8Text(field, /*allow_newlines=*/true)) {
        if (c == '\n') ++line_;
        if (c != '\n' && c != kEof) SkipToLineEnd();
        return Fail("csv.encoding",
                    "field " + std::to_string(fields.size() + 1) +
                        " is not valid UTF-8 text (or contains NUL/control characters)");
      }
      fields.push_back(std::move(field));
      field.clear();
      after_quote = false;
      if (fields.size() > limits_.max_fields) {
        if (c == '\n') ++line_;
        if (c != '\n' && c != kEof) SkipToLineEnd();
        return Fail("csv.too_many_fields",
                    "the record has more than " + std::to_string(limits_.max_fields) + " fields");
      }
      if (c == '\n') {
        ++line_;
        return true;
      }
      if (c == kEof) return true;
    } else if (c == '"' && field.empty() && !after_quote) {
      quoted = true;
    } else if (after_quote) {
      SkipToLineEnd();
      return Fail("csv.quote", "text after the closing quote of field " +
                                   std::to_string(fields.size() + 1) + " (RFC 4180)");
    } else if (c == '"') {
      SkipToLineEnd();
      return Fail("csv.quote", "a quote inside unquoted field " +
                                   std::to_string(fields.size() + 1) +
                                   " (RFC 4180: quote the field and double the quote)");
    } else {
      field.push_back(static_cast<char>(c));
    }
    if (field.size() > limits_.max_field_bytes) {
      // Drain the rest of this oversized record without buffering it.
      bool in_quotes = quoted;
      for (;;) {
        int d = Get();
        if (d == kEof) break;
        if (d == '"') in_quotes = !in_quotes;
        if (d == '\n') {
          ++line_;
          if (!in_quotes) break;
        }
      }
      return Fail("csv.field_too_long", "field " + std::to_string(fields.size() + 1) +
                                            " is longer than " +
                                            std::to_string(limits_.max_field_bytes) + " bytes");
    }
    c = Get();
  }
}

}  // namespace atensi
