// quotecheck - tests of documents: front matter, headlines, sources, JSON Lines archives.
#include <catch2/catch.hpp>

#include <algorithm>

#include "quotecheck/document.hpp"
#include "support.hpp"

using namespace quotecheck;
using qc_test::TempDir;

namespace {

std::vector<std::string> strs(const Diagnostics& diags) {
  std::vector<std::string> out;
  for (auto& d : diags) out.push_back(d.str());
  return out;
}

}  // namespace

TEST_CASE("make_document: a lede is no headline", "[document]") {
  // An article with no title line opens with its lede: a dateline, or a line longer than
  // headlines are (the longest of 924 titles in the development set has 141 characters), marks it.
  auto headline = [](const std::string& text) {
    Diagnostics diags;
    Document doc = make_document("lede", "lede.txt", text, diags);
    return doc.text.substr(doc.headline_start, doc.headline_end - doc.headline_start);
  };
  CHECK(headline("SYDNEY, Jan 5 (Reuters) - Albanese said it was \"the worst\".\n\nMore text.\n").empty());
  CHECK(headline("NEW DELHI: Modi said India would \"never bow\".\n\nMore text.\n").empty());
  CHECK(headline("WASHINGTON (AP) \xE2\x80\x94 The senator said the bill was \"dead\".\n\nMore text.\n").empty());
  CHECK(headline(std::string(150, 'a') + " said \"it\".\n\nMore text.\n").empty());
  // Headlines stay headlines, capitals and all.
  CHECK(headline("Trump delivers defense of 'New York values'\n\nMore text.\n") == "Trump delivers defense of 'New York values'");
  CHECK(headline("NATO Allies Meet in Brussels\n\nMore text.\n") == "NATO Allies Meet in Brussels");
  CHECK(headline("US, China agree to talks - report\n\nMore text.\n") == "US, China agree to talks - report");
  // A longer line in title case is a headline all the same; a lede as long is not.
  const std::string long_title =
      "Glenn Beck Blasts Drudge for Mocking His Fast, Quotes Bible to Encourage Indiana to \xE2\x80\x98" "Turn Away\xE2\x80\x99 "
      "from \xE2\x80\x98" "Boasters\xE2\x80\x99 and \xE2\x80\x98" "Blasphemers\xE2\x80\x99 Like Trump.";
  REQUIRE(long_title.size() > 150);
  CHECK(headline(long_title + "\n\nMore text.\n") == long_title);
  const std::string long_lede =
      "After blasting the Drudge Report for linking to a Breitbart article about his latest fast, Glenn Beck doubled down on "
      "his religious rhetoric by reciting a passage.";
  REQUIRE(long_lede.size() > 150);
  CHECK(headline(long_lede + "\n\nMore text.\n").empty());
}

TEST_CASE("make_document parses front matter and finds the headline", "[document]") {
  const std::string front =
      "---\n"
      "outlet: Vienna Wire\n"
      "url: https://example.org/vienna/1\n"
      "date: 2015-07-14\n"
      "title: Iran and world powers strike deal\n"
      "---\n";
  const std::string text = front + "\nIran and world powers strike deal\n\nVIENNA - The talks ended.\n";
  Diagnostics diags;
  Document doc = make_document("01-vienna", "data/01-vienna.txt", text, diags);
  CHECK(strs(diags).empty());
  CHECK(doc.id == "01-vienna");
  CHECK(doc.path == "data/01-vienna.txt");
  CHECK(doc.outlet == "Vienna Wire");
  CHECK(doc.url == "https://example.org/vienna/1");
  CHECK(doc.date == "2015-07-14");
  CHECK(doc.title == "Iran and world powers strike deal");
  CHECK(doc.text == text);  // the whole file, front matter included
  CHECK(doc.body_start == front.size());
  CHECK(doc.headline_start == front.size() + 1);
  CHECK(doc.text.substr(doc.headline_start, doc.headline_end - doc.headline_start) ==
        "Iran and world powers strike deal");
  // Positions point at the original lines.
  CHECK(doc.position(doc.headline_start).line == 8);
  CHECK(doc.position(doc.headline_start).column == 1);
}

TEST_CASE("make_document without front matter", "[document]") {
  Diagnostics diags;
  Document doc = make_document("a", "a.txt", "\n\nHeadline\nBody text.\n", diags);
  CHECK(diags.empty());
  CHECK(doc.body_start == 0);
  CHECK(doc.outlet.empty());
  CHECK(doc.headline_start == 2);
  CHECK(doc.headline_end == 10);
}

