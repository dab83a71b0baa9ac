// quotecheck - end-to-end tests: the built binary on the sample story, the archive and the
// seed articles, with its JSON output read back.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <fstream>
#include <sstream>

#include "support.hpp"

using nlohmann::json;
using qc_test::loose;
using qc_test::run_quotecheck;

namespace {

const std::vector<std::string> k_story_files = {
    "data/story/01-vienna-wire.txt", "data/story/02-meridian-post.txt", "data/story/03-capital-ledger.txt",
    "data/story/04-harbour-tribune.txt", "data/story/05-continental-dispatch.txt"};

// The JSON report of `check --format json` on `paths` (from the source folder).
json check_json(const std::vector<std::string>& paths, int expected_exit = -1) {
  std::vector<std::string> args = {"check", "--format", "json"};
  args.insert(args.end(), paths.begin(), paths.end());
  auto r = run_quotecheck(args);
  INFO("stderr: " << r.err);
  if (expected_exit >= 0) CHECK(r.exit_code == expected_exit);
  REQUIRE(r.exit_code < 2);
  REQUIRE_NOTHROW(json::parse(r.out));
  return json::parse(r.out);
}

std::string str(const json& j) { return j.is_string() ? j.get<std::string>() : std::string(); }

// The document ids of a finding's evidence.
std::set<std::string> evidence_docs(const json& f) {
  std::set<std::string> out;
  for (auto& e : f["evidence"]) out.insert(str(e["doc"]));
  return out;
}

bool any_doc_starts(const std::set<std::string>& docs, const std::string& prefix) {
  return std::any_of(docs.begin(), docs.end(), [&](auto& d) { return d.rfind(prefix, 0) == 0; });
}

// Every evidence text of a finding, joined, in loose form.
std::string evidence_text(const json& f) {
  std::string s;
  for (auto& e : f["evidence"]) s += loose(str(e["text"])) + " | ";
  return s;
}

std::vector<json> findings(const json& report, const std::string& check) {
  std::vector<json> out;
  for (auto& f : report["findings"])
    if (f["check"] == check) out.push_back(f);
  return out;
}

std::map<std::string, json> by_id(const json& list) {
  std::map<std::string, json> out;
  for (auto& x : list) out[str(x["id"])] = x;
  return out;
}

// A compact listing of the findings, for failure messages.
std::string listing(const json& report) {
  std::string s;
  for (auto& f : report["findings"]) {
    s += "\n  " + str(f["severity"]) + " " + str(f["check"]) + ": " + str(f["message"]);
    for (auto& e : f["evidence"]) s += "\n      " + str(e["doc"]) + ":" + std::to_string(e["line"].get<int>()) + " \"" + str(e["text"]) + "\"";
  }
  return s;
}

// The quotes whose loose text holds `words` (in loose form).
std::vector<json> quotes_with(const json& report, const std::string& words) {
  std::vector<json> out;
  for (auto& q : report["quotes"])
    if (loose(str(q["text"])).find(loose(words)) != std::string::npos) out.push_back(q);
  return out;
}

std::string quote_listing(const std::vector<json>& qs) {
  std::string s;
  for (auto& q : qs) {
    s += "\n  " + str(q["id"]) + " " + str(q["doc"]) + " statement=" + str(q["statement"]) + " speaker=";
    s += q["speaker"].is_null() ? "null" : str(q["speaker"]["mention"]) + " / " + str(q["speaker"]["name"]) + " (" +
                                               str(q["speaker"]["entity"]) + ", " + str(q["speaker"]["rule"]) + ")";
    s += " \"" + str(q["text"]) + "\"";
  }
  return s;
}

}  // namespace

// ---- The sample story (data/story, data/EXPECTED.md) --------------------------------------

TEST_CASE("e2e story: check exits 1 on errors with --fail-on error, 0 with --fail-on none", "[e2e][story]") {
  auto r = run_quotecheck({"check", "data/story"});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.out, Catch::Contains("5 documents"));
  auto none = run_quotecheck({"check", "--fail-on", "none", "data/story"});
  CHECK(none.exit_code == 0);
  CHECK(none.out == r.out);
}

