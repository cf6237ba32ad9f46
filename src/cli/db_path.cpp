// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0

#include "cli/db_path.h"

#include "atensi/store/pg_case_store.h"

namespace atensi::cli {

CLI::Validator ExistingDatabase() {
  return CLI::Validator(
      [](std::string& value) -> std::string {
        if (IsPostgresUri(value)) return std::string();
        return CLI::ExistingFile(value);
      },
      "FILE|URI", "EXISTING_DATABASE");
}

std::string MaskUri(std::string_view path) {
  if (!IsPostgresUri(path)) return std::string(path);
  std::string out(path);
  // userinfo: between "://" and the first '@' before the host's '/', '?' or '#'.
  const std::size_t scheme_end = out.find("://") + 3;
  const std::size_t authority_end = out.find_first_of("/?#", scheme_end);
  const std::size_t at =
      out.rfind('@', authority_end == std::string::npos ? out.size() - 1 : authority_end - 1);
  if (at != std::string::npos && at >= scheme_end) {
    const std::size_t colon = out.find(':', scheme_end);
    if (colon != std::string::npos && colon < at) {
      out.replace(colon + 1, at - colon - 1, "***");
    }
  }
  // password=... query parameters (libpq accepts them too).
  const std::size_t query = out.find('?');
  if (query != std::string::npos) {
    std::size_t pos = query + 1;
    while (pos < out.size()) {
      std::size_t end = out.find('&', pos);
      if (end == std::string::npos) end = out.size();
      if (out.compare(pos, 9, "password=") == 0) {
        out.replace(pos + 9, end - pos - 9, "***");
        end = pos + 9 + 3;
      }
      pos = end + 1;
    }
  }
  return out;
}

}  // namespace atensi::cli
