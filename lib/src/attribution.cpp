// quotecheck - extract(), the per-document stage, and its rule runner: the pack's lexicon, segments
// (find_segments()), the masked text, paragraphs and sentences, each quote's
// window (characters and tokens) and the attribution rules run on it in order (attribute_with_rules(),
// with the speaker checks that refuse a match), then the confidence of each speaker (run()). Speaker
// mentions and names are mentions.cpp, descriptors descriptors.cpp, coreference and inheritance
// coreference.cpp; the state they share is Extractor (extractor.hpp).
#include "quotecheck/attribution.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>

#include "compiled.hpp"
#include "extractor.hpp"

namespace quotecheck::detail {

Lexicon::Lexicon(const RulePack& pack) {
  if (pack.compiled) {
    not_speaker = pack.compiled->token_check("not_speaker");
    continuation = pack.compiled->token_check("continuation");
    noun_verb_head = pack.compiled->token_check("noun_verb_head");
    title_quote = pack.compiled->token_check("title_quote");
    name_scan = pack.compiled->token_check("name_scan");
  }
  for (auto& h : pack.honorifics) honorifics[normalize(h.form)] = &h;
  for (auto& p : pack.particles) particles.insert(normalize(p));
  for (auto& s : pack.suffixes) suffixes.insert(normalize(s));
  for (auto& o : pack.organisation_heads) org_heads.insert(normalize(o));
  for (auto& g : pack.group_nouns) group_nouns.insert(normalize(g));
  for (auto& r : pack.roles)
    for (auto& f : r.forms) role_forms.push_back({f, &r});
  std::sort(role_forms.begin(), role_forms.end(), [](auto& a, auto& b) { return a.first.size() > b.first.size(); });
  index_role_forms();
  for (auto& [form, r] : role_forms) {
    role_form_set.insert(form);
    for (auto& m : pack.role_modifiers)  // "then-senator", "co-director"
      if (m.size() > 1 && m.back() == '-') role_form_set.insert(normalize(m) + form);
  }
  affiliation_leads.insert(pack.affiliation_leads.begin(), pack.affiliation_leads.end());
  sentence_openers.insert(pack.sentence_openers.begin(), pack.sentence_openers.end());
  name_stops.insert(pack.name_stops.begin(), pack.name_stops.end());
  for (auto& i : pack.institutions) institutions.insert(normalize(i));
  for (auto& p : pack.places) {
    for (auto& f : p.forms) {
      place_forms[normalize(f)] = &p;
      bool caps = f.size() >= 2 && std::all_of(f.begin(), f.end(), [](char c) { return (c >= 'A' && c <= 'Z') || c == '.'; });
      if (caps) acronym_forms.insert(normalize(f));
    }
    for (auto& f : p.demonyms) place_forms[normalize(f)] = &p;
    for (auto& f : p.capitals) place_forms.emplace(normalize(f), &p);
  }
  for (auto& p : pack.parties) {
    for (auto& f : p.forms) party_forms.emplace(f, &p);
    for (auto& c : p.codes) party_codes.emplace(c, &p);
  }
  for (auto& n : pack.person_nouns) person_nouns.insert(n);
  if (pack.compiled && pack.compiled->features && !party_codes.empty()) {
    features = pack.compiled->features.get();
    party_label = features->find("party.label");
  }
  for (auto& d : pack.determiners) determiners.insert(d);
  for (auto& w : pack.object_leads) object_leads.insert(w);
  for (auto& w : pack.role_modifiers) role_modifiers.insert(w);
  for (auto& [form, h] : honorifics)
    if (!form.empty() && form.back() == '.') abbreviations.insert(form.substr(0, form.size() - 1));
  for (auto& a : pack.abbreviations) abbreviations.insert(a);
}

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

bool opens_sentence(const std::string& masked, std::size_t at, std::size_t end, const std::unordered_set<std::string>& openers) {
  std::size_t j = at;
  if (j >= end || !ascii_space(masked[j])) return false;
  while (j < end && ascii_space(masked[j])) ++j;
  std::size_t e = j;
  while (e < end && std::isalpha(static_cast<unsigned char>(masked[e]))) ++e;
  if (e == j || (e < end && !ascii_space(masked[e]) && masked[e] != ',' && masked[e] != '\'')) return false;
  return openers.count(std::string(masked, j, e - j)) > 0;
}

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
        // ... but a bracket closed before the stop ("(D-Conn.).") ends the sentence.
        bool bracketed = i > start && (masked[i - 1] == ')' || masked[i - 1] == ']');
        if (!bracketed && (word.size() == 1 || lex.abbreviations.count(word) || word.find('.') != std::string::npos)) term = false;
        // ... unless a word that opens sentences and follows no title or initial comes next:
        // "in the U.S. He says", "at 10 p.m. The".
        if (!term && !bracketed && word.size() > 1 && opens_sentence(masked, after, end, lex.sentence_openers)) term = true;
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

std::vector<Segment> find_segments(const Document& doc, const RulePack& pack, const std::vector<tokens::Token>* toks,
                                   const std::string* symbols) {
  std::vector<Segment> out;
  out.push_back({doc.outlet, doc.body_start, doc.text.size()});
  static const RE2 url_re(R"((?:^|\s)(https?://(?:www\.)?([A-Za-z0-9.-]+)\S*))");
  const std::string& t = doc.text;
  bool blank_lines = t.find("\n\n", doc.body_start) != std::string::npos;
  re2::StringPiece input(t.data() + doc.body_start, t.size() - doc.body_start);
  re2::StringPiece url, host;
  // (Most documents have no address: the search is not made without an "http".)
  bool any_url = t.find("http", doc.body_start) != std::string::npos;
  while (any_url && RE2::FindAndConsume(&input, url_re, &url, &host)) {
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
  // Agency bylines ("By NAME, Associated Press Writer": the byline token macro) name the outlet
  // of what follows, from the line the outlet is named on.
  if (int byline = pack.compiled ? pack.compiled->token_check("byline") : -1; byline >= 0) {
    std::vector<tokens::Token> own;
    std::string own_symbols;
    if (!toks || !symbols) {
      own = pack.compiled->features->tag(t);
      own_symbols = pack.compiled->features->encode(own);
      toks = &own;
      symbols = &own_symbols;
    }
    auto from = static_cast<std::size_t>(
        std::lower_bound(toks->begin(), toks->end(), doc.body_start, [](const tokens::Token& k, std::size_t at) { return k.start < at; }) -
        toks->begin());
    tokens::TokenMatch m;
    tokens::PatternSet::Prepared text(*symbols);
    while (from < toks->size() && pack.compiled->token_patterns->find(byline, text, from, m)) {
      from = std::max(m.whole.last, m.whole.first + 1);
      auto group = m.groups.find("outlet");
      if (group == m.groups.end() || group->second.last <= group->second.first) continue;
      {
        std::string outlet = t.substr((*toks)[group->second.first].start,
                                      (*toks)[group->second.last - 1].end - (*toks)[group->second.first].start);
        auto start = (*toks)[group->second.first].start;
        auto line_start = t.rfind('\n', start);
        start = line_start == std::string::npos ? doc.body_start : line_start + 1;
        for (auto& s : out) {
          if (s.start <= start && start < s.end) {
            Segment tail{outlet, start, s.end};
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

void Extractor::sync_starts() {
  for (; starts_synced < result.mentions.size(); ++starts_synced)
    mention_starts.emplace(result.mentions[starts_synced].start, starts_synced);
}

std::size_t Extractor::segment_of(std::size_t offset) const {
  for (std::size_t i = 0; i < result.segments.size(); ++i)
    if (offset >= result.segments[i].start && offset < result.segments[i].end) return i;
  return 0;
}

void Extractor::mask() {
  masked = doc.text;
  for (auto& q : spans) {
    for (std::size_t i = q.start; i < q.end && i < masked.size(); ++i) masked[i] = k_mask_other;
    masked[q.start] = '"';
    if (q.end > q.start + 1) masked[q.end - 1] = '"';
  }
  // Non-ASCII bytes outside quotes stay as they are (RE2 reads UTF-8), except no-break
  // spaces: two spaces of the same length, so that patterns' \s sees them.
  for (std::size_t i = masked.find("\xC2\xA0"); i != std::string::npos; i = masked.find("\xC2\xA0", i + 2))
    masked[i] = masked[i + 1] = ' ';
}

const Sentence* Extractor::sentence_at(std::size_t p, std::size_t at) const {
  // The last sentence starting at or before `at` (gaps belong to it); sentences are in order.
  const auto& ss = para_sentences[p];
  auto it = std::upper_bound(ss.begin(), ss.end(), at, [](std::size_t o, const Sentence& s) { return o < s.start; });
  if (it != ss.begin()) return &*(it - 1);
  return ss.empty() ? nullptr : &ss.front();
}

std::size_t Extractor::paragraph_of(std::size_t offset) const {
  auto it = std::upper_bound(paragraphs.begin(), paragraphs.end(), offset,
                             [](std::size_t o, const Paragraph& p) { return o < p.start; });
  return it == paragraphs.begin() ? 0 : static_cast<std::size_t>(it - paragraphs.begin()) - 1;
}

bool Extractor::long_attribution_sentence(std::string_view sentence) const {
  auto ws = split_words(sentence);
  std::size_t i = 0;
  // The name: a run of capitalised words (titles among them), the last ending with a comma
  // when an appositive follows.
  while (i < ws.size() && i < 5 && capitalised(ws[i]) && !ws[i].ends_with(",")) ++i;
  if (i < ws.size() && i < 5 && capitalised(ws[i]) && ws[i].ends_with(",")) {
    ++i;
    std::size_t a = i;
    while (i < ws.size() && i < a + 12 && !ws[i].ends_with(",")) ++i;
    if (i >= ws.size() || !ws[i].ends_with(",") || i == a) return false;
    ++i;
  }
  if (i == 0 || i >= ws.size()) return false;
  std::string verb = bare(ws[i]);
  while (!verb.empty() && (verb.back() == '.' || verb.back() == '!')) verb.pop_back();
  auto it = pack.verbs.find(verb);
  if (it == pack.verbs.end() || !it->second.reporting || capitalised(ws[i])) return false;
  if (i + 1 == ws.size()) return true;
  std::string next = bare(ws[i + 1]);
  return std::find(pack.attribution_tails.begin(), pack.attribution_tails.end(), next) != pack.attribution_tails.end();
}

bool Extractor::window(const QuoteSpan& q, RuleScope scope, std::string& out, std::size_t& base) {
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
        // The quote ended its sentence. After "?" or "!" the next words may still be its
        // attribution ("Is it?" Trump asked.); after a full stop a new sentence begins.
        std::string_view words = q.text;
        while (!words.empty() && (words.back() == ' ' || words.back() == ',')) words.remove_suffix(1);
        const Sentence* next = sentence_at(paragraph_of(q.end), q.end);
        if (words.empty() || (words.back() != '?' && words.back() != '!')) {
          // After a full stop, the next sentence may still be the quote's attribution when it
          // is a short one of its own ("Q." Trump said on Monday.): see k_next_sentence_words.
          std::size_t j = q.end;
          while (j < pe && (masked[j] == ' ' || masked[j] == '\t')) ++j;
          if (j >= pe) {
            // The quote ends its paragraph: a short next paragraph that opens with a dash
            // names the speaker ("- Bernie Sanders.").
            std::size_t np = paragraph_of(q.end > 0 ? q.end - 1 : 0) + 1;
            if (np >= paragraphs.size()) return false;
            std::string_view next_para = std::string_view(masked).substr(paragraphs[np].start, paragraphs[np].end - paragraphs[np].start);
            bool dash = next_para.starts_with("-") || next_para.starts_with("\xE2\x80\x94") || next_para.starts_with("\xE2\x80\x93");
            if (!dash || next_para.find('"') != std::string_view::npos || split_words(next_para).size() > k_next_sentence_words)
              return false;
            start = paragraphs[np].start;
            end = paragraphs[np].end;
            break;
          }
          next = sentence_at(paragraph_of(q.end > 0 ? q.end - 1 : 0), j);
          if (!next || next->start != j) return false;
          std::string_view ns = std::string_view(masked).substr(next->start, next->end - next->start);
          if (ns.find('"') != std::string_view::npos) return false;
          if (split_words(ns).size() > k_next_sentence_words && !long_attribution_sentence(ns)) return false;
          if (std::string_view(masked).substr(q.end, next->start - q.end).find_first_not_of(" \t") != std::string_view::npos)
            return false;
          start = next->start;
          end = next->end;
          break;
        }
        // After "?" or "!" the attribution is the next sentence ("Is it over?" Smith asked.).
        std::size_t j = q.end;
        while (j < pe && (masked[j] == ' ' || masked[j] == '\t')) ++j;
        if (j < pe) next = sentence_at(paragraph_of(q.end > 0 ? q.end - 1 : 0), j);
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
      // Only for a quote that is a sentence of its own.
      if (s->start != q.start) return false;
      if (s_end && s_end->end > q.end + 2) return false;
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
  // At most k_window_side bytes before and after the quote (of the previous sentence: its
  // last k_window_side bytes), cut at a space.
  std::size_t lo = scope == RuleScope::previous ? end : std::min(q.start, end);
  std::size_t hi = scope == RuleScope::previous ? end : std::max(q.end, start);
  if (start + k_window_side < lo) {
    std::size_t cut = masked.find(' ', lo - k_window_side);
    start = cut < lo ? cut + 1 : lo - k_window_side;
  }
  if (end > hi + k_window_side) {
    std::size_t cut = masked.rfind(' ', hi + k_window_side);
    end = cut != std::string::npos && cut > hi ? cut : hi + k_window_side;
  }
  out.assign(masked, start, end - start);
  for (std::size_t i = std::max(q.start, start); i < std::min(q.end, end); ++i)
    if (out[i - start] == k_mask_other) out[i - start] = k_mask_target;
  base = start;
  return true;
}

std::pair<std::size_t, std::size_t> Extractor::tidy(std::string_view text, std::size_t a, std::size_t b) {
  while (a < b && (ascii_space(text[a]) || text[a] == ',')) ++a;
  while (b > a && (ascii_space(text[b - 1]) || text[b - 1] == ',' || text[b - 1] == '.')) {
    if (text[b - 1] == '.' && b - a >= 2 && (b - a < 3 || text[b - 3] == ' ' || text[b - 3] == '.')) break;  // initials, Jr.
    --b;
  }
  return {a, b};
}

bool Extractor::plausible_common_word(std::string_view text) const {
  auto ws = split_words(text);
  if (ws.size() != 1 || capitalised(ws[0]) || particle_name(ws[0])) return true;
  std::string nw = bare(ws[0]);
  if (is_pronoun(pack, nw)) return true;
  if (lex.group_nouns.count(nw) || lex.org_heads.count(nw) || is_role_word(nw)) return true;
  if (std::find(pack.representative_heads.begin(), pack.representative_heads.end(), nw) != pack.representative_heads.end())
    return true;
  return false;
}

bool Extractor::opens_with_predicate(std::string_view text) const {
  auto ws = split_words(text);
  if (ws.empty() || capitalised(ws[0])) return false;
  std::string w = bare(ws[0]);
  if (is_role_word(w) || lex.role_modifiers.count(w)) return false;
  return (w.size() > 4 && w.ends_with("ed")) ||
         std::find(pack.predicate_openers.begin(), pack.predicate_openers.end(), w) != pack.predicate_openers.end();
}

bool Extractor::plausible_retried_speaker(std::string_view text) const {
  auto ws = split_words(text);
  if (ws.empty()) return false;
  std::string last = bare(ws.back());
  if (ws.size() == 1 && is_pronoun(pack, last)) return true;
  if (capitalised(ws.back()) && !is_pronoun(pack, last)) return true;
  if (last.ends_with("s") && is_role_word(last.substr(0, last.size() - 1))) return true;
  return is_role_word(last) || lex.group_nouns.count(last) || lex.org_heads.count(last);
}

bool Extractor::token_check(int check, std::string_view text) const {
  if (check < 0) return false;
  auto toks = compiled.features->tag(text);
  tokens::TokenMatch m;
  return compiled.token_patterns->find(check, compiled.features->encode(toks), 0, m);
}

bool Extractor::is_title_quote(const QuoteSpan& q) const {
  if (lex.title_quote < 0) return false;
  auto [it, fresh] = title_quotes.try_emplace({q.start, q.end}, false);
  if (fresh) {
    std::size_t words = 0;
    for (std::size_t i = 0; i < q.text.size() && words <= k_title_words; ++i)
      if (!ascii_space(q.text[i]) && (i == 0 || ascii_space(q.text[i - 1]))) ++words;
    it->second = words <= k_title_words && token_check(lex.title_quote, q.text);
  }
  return it->second;
}

void Extractor::tag_document() {
  if (doc_tagged) return;
  doc_tagged = true;
  doc_tokens = compiled.features->tag(masked);
  doc_symbols = compiled.features->encode(doc_tokens);
}

void Extractor::window_tokens(const QuoteSpan& q, std::size_t start, std::size_t end, std::vector<tokens::Token>& out, std::string& symbols) {
  const auto& features = *compiled.features;
  tag_document();
  auto first = std::lower_bound(doc_tokens.begin(), doc_tokens.end(), start, [](const tokens::Token& t, std::size_t at) { return t.start < at; });
  auto last = first;
  while (last != doc_tokens.end() && last->end <= end) ++last;
  auto w = static_cast<std::size_t>(features.width());
  auto i0 = static_cast<std::size_t>(first - doc_tokens.begin());
  out.assign(first, last);
  symbols.assign(doc_symbols, i0 * w, out.size() * w);
  using tokens::k_glued, tokens::k_nl, tokens::k_quote, tokens::k_target;
  for (std::size_t i = 0; i < out.size(); ++i) {
    auto& t = out[i];
    bool changed = false;
    // The window's first token follows nothing in it.
    if (i == 0 && (t.features.test(k_glued) || t.features.test(k_nl))) {
      t.features.reset(k_glued);
      t.features.reset(k_nl);
      changed = true;
    }
    if (t.features.test(k_quote) && t.start >= q.start && t.end <= q.end) {
      t.features.reset(k_quote);
      t.features.set(k_target);
      changed = true;
    }
    if (changed) symbols.replace(i * w, w, features.encode(std::vector<tokens::Token>{t}));
    t.start -= start;
    t.end -= start;
  }
}

bool Extractor::attribute_with_rules(Quote& quote, const Quote* before) {
  const QuoteSpan& q = quote.span;
  // Each scope's window is built once per quote and shared by that scope's rules. (An
  // RE2::Set prefilter over the window was measured slower: its DFA over all patterns at
  // once costs more than the rules' own DFAs, which fail fast.)
  struct ScopeWindow {
    bool built = false, ok = false;
    std::string text;
    std::size_t base = 0;
    bool tagged = false;  // the window's tokens, for token patterns (built when one runs)
    std::vector<tokens::Token> tokens;
    std::string symbols;
  };
  ScopeWindow windows[4];
  auto scope_window = [&](RuleScope scope) -> ScopeWindow& {
    auto& w = windows[static_cast<int>(scope)];
    if (w.built) return w;
    w.built = true;
    w.ok = window(q, scope, w.text, w.base) && !w.text.empty();
    return w;
  };
  const bool title = is_title_quote(q);
  // Pass 0 tries each rule once. A rule whose speaker the checks refused keeps its window with
  // that speaker blanked (retry[r]); when no rule attributes the quote, pass 1 tries those rules
  // again on it, so that another clause of the sentence may give the speaker.
  std::vector<std::string> retry(pack.attribution.size());
  for (int pass = 0; pass < 2; ++pass)
  for (std::size_t r = 0; r < pack.attribution.size(); ++r) {
    const auto& rule = pack.attribution[r];
    if (pass == 1 && retry[r].empty()) continue;
    if (title && !rule.title_quotes) continue;
    int token_rule = r < compiled.attribution_tokens.size() ? compiled.attribution_tokens[r] : -1;
    if (token_rule < 0) continue;
    auto& sw = scope_window(rule.scope);
    if (!sw.ok) continue;
    std::size_t base = sw.base;
    // A quote standing alone after a sentence that holds an attributed quote goes on with
    // that quote's speaker (see inherit()), not with the sentence's subject.
    if (rule.scope == RuleScope::previous && before && before->speaker && before->span.start >= base &&
        before->span.start < base + sw.text.size())
      continue;
    // A rule that only names the sentence's subject leaves a quote that follows an attributed
    // quote of the same sentence to inherit() that quote's speaker.
    if (rule.defer && before && before->speaker && before->span.start >= base &&
        before->span.start < q.start)
      continue;
    // A speaker the checks below refuse ("why would any rational person", a clause taken for a
    // subject) is blanked in a copy of the window for pass 1, which tries the rule again on it
    // (at most k_speaker_tries matches).
    std::string blocked;
    if (pass == 1) blocked.swap(retry[r]);
    const std::string* wp = pass == 1 ? &blocked : &sw.text;
    for (std::size_t attempt = 0; attempt < (pass == 1 ? k_speaker_tries : 1); ++attempt) {
    const std::string& win = *wp;
    // The speaker's span and the appositives' ends, in window offsets.
    std::size_t sa = 0, sb = 0;
    std::vector<std::size_t> appositive_ends;
    // The window's tokens: a slice of the document's, or, with a refused speaker blanked, the
    // window's own (its text is the masked document's, with the quote being attributed and
    // the refused speaker masked).
    std::vector<tokens::Token> blanked_tokens;
    std::string blanked_symbols;
    const std::vector<tokens::Token>* toks = &sw.tokens;
    const std::string* symbols = &sw.symbols;
    if (&win == &sw.text) {
      if (!sw.tagged) {
        sw.tagged = true;
        window_tokens(q, base, base + win.size(), sw.tokens, sw.symbols);
      }
    } else {
      blanked_tokens = compiled.features->tag(win);
      blanked_symbols = compiled.features->encode(blanked_tokens);
      toks = &blanked_tokens;
      symbols = &blanked_symbols;
    }
    tokens::TokenMatch m;
    if (!compiled.token_patterns->find(token_rule, *symbols, 0, m)) break;
    auto it = m.groups.find("speaker");
    if (it == m.groups.end() || it->second.last <= it->second.first) break;
    sa = (*toks)[it->second.first].start;
    sb = (*toks)[it->second.last - 1].end;
    for (auto& [name, t] : m.groups)
      if (name.starts_with("appositive") && t.last > t.first) appositive_ends.push_back((*toks)[t.last - 1].end);
    auto refuse = [&] {
      std::string next(win);
      std::fill_n(next.begin() + static_cast<std::ptrdiff_t>(sa), sb - sa, k_mask_other);
      if (pass == 0) {
        retry[r].swap(next);
      } else {
        blocked.swap(next);
        wp = &blocked;
      }
    };
    std::size_t a = base + sa;
    std::size_t b = base + sb;
    // A speaker that opens the words after the quote with a conjunction ("... as "Q" and that
    // he fears ...") belongs to a clause that goes on past the quote, not to its attribution.
    if (rule.scope == RuleScope::after && lex.continuation >= 0 && continues_clause(*toks, *symbols, win, sa)) break;
    // Never a speaker inside a quote.
    if (std::string_view(masked).substr(a, b - a).find(k_mask_other) != std::string_view::npos) break;
    // Leading clause words are no part of the mention ("as they" -> "they").
    std::tie(a, b) = tidy(doc.text, a, b);
    for (auto ws = split_words(std::string_view(doc.text).substr(a, b - a)); ws.size() > 1;) {
      std::string first = bare(ws.front());
      if (std::find(pack.clause_words.begin(), pack.clause_words.end(), first) == pack.clause_words.end()) break;
      a = static_cast<std::size_t>(ws[1].data() - doc.text.data());
      ws.erase(ws.begin());
    }
    // A relative pronoun ("Sanders, who says it is "Q"") stands for the name right before it:
    // the mention runs from that name to the pronoun, the name is the antecedent's.
    std::size_t rel_start = std::string::npos;
    if (auto ante = relative_antecedent(a, b)) {
      rel_start = a;
      a = ante->first;
      b = ante->second;
    }
    // A noun that is also a speech verb, taken for the verb after the subject ("A House
    // committee report found ...", "the congressional report said"), is the subject's head.
    // (Read on the window's tokens: the words after a speaker moved before the window, to the
    // name a relative pronoun stands for, are that pronoun, never such a noun.)
    if (lex.noun_verb_head >= 0 && b > base && b < base + win.size()) b = base + noun_verb_head(*toks, *symbols, b - base);
    if (token_check(lex.not_speaker, std::string_view(doc.text).substr(a, b - a))) {
      refuse();
      continue;
    }
    if ((!rule.direct || rule.scope == RuleScope::previous) && !rule.any_source &&
        !plausible_name(std::string_view(doc.text).substr(a, b - a))) {
      refuse();
      continue;
    }
    if (!plausible_common_word(std::string_view(doc.text).substr(a, b - a)) ||
        (pass == 1 && !plausible_retried_speaker(std::string_view(doc.text).substr(a, b - a))) ||
        (!rule.direct && opens_with_predicate(std::string_view(doc.text).substr(a, b - a)))) {
      refuse();
      continue;
    }
    // The appositive that follows the name ("X, a senior aide to Y,") belongs to the mention.
    std::size_t mention_end = b;
    if (rel_start != std::string::npos) mention_end = rel_start + 3;
    for (auto end : appositive_ends) mention_end = std::max(mention_end, base + end);
    quote.speaker = make_speaker(a, b, rule.id);
    if (mention_end > b && !is_pronoun(pack, quote.speaker->mention)) {
      auto [ma, mb] = tidy(doc.text, quote.speaker->start, mention_end);
      // A quote in the appositive ends it, unless it is a title (see appositive_before_quote()).
      if (mb > quote.speaker->end) std::tie(ma, mb) = tidy(doc.text, ma, appositive_before_quote(quote.speaker->end, mb));
      if (mb > quote.speaker->end) {
        quote.speaker->mention = squeeze_space(std::string_view(doc.text).substr(ma, mb - ma));
        quote.speaker->end = mb;
      }
    }
    name_from_appositive(*quote.speaker, b);
    attach_descriptors(*quote.speaker);
    if (rule.direct) quote.kind = QuoteKind::direct;
    return true;
    }
  }
  return false;
}

std::size_t Extractor::token_from(const std::vector<tokens::Token>& toks, std::size_t at) {
  return static_cast<std::size_t>(
      std::lower_bound(toks.begin(), toks.end(), at, [](const tokens::Token& t, std::size_t o) { return t.start < o; }) - toks.begin());
}

bool Extractor::token_check_at(int check, std::string_view symbols, std::size_t from, tokens::TokenMatch& m) const {
  auto w = static_cast<std::size_t>(compiled.features->width());
  if (check < 0 || from * w > symbols.size()) return false;
  return compiled.token_patterns->find(check, symbols.substr(from * w), 0, m);
}

bool Extractor::continues_clause(const std::vector<tokens::Token>& toks, std::string_view symbols, std::string_view win, std::size_t at) const {
  std::size_t t = 0;
  for (; t < toks.size() && toks[t].start < at; ++t)
    if (toks[t].end != toks[t].start + 1 || win[toks[t].start] != ',') return false;
  tokens::TokenMatch m;
  return t < toks.size() && toks[t].start == at && token_check_at(lex.continuation, symbols, t, m);
}

std::size_t Extractor::noun_verb_head(const std::vector<tokens::Token>& toks, std::string_view symbols, std::size_t b) const {
  std::size_t t = token_from(toks, b);
  if (t > 0 && toks[t - 1].end > b) return b;  // b inside a token
  tokens::TokenMatch m;
  if (!token_check_at(lex.noun_verb_head, symbols, t, m)) return b;
  auto head = m.groups.find("head");
  if (head == m.groups.end() || head->second.last <= head->second.first) return b;
  return toks[t + head->second.last - 1].end;
}

std::size_t Extractor::appositive_before_quote(std::size_t b, std::size_t e) const {
  for (std::size_t i = b; i < e; ++i) {
    if (masked[i] != k_mask_other) continue;
    auto it = std::find_if(spans.begin(), spans.end(), [&](const QuoteSpan& s) { return s.start <= i && i < s.end; });
    if (it == spans.end()) return b;
    if (is_title_quote(*it)) {
      i = it->end - 1;
      continue;
    }
    // Back to the last comma or relative word before the quote.
    std::size_t cut = b;
    std::string_view before = std::string_view(doc.text).substr(b, it->start - b);
    if (auto k = before.rfind(','); k != std::string_view::npos) cut = std::max(cut, b + k);
    for (const auto& r : pack.relative_words)
      if (auto k = before.rfind(" " + r + " "); k != std::string_view::npos) cut = std::max(cut, b + k);
    return cut;
  }
  return e;
}

void Extractor::score(Speaker& sp) const {
  const auto& c = pack.speaker_confidence;
  double rule = 0.9;
  for (const auto& r : pack.attribution)
    if (r.id == sp.rule) {
      rule = r.confidence;
      break;
    }
  double via = sp.via == Via::pronoun ? c.pronoun : sp.via == Via::description ? c.description : c.site;
  if (!sp.sieve.empty())
    for (const auto& sv : pack.coreference)
      if (sv.id == sp.sieve && sv.confidence) via = *sv.confidence;
  sp.confidence = rule * via * (sp.name.empty() ? c.unnamed : 1.0);
}

void Extractor::run() {
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
  // A runaway quote (a mark opened and closed far away) is cut at the limit, with a warning.
  for (auto& q : spans) {
    if (q.text.size() <= pack.limits.max_quote_bytes) continue;
    auto p = doc.position(q.start);
    result.diagnostics.push_back({doc.path, p.line, p.column, Severity::warning,
                                  fmt::format("quote of {} bytes is over the limit of {} (--max-quote-length); cut",
                                              q.text.size(), pack.limits.max_quote_bytes),
                                  ""});
    std::size_t cut = pack.limits.max_quote_bytes;
    while (cut > 0 && (static_cast<unsigned char>(q.text[cut]) & 0xC0) == 0x80) --cut;
    q.text.resize(cut);
    q.text += "\xE2\x80\xA6";
  }
  mask();
  // The segments (a URL line or an agency byline opens one), on the document's tokens.
  if (compiled.token_check("byline") >= 0) tag_document();
  result.segments = find_segments(doc, pack, &doc_tokens, &doc_symbols);
  para_sentences.reserve(paragraphs.size());
  for (auto& p : paragraphs) para_sentences.push_back(sentences(masked, doc.text, p.start, p.end, lex));

  collect_inner_capitals();
  scan_names();
  scan_titled_names();
  scan_descriptors();
  scan_surnames();
  scan_kin_names();
  scan_led_given_names();

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
    const Quote* before = nullptr;
    for (std::size_t k = i; k-- > 0;) {
      before = &result.quotes[k];
      if (before->speaker || !is_title_quote(before->span)) break;
    }
    if (attribute_with_rules(quote, before)) {
      resolve_pronoun(quote, previous);
      resolve_definite(quote, previous);
      resolve_document(quote, previous);
      score(*quote.speaker);
    } else {
      inherit(quote, i);
    }
    if (quote.speaker) {
      previous = &quote;
    }
  }
  for (std::size_t i = result.quotes.size(); i-- > 1;) inherit_from_next(result.quotes[i - 1], result.quotes[i]);
}

}  // namespace quotecheck::detail

namespace quotecheck {

const char* via_name(Via v) {
  switch (v) {
    case Via::site: return "site";
    case Via::pronoun: return "pronoun";
    case Via::description: return "description";
    case Via::inherited: return "inherited";
  }
  return "site";
}

std::vector<Segment> find_segments(const Document& doc, const RulePack& pack) { return detail::find_segments(doc, pack, nullptr, nullptr); }

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
  detail::Extractor ex{doc, pack, detail::lexicon_for(pack), *pack.compiled, result, {}, {}, {}, {}};
  ex.run();
  return result;
}

}  // namespace quotecheck
