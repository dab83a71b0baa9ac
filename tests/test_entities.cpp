// quotecheck - tests of entity resolution: one person across mentions and documents.
#include <catch2/catch.hpp>

#include "quotecheck/entities.hpp"
#include "support.hpp"

using namespace quotecheck;

TEST_CASE("name_key: lower case, no accents, hyphens as spaces, no initials", "[entities]") {
  struct Case {
    const char* name;
    const char* key;
  };
  const Case cases[] = {
      {"Ryan Crocker", "ryan crocker"},
      {"Ryan C. Crocker", "ryan crocker"},
      {"Kazemi-Qomi", "kazemi qomi"},
      {"Hassan Kazemi Qomi", "hassan kazemi qomi"},
      {"Nouri al-Maliki", "nouri al maliki"},
      {"Jos\xC3\xA9 Mart\xC3\xAD", "jose marti"},
      {"Martin Luther King Jr.", "martin luther king"},
      {"O'Brien", "obrien"},
      {"  Crocker ", "crocker"},
  };
  for (const auto& c : cases) {
    INFO(c.name);
    CHECK(name_key(c.name) == c.key);
  }
  CHECK(name_key("Kazemi Qomi") == name_key("Kazemi-Qomi"));
}

TEST_CASE("name_key: a printable ASCII name has the key that Unicode folding gives it", "[entities]") {
  // An accented letter alone folds to a one-letter token, which the key drops: appended, it
  // sends the name through utf8proc without changing its key, so the two paths are compared.
  for (char c = 0x20; c < 0x7F; ++c) {
    for (std::string name : {std::string("Ab") + c + "Cd Ef", std::string(1, c) + "Roe", std::string("Jo ") + c + c + "Roe"}) {
      INFO(name);
      CHECK(name_key(name) == name_key(name + " \xC3\x89"));
    }
  }
}

namespace {

// A document holding person mentions with the given names, one sentence apart.
DocumentResult doc_with(const std::string& id, const std::vector<std::string>& names) {
  DocumentResult d;
  d.id = id;
  d.path = id + ".txt";
  std::size_t pos = 0;
  for (auto& n : names) {
    Mention m;
    m.text = n;
    m.name = n;
    m.start = pos;
    m.end = pos + n.size();
    m.pos = {1, static_cast<int>(pos) + 1};
    d.mentions.push_back(m);
    pos += n.size() + 20;
  }
  return d;
}

// Adds a quote spoken by mention `mention` of `d`.
void add_quote(DocumentResult& d, int mention) {
  Quote q;
  q.span.text = "Some words";
  Speaker sp;
  sp.mention = d.mentions[static_cast<std::size_t>(mention)].text;
  sp.mention_index = mention;
  q.speaker = sp;
  d.quotes.push_back(q);
}

std::string entity_of(const std::vector<DocumentResult>& docs, std::size_t d, std::size_t m) {
  return docs[d].mentions[m].entity;
}

const Entity* find_entity(const std::vector<Entity>& es, const std::string& id) {
  for (auto& e : es)
    if (e.id == id) return &e;
  return nullptr;
}

}  // namespace

TEST_CASE("entities: Kazemi Qomi, Kazemi-Qomi and Kazemi are one person", "[entities]") {
  std::vector<DocumentResult> docs = {doc_with("001", {"Hassan Kazemi Qomi"}), doc_with("003", {"Kazemi-Qomi"}),
                                      doc_with("004", {"Kazemi"})};
  auto es = resolve_entities(docs);
  CHECK(es.size() == 1);
  CHECK_FALSE(entity_of(docs, 0, 0).empty());
  CHECK(entity_of(docs, 0, 0) == entity_of(docs, 1, 0));
  CHECK(entity_of(docs, 0, 0) == entity_of(docs, 2, 0));
  const Entity* e = find_entity(es, entity_of(docs, 0, 0));
  REQUIRE(e);
  CHECK(e->name == "Hassan Kazemi Qomi");  // the most complete spelling
  CHECK(e->aliases == std::vector<std::string>{"Kazemi", "Kazemi-Qomi"});
}

TEST_CASE("entities: Nouri al-Maliki and Nuri al-Maliki are one person", "[entities]") {
  std::vector<DocumentResult> docs = {doc_with("a", {"Nouri al-Maliki"}), doc_with("b", {"Nuri al-Maliki"}),
                                      doc_with("c", {"al-Maliki"})};
  auto es = resolve_entities(docs);
  CHECK(es.size() == 1);
  CHECK(entity_of(docs, 0, 0) == entity_of(docs, 1, 0));
  CHECK(entity_of(docs, 0, 0) == entity_of(docs, 2, 0));
}

TEST_CASE("entities: Ryan C. Crocker and Ryan Crocker are one person", "[entities]") {
  std::vector<DocumentResult> docs = {doc_with("a", {"Ryan C. Crocker", "Crocker"}), doc_with("b", {"Ryan Crocker"})};
  auto es = resolve_entities(docs);
  CHECK(es.size() == 1);
  CHECK(entity_of(docs, 0, 0) == entity_of(docs, 0, 1));
  CHECK(entity_of(docs, 0, 0) == entity_of(docs, 1, 0));
}

