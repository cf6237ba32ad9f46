// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0

#include "store/event_log.h"

#include <sodium.h>

#include <algorithm>
#include <map>
#include <system_error>
#include <thread>
#include <utility>

#include "store/sha256_stream.h"
#include "store/verify_pipeline.h"

namespace atensi::store {
namespace {

constexpr std::string_view kEventTag = "atensi.event.v1";
constexpr std::string_view kEventTagV2 = "atensi.event.v2";
constexpr std::string_view kPayloadTag = "atensi.event_payload.v1";
constexpr std::string_view kRootTag = "atensi.checkpoint_root.v1";
constexpr std::string_view kCheckpointTag = "atensi.checkpoint.v1";

// Incremental SHA-256 over a canonical encoding: variable-length fields are
// prefixed with their 8-byte big-endian length, integers are 8-byte
// big-endian, digests are their fixed 32 bytes.
class Hasher {
 public:
  Hasher() = default;
  Hasher& Bytes(std::string_view s) {
    U64(s.size());
    Raw(reinterpret_cast<const unsigned char*>(s.data()), s.size());
    return *this;
  }
  Hasher& U64(std::uint64_t v) {
    unsigned char b[8];
    for (int i = 7; i >= 0; --i) {
      b[i] = static_cast<unsigned char>(v & 0xffu);
      v >>= 8;
    }
    Raw(b, sizeof b);
    return *this;
  }
  Hasher& I64(std::int64_t v) { return U64(static_cast<std::uint64_t>(v)); }
  Hasher& Digest(const Sha256Digest& d) {
    Raw(d.data(), d.size());
    return *this;
  }
  // Raw bytes without a length prefix (a stored 32-byte digest).
  Hasher& Fixed(std::span<const std::uint8_t> bytes) {
    Raw(bytes.data(), bytes.size());
    return *this;
  }
  Sha256Digest Finish() { return state_.Finish(); }

