// quotecheck - coreference: a speaker that names nobody ("he", "the governor", "the statement") linked
// to a person by the sieve cascade of rules/coreference.yaml (pronoun salience and nearest,
// descriptions, the document issuer), and a quote inheriting its speaker from the quote next to it.
// Part of extract(); the state is Extractor (extractor.hpp).
#include "extractor.hpp"

#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>
#include <vector>

namespace quotecheck::detail {

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
           : sv->method == "forward" ? pronoun_forward(sp, pi)
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

int Extractor::pronoun_forward(const Speaker& sp, const PronounInfo& pi) {
  if (paragraphs.empty() || pack.forward_leads.empty()) return -1;
  std::size_t p = paragraph_of(sp.start);
  const Sentence* cur = sentence_at(p, sp.start);
  if (!cur || sp.start < cur->start) return -1;
  // The sentence opens with a lead word, and no comma stands between it and the pronoun.
  auto before = split_words(std::string_view(masked).substr(cur->start, sp.start - cur->start));
  if (before.empty() || !pack.forward_leads.count(bare(before.front()))) return -1;
  for (auto w : before)
    if (w.ends_with(",") || w.ends_with(";")) return -1;
  // (In the text, not the masked copy: a quote ending the clause holds its comma, "too "soft,"".)
  std::size_t comma = doc.text.find(',', sp.end);
  if (comma == std::string::npos || comma >= cur->end) return -1;
  // The first person named after the comma (and a quote's closing mark), with only titles and
  // capitals before the name.
  std::size_t from = comma + 1;
  while (from < cur->end) {
    if (doc.text[from] == '"' || doc.text[from] == '\'') ++from;
    else if (doc.text.compare(from, 2, "\xE2\x80") == 0 && from + 2 < doc.text.size() &&
             (doc.text[from + 2] == '\x9D' || doc.text[from + 2] == '\x99' || doc.text[from + 2] == '\x9C'))
      from += 3;
    else break;
  }
  sync_starts();
  for (auto it = mention_starts.lower_bound(comma), e = mention_starts.lower_bound(cur->end); it != e; ++it) {
    const auto& m = result.mentions[it->second];
    if (m.start < from) continue;
    auto lead = split_words(std::string_view(masked).substr(from, m.start - from));
    if (lead.size() > 4) return -1;
    for (auto w : lead) {
      std::string nw = bare(w);
      if (w.find(k_mask_other) != std::string_view::npos) return -1;  // the comma stands inside a quote
      if (std::none_of(w.begin(), w.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)); })) continue;  // a quote's mark
      if (!capitalised(w) && !lex.determiners.count(nw) && !is_role_word(nw) && !lex.role_modifiers.count(nw)) return -1;
      if (w.ends_with(",") || w.ends_with(";")) return -1;
    }
    if (!m.person || m.name.empty()) return -1;
    if (m.gender != pi.gender && m.gender != Gender::unknown) return -1;
    return static_cast<int>(it->second);
  }
  return -1;
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
    if (sv->method == "introduced-role"   ? definite_introduced(quote, *sv)
        : sv->method == "introduced-type" ? definite_type(quote, *sv)
                                          : definite_nearest(quote, previous, *sv)) {
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

// Where in `words` (a sentence) capitalised words right before the noun `head` name its issuer
// ("A new Pew Research report"): the words [first, second), or none.
std::optional<std::pair<std::size_t, std::size_t>> Extractor::issuer_capitals(std::string_view words, const std::string& head) const {
  auto sw = split_words(words);
  for (std::size_t i = 1; i < sw.size(); ++i) {
    std::string nw = bare(sw[i]);
    while (!nw.empty() && !std::isalpha(static_cast<unsigned char>(nw.back()))) nw.pop_back();
    if (nw != head || capitalised(sw[i])) continue;
    std::size_t j = i;
    while (j > 0 && j + 4 > i && capitalised(sw[j - 1]) && bare(sw[j - 1]) == possessive_base(bare(sw[j - 1])) &&
           !sw[j - 1].ends_with(",") && !sw[j - 1].ends_with(".") && !lex.determiners.count(bare(sw[j - 1])) &&
           std::find(pack.time_words.begin(), pack.time_words.end(), bare(sw[j - 1])) == pack.time_words.end())
      --j;
    // Not the sentence's first word alone, capitalised only for opening it.
    if (j == i || (j == 0 && i == 1)) continue;
    return std::pair{j, i};
  }
  return std::nullopt;
}

// The sentences of the document where document_issuer()'s search for the noun `head` stops, in
// document order, made once per noun: those that hold it and name its issuer by capitals before
// it, or hold it other than as "the <noun>" (the document introduced, not named again). One pass
// over the document per noun, so that each description's search is a binary search, not a walk
// back over every sentence (which made a paragraph of "..., the report said." quadratic).
const std::vector<Extractor::IssuerSentence>& Extractor::issuer_sentences(const std::string& head) {
  auto [it, fresh] = issuer_index.try_emplace(head);
  if (!fresh) return it->second;
  for (std::size_t pa = 0; pa < para_sentences.size(); ++pa)
    for (std::size_t si = 0; si < para_sentences[pa].size(); ++si) {
      const Sentence& sen = para_sentences[pa][si];
      std::string_view words = std::string_view(masked).substr(sen.start, sen.end - sen.start);
      bool holds = false, again = true;  // again: only as "the <noun>", the same document named anew
      auto sw = split_words(words);
      for (std::size_t i = 0; i < sw.size(); ++i) {
        std::string nw = bare(sw[i]);
        while (!nw.empty() && !std::isalpha(static_cast<unsigned char>(nw.back()))) nw.pop_back();
        if (nw != head) continue;
        holds = true;
        if (i == 0 || lower(sw[i - 1]) != "the") again = false;
      }
      if (holds && (!again || issuer_capitals(words, head))) it->second.push_back({sen.start, pa, si});
    }
  return it->second;
}

// GCC 12 warns of a null pointer dereference inside std::vector<std::string>::insert() below
// (the possessor's words), a false positive of its inlining that appeared when this function left
// attribution.cpp; the code is as it was there.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnull-dereference"
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
      best = ps->method == "salience" ? pronoun_salience(sp, pi, *ps, std::string())
             : ps->method == "forward" ? pronoun_forward(sp, pi)
                                       : pronoun_nearest(sp, pi, previous, *ps, std::string());
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
  // The nearest earlier sentence, before the mention's own, that holds the noun and names its
  // issuer or introduces it (issuer_sentences(): a sentence that holds it only as "the <noun>"
  // names the document again, its introduction is further back), within the sieve's paragraphs.
  if (paragraphs.empty()) return false;
  std::size_t p = paragraph_of(sp.start);
  const Sentence* cur = sentence_at(p, sp.start);
  if (!cur) return false;
  sync_starts();
  const auto& stops = issuer_sentences(head);
  auto at = std::lower_bound(stops.begin(), stops.end(), cur->start, [](const IssuerSentence& s, std::size_t x) { return s.start < x; });
  if (at != stops.begin() && paragraphs[std::prev(at)->paragraph].start >= floor) {
    const IssuerSentence& stop = *std::prev(at);
    const Sentence& sen = para_sentences[stop.paragraph][stop.sentence];
    std::string_view words = std::string_view(masked).substr(sen.start, sen.end - sen.start);
    // "A new Pew Research report": the capitals right before the noun name its issuer (the
    // person the document names so, or else an organisation).
    if (auto named = issuer_capitals(words, head)) {
      auto sw = split_words(words);
      std::string name;
      for (std::size_t k = named->first; k < named->second; ++k) name += (k > named->first ? " " : "") + std::string(sw[k]);
      for (auto it = mention_starts.lower_bound(sen.start), e = mention_starts.lower_bound(sen.end); it != e; ++it)
        if (result.mentions[it->second].name == name && static_cast<int>(it->second) != sp.mention_index)
          return link(static_cast<int>(it->second));
      sp.mention_index = -1;
      sp.name = name;
      sp.person = false;
      sp.via = Via::description;
      return true;
    }
    // The sentence introduces the document ("Fox News said in a statement"): its first
    // person or organisation issued it.
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
    // The sentence names no issuer.
  }
  if (previous && previous->speaker && previous->speaker->mention_index >= 0 && !previous->speaker->name.empty() &&
      previous->span.start >= floor)
    return link(previous->speaker->mention_index);
  return false;
}
#pragma GCC diagnostic pop

