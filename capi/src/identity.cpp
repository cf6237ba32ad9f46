// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// NIK and No. KK checks through the C API. The C++ parsers never fail on a bad
// number (all findings go into the result), so the C functions fail only on
// misuse, bad reference dates or memory exhaustion; the number's own errors
// and warnings are read from the atensi_id_check handle.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "atensi.h"
#include "atensi/id_number.h"
#include "atensi/kk.h"
#include "atensi/nik.h"
#include "handle.h"

using atensi::Date;
using atensi::IdIssue;
using atensi::IdRegion;
using atensi::capi::AsHandle;
using atensi::capi::BadHandle;
using atensi::capi::Fail;
using atensi::capi::Guard;
using atensi::capi::Handle;
using atensi::capi::HandleType;
using atensi::capi::Misuse;

namespace {

// The object behind an atensi_id_check pointer (which stays an incomplete
// type, so the ABI sees only an opaque pointer).
struct IdCheck : Handle {
  static constexpr HandleType kType = HandleType::kIdCheck;
  IdCheck() noexcept : Handle(kType) {}

  int kind = 0;
  bool valid = false;
  std::string digits;
  int sex = ATENSI_SEX_UNKNOWN;
  std::optional<Date> date;
  int serial = 0;
  bool historical = false;
  // Indexed by atensi_id_region_part - 1; empty = absent.
  std::string region[5];
  std::vector<IdIssue> errors;
  std::vector<IdIssue> warnings;

  void SetRegion(const IdRegion& r) {
    auto put = [this](int part, const std::optional<atensi::RegionCode>& code) {
      if (code.has_value()) region[part - 1] = code->dotted();
    };
    put(ATENSI_ID_PROVINCE, r.province);
    put(ATENSI_ID_REGENCY, r.regency);
    put(ATENSI_ID_DISTRICT, r.district);
    put(ATENSI_ID_CURRENT_REGENCY, r.current_regency);
    put(ATENSI_ID_CURRENT_DISTRICT, r.current_district);
    historical = r.historical;
  }

  [[nodiscard]] const std::vector<IdIssue>* issues(int severity) const noexcept {
    if (severity == ATENSI_ISSUE_ERROR) return &errors;
    if (severity == ATENSI_ISSUE_WARNING) return &warnings;
    return nullptr;
  }
};

int Publish(atensi_id_check** out, std::unique_ptr<IdCheck> check) {
  atensi::capi::RegisterHandle(check.get(), IdCheck::kType);
  *out = reinterpret_cast<atensi_id_check*>(check.release());
  return ATENSI_OK;
}

// Validates the handle and output pointer of a getter; sets `h` when valid.
template <typename Out>
IdCheck* Checked(const char* fn, Out* out, const atensi_id_check* check, Handle*& h, int* rc) {
  IdCheck* c = AsHandle<IdCheck>(check);
  if (c == nullptr) {
    *rc = BadHandle(fn, "check");
    return nullptr;
  }
  h = c;
  if (out == nullptr) {
    *rc = Misuse(c, fn, "out", "is NULL");
    return nullptr;
  }
  *rc = ATENSI_OK;
  return c;
}

int BadSeverity(Handle* h) {
  return Fail(h, ATENSI_INVALID_ARGUMENT, "id.severity", "severity",
              "The severity must be ATENSI_ISSUE_ERROR or ATENSI_ISSUE_WARNING.");
}

}  // namespace

