// quotecheck - tests of alignment: relations between quotes and statements across documents.
#include <catch2/catch.hpp>

#include <chrono>
#include <deque>
#include <set>

#include "quotecheck/align.hpp"
#include "quotecheck/text.hpp"
#include "support.hpp"

using namespace quotecheck;

namespace {

std::optional<Relation> rel(const std::string& a, const std::string& b) {
  return relate(a, b, qc_test::shipped_pack());
}

const std::string k_full =
    "Today, after two years of negotiations, the United States, together with our international partners, has "
    "achieved something that decades of animosity has not";

// Words of a long speech, for excerpts and chains.
const std::string k_speech =
    "We have to rebuild the roads and the bridges of this country, and we have to do it now, because every year we "
    "wait the bill grows larger and the work gets harder for the families who depend on them every single day of the "
    "week, in the cities and on the farms, from the coasts to the heartland of this nation";

struct RelationCase {
  const char* name;
  std::string a, b;
  std::optional<Relation> expected;
};

}  // namespace

TEST_CASE("relate: the passage two quotes share, and what it says of them", "[align]") {
  const std::vector<RelationCase> cases = {
      {"identical whatever the punctuation, case and quote glyphs", "We are hopeful that Washington's outlook will change.",
       "we are hopeful that Washington\xE2\x80\x99s outlook will change", Relation::identical},
      {"a number in digits and in words", "We have lost twenty-four soldiers in the province this year",
       "We have lost 24 soldiers in the province this year", Relation::form},
      {"a ratio in words and digits", "two-in-three voters say the country is going the wrong way",
       "2 in 3 voters say the country is going the wrong way", Relation::form},
      {"thousands separators and percent", "The plan would cost 2,000 dollars and cut taxes by 5% for every family",
       "The plan would cost 2000 dollars and cut taxes by five per cent for every family", Relation::form},
      {"contractions", "He's not going to win this state and he knows it",
       "He is not going to win this state and he knows it", Relation::form},
      {"closed and open compounds", "The workforce of this city deserves a raise this year",
       "The work force of this city deserves a raise this year", Relation::form},
      {"British and American spellings", "We will defend the honour of our neighbours and their favourite places",
       "We will defend the honor of our neighbors and their favorite places", Relation::form},
      {"everyone and everybody", "It has to be clear for everyone in this room tonight",
       "It has to be clear for everybody in this room tonight", Relation::form},
      {"trimmed: a prefix", k_full, "Today, after two years of negotiations, the United States, together with our",
       Relation::trimmed},
      {"trimmed: a part inside", "after two years of negotiations, the United States, together with our international partners",
       k_full, Relation::trimmed},
      {"elided: an ellipsis", k_full, "Today, after two years of negotiations ... has achieved something that decades of animosity has not",
       Relation::elided},
      {"elided: an editor's bracket", "He said that he will never support the bill that the House passed last week",
       "[John Boehner] said that he will never support the bill that the House passed last week", Relation::elided},
      {"overlapping excerpts of one speech",
       "We have to rebuild the roads and the bridges of this country, and we have to do it now, because every year we wait the bill grows larger",
       "and we have to do it now, because every year we wait the bill grows larger and the work gets harder for the families who "
       "depend on them every single day",
       Relation::overlapping},
      {"altered: a word substituted", "It is a sign of hope for the entire world, and we all know this is very much needed",
       "It is a sign of hope for the whole world, and we all know this is very much needed", Relation::altered},
      {"altered: a negation added", "There were times when we were sure we would be able to get where we are today",
       "There were times when we were not sure we would be able to get where we are today", Relation::altered},
      {"altered: the last word of a long quote", "We are going to fight for every vote in every county of this state and we will win",
       "We are going to fight for every vote in every county of this state and we will lose", Relation::altered},
      {"reworded: two translations of one remark",
       "We are hopeful that Washington's realistic approach to the current issues of Iraq by confessing its failed policy in Iraq "
       "and the region will guarantee a change",
       "We are hopeful that Washington's realistic outlook toward the current issues in Iraq, a confession about its failed "
       "policy there and the region, will guarantee a change",
       Relation::reworded},
      {"unrelated", "This is about actions, not just principles", "The focus of our discussions were Iraq and Iraq only",
       std::nullopt},
      {"two short quotes that end differently", "I'm a big fan of Paul", "I'm a big fan of Elizabeth Warren", std::nullopt},
      {"a short quote that shares words up to a change", "I would have been all in",
       "If Reagan had gone with Kemp, I would have been sitting in Siberia for a long time", std::nullopt},
      {"a short quote with two words changed", "I don't believe that's a good idea.",
       "I don't think that it's a good idea for us next week, before the convention, to make serious rules changes",
       std::nullopt},
      {"a short quote whose words lie scattered in a long one", "we want to make this country great",
       k_speech + ", and we want to make sure that this country is great", std::nullopt},
      {"quotes shorter than min_words are never related", "cooler heads", "cooler heads", std::nullopt},
      {"a short quote with its last word changed, all else equal", "We are laughing all the way to the bank",
       "We are laughing all the way to the vault", Relation::altered},
      {"a short quote with both ends changed", "You've got to be able to adapt", "They have got to be able to win",
       std::nullopt},
      {"a short quote with two one-word edits apart", "It's legitimate for people to raise questions about my age",
       "It's not legitimate for people to raise issues about my age", Relation::altered},
      // Edits at or next to a quote's own first or last word (planted-recall misses of issue 11).
      {"a word added right after the shorter quote's first word", "Frankly, do they understand what the voters of this state want?",
       "Do not they understand what the voters of this state want", Relation::altered},
      {"a word dropped right before the shorter quote's last word",
       "We will repair the lasting damage of decades of past neglect, and we will do it together with the towns",
       "We will repair the lasting damage of decades of neglect", Relation::altered},
      {"a word added after the shorter quote's first word, too little passage after it", "We are sure and we will win",
       "and so we will win", std::nullopt},
      {"a short quote's last word replaced where both end, of unequal length: another remark",
       "Was it worth it? Looking back, I don't think it was", "I don't think it matters", std::nullopt},
      {"a number replaced at the shorter quote's end while the longer goes on",
       "I promise to bring the budget bill to a vote by October 12, and I will ask my colleagues to back it",
       "bring the budget bill to a vote by October 13", Relation::altered},
      {"a word replaced at the shorter quote's end while the longer goes on is still another remark",
       "I promise to bring the budget bill to a vote by October, and I will ask my colleagues to back it",
       "bring the budget bill to a vote by Christmas", std::nullopt},
      {"a quote one word under min_words: the other with a word dropped", "Nobody doubts it was a betrayal of all the voters",
       "a betrayal of the voters", Relation::altered},
      {"a quote one word under min_words inside another, nothing dropped, stays apart",
       "Nobody doubts it was a betrayal of the voters", "a betrayal of the voters", std::nullopt},
      {"quotes one word under min_words, the same words, stay apart", "a betrayal of the voters", "a betrayal of the voters",
       std::nullopt},
      {"a word dropped before an editor's bracket both copies have", "We ask the families and the [farming] towns to stand with us against this plan",
       "We ask the families and [farming] towns to stand with us against this plan", Relation::altered},
      {"another number inside an editor's bracket both copies end with",
       "We can now use our votes in the assembly and on the board [the party holds three of the nine seats]",
       "We can now use our votes in the assembly and on the board [the party holds four of the nine seats]",
       Relation::altered},
      {"an editor's bracket of each with other words for one referent", "[The senator] told us that she will never vote for this bill",
       "[Warren] told us that she will never vote for this bill", Relation::form},
      {"an editor's bracket of each, a name given in full", "We think [Boehner] is going to bring the bill to the floor this week",
       "We think [John Boehner] is going to bring the bill to the floor this week", Relation::form},
      {"a number word of no value at a quote's start, the shorter inside the longer",
       "The court made its ruling today. Thousands of families will be kept waiting for the homes they were promised",
       "Millions of families will be kept waiting for the homes they were promised, and the city has no plan",
       Relation::altered},
      {"overlapping excerpts sharing a long run with one word changed in it",
       "The board met for hours on Monday and again on Tuesday, and in the end it agreed that the new bridge over the "
       "river will be finished before winter",
       "agreed that the new bridge over the lake will be finished before winter, and nobody on the board wanted to wait "
       "another year for it",
       Relation::altered},
  };
  for (const auto& c : cases) {
    INFO(c.name << "\n  a: " << c.a << "\n  b: " << c.b);
    auto got = rel(c.a, c.b);
    if (c.expected) {
      REQUIRE(got);
      CHECK(relation_name(*got) == std::string(relation_name(*c.expected)));
    } else {
      CHECK_FALSE(got);
    }
  }
}

