// quotecheck - descriptors: what a text says of a person (role, affiliation, party): parse_descriptor(),
// the party a text names, the titles before a name, the descriptor rules run over paragraphs
// (scan_descriptors()) and their attachment to the speaker's mention. Part of extract(); the state
// is Extractor (extractor.hpp).
#include "extractor.hpp"

#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>
#include <vector>

namespace quotecheck::detail {

void Lexicon::index_role_forms() {
  role_form_rank.clear();
  role_form_longest = 0;
  for (std::size_t i = 0; i < role_forms.size(); ++i) {
    if (role_forms[i].first.empty()) {
      role_form_rank.clear();
      return;
    }
    role_form_rank.try_emplace(role_forms[i].first, i);
    role_form_longest = std::max(role_form_longest, role_forms[i].first.size());
  }
}

namespace {
// The first form of lex.role_forms, in their order, that stands in `norm` as whole words (no
// letter or digit right before or after it), and where it first does: its index and offset, or
// npos. Every span of `norm` that begins and ends there is looked up in the forms' index, left
// to right, so a form is met first at its first such place.
std::pair<std::size_t, std::size_t> first_role_form(const std::string& norm, const Lexicon& lex) {
  constexpr auto none = std::string::npos;
  auto alnum = [](char c) { return ascii_alnum(c); };
  if (lex.role_form_rank.empty()) {
    // No index (a form is empty, or there are none): each form searched for, in order.
    for (std::size_t r = 0; r < lex.role_forms.size(); ++r) {
      const std::string& form = lex.role_forms[r].first;
      std::size_t p = 0;
      while ((p = norm.find(form, p)) != std::string::npos) {
        bool left = p == 0 || !alnum(norm[p - 1]);
        bool right = p + form.size() >= norm.size() || !alnum(norm[p + form.size()]);
        if (left && right) return {r, p};
        ++p;
      }
    }
    return {none, none};
  }
  std::size_t best = none, at = none;
  const std::size_t n = norm.size();
  for (std::size_t p = 0; p < n; ++p) {
    if (p > 0 && alnum(norm[p - 1])) continue;
    for (std::size_t q = p + 1; q <= n && q - p <= lex.role_form_longest; ++q) {
      if (q < n && alnum(norm[q])) continue;
      auto it = lex.role_form_rank.find(std::string_view(norm).substr(p, q - p));
      if (it != lex.role_form_rank.end() && it->second < best) {
        best = it->second;
        at = p;
      }
    }
  }
  return {best, at};
}
}  // namespace

std::string find_party(std::string_view text, const Lexicon& lex) {
  if (lex.party_forms.empty()) return "";
  auto ws = split_words(text);
  auto clean = [](std::string_view w) {
    while (!w.empty() && std::string_view(",;:()").find(w.back()) != std::string_view::npos) w.remove_suffix(1);
    while (!w.empty() && w.front() == '(') w.remove_prefix(1);
    if (w.ends_with("'s")) w.remove_suffix(2);
    else if (w.ends_with("\xE2\x80\x99s")) w.remove_suffix(4);
    return w;
  };
  std::string cand;  // up to four words joined by a space, its buffer reused
  for (std::size_t i = 0; i < ws.size(); ++i) {
    for (std::size_t n = std::min<std::size_t>(4, ws.size() - i); n >= 1; --n) {
      cand.clear();
      for (std::size_t k = 0; k < n; ++k) {
        if (k) cand += ' ';
        cand += ws[i + k];
      }
      if (auto it = lex.party_forms.find(clean(cand)); it != lex.party_forms.end()) return it->second->name;
    }
  }
  // A congressional label ("R-Tenn.", "(D-N.Y.)"): the first token with the party.label feature,
  // its code the letters before the hyphen. A label holds a hyphen, so a text with none is not tagged.
  if (lex.features && lex.party_label >= 0 && text.find('-') != std::string_view::npos) {
    for (auto& t : lex.features->tag(text)) {
      if (!t.features.test(static_cast<std::size_t>(lex.party_label))) continue;
      std::string_view label = text.substr(t.start, t.end - t.start);
      if (auto it = lex.party_codes.find(std::string(label.substr(0, label.find('-')))); it != lex.party_codes.end()) return it->second->name;
    }
  }
  return "";
}

std::size_t Extractor::party_before(std::size_t a) const {
  if (lex.party_forms.empty()) return a;
  std::size_t best = a, p = a;
  for (int n = 0; n < 3; ++n) {
    while (p > doc.body_start && (masked[p - 1] == ' ' || masked[p - 1] == '\t')) --p;
    std::size_t q = p;
    while (q > doc.body_start && !ascii_space(masked[q - 1]) && masked[q - 1] != '"' && masked[q - 1] != '(' &&
           masked[q - 1] != ',' && masked[q - 1] != '.')
      --q;
    if (q == p || !capitalised(std::string_view(masked).substr(q, p - q))) break;
    if (lex.party_forms.count(squeeze_space(trim(std::string_view(doc.text).substr(q, a - q))))) best = q;
    p = q;
  }
  return best;
}

void Extractor::add_title_descriptor(Mention& m, std::size_t a, std::size_t name_start) {
  a = std::min(party_before(std::min(a, name_start)), a);
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
  if (d.role.empty() && d.party.empty()) return;
  d.start = static_cast<std::size_t>(text.data() - doc.text.data());
  d.end = d.start + text.size();
  d.pos = doc.position(d.start);
  d.rule = "desc.title-before-name";
  m.descriptors.push_back(std::move(d));
}

void Extractor::attach_descriptors(const Speaker& sp) {
  if (sp.mention_index < 0) return;
  auto& own = result.mentions[static_cast<std::size_t>(sp.mention_index)];
  if (own.name.empty()) return;
  // The mentions that start inside the speaker's span, in mention order (by the start index:
  // a scan of every mention per quote made one long document quadratic).
  sync_starts();
  std::vector<std::size_t> inside;
  for (auto it = mention_starts.lower_bound(sp.start), e = mention_starts.lower_bound(sp.end); it != e; ++it) inside.push_back(it->second);
  std::sort(inside.begin(), inside.end());
  for (std::size_t i : inside) {
    const auto& m = result.mentions[i];
    if (static_cast<int>(i) == sp.mention_index || m.descriptors.empty() || m.start < sp.start || m.start >= sp.end) continue;
    if (m.start != own.start && m.end != own.end) continue;  // another name in the appositive
    for (const auto& d : m.descriptors)
      if (std::none_of(own.descriptors.begin(), own.descriptors.end(), [&](const Descriptor& o) { return o.start == d.start; }))
        own.descriptors.push_back(d);
  }
}

void Extractor::scan_descriptors() {
  if (!compiled.features || !compiled.token_patterns) return;
  const tokens::Features& features = *compiled.features;
  // Every descriptor holds a role or a party label ("R-Tenn."; a party named in words stands
  // before the name, see add_title_descriptor()), so the rules run only over the tokens of
  // paragraphs that hold one: each paragraph is tagged once and tested by its features.
  tokens::FeatureBits wanted;
  for (const char* name : {"role", "party", "party.label"})
    if (int bit = features.find(name); bit >= 0) wanted.set(static_cast<std::size_t>(bit));
  struct Tagged {
    std::size_t base;
    std::vector<tokens::Token> tokens;
    std::string symbols;
  };
  std::vector<Tagged> tagged;
  const QuoteSpan no_target{.start = std::string::npos, .end = std::string::npos};
  tag_document();
  for (const Paragraph& para : paragraphs) {
    std::size_t base = std::max(para.start, doc.body_start);
    if (para.end <= base || para.end > masked.size()) continue;
    // The paragraph's tokens are those window_tokens() takes; it changes none of the wanted
    // features, so the test is made on the document's tokens, and only a paragraph that has
    // one is copied out.
    auto first = std::lower_bound(doc_tokens.begin(), doc_tokens.end(), base,
                                  [](const tokens::Token& t, std::size_t at) { return t.start < at; });
    bool has = false;
    for (auto k = first; k != doc_tokens.end() && k->end <= para.end && !has; ++k) has = (k->features & wanted).any();
    if (!has) continue;
    Tagged t{base, {}, {}};
    window_tokens(no_target, base, para.end, t.tokens, t.symbols);
    tagged.push_back(std::move(t));
  }
  std::set<std::pair<std::size_t, std::size_t>> seen;  // rule, descriptor start
  for (std::size_t r = 0; r < pack.descriptors.size() && r < compiled.descriptor_tokens.size(); ++r) {
    int pattern = compiled.descriptor_tokens[r];
    if (pattern < 0) continue;
    for (const Tagged& p : tagged) {
      tokens::TokenMatch match;
      tokens::PatternSet::Prepared text(p.symbols);
      for (std::size_t from = 0; from < p.tokens.size() && compiled.token_patterns->find(pattern, text, from, match);) {
        std::size_t next = match.whole.first + 1;
        auto gn = match.groups.find("name");
        auto gt = match.groups.find("descriptor");
        if (gn != match.groups.end() && gt != match.groups.end() && gn->second.last > gn->second.first &&
            gt->second.last > gt->second.first) {
          std::size_t na = p.base + p.tokens[gn->second.first].start, nb = p.base + p.tokens[gn->second.last - 1].end;
          std::size_t ta = p.base + p.tokens[gt->second.first].start, tb = p.base + p.tokens[gt->second.last - 1].end;
          next = gn->second.first + 1;
          // A descriptor once, with its longest name: the match from a later start inside the
          // name ("Lucía Montero" of "Ana Lucía Montero") is none.
          if (seen.insert({r, ta}).second) {
            Descriptor d = parse_descriptor(std::string_view(doc.text).substr(ta, tb - ta), pack);
            if (!d.role.empty() || !d.party.empty()) {
              auto [da, db] = tidy(doc.text, ta, tb);
              d.start = da;
              d.end = db;
              d.text = doc.text.substr(da, db - da);
              d.pos = doc.position(da);
              d.rule = pack.descriptors[r].id;
              Mention m = make_mention(na, nb);
              m.subject = sentence_initial(na);
              m.descriptors.push_back(std::move(d));
              result.mentions.push_back(std::move(m));
            }
          }
        }
        from = std::max(next, from + 1);
      }
    }
  }
}

}  // namespace quotecheck::detail

