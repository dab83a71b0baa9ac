// quotecheck - tests of the quote scanner, one table of paragraphs and the quotes in them.
#include <catch2/catch.hpp>

#include "quotecheck/attribution.hpp"
#include "quotecheck/quotes.hpp"
#include "support.hpp"

using namespace quotecheck;

namespace {

struct Scan {
  Document doc;
  std::vector<QuoteSpan> quotes;
  std::vector<std::size_t> stray;
  Diagnostics diags;
};

// Scans `body` as the article after a one-line headline.
Scan scan(const std::string& body) {
  Scan s;
  Diagnostics front;
  s.doc = make_document("t", "t.txt", "Headline\n\n" + body + "\n", front);
  auto paragraphs = split_paragraphs(s.doc);
  s.quotes = scan_quotes(s.doc, paragraphs, qc_test::shipped_pack(), s.diags, &s.stray);
  return s;
}

struct Case {
  const char* name;
  std::string text;
  std::vector<std::string> quotes;  // QuoteSpan::text of each quote, in order
  std::vector<bool> unbalanced;
  std::size_t stray = 0;  // closing marks never opened
};

// “ ” ‘ ’ « » „ in UTF-8.
#define LDQ "\xE2\x80\x9C"
#define RDQ "\xE2\x80\x9D"
#define LSQ "\xE2\x80\x98"
#define RSQ "\xE2\x80\x99"
#define LAQ "\xC2\xAB"
#define RAQ "\xC2\xBB"
#define LOW "\xE2\x80\x9E"

const Case k_cases[] = {
    {"straight double quotes", R"(Crocker said "the talks went well" and left.)", {"the talks went well"}, {false}},
    {"curly double quotes", LDQ "The talks went well." RDQ " Crocker left.", {"The talks went well."}, {false}},
    {"guillemets with inner spaces", "Il a dit " LAQ " nous verrons " RAQ " hier.", {"nous verrons"}, {false}},
    {"low-high German quotes", "Er sagte: " LOW "Wir werden sehen" LDQ ".", {"Wir werden sehen"}, {false}},
    {"curly open, straight close", LDQ "We will meet again,\" he said.", {"We will meet again,"}, {false}},
    {"straight open, curly close", "\"We will meet again," RDQ " he said.", {"We will meet again,"}, {false}},
    {"two quotes in one paragraph", R"("One thing," he said. "Another thing.")", {"One thing,", "Another thing."},
     {false, false}},
    {"single quotes nested in double stay inside",
     R"("As Kennedy said, 'Let us never negotiate out of fear,' and we agree," Obama said.)",
     {"As Kennedy said, 'Let us never negotiate out of fear,' and we agree,"}, {false}},
    {"curly single quotes nested in curly double",
     LDQ "They called it " LSQ "a bad deal" RSQ " from the start." RDQ " he said.",
     {"They called it " LSQ "a bad deal" RSQ " from the start."}, {false}},
    {"apostrophes are not quotes (straight)",
     "Iran's talks went on; don't worry, 'Bout time, they said of the '90s, and the Iranians' view.", {}, {}},
    {"apostrophes are not quotes (curly)",
     "Iran" RSQ "s talks went on; don" RSQ "t worry, " RSQ "Bout time, the " RSQ "90s, Washington" RSQ "s view.", {}, {}},
    {"apostrophes inside a double quote",
     R"("We don't take Washington's word for it," Kazemi said.)", {"We don't take Washington's word for it,"}, {false}},
    {"top-level single-quoted quote", "Mottaki: 'We are hopeful' about the talks.", {"We are hopeful"}, {false}},
    {"top-level curly single-quoted quote", "Mottaki: " LSQ "We are hopeful" RSQ " about the talks.",
     {"We are hopeful"}, {false}},
    {"curly single quotes around words with apostrophes (British and Irish style)",
     LSQ "We" RSQ "re not going anywhere," RSQ " Mr O" RSQ "Brien said. " LSQ "The party" RSQ "s members won" RSQ
     "t stand for it." RSQ,
     {"We" RSQ "re not going anywhere,", "The party" RSQ "s members won" RSQ "t stand for it."}, {false, false}},
    {"a plural possessive inside curly single quotes", "She called it " LSQ "the members" RSQ " choice" RSQ ".",
     {"the members" RSQ " choice"}, {false}},
    {"a quote over two paragraphs is one quote",
     "He argued: \"Because of this deal, inspectors will verify everything.\n\n\"This deal meets every bottom line.\"",
     {"Because of this deal, inspectors will verify everything. This deal meets every bottom line."}, {false}},
    {"an unclosed quote ends with its paragraph",
     "He said: \"The prayers of the nation have come true.\n\nHardliners objected to the deal.",
     {"The prayers of the nation have come true."}, {true}},
    {"an unclosed curly quote ends with its paragraph",
     "He said: " LDQ "The prayers of the nation have come true. Today we turn a new page.\n\nHardliners objected.",
     {"The prayers of the nation have come true. Today we turn a new page."}, {true}},
    {"a closing mark with no opening one", "He said this ends\" and then left.", {}, {}, 1},
    {"a curly closing mark with no opening one", "He said this ends" RDQ " and then left.", {}, {}, 1},
    {"two apostrophes are a double mark",
     "''We finally may be seeing some wage acceleration,'' the economist wrote. He called it ''a big story.''",
     {"We finally may be seeing some wage acceleration,", "a big story."}, {false, false}},
    {"two apostrophes around a quote holding apostrophes", "''It's the '90s,'' he said.", {"It's the '90s,"}, {false}},
    {"no quotes at all", "The meeting ended at noon.", {}, {}},
    // Issue 11: marks that real news writes and that are no missing mark.
    {"a straight quote inside a straight quote is nested",
     R"(She wrote, "He asked "is it over?" and walked out," in her notes.)",
     {R"(He asked "is it over?" and walked out,)", "is it over?"}, {false, false}},
    {"a curly quote inside a curly quote is nested",
     "He said " LDQ "They call it " LDQ "the plan" RDQ " and nothing else." RDQ " Then he left.",
     {"They call it " LDQ "the plan" RDQ " and nothing else.", "the plan"}, {false, false}},
    {"a second opening mark with no outer close is a new quote, the first one unclosed",
     R"(He called it "a disaster and said "we will fix it," Smith said.)",
     {"a disaster and said", "we will fix it,"}, {true, false}},
    {"inch marks in heights are no quotation marks",
     "He is 6'3\" tall and 6" RSQ "2" RDQ " in boots, a 6-foot-2\" guard \"said so.\"", {"said so."}, {false}},
    {"a single closing glyph after punctuation closes the open double quote",
     "Jo tweeted: " LDQ "Let us go. We can win." RSQ " Jo was there.", {"Let us go. We can win."}, {false}},
    {"a quote closed with '.' for '' closes at the first mark",
     "(A spokesman said that, ''At this point, estimates are a snapshot.'.')", {"At this point, estimates are a snapshot."},
     {false}},
    {"an opening mark written with the closing glyph, paired later in the paragraph",
     "He says," RDQ " there are people who never get heard." RDQ, {"there are people who never get heard."}, {false}},
    {"markup attributes over a line break quote nobody",
     "<tweet tweet-author=\"@sen\" tweet-date=\"May 9, 2016\n\">Stands empty.<tweet/>.", {}, {}},
    {"a closing mark written with the opening glyph before markup",
     "<tweet tweet-author=\"@x\">" LDQ "@fan: " LDQ "Live one day as a lion." RDQ " - @x #Great" LDQ "<tweet/>.",
     {"@fan: " LDQ "Live one day as a lion." RDQ " - @x #Great", "Live one day as a lion."}, {false, false}},
    {"spaced curly marks: an opening mark after a full stop goes on with the open quote",
     LDQ " Crooked talk is over . " LDQ " And as I said , she wants it , " RDQ " he said .",
     {"Crooked talk is over . And as I said , she wants it ,"}, {false}},
    {"spaced curly marks: an opening glyph after a comma closes the open quote",
     LDQ " The answer is not that , " LDQ " said Jo Roe of Ohio .", {"The answer is not that ,"}, {false}},
    {"a nested quote at its paragraph's end whose outer quote the next paragraph closes",
     "Muir asked. \"As my mother would say, \"God love her.\"\n\nI meant what I said,\" he replied.",
     {"As my mother would say, \"God love her.\"", "God love her."}, {true, false}},
    {"an excerpt whose next line opens with an inner quote and whose last line closes it",
     "\"Sen. Roe took the stage late on Monday night, trailing by a hair in the caucus, and spoke as if she had won.\n"
     LDQ "It is a virtual tie," RDQ " Roe said.\nRoe trailed with most precincts in. (See the results.)\"",
     {"Sen. Roe took the stage late on Monday night, trailing by a hair in the caucus, and spoke as if she had won. " LDQ
      "It is a virtual tie," RDQ " Roe said.",
      "It is a virtual tie,"},
     {false, false}},
    {"an excerpt over two paragraphs whose second opens with its own inner quote",
     "\"At the briefing, reporters asked about it.\n\n" LDQ "I will not talk about it," RDQ " he said.\"",
     {"At the briefing, reporters asked about it. " LDQ "I will not talk about it," RDQ " he said.",
      "I will not talk about it,"}, {false, false}},
};

}  // namespace

