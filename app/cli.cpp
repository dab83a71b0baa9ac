// quotecheck - the command-line layer.
#include "cli.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <iostream>
#include <map>
#include <algorithm>
#include <sstream>

#include "quotecheck/baseline.hpp"
#include "quotecheck/config.hpp"
#include "quotecheck/diff.hpp"
#include "quotecheck/examples.hpp"
#include "quotecheck/pipeline.hpp"
#include "quotecheck/report.hpp"
#include "quotecheck/rules.hpp"
#include "quotecheck/serialize.hpp"

namespace fs = std::filesystem;

namespace quotecheck::cli {

namespace {

void config_options(CLI::App& cmd, Options& o);

constexpr int k_exit_ok = 0, k_exit_findings = 1, k_exit_error = 2;

// "1 error", "2 errors".
std::string count_of(std::size_t n, std::string_view one, std::string_view many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

// Options that take a value take one per occurrence: `--rules A --rules B PATH`, never
// `--rules A PATH` with PATH taken as a second pack.
CLI::Option* one_each(CLI::Option* option) {
  return option->expected(1)->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)->allow_extra_args(false);
}

void rules_options(CLI::App& cmd, Options& o) {
  one_each(cmd.add_option("--rules", o.rules,
                          "Add the rule pack in DIR to the shipped one (repeatable; a rule with the id of a shipped "
                          "rule replaces it)"))
      ->type_name("DIR");
  cmd.add_flag_callback("--no-default-rules", [&o] { o.default_rules = false; },
                        "Leave the shipped rule pack out: use only the --rules packs");
}

void common_options(CLI::App& cmd, Options& o) {
  rules_options(cmd, o);
  cmd.add_option("-o,--output", o.output, "Write the report to FILE (atomically) instead of standard output")->type_name("FILE");
  cmd.add_option("-j,--jobs", o.jobs, "Worker threads (default: all cores)")->check(CLI::Range(0u, 1024u));
  cmd.add_option("--max-file-size", o.max_file_size, "Skip input files larger than BYTES (default 64 MiB)")->type_name("BYTES");
  one_each(cmd.add_option("--ignore", o.ignore, "Leave out input paths matching GLOB (repeatable)"))->type_name("GLOB");
  cmd.add_flag("--allow-empty", o.allow_empty, "No document read is no error (default: exit 2 when nothing was read)");
  cmd.add_option("--color", o.color, "Colour in text output: auto, always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  cmd.add_option("--cache", o.cache,
                 "Keep each document's extraction in the SQLite FILE, keyed by content and rule pack; "
                 "a re-run extracts only what changed")
      ->type_name("FILE");
  cmd.add_option("--max-quote-length", o.max_quote_length,
                 "Cut quotes longer than BYTES (runaway marks), with a warning (default 20000)")
      ->type_name("BYTES");
  cmd.add_option("--re2-max-mem", o.re2_max_mem, "Memory RE2 may use for one rule pattern (default 512 MiB)")
      ->type_name("BYTES");
  cmd.add_option("--progress", o.progress, "Progress on stderr: auto (on a terminal, not in CI), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  config_options(cmd, o);
}

void config_options(CLI::App& cmd, Options& o) {
  cmd.add_option("--config", o.config,
                 "Read configuration from FILE (default: the first .quotecheck.yaml in this folder or a parent)")
      ->type_name("FILE");
  cmd.add_flag("--no-config", o.no_config, "Read no configuration file");
}

constexpr const char* k_top_footer =
    "Run 'quotecheck COMMAND --help' for a command's options. Exit status: 0 nothing at or above --fail-on\n"
    "(diff: the quotes are unchanged), 1 findings (diff: changes), 2 usage, rule, configuration or input errors\n"
    "(also when no document was read). See quotecheck(1).";
constexpr const char* k_check_footer =
    "Exit status: 0 no finding at or above --fail-on, 1 findings at or above it, 2 usage, rule, configuration\n"
    "or input errors, or no document read (unless --allow-empty). See quotecheck(1).";
constexpr const char* k_extract_footer =
    "Exit status: 0 the quotes were written, 2 usage, rule, configuration or input errors, or no document read\n"
    "(unless --allow-empty). See quotecheck(1).";
constexpr const char* k_diff_footer =
    "OLD and NEW are text files or records of a JSON Lines archive named ARCHIVE.jsonl:ID.\n"
    "Reports quote-added, quote-removed, quote-altered (with the word diff), speaker-changed and\n"
    "descriptor-changed; edits outside quotes are ignored, punctuation-only edits inside are info.\n"
    "Exit status: 0 the quotes are unchanged, 1 they changed, 2 errors.";
constexpr const char* k_rules_check_footer =
    "Checks the shipped pack with the DIRs added to it (only the DIRs with --no-default-rules): YAML, keys,\n"
    "macros, patterns and duplicate ids, then every rule's examples.\n"
    "Exit status: 0 the pack loads and every example passes, 2 otherwise.";

// Where the words of `args` put the parser: the command named ("check", "rules check", ...;
// empty when none is), and the first word that names no command, if any.
struct CommandWords {
  std::string command;
  std::string unknown;
};

CommandWords command_words(const std::vector<std::string>& args) {
  CommandWords w;
  std::size_t i = 0;
  auto next_word = [&]() -> const std::string* {
    while (i < args.size() && !args[i].empty() && args[i][0] == '-') ++i;  // top-level flags: --help, --version
    return i < args.size() ? &args[i++] : nullptr;
  };
  const std::string* word = next_word();
  if (!word) return w;
  if (*word == "check" || *word == "extract" || *word == "diff") {
    w.command = *word;
  } else if (*word == "rules") {
    w.command = "rules";
    const std::string* sub = next_word();
    if (sub && *sub == "check") w.command = "rules check";
    else if (sub) w.unknown = "rules " + *sub;
  } else {
    w.unknown = *word;
  }
  return w;
}

std::string usage_hint(const std::string& command) {
  return fmt::format("Run 'quotecheck {}--help' for usage.\n", command.empty() ? "" : command + " ");
}

std::string usage_error(const std::string& message, const std::string& command) {
  return fmt::format("quotecheck: error: {}\n{}", message, usage_hint(command));
}

// The first word of `args` that looks like an option `cmd` does not have ("--formt").
std::string unknown_option(const std::vector<std::string>& args, const CLI::App& top, const CLI::App& cmd) {
  for (const auto& a : args) {
    if (a == "--") break;
    if (a.size() < 2 || a[0] != '-') continue;
    std::string name = a.substr(0, a.find('='));
    if (name.size() > 2 && name[1] != '-') name = name.substr(0, 2);  // -j2
    if (!cmd.get_option_no_throw(name) && !top.get_option_no_throw(name)) return name;
  }
  return {};
}

std::vector<std::string> option_names(const CLI::App& cmd) {
  std::vector<std::string> out;
  for (const CLI::Option* opt : cmd.get_options()) {
    for (auto& l : opt->get_lnames()) out.push_back("--" + l);
    for (auto& s : opt->get_snames()) out.push_back("-" + s);
  }
  return out;
}

}  // namespace

std::string nearest(std::string_view word, const std::vector<std::string>& candidates) {
  // Optimal string alignment distance, three rows.
  auto distance = [](std::string_view a, std::string_view b) {
    std::vector<std::size_t> prev2(b.size() + 1), prev(b.size() + 1), cur(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
      cur[0] = i;
      for (std::size_t j = 1; j <= b.size(); ++j) {
        std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
        cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
        if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) cur[j] = std::min(cur[j], prev2[j - 2] + 1);
      }
      std::swap(prev2, prev);
      std::swap(prev, cur);
    }
    return prev[b.size()];
  };
  std::string_view bare = word.substr(std::min(word.find_first_not_of('-'), word.size()));
  std::string best;
  std::size_t best_distance = 3;
  for (const auto& c : candidates) {
    std::size_t d = distance(word, c);
    if (d < best_distance && 2 * d < std::max<std::size_t>(bare.size(), 2)) {
      best = c;
      best_distance = d;
    }
  }
  return best;
}

Parsed parse(const std::vector<std::string>& args) {
  Parsed result;
  Options o;
  CLI::App app{"quotecheck: checks quotations and their attributions across news sources", "quotecheck"};
  app.set_version_flag("--version", std::string("quotecheck ") + QUOTECHECK_VERSION);
  app.require_subcommand(1);

  auto* check = app.add_subcommand("check", "Extract quotes from articles, align them across sources and report conflicts");
  check->footer(k_check_footer);
  check->add_option("--format", o.format,
                    "Output format: text (default), json, html (editor's report), markdown, sarif (SARIF 2.1.0), "
                    "line (path:line:col: severity: message [check]), github (workflow commands)")
      ->check(CLI::IsMember({"text", "json", "html", "markdown", "sarif", "line", "github"}));
  check->add_option("--baseline", o.baseline, "Hide the findings whose ids are recorded in FILE (see --write-baseline)")->type_name("FILE");
  check->add_option("--write-baseline", o.write_baseline,
                    "Record the current findings' ids in FILE (JSON) and exit 0 unless there are errors of use or input")
      ->type_name("FILE");
  check->add_option("--fail-on", o.fail_on, "Exit 1 when a finding is at or above this severity (default error)")
      ->check(CLI::IsMember({"error", "warning", "info", "none"}));
  common_options(*check, o);
  check->add_option("--extracted", o.extracted,
                    "Read extractions written by 'extract --format shard' instead of (or besides) articles; takes "
                    "every FILE up to the next option, so name articles before it")
      ->type_name("FILE");
  check->add_option("paths", o.paths, "Articles: files, folders (searched recursively), JSONL archives, or - for stdin");

  auto* extract = app.add_subcommand("extract", "Print every quote with its speaker");
  extract->footer(k_extract_footer);
  extract->add_option("--format", o.format,
                      "Output format: jsonl (default: one quote a line), json (the full report), or shard "
                      "(documents and quotes for 'check --extracted')")
      ->check(CLI::IsMember({"jsonl", "json", "shard"}));
  common_options(*extract, o);
  extract->add_option("paths", o.paths, "Articles: files, folders, JSONL archives, or -")->required();

  auto* diff = app.add_subcommand("diff", "Compare the quotes of two versions of one article");
  diff->footer(k_diff_footer);
  diff->add_option("--format", o.format, "Output format: text (default), json or html")
      ->check(CLI::IsMember({"text", "json", "html"}));
  rules_options(*diff, o);
  diff->add_option("-o,--output", o.output, "Write the report to FILE (atomically) instead of standard output")->type_name("FILE");
  config_options(*diff, o);
  diff->add_option("versions", o.paths, "OLD NEW: two files, or ARCHIVE.jsonl:ID records")->required()->expected(2);

  auto* rules = app.add_subcommand("rules", "Work with rule packs (rules check)");
  rules->footer("");
  rules->require_subcommand(1);
  auto* rules_check = rules->add_subcommand("check", "Validate a rule pack and run every rule's examples");
  rules_check->footer(k_rules_check_footer);
  rules_check->add_option("dirs", o.rules, "Rule pack folders to add to the shipped pack");
  rules_check->add_flag_callback("--no-default-rules", [&o] { o.default_rules = false; },
                                 "Leave the shipped rule pack out: check only the DIRs");
  app.footer(k_top_footer);

  // The command named decides whose help and options the messages refer to.
  CommandWords words = command_words(args);
  const std::map<std::string, CLI::App*> commands = {
      {"check", check}, {"extract", extract}, {"diff", diff}, {"rules", rules}, {"rules check", rules_check}};
  CLI::App* active = words.command.empty() ? &app : commands.at(words.command);
  auto help_of = [&](CLI::App* cmd) {
    if (cmd == &app) return app.help("", CLI::AppFormatMode::Normal);
    return cmd == rules_check ? cmd->help("quotecheck rules") : cmd->help("quotecheck");
  };

  if (args.empty()) {
    result.exit_code = k_exit_error;
    result.err = "quotecheck: error: no command given (check, extract, diff or rules check)\n\n" + app.help();
    return result;
  }
  if (words.unknown == "help") {  // "quotecheck help [COMMAND...]", as git and cargo have it
    std::vector<std::string> rest = args;
    rest.erase(std::find(rest.begin(), rest.end(), "help"));
    rest.push_back("--help");
    return parse(rest);
  }
  if (!words.unknown.empty()) {
    bool under_rules = words.unknown.rfind("rules ", 0) == 0;
    std::vector<std::string> names = under_rules ? std::vector<std::string>{"rules check"}
                                                 : std::vector<std::string>{"check", "extract", "diff", "rules"};
    std::string guess = nearest(words.unknown, names);
    result.exit_code = k_exit_error;
    result.err = usage_error(
        fmt::format("unknown command '{}'; {}", words.unknown,
                    guess.empty() ? fmt::format("the commands are {}", under_rules ? "rules check" : "check, extract, diff and rules check")
                                  : fmt::format("did you mean '{}'?", guess)),
        under_rules ? "rules" : "");
    return result;
  }

  std::vector<std::string> reversed(args.rbegin(), args.rend());
  try {
    app.parse(reversed);
  } catch (const CLI::CallForHelp&) {
    result.exit_code = k_exit_ok;
    result.out = help_of(active);
    return result;
  } catch (const CLI::CallForVersion&) {
    result.out = std::string("quotecheck ") + QUOTECHECK_VERSION + "\n";
    return result;
  } catch (const CLI::ParseError& e) {
    result.exit_code = k_exit_error;
    std::string message = e.what();
    if (std::string bad = unknown_option(args, app, *active); !bad.empty()) {
      std::string guess = nearest(bad, option_names(*active));
      message = fmt::format("unknown option '{}'{}", bad, guess.empty() ? "" : fmt::format("; did you mean '{}'?", guess));
    } else if (words.command == "rules") {
      message = "'rules' needs a command: rules check";
    } else if (words.command == "diff" && message.rfind("versions:", 0) == 0) {
      message = "diff needs two versions: OLD NEW (files, or ARCHIVE.jsonl:ID records)";
    }
    result.err = usage_error(message, words.command);
    return result;
  }
  if (check->parsed()) o.command = Command::check;
  else if (extract->parsed()) o.command = Command::extract;
  else if (diff->parsed()) o.command = Command::diff;
  else if (rules_check->parsed()) o.command = Command::rules_check;
  if (o.format.empty()) o.format = o.command == Command::extract ? "jsonl" : "text";
  if (o.command == Command::check && o.paths.empty() && o.extracted.empty()) {
    result.exit_code = k_exit_error;
    result.err = usage_error("check needs articles (PATH...) or --extracted FILE", words.command);
    return result;
  }
  if (!o.config.empty() && o.no_config) {
    result.exit_code = k_exit_error;
    result.err = usage_error("--config and --no-config exclude each other", words.command);
    return result;
  }
  if (!o.default_rules && o.rules.empty()) {
    result.exit_code = k_exit_error;
    result.err = usage_error(o.command == Command::rules_check ? "--no-default-rules needs a DIR to check"
                                                               : "--no-default-rules needs a pack: --rules DIR",
                             words.command);
    return result;
  }
  result.options = o;
  return result;
}

namespace {

std::string executable_dir() {
  std::error_code ec;
  auto p = fs::read_symlink("/proc/self/exe", ec);
  return ec ? std::string() : p.parent_path().string();
}

// The default rule pack: $QUOTECHECK_RULES, then the installed pack, then the source tree's.
std::vector<std::string> default_rules() {
  if (const char* env = std::getenv("QUOTECHECK_RULES"); env && *env) return {env};
  std::error_code ec;
  std::string exe = executable_dir();
  for (auto candidate : {exe + "/../share/quotecheck/rules", std::string(QUOTECHECK_INSTALLED_RULES),
                         std::string(QUOTECHECK_DEFAULT_RULES)})
    if (!exe.empty() && fs::is_directory(candidate, ec)) return {candidate};
  return {QUOTECHECK_DEFAULT_RULES};
}

// The temporary file being written, removed by the signal handler on SIGINT, SIGTERM, SIGHUP
// or SIGQUIT so that an interrupted run leaves neither a half-written output nor a stray
// temporary. (What SIGKILL leaves, the next run writing the same output removes.)
char g_pending_temporary[4096];
volatile std::sig_atomic_t g_pending = 0;

extern "C" void remove_pending_and_reraise(int sig) {
  if (g_pending) ::unlink(g_pending_temporary);
  std::signal(sig, SIG_DFL);
  std::raise(sig);
}

struct PendingTemporary {
  explicit PendingTemporary(const std::string& path) {
    if (path.size() >= sizeof g_pending_temporary) return;
    std::memcpy(g_pending_temporary, path.c_str(), path.size() + 1);
    g_pending = 1;
    for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGQUIT}) std::signal(sig, remove_pending_and_reraise);
  }
  ~PendingTemporary() { g_pending = 0; }
  PendingTemporary(const PendingTemporary&) = delete;
  PendingTemporary& operator=(const PendingTemporary&) = delete;
};

