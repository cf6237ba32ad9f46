// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// The database handle: a Casebook (casebook.h) over the SQLite store, with
// children, cases, caseload listings and the audit trail. Records cross the
// boundary as the core's own JSON (lifecycle_json.h); requests the core has
// no JSON form for are read by command_json.h.

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "atensi.h"
#include "atensi/actor.h"
#include "atensi/casebook.h"
#include "atensi/clock.h"
#include "atensi/lifecycle/lifecycle_json.h"
#include "capi_json.h"
#include "command_json.h"
#include "handle.h"
#include "json_input.h"
#include "store_json.h"

using atensi::Casebook;
using atensi::Status;
using atensi::capi::AsHandle;
using atensi::capi::BadHandle;
using atensi::capi::Fail;
using atensi::capi::Guard;
using atensi::capi::Handle;
using atensi::capi::HandleType;
using atensi::capi::Misuse;
using nlohmann::json;

#include "db_impl.h"

using atensi::capi::ActorCall;
using atensi::capi::DbImpl;
using atensi::capi::EmitJson;
using atensi::capi::LiveDb;
using atensi::capi::PrincipalCall;
using atensi::capi::ViewJson;

namespace {

// The object behind an atensi_caseload pointer.
struct CaseloadImpl : Handle {
  static constexpr HandleType kType = HandleType::kCaseload;
  CaseloadImpl() noexcept : Handle(kType) {}

  const void* db = nullptr;  // checked live before every page fetch
  atensi::Actor principal;   // the session principal when the query was made
  atensi::CaseloadQuery query;
  std::vector<atensi::CaseSummary> rows;
  std::size_t cursor = 0;  // 0: before rows[0]; k: on rows[k-1]
  bool last_page = false;
  bool done = false;
  std::string row_json;

  [[nodiscard]] const atensi::CaseSummary* current() const {
    return !done && cursor >= 1 && cursor <= rows.size() ? &rows[cursor - 1] : nullptr;
  }
};

template <typename T>
int EmitResult(Handle* h, char** out, const atensi::Result<T>& r) {
  if (!r.ok()) return Fail(h, r.status());
  return EmitJson(out, atensi::ToJson(*r));
}

template <typename Out>
CaseloadImpl* CaseloadRow(const char* fn, Out* out, const atensi_caseload* caseload, Handle*& h,
                          int* rc) {
  CaseloadImpl* cl = AsHandle<CaseloadImpl>(caseload);
  if (cl == nullptr) {
    *rc = BadHandle(fn, "caseload");
    return nullptr;
  }
  h = cl;
  if (out == nullptr) {
    *rc = Misuse(cl, fn, "out", "is NULL");
    return nullptr;
  }
  if (cl->current() == nullptr) {
    *rc =
        Misuse(cl, fn, "caseload", "is not positioned on a row; call atensi_caseload_next() first");
    return nullptr;
  }
  *rc = ATENSI_OK;
  return cl;
}

}  // namespace

extern "C" {

int atensi_open(atensi_db** out, const char* path, const atensi_open_options* options) {
  return atensi::capi::OpenDb(__func__, out, path, options, {});
}

}  // extern "C"

