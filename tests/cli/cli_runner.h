// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Runs the built `atensi` binary as an operator would and captures its output.

#ifndef ATENSI_TESTS_CLI_CLI_RUNNER_H_
#define ATENSI_TESTS_CLI_CLI_RUNNER_H_

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <string>
#include <vector>

namespace atensi::testing {

struct CliRun {
  int exit_code = -1;
  std::string out;  // stdout (stderr is merged when merge_stderr)
};

inline std::string ShellQuote(const std::string& s) {
  std::string q = "'";
  for (char c : s) {
    if (c == '\'') {
      q += "'\\''";
    } else {
      q += c;
    }
  }
  return q + "'";
}

inline CliRun RunCli(const std::vector<std::string>& args, bool merge_stderr = false) {
  std::string cmd = ShellQuote(ATENSI_CLI_PATH);
  for (const auto& a : args) cmd += " " + ShellQuote(a);
  cmd += merge_stderr ? " 2>&1" : " 2>/dev/null";
  CliRun run;
  FILE* pipe = popen(cmd.c_str(), "r");
  if (pipe == nullptr) return run;
  std::array<char, 4096> buf{};
  std::size_t n = 0;
  while ((n = fread(buf.data(), 1, buf.size(), pipe)) > 0) run.out.append(buf.data(), n);
  int status = pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

}  // namespace atensi::testing

#endif  // ATENSI_TESTS_CLI_CLI_RUNNER_H_
