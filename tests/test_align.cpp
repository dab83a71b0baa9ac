// quotecheck - tests of alignment: relations between quotes and statements across documents.
#include <catch2/catch.hpp>

#include <chrono>
#include <deque>
#include <set>

#include "quotecheck/align.hpp"
#include "quotecheck/text.hpp"

using namespace quotecheck;

namespace {

std::optional<Relation> rel(const std::string& a, const std::string& b) {
  return relate(words(a), words(b), AlignmentConfig{});
}

const std::string k_full =
    "Today, after two years of negotiations, the United States, together with our international partners, has "
    "achieved something that decades of animosity has not";

}  // namespace

TEST_CASE("relate: identical, trimmed, reworded, unrelated", "[align]") {
  SECTION("identical words, whatever the punctuation, case and quote style") {
    CHECK(rel("We are hopeful that Washington's outlook will change.",
              "we are hopeful that Washington\xE2\x80\x99s outlook will change") == Relation::identical);
  }
  SECTION("trimmed: one holds the other") {
    CHECK(rel(k_full, "Today, after two years of negotiations, the United States has achieved something") ==
          Relation::trimmed);
    CHECK(rel("after two years of negotiations, the United States, together with our international partners", k_full) ==
          Relation::trimmed);
  }
  SECTION("reworded: two translations of one remark") {
    CHECK(rel("We are hopeful that Washington's realistic outlook will lead to a change in its policy",
              "We are hopeful that Washington's realistic approach will lead it to change its policies") ==
          Relation::reworded);
    CHECK(rel("a first step in negotiations between these two sides",
              "the first step in the process of negotiations between the two sides") == Relation::reworded);
  }
  SECTION("unrelated") {
    CHECK_FALSE(rel("This is about actions, not just principles", "The focus of our discussions were Iraq and Iraq only"));
    CHECK_FALSE(rel("We will meet again next month in Baghdad", "There was pretty good congruence right down the line"));
  }
  SECTION("quotes shorter than min_words are never related") {
    CHECK_FALSE(rel("cooler heads", "cooler heads"));
    CHECK_FALSE(rel("businesslike", "businesslike"));
  }
}

namespace {

// Quotes owned by the test, pointed at as align_statements wants.
struct Quotes {
  std::deque<Quote> store;
  std::vector<Quote*> ptrs;
  std::size_t add(const std::string& text, std::size_t doc, const std::string& entity = {}) {
    Quote q;
    q.doc = doc;
    q.id = "q";
    q.id += std::to_string(store.size() + 1);  // not "q" + ...: GCC 12 -Wrestrict false positive
    q.span.text = text;
    if (!entity.empty()) {
      Speaker sp;
      sp.entity = entity;
      sp.name = entity;
      q.speaker = sp;
    }
    store.push_back(q);
    ptrs.push_back(&store.back());
    return ptrs.size() - 1;
  }
};

// The statement index of each quote.
std::vector<std::size_t> groups(const std::vector<Statement>& ss, std::size_t n) {
  std::vector<std::size_t> of(n, static_cast<std::size_t>(-1));
  for (std::size_t s = 0; s < ss.size(); ++s)
    for (auto qi : ss[s].quotes) of[qi] = s;
  return of;
}

}  // namespace

TEST_CASE("align_statements: the same quote in three documents is one statement", "[align]") {
  Quotes qs;
  auto a = qs.add("This is about actions, not just principles.", 0, "e1");
  auto x = qs.add("The focus of our discussions were Iraq and Iraq only", 0, "e1");
  auto b = qs.add("This is about actions not just principles", 1, "e1");
  auto c = qs.add("\xE2\x80\x9CThis is about actions, not just principles,\xE2\x80\x9D", 2, "e2");
  auto y = qs.add("businesslike", 2);
  auto ss = align_statements(qs.ptrs, AlignmentConfig{});
  // Every quote is in exactly one statement.
  std::size_t total = 0;
  for (auto& s : ss) total += s.quotes.size();
  CHECK(total == qs.ptrs.size());
  auto of = groups(ss, qs.ptrs.size());
  CHECK(of[a] == of[b]);
  CHECK(of[a] == of[c]);
  CHECK(of[x] != of[a]);
  CHECK(of[y] != of[a]);
  CHECK(of[y] != of[x]);
  REQUIRE(ss.size() == 3);
  // Ids in order of first quote; Quote::statement set; the majority speaker.
  CHECK(ss[0].id == "s1");
  CHECK(ss[1].id == "s2");
  CHECK(ss[2].id == "s3");
  CHECK(qs.ptrs[a]->statement == "s1");
  CHECK(qs.ptrs[c]->statement == "s1");
  CHECK(qs.ptrs[x]->statement == "s2");
  CHECK(ss[0].speaker == "e1");
  CHECK(ss[2].speaker.empty());
}

TEST_CASE("align_statements: a trimmed and a reworded version join the full quote", "[align]") {
  Quotes qs;
  auto full = qs.add(k_full + " - a comprehensive, long-term deal with Iran that will prevent it from obtaining a nuclear weapon", 0);
  auto trimmed = qs.add(k_full, 1);
  auto other = qs.add("I will veto any legislation that prevents the successful implementation of this deal", 1);
  auto ss = align_statements(qs.ptrs, AlignmentConfig{});
  auto of = groups(ss, qs.ptrs.size());
  CHECK(of[full] == of[trimmed]);
  CHECK(of[other] != of[full]);
}

TEST_CASE("align_statements: a very common shingle does not merge or explode the candidates", "[align]") {
  // 500 quotes share "he said that the"; quote i and quote i + 250 share their other words.
  const std::size_t n = 500, half = n / 2;
  Quotes qs;
  auto text = [](std::size_t k) {
    std::string s = "he said that the";
    for (int w = 0; w < 6; ++w) s += " w" + std::to_string(k) + "x" + std::to_string(w);
    return s;
  };
  for (std::size_t i = 0; i < n; ++i) qs.add(text(i % half), i / half);
  auto started = std::chrono::steady_clock::now();
  auto ss = align_statements(qs.ptrs, AlignmentConfig{});
  auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  REQUIRE(ss.size() == half);
  for (auto& s : ss) {
    REQUIRE(s.quotes.size() == 2);
    CHECK(s.quotes[1] == s.quotes[0] + half);
  }
  CHECK(seconds < 5.0);
}
