// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0

#include "store/pg/pg_event_log.h"

#include <algorithm>
#include <map>
#include <span>
#include <utility>

#include "store/sha256_stream.h"

namespace atensi::store::pg {
namespace {

// The checkpoint encoding and sealing rule are store/event_log.h's, one for
// both backends; the conformance suite checks both seal the same history
// into the same checkpoint hash.
using TailMap = ChainTails;

std::span<const std::uint8_t> AsSpan(const Sha256Digest& d) { return {d.data(), d.size()}; }

BrokenLink Broken(BrokenLink::Where where, std::string chain, std::int64_t seq,
                  std::string reason) {
  BrokenLink b;
  b.where = where;
  b.chain_id = std::move(chain);
  b.seq = seq;
  b.reason = std::move(reason);
  return b;
}

}  // namespace

Result<Event> ReadEvent(const Rows& rows, int r, std::string* changes_text, PayloadSealer* sealer,
                        bool parse_changes) {
  Event e;
  e.chain_id = rows.Text(r, 0);
  e.seq = rows.Int64(r, 1);
  const std::int64_t kind = rows.Int64(r, 2);
  if (kind != static_cast<std::int64_t>(ChainKind::kChild) &&
      kind != static_cast<std::int64_t>(ChainKind::kCase) &&
      kind != static_cast<std::int64_t>(ChainKind::kStore)) {
    return Corruption("store.bad_event", "an event has an unknown chain kind");
  }
  e.kind = static_cast<ChainKind>(kind);
  e.at = Instant{rows.Int64(r, 3)};
  e.actor.person_id = rows.Text(r, 4);
  e.actor.agency_id = rows.Text(r, 5);
  const std::int64_t role = rows.Int64(r, 6);
  if (role < 0 || role > 255) return Corruption("store.bad_event", "an event has a bad role");
  e.actor.role = static_cast<Role>(role);
  e.actor.rights = static_cast<std::uint32_t>(rows.Int64(r, 7));
  e.action = rows.Text(r, 8);
  std::string opened;  // the change set of a sealed payload
  std::string_view changes;
  if (!rows.IsNull(r, 17)) {
    if (sealer == nullptr) {
      return FailedPrecondition("crypto.key_missing", "key",
                                "an event payload is sealed and no key was supplied");
    }
    ATENSI_ASSIGN_OR_RETURN(auto payload,
                            sealer->OpenPayload(e.chain_id, e.seq, rows.Bytes(r, 17)));
    e.reason = std::move(payload.first);
    opened = std::move(payload.second);
    changes = opened;
  } else {
    e.reason = rows.Text(r, 9);
    changes = rows.TextView(r, 10);
  }
  if (parse_changes) {
    e.changes = nlohmann::json::parse(changes, nullptr, /*allow_exceptions=*/false);
    if (e.changes.is_discarded()) {
      return Corruption("store.bad_event", "an event's change set is not valid JSON");
    }
  }
  if (changes_text != nullptr) changes_text->assign(changes);
  ATENSI_ASSIGN_OR_RETURN(e.state_hash, DigestAt(rows, r, 11, "event state_hash"));
  ATENSI_ASSIGN_OR_RETURN(e.prev_hash, DigestAt(rows, r, 12, "event prev_hash"));
  ATENSI_ASSIGN_OR_RETURN(e.hash, DigestAt(rows, r, 13, "event hash"));
  e.hash_format = rows.Int64(r, 14);
  if (e.hash_format != 1 && e.hash_format != 2) {
    return Corruption("store.bad_event", "an event has an unknown hash format");
  }
  if (e.hash_format == 2) {
    ATENSI_ASSIGN_OR_RETURN(e.payload_digest, DigestAt(rows, r, 15, "event payload_digest"));
  }
  if (!rows.IsNull(r, 16)) e.payload_purged_at = Instant{rows.Int64(r, 16)};
  return e;
}

Result<Event> PgEventLog::Append(const EventInput& in, std::int64_t province, bool must_be_new) {
  if (!conn_.InTransaction()) {
    return Internal("store.not_in_transaction",
                    "events are appended inside the mutation's transaction");
  }
  Event e;
  e.chain_id = in.chain_id;
  e.kind = in.kind;
  e.at = in.at;
  e.actor = in.actor;
  e.action = in.action;
  e.reason = in.reason;
  e.changes = in.changes.is_null() ? nlohmann::json::object() : in.changes;
  e.state_hash = in.state_hash;
  std::int64_t home = province;
  bool exists = false;
  if (must_be_new) {
    // A new record's chain starts at seq 1 after the zero hash: nothing to
    // read. A taken id is refused by the chains primary key when the
    // deferred INSERT runs (AlreadyExists "store.exists", field "id").
    e.seq = 1;
  } else {
    Params p;
    const std::string id = p.Add(std::string_view(in.chain_id));
    ATENSI_ASSIGN_OR_RETURN(
        Rows tail,
        conn_.Query("SELECT tail_seq, tail_hash, province FROM chains WHERE chain_id = " + id +
                        " FOR UPDATE",
                    p));
    if (!tail.empty()) {
      exists = true;
      e.seq = tail.Int64(0, 0) + 1;
      ATENSI_ASSIGN_OR_RETURN(e.prev_hash, ToDigest(tail.Bytes(0, 1), "chain tail hash"));
      home = tail.Int64(0, 2);
    } else {
      e.seq = 1;
    }
  }
  // nlohmann::json keeps object keys sorted, so dump() is canonical.
  const std::string changes_text = e.changes.dump();
  e.hash_format = kEventHashFormat;
  e.payload_digest = PayloadDigest(e.reason, changes_text);
  e.hash = EventHash(e, changes_text);
  std::optional<std::string> sealed;
  if (sealer_ != nullptr) {
    ATENSI_ASSIGN_OR_RETURN(
        sealed, sealer_->SealPayload(e.chain_id, e.seq, e.kind, e.action, e.reason, changes_text));
  }
  const std::string_view stored_reason = sealed ? std::string_view() : std::string_view(e.reason);
  const std::string_view stored_changes =
      sealed ? std::string_view() : std::string_view(changes_text);

  {
    Params p;
    const std::string sql =
        "INSERT INTO events (province, chain_id, seq, kind, at, actor_person, actor_agency, "
        "actor_role, actor_rights, action, reason, changes, state_hash, prev_hash, hash, "
        "hash_format, payload_digest, payload_sealed, subject_id) VALUES (" +
        p.Add(home) + ", " + p.Add(std::string_view(e.chain_id)) + ", " + p.Add(e.seq) + ", " +
        p.Add(static_cast<std::int64_t>(e.kind)) + ", " + p.Add(e.at.ms) + ", " +
        p.Add(std::string_view(e.actor.person_id)) + ", " +
        p.Add(std::string_view(e.actor.agency_id)) + ", " +
        p.Add(static_cast<std::int64_t>(e.actor.role)) + ", " +
        p.Add(static_cast<std::int64_t>(e.actor.rights)) + ", " +
        p.Add(std::string_view(e.action)) + ", " + p.Add(stored_reason) + ", " +
        p.Add(stored_changes) + ", " + p.AddBytes(AsSpan(e.state_hash)) + ", " +
        p.AddBytes(AsSpan(e.prev_hash)) + ", " + p.AddBytes(AsSpan(e.hash)) + ", " +
        p.Add(e.hash_format) + ", " + p.AddBytes(AsSpan(e.payload_digest)) + ", " +
        (sealed ? p.AddBytes(std::span<const std::uint8_t>(
                      reinterpret_cast<const std::uint8_t*>(sealed->data()), sealed->size()))
                : p.AddNull()) +
        ", " + (in.subject_id.empty() ? p.AddNull() : p.Add(std::string_view(in.subject_id))) + ")";
    // Deferred (pg_conn.h): the event, its hash and its seq are known here;
    // the INSERT and the tail UPDATE go with the next statement or COMMIT.
    ATENSI_RETURN_IF_ERROR(conn_.Defer(sql, p));
  }
  {
    Params p;
    if (exists) {
      const std::string sql = "UPDATE chains SET tail_seq = " + p.Add(e.seq) +
                              ", tail_hash = " + p.AddBytes(AsSpan(e.hash)) +
                              " WHERE chain_id = " + p.Add(std::string_view(e.chain_id));
      ATENSI_RETURN_IF_ERROR(conn_.Defer(sql, p));
    } else {
      const std::string sql =
          "INSERT INTO chains (chain_id, kind, province, tail_seq, tail_hash, row_province) "
          "VALUES (" +
          p.Add(std::string_view(e.chain_id)) + ", " + p.Add(static_cast<std::int64_t>(e.kind)) +
          ", " + p.Add(home) + ", " + p.Add(e.seq) + ", " + p.AddBytes(AsSpan(e.hash)) + ", " +
          p.Add(home) + ")";
      ATENSI_RETURN_IF_ERROR(conn_.Defer(sql, p));
    }
  }
  return e;
}

Result<std::vector<Event>> PgEventLog::ReadChain(std::string_view chain_id) {
  // The chain's home province prunes the scan to one partition.
  ATENSI_ASSIGN_OR_RETURN(Rows rows, [&] {
    Params p;
    const std::string id = p.Add(chain_id);
    return conn_.Query(std::string("SELECT ") + kEventColumns +
                           " FROM events WHERE chain_id = " + id +
                           " AND province = (SELECT province FROM chains WHERE chain_id = " + id +
                           ") ORDER BY seq",
                       p);
  }());
  std::vector<Event> out;
  out.reserve(static_cast<std::size_t>(rows.size()));
  for (int r = 0; r < rows.size(); ++r) {
    ATENSI_ASSIGN_OR_RETURN(Event e, ReadEvent(rows, r, nullptr, sealer_));
    out.push_back(std::move(e));
  }
  return out;
}

Result<bool> PgEventLog::PurgePayload(std::string_view chain_id, std::int64_t seq, Instant at) {
  if (!conn_.InTransaction()) {
    return Internal("store.not_in_transaction", "a purge runs inside the mutation's transaction");
  }
  Params p;
  const std::string id = p.Add(chain_id);
  const std::string where = " WHERE chain_id = " + id + " AND seq = " + p.Add(seq) +
                            " AND province = (SELECT province FROM chains WHERE chain_id = " + id +
                            ")";
  ATENSI_ASSIGN_OR_RETURN(
      Rows q,
      conn_.Query("SELECT hash_format, payload_purged_at IS NOT NULL FROM events" + where, p));
  if (q.empty()) return NotFound("store.event_not_found", "seq", "no such event in the chain");
  if (q.Int64(0, 0) != 2) {
    return FailedPrecondition("store.event_format_1", "hash_format",
                              "a format-1 event's hash covers its payload text; purging it would "
                              "break the chain");
  }
  if (q.Bool(0, 1)) return false;
  const std::string purged_at = p.Add(at.ms);
  ATENSI_RETURN_IF_ERROR(conn_
                             .Run("UPDATE events SET reason = '', changes = '{}', "
                                  "payload_sealed = NULL, payload_purged_at = " +
                                      purged_at + where,
                                  p)
                             .status());
  return true;
}

Result<std::int64_t> PgEventLog::Checkpoint(Instant at) {
  if (!conn_.InTransaction()) {
    return Internal("store.not_in_transaction", "a checkpoint is written inside a transaction");
  }
  // One checkpoint writer at a time: the second waits, then numbers after
  // the first (a unique violation on checkpoints.seq otherwise).
  ATENSI_RETURN_IF_ERROR(conn_.Exec("LOCK TABLE checkpoints IN SHARE ROW EXCLUSIVE MODE"));
  std::int64_t prev_seq = 0;
  Sha256Digest prev_hash{};
  {
    ATENSI_ASSIGN_OR_RETURN(
        Rows last, conn_.Query("SELECT seq, hash FROM checkpoints ORDER BY seq DESC LIMIT 1"));
    if (!last.empty()) {
      prev_seq = last.Int64(0, 0);
      ATENSI_ASSIGN_OR_RETURN(prev_hash, ToDigest(last.Bytes(0, 1), "checkpoint hash"));
    }
  }
  TailMap sealed;
  {
    ATENSI_ASSIGN_OR_RETURN(
        Rows rows, conn_.Query("SELECT DISTINCT ON (chain_id) chain_id, tail_seq, tail_hash FROM "
                               "checkpoint_tails ORDER BY chain_id, checkpoint_seq DESC"));
    for (int r = 0; r < rows.size(); ++r) {
      ATENSI_ASSIGN_OR_RETURN(Sha256Digest hash,
                              ToDigest(rows.Bytes(r, 2), "checkpoint tail hash"));
      sealed.emplace(rows.Text(r, 0), ChainTail{rows.Int64(r, 1), hash});
    }
  }
  TailMap current;
  // The tails as the events hold them (not as `chains` says), as on SQLite.
  ATENSI_RETURN_IF_ERROR(conn_.ForEach(
      "SELECT DISTINCT ON (chain_id) chain_id, seq, hash FROM events ORDER BY chain_id, seq DESC",
      Params(), [&](const Rows& row) -> Result<bool> {
        ATENSI_ASSIGN_OR_RETURN(Sha256Digest hash, ToDigest(row.Bytes(0, 2), "event hash"));
        current.emplace(row.Text(0, 0), ChainTail{row.Int64(0, 1), hash});
        return true;
      }));
  ATENSI_ASSIGN_OR_RETURN(auto delta, CheckpointDelta(sealed, current));
  const std::int64_t seq = prev_seq + 1;
  const auto count = static_cast<std::int64_t>(current.size());
  const Sha256Digest root = CheckpointRoot(current);
  const Sha256Digest hash = CheckpointDigest(seq, at.ms, count, root, prev_hash);
  {
    Params p;
    const std::string sql =
        "INSERT INTO checkpoints (seq, at, chain_count, root, prev_hash, hash) VALUES (" +
        p.Add(seq) + ", " + p.Add(at.ms) + ", " + p.Add(count) + ", " + p.AddBytes(AsSpan(root)) +
        ", " + p.AddBytes(AsSpan(prev_hash)) + ", " + p.AddBytes(AsSpan(hash)) + ")";
    ATENSI_RETURN_IF_ERROR(conn_.Run(sql, p).status());
  }
  for (const auto& [chain, tail] : delta) {
    Params p;
    const std::string sql =
        "INSERT INTO checkpoint_tails (chain_id, checkpoint_seq, tail_seq, tail_hash) VALUES (" +
        p.Add(std::string_view(chain)) + ", " + p.Add(seq) + ", " + p.Add(tail.seq) + ", " +
        p.AddBytes(AsSpan(tail.hash)) + ")";
    ATENSI_RETURN_IF_ERROR(conn_.Run(sql, p).status());
  }
  return seq;
}

namespace {

// Column of events.subject_id in Verify's SELECT (after kEventColumns).
constexpr int kVerifySubjectCol = 18;

// Whether the subject_id column of `row` agrees with the change set
// `changes_text` of its present payload (SubjectIdNamed, event_log.h); only
// a referral/transfer/routing event's change set is parsed.
bool SubjectIdMatches(const Rows& row, const Event& e, std::string_view changes_text) {
  const bool subject = e.action.starts_with("referral.") || e.action.starts_with("transfer.") ||
                       e.action.starts_with("routing.");
  if (!subject) return row.IsNull(0, kVerifySubjectCol);
  const nlohmann::json changes =
      nlohmann::json::parse(changes_text, nullptr, /*allow_exceptions=*/false);
  const std::optional<std::string> named = SubjectIdNamed(e.action, changes);
  if (!named) return row.IsNull(0, kVerifySubjectCol);
  return !row.IsNull(0, kVerifySubjectCol) && row.TextView(0, kVerifySubjectCol) == *named;
}

}  // namespace

Result<VerifyReport> PgEventLog::Verify(ChainSummaries* summaries) {
  VerifyReport report;
  std::optional<BrokenLink> broken;
  ChainSummary* summary = nullptr;  // the current chain's

  // 1. Every chain, in chain_id order (bytewise: COLLATE "C").
  {
    std::string chain;
    bool have_chain = false;
    std::int64_t expected_seq = 1;
    Sha256Digest prev{};
    std::string changes_text;
    ATENSI_RETURN_IF_ERROR(conn_.ForEach(
        std::string("SELECT ") + kEventColumns + ", subject_id FROM events ORDER BY chain_id, seq",
        Params(), [&](const Rows& row) -> Result<bool> {
          const std::string_view chain_id = row.TextView(0, 0);
          const std::int64_t seq = row.Int64(0, 1);
          if (!have_chain || chain_id != chain) {
            chain.assign(chain_id);
            have_chain = true;
            expected_seq = 1;
            prev = Sha256Digest{};
            ++report.chains_checked;
            if (summaries != nullptr) summary = &(*summaries)[chain];
          }
          const bool sealed = !row.IsNull(0, 17);
          // The change set's JSON is validated only when a later check
          // fails (as EventLog::Verify), so the reported reason is unchanged
          // ("event.undecodable" first): an event whose hash matches holds
          // exactly the text its writer dumped.
          Result<Event> e = ReadEvent(row, 0, &changes_text, sealer_, /*parse_changes=*/false);
          if (!e.ok() && sealed && e.status().code() != StatusCode::kCorruption) {
            return e.status();  // a missing key: the check cannot be made
          }
          if (!e.ok() && sealed) {
            // A sealed payload that fails authentication: its bytes changed.
            broken = Broken(BrokenLink::Where::kEvent, chain, seq, "event.payload_mismatch");
            return false;
          }
          if (!e.ok()) {
            broken = Broken(BrokenLink::Where::kEvent, chain, seq, "event.undecodable");
            return false;
          }
          // A failed check reports an undecodable change set first.
          auto fail_with = [&](std::int64_t at_seq, const char* reason) {
            broken = Broken(BrokenLink::Where::kEvent, chain, at_seq,
                            nlohmann::json::accept(changes_text) ? reason : "event.undecodable");
            return false;
          };
          if (seq != expected_seq) return fail_with(expected_seq, "event.seq_gap");
          if (e->prev_hash != prev) return fail_with(seq, "event.prev_hash_mismatch");
          const Sha256Digest hash = EventHash(*e, changes_text);
          if (hash != e->hash) return fail_with(seq, "event.hash_mismatch");
          // Format 2: a present payload must hash to its digest; a purged
          // one must really be gone (as EventLog::Verify).
          bool intact = true;
          if (e->hash_format == 2) {
            intact = e->payload_purged_at
                         ? !sealed && e->reason.empty() && changes_text == "{}"
                         : PayloadDigest(e->reason, changes_text) == e->payload_digest;
            // A sealed row keeps nothing in clear.
            if (sealed && (!row.TextView(0, 9).empty() || !row.TextView(0, 10).empty())) {
              intact = false;
            }
          } else if (sealed) {
            intact = false;  // format 1 is never sealed
          }
          if (!intact) return fail_with(seq, "event.payload_mismatch");
          // events.subject_id (schema 7 = SQLite 8) is outside the hash: a
          // present payload (clear or opened) must name the same row, and
          // an event that names none must have none (as EventLog::Verify).
          if (!e->payload_purged_at && !SubjectIdMatches(row, *e, changes_text)) {
            return fail_with(seq, "event.subject_mismatch");
          }
          ++report.events_checked;
          if (summary != nullptr) {
            summary->kind = e->kind;
            summary->max_seq = seq;
            if (e->kind == ChainKind::kChild ||
                (e->kind == ChainKind::kCase && e->action.find('.') == std::string::npos)) {
              ++summary->own_count;
              summary->own_tail = seq;
              summary->own_state = e->state_hash;
            }
          }
          prev = hash;
          ++expected_seq;
          return true;
        }));
  }
  if (broken) {
    report.ok = false;
    report.first_broken = std::move(broken);
    return report;
  }

  // 2. Every checkpoint, in order, against the events it sealed.
  ATENSI_ASSIGN_OR_RETURN(
      Rows cps, conn_.Query("SELECT seq, at, chain_count, root, prev_hash, hash FROM checkpoints "
                            "ORDER BY seq"));
  auto fail = [&report](BrokenLink link) {
    report.ok = false;
    report.first_broken = std::move(link);
    return report;
  };
  TailMap tails;
  std::int64_t expected_seq = 1;
  Sha256Digest prev{};
  const std::string kCp;  // checkpoints have no chain id
  for (int r = 0; r < cps.size(); ++r) {
    const std::int64_t seq = cps.Int64(r, 0);
    if (seq != expected_seq) {
      return fail(Broken(BrokenLink::Where::kCheckpoint, kCp, expected_seq, "checkpoint.seq_gap"));
    }
    Result<Sha256Digest> root = ToDigest(cps.Bytes(r, 3), "checkpoint root");
    Result<Sha256Digest> prev_hash = ToDigest(cps.Bytes(r, 4), "checkpoint prev_hash");
    Result<Sha256Digest> hash = ToDigest(cps.Bytes(r, 5), "checkpoint hash");
    if (!root.ok() || !prev_hash.ok() || !hash.ok()) {
      return fail(Broken(BrokenLink::Where::kCheckpoint, kCp, seq, "checkpoint.undecodable"));
    }
    if (*prev_hash != prev) {
      return fail(
          Broken(BrokenLink::Where::kCheckpoint, kCp, seq, "checkpoint.prev_hash_mismatch"));
    }
    const std::int64_t count = cps.Int64(r, 2);
    if (CheckpointDigest(seq, cps.Int64(r, 1), count, *root, *prev_hash) != *hash) {
      return fail(Broken(BrokenLink::Where::kCheckpoint, kCp, seq, "checkpoint.hash_mismatch"));
    }
    // The delta of this checkpoint, each with the hash of the sealed event
    // as the events hold it now (NULL when it is gone).
    Params p;
    const std::string cp = p.Add(seq);
    ATENSI_ASSIGN_OR_RETURN(
        Rows delta,
        conn_.Query("SELECT t.chain_id, t.tail_seq, t.tail_hash, (SELECT e.hash FROM events e "
                    "WHERE e.chain_id = t.chain_id AND e.seq = t.tail_seq LIMIT 1) FROM "
                    "checkpoint_tails t WHERE t.checkpoint_seq = " +
                        cp + " ORDER BY t.chain_id",
                    p));
    for (int d = 0; d < delta.size(); ++d) {
      std::string chain = delta.Text(d, 0);
      const std::int64_t tail_seq = delta.Int64(d, 1);
      Result<Sha256Digest> tail_hash = ToDigest(delta.Bytes(d, 2), "checkpoint tail hash");
      if (!tail_hash.ok()) {
        return fail(Broken(BrokenLink::Where::kCheckpoint, chain, seq, "checkpoint.undecodable"));
      }
      if (delta.IsNull(d, 3)) {
        return fail(Broken(BrokenLink::Where::kCheckpoint, chain, seq, "checkpoint.tail_missing"));
      }
      Result<Sha256Digest> actual = ToDigest(delta.Bytes(d, 3), "event hash");
      if (!actual.ok() || *actual != *tail_hash) {
        return fail(
            Broken(BrokenLink::Where::kCheckpoint, chain, seq, "checkpoint.tail_hash_mismatch"));
      }
      tails[std::move(chain)] = ChainTail{tail_seq, *tail_hash};
    }
    if (count != static_cast<std::int64_t>(tails.size()) || CheckpointRoot(tails) != *root) {
      return fail(Broken(BrokenLink::Where::kCheckpoint, kCp, seq, "checkpoint.root_mismatch"));
    }
    ++report.checkpoints_checked;
    prev = *hash;
    ++expected_seq;
  }
  return report;
}

}  // namespace atensi::store::pg