 private:
  void Raw(const unsigned char* p, std::size_t n) { state_.Update(p, n); }
  Sha256Stream state_;  // SHA-NI when the CPU has it, else libsodium
};

Result<Sha256Digest> ToDigest(const std::vector<std::uint8_t>& bytes, std::string_view what) {
  Sha256Digest d{};
  if (bytes.size() != d.size()) {
    return Corruption("store.bad_digest", std::string(what) + " is not a 32-byte SHA-256 digest");
  }
  std::copy(bytes.begin(), bytes.end(), d.begin());
  return d;
}

std::span<const std::uint8_t> AsSpan(const Sha256Digest& d) { return {d.data(), d.size()}; }

using TailMap = std::map<std::string, ChainTail>;

Sha256Digest RootOf(const TailMap& tails) {
  Hasher h;
  h.Bytes(kRootTag).U64(tails.size());
  for (const auto& [chain, tail] : tails) h.Bytes(chain).I64(tail.seq).Digest(tail.hash);
  return h.Finish();
}

Sha256Digest CheckpointHash(std::int64_t seq, std::int64_t at, std::int64_t chain_count,
                            const Sha256Digest& root, const Sha256Digest& prev) {
  return Hasher()
      .Bytes(kCheckpointTag)
      .I64(seq)
      .I64(at)
      .I64(chain_count)
      .Digest(root)
      .Digest(prev)
      .Finish();
}

// Tails sealed by checkpoints up to and including `upto` (all when upto < 0).
Result<TailMap> SealedTails(Db& db) {
  ATENSI_ASSIGN_OR_RETURN(Stmt stmt,
                          db.Prepare("SELECT chain_id, tail_seq, tail_hash, MAX(checkpoint_seq) "
                                     "FROM checkpoint_tails GROUP BY chain_id"));
  TailMap out;
  while (true) {
    ATENSI_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    ATENSI_ASSIGN_OR_RETURN(Sha256Digest hash, ToDigest(stmt.Blob(2), "checkpoint tail hash"));
    out.emplace(stmt.Text(0), ChainTail{stmt.Int64(1), hash});
  }
  return out;
}

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

// EventHashFields is declared in event_log.h (the verify pipeline hashes
// rows copied out of SQLite with it).
Sha256Digest HashEventFields(const EventHashFields& f) {
  Hasher h;
  h.Bytes(f.format == 1 ? kEventTag : kEventTagV2)
      .Bytes(f.chain_id)
      .U64(f.kind)
      .I64(f.seq)
      .I64(f.at)
      .Bytes(f.person)
      .Bytes(f.agency)
      .U64(f.role)
      .U64(f.rights)
      .Bytes(f.action);
  if (f.format == 1) {
    h.Bytes(f.reason).Bytes(f.changes);
  } else {
    h.Fixed(f.payload_digest);
  }
  h.Fixed(f.state_hash).Fixed(f.prev_hash);
  return h.Finish();
}

namespace {

// kEventColumns indexes of the format-2 columns.
constexpr int kColHashFormat = 14;
constexpr int kColPayloadDigest = 15;
constexpr int kColPurgedAt = 16;

// The hash of the event in the current row of a kEventColumns SELECT, read
// in place (no copies, the change set hashed as stored text): the same bytes
// EventHash feeds for the decoded event. `row` must pass RowFieldsDecode.
Sha256Digest RowEventHash(const Stmt& row) {
  EventHashFields f;
  f.chain_id = row.TextView(0);
  f.kind = static_cast<std::uint64_t>(row.Int64(2));
  f.seq = row.Int64(1);
  f.at = row.Int64(3);
  f.person = row.TextView(4);
  f.agency = row.TextView(5);
  f.role = static_cast<std::uint64_t>(row.Int64(6));
  f.rights = static_cast<std::uint32_t>(row.Int64(7));
  f.action = row.TextView(8);
  f.reason = row.TextView(9);
  f.changes = row.TextView(10);
  f.state_hash = row.BlobView(11);
  f.prev_hash = row.BlobView(12);
  f.format = row.Int64(kColHashFormat);
  f.payload_digest = row.BlobView(kColPayloadDigest);
  return HashEventFields(f);
}

// Whether ReadEventRow would decode the current row, except for the change
// set's JSON (ChangesDecode): the cheap checks, without building the Event.
bool RowFieldsDecode(const Stmt& row) {
  const std::int64_t kind = row.Int64(2);
  if (kind != static_cast<std::int64_t>(ChainKind::kChild) &&
      kind != static_cast<std::int64_t>(ChainKind::kCase) &&
      kind != static_cast<std::int64_t>(ChainKind::kStore)) {
    return false;
  }
  const std::int64_t role = row.Int64(6);
  if (role < 0 || role > 255) return false;
  const std::int64_t format = row.Int64(kColHashFormat);
  if (format != 1 && format != 2) return false;
  if (format == 2 && row.BlobView(kColPayloadDigest).size() != 32) return false;
  return row.BlobView(11).size() == 32 && row.BlobView(12).size() == 32 &&
         row.BlobView(13).size() == 32;
}

// Whether the change set is valid JSON (validated, not parsed into a DOM).
bool ChangesDecode(const Stmt& row) { return nlohmann::json::accept(row.TextView(10)); }

bool SameDigest(std::span<const std::uint8_t> stored, const Sha256Digest& d) {
  return stored.size() == d.size() && std::equal(d.begin(), d.end(), stored.begin());
}

// Whether the payload of the current row (which passed RowFieldsDecode and
// whose event hash matched) is intact: format 1 is covered by the event hash
// itself; a present format-2 payload must hash to payload_digest; a purged
// one must really be gone (empty reason, empty change set).
bool RowPayloadIntact(const Stmt& row) {
  if (row.Int64(kColHashFormat) == 1) return true;
  if (!row.IsNull(kColPurgedAt)) return row.TextView(9).empty() && row.TextView(10) == "{}";
  return SameDigest(row.BlobView(kColPayloadDigest),
                    PayloadDigest(row.TextView(9), row.TextView(10)));
}

// Whether the subject_id column of the current row agrees with the change
// set `changes_text` (plaintext) of its present payload: a subject event
// names its row there, every other event has no subject_id.
bool SubjectIdMatches(const Stmt& row, std::string_view changes_text) {
  const std::string_view action = row.TextView(8);
  const bool subject = action.starts_with("referral.") || action.starts_with("transfer.") ||
                       action.starts_with("routing.");
  if (!subject) return row.IsNull(kVerifyColSubjectId);
  const nlohmann::json changes =
      nlohmann::json::parse(changes_text, nullptr, /*allow_exceptions=*/false);
  const std::optional<std::string> named = SubjectIdNamed(action, changes);
  if (!named) return row.IsNull(kVerifyColSubjectId);
  return !row.IsNull(kVerifyColSubjectId) && row.TextView(kVerifyColSubjectId) == *named;
}

}  // namespace

std::optional<std::string> SubjectIdNamed(std::string_view action, const nlohmann::json& changes) {
  const std::size_t dot = action.find('.');
  if (dot == std::string_view::npos) return std::nullopt;
  const std::string_view kind = action.substr(0, dot);
  if (kind != "referral" && kind != "transfer" && kind != "routing") return std::nullopt;
  if (!changes.is_object()) return std::nullopt;
  auto it = changes.find(std::string(kind) + "_id");
  if (it == changes.end() || !it->is_object()) return std::nullopt;
  auto after = it->find("after");
  if (after == it->end()) return std::nullopt;
  if (after->is_string()) return after->get<std::string>();
  if (after->is_number()) return after->dump();
  return std::nullopt;
}

Sha256Digest Sha256(std::string_view bytes) { return Hasher().Bytes(bytes).Finish(); }

Sha256Digest PayloadDigest(std::string_view reason, std::string_view changes_text) {
  return Hasher().Bytes(kPayloadTag).Bytes(reason).Bytes(changes_text).Finish();
}

Sha256Digest EventHash(const Event& e, std::string_view changes_text) {
  EventHashFields f;
  f.chain_id = e.chain_id;
  f.kind = static_cast<std::uint64_t>(e.kind);
  f.seq = e.seq;
  f.at = e.at.ms;
  f.person = e.actor.person_id;
  f.agency = e.actor.agency_id;
  f.role = static_cast<std::uint64_t>(e.actor.role);
  f.rights = e.actor.rights;
  f.action = e.action;
  f.reason = e.reason;
  f.changes = changes_text;
  f.state_hash = AsSpan(e.state_hash);
  f.prev_hash = AsSpan(e.prev_hash);
  f.format = e.hash_format;
  f.payload_digest = AsSpan(e.payload_digest);
  return HashEventFields(f);
}

Result<Event> ReadEventRow(const Stmt& row, PayloadSealer* sealer) {
  Event e;
  e.chain_id = row.Text(0);
  e.seq = row.Int64(1);
  std::int64_t kind = row.Int64(2);
  if (kind != static_cast<std::int64_t>(ChainKind::kChild) &&
      kind != static_cast<std::int64_t>(ChainKind::kCase) &&
      kind != static_cast<std::int64_t>(ChainKind::kStore)) {
    return Corruption("store.bad_event", "an event has an unknown chain kind");
  }
  e.kind = static_cast<ChainKind>(kind);
  e.at = Instant{row.Int64(3)};
  e.actor.person_id = row.Text(4);
  e.actor.agency_id = row.Text(5);
  std::int64_t role = row.Int64(6);
  if (role < 0 || role > 255) return Corruption("store.bad_event", "an event has a bad role");
  e.actor.role = static_cast<Role>(role);
  e.actor.rights = static_cast<std::uint32_t>(row.Int64(7));
  e.action = row.Text(8);
  if (sealer != nullptr && sealer->IsSealedPayload(row.BlobView(10))) {
    // Encrypted payload (sqlite_crypto.h).
    ATENSI_ASSIGN_OR_RETURN(auto payload,
                            sealer->OpenPayload(row.TextView(0), row.Int64(1), row.BlobView(10)));
    e.reason = std::move(payload.first);
    e.changes = nlohmann::json::parse(payload.second, nullptr, /*allow_exceptions=*/false);
  } else {
    e.reason = row.Text(9);
    e.changes = nlohmann::json::parse(row.Text(10), nullptr, /*allow_exceptions=*/false);
  }
  if (e.changes.is_discarded()) {
    return Corruption("store.bad_event", "an event's change set is not valid JSON");
  }
  ATENSI_ASSIGN_OR_RETURN(e.state_hash, ToDigest(row.Blob(11), "event state_hash"));
  ATENSI_ASSIGN_OR_RETURN(e.prev_hash, ToDigest(row.Blob(12), "event prev_hash"));
  ATENSI_ASSIGN_OR_RETURN(e.hash, ToDigest(row.Blob(13), "event hash"));
  e.hash_format = row.Int64(kColHashFormat);
  if (e.hash_format != 1 && e.hash_format != 2) {
    return Corruption("store.bad_event", "an event has an unknown hash format");
  }
  if (e.hash_format == 2) {
    ATENSI_ASSIGN_OR_RETURN(e.payload_digest,
                            ToDigest(row.Blob(kColPayloadDigest), "event payload_digest"));
  }
  if (!row.IsNull(kColPurgedAt)) e.payload_purged_at = Instant{row.Int64(kColPurgedAt)};
  return e;
}

Result<std::optional<ChainTail>> EventLog::Tail(std::string_view chain_id) {
  ATENSI_ASSIGN_OR_RETURN(
      Stmt stmt,
      db_.Prepare("SELECT seq, hash FROM events WHERE chain_id = ?1 ORDER BY seq DESC LIMIT 1"));
  stmt.Bind(1, chain_id);
  ATENSI_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return std::optional<ChainTail>();
  ATENSI_ASSIGN_OR_RETURN(Sha256Digest hash, ToDigest(stmt.Blob(1), "event hash"));
  return std::optional<ChainTail>(ChainTail{stmt.Int64(0), hash});
}

Result<Event> EventLog::Append(EventInput in) {
  if (!db_.InTransaction()) {
    return Internal("store.not_in_transaction",
                    "events are appended inside the mutation's transaction");
  }
  std::optional<ChainTail> tail;
  if (auto known = tails_.find(in.chain_id); known != tails_.end()) {
    tail = known->second;  // appended earlier in this operation (ForgetTails)
  } else {
    ATENSI_ASSIGN_OR_RETURN(tail, Tail(in.chain_id));
  }
  Event e;
  e.chain_id = in.chain_id;
  e.kind = in.kind;
  e.seq = tail ? tail->seq + 1 : 1;
  e.at = in.at;
  e.actor = in.actor;
  e.action = in.action;
  e.reason = in.reason;
  const bool has_text = !in.changes_text.empty();
  if (!has_text) {
    e.changes = in.changes.is_null() ? nlohmann::json::object() : std::move(in.changes);
  }
  e.state_hash = in.state_hash;
  if (tail) e.prev_hash = tail->hash;
  // nlohmann::json keeps object keys sorted, so dump() is canonical; a
  // change set given as text is that same form (EventInput::changes_text).
  const std::string changes_text = has_text ? std::move(in.changes_text) : e.changes.dump();
  e.hash_format = kEventHashFormat;
  e.payload_digest = PayloadDigest(e.reason, changes_text);
  e.hash = EventHash(e, changes_text);

  ATENSI_ASSIGN_OR_RETURN(
      Stmt stmt,
      db_.Prepare(
          "INSERT INTO events (chain_id, seq, kind, at, actor_person, actor_agency, "
          "actor_role, actor_rights, action, reason, changes, state_hash, prev_hash, hash, "
          "hash_format, payload_digest, subject_id) "
          "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)"));
  stmt.Bind(1, std::string_view(e.chain_id))
      .Bind(2, e.seq)
      .Bind(3, static_cast<std::int64_t>(e.kind))
      .Bind(4, e.at.ms)
      .Bind(5, std::string_view(e.actor.person_id))
      .Bind(6, std::string_view(e.actor.agency_id))
      .Bind(7, static_cast<std::int64_t>(e.actor.role))
      .Bind(8, static_cast<std::int64_t>(e.actor.rights))
      .Bind(9, std::string_view(e.action))
      .Bind(10, std::string_view(e.reason))
      .Bind(11, std::string_view(changes_text))
      .BindBlob(12, AsSpan(e.state_hash))
      .BindBlob(13, AsSpan(e.prev_hash))
      .BindBlob(14, AsSpan(e.hash))
      .Bind(15, e.hash_format)
      .BindBlob(16, AsSpan(e.payload_digest));
  if (!in.subject_id.empty()) stmt.Bind(17, std::string_view(in.subject_id));
  std::optional<std::string> sealed;
  if (sealer_ != nullptr) {
    ATENSI_ASSIGN_OR_RETURN(
        sealed, sealer_->SealPayload(e.chain_id, e.seq, e.kind, e.action, e.reason, changes_text));
  }
  if (sealed) {  // encrypted payload: one envelope in `changes`, reason empty
    stmt.Bind(10, std::string_view(""))
        .BindBlob(11, std::span<const std::uint8_t>(
                          reinterpret_cast<const std::uint8_t*>(sealed->data()), sealed->size()));
  }
  ATENSI_RETURN_IF_ERROR(stmt.Run());
  tails_.insert_or_assign(e.chain_id, ChainTail{e.seq, e.hash});
  return e;
}

Result<std::vector<Event>> EventLog::ReadChain(std::string_view chain_id) {
  ATENSI_ASSIGN_OR_RETURN(Stmt stmt, db_.Prepare(std::string("SELECT ") + kEventColumns +
                                                 " FROM events WHERE chain_id = ?1 ORDER BY seq"));
  stmt.Bind(1, chain_id);
  std::vector<Event> out;
  while (true) {
    ATENSI_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    ATENSI_ASSIGN_OR_RETURN(Event e, ReadEventRow(stmt, sealer_));
    out.push_back(std::move(e));
  }
  return out;
}

Result<bool> EventLog::PurgePayload(std::string_view chain_id, std::int64_t seq, Instant at) {
  if (!db_.InTransaction()) {
    return Internal("store.not_in_transaction", "a purge runs inside the mutation's transaction");
  }
  ATENSI_ASSIGN_OR_RETURN(
      Stmt q, db_.Prepare("SELECT hash_format, payload_purged_at IS NOT NULL FROM events "
                          "WHERE chain_id = ?1 AND seq = ?2"));
  q.Bind(1, chain_id).Bind(2, seq);
  ATENSI_ASSIGN_OR_RETURN(bool found, q.Step());
  if (!found) return NotFound("store.event_not_found", "seq", "no such event in the chain");
  if (q.Int64(0) != 2) {
    return FailedPrecondition("store.event_format_1", "hash_format",
                              "a format-1 event's hash covers its payload text; purging it would "
                              "break the chain");
  }
  if (q.Int64(1) != 0) return false;
  ATENSI_ASSIGN_OR_RETURN(
      Stmt upd, db_.Prepare("UPDATE events SET reason = '', changes = '{}', payload_purged_at = ?3 "
                            "WHERE chain_id = ?1 AND seq = ?2"));
  upd.Bind(1, chain_id).Bind(2, seq).Bind(3, at.ms);
  ATENSI_RETURN_IF_ERROR(upd.Run());
  return true;
}

Result<std::int64_t> EventLog::Checkpoint(Instant at) {
  if (!db_.InTransaction()) {
    return Internal("store.not_in_transaction", "a checkpoint is written inside a transaction");
  }
  std::int64_t prev_seq = 0;
  Sha256Digest prev_hash{};
  {
    ATENSI_ASSIGN_OR_RETURN(
        Stmt last, db_.Prepare("SELECT seq, hash FROM checkpoints ORDER BY seq DESC LIMIT 1"));
    ATENSI_ASSIGN_OR_RETURN(bool row, last.Step());
    if (row) {
      prev_seq = last.Int64(0);
      ATENSI_ASSIGN_OR_RETURN(prev_hash, ToDigest(last.Blob(1), "checkpoint hash"));
    }
  }
  ATENSI_ASSIGN_OR_RETURN(TailMap sealed, SealedTails(db_));
  TailMap current;
  {
    // SQLite returns the bare column `hash` from the row holding MAX(seq).
    ATENSI_ASSIGN_OR_RETURN(
        Stmt stmt, db_.Prepare("SELECT chain_id, MAX(seq), hash FROM events GROUP BY chain_id"));
    while (true) {
      ATENSI_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) break;
      ATENSI_ASSIGN_OR_RETURN(Sha256Digest hash, ToDigest(stmt.Blob(2), "event hash"));
      current.emplace(stmt.Text(0), ChainTail{stmt.Int64(1), hash});
    }
  }
  ATENSI_ASSIGN_OR_RETURN(auto delta, CheckpointDelta(sealed, current));
  const std::int64_t seq = prev_seq + 1;
  const auto count = static_cast<std::int64_t>(current.size());
  const Sha256Digest root = RootOf(current);
  const Sha256Digest hash = CheckpointHash(seq, at.ms, count, root, prev_hash);
  {
    ATENSI_ASSIGN_OR_RETURN(
        Stmt ins, db_.Prepare("INSERT INTO checkpoints (seq, at, chain_count, root, prev_hash, "
                              "hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"));
    ins.Bind(1, seq)
        .Bind(2, at.ms)
        .Bind(3, count)
        .BindBlob(4, AsSpan(root))
        .BindBlob(5, AsSpan(prev_hash))
        .BindBlob(6, AsSpan(hash));
    ATENSI_RETURN_IF_ERROR(ins.Run());
  }
  for (const auto& [chain, tail] : delta) {
    ATENSI_ASSIGN_OR_RETURN(
        Stmt ins, db_.Prepare("INSERT INTO checkpoint_tails (chain_id, checkpoint_seq, tail_seq, "
                              "tail_hash) VALUES (?1, ?2, ?3, ?4)"));
    ins.Bind(1, std::string_view(chain))
        .Bind(2, seq)
        .Bind(3, tail.seq)
        .BindBlob(4, AsSpan(tail.hash));
    ATENSI_RETURN_IF_ERROR(ins.Run());
  }
  return seq;
}

bool EventLog::VerifyChainsPipelined(EventRowObserver* observer, VerifyReport& report) {
  Result<Stmt> prepared = db_.Prepare(std::string("SELECT ") + kEventColumns +
                                      ", subject_id FROM events ORDER BY chain_id, seq");
  if (!prepared.ok()) return false;
  Stmt& stmt = *prepared;
  std::optional<EventHashPipeline> pipeline;
  try {
    pipeline.emplace();
  } catch (const std::system_error&) {
    return false;  // no second thread: the sequential pass
  }
  EventHashPipeline& hashes = *pipeline;
  // Any error Status (a failed step, a missing key, an observer's error)
  // also hands over to the sequential pass: it decides whether an earlier
  // broken link, or which error, is the answer.
  std::string chain;
  bool have_chain = false;
  std::int64_t expected_seq = 1;
  Sha256Digest prev{};  // the previous row's STORED hash (checked by the worker)
  while (!hashes.failed()) {
    Result<bool> row = stmt.Step();
    if (!row.ok()) return false;
    if (!*row) break;
    const std::string_view chain_id = stmt.TextView(0);
    const std::int64_t seq = stmt.Int64(1);
    if (!have_chain || chain_id != chain) {
      chain.assign(chain_id);
      have_chain = true;
      expected_seq = 1;
      prev = Sha256Digest{};
      ++report.chains_checked;
    }
    if (!RowFieldsDecode(stmt) || seq != expected_seq || !SameDigest(stmt.BlobView(12), prev)) {
      return false;
    }
    bool payload_checked = false;
    if (sealer_ != nullptr && sealer_->IsSealedPayload(stmt.BlobView(10))) {
      // Encrypted payload: opened here, on the reading thread (see Verify).
      Result<std::pair<std::string, std::string>> p =
          sealer_->OpenPayload(chain, seq, stmt.BlobView(10));
      if (!p.ok() && p.status().code() != StatusCode::kCorruption) return false;
      const bool intact =
          p.ok() && stmt.Int64(kColHashFormat) == 2 && stmt.IsNull(kColPurgedAt) &&
          stmt.TextView(9).empty() &&
          SameDigest(stmt.BlobView(kColPayloadDigest), PayloadDigest(p->first, p->second));
      if (!intact || !SubjectIdMatches(stmt, p->second)) return false;
      payload_checked = true;
    } else if (stmt.IsNull(kColPurgedAt) && !SubjectIdMatches(stmt, stmt.TextView(10))) {
      return false;  // events.subject_id (schema 8) disagrees with the clear change set
    }
    hashes.Add(stmt, payload_checked);
    ++report.events_checked;
    if (observer != nullptr && !observer->OnEvent(stmt).ok()) return false;
    const std::span<const std::uint8_t> stored = stmt.BlobView(13);
    std::copy(stored.begin(), stored.end(), prev.begin());
    ++expected_seq;
  }
  if (!hashes.Finish()) return false;
  return observer == nullptr || observer->Drain();
}

Result<VerifyReport> EventLog::Verify(EventRowObserver* observer) {
  VerifyReport report;
  auto fail = [&report](BrokenLink link) {
    report.ok = false;
    report.first_broken = std::move(link);
    return report;
  };

  // 1. Every chain, in chain_id order: pipelined over two threads when the
  // machine has a second core (verify_pipeline.h); when that pass finds a
  // broken link, the sequential pass below runs from the start so the link
  // reported is exactly its first one.
  bool chains_done = false;
  if (parallel_ && std::thread::hardware_concurrency() > 1) {
    chains_done = VerifyChainsPipelined(observer, report);
    if (!chains_done) {
      report = VerifyReport();
      if (observer != nullptr) observer->Reset();
    }
  }
  if (!chains_done) {
    ATENSI_ASSIGN_OR_RETURN(Stmt stmt,
                            db_.Prepare(std::string("SELECT ") + kEventColumns +
                                        ", subject_id FROM events ORDER BY chain_id, seq"));
    // Hot loop (docs/performance.md, audit verify): columns are read in
    // place and hashed as stored; the checks and their order are those of
    // ReadEventRow + EventHash.
    std::string chain;
    bool have_chain = false;
    std::int64_t expected_seq = 1;
    Sha256Digest prev{};
    while (true) {
      ATENSI_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) break;
      const std::string_view chain_id = stmt.TextView(0);
      const std::int64_t seq = stmt.Int64(1);
      if (!have_chain || chain_id != chain) {
        chain.assign(chain_id);
        have_chain = true;
        expected_seq = 1;
        prev = Sha256Digest{};
        ++report.chains_checked;
      }
      // The change set's JSON is validated only when a later check fails,
      // so the reported reason is unchanged ("event.undecodable" first): an
      // event whose hash matches holds exactly the text its writer dumped.
      auto undecodable = [&] {
        return fail(Broken(BrokenLink::Where::kEvent, chain, seq, "event.undecodable"));
      };
      if (!RowFieldsDecode(stmt)) return undecodable();
      if (seq != expected_seq) {
        if (!ChangesDecode(stmt)) return undecodable();
        return fail(Broken(BrokenLink::Where::kEvent, chain, expected_seq, "event.seq_gap"));
      }
      if (!SameDigest(stmt.BlobView(12), prev)) {
        if (!ChangesDecode(stmt)) return undecodable();
        return fail(Broken(BrokenLink::Where::kEvent, chain, seq, "event.prev_hash_mismatch"));
      }
      const Sha256Digest hash = RowEventHash(stmt);
      if (!SameDigest(stmt.BlobView(13), hash)) {
        if (!ChangesDecode(stmt)) return undecodable();
        return fail(Broken(BrokenLink::Where::kEvent, chain, seq, "event.hash_mismatch"));
      }
      bool intact = false;
      if (sealer_ != nullptr && sealer_->IsSealedPayload(stmt.BlobView(10))) {
        // Encrypted payload: its plaintext must still hash to the digest. A
        // payload that fails authentication is broken; a missing key is an
        // error (the check cannot be made).
        Result<std::pair<std::string, std::string>> p =
            sealer_->OpenPayload(chain, seq, stmt.BlobView(10));
        if (!p.ok() && p.status().code() != StatusCode::kCorruption) return p.status();
        intact = p.ok() && stmt.Int64(kColHashFormat) == 2 && stmt.IsNull(kColPurgedAt) &&
                 stmt.TextView(9).empty() &&
                 SameDigest(stmt.BlobView(kColPayloadDigest), PayloadDigest(p->first, p->second));
        if (intact && !SubjectIdMatches(stmt, p->second)) {
          return fail(Broken(BrokenLink::Where::kEvent, chain, seq, "event.subject_mismatch"));
        }
      } else {
        intact = RowPayloadIntact(stmt);
        // A present clear payload names its subject row (a purged one no
        // longer can: the purge events that follow name it again).
        if (intact && stmt.IsNull(kColPurgedAt) && !SubjectIdMatches(stmt, stmt.TextView(10))) {
          if (!ChangesDecode(stmt)) return undecodable();
          return fail(Broken(BrokenLink::Where::kEvent, chain, seq, "event.subject_mismatch"));
        }
      }
      if (!intact) {
        if (!ChangesDecode(stmt)) return undecodable();
        return fail(Broken(BrokenLink::Where::kEvent, chain, seq, "event.payload_mismatch"));
      }
      ++report.events_checked;
      if (observer != nullptr) ATENSI_RETURN_IF_ERROR(observer->OnEvent(stmt));
      prev = hash;
      ++expected_seq;
    }
  }

