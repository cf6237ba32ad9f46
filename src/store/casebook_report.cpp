// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Casebook: the provincial report (report/province_report.h). Counts and
// overdue items come from SQL aggregates over indexed columns and the kept
// deadlines (CaseStore::ProvinceAggregates, computed with the deadline
// policy in force when each case was last written); names from the official
// region table and the agency registry. A store without kept deadlines
// (DuePage unsupported, e.g. another backend) gets the overdue section
// computed here from CasesDueBy and DueItems under this Casebook's policy.

#include <algorithm>
#include <utility>

#include "atensi/casebook.h"

namespace atensi {

Result<ProvinceReport> Casebook::ProvinceReportFor(RegionCode province, Instant now,
                                                   int trend_months) {
  auto lock = Lock();
  ATENSI_ASSIGN_OR_RETURN(const AgencyRegistry* registry, RegistryLocked());
  const RegionCode prov = province.AncestorAt(RegionLevel::kProvince);
  ATENSI_ASSIGN_OR_RETURN(auto txn, store_->BeginRead());
  ATENSI_ASSIGN_OR_RETURN(
      ProvinceReport report,
      store_->ProvinceAggregates(prov, now, trend_months, policy_.utc_offset_minutes));
  if (auto region = RegionTable::Official().Find(prov)) report.province_name = region->name;
  for (AgencyReferralStats& stats : report.referrals) {
    if (const Agency* agency = registry->FindById(stats.agency_id))
      stats.agency_name = agency->name;
  }
  // A store that keeps deadlines (schema version 4) filled the overdue
  // section from them; for one that does not (DuePage unsupported) it is
  // computed here from the cases' indexed next deadline with DueItems.
  Result<Page<DueItemRow>> probe = store_->DuePage(now, now, DueQuery{prov, 1, ""});
  if (probe.ok()) return report;
  if (probe.status().code() != StatusCode::kUnsupported) return probe.status();
  ATENSI_ASSIGN_OR_RETURN(std::vector<IndexedCase> due, store_->CasesDueBy(now, prov));
  std::vector<OverdueItem> items;
  for (const IndexedCase& ic : due) {
    for (const DueItem& item : DueItems(ic.value, now, Duration{0}, policy_.deadlines)) {
      if (!item.overdue) continue;
      RegionCode regency = prov;
      if (ic.index.region && ic.index.region->level() != RegionLevel::kProvince) {
        regency = ic.index.region->AncestorAt(RegionLevel::kRegency);
      }
      OverdueItem o{ic.value.id, regency, std::string(Name(item.step)), item.due_at, ic.value.risk};
      ++report.overdue_by_step[o.step];
      items.push_back(std::move(o));
    }
  }
  report.overdue_total = items.size();
  std::stable_sort(items.begin(), items.end(), [](const OverdueItem& a, const OverdueItem& b) {
    if (a.due_at != b.due_at) return a.due_at < b.due_at;
    return a.case_id < b.case_id;
  });
  if (items.size() > 20) items.erase(items.begin() + 20, items.end());
  report.overdue_oldest = std::move(items);
  return report;
}

}  // namespace atensi
