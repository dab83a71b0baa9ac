// quotecheck - the editor's report and the version diff as self-contained HTML pages.
#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "quotecheck/report.hpp"
#include "quotecheck/text.hpp"
#include "plural.hpp"

namespace quotecheck {

std::string html_escape(std::string_view text) {
  std::string valid = to_valid_utf8(text);
  std::string out;
  out.reserve(valid.size() + valid.size() / 8);
  for (char c : valid) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      case '\0': out += "&#xFFFD;"; break;
      default: out += c;
    }
  }
  return out;
}

namespace {

std::string esc(std::string_view s) { return html_escape(s); }

// No network: every style and script is inline, and the policy forbids fetching anything.
constexpr const char* k_head = R"(<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<style>
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0 auto;max-width:1200px;padding:1em 2em;color:#1d1d1f;background:#fff}
h1{font-size:1.6em;margin:.2em 0}h2{border-bottom:2px solid #ddd;padding-bottom:.2em;margin-top:1.6em}
h3{font-size:1.05em;margin:.2em 0}
.summary span{margin-right:1.2em}
.sev{display:inline-block;min-width:4.5em;text-align:center;border-radius:3px;padding:0 .4em;font-size:.85em;font-weight:600;color:#fff}
.sev-error{background:#c62828}.sev-warning{background:#b26a00}.sev-info{background:#1565c0}
.check{font-family:ui-monospace,monospace;font-size:.85em;color:#555}
.finding{margin:.5em 0;padding:.4em .6em;border-left:4px solid #ccc;background:#fafafa;list-style:none}
.finding.error{border-color:#c62828}.finding.warning{border-color:#b26a00}.finding.info{border-color:#1565c0}
ul.findings{padding-left:0}
.evidence{margin:.2em 0 0 1em;padding:0;font-size:.9em}.evidence li{list-style:none}
.loc{font-family:ui-monospace,monospace;font-size:.85em;color:#555}
.fid{font-family:ui-monospace,monospace;font-size:.75em;color:#888}
.statement{border:1px solid #ddd;border-radius:6px;padding:.6em;margin:1em 0}
.versions{display:grid;grid-template-columns:repeat(auto-fit,minmax(240px,1fr));gap:.6em}
.version{background:#fafafa;border:1px solid #eee;border-radius:4px;padding:.5em}
.version .outlet{font-weight:600}.version blockquote{margin:.4em 0;font-family:Georgia,serif}
.speaker{font-size:.9em}.descriptors{color:#555;font-style:italic}
ins{background:#d4f8d4;text-decoration:none}del{background:#fbd3d3;color:#7a1010}
mark.ref{background:none;font-size:.75em;color:#666;font-family:system-ui,sans-serif}
table{border-collapse:collapse;width:100%;font-size:.9em}th,td{border:1px solid #ddd;padding:.3em .5em;text-align:left;vertical-align:top}
th{background:#f3f3f3}
#filter{position:sticky;top:0;background:#fff;border-bottom:1px solid #ddd;padding:.4em 0;font-size:.9em;z-index:1}
#filter label{margin-right:.9em;white-space:nowrap}
[hidden]{display:none!important}
</style>
)";

constexpr const char* k_filter_script = R"(<script>
(function () {
  var boxes = document.querySelectorAll('#filter input[type=checkbox]');
  function update() {
    var on = {};
    boxes.forEach(function (b) { on[b.name + ':' + b.value] = b.checked; });
    document.querySelectorAll('[data-findings]').forEach(function (el) {
      var fs = el.getAttribute('data-findings').split(' ').filter(Boolean);
      if (!fs.length) return;
      el.hidden = !fs.some(function (f) {
        var p = f.split(':');
        return on['severity:' + p[0]] !== false && on['check:' + p[1]] !== false;
      });
    });
  }
  boxes.forEach(function (b) { b.addEventListener('change', update); });
  update();
  document.documentElement.setAttribute('data-filter', 'ready');
})();
</script>
)";

std::string quote_outlet(const DocumentResult& d, const Quote& q) {
  if (q.segment < d.segments.size() && !d.segments[q.segment].outlet.empty()) return d.segments[q.segment].outlet;
  return d.outlet.empty() ? d.id : d.outlet;
}

std::string outlet_of(const DocumentResult& d, std::size_t segment) {
  if (segment < d.segments.size() && !d.segments[segment].outlet.empty()) return d.segments[segment].outlet;
  return d.outlet.empty() ? d.id : d.outlet;
}

// Returns <tag>text</tag> with the text escaped.
std::string tagged(const char* tag, std::string_view text) {
  std::string out = "<";
  out.append(tag).append(">").append(esc(text)).append("</").append(tag).append(">");
  return out;
}

std::string edits_html(const std::vector<TextEdit>& edits) {
  std::string out;
  for (auto& e : edits) {
    if (!out.empty()) out += ' ';
    switch (e.op) {
      case TextEdit::Op::same: out += esc(e.text); break;
      case TextEdit::Op::removed: out += "<del>" + esc(e.text) + "</del>"; break;
      case TextEdit::Op::added: out += "<ins>" + esc(e.text) + "</ins>"; break;
    }
  }
  return out;
}

std::string safe_link(const std::string& url) {
  // Only plain web addresses become links; anything else (javascript:, data:) stays text.
  std::string lower;
  for (char c : url.substr(0, 8)) lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  if (lower.starts_with("https://") || lower.starts_with("http://"))
    return fmt::format("<a href=\"{}\" rel=\"noreferrer noopener\">{}</a>", esc(url), esc(url));
  return esc(url);
}

std::string finding_key(const Finding& f) { return std::string(severity_name(f.severity)) + ":" + f.check; }

}  // namespace

std::string html_report(const Run& run) {
  const Analysis& a = run.analysis;
  std::map<std::string, const Entity*> entity_by_id;
  for (auto& e : a.entities) entity_by_id[e.id] = &e;
  std::vector<const Quote*> all;
  for (auto& d : a.docs)
    for (auto& q : d.quotes) all.push_back(&q);
  std::map<std::string, std::vector<const Finding*>> findings_of_statement;
  for (auto& f : a.findings)
    if (!f.statement.empty()) findings_of_statement[f.statement].push_back(&f);
  auto counts = count_findings(a);

  std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n";
  out += k_head;
  out += "<title>quotecheck report</title>\n</head>\n<body>\n<h1>quotecheck report</h1>\n";
  out += fmt::format(
      "<p class=\"summary\"><span>{}</span><span>{}</span><span>{}</span>"
      "<span class=\"sev sev-error\">{}</span> <span class=\"sev sev-warning\">{}</span> "
      "<span class=\"sev sev-info\">{} info</span></p>\n",
      detail::count_of(a.docs.size(), "document", "documents"), detail::count_of(all.size(), "quote", "quotes"),
      detail::count_of(a.statements.size(), "statement", "statements"), detail::count_of(counts.errors, "error", "errors"),
      detail::count_of(counts.warnings, "warning", "warnings"), counts.info);

  // Filter: severities and the checks present.
  std::set<std::string> checks_present;
  for (auto& f : a.findings) checks_present.insert(f.check);
  out += "<form id=\"filter\"><strong>Show:</strong> ";
  for (auto s : {Severity::error, Severity::warning, Severity::info})
    out += fmt::format("<label><input type=\"checkbox\" name=\"severity\" value=\"{0}\" checked> {0}</label>", severity_name(s));
  out += " | ";
  for (auto& id : check_ids())
    if (checks_present.count(id))
      out += fmt::format("<label><input type=\"checkbox\" name=\"check\" value=\"{0}\" checked> {0}</label>", esc(id));
  out += "</form>\n";

  // Findings, by severity (run_checks sorts them so).
  out += "<section id=\"findings\">\n<h2>Conflicts</h2>\n";
  if (a.findings.empty()) out += "<p>No findings.</p>\n";
  out += "<ul class=\"findings\">\n";
  for (auto& f : a.findings) {
    const char* sev = severity_name(f.severity);
    out += fmt::format("<li class=\"finding {0}\" id=\"f-{1}\" data-findings=\"{2}\"><span class=\"sev sev-{0}\">{0}</span> {3} "
                       "<span class=\"check\">[{4}]</span>",
                       sev, esc(f.id), esc(finding_key(f)), esc(shown_message(f)), esc(f.check));
    if (!f.statement.empty())
      out += fmt::format(" <a href=\"#stmt-{0}\">statement {0}</a>", esc(f.statement));
    out += "\n<ul class=\"evidence\">\n";
    for (auto& e : f.evidence)
      out += fmt::format("<li><strong>{}</strong> <span class=\"loc\">{}:{}:{}</span> &ldquo;{}&rdquo;</li>\n",
                         esc(e.outlet.empty() ? e.doc : e.outlet), esc(e.path), e.pos.line, e.pos.column, esc(e.text));
    out += fmt::format("</ul><span class=\"fid\">id {}</span></li>\n", esc(f.id));
  }
  out += "</ul>\n</section>\n";

  // Statements quoted more than once, or with findings: every version side by side.
  out += "<section id=\"statements\">\n<h2>Statements</h2>\n";
  std::size_t shown = 0;
  for (auto& s : a.statements) {
    auto fit = findings_of_statement.find(s.id);
    bool has_findings = fit != findings_of_statement.end();
    if (s.quotes.size() < 2 && !has_findings) continue;
    ++shown;
    std::set<std::string> keys;
    if (has_findings)
      for (auto* f : fit->second) keys.insert(finding_key(*f));
    std::string key_list;
    for (auto& k : keys) key_list += (key_list.empty() ? "" : " ") + k;
    std::string who = !s.speaker.empty() && entity_by_id.count(s.speaker) ? entity_by_id[s.speaker]->name : "unknown speaker";
    out += fmt::format("<div class=\"statement\" id=\"stmt-{0}\" data-findings=\"{1}\">\n<h3>{0}: {2} &middot; {3} quote{4}</h3>\n",
                       esc(s.id), esc(key_list), esc(who), s.quotes.size(), s.quotes.size() == 1 ? "" : "s");
    if (has_findings) {
      out += "<ul class=\"evidence\">";
      for (auto* f : fit->second)
        out += fmt::format("<li><span class=\"sev sev-{0}\">{0}</span> {1} <span class=\"check\">[{2}]</span></li>",
                           severity_name(f->severity), esc(f->message), esc(f->check));
      out += "</ul>\n";
    }
    // The reference is the longest version (the first of those); the others are marked
    // against it: <del> for its words they leave out, <ins> for words they add.
    std::size_t ref = s.quotes.front();
    std::size_t ref_words = 0;
    for (auto qi : s.quotes) {
      std::size_t n = words(all[qi]->span.text).size();
      if (n > ref_words) {
        ref_words = n;
        ref = qi;
      }
    }
    out += "<div class=\"versions\">\n";
    for (auto qi : s.quotes) {
      const Quote& q = *all[qi];
      const DocumentResult& d = a.docs[q.doc];
      out += fmt::format("<div class=\"version\"><div class=\"outlet\">{}</div><div class=\"loc\">{}:{}:{}</div>\n",
                         esc(quote_outlet(d, q)), esc(d.path), q.pos.line, q.pos.column);
      if (q.speaker) {
        std::string name = q.speaker->name.empty() ? q.speaker->mention : q.speaker->name;
        out += "<div class=\"speaker\">Speaker: <strong>" + esc(name) + "</strong>";
        if (!q.speaker->name.empty() && q.speaker->mention != q.speaker->name)
          out += " (as &ldquo;" + esc(q.speaker->mention) + "&rdquo;)";
        if (q.speaker->mention_index >= 0) {
          std::string descs;
          for (auto& desc : d.mentions[static_cast<std::size_t>(q.speaker->mention_index)].descriptors)
            descs += (descs.empty() ? "" : "; ") + esc(desc.text);
          if (!descs.empty()) out += " <span class=\"descriptors\">" + descs + "</span>";
        }
        out += "</div>\n";
      } else {
        out += "<div class=\"speaker\">Speaker: <em>none found</em></div>\n";
      }
      if (qi == ref)
        out += "<blockquote>" + esc(squeeze_space(q.span.text)) + " <mark class=\"ref\">(reference)</mark></blockquote>";
      else
        out += "<blockquote>" + edits_html(diff_text(all[ref]->span.text, q.span.text)) + "</blockquote>";
      out += "</div>\n";
    }
    out += "</div>\n</div>\n";
  }
  if (!shown) out += "<p>No statement is quoted more than once.</p>\n";
  out += "</section>\n";

  // People: the descriptors each outlet gives.
  std::set<std::string> outlets;
  for (auto& e : a.entities)
    for (auto& ed : e.descriptors) outlets.insert(outlet_of(a.docs[ed.doc], ed.segment));
  out += "<section id=\"people\">\n<h2>People</h2>\n";
  out += "<table>\n<thead><tr><th>Person</th><th>Also written</th>";
  for (auto& o : outlets) out += "<th>" + esc(o) + "</th>";
  out += "</tr></thead>\n<tbody>\n";
  for (auto& e : a.entities) {
    if (!e.person || (e.descriptors.empty() && e.aliases.empty())) continue;
    std::map<std::string, std::vector<std::string>> cells;
    for (auto& ed : e.descriptors) {
      const auto& d = a.docs[ed.doc];
      std::string item = fmt::format("{} <span class=\"loc\">{}:{}</span>", esc(ed.descriptor.text), esc(d.path), ed.descriptor.pos.line);
      auto& cell = cells[outlet_of(d, ed.segment)];
      if (std::find(cell.begin(), cell.end(), item) == cell.end()) cell.push_back(item);
    }
    std::string aliases;
    for (auto& al : e.aliases) aliases += (aliases.empty() ? "" : ", ") + esc(al);
    out += fmt::format("<tr id=\"person-{}\"><td>{}</td><td>{}</td>", esc(e.id), esc(e.name), aliases);
    for (auto& o : outlets) {
      out += "<td>";
      auto it = cells.find(o);
      if (it != cells.end())
        for (std::size_t i = 0; i < it->second.size(); ++i) out += (i ? "<br>" : "") + it->second[i];
      out += "</td>";
    }
    out += "</tr>\n";
  }
  out += "</tbody>\n</table>\n</section>\n";

  // Sources.
  out += "<section id=\"documents\">\n<h2>Documents</h2>\n<table>\n<thead><tr><th>Id</th><th>Path</th><th>Outlet</th>"
         "<th>Date</th><th>Title</th><th>URL</th></tr></thead>\n<tbody>\n";
  for (auto& d : a.docs) {
    std::string outlets_here;
    for (auto& s : d.segments)
      if (!s.outlet.empty() && outlets_here.find(esc(s.outlet)) == std::string::npos)
        outlets_here += (outlets_here.empty() ? "" : ", ") + esc(s.outlet);
    if (outlets_here.empty()) outlets_here = esc(d.outlet);
    out += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n", esc(d.id), esc(d.path),
                       outlets_here, esc(d.date), esc(d.title), safe_link(d.url));
  }
  out += "</tbody>\n</table>\n</section>\n";
  if (!run.diagnostics.empty()) {
    out += "<section id=\"diagnostics\">\n<h2>Input problems</h2>\n<ul>\n";
    for (auto& d : run.diagnostics) out += "<li class=\"loc\">" + esc(d.str()) + "</li>\n";
    out += "</ul>\n</section>\n";
  }
  out += k_filter_script;
  out += "</body>\n</html>\n";
  return out;
}

std::string diff_html_report(const Version& old_version, const Version& new_version, const VersionDiff& diff) {
  std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n";
  out += k_head;
  out += "<title>quotecheck diff</title>\n</head>\n<body>\n<h1>quotecheck diff</h1>\n";
  out += fmt::format("<p class=\"summary\"><span>old: <span class=\"loc\">{}</span></span><span>new: <span class=\"loc\">{}</span></span>"
                     "<span>{}</span><span>{} unchanged</span></p>\n",
                     esc(old_version.label), esc(new_version.label), detail::count_of(diff.changes.size(), "change", "changes"),
                     detail::count_of(diff.unchanged, "quote", "quotes"));
  std::set<std::string> kinds;
  for (auto& c : diff.changes) kinds.insert(c.kind);
  out += "<form id=\"filter\"><strong>Show:</strong> ";
  for (auto s : {Severity::error, Severity::warning, Severity::info})
    out += fmt::format("<label><input type=\"checkbox\" name=\"severity\" value=\"{0}\" checked> {0}</label>", severity_name(s));
  out += " | ";
  for (auto& k : change_kinds())
    if (kinds.count(k)) out += fmt::format("<label><input type=\"checkbox\" name=\"check\" value=\"{0}\" checked> {0}</label>", k);
  out += "</form>\n<ul class=\"findings\">\n";
  if (diff.changes.empty()) out += "<li>The quotes are unchanged.</li>\n";
  for (auto& c : diff.changes) {
    const char* sev = severity_name(c.severity);
    out += fmt::format("<li class=\"finding {0}\" data-findings=\"{0}:{1}\"><span class=\"sev sev-{0}\">{0}</span> {2} "
                       "<span class=\"check\">[{1}]</span>\n",
                       sev, c.kind, esc(c.message));
    out += "<div class=\"versions\">";
    if (c.old_pos.line)
      out += fmt::format("<div class=\"version\"><div class=\"outlet\">old</div><div class=\"loc\">{}:{}:{}</div>", esc(old_version.label),
                         c.old_pos.line, c.old_pos.column);
    else
      out += "<div class=\"version\"><div class=\"outlet\">old</div>";
    if (c.kind == "quote-altered") {
      std::string old_side;
      for (auto& e : c.edits)
        if (e.op != TextEdit::Op::added) {
          if (!old_side.empty()) old_side += ' ';
          old_side += e.op == TextEdit::Op::removed ? tagged("del", e.text) : esc(e.text);
        }
      out += "<blockquote>" + old_side + "</blockquote>";
    } else {
      out += c.old_text.empty() ? std::string("<p><em>not in this version</em></p>")
                                : "<blockquote>" + esc(squeeze_space(c.old_text)) + "</blockquote>";
    }
    out += "</div>";
    if (c.new_pos.line)
      out += fmt::format("<div class=\"version\"><div class=\"outlet\">new</div><div class=\"loc\">{}:{}:{}</div>", esc(new_version.label),
                         c.new_pos.line, c.new_pos.column);
    else
      out += "<div class=\"version\"><div class=\"outlet\">new</div>";
    if (c.kind == "quote-altered") {
      std::string new_side;
      for (auto& e : c.edits)
        if (e.op != TextEdit::Op::removed) {
          if (!new_side.empty()) new_side += ' ';
          new_side += e.op == TextEdit::Op::added ? tagged("ins", e.text) : esc(e.text);
        }
      out += "<blockquote>" + new_side + "</blockquote>";
    } else {
      out += c.new_text.empty() ? std::string("<p><em>not in this version</em></p>")
                                : "<blockquote>" + esc(squeeze_space(c.new_text)) + "</blockquote>";
    }
    out += "</div></div></li>\n";
  }
  out += "</ul>\n";
  out += k_filter_script;
  out += "</body>\n</html>\n";
  return out;
}

}  // namespace quotecheck
