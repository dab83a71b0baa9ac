// quotecheck - text utilities.
#include "quotecheck/text.hpp"

#include <cstring>

#include <utf8proc.h>
#include <xxhash.h>

#include <algorithm>
#include <cstdlib>
#include <fmt/format.h>

namespace quotecheck {

LineIndex::LineIndex(std::string_view text) : size_(text.size()) {
  starts_.push_back(0);
  // A line ends with LF, CR LF or a lone CR (old Mac files, some CMS exports).
  for (std::size_t i = 0; i < text.size(); ++i)
    if (text[i] == '\n' || (text[i] == '\r' && (i + 1 == text.size() || text[i + 1] != '\n'))) starts_.push_back(i + 1);
}

Position LineIndex::position(std::size_t offset) const {
  if (starts_.empty()) return {1, static_cast<int>(offset) + 1};
  offset = std::min(offset, size_);
  auto it = std::upper_bound(starts_.begin(), starts_.end(), offset);
  auto line = static_cast<std::size_t>(it - starts_.begin());  // 1-based
  return {static_cast<int>(line), static_cast<int>(offset - starts_[line - 1]) + 1};
}

std::size_t LineIndex::line_start(int line) const {
  if (line < 1) return 0;
  auto l = static_cast<std::size_t>(line);
  return l <= starts_.size() ? starts_[l - 1] : size_;
}

std::int32_t decode_utf8(std::string_view text, std::size_t i, int& len) {
  utf8proc_int32_t cp = -1;
  auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(text.data() + i),
                            static_cast<utf8proc_ssize_t>(text.size() - i), &cp);
  if (n <= 0) {
    len = 1;
    return -1;
  }
  len = static_cast<int>(n);
  return cp;
}

std::vector<std::size_t> invalid_utf8(std::string_view text, std::size_t limit) {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < text.size() && out.size() < limit;) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    int len = 1;
    if (decode_utf8(text, i, len) < 0) out.push_back(i);
    i += static_cast<std::size_t>(len);
  }
  return out;
}

bool valid_utf8(std::string_view text) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  std::size_t i = 0;
  while (i < n) {
    if (i + 8 <= n) {
      std::uint64_t w;
      std::memcpy(&w, p + i, 8);
      if ((w & 0x8080808080808080ull) == 0) {
        i += 8;
        continue;
      }
    }
    unsigned b = p[i];
    if (b < 0x80) {
      ++i;
      continue;
    }
    // The second byte's range by the first (Unicode 15, table 3-7), then the others 80..BF.
    std::size_t len = 0;
    unsigned lo = 0x80, hi = 0xBF;
    if (b >= 0xC2 && b <= 0xDF) len = 2;
    else if (b == 0xE0) len = 3, lo = 0xA0;
    else if (b >= 0xE1 && b <= 0xEC) len = 3;
    else if (b == 0xED) len = 3, hi = 0x9F;
    else if (b >= 0xEE && b <= 0xEF) len = 3;
    else if (b == 0xF0) len = 4, lo = 0x90;
    else if (b >= 0xF1 && b <= 0xF3) len = 4;
    else if (b == 0xF4) len = 4, hi = 0x8F;
    else return false;
    if (i + len > n || p[i + 1] < lo || p[i + 1] > hi) return false;
    for (std::size_t k = 2; k < len; ++k)
      if (p[i + k] < 0x80 || p[i + k] > 0xBF) return false;
    i += len;
  }
  return true;
}

std::string to_valid_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      out += static_cast<char>(c);
      ++i;
      continue;
    }
    int len = 1;
    if (decode_utf8(text, i, len) < 0)
      out += "\xEF\xBF\xBD";
    else
      out.append(text.substr(i, static_cast<std::size_t>(len)));
    i += static_cast<std::size_t>(len);
  }
  return out;
}

bool looks_binary(std::string_view text) {
  if (text.find('\0') != std::string_view::npos) return true;
  std::size_t control = 0, n = std::min<std::size_t>(text.size(), 8192);
  for (std::size_t i = 0; i < n; ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f') ++control;
  }
  return n > 0 && control * 10 > n;
}

static utf8proc_category_t category(std::int32_t cp) {
  return cp < 0 ? UTF8PROC_CATEGORY_CN : utf8proc_category(cp);
}

bool is_letter(std::int32_t cp) {
  if (cp >= 0 && cp < 0x80) return (cp | 0x20) >= 'a' && (cp | 0x20) <= 'z';
  auto c = category(cp);
  return c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_MC;
}

bool is_upper(std::int32_t cp) {
  if (cp >= 0 && cp < 0x80) return cp >= 'A' && cp <= 'Z';
  return category(cp) == UTF8PROC_CATEGORY_LU || category(cp) == UTF8PROC_CATEGORY_LT;
}

