// quotecheck - the command-line layer: parses arguments, runs the library, prints, exits.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace quotecheck::cli {

enum class Command { none, check, extract, rules_check };

// Every option of every command, with its default.
struct Options {
  Command command = Command::none;
  std::vector<std::string> paths;
  std::string format;          // check: text (default), json; extract: jsonl (default), json
  std::string fail_on = "error";
  std::vector<std::string> rules;  // rule folders; empty: the default pack
  std::string output;              // -o; empty: standard output
  unsigned jobs = 0;               // 0: all cores
  std::size_t max_file_size = 64u << 20;
  std::vector<std::string> ignore;
  std::string color = "auto";      // auto, always, never
};

// The result of parsing: options, or an exit code with text to show (help, usage errors).
struct Parsed {
  std::optional<Options> options;
  int exit_code = 0;
  std::string out, err;
};

// Parses `args` (without the program name). Never prints or exits.
Parsed parse(const std::vector<std::string>& args);

// Runs quotecheck with argv; returns the process exit code (0, 1, or 2).
int run(int argc, char** argv);

}  // namespace quotecheck::cli
