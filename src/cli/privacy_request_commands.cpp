// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Subject-access requests, the art 33 decision, corrections and the privacy
// state from the atensi CLI (UU 27/2022 arts 32-33; docs/privacy.md):
//   `access-request DB CHILD_ID [--guardian ID]`     record a request, due in 3x24 h (art 32)
//   `access-answer DB CHILD_ID REQUEST_ID [-o FILE]`  refuse (art 33) or give the redacted report
//   `access-refuse DB CHILD_ID REQUEST_ID --reason-code uu27.art33.* --explanation TEXT`
//   `access-pending DB [--overdue]`                  pending / overdue requests in reach
//   `disclosure-risk DB CHILD_ID --reason TEXT [--endangers-subject]
//        [--refuse-guardian ID]... [--withhold-narratives]`  the art 33 decision
//   `correction-request DB CHILD_ID --request TEXT`  record a correction request
//   `correct-child DB CHILD_FILE --correction ID`    apply the corrected record
//   `privacy-state DB CHILD_ID`                      restriction, hold, requests, decision
// Every command names its principal with --actor (issue 9).

#include <fstream>
#include <sstream>

#include "atensi/casebook.h"
#include "atensi/lifecycle/lifecycle_json.h"
#include "cli/cli.h"
#include "cli/db_path.h"