  // 2. Every checkpoint, in order, against the events it sealed.
  {
    ATENSI_ASSIGN_OR_RETURN(
        Stmt cps, db_.Prepare("SELECT seq, at, chain_count, root, prev_hash, hash FROM checkpoints "
                              "ORDER BY seq"));
    TailMap tails;
    std::int64_t expected_seq = 1;
    Sha256Digest prev{};
    while (true) {
      ATENSI_ASSIGN_OR_RETURN(bool row, cps.Step());
      if (!row) break;
      const std::int64_t seq = cps.Int64(0);
      const std::string kCp;  // checkpoints have no chain id
      if (seq != expected_seq) {
        return fail(
            Broken(BrokenLink::Where::kCheckpoint, kCp, expected_seq, "checkpoint.seq_gap"));
      }
      Result<Sha256Digest> root = ToDigest(cps.Blob(3), "checkpoint root");
      Result<Sha256Digest> prev_hash = ToDigest(cps.Blob(4), "checkpoint prev_hash");
      Result<Sha256Digest> hash = ToDigest(cps.Blob(5), "checkpoint hash");
      if (!root.ok() || !prev_hash.ok() || !hash.ok()) {
        return fail(Broken(BrokenLink::Where::kCheckpoint, kCp, seq, "checkpoint.undecodable"));
      }
      if (*prev_hash != prev) {
        return fail(
            Broken(BrokenLink::Where::kCheckpoint, kCp, seq, "checkpoint.prev_hash_mismatch"));
      }
      const std::int64_t count = cps.Int64(2);
      if (CheckpointHash(seq, cps.Int64(1), count, *root, *prev_hash) != *hash) {
        return fail(Broken(BrokenLink::Where::kCheckpoint, kCp, seq, "checkpoint.hash_mismatch"));
      }
      ATENSI_ASSIGN_OR_RETURN(
          Stmt delta, db_.Prepare("SELECT chain_id, tail_seq, tail_hash FROM checkpoint_tails "
                                  "WHERE checkpoint_seq = ?1 ORDER BY chain_id"));
      delta.Bind(1, seq);
      while (true) {
        ATENSI_ASSIGN_OR_RETURN(bool drow, delta.Step());
        if (!drow) break;
        std::string chain = delta.Text(0);
        const std::int64_t tail_seq = delta.Int64(1);
        Result<Sha256Digest> tail_hash = ToDigest(delta.Blob(2), "checkpoint tail hash");
        if (!tail_hash.ok()) {
          return fail(Broken(BrokenLink::Where::kCheckpoint, chain, seq, "checkpoint.undecodable"));
        }
        // The sealed event must still exist, unchanged.
        ATENSI_ASSIGN_OR_RETURN(
            Stmt ev, db_.Prepare("SELECT hash FROM events WHERE chain_id = ?1 AND seq = ?2"));
        ev.Bind(1, std::string_view(chain)).Bind(2, tail_seq);
        ATENSI_ASSIGN_OR_RETURN(bool found, ev.Step());
        if (!found) {
          return fail(
              Broken(BrokenLink::Where::kCheckpoint, chain, seq, "checkpoint.tail_missing"));
        }
        Result<Sha256Digest> actual = ToDigest(ev.Blob(0), "event hash");
        if (!actual.ok() || *actual != *tail_hash) {
          return fail(
              Broken(BrokenLink::Where::kCheckpoint, chain, seq, "checkpoint.tail_hash_mismatch"));
        }
        tails[std::move(chain)] = ChainTail{tail_seq, *tail_hash};
      }
      if (count != static_cast<std::int64_t>(tails.size()) || RootOf(tails) != *root) {
        return fail(Broken(BrokenLink::Where::kCheckpoint, kCp, seq, "checkpoint.root_mismatch"));
      }
      ++report.checkpoints_checked;
      prev = *hash;
      ++expected_seq;
    }
  }
  return report;
}

