// quotecheck - tokens and their features (see tokens.hpp).
#include "quotecheck/tokens.hpp"

#include <re2/re2.h>
#include <utf8proc.h>

#include <algorithm>
#include <atomic>
#include <bit>
#include <cctype>
#include <deque>
#include <forward_list>
#include <iterator>

#include "quotecheck/rules.hpp"
#include "quotecheck/text.hpp"

namespace quotecheck::tokens {

struct Features::RegexFeature {
  explicit RegexFeature(std::string_view source) : re(std::string(source), RE2::Quiet) {}
  RE2 re;
  int bit = 0;
};

FeatureBits Features::regex_bits(std::string_view text) const {
  FeatureBits f;
  for (auto& r : regexes_)
    if (RE2::FullMatch(re2::StringPiece(text.data(), text.size()), r->re)) f.set(static_cast<std::size_t>(r->bit));
  return f;
}

namespace {

// The lower-case form of a word: each code point by utf8proc_tolower, invalid bytes kept. Not
// text.hpp's normalize(), which also folds case fully ("ß" is "ss"), applies NFKC, makes curly
// apostrophes straight and drops format characters: the tokens keep "’s" and "'s" apart, as the
// patterns that name them do. Measured (1 Dec, extract -j 1 of 60 dev articles under callgrind):
// normalize() here costs no more (2,083,603,329 instructions against 2,101,466,452), but 69 of
// the 10,025 quotes extracted from the dev set come out otherwise (55 speakers; e2e F1 0.8926 ->
// 0.8912, speaker accuracy 0.9017 -> 0.8988), so this one stays. (An ASCII fast path like normalize()'s saves nothing here: 2,101,925,686.)
std::string lower(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    auto b = static_cast<unsigned char>(s[i]);
    if (b < 0x80) {
      out += static_cast<char>(b >= 'A' && b <= 'Z' ? b + 32 : b);
      ++i;
      continue;
    }
    int len = 1;
    auto cp = decode_utf8(s, i, len);
    if (cp < 0) {
      out += s[i];
    } else {
      utf8proc_uint8_t buf[4];
      auto n = utf8proc_encode_char(utf8proc_tolower(cp), buf);
      out.append(reinterpret_cast<const char*>(buf), static_cast<std::size_t>(n));
    }
    i += static_cast<std::size_t>(len);
  }
  return out;
}

std::vector<std::string> split(std::string_view s) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && s[i] == ' ') ++i;
    std::size_t j = i;
    while (j < s.size() && s[j] != ' ') ++j;
    if (j > i) out.push_back(lower(s.substr(i, j - i)));
    i = j;
  }
  return out;
}

// The code point at text[i] (-1 past the end or for an invalid byte); ASCII without a call.
inline std::int32_t code_at(std::string_view text, std::size_t i, int& len) {
  if (i >= text.size()) {
    len = 0;
    return -1;
  }
  auto b = static_cast<unsigned char>(text[i]);
  if (b < 0x80) {
    len = 1;
    return b;
  }
  return decode_utf8(text, i, len);
}

inline bool ascii_letter(std::int32_t c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
inline bool ascii_digit(std::int32_t c) { return c >= '0' && c <= '9'; }
inline bool letter(std::int32_t c) { return c < 0x80 ? ascii_letter(c) : is_letter(c); }
inline bool digit(std::int32_t c) { return c < 0x80 ? ascii_digit(c) : is_digit(c); }
inline bool alnum(std::int32_t c) { return c >= 0 && (letter(c) || digit(c)); }

inline bool upper(std::int32_t c) { return c < 0x80 ? (c >= 'A' && c <= 'Z') : is_upper(c); }

bool is_mark(std::int32_t cp) {
  if (cp < 0x300) return false;
  auto c = utf8proc_category(cp);
  return c == UTF8PROC_CATEGORY_MN || c == UTF8PROC_CATEGORY_MC || c == UTF8PROC_CATEGORY_ME;
}

bool is_lower_letter(std::int32_t cp) {
  if (cp < 0x80) return cp >= 'a' && cp <= 'z';
  return is_letter(cp) && !is_upper(cp) && utf8proc_toupper(cp) != cp;
}

bool is_joiner(std::int32_t cp) { return cp == '-' || cp == 0x2010 || cp == '\'' || cp == 0x2019 || cp == '.'; }
bool is_apostrophe(std::int32_t cp) { return cp == '\'' || cp == 0x2019; }

// The shape features' bits (tokens.hpp) are their places in k_shape_features.
constexpr bool shape_bit(std::size_t bit, std::string_view name) { return std::string_view(k_shape_features[bit]) == name; }
static_assert(shape_bit(k_cap, "cap") && shape_bit(k_upper, "upper") && shape_bit(k_lower, "lower") && shape_bit(k_initial, "initial") &&
              shape_bit(k_number, "number") && shape_bit(k_word, "word") && shape_bit(k_punct, "punct") && shape_bit(k_poss, "poss") &&
              shape_bit(k_quote, "quote") && shape_bit(k_target, "target") && shape_bit(k_nl, "nl") && shape_bit(k_glued, "glued") &&
              shape_bit(k_ly, "ly") && shape_bit(k_ing, "ing") && shape_bit(k_abbr, "abbr") && shape_bit(k_digit, "digit") &&
              std::size(k_shape_features) == k_digit + 1);

}  // namespace

