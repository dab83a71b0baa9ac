// quotecheck - tokens, their features and token patterns (tokens.hpp, token_pattern.hpp).
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <thread>
#include <vector>

#include "quotecheck/token_pattern.hpp"
#include "quotecheck/tokens.hpp"
#include "support.hpp"

using quotecheck::tokens::Features;
using quotecheck::tokens::PatternSet;
using quotecheck::tokens::TokenMatch;

namespace {

std::vector<std::string> texts(std::string_view text, const std::vector<quotecheck::tokens::Token>& tokens) {
  std::vector<std::string> out;
  for (auto& t : tokens) out.emplace_back(text.substr(t.start, t.end - t.start));
  return out;
}

bool has(const Features& f, const quotecheck::tokens::Token& t, const char* feature) {
  int bit = f.find(feature);
  REQUIRE(bit >= 0);
  return t.features.test(static_cast<std::size_t>(bit));
}

// A small pack: speech verbs, honorifics, a role of two words, pronouns.
struct Fixture {
  Features features;
  PatternSet patterns{features};
  Fixture() {
    features.add_entries(features.add("verb"), {"said", "says", "told", "went on"}, true);
    features.add_entries(features.add("honorific"), {"Sen.", "Gov.", "Mr."});
    features.add_entries(features.add("role"), {"foreign minister", "spokesman"});
    features.add_entries(features.add("pronoun"), {"he", "she", "they"});
    features.add_abbreviations({"Sen.", "Gov.", "Mr.", "Jr."});
    features.add_clitics({"'re", "'ve", "'ll", "'m", "'d"});
  }
  // The text of each named group of pattern `source`'s first match in `text`, "name=words;".
  std::string run(const std::string& source, std::string_view text) {
    auto index = patterns.add(source);
    REQUIRE(index);
    REQUIRE(patterns.compile());
    auto tokens = features.tag(text);
    auto symbols = features.encode(tokens);
    TokenMatch m;
    if (!patterns.find(*index, symbols, 0, m)) return "no match";
    std::string out;
    for (auto& [name, span] : m.groups) {
      out += name + "=";
      if (span.last > span.first) out += std::string(text.substr(tokens[span.first].start, tokens[span.last - 1].end - tokens[span.first].start));
      out += ";";
    }
    return out;
  }
};

}  // namespace

TEST_CASE("tokens: words, initials, abbreviations, possessives and masked quotes", "[tokens]") {
  Fixture fx;
  std::string text = "\"####,\" said Sen. John C. O'Brien-Smith Jr., the U.S. envoy's aide; Jones’ view -- @@@@";
  auto tokens = fx.features.tag(text);
  CHECK(texts(text, tokens) == std::vector<std::string>{"\"", "####", ",", "\"", "said", "Sen.", "John", "C.", "O'Brien-Smith", "Jr.", ",", "the",
                                                       "U.S.", "envoy", "'s", "aide", ";", "Jones", "’", "view", "--", "@@@@"});
  CHECK(has(fx.features, tokens[1], "quote"));
  CHECK(has(fx.features, tokens[4], "verb"));
  CHECK(has(fx.features, tokens[5], "honorific"));
  CHECK(has(fx.features, tokens[5], "abbr"));
  CHECK(has(fx.features, tokens[7], "initial"));
  CHECK(has(fx.features, tokens[8], "cap"));
  CHECK_FALSE(has(fx.features, tokens[8], "upper"));
  CHECK(has(fx.features, tokens[12], "upper"));
  CHECK(has(fx.features, tokens[14], "poss"));
  CHECK(has(fx.features, tokens[18], "poss"));
  CHECK(has(fx.features, tokens[21], "target"));
  CHECK(has(fx.features, tokens[2], "glued"));
  CHECK_FALSE(has(fx.features, tokens[4], "glued"));
}

TEST_CASE("tokens: an entry of several words marks every token it covers, and only a whole match", "[tokens]") {
  Fixture fx;
  std::string text = "the foreign minister went on, a foreign envoy";
  CHECK(fx.features.tag("#### foreign minister").size() == 3);  // a masked quote before an entry
  auto tokens = fx.features.tag(text);
  // "went on" is one token (a verb's entries are one token where they stand).
  REQUIRE(texts(text, tokens) == std::vector<std::string>{"the", "foreign", "minister", "went on", ",", "a", "foreign", "envoy"});
  CHECK(has(fx.features, tokens[1], "role"));
  CHECK(has(fx.features, tokens[2], "role"));
  CHECK(has(fx.features, tokens[3], "verb"));
  CHECK_FALSE(has(fx.features, tokens[6], "role"));
}

TEST_CASE("tokens: a line break before a token is a feature of it", "[tokens]") {
  Fixture fx;
  auto tokens = fx.features.tag("Bush\nOn Radical Islam");
  REQUIRE(tokens.size() == 4);
  CHECK_FALSE(has(fx.features, tokens[0], "nl"));
  CHECK(has(fx.features, tokens[1], "nl"));
  CHECK_FALSE(has(fx.features, tokens[2], "nl"));
}

