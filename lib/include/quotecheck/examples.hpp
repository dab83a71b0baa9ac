// quotecheck - rule examples: every rule's positive and negative examples, run as checks.
//
//   for (auto& d : quotecheck::check_rule_examples(pack)) std::cerr << d.str() << '\n';
//
// An example is a whole one-line document. For an attribution rule, the LAST quote of a
// positive example must be attributed by the rule (to `speaker` when given) and the last
// quote of a negative example must not be. For a descriptor rule, a positive example must
// yield a descriptor from the rule (on the person named `speaker` when given) and a negative
// example none.
#pragma once

#include "quotecheck/diagnostic.hpp"
#include "quotecheck/rules.hpp"

namespace quotecheck {

// Returns one error per failing example, at the example's file:line, with the rule id.
Diagnostics check_rule_examples(const RulePack& pack);

}  // namespace quotecheck