namespace {
std::atomic<std::uint64_t> g_features_ids{0};
}

Features::Id::Id() : value(++g_features_ids) {}

Features::Features() {
  for (const char* n : k_shape_features) add(n);
}

int Features::find(std::string_view name) const {
  auto it = by_name_.find(std::string(name));
  return it == by_name_.end() ? -1 : it->second;
}

int Features::add(std::string_view name) {
  if (int b = find(name); b >= 0) return b;
  if (count() >= k_max_features) return -1;
  names_.emplace_back(name);
  by_name_.emplace(std::string(name), count() - 1);
  update_places();
  return count() - 1;
}

void Features::update_places() {
  places_.assign(static_cast<std::size_t>(count()), {-1, 0});
  for (int b = 0; b < count(); ++b)
    if (auto [byte, bit] = place(b); byte >= 0)
      places_[static_cast<std::size_t>(b)] = {byte, static_cast<unsigned char>(1u << bit)};
}

void Features::add_entries(int bit, const std::vector<std::string>& entries, bool one_token) {
  ++generation_;
  if (bit < 0 || bit >= count()) return;
  for (auto& e : entries) {
    auto words = split(e);
    if (words.empty()) continue;
    if (words.size() == 1) {
      word_features_[words[0]].set(static_cast<std::size_t>(bit));
      continue;
    }
    auto& list = phrases_[words[0]];
    list.push_back({std::vector<std::string>(words.begin() + 1, words.end()), bit, one_token});
    std::stable_sort(list.begin(), list.end(), [](const Phrase& a, const Phrase& b) { return a.rest.size() > b.rest.size(); });
  }
}

void Features::add_name_particles(const std::vector<std::string>& particles) {
  ++generation_;
  for (auto& p : particles) {
    std::string l = lower(p);
    while (!l.empty() && (l.back() == '-' || l.back() == '\'')) l.pop_back();
    if (!l.empty() && l.find(' ') == std::string::npos) name_particles_.insert(l);
  }
}

void Features::add_abbreviations(const std::vector<std::string>& words) {
  ++generation_;
  for (auto& w : words) {
    std::string l = lower(w);
    while (!l.empty() && l.back() == '.') l.pop_back();
    if (!l.empty()) abbreviations_.insert(l);
  }
}

void Features::add_clitics(const std::vector<std::string>& clitics) {
  ++generation_;
  for (auto& c : clitics) {
    std::string_view letters = c;
    if (letters.starts_with('\'')) letters.remove_prefix(1);
    else if (letters.starts_with("\xE2\x80\x99")) letters.remove_prefix(3);
    std::string l;
    for (char ch : letters) l += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if (l.empty()) continue;
    longest_clitic_ = std::max(longest_clitic_, l.size());
    clitics_.insert(std::move(l));
  }
}

// Whether `text` at `k` (just after an apostrophe) holds one of the clitics that ends the word,
// in either case.
bool Features::clitic_at(std::string_view text, std::size_t k) const {
  if (clitics_.empty()) return false;
  std::size_t n = 0;
  while (k + n < text.size() && n <= longest_clitic_ && std::isalpha(static_cast<unsigned char>(text[k + n]))) ++n;
  if (n == 0 || n > longest_clitic_) return false;
  if (k + n < text.size()) {
    auto b = static_cast<unsigned char>(text[k + n]);
    if (b >= 0x80 || std::isalnum(b)) return false;
  }
  std::string c;
  for (std::size_t i = 0; i < n; ++i) c += static_cast<char>(std::tolower(static_cast<unsigned char>(text[k + i])));
  return clitics_.count(c) > 0;
}

std::uint32_t Features::intern(std::string_view word) {
  ++generation_;
  std::string l = lower(word);
  auto [it, fresh] = words_.emplace(l, static_cast<std::uint32_t>(words_.size() + 1));
  return it->second;
}

void Features::renumber_words(const std::vector<std::uint32_t>& id_of) {
  ++generation_;
  auto map = [&](std::uint32_t id) { return id < id_of.size() ? id_of[id] : id; };
  for (auto& [word, id] : words_) id = map(id);
  std::unordered_map<std::uint32_t, int> bits;
  for (auto& [id, bit] : word_bits_) bits.emplace(map(id), bit);
  word_bits_ = std::move(bits);
}

