// quotecheck - private: the compiled token patterns of a loaded rule pack.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "quotecheck/rules.hpp"
#include "quotecheck/token_pattern.hpp"
#include "quotecheck/tokens.hpp"

namespace quotecheck::detail {

struct CompiledRules {
  // Token patterns: the lexicons as token features, the compiled patterns, and per attribution
  // and per descriptor rule the index of its pattern.
  std::unique_ptr<tokens::Features> features;
  std::unique_ptr<tokens::PatternSet> token_patterns;
  std::vector<int> attribution_tokens;
  // The token macros that extraction runs by name (k_token_checks): macro name -> pattern index.
  std::map<std::string, int, std::less<>> token_checks;
  std::vector<int> descriptor_tokens;  // per descriptor rule: its token pattern (-1: none)

  // Returns the pattern index of token check `macro`, or -1 when the pack does not define it.
  int token_check(std::string_view macro) const {
    auto it = token_checks.find(macro);
    return it == token_checks.end() ? -1 : it->second;
  }
};

// The tokens [first, last) of what `match` of token check `group` (TokenCheck::group) finds: that
// group, or the whole match less a leading (?P<before>...) group; empty when the group did not take part.
inline tokens::TokenSpan token_check_span(const tokens::TokenMatch& match, const char* group) {
  if (group) {
    auto it = match.groups.find(group);
    return it == match.groups.end() ? tokens::TokenSpan{} : it->second;
  }
  tokens::TokenSpan out = match.whole;
  if (auto it = match.groups.find("before"); it != match.groups.end() && it->second.first == out.first) out.first = it->second.last;
  return out;
}

// The token macros (grammar.yaml `token_macros:`) that extraction runs on tokens of its own, not
// inside an attribution rule, the pattern each is compiled as, and the group that holds what a
// match finds (null: the whole match, less a leading (?P<before>...) group, which is context; a
// macro's examples compare their `match:` with it): a macro that the pack does not define is not run.
struct TokenCheck {
  const char* macro;
  const char* pattern;
  const char* group = nullptr;
};
inline constexpr TokenCheck k_token_checks[] = {
    {"not_speaker", "^ ({not_speaker}) $"},     // a speaker mention's tokens, as a whole
    {"title_quote", "^ ({title_quote}) $"},     // a quote's words, as a whole
    {"continuation", "^ ({continuation})"},     // at a speaker's first token
    {"noun_verb_head", "^ ({noun_verb_head})"}, // at the token after a speaker
    {"byline", "{byline}", "outlet"},           // a document's tokens, from its body's first
    {"name_scan", "{name_scan}"},               // a document's tokens, from its body's first: runs of capitals
};

}  // namespace quotecheck::detail