TEST_CASE("e2e story: the JSON report has format 1 and its sections", "[e2e][story]") {
  json j = check_json({"data/story"}, 1);
  CHECK(j["format"] == 1);
  for (const char* key : {"documents", "quotes", "entities", "statements", "findings", "summary"}) {
    INFO(key);
    CHECK(j.contains(key));
  }
  CHECK(j["documents"].size() == 5);
  CHECK(j["summary"]["documents"] == 5);
  CHECK(j["summary"]["quotes"] == j["quotes"].size());
  CHECK(j["summary"]["statements"] == j["statements"].size());
  std::set<std::string> ids;
  for (auto& d : j["documents"]) ids.insert(str(d["id"]));
  CHECK(ids == std::set<std::string>{"01-vienna-wire", "02-meridian-post", "03-capital-ledger", "04-harbour-tribune",
                                     "05-continental-dispatch"});
  // Every quote's statement and speaker entity exist.
  auto statements = by_id(j["statements"]);
  auto entities = by_id(j["entities"]);
  for (auto& q : j["quotes"]) {
    INFO(q.dump());
    CHECK(statements.count(str(q["statement"])) == 1);
    if (!q["speaker"].is_null() && !q["speaker"]["entity"].is_null()) CHECK(entities.count(str(q["speaker"]["entity"])) == 1);
  }
}

TEST_CASE("e2e story: affiliation-conflict on Zarif, with evidence in 03 and another file", "[e2e][story]") {
  json j = check_json({"data/story"});
  INFO(listing(j));
  auto entities = by_id(j["entities"]);
  bool found = false;
  for (auto& f : findings(j, "affiliation-conflict")) {
    std::string who = str(f["message"]) + " " + str(entities[str(f["entity"])]["name"]);
    auto docs = evidence_docs(f);
    if (who.find("Zarif") == std::string::npos || !docs.count("03-capital-ledger") || docs.size() < 2) continue;
    found = true;
    CHECK(f["severity"] == "error");
  }
  CHECK(found);
}

TEST_CASE("e2e story: quote-altered error for the dropped 'not' (02 vs 05)", "[e2e][story]") {
  json j = check_json({"data/story"});
  INFO(listing(j));
  bool found = false;
  for (auto& f : findings(j, "quote-altered")) {
    auto docs = evidence_docs(f);
    if (evidence_text(f).find("when we were not sure") != std::string::npos && docs.count("02-meridian-post") &&
        docs.count("05-continental-dispatch")) {
      found = true;
      CHECK(f["severity"] == "error");
    }
  }
  CHECK(found);
}

TEST_CASE("e2e story: quote-altered warning for entire/whole", "[e2e][story]") {
  json j = check_json({"data/story"});
  INFO(listing(j));
  bool found = false;
  for (auto& f : findings(j, "quote-altered")) {
    auto text = evidence_text(f);
    if (text.find("the entire world") != std::string::npos && text.find("the whole world") != std::string::npos) {
      found = true;
      CHECK(f["severity"] == "warning");
      CHECK(evidence_docs(f).count("04-harbour-tribune") == 1);
    }
  }
  CHECK(found);
}

TEST_CASE("e2e story: quote-trimmed for Obama's statement in 03", "[e2e][story]") {
  json j = check_json({"data/story"});
  INFO(listing(j));
  bool found = false;
  for (auto& f : findings(j, "quote-trimmed")) {
    auto docs = evidence_docs(f);
    if (evidence_text(f).find("decades of animosity") != std::string::npos && docs.count("03-capital-ledger") &&
        (docs.count("01-vienna-wire") || docs.count("05-continental-dispatch"))) {
      found = true;
      CHECK(f["severity"] == "info");
    }
  }
  CHECK(found);
}

TEST_CASE("e2e story: speaker-conflict for 'a new chapter of hope' (05 gives it to Kerry)", "[e2e][story]") {
  json j = check_json({"data/story"});
  INFO(listing(j));
  bool found = false;
  for (auto& f : findings(j, "speaker-conflict")) {
    if (evidence_text(f).find("new chapter of hope") == std::string::npos) continue;
    found = true;
    CHECK(f["severity"] == "error");
    CHECK(evidence_docs(f).count("05-continental-dispatch") == 1);
    CHECK_THAT(str(f["message"]), Catch::Contains("Zarif") && Catch::Contains("Kerry"));
  }
  CHECK(found);
}

TEST_CASE("e2e story: unbalanced-quote in 04", "[e2e][story]") {
  json j = check_json({"data/story"});
  INFO(listing(j));
  bool found = false;
  for (auto& f : findings(j, "unbalanced-quote"))
    if (evidence_docs(f) == std::set<std::string>{"04-harbour-tribune"} &&
        evidence_text(f).find("the prayers of the iranian nation") != std::string::npos)
      found = true;
  CHECK(found);
}

