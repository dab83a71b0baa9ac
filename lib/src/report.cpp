// quotecheck - writing reports.
#include "quotecheck/report.hpp"
#include "quotecheck/serialize.hpp"
#include "plural.hpp"

#include <cmath>
#include <map>
#include <sstream>
#include <nlohmann/json.hpp>

#include <fmt/format.h>

#include "json_quote.hpp"

namespace quotecheck {

using Json = nlohmann::ordered_json;

namespace {

Json str_or_null(const std::string& s) { return s.empty() ? Json(nullptr) : Json(to_valid_utf8(s)); }

Json descriptor_json(const Descriptor& d, const std::string& doc) {
  Json j;
  j["text"] = to_valid_utf8(d.text);
  j["role"] = str_or_null(d.role);
  j["affiliation"] = str_or_null(d.affiliation);
  j["party"] = str_or_null(d.party);
  j["doc"] = doc;
  j["line"] = d.pos.line;
  j["column"] = d.pos.column;
  return j;
}

// A quote of the report (quotes[]) and of `extract`'s JSONL, field by field, to either sink
// of json_quote.hpp.
template <class Sink>
void quote_fields(Sink& j, const DocumentResult& d, const Quote& q) {
  detail::quote_head_fields(j, q, d.id, q.id);
  auto text_or_null = [&](const char* key, const std::string& s) {
    if (s.empty()) j.null(key);
    else j.field(key, to_valid_utf8(s));
  };
  if (q.speaker) {
    const auto& s = *q.speaker;
    j.begin_object("speaker");
    j.field("mention", to_valid_utf8(s.mention));
    text_or_null("name", s.name);
    text_or_null("entity", s.entity);
    j.begin_array("descriptors");
    if (s.mention_index >= 0)
      for (auto& desc : d.mentions[static_cast<std::size_t>(s.mention_index)].descriptors) j.item(to_valid_utf8(desc.text));
    j.end_array();
    j.field("rule", s.rule);
    j.field("via", via_name(s.via));
    if (!s.sieve.empty()) j.field("sieve", s.sieve);
    j.field("confidence", std::round(s.confidence * 100.0) / 100.0);
    j.end_object();
  } else {
    j.null("speaker");
  }
  text_or_null("statement", q.statement);
  j.field("unbalanced", q.span.unbalanced);
  text_or_null("outlet", q.segment < d.segments.size() ? d.segments[q.segment].outlet : d.outlet);
}

Json quote_json(const DocumentResult& d, const Quote& q) {
  Json j;
  detail::JsonBuilder b(j);
  quote_fields(b, d, q);
  return j;
}

Json evidence_json(const Evidence& e) {
  Json j;
  j["doc"] = e.doc;
  j["line"] = e.pos.line;
  j["column"] = e.pos.column;
  j["start"] = e.start;
  j["end"] = e.end;
  j["text"] = to_valid_utf8(e.text);
  j["outlet"] = str_or_null(e.outlet);
  return j;
}

}  // namespace

Counts count_findings(const Analysis& analysis) {
  Counts c;
  for (auto& f : analysis.findings) {
    if (f.severity == Severity::error) ++c.errors;
    else if (f.severity == Severity::warning) ++c.warnings;
    else ++c.info;
  }
  return c;
}

namespace {

using Serializer = nlohmann::detail::serializer<Json>;

// Writes a JSON array of what `each` emits, as Json::dump(1) writes an array at depth 1,
// one element at a time: the report is never held in memory whole.
template <typename Each>
void json_array(std::ostream& out, Serializer& ser, Each&& each) {
  bool first = true;
  auto emit = [&](const Json& j) {
    out << (first ? "[\n  " : ",\n  ");
    first = false;
    ser.dump(j, true, false, 1, 2);
  };
  each(emit);
  out << (first ? "[]" : "\n ]");
}

}  // namespace

void write_json_report(const Run& run, std::ostream& out) {
  const Analysis& a = run.analysis;
  Serializer ser(nlohmann::detail::output_adapter<char>(out), ' ', nlohmann::detail::error_handler_t::replace);
  std::size_t nquotes = 0;
  for (auto& d : a.docs) nquotes += d.quotes.size();
  out << "{\n \"format\": 1,\n \"documents\": ";
  json_array(out, ser, [&](auto& emit) {
    for (auto& d : a.docs) {
      Json j;
      j["id"] = d.id;
      j["path"] = d.path;
      j["outlet"] = str_or_null(d.outlet);
      if (!d.url.empty()) j["url"] = d.url;
      if (!d.date.empty()) j["date"] = d.date;
      if (!d.title.empty()) j["title"] = to_valid_utf8(d.title);
      Json segs = Json::array();
      for (auto& s : d.segments) segs.push_back({{"outlet", str_or_null(s.outlet)}, {"start", s.start}, {"end", s.end}});
      j["segments"] = segs;
      emit(j);
    }
  });
  out << ",\n \"quotes\": ";
  json_array(out, ser, [&](auto& emit) {
    for (auto& d : a.docs)
      for (auto& q : d.quotes) emit(quote_json(d, q));
  });
  out << ",\n \"entities\": ";
  json_array(out, ser, [&](auto& emit) {
    for (auto& e : a.entities) {
      Json j;
      j["id"] = e.id;
      j["name"] = to_valid_utf8(e.name);
      Json aliases = Json::array();
      for (auto& al : e.aliases) aliases.push_back(to_valid_utf8(al));
      j["aliases"] = aliases;
      j["person"] = e.person;
      Json descs = Json::array();
      for (auto& ed : e.descriptors) descs.push_back(descriptor_json(ed.descriptor, a.docs[ed.doc].id));
      j["descriptors"] = descs;
      emit(j);
    }
  });
  out << ",\n \"statements\": ";
  json_array(out, ser, [&](auto& emit) {
    for (auto& s : a.statements) {
      Json qs = Json::array();
      for (auto qi : s.quotes) qs.push_back("q" + std::to_string(qi + 1));
      Json rels = Json::array();
    for (auto r : s.relations) rels.push_back(relation_name(r));
    emit(Json{{"id", s.id}, {"speaker", str_or_null(s.speaker)}, {"quotes", qs}, {"relations", rels}});
    }
  });
  out << ",\n \"findings\": ";
  json_array(out, ser, [&](auto& emit) {
    for (auto& f : a.findings) {
      Json j;
      j["id"] = f.id;
      j["check"] = f.check;
      j["severity"] = severity_name(f.severity);
      j["message"] = to_valid_utf8(f.message);
      j["entity"] = str_or_null(f.entity);
      j["statement"] = str_or_null(f.statement);
      j["confidence"] = std::round(f.confidence * 100.0) / 100.0;
      Json ev = Json::array();
      for (auto& e : f.evidence) ev.push_back(evidence_json(e));
      j["evidence"] = ev;
      emit(j);
    }
  });
  out << ",\n \"diagnostics\": ";
  json_array(out, ser, [&](auto& emit) {
    for (auto& d : run.diagnostics) emit(Json(d.str()));
  });
  auto c = count_findings(a);
  Json summary = {{"documents", a.docs.size()}, {"quotes", nquotes},           {"statements", a.statements.size()},
                  {"errors", c.errors},         {"warnings", c.warnings},       {"info", c.info},
                  {"skipped", run.stats.input.skipped}};
  out << ",\n \"summary\": ";
  ser.dump(summary, true, false, 1, 1);
  out << "\n}\n";
}

std::string json_report(const Run& run) {
  std::ostringstream out;
  write_json_report(run, out);
  return std::move(out).str();
}

void write_shard_jsonl(const Run& run, std::ostream& out) {
  std::size_t n = 0;
  for (auto& d : run.analysis.docs) {
    out << document_jsonl(d, n);
    n += d.quotes.size();
  }
}

std::string shard_jsonl(const Run& run) {
  std::ostringstream out;
  write_shard_jsonl(run, out);
  return std::move(out).str();
}

std::string document_quotes_jsonl(const DocumentResult& doc) {
  std::string out;
  for (auto& q : doc.quotes) {
    detail::JsonWriter w(out);
    quote_fields(w, doc, q);
    w.finish();
    out += '\n';
  }
  return out;
}

void write_jsonl_quotes(const Run& run, std::ostream& out) {
  for (auto& d : run.analysis.docs) out << document_quotes_jsonl(d);
}

std::string jsonl_quotes(const Run& run) {
  std::ostringstream out;
  write_jsonl_quotes(run, out);
  return std::move(out).str();
}

namespace {

struct Paint {
  bool on;
  std::string operator()(const char* code, const std::string& s) const {
    return on ? fmt::format("\x1b[{}m{}\x1b[0m", code, s) : s;
  }
};

const char* severity_color(Severity s) {
  switch (s) {
    case Severity::error: return "1;31";
    case Severity::warning: return "1;33";
    case Severity::info: return "1;36";
  }
  return "0";
}

// Every field the text report prints is one line of printable text (see printable()): article
// text, outlet and entity names, paths.
std::string field(const std::string& s) { return printable(s); }

// Article text on one line: its line breaks are spaces.
std::string clip(const std::string& s, std::size_t n) {
  std::string v = squeeze_space(to_valid_utf8(s));
  if (v.size() > n) {
    std::size_t cut = n;
    while (cut > 0 && (static_cast<unsigned char>(v[cut]) & 0xC0) == 0x80) --cut;
    v = v.substr(0, cut) + "...";
  }
  return printable(v);
}

}  // namespace

std::string text_report(const Run& run, const TextStyle& style) {
  const Analysis& a = run.analysis;
  Paint paint{style.color};
  std::string out;
  std::map<std::string, std::string> path_of;
  for (auto& d : a.docs) path_of[d.id] = d.path;
  std::map<std::string, const Entity*> entity_by_id;
  for (auto& e : a.entities) entity_by_id[e.id] = &e;

  // Findings grouped: first about people (entity), then about statements, then the rest.
  auto print_finding = [&](const Finding& f) {
    out += fmt::format("  {} {} [{}]\n", paint(severity_color(f.severity), severity_name(f.severity)),
                       field(squeeze_space(shown_message(f))), f.check);
    for (auto& e : f.evidence) {
      out += fmt::format("      {}:{}:{}  {}{}\n", field(path_of[e.doc]), e.pos.line, e.pos.column,
                         e.outlet.empty() ? "" : fmt::format("({}) ", field(e.outlet)), paint("2", "\"" + clip(e.text, 110) + "\""));
    }
    out += fmt::format("      id {}\n", f.id);
  };
  std::map<std::string, std::vector<const Finding*>> by_person, by_statement;
  std::vector<const Finding*> rest;
  for (auto& f : a.findings) {
    if (!f.statement.empty() && f.check != "unbalanced-quote" && f.check != "unattributed-quote") by_statement[f.statement].push_back(&f);
    else if (!f.entity.empty()) by_person[f.entity].push_back(&f);
    else if (f.check == "role-holder-conflict") by_person[""].push_back(&f);
    else rest.push_back(&f);
  }
  if (!by_person.empty()) out += paint("1", "People") + "\n";
  for (auto& [id, fs] : by_person) {
    auto it = entity_by_id.find(id);
    out += fmt::format("{}\n", it == entity_by_id.end() ? "(roles)" : paint("1", field(it->second->name)));
    for (auto* f : fs) print_finding(*f);
  }
  std::map<std::string, const Statement*> stmt_by_id;
  for (auto& s : a.statements) stmt_by_id[s.id] = &s;
  if (!by_statement.empty()) out += paint("1", "Statements") + "\n";
  std::vector<const Quote*> all;
  for (auto& d : a.docs)
    for (auto& q : d.quotes) all.push_back(&q);
  for (auto& [id, fs] : by_statement) {
    const Statement* s = stmt_by_id[id];
    std::string who = s && !s->speaker.empty() && entity_by_id.count(s->speaker) ? entity_by_id[s->speaker]->name : "unknown speaker";
    std::string first = s && !s->quotes.empty() ? all[s->quotes.front()]->span.text : "";
    out += fmt::format("{} {} ({}, {})\n", paint("1", id), paint("2", "\"" + clip(first, 70) + "\""), field(who),
                       detail::count_of(s ? s->quotes.size() : 0, "quote", "quotes"));
    for (auto* f : fs) print_finding(*f);
  }
  if (!rest.empty()) out += paint("1", "Quotes") + "\n";
  for (auto* f : rest) print_finding(*f);
  for (auto& d : run.diagnostics) out += d.str() + "\n";
  auto c = count_findings(a);
  std::size_t nquotes = 0;
  for (auto& d : a.docs) nquotes += d.quotes.size();
  out += fmt::format("{}, {}, {}: {}, {}, {} info{}\n", detail::count_of(a.docs.size(), "document", "documents"),
                     detail::count_of(nquotes, "quote", "quotes"), detail::count_of(a.statements.size(), "statement", "statements"),
                     detail::count_of(c.errors, "error", "errors"), detail::count_of(c.warnings, "warning", "warnings"), c.info,
                     run.stats.input.skipped ? "; " + detail::count_of(run.stats.input.skipped, "input", "inputs") + " skipped" : "");
  return out;
}

}  // namespace quotecheck
