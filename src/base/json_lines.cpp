// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0

#include "base/json_lines.h"

#include <limits>

namespace atensi::json_internal {
namespace {

// A recursive scanner over the JSON structure recording each value's line.
class Scanner {
 public:
  Scanner(std::string_view text, std::unordered_map<std::string, int>* lines,
          std::optional<std::string>* duplicate)
      : text_(text), lines_(lines), duplicate_(duplicate) {}

  void Run() { Value(""); }

 private:
  bool AtEnd() const { return pos_ >= text_.size(); }
  char Peek() const { return AtEnd() ? '\0' : text_[pos_]; }
  void Advance() {
    if (!AtEnd()) {
      if (text_[pos_] == '\n') ++line_;
      ++pos_;
    }
  }
  void SkipWs() {
    while (!AtEnd() && (Peek() == ' ' || Peek() == '\t' || Peek() == '\n' || Peek() == '\r')) {
      Advance();
    }
  }
  std::string StringToken() {
    std::string out;
    Advance();  // opening quote
    while (!AtEnd() && Peek() != '"') {
      if (Peek() == '\\') {
        Advance();
        if (AtEnd()) break;
      }
      out.push_back(Peek());
      Advance();
    }
    Advance();  // closing quote
    return out;
  }
  void Value(const std::string& pointer) {
    if (depth_ >= 256) return;  // nlohmann enforces sanity; do not recurse without bound
    ++depth_;
    SkipWs();
    if (!lines_->contains(pointer)) lines_->emplace(pointer, line_);
    char c = Peek();
    if (c == '{') {
      Advance();
      SkipWs();
      std::unordered_map<std::string, bool> seen;
      while (!AtEnd() && Peek() != '}') {
        SkipWs();
        if (Peek() != '"') break;
        std::string key = StringToken();
        std::string child = Child(pointer, key);
        if (seen.contains(key) && !duplicate_->has_value()) {
          *duplicate_ = child;
          lines_->insert_or_assign(child + "#dup", line_);
        }
        seen.emplace(key, true);
        SkipWs();
        if (Peek() == ':') Advance();
        Value(child);
        SkipWs();
        if (Peek() == ',') Advance();
        SkipWs();
      }
      Advance();
    } else if (c == '[') {
      Advance();
      SkipWs();
      std::size_t i = 0;
      while (!AtEnd() && Peek() != ']') {
        const std::size_t before = pos_;
        Value(Child(pointer, i++));
        SkipWs();
        if (Peek() == ',') Advance();
        SkipWs();
        if (pos_ == before) break;  // no progress ("[}", "[:"): malformed, nlohmann reports it
      }
      Advance();
    } else if (c == '"') {
      StringToken();
    } else {
      while (!AtEnd() && Peek() != ',' && Peek() != ']' && Peek() != '}' && Peek() != ' ' &&
             Peek() != '\n' && Peek() != '\r' && Peek() != '\t') {
        Advance();
      }
    }
    --depth_;
  }