TEST_CASE("scan_quotes: table of quotation styles", "[quotes]") {
  for (const auto& c : k_cases) {
    DYNAMIC_SECTION(c.name) {
      INFO("text: " << c.text);
      Scan s = scan(c.text);
      std::vector<std::string> texts;
      std::vector<bool> unbalanced;
      for (auto& q : s.quotes) {
        texts.push_back(q.text);
        unbalanced.push_back(q.unbalanced);
      }
      CHECK(texts == c.quotes);
      CHECK(unbalanced == c.unbalanced);
      CHECK(s.stray.size() == c.stray);
    }
  }
}

TEST_CASE("scan_quotes: spans point at the original bytes", "[quotes]") {
  Scan s = scan(R"(Crocker said "the talks went well" and left.)");
  REQUIRE(s.quotes.size() == 1);
  const QuoteSpan& q = s.quotes[0];
  const std::string& t = s.doc.text;
  CHECK(t.substr(q.start, q.end - q.start) == "\"the talks went well\"");
  CHECK(t.substr(q.text_start, q.text_end - q.text_start) == "the talks went well");
  CHECK_FALSE(q.single);
  CHECK_FALSE(q.in_headline);
  CHECK(q.paragraph == 1);  // the headline is paragraph 0
}

TEST_CASE("scan_quotes: single-quoted quotes are marked single", "[quotes]") {
  Scan s = scan("Mottaki: 'We are hopeful' about the talks.");
  REQUIRE(s.quotes.size() == 1);
  CHECK(s.quotes[0].single);
}

