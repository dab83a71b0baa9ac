// quotecheck - entities: the mentions of one person joined, within and across documents.
//
// "Crocker", "Ryan C. Crocker" and "U.S. Ambassador Ryan Crocker" are one entity; so are
// "Kazemi Qomi", "Kazemi-Qomi" and "Kazemi", and "Nouri al-Maliki" and "Nuri al-Maliki"
// (a name variant). Two people who share a surname (Bill and Hillary Clinton) are not
// joined; a bare surname goes to the nearest earlier full name in its document.
#pragma once

#include <string>
#include <vector>

#include "quotecheck/attribution.hpp"

namespace quotecheck {

struct EntityDescriptor {
  Descriptor descriptor;
  std::size_t doc = 0;
  std::size_t segment = 0;
};

struct NameUse {
  std::string name;  // a full-name spelling
  std::size_t doc = 0, segment = 0;
  std::size_t start = 0, end = 0;
  Position pos;
};

struct Entity {
  std::string id;    // e1, e2 ...
  std::string name;  // the most complete, most frequent spelling
  std::vector<std::string> aliases;  // every other spelling, sorted
  bool person = true;
  Gender gender = Gender::unknown;
  std::vector<EntityDescriptor> descriptors;
  std::vector<NameUse> spellings;  // one per distinct full-name spelling per document
};

// Joins the mentions and speakers of `docs` into entities; sets Mention::entity,
// Speaker::entity and Speaker::name. Entity ids follow document order.
std::vector<Entity> resolve_entities(std::vector<DocumentResult>& docs);

// Returns the comparison key of a name: lower case, no accents, hyphens as spaces,
// particles (al-, el-) kept as words, initials dropped.
std::string name_key(std::string_view name);

}  // namespace quotecheck
