// quotecheck - tokens and their features, for the token-pattern rules (token_pattern.hpp).
//
// A sentence window is cut into tokens once (words, numbers, punctuation, the masked quotes
// "####" and "@@@@"), and each token gets a set of features: its shape (capitalised, all
// capitals, an initial, a number, punctuation ...) and the lexicons it belongs to, found by
// hash look-up (a speech verb, a pronoun, an honorific, a role ...; a lexicon entry of several
// words marks every token it covers). Lexicons are data: a new speech verb is one more hash
// entry, never a bigger regular expression, so loading is linear in the lexicons' size.
//
// The tokens are then encoded as a compact symbol string, a fixed number of bytes per token,
// over which the compiled patterns run (RE2 in Latin-1 mode): the first byte of a token has
// its high bit set and every other byte has it clear, so a pattern can only match at token
// boundaries; the word id (a word that some pattern names literally) takes two bytes; the
// features fill the rest, seven bits to a byte.
#pragma once

#include <bitset>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "quotecheck/text.hpp"

namespace quotecheck {
struct RulePack;
}

namespace quotecheck::tokens {

// At most this many features (shape, lexicon and pattern-defined ones together).
inline constexpr int k_max_features = 127;

// A token's features, one bit each.
using FeatureBits = std::bitset<128>;

struct Token {
  std::size_t start = 0, end = 0;  // byte span in the window
  FeatureBits features;            // bit i: feature i of the Features that tagged it
  std::uint32_t word = 0;          // the id of the lower-case word when a pattern names it, else 0
};

// The features tokens can have, the words patterns name, and the lexicons behind them. Built
// once per rule pack: the built-in shape features first, then the lexicons, then what the
// patterns add while they are parsed (literal words, /regex/ tests).
class Features {
 public:
  Features();

  // Returns the bit of feature `name`, or -1 when there is none.
  int find(std::string_view name) const;
  // Returns the bit of feature `name`, adding it when new; -1 when all bits are taken.
  int add(std::string_view name);
  int count() const { return static_cast<int>(names_.size()); }
  const std::string& name(int bit) const { return names_[static_cast<std::size_t>(bit)]; }

  // Marks every token of each entry with `bit`. An entry is one word or several separated by
  // spaces ("foreign minister", "went on"), matched case-insensitively, longest first.
  // With `one_token`, an entry of several words becomes one token where it stands (a phrasal
  // verb, "went on", is one verb: a pattern never takes its second word for something else).
  void add_entries(int bit, const std::vector<std::string>& entries, bool one_token = false);
  // Name particles written onto the name with a hyphen or an apostrophe ("al-Maliki",
  // "d'Estaing"): such a word is capitalised (cap) like the name it is part of.
  void add_name_particles(const std::vector<std::string>& particles);
  // Words written with a final full stop that belongs to them ("Sen.", "Gov.", "Jr.").
  void add_abbreviations(const std::vector<std::string>& words);
  // A verb's clitics ("'re", "'ll"; the apostrophe may be left out): written onto a word after
  // an apostrophe (' or ’), in either case, each is a word token of its own ("They" "’re").
  // Without any, an apostrophe and letters stay in the word they are written onto.
  void add_clitics(const std::vector<std::string>& clitics);

  // Returns the id of `word` (matched case-insensitively), interning it when new.
  std::uint32_t intern(std::string_view word);
  // Returns the id of `word`, or 0 when no pattern names it.
  std::uint32_t word_id(std::string_view word) const;

  // Gives the interned words new ids: `id_of[old]` is word old's new id (a permutation of
  // 1..n; 0 stays 0). PatternSet numbers the words of each list consecutively, so that a list
  // is a few byte ranges.
  void renumber_words(const std::vector<std::uint32_t>& id_of);
  std::size_t word_count() const { return words_.size(); }

  // Returns the bit of a feature that holds for the tokens that are word `id` (adding it when
  // new): how a pattern tests "not this word" in one bit.
  int word_bit(std::uint32_t id);

  // Adds a feature that holds for tokens whose whole text matches the RE2 pattern `re`
  // (as written: case-sensitive unless it says (?i)); the same `re` twice gives one bit.
  // Returns -1 and sets `error` when `re` does not compile or no bit is left.
  int add_regex(std::string_view re, std::string& error);
  // The same under a feature name of its own (`name` instead of "/re/"), for features built
  // from a lexicon: tokens whose whole text matches `re` get feature `name`. Returns its bit, or
  // -1 with `error` set when `re` does not compile or no bit is left.
  int add_regex(std::string_view name, std::string_view re, std::string& error);

  // Cuts `text` into tokens and gives each its features and word id.
  std::vector<Token> tag(std::string_view text) const;

  // Bytes per token in the symbol string, and the encoding of `tokens`.
  int width() const;
  std::string encode(const std::vector<Token>& tokens) const;

