// quotecheck - attribution: speakers, mentions and descriptors of one document.
#include "quotecheck/attribution.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <unordered_set>

#include <fmt/format.h>

#include "compiled.hpp"

namespace quotecheck {

namespace {

constexpr char k_mask_other = '#';   // the words of every quote are masked with this
constexpr char k_mask_target = '@';  // ... and those of the quote being attributed with this

bool ascii_space(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && (ascii_space(s.front()) || s.front() == ',')) s.remove_prefix(1);
  while (!s.empty() && (ascii_space(s.back()) || s.back() == ',')) s.remove_suffix(1);
  return s;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Splits `s` into words on spaces.
std::vector<std::string_view> split_words(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && ascii_space(s[i])) ++i;
    std::size_t j = i;
    while (j < s.size() && !ascii_space(s[j])) ++j;
    if (j > i) out.push_back(s.substr(i, j - i));
    i = j;
  }
  return out;
}

bool capitalised(std::string_view w) {
  if (w.empty()) return false;
  int len = 1;
  auto cp = decode_utf8(w, 0, len);
  return is_upper(cp);
}

// Lexicon look-ups built once per rule pack.
struct Lexicon {
  std::unordered_map<std::string, const Honorific*> honorifics;  // normalised form
  std::unordered_set<std::string> particles, suffixes, org_heads, group_nouns, determiners;
  std::vector<std::pair<std::string, const Role*>> role_forms;  // longest first
  std::unordered_map<std::string, const Place*> place_forms;    // normalised forms, demonyms, capitals
  std::unordered_set<std::string> abbreviations;

  explicit Lexicon(const RulePack& pack) {
    for (auto& h : pack.honorifics) honorifics[normalize(h.form)] = &h;
    for (auto& p : pack.particles) particles.insert(normalize(p));
    for (auto& s : pack.suffixes) suffixes.insert(normalize(s));
    for (auto& o : pack.organisation_heads) org_heads.insert(normalize(o));
    for (auto& g : pack.group_nouns) group_nouns.insert(normalize(g));
    for (auto& r : pack.roles)
      for (auto& f : r.forms) role_forms.push_back({f, &r});
    std::sort(role_forms.begin(), role_forms.end(), [](auto& a, auto& b) { return a.first.size() > b.first.size(); });
    for (auto& p : pack.places) {
      for (auto& f : p.forms) place_forms[normalize(f)] = &p;
      for (auto& f : p.demonyms) place_forms[normalize(f)] = &p;
      for (auto& f : p.capitals) place_forms.emplace(normalize(f), &p);
    }
    for (auto* d : {"the", "a", "an", "another", "one", "his", "her", "their", "its", "our", "this", "that", "two", "three", "several", "some", "many", "other"})
      determiners.insert(d);
    for (auto& [form, h] : honorifics)
      if (!form.empty() && form.back() == '.') abbreviations.insert(form.substr(0, form.size() - 1));
    for (auto* a : {"mr", "mrs", "ms", "dr", "st", "jr", "sr", "gen", "gov", "sen", "rep", "lt", "col", "sgt", "capt", "maj",
                    "adm", "prof", "rev", "inc", "co", "corp", "ltd", "vs", "no", "jan", "feb", "mar", "apr", "aug", "sept",
                    "sep", "oct", "nov", "dec", "mt", "ft", "u.s", "u.n", "u.k", "d.c", "e.u", "a.m", "p.m", "etc", "approx"})
      abbreviations.insert(a);
  }
};

const Lexicon& lexicon_for(const RulePack& pack) {
  // One lexicon per pack; packs are long-lived and few, so a small cache keyed by address.
  static thread_local const RulePack* last = nullptr;
  static thread_local std::string last_hash;
  static thread_local std::unique_ptr<Lexicon> lex;
  if (last != &pack || last_hash != pack.hash || !lex) {
    lex = std::make_unique<Lexicon>(pack);
    last = &pack;
    last_hash = pack.hash;
  }
  return *lex;
}

// A sentence inside a paragraph: [start, end) in document bytes.
struct Sentence {
  std::size_t start, end;
};