// Standard output as a buffered stream (large writes, no per-character stdio calls).
class StdoutBuf : public std::streambuf {
 public:
  StdoutBuf() { setp(buf_, buf_ + sizeof buf_); }
  ~StdoutBuf() override { sync(); }
  StdoutBuf(const StdoutBuf&) = delete;
  StdoutBuf& operator=(const StdoutBuf&) = delete;

 protected:
  int_type overflow(int_type c) override {
    if (sync() != 0) return traits_type::eof();
    if (!traits_type::eq_int_type(c, traits_type::eof())) {
      *pptr() = traits_type::to_char_type(c);
      pbump(1);
    }
    return traits_type::not_eof(c);
  }
  int sync() override {
    auto n = static_cast<std::size_t>(pptr() - pbase());
    bool ok = n == 0 || std::fwrite(pbase(), 1, n, stdout) == n;
    setp(buf_, buf_ + sizeof buf_);
    return ok && std::fflush(stdout) == 0 ? 0 : -1;
  }

 private:
  char buf_[1 << 16];
};

// The file a path names: a symbolic link is followed (also a dangling one, to where it points),
// so that -o onto a link writes through to its target and the link stays.
fs::path link_target(const fs::path& path) {
  fs::path p = path;
  std::error_code ec;
  for (int hops = 0; hops < 40 && fs::is_symlink(fs::symlink_status(p, ec)); ++hops) {
    fs::path to = fs::read_symlink(p, ec);
    if (ec) break;
    p = to.is_absolute() ? to : p.parent_path() / to;
  }
  return p;
}

