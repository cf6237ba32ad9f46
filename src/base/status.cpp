// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0

#include "atensi/status.h"

namespace atensi {

std::string_view StatusCodeName(StatusCode code) noexcept {
  switch (code) {
    case StatusCode::kOk:
      return "ok";
    case StatusCode::kInvalidArgument:
      return "invalid_argument";
    case StatusCode::kNotFound:
      return "not_found";
    case StatusCode::kAlreadyExists:
      return "already_exists";
    case StatusCode::kFailedPrecondition:
      return "failed_precondition";
    case StatusCode::kConflict:
      return "conflict";
    case StatusCode::kPermissionDenied:
      return "permission_denied";
    case StatusCode::kExpired:
      return "expired";
    case StatusCode::kIo:
      return "io";
    case StatusCode::kCorruption:
      return "corruption";
    case StatusCode::kBusy:
      return "busy";
    case StatusCode::kUnsupported:
      return "unsupported";
    case StatusCode::kInternal:
      return "internal";
  }
  return "unknown";
}

std::string Status::ToString() const {
  if (ok()) return "ok";
  std::string out(StatusCodeName(code_));
  if (!reason_.empty()) out += " [" + reason_ + "]";
  if (!field_.empty()) out += " " + field_ + ":";
  out += " " + message_;
  return out;
}

Status InvalidArgument(std::string reason, std::string field, std::string message) {
  return {StatusCode::kInvalidArgument, std::move(reason), std::move(field), std::move(message)};
}
Status NotFound(std::string reason, std::string field, std::string message) {
  return {StatusCode::kNotFound, std::move(reason), std::move(field), std::move(message)};
}
Status AlreadyExists(std::string reason, std::string field, std::string message) {
  return {StatusCode::kAlreadyExists, std::move(reason), std::move(field), std::move(message)};
}
Status FailedPrecondition(std::string reason, std::string field, std::string message) {
  return {StatusCode::kFailedPrecondition, std::move(reason), std::move(field), std::move(message)};
}
Status Conflict(std::string reason, std::string field, std::string message) {
  return {StatusCode::kConflict, std::move(reason), std::move(field), std::move(message)};
}
Status PermissionDenied(std::string reason, std::string field, std::string message) {
  return {StatusCode::kPermissionDenied, std::move(reason), std::move(field), std::move(message)};
}
Status Expired(std::string reason, std::string field, std::string message) {
  return {StatusCode::kExpired, std::move(reason), std::move(field), std::move(message)};
}
Status IoError(std::string reason, std::string message) {
  return {StatusCode::kIo, std::move(reason), "", std::move(message)};
}
Status Corruption(std::string reason, std::string message) {
  return {StatusCode::kCorruption, std::move(reason), "", std::move(message)};
}
Status Busy(std::string reason, std::string message) {
  return {StatusCode::kBusy, std::move(reason), "", std::move(message)};
}
Status Unsupported(std::string reason, std::string field, std::string message) {
  return {StatusCode::kUnsupported, std::move(reason), std::move(field), std::move(message)};
}
Status Internal(std::string reason, std::string message) {
  return {StatusCode::kInternal, std::move(reason), "", std::move(message)};
}

}  // namespace atensi
