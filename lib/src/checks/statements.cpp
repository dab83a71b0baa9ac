// quotecheck - the statement checks: one statement quoted across outlets with other speakers
// (speaker-conflict), other words inside the passage they share (quote-altered), or a part
// of it (quote-trimmed). One finding per statement and check, listing every copy concerned,
// the copy that differs first; only copies in different sources are compared.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>

#include "checks/context.hpp"
#include "names.hpp"
#include "quotecheck/passage.hpp"
#include "quotecheck/text.hpp"

namespace quotecheck::detail {

namespace {

// Quotes of the reference wording listed in each finding (the differing copies are all listed).
constexpr std::size_t k_reference_evidence = 2;
// Differing readings spelled out in one message.
constexpr std::size_t k_readings_shown = 3;
// Words of a difference shown in a message.
constexpr std::size_t k_words_shown = 12;
// The most words on either side of an edit that a number or negation in it escalates.
constexpr std::size_t k_serious_edit = 2;
// Words next to a trim's cut that are read for a qualifier ("actions, not just principles").
constexpr std::size_t k_cut_context = 3;

using Source = std::pair<std::size_t, std::size_t>;  // document, segment
Source source_of(const Quote& q) { return {q.doc, q.segment}; }

// Returns true iff `text` holds a quotation of its own: a double mark, or a single one
// opening after a space and before a letter.
bool holds_inner_quote(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '"') return true;
    if (c == 0xE2 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x80) {
      unsigned char d = static_cast<unsigned char>(text[i + 2]);
      if (d == 0x9C || d == 0x9D) return true;                        // “ ”
      if (d == 0x98 && (i == 0 || text[i - 1] == ' ')) return true;  // ‘ opening
    }
    if (c == '\'' && (i == 0 || text[i - 1] == ' ') && i + 1 < text.size() &&
        std::isalpha(static_cast<unsigned char>(text[i + 1])))
      return true;
  }
  return false;
}

// One wording of a statement: its canonical tokens and the quotes that give it.
struct Reading {
  Tokens tokens;
  std::vector<std::uint32_t> ids;
  std::vector<const Quote*> quotes;  // in run order
  Relation relation = Relation::identical;
  std::string key;     // the canonical words joined
  std::string id_key;  // the same with brackets' words left out, for ids (as before brackets kept their words)
};

std::string shown_words(const std::vector<std::string>& tokens, std::size_t x0, std::size_t x1, bool bracket = false) {
  std::string s;
  std::size_t n = 0;
  auto show = [](std::string_view w) {
    if (w.size() > 1 && w[0] == '#') w.remove_prefix(1);  // a number's canonical form
    return std::string(w);
  };
  for (std::size_t i = x0; i < x1; ++i) {
    if (tokens[i][0] == '\x01' && !bracket) continue;
    if (n == k_words_shown) {
      s += " ...";
      break;
    }
    std::string w;
    if (bracket) {  // an editor's bracket, with its words
      for (auto x : bracket_words(tokens[i])) w += (w.empty() ? "" : " ") + show(x);
      w = "(" + w + ")";
    } else {
      w = show(tokens[i]);
    }
    s += (n++ ? " " : "") + w;
  }
  return s;
}

// The latest date among some quotes' documents ("" when none gives one).
std::string latest_date(const CheckContext& c, const std::vector<const Quote*>& qs) {
  std::string best;
  for (auto* q : qs) best = std::max(best, c.analysis().docs[q->doc].date);
  return best;
}

double best_confidence(const std::vector<const Quote*>& qs) {
  double best = 0;
  for (auto* q : qs)
    if (q->speaker) best = std::max(best, q->speaker->confidence);
  return best;
}

// Which of two groups of copies is the odd one: the one fewer outlets give; with no majority,
// the later one (by date, then by document order), then the one attributed less confidently.
// Returns true when `x` is the odd one; sets `majority` to false when there is none.
bool x_is_odd(const CheckContext& c, const std::vector<const Quote*>& x, const std::vector<const Quote*>& y, bool& majority) {
  std::set<Source> sx, sy;
  for (auto* q : x) sx.insert(source_of(*q));
  for (auto* q : y) sy.insert(source_of(*q));
  majority = sx.size() != sy.size();
  if (majority) return sx.size() < sy.size();
  auto dx = latest_date(c, x), dy = latest_date(c, y);
  if (dx != dy) return dx > dy;
  double cx = best_confidence(x), cy = best_confidence(y);
  if (cx != cy) return cx < cy;
  return x.back()->doc >= y.back()->doc;
}

