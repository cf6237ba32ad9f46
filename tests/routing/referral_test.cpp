// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// The referral handshake: FHIR Task statuses as profiled for closed-loop
// referrals (SDOHCC, shared/domain/peers.md §3.5), who may set each status,
// response deadlines, consent-scoped sharing (UU 27/2022) and fall-through.

#include "atensi/routing/referral.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>
#include <tuple>
#include <vector>

#include "atensi/routing/router.h"
#include "routing_test_util.h"

namespace atensi {
namespace {

using ::testing::HasSubstr;
using testing_util::BaseFacts;
using testing_util::Code;
using testing_util::DefaultRegistry;
using testing_util::DefaultRules;
using testing_util::RouteDay;

using S = ReferralStatus;
using E = ReferralEventKind;

const Instant kT0 = Instant::FromSeconds(1'614'556'800);  // 2021-03-01T00:00:00Z
const Actor kRequester{"p-req", "dinsos.15.03", Role::kCaseWorker, kRightNone};
const Actor kResponder{"p-resp", "kemensos.sentra.alyatama", Role::kCaseWorker, kRightNone};
const Actor kStranger{"p-x", "uptd-ppa.15", Role::kCaseWorker, kRightNone};

ConsentScope FullConsent() {
  return ConsentScope{{"identity", "assessment", "health"}, {"referral"}, {}, false};
}

ReferralRequest Request(std::string id = "ref-1", std::string to = "kemensos.sentra.alyatama") {
  ReferralRequest r;
  r.id = std::move(id);
  r.case_id = "case-1";
  r.from_agency = "dinsos.15.03";
  r.to_agency = std::move(to);
  r.role = InvolvementRole::kLead;
  r.reason = "Problem not handled through PKH";
  r.rule_id = "centre.not_handled_fallback";
  r.shared_fields = {"identity", "assessment"};
  r.plan_item_id = "plan-7";
  r.response_window_hours = 72;
  return r;
}

Referral Requested() {
  auto r = NewReferral(Request(), FullConsent(), kRequester, kT0, /*submit=*/true);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return *r;
}

Referral InStatus(S status) {
  Referral r = Requested();
  r.status = status;
  return r;
}

ReferralEvent Ev(E kind) {
  ReferralEvent e;
  e.kind = kind;
  e.reason = "a reason";
  e.outcome = "an outcome";
  return e;
}

enum class Who { kByRequester, kByResponder, kByEither };

// The SDOHCC referral Task state diagram and its "who sets each status" note,
// written out independently of the implementation.
struct Allowed {
  E event;
  S from;
  S to;
  Who who;
};
const std::vector<Allowed>& SpecTable() {
  static const std::vector<Allowed> table = [] {
    std::vector<Allowed> t = {
        {E::kSubmit, S::kDraft, S::kRequested, Who::kByRequester},
        {E::kAccept, S::kRequested, S::kAccepted, Who::kByResponder},
        {E::kReject, S::kRequested, S::kRejected, Who::kByResponder},
        {E::kStart, S::kAccepted, S::kInProgress, Who::kByResponder},
        {E::kHold, S::kAccepted, S::kOnHold, Who::kByResponder},
        {E::kHold, S::kInProgress, S::kOnHold, Who::kByResponder},
        {E::kResume, S::kOnHold, S::kInProgress, Who::kByResponder},
        {E::kCancel, S::kDraft, S::kCancelled, Who::kByRequester},
        {E::kCancel, S::kRequested, S::kCancelled, Who::kByRequester},
    };
    for (S from : {S::kAccepted, S::kInProgress, S::kOnHold}) {
      t.push_back({E::kComplete, from, S::kCompleted, Who::kByResponder});
      t.push_back({E::kFail, from, S::kFailed, Who::kByResponder});
      t.push_back({E::kCancel, from, S::kCancelled, Who::kByEither});
    }
    for (int s = 1; s <= 10; ++s) {
      if (static_cast<S>(s) != S::kEnteredInError) {
        t.push_back({E::kEnterInError, static_cast<S>(s), S::kEnteredInError, Who::kByRequester});
      }
    }
    return t;
  }();
  return table;
}

// Every (status, event, party) combination: allowed ones give the target
// status, a wrong party is PermissionDenied, anything else FailedPrecondition.
TEST(ReferralTransitionTest, EveryTransitionAllowedOrRefusedWithWhoMaySetIt) {
  int allowed = 0;
  int refused = 0;
  for (int s = 1; s <= 10; ++s) {
    for (int e = 1; e <= 10; ++e) {  // kExpire has its own tests (needs the clock)
      const S from = static_cast<S>(s);
      const E event = static_cast<E>(e);
      const Allowed* spec = nullptr;
      for (const auto& a : SpecTable()) {
        if (a.event == event && a.from == from) spec = &a;
      }
      for (const Actor* actor : {&kRequester, &kResponder}) {
        auto r = ApplyReferralEvent(InStatus(from), Ev(event), *actor, kT0.PlusHours(1));
        const bool is_req = actor == &kRequester;
        if (spec == nullptr) {
          ASSERT_FALSE(r.ok()) << Name(event) << " from " << Name(from);
          EXPECT_EQ(r.status().reason(), "referral.transition") << Name(event) << Name(from);
          ++refused;
        } else if (spec->who == Who::kByEither || (spec->who == Who::kByRequester) == is_req) {
          ASSERT_TRUE(r.ok()) << Name(event) << " from " << Name(from) << ": "
                              << r.status().ToString();
          EXPECT_EQ(r->status, spec->to);
          ASSERT_FALSE(r->history.empty());
          EXPECT_EQ(r->history.back().from, from);
          EXPECT_EQ(r->history.back().to, spec->to);
          EXPECT_EQ(r->history.back().actor_agency_id, actor->agency_id);
          ++allowed;
        } else {
          ASSERT_FALSE(r.ok()) << Name(event) << " from " << Name(from);
          EXPECT_EQ(r.status().code(), StatusCode::kPermissionDenied);
          EXPECT_EQ(r.status().reason(), "referral.wrong_party");
          ++refused;
        }
      }
    }
  }
  EXPECT_GT(allowed, 20);
  EXPECT_GT(refused, 100);
}

TEST(ReferralTransitionTest, TerminalStatusesAcceptOnlyEnteredInError) {
  for (S s : {S::kRejected, S::kCancelled, S::kCompleted, S::kFailed, S::kEnteredInError}) {
    EXPECT_TRUE(IsTerminal(s));
    for (E e : {E::kAccept, E::kStart, E::kComplete, E::kCancel, E::kResume}) {
      EXPECT_FALSE(ApplyReferralEvent(InStatus(s), Ev(e), kResponder, kT0).ok());
    }
  }
  for (S s : {S::kDraft, S::kRequested, S::kAccepted, S::kInProgress, S::kOnHold}) {
    EXPECT_FALSE(IsTerminal(s));
  }
}

TEST(ReferralTransitionTest, OnlyThePartiesMayAct) {
  auto r = ApplyReferralEvent(Requested(), Ev(E::kAccept), kStranger, kT0);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().reason(), "referral.not_a_party");
  Actor empty = kResponder;
  empty.person_id.clear();
  EXPECT_EQ(ApplyReferralEvent(Requested(), Ev(E::kAccept), empty, kT0).status().reason(),
            "actor.missing");
}

TEST(ReferralTransitionTest, FhirStatusCodesRoundTrip) {
  EXPECT_EQ(Name(S::kInProgress), "in-progress");
  EXPECT_EQ(Name(S::kOnHold), "on-hold");
  EXPECT_EQ(Name(S::kEnteredInError), "entered-in-error");
  for (int s = 1; s <= 10; ++s) {
    EXPECT_EQ(ParseReferralStatus(Name(static_cast<S>(s))), static_cast<S>(s));
  }
  for (int e = 1; e <= 11; ++e) {
    EXPECT_EQ(ParseReferralEventKind(Name(static_cast<E>(e))), static_cast<E>(e));
  }
}

// FHIR Task.statusReason: rejection, failure and cancellation need a reason;
// completion records the outcome.
TEST(ReferralTransitionTest, RejectionNeedsReasonAndCompletionNeedsOutcome) {
  ReferralEvent reject{E::kReject, "", ""};
  EXPECT_EQ(ApplyReferralEvent(Requested(), reject, kResponder, kT0).status().reason(),
            "referral.reason_required");
  reject.reason = "No capacity for residential care";
  auto rejected = ApplyReferralEvent(Requested(), reject, kResponder, kT0.PlusHours(2));
  ASSERT_TRUE(rejected.ok());
  EXPECT_EQ(rejected->rejection_reason, "No capacity for residential care");
  EXPECT_EQ(rejected->status_reason, "No capacity for residential care");
  EXPECT_EQ(rejected->responded_at, kT0.PlusHours(2));

  ReferralEvent complete{E::kComplete, "", ""};
  EXPECT_EQ(
      ApplyReferralEvent(InStatus(S::kInProgress), complete, kResponder, kT0).status().reason(),
      "referral.outcome_required");
  EXPECT_EQ(ApplyReferralEvent(InStatus(S::kInProgress), ReferralEvent{E::kCancel, "", ""},
                               kRequester, kT0)
                .status()
                .reason(),
            "referral.reason_required");
}

// Completion records the outcome and closes the plan item the referral served.
TEST(ReferralEffectsTest, CompletionClosesThePlanItem) {
  Referral before = InStatus(S::kInProgress);
  auto after = ApplyReferralEvent(before, ReferralEvent{E::kComplete, "", "Akta issued"},
                                  kResponder, kT0.PlusHours(5));
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->outcome, "Akta issued");
  ReferralEffects fx = EffectsOf(before, *after);
  EXPECT_EQ(fx.close_plan_item, "plan-7");
  EXPECT_EQ(fx.outcome, "Akta issued");
  EXPECT_FALSE(fx.fall_through);
  EXPECT_FALSE(EffectsOf(before, before).close_plan_item.has_value());
}

// The deadline is inclusive; after it the referral expires (FHIR: cancelled,
// statusReason "expired") and answers are refused.
TEST(ReferralDeadlineTest, ExpiresOnlyAfterTheDeadline) {
  Referral r = Requested();
  ASSERT_TRUE(r.response_due_at.has_value());
  EXPECT_EQ(*r.response_due_at, kT0.PlusHours(72));
  EXPECT_EQ(r.requested_at, kT0);
  const Instant due = *r.response_due_at;

  EXPECT_FALSE(IsOverdue(r, due));
  auto early = ApplyReferralEvent(r, Ev(E::kExpire), kRequester, due);
  EXPECT_EQ(early.status().reason(), "referral.not_due");
  EXPECT_TRUE(ApplyReferralEvent(r, Ev(E::kAccept), kResponder, due).ok());

  const Instant late = due.PlusMillis(1);
  EXPECT_TRUE(IsOverdue(r, late));
  auto accept = ApplyReferralEvent(r, Ev(E::kAccept), kResponder, late);
  EXPECT_EQ(accept.status().code(), StatusCode::kExpired);
  EXPECT_EQ(accept.status().reason(), "referral.expired");
  EXPECT_EQ(ApplyReferralEvent(r, Ev(E::kReject), kResponder, late).status().reason(),
            "referral.expired");
  auto expired = ApplyReferralEvent(r, ReferralEvent{E::kExpire, "", ""}, kRequester, late);
  ASSERT_TRUE(expired.ok()) << expired.status().ToString();
  EXPECT_EQ(expired->status, S::kCancelled);
  EXPECT_EQ(expired->status_reason, "expired");
  EXPECT_TRUE(expired->expired());
  EXPECT_TRUE(EffectsOf(r, *expired).fall_through);
  // Only a requested referral can expire.
  Referral accepted = InStatus(S::kAccepted);
  EXPECT_EQ(ApplyReferralEvent(accepted, Ev(E::kExpire), kRequester, late).status().reason(),
            "referral.transition");
}

// Rejection routes the case to the next candidate of the routing decision.
TEST(ReferralFallThroughTest, RejectionAndExpiryMoveToTheNextCandidate) {
  CaseFacts f = BaseFacts();
  f.categories.Add(AmpkCategory::kKekerasanFisikPsikis);
  f.residential_need = true;
  auto d = Route(f, DefaultRules(), DefaultRegistry(), RouteDay());
  ASSERT_TRUE(d.ok());
  // Lead: UPTD PPA; candidates: provincial Dinsos, then the regency Dinsos.
  std::vector<Referral> refs;
  auto first = NextCandidate(*d, refs);
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->agency_id, "uptd-ppa.15");