// Removes the temporaries "NAME.tmp-PID" beside `target` that a run killed with SIGKILL left:
// those whose process is gone. A live process's temporary is its own.
void remove_stale_temporaries(const fs::path& target) {
  std::error_code ec;
  fs::path folder = target.parent_path().empty() ? fs::path(".") : target.parent_path();
  std::string prefix = target.filename().string() + ".tmp-";
  for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
    std::string name = it->path().filename().string();
    if (name.size() <= prefix.size() || name.compare(0, prefix.size(), prefix) != 0) continue;
    std::string digits = name.substr(prefix.size());
    if (digits.size() > 9 || digits.find_first_not_of("0123456789") != std::string::npos) continue;
    auto pid = static_cast<pid_t>(std::stol(digits));
    std::error_code ec2;
    if (pid > 0 && pid != ::getpid() && ::kill(pid, 0) != 0 && errno == ESRCH && it->is_regular_file(ec2))
      fs::remove(it->path(), ec2);
  }
}

// Where a report goes while it is written: standard output, a device or pipe directly, or a
// regular file atomically (a temporary beside it, renamed over it by commit()). A link is
// written through (the file it names is replaced, the link stays); a file replaced keeps its
// permissions.
class Output {
 public:
  bool open(const std::string& path, std::string& error) {
    path_ = path;
    if (path.empty() || path == "-") {
      stdout_ = std::make_unique<StdoutBuf>();
      stream_ = std::make_unique<std::ostream>(stdout_.get());
      return true;
    }
    std::error_code ec;
    auto st = fs::status(path, ec);  // through links: a device or pipe is written directly
    fs::path real = path;
    if (!ec && fs::is_regular_file(st)) {
      std::error_code ec2;
      if (auto c = fs::canonical(path, ec2); !ec2) real = c;
    } else if (ec || !fs::exists(st)) {
      real = link_target(path);  // a dangling link: the file it names is made
      ec.clear();
      st = fs::status(real, ec);
    }
    std::string target = real == fs::path(path) ? path : real.string();
    if (ec || !fs::exists(st) || fs::is_regular_file(st)) {
      remove_stale_temporaries(real);
      final_ = real.string();
      tmp_ = final_ + ".tmp-" + std::to_string(::getpid());
      pending_ = std::make_unique<PendingTemporary>(tmp_);  // removed if Ctrl-C or a kill comes before the rename
      target = tmp_;
      // The temporary is made with the permissions of the file it replaces (a new file's are
      // those the umask gives), so a 0600 report is never readable by others, not even meanwhile.
      bool existing = !ec && fs::exists(st);
      auto mode = existing ? static_cast<mode_t>(st.permissions() & fs::perms::mask) : static_cast<mode_t>(0666);
      ::unlink(tmp_.c_str());
      int fd = ::open(tmp_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, existing ? 0600 : mode);
      if (fd < 0) {
        error = fmt::format("{}: cannot write: {}", path, std::strerror(errno));
        discard();
        return false;
      }
      if (existing) ::fchmod(fd, mode);
      ::close(fd);
    }
    auto file = std::make_unique<std::ofstream>(target, std::ios::binary | std::ios::trunc);
    if (!*file) {
      error = fmt::format("{}: cannot write: {}", path, std::strerror(errno));
      discard();
      return false;
    }
    stream_ = std::move(file);
    return true;
  }

