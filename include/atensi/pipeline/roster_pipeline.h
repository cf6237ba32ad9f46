// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// The main job, as a library: import a PKH/DTKS roster, screen it, route the
// cases it opens. The CLI (`atensi import|screen|route`), the C ABI and the
// Python package all call these functions, so the work stays native and
// behaves the same from every entry point.
//
// Import. The roster is streamed (one CSV record in memory at a time). Every
// row is validated completely (roster_record.h); bad rows go to the reject
// sink with line, field and rule, and the good rows are written in batches,
// each batch one transaction (Casebook::Batch): a batch commits whole or not
// at all. Children are keyed by NIK, or by the roster key "IDBDT/NoUrutART"
// when they have none, so re-running an import changes nothing, and an
// import interrupted at any point and re-run gives the same database as an
// uninterrupted one (a committed batch is skipped row by row as unchanged;
// the batch that was cut off is written again). Members aged 18 or over are
// not children (UU 35/2014 art 1(1)) and are counted, not stored. A member
// whose NIK is already held by another child record is rejected.
//
// Screening reads the staged roster facts of every child, applies the
// screening rule set at the reference date and opens a case (source
// pkh_screening) for each child a rule says needs one and who has no open
// case yet; re-running it opens nothing new.
//
// Routing runs the routing rules for open cases that have not been routed and
// sends their referrals (Casebook::RouteCase).

#ifndef ATENSI_PIPELINE_ROSTER_PIPELINE_H_
#define ATENSI_PIPELINE_ROSTER_PIPELINE_H_

#include <cstdint>
#include <functional>
#include <istream>
#include <map>
#include <ostream>
#include <string>

#include "atensi/actor.h"
#include "atensi/casebook.h"
#include "atensi/date.h"
#include "atensi/roster/roster_record.h"
#include "atensi/screening/screening_rules.h"
#include "atensi/status.h"

namespace atensi {

// Called with (units done, units total or 0 when unknown) as work proceeds.
using ProgressFn = std::function<void(std::uint64_t, std::uint64_t)>;

struct ImportOptions {
  Date reference_date{2026, 1, 1};  // ages, future-date checks, DTSEN as-of
  std::size_t batch_rows = 1000;    // rows per transaction
  std::uint64_t total_bytes = 0;    // size of the input, for progress (0 = unknown)
  // Lead agency recorded on children's PKH family link is not needed; the
  // importing agency is the actor's.
};

struct ImportStats {
  std::uint64_t rows = 0;      // data rows read (header excluded)
  std::uint64_t rejected = 0;  // rows with at least one error
  std::uint64_t adults = 0;    // valid rows of people aged 18 or over (not stored)
  std::uint64_t children_new = 0;
  std::uint64_t children_updated = 0;
  std::uint64_t children_unchanged = 0;
  std::uint64_t batches = 0;
};

// Streams `in` into `book`. Reject lines "line,field,reason,message" (CSV,
// with a header) go to `rejects` (may be null). Errors: InvalidArgument for a
// header that lacks required columns (nothing written); storage errors abort
// the import after the last committed batch (re-run to resume).
Result<ImportStats> ImportRoster(std::istream& in, Casebook& book, const Actor& actor,
                                 const ImportOptions& options, std::ostream* rejects,
                                 const ProgressFn& progress = nullptr);

struct ScreenOptions {
  Date reference_date{2026, 1, 1};
  std::size_t batch_cases = 500;
  std::string lead_agency_id;  // initial lead of opened cases (routing may change it)
};

struct ScreenStats {
  std::uint64_t children = 0;  // children screened
  std::uint64_t flagged = 0;   // matched at least one rule
  std::uint64_t cases_opened = 0;
  std::uint64_t already_open = 0;  // flagged children who already had an open case
  std::map<std::string, std::uint64_t> by_rule;
};

Result<ScreenStats> ScreenRoster(Casebook& book, const ScreeningRuleSet& rules, const Actor& actor,
                                 const ScreenOptions& options,
                                 const ProgressFn& progress = nullptr);

struct RouteStats {
  std::uint64_t cases = 0;                         // open cases considered
  std::uint64_t routed = 0;                        // routed now
  std::uint64_t referrals = 0;                     // referrals created
  std::uint64_t skipped = 0;                       // already routed
  std::uint64_t failed = 0;                        // routing refused (e.g. no lead resolvable)
  std::map<std::string, std::uint64_t> by_agency;  // referrals created per receiving agency id
};

Result<RouteStats> RouteOpenCases(Casebook& book, const Actor& actor, std::size_t batch_cases = 200,
                                  const ProgressFn& progress = nullptr);

// Builds the child record for a validated roster row of a child.
Child ChildFromRoster(const RosterRecord& row, Date reference_date);

}  // namespace atensi

#endif  // ATENSI_PIPELINE_ROSTER_PIPELINE_H_