  ReferralRequest req = Request("ref-a", std::string(first->agency_id));
  auto a = NewReferral(req, FullConsent(), kRequester, kT0, true);
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  Actor ppa{"p-ppa", "uptd-ppa.15", Role::kCaseWorker, kRightNone};
  auto rejected = ApplyReferralEvent(*a, ReferralEvent{E::kReject, "Not a protection case", ""},
                                     ppa, kT0.PlusHours(1));
  ASSERT_TRUE(rejected.ok());
  EXPECT_TRUE(EffectsOf(*a, *rejected).fall_through);
  refs.push_back(*rejected);

  auto second = NextCandidate(*d, refs);
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(second->agency_id, "dinsos.15");
  auto b = NewReferral(Request("ref-b", "dinsos.15"), FullConsent(), kRequester, kT0, true);
  ASSERT_TRUE(b.ok());
  Actor prov{"p-prov", "dinsos.15", Role::kCaseWorker, kRightNone};
  auto expired = ApplyReferralEvent(*b, ReferralEvent{E::kExpire, "", ""}, prov, kT0.PlusHours(73));
  ASSERT_TRUE(expired.ok());
  EXPECT_TRUE(EffectsOf(*b, *expired).fall_through);
  refs.push_back(*expired);

  auto third = NextCandidate(*d, refs);
  ASSERT_TRUE(third.has_value());
  EXPECT_EQ(third->agency_id, "dinsos.15.03");
  Referral self = *b;
  self.id = "ref-c";
  self.to_agency = "dinsos.15.03";
  self.status = S::kAccepted;
  refs.push_back(self);
  EXPECT_FALSE(NextCandidate(*d, refs).has_value());
  // A referral entered in error does not count as tried.
  refs.back().status = S::kEnteredInError;
  EXPECT_EQ(NextCandidate(*d, refs)->agency_id, "dinsos.15.03");
}

