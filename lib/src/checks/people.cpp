// quotecheck - the people checks: what outlets call a person (affiliation-conflict,
// role-holder-conflict, title-variant) and how they spell the name (name-variant).
#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <optional>
#include <map>
#include <set>

#include <fmt/format.h>

#include "checks/context.hpp"
#include "names.hpp"
#include "quotecheck/text.hpp"

namespace quotecheck::detail {

namespace {
// Splits a spelling into words (on spaces and hyphens, particles and initials dropped) and
// the separators between them.
std::pair<std::vector<std::string>, std::string> name_parts(const RulePack& pack, const std::string& spelling) {
  std::string norm = normalize(spelling);
  std::vector<std::string> parts;
  std::string seps, cur;
  auto flush = [&](char sep) {
    if (!cur.empty()) {
      bool particle = std::any_of(pack.particles.begin(), pack.particles.end(), [&](const std::string& p) {
        return p == cur || (p.size() == cur.size() + 1 && p.back() == '-' && p.compare(0, cur.size(), cur) == 0);
      });
      if (cur.size() > 1 && !particle) {
        parts.push_back(cur);
        seps += sep;
      }
    }
    cur.clear();
  };
  for (char c : norm) {
    if (c == ' ' || c == '-') flush(c);
    else if (c != '.') cur += c;
  }
  flush(' ');
  if (!seps.empty()) seps.pop_back();
  return {parts, seps};
}

// Two spellings are variants when their common tail (as many words as the shorter has)
// is written with other separators (Kazemi Qomi / Kazemi-Qomi) or other letters
// (Nouri / Nuri); a shorter form of the same name (Crocker / Ryan Crocker) is not.
bool variant_pair(const RulePack& pack, const std::string& x, const std::string& y) {
  auto [px, sx] = name_parts(pack, x);
  auto [py, sy] = name_parts(pack, y);
  std::size_t n = std::min(px.size(), py.size());
  if (n == 0) return false;
  std::vector<std::string> tx(px.end() - static_cast<long>(n), px.end()), ty(py.end() - static_cast<long>(n), py.end());
  std::string jx, jy;
  for (auto& t : tx) jx += t;
  for (auto& t : ty) jy += t;
  if (tx == ty) {
    if (n < 2) return false;
    return sx.substr(sx.size() - (n - 1)) != sy.substr(sy.size() - (n - 1));
  }
  if (n < 2 && px.size() != py.size()) return false;
  return jx != jy && detail::edit_distance(jx, jy, 2) <= 2 && tx.back() == ty.back();
}

}  // namespace

namespace {

// Adds a conflict between groups of descriptors of one person (one group per affiliation or
// party, the most frequent first): the evidence starts with the group fewest places give (the
// odd one), the id is the check, the subject and every evidence text (as CheckContext::add).
void add_descriptor_conflict(CheckContext& c, const Entity& e, const std::string& subject, std::string message,
                             std::vector<std::vector<const EntityDescriptor*>> groups) {
  std::stable_sort(groups.begin(), groups.end(), [](auto& x, auto& y) { return x.size() < y.size(); });
  std::vector<Evidence> ev;
  for (auto& g : groups) {
    std::vector<Evidence> part;
    for (auto* ed : g) part.push_back(c.descriptor_evidence(*ed));
    std::sort(part.begin(), part.end(), [](auto& x, auto& y) { return std::tie(x.doc, x.start) < std::tie(y.doc, y.start); });
    for (auto& x : part) ev.push_back(std::move(x));
  }
  std::vector<std::string> texts;
  for (auto& x : ev) texts.push_back(x.doc + "\x1f" + normalize(squeeze_space(x.text)));
  std::sort(texts.begin(), texts.end());
  texts.insert(texts.begin(), subject);
  CheckContext::Draft d;
  d.check = "affiliation-conflict";
  d.message = std::move(message);
  d.entity = e.id;
  d.evidence = std::move(ev);
  d.id_parts = std::move(texts);
  c.add(std::move(d));
}

// Returns true iff a descriptor names its person's party: a party's form among its first
// k_party_head words ("Republican Sen.", "a Democratic pollster", "the GOP nominee") or a
// congressional label ("(D-Ill.)", "R-Tenn."), in a descriptor of at most k_party_words words;
// in a longer one (which may have run on) only right before the descriptor's own role ("a top
// Republican strategist on ..."). Never an organisation of the party's name ("the Democratic
// National Committee": party_organisation_words in parties.yaml).
bool party_at_head(const RulePack& pack, const Descriptor& d) {
  constexpr std::size_t k_party_head = 3, k_party_words = 6;
  const std::string& text = d.text;
  std::vector<std::string> ws;
  std::vector<bool> comma_after;  // the word as written ends in a comma, semicolon or colon
  std::string cur;
  for (char ch : text + " ") {
    if (ch == ' ') {
      while (!cur.empty() && std::string_view("(),;:").find(cur.front()) != std::string_view::npos) cur.erase(0, 1);
      bool comma = !cur.empty() && std::string_view(",;:").find(cur.back()) != std::string_view::npos;
      while (!cur.empty() && std::string_view("(),;:").find(cur.back()) != std::string_view::npos) cur.pop_back();
      if (!cur.empty()) {
        ws.push_back(cur);
        comma_after.push_back(comma);
      }
      cur.clear();
    } else {
      cur += ch;
    }
  }
  if (ws.empty()) return false;
  const auto& org_words = pack.party_organisation_words;
  auto party_form = [&](std::size_t i) {
    if (i + 1 < ws.size() && std::find(org_words.begin(), org_words.end(), ws[i + 1]) != org_words.end()) return false;
    for (const auto& p : pack.parties)
      if (std::find(p.forms.begin(), p.forms.end(), ws[i]) != p.forms.end()) return true;
    return false;
  };
  // A party right before a role, at most one word between, the role ending the noun phrase
  // (the descriptor, a comma, or a relative, clause or affiliation word after it: "a top
  // Republican strategist on ...", "the presumptive Democratic nominee"; not "the GOP nominee
  // had ..."), or before a word of a party's race ("the front-runner for the Democratic
  // nomination": party_race_words in parties.yaml), and before any relative word ("..., whose
  // firm represents Democratic candidates" is about others).
  auto in = [](const std::vector<std::string>& list, const std::string& w) {
    return std::find(list.begin(), list.end(), w) != list.end();
  };
  std::vector<std::vector<std::string>> roles;  // the descriptor's own role, then every one-word role form
  auto words_of = [](const std::string& r) {
    std::vector<std::string> out;
    std::string w;
    for (char ch : r + " ")
      if (ch == ' ') {
        if (!w.empty()) out.push_back(w);
        w.clear();
      } else {
        w += ch;
      }
    return out;
  };
  if (!d.role_form.empty()) roles.push_back(words_of(normalize(d.role_form)));
  auto phrase_ends = [&](std::size_t last) {
    if (last + 1 >= ws.size() || comma_after[last]) return true;
    std::string next = normalize(ws[last + 1]);
    return in(pack.relative_words, next) || in(pack.clause_words, next) || in(pack.affiliation_leads, next) ||
           in(pack.time_leads, next);
  };
  auto one_word_role = [&](const std::string& w) {
    for (const auto& r : pack.roles)
      for (const auto& f : r.forms)
        if (f == w || (w.size() > 1 && w.back() == 's' && f == w.substr(0, w.size() - 1))) return true;
    return false;
  };
  // A relative word or a pronoun ends what is said of the person: "..., whose firm represents
  // Democratic candidates", "... regardless of whether he became the Republican nominee".
  auto about_others = [&](std::size_t i) {
    std::string w = normalize(ws[i]);
    return in(pack.relative_words, w) || pack.pronouns.count(w) > 0;
  };
  for (std::size_t i = 0; i + 1 < ws.size(); ++i) {
    if (about_others(i)) break;
    if (!party_form(i)) continue;
    if (in(pack.party_race_words, normalize(ws[i + 1]))) return true;
    for (std::size_t j = i + 1; j <= i + 2 && j < ws.size(); ++j) {
      for (const auto& role : roles) {
        if (role.empty() || j + role.size() > ws.size()) continue;
        bool same = true;
        for (std::size_t r = 0; r < role.size() && same; ++r) same = normalize(ws[j + r]) == role[r];
        if (same && phrase_ends(j + role.size() - 1)) return true;
      }
      if (one_word_role(normalize(ws[j])) && phrase_ends(j)) return true;
    }
  }
  // The descriptor's role of a party, named in full ("the chairwoman of the Vermont Democratic
  // Party") or by its organisation ("of the Democratic National Committee"): a member's office.
  // ("a critic of the Democratic Party" holds no role.)
  if (!roles.empty() && !roles[0].empty()) {
    const std::string& last = roles[0].back();
    for (std::size_t r = 0; r + 1 < ws.size(); ++r) {
      if (about_others(r)) break;
      if (normalize(ws[r]) != last || !in(pack.affiliation_leads, normalize(ws[r + 1]))) continue;
      for (std::size_t i = r + 2; i < ws.size() && i <= r + 5; ++i) {
        // An office in a party's organisation: "the interim chairwoman of the Democratic National Committee".
        if (i + 1 < ws.size() && in(org_words, ws[i + 1]))
          for (const auto& p : pack.parties)
            if (std::find(p.forms.begin(), p.forms.end(), ws[i]) != p.forms.end()) return true;
        for (const auto& p : pack.parties) {
          auto name = words_of(p.name);
          if (name.size() < 2 || i + name.size() > ws.size()) continue;
          bool same = true;
          for (std::size_t k = 0; k < name.size() && same; ++k) same = ws[i + k] == name[k];
          if (same && phrase_ends(i + name.size() - 1)) return true;
        }
      }
      break;
    }
  }
  if (ws.size() > k_party_words) return false;
  for (std::size_t i = 0; i < ws.size(); ++i) {
    const std::string& w = ws[i];
    bool label = w.size() >= 4 && std::isupper(static_cast<unsigned char>(w[0])) && w[1] == '-' &&
                 std::isupper(static_cast<unsigned char>(w[2]));
    if (label) return true;
    if (i >= k_party_head) continue;
    if (party_form(i)) return true;
  }
  return false;
}

// "a Republican", "a Democrat": the party's member noun for the message (parties.yaml `member`).
std::string member_of(const RulePack& pack, const std::string& party) {
  for (const auto& p : pack.parties)
    if (p.name == party) return p.member.empty() ? p.name : p.member;
  return party;
}

}  // namespace

// The surnames of the people named in each document, to tell a descriptor that runs on into
// another person's name ("Boris Johnson, Japanese Foreign Minister Fumio Kishida and the other
// ministers") from one that describes its own.
class OtherPeople {
 public:
  explicit OtherPeople(const Analysis& a) : surnames_(a.docs.size()) {
    for (const auto& e : a.entities) {
      if (!e.person) continue;
      for (const auto& sp : e.spellings)
        if (sp.doc < surnames_.size() && sp.name.find(' ') != std::string::npos) surnames_[sp.doc].insert(last_word(sp.name));
    }
  }
  // Returns true iff descriptor `ed` of `e` holds the surname of another person of its document.
  bool names_another(const Entity& e, const EntityDescriptor& ed) const {
    if (ed.doc >= surnames_.size()) return false;
    const auto& own = own_words(e);
    for (auto& w : words(ed.descriptor.text))
      if (!own.count(w) && surnames_[ed.doc].count(w)) return true;
    return false;
  }

