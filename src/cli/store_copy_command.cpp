// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// `atensi migrate` and `atensi export-region` (issue #10): an office's store
// into the shared PostgreSQL store, and a region subtree of it back out to a
// new SQLite file (include/atensi/store/store_copy.h). Both print what was
// copied and the target's verification; exit 1 when it does not verify.
//
// Keys (encrypted stores, docs/encryption.md): never on the command line.
// The source's key comes from the environment like every command that
// opens a database (ATENSI_KEY_FILE, ATENSI_KEY_ID, ATENSI_OLD_KEY_FILES),
// or from --from-key-file / --from-key-id; the target's from --to-key-file
// / --to-key-id (a file holding 64 hex digits or 32 raw bytes). The copy
// re-seals every record under the target's key.

#include <filesystem>
#include <system_error>

#include "atensi/casebook.h"
#include "atensi/crypto/key.h"
#include "atensi/store/pg_case_store.h"
#include "atensi/store/store_copy.h"
#include "cli/cli.h"
#include "cli/db_path.h"

namespace atensi::cli {

Status ApplyKeyEnvironment(OpenOptions& options);                              // crypto_command.cpp
Result<EncryptionKey> ReadKeyFile(const std::string& path, std::uint32_t id);  // crypto_command.cpp

namespace {

struct CopyArgs {
  std::string from;
  std::string to;
  std::string region;
  std::size_t batch_rows = 500;
  bool json = false;
  std::string from_key_file;
  std::uint32_t from_key_id = 1;
  std::string to_key_file;
  std::uint32_t to_key_id = 1;
};

// The source key (--from-key-file, else the ATENSI_KEY_* environment) and
// the target key (--to-key-file) into `o`.
Status ApplyCopyKeys(const CopyArgs& args, StoreCopyOptions& o) {
  if (!args.from_key_file.empty()) {
    ATENSI_ASSIGN_OR_RETURN(EncryptionKey k, ReadKeyFile(args.from_key_file, args.from_key_id));
    o.from_key = std::make_shared<const EncryptionKey>(std::move(k));
  }
  OpenOptions env;
  ATENSI_RETURN_IF_ERROR(ApplyKeyEnvironment(env));
  if (!o.from_key) o.from_key = env.key;
  if (env.key) o.from_key_provider = env.key_provider;  // ATENSI_OLD_KEY_FILES
  if (!args.to_key_file.empty()) {
    ATENSI_ASSIGN_OR_RETURN(EncryptionKey k, ReadKeyFile(args.to_key_file, args.to_key_id));
    o.to_key = std::make_shared<const EncryptionKey>(std::move(k));
  }
  return Status::Ok();
}

void AddKeyOptions(CLI::App* cmd, CopyArgs& args) {
  cmd->add_option("--from-key-file", args.from_key_file,
                  "File with the source store's key (64 hex digits or 32 bytes; default: "
                  "$ATENSI_KEY_FILE)");
  cmd->add_option("--from-key-id", args.from_key_id, "Id of the source key (default 1)")
      ->check(CLI::Range(1U, 0xFFFFFFFFU));
  cmd->add_option("--to-key-file", args.to_key_file,
                  "File with the target store's key: every record is sealed under it (needed "
                  "when either store is encrypted)");
  cmd->add_option("--to-key-id", args.to_key_id, "Id of the target key (default 1)")
      ->check(CLI::Range(1U, 0xFFFFFFFFU));
}

nlohmann::json VerifyJson(const VerifyReport& v) {
  nlohmann::json j{{"ok", v.ok},
                   {"events_checked", v.events_checked},
                   {"chains_checked", v.chains_checked},
                   {"checkpoints_checked", v.checkpoints_checked}};
  if (v.first_broken) {
    j["first_broken"] = {{"where", std::string(Name(v.first_broken->where))},
                         {"chain_id", v.first_broken->chain_id},
                         {"seq", v.first_broken->seq},
                         {"reason", v.first_broken->reason}};
  }
  return j;
}

void PrintVerify(Context& ctx, const char* label, const VerifyReport& v) {
  ctx.out << "  " << label << (v.ok ? "ok" : "BROKEN") << " (" << v.events_checked << " events, "
          << v.chains_checked << " chains, " << v.checkpoints_checked << " checkpoints)";
  if (v.first_broken) {
    ctx.out << ": " << Name(v.first_broken->where) << " " << v.first_broken->chain_id << " #"
            << v.first_broken->seq << " " << v.first_broken->reason;
  }
  ctx.out << "\n";
}

void RunCopy(Context& ctx, const CopyArgs& args, bool export_region) {
  StoreCopyOptions o;
  o.from = args.from;
  o.to = args.to;
  o.batch_rows = args.batch_rows;
  if (Status keys = ApplyCopyKeys(args, o); !keys.ok()) {
    ctx.exit_code = ReportError(ctx, keys, args.json);
    return;
  }
  if (export_region) {
    auto region = RegionCode::Parse(args.region);
    if (!region.ok()) {
      ctx.exit_code = ReportError(ctx, region.status(), args.json);
      return;
    }
    o.region = *region;
  }
  // export-region writes a NEW file: refuse an existing one, and remove the
  // file it created when the copy fails (the copy itself is all or nothing).
  bool created = false;
  if (export_region && !IsPostgresUri(args.to)) {
    std::error_code ec;
    if (std::filesystem::exists(args.to, ec)) {
      ctx.exit_code = ReportError(
          ctx, FailedPrecondition("copy.target_exists", "--to", "export-region writes a new file"),
          args.json);
      return;
    }
    created = true;
  }
  auto report = CopyStore(o, ctx.clock);
  if (!report.ok()) {
    if (created) {
      std::error_code ec;
      for (const char* suffix : {"", "-wal", "-shm"}) {
        std::filesystem::remove(args.to + suffix, ec);
      }
    }
    ctx.exit_code = ReportError(ctx, report.status(), args.json);
    return;
  }
  const StoreCopyReport& r = *report;
  if (!r.target_verify.ok) ctx.exit_code = kExitRefused;
  if (args.json) {
    nlohmann::json tables = nlohmann::json::object();
    for (const TableCopyCount& t : r.tables) tables[t.table] = t.rows;
    nlohmann::json j{{"from", MaskUri(args.from)},
                     {"to", MaskUri(args.to)},
                     {"tables", tables},
                     {"checkpoints_copied", r.checkpoints_copied},
                     {"rebuilt", r.rebuilt},
                     {"source_checkpoint",
                      {{"seq", r.source_checkpoint_seq}, {"hash", r.source_checkpoint_hash}}},
                     {"verify", VerifyJson(r.target_verify)},
                     {"resealed", r.resealed},
                     {"target_key_registered", r.target_key_registered}};
    j["target_key_id"] = r.target_key_id ? nlohmann::json(*r.target_key_id) : nlohmann::json();
    if (export_region) j["region"] = o.region->dotted();
    j["checkpoint_sealed"] =
        r.checkpoint_sealed ? nlohmann::json(*r.checkpoint_sealed) : nlohmann::json();
    if (r.source_verify) j["source_verify"] = VerifyJson(*r.source_verify);
    PrintJson(ctx, j);
    return;
  }
  ctx.out << (export_region ? "exported region " + o.region->dotted() : std::string("migrated"))
          << ": " << MaskUri(args.from) << " -> " << MaskUri(args.to) << "\n";
  for (const TableCopyCount& t : r.tables) {
    ctx.out << "  " << t.table << ": " << t.rows << " rows\n";
  }
  if (r.checkpoints_copied) {
    ctx.out << "  checkpoints: copied as they are (last #" << r.source_checkpoint_seq << ")\n";
  } else if (r.checkpoint_sealed) {
    ctx.out << "  checkpoints: not copied (they seal the source's whole store); sealed #"
            << *r.checkpoint_sealed << " on the target";
    if (r.source_checkpoint_seq > 0) {
      ctx.out << "; the source's last was #" << r.source_checkpoint_seq << " "
              << r.source_checkpoint_hash;
    }
    ctx.out << "\n";
  }
  if (r.target_key_id) {
    ctx.out << "  encryption: " << r.resealed << " records sealed under the target's key id "
            << *r.target_key_id << (r.target_key_registered ? " (registered in the target)" : "")
            << "\n";
  }
  for (const std::string& t : r.rebuilt) {
    ctx.out << "  " << t << ": rebuilt by the target on its next open\n";
  }
  if (r.source_verify) PrintVerify(ctx, "source verify: ", *r.source_verify);
  PrintVerify(ctx, "target verify: ", r.target_verify);
}

}  // namespace

void RegisterStoreCopyCommands(CLI::App& app, Context& ctx) {
  auto migrate = std::make_shared<CopyArgs>();
  CLI::App* cmd = app.add_subcommand(
      "migrate",
      "Copy a store (an office's SQLite file) into another (the shared PostgreSQL store), "
      "preserving ids, events, hashes and checkpoints; one transaction on the target; "
      "verifies the target at the end");
  cmd->add_option("--from", migrate->from, "Source database file or postgresql:// URI")
      ->required()
      ->check(ExistingDatabase());
  cmd->add_option("--to", migrate->to, "Target postgresql:// URI (or database file)")->required();
  cmd->add_option("--batch-rows", migrate->batch_rows, "Rows per batch (1..5000, default 500)");
  cmd->add_flag("--json", migrate->json, "Print JSON");
  AddKeyOptions(cmd, *migrate);
  cmd->callback([&ctx, migrate] { RunCopy(ctx, *migrate, /*export_region=*/false); });

  auto out = std::make_shared<CopyArgs>();
  cmd = app.add_subcommand(
      "export-region",
      "Write a region subtree of a store (children domiciled in it, their cases and everything "
      "on them) to a new SQLite file; verifies it at the end");
  cmd->add_option("--from", out->from, "Source postgresql:// URI (or database file)")
      ->required()
      ->check(ExistingDatabase());
  cmd->add_option("--region", out->region, "Region code (province, regency, district, village)")
      ->required();
  cmd->add_option("--to", out->to, "New SQLite file to write")->required();
  cmd->add_option("--batch-rows", out->batch_rows, "Rows per batch (1..5000, default 500)");
  cmd->add_flag("--json", out->json, "Print JSON");
  AddKeyOptions(cmd, *out);
  cmd->callback([&ctx, out] { RunCopy(ctx, *out, /*export_region=*/true); });
}

}  // namespace atensi::cli