std::uint32_t Features::word_id(std::string_view word) const {
  auto it = words_.find(lower(word));
  return it == words_.end() ? 0 : it->second;
}

int Features::word_bit(std::uint32_t id) {
  ++generation_;
  if (auto it = word_bits_.find(id); it != word_bits_.end()) return it->second;
  int bit = add("#word" + std::to_string(id));
  if (bit >= 0) word_bits_.emplace(id, bit);
  return bit;
}

int Features::add_regex(std::string_view re, std::string& error) {
  ++generation_;
  std::string key(re);
  if (auto it = regex_bits_.find(key); it != regex_bits_.end()) return it->second;
  auto f = std::make_shared<RegexFeature>(re);
  if (!f->re.ok()) {
    error = f->re.error();
    return -1;
  }
  int bit = add("/" + key + "/");
  if (bit < 0) {
    error = "too many token features (at most " + std::to_string(k_max_features) + ")";
    return -1;
  }
  f->bit = bit;
  regexes_.push_back(std::move(f));
  regex_bits_.emplace(key, bit);
  return bit;
}

struct Features::WordInfo {
  FeatureBits features;
  std::uint32_t word = 0;
  bool stop = false, head = false;
  std::string lower;
};

Features::WordInfo Features::describe_word(std::string_view w, bool inner_stop, bool dot_next) const {
  WordInfo info;
  FeatureBits f;
  f.set(k_word);
  int first_len = 1;
  auto first = code_at(w, 0, first_len);
  int letters = 0, capitals = 0;
  for (std::size_t k = 0; k < w.size();) {
    int l = 1;
    auto c = code_at(w, k, l);
    if (c >= 0 && letter(c)) {
      ++letters;
      if (upper(c)) ++capitals;
    } else if (c >= 0 && digit(c)) {
      f.set(k_digit);
    }
    k += static_cast<std::size_t>(l);
  }
  if (upper(first)) f.set(k_cap);
  if (is_lower_letter(first)) f.set(k_lower);
  if (digit(first)) f.set(k_number);
  if (letters >= 2 && capitals == letters) f.set(k_upper);
  std::string l = lower(w);
  // The full stop after an initial, an abbreviation or a dotted acronym is the word's own.
  if (dot_next) {
    bool single_capital = letters == 1 && capitals == 1 && static_cast<int>(w.size()) == first_len;
    if (single_capital || inner_stop || abbreviations_.count(l)) {
      info.stop = true;
      f.set(k_abbr);
      if (single_capital) f.set(k_initial);
    }
  }
  if (f.test(k_lower) && !name_particles_.empty()) {
    // "al-Maliki", "d'Estaing": a particle written onto a capitalised name.
    auto joint = l.find_first_of("-'");
    if (joint != std::string::npos && joint + 1 < w.size() && name_particles_.count(l.substr(0, joint))) {
      int l2 = 0;
      if (upper(code_at(w, joint + 1, l2))) f.set(k_cap);
    }
  }
  if (f.test(k_lower)) {
    if (l.size() >= 3 && l.ends_with("ly")) f.set(k_ly);
    if (l.size() >= 4 && l.ends_with("ing")) f.set(k_ing);
  }
  std::string key = f.test(k_abbr) ? l + "." : l;
  if (auto it = word_features_.find(key); it != word_features_.end()) f |= it->second;
  if (key != l)
    if (auto it = word_features_.find(l); it != word_features_.end()) f |= it->second;
  if (!words_.empty()) {
    auto id = words_.find(key);
    if (id == words_.end() && key != l) id = words_.find(l);
    info.word = id == words_.end() ? 0 : id->second;
  }
  if (info.word)
    if (auto b = word_bits_.find(info.word); b != word_bits_.end()) f.set(static_cast<std::size_t>(b->second));
  if (!regexes_.empty()) {
    std::string whole(w);
    if (info.stop) whole += '.';
    f |= regex_bits(whole);
  }
  info.head = phrases_.count(l) > 0;
  info.features = f;
  info.lower = std::move(l);
  return info;
}

int Features::add_regex(std::string_view name, std::string_view re, std::string& error) {
  ++generation_;
  if (find(name) >= 0) {
    error = "a token feature '" + std::string(name) + "' exists already";
    return -1;
  }
  auto f = std::make_shared<RegexFeature>(re);
  if (!f->re.ok()) {
    error = f->re.error();
    return -1;
  }
  int bit = add(name);
  if (bit < 0) {
    error = "too many token features (at most " + std::to_string(k_max_features) + ")";
    return -1;
  }
  f->bit = bit;
  regexes_.push_back(std::move(f));
  return bit;
}

