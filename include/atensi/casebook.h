// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Casebook: the service the outer layers (C ABI, CLI, bindings) call.
//
// It ties the pure lifecycle core (ValidateChild, OpenCase, Decide,
// DueItems) to a CaseStore (case_store.h). Every public operation is one
// transaction: it reads what the core needs, runs the core, writes the
// result and appends the audit event (event.h) — all or nothing. Every
// mutating call takes an Actor, validated (ValidateActor) before anything is
// read or written; the actor is recorded in the event. Authorization (which
// actor may do what) is a separate layer and not enforced here.
//
// Time comes from the injected Clock only; ids of new records and sub-records
// (child, case, consent, plan, ...) are UUIDv7 made from that time (uuid.h)
// when the caller leaves them empty.
//
// Thread safety: a Casebook may be shared between threads; calls are
// serialised by an internal mutex. Several processes may open the same file:
// SQLite's locking and the busy timeout arbitrate, and optimistic versions
// (Act's expected_version) keep writers from overwriting each other.

#ifndef ATENSI_CASEBOOK_H_
#define ATENSI_CASEBOOK_H_

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "atensi/actor.h"
#include "atensi/clock.h"
#include "atensi/lifecycle/case.h"
#include "atensi/lifecycle/child.h"
#include "atensi/lifecycle/command.h"
#include "atensi/lifecycle/deadline.h"
#include "atensi/lifecycle/transition.h"
#include "atensi/region.h"
#include "atensi/status.h"
#include "atensi/store/case_store.h"
#include "atensi/store/event.h"
#include "atensi/uuid.h"

namespace atensi {

struct OpenOptions {
  std::string path;  // database file, or ":memory:"
  Synchronous synchronous = Synchronous::kFull;
  int busy_timeout_ms = 5000;
  bool create_if_missing = true;
  LifecyclePolicy policy;  // residential limit, deadlines, local time zone
  // Take a checkpoint (Checkpoint()) automatically after every N successful
  // mutations made through this Casebook; 0 = only when asked.
  int checkpoint_every = 0;
  // Seed for the record-id generator (deterministic ids in tests and
  // replays); nullopt = seeded from std::random_device.
  std::optional<std::uint64_t> id_seed;
  // Name of a registered sqlite3_vfs to open the file with; empty = SQLite's
  // default. Tests use it to inject I/O faults and simulate power loss
  // (tests/reliability/fault_vfs.h).
  std::string vfs_name;
};

class Casebook {
 public:
  // Opens (creating and migrating as needed) the SQLite store at
  // options.path. `clock` must outlive the Casebook. Errors: see
  // OpenSqliteCaseStore (store.schema_newer, store.not_atensi, ...).
  static Result<std::unique_ptr<Casebook>> Open(const OpenOptions& options, const Clock& clock);

  // A Casebook over any CaseStore backend.
  static std::unique_ptr<Casebook> Create(std::unique_ptr<CaseStore> store, const Clock& clock,
                                          LifecyclePolicy policy,
                                          std::optional<std::uint64_t> id_seed = std::nullopt,
                                          int checkpoint_every = 0);

  Casebook(const Casebook&) = delete;
  Casebook& operator=(const Casebook&) = delete;
  ~Casebook();

  // ---- children ----

  // Validates (ValidateChild at today's local date) and stores a new child;
  // assigns an id when `child.id` is empty. Appends "register_child" to the
  // child's chain. AlreadyExists "store.nik_taken" when another child has
  // the NIK, "store.exists" when the id is taken.
  Result<Child> RegisterChild(Child child, const Actor& actor);

  // Replaces a child record (validated again); appends "update_child" with
  // the changed fields and `reason`. A change of domicile moves the child's
  // cases in region queries. NotFound "store.child_not_found". Returns the
  // stored child; when nothing changed, nothing is written.
  Result<Child> UpdateChild(Child child, const Actor& actor, std::string reason = "");

  // ---- cases ----

  // Opens a case for a stored child (lifecycle OpenCase: version 1, stage
  // intake or emergency). Assigns request.case_id when empty. NotFound
  // "store.child_not_found"; lifecycle.* refusals pass through unchanged.
  Result<Case> OpenCase(std::string_view child_id, OpenCaseRequest request, const Actor& actor);

  // Applies a command to a case (lifecycle Decide) when the case is still at
  // `expected_version`; otherwise Conflict (nothing written). Empty sub-record
  // ids in the command are filled in. A reopen is also checked against the
  // one-open-case rule (CheckOneOpenCase) over the child's other cases.
  // Returns the new case (version = expected_version + 1).
  Result<Case> Act(std::string_view case_id, std::int64_t expected_version, Command command,
                   const Actor& actor);

  Result<Case> GetCase(std::string_view case_id);
  Result<Child> GetChild(std::string_view child_id);

  // ---- queries ----

  // All cases of the child with this NIK (separators ignored), in opening
  // order; empty when no child has it.
  Result<std::vector<Case>> CasesByChildNik(std::string_view nik);

  // A page of the caseload of a region subtree, filtered (case_store.h).
  Result<Page<CaseSummary>> Caseload(const CaseloadQuery& query);

  // Deadlines overdue or due within `window` of `now` (DueItems), across all
  // cases or those whose child lives in `within`; ordered by due time. Cases
  // are preselected by their indexed earliest deadline, computed with the
  // deadline policy in force when the case was last written: after a policy
  // change, a case's index is refreshed by its next mutation.
  Result<std::vector<DueItemRow>> Due(Instant now, Duration window,
                                      std::optional<RegionCode> within = std::nullopt);

  // The events of one case, in order. NotFound when the case does not exist.
  Result<std::vector<Event>> History(std::string_view case_id);

  // The child's own events and those of all its cases, in time order.
  // NotFound when the child does not exist.
  Result<std::vector<Event>> ChildTimeline(std::string_view child_id);

  // ---- integrity ----

  // Recomputes every hash chain and checkpoint and checks every record
  // against its chain; names the first broken link. Status errors are only
  // for failures to read (I/O, busy); a broken chain is report.ok == false.
  Result<VerifyReport> Verify();

  // Seals the tails of all chains into a new checkpoint (event.h) at the
  // clock's time. Corruption "store.chain_shrunk" when a sealed chain was cut.
  Status Checkpoint();

  [[nodiscard]] const LifecyclePolicy& policy() const { return policy_; }

 private:
  Casebook(std::unique_ptr<CaseStore> store, const Clock& clock, LifecyclePolicy policy,
           std::optional<std::uint64_t> id_seed, int checkpoint_every);

  std::string NewId(Instant now);
  void FillIds(Command& command, Instant now);
  CaseIndex IndexFor(const Case& c, const Child& child) const;
  // Counts a committed mutation and takes the automatic checkpoint when due.
  // A failed automatic checkpoint does not fail the mutation (Verify reports
  // the damage that made it fail).
  void AfterMutation();
  Status CheckpointLocked();

  std::mutex mu_;
  std::unique_ptr<CaseStore> store_;
  const Clock& clock_;
  LifecyclePolicy policy_;
  RecordIdGenerator ids_;
  int checkpoint_every_ = 0;
  int writes_since_checkpoint_ = 0;
};

}  // namespace atensi

#endif  // ATENSI_CASEBOOK_H_