TEST_CASE("token patterns: an inverted speaker with an honorific and a party label", "[tokens][pattern]") {
  Fixture fx;
  std::string p = R"(^ [target] "," [verb] (?P<speaker>[honorific]* [cap & !honorific]+) ("," (?P<party>[/[RD]-\p{Lu}\p{L}*/] "."?) ",")?)";
  CHECK(fx.run(p, "@@@@, said Sen. Bob Corker, R-Tenn., on Tuesday.") == "party=R-Tenn.;speaker=Sen. Bob Corker;");
  CHECK(fx.run(p, "@@@@, said Bob Corker.") == "speaker=Bob Corker;");
  CHECK(fx.run(p, "@@@@, the report said.") == "no match");
}

TEST_CASE("token patterns: lazy and greedy repetition, alternation, negation, anchors", "[tokens][pattern]") {
  Fixture fx;
  // Lazy: the shortest subject before a verb, from the leftmost start.
  CHECK(fx.run("(?P<subject>[word]+?) [verb]", "the foreign minister said") == "subject=the foreign minister;");
  CHECK(fx.run("(?P<subject>[role]+) [verb]", "the foreign minister said") == "subject=foreign minister;");
  CHECK(fx.run("(?P<subject>[word & !role]+) [verb]", "the foreign minister said") == "no match");
  CHECK(fx.run("^ (?P<subject>[!verb]+) [verb] $", "the foreign minister said") == "subject=the foreign minister;");
  CHECK(fx.run("^ (?P<subject>[!verb]+) [verb] $", "the foreign minister said it") == "no match");
  CHECK(fx.run("(?P<who>[pronoun] | [cap]{2}) [verb]", "and then Jo Roe told") == "who=Jo Roe;");
  CHECK(fx.run("(?P<who>[pronoun] | [cap]{2}) [verb]", "and then she told") == "who=she;");
  CHECK(fx.run("\"according to\" (?P<source>[]+) $", "he said, according to Reuters") == "source=Reuters;");
  CHECK(fx.run("[!\"said\" & verb] (?P<o>[])", "he said, told them") == "o=them;");
  CHECK(fx.run("[target] $", "@@@@ he said") == "no match");
}

TEST_CASE("token patterns: a word is matched in the case its first letter is written in, or in any with ~", "[tokens][pattern]") {
  Fixture fx;
  CHECK(fx.run("(?P<w>\"Said\") [cap]", "SAID Roe") == "w=SAID;");
  // As written: a lower-case literal is a lower-case token, a capitalised one a capitalised
  // token; ~ takes any case.
  CHECK(fx.run("(?P<w>\"will\") [verb]", "Will said") == "no match");
  CHECK(fx.run("(?P<w>\"will\") [verb]", "they will say it, will said") == "w=will;");
  CHECK(fx.run("(?P<w>~\"will\") [verb]", "Will said") == "w=Will;");
  CHECK(fx.run("(?P<w>[~\"will\" | \"shall\"]) [verb]", "WILL said") == "w=WILL;");
}

TEST_CASE("token patterns: errors name the column and the macro", "[tokens][pattern]") {
  Features features;
  PatternSet patterns(features);
  patterns.define("bad", "[cap] [nope]");
  patterns.define("loop", "{loop}");
  struct Case {
    const char* source;
    const char* macro;
    int column;
    const char* message;
  };
  for (auto c : {Case{"[cap] [nosuch]", "", 8, "no token feature 'nosuch'"}, Case{"[cap", "", 1, "a token test is closed by ']'"},
                 Case{"cap", "", 1, "a feature goes in brackets ([cap]) and a word in quotes (\"said\")"},
                 Case{"[cap] )", "", 7, "')' without its '('"}, Case{"(?P<9>[cap])", "", 1, "a group's name is letters, digits and '_': (?P<speaker> ...)"},
                 Case{"[cap]{3,2}", "", 6, "a repetition's maximum is below its minimum"}, Case{"{bad}", "bad", 8, "no token feature 'nope'"},
                 Case{"{loop}", "loop", 1, "macro 'loop' uses itself"}, Case{"{none}", "", 1, "no macro 'none'"},
                 Case{"[/(/]", "", 2, "bad /regex/ test: missing ): ("}, Case{"^*", "", 1, "'^' and '$' cannot repeat"}}) {
    INFO(c.source);
    auto r = patterns.add(c.source);
    REQUIRE_FALSE(r);
    CHECK(r.error().macro == c.macro);
    CHECK(r.error().column == c.column);
    CHECK(r.error().message == c.message);
  }
}

TEST_CASE("token patterns: a test no token can pass is refused when compiled", "[tokens][pattern]") {
  Features features;
  PatternSet patterns(features);
  REQUIRE(patterns.add("[cap & !cap]"));
  auto r = patterns.compile();
  REQUIRE_FALSE(r);
  CHECK(r.error().message == "a token test that no token can pass");
}