TEST_CASE("e2e story: name-variant Mohammad / Mohammed", "[e2e][story]") {
  json j = check_json({"data/story"});
  INFO(listing(j));
  bool found = false;
  for (auto& f : findings(j, "name-variant")) {
    std::string m = str(f["message"]);
    if (m.find("Mohammad") != std::string::npos && m.find("Mohammed") != std::string::npos) found = true;
  }
  CHECK(found);
}

TEST_CASE("e2e story: no errors or warnings beyond the planted ones", "[e2e][story]") {
  // data/EXPECTED.md: "these seven are the only intended ones". Errors: the Zarif affiliation,
  // the dropped "not", the "new chapter" speaker. Warnings: entire/whole, the unclosed quote in 04.
  json j = check_json({"data/story"});
  INFO(listing(j));
  auto entities = by_id(j["entities"]);
  for (auto& f : j["findings"]) {
    std::string sev = str(f["severity"]), check = str(f["check"]), text = evidence_text(f);
    if (sev == "info") continue;
    INFO(sev << " " << check << ": " << str(f["message"]) << " | " << text);
    bool planted = (check == "affiliation-conflict" &&
                    str(entities[str(f["entity"])]["name"]).find("Zarif") != std::string::npos) ||
                   (check == "quote-altered" && text.find("when we were not sure") != std::string::npos) ||
                   (check == "quote-altered" && text.find("the whole world") != std::string::npos) ||
                   (check == "speaker-conflict" && text.find("new chapter of hope") != std::string::npos) ||
                   (check == "unbalanced-quote" && evidence_docs(f) == std::set<std::string>{"04-harbour-tribune"});
    CHECK(planted);
  }
}

TEST_CASE("e2e: a missing path exits 2", "[e2e]") {
  auto r = run_quotecheck({"check", "data/no-such-folder"});
  CHECK(r.exit_code == 2);
  // Named in the text report (standard output) or on standard error.
  CHECK_THAT(r.out + r.err, Catch::Contains("data/no-such-folder: error: no such file or folder"));
  auto j = run_quotecheck({"check", "--format", "json", "data/no-such-folder"});
  CHECK(j.exit_code == 2);
  CHECK_THAT(j.err, Catch::Contains("data/no-such-folder: error: no such file or folder"));
  auto e = run_quotecheck({"extract", "data/no-such-file.txt"});
  CHECK(e.exit_code == 2);
}

TEST_CASE("e2e: a usage error exits 2", "[e2e]") {
  auto r = run_quotecheck({"check", "--format", "xml", "data/story"});
  CHECK(r.exit_code == 2);
  CHECK(r.out.empty());
  CHECK_THAT(r.err, Catch::StartsWith("quotecheck: error: "));
}

TEST_CASE("e2e: --help and rules check exit 0", "[e2e]") {
  CHECK(run_quotecheck({"--help"}).exit_code == 0);
  auto r = run_quotecheck({"rules", "check"});
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::EndsWith(": ok\n"));
}

TEST_CASE("e2e: output is byte-identical across runs, job counts and input order", "[e2e][determinism]") {
  std::vector<std::string> base = {"check", "--format", "json"};
  // Outputs by command line, kept across the sections' reruns of this test case.
  static std::map<std::vector<std::string>, std::string> outputs;
  auto with = [&](std::vector<std::string> extra, const std::vector<std::string>& paths) {
    std::vector<std::string> args = base;
    args.insert(args.end(), extra.begin(), extra.end());
    args.insert(args.end(), paths.begin(), paths.end());
    if (auto it = outputs.find(args); it != outputs.end()) return it->second;
    auto r = run_quotecheck(args);
    REQUIRE(r.exit_code < 2);
    return outputs[args] = r.out;
  };
  std::vector<std::string> reversed(k_story_files.rbegin(), k_story_files.rend());
  const std::string first = with({}, k_story_files);
  REQUIRE_FALSE(first.empty());
  SECTION("two runs") { CHECK(with({}, k_story_files) == first); }
  SECTION("--jobs 1 vs --jobs 2") { CHECK(with({"--jobs", "1"}, k_story_files) == with({"--jobs", "2"}, k_story_files)); }
  SECTION("--jobs 1 vs the default") { CHECK(with({"--jobs", "1"}, k_story_files) == first); }
  SECTION("files named in reversed order") { CHECK(with({}, reversed) == first); }
  SECTION("text report, reversed order and jobs") {
    auto a = run_quotecheck({"check", "--color", "never", "--jobs", "1", k_story_files[0], k_story_files[1],
                             k_story_files[2], k_story_files[3], k_story_files[4]});
    auto b = run_quotecheck({"check", "--color", "never", "--jobs", "2", reversed[0], reversed[1], reversed[2],
                             reversed[3], reversed[4]});
    CHECK(a.out == b.out);
  }
}