  std::ostream& stream() { return *stream_; }

  // Finishes the output; a regular file appears under its name only now, whole.
  bool commit(std::string& error) {
    stream_->flush();
    bool ok = static_cast<bool>(*stream_);
    stream_.reset();
    stdout_.reset();
    if (!ok) {
      error = fmt::format("{}: cannot write: {}", path_.empty() ? "standard output" : path_, std::strerror(errno));
      discard();
      return false;
    }
    if (!tmp_.empty()) {
      std::error_code ec;
      fs::rename(tmp_, final_, ec);
      if (ec) {
        error = fmt::format("{}: cannot write: {}", path_, ec.message());
        discard();
        return false;
      }
      tmp_.clear();
      pending_.reset();
    }
    return true;
  }

  ~Output() { discard(); }
  Output() = default;
  Output(const Output&) = delete;
  Output& operator=(const Output&) = delete;

 private:
  void discard() {
    stream_.reset();
    if (!tmp_.empty()) {
      std::error_code ec;
      fs::remove(tmp_, ec);
      tmp_.clear();
    }
    pending_.reset();
  }

  std::string path_, tmp_, final_;
  std::unique_ptr<StdoutBuf> stdout_;
  std::unique_ptr<std::ostream> stream_;
  std::unique_ptr<PendingTemporary> pending_;
};

