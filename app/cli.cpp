// quotecheck - the command-line layer.
#include "cli.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "quotecheck/pipeline.hpp"
#include "quotecheck/report.hpp"
#include "quotecheck/rules.hpp"

namespace fs = std::filesystem;

namespace quotecheck::cli {

namespace {

constexpr int k_exit_ok = 0, k_exit_findings = 1, k_exit_error = 2;

void common_options(CLI::App& cmd, Options& o) {
  cmd.add_option("--rules", o.rules, "Rule pack folder (repeat to add packs; default: the shipped pack)");
  cmd.add_option("-o,--output", o.output, "Write the report to FILE (atomically) instead of standard output");
  cmd.add_option("-j,--jobs", o.jobs, "Worker threads (default: all cores)")->check(CLI::Range(0u, 1024u));
  cmd.add_option("--max-file-size", o.max_file_size, "Skip input files larger than BYTES (default 64 MiB)");
  cmd.add_option("--ignore", o.ignore, "Leave out input paths matching GLOB (repeatable)");
  cmd.add_option("--color", o.color, "Colour in text output: auto, always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
}

}  // namespace

Parsed parse(const std::vector<std::string>& args) {
  Parsed result;
  Options o;
  CLI::App app{"quotecheck: checks quotations and their attributions across news sources", "quotecheck"};
  app.set_version_flag("--version", std::string("quotecheck ") + QUOTECHECK_VERSION);
  app.require_subcommand(1);

  auto* check = app.add_subcommand("check", "Extract quotes from articles, align them across sources and report conflicts");
  check->add_option("--format", o.format, "Output format: text (default) or json")->check(CLI::IsMember({"text", "json"}));
  check->add_option("--fail-on", o.fail_on, "Exit 1 when a finding is at or above this severity (default error)")
      ->check(CLI::IsMember({"error", "warning", "info", "none"}));
  common_options(*check, o);
  check->add_option("paths", o.paths, "Articles: files, folders (searched recursively), JSONL archives, or - for stdin")->required();

  auto* extract = app.add_subcommand("extract", "Print every quote with its speaker");
  extract->add_option("--format", o.format, "Output format: jsonl (default) or json")->check(CLI::IsMember({"jsonl", "json"}));
  common_options(*extract, o);
  extract->add_option("paths", o.paths, "Articles: files, folders, JSONL archives, or -")->required();

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
    for (auto* sub : {check, extract, rules, rules_check})
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
  else if (rules_check->parsed()) o.command = Command::rules_check;
  if (o.format.empty()) o.format = o.command == Command::extract ? "jsonl" : "text";
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

// Writes `text` to `path`: regular files atomically (a temporary beside it, then rename),
// anything else (a device, a pipe) directly.
bool write_output(const std::string& path, const std::string& text, std::string& error) {
  if (path.empty() || path == "-") {
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fflush(stdout);
    return true;
  }
  std::error_code ec;
  auto st = fs::status(path, ec);
  if (!ec && fs::exists(st) && !fs::is_regular_file(st)) {
    std::ofstream out(path, std::ios::binary);
    out << text;
    if (!out) {
      error = fmt::format("{}: cannot write: {}", path, std::strerror(errno));
      return false;
    }
    return true;
  }
  std::string tmp = path + ".tmp-" + std::to_string(::getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << text;
    out.flush();
    if (!out) {
      error = fmt::format("{}: cannot write: {}", path, std::strerror(errno));
      fs::remove(tmp, ec);
      return false;
    }
  }
  fs::rename(tmp, path, ec);
  if (ec) {
    error = fmt::format("{}: cannot write: {}", path, ec.message());
    fs::remove(tmp, ec);
    return false;
  }
  return true;
}

std::expected<RulePack, Diagnostics> load_rules(const Options& o) {
  return load_rule_pack(o.rules.empty() ? default_rules() : o.rules);
}

int run_rules_check(const Options& o) {
  auto pack = load_rules(o);
  if (!pack) {
    for (auto& d : pack.error()) std::cerr << d.str() << '\n';
    return k_exit_error;
  }
  std::cout << fmt::format("{} attribution rules, {} descriptor rules, {} speech-verb forms, {} roles, {} places: ok\n",
                           pack->attribution.size(), pack->descriptors.size(), pack->verbs.size(), pack->roles.size(),
                           pack->places.size());
  return k_exit_ok;
}

int run_analysis(const Options& o) {
  auto pack = load_rules(o);
  if (!pack) {
    for (auto& d : pack.error()) std::cerr << d.str() << '\n';
    return k_exit_error;
  }
  RunOptions ro;
  ro.jobs = o.jobs;
  ro.input.max_file_bytes = o.max_file_size;
  ro.input.ignore = o.ignore;
  ro.analyse = o.command == Command::check || o.format == "json";
  Run run = run_pipeline(o.paths, *pack, ro);
  std::string text;
  if (o.command == Command::extract && o.format == "jsonl") {
    text = jsonl_quotes(run);
  } else if (o.format == "json") {
    text = json_report(run);
  } else {
    bool tty = o.output.empty() && ::isatty(STDOUT_FILENO) && !std::getenv("NO_COLOR");
    text = text_report(run, {o.color == "always" || (o.color == "auto" && tty)});
  }
  // Problems with the input go to stderr in every format (text has them inline too).
  if (o.format != "text" || !o.output.empty())
    for (auto& d : run.diagnostics) std::cerr << d.str() << '\n';
  std::string error;
  if (!write_output(o.output, text, error)) {
    std::cerr << "quotecheck: error: " << error << '\n';
    return k_exit_error;
  }
  if (run.input_error) return k_exit_error;
  if (o.command != Command::check || o.fail_on == "none") return k_exit_ok;
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
      case Command::none: break;
    }
    return k_exit_error;
  } catch (const std::exception& e) {
    std::cerr << "quotecheck: internal error: " << e.what() << '\n';
    return k_exit_error;
  }
}

}  // namespace quotecheck::cli
