// quotecheck - the command lines of README.md and of the man page, run as tests, so that the
// documentation cannot drift from the tool.
//
// The convention, which README.md and docs/quotecheck.1 follow:
//
// - A ```console block is run. Each of its lines that opens with "$ " is a command, run by
//   /bin/sh with the built binary first on PATH as `quotecheck`, in a sandbox folder that holds
//   a copy of data/ and nothing else. The commands of one document run in document order in
//   one sandbox, so a later command may read what an earlier one wrote (a baseline, shards),
//   as a reader who follows the README from the top would have it.
// - Every command ends with a comment that gives its exit status: "# exit N", where more words
//   may follow ("# exit 1: errors found"). A command without one fails the test.
// - The lines after a command, up to the next command or the end of the block, are its
//   standard output, abridged: a line "..." stands for any number of lines, and "..." inside a
//   line for any text; every other line must match an output line (trailing spaces aside), in
//   order, and output lines are skipped only where a "..." line stands. A line that opens with
//   "#" is a comment, not output. A command followed by no such line has its output unchecked.
// - A command in inline code (`quotecheck check --format html -o report.html data/story`, in
//   prose or in a table) runs in the same sandbox at its place in the document and must exit
//   0 or 1: it runs as printed (no usage, rule, configuration or input error). One that holds
//   a placeholder (an upper-case word such as PATH, OLD or DIR, or "[" or "|") is a synopsis:
//   `quotecheck COMMAND --help` must exit 0 and name every --option the synopsis names. So
//   are the lines that open with "quotecheck " in an untagged or ```text block.
// - A ```sh block holds what the suite does not run: the two setup commands, which install
//   packages (bash scripts/demo.sh, bash scripts/test.sh) and are run by CI itself (.ci/run
//   runs scripts/ci.sh, which runs both), and building by hand. Each of its lines must be a
//   `bash scripts/X.sh` whose script exists, or a cmake or ctest command. So are inline
//   `bash ...`, `python3 ...` and `/usr/bin/python3 ...` commands (the setup commands, the
//   benchmarks, which take minutes or need ../shared): the script they name must exist.
// - The suite runs the two test cases that run the documents as the ctest test readme-examples
//   (tests/CMakeLists.txt), with a longer timeout; run them alone with
//   build/tests/quotecheck_tests "[readme-run]".
// - In the man page, the lines of .EX/.EE blocks that open with "quotecheck " are commands with
//   the same "# exit N" comment (roff escapes such as \- undone), run in a sandbox of their own.
#include <catch2/catch.hpp>

#include <algorithm>
#include <regex>
#include <sstream>

#include "support.hpp"

