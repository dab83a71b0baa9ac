// quotecheck - the command-line layer.
#include "cli.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
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

void common_options(CLI::App& cmd, Options& o) {
  cmd.add_option("--rules", o.rules, "Rule pack folder (repeat to add packs; default: the shipped pack)")->type_name("DIR");
  cmd.add_option("-o,--output", o.output, "Write the report to FILE (atomically) instead of standard output")->type_name("FILE");
  cmd.add_option("-j,--jobs", o.jobs, "Worker threads (default: all cores)")->check(CLI::Range(0u, 1024u));
  cmd.add_option("--max-file-size", o.max_file_size, "Skip input files larger than BYTES (default 64 MiB)")->type_name("BYTES");
  cmd.add_option("--ignore", o.ignore, "Leave out input paths matching GLOB (repeatable)")->type_name("GLOB");
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

constexpr const char* k_footer =
    "Exit status: 0 no finding at or above --fail-on (diff: the quotes are unchanged), 1 findings (diff: changes),\n"
    "2 usage, rule, configuration or input errors. See quotecheck(1).";

}  // namespace

Parsed parse(const std::vector<std::string>& args) {
  Parsed result;
  Options o;
  CLI::App app{"quotecheck: checks quotations and their attributions across news sources", "quotecheck"};
  app.set_version_flag("--version", std::string("quotecheck ") + QUOTECHECK_VERSION);
  app.require_subcommand(1);

  app.footer(k_footer);
  auto* check = app.add_subcommand("check", "Extract quotes from articles, align them across sources and report conflicts");
  check->footer(k_footer);
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
                    "Read extractions written by 'extract --format shard' instead of (or besides) articles")
      ->type_name("FILE");
  check->add_option("paths", o.paths, "Articles: files, folders (searched recursively), JSONL archives, or - for stdin");

  auto* extract = app.add_subcommand("extract", "Print every quote with its speaker");
  extract->add_option("--format", o.format,
                      "Output format: jsonl (default: one quote a line), json (the full report), or shard "
                      "(documents and quotes for 'check --extracted')")
      ->check(CLI::IsMember({"jsonl", "json", "shard"}));
  common_options(*extract, o);
  extract->add_option("paths", o.paths, "Articles: files, folders, JSONL archives, or -")->required();

  auto* diff = app.add_subcommand("diff", "Compare the quotes of two versions of one article");
  diff->footer(
      "OLD and NEW are text files or records of a JSON Lines archive named ARCHIVE.jsonl:ID.\n"
      "Reports quote-added, quote-removed, quote-altered (with the word diff), speaker-changed and\n"
      "descriptor-changed; edits outside quotes are ignored, punctuation-only edits inside are info.\n"
      "Exit status: 0 the quotes are unchanged, 1 they changed, 2 errors.");
  diff->add_option("--format", o.format, "Output format: text (default), json or html")
      ->check(CLI::IsMember({"text", "json", "html"}));
  diff->add_option("--rules", o.rules, "Rule pack folder (repeat to add packs; default: the shipped pack)")->type_name("DIR");
  diff->add_option("-o,--output", o.output, "Write the report to FILE (atomically) instead of standard output")->type_name("FILE");
  config_options(*diff, o);
  diff->add_option("versions", o.paths, "OLD NEW: two files, or ARCHIVE.jsonl:ID records")->required()->expected(2);

  auto* rules = app.add_subcommand("rules", "Work with rule packs");
  rules->require_subcommand(1);
  auto* rules_check = rules->add_subcommand("check", "Validate a rule pack and run every rule's examples");
  rules_check->add_option("dirs", o.rules, "Rule pack folders (default: the shipped pack)");

  std::vector<std::string> reversed(args.rbegin(), args.rend());
  try {
    app.parse(reversed);
  } catch (const CLI::CallForHelp& e) {
    result.exit_code = k_exit_ok;
    result.out = app.help("", CLI::AppFormatMode::All);
    // Help for the subcommand that was named.
    for (auto* sub : {check, extract, diff, rules, rules_check})
      if (sub->parsed()) result.out = sub->help();
    return result;
  } catch (const CLI::CallForVersion& e) {
    result.out = std::string("quotecheck ") + QUOTECHECK_VERSION + "\n";
    return result;
  } catch (const CLI::ParseError& e) {
    result.exit_code = k_exit_error;
    result.err = fmt::format("quotecheck: error: {}\nRun 'quotecheck --help' for usage.\n", e.what());
    return result;
  }
  if (check->parsed()) o.command = Command::check;
  else if (extract->parsed()) o.command = Command::extract;
  else if (diff->parsed()) o.command = Command::diff;
  else if (rules_check->parsed()) o.command = Command::rules_check;
  if (o.format.empty()) o.format = o.command == Command::extract ? "jsonl" : "text";
  if (o.command == Command::check && o.paths.empty() && o.extracted.empty()) {
    result.exit_code = k_exit_error;
    result.err = "quotecheck: error: check needs articles (PATH...) or --extracted FILE\nRun 'quotecheck --help' for usage.\n";
    result.options.reset();
    return result;
  }
  if (!o.config.empty() && o.no_config) {
    result.exit_code = k_exit_error;
    result.err = "quotecheck: error: --config and --no-config exclude each other\nRun 'quotecheck --help' for usage.\n";
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

std::expected<RulePack, Diagnostics> load_rules(const Options& o, const Config& config = {}) {
  std::vector<std::string> dirs = o.rules.empty() ? default_rules() : o.rules;
  dirs.insert(dirs.end(), config.rules.begin(), config.rules.end());
  Limits limits;
  limits.re2_max_mem = o.re2_max_mem;
  limits.max_quote_bytes = o.max_quote_length;
  auto pack = load_rule_pack(dirs, limits);
  if (pack) {
    apply_config(config, *pack);
    for (auto& w : pack->warnings) std::cerr << w.str() << '\n';
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
  std::cout << fmt::format("{} attribution rules, {} descriptor rules, {} examples, {} speech-verb forms, {} roles, {} places: {}\n",
                           pack->attribution.size(), pack->descriptors.size(), examples, pack->verbs.size(),
                           pack->roles.size(), pack->places.size(),
                           failures.empty() ? "ok" : fmt::format("{} examples failed", failures.size()));
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
    Run run = run_pipeline(o.paths, *pack, ro);
    if (progress) std::cerr << "\r\x1b[K" << std::flush;
    for (auto& d : run.diagnostics) std::cerr << d.str() << '\n';
    if (!output.commit(error)) {
      std::cerr << "quotecheck: error: " << error << '\n';
      return k_exit_error;
    }
    return run.input_error ? k_exit_error : k_exit_ok;
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
