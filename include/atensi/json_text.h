// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// JSON text primitives for the direct document writers
// (lifecycle_json_text.h, routing_json_text.h): each appends exactly the
// bytes nlohmann::json::dump() writes for the same value, so a document
// written field by field hashes the same as the dumped DOM it replaces.

#ifndef ATENSI_JSON_TEXT_H_
#define ATENSI_JSON_TEXT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "atensi/clock.h"
#include "atensi/date.h"

namespace atensi {

// Appends `s` to `out` as a JSON string literal, byte for byte as
// nlohmann::json::dump() writes it (ensure_ascii off: valid non-ASCII UTF-8
// is copied; '"', '\\', \b \f \n \r \t escaped by name and every other
// control character as \u00xx in lower-case hex; 0x7f copied). Throws
// nlohmann::json::type_error 316 with dump()'s message when `s` is not valid
// UTF-8 (overlong, surrogate, above U+10FFFF, stray or truncated byte).
void AppendJsonString(std::string& out, std::string_view s);

// Appends the decimal text of `v`, as dump() writes an integer.
void AppendJsonInt(std::string& out, std::int64_t v);

// The top-level members (key, value text) of a JSON object text as dump() or
// the direct writers produce it (no whitespace, keys without escapes), in
// order. The views point into `obj`.
std::vector<std::pair<std::string_view, std::string_view>> JsonMembers(std::string_view obj);

// The change set of a newly created record whose document text is `doc`
// (dump() form): the text of NewRecordChanges(parse(doc)).dump()
// (lifecycle_json.h), i.e. {field: {"after": value, "before": null}} for
// every non-null member, without building a DOM. With `key_name` set, the
// member key_name: {"after": key_value (a string), "before": null} is added
// in its sorted place, as the referral/transfer/routing change sets name
// their row.
std::string NewRecordChangesText(std::string_view doc, std::string_view key_name = {},
                                 std::string_view key_value = {});

// The change set between two document texts (dump() form, keys sorted) as
// DiffTopLevel(parse(before), parse(after)).dump() writes it: a member whose
// value text differs, a member only before whose value is not null (after:
// null), a member only after whose value is not null (before: null), each as
// {"after": a, "before": b}; plus key_name: {"after": key_value, "before":
// key_value} in its sorted place, as the referral/transfer/routing change
// sets name their row. nullopt when a document is empty or its keys are not
// in ascending order (the caller then diffs the DOMs). NewRecordChangesText
// is the case of a new record (nothing before).
std::optional<std::string> ChangesText(std::string_view before, std::string_view after,
                                       std::string_view key_name, std::string_view key_value);

// One JSON object being written into `out`, opened by the constructor and
// closed by the destructor. The caller must add the keys in byte-wise
// ascending order (the order nlohmann::json's std::map keeps) for the text to
// equal dump(); keys are ASCII literals and are not escaped.
class JsonObjectText {
 public:
  explicit JsonObjectText(std::string& out) : out_(out) { out_ += '{'; }
  JsonObjectText(const JsonObjectText&) = delete;
  JsonObjectText& operator=(const JsonObjectText&) = delete;
  ~JsonObjectText() { out_ += '}'; }

  // Writes the separator and `key`; returns the buffer for the value.
  std::string& Key(std::string_view key) {
    if (!first_) out_ += ',';
    first_ = false;
    out_ += '"';
    out_.append(key);
    out_ += "\":";
    return out_;
  }
  // A string value (AppendJsonString).
  void Str(std::string_view key, std::string_view v) { AppendJsonString(Key(key), v); }
  // A string, or null when absent.
  void OptStr(std::string_view key, const std::optional<std::string>& v) {
    if (v) {
      Str(key, *v);
    } else {
      Null(key);
    }
  }
  // null.
  void Null(std::string_view key) { Key(key) += "null"; }
  // An integer.
  void Int(std::string_view key, std::int64_t v) { AppendJsonInt(Key(key), v); }
  // true / false.
  void Bool(std::string_view key, bool v) { Key(key) += v ? "true" : "false"; }
  // "YYYY-MM-DD" (FormatIsoDate), null for a special (not-a-date) value.
  void DateV(std::string_view key, Date d) {
    if (d.is_special()) {
      Null(key);
    } else {
      Str(key, FormatIsoDate(d));
    }
  }
  // DateV, or null when absent.
  void OptDate(std::string_view key, const std::optional<Date>& d) {
    if (d) {
      DateV(key, *d);
    } else {
      Null(key);
    }
  }
  // FormatInstant text.
  void InstantV(std::string_view key, Instant t) { Str(key, FormatInstant(t)); }
  // InstantV, or null when absent.
  void OptInstant(std::string_view key, const std::optional<Instant>& t) {
    if (t) {
      InstantV(key, *t);
    } else {
      Null(key);
    }
  }
  // An array of `v`, each element written by `f(out, element)`.
  template <typename T, typename F>
  void Array(std::string_view key, const std::vector<T>& v, F f) {
    std::string& out = Key(key);
    out += '[';
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (i > 0) out += ',';
      f(out, v[i]);
    }
    out += ']';
  }
  // An optional object: `f(out, value)` or null.
  template <typename T, typename F>
  void OptObject(std::string_view key, const std::optional<T>& v, F f) {
    if (v) {
      f(Key(key), *v);
    } else {
      Null(key);
    }
  }

 private:
  std::string& out_;
  bool first_ = true;
};

}  // namespace atensi

#endif  // ATENSI_JSON_TEXT_H_