// Splits [start, end) of the masked text into sentences. Terminators inside quotes are
// masked already; a quote whose words end a sentence ends it when a capital follows.
std::vector<Sentence> sentences(const std::string& masked, const std::string& text, std::size_t start, std::size_t end,
                                const Lexicon& lex) {
  std::vector<Sentence> out;
  std::size_t s = start;
  for (std::size_t i = start; i < end; ++i) {
    char c = masked[i];
    bool term = false;
    std::size_t after = i + 1;
    if (c == '.' || c == '?' || c == '!') {
      term = true;
      // Closing marks and brackets that follow belong to this sentence.
      while (after < end && (masked[after] == '"' || masked[after] == ')' || masked[after] == '\'')) ++after;
      if (c == '.') {
        // Abbreviations and initials do not end a sentence.
        std::size_t w = i;
        while (w > start && !ascii_space(masked[w - 1]) && masked[w - 1] != '(' && masked[w - 1] != '"') --w;
        std::string word = lower(std::string_view(masked).substr(w, i - w));
        if (word.size() == 1 || lex.abbreviations.count(word) || word.find('.') != std::string::npos) term = false;
      }
    } else if (c == '"' && i > start && masked[i - 1] == k_mask_other) {
      // The end of a masked quote: look at the quote's own last character.
      std::size_t k = i;
      while (k > start && (text[k - 1] == ' ' || static_cast<unsigned char>(text[k - 1]) >= 0x80 ||
                           text[k - 1] == '"' || text[k - 1] == '\''))
        --k;
      // Skip the closing mark's own bytes (curly marks are 3 bytes).
      if (k > start && (text[k - 1] == '.' || text[k - 1] == '?' || text[k - 1] == '!')) term = true;
      after = i + 1;
      while (after < end && masked[after] == '"') ++after;
    }
    if (!term) continue;
    // A sentence ends only before white space and a capital letter, a quote or a digit.
    std::size_t j = after;
    if (j < end && !ascii_space(masked[j])) continue;
    while (j < end && ascii_space(masked[j])) ++j;
    if (j < end) {
      int len = 1;
      auto cp = decode_utf8(text, j, len);
      if (!(is_upper(cp) || is_digit(cp) || masked[j] == '"' || masked[j] == '(' || masked[j] == '\'')) continue;
    }
    out.push_back({s, after});
    s = j;
    i = after - 1;
  }
  if (s < end) out.push_back({s, end});
  return out;
}

struct Window {
  std::size_t start = 0, end = 0;
};

bool is_pronoun(const RulePack& pack, std::string_view w, PronounInfo* info = nullptr) {
  auto it = pack.pronouns.find(lower(w));
  if (it == pack.pronouns.end()) return false;
  if (info) *info = it->second;
  return true;
}

}  // namespace

Descriptor parse_descriptor(std::string_view text, const RulePack& pack) {
  const Lexicon& lex = lexicon_for(pack);
  Descriptor d;
  d.text = std::string(trim(text));
  std::string norm = normalize(d.text);
  // Role: the longest role form found as whole words.
  std::size_t role_pos = std::string::npos;
  for (auto& [form, role] : lex.role_forms) {
    std::size_t p = 0;
    while ((p = norm.find(form, p)) != std::string::npos) {
      bool left = p == 0 || !std::isalnum(static_cast<unsigned char>(norm[p - 1]));
      bool right = p + form.size() >= norm.size() || !std::isalnum(static_cast<unsigned char>(norm[p + form.size()]));
      if (left && right) break;
      ++p;
    }
    if (p != std::string::npos) {
      d.role = role->role;
      role_pos = p;
      // The form as written: same byte length in ASCII text.
      if (norm.size() == d.text.size()) d.role_form = d.text.substr(p, form.size());
      else d.role_form = form;
      break;
    }
  }
  // Affiliation: the first place named that is not a posting ("ambassador to Iraq").
  auto ws = split_words(norm);
  std::size_t offset = 0;
  std::string prev;
  for (std::size_t i = 0; i < ws.size(); ++i) {
    std::string w(ws[i]);
    offset = static_cast<std::size_t>(ws[i].data() - norm.data());
    while (!w.empty() && (w.back() == ',' || w.back() == ';')) w.pop_back();
    std::string base = w;
    if (base.ends_with("'s")) base.resize(base.size() - 2);
    const Place* place = nullptr;
    // Two- and three-word place names first.
    for (std::size_t n = std::min<std::size_t>(4, ws.size() - i); n >= 1 && !place; --n) {
      std::string cand;
      for (std::size_t k = 0; k < n; ++k) cand += (k ? " " : "") + std::string(ws[i + k]);
      while (!cand.empty() && (cand.back() == ',' || cand.back() == ';')) cand.pop_back();
      if (cand.ends_with("'s")) cand.resize(cand.size() - 2);
      if (auto it = lex.place_forms.find(cand); it != lex.place_forms.end()) place = it->second;
    }
    bool posting = prev == "to" || prev == "in" || prev == "at" || prev == "from";
    if (place && !posting) {
      d.affiliation = place->name;
      break;
    }
    prev = w;
    (void)offset;
    (void)role_pos;
  }
  return d;
}

