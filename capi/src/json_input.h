// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Reading the JSON documents the C API accepts for structured inputs (case
// facts, commands, referral requests, ...). Records that the core already
// serialises (Child, Case, Referral, Transfer) use the core's own JSON
// converters; this reader covers the request types that have none.
//
// Conventions match the core's JSON (lifecycle_json.h, routing_json.h):
// snake_case keys, enums as their stable names, dates "YYYY-MM-DD", instants
// ISO 8601 UTC, region codes dotted or undotted. A key that is absent or null
// takes its default; a present key of the wrong type, an unknown enum name or
// a bad date is InvalidArgument "capi.json" naming the field path. Unknown
// keys are ignored (forward compatibility). The first error wins.

#ifndef ATENSI_CAPI_SRC_JSON_INPUT_H_
#define ATENSI_CAPI_SRC_JSON_INPUT_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "atensi/clock.h"
#include "atensi/date.h"
#include "atensi/region.h"
#include "atensi/status.h"
#include "atensi/vocabulary.h"

namespace atensi::capi {

// Parses UTF-8 JSON text; InvalidArgument "capi.json" naming `what` on a
// syntax error or invalid UTF-8.
Result<nlohmann::json> ParseJson(const char* text, std::string_view what);

class JsonReader {
 public:
  // `j` must outlive the reader. `path` prefixes field names in errors.
  JsonReader(const nlohmann::json& j, std::string path);

  [[nodiscard]] bool Has(std::string_view key) const;
  std::string Str(std::string_view key, bool required = false);
  std::optional<std::string> OptStr(std::string_view key);
  std::int64_t Int(std::string_view key, std::int64_t def = 0);
  std::optional<std::int64_t> OptInt(std::string_view key);
  bool Bool(std::string_view key, bool def = false);
  std::vector<std::string> StrArray(std::string_view key);
  std::optional<Date> OptDate(std::string_view key);
  Date RequiredDate(std::string_view key);
  std::optional<Instant> OptInstant(std::string_view key);
  std::optional<RegionCode> OptRegion(std::string_view key);
  AmpkSet Categories(std::string_view key);

  template <typename E>
  std::optional<E> OptEnum(std::string_view key, std::optional<E> (*parse)(std::string_view)) {
    std::optional<std::string> s = OptStr(key);
    if (!s.has_value()) return std::nullopt;
    std::optional<E> v = parse(*s);
    if (!v.has_value()) Error(key, "is not a known name");
    return v;
  }
  template <typename E>
  std::optional<E> OptEnum(std::string_view key,
                           std::optional<E> (*parse)(std::string_view) noexcept) {
    std::optional<std::string> s = OptStr(key);
    if (!s.has_value()) return std::nullopt;
    std::optional<E> v = parse(*s);
    if (!v.has_value()) Error(key, "is not a known name");
    return v;
  }
  template <typename E, typename P>
  E Enum(std::string_view key, P parse, E def) {
    return OptEnum<E>(key, parse).value_or(def);
  }
  template <typename E, typename P>
  std::vector<E> EnumArray(std::string_view key, P parse) {
    std::vector<E> out;
    for (const std::string& s : StrArray(key)) {
      std::optional<E> v = parse(s);
      if (!v.has_value()) {
        Error(key, "contains an unknown name");
        break;
      }
      out.push_back(*v);
    }
    return out;
  }

  // The member `key` when it is an object/array; nullptr when absent or null
  // (records a type error when it is something else).
  const nlohmann::json* Object(std::string_view key);
  const nlohmann::json* Array(std::string_view key);
  [[nodiscard]] std::string Path(std::string_view key) const;

  void Error(std::string_view key, std::string_view problem);
  // Adopts the first error of a nested reader.
  void Merge(const JsonReader& nested);
  [[nodiscard]] bool ok() const { return status_.ok(); }
  [[nodiscard]] const Status& status() const { return status_; }

 private:
  const nlohmann::json* Get(std::string_view key) const;

  const nlohmann::json& j_;
  std::string path_;
  Status status_;
};

}  // namespace atensi::capi

#endif  // ATENSI_CAPI_SRC_JSON_INPUT_H_
