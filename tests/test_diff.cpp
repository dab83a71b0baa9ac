// quotecheck - tests of the version diff: word diffs, quote matching, change kinds, the
// diff reports and the `diff` command's exit codes.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "quotecheck/attribution.hpp"
#include "quotecheck/diff.hpp"
#include "quotecheck/entities.hpp"
#include "quotecheck/report.hpp"
#include "quotecheck/text.hpp"
#include "support.hpp"

using namespace quotecheck;
using qc_test::shipped_pack;

namespace {

DocumentResult version(const std::string& text, const std::string& id = "v") {
  Diagnostics diags;
  auto doc = make_document(id, id + ".txt", text, diags);
  std::vector<DocumentResult> docs{extract(doc, shipped_pack())};
  std::size_t n = 0;
  for (auto& q : docs[0].quotes) q.id = std::string("q").append(std::to_string(++n));
  resolve_entities(docs);
  return std::move(docs[0]);
}

std::string render(const std::vector<TextEdit>& edits) {
  std::string out;
  for (auto& e : edits) {
    if (!out.empty()) out += ' ';
    out += e.op == TextEdit::Op::same ? e.text : e.op == TextEdit::Op::removed ? "-(" + e.text + ")" : "+(" + e.text + ")";
  }
  return out;
}

const std::string k_base =
    "Talks in Baghdad\n\n"
    "Iran's foreign minister, Manouchehr Mottaki, spoke on Monday.\n\n"
    "\"We are hopeful that the talks will bring peace to the region,\" Mottaki said.\n\n"
    "\"This is about actions, not just principles,\" said Ryan Crocker, the US ambassador.\n";

std::string replace(std::string s, const std::string& from, const std::string& to) {
  auto p = s.find(from);
  REQUIRE(p != std::string::npos);
  return s.replace(p, from.size(), to);
}

const QuoteChange* find_kind(const VersionDiff& d, const std::string& kind) {
  for (auto& c : d.changes)
    if (c.kind == kind) return &c;
  return nullptr;
}

}  // namespace

TEST_CASE("diff_text marks removed and added tokens", "[diff]") {
  struct Case {
    std::string a, b, shown;
  };
  const std::vector<Case> cases{
      {"a b c", "a b c", "a b c"},
      {"the entire world", "the whole world", "the -(entire) +(whole) world"},
      {"actions, not just", "actions not just", "-(actions,) +(actions) not just"},
      {"one two", "one two three four", "one two +(three four)"},
      {"", "new words", "+(new words)"},
      {"old words", "", "-(old words)"},
      {"Washington\xE2\x80\x99s view", "Washington's view", "Washington's view"},
  };
  for (auto& c : cases) {
    INFO(c.a << " | " << c.b);
    CHECK(render(diff_text(c.a, c.b)) == c.shown);
  }
  // Broken UTF-8 comes out valid.
  for (auto& e : diff_text("a \xff b", "a c b")) CHECK(invalid_utf8(e.text).empty());
}

TEST_CASE("unchanged quotes and edits outside quotes give no change", "[diff]") {
  auto a = version(k_base);
  CHECK(!diff_versions(a, a, shipped_pack()).changed());
  auto b = version(replace(k_base, "spoke on Monday", "spoke on Monday afternoon in a long session"));
  auto d = diff_versions(a, b, shipped_pack());
  CHECK(!d.changed());
  CHECK(d.unchanged == a.quotes.size());
}

TEST_CASE("altered quotes: words, negations, punctuation", "[diff]") {
  auto a = version(k_base);
  {
    auto d = diff_versions(a, version(replace(k_base, "bring peace", "bring calm")), shipped_pack());
    auto* c = find_kind(d, "quote-altered");
    REQUIRE(c);
    CHECK(c->severity == Severity::warning);
    CHECK(render(c->edits).find("-(peace) +(calm)") != std::string::npos);
    CHECK(c->message == "quote altered: -[peace] +[calm]");
  }
  {
    auto d = diff_versions(a, version(replace(k_base, "will bring", "will not bring")), shipped_pack());
    auto* c = find_kind(d, "quote-altered");
    REQUIRE(c);
    CHECK(c->severity == Severity::error);
    CHECK(c->message.find("a negation differs") != std::string::npos);
  }
  {
    auto d = diff_versions(a, version(replace(k_base, "actions, not", "actions not")), shipped_pack());
    REQUIRE(d.changes.size() == 1);
    CHECK(d.changes[0].kind == "quote-altered");
    CHECK(d.changes[0].severity == Severity::info);
  }
}

