// quotecheck - tests of rule packs: loading, refusing bad packs, and every rule's examples.
#include <catch2/catch.hpp>

#include <algorithm>

#include "quotecheck/attribution.hpp"
#include "quotecheck/examples.hpp"
#include "quotecheck/rules.hpp"
#include "quotecheck/tokens.hpp"
#include "support.hpp"

using namespace quotecheck;
using qc_test::TempDir;

TEST_CASE("the shipped rule pack loads", "[rules]") {
  auto pack = load_rule_pack({QC_SOURCE_DIR "/rules"});
  if (!pack)
    for (auto& d : pack.error()) FAIL_CHECK(d.str());
  REQUIRE(pack.has_value());
  CHECK_FALSE(pack->attribution.empty());
  CHECK_FALSE(pack->descriptors.empty());
  CHECK_FALSE(pack->verbs.empty());
  CHECK_FALSE(pack->roles.empty());
  CHECK_FALSE(pack->places.empty());
  CHECK(pack->compiled != nullptr);
  CHECK(pack->hash.size() == 16);
  for (auto& id : check_ids()) {
    INFO(id);
    CHECK(pack->checks.count(id) == 1);
  }
  CHECK(pack->check("affiliation-conflict").severity == Severity::error);
  CHECK(pack->check("quote-trimmed").severity == Severity::info);
  // unbalanced-quote: info, a warning when the scanner is sure a mark is missing.
  CHECK(pack->check("unbalanced-quote").severity == Severity::info);
  CHECK(pack->check("unbalanced-quote").escalate == Severity::warning);
  CHECK(pack->unbalanced_confidence.closed_in_next_paragraph < pack->unbalanced_confidence.warning_at);
  CHECK(pack->unbalanced_confidence.stray_close >= pack->unbalanced_confidence.warning_at);
  // One engine: every rule is a token pattern.
  for (auto& r : pack->attribution) {
    INFO(r.id);
    CHECK_FALSE(r.tokens.empty());
  }
  for (auto& w : pack->warnings) FAIL_CHECK(w.str());
}

TEST_CASE("a pack with attribution rules but no name_scan token macro loads with a warning that it scans no names", "[rules]") {
  TempDir tmp;
  tmp.write("r.yaml",
            "schema: 1\n"
            "attribution:\n"
            "  - id: attr.ok\n"
            "    tokens: '^ \",\"* (?P<speaker>[cap]) \"said\"'\n");
  auto pack = load_rule_pack({tmp.str()});
  REQUIRE(pack.has_value());
  REQUIRE(pack->warnings.size() == 1);
  CHECK(pack->warnings[0].severity == Severity::warning);
  CHECK(pack->warnings[0].path == tmp.str());
  CHECK_THAT(pack->warnings[0].message, Catch::Matchers::Contains("name_scan"));
  CHECK_THAT(pack->warnings[0].message, Catch::Matchers::Contains("no names are scanned"));
  // The shipped pack with a folder added defines it: no warning.
  auto both = load_rule_pack({QC_SOURCE_DIR "/rules", tmp.str()});
  REQUIRE(both.has_value());
  CHECK(both->warnings.empty());
}

TEST_CASE("loading the same pack twice gives the same hash", "[rules]") {
  auto a = load_rule_pack({QC_SOURCE_DIR "/rules"});
  auto b = load_rule_pack({QC_SOURCE_DIR "/rules"});
  REQUIRE(a);
  REQUIRE(b);
  CHECK(a->hash == b->hash);
}

namespace {

// Loads a pack made of one file r.yaml holding `yaml`; returns the diagnostics' text
// (empty when the pack loaded).
std::vector<std::string> refusal(const TempDir& tmp, const std::string& yaml) {
  tmp.write("r.yaml", yaml);
  auto pack = load_rule_pack({tmp.str()});
  std::vector<std::string> out;
  if (!pack)
    for (auto& d : pack.error()) out.push_back(d.str());
  return out;
}

}  // namespace

