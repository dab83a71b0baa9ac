// quotecheck - token patterns (see token_pattern.hpp): parsed into a small tree, then compiled
// to one RE2 program over the symbol string, each token test becoming a sequence of byte
// classes (one per byte of a token's code; tokens.hpp says how a token is encoded).
#include "quotecheck/token_pattern.hpp"

#include <re2/re2.h>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <bit>
#include <bitset>
#include <cctype>
#include <cstring>
#include <map>
#include <mutex>
#include <optional>
#include <set>

namespace quotecheck::tokens {

namespace {

// A token test as a formula over features and words.
struct Test {
  enum class Kind { any, feature, word, all, either, negate } kind = Kind::any;
  int bit = 0;
  std::uint32_t word = 0;
  std::vector<Test> parts;
};

struct Node {
  enum class Kind { test, seq, alt, group, repeat, start, end } kind = Kind::seq;
  Test test;
  std::vector<Node> parts;
  std::string name;  // of a named group
  int min = 0, max = -1;
  bool lazy = false;
};

using Cells = std::vector<std::bitset<128>>;  // the byte values each byte of a token may take

class Parser {
 public:
  Parser(std::string_view src, std::string macro, Features& features, const std::map<std::string, std::string, std::less<>>& macros,
         std::vector<std::string>& stack)
      : src_(src), macro_(std::move(macro)), features_(features), macros_(macros), stack_(stack) {}

  std::expected<Node, PatternError> parse() {
    auto n = alternation();
    if (!n) return n;
    skip();
    if (i_ < src_.size()) return fail(src_[i_] == ')' ? "')' without its '('" : fmt::format("unexpected '{}'", src_[i_]));
    return n;
  }

 private:
  std::string_view src_;
  std::string macro_;
  Features& features_;
  const std::map<std::string, std::string, std::less<>>& macros_;
  std::vector<std::string>& stack_;
  std::size_t i_ = 0;

  std::unexpected<PatternError> fail(std::string message, std::size_t at = std::string::npos) const {
    return std::unexpected(PatternError{macro_, static_cast<int>((at == std::string::npos ? i_ : at) + 1), std::move(message)});
  }
  void skip() {
    while (i_ < src_.size() && (src_[i_] == ' ' || src_[i_] == '\t' || src_[i_] == '\n' || src_[i_] == '\r')) ++i_;
  }
  bool eat(char c) {
    skip();
    if (i_ < src_.size() && src_[i_] == c) {
      ++i_;
      return true;
    }
    return false;
  }

  std::expected<Node, PatternError> alternation() {
    Node alt{Node::Kind::alt};
    for (;;) {
      auto s = sequence();
      if (!s) return s;
      alt.parts.push_back(std::move(*s));
      if (!eat('|')) break;
    }
    if (alt.parts.size() == 1) return std::move(alt.parts[0]);
    return alt;
  }

  std::expected<Node, PatternError> sequence() {
    Node seq{Node::Kind::seq};
    for (;;) {
      skip();
      if (i_ >= src_.size() || src_[i_] == '|' || src_[i_] == ')') break;
      std::size_t at = i_;
      auto item = atom();
      if (!item) return item;
      auto q = quantifier(std::move(*item), at);
      if (!q) return q;
      seq.parts.push_back(std::move(*q));
    }
    return seq;
  }

  std::expected<Node, PatternError> quantifier(Node item, std::size_t at) {
    for (;;) {
      if (i_ >= src_.size()) return item;
      char c = src_[i_];
      int min = 0, max = -1;
      if (c == '*') {
        ++i_;
      } else if (c == '+') {
        min = 1;
        ++i_;
      } else if (c == '?') {
        max = 1;
        ++i_;
      } else if (c == '{' && i_ + 1 < src_.size() && std::isdigit(static_cast<unsigned char>(src_[i_ + 1]))) {
        std::size_t start = i_++;
        auto number = [&](int& out) {
          if (i_ >= src_.size() || !std::isdigit(static_cast<unsigned char>(src_[i_]))) return false;
          out = 0;
          while (i_ < src_.size() && std::isdigit(static_cast<unsigned char>(src_[i_]))) {
            out = out * 10 + (src_[i_++] - '0');
            if (out > 1000) return false;
          }
          return true;
        };
        if (!number(min)) return fail("a repetition count is a number of at most 1000", start);
        max = min;
        if (i_ < src_.size() && src_[i_] == ',') {
          ++i_;
          max = -1;
          if (i_ < src_.size() && src_[i_] != '}' && !number(max)) return fail("a repetition count is a number of at most 1000", start);
        }
        if (i_ >= src_.size() || src_[i_] != '}') return fail("'{m,n}' is not closed", start);
        ++i_;
        if (max >= 0 && max < min) return fail("a repetition's maximum is below its minimum", start);
      } else {
        return item;
      }
      if (item.kind == Node::Kind::start || item.kind == Node::Kind::end) return fail("'^' and '$' cannot repeat", at);
      Node r{Node::Kind::repeat};
      r.min = min;
      r.max = max;
      if (i_ < src_.size() && src_[i_] == '?') {
        r.lazy = true;
        ++i_;
      }
      r.parts.push_back(std::move(item));
      item = std::move(r);
    }
  }

  // The macro named at i_ ("{name}"), parsed: its name and the offset of its '}' in `name` and
  // `end`; i_ is left where it is, for the caller to move past the '}'.
  std::expected<Node, PatternError> macro(std::string& name, std::size_t& end) {
    end = src_.find('}', i_);
    if (end == std::string_view::npos) return fail("'{' is not closed");
    name = std::string(src_.substr(i_ + 1, end - i_ - 1));
    auto it = macros_.find(name);
    if (it == macros_.end()) return fail(fmt::format("no macro '{}'", name));
    for (auto& s : stack_)
      if (s == name) return fail(fmt::format("macro '{}' uses itself", name));
    stack_.push_back(name);
    Parser inner(it->second, name, features_, macros_, stack_);
    auto n = inner.parse();
    stack_.pop_back();
    return n;
  }