namespace {

// A memo from strings to values for tag(): open addressing over a table of (hash, entry)
// pairs, the entries in a deque (they stay in place as it grows: tag() keeps views of them).
// A look-up reads one slot and one entry, where a node-based map read a bucket, a node and its
// key (on a large corpus the memo's cache misses were most of the tagging time).
template <class V>
class FlatMemo {
 public:
  struct Entry {
    std::string key;
    V value;
  };
  std::size_t size() const { return entries_.size(); }
  void clear() {
    entries_.clear();
    slots_.assign(slots_.size(), 0);
  }
  // The entry of `key`, made with a default value when new (`fresh`).
  Entry& get(std::string_view key, bool& fresh) {
    if (slots_.empty()) slots_.assign(1024, 0);
    auto h = std::hash<std::string_view>{}(key);
    auto tag = static_cast<std::uint32_t>(h >> 32) | 1u;  // never 0 with an entry
    std::size_t mask = slots_.size() - 1;
    for (std::size_t i = h & mask;; i = (i + 1) & mask) {
      std::uint64_t s = slots_[i];
      if (s == 0) break;
      if (static_cast<std::uint32_t>(s >> 32) == tag) {
        Entry& e = entries_[static_cast<std::size_t>(s & 0xFFFFFFFFu) - 1];
        if (e.key == key) {
          fresh = false;
          return e;
        }
      }
    }
    fresh = true;
    entries_.push_back({std::string(key), V{}});
    if (2 * entries_.size() > slots_.size()) grow();
    else place(h, tag, entries_.size());
    return entries_.back();
  }

 private:
  std::deque<Entry> entries_;
  std::vector<std::uint64_t> slots_;  // 0: empty; else the hash's high half (tag) and the entry's index + 1
  void place(std::size_t h, std::uint32_t tag, std::size_t index) {
    std::size_t mask = slots_.size() - 1;
    std::size_t i = h & mask;
    while (slots_[i] != 0) i = (i + 1) & mask;
    slots_[i] = (static_cast<std::uint64_t>(tag) << 32) | index;
  }
  void grow() {
    slots_.assign(slots_.size() * 2, 0);
    for (std::size_t k = 0; k < entries_.size(); ++k) {
      auto h = std::hash<std::string_view>{}(entries_[k].key);
      place(h, static_cast<std::uint32_t>(h >> 32) | 1u, k + 1);
    }
  }
};

}  // namespace

