// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// JSON text primitives equal to nlohmann::json::dump() (json_text.h).

#include "atensi/json_text.h"

#include <charconv>
#include <map>
#include <nlohmann/json.hpp>
#include <utility>
#include <vector>

namespace atensi {
namespace {

// Length of the well-formed UTF-8 sequence starting at s[i] (Unicode 15,
// Table 3-7: no overlongs, no surrogates, nothing above U+10FFFF), or 0 when
// it is ill-formed or truncated: exactly the sequences nlohmann's decoder
// accepts.
std::size_t Utf8SequenceLength(std::string_view s, std::size_t i) {
  const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = b(i);
  const std::size_t left = s.size() - i;
  auto cont = [&](std::size_t k, unsigned char lo, unsigned char hi) {
    return k < s.size() && b(k) >= lo && b(k) <= hi;
  };
  if (c >= 0xC2 && c <= 0xDF) return left >= 2 && cont(i + 1, 0x80, 0xBF) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    const unsigned char lo = c == 0xE0 ? 0xA0 : 0x80;
    const unsigned char hi = c == 0xED ? 0x9F : 0xBF;
    return left >= 3 && cont(i + 1, lo, hi) && cont(i + 2, 0x80, 0xBF) ? 3 : 0;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    const unsigned char lo = c == 0xF0 ? 0x90 : 0x80;
    const unsigned char hi = c == 0xF4 ? 0x8F : 0xBF;
    return left >= 4 && cont(i + 1, lo, hi) && cont(i + 2, 0x80, 0xBF) && cont(i + 3, 0x80, 0xBF)
               ? 4
               : 0;
  }
  return 0;
}

}  // namespace

void AppendJsonString(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  std::size_t i = 0;
  std::size_t run = 0;  // start of the pending run of bytes copied as they are
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) {
      ++i;
      continue;
    }
    if (c >= 0x80) {
      const std::size_t n = Utf8SequenceLength(s, i);
      if (n == 0) {
        // Refuse exactly as dump() does (same exception, same message).
        (void)nlohmann::json(std::string(s)).dump();
        throw nlohmann::json::type_error::create(316, "invalid UTF-8", nullptr);  // unreachable
      }
      i += n;
      continue;
    }
    out.append(s.data() + run, i - run);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default: {
        const char esc[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xF]};
        out.append(esc, sizeof esc);
      }
    }
    ++i;
    run = i;
  }
  out.append(s.data() + run, s.size() - run);
  out += '"';
}

void AppendJsonInt(std::string& out, std::int64_t v) {
  char buf[24];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

std::vector<std::pair<std::string_view, std::string_view>> JsonMembers(std::string_view obj) {
  std::vector<std::pair<std::string_view, std::string_view>> out;
  out.reserve(40);
  std::size_t i = 1;  // past '{'
  while (i < obj.size() && obj[i] != '}') {
    const std::size_t k0 = i + 1;
    const std::size_t k1 = obj.find('"', k0);
    i = k1 + 2;  // past '":'
    const std::size_t v0 = i;
    int depth = 0;
    bool in_string = false;
    for (; i < obj.size(); ++i) {
      const char c = obj[i];
      if (in_string) {
        if (c == '\\') {
          ++i;
        } else if (c == '"') {
          in_string = false;
        }
        continue;
      }
      if (c == '"') {
        in_string = true;
      } else if (c == '{' || c == '[') {
        ++depth;
      } else if (c == '}' || c == ']') {
        if (depth == 0) break;
        --depth;
      } else if (c == ',' && depth == 0) {
        break;
      }
    }
    out.emplace_back(obj.substr(k0, k1 - k0), obj.substr(v0, i - v0));
    if (i < obj.size() && obj[i] == ',') ++i;
  }
  return out;
}

std::string NewRecordChangesText(std::string_view doc, std::string_view key_name,
                                 std::string_view key_value) {
  std::string out;
  out.reserve(doc.size() + 512);
  out += '{';
  bool first = true;
  bool key_done = key_name.empty();
  auto member = [&](std::string_view key, auto&& write_value) {
    if (!first) out += ',';
    first = false;
    out += '"';
    out.append(key);
    out += "\":{\"after\":";
    write_value();
    out += ",\"before\":null}";
  };
  auto the_key = [&] {
    member(key_name, [&] { AppendJsonString(out, key_value); });
    key_done = true;
  };
  for (const auto& [key, value] : JsonMembers(doc)) {
    if (!key_done && key_name <= key) {
      if (key_name == key) {
        key_done = true;  // the named key replaces the document's member
        the_key();
        continue;
      }
      the_key();
    }
    if (value == "null") continue;
    member(key, [&, v = value] { out.append(v); });
  }
  if (!key_done) the_key();
  out += '}';
  return out;
}

std::optional<std::string> ChangesText(std::string_view before, std::string_view after,
                                       std::string_view key, std::string_view id) {
  const auto b = JsonMembers(before);
  const auto a = JsonMembers(after);
  if (b.empty() || a.empty()) return std::nullopt;
  for (const auto* members : {&b, &a}) {
    for (std::size_t i = 1; i < members->size(); ++i) {
      if (!((*members)[i - 1].first < (*members)[i].first)) return std::nullopt;
    }
  }
  constexpr std::string_view kNull = "null";
  std::map<std::string_view, std::string> entries;  // byte-wise, as nlohmann's map
  auto add = [&entries](std::string_view name, std::string_view a_text, std::string_view b_text) {
    std::string& e = entries[name];
    e.reserve(a_text.size() + b_text.size() + 22);
    e.append("{\"after\":").append(a_text).append(",\"before\":").append(b_text);
    e += '}';
  };
  std::size_t i = 0;
  std::size_t j = 0;
  while (i < b.size() || j < a.size()) {
    if (j == a.size() || (i < b.size() && b[i].first < a[j].first)) {  // only before
      if (b[i].second != kNull) add(b[i].first, kNull, b[i].second);
      ++i;
    } else if (i == b.size() || a[j].first < b[i].first) {  // only after
      if (a[j].second != kNull) add(a[j].first, a[j].second, kNull);
      ++j;
    } else {
      if (a[j].second != b[i].second) add(b[i].first, a[j].second, b[i].second);
      ++i;
      ++j;
    }
  }
  std::string& k = entries[key];
  k.assign("{\"after\":");
  AppendJsonString(k, id);
  k.append(",\"before\":");
  AppendJsonString(k, id);
  k += '}';
  std::string out = "{";
  for (const auto& [name, value] : entries) {
    if (out.size() > 1) out += ',';
    AppendJsonString(out, name);
    out += ':';
    out += value;
  }
  out += '}';
  return out;
}

}  // namespace atensi