 private:
  static std::string last_word(const std::string& name) {
    auto ws = words(name);
    return ws.empty() ? std::string() : ws.back();
  }
  // The words of `e`'s names, kept for the entity last asked about: the callers go through one
  // entity's descriptors at a time, and building them per descriptor was quadratic in the
  // documents that name a person (each descriptor read every spelling).
  const std::set<std::string>& own_words(const Entity& e) const {
    if (own_of_ == &e) return own_;
    own_of_ = &e;
    own_.clear();
    std::set<std::string> names{e.name};
    for (auto& sp : e.spellings) names.insert(sp.name);
    for (auto& n : names)
      for (auto& w : words(n)) own_.insert(w);
    return own_;
  }
  std::vector<std::set<std::string>> surnames_;
  mutable const Entity* own_of_ = nullptr;
  mutable std::set<std::string> own_;
};

// One person given incompatible affiliations for one role (Iraq's and Iran's foreign
// minister), or two parties whatever the roles ("Republican Sen. X" / "Democratic Sen. X").
void affiliation_conflicts(CheckContext& c) {
  OtherPeople others(c.analysis());
  for (const auto& e : c.analysis().entities) {
    if (!e.person) continue;
    std::map<std::string, std::map<std::string, std::vector<const EntityDescriptor*>>> by_role;
    std::map<std::string, std::vector<const EntityDescriptor*>> by_party;
    for (const auto& ed : e.descriptors) {
      if (others.names_another(e, ed)) continue;
      if (!ed.descriptor.role.empty() && !ed.descriptor.affiliation.empty())
        by_role[ed.descriptor.role][ed.descriptor.affiliation].push_back(&ed);
      // A party names the person's when it stands in a short descriptor ("Republican Sen.",
      // "a Democrat", "(D-Ill.)"), not somewhere in a long appositive about others.
      if (!ed.descriptor.party.empty() && party_at_head(c.pack(), ed.descriptor)) by_party[ed.descriptor.party].push_back(&ed);
    }
    for (auto& [role, affs] : by_role) {
      if (affs.size() < 2) continue;
      std::vector<std::pair<std::string, std::size_t>> counts;
      std::vector<std::vector<const EntityDescriptor*>> groups;
      for (auto& [aff, list] : affs) {
        counts.push_back({aff, list.size()});
        groups.push_back(list);
      }
      std::stable_sort(counts.begin(), counts.end(), [](auto& x, auto& y) { return x.second > y.second; });
      std::string msg = fmt::format("{} is called {} {} in {} place{}", e.name, possessive(counts[0].first), role,
                                    counts[0].second, counts[0].second == 1 ? "" : "s");
      for (std::size_t i = 1; i < counts.size(); ++i)
        msg += fmt::format(" and {} in {}", possessive(counts[i].first), counts[i].second);
      add_descriptor_conflict(c, e, name_key(e.name) + "|" + role, std::move(msg), std::move(groups));
    }
    if (by_party.size() >= 2) {
      std::vector<std::pair<std::string, std::size_t>> counts;
      std::vector<std::vector<const EntityDescriptor*>> groups;
      for (auto& [party, list] : by_party) {
        counts.push_back({party, list.size()});
        groups.push_back(list);
      }
      std::stable_sort(counts.begin(), counts.end(), [](auto& x, auto& y) { return x.second > y.second; });
      std::string msg = fmt::format("{}'s party is given as {} in {} place{}", e.name, member_of(c.pack(), counts[0].first),
                                    counts[0].second, counts[0].second == 1 ? "" : "s");
      for (std::size_t i = 1; i < counts.size(); ++i) msg += fmt::format(" and {} in {}", member_of(c.pack(), counts[i].first), counts[i].second);
      add_descriptor_conflict(c, e, name_key(e.name) + "|party", std::move(msg), std::move(groups));
    }
  }
}

namespace {

// Days since 1970-01-01 of a date that opens with YYYY-MM-DD, or nullopt.
std::optional<long> day_number(const std::string& date) {
  if (date.size() < 10 || date[4] != '-' || date[7] != '-') return std::nullopt;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (!std::isdigit(static_cast<unsigned char>(date[i]))) return std::nullopt;
  int y = std::stoi(date.substr(0, 4)), m = std::stoi(date.substr(5, 2)), d = std::stoi(date.substr(8, 2));
  // Days from civil (Howard Hinnant's algorithm).
  y -= m <= 2;
  const long era = (y >= 0 ? y : y - 399) / 400;
  const long yoe = y - era * 400;
  const long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

// Which documents tell one story: the same document, documents that quote one statement,
// or documents dated within k_story_days of each other.
class Stories {
 public:
  explicit Stories(const Analysis& a) : parent_(a.docs.size()), days_(a.docs.size()) {
    for (std::size_t i = 0; i < parent_.size(); ++i) parent_[i] = i;
    for (std::size_t i = 0; i < a.docs.size(); ++i) days_[i] = day_number(a.docs[i].date);
    std::vector<const Quote*> all;
    for (auto& d : a.docs)
      for (auto& q : d.quotes) all.push_back(&q);
    for (const auto& s : a.statements)
      for (std::size_t k = 1; k < s.quotes.size(); ++k) join(all[s.quotes[0]]->doc, all[s.quotes[k]]->doc);
  }
  bool one_story(std::size_t x, std::size_t y) {
    if (find(x) == find(y)) return true;
    return days_[x] && days_[y] && std::labs(*days_[x] - *days_[y]) <= k_story_days;
  }

 private:
  static constexpr long k_story_days = 3;
  std::size_t find(std::size_t x) {
    while (parent_[x] != x) x = parent_[x] = parent_[parent_[x]];
    return x;
  }
  void join(std::size_t x, std::size_t y) { parent_[find(x)] = find(y); }
  std::vector<std::size_t> parent_;
  std::vector<std::optional<long>> days_;
};

// Returns true iff `name` reads as a person's full name: two words or more, not in capitals.
bool full_name(const std::string& name) {
  if (name.find(' ') == std::string::npos) return false;
  return std::any_of(name.begin(), name.end(), [](char ch) { return ch >= 'a' && ch <= 'z'; });
}

}  // namespace

// A role one person holds at a time, given to two people in one story (not across a year of
// news, where holders change; never through a former holder).
void role_holder_conflicts(CheckContext& c) {
  std::set<std::string> unique_roles;
  for (auto& r : c.pack().roles)
    if (r.unique) unique_roles.insert(r.role);
  std::set<std::string> modifiers;
  for (auto& m : c.pack().role_modifiers) {
    std::string w = normalize(m);
    while (!w.empty() && w.back() == '-') w.pop_back();  // "ex-" is the word "ex" of "ex-president"
    modifiers.insert(w);
  }
  auto former = [&](const Descriptor& d) {
    for (auto& w : words(d.text))
      if (modifiers.count(w)) return true;
    return false;
  };
  std::map<std::pair<std::string, std::string>, std::map<std::string, std::vector<const EntityDescriptor*>>> holders;
  OtherPeople others(c.analysis());
  for (const auto& e : c.analysis().entities) {
    if (!e.person || !full_name(e.name)) continue;
    for (const auto& ed : e.descriptors)
      if (!others.names_another(e, ed) && unique_roles.count(ed.descriptor.role) && !ed.descriptor.affiliation.empty() && !former(ed.descriptor))
        holders[{ed.descriptor.role, ed.descriptor.affiliation}][e.id].push_back(&ed);
  }
  Stories stories(c.analysis());
  for (auto& [key, people] : holders) {
    if (people.size() < 2) continue;
    // The people whose descriptors share a story with another holder's.
    std::set<std::string> involved;
    for (auto x = people.begin(); x != people.end(); ++x)
      for (auto y = std::next(x); y != people.end(); ++y)
        for (auto* dx : x->second)
          for (auto* dy : y->second)
            if (stories.one_story(dx->doc, dy->doc)) {
              involved.insert(x->first);
              involved.insert(y->first);
            }
    if (involved.size() < 2) continue;
    std::vector<Evidence> ev;
    std::vector<std::string> names;
    for (auto& [id, list] : people) {
      if (!involved.count(id)) continue;
      names.push_back(c.entity(id)->name);
      for (auto* ed : list) ev.push_back(c.descriptor_evidence(*ed));
    }
    std::sort(names.begin(), names.end());
    std::string joined;
    for (std::size_t i = 0; i < names.size(); ++i)
      joined += (i == 0 ? "" : i + 1 == names.size() ? " and " : ", ") + names[i];
    c.add("role-holder-conflict",
          fmt::format("{} {} is said to be {}: one person holds this role at a time", possessive(key.second), key.first, joined),
          key.first + "|" + key.second, "", "", std::move(ev));
  }
}

void title_variants(CheckContext& c) {
  for (const auto& e : c.analysis().entities) {
    std::map<std::string, std::map<std::string, std::vector<const EntityDescriptor*>>> forms;  // role -> lower form
    for (const auto& ed : e.descriptors)
      if (!ed.descriptor.role_form.empty()) forms[ed.descriptor.role][normalize(ed.descriptor.role_form)].push_back(&ed);
    for (auto& [role, fs] : forms) {
      if (fs.size() < 2) continue;
      std::vector<std::string> keys;
      for (auto& [f, l] : fs) keys.push_back(f);
      for (std::size_t i = 0; i < keys.size(); ++i)
        for (std::size_t j = i + 1; j < keys.size(); ++j) {
          if (detail::edit_distance(keys[i], keys[j], 2) > 2) continue;  // synonyms, not spellings
          std::vector<Evidence> ev;
          for (auto* ed : fs[keys[i]]) ev.push_back(c.descriptor_evidence(*ed));
          for (auto* ed : fs[keys[j]]) ev.push_back(c.descriptor_evidence(*ed));
          c.add("title-variant", fmt::format("{}'s title is spelled '{}' and '{}'", e.name, keys[i], keys[j]),
              name_key(e.name) + "|" + keys[i] + "|" + keys[j], e.id, "", std::move(ev));
        }
    }
  }
}

void name_variants(CheckContext& c) {
  for (const auto& e : c.analysis().entities) {
    if (!e.person || e.spellings.size() < 2) continue;
    std::map<std::string, std::vector<const NameUse*>> by_spelling;
    for (auto& sp : e.spellings) {
      std::string k = normalize(sp.name);
      std::erase(k, '.');
      by_spelling[k].push_back(&sp);
    }
    std::set<std::string> involved;
    for (auto i = by_spelling.begin(); i != by_spelling.end(); ++i)
      for (auto j = std::next(i); j != by_spelling.end(); ++j)
        if (variant_pair(c.pack(), i->first, j->first)) {
          involved.insert(i->first);
          involved.insert(j->first);
        }
    if (involved.empty()) continue;
    std::vector<Evidence> ev;
    std::string list, subject;
    for (auto& k : involved) {
      list += fmt::format("{}'{}'", list.empty() ? "" : ", ", by_spelling[k].front()->name);
      subject += k + "|";
      for (auto* sp : by_spelling[k]) ev.push_back(c.name_evidence(*sp));
    }
    c.add("name-variant", fmt::format("{} is spelled {} ways: {}", e.name, involved.size(), list), subject, e.id, "",
        std::move(ev));
  }
}

}  // namespace quotecheck::detail
