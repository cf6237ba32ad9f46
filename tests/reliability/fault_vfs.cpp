// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0

#include "fault_vfs.h"

#include <sqlite3.h>

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <mutex>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace atensi::testing {
namespace {

// The in-memory image of a file opened in power-loss mode.
struct Shadow {
  std::string image;                                           // what readers see
  std::vector<std::pair<sqlite3_int64, sqlite3_int64>> dirty;  // [offset, length) not yet synced
  bool truncated = false;                                      // a truncate not yet synced
};

struct FaultFile {
  sqlite3_file base;  // must be first: SQLite sees a FaultFile as a sqlite3_file
  sqlite3_file* real;
  Shadow* shadow;
};

struct State {
  std::mutex mu;
  bool armed = false;
  FaultPlan plan;
  bool fired = false;
  std::array<std::uint64_t, kFaultOpCount> counts{};
  bool power_loss = false;
  std::uint64_t crash_at_sync = 0;  // 0 = off
  std::uint64_t syncs_seen = 0;
  bool crashed = false;
  std::uint64_t durable_syncs = 0;
  std::uint64_t dropped_bytes = 0;
  std::set<FaultFile*> shadow_files;
};

State& S() {
  static State* state = new State();  // never destroyed: SQLite may call in late
  return *state;
}

sqlite3_vfs* Real() {
  static sqlite3_vfs* real = sqlite3_vfs_find(nullptr);
  return real;
}

FaultFile* F(sqlite3_file* file) { return reinterpret_cast<FaultFile*>(file); }

// Counts one call of `op` and returns the error to inject, or SQLITE_OK.
int Inject(FaultOp op, bool shm_lock = false) {
  State& s = S();
  std::lock_guard<std::mutex> lock(s.mu);
  const auto i = static_cast<std::size_t>(op);
  ++s.counts[i];
  if (!s.armed || s.plan.op != op) return SQLITE_OK;
  if (shm_lock && !s.plan.shm_locks) return SQLITE_OK;
  if (s.counts[i] == s.plan.nth || (s.plan.persistent && s.counts[i] > s.plan.nth)) {
    s.fired = true;
    return s.plan.error;
  }
  return SQLITE_OK;
}

bool Crashed() {
  State& s = S();
  std::lock_guard<std::mutex> lock(s.mu);
  return s.crashed;
}

// Reads the whole durable content of `real` into `out`.
int LoadImage(sqlite3_file* real, std::string* out) {
  sqlite3_int64 size = 0;
  int rc = real->pMethods->xFileSize(real, &size);
  if (rc != SQLITE_OK) return rc;
  out->assign(static_cast<std::size_t>(size), '\0');
  if (size == 0) return SQLITE_OK;
  rc = real->pMethods->xRead(real, out->data(), static_cast<int>(size), 0);
  return rc == SQLITE_IOERR_SHORT_READ ? SQLITE_OK : rc;
}

// Drops the unsynced writes of every shadow file. Caller holds the mutex.
void CrashLocked(State& s) {
  s.crashed = true;
  for (FaultFile* f : s.shadow_files) {
    for (const auto& d : f->shadow->dirty) s.dropped_bytes += static_cast<std::uint64_t>(d.second);
    f->shadow->dirty.clear();
    f->shadow->truncated = false;
    if (LoadImage(f->real, &f->shadow->image) != SQLITE_OK) f->shadow->image.clear();
  }
}

// ---- io methods ----

int Close(sqlite3_file* file) {
  FaultFile* f = F(file);
  {
    State& s = S();
    std::lock_guard<std::mutex> lock(s.mu);
    s.shadow_files.erase(f);
  }
  delete f->shadow;
  f->shadow = nullptr;
  return f->real->pMethods->xClose(f->real);
}

int Read(sqlite3_file* file, void* buf, int amt, sqlite3_int64 off) {
  if (int rc = Inject(FaultOp::kRead); rc != SQLITE_OK) return rc;
  FaultFile* f = F(file);
  if (f->shadow == nullptr) return f->real->pMethods->xRead(f->real, buf, amt, off);
  std::lock_guard<std::mutex> lock(S().mu);
  const std::string& img = f->shadow->image;
  const auto begin = static_cast<std::size_t>(off);
  const auto want = static_cast<std::size_t>(amt);
  std::size_t have = begin < img.size() ? std::min(want, img.size() - begin) : 0;
  if (have > 0) std::memcpy(buf, img.data() + begin, have);
  if (have < want) {
    std::memset(static_cast<char*>(buf) + have, 0, want - have);
    return SQLITE_IOERR_SHORT_READ;
  }
  return SQLITE_OK;
}

int Write(sqlite3_file* file, const void* buf, int amt, sqlite3_int64 off) {
  if (Crashed()) return SQLITE_IOERR_WRITE;
  if (int rc = Inject(FaultOp::kWrite); rc != SQLITE_OK) return rc;
  FaultFile* f = F(file);
  if (f->shadow == nullptr) return f->real->pMethods->xWrite(f->real, buf, amt, off);
  std::lock_guard<std::mutex> lock(S().mu);
  std::string& img = f->shadow->image;
  const auto begin = static_cast<std::size_t>(off);
  const auto n = static_cast<std::size_t>(amt);
  if (img.size() < begin + n) img.resize(begin + n, '\0');
  std::memcpy(img.data() + begin, buf, n);
  f->shadow->dirty.emplace_back(off, amt);
  return SQLITE_OK;
}

int Truncate(sqlite3_file* file, sqlite3_int64 size) {
  if (Crashed()) return SQLITE_IOERR_TRUNCATE;
  if (int rc = Inject(FaultOp::kWrite); rc != SQLITE_OK) {
    return rc == SQLITE_IOERR_WRITE ? SQLITE_IOERR_TRUNCATE : rc;
  }
  FaultFile* f = F(file);
  if (f->shadow == nullptr) return f->real->pMethods->xTruncate(f->real, size);
  std::lock_guard<std::mutex> lock(S().mu);
  f->shadow->image.resize(static_cast<std::size_t>(size));
  f->shadow->truncated = true;
  return SQLITE_OK;
}

int Sync(sqlite3_file* file, int flags) {
  State& s = S();
  {
    std::lock_guard<std::mutex> lock(s.mu);
    if (s.crashed) return SQLITE_IOERR_FSYNC;
    ++s.syncs_seen;
    if (s.crash_at_sync != 0 && s.syncs_seen == s.crash_at_sync) {
      CrashLocked(s);
      return SQLITE_IOERR_FSYNC;
    }
  }
  if (int rc = Inject(FaultOp::kSync); rc != SQLITE_OK) return rc;
  FaultFile* f = F(file);
  if (f->shadow != nullptr) {
    std::lock_guard<std::mutex> lock(s.mu);
    Shadow& sh = *f->shadow;
    const auto size = static_cast<sqlite3_int64>(sh.image.size());
    if (sh.truncated) {
      int rc = f->real->pMethods->xTruncate(f->real, size);
      if (rc != SQLITE_OK) return rc;
    }
    for (const auto& [off, len] : sh.dirty) {
      if (off >= size) continue;
      const sqlite3_int64 n = std::min(len, size - off);
      int rc = f->real->pMethods->xWrite(f->real, sh.image.data() + off, static_cast<int>(n), off);
      if (rc != SQLITE_OK) return rc;
    }
    sh.dirty.clear();
    sh.truncated = false;
  }
  int rc = f->real->pMethods->xSync(f->real, flags);
  if (rc == SQLITE_OK && f->shadow != nullptr) {
    std::lock_guard<std::mutex> lock(s.mu);
    ++s.durable_syncs;
  }
  return rc;
}

int FileSize(sqlite3_file* file, sqlite3_int64* size) {
  FaultFile* f = F(file);
  if (f->shadow == nullptr) return f->real->pMethods->xFileSize(f->real, size);
  std::lock_guard<std::mutex> lock(S().mu);
  *size = static_cast<sqlite3_int64>(f->shadow->image.size());
  return SQLITE_OK;
}

int Lock(sqlite3_file* file, int level) {
  if (int rc = Inject(FaultOp::kLock); rc != SQLITE_OK) return rc;
  return F(file)->real->pMethods->xLock(F(file)->real, level);
}

int Unlock(sqlite3_file* file, int level) {
  return F(file)->real->pMethods->xUnlock(F(file)->real, level);
}

int CheckReservedLock(sqlite3_file* file, int* out) {
  return F(file)->real->pMethods->xCheckReservedLock(F(file)->real, out);
}

int FileControl(sqlite3_file* file, int op, void* arg) {
  FaultFile* f = F(file);
  // A size hint would extend the real file behind the shadow image's back.
  if (f->shadow != nullptr && op == SQLITE_FCNTL_SIZE_HINT) return SQLITE_OK;
  return f->real->pMethods->xFileControl(f->real, op, arg);
}

int SectorSize(sqlite3_file* file) { return F(file)->real->pMethods->xSectorSize(F(file)->real); }

int DeviceCharacteristics(sqlite3_file* file) {
  return F(file)->real->pMethods->xDeviceCharacteristics(F(file)->real);
}

int ShmMap(sqlite3_file* file, int region, int size, int extend, void volatile** out) {
  return F(file)->real->pMethods->xShmMap(F(file)->real, region, size, extend, out);
}

int ShmLock(sqlite3_file* file, int offset, int n, int flags) {
  if ((flags & SQLITE_SHM_LOCK) != 0) {
    if (int rc = Inject(FaultOp::kLock, /*shm_lock=*/true); rc != SQLITE_OK) return rc;
  }
  return F(file)->real->pMethods->xShmLock(F(file)->real, offset, n, flags);
}

void ShmBarrier(sqlite3_file* file) { F(file)->real->pMethods->xShmBarrier(F(file)->real); }

int ShmUnmap(sqlite3_file* file, int delete_flag) {
  return F(file)->real->pMethods->xShmUnmap(F(file)->real, delete_flag);
}

const sqlite3_io_methods kMethods = {2,
                                     Close,
                                     Read,
                                     Write,
                                     Truncate,
                                     Sync,
                                     FileSize,
                                     Lock,
                                     Unlock,
                                     CheckReservedLock,
                                     FileControl,
                                     SectorSize,
                                     DeviceCharacteristics,
                                     ShmMap,
                                     ShmLock,
                                     ShmBarrier,
                                     ShmUnmap,
                                     nullptr,
                                     nullptr};

// ---- vfs methods ----

constexpr int RealOffset() {
  return static_cast<int>((sizeof(FaultFile) + alignof(std::max_align_t) - 1) /
                          alignof(std::max_align_t) * alignof(std::max_align_t));
}

int Open(sqlite3_vfs*, const char* name, sqlite3_file* file, int flags, int* out_flags) {
  FaultFile* f = F(file);
  f->real = reinterpret_cast<sqlite3_file*>(reinterpret_cast<char*>(file) + RealOffset());
  f->shadow = nullptr;
  f->base.pMethods = nullptr;
  std::memset(f->real, 0, static_cast<std::size_t>(Real()->szOsFile));
  int rc = Real()->xOpen(Real(), name, f->real, flags, out_flags);
  if (rc != SQLITE_OK) {
    if (f->real->pMethods != nullptr) f->real->pMethods->xClose(f->real);
    return rc;
  }
  State& s = S();
  bool shadow = false;
  {
    std::lock_guard<std::mutex> lock(s.mu);
    shadow = s.power_loss && name != nullptr &&
             (flags & (SQLITE_OPEN_MAIN_DB | SQLITE_OPEN_WAL | SQLITE_OPEN_MAIN_JOURNAL)) != 0;
  }
  if (shadow) {
    auto* sh = new Shadow();
    rc = LoadImage(f->real, &sh->image);
    if (rc != SQLITE_OK) {
      delete sh;
      f->real->pMethods->xClose(f->real);
      return rc;
    }
    f->shadow = sh;
    std::lock_guard<std::mutex> lock(s.mu);
    s.shadow_files.insert(f);
  }
  f->base.pMethods = &kMethods;
  return SQLITE_OK;
}

int Delete(sqlite3_vfs*, const char* name, int sync_dir) {
  if (Crashed()) return SQLITE_IOERR_DELETE;
  return Real()->xDelete(Real(), name, sync_dir);
}

int Access(sqlite3_vfs*, const char* name, int flags, int* out) {
  return Real()->xAccess(Real(), name, flags, out);
}

int FullPathname(sqlite3_vfs*, const char* name, int n, char* out) {
  return Real()->xFullPathname(Real(), name, n, out);
}

void* DlOpen(sqlite3_vfs*, const char* name) { return Real()->xDlOpen(Real(), name); }
void DlError(sqlite3_vfs*, int n, char* out) { Real()->xDlError(Real(), n, out); }
void (*DlSym(sqlite3_vfs*, void* handle, const char* sym))(void) {
  return Real()->xDlSym(Real(), handle, sym);
}
void DlClose(sqlite3_vfs*, void* handle) { Real()->xDlClose(Real(), handle); }
int Randomness(sqlite3_vfs*, int n, char* out) { return Real()->xRandomness(Real(), n, out); }
int Sleep(sqlite3_vfs*, int micros) { return Real()->xSleep(Real(), micros); }
int CurrentTime(sqlite3_vfs*, double* out) { return Real()->xCurrentTime(Real(), out); }
int GetLastError(sqlite3_vfs*, int n, char* out) {
  return Real()->xGetLastError != nullptr ? Real()->xGetLastError(Real(), n, out) : 0;
}
int CurrentTimeInt64(sqlite3_vfs*, sqlite3_int64* out) {
  return Real()->xCurrentTimeInt64(Real(), out);
}

sqlite3_vfs* Make() {
  static sqlite3_vfs vfs;
  sqlite3_vfs* real = Real();
  vfs.iVersion = 2;
  vfs.szOsFile = RealOffset() + real->szOsFile;
  vfs.mxPathname = real->mxPathname;
  vfs.zName = FaultVfs::kName;
  vfs.xOpen = Open;
  vfs.xDelete = Delete;
  vfs.xAccess = Access;
  vfs.xFullPathname = FullPathname;
  vfs.xDlOpen = DlOpen;
  vfs.xDlError = DlError;
  vfs.xDlSym = DlSym;
  vfs.xDlClose = DlClose;
  vfs.xRandomness = Randomness;
  vfs.xSleep = Sleep;
  vfs.xCurrentTime = CurrentTime;
  vfs.xGetLastError = GetLastError;
  vfs.xCurrentTimeInt64 = CurrentTimeInt64;
  return &vfs;
}

}  // namespace

const char* FaultOpName(FaultOp op) {
  switch (op) {
    case FaultOp::kRead:
      return "read";
    case FaultOp::kWrite:
      return "write";
    case FaultOp::kSync:
      return "sync";
    case FaultOp::kLock:
      return "lock";
  }
  return "?";
}

FaultVfs& FaultVfs::Get() {
  static FaultVfs* instance = [] {
    sqlite3_initialize();
    sqlite3_vfs_register(Make(), /*makeDflt=*/0);
    return new FaultVfs();
  }();
  return *instance;
}

void FaultVfs::Arm(const FaultPlan& plan) {
  State& s = S();
  std::lock_guard<std::mutex> lock(s.mu);
  s.counts.fill(0);
  s.plan = plan;
  s.armed = true;
  s.fired = false;
}

void FaultVfs::Disarm() {
  State& s = S();
  std::lock_guard<std::mutex> lock(s.mu);
  s.armed = false;
}

bool FaultVfs::fired() const {
  State& s = S();
  std::lock_guard<std::mutex> lock(s.mu);
  return s.fired;
}

std::uint64_t FaultVfs::count(FaultOp op) const {
  State& s = S();
  std::lock_guard<std::mutex> lock(s.mu);
  return s.counts[static_cast<std::size_t>(op)];
}

void FaultVfs::ResetCounters() {
  State& s = S();
  std::lock_guard<std::mutex> lock(s.mu);
  s.counts.fill(0);
}

void FaultVfs::SetPowerLoss(bool on) {
  State& s = S();
  std::lock_guard<std::mutex> lock(s.mu);
  s.power_loss = on;
}

void FaultVfs::ArmCrashAtSync(std::uint64_t n) {
  State& s = S();
  std::lock_guard<std::mutex> lock(s.mu);
  s.crash_at_sync = n;
  s.syncs_seen = 0;
}

void FaultVfs::Crash() {
  State& s = S();
  std::lock_guard<std::mutex> lock(s.mu);
  CrashLocked(s);
}

bool FaultVfs::crashed() const { return Crashed(); }

void FaultVfs::Restart() {
  State& s = S();
  std::lock_guard<std::mutex> lock(s.mu);
  s.crashed = false;
  s.crash_at_sync = 0;
  s.syncs_seen = 0;
}

std::uint64_t FaultVfs::durable_syncs() const {
  State& s = S();
  std::lock_guard<std::mutex> lock(s.mu);
  return s.durable_syncs;
}

std::uint64_t FaultVfs::dropped_bytes() const {
  State& s = S();
  std::lock_guard<std::mutex> lock(s.mu);
  return s.dropped_bytes;
}

}  // namespace atensi::testing