extern "C" {

int atensi_nik_parse(atensi_id_check** out, const char* text, const atensi_date* reference_date,
                     const atensi_date* recorded_birth_date) {
  const char* const fn = __func__;
  if (out != nullptr) *out = nullptr;
  return Guard([&](Handle*&) -> int {
    if (out == nullptr) return Misuse(nullptr, fn, "out", "is NULL");
    if (text == nullptr) return Misuse(nullptr, fn, "text", "is NULL");
    if (reference_date == nullptr) return Misuse(nullptr, fn, "reference_date", "is NULL");
    auto ref = atensi::capi::ToDate(*reference_date, "reference_date");
    if (!ref.ok()) return Fail(nullptr, ref.status());
    std::optional<Date> recorded;
    if (recorded_birth_date != nullptr) {
      auto rec = atensi::capi::ToDate(*recorded_birth_date, "recorded_birth_date");
      if (!rec.ok()) return Fail(nullptr, rec.status());
      recorded = *rec;
    }
    atensi::ParsedNik nik = atensi::ParseNik(text, *ref, recorded);
    auto c = std::make_unique<IdCheck>();
    c->kind = ATENSI_ID_NIK;
    c->valid = nik.valid;
    c->digits = std::move(nik.digits);
    if (nik.sex.has_value()) {
      c->sex = *nik.sex == atensi::Sex::kFemale ? ATENSI_SEX_FEMALE : ATENSI_SEX_MALE;
    }
    c->date = nik.birth_date;
    c->serial = nik.serial;
    c->SetRegion(nik.region);
    c->errors = std::move(nik.errors);
    c->warnings = std::move(nik.warnings);
    return Publish(out, std::move(c));
  });
}

int atensi_kk_parse(atensi_id_check** out, const char* text, const atensi_date* reference_date) {
  const char* const fn = __func__;
  if (out != nullptr) *out = nullptr;
  return Guard([&](Handle*&) -> int {
    if (out == nullptr) return Misuse(nullptr, fn, "out", "is NULL");
    if (text == nullptr) return Misuse(nullptr, fn, "text", "is NULL");
    if (reference_date == nullptr) return Misuse(nullptr, fn, "reference_date", "is NULL");
    auto ref = atensi::capi::ToDate(*reference_date, "reference_date");
    if (!ref.ok()) return Fail(nullptr, ref.status());
    atensi::ParsedKk kk = atensi::ParseKk(text, *ref);
    auto c = std::make_unique<IdCheck>();
    c->kind = ATENSI_ID_KK;
    c->valid = kk.valid;
    c->digits = std::move(kk.digits);
    c->date = kk.recorded_on;
    c->serial = kk.serial;
    c->SetRegion(kk.region);
    c->errors = std::move(kk.errors);
    c->warnings = std::move(kk.warnings);
    return Publish(out, std::move(c));
  });
}

int atensi_nik_validate(const char* text, const atensi_date* reference_date) {
  const char* const fn = __func__;
  return Guard([&](Handle*&) -> int {
    if (text == nullptr) return Misuse(nullptr, fn, "text", "is NULL");
    if (reference_date == nullptr) return Misuse(nullptr, fn, "reference_date", "is NULL");
    auto ref = atensi::capi::ToDate(*reference_date, "reference_date");
    if (!ref.ok()) return Fail(nullptr, ref.status());
    atensi::Status s = atensi::ValidateNik(text, *ref);
    return s.ok() ? ATENSI_OK : Fail(nullptr, s);
  });
}

int atensi_kk_validate(const char* text, const atensi_date* reference_date) {
  const char* const fn = __func__;
  return Guard([&](Handle*&) -> int {
    if (text == nullptr) return Misuse(nullptr, fn, "text", "is NULL");
    if (reference_date == nullptr) return Misuse(nullptr, fn, "reference_date", "is NULL");
    auto ref = atensi::capi::ToDate(*reference_date, "reference_date");
    if (!ref.ok()) return Fail(nullptr, ref.status());
    atensi::Status s = atensi::ValidateKk(text, *ref);
    return s.ok() ? ATENSI_OK : Fail(nullptr, s);
  });
}

int atensi_id_check_kind(int* out, const atensi_id_check* check) {
  const char* const fn = __func__;
  return Guard([&](Handle*& h) -> int {
    int rc;
    IdCheck* c = Checked(fn, out, check, h, &rc);
    if (c == nullptr) return rc;
    *out = c->kind;
    return ATENSI_OK;
  });
}

int atensi_id_check_valid(int* out, const atensi_id_check* check) {
  const char* const fn = __func__;
  return Guard([&](Handle*& h) -> int {
    int rc;
    IdCheck* c = Checked(fn, out, check, h, &rc);
    if (c == nullptr) return rc;
    *out = c->valid ? 1 : 0;
    return ATENSI_OK;
  });
}

int atensi_id_check_digits(const char** out, const atensi_id_check* check) {
  const char* const fn = __func__;
  return Guard([&](Handle*& h) -> int {
    int rc;
    IdCheck* c = Checked(fn, out, check, h, &rc);
    if (c == nullptr) return rc;
    *out = c->digits.c_str();
    return ATENSI_OK;
  });
}

int atensi_id_check_sex(int* out, const atensi_id_check* check) {
  const char* const fn = __func__;
  return Guard([&](Handle*& h) -> int {
    int rc;
    IdCheck* c = Checked(fn, out, check, h, &rc);
    if (c == nullptr) return rc;
    *out = c->sex;
    return ATENSI_OK;
  });
}

int atensi_id_check_date(atensi_date* out, const atensi_id_check* check) {
  const char* const fn = __func__;
  return Guard([&](Handle*& h) -> int {
    int rc;
    IdCheck* c = Checked(fn, out, check, h, &rc);
    if (c == nullptr) return rc;
    if (!c->date.has_value()) {
      return Fail(c, ATENSI_NOT_FOUND, "id.no_date", "date",
                  "The date digits of this number do not form a real calendar date.");
    }
    *out = atensi::capi::FromDate(*c->date);
    return ATENSI_OK;
  });
}

int atensi_id_check_serial(int* out, const atensi_id_check* check) {
  const char* const fn = __func__;
  return Guard([&](Handle*& h) -> int {
    int rc;
    IdCheck* c = Checked(fn, out, check, h, &rc);
    if (c == nullptr) return rc;
    *out = c->serial;
    return ATENSI_OK;
  });
}

int atensi_id_check_region(const char** out, const atensi_id_check* check, int part) {
  const char* const fn = __func__;
  return Guard([&](Handle*& h) -> int {
    int rc;
    IdCheck* c = Checked(fn, out, check, h, &rc);
    if (c == nullptr) return rc;
    if (part < ATENSI_ID_PROVINCE || part > ATENSI_ID_CURRENT_DISTRICT) {
      return Fail(c, ATENSI_INVALID_ARGUMENT, "id.region_part", "part",
                  "The region part must be one of the ATENSI_ID_* region parts (1-5).");
    }
    const std::string& code = c->region[part - 1];
    if (code.empty()) {
      return Fail(c, ATENSI_NOT_FOUND, "id.no_region", "part",
                  "This region part of the number is not a well-formed code or has no "
                  "current equivalent in the Kemendagri table.");
    }
    *out = code.c_str();
    return ATENSI_OK;
  });
}

int atensi_id_check_historical(int* out, const atensi_id_check* check) {
  const char* const fn = __func__;
  return Guard([&](Handle*& h) -> int {
    int rc;
    IdCheck* c = Checked(fn, out, check, h, &rc);
    if (c == nullptr) return rc;
    *out = c->historical ? 1 : 0;
    return ATENSI_OK;
  });
}

int atensi_id_check_issue_count(size_t* out, const atensi_id_check* check, int severity) {
  const char* const fn = __func__;
  return Guard([&](Handle*& h) -> int {
    int rc;
    IdCheck* c = Checked(fn, out, check, h, &rc);
    if (c == nullptr) return rc;
    const std::vector<IdIssue>* issues = c->issues(severity);
    if (issues == nullptr) return BadSeverity(c);
    *out = issues->size();
    return ATENSI_OK;
  });
}

int atensi_id_check_issue(const char** out_code, const char** out_message,
                          const atensi_id_check* check, int severity, size_t index) {
  const char* const fn = __func__;
  return Guard([&](Handle*& h) -> int {
    int rc;
    IdCheck* c = Checked(fn, out_code, check, h, &rc);
    if (c == nullptr) return rc;
    const std::vector<IdIssue>* issues = c->issues(severity);
    if (issues == nullptr) return BadSeverity(c);
    if (index >= issues->size()) {
      return Fail(c, ATENSI_NOT_FOUND, "id.issue_index", "index",
                  "The issue index is not below atensi_id_check_issue_count().");
    }
    *out_code = (*issues)[index].code.c_str();
    if (out_message != nullptr) *out_message = (*issues)[index].message.c_str();
    return ATENSI_OK;
  });
}

const atensi_error* atensi_id_check_error(const atensi_id_check* check) {
  return atensi::capi::HandleError<IdCheck>(check);
}

void atensi_id_check_destroy(atensi_id_check** check) {
  const char* const fn = __func__;
  if (check == nullptr || *check == nullptr) return;
  IdCheck* c = AsHandle<IdCheck>(*check);
  if (c == nullptr) {
    BadHandle(fn, "check");
    return;
  }
  atensi::capi::UnregisterHandle(c);
  delete c;
  *check = nullptr;
}

}  // extern "C"