TEST_CASE("e2e determinism: extract streams in source order, the same for any --jobs", "[e2e]") {
  for (std::string format : {"jsonl", "shard"}) {
    INFO(format);
    auto a = run_quotecheck({"extract", "--format", format, "--jobs", "1", "data/story", "data/archive.jsonl"});
    auto b = run_quotecheck({"extract", "--format", format, "--jobs", "2", "data/archive.jsonl", "data/story"});
    REQUIRE(a.exit_code < 2);
    CHECK_FALSE(a.out.empty());
    CHECK(a.out == b.out);
  }
}

// ---- The archive ---------------------------------------------------------------------------

TEST_CASE("e2e archive: extract --format jsonl gives one JSON object a line", "[e2e][archive]") {
  auto r = run_quotecheck({"extract", "--format", "jsonl", "data/archive.jsonl"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  REQUIRE_FALSE(r.out.empty());
  CHECK(r.out.back() == '\n');
  std::set<std::string> docs;
  std::set<std::string> ids;
  std::size_t lines = 0, start = 0;
  while (start < r.out.size()) {
    auto end = r.out.find('\n', start);
    std::string line = r.out.substr(start, end - start);
    start = end + 1;
    ++lines;
    INFO("line " << lines << ": " << line);
    json q;
    REQUIRE_NOTHROW(q = json::parse(line));
    REQUIRE(q.is_object());
    for (const char* key : {"id", "doc", "start", "end", "line", "column", "kind", "text", "speaker", "statement"}) {
      INFO(key);
      CHECK(q.contains(key));
    }
    docs.insert(str(q["doc"]));
    ids.insert(str(q["id"]));
    CHECK(q["end"].get<std::size_t>() > q["start"].get<std::size_t>());
    // A record's line is its line in the archive.
    CHECK(q["line"].get<int>() >= 1);
    CHECK(q["line"].get<int>() <= 3);
  }
  CHECK(ids.size() == lines);  // quote ids are unique
  CHECK(docs == std::set<std::string>{"arch-0001", "arch-0002", "arch-0003"});
}

// ---- The seed articles (../shared/seeds, DESIGN.md "The seed story") -----------------------

namespace {

const std::string k_seeds = std::string(QC_SOURCE_DIR) + "/../shared/seeds";

bool have_seeds() { return qc_test::fs::is_directory(k_seeds); }

// The seeds' JSON report, computed once per test process.
const json& seeds_report() {
  static const json j = [] {
    auto r = run_quotecheck({"check", "--format", "json", "../shared/seeds"});
    if (r.exit_code >= 2) throw std::runtime_error("quotecheck failed on the seeds: " + r.err);
    return json::parse(r.out);
  }();
  return j;
}

#define REQUIRE_SEEDS()                                                     \
  do {                                                                      \
    if (!have_seeds()) {                                                    \
      WARN("skipped: no seed articles at " << k_seeds);                     \
      return;                                                               \
    }                                                                       \
  } while (false)

// The prefixes (000 ... 004) of the documents of `qs`.
std::set<std::string> seed_docs(const std::vector<json>& qs) {
  std::set<std::string> out;
  for (auto& q : qs) out.insert(str(q["doc"]).substr(0, 3));
  return out;
}

std::set<std::string> statements_of(const std::vector<json>& qs) {
  std::set<std::string> out;
  for (auto& q : qs) out.insert(str(q["statement"]));
  return out;
}

// Returns true iff `have` holds every element of `want`.
bool holds(const std::set<std::string>& have, const std::set<std::string>& want) {
  return std::includes(have.begin(), have.end(), want.begin(), want.end());
}

// Checks that the quotes holding `words` are in (at least) the seeds `docs` and form one statement.
void check_one_statement(const std::string& words, const std::set<std::string>& docs) {
  const json& j = seeds_report();
  auto qs = quotes_with(j, words);
  INFO("quotes with \"" << words << "\":" << quote_listing(qs));
  CHECK(holds(seed_docs(qs), docs));
  CHECK(statements_of(qs).size() == 1);
}

}  // namespace

TEST_CASE("seeds: affiliation-conflict on Manouchehr Mottaki (Iraq's in 001 and 003 vs Iranian in 003)",
          "[e2e][seeds]") {
  REQUIRE_SEEDS();
  const json& j = seeds_report();
  INFO(listing(j));
  auto entities = by_id(j["entities"]);
  bool found = false;
  for (auto& f : findings(j, "affiliation-conflict")) {
    std::string who = str(entities[str(f["entity"])]["name"]) + " " + str(f["message"]);
    if (who.find("Mottaki") == std::string::npos) continue;
    found = true;
    CHECK(f["severity"] == "error");
    auto docs = evidence_docs(f);
    CHECK(any_doc_starts(docs, "001_"));
    CHECK(any_doc_starts(docs, "003_"));
    std::string text = evidence_text(f);
    CHECK_THAT(text, Catch::Contains("iraq's"));
    CHECK_THAT(text, Catch::Contains("iranian"));
  }
  CHECK(found);
}

TEST_CASE("seeds: Crocker's 'This is about actions, not just principles' is one statement in 000, 002, 004",
          "[e2e][seeds]") {
  REQUIRE_SEEDS();
  const std::string words = "This is about actions not just principles";
  check_one_statement(words, {"000", "002", "004"});
  for (auto& q : quotes_with(seeds_report(), words)) {
    INFO(quote_listing({q}));
    REQUIRE_FALSE(q["speaker"].is_null());
    CHECK_THAT(str(q["speaker"]["name"]), Catch::Contains("Crocker"));
  }
}

TEST_CASE("seeds: al-Dabagh's 'There are good intentions and understanding' is one statement in 000 and 002",
          "[e2e][seeds]") {
  REQUIRE_SEEDS();
  check_one_statement("There are good intentions and understanding", {"000", "002"});
}

// Each quote holding `words` in the seeds has a speaker whose name holds `name`, in every doc of `docs`.
void check_speaker_everywhere(const std::string& words, const std::string& name, const std::set<std::string>& docs) {
  auto qs = quotes_with(seeds_report(), words);
  INFO(quote_listing(qs));
  CHECK(holds(seed_docs(qs), docs));
  for (auto& q : qs) {
    REQUIRE_FALSE(q["speaker"].is_null());
    CHECK_THAT(str(q["speaker"]["name"]), Catch::Contains(name));
  }
}

TEST_CASE("seeds: al-Dabagh is the speaker of 'There are good intentions' in 000 and 002 (a particle opens the name)",
          "[e2e][seeds]") {
  REQUIRE_SEEDS();
  check_speaker_everywhere("There are good intentions and understanding", "al-Dabagh", {"000", "002"});
}

TEST_CASE("seeds: Mottaki is the speaker of 'We are hopeful that Washington's realistic' in 000, 001 and 003",
          "[e2e][seeds]") {
  REQUIRE_SEEDS();
  check_speaker_everywhere("We are hopeful that Washington's realistic", "Mottaki", {"000", "001", "003"});
}

TEST_CASE("seeds: Kazemi's 'Some problems have been raised and studied' in 001 and 003 is one person",
          "[e2e][seeds]") {
  REQUIRE_SEEDS();
  const std::string words = "Some problems have been raised and studied";
  auto qs = quotes_with(seeds_report(), words);
  INFO(quote_listing(qs));
  CHECK(holds(seed_docs(qs), {"001", "003"}));
  std::set<std::string> entities;
  for (auto& q : qs) {
    REQUIRE_FALSE(q["speaker"].is_null());
    CHECK_THAT(str(q["speaker"]["name"]), Catch::Contains("Kazemi"));
    entities.insert(str(q["speaker"]["entity"]));
  }
  CHECK(entities.size() == 1);
  CHECK_FALSE(entities.count(""));
}

TEST_CASE("seeds: Crocker's 'The focus of our discussions were Iraq and Iraq only' is one statement in 000 and 003",
          "[e2e][seeds]") {
  REQUIRE_SEEDS();
  check_one_statement("The focus of our discussions were Iraq and Iraq only", {"000", "003"});
}

TEST_CASE("seeds: Mottaki's 'We are hopeful that Washington's realistic ...' is one statement, quote-altered",
          "[e2e][seeds]") {
  REQUIRE_SEEDS();
  const json& j = seeds_report();
  auto qs = quotes_with(j, "We are hopeful that Washington's realistic");
  INFO(quote_listing(qs) << listing(j));
  CHECK(holds(seed_docs(qs), {"001", "003"}));
  auto stmts = statements_of(qs);
  REQUIRE(stmts.size() == 1);
  bool altered = false;
  for (auto& f : findings(j, "quote-altered"))
    if (str(f["statement"]) == *stmts.begin()) altered = true;
  CHECK(altered);
}

TEST_CASE("seeds: unbalanced-quote in 002", "[e2e][seeds]") {
  REQUIRE_SEEDS();
  const json& j = seeds_report();
  INFO(listing(j));
  bool found = false;
  for (auto& f : findings(j, "unbalanced-quote"))
    if (any_doc_starts(evidence_docs(f), "002_")) found = true;
  CHECK(found);
}

TEST_CASE("seeds: every error-severity finding is about Mottaki", "[e2e][seeds]") {
  REQUIRE_SEEDS();
  const json& j = seeds_report();
  auto entities = by_id(j["entities"]);
  auto statements = by_id(j["statements"]);
  for (auto& f : j["findings"]) {
    if (f["severity"] != "error") continue;
    std::string about = str(f["message"]) + " | " + str(entities[str(f["entity"])]["name"]) + " | ";
    if (!f["statement"].is_null())
      about += str(entities[str(statements[str(f["statement"])]["speaker"])]["name"]) + " | ";
    for (auto& e : f["evidence"]) about += str(e["text"]) + " | ";
    INFO(str(f["check"]) << ": " << about);
    CHECK_THAT(about, Catch::Contains("Mottaki"));
  }
}

// ---- The command line as a user meets it (issue 13) -----------------------------------------

TEST_CASE("e2e cli: an option does not swallow the path after it", "[e2e][cli]") {
  for (std::vector<std::string> args : {std::vector<std::string>{"check", "--rules", "data/my-rules", "data/story"},
                                        {"check", "--rules=data/my-rules", "data/story"},
                                        {"check", "--rules", "rules", "--rules", "data/my-rules", "data/story"},
                                        {"check", "--ignore", "*/drafts/*", "data/story"}}) {
    INFO(args[1] << " " << args[2]);
    auto r = run_quotecheck(args);
    INFO(r.err);
    CHECK(r.exit_code == 1);  // the story's planted errors
    CHECK_THAT(r.out, Catch::EndsWith("5 documents, 34 quotes, 18 statements: 3 errors, 2 warnings, 2 info\n"));
  }
}

TEST_CASE("e2e cli: --rules DIR adds to the shipped pack, --no-default-rules leaves it out, with a warning", "[e2e][cli]") {
  auto plain = run_quotecheck({"check", "--format", "json", "data/story"});
  auto added = run_quotecheck({"check", "--format", "json", "--rules", "data/my-rules", "data/story"});
  INFO(added.err);
  CHECK(added.exit_code == 1);
  CHECK_THAT(added.err, !Catch::Contains("rule pack"));
  CHECK(added.out == plain.out);  // three more speech verbs, none of them in the story
  auto only = run_quotecheck({"check", "--format", "json", "--no-default-rules", "--rules", "data/my-rules", "data/story"});
  CHECK(only.exit_code == 0);
  CHECK_THAT(only.err, Catch::Contains("warning: the rule pack (data/my-rules) has no attribution rules: no quote will get a speaker"));
}

TEST_CASE("e2e cli: rules check on a pack that extends the shipped one", "[e2e][cli]") {
  qc_test::TempDir tmp;
  tmp.write("house/attribution.yaml",
            "schema: 1\n"
            "attribution:\n"
            "- id: house.intoned\n"
            "  tokens: '^ \",\"* (?P<speaker>{name}) \"intoned\"'\n"
            "  examples:\n"
            "  - text: '\"We will go on,\" Jane Smith intoned.'\n"
            "    speaker: Jane Smith\n"
            "  - {text: '\"We will go on,\" she said.', negative: true}\n");
  tmp.write("house/verbs.yaml", "schema: 1\nspeech_verbs:\n- {lemma: intone, forms: [intone, intones, intoned]}\n");
  SECTION("the shipped pack's token macros are at hand") {
    auto r = run_quotecheck({"rules", "check", tmp.str() + "/house"});
    INFO(r.out << r.err);
    CHECK_THAT(r.err, !Catch::Contains("no macro") && !Catch::Contains("YAML"));
    CHECK_THAT(r.out, Catch::StartsWith("24 attribution rules,") || Catch::Contains("attribution rules,"));
  }
  SECTION("alone, it is checked alone") {
    auto r = run_quotecheck({"rules", "check", "--no-default-rules", tmp.str() + "/house"});
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("invalid token pattern: no macro 'name' [house.intoned]"));
  }
}

TEST_CASE("e2e cli: rules check reports every problem of a file in one run", "[e2e][cli]") {
  qc_test::TempDir tmp;
  std::string file = tmp.write("bad/attribution.yaml",
                               "schema: 1\n"
                               "attribution:\n"
                               "- id: bad.one\n"
                               "  scope: sideways\n"            // 4: a bad scope ...
                               "  colour: blue\n"               // 5: ... in a rule with an unknown key
                               "  tokens: '(?P<speaker>\"x\")'\n"
                               "- id: bad.one\n"                // 7: a duplicate id
                               "  tokens: '(?P<speaker>\"y\")'\n"
                               "  direct: perhaps\n"            // 9: not a boolean
                               "- id: bad.old\n"
                               "  pattern: '(?P<speaker>z)'\n"); // 11: a character pattern
  auto r = run_quotecheck({"rules", "check", "--no-default-rules", tmp.str() + "/bad"});
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains(file + ":4:10: error: unknown scope 'sideways'"));
  CHECK_THAT(r.err, Catch::Contains(file + ":5:3: error: unknown key 'colour'"));
  CHECK_THAT(r.err, Catch::Contains(file + ":7:7: error: duplicate rule id 'bad.one'"));
  CHECK_THAT(r.err, Catch::Contains(file + ":9:11: error: expected true or false"));
  CHECK_THAT(r.err, Catch::Contains(file + ":11:3: error: character patterns are gone: write the rule as a token pattern "
                                           "('tokens:', see rules/README.md) [bad.old]"));
}