// A reading that differs from the reference, with the passage they share.
struct Altered {
  const Reading* reading;
  std::vector<const Quote*> copies;  // in sources that do not give the reference wording
  PassageAlignment p;
  std::string why;
  const Reading* base = nullptr;  // what it was compared with: the reference when null
};

class StatementChecks {
 public:
  explicit StatementChecks(CheckContext& c) : c_(c), norm_(c.pack().normalization) {
    for (const auto& p : c.pack().places) {
      for (auto& f : p.forms) places_.insert(normalize(f));
      for (auto& f : p.capitals) places_.insert(normalize(f));
    }
  }

  void run() {
    for (const auto& s : c_.analysis().statements) {
      if (s.quotes.size() < 2) continue;
      std::set<Source> sources;
      for (auto qi : s.quotes) sources.insert(source_of(*c_.quotes()[qi]));
      if (sources.size() < 2) continue;
      speaker_conflict(s);
      text_checks(s);
    }
  }

 private:
  // ---- speaker-conflict ---------------------------------------------------------------

  void speaker_conflict(const Statement& s) {
    // People named as the speaker, one group per person: entities with the same name are one.
    std::map<std::string, std::vector<const Quote*>> by_person;
    std::map<std::string, std::string> name_of;
    for (std::size_t k = 0; k < s.quotes.size(); ++k) {
      const Quote& q = *c_.quotes()[s.quotes[k]];
      // Only copies that are the same words (or a part of them, or with a few edited) tell
      // that two people are said to have said one thing; a rewording or an overlap does not.
      Relation rel = s.relations[k];
      if (rel == Relation::reworded || rel == Relation::overlapping) continue;
      if (!q.speaker || !q.speaker->person || q.speaker->entity.empty() || q.speaker->name.empty()) continue;
      const Entity* e = c_.entity(q.speaker->entity);
      if (!e || !e->person || !person_name(e->name)) continue;  // an outlet, platform or document relays the words
      // A quote that quotes someone else inside it ("Crooked Hillary and her team 'were
      // extremely careless'") gives those inner words to its speaker only as a report.
      if (holds_inner_quote(q.span.text)) continue;
      std::string key = name_key(e->name);
      by_person[key].push_back(&q);
      name_of.emplace(key, e->name);
    }
    // A name and a shorter form of it ("Obama" / "Barack Obama", "Trump" / "Donald Trump")
    // are one person here: the surname alone does not say it is someone else.
    auto surname = [](const std::string& key) {
      auto sp = key.find_last_of(' ');
      return sp == std::string::npos ? key : key.substr(sp + 1);
    };
    for (auto it = by_person.begin(); it != by_person.end();) {
      auto into = std::find_if(by_person.begin(), by_person.end(), [&](auto& other) {
        return other.first != it->first && surname(other.first) == surname(it->first) && other.first.size() > it->first.size();
      });
      if (into == by_person.end()) {
        ++it;
        continue;
      }
      for (auto* q : it->second) into->second.push_back(q);
      it = by_person.erase(it);
    }
    // Same surname, both full names (two Clintons, two Sanders): the surname may have been
    // resolved to the wrong one of a family; no conflict is said between them.
    for (auto x = by_person.begin(); x != by_person.end(); ++x)
      for (auto y = std::next(x); y != by_person.end(); ++y)
        if (surname(x->first) == surname(y->first)) return;
    if (by_person.size() < 2) return;
    // The groups that disagree must come from different sources.
    std::set<Source> all_sources;
    std::size_t confident = 0, plausible = 0;
    double weakest = 1.0;
    for (auto& [key, qs] : by_person) {
      for (auto* q : qs) all_sources.insert(source_of(*q));
      double conf = best_confidence(qs);
      weakest = std::min(weakest, conf);
      // Confident: named where the quote is attributed (not through a pronoun, a description
      // or the quote before), with a full name, by a rule trusted this far.
      bool sure = std::any_of(qs.begin(), qs.end(), [&](const Quote* q) {
        return q->speaker->via == Via::site && q->speaker->confidence >= c_.pack().speaker_confidence.conflict;
      });
      if (sure && name_of[key].find(' ') != std::string::npos) ++confident;
      if (conf >= 0.5) ++plausible;
    }
    if (all_sources.size() < 2) return;
    if (plausible < 2) return;  // at most one side says who it is with any confidence
    // The odd group: the one fewest sources give (then the least confident).
    std::vector<std::pair<std::string, std::vector<const Quote*>>> groups(by_person.begin(), by_person.end());
    std::stable_sort(groups.begin(), groups.end(), [&](auto& x, auto& y) {
      bool majority = true;
      bool odd = x_is_odd(c_, x.second, y.second, majority);
      bool odd_rev = x_is_odd(c_, y.second, x.second, majority);
      return odd && !odd_rev;
    });
    std::vector<Evidence> ev;
    std::vector<std::string> parts, names;
    for (auto& [key, qs] : groups) {
      for (auto* q : qs) ev.push_back(c_.quote_evidence(*q));
      parts.push_back(fmt::format("{} (in {})", name_of[key], c_.outlets_of(qs)));
      names.push_back(key);
    }
    std::sort(names.begin(), names.end());
    std::string msg = "the same statement is attributed to ";
    for (std::size_t i = 0; i < parts.size(); ++i)
      msg += (i == 0 ? "" : i + 1 == parts.size() ? " and to " : ", to ") + parts[i];
    if (confident < by_person.size()) msg += fmt::format(" (an attribution is uncertain: confidence {:.2f})", weakest);
    CheckContext::Draft d;
    d.check = "speaker-conflict";
    d.message = std::move(msg);
    d.statement = s.id;
    d.evidence = std::move(ev);
    d.id_parts = names;
    d.id_parts.insert(d.id_parts.begin(), reference_key(s));
    d.escalated = confident == by_person.size();
    d.confidence = weakest;
    c_.add(std::move(d));
  }

