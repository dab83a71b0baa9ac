// quotecheck - reports: the analysis as JSON (format 1), JSON Lines quotes, or text.
#pragma once

#include <string>

#include "quotecheck/pipeline.hpp"

namespace quotecheck {

struct TextStyle {
  bool color = false;
};

// Returns the JSON report (format 1, see DESIGN.md), with a trailing newline.
std::string json_report(const Run& run);

// Returns one JSON object a line for each quote, the same fields as the report's quotes[].
std::string jsonl_quotes(const Run& run);

// Returns a readable report: findings grouped by statement and person, then a summary.
std::string text_report(const Run& run, const TextStyle& style);

// Counts findings of each severity.
struct Counts {
  std::size_t errors = 0, warnings = 0, info = 0;
};
Counts count_findings(const Analysis& analysis);

}  // namespace quotecheck
