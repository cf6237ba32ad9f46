// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// RecordVerifier (record_verifier.h): the record checks of Verify merged
// into the event pass. Every table is read through one cursor in the key
// order of the events (chain_id = case id / child id; referrals and
// transfers by (case_id, id) off their case index; routing rows by case_id),
// so the whole check is one scan of each table.

#include "store/record_verifier.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <utility>
#include <vector>

namespace atensi::store {
namespace {

// kEventColumns indexes used here.
constexpr int kColChain = 0;
constexpr int kColSeq = 1;
constexpr int kColKind = 2;
constexpr int kColAction = 8;
constexpr int kColChanges = 10;
constexpr int kColStateHash = 11;

struct Subject {
  const char* table;
  const char* prefix;  // action prefix, with the dot
  const char* key;     // member of the change set naming the row: {"after": id}
  const char* cursor;  // the table's rows in (case id, row id) order
  const char* exists;  // is there a row with this id (any case)?
};
constexpr std::array<Subject, 3> kSubjects = {{
    {"referrals", "referral.", "referral_id",
     "SELECT case_id, id, doc FROM referrals ORDER BY case_id, id",
     "SELECT 1 FROM referrals WHERE id = ?1"},
    {"transfers", "transfer.", "transfer_id",
     "SELECT case_id, id, doc FROM transfers ORDER BY case_id, id",
     "SELECT 1 FROM transfers WHERE id = ?1"},
    {"routing_decisions", "routing.", "routing_id",
     "SELECT case_id, case_id, doc FROM routing_decisions ORDER BY case_id",
     "SELECT 1 FROM routing_decisions WHERE case_id = ?1"},
}};

using Digest = std::array<std::uint8_t, 32>;

Digest CopyDigest(std::span<const std::uint8_t> bytes) {
  Digest d{};
  std::copy_n(bytes.begin(), std::min(bytes.size(), d.size()), d.begin());
  return d;
}

bool SameState(std::string_view doc, const Digest& stored) {
  const Sha256Digest state = Sha256(doc);
  return std::equal(state.begin(), state.end(), stored.begin());
}

// A broken record with its ordering key (the id the replaced queries
// ordered by; nullopt sorts first, like SQL NULL).
struct Candidate {
  std::optional<std::string> key;
  BrokenLink link;
};

bool KeyLess(const std::optional<std::string>& a, const std::optional<std::string>& b) {
  if (!a) return b.has_value();
  if (!b) return false;
  return *a < *b;
}

BrokenLink RecordLink(std::string id, std::int64_t seq, const char* reason) {
  BrokenLink b;
  b.where = BrokenLink::Where::kRecord;
  b.chain_id = std::move(id);
  b.seq = seq;
  b.reason = reason;
  return b;
}

// Keeps the candidate with the lowest key.
void KeepLowest(std::optional<Candidate>& slot, std::optional<std::string> key, BrokenLink link) {
  if (slot && !KeyLess(key, slot->key)) return;
  slot = Candidate{std::move(key), std::move(link)};
}

// A cursor over one table in key order, with the current row's key cached.
class Cursor {
 public:
  Cursor(Db& db, const char* sql) : db_(db), sql_(sql) {}
  // Positions on the first row (lazily, at first use).
  Status Start() {
    if (started_) return Status();
    started_ = true;
    ATENSI_ASSIGN_OR_RETURN(Stmt q, db_.Prepare(sql_));
    stmt_.emplace(std::move(q));
    return Next();
  }
  Status Next() {
    ATENSI_ASSIGN_OR_RETURN(bool row, stmt_->Step());
    valid_ = row;
    if (row) key_.assign(stmt_->TextView(0));
    return Status();
  }
  [[nodiscard]] bool valid() const { return valid_; }
  [[nodiscard]] const std::string& key() const { return key_; }
  [[nodiscard]] const Stmt& row() const { return *stmt_; }

 private:
  Db& db_;
  const char* sql_;
  bool started_ = false;
  bool valid_ = false;
  std::string key_;
  std::optional<Stmt> stmt_;
};

struct Newest {
  std::int64_t seq = 0;
  Digest state{};
};

}  // namespace

struct RecordVerifier::State {
  explicit State(Db& d)
      : db(d),
        cases(d, "SELECT id, version, doc FROM cases ORDER BY id"),
        children(d, "SELECT id, doc FROM children ORDER BY id"),
        subjects{Cursor(d, kSubjects[0].cursor), Cursor(d, kSubjects[1].cursor),
                 Cursor(d, kSubjects[2].cursor)} {}

  Db& db;
  Cursor cases;
  Cursor children;
  std::array<Cursor, 3> subjects;

  // The current chain.
  bool in_chain = false;
  std::string chain;
  std::int64_t own_count = 0;  // dot-free events
  std::int64_t own_seq = 0;    // newest dot-free event
  Digest own_state{};
  std::int64_t last_seq = 0;  // newest event of any action
  Digest last_state{};
  std::int64_t max_seq_kind[3] = {0, 0, 0};  // by ChainKind (1 child, 2 case); 0 = none
  // Newest event naming each subject row in this chain (nullopt key: the
  // event names no row id).
  std::array<std::map<std::optional<std::string>, Newest>, 3> named;

