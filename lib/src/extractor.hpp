// quotecheck - private to the library: the state of one document's extraction (Extractor) and
// the per-pack look-ups it reads (Lexicon), shared by the units of attribution: attribution.cpp
// (the driver and the rule runner), mentions.cpp (speaker mentions and names), descriptors.cpp
// (roles, parties and places said of a person) and coreference.cpp (pronouns, descriptions,
// inheritance). Not installed.
#pragma once

#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "compiled.hpp"
#include "quotecheck/attribution.hpp"
#include "quotecheck/text.hpp"

namespace quotecheck::detail {

constexpr char k_mask_other = '#';   // the words of every quote are masked with this
constexpr char k_mask_target = '@';  // ... and those of the quote being attributed with this
// A sentence after a quote that ends with a full stop is read as its attribution only when it
// is this short ("Q." Trump said on Monday.), so that a new statement is not taken for one.
constexpr std::size_t k_next_sentence_words = 6;
// The most of a sentence an attribution window holds on either side of its quote. A sentence
// with thousands of quotes in it (a list, hostile input) would otherwise give every quote a
// window of the whole sentence, and the rules' time would grow with the square of its length;
// an attribution is never this far from its quote.
constexpr std::size_t k_window_side = 1500;
// How many matches one attribution rule may try on a quote's window when the speaker checks
// refuse the one before (see attribute_with_rules()).
constexpr std::size_t k_speaker_tries = 3;
// The most words a quoted title or slogan has (the title_quote token macro takes up to eight):
// a longer quote is not tagged to find out.
constexpr std::size_t k_title_words = 16;

inline bool ascii_space(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f'; }

inline std::string_view trim(std::string_view s) {
  while (!s.empty() && (ascii_space(s.front()) || s.front() == ',')) s.remove_prefix(1);
  while (!s.empty() && (ascii_space(s.back()) || s.back() == ',')) s.remove_suffix(1);
  return s;
}

inline std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// normalize(w) written into `out`, whose buffer is reused. A word of ASCII (the common case),
// or of ASCII and the quotation marks and dashes of news text (U+2018, U+2019, U+201C, U+201D,
// U+2013, U+2014: no decomposition, no case), is folded there without an allocation, as
// normalize() folds it: A-Z lowered, the marks unified to ' " and -. Any other word goes
// through normalize(). Returns `out`.
inline const std::string& normalize_into(std::string_view w, std::string& out) {
  out.clear();
  for (std::size_t i = 0; i < w.size(); ++i) {
    auto c = static_cast<unsigned char>(w[i]);
    if (c < 0x80) {
      out += c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : static_cast<char>(c);
      continue;
    }
    if (c == 0xE2 && i + 2 < w.size() && static_cast<unsigned char>(w[i + 1]) == 0x80) {
      char unified = 0;
      switch (static_cast<unsigned char>(w[i + 2])) {
        case 0x98: case 0x99: unified = '\''; break;
        case 0x9C: case 0x9D: unified = '"'; break;
        case 0x93: case 0x94: unified = '-'; break;
        default: break;
      }
      if (unified) {
        out += unified;
        i += 2;
        continue;
      }
    }
    out = normalize(w);
    break;
  }
  return out;
}

// std::isalnum() of the "C" locale (the library never sets one): ASCII letters and digits.

inline bool nbsp_at(std::string_view s, std::size_t i) { return i + 1 < s.size() && s[i] == '\xC2' && s[i + 1] == '\xA0'; }

// Splits `s` into words on spaces (no-break spaces too).
inline std::vector<std::string_view> split_words(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (ascii_space(s[i]) || nbsp_at(s, i))) i += nbsp_at(s, i) ? 2 : 1;
    std::size_t j = i;
    while (j < s.size() && !ascii_space(s[j]) && !nbsp_at(s, j)) ++j;
    if (j > i) out.push_back(s.substr(i, j - i));
    i = j;
  }
  return out;
}

inline bool capitalised(std::string_view w) {
  if (w.empty()) return false;
  int len = 1;
  auto cp = decode_utf8(w, 0, len);
  return is_upper(cp);
}