TEST_CASE("e2e cli: a failed rule example is named by place, rule and words", "[e2e][cli]") {
  qc_test::TempDir tmp;
  std::string file = tmp.write("ex/attribution.yaml",
                               "schema: 1\n"
                               "attribution:\n"
                               "- id: ex.never\n"
                               "  tokens: '(?P<speaker>\"Zzyzx\" \"Qqq\") \"said\"'\n"
                               "  examples:\n"
                               "  - text: '\"We will go on,\" Jane Smith said.'\n"
                               "    speaker: Jane Smith\n"
                               "  - {text: '\"We will go on,\" she said.', negative: true}\n");
  auto r = run_quotecheck({"rules", "check", tmp.str() + "/ex"});
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains(file + ":6:5: error: positive example not attributed by this rule"));
  CHECK_THAT(r.err, Catch::Contains("(example \"\"We will go on,\" Jane Smith said.\") [ex.never]"));
  CHECK_THAT(r.out, Catch::Contains(": 1 example failed (ex.never; each is listed above as file:line)\n"));
}

TEST_CASE("e2e cli: no document read is an error unless --allow-empty", "[e2e][cli]") {
  qc_test::TempDir tmp;
  tmp.write("empty/notes.md", "not an article\n");
  for (std::string command : {"check", "extract"}) {
    INFO(command);
    auto r = run_quotecheck({command, tmp.str() + "/empty"});
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("quotecheck: error: no document read from " + tmp.str() + "/empty"));
    auto ok = run_quotecheck({command, "--allow-empty", tmp.str() + "/empty"});
    CHECK(ok.exit_code == 0);
    CHECK(ok.err.empty());
  }
  auto blank = run_quotecheck({"check", "--format", "sarif", tmp.write("blank.jsonl", "\n\n")});
  CHECK(blank.exit_code == 2);
}

