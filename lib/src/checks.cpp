// quotecheck - the checks.
#include "quotecheck/checks.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <string_view>
#include <unordered_map>

#include <fmt/format.h>

#include "names.hpp"
#include "quotecheck/text.hpp"

namespace quotecheck {

WordDiff word_diff(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  // LCS table, then walk back; quotes are short enough for the quadratic table.
  std::size_t n = a.size(), m = b.size();
  std::vector<std::vector<std::uint16_t>> t(n + 1, std::vector<std::uint16_t>(m + 1, 0));
  for (std::size_t i = n; i-- > 0;)
    for (std::size_t j = m; j-- > 0;)
      t[i][j] = a[i] == b[j] ? static_cast<std::uint16_t>(t[i + 1][j + 1] + 1) : std::max(t[i + 1][j], t[i][j + 1]);
  WordDiff d;
  std::size_t i = 0, j = 0;
  while (i < n && j < m) {
    if (a[i] == b[j]) {
      ++i;
      ++j;
    } else if (t[i + 1][j] >= t[i][j + 1]) {
      d.removed.push_back(a[i++]);
    } else {
      d.added.push_back(b[j++]);
    }
  }
  while (i < n) d.removed.push_back(a[i++]);
  while (j < m) d.added.push_back(b[j++]);
  return d;
}

namespace {

constexpr std::size_t k_max_diff_words = 400;
// Quotes of a statement's reference wording listed in each quote-altered / quote-trimmed finding.
constexpr std::size_t k_reference_evidence = 2;
// Outlets named in a message before "(+N more)".
constexpr std::size_t k_max_outlets_named = 5;

// Index pairs (i in a, j in b) of one longest common subsequence, in order.
std::vector<std::pair<std::size_t, std::size_t>> common_pairs(const std::vector<std::string>& a,
                                                              const std::vector<std::string>& b) {
  std::size_t n = a.size(), m = b.size();
  std::vector<std::vector<std::uint16_t>> t(n + 1, std::vector<std::uint16_t>(m + 1, 0));
  for (std::size_t i = n; i-- > 0;)
    for (std::size_t j = m; j-- > 0;)
      t[i][j] = a[i] == b[j] ? static_cast<std::uint16_t>(t[i + 1][j + 1] + 1) : std::max(t[i + 1][j], t[i][j + 1]);
  std::vector<std::pair<std::size_t, std::size_t>> out;
  std::size_t i = 0, j = 0;
  while (i < n && j < m) {
    if (a[i] == b[j]) out.push_back({i++, j++});
    else if (t[i + 1][j] >= t[i][j + 1]) ++i;
    else ++j;
  }
  return out;
}

struct Context {
  const Analysis& a;
  const RulePack& pack;
  std::vector<Finding> out;
  std::vector<const Quote*> all;  // every quote, in run order
  std::map<std::string, const Entity*> entities;

  Evidence quote_evidence(const Quote& q) const {
    const auto& d = a.docs[q.doc];
    Evidence e;
    e.doc = d.id;
    e.path = d.path;
    e.outlet = q.segment < d.segments.size() ? d.segments[q.segment].outlet : d.outlet;
    e.pos = q.pos;
    e.start = q.span.start;
    e.end = q.span.end;
    e.text = q.span.text;
    return e;
  }

  Evidence descriptor_evidence(const EntityDescriptor& ed) const {
    const auto& d = a.docs[ed.doc];
    Evidence e;
    e.doc = d.id;
    e.path = d.path;
    e.outlet = ed.segment < d.segments.size() ? d.segments[ed.segment].outlet : d.outlet;
    e.pos = ed.descriptor.pos;
    e.start = ed.descriptor.start;
    e.end = ed.descriptor.end;
    e.text = ed.descriptor.text;
    return e;
  }

