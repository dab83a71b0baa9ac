// quotecheck - version diff: what changed in the quotes between two versions of one article.
//
//   quotecheck::VersionDiff d = quotecheck::diff_versions(old_result, new_result, pack);
//   if (d.changed()) ...   // quotes added, removed or altered, speakers or descriptors changed
//
// Quotes are matched between the versions by alignment: identical text first, then the
// relation of align.hpp's relate() (most words shared), best overlap first. Edits outside
// quotes are ignored; every edit inside a quote is reported, punctuation-only ones as info.
// Everything here is a pure function of its arguments.
#pragma once

#include <cstddef>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "quotecheck/attribution.hpp"
#include "quotecheck/diagnostic.hpp"
#include "quotecheck/rules.hpp"

namespace quotecheck {

// One run of tokens in a word-level difference of two texts.
struct TextEdit {
  enum class Op { same, removed, added };
  Op op = Op::same;
  std::string text;  // the original tokens (valid UTF-8), joined by single spaces
};

// Returns the word-level difference of `a` and `b` as runs of same, removed and added tokens.
// Tokens are the white-space separated pieces of the original text (punctuation stays on
// its word, so "actions," and "actions" differ); they compare after normalize(). Texts of
// more than 1000 tokens are compared as a whole (one removed run, one added run).
std::vector<TextEdit> diff_text(std::string_view a, std::string_view b);

// The stable ids of the version-diff change kinds, in report order.
const std::vector<std::string>& change_kinds();  // quote-added, quote-removed, quote-altered,
                                                 // speaker-changed, descriptor-changed

struct QuoteChange {
  std::string kind;  // one of change_kinds()
  Severity severity = Severity::warning;
  std::string message;
  std::optional<std::size_t> old_quote, new_quote;  // indices into the versions' quotes
  std::string old_text, new_text;  // quote text, or speaker or descriptors for those kinds
  Position old_pos, new_pos;       // where in each version (0 when not there)
  std::vector<TextEdit> edits;     // quote-altered: the word diff of old_text and new_text
};

struct VersionDiff {
  std::vector<QuoteChange> changes;  // sorted by kind, then by position in the new version
  std::size_t unchanged = 0;         // quotes matched with no change at all
  // Returns true iff any change was found.
  bool changed() const { return !changes.empty(); }
};

// Compares the quotes of two versions of one article. `pack` gives the alignment thresholds
// and the negation and number words that make an alteration an error.
VersionDiff diff_versions(const DocumentResult& old_version, const DocumentResult& new_version, const RulePack& pack);

// Reads and extracts one version named by `spec`: a text file, or a record of a JSON Lines
// archive as ARCHIVE.jsonl:ID (an archive of one record may be named alone). Speakers are
// resolved within the version; quote ids are q1, q2 ... in text order. Returns the problems
// found when the version cannot be read or the record is not there.
std::expected<DocumentResult, Diagnostics> extract_version(const std::string& spec, const RulePack& pack);

}  // namespace quotecheck
