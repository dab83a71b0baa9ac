// quotecheck - hardening (issue 14): what hostile or odd input must not do. The cache never
// destroys a file it did not make; reports print no terminal escapes and start no line of
// their own; input limits hold for every kind of input; -o leaves nothing behind.
#include <catch2/catch.hpp>
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "quotecheck/attribution.hpp"
#include "quotecheck/baseline.hpp"
#include "quotecheck/cache.hpp"
#include "quotecheck/document.hpp"
#include "support.hpp"

namespace fs = std::filesystem;
using qc_test::read_file;
using qc_test::run_quotecheck;
using qc_test::shipped_pack;
using qc_test::TempDir;

namespace {

const char* k_article = "A good article\n\n\"We will meet again next month,\" Ryan Crocker said.\n";

bool has(const std::string& text, const std::string& needle) { return text.find(needle) != std::string::npos; }

quotecheck::Document doc_of(const std::string& id, const std::string& text) {
  quotecheck::Diagnostics diags;
  return quotecheck::make_document(id, id + ".txt", text, diags);
}

// Makes a cache at `path` holding `n` documents' extractions.
void fill_cache(const std::string& path, int n) {
  quotecheck::Diagnostics diags;
  auto cache = quotecheck::ExtractionCache::open(path, shipped_pack().hash, diags);
  REQUIRE(cache);
  for (int i = 0; i < n; ++i) {
    auto doc = doc_of("d" + std::to_string(i), std::string(k_article) + "Padding " + std::string(200, 'x') + std::to_string(i) + "\n");
    cache->put(doc, quotecheck::extract(doc, shipped_pack()));
  }
  REQUIRE(cache->commit(diags));
  REQUIRE(diags.empty());
}

}  // namespace

// --- 10: the cache never destroys what it did not make ---------------------------------

