// quotecheck - tests of the checks: word diffs, and conflicts planted in small articles.
#include <catch2/catch.hpp>

#include <algorithm>
#include <set>

#include "quotecheck/checks.hpp"
#include "quotecheck/config.hpp"
#include "quotecheck/pipeline.hpp"
#include "quotecheck/text.hpp"
#include "support.hpp"

using namespace quotecheck;
using qc_test::TempDir;

TEST_CASE("word_diff: the words only in a and only in b", "[checks]") {
  using W = std::vector<std::string>;
  struct Case {
    const char* a;
    const char* b;
    W removed, added;
  };
  const Case cases[] = {
      {"we were not sure", "we were sure", {"not"}, {}},
      {"we were sure", "we were not sure", {}, {"not"}},
      {"hope for the entire world", "hope for the whole world", {"entire"}, {"whole"}},
      {"the same words", "the same words", {}, {}},
      {"one two three four", "two three", {"one", "four"}, {}},
      {"", "all new", {}, {"all", "new"}},
      {"sixty days to review", "60 days to review", {"sixty"}, {"60"}},
  };
  for (const auto& c : cases) {
    INFO(c.a << " | " << c.b);
    WordDiff d = word_diff(words(c.a), words(c.b));
    CHECK(d.removed == c.removed);
    CHECK(d.added == c.added);
  }
}

namespace {

// An article file with front matter naming its outlet.
std::string article(const std::string& outlet, const std::string& body) {
  return "---\noutlet: " + outlet + "\n---\nTalks in Vienna end with a deal\n\n" + body + "\n";
}

Run check(const TempDir& tmp) { return run_pipeline({tmp.str()}, qc_test::shipped_pack(), RunOptions{}); }

std::vector<const Finding*> findings(const Run& run, const std::string& check_id) {
  std::vector<const Finding*> out;
  for (auto& f : run.analysis.findings)
    if (f.check == check_id) out.push_back(&f);
  return out;
}

std::string describe(const Run& run) {
  std::string s;
  for (auto& f : run.analysis.findings) {
    s += "\n  " + std::string(severity_name(f.severity)) + " " + f.check + ": " + f.message;
    for (auto& e : f.evidence) s += "\n      " + e.doc + ":" + std::to_string(e.pos.line) + " \"" + e.text + "\"";
  }
  for (auto& d : run.diagnostics) s += "\n  diagnostic: " + d.str();
  return s;
}

std::set<std::string> evidence_docs(const Finding& f) {
  std::set<std::string> out;
  for (auto& e : f.evidence) out.insert(e.doc);
  return out;
}

const std::string k_kerry_a =
    "U.S. Secretary of State John Kerry spoke after the talks. \"There were times, believe me, when we were not sure we "
    "would be able to get where we are today,\" Kerry said.";
const std::string k_kerry_b =
    "U.S. Secretary of State John Kerry spoke after the talks. \"There were times, believe me, when we were sure we "
    "would be able to get where we are today,\" Kerry said.";

}  // namespace

TEST_CASE("checks: an affiliation conflict is an error", "[checks]") {
  TempDir tmp;
  tmp.write("a.txt", article("Wire A",
                             "Iranian Foreign Minister Mohammad Javad Zarif spoke in Vienna. \"We have reached an "
                             "agreement that is good for everybody in the region,\" Zarif said."));
  tmp.write("b.txt", article("Post B",
                             "Iraqi Foreign Minister Mohammad Javad Zarif spoke in Vienna. \"We have reached an "
                             "agreement that is good for everybody in the region,\" Zarif said."));
  Run run = check(tmp);
  INFO(describe(run));
  auto fs = findings(run, "affiliation-conflict");
  REQUIRE(fs.size() == 1);
  CHECK(fs[0]->severity == Severity::error);
  CHECK_THAT(fs[0]->message, Catch::Contains("Zarif"));
  CHECK_THAT(fs[0]->message, Catch::Contains("Iran's") && Catch::Contains("Iraq's"));
  CHECK(evidence_docs(*fs[0]) == std::set<std::string>{"a", "b"});
  CHECK_FALSE(fs[0]->entity.empty());
}