std::vector<Segment> find_segments(const Document& doc, const RulePack& pack) {
  std::vector<Segment> out;
  out.push_back({doc.outlet, doc.body_start, doc.text.size()});
  static const RE2 url_re(R"((?:^|\s)(https?://(?:www\.)?([A-Za-z0-9.-]+)\S*))");
  const std::string& t = doc.text;
  bool blank_lines = t.find("\n\n", doc.body_start) != std::string::npos;
  re2::StringPiece input(t.data() + doc.body_start, t.size() - doc.body_start);
  re2::StringPiece url, host;
  while (RE2::FindAndConsume(&input, url_re, &url, &host)) {
    auto start = static_cast<std::size_t>(url.data() - t.data());
    std::size_t end = t.size();
    if (!blank_lines) {
      end = t.find('\n', start);
      if (end == std::string::npos) end = t.size();
    }
    out.back().end = std::min(out.back().end, start);
    out.push_back({std::string(host), start, end});
    if (end < t.size()) out.push_back({doc.outlet, end, t.size()});
  }
  // Agency bylines ("By NAME, Associated Press Writer") name the outlet of what follows.
  if (auto it = pack.macros.find("byline"); it != pack.macros.end()) {
    RE2 byline(it->second, detail::rule_options());
    if (byline.ok() && byline.NumberOfCapturingGroups() >= 1) {
      re2::StringPiece in2(t.data() + doc.body_start, t.size() - doc.body_start), outlet;
      while (RE2::FindAndConsume(&in2, byline, &outlet)) {
        auto start = static_cast<std::size_t>(outlet.data() - t.data());
        auto line_start = t.rfind('\n', start);
        start = line_start == std::string::npos ? doc.body_start : line_start + 1;
        for (auto& s : out) {
          if (s.start <= start && start < s.end) {
            Segment tail{std::string(outlet), start, s.end};
            s.end = start;
            out.push_back(tail);
            break;
          }
        }
      }
    }
  }
  std::erase_if(out, [](const Segment& s) { return s.end <= s.start; });
  std::sort(out.begin(), out.end(), [](auto& a, auto& b) { return a.start < b.start; });
  return out;
}

namespace {

struct Extractor {
  const Document& doc;
  const RulePack& pack;
  const Lexicon& lex;
  const detail::CompiledRules& compiled;
  DocumentResult& result;
  std::string masked;
  std::vector<Paragraph> paragraphs;
  std::vector<std::vector<Sentence>> para_sentences;
  std::vector<QuoteSpan> spans;

  std::size_t segment_of(std::size_t offset) const {
    for (std::size_t i = 0; i < result.segments.size(); ++i)
      if (offset >= result.segments[i].start && offset < result.segments[i].end) return i;
    return 0;
  }

  void mask() {
    masked = doc.text;
    for (auto& q : spans) {
      for (std::size_t i = q.start; i < q.end && i < masked.size(); ++i) masked[i] = k_mask_other;
      masked[q.start] = '"';
      if (q.end > q.start + 1) masked[q.end - 1] = '"';
    }
    // Non-ASCII bytes outside quotes stay as they are: RE2 reads UTF-8.
  }

  // Finds the sentence of paragraph `p` that holds offset `at`.
  const Sentence* sentence_at(std::size_t p, std::size_t at) const {
    for (auto& s : para_sentences[p])
      if (at >= s.start && at < s.end) return &s;
    return para_sentences[p].empty() ? nullptr : &para_sentences[p].back();
  }

