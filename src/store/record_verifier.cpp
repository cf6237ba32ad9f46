// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// RecordVerifier (record_verifier.h): the record checks of Verify merged
// into the event pass. Every table is read through one cursor in the key
// order of the events (chain_id = case id / child id; referrals and
// transfers by (case_id, id) off their case index; routing rows by case_id),
// so the whole check is one scan of each table.

#include "store/record_verifier.h"

#include <algorithm>
#include <deque>
#include <future>
#include <nlohmann/json.hpp>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

#include "store/batch_worker.h"
#include "store/field_cipher.h"

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

// Case and child documents whose state hash is checked off the reading
// thread (docs/performance.md, workload 7): clear documents are copied into
// batches that std::async tasks hash while the pass goes on; the mismatches
// are merged into the report by KeepLowest when the pass ends, so the record
// reported is the same as when each document was hashed in place. (An
// encrypted document is opened and checked in place.)
struct DocMismatch {
  bool is_case = false;
  std::string key;
  std::int64_t seq = 0;
};

class DocHashQueue {
 public:
  DocHashQueue() = default;
  DocHashQueue(const DocHashQueue&) = delete;
  DocHashQueue& operator=(const DocHashQueue&) = delete;

  // Hash each document at once, on the calling thread (the record thread
  // of RecordVerifier::StartParallel has a core of its own for it).
  void set_inline(bool on) { inline_ = on; }

  // Queues "SHA-256 of `doc` == `expected`" for row `key` (a case when
  // is_case, else a child) whose newest event is `seq`.
  void Add(bool is_case, std::string_view key, std::string_view doc, std::int64_t seq,
           const Digest& expected) {
    if (inline_) {
      if (!SameState(doc, expected)) found_.push_back(DocMismatch{is_case, std::string(key), seq});
      return;
    }
    Batch& b = *current_;
    Check c;
    c.is_case = is_case;
    c.seq = seq;
    c.expected = expected;
    c.key_off = b.arena.size();
    c.key_len = key.size();
    b.arena.append(key);
    c.doc_off = b.arena.size();
    c.doc_len = doc.size();
    b.arena.append(doc);
    b.checks.push_back(c);
    if (b.checks.size() >= kBatch) Flush();
  }

  // Every mismatch found (waits for the queued batches).
  std::vector<DocMismatch> Drain() {
    Flush();
    while (!pending_.empty()) CollectFront();
    return std::move(found_);
  }

 private:
  struct Check {
    bool is_case = false;
    std::int64_t seq = 0;
    Digest expected{};
    std::size_t key_off = 0, key_len = 0, doc_off = 0, doc_len = 0;
  };
  struct Batch {
    std::string arena;
    std::vector<Check> checks;
  };
  static constexpr std::size_t kBatch = 1024;
  static constexpr std::size_t kMaxPending = 2;

  static std::vector<DocMismatch> Run(const Batch& b) {
    std::vector<DocMismatch> out;
    for (const Check& c : b.checks) {
      const std::string_view doc(b.arena.data() + c.doc_off, c.doc_len);
      if (SameState(doc, c.expected)) continue;
      out.push_back(
          DocMismatch{c.is_case, std::string(b.arena.data() + c.key_off, c.key_len), c.seq});
    }
    return out;
  }

  void Flush() {
    if (current_->checks.empty()) return;
    std::shared_ptr<const Batch> batch(std::move(current_));
    current_ = std::make_unique<Batch>();
    try {
      pending_.push_back(std::async(std::launch::async, [batch] { return Run(*batch); }));
    } catch (const std::system_error&) {  // no thread available: hash here
      for (DocMismatch& m : Run(*batch)) found_.push_back(std::move(m));
    }
    while (pending_.size() > kMaxPending) CollectFront();
  }

  void CollectFront() {
    for (DocMismatch& m : pending_.front().get()) found_.push_back(std::move(m));
    pending_.pop_front();
  }

  bool inline_ = false;
  std::unique_ptr<Batch> current_ = std::make_unique<Batch>();
  std::deque<std::future<std::vector<DocMismatch>>> pending_;
  std::vector<DocMismatch> found_;
};

struct Newest {
  std::int64_t seq = 0;
  Digest state{};
};

