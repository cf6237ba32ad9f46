// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Case transfers through the Casebook (Primero Transfer / TransferRequest,
// shared/domain/peers.md §3.1): ownership changes only on acceptance, both
// ends are recorded; AssessMove on a change of domicile.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "routing_fixture.h"
#include "store/trusted_reads.h"

namespace atensi::testing {
namespace {

using ::testing::Contains;

class TransferTest : public RoutingTest {
 protected:
  // A case owned by the Sarolangun social service.
  Case OwnedCase() {
    Child child = Register("Anak Pindah", "15.03.01.2001");
    OpenCaseRequest r = Request();
    r.lead_agency_id = kRegency;
    return Open(child, r);
  }

  Transfer MustAct(const Transfer& t, TransferEventKind kind, const Actor& actor,
                   std::string reason = "") {
    auto next = book_->ActOnTransfer(t.id, TransferVersion(t), kind, std::move(reason), actor);
    EXPECT_TRUE(next.ok()) << next.status().ToString();
    return next.ok() ? *next : t;
  }

  std::optional<Event> LastEvent(const std::string& case_id, std::string_view action) {
    auto h = internal::Trusted(book_).History(case_id);
    if (!h.ok()) return std::nullopt;
    for (auto it = h->rbegin(); it != h->rend(); ++it) {
      if (it->action == action) return *it;
    }
    return std::nullopt;
  }
};

// Primero accept!: record.owned_by = transitioned_to, only on acceptance.
TEST_F(TransferTest, PushChangesOwnerOnlyOnAcceptance) {
  Case c = OwnedCase();
  auto wrong = book_->ProposeTransfer(c.id, "dinsos.17.71", "family moved", Screener());
  ASSERT_FALSE(wrong.ok());  // only the owner proposes
  auto t = book_->ProposeTransfer(c.id, "dinsos.17.71", "family moved", ActorOf(kRegency),
                                  *RegionCode::Parse("17.71"));
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->status, TransferStatus::kProposed);
  EXPECT_EQ(t->from_agency, kRegency);
  ASSERT_TRUE(t->from_region.has_value());
  EXPECT_EQ(t->from_region->dotted(), "15.03.01.2001");
  EXPECT_EQ(internal::Trusted(book_).GetCase(c.id)->lead_agency_id, kRegency);  // not yet

  auto second = book_->RequestTransfer(c.id, "we want it", ActorOf("dinsos.14.71"));
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().reason(), "transfer.open_exists");

  auto by_source = book_->ActOnTransfer(t->id, TransferVersion(*t), TransferEventKind::kAccept, "",
                                        ActorOf(kRegency));
  ASSERT_FALSE(by_source.ok());  // only the destination answers a push
  Transfer accepted = MustAct(*t, TransferEventKind::kAccept, ActorOf("dinsos.17.71"));
  EXPECT_EQ(accepted.status, TransferStatus::kAccepted);
  EXPECT_EQ(internal::Trusted(book_).GetCase(c.id)->lead_agency_id, "dinsos.17.71");

  std::optional<Event> e = LastEvent(c.id, "transfer.accept");
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->changes["owner"]["before"], kRegency);
  EXPECT_EQ(e->changes["owner"]["after"], "dinsos.17.71");
  EXPECT_EQ(e->changes["transfer_id"]["after"], t->id);
  EXPECT_THAT(Actions(c.id), Contains("set_lead_agency"));
  ExpectVerified();
}

// Primero TransferRequest: the destination asks, the owner answers.
TEST_F(TransferTest, PullIsAnsweredByTheOwner) {
  Case c = OwnedCase();
  auto t = book_->RequestTransfer(c.id, "family now lives in Pekanbaru", ActorOf("dinsos.14.71"));
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->direction, TransferDirection::kPull);
  EXPECT_EQ(t->status, TransferStatus::kRequested);
  EXPECT_EQ(t->to_agency, "dinsos.14.71");
  auto by_requester = book_->ActOnTransfer(t->id, TransferVersion(*t), TransferEventKind::kAccept,
                                           "", ActorOf("dinsos.14.71"));
  ASSERT_FALSE(by_requester.ok());
  EXPECT_EQ(by_requester.status().reason(), "transfer.wrong_party");
  Transfer accepted = MustAct(*t, TransferEventKind::kAccept, ActorOf(kRegency));
  EXPECT_EQ(accepted.status, TransferStatus::kAccepted);
  EXPECT_EQ(internal::Trusted(book_).GetCase(c.id)->lead_agency_id, "dinsos.14.71");
  ExpectVerified();
}