TEST_CASE("entities: Bill Clinton and Hillary Clinton are two people", "[entities]") {
  SECTION("in one document; a bare surname goes to the nearest earlier full name") {
    std::vector<DocumentResult> docs = {doc_with("a", {"Bill Clinton", "Hillary Clinton", "Clinton"})};
    auto es = resolve_entities(docs);
    CHECK(es.size() == 2);
    CHECK(entity_of(docs, 0, 0) != entity_of(docs, 0, 1));
    CHECK(entity_of(docs, 0, 2) == entity_of(docs, 0, 1));
  }
  SECTION("across documents; a bare surname elsewhere stays apart from both") {
    std::vector<DocumentResult> docs = {doc_with("a", {"Bill Clinton"}), doc_with("b", {"Hillary Clinton"}),
                                        doc_with("c", {"Clinton"})};
    auto es = resolve_entities(docs);
    CHECK(entity_of(docs, 0, 0) != entity_of(docs, 1, 0));
    CHECK(entity_of(docs, 2, 0) != entity_of(docs, 0, 0));
    CHECK(entity_of(docs, 2, 0) != entity_of(docs, 1, 0));
  }
}

TEST_CASE("entities: a surname never joins a full name of the other gender", "[entities]") {
  auto gendered = [](DocumentResult d, std::vector<Gender> genders) {
    for (std::size_t i = 0; i < genders.size(); ++i) d.mentions[i].gender = genders[i];
    return d;
  };
  SECTION("in one document: Ms. Trump is Ivanka Trump, even after Donald Trump") {
    std::vector<DocumentResult> docs = {gendered(doc_with("a", {"Ivanka Trump", "Donald Trump", "Trump"}),
                                                 {Gender::female, Gender::male, Gender::female})};
    resolve_entities(docs);
    CHECK(entity_of(docs, 0, 2) == entity_of(docs, 0, 0));
    CHECK(entity_of(docs, 0, 2) != entity_of(docs, 0, 1));
  }
  SECTION("across documents: Mrs. Clinton does not join Bill Clinton") {
    std::vector<DocumentResult> docs = {gendered(doc_with("a", {"Bill Clinton"}), {Gender::male}),
                                        gendered(doc_with("b", {"Clinton"}), {Gender::female})};
    resolve_entities(docs);
    CHECK(entity_of(docs, 1, 0) != entity_of(docs, 0, 0));
  }
}

TEST_CASE("entities: ids follow document order and speakers get the entity's name", "[entities]") {
  std::vector<DocumentResult> docs = {doc_with("a", {"Ryan Crocker", "Hassan Kazemi Qomi"}), doc_with("b", {"Crocker"})};
  add_quote(docs[1], 0);
  auto es = resolve_entities(docs);
  REQUIRE(es.size() == 2);
  CHECK(es[0].id == "e1");
  CHECK(es[0].name == "Ryan Crocker");
  CHECK(es[1].id == "e2");
  CHECK(es[1].name == "Hassan Kazemi Qomi");
  REQUIRE(docs[1].quotes[0].speaker);
  CHECK(docs[1].quotes[0].speaker->entity == "e1");
  CHECK(docs[1].quotes[0].speaker->name == "Ryan Crocker");
}

TEST_CASE("entities: from extracted articles", "[entities]") {
  const RulePack& pack = qc_test::shipped_pack();
  auto doc = [&](const std::string& id, const std::string& body) {
    Diagnostics diags;
    return extract(make_document(id, id + ".txt", "Talks in Baghdad\n\n" + body + "\n", diags), pack);
  };
  std::vector<DocumentResult> docs = {
      doc("001", R"(Hassan Kazemi Qomi, Iran's ambassador to Iraq, spoke after the meeting. "Some problems have been raised and studied," Kazemi Qomi said.)"),
      doc("003", R"("Some problems have been raised and studied," said Hassan Kazemi-Qomi.)"),
      doc("004", R"("Some problems have been raised and studied," Kazemi said.)"),
  };
  auto es = resolve_entities(docs);
  std::vector<std::string> speakers;
  for (auto& d : docs) {
    REQUIRE(d.quotes.size() == 1);
    REQUIRE(d.quotes[0].speaker);
    speakers.push_back(d.quotes[0].speaker->entity);
  }
  CHECK_FALSE(speakers[0].empty());
  CHECK(speakers[1] == speakers[0]);
  CHECK(speakers[2] == speakers[0]);
  const Entity* e = find_entity(es, speakers[0]);
  REQUIRE(e);
  CHECK_THAT(e->name, Catch::Contains("Kazemi"));
  // The appositive's role is kept on the entity.
  bool ambassador = false;
  for (auto& d : e->descriptors)
    if (d.descriptor.role == "ambassador" && d.descriptor.affiliation == "Iran") ambassador = true;
  CHECK(ambassador);
}
