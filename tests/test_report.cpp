// quotecheck - tests of the report formats (HTML, Markdown, SARIF, line, GitHub), baselines
// and the configuration file, including escaping of hostile article text.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <regex>
#include <set>
#include <sstream>

#include "quotecheck/attribution.hpp"
#include "quotecheck/baseline.hpp"
#include "quotecheck/config.hpp"
#include "quotecheck/pipeline.hpp"
#include "quotecheck/report.hpp"
#include "quotecheck/text.hpp"
#include "support.hpp"

using namespace quotecheck;
using qc_test::shipped_pack;

namespace {

// Builds a run from articles held in memory: (id, text) pairs.
Run run_of(const std::vector<std::pair<std::string, std::string>>& articles) {
  Run run;
  for (auto& [id, text] : articles) {
    Diagnostics diags;
    auto doc = make_document(id, id + ".txt", text, diags);
    run.analysis.docs.push_back(extract(doc, shipped_pack()));
  }
  analyse(run.analysis, shipped_pack());
  return run;
}

// Two outlets quoting one remark differently, every field stuffed with markup.
const std::string k_evil_a =
    "---\n"
    "outlet: \"Evil <img src=x onerror=alert(1)> Post\"\n"
    "url: \"javascript:alert(1)\"\n"
    "title: \"\\\"><svg onload=alert(1)>\"\n"
    "---\n"
    "Talks <b>end</b>\n\n"
    "\"We will <script>alert('x')</script> never give up on the talks &amp; peace in Baghdad today,\" said "
    "John Smith, the foreign minister.\n\n"
    "\"Bad byte \xff here in a quote that is long enough to count,\" Smith said.\n";
const std::string k_evil_b =
    "---\n"
    "outlet: \"O'Brien \\\"Daily\\\" <i>News</i>\"\n"
    "url: \"https://example.org/a?x=1&y=\\\"2\\\"\"\n"
    "---\n"
    "Talks end\n\n"
    "\"We will <script>alert('x')</script> always give up on the talks &amp; peace in Baghdad today,\" said "
    "John Smith, the foreign minister.\n";

std::size_t count(const std::string& hay, const std::string& needle) {
  std::size_t n = 0;
  for (auto p = hay.find(needle); p != std::string::npos; p = hay.find(needle, p + 1)) ++n;
  return n;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

}  // namespace

TEST_CASE("html_escape escapes markup, quotes and broken UTF-8", "[report][html]") {
  struct Case {
    std::string in, out;
  };
  const std::vector<Case> cases{
      {"plain", "plain"},
      {"<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"},
      {"\" onmouseover=\"alert(1)", "&quot; onmouseover=&quot;alert(1)"},
      {"' onfocus='x", "&#39; onfocus=&#39;x"},
      {"&amp; &lt;", "&amp;amp; &amp;lt;"},
      {"javascript:alert(1)", "javascript:alert(1)"},
      {"a\xff" "b", "a\xEF\xBF\xBD" "b"},
      {"\xC3", "\xEF\xBF\xBD"},
      {"caf\xC3\xA9", "caf\xC3\xA9"},
  };
  for (auto& c : cases) {
    INFO(c.in);
    CHECK(html_escape(c.in) == c.out);
  }
}

TEST_CASE("the HTML report shows hostile article text as text", "[report][html]") {
  Run run = run_of({{"a", k_evil_a}, {"b", k_evil_b}});
  std::string html = html_report(run);
  CHECK(html.starts_with("<!DOCTYPE html>"));
  CHECK(invalid_utf8(html).empty());
  // The only script is the report's own filter; nothing from the articles became markup.
  CHECK(count(html, "<script") == 1);
  CHECK(html.find("<img") == std::string::npos);
  CHECK(html.find("<svg") == std::string::npos);
  CHECK(html.find("<b>end") == std::string::npos);
  CHECK(html.find("<i>News") == std::string::npos);
  // No element carries an event handler or a source: escaped text may hold the words, never a tag.
  CHECK(!std::regex_search(html, std::regex(R"(<[a-zA-Z][^>]*\s(src|onerror|onload|onmouseover)=)")));
  CHECK(html.find("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;") != std::string::npos);
  CHECK(html.find("&amp;amp;") != std::string::npos);
  // A javascript: URL is never a link; an http(s) one is, with its attribute escaped.
  CHECK(html.find("href=\"javascript:") == std::string::npos);
  CHECK(html.find("href=\"https://example.org/a?x=1&amp;y=&quot;2&quot;\"") != std::string::npos);
  // Self-contained: nothing fetched.
  CHECK(html.find("<link") == std::string::npos);
  CHECK(html.find("@import") == std::string::npos);
  CHECK(html.find("default-src 'none'") != std::string::npos);
  // Byte-identical when run again.
  CHECK(html_report(run) == html);
}

TEST_CASE("the HTML report marks word differences and has its sections", "[report][html]") {
  Run run = run_of({{"a", k_evil_a}, {"b", k_evil_b}});
  std::string html = html_report(run);
  CHECK(html.find("<del>never</del>") != std::string::npos);
  CHECK(html.find("<ins>always</ins>") != std::string::npos);
  CHECK(html.find("id=\"findings\"") != std::string::npos);
  CHECK(html.find("id=\"statements\"") != std::string::npos);
  CHECK(html.find("id=\"people\"") != std::string::npos);
  CHECK(html.find("name=\"severity\" value=\"error\"") != std::string::npos);
  CHECK(html.find("name=\"check\" value=\"quote-altered\"") != std::string::npos);
  // Conflicts come first by severity: no warning before an error, no info before a warning.
  auto first = [&](const std::string& sev) { return html.find("class=\"finding " + sev + "\""); };
  if (first("error") != std::string::npos && first("warning") != std::string::npos) CHECK(first("error") < first("warning"));
  if (first("warning") != std::string::npos && first("info") != std::string::npos) CHECK(first("warning") < first("info"));
}

TEST_CASE("markdown_escape leaves no markup", "[report][markdown]") {
  CHECK(markdown_escape("<script>") == "&lt;script&gt;");
  CHECK(markdown_escape("a|b") == "a\\|b");
  CHECK(markdown_escape("*bold* _it_ `code` [x](javascript:y)") == "\\*bold\\* \\_it\\_ \\`code\\` \\[x\\](javascript:y)");
  CHECK(markdown_escape("line\nbreak") == "line break");
  CHECK(markdown_escape("\xff") == "\xEF\xBF\xBD");
}

TEST_CASE("the Markdown report holds findings and statements, escaped", "[report][markdown]") {
  Run run = run_of({{"a", k_evil_a}, {"b", k_evil_b}});
  std::string md = markdown_report(run);
  CHECK(md.starts_with("# quotecheck report\n"));
  CHECK(md.find("| Severity | Check | Message | Where |") != std::string::npos);
  CHECK(md.find("<script") == std::string::npos);
  CHECK(md.find("<img") == std::string::npos);
  CHECK(md.find("~~never~~") != std::string::npos);
  CHECK(md.find("**always**") != std::string::npos);
  CHECK(invalid_utf8(md).empty());
}

TEST_CASE("the SARIF log follows SARIF 2.1.0", "[report][sarif]") {
  Run run = run_of({{"a", k_evil_a}, {"b", k_evil_b}});
  REQUIRE(!run.analysis.findings.empty());
  auto j = nlohmann::json::parse(sarif_report(run, shipped_pack()));
  CHECK(j["version"] == "2.1.0");
  auto& r = j["runs"][0];
  auto& rules = r["tool"]["driver"]["rules"];
  REQUIRE(rules.size() == check_ids().size());
  std::set<std::string> ids;
  for (auto& rule : rules) {
    ids.insert(rule["id"].get<std::string>());
    CHECK(rule["shortDescription"]["text"].is_string());
    auto level = rule["defaultConfiguration"]["level"].get<std::string>();
    CHECK((level == "error" || level == "warning" || level == "note"));
  }
  REQUIRE(r["results"].size() == run.analysis.findings.size());
  for (std::size_t i = 0; i < r["results"].size(); ++i) {
    auto& res = r["results"][i];
    const Finding& f = run.analysis.findings[i];
    CHECK(ids.count(res["ruleId"].get<std::string>()) == 1);
    CHECK(res["ruleId"] == f.check);
    auto level = res["level"].get<std::string>();
    CHECK(level == (f.severity == Severity::error ? "error" : f.severity == Severity::warning ? "warning" : "note"));
    CHECK(res["message"]["text"] == to_valid_utf8(shown_message(f)));
    CHECK(res["properties"]["confidence"].get<double>() == Approx(f.confidence).margin(0.006));
    auto& loc = res["locations"][0]["physicalLocation"];
    CHECK(loc["artifactLocation"]["uri"] == f.evidence[0].path);
    CHECK(loc["region"]["startLine"].get<int>() >= 1);
    CHECK(loc["region"]["startColumn"].get<int>() >= 1);
    CHECK(res["partialFingerprints"]["quotecheckFindingId/v1"] == f.id);
    if (f.evidence.size() > 1) CHECK(res["relatedLocations"].size() == f.evidence.size() - 1);
  }
}

TEST_CASE("line and GitHub formats give one finding a line", "[report][line][github]") {
  Run run = run_of({{"a", k_evil_a}, {"b", k_evil_b}});
  auto lines = lines_of(line_report(run));
  REQUIRE(lines.size() == run.analysis.findings.size());
  std::regex shape(R"(^[^:]+\.txt:\d+:\d+: (error|warning|info): .+ \[[a-z-]+\]$)");
  for (auto& l : lines) {
    INFO(l);
    CHECK(std::regex_match(l, shape));
  }
  auto gh = lines_of(github_report(run));
  REQUIRE(gh.size() == run.analysis.findings.size());
  std::regex gh_shape(R"(^::(error|warning|notice) file=[^,]+,line=\d+,col=\d+,title=[a-z-]+::.+$)");
  for (auto& l : gh) {
    INFO(l);
    CHECK(std::regex_match(l, gh_shape));
  }
}

TEST_CASE("GitHub workflow commands escape their data and properties", "[report][github]") {
  Run run;
  Finding f;
  f.id = "0123456789abcdef";
  f.check = "quote-altered";
  f.severity = Severity::info;
  f.message = "50% done\r\nnext::error";
  Evidence e;
  e.path = "dir/a,b:c.txt";
  e.pos = {3, 7};
  f.evidence.push_back(e);
  run.analysis.findings.push_back(f);
  CHECK(github_report(run) ==
        "::notice file=dir/a%2Cb%3Ac.txt,line=3,col=7,title=quote-altered::50%25 done  next::error [quote-altered]\n");
  CHECK(line_report(run) == "dir/a,b:c.txt:3:7: info: 50% done  next::error [quote-altered]\n");
}

TEST_CASE("baselines record findings by id and hide them", "[report][baseline]") {
  RunOptions options;
  options.jobs = 1;
  Run run = run_pipeline({QC_SOURCE_DIR "/data/story"}, shipped_pack(), options);
  REQUIRE(run.analysis.findings.size() >= 2);
  std::string file = baseline_json(run.analysis.findings);
  auto j = nlohmann::json::parse(file);
  CHECK(j["format"] == 1);
  REQUIRE(j["findings"].size() == run.analysis.findings.size());
  for (std::size_t i = 1; i < j["findings"].size(); ++i)
    CHECK(j["findings"][i - 1]["id"].get<std::string>() < j["findings"][i]["id"].get<std::string>());
  CHECK(j["findings"][0].contains("check"));
  CHECK(j["findings"][0].contains("message"));

  auto known = parse_baseline(file, "b.json");
  REQUIRE(known);
  // A baseline without the first finding: that one is new and stays.
  auto partial = *known;
  std::string fresh = run.analysis.findings.front().id;
  partial.erase(fresh);
  Analysis a = run.analysis;
  CHECK(apply_baseline(a, partial) == run.analysis.findings.size() - 1);
  REQUIRE(a.findings.size() == 1);
  CHECK(a.findings[0].id == fresh);
  CHECK(apply_baseline(run.analysis, *known) >= 1);
  CHECK(run.analysis.findings.empty());

  auto bad = parse_baseline("{\n  \"format\": 1,\n  \"findings\": [ }", "b.json");
  REQUIRE(!bad);
  CHECK(bad.error().str().starts_with("b.json:3:"));
  auto wrong = parse_baseline("{\"format\": 2, \"findings\": []}", "b.json");
  REQUIRE(!wrong);
  CHECK(wrong.error().str() == "b.json: error: not a quotecheck baseline: \"format\" must be 1");
}

TEST_CASE("configuration files are read strictly", "[report][config]") {
  auto ok = parse_config(
      "rules: [house]\n"
      "checks:\n  name-variant: off\n  quote-trimmed: warning\n"
      "ignore: [\"drafts/*\"]\n"
      "outlets:\n  - {pattern: \"wire-*.txt\", outlet: Vienna Wire}\n",
      "proj/.quotecheck.yaml");
  REQUIRE(ok);
  CHECK(ok->rules == std::vector<std::string>{"proj/house"});
  CHECK(ok->checks.at("name-variant") == std::nullopt);
  CHECK(ok->checks.at("quote-trimmed") == Severity::warning);
  CHECK(ok->ignore == std::vector<std::string>{"drafts/*"});
  REQUIRE(ok->outlets.size() == 1);
  CHECK(ok->outlets[0].pattern == "wire-*.txt");
  CHECK(ok->outlets[0].outlet == "Vienna Wire");

  RulePack pack = shipped_pack();
  apply_config(*ok, pack);
  CHECK(!pack.check("name-variant").enabled);
  CHECK(pack.check("quote-trimmed").severity == Severity::warning);

  struct Case {
    std::string text, error;
  };
  const std::vector<Case> bad{
      {"rules: [x]\nchekcs: {}\n", "c.yaml:2:1: error: unknown key 'chekcs' (expected rules, checks, ignore, outlets)"},
      {"checks:\n  no-such-check: error\n", "c.yaml:2:3: error: unknown check 'no-such-check'"},
      {"checks:\n  quote-altered: loud\n", "c.yaml:2:18: error: check 'quote-altered' must be error, warning, info or off"},
      {"outlets:\n  - {pattern: a, outlet: b, colour: red}\n", "c.yaml:2:29: error: unknown key 'colour' in an outlet (expected pattern, outlet)"},
      {"outlets:\n  - {pattern: a}\n", "c.yaml:2:5: error: an outlet needs both 'pattern' and 'outlet'"},
      {"- a\n- b\n", "c.yaml:1:1: error: configuration must be a mapping of keys (rules, checks, ignore, outlets)"},
  };
  for (auto& c : bad) {
    INFO(c.text);
    auto r = parse_config(c.text, "c.yaml");
    REQUIRE(!r);
    CHECK(r.error().front().str() == c.error);
  }
}

TEST_CASE("config files are found in parent folders", "[report][config]") {
  qc_test::TempDir dir;
  std::string cfg = dir.write(".quotecheck.yaml", "checks: {name-variant: off}\n");
  dir.write("a/b/article.txt", "x\n");
  auto found = find_config((dir.path() / "a" / "b").string());
  REQUIRE(found);
  CHECK(qc_test::fs::equivalent(*found, cfg));
}

TEST_CASE("reports do not depend on jobs or input order", "[report][determinism]") {
  std::vector<std::string> files;
  for (auto& e : qc_test::fs::directory_iterator(QC_SOURCE_DIR "/data/story")) files.push_back(e.path().string());
  std::sort(files.begin(), files.end());
  RunOptions one, many;
  one.jobs = 1;
  many.jobs = 4;
  Run r1 = run_pipeline(files, shipped_pack(), one);
  std::reverse(files.begin(), files.end());
  Run r2 = run_pipeline(files, shipped_pack(), many);
  CHECK(html_report(r1) == html_report(r2));
  CHECK(markdown_report(r1) == markdown_report(r2));
  CHECK(sarif_report(r1, shipped_pack()) == sarif_report(r2, shipped_pack()));
  CHECK(line_report(r1) == line_report(r2));
  CHECK(github_report(r1) == github_report(r2));
  CHECK(baseline_json(r1.analysis.findings) == baseline_json(r2.analysis.findings));
}

TEST_CASE("the CLI gate: formats, baselines, configuration and exit codes", "[report][cli]") {
  using qc_test::run_quotecheck;
  for (std::string format : {"text", "json", "html", "markdown", "sarif", "line", "github"}) {
    INFO(format);
    auto r = run_quotecheck({"check", "--no-config", "--format", format, "data/story"});
    CHECK(r.exit_code == 1);
  }
  qc_test::TempDir dir;
  std::string base = (dir.path() / "baseline.json").string();
  auto w = run_quotecheck({"check", "--no-config", "--format", "line", "--write-baseline", base, "data/story"});
  CHECK(w.exit_code == 0);
  auto b = run_quotecheck({"check", "--no-config", "--format", "line", "--baseline", base, "data/story"});
  CHECK(b.exit_code == 0);
  CHECK(b.out.empty());
  // A finding on top of the baseline still fails the gate.
  auto j = nlohmann::json::parse(qc_test::read_file(base));
  // Drop an error-severity finding from the baseline: it is then new, and fails the gate.
  auto& fs = j["findings"];
  for (std::size_t i = 0; i < fs.size(); ++i)
    if (fs[i]["check"] == "affiliation-conflict") {
      fs.erase(i);
      break;
    }
  dir.write("partial.json", j.dump());
  auto p = run_quotecheck({"check", "--no-config", "--format", "line", "--baseline", (dir.path() / "partial.json").string(), "data/story"});
  CHECK(p.exit_code == 1);
  CHECK(lines_of(p.out).size() == 1);
  auto missing = run_quotecheck({"check", "--no-config", "--baseline", (dir.path() / "nope.json").string(), "data/story"});
  CHECK(missing.exit_code == 2);

  // Configuration: unknown keys exit 2 with file:line:col; checks can be switched off.
  std::string bad_cfg = dir.write("bad.yaml", "checks: {}\nfrobnicate: 1\n");
  auto bad = run_quotecheck({"check", "--config", bad_cfg, "data/story"});
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find(bad_cfg + ":2:1: error: unknown key 'frobnicate'") != std::string::npos);
  std::string quiet = dir.write("quiet.yaml",
                                "checks:\n  affiliation-conflict: off\n  speaker-conflict: warning\n  quote-altered: off\n");
  auto q = run_quotecheck({"check", "--config", quiet, "--format", "line", "data/story"});
  CHECK(q.exit_code == 0);
  CHECK(q.out.find("affiliation-conflict") == std::string::npos);
  CHECK(q.out.find("quote-altered") == std::string::npos);
  CHECK(q.out.find(": warning: ") != std::string::npos);
  CHECK(q.out.find(": error: ") == std::string::npos);
  // Found from the working folder upwards; outlets named from file names.
  dir.write("proj/.quotecheck.yaml", "outlets:\n  - {pattern: \"plain-*.txt\", outlet: Plain Gazette}\n");
  dir.write("proj/sub/plain-1.txt", "Talks\n\n\"We will never give up on the peace talks,\" said John Smith.\n");
  auto o = run_quotecheck({"check", "--format", "json", "."}, (dir.path() / "proj" / "sub").string());
  CHECK(o.exit_code == 0);
  CHECK(nlohmann::json::parse(o.out)["documents"][0]["outlet"] == "Plain Gazette");
}