std::vector<Token> Features::tag(std::string_view text) const {
  // What each word's text gives it, memoised per thread (words repeat: looking a word up in
  // every lexicon and running every /regex/ on it was most of the tagging). The memo belongs to
  // one Features as it is (`owner`, `generation`), and is emptied when it grows past k_memo.
  struct Memo {
    std::uint64_t owner = 0, generation = 0;
    FlatMemo<WordInfo> words;
    FlatMemo<FeatureBits> others;  // /regex/ bits of the other tokens
  };
  static thread_local Memo memo;
  constexpr std::size_t k_memo = 1 << 16;
  if (memo.owner != id_.value || memo.generation != generation_ || memo.words.size() + memo.others.size() >= k_memo) {
    memo.owner = id_.value;
    memo.generation = generation_;
    memo.words.clear();
    memo.others.clear();
  }
  std::string memo_key;
  std::vector<Token> out;
  out.reserve(text.size() / 5 + 1);
  // Per token, its lower-case form: a view of the memo's entry, of the text (punctuation), or
  // of `owned` (the few tokens lowered here); the memo is emptied only above, and its entries
  // stay in place while it grows.
  // (The per-token vectors are the thread's, kept from call to call: tag() runs on many short
  // texts too, where allocating them was a good part of the work.)
  struct Scratch {
    std::vector<std::string_view> lowers;
    std::vector<unsigned char> heads, from_memo, done;  // bytes: vector<bool>'s push_back was dear
  };
  static thread_local Scratch scratch;
  auto& lowers = scratch.lowers;
  lowers.clear();
  std::forward_list<std::string> owned;  // allocates nothing until a token needs it
  auto& heads = scratch.heads;          // per token: an entry of several words may start with it
  auto& from_memo = scratch.from_memo;  // per token: its /regex/ and word bits came from the memo
  heads.clear();
  from_memo.clear();
  bool newline = false, space = true;
  std::size_t i = 0;
  auto at = [&](std::size_t k, int& len) { return code_at(text, k, len); };
  auto push = [&](std::size_t a, std::size_t b, FeatureBits f) {
    if (newline) f.set(k_nl);
    if (!space) f.set(k_glued);
    out.push_back({a, b, f, 0});
    newline = false;
    space = false;
  };
  while (i < text.size()) {
    int len = 1;
    auto cp = code_at(text, i, len);
    if (cp == '\n' || cp == '\r') newline = true;
    if (cp == ' ' || cp == '\n' || cp == '\r' || cp == '\t' || (cp >= 0x80 && (is_space(cp) || is_format(cp)))) {
      space = true;
      i += static_cast<std::size_t>(len);
      continue;
    }
    if (cp == '#' || cp == '@') {
      std::size_t j = i;
      while (j < text.size() && text[j] == text[i]) ++j;
      push(i, j, FeatureBits().set(cp == '#' ? k_quote : k_target));
      lowers.emplace_back();
      heads.push_back(false);
      from_memo.push_back(false);
      i = j;
      continue;
    }
    if (alnum(cp)) {
      std::size_t j = i + static_cast<std::size_t>(len);
      bool inner_stop = false;
      std::size_t segment = i;  // where the part after the last joiner starts
      for (;;) {
        // ASCII letters and digits a byte at a time, the rest by code point.
        while (j < text.size() && ascii_alnum(text[j])) ++j;
        int l2 = 0;
        auto c2 = at(j, l2);
        if (alnum(c2) || (c2 >= 0x300 && is_mark(c2))) {
          j += static_cast<std::size_t>(l2);
          continue;
        }
        if (c2 >= 0 && is_joiner(c2)) {
          int l3 = 0;
          auto c3 = at(j + static_cast<std::size_t>(l2), l3);
          // A possessive ending stands alone: "Roe's" is "Roe" and "'s".
          if (is_apostrophe(c2) && (c3 == 's' || c3 == 'S')) {
            int l4 = 0;
            auto c4 = at(j + static_cast<std::size_t>(l2 + l3), l4);
            if (!alnum(c4)) break;
          }
          // So does a clitic of a verb: "They're" is "They" and "'re" (the pack's verb_clitics).
          if (is_apostrophe(c2) && clitic_at(text, j + static_cast<std::size_t>(l2))) break;
          // A full stop joins only a short segment to the next ("U.S.", "Ph.D.", "a.m."), never
          // two words run together by a missing space ("said.Trump").
          if (alnum(c3) && (c2 != '.' || j - segment <= 2)) {
            if (c2 == '.') inner_stop = true;
            j += static_cast<std::size_t>(l2);
            segment = j;
            continue;
          }
        }
        break;
      }
      std::string_view w = text.substr(i, j - i);
      int dot_len = 0;
      bool dot_next = at(j, dot_len) == '.';
      memo_key.assign(w);
      if (dot_next) memo_key += '\x01';
      bool fresh = false;
      auto& entry = memo.words.get(memo_key, fresh);
      if (fresh) entry.value = describe_word(w, inner_stop, dot_next);
      const WordInfo& info = entry.value;
      if (info.stop) j += 1;
      push(i, j, info.features);
      out.back().word = info.word;
      lowers.push_back(info.lower);
      heads.push_back(info.head);
      from_memo.push_back(true);
      i = j;
      continue;
    }
    // A possessive ending: 's, ’s, or a bare apostrophe after an s ("Jones’").
    if (cp >= 0 && is_apostrophe(cp) && !out.empty() && !space && out.back().features.test(k_word)) {
      int l2 = 0;
      auto c2 = at(i + static_cast<std::size_t>(len), l2);
      std::size_t j = i + static_cast<std::size_t>(len);
      if (c2 == 's' || c2 == 'S') j += static_cast<std::size_t>(l2);
      int l3 = 0;
      auto c3 = at(j, l3);
      if (!alnum(c3)) {
        bool after_s = !lowers.empty() && lowers.back().ends_with("s");
        if (j > i + static_cast<std::size_t>(len) || after_s) {
          push(i, j, FeatureBits().set(k_poss).set(k_punct));
          const std::string& l = owned.emplace_front(lower(text.substr(i, j - i)));
          auto id = words_.find(l);
          out.back().word = id == words_.end() ? 0 : id->second;
          lowers.emplace_back(l);
          heads.push_back(phrases_.contains(l));
          from_memo.push_back(false);
          i = j;
          continue;
        }
      }
    }
    // A verb's clitic after a word ("They're": the pack's verb_clitics), a word token of its own.
    if (cp >= 0 && is_apostrophe(cp) && !out.empty() && !space && out.back().features.test(k_word) &&
        clitic_at(text, i + static_cast<std::size_t>(len))) {
      std::size_t j = i + static_cast<std::size_t>(len);
      while (j < text.size() && std::isalpha(static_cast<unsigned char>(text[j]))) ++j;
      const std::string& l = owned.emplace_front(lower(text.substr(i, j - i)));
      FeatureBits f;
      f.set(k_word).set(k_lower);
      if (auto it = word_features_.find(l); it != word_features_.end()) f |= it->second;
      push(i, j, f);
      auto id = words_.find(l);
      out.back().word = id == words_.end() ? 0 : id->second;
      heads.push_back(phrases_.contains(l));
      from_memo.push_back(false);
      lowers.emplace_back(l);
      i = j;
      continue;
    }
    // Punctuation: one code point, or a run of hyphens ("--").
    std::size_t j = i + static_cast<std::size_t>(len);
    if (cp == '-')
      while (j < text.size() && text[j] == '-') ++j;
    push(i, j, FeatureBits().set(k_punct));
    std::string_view p = text.substr(i, j - i);
    if (auto id = words_.find(p); id != words_.end()) out.back().word = id->second;
    heads.push_back(phrases_.contains(p));
    from_memo.push_back(false);
    lowers.push_back(p);
    i = j;
  }
  auto matches = [&](std::size_t t, const Phrase& p) {
    if (t + p.rest.size() >= out.size()) return false;
    for (std::size_t k = 0; k < p.rest.size(); ++k)
      if (lowers[t + 1 + k] != p.rest[k]) return false;
    return true;
  };
  // Word tokens have their /regex/ and word bits from the memo; the others get them below.
  auto& done = scratch.done;
  done.assign(out.size(), false);
  for (std::size_t t = 0; t < out.size(); ++t) done[t] = from_memo[t];
  // Entries that are one token where they stand (phrasal verbs), longest first: their tokens
  // become one, with the first token's shape and every entry's bit.
  if (!phrases_.empty()) {
    std::vector<Token> merged;
    std::vector<std::string_view> merged_lowers;
    std::vector<unsigned char> merged_heads, merged_done;
    bool any = false;
    for (std::size_t t = 0; t < out.size();) {
      std::size_t take = 1;
      FeatureBits bits;
      if (heads[t])
        if (auto it = phrases_.find(lowers[t]); it != phrases_.end())
          for (auto& p : it->second)
            if (p.one_token && p.rest.size() + 1 >= take && matches(t, p)) {
              take = p.rest.size() + 1;
              bits.set(static_cast<std::size_t>(p.bit));
            }
      if (take == 1 && !any) {
        ++t;
        continue;
      }
      if (!any) {
        // The first merge: copy what came before it.
        any = true;
        merged.assign(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(t));
        merged_lowers.assign(lowers.begin(), lowers.begin() + static_cast<std::ptrdiff_t>(t));
        merged_heads.assign(heads.begin(), heads.begin() + static_cast<std::ptrdiff_t>(t));
        merged_done.assign(done.begin(), done.begin() + static_cast<std::ptrdiff_t>(t));
      }
      Token tok = out[t];
      std::string_view l = lowers[t];
      if (take > 1) {
        std::string& joined = owned.emplace_front(lowers[t]);
        for (std::size_t k = 1; k < take; ++k) {
          tok.end = out[t + k].end;
          joined += ' ';
          joined += lowers[t + k];
        }
        l = joined;
      }
      tok.features |= bits;
      bool d = done[t];
      if (take > 1 && !regexes_.empty()) {
        // A merged token's /regex/ tests read its whole text.
        for (auto& r : regexes_) tok.features.reset(static_cast<std::size_t>(r->bit));
        d = false;
      }
      merged.push_back(tok);
      merged_lowers.push_back(l);
      merged_heads.push_back(heads[t]);
      merged_done.push_back(d);
      t += take;
    }
    if (any) {
      out = std::move(merged);
      lowers = std::move(merged_lowers);
      heads = std::move(merged_heads);
      done = std::move(merged_done);
    }
  }
  // Entries of several words, longest first; every token of a match gets the entry's bit.
  if (!phrases_.empty()) {
    for (std::size_t t = 0; t < out.size(); ++t) {
      if (!heads[t]) continue;
      auto it = phrases_.find(lowers[t]);
      if (it == phrases_.end()) continue;
      for (auto& p : it->second) {
        if (p.one_token || !matches(t, p)) continue;
        for (std::size_t k = 0; k <= p.rest.size(); ++k) out[t + k].features.set(static_cast<std::size_t>(p.bit));
      }
    }
  }
  for (std::size_t t = 0; t < out.size(); ++t) {
    if (done[t]) continue;
    auto& tok = out[t];
    if (!word_bits_.empty())
      if (auto it = word_bits_.find(tok.word); it != word_bits_.end()) tok.features.set(static_cast<std::size_t>(it->second));
    if (regexes_.empty()) continue;
    memo_key.assign(text.substr(tok.start, tok.end - tok.start));
    bool fresh = false;
    auto& entry = memo.others.get(memo_key, fresh);
    if (fresh) entry.value = regex_bits(memo_key);
    tok.features |= entry.value;
  }
  return out;
}

