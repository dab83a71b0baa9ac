// quotecheck - baselines: findings already known, hidden so that only new ones fail a gate.
//
//   auto known = quotecheck::parse_baseline(text, "quotecheck-baseline.json");
//   if (known) quotecheck::apply_baseline(run.analysis, *known);   // hides those findings
//   std::string file = quotecheck::baseline_json(run.analysis.findings);
//
// A baseline file is JSON: {"format": 1, "findings": [{"id", "check", "message"}, ...]},
// sorted by id. Finding ids are fingerprints of the check, subject and evidence text (not
// line numbers), so a baseline survives edits elsewhere in the articles.
#pragma once

#include <expected>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "quotecheck/checks.hpp"
#include "quotecheck/diagnostic.hpp"

namespace quotecheck {

// Returns the baseline file recording `findings` (one entry per id, sorted by id), with a
// trailing newline.
std::string baseline_json(const std::vector<Finding>& findings);

// Parses a baseline file's text. Returns the recorded finding ids, or a diagnostic naming
// `path` (and line:col for JSON syntax errors) when the text is not a baseline.
std::expected<std::set<std::string>, Diagnostic> parse_baseline(std::string_view text, const std::string& path);

// Removes from `analysis.findings` every finding whose id is in `known`. Returns how many
// were removed.
std::size_t apply_baseline(Analysis& analysis, const std::set<std::string>& known);

}  // namespace quotecheck