TEST_CASE("a pack's verb clitics are what the tokens split off, in lower case with a straight apostrophe", "[rules][tokens]") {
  TempDir tmp;
  tmp.write("r.yaml", "schema: 1\nverb_clitics: [\"\xE2\x80\x99LL\", \"'d\"]\n");
  auto pack = load_rule_pack({tmp.str()});
  REQUIRE(pack);
  CHECK(pack->verb_clitics == std::vector<std::string>{"'ll", "'d"});
  auto features = quotecheck::tokens::lexicon_features(*pack);
  std::string text = "we\xE2\x80\x99ll go, they're sure, she'D say";
  std::vector<std::string> got;
  for (auto& t : features.tag(text)) got.emplace_back(text.substr(t.start, t.end - t.start));
  CHECK(got == std::vector<std::string>{"we", "\xE2\x80\x99ll", "go", ",", "they're", "sure", ",", "she", "'D", "say"});
}

TEST_CASE("a minimal valid pack loads", "[rules]") {
  TempDir tmp;
  CHECK(refusal(tmp,
                "schema: 1\n"
                "attribution:\n"
                "  - id: attr.ok\n"
                "    tokens: '^ \",\"* (?P<speaker>[cap]) \"said\"'\n")
            .empty());
}

TEST_CASE("a rule's title_quotes and defer keys are read, true or false", "[rules]") {
  TempDir tmp;
  tmp.write("r.yaml",
            "schema: 1\n"
            "attribution:\n"
            "  - id: attr.subject\n"
            "    tokens: '^ (?P<speaker>[cap]) [lower]'\n"
            "    title_quotes: false\n"
            "    defer: true\n"
            "  - id: attr.plain\n"
            "    tokens: '^ (?P<speaker>[cap]) \"said\"'\n");
  auto pack = load_rule_pack({tmp.str()});
  REQUIRE(pack);
  REQUIRE(pack->attribution.size() == 2);
  CHECK_FALSE(pack->attribution[0].title_quotes);
  CHECK(pack->attribution[0].defer);
  CHECK(pack->attribution[1].title_quotes);
  CHECK_FALSE(pack->attribution[1].defer);
  const std::string file = tmp.str() + "/r.yaml";
  auto got = refusal(tmp,
                     "schema: 1\n"
                     "attribution:\n"
                     "  - id: attr.subject\n"
                     "    tokens: '^ (?P<speaker>[cap]) [lower]'\n"
                     "    title_quotes: sometimes\n"
                     "    defer: [yes]\n");
  CHECK(got == std::vector<std::string>{file + ":5:19: error: expected true or false [attr.subject]",
                                        file + ":6:12: error: expected true or false [attr.subject]"});
}