// Writes what `write` writes to `path` (see Output).
bool write_output(const std::string& path, const std::function<void(std::ostream&)>& write, std::string& error) {
  Output out;
  if (!out.open(path, error)) return false;
  write(out.stream());
  return out.commit(error);
}

bool write_output(const std::string& path, const std::string& text, std::string& error) {
  return write_output(path, [&](std::ostream& out) { out.write(text.data(), static_cast<std::streamsize>(text.size())); }, error);
}

// The configuration named with --config, else the nearest .quotecheck.yaml; an empty one
// when there is none. Problems are printed; returns nullopt on error.
std::optional<Config> read_config(const Options& o) {
  if (o.no_config) return Config{};
  std::string path = o.config;
  if (path.empty()) {
    auto found = find_config(".");
    if (!found) return Config{};
    std::error_code ec;
    auto rel = fs::relative(*found, fs::current_path(ec), ec);
    path = ec || rel.empty() ? *found : rel.string();
  }
  auto config = load_config(path);
  if (!config) {
    for (auto& d : config.error()) std::cerr << d.str() << '\n';
    return std::nullopt;
  }
  return *config;
}

// The rule folders of a run: the shipped pack (unless --no-default-rules), then the --rules
// packs, then the configuration's; a folder named twice is read once.
std::vector<std::string> rule_dirs(const Options& o, const Config& config) {
  std::vector<std::string> dirs = o.default_rules ? default_rules() : std::vector<std::string>{};
  std::vector<fs::path> seen;
  auto add = [&](const std::string& dir) {
    std::error_code ec;
    fs::path canonical = fs::weakly_canonical(dir, ec);
    if (ec) canonical = dir;
    if (std::find(seen.begin(), seen.end(), canonical) != seen.end()) return;
    seen.push_back(canonical);
    if (std::find(dirs.begin(), dirs.end(), dir) == dirs.end()) dirs.push_back(dir);
  };
  std::vector<std::string> named = std::move(dirs);
  dirs.clear();
  for (auto& d : named) add(d);
  for (auto& d : o.rules) add(d);
  for (auto& d : config.rules) add(d);
  return dirs;
}