  // `id_texts`, when given, replaces the evidence in the id: a finding whose evidence is a
  // sample (quote-altered, quote-trimmed) is named by what it is about, not by the sample.
  void add(const std::string& check, std::string message, std::string subject, std::string entity, std::string statement,
           std::vector<Evidence> evidence, std::optional<Severity> severity = std::nullopt,
           const std::vector<std::string>* id_texts = nullptr) {
    auto config = pack.check(check);
    if (!config.enabled) return;
    Finding f;
    f.check = check;
    f.severity = severity.value_or(config.severity);
    if (severity && config.severity > *severity) f.severity = config.severity;
    f.message = std::move(message);
    f.entity = std::move(entity);
    f.statement = std::move(statement);
    std::sort(evidence.begin(), evidence.end(),
              [](const Evidence& x, const Evidence& y) { return std::tie(x.doc, x.start) < std::tie(y.doc, y.start); });
    // The id: check, subject and the normalised evidence texts, never line numbers.
    std::vector<std::string> texts;
    if (id_texts) {
      texts = *id_texts;
    } else {
      for (auto& e : evidence) texts.push_back(e.doc + "\x1f" + normalize(squeeze_space(e.text)));
      std::sort(texts.begin(), texts.end());
    }
    std::string key = check + "\x1e" + subject;
    for (auto& t : texts) key += "\x1e" + t;
    f.id = hex64(fingerprint64(key));
    f.evidence = std::move(evidence);
    out.push_back(std::move(f));
  }

  static std::string possessive(const std::string& place) {
    return place.ends_with("s") ? place + "'" : place + "'s";
  }

  void affiliation_conflicts() {
    for (const auto& e : a.entities) {
      if (!e.person) continue;
      std::map<std::string, std::map<std::string, std::vector<const EntityDescriptor*>>> by_role;
      for (const auto& ed : e.descriptors)
        if (!ed.descriptor.role.empty() && !ed.descriptor.affiliation.empty())
          by_role[ed.descriptor.role][ed.descriptor.affiliation].push_back(&ed);
      for (auto& [role, affs] : by_role) {
        if (affs.size() < 2) continue;
        std::vector<std::pair<std::string, std::size_t>> counts;
        std::vector<Evidence> ev;
        for (auto& [aff, list] : affs) {
          counts.push_back({aff, list.size()});
          for (auto* ed : list) ev.push_back(descriptor_evidence(*ed));
        }
        std::stable_sort(counts.begin(), counts.end(), [](auto& x, auto& y) { return x.second > y.second; });
        std::string msg = fmt::format("{} is called {} {} in {} place{}", e.name, possessive(counts[0].first), role,
                                      counts[0].second, counts[0].second == 1 ? "" : "s");
        for (std::size_t i = 1; i < counts.size(); ++i)
          msg += fmt::format(" and {} in {}", possessive(counts[i].first), counts[i].second);
        add("affiliation-conflict", msg, name_key(e.name) + "|" + role, e.id, "", std::move(ev));
      }
    }
  }

  void role_holder_conflicts() {
    std::set<std::string> unique_roles;
    for (auto& r : pack.roles)
      if (r.unique) unique_roles.insert(r.role);
    std::map<std::pair<std::string, std::string>, std::map<std::string, std::vector<const EntityDescriptor*>>> holders;
    for (const auto& e : a.entities) {
      if (!e.person) continue;
      for (const auto& ed : e.descriptors)
        if (unique_roles.count(ed.descriptor.role) && !ed.descriptor.affiliation.empty())
          holders[{ed.descriptor.role, ed.descriptor.affiliation}][e.id].push_back(&ed);
    }
    for (auto& [key, people] : holders) {
      if (people.size() < 2) continue;
      std::vector<Evidence> ev;
      std::vector<std::string> names;
      for (auto& [id, list] : people) {
        names.push_back(entities[id]->name);
        for (auto* ed : list) ev.push_back(descriptor_evidence(*ed));
      }
      std::sort(names.begin(), names.end());
      std::string joined;
      for (std::size_t i = 0; i < names.size(); ++i)
        joined += (i == 0 ? "" : i + 1 == names.size() ? " and " : ", ") + names[i];
      add("role-holder-conflict",
          fmt::format("{} {} is said to be {}: one person holds this role at a time", possessive(key.second), key.first, joined),
          key.first + "|" + key.second, "", "", std::move(ev));
    }
  }

  void title_variants() {
    for (const auto& e : a.entities) {
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
            for (auto* ed : fs[keys[i]]) ev.push_back(descriptor_evidence(*ed));
            for (auto* ed : fs[keys[j]]) ev.push_back(descriptor_evidence(*ed));
            add("title-variant", fmt::format("{}'s title is spelled '{}' and '{}'", e.name, keys[i], keys[j]),
                name_key(e.name) + "|" + keys[i] + "|" + keys[j], e.id, "", std::move(ev));
          }
      }
    }
  }

