// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0

#include "atensi/lifecycle/lifecycle_json.h"

#include <gtest/gtest.h>

#include "lifecycle_fixtures.h"

namespace atensi {
namespace {

using nlohmann::json;
using testing_lifecycle::At;
using testing_lifecycle::D;
using testing_lifecycle::Harness;
using testing_lifecycle::Id;
using testing_lifecycle::MakeChild;
using testing_lifecycle::Supervisor;

Child RichChild() {
  Child c = MakeChild();
  c.nik = "1571011205150001";
  c.guardians[0].nik = "1571015203850002";
  c.family_links.push_back(FamilyLink{"1571010101100001", D(2015, 5, 20), D(2022, 6, 30),
                                      "PKH-0001", DtsenRecord{"DTSEN-9", 2, D(2022, 3, 31)}});
  c.family_links.push_back(
      FamilyLink{"1571010101220002", D(2022, 7, 1), std::nullopt, std::nullopt, std::nullopt});
  c.has_birth_certificate = false;
  c.roster_key = "IDBDT-0001/3";
  return c;
}

// A case that has been through every record type.
Case RichCase() {
  Harness h;
  h.now = At(2026, 8, 31);
  auto t = OpenCase(h.child, testing_lifecycle::MakeOpenRequest(), testing_lifecycle::Worker(),
                    h.now, h.policy, {});
  h.c = t->next;
  EXPECT_TRUE(h.Do(cmd::AddCategory{std::nullopt, ChildPpksType::kAnakJalanan}).ok());
  EXPECT_TRUE(h.Do(cmd::RecordLegalBasis{h.NewId(), LegalBasisKind::kCourtOrder, "PN-1",
                                         D(2026, 8, 1), D(2026, 12, 31)})
                  .ok());
  EXPECT_TRUE(h.ToIntervention(AtensiComponent::kBantuanAsistensiSosial).ok());
  EXPECT_TRUE(
      h.Do(cmd::RecordBeneficiaryDecision{"KEP-7/2026", D(2026, 8, 30), "dinsos-1571"}).ok());
  EXPECT_TRUE(h.Do(cmd::RecordService{h.NewId(), h.item_id, "paket"}).ok());
  const std::string conf = h.NewId();
  EXPECT_TRUE(
      h.Do(cmd::RecordCaseConference{
               conf, {"dinsos-1571", "balai"}, ConferenceDecision::kResidentialPlacement, "cc"})
          .ok());
  EXPECT_TRUE(h.Do(cmd::PlaceResidential{h.NewId(), "balai", conf, D(2026, 8, 31), D(2027, 2, 28),
                                         "last resort"})
                  .ok());
  h.Advance(40);
  EXPECT_TRUE(h.Do(cmd::EndResidential{DateAt(h.now), ""}).ok());
  EXPECT_TRUE(h.Do(cmd::StartReintegration{}).ok());
  EXPECT_TRUE(h.Evaluate().ok());
  EXPECT_TRUE(h.Do(cmd::Terminate{"tujuan tercapai"}).ok());
  EXPECT_TRUE(h.Do(cmd::StartAftercare{}).ok());
  EXPECT_TRUE(h.Do(cmd::RecordFollowup{h.NewId(), "kunjungan rumah"}).ok());
  EXPECT_TRUE(h.Do(cmd::Close{ClosureReason::kAftercareCompleted, "selesai"}).ok());
  h.Advance(1);
  EXPECT_TRUE(h.Do(cmd::Reopen{"kekerasan berulang"}).ok());
  EXPECT_TRUE(h.Do(cmd::LinkCase{Id(4242), "kasus saudara"}).ok());
  EXPECT_TRUE(
      h.Do(cmd::ReferOut{"balai-alyatama", ReferralReason::kJurisdiction, "UU 23/2014"}).ok());
  return h.c;
}

TEST(LifecycleJsonTest, ChildRoundTripExact) {
  const Child c = RichChild();
  const std::string text = ToJson(c).dump();
  auto back = ChildFromJson(json::parse(text));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, c);
  EXPECT_EQ(ToJson(*back).dump(), text);
  const json j = ToJson(c);
  EXPECT_EQ(j["birth_date"], "2015-05-12");
  EXPECT_EQ(j["sex"], "M");
  EXPECT_EQ(j["guardians"][0]["role"], "mother");
  EXPECT_EQ(j["family_links"][0]["dtsen"]["decile"], 2);
  EXPECT_TRUE(j["family_links"][1]["valid_to"].is_null());
}

TEST(LifecycleJsonTest, ChildWithoutNikRoundTrips) {
  const Child c = MakeChild();
  auto back = ChildFromJson(ToJson(c));
  ASSERT_TRUE(back.ok());
  EXPECT_FALSE(back->nik.has_value());
  EXPECT_EQ(*back, c);
}

TEST(LifecycleJsonTest, CaseRoundTripExact) {
  const Case c = RichCase();
  ASSERT_EQ(c.stage, Stage::kReferredOut);
  ASSERT_FALSE(c.placements.empty());
  ASSERT_FALSE(c.reopenings.empty());
  const std::string text = ToJson(c).dump();
  auto back = CaseFromJson(json::parse(text));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, c);
  EXPECT_EQ(ToJson(*back).dump(), text);
}

