// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// `atensi sample`: write a synthetic PKH/DTKS-style roster (roster_sample.h).

#include <fstream>
#include <iostream>

#include "atensi/roster/roster_sample.h"
#include "cli/cli.h"

namespace atensi::cli {
namespace {

struct SampleArgs {
  int province = 15;
  std::uint64_t children = 1000;
  std::uint64_t seed = 1;
  std::string at = "2026-01-01";
  std::string output;
};

void Run(Context& ctx, const SampleArgs& args) {
  auto at = ParseIsoDate(args.at, "--at");
  if (!at.ok()) {
    ReportError(ctx, at.status(), false);
    ctx.exit_code = kExitUsage;
    return;
  }
  SampleOptions opt;
  opt.province = args.province;
  opt.children = args.children;
  opt.seed = args.seed;
  opt.reference_date = *at;
  std::ofstream file;
  std::ostream* out = &ctx.out;
  if (!args.output.empty() && args.output != "-") {
    file.open(args.output, std::ios::binary | std::ios::trunc);
    if (!file) {
      ctx.exit_code = ReportError(
          ctx, IoError("sample.open", "cannot create the output file " + args.output), false);
      return;
    }
    out = &file;
  }
  auto stats = WriteSampleRoster(*out, opt);
  if (!stats.ok()) {
    ctx.exit_code = ReportError(ctx, stats.status(), false);
    return;
  }
  if (file.is_open()) {
    file.close();
    if (!file) {
      ctx.exit_code =
          ReportError(ctx, IoError("sample.write", "could not finish writing the file"), false);
      return;
    }
    ctx.err << "sample: " << stats->children << " children in " << stats->households
            << " households (" << stats->rows << " rows) written to " << args.output << "\n";
  }
}

}  // namespace

void RegisterSampleCommand(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<SampleArgs>();
  CLI::App* cmd = app.add_subcommand(
      "sample",
      "Write a synthetic PKH/DTKS-style roster CSV (invented people, real region codes; "
      "reproducible from the seed)");
  cmd->add_option("--province", args->province, "Kemendagri province code (default 15, Jambi)")
      ->check(CLI::Range(11, 99));
  cmd->add_option("--children", args->children, "Number of children to generate")
      ->check(CLI::Range(1, 50'000'000));
  cmd->add_option("--seed", args->seed, "Random seed (same seed, same file)");
  cmd->add_option("--at", args->at, "Reference date for ages, YYYY-MM-DD (default 2026-01-01)");
  cmd->add_option("-o,--output", args->output, "Output file (default: standard output)");
  cmd->callback([&ctx, args] { Run(ctx, *args); });
}

}  // namespace atensi::cli
