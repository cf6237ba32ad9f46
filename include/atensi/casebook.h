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
// actor may do what, docs/access-control.md) is enforced here: every public
// read and write names its principal; the unchecked reads are private and
// reached only through internal::TrustedReads (src/store/trusted_reads.h).
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

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "atensi/access/access_log.h"
#include "atensi/access/case_scope.h"
#include "atensi/access/operation.h"
#include "atensi/access/redaction.h"
#include "atensi/actor.h"
#include "atensi/clock.h"
#include "atensi/crypto/key.h"
#include "atensi/lifecycle/case.h"
#include "atensi/lifecycle/child.h"
#include "atensi/lifecycle/command.h"
#include "atensi/lifecycle/deadline.h"
#include "atensi/lifecycle/transition.h"
#include "atensi/privacy/retention.h"
#include "atensi/privacy/subject_access.h"
#include "atensi/region.h"
#include "atensi/report/province_report.h"
#include "atensi/routing/agency_registry.h"
#include "atensi/routing/referral.h"
#include "atensi/routing/router.h"
#include "atensi/routing/routing_rules.h"
#include "atensi/routing/transfer.h"
#include "atensi/status.h"
#include "atensi/store/case_store.h"
#include "atensi/store/event.h"
#include "atensi/uuid.h"

namespace atensi {

namespace internal {
class TrustedReads;  // src/store/trusted_reads.h
}  // namespace internal

// How the Casebook sends the referrals RouteCase creates. Configuration, not
// law: no regulation fixes a response time for a referral between agencies;
// the defaults follow the urgency of the case's risk level (UPTD PPA intake
// practice: high risk is handled the same day).
struct ReferralPolicy {
  std::int64_t response_hours_high = 24;    // risk high: 24 h
  std::int64_t response_hours_medium = 72;  // risk medium: 3 x 24 h
  std::int64_t response_hours_low = 168;    // risk low: 7 days
  // The data items a routing referral shares (ConsentScope::fields). The
  // lifecycle's consent is itemised per purpose, not per item: a consent
  // covering "referral_sharing" covers these items.
  std::vector<std::string> shared_fields = {"identity", "case_summary"};

  [[nodiscard]] std::int64_t ResponseHours(RiskLevel risk) const {
    switch (risk) {
      case RiskLevel::kHigh:
        return response_hours_high;
      case RiskLevel::kMedium:
        return response_hours_medium;
      case RiskLevel::kLow:
        return response_hours_low;
    }
    return response_hours_medium;
  }
};

// What RouteCase did.
struct RouteResult {
  Case case_after;  // the case after routing (lead agency updated when it changed)
  // The decision as stored; its strings are owned by the decision (storage).
  RoutingDecision decision;
  std::vector<Referral> created;   // referrals created by this call
  std::vector<Referral> existing;  // open referrals that already covered an involvement
};

// Options of a referral listing (inbox / outbox): see ReferralQuery in
// case_store.h.

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
  // Routing: the agency registry and rule set RouteCase uses; null = the
  // shipped ones (AgencyRegistry::Default over the official region table,
  // RuleSet::Default), loaded on first use.
  std::shared_ptr<const AgencyRegistry> registry;
  std::shared_ptr<const RuleSet> rules;
  ReferralPolicy referral_policy;
  // Encryption at rest (docs/encryption.md): the integrator's current key
  // (records written are sealed under it); null = none. `key_provider`
  // supplies other key ids the store still holds ciphertext under (an
  // unfinished rotation). SQLite store only.
  std::shared_ptr<const EncryptionKey> key;
  KeyProvider key_provider;
};

// How Casebook::RotateKey proceeds.
struct KeyRotationOptions {
  // Records re-sealed per transaction (1..100000).
  std::size_t batch_size = 500;
  // Called after each committed batch; return false to pause the rotation
  // (call RotateKey again with the same key to resume). May be empty.
  std::function<bool(std::uint64_t rewritten_so_far)> on_batch;
};

// What Casebook::RotateKey did.
struct KeyRotationResult {
  std::uint64_t rewritten = 0;              // records re-sealed by this call
  std::uint64_t batches = 0;                // transactions committed by this call
  bool finished = false;                    // every record is under the new key
  std::vector<std::uint32_t> retired_keys;  // keys retired by this call
};

// Data-subject state of a child, read from the child's own hash chain
// (casebook_privacy.cpp).
struct PrivacyState {
  bool restricted = false;                    // processing restricted at the subject's request
  bool legal_hold = false;                    // needed for legal proceedings: never purged
  bool purged = false;                        // the record is a tombstone
  std::vector<std::string> open_corrections;  // correction request ids not yet done
  DisclosureRisk disclosure_risk;             // the recorded art 33 decision (schema 8)
  std::vector<SubjectAccessRequest> access_requests;  // every art 32 request, oldest first
};

