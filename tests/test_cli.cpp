// quotecheck - tests of the command-line parser, with argv vectors.
#include <catch2/catch.hpp>

#include "cli.hpp"

using namespace quotecheck;
using cli::Command;

namespace {

cli::Parsed parse(std::vector<std::string> args) { return cli::parse(args); }

}  // namespace

TEST_CASE("cli: check has its defaults", "[cli]") {
  auto p = parse({"check", "data/story"});
  REQUIRE(p.options);
  CHECK(p.exit_code == 0);
  CHECK(p.err.empty());
  const auto& o = *p.options;
  CHECK(o.command == Command::check);
  CHECK(o.paths == std::vector<std::string>{"data/story"});
  CHECK(o.format == "text");
  CHECK(o.fail_on == "error");
  CHECK(o.rules.empty());
  CHECK(o.output.empty());
  CHECK(o.jobs == 0u);
  CHECK(o.max_file_size == (64u << 20));
  CHECK(o.ignore.empty());
  CHECK(o.color == "auto");
}

TEST_CASE("cli: check options", "[cli]") {
  auto p = parse({"check", "--format", "json", "--fail-on", "none", "--jobs", "2", "--rules", "r1", "--rules", "r2",
                  "-o", "out.json", "--ignore", "*.bak", "--color", "never", "--max-file-size", "1000", "a.txt",
                  "b.jsonl"});
  REQUIRE(p.options);
  const auto& o = *p.options;
  CHECK(o.format == "json");
  CHECK(o.fail_on == "none");
  CHECK(o.jobs == 2u);
  CHECK(o.rules == std::vector<std::string>{"r1", "r2"});
  CHECK(o.output == "out.json");
  CHECK(o.ignore == std::vector<std::string>{"*.bak"});
  CHECK(o.color == "never");
  CHECK(o.max_file_size == 1000u);
  CHECK(o.paths == std::vector<std::string>{"a.txt", "b.jsonl"});
}

TEST_CASE("cli: --fail-on takes every severity", "[cli]") {
  for (const char* level : {"error", "warning", "info", "none"}) {
    INFO(level);
    auto p = parse({"check", "--fail-on", level, "x"});
    REQUIRE(p.options);
    CHECK(p.options->fail_on == level);
  }
}

TEST_CASE("cli: usage errors exit 2 with a message", "[cli]") {
  struct Case {
    const char* name;
    std::vector<std::string> args;
    const char* mentions;  // a word the message must hold
  };
  const Case cases[] = {
      {"bad --format", {"check", "--format", "xml", "x"}, "xml"},
      {"extract does not print text", {"extract", "--format", "text", "x"}, "text"},
      {"bad --fail-on", {"check", "--fail-on", "sometimes", "x"}, "sometimes"},
      {"bad --color", {"check", "--color", "purple", "x"}, "purple"},
      {"bad --jobs", {"check", "--jobs", "many", "x"}, "many"},
      {"check without paths", {"check"}, "path"},
      {"extract without paths", {"extract"}, "path"},
      {"no command", {}, "no command"},
      {"unknown command", {"verify", "x"}, "unknown command 'verify'"},
      {"unknown option", {"check", "--frobnicate", "x"}, "unknown option '--frobnicate'"},
      {"rules without a subcommand", {"rules"}, "rules check"},
      {"--no-default-rules without a pack", {"check", "--no-default-rules", "x"}, "--rules DIR"},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.name) {
      auto p = parse(c.args);
      CHECK_FALSE(p.options);
      CHECK(p.exit_code == 2);
      CHECK(p.out.empty());
      CHECK_THAT(p.err, Catch::StartsWith("quotecheck: error: "));
      CHECK_THAT(p.err, Catch::Contains(c.mentions, Catch::CaseSensitive::No));
      CHECK_THAT(p.err, Catch::Contains("Run 'quotecheck "));
    }
  }
}

