// quotecheck - passages: a quote's words in canonical form, and the passage two quotes share.
//
//   quotecheck::Normalizer norm(pack.normalization);
//   auto a = norm.tokens("We're not sure it will cost $2,000."),
//        b = norm.tokens("we are not sure ... it will cost 2000 dollars");
//   auto p = quotecheck::align_passage(a, b, pack.alignment);   // nullopt: not one statement
//   if (p) std::puts(quotecheck::relation_name(p->relation));   // "altered" (+dollars)
//
// Two quotes are one statement only when they share a contiguous passage, allowing small
// edits inside it (substitutions, insertions, deletions), long enough to be the same words:
// the whole of a short quote, a share that grows with length for a long one. The alignment is
// local (Smith-Waterman) in a band around the diagonal that the quotes' shared word pairs
// point at, so it costs O((n + m) * band) for quotes of n and m words. A quote that leaves
// words out with an ellipsis or puts an editor's bracket in ("[Boehner] said") is aligned in
// its pieces; two copies with a bracket at one place compare the words in it ("[two of the seven
// seats]" / "[three of ...]"). Differences only of form (numbers in digits or words, contractions, British and
// American spellings, closed and open compounds, case, punctuation, quote glyphs) are no
// difference: the canonical tokens are equal, or an edit's words joined are equal.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "quotecheck/rules.hpp"

namespace quotecheck {

// What the passage two quotes share says about them, from the closest to the loosest.
enum class Relation {
  identical,    // the same words
  form,         // the same words but for their form ("24" / "twenty-four", "he's" / "he is")
  trimmed,      // one is a contiguous part of the other
  elided,       // one leaves words out with an ellipsis, or puts an editor's bracket in
  overlapping,  // excerpts that share a passage, each with words outside it: no alteration
  altered,      // words substituted, added or dropped inside the shared passage
  reworded,     // most words in order but many changed: two translations of one remark
};
const char* relation_name(Relation r);

// A quote's tokens. Words are canonical (see Normalizer); an ellipsis is k_gap_token and an
// editor's bracket k_editorial_token followed by its canonical words, space-separated
// (bracket_words()). `words` counts the word tokens.
struct Tokens {
  std::vector<std::string> text;
  std::size_t words = 0;
};
inline constexpr std::string_view k_gap_token = "\x01...";
inline constexpr std::string_view k_editorial_token = "\x01[]";
// The words inside an editor's bracket token ("" for any other token).
std::vector<std::string_view> bracket_words(std::string_view token);

// Turns quote text into canonical tokens with the rule pack's `normalization` data.
class Normalizer {
 public:
  explicit Normalizer(const NormalizationConfig& config);
  Tokens tokens(std::string_view quote) const;
  // Returns true iff the canonical word `w` is a number ("#24") or a negation.
  bool is_number(std::string_view w) const;
  bool is_negation(std::string_view w) const;
  // Returns true iff `w` changes the meaning of the words next to it when cut ("not", "if").
  bool is_qualifier(std::string_view w) const;

 private:
  std::string canonical_word(std::string_view w) const;
  const NormalizationConfig& config_;
};

// One difference inside a shared passage: tokens [a0, a1) of the first quote stand where
// [b0, b1) of the second do (either may be empty).
struct Edit {
  std::size_t a0 = 0, a1 = 0, b0 = 0, b1 = 0;
  bool bracket = false;  // an editor's bracket of each, at one place, with other words in it
};

struct PassageAlignment {
  Relation relation = Relation::identical;
  std::size_t a0 = 0, a1 = 0, b0 = 0, b1 = 0;  // the passage, in tokens of each quote
  std::size_t matches = 0;                     // words aligned and equal
  std::vector<Edit> edits;                     // differences inside the passage
  bool a_outside = false, b_outside = false;   // words outside the passage
  double identity = 1.0;                       // matches / (matches + edited words)
};

// Aligns quote `b` to quote `a` (token ids: equal ids are equal canonical words; `gap_id` and
// `editorial_id` stand for k_gap_token and k_editorial_token). Returns the shared passage
// and its relation, or nullopt when the two are not one statement. `words` gives each id's
// canonical text, for the compound check ("workforce" / "work force").
std::optional<PassageAlignment> align_passage(const std::vector<std::uint32_t>& a, const std::vector<std::uint32_t>& b,
                                              const std::vector<std::string>& words, std::uint32_t gap_id,
                                              std::uint32_t editorial_id, const AlignmentConfig& config);

// The same for two quotes' texts, with the rule pack's normalisation and alignment settings
// (or `config` in place of the pack's).
std::optional<PassageAlignment> align_passage(std::string_view a, std::string_view b, const RulePack& pack);
std::optional<PassageAlignment> align_passage(std::string_view a, std::string_view b, const RulePack& pack,
                                              const AlignmentConfig& config);

// Interns canonical tokens as ids for align_passage(); ids are dense from 0.
class TokenIds {
 public:
  TokenIds();
  std::uint32_t id(const std::string& token);
  std::vector<std::uint32_t> ids(const Tokens& t);
  const std::vector<std::string>& words() const { return words_; }
  std::uint32_t gap_id() const { return 0; }
  std::uint32_t editorial_id() const { return 1; }
  void clear();

 private:
  std::unordered_map<std::string, std::uint32_t> index_;
  std::vector<std::string> words_;
};

}  // namespace quotecheck
