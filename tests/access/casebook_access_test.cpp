// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Authorization enforced by the Casebook: role x action x scope, cross-
// jurisdiction reads, referral-limited visibility before, during and after a
// referral, need-to-know hiding, the three Primero permission bugs of
// shared/domain/peers.md §4 (items 8-9), and the access log (UU 27/2022 art
// 32). Agencies are those of the shipped Jambi registry; the child lives in
// Batang Asai, Sarolangun (15.03).

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "store/routing_fixture.h"

namespace atensi::testing {
namespace {

constexpr const char* kUptd = "uptd-ppa.15";
constexpr const char* kKerinci = "dinsos.15.01";  // another regency of the province

Actor P(std::string agency, Role role, std::string person) {
  return Actor{std::move(person), std::move(agency), role, kRightNone};
}

// One default-constructed command per lifecycle Action (the Command variant
// has one alternative per Action, in Action order).
template <std::size_t... I>
Command CommandAt(std::size_t index, std::index_sequence<I...>) {
  Command out;
  ((index == I ? (out = Command(std::in_place_index<I>), 0) : 0), ...);
  return out;
}
Command CommandFor(Action a) {
  return CommandAt(static_cast<std::size_t>(a) - 1,
                   std::make_index_sequence<std::variant_size_v<Command>>());
}

void ExpectAccessError(const Status& s, StatusCode code, std::string_view reason) {
  EXPECT_EQ(s.code(), code) << s.ToString();
  EXPECT_EQ(s.reason(), reason) << s.ToString();
}

class AccessTest : public RoutingTest {
 protected:
  // A case led by the Sarolangun social service, worker-r assigned.
  Case RegencyCase(AmpkSet cats = AmpkSet{AmpkCategory::kDisabilitas}, bool with_nik = true) {
    const Actor w = P(kRegency, Role::kCaseWorker, "worker-r");
    Child seed = SeedChild();
    if (!with_nik) seed.nik.reset();
    auto child = book_->RegisterChild(seed, w);
    EXPECT_TRUE(child.ok()) << child.status().ToString();
    child_ = child.ok() ? *child : Child{};
    OpenCaseRequest r;
    r.source = CaseSource::kOutreach;
    r.categories = cats;
    r.lead_agency_id = kRegency;
    r.assigned_worker_id = "worker-r";
    auto c = book_->OpenCase(child_.id, r, w);
    EXPECT_TRUE(c.ok()) << c.status().ToString();
    return c.ok() ? *c : Case{};
  }

