// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Status and Result<T>: how every atensi module reports failure.
//
// atensi never lets an exception cross a module boundary. A function that can
// fail returns a Status (no value) or a Result<T> (a value or a Status). Both
// are [[nodiscard]], so a caller cannot silently drop an error.
//
// A failing Status carries four things, because a rejected record must tell
// the person at the keyboard exactly what to fix:
//   - code:    the error family (StatusCode), stable and mapped 1:1 onto the
//              C ABI's numeric status codes;
//   - reason:  a stable machine-readable rule id, dotted, e.g. "nik.day_range"
//              or "lifecycle.consent_required"; tests and integrators match
//              on it, so it never changes once released;
//   - field:   the input field at fault ("nik", "birth_date", ...), or empty;
//   - message: a human sentence naming the rule and, where there is one, its
//              legal source. Messages never contain personal data (no NIK,
//              no name): they name the field and the rule, not the value.

#ifndef ATENSI_STATUS_H_
#define ATENSI_STATUS_H_

#include <cassert>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>

namespace atensi {

// Error families. Numeric values are part of the C ABI (see atensi.h) and
// never change; new families are appended.
enum class StatusCode : int {
  kOk = 0,
  kInvalidArgument = 1,     // malformed input: bad NIK, impossible date, hostile string
  kNotFound = 2,            // no such record, region, agency
  kAlreadyExists = 3,       // unique key taken
  kFailedPrecondition = 4,  // a legal guard refused: illegal transition, missing consent
  kConflict = 5,            // optimistic-concurrency version mismatch
  kPermissionDenied = 6,    // actor may not do this
  kExpired = 7,             // deadline passed (referral response, token)
  kIo = 8,                  // storage or file I/O failed
  kCorruption = 9,          // stored data fails integrity (broken hash chain)
  kBusy = 10,               // storage locked beyond the busy timeout
  kUnsupported = 11,        // feature or format version not supported
  kInternal = 12,           // a bug in atensi
};

// Returns the stable lower-case name of a code, e.g. "invalid_argument".
std::string_view StatusCodeName(StatusCode code) noexcept;

class [[nodiscard]] Status {
 public:
  // The OK status.
  Status() noexcept = default;

  Status(StatusCode code, std::string reason, std::string field, std::string message)
      : code_(code),
        reason_(std::move(reason)),
        field_(std::move(field)),
        message_(std::move(message)) {}

  static Status Ok() noexcept { return Status(); }

  [[nodiscard]] bool ok() const noexcept { return code_ == StatusCode::kOk; }
  [[nodiscard]] StatusCode code() const noexcept { return code_; }
  [[nodiscard]] const std::string& reason() const noexcept { return reason_; }
  [[nodiscard]] const std::string& field() const noexcept { return field_; }
  [[nodiscard]] const std::string& message() const noexcept { return message_; }

  // "invalid_argument [nik.day_range] nik: ..." for logs and CLI output.
  [[nodiscard]] std::string ToString() const;

  // Explicitly discard a status the caller has decided not to act on.
  void IgnoreError() const noexcept {}

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string reason_;
  std::string field_;
  std::string message_;
};

// Convenience constructors, one per family.
Status InvalidArgument(std::string reason, std::string field, std::string message);
Status NotFound(std::string reason, std::string field, std::string message);
Status AlreadyExists(std::string reason, std::string field, std::string message);
Status FailedPrecondition(std::string reason, std::string field, std::string message);
Status Conflict(std::string reason, std::string field, std::string message);
Status PermissionDenied(std::string reason, std::string field, std::string message);
Status Expired(std::string reason, std::string field, std::string message);
Status IoError(std::string reason, std::string message);
Status Corruption(std::string reason, std::string message);
Status Busy(std::string reason, std::string message);
Status Unsupported(std::string reason, std::string field, std::string message);
Status Internal(std::string reason, std::string message);

// A value of type T, or the Status that explains why there is none.
template <typename T>
class [[nodiscard]] Result {
  static_assert(!std::is_same_v<std::decay_t<T>, Status>, "use Status directly");

 public:
  // NOLINTNEXTLINE(google-explicit-constructor): implicit by design, like absl::StatusOr.
  Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}
  // NOLINTNEXTLINE(google-explicit-constructor)
  Result(Status status) : v_(std::in_place_index<1>, std::move(status)) {
    assert(!std::get<1>(v_).ok() && "Result constructed from an OK status");
    if (std::get<1>(v_).ok()) {
      v_.template emplace<1>(StatusCode::kInternal, "internal.ok_result", "",
                             "Result built from an OK status without a value");
    }
  }

  [[nodiscard]] bool ok() const noexcept { return v_.index() == 0; }

  // The error; Status::Ok() when a value is present.
  [[nodiscard]] Status status() const { return ok() ? Status::Ok() : std::get<1>(v_); }

  // Access the value. Precondition: ok().
  [[nodiscard]] T& value() & {
    assert(ok());
    return std::get<0>(v_);
  }
  [[nodiscard]] const T& value() const& {
    assert(ok());
    return std::get<0>(v_);
  }
  [[nodiscard]] T&& value() && {
    assert(ok());
    return std::get<0>(std::move(v_));
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace atensi

// Evaluate a Status expression; return it from the enclosing function if it failed.
#define ATENSI_RETURN_IF_ERROR(expr)                         \
  do {                                                       \
    ::atensi::Status atensi_status_tmp_ = (expr);            \
    if (!atensi_status_tmp_.ok()) return atensi_status_tmp_; \
  } while (false)

#define ATENSI_CONCAT_INNER_(a, b) a##b
#define ATENSI_CONCAT_(a, b) ATENSI_CONCAT_INNER_(a, b)

// ATENSI_ASSIGN_OR_RETURN(auto x, MakeX()); declares x from a Result or returns its Status.
// `decl` is a declaration, so it cannot be parenthesised.
// NOLINTBEGIN(bugprone-macro-parentheses)
#define ATENSI_ASSIGN_OR_RETURN(decl, expr)                   \
  auto ATENSI_CONCAT_(atensi_result_, __LINE__) = (expr);     \
  if (!ATENSI_CONCAT_(atensi_result_, __LINE__).ok())         \
    return ATENSI_CONCAT_(atensi_result_, __LINE__).status(); \
  decl = std::move(ATENSI_CONCAT_(atensi_result_, __LINE__)).value()
// NOLINTEND(bugprone-macro-parentheses)

#endif  // ATENSI_STATUS_H_