TEST_CASE("align_passage: the edits inside the passage, none outside it", "[align]") {
  auto p = align_passage("Some people say we will not support it, but we will support the plan and we will win the vote",
                         "we will support the plan and we will not win the vote, my friends", qc_test::shipped_pack());
  REQUIRE(p);
  CHECK(p->relation == Relation::altered);
  REQUIRE(p->edits.size() == 1);
  CHECK(p->edits[0].a1 == p->edits[0].a0);       // nothing of a's there
  CHECK(p->edits[0].b1 == p->edits[0].b0 + 1);   // "not" added
  CHECK(p->a_outside);
  CHECK(p->b_outside);
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
  auto ss = align_statements(qs.ptrs, qc_test::shipped_pack());
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
  auto ss = align_statements(qs.ptrs, qc_test::shipped_pack());
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
  auto ss = align_statements(qs.ptrs, qc_test::shipped_pack());
  auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  REQUIRE(ss.size() == half);
  for (auto& s : ss) {
    REQUIRE(s.quotes.size() == 2);
    CHECK(s.quotes[1] == s.quotes[0] + half);
  }
  CHECK(seconds < 5.0);
}

TEST_CASE("align_statements: no chains: two excerpts that share nothing are not one statement", "[align]") {
  // a overlaps b and b overlaps c, but a and c share no words: every quote of a statement
  // aligns with its reference itself.
  Quotes qs;
  auto b = qs.add("and we have to do it now, because every year we wait the bill grows larger and the work gets harder "
                  "for the families who depend on them",
                  0);
  auto a = qs.add("We have to rebuild the roads and the bridges of this country, and we have to do it now, because every "
                  "year we wait",
                  1);
  auto c = qs.add("the work gets harder for the families who depend on them every single day of the week, in the cities "
                  "and on the farms",
                  2);
  auto ss = align_statements(qs.ptrs, qc_test::shipped_pack());
  auto of = groups(ss, qs.ptrs.size());
  CHECK(of[a] != of[c]);
  (void)b;
}

