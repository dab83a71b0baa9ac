// quotecheck - project configuration: .quotecheck.yaml.
//
//   auto path = quotecheck::find_config(".");         // this folder, then its parents
//   auto config = quotecheck::load_config(*path);     // or a Diagnostics list on error
//
// Keys (every one optional; any other key is an error naming file:line:col):
//   rules:   [folder, ...]           extra rule packs, relative to the config file's folder
//   checks:  {check-id: error|warning|info|off, ...}
//   ignore:  [glob, ...]             input paths to leave out (matched as --ignore)
//   outlets: [{pattern: GLOB, outlet: NAME}, ...]   outlet names for documents with none
#pragma once

#include <expected>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "quotecheck/diagnostic.hpp"
#include "quotecheck/document.hpp"
#include "quotecheck/rules.hpp"

namespace quotecheck {

// The name looked for by find_config().
inline constexpr const char* k_config_file_name = ".quotecheck.yaml";

struct Config {
  std::string path;                 // the file read
  std::vector<std::string> rules;   // rule pack folders, made relative to the working folder
  std::map<std::string, std::optional<Severity>> checks;  // nullopt: the check is off
  std::vector<std::string> ignore;
  std::vector<OutletPattern> outlets;
};

// Parses configuration text read from `path` (used for messages and to resolve `rules`).
// Returns every problem found when the text is not a valid configuration.
std::expected<Config, Diagnostics> parse_config(std::string_view text, const std::string& path);

// Reads and parses the file at `path`.
std::expected<Config, Diagnostics> load_config(const std::string& path);

// Returns the path of the first .quotecheck.yaml in `start` or one of its parents, or
// nullopt when there is none.
std::optional<std::string> find_config(const std::string& start);

// Applies the configuration's check severities to `pack`.
void apply_config(const Config& config, RulePack& pack);

}  // namespace quotecheck