TEST_CASE("token patterns: a big lexicon leaves the program as small as it was", "[tokens][pattern]") {
  auto program_size = [](int lemmas) {
    Features features;
    std::vector<std::string> verbs;
    for (int i = 0; i < lemmas; ++i) verbs.push_back("verb" + std::to_string(i));
    features.add_entries(features.add("verb"), verbs);
    PatternSet patterns(features);
    REQUIRE(patterns.add("(?P<speaker>[cap]+) [verb]"));
    REQUIRE(patterns.compile());
    auto tokens = features.tag("then Jo Roe verb7 it");
    TokenMatch m;
    REQUIRE(patterns.find(0, features.encode(tokens), 0, m));
    CHECK(m.groups.at("speaker").first == 1);
    CHECK(m.groups.at("speaker").last == 3);
    return patterns.program(0).size();
  };
  CHECK(program_size(10) == program_size(20000));
}

TEST_CASE("tokens: the shipped pack's lexicons are features", "[tokens]") {
  auto f = quotecheck::tokens::lexicon_features(qc_test::shipped_pack());
  CHECK(f.count() < quotecheck::tokens::k_max_features);
  std::string text = "\"####,\" said Lt. Gen. Jo Roe, Iran's foreign minister, adding she";
  auto tokens = f.tag(text);
  CHECK(texts(text, tokens) == std::vector<std::string>{"\"", "####", ",", "\"", "said", "Lt.", "Gen.", "Jo", "Roe", ",", "Iran", "'s",
                                                     "foreign", "minister", ",", "adding", "she"});
  CHECK(has(f, tokens[4], "verb.finite"));
  CHECK_FALSE(has(f, tokens[4], "verb.ing"));
  CHECK(has(f, tokens[5], "honorific"));
  CHECK(has(f, tokens[6], "honorific"));
  CHECK(has(f, tokens[10], "country"));
  CHECK(has(f, tokens[12], "role"));
  CHECK(has(f, tokens[13], "role"));
  CHECK(has(f, tokens[15], "verb.ing"));
  CHECK(has(f, tokens[16], "pronoun.female"));
  // person_noun: misc.yaml's person_nouns, with a plural s, after hyphenated words too.
  auto nouns = f.tag("aides co-founder strategist tables Aide");
  REQUIRE(nouns.size() == 5);
  CHECK(has(f, nouns[0], "person_noun"));
  CHECK(has(f, nouns[1], "person_noun"));
  CHECK(has(f, nouns[2], "person_noun"));
  CHECK_FALSE(has(f, nouns[3], "person_noun"));
  CHECK_FALSE(has(f, nouns[4], "person_noun"));
  auto names = f.tag("al-Maliki d'Estaing al-qaida");
  REQUIRE(names.size() == 3);
  CHECK(has(f, names[0], "cap"));
  CHECK(has(f, names[1], "cap"));
  CHECK_FALSE(has(f, names[2], "cap"));
}

TEST_CASE("tokens: a regular-expression test reads the token's UTF-8 (curly apostrophes)", "[tokens]") {
  Fixture fx;
  CHECK(fx.run(R"(^ (?P<speaker>[/O[’']\p{Lu}\p{Ll}+/]) [lower])", "O’Neill said") == "speaker=O’Neill;");
  CHECK(fx.run(R"(^ (?P<speaker>[/O[’']\p{Lu}\p{Ll}+/]) [lower])", "O'Neill said") == "speaker=O'Neill;");
  CHECK(fx.run(R"(^ (?P<speaker>[/O[’']\p{Lu}\p{Ll}+/ & lower]) [lower])", "O’Neill said") == "no match");
}

TEST_CASE("tokens: a verb's clitic is a token of its own, as a possessive is", "[tokens]") {
  Fixture fx;
  std::string text = "They’re sure we'll go, O'Neill said; I'm in, he'd say.";
  auto tokens = fx.features.tag(text);
  CHECK(texts(text, tokens) == std::vector<std::string>{"They", "’re", "sure", "we", "'ll", "go", ",", "O'Neill", "said", ";", "I", "'m", "in", ",", "he",
                                                       "'d", "say", "."});
  CHECK(has(fx.features, tokens[0], "pronoun"));
  CHECK(has(fx.features, tokens[1], "glued"));
  CHECK(fx.run(R"(^ (?P<speaker>[pronoun]) [glued & /[’']re/] [lower])", text) == "speaker=They;");
}

TEST_CASE("tokens: the verb clitics are the pack's own, none without them", "[tokens]") {
  std::string text = "They're sure we'll tell’em, I'M in, he'd say, O'Neill's.";
  Features none;
  CHECK(texts(text, none.tag(text)) == std::vector<std::string>{"They're", "sure", "we'll", "tell’em", ",", "I'M", "in", ",", "he'd",
                                                                "say", ",", "O'Neill", "'s", "."});
  Features own;
  own.add_clitics({"'ll", "’em", "m"});  // either apostrophe, or none
  auto tokens = own.tag(text);
  CHECK(texts(text, tokens) == std::vector<std::string>{"They're", "sure", "we", "'ll", "tell", "’em", ",", "I", "'M", "in", ",", "he'd",
                                                        "say", ",", "O'Neill", "'s", "."});
  CHECK(has(own, tokens[3], "word"));
  CHECK(has(own, tokens[3], "lower"));
  CHECK(has(own, tokens[3], "glued"));
  // The shipped pack's (misc.yaml verb_clitics).
  auto shipped = quotecheck::tokens::lexicon_features(qc_test::shipped_pack());
  CHECK(texts(text, shipped.tag(text)) == std::vector<std::string>{"They", "'re", "sure", "we", "'ll", "tell’em", ",", "I", "'M", "in",
                                                                   ",", "he", "'d", "say", ",", "O'Neill", "'s", "."});
}