TEST_CASE("cache: an article, an archive or another program's database named as the cache is left as it is",
          "[hardening][cache]") {
  TempDir dir;
  auto article = dir.write("a.txt", k_article);
  auto archive = dir.write("b.jsonl", "{\"id\": \"r1\", \"text\": \"Head\\n\\n\\\"Quote one here,\\\" he said.\"}\n");
  // Another program's SQLite database: a valid database without quotecheck's application id.
  std::string other = (dir.path() / "other.db").string();
  {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(other.c_str(), &db) == SQLITE_OK);
    REQUIRE(sqlite3_exec(db, "CREATE TABLE t(x); INSERT INTO t VALUES(42);", nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(db);
  }
  for (const std::string& victim : {article, archive, other}) {
    DYNAMIC_SECTION(fs::path(victim).filename().string()) {
      std::string before = read_file(victim);
      auto r = run_quotecheck({"check", "--format", "json", "--fail-on", "none", "--cache", victim, article});
      INFO(r.err);
      CHECK(read_file(victim) == before);
      CHECK(has(r.err, victim + ": error: not a quotecheck cache (it is left as it is); running without a cache"));
      CHECK(r.exit_code == 2);
      // The article is still read and reported.
      auto report = nlohmann::json::parse(r.out);
      CHECK(report["summary"]["documents"] == 1);
      CHECK(report["summary"]["quotes"] == 1);
    }
  }
}

TEST_CASE("cache: quotecheck's own cache is reused, and rebuilt when made by another schema version", "[hardening][cache]") {
  TempDir dir;
  std::string path = (dir.path() / "qc.cache").string();
  fill_cache(path, 3);
  quotecheck::Diagnostics diags;
  {
    auto cache = quotecheck::ExtractionCache::open(path, shipped_pack().hash, diags);
    REQUIRE(cache);
    CHECK(diags.empty());
    auto doc = doc_of("d1", std::string(k_article) + "Padding " + std::string(200, 'x') + "1\n");
    CHECK(cache->get(doc));
    CHECK(cache->commit(diags));
  }
  {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    REQUIRE(sqlite3_exec(db, "PRAGMA user_version=99", nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(db);
  }
  auto cache = quotecheck::ExtractionCache::open(path, shipped_pack().hash, diags);
  CHECK(cache);
  REQUIRE(diags.size() == 1);
  CHECK(diags[0].str() == path + ": warning: cache file is made by another version; rebuilding it");
}

// --- 11: corrupt pages behind an intact header ------------------------------------------

TEST_CASE("cache: a cache with corrupt pages but an intact header is rebuilt", "[hardening][cache]") {
  TempDir dir;
  std::string path = (dir.path() / "qc.cache").string();
  fill_cache(path, 200);
  auto size = fs::file_size(path);
  REQUIRE(size > 4 * 4096);
  {
    // Page 1 (the header and the schema) stays; every later page is overwritten.
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(4096);
    std::string junk(size - 4096, '\xA5');
    f.write(junk.data(), static_cast<std::streamsize>(junk.size()));
  }
  quotecheck::Diagnostics diags;
  {
    auto cache = quotecheck::ExtractionCache::open(path, shipped_pack().hash, diags);
    REQUIRE(cache);
    REQUIRE(diags.size() == 1);
    CHECK(has(diags[0].str(), path + ": warning: cache file is "));
    CHECK(has(diags[0].str(), "; rebuilding it"));
    auto doc = doc_of("d1", k_article);
    CHECK_FALSE(cache->get(doc));
    cache->put(doc, quotecheck::extract(doc, shipped_pack()));
    CHECK(cache->commit(diags));
  }
  diags.clear();
  auto cache = quotecheck::ExtractionCache::open(path, shipped_pack().hash, diags);
  REQUIRE(cache);
  CHECK(diags.empty());
  CHECK(cache->get(doc_of("d1", k_article)));
}

TEST_CASE("cache: a JSON Lines record that moved to another line is reported at its new line", "[hardening][cache]") {
  TempDir dir;
  std::string cache = (dir.path() / "qc.cache").string();
  std::string archive = (dir.path() / "archive.jsonl").string();
  auto record = [](const std::string& id, const std::string& text) {
    return nlohmann::json{{"id", id}, {"outlet", id + " News"}, {"text", text}}.dump() + "\n";
  };
  std::string moved = record("b", "\"We will meet again next month,\" Ryan Crocker said.");
  std::ofstream(archive) << record("a", "Nothing quoted here.") << moved;
  auto first = run_quotecheck({"extract", "--cache", cache, archive});
  REQUIRE(first.exit_code == 0);
  // Two records are put before it: the cached extraction of "b" now stands on line 4.
  std::ofstream(archive, std::ios::trunc) << record("a", "Nothing quoted here.") << record("c", "No quote.") << record("d", "None.") << moved;
  auto cached = run_quotecheck({"extract", "--cache", cache, archive});
  auto fresh = run_quotecheck({"extract", archive});
  REQUIRE(cached.exit_code == 0);
  REQUIRE(fresh.exit_code == 0);
  auto line_of = [](const std::string& jsonl) {
    std::vector<int> lines;
    std::istringstream in(jsonl);
    for (std::string l; std::getline(in, l);) {
      if (l.empty()) continue;
      auto j = nlohmann::json::parse(l);
      if (j.contains("line")) lines.push_back(j["line"].get<int>());
    }
    return lines;
  };
  CHECK(line_of(fresh.out) == std::vector<int>{4});
  CHECK(cached.out == fresh.out);
}

TEST_CASE("cache: a cache another run holds is waited for, then left to it, never deleted", "[hardening][cache]") {
  TempDir dir;
  std::string path = (dir.path() / "qc.cache").string();
  fill_cache(path, 2);
  quotecheck::Diagnostics diags;
  auto first = quotecheck::ExtractionCache::open(path, shipped_pack().hash, diags);
  REQUIRE(first);
  auto doc = doc_of("late", k_article);
  first->put(doc, quotecheck::extract(doc, shipped_pack()));
  auto second = quotecheck::ExtractionCache::open(path, shipped_pack().hash, diags, 200);
  CHECK_FALSE(second);
  REQUIRE(diags.size() == 1);
  CHECK(has(diags[0].str(), path + ": warning: cache is in use by another run ("));
  CHECK(has(diags[0].str(), "); running without one"));
  // The first run is undisturbed: its entries are written, and read back.
  diags.clear();
  CHECK(first->commit(diags));
  CHECK(diags.empty());
  first.reset();
  auto third = quotecheck::ExtractionCache::open(path, shipped_pack().hash, diags);
  REQUIRE(third);
  CHECK(third->get(doc));
}

// --- 8, 9: no terminal escapes, no injected lines ---------------------------------------

namespace {

// A pair of articles that gives a quote-altered finding, the second from `outlet`.
void write_pair(const TempDir& dir, const std::string& second_name, const std::string& outlet, const std::string& name_b,
                const std::string& extra_b = "") {
  dir.write("a.txt",
            "---\noutlet: Wire\n---\nTalks in Vienna\n\n\"We will support the agreement and we will sign it next week,\" "
            "Mohammad Javad Zarif said on Monday.\n");
  dir.write(second_name, "---\noutlet: \"" + outlet + "\"\n---\nTalks in Vienna\n\n\"We will not support the agreement and we " +
                             "will sign it next week," + extra_b + "\" " + name_b + " said on Monday.\n");
}

// True iff `s` holds a byte or a character that a terminal or a log reader acts on.
bool has_control(const std::string& s) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F) return true;
    if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) >= 0x80 &&
        static_cast<unsigned char>(s[i + 1]) < 0xA0)
      return true;  // C1, U+009B among them
    if (s.compare(i, 3, "\xE2\x80\xAE") == 0 || s.compare(i, 3, "\xE2\x81\xA6") == 0) return true;  // RLO, LRI
  }
  return false;
}

