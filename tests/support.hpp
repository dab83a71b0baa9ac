// quotecheck - test support: the shipped rule pack, temporary folders, running the binary.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "quotecheck/rules.hpp"

namespace qc_test {

namespace fs = std::filesystem;

// The shipped rule pack (rules/ in the source tree), loaded once per test process.
// Throws when the pack does not load, with every diagnostic in the message.
inline const quotecheck::RulePack& shipped_pack() {
  static const quotecheck::RulePack pack = [] {
    auto loaded = quotecheck::load_rule_pack({QC_SOURCE_DIR "/rules"});
    if (!loaded) {
      std::string msg = "the shipped rule pack does not load:";
      for (auto& d : loaded.error()) msg += "\n  " + d.str();
      throw std::runtime_error(msg);
    }
    return std::move(*loaded);
  }();
  return pack;
}

// A folder under the system temp dir, removed with everything in it when the object dies.
class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    path_ = fs::temp_directory_path() /
            ("quotecheck-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }
  std::string str() const { return path_.string(); }
  // Writes `content` to `relative` (folders created); returns the full path.
  std::string write(const std::string& relative, const std::string& content) const {
    fs::path p = path_ / relative;
    fs::create_directories(p.parent_path());
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out << content;
    return p.string();
  }

 private:
  fs::path path_;
};

inline std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Quotes `s` for /bin/sh.
inline std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') out += "'\\''";
    else out += c;
  }
  return out + "'";
}

struct CommandResult {
  int exit_code = -1;  // the process's exit status; 128 + signal when it was killed
  std::string out, err;
};

// Runs the quotecheck binary with `args` in folder `cwd`; captures stdout and stderr.
// Runs the shell command `cmd`, whose standard error goes to `err_file`: its output, that file's
// text and its exit status.
inline CommandResult run_shell(const std::string& cmd, const fs::path& err_file) {
  CommandResult r;
  FILE* pipe = ::popen(cmd.c_str(), "r");
  if (!pipe) throw std::runtime_error("cannot run: " + cmd);
  std::array<char, 65536> buf;
  std::size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0) r.out.append(buf.data(), n);
  int status = ::pclose(pipe);
  if (WIFEXITED(status)) r.exit_code = WEXITSTATUS(status);
  else if (WIFSIGNALED(status)) r.exit_code = 128 + WTERMSIG(status);
  r.err = read_file(err_file);
  return r;
}

inline CommandResult run_quotecheck(const std::vector<std::string>& args, const std::string& cwd = QC_SOURCE_DIR) {
  static std::atomic<int> counter{0};
  fs::path err_file = fs::temp_directory_path() /
                      ("quotecheck-stderr-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
  std::string cmd = "cd " + shell_quote(cwd) + " && " + shell_quote(QC_BINARY);
  for (auto& a : args) cmd += " " + shell_quote(a);
  cmd += " 2>" + shell_quote(err_file.string());
  auto r = run_shell(cmd, err_file);
  std::error_code ec;
  fs::remove(err_file, ec);
  return r;
}

// Lower case ASCII, curly apostrophes made straight, every other non-alphanumeric byte a
// space, runs of spaces folded: for finding a quote whatever its punctuation.
inline std::string loose(const std::string& s) {
  std::string t;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s.compare(i, 3, "\xE2\x80\x99") == 0 || s.compare(i, 3, "\xE2\x80\x98") == 0) {
      t += '\'';
      i += 2;
      continue;
    }
    t += s[i];
  }
  std::string out;
  bool space = false;
  for (char c : t) {
    auto u = static_cast<unsigned char>(c);
    bool keep = (u >= '0' && u <= '9') || (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || c == '\'' || u >= 0x80;
    if (!keep) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += static_cast<char>(u >= 'A' && u <= 'Z' ? u - 'A' + 'a' : u);
  }
  return out;
}

}  // namespace qc_test
