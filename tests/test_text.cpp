// quotecheck - tests of the text utilities.
#include <catch2/catch.hpp>

#include "quotecheck/text.hpp"

using namespace quotecheck;

TEST_CASE("line index gives 1-based lines and byte columns", "[text]") {
  LineIndex idx("ab\ncd\n\nef");
  CHECK(idx.position(0).line == 1);
  CHECK(idx.position(0).column == 1);
  CHECK(idx.position(4).line == 2);
  CHECK(idx.position(4).column == 2);
  CHECK(idx.position(7).line == 4);
}

TEST_CASE("line index: table of offsets", "[text]") {
  const std::string text = "ab\ncd\n\nef";  // lines start at 0, 3, 6, 7
  LineIndex idx(text);
  struct Case {
    std::size_t offset;
    int line, column;
  };
  const Case cases[] = {
      {0, 1, 1}, {1, 1, 2}, {2, 1, 3},  // the '\n' ends line 1
      {3, 2, 1}, {5, 2, 3}, {6, 3, 1},  // the empty line 3
      {7, 4, 1}, {8, 4, 2}, {9, 4, 3},  // one past the end
      {1000, 4, 3},                     // clamped to the end
  };
  for (const auto& c : cases) {
    INFO("offset " << c.offset);
    auto p = idx.position(c.offset);
    CHECK(p.line == c.line);
    CHECK(p.column == c.column);
  }
  CHECK(idx.line_count() == 4);
  CHECK(idx.line_start(1) == 0);
  CHECK(idx.line_start(2) == 3);
  CHECK(idx.line_start(3) == 6);
  CHECK(idx.line_start(4) == 7);
  CHECK(idx.line_start(5) == text.size());
  CHECK(idx.line_start(0) == 0);
}

TEST_CASE("line index counts columns in bytes", "[text]") {
  LineIndex idx("\xE2\x80\x9CHi\xE2\x80\x9D\nx");  // “Hi”
  CHECK(idx.position(3).column == 4);  // 'H' after a 3-byte mark
  CHECK(idx.position(9).line == 2);
}

TEST_CASE("line index of empty text", "[text]") {
  LineIndex idx("");
  CHECK(idx.position(0).line == 1);
  CHECK(idx.position(0).column == 1);
  CHECK(idx.line_count() == 1);
}

TEST_CASE("invalid_utf8 finds the first bytes of bad sequences", "[text]") {
  struct Case {
    const char* name;
    std::string text;
    std::vector<std::size_t> bad;
  };
  const Case cases[] = {
      {"ascii", "plain text", {}},
      {"valid two- and three-byte", "caf\xC3\xA9 \xE2\x80\x9Cq\xE2\x80\x9D", {}},
      {"valid four-byte", "\xF0\x9F\x98\x80", {}},
      {"stray continuation byte", "a\x80z", {1}},
      {"latin-1 byte", "na\xEFve", {2}},
      {"0xFF", "x\xFFy\xFFz", {1, 3}},
      {"truncated at the end", "ok\xC3", {2}},
  };
  for (const auto& c : cases) {
    INFO(c.name);
    CHECK(invalid_utf8(c.text) == c.bad);
  }
  // The limit caps the list.
  std::string many(100, '\xFF');
  CHECK(invalid_utf8(many, 16).size() == 16);
  CHECK(invalid_utf8(many, 3).size() == 3);
}

TEST_CASE("to_valid_utf8 replaces bad bytes with U+FFFD and keeps good text", "[text]") {
  CHECK(to_valid_utf8("plain") == "plain");
  CHECK(to_valid_utf8("caf\xC3\xA9") == "caf\xC3\xA9");
  CHECK(to_valid_utf8("a\xFF" "b") == "a\xEF\xBF\xBD" "b");
  CHECK(to_valid_utf8("na\xEFve") == "na\xEF\xBF\xBDve");
  CHECK(invalid_utf8(to_valid_utf8("\x80\x81\xC3")).empty());
}