TEST_CASE("bad rule packs are refused with path:line:col: error: message [rule-id]", "[rules]") {
  TempDir tmp;
  const std::string file = tmp.str() + "/r.yaml";

  SECTION("YAML syntax error") {
    auto got = refusal(tmp,
                       "schema: 1\n"
                       "attribution:\n"
                       "  - id: attr.broken\n"
                       "    tokens: [unclosed\n");
    CHECK(got == std::vector<std::string>{file + ":5:1: error: YAML: end of sequence flow not found"});
  }
  SECTION("unknown key") {
    auto got = refusal(tmp,
                       "schema: 1\n"
                       "attribution:\n"
                       "  - id: attr.typo\n"
                       "    tokens: '(?P<speaker>[cap]) \"said\"'\n"
                       "    token: 'x'\n");
    CHECK(got == std::vector<std::string>{
                     file + ":5:5: error: unknown key 'token' (expected one of: id, description, scope, tokens, "
                            "direct, any_source, title_quotes, defer, confidence, examples) [attr.typo]"});
  }
  SECTION("confidence out of range") {
    auto got = refusal(tmp,
                       "schema: 1\n"
                       "attribution:\n"
                       "  - id: attr.sure\n"
                       "    tokens: '(?P<speaker>[cap]) \"said\"'\n"
                       "    confidence: 1.5\n");
    CHECK(got == std::vector<std::string>{file + ":5:17: error: confidence must be in (0, 1], not 1.5 [attr.sure]"});
  }
  SECTION("verb clitics that are no apostrophe and letters") {
    auto got = refusal(tmp,
                       "schema: 1\n"
                       "verb_clitics: [\"'re\", ve, \"'r2\", \"'\", [x]]\n");
    CHECK(got == std::vector<std::string>{
                     file + ":2:23: error: a verb clitic is an apostrophe and letters (\"'re\"), not 've'",
                     file + ":2:27: error: a verb clitic is an apostrophe and letters (\"'re\"), not ''r2'",
                     file + ":2:34: error: a verb clitic is an apostrophe and letters (\"'re\"), not '''",
                     file + ":2:39: error: expected clitic (a string)"});
  }
  SECTION("verb clitics not in a list") {
    auto got = refusal(tmp,
                       "schema: 1\n"
                       "verb_clitics: {re: are}\n");
    CHECK(got == std::vector<std::string>{file + ":2:15: error: expected a list of clitics"});
  }
  SECTION("unbalanced_quote confidence out of range") {
    auto got = refusal(tmp,
                       "schema: 1\n"
                       "unbalanced_quote:\n"
                       "  warning_at: 0\n");
    CHECK(got == std::vector<std::string>{file + ":3:15: error: unbalanced_quote.warning_at must be in (0, 1], not 0"});
  }

  SECTION("coreference: unknown key, unknown method, skip and confidence out of range") {
    auto got = refusal(tmp,
                       "schema: 1\n"
                       "coreference:\n"
                       "  - id: pronoun.salience\n"
                       "    applies_to: pronoun\n"
                       "    method: salience\n"
                       "    sentence_back: 3\n"
                       "  - id: pronoun.guess\n"
                       "    applies_to: pronoun\n"
                       "    method: guess\n"
                       "  - id: pronoun.near\n"
                       "    applies_to: pronoun\n"
                       "    method: nearest\n"
                       "    skip: [objects]\n"
                       "    confidence: 0\n");
    CHECK(got == std::vector<std::string>{
                     file + ":6:5: error: unknown key 'sentence_back' (expected one of: id, applies_to, method, "
                            "sentences_back, paragraphs_back, skip, chain, confidence) [pronoun.salience]",
                     file + ":9:13: error: unknown method 'guess' for pronoun (expected one of: forward, nearest, salience) [pronoun.guess]",
                     file + ":13:11: error: unknown skip 'objects' (expected object, modifier, addressed or opener) [pronoun.near]",
                     file + ":14:17: error: confidence must be in (0, 1], not 0 [pronoun.near]"});
  }
  SECTION("missing required key") {
    auto got = refusal(tmp,
                       "schema: 1\n"
                       "attribution:\n"
                       "  - id: attr.no-pattern\n"
                       "    scope: after\n");
    CHECK(got == std::vector<std::string>{file + ":3:5: error: missing key 'tokens' (a token pattern, see rules/README.md) [attr.no-pattern]"});
  }
  SECTION("duplicate rule id") {
    auto got = refusal(tmp,
                       "schema: 1\n"
                       "attribution:\n"
                       "  - id: attr.twice\n"
                       "    tokens: '(?P<speaker>[cap]) \"said\"'\n"
                       "  - id: attr.twice\n"
                       "    tokens: '(?P<speaker>[cap]) \"told\"'\n");
    CHECK(got == std::vector<std::string>{file + ":5:9: error: duplicate rule id 'attr.twice' (first at line 3) [attr.twice]"});
  }
  SECTION("unknown section") {
    auto got = refusal(tmp,
                       "schema: 1\n"
                       "atribution: []\n");
    CHECK(got == std::vector<std::string>{file + ":2:1: error: unknown section 'atribution'"});
  }
  SECTION("missing schema") {
    auto got = refusal(tmp, "attribution: []\n");
    CHECK(got == std::vector<std::string>{file + ":1:1: error: missing required key 'schema' (this version reads schema: 1)"});
  }
  SECTION("unknown check severity") {
    auto got = refusal(tmp,
                       "schema: 1\n"
                       "checks:\n"
                       "  quote-altered: loud\n");
    CHECK(got == std::vector<std::string>{
                     file + ":3:18: error: unknown severity 'loud' (expected error, warning, info or off) [quote-altered]"});
  }
  SECTION("descriptor pattern without its groups") {
    auto got = refusal(tmp,
                       "schema: 1\n"
                       "descriptors:\n"
                       "  - id: desc.no-groups\n"
                       "    tokens: '[role]'\n");
    CHECK(got == std::vector<std::string>{
                     file + ":4:13: error: token pattern has no (?P<name>...) and (?P<descriptor>...) groups [desc.no-groups]"});
  }
  SECTION("descriptor token pattern with a bad test") {
    auto got = refusal(tmp,
                       "schema: 1\n"
                       "descriptors:\n"
                       "  - id: desc.bad\n"
                       "    tokens: '(?P<name>[cap]+) \",\" (?P<descriptor>[nosuch])'\n");
    CHECK(got == std::vector<std::string>{file + ":4:50: error: invalid token pattern: no token feature 'nosuch' [desc.bad]"});
  }
  SECTION("a descriptor rule with a character pattern") {
    auto got = refusal(tmp,
                       "schema: 1\n"
                       "descriptors:\n"
                       "  - id: desc.old\n"
                       "    pattern: '(?P<name>\\w+), (?P<descriptor>minister)'\n");
    CHECK(got == std::vector<std::string>{
                     file + ":4:5: error: character patterns are gone: write the rule as a token pattern ('tokens:', "
                            "see rules/README.md) [desc.old]"});
  }
  SECTION("a descriptor rule with neither pattern") {
    auto got = refusal(tmp,
                       "schema: 1\n"
                       "descriptors:\n"
                       "  - id: desc.none\n"
                       "    description: 'nothing to match'\n");
    CHECK(got == std::vector<std::string>{file + ":3:5: error: missing required key 'tokens' [desc.none]"});
  }
}