// UU 27/2022 arts 22, 25: share only what the consent covers.
TEST(ReferralConsentTest, SharesOnlyWhatConsentCovers) {
  ReferralRequest req = Request();
  req.shared_fields = {"identity", "court_record"};
  auto r = NewReferral(req, FullConsent(), kRequester, kT0, true);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(r.status().reason(), "referral.consent_field");
  EXPECT_EQ(r.status().field(), "court_record");
  EXPECT_THAT(r.status().message(), HasSubstr("UU 27/2022"));

  ConsentScope withdrawn = FullConsent();
  withdrawn.withdrawn = true;
  EXPECT_EQ(NewReferral(Request(), withdrawn, kRequester, kT0, true).status().reason(),
            "referral.consent_withdrawn");
  ConsentScope other_purpose = FullConsent();
  other_purpose.purposes = {"service_delivery"};
  EXPECT_EQ(NewReferral(Request(), other_purpose, kRequester, kT0, true).status().reason(),
            "referral.consent_purpose");
  ConsentScope named = FullConsent();
  named.recipients = {"uptd-ppa.15"};
  EXPECT_EQ(NewReferral(Request(), named, kRequester, kT0, true).status().reason(),
            "referral.consent_recipient");
  named.recipients.push_back("kemensos.sentra.alyatama");
  EXPECT_TRUE(NewReferral(Request(), named, kRequester, kT0, true).ok());
}