// A description's words before its appositive or relative clause: "the former congressman, who
// led ..." is "the former congressman".
static std::vector<std::string_view> description_words(std::string_view mention) {
  auto ws = split_words(mention);
  for (std::size_t i = 0; i < ws.size(); ++i)
    if (ws[i].ends_with(",")) {
      ws[i].remove_suffix(1);
      ws.resize(i + 1);
      break;
    }
  return ws;
}

std::string Extractor::definite_head(const Speaker& sp) const {
  if (!sp.person || !sp.name.empty()) return {};
  auto ws = description_words(sp.mention);
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
  // The mentions that start in the sieve's paragraphs before the description (by the start
  // index, not a pass over every mention of the document per quote); the latest holder of the
  // role, of equal starts the last mention.
  sync_starts();
  for (auto it = mention_starts.lower_bound(floor); it != mention_starts.end() && it->first < sp.start; ++it) {
    std::size_t i = it->second;
    const auto& m = result.mentions[i];
    if (!m.person || m.name.empty()) continue;
    if (static_cast<int>(i) == sp.mention_index) continue;
    for (const auto& d : m.descriptors) {
      if (d.role != want.role) continue;
      if (!want.affiliation.empty() && d.affiliation != want.affiliation) continue;
      if (!want.party.empty() && d.party != want.party) continue;
      auto mw = split_words(m.name);
      holders.insert(mw.empty() ? m.name : bare(mw.back()));
      const auto& b = best < 0 ? m : result.mentions[static_cast<std::size_t>(best)];
      if (best < 0 || m.start > b.start || (m.start == b.start && static_cast<int>(i) > best)) best = static_cast<int>(i);
      break;
    }
    // Two holders of the role: the description names neither (holders only grow), so the rest
    // of the mentions need no look.
    if (holders.size() > 1) return false;
  }
  if (best < 0 || holders.size() != 1) return false;
  sp.mention_index = best;
  sp.name = result.mentions[static_cast<std::size_t>(best)].name;
  sp.via = Via::description;
  return true;
}

