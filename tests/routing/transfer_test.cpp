// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Transfers after Primero's Transfer / TransferRequest (peers.md §3.1):
// push and pull, who may answer, ownership only on acceptance, and family
// moves inside and outside Alyatama's working area (atensi.md §7.1).

#include "atensi/routing/transfer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "routing_test_util.h"

namespace atensi {
namespace {

using ::testing::HasSubstr;
using testing_util::Code;
using testing_util::D;
using testing_util::DefaultRegistry;

const Instant kT0 = Instant::FromSeconds(1'614'556'800);
const Actor kSource{"p-src", "dinsos.15.03", Role::kCaseWorker, kRightNone};
const Actor kDest{"p-dst", "dinsos.17.01", Role::kCaseWorker, kRightNone};
const Actor kOther{"p-oth", "dinsos.15", Role::kCaseWorker, kRightNone};

TransferRequest Req() {
  TransferRequest r;
  r.id = "tr-1";
  r.case_id = "case-1";
  r.from_agency = "dinsos.15.03";
  r.to_agency = "dinsos.17.01";
  r.from_region = Code("15.03.01.2001");
  r.to_region = Code("17.01");
  r.reason = "Family moved";
  return r;
}

TEST(TransferTest, PushOnlyTheDestinationAcceptsAndOwnershipMovesOnAcceptance) {
  auto t = OpenTransfer(Req(), TransferDirection::kPush, "dinsos.15.03", kSource, kT0);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->status, TransferStatus::kProposed);
  EXPECT_EQ(OwnerAfter(*t), "dinsos.15.03");  // nothing moves while proposed
  auto by_source = ApplyTransferEvent(*t, TransferEventKind::kAccept, "", kSource, kT0);
  EXPECT_EQ(by_source.status().reason(), "transfer.wrong_party");
  auto by_other = ApplyTransferEvent(*t, TransferEventKind::kAccept, "", kOther, kT0);
  EXPECT_EQ(by_other.status().reason(), "transfer.wrong_party");
  auto accepted = ApplyTransferEvent(*t, TransferEventKind::kAccept, "", kDest, kT0.PlusHours(4));
  ASSERT_TRUE(accepted.ok());
  EXPECT_EQ(accepted->status, TransferStatus::kAccepted);
  EXPECT_EQ(OwnerAfter(*accepted), "dinsos.17.01");
  EXPECT_EQ(accepted->responded_at, kT0.PlusHours(4));
  // Both ends recorded.
  EXPECT_EQ(accepted->from_agency, "dinsos.15.03");
  EXPECT_EQ(accepted->to_agency, "dinsos.17.01");
  EXPECT_EQ(accepted->from_region, Code("15.03.01.2001"));
  EXPECT_EQ(accepted->to_region, Code("17.01"));
  ASSERT_EQ(accepted->history.size(), 2u);
  EXPECT_EQ(accepted->history[1].actor_agency_id, "dinsos.17.01");
  // Settled transfers do not change again.
  EXPECT_EQ(
      ApplyTransferEvent(*accepted, TransferEventKind::kDecline, "x", kDest, kT0).status().reason(),
      "transfer.transition");
}

TEST(TransferTest, PushDeclineNeedsReasonAndKeepsOwner) {
  auto t = OpenTransfer(Req(), TransferDirection::kPush, "dinsos.15.03", kSource, kT0);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(ApplyTransferEvent(*t, TransferEventKind::kDecline, "", kDest, kT0).status().reason(),
            "transfer.reason_required");
  auto declined = ApplyTransferEvent(*t, TransferEventKind::kDecline, "Family not found at address",
                                     kDest, kT0);
  ASSERT_TRUE(declined.ok());
  EXPECT_EQ(declined->status, TransferStatus::kDeclined);
  EXPECT_EQ(declined->decline_reason, "Family not found at address");
  EXPECT_EQ(OwnerAfter(*declined), "dinsos.15.03");
}

TEST(TransferTest, OnlyTheInitiatorCancels) {
  auto t = OpenTransfer(Req(), TransferDirection::kPush, "dinsos.15.03", kSource, kT0);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(ApplyTransferEvent(*t, TransferEventKind::kCancel, "", kDest, kT0).status().reason(),
            "transfer.wrong_party");
  auto cancelled = ApplyTransferEvent(*t, TransferEventKind::kCancel, "", kSource, kT0);
  ASSERT_TRUE(cancelled.ok());
  EXPECT_EQ(cancelled->status, TransferStatus::kCancelled);
  EXPECT_EQ(OwnerAfter(*cancelled), "dinsos.15.03");
}

// Primero TransferRequest: the destination asks; the owner (source) answers.
TEST(TransferTest, PullOnlyTheSourceAccepts) {
  EXPECT_EQ(
      OpenTransfer(Req(), TransferDirection::kPull, "dinsos.15.03", kSource, kT0).status().reason(),
      "transfer.wrong_party");
  auto t = OpenTransfer(Req(), TransferDirection::kPull, "dinsos.15.03", kDest, kT0);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->status, TransferStatus::kRequested);
  EXPECT_EQ(ApplyTransferEvent(*t, TransferEventKind::kAccept, "", kDest, kT0).status().reason(),
            "transfer.wrong_party");
  auto accepted = ApplyTransferEvent(*t, TransferEventKind::kAccept, "", kSource, kT0);
  ASSERT_TRUE(accepted.ok());
  EXPECT_EQ(OwnerAfter(*accepted), "dinsos.17.01");
  auto t2 = OpenTransfer(Req(), TransferDirection::kPull, "dinsos.15.03", kDest, kT0);
  ASSERT_TRUE(t2.ok());
  EXPECT_TRUE(ApplyTransferEvent(*t2, TransferEventKind::kCancel, "", kDest, kT0).ok());
  EXPECT_FALSE(ApplyTransferEvent(*t2, TransferEventKind::kCancel, "", kSource, kT0).ok());
}

TEST(TransferTest, MustStartFromTheCurrentOwner) {
  EXPECT_EQ(
      OpenTransfer(Req(), TransferDirection::kPush, "dinsos.15", kSource, kT0).status().reason(),
      "transfer.not_owner");
  EXPECT_EQ(
      OpenTransfer(Req(), TransferDirection::kPush, "dinsos.17.01", kSource, kT0).status().reason(),
      "transfer.already_owner");
  TransferRequest no_reason = Req();
  no_reason.reason.clear();
  EXPECT_EQ(OpenTransfer(no_reason, TransferDirection::kPush, "dinsos.15.03", kSource, kT0)
                .status()
                .field(),
            "reason");
  EXPECT_EQ(ParseTransferStatus(Name(TransferStatus::kDeclined)), TransferStatus::kDeclined);
  EXPECT_EQ(ParseTransferDirection("pull"), TransferDirection::kPull);
}

// atensi.md §7.1 [S8]: Jambi -> Bengkulu stays inside Alyatama's 2020 working area.
TEST(MoveTest, JambiToBengkuluStaysWithAlyatama) {
  auto m = AssessMove(Code("15.03.01.2001"), Code("17.01.01"), DefaultRegistry(), D("2021-03-01"));
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->source_office, "dinsos.15.03");
  EXPECT_EQ(m->destination_office, "dinsos.17.01");
  EXPECT_EQ(m->centre_before, "kemensos.sentra.alyatama");
  EXPECT_EQ(m->centre_after, "kemensos.sentra.alyatama");
  EXPECT_TRUE(m->centre_continues);
  EXPECT_TRUE(m->centre_after_confirmed);
  EXPECT_THAT(m->explanation, HasSubstr("can stay"));
  // The regional office changes: transfer from Sarolangun to Bengkulu Selatan.
  TransferRequest req = Req();
  req.to_agency = m->destination_office;
  auto t = OpenTransfer(req, TransferDirection::kPush, m->source_office, kSource, kT0);
  ASSERT_TRUE(t.ok());
  auto done = ApplyTransferEvent(*t, TransferEventKind::kAccept, "", kDest, kT0);
  ASSERT_TRUE(done.ok());
  EXPECT_EQ(OwnerAfter(*done), "dinsos.17.01");
}