bool any_line_starts_with(const std::string& s, const std::string& prefix) {
  std::size_t pos = 0;
  while (pos < s.size()) {
    if (s.compare(pos, prefix.size(), prefix) == 0) return true;
    pos = s.find('\n', pos);
    if (pos == std::string::npos) break;
    ++pos;
  }
  return false;
}

}  // namespace

TEST_CASE("printable: controls, C1, bidi overrides and line breaks are written as escapes", "[hardening][text]") {
  using quotecheck::printable;
  CHECK(printable("plain text, caf\xC3\xA9") == "plain text, caf\xC3\xA9");
  CHECK(printable("a\tb") == "a\tb");
  CHECK(printable("\x1b[2Jclear") == "\\x1b[2Jclear");
  CHECK(printable("\x1b]0;title\x07") == "\\x1b]0;title\\x07");
  CHECK(printable("one\ntwo\r") == "one\\ntwo\\r");
  CHECK(printable("\xC2\x9B" "31m") == "\\u009b31m");
  CHECK(printable("\xC2\x85") == "\\u0085");
  CHECK(printable("a\xE2\x80\xAE" "b\xE2\x81\xA6" "c\xE2\x80\xA8") == "a\\u202eb\\u2066c\\u2028");
  CHECK(printable("\x7f") == "\\x7f");
  CHECK(printable("bad \xFF byte") == "bad \xEF\xBF\xBD byte");
}

TEST_CASE("text and line reports: escapes in article text, outlet names and file names are not passed to the terminal",
          "[hardening][report]") {
  TempDir dir;
  std::string evil_outlet = "Evil\\e]0;owned\\a\\e]8;;http://x.example/\\e\\\\link\\e]8;;\\e\\\\\\e[2J\\u009B31m\\u202E";
  std::string evil_file = "evil\n::error file=evil.txt,line=1::Injected\x1b[2J.txt";
  write_pair(dir, evil_file, evil_outlet, "Mohammad Javad Zarif", "\x1b[2J\x1b]0;title\x07");
  for (const char* format : {"text", "line"}) {
    DYNAMIC_SECTION(format) {
      auto r = run_quotecheck({"check", "--format", format, "--color", "never", "--fail-on", "none", dir.str()});
      INFO(r.out);
      INFO(r.err);
      REQUIRE(r.exit_code == 0);
      CHECK(has(r.out, "quote-altered"));
      CHECK_FALSE(has_control(r.out));
      CHECK_FALSE(has_control(r.err));
      CHECK_FALSE(any_line_starts_with(r.out, "::"));
      CHECK_FALSE(any_line_starts_with(r.err, "::"));
    }
  }
  auto r = run_quotecheck({"check", "--format", "text", "--color", "never", "--fail-on", "none", dir.str()});
  CHECK(has(r.out, "\\x1b]0;owned\\x07"));  // the outlet, visibly
  CHECK(has(r.out, "evil\\n::error file=evil.txt,line=1::Injected\\x1b[2J.txt"));  // the file name
}