TEST_CASE("scan_quotes: a quote in the headline is marked in_headline", "[quotes]") {
  Diagnostics diags;
  Document doc = make_document("t", "t.txt", "Mottaki: \"We are hopeful\"\n\nBody text.\n", diags);
  auto quotes = scan_quotes(doc, split_paragraphs(doc), qc_test::shipped_pack(), diags);
  REQUIRE(quotes.size() == 1);
  CHECK(quotes[0].in_headline);
}

TEST_CASE("scan_quotes: an unclosed quote is reported with file:line:col", "[quotes]") {
  Scan s = scan("He said: \"The prayers have come true.\n\nHardliners objected.");
  REQUIRE(s.diags.size() == 1);
  CHECK(s.diags[0].str() ==
        "t.txt:3:10: warning: quotation mark opened here is never closed; the quote is taken to end with its "
        "paragraph [unbalanced-quote]");
}

TEST_CASE("scan_quotes: a closing mark never opened is reported in diags", "[quotes]") {
  // quotes.hpp: "Marks closed and never opened are reported in `diags` (warnings with
  // file:line:col)". Today they only go to `stray`.
  Scan s = scan("He said this ends\" and then left.");
  REQUIRE(s.stray.size() == 1);
  REQUIRE(s.diags.size() == 1);
  CHECK(s.diags[0].severity == Severity::warning);
  CHECK(s.diags[0].line == 3);
  CHECK(s.diags[0].column == 18);
}

TEST_CASE("split_paragraphs: blank lines and sentence-ending line breaks", "[quotes]") {
  Diagnostics diags;
  Document doc = make_document("t", "t.txt",
                               "Headline\n\nFirst paragraph.\nSecond paragraph.\n\nThird one that runs on over a "
                               "line break without ending its sentence and\ngoes on here.\n",
                               diags);
  auto ps = split_paragraphs(doc);
  std::vector<std::string> texts;
  for (auto& p : ps) texts.push_back(doc.text.substr(p.start, p.end - p.start));
  CHECK(texts == std::vector<std::string>{"Headline", "First paragraph.", "Second paragraph.",
                                          "Third one that runs on over a line break without ending its sentence "
                                          "and\ngoes on here."});
}

TEST_CASE("scan_quotes: a mark that opens its paragraph opens a quote, whatever its glyph", "[quotes]") {
  // ”… if the incumbent can visit, so can she,” it read.  /  an invisible LRE before the mark.
  for (const std::string& lead : {std::string(""), std::string("\xE2\x80\xAA")}) {
    Scan s = scan("The editorial was blunt.\n\n" + lead +
                  "\xE2\x80\x9D\xE2\x80\xA6 if the incumbent can visit, so can she,\xE2\x80\x9D it read.");
    INFO("lead bytes: " << lead.size());
    REQUIRE(s.quotes.size() == 1);
    CHECK_THAT(s.quotes[0].text, Catch::Contains("if the incumbent can visit"));
    CHECK_FALSE(s.quotes[0].unbalanced);
    CHECK(s.stray.empty());
  }
}

