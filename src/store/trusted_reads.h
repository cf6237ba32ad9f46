// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// TrustedReads: the library's own access to the Casebook reads that name no
// principal (internal; NOT installed, NOT part of any public interface).
//
// Authorization is enforced in the core (issue 9, docs/access-control.md):
// every public Casebook read takes the acting principal, checks the
// permission matrix and the principal's reach, redacts for it and logs reads
// of personal data. The unchecked reads (GetCase, GetChild, History(id),
// Caseload(query), Inbox/Outbox, Verify(), ...) are private members of
// Casebook; this class, a friend of Casebook, forwards to them.
//
// Who may use it, and why:
//   - the library's own system processing, acting under its own lawful basis
//     (UU 27/2022 art 20: processing needed to fulfil the controller's legal
//     duty, here the social-rehabilitation casework of PP 39/2012 art 7 and
//     Permensos 7/2021): the roster pipeline (src/pipeline: de-duplication
//     look-ups, staging roster facts, screening and routing the open cases
//     under the integrator's system actor) and scheduled jobs;
//   - the library's own tests, benchmarks and fuzz targets, which set up and
//     inspect state directly.
// Who may NOT: the outer layers. capi/, src/cli/ and bindings/ serve people
// and integrating applications and must go through the authorized reads.
// They are compiled with ATENSI_OUTER_LAYER defined, which makes including
// this header a compile error, and the ctest `access.trusted_reads_boundary`
// (tests/access/trusted_boundary_check.py) fails if their sources mention it.
//
// Usage: internal::Trusted(book).GetCase(id), where `book` is a Casebook&,
// a Casebook* or a smart pointer to one.

#ifndef ATENSI_STORE_TRUSTED_READS_H_
#define ATENSI_STORE_TRUSTED_READS_H_

#ifdef ATENSI_OUTER_LAYER
#error "src/store/trusted_reads.h is internal: the C ABI, CLI and bindings use the authorized reads"
#endif

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "atensi/casebook.h"

namespace atensi::internal {

// Forwards to Casebook's private unchecked reads; see the file comment for
// who may use it. Each call has the contract documented beside the private
// declaration in casebook.h. Holds a reference: do not outlive the Casebook.
class TrustedReads {
 public:
  explicit TrustedReads(Casebook& book) : book_(book) {}

  Result<Case> GetCase(std::string_view case_id) { return book_.GetCase(case_id); }
  Result<Child> GetChild(std::string_view child_id) { return book_.GetChild(child_id); }
  Result<std::vector<Case>> CasesByChildNik(std::string_view nik) {
    return book_.CasesByChildNik(nik);
  }
  Result<Page<CaseSummary>> Caseload(const CaseloadQuery& query) { return book_.Caseload(query); }
  Result<std::vector<DueItemRow>> Due(Instant now, Duration window,
                                      std::optional<RegionCode> within = std::nullopt) {
    return book_.Due(now, window, within);
  }
  Result<Page<DueItemRow>> DuePage(Instant now, Duration window, const DueQuery& query) {
    return book_.DuePage(now, window, query);
  }
  Result<std::vector<Event>> History(std::string_view case_id) { return book_.History(case_id); }
  Result<std::vector<Event>> ChildTimeline(std::string_view child_id) {
    return book_.ChildTimeline(child_id);
  }
  Result<std::optional<Child>> FindChildByNik(std::string_view nik) {
    return book_.FindChildByNik(nik);
  }
  Result<std::optional<Child>> FindChildByRosterKey(std::string_view roster_key) {
    return book_.FindChildByRosterKey(roster_key);
  }
  Result<std::vector<Case>> CasesOfChild(std::string_view child_id) {
    return book_.CasesOfChild(child_id);
  }
  Status PutRosterFacts(std::string_view child_id, const nlohmann::json& facts) {
    return book_.PutRosterFacts(child_id, facts);
  }
  Result<std::uint64_t> RosterFactsCount() { return book_.RosterFactsCount(); }
  Result<std::vector<std::pair<std::string, nlohmann::json>>> RosterFactsPage(
      std::string_view after, std::size_t limit) {
    return book_.RosterFactsPage(after, limit);
  }
  Result<std::vector<Referral>> ExpireReferrals() { return book_.ExpireReferrals(); }
  Result<Referral> GetReferral(std::string_view referral_id) {
    return book_.GetReferral(referral_id);
  }
  Result<std::vector<Referral>> ReferralsOfCase(std::string_view case_id) {
    return book_.ReferralsOfCase(case_id);
  }
  Result<Page<Referral>> Inbox(std::string_view agency_id, const ReferralQuery& query = {}) {
    return book_.Inbox(agency_id, query);
  }
  Result<Page<Referral>> Outbox(std::string_view agency_id, const ReferralQuery& query = {}) {
    return book_.Outbox(agency_id, query);
  }
  Result<std::optional<RoutingDecision>> RoutingOf(std::string_view case_id) {
    return book_.RoutingOf(case_id);
  }
  Result<Transfer> GetTransfer(std::string_view transfer_id) {
    return book_.GetTransfer(transfer_id);
  }
  Result<std::vector<Transfer>> TransfersOfCase(std::string_view case_id) {
    return book_.TransfersOfCase(case_id);
  }
  Result<ProvinceReport> ProvinceReportFor(RegionCode province, Instant now,
                                           int trend_months = 12) {
    return book_.ProvinceReportFor(province, now, trend_months);
  }
  Result<VerifyReport> Verify() { return book_.Verify(); }

 private:
  Casebook& book_;
};

// internal::Trusted(book): for a Casebook& ...
inline TrustedReads Trusted(Casebook& book) { return TrustedReads(book); }
// ... or anything that dereferences to one (Casebook*, std::unique_ptr, ...).
template <typename Ptr>
TrustedReads Trusted(const Ptr& book) {
  return TrustedReads(*book);
}

}  // namespace atensi::internal

#endif  // ATENSI_STORE_TRUSTED_READS_H_