std::expected<RulePack, Diagnostics> load_rules(const Options& o, const Config& config = {}) {
  std::vector<std::string> dirs = rule_dirs(o, config);
  Limits limits;
  limits.re2_max_mem = o.re2_max_mem;
  limits.max_quote_bytes = o.max_quote_length;
  auto pack = load_rule_pack(dirs, limits);
  if (pack) {
    apply_config(config, *pack);
    for (auto& w : pack->warnings) std::cerr << w.str() << '\n';
    // A pack that cannot attribute anything gives every quote no speaker, and a CI gate
    // that passes for the wrong reason.
    if (pack->attribution.empty() || pack->verbs.empty())
      std::cerr << fmt::format("quotecheck: warning: the rule pack ({}) has no {}: no quote will get a speaker{}\n",
                               fmt::join(dirs, ", "), pack->attribution.empty() ? "attribution rules" : "speech verbs",
                               o.default_rules ? "" : " (--no-default-rules leaves the shipped pack out)");
  }
  return pack;
}

bool read_text_file(const std::string& path, std::string& out, std::string& error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = fmt::format("{}: cannot read: {}", path, std::strerror(errno));
    return false;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  out = std::move(ss).str();
  return true;
}

// The configuration and the rule pack a command works with; problems are printed.
struct Setup {
  Config config;
  RulePack pack;
};

std::optional<Setup> load_setup(const Options& o) {
  auto config = read_config(o);
  if (!config) return std::nullopt;
  auto pack = load_rules(o, *config);
  if (!pack) {
    for (auto& d : pack.error()) std::cerr << d.str() << '\n';
    return std::nullopt;
  }
  return Setup{std::move(*config), std::move(*pack)};
}

