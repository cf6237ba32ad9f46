// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Casebook: batching for bulk work (one transaction for many operations),
// the lookups an idempotent import needs, and the routing configuration.

#include <cctype>
#include <exception>
#include <utility>

#include "atensi/casebook.h"

namespace atensi {
namespace {

std::string DigitsOf(std::string_view s) {
  std::string out;
  for (char ch : s) {
    if (std::isdigit(static_cast<unsigned char>(ch)) != 0) out.push_back(ch);
  }
  return out;
}

Status RunBody(const std::function<Status()>& body) {
  try {
    return body();
  } catch (const std::exception&) {
    // what() is not passed on: it may carry personal data.
    return Internal("store.batch_exception",
                    "the batch body threw an exception; everything it did was rolled back");
  } catch (...) {
    return Internal("store.batch_exception",
                    "the batch body threw an exception; everything it did was rolled back");
  }
}

// The shipped registry and rules, loaded once per process.
const Result<std::shared_ptr<const AgencyRegistry>>& DefaultRegistry() {
  static const auto* loaded = new Result<std::shared_ptr<const AgencyRegistry>>([] {
    Result<AgencyRegistry> r = AgencyRegistry::Default(RegionTable::Official());
    if (!r.ok()) return Result<std::shared_ptr<const AgencyRegistry>>(r.status());
    return Result<std::shared_ptr<const AgencyRegistry>>(
        std::make_shared<const AgencyRegistry>(std::move(r).value()));
  }());
  return *loaded;
}

const Result<std::shared_ptr<const RuleSet>>& DefaultRules() {
  static const auto* loaded = new Result<std::shared_ptr<const RuleSet>>([] {
    Result<RuleSet> r = RuleSet::Default();
    if (!r.ok()) return Result<std::shared_ptr<const RuleSet>>(r.status());
    return Result<std::shared_ptr<const RuleSet>>(
        std::make_shared<const RuleSet>(std::move(r).value()));
  }());
  return *loaded;
}

}  // namespace

Result<std::optional<Child>> Casebook::FindChildByNik(std::string_view nik) {
  const std::string digits = DigitsOf(nik);
  auto lock = Lock();
  ATENSI_ASSIGN_OR_RETURN(auto txn, store_->BeginRead());
  return store_->FindChildByNik(digits);
}

Result<std::optional<Child>> Casebook::FindChildByRosterKey(std::string_view roster_key) {
  auto lock = Lock();
  ATENSI_ASSIGN_OR_RETURN(auto txn, store_->BeginRead());
  return store_->FindChildByRosterKey(roster_key);
}

Result<std::vector<Case>> Casebook::CasesOfChild(std::string_view child_id) {
  auto lock = Lock();
  ATENSI_ASSIGN_OR_RETURN(auto txn, store_->BeginRead());
  ATENSI_RETURN_IF_ERROR(store_->GetChild(child_id).status());
  return store_->CasesOfChild(child_id);
}

Status Casebook::PutRosterFacts(std::string_view child_id, const nlohmann::json& facts) {
  auto lock = Lock();
  // One statement writes; the refusal (no such child) comes before it.
  ATENSI_ASSIGN_OR_RETURN(auto txn, store_->BeginCheckedWrite());
  ATENSI_ASSIGN_OR_RETURN(bool written, store_->PutRosterFacts(child_id, facts));
  if (!written) return Status::Ok();
  return txn->Commit();
}

Result<std::uint64_t> Casebook::RosterFactsCount() {
  auto lock = Lock();
  ATENSI_ASSIGN_OR_RETURN(auto txn, store_->BeginRead());
  return store_->RosterFactsCount();
}

Result<std::vector<std::pair<std::string, nlohmann::json>>> Casebook::RosterFactsPage(
    std::string_view after, std::size_t limit) {
  auto lock = Lock();
  ATENSI_ASSIGN_OR_RETURN(auto txn, store_->BeginRead());
  return store_->RosterFactsPage(after, limit);
}

Status Casebook::Batch(const std::function<Status()>& body) {
  if (batch_owner_.load() == std::this_thread::get_id()) {
    // Nested batch: a savepoint inside the running one.
    ATENSI_ASSIGN_OR_RETURN(auto inner, store_->BeginWrite());
    ATENSI_RETURN_IF_ERROR(RunBody(body));
    return inner->Commit();
  }
  std::unique_lock<std::mutex> lock(mu_);
  ATENSI_ASSIGN_OR_RETURN(auto txn, store_->BeginWrite());
  batch_owner_.store(std::this_thread::get_id());
  Status status = RunBody(body);
  batch_owner_.store(std::thread::id());
  ATENSI_RETURN_IF_ERROR(status);  // `txn` rolls everything back
  ATENSI_RETURN_IF_ERROR(txn->Commit());
  if (checkpoint_every_ > 0 && writes_since_checkpoint_ >= checkpoint_every_) {
    writes_since_checkpoint_ = 0;
    CheckpointLocked().IgnoreError();
  }
  return Status::Ok();
}

void Casebook::UseRouting(std::shared_ptr<const AgencyRegistry> registry,
                          std::shared_ptr<const RuleSet> rules, ReferralPolicy referral_policy) {
  auto lock = Lock();
  registry_ = std::move(registry);
  rules_ = std::move(rules);
  referral_policy_ = std::move(referral_policy);
}

Result<const AgencyRegistry*> Casebook::RegistryLocked() {
  if (!registry_) {
    const auto& loaded = DefaultRegistry();
    if (!loaded.ok()) return loaded.status();
    registry_ = *loaded;
  }
  return registry_.get();
}

Result<const RuleSet*> Casebook::RulesLocked() {
  if (!rules_) {
    const auto& loaded = DefaultRules();
    if (!loaded.ok()) return loaded.status();
    rules_ = *loaded;
  }
  return rules_.get();
}

}  // namespace atensi
