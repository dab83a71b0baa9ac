// quotecheck - private: the fields of a quote's JSON forms, and the two sinks they are written
// to: an nlohmann::ordered_json (the reports, the shard records) or JSON text appended to a
// string (the `extract` JSONL lines, where building a json value per quote and dumping it was
// a tenth of the extraction's time). Both read one list of fields, so the forms cannot drift.
#pragma once

#include <nlohmann/json.hpp>

#include <charconv>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "quotecheck/attribution.hpp"
#include "quotecheck/text.hpp"

namespace quotecheck::detail {

// Builds an ordered_json: a field sets a key of the innermost open object; an array holds
// strings (item()).
class JsonBuilder {
 public:
  explicit JsonBuilder(nlohmann::ordered_json& root) : open_{&root} {}
  template <class V>
  void field(const char* key, V&& value) { (*open_.back())[key] = std::forward<V>(value); }
  void null(const char* key) { (*open_.back())[key] = nullptr; }
  void begin_object(const char* key) {
    auto& j = (*open_.back())[key];
    j = nlohmann::ordered_json::object();
    open_.push_back(&j);
  }
  void end_object() { open_.pop_back(); }
  void begin_array(const char* key) {
    auto& j = (*open_.back())[key];
    j = nlohmann::ordered_json::array();
    open_.push_back(&j);
  }
  void item(std::string_view s) { open_.back()->push_back(std::string(s)); }
  void end_array() { open_.pop_back(); }

 private:
  std::vector<nlohmann::ordered_json*> open_;
};

// Appends JSON text as ordered_json::dump(-1, ' ', false, error_handler_t::replace) writes the
// same value: no white space, UTF-8 as it is, the same escapes (\b \t \n \f \r \" \\ and \u00XX
// for other control characters), a string that is not valid UTF-8 and every floating-point
// number written by nlohmann itself.
class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) { out_ += '{'; }
  void finish() { out_ += '}'; }
  template <class V>
  void field(const char* key, const V& value) {
    name(key);
    write(value);
  }
  void null(const char* key) {
    name(key);
    out_ += "null";
  }
  void begin_object(const char* key) {
    name(key);
    out_ += '{';
    first_ = true;
  }
  void end_object() {
    out_ += '}';
    first_ = false;
  }
  void begin_array(const char* key) {
    name(key);
    out_ += '[';
    first_ = true;
  }
  void item(std::string_view s) {
    if (!first_) out_ += ',';
    first_ = false;
    string(s);
  }
  void end_array() {
    out_ += ']';
    first_ = false;
  }

 private:
  std::string& out_;
  bool first_ = true;
  void name(const char* key) {
    if (!first_) out_ += ',';
    first_ = false;
    string(key);
    out_ += ':';
  }
  void write(std::string_view s) { string(s); }
  void write(const std::string& s) { string(s); }
  void write(const char* s) { string(s); }
  void write(bool b) { out_ += b ? "true" : "false"; }
  void write(std::nullptr_t) { out_ += "null"; }
  void write(const nlohmann::ordered_json& j) { out_ += j.dump(-1, ' ', false, nlohmann::detail::error_handler_t::replace); }
  template <class N>
    requires(std::is_arithmetic_v<N> && !std::is_same_v<N, bool>)
  void write(N n) {
    if constexpr (std::is_floating_point_v<N>) {
      out_ += nlohmann::ordered_json(n).dump();
    } else {
      char buf[24];
      auto [end, ec] = std::to_chars(buf, buf + sizeof buf, n);
      out_.append(buf, end);
    }
  }
  void string(std::string_view s);
};

inline void JsonWriter::string(std::string_view s) {
  // Valid UTF-8 is written as it is but for the escapes; anything else as nlohmann writes it.
  if (!valid_utf8(s)) {
    out_ += nlohmann::ordered_json(std::string(s)).dump(-1, ' ', false, nlohmann::detail::error_handler_t::replace);
    return;
  }
  static constexpr char k_hex[] = "0123456789abcdef";
  out_ += '"';
  std::size_t plain = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    auto b = static_cast<unsigned char>(s[i]);
    if (b >= 0x20 && b != '"' && b != '\\') continue;
    out_.append(s.data() + plain, i - plain);
    plain = i + 1;
    switch (b) {
      case '\b': out_ += "\\b"; break;
      case '\t': out_ += "\\t"; break;
      case '\n': out_ += "\\n"; break;
      case '\f': out_ += "\\f"; break;
      case '\r': out_ += "\\r"; break;
      case '"': out_ += "\\\""; break;
      case '\\': out_ += "\\\\"; break;
      default:
        out_ += "\\u00";
        out_ += k_hex[b >> 4];
        out_ += k_hex[b & 0xF];
    }
  }
  out_.append(s.data() + plain, s.size() - plain);
  out_ += '"';
}

// Where `q` stands and what it says, in this order: id, doc, start, end, line, column, kind,
// text. The report's quotes[] and the shard/cache records both begin so.
template <class Sink>
void quote_head_fields(Sink& s, const Quote& q, const std::string& doc, const std::string& id) {
  s.field("id", id);
  s.field("doc", doc);
  s.field("start", q.span.start);
  s.field("end", q.span.end);
  s.field("line", q.pos.line);
  s.field("column", q.pos.column);
  s.field("kind", quote_kind_name(q.kind));
  s.field("text", to_valid_utf8(q.span.text));
}

inline void put_quote_head(nlohmann::ordered_json& j, const Quote& q, const std::string& doc, const std::string& id) {
  JsonBuilder b(j);
  quote_head_fields(b, q, doc, id);
}

}  // namespace quotecheck::detail