TEST_CASE("scan_quotes: a quote closed on the line after a single line break is no unbalanced quote", "[quotes]") {
  // A pull quote with its credit line: the closing mark comes after the credit.
  Scan s = scan("Democrats acquiesced.\n\n\"We are going to enter the next recession without that consensus.\nJo Roe, "
                "Economic Policy Institute.\"\n\nWhether out of agreement or not, they moved on.");
  REQUIRE(s.quotes.size() == 1);
  CHECK_FALSE(s.quotes[0].unbalanced);
  CHECK(s.stray.empty());
  CHECK(s.diags.empty());
  // With a blank line between, the quote is unclosed and the later mark a stray.
  Scan t = scan("Democrats acquiesced.\n\n\"We are going to enter the next recession without that consensus.\n\nJo Roe, "
                "Economic Policy Institute.\"\n\nWhether out of agreement or not, they moved on.");
  REQUIRE_FALSE(t.quotes.empty());
  CHECK(t.quotes[0].unbalanced);
}

TEST_CASE("scan_quotes: a quote in curly marks inside one in straight marks is nested, not a new quote", "[quotes]") {
  Scan s = scan("Dr. Ward stated:\n\n\"The Department of Justice isn't about \xE2\x80\x9C" "Equal Justice Under Law\xE2\x80\x9D"
                " anymore. It is about an extreme vision.\"\n\nThe department did not answer.");
  REQUIRE(s.quotes.size() == 2);
  // The outer quote holds the inner one and is balanced; the inner one is a quote of its own.
  CHECK_THAT(s.quotes[0].text, Catch::Contains("Equal Justice Under Law") && Catch::Contains("extreme vision"));
  CHECK_FALSE(s.quotes[0].unbalanced);
  CHECK(s.quotes[1].text == "Equal Justice Under Law");
  CHECK(s.quotes[0].start < s.quotes[1].start);
  CHECK(s.diags.empty());
  CHECK(s.stray.empty());
}

TEST_CASE("scan_quotes: a quote closed in the next paragraph with no mark reopening it is a weak finding", "[quotes]") {
  // Paragraphs rebuilt in the text (or a lost continuation mark): the first paragraph's quote is
  // closed by the next paragraph's first mark. One finding of low confidence, no stray.
  Scan s = scan("Then she wrote, \"We are being inclusive.\n\nIt is that simple,\" she said.");
  REQUIRE(s.quotes.size() == 1);
  CHECK(s.quotes[0].unbalanced);
  CHECK(s.quotes[0].mark_confidence < 0.5);
  CHECK(s.stray.empty());
  REQUIRE(s.diags.size() == 1);
  CHECK(s.diags[0].severity == Severity::info);
}

TEST_CASE("scan_quotes: how sure the scanner is that a mark is missing", "[quotes]") {
  const auto& c = qc_test::shipped_pack().unbalanced_confidence;
  // A quote that ends its paragraph and nothing after it closes or reopens it.
  Scan end = scan("He said: \"The prayers of the nation have come true.\n\nHardliners objected to the deal.");
  REQUIRE(end.quotes.size() == 1);
  CHECK(end.quotes[0].mark_confidence == c.paragraph_end);
  // An excerpt over paragraphs that each reopen, whose last one never closes.
  Scan excerpt = scan("From a column:\n\n\"The race is long.\n\n\"The field is wide.\n\nRead the rest of it.");
  REQUIRE(excerpt.quotes.size() == 1);
  CHECK(excerpt.quotes[0].unbalanced);
  CHECK(excerpt.quotes[0].mark_confidence == c.excerpt_end);
  // A new quote opens while one is open and no reading nests them.
  Scan inside = scan(R"(He called it "a disaster and said "we will fix it," Smith said.)");
  REQUIRE(inside.quotes.size() == 2);
  CHECK(inside.quotes[0].mark_confidence == c.quote_opens_inside);
  CHECK(c.closed_in_next_paragraph < c.warning_at);
  CHECK(c.excerpt_end < c.warning_at);
  CHECK(c.quote_opens_inside >= c.warning_at);
}

TEST_CASE("extract: a quote nested in another one is the outer quote's speaker's", "[quotes]") {
  // Nested quotes come from the scanner as quotes of their own; what they say is the outer
  // speaker's words as far as the article goes (a reference to who said them first is the
  // outer speaker's).
  Diagnostics diags;
  Document doc = make_document("t", "t.txt",
                               "Headline\n\n\"But I do believe it. So if somebody says, \"I'd like ten thousand rounds,\" "
                               "you might be suspicious about that,\" Sanders said.\n",
                               diags);
  DocumentResult r = extract(doc, qc_test::shipped_pack());
  REQUIRE(r.quotes.size() == 2);
  CHECK(r.quotes[1].span.text == "I'd like ten thousand rounds,");
  REQUIRE(r.quotes[0].speaker);
  REQUIRE(r.quotes[1].speaker);
  CHECK(r.quotes[1].speaker->mention == r.quotes[0].speaker->mention);
  CHECK(r.quotes[1].speaker->via == Via::inherited);
}