TEST_CASE("diagnostics print a file name with a newline or an escape on one line", "[hardening][report]") {
  quotecheck::Diagnostic d{"dir/evil\n::error file=x,line=1::Injected\x1b[2J.txt", 3, 4, quotecheck::Severity::warning,
                           "bad \x1b]0;title\x07 thing\nsecond", ""};
  CHECK(d.str() == "dir/evil\\n::error file=x,line=1::Injected\\x1b[2J.txt:3:4: warning: bad \\x1b]0;title\\x07 thing\\nsecond");
}

// --- 12: invisible format characters ----------------------------------------------------

TEST_CASE("normalize and words drop format characters", "[hardening][text]") {
  using quotecheck::normalize;
  using quotecheck::words;
  CHECK(normalize("Moham\xE2\x80\x8Dmad Za\xE2\x80\x8Drif") == "mohammad zarif");
  CHECK(normalize("sup\xE2\x80\x8Bport") == "support");
  CHECK(normalize("sup\xC2\xADport") == "support");
  CHECK(normalize("sup\xE2\x81\xA0port") == "support");
  CHECK(words("We will sup\xE2\x80\x8Bport it") == std::vector<std::string>{"we", "will", "support", "it"});
}

TEST_CASE("a zero-width joiner inside a name does not hide a conflict", "[hardening][e2e]") {
  TempDir dir;
  dir.write("a.txt", "---\noutlet: Wire\n---\nTalks in Vienna\n\n\"We will sign it next week,\" said Iranian Foreign "
                     "Minister Mohammad Javad Zarif.\n");
  dir.write("b.txt", "---\noutlet: Gazette\n---\nTalks in Vienna\n\n\"The talks were long,\" said Iraqi Foreign Minister "
                     "Moham\xE2\x80\x8Dmad Javad Za\xE2\x80\x8Drif.\n");
  auto r = run_quotecheck({"check", "--format", "json", "--fail-on", "none", dir.str()});
  INFO(r.err);
  auto j = nlohmann::json::parse(r.out);
  // One person, called Iran's foreign minister in one place and Iraq's in the other.
  std::set<std::string> entities;
  for (auto& q : j["quotes"])
    if (q["speaker"].is_object() && q["speaker"]["entity"].is_string()) entities.insert(q["speaker"]["entity"].get<std::string>());
  CHECK(entities.size() == 1);
  bool conflict = false;
  for (auto& f : j["findings"])
    if (f["check"] == "affiliation-conflict") conflict = true;
  CHECK(conflict);
  // The offsets are the original bytes': the second quote's speaker is as written.
  for (auto& q : j["quotes"])
    if (q["doc"] == "b") CHECK(q["speaker"]["mention"].get<std::string>().find("Za\xE2\x80\x8Drif") != std::string::npos);
}

// --- 15: a lone CR ends a line ----------------------------------------------------------

TEST_CASE("line index: a lone CR ends a line, CR LF is one line end", "[hardening][text]") {
  quotecheck::LineIndex cr("one\rtwo\rthree");
  CHECK(cr.line_count() == 3);
  CHECK(cr.position(4).line == 2);
  CHECK(cr.position(4).column == 1);
  CHECK(cr.position(9).line == 3);
  CHECK(cr.position(9).column == 2);
  quotecheck::LineIndex crlf("one\r\ntwo\r\n");
  CHECK(crlf.line_count() == 3);
  CHECK(crlf.position(5).line == 2);
  CHECK(crlf.position(5).column == 1);
  quotecheck::LineIndex mixed("a\rb\nc\r\nd");
  CHECK(mixed.position(2).line == 2);
  CHECK(mixed.position(4).line == 3);
  CHECK(mixed.position(7).line == 4);
}

