// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// The main job from the command line: `import`, `screen`, `route`,
// `referrals`, `report` (roster_pipeline.h does the work).

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "atensi/pipeline/roster_pipeline.h"
#include "atensi/report/province_report.h"
#include "atensi/routing/agency_registry.h"
#include "atensi/routing/routing_json.h"
#include "cli/cli.h"
#include "cli/progress.h"

namespace atensi::cli {

Result<std::unique_ptr<Casebook>> OpenDatabase(Context& ctx, const std::string& path, bool create);
Result<Actor> ParseActor(const std::string& spec);

namespace {

constexpr int kWibMinutes = 7 * 60;
constexpr const char* kDefaultActor = "operator@dinsos.15:data_officer";

struct JobArgs {
  std::string db;
  std::string file;
  std::string at;
  std::string actor = kDefaultActor;
  std::string rejects;
  std::string lead;
  std::string agency;
  std::string status;
  std::string html;
  std::string province = "15";
  std::size_t batch = 1000;
  bool outbox = false;
  bool json = false;
};

bool StderrIsTerminal() { return isatty(STDERR_FILENO) == 1; }

// Opens the database and parses the actor and reference date shared by the job commands.
struct JobSetup {
  std::unique_ptr<Casebook> book;
  Actor actor;
  Date at;
};

bool Setup(Context& ctx, const JobArgs& args, bool create, JobSetup& out) {
  auto actor = ParseActor(args.actor);
  if (!actor.ok()) {
    ReportError(ctx, actor.status(), args.json);
    ctx.exit_code = kExitUsage;
    return false;
  }
  out.actor = *actor;
  if (args.at.empty()) {
    out.at = DateAt(ctx.clock.Now(), kWibMinutes);
  } else {
    auto d = ParseIsoDate(args.at, "--at");
    if (!d.ok()) {
      ReportError(ctx, d.status(), args.json);
      ctx.exit_code = kExitUsage;
      return false;
    }
    out.at = *d;
  }
  auto book = OpenDatabase(ctx, args.db, create);
  if (!book.ok()) {
    ctx.exit_code = ReportError(ctx, book.status(), args.json);
    return false;
  }
  out.book = std::move(book).value();
  return true;
}

// Starts the clock of a progress display now; the callback feeds it.
ProgressFn MakeProgress(Context& ctx, std::unique_ptr<Progress>& holder, const char* label,
                        const char* unit) {
  holder = std::make_unique<Progress>(ctx.err, StderrIsTerminal(), label, 0, unit);
  Progress* p = holder.get();
  return [p](std::uint64_t done, std::uint64_t total) {
    p->SetTotal(total);
    p->Update(done);
  };
}

// Seals the audit chains written by a job into a checkpoint, so deleting a
// whole chain or the tail of one is detectable (store/event.h). A failure is
// reported but does not undo the committed job.
void Seal(Context& ctx, Casebook& book, bool /*json*/) {
  Status st = book.Checkpoint();
  if (!st.ok()) ReportError(ctx, st, /*json=*/false);  // stderr: keeps --json output clean
}

void RunImport(Context& ctx, const JobArgs& args) {
  JobSetup s;
  if (!Setup(ctx, args, /*create=*/true, s)) return;
  std::ifstream in(args.file, std::ios::binary);
  if (!in) {
    ctx.exit_code =
        ReportError(ctx, NotFound("import.open", "FILE", "cannot open the roster file"), args.json);
    return;
  }
  std::error_code ec;
  auto size = std::filesystem::file_size(args.file, ec);
  std::string reject_path = args.rejects.empty() ? args.file + ".rejects.csv" : args.rejects;
  std::ofstream rejects(reject_path, std::ios::binary | std::ios::trunc);
  if (!rejects) {
    ctx.exit_code = ReportError(
        ctx, IoError("import.rejects", "cannot create the reject file " + reject_path), args.json);
    return;
  }
  ImportOptions opt;
  opt.reference_date = s.at;
  opt.batch_rows = args.batch;
  opt.total_bytes = ec ? 0 : size;
  std::unique_ptr<Progress> progress;
  auto stats = ImportRoster(in, *s.book, s.actor, opt, &rejects,
                            MakeProgress(ctx, progress, "import", "bytes"));
  if (progress) progress->Finish(opt.total_bytes);
  if (stats.ok()) Seal(ctx, *s.book, args.json);
  if (!stats.ok()) {
    ctx.exit_code = ReportError(ctx, stats.status(), args.json);
    return;
  }
  nlohmann::json j{{"rows", stats->rows},
                   {"rejected", stats->rejected},
                   {"adults_skipped", stats->adults},
                   {"children_new", stats->children_new},
                   {"children_updated", stats->children_updated},
                   {"children_unchanged", stats->children_unchanged},
                   {"batches", stats->batches},
                   {"rejects_file", reject_path}};
  if (args.json) {
    PrintJson(ctx, j);
  } else {
    ctx.out << "imported " << Thousands(stats->rows)
            << " roster rows: " << Thousands(stats->children_new) << " new children, "
            << Thousands(stats->children_updated) << " updated, "
            << Thousands(stats->children_unchanged) << " unchanged; " << Thousands(stats->adults)
            << " adults skipped (not children, UU 35/2014 art 1(1)); " << Thousands(stats->rejected)
            << " rows rejected";
    if (stats->rejected > 0) ctx.out << " (reasons in " << reject_path << ")";
    ctx.out << "\n";
  }
}

void RunScreen(Context& ctx, const JobArgs& args) {
  JobSetup s;
  if (!Setup(ctx, args, /*create=*/false, s)) return;
  ScreenOptions opt;
  opt.reference_date = s.at;
  opt.lead_agency_id = args.lead.empty() ? s.actor.agency_id : args.lead;
  std::unique_ptr<Progress> progress;
  auto stats = ScreenRoster(*s.book, ScreeningRuleSet::Default(), s.actor, opt,
                            MakeProgress(ctx, progress, "screen", "children"));
  if (progress) progress->Finish(stats.ok() ? stats->children : 0);
  if (stats.ok()) Seal(ctx, *s.book, args.json);
  if (!stats.ok()) {
    ctx.exit_code = ReportError(ctx, stats.status(), args.json);
    return;
  }
  nlohmann::json j{{"children_screened", stats->children},
                   {"flagged", stats->flagged},
                   {"cases_opened", stats->cases_opened},
                   {"already_open", stats->already_open},
                   {"by_rule", stats->by_rule},
                   {"rules_version", ScreeningRuleSet::Default().version()}};
  if (args.json) {
    PrintJson(ctx, j);
    return;
  }
  ctx.out << "screened " << Thousands(stats->children) << " children with rules "
          << ScreeningRuleSet::Default().version() << ": " << Thousands(stats->flagged)
          << " flagged, " << Thousands(stats->cases_opened) << " cases opened ("
          << Thousands(stats->already_open) << " already had an open case)\n";
  for (const auto& [rule, n] : stats->by_rule) {
    ctx.out << "  " << rule << std::string(rule.size() < 32 ? 32 - rule.size() : 1, ' ')
            << Thousands(n) << "\n";
  }
}

void RunRoute(Context& ctx, const JobArgs& args) {
  JobSetup s;
  if (!Setup(ctx, args, /*create=*/false, s)) return;
  std::unique_ptr<Progress> progress;
  auto stats = RouteOpenCases(*s.book, s.actor, 200, MakeProgress(ctx, progress, "route", "cases"));
  if (progress) progress->Finish(stats.ok() ? stats->cases : 0);
  if (stats.ok()) Seal(ctx, *s.book, args.json);
  if (!stats.ok()) {
    ctx.exit_code = ReportError(ctx, stats.status(), args.json);
    return;
  }
  nlohmann::json j{{"cases", stats->cases},
                   {"routed", stats->routed},
                   {"already_routed", stats->skipped},
                   {"refused", stats->failed},
                   {"referrals_created", stats->referrals},
                   {"referrals_by_agency", stats->by_agency}};
  if (args.json) {
    PrintJson(ctx, j);
    return;
  }
  ctx.out << "routed " << Thousands(stats->routed) << " of " << Thousands(stats->cases)
          << " open cases (" << Thousands(stats->skipped) << " already routed, "
          << Thousands(stats->failed) << " refused): " << Thousands(stats->referrals)
          << " referrals created\n";
  std::vector<std::pair<std::string, std::uint64_t>> top(stats->by_agency.begin(),
                                                         stats->by_agency.end());
  std::sort(top.begin(), top.end(),
            [](const auto& a, const auto& b) { return a.second > b.second; });
  for (std::size_t i = 0; i < top.size() && i < 12; ++i) {
    ctx.out << "  " << top[i].first
            << std::string(top[i].first.size() < 40 ? 40 - top[i].first.size() : 1, ' ')
            << Thousands(top[i].second) << "\n";
  }
  ctx.out << "referrals whose child has no recorded consent to referral sharing stay drafts "
             "until a parent or guardian consents (UU 27/2022 art 25)\n";
}

void RunReferrals(Context& ctx, const JobArgs& args) {
  JobSetup s;
  if (!Setup(ctx, args, /*create=*/false, s)) return;
  ReferralQuery q;
  q.page_size = 1000;
  if (!args.status.empty()) {
    auto st = ParseReferralStatus(args.status);
    if (!st) {
      ReportError(ctx,
                  InvalidArgument("referral.status", "--status",
                                  "use a FHIR Task status: draft, requested, accepted, rejected, "
                                  "in-progress, on-hold, completed, failed, cancelled, "
                                  "entered-in-error"),
                  args.json);
      ctx.exit_code = kExitUsage;
      return;
    }
    q.status = *st;
  } else {
    q.open_only = false;
  }
  nlohmann::json items = nlohmann::json::array();
  std::uint64_t n = 0;
  for (;;) {
    auto page = args.outbox ? s.book->Outbox(args.agency, q, s.actor)
                            : s.book->Inbox(args.agency, q, s.actor);
    if (!page.ok()) {
      ctx.exit_code = ReportError(ctx, page.status(), args.json);
      return;
    }
    for (const Referral& r : page->items) {
      ++n;
      if (args.json) {
        items.push_back(ToJson(r));
      } else {
        ctx.out << r.id << "  case " << r.case_id << "  "
                << (args.outbox ? "to " + r.to_agency : "from " + r.from_agency) << "  "
                << Name(r.role) << "  " << Name(r.status);
        if (r.response_due_at) ctx.out << "  due " << FormatInstant(*r.response_due_at);
        if (!r.status_reason.empty()) ctx.out << "  (" << r.status_reason << ")";
        ctx.out << "\n";
      }
    }
    if (page->next_cursor.empty()) break;
    q.cursor = page->next_cursor;
  }
  if (args.json) {
    PrintJson(
        ctx,
        {{"agency", args.agency}, {"box", args.outbox ? "outbox" : "inbox"}, {"referrals", items}});
  } else {
    ctx.out << n << " referral(s) in the " << (args.outbox ? "outbox" : "inbox") << " of "
            << args.agency << "\n";
  }
}

void RunReport(Context& ctx, const JobArgs& args) {
  JobSetup s;
  if (!Setup(ctx, args, /*create=*/false, s)) return;
  auto province = RegionCode::Parse(args.province, "--province");
  if (!province.ok() || province->level() != RegionLevel::kProvince ||
      !RegionTable::Official().Contains(*province)) {
    ReportError(ctx,
                InvalidArgument("report.province", "--province",
                                "a province code of the official table, e.g. 15 (Jambi)"),
                args.json);
    ctx.exit_code = kExitUsage;
    return;
  }
  auto report = s.book->ProvinceReportFor(*province, ctx.clock.Now(), 12, s.actor);
  if (!report.ok()) {
    ctx.exit_code = ReportError(ctx, report.status(), args.json);
    return;
  }
  if (!args.html.empty()) {
    std::ofstream out(args.html, std::ios::binary | std::ios::trunc);
    out << ReportToHtml(*report);
    out.close();
    if (!out) {
      ctx.exit_code = ReportError(
          ctx, IoError("report.html", "cannot write the HTML report " + args.html), args.json);
      return;
    }
  }
  if (args.json) {
    PrintJson(ctx, ReportToJson(*report));
  } else {
    ctx.out << ReportToText(*report);
    if (!args.html.empty()) ctx.out << "\nHTML report written to " << args.html << "\n";
  }
}

// `reads`: the command shows records to the principal (referrals, report):
// --actor is then required, as for every CLI read (docs/access-control.md).
void AddCommon(CLI::App* cmd, JobArgs& a, bool with_at, bool reads = false) {
  cmd->add_option("DB", a.db, "Database file")->required();
  if (reads) {
    a.actor.clear();
    cmd->add_option("--actor", a.actor,
                    "Who reads: PERSON@AGENCY[:ROLE] (role defaults to data_officer); the "
                    "core shows what this principal may see")
        ->required();
  } else {
    cmd->add_option("--actor", a.actor,
                    "Who acts: PERSON@AGENCY[:ROLE] (default " + std::string(kDefaultActor) + ")");
  }
  if (with_at) cmd->add_option("--at", a.at, "Reference date YYYY-MM-DD (default: today, WIB)");
  cmd->add_flag("--json", a.json, "Print JSON");
}

}  // namespace

void RegisterJobCommands(CLI::App& app, Context& ctx) {
  auto imp = std::make_shared<JobArgs>();
  CLI::App* cmd = app.add_subcommand(
      "import",
      "Import a PKH/DTKS-style roster CSV (docs/roster-format.md): bad rows go to a "
      "reject file with line, field and rule; re-running is idempotent");
  AddCommon(cmd, *imp, true);
  cmd->add_option("FILE", imp->file, "Roster CSV")->required();
  cmd->add_option("--rejects", imp->rejects, "Reject file (default FILE.rejects.csv)");
  cmd->add_option("--batch", imp->batch, "Rows per transaction (default 1000)")
      ->check(CLI::Range(1, 100000));
  cmd->callback([&ctx, imp] { RunImport(ctx, *imp); });

  auto scr = std::make_shared<JobArgs>();
  cmd = app.add_subcommand("screen",
                           "Screen the imported children with the screening rules and open cases "
                           "(source pkh_screening)");
  AddCommon(cmd, *scr, true);
  cmd->add_option("--lead", scr->lead,
                  "Agency that leads opened cases until routing (default: the actor's agency)");
  cmd->callback([&ctx, scr] { RunScreen(ctx, *scr); });

  auto rte = std::make_shared<JobArgs>();
  cmd = app.add_subcommand("route", "Route the open cases and create their referrals");
  AddCommon(cmd, *rte, false);
  cmd->callback([&ctx, rte] { RunRoute(ctx, *rte); });

  auto ref = std::make_shared<JobArgs>();
  cmd = app.add_subcommand("referrals", "List an agency's referral inbox (or outbox)");
  AddCommon(cmd, *ref, false, /*reads=*/true);
  cmd->add_option("AGENCY", ref->agency, "Agency id, e.g. sentra.alyatama")->required();
  cmd->add_flag("--outbox", ref->outbox, "Referrals the agency sent instead of received");
  cmd->add_option("--status", ref->status, "Only this FHIR Task status");
  cmd->callback([&ctx, ref] { RunReferrals(ctx, *ref); });

  auto rep = std::make_shared<JobArgs>();
  cmd = app.add_subcommand(
      "report",
      "Provincial report: trend, caseload by regency x stage x category, referrals, "
      "overdue items");
  AddCommon(cmd, *rep, false, /*reads=*/true);
  cmd->add_option("--province", rep->province, "Province code (default 15, Jambi)");
  cmd->add_option("--html", rep->html, "Also write a self-contained HTML report to this file");
  cmd->callback([&ctx, rep] { RunReport(ctx, *rep); });
}

}  // namespace atensi::cli