// The record thread (StartParallel) does not open sealed documents: the
// cipher may load a key lazily (a key provider) while the event pass opens
// payloads with it on the other thread. A sealed document there stops the
// record thread with this error, and Verify re-runs its pass on one thread
// (a store that seals documents does not start the record thread at all;
// this is the guard for one that holds sealed rows without sealing new ones).
// Opening a CLEAR document only reads the cipher's settings.
Status SealedOnRecordThread(bool on_record_thread, std::span<const std::uint8_t> stored) {
  if (on_record_thread && EnvelopeKeyId(stored).has_value()) {
    return FailedPrecondition("store.verify_sealed_record", "doc",
                              "sealed documents are checked on the verifying thread");
  }
  return Status::Ok();
}

}  // namespace

// What the record checks need of one chain's events.
struct RecordVerifier::ChainFacts {
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

  void Begin(std::string_view id) {
    chain.assign(id);
    own_count = 0;
    own_seq = 0;
    last_seq = 0;
    max_seq_kind[1] = max_seq_kind[2] = 0;
    for (auto& m : named) m.clear();
  }
};

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

  // The current chain (one-thread mode).
  bool in_chain = false;
  std::unique_ptr<ChainFacts> cur = std::make_unique<ChainFacts>();

  // First failures by check, in report priority.
  std::optional<Candidate> case_fail;
  std::optional<Candidate> child_fail;
  std::optional<Candidate> missing_fail;
  std::array<std::optional<Candidate>, 3> subject_fail;
  std::array<std::optional<Candidate>, 3> subject_missing;

  // Clear case / child documents hashed off this thread (see DocHashQueue).
  DocHashQueue doc_hashes;
};

// The record thread of StartParallel: chain summaries go over in batches
// (bounded: at most kMaxInFlight batches wait), the thread runs CloseChain
// on each with the cursors of its own connection.
class RecordVerifier::Parallel {
 public:
  Parallel(RecordVerifier& owner, std::unique_ptr<Db> db)
      : owner_(owner),
        db_(std::move(db)),
        worker_(kMaxInFlight, [this](Batch& b) { return Check(b); }),
        current_(std::make_unique<Batch>()) {}
  ~Parallel() { Stop(); }
  Parallel(const Parallel&) = delete;
  Parallel& operator=(const Parallel&) = delete;

  // Starts the thread (std::system_error when none can be made).
  void Start() { worker_.Start(); }

  // Stops and joins the thread; what is still queued is dropped.
  void Stop() { worker_.Stop(); }

  [[nodiscard]] Db& db() { return *db_; }

  // The chain being summarised by the event pass.
  [[nodiscard]] bool in_chain() const { return in_chain_; }
  ChainFacts& Current() { return current_->facts[current_->used - 1]; }
  // Starts the summary of chain `id` (the previous one is complete).
  ChainFacts& BeginChain(std::string_view id) {
    if (current_->used == kBatchChains) current_ = worker_.Submit(std::move(current_));
    Batch& b = *current_;
    if (b.used == b.facts.size()) b.facts.emplace_back();
    ChainFacts& f = b.facts[b.used++];
    f.Begin(id);
    in_chain_ = true;
    return f;
  }

  // Hands over every summary made so far and waits until each is checked;
  // false when the thread stopped on an error.
  bool Drain() {
    if (current_->used > 0) current_ = worker_.Submit(std::move(current_));
    in_chain_ = false;
    return worker_.Drain().ok();
  }

 private:
  struct Batch {
    std::vector<ChainFacts> facts;  // reused: only the first `used` are live
    std::size_t used = 0;
    void Clear() { used = 0; }
  };
  static constexpr std::size_t kBatchChains = 256;
  static constexpr std::size_t kMaxInFlight = 8;

  // On the record thread: CloseChain of each summary, with the cursors of
  // this thread's connection.
  Status Check(Batch& b) {
    for (std::size_t i = 0; i < b.used; ++i) ATENSI_RETURN_IF_ERROR(owner_.CloseChain(b.facts[i]));
    return Status::Ok();
  }

  RecordVerifier& owner_;
  std::unique_ptr<Db> db_;
  BatchWorker<Batch> worker_;       // the record thread
  std::unique_ptr<Batch> current_;  // filled by the event pass
  bool in_chain_ = false;
};