// --- 5, 6, 7, 14: input limits and bad inputs --------------------------------------------

namespace {

// Runs `command` with /bin/sh; captures stdout and stderr.
qc_test::CommandResult run_shell(const std::string& command) {
  TempDir tmp;
  std::string err = (tmp.path() / "err").string();
  qc_test::CommandResult r;
  FILE* pipe = ::popen((command + " 2>" + qc_test::shell_quote(err)).c_str(), "r");
  REQUIRE(pipe);
  char buf[65536];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) r.out.append(buf, n);
  int status = ::pclose(pipe);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.err = read_file(err);
  return r;
}

const std::string k_bin = qc_test::shell_quote(QC_BINARY);

}  // namespace

TEST_CASE("max-file-size bounds a JSON Lines record: a longer one is skipped, the next read", "[hardening][input]") {
  TempDir dir;
  std::string big(300000, 'x');
  auto archive = dir.write("a.jsonl", "{\"id\": \"big\", \"text\": \"" + big + "\"}\n" +
                                          "{\"id\": \"r2\", \"text\": \"Head\\n\\n\\\"Quote two here,\\\" he said.\"}\n");
  quotecheck::InputOptions options;
  options.max_file_bytes = 100000;
  quotecheck::Diagnostics diags;
  quotecheck::InputStats stats;
  std::vector<std::string> ids;
  CHECK(quotecheck::read_source({archive, quotecheck::SourceKind::jsonl}, options, diags, stats,
                                [&](quotecheck::Document d) { ids.push_back(d.id); }));
  CHECK(ids == std::vector<std::string>{"r2"});
  REQUIRE(diags.size() == 1);
  CHECK(diags[0].str() == archive + ":1: warning: record is 300025 bytes, over the limit of 100000 (--max-file-size); skipped");
  CHECK(stats.skipped == 1);
}

TEST_CASE("max-file-size bounds a device and standard input: at most the limit is read", "[hardening][input]") {
  // Skipped, it leaves no document: exit 2 unless --allow-empty says an empty input is fine.
  auto dev = run_shell("timeout 60 " + k_bin + " check --max-file-size 100000 --fail-on none --allow-empty /dev/zero");
  INFO(dev.err);
  CHECK(dev.exit_code == 0);
  CHECK(has(dev.out + dev.err, "/dev/zero: warning: input holds more than 100000 bytes, over the limit (--max-file-size); skipped"));
  // An endless stream on standard input: refused after the limit, without reading it to its end.
  auto in = run_shell("timeout 60 sh -c 'yes \"Some article text.\" | " + k_bin +
                      " check --max-file-size 100000 --fail-on none -'");
  INFO(in.err);
  CHECK(in.exit_code == 2);
  CHECK(has(in.err, "no document read from -"));
  CHECK(has(in.out + in.err, "-: warning: standard input holds more than 100000 bytes, over the limit (--max-file-size); skipped"));
  CHECK(has(in.out, "0 documents"));
  auto dev_plain = run_shell("timeout 60 " + k_bin + " check --max-file-size 100000 --fail-on none /dev/zero");
  CHECK(dev_plain.exit_code == 2);
}

TEST_CASE("a FIFO named on the command line that nothing writes to is refused, not waited on", "[hardening][input]") {
  TempDir dir;
  std::string fifo = (dir.path() / "pipe.txt").string();
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  dir.write("good.txt", k_article);
  auto r = run_shell("timeout 60 " + k_bin + " check --fail-on none " + qc_test::shell_quote(fifo) + " " +
                     qc_test::shell_quote(dir.str() + "/good.txt"));
  INFO(r.err);
  CHECK(r.exit_code == 2);
  CHECK(has(r.out + r.err, fifo + ": error: cannot read: a pipe (FIFO) that no program writes to"));
  CHECK(has(r.out, "1 document,"));
  // A pipe with a writer (as `<(command)` gives) is read.
  auto piped = run_shell("timeout 60 bash -c " + qc_test::shell_quote(k_bin + " extract <(cat " +
                                                                      qc_test::shell_quote(dir.str() + "/good.txt") + ")"));
  INFO(piped.err);
  CHECK(piped.exit_code == 0);
  CHECK(has(piped.out, "We will meet again next month"));
}