  std::expected<Node, PatternError> atom() {
    skip();
    std::size_t at = i_;
    char c = src_[i_];
    if (c == '^' || c == '$') {
      ++i_;
      return Node{c == '^' ? Node::Kind::start : Node::Kind::end};
    }
    if (c == '[') {
      ++i_;
      Node n{Node::Kind::test};
      skip();
      if (i_ < src_.size() && src_[i_] == ']') {
        ++i_;
        return n;  // any token
      }
      auto t = test_or();
      if (!t) return std::unexpected(t.error());
      if (!eat(']')) return fail("a token test is closed by ']'", at);
      n.test = std::move(*t);
      return n;
    }
    if (c == '"' || (c == '~' && i_ + 1 < src_.size() && src_[i_ + 1] == '"')) {
      if (c == '~') ++i_;
      auto words = literal(c == '~');
      if (!words) return std::unexpected(words.error());
      if (words->size() == 1) return Node{Node::Kind::test, std::move((*words)[0])};
      Node seq{Node::Kind::seq};
      for (auto& w : *words) seq.parts.push_back(Node{Node::Kind::test, std::move(w)});
      return seq;
    }
    if (c == '(') {
      ++i_;
      std::string name;
      if (src_.substr(i_).starts_with("?P<")) {
        i_ += 3;
        std::size_t start = i_;
        while (i_ < src_.size() && (std::isalnum(static_cast<unsigned char>(src_[i_])) || src_[i_] == '_')) ++i_;
        name = std::string(src_.substr(start, i_ - start));
        if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0])) || i_ >= src_.size() || src_[i_] != '>')
          return fail("a group's name is letters, digits and '_': (?P<speaker> ...)", at);
        ++i_;
      } else if (src_.substr(i_).starts_with("?:")) {
        i_ += 2;
      }
      auto inner = alternation();
      if (!inner) return inner;
      if (!eat(')')) return fail("'(' is not closed", at);
      if (name.empty()) return inner;
      Node g{Node::Kind::group};
      g.name = std::move(name);
      g.parts.push_back(std::move(*inner));
      return g;
    }
    if (c == '{') {
      std::string name;
      std::size_t end = 0;
      auto n = macro(name, end);
      if (!n) return n;
      i_ = end + 1;
      return n;
    }
    if (std::isalpha(static_cast<unsigned char>(c)))
      return fail("a feature goes in brackets ([cap]) and a word in quotes (\"said\")");
    return fail(fmt::format("unexpected '{}'", c));
  }

  // "said", "according to", "\"": the words of a literal, each a word test.
  // "said" matches the word as its first letter is written: "said" a lower-case token, "Said" a
  // capitalised one; ~"said" matches it in any case. (The words of a literal are compared
  // case-insensitively; the shape features lower and cap carry the case.)
  std::expected<std::vector<Test>, PatternError> literal(bool any_case = false) {
    std::size_t at = i_++;
    std::string text;
    while (i_ < src_.size() && src_[i_] != '"') {
      if (src_[i_] == '\\' && i_ + 1 < src_.size()) ++i_;
      text += src_[i_++];
    }
    if (i_ >= src_.size()) return fail("a word is closed by '\"'", at);
    ++i_;
    std::vector<Test> out;
    std::size_t k = 0;
    while (k < text.size()) {
      while (k < text.size() && text[k] == ' ') ++k;
      std::size_t j = k;
      while (j < text.size() && text[j] != ' ') ++j;
      if (j > k) {
        Test t{Test::Kind::word};
        std::string_view w = std::string_view(text).substr(k, j - k);
        t.word = features_.intern(w);
        if (t.word >= (1u << 14)) return fail("too many distinct words in the patterns (at most 16383)", at);
        auto first = static_cast<unsigned char>(w[0]);
        const char* shape = any_case ? nullptr : (first >= 'a' && first <= 'z') ? "lower" : (first >= 'A' && first <= 'Z') ? "cap" : nullptr;
        if (shape) {
          Test all{Test::Kind::all};
          Test f{Test::Kind::feature};
          f.bit = features_.find(shape);
          all.parts.push_back(std::move(t));
          all.parts.push_back(std::move(f));
          t = std::move(all);
        }
        out.push_back(std::move(t));
      }
      k = j;
    }
    if (out.empty()) return fail("an empty word", at);
    return out;
  }

  std::expected<Test, PatternError> test_or() {
    auto a = test_and();
    if (!a) return a;
    if (!eat('|')) return a;
    Test t{Test::Kind::either};
    t.parts.push_back(std::move(*a));
    do {
      auto b = test_and();
      if (!b) return b;
      t.parts.push_back(std::move(*b));
    } while (eat('|'));
    return t;
  }

  std::expected<Test, PatternError> test_and() {
    auto a = test_not();
    if (!a) return a;
    if (!eat('&')) return a;
    Test t{Test::Kind::all};
    t.parts.push_back(std::move(*a));
    do {
      auto b = test_not();
      if (!b) return b;
      t.parts.push_back(std::move(*b));
    } while (eat('&'));
    return t;
  }

  std::expected<Test, PatternError> test_not() {
    skip();
    if (i_ >= src_.size()) return fail("a token test is closed by ']'");
    std::size_t at = i_;
    char c = src_[i_];
    if (c == '!') {
      ++i_;
      auto inner = test_not();
      if (!inner) return inner;
      Test t{Test::Kind::negate};
      t.parts.push_back(std::move(*inner));
      return t;
    }
    if (c == '(') {
      ++i_;
      auto inner = test_or();
      if (!inner) return inner;
      if (!eat(')')) return fail("'(' is not closed", at);
      return inner;
    }
    if (c == '"' || (c == '~' && i_ + 1 < src_.size() && src_[i_ + 1] == '"')) {
      if (c == '~') ++i_;
      auto words = literal(c == '~');
      if (!words) return std::unexpected(words.error());
      if (words->size() != 1) return fail("inside a token test a literal is one word", at);
      return std::move((*words)[0]);
    }
    if (c == '{') {
      // A macro that is one token test ("name_word: '[/\p{Lu}.../]'") tests this token:
      // [!glued & {name_word}].
      std::string name;
      std::size_t end = 0;
      auto n = macro(name, end);
      if (!n) return std::unexpected(n.error());
      while (n->kind == Node::Kind::seq && n->parts.size() == 1) {
        Node only = std::move(n->parts[0]);
        *n = std::move(only);
      }
      if (n->kind != Node::Kind::test) return fail(fmt::format("macro '{}' is not one token test, so it cannot stand inside one", name), at);
      i_ = end + 1;
      return std::move(n->test);
    }
    if (c == '/') {
      std::size_t end = i_ + 1;
      std::string re;
      while (end < src_.size() && src_[end] != '/') {
        if (src_[end] == '\\' && end + 1 < src_.size()) re += src_[end++];
        re += src_[end++];
      }
      if (end >= src_.size()) return fail("a /regex/ test is closed by '/'", at);
      std::string error;
      int bit = features_.add_regex(re, error);
      if (bit < 0) return fail(fmt::format("bad /regex/ test: {}", error), at);
      i_ = end + 1;
      Test t{Test::Kind::feature};
      t.bit = bit;
      return t;
    }
    std::size_t start = i_;
    while (i_ < src_.size() && (std::isalnum(static_cast<unsigned char>(src_[i_])) || src_[i_] == '_' || src_[i_] == '.' || src_[i_] == '-'))
      ++i_;
    if (i_ == start) return fail(fmt::format("unexpected '{}' in a token test", c));
    std::string name(src_.substr(start, i_ - start));
    int bit = features_.find(name);
    if (bit < 0) return fail(fmt::format("no token feature '{}'", name), start);
    Test t{Test::Kind::feature};
    t.bit = bit;
    return t;
  }
};

// A conjunction of literals, as the cells of one token code; negated words split a cell set
// in two, so a conjunction can give several.
struct Literal {
  bool negated = false;
  bool word = false;
  int bit = 0;
  std::uint32_t id = 0;
};
using Conjunction = std::vector<Literal>;

// Disjunctive normal form of `t` (negated when `negate`).
std::vector<Conjunction> dnf(const Test& t, bool negate) {
  using K = Test::Kind;
  switch (t.kind) {
    case K::any: return negate ? std::vector<Conjunction>{} : std::vector<Conjunction>{Conjunction{}};
    case K::feature: return {{Literal{negate, false, t.bit, 0}}};
    case K::word: return {{Literal{negate, true, 0, t.word}}};
    case K::negate: return dnf(t.parts[0], !negate);
    case K::all:
    case K::either: {
      bool conj = (t.kind == K::all) != negate;
      if (!conj) {
        std::vector<Conjunction> out;
        for (auto& p : t.parts)
          for (auto& c : dnf(p, negate)) out.push_back(std::move(c));
        return out;
      }
      std::vector<Conjunction> out{Conjunction{}};
      for (auto& p : t.parts) {
        auto next = dnf(p, negate);
        std::vector<Conjunction> product;
        for (auto& a : out)
          for (auto& b : next) {
            Conjunction c = a;
            c.insert(c.end(), b.begin(), b.end());
            product.push_back(std::move(c));
          }
        out = std::move(product);
        if (out.size() > 4096) break;  // checked by the caller
      }
      return out;
    }
  }
  return {};
}

std::bitset<128> with_bit(int bit, bool set) {
  std::bitset<128> b;
  for (int v = 0; v < 128; ++v)
    if (((v >> bit) & 1) == (set ? 1 : 0)) b.set(static_cast<std::size_t>(v));
  return b;
}

std::bitset<128> only(unsigned v) {
  std::bitset<128> b;
  b.set(v & 0x7F);
  return b;
}

// The code of a token as one pattern's RE2 program reads it: only the features that pattern
// tests and a class for the words it names (a pattern tests some twenty features of the sixty
// a pack's patterns use, so its code is a third as long, and RE2's DFA has a third of the
// steps and far fewer states). PatternSet::find() projects the window's code (Features::encode,
// every pattern's features) onto each pattern's layout before RE2 runs.
struct Layout {
  std::vector<int> slot;                 // per feature bit: its rank in this code, -1 if untested
  int features = 0;                      // how many it tests
  std::vector<std::uint16_t> word_class;  // per word id: its class (1...), 0 if the pattern names it not
  int words = 0;                         // how many words it names
  int word_bytes = 0;                    // 0, 1 (under 128 words) or 2
  int feature_bytes = 1;

  int width() const { return 1 + word_bytes + feature_bytes - 1; }
  // Where feature `bit` lives (byte, bit within it), as Features::place does for the whole code.
  std::pair<int, int> place(int bit) const {
    int s = bit >= 0 && static_cast<std::size_t>(bit) < slot.size() ? slot[static_cast<std::size_t>(bit)] : -1;
    if (s < 0) return {-1, -1};
    int byte = s % feature_bytes, at = 6 - s / feature_bytes;
    return {byte == 0 ? 0 : word_bytes + byte, at};
  }
  unsigned word_of(std::uint32_t id) const { return id < word_class.size() ? word_class[id] : 0; }
};

void cells_of(const Layout& f, const Conjunction& c, std::size_t k, Cells cells, std::vector<Cells>& out) {
  for (; k < c.size(); ++k) {
    const Literal& l = c[k];
    if (!l.word) {
      auto [byte, bit] = f.place(l.bit);
      cells[static_cast<std::size_t>(byte)] &= with_bit(bit, !l.negated);
      continue;
    }
    unsigned id = f.word_of(l.id);
    auto lo = only(id & 0x7F), hi = only((id >> 7) & 0x7F);
    if (!l.negated) {
      cells[1] &= lo;
      if (f.word_bytes > 1) cells[2] &= hi;
      continue;
    }
    // Not this word: another low byte, or the same low byte and another high one.
    Cells a = cells, b = cells;
    a[1] &= ~lo;
    cells_of(f, c, k + 1, std::move(a), out);
    if (f.word_bytes > 1) {
      b[1] &= lo;
      b[2] &= ~hi;
      cells_of(f, c, k + 1, std::move(b), out);
    }
    return;
  }
  for (auto& cell : cells)
    if (cell.none()) return;
  out.push_back(std::move(cells));
}

