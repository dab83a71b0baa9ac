// quotecheck - private: the fields every JSON form of a quote begins with.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

#include "quotecheck/attribution.hpp"
#include "quotecheck/text.hpp"

namespace quotecheck::detail {

// Sets where `q` stands and what it says on `j`, in this order: id, doc, start, end, line,
// column, kind, text. The report's quotes[] and the shard/cache records both begin so.
inline void put_quote_head(nlohmann::ordered_json& j, const Quote& q, const std::string& doc, const std::string& id) {
  j["id"] = id;
  j["doc"] = doc;
  j["start"] = q.span.start;
  j["end"] = q.span.end;
  j["line"] = q.pos.line;
  j["column"] = q.pos.column;
  j["kind"] = quote_kind_name(q.kind);
  j["text"] = to_valid_utf8(q.span.text);
}

}  // namespace quotecheck::detail