namespace atensi::capi {

int OpenDb(const char* fn, atensi_db** out, const char* path, const atensi_open_options* options,
           const std::function<int(OpenOptions&)>& configure) {
  if (out != nullptr) *out = nullptr;
  return Guard([&](Handle*&) -> int {
    if (out == nullptr) return Misuse(nullptr, fn, "out", "is NULL");
    if (path == nullptr) return Misuse(nullptr, fn, "path", "is NULL");
    atensi_open_options opts = ATENSI_OPEN_OPTIONS_INIT;
    if (options != nullptr) {
      if (int rc = atensi::capi::CheckStructVersion(nullptr, fn, "options", options->version,
                                                    ATENSI_OPEN_OPTIONS_VERSION);
          rc != ATENSI_OK) {
        return rc;
      }
      opts = *options;
    }
    if (!atensi::capi::IsValidUtf8(path) || path[0] == '\0') {
      return Fail(nullptr, ATENSI_INVALID_ARGUMENT, "capi.options", "path",
                  "The database path must be non-empty UTF-8 text.");
    }
    if (opts.busy_timeout_ms < 0 || opts.busy_timeout_ms > 600000) {
      return Fail(nullptr, ATENSI_INVALID_ARGUMENT, "capi.options", "busy_timeout_ms",
                  "busy_timeout_ms must be between 0 and 600000.");
    }
    if ((opts.flags & ~ATENSI_OPEN_CREATE) != 0) {
      return Fail(nullptr, ATENSI_INVALID_ARGUMENT, "capi.options", "flags",
                  "Unknown ATENSI_OPEN_* flag bits are set.");
    }
    auto db = std::make_unique<DbImpl>();
    const atensi::Clock* clock = &db->system_clock;
    if (opts.fixed_clock_ms != 0) {
      db->manual_clock =
          std::make_unique<atensi::ManualClock>(atensi::Instant::FromMillis(opts.fixed_clock_ms));
      clock = db->manual_clock.get();
    }
    atensi::OpenOptions core;
    core.path = path;
    core.busy_timeout_ms = opts.busy_timeout_ms;
    core.create_if_missing = (opts.flags & ATENSI_OPEN_CREATE) != 0;
    if (opts.id_seed != 0) core.id_seed = opts.id_seed;
    if (configure) {  // e.g. encryption keys (crypto.cpp)
      if (int rc = configure(core); rc != ATENSI_OK) return rc;
    }
    auto book = Casebook::Open(core, *clock);
    if (!book.ok()) return Fail(nullptr, book.status());
    db->book = std::move(book).value();
    atensi::capi::RegisterHandle(db.get(), DbImpl::kType);
    *out = reinterpret_cast<atensi_db*>(db.release());
    return ATENSI_OK;
  });
}

}  // namespace atensi::capi