// A cell's byte class. Every byte of a token's code but its first is under 0x80 and the first
// (the marker) is 0x80 or over, so within a match that starts at a token (see compile_node()) a
// cell that takes every value of its half takes every byte: it is written `.` (`relax`), which
// RE2 compiles to one instruction that does not split the byte map (a half written as a range
// splits it, and building the byte map of a program with thousands of them cost more than the
// rest of RE2's compile).
std::string byte_class(const std::bitset<128>& set, bool marker, bool relax) {
  unsigned base = marker ? 0x80 : 0;
  if (set.all()) return relax ? "." : marker ? "[\\x80-\\xff]" : "[\\x00-\\x7f]";
  std::string out = "[";
  for (unsigned v = 0; v < 128;) {
    if (!set.test(v)) {
      ++v;
      continue;
    }
    unsigned w = v;
    while (w + 1 < 128 && set.test(w + 1)) ++w;
    auto hex = [&](unsigned b) {
      static constexpr char digits[] = "0123456789abcdef";
      out += "\\x";
      out += digits[b >> 4];
      out += digits[b & 15];
    };
    hex(base + v);
    if (w > v) {
      out += '-';
      hex(base + w);
    }
    v = w + 1;
  }
  return out + "]";
}

// The byte values from `a` to `b` (each < 128).
std::bitset<128> value_range(unsigned a, unsigned b) {
  std::bitset<128> out;
  for (unsigned v = a; v <= b && v < 128; ++v) out.set(v);
  return out;
}

using WordSets = std::map<std::vector<std::pair<bool, int>>, std::vector<std::uint32_t>>;

// Splits `conjunctions` into those that differ only in the one word they name ("In" | "On" |
// "At": each a word and cap), grouped as sets of words by what else they test, and the rest
// (kept in `other`, when given).
WordSets word_sets(const std::vector<Conjunction>& conjunctions, std::vector<const Conjunction*>* other) {
  WordSets sets;
  for (auto& c : conjunctions) {
    int words = 0;
    std::uint32_t id = 0;
    std::vector<std::pair<bool, int>> rest;
    for (auto& l : c) {
      if (l.word && !l.negated) {
        ++words;
        id = l.id;
      } else if (l.word) {
        words = 2;  // a negated word: not a set
      } else {
        rest.emplace_back(l.negated, l.bit);
      }
    }
    if (words != 1) {
      if (other) other->push_back(&c);
      continue;
    }
    std::sort(rest.begin(), rest.end());
    rest.erase(std::unique(rest.begin(), rest.end()), rest.end());
    sets[std::move(rest)].push_back(id);
  }
  for (auto& [rest, ids] : sets) {
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  }
  return sets;
}

// `first`: the test may read the first token of a match, so its marker byte keeps its class
// (a match then starts only at a token; see compile_node()).
std::expected<std::string, std::string> compile_test(const Layout& f, const Test& t, int width, bool first, bool loose) {
  auto conjunctions = dnf(t, false);
  if (conjunctions.size() > 4096) return std::unexpected(std::string("a token test too large to compile (write it with fewer alternatives)"));
  std::vector<Cells> all;
  // A set of words is a few runs of consecutive word ids, each one byte range, not one
  // alternative per word (a list of sixty words would run sixty threads through RE2's NFA).
  std::vector<const Conjunction*> other;
  auto sets = word_sets(conjunctions, &other);
  for (auto* c : other) cells_of(f, *c, 0, Cells(static_cast<std::size_t>(width), std::bitset<128>().set()), all);
  for (auto& [rest, ids] : sets) {
    Conjunction c;
    for (auto [negated, bit] : rest) c.push_back(Literal{negated, false, bit, 0});
    std::vector<Cells> base;
    cells_of(f, c, 0, Cells(static_cast<std::size_t>(width), std::bitset<128>().set()), base);
    std::vector<std::uint32_t> classes;
    for (auto id : ids) classes.push_back(f.word_of(id));
    std::sort(classes.begin(), classes.end());
    for (std::size_t i = 0; i < classes.size();) {
      std::size_t j = i;
      while (j + 1 < classes.size() && classes[j + 1] == classes[j] + 1 && (classes[j + 1] >> 7) == (classes[i] >> 7)) ++j;
      for (auto cells : base) {
        cells[1] &= value_range(classes[i] & 0x7F, classes[j] & 0x7F);
        if (f.word_bytes > 1) cells[2] &= only((classes[i] >> 7) & 0x7F);
        bool empty = false;
        for (auto& cell : cells) empty = empty || cell.none();
        if (!empty) all.push_back(std::move(cells));
      }
      i = j + 1;
    }
  }
  if (all.empty()) return std::unexpected(std::string("a token test that no token can pass"));
  std::set<std::string> alternatives;
  for (auto& cells : all) {
    std::string seq;
    for (std::size_t b = 0; b < cells.size(); ++b) seq += byte_class(cells[b], b == 0, loose && !(first && b == 0));
    alternatives.insert(std::move(seq));
  }
  if (alternatives.size() == 1) return *alternatives.begin();
  std::string out = "(?:";
  for (auto& a : alternatives) {
    if (out.size() > 3) out += '|';
    out += a;
  }
  return out + ")";
}

// Whether `n` can match no token at all.
bool nullable(const Node& n) {
  using K = Node::Kind;
  switch (n.kind) {
    case K::test: return false;
    case K::start:
    case K::end: return true;
    case K::seq: return std::all_of(n.parts.begin(), n.parts.end(), [](const Node& p) { return nullable(p); });
    case K::alt: return std::any_of(n.parts.begin(), n.parts.end(), [](const Node& p) { return nullable(p); });
    case K::group: return nullable(n.parts[0]);
    case K::repeat: return n.min == 0 || nullable(n.parts[0]);
  }
  return true;
}

// The RE2 source of `n`. `first`: `n` may read the first token of a match. Those tests keep
// their marker byte's class, so that a match starts only at a marker byte, that is at a token
// (the search is unanchored); every token is `width` bytes, so from there on each cell reads a
// byte of its own kind and the other cells may be written as loosely as that allows
// (byte_class()): the program matches what it would with every class written out (`loose`
// false, for the tests).
std::expected<std::string, std::string> compile_node(const Layout& f, const Node& n, int width, bool first, bool loose = true) {
  using K = Node::Kind;
  switch (n.kind) {
    case K::test: return compile_test(f, n.test, width, first, loose);
    case K::start: return std::string("^");
    case K::end: return std::string("$");
    case K::seq: {
      std::string out;
      for (auto& p : n.parts) {
        auto s = compile_node(f, p, width, first, loose);
        if (!s) return s;
        out += *s;
        first = first && nullable(p);
      }
      return out;
    }
    case K::alt: {
      std::string out = "(?:";
      for (std::size_t i = 0; i < n.parts.size(); ++i) {
        auto s = compile_node(f, n.parts[i], width, first, loose);
        if (!s) return s;
        if (i) out += '|';
        out += *s;
      }
      return out + ")";
    }
    case K::group: {
      auto s = compile_node(f, n.parts[0], width, first, loose);
      if (!s) return s;
      return "(?P<" + n.name + ">" + *s + ")";
    }
    case K::repeat: {
      auto s = compile_node(f, n.parts[0], width, first, loose);
      if (!s) return s;
      std::string q;
      if (n.min == 0 && n.max < 0) q = "*";
      else if (n.min == 1 && n.max < 0) q = "+";
      else if (n.min == 0 && n.max == 1) q = "?";
      else if (n.max < 0) q = fmt::format("{{{},}}", n.min);
      else if (n.max == n.min) q = fmt::format("{{{}}}", n.min);
      else q = fmt::format("{{{},{}}}", n.min, n.max);
      if (n.lazy) q += '?';
      return "(?:" + *s + ")" + q;
    }
  }
  return std::string();
}

// A word tested under a negation ("[!("," | ";")]") becomes a feature of its own: "not this
// word" is then one bit, where over the two bytes of the word id it would split the test into
// alternatives (two per word).
bool promote_negated_words(Test& t, bool negated, Features& f) {
  if (t.kind == Test::Kind::negate) negated = !negated;
  if (t.kind == Test::Kind::word && negated) {
    int bit = f.word_bit(t.word);
    if (bit < 0) return false;
    t.kind = Test::Kind::feature;
    t.bit = bit;
  }
  for (auto& p : t.parts)
    if (!promote_negated_words(p, negated, f)) return false;
  return true;
}

bool promote_negated_words(Node& n, Features& f) {
  if (n.kind == Node::Kind::test && !promote_negated_words(n.test, false, f)) return false;
  for (auto& p : n.parts)
    if (!promote_negated_words(p, f)) return false;
  return true;
}

void used_bits(const Test& t, FeatureBits& used, std::vector<int>& weight) {
  if (t.kind == Test::Kind::feature) {
    used.set(static_cast<std::size_t>(t.bit));
    if (static_cast<std::size_t>(t.bit) >= weight.size()) weight.resize(static_cast<std::size_t>(t.bit) + 1);
    ++weight[static_cast<std::size_t>(t.bit)];
  }
  for (auto& p : t.parts) used_bits(p, used, weight);
}