TEST_CASE("added, removed, speaker and descriptor changes", "[diff]") {
  auto a = version(k_base);
  auto b = version(replace(replace(replace(k_base, "Iran's foreign", "Iraq's foreign"), "region,\" Mottaki said",
                                       "region,\" Crocker said"),
                           "\"This is about actions, not just principles,\" said Ryan Crocker, the US ambassador.\n",
                           "\"A completely new remark appears in this version,\" said Ryan Crocker.\n"));
  auto d = diff_versions(a, b, shipped_pack());
  auto* added = find_kind(d, "quote-added");
  auto* removed = find_kind(d, "quote-removed");
  auto* speaker = find_kind(d, "speaker-changed");
  auto* desc = find_kind(d, "descriptor-changed");
  REQUIRE(added);
  REQUIRE(removed);
  REQUIRE(speaker);
  REQUIRE(desc);
  CHECK(speaker->old_text == "Manouchehr Mottaki");
  CHECK(speaker->new_text == "Ryan Crocker");
  CHECK(speaker->severity == Severity::error);
  CHECK(desc->old_text == "Iran's foreign minister");
  CHECK(desc->new_text == "Iraq's foreign minister");
  // Sorted by kind.
  for (std::size_t i = 1; i < d.changes.size(); ++i) {
    auto& k = change_kinds();
    CHECK(std::find(k.begin(), k.end(), d.changes[i - 1].kind) <= std::find(k.begin(), k.end(), d.changes[i].kind));
  }
}

TEST_CASE("quotes are matched by alignment, not by position", "[diff]") {
  // The two quotes swap places and one is reworded: still matched, one alteration.
  std::string swapped =
      "Talks in Baghdad\n\n"
      "Iran's foreign minister, Manouchehr Mottaki, spoke on Monday.\n\n"
      "\"This is about actions, not just principles,\" said Ryan Crocker, the US ambassador.\n\n"
      "\"We are hopeful that these talks will bring peace to the region,\" Mottaki said.\n";
  auto d = diff_versions(version(k_base), version(swapped), shipped_pack());
  REQUIRE(d.changes.size() == 1);
  CHECK(d.changes[0].kind == "quote-altered");
  CHECK(render(d.changes[0].edits).find("-(the) +(these)") != std::string::npos);
  CHECK(d.unchanged == 1);
}

TEST_CASE("diff reports: text, JSON and HTML", "[diff][report]") {
  std::string evil = replace(k_base, "bring peace", "bring <script>alert(x)</script> \xff peace");
  auto a = version(k_base, "old"), b = version(evil, "new");
  auto d = diff_versions(a, b, shipped_pack());
  Version ov{&a, "old.txt"}, nv{&b, "new.txt"};
  std::string text = diff_text_report(ov, nv, d);
  CHECK(text.find("new.txt:5:1: warning: quote altered:") != std::string::npos);
  CHECK(text.find("{+<script>alert(x)</script>") != std::string::npos);
  auto j = nlohmann::json::parse(diff_json_report(ov, nv, d));
  CHECK(j["format"] == 1);
  CHECK(j["changes"][0]["kind"] == "quote-altered");
  CHECK(j["changes"][0]["new"]["position"]["line"] == 5);
  CHECK(j["summary"]["changes"] == d.changes.size());
  std::string html = diff_html_report(ov, nv, d);
  CHECK(html.find("<ins>&lt;script&gt;alert(x)&lt;/script&gt;") != std::string::npos);
  CHECK(html.find("<script>alert") == std::string::npos);
  CHECK(invalid_utf8(html).empty());
  CHECK(diff_html_report(ov, nv, d) == html);
}

TEST_CASE("extract_version reads files and archive records", "[diff]") {
  auto rec = extract_version(QC_SOURCE_DIR "/data/archive.jsonl:arch-0001", shipped_pack());
  REQUIRE(rec);
  CHECK(rec->id == "arch-0001");
  CHECK(!rec->quotes.empty());
  auto missing = extract_version(QC_SOURCE_DIR "/data/archive.jsonl:no-such-id", shipped_pack());
  REQUIRE(!missing);
  CHECK(missing.error().front().message == "no record with id 'no-such-id'");
  auto whole = extract_version(QC_SOURCE_DIR "/data/archive.jsonl", shipped_pack());
  REQUIRE(!whole);
  CHECK(whole.error().front().message.find("name one as") != std::string::npos);
  CHECK(!extract_version("/no/such/file.txt", shipped_pack()));
}

TEST_CASE("the diff command's exit codes", "[diff][cli]") {
  using qc_test::run_quotecheck;
  qc_test::TempDir dir;
  std::string a = dir.write("a.txt", k_base);
  std::string b = dir.write("b.txt", replace(k_base, "bring peace", "bring calm"));
  CHECK(run_quotecheck({"diff", "--no-config", a, a}).exit_code == 0);
  auto changed = run_quotecheck({"diff", "--no-config", a, b});
  CHECK(changed.exit_code == 1);
  CHECK(changed.out.find("[quote-altered]") != std::string::npos);
  for (std::string format : {"json", "html"})
    CHECK(run_quotecheck({"diff", "--no-config", "--format", format, a, b}).exit_code == 1);
  CHECK(run_quotecheck({"diff", "--no-config", a, (dir.path() / "none.txt").string()}).exit_code == 2);
  CHECK(run_quotecheck({"diff", "--no-config", a}).exit_code == 2);
  CHECK(run_quotecheck({"diff", "--no-config", "data/archive.jsonl:arch-0001", "data/archive.jsonl:arch-0001"}).exit_code == 0);
}