TEST_CASE("checks: a negation added to a quote is an error", "[checks]") {
  TempDir tmp;
  tmp.write("a.txt", article("Wire A", k_kerry_a));
  tmp.write("b.txt", article("Post B", k_kerry_b));
  Run run = check(tmp);
  INFO(describe(run));
  auto fs = findings(run, "quote-altered");
  REQUIRE(fs.size() == 1);
  CHECK(fs[0]->severity == Severity::error);
  CHECK_THAT(fs[0]->message, Catch::Contains("negation"));
  CHECK(evidence_docs(*fs[0]) == std::set<std::string>{"a", "b"});
  CHECK_FALSE(fs[0]->statement.empty());
  CHECK(findings(run, "speaker-conflict").empty());
}

TEST_CASE("checks: a substituted word is a warning", "[checks]") {
  TempDir tmp;
  tmp.write("a.txt", article("Wire A",
                             "Federica Mogherini presided over the talks. \"It is a sign of hope for the entire world, "
                             "and we all know this is very much needed,\" Mogherini said."));
  tmp.write("b.txt", article("Post B",
                             "Federica Mogherini presided over the talks. \"It is a sign of hope for the whole world, "
                             "and we all know this is very much needed,\" Mogherini said."));
  Run run = check(tmp);
  INFO(describe(run));
  auto fs = findings(run, "quote-altered");
  REQUIRE(fs.size() == 1);
  CHECK(fs[0]->severity == Severity::warning);
  CHECK_THAT(fs[0]->message, Catch::Contains("entire") && Catch::Contains("whole"));
  CHECK(evidence_docs(*fs[0]) == std::set<std::string>{"a", "b"});
}

TEST_CASE("checks: a trimmed quote is info", "[checks]") {
  TempDir tmp;
  tmp.write("a.txt", article("Wire A",
                             "President Barack Obama spoke from the White House. \"Today, after two years of "
                             "negotiations, the United States has achieved something that decades of animosity has "
                             "not: a comprehensive, long-term deal with Iran,\" Obama said."));
  tmp.write("b.txt", article("Post B",
                             "President Barack Obama spoke from the White House. \"Today, after two years of "
                             "negotiations, the United States has achieved something that decades of animosity has "
                             "not,\" Obama said."));
  Run run = check(tmp);
  INFO(describe(run));
  auto fs = findings(run, "quote-trimmed");
  REQUIRE(fs.size() == 1);
  CHECK(fs[0]->severity == Severity::info);
  CHECK(evidence_docs(*fs[0]) == std::set<std::string>{"a", "b"});
  CHECK(findings(run, "quote-altered").empty());
}

TEST_CASE("checks: a misattributed quote is a speaker conflict", "[checks]") {
  TempDir tmp;
  tmp.write("a.txt", article("Wire A",
                             "Mohammad Javad Zarif spoke after the talks. \"Today could have been the end of hope on "
                             "this issue, but now we are starting a new chapter of hope,\" Zarif said."));
  tmp.write("b.txt", article("Post B",
                             "John Kerry spoke after the talks. \"Today could have been the end of hope on this issue, "
                             "but now we are starting a new chapter of hope,\" Kerry said."));
  Run run = check(tmp);
  INFO(describe(run));
  auto fs = findings(run, "speaker-conflict");
  REQUIRE(fs.size() == 1);
  CHECK(fs[0]->severity == Severity::error);
  CHECK_THAT(fs[0]->message, Catch::Contains("Zarif") && Catch::Contains("Kerry"));
  CHECK(evidence_docs(*fs[0]) == std::set<std::string>{"a", "b"});
}

TEST_CASE("checks: another number inside an editor's bracket both copies have is an error", "[checks]") {
  TempDir tmp;
  auto body = [](const std::string& n) {
    return "Lena Varga spoke after the vote. \"We can now use our votes in the assembly and on the board [the party "
           "holds " + n + " of the nine seats],\" Varga said.";
  };
  tmp.write("a.txt", article("Wire A", body("three")));
  tmp.write("b.txt", article("Post B", body("four")));
  Run run = check(tmp);
  INFO(describe(run));
  auto fs = findings(run, "quote-altered");
  REQUIRE(fs.size() == 1);
  CHECK(fs[0]->severity == Severity::error);
  CHECK_THAT(fs[0]->message, Catch::Contains("(the party holds 3 of the 9 seats)") && Catch::Contains("number"));
  CHECK(evidence_docs(*fs[0]) == std::set<std::string>{"a", "b"});
}

