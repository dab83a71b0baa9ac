// quotecheck - findings for CI: SARIF 2.1.0, compiler-style lines, GitHub workflow commands.
#include <cmath>
#include <map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "quotecheck/report.hpp"
#include "quotecheck/text.hpp"

namespace quotecheck {

namespace {

using Json = nlohmann::ordered_json;

const std::map<std::string, std::string>& check_descriptions() {
  static const std::map<std::string, std::string> d{
      {"affiliation-conflict", "One person, one role, incompatible affiliations"},
      {"role-holder-conflict", "A role one person holds at a time given to two people in one story"},
      {"speaker-conflict", "The same statement attributed to different people"},
      {"quote-altered", "Words substituted, added or dropped inside a quote"},
      {"quote-trimmed", "One outlet quotes a part of what another quotes in full"},
      {"name-variant", "One person spelled differently"},
      {"title-variant", "One role spelled differently"},
      {"unbalanced-quote", "A quotation mark opened and never closed, or closed and never opened"},
      {"unattributed-quote", "A direct quote with no speaker found"},
  };
  return d;
}

const char* sarif_level(Severity s) {
  switch (s) {
    case Severity::error: return "error";
    case Severity::warning: return "warning";
    case Severity::info: return "note";
  }
  return "warning";
}

// A relative path as a URI reference: unreserved bytes and '/' kept, the rest %-encoded.
std::string path_uri(const std::string& path) {
  std::string out;
  if (!path.empty() && path[0] == '/') out = "file://";
  for (unsigned char c : path) {
    bool keep = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
                c == '_' || c == '~' || c == '/';
    out += keep ? std::string(1, static_cast<char>(c)) : fmt::format("%{:02X}", c);
  }
  return out;
}

Json physical_location(const Evidence& e) {
  Json region;
  region["startLine"] = std::max(1, e.pos.line);
  region["startColumn"] = std::max(1, e.pos.column);
  Json snippet;
  snippet["text"] = to_valid_utf8(e.text);
  region["snippet"] = snippet;
  Json loc;
  loc["physicalLocation"] = {{"artifactLocation", {{"uri", path_uri(e.path)}}}, {"region", region}};
  return loc;
}

// GitHub workflow commands: data escapes %, CR and LF; properties also ':' and ','.
std::string gh_data(std::string_view s) {
  std::string out;
  for (char c : to_valid_utf8(s)) {
    if (c == '%') out += "%25";
    else if (c == '\r') out += "%0D";
    else if (c == '\n') out += "%0A";
    else out += c;
  }
  return out;
}
std::string gh_property(std::string_view s) {
  std::string out;
  for (char c : gh_data(s)) {
    if (c == ':') out += "%3A";
    else if (c == ',') out += "%2C";
    else out += c;
  }
  return out;
}

// Messages are one line: line breaks inside article text become spaces.
std::string one_line(std::string_view s) {
  std::string out = to_valid_utf8(s);
  for (char& c : out)
    if (c == '\n' || c == '\r') c = ' ';
  return out;
}

}  // namespace

std::string sarif_report(const Run& run, const RulePack& pack) {
  Json rules = Json::array();
  std::map<std::string, std::size_t> rule_index;
  for (auto& id : check_ids()) {
    auto config = pack.check(id);
    auto it = check_descriptions().find(id);
    Json r;
    r["id"] = id;
    r["name"] = id;
    r["shortDescription"] = {{"text", it != check_descriptions().end() ? it->second : id}};
    r["defaultConfiguration"] = {{"enabled", config.enabled}, {"level", sarif_level(config.severity)}};
    rule_index[id] = rules.size();
    rules.push_back(std::move(r));
  }
  Json results = Json::array();
  for (auto& f : run.analysis.findings) {
    Json r;
    r["ruleId"] = f.check;
    if (auto it = rule_index.find(f.check); it != rule_index.end()) r["ruleIndex"] = it->second;
    r["level"] = sarif_level(f.severity);
    r["message"] = {{"text", to_valid_utf8(shown_message(f))}};
    Json locs = Json::array(), related = Json::array();
    for (std::size_t i = 0; i < f.evidence.size(); ++i) {
      const Evidence& e = f.evidence[i];
      Json loc = physical_location(e);
      if (i == 0) {
        locs.push_back(std::move(loc));
      } else {
        loc["id"] = static_cast<int>(i);
        std::string where = e.outlet.empty() ? e.doc : e.outlet;
        loc["message"] = {{"text", to_valid_utf8(fmt::format("{}: \"{}\"", where, squeeze_space(e.text)))}};
        related.push_back(std::move(loc));
      }
    }
    r["locations"] = locs;
    if (!related.empty()) r["relatedLocations"] = related;
    r["partialFingerprints"] = {{"quotecheckFindingId/v1", f.id}};
    Json props;
    if (!f.entity.empty()) props["entity"] = f.entity;
    if (!f.statement.empty()) props["statement"] = f.statement;
    props["confidence"] = std::round(f.confidence * 100.0) / 100.0;
    r["properties"] = props;
    results.push_back(std::move(r));
  }
  Json driver;
  driver["name"] = "quotecheck";
  // The project has no public address to point informationUri at, so it is left out.
  driver["version"] = QUOTECHECK_VERSION;
  driver["semanticVersion"] = QUOTECHECK_VERSION;
  driver["rules"] = rules;
  Json sarif_run;
  sarif_run["tool"] = {{"driver", driver}};
  sarif_run["results"] = results;
  Json root;
  root["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json";
  root["version"] = "2.1.0";
  root["runs"] = Json::array({sarif_run});
  return root.dump(1, ' ', false, nlohmann::detail::error_handler_t::replace) + "\n";
}

std::string line_report(const Run& run) {
  std::string out;
  for (auto& f : run.analysis.findings) {
    Diagnostic d;
    if (!f.evidence.empty()) {
      d.path = f.evidence[0].path;
      d.line = f.evidence[0].pos.line;
      d.column = f.evidence[0].pos.column;
    }
    d.severity = f.severity;
    d.message = one_line(shown_message(f));
    d.id = f.check;
    out += d.str() + "\n";
  }
  return out;
}

std::string github_report(const Run& run) {
  std::string out;
  for (auto& f : run.analysis.findings) {
    const char* cmd = f.severity == Severity::error ? "error" : f.severity == Severity::warning ? "warning" : "notice";
    std::string props;
    if (!f.evidence.empty()) {
      const Evidence& e = f.evidence[0];
      props = fmt::format(" file={},line={},col={},", gh_property(e.path), std::max(1, e.pos.line), std::max(1, e.pos.column));
    } else {
      props = " ";
    }
    props += "title=" + gh_property(f.check);
    out += fmt::format("::{}{}::{} [{}]\n", cmd, props, gh_data(one_line(shown_message(f))), f.check);
  }
  return out;
}

}  // namespace quotecheck