  // ---- quote-altered, quote-trimmed ---------------------------------------------------

  // The canonical words joined; for ids as they were before brackets kept their words and
  // number words their '#': an editor's bracket without its words, "thousands" without '#'.
  static std::string words_key(const Tokens& t, bool for_id) {
    std::string key;
    for (auto& w : t.text) {
      std::string_view x = w;
      if (for_id && x.starts_with(k_editorial_token)) x = k_editorial_token;
      if (for_id && x.size() > 1 && x[0] == '#' && !(x[1] >= '0' && x[1] <= '9')) x.remove_prefix(1);
      (key += x) += ' ';
    }
    return key;
  }

  std::string reference_key(const Statement& s) { return words_key(norm_.tokens(c_.quotes()[s.reference]->span.text), true); }

  void text_checks(const Statement& s) {
    // Readings: the distinct canonical wordings; the reference's first.
    std::vector<Reading> readings;
    std::unordered_map<std::string, std::size_t> index;
    auto add_quote = [&](const Quote& q, Relation rel) {
      Tokens t = norm_.tokens(q.span.text);
      std::string key = words_key(t, false);
      auto [it, fresh] = index.try_emplace(key, readings.size());
      if (fresh) {
        Reading r;
        r.id_key = words_key(t, true);
        r.tokens = std::move(t);
        r.key = key;
        r.relation = rel;
        readings.push_back(std::move(r));
      }
      readings[it->second].quotes.push_back(&q);
    };
    add_quote(*c_.quotes()[s.reference], Relation::identical);
    for (std::size_t k = 0; k < s.quotes.size(); ++k)
      if (s.quotes[k] != s.reference) add_quote(*c_.quotes()[s.quotes[k]], s.relations[k]);
    if (readings.size() < 2) return;
    const Reading& ref = readings[0];
    std::set<Source> ref_sources;
    for (auto* q : ref.quotes) ref_sources.insert(source_of(*q));

    TokenIds ids;
    auto ref_ids = ids.ids(ref.tokens);
    std::vector<Altered> altered, trimmed;
    for (std::size_t v = 1; v < readings.size(); ++v) {
      Reading& r = readings[v];
      if (r.relation == Relation::identical || r.relation == Relation::form || r.relation == Relation::overlapping) continue;
      // A source that gives both wordings disagrees with nobody.
      std::vector<const Quote*> copies;
      for (auto* q : r.quotes)
        if (!ref_sources.count(source_of(*q))) copies.push_back(q);
      if (copies.empty()) continue;
      auto other_ids = ids.ids(r.tokens);
      auto p = align_passage(ref_ids, other_ids, ids.words(), ids.gap_id(), ids.editorial_id(), c_.pack().alignment);
      if (!p) continue;
      if (p->relation == Relation::altered || p->relation == Relation::reworded) {
        altered.push_back({&r, std::move(copies), *p, {}});
      } else if (p->relation == Relation::trimmed || p->relation == Relation::elided) {
        trimmed.push_back({&r, std::move(copies), *p, {}});
      }
    }
    longer_readings(readings, ids, ref_ids, altered);
    if (!altered.empty()) report_altered(s, ref, altered);
    if (!trimmed.empty()) report_trimmed(s, ref, trimmed);
  }

