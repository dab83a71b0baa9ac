// quotecheck - rule packs: the linguistic knowledge, kept in YAML; the rules are token patterns
// (rules/README.md), compiled to RE2.
//
//   auto pack = quotecheck::load_rule_pack({"rules"});
//   if (!pack) for (auto& d : pack.error()) std::cerr << d.str() << '\n';
//
// A rule pack is a folder of *.yaml files (searched recursively, read in path order). Each
// file opens with `schema: 1` and holds any of these sections:
//   speech_verbs, pronouns, honorifics, name_particles, name_suffixes, given_names, roles,
//   countries, organisations, parties, party_organisation_words, party_race_words, organisation_heads, group_nouns, institution_names,
//   representative_heads, role_modifiers, person_nouns, ambiguous_forms, negations, number_words, clause_words, object_leads, affiliation_leads, sentence_openers, relative_words, name_breaks, name_leads, name_stops, lead_adverbs, predicate_openers, time_words, time_leads, attribution_tails, determiners, abbreviations, elisions, verb_clitics,
//   token_macros, attribution, descriptors, checks, alignment, speaker_confidence, normalization,
//   coreference (the sieve cascade, see CorefSieve).
// A rule's pattern is a token pattern (`tokens:`) over the lexicons' features; it may use the
// {macro}s of `token_macros:`. There is one engine: a rule with a character pattern
// (`pattern:`, `trigger:`) or a file with character macros (`macros:`) is an error, as are
// unknown keys, duplicate rule ids and token patterns that do not parse or that RE2 refuses;
// each names file:line:col and the rule id, and the rest of the pack is still read. Several
// folders may be given: later ones add to (and for the same rule id, override) earlier ones.
#pragma once

#include <expected>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "quotecheck/diagnostic.hpp"