TEST_CASE("checks: two longer copies that hold a short reference are compared with each other", "[checks]") {
  // Both outlets quote the short words and a longer quote that holds them; the short one is the
  // statement's reference (quoted most), and each longer copy is a trim of it. A number changed
  // in one longer copy is found between the two.
  auto body = [](const std::string& n) {
    return "Mara Quist spoke at the rally. She said her rival was \"ready to stand up to the party bosses.\"\n\n"
           "\"It shows that " + n + " of the two of us has worked for the party for years, and that the other one "
           "is ready to stand up to the party bosses,\" Quist said.";
  };
  TempDir tmp;
  tmp.write("a.txt", article("Wire A", body("one")));
  tmp.write("b.txt", article("Post B", body("two")));
  Run run = check(tmp);
  INFO(describe(run));
  auto fs = findings(run, "quote-altered");
  REQUIRE(fs.size() == 1);
  CHECK(fs[0]->severity == Severity::error);
  CHECK_THAT(fs[0]->message, Catch::Contains("number"));
  CHECK(evidence_docs(*fs[0]) == std::set<std::string>{"a", "b"});
}

TEST_CASE("checks: an unclosed quote is an unbalanced-quote warning", "[checks]") {
  TempDir tmp;
  tmp.write("a.txt", article("Wire A",
                             "President Hassan Rouhani spoke on television. He said: \"The prayers of the Iranian "
                             "nation have come true.\n\nHardliners in parliament were less pleased."));
  Run run = check(tmp);
  INFO(describe(run));
  auto fs = findings(run, "unbalanced-quote");
  REQUIRE(fs.size() == 1);
  CHECK(fs[0]->severity == Severity::warning);
  REQUIRE(fs[0]->evidence.size() == 1);
  CHECK(fs[0]->evidence[0].doc == "a");
  CHECK(fs[0]->evidence[0].text == "The prayers of the Iranian nation have come true.");
  CHECK(fs[0]->evidence[0].pos.line == 6);
}

TEST_CASE("checks: a closing mark never opened is an unbalanced-quote warning", "[checks]") {
  TempDir tmp;
  tmp.write("a.txt", article("Wire A", "The talks ended\" without a statement from either side."));
  Run run = check(tmp);
  INFO(describe(run));
  auto fs = findings(run, "unbalanced-quote");
  REQUIRE(fs.size() == 1);
  REQUIRE(fs[0]->evidence.size() == 1);
  CHECK(fs[0]->evidence[0].pos.line == 6);
  CHECK(fs[0]->evidence[0].pos.column == 16);
}

TEST_CASE("checks: an unbalanced quote is a warning only when the text shows a mark is missing", "[checks]") {
  // The quote is closed by the next paragraph's first mark (a paragraph break inside it with no
  // mark reopening it): one info finding with its low confidence, and no stray.
  const std::string body =
      "Then she wrote, \"We are being inclusive when we say it.\n\nIt is that simple,\" she said on Friday.";
  TempDir tmp;
  tmp.write("a.txt", article("Wire A", body));
  Run run = check(tmp);
  INFO(describe(run));
  auto fs = findings(run, "unbalanced-quote");
  REQUIRE(fs.size() == 1);
  CHECK(fs[0]->severity == Severity::info);
  CHECK(fs[0]->confidence == qc_test::shipped_pack().unbalanced_confidence.closed_in_next_paragraph);
  CHECK_THAT(fs[0]->message, Catch::Contains("next paragraph"));
  // The threshold is the pack's: at a lower `warning_at` the same finding is a warning, same id.
  RulePack pack = qc_test::shipped_pack();
  pack.unbalanced_confidence.warning_at = 0.2;
  Run low = run_pipeline({tmp.str()}, pack, RunOptions{});
  auto gs = findings(low, "unbalanced-quote");
  REQUIRE(gs.size() == 1);
  CHECK(gs[0]->severity == Severity::warning);
  CHECK(gs[0]->id == fs[0]->id);
  // A scalar severity in the pack is the severity of every finding of the check.
  pack = qc_test::shipped_pack();
  pack.checks["unbalanced-quote"] = CheckConfig{};
  pack.checks["unbalanced-quote"].severity = Severity::error;
  Run flat = run_pipeline({tmp.str()}, pack, RunOptions{});
  auto hs = findings(flat, "unbalanced-quote");
  REQUIRE(hs.size() == 1);
  CHECK(hs[0]->severity == Severity::error);
}