TEST_F(TransferTest, DeclineNeedsAReasonAndKeepsTheOwner) {
  Case c = OwnedCase();
  auto t = book_->ProposeTransfer(c.id, "dinsos.17.71", "family moved", ActorOf(kRegency));
  ASSERT_TRUE(t.ok());
  auto bare = book_->ActOnTransfer(t->id, TransferVersion(*t), TransferEventKind::kDecline, "",
                                   ActorOf("dinsos.17.71"));
  ASSERT_FALSE(bare.ok());
  EXPECT_EQ(bare.status().reason(), "transfer.reason_required");
  Transfer declined =
      MustAct(*t, TransferEventKind::kDecline, ActorOf("dinsos.17.71"), "address not found");
  EXPECT_EQ(declined.status, TransferStatus::kDeclined);
  EXPECT_EQ(declined.decline_reason, "address not found");
  EXPECT_EQ(internal::Trusted(book_).GetCase(c.id)->lead_agency_id, kRegency);
  EXPECT_FALSE(LastEvent(c.id, "set_lead_agency").has_value());

  // Stale version: Conflict, nothing written.
  auto stale = book_->ActOnTransfer(t->id, TransferVersion(*t), TransferEventKind::kCancel, "x",
                                    ActorOf(kRegency));
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.status().reason(), "store.version_conflict");

  // Closed transfer: a new one may be opened, and cancelled by its initiator.
  auto again = book_->ProposeTransfer(c.id, "dinsos.17.71", "second try", ActorOf(kRegency));
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  Transfer cancelled = MustAct(*again, TransferEventKind::kCancel, ActorOf(kRegency), "stayed");
  EXPECT_EQ(cancelled.status, TransferStatus::kCancelled);
  auto all = internal::Trusted(book_).TransfersOfCase(c.id);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 2u);
  ExpectVerified();
}

// The Kemensos centre's working area (data/agencies/jambi.json, [S6]):
// Alyatama covers Jambi and Bengkulu, not Riau.
TEST_F(TransferTest, DomicileMoveIsAssessedAgainstTheCentreArea) {
  Child child = Register("Anak Pindah", "15.03.01.2001");
  std::optional<MoveAssessment> move;
  child.domicile_region = "17.71";
  auto to_bengkulu = book_->UpdateChild(child, Worker(), "moved to Bengkulu", &move);
  ASSERT_TRUE(to_bengkulu.ok()) << to_bengkulu.status().ToString();
  ASSERT_TRUE(move.has_value());
  ASSERT_TRUE(move->centre_before.has_value());
  EXPECT_EQ(*move->centre_before, kCentre);
  EXPECT_TRUE(move->centre_continues) << move->explanation;

  Child moved = *to_bengkulu;
  moved.domicile_region = "14.71";
  auto to_riau = book_->UpdateChild(moved, Worker(), "moved to Riau", &move);
  ASSERT_TRUE(to_riau.ok()) << to_riau.status().ToString();
  ASSERT_TRUE(move.has_value());
  EXPECT_FALSE(move->centre_continues) << move->explanation;
  EXPECT_NE(move->centre_after, std::optional<std::string>(kCentre));

  // No change of domicile: no assessment.
  Child same = *to_riau;
  same.name = "Anak Pindah Dua";
  auto renamed = book_->UpdateChild(same, Worker(), "name fixed", &move);
  ASSERT_TRUE(renamed.ok());
  EXPECT_FALSE(move.has_value());
}

}  // namespace
}  // namespace atensi::testing