struct Lexicon {
  std::unordered_map<std::string, const Honorific*> honorifics;  // normalised form
  std::unordered_set<std::string> particles, suffixes, org_heads, group_nouns, determiners, object_leads, role_modifiers;
  std::vector<std::pair<std::string, const Role*>> role_forms;  // longest first
  // role_forms indexed (index_role_forms()): each form -> its first index there, and the
  // longest form's size, for parse_descriptor() to look up the words of a text rather than
  // search the text for every form; empty when a form is empty (then it searches).
  StringMap<std::size_t> role_form_rank;
  std::size_t role_form_longest = 0;
  void index_role_forms();
  std::unordered_set<std::string> role_form_set;                // the same forms, for lookups
  std::unordered_set<std::string> affiliation_leads;            // "of", "at": see misc.yaml
  std::unordered_set<std::string> sentence_openers;             // "He", "The": see misc.yaml
  std::unordered_set<std::string> name_stops;                   // words that end a person's name: misc.yaml
  std::unordered_set<std::string> institutions;                 // normalised institution names
  std::unordered_map<std::string, const Place*> place_forms;    // normalised forms, demonyms, capitals
  std::unordered_set<std::string> acronym_forms;  // forms written in capitals ("WHO", "US"): only so
  StringMap<const Party*> party_forms;  // forms as written (case-sensitive)
  std::unordered_map<std::string, const Party*> party_codes;    // "R" -> Republican Party
  std::unordered_set<std::string> person_nouns;  // misc.yaml person_nouns: "consultant", "aide"
  // A head noun of an occupation or standing, or its plural: "consultant", "aides".
  bool is_person_noun(const std::string& w) const {
    return person_nouns.count(w) > 0 || (w.size() > 1 && w.back() == 's' && person_nouns.count(w.substr(0, w.size() - 1)) > 0);
  }
  // The pack's token features and the bit of its party.label ("R-Tenn.": parties.yaml codes),
  // for the party a descriptor names by its code; -1 when the pack has no codes.
  const tokens::Features* features = nullptr;
  int party_label = -1;
  std::unordered_set<std::string> abbreviations;
  // Token checks (grammar.yaml token_macros, compiled.hpp k_token_checks), -1 when the pack has none:
  int not_speaker = -1;     // mentions that are no speaker
  int continuation = -1;    // words that go on with a clause after a quote
  int noun_verb_head = -1;  // a speech verb that is the subject's head noun
  int title_quote = -1;     // a quoted title or slogan
  int name_scan = -1;       // runs of capitalised words that may name a person (scan_names())

  explicit Lexicon(const RulePack& pack);
};

// The lexicon of `pack`, built on first use (one per thread, kept while the pack is the same).
const Lexicon& lexicon_for(const RulePack& pack);

// A sentence inside a paragraph: [start, end) in document bytes.
struct Sentence {
  std::size_t start, end;
};

// Returns true iff the word after the spaces at `at` is one of `openers` (sentence_openers in
// misc.yaml): words that open sentences and never follow a title or an initial.
bool opens_sentence(const std::string& masked, std::size_t at, std::size_t end, const std::unordered_set<std::string>& openers);

// Splits [start, end) of the masked text into sentences. Terminators inside quotes are
// masked already; a quote whose words end a sentence ends it when a capital follows.
std::vector<Sentence> sentences(const std::string& masked, const std::string& text, std::size_t start, std::size_t end,
                                const Lexicon& lex);

struct Window {
  std::size_t start = 0, end = 0;
};

inline bool is_pronoun(const RulePack& pack, std::string_view w, PronounInfo* info = nullptr) {
  auto it = pack.pronouns.find(lower(w));
  if (it == pack.pronouns.end()) return false;
  if (info) *info = it->second;
  return true;
}

// The party that `text` names (parties.yaml): a form as written, as whole words, the longest
// first ("Liberal Democrat" before "Liberal"), or a congressional label ("R-Tenn."). Empty when none.
std::string find_party(std::string_view text, const Lexicon& lex);

// find_segments() on `toks`, the document's tokens (offsets in doc.text), encoded as `symbols`;
// when they are null, the document is tagged here.
std::vector<Segment> find_segments(const Document& doc, const RulePack& pack, const std::vector<tokens::Token>* toks,
                                   const std::string* symbols);

