// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Data-subject duties of the atensi CLI (UU 27/2022; docs/privacy.md):
//   `subject-access DB CHILD_ID`  all data held about a child + processing log (art 32)
//   `purge DB [--child ID] [--apply] [--policy FILE]`  destroy personal data whose
//        retention ended (arts 42-44); a dry run unless --apply
//   `restrict DB CHILD_ID --reason TEXT [--lift]`  restriction of processing
//   `legal-hold DB CHILD_ID --reference TEXT [--release]`

#include <fstream>
#include <sstream>

#include "atensi/casebook.h"
#include "atensi/privacy/retention.h"
#include "cli/cli.h"
#include "cli/db_path.h"

namespace atensi::cli {

Result<std::unique_ptr<Casebook>> OpenDatabase(Context& ctx, const std::string& path, bool create);
Result<Actor> ParseActor(const std::string& spec);

namespace {

constexpr const char* kDefaultActor = "operator@dinsos.15:data_officer";

struct PrivacyArgs {
  std::string db;
  std::string child_id;
  std::string actor = kDefaultActor;
  std::string policy;
  std::string text;
  std::string output;
  bool apply = false;
  bool undo = false;
  bool json = false;
};

// Opens the database and parses the actor; reports and returns null on error.
std::unique_ptr<Casebook> Open(Context& ctx, const PrivacyArgs& args, Actor* actor) {
  auto a = ParseActor(args.actor);
  if (!a.ok()) {
    ctx.exit_code = ReportError(ctx, a.status(), args.json);
    return nullptr;
  }
  *actor = *a;
  auto book = OpenDatabase(ctx, args.db, /*create=*/false);
  if (!book.ok()) {
    ctx.exit_code = ReportError(ctx, book.status(), args.json);
    return nullptr;
  }
  return std::move(book).value();
}

void SubjectAccess(Context& ctx, const PrivacyArgs& args) {
  Actor actor;
  auto book = Open(ctx, args, &actor);
  if (!book) return;
  auto report = book->SubjectAccess(args.child_id, actor);
  if (!report.ok()) {
    ctx.exit_code = ReportError(ctx, report.status(), true);
    return;
  }
  if (args.output.empty() || args.output == "-") {
    ctx.out << report->dump(2) << "\n";
    return;
  }
  std::ofstream f(args.output, std::ios::binary | std::ios::trunc);
  f << report->dump(2) << "\n";
  f.close();
  if (!f) ctx.exit_code = ReportError(ctx, IoError("export.write", "write failed"), false);
}

void Purge(Context& ctx, const PrivacyArgs& args) {
  Actor actor;
  auto book = Open(ctx, args, &actor);
  if (!book) return;
  if (!args.policy.empty()) {
    std::ifstream f(args.policy);
    std::stringstream text;
    text << f.rdbuf();
    nlohmann::json j = nlohmann::json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
    auto policy = f ? ParseRetentionPolicy(j)
                    : Result<RetentionPolicy>(IoError("retention.open", "cannot read the policy"));
    if (!policy.ok()) {
      ctx.exit_code = ReportError(ctx, policy.status(), args.json);
      return;
    }
    book->UseRetentionPolicy(std::move(policy).value());
  }
  auto report = args.child_id.empty() ? book->Purge(actor, !args.apply)
                                      : book->PurgeChild(args.child_id, actor, !args.apply);
  if (!report.ok()) {
    ctx.exit_code = ReportError(ctx, report.status(), args.json);
    return;
  }
  if (args.json) {
    ctx.out << ToJson(*report).dump(2) << "\n";
    return;
  }
  ctx.out << (report->dry_run ? "dry run (nothing destroyed; --apply to purge)\n" : "")
          << "retention policy " << report->policy_version << "\n"
          << "children examined  " << report->children_examined << "\n"
          << "retention ended    " << report->children_due << "\n"
          << "purged             " << report->children_purged << "\n"
          << "event payloads destroyed " << report->events_purged << "\n";
  for (const PurgeItem& i : report->items) {
    ctx.out << "  " << i.child_id << "  " << Name(i.category) << "  " << i.reason
            << (i.purged ? "  purged" : "") << "\n";
  }
}

void SetFlag(Context& ctx, const PrivacyArgs& args, bool hold) {
  Actor actor;
  auto book = Open(ctx, args, &actor);
  if (!book) return;
  Status s = hold        ? book->SetLegalHold(args.child_id, !args.undo, args.text, actor)
             : args.undo ? book->LiftRestriction(args.child_id, args.text, actor)
                         : book->RestrictProcessing(args.child_id, args.text, actor);
  if (!s.ok()) {
    ctx.exit_code = ReportError(ctx, s, args.json);
    return;
  }
  ctx.out << (hold ? (args.undo ? "legal hold released\n" : "legal hold placed\n")
                   : (args.undo ? "restriction lifted\n" : "processing restricted\n"));
}

void AddActor(CLI::App* cmd, PrivacyArgs& a) {
  cmd->add_option("--actor", a.actor,
                  "Who acts: PERSON@AGENCY[:ROLE] (default " + std::string(kDefaultActor) + ")");
}

}  // namespace

void RegisterPrivacyCommands(CLI::App& app, Context& ctx) {
  {
    auto a = std::make_shared<PrivacyArgs>();
    CLI::App* cmd = app.add_subcommand(
        "subject-access",
        "All data held about a child and its processing log as JSON (UU 27/2022 art 32)");
    cmd->add_option("DB", a->db, "Database file")->required()->check(ExistingDatabase());
    cmd->add_option("CHILD_ID", a->child_id, "The child's atensi id")->required();
    cmd->add_option("-o,--output", a->output, "Output file (default: standard output)");
    AddActor(cmd, *a);
    a->actor.clear();  // a read of personal data: the principal is required (issue 9)
    cmd->get_option("--actor")->required();
    cmd->callback([&ctx, a] { SubjectAccess(ctx, *a); });
  }
  {
    auto a = std::make_shared<PrivacyArgs>();
    CLI::App* cmd = app.add_subcommand(
        "purge",
        "Destroy the personal data whose retention period ended (UU 27/2022 arts 42-44); "
        "tombstones keep the audit chain verifiable. A dry run unless --apply");
    cmd->add_option("DB", a->db, "Database file")->required()->check(ExistingDatabase());
    cmd->add_option("--child", a->child_id, "Only this child");
    cmd->add_option("--policy", a->policy,
                    "Retention policy JSON (default: data/retention_policy.json, compiled in)")
        ->check(CLI::ExistingFile);
    cmd->add_flag("--apply", a->apply, "Really destroy (default: report only)");
    cmd->add_flag("--json", a->json, "Print JSON");
    AddActor(cmd, *a);
    cmd->callback([&ctx, a] { Purge(ctx, *a); });
  }
  {
    auto a = std::make_shared<PrivacyArgs>();
    CLI::App* cmd = app.add_subcommand(
        "restrict", "Restrict (or --lift) processing of a child's data at the subject's request");
    cmd->add_option("DB", a->db, "Database file")->required()->check(ExistingDatabase());
    cmd->add_option("CHILD_ID", a->child_id, "The child's atensi id")->required();
    cmd->add_option("--reason", a->text, "Reference of the request")->required();
    cmd->add_flag("--lift", a->undo, "Lift the restriction");
    AddActor(cmd, *a);
    cmd->callback([&ctx, a] { SetFlag(ctx, *a, /*hold=*/false); });
  }
  {
    auto a = std::make_shared<PrivacyArgs>();
    CLI::App* cmd = app.add_subcommand(
        "legal-hold", "Keep a child's data from being purged while legal proceedings need it");
    cmd->add_option("DB", a->db, "Database file")->required()->check(ExistingDatabase());
    cmd->add_option("CHILD_ID", a->child_id, "The child's atensi id")->required();
    cmd->add_option("--reference", a->text, "The proceeding (case number)")->required();
    cmd->add_flag("--release", a->undo, "Release the hold");
    AddActor(cmd, *a);
    cmd->callback([&ctx, a] { SetFlag(ctx, *a, /*hold=*/true); });
  }
}

}  // namespace atensi::cli