Sha256Digest CheckpointRoot(const ChainTails& tails) { return RootOf(tails); }

Sha256Digest CheckpointDigest(std::int64_t seq, std::int64_t at, std::int64_t chain_count,
                              const Sha256Digest& root, const Sha256Digest& prev) {
  return CheckpointHash(seq, at, chain_count, root, prev);
}

Result<std::vector<std::pair<std::string, ChainTail>>> CheckpointDelta(const ChainTails& sealed,
                                                                       const ChainTails& current) {
  std::vector<std::pair<std::string, ChainTail>> delta;
  for (const auto& [chain, tail] : current) {
    auto it = sealed.find(chain);
    if (it == sealed.end() || it->second.seq < tail.seq) {
      delta.emplace_back(chain, tail);
    } else if (it->second.seq > tail.seq || it->second.hash != tail.hash) {
      return Corruption("store.chain_shrunk",
                        "an event chain no longer matches its sealed checkpoint tail; run verify");
    }
  }
  for (const auto& [chain, tail] : sealed) {
    if (!current.contains(chain)) {
      return Corruption("store.chain_shrunk",
                        "an event chain sealed by a checkpoint has disappeared; run verify");
    }
  }
  return delta;
}

}  // namespace atensi::store

namespace atensi {

std::string_view Name(BrokenLink::Where where) noexcept {
  switch (where) {
    case BrokenLink::Where::kEvent:
      return "event";
    case BrokenLink::Where::kCheckpoint:
      return "checkpoint";
    case BrokenLink::Where::kRecord:
      return "record";
  }
  return "unknown";
}

}  // namespace atensi
