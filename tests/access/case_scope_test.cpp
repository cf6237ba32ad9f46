// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Jurisdiction scope, need-to-know and redaction as pure functions, over the
// shipped Jambi registry (data/agencies/jambi.json).

#include "atensi/access/case_scope.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "atensi/access/need_to_know.h"
#include "atensi/access/redaction.h"

namespace atensi {
namespace {

const AgencyRegistry& Registry() {
  static const AgencyRegistry* reg = [] {
    Result<AgencyRegistry> r = AgencyRegistry::Default(RegionTable::Official());
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return new AgencyRegistry(std::move(r).value());
  }();
  return *reg;
}

Actor Of(std::string agency, Role role = Role::kCaseWorker, std::string person = "p-1") {
  return Actor{std::move(person), std::move(agency), role, kRightNone};
}

const Date kOn(2026, 11, 28);
// Batang Asai, Sarolangun (15.03): the child's domicile.
RegionCode Domicile() { return *RegionCode::Parse("15.03.01.2001", "domicile"); }

Case MakeCase(AmpkSet cats = AmpkSet{AmpkCategory::kDisabilitas}) {
  Case c;
  c.id = "case-1";
  c.child_id = "child-1";
  c.lead_agency_id = "dinsos.15.03";
  c.assigned_worker_id = "worker-r";
  c.categories = cats;
  c.stage = Stage::kAssessment;
  c.version = 4;
  c.assessment_summary = "narrative";
  ConsentRecord consent;
  consent.id = "consent-1";
  consent.purposes = {ConsentPurpose::kAssessment};
  c.consents.push_back(consent);
  c.link = CaseLink{"case-0", "earlier episode"};
  return c;
}

Referral Ref(std::string from, std::string to, ReferralStatus status) {
  Referral r;
  r.id = "ref-" + to;
  r.case_id = "case-1";
  r.from_agency = std::move(from);
  r.to_agency = std::move(to);
  r.status = status;
  r.shared_fields = {"identity", "case_summary"};
  return r;
}

CaseAccess Access(const Actor& a, const Case& c, const std::vector<Referral>& refs = {}) {
  return AccessToCase(a, c, Domicile(), refs, &Registry(), kOn);
}

// Rule 1 and 2: lead, and area agencies with social-rehabilitation authority
// (UU 23/2014 annex F sub-urusan 3), child-of semantics on the region tree.
TEST(CaseScopeTest, LeadAndAreaAgenciesSeeTheCaseFile) {
  Case c = MakeCase();
  EXPECT_EQ(Access(Of("dinsos.15.03"), c).basis, ReachBasis::kLead);
  CaseAccess province = Access(Of("dinsos.15"), c);
  EXPECT_EQ(province.reach, Reach::kFull);
  EXPECT_EQ(province.basis, ReachBasis::kArea);
  // The Kemensos centre within its working area (Permensos 3/2022).
  EXPECT_EQ(Access(Of("kemensos.sentra.alyatama"), c).reach, Reach::kFull);
}

TEST(CaseScopeTest, CrossJurisdictionSeesNothing) {
  Case c = MakeCase();
  EXPECT_EQ(Access(Of("dinsos.15.01"), c).reach, Reach::kNone);  // Kerinci, same province
  EXPECT_EQ(Access(Of("dinsos.15.71"), c).reach, Reach::kNone);  // Kota Jambi
  EXPECT_EQ(Access(Of("unknown.agency"), c).reach, Reach::kNone);
  // Unknown domicile: no area access for anyone but the lead.
  EXPECT_EQ(AccessToCase(Of("dinsos.15"), c, std::nullopt, {}, &Registry(), kOn).reach,
            Reach::kNone);
}

// PKH, Dukcapil, UPTD PPA cover the area but hold no rehabilitation case
// file: without a referral they see nothing.
TEST(CaseScopeTest, ServiceAgenciesWithoutAreaAuthoritySeeNothingWithoutAReferral) {
  Case c = MakeCase();
  for (const char* agency :
       {"pkh.pendamping.15.03", "dinsos.15.div.dukcapil", "uptd-ppa.15", "pkh.korwil.15"}) {
    EXPECT_EQ(Access(Of(agency), c).reach, Reach::kNone) << agency;
  }
}

// Rule 3: an active referral gives shared reach; it ends with the referral
// (UU 27/2022 art 25: consent covers a purpose).
TEST(CaseScopeTest, ReferralReachLastsWhileTheReferralIsActive) {
  Case c = MakeCase();
  const Actor pkh = Of("pkh.pendamping.15.03");
  for (ReferralStatus s : {ReferralStatus::kRequested, ReferralStatus::kAccepted,
                           ReferralStatus::kInProgress, ReferralStatus::kOnHold}) {
    CaseAccess a = Access(pkh, c, {Ref("dinsos.15", "pkh.pendamping.15.03", s)});
    EXPECT_EQ(a.reach, Reach::kShared) << Name(s);
    EXPECT_EQ(a.basis, ReachBasis::kReferral);
    EXPECT_TRUE(a.Shares("identity"));
    EXPECT_FALSE(a.Shares("family"));
  }
  for (ReferralStatus s :
       {ReferralStatus::kDraft, ReferralStatus::kCompleted, ReferralStatus::kRejected,
        ReferralStatus::kCancelled, ReferralStatus::kFailed, ReferralStatus::kEnteredInError}) {
    EXPECT_EQ(Access(pkh, c, {Ref("dinsos.15", "pkh.pendamping.15.03", s)}).reach, Reach::kNone)
        << Name(s);
  }
}

// Rule 4: a referring agency that is not lead sees the status only.
TEST(CaseScopeTest, AReferringPkhOfficeSeesTheStatusOnly) {
  Case c = MakeCase();
  const Actor pkh = Of("pkh.pendamping.15.03");
  CaseAccess a =
      Access(pkh, c, {Ref("pkh.pendamping.15.03", "dinsos.15.03", ReferralStatus::kCompleted)});
  EXPECT_EQ(a.reach, Reach::kStatus);
  EXPECT_EQ(a.basis, ReachBasis::kReferrer);
  CaseView v = ViewCase(c, a);
  EXPECT_EQ(v.value.stage, Stage::kAssessment);
  EXPECT_EQ(v.value.lead_agency_id, "dinsos.15.03");
  EXPECT_TRUE(v.value.categories.empty());
  EXPECT_TRUE(v.value.assessment_summary.empty());
  EXPECT_TRUE(v.value.consents.empty());
  EXPECT_TRUE(v.value.assigned_worker_id.empty());
}

TEST(CaseScopeTest, AuthorizeDistinguishesNotFoundScopeAndNeedToKnow) {
  Case c = MakeCase(AmpkSet{AmpkCategory::kAbh});
  CaseAccess none = Access(Of("dinsos.15.01"), c);
  Status s = Authorize(Of("dinsos.15.01"), Operation::kReadCase, std::nullopt, none, "case_id");
  EXPECT_EQ(s.code(), StatusCode::kNotFound);
  EXPECT_EQ(s.reason(), "access.not_found");
  CaseAccess shared =
      Access(Of("uptd-ppa.15"), c, {Ref("dinsos.15.03", "uptd-ppa.15", ReferralStatus::kAccepted)});
  EXPECT_EQ(Authorize(Of("uptd-ppa.15"), Operation::kReadHistory, std::nullopt, shared, "case_id")
                .reason(),
            "access.scope");
  const Actor other = Of("dinsos.15.03", Role::kCaseWorker, "worker-x");
  EXPECT_EQ(
      Authorize(other, Operation::kActOnCase, Action::kRecordContact, Access(other, c), "case_id")
          .reason(),
      "access.need_to_know");
}

// UU 35/2014 art 64 (ABH identity), art 59(2) g, h, j, k.
TEST(NeedToKnowTest, CategoriesAndClearance) {
  for (AmpkCategory cat : AllAmpkCategories()) {
    const bool expect = cat == AmpkCategory::kAbh || cat == AmpkCategory::kKejahatanSeksual ||
                        cat == AmpkCategory::kPenculikanPenjualanPerdagangan ||
                        cat == AmpkCategory::kHivAids || cat == AmpkCategory::kJaringanTerorisme;
    EXPECT_EQ(IsNeedToKnow(MakeCase(AmpkSet{cat})), expect) << Name(cat);
  }
  Case c = MakeCase(AmpkSet{AmpkCategory::kKejahatanSeksual});
  EXPECT_TRUE(ClearedForDetails(Of("dinsos.15.03", Role::kCaseWorker, "worker-r"), c));
  EXPECT_TRUE(ClearedForDetails(Of("dinsos.15.03", Role::kSupervisor, "sup"), c));
  EXPECT_FALSE(ClearedForDetails(Of("dinsos.15.03", Role::kCaseWorker, "worker-x"), c));
  EXPECT_FALSE(ClearedForDetails(Of("dinsos.15.03", Role::kCoordinator, "coord"), c));
  EXPECT_FALSE(ClearedForDetails(Of("dinsos.15", Role::kSupervisor, "sup-p"), c));
  // The assigned worker's person id acting for another agency is not cleared.
  EXPECT_FALSE(ClearedForDetails(Of("dinsos.15", Role::kCaseWorker, "worker-r"), c));
}

Child MakeChild() {
  Child ch;
  ch.id = "child-1";
  ch.name = "Nama Anak";
  ch.nik = "1503014509170001";
  ch.sex = Sex::kFemale;
  ch.birth_date = Date(2017, 9, 5);
  ch.domicile_region = "15.03.01.2001";
  Guardian g;
  g.id = "g-1";
  g.name = "Ibu";
  ch.guardians.push_back(g);
  ch.roster_key = "IDBDT/1";
  return ch;
}

// The child's name is hidden from everyone but the lead's assigned worker
// and supervisors, whatever the reach (UU 35/2014 art 64).
TEST(RedactionTest, NeedToKnowHidesTheNameFromTheAreaAgency) {
  Case c = MakeCase(AmpkSet{AmpkCategory::kAbh});
  const Actor province = Of("dinsos.15", Role::kSupervisor);
  CaseAccess case_access = Access(province, c);
  CaseAccess child_access =
      AccessToChild(province, Domicile(), {&case_access, 1}, "", &Registry(), kOn);
  ASSERT_EQ(child_access.reach, Reach::kFull);
  ChildView v = ViewChild(MakeChild(), child_access);
  EXPECT_TRUE(v.value.name.empty());
  EXPECT_FALSE(v.value.nik.has_value());
  EXPECT_TRUE(v.value.guardians.empty());
  EXPECT_FALSE(v.value.roster_key.has_value());
  EXPECT_EQ(v.value.domicile_region, "15.03.01.2001");  // jurisdiction still works
  EXPECT_NE(std::find(v.hidden.begin(), v.hidden.end(), "name"), v.hidden.end());
  CaseView cv = ViewCase(c, case_access);
  EXPECT_TRUE(cv.value.assessment_summary.empty());
  EXPECT_TRUE(cv.value.consents.empty());
  EXPECT_TRUE(cv.value.categories.Has(AmpkCategory::kAbh));  // counted, not disclosed

  const Actor worker = Of("dinsos.15.03", Role::kCaseWorker, "worker-r");
  CaseAccess wa = Access(worker, c);
  ChildView wv =
      ViewChild(MakeChild(), AccessToChild(worker, Domicile(), {&wa, 1}, "", &Registry(), kOn));
  EXPECT_EQ(wv.value.name, "Nama Anak");
  EXPECT_TRUE(wv.hidden.empty());
  EXPECT_EQ(ViewCase(c, wa).value, c);
}

// Primero R2-3157: "Supervisors can un-hide name, even with view-only
// access". A viewer holding every right still gets the name hidden: the view
// is computed from the principal, there is nothing to un-hide.
TEST(RedactionTest, AViewerCannotUnhideAName) {
  Case c = MakeCase(AmpkSet{AmpkCategory::kHivAids});
  Actor viewer = Of("dinsos.15.03", Role::kViewer, "viewer-1");
  viewer.rights = 0xFFFFFFFFu;
  CaseAccess a = Access(viewer, c);
  ChildView v =
      ViewChild(MakeChild(), AccessToChild(viewer, Domicile(), {&a, 1}, "", &Registry(), kOn));
  EXPECT_TRUE(v.value.name.empty());
  EXPECT_FALSE(v.value.nik.has_value());
}

// Primero R2-3568: "Everyone sees linked cases form, regardless of
// permissions". The link is shown with full reach only.
TEST(RedactionTest, LinkedCasesAreShownOnlyWithFullReach) {
  Case c = MakeCase();
  CaseAccess shared = Access(Of("pkh.pendamping.15.03"), c,
                             {Ref("dinsos.15", "pkh.pendamping.15.03", ReferralStatus::kAccepted)});
  CaseView v = ViewCase(c, shared);
  EXPECT_FALSE(v.value.link.has_value());
  EXPECT_NE(std::find(v.hidden.begin(), v.hidden.end(), "link"), v.hidden.end());
  // What the referral shares ("case_summary") is shown.
  EXPECT_EQ(v.value.assessment_summary, "narrative");
  EXPECT_TRUE(v.value.categories.Has(AmpkCategory::kDisabilitas));
  EXPECT_TRUE(v.value.consents.empty());
  EXPECT_TRUE(ViewCase(c, Access(Of("dinsos.15"), c)).value.link.has_value());
}

TEST(RedactionTest, SharedChildViewFollowsTheSharedItems) {
  Case c = MakeCase();
  const Actor pkh = Of("pkh.pendamping.15.03");
  Referral r = Ref("dinsos.15", "pkh.pendamping.15.03", ReferralStatus::kRequested);
  CaseAccess a = Access(pkh, c, {r});
  ChildView v =
      ViewChild(MakeChild(), AccessToChild(pkh, Domicile(), {&a, 1}, "", &Registry(), kOn));
  EXPECT_EQ(v.value.name, "Nama Anak");    // "identity" shared
  EXPECT_TRUE(v.value.guardians.empty());  // "family" not shared
  r.shared_fields = {"case_summary"};
  a = Access(pkh, c, {r});
  v = ViewChild(MakeChild(), AccessToChild(pkh, Domicile(), {&a, 1}, "", &Registry(), kOn));
  EXPECT_TRUE(v.value.name.empty());
  EXPECT_FALSE(v.value.nik.has_value());
}

TEST(CaseScopeTest, RegistrarSeesAChildWithoutCases) {
  const Actor uptd = Of("uptd-ppa.15");
  CaseAccess a = AccessToChild(uptd, Domicile(), {}, "uptd-ppa.15", &Registry(), kOn);
  EXPECT_EQ(a.reach, Reach::kFull);
  EXPECT_EQ(a.basis, ReachBasis::kRegistrar);
  EXPECT_EQ(
      AccessToChild(Of("pkh.pendamping.15.03"), Domicile(), {}, "uptd-ppa.15", &Registry(), kOn)
          .reach,
      Reach::kNone);
}

}  // namespace
}  // namespace atensi
