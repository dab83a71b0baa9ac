// quotecheck - alignment: the same statement found across documents.
//
// Quotes are grouped into statements when identical, trimmed (one holds the other) or
// reworded (most words shared, as two translations of one remark). Identical quotes (one
// wire story in many outlets) are one text and joined at once; candidates among the texts
// come from an index of word shingles, never from comparing all pairs; shingles that occur in
// more than AlignmentConfig::max_postings quotes (boilerplate) are not used for candidates.
#pragma once

#include <string>
#include <vector>

#include "quotecheck/attribution.hpp"
#include "quotecheck/rules.hpp"

namespace quotecheck {

enum class Relation { identical, trimmed, reworded };
const char* relation_name(Relation r);

struct Statement {
  std::string id;  // s1, s2 ...
  std::string speaker;  // the entity most quotes give, empty when none
  std::vector<std::size_t> quotes;  // indices into the run's quote list, in order
};

// Compares two quotes' words. Returns the relation, or nullopt when they are not one statement.
std::optional<Relation> relate(const std::vector<std::string>& a, const std::vector<std::string>& b,
                               const AlignmentConfig& config);

// Groups `quotes` into statements (every quote is in exactly one); sets Quote::statement.
std::vector<Statement> align_statements(std::vector<Quote*>& quotes, const AlignmentConfig& config);

}  // namespace quotecheck