std::pair<int, int> Features::place(int bit) const {
  int s = slots_ < 0 ? bit : (bit >= 0 && static_cast<std::size_t>(bit) < slot_.size() ? slot_[static_cast<std::size_t>(bit)] : -1);
  if (s < 0) return {-1, -1};
  // Rank s goes to feature byte s % n at bit 6 - s / n: the first n ranks take every byte's
  // bit 6, the next n bit 5, and so on. Feature byte 0 is the marker byte, byte j >= 1 is the
  // token's byte 2 + j (bytes 1 and 2 hold the word id).
  int n = std::max(1, (std::max(slots_ < 0 ? count() : slots_, 1) + 6) / 7);
  int byte = s % n, bit_in = 6 - s / n;
  return {byte == 0 ? 0 : 2 + byte, bit_in};
}

void Features::encode_only(const FeatureBits& used, const std::vector<int>& weight) {
  std::vector<int> order;
  for (int b = 0; b < count(); ++b)
    if (used.test(static_cast<std::size_t>(b))) order.push_back(b);
  auto w = [&](int b) { return static_cast<std::size_t>(b) < weight.size() ? weight[static_cast<std::size_t>(b)] : 0; };
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return w(a) > w(b); });
  slot_.assign(static_cast<std::size_t>(count()), -1);
  slots_ = static_cast<int>(order.size());
  for (std::size_t r = 0; r < order.size(); ++r) slot_[static_cast<std::size_t>(order[r])] = static_cast<int>(r);
  update_places();
}

