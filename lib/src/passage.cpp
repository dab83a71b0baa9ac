// quotecheck - canonical tokens and the local alignment of two quotes' passages.
#include "quotecheck/passage.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "quotecheck/text.hpp"

namespace quotecheck {

const char* relation_name(Relation r) {
  switch (r) {
    case Relation::identical: return "identical";
    case Relation::form: return "form";
    case Relation::trimmed: return "trimmed";
    case Relation::elided: return "elided";
    case Relation::overlapping: return "overlapping";
    case Relation::altered: return "altered";
    case Relation::reworded: return "reworded";
  }
  return "identical";
}

// ---- Canonical tokens ------------------------------------------------------------------

Normalizer::Normalizer(const NormalizationConfig& config) : config_(config) {}

bool Normalizer::is_negation(std::string_view w) const {
  return config_.negations.count(std::string(w)) > 0;
}

bool Normalizer::is_number(std::string_view w) const {
  if (w.empty()) return false;
  if ((w[0] == '#' && w.size() > 1) || (w[0] >= '0' && w[0] <= '9')) return true;  // "#24", "#thousands", "1990s"
  return config_.number_words.count(std::string(w)) > 0;                         // "thousands", "half"
}

bool Normalizer::is_qualifier(std::string_view w) const {
  return is_negation(w) || config_.qualifiers.count(std::string(w)) > 0;
}

std::string Normalizer::canonical_word(std::string_view w) const {
  auto it = config_.spellings.find(std::string(w));
  return it == config_.spellings.end() ? std::string(w) : it->second;
}

namespace {

bool ascii_digit(char c) { return c >= '0' && c <= '9'; }

std::string number_token(double v) {
  if (std::fabs(v - std::round(v)) < 1e-9 && std::fabs(v) < 1e18) return fmt::format("#{}", static_cast<long long>(std::llround(v)));
  return fmt::format("#{}", v);
}

// Parses a token of digits ("2000", "2.5"); returns nullopt for anything else.
std::optional<double> digits_value(const std::string& t) {
  if (t.empty() || !ascii_digit(t[0])) return std::nullopt;
  double v = 0, scale = 0;
  for (char c : t) {
    if (ascii_digit(c)) {
      if (scale > 0) {
        v += (c - '0') / scale;
        scale *= 10;
      } else {
        v = v * 10 + (c - '0');
      }
    } else if (c == '.' && scale == 0) {
      scale = 10;
    } else {
      return std::nullopt;
    }
  }
  return v;
}

}  // namespace

Tokens Normalizer::tokens(std::string_view quote) const {
  std::string norm = normalize(quote);
  // 1. Raw pieces: words (letters, digits, inner apostrophes; digit groups with ',' or '.'
  //    between digits), '%', ellipses and editors' brackets.
  std::vector<std::string> raw;
  std::string cur;
  auto flush = [&] {
    if (!cur.empty()) raw.push_back(std::move(cur));
    cur.clear();
  };
  int dots = 0;
  for (std::size_t i = 0; i < norm.size();) {
    int len = 1;
    auto cp = decode_utf8(norm, i, len);
    char c = static_cast<char>(cp);
    bool word_char = cp > 0 && (is_letter(cp) || is_digit(cp));
    if (cp == '.') {
      ++dots;
      // A full stop between digits belongs to the number ("2.5").
      if (!cur.empty() && ascii_digit(cur.back()) && i + 1 < norm.size() && ascii_digit(norm[i + 1])) {
        cur += '.';
        dots = 0;
        i += 1;
        continue;
      }
    } else {
      if (dots >= 2) {
        flush();
        if (raw.empty() || raw.back() != k_gap_token) raw.emplace_back(k_gap_token);
      }
      dots = 0;
    }
    if (word_char) {
      cur.append(norm, i, static_cast<std::size_t>(len));
    } else if (c == '\'' && !cur.empty() && i + 1 < norm.size() && is_letter(decode_utf8(norm, i + 1, len = 1))) {
      cur += '\'';
      len = 1;
    } else if (c == ',' && !cur.empty() && ascii_digit(cur.back()) && i + 3 < norm.size() && ascii_digit(norm[i + 1]) &&
               ascii_digit(norm[i + 2]) && ascii_digit(norm[i + 3]) && (i + 4 >= norm.size() || !ascii_digit(norm[i + 4]))) {
      len = 1;  // a thousands separator
    } else if (c == '[') {
      flush();
      std::size_t close = norm.find(']', i);
      if (close == std::string::npos) close = norm.size() - 1;
      std::string_view inside = std::string_view(norm).substr(i + 1, close - i - 1);
      bool only_dots = !inside.empty() && inside.find_first_not_of(". ") == std::string_view::npos;
      if (only_dots) {
        raw.emplace_back(k_gap_token);
      } else {
        // The bracket keeps its words, canonical, so that two copies with a bracket at one
        // place can be compared (bracket_words()).
        std::string t(k_editorial_token);
        for (auto& w : tokens(inside).text)
          if (w[0] != '\x01') (t += w) += ' ';
        if (t.size() > k_editorial_token.size()) t.pop_back();
        raw.push_back(std::move(t));
      }
      i = close + 1;
      continue;
    } else {
      len = len < 1 ? 1 : len;
      flush();
      if (c == '%') raw.emplace_back("percent");
    }
    i += static_cast<std::size_t>(len);
  }
  flush();
  if (dots >= 2 && (raw.empty() || raw.back() != k_gap_token)) raw.emplace_back(k_gap_token);

  // 2. Contractions, spellings, phrases.
  std::vector<std::string> ws;
  ws.reserve(raw.size() + 4);
  for (auto& t : raw) {
    if (t[0] == '\x01') {
      ws.push_back(t);
      continue;
    }
    if (auto it = config_.contractions.find(t); it != config_.contractions.end()) {
      for (auto& w : it->second) ws.push_back(canonical_word(w));
      continue;
    }
    bool split = false;
    for (auto& [suffix, expansion] : config_.suffixes)
      if (t.size() > suffix.size() + 1 && t.ends_with(suffix)) {
        ws.push_back(canonical_word(std::string_view(t).substr(0, t.size() - suffix.size())));
        for (auto& w : expansion) ws.push_back(canonical_word(w));
        split = true;
        break;
      }
    if (split) continue;
    // A possessive or "is" after a noun is one word: "Washington's" stays as written.
    ws.push_back(canonical_word(t));
  }
  if (!config_.phrases.empty()) {
    std::vector<std::string> out;
    out.reserve(ws.size());
    for (std::size_t i = 0; i < ws.size(); ++i) {
      if (i + 1 < ws.size()) {
        if (auto it = config_.phrases.find(ws[i] + " " + ws[i + 1]); it != config_.phrases.end()) {
          out.push_back(it->second);
          ++i;
          continue;
        }
      }
      out.push_back(std::move(ws[i]));
    }
    ws = std::move(out);
  }

  // 3. Numbers: a run of number words (with "and" inside, "two hundred and forty") or digits,
  //    times the scales after it, becomes "#value".
  Tokens out;
  out.text.reserve(ws.size());
  for (std::size_t i = 0; i < ws.size();) {
    double total = 0, group = 0;
    bool any = false;
    std::size_t j = i;
    while (j < ws.size()) {
      const std::string& w = ws[j];
      if (auto d = digits_value(w)) {
        if (any) break;  // "2 3" is two numbers
        group = *d;
        any = true;
      } else if (auto it = config_.numbers.find(w); it != config_.numbers.end()) {
        if (any && group >= 20 && it->second < 10) group += it->second;  // twenty four
        else if (any && group != 0 && it->second >= 10) break;           // "two twelve": stop
        else group += it->second;
        any = true;
      } else if (auto sc = config_.scales.find(w); any && sc != config_.scales.end()) {
        if (sc->second == 100) {
          group *= 100;
        } else {
          total += group * sc->second;
          group = 0;
        }
      } else if (any && w == "and" && j + 1 < ws.size() && config_.numbers.count(ws[j + 1])) {
        // "hundred and forty"
      } else {
        break;
      }
      ++j;
    }
    if (!any) {
      // A number word of no value ("thousands", "half") is a number too.
      if (ws[i][0] != '\x01' && config_.number_words.count(ws[i])) ws[i].insert(0, 1, '#');
      out.text.push_back(std::move(ws[i]));
      ++i;
      continue;
    }
    out.text.push_back(number_token(total + group));
    i = j;
  }
  for (auto& t : out.text)
    if (t[0] != '\x01') ++out.words;
  return out;
}

std::vector<std::string_view> bracket_words(std::string_view t) {
  std::vector<std::string_view> out;
  if (!t.starts_with(k_editorial_token)) return out;
  t.remove_prefix(k_editorial_token.size());
  while (!t.empty()) {
    auto sp = t.find(' ');
    out.push_back(t.substr(0, sp));
    t.remove_prefix(sp == std::string_view::npos ? t.size() : sp + 1);
  }
  return out;
}

// ---- Token ids ---------------------------------------------------------------------------

TokenIds::TokenIds() { clear(); }

void TokenIds::clear() {
  index_.clear();
  words_.clear();
  id(std::string(k_gap_token));
  id(std::string(k_editorial_token));
}

std::uint32_t TokenIds::id(const std::string& token) {
  auto [it, fresh] = index_.try_emplace(token, static_cast<std::uint32_t>(words_.size()));
  if (fresh) words_.push_back(token);
  return it->second;
}

std::vector<std::uint32_t> TokenIds::ids(const Tokens& t) {
  std::vector<std::uint32_t> out;
  out.reserve(t.text.size());
  for (auto& w : t.text) out.push_back(id(w));
  return out;
}

// ---- Alignment -----------------------------------------------------------------------------

namespace {

constexpr int k_match = 2, k_mismatch = -1, k_gap = -1;

// A piece of quote b between its ellipses and brackets: b[start, end).
struct Piece {
  std::size_t start = 0, end = 0;
  bool after_gap = false;        // an ellipsis stands before it
  bool after_editorial = false;  // a bracket stands before it
};

struct LocalResult {
  std::size_t a0 = 0, a1 = 0, b0 = 0, b1 = 0;
  std::size_t matches = 0;
  std::vector<Edit> edits;
  int score = 0;
};

std::uint64_t pair_key(std::uint32_t x, std::uint32_t y) { return (static_cast<std::uint64_t>(x) << 32) | y; }

// Local alignment of b[bs, be) inside a (words only, no separators in either), in a band
// around the diagonal most of their shared word pairs lie on.
std::optional<LocalResult> align_piece(const std::vector<std::uint32_t>& a, const std::vector<std::uint32_t>& b,
                                       std::size_t bs, std::size_t be, const AlignmentConfig& config) {
  std::size_t n = a.size(), m = be - bs;
  if (n == 0 || m == 0) return std::nullopt;
  // Seeds: the word pairs of b's piece found in a; each votes for its diagonal i - j.
  long diagonal = 0;
  if (m == 1) {
    auto it = std::find(a.begin(), a.end(), b[bs]);
    if (it == a.end()) return std::nullopt;
    diagonal = static_cast<long>(it - a.begin());
  } else {
    // a's word pairs sorted (at most k_pair_positions places each), looked up by binary search;
    // the buffers are kept per thread, as align_passage() runs for every candidate pair.
    constexpr std::size_t k_pair_positions = 16;
    thread_local std::vector<std::pair<std::uint64_t, std::uint32_t>> where;
    thread_local std::vector<long> votes;
    where.clear();
    votes.clear();
    for (std::size_t i = 0; i + 1 < n; ++i) where.emplace_back(pair_key(a[i], a[i + 1]), static_cast<std::uint32_t>(i));
    std::sort(where.begin(), where.end());
    for (std::size_t j = 0; j + 1 < m; ++j) {
      std::uint64_t key = pair_key(b[bs + j], b[bs + j + 1]);
      auto it = std::lower_bound(where.begin(), where.end(), std::make_pair(key, std::uint32_t{0}));
      for (std::size_t c = 0; it != where.end() && it->first == key && c < k_pair_positions; ++it, ++c)
        votes.push_back(static_cast<long>(it->second) - static_cast<long>(j));
    }
    if (votes.empty()) return std::nullopt;
    // The diagonal most pairs lie on (the smallest of equals).
    std::sort(votes.begin(), votes.end());
    std::size_t best = 0;
    for (std::size_t x = 0; x < votes.size();) {
      std::size_t y = x;
      while (y < votes.size() && votes[y] == votes[x]) ++y;
      if (y - x > best) {
        best = y - x;
        diagonal = votes[x];
      }
      x = y;
    }
  }
  // Banded Smith-Waterman: row j of b (0..m), column i = j + diagonal - w + k of a.
  const long w = static_cast<long>(config.band + m / 10);
  const long width = 2 * w + 1;
  thread_local std::vector<int> h;
  thread_local std::vector<std::uint8_t> from;  // 0 start, 1 diagonal, 2 up (b word added), 3 left (a word dropped)
  h.assign(static_cast<std::size_t>((m + 1) * width), 0);
  from.assign(h.size(), 0);
  auto at = [&](std::size_t j, long k) { return static_cast<std::size_t>(static_cast<long>(j) * width + k); };
  int best = 0;
  std::size_t best_j = 0;
  long best_k = 0;
  for (std::size_t j = 0; j <= m; ++j) {
    for (long k = 0; k < width; ++k) {
      long i = static_cast<long>(j) + diagonal - w + k;
      if (i < 0 || i > static_cast<long>(n)) continue;
      if (j == 0 || i == 0) continue;  // the border: 0, start
      // A path that goes on at a score of 0 is kept rather than started anew, so that a change
      // right after the first equal word stays inside the passage (the trim below decides).
      int v = -1;
      std::uint8_t f = 0;
      bool same = a[static_cast<std::size_t>(i - 1)] == b[bs + j - 1];
      // diagonal: (j-1, i-1) is k in row j-1
      int d = h[at(j - 1, k)] + (same ? k_match : k_mismatch);
      bool from_path = from[at(j - 1, k)] != 0 || same;
      if (d > v && (from_path || d > 0)) v = d, f = 1;
      if (k + 1 < width && from[at(j - 1, k + 1)] != 0) {  // up: (j-1, i) is k+1 in row j-1
        int u = h[at(j - 1, k + 1)] + k_gap;
        if (u > v) v = u, f = 2;
      }
      if (k > 0 && from[at(j, k - 1)] != 0) {  // left: (j, i-1) is k-1 in row j
        int l = h[at(j, k - 1)] + k_gap;
        if (l > v) v = l, f = 3;
      }
      if (v < 0) v = 0, f = 0;
      h[at(j, k)] = v;
      from[at(j, k)] = f;
      if (v > best) {
        best = v;
        best_j = j;
        best_k = k;
      }
    }
  }
  if (best <= 0) return std::nullopt;
  // Trace back from the best cell to where the local alignment starts.
  LocalResult r;
  r.score = best;
  std::size_t j = best_j;
  long k = best_k;
  auto col = [&](std::size_t jj, long kk) { return static_cast<std::size_t>(static_cast<long>(jj) + diagonal - w + kk); };
  r.a1 = col(j, k);
  r.b1 = bs + j;
  std::vector<std::uint8_t> ops;  // reversed
  while (j > 0 && from[at(j, k)] != 0) {
    std::uint8_t f = from[at(j, k)];
    std::size_t i = col(j, k);
    if (f == 1) {
      ops.push_back(a[i - 1] == b[bs + j - 1] ? 0 : 1);
      --j;
    } else if (f == 2) {
      ops.push_back(2);
      --j;
      ++k;
    } else {
      ops.push_back(3);
      --k;
    }
  }
  r.a0 = col(j, k);
  r.b0 = bs + j;
  std::reverse(ops.begin(), ops.end());
  // Edits: runs of non-matches.
  std::size_t i = r.a0, jb = r.b0;
  Edit cur;
  bool open = false;
  for (auto op : ops) {
    if (op == 0) {
      if (open) r.edits.push_back(cur);
      open = false;
      ++r.matches;
      ++i;
      ++jb;
      continue;
    }
    if (!open) cur = {i, i, jb, jb}, open = true;
    if (op == 1) ++i, ++jb;
    else if (op == 2) ++jb;
    else ++i;
    cur.a1 = i;
    cur.b1 = jb;
  }
  if (open) r.edits.push_back(cur);
  return r;
}

// Two editor's brackets at one place differ when their words do, unless they are wholly
// other words (two ways to name one referent: "[the senator]" / "[Warren]", unless numbers),
// or one is a short part of the other (a name given in full: "[Boehner]" / "[John Boehner]").
bool brackets_differ(std::string_view x, std::string_view y) {
  auto split = [](std::string_view t) {
    auto out = bracket_words(t);
    std::sort(out.begin(), out.end());
    return out;
  };
  auto wx = split(x), wy = split(y);
  if (wx == wy) return false;
  std::vector<std::string_view> shared;
  std::set_intersection(wx.begin(), wx.end(), wy.begin(), wy.end(), std::back_inserter(shared));
  auto numeric = [](const std::vector<std::string_view>& ws) {
    return std::any_of(ws.begin(), ws.end(), [](std::string_view w) { return w.size() > 1 && w[0] == '#'; });
  };
  if (shared.empty()) return numeric(wx) && numeric(wy);
  constexpr std::size_t k_name_words = 2;
  const auto& small = wx.size() <= wy.size() ? wx : wy;
  if (shared.size() == small.size() && small.size() <= k_name_words) return false;
  return true;
}

// Joins tokens [x0, x1) of one quote without spaces ("work force" -> "workforce").
std::string joined(const std::vector<std::uint32_t>& ids, std::size_t x0, std::size_t x1, const std::vector<std::string>& words) {
  std::string s;
  for (std::size_t i = x0; i < x1; ++i) s += words[ids[i]];
  return s;
}

}  // namespace

std::optional<PassageAlignment> align_passage(const std::vector<std::uint32_t>& a_in, const std::vector<std::uint32_t>& b,
                                              const std::vector<std::string>& words, std::uint32_t gap_id,
                                              std::uint32_t editorial_id, const AlignmentConfig& config) {
  // a's separators are left out (the reference is read as one run of words); b is aligned in
  // its pieces between separators.
  // An editor's bracket is editorial_id, or an id whose word is k_editorial_token and its words.
  auto editorial = [&](std::uint32_t id) {
    return id == editorial_id || (id < words.size() && words[id].starts_with(k_editorial_token));
  };
  auto separator = [&](std::uint32_t id) { return id == gap_id || editorial(id); };
  constexpr std::size_t k_no_bracket = static_cast<std::size_t>(-1);
  std::vector<std::uint32_t> a;
  std::vector<std::size_t> a_pos;           // index in a_in of each word of a
  std::vector<std::size_t> a_bracket_before;  // index in a_in of an editor's bracket right before this word
  std::size_t pending = k_no_bracket;
  for (std::size_t i = 0; i < a_in.size(); ++i) {
    if (separator(a_in[i])) {
      if (editorial(a_in[i])) pending = i;
      continue;
    }
    a.push_back(a_in[i]);
    a_pos.push_back(i);
    a_bracket_before.push_back(pending);
    pending = k_no_bracket;
  }
  a_bracket_before.push_back(pending);
  std::vector<Piece> pieces;
  {
    Piece p;
    for (std::size_t j = 0; j <= b.size(); ++j) {
      bool sep = j < b.size() && separator(b[j]);
      if (j == b.size() || sep) {
        p.end = j;
        if (p.end > p.start) pieces.push_back(p);
        p = Piece{};
        p.start = j + 1;
        if (sep) {
          p.after_gap = b[j] == gap_id;
          p.after_editorial = editorial(b[j]);
        }
      }
    }
  }
  std::size_t a_words = a.size(), b_words = 0;
  for (auto& p : pieces) b_words += p.end - p.start;
  std::size_t shorter = std::min(a_words, b_words);
  // A quote one word under min_words may still be the other with a word dropped (checked below).
  if (shorter + 1 < config.min_words || pieces.empty()) return std::nullopt;

  // Each piece aligned; pieces must follow each other in a.
  PassageAlignment out;
  bool first = true, elided = false;
  std::size_t last_a1 = 0;
  std::vector<Edit> edits;
  std::vector<Edit> bracket_edits;  // in a_in's positions already
  for (std::size_t pi = 0; pi < pieces.size(); ++pi) {
    const Piece& p = pieces[pi];
    auto r = align_piece(a, b, p.start, p.end, config);
    if (!r || (!first && r->a0 < last_a1)) {
      // A piece found nowhere (or out of order) is words b adds, when it stands between
      // aligned pieces; before the first or after the last it lies outside the passage.
      if (!first) edits.push_back({last_a1, last_a1, p.start, p.end});
      continue;
    }
    if (first) {
      out.a0 = r->a0;
      out.b0 = r->b0;
      first = false;
    } else {
      // Between two pieces: what a has there was left out by b's ellipsis (elided), replaced
      // by b's bracket (elided when short), or is an edit.
      std::size_t skipped = r->a0 - last_a1, b_between = 0;
      for (std::size_t j = out.b1; j < r->b0; ++j)
        if (!separator(b[j])) ++b_between;
      // When a has a bracket there too, the two brackets stand for each other and a's words
      // before it are words b dropped ("and the [farming] towns" / "and [farming] towns").
      const bool same_bracket = p.after_editorial && a_bracket_before[r->a0] != k_no_bracket;
      if (b_between == 0 && !same_bracket && (p.after_gap || (p.after_editorial && skipped <= 6))) elided = true;
      else if (skipped > 0 || b_between > 0)
        edits.push_back({last_a1, r->a0, out.b1, r->b0 - (same_bracket && r->b0 == p.start ? 1 : 0)});
      // Their words compared: another number or word inside them is an edit.
      if (same_bracket && b_between == 0 && brackets_differ(words[a_in[a_bracket_before[r->a0]]], words[b[p.start - 1]]))
        bracket_edits.push_back({a_bracket_before[r->a0], a_bracket_before[r->a0] + 1, p.start - 1, p.start, true});
    }
    for (auto& e : r->edits) edits.push_back(e);
    out.matches += r->matches;
    out.a1 = r->a1;
    out.b1 = r->b1;
    last_a1 = r->a1;
  }
  if (first) return std::nullopt;

  // Differences only of form: the words joined are equal ("work force" / "workforce").
  std::erase_if(edits, [&](const Edit& e) {
    if (e.a1 == e.a0 || e.b1 == e.b0) return false;
    std::string x = joined(a, e.a0, e.a1, words), y;
    for (std::size_t j = e.b0; j < e.b1; ++j)
      if (!separator(b[j])) y += words[b[j]];
    return x == y;
  });
  // An edit with fewer than two equal words between it and the passage's end is no part of
  // the shared passage ("I would have been all in" / "... been sitting in Siberia"): the
  // passage ends before it.
  // Where both quotes begin (or end) at the passage's edge, one equal word is support enough:
  // the edit lies inside both.
  // A long quote's passage is long enough to carry an edit next to its end.
  // A word added or dropped next to a quote's own first or last word is inside that quote
  // too: the quote begins (or ends) there, so that word is no chance match of another remark's
  // ("Frankly, do they know" / "Do not they know").
  const std::size_t k_support = shorter <= config.short_quote ? 2 : 1;
  const bool both_begin = out.a0 == 0 && out.b0 == pieces.front().start && pieces.front().start == 0;
  const bool both_end = out.a1 == a.size() && out.b1 == b.size();
  const bool one_begins = out.a0 == 0 || (out.b0 == 0 && pieces.front().start == 0);
  const bool one_ends = out.a1 == a.size() || (out.b1 == b.size() && pieces.back().end == b.size());
  // That needs the passage on its other side to be long enough to be the same words alone.
  auto indel = [&](const Edit& e, bool front) {
    std::size_t rest = front ? out.a1 - e.a1 : e.a0 - out.a0;
    return (e.a1 - e.a0) + (e.b1 - e.b0) == 1 && rest >= config.min_passage;
  };
  while (!edits.empty() &&
         edits.front().a0 - out.a0 < (both_begin || (one_begins && indel(edits.front(), true)) ? 1 : k_support)) {
    const Edit e = edits.front();
    out.matches -= std::min(out.matches, e.a0 - out.a0);
    out.a0 = e.a1;
    out.b0 = e.b1;
    edits.erase(edits.begin());
  }
  while (!edits.empty() && out.a1 - edits.back().a1 < (both_end || (one_ends && indel(edits.back(), false)) ? 1 : k_support)) {
    const Edit e = edits.back();
    out.matches -= std::min(out.matches, out.a1 - e.a1);
    out.a1 = e.a0;
    out.b1 = e.b0;
    edits.pop_back();
  }
  if (out.a1 <= out.a0 || out.b1 <= out.b0) return std::nullopt;

  // One word replaced at both quotes' ends ("... we will win" / "... we will lose") is a
  // substitution, not a trim, when the quote is long enough to tell, or when it is all that
  // differs between two short quotes of the same length (of unequal length, a short quote's
  // last word is too often its point: "I don't think it matters" / "... I don't think it was").
  // A number in place of another at one quote's end is a changed number whatever the other
  // quote goes on with ("by May 27" / "by May 28, and I ...").
  const bool first_piece = out.b0 >= pieces.front().start && out.b0 <= pieces.front().end;
  const bool head_differs = out.a0 == 1 && first_piece && out.b0 == pieces.front().start + 1 && pieces.front().start == 0;
  const bool tail_differs = out.a1 + 1 == a.size() && out.b1 + 1 == b.size() && pieces.back().end == b.size();
  const bool a_shorter = a_words < b_words;
  const bool long_enough = b_words > config.short_quote && out.matches >= config.short_quote;
  const bool short_one = edits.empty() && a_words == b_words && out.matches + 1 >= config.min_words &&
                         head_differs != tail_differs;
  auto number = [&](std::uint32_t id) { return words[id].size() > 1 && words[id][0] == '#'; };
  // The word before (after) the passage in the shorter quote, where it begins (ends) one word
  // before (after) it, against the longer's word there.
  const bool head_number = !head_differs && out.a0 >= 1 && first_piece && out.b0 >= pieces.front().start + 1 &&
                           (a_shorter ? out.a0 == 1 : out.b0 == pieces.front().start + 1 && pieces.front().start == 0) &&
                           number(a[out.a0 - 1]) && number(b[out.b0 - 1]);
  const bool tail_number = !tail_differs && out.a1 < a.size() && out.b1 < pieces.back().end &&
                           (a_shorter ? out.a1 + 1 == a.size() : out.b1 + 1 == b.size() && pieces.back().end == b.size()) &&
                           number(a[out.a1]) && number(b[out.b1]);
  if ((long_enough || short_one || head_number) && (head_differs || head_number)) {
    std::vector<Edit> with_head{{out.a0 - 1, out.a0, out.b0 - 1, out.b0}};
    with_head.insert(with_head.end(), edits.begin(), edits.end());
    edits = std::move(with_head);
    out.a0 -= 1;
    out.b0 -= 1;
  }
  if ((long_enough || short_one || tail_number) && (tail_differs || tail_number)) {
    edits.push_back({out.a1, out.a1 + 1, out.b1, out.b1 + 1});
    out.a1 += 1;
    out.b1 += 1;
  }
  std::size_t edited = bracket_edits.size();
  for (auto& e : edits) edited += std::max(e.a1 - e.a0, e.b1 - e.b0);
  out.identity = out.matches + edited == 0 ? 1.0 : static_cast<double>(out.matches) / static_cast<double>(out.matches + edited);

  // One statement? The passage must be long enough to be the same words: the whole of a
  // short quote, a share growing with length for a long one.
  std::size_t b_outside_words = 0;
  for (auto& p : pieces) {
    std::size_t lo = std::max(p.start, std::min(out.b0, p.end)), hi = std::min(p.end, std::max(out.b1, p.start));
    b_outside_words += (p.end - p.start) - (hi > lo ? hi - lo : 0);
  }
  std::size_t a_before = out.a0, a_after = a.size() - out.a1;
  // An editor's bracket at b's start or end stands for a's few words there ("[Boehner] said"
  // for "He said").
  constexpr std::size_t k_bracket_words = 6;
  // A bracket at the start (end) of both, with the passage at it, is compared as one between pieces.
  if (pieces.front().after_editorial && out.b0 == pieces.front().start && out.a0 == 0 && !a_in.empty() &&
      editorial(a_in.front()) && a_pos.front() == 1) {
    if (brackets_differ(words[a_in.front()], words[b[pieces.front().start - 1]]))
      bracket_edits.push_back({0, 1, pieces.front().start - 1, pieces.front().start, true});
  } else if (pieces.front().after_editorial && out.b0 == pieces.front().start && a_before <= k_bracket_words) {
    a_before = 0;
    elided = true;
  }
  if (!b.empty() && editorial(b.back()) && out.b1 == pieces.back().end && pieces.back().end + 1 == b.size() &&
      out.a1 == a.size() && !a_in.empty() && editorial(a_in.back()) && a_pos.back() + 2 == a_in.size()) {
    if (brackets_differ(words[a_in.back()], words[b.back()]))
      bracket_edits.push_back({a_in.size() - 1, a_in.size(), b.size() - 1, b.size(), true});
  } else if (!b.empty() && editorial(b.back()) && out.b1 == pieces.back().end && a_after <= k_bracket_words) {
    a_after = 0;
    elided = true;
  }
  std::size_t a_outside_words = a_before + a_after;
  if (shorter < config.min_words) {
    // A quote one word under min_words is one statement with the other only when it is all
    // inside it but for one word it lacks, so that the longer's passage has min_words words
    // ("the lasting damage of neglect" / "the lasting damage of past neglect").
    std::size_t shorter_outside = b_words <= a_words ? b_outside_words : a_outside_words;
    if (shorter_outside > 0 || edits.size() != 1) return std::nullopt;
    const Edit& e = edits.front();
    std::size_t in_shorter = b_words <= a_words ? e.b1 - e.b0 : e.a1 - e.a0;
    std::size_t in_longer = b_words <= a_words ? e.a1 - e.a0 : e.b1 - e.b0;
    if (in_shorter != 0 || in_longer != 1) return std::nullopt;
  } else if (shorter <= config.short_quote) {
    std::size_t shorter_outside = b_words <= a_words ? b_outside_words : a_outside_words;
    if (shorter_outside > 0) return std::nullopt;
    // A short quote with more than one word changed is another remark in common words ("I
    // don't believe that's a good idea" / "I don't think that it's a good idea for us").
    // Two one-word edits only in a quote of 8 words or more, with 3 equal words between them.
    for (const auto& e : edits)
      if (std::max(e.a1 - e.a0, e.b1 - e.b0) > 1) return std::nullopt;
    if (edits.size() > 2) return std::nullopt;
    if (edits.size() == 2 && (shorter < 8 || edits[1].a0 - edits[0].a1 < 3)) return std::nullopt;
    if (static_cast<double>(out.matches) < std::ceil(config.min_identity * static_cast<double>(shorter))) return std::nullopt;
  } else {
    // Counted in the passage's words: an edit or two inside it leave it as long (one word
    // changed in a shared run of thirteen is no shorter a run).
    double need = static_cast<double>(config.min_passage) + config.min_passage_share * static_cast<double>(shorter);
    constexpr std::size_t k_edits_counted = 2;
    double run = static_cast<double>(out.matches + std::min(edits.size(), k_edits_counted));
    if (run < std::min(need, static_cast<double>(shorter))) return std::nullopt;
  }
  if (out.identity < config.reworded_min_identity) return std::nullopt;
  // A rewording (two translations of one remark) runs over nearly all of both quotes; a
  // passage of many changed words inside two excerpts is two remarks in common words.
  if (out.identity < config.min_identity && !edits.empty()) {
    constexpr double k_reworded_cover = 0.8;
    double cover_a = 1.0 - static_cast<double>(a_outside_words) / static_cast<double>(std::max<std::size_t>(1, a_words));
    double cover_b = 1.0 - static_cast<double>(b_outside_words) / static_cast<double>(std::max<std::size_t>(1, b_words));
    if (cover_a < k_reworded_cover || cover_b < k_reworded_cover) return std::nullopt;
  }

  out.a_outside = a_outside_words > 0;
  out.b_outside = b_outside_words > 0;
  // Back to a_in's positions for the caller.
  auto map_a = [&](std::size_t i) { return i < a_pos.size() ? a_pos[i] : a_in.size(); };
  for (auto& e : edits) {
    std::size_t x0 = map_a(e.a0), x1 = e.a1 == e.a0 ? x0 : map_a(e.a1 - 1) + 1;
    e.a0 = x0;
    e.a1 = x1;
  }
  for (auto& e : bracket_edits) edits.push_back(e);
  std::stable_sort(edits.begin(), edits.end(), [](const Edit& x, const Edit& y) { return x.b0 < y.b0; });
  out.edits = std::move(edits);
  std::size_t a0 = map_a(out.a0), a1 = out.a1 == 0 ? 0 : map_a(out.a1 - 1) + 1;
  out.a0 = a0;
  out.a1 = a1;

  if (!out.edits.empty()) out.relation = out.identity >= config.min_identity ? Relation::altered : Relation::reworded;
  else if (elided) out.relation = Relation::elided;
  else if (out.a_outside && out.b_outside) out.relation = Relation::overlapping;
  else if (out.a_outside || out.b_outside) out.relation = Relation::trimmed;
  else out.relation = Relation::identical;
  return out;
}

std::optional<PassageAlignment> align_passage(std::string_view a, std::string_view b, const RulePack& pack) {
  return align_passage(a, b, pack, pack.alignment);
}

std::optional<PassageAlignment> align_passage(std::string_view a, std::string_view b, const RulePack& pack,
                                              const AlignmentConfig& config) {
  Normalizer norm(pack.normalization);
  TokenIds ids;
  auto ta = norm.tokens(a), tb = norm.tokens(b);
  auto ia = ids.ids(ta), ib = ids.ids(tb);
  auto r = align_passage(ia, ib, ids.words(), ids.gap_id(), ids.editorial_id(), config);
  // The same canonical words written otherwise.
  if (r && r->relation == Relation::identical && words(a) != words(b)) r->relation = Relation::form;
  return r;
}

}  // namespace quotecheck
