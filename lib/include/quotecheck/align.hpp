// quotecheck - alignment: the same statement found across documents.
//
//   auto statements = quotecheck::align_statements(quotes, pack);
//
// Each statement has a reference text (the wording most quotes give, the longest of those)
// and every other quote of it shares a passage with that reference itself (passage.hpp):
// nothing joins a statement through a third quote. Quotes with the same canonical words (one
// wire story in many outlets) are one text, joined without comparing them; candidates among
// the texts come from an index of word shingles, never from comparing all pairs, and
// shingles held by more than AlignmentConfig::max_postings distinct texts (boilerplate) are
// not used for candidates: copies of one popular quote are one text and never count twice.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "quotecheck/attribution.hpp"
#include "quotecheck/passage.hpp"
#include "quotecheck/rules.hpp"

namespace quotecheck {

struct Statement {
  std::string id;                   // s1, s2 ...
  std::string speaker;              // the entity most quotes give, empty when none
  std::vector<std::size_t> quotes;  // indices into the run's quote list, in order
  std::size_t reference = 0;        // the quote (index into the run's list) others are aligned to
  std::vector<Relation> relations;  // each quote's relation to the reference, as `quotes`
};

// Returns the relation of two quotes' texts, or nullopt when they are not one statement.
std::optional<Relation> relate(std::string_view a, std::string_view b, const RulePack& pack);

// Groups `quotes` into statements (every quote is in exactly one); sets Quote::statement.
std::vector<Statement> align_statements(std::vector<Quote*>& quotes, const RulePack& pack);

}  // namespace quotecheck