bool Extractor::definite_type(Quote& quote, const CorefSieve& sv) {
  Speaker& sp = *quote.speaker;
  if (sp.person || pack.organisation_types.empty()) return false;
  auto ws = split_words(sp.mention);
  if (ws.size() < 2 || ws.size() > 4 || lower(ws.front()) != "the") return false;
  std::string rest;
  for (std::size_t i = 1; i < ws.size(); ++i) rest += (i > 1 ? " " : "") + bare(ws[i]);
  while (!rest.empty() && !std::isalpha(static_cast<unsigned char>(rest.back()))) rest.pop_back();
  const RulePack::OrganisationType* type = nullptr;
  for (const auto& t : pack.organisation_types)
    for (const auto& n : t.nouns)
      if (rest == n || rest.ends_with(" " + n)) type = &t;
  if (!type) return false;
  if (paragraphs.empty()) return false;
  std::size_t floor = paragraphs_back(sp.start, sv.paragraphs_back);
  std::size_t p = paragraph_of(sp.start);
  const Sentence* cur = sentence_at(p, sp.start);
  if (!cur) return false;
  auto take = [&](const std::string& found) {
    sp.mention_index = -1;
    sp.name = found;
    sp.person = false;
    sp.via = Via::description;
    return true;
  };
  // The mention's own sentence, up to the mention; then the nearest earlier sentence that names
  // an organisation of the type (typed_sentences(): made once per type, so that each description
  // is a binary search, not a walk back over every sentence), within the sieve's paragraphs.
  if (std::size_t end = std::min(cur->end, sp.start); end > cur->start)
    if (std::string found = typed_name(std::string_view(masked).substr(cur->start, end - cur->start), *type); !found.empty())
      return take(found);
  const auto& typed = typed_sentences(*type);
  auto at = std::lower_bound(typed.begin(), typed.end(), cur->start, [](const TypedSentence& t, std::size_t x) { return t.start < x; });
  if (at != typed.begin() && paragraphs[std::prev(at)->paragraph].start >= floor) return take(std::prev(at)->name);
  return false;
}

// The organisation of `type` that `text` (a sentence, or its part before a description) names:
// a run of capitals, less a leading article, a sentence's opening word and a time word, that
// ends in a head of the type ("the Daily Caller") or stands before an appositive holding one of
// its nouns ("X, New Hampshire's largest newspaper,"); the last such run, or "".
std::string Extractor::typed_name(std::string_view text, const RulePack::OrganisationType& type_of) const {
  const RulePack::OrganisationType* type = &type_of;
  auto noun_of_type = [&](std::string w) {
    while (!w.empty() && !std::isalpha(static_cast<unsigned char>(w.back()))) w.pop_back();
    return std::find(type->nouns.begin(), type->nouns.end(), w) != type->nouns.end();
  };
  auto words = split_words(text);
  std::string found;
  for (std::size_t i = 0; i < words.size();) {
    if (!capitalised(words[i]) || words[i].front() == k_mask_other) {
      ++i;
      continue;
    }
    // A run of capitals, less a leading article; it ends at a comma or a possessive.
    std::size_t j = i;
    while (j < words.size() && capitalised(words[j]) && !words[j].ends_with(",") && possessive_base(bare(words[j])) == bare(words[j])) ++j;
    bool comma_after = j < words.size() && capitalised(words[j]) && words[j].ends_with(",");
    if (comma_after) ++j;
    // Less a leading article, a word capitalised only for opening the sentence, alone or
    // before an article ("Enter The Washington Post"), and a time word ("Wednesday, the
    // company said").
    std::size_t a = i;
    auto time_word = [&](std::string_view w) {
      std::string nw = bare(w);
      while (!nw.empty() && !std::isalnum(static_cast<unsigned char>(nw.back()))) nw.pop_back();
      return std::find(pack.time_words.begin(), pack.time_words.end(), nw) != pack.time_words.end();
    };
    while (a < j && (lex.determiners.count(bare(words[a])) || (a == 0 && !inner_capitals.count(bare(words[a])) && (j == 1 || lex.determiners.count(bare(words[1])))) || time_word(words[a]))) ++a;
    if (a < j && !pack.given_names.count(bare(words[a]))) {
      std::string last = bare(words[j - 1]);
      while (!last.empty() && !std::isalnum(static_cast<unsigned char>(last.back()))) last.pop_back();
      bool typed = type->heads.count(last) > 0;
      // "X, New Hampshire's largest newspaper,": an appositive that holds a noun of the type.
      for (std::size_t k = j; comma_after && !typed && k < words.size() && k < j + 8; ++k) {
        if (noun_of_type(bare(words[k]))) typed = true;
        if (words[k].ends_with(",")) break;
      }
      if (typed) {
        std::string name;
        for (std::size_t k = a; k < j; ++k) name += (k > a ? " " : "") + std::string(words[k]);
        while (!name.empty() && (name.back() == ',' || name.back() == '.')) name.pop_back();
        found = name;
      }
    }
    i = std::max(j, i + 1);
  }
  return found;
}

