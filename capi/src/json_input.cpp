// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0

#include "json_input.h"

#include <string>
#include <utility>

#include "handle.h"

namespace atensi::capi {

Result<nlohmann::json> ParseJson(const char* text, std::string_view what) {
  std::string_view t(text);
  if (!IsValidUtf8(t)) {
    return InvalidArgument("capi.json", std::string(what), "The JSON text is not valid UTF-8.");
  }
  nlohmann::json j = nlohmann::json::parse(t, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) {
    return InvalidArgument("capi.json", std::string(what),
                           "The text is not well-formed JSON (RFC 8259).");
  }
  return j;
}

JsonReader::JsonReader(const nlohmann::json& j, std::string path) : j_(j), path_(std::move(path)) {
  if (!j_.is_object()) {
    status_ =
        InvalidArgument("capi.json", path_.empty() ? "json" : path_, "A JSON object was expected.");
  }
}

std::string JsonReader::Path(std::string_view key) const {
  return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

void JsonReader::Error(std::string_view key, std::string_view problem) {
  if (!status_.ok()) return;
  std::string field = Path(key);
  status_ = InvalidArgument("capi.json", field,
                            "JSON field '" + field + "' " + std::string(problem) + ".");
}

void JsonReader::Merge(const JsonReader& nested) {
  if (status_.ok() && !nested.ok()) status_ = nested.status();
}

const nlohmann::json* JsonReader::Get(std::string_view key) const {
  if (!j_.is_object()) return nullptr;
  auto it = j_.find(std::string(key));
  if (it == j_.end() || it->is_null()) return nullptr;
  return &*it;
}

bool JsonReader::Has(std::string_view key) const { return Get(key) != nullptr; }

std::optional<std::string> JsonReader::OptStr(std::string_view key) {
  const nlohmann::json* v = Get(key);
  if (v == nullptr) return std::nullopt;
  if (!v->is_string()) {
    Error(key, "must be a string");
    return std::nullopt;
  }
  return v->get<std::string>();
}

std::string JsonReader::Str(std::string_view key, bool required) {
  std::optional<std::string> s = OptStr(key);
  if (!s.has_value() && required && Get(key) == nullptr) Error(key, "is required");
  return s.value_or("");
}

std::optional<std::int64_t> JsonReader::OptInt(std::string_view key) {
  const nlohmann::json* v = Get(key);
  if (v == nullptr) return std::nullopt;
  if (!v->is_number_integer()) {
    Error(key, "must be an integer");
    return std::nullopt;
  }
  return v->get<std::int64_t>();
}

std::int64_t JsonReader::Int(std::string_view key, std::int64_t def) {
  return OptInt(key).value_or(def);
}

bool JsonReader::Bool(std::string_view key, bool def) {
  const nlohmann::json* v = Get(key);
  if (v == nullptr) return def;
  if (!v->is_boolean()) {
    Error(key, "must be true or false");
    return def;
  }
  return v->get<bool>();
}

std::vector<std::string> JsonReader::StrArray(std::string_view key) {
  std::vector<std::string> out;
  const nlohmann::json* v = Array(key);
  if (v == nullptr) return out;
  for (const auto& e : *v) {
    if (!e.is_string()) {
      Error(key, "must be an array of strings");
      return {};
    }
    out.push_back(e.get<std::string>());
  }
  return out;
}

std::optional<Date> JsonReader::OptDate(std::string_view key) {
  std::optional<std::string> s = OptStr(key);
  if (!s.has_value()) return std::nullopt;
  auto d = ParseIsoDate(*s, Path(key));
  if (!d.ok()) {
    Error(key, "must be a real date \"YYYY-MM-DD\"");
    return std::nullopt;
  }
  return *d;
}

Date JsonReader::RequiredDate(std::string_view key) {
  std::optional<Date> d = OptDate(key);
  if (!d.has_value()) {
    if (Get(key) == nullptr) Error(key, "is required");
    return Date(1900, 1, 1);
  }
  return *d;
}

std::optional<Instant> JsonReader::OptInstant(std::string_view key) {
  std::optional<std::string> s = OptStr(key);
  if (!s.has_value()) return std::nullopt;
  auto t = ParseInstant(*s, Path(key));
  if (!t.ok()) {
    Error(key, "must be an ISO 8601 UTC instant");
    return std::nullopt;
  }
  return *t;
}

std::optional<RegionCode> JsonReader::OptRegion(std::string_view key) {
  std::optional<std::string> s = OptStr(key);
  if (!s.has_value()) return std::nullopt;
  auto c = RegionCode::Parse(*s, Path(key));
  if (!c.ok()) {
    Error(key, "must be a region code such as \"15.03\"");
    return std::nullopt;
  }
  return *c;
}

AmpkSet JsonReader::Categories(std::string_view key) {
  AmpkSet set;
  for (AmpkCategory c : EnumArray<AmpkCategory>(key, ParseAmpkCategory)) set.Add(c);
  return set;
}

const nlohmann::json* JsonReader::Object(std::string_view key) {
  const nlohmann::json* v = Get(key);
  if (v != nullptr && !v->is_object()) {
    Error(key, "must be an object");
    return nullptr;
  }
  return v;
}

const nlohmann::json* JsonReader::Array(std::string_view key) {
  const nlohmann::json* v = Get(key);
  if (v != nullptr && !v->is_array()) {
    Error(key, "must be an array");
    return nullptr;
  }
  return v;
}

}  // namespace atensi::capi