TEST_CASE("tokens: the memo of /regex/ features belongs to one Features and its regexes", "[tokens]") {
  Features a, b;
  std::string error;
  int fa = a.add_regex("Ro.", error);
  int fb = b.add_regex("Lee", error);
  REQUIRE(fa >= 0);
  REQUIRE(fb >= 0);
  std::string text = "Roe met Lee";
  auto ta = a.tag(text);
  auto tb = b.tag(text);
  CHECK(ta[0].features.test(static_cast<std::size_t>(fa)));
  CHECK_FALSE(ta[2].features.test(static_cast<std::size_t>(fa)));
  CHECK(tb[2].features.test(static_cast<std::size_t>(fb)));
  CHECK_FALSE(tb[0].features.test(static_cast<std::size_t>(fb)));
  // A regex added after a tag is seen by the next one; a copy has a memo of its own.
  int fa2 = a.add_regex("L.e", error);
  Features c = a;
  int fc = c.add_regex("met", error);
  CHECK(a.tag(text)[2].features.test(static_cast<std::size_t>(fa2)));
  auto tc = c.tag(text);
  CHECK(tc[1].features.test(static_cast<std::size_t>(fc)));
  CHECK_FALSE(a.tag(text)[1].features.test(static_cast<std::size_t>(fc)));
}

namespace {

// `text` with its first quotation masked as the quote being attributed (@) and the others as
// quotes (#), as extraction masks a sentence window.
std::string masked_example(std::string text) {
  bool first = true;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '"') continue;
    std::size_t j = text.find('"', i + 1);
    if (j == std::string::npos) break;
    for (std::size_t k = i + 1; k < j; ++k)
      if (text[k] != ' ') text[k] = first ? '@' : '#';
    first = false;
    i = j;
  }
  return text;
}

}  // namespace

TEST_CASE("token patterns: the groups found over the tokens are RE2's, for every shipped pattern and example", "[tokens][pattern]") {
  // find() asks RE2's DFA whether a pattern matches and finds the match and its groups by its
  // own search over the tokens; find_with_re2() takes them from RE2's NFA. They must agree at
  // every start token, on every example of the shipped rules.
  const auto& pack = qc_test::shipped_pack();
  Features features = quotecheck::tokens::lexicon_features(pack);
  PatternSet patterns(features);
  for (auto& [name, source] : pack.token_macros) patterns.define(name, source);
  std::vector<std::string> texts_to_try;
  int added = 0;
  auto add = [&](const std::string& source, const std::vector<quotecheck::RuleExample>& examples) {
    if (source.empty()) return;
    REQUIRE(patterns.add(source).has_value());
    ++added;
    for (auto& e : examples) texts_to_try.push_back(masked_example(e.text));
  };
  for (auto& r : pack.attribution) add(r.tokens, r.examples);
  for (auto& r : pack.descriptors) add(r.tokens, r.examples);
  REQUIRE(added >= 30);
  REQUIRE(patterns.compile(512 << 20).has_value());
  auto show = [](const TokenMatch& m) {
    std::string out = std::to_string(m.whole.first) + "-" + std::to_string(m.whole.last);
    for (auto& [name, span] : m.groups) out += " " + name + "=" + std::to_string(span.first) + "-" + std::to_string(span.last);
    return out;
  };
  int matches = 0, grouped = 0;
  for (auto& text : texts_to_try) {
    auto toks = features.tag(text);
    auto symbols = features.encode(toks);
    // One Prepared for the text, searched from every token as a loop over matches does: it must
    // give what a search of the bare symbols gives.
    PatternSet::Prepared prepared(symbols);
    for (int p = 0; p < added; ++p)
      for (std::size_t from = 0; from <= toks.size(); ++from) {
        TokenMatch a, b, c;
        bool fa = patterns.find(p, symbols, from, a), fb = patterns.find_with_re2(p, symbols, from, b);
        bool fc = patterns.find(p, prepared, from, c);
        INFO("pattern " << p << " from token " << from << " in: " << text);
        REQUIRE(fa == fb);
        REQUIRE(fc == fa);
        if (!fa) continue;
        ++matches;
        grouped += !a.groups.empty();
        REQUIRE(show(a) == show(b));
        REQUIRE(show(c) == show(a));
      }
  }
  // The examples exercise the patterns: most rules match their own examples.
  CHECK(matches > 200);
  CHECK(grouped > 200);
}