  std::size_t paragraph_of(std::size_t offset) const {
    auto it = std::upper_bound(paragraphs.begin(), paragraphs.end(), offset,
                               [](std::size_t o, const Paragraph& p) { return o < p.start; });
    return it == paragraphs.begin() ? 0 : static_cast<std::size_t>(it - paragraphs.begin()) - 1;
  }

  // Builds the window of `scope` for quote `q`, with q's words masked as the target.
  bool window(const QuoteSpan& q, RuleScope scope, std::string& out, std::size_t& base) {
    std::size_t p = paragraph_of(q.start);
    const Sentence* s = sentence_at(p, q.start);
    if (!s) return false;
    const Sentence* s_end = sentence_at(paragraph_of(q.end > 0 ? q.end - 1 : 0), q.end > 0 ? q.end - 1 : 0);
    std::size_t start = 0, end = 0;
    switch (scope) {
      case RuleScope::after: {
        start = q.end;
        // The rest of the sentence after the quote, past a '?' or '!' that ends the quote.
        std::size_t pe = paragraphs[paragraph_of(q.end > 0 ? q.end - 1 : 0)].end;
        end = std::min<std::size_t>(pe, std::max(s_end ? s_end->end : pe, q.end));
        if (end <= q.end + 1 || (s_end && s_end->end <= q.end)) {
          // The quote ended its sentence: take the next one, which may be "Crocker said."
          const Sentence* next = sentence_at(paragraph_of(q.end), q.end);
          end = next ? std::max(next->end, q.end) : pe;
        }
        break;
      }
      case RuleScope::before:
        start = s->start;
        end = q.start;
        break;
      case RuleScope::sentence:
        start = s->start;
        end = std::max(s_end ? s_end->end : q.end, q.end);
        break;
      case RuleScope::previous: {
        if (s->start == paragraphs[p].start) {
          if (p == 0) return false;
          auto& prev = para_sentences[p - 1];
          if (prev.empty()) return false;
          start = prev.back().start;
          end = prev.back().end;
        } else {
          const Sentence* ps = sentence_at(p, s->start - 1);
          if (!ps || ps == s) return false;
          start = ps->start;
          end = ps->end;
        }
        break;
      }
    }
    if (end <= start) {
      out.clear();
      base = start;
      return scope == RuleScope::before;
    }
    out.assign(masked, start, end - start);
    for (std::size_t i = std::max(q.start, start); i < std::min(q.end, end); ++i)
      if (out[i - start] == k_mask_other) out[i - start] = k_mask_target;
    base = start;
    return true;
  }

  // Strips leading conjunctions and trailing punctuation from a speaker mention.
  static std::pair<std::size_t, std::size_t> tidy(std::string_view text, std::size_t a, std::size_t b) {
    while (a < b && (ascii_space(text[a]) || text[a] == ',')) ++a;
    while (b > a && (ascii_space(text[b - 1]) || text[b - 1] == ',' || text[b - 1] == '.')) {
      if (text[b - 1] == '.' && b - a >= 2 && (b - a < 3 || text[b - 3] == ' ' || text[b - 3] == '.')) break;  // initials, Jr.
      --b;
    }
    return {a, b};
  }

  // Splits a mention into its title words and its name, and classifies it.
  Speaker make_speaker(std::size_t a, std::size_t b, const std::string& rule) {
    std::tie(a, b) = tidy(doc.text, a, b);
    Speaker sp;
    sp.start = a;
    sp.end = b;
    sp.rule = rule;
    sp.mention = squeeze_space(std::string_view(doc.text).substr(a, b - a));
    PronounInfo pi;
    if (is_pronoun(pack, sp.mention, &pi)) {
      sp.gender = pi.plural ? Gender::plural : pi.gender;
      sp.person = pi.personal;
      return sp;
    }
    auto m = make_mention(a, b);
    sp.person = m.person;
    sp.gender = m.gender;
    sp.name = m.person ? m.name : m.name;
    result.mentions.push_back(std::move(m));
    sp.mention_index = static_cast<int>(result.mentions.size() - 1);
    return sp;
  }