TEST_CASE("an unreadable subfolder is an error naming it, and the rest is read", "[hardening][input]") {
  TempDir dir;
  dir.write("good.txt", k_article);
  dir.write("locked/hidden.txt", k_article);
  fs::permissions(dir.path() / "locked", fs::perms::none);
  // Root reads every folder: the check runs as nobody then.
  if (::geteuid() == 0 && ::access("/usr/bin/setpriv", X_OK) != 0) {
    WARN("running as root without setpriv: an unreadable folder cannot be made");
    fs::permissions(dir.path() / "locked", fs::perms::owner_all);
    return;
  }
  std::string as = ::geteuid() == 0 ? "setpriv --reuid=65534 --regid=65534 --clear-groups " : "";
  auto r = run_shell("cd / && " + as + k_bin + " check --fail-on none " + qc_test::shell_quote(dir.str()));
  fs::permissions(dir.path() / "locked", fs::perms::owner_all);
  INFO(r.err);
  CHECK(r.exit_code == 2);
  CHECK(has(r.out + r.err, dir.str() + "/locked: error: cannot read folder: Permission denied"));
  CHECK(has(r.out, "1 document,"));
}

TEST_CASE("a malformed JSON record's message keeps the parser's first letter", "[hardening][input]") {
  TempDir dir;
  auto archive = dir.write("a.jsonl", "{\"id\": \"r1\", \"text\": \n");
  quotecheck::InputOptions options;
  quotecheck::Diagnostics diags;
  quotecheck::InputStats stats;
  quotecheck::read_source({archive, quotecheck::SourceKind::jsonl}, options, diags, stats, [](quotecheck::Document) {});
  REQUIRE(diags.size() == 1);
  CHECK_THAT(diags[0].str(), Catch::StartsWith(archive + ":1:22: warning: malformed JSON record (parse error at line 1"));
}

// --- 13: -o leaves nothing behind, writes through links, keeps permissions ---------------

