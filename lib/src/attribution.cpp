// quotecheck - attribution: speakers, mentions and descriptors of one document.
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
    for (auto& re : pack.compiled->attribution) {
      std::vector<int> g;
      if (re)
        for (auto& [name, index] : re->NamedCapturingGroups())
          if (name.starts_with("appositive")) g.push_back(index);
      appositive_groups.push_back(std::move(g));
    }
  }
  if (pack.compiled) {
    not_speaker = pack.compiled->token_check("not_speaker");
    continuation = pack.compiled->token_check("continuation");
    noun_verb_head = pack.compiled->token_check("noun_verb_head");
    title_quote = pack.compiled->token_check("title_quote");
  }
  {
    // A name word: Crocker, O'Brien, Abdel-Hamid, or an initial; words are joined by spaces
    // or tabs, never by a line break (a headline's last word is no first name).
    const std::string word = R"((?:\p{Lu}[\p{Ll}\p{M}'’]+(?:-\p{Lu}?[\p{Ll}\p{M}]+)?|\p{Lu}\.))";
    std::string particle = pack.macros.count("particle") ? expand_macros(pack, pack.macros.at("particle")) : "al";
    auto re = detail::compile_for_shadow(R"((?:^|[^\p{L}\p{N}'’-])()" + word + R"((?:[ \t]+(?:(?:)" + particle + R"()[ \t-]+)?)" +
                                        word + "){1,3})",
                                    detail::rule_options(pack.limits.re2_max_mem));
    if (re->ok()) name_scan = std::move(re);
  }
  if (auto it = pack.macros.find("title_quote_rules"); it != pack.macros.end()) {
    RE2 re(it->second, detail::rule_options());
    for (auto& rule : pack.attribution) title_rule.push_back(re.ok() && RE2::PartialMatch(rule.id, re));
  }
  if (auto it = pack.macros.find("defer_rules"); it != pack.macros.end()) {
    RE2 re(it->second, detail::rule_options());
    for (auto& rule : pack.attribution) defer_rule.push_back(re.ok() && RE2::PartialMatch(rule.id, re));
  }
  for (auto& h : pack.honorifics) honorifics[normalize(h.form)] = &h;
  for (auto& p : pack.particles) particles.insert(normalize(p));
  for (auto& s : pack.suffixes) suffixes.insert(normalize(s));
  for (auto& o : pack.organisation_heads) org_heads.insert(normalize(o));
  for (auto& g : pack.group_nouns) group_nouns.insert(normalize(g));
  for (auto& r : pack.roles)
    for (auto& f : r.forms) role_forms.push_back({f, &r});
  std::sort(role_forms.begin(), role_forms.end(), [](auto& a, auto& b) { return a.first.size() > b.first.size(); });
  for (auto& [form, r] : role_forms) role_form_set.insert(form);
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
  if (auto it = pack.macros.find("person_noun"); it != pack.macros.end()) {
    auto re = detail::compile_for_shadow("^(?:" + expand_macros(pack, it->second) + ")$", detail::rule_options());
    if (re->ok()) person_noun = std::move(re);
  }
  if (auto it = pack.macros.find("party_code"); it != pack.macros.end() && !pack.parties.empty()) {
    auto re = detail::compile_for_shadow("(?:^|[^\\p{L}])(" + expand_macros(pack, it->second) + ")", detail::rule_options());
    if (re->ok()) party_code = std::move(re);
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

// Returns true iff the word after the spaces at `at` is one of `openers` (sentence_openers in
// misc.yaml): words that open sentences and never follow a title or an initial.
bool opens_sentence(const std::string& masked, std::size_t at, std::size_t end, const std::unordered_set<std::string>& openers) {
  std::size_t j = at;
  if (j >= end || !ascii_space(masked[j])) return false;
  while (j < end && ascii_space(masked[j])) ++j;
  std::size_t e = j;
  while (e < end && std::isalpha(static_cast<unsigned char>(masked[e]))) ++e;
  if (e == j || (e < end && !ascii_space(masked[e]) && masked[e] != ',' && masked[e] != '\'')) return false;
  return openers.count(std::string(masked, j, e - j)) > 0;
}

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
    while (from < toks->size() && pack.compiled->token_patterns->find(byline, *symbols, from, m)) {
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
  shadow = ascii_shadow(masked);
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
          if (ns.find('"') != std::string_view::npos || split_words(ns).size() > k_next_sentence_words) return false;
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
  out.assign(shadow, start, end - start);
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
  const int k_glued = features.find("glued"), k_nl = features.find("nl"), k_quote = features.find("quote"),
                   k_target = features.find("target");
  for (std::size_t i = 0; i < out.size(); ++i) {
    auto& t = out[i];
    bool changed = false;
    // The window's first token follows nothing in it.
    if (i == 0 && (t.features.test(static_cast<std::size_t>(k_glued)) || t.features.test(static_cast<std::size_t>(k_nl)))) {
      t.features.reset(static_cast<std::size_t>(k_glued));
      t.features.reset(static_cast<std::size_t>(k_nl));
      changed = true;
    }
    if (t.features.test(static_cast<std::size_t>(k_quote)) && t.start >= q.start && t.end <= q.end) {
      t.features.reset(static_cast<std::size_t>(k_quote));
      t.features.set(static_cast<std::size_t>(k_target));
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
    if (title && r < lex.title_rule.size() && lex.title_rule[r]) continue;
    const RE2* re = compiled.attribution[r].get();
    int group = compiled.attribution_speaker_group[r];
    int token_rule = r < compiled.attribution_tokens.size() ? compiled.attribution_tokens[r] : -1;
    if ((!re || group < 0) && token_rule < 0) continue;
    auto& sw = scope_window(rule.scope);
    if (!sw.ok) continue;
    if (const RE2* trigger = compiled.attribution_trigger[r].get(); trigger && !RE2::PartialMatch(sw.text, *trigger)) continue;
    std::size_t base = sw.base;
    // A quote standing alone after a sentence that holds an attributed quote goes on with
    // that quote's speaker (see inherit()), not with the sentence's subject.
    if (rule.scope == RuleScope::previous && before && before->speaker && before->span.start >= base &&
        before->span.start < base + sw.text.size())
      continue;
    // A rule that only names the sentence's subject leaves a quote that follows an attributed
    // quote of the same sentence to inherit() that quote's speaker.
    if (r < lex.defer_rule.size() && lex.defer_rule[r] && before && before->speaker && before->span.start >= base &&
        before->span.start < q.start)
      continue;
    static const std::vector<int> k_none;
    const auto& ags = r < lex.appositive_groups.size() ? lex.appositive_groups[r] : k_none;
    int last_group = group;
    for (int ag : ags) last_group = std::max(last_group, ag);
    std::vector<re2::StringPiece> groups(static_cast<std::size_t>(std::max(last_group, 0)) + 1);
    // A speaker the checks below refuse ("why would any rational person", a clause taken for a
    // subject) is blanked in a copy of the window for pass 1, which tries the rule again on it
    // (at most k_speaker_tries matches).
    std::string blocked;
    if (pass == 1) blocked.swap(retry[r]);
    const std::string* wp = pass == 1 ? &blocked : &sw.text;
    for (std::size_t attempt = 0; attempt < (pass == 1 ? k_speaker_tries : 1); ++attempt) {
    const std::string& win = *wp;
    // The speaker's span and the appositives' ends, in window offsets, by the rule's engine.
    std::size_t sa = 0, sb = 0;
    std::vector<std::size_t> appositive_ends;
    // The window's tokens: of the masked text, with what a refused speaker blanked.
    std::vector<tokens::Token> blanked_tokens;
    std::string blanked_symbols;
    const std::vector<tokens::Token>* toks = &sw.tokens;
    const std::string* symbols = &sw.symbols;
    // The text is the masked document's (not the ASCII shadow's), with the window's own
    // masks laid over it: the quote being attributed, and a refused speaker blanked.
    auto window_text = [&] {
      std::string text(std::string_view(masked).substr(base, win.size()));
      for (std::size_t i = 0; i < text.size(); ++i)
        if (win[i] == k_mask_other || win[i] == k_mask_target) text[i] = win[i];
      return text;
    };
    auto tag_window = [&] {
      if (&win == &sw.text) {
        if (!sw.tagged) {
          sw.tagged = true;
          window_tokens(q, base, base + win.size(), sw.tokens, sw.symbols);
        }
      } else if (toks != &blanked_tokens) {
        blanked_tokens = compiled.features->tag(window_text());
        blanked_symbols = compiled.features->encode(blanked_tokens);
        toks = &blanked_tokens;
        symbols = &blanked_symbols;
      }
    };
    if (token_rule >= 0) {
      tag_window();
      tokens::TokenMatch m;
      if (!compiled.token_patterns->find(token_rule, *symbols, 0, m)) break;
      auto it = m.groups.find("speaker");
      if (it == m.groups.end() || it->second.last <= it->second.first) break;
      sa = (*toks)[it->second.first].start;
      sb = (*toks)[it->second.last - 1].end;
      for (auto& [name, t] : m.groups)
        if (name.starts_with("appositive") && t.last > t.first) appositive_ends.push_back((*toks)[t.last - 1].end);
    } else {
      if (!re->Match(win, 0, win.size(), RE2::UNANCHORED, groups.data(), static_cast<int>(groups.size()))) break;
      auto& g = groups[static_cast<std::size_t>(group)];
      if (g.data() == nullptr || g.empty()) break;
      sa = static_cast<std::size_t>(g.data() - win.data());
      sb = sa + g.size();
      for (int ag : ags) {
        auto& ap = groups[static_cast<std::size_t>(ag)];
        if (ap.data() && !ap.empty()) appositive_ends.push_back(static_cast<std::size_t>(ap.data() - win.data()) + ap.size());
      }
    }
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
    if (rule.scope == RuleScope::after && lex.continuation >= 0) {
      if (token_rule < 0) tag_window();
      if (continues_clause(*toks, *symbols, win, sa)) break;
    }
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
    if (lex.noun_verb_head >= 0 && b > base && b < base + win.size()) {
      if (token_rule < 0) tag_window();
      b = base + noun_verb_head(*toks, *symbols, b - base);
    }
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

bool Extractor::object_like(const Mention& m) const {
  // A possessor ("about Mr. Roe's work") is no object.
  std::string_view after = std::string_view(doc.text).substr(std::min(m.end, doc.text.size()));
  if (after.starts_with("'s") || after.starts_with("\xE2\x80\x99s")) return false;
  std::size_t i = m.start;
  for (int steps = 0; steps < 6; ++steps) {
    std::size_t e = i;
    while (e > doc.body_start && (masked[e - 1] == ' ' || masked[e - 1] == '\t')) --e;
    if (e <= doc.body_start) return false;
    std::size_t s = e;
    while (s > doc.body_start && !ascii_space(masked[s - 1])) --s;
    std::string_view w(masked.data() + s, e - s);
    if (w.empty()) return false;  // a line break: the paragraph's start
    char last = w.back();
    if (last == ',' || last == ';' || last == ':' || last == '"' || last == '(' || last == ')' || last == k_mask_other ||
        last == '?' || last == '!')
      return false;
    std::string nw = normalize(w);
    if (last == '.' && !lex.honorifics.count(nw) && !(w.size() == 2 && capitalised(w))) return false;  // a sentence's end
    if (lex.object_leads.count(nw)) return true;
    bool title = capitalised(w) || lex.honorifics.count(nw) || is_role_word(nw) || lex.role_modifiers.count(nw) ||
                 lex.determiners.count(nw) || possessive_base(nw) != nw;
    if (!title) return false;
    i = s;
  }
  return false;
}

std::vector<const CorefSieve*> Extractor::sieves(std::string_view kind) const {
  static const std::vector<CorefSieve> k_default = [] {
    std::vector<CorefSieve> v(3);
    v[0].id = "pronoun.nearest", v[0].applies_to = "pronoun", v[0].method = "nearest", v[0].skip = {"addressed"};
    v[1].id = "organisation-pronoun.nearest", v[1].applies_to = "organisation-pronoun", v[1].method = "nearest";
    v[2].id = "description.nearest", v[2].applies_to = "description", v[2].method = "nearest";
    return v;
  }();
  std::vector<const CorefSieve*> out;
  for (const auto& sv : pack.coreference.empty() ? k_default : pack.coreference)
    if (sv.applies_to == kind) out.push_back(&sv);
  return out;
}

bool Extractor::skips(const CorefSieve& sv, std::string_view what) {
  return std::find(sv.skip.begin(), sv.skip.end(), what) != sv.skip.end();
}

std::size_t Extractor::paragraphs_back(std::size_t at, std::size_t back) const {
  if (paragraphs.empty()) return 0;
  std::size_t p = paragraph_of(at);
  return paragraphs[p >= back ? p - back : 0].start;
}

std::string Extractor::addressee_of(const Speaker& sp) const {
  std::string addressee;
  auto ws = split_words(std::string_view(masked).substr(sp.end, std::min<std::size_t>(80, masked.size() - sp.end)));
  if (ws.size() >= 2 && (bare(ws[0]) == "told" || bare(ws[0]) == "asked")) {
    std::size_t i = 1;
    if (bare(ws[i]) == "the" && i + 1 < ws.size()) ++i;
    for (; i < ws.size() && capitalised(ws[i]); ++i) {
      addressee = possessive_base(bare(ws[i]));
      while (!addressee.empty() && (addressee.back() == '.' || addressee.back() == ',')) addressee.pop_back();
      if (ws[i].ends_with(",") || ws[i].ends_with(".")) break;
    }
  }
  return addressee;
}

std::size_t Extractor::subject_pronoun(std::size_t a, std::size_t b, Gender gender) const {
  std::size_t i = a;
  while (i < b) {
    while (i < b && !std::isalpha(static_cast<unsigned char>(masked[i]))) ++i;
    std::size_t j = i;
    while (j < b && std::isalpha(static_cast<unsigned char>(masked[j]))) ++j;
    if (j > i && j - i <= 4) {
      PronounInfo pi;
      if (is_pronoun(pack, std::string_view(masked).substr(i, j - i), &pi) && pi.subject && pi.gender == gender) return i;
    }
    i = j;
  }
  return std::string::npos;
}

bool Extractor::trailing_attribution(std::size_t end, std::size_t sentence_end) const {
  if (sentence_end <= end) return false;
  std::string_view rest = std::string_view(masked).substr(end, sentence_end - end);
  if (rest.find('"') != std::string_view::npos || rest.find(k_mask_other) != std::string_view::npos) return false;
  auto ws = split_words(rest);
  return !ws.empty() && ws.size() <= 3 && ws.back().ends_with(".");
}

bool Extractor::modifies_role(std::size_t end) const {
  if (modifies_noun(end)) return true;
  {
    // "Trump's wife, Melania": the possessor of a kin noun is not who the phrase names.
    std::string_view after = std::string_view(masked).substr(std::min(end, masked.size()));
    std::size_t skip = after.starts_with("'s ") ? 3 : after.starts_with("\xE2\x80\x99s ") ? 5 : 0;
    if (skip) {
      std::size_t q = skip;
      while (q < after.size() && std::isalpha(static_cast<unsigned char>(after[q]))) ++q;
      if (pack.kin_nouns.count(normalize(after.substr(skip, q - skip)))) return true;
    }
  }
  std::size_t p = end;
  for (int n = 0; n < 3; ++n) {
    while (p < masked.size() && (masked[p] == ' ' || masked[p] == '\t')) ++p;
    std::size_t q = p;
    while (q < masked.size() && std::isalpha(static_cast<unsigned char>(masked[q]))) ++q;
    if (q == p || !std::islower(static_cast<unsigned char>(masked[p]))) return false;
    std::string w = masked.substr(p, q - p);
    auto& reps = pack.representative_heads;
    if (std::find(reps.begin(), reps.end(), w) != reps.end()) return true;  // "Cruz spokesman Rick Tyler"
    if (n > 0 && (is_role_word(w) || (w.size() > 1 && w.back() == 's' && is_role_word(w.substr(0, w.size() - 1)))))
      return true;
    if (pack.verbs.count(w) || lex.determiners.count(w) || lex.object_leads.count(w) || is_pronoun(pack, w)) return false;
    if (q < masked.size() && masked[q] != ' ') return false;  // a comma or a full stop ends the phrase
    p = q;
  }
  return false;
}

int Extractor::pronoun_salience(const Speaker& sp, const PronounInfo& pi, const CorefSieve& sv, const std::string& addressee) {
  if (paragraphs.empty()) return -1;
  std::size_t p = paragraph_of(sp.start);
  const Sentence* cur = sentence_at(p, sp.start);
  if (!cur) return -1;
  std::size_t floor = paragraphs_back(sp.start, sv.paragraphs_back);
  std::size_t si = static_cast<std::size_t>(cur - para_sentences[p].data());
  sync_starts();
  auto addressed = [&](const Mention& m) {
    if (addressee.empty()) return false;
    auto mw = split_words(m.name);
    return !mw.empty() && bare(mw.back()) == addressee;
  };
  auto fits = [&](const Mention& m) {
    if (!m.person || m.name.empty()) return false;
    if (m.gender != pi.gender && m.gender != Gender::unknown) return false;
    if (skips(sv, "addressed") && addressed(m)) return false;
    if (skips(sv, "modifier") && modifies_role(m.end)) return false;
    if (skips(sv, "object") && !m.subject && object_like(m)) return false;
    if (skips(sv, "opener") && m.name.find(' ') == std::string::npos) {
      // "There, the district chairman Jo Roe ...": one word never capitalised inside a
      // sentence is a sentence's opening word, no name.
      std::string nw = normalize(m.name);
      if (!inner_capitals.count(nw) && !inner_capitals.count(possessive_base(nw))) return false;
    }
    return true;
  };
  for (std::size_t k = 0; k <= sv.sentences_back; ++k) {
    const Sentence& sen = para_sentences[p][si];
    std::size_t a = sen.start, b = k == 0 ? sp.start : sen.end;
    // "Also, Roe is no conservative, he said.": what stands before a pronoun whose verb ends
    // the sentence is what was said, not who said it.
    // (Not when a quote stands before it: then that is what was said.)
    if (k == 0 && trailing_attribution(sp.end, sen.end) &&
        std::string_view(masked).substr(a, sp.start - a).find('"') == std::string_view::npos)
      b = a;
    std::size_t pron = sv.chain ? subject_pronoun(a, b, pi.gender) : std::string::npos;
    for (auto it = mention_starts.lower_bound(a), e = mention_starts.lower_bound(b); it != e; ++it) {
      const auto& m = result.mentions[it->second];
      if (m.start >= pron) break;
      if (!fits(m)) continue;
      // Of the mentions that start here, the longest ("Claire McCaskill", not a part of it).
      std::size_t best = it->second;
      for (auto jt = std::next(it); jt != e && jt->first == it->first; ++jt)
        if (result.mentions[jt->second].end > result.mentions[best].end && fits(result.mentions[jt->second])) best = jt->second;
      return static_cast<int>(best);
    }
    if (pron != std::string::npos)
      for (const auto& q : result.quotes)
        if (q.speaker && q.speaker->start == pron && q.speaker->mention_index >= 0) return q.speaker->mention_index;
    if (si > 0) {
      --si;
    } else {
      do {
        if (p == 0) return -1;
        --p;
      } while (para_sentences[p].empty());
      if (paragraphs[p].start < floor) return -1;
      si = para_sentences[p].size() - 1;
    }
  }
  return -1;
}

void Extractor::resolve_pronoun(Quote& quote, const Quote* previous) {
  Speaker& sp = *quote.speaker;
  PronounInfo pi;
  // "he just interrupts": a pronoun with an adverb after it (lead_adverbs, or a word in -ly)
  // is the pronoun.
  std::string_view pronoun = sp.mention;
  if (auto ws = split_words(sp.mention); ws.size() == 2 && sp.name.empty()) {
    std::string adv = bare(ws[1]);
    if (adv.ends_with("ly") || std::find(pack.lead_adverbs.begin(), pack.lead_adverbs.end(), adv) != pack.lead_adverbs.end())
      if (is_pronoun(pack, ws[0])) {
        pronoun = ws[0];
        sp.mention_index = -1;
      }
  }
  if (sp.mention_index >= 0) return;
  if (!is_pronoun(pack, pronoun, &pi) || pi.plural) return;
  if (!pi.personal) {
    for (const CorefSieve* sv : sieves("organisation-pronoun")) {
      resolve_organisation_pronoun(sp, previous, paragraphs_back(sp.start, sv->paragraphs_back));
      if (sp.mention_index >= 0) {
        sp.sieve = sv->id;
        return;
      }
    }
    return;
  }
  if (pi.gender != Gender::male && pi.gender != Gender::female) return;  // I, we, you
  std::string addressee = addressee_of(sp);
  int best = -1;
  const CorefSieve* linked = nullptr;
  for (const CorefSieve* sv : sieves("pronoun")) {
    best = sv->method == "salience" ? pronoun_salience(sp, pi, *sv, addressee)
                                     : pronoun_nearest(sp, pi, previous, *sv, skips(*sv, "addressed") ? addressee : std::string());
    if (best >= 0) {
      linked = sv;
      break;
    }
  }
  if (best >= 0) {
    auto& m = result.mentions[static_cast<std::size_t>(best)];
    sp.mention_index = best;
    sp.name = m.name;
    sp.via = Via::pronoun;
    sp.sieve = linked->id;
    if (m.gender == Gender::unknown) {
      // Learned from the document: every mention of this person takes the pronoun's gender.
      auto key = split_words(m.name);
      std::string last = key.empty() ? std::string() : bare(key.back());
      for (auto& other : result.mentions) {
        if (!other.person || other.gender != Gender::unknown || other.name.empty()) continue;
        auto ow = split_words(other.name);
        if (!ow.empty() && bare(ow.back()) == last) other.gender = pi.gender;
      }
      m.gender = pi.gender;
    }
  }
}

int Extractor::pronoun_nearest(const Speaker& sp, const PronounInfo& pi, const Quote* previous, const CorefSieve& sv,
                    const std::string& addressee) {
  std::size_t window_start = paragraphs_back(sp.start, sv.paragraphs_back);
  auto exact = [&](const Mention& m) { return m.gender == pi.gender; };
  auto open = [&](const Mention& m) { return m.gender == Gender::unknown; };
  int best = -1;
  // Which mentions may be taken: sentence subjects and speakers; also names that read as no
  // object ("In an interview, Roe said"); or any.
  enum Take { subjects, not_objects, any };
  // The nearest (the last of those that start at one place) in [from, sp.start) that fits.
  auto pick = [&](Take take, auto&& fits, std::size_t from) {
    sync_starts();
    auto lo = mention_starts.lower_bound(from);
    for (auto it = mention_starts.lower_bound(sp.start); it != lo;) {
      --it;
      const auto& m = result.mentions[it->second];
      if (!m.person || m.name.empty()) continue;
      if (take == subjects && !m.subject) continue;
      if (!fits(m)) continue;
      if (take == not_objects && !m.subject && object_like(m)) continue;
      return static_cast<int>(it->second);
    }
    return -1;
  };
  auto addressed = [&](const Mention& m) {
    if (addressee.empty()) return false;
    auto mw = split_words(m.name);
    return !mw.empty() && bare(mw.back()) == addressee;
  };
  auto fits = [&](const Mention& m) { return (exact(m) || open(m)) && !addressed(m); };
  // The previous attribution's speaker, unless a fitting subject was named since.
  if (previous && previous->speaker && previous->speaker->mention_index >= 0 && previous->span.start >= window_start) {
    const auto& m = result.mentions[static_cast<std::size_t>(previous->speaker->mention_index)];
    std::size_t since = std::min(previous->span.start, previous->speaker->start);
    best = pick(subjects, fits, since);
    if (best < 0) best = pick(not_objects, fits, since);  // "In Jerusalem, Prime Minister X was scathing."
    if (best < 0 && m.person && fits(m)) best = previous->speaker->mention_index;
  }
  if (best < 0) best = pick(subjects, fits, window_start);
  if (best < 0) best = pick(not_objects, fits, window_start);
  if (best < 0 && !(previous && previous->speaker && previous->speaker->mention_index >= 0))
    best = pick(any, fits, window_start);
  if (best < 0 && previous && previous->speaker && previous->speaker->mention_index >= 0) {
    const auto& m = result.mentions[static_cast<std::size_t>(previous->speaker->mention_index)];
    if (m.person && fits(m)) best = previous->speaker->mention_index;
  }
  auto exact_fit = [&](const Mention& m) { return exact(m) && !addressed(m); };
  auto open_fit = [&](const Mention& m) { return open(m) && !addressed(m); };
  if (best < 0) best = pick(not_objects, exact_fit, 0);
  if (best < 0) best = pick(not_objects, open_fit, 0);
  if (best < 0) best = pick(any, exact_fit, 0);
  if (best < 0) best = pick(any, open_fit, 0);
  return best;
}

void Extractor::resolve_organisation_pronoun(Speaker& sp, const Quote* previous, std::size_t window_start) {
  int best = -1;
  std::size_t best_pos = 0;
  sync_starts();
  auto lo = mention_starts.lower_bound(window_start);
  for (auto it = mention_starts.lower_bound(sp.start); it != lo;) {
    --it;
    const auto& m = result.mentions[it->second];
    if (m.person || m.gender == Gender::plural || m.name.empty() || !m.subject) continue;
    best = static_cast<int>(it->second);  // the nearest; of those at one place, the last
    best_pos = m.start;
    break;
  }
  if (previous && previous->speaker && previous->speaker->mention_index >= 0 && previous->span.start >= window_start) {
    const auto& m = result.mentions[static_cast<std::size_t>(previous->speaker->mention_index)];
    std::size_t since = std::min(previous->span.start, previous->speaker->start);
    if (!m.person && m.gender != Gender::plural && !m.name.empty() && (best < 0 || best_pos < since))
      best = previous->speaker->mention_index;
  }
  if (best < 0) return;
  sp.mention_index = best;
  sp.name = result.mentions[static_cast<std::size_t>(best)].name;
  sp.via = Via::pronoun;
}

void Extractor::resolve_definite(Quote& quote, const Quote* previous) {
  for (const CorefSieve* sv : sieves("description"))
    if (sv->method == "introduced-role" ? definite_introduced(quote, *sv) : definite_nearest(quote, previous, *sv)) {
      quote.speaker->sieve = sv->id;
      return;
    }
}

void Extractor::resolve_document(Quote& quote, const Quote* previous) {
  Speaker& sp = *quote.speaker;
  if (pack.document_nouns.empty() || (!sp.name.empty() && sp.person)) return;
  for (const CorefSieve* sv : sieves("document"))
    if (document_issuer(sp, previous, *sv)) {
      sp.sieve = sv->id;
      return;
    }
}

bool Extractor::document_issuer(Speaker& sp, const Quote* previous, const CorefSieve& sv) {
  auto ws = split_words(sp.mention);
  if (ws.size() < 2 || ws.size() > 5) return false;
  std::string head = bare(ws.back());
  while (!head.empty() && !std::isalpha(static_cast<unsigned char>(head.back()))) head.pop_back();
  // "his campaign", "her office": the person the possessive pronoun stands for, found as a
  // subject pronoun of that gender would be (the pronoun sieves); an office or a document is
  // that person's, an organisation ("his campaign") is named after them ("Roe campaign").
  PronounInfo pi;
  if (ws.size() == 2 && is_pronoun(pack, bare(ws[0]), &pi) && !pi.plural && pi.personal &&
      (pi.gender == Gender::male || pi.gender == Gender::female) && (pack.document_nouns.count(head) || lex.org_heads.count(head))) {
    pi.subject = true;
    int best = -1;
    for (const CorefSieve* ps : sieves("pronoun")) {
      best = ps->method == "salience" ? pronoun_salience(sp, pi, *ps, std::string()) : pronoun_nearest(sp, pi, previous, *ps, std::string());
      if (best >= 0) break;
    }
    if (best < 0) return false;
    const auto& m = result.mentions[static_cast<std::size_t>(best)];
    if (pack.document_nouns.count(head)) {
      sp.mention_index = best;
      sp.name = m.name;
      sp.person = m.person;
    } else {
      auto mw = split_words(m.name);
      if (mw.empty()) return false;
      sp.mention_index = -1;
      sp.name = std::string(mw.back()) + " " + head;
      sp.person = false;
    }
    sp.via = Via::description;
    return true;
  }
  if (!pack.document_nouns.count(head)) return false;
  std::size_t floor = paragraphs_back(sp.start, sv.paragraphs_back);
  auto link = [&](int best) {
    const auto& m = result.mentions[static_cast<std::size_t>(best)];
    sp.mention_index = best;
    sp.name = m.name;
    sp.person = m.person;
    sp.via = Via::description;
    return true;
  };
  // A possessor before the noun: the name it holds.
  // (Its capitalised words before the possessive: "Ivana Trump's brief" is Ivana Trump's.)
  std::vector<std::string> possessor;
  for (std::size_t i = 0; i + 1 < ws.size(); ++i) {
    std::string nw = bare(ws[i]);
    if (possessive_base(nw) == nw || !capitalised(ws[i])) continue;
    possessor = {possessive_base(nw)};
    for (std::size_t j = i; j-- > 0 && capitalised(ws[j]) && !lex.honorifics.count(bare(ws[j])) && !is_role_word(bare(ws[j]));)
      possessor.insert(possessor.begin(), bare(ws[j]));
  }
  if (!possessor.empty()) {
    int best = -1;
    for (std::size_t i = 0; i < result.mentions.size(); ++i) {
      const auto& m = result.mentions[i];
      if (!m.person || m.name.empty() || static_cast<int>(i) == sp.mention_index) continue;
      auto mw = split_words(m.name);
      if (mw.size() < possessor.size()) continue;
      bool same = true;
      for (std::size_t j = 0; j < possessor.size() && same; ++j)
        same = normalize(mw[mw.size() - possessor.size() + j]) == possessor[j];
      if (!same) continue;
      // The fullest name, the nearest before the mention of those.
      if (best < 0 || split_words(m.name).size() > split_words(result.mentions[static_cast<std::size_t>(best)].name).size() ||
          (m.start < sp.start && m.name.size() == result.mentions[static_cast<std::size_t>(best)].name.size()))
        best = static_cast<int>(i);
    }
    return best >= 0 && link(best);
  }
  if (lower(ws.front()) != "the") return false;
  // The nearest earlier sentence, before the mention's own, that holds the noun.
  if (paragraphs.empty()) return false;
  std::size_t p = paragraph_of(sp.start);
  const Sentence* cur = sentence_at(p, sp.start);
  if (!cur) return false;
  sync_starts();
  for (std::size_t pa = p + 1; pa-- > 0;) {
    if (paragraphs[pa].start < floor) break;
    const auto& ss = para_sentences[pa];
    for (std::size_t si = ss.size(); si-- > 0;) {
      const Sentence& sen = ss[si];
      if (sen.start >= cur->start) continue;
      std::string_view words = std::string_view(masked).substr(sen.start, sen.end - sen.start);
      bool holds = false;
      for (auto w : split_words(words)) {
        std::string nw = bare(w);
        while (!nw.empty() && !std::isalpha(static_cast<unsigned char>(nw.back()))) nw.pop_back();
        if (nw == head) holds = true;
      }
      if (!holds) continue;
      for (auto it = mention_starts.lower_bound(sen.start), e = mention_starts.lower_bound(sen.end); it != e; ++it) {
        const auto& m = result.mentions[it->second];
        if (m.name.empty() || m.gender == Gender::plural || static_cast<int>(it->second) == sp.mention_index) continue;
        if (m.person && (object_like(m) || modifies_role(m.end))) continue;
        // "Roe's campaign sent an email": the possessor's organisation issued it.
        std::string_view after = std::string_view(masked).substr(m.end);
        std::size_t skip = after.starts_with("'s ") ? 3 : after.starts_with("\xE2\x80\x99s ") ? 5 : 0;
        if (m.person && skip) {
          auto next = split_words(after.substr(skip, std::min<std::size_t>(40, after.size() - skip)));
          auto mw = split_words(m.name);
          if (next.empty() || mw.empty() || !lex.org_heads.count(bare(next.front()))) continue;
          sp.mention_index = -1;
          sp.name = std::string(mw.back()) + " " + bare(next.front());
          sp.person = false;
          sp.via = Via::description;
          return true;
        }
        return link(static_cast<int>(it->second));
      }
      goto previous_speaker;  // the sentence names no issuer
    }
  }
previous_speaker:
  if (previous && previous->speaker && previous->speaker->mention_index >= 0 && !previous->speaker->name.empty() &&
      previous->span.start >= floor)
    return link(previous->speaker->mention_index);
  return false;
}

std::string Extractor::definite_head(const Speaker& sp) const {
  if (!sp.person || !sp.name.empty()) return {};
  auto ws = split_words(sp.mention);
  if (ws.size() < 2 || ws.size() > 5 || lower(ws.front()) != "the") return {};
  std::string head = bare(ws.back());
  while (!head.empty() && !std::isalpha(static_cast<unsigned char>(head.back()))) head.pop_back();
  if (!is_role_word(head)) return {};
  if (std::find(pack.representative_heads.begin(), pack.representative_heads.end(), head) != pack.representative_heads.end())
    return {};
  return head;
}

bool Extractor::definite_introduced(Quote& quote, const CorefSieve& sv) {
  Speaker& sp = *quote.speaker;
  if (definite_head(sp).empty()) return false;
  Descriptor want = parse_descriptor(sp.mention, pack);
  if (want.role.empty()) return false;
  std::size_t floor = paragraphs_back(sp.start, sv.paragraphs_back);
  int best = -1;
  std::set<std::string> holders;
  for (std::size_t i = 0; i < result.mentions.size(); ++i) {
    const auto& m = result.mentions[i];
    if (!m.person || m.name.empty() || m.start >= sp.start || m.start < floor) continue;
    if (static_cast<int>(i) == sp.mention_index) continue;
    for (const auto& d : m.descriptors) {
      if (d.role != want.role) continue;
      if (!want.affiliation.empty() && d.affiliation != want.affiliation) continue;
      if (!want.party.empty() && d.party != want.party) continue;
      auto mw = split_words(m.name);
      holders.insert(mw.empty() ? m.name : bare(mw.back()));
      if (best < 0 || m.start >= result.mentions[static_cast<std::size_t>(best)].start) best = static_cast<int>(i);
      break;
    }
  }
  if (best < 0 || holders.size() != 1) return false;
  sp.mention_index = best;
  sp.name = result.mentions[static_cast<std::size_t>(best)].name;
  sp.via = Via::description;
  return true;
}

bool Extractor::definite_nearest(Quote& quote, const Quote* previous, const CorefSieve& sv) {
  Speaker& sp = *quote.speaker;
  if (!sp.person || !sp.name.empty()) return false;
  auto ws = split_words(sp.mention);
  if (ws.size() < 2 || ws.size() > 5 || lower(ws.front()) != "the") return false;
  std::string head = bare(ws.back());
  while (!head.empty() && !std::isalpha(static_cast<unsigned char>(head.back()))) head.pop_back();
  if (!is_role_word(head)) return false;
  if (std::find(pack.representative_heads.begin(), pack.representative_heads.end(), head) != pack.representative_heads.end())
    return false;
  std::size_t window_start = paragraphs_back(sp.start, sv.paragraphs_back);
  int best = -1;
  std::size_t best_pos = 0;
  for (std::size_t i = 0; i < result.mentions.size(); ++i) {
    const auto& m = result.mentions[i];
    if (!m.person || m.name.empty() || !m.subject || m.start >= sp.start || m.start < window_start) continue;
    if (static_cast<int>(i) == sp.mention_index) continue;
    if (best < 0 || m.start >= best_pos) {
      best = static_cast<int>(i);
      best_pos = m.start;
    }
  }
  if (previous && previous->speaker && previous->speaker->mention_index >= 0 && !previous->speaker->name.empty() &&
      previous->span.start >= window_start) {
    std::size_t since = std::min(previous->span.start, previous->speaker->start);
    if (best < 0 || best_pos < since) best = previous->speaker->mention_index;
  }
  if (best < 0) {
    // No subject and no previous speaker: the nearest person named as no object
    // ("WASHINGTON - Sen. Jo Roe (D) defended ..."), unless the document gives that person
    // other roles only ("the candidate" is not "Morning Show host Jo Roe").
    std::string role = parse_descriptor(sp.mention, pack).role;
    auto other_role = [&](const Mention& m) {
      if (role.empty()) return false;
      auto mw = split_words(m.name);
      std::string surname = mw.empty() ? std::string() : bare(mw.back());
      bool any = false;
      for (const auto& o : result.mentions) {
        if (o.descriptors.empty() || o.name.empty()) continue;
        auto ow = split_words(o.name);
        if (ow.empty() || bare(ow.back()) != surname) continue;
        for (const auto& d : o.descriptors) {
          if (d.role.empty()) continue;
          if (d.role == role) return false;
          any = true;
        }
      }
      return any;
    };
    for (std::size_t i = 0; i < result.mentions.size(); ++i) {
      const auto& m = result.mentions[i];
      if (!m.person || m.name.empty() || m.start >= sp.start || m.start < window_start) continue;
      if (static_cast<int>(i) == sp.mention_index || object_like(m) || other_role(m)) continue;
      if (best < 0 || m.start >= best_pos) {
        best = static_cast<int>(i);
        best_pos = m.start;
      }
    }
    // Of that sentence's people, the one it is about: the first named, not a possessor or a
    // name before a role noun ("Jo Roe showed a clip of Gov. Al Poe defending Ann Lee's
    // record. "...," the nominee said": Roe).
    if (best >= 0) {
      std::size_t bp = paragraph_of(best_pos);
      const Sentence* sen = sentence_at(bp, best_pos);
      for (std::size_t i = 0; sen && i < result.mentions.size(); ++i) {
        const auto& m = result.mentions[i];
        if (!m.person || m.name.empty() || m.start < sen->start || m.start >= best_pos || m.start < window_start) continue;
        if (static_cast<int>(i) == sp.mention_index || object_like(m) || other_role(m) || modifies_role(m.end)) continue;
        std::string_view after = std::string_view(masked).substr(m.end);
        if (after.starts_with("'s") || after.starts_with("\xE2\x80\x99s")) continue;
        if (m.start < best_pos) {
          best = static_cast<int>(i);
          best_pos = m.start;
        }
      }
    }
  }
  if (best < 0) return false;
  const auto& m = result.mentions[static_cast<std::size_t>(best)];
  if (!m.person || m.name.empty()) return false;
  // "the senior Cruz adviser" is someone close to Cruz, not Cruz.
  auto nw = split_words(m.name);
  std::string surname = nw.empty() ? std::string() : bare(nw.back());
  for (std::size_t i = 1; i + 1 < ws.size(); ++i)
    if (possessive_base(bare(ws[i])) == surname) return false;
  sp.mention_index = best;
  sp.name = m.name;
  sp.via = Via::description;
  return true;
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

void Extractor::inherit_from_next(Quote& quote, const Quote& next) {
  if (quote.speaker || !next.speaker || next.speaker->via == Via::inherited || is_title_quote(quote.span)) return;
  if (next.speaker->start < next.span.end) return;
  std::size_t p = paragraph_of(quote.span.start);
  if (p != paragraph_of(next.span.start) || sentence_at(p, quote.span.start) != sentence_at(p, next.span.start)) return;
  for (auto w : split_words(std::string_view(masked).substr(quote.span.end, next.span.start - quote.span.end))) {
    std::string nw = lower(w);
    while (!nw.empty() && nw.back() == ',') nw.pop_back();
    if (!nw.empty() && nw != "and" && nw != "or") return;
  }
  quote.speaker = next.speaker;
  quote.speaker->rule = "attr.inherit-sentence";
  quote.speaker->via = Via::inherited;
  quote.speaker->confidence *= pack.speaker_confidence.inherited;
}

void Extractor::inherit(Quote& quote, std::size_t i) {
  if (i == 0) return;
  // A quote nested inside another one (the scanner gives both) is the outer speaker's words.
  for (std::size_t k = i; k-- > 0;) {
    const Quote& outer = result.quotes[k];
    if (outer.span.start <= quote.span.start && quote.span.end <= outer.span.end) {
      if (!outer.speaker) return;
      quote.speaker = outer.speaker;
      quote.speaker->rule = "attr.inherit-outer";
      quote.speaker->via = Via::inherited;
      quote.speaker->confidence *= pack.speaker_confidence.inherited;
      return;
    }
  }
  if (is_title_quote(quote.span)) return;
  // A title quoted in between ("...," said X, a host of "Shark Tank." "Q") is skipped over.
  std::size_t k = i - 1;
  while (k > 0 && !result.quotes[k].speaker && is_title_quote(result.quotes[k].span)) --k;
  const Quote& prev = result.quotes[k];
  if (!prev.speaker) return;
  // The paragraph the previous quote ends in: a quote running on over a paragraph break
  // (no closing mark at the first paragraph's end) goes on in its last paragraph.
  std::size_t p = paragraph_of(quote.span.start), pp = paragraph_of(prev.span.end > 0 ? prev.span.end - 1 : 0);
  std::size_t between_start = prev.span.end, between_end = quote.span.start;
  std::string_view gap = std::string_view(masked).substr(between_start, between_end - between_start);
  // Nobody else may be named in between as a subject: an object ("told Jane Roe of the
  // Courier") does not take the word, and the gap stays short. The sentence that attributes
  // the previous quote after it is that quote's own: names in its appositive or after it
  // ("said Jo Roe, who worked for Bush.", "Roe said, according to CNN.") name nobody new.
  std::size_t own_end = between_start;
  if (prev.speaker->start >= between_start && prev.speaker->start < between_end) {
    std::size_t sp = paragraph_of(prev.speaker->start);
    if (const Sentence* s = sentence_at(sp, prev.speaker->start)) own_end = std::min(between_end, s->end);
  }
  sync_starts();
  for (auto it = mention_starts.lower_bound(own_end), end = mention_starts.lower_bound(std::max(own_end, between_end)); it != end;
       ++it) {
    const auto& m = result.mentions[it->second];
    if (m.person && m.subject && !m.name.empty() &&
        (prev.speaker->name.empty() || normalize(prev.speaker->name).find(normalize(m.name)) == std::string::npos))
      return;
  }
  if (gap.size() > 400) return;
  if (p == pp) {
    quote.speaker = prev.speaker;
    quote.speaker->rule = "attr.inherit-paragraph";
    quote.speaker->via = Via::inherited;
    quote.speaker->confidence *= pack.speaker_confidence.inherited;
    quote.kind = prev.kind;
    return;
  }
  // The next paragraph: it must open with this quote and the gap must name nobody else.
  if (p == paragraph_of(prev.span.end > 0 ? prev.span.end - 1 : 0) + 1 && quote.span.start == paragraphs[p].start) {
    (void)gap;
    quote.speaker = prev.speaker;
    quote.speaker->rule = "attr.inherit-next-paragraph";
    quote.speaker->via = Via::inherited;
    quote.speaker->confidence *= pack.speaker_confidence.inherited;
    quote.kind = prev.kind;
  }
}

}  // namespace quotecheck::detail

namespace quotecheck {

using namespace detail;

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
  Extractor ex{doc, pack, lexicon_for(pack), *pack.compiled, result, {}, {}, {}, {}};
  ex.run();
  return result;
}

}  // namespace quotecheck