namespace quotecheck {

enum class Gender { unknown, male, female, neuter, plural };
const char* gender_name(Gender g);

// Where an attribution pattern looks, relative to the quote it attributes.
//   after:    the rest of the sentence after the closing mark ("Q," X said.)
//   before:   the sentence before the opening mark (X said: "Q")
//   sentence: the whole sentence around the quote, the quote itself masked
//   previous: the sentence before the quote's sentence (a quote-only sentence)
enum class RuleScope { after, before, sentence, previous };

struct RuleExample {
  std::string text;
  std::string speaker;  // expected speaker mention; empty for negative examples
  bool positive = true;
  int line = 0, column = 0;  // where the example stands in its rule file (1-based)
};

// The examples of a token macro that extraction runs by name (grammar.yaml: `name_scan: {tokens:
// ..., examples: [...]}`): `speaker` of each holds its `match:`, the text a match (or its group
// that names the result, see compiled.hpp k_token_checks) must have, or must not when negative.
struct TokenMacroExamples {
  std::string file;
  int line = 0;
  std::vector<RuleExample> examples;
};

struct AttributionRule {
  std::string id;
  std::string description;
  RuleScope scope = RuleScope::after;
  // A token pattern (rules/README.md) with a (?P<speaker>...) group; it may use the pack's
  // `token_macros:`.
  std::string tokens;
  int tokens_line = 0, tokens_column = 0;
  bool direct = true;   // a match makes the quote a direct quote
  // The construction itself names a source ("As the Daily Caller reported, ..."): the speaker of a
  // rule with direct: false need not look like a name the document uses.
  bool any_source = false;
  // title_quotes: false for a rule that may not attribute a quoted title or slogan (the
  // title_quote token macro): its speaker, a sentence's subject, may only mention the title.
  bool title_quotes = true;
  // defer: true for a rule that names only a sentence's subject: a quote after an attributed
  // quote of the same sentence ("Oz is "smart," Jo Roe wrote, and "full of it."") keeps that
  // quote's speaker instead.
  bool defer = false;
  // The share of this rule's attributions that are right (calibrated on the development set).
  double confidence = 0.9;
  std::vector<RuleExample> examples;
  std::string file;
  int line = 0;
};

struct DescriptorRule {
  std::string id;
  std::string description;
  // A token pattern (rules/README.md) with (?P<name>...) and (?P<descriptor>...) groups.
  std::string tokens;
  std::vector<RuleExample> examples;
  std::string file;
  int line = 0;
  int tokens_line = 0, tokens_column = 0;  // where the pattern's value starts
};

struct SpeechVerb {
  std::string lemma;
  bool reporting = true;  // false for weak verbs (think, hope) that need a subject nearby
};

struct PronounInfo {
  Gender gender = Gender::unknown;
  bool plural = false;
  bool personal = true;  // false for "it"
  bool subject = false;  // a subject form ("he", "she"): case lists subject in pronouns.yaml
};

struct Honorific {
  std::string form;  // as written, e.g. "Sen."
  Gender gender = Gender::unknown;
  std::string role;  // canonical role, may be empty (Mr.)
};

struct Role {
  std::string role;                // canonical: "foreign minister"
  std::vector<std::string> forms;  // lower case: "foreign minister", "top diplomat"
  bool unique = false;             // one holder per affiliation at a time
};

struct Place {
  std::string name;  // canonical: "Iran"
  std::vector<std::string> forms, demonyms, capitals;
  bool organisation = false;
};

// A political party (lexicon/parties.yaml): read from a descriptor like a country.
struct Party {
  std::string name;                // canonical: "Republican Party"
  std::vector<std::string> forms;  // "Republican", "GOP": case-sensitive whole words
  std::vector<std::string> codes;  // "R", as in "R-Tenn." ({party_code} in grammar.yaml)
  std::string member;              // "Republican": what a member is called in messages (default: the name)
};

struct CheckConfig {
  Severity severity = Severity::warning;
  bool enabled = true;
  // The severity of a finding the check escalates (quote-altered: a number or negation
  // differs; speaker-conflict: both attributions confident). None: no escalation, so a
  // configured scalar severity ("quote-altered: warning") caps every finding of the check.
  std::optional<Severity> escalate;
};

// Factors on a rule's confidence for how the speaker's name was found (Speaker::via), and for
// a mention that resolved to no name ("a spokesman"). `checks.yaml: speaker_confidence`.
struct SpeakerConfidence {
  double site = 1.0;
  double pronoun = 0.85;
  double description = 0.8;
  double inherited = 0.9;
  double unnamed = 0.6;
  double conflict = 0.75;  // speaker-conflict escalates only when both sides reach this
};

// How sure the quote scanner is that a quotation mark is really missing, by what the text shows
// (`checks.yaml: unbalanced_quote`). An unbalanced-quote finding is escalated (to the check's
// `escalate` severity) when its confidence reaches `warning_at`.
struct UnbalancedConfidence {
  double quote_opens_inside = 0.9;        // a new quote opens while one is open, and no nesting reads it
  double stray_close = 0.9;               // a closing mark with no opening one
  double paragraph_end = 0.75;            // open at its paragraph's end; the next neither reopens nor closes it
  double excerpt_end = 0.5;               // an excerpt over reopened paragraphs whose last one never closes
  double closed_in_next_paragraph = 0.3;  // closed by the next paragraph's first mark, not reopened there
  double warning_at = 0.7;
};

// One sieve of the coreference cascade (rules/coreference.yaml `coreference`), in the spirit
// of Lee et al. 2013: the sieves are tried in the file's order on each speaker mention of
// their kind, and the first that links it wins; the link records the sieve's id
// (Speaker::sieve) and its confidence factor.
struct CorefSieve {
  std::string id;            // "pronoun.salience": named in Speaker::sieve
  std::string applies_to;    // pronoun | organisation-pronoun | description | document
  std::string method;        // salience | nearest | forward | introduced-role | introduced-type | issuer
  std::size_t sentences_back = 4;   // salience: the sentences before the mention's own that are read
  std::size_t paragraphs_back = 2;  // how far back a candidate may stand, in paragraphs
  // Candidates a sieve passes over: object (after one of object_leads), modifier ("Obama
  // consultant Jo Roe": a name before a role noun), addressed ("he told Roe").
  std::vector<std::string> skip;
  bool chain = true;  // salience: a sentence opened by a fitting subject pronoun is about the person before it
  std::optional<double> confidence;  // the via factor for a link of this sieve (else speaker_confidence)
  std::size_t line = 0;              // where it stands in its file
};

// How quotes are aligned into statements (checks.yaml `alignment`; see passage.hpp).
struct AlignmentConfig {
  std::size_t min_words = 4;          // quotes shorter than this are never aligned
  std::size_t short_quote = 12;       // a quote of this many words or fewer must align whole
  std::size_t min_passage = 8;        // a longer quote's passage: at least this many words ...
  double min_passage_share = 0.2;     // ... plus this share of the shorter quote's words
  double min_identity = 0.75;         // below this share of equal words a passage is reworded
  double reworded_min_identity = 0.5; // below this it is no shared passage at all
  std::size_t band = 8;               // edits may shift the words by this many (plus a tenth)
  std::size_t shingle = 3;            // words per shingle in the candidate index
  std::size_t max_postings = 256;     // shingles in more distinct texts than this are ignored
};

// Canonical forms of words, so that differences only of form are no differences
// (rules/normalize.yaml `normalization`).
struct NormalizationConfig {
  std::unordered_map<std::string, std::vector<std::string>> contractions;  // "won't" -> will not
  std::vector<std::pair<std::string, std::vector<std::string>>> suffixes;  // "n't" -> not
  std::unordered_map<std::string, std::string> spellings;                  // colour -> color
  std::unordered_map<std::string, double> numbers;                         // twenty -> 20
  std::unordered_map<std::string, double> scales;                          // million -> 1e6
  std::unordered_map<std::string, std::string> phrases;                    // "per cent" -> percent
  std::unordered_set<std::string> negations;                               // not, never ...
  std::unordered_set<std::string> number_words;                            // thousands, half ...
  std::unordered_set<std::string> qualifiers;                              // cut, these change what is left
};

namespace detail {
struct CompiledRules;  // RE2 objects, kept out of the public interface
}

// Limits that keep hostile input and rule packs bounded. Going past one is reported, not fatal.
struct Limits {
  std::int64_t re2_max_mem = std::int64_t{512} << 20;  // memory RE2 may use for one pattern
  std::size_t max_quote_bytes = 20000;  // longer quotes (runaway marks) are cut, with a warning
};

struct RulePack {
  std::vector<std::string> dirs;
  Limits limits;
  std::string hash;  // fingerprint of every file read, for caches

