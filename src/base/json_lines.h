// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Line numbers for JSON data files. nlohmann::json keeps no source positions,
// so the loaders of the agency registry and the routing rules scan the text
// once more with this small structural scanner and map each value's JSON
// pointer ("/rules/3/when") to the 1-based line where the value starts. Load
// errors then say "line 42, rule 'pkh.first': ...". Internal to the library
// (the routing, registry and screening loaders use it).

#ifndef ATENSI_SRC_BASE_JSON_LINES_H_
#define ATENSI_SRC_BASE_JSON_LINES_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "atensi/date.h"
#include "atensi/status.h"

namespace atensi::json_internal {

class JsonLineIndex {
 public:
  // Scans `text`, which should already be valid JSON (the scanner is lenient).
  explicit JsonLineIndex(std::string_view text);

  // Line of the value at `pointer`, or of its nearest recorded ancestor; 1 if none.
  [[nodiscard]] int LineOf(std::string_view pointer) const;

  // The first key that occurs twice in one object, as the pointer of its
  // second occurrence; nullopt when keys are unique.
  [[nodiscard]] const std::optional<std::string>& duplicate_key() const { return duplicate_; }

 private:
  std::unordered_map<std::string, int> lines_;
  std::optional<std::string> duplicate_;
};

// 1-based line of byte `offset` in `text`.
int LineAtOffset(std::string_view text, std::size_t offset);

// Appends a key or index to a JSON pointer, escaping '~' and '/'.
std::string Child(std::string_view pointer, std::string_view key);
std::string Child(std::string_view pointer, std::size_t index);

// Builds load errors in one format: reason "<prefix>.<rule>", field = JSON
// pointer, message "line N, <entity>: <text>".
class JsonErrors {
 public:
  JsonErrors(const JsonLineIndex& index, std::string reason_prefix)
      : index_(index), prefix_(std::move(reason_prefix)) {}

  // The entity named in messages, e.g. "agency 'dinsos.15'"; "file" by default.
  void set_entity(std::string entity) { entity_ = std::move(entity); }

  [[nodiscard]] Status Error(std::string_view pointer, std::string_view rule,
                             std::string_view text) const;

  // Typed field readers. `obj` must be an object; `pointer` is its pointer.
  // A missing required field or a wrong type is an error naming the field.
  Status String(const nlohmann::json& obj, std::string_view pointer, const char* key,
                std::string* out, bool required) const;
  Status Bool(const nlohmann::json& obj, std::string_view pointer, const char* key, bool* out,
              bool required) const;
  Status Int(const nlohmann::json& obj, std::string_view pointer, const char* key, int* out,
             bool required, int min, int max) const;
  Status OptDate(const nlohmann::json& obj, std::string_view pointer, const char* key,
                 std::optional<Date>* out) const;
  // Rejects keys of `obj` not in `allowed` (catches typos such as "rol").
  Status OnlyKeys(const nlohmann::json& obj, std::string_view pointer,
                  std::initializer_list<std::string_view> allowed) const;

 private:
  const JsonLineIndex& index_;
  std::string prefix_;
  std::string entity_ = "file";
};

// Parses JSON text without throwing; on a syntax error returns InvalidArgument
// "<prefix>.syntax" with the line. Also rejects duplicate keys.
Result<nlohmann::json> ParseJsonText(std::string_view text, const JsonLineIndex& index,
                                     const std::string& reason_prefix);

}  // namespace atensi::json_internal

#endif  // ATENSI_SRC_BASE_JSON_LINES_H_