TEST_CASE("e2e cli: JSONL columns are raw bytes of the archive's line", "[e2e][cli]") {
  qc_test::TempDir tmp;
  std::string line =
      R"({"id": "r1", "outlet": "Caf\u00e9 Times", "text": "Envoys meet\n\nL\u00e9a \"Zo\u00eb\" Dupont \u2014 )"
      R"(an envoy \u2014 arrived. \"This is about actions, not just principles,\" Crocker said."})";
  auto path = tmp.write("a.jsonl", line + "\n");
  auto r = run_quotecheck({"extract", path});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  std::map<std::string, json> quotes;  // by their first word
  std::istringstream lines(r.out);
  for (std::string l; std::getline(lines, l);) {
    auto q = json::parse(l);
    quotes[str(q["text"]).substr(0, str(q["text"]).find(' '))] = q;
  }
  REQUIRE(quotes.count("This"));
  REQUIRE(quotes.count("Zo\xC3\xAB"));
  CHECK(quotes["This"]["line"] == 1);
  // The column of the opening mark: the backslash of the \" before the quote's first word.
  CHECK(quotes["This"]["column"] == static_cast<int>(line.find("\\\"This")) + 1);
  CHECK(quotes["Zo\xC3\xAB"]["column"] == static_cast<int>(line.find("\\\"Zo")) + 1);
  auto l = run_quotecheck({"check", "--format", "line", "--fail-on", "none", path, "data/archive.jsonl"});
  CHECK(l.exit_code == 0);
}