  // Readings that hold the whole reference and go on beyond it ("prepared to take on the
  // establishment" inside two copies of a longer quote) are each a trim of it, never compared
  // with each other: the reference says nothing of their other words. They are compared with the
  // one of them most sources give (then the longest, then the first).
  void longer_readings(std::vector<Reading>& readings, TokenIds& ids, const std::vector<std::uint32_t>& ref_ids,
                       std::vector<Altered>& altered) {
    std::vector<std::size_t> longer;
    for (std::size_t v = 1; v < readings.size(); ++v) {
      if (readings[v].relation != Relation::trimmed && readings[v].relation != Relation::elided) continue;
      auto p = align_passage(ref_ids, ids.ids(readings[v].tokens), ids.words(), ids.gap_id(), ids.editorial_id(),
                             c_.pack().alignment);
      if (p && p->edits.empty() && !p->a_outside && p->b_outside) longer.push_back(v);
    }
    if (longer.size() < 2) return;
    auto sources = [](const Reading& r) {
      std::set<Source> out;
      for (auto* q : r.quotes) out.insert(source_of(*q));
      return out;
    };
    std::size_t best = longer[0];
    for (auto v : longer) {
      auto sv = sources(readings[v]).size(), sb = sources(readings[best]).size();
      if (sv > sb || (sv == sb && readings[v].tokens.words > readings[best].tokens.words)) best = v;
    }
    const Reading& base = readings[best];
    auto base_sources = sources(base);
    auto base_ids = ids.ids(base.tokens);
    for (auto v : longer) {
      if (v == best) continue;
      std::vector<const Quote*> copies;
      for (auto* q : readings[v].quotes)
        if (!base_sources.count(source_of(*q))) copies.push_back(q);
      if (copies.empty()) continue;
      auto p = align_passage(base_ids, ids.ids(readings[v].tokens), ids.words(), ids.gap_id(), ids.editorial_id(),
                             c_.pack().alignment);
      if (p && (p->relation == Relation::altered || p->relation == Relation::reworded))
        altered.push_back({&readings[v], std::move(copies), *p, {}, &base});
    }
  }

  // Why an edit is serious: a negation added or removed (not one replaced by another), or a
  // number that differs.
  std::string seriousness(const Reading& ref, const Reading& other, const PassageAlignment& p) const {
    if (p.relation == Relation::reworded) return {};
    std::string why;
    for (const auto& e : p.edits) {
      // Only a small edit inside the passage ("not" added, "five" for "four"); a longer run of
      // other words is another phrasing, whatever words it holds.
      if (std::max(e.a1 - e.a0, e.b1 - e.b0) > k_serious_edit) continue;
      std::size_t neg_a = 0, neg_b = 0;
      std::multiset<std::string> num_a, num_b;
      // An editor's bracket of each at one place: the words inside them.
      auto count = [&](const Tokens& t, std::size_t x0, std::size_t x1, std::size_t& neg, std::multiset<std::string>& num) {
        for (std::size_t i = x0; i < x1; ++i) {
          std::vector<std::string_view> ws{t.text[i]};
          if (e.bracket) ws = bracket_words(t.text[i]);
          for (auto w : ws) {
            if (norm_.is_negation(w)) ++neg;
            if (norm_.is_number(w)) num.insert(std::string(w));
          }
        }
      };
      count(ref.tokens, e.a0, e.a1, neg_a, num_a);
      count(other.tokens, e.b0, e.b1, neg_b, num_b);
      if (neg_a != neg_b) return "a negation differs";
      if (num_a != num_b) why = "a number differs";
    }
    return why;
  }