void used_bits(const Node& n, FeatureBits& used, std::vector<int>& weight) {
  if (n.kind == Node::Kind::test) used_bits(n.test, used, weight);
  for (auto& p : n.parts) used_bits(p, used, weight);
}

void used_words(const Test& t, std::set<std::uint32_t>& out) {
  if (t.kind == Test::Kind::word) out.insert(t.word);
  for (auto& p : t.parts) used_words(p, out);
}

void used_words(const Node& n, std::set<std::uint32_t>& out) {
  if (n.kind == Node::Kind::test) used_words(n.test, out);
  for (auto& p : n.parts) used_words(p, out);
}

// Pattern `tree`'s layout: its features ranked by how often it tests them (the most tested in
// the bytes' high bits), its words in the order of their ids (so a list of words, numbered
// together by compile(), is a run of classes).
Layout layout_of(const Node& tree) {
  Layout l;
  FeatureBits used;
  std::vector<int> weight;
  used_bits(tree, used, weight);
  std::vector<int> bits;
  for (std::size_t b = used._Find_first(); b < used.size(); b = used._Find_next(b)) bits.push_back(static_cast<int>(b));
  std::stable_sort(bits.begin(), bits.end(), [&](int a, int b) { return weight[static_cast<std::size_t>(a)] > weight[static_cast<std::size_t>(b)]; });
  l.slot.assign(used.size(), -1);
  for (std::size_t i = 0; i < bits.size(); ++i) l.slot[static_cast<std::size_t>(bits[i])] = static_cast<int>(i);
  l.features = static_cast<int>(bits.size());
  l.feature_bytes = std::max(1, (l.features + 6) / 7);
  std::set<std::uint32_t> words;
  used_words(tree, words);
  l.words = static_cast<int>(words.size());
  l.word_bytes = words.empty() ? 0 : words.size() < 128 ? 1 : 2;
  if (!words.empty()) l.word_class.assign(static_cast<std::size_t>(*words.rbegin()) + 1, 0);
  std::uint16_t next = 0;
  for (auto w : words) l.word_class[w] = ++next;
  return l;
}

}  // namespace

void collect_word_sets(const Node& n, std::vector<std::vector<std::uint32_t>>& out) {
  if (n.kind == Node::Kind::test) {
    auto conjunctions = dnf(n.test, false);
    if (conjunctions.size() <= 4096)
      for (auto& [rest, ids] : word_sets(conjunctions, nullptr))
        if (ids.size() > 1) out.push_back(ids);
  }
  for (auto& p : n.parts) collect_word_sets(p, out);
}

void renumber_words(Test& t, const std::vector<std::uint32_t>& id_of) {
  if (t.kind == Test::Kind::word && t.word < id_of.size()) t.word = id_of[t.word];
  for (auto& p : t.parts) renumber_words(p, id_of);
}

void renumber_words(Node& n, const std::vector<std::uint32_t>& id_of) {
  if (n.kind == Node::Kind::test) renumber_words(n.test, id_of);
  for (auto& p : n.parts) renumber_words(p, id_of);
}

// --- the groups of a match, found over the tokens ----------------------------------------
//
// RE2 tells whether a pattern matches (its DFA over the symbol string, fast and cached), but
// finding the groups of a match over a program of thousands of byte-level instructions is
// its NFA's work, a hundred times the cost of the DFA. So a pattern is also compiled to a
// small program over whole tokens, and the groups of a match come from a bounded backtracking
// search over it (as RE2's BitState does: each (instruction, token) pair is tried at most once,
// in the order of preference, so the cost is linear in the window and the answer is RE2's
// leftmost-first match, with each group's last iteration).

namespace {

// A token test over a token's code (Features::encode): a feature is a bit of a byte, a word
// the two bytes of the word id. code_test() folds the parts of an `all` or an `either` that are
// plain features or words into one test per byte (`bytes`: all of a byte's bits for `all`, any
// for `either`) and, for an `either`, a set of word ids (`words`), so that a test of a long
// list of words or of several features is a few look-ups, not a call per part.
struct CodeTest {
  Test::Kind kind = Test::Kind::any;
  int byte = 0;
  unsigned char mask = 0, lo = 0, hi = 0;
  std::vector<std::pair<int, unsigned char>> bytes;  // all / either: (byte, mask) folded from parts
  std::vector<std::uint64_t> words;                   // either: a bit per word id, folded from parts
  std::vector<CodeTest> parts;                        // the parts not folded

  bool operator()(const unsigned char* code) const {
    using K = Test::Kind;
    switch (kind) {
      case K::any: return true;
      case K::feature: return byte >= 0 && (code[byte] & mask) != 0;
      case K::word: return code[1] == lo && code[2] == hi;
      case K::all:
        for (auto [b, m] : bytes)
          if ((code[b] & m) != m) return false;
        for (auto& p : parts)
          if (!p(code)) return false;
        return true;
      case K::either: {
        for (auto [b, m] : bytes)
          if (code[b] & m) return true;
        if (!words.empty()) {
          std::size_t id = static_cast<std::size_t>(code[1]) | (static_cast<std::size_t>(code[2]) << 7);
          if (id / 64 < words.size() && (words[id / 64] >> (id % 64) & 1)) return true;
        }
        for (auto& p : parts)
          if (p(code)) return true;
        return false;
      }
      case K::negate: return !parts[0](code);
    }
    return false;
  }
};

CodeTest code_test(const Features& f, const Test& t) {
  using K = Test::Kind;
  CodeTest c;
  c.kind = t.kind;
  if (t.kind == K::feature) {
    auto [byte, bit] = f.place(t.bit);
    c.byte = byte;
    c.mask = byte < 0 ? 0 : static_cast<unsigned char>(1u << bit);
  } else if (t.kind == K::word) {
    c.lo = static_cast<unsigned char>(t.word & 0x7F);
    c.hi = static_cast<unsigned char>((t.word >> 7) & 0x7F);
  }
  for (auto& p : t.parts) {
    CodeTest part = code_test(f, p);
    bool fold_feature = part.kind == K::feature && part.byte >= 0 && (t.kind == K::all || t.kind == K::either);
    bool fold_word = part.kind == K::word && t.kind == K::either;
    if (fold_feature) {
      auto it = std::find_if(c.bytes.begin(), c.bytes.end(), [&](auto& bm) { return bm.first == part.byte; });
      if (it == c.bytes.end()) c.bytes.emplace_back(part.byte, part.mask);
      else it->second = static_cast<unsigned char>(it->second | part.mask);
    } else if (fold_word) {
      std::size_t id = static_cast<std::size_t>(part.lo) | (static_cast<std::size_t>(part.hi) << 7);
      if (c.words.size() <= id / 64) c.words.resize(id / 64 + 1, 0);
      c.words[id / 64] |= std::uint64_t{1} << (id % 64);
    } else {
      c.parts.push_back(std::move(part));
    }
  }
  return c;
}

// A token test as the disjunction of its conjunctions (dnf()), each a few byte masks and word
// constraints over the token's code: what search() asks, a loop with no calls (CodeTest's tree
// walks a call per part). A test of more than k_flat_clauses conjunctions keeps its tree.
struct FlatTest {
  struct Clause {
    std::vector<std::array<int, 3>> bytes;  // (byte, bits all set, bits all clear)
    std::uint32_t word = 0;                 // the word it is, when `is_word`
    bool is_word = false;
    std::vector<std::uint64_t> words;       // the words it may be (a bit per id), when not empty
    std::vector<std::uint32_t> not_words;   // the words it is not
  };
  bool flat = false;
  std::vector<Clause> clauses;