TEST_CASE("e2e cli: SARIF names the tool's version", "[e2e][cli][sarif]") {
  auto r = run_quotecheck({"check", "--format", "sarif", "data/story"});
  auto j = json::parse(r.out);
  auto& driver = j["runs"][0]["tool"]["driver"];
  auto version = run_quotecheck({"--version"}).out;
  CHECK(version == "quotecheck " + driver["version"].get<std::string>() + "\n");
  CHECK(driver["semanticVersion"] == driver["version"]);
  CHECK_FALSE(driver.contains("informationUri"));
  CHECK(r.out.find("example.org") == std::string::npos);
}

TEST_CASE("e2e cli: summaries count in the singular and the plural", "[e2e][cli]") {
  qc_test::TempDir tmp;
  auto a = tmp.write("a.txt", "Envoys meet\n\n\"We will talk again,\" Smith said. \"And again,\" Smith said.\n");
  auto r = run_quotecheck({"check", "--color", "never", a});
  CHECK_THAT(r.out, Catch::EndsWith("1 document, 2 quotes, 1 statement: 0 errors, 0 warnings, 0 info\n") ||
                        Catch::EndsWith("1 document, 2 quotes, 2 statements: 0 errors, 0 warnings, 0 info\n"));
  auto b = tmp.write("b.txt", "Envoys meet\n\nThe talks \"went well, Smith said.\n");
  auto u = run_quotecheck({"check", "--color", "never", b});
  CHECK_THAT(u.out, Catch::Contains(": 0 errors, 1 warning,"));
  CHECK_THAT(u.out + u.err, !Catch::Contains("1 warnings") && !Catch::Contains("1 errors") && !Catch::Contains("1 quotes)"));
}

