// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Encryption at rest in the atensi CLI (docs/encryption.md). Keys never go
// on the command line (shell history, `ps`): every command that opens a
// database reads its key from the file named by ATENSI_KEY_FILE (id
// ATENSI_KEY_ID, default 1), and older keys from ATENSI_OLD_KEY_FILES
// ("ID=PATH,ID=PATH"). A key file holds 64 hexadecimal digits or 32 raw
// bytes. `atensi rekey DB --new-key-file PATH --new-key-id N --actor A`
// rotates to a new key.

#include <sodium.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <string>
#include <utility>

#include "atensi/casebook.h"
#include "atensi/crypto/key.h"
#include "cli/cli.h"
#include "cli/db_path.h"

namespace atensi::cli {

Result<std::unique_ptr<Casebook>> OpenDatabase(Context& ctx, const std::string& path, bool create);
Result<Actor> ParseActor(const std::string& spec);

namespace {

Result<std::uint32_t> ParseKeyId(const std::string& text, const char* field) {
  try {
    std::size_t used = 0;
    const unsigned long v = std::stoul(text, &used);
    if (used == text.size() && v >= 1 && v <= 0xFFFFFFFFUL) return static_cast<std::uint32_t>(v);
  } catch (...) {  // NOLINT(bugprone-empty-catch): reported below
  }
  return InvalidArgument("crypto.key_id", field, "a key id must be a whole number 1..4294967295");
}

}  // namespace

Result<EncryptionKey> ReadKeyFile(const std::string& path, std::uint32_t id) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return NotFound("crypto.key_file", "key_file", "the key file cannot be read");
  std::string bytes((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  Result<EncryptionKey> key =
      bytes.size() == EncryptionKey::kSize
          ? EncryptionKey::FromBytes(
                id, std::span<const std::uint8_t>(
                        reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()))
          : EncryptionKey::FromHex(id, bytes);
  sodium_memzero(bytes.data(), bytes.size());
  return key;
}

Status ApplyKeyEnvironment(OpenOptions& options) {
  const char* file = std::getenv("ATENSI_KEY_FILE");
  if (file == nullptr || *file == '\0') return Status::Ok();
  std::uint32_t id = 1;
  if (const char* id_text = std::getenv("ATENSI_KEY_ID"); id_text != nullptr && *id_text) {
    ATENSI_ASSIGN_OR_RETURN(id, ParseKeyId(id_text, "ATENSI_KEY_ID"));
  }
  ATENSI_ASSIGN_OR_RETURN(EncryptionKey key, ReadKeyFile(file, id));
  options.key = std::make_shared<const EncryptionKey>(std::move(key));
  auto old = std::make_shared<std::map<std::uint32_t, std::string>>();
  if (const char* list = std::getenv("ATENSI_OLD_KEY_FILES"); list != nullptr) {
    std::string rest = list;
    while (!rest.empty()) {
      const std::size_t comma = rest.find(',');
      const std::string item = rest.substr(0, comma);
      rest = comma == std::string::npos ? "" : rest.substr(comma + 1);
      const std::size_t eq = item.find('=');
      if (eq == std::string::npos) {
        return InvalidArgument("crypto.old_keys", "ATENSI_OLD_KEY_FILES",
                               "write older keys as ID=PATH[,ID=PATH...]");
      }
      ATENSI_ASSIGN_OR_RETURN(std::uint32_t old_id,
                              ParseKeyId(item.substr(0, eq), "ATENSI_OLD_KEY_FILES"));
      (*old)[old_id] = item.substr(eq + 1);
    }
  }
  options.key_provider = [old](std::uint32_t key_id) -> Result<EncryptionKey> {
    auto it = old->find(key_id);
    if (it == old->end()) {
      return FailedPrecondition("crypto.key_missing", "ATENSI_OLD_KEY_FILES",
                                "key id " + std::to_string(key_id) + " is needed; name its file");
    }
    return ReadKeyFile(it->second, key_id);
  };
  return Status::Ok();
}

namespace {

struct RekeyArgs {
  std::string db;
  std::string new_key_file;
  std::string new_key_id = "1";
  std::string actor;
  std::size_t batch_size = 500;
  bool json = false;
};

void RunRekey(Context& ctx, const RekeyArgs& args) {
  auto actor = ParseActor(args.actor);
  if (!actor.ok()) {
    ctx.exit_code = ReportError(ctx, actor.status(), args.json);
    return;
  }
  auto id = ParseKeyId(args.new_key_id, "--new-key-id");
  if (!id.ok()) {
    ctx.exit_code = ReportError(ctx, id.status(), args.json);
    return;
  }
  auto key = ReadKeyFile(args.new_key_file, *id);
  if (!key.ok()) {
    ctx.exit_code = ReportError(ctx, key.status(), args.json);
    return;
  }
  auto book = OpenDatabase(ctx, args.db, /*create=*/false);
  if (!book.ok()) {
    ctx.exit_code = ReportError(ctx, book.status(), args.json);
    return;
  }
  KeyRotationOptions options;
  options.batch_size = args.batch_size;
  auto r = (*book)->RotateKey(*key, *actor, options);
  if (!r.ok()) {
    ctx.exit_code = ReportError(ctx, r.status(), args.json);
    return;
  }
  if (args.json) {
    PrintJson(ctx, {{"rewritten", r->rewritten},
                    {"batches", r->batches},
                    {"finished", r->finished},
                    {"retired_keys", r->retired_keys}});
  } else {
    ctx.out << "re-encrypted " << r->rewritten << " records in " << r->batches
            << " batches under key " << *id << "; retired keys:";
    for (std::uint32_t k : r->retired_keys) ctx.out << " " << k;
    ctx.out << "\n";
  }
  ctx.exit_code = kExitOk;
}

}  // namespace

void RegisterCryptoCommands(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<RekeyArgs>();
  CLI::App* cmd = app.add_subcommand(
      "rekey",
      "Re-encrypt the database under a new key (key rotation, resumable). The current key is "
      "read from $ATENSI_KEY_FILE (id $ATENSI_KEY_ID); never put a key on the command line");
  cmd->add_option("DB", args->db, "Database file")->required()->check(ExistingDatabase());
  cmd->add_option("--new-key-file", args->new_key_file,
                  "File holding the new key (64 hex digits or 32 raw bytes)")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--new-key-id", args->new_key_id, "Id of the new key (1 or more)")->required();
  cmd->add_option("--actor", args->actor, "PERSON@AGENCY:ROLE (data_officer or integrator)")
      ->required();
  cmd->add_option("--batch-size", args->batch_size, "Records per transaction (1..100000)");
  cmd->add_flag("--json", args->json, "Print JSON");
  cmd->callback([&ctx, args] { RunRekey(ctx, *args); });
}

}  // namespace atensi::cli