TEST(LifecycleJsonTest, CaseJsonShape) {
  Harness h;
  const json j = ToJson(h.c);
  EXPECT_EQ(j["stage"], "intake");
  EXPECT_EQ(j["risk"], "medium");
  EXPECT_EQ(j["source"], "hotline");
  EXPECT_EQ(j["categories"], json::array({"kekerasan_fisik_psikis"}));
  EXPECT_EQ(j["opened_at"], "2026-03-02T05:00:00.000Z");
  EXPECT_TRUE(j["plan"].is_null());
  EXPECT_EQ(j["version"], 1);
}

TEST(LifecycleJsonTest, UnknownEnumNamesTheField) {
  Harness h;
  json j = ToJson(h.c);
  j["stage"] = "limbo";
  auto r = CaseFromJson(j);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(r.status().field(), "stage");

  ASSERT_TRUE(h.ToPlanning().ok());
  ASSERT_TRUE(h.Do(cmd::ProposePlan{h.NewId(),
                                    {testing_lifecycle::Item(990, AtensiComponent::kTerapi,
                                                             ServiceBase::kKeluarga)}})
                  .ok());
  json k = ToJson(h.c);
  k["plan"]["items"][0]["component"] = "magic";
  r = CaseFromJson(k);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().field(), "plan.items[0].component");

  json f = ToJson(h.c);
  f["flags"] = json::array({"vip"});
  EXPECT_EQ(CaseFromJson(f).status().field(), "flags[0]");

  json g = ToJson(RichChild());
  g["guardians"][1]["role"] = "neighbour";
  EXPECT_EQ(ChildFromJson(g).status().field(), "guardians[1].role");
}

TEST(LifecycleJsonTest, MissingFieldsAndWrongTypes) {
  Harness h;
  json j = ToJson(h.c);
  j.erase("child_id");
  EXPECT_EQ(CaseFromJson(j).status().field(), "child_id");
  json k = ToJson(h.c);
  k["version"] = "1";
  EXPECT_EQ(CaseFromJson(k).status().field(), "version");
  json l = ToJson(h.c);
  l["opened_at"] = "yesterday";
  EXPECT_EQ(CaseFromJson(l).status().field(), "opened_at");
  EXPECT_EQ(CaseFromJson(json::array()).status().reason(), "lifecycle.json");
  json m = ToJson(MakeChild());
  m["birth_date"] = "2015-02-30";
  EXPECT_EQ(ChildFromJson(m).status().field(), "birth_date");
}

}  // namespace
}  // namespace atensi
