// quotecheck - a Markdown report to paste into a ticket.
#include <map>

#include <fmt/format.h>

#include "quotecheck/report.hpp"
#include "quotecheck/text.hpp"
#include "plural.hpp"

namespace quotecheck {

std::string markdown_escape(std::string_view text) {
  std::string valid = to_valid_utf8(text);
  std::string out;
  out.reserve(valid.size() + valid.size() / 8);
  for (char c : valid) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '\n':
      case '\r': out += ' '; break;
      case '\\': case '`': case '*': case '_': case '[': case ']': case '|': case '~':
        out += '\\';
        out += c;
        break;
      default: out += c;
    }
  }
  return out;
}

namespace {

std::string md(std::string_view s) { return markdown_escape(s); }

std::string clip(const std::string& s, std::size_t n) {
  std::string v = squeeze_space(to_valid_utf8(s));
  if (v.size() <= n) return v;
  std::size_t cut = n;
  while (cut > 0 && (static_cast<unsigned char>(v[cut]) & 0xC0) == 0x80) --cut;
  return v.substr(0, cut) + "...";
}

std::string edits_markdown(const std::vector<TextEdit>& edits) {
  std::string out;
  for (auto& e : edits) {
    if (!out.empty()) out += ' ';
    switch (e.op) {
      case TextEdit::Op::same: out += md(e.text); break;
      case TextEdit::Op::removed: out += "~~" + md(e.text) + "~~"; break;
      case TextEdit::Op::added: out += "**" + md(e.text) + "**"; break;
    }
  }
  return out;
}

}  // namespace

std::string markdown_report(const Run& run) {
  const Analysis& a = run.analysis;
  auto c = count_findings(a);
  std::size_t nquotes = 0;
  for (auto& d : a.docs) nquotes += d.quotes.size();
  std::string out = "# quotecheck report\n\n";
  out += fmt::format("{}, {}, {}: **{}**, {}, {} info\n\n", detail::count_of(a.docs.size(), "document", "documents"),
                     detail::count_of(nquotes, "quote", "quotes"), detail::count_of(a.statements.size(), "statement", "statements"),
                     detail::count_of(c.errors, "error", "errors"), detail::count_of(c.warnings, "warning", "warnings"), c.info);
  out += "## Findings\n\n";
  if (a.findings.empty()) {
    out += "No findings.\n\n";
  } else {
    out += "| Severity | Check | Message | Where |\n|---|---|---|---|\n";
    for (auto& f : a.findings) {
      std::string where;
      for (auto& e : f.evidence)
        where += fmt::format("{}{} {}:{}", where.empty() ? "" : "<br>", md(e.outlet.empty() ? e.doc : e.outlet), md(e.path), e.pos.line);
      out += fmt::format("| {} | `{}` | {} | {} |\n", severity_name(f.severity), f.check, md(shown_message(f)), where);
    }
    out += "\n";
  }
  // Statements with findings: every version, marked against the longest.
  std::map<std::string, std::vector<const Finding*>> by_statement;
  for (auto& f : a.findings)
    if (!f.statement.empty()) by_statement[f.statement].push_back(&f);
  std::vector<const Quote*> all;
  for (auto& d : a.docs)
    for (auto& q : d.quotes) all.push_back(&q);
  std::map<std::string, const Entity*> entity_by_id;
  for (auto& e : a.entities) entity_by_id[e.id] = &e;
  bool heading = false;
  for (auto& s : a.statements) {
    if (s.quotes.size() < 2 || !by_statement.count(s.id)) continue;
    if (!heading) out += "## Statements\n\n";
    heading = true;
    std::string who = !s.speaker.empty() && entity_by_id.count(s.speaker) ? entity_by_id[s.speaker]->name : "unknown speaker";
    out += fmt::format("### {}: {}\n\n", s.id, md(who));
    std::size_t ref = s.quotes.front(), ref_words = 0;
    for (auto qi : s.quotes)
      if (auto n = words(all[qi]->span.text).size(); n > ref_words) {
        ref_words = n;
        ref = qi;
      }
    out += "| Outlet | Speaker | Where | Quote (~~left out~~, **added**) |\n|---|---|---|---|\n";
    for (auto qi : s.quotes) {
      const Quote& q = *all[qi];
      const auto& d = a.docs[q.doc];
      std::string outlet = q.segment < d.segments.size() && !d.segments[q.segment].outlet.empty() ? d.segments[q.segment].outlet
                           : d.outlet.empty() ? d.id : d.outlet;
      std::string speaker = q.speaker ? (q.speaker->name.empty() ? q.speaker->mention : q.speaker->name) : "none found";
      if (q.speaker && q.speaker->mention_index >= 0)
        for (auto& desc : d.mentions[static_cast<std::size_t>(q.speaker->mention_index)].descriptors)
          speaker += ", " + desc.text;
      std::string text = qi == ref ? md(clip(q.span.text, 2000)) : edits_markdown(diff_text(all[ref]->span.text, q.span.text));
      out += fmt::format("| {} | {} | {}:{}:{} | {} |\n", md(outlet), md(speaker), md(d.path), q.pos.line, q.pos.column, text);
    }
    out += "\n";
  }
  if (!run.diagnostics.empty()) {
    out += "## Input problems\n\n";
    for (auto& d : run.diagnostics) out += "- " + md(d.str()) + "\n";
    out += "\n";
  }
  return out;
}

}  // namespace quotecheck