RecordVerifier::RecordVerifier(Db& db, DocOpener opener)
    : opener_(std::move(opener)), main_db_(db), s_(std::make_unique<State>(db)) {}

Result<bool> RecordVerifier::StateMatches(std::string_view table, std::string_view id,
                                          const Stmt& row, int col,
                                          const std::array<std::uint8_t, 32>& state) const {
  if (!opener_) return SameState(row.TextView(col), state);
  ATENSI_RETURN_IF_ERROR(SealedOnRecordThread(par_ != nullptr, row.BlobView(col)));
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
RecordVerifier::~RecordVerifier() {
  if (par_) par_->Stop();  // the record thread uses s_
  s_.reset();              // its statements before their connection
  par_.reset();
}

Result<bool> RecordVerifier::QueueDocHash(bool is_case, std::string_view id, const Stmt& row,
                                          int col, std::int64_t seq,
                                          const std::array<std::uint8_t, 32>& state) {
  if (!opener_) {
    s_->doc_hashes.Add(is_case, id, row.TextView(col), seq, state);
    return true;
  }
  ATENSI_RETURN_IF_ERROR(SealedOnRecordThread(par_ != nullptr, row.BlobView(col)));
  // Encrypted store (sqlite_crypto.h): opened here (a document that fails
  // authentication is a broken record; a missing key is an error), hashed
  // off this thread like a clear one.
  Result<std::string> doc = opener_(is_case ? "cases" : "children", id, row.BlobView(col));
  if (!doc.ok()) {
    if (doc.status().code() == StatusCode::kCorruption) return false;
    return doc.status();
  }
  s_->doc_hashes.Add(is_case, id, *doc, seq, state);
  return true;
}

void RecordVerifier::Reset() {
  if (par_) par_->Stop();
  s_.reset();    // finishes its cursors before the new state prepares them again
  par_.reset();  // back to one thread on the caller's connection
  s_ = std::make_unique<State>(main_db_);
}

bool RecordVerifier::StartParallel() {
  if (par_ || s_->in_chain || std::thread::hardware_concurrency() < 2) return false;
  sqlite3* main = main_db_.handle();
  // Inside the caller's transaction, before its first read: its snapshot is
  // taken below, under the lock.
  if (sqlite3_get_autocommit(main) != 0) return false;
  if (sqlite3_txn_state(main, "main") != SQLITE_TXN_NONE) return false;
  const char* file = sqlite3_db_filename(main, "main");
  if (file == nullptr || *file == '\0') return false;  // :memory: or a temporary database
  sqlite3_vfs* vfs = nullptr;
  if (sqlite3_file_control(main, "main", SQLITE_FCNTL_VFS_POINTER, &vfs) != SQLITE_OK ||
      vfs == nullptr) {
    return false;
  }
  DbOptions o;
  o.create_if_missing = false;
  o.busy_timeout_ms = 250;  // a writer holding the lock longer: one thread instead
  o.vfs = vfs->zName;
  const std::string path(file);
  Result<std::unique_ptr<Db>> lock = Db::Open(path, o);
  if (!lock.ok() || !(*lock)->Exec("BEGIN IMMEDIATE").ok()) return false;
  // No commit can happen while `lock` holds the write lock: both read
  // snapshots taken now are the same state.
  auto snapshot = [](Db& db) {
    return db.Exec("SELECT count(*) FROM sqlite_schema").ok() &&
           sqlite3_txn_state(db.handle(), "main") == SQLITE_TXN_READ;
  };
  if (!snapshot(main_db_)) return false;
  o.busy_timeout_ms = 5000;
  Result<std::unique_ptr<Db>> second = Db::Open(path, o);
  if (!second.ok() || !(*second)->Exec("BEGIN").ok() || !snapshot(**second)) return false;
  (void)(*lock)->Exec("ROLLBACK");
  lock->reset();
  auto par = std::make_unique<Parallel>(*this, std::move(*second));
  auto state = std::make_unique<State>(par->db());
  state->doc_hashes.set_inline(true);
  try {
    par->Start();
  } catch (const std::system_error&) {
    return false;  // `state` holds no statement yet
  }
  s_ = std::move(state);
  par_ = std::move(par);
  return true;
}

bool RecordVerifier::Drain() { return par_ == nullptr || par_->Drain(); }

Status RecordVerifier::OnEvent(const Stmt& row) {
  const std::string_view chain = row.TextView(kColChain);
  if (par_) {  // summarised here, checked on the record thread
    if (!par_->in_chain() || chain != par_->Current().chain)
      return Note(par_->BeginChain(chain), row);
    return Note(par_->Current(), row);
  }
  State& s = *s_;
  if (!s.in_chain || chain != s.cur->chain) {
    if (s.in_chain) ATENSI_RETURN_IF_ERROR(CloseChain(*s.cur));
    s.in_chain = true;
    s.cur->Begin(chain);
  }
  return Note(*s.cur, row);
}

Status RecordVerifier::Note(ChainFacts& s, const Stmt& row) {
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
    // The row this event names: events.subject_id (schema 8; EventLog::Verify
    // has checked it against the payload when the payload is present, and it
    // is all that is left once the payload is sealed or purged). Without it
    // (a row the migration could not fill): changes.<kind>_id.after of a
    // clear change set, as json_extract would read it.
    std::optional<std::string> id;
    if (!row.IsNull(kVerifyColSubjectId)) {
      id.emplace(row.TextView(kVerifyColSubjectId));
    } else {
      const nlohmann::json changes =
          nlohmann::json::parse(row.TextView(kColChanges), nullptr, /*allow_exceptions=*/false);
      id = SubjectIdNamed(action, changes);
    }
    s.named[i][std::move(id)] = Newest{seq, s.last_state};
  }
  return Status();
}

