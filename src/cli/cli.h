// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Shared plumbing of the atensi command-line tool: each command lives in its
// own file and registers itself on the CLI11 app. Exit statuses are uniform:
// 0 success (or a valid identity number), 1 a domain refusal (invalid input,
// guard refused, not found), 2 usage error, 3 storage or internal failure.

#ifndef ATENSI_CLI_CLI_H_
#define ATENSI_CLI_CLI_H_

#include <CLI/CLI.hpp>
#include <iosfwd>
#include <nlohmann/json.hpp>
#include <string>

#include "atensi/clock.h"
#include "atensi/status.h"

namespace atensi::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitRefused = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitFailure = 3;

struct Context {
  std::ostream& out;
  std::ostream& err;
  const Clock& clock;
  int exit_code = kExitOk;
};

// Prints a Status as "error: <reason>: <field>: <message>" (or JSON when json is set)
// and returns the exit code it maps to.
int ReportError(Context& ctx, const Status& status, bool json);

// Pretty JSON on one object per invocation.
void PrintJson(Context& ctx, const nlohmann::json& j);

// Registration functions, one per command file.
void RegisterNikCommand(CLI::App& app, Context& ctx);
void RegisterKkCommand(CLI::App& app, Context& ctx);
void RegisterRegionCommand(CLI::App& app, Context& ctx);
void RegisterSampleCommand(CLI::App& app, Context& ctx);
void RegisterDbCommands(CLI::App& app, Context& ctx);
void RegisterJobCommands(CLI::App& app, Context& ctx);
void RegisterExportCommand(CLI::App& app, Context& ctx);
void RegisterPrivacyCommands(CLI::App& app, Context& ctx);  // privacy_commands.cpp
// privacy_request_commands.cpp: subject-access requests, art 33 decision, corrections.
void RegisterPrivacyRequestCommands(CLI::App& app, Context& ctx);
void RegisterCryptoCommands(CLI::App& app, Context& ctx);   // crypto_command.cpp
// migrate, export-region: store_copy_command.cpp
void RegisterStoreCopyCommands(CLI::App& app, Context& ctx);

}  // namespace atensi::cli

#endif  // ATENSI_CLI_CLI_H_
