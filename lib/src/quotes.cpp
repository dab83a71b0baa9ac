// quotecheck - the quote scanner.
#include "quotecheck/quotes.hpp"

#include <cctype>
#include <algorithm>

#include <fmt/format.h>

namespace quotecheck {

const char* quote_kind_name(QuoteKind k) { return k == QuoteKind::direct ? "direct" : "partial"; }

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
// '>' on the same line, within a bound), or 0 when none opens there.
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
  for (; j < end && j < i + k_max_tag; ++j) {
    if (text[j] == '>') return j + 1;
    if (text[j] == '<' || text[j] == '\n') return 0;
  }
  return 0;
}

// Lists the quotation marks of [start, end) with their direction read from the context.
std::vector<Token> marks(std::string_view text, std::size_t start, std::size_t end) {
  std::vector<Token> out;
  std::int32_t prev = -2;  // -2: start of paragraph
  for (std::size_t i = start; i < end;) {
    int len = 1;
    std::int32_t cp = static_cast<unsigned char>(text[i]) < 0x80 ? text[i] : decode_utf8(text, i, len);
    // Markup left in the text (<tweet author="realDonaldTrump">, <a href="...">): the marks of
    // its attributes quote nobody.
    if (cp == '<') {
      if (std::size_t tag_end = markup_tag_end(text, i, end); tag_end != 0) {
        i = tag_end;
        prev = ' ';
        continue;
      }
    }
    MarkInfo info = classify(cp);
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

struct Builder {
  const Document& doc;
  std::vector<QuoteSpan>& out;
  Diagnostics& diags;
  std::vector<std::size_t>* stray;

  // Pieces of a quote that may run over several paragraphs.
  std::vector<std::pair<std::size_t, std::size_t>> pieces;
  std::size_t open_pos = std::string::npos;
  int open_paragraph = 0;

  void emit(std::size_t close_pos, std::size_t close_len, bool unbalanced, bool single) {
    QuoteSpan q;
    q.start = open_pos;
    q.text_start = pieces.front().first;
    q.text_end = pieces.back().second;
    q.end = close_pos + close_len;
    q.unbalanced = unbalanced;
    q.single = single;
    q.paragraph = open_paragraph;
    std::string text;
    for (auto& [a, b] : pieces) {
      if (!text.empty()) text += ' ';
      text.append(doc.text, a, b - a);
    }
    q.text = squeeze_space(text);
    q.in_headline = doc.headline_end > doc.headline_start && q.start >= doc.headline_start && q.start < doc.headline_end;
    if (unbalanced) {
      auto p = doc.position(open_pos);
      diags.push_back({doc.path, p.line, p.column, Severity::warning,
                       "quotation mark opened here is never closed; the quote is taken to end with its paragraph",
                       "unbalanced-quote"});
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

std::vector<QuoteSpan> scan_quotes(const Document& doc, const std::vector<Paragraph>& paragraphs, const RulePack& pack,
                                   Diagnostics& diags, std::vector<std::size_t>* stray) {
  std::vector<QuoteSpan> out;
  std::string_view text = doc.text;
  Builder b{doc, out, diags, stray, {}, std::string::npos, 0};

  // A quote left open at the end of a line that a single line break follows (no blank line),
  // and closed in that next line ("...stimulus.\nJosh Bivens, Economic Policy Institute.""),
  // ends with its own paragraph as ever, but is not unbalanced: the closing mark that the next
  // line holds first is its own, and no stray.
  std::size_t absorb_in = std::string::npos;
  std::vector<QuoteSpan> nested;  // quotes inside a quote of the other glyph family
  for (std::size_t pi = 0; pi < paragraphs.size(); ++pi) {
    const auto& para = paragraphs[pi];
    auto toks = marks(text, para.start, para.end);
    if (absorb_in == pi && b.open_pos == std::string::npos) {
      for (std::size_t k = 0; k < toks.size(); ++k)
        if (toks[k].info.mark == Mark::dbl) {
          if (toks[k].dir == Dir::close) toks.erase(toks.begin() + static_cast<long>(k));
          break;
        }
    }
    std::size_t i = 0;
    std::size_t piece_start = para.start;
    if (b.open_pos != std::string::npos) {
      // Carried over from the previous paragraph: this one opens with a continuation mark.
      i = 1;
      piece_start = toks[0].pos + static_cast<std::size_t>(toks[0].len);
    }
    for (; i < toks.size(); ++i) {
      const Token& t = toks[i];
      if (t.info.mark == Mark::dbl) {
        if (b.open_pos == std::string::npos) {
          if (t.dir == Dir::close) {
            b.stray_close(t);
            continue;
          }
          b.open_pos = t.pos;
          b.open_paragraph = static_cast<int>(pi);
          piece_start = t.pos + static_cast<std::size_t>(t.len);
        } else if (std::size_t inner = inner_quote_end(toks, i, text, b.open_pos); inner != 0) {
          // A quote inside the open one in the other family of glyphs ("The Department isn't
          // about “Equal Justice Under Law” anymore."): its two marks are the outer quote's words,
          // and it is a quote of its own too.
          const Token& c = toks[inner];
          QuoteSpan q;
          q.start = t.pos;
          q.end = c.pos + static_cast<std::size_t>(c.len);
          q.text_start = t.pos + static_cast<std::size_t>(t.len);
          q.text_end = c.pos;
          q.text = squeeze_space(text.substr(q.text_start, q.text_end - q.text_start));
          q.paragraph = static_cast<int>(pi);
          q.in_headline = doc.headline_end > doc.headline_start && q.start >= doc.headline_start && q.start < doc.headline_end;
          if (!q.text.empty()) nested.push_back(std::move(q));
          i = inner;
          continue;
        } else if (t.dir == Dir::open && !t.info.closing_glyph && t.prev != -2 && is_space(t.prev) &&
                   (is_letter(t.next) || is_digit(t.next))) {
          std::size_t before = trim_end(text, piece_start, t.pos);
          char last = before > piece_start ? text[before - 1] : ' ';
          if (last == '.' || last == '?' || last == '!') {
            // A paragraph break lost in pasting: the next paragraph of one quote opens with
            // a mark, the earlier one does not close. The quote goes on.
            b.pieces.push_back({piece_start, before});
            piece_start = t.pos + static_cast<std::size_t>(t.len);
            continue;
          }
          // A new quote opens while one is open: the earlier one was never closed.
          b.pieces.push_back({piece_start, trim_end(text, piece_start, t.pos)});
          b.emit(trim_end(text, piece_start, t.pos), 0, true, false);
          b.open_pos = t.pos;
          b.open_paragraph = static_cast<int>(pi);
          piece_start = t.pos + static_cast<std::size_t>(t.len);
        } else {
          b.pieces.push_back({piece_start, t.pos});
          b.emit(t.pos, static_cast<std::size_t>(t.len), false, false);
        }
      } else if (b.open_pos == std::string::npos && t.dir == Dir::open && !is_elision(text, t, pack) &&
                 t.info.mark == Mark::single && !is_letter(t.prev)) {
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
          b.emit(c.pos, static_cast<std::size_t>(c.len), false, true);
          i = close;
        }
      }
    }
    if (b.open_pos != std::string::npos) {
      b.pieces.push_back({piece_start, para.end});
      // The quote goes on when the next paragraph opens with a mark.
      bool continues = false;
      if (pi + 1 < paragraphs.size()) {
        auto next = marks(text, paragraphs[pi + 1].start, std::min(paragraphs[pi + 1].end, paragraphs[pi + 1].start + 4));
        continues = !next.empty() && next[0].pos == paragraphs[pi + 1].start && next[0].info.mark == Mark::dbl &&
                    next[0].dir != Dir::close;
      }
      if (!continues) {
        bool soft = false;
        if (pi + 1 < paragraphs.size()) {
          std::string_view gap = text.substr(para.end, paragraphs[pi + 1].start - para.end);
          if (std::count(gap.begin(), gap.end(), '\n') == 1) {
            auto next = marks(text, paragraphs[pi + 1].start, paragraphs[pi + 1].end);
            for (const auto& t : next)
              if (t.info.mark == Mark::dbl) {
                soft = t.dir == Dir::close;
                break;
              }
          }
        }
        b.emit(para.end, 0, !soft, false);
        if (soft) absorb_in = pi + 1;
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
