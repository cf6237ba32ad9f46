// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Internal: one Apply overload per command, called by Decide after the version
// check, the derived flags and the action table. Each Apply checks its payload
// and its legal guard, then edits ctx.next. The guards' sources are listed in
// transition.h and repeated at each guard.

#ifndef ATENSI_SRC_LIFECYCLE_HANDLERS_H_
#define ATENSI_SRC_LIFECYCLE_HANDLERS_H_

#include <string>
#include <string_view>

#include "atensi/actor.h"
#include "atensi/clock.h"
#include "atensi/lifecycle/case.h"
#include "atensi/lifecycle/child.h"
#include "atensi/lifecycle/command.h"
#include "atensi/lifecycle/transition.h"
#include "atensi/status.h"

namespace atensi::lifecycle_internal {

struct Ctx {
  const Case& cur;
  Case& next;
  const Child& child;
  const Actor& actor;
  Instant now;
  const LifecyclePolicy& policy;
  Date today;          // local calendar date of `now`
  std::string reason;  // goes to EventDraft::reason
};

// True when a consent covering `purpose` is in force at ctx.now, or a legal
// basis (court order, emergency protection) is valid on ctx.today.
bool HasConsentOrLegalBasis(const Ctx& ctx, ConsentPurpose purpose);

// InvalidArgument unless `id` is canonical UUID text not yet used by any
// record of the case ("lifecycle.id_required" / "lifecycle.duplicate_id").
Status CheckNewId(const Ctx& ctx, std::string_view id, std::string_view field);

// Marks a pending age-out resolved in ctx.next (age_out off, age_out_resolved on).
void ResolveAgeOutFlag(Ctx& ctx);

// Enum value is one of the named values.
template <typename E, typename Parse>
bool IsKnown(E v, Parse parse) {
  return parse(Name(v)).has_value();
}

Status Apply(Ctx& ctx, const cmd::RecordContact& c);
Status Apply(Ctx& ctx, const cmd::RecordConsent& c);
Status Apply(Ctx& ctx, const cmd::WithdrawConsent& c);
Status Apply(Ctx& ctx, const cmd::RecordLegalBasis& c);
Status Apply(Ctx& ctx, const cmd::StartAssessment& c);
Status Apply(Ctx& ctx, const cmd::CompleteAssessment& c);
Status Apply(Ctx& ctx, const cmd::ProposePlan& c);
Status Apply(Ctx& ctx, const cmd::ApprovePlan& c);
Status Apply(Ctx& ctx, const cmd::StartIntervention& c);
Status Apply(Ctx& ctx, const cmd::RecordService& c);
Status Apply(Ctx& ctx, const cmd::RecordCaseConference& c);
Status Apply(Ctx& ctx, const cmd::PlaceResidential& c);
Status Apply(Ctx& ctx, const cmd::EndResidential& c);
Status Apply(Ctx& ctx, const cmd::StartReintegration& c);
Status Apply(Ctx& ctx, const cmd::RecordEvaluation& c);
Status Apply(Ctx& ctx, const cmd::Terminate& c);
Status Apply(Ctx& ctx, const cmd::StartAftercare& c);
Status Apply(Ctx& ctx, const cmd::RecordFollowup& c);
Status Apply(Ctx& ctx, const cmd::Close& c);
Status Apply(Ctx& ctx, const cmd::Reopen& c);
Status Apply(Ctx& ctx, const cmd::ReferOut& c);
Status Apply(Ctx& ctx, const cmd::ReturnFromReferral& c);
Status Apply(Ctx& ctx, const cmd::SetRisk& c);
Status Apply(Ctx& ctx, const cmd::AddCategory& c);
Status Apply(Ctx& ctx, const cmd::RemoveCategory& c);
Status Apply(Ctx& ctx, const cmd::AssignWorker& c);
Status Apply(Ctx& ctx, const cmd::SetLeadAgency& c);
Status Apply(Ctx& ctx, const cmd::RecordBeneficiaryDecision& c);
Status Apply(Ctx& ctx, const cmd::LinkCase& c);
Status Apply(Ctx& ctx, const cmd::ResolveAgeOut& c);
Status Apply(Ctx& ctx, const cmd::RefreshFlags& c);

}  // namespace atensi::lifecycle_internal

#endif  // ATENSI_SRC_LIFECYCLE_HANDLERS_H_
