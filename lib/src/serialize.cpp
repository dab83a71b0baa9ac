// quotecheck - serialising extractions as JSON.
#include "quotecheck/serialize.hpp"

#include <array>
#include <charconv>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <type_traits>
#include <nlohmann/json.hpp>

#include <fmt/format.h>

#include "json_quote.hpp"

namespace quotecheck {

using Json = nlohmann::ordered_json;

namespace {

Json position_json(const Position& p) { return Json::array({p.line, p.column}); }

Json descriptor_json(const Descriptor& d) {
  return Json{{"text", to_valid_utf8(d.text)}, {"role", d.role},   {"role_form", to_valid_utf8(d.role_form)},
              {"affiliation", d.affiliation},  {"start", d.start}, {"end", d.end},
              {"pos", position_json(d.pos)},   {"rule", d.rule}};
}

Json mention_json(const Mention& m) {
  Json descs = Json::array();
  for (auto& d : m.descriptors) descs.push_back(descriptor_json(d));
  return Json{{"text", to_valid_utf8(m.text)}, {"name", to_valid_utf8(m.name)}, {"start", m.start},
              {"end", m.end},                  {"pos", position_json(m.pos)},  {"gender", static_cast<int>(m.gender)},
              {"person", m.person},            {"subject", m.subject},         {"segment", m.segment},
              {"descriptors", descs}};
}

Json quote_json(const Quote& q, const std::string& doc, const std::string& id) {
  Json j;
  detail::put_quote_head(j, q, doc, id);
  if (q.speaker) {
    const auto& s = *q.speaker;
    j["speaker"] = Json{{"mention", to_valid_utf8(s.mention)}, {"name", s.name.empty() ? Json(nullptr) : Json(to_valid_utf8(s.name))},
                        {"rule", s.rule}, {"start", s.start}, {"end", s.end}, {"person", s.person},
                        {"gender", static_cast<int>(s.gender)}, {"mention_index", s.mention_index}};
  } else {
    j["speaker"] = nullptr;
  }
  j["segment"] = q.segment;
  j["text_start"] = q.span.text_start;
  j["text_end"] = q.span.text_end;
  j["unbalanced"] = q.span.unbalanced;
  j["single"] = q.span.single;
  j["paragraph"] = q.span.paragraph;
  return j;
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

// A pull reader over one JSON text, for reading extractions back: values are decoded
// straight into the structs (no document tree, no copy of a key), which is what reading an
// archive's shards needs. Whatever is not JSON, or not of the expected type, throws
// std::runtime_error naming the byte offset.
class Reader {
 public:
  explicit Reader(std::string_view text) : s_(text) {}

  [[noreturn]] void fail(std::string_view what) const {
    throw std::runtime_error(fmt::format("{} at byte {}", what, i_ + 1));
  }

  char peek() {
    space();
    return i_ < s_.size() ? s_[i_] : '\0';
  }

  // The text holds nothing more.
  void end() {
    if (peek() != '\0') fail("unexpected text after the value");
  }

  // Calls on_key(key) for each member of an object; on_key reads (or skips) the value. The
  // key is valid until the value is read.
  template <typename F>
  void object(F&& on_key) {
    expect('{');
    if (peek() == '}') {
      ++i_;
      return;
    }
    for (;;) {
      if (peek() != '"') fail("expected a key");
      std::string_view key = raw_string(key_);
      expect(':');
      on_key(key);
      char c = peek();
      ++i_;
      if (c == '}') return;
      if (c != ',') fail("expected ',' or '}'");
    }
  }

  // Calls on_item() for each element of an array; on_item reads (or skips) it.
  template <typename F>
  void array(F&& on_item) {
    expect('[');
    if (peek() == ']') {
      ++i_;
      return;
    }
    for (;;) {
      on_item();
      char c = peek();
      ++i_;
      if (c == ']') return;
      if (c != ',') fail("expected ',' or ']'");
    }
  }

  void string_into(std::string& out) {
    if (peek() != '"') fail("expected a string");
    std::string_view v = raw_string(out);
    if (v.data() != out.data()) out.assign(v);
  }
  std::string string() {
    std::string out;
    string_into(out);
    return out;
  }
  // A string, or "" for null.
  void string_or_null_into(std::string& out) {
    if (literal("null")) out.clear();
    else string_into(out);
  }

  bool boolean() {
    if (literal("true")) return true;
    if (literal("false")) return false;
    fail("expected true or false");
  }

  bool null() { return literal("null"); }

  template <typename T>
  T number() {
    space();
    std::size_t from = i_;
    if (i_ < s_.size() && s_[i_] == '-') ++i_;
    while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9') ++i_;
    bool integral = true;
    while (i_ < s_.size() && (s_[i_] == '.' || s_[i_] == 'e' || s_[i_] == 'E' || s_[i_] == '+' || s_[i_] == '-' ||
                              (s_[i_] >= '0' && s_[i_] <= '9')))
      integral = false, ++i_;
    if (i_ == from) fail("expected a number");
    const char* first = s_.data() + from;
    const char* last = s_.data() + i_;
    if (integral) {
      long long v = 0;
      auto [p, ec] = std::from_chars(first, last, v);
      if (ec == std::errc() && p == last && (std::is_signed_v<T> || v >= 0)) return static_cast<T>(v);
      if (ec == std::errc::result_out_of_range) {
        unsigned long long u = 0;
        auto [pu, ecu] = std::from_chars(first, last, u);
        if (ecu == std::errc() && pu == last) return static_cast<T>(u);
      }
    } else {
      double v = 0;
      auto [p, ec] = std::from_chars(first, last, v);
      if (ec == std::errc() && p == last && (std::is_signed_v<T> || v >= 0)) return static_cast<T>(v);
    }
    i_ = from;
    fail("expected a number of this type");
  }

  // A [line, column] pair; anything else is no position.
  Position position() {
    if (peek() != '[') {
      skip();
      return {};
    }
    std::vector<int> xs;
    array([&] {
      if (char c = peek(); c == '-' || (c >= '0' && c <= '9')) xs.push_back(number<int>());
      else fail("expected a number");
    });
    return xs.size() == 2 ? Position{xs[0], xs[1]} : Position{};
  }

  // Skips any value.
  void skip() {
    char c = peek();
    if (c == '{') {
      object([&](std::string_view) { skip(); });
    } else if (c == '[') {
      array([&] { skip(); });
    } else if (c == '"') {
      raw_string(scratch_);
    } else if (c == 't' || c == 'f') {
      boolean();
    } else if (c == 'n') {
      if (!null()) fail("expected a value");
    } else {
      number<double>();
    }
  }

 private:
  void space() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r')) ++i_;
  }
  void expect(char c) {
    if (peek() != c) fail(fmt::format("expected '{}'", c));
    ++i_;
  }
  bool literal(std::string_view word) {
    space();
    if (s_.substr(i_, word.size()) != word) return false;
    i_ += word.size();
    return true;
  }
  unsigned hex4() {
    if (i_ + 4 > s_.size()) fail("short \\u escape");
    unsigned v = 0;
    for (int k = 0; k < 4; ++k) {
      char c = s_[i_++];
      v <<= 4;
      if (c >= '0' && c <= '9') v |= static_cast<unsigned>(c - '0');
      else if (c >= 'a' && c <= 'f') v |= static_cast<unsigned>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F') v |= static_cast<unsigned>(c - 'A' + 10);
      else fail("bad \\u escape");
    }
    return v;
  }
  // The string at the cursor (which is at its opening quote): a view of the text when it has
  // no escapes, else decoded into `buffer` (and a view of that).
  std::string_view raw_string(std::string& buffer) {
    std::size_t from = ++i_;
    for (;;) {
      if (i_ >= s_.size()) fail("unterminated string");
      char c = s_[i_];
      if (c == '"') return s_.substr(from, i_++ - from);
      if (c == '\\') break;
      if (static_cast<unsigned char>(c) < 0x20) fail("control character in a string");
      ++i_;
    }
    buffer.assign(s_.substr(from, i_ - from));
    for (;;) {
      if (i_ >= s_.size()) fail("unterminated string");
      char c = s_[i_++];
      if (c == '"') return buffer;
      if (static_cast<unsigned char>(c) < 0x20) fail("control character in a string");
      if (c != '\\') {
        buffer += c;
        continue;
      }
      if (i_ >= s_.size()) fail("unterminated string");
      switch (char e = s_[i_++]) {
        case '"': case '\\': case '/': buffer += e; break;
        case 'b': buffer += '\b'; break;
        case 'f': buffer += '\f'; break;
        case 'n': buffer += '\n'; break;
        case 'r': buffer += '\r'; break;
        case 't': buffer += '\t'; break;
        case 'u': {
          unsigned cp = hex4();
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            if (s_.substr(i_, 2) != "\\u") fail("lone surrogate");
            i_ += 2;
            unsigned lo = hex4();
            if (lo < 0xDC00 || lo > 0xDFFF) fail("lone surrogate");
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            fail("lone surrogate");
          }
          append_utf8(buffer, cp);
          break;
        }
        default: fail("bad escape");
      }
    }
  }
  static void append_utf8(std::string& out, unsigned cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  std::string_view s_;
  std::size_t i_ = 0;
  std::string key_, scratch_;
};

// The keys an object must have: which(key) is the key's index (or -1) and marks it seen;
// check() throws naming the first one missing, as a record without it is not ours.
template <std::size_t N>
class Keys {
 public:
  explicit constexpr Keys(const std::array<std::string_view, N>& names) : names_(names) {}
  int which(std::string_view key) {
    for (std::size_t i = 0; i < N; ++i)
      if (names_[i] == key) {
        seen_ |= std::uint64_t{1} << i;
        return static_cast<int>(i);
      }
    return -1;
  }
  void check() const {
    for (std::size_t i = 0; i < N; ++i)
      if (!(seen_ >> i & 1)) throw std::runtime_error(fmt::format("key '{}' not found", names_[i]));
  }

