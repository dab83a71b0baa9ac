// quotecheck - private: the RE2 programs of a loaded rule pack.
#pragma once

#include <re2/re2.h>
#include <re2/set.h>

#include <memory>
#include <vector>

#include "quotecheck/rules.hpp"

namespace quotecheck::detail {

struct CompiledRules {
  std::vector<std::unique_ptr<RE2>> attribution;  // parallel to RulePack::attribution
  std::vector<int> attribution_speaker_group;     // capture index of (?P<speaker>)
  // One RE2::Set per scope holding that scope's attribution patterns: one pass over a window
  // tells which rules can match, and only those run again to find the speaker.
  std::unique_ptr<RE2::Set> scope_sets[4];
  std::vector<int> scope_rules[4];  // set index -> rule index
  std::vector<std::unique_ptr<RE2>> descriptors;  // parallel to RulePack::descriptors
  std::vector<int> descriptor_name_group, descriptor_text_group;
};

// Returns RE2 options for rule patterns: no logging, bounded memory.
RE2::Options rule_options();

}  // namespace quotecheck::detail
