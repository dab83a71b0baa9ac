// quotecheck - golden end-to-end cases: tests/golden/<case>/{inputs, args, expected.txt}.
//
// Each case folder holds its input files, `args` (the command line after the program name,
// one line, words split on white space, paths relative to the case folder) and
// `expected.txt` (standard output, byte for byte). An optional `exit` file holds the
// expected exit code (default 0). The binary runs in the case folder.
//
// To regenerate every expected.txt after an intended change, run the tests with
// QC_UPDATE_GOLDEN=1 and review the diff:
//   QC_UPDATE_GOLDEN=1 build/tests/quotecheck_tests '[golden]'
#include <catch2/catch.hpp>

#include <algorithm>
#include <sstream>

#include "support.hpp"

namespace fs = std::filesystem;

namespace {

std::vector<std::string> split_words(const std::string& line) {
  std::istringstream in(line);
  std::vector<std::string> out;
  std::string w;
  while (in >> w) out.push_back(w);
  return out;
}

// The first line where `a` and `b` differ, for the failure message.
std::string first_difference(const std::string& a, const std::string& b) {
  std::istringstream sa(a), sb(b);
  std::string la, lb;
  for (int n = 1;; ++n) {
    bool ea = !std::getline(sa, la), eb = !std::getline(sb, lb);
    if (ea && eb) return "no line differs (trailing newline?)";
    if (ea || eb || la != lb)
      return "line " + std::to_string(n) + ":\n  expected: " + (ea ? "<end>" : la) + "\n  actual:   " + (eb ? "<end>" : lb);
  }
}

}  // namespace

TEST_CASE("golden cases", "[golden][e2e]") {
  const fs::path root = fs::path(QC_SOURCE_DIR) / "tests" / "golden";
  REQUIRE(fs::is_directory(root));
  std::vector<fs::path> cases;
  for (auto& entry : fs::directory_iterator(root))
    if (entry.is_directory() && fs::exists(entry.path() / "args")) cases.push_back(entry.path());
  std::sort(cases.begin(), cases.end());
  REQUIRE_FALSE(cases.empty());
  const char* update_env = std::getenv("QC_UPDATE_GOLDEN");
  const bool update = update_env && std::string(update_env) == "1";

  for (const auto& dir : cases) {
    DYNAMIC_SECTION(dir.filename().string()) {
      std::string args_line = qc_test::read_file(dir / "args");
      auto args = split_words(args_line);
      REQUIRE_FALSE(args.empty());
      auto r = qc_test::run_quotecheck(args, dir.string());
      int expected_exit = 0;
      if (fs::exists(dir / "exit")) expected_exit = std::stoi(qc_test::read_file(dir / "exit"));
      INFO("quotecheck " << args_line << "stderr: " << r.err);
      if (update) {
        std::ofstream(dir / "expected.txt", std::ios::binary | std::ios::trunc) << r.out;
        if (r.exit_code != 0 || fs::exists(dir / "exit"))
          std::ofstream(dir / "exit", std::ios::trunc) << r.exit_code << "\n";
        WARN("updated " << (dir / "expected.txt").string());
        continue;
      }
      REQUIRE(fs::exists(dir / "expected.txt"));
      const std::string expected = qc_test::read_file(dir / "expected.txt");
      INFO(first_difference(expected, r.out));
      CHECK(r.out == expected);
      CHECK(r.exit_code == expected_exit);
    }
  }
}