TEST_CASE("looks_binary spots NUL bytes and control-heavy text", "[text]") {
  CHECK_FALSE(looks_binary(""));
  CHECK_FALSE(looks_binary("An article.\r\n\tWith tabs and line breaks.\f"));
  CHECK(looks_binary(std::string("text\0more", 9)));
  CHECK(looks_binary(std::string(50, '\x01') + "abc"));
  // A few control bytes in a long text are not enough.
  CHECK_FALSE(looks_binary(std::string(200, 'a') + "\x07"));
}

TEST_CASE("normalize: quotes, apostrophes and dashes made plain, case folded, NFKC", "[text]") {
  struct Case {
    std::string in, out;
  };
  const Case cases[] = {
      {"Plain ASCII", "plain ascii"},
      {"\xE2\x80\x9CHopeful\xE2\x80\x9D", "\"hopeful\""},              // “Hopeful”
      {"\xE2\x80\x98" "Bout\xE2\x80\x99", "'bout'"},                      // ‘Bout’
      {"Iran\xE2\x80\x99s", "iran's"},                                 // Iran’s
      {"\xC2\xAB" "Oui\xC2\xBB", "\"oui\""},                           // «Oui»
      {"\xE2\x80\x9E" "Ja\xE2\x80\x9C", "\"ja\""},                     // „Ja“
      {"a\xE2\x80\x94" "b\xE2\x80\x93" "c", "a-b-c"},                  // em and en dash
      {"\xC3\x89" "COLE", "\xC3\xA9" "cole"},                          // ÉCOLE -> école
      {"\xEF\xAC\x81" "ne", "fine"},                                   // ﬁ ligature (NFKC)
      {"Stra\xC3\x9F" "e", "strasse"},                                 // ß case-folds to ss
      {"a\xC2\xA0" "b", "a b"},                                        // no-break space
  };
  for (const auto& c : cases) {
    INFO(c.in);
    CHECK(normalize(c.in) == c.out);
  }
}

TEST_CASE("words: normalised words, inner apostrophes kept", "[text]") {
  using W = std::vector<std::string>;
  struct Case {
    std::string in;
    W out;
  };
  const Case cases[] = {
      {"Washington's realistic outlook", {"washington's", "realistic", "outlook"}},
      {"Washington\xE2\x80\x99s realistic outlook", {"washington's", "realistic", "outlook"}},
      {"We don't know.", {"we", "don't", "know"}},
      {"'Bout time, the '90s", {"bout", "time", "the", "90s"}},
      {"the Iranians' view", {"the", "iranians", "view"}},
      {"\xE2\x80\x9C" "Actions, not just principles\xE2\x80\x9D", {"actions", "not", "just", "principles"}},
      {"60 days \xE2\x80\x94 maybe 90", {"60", "days", "maybe", "90"}},
      {"Kazemi-Qomi", {"kazemi", "qomi"}},
      {"", {}},
      {" ,.; ", {}},
  };
  for (const auto& c : cases) {
    INFO(c.in);
    CHECK(words(c.in) == c.out);
  }
}

TEST_CASE("squeeze_space folds white space and trims", "[text]") {
  CHECK(squeeze_space("  a \n\t b  ") == "a b");
  CHECK(squeeze_space("") == "");
  CHECK(squeeze_space("one") == "one");
}

TEST_CASE("fingerprints are stable 16-digit hex", "[text]") {
  CHECK(fingerprint64("abc") == fingerprint64("abc"));
  CHECK(fingerprint64("abc") != fingerprint64("abd"));
  CHECK(hex64(0) == "0000000000000000");
  CHECK(hex64(0xdeadbeefULL) == "00000000deadbeef");
  CHECK(hex64(fingerprint64("x")).size() == 16);
}

TEST_CASE("decode_utf8 gives code points and lengths", "[text]") {
  int len = 0;
  CHECK(decode_utf8("A", 0, len) == 'A');
  CHECK(len == 1);
  CHECK(decode_utf8("\xE2\x80\x9C", 0, len) == 0x201C);
  CHECK(len == 3);
  CHECK(decode_utf8("\xFF", 0, len) == -1);
  CHECK(len == 1);
  CHECK(is_letter(0x00E9));
  CHECK(is_upper(0x00C9));
  CHECK(is_digit('7'));
  CHECK(is_space(0x00A0));
  CHECK_FALSE(is_letter('-'));
}