  // Where feature `bit` lives in a token's bytes (byte index, bit within it; -1 when it is not
  // encoded); byte 0 holds the token marker in its high bit, bytes 1 and 2 the word id.
  std::pair<int, int> place(int bit) const;
  // Encodes only the features in `used` (those some pattern tests), so that a token's code is
  // as short as the patterns allow; until it is called every feature is encoded. `weight`
  // (per feature: how often the patterns test it) puts the most tested features in the high
  // bits of the bytes, where a test is one byte range (bit 6) rather than up to 64 (bit 0).
  void encode_only(const FeatureBits& used, const std::vector<int>& weight = {});

 private:
  struct Phrase {
    std::vector<std::string> rest;  // the words after the first, lower-case
    int bit = 0;
    bool one_token = false;
  };
  std::vector<std::string> names_;
  std::unordered_map<std::string, int> by_name_;
  StringMap<FeatureBits> word_features_;        // lower-case word -> lexicon bits
  StringMap<std::vector<Phrase>> phrases_;      // first word -> longer entries
  StringMap<std::uint32_t> words_;              // lower-case word -> id
  StringSet abbreviations_;                     // lower-case, without the stop
  StringSet name_particles_;                    // lower-case, without - or '
  StringSet clitics_;                           // lower-case ASCII, without the apostrophe
  std::size_t longest_clitic_ = 0;
  bool clitic_at(std::string_view text, std::size_t k) const;
  struct RegexFeature;
  std::vector<std::shared_ptr<RegexFeature>> regexes_;
  // The bits of the /regex/ features whose pattern matches all of `text`.
  FeatureBits regex_bits(std::string_view text) const;
  std::unordered_map<std::string, int> regex_bits_;
  std::unordered_map<std::uint32_t, int> word_bits_;  // word id -> its feature (word_bit())
  // What a word's text alone gives it (tag()'s memo): its features but nl and glued, its id,
  // whether it takes the full stop after it, its lower-case form, whether an entry of several
  // words starts with it.
  struct WordInfo;
  WordInfo describe_word(std::string_view w, bool inner_stop, bool dot_next) const;
  std::uint64_t generation_ = 0;  // bumped by every change to what tag() gives
  // Unique per instance, copies included: the key of tag()'s memo.
  struct Id {
    Id();
    Id(const Id&) : Id() {}
    Id& operator=(const Id&) { return *this = Id(); }
    Id& operator=(Id&&) = default;
    std::uint64_t value = 0;
  } id_;
  std::vector<int> slot_;  // per feature, its place among the encoded ones (-1: not encoded)
  int slots_ = -1;         // how many are encoded; -1: all, each at its own bit
  // Per feature, place() as (byte, mask), for encode(); remade whenever place() changes.
  std::vector<std::pair<int, unsigned char>> places_;
  void update_places();
};

// The built-in shape features, always present (their bits are fixed: the first ones).
//   cap      the first letter is a capital         upper    two or more letters, all capitals
//   lower    the first letter is lower-case         initial  one capital and a full stop ("C.")
//   number   starts with a digit                    word     starts with a letter or digit
//   punct    punctuation or a symbol                poss     a possessive ending ('s, ’s, ’)
//   quote    a masked quotation (####)              target   the quotation being attributed (@@@@)
//   nl       a line break before the token          glued    no white space before the token
//   ly       a lower-case word ending in -ly        ing      a lower-case word ending in -ing
//   abbr     a word with its full stop (abbreviations, initials, "U.S.")
//   digit    a word holding a digit ("EB-5", "G7", "2016")
inline constexpr const char* k_shape_features[] = {"cap",   "upper",  "lower", "initial", "number", "word", "punct", "poss",
                                                   "quote", "target", "nl",    "glued",   "ly",     "ing",  "abbr", "digit"};
// Their bits, the same in every Features (features.find("glued") == k_glued), for code that
// tests or sets one without looking it up by name.
inline constexpr std::size_t k_cap = 0, k_upper = 1, k_lower = 2, k_initial = 3, k_number = 4, k_word = 5, k_punct = 6,
                             k_poss = 7, k_quote = 8, k_target = 9, k_nl = 10, k_glued = 11, k_ly = 12, k_ing = 13,
                             k_abbr = 14, k_digit = 15;

// The features of a rule pack's lexicons, on top of the shape features (rules/README.md lists
// them): verb, verb.finite, verb.ing, verb.weak, verb.phrasal; pronoun, pronoun.male,
// pronoun.female, pronoun.plural, pronoun.impersonal; honorific, honorific.male,
// honorific.female; particle, suffix; given, given.male, given.female; role, role.modifier;
// country, demonym, capital, organisation, institution; party, party.code, party.label (a
// code, a hyphen and a capital: "R-Tenn", "D-N.Y."); org.head,
// group.noun, representative; determiner, object.lead, affiliation.lead, relative, clause,
// time, time.lead, negation, number.word, sentence.opener, name.break, lead.adverb; and the
// pack's abbreviations (with the honorifics that end in a full stop) and verb clitics.
Features lexicon_features(const RulePack& pack);

}  // namespace quotecheck::tokens