  // Splits a spelling into words (on spaces and hyphens, particles and initials dropped) and
  // the separators between them.
  std::pair<std::vector<std::string>, std::string> name_parts(const std::string& spelling) const {
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
  bool variant_pair(const std::string& x, const std::string& y) const {
    auto [px, sx] = name_parts(x);
    auto [py, sy] = name_parts(y);
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

  void name_variants() {
    for (const auto& e : a.entities) {
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
          if (variant_pair(i->first, j->first)) {
            involved.insert(i->first);
            involved.insert(j->first);
          }
      if (involved.empty()) continue;
      std::vector<Evidence> ev;
      std::string list, subject;
      for (auto& k : involved) {
        list += fmt::format("{}'{}'", list.empty() ? "" : ", ", by_spelling[k].front()->name);
        subject += k + "|";
        for (auto* sp : by_spelling[k]) ev.push_back(name_evidence(*sp));
      }
      add("name-variant", fmt::format("{} is spelled {} ways: {}", e.name, involved.size(), list), subject, e.id, "",
          std::move(ev));
    }
  }

  Evidence name_evidence(const NameUse& s) const {
    const auto& d = a.docs[s.doc];
    Evidence e;
    e.doc = d.id;
    e.path = d.path;
    e.outlet = s.segment < d.segments.size() ? d.segments[s.segment].outlet : d.outlet;
    e.start = s.start;
    e.end = s.end;
    e.text = s.name;
    // Position from the quote list is not available here; the document's mentions carry it.
    e.pos = s.pos;
    return e;
  }

  bool is_number(const std::string& w) const {
    if (std::any_of(w.begin(), w.end(), [](char c) { return c >= '0' && c <= '9'; })) return true;
    return std::find(pack.number_words.begin(), pack.number_words.end(), w) != pack.number_words.end();
  }
  bool is_negation(const std::string& w) const {
    if (w.ends_with("n't")) return true;
    return std::find(pack.negations.begin(), pack.negations.end(), w) != pack.negations.end();
  }

  static std::string source_key(const Quote& q) { return std::to_string(q.doc) + ":" + std::to_string(q.segment); }

  void statement_checks() {
    for (const auto& s : a.statements) {
      if (s.quotes.size() < 2) continue;
      std::set<std::string> sources;
      for (auto qi : s.quotes) sources.insert(source_key(*all[qi]));
      if (sources.size() < 2) continue;
      speaker_conflict(s);
      text_checks(s);
    }
  }

  void speaker_conflict(const Statement& s) {
    std::map<std::string, std::vector<const Quote*>> by_entity;
    for (auto qi : s.quotes) {
      const Quote& q = *all[qi];
      if (q.speaker && q.speaker->person && !q.speaker->entity.empty() && !q.speaker->name.empty())
        by_entity[q.speaker->entity].push_back(&q);
    }
    if (by_entity.size() < 2) return;
    std::vector<Evidence> ev;
    std::vector<std::string> parts;
    std::vector<std::string> subject;
    for (auto& [id, qs] : by_entity) {
      std::set<std::string> outlets;
      for (auto* q : qs) {
        auto e = quote_evidence(*q);
        outlets.insert(e.outlet.empty() ? e.doc : e.outlet);
        ev.push_back(std::move(e));
      }
      std::string where;
      for (auto& o : outlets) where += (where.empty() ? "" : ", ") + o;
      parts.push_back(fmt::format("{} (in {})", entities[id]->name, where));
      subject.push_back(name_key(entities[id]->name));
    }
    std::sort(subject.begin(), subject.end());
    std::string msg = "the same statement is attributed to ";
    for (std::size_t i = 0; i < parts.size(); ++i) msg += (i == 0 ? "" : i + 1 == parts.size() ? " and to " : ", to ") + parts[i];
    std::string subj;
    for (auto& x : subject) subj += x + "|";
    add("speaker-conflict", msg, subj, "", s.id, std::move(ev));
  }

  void text_checks(const Statement& s) {
    // Versions: distinct word sequences, most quoted first; the reference is the longest of those.
    struct Version {
      std::vector<std::string> ws;
      std::vector<const Quote*> quotes;  // in run (document) order
    };
    std::vector<Version> versions;
    std::unordered_map<std::string, std::size_t> version_of;  // the words joined by \x1f
    std::unordered_map<std::string_view, std::size_t> same_chars;  // a copy is not split into words again
    std::string key;
    for (auto qi : s.quotes) {
      const Quote& q = *all[qi];
      if (auto it = same_chars.find(q.span.text); it != same_chars.end()) {
        versions[it->second].quotes.push_back(&q);
        continue;
      }
      auto ws = words(q.span.text);
      if (ws.size() > k_max_diff_words) ws.resize(k_max_diff_words);
      key.clear();
      for (auto& w : ws) (key += w) += '\x1f';
      auto [it, fresh] = version_of.try_emplace(key, versions.size());
      same_chars.emplace(q.span.text, it->second);
      if (fresh) versions.push_back({std::move(ws), {&q}});
      else versions[it->second].quotes.push_back(&q);
    }
    if (versions.size() < 2) return;
    std::stable_sort(versions.begin(), versions.end(), [](auto& x, auto& y) {
      return x.ws.size() != y.ws.size() ? x.ws.size() > y.ws.size() : x.quotes.size() > y.quotes.size();
    });
    const Version& ref = versions[0];
    const std::string subject = fmt::format("{}", fmt::join(ref.ws, " "));
    // The reference's evidence is its first quotes in document order, not every copy: each
    // other version's finding would repeat them all, and a statement quoted in N places would
    // cost N^2 evidence. Every quote of the differing version is listed.
    std::vector<Evidence> ref_evidence;
    for (std::size_t i = 0; i < ref.quotes.size() && i < k_reference_evidence; ++i)
      ref_evidence.push_back(quote_evidence(*ref.quotes[i]));
    const std::string ref_outlets = outlets_of(ref.quotes);
    std::string not_listed;
    if (ref.quotes.size() > k_reference_evidence)
      not_listed = fmt::format("; the reference wording is quoted in {} places, the first {} listed", ref.quotes.size(),
                               k_reference_evidence);
    for (std::size_t v = 1; v < versions.size(); ++v) {
      const Version& other = versions[v];
      // Align the other version inside the reference (longest common subsequence); what
      // lies outside the aligned region was trimmed, what differs inside it was altered.
      auto pairs = common_pairs(ref.ws, other.ws);
      if (pairs.empty()) continue;
      std::size_t r0 = pairs.front().first, r1 = pairs.back().first + 1;
      std::size_t o0 = pairs.front().second, o1 = pairs.back().second + 1;
      std::vector<std::string> ref_inner(ref.ws.begin() + static_cast<long>(r0), ref.ws.begin() + static_cast<long>(r1));
      std::vector<std::string> other_inner(other.ws.begin() + static_cast<long>(o0), other.ws.begin() + static_cast<long>(o1));
      WordDiff inner = word_diff(ref_inner, other_inner);
      bool trimmed = r0 > 0 || r1 < ref.ws.size();
      std::vector<Evidence> ev = ref_evidence;
      for (auto* q : other.quotes) ev.push_back(quote_evidence(*q));
      // The id: the two wordings, however many copies of each there are.
      const std::vector<std::string> id_texts{subject, fmt::format("{}", fmt::join(other.ws, " "))};
      const std::string other_outlets = outlets_of(other.quotes);
      if (!inner.removed.empty() || !inner.added.empty()) {
        bool serious = false;
        std::string why;
        for (auto* list : {&inner.removed, &inner.added})
          for (auto& w : *list) {
            if (is_negation(w)) {
              serious = true;
              why = "a negation differs";
            } else if (is_number(w) && !serious) {
              serious = true;
              why = "a number differs";
            }
          }
        auto show = [](const std::vector<std::string>& w) {
          std::string shown;
          for (std::size_t i = 0; i < w.size() && i < 12; ++i) shown += (i ? " " : "") + w[i];
          if (w.size() > 12) shown += " ...";
          return shown;
        };
        std::string msg = fmt::format("quote differs between {} and {}: ", ref_outlets, other_outlets);
        if (!inner.removed.empty()) msg += fmt::format("-[{}]", show(inner.removed));
        if (!inner.added.empty()) msg += fmt::format("{}+[{}]", inner.removed.empty() ? "" : " ", show(inner.added));
        if (serious) msg += fmt::format(" ({})", why);
        msg += not_listed;
        add("quote-altered", msg, subject, s.speaker, s.id, ev,
            serious ? std::optional<Severity>(Severity::error) : std::nullopt, &id_texts);
      }
      if (trimmed) {
        add("quote-trimmed",
            fmt::format("{} quote{} {} of the {} words that {} quote{}{}", other_outlets,
                        other.quotes.size() == 1 ? "s" : "", other.ws.size(), ref.ws.size(), ref_outlets,
                        ref.quotes.size() == 1 ? "s" : "", not_listed),
            subject, s.speaker, s.id, std::move(ev), std::nullopt, &id_texts);
      }
    }
  }

  // The outlets (or documents) of some quotes, sorted; past k_max_outlets_named, the first
  // few and "(+N more)".
  std::string outlets_of(const std::vector<const Quote*>& qs) const {
    std::set<std::string> names;
    for (auto* q : qs) {
      const auto& d = a.docs[q->doc];
      const std::string& outlet = q->segment < d.segments.size() ? d.segments[q->segment].outlet : d.outlet;
      names.insert(outlet.empty() ? d.id : outlet);
    }
    std::string s;
    std::size_t shown = 0;
    for (auto& n : names) {
      if (names.size() > k_max_outlets_named && shown + 1 == k_max_outlets_named) break;
      s += (s.empty() ? "" : ", ") + n;
      ++shown;
    }
    if (shown < names.size()) s += fmt::format(" (+{} more)", names.size() - shown);
    return s;
  }

  void unbalanced() {
    for (const auto* q : all) {
      if (!q->span.unbalanced) continue;
      auto e = quote_evidence(*q);
      add("unbalanced-quote", "quotation mark opened here is never closed; the quote is taken to end with its paragraph",
          e.doc, "", q->statement, {e});
    }
    for (std::size_t d = 0; d < a.docs.size(); ++d)
      for (auto& m : a.docs[d].stray_marks) {
        Evidence e;
        e.doc = a.docs[d].id;
        e.path = a.docs[d].path;
        e.outlet = a.docs[d].outlet;
        e.pos = m.pos;
        e.start = m.offset;
        e.end = m.offset + 1;
        e.text = m.context;
        add("unbalanced-quote", "closing quotation mark with no opening one", e.doc, "", "", {e});
      }
  }

  void unattributed() {
    for (const auto* q : all) {
      if (q->speaker || q->kind != QuoteKind::direct) continue;
      add("unattributed-quote", "direct quote with no speaker found", a.docs[q->doc].id, "", q->statement, {quote_evidence(*q)});
    }
  }
};

}  // namespace

std::vector<Finding> run_checks(const Analysis& analysis, const RulePack& pack) {
  Context c{analysis, pack, {}, {}, {}};
  for (auto& d : analysis.docs)
    for (auto& q : d.quotes) c.all.push_back(&q);
  for (auto& e : analysis.entities) c.entities[e.id] = &e;
  c.affiliation_conflicts();
  c.role_holder_conflicts();
  c.statement_checks();
  c.name_variants();
  c.title_variants();
  c.unbalanced();
  c.unattributed();
  auto order = [](const std::string& check) {
    auto& ids = check_ids();
    return std::find(ids.begin(), ids.end(), check) - ids.begin();
  };
  std::stable_sort(c.out.begin(), c.out.end(), [&](const Finding& x, const Finding& y) {
    if (x.severity != y.severity) return x.severity > y.severity;
    if (x.check != y.check) return order(x.check) < order(y.check);
    auto kx = x.evidence.empty() ? std::make_tuple(std::string(), std::size_t{0}) : std::make_tuple(x.evidence[0].doc, x.evidence[0].start);
    auto ky = y.evidence.empty() ? std::make_tuple(std::string(), std::size_t{0}) : std::make_tuple(y.evidence[0].doc, y.evidence[0].start);
    if (kx != ky) return kx < ky;
    return x.id < y.id;
  });
  // The same finding twice (same id) is reported once.
  std::set<std::string> seen;
  std::erase_if(c.out, [&](const Finding& f) { return !seen.insert(f.id).second; });
  return c.out;
}

}  // namespace quotecheck