  // First failures by check, in report priority.
  std::optional<Candidate> case_fail;
  std::optional<Candidate> child_fail;
  std::optional<Candidate> missing_fail;
  std::array<std::optional<Candidate>, 3> subject_fail;
  std::array<std::optional<Candidate>, 3> subject_missing;
};

RecordVerifier::RecordVerifier(Db& db, DocOpener opener)
    : s_(std::make_unique<State>(db)), opener_(std::move(opener)) {}

Result<bool> RecordVerifier::StateMatches(std::string_view table, std::string_view id,
                                          const Stmt& row, int col,
                                          const std::array<std::uint8_t, 32>& state) const {
  if (!opener_) return SameState(row.TextView(col), state);
  // Encrypted store (sqlite_crypto.h): the state hash is over the plaintext.
  // A document that fails authentication is a broken record; a missing key
  // is an error (the check cannot be made).
  Result<std::string> doc = opener_(table, id, row.BlobView(col));
  if (!doc.ok()) {
    if (doc.status().code() == StatusCode::kCorruption) return false;
    return doc.status();
  }
  return SameState(*doc, state);
}
RecordVerifier::~RecordVerifier() = default;

Status RecordVerifier::OnEvent(const Stmt& row) {
  State& s = *s_;
  const std::string_view chain = row.TextView(kColChain);
  if (!s.in_chain || chain != s.chain) {
    if (s.in_chain) ATENSI_RETURN_IF_ERROR(CloseChain());
    s.in_chain = true;
    s.chain.assign(chain);
    s.own_count = 0;
    s.own_seq = 0;
    s.last_seq = 0;
    s.max_seq_kind[1] = s.max_seq_kind[2] = 0;
    for (auto& m : s.named) m.clear();
  }
  const std::int64_t seq = row.Int64(kColSeq);
  const std::int64_t kind = row.Int64(kColKind);  // 1 or 2 (checked by the chain pass)
  if (kind == 1 || kind == 2) s.max_seq_kind[kind] = seq;
  s.last_seq = seq;
  s.last_state = CopyDigest(row.BlobView(kColStateHash));
  const std::string_view action = row.TextView(kColAction);
  const std::size_t dot = action.find('.');
  if (dot == std::string_view::npos) {
    ++s.own_count;
    s.own_seq = seq;
    s.own_state = s.last_state;
    return Status();
  }
  for (std::size_t i = 0; i < kSubjects.size(); ++i) {
    if (!action.starts_with(kSubjects[i].prefix)) continue;
    // The row this event names: changes.<kind>_id.after (as json_extract
    // would read it; anything but a string or number names no row).
    std::optional<std::string> id;
    const nlohmann::json changes =
        nlohmann::json::parse(row.TextView(kColChanges), nullptr, /*allow_exceptions=*/false);
    if (changes.is_object()) {
      auto it = changes.find(kSubjects[i].key);
      if (it != changes.end() && it->is_object()) {
        auto after = it->find("after");
        if (after != it->end()) {
          if (after->is_string()) {
            id = after->get<std::string>();
          } else if (after->is_number()) {
            id = after->dump();
          }
        }
      }
    }
    s.named[i][std::move(id)] = Newest{seq, s.last_state};
  }
  return Status();
}

Status RecordVerifier::CloseChain() {
  State& s = *s_;
  const std::string& chain = s.chain;

  // Cases: rows before this chain have no events at all.
  ATENSI_RETURN_IF_ERROR(s.cases.Start());
  while (s.cases.valid() && s.cases.key() < chain) {
    if (!s.case_fail)
      KeepLowest(s.case_fail, s.cases.key(), RecordLink(s.cases.key(), 0, "record.no_events"));
    ATENSI_RETURN_IF_ERROR(s.cases.Next());
  }
  bool case_exists = false;
  if (s.cases.valid() && s.cases.key() == chain) {
    case_exists = true;
    if (!s.case_fail) {
      const Stmt& c = s.cases.row();
      if (s.own_count == 0) {
        KeepLowest(s.case_fail, chain, RecordLink(chain, 0, "record.no_events"));
      } else if (c.Int64(1) != s.own_count) {
        KeepLowest(s.case_fail, chain, RecordLink(chain, s.own_seq, "record.version_mismatch"));
      } else {
        ATENSI_ASSIGN_OR_RETURN(bool same, StateMatches("cases", chain, c, 2, s.own_state));
        if (!same) {
          KeepLowest(s.case_fail, chain, RecordLink(chain, s.own_seq, "record.state_mismatch"));
        }
      }
    }
    ATENSI_RETURN_IF_ERROR(s.cases.Next());
  }

  // Children: against the chain's last event.
  ATENSI_RETURN_IF_ERROR(s.children.Start());
  while (s.children.valid() && s.children.key() < chain) {
    if (!s.child_fail) {
      KeepLowest(s.child_fail, s.children.key(),
                 RecordLink(s.children.key(), 0, "record.no_events"));
    }
    ATENSI_RETURN_IF_ERROR(s.children.Next());
  }
  bool child_exists = false;
  if (s.children.valid() && s.children.key() == chain) {
    child_exists = true;
    if (!s.child_fail) {
      ATENSI_ASSIGN_OR_RETURN(bool same,
                              StateMatches("children", chain, s.children.row(), 1, s.last_state));
      if (!same) {
        KeepLowest(s.child_fail, chain, RecordLink(chain, s.last_seq, "record.state_mismatch"));
      }
    }
    ATENSI_RETURN_IF_ERROR(s.children.Next());
  }

  // The chain's own row must exist (by the kind of its events).
  if (!s.missing_fail) {
    std::int64_t missing_seq = 0;
    if (s.max_seq_kind[2] > 0 && !case_exists) missing_seq = s.max_seq_kind[2];
    if (s.max_seq_kind[1] > 0 && !child_exists) {
      missing_seq = std::max(missing_seq, s.max_seq_kind[1]);
    }
    if (missing_seq > 0) {
      KeepLowest(s.missing_fail, chain, RecordLink(chain, missing_seq, "record.missing"));
    }
  }

  // Referral / transfer / routing rows of this case.
  for (std::size_t i = 0; i < kSubjects.size(); ++i) {
    Cursor& cur = s.subjects[i];
    auto& named = s.named[i];
    ATENSI_RETURN_IF_ERROR(cur.Start());
    while (cur.valid() && cur.key() < chain) {  // their case has no events
      std::string id = cur.row().Text(1);
      KeepLowest(s.subject_fail[i], id, RecordLink(id, 0, "record.no_events"));
      ATENSI_RETURN_IF_ERROR(cur.Next());
    }
    std::vector<std::optional<std::string>> matched;
    while (cur.valid() && cur.key() == chain) {
      std::string id = cur.row().Text(1);
      auto it = named.find(id);
      if (it == named.end()) {
        KeepLowest(s.subject_fail[i], id, RecordLink(id, 0, "record.no_events"));
      } else {
        if (!SameState(cur.row().TextView(2), it->second.state)) {
          KeepLowest(s.subject_fail[i], id,
                     RecordLink(id, it->second.seq, "record.state_mismatch"));
        }
        matched.emplace_back(std::move(id));
      }
      ATENSI_RETURN_IF_ERROR(cur.Next());
    }
    // Rows named by this chain's events that are not rows of this case:
    // missing unless a row with that id exists under another case.
    for (const auto& [id, newest] : named) {
      if (std::find(matched.begin(), matched.end(), id) != matched.end()) continue;
      bool exists = false;
      if (id) {
        ATENSI_ASSIGN_OR_RETURN(Stmt q, s.db.Prepare(kSubjects[i].exists));
        q.Bind(1, std::string_view(*id));
        ATENSI_ASSIGN_OR_RETURN(exists, q.Step());
      }
      if (exists) continue;
      if (s.subject_missing[i] && s.subject_missing[i]->key == id) {
        s.subject_missing[i]->link.seq = std::max(s.subject_missing[i]->link.seq, newest.seq);
        continue;
      }
      KeepLowest(s.subject_missing[i], id,
                 RecordLink(id ? *id : std::string(), newest.seq, "record.missing"));
    }
  }
  return Status();
}

Result<std::optional<BrokenLink>> RecordVerifier::Finish() {
  State& s = *s_;
  if (s.in_chain) {
    ATENSI_RETURN_IF_ERROR(CloseChain());
    s.in_chain = false;
  }
  // Rows after the last chain have no events.
  ATENSI_RETURN_IF_ERROR(s.cases.Start());
  if (s.cases.valid() && !s.case_fail) {
    KeepLowest(s.case_fail, s.cases.key(), RecordLink(s.cases.key(), 0, "record.no_events"));
  }
  ATENSI_RETURN_IF_ERROR(s.children.Start());
  if (s.children.valid() && !s.child_fail) {
    KeepLowest(s.child_fail, s.children.key(), RecordLink(s.children.key(), 0, "record.no_events"));
  }
  for (std::size_t i = 0; i < kSubjects.size(); ++i) {
    Cursor& cur = s.subjects[i];
    ATENSI_RETURN_IF_ERROR(cur.Start());
    while (cur.valid()) {
      std::string id = cur.row().Text(1);
      KeepLowest(s.subject_fail[i], id, RecordLink(id, 0, "record.no_events"));
      ATENSI_RETURN_IF_ERROR(cur.Next());
    }
  }
  std::optional<BrokenLink> out;
  auto pick = [&out](std::optional<Candidate>& c) {
    if (!out && c) out = std::move(c->link);
  };
  pick(s.case_fail);
  pick(s.child_fail);
  pick(s.missing_fail);
  for (std::size_t i = 0; i < kSubjects.size(); ++i) {
    pick(s.subject_fail[i]);
    pick(s.subject_missing[i]);
  }
  return out;
}

}  // namespace atensi::store