TEST_CASE("checks: a finding's id survives edits elsewhere and changes with its evidence", "[checks]") {
  TempDir tmp;
  const std::string a_body = k_kerry_a;
  tmp.write("a.txt", article("Wire A", a_body));
  tmp.write("b.txt", article("Post B", k_kerry_b));
  auto id_of = [&] {
    Run run = check(tmp);
    INFO(describe(run));
    auto fs = findings(run, "quote-altered");
    REQUIRE(fs.size() == 1);
    return fs[0]->id;
  };
  const std::string original = id_of();
  CHECK(original.size() == 16);
  CHECK(id_of() == original);  // same input, same id

  SECTION("unrelated text added before the quote: same id") {
    tmp.write("a.txt", article("Wire A",
                               "The talks in Vienna ran for eighteen days.\n\nDiplomats were tired but relieved.\n\n" +
                                   a_body + "\n\nThe accord now goes to Congress."));
    CHECK(id_of() == original);
  }
  SECTION("the evidence changes: another id") {
    tmp.write("a.txt", article("Wire A",
                               "U.S. Secretary of State John Kerry spoke after the talks. \"There were times, believe "
                               "me, when we were never sure we would be able to get where we are today,\" Kerry said."));
    CHECK(id_of() != original);
  }
}

TEST_CASE("checks: findings come sorted by severity", "[checks]") {
  TempDir tmp;
  tmp.write("a.txt", article("Wire A", k_kerry_a + "\n\nThe talks ended\" late."));
  tmp.write("b.txt", article("Post B", k_kerry_b));
  Run run = check(tmp);
  INFO(describe(run));
  REQUIRE(run.analysis.findings.size() >= 2);
  for (std::size_t i = 1; i < run.analysis.findings.size(); ++i)
    CHECK(run.analysis.findings[i - 1].severity >= run.analysis.findings[i].severity);
}

TEST_CASE("checks: a check turned off in the rule pack reports nothing", "[checks]") {
  RulePack pack = qc_test::shipped_pack();
  pack.checks["unbalanced-quote"].enabled = false;
  TempDir tmp;
  tmp.write("a.txt", article("Wire A", "He said: \"This never closes.\n\nThe end."));
  Run run = run_pipeline({tmp.str()}, pack, RunOptions{});
  INFO(describe(run));
  CHECK(findings(run, "unbalanced-quote").empty());
}

TEST_CASE("checks: a widely copied quote: evidence is the differing quote and the first copies, the id does not count copies",
          "[checks]") {
  TempDir tmp;
  tmp.write("z.txt", article("Post Z", k_kerry_b));
  auto run_with = [&](int copies) {
    for (int i = 0; i < copies; ++i) tmp.write("c" + std::to_string(i) + ".txt", article("Wire " + std::to_string(i), k_kerry_a));
    return check(tmp);
  };
  Run four = run_with(4);
  Run six = run_with(6);
  INFO(describe(six));
  auto f4 = findings(four, "quote-altered");
  auto f6 = findings(six, "quote-altered");
  REQUIRE(f4.size() == 1);
  REQUIRE(f6.size() == 1);
  // The quote that differs, and the first two (by document order) of the six copies.
  CHECK(evidence_docs(*f6[0]) == std::set<std::string>{"c0", "c1", "z"});
  CHECK_THAT(f6[0]->message, Catch::Contains("quoted in 6 places, the first 2 listed"));
  CHECK_THAT(f6[0]->message, Catch::Contains("Post Z quotes other words where Wire 0, Wire 1, Wire 2, Wire 3 (+2 more) quotes"));
  // The copy that differs is the primary location.
  CHECK(f6[0]->evidence[0].doc == "z");
  CHECK(f6[0]->id == f4[0]->id);
}