struct Extractor {
  const Document& doc;
  const RulePack& pack;
  const Lexicon& lex;
  const detail::CompiledRules& compiled;
  DocumentResult& result;
  std::string masked;
  std::vector<Paragraph> paragraphs;
  std::vector<std::vector<Sentence>> para_sentences;
  std::vector<QuoteSpan> spans;
  std::unordered_set<std::string> inner_capitals;  // capitalised words seen inside a sentence
  std::unordered_map<std::string, Gender> headline_surnames;  // surnames of the headline's full names
  mutable std::map<std::pair<std::size_t, std::size_t>, bool> title_quotes;  // is_title_quote() by quote span
  // The mentions by the last word of their normalised name, for make_mention()'s gender
  // lookup; filled up to names_indexed as it is needed (mentions are only appended, and a
  // mention's name does not change once it is in result.mentions).
  std::unordered_map<std::string, std::vector<std::size_t>> by_last_word;
  std::size_t names_indexed = 0;
  // The mentions by their start (equal starts in mention order), for the lookups of the
  // mentions before a quote: synced with result.mentions as it grows (sync_starts()).
  std::multimap<std::size_t, std::size_t> mention_starts;
  std::size_t starts_synced = 0;

  void sync_starts();

  // Collects the capitalised words that stand inside a sentence outside quotes: names, not
  // words capitalised for opening a sentence. One pass over the body.
  void collect_inner_capitals();

  std::size_t segment_of(std::size_t offset) const;

  void mask();

  // Finds the sentence of paragraph `p` that holds offset `at`.
  const Sentence* sentence_at(std::size_t p, std::size_t at) const;

  std::size_t paragraph_of(std::size_t offset) const;

  // Builds the window of `scope` for quote `q`, with q's words masked as the target.
  bool window(const QuoteSpan& q, RuleScope scope, std::string& out, std::size_t& base);
  // A sentence after a quote that ends with a full stop, longer than k_next_sentence_words, that
  // is still its attribution: a name (with an appositive between commas), a reporting verb, and
  // nothing more or a word of attribution_tails ("Jo Roe, the county chairman, said of the visit
  // he made last week.").
  bool long_attribution_sentence(std::string_view sentence) const;

  // Strips leading conjunctions and trailing punctuation from a speaker mention.
  static std::pair<std::size_t, std::size_t> tidy(std::string_view text, std::size_t a, std::size_t b);

  // Splits a mention into its title words and its name, and classifies it.
  Speaker make_speaker(std::size_t a, std::size_t b, const std::string& rule);

  // The person named by the capitalised words that open [a, b) or one of its comma-separated
  // parts and are followed by lower-case words: "Crocker at the time", "Budget Chairman Jo Roe
  // issued a statement", "a day later, Roe reversed himself". The words must hold a given
  // name, a title, or end in the surname of a person named in the document; a determiner
  // ("One Clinton spokesman") or a noun after them ("Clinton aides") names nobody.
  std::optional<Mention> name_opening(std::size_t a, std::size_t b);

  static std::string bare(std::string_view w);

  // Returns true iff the (normalised) word is a title of courtesy, no office: "Mr.", "Mrs.", "Dr.".
  bool courtesy_title(const std::string& nw) const;

  bool is_role_word(const std::string& nw) const;

  // Returns true iff the (normalised) word is an honorific, with its full stop or without ("Mr", "Mr.").
  bool is_honorific(const std::string& nw) const;

  bool is_place_word(const std::string& nw) const;

  // Builds a mention from [a, b): title words, then the name; or a noun phrase.
  Mention make_mention(std::size_t a, std::size_t b);

  // Where a party that stands right before `a` starts ("Republican Sen. Jo Roe", "Labour MP"):
  // up to three words on the same line, outside quotes, that make a party form; else `a`.
  std::size_t party_before(std::size_t a) const;

  // The words before the name ("Iranian Foreign Minister") as a descriptor, when they hold a
  // role or a party ("Republican Sen.", "Democrat").
  void add_title_descriptor(Mention& m, std::size_t a, std::size_t name_start);

  // Returns true iff `text` may name a speaker of a reported (indirect) quote: a noun phrase,
  // or a name whose given name is known or whose last word names a person of the document.
  // Sentence-initial capitals ("Pressure", "Across Asia") name nobody.
  bool plausible_name(std::string_view text) const;

  // For a speaker that is the relative pronoun "who", returns the span of the name it follows
  // ("Sen. Bernie Sanders, who"): capitalised words, honorifics and particles, outside quotes.
  std::optional<std::pair<std::size_t, std::size_t>> relative_antecedent(std::size_t a, std::size_t b) const;

  // Returns true iff `w` is a surname opened by a particle that attaches to it: "al-Dabagh",
  // "d'Estaing" (a particle ending in '-' or an apostrophe, then a capital).
  bool particle_name(std::string_view w) const;