namespace {

// A process id that is surely dead: a child that has exited and been reaped.
pid_t dead_pid() {
  pid_t pid = ::fork();
  if (pid == 0) ::_exit(0);
  int status = 0;
  ::waitpid(pid, &status, 0);
  return pid;
}

// Starts `quotecheck extract -o OUT -` with standard input a pipe that stays open; returns its
// pid once its temporary beside OUT exists (or -1 after 20 s).
pid_t start_blocked_extract(const std::string& out, int& stdin_write) {
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(fds[0], 0);
    ::close(fds[0]);
    ::close(fds[1]);
    ::execl(QC_BINARY, QC_BINARY, "extract", "-o", out.c_str(), "-", static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::close(fds[0]);
  stdin_write = fds[1];
  std::string tmp = out + ".tmp-" + std::to_string(pid);
  for (int i = 0; i < 400 && !fs::exists(tmp); ++i) ::usleep(50000);
  return fs::exists(tmp) ? pid : -1;
}

}  // namespace

TEST_CASE("output (-o): SIGHUP, SIGINT and SIGTERM leave no temporary, and a SIGKILL's is removed by the next run", "[hardening][output]") {
  TempDir dir;
  std::string out = (dir.path() / "out.jsonl").string();
  for (int sig : {SIGHUP, SIGINT, SIGTERM, SIGKILL}) {
    DYNAMIC_SECTION("signal " << sig) {
      int writer = -1;
      pid_t pid = start_blocked_extract(out, writer);
      REQUIRE(pid > 0);
      ::kill(pid, sig);
      int status = 0;
      ::waitpid(pid, &status, 0);
      ::close(writer);
      CHECK(WIFSIGNALED(status));
      std::string tmp = out + ".tmp-" + std::to_string(pid);
      if (sig != SIGKILL) {
        CHECK_FALSE(fs::exists(tmp));
      } else {
        CHECK(fs::exists(tmp));
        // A live run's temporary (this test's own pid) is not touched.
        std::string live = out + ".tmp-" + std::to_string(::getpid());
        dir.write("out.jsonl.tmp-" + std::to_string(::getpid()), "live");
        dir.write("out.jsonl.tmp-" + std::to_string(dead_pid()), "dead");
        dir.write("other.jsonl.tmp-" + std::to_string(dead_pid()), "another output's");
        auto r = run_quotecheck({"extract", "-o", out, "data/story/01-vienna-wire.txt"});
        CHECK(r.exit_code == 0);
        CHECK_FALSE(fs::exists(tmp));
        CHECK(fs::exists(live));
        std::size_t left = 0;
        for (auto& e : fs::directory_iterator(dir.path())) left += e.path().filename().string().find(".tmp-") != std::string::npos;
        CHECK(left == 2);  // the live one and the other output's
        fs::remove(live);
      }
    }
  }
}

TEST_CASE("output (-o) onto a link writes through to its target, and an existing file keeps its permissions", "[hardening][output]") {
  TempDir dir;
  auto target = dir.write("real/report.txt", "old\n");
  fs::create_symlink("real/report.txt", dir.path() / "link.txt");
  std::string link = (dir.path() / "link.txt").string();
  auto r = run_quotecheck({"check", "--fail-on", "none", "-o", link, "data/story"});
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK(fs::is_symlink(link));
  CHECK(has(read_file(target), "documents"));

  auto secret = dir.write("secret.txt", "old\n");
  fs::permissions(secret, fs::perms::owner_read | fs::perms::owner_write);
  r = run_quotecheck({"check", "--fail-on", "none", "-o", secret, "data/story"});
  CHECK(r.exit_code == 0);
  CHECK(has(read_file(secret), "documents"));
  CHECK((fs::status(secret).permissions() & fs::perms::mask) == (fs::perms::owner_read | fs::perms::owner_write));

  // A link to a pipe (/dev/stdout) is still written directly.
  r = run_quotecheck({"check", "--fail-on", "none", "-o", "/dev/stdout", "data/story"});
  CHECK(r.exit_code == 0);
  CHECK(has(r.out, "documents"));
  // A dangling link: the file it names is made.
  fs::create_symlink("made.txt", dir.path() / "dangling.txt");
  r = run_quotecheck({"check", "--fail-on", "none", "-o", (dir.path() / "dangling.txt").string(), "data/story"});
  CHECK(r.exit_code == 0);
  CHECK(fs::is_symlink(dir.path() / "dangling.txt"));
  CHECK(has(read_file(dir.path() / "made.txt"), "documents"));
}

// --- found by the fuzzer with the JSON dictionary ----------------------------------------

TEST_CASE("a JSON record or baseline with a number out of range is reported, not fatal", "[hardening][input]") {
  TempDir dir;
  auto archive = dir.write("a.jsonl", "{\"id\": 1e999, \"text\": \"x\"}\n"
                                      "{\"id\": \"r2\", \"text\": \"Head\\n\\n\\\"Quote two here,\\\" he said.\"}\n");
  quotecheck::InputOptions options;
  quotecheck::Diagnostics diags;
  quotecheck::InputStats stats;
  std::vector<std::string> ids;
  CHECK(quotecheck::read_source({archive, quotecheck::SourceKind::jsonl}, options, diags, stats,
                                [&](quotecheck::Document d) { ids.push_back(d.id); }));
  CHECK(ids == std::vector<std::string>{"r2"});
  REQUIRE(diags.size() == 1);
  CHECK_THAT(diags[0].str(), Catch::StartsWith(archive + ":1:1: warning: malformed JSON record (number overflow"));
  auto baseline = quotecheck::parse_baseline("{\"format\": 1e999, \"findings\": []}", "b.json");
  REQUIRE_FALSE(baseline);
  CHECK(baseline.error().str() == "b.json: error: baseline is not valid JSON (a number out of range)");
}
