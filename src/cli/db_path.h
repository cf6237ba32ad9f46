// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// The database argument of the CLI commands: an SQLite file or a
// postgresql:// (postgres://) URI naming a shared store (docs/postgresql.md).

#ifndef ATENSI_CLI_DB_PATH_H_
#define ATENSI_CLI_DB_PATH_H_

#include <CLI/CLI.hpp>
#include <string>
#include <string_view>

namespace atensi::cli {

// A CLI11 check for a DB argument: an existing file, or a PostgreSQL URI
// (checked when it is opened, not here). Use it instead of CLI::ExistingFile.
CLI::Validator ExistingDatabase();

// `path` as it may be shown: a URI's password (user:PASSWORD@ and any
// password=... parameter) replaced by "***"; a file path unchanged. Never
// print a database argument without it.
std::string MaskUri(std::string_view path);

}  // namespace atensi::cli

#endif  // ATENSI_CLI_DB_PATH_H_