  // Returns false for a speaker that is one lower-case word naming nobody ("has", "protests",
  // "later"): only a pronoun, a group or organisation noun, a role or a representative may
  // stand alone ("officials", "critics", "the spokesman").
  bool plausible_common_word(std::string_view text) const;

  // A speaker found on a second try (attribute_with_rules(), pass 1) is a pronoun alone or a
  // noun phrase that ends in a capitalised word, a role or a group or organisation noun, never
  // words that run on into a clause ("he represents a neighboring", "made it a priority in his first").
  // Returns false for a reported speaker that opens with a verb in the past tense or a question
  // word, a predicate taken for a subject ("chided Trump for raising", "told Congress when").
  bool opens_with_predicate(std::string_view text) const;

  bool plausible_retried_speaker(std::string_view text) const;

  // Returns true iff token check `check` matches the tokens of `text`, from its first.
  bool token_check(int check, std::string_view text) const;

  // Returns true iff the quote reads as a title or slogan (the title_quote token macro); each
  // quote is read once, and one of more than k_title_words words is none (not tagged).
  bool is_title_quote(const QuoteSpan& q) const;

  // The masked document's tokens and their symbols, tagged once (by the first token rule run).
  bool doc_tagged = false;
  std::vector<tokens::Token> doc_tokens;
  std::string doc_symbols;

  // Tags the masked document once (doc_tokens, doc_symbols).
  void tag_document();

  // The tokens of window [start, end) of the masked text, in window offsets, and their symbols,
  // with the quote `q` being attributed as the target: a slice of the document's tokens, as
  // tagging the window's own text would give them.
  void window_tokens(const QuoteSpan& q, std::size_t start, std::size_t end, std::vector<tokens::Token>& out, std::string& symbols);

  bool attribute_with_rules(Quote& quote, const Quote* before);

  // The descriptors found around the speaker's name where it is attributed (scan_descriptors():
  // "Ana Roe, Chile's mining minister, said", "Iraq's foreign minister, Jo Roe, stressed",
  // "Dick Durbin (D-Ill.) said") join the speaker's mention, each once, so that the quote lists
  // them: those of every mention whose name starts inside the speaker's mention.
  void attach_descriptors(const Speaker& sp);

  // The index of the first of `toks` that starts at `at` or later.
  static std::size_t token_from(const std::vector<tokens::Token>& toks, std::size_t at);

  // Returns true iff token check `check` matches `symbols` (the encoding of a window's tokens)
  // from token `from` on, with ^ there; `m` is relative to `from`.
  bool token_check_at(int check, std::string_view symbols, std::size_t from, tokens::TokenMatch& m) const;

  // Returns true iff window `win` (its tokens `toks`, encoded as `symbols`) holds only commas
  // before `at` and the continuation token macro matches at the token that starts at `at`.
  bool continues_clause(const std::vector<tokens::Token>& toks, std::string_view symbols, std::string_view win, std::size_t at) const;

  // Where a speaker that ends at `b` of a window ends when the noun_verb_head token macro
  // matches the tokens after it (a noun that is also a speech verb, then a verb: "A House
  // committee report found ..."): after the noun. Else `b`.
  std::size_t noun_verb_head(const std::vector<tokens::Token>& toks, std::string_view symbols, std::size_t b) const;

  // Where the appositive [b, e) of a speaker ends when it holds a quote: a quoted title stays in
  // it ("Jo Roe, author of "The Long Road," a history of the strike"); any other quote ends it at
  // the clause before the quote (", who called it "Q"", " who waited in an "Q"").
  std::size_t appositive_before_quote(std::size_t b, std::size_t e) const;

  // "Iran's foreign minister, Manouchehr Mottaki": a speaker named only by a role takes the
  // name that its appositive [b, sp.end) is made of (capitalised words, nothing else).
  void name_from_appositive(Speaker& sp, std::size_t b);

  // "A spokesman for the White House", "the foreign minister of Iran": a person named by a
  // role with the body or place the role belongs to, whose name so far is that body's.
  bool role_of_body(std::size_t a, std::size_t b) const;

  // The word as written without a trailing comma or possessive: "Republicans'" stays, "GOP's" -> "GOP".
  static std::string possessive_base_raw(std::string_view w);

  static std::string possessive_base(const std::string& nw);

  // Returns true iff the (normalised) word cannot be part of a person's name: a function word
  // (name_stops in misc.yaml) or a speech verb ("Bush Says").
  bool not_in_name(const std::string& nw) const;

