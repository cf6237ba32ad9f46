// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// `atensi region <code-or-name>`: resolve an official Kemendagri region code,
// or search regions by name.

#include <cctype>

#include "atensi/region.h"
#include "cli/cli.h"

namespace atensi::cli {
namespace {

struct RegionArgs {
  std::string query;
  bool json = false;
  bool children = false;
  std::size_t limit = 20;
};

nlohmann::json RegionJson(const Region& r) {
  nlohmann::json j{{"code", r.code.dotted()},
                   {"name", std::string(r.name)},
                   {"level", std::string(RegionLevelName(r.code.level()))},
                   {"kind", std::string(RegionKindName(r.kind))},
                   {"children", r.child_count}};
  auto parent = r.code.parent();
  j["parent"] = parent ? nlohmann::json(parent->dotted()) : nlohmann::json(nullptr);
  return j;
}

void PrintRegionText(Context& ctx, const Region& r) {
  ctx.out << r.code.dotted() << "  " << r.name << "  (" << RegionKindName(r.kind);
  if (auto parent = r.code.parent()) {
    auto p = RegionTable::Official().Find(*parent);
    ctx.out << ", in " << (p ? std::string(p->name) : parent->dotted());
  }
  if (r.code.level() != RegionLevel::kVillage) ctx.out << ", " << r.child_count << " children";
  ctx.out << ")\n";
}

bool LooksLikeCode(std::string_view q) {
  bool digit = false;
  for (char c : q) {
    if (std::isdigit(static_cast<unsigned char>(c))) {
      digit = true;
    } else if (c != '.' && c != ' ') {
      return false;
    }
  }
  return digit;
}

void Run(Context& ctx, const RegionArgs& args) {
  const RegionTable& table = RegionTable::Official();
  if (!LooksLikeCode(args.query)) {
    auto hits = table.SearchByName(args.query, args.limit);
    if (hits.empty()) {
      ctx.exit_code = ReportError(
          ctx, NotFound("region.no_match", "query", "no region name matches the search"),
          args.json);
      return;
    }
    if (args.json) {
      nlohmann::json arr = nlohmann::json::array();
      for (const auto& r : hits) arr.push_back(RegionJson(r));
      PrintJson(ctx, {{"query", args.query}, {"matches", arr}});
    } else {
      for (const auto& r : hits) PrintRegionText(ctx, r);
    }
    return;
  }

  auto code = RegionCode::Parse(args.query, "code");
  if (!code.ok()) {
    ctx.exit_code = ReportError(ctx, code.status(), args.json);
    return;
  }
  auto found = table.Find(*code);
  std::optional<RegionAlias> via;
  if (!found) {
    if (auto alias = table.ResolveAlias(*code)) {
      via = alias->second;
      found = table.Find(alias->first);
    }
  }
  if (!found) {
    ctx.exit_code =
        ReportError(ctx,
                    NotFound("region.unknown", "code",
                             "no region has this code in " + std::string(table.decree()) +
                                 " or among the known historical codes"),
                    args.json);
    return;
  }
  std::vector<Region> kids;
  if (args.children) kids = table.Children(found->code);
  if (args.json) {
    nlohmann::json j = RegionJson(*found);
    if (via) {
      j["historical"] = {{"code", via->old_code.dotted()},
                         {"moved_to", via->new_code.dotted()},
                         {"legal_basis", std::string(via->legal_basis)},
                         {"effective", std::string(via->effective_date)}};
    }
    if (args.children) {
      nlohmann::json arr = nlohmann::json::array();
      for (const auto& k : kids) arr.push_back(RegionJson(k));
      j["child_regions"] = arr;
    }
    PrintJson(ctx, j);
  } else {
    if (via) {
      ctx.out << args.query << " is a historical code: " << via->old_code.dotted() << " moved to "
              << via->new_code.dotted() << " (" << via->legal_basis << ", " << via->effective_date
              << ")\n";
    }
    PrintRegionText(ctx, *found);
    for (const auto& k : kids) {
      ctx.out << "  ";
      PrintRegionText(ctx, k);
    }
  }
}

}  // namespace

void RegisterRegionCommand(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<RegionArgs>();
  CLI::App* cmd = app.add_subcommand(
      "region", "Resolve a region code (dotted or not) or search regions by name");
  cmd->add_option("code-or-name", args->query, "e.g. 15.03, 1503, \"Kota Jambi\", sarolangun")
      ->required();
  cmd->add_flag("--json", args->json, "Print JSON");
  cmd->add_flag("--children", args->children, "Also list the direct children");
  cmd->add_option("--limit", args->limit, "Maximum name-search matches")->check(CLI::Range(1, 500));
  cmd->callback([&ctx, args] { Run(ctx, *args); });
}

}  // namespace atensi::cli
