// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// PgCaseStore: the store side of the privacy operations and of key rotation
// (casebook_privacy.cpp, casebook_crypto.cpp hold the rules).
//
// Purge (UU 27/2022 art 44: personal data is destroyed when its retention
// ends; UU 35/2014 art 64 for a child in conflict with the law): the payload
// (reason and change set) of every format-2 event of a chain is tombstoned.
// Event hash format 2 commits to a digest of the payload, not its text, so
// the chain still verifies; format-1 events (their hash covers the text) are
// kept and counted. The events trigger (pg_schema.cpp, migration 4) lets
// exactly this one UPDATE through, as SQLite's events_no_update does.
//
// Privacy flags, restriction (art 41), legal hold and corrections (art 6,
// 32) live in the child document and in "privacy.*" events of its chain;
// PrivacyActions reads just those actions (no payload is read or opened).
//
// Key rotation closes with an event on the store-wide chain "atensi.store"
// (ChainKind::kStore; home partition 0), as on SQLite.

#include <string>
#include <utility>
#include <vector>

#include "store/pg/pg_case_store.h"

namespace atensi::store::pg {

Result<std::vector<std::string>> PgCaseStore::PrivacyActions(std::string_view chain_id) {
  Params p;
  const std::string id = p.Add(chain_id);
  ATENSI_ASSIGN_OR_RETURN(
      Rows q,
      conn_->Query("SELECT action FROM events WHERE chain_id = " + id +
                       " AND province = (SELECT province FROM chains WHERE chain_id = " + id +
                       ") AND (action = 'purge' OR left(action, 8) = 'privacy.') ORDER "
                       "BY seq",
                   p));
  std::vector<std::string> out;
  out.reserve(static_cast<std::size_t>(q.size()));
  for (int r = 0; r < q.size(); ++r) out.push_back(q.Text(r, 0));
  return out;
}

Result<std::vector<std::string>> PgCaseStore::ChildIdsAfter(std::string_view after,
                                                            std::size_t limit) {
  Params p;
  const std::string sql = "SELECT id FROM children WHERE id > " + p.Add(after) +
                          "::text ORDER BY id LIMIT " + p.Add(static_cast<std::int64_t>(limit));
  ATENSI_ASSIGN_OR_RETURN(Rows q, conn_->Query(sql, p));
  std::vector<std::string> out;
  out.reserve(static_cast<std::size_t>(q.size()));
  for (int r = 0; r < q.size(); ++r) out.push_back(q.Text(r, 0));
  return out;
}

Result<PurgedPayloads> PgCaseStore::PurgeChainPayloads(std::string_view chain_id, Instant at) {
  Params p;
  const std::string id = p.Add(chain_id);
  ATENSI_ASSIGN_OR_RETURN(
      Rows q, conn_->Query("SELECT seq, hash_format FROM events WHERE chain_id = " + id +
                               " AND province = (SELECT province FROM chains WHERE chain_id = " +
                               id + ") AND payload_purged_at IS NULL ORDER BY seq",
                           p));
  PurgedPayloads out;
  for (int r = 0; r < q.size(); ++r) {
    if (q.Int64(r, 1) != 2) {
      ++out.kept_format_1;
      continue;
    }
    ATENSI_ASSIGN_OR_RETURN(bool purged, log_.PurgePayload(chain_id, q.Int64(r, 0), at));
    if (purged) ++out.purged;
  }
  return out;
}

Result<bool> PgCaseStore::DeleteRosterFacts(std::string_view child_id) {
  Params p;
  ATENSI_ASSIGN_OR_RETURN(
      std::int64_t n,
      conn_->Run("DELETE FROM roster_facts WHERE child_id = " + p.Add(child_id), p));
  return n > 0;
}

// ---- encryption at rest (pg_crypto.h) ----

Result<EncryptionInfo> PgCaseStore::Encryption() { return crypto_.Info(); }

Status PgCaseStore::BeginKeyRotation(const EncryptionKey& new_key) {
  return crypto_.BeginRotation(new_key);
}

Result<std::uint64_t> PgCaseStore::RekeyBatch(RekeyCursor& cursor, std::size_t limit) {
  return crypto_.RekeyBatch(cursor, limit);
}

Result<std::vector<std::uint32_t>> PgCaseStore::FinishKeyRotation(const EventDraft& draft,
                                                                  const AuditStamp& stamp) {
  ATENSI_ASSIGN_OR_RETURN(std::vector<std::uint32_t> retired, crypto_.FinishRotation());
  ATENSI_ASSIGN_OR_RETURN(EncryptionInfo info, crypto_.Info());
  EventInput in;
  in.chain_id = std::string(kStoreChain);
  in.kind = ChainKind::kStore;
  in.at = stamp.at;
  in.actor = stamp.actor;
  in.action = draft.action;
  in.reason = draft.reason;
  in.changes = draft.changes.is_object() ? draft.changes : nlohmann::json::object();
  in.changes["current_key"] = {{"after", info.current_key}};
  in.changes["retired_keys"] = {{"after", retired}};
  // The store chain has no record row; its state is the key state.
  in.state_hash = store::Sha256(
      nlohmann::json{{"current_key", info.current_key}, {"live_keys", info.live_keys}}.dump());
  ATENSI_RETURN_IF_ERROR(log_.Append(in, /*province=*/0, /*must_be_new=*/false).status());
  return retired;
}

}  // namespace atensi::store::pg