  // Builds a mention from [a, b): title words, then the name; or a noun phrase.
  Mention make_mention(std::size_t a, std::size_t b) {
    Mention m;
    m.text = squeeze_space(std::string_view(doc.text).substr(a, b - a));
    m.segment = segment_of(a);
    auto ws = split_words(std::string_view(doc.text).substr(a, b - a));
    // A noun phrase with a determiner ("a White House spokesman", "the campaign") is not a name.
    std::string first = ws.empty() ? "" : lower(ws.front());
    // The name: the longest run of capitalised words (with particles) at the end.
    std::size_t k = ws.size();
    while (k > 0) {
      std::string_view w = ws[k - 1];
      std::string nw = normalize(w);
      std::string nw_trim = nw;
      while (!nw_trim.empty() && nw_trim.back() == ',') nw_trim.pop_back();
      bool cap = capitalised(w);
      bool particle = lex.particles.count(nw_trim) || lex.particles.count(nw_trim.substr(0, nw_trim.find('-') + 1));
      bool suffix = lex.suffixes.count(nw_trim);
      bool title = lex.honorifics.count(nw_trim) > 0;
      bool role = false;
      for (auto& [form, r] : lex.role_forms)
        if (form == nw_trim) role = true;
      bool place = lex.place_forms.count(nw_trim) > 0 || (nw_trim.ends_with("'s") && lex.place_forms.count(nw_trim.substr(0, nw_trim.size() - 2)));
      if ((cap || particle || suffix) && !title && !role && !place && !w.ends_with(",")) {
        --k;
        continue;
      }
      if (suffix) {
        --k;
        continue;
      }
      break;
    }
    // A particle cannot start a name unless it is attached (al-Maliki).
    std::string name;
    std::size_t name_start = a;
    if (k < ws.size()) {
      name_start = static_cast<std::size_t>(ws[k].data() - doc.text.data());
      auto last = ws.back();
      std::size_t name_end = static_cast<std::size_t>(last.data() - doc.text.data()) + last.size();
      name = squeeze_space(std::string_view(doc.text).substr(name_start, name_end - name_start));
      while (!name.empty() && (name.back() == ',' || name.back() == '.') && !(name.size() >= 2 && name[name.size() - 2] == 'r'))
        name.pop_back();
      m.start = name_start;
      m.end = name_start + name.size();
    }
    m.pos = doc.position(m.start ? m.start : a);
    bool determiner = lex.determiners.count(first) > 0;
    // Organisation or group: a determiner with an organisation word, or a group noun.
    std::string last = ws.empty() ? "" : normalize(ws.back());
    while (!last.empty() && (last.back() == ',' || last.back() == '.')) last.pop_back();
    bool org = false;
    for (auto& w : ws) {
      std::string nw = normalize(w);
      while (!nw.empty() && (nw.back() == ',' || nw.back() == '.')) nw.pop_back();
      if (lex.org_heads.count(nw)) org = true;
    }
    if (lex.group_nouns.count(last)) org = true;
    if (determiner || name.empty() || org) {
      // "a spokesman for X" names X's organisation; otherwise the phrase itself.
      m.person = !(org || lex.group_nouns.count(last));
      if (determiner && !name.empty() && k > 0 && !org) {
        // "the American envoy Ryan Crocker": a title phrase then a name.
        m.person = true;
      } else if (name.empty() || determiner || org) {
        m.name = name.empty() ? m.text : name;
        if (name.empty()) {
          m.start = a;
          m.end = b;
        }
        if (!m.person || name.empty()) {
          m.person = m.person && !name.empty();
          if (!m.person) m.gender = Gender::neuter;
          add_title_descriptor(m, a, name.empty() ? b : name_start);
          return m;
        }
      }
    }
    m.name = name;
    // Gender from an honorific or a known given name.
    for (std::size_t i = 0; i < ws.size(); ++i) {
      std::string nw = normalize(ws[i]);
      if (auto it = lex.honorifics.find(nw); it != lex.honorifics.end() && it->second->gender != Gender::unknown)
        m.gender = it->second->gender;
    }
    if (m.gender == Gender::unknown && k < ws.size()) {
      if (auto it = pack.given_names.find(normalize(ws[k])); it != pack.given_names.end()) m.gender = it->second;
    }
    add_title_descriptor(m, a, name_start);
    return m;
  }

