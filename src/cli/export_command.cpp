// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// `atensi export`: cases or referrals as CSV or JSON; referrals also as FHIR
// Task resources.
//
// Exports redact by default. Children's data is specific personal data
// (UU 27/2022 art 4) and the identity of a child in conflict with the law or
// a victim must not be disclosed (UU 35/2014 art 64), so a default export
// carries no name, NIK, birth date, child id or village: the child appears as
// sex and age in whole years, the domicile as the regency/city. `--unredacted`
// adds them, prints a warning, and is meant for transfers between competent
// offices, not for analysis.
//
// Each export form serves one purpose, checked per case against the case's
// consents (privacy/export_consent.h; UU 27/2022 arts 20, 22, 25):
//   - redacted (default): the agency's reporting duty; no consent needed;
//   - pseudonymised (`--pseudonymise KEYFILE`): analysis; only cases whose
//     consent covers "statistics" are exported, child and case ids replaced
//     by keyed hashes (privacy/pseudonym.h), stable under the same key;
//   - unredacted: disclosure to another office; the identity columns of a
//     case are withheld (column `withheld` names the rule) unless a consent
//     covers referral_sharing or a legal basis stands in.
// Cases of a child whose processing is restricted are never exported.
//
// Authorization is the core's (docs/access-control.md): the export runs as
// the principal named by `--actor` (a data officer or an integrating system,
// Operation kExport); it lists only the cases the principal's agency leads or
// holds by area, reads each through Casebook::ReadForExport (redacted for the
// principal: need-to-know details stay hidden even unredacted) and every case
// exported is recorded in the access log with `--purpose`.

#include <fstream>

#include "atensi/casebook.h"
#include "atensi/privacy/export_consent.h"
#include "atensi/privacy/pseudonym.h"
#include "atensi/routing/routing_json.h"
#include "cli/cli.h"
#include "cli/db_path.h"