int Features::width() const {
  int extra = std::max(0, (slots_ < 0 ? count() : slots_) - 7);
  return 3 + (extra + 6) / 7;
}

namespace {
const FeatureBits k_low64{~std::uint64_t{0}};
}  // namespace

std::string Features::encode(const std::vector<Token>& tokens) const {
  int w = width();
  std::string out(tokens.size() * static_cast<std::size_t>(w), '\0');
  for (std::size_t t = 0; t < tokens.size(); ++t) {
    char* p = out.data() + t * static_cast<std::size_t>(w);
    p[0] = static_cast<char>(0x80);
    p[1] = static_cast<char>(tokens[t].word & 0x7F);
    p[2] = static_cast<char>((tokens[t].word >> 7) & 0x7F);
    // The set bits, a 64-bit word at a time.
    const FeatureBits& f = tokens[t].features;
    static_assert(FeatureBits().size() <= 128);
    const std::uint64_t words[2] = {(f & k_low64).to_ullong(), (f >> 64).to_ullong()};
    for (std::size_t half = 0; half < 2; ++half)
      for (std::uint64_t bits = words[half]; bits; bits &= bits - 1) {
        std::size_t b = 64 * half + static_cast<std::size_t>(std::countr_zero(bits));
        if (b >= places_.size()) break;
        auto [byte, mask] = places_[b];
        if (byte < 0) continue;
        p[byte] = static_cast<char>(static_cast<unsigned char>(p[byte]) | mask);
      }
  }
  return out;
}

}  // namespace quotecheck::tokens

// --- the features of a rule pack's lexicons ----------------------------------------------