TEST_CASE("token patterns: find() gives RE2's match and groups for anchored and unanchored patterns, negated words too",
          "[tokens][pattern]") {
  // find() (RE2's DFA for whether and where, then the token search, whose tests are flat lists
  // of byte masks and word sets) against RE2 alone, from every token of short and long windows:
  // patterns anchored at the start, at the end, at both and nowhere, with negated words and
  // features tested together with a word.
  Fixture f;
  std::vector<std::string> sources = {
      R"((?P<speaker>[honorific]? [cap]{1,3}) [verb] "."? $)",
      R"(^ (?P<speaker>[cap]{1,2}) [verb])",
      R"((^ | ",") (?P<speaker>[pronoun]) [verb] $)",
      R"("said" (?P<speaker>[cap]{0,2}) ("." | $) $)",
      R"(^ [cap]+ $)",
      R"(^ ([cap] | [lower]{2}) (?P<verb>[verb])?)",
      R"((?P<a>[]) [] $)",
      R"(^ $)",
      R"(^ (?P<who>[!"said" & !"Warren"]+) [verb])",
      R"(^ (?P<w>[!"the" & !lower] | ["the" & !cap]) [])",
      // A group inside a counted repetition: RE2 reports its last copy that matched.
      R"(((?P<w>[cap]) ","?){2})",
      R"(((?P<w>[cap]) ","?){1,3} [verb])",
      R"(((?P<w>[cap]) [lower]?)+ [verb])",
  };
  std::vector<int> index;
  for (auto& s : sources) {
    auto i = f.patterns.add(s);
    REQUIRE(i);
    index.push_back(*i);
  }
  REQUIRE(f.patterns.compile());
  std::vector<std::string> texts = {
      "Sen. Warren said.",
      "Warren said",
      "Sen. Warren Smith Jones said.",
      "The bill, which passed on Tuesday after a long fight, was signed, Sen. Warren said.",
      "Warren said the bill would pass, he said",
      "He said the committee would meet on Friday, said Mr. Smith.",
      "After the vote, said",
      "Smith",
      "Smith Jones Brown",
      "the man said it",
      "",
  };
  auto show = [](const TokenMatch& m) {
    std::string out = std::to_string(m.whole.first) + "-" + std::to_string(m.whole.last);
    for (auto& [name, span] : m.groups) out += " " + name + "=" + std::to_string(span.first) + "-" + std::to_string(span.last);
    return out;
  };
  int matches = 0, far = 0;
  for (auto& text : texts) {
    auto toks = f.features.tag(text);
    auto symbols = f.features.encode(toks);
    for (std::size_t p = 0; p < index.size(); ++p)
      for (std::size_t from = 0; from <= toks.size(); ++from) {
        TokenMatch a, b;
        bool fa = f.patterns.find(index[p], symbols, from, a), fb = f.patterns.find_with_re2(index[p], symbols, from, b);
        INFO(sources[p] << " from token " << from << " in: " << text);
        REQUIRE(fa == fb);
        if (!fa) continue;
        ++matches;
        far += a.whole.first > 3;
        REQUIRE(show(a) == show(b));
      }
  }
  CHECK(matches > 40);
  CHECK(far > 10);  // matches well inside long windows
}

TEST_CASE("token patterns: cells written as '.' where no match starts match what the classes written out match", "[tokens][pattern]") {
  // compile() writes a byte class that takes every byte of its kind (every marker byte, every
  // word byte) as '.', except in a test a match may start at: RE2 then builds its byte map
  // without splitting it at each such class, and the program matches only where it did. Every
  // shipped pattern, on every example and on the example's words in reverse order (windows that
  // mostly do not match), from every token, must find what the written-out program finds.
  const auto& pack = qc_test::shipped_pack();
  Features features = quotecheck::tokens::lexicon_features(pack);
  PatternSet patterns(features);
  for (auto& [name, source] : pack.token_macros) patterns.define(name, source);
  std::vector<std::string> texts_to_try;
  int added = 0;
  auto add = [&](const std::string& source, const std::vector<quotecheck::RuleExample>& examples) {
    if (source.empty()) return;
    REQUIRE(patterns.add(source).has_value());
    ++added;
    for (auto& e : examples) {
      std::string text = masked_example(e.text);
      texts_to_try.push_back(text);
      auto toks = features.tag(text);
      std::string reversed;
      for (std::size_t k = toks.size(); k-- > 0;) reversed += text.substr(toks[k].start, toks[k].end - toks[k].start) + " ";
      texts_to_try.push_back(reversed);
    }
  };
  for (auto& r : pack.attribution) add(r.tokens, r.examples);
  for (auto& r : pack.descriptors) add(r.tokens, r.examples);
  // Patterns whose matches may start at several tests, or at any token, on short windows.
  for (const char* source : {"[] []", "[cap]? [] $", "([lower] | ^) [cap]+", "[]{2,3}? [cap]", "(?P<a>[]*?) [/[A-Z]\\w*/] \",\"",
                             "([cap] \",\")* (?P<b>[!cap]+)", "(^ | \".\") [] \"said\""}) {
    REQUIRE(patterns.add(source).has_value());
    ++added;
  }
  for (const char* text : {"Jo Roe, he said. Then said Ann, the one", ". said it said . , Jo", "a, B, c. D said", "said"})
    texts_to_try.push_back(text);
  REQUIRE(patterns.compile(512 << 20).has_value());
  auto show = [](const TokenMatch& m) {
    std::string out = std::to_string(m.whole.first) + "-" + std::to_string(m.whole.last);
    for (auto& [name, span] : m.groups) out += " " + name + "=" + std::to_string(span.first) + "-" + std::to_string(span.last);
    return out;
  };
  int matches = 0, loose = 0;
  for (int p = 0; p < added; ++p) loose += patterns.program(p).find('.') != std::string::npos;
  CHECK(loose > added / 2);
  for (auto& text : texts_to_try) {
    auto symbols = features.encode(features.tag(text));
    auto n = symbols.size() / static_cast<std::size_t>(features.width());
    for (int p = 0; p < added; ++p)
      for (std::size_t from = 0; from <= n; ++from) {
        TokenMatch a, b;
        bool fa = patterns.find_with_re2(p, symbols, from, a), fb = patterns.find_with_re2(p, symbols, from, b, true);
        INFO("pattern " << p << " from token " << from << " in: " << text);
        REQUIRE(fa == fb);
        if (!fa) continue;
        ++matches;
        REQUIRE(show(a) == show(b));
      }
  }
  CHECK(matches > 200);
}