  // Capitalised words that speak alone in the text, outside quotes: "Roe said", "said Roe"
  // (not "Judicial Watch said"). A run of capitals ending in one is a person's name even when
  // its given name is not known.
  std::unordered_set<std::string> speaking_words() const;

  // Person names in running text, outside quotes: for pronoun antecedents and entities.
  void scan_names();

  // Names after a dotted title ("Mr. Obama", "Sen. Kelly Ayotte", "Gov. Jo Roe's"), which
  // scan_names() does not read (its name words hold no full stop): a person with the title's
  // gender, or the given name's. One pass over the body, outside quotes.
  void scan_titled_names();

  // Returns true iff the word right before `at` (same line) is a role or person noun in lower case.
  bool noun_before(std::size_t at) const;

  // Returns true iff the name ending at `end` modifies the role noun after it ("Obama consultant
  // Cornell Belcher", "Clinton aides"): then it is no subject of its sentence.
  bool modifies_noun(std::size_t end) const;

  // Returns true iff `at` opens a sentence or clause: the paragraph's start, or after . ! ? : or a quote.
  bool sentence_initial(std::size_t at) const;

  // A given name alone after one of name_leads (misc.yaml: "a resident named Caroline", "a
  // man identified only as Omar"): a person known by that name only, of its gender.
  void scan_led_given_names();

  // Given names in apposition to a kin noun ("Trump's wife, Melania,", "his wife, Jane,"):
  // the person named with the possessor's surname (Melania Trump), of the kin noun's gender
  // (kin_nouns in coreference.yaml). "his"/"her" is the nearest earlier person of that gender
  // named in the last two paragraphs. The mention's text is the given name alone.
  void scan_kin_names();

  // Bare surnames of the people named in full ("Crocker" after "Ryan Crocker").
  void scan_surnames();

  // Runs the descriptor rules ("X, Iraq's foreign minister," ...) and attaches descriptors.
  void scan_descriptors();

  // Returns true iff mention `m` reads as an object: the word before it and its titles ("for
  // Sen. Jo Roe", "under President Obama", "told the Republican nominee, Jo Roe") is one of
  // object_leads (misc.yaml).
  bool object_like(const Mention& m) const;

  // The sieves of the coreference cascade (coreference.yaml) for mentions of `kind`, in order;
  // a pack without the file gets the cascade the resolver had before it was data.
  std::vector<const CorefSieve*> sieves(std::string_view kind) const;

  static bool skips(const CorefSieve& sv, std::string_view what);

  // The start of paragraph `back` paragraphs before the one holding `at`.
  std::size_t paragraphs_back(std::size_t at, std::size_t back) const;

  // "he told Roe": the surname after "told" or "asked" right after the pronoun, or empty.
  std::string addressee_of(const Speaker& sp) const;

  // The first subject pronoun of `gender` ("he", "she") in [a, b) of the masked text (quotes'
  // words are hidden there), or npos.
  std::size_t subject_pronoun(std::size_t a, std::size_t b, Gender gender) const;

  // Returns true iff the words after a speaker mention ending at `end`, to the end of its
  // sentence at `sentence_end`, are a short attribution's verb and nothing quoted ("he said.").
  bool trailing_attribution(std::size_t end, std::size_t sentence_end) const;

  // Returns true iff the name ending at `end` modifies a role noun after it, with at most two
  // lower-case words between ("Obama consultant Jo Roe", "Roe senior communications adviser
  // Jo Lee"); none of those words a speech verb, a determiner or an object lead ("Roe told
  // the senator" names Roe).
  bool modifies_role(std::size_t end) const;

  // The salience sieve: the person the sentences are about. The part of the mention's own
  // sentence before it, then each earlier sentence (at most sv.sentences_back of them, within
  // sv.paragraphs_back paragraphs); in a sentence the first fitting person, left to right, so
  // its subject outranks a person named in passing or quoted later in it. A sentence whose
  // first fitting word is a subject pronoun of the gender goes on about someone named before
  // it (sv.chain): the speaker that pronoun resolved to, or the sentences before.
  int pronoun_salience(const Speaker& sp, const PronounInfo& pi, const CorefSieve& sv, const std::string& addressee);
  // The pronoun.forward sieve: a pronoun in a sentence's leading subordinate clause ("After he
  // spoke, Pastor Jo Roe ...") is the main clause's subject, a person named right after the
  // clause's comma; -1 when the sentence has no such clause or subject.
  int pronoun_forward(const Speaker& sp, const PronounInfo& pi);