// A subject-access request answered (UU 27/2022 arts 32-33).
struct SubjectAccessAnswer {
  SubjectAccessRequest request;  // with its outcome
  nlohmann::json report;         // the redacted report; null when refused
};

// One child examined by a purge.
struct PurgeItem {
  std::string child_id;
  RetentionCategory category = RetentionCategory::kCaseFile;
  std::optional<Instant> ends_at;  // when its retention ends / ended
  std::string reason;              // RetentionVerdict::reason, or "retention.already_purged"
  bool due = false;                // retention ended and nothing holds it
  bool purged = false;             // destroyed by this call (false in a dry run)
  std::int64_t cases = 0;
  std::int64_t events_purged = 0;         // event payloads destroyed
  std::int64_t events_kept_format_1 = 0;  // pre-schema-6 events whose payload must stay
};

struct PurgeReport {
  bool dry_run = true;
  std::string policy_version;
  std::int64_t children_examined = 0;
  std::int64_t children_due = 0;
  std::int64_t children_purged = 0;
  std::int64_t events_purged = 0;
  std::vector<PurgeItem> items;  // the children due (and purged), in id order
};
nlohmann::json ToJson(const PurgeReport& report);

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


  // ---- queries ----


  // ---- import support (issue 6) ----


  // Runs `body` in ONE write transaction. Every Casebook call made by `body`
  // on this thread joins it (each as a savepoint, so a call that fails undoes
  // only its own writes and `body` may go on); events are appended as usual.
  // When `body` returns an error or throws, everything it did is rolled back
  // and the error (Internal "store.batch_exception" for a throw) returned.
  // Other threads wait until the batch ends. Batches nest (as savepoints).
  // Automatic checkpoints are deferred to the end of the batch.
  Status Batch(const std::function<Status()>& body);

  // Replaces the routing configuration (for a Casebook made with Create).
  void UseRouting(std::shared_ptr<const AgencyRegistry> registry,
                  std::shared_ptr<const RuleSet> rules, ReferralPolicy referral_policy);

  // ---- routing and referrals (issue 4) ----
  //
  // Referral, transfer and routing events go into the CASE's hash chain
  // (action "referral.<event>", "transfer.<event>", "routing.route"), with
  // the before/after of every changed field and "<kind>_id" naming the row;
  // Verify checks each row against its newest event.

  // Routes the case (FactsFor + Route with this Casebook's registry and rules
  // on today's local date), stores the decision, sets the case's lead agency
  // through the lifecycle (SetLeadAgency, in the case chain) when it changes,
  // and creates referrals from the actor's agency, all in one transaction:
  //   - the lead: one lead referral to NextCandidate (the decision's lead, or
  //     the next candidate when the lead already had a lead referral), unless
  //     an open lead referral exists;
  //   - co-facilitators: requested, with the response deadline of the case's
  //     risk (ReferralPolicy);
  //   - informed parties: requested WITHOUT a deadline (FHIR Task with no
  //     restriction.period): they are told, acknowledging (accept) is
  //     optional, they never expire and never fall through;
  //   - no referral to the actor's own agency; none where an open referral
  //     to the same agency in the same role exists (idempotent).
  // Sharing: each referral is checked (CheckReferralSharing) against the
  // case's consents valid now: a consent covering referral_sharing (or a
  // valid legal basis) covers ReferralPolicy::shared_fields for purpose
  // "referral". When it does not, the referral is created as `draft` with
  // status_reason = the refusal's reason id ("referral.consent_purpose"):
  // nothing is sent; submitting it later checks consent again.
  // Errors: routing.* from Route, lifecycle.* from SetLeadAgency (e.g. a
  // closed case), NotFound "store.case_not_found".
  Result<RouteResult> RouteCase(std::string_view case_id, const Actor& actor);

  // Applies one referral event when the referral is at `expected_version`
  // (ReferralVersion), else Conflict "store.version_conflict". Who may set
  // each status is enforced by ApplyReferralEvent. In the same transaction:
  //   - submit: consent is checked again (PermissionDenied referral.consent_*);
  //   - reject (or expire) of a lead referral: the case goes to the next
  //     candidate (NextCandidate over the stored decision): a new requested
  //     lead referral from the same requester, and the case lead is set to
  //     it; when every candidate was tried, nothing more happens;
  //   - complete: the outcome is recorded and the plan item it served
  //     (Referral::plan_item_id, else the approved plan's first item provided
  //     by the responder with no service yet) is closed by the lifecycle
  //     RecordService when the case's stage allows it (intervention or
  //     reintegration); otherwise the outcome stays on the referral only.
  // An answer after the deadline fails with Expired "referral.expired" and
  // writes nothing (ExpireReferrals then expires it).
  Result<Referral> ActOnReferral(std::string_view referral_id, std::int64_t expected_version,
                                 const ReferralEvent& event, const Actor& actor);


  // ---- transfers ----

  // Push: the current owner (the case's lead agency; the actor must act for
  // it) proposes the case to `to_agency`. `to_region` is the family's new
  // domicile when the move is the reason. Conflict "transfer.open_exists"
  // when the case already has an open transfer.
  Result<Transfer> ProposeTransfer(std::string_view case_id, std::string to_agency,
                                   std::string reason, const Actor& actor,
                                   std::optional<RegionCode> to_region = std::nullopt);
  // Pull: the actor's agency requests the case from its current owner
  // (Primero's transfer request).
  Result<Transfer> RequestTransfer(std::string_view case_id, std::string reason, const Actor& actor,
                                   std::optional<RegionCode> to_region = std::nullopt);
  // Accept / decline (reason required) / cancel, at `expected_version`
  // (TransferVersion). Ownership (the case's lead agency) changes only on
  // acceptance, through the lifecycle SetLeadAgency in the same transaction;
  // the event records both ends ("owner": {before, after}). FailedPrecondition
  // "transfer.owner_changed" when the case changed hands meanwhile.
  Result<Transfer> ActOnTransfer(std::string_view transfer_id, std::int64_t expected_version,
                                 TransferEventKind event, std::string reason, const Actor& actor);

  // UpdateChild that also assesses a domicile move: when both the old and
  // the new domicile are known and differ, `*move` is filled by AssessMove
  // with this Casebook's registry on today's local date (whether the Kemensos
  // centre still covers the new province). Nothing else changes: moving the
  // case is a human decision (ProposeTransfer / RequestTransfer).
  Result<Child> UpdateChild(Child child, const Actor& actor, std::string reason,
                            std::optional<MoveAssessment>* move);

  // ---- reports ----


  // ---- integrity ----


  // ---- data-subject duties and retention (UU 27/2022; casebook_privacy.cpp) ----

  // Everything held about a child, as one JSON document (UU 27/2022 art 32):
  // the child record, its cases (with consents, plans, decisions), consents
  // listed item by item with who gave them and their relation, referrals,
  // transfers, routing decisions, the staged roster facts, the privacy state,
  // the retention status, the processing log (every event of the child's and
  // its cases' chains) and the access log. The request is itself logged in
  // the access log. Authorization: Operation::kSubjectAccess.
  Result<nlohmann::json> SubjectAccess(std::string_view child_id, const Actor& actor);

  // Restricts processing of a child's data at the subject's request
  // ("privacy.restrict" in the child's chain; `reason` is the request
  // reference, 1..2000 bytes). While restricted, routing, referral and
  // transfer actions, case actions and exports are refused with
  // FailedPrecondition "privacy.restricted", and reads by anyone but a data
  // officer. Lifting ("privacy.lift_restriction") restores processing.
  // Writes nothing when already in that state. Operation::kRestrict.
  Status RestrictProcessing(std::string_view child_id, std::string reason, const Actor& actor);
  Status LiftRestriction(std::string_view child_id, std::string reason, const Actor& actor);

  // Places or releases a legal hold (UU 27/2022 art 44: data needed for
  // legal proceedings is not destroyed); `reference` names the proceeding.
  // Operation::kPurge.
  Status SetLegalHold(std::string_view child_id, bool hold, std::string reference,
                      const Actor& actor);

  // Records a correction request (the request text, 1..2000 bytes) in the
  // child's chain and returns its id; CorrectChild applies the corrected
  // record (validated like UpdateChild) and closes the request. NotFound
  // "privacy.correction_not_found" for an unknown or closed request id.
  // Operation::kCorrect.
  Result<std::string> RequestCorrection(std::string_view child_id, std::string request,
                                        const Actor& actor);
  Result<Child> CorrectChild(Child corrected, std::string_view correction_id, const Actor& actor);

  // The child's privacy state. NotFound "store.child_not_found".
  Result<PrivacyState> PrivacyStateOf(std::string_view child_id);
  // The same, for `actor` (Operation::kRestrict: the supervisor,
  // coordinator or data officer who decides restrictions, holds and the
  // art 33 disclosure risk; within their reach, else NotFound
  // "access.not_found"). Read only: the state holds ids and codes, no
  // personal data, so no access-log row is written.
  Result<PrivacyState> PrivacyStateOf(std::string_view child_id, const Actor& actor);

  // ---- subject access requests (UU 27/2022 arts 32-33; casebook_subject_access.cpp) ----

  // Records the art 33(a) decision that disclosing the child's data
  // endangers the safety or physical / mental health of the subject or of
  // others (privacy/subject_access.h): "privacy.disclosure_risk" in the
  // child's chain; `reason` (1..2000 bytes) is the assessment it rests on.
  // Every refused guardian id must be a guardian of the child
  // (InvalidArgument "privacy.unknown_guardian"). Writes nothing when
  // unchanged. Operation::kRestrict: the supervisor, coordinator or data
  // officer handling the case.
  Status SetDisclosureRisk(std::string_view child_id, DisclosureRisk risk, std::string reason,
                           const Actor& actor);

  // Records a subject-access request (art 32) in the child's chain
  // ("privacy.access_request") with its due time, 3x24 h after now, and
  // returns it. `guardian_id` names the requesting guardian when
  // `requester` is kGuardian (a guardian of the child), else must be empty.
  // While a request of the child is pending, returns that one and writes
  // nothing. Operation::kSubjectAccess.
  Result<SubjectAccessRequest> RequestSubjectAccess(std::string_view child_id,
                                                    AccessRequester requester,
                                                    std::string guardian_id, const Actor& actor);

  // Answers the pending request `request_id` of the child: refused when the
  // recorded DisclosureRisk requires it (art 33(a): outcome kRefused with
  // the reason code, no report), otherwise fulfilled with the report of
  // SubjectAccess redacted for the requester (art 33(b)). The outcome is
  // recorded in the child's chain ("privacy.access_fulfilled" /
  // "privacy.access_refused") in the same transaction, and a fulfilled
  // report in the access log. NotFound "privacy.access_request_not_found"
  // when no such request is pending. Operation::kSubjectAccess.
  Result<SubjectAccessAnswer> AnswerSubjectAccess(std::string_view child_id,
                                                  std::string_view request_id, const Actor& actor);

  // Refuses the pending request `request_id` on the data officer's own art
  // 33 finding: `reason_code` one of the privacy/subject_access.h refusal
  // codes (InvalidArgument "privacy.refusal_reason" otherwise),
  // `explanation` 1..2000 bytes. Returns the closed request.
  // Operation::kSubjectAccess.
  Result<SubjectAccessRequest> RefuseSubjectAccess(std::string_view child_id,
                                                   std::string_view request_id,
                                                   std::string_view reason_code,
                                                   std::string explanation, const Actor& actor);

  // Pending subject-access requests of the children in the actor's reach,
  // oldest due first; only those past their 3x24 h when `overdue_only`.
  // Operation::kSubjectAccess. Unsupported on a backend without the
  // request index (CaseStore::ChildrenWithPendingAccessRequest).
  Result<std::vector<SubjectAccessRequest>> PendingSubjectAccess(const Actor& actor,
                                                                 bool overdue_only);

  // Replaces the retention policy (default: DefaultRetentionPolicy()).
  void UseRetentionPolicy(RetentionPolicy policy);

  // Destroys the personal data of a child whose retention period has ended
  // at the clock's now (AssessRetention: never while a case is open, never
  // under legal hold): the child and its cases become tombstones
  // (privacy/tombstone.h), the staged roster facts are deleted, and every
  // event payload of their chains is destroyed (event hash format 2), each
  // chain gaining a "purge" event; Verify still passes and reports still
  // count the case. `dry_run` reports without writing. Operation::kPurge.
  Result<PurgeReport> PurgeChild(std::string_view child_id, const Actor& actor, bool dry_run);
  // PurgeChild over every child within the actor's reach, one transaction
  // per purged child. The report lists the children due.
  Result<PurgeReport> Purge(const Actor& actor, bool dry_run);

  // Seals the tails of all chains into a new checkpoint (event.h) at the
  // clock's time. Corruption "store.chain_shrunk" when a sealed chain was cut.
  Status Checkpoint();

  // ---- encryption at rest (issue 9; docs/encryption.md) ----

  // The store's key state (EncryptionInfo, case_store.h).
  Result<EncryptionInfo> Encryption();

  // Re-seals every sealed record (and recomputes its blind indexes) under
  // `new_key`, which becomes the current key at once (PermissionDenied
  // "crypto.wrong_key" when its id is known with other bytes). Works in
  // batches of options.batch_size records, each one transaction, so other
  // calls proceed between batches and a crash loses at most one batch: the
  // store stays readable with both keys (open with the new key and a
  // key_provider giving the old one) and RotateKey with the same key
  // resumes. When no record is left under another key, the other keys are
  // retired and a "key_rotated" event (actor, key ids, record count) is
  // appended to the store chain "atensi.store" (ChainKind::kStore). The
  // first RotateKey of a store written without a key seals its plaintext.
  // Requires Operation::kRotateKey (access/operation.h).
  Result<KeyRotationResult> RotateKey(const EncryptionKey& new_key, const Actor& actor,
                                      const KeyRotationOptions& options = {});

  // ---- authorized reads (issue 9; docs/access-control.md) ----
  //
  // Every read names the acting principal (an Actor: person, agency, role)
  // and, when it returns a child's personal data, a purpose. The core checks
  // the permission matrix and the principal's reach (access/case_scope.h)
  // and returns a view redacted for that principal (access/redaction.h).
  // A record the principal cannot reach at all is NotFound
  // "access.not_found" (its existence is not disclosed); too little reach is
  // PermissionDenied "access.scope"; hidden details "access.need_to_know";
  // a role the matrix does not allow "access.role"; a purpose the role may
  // not claim "access.purpose". A read of personal data appends one access
  // log entry (access/access_log.h) in the same write transaction as the
  // read: both or neither.

  // The case as this principal may see it. Logged (child of the case).
  Result<CaseView> ReadCase(std::string_view case_id, const Actor& actor, AccessPurpose purpose);
  // The child as this principal may see it (needs at least shared reach).
  // Logged.
  Result<ChildView> ReadChild(std::string_view child_id, const Actor& actor,
                              AccessPurpose purpose);
  // The audit events of a case (full reach and need-to-know clearance).
  // Logged.
  Result<std::vector<Event>> History(std::string_view case_id, const Actor& actor,
                                     AccessPurpose purpose);
  // The child's timeline (full reach on the child and clearance). Logged.
  Result<std::vector<Event>> ChildTimeline(std::string_view child_id, const Actor& actor,
                                           AccessPurpose purpose);
  // The cases of the child with this NIK that the principal reaches, as
  // views; empty when none (also when the NIK is unknown). Logged when a
  // case is returned.
  Result<std::vector<CaseView>> CasesByChildNik(std::string_view nik, const Actor& actor,
                                                AccessPurpose purpose);
  // A caseload page filtered to the cases the actor's agency leads or holds
  // by area (a page may hold fewer than page_size rows; the cursor stays
  // valid). Not logged: summaries carry no personal data.
  Result<Page<CaseSummary>> Caseload(const CaseloadQuery& query, const Actor& actor);
  // Due filtered as Caseload.
  Result<std::vector<DueItemRow>> Due(Instant now, Duration window,
                                      std::optional<RegionCode> within, const Actor& actor);
  // An agency's inbox / outbox: only the actor's own agency
  // (PermissionDenied "access.scope" for another).
  Result<Page<Referral>> Inbox(std::string_view agency_id, const ReferralQuery& query,
                               const Actor& actor);
  Result<Page<Referral>> Outbox(std::string_view agency_id, const ReferralQuery& query,
                                const Actor& actor);
  // The referrals of a case: all with full reach; with less, only those the
  // actor's agency is a party to.
  Result<std::vector<Referral>> ReferralsOfCase(std::string_view case_id, const Actor& actor);
  Result<std::vector<Transfer>> TransfersOfCase(std::string_view case_id, const Actor& actor);
  Result<std::optional<RoutingDecision>> RoutingOf(std::string_view case_id, const Actor& actor);
  // One referral / transfer: to its parties (the sending and the receiving
  // agency) and to a principal with full reach on its case; otherwise
  // NotFound "access.not_found"; an unknown id is NotFound
  // "store.referral_not_found" / "store.transfer_not_found".
  Result<Referral> GetReferral(std::string_view referral_id, const Actor& actor);
  Result<Transfer> GetTransfer(std::string_view transfer_id, const Actor& actor);
  // DuePage filtered as Caseload (a page may hold fewer rows than page_size;
  // the cursor stays valid).
  Result<Page<DueItemRow>> DuePage(Instant now, Duration window, const DueQuery& query,
                                   const Actor& actor);
  // The expiry job (ExpireReferrals below, trusted) run by a principal whose
  // role may (kExpireReferrals); returns only the expired referrals the
  // actor's agency is a party to.
  Result<std::vector<Referral>> ExpireReferrals(const Actor& actor);
  // The provincial report, for an agency whose coverage includes the
  // province (or a national agency); PermissionDenied "access.scope" else.
  Result<ProvinceReport> ProvinceReportFor(RegionCode province, Instant now, int trend_months,
                                           const Actor& actor);
  // Verify for a role the matrix allows (kVerify).
  Result<VerifyReport> Verify(const Actor& actor);

  // One case for an export (Operation::kExport: data officers and
  // integrators; the CLI's `export`): the case and its child as views
  // redacted for the principal (needs shared reach on the case), and the
  // referrals the principal may see (ReferralsOfCase). A child whose
  // processing is restricted is refused with FailedPrecondition
  // "privacy.restricted" (exports stop while restricted). Logged (operation
  // export, `purpose`) in the read's own transaction.
  struct ExportRecord {
    CaseView case_view;
    ChildView child_view;
    std::vector<Referral> referrals;
  };
  Result<ExportRecord> ReadForExport(std::string_view case_id, const Actor& actor,
                                     AccessPurpose purpose);
  // The cases an export by this principal may hold: Caseload(query, actor)
  // for a role allowed Operation::kExport (PermissionDenied "access.role"
  // otherwise, even when nothing would be listed).
  Result<Page<CaseSummary>> ExportListing(const CaseloadQuery& query, const Actor& actor);

  // The access log of a child (kReadAccessLog: supervisors, coordinators and
  // data officers with full reach on the child), oldest first. The read of
  // the log is itself logged (purpose audit) and included last.
  Result<std::vector<AccessLogEntry>> AccessLog(std::string_view child_id, const Actor& actor);

  // What `actor` may see of a case / a child (no log entry; for callers that
  // only decide what to show, and for tests). NotFound when the record does
  // not exist.
  Result<CaseAccess> AccessToCase(std::string_view case_id, const Actor& actor);
  Result<CaseAccess> AccessToChild(std::string_view child_id, const Actor& actor);

  [[nodiscard]] const LifecyclePolicy& policy() const { return policy_; }

 private:
  friend class internal::TrustedReads;  // src/store/trusted_reads.h

  // ---- trusted reads (issue 9) ----
  //
  // The reads below name no principal, so they are not part of the public
  // surface: the outer layers (C ABI, CLI, bindings) reach personal data only
  // through the authorized reads above. The library's own system processing
  // (the roster pipeline, jobs) and the tests, benchmarks and fuzz targets
  // call them through internal::TrustedReads (src/store/trusted_reads.h, not
  // installed), which documents who may and why. The authorized reads are
  // built on them.

  Result<Case> GetCase(std::string_view case_id);
  Result<Child> GetChild(std::string_view child_id);

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

  // One page of the same deadlines (overdue or due within `window` of
  // `now`, of cases whose child lives in query.within), ordered by (due
  // time, case id, step) and keyset-paginated: query.cursor is the previous
  // page's next_cursor. Reads the deadlines kept beside each case (computed
  // with the policy in force when the case was last written, as Due's
  // preselection) without reading any case document. InvalidArgument
  // "store.window" for a negative window, "store.page_size" (1..1000),
  // "store.cursor" for a malformed cursor.
  Result<Page<DueItemRow>> DuePage(Instant now, Duration window, const DueQuery& query);

  // The events of one case, in order. NotFound when the case does not exist.
  Result<std::vector<Event>> History(std::string_view case_id);

  // The child's own events and those of all its cases, in time order.
  // NotFound when the child does not exist.
  Result<std::vector<Event>> ChildTimeline(std::string_view child_id);

  // The child with this NIK (separators ignored), or nullopt.
  Result<std::optional<Child>> FindChildByNik(std::string_view nik);
  // The child imported from this roster row ("IDBDT/NoUrutART"), or nullopt.
  Result<std::optional<Child>> FindChildByRosterKey(std::string_view roster_key);

  // All cases of a child, in opening order. NotFound "store.child_not_found".
  Result<std::vector<Case>> CasesOfChild(std::string_view child_id);

  // Stages the roster row a child was imported from (RosterRecordToJson) for
  // screening; replaces earlier facts. Input data, not a decision: written
  // without an audit event (the child's register/update event records the
  // child's own fields) and not covered by Verify. Writes nothing when the
  // facts are unchanged. NotFound "store.child_not_found".
  Status PutRosterFacts(std::string_view child_id, const nlohmann::json& facts);
  // How many children have staged roster facts.
  Result<std::uint64_t> RosterFactsCount();
  // Up to `limit` (1..100000) (child id, facts) pairs with child id > `after`
  // ("" = from the start), in child id order: keyset pages over all staged facts.
  Result<std::vector<std::pair<std::string, nlohmann::json>>> RosterFactsPage(
      std::string_view after, std::size_t limit);

  // Expires every requested referral past its deadline at the clock's now,
  // one transaction per referral (a failure leaves the others done; inside
  // Batch they join it), acting as the system actor {"atensi.expiry",
  // requester agency, integrator}; lead referrals fall through as on
  // rejection. Returns the expired referrals.
  Result<std::vector<Referral>> ExpireReferrals();

  Result<Referral> GetReferral(std::string_view referral_id);
  Result<std::vector<Referral>> ReferralsOfCase(std::string_view case_id);
  // Referrals addressed to / sent by `agency_id` (see ReferralQuery).
  Result<Page<Referral>> Inbox(std::string_view agency_id, const ReferralQuery& query = {});
  Result<Page<Referral>> Outbox(std::string_view agency_id, const ReferralQuery& query = {});
  // The stored routing decision of a case; nullopt before RouteCase.
  Result<std::optional<RoutingDecision>> RoutingOf(std::string_view case_id);

  Result<Transfer> GetTransfer(std::string_view transfer_id);
  Result<std::vector<Transfer>> TransfersOfCase(std::string_view case_id);

  // The provincial report (report/province_report.h) for the cases and
  // children whose domicile lies in `province`, at `now`: SQL aggregates for
  // counts, caseload, categories, referrals and trend; overdue items from
  // the kept deadlines (DueItems as computed when each case was last written,
  // see DuePage); agency names from the registry.
  Result<ProvinceReport> ProvinceReportFor(RegionCode province, Instant now, int trend_months = 12);

  // Recomputes every hash chain and checkpoint and checks every record
  // against its chain; names the first broken link. Status errors are only
  // for failures to read (I/O, busy); a broken chain is report.ok == false.
  Result<VerifyReport> Verify();

  Casebook(std::unique_ptr<CaseStore> store, const Clock& clock, LifecyclePolicy policy,
           std::optional<std::uint64_t> id_seed, int checkpoint_every);

  std::string NewId(Instant now);
  void FillIds(Command& command, Instant now);
  CaseIndex IndexFor(const Case& c, const Child& child) const;
  // Builds the kept deadlines (CaseStore::RebuildDeadlines) when the store
  // marks them as missing (a file migrated to schema version 4); one write
  // transaction, run by Open.
  Status RebuildDeadlinesIfPending();
  // Counts a committed mutation and takes the automatic checkpoint when due.
  // A failed automatic checkpoint does not fail the mutation (Verify reports
  // the damage that made it fail).
  void AfterMutation();
  Status CheckpointLocked();
  // Takes mu_, unless this thread runs a Batch (which holds it).
  std::unique_lock<std::mutex> Lock();
  // The routing configuration; loads the shipped defaults on first use.
  Result<const AgencyRegistry*> RegistryLocked();
  Result<const RuleSet*> RulesLocked();
  // Referral helpers (casebook_referrals.cpp); run inside a transaction.
  ConsentScope ScopeFor(const Case& c, Instant now) const;
  Result<Referral> SendReferralLocked(const Case& c, const Involvement& inv,
                                      const std::string& from_agency, const Actor& actor,
                                      Instant now, std::vector<Referral>& case_referrals);
  Result<Case> SetLeadLocked(const Case& c, const Child& child, const std::string& agency_id,
                             const std::string& reason, const Actor& actor, Instant now);
  // `known_case`: the referral's case when the caller has already read it in
  // this transaction (it is read again only when absent and needed).
  Result<Referral> ApplyReferralLocked(const Referral& current, const ReferralEvent& event,
                                       const Actor& actor, Instant now,
                                       std::optional<Case> known_case = std::nullopt);

  // Authorization helpers (casebook_access.cpp); run inside a transaction
  // and under the lock. Other Casebook parts (privacy, crypto) call them.
  // `known_child`: c's child when the caller has read it in this
  // transaction (it is read here only when null).
  Result<CaseAccess> CaseAccessLocked(const Actor& actor, const Case& c, Instant now,
                                      const Child* known_child = nullptr);
  Result<CaseAccess> ChildAccessLocked(const Actor& actor, const Child& child, Instant now);
  // Authorize (access/case_scope.h) `op` on case `c` / child `child`.
  Status AuthorizeCaseLocked(const Actor& actor, Operation op, std::optional<Action> action,
                             const Case& c, Instant now, const Child* known_child = nullptr);
  Status AuthorizeChildLocked(const Actor& actor, Operation op, const Child& child, Instant now);
  // Appends an access log entry (write transaction).
  Status LogReadLocked(const Actor& actor, Operation op, AccessPurpose purpose,
                       std::string_view child_id, std::string_view case_id, Reach reach,
                       Instant now);
  // Authorize `op` for an access already computed, then the restriction
  // gate (RestrictionGateLocked).
  Status GateLocked(const Actor& actor, Operation op, const CaseAccess& access,
                    std::string_view child_id, const char* field);
  // The shape of every logged read (casebook_access.cpp): validates the
  // actor, its role for `op` and the purpose; then, in ONE write
  // transaction, reads the case / child, computes the principal's reach,
  // authorizes `op` (GateLocked), appends the access-log entry and runs
  // `produce`; commits only when all succeeded. Takes the lock.
  Status LoggedCaseRead(std::string_view case_id, const Actor& actor, Operation op,
                        AccessPurpose purpose,
                        const std::function<Status(const Case&, const CaseAccess&)>& produce);
  Status LoggedChildRead(std::string_view child_id, const Actor& actor, Operation op,
                         AccessPurpose purpose,
                         const std::function<Status(const Child&, const CaseAccess&)>& produce);
  // The shape of the unlogged per-case listings (referrals, transfers,
  // routing): validates the actor and its role for `role_op`, reads the case
  // and the principal's reach in a read transaction and runs `produce`
  // (which authorizes). Takes the lock.
  Status CaseListingRead(std::string_view case_id, const Actor& actor, Operation role_op,
                         const std::function<Status(const Case&, const CaseAccess&)>& produce);
  // The actor's agency when it has area authority on `on` (or null). Takes the lock.
  const Agency* AreaAgencyOf(const Actor& actor, Date on);
  // Inbox / Outbox: the actor's own agency only.
  Status OwnBoxOnly(std::string_view agency_id, const Actor& actor);

  std::mutex mu_;
  std::unique_ptr<CaseStore> store_;
  const Clock& clock_;
  LifecyclePolicy policy_;
  RecordIdGenerator ids_;
  int checkpoint_every_ = 0;
  int writes_since_checkpoint_ = 0;
  std::shared_ptr<const AgencyRegistry> registry_;
  std::shared_ptr<const RuleSet> rules_;
  ReferralPolicy referral_policy_;
  std::atomic<std::thread::id> batch_owner_{};
  RetentionPolicy retention_ = DefaultRetentionPolicy();

  // Privacy helpers (casebook_privacy.cpp); inside a transaction, under the lock.
  Result<PrivacyState> PrivacyStateLocked(std::string_view child_id);
  // FailedPrecondition "privacy.restricted" when the child's processing is
  // restricted (a data officer passes when `data_officer_may`).
  Status CheckNotRestrictedLocked(std::string_view child_id, const Actor& actor,
                                  bool data_officer_may = false);
  // Called by every authorization (AuthorizeCaseLocked / AuthorizeChildLocked)
  // after it allowed `op`: refuses what a restriction of processing forbids.
  Status RestrictionGateLocked(const Actor& actor, Operation op, std::string_view child_id);
  Status AppendChildPrivacyEventLocked(const Child& child, std::string_view action,
                                       std::string reason, nlohmann::json changes,
                                       const Actor& actor, Instant now);
  Status SetPrivacyFlag(std::string_view child_id, Operation op, std::string_view on,
                        std::string_view off, bool value, std::string reason, const Actor& actor);
  Result<PurgeItem> PurgeChildLocked(const Child& child, const Actor& actor, Instant now,
                                     bool dry_run);
  // The subject-access report of SubjectAccess, unredacted (the caller
  // redacts; casebook_privacy.cpp).
  Result<nlohmann::json> SubjectReportLocked(const Child& child, const PrivacyState& state,
                                             Instant now);
  // Answers `request` (pending) under the lock, in the caller's write
  // transaction: refusal or redacted report, outcome event, access log.
  Result<SubjectAccessAnswer> AnswerRequestLocked(const Child& child, const PrivacyState& state,
                                                  SubjectAccessRequest request, const Actor& actor,
                                                  Instant now);
  Result<SubjectAccessRequest> RecordAccessRequestLocked(const Child& child,
                                                         AccessRequester requester,
                                                         std::string guardian_id,
                                                         const Actor& actor, Instant now);
};

}  // namespace atensi

#endif  // ATENSI_CASEBOOK_H_
