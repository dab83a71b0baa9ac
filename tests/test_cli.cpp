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
      {"no command", {}, ""},
      {"unknown command", {"verify", "x"}, ""},
      {"unknown option", {"check", "--frobnicate", "x"}, "frobnicate"},
      {"rules without a subcommand", {"rules"}, ""},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.name) {
      auto p = parse(c.args);
      CHECK_FALSE(p.options);
      CHECK(p.exit_code == 2);
      CHECK(p.out.empty());
      CHECK_THAT(p.err, Catch::StartsWith("quotecheck: error: "));
      CHECK_THAT(p.err, Catch::Contains(c.mentions, Catch::CaseSensitive::No));
      CHECK_THAT(p.err, Catch::EndsWith("Run 'quotecheck --help' for usage.\n"));
    }
  }
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