// Riau (14) is outside Alyatama's working area: the centre does not follow.
TEST(MoveTest, JambiToRiauLeavesAlyatamaArea) {
  auto m = AssessMove(Code("15.03.01.2001"), Code("14.71.01"), DefaultRegistry(), D("2021-03-01"));
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->destination_office, "dinsos.14.71");
  EXPECT_EQ(m->centre_before, "kemensos.sentra.alyatama");
  EXPECT_FALSE(m->centre_after.has_value());
  EXPECT_FALSE(m->centre_continues);
  EXPECT_THAT(m->explanation, HasSubstr("destination's regional office"));
  Actor riau{"p-riau", "dinsos.14.71", Role::kCaseWorker, kRightNone};
  TransferRequest req = Req();
  req.to_agency = m->destination_office;
  req.to_region = Code("14.71.01");
  auto t = OpenTransfer(req, TransferDirection::kPull, "dinsos.15.03", riau, kT0);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  auto done = ApplyTransferEvent(*t, TransferEventKind::kAccept, "", kSource, kT0);
  ASSERT_TRUE(done.ok());
  EXPECT_EQ(OwnerAfter(*done), "dinsos.14.71");
  EXPECT_EQ(AssessMove(Code("15.03"), Code("14.99"), DefaultRegistry(), D("2021-03-01"))
                .status()
                .reason(),
            "transfer.region_unknown");
}

}  // namespace
}  // namespace atensi
