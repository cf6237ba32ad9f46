// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// JSON round trips of routing records (persistence and C ABI depend on them).

#include "atensi/routing/routing_json.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "routing_test_util.h"

namespace atensi {
namespace {

using ::testing::HasSubstr;
using testing_util::BaseFacts;
using testing_util::Code;
using testing_util::DefaultRegistry;
using testing_util::DefaultRules;
using testing_util::RouteDay;

const Instant kT0 = Instant::FromSeconds(1'614'556'800);

TEST(RoutingJsonTest, ReferralRoundTrip) {
  ReferralRequest req;
  req.id = "ref-1";
  req.case_id = "case-1";
  req.from_agency = "dinsos.15.03";
  req.to_agency = "kemensos.sentra.alyatama";
  req.reason = "Not handled by PKH";
  req.shared_fields = {"identity"};
  req.plan_item_id = "plan-1";
  ConsentScope consent{{"identity"}, {"referral"}, {}, false};
  Actor requester{"p1", "dinsos.15.03", Role::kCaseWorker, kRightNone};
  Actor responder{"p2", "kemensos.sentra.alyatama", Role::kCaseWorker, kRightNone};
  auto r = NewReferral(req, consent, requester, kT0, true);
  ASSERT_TRUE(r.ok());
  auto rejected = ApplyReferralEvent(*r, ReferralEvent{ReferralEventKind::kReject, "Full", ""},
                                     responder, kT0.PlusHours(1));
  ASSERT_TRUE(rejected.ok());
  nlohmann::json j = ToJson(*rejected);
  EXPECT_EQ(j["status"], "rejected");
  EXPECT_EQ(j["role"], "lead");
  auto back = ReferralFromJson(j);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(ToJson(*back), j);
  EXPECT_EQ(back->response_due_at, rejected->response_due_at);
  EXPECT_EQ(back->history.size(), 2u);

  j["status"] = "in_progress";  // FHIR spells it in-progress
  EXPECT_EQ(ReferralFromJson(j).status().reason(), "referral_json.status");
  EXPECT_EQ(ReferralFromJson(nlohmann::json::array()).status().reason(), "referral_json.record");
  nlohmann::json bad = ToJson(*rejected);
  bad["created_at"] = 12;
  EXPECT_EQ(ReferralFromJson(bad).status().reason(), "referral_json.created_at");
}

TEST(RoutingJsonTest, TransferRoundTrip) {
  TransferRequest req;
  req.id = "t1";
  req.case_id = "c1";
  req.from_agency = "dinsos.15.03";
  req.to_agency = "dinsos.17.01";
  req.from_region = Code("15.03");
  req.to_region = Code("17.01");
  req.reason = "moved";
  Actor src{"p", "dinsos.15.03", Role::kCaseWorker, kRightNone};
  auto t = OpenTransfer(req, TransferDirection::kPush, "dinsos.15.03", src, kT0);
  ASSERT_TRUE(t.ok());
  nlohmann::json j = ToJson(*t);
  EXPECT_EQ(j["owner"], "dinsos.15.03");
  EXPECT_EQ(j["to_region"], "17.01");
  auto back = TransferFromJson(j);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(ToJson(*back), j);
}

TEST(RoutingJsonTest, DecisionRoundTripOwnsItsStrings) {
  CaseFacts f = BaseFacts();
  f.pkh_participant = true;
  f.has_birth_certificate = false;
  auto d = Route(f, DefaultRules(), DefaultRegistry(), RouteDay());
  ASSERT_TRUE(d.ok());
  nlohmann::json j = ToJson(*d);
  EXPECT_EQ(j["involvements"][0]["role"], "lead");
  Result<RoutingDecision> back = RoutingDecisionFromJson(nlohmann::json::parse(j.dump()));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  RoutingDecision copy = *back;  // shares the storage
  back = Status(StatusCode::kInternal, "x", "", "drop the original");
  EXPECT_EQ(ToJson(copy), j);
  nlohmann::json no_lead = j;
  no_lead["involvements"] = nlohmann::json::array();
  EXPECT_EQ(RoutingDecisionFromJson(no_lead).status().reason(),
            "routing_decision_json.involvements");
}

TEST(RoutingJsonTest, ExplanationAndJurisdictionSerialise) {
  RoutingExplanation e = Explain(BaseFacts(), DefaultRules(), DefaultRegistry(), RouteDay());
  nlohmann::json j = ToJson(e);
  EXPECT_TRUE(j["status"].is_null());
  EXPECT_EQ(j["rules"].size(), DefaultRules().rules().size());
  EXPECT_THAT(j.dump(), HasSubstr("\"fired\":true"));
  auto a = Resolve(Need{}, Code("15.03"), DefaultRegistry(), testing_util::D("2021-01-01"));
  ASSERT_TRUE(a.ok());
  nlohmann::json ja = ToJson(*a);
  EXPECT_EQ(ja["level"], "regency_city");
  EXPECT_EQ(ja["national_referral_option"], "kemensos.sentra.alyatama");
}

}  // namespace
}  // namespace atensi