namespace atensi::cli {

Result<std::unique_ptr<Casebook>> OpenDatabase(Context& ctx, const std::string& path, bool create);
Result<Actor> ParseActor(const std::string& spec);

namespace {

struct RequestArgs {
  std::string db;
  std::string child_id;
  std::string request_id;
  std::string actor;
  std::string text;
  std::string code;
  std::string guardian;
  std::string file;
  std::string output;
  std::vector<std::string> guardians;
  bool flag_a = false;
  bool flag_b = false;
};

// Runs `body(book, actor)` (returns the JSON to print, or an error).
template <typename F>
void Run(Context& ctx, const RequestArgs& args, F&& body) {
  auto actor = ParseActor(args.actor);
  if (!actor.ok()) {
    ctx.exit_code = ReportError(ctx, actor.status(), true);
    return;
  }
  auto book = OpenDatabase(ctx, args.db, /*create=*/false);
  if (!book.ok()) {
    ctx.exit_code = ReportError(ctx, book.status(), true);
    return;
  }
  Result<nlohmann::json> out = body(**book, *actor);
  if (!out.ok()) {
    ctx.exit_code = ReportError(ctx, out.status(), true);
    return;
  }
  if (args.output.empty() || args.output == "-") {
    ctx.out << out->dump(2) << "\n";
    return;
  }
  std::ofstream f(args.output, std::ios::binary | std::ios::trunc);
  f << out->dump(2) << "\n";
  f.close();
  if (!f) ctx.exit_code = ReportError(ctx, IoError("export.write", "write failed"), true);
}

CLI::App* Command(CLI::App& app, const char* name, const char* help, RequestArgs& a) {
  CLI::App* cmd = app.add_subcommand(name, help);
  cmd->add_option("DB", a.db, "Database file")->required()->check(ExistingDatabase());
  cmd->add_option("--actor", a.actor, "Who acts: PERSON@AGENCY:ROLE")->required();
  return cmd;
}

nlohmann::json StateJson(const PrivacyState& s) {
  nlohmann::json requests = nlohmann::json::array();
  for (const SubjectAccessRequest& r : s.access_requests) requests.push_back(ToJson(r));
  return {{"restricted", s.restricted},
          {"legal_hold", s.legal_hold},
          {"purged", s.purged},
          {"open_corrections", s.open_corrections},
          {"disclosure_risk", ToJson(s.disclosure_risk)},
          {"access_requests", std::move(requests)}};
}

}  // namespace

void RegisterPrivacyRequestCommands(CLI::App& app, Context& ctx) {
  {
    auto a = std::make_shared<RequestArgs>();
    CLI::App* cmd =
        Command(app, "access-request",
                "Record a subject-access request, due within 3x24 h (UU 27/2022 art 32)", *a);
    cmd->add_option("CHILD_ID", a->child_id, "The child's atensi id")->required();
    cmd->add_option("--guardian", a->guardian, "The requesting guardian's id (default: the child)");
    cmd->callback([&ctx, a] {
      Run(ctx, *a, [&](Casebook& book, const Actor& actor) -> Result<nlohmann::json> {
        const AccessRequester who =
            a->guardian.empty() ? AccessRequester::kSubject : AccessRequester::kGuardian;
        ATENSI_ASSIGN_OR_RETURN(SubjectAccessRequest r,
                                book.RequestSubjectAccess(a->child_id, who, a->guardian, actor));
        return ToJson(r);
      });
    });
  }
  {
    auto a = std::make_shared<RequestArgs>();
    CLI::App* cmd = Command(
        app, "access-answer",
        "Answer a pending subject-access request: refused when disclosure endangers (UU 27/2022 "
        "art 33), else the report with other persons' data redacted",
        *a);
    cmd->add_option("CHILD_ID", a->child_id, "The child's atensi id")->required();
    cmd->add_option("REQUEST_ID", a->request_id, "The request")->required();
    cmd->add_option("-o,--output", a->output, "Output file (default: standard output)");
    cmd->callback([&ctx, a] {
      Run(ctx, *a, [&](Casebook& book, const Actor& actor) -> Result<nlohmann::json> {
        ATENSI_ASSIGN_OR_RETURN(SubjectAccessAnswer r,
                                book.AnswerSubjectAccess(a->child_id, a->request_id, actor));
        return nlohmann::json{{"request", ToJson(r.request)}, {"report", std::move(r.report)}};
      });
    });
  }
  {
    auto a = std::make_shared<RequestArgs>();
    CLI::App* cmd =
        Command(app, "access-refuse",
                "Refuse a pending subject-access request on a UU 27/2022 art 33 ground", *a);
    cmd->add_option("CHILD_ID", a->child_id, "The child's atensi id")->required();
    cmd->add_option("REQUEST_ID", a->request_id, "The request")->required();
    cmd->add_option("--reason-code", a->code,
                    "uu27.art33.endangers_subject | uu27.art33.requester_endangers | "
                    "uu27.art33.endangers_others")
        ->required();
    cmd->add_option("--explanation", a->text, "Why (kept in the audit chain)")->required();
    cmd->callback([&ctx, a] {
      Run(ctx, *a, [&](Casebook& book, const Actor& actor) -> Result<nlohmann::json> {
        ATENSI_ASSIGN_OR_RETURN(
            SubjectAccessRequest r,
            book.RefuseSubjectAccess(a->child_id, a->request_id, a->code, a->text, actor));
        return ToJson(r);
      });
    });
  }
  {
    auto a = std::make_shared<RequestArgs>();
    CLI::App* cmd = Command(app, "access-pending",
                            "Pending subject-access requests in reach, oldest due first", *a);
    cmd->add_flag("--overdue", a->flag_a, "Only those past their 3x24 h (UU 27/2022 art 32)");
    cmd->callback([&ctx, a] {
      Run(ctx, *a, [&](Casebook& book, const Actor& actor) -> Result<nlohmann::json> {
        ATENSI_ASSIGN_OR_RETURN(std::vector<SubjectAccessRequest> list,
                                book.PendingSubjectAccess(actor, a->flag_a));
        nlohmann::json out = nlohmann::json::array();
        for (const SubjectAccessRequest& r : list) out.push_back(ToJson(r));
        return out;
      });
    });
  }
  {
    auto a = std::make_shared<RequestArgs>();
    CLI::App* cmd =
        Command(app, "disclosure-risk",
                "Record the UU 27/2022 art 33 decision that disclosing a child's data endangers "
                "(no flag: clear it)",
                *a);
    cmd->add_option("CHILD_ID", a->child_id, "The child's atensi id")->required();
    cmd->add_option("--reason", a->text, "The assessment it rests on")->required();
    cmd->add_flag("--endangers-subject", a->flag_a, "Refuse every subject-access request");
    cmd->add_option("--refuse-guardian", a->guardians,
                    "Refuse this guardian's requests (e.g. the alleged perpetrator); repeatable");
    cmd->add_flag("--withhold-narratives", a->flag_b,
                  "Withhold free text naming third parties from a report given");
    cmd->callback([&ctx, a] {
      Run(ctx, *a, [&](Casebook& book, const Actor& actor) -> Result<nlohmann::json> {
        DisclosureRisk risk;
        risk.endangers_subject = a->flag_a;
        risk.refused_guardian_ids = a->guardians;
        risk.withhold_narratives = a->flag_b;
        ATENSI_RETURN_IF_ERROR(book.SetDisclosureRisk(a->child_id, risk, a->text, actor));
        return ToJson(risk);
      });
    });
  }
  {
    auto a = std::make_shared<RequestArgs>();
    CLI::App* cmd = Command(app, "correction-request",
                            "Record the data subject's correction request (UU 27/2022)", *a);
    cmd->add_option("CHILD_ID", a->child_id, "The child's atensi id")->required();
    cmd->add_option("--request", a->text, "What is to be corrected")->required();
    cmd->callback([&ctx, a] {
      Run(ctx, *a, [&](Casebook& book, const Actor& actor) -> Result<nlohmann::json> {
        ATENSI_ASSIGN_OR_RETURN(std::string id,
                                book.RequestCorrection(a->child_id, a->text, actor));
        return nlohmann::json{{"correction_id", id}};
      });
    });
  }
  {
    auto a = std::make_shared<RequestArgs>();
    CLI::App* cmd = Command(app, "correct-child",
                            "Apply a corrected child record (JSON file) and close the request", *a);
    cmd->add_option("CHILD_FILE", a->file, "The corrected child as JSON")
        ->required()
        ->check(CLI::ExistingFile);
    cmd->add_option("--correction", a->request_id, "The correction request id")->required();
    cmd->callback([&ctx, a] {
      Run(ctx, *a, [&](Casebook& book, const Actor& actor) -> Result<nlohmann::json> {
        std::ifstream f(a->file);
        std::stringstream text;
        text << f.rdbuf();
        nlohmann::json j = nlohmann::json::parse(text.str(), nullptr, false);
        if (j.is_discarded()) {
          return InvalidArgument("cli.json", "CHILD_FILE", "the child file is not valid JSON");
        }
        ATENSI_ASSIGN_OR_RETURN(Child child, ChildFromJson(j));
        ATENSI_ASSIGN_OR_RETURN(Child done,
                                book.CorrectChild(std::move(child), a->request_id, actor));
        return ToJson(done);
      });
    });
  }
  {
    auto a = std::make_shared<RequestArgs>();
    CLI::App* cmd = Command(app, "privacy-state",
                            "A child's restriction, legal hold, corrections, art 33 decision and "
                            "subject-access requests",
                            *a);
    cmd->add_option("CHILD_ID", a->child_id, "The child's atensi id")->required();
    cmd->callback([&ctx, a] {
      Run(ctx, *a, [&](Casebook& book, const Actor& actor) -> Result<nlohmann::json> {
        ATENSI_ASSIGN_OR_RETURN(PrivacyState s, book.PrivacyStateOf(a->child_id, actor));
        return StateJson(s);
      });
    });
  }
}

}  // namespace atensi::cli