  std::string_view text_;
  std::size_t pos_ = 0;
  int line_ = 1;
  int depth_ = 0;
  std::unordered_map<std::string, int>* lines_;
  std::optional<std::string>* duplicate_;
};

const char* TypeName(const nlohmann::json& v) { return v.type_name(); }

}  // namespace

JsonLineIndex::JsonLineIndex(std::string_view text) {
  Scanner scanner(text, &lines_, &duplicate_);
  scanner.Run();
}

int JsonLineIndex::LineOf(std::string_view pointer) const {
  std::string p(pointer);
  while (true) {
    auto it = lines_.find(p);
    if (it != lines_.end()) return it->second;
    if (p.empty()) return 1;
    auto slash = p.rfind('/');
    p.resize(slash == std::string::npos ? 0 : slash);
  }
}

int LineAtOffset(std::string_view text, std::size_t offset) {
  int line = 1;
  for (std::size_t i = 0; i < text.size() && i < offset; ++i) {
    if (text[i] == '\n') ++line;
  }
  return line;
}

std::string Child(std::string_view pointer, std::string_view key) {
  std::string out(pointer);
  out.push_back('/');
  for (char c : key) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string Child(std::string_view pointer, std::size_t index) {
  return std::string(pointer) + "/" + std::to_string(index);
}

Status JsonErrors::Error(std::string_view pointer, std::string_view rule,
                         std::string_view text) const {
  std::string message = "line " + std::to_string(index_.LineOf(pointer)) + ", " + entity_ + ": ";
  message += text;
  return InvalidArgument(prefix_ + "." + std::string(rule), std::string(pointer), message);
}

Status JsonErrors::String(const nlohmann::json& obj, std::string_view pointer, const char* key,
                          std::string* out, bool required) const {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) {
    if (required) {
      return Error(pointer, "missing_field", std::string("missing required field '") + key + "'");
    }
    return Status::Ok();
  }
  if (!it->is_string()) {
    return Error(Child(pointer, key), "type",
                 std::string("field '") + key + "' must be a string, not " + TypeName(*it));
  }
  *out = it->get<std::string>();
  return Status::Ok();
}

Status JsonErrors::Bool(const nlohmann::json& obj, std::string_view pointer, const char* key,
                        bool* out, bool required) const {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) {
    if (required) {
      return Error(pointer, "missing_field", std::string("missing required field '") + key + "'");
    }
    return Status::Ok();
  }
  if (!it->is_boolean()) {
    return Error(Child(pointer, key), "type",
                 std::string("field '") + key + "' must be true or false, not " + TypeName(*it));
  }
  *out = it->get<bool>();
  return Status::Ok();
}

Status JsonErrors::Int(const nlohmann::json& obj, std::string_view pointer, const char* key,
                       int* out, bool required, int min, int max) const {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) {
    if (required) {
      return Error(pointer, "missing_field", std::string("missing required field '") + key + "'");
    }
    return Status::Ok();
  }
  if (!it->is_number_integer()) {
    return Error(Child(pointer, key), "type",
                 std::string("field '") + key + "' must be an integer, not " + TypeName(*it));
  }
  auto v = it->get<std::int64_t>();
  if (v < min || v > max) {
    return Error(Child(pointer, key), "range",
                 std::string("field '") + key + "' must be between " + std::to_string(min) +
                     " and " + std::to_string(max));
  }
  *out = static_cast<int>(v);
  return Status::Ok();
}

Status JsonErrors::OptDate(const nlohmann::json& obj, std::string_view pointer, const char* key,
                           std::optional<Date>* out) const {
  std::string text;
  ATENSI_RETURN_IF_ERROR(String(obj, pointer, key, &text, false));
  if (text.empty()) {
    out->reset();
    return Status::Ok();
  }
  auto d = ParseIsoDate(text, key);
  if (!d.ok()) {
    return Error(Child(pointer, key), "date",
                 std::string("field '") + key + "' must be a date YYYY-MM-DD");
  }
  *out = *d;
  return Status::Ok();
}

Status JsonErrors::OnlyKeys(const nlohmann::json& obj, std::string_view pointer,
                            std::initializer_list<std::string_view> allowed) const {
  for (auto it = obj.begin(); it != obj.end(); ++it) {
    bool ok = false;
    for (auto a : allowed) ok = ok || (a == it.key());
    if (!ok) {
      return Error(Child(pointer, it.key()), "unknown_field", "unknown field '" + it.key() + "'");
    }
  }
  return Status::Ok();
}

Result<nlohmann::json> ParseJsonText(std::string_view text, const JsonLineIndex& index,
                                     const std::string& reason_prefix) {
  try {
    auto doc = nlohmann::json::parse(text.begin(), text.end());
    if (index.duplicate_key()) {
      const std::string& p = *index.duplicate_key();
      return InvalidArgument(reason_prefix + ".duplicate_key", p,
                             "line " + std::to_string(index.LineOf(p + "#dup")) +
                                 ", file: a key occurs twice in one object");
    }
    return doc;
  } catch (const nlohmann::json::parse_error& e) {
    return InvalidArgument(
        reason_prefix + ".syntax", "",
        "line " + std::to_string(LineAtOffset(text, e.byte)) + ", file: JSON syntax error");
  } catch (const std::exception&) {
    return InvalidArgument(reason_prefix + ".syntax", "", "line 1, file: JSON could not be read");
  }
}

}  // namespace atensi::json_internal
