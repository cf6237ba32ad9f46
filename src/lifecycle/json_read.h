// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Internal: strict JSON readers for lifecycle_json.cpp. Every failure is
// InvalidArgument "lifecycle.json" naming the full field path; values are
// never echoed into messages.

#ifndef ATENSI_SRC_LIFECYCLE_JSON_READ_H_
#define ATENSI_SRC_LIFECYCLE_JSON_READ_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "atensi/clock.h"
#include "atensi/date.h"
#include "atensi/status.h"

namespace atensi::lifecycle_internal {

using nlohmann::json;

Status JsonError(const std::string& path, std::string_view what);

// Date / instant writers: null for a special (unset) date.
json DateJson(Date d);
json OptDateJson(const std::optional<Date>& d);
json InstantJson(Instant t);
json OptInstantJson(const std::optional<Instant>& t);
json OptStringJson(const std::optional<std::string>& s);

// Readers. `obj` must be an object; `key` is looked up in it; `path` is the
// object's own path ("" at top level, "plan." inside, ...).
Status ReadObject(const json& j, const std::string& path);
Status ReadString(const json& obj, const char* key, const std::string& path, std::string& out);
Status ReadOptString(const json& obj, const char* key, const std::string& path,
                     std::optional<std::string>& out);
Status ReadInt64(const json& obj, const char* key, const std::string& path, std::int64_t& out);
Status ReadInt(const json& obj, const char* key, const std::string& path, int& out);
Status ReadBool(const json& obj, const char* key, const std::string& path, bool& out);
Status ReadDate(const json& obj, const char* key, const std::string& path, Date& out);
Status ReadOptDate(const json& obj, const char* key, const std::string& path,
                   std::optional<Date>& out);
Status ReadInstant(const json& obj, const char* key, const std::string& path, Instant& out);
Status ReadOptInstant(const json& obj, const char* key, const std::string& path,
                      std::optional<Instant>& out);
Status ReadStringArray(const json& obj, const char* key, const std::string& path,
                       std::vector<std::string>& out);

// Reads an enum by name with `parse`; unknown names are an error naming the field.
template <typename E, typename Parse>
Status ReadEnum(const json& obj, const char* key, const std::string& path, Parse parse, E& out) {
  std::string s;
  ATENSI_RETURN_IF_ERROR(ReadString(obj, key, path, s));
  std::optional<E> v = parse(s);
  if (!v.has_value()) return JsonError(path + key, "unknown value for this enumeration");
  out = *v;
  return Status::Ok();
}

template <typename E, typename Parse>
Status ReadOptEnum(const json& obj, const char* key, const std::string& path, Parse parse,
                   std::optional<E>& out) {
  out.reset();
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return Status::Ok();
  E v{};
  ATENSI_RETURN_IF_ERROR(ReadEnum<E>(obj, key, path, parse, v));
  out = v;
  return Status::Ok();
}

// Reads an array of objects with `read(element_json, element_path, T&)`.
template <typename T, typename Read>
Status ReadArray(const json& obj, const char* key, const std::string& path, Read read,
                 std::vector<T>& out) {
  out.clear();
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return Status::Ok();
  if (!it->is_array()) return JsonError(path + key, "expected an array");
  for (std::size_t i = 0; i < it->size(); ++i) {
    T v{};
    const std::string elem_path = path + key + "[" + std::to_string(i) + "]";
    ATENSI_RETURN_IF_ERROR(read((*it)[i], elem_path, v));
    out.push_back(std::move(v));
  }
  return Status::Ok();
}

// Reads an optional object with `read(object_json, object_path, T&)`.
template <typename T, typename Read>
Status ReadOptObject(const json& obj, const char* key, const std::string& path, Read read,
                     std::optional<T>& out) {
  out.reset();
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return Status::Ok();
  T v{};
  ATENSI_RETURN_IF_ERROR(read(*it, path + key, v));
  out = std::move(v);
  return Status::Ok();
}

}  // namespace atensi::lifecycle_internal

#endif  // ATENSI_SRC_LIFECYCLE_JSON_READ_H_