namespace {

// The Kerry quote with `words` in place of "not sure", in an article of `outlet`.
std::string kerry(const std::string& outlet, const std::string& words, const std::string& speaker = "Kerry said") {
  return article(outlet, "U.S. Secretary of State John Kerry spoke after the talks. \"There were times, believe me, when "
                         "we were " + words + " we would be able to get where we are today,\" " + speaker + ".");
}

}  // namespace

TEST_CASE("checks: a negation replaced by another is no negation difference", "[checks]") {
  TempDir tmp;
  tmp.write("a.txt", kerry("Wire A", "not sure"));
  tmp.write("b.txt", kerry("Post B", "never sure"));
  Run run = check(tmp);
  INFO(describe(run));
  auto fs = findings(run, "quote-altered");
  REQUIRE(fs.size() == 1);
  CHECK(fs[0]->severity == Severity::warning);
  CHECK_THAT(fs[0]->message, !Catch::Contains("negation"));
}

TEST_CASE("checks: differences only of form are no finding", "[checks]") {
  TempDir tmp;
  tmp.write("a.txt", article("Wire A", "Jo Roe spoke on Monday. \"We've lost twenty-four soldiers in the province, and "
                                       "everyone in the workforce knows it,\" Roe said."));
  tmp.write("b.txt", article("Post B", "Jo Roe spoke on Monday. \"We have lost 24 soldiers in the province and "
                                       "everybody in the work force knows it,\" Roe said."));
  Run run = check(tmp);
  INFO(describe(run));
  CHECK(findings(run, "quote-altered").empty());
  CHECK(findings(run, "quote-trimmed").empty());
}

TEST_CASE("checks: two wordings in one document disagree with nobody", "[checks]") {
  TempDir tmp;
  tmp.write("a.txt", kerry("Wire A", "not sure") + "\n\nLater he said again: \"There were times, believe me, when we were "
                                                   "sure we would be able to get where we are today.\"\n");
  tmp.write("b.txt", kerry("Post B", "not sure"));
  Run run = check(tmp);
  INFO(describe(run));
  CHECK(findings(run, "quote-altered").empty());
}

TEST_CASE("checks: one finding per statement, listing every copy, the odd one first", "[checks]") {
  TempDir tmp;
  tmp.write("a.txt", kerry("Wire A", "not sure"));
  tmp.write("b.txt", kerry("Post B", "not sure"));
  tmp.write("c.txt", kerry("Daily C", "not sure"));
  tmp.write("d.txt", kerry("Herald D", "sure"));
  tmp.write("e.txt", kerry("Times E", "quite sure"));
  Run run = check(tmp);
  INFO(describe(run));
  auto fs = findings(run, "quote-altered");
  REQUIRE(fs.size() == 1);
  CHECK(fs[0]->severity == Severity::error);
  std::set<std::string> first_two{fs[0]->evidence[0].doc, fs[0]->evidence[1].doc};
  CHECK(first_two == std::set<std::string>{"d", "e"});
  CHECK(evidence_docs(*fs[0]).count("a"));
}

TEST_CASE("checks: a configured severity caps the escalation", "[checks][config]") {
  TempDir tmp;
  tmp.write("a.txt", kerry("Wire A", "not sure"));
  tmp.write("b.txt", kerry("Post B", "sure"));
  RulePack pack = qc_test::shipped_pack();
  Config config;
  config.checks["quote-altered"] = Severity::warning;
  apply_config(config, pack);
  Run run = run_pipeline({tmp.str()}, pack, RunOptions{});
  INFO(describe(run));
  auto fs = findings(run, "quote-altered");
  REQUIRE(fs.size() == 1);
  CHECK(fs[0]->severity == Severity::warning);
  CHECK_THAT(fs[0]->message, Catch::Contains("negation"));
}