  // The words before the name ("Iranian Foreign Minister") as a descriptor, when they hold a role.
  void add_title_descriptor(Mention& m, std::size_t a, std::size_t name_start) {
    if (name_start <= a) return;
    auto text = trim(std::string_view(doc.text).substr(a, name_start - a));
    if (text.empty()) return;
    Descriptor d = parse_descriptor(text, pack);
    if (d.role.empty()) {
      // Honorific roles: "Sen." -> senator.
      for (auto w : split_words(text)) {
        if (auto it = lex.honorifics.find(normalize(w)); it != lex.honorifics.end() && !it->second->role.empty()) {
          d.role = it->second->role;
          d.role_form = std::string(w);
        }
      }
    }
    if (d.role.empty()) return;
    d.start = static_cast<std::size_t>(text.data() - doc.text.data());
    d.end = d.start + text.size();
    d.pos = doc.position(d.start);
    d.rule = "desc.title-before-name";
    m.descriptors.push_back(std::move(d));
  }

  bool attribute_with_rules(Quote& quote) {
    const QuoteSpan& q = quote.span;
    std::string win;
    std::size_t base = 0;
    for (std::size_t r = 0; r < pack.attribution.size(); ++r) {
      const auto& rule = pack.attribution[r];
      const RE2* re = compiled.attribution[r].get();
      int group = compiled.attribution_speaker_group[r];
      if (!re || group < 0) continue;
      if (!window(q, rule.scope, win, base)) continue;
      if (win.empty()) continue;
      std::vector<re2::StringPiece> groups(static_cast<std::size_t>(group) + 1);
      if (!re->Match(win, 0, win.size(), RE2::UNANCHORED, groups.data(), static_cast<int>(groups.size()))) continue;
      auto& g = groups[static_cast<std::size_t>(group)];
      if (g.data() == nullptr || g.empty()) continue;
      std::size_t a = base + static_cast<std::size_t>(g.data() - win.data());
      std::size_t b = a + g.size();
      // Never a speaker inside a quote.
      if (std::string_view(masked).substr(a, b - a).find(k_mask_other) != std::string_view::npos) continue;
      quote.speaker = make_speaker(a, b, rule.id);
      if (rule.direct) quote.kind = QuoteKind::direct;
      return true;
    }
    return false;
  }

  // Person names in running text, outside quotes: for pronoun antecedents and entities.
  void scan_names() {
    static const RE2 name_re(
        R"((?:^|[^\p{L}\p{N}'’-])((?:\p{Lu}[\p{Ll}\p{M}'’]+(?:-\p{Lu}?[\p{Ll}\p{M}]+)?|\p{Lu}\.)(?:\s+(?:(?:al|el|bin|ibn|van|von|de|da|di|del|der|la|le)[\s-])?(?:\p{Lu}[\p{Ll}\p{M}'’]+(?:-\p{Lu}?[\p{Ll}\p{M}]+)?|\p{Lu}\.)){1,3}))");
    re2::StringPiece input(masked.data() + doc.body_start, masked.size() - doc.body_start);
    re2::StringPiece name;
    while (RE2::FindAndConsume(&input, name_re, &name)) {
      auto a = static_cast<std::size_t>(name.data() - masked.data());
      auto b = a + name.size();
      if (doc.headline_end > doc.headline_start && a >= doc.headline_start && a < doc.headline_end) continue;
      auto ws = split_words(std::string_view(doc.text).substr(a, b - a));
      std::string first = normalize(ws.front());
      // Drop leading honorifics and titles, keep their gender.
      Gender g = Gender::unknown;
      std::size_t k = 0;
      while (k < ws.size()) {
        std::string nw = normalize(ws[k]);
        auto it = lex.honorifics.find(nw);
        if (it == lex.honorifics.end()) it = lex.honorifics.find(nw + ".");
        if (it == lex.honorifics.end()) break;
        if (it->second->gender != Gender::unknown) g = it->second->gender;
        ++k;
      }
      if (k >= ws.size()) continue;
      auto given = pack.given_names.find(normalize(ws[k]));
      bool titled = k > 0;
      if (given == pack.given_names.end() && !titled) continue;
      if (ws.size() - k < (titled ? 1u : 2u)) continue;
      // Place or organisation words are not part of a person's name.
      bool bad = false;
      for (std::size_t i = k; i < ws.size(); ++i) {
        std::string nw = normalize(ws[i]);
        if (lex.place_forms.count(nw) || lex.org_heads.count(nw)) bad = true;
      }
      if (bad) continue;
      if (g == Gender::unknown && given != pack.given_names.end()) g = given->second;
      Mention m;
      m.start = static_cast<std::size_t>(ws[k].data() - doc.text.data());
      m.end = b;
      m.name = squeeze_space(std::string_view(doc.text).substr(m.start, b - m.start));
      m.text = squeeze_space(std::string_view(doc.text).substr(a, b - a));
      m.gender = g;
      m.pos = doc.position(m.start);
      m.segment = segment_of(a);
      if (k > 0) add_title_descriptor(m, a, m.start);
      result.mentions.push_back(std::move(m));
    }
  }

