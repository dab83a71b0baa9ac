// quotecheck - version diffs as text and JSON.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "quotecheck/report.hpp"
#include "quotecheck/text.hpp"
#include "plural.hpp"

namespace quotecheck {

namespace {

using Json = nlohmann::ordered_json;

std::string one_line(std::string_view s) {
  std::string out = squeeze_space(to_valid_utf8(s));
  for (char& c : out)
    if (c == '\n' || c == '\r') c = ' ';
  return out;
}

std::string edits_text(const std::vector<TextEdit>& edits) {
  std::string out;
  for (auto& e : edits) {
    if (!out.empty()) out += ' ';
    switch (e.op) {
      case TextEdit::Op::same: out += e.text; break;
      case TextEdit::Op::removed: out += "[-" + e.text + "-]"; break;
      case TextEdit::Op::added: out += "{+" + e.text + "+}"; break;
    }
  }
  return printable(one_line(out));
}

Json pos_json(const Position& p) {
  if (p.line == 0) return nullptr;
  return {{"line", p.line}, {"column", p.column}};
}

}  // namespace

std::string diff_text_report(const Version& old_version, const Version& new_version, const VersionDiff& diff) {
  std::string out;
  std::size_t counts[3] = {0, 0, 0};
  for (auto& c : diff.changes) {
    ++counts[static_cast<int>(c.severity)];
    Diagnostic d;
    bool in_new = c.new_pos.line > 0;
    d.path = in_new ? new_version.label : old_version.label;
    d.line = in_new ? c.new_pos.line : c.old_pos.line;
    d.column = in_new ? c.new_pos.column : c.old_pos.column;
    d.severity = c.severity;
    d.message = one_line(c.message);
    d.id = c.kind;
    out += d.str() + "\n";
    if (c.kind == "quote-altered") out += "    " + edits_text(c.edits) + "\n";
  }
  out += fmt::format("{} -> {}: {} ({}, {}, {} info), {} unchanged\n", printable(old_version.label), printable(new_version.label),
                     detail::count_of(diff.changes.size(), "change", "changes"), detail::count_of(counts[2], "error", "errors"),
                     detail::count_of(counts[1], "warning", "warnings"), counts[0],
                     detail::count_of(diff.unchanged, "quote", "quotes"));
  return out;
}

std::string diff_json_report(const Version& old_version, const Version& new_version, const VersionDiff& diff) {
  Json root;
  root["format"] = 1;
  auto version_json = [](const Version& v) {
    Json j;
    j["label"] = to_valid_utf8(v.label);
    j["doc"] = v.doc ? Json(v.doc->id) : Json(nullptr);
    j["quotes"] = v.doc ? v.doc->quotes.size() : 0;
    return j;
  };
  root["old"] = version_json(old_version);
  root["new"] = version_json(new_version);
  Json changes = Json::array();
  std::size_t counts[3] = {0, 0, 0};
  for (auto& c : diff.changes) {
    ++counts[static_cast<int>(c.severity)];
    Json j;
    j["kind"] = c.kind;
    j["severity"] = severity_name(c.severity);
    j["message"] = to_valid_utf8(c.message);
    j["old"] = c.old_pos.line ? Json{{"text", to_valid_utf8(c.old_text)}, {"position", pos_json(c.old_pos)}} : Json(nullptr);
    j["new"] = c.new_pos.line ? Json{{"text", to_valid_utf8(c.new_text)}, {"position", pos_json(c.new_pos)}} : Json(nullptr);
    if (c.old_quote && old_version.doc && j["old"].is_object()) j["old"]["quote"] = old_version.doc->quotes[*c.old_quote].id;
    if (c.new_quote && new_version.doc && j["new"].is_object()) j["new"]["quote"] = new_version.doc->quotes[*c.new_quote].id;
    if (!c.edits.empty()) {
      Json edits = Json::array();
      for (auto& e : c.edits) {
        const char* op = e.op == TextEdit::Op::same ? "same" : e.op == TextEdit::Op::removed ? "removed" : "added";
        edits.push_back({{"op", op}, {"text", e.text}});
      }
      j["edits"] = edits;
    }
    changes.push_back(std::move(j));
  }
  root["changes"] = changes;
  root["summary"] = {{"changes", diff.changes.size()}, {"unchanged", diff.unchanged}, {"errors", counts[2]},
                     {"warnings", counts[1]},          {"info", counts[0]}};
  return root.dump(1, ' ', false, nlohmann::detail::error_handler_t::replace) + "\n";
}

}  // namespace quotecheck
