// quotecheck - baselines of known findings.
#include "quotecheck/baseline.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "quotecheck/text.hpp"

namespace quotecheck {

using Json = nlohmann::ordered_json;

std::string baseline_json(const std::vector<Finding>& findings) {
  std::map<std::string, const Finding*> by_id;
  for (auto& f : findings) by_id.emplace(f.id, &f);
  Json list = Json::array();
  for (auto& [id, f] : by_id) list.push_back({{"id", id}, {"check", f->check}, {"message", to_valid_utf8(f->message)}});
  Json root;
  root["format"] = 1;
  root["findings"] = list;
  return root.dump(1, ' ', false, nlohmann::detail::error_handler_t::replace) + "\n";
}

std::expected<std::set<std::string>, Diagnostic> parse_baseline(std::string_view text, const std::string& path) {
  Json root;
  try {
    root = Json::parse(text);
  } catch (const Json::parse_error& e) {
    // Find the line and column of the byte the parser stopped at.
    std::size_t at = std::min<std::size_t>(e.byte > 0 ? e.byte - 1 : 0, text.size());
    LineIndex lines(text);
    auto pos = lines.position(at);
    return std::unexpected(Diagnostic{path, pos.line, pos.column, Severity::error, "baseline is not valid JSON", ""});
  } catch (const Json::exception&) {
    // Valid syntax the parser still refuses: a number out of range (1e999).
    return std::unexpected(Diagnostic{path, 0, 0, Severity::error, "baseline is not valid JSON (a number out of range)", ""});
  }
  auto bad = [&](const std::string& why) {
    return std::unexpected(Diagnostic{path, 0, 0, Severity::error, fmt::format("not a quotecheck baseline: {}", why), ""});
  };
  if (!root.is_object()) return bad("expected an object");
  if (!root.contains("format") || root["format"] != 1) return bad("\"format\" must be 1");
  if (!root.contains("findings") || !root["findings"].is_array()) return bad("\"findings\" must be a list");
  std::set<std::string> ids;
  for (auto& f : root["findings"]) {
    if (!f.is_object() || !f.contains("id") || !f["id"].is_string()) return bad("every finding needs a string \"id\"");
    ids.insert(f["id"].get<std::string>());
  }
  return ids;
}

std::size_t apply_baseline(Analysis& analysis, const std::set<std::string>& known) {
  return std::erase_if(analysis.findings, [&](const Finding& f) { return known.count(f.id) > 0; });
}

}  // namespace quotecheck