  bool operator()(const unsigned char* code) const {
    std::uint32_t id = static_cast<std::uint32_t>(code[1]) | (static_cast<std::uint32_t>(code[2]) << 7);
    for (auto& c : clauses) {
      bool ok = true;
      for (auto& [b, all, none] : c.bytes) {
        unsigned v = code[b];
        if ((v & static_cast<unsigned>(all)) != static_cast<unsigned>(all) || (v & static_cast<unsigned>(none)) != 0) {
          ok = false;
          break;
        }
      }
      if (!ok) continue;
      if (c.is_word && id != c.word) continue;
      if (!c.words.empty() && !(id / 64 < c.words.size() && (c.words[id / 64] >> (id % 64) & 1))) continue;
      if (std::find(c.not_words.begin(), c.not_words.end(), id) != c.not_words.end()) continue;
      return true;
    }
    return false;
  }
};

constexpr std::size_t k_flat_clauses = 16;

FlatTest flat_test(const Features& f, const Test& t) {
  FlatTest out;
  auto conjunctions = dnf(t, false);
  if (conjunctions.size() > 4 * k_flat_clauses) return out;
  std::vector<const Conjunction*> other;
  auto sets = word_sets(conjunctions, &other);
  // Adds the feature literal (negated, bit) to `c`; false when no token can pass `c`.
  auto add_bit = [&](FlatTest::Clause& c, bool negated, int bit) {
    auto [byte, at] = f.place(bit);
    if (byte < 0) return negated;  // a feature no token has
    auto it = std::find_if(c.bytes.begin(), c.bytes.end(), [&](auto& e) { return e[0] == byte; });
    if (it == c.bytes.end()) it = c.bytes.insert(c.bytes.end(), std::array<int, 3>{byte, 0, 0});
    (*it)[negated ? 2 : 1] |= 1 << at;
    return ((*it)[1] & (*it)[2]) == 0;
  };
  for (auto* conj : other) {
    FlatTest::Clause c;
    bool possible = true;
    for (auto& l : *conj) {
      if (!l.word) {
        possible = possible && add_bit(c, l.negated, l.bit);
      } else if (l.negated) {
        c.not_words.push_back(l.id);
      } else if (c.is_word && c.word != l.id) {
        possible = false;
      } else {
        c.is_word = true;
        c.word = l.id;
      }
    }
    if (possible) out.clauses.push_back(std::move(c));
  }
  for (auto& [rest, ids] : sets) {
    FlatTest::Clause c;
    bool possible = true;
    for (auto [negated, bit] : rest) possible = possible && add_bit(c, negated, bit);
    for (auto id : ids) {
      if (c.words.size() <= id / 64) c.words.resize(id / 64 + 1, 0);
      c.words[id / 64] |= std::uint64_t{1} << (id % 64);
    }
    if (possible) out.clauses.push_back(std::move(c));
  }
  out.flat = out.clauses.size() <= k_flat_clauses;
  return out;
}

// What every match of a pattern holds somewhere: tokens with these features and these words,
// and for each set of `any_words` a token that is one of them. A window whose tokens lack one
// cannot match, and find() leaves RE2 out of it.
struct Required {
  std::set<int> bits;
  std::set<std::uint32_t> words;
  std::vector<std::set<std::uint32_t>> any_words;

  void add(const Required& o) {
    bits.insert(o.bits.begin(), o.bits.end());
    words.insert(o.words.begin(), o.words.end());
    any_words.insert(any_words.end(), o.any_words.begin(), o.any_words.end());
  }
  // The words of which one token must be, when there are such (the one required word, or the
  // smallest set).
  std::optional<std::set<std::uint32_t>> one_of() const {
    if (!words.empty()) return std::set<std::uint32_t>{*words.begin()};
    const std::set<std::uint32_t>* best = nullptr;
    for (auto& a : any_words)
      if (!best || a.size() < best->size()) best = &a;
    if (best) return *best;
    return std::nullopt;
  }
  // What holds whichever of `parts` matched: what they all need, and a token that is one of the
  // words each needs one of.
  static Required common(const std::vector<Required>& parts) {
    Required r;
    if (parts.empty()) return r;
    r.bits = parts[0].bits;
    r.words = parts[0].words;
    std::set<std::uint32_t> union_of;
    bool each_has_words = true;
    for (auto& p : parts) {
      std::erase_if(r.bits, [&](int b) { return !p.bits.contains(b); });
      std::erase_if(r.words, [&](std::uint32_t w) { return !p.words.contains(w); });
      auto one = p.one_of();
      if (!one) each_has_words = false;
      else union_of.insert(one->begin(), one->end());
    }
    if (each_has_words && r.words.empty() && union_of.size() <= 64) r.any_words.push_back(std::move(union_of));
    return r;
  }
};

// The features and words one token passing `t` has, whatever token it is.
Required required(const Test& t) {
  using K = Test::Kind;
  Required r;
  switch (t.kind) {
    case K::feature: r.bits.insert(t.bit); break;
    case K::word: r.words.insert(t.word); break;
    case K::all:
      for (auto& p : t.parts) r.add(required(p));
      break;
    case K::either: {
      std::vector<Required> parts;
      for (auto& p : t.parts) parts.push_back(required(p));
      return Required::common(parts);
    }
    case K::any:
    case K::negate: break;
  }
  return r;
}

// What a match of `n` holds in its tokens.
Required required(const Node& n) {
  using K = Node::Kind;
  Required r;
  switch (n.kind) {
    case K::test: return required(n.test);
    case K::start:
    case K::end: break;
    case K::seq:
      for (auto& p : n.parts) r.add(required(p));
      break;
    case K::alt: {
      std::vector<Required> parts;
      for (auto& p : n.parts) parts.push_back(required(p));
      return Required::common(parts);
    }
    case K::group: return required(n.parts[0]);
    case K::repeat:
      if (n.min > 0) return required(n.parts[0]);
      break;
  }
  return r;
}

struct Inst {
  enum class Op { test, split, jump, save, start, end, match } op = Op::match;
  int next = -1;   // the instruction after (test, save, start, end, jump), the preferred one (split)
  int other = -1;  // split: the instruction tried second
  int arg = 0;     // test: index into tests; save: the slot
};

struct TokenProgram {
  std::vector<Inst> insts;
  std::vector<CodeTest> tests;
  std::vector<FlatTest> flat;  // each of `tests` as a FlatTest (used when its `flat`)
  std::vector<std::string> names;  // group k saves slots 2k and 2k + 1
  // Required(), as the code's bytes: some token has (byte, mask); some token is the word (lo, hi).
  std::vector<std::pair<int, unsigned char>> need_bits;
  std::vector<std::pair<unsigned char, unsigned char>> need_words;
  std::vector<std::vector<std::uint64_t>> need_any;  // a token that is one of them (a bit per word id)

  // Whether the `n` tokens of `code` hold what every match needs.
  bool may_match(const unsigned char* code, std::size_t n, std::size_t width) const {
    for (auto [byte, mask] : need_bits) {
      bool found = false;
      for (std::size_t t = 0; t < n && !found; ++t) found = (code[t * width + static_cast<std::size_t>(byte)] & mask) != 0;
      if (!found) return false;
    }
    for (auto [lo, hi] : need_words) {
      bool found = false;
      for (std::size_t t = 0; t < n && !found; ++t) found = code[t * width + 1] == lo && code[t * width + 2] == hi;
      if (!found) return false;
    }
    for (auto& any : need_any) {
      bool found = false;
      for (std::size_t t = 0; t < n && !found; ++t) {
        std::size_t id = static_cast<std::size_t>(code[t * width + 1]) | (static_cast<std::size_t>(code[t * width + 2]) << 7);
        found = id / 64 < any.size() && (any[id / 64] >> (id % 64) & 1);
      }
      if (!found) return false;
    }
    return true;
  }
};

class ProgramBuilder {
 public:
  ProgramBuilder(const Features& f, TokenProgram& p) : f_(f), p_(p) {}

  // Emits `n` so that it continues at the instruction `next`; returns its entry.
  int emit(const Node& n, int next) {
    using K = Node::Kind;
    switch (n.kind) {
      case K::test: {
        // A test written several times (a counted repetition's copies, a macro used twice) is
        // made once.
        int at = -1;
        for (std::size_t k = 0; k < sources_.size() && at < 0; ++k)
          if (same(*sources_[k], n.test)) at = static_cast<int>(k);
        if (at < 0) {
          p_.tests.push_back(code_test(f_, n.test));
          p_.flat.push_back(flat_test(f_, n.test));
          sources_.push_back(&n.test);
          at = static_cast<int>(p_.tests.size()) - 1;
        }
        return add({Inst::Op::test, next, -1, at});
      }
      case K::start: return add({Inst::Op::start, next, -1, 0});
      case K::end: return add({Inst::Op::end, next, -1, 0});
      case K::seq:
        for (std::size_t i = n.parts.size(); i-- > 0;) next = emit(n.parts[i], next);
        return next;
      case K::alt: {
        int entry = emit(n.parts.back(), next);
        for (std::size_t i = n.parts.size() - 1; i-- > 0;) {
          int first = emit(n.parts[i], next);
          entry = add({Inst::Op::split, first, entry, 0});
        }
        return entry;
      }
      case K::group: {
        // The copies of a group (a counted repetition emits its body once per copy) share its
        // slots, so a match reports the last copy that matched, as RE2 does.
        int k = -1;
        for (std::size_t g = 0; g < groups_.size() && k < 0; ++g)
          if (groups_[g] == &n) k = static_cast<int>(g);
        if (k < 0) {
          k = static_cast<int>(p_.names.size());
          p_.names.push_back(n.name);
          groups_.push_back(&n);
        }
        int close = add({Inst::Op::save, next, -1, 2 * k + 1});
        int inner = emit(n.parts[0], close);
        return add({Inst::Op::save, inner, -1, 2 * k});
      }
      case K::repeat: {
        const Node& body = n.parts[0];
        // The optional part first (it runs last): x* is a loop, x{0,k} k nested options.
        int tail = next;
        if (n.max < 0) {
          int loop = add({Inst::Op::split, -1, -1, 0});
          int inner = emit(body, loop);
          set_split(loop, inner, next, n.lazy);
          tail = loop;
        } else {
          for (int i = n.min; i < n.max; ++i) {
            int opt = add({Inst::Op::split, -1, -1, 0});
            int inner = emit(body, tail);
            set_split(opt, inner, next, n.lazy);
            tail = opt;
          }
        }
        for (int i = 0; i < n.min; ++i) tail = emit(body, tail);
        return tail;
      }
    }
    return next;
  }