namespace atensi::cli {

Result<std::unique_ptr<Casebook>> OpenDatabase(Context& ctx, const std::string& path, bool create);
Result<Actor> ParseActor(const std::string& spec);  // db_commands.cpp

namespace {

constexpr int kWibMinutes = 7 * 60;

struct ExportArgs {
  std::string db;
  std::string what = "cases";
  std::string format = "json";
  std::string output;
  bool unredacted = false;
  std::string pseudonym_key_file;
  std::string actor;               // the principal (required)
  std::string purpose = "report";  // AccessPurpose recorded in the access log
};

std::string Csv(std::string_view s) {
  if (s.find_first_of(",\"\n\r") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string Categories(const Case& c) {
  std::string out;
  for (AmpkCategory a : AllAmpkCategories()) {
    if (c.categories.Has(a)) out += (out.empty() ? "" : ";") + std::string(Name(a));
  }
  for (ChildPpksType p : c.ppks_types) out += (out.empty() ? "" : ";") + std::string(Name(p));
  return out;
}

nlohmann::json CaseRow(const Case& c, const Child& child, Date today, bool unredacted,
                       const PseudonymKey* pseudonyms) {
  nlohmann::json j{{"case_id", pseudonyms ? pseudonyms->Pseudonymise(c.id) : c.id},
                   {"stage", std::string(Name(c.stage))},
                   {"risk", std::string(Name(c.risk))},
                   {"source", std::string(Name(c.source))},
                   {"categories", Categories(c)},
                   {"lead_agency", c.lead_agency_id},
                   {"opened_at", FormatInstant(c.opened_at)},
                   {"sex", std::string(Name(child.sex))},
                   {"age", AgeInYears(child.birth_date, today)}};
  std::string regency;
  if (auto code = RegionCode::Parse(child.domicile_region);
      code.ok() && code->level() >= RegionLevel::kRegency) {
    regency = code->AncestorAt(RegionLevel::kRegency).dotted();
  }
  j["regency"] = regency;
  if (pseudonyms) j["child"] = pseudonyms->Pseudonymise(child.id);
  if (unredacted) {
    j["child_id"] = child.id;
    j["name"] = child.name;
    j["nik"] = child.nik ? nlohmann::json(*child.nik) : nlohmann::json(nullptr);
    j["birth_date"] = FormatIsoDate(child.birth_date);
    j["domicile"] = child.domicile_region;
  }
  return j;
}

// A FHIR R4 Task for a referral, as profiled for closed-loop referrals
// (peers.md §3.5). The case is the focus; the child is never named.
nlohmann::json FhirTask(const Referral& r) {
  nlohmann::json t{{"resourceType", "Task"},
                   {"id", r.id},
                   {"status", std::string(Name(r.status))},
                   {"intent", "order"},
                   {"code", {{"text", "referral"}}},
                   {"focus", {{"reference", "EpisodeOfCare/" + r.case_id}}},
                   {"authoredOn", FormatInstant(r.created_at)},
                   {"requester", {{"reference", "Organization/" + r.from_agency}}},
                   {"owner", {{"reference", "Organization/" + r.to_agency}}},
                   {"performerType", {{{"text", std::string(Name(r.role))}}}},
                   {"reasonCode", {{"text", r.reason}}}};
  Instant last = r.created_at;
  for (const auto& h : r.history) last = std::max(last, h.at);
  t["lastModified"] = FormatInstant(last);
  if (!r.status_reason.empty()) t["statusReason"] = {{"text", r.status_reason}};
  if (r.response_due_at) {
    t["restriction"] = {{"period", {{"end", FormatInstant(*r.response_due_at)}}}};
  }
  nlohmann::json shared = nlohmann::json::array();
  for (const auto& f : r.shared_fields) shared.push_back(f);
  t["input"] = {{{"type", {{"text", "shared_fields"}}}, {"valueString", shared.dump()}}};
  if (!r.outcome.empty()) {
    t["output"] = {{{"type", {{"text", "outcome"}}}, {"valueString", r.outcome}}};
  }
  return t;
}

void Run(Context& ctx, const ExportArgs& args) {
  auto book_or = OpenDatabase(ctx, args.db, /*create=*/false);
  if (!book_or.ok()) {
    ctx.exit_code = ReportError(ctx, book_or.status(), false);
    return;
  }
  Casebook& book = **book_or;
  auto actor = ParseActor(args.actor);
  if (!actor.ok()) {
    ctx.exit_code = ReportError(ctx, actor.status(), false);
    return;
  }
  auto read_purpose = ParseAccessPurpose(args.purpose);
  if (!read_purpose) {
    ctx.exit_code = ReportError(
        ctx, InvalidArgument("access.purpose", "--purpose", "unknown access purpose"), false);
    return;
  }
  if (args.format == "fhir" && args.what != "referrals") {
    ReportError(ctx,
                InvalidArgument("export.format", "--format",
                                "FHIR Task export is for referrals (--what referrals)"),
                false);
    ctx.exit_code = kExitUsage;
    return;
  }
  std::optional<PseudonymKey> pseudonyms;
  if (!args.pseudonym_key_file.empty()) {
    std::ifstream kf(args.pseudonym_key_file, std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(kf)), std::istreambuf_iterator<char>());
    auto key = kf || kf.eof() ? PseudonymKey::FromText(text)
                              : Result<PseudonymKey>(IoError("export.key", "cannot read the key"));
    std::fill(text.begin(), text.end(), '\0');
    if (!key.ok() || args.unredacted || args.what != "cases") {
      ReportError(ctx,
                  key.ok() ? InvalidArgument("export.pseudonymise", "--pseudonymise",
                                             "a pseudonymised export is of cases, never unredacted")
                           : key.status(),
                  false);
      ctx.exit_code = kExitUsage;
      return;
    }
    pseudonyms.emplace(std::move(key).value());
  }
  const ExportPurpose purpose = pseudonyms        ? ExportPurpose::kAnalysis
                                : args.unredacted ? ExportPurpose::kDisclosure
                                                  : ExportPurpose::kReporting;
  std::int64_t restricted = 0;
  std::int64_t not_covered = 0;
  if (args.unredacted) {
    ctx.err << "warning: unredacted export contains specific personal data of children "
               "(UU 27/2022 art 4); handle it under your office's data-protection duties\n";
  }
  std::ofstream file;
  std::ostream* out = &ctx.out;
  if (!args.output.empty() && args.output != "-") {
    file.open(args.output, std::ios::binary | std::ios::trunc);
    if (!file) {
      ctx.exit_code =
          ReportError(ctx, IoError("export.open", "cannot create " + args.output), false);
      return;
    }
    out = &file;
  }
  const Date today = DateAt(ctx.clock.Now(), kWibMinutes);
  nlohmann::json rows = nlohmann::json::array();
  CaseloadQuery q;
  q.page_size = 500;
  for (;;) {
    auto page = book.ExportListing(q, *actor);
    if (!page.ok()) {
      ctx.exit_code = ReportError(ctx, page.status(), false);
      return;
    }
    for (const CaseSummary& s : page->items) {
      auto record = book.ReadForExport(s.case_id, *actor, *read_purpose);
      if (!record.ok() && record.status().reason() == "privacy.restricted") {
        ++restricted;
        continue;
      }
      if (!record.ok()) {
        ctx.exit_code = ReportError(ctx, record.status(), false);
        return;
      }
      const Case& c = record->case_view.value;
      if (args.what == "cases") {
        Status consent = CheckExportConsent(c, purpose, ctx.clock.Now(), kWibMinutes);
        if (!consent.ok()) ++not_covered;
        if (!consent.ok() && purpose == ExportPurpose::kAnalysis) continue;
        nlohmann::json row =
            CaseRow(c, record->child_view.value, today, args.unredacted && consent.ok(),
                    pseudonyms ? &*pseudonyms : nullptr);
        if (args.unredacted) {
          row["withheld"] = consent.ok() ? "" : consent.reason();
        }
        rows.push_back(std::move(row));
      } else {
        for (const Referral& r : record->referrals) {
          rows.push_back(args.format == "fhir" ? FhirTask(r) : ToJson(r));
        }
      }
    }
    if (page->next_cursor.empty()) break;
    q.cursor = page->next_cursor;
  }

  if (args.format == "fhir") {
    nlohmann::json bundle{{"resourceType", "Bundle"}, {"type", "collection"}};
    nlohmann::json entries = nlohmann::json::array();
    for (auto& t : rows) entries.push_back({{"resource", std::move(t)}});
    bundle["entry"] = std::move(entries);
    *out << bundle.dump(2) << "\n";
  } else if (args.format == "json") {
    *out << rows.dump(2) << "\n";
  } else {  // csv
    std::vector<std::string> cols;
    if (args.what == "cases") {
      cols = {"case_id",     "stage",     "risk", "source", "categories",
              "lead_agency", "opened_at", "sex",  "age",    "regency"};
      if (pseudonyms) cols.push_back("child");
      if (args.unredacted) {
        for (const char* c : {"child_id", "name", "nik", "birth_date", "domicile", "withheld"}) {
          cols.push_back(c);
        }
      }
    } else {
      cols = {"id",           "case_id",         "from_agency",   "to_agency",
              "role",         "status",          "status_reason", "rule_id",
              "requested_at", "response_due_at", "responded_at",  "outcome"};
    }
    for (std::size_t i = 0; i < cols.size(); ++i) *out << (i ? "," : "") << cols[i];
    *out << "\n";
    for (const auto& row : rows) {
      for (std::size_t i = 0; i < cols.size(); ++i) {
        const auto it = row.find(cols[i]);
        std::string v;
        if (it != row.end() && !it->is_null())
          v = it->is_string() ? it->get<std::string>() : it->dump();
        *out << (i ? "," : "") << Csv(v);
      }
      *out << "\n";
    }
  }
  if (restricted > 0) {
    ctx.err << restricted << " case(s) left out: processing restricted at the data subject's "
            << "request\n";
  }
  if (not_covered > 0) {
    ctx.err << not_covered
            << (purpose == ExportPurpose::kAnalysis
                    ? " case(s) left out: no consent covers the statistics purpose "
                    : " case(s) with identity withheld: no consent or legal basis covers "
                      "disclosure ")
            << "(export.consent_purpose, UU 27/2022 arts 22, 25)\n";
  }
  if (file.is_open()) {
    file.close();
    if (!file) ctx.exit_code = ReportError(ctx, IoError("export.write", "write failed"), false);
  }
}

}  // namespace

void RegisterExportCommand(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<ExportArgs>();
  CLI::App* cmd = app.add_subcommand(
      "export",
      "Export cases or referrals (CSV, JSON; referrals also as FHIR Task). Redacted "
      "by default: no names, NIKs, birth dates, child ids or villages");
  cmd->add_option("DB", args->db, "Database file")->required()->check(ExistingDatabase());
  cmd->add_option("--what", args->what, "cases (default) or referrals")
      ->check(CLI::IsMember({"cases", "referrals"}));
  cmd->add_option("--format", args->format, "json (default), csv or fhir (referrals)")
      ->check(CLI::IsMember({"json", "csv", "fhir"}));
  cmd->add_option("-o,--output", args->output, "Output file (default: standard output)");
  cmd->add_flag("--unredacted", args->unredacted,
                "Include names, NIKs, birth dates and villages (specific personal data) of the "
                "cases whose consent covers disclosure");
  cmd->add_option("--pseudonymise", args->pseudonym_key_file,
                  "Pseudonymised export for analysis: child and case ids replaced by a keyed hash "
                  "(key: 64 hex digits in this file); only cases consenting to statistics")
      ->check(CLI::ExistingFile);
  cmd->add_option("--actor", args->actor,
                  "Who exports, PERSON@AGENCY[:ROLE] (role defaults to data_officer; a data "
                  "officer or integrator): only the cases this principal reaches, each "
                  "access-logged")
      ->required();
  cmd->add_option("--purpose", args->purpose, "Why, recorded in the access log (default report)");
  cmd->callback([&ctx, args] { Run(ctx, *args); });
}

}  // namespace atensi::cli