  // Resolves a pronoun speaker through the pronoun sieves of the cascade, in order.
  void resolve_pronoun(Quote& quote, const Quote* previous);

  // The nearest sieve: the nearest earlier person of a fitting gender, sentence subjects and
  // speakers first, within the last paragraphs; then the previous speaker.
  int pronoun_nearest(const Speaker& sp, const PronounInfo& pi, const Quote* previous, const CorefSieve& sv,
                      const std::string& addressee);

  // "it said": the previous speaker when it is an organisation and none was named since, else
  // the nearest earlier organisation named as a subject in the last paragraphs.
  void resolve_organisation_pronoun(Speaker& sp, const Quote* previous, std::size_t window_start);

  // Resolves a definite description of a role ("the senator", "The Republican candidate") to
  // the person it refers back to: the previous speaker when named and no other person was
  // named as a subject since, else the nearest earlier subject in the last paragraphs. A
  // representative ("the spokesman") speaks for someone else and is left as it is.
  void resolve_definite(Quote& quote, const Quote* previous);

  // Resolves a speaker that is something issued ("the statement said", "the email said",
  // "Ryan's office said"; document_nouns in coreference.yaml) to its issuer, through the
  // document sieves of the cascade.
  void resolve_document(Quote& quote, const Quote* previous);

  // The issuer sieve. "Roe's office", "Jo Roe's brief": the possessor, a person of the document
  // with that name. "The statement": the one who issued it, the first person or organisation
  // named in the nearest earlier sentence that holds the noun ("Fox News said in a statement",
  // "the council issued a statement"), else the previous speaker.
  bool document_issuer(Speaker& sp, const Quote* previous, const CorefSieve& sv);
  struct IssuerSentence {
    std::size_t start, paragraph, sentence;  // the sentence's start, para_sentences[paragraph][sentence]
  };
  std::map<std::string, std::vector<IssuerSentence>, std::less<>> issuer_index;  // issuer_sentences() by noun
  const std::vector<IssuerSentence>& issuer_sentences(const std::string& head);
  std::optional<std::pair<std::size_t, std::size_t>> issuer_capitals(std::string_view words, const std::string& head) const;
  struct TypedSentence {
    std::size_t start, paragraph;  // the sentence's start and paragraph
    std::string name;              // the organisation it names (typed_name())
  };
  std::map<const RulePack::OrganisationType*, std::vector<TypedSentence>> typed_index;  // typed_sentences() by type
  const std::vector<TypedSentence>& typed_sentences(const RulePack::OrganisationType& type);
  std::string typed_name(std::string_view text, const RulePack::OrganisationType& type) const;

  // The head of a definite description of a person's role ("the New Jersey governor" ->
  // governor), or empty: no such description, or a representative ("the spokesman").
  std::string definite_head(const Speaker& sp) const;

  // The introduced-role sieve: "the governor" to the person introduced with that role ("Gov.
  // Jo Roe", "Jo Roe, the governor of Ohio"; of the same place or party when the description
  // names one), the nearest when they are one person; two holders of the role leave it to the
  // next sieve.
  bool definite_introduced(Quote& quote, const CorefSieve& sv);

  bool definite_nearest(Quote& quote, const Quote* previous, const CorefSieve& sv);
  // The introduced-type sieve: "the newspaper", "the editorial board" (organisation_types) to
  // the nearest organisation named as one before it: a name ending in one of the type's heads
  // ("the Daily News"), or a name with an appositive holding one of its nouns ("the Union
  // Leader, the state's largest newspaper,").
  bool definite_type(Quote& quote, const CorefSieve& sv);

  // The attribution's confidence: its rule's, times the factor for how the name was found.
  void score(Speaker& sp) const;

  void run();

  // A quote no rule attributes that runs on into the next quote of its sentence, whose speaker
  // follows them both ('Guns are "Q1" and "Q2," Jo Roe said'), takes that speaker: only spaces,
  // commas, "and" or "or" stand between the two quotes.
  void inherit_from_next(Quote& quote, const Quote& next);

  // A quote no rule attributes takes the speaker of the quote before it when it follows on:
  // in the same paragraph, or opening the next paragraph of one quoted speech.
  void inherit(Quote& quote, std::size_t i);
};

}  // namespace quotecheck::detail