Status RecordVerifier::CloseChain(const ChainFacts& f) {
  State& s = *s_;
  const std::string& chain = f.chain;

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
      if (f.own_count == 0) {
        KeepLowest(s.case_fail, chain, RecordLink(chain, 0, "record.no_events"));
      } else if (c.Int64(1) != f.own_count) {
        KeepLowest(s.case_fail, chain, RecordLink(chain, f.own_seq, "record.version_mismatch"));
      } else {
        ATENSI_ASSIGN_OR_RETURN(
            bool opened, QueueDocHash(/*is_case=*/true, chain, c, 2, f.own_seq, f.own_state));
        if (!opened) {
          KeepLowest(s.case_fail, chain, RecordLink(chain, f.own_seq, "record.state_mismatch"));
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
      ATENSI_ASSIGN_OR_RETURN(bool opened, QueueDocHash(/*is_case=*/false, chain, s.children.row(),
                                                        1, f.last_seq, f.last_state));
      if (!opened) {
        KeepLowest(s.child_fail, chain, RecordLink(chain, f.last_seq, "record.state_mismatch"));
      }
    }
    ATENSI_RETURN_IF_ERROR(s.children.Next());
  }

  // The chain's own row must exist (by the kind of its events).
  if (!s.missing_fail) {
    std::int64_t missing_seq = 0;
    if (f.max_seq_kind[2] > 0 && !case_exists) missing_seq = f.max_seq_kind[2];
    if (f.max_seq_kind[1] > 0 && !child_exists) {
      missing_seq = std::max(missing_seq, f.max_seq_kind[1]);
    }
    if (missing_seq > 0) {
      KeepLowest(s.missing_fail, chain, RecordLink(chain, missing_seq, "record.missing"));
    }
  }

  // Referral / transfer / routing rows of this case.
  for (std::size_t i = 0; i < kSubjects.size(); ++i) {
    Cursor& cur = s.subjects[i];
    auto& named = f.named[i];
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
        ATENSI_ASSIGN_OR_RETURN(
            bool same, StateMatches(kSubjects[i].table, id, cur.row(), 2, it->second.state));
        if (!same) {
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
  if (par_) {
    // Every chain was checked on the record thread (EventLog::Verify called
    // Drain); the rest runs here, on that thread's connection, now idle.
    if (!par_->Drain()) {
      return Internal("store.verify_records", "the record checks stopped on an error");
    }
  }
  State& s = *s_;
  if (s.in_chain) {
    ATENSI_RETURN_IF_ERROR(CloseChain(*s.cur));
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
  // The documents hashed off this thread: lower ids win as if each had
  // been checked in place.
  for (DocMismatch& m : s.doc_hashes.Drain()) {
    KeepLowest(m.is_case ? s.case_fail : s.child_fail, m.key,
               RecordLink(m.key, m.seq, "record.state_mismatch"));
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