namespace quotecheck::tokens {

Features lexicon_features(const RulePack& pack) {
  Features f;
  auto set = [&](const char* name, const std::vector<std::string>& entries) { f.add_entries(f.add(name), entries); };
  std::vector<std::string> verbs, finite, ing, weak;
  for (auto& [form, verb] : pack.verbs) {
    verbs.push_back(form);
    (form.ends_with("ing") ? ing : finite).push_back(form);
    if (!verb.reporting) weak.push_back(form);
  }
  // A phrasal verb ("went on", "pointing out") is a verb of its own, finite or not by its first word.
  for (auto& p : pack.phrasal_verbs) {
    verbs.push_back(p);
    (p.substr(0, p.find(' ')).ends_with("ing") ? ing : finite).push_back(p);
  }
  auto verb_set = [&](const char* name, const std::vector<std::string>& entries) { f.add_entries(f.add(name), entries, true); };
  verb_set("verb", verbs);
  verb_set("verb.finite", finite);
  verb_set("verb.ing", ing);
  verb_set("verb.weak", weak);
  verb_set("verb.phrasal", pack.phrasal_verbs);
  std::vector<std::string> pronouns, male, female, plural, impersonal;
  for (auto& [form, p] : pack.pronouns) {
    pronouns.push_back(form);
    if (p.gender == Gender::male) male.push_back(form);
    if (p.gender == Gender::female) female.push_back(form);
    if (p.plural) plural.push_back(form);
    if (!p.personal) impersonal.push_back(form);
  }
  set("pronoun", pronouns);
  set("pronoun.male", male);
  set("pronoun.female", female);
  set("pronoun.plural", plural);
  set("pronoun.impersonal", impersonal);
  // The pronouns that can be a sentence's subject, as the {pronoun} macro of the character rules.
  std::vector<std::string> subject;
  for (auto& [form, p] : pack.pronouns)
    if (form == "he" || form == "she" || form == "they" || form == "we" || form == "i" || form == "it" || form == "you")
      subject.push_back(form);
  set("pronoun.subject", subject);
  std::vector<std::string> honorifics, h_male, h_female, stops;
  for (auto& h : pack.honorifics) {
    honorifics.push_back(h.form);
    if (h.gender == Gender::male) h_male.push_back(h.form);
    if (h.gender == Gender::female) h_female.push_back(h.form);
    // Every word of an honorific that ends in a full stop keeps it ("Lt. Gen.").
    std::size_t start = 0;
    while (start < h.form.size()) {
      std::size_t end = h.form.find(' ', start);
      if (end == std::string::npos) end = h.form.size();
      if (end > start && h.form[end - 1] == '.') stops.push_back(h.form.substr(start, end - start));
      start = end + 1;
    }
  }
  set("honorific", honorifics);
  set("honorific.male", h_male);
  set("honorific.female", h_female);
  stops.insert(stops.end(), pack.abbreviations.begin(), pack.abbreviations.end());
  f.add_abbreviations(stops);
  f.add_clitics(pack.verb_clitics);
  set("particle", pack.particles);
  f.add_name_particles(pack.particles);
  set("suffix", pack.suffixes);
  std::vector<std::string> given, g_male, g_female;
  for (auto& [name, g] : pack.given_names) {
    given.push_back(name);
    if (g == Gender::male) g_male.push_back(name);
    if (g == Gender::female) g_female.push_back(name);
  }
  set("given", given);
  set("given.male", g_male);
  set("given.female", g_female);
  std::vector<std::string> roles;
  for (auto& r : pack.roles) roles.insert(roles.end(), r.forms.begin(), r.forms.end());
  // A role with a modifier written onto it ("then-senator", "ex-president", "co-director") is a role.
  for (std::size_t n = roles.size(), i = 0; i < n; ++i)
    for (auto& m : pack.role_modifiers)
      if (m.size() > 1 && m.back() == '-') roles.push_back(m + roles[i]);
  set("role", roles);
  set("role.modifier", pack.role_modifiers);
  std::vector<std::string> countries, demonyms, capitals, organisations;
  for (auto& p : pack.places) {
    auto& into = p.organisation ? organisations : countries;
    into.insert(into.end(), p.forms.begin(), p.forms.end());
    demonyms.insert(demonyms.end(), p.demonyms.begin(), p.demonyms.end());
    capitals.insert(capitals.end(), p.capitals.begin(), p.capitals.end());
  }
  set("country", countries);
  set("demonym", demonyms);
  set("capital", capitals);
  set("organisation", organisations);
  set("institution", pack.institutions);
  std::vector<std::string> parties, codes;
  for (auto& p : pack.parties) {
    parties.insert(parties.end(), p.forms.begin(), p.forms.end());
    codes.insert(codes.end(), p.codes.begin(), p.codes.end());
  }
  set("party", parties);
  set("party.code", codes);
  // A US congressional label: a party's code, a hyphen and the state ("R-Tenn", "D-N.Y.", the
  // first word of "D-New York"), one token. With no codes the feature is there and never holds.
  if (codes.empty()) {
    f.add("party.label");
  } else {
    std::string alternatives, error;
    for (auto& c : codes) alternatives += (alternatives.empty() ? "" : "|") + RE2::QuoteMeta(c);
    f.add_regex("party.label", "(?:" + alternatives + ")-\\p{Lu}[\\p{L}.]*", error);
  }
  // A head noun of an occupation or standing, with a plural s, also after hyphenated words
  // ("co-founder", "vice-chairman").
  if (pack.person_nouns.empty()) {
    f.add("person_noun");
  } else {
    std::string alternatives, error;
    for (auto& n : pack.person_nouns) alternatives += (alternatives.empty() ? "" : "|") + RE2::QuoteMeta(n);
    f.add_regex("person_noun", "(?:\\p{Ll}+-)*(?:" + alternatives + ")s?", error);
  }
  set("org.head", pack.organisation_heads);
  set("group.noun", pack.group_nouns);
  set("representative", pack.representative_heads);
  set("determiner", pack.determiners);
  set("object.lead", pack.object_leads);
  set("affiliation.lead", pack.affiliation_leads);
  set("relative", pack.relative_words);
  set("clause", pack.clause_words);
  set("time", pack.time_words);
  set("time.lead", pack.time_leads);
  set("negation", pack.negations);
  set("number.word", pack.number_words);
  set("sentence.opener", pack.sentence_openers);
  set("name.break", pack.name_breaks);
  set("lead.adverb", pack.lead_adverbs);
  return f;
}

}  // namespace quotecheck::tokens