extern "C" {

void atensi_close(atensi_db** db) {
  if (db == nullptr || *db == nullptr) return;
  DbImpl* d = AsHandle<DbImpl>(*db);
  if (d == nullptr) {
    BadHandle(__func__, "db");
    return;
  }
  atensi::capi::UnregisterHandle(d);
  delete d;
  *db = nullptr;
}

const atensi_error* atensi_db_error(const atensi_db* db) {
  return atensi::capi::HandleError<DbImpl>(db);
}

int atensi_db_set_time(atensi_db* db, int64_t unix_ms) {
  const char* const fn = __func__;
  return Guard([&](Handle*& h) -> int {
    DbImpl* d = LiveDb(fn, db, h);
    if (d == nullptr) return ATENSI_MISUSE;
    if (d->manual_clock == nullptr) {
      return Fail(d, ATENSI_FAILED_PRECONDITION, "capi.system_clock", "db",
                  "This database uses the system clock; open it with fixed_clock_ms to set "
                  "the time.");
    }
    d->manual_clock->Set(atensi::Instant::FromMillis(unix_ms));
    return ATENSI_OK;
  });
}

int atensi_child_register(char** out_json, atensi_db* db, const char* child_json,
                          const atensi_actor* actor) {
  const char* const fn = __func__;
  return ActorCall(fn, db, out_json, actor, [&](DbImpl* d, const atensi::Actor& a) -> int {
    if (child_json == nullptr) return Misuse(d, fn, "child_json", "is NULL");
    auto j = atensi::capi::ParseJson(child_json, "child_json");
    if (!j.ok()) return Fail(d, j.status());
    auto child = atensi::ChildFromJson(*j);
    if (!child.ok()) return Fail(d, child.status());
    return EmitResult(d, out_json, d->book->RegisterChild(std::move(child).value(), a));
  });
}

int atensi_child_update(char** out_json, atensi_db* db, const char* child_json,
                        const atensi_actor* actor, const char* reason) {
  const char* const fn = __func__;
  return ActorCall(fn, db, out_json, actor, [&](DbImpl* d, const atensi::Actor& a) -> int {
    if (child_json == nullptr) return Misuse(d, fn, "child_json", "is NULL");
    auto j = atensi::capi::ParseJson(child_json, "child_json");
    if (!j.ok()) return Fail(d, j.status());
    auto child = atensi::ChildFromJson(*j);
    if (!child.ok()) return Fail(d, child.status());
    std::string why = reason != nullptr ? reason : "";
    if (!atensi::capi::IsValidUtf8(why)) {
      return Fail(d, ATENSI_INVALID_ARGUMENT, "capi.utf8", "reason", "reason is not UTF-8.");
    }
    return EmitResult(d, out_json, d->book->UpdateChild(std::move(child).value(), a, why));
  });
}

int atensi_child_get(char** out_json, atensi_db* db, const char* child_id) {
  const char* const fn = __func__;
  return PrincipalCall(
      fn, db, out_json, {{child_id, "child_id"}},
      [&](DbImpl* d, const atensi::Actor& a, atensi::AccessPurpose p) -> int {
        if (child_id == nullptr) return Misuse(d, fn, "child_id", "is NULL");
        auto view = d->book->ReadChild(child_id, a, p);
        if (!view.ok()) return Fail(d, view.status());
        return EmitJson(out_json, ViewJson(atensi::ToJson(view->value), view->hidden, view->reach));
      });
}

int atensi_case_open(char** out_json, atensi_db* db, const char* child_id, const char* request_json,
                     const atensi_actor* actor) {
  const char* const fn = __func__;
  return ActorCall(fn, db, out_json, actor, [&](DbImpl* d, const atensi::Actor& a) -> int {
    if (child_id == nullptr) return Misuse(d, fn, "child_id", "is NULL");
    if (request_json == nullptr) return Misuse(d, fn, "request_json", "is NULL");
    auto j = atensi::capi::ParseJson(request_json, "request_json");
    if (!j.ok()) return Fail(d, j.status());
    auto req = atensi::capi::OpenCaseRequestFromJson(*j);
    if (!req.ok()) return Fail(d, req.status());
    return EmitResult(d, out_json, d->book->OpenCase(child_id, std::move(req).value(), a));
  });
}

int atensi_case_act(char** out_json, atensi_db* db, const char* case_id, int64_t expected_version,
                    const char* command_json, const atensi_actor* actor) {
  const char* const fn = __func__;
  return ActorCall(fn, db, out_json, actor, [&](DbImpl* d, const atensi::Actor& a) -> int {
    if (case_id == nullptr) return Misuse(d, fn, "case_id", "is NULL");
    if (command_json == nullptr) return Misuse(d, fn, "command_json", "is NULL");
    auto j = atensi::capi::ParseJson(command_json, "command_json");
    if (!j.ok()) return Fail(d, j.status());
    auto command = atensi::capi::CommandFromJson(*j);
    if (!command.ok()) return Fail(d, command.status());
    return EmitResult(d, out_json,
                      d->book->Act(case_id, expected_version, std::move(command).value(), a));
  });
}

int atensi_case_get(char** out_json, atensi_db* db, const char* case_id) {
  const char* const fn = __func__;
  return PrincipalCall(
      fn, db, out_json, {{case_id, "case_id"}},
      [&](DbImpl* d, const atensi::Actor& a, atensi::AccessPurpose p) -> int {
        if (case_id == nullptr) return Misuse(d, fn, "case_id", "is NULL");
        auto view = d->book->ReadCase(case_id, a, p);
        if (!view.ok()) return Fail(d, view.status());
        return EmitJson(out_json, ViewJson(atensi::ToJson(view->value), view->hidden, view->reach));
      });
}

int atensi_case_history(char** out_json, atensi_db* db, const char* case_id) {
  const char* const fn = __func__;
  return PrincipalCall(fn, db, out_json, {{case_id, "case_id"}},
                       [&](DbImpl* d, const atensi::Actor& a, atensi::AccessPurpose p) -> int {
                         if (case_id == nullptr) return Misuse(d, fn, "case_id", "is NULL");
                         auto events = d->book->History(case_id, a, p);
                         if (!events.ok()) return Fail(d, events.status());
                         json arr = json::array();
                         for (const auto& e : *events) arr.push_back(atensi::capi::EventJson(e));
                         return EmitJson(out_json, arr);
                       });
}

int atensi_cases_by_nik(char** out_json, atensi_db* db, const char* nik) {
  const char* const fn = __func__;
  return PrincipalCall(fn, db, out_json, {{nik, "nik"}},
                       [&](DbImpl* d, const atensi::Actor& a, atensi::AccessPurpose p) -> int {
                         if (nik == nullptr) return Misuse(d, fn, "nik", "is NULL");
                         auto views = d->book->CasesByChildNik(nik, a, p);
                         if (!views.ok()) return Fail(d, views.status());
                         json arr = json::array();
                         for (const auto& v : *views) {
                           arr.push_back(ViewJson(atensi::ToJson(v.value), v.hidden, v.reach));
                         }
                         return EmitJson(out_json, arr);
                       });
}

int atensi_caseload_query(atensi_caseload** out, atensi_db* db,
                          const atensi_caseload_filter* filter) {
  const char* const fn = __func__;
  if (out != nullptr) *out = nullptr;
  return Guard([&](Handle*& h) -> int {
    DbImpl* d = LiveDb(fn, db, h);
    if (d == nullptr) return ATENSI_MISUSE;
    if (out == nullptr) return Misuse(d, fn, "out", "is NULL");
    const atensi::Actor* principal = atensi::capi::SessionPrincipal(d, fn);
    if (principal == nullptr) return ATENSI_PERMISSION_DENIED;
    atensi_caseload_filter f = ATENSI_CASELOAD_FILTER_INIT;
    if (filter != nullptr) {
      if (int rc = atensi::capi::CheckStructVersion(d, fn, "filter", filter->version,
                                                    ATENSI_CASELOAD_FILTER_VERSION);
          rc != ATENSI_OK) {
        return rc;
      }
      f = *filter;
    }
    auto bad = [&](const char* field, const char* message) {
      return Fail(d, ATENSI_INVALID_ARGUMENT, "capi.filter", field, message);
    };
    atensi::CaseloadQuery q;
    if (f.within != nullptr) {
      auto code = atensi::RegionCode::Parse(f.within, "within");
      if (!code.ok()) return bad("within", "filter.within is not a region code.");
      q.within = *code;
    }
    if (f.stage != nullptr) {
      q.stage = atensi::ParseStage(f.stage);
      if (!q.stage) return bad("stage", "filter.stage is not a stage name.");
    }
    if (f.risk != nullptr) {
      q.risk = atensi::ParseRiskLevel(f.risk);
      if (!q.risk) return bad("risk", "filter.risk is not a risk level name.");
    }
    if (f.category != nullptr) {
      q.category = atensi::ParseAmpkCategory(f.category);
      if (!q.category) return bad("category", "filter.category is not an AMPK category name.");
    }
    if (f.page_size < 1 || f.page_size > 1000) {
      return bad("page_size", "filter.page_size must be between 1 and 1000.");
    }
    q.include_closed = f.include_closed != 0;
    q.page_size = f.page_size;
    auto page = d->book->Caseload(q, *principal);
    if (!page.ok()) return Fail(d, page.status());
    auto cl = std::make_unique<CaseloadImpl>();
    cl->db = d;
    cl->principal = *principal;
    cl->query = q;
    cl->rows = std::move(page->items);
    cl->query.cursor = std::move(page->next_cursor);
    cl->last_page = cl->query.cursor.empty();
    atensi::capi::RegisterHandle(cl.get(), CaseloadImpl::kType);
    *out = reinterpret_cast<atensi_caseload*>(cl.release());
    return ATENSI_OK;
  });
}

int atensi_caseload_next(atensi_caseload* caseload) {
  const char* const fn = __func__;
  return Guard([&](Handle*& h) -> int {
    CaseloadImpl* cl = AsHandle<CaseloadImpl>(caseload);
    if (cl == nullptr) return BadHandle(fn, "caseload");
    h = cl;
    if (cl->done) return ATENSI_DONE;
    if (cl->cursor < cl->rows.size()) {
      ++cl->cursor;
      cl->row_json.clear();
      return ATENSI_OK;
    }
    if (cl->last_page) {
      cl->done = true;
      return ATENSI_DONE;
    }
    DbImpl* d = AsHandle<DbImpl>(cl->db);
    if (d == nullptr) {
      return Misuse(cl, fn, "caseload", "belongs to a database that was closed");
    }
    auto page = d->book->Caseload(cl->query, cl->principal);
    if (!page.ok()) return Fail(cl, page.status());
    cl->rows = std::move(page->items);
    cl->query.cursor = std::move(page->next_cursor);
    cl->last_page = cl->query.cursor.empty();
    cl->cursor = 0;
    if (cl->rows.empty()) {
      cl->done = true;
      return ATENSI_DONE;
    }
    cl->cursor = 1;
    cl->row_json.clear();
    return ATENSI_OK;
  });
}

int atensi_caseload_case_id(const char** out, const atensi_caseload* caseload) {
  const char* const fn = __func__;
  return Guard([&](Handle*& h) -> int {
    int rc;
    CaseloadImpl* cl = CaseloadRow(fn, out, caseload, h, &rc);
    if (cl == nullptr) return rc;
    *out = cl->current()->case_id.c_str();
    return ATENSI_OK;
  });
}

int atensi_caseload_version(int64_t* out, const atensi_caseload* caseload) {
  const char* const fn = __func__;
  return Guard([&](Handle*& h) -> int {
    int rc;
    CaseloadImpl* cl = CaseloadRow(fn, out, caseload, h, &rc);
    if (cl == nullptr) return rc;
    *out = cl->current()->version;
    return ATENSI_OK;
  });
}

int atensi_caseload_json(const char** out, const atensi_caseload* caseload) {
  const char* const fn = __func__;
  return Guard([&](Handle*& h) -> int {
    int rc;
    CaseloadImpl* cl = CaseloadRow(fn, out, caseload, h, &rc);
    if (cl == nullptr) return rc;
    if (cl->row_json.empty()) {
      cl->row_json = atensi::capi::Dump(atensi::capi::CaseSummaryJson(*cl->current()));
    }
    *out = cl->row_json.c_str();
    return ATENSI_OK;
  });
}

void atensi_caseload_destroy(atensi_caseload** caseload) {
  if (caseload == nullptr || *caseload == nullptr) return;
  CaseloadImpl* cl = AsHandle<CaseloadImpl>(*caseload);
  if (cl == nullptr) {
    BadHandle(__func__, "caseload");
    return;
  }
  atensi::capi::UnregisterHandle(cl);
  delete cl;
  *caseload = nullptr;
}

const atensi_error* atensi_caseload_error(const atensi_caseload* caseload) {
  return atensi::capi::HandleError<CaseloadImpl>(caseload);
}

int atensi_audit_verify(int* out_ok, char** out_report_json, atensi_db* db) {
  const char* const fn = __func__;
  if (out_report_json != nullptr) *out_report_json = nullptr;
  return Guard([&](Handle*& h) -> int {
    DbImpl* d = LiveDb(fn, db, h);
    if (d == nullptr) return ATENSI_MISUSE;
    if (out_ok == nullptr) return Misuse(d, fn, "out_ok", "is NULL");
    const atensi::Actor* principal = atensi::capi::SessionPrincipal(d, fn);
    if (principal == nullptr) return ATENSI_PERMISSION_DENIED;
    auto report = d->book->Verify(*principal);
    if (!report.ok()) return Fail(d, report.status());
    if (out_report_json != nullptr) {
      EmitJson(out_report_json, atensi::capi::VerifyReportJson(*report));
    }
    *out_ok = report->ok ? 1 : 0;
    return ATENSI_OK;
  });
}

int atensi_audit_checkpoint(atensi_db* db) {
  const char* const fn = __func__;
  return Guard([&](Handle*& h) -> int {
    DbImpl* d = LiveDb(fn, db, h);
    if (d == nullptr) return ATENSI_MISUSE;
    Status s = d->book->Checkpoint();
    return s.ok() ? ATENSI_OK : Fail(d, s);
  });
}

}  // extern "C"