  std::vector<Evidence> reference_evidence(const Reading& ref) const {
    std::vector<Evidence> ev;
    for (std::size_t i = 0; i < ref.quotes.size() && i < k_reference_evidence; ++i) ev.push_back(c_.quote_evidence(*ref.quotes[i]));
    return ev;
  }

  std::string not_listed(const Reading& ref) const {
    if (ref.quotes.size() <= k_reference_evidence) return {};
    return fmt::format("; the reference wording is quoted in {} places, the first {} listed", ref.quotes.size(),
                       k_reference_evidence);
  }

  void report_altered(const Statement& s, const Reading& ref_reading, std::vector<Altered>& altered) {
    std::sort(altered.begin(), altered.end(), [](auto& x, auto& y) { return x.reading->key < y.reading->key; });
    bool serious = false;
    bool any_majority = false, all_reworded = true;
    double confidence = 0;
    std::vector<Evidence> odd, rest;
    std::vector<std::string> id_parts{reference_key(s)};
    std::string msg;
    std::set<const Reading*> bases;
    for (std::size_t i = 0; i < altered.size(); ++i) {
      auto& a = altered[i];
      const Reading& ref = a.base ? *a.base : ref_reading;
      if (a.base && bases.insert(a.base).second) id_parts.push_back(a.base->id_key);
      a.why = seriousness(ref, *a.reading, a.p);
      serious = serious || !a.why.empty();
      all_reworded = all_reworded && a.p.relation == Relation::reworded;
      confidence = std::max(confidence, a.p.relation == Relation::reworded ? 0.5 * a.p.identity : a.p.identity);
      id_parts.push_back(a.reading->id_key);
      bool majority = true;
      bool other_odd = x_is_odd(c_, a.copies, ref.quotes, majority);
      any_majority = any_majority || majority;
      auto& mine = other_odd ? odd : rest;
      for (auto* q : a.copies) mine.push_back(c_.quote_evidence(*q));
      if (i >= k_readings_shown) continue;
      std::string diff;
      for (const auto& e : a.p.edits) {
        std::string removed = shown_words(ref.tokens.text, e.a0, e.a1, e.bracket),
                    added = shown_words(a.reading->tokens.text, e.b0, e.b1, e.bracket);
        if (removed.empty() && added.empty()) continue;
        if (!diff.empty()) diff += ", ";
        if (!removed.empty()) diff += fmt::format("-[{}]", removed);
        if (!added.empty()) diff += fmt::format("{}+[{}]", removed.empty() ? "" : " ", added);
      }
      msg += fmt::format("{}{} {} where {} {}: {}", msg.empty() ? "" : "; ", c_.outlets_of(a.copies),
                         a.p.relation == Relation::reworded ? "words it otherwise" : "quotes other words",
                         c_.outlets_of(ref.quotes), majority ? "quotes" : "(no majority) quotes", diff);
      if (!a.why.empty()) msg += fmt::format(" ({})", a.why);
    }
    if (altered.size() > k_readings_shown) msg += fmt::format("; and {} more readings", altered.size() - k_readings_shown);
    if (all_reworded) msg += " (a rewording: perhaps two translations)";
    const Reading& ref = ref_reading;
    msg += not_listed(ref);
    // What a longer copy was compared with comes right after the odd copies, then the reference.
    for (auto* b : bases)
      for (auto& e : reference_evidence(*b)) (odd.empty() || any_majority ? rest : odd).push_back(e);
    for (auto& e : reference_evidence(ref)) {
      // The reference is the odd one when the others outnumber it.
      (odd.empty() || any_majority ? rest : odd).push_back(e);
    }
    std::vector<Evidence> ev = std::move(odd);
    for (auto& e : rest) ev.push_back(std::move(e));
    CheckContext::Draft d;
    d.check = "quote-altered";
    d.message = "quote differs: " + msg;
    d.entity = s.speaker;
    d.statement = s.id;
    d.evidence = std::move(ev);
    d.id_parts = std::move(id_parts);
    d.escalated = serious;
    d.confidence = std::round(confidence * 100.0) / 100.0;
    c_.add(std::move(d));
  }