TEST_CASE("cli: an option takes one value, repeated to give more", "[cli]") {
  struct Case {
    std::vector<std::string> args;
    std::vector<std::string> rules, ignore, paths;
  };
  const Case cases[] = {
      {{"check", "--rules", "myrules", "article.txt"}, {"myrules"}, {}, {"article.txt"}},
      {{"check", "--rules=myrules", "article.txt"}, {"myrules"}, {}, {"article.txt"}},
      {{"check", "--rules", "rules", "--rules", "my-rules", "data/story"}, {"rules", "my-rules"}, {}, {"data/story"}},
      {{"check", "--ignore", "*/drafts/*", "archive/"}, {}, {"*/drafts/*"}, {"archive/"}},
      {{"check", "--ignore", "a", "--ignore", "b", "x", "y"}, {}, {"a", "b"}, {"x", "y"}},
      {{"extract", "--rules", "r", "a.txt"}, {"r"}, {}, {"a.txt"}},
      {{"diff", "--rules", "r", "old.txt", "new.txt"}, {"r"}, {}, {"old.txt", "new.txt"}},
  };
  for (const auto& c : cases) {
    std::string line;
    for (auto& a : c.args) line += a + " ";
    INFO(line);
    auto p = parse(c.args);
    INFO(p.err);
    REQUIRE(p.options);
    CHECK(p.options->rules == c.rules);
    CHECK(p.options->ignore == c.ignore);
    CHECK(p.options->paths == c.paths);
  }
  SECTION("--extracted takes every file up to the next option") {
    auto p = parse({"check", "a.txt", "--extracted", "s1.jsonl", "s2.jsonl", "--fail-on", "none"});
    REQUIRE(p.options);
    CHECK(p.options->extracted == std::vector<std::string>{"s1.jsonl", "s2.jsonl"});
    CHECK(p.options->paths == std::vector<std::string>{"a.txt"});
  }
}

TEST_CASE("cli: --rules adds to the shipped pack, --no-default-rules leaves it out", "[cli]") {
  auto p = parse({"check", "--rules", "mine", "x"});
  REQUIRE(p.options);
  CHECK(p.options->default_rules);
  auto q = parse({"check", "--no-default-rules", "--rules", "mine", "x"});
  REQUIRE(q.options);
  CHECK_FALSE(q.options->default_rules);
  auto r = parse({"rules", "check", "--no-default-rules", "mine"});
  REQUIRE(r.options);
  CHECK_FALSE(r.options->default_rules);
  CHECK(r.options->rules == std::vector<std::string>{"mine"});
  auto help = parse({"check", "--help"});
  CHECK_THAT(help.out, Catch::Contains("Add the rule pack in DIR to the shipped one") && Catch::Contains("--no-default-rules"));
}

TEST_CASE("cli: --allow-empty", "[cli]") {
  auto p = parse({"check", "x"});
  REQUIRE(p.options);
  CHECK_FALSE(p.options->allow_empty);
  auto q = parse({"extract", "--allow-empty", "x"});
  REQUIRE(q.options);
  CHECK(q.options->allow_empty);
}

TEST_CASE("cli: nearest() suggests a near candidate only", "[cli]") {
  const std::vector<std::string> commands = {"check", "extract", "diff", "rules"};
  CHECK(cli::nearest("chek", commands) == "check");
  CHECK(cli::nearest("cehck", commands) == "check");  // two letters swapped
  CHECK(cli::nearest("extarct", commands) == "extract");
  CHECK(cli::nearest("dif", commands) == "diff");
  CHECK(cli::nearest("verify", commands).empty());
  CHECK(cli::nearest("x", commands).empty());
  const std::vector<std::string> options = {"--format", "--fail-on", "--rules", "--baseline"};
  CHECK(cli::nearest("--formt", options) == "--format");
  CHECK(cli::nearest("--fail-of", options) == "--fail-on");
  CHECK(cli::nearest("--frobnicate", options).empty());
}

TEST_CASE("cli: mistakes get a suggestion and the command's own help", "[cli]") {
  struct Case {
    std::vector<std::string> args;
    const char* message;
    const char* hint;
  };
  const Case cases[] = {
      {{"chek", "articles"}, "quotecheck: error: unknown command 'chek'; did you mean 'check'?\n", "Run 'quotecheck --help' for usage.\n"},
      {{"check", "--formt", "json", "x"}, "quotecheck: error: unknown option '--formt'; did you mean '--format'?\n",
       "Run 'quotecheck check --help' for usage.\n"},
      {{"extract", "--fromat", "json", "x"}, "did you mean '--format'?", "Run 'quotecheck extract --help' for usage.\n"},
      {{"diff", "--rule", "r", "a", "b"}, "did you mean '--rules'?", "Run 'quotecheck diff --help' for usage.\n"},
      {{"rules", "chek"}, "unknown command 'rules chek'; did you mean 'rules check'?", "Run 'quotecheck rules --help' for usage.\n"},
      {{"check", "--format", "xml", "x"}, "xml", "Run 'quotecheck check --help' for usage.\n"},
      {{"check"}, "check needs articles", "Run 'quotecheck check --help' for usage.\n"},
      {{"diff", "old.txt"}, "diff needs two versions: OLD NEW", "Run 'quotecheck diff --help' for usage.\n"},
  };
  for (const auto& c : cases) {
    INFO(c.args.front() << " " << c.message);
    auto p = parse(c.args);
    CHECK_FALSE(p.options);
    CHECK(p.exit_code == 2);
    CHECK_THAT(p.err, Catch::Contains(c.message));
    CHECK_THAT(p.err, Catch::EndsWith(c.hint));
  }
}