// A token pattern that does not parse is an error at its place (the column in the pattern), with
// the rule id.
TEST_CASE("an attribution rule's bad token pattern is refused with path:line:col and the rule id", "[rules]") {
  TempDir tmp;
  const std::string file = tmp.str() + "/r.yaml";
  auto got = refusal(tmp,
                     "schema: 1\n"
                     "attribution:\n"
                     "  - id: attr.bad-pattern\n"
                     "    tokens: '(?P<speaker>[cap]'\n");
  CHECK(got == std::vector<std::string>{file + ":4:13: error: invalid token pattern: '(' is not closed [attr.bad-pattern]"});
}

// RE2 builds a token pattern's program when a run first searches it, but asks about the ones it
// might refuse while the pack loads: the refusal is still the pack's error, at the rule.
TEST_CASE("a token pattern RE2 refuses is refused with path:line:col and the rule id", "[rules][tokens]") {
  TempDir tmp;
  const std::string file = tmp.str() + "/r.yaml";
  auto got = refusal(tmp,
                     "schema: 1\n"
                     "attribution:\n"
                     "  - id: attr.nested\n"
                     "    tokens: '(?P<speaker>([cap]{0,40}){0,40}) \"said\"'\n");
  CHECK(got == std::vector<std::string>{
                   file + ":4:13: error: invalid token pattern: the compiled pattern is refused: invalid repetition size: {0,40} [attr.nested]"});
  // Over --re2-max-mem.
  tmp.write("r.yaml",
            "schema: 1\n"
            "attribution:\n"
            "  - id: attr.long\n"
            "    tokens: '(?P<speaker>[cap]{1,900}) \"said\" [cap]{0,900}'\n");
  Limits small;
  small.re2_max_mem = 30000;
  auto pack = load_rule_pack({tmp.str()}, small);
  REQUIRE_FALSE(pack);
  REQUIRE(pack.error().size() == 1);
  CHECK(pack.error()[0].str() == file + ":4:13: error: invalid token pattern: the compiled pattern is refused: pattern too large - compile failed [attr.long]");
  CHECK(load_rule_pack({tmp.str()}).has_value());
}