namespace quotecheck {

using detail::find_party;
using detail::Lexicon;
using detail::lexicon_for;
using detail::split_words;
using detail::trim;

Descriptor parse_descriptor(std::string_view text, const RulePack& pack) {
  const Lexicon& lex = lexicon_for(pack);
  Descriptor d;
  d.text = std::string(trim(text));
  std::string norm = normalize(d.text);
  // Role: the longest role form found as whole words.
  std::size_t role_pos = std::string::npos;
  if (auto [r, p] = detail::first_role_form(norm, lex); r != std::string::npos) {
    const auto& [form, role] = lex.role_forms[r];
    d.role = role->role;
    role_pos = p;
    // The form as written: same byte length in ASCII text.
    if (norm.size() == d.text.size()) d.role_form = d.text.substr(p, form.size());
    else d.role_form = form;
  }
  // Affiliation: the first place named that is not a posting ("ambassador to Iraq").
  auto ws = split_words(norm);
  std::size_t offset = 0;
  std::string_view prev;
  std::string cand;  // up to four words joined by a space, its buffer reused
  for (std::size_t i = 0; i < ws.size(); ++i) {
    std::string_view w = ws[i];
    offset = static_cast<std::size_t>(ws[i].data() - norm.data());
    while (!w.empty() && (w.back() == ',' || w.back() == ';')) w.remove_suffix(1);
    const Place* place = nullptr;
    // Two- and three-word place names first.
    for (std::size_t n = std::min<std::size_t>(4, ws.size() - i); n >= 1 && !place; --n) {
      cand.clear();
      for (std::size_t k = 0; k < n; ++k) {
        if (k) cand += ' ';
        cand += ws[i + k];
      }
      while (!cand.empty() && (cand.back() == ',' || cand.back() == ';')) cand.pop_back();
      if (cand.ends_with("'s")) cand.resize(cand.size() - 2);
      if (auto it = lex.place_forms.find(cand); it != lex.place_forms.end()) place = it->second;
      // An acronym is one only in capitals: "who has" is no WHO.
      if (place && lex.acronym_forms.count(cand) && norm.size() == d.text.size()) {
        std::string_view as_written = std::string_view(d.text).substr(offset, cand.size());
        if (std::any_of(as_written.begin(), as_written.end(), [](char c) { return c >= 'a' && c <= 'z'; })) place = nullptr;
      }
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
  d.party = find_party(d.text, lex);
  return d;
}

}  // namespace quotecheck