namespace {

// check --format json of a copy of the seeds where `file_prefix`'s document has `from` replaced
// by `to` (once; the edit must apply).
json edited_seeds_report(const std::string& file_prefix, const std::string& from, const std::string& to) {
  qc_test::TempDir tmp;
  auto dir = tmp.path() / "seeds";
  qc_test::fs::copy(k_seeds, dir, qc_test::fs::copy_options::recursive);
  bool edited = false;
  for (auto& e : qc_test::fs::directory_iterator(dir)) {
    if (!e.path().filename().string().starts_with(file_prefix)) continue;
    std::string text = qc_test::read_file(e.path());
    auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
    std::ofstream(e.path(), std::ios::binary) << text;
    edited = true;
  }
  REQUIRE(edited);
  auto r = run_quotecheck({"check", "--format", "json", dir.string()});
  REQUIRE(r.exit_code < 2);
  return json::parse(r.out);
}

}  // namespace

TEST_CASE("seeds edited: an affiliation changed in a sentence that attributes no quote is an affiliation-conflict",
          "[e2e][seeds]") {
  REQUIRE_SEEDS();
  // 000: "Crocker said Iranian Ambassador Hassan Kazemi Qomi did not raise ..." (no quotation):
  // the other copies call him Iran's ambassador.
  json j = edited_seeds_report("000_", "said Iranian Ambassador Hassan Kazemi Qomi", "said Iraqi Ambassador Hassan Kazemi Qomi");
  auto entities = by_id(j["entities"]);
  bool found = false;
  for (auto& f : findings(j, "affiliation-conflict")) {
    if (str(entities[str(f["entity"])]["name"]).find("Kazemi") == std::string::npos) continue;
    found = true;
    CHECK(any_doc_starts(evidence_docs(f), "000_"));
  }
  CHECK(found);
  // The unedited seeds have no such finding.
  auto plain = by_id(seeds_report()["entities"]);
  for (auto& f : findings(seeds_report(), "affiliation-conflict"))
    CHECK(str(plain[str(f["entity"])]["name"]).find("Kazemi") == std::string::npos);
}

TEST_CASE("seeds edited: a speaker changed in one copy is a speaker-conflict on that statement", "[e2e][seeds]") {
  REQUIRE_SEEDS();
  json j = edited_seeds_report("000_", "Iraq and Iraq only,\" Crocker said.", "Iraq and Iraq only,\" Kazemi said.");
  bool found = false;
  for (auto& f : findings(j, "speaker-conflict")) {
    std::string text = evidence_text(f);
    if (text.find("iraq and iraq only") == std::string::npos) continue;
    found = true;
    auto docs = evidence_docs(f);
    CHECK(any_doc_starts(docs, "000_"));
    CHECK(any_doc_starts(docs, "003_"));
    CHECK_THAT(str(f["message"]), Catch::Contains("Crocker") && Catch::Contains("Kazemi"));
  }
  CHECK(found);
}