TEST_CASE("token patterns: RE2 builds a program when its pattern is first searched, and it finds what one built at once finds", "[tokens][pattern]") {
  // compile() leaves RE2 out (Build::on_first_use) unless RE2 might refuse the program; a search
  // builds it, once, whichever thread searches first. The matches are those of programs built by
  // compile() (Build::now), for every shipped pattern and example, from every token.
  const auto& pack = qc_test::shipped_pack();
  Features lazy_features = quotecheck::tokens::lexicon_features(pack), eager_features = lazy_features;
  PatternSet lazy(lazy_features), eager(eager_features);
  std::vector<std::string> texts_to_try;
  for (auto* set : {&lazy, &eager})
    for (auto& [name, source] : pack.token_macros) set->define(name, source);
  for (auto& r : pack.attribution) {
    if (r.tokens.empty()) continue;
    REQUIRE(lazy.add(r.tokens).has_value());
    REQUIRE(eager.add(r.tokens).has_value());
    for (auto& e : r.examples) texts_to_try.push_back(masked_example(e.text));
  }
  REQUIRE(lazy.size() >= 30);
  REQUIRE(lazy.compile().has_value());
  REQUIRE(eager.compile(8 << 20, PatternSet::Build::now).has_value());
  CHECK(lazy.built() == 0);
  CHECK(eager.built() == eager.size());
  auto show = [](const TokenMatch& m) {
    std::string out = std::to_string(m.whole.first) + "-" + std::to_string(m.whole.last);
    for (auto& [name, span] : m.groups) out += " " + name + "=" + std::to_string(span.first) + "-" + std::to_string(span.last);
    return out;
  };
  // Every answer of one set, "pattern from: match" per line.
  auto answers = [&](const PatternSet& set, const Features& f, std::size_t begin, std::size_t step) {
    std::string out;
    for (std::size_t k = begin; k < texts_to_try.size(); k += step) {
      auto symbols = f.encode(f.tag(texts_to_try[k]));
      auto n = symbols.size() / static_cast<std::size_t>(f.width());
      for (int p = 0; p < static_cast<int>(set.size()); ++p)
        for (std::size_t from = 0; from <= n; ++from) {
          TokenMatch m;
          out += std::to_string(k) + " " + std::to_string(p) + " " + std::to_string(from) + ": " + (set.find(p, symbols, from, m) ? show(m) : "-") + "\n";
        }
    }
    return out;
  };
  // Two threads search the lazy set at once, each over every other text.
  std::string lazy_even, lazy_odd;
  std::thread other([&] { lazy_odd = answers(lazy, lazy_features, 1, 2); });
  lazy_even = answers(lazy, lazy_features, 0, 2);
  other.join();
  CHECK(lazy_even == answers(eager, eager_features, 0, 2));
  CHECK(lazy_odd == answers(eager, eager_features, 1, 2));
  CHECK(lazy.built() > 0);
  CHECK(lazy.built() <= lazy.size());
  CHECK(std::count(lazy_even.begin(), lazy_even.end(), '=') > 100);
}

TEST_CASE("token patterns: a program RE2 refuses is compile()'s error, though programs are built when first searched", "[tokens][pattern]") {
  Fixture fx;
  REQUIRE(fx.patterns.add("(?P<speaker>[cap]+) [verb]"));
  // Counted repetitions nested to more than 1000 copies: RE2 refuses the program.
  REQUIRE(fx.patterns.add("(?P<speaker>([cap]{0,40}){0,40}) [verb]"));
  auto r = fx.patterns.compile();
  REQUIRE_FALSE(r);
  CHECK(r.error().pattern == 1);
  CHECK(r.error().message == "the compiled pattern is refused: invalid repetition size: {0,40}");
  // Nested to at most 1000 copies: accepted, and left to the first search.
  Fixture ok;
  REQUIRE(ok.patterns.add("(?P<speaker>([cap]{0,25}){0,40}) [verb]"));
  REQUIRE(ok.patterns.compile());
  CHECK(ok.patterns.built() == 0);
  // A program over RE2's memory: refused at compile() too.
  Fixture big;
  REQUIRE(big.patterns.add("(?P<speaker>[cap]{1,900}) [verb] [honorific]{0,900} [pronoun]"));
  auto too_big = big.patterns.compile(30000);
  REQUIRE_FALSE(too_big);
  CHECK(too_big.error().message == "the compiled pattern is refused: pattern too large - compile failed");
  Fixture roomy;
  REQUIRE(roomy.patterns.add("(?P<speaker>[cap]{1,900}) [verb] [honorific]{0,900} [pronoun]"));
  REQUIRE(roomy.patterns.compile());
  TokenMatch m;
  CHECK(roomy.patterns.find(0, roomy.features.encode(roomy.features.tag("then Jo Roe said Sen. she")), 0, m));
  CHECK(roomy.patterns.built() == 1);
}

