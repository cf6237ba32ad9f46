// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// The access log: every read of a child's personal data, with who read it,
// for what purpose, when, and how far they could see.
//
// UU 27/2022 obliges the controller to record its processing activities and
// to give the data subject the processing log (art 32, within 3x24 h;
// atensi.md §11). Reads of personal data (a child, a case file, a case's
// history, a child's timeline, the cases of a NIK) each append one entry in
// the SAME write transaction as the read: either both happen or neither (a
// read that cannot be logged fails). Listings without personal data
// (caseload, due list, inbox/outbox, reports) are filtered by scope but not
// logged. The log is append-only (triggers refuse UPDATE and DELETE), holds
// no personal data itself (ids, roles, codes), and reading it is itself an
// operation of the matrix (kReadAccessLog) that is logged.

#ifndef ATENSI_ACCESS_ACCESS_LOG_H_
#define ATENSI_ACCESS_ACCESS_LOG_H_

#include <cstdint>
#include <string>

#include "atensi/access/operation.h"
#include "atensi/access/permission_matrix.h"
#include "atensi/actor.h"
#include "atensi/clock.h"

namespace atensi {

struct AccessLogEntry {
  std::int64_t seq = 0;   // assigned by the store, increasing
  std::string child_id;   // whose data was read
  std::string case_id;    // the case read, empty for a child-level read
  std::string person_id;  // who
  std::string agency_id;
  Role role = Role::kViewer;
  Operation operation = Operation::kReadChild;
  AccessPurpose purpose = AccessPurpose::kCaseHandling;
  Reach reach = Reach::kNone;  // how far the reader could see
  Instant at;
};

}  // namespace atensi

#endif  // ATENSI_ACCESS_ACCESS_LOG_H_
