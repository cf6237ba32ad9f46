// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// atensi_date <-> ISO-8601 text.

#include "atensi/date.h"

#include <string>

#include "atensi.h"
#include "handle.h"

using atensi::capi::Fail;
using atensi::capi::Guard;
using atensi::capi::Handle;
using atensi::capi::Misuse;

extern "C" {

int atensi_date_parse(atensi_date* out, const char* text) {
  const char* const fn = __func__;
  return Guard([&](Handle*&) -> int {
    if (out == nullptr) return Misuse(nullptr, fn, "out", "is NULL");
    if (text == nullptr) return Misuse(nullptr, fn, "text", "is NULL");
    auto parsed = atensi::ParseIsoDate(text, "date");
    if (!parsed.ok()) return Fail(nullptr, parsed.status());
    *out = atensi::capi::FromDate(*parsed);
    return ATENSI_OK;
  });
}

int atensi_date_format(char** out, const atensi_date* date) {
  const char* const fn = __func__;
  if (out != nullptr) *out = nullptr;
  return Guard([&](Handle*&) -> int {
    if (out == nullptr) return Misuse(nullptr, fn, "out", "is NULL");
    if (date == nullptr) return Misuse(nullptr, fn, "date", "is NULL");
    auto d = atensi::capi::ToDate(*date, "date");
    if (!d.ok()) return Fail(nullptr, d.status());
    char* s = atensi::capi::DupForCaller(atensi::FormatIsoDate(*d));
    if (s == nullptr) throw std::bad_alloc();
    *out = s;
    return ATENSI_OK;
  });
}

}  // extern "C"