TEST_CASE("tokens: a word holding a digit has the digit feature (\"EB-5\", \"G7\", \"2016\")", "[tokens]") {
  Features f;
  std::string text = "EB-5 visas, the F-35 and G7 in 2016 for Roe";
  auto tokens = f.tag(text);
  REQUIRE(texts(text, tokens) == std::vector<std::string>{"EB-5", "visas", ",", "the", "F-35", "and", "G7", "in", "2016", "for", "Roe"});
  const std::vector<bool> digit = {true, false, false, false, true, false, true, false, true, false, false};
  const std::vector<bool> cap = {true, false, false, false, true, false, true, false, false, false, true};
  const std::vector<bool> number = {false, false, false, false, false, false, false, false, true, false, false};
  for (std::size_t t = 0; t < tokens.size(); ++t) {
    INFO(texts(text, tokens)[t]);
    CHECK(has(f, tokens[t], "digit") == digit[t]);
    CHECK(has(f, tokens[t], "cap") == cap[t]);
    CHECK(has(f, tokens[t], "number") == number[t]);
  }
}

namespace {

// The shipped pack's lexicons and token macros, with one pattern of its own.
struct ShippedPattern {
  Features features = quotecheck::tokens::lexicon_features(qc_test::shipped_pack());
  PatternSet patterns{features};
  int index = -1;
  explicit ShippedPattern(const std::string& source) {
    for (auto& [name, macro] : qc_test::shipped_pack().token_macros) patterns.define(name, macro);
    auto i = patterns.add(source);
    REQUIRE(i);
    index = *i;
    REQUIRE(patterns.compile());
  }
  // The text of group `group` of the first match in `text`, or "no match".
  std::string run(std::string_view text, const std::string& group) {
    auto tokens = features.tag(text);
    TokenMatch m;
    if (!patterns.find(index, features.encode(tokens), 0, m)) return "no match";
    auto span = m.groups.at(group);
    if (span.last <= span.first) return "";
    return std::string(text.substr(tokens[span.first].start, tokens[span.last - 1].end - tokens[span.first].start));
  }
};

}  // namespace

TEST_CASE("token patterns: the shipped {name} takes no word holding a digit (\"EB-5\", \"F-35\")", "[tokens][pattern]") {
  ShippedPattern p("(?P<speaker>{name}) [verb]");
  CHECK(p.run("Jo Roe said", "speaker") == "Jo Roe");
  CHECK(p.run("Mohammad Javad Zarif said", "speaker") == "Mohammad Javad Zarif");
  CHECK(p.run("EB-5 said", "speaker") == "no match");
  CHECK(p.run("F-35 said", "speaker") == "no match");
  CHECK(p.run("G7 said", "speaker") == "no match");
  // A name ends before such a word: "the F-35 Roe said" names Roe, never "F-35 Roe".
  CHECK(p.run("the F-35 Roe said", "speaker") == "Roe");
  CHECK(p.run("Jo EB-5 said", "speaker") == "no match");
}

TEST_CASE("token patterns: a macro that is one token test stands inside a test, another is refused", "[tokens][pattern]") {
  Features features;
  PatternSet patterns(features);
  patterns.define("word", "[/\\p{Lu}\\p{Ll}+/]");
  patterns.define("two", "[cap] [cap]");
  auto inside = patterns.add("(?P<w>[!glued & {word}]) [punct]");
  REQUIRE(inside);
  auto two = patterns.add("[!glued & {two}]");
  REQUIRE_FALSE(two);
  CHECK(two.error().message == "macro 'two' is not one token test, so it cannot stand inside one");
  REQUIRE(patterns.compile());
  auto first = [&](std::string_view text) {
    auto toks = features.tag(text);
    TokenMatch m;
    if (!patterns.find(*inside, features.encode(toks), 0, m)) return std::string("no match");
    auto g = m.groups.at("w");
    return std::string(text.substr(toks[g.first].start, toks[g.last - 1].end - toks[g.first].start));
  };
  CHECK(first("(Roe, then") == "no match");  // glued to the bracket
  CHECK(first("( Roe, then") == "Roe");
  CHECK(first("( ROE, then") == "no match");  // not the macro's word
}