 private:
  const std::array<std::string_view, N>& names_;
  std::uint64_t seen_ = 0;
};

constexpr std::array<std::string_view, 8> k_descriptor_keys{"text", "role", "role_form", "affiliation",
                                                            "start", "end", "pos", "rule"};
Descriptor read_descriptor(Reader& r) {
  Descriptor d;
  Keys keys(k_descriptor_keys);
  r.object([&](std::string_view key) {
    switch (keys.which(key)) {
      case 0: r.string_into(d.text); break;
      case 1: r.string_into(d.role); break;
      case 2: r.string_into(d.role_form); break;
      case 3: r.string_into(d.affiliation); break;
      case 4: d.start = r.number<std::size_t>(); break;
      case 5: d.end = r.number<std::size_t>(); break;
      case 6: d.pos = r.position(); break;
      case 7: r.string_into(d.rule); break;
      default: r.skip();
    }
  });
  keys.check();
  return d;
}

constexpr std::array<std::string_view, 10> k_mention_keys{"text", "name",   "start",   "end",     "pos",
                                                          "gender", "person", "subject", "segment", "descriptors"};
Mention read_mention(Reader& r) {
  Mention m;
  Keys keys(k_mention_keys);
  r.object([&](std::string_view key) {
    switch (keys.which(key)) {
      case 0: r.string_into(m.text); break;
      case 1: r.string_into(m.name); break;
      case 2: m.start = r.number<std::size_t>(); break;
      case 3: m.end = r.number<std::size_t>(); break;
      case 4: m.pos = r.position(); break;
      case 5: m.gender = static_cast<Gender>(r.number<int>()); break;
      case 6: m.person = r.boolean(); break;
      case 7: m.subject = r.boolean(); break;
      case 8: m.segment = r.number<std::size_t>(); break;
      case 9:
        m.descriptors.clear();
        r.array([&] { m.descriptors.push_back(read_descriptor(r)); });
        break;
      default: r.skip();
    }
  });
  keys.check();
  return m;
}

constexpr std::array<std::string_view, 8> k_speaker_keys{"mention", "name", "rule",   "start",
                                                         "end",     "person", "gender", "mention_index"};
Speaker read_speaker(Reader& r) {
  Speaker sp;
  Keys keys(k_speaker_keys);
  r.object([&](std::string_view key) {
    switch (keys.which(key)) {
      case 0: r.string_into(sp.mention); break;
      case 1: r.string_or_null_into(sp.name); break;
      case 2: r.string_into(sp.rule); break;
      case 3: sp.start = r.number<std::size_t>(); break;
      case 4: sp.end = r.number<std::size_t>(); break;
      case 5: sp.person = r.boolean(); break;
      case 6: sp.gender = static_cast<Gender>(r.number<int>()); break;
      case 7: sp.mention_index = r.number<int>(); break;
      default: r.skip();
    }
  });
  keys.check();
  return sp;
}

constexpr std::array<std::string_view, 14> k_quote_keys{"id",         "start",      "end",      "line",      "column",
                                                        "kind",       "text",       "speaker",  "segment",   "text_start",
                                                        "text_end",   "unbalanced", "single",   "paragraph"};
Quote read_quote(Reader& r) {
  Quote q;
  Keys keys(k_quote_keys);
  r.object([&](std::string_view key) {
    switch (keys.which(key)) {
      case 0: r.string_into(q.id); break;
      case 1: q.span.start = r.number<std::size_t>(); break;
      case 2: q.span.end = r.number<std::size_t>(); break;
      case 3: q.pos.line = r.number<int>(); break;
      case 4: q.pos.column = r.number<int>(); break;
      case 5: {
        std::string kind;
        r.string_into(kind);
        q.kind = kind == "direct" ? QuoteKind::direct : QuoteKind::partial;
        break;
      }
      case 6: r.string_into(q.span.text); break;
      case 7:
        if (r.null()) q.speaker.reset();
        else q.speaker = read_speaker(r);
        break;
      case 8: q.segment = r.number<std::size_t>(); break;
      case 9: q.span.text_start = r.number<std::size_t>(); break;
      case 10: q.span.text_end = r.number<std::size_t>(); break;
      case 11: q.span.unbalanced = r.boolean(); break;
      case 12: q.span.single = r.boolean(); break;
      case 13: q.span.paragraph = r.number<int>(); break;
      default: r.skip();  // "doc" names the document, which the document line gives
    }
  });
  keys.check();
  return q;
}

constexpr std::array<std::string_view, 3> k_segment_keys{"outlet", "start", "end"};
constexpr std::array<std::string_view, 3> k_stray_keys{"offset", "pos", "context"};
constexpr std::array<std::string_view, 6> k_diagnostic_keys{"path", "line", "column", "severity", "message", "id"};

// A document object: the header fields, and "quotes" either as a count (a shard's document
// line, returned in `announced`) or as the quote objects (document_json()).
constexpr std::array<std::string_view, 13> k_document_keys{"id",       "path",        "record_line", "outlet",
                                                           "url",      "date",        "title",       "bytes",
                                                           "segments", "mentions",    "stray_marks", "diagnostics",
                                                           "quotes"};
void read_document(Reader& r, DocumentResult& d, std::size_t& announced) {
  Keys keys(k_document_keys);
  r.object([&](std::string_view key) {
    switch (keys.which(key)) {
      case 0: r.string_into(d.id); break;
      case 1: r.string_into(d.path); break;
      case 2: d.record_line = r.number<int>(); break;
      case 3: r.string_into(d.outlet); break;
      case 4: r.string_into(d.url); break;
      case 5: r.string_into(d.date); break;
      case 6: r.string_into(d.title); break;
      case 7: d.bytes = r.number<std::size_t>(); break;
      case 8:
        d.segments.clear();
        r.array([&] {
          Segment seg;
          Keys seg_keys(k_segment_keys);
          r.object([&](std::string_view k) {
            switch (seg_keys.which(k)) {
              case 0: r.string_into(seg.outlet); break;
              case 1: seg.start = r.number<std::size_t>(); break;
              case 2: seg.end = r.number<std::size_t>(); break;
              default: r.skip();
            }
          });
          seg_keys.check();
          d.segments.push_back(std::move(seg));
        });
        break;
      case 9:
        d.mentions.clear();
        r.array([&] { d.mentions.push_back(read_mention(r)); });
        break;
      case 10:
        d.stray_marks.clear();
        r.array([&] {
          StrayMark m;
          Keys mark_keys(k_stray_keys);
          r.object([&](std::string_view k) {
            switch (mark_keys.which(k)) {
              case 0: m.offset = r.number<std::size_t>(); break;
              case 1: m.pos = r.position(); break;
              case 2: r.string_into(m.context); break;
              default: r.skip();
            }
          });
          mark_keys.check();
          d.stray_marks.push_back(std::move(m));
        });
        break;
      case 11:
        d.diagnostics.clear();
        r.array([&] {
          Diagnostic x;
          Keys diag_keys(k_diagnostic_keys);
          r.object([&](std::string_view k) {
            switch (diag_keys.which(k)) {
              case 0: r.string_into(x.path); break;
              case 1: x.line = r.number<int>(); break;
              case 2: x.column = r.number<int>(); break;
              case 3: x.severity = static_cast<Severity>(r.number<int>()); break;
              case 4: r.string_into(x.message); break;
              case 5: r.string_into(x.id); break;
              default: r.skip();
            }
          });
          diag_keys.check();
          d.diagnostics.push_back(std::move(x));
        });
        break;
      case 12:
        if (r.peek() == '[') {
          d.quotes.clear();
          r.array([&] { d.quotes.push_back(read_quote(r)); });
          announced = d.quotes.size();
        } else {
          announced = r.number<std::size_t>();
        }
        break;
      default: r.skip();
    }
  });
  keys.check();
}

// Whether a shard line is a document line: its top-level "record" is "document".
bool is_document_line(std::string_view line) {
  Reader r(line);
  bool document = false, found = false;
  std::string value;
  r.object([&](std::string_view key) {
    if (!found && key == "record" && r.peek() == '"') {
      found = true;
      r.string_into(value);
      document = value == "document";
    } else {
      r.skip();
    }
  });
  return document;
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
    Reader r(json);
    DocumentResult d;
    std::size_t announced = 0;
    read_document(r, d, announced);
    r.end();
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
      if (is_document_line(line)) {
        DocumentResult d;
        std::size_t announced = 0;
        Reader r(line);
        read_document(r, d, announced);
        r.end();
        d.quotes.clear();
        finish();
        current.emplace(std::move(d));
        expected = announced;
        current_line = lineno;
      } else if (current) {
        Reader r(line);
        Quote q = read_quote(r);
        r.end();
        current->quotes.push_back(std::move(q));
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
