// quotecheck - the command-line layer: parses arguments, runs the library, prints, exits.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace quotecheck::cli {

enum class Command { none, check, extract, rules_check, diff };

// Every option of every command, with its default.
struct Options {
  Command command = Command::none;
  std::vector<std::string> paths;
  std::string format;  // check: text (default), json, html, markdown, sarif, line, github;
                       // extract: jsonl (default), json, shard; diff: text (default), json, html
  std::string fail_on = "error";
  std::vector<std::string> rules;  // --rules DIR (repeatable): packs added to the shipped one
  bool default_rules = true;       // false with --no-default-rules: only the --rules packs
  std::string output;              // -o; empty: standard output
  unsigned jobs = 0;               // 0: all cores
  std::size_t max_file_size = 64u << 20;
  std::vector<std::string> ignore;
  std::string color = "auto";      // auto, always, never
  std::string baseline;            // check: hide the findings recorded in FILE
  std::string write_baseline;      // check: record the current findings in FILE
  std::string config;              // --config FILE; empty: look for .quotecheck.yaml upwards
  bool no_config = false;          // --no-config: read no configuration file
  std::string cache;               // --cache FILE: SQLite extraction cache
  std::vector<std::string> extracted;  // check --extracted FILE...: shards written by extract --format shard
  std::string progress = "auto";  // auto (on a terminal, not in CI), always, never
  std::int64_t re2_max_mem = std::int64_t{512} << 20;  // --re2-max-mem BYTES
  std::size_t max_quote_length = 20000;               // --max-quote-length BYTES
  bool allow_empty = false;        // --allow-empty: no document read is no error
  // diff: paths holds OLD and NEW (a file, or ARCHIVE.jsonl:ID); format text, json or html.
};

// The result of parsing: options, or an exit code with text to show (help, usage errors).
struct Parsed {
  std::optional<Options> options;
  int exit_code = 0;
  std::string out, err;
};

// Parses `args` (without the program name). Never prints or exits.
Parsed parse(const std::vector<std::string>& args);

// Returns the candidate nearest to `word` by edit distance (insertions, deletions,
// substitutions and swaps of two neighbours), or "" when none is near enough to be a typo:
// at most 2 edits, and fewer than half the word's length.
std::string nearest(std::string_view word, const std::vector<std::string>& candidates);

// Runs quotecheck with argv; returns the process exit code (0, 1, or 2).
int run(int argc, char** argv);

}  // namespace quotecheck::cli
