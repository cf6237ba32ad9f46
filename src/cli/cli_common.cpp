// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0

#include <ostream>

#include "cli/cli.h"

namespace atensi::cli {

int ReportError(Context& ctx, const Status& status, bool json) {
  int code = kExitFailure;
  switch (status.code()) {
    case StatusCode::kInvalidArgument:
    case StatusCode::kNotFound:
    case StatusCode::kFailedPrecondition:
    case StatusCode::kConflict:
    case StatusCode::kPermissionDenied:
    case StatusCode::kAlreadyExists:
    case StatusCode::kExpired:
      code = kExitRefused;
      break;
    default:
      break;
  }
  if (json) {
    PrintJson(ctx, {{"error",
                     {{"code", std::string(StatusCodeName(status.code()))},
                      {"reason", status.reason()},
                      {"field", status.field()},
                      {"message", status.message()}}}});
  } else {
    ctx.err << "error: " << status.reason();
    if (!status.field().empty()) ctx.err << ": " << status.field();
    ctx.err << ": " << status.message() << "\n";
  }
  return code;
}

void PrintJson(Context& ctx, const nlohmann::json& j) {
  ctx.out << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

}  // namespace atensi::cli