  std::unordered_map<std::string, SpeechVerb> verbs;  // lower-case form -> verb
  std::vector<std::string> phrasal_verbs;             // "pointed out"
  std::unordered_map<std::string, PronounInfo> pronouns;
  std::vector<Honorific> honorifics;
  std::vector<std::string> particles, suffixes;
  std::unordered_map<std::string, Gender> given_names;  // lower case
  std::vector<Role> roles;
  std::vector<Place> places;
  std::vector<Party> parties;
  // A word right after a party's form that makes the phrase an organisation of the party
  // ("Democratic National Committee"), no person's party (parties.yaml `party_organisation_words`).
  std::vector<std::string> party_organisation_words;
  // A word right after a party's form that makes it the person's party ("the front-runner for
  // the Democratic nomination"; parties.yaml `party_race_words`).
  std::vector<std::string> party_race_words;
  std::vector<std::string> organisation_heads, group_nouns;
  std::vector<std::string> institutions;          // "White House", "State Department"
  std::vector<std::string> representative_heads;  // spokesman: speaks for an organisation
  std::vector<std::string> role_modifiers;        // former, acting, ex-
  std::vector<std::string> person_nouns;          // head nouns of an occupation or standing: writer, aide, senator
  std::vector<std::string> ambiguous_places;      // Jordan, Georgia: also names or words
  std::vector<std::string> negations;  // not, never, n't ...
  std::vector<std::string> number_words;  // one, two, dozen, million ...
  std::vector<std::string> elisions;   // 'bout, 'em: leading apostrophes that are no quote
  std::vector<std::string> verb_clitics;  // 're, 'll: after a word, a token of its own (lower case, with the ')
  std::vector<std::string> clause_words;  // a speaker mention starts after the last of these
  std::vector<std::string> object_leads;  // a name after these is an object ("for Sanders")
  std::vector<std::string> affiliation_leads;  // "Jo Roe of the Cato Institute": the name ends before these
  std::vector<std::string> sentence_openers;   // "He", "The": after "U.S." they open a sentence (as written)
  std::vector<std::string> relative_words;     // "who", "which": a relative clause in an appositive starts at them
  std::vector<std::string> name_breaks;        // "In" inside a run of capitals: a title-case line, no name
  std::vector<std::string> name_leads;         // "named", "identified as": a given name after one is a person
  std::vector<std::string> name_stops;         // "on", "the": end a run of capitals taken for a name (lower case)
  std::vector<std::string> lead_adverbs;       // "Yet", "Even": open a sentence before a surname, no given name
  std::vector<std::string> predicate_openers;  // "told", "why": a speaker opening with one is a predicate
  std::vector<std::string> time_words;    // a time phrase closing a mention is no part of the name
  std::vector<std::string> time_leads;    // the words leading such a phrase ("on", "last")
  std::vector<std::string> attribution_tails;  // "of", "in": after "X, a Y, said" a long sentence is still an attribution
  std::vector<std::string> determiners;   // "a spokesman", "the campaign": a noun phrase, no name
  std::vector<std::string> abbreviations; // "Gen.", "U.S.": a full stop that ends no sentence
  std::map<std::string, std::string> token_macros;  // {name} in token patterns
  std::map<std::string, TokenMacroExamples> token_macro_examples;  // by macro name
  std::vector<AttributionRule> attribution;
  std::vector<DescriptorRule> descriptors;
  std::map<std::string, CheckConfig> checks;
  AlignmentConfig alignment;
  SpeakerConfidence speaker_confidence;
  UnbalancedConfidence unbalanced_confidence;
  std::vector<CorefSieve> coreference;  // the coreference cascade, in order
  // Kin nouns and the gender of who they name ("wife": female): "his wife, Jane," names Jane
  // with the possessor's surname (coreference.yaml `kin_nouns`).
  std::map<std::string, Gender> kin_nouns;
  // Nouns of what a speaker issues ("the statement said", "Ryan's office said"): the speaker is
  // its issuer (coreference.yaml `document_nouns`, the document.issuer sieve).
  std::unordered_set<std::string> document_nouns;
  // Words that open a sentence's leading subordinate clause ("After he spoke, Jo Roe ..."): a
  // pronoun in that clause may refer forward to the main clause's subject (coreference.yaml
  // `forward_leads`, the pronoun.forward sieve).
  std::unordered_set<std::string> forward_leads;
  // Kinds of organisation a description names ("the newspaper", "the editorial board", "the
  // company"): the nouns of such a description, and the last words of an organisation's name of
  // that kind ("Times", "Inc."); coreference.yaml `organisation_types`, the
  // description.introduced-type sieve.
  struct OrganisationType {
    std::string type;
    std::vector<std::string> nouns;       // lowercase; a noun of several words as written ("editorial board")
    std::unordered_set<std::string> heads;  // lowercase
  };
  std::vector<OrganisationType> organisation_types;
  NormalizationConfig normalization;

  std::shared_ptr<const detail::CompiledRules> compiled;
  // Problems that leave part of the pack out while it still loads (none today: a token pattern
  // over --re2-max-mem is an error at its rule).
  Diagnostics warnings;

  // Returns the configuration of check `id` (a default when the pack does not name it).
  CheckConfig check(const std::string& id) const;
};

// Loads and compiles the rule packs in `dirs`. On failure returns every problem found.
std::expected<RulePack, Diagnostics> load_rule_pack(const std::vector<std::string>& dirs, const Limits& limits = {});

// The stable ids of the checks, in report order.
const std::vector<std::string>& check_ids();

}  // namespace quotecheck