TEST_CASE("is_format: invisible format characters, from Unicode's Cf category", "[text]") {
  for (std::int32_t cp : {0x200B, 0x200D, 0x202A, 0x202E, 0x2060, 0xFEFF, 0x00AD}) CHECK(is_format(cp));
  for (std::int32_t cp : {std::int32_t{'a'}, std::int32_t{' '}, std::int32_t{'"'}, 0x201C, 0x00E9, -1}) CHECK_FALSE(is_format(cp));
}

TEST_CASE("valid_utf8 agrees with invalid_utf8 on every kind of byte string", "[text]") {
  // Hand-picked sequences at each boundary of the table of well-formed UTF-8, then random
  // strings biased to lead and continuation bytes (a fixed seed: the same strings every run).
  const std::vector<std::string> cases = {"", "plain ASCII text of some length", "\xC2\x80", "\xC1\xBF", "\xDF\xBF", "\xE0\xA0\x80",
                                          "\xE0\x9F\xBF", "\xED\x9F\xBF", "\xED\xA0\x80", "\xEF\xBF\xBF", "\xF0\x90\x80\x80",
                                          "\xF0\x8F\xBF\xBF", "\xF4\x8F\xBF\xBF", "\xF4\x90\x80\x80", "\xF5\x80\x80\x80", "\xE2\x80",
                                          "abcdefgh\xE2\x80\x9C", "abcdefg\xFF", "\x80", "\xC2"};
  for (auto& c : cases) {
    INFO(c);
    CHECK(valid_utf8(c) == invalid_utf8(c, 1).empty());
  }
  std::uint32_t x = 12345;
  auto next = [&] { return x = x * 1664525u + 1013904223u; };
  const unsigned char picks[] = {'a', ' ', 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC2, 0xDF, 0xE0, 0xE1, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF};
  int valid = 0;
  for (int n = 0; n < 20000; ++n) {
    std::string s;
    for (std::uint32_t k = next() % 12; k > 0; --k) s += static_cast<char>(picks[(next() >> 8) % sizeof picks]);
    bool v = valid_utf8(s);
    valid += v;
    if (v != invalid_utf8(s, 1).empty()) FAIL("disagree on a string of " << s.size() << " bytes");
  }
  CHECK(valid > 100);  // the random strings hold valid ones too, not only broken ones
}

// normalize_into() is private to extraction (lib/src/extractor.hpp): a fast path of normalize()
// for the words of news text, which must give normalize()'s result byte for byte.
#include "../lib/src/extractor.hpp"

TEST_CASE("normalize_into: the result of normalize() for ASCII words with news quotes and dashes, and any other", "[text]") {
  const std::vector<std::string> parts = {
      "A", "z", "Roe", "O'", "-", ".", ",", " ", "\t", "\x01", std::string(1, '\0'), "9", "~",
      "\xE2\x80\x98", "\xE2\x80\x99", "\xE2\x80\x9C", "\xE2\x80\x9D", "\xE2\x80\x93", "\xE2\x80\x94",  // the fast marks
      "\xE2\x80\x9E", "\xE2\x80\xA6", "\xE2\x80\x8B", "\xE2\x80", "\xE2", "\x80", "\xC3\x89", "\xC2\xA0",  // others, broken ones
      "\xEF\xAC\x81", "e\xCC\x81", "\xCC\x81"};
  std::string buf = "left over";
  for (std::size_t a = 0; a < parts.size(); ++a)
    for (std::size_t b = 0; b < parts.size(); ++b)
      for (std::size_t c = 0; c < parts.size(); c += 3) {
        std::string w = parts[a] + parts[b] + parts[c];
        INFO(w);
        CHECK(quotecheck::detail::normalize_into(w, buf) == quotecheck::normalize(w));
      }
}