namespace {

namespace fs = std::filesystem;
using qc_test::read_file;
using qc_test::shell_quote;
using qc_test::TempDir;

struct Example {
  enum Kind { command, inline_command, synopsis, not_run } kind = command;
  std::string text;                 // the command line
  int line = 0;                     // where it stands in the document
  int exit_code = -1;               // "# exit N"; -1 when not given
  std::vector<std::string> output;  // the output shown (commands in console blocks)
};

std::string rtrim(std::string s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.pop_back();
  return s;
}

bool starts_with(const std::string& s, const std::string& prefix) { return s.rfind(prefix, 0) == 0; }

// Splits "quotecheck check x   # exit 1: errors" into the command and the exit status.
void split_exit_comment(Example& e) {
  static const std::regex comment(R"(\s+#\s*exit\s+(\d+)\b.*$)");
  std::smatch m;
  if (std::regex_search(e.text, m, comment)) {
    e.exit_code = std::stoi(m[1]);
    e.text = e.text.substr(0, static_cast<std::size_t>(m.position(0)));
  }
  e.text = rtrim(e.text);
}

bool is_synopsis(const std::string& command) {
  static const std::regex placeholder(R"((^|[\s=])[A-Z][A-Z0-9_.]+(\.\.\.)?(\s|$|\]))");
  return command.find('[') != std::string::npos || command.find('|') != std::string::npos ||
         std::regex_search(command, placeholder);
}

// The examples of a Markdown document, in order.
std::vector<Example> markdown_examples(const std::string& text) {
  std::vector<Example> out;
  std::istringstream in(text);
  std::string line, fence_lang;
  bool in_fence = false;
  int lineno = 0;
  Example* current = nullptr;  // the console command whose output is being read
  while (std::getline(in, line)) {
    ++lineno;
    line = rtrim(line);
    if (starts_with(line, "```")) {
      in_fence = !in_fence;
      fence_lang = in_fence ? line.substr(3) : "";
      current = nullptr;
      continue;
    }
    if (in_fence) {
      if (fence_lang == "console") {
        if (starts_with(line, "$ ")) {
          Example e;
          e.text = line.substr(2);
          e.line = lineno;
          split_exit_comment(e);
          out.push_back(e);
          current = &out.back();
        } else if (current && !starts_with(line, "#")) {
          current->output.push_back(line);
        }
      } else if (fence_lang == "sh") {
        if (!line.empty()) out.push_back({Example::not_run, line, lineno, -1, {}});
      } else if ((fence_lang.empty() || fence_lang == "text") && starts_with(line, "quotecheck ")) {
        out.push_back({Example::synopsis, line, lineno, -1, {}});
      }
      continue;
    }
    // Inline code spans that open with "quotecheck ".
    for (std::size_t pos = line.find('`'); pos != std::string::npos;) {
      std::size_t end = line.find('`', pos + 1);
      if (end == std::string::npos) break;
      std::string span = line.substr(pos + 1, end - pos - 1);
      if (starts_with(span, "quotecheck "))
        out.push_back({is_synopsis(span) ? Example::synopsis : Example::inline_command, span, lineno, -1, {}});
      else if (starts_with(span, "bash ") || starts_with(span, "python3 ") || starts_with(span, "/usr/bin/python3 "))
        out.push_back({Example::not_run, span, lineno, -1, {}});
      pos = line.find('`', end + 1);
    }
  }
  return out;
}

// The commands of a man page's .EX/.EE blocks, roff escapes undone.
std::vector<Example> man_examples(const std::string& text) {
  std::vector<Example> out;
  std::istringstream in(text);
  std::string line;
  bool in_example = false;
  int lineno = 0;
  while (std::getline(in, line)) {
    ++lineno;
    if (starts_with(line, ".EX")) in_example = true;
    else if (starts_with(line, ".EE")) in_example = false;
    else if (in_example && starts_with(line, "quotecheck ")) {
      std::string plain;
      for (std::size_t i = 0; i < line.size(); ++i) {
        if (line[i] == '\\' && i + 1 < line.size() && (line[i + 1] == '-' || line[i + 1] == '\\')) {
          plain += line[++i];
          continue;
        }
        if (line.compare(i, 2, "\\(") == 0) {  // \(aq and the like: none is expected in a command
          plain += '?';
          i += 3;
          continue;
        }
        plain += line[i];
      }
      Example e{Example::command, plain, lineno, -1, {}};
      split_exit_comment(e);
      out.push_back(e);
    }
  }
  return out;
}

// Does `line` match `pattern`, where "..." in the pattern stands for any text?
bool line_matches(const std::string& line, const std::string& pattern) {
  std::vector<std::string> parts;
  for (std::size_t pos = 0;;) {
    std::size_t dots = pattern.find("...", pos);
    parts.push_back(pattern.substr(pos, dots == std::string::npos ? std::string::npos : dots - pos));
    if (dots == std::string::npos) break;
    pos = dots + 3;
  }
  if (parts.size() == 1) return line == pattern;
  if (!starts_with(line, parts.front())) return false;
  std::size_t at = parts.front().size();
  for (std::size_t i = 1; i + 1 < parts.size(); ++i) {
    std::size_t found = line.find(parts[i], at);
    if (found == std::string::npos) return false;
    at = found + parts[i].size();
  }
  const std::string& last = parts.back();
  return line.size() >= at + last.size() && line.compare(line.size() - last.size(), last.size(), last) == 0;
}

// Does the output (lines) have the shape of `shown` (see the convention above)?
bool output_matches(const std::vector<std::string>& lines, std::size_t li, const std::vector<std::string>& shown,
                    std::size_t si) {
  if (si == shown.size()) return li == lines.size();
  if (shown[si] == "...") {
    for (std::size_t k = li; k <= lines.size(); ++k)
      if (output_matches(lines, k, shown, si + 1)) return true;
    return false;
  }
  return li < lines.size() && line_matches(lines[li], shown[si]) && output_matches(lines, li + 1, shown, si + 1);
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) out.push_back(rtrim(line));
  return out;
}

// A folder with a copy of data/ to run in, and the binary on PATH as `quotecheck`.
class Sandbox {
 public:
  Sandbox() {
    fs::create_directories(dir_.path() / "bin");
    fs::create_symlink(QC_BINARY, dir_.path() / "bin" / "quotecheck");
    fs::create_directories(work());
    fs::copy(fs::path(QC_SOURCE_DIR) / "data", work() / "data", fs::copy_options::recursive);
  }
  fs::path work() const { return dir_.path() / "work"; }