 private:
  const Features& f_;
  TokenProgram& p_;
  std::vector<const Test*> sources_;  // what each of p_.tests was made from
  std::vector<const Node*> groups_;   // what each of p_.names was made from
  static bool same(const Test& a, const Test& b) {
    if (a.kind != b.kind || a.bit != b.bit || a.word != b.word || a.parts.size() != b.parts.size()) return false;
    for (std::size_t k = 0; k < a.parts.size(); ++k)
      if (!same(a.parts[k], b.parts[k])) return false;
    return true;
  }
  int add(Inst i) {
    p_.insts.push_back(i);
    return static_cast<int>(p_.insts.size()) - 1;
  }
  void set_split(int at, int body, int out, bool lazy) {
    p_.insts[static_cast<std::size_t>(at)].next = lazy ? out : body;
    p_.insts[static_cast<std::size_t>(at)].other = lazy ? body : out;
  }
};

TokenProgram token_program(const Features& f, const Node& tree) {
  TokenProgram p;
  p.insts.push_back({Inst::Op::match, -1, -1, 0});
  ProgramBuilder b(f, p);
  int entry = b.emit(tree, 0);
  // The entry is kept last: the search starts at insts.back().next.
  p.insts.push_back({Inst::Op::jump, entry, -1, 0});
  auto need = required(tree);
  for (int bit : need.bits)
    if (auto [byte, at] = f.place(bit); byte >= 0) p.need_bits.emplace_back(byte, static_cast<unsigned char>(1u << at));
  auto code_of = [](std::uint32_t w) { return std::pair{static_cast<unsigned char>(w & 0x7F), static_cast<unsigned char>((w >> 7) & 0x7F)}; };
  for (auto w : need.words) p.need_words.push_back(code_of(w));
  for (auto& any : need.any_words) {
    auto& bits = p.need_any.emplace_back();
    for (auto w : any) {
      auto [lo, hi] = code_of(w);
      std::size_t id = static_cast<std::size_t>(lo) | (static_cast<std::size_t>(hi) << 7);
      if (bits.size() <= id / 64) bits.resize(id / 64 + 1, 0);
      bits[id / 64] |= std::uint64_t{1} << (id % 64);
    }
  }
  return p;
}

// The leftmost-first match of `p` over the `n` tokens of `code` (width bytes each) that starts
// at token `start` and ends by token `limit` (RE2 gave the match's span: a path of higher
// preference that reads past `limit` cannot succeed, so no token there is read; `$` is still
// the end of all `n`). Its span goes in slots [0], [1] and each group's in the slots after. The
// work and memory are bounded by the instructions times the match's length.
bool search(const TokenProgram& p, const unsigned char* code, std::size_t n, std::size_t width, std::size_t start, std::size_t limit,
            std::vector<long>& slots) {
  const std::size_t ninst = p.insts.size();
  const std::size_t span = limit - start + 1;
  // The thread's buffers, kept from one search to the next: a warm search allocates nothing.
  thread_local std::vector<std::uint64_t> visited;  // a bit per (instruction, token)
  visited.assign((ninst * span + 63) / 64, 0);
  thread_local std::vector<long> cap;
  cap.assign(2 + 2 * p.names.size(), -1);
  struct Job {
    int pc;
    long at;   // the token; for a restore, the value to put back
    int slot;  // -1: a thread to run; otherwise restore cap[slot] to `at`
  };
  thread_local std::vector<Job> jobs;
  jobs.clear();
  jobs.push_back({p.insts.back().next, static_cast<long>(start), -1});
  while (!jobs.empty()) {
    Job j = jobs.back();
    jobs.pop_back();
    if (j.slot >= 0) {
      cap[static_cast<std::size_t>(j.slot)] = j.at;
      continue;
    }
    int pc = j.pc;
    auto at = static_cast<std::size_t>(j.at);
    for (;;) {
      std::size_t v = static_cast<std::size_t>(pc) * span + (at - start);
      if (visited[v / 64] >> (v % 64) & 1) break;
      visited[v / 64] |= std::uint64_t{1} << (v % 64);
      const Inst& in = p.insts[static_cast<std::size_t>(pc)];
      bool go = true;
      switch (in.op) {
        case Inst::Op::test:
          if (at < limit) {
            auto k = static_cast<std::size_t>(in.arg);
            go = p.flat[k].flat ? p.flat[k](code + at * width) : p.tests[k](code + at * width);
          } else {
            go = false;
          }
          if (go) ++at;
          break;
        case Inst::Op::split: jobs.push_back({in.other, static_cast<long>(at), -1}); break;
        case Inst::Op::jump: break;
        case Inst::Op::save:
          jobs.push_back({0, cap[2 + static_cast<std::size_t>(in.arg)], 2 + in.arg});
          cap[2 + static_cast<std::size_t>(in.arg)] = static_cast<long>(at);
          break;
        case Inst::Op::start: go = at == 0; break;
        case Inst::Op::end: go = at == n; break;
        case Inst::Op::match:
          cap[0] = static_cast<long>(start);
          cap[1] = static_cast<long>(at);
          slots = cap;
          return true;
      }
      if (!go) break;
      pc = in.next;
    }
  }
  return false;
}

// One tested feature: where it is in Features::encode's code and in a pattern's layout.
struct Projection {
  int from_byte;
  unsigned char from_mask;
  int to_byte;
  unsigned char to_mask;
};


// Numbers the named groups of `n` as RE2 numbers the capturing groups of its program (compile_node()
// writes them in this order, and no other group captures): `number` counts them, `out` keeps the
// first number of each name.
void capture_groups(const Node& n, int& number, std::map<std::string, int>& out) {
  if (n.kind == Node::Kind::group) out.emplace(n.name, ++number);
  for (auto& p : n.parts) capture_groups(p, number, out);
}

// Whether RE2 surely accepts `source` (a program of compile_node()'s) with `max_mem`: it can
// refuse one only for a counted repetition nested in others to more than 1000 copies, or for a
// program of more instructions than its memory allows. So this reads the program as RE2 would,
// with a bound on what each part costs RE2 (two instructions per byte range, one per `.`, '^',
// '$' and '|', two per group and per operator, each copy of a counted repetition in full) and
// the product of the nested counts; anything it does not know (none of compile_node()'s output)
// is not sure. compile() asks RE2 at once about a program that is not sure.
bool surely_accepted(std::string_view source, std::int64_t max_mem) {
  if (source.size() > 100000) return false;  // RE2's walkers stop at a million nodes: far from it
  struct Reader {
    std::string_view s;
    std::size_t i = 0;
    bool ok = true;
    int depth = 0;
    bool at(char c) const { return i < s.size() && s[i] == c; }
    // A number of `{m,n}`; -1 when there is none.
    long number() {
      if (i >= s.size() || !std::isdigit(static_cast<unsigned char>(s[i]))) return -1;
      long v = 0;
      while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])) && v <= 100000) v = v * 10 + (s[i++] - '0');
      return v;
    }
    // The bound of an alternation, and in `product` the largest product of the counts nested in it.
    double alternation(long& product) {
      if (++depth > 200) ok = false;
      double total = 0;
      product = 1;
      for (;;) {
        long p = 1;
        total += sequence(p) + 1;
        product = std::max(product, p);
        if (!ok || !at('|')) break;
        ++i;
      }
      --depth;
      return total;
    }
    double sequence(long& product) {
      double total = 1;
      while (ok && i < s.size() && !at('|') && !at(')')) {
        long p = 1;
        double item = atom(p);
        quantified(item, p);
        total += item;
        product = std::max(product, p);
      }
      return total;
    }
    double atom(long& product) {
      char c = s[i];
      if (c == '.' || c == '^' || c == '$') {
        ++i;
        return 1;
      }
      if (c == '[') {
        double ranges = 0;
        ++i;
        while (ok && i < s.size() && s[i] != ']') {
          if (s.substr(i, 2) != "\\x" || i + 4 > s.size()) {
            ok = false;
            break;
          }
          i += 4;
          if (at('-')) i += 5;
          ++ranges;
        }
        if (!at(']')) ok = false;
        ++i;
        return 2 * ranges + 1;
      }
      if (c == '(') {
        double extra = 0;
        if (s.substr(i, 3) == "(?:") {
          i += 3;
        } else if (s.substr(i, 4) == "(?P<") {
          std::size_t close = s.find('>', i);
          if (close == std::string_view::npos) {
            ok = false;
            return 0;
          }
          i = close + 1;
          extra = 2;
        } else {
          ok = false;
          return 0;
        }
        double inner = alternation(product);
        if (!at(')')) ok = false;
        ++i;
        return inner + extra;
      }
      ok = false;
      return 0;
    }
    void quantified(double& item, long& product) {
      while (ok && i < s.size()) {
        char c = s[i];
        if (c == '*' || c == '+' || c == '?') {
          ++i;
          item += 2;
        } else if (c == '{') {
          ++i;
          long lo = number(), hi = lo;
          if (at(',')) {
            ++i;
            hi = at('}') ? -1 : number();
          }
          if (lo < 0 || !at('}')) {
            ok = false;
            return;
          }
          ++i;
          long copies = std::max({1L, lo, hi}) + (hi < 0 ? 1 : 0);
          item = item * static_cast<double>(copies) + 2 * static_cast<double>(copies);
          long m = hi < 0 ? lo : hi;
          if (m > 0) product = std::min(product * m, 1000000L);
        } else {
          return;
        }
        if (at('?')) ++i;  // lazy
      }
    }
  } r{source};
  long product = 1;
  double bound = r.alternation(product) + 16;
  if (!r.ok || r.i != source.size() || product > 1000) return false;
  // RE2 gives the forward program two thirds of max_mem, instructions of 8 bytes (16 here) after
  // its own header (under 4 KB), at most 2^24 of them, 100000 with no limit; its compiler also
  // walks at most twice as many nodes as instructions (4x the bound here).
  double instructions = max_mem <= 0 ? 100000.0 : std::min((static_cast<double>(max_mem) * 2 / 3 - 4096) / 16, static_cast<double>(1 << 24));
  return 4 * bound <= instructions;
}

}  // namespace