// One engine: a character pattern, its trigger and the character macros are errors at their keys,
// with the rule id; the rest of the pack is still read, and its other errors reported in the same run.
TEST_CASE("a character pattern, trigger or macros section is refused at its key, and the rest of the pack is still read", "[rules]") {
  TempDir tmp;
  const std::string file = tmp.str() + "/r.yaml";
  const std::string gone = "character patterns are gone: write the rule as a token pattern ('tokens:', see rules/README.md)";
  const std::string trigger_gone =
      "character patterns are gone, and with them their triggers: write the rule as a token pattern ('tokens:', "
      "see rules/README.md), which needs no trigger";
  auto got = refusal(tmp,
                     "schema: 1\n"
                     "macros:\n"                                                 // 2
                     "  word_cap: '\\p{Lu}\\p{Ll}+'\n"
                     "  title_quote_rules: '^attr\\.x$'\n"                       // 4
                     "  defer_rules: '^attr\\.x$'\n"                             // 5
                     "attribution:\n"
                     "  - id: attr.old\n"
                     "    scope: after\n"
                     "    pattern: '^\\s*(?P<speaker>\\w+) said'\n"            // 9: the key's place
                     "    trigger: 'said'\n"                                     // 10
                     "    confidence: 2\n"                                       // 11: the rule is still read
                     "  - id: attr.sideways\n"
                     "    scope: sideways\n"                                     // 13: another rule's error
                     "    tokens: '(?P<speaker>[cap]) \"said\"'\n"
                     "  - id: attr.token-trigger\n"
                     "    tokens: '(?P<speaker>[cap]) \"said\"'\n"
                     "    trigger: 'said'\n"                                     // 17
                     "  - id: attr.old\n"                                        // 18: a duplicate of the old rule
                     "    tokens: '(?P<speaker>[cap]) \"said\"'\n"
                     "  - id: attr.bad-tokens\n"
                     "    tokens: '(?P<speaker>[nosuch])'\n"                     // 21: a token pattern's error
                     "descriptors:\n"
                     "  - id: desc.old\n"
                     "    tokens: '(?P<name>[cap]+) \",\" (?P<descriptor>[role]+)'\n"
                     "    trigger: 'minister'\n");                               // 25
  CHECK(got == std::vector<std::string>{
                   file + ":2:1: error: character macros are gone with character patterns: a token pattern's macros are "
                          "'token_macros:' (see rules/README.md)",
                   file + ":4:3: error: title_quote_rules is a key of each rule now: 'title_quotes: false' (see rules/attribution.yaml)",
                   file + ":5:3: error: defer_rules is a key of each rule now: 'defer: true' (see rules/attribution.yaml)",
                   file + ":9:5: error: " + gone + " [attr.old]",
                   file + ":10:5: error: " + trigger_gone + " [attr.old]",
                   file + ":11:17: error: confidence must be in (0, 1], not 2 [attr.old]",
                   file + ":13:12: error: unknown scope 'sideways' (expected after, before, sentence or previous) [attr.sideways]",
                   file + ":17:5: error: " + trigger_gone + " [attr.token-trigger]",
                   file + ":18:9: error: duplicate rule id 'attr.old' (first at line 7) [attr.old]",
                   file + ":25:5: error: " + trigger_gone + " [desc.old]",
                   file + ":21:26: error: invalid token pattern: no token feature 'nosuch' [attr.bad-tokens]"});
}

TEST_CASE("an unknown token macro is refused with path:line:col and the rule id", "[rules]") {
  TempDir tmp;
  const std::string file = tmp.str() + "/r.yaml";
  auto got = refusal(tmp,
                     "schema: 1\n"
                     "attribution:\n"
                     "  - id: attr.macro\n"
                     "    tokens: '{nosuch} (?P<speaker>[cap])'\n");
  CHECK(got == std::vector<std::string>{file + ":4:13: error: invalid token pattern: no macro 'nosuch' [attr.macro]"});
}

TEST_CASE("a later pack overrides a rule of the same id", "[rules]") {
  TempDir a, b;
  a.write("r.yaml",
          "schema: 1\n"
          "attribution:\n"
          "  - id: attr.x\n"
          "    tokens: '(?P<speaker>[cap]) \"said\"'\n");
  b.write("r.yaml",
          "schema: 1\n"
          "attribution:\n"
          "  - id: attr.x\n"
          "    tokens: '(?P<speaker>[cap]) \"told\"'\n");
  auto pack = load_rule_pack({a.str(), b.str()});
  REQUIRE(pack);
  REQUIRE(pack->attribution.size() == 1);
  CHECK(pack->attribution[0].tokens.find("told") != std::string::npos);
}

TEST_CASE("a missing rule folder is refused", "[rules]") {
  auto pack = load_rule_pack({"/nonexistent/quotecheck-rules"});
  REQUIRE_FALSE(pack);
  REQUIRE(pack.error().size() == 1);
  CHECK(pack.error()[0].str() == "/nonexistent/quotecheck-rules: error: rule folder not found");
}

// ---- Every shipped rule's examples -------------------------------------------------------

namespace {

// The document a rule example is run on: the example's text as an article body. A one-line
// text would otherwise be taken for the headline, whose quotes extract() leaves out.
Document example_document(const std::string& text) {
  Diagnostics diags;
  Document doc = make_document("example", "example", text, diags);
  doc.headline_start = doc.headline_end = 0;
  return doc;
}

std::string where(const std::string& file, int line, const std::string& id) {
  return file + ":" + std::to_string(line) + " [" + id + "]";
}

}  // namespace

