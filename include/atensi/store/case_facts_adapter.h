// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// FactsFor: the routing facts (routing/case_facts.h) of a stored case, read
// from the lifecycle records (Case, Child) and the case's referrals. Pure: no
// I/O, no clock (today is passed in).
//
// Where each fact comes from (the routing rules cite their own sources):
//   categories        the case's AMPK categories (UU 35/2014 art 59(2));
//   age               completed years at `today` from the birth date;
//   has_disability    the AMPK category disabilitas (art 59(2)(j)) or the
//                     PPKS type anak_kebutuhan_khusus (PP 39/2012 art 6(1));
//   pkh_participant   the KK period valid today carries a PKH participant id;
//   dtsen_decile      the DTSEN decile on the KK period valid today;
//   has_nik           a NIK is recorded;
//   has_birth_certificate  Child::has_birth_certificate; UNKNOWN counts as
//                     having one: routing acts on recorded facts only, so a
//                     roster without the akta column does not send every child
//                     to Dukcapil. Record `false` to involve Dukcapil;
//   domicile          the recorded domicile (never the NIK prefix, atensi.md
//                     §13 rule 29); nullopt when unknown or malformed;
//   risk              the case's risk level;
//   programmes_tried  (a) every referral whose rule id starts with a programme
//                     name ("pkh." -> PKH; see ParseProgramme) counts as an
//                     attempt: completed with outcome "not_handled", rejected
//                     or failed -> not handled; completed otherwise ->
//                     handled; accepted / in-progress / on-hold -> ongoing;
//                     drafts, requested, cancelled and entered-in-error count
//                     as no attempt. (b) A case opened from PKH roster
//                     screening (CaseSource::kPkhScreening) of a child whose
//                     household is in PKH counts as PKH "not handled": the
//                     screening found a problem that persists in a PKH
//                     household ([S6]: "not a few of them are also
//                     experiencing problems"; Arif Munandar: such cases go to
//                     the centre, with the PKH facilitator as co-facilitator);
//   residential_need  the plan has an item on the residential base, or the
//                     child is in a residential placement;
//   napza, hiv        implied by the AMPK categories (CaseFacts does that);
//   economic_hardship false: no lifecycle record holds it yet;
//   disaster          nullopt: no lifecycle record holds the disaster level.

#ifndef ATENSI_STORE_CASE_FACTS_ADAPTER_H_
#define ATENSI_STORE_CASE_FACTS_ADAPTER_H_

#include <span>

#include "atensi/date.h"
#include "atensi/lifecycle/case.h"
#include "atensi/lifecycle/child.h"
#include "atensi/routing/case_facts.h"
#include "atensi/routing/referral.h"

namespace atensi {

// The routing facts of `c` (a case of `child`) on `today`, given all of the
// case's referrals.
CaseFacts FactsFor(const Case& c, const Child& child, std::span<const Referral> case_referrals,
                   Date today);

}  // namespace atensi

#endif  // ATENSI_STORE_CASE_FACTS_ADAPTER_H_