struct PatternSet::Impl {
  explicit Impl(Features& f) : features(f) {}
  Features& features;
  std::map<std::string, std::string, std::less<>> macros;
  std::vector<Node> trees;
  std::vector<std::string> programs;
  // Each program's RE2, built when the pattern is first searched (or by compile(), when RE2
  // might refuse it): a run that never searches a pattern never pays for it.
  struct Lazy {
    std::once_flag once;
    std::unique_ptr<RE2> re;
  };
  std::vector<std::unique_ptr<Lazy>> compiled;
  // Pattern `i`'s RE2 (built now if it is not yet), null if RE2 refused it.
  const RE2* re2(std::size_t i) const {
    Lazy& l = *compiled[i];
    std::call_once(l.once, [&] { l.re = std::make_unique<RE2>(programs[i], options); });
    return l.re->ok() ? l.re.get() : nullptr;
  }
  std::vector<TokenProgram> token_programs;
  std::vector<Layout> layouts;                   // per pattern, the code its RE2 program reads
  std::vector<std::vector<Projection>> projections;  // ... and how to make it from Features::encode's

  // Per pattern whose code fits in 8 bytes, project() as tables: for each byte of
  // Features::encode's code that holds a tested feature, what its low four and high three bits
  // set in the pattern's code (the bytes of a little-endian word), so a token is a few look-ups.
  struct ByteTable {
    int from_byte;
    std::array<std::uint64_t, 16> low;
    std::array<std::uint64_t, 8> high;
  };
  std::vector<std::vector<ByteTable>> tables;  // per pattern (none when its code is wider than 8)

  static std::vector<ByteTable> tables_of(const Layout& l, const std::vector<Projection>& projection) {
    std::vector<ByteTable> out;
    if (l.width() > 8) return out;
    for (auto& p : projection) {
      auto it = std::find_if(out.begin(), out.end(), [&](const ByteTable& t) { return t.from_byte == p.from_byte; });
      if (it == out.end()) it = out.insert(out.end(), ByteTable{p.from_byte, {}, {}});
      std::uint64_t to = static_cast<std::uint64_t>(p.to_mask) << (8 * p.to_byte);
      for (unsigned v = 0; v < 16; ++v)
        if (v & p.from_mask) it->low[v] |= to;
      for (unsigned v = 0; v < 8; ++v)
        if ((v << 4) & p.from_mask) it->high[v] |= to;
    }
    return out;
  }

  // The `n` tokens of `code` (Features::encode) in pattern `index`'s layout, into `out`.
  void project(std::size_t index, const unsigned char* code, std::size_t n, std::string& out) const {
    const Layout& l = layouts[index];
    auto gw = static_cast<std::size_t>(features.width());
    auto lw = static_cast<std::size_t>(l.width());
    if (lw <= 8) {
      // Each token's code is written as a whole little-endian word (8 bytes, the next token's
      // overwriting the rest), into a buffer 8 bytes longer than the code, cut to size after.
      out.resize(n * lw + 8);
      const auto& ts = tables[index];
      const ByteTable* t0 = ts.data();
      const ByteTable* t1 = t0 + ts.size();
      const std::uint16_t* classes = l.word_class.data();
      const std::size_t class_count = l.word_class.size();
      const int word_bytes = l.word_bytes;
      auto* d = reinterpret_cast<unsigned char*>(out.data());
      const unsigned char* g = code;
      for (std::size_t t = 0; t < n; ++t, d += lw, g += gw) {
        std::uint64_t acc = 0x80;
        if (word_bytes > 0) {
          std::uint32_t id = static_cast<std::uint32_t>(g[1]) | (static_cast<std::uint32_t>(g[2]) << 7);
          unsigned cls = id < class_count ? classes[id] : 0;
          acc |= static_cast<std::uint64_t>(cls & 0x7F) << 8;
          if (word_bytes > 1) acc |= static_cast<std::uint64_t>((cls >> 7) & 0x7F) << 16;
        }
        for (const ByteTable* bt = t0; bt != t1; ++bt) {
          unsigned v = g[bt->from_byte];
          acc |= bt->low[v & 0xF] | bt->high[(v >> 4) & 0x7];
        }
        if constexpr (std::endian::native == std::endian::little) {
          std::memcpy(d, &acc, 8);
        } else {
          for (std::size_t k = 0; k < lw; ++k) d[k] = static_cast<unsigned char>(acc >> (8 * k));
        }
      }
      out.resize(n * lw);
      return;
    }
    out.assign(n * lw, '\0');
    for (std::size_t t = 0; t < n; ++t) {
      const unsigned char* g = code + t * gw;
      auto* d = reinterpret_cast<unsigned char*>(out.data()) + t * lw;
      d[0] = 0x80;
      if (l.word_bytes > 0) {
        unsigned cls = l.word_of(static_cast<std::uint32_t>(g[1]) | (static_cast<std::uint32_t>(g[2]) << 7));
        d[1] = static_cast<unsigned char>(cls & 0x7F);
        if (l.word_bytes > 1) d[2] = static_cast<unsigned char>((cls >> 7) & 0x7F);
      }
      for (auto& p : projections[index])
        if (g[p.from_byte] & p.from_mask) d[p.to_byte] |= p.to_mask;
    }
  }
  std::vector<std::vector<std::pair<std::string, int>>> groups;  // per pattern: name, RE2 group index
  RE2::Options options;
  // For find_with_re2(..., written_out): the programs with every byte class written out, made
  // on first use (tests only).
  mutable std::mutex written_out_mutex;
  mutable std::map<std::size_t, std::unique_ptr<RE2>> written_out;
};

PatternSet::PatternSet(Features& features) : impl_(std::make_unique<Impl>(features)) {}
PatternSet::~PatternSet() = default;
PatternSet::PatternSet(PatternSet&&) noexcept = default;
PatternSet& PatternSet::operator=(PatternSet&&) noexcept = default;

void PatternSet::define(std::string name, std::string source) { impl_->macros[std::move(name)] = std::move(source); }

std::expected<int, PatternError> PatternSet::add(std::string_view source) {
  std::vector<std::string> stack;
  Parser parser(source, "", impl_->features, impl_->macros, stack);
  auto tree = parser.parse();
  if (!tree) return std::unexpected(tree.error());
  impl_->trees.push_back(std::move(*tree));
  return static_cast<int>(impl_->trees.size()) - 1;
}