// The sentences of the document that name an organisation of `type` (typed_name() of the whole
// sentence), in document order, made once per type.
const std::vector<Extractor::TypedSentence>& Extractor::typed_sentences(const RulePack::OrganisationType& type) {
  auto [it, fresh] = typed_index.try_emplace(&type);
  if (!fresh) return it->second;
  for (std::size_t pa = 0; pa < para_sentences.size(); ++pa)
    for (const Sentence& sen : para_sentences[pa])
      if (sen.end > sen.start)
        if (std::string found = typed_name(std::string_view(masked).substr(sen.start, sen.end - sen.start), type); !found.empty())
          it->second.push_back({sen.start, pa, std::move(found)});
  return it->second;
}

bool Extractor::definite_nearest(Quote& quote, const Quote* previous, const CorefSieve& sv) {
  Speaker& sp = *quote.speaker;
  if (!sp.person || !sp.name.empty()) return false;
  auto ws = description_words(sp.mention);
  if (ws.size() < 2 || ws.size() > 5 || lower(ws.front()) != "the") return false;
  std::string head = bare(ws.back());
  while (!head.empty() && !std::isalpha(static_cast<unsigned char>(head.back()))) head.pop_back();
  if (!is_role_word(head)) return false;
  if (std::find(pack.representative_heads.begin(), pack.representative_heads.end(), head) != pack.representative_heads.end())
    return false;
  std::size_t window_start = paragraphs_back(sp.start, sv.paragraphs_back);
  int best = -1;
  std::size_t best_pos = 0;
  // The mentions in the sieve's paragraphs before the description, by the start index (not a
  // pass over every mention of the document per quote): in start order, of equal starts in
  // mention order, so the last one taken is the latest, of equal starts the last mention.
  sync_starts();
  auto in_window = [&](std::size_t from, std::size_t to, auto&& f) {
    for (auto it = mention_starts.lower_bound(from); it != mention_starts.end() && it->first < to; ++it)
      if (!f(it->second)) return;
  };
  in_window(window_start, sp.start, [&](std::size_t i) {
    const auto& m = result.mentions[i];
    if (!m.person || m.name.empty() || !m.subject || static_cast<int>(i) == sp.mention_index) return true;
    best = static_cast<int>(i);
    best_pos = m.start;
    return true;
  });
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
    in_window(window_start, sp.start, [&](std::size_t i) {
      const auto& m = result.mentions[i];
      if (!m.person || m.name.empty() || static_cast<int>(i) == sp.mention_index || object_like(m) || other_role(m)) return true;
      best = static_cast<int>(i);
      best_pos = m.start;
      return true;
    });
    // Of that sentence's people, the one it is about: the first named, not a possessor or a
    // name before a role noun ("Jo Roe showed a clip of Gov. Al Poe defending Ann Lee's
    // record. "...," the nominee said": Roe).
    if (best >= 0) {
      std::size_t bp = paragraph_of(best_pos);
      const Sentence* sen = sentence_at(bp, best_pos);
      // The first in start order (of equal starts the first mention) that is no possessor.
      if (sen)
        in_window(std::max(sen->start, window_start), best_pos, [&](std::size_t i) {
          const auto& m = result.mentions[i];
          if (!m.person || m.name.empty()) return true;
          if (static_cast<int>(i) == sp.mention_index || object_like(m) || other_role(m) || modifies_role(m.end)) return true;
          std::string_view after = std::string_view(masked).substr(m.end);
          if (after.starts_with("'s") || after.starts_with("\xE2\x80\x99s")) return true;
          best = static_cast<int>(i);
          best_pos = m.start;
          return false;
        });
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
