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
// The same as document_people() for each document, then join_people().
std::vector<Entity> resolve_entities(std::vector<DocumentResult>& docs);

// The people of one document: its mentions joined within the document (a bare surname to
// the nearest earlier full name), with what the entities keep of them. A pure function of
// the document, so it is computed as each document is extracted; afterwards the mentions no
// quote speaks through can be dropped (see person_of).
struct DocumentPeople {
  struct Described {
    std::size_t mention = 0;  // index into the document's mentions, for the order
    EntityDescriptor use;     // doc is set when the documents are joined
  };
  struct Person {
    std::vector<std::string> tokens;  // of the most complete name key
    bool person = true;
    Gender gender = Gender::unknown;
    std::size_t first_pos = 0;
    std::vector<std::pair<std::string, std::size_t>> spellings;  // name as written -> count, sorted
    std::vector<Described> descriptors;                         // each place once, in mention order
    std::vector<std::pair<std::size_t, NameUse>> names;         // (mention, use): each spelling once
  };
  std::vector<Person> people;
  std::vector<int> person_of;  // for each mention of the document, its person, or -1
};

DocumentPeople document_people(const DocumentResult& doc);

// Joins the people of `docs` (people[d] from document_people(docs[d])) across documents;
// sets Mention::entity (through person_of), Speaker::entity and Speaker::name. Moves the
// descriptors and spellings out of `people`. Entity ids are e<first_entity + 1> ...
std::vector<Entity> join_people(std::vector<DocumentResult>& docs, std::vector<DocumentPeople>& people,
                                std::size_t first_entity = 0);

// Returns the comparison key of a name: lower case, no accents, hyphens as spaces,
// particles (al-, el-) kept as words, initials dropped.
std::string name_key(std::string_view name);

}  // namespace quotecheck