  // True when the words a trim cut off next to what is left change its meaning.
  bool cut_qualifies(const Reading& longer, std::size_t kept0, std::size_t kept1) const {
    for (std::size_t i = kept1; i < longer.tokens.text.size() && i < kept1 + k_cut_context; ++i)
      if (norm_.is_qualifier(longer.tokens.text[i])) return true;
    for (std::size_t i = kept0 > k_cut_context ? kept0 - k_cut_context : 0; i < kept0; ++i)
      if (norm_.is_qualifier(longer.tokens.text[i])) return true;
    return false;
  }

  void report_trimmed(const Statement& s, const Reading& ref, std::vector<Altered>& trimmed) {
    std::sort(trimmed.begin(), trimmed.end(), [](auto& x, auto& y) { return x.reading->key < y.reading->key; });
    bool meaning = false;
    std::vector<Evidence> shorter, longer;
    std::vector<std::string> id_parts{reference_key(s)};
    std::string msg;
    for (std::size_t i = 0; i < trimmed.size(); ++i) {
      auto& t = trimmed[i];
      id_parts.push_back(t.reading->id_key);
      // Which one is cut: the one with no words outside the passage.
      bool other_is_part = t.p.a_outside && !t.p.b_outside;
      bool cut_meaning = other_is_part ? cut_qualifies(ref, t.p.a0, t.p.a1) : cut_qualifies(*t.reading, t.p.b0, t.p.b1);
      meaning = meaning || cut_meaning;
      auto& part = other_is_part ? shorter : longer;
      for (auto* q : t.copies) part.push_back(c_.quote_evidence(*q));
      if (i >= k_readings_shown) continue;
      std::size_t other_words = t.reading->tokens.words, ref_words = ref.tokens.words;
      std::string what = t.p.relation == Relation::elided ? "leaves words out of" : other_is_part ? "quotes a part of" : "quotes more than";
      msg += fmt::format("{}{} {} what {} quote{} ({} of {} words{})", msg.empty() ? "" : "; ", c_.outlets_of(t.copies), what,
                         c_.outlets_of(ref.quotes), ref.quotes.size() == 1 ? "s" : "", other_words, ref_words,
                         cut_meaning ? "; what was cut qualifies what is left" : "");
    }
    if (trimmed.size() > k_readings_shown) msg += fmt::format("; and {} more", trimmed.size() - k_readings_shown);
    msg += not_listed(ref);
    auto ref_ev = reference_evidence(ref);
    // The copy that was cut comes first.
    std::vector<Evidence> ev;
    if (!shorter.empty()) {
      ev = std::move(shorter);
      for (auto& e : ref_ev) ev.push_back(e);
      for (auto& e : longer) ev.push_back(std::move(e));
    } else {
      ev = std::move(ref_ev);
      for (auto& e : longer) ev.push_back(std::move(e));
    }
    CheckContext::Draft d;
    d.check = "quote-trimmed";
    d.message = std::move(msg);
    d.entity = s.speaker;
    d.statement = s.id;
    d.evidence = std::move(ev);
    d.id_parts = std::move(id_parts);
    // A trim is worth more than info only when what was cut changes what is left.
    d.escalated = meaning;
    d.confidence = 0.9;
    c_.add(std::move(d));
  }

  // Returns true iff `name` may be a person's: not a place ("Virginia" from a mention that
  // ran on), not one word in capitals (an organisation or outlet: "GLAAD", "PEOPLE").
  bool person_name(const std::string& name) const {
    if (places_.count(normalize(name))) return false;
    bool one_word = name.find(' ') == std::string::npos;
    bool capitals = std::none_of(name.begin(), name.end(), [](char ch) { return ch >= 'a' && ch <= 'z'; });
    return !(one_word && capitals && name.size() >= 2);
  }

  CheckContext& c_;
  Normalizer norm_;
  std::unordered_set<std::string> places_;
};

}  // namespace

void statement_checks(CheckContext& c) { StatementChecks(c).run(); }

}  // namespace quotecheck::detail
