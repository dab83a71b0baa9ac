// quotecheck - bad input: each kind of broken file gets a message naming its place, the rest
// of the work goes on, nothing crashes, and the summary counts what was skipped.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <set>
#include <string>

#include "support.hpp"

namespace fs = std::filesystem;
using qc_test::run_quotecheck;
using qc_test::TempDir;

namespace {

const char* k_good = "A good article\n\n\"We will meet again next month,\" Ryan Crocker said.\n";

bool has_line(const std::string& text, const std::string& needle) { return text.find(needle) != std::string::npos; }

}  // namespace

TEST_CASE("bad input corpus: every case is reported and the rest is read", "[badinput]") {
  TempDir dir;
  dir.write("good.txt", k_good);
  dir.write("invalid-utf8.txt", std::string("Headline\n\n\"Caf\xC3\x28 is closed,\" she said. \xFF\xFE\n"));
  dir.write("nul.txt", std::string("Headline\n\nText with a NUL") + '\0' + "byte.\n");
  dir.write("empty.txt", "");
  std::string binary;
  for (int i = 0; i < 4096; ++i) binary += static_cast<char>((i * 7919) & 0xFF);
  dir.write("binary.txt", binary);
  dir.write("archive.jsonl",
            "{\"id\": \"r1\", \"text\": \"Head\\n\\n\\\"Quote one here,\\\" he said.\"}\n"
            "{\"id\": \"r2\", \"text\": \"broken\n"
            "{\"id\": \"r3\"}\n"
            "[1, 2, 3]\n"
            "{\"id\": \"r5\", \"text\": \"Head\\n\\n\\\"Quote five here,\\\" she said.\"}\n");
  fs::create_symlink(dir.path() / "nowhere.txt", dir.path() / "broken-link.txt");

  auto r = run_quotecheck({"check", "--format", "json", "--fail-on", "none", dir.str()});
  INFO(r.err);
  // A broken link is an input error (exit 2), but everything else is still reported.
  CHECK(r.exit_code == 2);
  auto report = nlohmann::json::parse(r.out);
  std::string base = dir.str() + "/";
  CHECK(has_line(r.err, base + "invalid-utf8.txt:3:"));
  CHECK(has_line(r.err, "invalid UTF-8"));
  CHECK(has_line(r.err, base + "nul.txt: warning: binary file"));
  CHECK(has_line(r.err, base + "binary.txt: warning: binary file"));
  CHECK(has_line(r.err, base + "archive.jsonl:2:"));
  CHECK(has_line(r.err, base + "archive.jsonl:3:"));
  CHECK(has_line(r.err, base + "archive.jsonl:4:"));
  CHECK(has_line(r.err, base + "broken-link.txt: error: broken link"));
  // The good documents were all read: good, invalid-utf8 (decoded), empty, r1 and r5.
  std::set<std::string> ids;
  for (auto& d : report["documents"]) ids.insert(d["id"].get<std::string>());
  CHECK(ids.count("good"));
  CHECK(ids.count("invalid-utf8"));
  CHECK(ids.count("empty"));
  CHECK(ids.count("r1"));
  CHECK(ids.count("r5"));
  CHECK_FALSE(ids.count("nul"));
  // Skipped: nul, binary, and the three bad records.
  CHECK(report["summary"]["skipped"].get<int>() == 5);
  // Invalid bytes come out as U+FFFD, so the report is valid UTF-8 (it parsed).
  bool replaced = false;
  for (auto& q : report["quotes"])
    if (q["doc"] == "invalid-utf8") replaced = q["text"].get<std::string>().find("\xEF\xBF\xBD") != std::string::npos;
  CHECK(replaced);
}

TEST_CASE("bad input: a link to a folder is not followed, and the run says so", "[badinput]") {
  TempDir dir;
  dir.write("real/a.txt", k_good);
  dir.write("archive/b.txt", k_good);
  fs::create_symlink(dir.path() / "real", dir.path() / "archive" / "linked");
  auto r = run_quotecheck({"extract", (dir.path() / "archive").string()});
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK(has_line(r.err, (dir.path() / "archive" / "linked").string() + ": warning: link to a folder; not followed"));
  CHECK(r.out.find("\"doc\":\"b\"") != std::string::npos);
  CHECK(r.out.find("\"doc\":\"a\"") == std::string::npos);
  // Named itself, the link is read.
  auto named = run_quotecheck({"extract", (dir.path() / "archive" / "linked").string()});
  CHECK(named.exit_code == 0);
  CHECK(named.out.find("\"doc\":\"a\"") != std::string::npos);
}

TEST_CASE("bad input: a missing path exits 2 and names it", "[badinput]") {
  TempDir dir;
  dir.write("good.txt", k_good);
  auto r = run_quotecheck({"check", "--fail-on", "none", dir.str() + "/good.txt", dir.str() + "/missing.txt"});
  CHECK(r.exit_code == 2);
  // The text report carries input problems inline (and to stderr when written to a file).
  CHECK(has_line(r.out + r.err, dir.str() + "/missing.txt: error: no such file or folder"));
  CHECK(has_line(r.out, "1 document"));
}

TEST_CASE("bad input: a 5 MB single-line file and thousands of stray marks finish", "[badinput]") {
  TempDir dir;
  std::string line = "Headline\n\n";
  while (line.size() < 5'000'000) line += "Officials met. \"We talked for hours,\" Ryan Crocker said, adding that ";
  dir.write("long-line.txt", line + "\n");
  std::string marks = "Headline\n\n";
  for (int i = 0; i < 20000; ++i) marks += (i % 3 == 0) ? "\" " : (i % 3 == 1) ? "\xE2\x80\x9C" : "\xE2\x80\x98x ";
  dir.write("marks.txt", marks + "\n");
  std::string nested = "Headline\n\n";
  for (int i = 0; i < 5000; ++i) nested += "\xE2\x80\x9C\xE2\x80\x98";
  dir.write("nested.txt", nested + "\n");
  auto r = run_quotecheck({"extract", "--format", "jsonl", dir.str()});
  CHECK(r.exit_code == 0);
  std::size_t lines = static_cast<std::size_t>(std::count(r.out.begin(), r.out.end(), '\n'));
  CHECK(lines > 50000);  // every quote of the long line was found
}

TEST_CASE("bad input: a quote over --max-quote-length is cut and reported", "[badinput]") {
  TempDir dir;
  std::string text = "Headline\n\n\"" + std::string(3000, 'a') + " end,\" he said.\n";
  dir.write("long-quote.txt", text);
  auto r = run_quotecheck({"extract", "--max-quote-length", "1000", dir.str()});
  CHECK(r.exit_code == 0);
  CHECK(has_line(r.err, "long-quote.txt:3:1: warning: quote of"));
  auto q = nlohmann::json::parse(r.out.substr(0, r.out.find('\n')));
  CHECK(q["text"].get<std::string>().size() <= 1000 + 3);
}
