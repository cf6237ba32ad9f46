// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0

#include "atensi/casebook.h"

#include <algorithm>
#include <cctype>
#include <utility>
#include <variant>

#include "atensi/lifecycle/lifecycle_json.h"
#include "atensi/lifecycle/lifecycle_json_text.h"
#include "atensi/store/pg_case_store.h"
#include "lifecycle/text_rules.h"

namespace atensi {
namespace {

// "All pending deadlines": a window far beyond any configurable duration
// (DeadlinePolicy caps a cell at 366 days).
constexpr Duration kAllPending = Duration::Days(365 * 100);

std::string DigitsOnly(std::string_view s) {
  std::string out;
  for (char ch : s) {
    if (std::isdigit(static_cast<unsigned char>(ch)) != 0) out.push_back(ch);
  }
  return out;
}

std::optional<RegionCode> DomicileCode(const Child& child) {
  if (child.domicile_region.empty()) return std::nullopt;
  Result<RegionCode> r = RegionCode::Parse(child.domicile_region, "domicile_region");
  if (!r.ok()) return std::nullopt;
  return *r;
}

}  // namespace

Result<std::unique_ptr<Casebook>> Casebook::Open(const OpenOptions& options, const Clock& clock) {
  std::unique_ptr<CaseStore> store;
  if (IsPostgresUri(options.path)) {
    // A postgresql:// URI: the shared PostgreSQL store (pg_case_store.h).
    // SQLite-only options are refused, never silently dropped.
    if (!options.vfs_name.empty()) {
      return Unsupported("store.pg_vfs", "vfs_name", "a VFS applies to SQLite files only");
    }
    PgStoreOptions po;
    po.uri = options.path;
    po.create_if_missing = options.create_if_missing;
    po.lock_timeout_ms = options.busy_timeout_ms;
    po.synchronous = options.synchronous;
    po.key = options.key;
    po.key_provider = options.key_provider;
    ATENSI_ASSIGN_OR_RETURN(store, OpenPgCaseStore(po));
  } else {
    SqliteStoreOptions so;
    so.path = options.path;
    so.synchronous = options.synchronous;
    so.busy_timeout_ms = options.busy_timeout_ms;
    so.create_if_missing = options.create_if_missing;
    so.vfs_name = options.vfs_name;
    so.key = options.key;
    so.key_provider = options.key_provider;
    ATENSI_ASSIGN_OR_RETURN(store, OpenSqliteCaseStore(so));
  }
  std::unique_ptr<Casebook> book =
      Create(std::move(store), clock, options.policy, options.id_seed, options.checkpoint_every);
  book->UseRouting(options.registry, options.rules, options.referral_policy);
  ATENSI_RETURN_IF_ERROR(book->RebuildDeadlinesIfPending());
  return book;
}

std::unique_ptr<Casebook> Casebook::Create(std::unique_ptr<CaseStore> store, const Clock& clock,
                                           LifecyclePolicy policy,
                                           std::optional<std::uint64_t> id_seed,
                                           int checkpoint_every) {
  return std::unique_ptr<Casebook>(
      new Casebook(std::move(store), clock, std::move(policy), id_seed, checkpoint_every));
}

Casebook::Casebook(std::unique_ptr<CaseStore> store, const Clock& clock, LifecyclePolicy policy,
                   std::optional<std::uint64_t> id_seed, int checkpoint_every)
    : store_(std::move(store)),
      clock_(clock),
      policy_(std::move(policy)),
      ids_(id_seed ? RecordIdGenerator(*id_seed) : RecordIdGenerator()),
      checkpoint_every_(checkpoint_every) {}

Casebook::~Casebook() = default;

std::string Casebook::NewId(Instant now) { return ids_.Next(now).ToString(); }

void Casebook::FillIds(Command& command, Instant now) {
  auto fill = [&](std::string& id) {
    if (id.empty()) id = NewId(now);
  };
  std::visit(
      [&](auto& c) {
        if constexpr (requires { c.consent_id; }) fill(c.consent_id);
        if constexpr (requires { c.legal_basis_id; }) fill(c.legal_basis_id);
        if constexpr (requires { c.service_id; }) fill(c.service_id);
        if constexpr (requires { c.conference_id; }) fill(c.conference_id);
        if constexpr (requires { c.placement_id; }) fill(c.placement_id);
        if constexpr (requires { c.evaluation_id; }) fill(c.evaluation_id);
        if constexpr (requires { c.followup_id; }) fill(c.followup_id);
        if constexpr (requires {
                        c.items;
                        c.plan_id;
                      }) {
          fill(c.plan_id);  // ProposePlan only: ApprovePlan names an existing plan
          for (PlanItem& item : c.items) fill(item.id);
        }
      },
      command);
}

CaseIndex Casebook::IndexFor(const Case& c, const Child& child) const {
  CaseIndex index;
  index.region = DomicileCode(child);
  // The earliest pending deadline is a function of the case alone (and the
  // policy), so it is computed at write time and indexed for Due().
  std::vector<DueItem> pending = DueItems(c, c.opened_at, kAllPending, policy_.deadlines);
  for (DueItem& item : pending) {
    if (!index.next_due_at || item.due_at < *index.next_due_at) index.next_due_at = item.due_at;
    item.overdue = false;  // a property of the reading time, not kept
  }
  index.pending = std::move(pending);
  return index;
}

std::unique_lock<std::mutex> Casebook::Lock() {
  if (batch_owner_.load() == std::this_thread::get_id()) return std::unique_lock<std::mutex>();
  return std::unique_lock<std::mutex>(mu_);
}

void Casebook::AfterMutation() {
  if (checkpoint_every_ <= 0) return;
  if (batch_owner_.load() == std::this_thread::get_id()) {
    ++writes_since_checkpoint_;  // checked when the batch commits
    return;
  }
  if (++writes_since_checkpoint_ < checkpoint_every_) return;
  writes_since_checkpoint_ = 0;
  CheckpointLocked().IgnoreError();
}

Status Casebook::CheckpointLocked() {
  ATENSI_ASSIGN_OR_RETURN(auto txn, store_->BeginWrite());
  ATENSI_RETURN_IF_ERROR(store_->Checkpoint(clock_.Now()).status());
  return txn->Commit();
}

Result<Child> Casebook::RegisterChild(Child child, const Actor& actor) {
  ATENSI_RETURN_IF_ERROR(ValidateActor(actor));
  ATENSI_RETURN_IF_ERROR(CheckRole(actor, Operation::kRegisterChild));
  auto lock = Lock();
  const Instant now = clock_.Now();
  if (child.id.empty()) child.id = NewId(now);
  ATENSI_ASSIGN_OR_RETURN(Child valid,
                          ValidateChild(child, DateAt(now, policy_.utc_offset_minutes)));
  // Every refusal below comes before the first write (BeginCheckedWrite).
  ATENSI_ASSIGN_OR_RETURN(auto txn, store_->BeginCheckedWrite());
  if (valid.nik) {
    ATENSI_ASSIGN_OR_RETURN(std::optional<Child> holder, store_->FindChildByNik(*valid.nik));
    if (holder) {
      return AlreadyExists("store.nik_taken", "nik",
                           "a child with this NIK is already registered; search by NIK and use "
                           "that record (one person, one record)");
    }
  }
  if (valid.roster_key) {
    ATENSI_ASSIGN_OR_RETURN(std::optional<Child> holder,
                            store_->FindChildByRosterKey(*valid.roster_key));
    if (holder) {
      return AlreadyExists("store.roster_key_taken", "roster_key",
                           "a child was already imported from this roster row; use that record "
                           "(FindChildByRosterKey)");
    }
  }
  EventDraft draft;
  draft.action = "register_child";
  if (store_->TakesChangesText()) {
    // The same change set written as text, no DOM (docs/performance.md, workload 1).
    draft.changes_text = NewRecordChangesText(ToJsonText(valid));
  } else {
    draft.changes = NewRecordChanges(ToJson(valid));
  }
  ATENSI_RETURN_IF_ERROR(store_->InsertChild(valid, draft, AuditStamp{actor, now}).status());
  ATENSI_RETURN_IF_ERROR(txn->Commit());
  AfterMutation();
  return valid;
}

Result<Child> Casebook::UpdateChild(Child child, const Actor& actor, std::string reason) {
  ATENSI_RETURN_IF_ERROR(ValidateActor(actor));
  // The reason goes into the append-only audit log: bounded, clean UTF-8.
  ATENSI_RETURN_IF_ERROR(lifecycle_internal::CheckText(
      reason, "reason", 0, lifecycle_internal::kMaxTextBytes, /*multiline=*/true));
  auto lock = Lock();
  const Instant now = clock_.Now();
  ATENSI_ASSIGN_OR_RETURN(Child valid,
                          ValidateChild(child, DateAt(now, policy_.utc_offset_minutes)));
  // Every refusal below comes before the first write (BeginCheckedWrite).
  ATENSI_ASSIGN_OR_RETURN(auto txn, store_->BeginCheckedWrite());
  ATENSI_ASSIGN_OR_RETURN(Child before, store_->GetChild(valid.id));
  ATENSI_RETURN_IF_ERROR(AuthorizeChildLocked(actor, Operation::kUpdateChild, before, now));
  if (valid.nik && valid.nik != before.nik) {
    ATENSI_ASSIGN_OR_RETURN(std::optional<Child> holder, store_->FindChildByNik(*valid.nik));
    if (holder && holder->id != valid.id) {
      return AlreadyExists("store.nik_taken", "nik",
                           "another child with this NIK is already registered");
    }
  }
  if (valid.roster_key && valid.roster_key != before.roster_key) {
    ATENSI_ASSIGN_OR_RETURN(std::optional<Child> holder,
                            store_->FindChildByRosterKey(*valid.roster_key));
    if (holder && holder->id != valid.id) {
      return AlreadyExists("store.roster_key_taken", "roster_key",
                           "another child was imported from this roster row");
    }
  }
  EventDraft draft;
  draft.action = "update_child";
  draft.reason = std::move(reason);
  draft.changes = DiffTopLevel(ToJson(before), ToJson(valid));
  if (draft.changes.empty()) return valid;  // nothing changed: nothing written
  ATENSI_RETURN_IF_ERROR(store_->UpdateChild(valid, draft, AuditStamp{actor, now}).status());
  if (valid.domicile_region != before.domicile_region) {
    ATENSI_RETURN_IF_ERROR(store_->SetCasesRegion(valid.id, DomicileCode(valid)));
  }
  ATENSI_RETURN_IF_ERROR(txn->Commit());
  AfterMutation();
  return valid;
}

Result<Case> Casebook::OpenCase(std::string_view child_id, OpenCaseRequest request,
                                const Actor& actor) {
  ATENSI_RETURN_IF_ERROR(ValidateActor(actor));
  auto lock = Lock();
  const Instant now = clock_.Now();
  if (request.case_id.empty()) request.case_id = NewId(now);
  // Every refusal below comes before the first write (BeginCheckedWrite).
  ATENSI_ASSIGN_OR_RETURN(auto txn, store_->BeginCheckedWrite());
  ATENSI_ASSIGN_OR_RETURN(Child child, store_->GetChild(child_id));
  ATENSI_RETURN_IF_ERROR(AuthorizeChildLocked(actor, Operation::kOpenCase, child, now));
  ATENSI_ASSIGN_OR_RETURN(std::vector<Case> existing, store_->CasesOfChild(child.id));
  ATENSI_ASSIGN_OR_RETURN(Transition t,
                          ::atensi::OpenCase(child, request, actor, now, policy_, existing));
  ATENSI_RETURN_IF_ERROR(
      store_->InsertCase(t.next, IndexFor(t.next, child), t.event, AuditStamp{actor, now})
          .status());
  ATENSI_RETURN_IF_ERROR(txn->Commit());
  AfterMutation();
  return std::move(t.next);
}

Result<Case> Casebook::Act(std::string_view case_id, std::int64_t expected_version, Command command,
                           const Actor& actor) {
  ATENSI_RETURN_IF_ERROR(ValidateActor(actor));
  auto lock = Lock();
  const Instant now = clock_.Now();
  FillIds(command, now);
  ATENSI_ASSIGN_OR_RETURN(auto txn, store_->BeginWrite());
  ATENSI_ASSIGN_OR_RETURN(Case current, store_->GetCase(case_id));
  // The child is read once: the access check and Decide both need it.
  ATENSI_ASSIGN_OR_RETURN(Child child, store_->GetChild(current.child_id));
  ATENSI_RETURN_IF_ERROR(
      AuthorizeCaseLocked(actor, Operation::kActOnCase, ActionOf(command), current, now, &child));
  ATENSI_ASSIGN_OR_RETURN(Transition t,
                          Decide(current, child, command, actor, now, policy_, expected_version));
  if (std::holds_alternative<cmd::Reopen>(command)) {
    ATENSI_ASSIGN_OR_RETURN(std::vector<Case> all, store_->CasesOfChild(child.id));
    std::vector<Case> others;
    for (Case& c : all) {
      if (c.id != current.id) others.push_back(std::move(c));
    }
    ATENSI_RETURN_IF_ERROR(CheckOneOpenCase(t.next, others));
  }
  ATENSI_RETURN_IF_ERROR(store_
                             ->UpdateCase(t.next, expected_version, IndexFor(t.next, child),
                                          t.event, AuditStamp{actor, now})
                             .status());
  ATENSI_RETURN_IF_ERROR(txn->Commit());
  AfterMutation();
  return std::move(t.next);
}

Result<Case> Casebook::GetCase(std::string_view case_id) {
  auto lock = Lock();
  ATENSI_ASSIGN_OR_RETURN(auto txn, store_->BeginRead());
  return store_->GetCase(case_id);
}

Result<Child> Casebook::GetChild(std::string_view child_id) {
  auto lock = Lock();
  ATENSI_ASSIGN_OR_RETURN(auto txn, store_->BeginRead());
  return store_->GetChild(child_id);
}

Result<std::vector<Case>> Casebook::CasesByChildNik(std::string_view nik) {
  const std::string digits = DigitsOnly(nik);
  auto lock = Lock();
  ATENSI_ASSIGN_OR_RETURN(auto txn, store_->BeginRead());
  ATENSI_ASSIGN_OR_RETURN(std::optional<Child> child, store_->FindChildByNik(digits));
  if (!child) return std::vector<Case>();
  return store_->CasesOfChild(child->id);
}

Result<Page<CaseSummary>> Casebook::Caseload(const CaseloadQuery& query) {
  auto lock = Lock();
  ATENSI_ASSIGN_OR_RETURN(auto txn, store_->BeginRead());
  return store_->Caseload(query);
}

Result<std::vector<DueItemRow>> Casebook::Due(Instant now, Duration window,
                                              std::optional<RegionCode> within) {
  if (window.ms < 0) {
    return InvalidArgument("store.window", "window", "the due-soon window cannot be negative");
  }
  auto lock = Lock();
  ATENSI_ASSIGN_OR_RETURN(auto txn, store_->BeginRead());
  ATENSI_ASSIGN_OR_RETURN(std::vector<IndexedCase> cases, store_->CasesDueBy(now + window, within));
  std::vector<DueItemRow> rows;
  for (const IndexedCase& ic : cases) {
    for (const DueItem& item : DueItems(ic.value, now, window, policy_.deadlines)) {
      DueItemRow row;
      row.case_id = ic.value.id;
      row.child_id = ic.value.child_id;
      row.region = ic.index.region;
      row.lead_agency_id = ic.value.lead_agency_id;
      row.assigned_worker_id = ic.value.assigned_worker_id;
      row.stage = ic.value.stage;
      row.risk = ic.value.risk;
      row.item = item;
      rows.push_back(std::move(row));
    }
  }
  std::stable_sort(rows.begin(), rows.end(), [](const DueItemRow& a, const DueItemRow& b) {
    return a.item.due_at < b.item.due_at;
  });
  return rows;
}

Result<Page<DueItemRow>> Casebook::DuePage(Instant now, Duration window, const DueQuery& query) {
  if (window.ms < 0) {
    return InvalidArgument("store.window", "window", "the due-soon window cannot be negative");
  }
  auto lock = Lock();
  ATENSI_ASSIGN_OR_RETURN(auto txn, store_->BeginRead());
  return store_->DuePage(now, now + window, query);
}

Status Casebook::RebuildDeadlinesIfPending() {
  auto lock = Lock();
  {
    ATENSI_ASSIGN_OR_RETURN(auto txn, store_->BeginRead());
    ATENSI_ASSIGN_OR_RETURN(bool pending, store_->DeadlinesNeedRebuild());
    if (!pending) return Status();
  }
  ATENSI_ASSIGN_OR_RETURN(auto txn, store_->BeginWrite());
  ATENSI_ASSIGN_OR_RETURN(bool pending, store_->DeadlinesNeedRebuild());  // another process?
  if (!pending) return Status();
  ATENSI_RETURN_IF_ERROR(store_->RebuildDeadlines([this](const Case& c) {
    std::vector<DueItem> items = DueItems(c, c.opened_at, kAllPending, policy_.deadlines);
    for (DueItem& item : items) item.overdue = false;
    return items;
  }));
  return txn->Commit();
}

Result<std::vector<Event>> Casebook::History(std::string_view case_id) {
  auto lock = Lock();
  ATENSI_ASSIGN_OR_RETURN(auto txn, store_->BeginRead());
  ATENSI_RETURN_IF_ERROR(store_->GetCase(case_id).status());
  return store_->ChainEvents(case_id);
}

Result<std::vector<Event>> Casebook::ChildTimeline(std::string_view child_id) {
  auto lock = Lock();
  ATENSI_ASSIGN_OR_RETURN(auto txn, store_->BeginRead());
  ATENSI_RETURN_IF_ERROR(store_->GetChild(child_id).status());
  return store_->ChildTimeline(child_id);
}

Result<VerifyReport> Casebook::Verify() {
  auto lock = Lock();
  ATENSI_ASSIGN_OR_RETURN(auto txn, store_->BeginRead());
  return store_->Verify();
}

Status Casebook::Checkpoint() {
  auto lock = Lock();
  writes_since_checkpoint_ = 0;
  return CheckpointLocked();
}

}  // namespace atensi