int run_diff(const Options& o) {
  auto setup = load_setup(o);
  if (!setup) return k_exit_error;
  const RulePack* pack = &setup->pack;
  auto old_doc = extract_version(o.paths.at(0), *pack);
  auto new_doc = extract_version(o.paths.at(1), *pack);
  bool failed = false;
  for (auto* v : {&old_doc, &new_doc})
    if (!*v) {
      for (auto& d : v->error()) std::cerr << d.str() << '\n';
      failed = true;
    }
  if (failed) return k_exit_error;
  VersionDiff d = diff_versions(*old_doc, *new_doc, *pack);
  Version ov{&*old_doc, o.paths[0]}, nv{&*new_doc, o.paths[1]};
  std::string text = o.format == "json" ? diff_json_report(ov, nv, d)
                     : o.format == "html" ? diff_html_report(ov, nv, d)
                                          : diff_text_report(ov, nv, d);
  std::string error;
  if (!write_output(o.output, text, error)) {
    std::cerr << "quotecheck: error: " << error << '\n';
    return k_exit_error;
  }
  return d.changed() ? k_exit_findings : k_exit_ok;
}

int run_rules_check(const Options& o) {
  auto pack = load_rules(o);
  if (!pack) {
    for (auto& d : pack.error()) std::cerr << d.str() << '\n';
    return k_exit_error;
  }
  // Every rule's examples run too: a pack whose rules do not do what their examples say fails.
  auto failures = check_rule_examples(*pack);
  for (auto& d : failures) std::cerr << d.str() << '\n';
  std::size_t examples = 0;
  for (auto& r : pack->attribution) examples += r.examples.size();
  for (auto& r : pack->descriptors) examples += r.examples.size();
  std::string verdict = "ok";
  if (!failures.empty()) {
    std::vector<std::string> ids;  // the rules whose examples failed, in the order reported
    for (auto& d : failures)
      if (std::find(ids.begin(), ids.end(), d.id) == ids.end()) ids.push_back(d.id);
    verdict = fmt::format("{} failed ({}; each is listed above as file:line)", count_of(failures.size(), "example", "examples"),
                          fmt::join(ids, ", "));
  }
  std::cout << fmt::format("{}, {}, {}, {}, {}, {}: {}\n", count_of(pack->attribution.size(), "attribution rule", "attribution rules"),
                           count_of(pack->descriptors.size(), "descriptor rule", "descriptor rules"),
                           count_of(examples, "example", "examples"),
                           count_of(pack->verbs.size(), "speech-verb form", "speech-verb forms"),
                           count_of(pack->roles.size(), "role", "roles"), count_of(pack->places.size(), "place", "places"),
                           verdict);
  return failures.empty() ? k_exit_ok : k_exit_error;
}

// One line of progress on stderr, redrawn in place.
void print_progress(const Progress& p) {
  double mb = static_cast<double>(p.bytes) / 1e6;
  double rate = p.seconds > 0 ? mb / p.seconds : 0;
  std::string left;
  if (p.total_bytes > p.bytes && rate > 0) left = fmt::format(", {:.0f} s left", (static_cast<double>(p.total_bytes) / 1e6 - mb) / rate);
  std::cerr << fmt::format("\r\x1b[K{} documents, {:.1f} MB, {:.1f} MB/s{}", p.documents, mb, rate, left) << std::flush;
}

// No document read from the inputs named (an empty folder, a mistyped glob, an archive of
// blank lines) is an error, so that a CI gate does not pass on nothing; --allow-empty
// accepts it. Prints the message; returns true iff it is an error.
bool nothing_read(const Options& o, std::size_t documents) {
  if (documents > 0 || o.allow_empty) return false;
  std::vector<std::string> inputs = o.paths;
  inputs.insert(inputs.end(), o.extracted.begin(), o.extracted.end());
  std::cerr << fmt::format(
      "quotecheck: error: no document read from {} (articles are *.txt, *.text, *.jsonl and *.ndjson files); "
      "--allow-empty accepts an empty input\n",
      fmt::join(inputs, " "));
  return true;
}

