// quotecheck - text utilities: UTF-8 checks, line/column lookup, normalised words.
//
// Spans in quotecheck are byte offsets into the original input. LineIndex turns such an
// offset into the 1-based line and column (in bytes, as compilers report them) that an
// editor can jump to. words() gives the normalised word sequence used for comparing
// quotes: NFKC, case-folded, accents kept, quotes/apostrophes/dashes unified.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace quotecheck {

// A hash of strings that also takes a string_view (with std::equal_to<>), so that a look-up of
// a word of the text builds no std::string; and the maps and sets keyed by it.
struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};
template <class V>
using StringMap = std::unordered_map<std::string, V, StringHash, std::equal_to<>>;
using StringSet = std::unordered_set<std::string, StringHash, std::equal_to<>>;

struct Position {
  int line = 0;    // 1-based
  int column = 0;  // 1-based, in bytes
};

// Whether `c` is an ASCII letter or digit (no locale): one look-up in a table of the 256 bytes.
inline bool ascii_alnum(char c) {
  static constexpr auto table = [] {
    std::array<bool, 256> t{};
    for (int b = 0; b < 256; ++b) t[static_cast<std::size_t>(b)] = (b >= '0' && b <= '9') || ((b | 0x20) >= 'a' && (b | 0x20) <= 'z');
    return t;
  }();
  return table[static_cast<unsigned char>(c)];
}

// Lines end with LF, CR LF or a lone CR.
class LineIndex {
 public:
  LineIndex() = default;
  explicit LineIndex(std::string_view text);
  // Returns the line and column of byte offset `offset` (clamped to the text's end).
  Position position(std::size_t offset) const;
  // Returns the byte offset where 1-based `line` starts, or the text size past the end.
  std::size_t line_start(int line) const;
  int line_count() const { return static_cast<int>(starts_.size()); }

 private:
  std::vector<std::size_t> starts_;
  std::size_t size_ = 0;
};

// Returns the offsets of the first bytes of invalid UTF-8 sequences in `text` (at most `limit`).
std::vector<std::size_t> invalid_utf8(std::string_view text, std::size_t limit = 16);

// Returns true iff `text` is well-formed UTF-8 (what invalid_utf8() finds nothing in), without
// decoding it: ASCII eight bytes at a time, the rest by the Unicode standard's table of
// well-formed sequences.
bool valid_utf8(std::string_view text);

// Returns `text` with every invalid UTF-8 sequence replaced by U+FFFD.
std::string to_valid_utf8(std::string_view text);

// Returns true iff `text` holds a NUL byte or is mostly control bytes (a binary file).
bool looks_binary(std::string_view text);

// Decodes the code point at `text[i]`; sets `len` to its byte length (1 for invalid bytes,
// which decode as -1).
std::int32_t decode_utf8(std::string_view text, std::size_t i, int& len);

// Unicode categories used by the scanners.
bool is_letter(std::int32_t cp);
bool is_upper(std::int32_t cp);
bool is_digit(std::int32_t cp);
bool is_space(std::int32_t cp);
bool is_format(std::int32_t cp);  // an invisible format character (Unicode Cf: ZWSP, LRE, BOM ...)

// Returns `text` NFKC-normalised and case-folded, with curly quotes and apostrophes made
// straight and dashes made '-', and the invisible format characters (Unicode's default
// ignorables: U+200B, U+200D, U+2060, U+00AD soft hyphen, U+FEFF ...) removed, so that
// "Moham<U+200D>mad" compares equal to "Mohammad".
std::string normalize(std::string_view text);

// Returns the normalised words of `text`: runs of letters, digits and inner apostrophes
// (Washington's stays one word), everything else dropped.
std::vector<std::string> words(std::string_view text);

// Returns `text` as valid UTF-8 that prints as itself on one line of a terminal or a log:
// line breaks (LF, CR, U+0085, U+2028, U+2029) become the two characters "\n", "\r" or an
// escape, and every other control that a terminal or a log reader acts on is written as an
// escape instead of itself: C0 controls but the tab (ESC as "\x1b"), DEL, the C1 controls
// (U+009B, the one-byte CSI, as "\u009b") and the bidirectional overrides and isolates
// (U+202A-U+202E, U+2066-U+2069, as "\u202e"). So no field a line-oriented report prints
// can clear a screen, set a title, make a link, reorder what is shown or start a line.
std::string printable(std::string_view text);

// Returns `text` with runs of white space folded to one space and ends trimmed.
std::string squeeze_space(std::string_view text);

// 64-bit fingerprint of `bytes` (xxHash).
std::uint64_t fingerprint64(std::string_view bytes);
// Returns the 16-digit lower-case hex form of `value`.
std::string hex64(std::uint64_t value);

}  // namespace quotecheck
