// quotecheck - token patterns: regular expressions over tokens and their features.
//
// In the spirit of spaCy's Matcher, CoreNLP's TokensRegex and LanguageTool's token patterns,
// a pattern is a sequence of token tests with the operators of a regular expression:
//
//   "said" [honorific]* (?P<speaker>[cap]+ ("," [party.code] ",")?) [","|"."]? $
//
//   [feature]            a token with the feature (tokens.hpp: shape features, lexicons)
//   [a & b] [a | b] [!a] tests combined; brackets group inside: [cap & !(role | honorific)]
//   "word"               a token that is this word, in any case ("said", ",", "'s"); several
//                        words in one literal are a sequence: "according to"
//   [/RE2/]              a token whose whole text matches the RE2 pattern ([/\p{Lu}\.?/])
//   []                   any token
//   ( ... ) ( a | b )    grouping and alternation of sequences
//   (?P<name> ... )      a named group: the tokens it covers come back by name
//   * + ? {m} {m,n} {m,}  repetition; add ? to make it lazy (*? +? ?? {m,n}?)
//   ^ $                  the start and the end of the window
//   {macro}              another pattern, defined once and used by name
//
// Every pattern of a set is compiled into one RE2 program over the symbol string of the
// tokens (tokens.hpp), so a test is a few byte classes and a lexicon costs nothing in the
// program: the programs stay small whatever the lexicons hold. RE2's DFA tells whether a
// pattern matches; the match and its groups come from a bounded backtracking search over the
// tokens (the same leftmost-first answer as RE2's NFA, at a fraction of its cost).
#pragma once

#include <cstddef>
#include <cstdint>
#include <expected>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "quotecheck/tokens.hpp"

namespace quotecheck::tokens {

struct PatternError {
  std::string macro;  // the macro the error is in, empty when in the pattern itself
  int column = 0;     // 1-based byte column in that source
  std::string message;
  int pattern = -1;   // the index of the pattern, for errors of compile()
};

struct TokenSpan {
  std::size_t first = 0, last = 0;  // tokens [first, last)
};

struct TokenMatch {
  TokenSpan whole;
  std::map<std::string, TokenSpan, std::less<>> groups;  // the named groups that took part
};

class PatternSet {
 public:
  explicit PatternSet(Features& features);
  ~PatternSet();
  PatternSet(PatternSet&&) noexcept;
  PatternSet& operator=(PatternSet&&) noexcept;

  // Defines macro `name` ({name} in a pattern); it is parsed where it is first used.
  void define(std::string name, std::string source);

  // Parses `source` and returns its index; words it names and /regex/ tests become features
  // and word ids of the Features given to the constructor.
  std::expected<int, PatternError> add(std::string_view source);

  // Compiles every pattern added so far (after all are added: each new word or feature may
  // widen the symbol string). `max_mem` is RE2's budget per program. RE2 builds a program when
  // its pattern is first searched (thread-safe), unless `build` is Build::now; a program RE2
  // might refuse is built here either way, so that a refusal is always compile()'s error.
  enum class Build { on_first_use, now };
  std::expected<void, PatternError> compile(std::int64_t max_mem = 8 << 20, Build build = Build::on_first_use);

  // Finds the leftmost match of pattern `index` in `symbols` (Features::encode of a window's
  // tokens) that starts at token `from` or later.
  bool find(int index, std::string_view symbols, std::size_t from, TokenMatch& match) const;

  // A symbol string searched several times (the matches of a paragraph, one after another):
  // what find() makes of it for each pattern is made once, so such a loop stays linear in the
  // text. It refers to `symbols`, which must outlive it unchanged.
  class Prepared {
   public:
    explicit Prepared(std::string_view symbols);
    ~Prepared();
    Prepared(const Prepared&) = delete;
    Prepared& operator=(const Prepared&) = delete;

   private:
    friend class PatternSet;
    std::string_view symbols_;
    mutable std::vector<signed char> may_;                  // per pattern: -1 not yet known, 0 / 1
    mutable std::vector<std::optional<std::string>> local_;  // per pattern: the text in its code
  };
  bool find(int index, const Prepared& text, std::size_t from, TokenMatch& match) const;
  // The same match found by RE2 alone (its NFA finds the groups): how find() is tested. With
  // `written_out`, by the program with every byte class written out (compile() writes a cell
  // that takes any byte of its kind as `.` where a match cannot start: how that is tested).
  bool find_with_re2(int index, std::string_view symbols, std::size_t from, TokenMatch& match, bool written_out = false) const;

  // The names of pattern `index`'s groups.
  std::vector<std::string> groups(int index) const;

  // How many of the programs RE2 has built so far (for the tests; not while other threads search).
  std::size_t built() const;

  // The RE2 source pattern `index` compiled to (for messages and the docs' examples).
  const std::string& program(int index) const;
  std::size_t size() const;

 private:
  // The search of find(), once the text is in pattern `index`'s own code (`local`).
  bool find_in(int index, std::string_view symbols, const std::string& local, std::size_t from, TokenMatch& match) const;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace quotecheck::tokens
