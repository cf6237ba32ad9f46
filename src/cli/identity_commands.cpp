// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// `atensi nik` and `atensi kk`: validate Dukcapil identity numbers.
// The reference date defaults to today in WIB (UTC+7) and can be pinned with
// --at so results are reproducible.

#include "atensi/kk.h"
#include "atensi/nik.h"
#include "cli/cli.h"

namespace atensi::cli {
namespace {

constexpr int kWibOffsetMinutes = 7 * 60;

struct IdArgs {
  std::string number;
  std::string at;
  std::string birth_date;
  bool json = false;
};

nlohmann::json IssuesJson(const std::vector<IdIssue>& issues) {
  nlohmann::json arr = nlohmann::json::array();
  for (const auto& i : issues) arr.push_back({{"code", i.code}, {"message", i.message}});
  return arr;
}

nlohmann::json CodeOrNull(const std::optional<RegionCode>& c) {
  return c ? nlohmann::json(c->dotted()) : nlohmann::json(nullptr);
}

void PrintIssuesText(Context& ctx, const std::vector<IdIssue>& errors,
                     const std::vector<IdIssue>& warnings) {
  for (const auto& e : errors) ctx.out << "  error   " << e.code << ": " << e.message << "\n";
  for (const auto& w : warnings) ctx.out << "  warning " << w.code << ": " << w.message << "\n";
}

void PrintRegionLine(Context& ctx, const IdRegion& region, std::string_view what) {
  if (!region.province) return;
  const RegionCode& most = region.district  ? *region.district
                           : region.regency ? *region.regency
                                            : *region.province;
  ctx.out << "  " << what << ": " << most.dotted();
  auto current = region.current_district ? region.current_district : region.current_regency;
  if (current) {
    if (auto r = RegionTable::Official().Find(*current)) {
      ctx.out << " (" << r->name;
      if (region.historical) ctx.out << ", now " << current->dotted();
      ctx.out << ")";
    }
  }
  ctx.out << "\n";
}

// Resolves --at (default: today in WIB). Returns false after reporting a usage error.
bool ReferenceDate(Context& ctx, const IdArgs& args, Date& out) {
  if (args.at.empty()) {
    out = DateAt(ctx.clock.Now(), kWibOffsetMinutes);
    return true;
  }
  auto d = ParseIsoDate(args.at, "--at");
  if (!d.ok()) {
    ReportError(ctx, d.status(), args.json);
    ctx.exit_code = kExitUsage;
    return false;
  }
  out = *d;
  return true;
}

void RunNik(Context& ctx, const IdArgs& args) {
  Date at;
  if (!ReferenceDate(ctx, args, at)) return;
  std::optional<Date> recorded;
  if (!args.birth_date.empty()) {
    auto d = ParseIsoDate(args.birth_date, "--birth-date");
    if (!d.ok()) {
      ReportError(ctx, d.status(), args.json);
      ctx.exit_code = kExitUsage;
      return;
    }
    recorded = *d;
  }
  ParsedNik nik = ParseNik(args.number, at, recorded);
  std::vector<IdIssue> warnings = nik.warnings;
  if (recorded) {
    auto cross = CrossCheckNik(nik, std::nullopt, recorded);
    warnings.insert(warnings.end(), cross.begin(), cross.end());
  }
  if (args.json) {
    PrintJson(ctx, {{"valid", nik.valid},
                    {"sex", nik.sex ? nlohmann::json(std::string(Name(*nik.sex)))
                                    : nlohmann::json(nullptr)},
                    {"birth_date", nik.birth_date ? nlohmann::json(FormatIsoDate(*nik.birth_date))
                                                  : nlohmann::json(nullptr)},
                    {"province", CodeOrNull(nik.region.province)},
                    {"regency", CodeOrNull(nik.region.regency)},
                    {"district", CodeOrNull(nik.region.district)},
                    {"errors", IssuesJson(nik.errors)},
                    {"warnings", IssuesJson(warnings)}});
  } else {
    ctx.out << "NIK " << (nik.valid ? "valid" : "INVALID") << " at " << FormatIsoDate(at) << "\n";
    if (nik.sex) ctx.out << "  sex: " << (*nik.sex == Sex::kMale ? "male" : "female") << "\n";
    if (nik.birth_date) ctx.out << "  birth date: " << FormatIsoDate(*nik.birth_date) << "\n";
    PrintRegionLine(ctx, nik.region, "first registered in");
    PrintIssuesText(ctx, nik.errors, warnings);
  }
  ctx.exit_code = nik.valid ? kExitOk : kExitRefused;
}

void RunKk(Context& ctx, const IdArgs& args) {
  Date at;
  if (!ReferenceDate(ctx, args, at)) return;
  ParsedKk kk = ParseKk(args.number, at);
  if (args.json) {
    PrintJson(ctx, {{"valid", kk.valid},
                    {"recorded_on", kk.recorded_on ? nlohmann::json(FormatIsoDate(*kk.recorded_on))
                                                   : nlohmann::json(nullptr)},
                    {"province", CodeOrNull(kk.region.province)},
                    {"regency", CodeOrNull(kk.region.regency)},
                    {"district", CodeOrNull(kk.region.district)},
                    {"errors", IssuesJson(kk.errors)},
                    {"warnings", IssuesJson(kk.warnings)}});
  } else {
    ctx.out << "No. KK " << (kk.valid ? "valid" : "INVALID") << " at " << FormatIsoDate(at) << "\n";
    if (kk.recorded_on) ctx.out << "  recorded on: " << FormatIsoDate(*kk.recorded_on) << "\n";
    PrintRegionLine(ctx, kk.region, "issued in");
    PrintIssuesText(ctx, kk.errors, kk.warnings);
  }
  ctx.exit_code = kk.valid ? kExitOk : kExitRefused;
}

}  // namespace

void RegisterNikCommand(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<IdArgs>();
  CLI::App* cmd =
      app.add_subcommand("nik",
                         "Validate a NIK (16 digits; spaces, '.' and '-' between digits allowed). "
                         "Exit 0 valid, 1 invalid, 2 usage");
  cmd->add_option("NIK", args->number, "The NIK to check")->required();
  cmd->add_option("--at", args->at, "Reference date YYYY-MM-DD (default: today, WIB)");
  cmd->add_option("--birth-date", args->birth_date,
                  "Recorded birth date YYYY-MM-DD: gives the century and is cross-checked");
  cmd->add_flag("--json", args->json, "Print JSON");
  cmd->callback([&ctx, args] { RunNik(ctx, *args); });
}

void RegisterKkCommand(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<IdArgs>();
  CLI::App* cmd = app.add_subcommand(
      "kk", "Validate a No. KK (family card number). Exit 0 valid, 1 invalid, 2 usage");
  cmd->add_option("KK", args->number, "The No. KK to check")->required();
  cmd->add_option("--at", args->at, "Reference date YYYY-MM-DD (default: today, WIB)");
  cmd->add_flag("--json", args->json, "Print JSON");
  cmd->callback([&ctx, args] { RunKk(ctx, *args); });
}

}  // namespace atensi::cli