TEST_CASE("every attribution and descriptor rule has positive and negative examples", "[rules][examples]") {
  const RulePack& pack = qc_test::shipped_pack();
  auto count = [](const std::vector<RuleExample>& ex, bool positive) {
    return std::count_if(ex.begin(), ex.end(), [&](auto& e) { return e.positive == positive; });
  };
  for (const auto& r : pack.attribution) {
    INFO(where(r.file, r.line, r.id));
    CHECK(count(r.examples, true) >= 1);
    CHECK(count(r.examples, false) >= 1);
  }
  for (const auto& r : pack.descriptors) {
    INFO(where(r.file, r.line, r.id));
    CHECK(count(r.examples, true) >= 1);
    CHECK(count(r.examples, false) >= 1);
  }
}

TEST_CASE("attribution rule examples", "[rules][examples]") {
  const RulePack& pack = qc_test::shipped_pack();
  for (const auto& rule : pack.attribution) {
    for (const auto& ex : rule.examples) {
      DYNAMIC_SECTION(rule.id << " " << (ex.positive ? "positive" : "negative") << " example at " << rule.file << ":"
                              << ex.line) {
        INFO(where(rule.file, ex.line, rule.id) << ": " << ex.text);
        DocumentResult r = extract(example_document(ex.text), pack);
        if (ex.positive) {
          REQUIRE_FALSE(r.quotes.empty());
          const Quote& q = r.quotes.back();  // the last quote: a split quote's second part
          REQUIRE(q.speaker.has_value());
          CHECK(q.speaker->rule == rule.id);
          if (!ex.speaker.empty()) CHECK(q.speaker->mention == ex.speaker);
        } else if (!r.quotes.empty() && r.quotes.back().speaker) {
          CHECK(r.quotes.back().speaker->rule != rule.id);
        }
      }
    }
  }
}

TEST_CASE("check_rule_examples agrees: the shipped pack's examples all pass", "[rules][examples]") {
  auto failures = check_rule_examples(qc_test::shipped_pack());
  for (auto& f : failures) INFO(f.str());
  CHECK(failures.empty());
}

TEST_CASE("check_rule_examples reports a failing example with its place", "[rules][examples]") {
  qc_test::TempDir tmp;
  tmp.write("pack/rules.yaml",
            "schema: 1\n"
            "attribution:\n"
            "  - id: attr.only-said\n"
            "    scope: after\n"
            "    tokens: '^ \",\"* (?P<speaker>[cap]) \"said\"'\n"
            "    examples:\n"
            "      - {text: '\"Fine,\" Crocker said.', speaker: Crocker}\n"
            "      - {text: '\"Fine,\" Crocker told them.', speaker: Crocker}\n"
            "      - {text: '\"Fine,\" Kazemi said.', negative: true}\n");
  auto pack = load_rule_pack({tmp.str() + "/pack"});
  REQUIRE(pack);
  auto failures = check_rule_examples(*pack);
  REQUIRE(failures.size() == 2);
  CHECK(failures[0].str().find("rules.yaml:8:") != std::string::npos);
  CHECK(failures[0].id == "attr.only-said");
  CHECK(failures[1].str().find("rules.yaml:9:") != std::string::npos);
}

TEST_CASE("check_rule_examples runs a token macro's examples and reports a failing one with its place", "[rules][examples]") {
  qc_test::TempDir tmp;
  tmp.write("pack/rules.yaml",
            "schema: 1\n"
            "token_macros:\n"
            "  byline:\n"
            "    tokens: '\"By\" (?P<outlet>[cap] [cap])'\n"
            "    examples:\n"
            "      - {text: 'By Jo Roe there', match: 'Jo Roe'}\n"
            "      - {text: 'By Jo there', match: 'Jo'}\n"
            "      - {text: 'By Jo Roe there', negative: true}\n"
            "      - {text: 'by jo roe there', negative: true}\n"
            "  aux:\n"
            "    tokens: '[lower]'\n"
            "    examples: [{text: 'has'}]\n");
  auto pack = load_rule_pack({tmp.str() + "/pack"});
  REQUIRE(pack);
  auto failures = check_rule_examples(*pack);
  REQUIRE(failures.size() == 3);
  std::vector<std::string> lines;
  for (auto& f : failures) lines.push_back(f.str());
  std::sort(lines.begin(), lines.end());
  CHECK(lines[0].find("rules.yaml:10:") != std::string::npos);  // aux: not run by name
  CHECK(lines[0].find("only the token macros that extraction runs by name") != std::string::npos);
  CHECK(lines[1].find("rules.yaml:7:") != std::string::npos);
  CHECK(lines[1].find("positive example has no match 'Jo' (got no match)") != std::string::npos);
  CHECK(lines[2].find("rules.yaml:8:") != std::string::npos);
  CHECK(lines[2].find("negative example matches (got 'Jo Roe')") != std::string::npos);
}