TEST_CASE("extract's JSONL writes each quote as the JSON report's quotes[] holds it", "[report][jsonl]") {
  // The JSONL lines are written as text, the report's quotes[] built as json values: the same
  // fields from one list (json_quote.hpp), and here the same bytes, escapes and invalid UTF-8 too.
  Run run = run_of({{"a", k_evil_a}, {"b", k_evil_b}});
  auto& docs = run.analysis.docs;
  REQUIRE(docs.size() == 2);
  REQUIRE(!docs[0].quotes.empty());
  Quote& q = docs[0].quotes[0];
  REQUIRE(q.speaker);
  q.speaker->mention = "ctl \x01\x1f\x7f \\ \" \n\t\b\f\r end";
  q.speaker->rule = "overlong \xC0\x80 rule";
  q.speaker->sieve = "surrogate \xED\xA0\x80 sieve";
  q.speaker->confidence = 0.3049;
  q.statement = "past U+10FFFF \xF4\x90\x80\x80, line separator \xE2\x80\xA8, emoji \xF0\x9F\x98\x80";
  docs[1].id = "id \xFF \"b\"";
  auto report = nlohmann::ordered_json::parse(json_report(run));
  std::vector<std::string> expected;
  for (auto& j : report.at("quotes")) expected.push_back(j.dump(-1, ' ', false, nlohmann::detail::error_handler_t::replace));
  std::vector<std::string> got;
  for (auto& d : docs)
    for (auto& line : lines_of(document_quotes_jsonl(d))) got.push_back(line);
  REQUIRE(got.size() == expected.size());
  for (std::size_t i = 0; i < got.size(); ++i) {
    INFO("quote " << i);
    CHECK(got[i] == expected[i]);
  }
  CHECK(got[0].find("\\u0001\\u001f\x7f \\\\ \\\" \\n\\t\\b\\f\\r") != std::string::npos);
  CHECK(got[0].find("\"confidence\":0.3") != std::string::npos);
}