TEST_CASE("checks: a speaker conflict is an error only when both attributions are confident", "[checks]") {
  const std::string quote = "\"We have reached an agreement that is good for everybody in the region and beyond,\"";
  SECTION("both named at the site: error") {
    TempDir tmp;
    tmp.write("a.txt", article("Wire A", "Mohammad Javad Zarif spoke in Vienna. " + quote + " Zarif said."));
    tmp.write("b.txt", article("Post B", "John Kerry spoke in Vienna. " + quote + " Kerry said."));
    Run run = check(tmp);
    INFO(describe(run));
    auto fs = findings(run, "speaker-conflict");
    REQUIRE(fs.size() == 1);
    CHECK(fs[0]->severity == Severity::error);
  }
  SECTION("one a pronoun resolved across sentences: info") {
    TempDir tmp;
    tmp.write("a.txt", article("Wire A", "Mohammad Javad Zarif spoke in Vienna. " + quote + " Zarif said."));
    tmp.write("b.txt", article("Post B", "John Kerry spoke in Vienna after the talks ended. " + quote + " he said."));
    Run run = check(tmp);
    INFO(describe(run));
    auto fs = findings(run, "speaker-conflict");
    REQUIRE(fs.size() == 1);
    CHECK(fs[0]->severity == Severity::info);
    CHECK(fs[0]->confidence < 0.85);
  }
  SECTION("an organisation relaying the words is no conflict") {
    TempDir tmp;
    tmp.write("a.txt", article("Wire A", "Mohammad Javad Zarif spoke in Vienna. " + quote + " Zarif said."));
    tmp.write("b.txt", article("Post B", "The talks ended on Monday. " + quote + " GLAAD said."));
    Run run = check(tmp);
    INFO(describe(run));
    CHECK(findings(run, "speaker-conflict").empty());
  }
}

TEST_CASE("checks: a trim that cuts a qualifier is a warning, a plain trim info", "[checks]") {
  auto with = [&](const std::string& outlet, const std::string& q) {
    return article(outlet, "Ryan Crocker spoke in Baghdad. \"" + q + ",\" Crocker said.");
  };
  SECTION("a long quote trimmed before 'not just'") {
    const std::string longer = "We came here to talk about the security of Iraq and about what the Iranians are doing, "
                               "not just about principles";
    TempDir tmp;
    tmp.write("a.txt", with("Wire A", longer));
    tmp.write("b.txt", with("Post B", "We came here to talk about the security of Iraq and about what the Iranians are doing"));
    Run run = check(tmp);
    INFO(describe(run));
    auto fs = findings(run, "quote-trimmed");
    REQUIRE(fs.size() == 1);
    CHECK(fs[0]->severity == Severity::warning);
    CHECK(fs[0]->evidence[0].doc == "b");
  }
  SECTION("a plain trim") {
    TempDir tmp;
    tmp.write("a.txt", with("Wire A", "We came here to talk about the security of Iraq and about what the Iranians are doing "
                                      "in the south of the country"));
    tmp.write("b.txt", with("Post B", "We came here to talk about the security of Iraq and about what the Iranians are doing"));
    Run run = check(tmp);
    INFO(describe(run));
    auto fs = findings(run, "quote-trimmed");
    REQUIRE(fs.size() == 1);
    CHECK(fs[0]->severity == Severity::info);
  }
}

TEST_CASE("checks: one person given two parties is an affiliation conflict, the odd place first", "[checks]") {
  TempDir tmp;
  const std::string quote = "\"We will not back down from this fight,\" Corker said.";
  tmp.write("a.txt", article("Wire A", "Republican Sen. Bob Corker spoke on Monday. " + quote));
  tmp.write("b.txt", article("Post B", "Democratic Sen. Bob Corker spoke on Monday. " + quote));
  tmp.write("c.txt", article("Daily C", "Sen. Bob Corker (R-Tenn.) spoke on Monday. " + quote));
  Run run = check(tmp);
  INFO(describe(run));
  auto fs = findings(run, "affiliation-conflict");
  REQUIRE(fs.size() == 1);
  CHECK(fs[0]->severity == Severity::error);
  CHECK_THAT(fs[0]->message, Catch::Contains("Bob Corker's party"));
  CHECK(fs[0]->evidence[0].doc == "b");
}

