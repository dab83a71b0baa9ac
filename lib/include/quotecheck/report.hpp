// quotecheck - reports: the analysis as JSON (format 1), JSON Lines quotes, text, HTML,
// Markdown, SARIF 2.1.0, compiler-style lines or GitHub Actions commands; version diffs as
// text, JSON or HTML.
//
//   std::string page = quotecheck::html_report(run);        // one self-contained file
//   std::string sarif = quotecheck::sarif_report(run, pack);
//
// Every function returns the whole report as a string (the library never prints). Output is
// a pure function of its arguments: byte-identical for the same analysis. Article text is
// made valid UTF-8 everywhere and escaped for the format (HTML, Markdown, workflow commands).
#pragma once

#include <ostream>
#include <string>
#include <string_view>

#include "quotecheck/diff.hpp"
#include "quotecheck/pipeline.hpp"

namespace quotecheck {

struct TextStyle {
  bool color = false;
};

// Returns the JSON report (format 1, see DESIGN.md), with a trailing newline.
std::string json_report(const Run& run);

// Returns one JSON object a line for each quote, the same fields as the report's quotes[].
std::string jsonl_quotes(const Run& run);

// Returns the extraction as shards for `check --extracted`: per document, a document line
// then its quote lines (see serialize.hpp).
std::string shard_jsonl(const Run& run);

// The same three, written to `out` as they are made: the report is never held in memory
// whole, which is what a whole archive needs. The string forms above call these.
void write_json_report(const Run& run, std::ostream& out);
void write_jsonl_quotes(const Run& run, std::ostream& out);
void write_shard_jsonl(const Run& run, std::ostream& out);

// Returns the quote lines of one document as jsonl_quotes() writes them (the quotes' ids,
// entities and statements as they are set), for streaming extraction (RunOptions::sink).
std::string document_quotes_jsonl(const DocumentResult& doc);

// Returns a readable report: findings grouped by statement and person, then a summary.
std::string text_report(const Run& run, const TextStyle& style);

// Returns the editor's report: one self-contained HTML page (inline CSS and a little inline
// JS, nothing fetched): conflicts by severity, one section per statement with every outlet's
// version side by side and word differences marked, the people with the descriptors each
// outlet gives them, and a filter by severity and check.
std::string html_report(const Run& run);

// Returns a Markdown report to paste into a ticket: summary, findings table, statements.
std::string markdown_report(const Run& run);

// Returns a SARIF 2.1.0 log: one rule per check id (level from `pack`), one result per
// finding, the first evidence as its location and the rest as related locations.
std::string sarif_report(const Run& run, const RulePack& pack);

// Returns one line per finding: "path:line:col: severity: message [check]".
std::string line_report(const Run& run);

// Returns one GitHub Actions workflow command per finding:
// "::error file=PATH,line=N,col=N,title=CHECK::message" (::warning, ::notice for info).
std::string github_report(const Run& run);

// Returns `text` as valid UTF-8 with & < > " ' replaced by character references, safe in
// HTML text and in double- or single-quoted attribute values.
std::string html_escape(std::string_view text);

// Returns `text` as valid UTF-8, safe in Markdown text and table cells (no HTML, no markup).
std::string markdown_escape(std::string_view text);

// One version of an article for the diff reports: its extraction and where it came from.
struct Version {
  const DocumentResult* doc = nullptr;
  std::string label;  // as named on the command line: a path, or ARCHIVE.jsonl:ID
};

// Returns the version diff as text: one line per change ("LABEL:line:col: severity: message
// [kind]"), then a summary line.
std::string diff_text_report(const Version& old_version, const Version& new_version, const VersionDiff& diff);

// Returns the version diff as JSON: {"format":1,"old":...,"new":...,"changes":[...],"summary":...}.
std::string diff_json_report(const Version& old_version, const Version& new_version, const VersionDiff& diff);

// Returns the version diff as one self-contained HTML page with the word differences marked.
std::string diff_html_report(const Version& old_version, const Version& new_version, const VersionDiff& diff);

// Counts findings of each severity.
struct Counts {
  std::size_t errors = 0, warnings = 0, info = 0;
};
Counts count_findings(const Analysis& analysis);

}  // namespace quotecheck