  // A case registered, opened and routed by UPTD PPA (not an area agency):
  // routing makes the Kemensos centre lead and refers to Dukcapil, the
  // disability assistant, the PKH facilitator (co-facilitators) and the PKH
  // coordinator (informed). UPTD PPA is then only the referrer.
  Case UptdCase() {
    const Actor u = P(kUptd, Role::kCaseWorker, "uptd-w");
    auto child = book_->RegisterChild(SeedChild(), u);
    EXPECT_TRUE(child.ok()) << child.status().ToString();
    child_ = child.ok() ? *child : Child{};
    OpenCaseRequest r;
    r.source = CaseSource::kPkhScreening;
    r.categories = AmpkSet{AmpkCategory::kDisabilitas};
    r.lead_agency_id = kUptd;
    auto c = book_->OpenCase(child_.id, r, u);
    EXPECT_TRUE(c.ok()) << c.status().ToString();
    cmd::RecordConsent consent = Consent(child_);
    consent.purposes.push_back(ConsentPurpose::kReferralSharing);
    return Do(c.ok() ? *c : Case{}, consent, u);
  }
  std::pair<Case, RouteResult> UptdRoutedCase() {
    Case c = UptdCase();
    RouteResult routed = MustRoute(c, P(kUptd, Role::kCaseWorker, "uptd-w"));
    return {c, std::move(routed)};
  }
};

// Role x action x scope over every lifecycle command, through Casebook::Act.
// The expected version is wrong on purpose: an authorized command reaches
// the lifecycle and fails there with Conflict (nothing is written); a refused
// one fails with an access.* reason first. Scopes: lead, area (UU 23/2014
// annex F), active referral, another regency (cross-jurisdiction).
TEST_F(AccessTest, RoleActionScopeMatrixThroughAct) {
  auto [c, routed] = UptdRoutedCase();
  struct Scope {
    const char* name;
    std::string agency;
    bool full;  // lead or area
  };
  const Scope scopes[] = {{"lead", kCentre, true},
                          {"area", kRegency, true},
                          {"referral", kPkh, false},
                          {"referrer", kUptd, false},
                          {"other regency", kKerinci, false}};
  const Role roles[] = {Role::kCaseWorker,  Role::kSupervisor, Role::kCoordinator,
                        Role::kDataOfficer, Role::kViewer,     Role::kIntegrator};
  int allowed = 0;
  int refused = 0;
  for (const Scope& scope : scopes) {
    for (Role role : roles) {
      for (Action action : AllActions()) {
        const Actor actor = P(scope.agency, role, "person-1");
        auto r = book_->Act(c.id, 999, CommandFor(action), actor);
        ASSERT_FALSE(r.ok());
        const bool expect = scope.full && RoleMay(role, Operation::kActOnCase, action);
        const std::string what = std::string(scope.name) + " " + std::string(Name(role)) + " " +
                                 std::string(Name(action)) + ": " + r.status().ToString();
        if (expect) {
          EXPECT_EQ(r.status().code(), StatusCode::kConflict) << what;
          ++allowed;
        } else {
          EXPECT_THAT(r.status().reason(), ::testing::StartsWith("access.")) << what;
          ++refused;
        }
      }
    }
  }
  EXPECT_GT(allowed, 0);
  EXPECT_GT(refused, allowed);
  auto after = book_->AccessToCase(c.id, P(kCentre, Role::kSupervisor, "s"));
  ASSERT_TRUE(after.ok());
}

// The other operations of the matrix, by scope.
TEST_F(AccessTest, RoutingTransfersAndReferralsNeedTheirReach) {
  Case c = RegencyCase();
  // Cross-jurisdiction: Kerinci cannot route, transfer or request a case it
  // cannot see (NotFound: its existence is not disclosed).
  ExpectAccessError(book_->RouteCase(c.id, P(kKerinci, Role::kCoordinator, "k")).status(),
                    StatusCode::kNotFound, "access.not_found");
  ExpectAccessError(
      book_->ProposeTransfer(c.id, kKerinci, "x", P(kKerinci, Role::kSupervisor, "k")).status(),
      StatusCode::kNotFound, "access.not_found");
  // A viewer of the lead agency cannot route (matrix).
  ExpectAccessError(book_->RouteCase(c.id, P(kRegency, Role::kViewer, "v")).status(),
                    StatusCode::kPermissionDenied, "access.role");
  // The lead's supervisor can hand the case over.
  auto t = book_->ProposeTransfer(c.id, "dinsos.15.02", "family moved",
                                  P(kRegency, Role::kSupervisor, "sup-r"));
  EXPECT_TRUE(t.ok()) << t.status().ToString();
  // A transfer REQUEST (Primero) is how an agency without access asks the
  // owner: allowed, and it discloses nothing (the case is still not found).
  auto pull = book_->RequestTransfer(c.id, "x", P(kKerinci, Role::kSupervisor, "k"));
  EXPECT_EQ(pull.status().reason(), "transfer.open_exists");
  ExpectAccessError(
      book_->ReadCase(c.id, P(kKerinci, Role::kSupervisor, "k"), AccessPurpose::kTransfer).status(),
      StatusCode::kNotFound, "access.not_found");
}

// Cross-jurisdiction reads are refused as not found; listings leave the case
// out; another agency's inbox is refused.
TEST_F(AccessTest, CrossJurisdictionReadsAreRefused) {
  Case c = RegencyCase();
  for (const Actor& a :
       {P(kKerinci, Role::kSupervisor, "k"), P("dinsos.14.71", Role::kCoordinator, "x"),
        P(kPkh, Role::kCaseWorker, "pkh")}) {
    ExpectAccessError(book_->ReadCase(c.id, a, AccessPurpose::kCaseHandling).status(),
                      StatusCode::kNotFound, "access.not_found");
    ExpectAccessError(book_->ReadChild(child_.id, a, AccessPurpose::kCaseHandling).status(),
                      StatusCode::kNotFound, "access.not_found");
    auto page = book_->Caseload(CaseloadQuery{}, a);
    ASSERT_TRUE(page.ok());
    EXPECT_TRUE(page->items.empty()) << a.agency_id;
  }
  auto own = book_->Caseload(CaseloadQuery{}, P(kProvince, Role::kViewer, "v"));
  ASSERT_TRUE(own.ok());
  EXPECT_EQ(own->items.size(), 1u);  // the province covers Sarolangun
  ExpectAccessError(book_->Inbox(kRegency, {}, P(kKerinci, Role::kCaseWorker, "k")).status(),
                    StatusCode::kPermissionDenied, "access.scope");
  // Nothing disclosed, nothing logged.
  auto log = book_->AccessLog(child_.id, P(kRegency, Role::kSupervisor, "sup-r"));
  ASSERT_TRUE(log.ok()) << log.status().ToString();
  ASSERT_EQ(log->size(), 1u);  // only this read of the log itself
  EXPECT_EQ(log->front().operation, Operation::kReadAccessLog);
}

// Referral-limited visibility (UU 27/2022 art 25): nothing before the
// referral, what it shares while active, nothing after it ends. The
// referrer (UPTD PPA) keeps the status only.
TEST_F(AccessTest, ReferralLimitedVisibilityBeforeDuringAfter) {
  const Actor pkh = P(kPkh, Role::kCaseWorker, "pkh-1");
  const Actor dukcapil = P(kDukcapil, Role::kCaseWorker, "dk-1");
  // Before: the case is registered and opened by UPTD PPA, not yet routed.
  const Actor u = P(kUptd, Role::kCaseWorker, "uptd-w");
  Case c = UptdCase();
  ExpectAccessError(book_->ReadChild(child_.id, pkh, AccessPurpose::kReferral).status(),
                    StatusCode::kNotFound, "access.not_found");
  ExpectAccessError(book_->ReadCase(c.id, pkh, AccessPurpose::kReferral).status(),
                    StatusCode::kNotFound, "access.not_found");
  RouteResult routed = MustRoute(c, u);
  ASSERT_EQ(routed.case_after.lead_agency_id, kCentre);
  // During: the PKH facilitator sees identity and case summary.
  auto view = book_->ReadChild(child_.id, pkh, AccessPurpose::kReferral);
  ASSERT_TRUE(view.ok()) << view.status().ToString();
  EXPECT_EQ(view->reach, Reach::kShared);
  EXPECT_EQ(view->value.name, child_.name);
  EXPECT_TRUE(view->value.guardians.empty());
  EXPECT_TRUE(view->value.family_links.empty());
  auto case_view = book_->ReadCase(c.id, pkh, AccessPurpose::kReferral);
  ASSERT_TRUE(case_view.ok());
  EXPECT_TRUE(case_view->value.consents.empty());
  EXPECT_TRUE(case_view->value.categories.Has(AmpkCategory::kDisabilitas));
  ExpectAccessError(book_->History(c.id, pkh, AccessPurpose::kReferral).status(),
                    StatusCode::kPermissionDenied, "access.scope");
  // The referrer sees the status, not the file (issue 9: "A PKH office sees
  // the status of cases it referred").
  auto status = book_->ReadCase(c.id, u, AccessPurpose::kCaseHandling);
  ASSERT_TRUE(status.ok()) << status.status().ToString();
  EXPECT_EQ(status->reach, Reach::kStatus);
  EXPECT_EQ(status->value.lead_agency_id, kCentre);
  EXPECT_TRUE(status->value.consents.empty());
  EXPECT_TRUE(status->value.categories.empty());
  ExpectAccessError(book_->ReadChild(child_.id, u, AccessPurpose::kCaseHandling).status(),
                    StatusCode::kPermissionDenied, "access.scope");
  // After: PKH declines, Dukcapil completes; both lose access.
  const Referral* to_pkh = To(routed.created, kPkh);
  const Referral* to_dk = To(routed.created, kDukcapil);
  ASSERT_NE(to_pkh, nullptr);
  ASSERT_NE(to_dk, nullptr);
  Act(*to_pkh, ReferralEventKind::kReject, pkh, "not our programme");
  Referral dk = Act(*to_dk, ReferralEventKind::kAccept, dukcapil);
  dk = Act(dk, ReferralEventKind::kStart, dukcapil);
  auto dk_view = book_->ReadChild(child_.id, dukcapil, AccessPurpose::kReferral);
  EXPECT_TRUE(dk_view.ok()) << dk_view.status().ToString();
  Act(dk, ReferralEventKind::kComplete, dukcapil, "", "akta issued");
  for (const Actor& a : {pkh, dukcapil}) {
    ExpectAccessError(book_->ReadChild(child_.id, a, AccessPurpose::kReferral).status(),
                      StatusCode::kNotFound, "access.not_found");
    ExpectAccessError(book_->ReadCase(c.id, a, AccessPurpose::kReferral).status(),
                      StatusCode::kNotFound, "access.not_found");
  }
}

// UU 35/2014 art 64: on an ABH case only the lead's assigned worker and its
// supervisors see the name and details.
TEST_F(AccessTest, NeedToKnowHidesDetailsFromEveryoneElse) {
  Case c = RegencyCase(AmpkSet{AmpkCategory::kAbh});
  const Actor assigned = P(kRegency, Role::kCaseWorker, "worker-r");
  const Actor supervisor = P(kRegency, Role::kSupervisor, "sup-r");
  const Actor colleague = P(kRegency, Role::kCaseWorker, "worker-x");
  const Actor coordinator = P(kRegency, Role::kCoordinator, "coord-r");
  const Actor province = P(kProvince, Role::kSupervisor, "sup-p");
  for (const Actor& a : {assigned, supervisor}) {
    auto v = book_->ReadChild(child_.id, a, AccessPurpose::kCaseHandling);
    ASSERT_TRUE(v.ok()) << v.status().ToString();
    EXPECT_EQ(v->value.name, child_.name) << a.person_id;
    EXPECT_TRUE(v->hidden.empty());
  }
  for (const Actor& a : {colleague, coordinator, province}) {
    auto v = book_->ReadChild(child_.id, a, AccessPurpose::kCaseHandling);
    ASSERT_TRUE(v.ok()) << v.status().ToString();
    EXPECT_TRUE(v->value.name.empty()) << a.person_id;
    EXPECT_FALSE(v->value.nik.has_value()) << a.person_id;
    ExpectAccessError(book_->History(c.id, a, AccessPurpose::kCaseHandling).status(),
                      StatusCode::kPermissionDenied, "access.need_to_know");
  }
  ExpectAccessError(book_->Act(c.id, c.version, cmd::RecordContact{"visit"}, colleague).status(),
                    StatusCode::kPermissionDenied, "access.need_to_know");
  // No self-assignment into a hidden case.
  ExpectAccessError(book_->Act(c.id, c.version, cmd::AssignWorker{"worker-x"}, colleague).status(),
                    StatusCode::kPermissionDenied, "access.need_to_know");
  // The supervisor reassigns: clearance follows the assignment.
  Case reassigned = Do(c, cmd::AssignWorker{"worker-x"}, supervisor);
  auto now_visible = book_->ReadChild(child_.id, colleague, AccessPurpose::kCaseHandling);
  ASSERT_TRUE(now_visible.ok());
  EXPECT_EQ(now_visible->value.name, child_.name);
  auto now_hidden = book_->ReadChild(child_.id, assigned, AccessPurpose::kCaseHandling);
  ASSERT_TRUE(now_hidden.ok());
  EXPECT_TRUE(now_hidden->value.name.empty());
  EXPECT_EQ(reassigned.assigned_worker_id, "worker-x");
}

// Primero R2-3930: "Assign-from-list appears to let users assign cases to
// which they have no access". Here assignment needs full reach on the case.
TEST_F(AccessTest, PrimeroBugAssigningACaseWithoutAccessIsImpossible) {
  Case c = RegencyCase(AmpkSet{AmpkCategory::kDisabilitas}, /*with_nik=*/false);
  const Actor outsider = P(kKerinci, Role::kSupervisor, "sup-k");
  ExpectAccessError(book_->Act(c.id, c.version, cmd::AssignWorker{"w-k"}, outsider).status(),
                    StatusCode::kNotFound, "access.not_found");
  // A referral recipient (shared reach) cannot assign either.
  auto [rc, routed] = UptdRoutedCase();
  ExpectAccessError(book_
                        ->Act(rc.id, routed.case_after.version, cmd::AssignWorker{"pkh-1"},
                              P(kPkh, Role::kSupervisor, "pkh-s"))
                        .status(),
                    StatusCode::kPermissionDenied, "access.scope");
  auto unchanged =
      book_->ReadCase(c.id, P(kRegency, Role::kSupervisor, "sup-r"), AccessPurpose::kSupervision);
  ASSERT_TRUE(unchanged.ok());
  EXPECT_EQ(unchanged->value.assigned_worker_id, "worker-r");
  EXPECT_EQ(unchanged->value.version, c.version);
}

// Primero R2-3568: "Everyone sees linked cases form, regardless of
// permissions". A linked case is a record with its own access: a referral
// recipient of one case sees neither the link nor the linked case.
TEST_F(AccessTest, PrimeroBugLinkedRecordsAreNotShownToEveryone) {
  auto [first, routed] = UptdRoutedCase();
  const Actor centre = P(kCentre, Role::kCaseWorker, "centre-w");
  OpenCaseRequest r;
  r.source = CaseSource::kOutreach;
  r.lead_agency_id = kCentre;
  r.link = CaseLink{first.id, "residential episode alongside family-based services"};
  auto second = book_->OpenCase(child_.id, r, centre);
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  const Actor pkh = P(kPkh, Role::kCaseWorker, "pkh-1");
  ExpectAccessError(book_->ReadCase(second->id, pkh, AccessPurpose::kReferral).status(),
                    StatusCode::kNotFound, "access.not_found");
  auto lead_view = book_->ReadCase(second->id, centre, AccessPurpose::kCaseHandling);
  ASSERT_TRUE(lead_view.ok());
  ASSERT_TRUE(lead_view->value.link.has_value());
  EXPECT_EQ(lead_view->value.link->case_id, first.id);
  auto listed = book_->CasesByChildNik(*child_.nik, pkh, AccessPurpose::kReferral);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 1u);  // only the referred case
  EXPECT_EQ(listed->front().value.id, first.id);
  EXPECT_FALSE(listed->front().value.link.has_value());
}

// Primero R2-3157: "Supervisors can un-hide name, even with view-only
// access". A viewer with every right gets the name hidden; there is no call
// that un-hides it.
TEST_F(AccessTest, PrimeroBugAViewerCannotUnhideAName) {
  Case c = RegencyCase(AmpkSet{AmpkCategory::kKejahatanSeksual});
  Actor viewer = P(kRegency, Role::kViewer, "viewer-r");
  viewer.rights = 0xFFFFFFFFu;
  auto v = book_->ReadChild(child_.id, viewer, AccessPurpose::kCaseHandling);
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_TRUE(v->value.name.empty());
  EXPECT_THAT(v->hidden, ::testing::Contains("name"));
  // Claiming supervision does not help: a viewer may not claim it.
  ExpectAccessError(book_->ReadChild(child_.id, viewer, AccessPurpose::kSupervision).status(),
                    StatusCode::kPermissionDenied, "access.purpose");
  auto cv = book_->ReadCase(c.id, viewer, AccessPurpose::kCaseHandling);
  ASSERT_TRUE(cv.ok());
  EXPECT_TRUE(cv->value.consents.empty());
}

// UU 27/2022 art 32: every read of personal data is in the log, with actor,
// purpose and time; the log is listable per child and access-controlled.
TEST_F(AccessTest, AccessLogRecordsEveryReadAndIsItselfControlled) {
  Case c = RegencyCase();
  const Actor worker = P(kRegency, Role::kCaseWorker, "worker-r");
  const Actor supervisor = P(kRegency, Role::kSupervisor, "sup-r");
  const Actor officer = P(kProvince, Role::kDataOfficer, "do-p");
  clock_.AdvanceMillis(1000);
  ASSERT_TRUE(book_->ReadChild(child_.id, worker, AccessPurpose::kCaseHandling).ok());
  clock_.AdvanceMillis(1000);
  ASSERT_TRUE(book_->ReadCase(c.id, supervisor, AccessPurpose::kSupervision).ok());
  clock_.AdvanceMillis(1000);
  ASSERT_TRUE(book_->History(c.id, worker, AccessPurpose::kCaseHandling).ok());
  // A refused read writes nothing.
  ASSERT_FALSE(
      book_->ReadChild(child_.id, P(kKerinci, Role::kCaseWorker, "k"), AccessPurpose::kCaseHandling)
          .ok());
  // Listings carry no personal data and are not logged.
  ASSERT_TRUE(book_->Caseload(CaseloadQuery{}, worker).ok());

  // The log is controlled: a case worker may not read it (access.role), an
  // agency without reach gets not-found.
  ExpectAccessError(book_->AccessLog(child_.id, worker).status(), StatusCode::kPermissionDenied,
                    "access.role");
  ExpectAccessError(book_->AccessLog(child_.id, P(kKerinci, Role::kDataOfficer, "do-k")).status(),
                    StatusCode::kNotFound, "access.not_found");

  auto log = book_->AccessLog(child_.id, officer);
  ASSERT_TRUE(log.ok()) << log.status().ToString();
  ASSERT_EQ(log->size(), 4u);
  const AccessLogEntry& e0 = (*log)[0];
  EXPECT_EQ(e0.operation, Operation::kReadChild);
  EXPECT_EQ(e0.person_id, "worker-r");
  EXPECT_EQ(e0.agency_id, kRegency);
  EXPECT_EQ(e0.role, Role::kCaseWorker);
  EXPECT_EQ(e0.purpose, AccessPurpose::kCaseHandling);
  EXPECT_EQ(e0.reach, Reach::kFull);
  EXPECT_EQ(e0.at, StartTime().PlusMillis(1000));
  EXPECT_TRUE(e0.case_id.empty());
  EXPECT_EQ((*log)[1].operation, Operation::kReadCase);
  EXPECT_EQ((*log)[1].purpose, AccessPurpose::kSupervision);
  EXPECT_EQ((*log)[1].case_id, c.id);
  EXPECT_EQ((*log)[2].operation, Operation::kReadHistory);
  EXPECT_EQ((*log)[3].operation, Operation::kReadAccessLog);  // the log read itself
  EXPECT_EQ((*log)[3].person_id, "do-p");
  EXPECT_EQ((*log)[3].purpose, AccessPurpose::kAudit);
  EXPECT_LT((*log)[0].seq, (*log)[3].seq);
  // Append-only through SQL too.
  std::string out;
  EXPECT_NE(RunSqliteShell(path_, "DELETE FROM access_log;", &out), 0);
  EXPECT_NE(RunSqliteShell(path_, "UPDATE access_log SET purpose = 1;", &out), 0);
}

// Self-approval stays the lifecycle's rule (one source of truth): the matrix
// lets supervisors approve, the lifecycle refuses the plan's author without
// kRightSelfApprove (Primero R2-3351).
TEST_F(AccessTest, SelfApprovalIsDecidedByTheLifecycle) {
  Case c = RegencyCase();
  const Actor sup = P(kRegency, Role::kSupervisor, "sup-r");
  c = Do(c, Consent(child_), sup);
  c = Do(c, cmd::StartAssessment{}, sup);
  c = Do(c, cmd::CompleteAssessment{"needs therapy"}, sup);
  PlanItem item;
  item.component = AtensiComponent::kTerapi;
  item.base = ServiceBase::kKeluarga;
  item.description = "terapi";
  c = Do(c, cmd::ProposePlan{"", {item}}, sup);
  ASSERT_TRUE(c.plan.has_value());
  ExpectAccessError(book_->Act(c.id, c.version, cmd::ApprovePlan{c.plan->id}, sup).status(),
                    StatusCode::kPermissionDenied, "lifecycle.self_approval");
  ExpectAccessError(book_
                        ->Act(c.id, c.version, cmd::ApprovePlan{c.plan->id},
                              P(kRegency, Role::kCaseWorker, "worker-r"))
                        .status(),
                    StatusCode::kPermissionDenied, "access.role");
  Actor self = sup;
  self.rights = kRightSelfApprove;
  auto approved = book_->Act(c.id, c.version, cmd::ApprovePlan{c.plan->id}, self);
  EXPECT_TRUE(approved.ok()) << approved.status().ToString();
}

}  // namespace
}  // namespace atensi::testing