TEST_CASE("cli: no arguments print the usage", "[cli]") {
  auto p = parse({});
  CHECK(p.exit_code == 2);
  CHECK_FALSE(p.options);
  CHECK_THAT(p.err, Catch::Contains("Usage: quotecheck") && Catch::Contains("check") && Catch::Contains("extract") &&
                        Catch::Contains("diff") && Catch::Contains("rules"));
}

TEST_CASE("cli: help [COMMAND] is --help", "[cli]") {
  CHECK(parse({"help"}).out == parse({"--help"}).out);
  CHECK(parse({"help", "check"}).out == parse({"check", "--help"}).out);
  CHECK(parse({"help", "rules", "check"}).out == parse({"rules", "check", "--help"}).out);
  CHECK(parse({"help", "chek"}).exit_code == 2);
}

TEST_CASE("cli: each command's help is its own", "[cli]") {
  auto rc = parse({"rules", "check", "--help"});
  CHECK(rc.exit_code == 0);
  CHECK_THAT(rc.out, Catch::Contains("Usage: quotecheck rules check"));
  CHECK_THAT(rc.out, !Catch::Contains("--fail-on") && !Catch::Contains("diff"));
  auto ex = parse({"extract", "--help"});
  CHECK_THAT(ex.out, Catch::Contains("Usage: quotecheck extract"));
  CHECK_THAT(ex.out, !Catch::Contains("--fail-on"));
  auto ch = parse({"check", "--help"});
  CHECK_THAT(ch.out, Catch::Contains("Usage: quotecheck check") && Catch::Contains("--fail-on"));
  auto df = parse({"diff", "--help"});
  CHECK_THAT(df.out, Catch::Contains("Usage: quotecheck diff") && !Catch::Contains("--fail-on"));
}

TEST_CASE("cli: --help exits 0 with usage on standard output", "[cli]") {
  SECTION("top level") {
    auto p = parse({"--help"});
    CHECK_FALSE(p.options);
    CHECK(p.exit_code == 0);
    CHECK(p.err.empty());
    CHECK_THAT(p.out, Catch::Contains("check") && Catch::Contains("extract") && Catch::Contains("rules"));
  }
  SECTION("a command's help names its options") {
    auto p = parse({"check", "--help"});
    CHECK_FALSE(p.options);
    CHECK(p.exit_code == 0);
    CHECK_THAT(p.out, Catch::Contains("--fail-on") && Catch::Contains("--format"));
  }
  SECTION("-h") {
    auto p = parse({"-h"});
    CHECK(p.exit_code == 0);
    CHECK_FALSE(p.out.empty());
  }
}

TEST_CASE("cli: --version", "[cli]") {
  auto p = parse({"--version"});
  CHECK_FALSE(p.options);
  CHECK(p.exit_code == 0);
  CHECK_THAT(p.out, Catch::StartsWith("quotecheck "));
}

TEST_CASE("cli: extract defaults to jsonl", "[cli]") {
  auto p = parse({"extract", "data/archive.jsonl"});
  REQUIRE(p.options);
  CHECK(p.options->command == Command::extract);
  CHECK(p.options->format == "jsonl");
  CHECK(p.options->paths == std::vector<std::string>{"data/archive.jsonl"});
  auto j = parse({"extract", "--format", "json", "x"});
  REQUIRE(j.options);
  CHECK(j.options->format == "json");
}

TEST_CASE("cli: rules check", "[cli]") {
  auto p = parse({"rules", "check"});
  REQUIRE(p.options);
  CHECK(p.options->command == Command::rules_check);
  CHECK(p.options->rules.empty());  // the shipped pack
  auto q = parse({"rules", "check", "my-rules", "more-rules"});
  REQUIRE(q.options);
  CHECK(q.options->command == Command::rules_check);
  CHECK(q.options->rules == std::vector<std::string>{"my-rules", "more-rules"});
}

TEST_CASE("cli: - names standard input", "[cli]") {
  auto p = parse({"check", "-"});
  REQUIRE(p.options);
  CHECK(p.options->paths == std::vector<std::string>{"-"});
}