  // Runs the descriptor rules ("X, Iraq's foreign minister," ...) and attaches descriptors.
  void scan_descriptors() {
    for (std::size_t r = 0; r < pack.descriptors.size(); ++r) {
      const RE2* re = compiled.descriptors[r].get();
      int ng = compiled.descriptor_name_group[r], tg = compiled.descriptor_text_group[r];
      if (!re || ng < 0 || tg < 0) continue;
      int n = std::max(ng, tg) + 1;
      std::vector<re2::StringPiece> groups(static_cast<std::size_t>(n));
      for (auto& para : paragraphs) {
        std::size_t pos = para.start;
        while (pos < para.end &&
               re->Match(masked, pos, para.end, RE2::UNANCHORED, groups.data(), n)) {
          auto& gn = groups[static_cast<std::size_t>(ng)];
          auto& gt = groups[static_cast<std::size_t>(tg)];
          std::size_t whole_end = static_cast<std::size_t>(groups[0].data() - masked.data()) + groups[0].size();
          if (gn.data() && gt.data()) {
            auto na = static_cast<std::size_t>(gn.data() - masked.data());
            auto ta = static_cast<std::size_t>(gt.data() - masked.data());
            Descriptor d = parse_descriptor(std::string_view(doc.text).substr(ta, gt.size()), pack);
            if (!d.role.empty()) {
              auto [da, db] = tidy(doc.text, ta, ta + gt.size());
              d.start = da;
              d.end = db;
              d.text = doc.text.substr(da, db - da);
              d.pos = doc.position(da);
              d.rule = pack.descriptors[r].id;
              Mention m = make_mention(na, na + gn.size());
              m.descriptors.push_back(std::move(d));
              result.mentions.push_back(std::move(m));
            }
          }
          std::size_t next = static_cast<std::size_t>(gn.data() ? gn.data() - masked.data() : groups[0].data() - masked.data()) + 1;
          pos = std::max(next, pos + 1);
          if (whole_end <= pos) pos = std::max(pos, next);
        }
      }
    }
  }

  // Resolves a pronoun speaker to the previous attribution's subject or the nearest person.
  void resolve_pronoun(Quote& quote, const Quote* previous) {
    Speaker& sp = *quote.speaker;
    if (sp.mention_index >= 0) return;
    PronounInfo pi;
    if (!is_pronoun(pack, sp.mention, &pi) || !pi.personal) return;
    auto compatible = [&](Gender g) {
      if (pi.plural) return false;
      if (g == Gender::neuter || g == Gender::plural) return false;
      return g == Gender::unknown || pi.gender == Gender::unknown || g == pi.gender;
    };
    auto prefer = [&](Gender g) { return pi.gender != Gender::unknown && g == pi.gender; };
    if (pi.plural) return;
    // 1. The previous attribution's subject, when its gender fits.
    int best = -1;
    if (previous && previous->speaker && previous->speaker->mention_index >= 0) {
      const auto& m = result.mentions[static_cast<std::size_t>(previous->speaker->mention_index)];
      if (m.person && compatible(m.gender) && (prefer(m.gender) || m.gender == Gender::unknown)) best = previous->speaker->mention_index;
    }
    // 2. Else the nearest earlier person mention, known gender first.
    std::size_t prev_end = previous && previous->speaker ? previous->span.start : 0;
    for (int pass = 0; pass < 2 && best < 0; ++pass) {
      std::size_t best_pos = 0;
      for (std::size_t i = 0; i < result.mentions.size(); ++i) {
        const auto& m = result.mentions[i];
        if (!m.person || m.start >= sp.start || m.name.empty()) continue;
        if (pass == 0 ? !prefer(m.gender) : !compatible(m.gender)) continue;
        if (m.start >= best_pos) {
          best_pos = m.start;
          best = static_cast<int>(i);
        }
      }
      (void)prev_end;
    }
    if (best >= 0) {
      sp.mention_index = best;
      sp.name = result.mentions[static_cast<std::size_t>(best)].name;
      if (result.mentions[static_cast<std::size_t>(best)].gender == Gender::unknown && pi.gender != Gender::unknown)
        result.mentions[static_cast<std::size_t>(best)].gender = pi.gender;
    }
  }

