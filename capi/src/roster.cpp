// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// The main job through the C ABI: import a PKH/DTKS roster file, screen it,
// route the cases it opened. Each entry point is one native call that runs
// the same library function the CLI runs (pipeline/roster_pipeline.h), so a
// job driven from Python or any other binding does the same work at the same
// speed: the only boundary cost is reading the options and writing the
// report, once per job.

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <system_error>
#include <utility>

#include "atensi.h"
#include "atensi/pipeline/roster_pipeline.h"
#include "atensi/screening/screening_rules.h"
#include "capi_json.h"
#include "db_impl.h"
#include "handle.h"
#include "json_input.h"

using atensi::capi::ActorCall;
using atensi::capi::DbImpl;
using atensi::capi::EmitJson;
using atensi::capi::Fail;
using atensi::capi::Guard;
using atensi::capi::Handle;
using atensi::capi::LiveDb;
using atensi::capi::Misuse;
using nlohmann::json;

namespace {

// The reference date of a job whose options name none: today in Indonesian
// Western Time (UTC+7), as the CLI does.
constexpr int kWibMinutes = 7 * 60;

const atensi::Clock& ClockOf(const DbImpl& d) {
  if (d.manual_clock != nullptr) return *d.manual_clock;
  return d.system_clock;
}

// Options shared by the three jobs, read from `options_json` (NULL = all
// defaults). Returns ATENSI_OK or the failure already recorded on `d`.
struct JobOptions {
  atensi::Date reference_date;
  std::int64_t batch = 0;
  bool checkpoint = true;
  std::string rejects_path;
  std::string lead_agency_id;
};

int ReadOptions(DbImpl* d, const char* options_json, std::int64_t default_batch, JobOptions* out) {
  out->reference_date = atensi::DateAt(ClockOf(*d).Now(), kWibMinutes);
  out->batch = default_batch;
  if (options_json == nullptr) return ATENSI_OK;
  auto j = atensi::capi::ParseJson(options_json, "options_json");
  if (!j.ok()) return Fail(d, j.status());
  if (!j->is_object()) {
    return Fail(d, ATENSI_INVALID_ARGUMENT, "capi.json", "options_json",
                "options_json must be a JSON object.");
  }
  atensi::capi::JsonReader r(*j, "options");
  if (std::optional<atensi::Date> at = r.OptDate("reference_date")) out->reference_date = *at;
  out->batch = r.Int("batch", default_batch);
  out->checkpoint = r.Bool("checkpoint", true);
  out->rejects_path = r.Str("rejects_path");
  out->lead_agency_id = r.Str("lead_agency_id");
  if (!r.ok()) return Fail(d, r.status());
  if (out->batch < 1 || out->batch > 100000) {
    return Fail(d, ATENSI_INVALID_ARGUMENT, "capi.options", "options.batch",
                "batch must be between 1 and 100000.");
  }
  return ATENSI_OK;
}

// Seals the chains the job wrote into a checkpoint, as the CLI does after a
// job. The job itself is committed: a failed seal is reported in the report
// ("checkpoint": false), not as the job's failure.
bool Seal(DbImpl* d, const JobOptions& o) {
  if (!o.checkpoint) return false;
  return d->book->Checkpoint().ok();
}

}  // namespace

int atensi_roster_import(char** out_json, atensi_db* db, const char* roster_path,
                         const char* options_json, const atensi_actor* actor) {
  const char* const fn = __func__;
  return ActorCall(fn, db, out_json, actor, [&](DbImpl* d, const atensi::Actor& a) -> int {
    if (roster_path == nullptr) return Misuse(d, fn, "roster_path", "is NULL");
    JobOptions o;
    if (int rc = ReadOptions(d, options_json, 1000, &o); rc != ATENSI_OK) return rc;
    std::ifstream in(roster_path, std::ios::binary);
    if (!in) {
      return Fail(d, ATENSI_NOT_FOUND, "import.open", "roster_path",
                  "The roster file cannot be opened.");
    }
    std::ofstream rejects;
    if (!o.rejects_path.empty()) {
      rejects.open(o.rejects_path, std::ios::binary | std::ios::trunc);
      if (!rejects) {
        return Fail(d, ATENSI_IO, "import.rejects", "options.rejects_path",
                    "The reject file cannot be created.");
      }
    }
    std::error_code ec;
    const auto size = std::filesystem::file_size(roster_path, ec);
    atensi::ImportOptions io;
    io.reference_date = o.reference_date;
    io.batch_rows = static_cast<std::size_t>(o.batch);
    io.total_bytes = ec ? 0 : size;
    auto stats =
        atensi::ImportRoster(in, *d->book, a, io, o.rejects_path.empty() ? nullptr : &rejects);
    if (!stats.ok()) return Fail(d, stats.status());
    const bool sealed = Seal(d, o);
    return EmitJson(out_json, json{{"rows", stats->rows},
                                   {"rejected", stats->rejected},
                                   {"adults_skipped", stats->adults},
                                   {"children_new", stats->children_new},
                                   {"children_updated", stats->children_updated},
                                   {"children_unchanged", stats->children_unchanged},
                                   {"batches", stats->batches},
                                   {"checkpoint", sealed}});
  });
}

int atensi_roster_screen(char** out_json, atensi_db* db, const char* options_json,
                         const atensi_actor* actor) {
  const char* const fn = __func__;
  return ActorCall(fn, db, out_json, actor, [&](DbImpl* d, const atensi::Actor& a) -> int {
    JobOptions o;
    if (int rc = ReadOptions(d, options_json, 500, &o); rc != ATENSI_OK) return rc;
    atensi::ScreenOptions so;
    so.reference_date = o.reference_date;
    so.batch_cases = static_cast<std::size_t>(o.batch);
    so.lead_agency_id = o.lead_agency_id.empty() ? a.agency_id : o.lead_agency_id;
    const atensi::ScreeningRuleSet& rules = atensi::ScreeningRuleSet::Default();
    auto stats = atensi::ScreenRoster(*d->book, rules, a, so);
    if (!stats.ok()) return Fail(d, stats.status());
    const bool sealed = Seal(d, o);
    return EmitJson(out_json, json{{"children_screened", stats->children},
                                   {"flagged", stats->flagged},
                                   {"cases_opened", stats->cases_opened},
                                   {"already_open", stats->already_open},
                                   {"by_rule", stats->by_rule},
                                   {"rules_version", rules.version()},
                                   {"checkpoint", sealed}});
  });
}

int atensi_roster_route(char** out_json, atensi_db* db, const char* options_json,
                        const atensi_actor* actor) {
  const char* const fn = __func__;
  return ActorCall(fn, db, out_json, actor, [&](DbImpl* d, const atensi::Actor& a) -> int {
    JobOptions o;
    if (int rc = ReadOptions(d, options_json, 200, &o); rc != ATENSI_OK) return rc;
    auto stats = atensi::RouteOpenCases(*d->book, a, static_cast<std::size_t>(o.batch));
    if (!stats.ok()) return Fail(d, stats.status());
    const bool sealed = Seal(d, o);
    return EmitJson(out_json, json{{"cases", stats->cases},
                                   {"routed", stats->routed},
                                   {"already_routed", stats->skipped},
                                   {"refused", stats->failed},
                                   {"referrals_created", stats->referrals},
                                   {"referrals_by_agency", stats->by_agency},
                                   {"checkpoint", sealed}});
  });
}