  qc_test::CommandResult run(const std::string& command) const {
    fs::path err_file = dir_.path() / "stderr";
    std::string cmd = "cd " + shell_quote(work().string()) + " && PATH=" + shell_quote((dir_.path() / "bin").string()) +
                      ":\"$PATH\" QUOTECHECK_RULES= /bin/sh -c " + shell_quote(command) + " 2>" +
                      shell_quote(err_file.string()) + " </dev/null";
    return qc_test::run_shell(cmd, err_file);
  }

 private:
  TempDir dir_;
};

// Runs `examples` (from `document`) as the convention says.
void run_examples(const std::string& document, const std::vector<Example>& examples) {
  Sandbox sandbox;
  for (const auto& e : examples) {
    INFO(document << ":" << e.line << ": " << e.text);
    switch (e.kind) {
      case Example::not_run: {
        static const std::regex script(R"(^(?:bash|python3|/usr/bin/python3) ((?:scripts|bench)/[A-Za-z0-9_-]+\.(?:sh|py))\b.*)");
        std::smatch m;
        if (std::regex_match(e.text, m, script)) CHECK(fs::is_regular_file(fs::path(QC_SOURCE_DIR) / m[1].str()));
        else CHECK((starts_with(e.text, "cmake ") || starts_with(e.text, "ctest ")));
        break;
      }
      case Example::synopsis: {
        std::istringstream words(e.text);
        std::string w, command;
        words >> w;  // quotecheck
        while (words >> w && !w.empty() && std::islower(static_cast<unsigned char>(w[0]))) command += " " + w;
        auto r = sandbox.run("quotecheck" + command + " --help");
        INFO("stderr: " << r.err);
        CHECK(r.exit_code == 0);
        static const std::regex option(R"(--[a-z][a-z0-9-]*)");
        for (std::sregex_iterator it(e.text.begin(), e.text.end(), option), end; it != end; ++it)
          CHECK_THAT(r.out, Catch::Contains(it->str()));
        break;
      }
      case Example::inline_command: {
        auto r = sandbox.run(e.text);
        INFO("stderr: " << r.err);
        CHECK((r.exit_code == 0 || r.exit_code == 1));
        break;
      }
      case Example::command: {
        REQUIRE(e.exit_code >= 0);  // every command says its exit status: "# exit N"
        auto r = sandbox.run(e.text);
        INFO("stdout: " << r.out);
        INFO("stderr: " << r.err);
        CHECK(r.exit_code == e.exit_code);
        if (!e.output.empty()) CHECK(output_matches(lines_of(r.out), 0, e.output, 0));
        break;
      }
    }
  }
}

}  // namespace

TEST_CASE("readme: the shape of an output is checked as the convention says", "[readme]") {
  CHECK(line_matches("a.txt:14:138: error: x [c]", "a.txt:...: error: ... [c]"));
  CHECK_FALSE(line_matches("a.txt:14:138: warning: x [c]", "a.txt:...: error: ... [c]"));
  CHECK(output_matches({"a", "b", "c", "d"}, 0, {"a", "...", "d"}, 0));
  CHECK(output_matches({"a", "d"}, 0, {"a", "...", "d"}, 0));
  CHECK_FALSE(output_matches({"a", "b", "d"}, 0, {"a", "d"}, 0));
  CHECK_FALSE(output_matches({"a", "b"}, 0, {"a"}, 0));
  CHECK(is_synopsis("quotecheck diff OLD NEW"));
  CHECK(is_synopsis("quotecheck extract [--format jsonl|json|shard] PATH..."));
  CHECK_FALSE(is_synopsis("quotecheck check --format html -o report.html data/story"));
  auto e = markdown_examples("```console\n$ quotecheck check x   # exit 1: errors\nout\n# note\n...\n```\n");
  REQUIRE(e.size() == 1);
  CHECK(e[0].text == "quotecheck check x");
  CHECK(e[0].exit_code == 1);
  CHECK(e[0].output == std::vector<std::string>{"out", "..."});
}

TEST_CASE("readme: every command line of README.md runs as printed", "[.][readme][readme-run][e2e]") {
  std::string readme = read_file(fs::path(QC_SOURCE_DIR) / "README.md");
  auto examples = markdown_examples(readme);
  std::size_t commands = std::count_if(examples.begin(), examples.end(), [](auto& e) { return e.kind == Example::command; });
  REQUIRE(commands >= 10);  // the convention is followed at all
  run_examples("README.md", examples);
}

TEST_CASE("readme: every example of the man page runs as printed", "[.][readme][readme-run][e2e]") {
  auto examples = man_examples(read_file(fs::path(QC_SOURCE_DIR) / "docs" / "quotecheck.1"));
  REQUIRE(examples.size() >= 3);
  run_examples("docs/quotecheck.1", examples);
}