int run_analysis(const Options& o) {
  auto setup = load_setup(o);
  if (!setup) return k_exit_error;
  const Config* config = &setup->config;
  const RulePack* pack = &setup->pack;
  RunOptions ro;
  ro.jobs = o.jobs;
  ro.input.max_file_bytes = o.max_file_size;
  ro.input.ignore = o.ignore;
  ro.input.ignore.insert(ro.input.ignore.end(), config->ignore.begin(), config->ignore.end());
  ro.input.outlets = config->outlets;
  ro.analyse = o.command == Command::check || o.format == "json";
  ro.cache = o.cache;
  ro.extracted = o.extracted;
  bool progress = o.progress == "always" ||
                  (o.progress == "auto" && ::isatty(STDERR_FILENO) && !std::getenv("CI"));
  if (progress) ro.progress = [](const Progress& p) { print_progress(p); };
  std::string error;
  // Extraction as JSON Lines or shards streams: each document is written as soon as it and
  // those before it are extracted (in source order), and nothing is kept.
  if (o.command == Command::extract && (o.format == "jsonl" || o.format == "shard")) {
    Output output;
    if (!output.open(o.output, error)) {
      std::cerr << "quotecheck: error: " << error << '\n';
      return k_exit_error;
    }
    std::ostream& out = output.stream();
    std::size_t first_quote = 0;
    bool shard = o.format == "shard";
    ro.sink = [&](const DocumentResult& doc) {
      out << (shard ? document_jsonl(doc, first_quote) : document_quotes_jsonl(doc));
      first_quote += doc.quotes.size();
    };
    std::size_t documents = 0;
    auto write_document = ro.sink;
    ro.sink = [&](const DocumentResult& doc) {
      ++documents;
      write_document(doc);
    };
    Run run = run_pipeline(o.paths, *pack, ro);
    if (progress) std::cerr << "\r\x1b[K" << std::flush;
    for (auto& d : run.diagnostics) std::cerr << d.str() << '\n';
    if (!output.commit(error)) {
      std::cerr << "quotecheck: error: " << error << '\n';
      return k_exit_error;
    }
    if (run.input_error) return k_exit_error;
    return nothing_read(o, documents) ? k_exit_error : k_exit_ok;
  }
  Run run = run_pipeline(o.paths, *pack, ro);
  if (progress) std::cerr << "\r\x1b[K" << std::flush;
  if (!o.write_baseline.empty() && !write_output(o.write_baseline, baseline_json(run.analysis.findings), error)) {
    std::cerr << "quotecheck: error: " << error << '\n';
    return k_exit_error;
  }
  if (!o.baseline.empty()) {
    std::string baseline_text;
    if (!read_text_file(o.baseline, baseline_text, error)) {
      std::cerr << "quotecheck: error: " << error << '\n';
      return k_exit_error;
    }
    auto known = parse_baseline(baseline_text, o.baseline);
    if (!known) {
      std::cerr << known.error().str() << '\n';
      return k_exit_error;
    }
    if (std::size_t hidden = apply_baseline(run.analysis, *known))
      std::cerr << fmt::format("quotecheck: {} known finding{} hidden by the baseline {}\n", hidden, hidden == 1 ? "" : "s",
                               o.baseline);
  }
  std::function<void(std::ostream&)> write;
  std::string text;
  if (o.format == "json") {
    write = [&](std::ostream& out) { write_json_report(run, out); };
  } else if (o.format == "html") {
    text = html_report(run);
  } else if (o.format == "markdown") {
    text = markdown_report(run);
  } else if (o.format == "sarif") {
    text = sarif_report(run, *pack);
  } else if (o.format == "line") {
    text = line_report(run);
  } else if (o.format == "github") {
    text = github_report(run);
  } else {
    bool tty = o.output.empty() && ::isatty(STDOUT_FILENO) && !std::getenv("NO_COLOR");
    text = text_report(run, {o.color == "always" || (o.color == "auto" && tty)});
  }
  // Problems with the input go to stderr in every format (text has them inline too).
  if (o.format != "text" || !o.output.empty())
    for (auto& d : run.diagnostics) std::cerr << d.str() << '\n';
  if (!(write ? write_output(o.output, write, error) : write_output(o.output, text, error))) {
    std::cerr << "quotecheck: error: " << error << '\n';
    return k_exit_error;
  }
  if (run.input_error) return k_exit_error;
  if (nothing_read(o, run.analysis.docs.size())) return k_exit_error;
  if (o.command != Command::check || o.fail_on == "none" || !o.write_baseline.empty()) return k_exit_ok;
  auto c = count_findings(run.analysis);
  std::size_t at_or_above = c.errors;
  if (o.fail_on == "warning" || o.fail_on == "info") at_or_above += c.warnings;
  if (o.fail_on == "info") at_or_above += c.info;
  return at_or_above ? k_exit_findings : k_exit_ok;
}

}  // namespace

int run(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  try {
    Parsed p = parse(args);
    std::cout << p.out;
    std::cerr << p.err;
    if (!p.options) return p.exit_code;
    switch (p.options->command) {
      case Command::check:
      case Command::extract: return run_analysis(*p.options);
      case Command::rules_check: return run_rules_check(*p.options);
      case Command::diff: return run_diff(*p.options);
      case Command::none: break;
    }
    return k_exit_error;
  } catch (const std::exception& e) {
    std::cerr << "quotecheck: internal error: " << e.what() << '\n';
    return k_exit_error;
  }
}

}  // namespace quotecheck::cli
