// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Database commands of the atensi CLI: `init`, `verify`, `case`.

#include "atensi/casebook.h"
#include "atensi/lifecycle/lifecycle_json.h"
#include "atensi/routing/agency_registry.h"
#include "atensi/routing/routing_rules.h"
#include "atensi/screening/screening_rules.h"
#include "cli/cli.h"
#include "cli/db_path.h"

namespace atensi::cli {

Status ApplyKeyEnvironment(OpenOptions& options);  // crypto_command.cpp

Result<std::unique_ptr<Casebook>> OpenDatabase(Context& ctx, const std::string& path, bool create) {
  OpenOptions options;
  options.path = path;
  options.create_if_missing = create;
  // Encryption at rest: keys from the environment (crypto_command.cpp).
  ATENSI_RETURN_IF_ERROR(ApplyKeyEnvironment(options));
  return Casebook::Open(options, ctx.clock);
}

Result<Actor> ParseActor(const std::string& spec) {
  // PERSON@AGENCY[:ROLE]
  auto at = spec.find('@');
  if (at == std::string::npos || at == 0) {
    return InvalidArgument("actor.format", "--actor",
                           "write the actor as PERSON@AGENCY or PERSON@AGENCY:ROLE");
  }
  Actor actor;
  actor.person_id = spec.substr(0, at);
  std::string rest = spec.substr(at + 1);
  auto colon = rest.find(':');
  actor.agency_id = rest.substr(0, colon);
  actor.role = Role::kDataOfficer;
  if (colon != std::string::npos) {
    std::string role = rest.substr(colon + 1);
    bool known = false;
    for (Role r : {Role::kCaseWorker, Role::kSupervisor, Role::kCoordinator, Role::kDataOfficer,
                   Role::kViewer, Role::kIntegrator}) {
      if (Name(r) == role) {
        actor.role = r;
        known = true;
      }
    }
    if (!known) {
      return InvalidArgument("actor.role", "--actor",
                             "unknown role; use case_worker, supervisor, coordinator, "
                             "data_officer, viewer or integrator");
    }
  }
  ATENSI_RETURN_IF_ERROR(ValidateActor(actor));
  return actor;
}

namespace {

struct DbArgs {
  std::string db;
  std::string id;
  bool json = false;
  bool history = false;
  std::string actor;                      // principal of a read (case)
  std::string purpose = "case_handling";  // AccessPurpose name
};

void RunInit(Context& ctx, const DbArgs& args) {
  auto book = OpenDatabase(ctx, args.db, /*create=*/true);
  if (!book.ok()) {
    ctx.exit_code = ReportError(ctx, book.status(), args.json);
    return;
  }
  auto registry_or = AgencyRegistry::Default(RegionTable::Official());
  if (!registry_or.ok()) {
    ctx.exit_code = ReportError(ctx, registry_or.status(), args.json);
    return;
  }
  const AgencyRegistry& registry = *registry_or;
  auto rules = RuleSet::Default();
  if (!rules.ok()) {
    ctx.exit_code = ReportError(ctx, rules.status(), args.json);
    return;
  }
  nlohmann::json j{{"database", MaskUri(args.db)},
                   {"region_table", std::string(RegionTable::Official().decree())},
                   {"regions", RegionTable::Official().size()},
                   {"agency_registry", registry.version()},
                   {"agencies", registry.agencies().size()},
                   {"routing_rules", rules->version()},
                   {"screening_rules", ScreeningRuleSet::Default().version()}};
  if (args.json) {
    PrintJson(ctx, j);
    return;
  }
  ctx.out << "database ready: " << MaskUri(args.db) << "\n"
          << "  region table:    " << RegionTable::Official().decree() << " ("
          << RegionTable::Official().size() << " regions, compiled in)\n"
          << "  agency registry: " << registry.version() << " (" << registry.agencies().size()
          << " agencies)\n"
          << "  routing rules:   " << rules->version() << "\n"
          << "  screening rules: " << ScreeningRuleSet::Default().version() << "\n";
}

void RunVerify(Context& ctx, const DbArgs& args) {
  auto book = OpenDatabase(ctx, args.db, /*create=*/false);
  if (!book.ok()) {
    ctx.exit_code = ReportError(ctx, book.status(), args.json);
    return;
  }
  // Verification is a matrix operation (kVerify: coordinators, data
  // officers, integrators): the principal is required.
  auto actor = ParseActor(args.actor);
  if (!actor.ok()) {
    ctx.exit_code = ReportError(ctx, actor.status(), args.json);
    return;
  }
  auto report = (*book)->Verify(*actor);
  if (!report.ok()) {
    ctx.exit_code = ReportError(ctx, report.status(), args.json);
    return;
  }
  nlohmann::json j{{"ok", report->ok},
                   {"events_checked", report->events_checked},
                   {"chains_checked", report->chains_checked},
                   {"checkpoints_checked", report->checkpoints_checked}};
  if (report->first_broken) {
    const auto& b = *report->first_broken;
    j["first_broken"] = {{"where", std::string(Name(b.where))},
                         {"chain_id", b.chain_id},
                         {"seq", b.seq},
                         {"reason", b.reason}};
  }
  if (args.json) {
    PrintJson(ctx, j);
  } else if (report->ok) {
    ctx.out << "audit chain verified: " << report->events_checked << " events in "
            << report->chains_checked << " chains, " << report->checkpoints_checked
            << " checkpoints\n";
  } else {
    const auto& b = *report->first_broken;
    ctx.out << "AUDIT CHAIN BROKEN at " << Name(b.where) << " " << b.chain_id << " #" << b.seq
            << ": " << b.reason << "\n";
  }
  ctx.exit_code = report->ok ? kExitOk : kExitRefused;
}

void RunCase(Context& ctx, const DbArgs& args) {
  auto book = OpenDatabase(ctx, args.db, /*create=*/false);
  if (!book.ok()) {
    ctx.exit_code = ReportError(ctx, book.status(), args.json);
    return;
  }
  // Reads pass through the core's authorization (docs/access-control.md):
  // the principal and purpose are required and the read is access-logged.
  auto actor = ParseActor(args.actor);
  if (!actor.ok()) {
    ctx.exit_code = ReportError(ctx, actor.status(), args.json);
    return;
  }
  auto purpose = ParseAccessPurpose(args.purpose);
  if (!purpose) {
    ctx.exit_code = ReportError(
        ctx, InvalidArgument("access.purpose", "--purpose", "unknown access purpose"), args.json);
    return;
  }
  auto view = (*book)->ReadCase(args.id, *actor, *purpose);
  if (!view.ok()) {
    ctx.exit_code = ReportError(ctx, view.status(), args.json);
    return;
  }
  const Case* c = &view->value;
  nlohmann::json j{{"case", ToJson(*c)}, {"reach", Name(view->reach)}, {"hidden", view->hidden}};
  if (args.history) {
    auto events = (*book)->History(args.id, *actor, *purpose);
    if (!events.ok()) {
      ctx.exit_code = ReportError(ctx, events.status(), args.json);
      return;
    }
    nlohmann::json arr = nlohmann::json::array();
    for (const auto& e : *events) {
      arr.push_back({{"seq", e.seq},
                     {"at", FormatInstant(e.at)},
                     {"actor", e.actor.person_id + "@" + e.actor.agency_id},
                     {"action", e.action},
                     {"reason", e.reason},
                     {"changes", e.changes}});
    }
    j["history"] = arr;
  }
  if (args.json) {
    PrintJson(ctx, j);
    return;
  }
  const Case& k = *c;
  ctx.out << "case " << k.id << " (version " << k.version << ")\n"
          << "  stage: " << Name(k.stage) << "   risk: " << Name(k.risk) << "\n"
          << "  opened: " << FormatInstant(k.opened_at) << "   source: " << Name(k.source) << "\n"
          << "  lead agency: " << (k.lead_agency_id.empty() ? "-" : k.lead_agency_id) << "\n";
  if (args.history) {
    for (const auto& e : j["history"]) {
      ctx.out << "  #" << e["seq"].get<std::int64_t>() << " " << e["at"].get<std::string>() << " "
              << e["action"].get<std::string>() << " by " << e["actor"].get<std::string>() << "\n";
    }
  }
}

}  // namespace

void RegisterDbCommands(CLI::App& app, Context& ctx) {
  auto init = std::make_shared<DbArgs>();
  CLI::App* cmd = app.add_subcommand(
      "init",
      "Create or migrate a database; the region table, agency registry and rule sets are "
      "compiled in and their versions are shown");
  cmd->add_option("DB", init->db, "Database file")->required();
  cmd->add_flag("--json", init->json, "Print JSON");
  cmd->callback([&ctx, init] { RunInit(ctx, *init); });

  auto verify = std::make_shared<DbArgs>();
  cmd = app.add_subcommand("verify",
                           "Verify the audit hash chains and checkpoints; exit 1 when broken");
  cmd->add_option("DB", verify->db, "Database file")->required()->check(ExistingDatabase());
  cmd->add_option("--actor", verify->actor,
                  "Who verifies, PERSON@AGENCY[:ROLE] (role defaults to data_officer; a "
                  "coordinator, data officer or integrator)")
      ->required();
  cmd->add_flag("--json", verify->json, "Print JSON");
  cmd->callback([&ctx, verify] { RunVerify(ctx, *verify); });

  auto show = std::make_shared<DbArgs>();
  cmd = app.add_subcommand("case", "Show a case (no child personal data) and its history");
  cmd->add_option("DB", show->db, "Database file")->required()->check(ExistingDatabase());
  cmd->add_option("CASE_ID", show->id, "Case id")->required();
  cmd->add_flag("--history", show->history, "Include the audit events of the case");
  cmd->add_option("--actor", show->actor,
                  "Who reads, PERSON@AGENCY[:ROLE] (role defaults to data_officer); the case is "
                  "shown as this principal may see it, and the read is access-logged")
      ->required();
  cmd->add_option("--purpose", show->purpose,
                  "Why: case_handling, supervision, referral, report, audit, subject_access, "
                  "import or transfer (default case_handling)");
  cmd->add_flag("--json", show->json, "Print JSON");
  cmd->callback([&ctx, show] { RunCase(ctx, *show); });
}

}  // namespace atensi::cli
