// quotecheck - serialising extractions as JSON.
#include "quotecheck/serialize.hpp"

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>

#include <fmt/format.h>

#include "json_quote.hpp"

namespace quotecheck {

using Json = nlohmann::ordered_json;

namespace {

Json position_json(const Position& p) { return Json::array({p.line, p.column}); }
Position position_from(const Json& j) { return j.is_array() && j.size() == 2 ? Position{j[0].get<int>(), j[1].get<int>()} : Position{}; }

Json descriptor_json(const Descriptor& d) {
  return Json{{"text", to_valid_utf8(d.text)}, {"role", d.role},   {"role_form", to_valid_utf8(d.role_form)},
              {"affiliation", d.affiliation},  {"party", d.party}, {"start", d.start}, {"end", d.end},
              {"pos", position_json(d.pos)},   {"rule", d.rule}};
}

Descriptor descriptor_from(const Json& j) {
  Descriptor d;
  d.text = j.at("text").get<std::string>();
  d.role = j.at("role").get<std::string>();
  d.role_form = j.at("role_form").get<std::string>();
  d.affiliation = j.at("affiliation").get<std::string>();
  d.party = j.value("party", std::string());
  d.start = j.at("start").get<std::size_t>();
  d.end = j.at("end").get<std::size_t>();
  d.pos = position_from(j.at("pos"));
  d.rule = j.at("rule").get<std::string>();
  return d;
}

Json mention_json(const Mention& m) {
  Json descs = Json::array();
  for (auto& d : m.descriptors) descs.push_back(descriptor_json(d));
  return Json{{"text", to_valid_utf8(m.text)}, {"name", to_valid_utf8(m.name)}, {"start", m.start},
              {"end", m.end},                  {"pos", position_json(m.pos)},  {"gender", static_cast<int>(m.gender)},
              {"person", m.person},            {"subject", m.subject},         {"segment", m.segment},
              {"descriptors", descs}};
}

Mention mention_from(const Json& j) {
  Mention m;
  m.text = j.at("text").get<std::string>();
  m.name = j.at("name").get<std::string>();
  m.start = j.at("start").get<std::size_t>();
  m.end = j.at("end").get<std::size_t>();
  m.pos = position_from(j.at("pos"));
  m.gender = static_cast<Gender>(j.at("gender").get<int>());
  m.person = j.at("person").get<bool>();
  m.subject = j.at("subject").get<bool>();
  m.segment = j.at("segment").get<std::size_t>();
  for (auto& d : j.at("descriptors")) m.descriptors.push_back(descriptor_from(d));
  return m;
}

Json quote_json(const Quote& q, const std::string& doc, const std::string& id) {
  Json j;
  detail::put_quote_head(j, q, doc, id);
  if (q.speaker) {
    const auto& s = *q.speaker;
    j["speaker"] = Json{{"mention", to_valid_utf8(s.mention)}, {"name", s.name.empty() ? Json(nullptr) : Json(to_valid_utf8(s.name))},
                        {"rule", s.rule}, {"start", s.start}, {"end", s.end}, {"person", s.person},
                        {"gender", static_cast<int>(s.gender)}, {"mention_index", s.mention_index},
                        {"via", static_cast<int>(s.via)}, {"confidence", s.confidence}};
    if (!s.sieve.empty()) j["speaker"]["sieve"] = s.sieve;
  } else {
    j["speaker"] = nullptr;
  }
  j["segment"] = q.segment;
  j["text_start"] = q.span.text_start;
  j["text_end"] = q.span.text_end;
  j["unbalanced"] = q.span.unbalanced;
  j["unclosed"] = unclosed_name(q.span.unclosed);
  j["mark_confidence"] = q.span.mark_confidence;
  j["single"] = q.span.single;
  j["paragraph"] = q.span.paragraph;
  return j;
}

Quote quote_from(const Json& j) {
  Quote q;
  q.id = j.at("id").get<std::string>();
  q.span.start = j.at("start").get<std::size_t>();
  q.span.end = j.at("end").get<std::size_t>();
  q.pos = {j.at("line").get<int>(), j.at("column").get<int>()};
  q.kind = j.at("kind").get<std::string>() == "direct" ? QuoteKind::direct : QuoteKind::partial;
  q.span.text = j.at("text").get<std::string>();
  if (const auto& s = j.at("speaker"); !s.is_null()) {
    Speaker sp;
    sp.mention = s.at("mention").get<std::string>();
    sp.name = s.at("name").is_null() ? std::string() : s.at("name").get<std::string>();
    sp.rule = s.at("rule").get<std::string>();
    sp.start = s.at("start").get<std::size_t>();
    sp.end = s.at("end").get<std::size_t>();
    sp.person = s.at("person").get<bool>();
    sp.gender = static_cast<Gender>(s.at("gender").get<int>());
    sp.mention_index = s.at("mention_index").get<int>();
    sp.via = static_cast<Via>(std::clamp(s.at("via").get<int>(), 0, static_cast<int>(Via::inherited)));
    sp.confidence = s.at("confidence").get<double>();
    if (auto it = s.find("sieve"); it != s.end() && it->is_string()) sp.sieve = it->get<std::string>();
    q.speaker = sp;
  }
  q.segment = j.at("segment").get<std::size_t>();
  q.span.text_start = j.at("text_start").get<std::size_t>();
  q.span.text_end = j.at("text_end").get<std::size_t>();
  q.span.unbalanced = j.at("unbalanced").get<bool>();
  q.span.unclosed = unclosed_from_name(j.value("unclosed", std::string("no")));
  q.span.mark_confidence = j.value("mark_confidence", 1.0);
  q.span.single = j.at("single").get<bool>();
  q.span.paragraph = j.at("paragraph").get<int>();
  return q;
}

Json document_header(const DocumentResult& d) {
  Json j;
  j["record"] = "document";
  j["id"] = d.id;
  j["path"] = d.path;
  j["record_line"] = d.record_line;
  j["outlet"] = d.outlet;
  j["url"] = d.url;
  j["date"] = d.date;
  j["title"] = to_valid_utf8(d.title);
  j["bytes"] = d.bytes;
  Json segs = Json::array();
  for (auto& s : d.segments) segs.push_back(Json{{"outlet", s.outlet}, {"start", s.start}, {"end", s.end}});
  j["segments"] = segs;
  Json ms = Json::array();
  for (auto& m : d.mentions) ms.push_back(mention_json(m));
  j["mentions"] = ms;
  Json stray = Json::array();
  for (auto& s : d.stray_marks) stray.push_back(Json{{"offset", s.offset}, {"pos", position_json(s.pos)}, {"context", to_valid_utf8(s.context)}});
  j["stray_marks"] = stray;
  Json diags = Json::array();
  for (auto& x : d.diagnostics)
    diags.push_back(Json{{"path", x.path}, {"line", x.line}, {"column", x.column}, {"severity", static_cast<int>(x.severity)},
                         {"message", x.message}, {"id", x.id}});
  j["diagnostics"] = diags;
  j["quotes"] = d.quotes.size();
  return j;
}

void header_into(const Json& j, DocumentResult& d) {
  d.id = j.at("id").get<std::string>();
  d.path = j.at("path").get<std::string>();
  d.record_line = j.at("record_line").get<int>();
  d.outlet = j.at("outlet").get<std::string>();
  d.url = j.at("url").get<std::string>();
  d.date = j.at("date").get<std::string>();
  d.title = j.at("title").get<std::string>();
  d.bytes = j.at("bytes").get<std::size_t>();
  for (auto& s : j.at("segments"))
    d.segments.push_back({s.at("outlet").get<std::string>(), s.at("start").get<std::size_t>(), s.at("end").get<std::size_t>()});
  for (auto& m : j.at("mentions")) d.mentions.push_back(mention_from(m));
  for (auto& s : j.at("stray_marks"))
    d.stray_marks.push_back({s.at("offset").get<std::size_t>(), position_from(s.at("pos")), s.at("context").get<std::string>()});
  for (auto& x : j.at("diagnostics"))
    d.diagnostics.push_back({x.at("path").get<std::string>(), x.at("line").get<int>(), x.at("column").get<int>(),
                             static_cast<Severity>(x.at("severity").get<int>()), x.at("message").get<std::string>(),
                             x.at("id").get<std::string>()});
}

}  // namespace

std::string document_jsonl(const DocumentResult& doc, std::size_t first_quote) {
  std::string out = document_header(doc).dump(-1, ' ', false, nlohmann::detail::error_handler_t::replace);
  out += '\n';
  for (std::size_t i = 0; i < doc.quotes.size(); ++i) {
    out += quote_json(doc.quotes[i], doc.id, "q" + std::to_string(first_quote + i + 1)).dump(-1, ' ', false, nlohmann::detail::error_handler_t::replace);
    out += '\n';
  }
  return out;
}

std::string document_json(const DocumentResult& doc) {
  Json j = document_header(doc);
  Json qs = Json::array();
  for (std::size_t i = 0; i < doc.quotes.size(); ++i) qs.push_back(quote_json(doc.quotes[i], doc.id, "q" + std::to_string(i + 1)));
  j["quotes"] = qs;
  return j.dump(-1, ' ', false, nlohmann::detail::error_handler_t::replace);
}

std::expected<DocumentResult, std::string> parse_document_json(std::string_view json) {
  try {
    Json j = Json::parse(json);
    DocumentResult d;
    header_into(j, d);
    for (auto& q : j.at("quotes")) d.quotes.push_back(quote_from(q));
    return d;
  } catch (const std::exception& e) {
    return std::unexpected(std::string(e.what()));
  }
}

bool read_extracted(const std::string& path, Diagnostics& diags, const std::function<void(DocumentResult)>& sink) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    diags.push_back({path, 0, 0, Severity::error, fmt::format("cannot read: {}", std::strerror(errno)), ""});
    return false;
  }
  std::string line;
  int lineno = 0;
  std::optional<DocumentResult> current;
  std::size_t expected = 0;
  int current_line = 0;
  auto finish = [&]() {
    if (!current) return;
    if (current->quotes.size() != expected)
      diags.push_back({path, current_line, 0, Severity::warning,
                       fmt::format("document '{}' announces {} quotes but {} follow", current->id, expected, current->quotes.size()), ""});
    sink(std::move(*current));
    current.reset();
  };
  while (std::getline(in, line)) {
    ++lineno;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    try {
      Json j = Json::parse(line);
      if (j.contains("record") && j["record"] == "document") {
        finish();
        current.emplace();
        header_into(j, *current);
        expected = j.at("quotes").get<std::size_t>();
        current_line = lineno;
      } else if (current) {
        current->quotes.push_back(quote_from(j));
      } else {
        diags.push_back({path, lineno, 0, Severity::warning, "quote line before any document line; skipped", ""});
      }
    } catch (const std::exception& e) {
      diags.push_back({path, lineno, 0, Severity::warning, fmt::format("malformed extracted record ({}); skipped", e.what()), ""});
    }
  }
  finish();
  return true;
}

}  // namespace quotecheck