TEST_CASE("make_document skips a byte order mark before front matter", "[document]") {
  Diagnostics diags;
  std::string text = "\xEF\xBB\xBF---\noutlet: X\n---\nHeadline\n";
  Document doc = make_document("a", "a.txt", text, diags);
  CHECK(diags.empty());
  CHECK(doc.outlet == "X");
  CHECK(doc.body_start == text.find("Headline"));
}

TEST_CASE("a long first line is no headline", "[document]") {
  Diagnostics diags;
  Document doc = make_document("a", "a.txt", std::string(300, 'x') + "\n", diags);
  CHECK(doc.headline_end == doc.headline_start);
}

TEST_CASE("front matter problems are warnings with path:line:col", "[document]") {
  SECTION("unknown key") {
    Diagnostics diags;
    Document doc = make_document("a", "in/a.txt", "---\noutlet: X\nauthor: Someone\n---\nBody\n", diags);
    REQUIRE(diags.size() == 1);
    CHECK(diags[0].str() == "in/a.txt:3:1: warning: unknown front-matter key 'author' ignored");
    CHECK(doc.outlet == "X");
  }
  SECTION("YAML syntax error: read as article text") {
    Diagnostics diags;
    const std::string text = "---\noutlet: [Vienna\n---\nBody\n";
    Document doc = make_document("a", "in/a.txt", text, diags);
    REQUIRE(diags.size() == 1);
    const Diagnostic& d = diags[0];
    CHECK(d.severity == Severity::warning);
    CHECK(d.path == "in/a.txt");
    CHECK(d.line >= 2);
    CHECK(d.column >= 1);
    CHECK_THAT(d.str(), Catch::StartsWith("in/a.txt:" + std::to_string(d.line) + ":" + std::to_string(d.column) +
                                          ": warning: bad front matter ("));
    CHECK_THAT(d.str(), Catch::EndsWith("); read as article text"));
    CHECK(doc.body_start == 0);
    CHECK(doc.outlet.empty());
  }
  SECTION("never closed") {
    Diagnostics diags;
    Document doc = make_document("a", "in/a.txt", "---\noutlet: X\nBody\n", diags);
    REQUIRE(diags.size() == 1);
    CHECK(diags[0].str() ==
          "in/a.txt:1:1: warning: front matter opened with '---' is never closed; read as article text");
    CHECK(doc.body_start == 0);
  }
  SECTION("not a mapping") {
    Diagnostics diags;
    make_document("a", "in/a.txt", "---\n- one\n- two\n---\nBody\n", diags);
    REQUIRE(diags.size() == 1);
    CHECK(diags[0].str() == "in/a.txt:2:1: warning: front matter is not a mapping; ignored");
  }
}

TEST_CASE("document ids are file names without folder and extension", "[document]") {
  CHECK(document_id_for("data/story/01-vienna-wire.txt") == "01-vienna-wire");
  CHECK(document_id_for("archive.jsonl") == "archive");
  CHECK(document_id_for("-") == "stdin");
}

TEST_CASE("collect_sources walks folders recursively, sorted, articles only", "[document]") {
  TempDir tmp;
  tmp.write("b.txt", "b");
  tmp.write("a/z.txt", "z");
  tmp.write("a/archive.jsonl", "{}");
  tmp.write("a/deeper/c.txt", "c");
  tmp.write("notes.md", "no");
  tmp.write("image.png", "no");
  tmp.write(".hidden/secret.txt", "no");
  InputOptions opts;
  Diagnostics diags;
  auto sources = collect_sources({tmp.str()}, opts, diags);
  CHECK(strs(diags).empty());
  std::vector<std::string> got;
  for (auto& s : sources) got.push_back(qc_test::fs::relative(s.path, tmp.path()).string());
  CHECK(got == std::vector<std::string>{"a/archive.jsonl", "a/deeper/c.txt", "a/z.txt", "b.txt"});
  REQUIRE(sources.size() == 4);
  CHECK(sources[0].kind == SourceKind::jsonl);
  CHECK(sources[1].kind == SourceKind::text);
}

TEST_CASE("collect_sources: a missing path is an error diagnostic, the rest are kept", "[document]") {
  TempDir tmp;
  auto file = tmp.write("a.txt", "a");
  std::string missing = tmp.str() + "/nope";
  InputOptions opts;
  Diagnostics diags;
  auto sources = collect_sources({missing, file}, opts, diags);
  REQUIRE(diags.size() == 1);
  CHECK(diags[0].severity == Severity::error);
  CHECK(diags[0].str() == missing + ": error: no such file or folder");
  REQUIRE(sources.size() == 1);
  CHECK(sources[0].path == file);
}

