// quotecheck - the quote scanner.
#include "quotecheck/quotes.hpp"

#include <cctype>
#include <algorithm>

#include <fmt/format.h>

namespace quotecheck {

const char* quote_kind_name(QuoteKind k) { return k == QuoteKind::direct ? "direct" : "partial"; }

namespace {
constexpr std::pair<Unclosed, const char*> k_unclosed_names[] = {
    {Unclosed::no, "no"},
    {Unclosed::quote_opens_inside, "quote_opens_inside"},
    {Unclosed::paragraph_end, "paragraph_end"},
    {Unclosed::excerpt_end, "excerpt_end"},
    {Unclosed::closed_in_next_paragraph, "closed_in_next_paragraph"}};
}  // namespace

const char* unclosed_name(Unclosed u) {
  for (auto [k, name] : k_unclosed_names)
    if (k == u) return name;
  return "no";
}

Unclosed unclosed_from_name(std::string_view name) {
  for (auto [k, n] : k_unclosed_names)
    if (name == n) return k;
  return Unclosed::no;
}

namespace {

bool blank_line(std::string_view line) {
  return std::all_of(line.begin(), line.end(), [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f'; });
}

// Returns true iff a line break after `line` ends a paragraph even without a blank line.
bool hard_break(std::string_view line) {
  while (!line.empty() && (line.back() == ' ' || line.back() == '\t' || line.back() == '\r')) line.remove_suffix(1);
  if (line.size() < 60) return true;
  char c = line.back();
  if (c == '.' || c == '?' || c == '!' || c == ':' || c == '"' || c == ')') return true;
  // Closing curly quotes and ellipses end in UTF-8 continuation bytes.
  return line.ends_with("\xE2\x80\x9D") || line.ends_with("\xE2\x80\x99") || line.ends_with("\xE2\x80\xA6");
}

enum class Mark { none, dbl, single };
enum class Dir { unknown, open, close };

struct MarkInfo {
  Mark mark = Mark::none;
  bool opening_glyph = false, closing_glyph = false;
};

MarkInfo classify(std::int32_t cp) {
  switch (cp) {
    case '"': return {Mark::dbl, false, false};
    case 0x201C: case 0x201E: case 0x00AB: return {Mark::dbl, true, false};
    case 0x201D: case 0x201F: case 0x00BB: return {Mark::dbl, false, true};
    case '\'': return {Mark::single, false, false};
    case 0x2018: case 0x201A: case 0x2039: return {Mark::single, true, false};
    case 0x2019: case 0x203A: return {Mark::single, false, true};
    default: return {};
  }
}

bool is_dash(std::int32_t cp) { return cp == '-' || (cp >= 0x2010 && cp <= 0x2015); }
bool is_opener(std::int32_t cp) { return cp == '(' || cp == '[' || cp == '{' || is_dash(cp) || cp == '/'; }
bool is_closer_punct(std::int32_t cp) {
  return cp == '.' || cp == ',' || cp == ';' || cp == ':' || cp == '!' || cp == '?' || cp == ')' || cp == ']' ||
         cp == '}' || cp == 0x2026 || is_dash(cp) || cp == '*';
}

struct Token {
  std::size_t pos;  // byte offset of the mark
  int len;
  MarkInfo info;
  Dir dir;
  std::int32_t prev, next;
};

// Returns the end of the markup tag opening at text[i] ('<' then a letter, '/' or '!', up to
// '>' within a bound), or 0 when none opens there. A tag goes over line breaks only inside a
// quoted attribute value (tweet-date="May 9, 2016\n">, as archives flattened them).
std::size_t markup_tag_end(std::string_view text, std::size_t i, std::size_t end) {
  constexpr std::size_t k_max_tag = 2000;
  if (i + 2 >= end) return 0;
  char c = text[i + 1];
  bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  if (!letter && c != '/' && c != '!') return 0;
  // The tag's name: letters, digits, '-', ':' (no space right after '<').
  std::size_t j = i + 2;
  while (j < end && (std::isalnum(static_cast<unsigned char>(text[j])) || text[j] == '-' || text[j] == ':')) ++j;
  if (j < end && text[j] != ' ' && text[j] != '>' && text[j] != '/' && text[j] != '\n') return 0;
  bool in_value = false;
  for (; j < end && j < i + k_max_tag; ++j) {
    if (text[j] == '"' && j > 0 && text[j - 1] == '=') in_value = true;
    else if (text[j] == '"') in_value = false;
    else if (text[j] == '>' && !in_value) return j + 1;
    if (text[j] == '<' || (text[j] == '\n' && !in_value)) return 0;
  }
  return 0;
}

// The byte ranges of the markup tags left in the text, in order.
using Ranges = std::vector<std::pair<std::size_t, std::size_t>>;
Ranges markup_tags(std::string_view text) {
  Ranges out;
  for (std::size_t i = text.find('<'); i != std::string_view::npos; i = text.find('<', i + 1))
    if (std::size_t e = markup_tag_end(text, i, text.size()); e != 0) {
      out.push_back({i, e});
      i = e - 1;
    }
  return out;
}

// Returns true iff the double mark at text[i] closes a height in feet and inches (6'3", 6’2”,
// 6-foot-2"): an inch mark, no quotation mark.
bool inch_mark(std::string_view text, std::size_t i) {
  std::size_t j = i;
  while (j > 0 && is_digit(static_cast<unsigned char>(text[j - 1]))) --j;
  if (j == i || i - j > 2) return false;
  auto digit_before = [&](std::size_t k) { return k > 0 && is_digit(static_cast<unsigned char>(text[k - 1])); };
  if (j >= 1 && text[j - 1] == '\'') return digit_before(j - 1);
  if (j >= 3 && text.substr(j - 3, 3) == "\xE2\x80\x99") return digit_before(j - 3);  // ’
  if (j >= 3 && text.substr(j - 3, 3) == "\xE2\x80\xB2") return digit_before(j - 3);  // ′
  return j >= 6 && (text.substr(j - 6, 6) == "-foot-" || text.substr(j - 6, 6) == "-feet-") && digit_before(j - 6);
}

// Lists the quotation marks of [start, end) with their direction read from the context.
std::vector<Token> marks(std::string_view text, std::size_t start, std::size_t end, const Ranges& tags) {
  std::vector<Token> out;
  std::int32_t prev = -2;  // -2: start of paragraph
  auto tag = std::lower_bound(tags.begin(), tags.end(), std::pair{start, std::size_t{0}});
  if (tag != tags.begin() && std::prev(tag)->second > start) --tag;
  for (std::size_t i = start; i < end;) {
    // Markup left in the text (<tweet author="realDonaldTrump">, <a href="...">): the marks of
    // its attributes quote nobody, and a tag stands between words like a space.
    while (tag != tags.end() && tag->second <= i) ++tag;
    if (tag != tags.end() && tag->first <= i) {
      i = tag->second;
      prev = ' ';
      continue;
    }
    // An ASCII byte other than " and ' is no mark and no format character, only the context of
    // the next mark: a run of them, up to the next tag, is passed over at once.
    if (auto b = static_cast<unsigned char>(text[i]); b < 0x80 && b != '"' && b != '\'') {
      std::size_t limit = tag != tags.end() && tag->first < end ? tag->first : end;
      std::size_t j = i + 1;
      while (j < limit) {
        auto c = static_cast<unsigned char>(text[j]);
        if (c >= 0x80 || c == '"' || c == '\'') break;
        ++j;
      }
      prev = static_cast<unsigned char>(text[j - 1]);
      i = j;
      continue;
    }
    int len = 1;
    std::int32_t cp = static_cast<unsigned char>(text[i]) < 0x80 ? text[i] : decode_utf8(text, i, len);
    MarkInfo info = classify(cp);
    if (info.mark == Mark::dbl && is_digit(prev) && inch_mark(text, i)) info = {};
    // Two apostrophes stand for a double quotation mark (''Q,'' in archives typed on keyboards).
    if (cp == '\'' && i + 1 < end && text[i + 1] == '\'') {
      info = {Mark::dbl, false, false};
      len = 2;
    }
    if (info.mark != Mark::none) {
      std::int32_t next = -2;
      if (i + static_cast<std::size_t>(len) < end) {
        int l2 = 1;
        next = decode_utf8(text, i + static_cast<std::size_t>(len), l2);
        if (tag != tags.end() && tag->first == i + static_cast<std::size_t>(len)) next = ' ';
      }
      bool prev_open = prev == -2 || is_space(prev) || is_opener(prev) || classify(prev).mark != Mark::none;
      bool next_close = next == -2 || is_space(next) || is_closer_punct(next) || classify(next).mark != Mark::none;
      bool left = prev_open && !(next == -2 || is_space(next));
      bool right = !(prev == -2 || is_space(prev)) && next_close;
      // A mark that opens its paragraph opens a quote, whatever its glyph (”… if the
      // incumbent ...”); one that ends its paragraph closes one.
      if (prev == -2 && next != -2) left = true, right = false;
      if (next == -2 && prev != -2) right = true, left = false;
      Dir d = Dir::unknown;
      // Between two letters a mark is an apostrophe (We’re, O’Brien, rock’n’roll), whatever
      // its glyph: British and Irish papers quote with ‘ ’, and ’ is their apostrophe too.
      bool inside_word = is_letter(prev) && is_letter(next);
      if (inside_word && info.mark == Mark::single) d = Dir::unknown;
      else if (left && !right) d = Dir::open;
      else if (right && !left) d = Dir::close;
      else if (info.opening_glyph) d = Dir::open;
      else if (info.closing_glyph) d = Dir::close;
      out.push_back({i, len, info, d, prev, next});
    }
    // Invisible format characters (ZWSP, LRE, BOM ...) stand between no two things: the
    // context of the next mark is what came before them.
    if (!is_format(cp)) prev = cp;
    i += static_cast<std::size_t>(len);
  }
  return out;
}

std::size_t trim_end(std::string_view text, std::size_t start, std::size_t end) {
  while (end > start && (text[end - 1] == ' ' || text[end - 1] == '\n' || text[end - 1] == '\r' || text[end - 1] == '\t'))
    --end;
  return end;
}

bool is_elision(std::string_view text, const Token& t, const RulePack& pack) {
  if (is_digit(t.next)) return true;  // the '90s
  std::size_t after = t.pos + static_cast<std::size_t>(t.len);
  std::size_t e = after;
  while (e < text.size() && e - after < 12) {
    int len = 1;
    auto cp = decode_utf8(text, e, len);
    if (!is_letter(cp)) break;
    e += static_cast<std::size_t>(len);
  }
  std::string word = "'" + normalize(text.substr(after, e - after));
  return std::find(pack.elisions.begin(), pack.elisions.end(), word) != pack.elisions.end();
}

}  // namespace

std::string unclosed_message(Unclosed u) {
  std::string m = "quotation mark opened here is never closed; the quote is taken to end with its paragraph";
  if (u == Unclosed::excerpt_end) m += " (an excerpt over several paragraphs whose last one does not close it)";
  if (u == Unclosed::closed_in_next_paragraph)
    m += " (the next paragraph's first mark closes it: a paragraph break inside the quote with no mark reopening it)";
  return m;
}

namespace {

struct Builder {
  const Document& doc;
  const RulePack& pack;
  std::vector<QuoteSpan>& out;
  Diagnostics& diags;
  std::vector<std::size_t>* stray;

  // Pieces of a quote that may run over several paragraphs.
  std::vector<std::pair<std::size_t, std::size_t>> pieces;
  std::size_t open_pos = std::string::npos;
  int open_paragraph = 0;

  void emit(std::size_t close_pos, std::size_t close_len, Unclosed unclosed, bool single) {
    bool unbalanced = unclosed != Unclosed::no;
    QuoteSpan q;
    q.start = open_pos;
    q.text_start = pieces.front().first;
    q.text_end = pieces.back().second;
    q.end = close_pos + close_len;
    q.unbalanced = unbalanced;
    q.single = single;
    q.paragraph = open_paragraph;
    q.unclosed = unclosed;
    const auto& c = pack.unbalanced_confidence;
    switch (unclosed) {
      case Unclosed::no: break;
      case Unclosed::quote_opens_inside: q.mark_confidence = c.quote_opens_inside; break;
      case Unclosed::paragraph_end: q.mark_confidence = c.paragraph_end; break;
      case Unclosed::excerpt_end: q.mark_confidence = c.excerpt_end; break;
      case Unclosed::closed_in_next_paragraph: q.mark_confidence = c.closed_in_next_paragraph; break;
    }
    std::string text;
    for (auto& [a, b] : pieces) {
      if (!text.empty()) text += ' ';
      text.append(doc.text, a, b - a);
    }
    q.text = squeeze_space(text);
    q.in_headline = doc.headline_end > doc.headline_start && q.start >= doc.headline_start && q.start < doc.headline_end;
    if (unbalanced) {
      auto p = doc.position(open_pos);
      diags.push_back({doc.path, p.line, p.column,
                       q.mark_confidence >= c.warning_at ? Severity::warning : Severity::info,
                       unclosed_message(unclosed), "unbalanced-quote"});
    }
    if (!q.text.empty()) out.push_back(std::move(q));
    pieces.clear();
    open_pos = std::string::npos;
  }

  void stray_close(const Token& t) {
    if (stray) stray->push_back(t.pos);
    auto p = doc.position(t.pos);
    diags.push_back({doc.path, p.line, p.column, Severity::warning, "closing quotation mark with no opening one",
                     "unbalanced-quote"});
  }
};

}  // namespace

std::vector<Paragraph> split_paragraphs(const Document& doc) {
  std::vector<Paragraph> out;
  const std::string& t = doc.text;
  std::size_t pos = doc.body_start, para_start = std::string::npos;
  while (pos < t.size()) {
    std::size_t eol = t.find('\n', pos);
    if (eol == std::string::npos) eol = t.size();
    std::string_view line(t.data() + pos, eol - pos);
    if (blank_line(line)) {
      if (para_start != std::string::npos) out.push_back({para_start, pos});
      para_start = std::string::npos;
    } else {
      if (para_start == std::string::npos) para_start = pos;
      if (hard_break(line) || (pos == doc.headline_start && doc.headline_end > doc.headline_start)) {
        out.push_back({para_start, eol});
        para_start = std::string::npos;
      }
    }
    pos = eol + 1;
  }
  if (para_start != std::string::npos) out.push_back({para_start, t.size()});
  for (auto& p : out) p.end = trim_end(t, p.start, p.end);
  return out;
}

namespace {

// For a double mark toks[i] that opens while a quote opened at `open_pos` is open: when the two
// are of different glyph families (straight " and curly “ ”) and a closing mark of toks[i]'s
// family follows in the paragraph before any mark of the outer one's family, returns the index
// of that closing mark (an inner quote); else 0.
std::size_t inner_quote_end(const std::vector<Token>& toks, std::size_t i, std::string_view text, std::size_t open_pos) {
  const Token& t = toks[i];
  if (t.dir != Dir::open || open_pos >= text.size()) return 0;
  bool outer_straight = text[open_pos] == '"';
  bool inner_straight = !t.info.opening_glyph && !t.info.closing_glyph;
  if (outer_straight == inner_straight || (!inner_straight && !t.info.opening_glyph)) return 0;
  for (std::size_t k = i + 1; k < toks.size(); ++k) {
    const Token& c = toks[k];
    if (c.info.mark != Mark::dbl) continue;
    bool straight = !c.info.opening_glyph && !c.info.closing_glyph;
    if (straight == outer_straight) return 0;  // the outer family comes first
    if (inner_straight ? c.dir == Dir::close : c.info.closing_glyph) return k;
    return 0;
  }
  return 0;
}

}  // namespace

namespace {

bool straight_glyph(const Token& t) { return !t.info.opening_glyph && !t.info.closing_glyph; }

// For a double mark toks[i] shaped as an opening one (a space or the paragraph's start before
// it, a word after it) while a quote is open: reads it as a nested quote in the same marks
// ("He asked "is it over?" and left," / “... “hell” than ...”) when, counting every later
// double mark by its shape (an opening one one level deeper, any other one a level up), the
// outer quote is closed in the paragraph, or is left open at its end with the next paragraph
// carrying it on (`carried`). Returns the index of the mark that closes the inner quote, or 0
// when that reading does not hold (the earlier quote was then never closed).
// The reading looks at most k_nested_lookahead double marks ahead (a paragraph of thousands of
// marks stays linear); past them it does not hold.
constexpr int k_nested_lookahead = 32;

std::size_t nested_quote_end(const std::vector<Token>& toks, std::size_t i, bool carried) {
  if (toks[i].dir != Dir::open) return 0;
  int depth = 2, seen = 0;
  std::size_t inner_end = 0;
  for (std::size_t k = i + 1; k < toks.size(); ++k) {
    const Token& c = toks[k];
    if (c.info.mark != Mark::dbl) continue;
    if (++seen > k_nested_lookahead) return 0;
    if (c.dir == Dir::open) {
      ++depth;
      continue;
    }
    if (--depth == 1 && inner_end == 0) inner_end = k;
    if (depth == 0) return inner_end;
  }
  return depth == 1 && carried ? inner_end : 0;
}

// Returns true iff a double mark after toks[i] in the paragraph could close an open quote
// before another one opens.
bool double_close_follows(const std::vector<Token>& toks, std::size_t i) {
  for (std::size_t k = i + 1; k < toks.size(); ++k)
    if (toks[k].info.mark == Mark::dbl) return toks[k].dir != Dir::open;
  return false;
}

// Returns true iff a word follows the mark: right after it, or after one space when its glyph
// opens (“ I think ...: the spaced marks of texts whose words were split into tokens, where
// only the glyph tells an opening mark from a closing one).
bool opens_words(std::string_view text, const Token& t) {
  if (is_letter(t.next) || is_digit(t.next)) return true;
  std::size_t after = t.pos + static_cast<std::size_t>(t.len) + 1;
  if (!t.info.opening_glyph || t.next != ' ' || after >= text.size()) return false;
  int len = 1;
  std::int32_t cp = decode_utf8(text, after, len);
  return is_letter(cp) || is_digit(cp);
}

bool sentence_punct(std::int32_t cp) { return cp == '.' || cp == ',' || cp == '!' || cp == '?' || cp == ';'; }

}  // namespace

std::vector<QuoteSpan> scan_quotes(const Document& doc, const std::vector<Paragraph>& paragraphs, const RulePack& pack,
                                   Diagnostics& diags, std::vector<std::size_t>* stray) {
  std::vector<QuoteSpan> out;
  std::string_view text = doc.text;
  Builder b{doc, pack, out, diags, stray, {}, std::string::npos, 0};
  const Ranges tags = markup_tags(text);

  // Returns true iff paragraph pi + 1 opens with a mark that carries a quote on.
  auto carried_on = [&](std::size_t pi) {
    if (pi + 1 >= paragraphs.size()) return false;
    auto next = marks(text, paragraphs[pi + 1].start, std::min(paragraphs[pi + 1].end, paragraphs[pi + 1].start + 4), tags);
    return !next.empty() && next[0].pos == paragraphs[pi + 1].start && next[0].info.mark == Mark::dbl &&
           next[0].dir != Dir::close;
  };
  // Returns true iff the next paragraph's first double mark closes a quote.
  auto closed_in_next = [&](std::size_t pi) {
    if (pi + 1 >= paragraphs.size()) return false;
    for (const auto& t : marks(text, paragraphs[pi + 1].start, paragraphs[pi + 1].end, tags))
      if (t.info.mark == Mark::dbl) return t.dir == Dir::close;
    return false;
  };
  auto nested_span = [&](const Token& t, const Token& c, std::size_t pi) {
    QuoteSpan q;
    q.start = t.pos;
    q.end = c.pos + static_cast<std::size_t>(c.len);
    q.text_start = t.pos + static_cast<std::size_t>(t.len);
    q.text_end = c.pos;
    q.text = squeeze_space(text.substr(q.text_start, q.text_end - q.text_start));
    q.paragraph = static_cast<int>(pi);
    q.in_headline = doc.headline_end > doc.headline_start && q.start >= doc.headline_start && q.start < doc.headline_end;
    return q;
  };

  // A quote left open at the end of a paragraph and closed by the first mark of the next one
  // (no blank line: "...stimulus.\nJosh Bivens, Economic Policy Institute.""; or a blank line,
  // where paragraphs were rebuilt or a continuation mark was lost) ends with its own paragraph
  // as ever: the closing mark that the next paragraph holds first is its own, and no stray.
  std::size_t absorb_in = std::string::npos;
  std::vector<QuoteSpan> nested;  // quotes inside an open quote
  for (std::size_t pi = 0; pi < paragraphs.size(); ++pi) {
    const auto& para = paragraphs[pi];
    auto toks = marks(text, para.start, para.end, tags);
    if (absorb_in == pi && b.open_pos == std::string::npos) {
      for (std::size_t k = 0; k < toks.size(); ++k)
        if (toks[k].info.mark == Mark::dbl) {
          if (toks[k].dir == Dir::close) toks.erase(toks.begin() + static_cast<long>(k));
          break;
        }
    }
    const bool carried = carried_on(pi);
    // A quote left open at this paragraph's end goes on into the next one (reopened there, or
    // closed by its first mark).
    const bool goes_on = carried || closed_in_next(pi);
    std::size_t i = 0;
    std::size_t piece_start = para.start;
    int singles_open = 0;  // single quotes opened inside the open double one
    if (b.open_pos != std::string::npos) {
      // Carried over from the previous paragraph: this one opens with a continuation mark, or
      // with a quote of its own in the other family of glyphs that the outer one holds ("At
      // the briefing ...\n\n“I won't talk,” he said.").
      std::size_t inner = toks.empty() ? 0 : inner_quote_end(toks, 0, text, b.open_pos);
      bool outer_closes = false;
      for (std::size_t k = inner + 1; inner != 0 && k < toks.size(); ++k)
        if (toks[k].info.mark == Mark::dbl && toks[k].dir != Dir::open &&
            straight_glyph(toks[k]) == (text[b.open_pos] == '"')) {
          outer_closes = true;
          break;
        }
      // ... or the next paragraph's first mark closes it (not when the next paragraph reopens
      // it: paragraphs that each open with a mark, some with the outer glyph and some with a
      // quote of their own, are a block excerpt whose curly quotes are quotes of their own).
      if (inner != 0 && !carried && goes_on) outer_closes = true;
      if (!outer_closes && !toks.empty()) {
        i = 1;
        piece_start = toks[0].pos + static_cast<std::size_t>(toks[0].len);
      }
    }
    for (; i < toks.size(); ++i) {
      const Token& t = toks[i];
      if (t.info.mark == Mark::dbl) {
        if (b.open_pos == std::string::npos) {
          if (t.dir == Dir::close) {
            // An opening mark written with the closing glyph (He says,” there are ...”): a mark
            // after no word, paired with the next double mark when that one closes too.
            bool paired = false;
            if (!is_letter(t.prev) && !is_digit(t.prev) && t.next != -2)
              for (std::size_t k = i + 1; k < toks.size(); ++k)
                if (toks[k].info.mark == Mark::dbl) {
                  paired = toks[k].dir == Dir::close;
                  break;
                }
            if (!paired) {
              b.stray_close(t);
              continue;
            }
          }
          b.open_pos = t.pos;
          b.open_paragraph = static_cast<int>(pi);
          piece_start = t.pos + static_cast<std::size_t>(t.len);
          singles_open = 0;
        } else if (std::size_t inner = inner_quote_end(toks, i, text, b.open_pos); inner != 0) {
          // A quote inside the open one in the other family of glyphs ("The Department isn't
          // about “Equal Justice Under Law” anymore."): its two marks are the outer quote's words,
          // and it is a quote of its own too.
          if (auto q = nested_span(t, toks[inner], pi); !q.text.empty()) nested.push_back(std::move(q));
          i = inner;
          continue;
        } else if (std::size_t inner_end = nested_quote_end(toks, i, goes_on); inner_end != 0) {
          // A quote inside the open one in the same marks, read from the marks' shapes.
          if (auto q = nested_span(t, toks[inner_end], pi); !q.text.empty()) nested.push_back(std::move(q));
          i = inner_end;
          continue;
        } else if (t.dir == Dir::open && !t.info.closing_glyph && t.prev != -2 && is_space(t.prev) &&
                   opens_words(text, t)) {
          std::size_t before = trim_end(text, piece_start, t.pos);
          char last = before > piece_start ? text[before - 1] : ' ';
          bool sentence_end = last == '.' || last == '?' || last == '!';
          if (!is_letter(t.next) && !is_digit(t.next) && !sentence_end) {
            // A spaced opening glyph after no full stop (", “ said Jordan"): the closing mark
            // written with the opening glyph.
            b.pieces.push_back({piece_start, t.pos});
            b.emit(t.pos, static_cast<std::size_t>(t.len), Unclosed::no, false);
            continue;
          }
          if (sentence_end) {
            // A paragraph break lost in pasting: the next paragraph of one quote opens with
            // a mark, the earlier one does not close. The quote goes on.
            b.pieces.push_back({piece_start, before});
            piece_start = t.pos + static_cast<std::size_t>(t.len);
            continue;
          }
          // A new quote opens while one is open: the earlier one was never closed.
          b.pieces.push_back({piece_start, trim_end(text, piece_start, t.pos)});
          b.emit(trim_end(text, piece_start, t.pos), 0, Unclosed::quote_opens_inside, false);
          b.open_pos = t.pos;
          b.open_paragraph = static_cast<int>(pi);
          piece_start = t.pos + static_cast<std::size_t>(t.len);
          singles_open = 0;
        } else {
          b.pieces.push_back({piece_start, t.pos});
          b.emit(t.pos, static_cast<std::size_t>(t.len), Unclosed::no, false);
        }
      } else if (b.open_pos != std::string::npos) {
        // A single mark inside an open double quote: the quote's own words, or an inner quote
        // ('Little Marco'); one after sentence punctuation that no opening single mark
        // explains, with no double mark left to close, is the double quote's closing mark in
        // the wrong glyph (“Let's go. We can win.’ / ''... Syria.'.').
        if (t.dir == Dir::open && !is_letter(t.prev) && !is_elision(text, t, pack)) ++singles_open;
        else if (t.dir == Dir::close && !is_letter(t.prev) && singles_open > 0) --singles_open;
        else if (t.dir == Dir::close && sentence_punct(t.prev) && singles_open == 0 && !double_close_follows(toks, i)) {
          b.pieces.push_back({piece_start, t.pos});
          b.emit(t.pos, static_cast<std::size_t>(t.len), Unclosed::no, false);
        }
      } else if (t.dir == Dir::open && !is_elision(text, t, pack) && t.info.mark == Mark::single && !is_letter(t.prev)) {
        // A single-quoted quote at the top level: it needs a closing mark in this paragraph
        // before any double quote. A mark after a plural's s ("the members’ choice’") may be
        // an apostrophe: a later closing mark, before another quote opens, is preferred.
        std::size_t close = toks.size(), weak = toks.size();
        for (std::size_t k = i + 1; k < toks.size(); ++k) {
          const Token& c = toks[k];
          if (c.info.mark == Mark::dbl) break;
          if (c.dir == Dir::open && weak < toks.size()) break;
          if (c.dir == Dir::close && !c.info.opening_glyph) {
            if ((c.prev == 's' || c.prev == 'S') && c.next != -2 && is_space(c.next)) {
              if (weak == toks.size()) weak = k;
              continue;
            }
            close = k;
            break;
          }
        }
        if (close == toks.size()) close = weak;
        if (close < toks.size()) {
          const Token& c = toks[close];
          b.open_pos = t.pos;
          b.open_paragraph = static_cast<int>(pi);
          b.pieces.push_back({t.pos + static_cast<std::size_t>(t.len), c.pos});
          b.emit(c.pos, static_cast<std::size_t>(c.len), Unclosed::no, true);
          i = close;
        }
      }
    }
    if (b.open_pos != std::string::npos) {
      b.pieces.push_back({piece_start, para.end});
      // The quote goes on when the next paragraph opens with a mark.
      if (!carried) {
        bool closed_next = false, blank_line = false;
        if (pi + 1 < paragraphs.size()) {
          std::string_view gap = text.substr(para.end, paragraphs[pi + 1].start - para.end);
          blank_line = std::count(gap.begin(), gap.end(), '\n') > 1;
          auto next = marks(text, paragraphs[pi + 1].start, paragraphs[pi + 1].end, tags);
          for (const auto& t : next)
            if (t.info.mark == Mark::dbl) {
              closed_next = t.dir == Dir::close;
              break;
            }
        }
        Unclosed why = Unclosed::no;  // closed on the next line: a credit line of a pull quote
        if (closed_next && blank_line) why = Unclosed::closed_in_next_paragraph;
        else if (!closed_next) why = b.open_paragraph == static_cast<int>(pi) ? Unclosed::paragraph_end : Unclosed::excerpt_end;
        b.emit(para.end, 0, why, false);
        if (closed_next) absorb_in = pi + 1;
      }
    }
  }
  if (!nested.empty()) {
    for (auto& q : nested) out.push_back(std::move(q));
    std::stable_sort(out.begin(), out.end(), [](const QuoteSpan& x, const QuoteSpan& y) { return x.start < y.start; });
  }
  return out;
}

}  // namespace quotecheck