TEST_CASE("align_statements: a statement quoted by hundreds of outlets still aligns its altered copy", "[align]") {
  Quotes qs;
  const std::string text = "We will support the agreement because it keeps our country safe and our allies close";
  for (std::size_t i = 0; i < 300; ++i) qs.add(text, i);
  auto odd = qs.add("We will not support the agreement because it keeps our country safe and our allies close", 300);
  auto ss = align_statements(qs.ptrs, qc_test::shipped_pack());
  auto of = groups(ss, qs.ptrs.size());
  CHECK(of[odd] == of[0]);
  REQUIRE(ss[of[odd]].quotes.size() == 301);
  CHECK(ss[of[odd]].relations.back() == Relation::altered);
}

TEST_CASE("align_statements: a quote one word under min_words joins only the same speaker's quote", "[align]") {
  // The words of a longer quote with one dropped, by the same person: one statement; the same
  // words by someone else are a common phrase, not a copy.
  Quotes qs;
  auto full = qs.add("Nobody doubts it was a betrayal of all the voters", 0, "e1");
  auto same = qs.add("a betrayal of the voters", 1, "e1");
  auto other = qs.add("a betrayal of the voters", 2, "e2");
  auto nobody = qs.add("a betrayal of the voters", 3);
  auto ss = align_statements(qs.ptrs, qc_test::shipped_pack());
  auto of = groups(ss, qs.ptrs.size());
  CHECK(of[same] == of[full]);
  CHECK(of[other] != of[full]);
  CHECK(of[nobody] != of[full]);
  CHECK(of[other] != of[nobody]);
}