TEST_CASE("checks: the same party in other words is no conflict", "[checks]") {
  TempDir tmp;
  const std::string quote = "\"We will not back down from this fight,\" Corker said.";
  tmp.write("a.txt", article("Wire A", "Republican Sen. Bob Corker spoke on Monday. " + quote));
  tmp.write("b.txt", article("Post B", "Sen. Bob Corker (R-Tenn.) spoke on Monday. " + quote));
  Run run = check(tmp);
  INFO(describe(run));
  CHECK(findings(run, "affiliation-conflict").empty());
}

TEST_CASE("checks: a party right before the role of a long appositive is the person's party", "[checks][party]") {
  TempDir tmp;
  const std::string quote = " \"We will not back down from this fight,\" Stearns said.";
  tmp.write("a.txt", article("Wire A", "Bob Stearns, a top Republican strategist on the senator's campaign in 2008 and 2004, "
                                       "spoke on Monday." + quote));
  tmp.write("b.txt", article("Post B", "Bob Stearns, a top Democratic strategist on the senator's campaign in 2008 and 2004, "
                                       "spoke on Monday." + quote));
  tmp.write("c.txt", article("Daily C", "Bob Stearns, a Republican strategist, spoke on Monday." + quote));
  Run run = check(tmp);
  INFO(describe(run));
  auto fs = findings(run, "affiliation-conflict");
  REQUIRE(fs.size() == 1);
  CHECK_THAT(fs[0]->message, Catch::Contains("Bob Stearns's party"));
  CHECK(fs[0]->evidence[0].doc == "b");
}

TEST_CASE("checks: a party's race names the person's party, a party named in passing does not", "[checks][party]") {
  const std::string quote = " \"We will not back down from this fight,\" Stearns said.";
  SECTION("the front-runner for a party's nomination") {
    TempDir tmp;
    tmp.write("a.txt", article("Wire A", "Bob Stearns, the front-runner for the Republican nomination, spoke on Monday." + quote));
    tmp.write("b.txt", article("Post B", "Bob Stearns, the front-runner for the Democratic nomination, spoke on Monday." + quote));
    tmp.write("c.txt", article("Daily C", "Bob Stearns, a Republican candidate, spoke on Monday." + quote));
    Run run = check(tmp);
    INFO(describe(run));
    auto fs = findings(run, "affiliation-conflict");
    REQUIRE(fs.size() == 1);
    CHECK(fs[0]->evidence[0].doc == "b");
  }
  SECTION("the chairwoman of a party named in full") {
    TempDir tmp;
    tmp.write("a.txt", article("Wire A", "Bob Stearns, the chairman of the Ohio Republican Party, spoke on Monday." + quote));
    tmp.write("b.txt", article("Post B", "Bob Stearns, the chairman of the Ohio Democratic Party, spoke on Monday." + quote));
    tmp.write("c.txt", article("Daily C", "Bob Stearns, a Republican, spoke on Monday." + quote));
    tmp.write("d.txt", article("Daily D", "Bob Stearns, the chairman of the Republican National Committee, spoke." + quote));
    Run run = check(tmp);
    INFO(describe(run));
    auto fs = findings(run, "affiliation-conflict");
    REQUIRE(fs.size() == 1);
    CHECK(fs[0]->evidence[0].doc == "b");
    bool committee = false;  // the chairman of the party's national committee is the party's
    for (const auto& e : fs[0]->evidence) committee = committee || e.doc == "d";
    CHECK(committee);
  }
  SECTION("a critic of a party, a party's committee") {
    TempDir tmp;
    tmp.write("a.txt", article("Wire A", "Bob Stearns, a Republican strategist, spoke on Monday." + quote));
    tmp.write("b.txt", article("Post B", "Bob Stearns, a longtime critic of the Democratic Party and its leaders, spoke on Monday." + quote));
    tmp.write("c.txt", article("Daily C", "Bob Stearns, the adviser who briefed the Democratic National Committee last year, spoke." + quote));
    Run run = check(tmp);
    INFO(describe(run));
    CHECK(findings(run, "affiliation-conflict").empty());
  }
}

