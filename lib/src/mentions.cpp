// quotecheck - speaker mentions and names: the mention a rule's speaker span makes (make_speaker(),
// make_mention(): the name, its titles, gender and kind, person or organisation), whether a span
// reads as a name, and the scanners that find the people a document names outside attributions
// (runs of capitals with a given name, titled and dotted names, names after a lead word or a kin
// noun, surnames that speak alone). Part of extract(); the state is Extractor (extractor.hpp).
#include "extractor.hpp"

#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>
#include <vector>

namespace quotecheck::detail {

void Extractor::collect_inner_capitals() {
  const std::string& t = masked;
  std::size_t i = doc.body_start;
  char prev = '.';
  std::string nw;  // a word normalised, its buffer reused
  while (i < t.size()) {
    while (i < t.size() && ascii_space(t[i])) {
      if (t[i] == '\n') prev = '.';
      ++i;
    }
    std::size_t j = i;
    while (j < t.size() && !ascii_space(t[j])) ++j;
    if (j > i) {
      std::string_view w(t.data() + i, j - i);
      bool opens = prev == '.' || prev == '?' || prev == '!' || prev == '"' || prev == ':' || prev == k_mask_other;
      if (!opens && w.front() != '"' && capitalised(w)) {
        normalize_into(w, nw);
        while (!nw.empty() && !std::isalnum(static_cast<unsigned char>(nw.back()))) nw.pop_back();
        if (nw.ends_with("'s")) nw.resize(nw.size() - 2);
        if (!nw.empty()) inner_capitals.insert(nw);
      }
      prev = w.back();
    }
    i = j;
  }
}

Speaker Extractor::make_speaker(std::size_t a, std::size_t b, const std::string& rule) {
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
  if (!m.person || m.name.empty()) {
    // A mention that runs on past its name ("Crocker at the time", "the convention, Chief Jo
    // Roe lobbied ..."): the name that opens it or one of its comma-separated parts.
    if (auto named = name_opening(a, b)) m = std::move(*named);
  }
  m.subject = true;
  sp.person = m.person;
  sp.gender = m.gender;
  sp.name = m.person ? m.name : m.name;
  result.mentions.push_back(std::move(m));
  sp.mention_index = static_cast<int>(result.mentions.size() - 1);
  return sp;
}

std::optional<Mention> Extractor::name_opening(std::size_t a, std::size_t b) {
  auto ws = split_words(std::string_view(doc.text).substr(a, b - a));
  for (std::size_t s = 0; s < ws.size(); ++s) {
    if (s > 0 && !ws[s - 1].ends_with(",")) continue;
    std::size_t e = s;
    bool known = false;
    while (e < ws.size() && (capitalised(ws[e]) || (e > s && lex.particles.count(bare(ws[e]))))) {
      std::string nw = bare(ws[e]);
      if (pack.given_names.count(nw) || is_honorific(nw)) known = true;
      ++e;
      if (ws[e - 1].ends_with(",") || ws[e - 1].ends_with(";")) break;
    }
    if (e == s || e == ws.size()) continue;  // none, or the name ends the mention already
    if (ws[e - 1].ends_with(",")) continue;  // "Roe, the chairman": an appositive follows
    std::string first = bare(ws[s]), last = bare(ws[e - 1]), next = bare(ws[e]);
    if (lex.determiners.count(first) || possessive_base(last) != last) continue;
    if (is_role_word(next) || lex.org_heads.count(next) || lex.group_nouns.count(next)) continue;
    if (!known)
      for (const auto& m : result.mentions) {
        if (!m.person || m.name.empty()) continue;
        auto mw = split_words(m.name);
        if (mw.size() >= 2 && bare(mw.back()) == last) {
          known = true;
          break;
        }
      }
    if (!known) continue;
    auto start = static_cast<std::size_t>(ws[s].data() - doc.text.data());
    auto end = static_cast<std::size_t>(ws[e - 1].data() - doc.text.data()) + ws[e - 1].size();
    Mention m = make_mention(start, end);
    if (m.person && !m.name.empty()) return m;
  }
  return std::nullopt;
}

std::string Extractor::bare(std::string_view w) {
  std::string nw;
  normalize_into(w, nw);
  while (!nw.empty() && (nw.back() == ',' || nw.back() == ';' || nw.back() == ':')) nw.pop_back();
  return nw;
}

bool Extractor::courtesy_title(const std::string& nw) const {
  auto it = lex.honorifics.find(nw);
  return it != lex.honorifics.end() && it->second->role.empty();
}

bool Extractor::is_role_word(const std::string& nw) const { return lex.role_form_set.count(nw) > 0; }

bool Extractor::is_honorific(const std::string& nw) const { return lex.honorifics.count(nw) || lex.honorifics.count(nw + "."); }

bool Extractor::is_place_word(const std::string& nw) const {
  std::string base = nw.ends_with("'s") ? nw.substr(0, nw.size() - 2) : nw;
  return lex.place_forms.count(base) > 0;
}

Mention Extractor::make_mention(std::size_t a, std::size_t b) {
  // Start after the last clause word: "in what Ambassador Crocker" -> "Ambassador Crocker".
  {
    auto ws0 = split_words(std::string_view(doc.text).substr(a, b - a));
    for (std::size_t i = ws0.size(); i-- > 1;) {
      std::string nw = bare(ws0[i - 1]);
      bool clause = std::find(pack.clause_words.begin(), pack.clause_words.end(), nw) != pack.clause_words.end();
      // A word ending a sentence ("Iran. Hoda Abdel-Hamid") also starts the mention anew.
      bool stop = ws0[i - 1].ends_with(".") && nw.size() > 3 && !lex.honorifics.count(nw) &&
                  nw.find('.') == nw.size() - 1 && !lex.abbreviations.count(nw.substr(0, nw.size() - 1));
      if (clause || stop || ws0[i - 1].ends_with(",")) {
        a = static_cast<std::size_t>(ws0[i].data() - doc.text.data());
        break;
      }
    }
  }
  Mention m;
  m.text = squeeze_space(std::string_view(doc.text).substr(a, b - a));
  m.segment = segment_of(a);
  auto ws = split_words(std::string_view(doc.text).substr(a, b - a));
  // A time phrase at the end ("Sen. Jo Roe on Wednesday") is no part of the name.
  {
    auto in = [](const std::vector<std::string>& list, const std::string& w) {
      return std::find(list.begin(), list.end(), w) != list.end();
    };
    std::size_t n = ws.size();
    while (n > 1 && in(pack.time_words, bare(ws[n - 1]))) {
      std::size_t lead = n - 1;
      while (lead > 1 && (in(pack.time_leads, bare(ws[lead - 1])) || in(pack.time_words, bare(ws[lead - 1])))) --lead;
      // With no leading word, a time word after a capitalised one may be a surname (Jo March).
      if (lead == n - 1 && capitalised(ws[lead - 1])) break;
      n = lead;
    }
    if (n < ws.size()) {
      b = static_cast<std::size_t>(ws[n - 1].data() - doc.text.data()) + ws[n - 1].size();
      ws.resize(n);
    }
  }
  // An affiliation after a person's name is no part of the name: "James Roe of the Cato
  // Institute" names James Roe, as "Dr. Jo Lee at Harvard" names Jo Lee. (An institution's
  // own name, "Bank of England", has no given name or title before its "of".)
  if (ws.size() >= 3) {
    for (std::size_t p = ws.size() - 1; p-- > 1;) {
      if (!lex.affiliation_leads.count(bare(ws[p]))) continue;
      std::size_t after = p + 1;
      if (after < ws.size() && lex.determiners.count(bare(ws[after]))) ++after;
      // What follows is a name of capitals (with short function words: "Center for Policy").
      bool capitals_after = after < ws.size() && capitalised(ws[after]);
      bool org_after = false;
      for (std::size_t i = after; i < ws.size(); ++i) {
        if (!capitalised(ws[i]) && bare(ws[i]).size() > 3) capitals_after = false;
        if (lex.org_heads.count(bare(ws[i]))) org_after = true;
      }
      if (!capitals_after) break;
      auto title = [&](const std::string& nw) { return is_honorific(nw) || is_role_word(nw); };
      std::size_t r = p;
      while (r > 0 && capitalised(ws[r - 1]) && !title(bare(ws[r - 1]))) --r;
      if (r == p) break;
      bool titled = r > 0 && title(bare(ws[r - 1]));
      if (titled || pack.given_names.count(bare(ws[r])) || (p - r >= 2 && org_after)) {
        b = static_cast<std::size_t>(ws[p - 1].data() - doc.text.data()) + ws[p - 1].size();
        ws.resize(p);
      }
      break;
    }
  }
  // The name: the longest run of capitalised words (with particles) at the end. A title,
  // role or place word ends the run, except as a surname right after a given name
  // (Jim Jordan, Steve King).
  std::size_t k = ws.size();
  while (k > 0) {
    std::string_view w = ws[k - 1];
    std::string nw = bare(w);
    bool cap = capitalised(w);
    bool particle = lex.particles.count(nw) || (nw.find('-') != std::string::npos && lex.particles.count(nw.substr(0, nw.find('-') + 1)));
    bool suffix = lex.suffixes.count(std::string(w)) > 0;
    bool title = lex.honorifics.count(nw) > 0;
    // A party before a person's name is a title ("Republican Ben Carson"), in an organisation's
    // its first word ("Democratic National Committee").
    bool party = lex.party_forms.count(possessive_base_raw(w)) &&
                 std::none_of(ws.begin() + static_cast<std::ptrdiff_t>(k), ws.end(), [&](auto v) { return lex.org_heads.count(bare(v)) > 0; });
    bool lexical = title || is_role_word(nw) || is_place_word(nw) || party;
    if (suffix && k == ws.size()) {
      --k;
      continue;
    }
    if (lexical && k == ws.size() && k >= 2 && !nw.ends_with(".") &&
        (pack.given_names.count(bare(ws[k - 2])) || courtesy_title(bare(ws[k - 2])))) {
      --k;  // a surname that is also a word (Jim Jordan, Mr. King)
      continue;
    }
    // A function word in capitals inside the run ("Bibi Netanyahu Used In Conservative") is a
    // title-case line's: the words name nobody.
    if (cap && !particle && k < ws.size() && k > 1 &&
        std::find(pack.name_breaks.begin(), pack.name_breaks.end(), nw) != pack.name_breaks.end()) {
      k = ws.size();
      break;
    }
    if ((cap || particle) && !lexical) {
      --k;
      continue;
    }
    break;
  }
  // A place speaking as its government ("the Kremlin said", "Tehran said", "Downing Street"):
  // the place is the name, of an organisation.
  bool place_name = false;
  if (k == ws.size() && !ws.empty() && capitalised(ws.back())) {
    std::size_t from = lex.determiners.count(bare(ws.front())) ? 1 : 0;  // nothing else before the place
    if (ws.size() == from + 2 && is_place_word(bare(ws[from]) + " " + bare(ws.back())))
      k = from, place_name = true;
    else if (ws.size() == from + 1 && is_place_word(bare(ws.back())))
      k = from, place_name = true;
  }
  // A country word closing a run of other capitals ("Priorities USA", "Greenpeace Australia")
  // ends an organisation's name, not a person's: no word before it a given name, a title, a
  // role, a place or party, or the surname of a person the document names.
  bool country_org = false;
  if (!place_name && k == ws.size() && ws.size() >= 2 && capitalised(ws.back()) && is_place_word(bare(ws.back()))) {
    std::size_t from = lex.determiners.count(bare(ws.front())) ? 1 : 0;
    bool ok = from + 1 < ws.size() && !pack.given_names.count(bare(ws[from]));
    for (std::size_t i = from; ok && i + 1 < ws.size(); ++i) {
      std::string nw = bare(ws[i]);
      if (!capitalised(ws[i]) || ws[i].ends_with(",") || possessive_base(nw) != nw || lex.honorifics.count(nw) ||
          is_role_word(nw) || is_place_word(nw) || lex.party_forms.count(possessive_base_raw(ws[i])))
        ok = false;
      for (const auto& o : result.mentions) {
        if (!ok) break;
        if (!o.person || o.name.empty()) continue;
        auto ow = split_words(o.name);
        if (!ow.empty() && bare(ow.back()) == nw) ok = false;
      }
    }
    if (ok) k = from, country_org = true;
  }
  while (k < ws.size() && lex.particles.count(bare(ws[k])) && ws[k].find('-') == std::string_view::npos) ++k;
  // A word capitalised only for opening a sentence ("Now Donald Trump") is no part of the
  // name that follows it: never capitalised inside a sentence, and no given name.
  while (k + 2 < ws.size() && !pack.given_names.count(bare(ws[k])) && pack.given_names.count(bare(ws[k + 1])) &&
         !lex.honorifics.count(bare(ws[k])) && !lex.particles.count(bare(ws[k])))
    ++k;
  // A possessive ends what comes before the name: "BlazeTV's Glenn Beck" -> "Glenn Beck".
  for (std::size_t i = ws.size(); i-- > k + 1;) {
    std::string nw = bare(ws[i - 1]);
    if (possessive_base(nw) != nw) {
      k = i;
      break;
    }
  }
  // A role that ends in a capitalised word ("Secretary of State John Kerry") is no part of the name.
  for (std::size_t n = 4; n >= 2 && k + 1 < ws.size(); --n) {
    if (k + 1 < n) continue;
    std::string phrase;
    for (std::size_t i = k + 1 - n; i <= k; ++i) phrase += (i > k + 1 - n ? " " : "") + bare(ws[i]);
    if (is_role_word(phrase)) {
      ++k;
      break;
    }
  }
  // One word capitalised only for opening its sentence that is a word for a group of people or
  // a quantifier ("Most days, he ...", "Friends offered ...", "Critics say"): no person's name,
  // a group (named by its words, as "officials").
  bool opening_group_word = k + 1 == ws.size() && ws.size() == 1 && lex.group_nouns.count(bare(ws[k])) &&
                            !inner_capitals.count(bare(ws[k])) &&
                            sentence_initial(static_cast<std::size_t>(ws[k].data() - doc.text.data()));
  if (opening_group_word) k = ws.size();
  std::string name;
  std::size_t name_start = b;
  if (k < ws.size()) {
    name_start = static_cast<std::size_t>(ws[k].data() - doc.text.data());
    auto last = ws.back();
    std::size_t name_end = static_cast<std::size_t>(last.data() - doc.text.data()) + last.size();
    name = squeeze_space(std::string_view(doc.text).substr(name_start, name_end - name_start));
    while (!name.empty() && (name.back() == ',' || name.back() == ';' || name.back() == ':')) name.pop_back();
    if (name.ends_with(".") && !lex.suffixes.count(std::string(ws.back())) &&
        !(name.size() >= 2 && std::isupper(static_cast<unsigned char>(name[name.size() - 2])) &&
          (name.size() == 2 || name[name.size() - 3] == ' ' || name[name.size() - 3] == '.')))
      name.pop_back();
    m.start = name_start;
    m.end = name_start + name.size();
  } else {
    m.start = a;
    m.end = b;
  }
  m.pos = doc.position(m.start);
  std::string head = ws.empty() ? "" : bare(ws.back());
  auto is_org_word = [&](const std::string& nw) { return lex.org_heads.count(nw) > 0; };
  if (!name.empty()) {
    // A name that holds an organisation word or is a known institution names an organisation.
    bool org = place_name || country_org;
    for (std::size_t i = k; i < ws.size(); ++i)
      if (is_org_word(bare(ws[i]))) org = true;
    if (std::string nn = normalize(name); lex.institutions.count(nn) || (nn.starts_with("the ") && lex.institutions.count(nn.substr(4))))
      org = true;
    m.name = name;
    m.person = !org;
    if (org) m.gender = Gender::neuter;
  } else {
    // A noun phrase: "a White House spokesman", "officials", "the campaign".
    std::string np = m.text;
    auto first = ws.empty() ? std::string() : bare(ws.front());
    if (lex.determiners.count(first)) np = squeeze_space(std::string_view(m.text).substr(ws.front().size()));
    m.name = np;
    bool group = lex.group_nouns.count(head) > 0;
    bool org = false;
    for (auto& w : ws)
      if (is_org_word(bare(w))) org = true;
    bool representative = std::find(pack.representative_heads.begin(), pack.representative_heads.end(), head) != pack.representative_heads.end();
    m.person = !group && (!org || representative || is_role_word(head));
    m.gender = group ? Gender::plural : m.person ? Gender::unknown : Gender::neuter;
    // An unnamed person ("a spokesman") cannot be resolved to a name.
    if (m.person) m.name.clear();
    // An organisation named in capitals inside the phrase is its name, and the words after
    // it are none of it: "the Security Council issued a statement" names the Security Council.
    if (!m.person && !group) {
      for (std::size_t i = 0; i < ws.size(); ++i) {
        if (!capitalised(ws[i]) || lex.determiners.count(lower(bare(ws[i])))) continue;
        std::size_t j = i + 1;
        bool has_org = is_org_word(bare(ws[i]));
        // Capitals, with "of", "for" or "and" between them ("Bank of England").
        while (j < ws.size()) {
          if (capitalised(ws[j]) && !ws[j - 1].ends_with(",")) {
            has_org = has_org || is_org_word(bare(ws[j]));
            ++j;
          } else if (j + 1 < ws.size() && (ws[j] == "of" || ws[j] == "for" || ws[j] == "and") && capitalised(ws[j + 1])) {
            j += 2;
          } else {
            break;
          }
        }
        if (has_org && (i > 1 || (i == 1 && !lex.determiners.count(lower(bare(ws[0])))) || j < ws.size())) {
          std::size_t ra = static_cast<std::size_t>(ws[i].data() - doc.text.data());
          std::size_t rb = static_cast<std::size_t>(ws[j - 1].data() - doc.text.data()) + ws[j - 1].size();
          std::string run = squeeze_space(std::string_view(doc.text).substr(ra, rb - ra));
          while (!run.empty() && (run.back() == ',' || run.back() == ';' || run.back() == ':' || run.back() == '.')) run.pop_back();
          if (possessive_base(run) == run) {
            m.name = run;
            m.start = ra;
            m.end = ra + run.size();
            m.pos = doc.position(ra);
          }
          break;
        }
        i = j - 1;
      }
    }
    add_title_descriptor(m, a, b);
    return m;
  }
  // Gender from an honorific, a known given name, or a full name of the document that
  // ends in this one (Kazemi-Qomi after Hassan Kazemi-Qomi).
  for (std::size_t i = 0; i < ws.size(); ++i) {
    if (auto it = lex.honorifics.find(bare(ws[i])); it != lex.honorifics.end() && it->second->gender != Gender::unknown)
      m.gender = it->second->gender;
  }
  // A one-word name is a surname first: "Hassan" after "Gov. Maggie Hassan" is she, though
  // Hassan is also a man's given name; the given name's gender only when no full name of the
  // document ends in it.
  bool one_word = k + 1 == ws.size();
  if (m.gender == Gender::unknown && k < ws.size() && !one_word) {
    if (auto it = pack.given_names.find(bare(ws[k])); it != pack.given_names.end()) m.gender = it->second;
  }
  if (m.gender == Gender::unknown && one_word) {
    // The first person named in full with this surname (see document_people()).
    std::string surname = normalize(name);
    // The first person named in full with this surname ("Murphy" after "Sen. Chris Murphy"
    // and "his mother, Anne Marie Murphy" is the senator).
    auto fits = [&](const Mention& other) {
      return other.person && other.gender != Gender::unknown && other.name.size() > name.size();
    };
    std::size_t first = std::string::npos;
    auto take = [&](const Mention& other) {
      if (fits(other) && other.start < first) {
        m.gender = other.gender;
        first = other.start;
      }
    };
    if (surname.find(' ') == std::string::npos) {
      // Through the index of the names' last words, not a pass over every mention.
      for (; names_indexed < result.mentions.size(); ++names_indexed) {
        std::string other = normalize(result.mentions[names_indexed].name);
        if (auto sp = other.rfind(' '); sp != std::string::npos) by_last_word[other.substr(sp + 1)].push_back(names_indexed);
      }
      if (auto it = by_last_word.find(surname); it != by_last_word.end())
        for (std::size_t i : it->second) take(result.mentions[i]);
    } else {
      for (auto& other : result.mentions)
        if (normalize(other.name).ends_with(" " + surname)) take(other);
    }
    if (first == std::string::npos)
      if (auto it = pack.given_names.find(bare(ws[k])); it != pack.given_names.end()) m.gender = it->second;
  }
  add_title_descriptor(m, a, name_start);
  return m;
}

bool Extractor::plausible_name(std::string_view text) const {
  if (is_pronoun(pack, squeeze_space(text))) return true;
  auto ws = split_words(text);
  std::size_t k = 0;
  while (k < ws.size()) {
    std::string nw = bare(ws[k]);
    if (is_honorific(nw) || is_role_word(nw) || is_place_word(nw)) ++k;
    else break;
  }
  if (k >= ws.size() || k > 0) return true;  // a title: "the senator", "Sen. Jo Roe"
  // An office with its article, in capitals: "The Taoiseach", "The Prime Minister".
  if (ws.size() >= 2 && lex.determiners.count(bare(ws[0]))) {
    std::string phrase;
    for (std::size_t i = 1; i < ws.size(); ++i) phrase += (i > 1 ? " " : "") + bare(ws[i]);
    if (is_role_word(phrase) || lex.honorifics.count(phrase)) return true;
  }
  for (std::size_t i = k; i < ws.size(); ++i)
    if (!capitalised(ws[i]) && !lex.particles.count(bare(ws[i]))) return true;
  if (pack.given_names.count(bare(ws[k]))) return true;
  // A group of people opening the sentence: "Demonstrators", "Critics".
  if (ws.size() == 1 && (lex.group_nouns.count(normalize(bare(ws[0]))) || lex.org_heads.count(normalize(bare(ws[0])))))
    return true;
  // A known institution, with its article or without ("The Kremlin", "Downing Street").
  {
    std::size_t from = lex.determiners.count(bare(ws[k])) ? k + 1 : k;
    std::string name;
    for (std::size_t i = from; i < ws.size(); ++i) name += (i > from ? " " : "") + bare(ws[i]);
    if (!name.empty() && lex.institutions.count(name)) return true;
  }
  // An organisation named with its article: "The Heritage Foundation", "The Ohio Democratic Party".
  if (ws.size() > k + 1 && lex.org_heads.count(normalize(bare(ws.back())))) return true;
  if (lex.determiners.count(bare(ws[k]))) return false;  // "The Florida", "Another"
  std::string last = bare(ws.back());
  if (last.ends_with("'s")) last.resize(last.size() - 2);
  if (inner_capitals.count(last)) return true;
  for (const auto& m : result.mentions) {
    if (!m.person || m.name.empty()) continue;
    auto mw = split_words(m.name);
    if (!mw.empty() && bare(mw.back()) == last) return true;
  }
  return false;
}

std::optional<std::pair<std::size_t, std::size_t>> Extractor::relative_antecedent(std::size_t a, std::size_t b) const {
  if (b - a != 3 || lower(std::string_view(doc.text).substr(a, 3)) != "who") return std::nullopt;
  std::size_t i = a;
  while (i > doc.body_start && ascii_space(masked[i - 1])) --i;
  if (i > doc.body_start && masked[i - 1] == ',') --i;
  while (i > doc.body_start && ascii_space(masked[i - 1])) --i;
  std::size_t end = i, start = i;
  int words = 0;
  while (i > doc.body_start && words < 6) {
    std::size_t j = i;
    while (j > doc.body_start && !ascii_space(masked[j - 1]) && masked[j - 1] != ',' && masked[j - 1] != '"' &&
           masked[j - 1] != k_mask_other)
      --j;
    if (j == i) break;
    std::string_view w(masked.data() + j, i - j);
    std::string nw = bare(w);
    bool ok = capitalised(w) || lex.particles.count(nw) || lex.honorifics.count(nw);
    if (!ok || w.find('(') != std::string_view::npos || w.find(')') != std::string_view::npos) break;
    start = j;
    ++words;
    i = j;
    while (i > doc.body_start && (masked[i - 1] == ' ' || masked[i - 1] == '\t')) --i;
    if (i > doc.body_start && (masked[i - 1] == '.' || masked[i - 1] == '\n')) break;
  }
  if (words == 0) {
    // A common noun for people or a body: "critics who", "the senator, who".
    std::size_t j = end;
    while (j > doc.body_start && !ascii_space(masked[j - 1]) && masked[j - 1] != ',' && masked[j - 1] != '"') --j;
    std::string nw = bare(std::string_view(masked).substr(j, end - j));
    if (j == end || !(lex.group_nouns.count(nw) || lex.org_heads.count(nw) || is_role_word(nw))) return std::nullopt;
    start = j;
    std::size_t k = j;
    while (k > doc.body_start && ascii_space(masked[k - 1])) --k;
    std::size_t h = k;
    while (h > doc.body_start && !ascii_space(masked[h - 1])) --h;
    if (h < k && lex.determiners.count(lower(std::string_view(masked).substr(h, k - h)))) start = h;
    return std::make_pair(start, end);
  }
  if (!capitalised(std::string_view(masked).substr(start, end - start))) return std::nullopt;
  return std::make_pair(start, end);
}

bool Extractor::particle_name(std::string_view w) const {
  for (std::size_t i = 1; i + 1 < w.size(); ++i) {
    if (w[i] != '-' && w[i] != '\'') continue;
    return lex.particles.count(normalize(w.substr(0, i + 1))) && capitalised(w.substr(i + 1));
  }
  return false;
}

void Extractor::name_from_appositive(Speaker& sp, std::size_t b) {
  if (sp.end <= b) return;
  if ((!sp.name.empty() || !sp.person) && !role_of_body(sp.start, b)) return;
  std::size_t na = b, nb = sp.end;
  while (na < nb && (doc.text[na] == ',' || ascii_space(doc.text[na]))) ++na;
  while (nb > na && (doc.text[nb - 1] == ',' || ascii_space(doc.text[nb - 1]))) --nb;
  auto ws = split_words(std::string_view(doc.text).substr(na, nb - na));
  if (ws.empty() || ws.size() > 5) return;
  for (auto w : ws)
    if (!capitalised(w) && !lex.particles.count(bare(w))) return;
  Mention m = make_mention(na, nb);
  if (!m.person || m.name.empty()) return;
  m.subject = true;
  sp.name = m.name;
  sp.gender = m.gender;
  sp.person = true;
  result.mentions.push_back(std::move(m));
  sp.mention_index = static_cast<int>(result.mentions.size() - 1);
}

bool Extractor::role_of_body(std::size_t a, std::size_t b) const {
  auto ws = split_words(std::string_view(doc.text).substr(a, b - a));
  if (ws.size() < 3 || !lex.determiners.count(bare(ws[0]))) return false;
  bool role = false;
  for (std::size_t i = 1; i + 1 < ws.size(); ++i) {
    std::string nw = bare(ws[i]);
    if (lex.affiliation_leads.count(nw)) return role;
    if (is_role_word(nw) || (i + 1 < ws.size() && is_role_word(nw + " " + bare(ws[i + 1])))) role = true;
  }
  return false;
}

std::string Extractor::possessive_base_raw(std::string_view w) {
  while (!w.empty() && (w.back() == ',' || w.back() == ';' || w.back() == ':')) w.remove_suffix(1);
  if (w.ends_with("'s")) w.remove_suffix(2);
  else if (w.ends_with("\xE2\x80\x99s")) w.remove_suffix(4);
  return std::string(w);
}

std::string Extractor::possessive_base(const std::string& nw) {
  if (nw.ends_with("'s")) return nw.substr(0, nw.size() - 2);
  if (nw.ends_with("\xE2\x80\x99s")) return nw.substr(0, nw.size() - 4);
  return nw;
}

bool Extractor::not_in_name(const std::string& nw) const { return lex.name_stops.count(nw) > 0 || pack.verbs.count(nw) > 0; }

std::unordered_set<std::string> Extractor::speaking_words() const {
  std::unordered_set<std::string> out;
  const std::string& t = masked;
  std::string_view prev, prev2;
  std::size_t i = doc.body_start;
  auto speaks = [&](std::string_view w) {
    std::string nw = bare(w);
    return !nw.empty() && pack.verbs.count(nw) > 0;
  };
  auto keep = [&](std::string_view w) {
    if (!capitalised(w) || w.ends_with(".") || w.ends_with(",")) return;
    std::string nw = bare(w);
    if (is_pronoun(pack, nw) || lex.determiners.count(nw) || lex.org_heads.count(nw) || is_place_word(nw) ||
        is_role_word(nw) || lex.honorifics.count(nw) || not_in_name(nw) ||
        std::find(pack.time_words.begin(), pack.time_words.end(), nw) != pack.time_words.end())
      return;
    out.insert(possessive_base(nw));
  };
  while (i < t.size()) {
    while (i < t.size() && ascii_space(t[i])) ++i;
    std::size_t j = i;
    while (j < t.size() && !ascii_space(t[j])) ++j;
    if (j == i) break;
    std::string_view w(t.data() + i, j - i);
    // Speech verbs are lower case: only a word next to a capitalised one is looked up.
    bool lower = w.front() >= 'a' && w.front() <= 'z';
    if (!prev.empty() && lower != (prev.front() >= 'a' && prev.front() <= 'z')) {
      if (lower && capitalised(prev) && !prev.ends_with(",") && !prev.ends_with(".") &&
          !(capitalised(prev2) && !prev2.ends_with(".") && !prev2.ends_with(",")) && speaks(w))
        keep(prev);
      if (!lower && capitalised(w) && !prev.ends_with(",") && !prev.ends_with(".") &&
          (w.ends_with(".") || w.ends_with(",")) && speaks(prev)) {
        std::string_view name = w;
        while (!name.empty() && (name.back() == '.' || name.back() == ',')) name.remove_suffix(1);
        keep(name);
      }
    }
    prev2 = prev;
    prev = w;
    i = j;
  }
  return out;
}

void Extractor::scan_names() {
  if (lex.name_scan < 0) return;
  const auto speaking = speaking_words();
  // Whether a word is written in lower case outside quotes ("but", "despite"): a capitalised
  // one of them opens a sentence, no name. Looked up only for the few candidates, once each.
  std::unordered_map<std::string, bool> written_lower;
  auto lower_in_text = [&](const std::string& w) {
    auto [it, fresh] = written_lower.try_emplace(w, false);
    if (!fresh || w.empty()) return it->second;
    for (std::size_t p = masked.find(w, doc.body_start); p != std::string::npos; p = masked.find(w, p + 1)) {
      bool left = p == 0 || !std::isalnum(static_cast<unsigned char>(masked[p - 1]));
      bool right = p + w.size() >= masked.size() || !std::isalnum(static_cast<unsigned char>(masked[p + w.size()]));
      if (left && right) return it->second = true;
    }
    return false;
  };
  // The runs of capitals: the name_scan token macro (grammar.yaml) over the document's tokens.
  tag_document();
  tokens::PatternSet::Prepared text(doc_symbols);
  tokens::TokenMatch run;
  std::size_t from = token_from(doc_tokens, doc.body_start);
  std::vector<std::string> nws, bws;  // per run: its words normalised and bare, buffers reused
  while (from < doc_tokens.size() && compiled.token_patterns->find(lex.name_scan, text, from, run)) {
    from = std::max(run.whole.last, run.whole.first + 1);
    auto words = detail::token_check_span(run, nullptr);
    if (words.last <= words.first) continue;
    auto a = doc_tokens[words.first].start;
    auto b = doc_tokens[words.last - 1].end;
    if (doc.headline_end > doc.headline_start && a >= doc.headline_start && a < doc.headline_end) {
      // The headline's quotes and names are no mentions, but a full name there ("... for Kelly
      // Ayotte") makes its surname a person's wherever the body writes it alone.
      auto hw = split_words(std::string_view(doc.text).substr(a, b - a));
      for (std::size_t j = 0; j + 1 < hw.size(); ++j) {
        auto g = pack.given_names.find(normalize(hw[j]));
        if (g == pack.given_names.end()) continue;
        std::string surname = normalize(possessive_base(bare(hw[j + 1])));
        if (inner_capitals.count(surname) && !is_place_word(surname) && !lex.org_heads.count(surname))
          headline_surnames.try_emplace(surname, Gender::unknown);
        break;
      }
      continue;
    }
    auto ws = split_words(std::string_view(doc.text).substr(a, b - a));
    // Each word normalised and bare (bare()), once for all the tests below.
    nws.resize(ws.size());
    bws.resize(ws.size());
    for (std::size_t i = 0; i < ws.size(); ++i) {
      normalize_into(ws[i], nws[i]);
      bws[i].assign(nws[i]);
      while (!bws[i].empty() && (bws[i].back() == ',' || bws[i].back() == ';' || bws[i].back() == ':')) bws[i].pop_back();
    }
    // Drop leading honorifics and titles, keep their gender.
    Gender g = Gender::unknown;
    std::size_t k = 0;
    while (k < ws.size()) {
      const std::string& nw = nws[k];
      auto it = lex.honorifics.find(nw);
      if (it == lex.honorifics.end()) it = lex.honorifics.find(nw + ".");
      if (it == lex.honorifics.end()) break;
      if (it->second->gender != Gender::unknown) g = it->second->gender;
      ++k;
    }
    // A capitalised role before the name ("Prime Minister Jo Roe") is a title too.
    for (std::size_t n = std::min<std::size_t>(3, ws.size() > k + 1 ? ws.size() - k - 1 : 0); n >= 1; --n) {
      std::string phrase;
      for (std::size_t i = k; i < k + n; ++i) {
        if (i > k) phrase += ' ';
        phrase += bws[i];
      }
      if (is_role_word(phrase) && pack.given_names.count(nws[k + n])) {
        k += n;
        break;
      }
    }
    if (k >= ws.size()) continue;
    auto given = pack.given_names.find(nws[k]);
    // A role or person noun in lower case right before the run ("student Deja Stewart",
    // "consultant Cornell Belcher") titles it too.
    // (Not when a given name further in starts the name: "candidate Texas Senator Ted Cruz".)
    bool titled = k > 0 || (noun_before(a) && std::none_of(nws.begin() + static_cast<std::ptrdiff_t>(k) + 1, nws.end(), [&](const std::string& w) {
                              return pack.given_names.count(w) > 0;
                            }));
    // Two or three capitalised words whose last one speaks in the text ("Jasvir Dhillon" and
    // "Dhillon said") name a person whose given name is not known.
    bool speaking_name = given == pack.given_names.end() && !titled && ws.size() >= 2 && ws.size() <= 3 &&
                         speaking.count(possessive_base(bws.back()));
    if (speaking_name) {
      const std::string& lead = bws.front();
      // A lead never capitalised inside a sentence may still be a given name, when the run
      // opens a sentence and its last word speaks ("Florent Groberg is ..." and "Groberg says").
      bool adverb = lead.ends_with("ly") || (lead.size() > 5 && lead.ends_with("ing")) || std::find(pack.lead_adverbs.begin(), pack.lead_adverbs.end(), lead) != pack.lead_adverbs.end() ||
                    (lead.ends_with("s") && is_role_word(lead.substr(0, lead.size() - 1))) ||
                    std::find(pack.number_words.begin(), pack.number_words.end(), lead) != pack.number_words.end() ||
                    modifies_noun(b);  // "Top Sanders aides"
      bool word = adverb ||
                  (!inner_capitals.count(lead) && (lex.sentence_openers.count(std::string(ws.front())) || !sentence_initial(a) ||
                                                   ws.size() != 2)) ||
                  lower_in_text(lead) || lex.determiners.count(lead) ||
                  not_in_name(lead) || lex.group_nouns.count(lead) || lex.group_nouns.count(lead + "s") ||
                  lex.org_heads.count(lead) || is_place_word(lead) || is_role_word(lead) ||
                  std::find(pack.clause_words.begin(), pack.clause_words.end(), lead) != pack.clause_words.end() ||
                  std::find(pack.time_words.begin(), pack.time_words.end(), lead) != pack.time_words.end();
      for (std::size_t j = 1; j < ws.size() && !word; ++j) word = pack.given_names.count(nws[j]) > 0;
      std::string tail = possessive_base(bws.back());
      if (lex.group_nouns.count(tail) || lex.group_nouns.count(tail + "s")) word = true;
      if (word) speaking_name = false;  // a sentence's first word, a party, or a known given name further in
    }
    if (given == pack.given_names.end() && !titled && !speaking_name) {
      // A given name further in the run starts a name there ("Budget Committee Republican
      // Mike Roe"): the scan goes on from it, so that the words after it are read too.
      for (std::size_t j = k + 1; j < ws.size(); ++j)
        if (pack.given_names.count(nws[j])) {
          auto at = static_cast<std::size_t>(ws[j].data() - doc.text.data());
          from = token_from(doc_tokens, at);
          break;
        }
      continue;
    }
    // "the Ted Cruz South Carolina victory party": a name after an article modifies a noun.
    if (!titled) {
      std::size_t p = a;
      while (p > doc.body_start && (masked[p - 1] == ' ' || masked[p - 1] == '\t')) --p;
      std::size_t q = p;
      while (q > doc.body_start && std::isalpha(static_cast<unsigned char>(masked[q - 1]))) --q;
      std::string prev = lower(std::string_view(masked).substr(q, p - q));
      if (prev == "the" || prev == "a" || prev == "an") continue;
    }
    // A run of capitals that goes on past the name is a title-case line ("Rand Paul Scores
    // Direct Hit On ..."), not a name.
    {
      std::size_t e = b;
      while (e < masked.size() && (masked[e] == ' ' || masked[e] == '\t')) ++e;
      if (e > b && e < masked.size() && ws.size() >= 3 && capitalised(std::string_view(masked).substr(e, 4))) continue;
    }
    // Place or organisation words, function words and speech verbs are not part of a
    // person's name: the name ends before them ("Donald J. Trump Foundation's" -> "Donald J.
    // Trump", "Ted Cruz South Carolina" -> "Ted Cruz", "George W. Bush On" -> "George W. Bush").
    std::size_t cut = ws.size();
    for (std::size_t i = k; i < ws.size() && cut == ws.size(); ++i) {
      const std::string& nw = bws[i];
      std::string base = possessive_base(nw);
      if (lex.place_forms.count(base) || lex.org_heads.count(base) || (i > k && not_in_name(nw))) cut = i;
      for (std::size_t n = 2; n <= 3 && i + n <= ws.size() && cut == ws.size(); ++n) {
        std::string phrase;
        for (std::size_t j = i; j < i + n; ++j) {
          if (j > i) phrase += ' ';
          phrase += bws[j];
        }
        if (lex.place_forms.count(possessive_base(phrase))) cut = i;
      }
      if (cut == ws.size() && i + 1 < ws.size() && base != nw) cut = i + 1;  // "Clinton's aide Jo" ends at Clinton's
    }
    if (cut <= k || cut - k < (titled ? 1u : 2u)) continue;
    if (cut < ws.size()) b = static_cast<std::size_t>(ws[cut - 1].data() - doc.text.data()) + ws[cut - 1].size();
    if (std::string_view(doc.text).substr(a, b - a).ends_with("'s")) b -= 2;
    else if (std::string_view(doc.text).substr(a, b - a).ends_with("\xE2\x80\x99s")) b -= 4;
    // A suffix's full stop, the token's own ("Jr."), stays out of the name, as the character scan
    // left it: with it, the dev set's "Donald Trump Jr., who" was resolved to Donald J. Trump.
    else if (auto tail = split_words(std::string_view(doc.text).substr(a, b - a)); !tail.empty() && tail.back().ends_with(".") &&
             lex.suffixes.count(normalize(tail.back())))
      b -= 1;
    if (g == Gender::unknown && given != pack.given_names.end()) g = given->second;
    Mention m;
    m.start = static_cast<std::size_t>(ws[k].data() - doc.text.data());
    m.end = b;
    m.name = squeeze_space(std::string_view(doc.text).substr(m.start, b - m.start));
    m.text = squeeze_space(std::string_view(doc.text).substr(a, b - a));
    m.gender = g;
    m.pos = doc.position(m.start);
    m.subject = sentence_initial(a) && !modifies_noun(b);
    m.segment = segment_of(a);
    add_title_descriptor(m, a, m.start);  // the titles, or a party right before the name
    result.mentions.push_back(std::move(m));
  }
}

void Extractor::scan_titled_names() {
  std::unordered_set<std::size_t> starts;
  for (auto& m : result.mentions) starts.insert(m.start);
  // The mentions that start at each place, in order (a titled name found already is looked up,
  // not searched for among all the mentions).
  std::unordered_map<std::size_t, std::vector<std::size_t>> at_start;
  for (std::size_t i = 0; i < result.mentions.size(); ++i) at_start[result.mentions[i].start].push_back(i);
  const std::string& t = masked;
  auto word_end = [&](std::size_t p) {
    while (p < t.size() && !ascii_space(t[p])) ++p;
    return p;
  };
  // Every title here ends in a full stop: only the words that end in one are read.
  for (std::size_t dot = t.find('.', doc.body_start); dot != std::string::npos; dot = t.find('.', dot + 1)) {
    std::size_t j = dot + 1;
    if (j < t.size() && !ascii_space(t[j])) continue;
    std::size_t a = dot;
    while (a > doc.body_start && !ascii_space(t[a - 1])) --a;
    std::string_view w(t.data() + a, j - a);
    if (w.size() < 3 || !capitalised(w)) continue;
    if (doc.headline_end > doc.headline_start && a >= doc.headline_start && a < doc.headline_end) continue;
    auto it = lex.honorifics.find(normalize(w));
    if (it == lex.honorifics.end()) continue;
    Gender g = it->second->gender;
    std::size_t name_start = 0, name_end = 0, words = 0, k = j;
    while (words < 4) {
      std::size_t p = k;
      while (p < t.size() && (t[p] == ' ' || t[p] == '\t')) ++p;
      std::size_t q = word_end(p);
      if (q == p) break;
      std::string_view v(t.data() + p, q - p);
      bool initial = v.size() == 2 && v[1] == '.' && capitalised(v);
      bool stop = false;
      if (!initial) {
        while (!v.empty() && (v.back() == ',' || v.back() == ';' || v.back() == ':' || v.back() == '.' ||
                              v.back() == '?' || v.back() == '!' || v.back() == ')')) {
          v.remove_suffix(1);
          stop = true;
        }
        for (std::string_view pos : {std::string_view("'s"), std::string_view("\xE2\x80\x99s")})
          if (v.size() > pos.size() && v.ends_with(pos)) {
            v.remove_suffix(pos.size());
            stop = true;
          }
      }
      if (v.empty() || !capitalised(v)) break;
      std::string nw = bare(v);
      if (words == 0) {
        // A second title ("Lt. Gov.", "Sen. Majority Leader") goes on with the title.
        auto more = lex.honorifics.find(nw);
        if (more == lex.honorifics.end()) more = lex.honorifics.find(nw + ".");
        if (more != lex.honorifics.end() || is_role_word(nw)) {
          if (more != lex.honorifics.end() && more->second->gender != Gender::unknown) g = more->second->gender;
          if (stop) break;
          k = q;
          continue;
        }
      }
      if (!initial && (not_in_name(nw) || lex.org_heads.count(nw) || is_place_word(nw))) break;
      if (words == 0) name_start = p;
      name_end = p + v.size();
      ++words;
      k = q;
      if (stop) break;
    }
    if (words == 0) continue;
    if (starts.count(name_start)) {
      // Named already (scan_names() reads "Bob Corker" of "Sen. Bob Corker"): the title is its descriptor.
      if (auto found = at_start.find(name_start); found != at_start.end())
        for (std::size_t i : found->second)
          if (result.mentions[i].descriptors.empty()) {
            add_title_descriptor(result.mentions[i], a, name_start);
            break;
          }
      continue;
    }
    Mention m;
    m.start = name_start;
    m.end = name_end;
    m.name = squeeze_space(std::string_view(doc.text).substr(name_start, name_end - name_start));
    m.text = squeeze_space(std::string_view(doc.text).substr(a, name_end - a));
    if (g == Gender::unknown && words >= 2)
      if (auto given = pack.given_names.find(bare(std::string_view(doc.text).substr(name_start, word_end(name_start) - name_start)));
          given != pack.given_names.end())
        g = given->second;
    m.gender = g;
    m.pos = doc.position(m.start);
    m.subject = sentence_initial(a) && !modifies_noun(name_end);
    m.segment = segment_of(a);
    add_title_descriptor(m, a, m.start);
    starts.insert(m.start);
    at_start[m.start].push_back(result.mentions.size());
    result.mentions.push_back(std::move(m));
  }
}

bool Extractor::noun_before(std::size_t at) const {
  std::size_t q = at;
  while (q > doc.body_start && (masked[q - 1] == ' ' || masked[q - 1] == '\t')) --q;
  std::size_t p = q;
  while (p > doc.body_start && std::isalpha(static_cast<unsigned char>(masked[p - 1]))) --p;
  if (p == q || q == at || !std::islower(static_cast<unsigned char>(masked[p]))) return false;
  std::string w = masked.substr(p, q - p);
  return is_role_word(w) || lex.is_person_noun(w);
}

bool Extractor::modifies_noun(std::size_t end) const {
  std::size_t p = end;
  while (p < masked.size() && (masked[p] == ' ' || masked[p] == '\t')) ++p;
  std::size_t q = p;
  while (q < masked.size() && std::isalpha(static_cast<unsigned char>(masked[q]))) ++q;
  if (q == p || !std::islower(static_cast<unsigned char>(masked[p]))) return false;
  std::string w = masked.substr(p, q - p);
  if (is_role_word(w) || lex.is_person_noun(w)) return true;
  return w.size() > 1 && w.back() == 's' && is_role_word(w.substr(0, w.size() - 1));
}

bool Extractor::sentence_initial(std::size_t at) const {
  std::size_t i = at;
  while (i > doc.body_start && ascii_space(masked[i - 1])) --i;
  if (i == doc.body_start) return true;
  char c = masked[i - 1];
  if (std::string_view(masked).substr(i, at - i).find('\n') != std::string_view::npos) return true;
  if (c == '.') {
    // A title or an initial ("Rep. Jo Roe", "George W. Bush") ends no sentence: the words
    // after it open one only when the title does.
    std::size_t j = i - 1;
    while (j > doc.body_start && !ascii_space(masked[j - 1]) && masked[j - 1] != '"' && masked[j - 1] != '(') --j;
    bool initial = i - j == 2 && capitalised(std::string_view(masked).substr(j, 1));
    if (j < i - 1 && (initial || lex.honorifics.count(normalize(std::string_view(masked).substr(j, i - j)))))
      return sentence_initial(j);
  }
  return c == '.' || c == '!' || c == '?' || c == ':' || c == '"' || c == ';';
}

void Extractor::scan_led_given_names() {
  if (pack.name_leads.empty()) return;
  const std::string& t = masked;
  std::vector<std::pair<std::size_t, std::size_t>> taken;
  for (auto& m : result.mentions) taken.push_back({m.start, m.end});
  for (const auto& lead : pack.name_leads) {
    for (std::size_t at = t.find(lead, doc.body_start); at != std::string::npos; at = t.find(lead, at + 1)) {
      if (at > 0 && std::isalnum(static_cast<unsigned char>(t[at - 1]))) continue;
      std::size_t gs = at + lead.size();
      if (gs >= t.size() || t[gs] != ' ') continue;
      ++gs;
      std::size_t ge = gs;
      while (ge < t.size() && (std::isalpha(static_cast<unsigned char>(t[ge])) || t[ge] == '-')) ++ge;
      if (ge == gs || !std::isupper(static_cast<unsigned char>(t[gs]))) continue;
      // One word: a capitalised word after it makes a full name, which the name scans read.
      std::size_t nx = ge;
      while (nx < t.size() && t[nx] == ' ') ++nx;
      if (nx > ge && nx < t.size() && std::isupper(static_cast<unsigned char>(t[nx]))) continue;
      std::string given = t.substr(gs, ge - gs);
      auto g = pack.given_names.find(normalize(given));
      if (g == pack.given_names.end()) continue;
      if (std::any_of(taken.begin(), taken.end(), [&](auto& r) { return r.first < ge && gs < r.second; })) continue;
      Mention m = {};
      m.text = given;
      m.name = given;
      m.start = gs;
      m.end = ge;
      m.pos = doc.position(gs);
      m.gender = g->second;
      m.person = true;
      m.subject = false;
      m.segment = segment_of(gs);
      result.mentions.push_back(std::move(m));
    }
  }
}

void Extractor::scan_kin_names() {
  if (pack.kin_nouns.empty()) return;
  const std::string& t = masked;
  std::size_t n = result.mentions.size();
  for (std::size_t c = t.find(", ", doc.body_start); c != std::string::npos; c = t.find(", ", c + 2)) {
    // the kin noun before the comma
    std::size_t ke = c, ks = c;
    while (ks > doc.body_start && std::isalpha(static_cast<unsigned char>(t[ks - 1]))) --ks;
    if (ks == ke || ks < doc.body_start + 2 || t[ks - 1] != ' ') continue;
    auto kin = pack.kin_nouns.find(normalize(std::string_view(t).substr(ks, ke - ks)));
    if (kin == pack.kin_nouns.end()) continue;
    // the given name after it, closed by a comma or a full stop
    std::size_t gs = c + 2, ge = gs;
    while (ge < t.size() && std::isalpha(static_cast<unsigned char>(t[ge]))) ++ge;
    if (ge == gs || ge >= t.size() || (t[ge] != ',' && t[ge] != '.') || !std::isupper(static_cast<unsigned char>(t[gs])))
      continue;
    std::string given = t.substr(gs, ge - gs);
    auto g = pack.given_names.find(normalize(given));
    if (g == pack.given_names.end()) continue;
    // the possessor before the kin noun
    std::size_t pe = ks - 1, ps = pe;
    while (ps > doc.body_start && !ascii_space(t[ps - 1])) --ps;
    std::string pw(t, ps, pe - ps);
    std::string base = possessive_base_raw(pw);
    std::string surname;
    PronounInfo pi;
    if (base != pw && capitalised(base)) {
      surname = base;
    } else if (is_pronoun(pack, pw, &pi) && (pi.gender == Gender::male || pi.gender == Gender::female)) {
      std::size_t floor = paragraphs_back(ps, 1), best = 0;
      for (std::size_t i = 0; i < n; ++i) {
        const auto& m = result.mentions[i];
        if (!m.person || m.name.empty() || m.start >= ps || m.start < floor) continue;
        if (m.gender != pi.gender && m.gender != Gender::unknown) continue;
        if (!surname.empty() && m.start < best) continue;
        auto mw = split_words(m.name);
        if (mw.empty()) continue;
        surname = std::string(mw.back());
        best = m.start;
      }
    }
    if (surname.empty() || surname == given) continue;
    Mention m;
    m.text = given;
    m.name = given + " " + surname;
    m.start = gs;
    m.end = ge;
    m.pos = doc.position(gs);
    m.gender = kin->second != Gender::unknown ? kin->second : g->second;
    m.person = true;
    m.subject = sentence_initial(ps);
    m.segment = segment_of(gs);
    result.mentions.push_back(std::move(m));
  }
}

void Extractor::scan_surnames() {
  std::unordered_map<std::string, std::size_t> surnames;  // key -> a full mention
  for (std::size_t i = 0; i < result.mentions.size(); ++i) {
    const auto& m = result.mentions[i];
    if (!m.person || m.name.empty()) continue;
    auto toks = split_words(m.name);
    // A full name, or a surname after a title ("Mr. Obama").
    if (toks.size() < 2 && m.text == m.name) continue;
    surnames.emplace(normalize(toks.back()), i);
  }
  // Surnames of full names in the headline only: mentions of unknown gender.
  constexpr std::size_t k_headline = std::string::npos;
  for (auto& [surname, g] : headline_surnames) surnames.try_emplace(surname, k_headline);
  if (surnames.empty()) return;
  std::vector<std::pair<std::size_t, std::size_t>> taken;
  for (auto& m : result.mentions) taken.push_back({m.start, m.end});
  std::sort(taken.begin(), taken.end());
  auto covered = [&](std::size_t a) {
    auto it = std::upper_bound(taken.begin(), taken.end(), std::make_pair(a, std::string::npos));
    return it != taken.begin() && std::prev(it)->second > a;
  };
  const std::string& t = masked;
  std::size_t i = doc.body_start;
  std::vector<Mention> found;
  std::string key;  // the word normalised, its buffer reused
  while (i < t.size()) {
    // A word that may be a surname: a capital ("al-", "el-", "ibn": 'a' or 'e') after no letter,
    // digit, hyphen or apostrophe. ASCII, most of the text, is read without decoding.
    auto c = static_cast<unsigned char>(t[i]);
    auto after_break = [&] { return i == 0 || !(ascii_alnum(t[i - 1]) || t[i - 1] == '-' || t[i - 1] == '\''); };
    if (c < 0x80) {
      if (!((c >= 'A' && c <= 'Z') || c == 'a' || c == 'e') || !after_break()) {
        ++i;
        continue;
      }
    } else {
      int len = 1;
      auto cp = decode_utf8(t, i, len);
      if (!is_upper(cp) || !after_break()) {
        i += static_cast<std::size_t>(len);
        continue;
      }
    }
    std::size_t j = i;
    while (j < t.size() && !ascii_space(t[j]) && t[j] != ',' && t[j] != '.' && t[j] != ';' && t[j] != ':' && t[j] != '"' &&
           t[j] != '(' && t[j] != ')' && t[j] != '?' && t[j] != '!')
      ++j;
    std::string_view word(t.data() + i, j - i);
    if (word.ends_with("'s")) word.remove_suffix(2);
    else if (word.ends_with("\xE2\x80\x99s")) word.remove_suffix(4);
    auto it = surnames.find(normalize_into(word, key));
    if (it != surnames.end() && !covered(i) && !(doc.headline_end > doc.headline_start && i >= doc.headline_start && i < doc.headline_end)) {
      Mention m;
      m.start = i;
      m.end = i + word.size();
      m.name = doc.text.substr(i, word.size());
      m.text = m.name;
      m.gender = it->second == k_headline ? Gender::unknown : result.mentions[it->second].gender;
      m.pos = doc.position(i);
      m.segment = segment_of(i);
      m.subject = sentence_initial(i) && !modifies_noun(m.end);
      found.push_back(std::move(m));
    }
    i = std::max(j, i + 1);
  }
  for (auto& m : found) result.mentions.push_back(std::move(m));
}

}  // namespace quotecheck::detail