  void run() {
    result.segments = find_segments(doc, pack);
    paragraphs = split_paragraphs(doc);
    std::vector<std::size_t> stray;
    spans = scan_quotes(doc, paragraphs, pack, result.diagnostics, &stray);
    for (auto s : stray) {
      std::size_t a = s >= 30 ? s - 30 : 0;
      while (a > 0 && (static_cast<unsigned char>(doc.text[a]) & 0xC0) == 0x80) --a;
      std::size_t b = std::min(doc.text.size(), s + 30);
      while (b < doc.text.size() && (static_cast<unsigned char>(doc.text[b]) & 0xC0) == 0x80) ++b;
      result.stray_marks.push_back({s, doc.position(s), squeeze_space(std::string_view(doc.text).substr(a, b - a))});
    }
    std::erase_if(spans, [](const QuoteSpan& q) { return q.in_headline; });
    mask();
    para_sentences.reserve(paragraphs.size());
    for (auto& p : paragraphs) para_sentences.push_back(sentences(masked, doc.text, p.start, p.end, lex));

    scan_names();
    scan_descriptors();

    const Quote* previous = nullptr;
    for (auto& span : spans) {
      Quote quote;
      quote.span = span;
      quote.pos = doc.position(span.start);
      quote.segment = segment_of(span.start);
      result.quotes.push_back(std::move(quote));
    }
    for (std::size_t i = 0; i < result.quotes.size(); ++i) {
      Quote& quote = result.quotes[i];
      if (!attribute_with_rules(quote)) inherit(quote, i);
      if (quote.speaker) {
        resolve_pronoun(quote, previous);
        previous = &quote;
      }
    }
  }

  // A quote no rule attributes takes the speaker of the quote before it when it follows on:
  // in the same paragraph, or opening the next paragraph of one quoted speech.
  void inherit(Quote& quote, std::size_t i) {
    if (i == 0) return;
    const Quote& prev = result.quotes[i - 1];
    if (!prev.speaker) return;
    std::size_t p = paragraph_of(quote.span.start), pp = paragraph_of(prev.span.start);
    std::size_t between_start = prev.span.end, between_end = quote.span.start;
    std::string_view gap = std::string_view(masked).substr(between_start, between_end - between_start);
    if (p == pp) {
      quote.speaker = prev.speaker;
      quote.speaker->rule = "attr.inherit-paragraph";
      quote.kind = prev.kind;
      return;
    }
    // The next paragraph: it must open with this quote and the gap must name nobody else.
    if (p == paragraph_of(prev.span.end > 0 ? prev.span.end - 1 : 0) + 1 && quote.span.start == paragraphs[p].start) {
      (void)gap;
      quote.speaker = prev.speaker;
      quote.speaker->rule = "attr.inherit-next-paragraph";
      quote.kind = prev.kind;
    }
  }
};

}  // namespace

DocumentResult extract(const Document& doc, const RulePack& pack) {
  DocumentResult result;
  result.id = doc.id;
  result.path = doc.path;
  result.outlet = doc.outlet;
  result.url = doc.url;
  result.date = doc.date;
  result.title = doc.title;
  result.record_line = doc.record_line;
  result.bytes = doc.text.size();
  if (!pack.compiled) return result;
  Extractor ex{doc, pack, lexicon_for(pack), *pack.compiled, result, {}, {}, {}, {}};
  ex.run();
  return result;
}

}  // namespace quotecheck
