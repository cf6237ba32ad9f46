// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Standalone replay driver (libgit2 fuzzers/standalone_driver.c, zstd
// regression_driver.c): runs LLVMFuzzerTestOneInput on every file of the
// directories (or files) named on the command line, so the committed corpora
// and regression inputs are replayed by ctest in a normal gcc build, without
// clang or libFuzzer. A broken invariant aborts the process; ctest reports the
// test as failed and the last "replay:" line names the input.

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

int RunFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "replay: cannot read %s\n", path.string().c_str());
    return 1;
  }
  std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::fprintf(stderr, "replay: %s (%zu bytes)\n", path.string().c_str(), bytes.size());
  std::vector<std::uint8_t> copy(bytes.begin(), bytes.end());  // exact-size heap buffer for ASan
  LLVMFuzzerTestOneInput(copy.data(), copy.size());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  int failures = 0;
  std::size_t files = 0;
  for (int i = 1; i < argc; ++i) {
    std::filesystem::path arg(argv[i]);
    std::error_code ec;
    if (std::filesystem::is_directory(arg, ec)) {
      std::vector<std::filesystem::path> paths;
      for (const auto& e : std::filesystem::directory_iterator(arg)) {
        if (e.is_regular_file() && e.path().filename().string().front() != '.') {
          paths.push_back(e.path());
        }
      }
      std::sort(paths.begin(), paths.end());
      for (const auto& p : paths) {
        failures += RunFile(p);
        ++files;
      }
    } else if (std::filesystem::exists(arg, ec)) {
      failures += RunFile(arg);
      ++files;
    }
    // A missing directory (no regressions yet) is not an error.
  }
  std::printf("replay: %zu inputs, %d unreadable\n", files, failures);
  if (files == 0) {
    std::fprintf(stderr, "replay: no inputs found\n");
    return 1;
  }
  return failures == 0 ? 0 : 1;
}
