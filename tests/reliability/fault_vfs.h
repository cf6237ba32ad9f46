// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// FaultVfs: a SQLite VFS shim for reliability tests (after SQLite's
// src/test_vfs.c and test6.c, and LevelDB's FaultInjectionTestEnv).
//
// It is registered under the name "atensi-fault" (never as the default VFS)
// and wraps the default VFS; a Casebook uses it through
// OpenOptions::vfs_name. Two modes, usable together:
//
//   Fault injection. Every xRead, xWrite/xTruncate, xSync and lock acquisition
//   (xLock, xShmLock) is counted. Arm({op, n, error, persistent}) makes the
//   n-th call of that kind (counted from Arm) return `error` (SQLITE_IOERR_*,
//   SQLITE_FULL or SQLITE_BUSY) instead of doing anything; a persistent fault
//   also fails every later call of that kind until Disarm().
//
//   Power loss. Files opened while power-loss mode is on keep every write in
//   memory until xSync makes it durable: reads see the writes, the disk only
//   has what was synced. Crash() (or the n-th xSync after ArmCrashAtSync(n))
//   drops every unsynced write and freezes the "disk": from then on writes,
//   syncs, truncates and deletes fail with SQLITE_IOERR and change nothing,
//   like a machine that lost power. Close every connection, then Restart()
//   and reopen: the file holds exactly what had been synced.
//
// The VFS is process-wide; its state is guarded by a mutex. Tests that use it
// must not run in parallel threads with each other.

#ifndef ATENSI_TESTS_RELIABILITY_FAULT_VFS_H_
#define ATENSI_TESTS_RELIABILITY_FAULT_VFS_H_

#include <array>
#include <cstdint>
#include <string>

namespace atensi::testing {

enum class FaultOp : std::uint8_t { kRead = 0, kWrite = 1, kSync = 2, kLock = 3 };
inline constexpr int kFaultOpCount = 4;
const char* FaultOpName(FaultOp op);

struct FaultPlan {
  FaultOp op = FaultOp::kWrite;
  std::uint64_t nth = 1;  // 1-based, counted from Arm()
  int error = 10;         // SQLITE_IOERR; use the sqlite3.h constants
  bool persistent = false;
  // For kLock: also fail wal-index locks (xShmLock), not only file locks
  // (xLock). A persistent BUSY on them makes SQLite retry for about 10 s
  // before giving up with SQLITE_PROTOCOL.
  bool shm_locks = true;
};

class FaultVfs {
 public:
  static constexpr const char* kName = "atensi-fault";

  // Registers the VFS on first use and returns it.
  static FaultVfs& Get();

  // Resets the counters and arms one fault.
  void Arm(const FaultPlan& plan);
  // No fault from now on (counters keep counting).
  void Disarm();
  // True when the armed fault has fired at least once since Arm().
  [[nodiscard]] bool fired() const;
  // Calls of `op` since the last Arm()/ResetCounters().
  [[nodiscard]] std::uint64_t count(FaultOp op) const;
  void ResetCounters();

  // Files opened from now on buffer unsynced writes (see the file comment).
  void SetPowerLoss(bool on);
  // The n-th xSync (counted from now) crashes instead of syncing.
  void ArmCrashAtSync(std::uint64_t n);
  // Simulated power loss now: drop unsynced writes, freeze the disk.
  void Crash();
  [[nodiscard]] bool crashed() const;
  // After every connection is closed: the disk works again.
  void Restart();
  // Syncs that made data durable, and unsynced bytes dropped by crashes, since
  // the VFS was registered (for the figures in docs/reliability.md).
  [[nodiscard]] std::uint64_t durable_syncs() const;
  [[nodiscard]] std::uint64_t dropped_bytes() const;

 private:
  FaultVfs() = default;
};

}  // namespace atensi::testing

#endif  // ATENSI_TESTS_RELIABILITY_FAULT_VFS_H_