TEST_CASE("collect_sources: files are sorted by path whatever order they are named in", "[document]") {
  // document.hpp: "Expands `paths` ... into sources sorted by path". Folders are sorted
  // inside; paths named one by one keep the order they were given in.
  TempDir tmp;
  auto a = tmp.write("a.txt", "a");
  auto b = tmp.write("b.txt", "b");
  InputOptions opts;
  Diagnostics diags;
  auto sources = collect_sources({b, a}, opts, diags);
  REQUIRE(sources.size() == 2);
  CHECK(sources[0].path == a);
  CHECK(sources[1].path == b);
}

TEST_CASE("collect_sources honours --ignore globs", "[document]") {
  TempDir tmp;
  tmp.write("keep.txt", "k");
  tmp.write("drafts/skip.txt", "s");
  InputOptions opts;
  opts.ignore = {"skip.*"};
  Diagnostics diags;
  auto sources = collect_sources({tmp.str()}, opts, diags);
  REQUIRE(sources.size() == 1);
  CHECK_THAT(sources[0].path, Catch::EndsWith("keep.txt"));
}

TEST_CASE("read_source reads a text file into one document", "[document]") {
  TempDir tmp;
  auto path = tmp.write("03-ledger.txt", "---\noutlet: Capital Ledger\n---\nHeadline\n\nBody.\n");
  InputOptions opts;
  Diagnostics diags;
  InputStats stats;
  std::vector<Document> docs;
  CHECK(read_source({path, SourceKind::text}, opts, diags, stats, [&](Document d) { docs.push_back(std::move(d)); }));
  CHECK(diags.empty());
  REQUIRE(docs.size() == 1);
  CHECK(docs[0].id == "03-ledger");
  CHECK(docs[0].path == path);
  CHECK(docs[0].outlet == "Capital Ledger");
  CHECK(stats.documents == 1);
  CHECK(stats.skipped == 0);
}

TEST_CASE("read_source skips binary and oversized files with a message", "[document]") {
  TempDir tmp;
  auto bin = tmp.write("bin.txt", std::string("abc\0def", 7));
  auto big = tmp.write("big.txt", std::string(100, 'x'));
  InputOptions opts;
  opts.max_file_bytes = 50;
  Diagnostics diags;
  InputStats stats;
  int n = 0;
  CHECK(read_source({bin, SourceKind::text}, opts, diags, stats, [&](Document) { ++n; }));
  CHECK(read_source({big, SourceKind::text}, opts, diags, stats, [&](Document) { ++n; }));
  CHECK(n == 0);
  CHECK(stats.skipped == 2);
  REQUIRE(diags.size() == 2);
  CHECK(diags[0].str() == bin + ": warning: binary file (NUL or control bytes); skipped");
  CHECK(diags[1].str() == big + ": warning: file is 100 bytes, over the limit of 50 (--max-file-size); skipped");
}

TEST_CASE("read_source: invalid UTF-8 is reported with its place", "[document]") {
  TempDir tmp;
  auto path = tmp.write("bad.txt", "Headline\n\nna\xEFve text\n");
  InputOptions opts;
  Diagnostics diags;
  InputStats stats;
  int n = 0;
  CHECK(read_source({path, SourceKind::text}, opts, diags, stats, [&](Document) { ++n; }));
  CHECK(n == 1);
  REQUIRE(diags.size() == 1);
  CHECK(diags[0].str() == path + ":3:3: warning: invalid UTF-8; decoded as U+FFFD");
}

TEST_CASE("read_source reads JSON Lines: a bad line is named and skipped, the rest read", "[document]") {
  TempDir tmp;
  const std::string archive =
      R"({"id": "rec-1", "outlet": "Danube Daily", "date": "2015-07-14", "text": "Headline one\n\nBody one."})" "\n"
      R"({"id": "rec-2", "text": "Headline two\n\nBody)" "\n"                   // 2: malformed (cut off)
      R"({"outlet": "No Id", "text": "Headline\n\nBody."})" "\n"                // 3: no id
      R"({"id": "rec-4", "outlet": "No Text"})" "\n"                             // 4: no text
      "\n"                                                                       // 5: blank, ignored
      R"([1, 2, 3])" "\n"                                                        // 6: not an object
      R"({"id": 7, "url": "https://example.org/7", "text": "Headline seven\n\nBody seven."})" "\n";
  auto path = tmp.write("archive.jsonl", archive);
  InputOptions opts;
  Diagnostics diags;
  InputStats stats;
  std::vector<Document> docs;
  CHECK(read_source({path, SourceKind::jsonl}, opts, diags, stats, [&](Document d) { docs.push_back(std::move(d)); }));

  REQUIRE(docs.size() == 2);
  CHECK(docs[0].id == "rec-1");
  CHECK(docs[0].outlet == "Danube Daily");
  CHECK(docs[0].date == "2015-07-14");
  CHECK(docs[0].record_line == 1);
  CHECK(docs[0].path == path);
  CHECK(docs[0].text == "Headline one\n\nBody one.");
  CHECK(docs[1].id == "7");  // a numeric id is used as written
  CHECK(docs[1].url == "https://example.org/7");
  CHECK(docs[1].record_line == 7);
  // A record's positions: its line in the archive, the byte column in that raw line.
  CHECK(docs[1].position(3).line == 7);
  CHECK(docs[1].position(3).column == 55);

  CHECK(stats.documents == 2);
  CHECK(stats.skipped == 4);
  REQUIRE(diags.size() == 4);
  CHECK_THAT(diags[0].str(), Catch::StartsWith(path + ":2:"));
  CHECK_THAT(diags[0].str(), Catch::Contains("warning: malformed JSON record ("));
  CHECK_THAT(diags[0].str(), Catch::EndsWith("); skipped"));
  CHECK(diags[1].str() == path + ":3:1: warning: record has no 'id'; skipped");
  CHECK(diags[2].str() == path + ":4:1: warning: record has no string field 'text'; skipped");
  CHECK(diags[3].str() == path + ":6:1: warning: record is not a JSON object; skipped");
}

