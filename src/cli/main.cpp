// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// atensi: the command-line tool for operators of child social-rehabilitation
// casework (ATENSI). Every command has --help; read commands take --json.

#include <iostream>

#include "atensi/region.h"
#include "cli/cli.h"

int main(int argc, char** argv) {
  using namespace atensi::cli;
  atensi::SystemClock clock;
  Context ctx{std::cout, std::cerr, clock};

  CLI::App app{
      "atensi: child social-rehabilitation (ATENSI) casework, identity numbers and region codes"};
  app.require_subcommand(0, 1);
  bool version = false;
  app.add_flag("--version", version, "Print the library version and the region table's decree");

  RegisterNikCommand(app, ctx);
  RegisterKkCommand(app, ctx);
  RegisterRegionCommand(app, ctx);
  RegisterSampleCommand(app, ctx);
  RegisterDbCommands(app, ctx);
  RegisterJobCommands(app, ctx);
  RegisterExportCommand(app, ctx);
  RegisterPrivacyCommands(app, ctx);
  RegisterPrivacyRequestCommands(app, ctx);
  RegisterCryptoCommands(app, ctx);
  RegisterStoreCopyCommands(app, ctx);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kExitUsage;
  }
  if (version) {
    std::cout << "atensi " << ATENSI_VERSION_STRING << "\n"
              << "region table: " << atensi::RegionTable::Official().decree() << "\n";
    return kExitOk;
  }
  if (app.get_subcommands().empty()) {
    std::cerr << app.help();
    return kExitUsage;
  }
  return ctx.exit_code;
}
