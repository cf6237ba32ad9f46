// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0

#include "lifecycle/json_read.h"

#include <limits>

namespace atensi::lifecycle_internal {

Status JsonError(const std::string& path, std::string_view what) {
  return InvalidArgument("lifecycle.json", path, std::string(what));
}

json DateJson(Date d) { return d.is_special() ? json(nullptr) : json(FormatIsoDate(d)); }
json OptDateJson(const std::optional<Date>& d) { return d ? DateJson(*d) : json(nullptr); }
json InstantJson(Instant t) { return FormatInstant(t); }
json OptInstantJson(const std::optional<Instant>& t) { return t ? InstantJson(*t) : json(nullptr); }
json OptStringJson(const std::optional<std::string>& s) { return s ? json(*s) : json(nullptr); }

Status ReadObject(const json& j, const std::string& path) {
  if (!j.is_object()) return JsonError(path.empty() ? "$" : path, "expected an object");
  return Status::Ok();
}

namespace {
const json* Find(const json& obj, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end()) return nullptr;
  return &*it;
}
}  // namespace

Status ReadString(const json& obj, const char* key, const std::string& path, std::string& out) {
  const json* v = Find(obj, key);
  if (v == nullptr) return JsonError(path + key, "required field missing");
  if (!v->is_string()) return JsonError(path + key, "expected a string");
  out = v->get<std::string>();
  return Status::Ok();
}

Status ReadOptString(const json& obj, const char* key, const std::string& path,
                     std::optional<std::string>& out) {
  out.reset();
  const json* v = Find(obj, key);
  if (v == nullptr || v->is_null()) return Status::Ok();
  if (!v->is_string()) return JsonError(path + key, "expected a string or null");
  out = v->get<std::string>();
  return Status::Ok();
}

Status ReadInt64(const json& obj, const char* key, const std::string& path, std::int64_t& out) {
  const json* v = Find(obj, key);
  if (v == nullptr) return JsonError(path + key, "required field missing");
  if (!v->is_number_integer()) return JsonError(path + key, "expected an integer");
  if (v->is_number_unsigned() &&
      v->get<std::uint64_t>() >
          static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
    return JsonError(path + key, "integer out of range");
  }
  out = v->get<std::int64_t>();
  return Status::Ok();
}

Status ReadInt(const json& obj, const char* key, const std::string& path, int& out) {
  std::int64_t v = 0;
  ATENSI_RETURN_IF_ERROR(ReadInt64(obj, key, path, v));
  if (v < std::numeric_limits<int>::min() || v > std::numeric_limits<int>::max()) {
    return JsonError(path + key, "integer out of range");
  }
  out = static_cast<int>(v);
  return Status::Ok();
}

Status ReadBool(const json& obj, const char* key, const std::string& path, bool& out) {
  const json* v = Find(obj, key);
  if (v == nullptr) return JsonError(path + key, "required field missing");
  if (!v->is_boolean()) return JsonError(path + key, "expected true or false");
  out = v->get<bool>();
  return Status::Ok();
}

Status ReadDate(const json& obj, const char* key, const std::string& path, Date& out) {
  std::string s;
  ATENSI_RETURN_IF_ERROR(ReadString(obj, key, path, s));
  auto d = ParseIsoDate(s, path + key);
  if (!d.ok()) return JsonError(path + key, "expected a date YYYY-MM-DD");
  out = *d;
  return Status::Ok();
}

Status ReadOptDate(const json& obj, const char* key, const std::string& path,
                   std::optional<Date>& out) {
  out.reset();
  const json* v = Find(obj, key);
  if (v == nullptr || v->is_null()) return Status::Ok();
  Date d;
  ATENSI_RETURN_IF_ERROR(ReadDate(obj, key, path, d));
  out = d;
  return Status::Ok();
}

Status ReadInstant(const json& obj, const char* key, const std::string& path, Instant& out) {
  std::string s;
  ATENSI_RETURN_IF_ERROR(ReadString(obj, key, path, s));
  auto t = ParseInstant(s, path + key);
  if (!t.ok()) return JsonError(path + key, "expected a time YYYY-MM-DDTHH:MM:SS.mmmZ");
  out = *t;
  return Status::Ok();
}

Status ReadOptInstant(const json& obj, const char* key, const std::string& path,
                      std::optional<Instant>& out) {
  out.reset();
  const json* v = Find(obj, key);
  if (v == nullptr || v->is_null()) return Status::Ok();
  Instant t;
  ATENSI_RETURN_IF_ERROR(ReadInstant(obj, key, path, t));
  out = t;
  return Status::Ok();
}

Status ReadStringArray(const json& obj, const char* key, const std::string& path,
                       std::vector<std::string>& out) {
  out.clear();
  const json* v = Find(obj, key);
  if (v == nullptr || v->is_null()) return Status::Ok();
  if (!v->is_array()) return JsonError(path + key, "expected an array of strings");
  for (std::size_t i = 0; i < v->size(); ++i) {
    if (!(*v)[i].is_string()) {
      return JsonError(path + key + "[" + std::to_string(i) + "]", "expected a string");
    }
    out.push_back((*v)[i].get<std::string>());
  }
  return Status::Ok();
}

}  // namespace atensi::lifecycle_internal
