// quotecheck - where a JSON string's decoded bytes stand in its raw line.
#include "raw_json.hpp"

#include <string>

namespace quotecheck::detail {

namespace {

std::size_t hex4(std::string_view s, std::size_t i) {
  std::size_t v = 0;
  for (std::size_t k = i; k < i + 4 && k < s.size(); ++k) {
    char c = s[k];
    v = v * 16 + static_cast<std::size_t>(c >= '0' && c <= '9'   ? c - '0'
                                          : c >= 'a' && c <= 'f' ? c - 'a' + 10
                                          : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                                                 : 0);
  }
  return v;
}

// Reads the string that opens at line[i] == '"'. Appends its decoded bytes to `decoded` (when
// given) and its stretches to `columns` (when given); returns the offset after the closing quote.
std::size_t read_string(std::string_view line, std::size_t i, std::string* decoded, RawColumns* columns) {
  std::size_t out = 0;  // decoded bytes so far
  bool literal_open = false;
  auto stretch = [&](std::size_t raw, bool escape) {
    if (columns) columns->stretches.push_back({out, raw, escape});
  };
  for (++i; i < line.size() && line[i] != '"';) {
    if (line[i] != '\\') {
      if (!literal_open) stretch(i, false);
      literal_open = true;
      if (decoded) decoded->push_back(line[i]);
      ++out, ++i;
      continue;
    }
    literal_open = false;
    stretch(i, true);
    char e = i + 1 < line.size() ? line[i + 1] : '\\';
    std::size_t raw_length = 2, bytes = 1;
    std::size_t cp = static_cast<unsigned char>(e);
    if (e == 'u') {
      raw_length = 6;
      cp = hex4(line, i + 2);
      if (cp >= 0xD800 && cp < 0xDC00 && i + 12 <= line.size() && line.substr(i + 6, 2) == "\\u") {
        std::size_t low = hex4(line, i + 8);
        if (low >= 0xDC00 && low < 0xE000) {
          cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          raw_length = 12;
        }
      }
      bytes = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    } else {
      static constexpr std::string_view from = "bfnrt", to = "\b\f\n\r\t";
      if (auto k = from.find(e); k != std::string_view::npos) cp = static_cast<unsigned char>(to[k]);
    }
    if (decoded) {
      if (bytes == 1) {
        decoded->push_back(static_cast<char>(cp));
      } else {
        // Only keys are decoded, and compared with ASCII names: the bytes need not be exact.
        decoded->append(bytes, '?');
      }
    }
    out += bytes;
    i += raw_length;
  }
  return i + 1;
}

// Skips the value (string, number, literal, object or array) that opens at line[i].
std::size_t skip_value(std::string_view line, std::size_t i) {
  int depth = 0;
  while (i < line.size()) {
    char c = line[i];
    if (c == '"') {
      i = read_string(line, i, nullptr, nullptr);
      if (depth == 0) return i;
      continue;
    }
    if (c == '{' || c == '[') ++depth;
    else if (c == '}' || c == ']') {
      if (depth == 0) return i;  // the end of the enclosing object
      if (--depth == 0) return i + 1;
    } else if (depth == 0 && (c == ',' || c == ' ' || c == '\t')) {
      return i;
    }
    ++i;
  }
  return i;
}

std::size_t skip_space(std::string_view line, std::size_t i) {
  while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r' || line[i] == '\n')) ++i;
  return i;
}

}  // namespace

RawColumns raw_string_columns(std::string_view line, std::string_view key) {
  RawColumns found;
  std::size_t i = skip_space(line, 0);
  if (i >= line.size() || line[i] != '{') return found;
  ++i;
  while (true) {
    i = skip_space(line, i);
    if (i >= line.size() || line[i] != '"') return found;
    std::string name;
    i = read_string(line, i, &name, nullptr);
    i = skip_space(line, i);
    if (i >= line.size() || line[i] != ':') return found;
    i = skip_space(line, i + 1);
    if (name == key && i < line.size() && line[i] == '"') {
      RawColumns columns;
      i = read_string(line, i, nullptr, &columns);
      found = std::move(columns);
    } else {
      i = skip_value(line, i);
    }
    i = skip_space(line, i);
    if (i >= line.size() || line[i] != ',') return found;
    ++i;
  }
}

}  // namespace quotecheck::detail