namespace {

// A document of a hand-built analysis, its outlet named "Outlet <i>".
DocumentResult bare_doc(std::size_t i) {
  DocumentResult d;
  d.id = "d" + std::to_string(i);
  d.path = d.id + ".txt";
  d.outlet = "Outlet " + std::to_string(i);
  return d;
}

EntityDescriptor described(std::size_t doc, std::size_t start, const std::string& text, const std::string& role,
                           const std::string& affiliation) {
  EntityDescriptor ed;
  ed.doc = doc;
  ed.descriptor.text = text;
  ed.descriptor.role = role;
  ed.descriptor.affiliation = affiliation;
  ed.descriptor.start = start;
  ed.descriptor.end = start + text.size();
  return ed;
}

Entity person(const std::string& id, const std::string& name, std::initializer_list<std::size_t> docs) {
  Entity e;
  e.id = id;
  e.name = name;
  for (auto d : docs) e.spellings.push_back(NameUse{name, d, 0, 0, name.size(), {}});
  return e;
}

}  // namespace

TEST_CASE("checks: the people checks leave out a descriptor that runs on into another person's name, not one holding "
          "the person's own name",
          "[checks][people]") {
  // Jo Roe has many descriptors: Iran's foreign minister in most documents, Iraq's in one, and in
  // d2 a descriptor that runs on into Fumio Kishida's name (Japan's, left out). Kishida's own
  // descriptor in d3 runs on into Roe's name (left out: were Roe's name words still taken for
  // Kishida's, it would count, and Kishida would be China's and Japan's foreign minister).
  // Ali Reza is Iraq's foreign minister in d1, where Roe is too.
  const std::string fm = "foreign minister";
  Analysis a;
  constexpr std::size_t k_docs = 16;
  for (std::size_t i = 0; i < k_docs; ++i) a.docs.push_back(bare_doc(i));
  Entity roe = person("e1", "Jo Roe", {0, 1, 2, 3});
  roe.descriptors.push_back(described(0, 10, "Iranian Foreign Minister", fm, "Iran"));
  roe.descriptors.push_back(described(1, 10, "Iraqi Foreign Minister", fm, "Iraq"));
  roe.descriptors.push_back(described(2, 10, "Iranian Foreign Minister Jo Roe", fm, "Iran"));
  roe.descriptors.push_back(described(2, 90, "Japan's Foreign Minister Fumio Kishida", fm, "Japan"));
  roe.descriptors.push_back(described(3, 10, "Iranian Foreign Minister", fm, "Iran"));
  for (std::size_t i = 4; i < k_docs; ++i) {
    roe.spellings.push_back(NameUse{"Jo Roe", i, 0, 0, 6, {}});
    roe.descriptors.push_back(described(i, 10, "the Iranian foreign minister", fm, "Iran"));
  }
  Entity kishida = person("e2", "Fumio Kishida", {2, 3});
  kishida.descriptors.push_back(described(2, 60, "Japanese Foreign Minister", fm, "Japan"));
  kishida.descriptors.push_back(described(3, 60, "the Chinese Foreign Minister and Jo Roe", fm, "China"));
  Entity reza = person("e3", "Ali Reza", {1});
  reza.descriptors.push_back(described(1, 50, "Iraqi Foreign Minister", fm, "Iraq"));
  a.entities = {roe, kishida, reza};

  auto found = run_checks(a, qc_test::shipped_pack());
  std::vector<std::string> got;
  for (auto& f : found) {
    std::string line = f.check + " " + f.entity + ": " + f.message + " [";
    for (auto& e : f.evidence) line += " " + e.doc + "@" + std::to_string(e.start);
    got.push_back(line + " ]");
  }
  CHECK(got == std::vector<std::string>{
                   // (the evidence of one group in the order of the documents' ids)
                   "affiliation-conflict e1: Jo Roe is called Iran's foreign minister in 15 places and Iraq's in 1 [ d1@10 d0@10 "
                   "d10@10 d11@10 d12@10 d13@10 d14@10 d15@10 d2@10 d3@10 d4@10 d5@10 d6@10 d7@10 d8@10 d9@10 ]",
                   "role-holder-conflict : Iraq's foreign minister is said to be Ali Reza and Jo Roe: one person holds this "
                   "role at a time [ d1@10 d1@50 ]",
               });
}