TEST_CASE("read_source: a missing file cannot be read", "[document]") {
  InputOptions opts;
  Diagnostics diags;
  InputStats stats;
  CHECK_FALSE(read_source({"/nonexistent/quotecheck/x.jsonl", SourceKind::jsonl}, opts, diags, stats, [](Document) {}));
  REQUIRE(diags.size() == 1);
  CHECK(diags[0].severity == Severity::error);
  CHECK_THAT(diags[0].str(), Catch::StartsWith("/nonexistent/quotecheck/x.jsonl: error: cannot read: "));
}

TEST_CASE("read_source: a record's columns are bytes of the raw line, escapes and all", "[document]") {
  TempDir tmp;
  // Before the word "Quote": an escaped quotation mark and newline (2 raw bytes for 1 each),
  // \u00e9 (6 raw bytes for 2), a literal é (2 bytes), a surrogate pair (12 raw bytes for 4).
  std::string line = R"({"id": "r1", "title": "Caf\u00e9 \"x\"", "text": "A \"b\"\n\u00e9 \u00e9 )"
                     "\xC3\xA9"
                     R"( \ud83d\ude00 Quote"})";
  auto path = tmp.write("a.jsonl", "\n" + line + "\n");
  InputOptions opts;
  Diagnostics diags;
  InputStats stats;
  std::vector<Document> docs;
  REQUIRE(read_source({path, SourceKind::jsonl}, opts, diags, stats, [&](Document d) { docs.push_back(std::move(d)); }));
  REQUIRE(docs.size() == 1);
  const Document& doc = docs[0];
  auto at = doc.text.find("Quote");
  REQUIRE(at != std::string::npos);
  auto raw = line.find("Quote");
  CHECK(doc.position(at).line == 2);
  CHECK(doc.position(at).column == static_cast<int>(raw) + 1);
  CHECK(doc.position(0).column == static_cast<int>(line.find("A \\\"b")) + 1);
  // A byte decoded from an escape stands at the escape's backslash.
  auto e = doc.text.find("\xC3\xA9");
  CHECK(doc.position(e).column == static_cast<int>(line.find("\\u00e9 \\u00e9")) + 1);
  // The last "text" member is the one read, as the parser keeps it.
  std::string twice = R"({"id": "r2", "text": "no", "text": "x Quote"})";
  auto path2 = tmp.write("b.jsonl", twice + "\n");
  docs.clear();
  REQUIRE(read_source({path2, SourceKind::jsonl}, opts, diags, stats, [&](Document d) { docs.push_back(std::move(d)); }));
  REQUIRE(docs.size() == 1);
  CHECK(docs[0].position(docs[0].text.find("Quote")).column == static_cast<int>(twice.rfind("Quote")) + 1);
  // A "text" inside a nested value is not the record's; numbers, literals and spaces are skipped.
  std::string nested = R"({"id": "r3", "meta": {"a": [1, "x\"y]", {"text": "inner"}], "text": "no"}, "n": -1.5e3, "ok" : true ,)"
                       R"( "text" : "x Quote"})";
  auto path3 = tmp.write("c.jsonl", nested + "\n");
  docs.clear();
  REQUIRE(read_source({path3, SourceKind::jsonl}, opts, diags, stats, [&](Document d) { docs.push_back(std::move(d)); }));
  REQUIRE(docs.size() == 1);
  CHECK(docs[0].text == "x Quote");
  CHECK(docs[0].position(2).column == static_cast<int>(nested.rfind("Quote")) + 1);
}