TEST_CASE("descriptor rule examples", "[rules][examples]") {
  const RulePack& pack = qc_test::shipped_pack();
  for (const auto& rule : pack.descriptors) {
    for (const auto& ex : rule.examples) {
      DYNAMIC_SECTION(rule.id << " " << (ex.positive ? "positive" : "negative") << " example at " << rule.file << ":"
                              << ex.line) {
        INFO(where(rule.file, ex.line, rule.id) << ": " << ex.text);
        DocumentResult r = extract(example_document(ex.text), pack);
        std::vector<std::string> found;  // "name <- descriptor" of this rule's matches
        bool named = false;
        for (const auto& m : r.mentions)
          for (const auto& d : m.descriptors)
            if (d.rule == rule.id) {
              found.push_back(m.name + " <- " + d.text);
              if (m.name == ex.speaker) named = true;
            }
        INFO("descriptors from this rule: " << Catch::Detail::stringify(found));
        if (ex.positive) {
          CHECK_FALSE(found.empty());
          if (!ex.speaker.empty()) CHECK(named);
        } else {
          CHECK(found.empty());
        }
      }
    }
  }
}

TEST_CASE("a pack's person_nouns make the person_noun feature", "[rules]") {
  TempDir tmp;
  tmp.write("pack/misc.yaml",
            "schema: 1\n"
            "person_nouns: [beekeeper]\n");
  auto pack = load_rule_pack({tmp.str() + "/pack"});
  REQUIRE(pack);
  auto f = quotecheck::tokens::lexicon_features(*pack);
  auto toks = f.tag("beekeepers co-beekeeper spokesman");
  REQUIRE(toks.size() == 3);
  int bit = f.find("person_noun");
  REQUIRE(bit >= 0);
  CHECK(toks[0].features.test(static_cast<std::size_t>(bit)));
  CHECK(toks[1].features.test(static_cast<std::size_t>(bit)));
  CHECK_FALSE(toks[2].features.test(static_cast<std::size_t>(bit)));
}

// title_quotes: false keeps a rule off a quoted title; defer: true leaves a quote after an
// attributed quote of its sentence to that quote's speaker. Turned off in a copy of the shipped
// pack, the same sentences go to the sentence's subject.
TEST_CASE("a rule with title_quotes: false leaves a quoted title, one with defer: true a quote after an attributed one", "[rules][attribution]") {
  RulePack pack = qc_test::shipped_pack();
  auto speakers = [&](const RulePack& p, const std::string& text) {
    std::vector<std::string> out;
    for (auto& q : extract(example_document(text), p).quotes)
      out.push_back(q.speaker ? q.speaker->mention + " by " + q.speaker->rule : "none");
    return out;
  };
  const std::string title = "Jo Roe appeared on \"Meet the Press\" on Sunday.";
  const std::string after = "Maria Lopez is \"smart and kind,\" Kim Lee wrote, and \"full of it.\"";
  CHECK(speakers(pack, title) == std::vector<std::string>{"none"});
  CHECK(speakers(pack, after) == std::vector<std::string>{"Kim Lee by attr.name-verb-after", "Kim Lee by attr.inherit-paragraph"});
  for (auto& rule : pack.attribution) {
    rule.title_quotes = true;
    rule.defer = false;
  }
  CHECK(speakers(pack, title) == std::vector<std::string>{"Jo Roe by attr.sentence-subject"});
  CHECK(speakers(pack, after) == std::vector<std::string>{"Kim Lee by attr.name-verb-after", "Maria Lopez by attr.sentence-subject"});
}