// UU 27/2022 art 25: consent withdrawn after the referral was made stops disclosure.
TEST(ReferralConsentTest, RecheckedAtDisclosure) {
  Referral r = Requested();
  EXPECT_TRUE(CheckReferralSharing(r, FullConsent()).ok());
  ConsentScope later = FullConsent();
  later.withdrawn = true;
  EXPECT_EQ(CheckReferralSharing(r, later).reason(), "referral.consent_withdrawn");
  later = FullConsent();
  later.fields = {"identity"};
  EXPECT_EQ(CheckReferralSharing(r, later).field(), "assessment");
}

TEST(ReferralCreateTest, ValidatesRequestAndRequester) {
  EXPECT_EQ(NewReferral(Request(), FullConsent(), kResponder, kT0, true).status().reason(),
            "referral.not_requester");
  ReferralRequest self = Request("r", "dinsos.15.03");
  EXPECT_EQ(NewReferral(self, FullConsent(), kRequester, kT0, true).status().reason(),
            "referral.field");
  ReferralRequest no_reason = Request();
  no_reason.reason.clear();
  EXPECT_EQ(NewReferral(no_reason, FullConsent(), kRequester, kT0, true).status().field(),
            "reason");
  auto draft = NewReferral(Request(), FullConsent(), kRequester, kT0, false);
  ASSERT_TRUE(draft.ok());
  EXPECT_EQ(draft->status, S::kDraft);
  EXPECT_FALSE(draft->response_due_at.has_value());
  auto submitted = ApplyReferralEvent(*draft, Ev(E::kSubmit), kRequester, kT0.PlusHours(3));
  ASSERT_TRUE(submitted.ok());
  EXPECT_EQ(submitted->response_due_at, kT0.PlusHours(75));
}

