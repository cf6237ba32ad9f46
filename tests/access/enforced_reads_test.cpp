// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// The reads issue 9 moved behind the core's authorization ("authorization is
// enforced in the core, so the C ABI, Python and the CLI all pass through
// it"; docs/access-control.md §6): one referral / transfer (parties and case
// file holders only), the due page and the expiry job filtered per
// principal, the export read (matrix row export: data officer, integrator;
// UU 27/2022 arts 4, 20), and the restriction of processing applied to every
// read of personal data (UU 27/2022 right to restrict; only the data officer
// handling the request reads). Agencies: the shipped Jambi registry.

#include <gtest/gtest.h>

#include <string>
#include <utility>

#include "store/routing_fixture.h"
#include "store/trusted_reads.h"

namespace atensi::testing {
namespace {

constexpr const char* kUptd = "uptd-ppa.15";
constexpr const char* kKerinci = "dinsos.15.01";  // another regency of the province

Actor P(std::string agency, Role role, std::string person) {
  return Actor{std::move(person), std::move(agency), role, kRightNone};
}

class EnforcedReadsTest : public RoutingTest {
 protected:
  // Registered, opened (consent to referral sharing) and routed by UPTD PPA:
  // the Kemensos centre leads; Dukcapil, the disability assistant, the PKH
  // facilitator and coordinator receive referrals.
  std::pair<Case, RouteResult> Routed() {
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
    Case cc = Do(c.ok() ? *c : Case{}, consent, u);
    RouteResult routed = MustRoute(cc, u);
    return {cc, std::move(routed)};
  }
};

TEST_F(EnforcedReadsTest, OneReferralIsShownToItsPartiesAndToCaseFileHolders) {
  auto [c, routed] = Routed();
  ASSERT_FALSE(routed.created.empty());
  const Referral& lead = routed.created.front();
  ASSERT_EQ(lead.to_agency, kCentre);
  // The receiving party and the sender.
  EXPECT_TRUE(book_->GetReferral(lead.id, P(kCentre, Role::kCaseWorker, "ps")).ok());
  EXPECT_TRUE(book_->GetReferral(lead.id, P(kUptd, Role::kCaseWorker, "uptd-w")).ok());
  // The regency social service holds the file by area (UU 23/2014 annex F).
  EXPECT_TRUE(book_->GetReferral(lead.id, P(kRegency, Role::kSupervisor, "s")).ok());
  // Another regency: as if it did not exist.
  auto other = book_->GetReferral(lead.id, P(kKerinci, Role::kSupervisor, "k"));
  EXPECT_EQ(other.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(other.status().reason(), "access.not_found");
  // A party to another referral of the case (PKH facilitator: shared reach)
  // does not see the lead referral.
  auto pkh = book_->GetReferral(lead.id, P(kPkh, Role::kCaseWorker, "pkh"));
  EXPECT_EQ(pkh.status().reason(), "access.not_found");
  // An unknown id stays "not found" for everyone.
  EXPECT_EQ(
      book_->GetReferral("no-such-referral", P(kCentre, Role::kCaseWorker, "ps")).status().code(),
      StatusCode::kNotFound);
}

TEST_F(EnforcedReadsTest, OneTransferIsShownToItsPartiesAndToCaseFileHolders) {
  auto [c, routed] = Routed();
  auto t =
      book_->ProposeTransfer(c.id, kProvince, "family moved", P(kCentre, Role::kCaseWorker, "ps"));
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_TRUE(book_->GetTransfer(t->id, P(kProvince, Role::kCaseWorker, "p")).ok());
  EXPECT_TRUE(book_->GetTransfer(t->id, P(kRegency, Role::kViewer, "v")).ok());
  EXPECT_EQ(book_->GetTransfer(t->id, P(kKerinci, Role::kSupervisor, "k")).status().reason(),
            "access.not_found");
  EXPECT_EQ(book_->GetTransfer(t->id, P(kPkh, Role::kCaseWorker, "pkh")).status().reason(),
            "access.not_found");
}

TEST_F(EnforcedReadsTest, DuePageAndExpiryAreFilteredPerPrincipal) {
  auto [c, routed] = Routed();
  const Instant later = clock_.Now().PlusMillis(400LL * 24 * 3600 * 1000);
  DueQuery q;
  q.page_size = 1000;
  auto all = internal::Trusted(book_).DuePage(later, Duration{0}, q);
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  ASSERT_FALSE(all->items.empty());
  auto lead = book_->DuePage(later, Duration{0}, q, P(kCentre, Role::kViewer, "v"));
  ASSERT_TRUE(lead.ok()) << lead.status().ToString();
  EXPECT_EQ(lead->items.size(), all->items.size());
  auto other = book_->DuePage(later, Duration{0}, q, P(kKerinci, Role::kViewer, "v"));
  ASSERT_TRUE(other.ok());
  EXPECT_TRUE(other->items.empty());
  // The expiry job: a viewer may not run it; a party gets its own referrals.
  clock_.AdvanceMillis(30LL * 24 * 3600 * 1000);  // past every response deadline
  EXPECT_EQ(book_->ExpireReferrals(P(kCentre, Role::kViewer, "v")).status().reason(),
            "access.role");
  auto expired = book_->ExpireReferrals(P(kDukcapil, Role::kCaseWorker, "d"));
  ASSERT_TRUE(expired.ok()) << expired.status().ToString();
  for (const Referral& r : *expired) {
    EXPECT_TRUE(r.from_agency == kDukcapil || r.to_agency == kDukcapil) << r.id;
  }
  // Every overdue referral was expired, whoever ran the job (a lead
  // referral may fall through to a new one, requested afresh).
  for (const Referral& sent : routed.created) {
    if (!sent.response_due_at) continue;  // informed parties: no deadline, never expire
    auto now = internal::Trusted(book_).GetReferral(sent.id);
    ASSERT_TRUE(now.ok());
    EXPECT_NE(now->status, ReferralStatus::kRequested) << sent.id;
  }
}

TEST_F(EnforcedReadsTest, ExportIsTheDataOfficersAndIsLogged) {
  auto [c, routed] = Routed();
  const Actor officer = P(kProvince, Role::kDataOfficer, "do-1");
  CaseloadQuery q;
  EXPECT_EQ(book_->ExportListing(q, P(kProvince, Role::kViewer, "v")).status().reason(),
            "access.role");
  auto listing = book_->ExportListing(q, officer);
  ASSERT_TRUE(listing.ok()) << listing.status().ToString();
  ASSERT_EQ(listing->items.size(), 1u);
  EXPECT_EQ(book_->ReadForExport(c.id, P(kCentre, Role::kCaseWorker, "ps"), AccessPurpose::kReport)
                .status()
                .reason(),
            "access.role");
  EXPECT_EQ(book_->ReadForExport(c.id, P(kKerinci, Role::kDataOfficer, "k"), AccessPurpose::kReport)
                .status()
                .reason(),
            "access.not_found");
  auto record = book_->ReadForExport(c.id, officer, AccessPurpose::kReport);
  ASSERT_TRUE(record.ok()) << record.status().ToString();
  EXPECT_EQ(record->case_view.value.id, c.id);
  EXPECT_EQ(record->child_view.value.name, child_.name);
  EXPECT_EQ(record->referrals.size(), routed.created.size());  // full reach: all of them
  auto log = book_->AccessLog(child_.id, P(kProvince, Role::kSupervisor, "s"));
  ASSERT_TRUE(log.ok()) << log.status().ToString();
  bool exported = false;
  for (const AccessLogEntry& e : *log) {
    exported = exported || (e.operation == Operation::kExport && e.person_id == "do-1");
  }
  EXPECT_TRUE(exported);
}

TEST_F(EnforcedReadsTest, RestrictionStopsReadsButTheDataOfficers) {
  auto [c, routed] = Routed();
  const Actor officer = P(kProvince, Role::kDataOfficer, "do-1");
  auto t = book_->ProposeTransfer(c.id, kProvince, "family moved",
                                  P(kCentre, Role::kCaseWorker, "ps"));
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  ASSERT_TRUE(book_->RestrictProcessing(child_.id, "request 2026/11/009", officer).ok());
  // Writes: a transfer is not answered while restricted (it was open before).
  auto accept = book_->ActOnTransfer(t->id, 1, TransferEventKind::kAccept, "",
                                     P(kProvince, Role::kCaseWorker, "p"));
  EXPECT_EQ(accept.status().reason(), "privacy.restricted") << accept.status().ToString();
  const Actor lead = P(kCentre, Role::kCaseWorker, "ps");
  for (const Status& s : {book_->ReadCase(c.id, lead, AccessPurpose::kCaseHandling).status(),
                          book_->ReadChild(child_.id, lead, AccessPurpose::kCaseHandling).status(),
                          book_->History(c.id, lead, AccessPurpose::kCaseHandling).status(),
                          book_->ReferralsOfCase(c.id, lead).status(),
                          book_->ReadForExport(c.id, officer, AccessPurpose::kReport).status()}) {
    EXPECT_EQ(s.code(), StatusCode::kFailedPrecondition) << s.ToString();
    EXPECT_EQ(s.reason(), "privacy.restricted") << s.ToString();
  }
  // The data officer handling the request still reads (UU 27/2022 art 32).
  EXPECT_TRUE(book_->ReadChild(child_.id, officer, AccessPurpose::kSubjectAccess).ok());
}

}  // namespace
}  // namespace atensi::testing
