// quotecheck - attribution: who said each quote, with the titles and roles given to them.
//
//   quotecheck::DocumentResult r = quotecheck::extract(doc, pack);
//
// The rule pack's attribution patterns run in a window around each quote with every quote's
// words masked, so a verb inside a quote is never taken. Quotes no pattern attributes may
// inherit the previous speaker (a follow-up quote in the same paragraph, or the next
// paragraph of one quoted speech). Pronouns resolve to the nearest earlier person of a
// compatible gender, preferring the previous attribution's subject.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "quotecheck/document.hpp"
#include "quotecheck/quotes.hpp"
#include "quotecheck/rules.hpp"
#include "quotecheck/text.hpp"

namespace quotecheck {

// A title or role given to a person: "Iraq's foreign minister" -> role "foreign minister",
// affiliation "Iraq".
struct Descriptor {
  std::string text;
  std::string role;         // canonical role, empty when none is known
  std::string role_form;    // the role as written ("Advisor")
  std::string affiliation;  // canonical place or organisation, may be empty
  std::string party;        // canonical party (lexicon/parties.yaml), may be empty
  std::size_t start = 0, end = 0;
  Position pos;
  std::string rule;
};

// A mention of a person (or organisation) in a document.
struct Mention {
  std::string text;  // the words as written: "U.S. Ambassador Ryan Crocker"
  std::string name;  // the name part: "Ryan Crocker"
  std::size_t start = 0, end = 0;  // the name part's span
  Position pos;                    // of start
  Gender gender = Gender::unknown;
  bool person = true;
  bool subject = false;  // a speaker, or the first words of a sentence
  std::size_t segment = 0;
  std::vector<Descriptor> descriptors;
  std::string entity;  // filled by entity resolution
};

// How a speaker's name was found, weakest last: named at the attribution site ("Crocker
// said"), a pronoun resolved to an earlier person, a definite description ("the senator")
// resolved to the person it refers back to, or inherited from the quote before.
enum class Via { site, pronoun, description, inherited };
const char* via_name(Via v);

struct Speaker {
  std::string mention;  // the words at the attribution site ("he", "a spokesman", "Crocker")
  std::string name;     // the resolved full name, empty when not resolved
  std::string entity;   // entity id, filled by resolve_entities
  std::size_t start = 0, end = 0;  // span of the mention
  std::string rule;     // the rule that made the attribution
  bool person = true;
  Gender gender = Gender::unknown;
  int mention_index = -1;  // index into DocumentResult::mentions of the resolved person
  Via via = Via::site;
  std::string sieve;    // the coreference sieve that linked a pronoun or description (coreference.yaml)
  // How far the attribution is to be trusted, 0..1: the rule's `confidence` (attribution.yaml)
  // times the factor for `via` (speaker_confidence in checks.yaml), and lower when the mention
  // resolved to no name.
  double confidence = 1.0;
};

struct Quote {
  std::string id;  // q1, q2 ... in document order (assigned by the pipeline)
  std::size_t doc = 0;      // index into the run's documents
  std::size_t segment = 0;  // index into the document's segments
  QuoteSpan span;
  Position pos;
  QuoteKind kind = QuoteKind::partial;
  std::optional<Speaker> speaker;
  std::string statement;  // statement id, filled by alignment
};

// A quotation mark closed and never opened.
struct StrayMark {
  std::size_t offset = 0;
  Position pos;
  std::string context;  // the words around it
};

// What one document yields. A pure function of the document and the rule pack, so it can be
// computed in parallel, cached, or produced on another machine.
struct DocumentResult {
  std::string id, path, outlet, url, date, title;
  int record_line = 0;
  std::vector<Segment> segments;
  std::vector<Quote> quotes;
  std::vector<Mention> mentions;
  std::vector<StrayMark> stray_marks;
  Diagnostics diagnostics;
  std::size_t bytes = 0;
};

// Finds the embedded sources of `doc` (a URL line or an agency byline opens one).
std::vector<Segment> find_segments(const Document& doc, const RulePack& pack);

// Runs quote scanning, attribution and descriptor parsing on one document.
DocumentResult extract(const Document& doc, const RulePack& pack);

// Parses descriptor text ("the Iraqi government spokesman") into role and affiliation.
Descriptor parse_descriptor(std::string_view text, const RulePack& pack);

}  // namespace quotecheck