// [S6]: several agencies work one case; exactly one lead.
TEST(ReferralCaseTest, ExactlyOneOpenLeadAnyNumberOfOthers) {
  std::vector<Referral> refs = {Requested()};
  Referral second_lead = Requested();
  second_lead.id = "ref-2";
  second_lead.to_agency = "uptd-ppa.15";
  EXPECT_EQ(CheckCanAdd(refs, second_lead).reason(), "referral.lead_exists");
  Referral co = second_lead;
  co.role = InvolvementRole::kCoFacilitator;
  EXPECT_TRUE(CheckCanAdd(refs, co).ok());
  refs.push_back(co);
  Referral informed = co;
  informed.id = "ref-3";
  informed.role = InvolvementRole::kInformed;
  informed.to_agency = "pkh.korwil.15";
  EXPECT_TRUE(CheckCanAdd(refs, informed).ok());
  Referral dup = co;
  dup.id = "ref-4";
  EXPECT_EQ(CheckCanAdd(refs, dup).reason(), "referral.duplicate");
  // Once the first lead is rejected another lead may be sent.
  refs[0].status = S::kRejected;
  EXPECT_TRUE(CheckCanAdd(refs, second_lead).ok());
}

TEST(ReferralBoxTest, InboxAndOutboxPerAgency) {
  Referral a = Requested();
  Referral b = Requested();
  b.id = "ref-0";
  b.response_due_at = kT0.PlusHours(10);
  Referral draft = Requested();
  draft.id = "ref-draft";
  draft.status = S::kDraft;
  Referral done = Requested();
  done.id = "ref-done";
  done.status = S::kCompleted;
  Referral other = Requested();
  other.id = "ref-other";
  other.to_agency = "uptd-ppa.15";
  std::vector<Referral> all = {a, b, draft, done, other};

  auto inbox = Inbox(all, "kemensos.sentra.alyatama");
  ASSERT_EQ(inbox.size(), 2u);
  EXPECT_EQ(inbox[0]->id, "ref-0");  // earliest deadline first
  EXPECT_EQ(inbox[1]->id, "ref-1");
  EXPECT_EQ(Inbox(all, "kemensos.sentra.alyatama", false).size(), 3u);  // + completed, no draft
  EXPECT_EQ(Inbox(all, "uptd-ppa.15").size(), 1u);
  EXPECT_EQ(Outbox(all, "dinsos.15.03").size(), 4u);  // drafts are in the outbox
  EXPECT_EQ(Outbox(all, "dinsos.15.03", false).size(), 5u);
  EXPECT_TRUE(Outbox(all, "kemensos.sentra.alyatama").empty());
}

}  // namespace
}  // namespace atensi