std::expected<void, PatternError> PatternSet::compile(std::int64_t max_mem, Build build) {
  for (std::size_t t = 0; t < impl_->trees.size(); ++t)
    if (!promote_negated_words(impl_->trees[t], impl_->features))
      return std::unexpected(PatternError{"", 1, fmt::format("too many token features (at most {})", k_max_features), static_cast<int>(t)});
  // The words of each list get consecutive ids, the longest lists first, so that a list is a
  // few byte ranges of the word-id bytes (see compile_test()).
  {
    std::vector<std::vector<std::uint32_t>> sets;
    for (auto& tree : impl_->trees) collect_word_sets(tree, sets);
    std::stable_sort(sets.begin(), sets.end(), [](auto& a, auto& b) { return a.size() > b.size(); });
    std::uint32_t top = 0;
    for (auto& set : sets) top = std::max(top, set.back());
    std::uint32_t n = static_cast<std::uint32_t>(impl_->features.word_count());
    std::vector<std::uint32_t> id_of(static_cast<std::size_t>(std::max(n, top)) + 1, 0);
    std::uint32_t next = 0;
    for (auto& set : sets)
      for (auto id : set)
        if (id_of[id] == 0) id_of[id] = ++next;
    for (std::uint32_t id = 1; id < id_of.size(); ++id)
      if (id_of[id] == 0) id_of[id] = ++next;
    impl_->features.renumber_words(id_of);
    for (auto& tree : impl_->trees) renumber_words(tree, id_of);
  }
  FeatureBits used;
  std::vector<int> weight;
  for (auto& tree : impl_->trees) used_bits(tree, used, weight);
  // Words are told by their ids; lower and cap also carry a literal's case.
  impl_->features.encode_only(used, weight);
  impl_->programs.clear();
  impl_->compiled.clear();
  impl_->token_programs.clear();
  impl_->groups.clear();
  RE2::Options& options = impl_->options;
  options.set_encoding(RE2::Options::EncodingLatin1);
  options.set_dot_nl(true);
  options.set_log_errors(false);
  options.set_max_mem(max_mem);
  impl_->written_out.clear();
  impl_->layouts.clear();
  impl_->projections.clear();
  impl_->tables.clear();
  for (std::size_t t = 0; t < impl_->trees.size(); ++t) {
    Layout layout = layout_of(impl_->trees[t]);
    std::vector<Projection> projection;
    for (std::size_t bit = 0; bit < layout.slot.size(); ++bit) {
      if (layout.slot[bit] < 0) continue;
      auto [gb, gbit] = impl_->features.place(static_cast<int>(bit));
      auto [lb, lbit] = layout.place(static_cast<int>(bit));
      if (gb < 0 || lb < 0) continue;
      projection.push_back({gb, static_cast<unsigned char>(1u << gbit), lb, static_cast<unsigned char>(1u << lbit)});
    }
    auto source = compile_node(layout, impl_->trees[t], layout.width(), true);
    if (!source) return std::unexpected(PatternError{"", 1, source.error(), static_cast<int>(t)});
    impl_->programs.push_back(std::move(*source));
    impl_->compiled.push_back(std::make_unique<Impl::Lazy>());
    // RE2 is asked now only when it might refuse the program (surely_accepted()), so that the
    // refusal is an error of the pack's, at its rule, as it would be were every program built here.
    if (build == Build::now || !surely_accepted(impl_->programs.back(), max_mem)) {
      if (!impl_->re2(t)) {
        const RE2& refused = *impl_->compiled[t]->re;
        return std::unexpected(PatternError{"", 1, fmt::format("the compiled pattern is refused: {}", refused.error()), static_cast<int>(t)});
      }
    }
    // The groups as RE2 numbers them: in the order they open, the first of a name counting.
    std::map<std::string, int> g;
    int number = 0;
    capture_groups(impl_->trees[t], number, g);
    impl_->groups.emplace_back(g.begin(), g.end());
    impl_->token_programs.push_back(token_program(impl_->features, impl_->trees[t]));
    impl_->tables.push_back(Impl::tables_of(layout, projection));
    impl_->layouts.push_back(std::move(layout));
    impl_->projections.push_back(std::move(projection));
  }
  return {};
}

PatternSet::Prepared::Prepared(std::string_view symbols) : symbols_(symbols) {}
PatternSet::Prepared::~Prepared() = default;

bool PatternSet::find(int index, std::string_view symbols, std::size_t from, TokenMatch& match) const {
  // One search of a window: its prefilter and its pattern code made for this call alone, in a
  // buffer of the thread's (no Prepared, whose tables are sized for every pattern).
  if (index < 0 || static_cast<std::size_t>(index) >= impl_->compiled.size()) return false;
  const auto i = static_cast<std::size_t>(index);
  auto width = static_cast<std::size_t>(impl_->features.width());
  if (from * width > symbols.size()) return false;
  const std::size_t n = symbols.size() / width;
  const auto* code = reinterpret_cast<const unsigned char*>(symbols.data());
  if (!impl_->token_programs[i].may_match(code + from * width, n - from, width)) return false;
  thread_local std::string local;
  impl_->project(i, code, n, local);
  return find_in(index, symbols, local, from, match);
}

bool PatternSet::find(int index, const Prepared& text, std::size_t from, TokenMatch& match) const {
  if (index < 0 || static_cast<std::size_t>(index) >= impl_->compiled.size()) return false;
  const auto i = static_cast<std::size_t>(index);
  std::string_view symbols = text.symbols_;
  auto width = static_cast<std::size_t>(impl_->features.width());
  if (from * width > symbols.size()) return false;
  const std::size_t n = symbols.size() / width;
  const auto* code = reinterpret_cast<const unsigned char*>(symbols.data());
  // Made once for the text, whatever `from` (a loop over the matches of a paragraph stays linear):
  // whether the text holds what every match needs, and the text in the pattern's own code.
  if (text.may_.size() <= i) text.may_.resize(impl_->compiled.size(), -1);
  if (text.may_[i] < 0) text.may_[i] = impl_->token_programs[i].may_match(code, n, width) ? 1 : 0;
  if (text.may_[i] == 0) return false;
  if (text.local_.size() <= i) text.local_.resize(impl_->compiled.size());
  if (!text.local_[i]) {
    text.local_[i].emplace();
    impl_->project(i, code, n, *text.local_[i]);
  }
  return find_in(index, symbols, *text.local_[i], from, match);
}

bool PatternSet::find_in(int index, std::string_view symbols, const std::string& local, std::size_t from, TokenMatch& match) const {
  const auto i = static_cast<std::size_t>(index);
  const RE2* compiled_re = impl_->re2(i);
  if (!compiled_re) return false;  // not reached: compile() asked RE2 about every program it might refuse
  const RE2& re = *compiled_re;
  auto width = static_cast<std::size_t>(impl_->features.width());
  const std::size_t n = symbols.size() / width;
  const auto& program = impl_->token_programs[i];
  const auto* code = reinterpret_cast<const unsigned char*>(symbols.data());
  // Whether it matches and where, by RE2's DFA over the pattern's own code; its groups, over
  // the tokens of the match.
  auto lw = static_cast<std::size_t>(impl_->layouts[i].width());
  re2::StringPiece whole;
  if (!re.Match(re2::StringPiece(local.data(), local.size()), from * lw, local.size(), RE2::UNANCHORED, &whole, 1))
    return false;
  auto first = static_cast<std::size_t>(whole.data() - local.data()) / lw;
  thread_local std::vector<long> slots;
  if (!search(program, code, n, width, first, first + whole.size() / lw, slots)) return false;
  match.whole = TokenSpan{static_cast<std::size_t>(slots[0]), static_cast<std::size_t>(slots[1])};
  match.groups.clear();
  for (std::size_t k = 0; k < program.names.size(); ++k) {
    long ga = slots[2 + 2 * k], gb = slots[3 + 2 * k];
    if (ga >= 0 && gb >= 0) match.groups[program.names[k]] = TokenSpan{static_cast<std::size_t>(ga), static_cast<std::size_t>(gb)};
  }
  return true;
}

bool PatternSet::find_with_re2(int index, std::string_view symbols, std::size_t from, TokenMatch& match, bool written_out) const {
  if (index < 0 || static_cast<std::size_t>(index) >= impl_->compiled.size()) return false;
  const RE2* program = impl_->re2(static_cast<std::size_t>(index));
  if (!program) return false;
  if (written_out) {
    std::lock_guard lock(impl_->written_out_mutex);
    auto& re = impl_->written_out[static_cast<std::size_t>(index)];
    if (!re) {
      const auto i = static_cast<std::size_t>(index);
      auto source = compile_node(impl_->layouts[i], impl_->trees[i], impl_->layouts[i].width(), true, false);
      if (!source) return false;
      re = std::make_unique<RE2>(*source, impl_->options);
    }
    if (!re->ok()) return false;
    program = re.get();
  }
  const RE2& re = *program;
  auto width = static_cast<std::size_t>(impl_->features.width());
  int n = re.NumberOfCapturingGroups() + 1;
  std::vector<re2::StringPiece> sub(static_cast<std::size_t>(n));
  if (from * width > symbols.size()) return false;
  std::string local;
  impl_->project(static_cast<std::size_t>(index), reinterpret_cast<const unsigned char*>(symbols.data()), symbols.size() / width, local);
  auto lw = static_cast<std::size_t>(impl_->layouts[static_cast<std::size_t>(index)].width());
  if (!re.Match(re2::StringPiece(local.data(), local.size()), from * lw, local.size(), RE2::UNANCHORED, sub.data(), n))
    return false;
  auto span = [&](const re2::StringPiece& p) {
    auto a = static_cast<std::size_t>(p.data() - local.data());
    return TokenSpan{a / lw, (a + p.size()) / lw};
  };
  match.whole = span(sub[0]);
  match.groups.clear();
  for (auto& [name, i] : impl_->groups[static_cast<std::size_t>(index)])
    if (sub[static_cast<std::size_t>(i)].data()) match.groups[name] = span(sub[static_cast<std::size_t>(i)]);
  return true;
}

std::size_t PatternSet::built() const {
  return static_cast<std::size_t>(std::count_if(impl_->compiled.begin(), impl_->compiled.end(), [](auto& l) { return l->re != nullptr; }));
}

std::vector<std::string> PatternSet::groups(int index) const {
  std::vector<std::string> out;
  for (auto& [name, i] : impl_->groups.at(static_cast<std::size_t>(index))) out.push_back(name);
  return out;
}

const std::string& PatternSet::program(int index) const { return impl_->programs.at(static_cast<std::size_t>(index)); }
std::size_t PatternSet::size() const { return impl_->trees.size(); }

}  // namespace quotecheck::tokens