bool is_digit(std::int32_t cp) {
  if (cp >= 0 && cp < 0x80) return cp >= '0' && cp <= '9';
  return category(cp) == UTF8PROC_CATEGORY_ND;
}

// No ASCII code point is a format character (Cf): the look-up is for the others alone.
bool is_format(std::int32_t cp) { return cp >= 0x80 && utf8proc_category(cp) == UTF8PROC_CATEGORY_CF; }

bool is_space(std::int32_t cp) {
  if (cp >= 0 && cp < 0x80) return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v';
  auto c = category(cp);
  return c == UTF8PROC_CATEGORY_ZS || c == UTF8PROC_CATEGORY_ZL || c == UTF8PROC_CATEGORY_ZP ||
         cp == 0x85;
}

static void append_utf8(std::string& out, std::int32_t cp) {
  utf8proc_uint8_t buf[4];
  auto n = utf8proc_encode_char(cp, buf);
  out.append(reinterpret_cast<const char*>(buf), static_cast<std::size_t>(n));
}

// Maps typographic variants onto the plain forms compared by normalize().
static std::int32_t unify(std::int32_t cp) {
  switch (cp) {
    case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x2032: case 0x02BC: return '\'';
    case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x00AB: case 0x00BB: case 0x2033: return '"';
    case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x2015: case 0x2212: return '-';
    case 0x00A0: case 0x2009: case 0x200A: case 0x202F: return ' ';
    default: return cp;
  }
}

std::string normalize(std::string_view text) {
  // Fast path: ASCII only needs case folding.
  bool ascii = std::all_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  if (ascii) {
    std::string out(text);
    for (auto& c : out)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
  }
  std::string valid = to_valid_utf8(text);
  utf8proc_uint8_t* folded = nullptr;
  auto n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(valid.data()),
                        static_cast<utf8proc_ssize_t>(valid.size()), &folded,
                        static_cast<utf8proc_option_t>(UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | UTF8PROC_IGNORE));
  std::string mapped;
  if (n >= 0 && folded) {
    mapped.assign(reinterpret_cast<char*>(folded), static_cast<std::size_t>(n));
  } else {
    mapped = valid;
  }
  std::free(folded);
  std::string out;
  out.reserve(mapped.size());
  for (std::size_t i = 0; i < mapped.size();) {
    int len = 1;
    auto cp = decode_utf8(mapped, i, len);
    append_utf8(out, unify(cp < 0 ? 0xFFFD : cp));
    i += static_cast<std::size_t>(len);
  }
  return out;
}

std::vector<std::string> words(std::string_view text) {
  std::string norm = normalize(text);
  std::vector<std::string> out;
  std::string cur;
  for (std::size_t i = 0; i < norm.size();) {
    int len = 1;
    auto cp = decode_utf8(norm, i, len);
    bool word_char = is_letter(cp) || is_digit(cp);
    if (!word_char && cp == '\'' && !cur.empty() && i + 1 < norm.size()) {
      int l2 = 1;
      auto next = decode_utf8(norm, i + 1, l2);
      word_char = is_letter(next);
    }
    if (word_char) {
      cur.append(norm, i, static_cast<std::size_t>(len));
    } else if (!cur.empty()) {
      out.push_back(std::move(cur));
      cur.clear();
    }
    i += static_cast<std::size_t>(len);
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

std::string printable(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c < 0x7F) {
      out += static_cast<char>(c);
      ++i;
      continue;
    }
    if (c < 0x80) {
      if (c == '\t') out += '\t';
      else if (c == '\n') out += "\\n";
      else if (c == '\r') out += "\\r";
      else out += fmt::format("\\x{:02x}", c);
      ++i;
      continue;
    }
    int len = 1;
    std::int32_t cp = decode_utf8(text, i, len);
    if (cp < 0) out += "\xEF\xBF\xBD";
    else if (cp < 0xA0 || cp == 0x2028 || cp == 0x2029 || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069))
      out += fmt::format("\\u{:04x}", cp);
    else
      out.append(text.substr(i, static_cast<std::size_t>(len)));
    i += static_cast<std::size_t>(len);
  }
  return out;
}

std::string squeeze_space(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool space = false;
  for (char c : text) {
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
      space = !out.empty();
    } else {
      if (space) out += ' ';
      space = false;
      out += c;
    }
  }
  return out;
}

std::uint64_t fingerprint64(std::string_view bytes) { return XXH3_64bits(bytes.data(), bytes.size()); }

std::string hex64(std::uint64_t value) { return fmt::format("{:016x}", value); }

}  // namespace quotecheck