TEST_CASE("token patterns: the shipped name_scan reads runs of capitals as a person's name is written",
          "[tokens][pattern][names]") {
  ShippedPattern p("{name_scan}");
  // The whole match less its context token (?P<before>...), as scan_names() reads it.
  auto run = [&](std::string_view text) {
    auto toks = p.features.tag(text);
    TokenMatch m;
    if (!p.patterns.find(p.index, p.features.encode(toks), 0, m)) return std::string("no match");
    std::size_t first = m.whole.first;
    if (auto b = m.groups.find("before"); b != m.groups.end() && b->second.first == first) first = b->second.last;
    return std::string(text.substr(toks[first].start, toks[m.whole.last - 1].end - toks[first].start));
  };
  // As dev articles write them: a title after a possessive ("Germany's Chancellor Angela
  // Merkel"), a suffix ("Donald Trump Jr., who"), a title with a dotted acronym ("Assistant U.S.
  // Attorney Maya D. Song"), a particle written onto a name.
  CHECK(run("Germany’s Chancellor Angela Merkel said") == "Chancellor Angela Merkel");  // a possessive ends a run
  CHECK(run("by Germany Chancellor Angela Merkel") == "Germany Chancellor Angela Merkel");
  CHECK(run("a response from Donald Trump Jr., who") == "Donald Trump Jr.");
  CHECK(run("said Assistant U.S. Attorney Maya D. Song") == "Attorney Maya D. Song");
  CHECK(run("Prime Minister Nouri al-Maliki") == "Prime Minister Nouri al-Maliki");
  CHECK(run("(Ursula von der Leyen)") == "Ursula von der Leyen");
  // Not a run: one word, a line break between the words, a word glued to an apostrophe or a
  // hyphen, a word in capitals or a dotted acronym.
  CHECK(run("Obama said") == "no match");
  CHECK(run("the campaign of Jo\nRoe") == "no match");
  CHECK(run("the slogan 'Jo Roe") == "no match");
  CHECK(run("the --Jo Roe") == "no match");
  CHECK(run("JO ROE and U.S. Steel") == "no match");
}

TEST_CASE("tokens: renumbering the words gives each its new id, and a word's own feature follows it", "[tokens]") {
  Features f;
  REQUIRE(f.intern("alpha") == 1);
  REQUIRE(f.intern("Beta") == 2);
  REQUIRE(f.intern("gamma") == 3);
  REQUIRE(f.intern("BETA") == 2);
  int beta = f.word_bit(2);
  REQUIRE(beta >= 0);
  auto before = f.tag("alpha beta gamma delta");
  CHECK(before[1].word == 2);
  f.renumber_words({0, 3, 1, 2});  // alpha -> 3, beta -> 1, gamma -> 2
  CHECK(f.word_count() == 3);
  CHECK(f.word_id("alpha") == 3);
  CHECK(f.word_id("Beta") == 1);
  CHECK(f.word_id("gamma") == 2);
  CHECK(f.word_id("delta") == 0);
  CHECK(f.word_bit(1) == beta);
  auto tokens = f.tag("alpha beta gamma delta");
  REQUIRE(tokens.size() == 4);
  CHECK(tokens[0].word == 3);
  CHECK(tokens[1].word == 1);
  CHECK(tokens[2].word == 2);
  CHECK(tokens[3].word == 0);
  for (std::size_t t = 0; t < tokens.size(); ++t) CHECK(tokens[t].features.test(static_cast<std::size_t>(beta)) == (t == 1));
}

TEST_CASE("token patterns: a list of words compiles to a range of word ids, whatever order they were first named in",
          "[tokens][pattern]") {
  // The list's words are named first in a sequence, each followed by another word, so that
  // their ids as interned are every other one (1, 3, 5 ...): only the renumbering at compile()
  // makes them consecutive, one byte range instead of one alternative per word.
  auto compiled = [](int n, std::string& program) {
    Features features;
    PatternSet patterns(features);
    std::string seq, list;
    for (int i = 0; i < n; ++i) {
      seq += " \"w" + std::to_string(i) + "\" \"z" + std::to_string(i) + "\"";
      list += std::string(i ? " | " : "") + "\"w" + std::to_string(i) + "\"";
    }
    REQUIRE(patterns.add(seq));
    auto index = patterns.add("^ (?P<w>[" + list + "]) $");
    REQUIRE(index);
    REQUIRE(patterns.compile());
    program = patterns.program(*index);
    // Every word of the list matches, and nothing else: the other words named, a word no
    // pattern names, the list's word in capitals.
    std::vector<std::string> misses = {"z0", "w" + std::to_string(n), "W0", "said"};
    for (int i = 0; i < n; ++i) {
      std::string w = "w" + std::to_string(i);
      TokenMatch m;
      INFO(w);
      CHECK(patterns.find(*index, features.encode(features.tag(w)), 0, m));
      misses.push_back("z" + std::to_string(i));
    }
    for (auto& w : misses) {
      TokenMatch m;
      INFO(w);
      CHECK_FALSE(patterns.find(*index, features.encode(features.tag(w)), 0, m));
    }
  };
  std::string small, big;
  compiled(2, small);
  compiled(60, big);
  INFO(big);
  CHECK(std::count(big.begin(), big.end(), '|') == 0);
  CHECK(big.size() == small.size());
}
