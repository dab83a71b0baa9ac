// quotecheck - joining mentions into entities.
#include "quotecheck/entities.hpp"

#include <utf8proc.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <numeric>
#include <set>
#include <unordered_map>

#include "names.hpp"

namespace quotecheck {

namespace detail {

std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t limit) {
  if (a.size() > b.size()) std::swap(a, b);
  if (b.size() - a.size() > limit) return limit + 1;
  std::vector<std::size_t> row(a.size() + 1);
  std::iota(row.begin(), row.end(), 0);
  for (std::size_t j = 1; j <= b.size(); ++j) {
    std::size_t prev = row[0], best = j;
    row[0] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
      std::size_t cur = row[i];
      row[i] = std::min({row[i] + 1, row[i - 1] + 1, prev + (a[i - 1] == b[j - 1] ? 0 : 1)});
      prev = cur;
      best = std::min(best, row[i]);
    }
    if (best > limit) return limit + 1;
  }
  return row[a.size()];
}

std::vector<std::string> key_tokens(const std::string& key) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < key.size()) {
    std::size_t j = key.find(' ', i);
    if (j == std::string::npos) j = key.size();
    if (j > i) out.push_back(key.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

}  // namespace detail

using detail::key_tokens;

std::string name_key(std::string_view name) {
  std::string s;
  if (std::all_of(name.begin(), name.end(), [](char c) { return c >= 0x20 && c < 0x7F; })) {
    // Printable ASCII (most names): decomposing, stripping marks and folding compatibility
    // forms change none of it, and folding case is lowering A-Z, as normalize() does.
    s.assign(name);
    for (auto& c : s)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  } else {
    utf8proc_uint8_t* mapped = nullptr;
    std::string valid = to_valid_utf8(name);
    auto n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(valid.data()), static_cast<utf8proc_ssize_t>(valid.size()),
                          &mapped,
                          static_cast<utf8proc_option_t>(UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD | UTF8PROC_COMPAT));
    s = n >= 0 && mapped ? std::string(reinterpret_cast<char*>(mapped), static_cast<std::size_t>(n)) : valid;
    std::free(mapped);
    s = normalize(s);
  }
  std::string cleaned;
  for (char c : s) {
    if (c == '-' || c == ' ' || c == ',') cleaned += ' ';
    else if (c == '.' || c == '\'') continue;
    else cleaned += c;
  }
  std::string out;
  for (auto& tok : key_tokens(cleaned)) {
    if (tok.size() == 1) continue;  // initials
    if (tok == "jr" || tok == "sr" || tok == "ii" || tok == "iii") continue;
    if (!out.empty()) out += ' ';
    out += tok;
  }
  return out;
}

namespace {

// A spelling kept for name-variant checks: lower case, no dots, hyphens kept, no initials.
std::string spelling_key(std::string_view name) {
  std::string s = normalize(name), out;
  out.reserve(s.size());
  for (char c : s)
    if (c != '.') out += c;
  // The tokens between spaces (key_tokens()), each of two bytes or more, joined by one space.
  std::string result;
  std::size_t i = 0;
  while (i < out.size()) {
    std::size_t j = out.find(' ', i);
    if (j == std::string::npos) j = out.size();
    if (j - i > 1) {
      if (!result.empty()) result += ' ';
      result.append(out, i, j - i);
    }
    i = j + 1;
  }
  return result;
}

bool contains_tokens(const std::vector<std::string>& hay, const std::vector<std::string>& needle) {
  // Every needle token appears in hay, in order.
  std::size_t j = 0;
  for (std::size_t i = 0; i < hay.size() && j < needle.size(); ++i)
    if (hay[i] == needle[j]) ++j;
  return j == needle.size();
}

bool similar_given(const std::string& a, const std::string& b) {
  if (a == b) return true;
  if (a.empty() || b.empty() || a[0] != b[0] || a.size() < 3 || b.size() < 3) return false;
  return detail::edit_distance(a, b, 2) <= (std::min(a.size(), b.size()) >= 5 ? 2u : 1u);
}

// Returns true iff full keys `a` and `b` name one person: same last name and similar given
// names (Nouri / Nuri), or one holds the other's tokens in order (Kazemi Qomi / Hassan Kazemi Qomi).
bool same_person(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  if (a.empty() || b.empty()) return false;
  if (a == b) return true;
  if (a.back() != b.back()) return false;
  if (a.size() == b.size()) {
    for (std::size_t i = 0; i + 1 < a.size(); ++i)
      if (!similar_given(a[i], b[i])) return false;
    return true;
  }
  const auto& shorter = a.size() < b.size() ? a : b;
  const auto& longer = a.size() < b.size() ? b : a;
  // The shorter one's first token must match one of the longer's (not only the surname).
  if (shorter.size() >= 2 && contains_tokens(longer, shorter)) return true;
  if (shorter.size() >= 2 && similar_given(shorter[0], longer[0])) {
    // Mohammad Zarif / Mohammad Javad Zarif
    return true;
  }
  return false;
}

struct Cluster {
  std::vector<std::string> tokens;  // of the most complete key
  bool person = true;
  Gender gender = Gender::unknown;
  std::map<std::string, std::size_t> spellings;  // name -> count
  std::size_t first_doc = 0, first_pos = 0;
  std::size_t doc = 0, local = 0;  // the document and its person this cluster began as
  int parent = -1;
};

int find(std::vector<Cluster>& cs, int i) {
  while (cs[static_cast<std::size_t>(i)].parent >= 0) i = cs[static_cast<std::size_t>(i)].parent;
  return i;
}

void absorb(Cluster& into, const Cluster& from) {
  if (from.tokens.size() > into.tokens.size()) into.tokens = from.tokens;
  for (auto& [s, n] : from.spellings) into.spellings[s] += n;
  if (into.gender == Gender::unknown) into.gender = from.gender;
  if (std::tie(from.first_doc, from.first_pos) < std::tie(into.first_doc, into.first_pos)) {
    into.first_doc = from.first_doc;
    into.first_pos = from.first_pos;
  }
}

std::string joined_tokens(const std::vector<std::string>& toks, bool person) {
  std::string key(person ? "p" : "o");
  for (auto& t : toks) {
    key += '\x1f';
    key += t;
  }
  return key;
}

}  // namespace

DocumentPeople document_people(const DocumentResult& doc) {
  DocumentPeople out;
  const auto& ms = doc.mentions;
  out.person_of.assign(ms.size(), -1);
  std::vector<std::size_t> order(ms.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return ms[a].start < ms[b].start; });
  auto& people = out.people;
  std::vector<std::map<std::string, std::size_t>> spellings;
  std::vector<std::pair<std::size_t, int>> seen;  // (position, person) of full names
  auto new_person = [&](std::size_t i, const std::vector<std::string>& toks) {
    DocumentPeople::Person p;
    p.tokens = toks;
    p.person = ms[i].person;
    p.gender = ms[i].gender;
    p.first_pos = ms[i].start;
    people.push_back(std::move(p));
    spellings.emplace_back();
    return static_cast<int>(people.size() - 1);
  };
  // Each lookup goes through an index, so a document of N mentions costs N log N, not N²:
  // full-name people by their last token (same_person() needs it equal), organisations and
  // one-token names by their tokens, and the full-name mentions (`seen`, in text order) by
  // each token of their person, for the surname lookups.
  std::unordered_map<std::string, std::vector<std::string>> key_of;  // a name as written -> its key tokens
  std::unordered_map<std::string, std::vector<int>> full_by_last;
  std::unordered_map<std::string, int> nonperson_by_tokens, single_by_token;
  std::unordered_map<std::string, std::vector<std::size_t>> seen_by_token;  // token -> indices into seen
  auto joined = [](const std::vector<std::string>& toks) {
    std::string k;
    for (auto& t : toks) (k += t) += '\x1f';
    return k;
  };
  // Full names first so that a surname before its full name still finds it.
  for (int pass = 0; pass < 2; ++pass) {
    if (pass == 1) {
      // The full-name people are complete now: a surname never changes their tokens.
      for (std::size_t k = 0; k < seen.size(); ++k) {
        std::set<std::string> distinct(people[static_cast<std::size_t>(seen[k].second)].tokens.begin(),
                                       people[static_cast<std::size_t>(seen[k].second)].tokens.end());
        for (auto& t : distinct) seen_by_token[t].push_back(k);
      }
    }
    for (std::size_t i : order) {
      auto& m = ms[i];
      if (m.name.empty()) continue;
      auto memo = key_of.find(m.name);
      if (memo == key_of.end()) memo = key_of.emplace(m.name, key_tokens(name_key(m.name))).first;
      const auto& toks = memo->second;
      if (toks.empty()) continue;
      bool full = toks.size() >= 2 && m.person;
      if ((pass == 0) != full) continue;
      int target = -1;
      auto at = [&](int c) -> DocumentPeople::Person& { return people[static_cast<std::size_t>(c)]; };
      if (full) {
        if (auto it = full_by_last.find(toks.back()); it != full_by_last.end())
          for (int c : it->second)
            if (at(c).person && same_person(at(c).tokens, toks)) target = c;
      } else if (m.person) {
        // Nearest earlier full name holding this token; else the first later one. Never one of
        // the other gender: "Ms. Trump" is not Donald Trump.
        auto fits = [&](int c) {
          return contains_tokens(at(c).tokens, toks) &&
                 (m.gender == Gender::unknown || at(c).gender == Gender::unknown || at(c).gender == m.gender);
        };
        if (auto it = seen_by_token.find(toks[0]); it != seen_by_token.end()) {
          const auto& ks = it->second;  // in text order
          auto after = std::upper_bound(ks.begin(), ks.end(), m.start,
                                        [&](std::size_t pos, std::size_t k) { return pos < seen[k].first; });
          for (auto k = after; k != ks.begin() && target < 0;)
            if (fits(seen[*--k].second)) target = seen[*k].second;
          for (auto k = after; k != ks.end() && target < 0; ++k)
            if (fits(seen[*k].second)) target = seen[*k].second;
        }
        if (target < 0)
          if (auto it = single_by_token.find(toks[0]); it != single_by_token.end()) target = it->second;
      } else {
        if (auto it = nonperson_by_tokens.find(joined(toks)); it != nonperson_by_tokens.end()) target = it->second;
      }
      if (target < 0) {
        target = new_person(i, toks);
        if (full) full_by_last[toks.back()].push_back(target);
        if (!m.person) nonperson_by_tokens[joined(toks)] = target;
        if (toks.size() == 1) single_by_token[toks[0]] = target;
      }
      auto& c = at(target);
      if (toks.size() > c.tokens.size()) c.tokens = toks;
      if (c.gender == Gender::unknown) c.gender = m.gender;
      out.person_of[i] = target;
      spellings[static_cast<std::size_t>(target)][m.name] += 1;
      // A name completed from a relation ("his wife, Jane" -> Jane Sanders: one word as written)
      // is never what a bare surname stands for.
      bool completed = m.text.find(' ') == std::string::npos && m.name.find(' ') != std::string::npos;
      if (full && !completed) seen.push_back({m.start, target});
    }
  }
  for (std::size_t p = 0; p < people.size(); ++p)
    people[p].spellings.assign(spellings[p].begin(), spellings[p].end());
  // What the entity keeps of the mentions, in mention order: each descriptor once (by its
  // place) and each spelling once.
  std::vector<std::set<std::size_t>> desc_seen(people.size());
  std::vector<std::set<std::string>> spelled(people.size());
  for (std::size_t i = 0; i < ms.size(); ++i) {
    int c = out.person_of[i];
    if (c < 0) continue;
    auto& p = people[static_cast<std::size_t>(c)];
    const auto& m = ms[i];
    for (auto& desc : m.descriptors)
      if (desc_seen[static_cast<std::size_t>(c)].insert(desc.start).second) {
        DocumentPeople::Described d{i, {desc, 0, m.segment}};
        d.use.descriptor.rule.clear();
        p.descriptors.push_back(std::move(d));
      }
    if (m.person && spelled[static_cast<std::size_t>(c)].insert(spelling_key(m.name)).second)
      p.names.push_back({i, {m.name, 0, m.segment, m.start, m.end, m.pos}});
  }
  return out;
}

std::vector<Entity> join_people(std::vector<DocumentResult>& docs, std::vector<DocumentPeople>& people,
                                std::size_t first_entity) {
  std::vector<Cluster> clusters;
  std::vector<std::size_t> first_cluster(people.size() + 1, 0);
  for (std::size_t d = 0; d < people.size(); ++d) {
    first_cluster[d] = clusters.size();
    for (std::size_t p = 0; p < people[d].people.size(); ++p) {
      auto& lp = people[d].people[p];
      Cluster c;
      c.tokens = lp.tokens;
      c.person = lp.person;
      c.gender = lp.gender;
      for (auto& [name, n] : lp.spellings) c.spellings.emplace_hint(c.spellings.end(), name, n);
      c.first_doc = d;
      c.first_pos = lp.first_pos;
      c.doc = d;
      c.local = p;
      clusters.push_back(std::move(c));
    }
  }
  first_cluster[people.size()] = clusters.size();

  // Across documents: same person by full name; a surname-only cluster joins the one
  // full-name cluster that holds it, when there is exactly one.
  std::map<std::string, std::vector<int>> by_last;
  for (std::size_t i = 0; i < clusters.size(); ++i)
    if (clusters[i].tokens.size() >= 2) by_last[clusters[i].tokens.back()].push_back(static_cast<int>(i));
  for (auto& [last, group] : by_last) {
    // One spelling written in many documents is one person: joined first, so that a common
    // name costs one comparison per distinct spelling, not one per pair of documents.
    std::unordered_map<std::string, int> first_of;
    std::vector<int> distinct;
    for (int g : group) {
      auto [it, fresh] = first_of.try_emplace(joined_tokens(clusters[static_cast<std::size_t>(g)].tokens,
                                                            clusters[static_cast<std::size_t>(g)].person), g);
      if (fresh) {
        distinct.push_back(g);
        continue;
      }
      absorb(clusters[static_cast<std::size_t>(it->second)], clusters[static_cast<std::size_t>(g)]);
      clusters[static_cast<std::size_t>(g)].parent = it->second;
    }
    for (std::size_t x = 0; x < distinct.size(); ++x)
      for (std::size_t y = x + 1; y < distinct.size(); ++y) {
        int a = find(clusters, distinct[x]), b = find(clusters, distinct[y]);
        if (a == b) continue;
        auto& ca = clusters[static_cast<std::size_t>(a)];
        auto& cb = clusters[static_cast<std::size_t>(b)];
        if (ca.person != cb.person) continue;
        if (same_person(ca.tokens, cb.tokens)) {
          absorb(ca, cb);
          cb.parent = a;
        }
      }
  }
  // Short names (one token, or tokens held by a longer name) to a unique holder. Holders
  // are found through an index of the tokens of the clusters that can hold a name.
  std::unordered_map<std::string_view, std::vector<int>> holding;
  for (std::size_t j = 0; j < clusters.size(); ++j) {
    if (clusters[j].parent >= 0 || clusters[j].tokens.size() < 2) continue;
    std::set<std::string_view> toks(clusters[j].tokens.begin(), clusters[j].tokens.end());
    for (auto t : toks) holding[t].push_back(static_cast<int>(j));
  }
  static const std::vector<int> k_none;
  for (std::size_t i = 0; i < clusters.size(); ++i) {
    if (clusters[i].parent >= 0) continue;
    const auto& toks = clusters[i].tokens;
    const std::vector<int>* rarest = nullptr;
    for (auto& t : toks) {
      auto it = holding.find(t);
      const auto* list = it == holding.end() ? &k_none : &it->second;
      if (!rarest || list->size() < rarest->size()) rarest = list;
    }
    if (!rarest) continue;
    int holder = -1;
    bool ambiguous = false;
    for (int j : *rarest) {
      auto& cj = clusters[static_cast<std::size_t>(j)];
      if (j == static_cast<int>(i) || cj.parent >= 0 || cj.person != clusters[i].person) continue;
      if (cj.tokens.size() <= toks.size()) continue;
      if (cj.gender != Gender::unknown && clusters[i].gender != Gender::unknown && cj.gender != clusters[i].gender) continue;
      if (!contains_tokens(cj.tokens, toks)) continue;
      if (holder >= 0 && holder != j) {
        ambiguous = true;
        break;
      }
      holder = j;
    }
    if (holder >= 0 && !ambiguous) {
      absorb(clusters[static_cast<std::size_t>(holder)], clusters[i]);
      clusters[i].parent = holder;
    }
  }
  // Entities in order of first appearance.
  std::vector<std::vector<int>> members(clusters.size());
  std::vector<int> roots;
  for (std::size_t i = 0; i < clusters.size(); ++i) {
    int r = find(clusters, static_cast<int>(i));
    if (r == static_cast<int>(i)) roots.push_back(r);
    members[static_cast<std::size_t>(r)].push_back(static_cast<int>(i));
  }
  std::sort(roots.begin(), roots.end(), [&](int a, int b) {
    auto& ca = clusters[static_cast<std::size_t>(a)];
    auto& cb = clusters[static_cast<std::size_t>(b)];
    return std::tie(ca.first_doc, ca.first_pos, a) < std::tie(cb.first_doc, cb.first_pos, b);
  });
  std::vector<Entity> out;
  out.reserve(roots.size());
  std::vector<std::uint32_t> entity_of(clusters.size());
  for (int r : roots) {
    auto& c = clusters[static_cast<std::size_t>(r)];
    Entity e;
    e.id = "e" + std::to_string(first_entity + out.size() + 1);
    e.person = c.person;
    e.gender = c.gender;
    // Name: most words, then most used, then first in sort order.
    std::string best;
    std::size_t best_words = 0, best_count = 0;
    for (auto& [s, n] : c.spellings) {
      std::size_t w = key_tokens(name_key(s)).size();
      if (w > best_words || (w == best_words && n > best_count)) {
        best = s;
        best_words = w;
        best_count = n;
      }
    }
    e.name = best;
    for (auto& [s, n] : c.spellings)
      if (s != best) e.aliases.push_back(s);
    // Descriptors and spellings in the order of the documents and their mentions; each
    // descriptor once per place, each spelling once per document.
    auto& ms = members[static_cast<std::size_t>(r)];
    std::sort(ms.begin(), ms.end());
    std::vector<std::tuple<std::size_t, std::size_t, EntityDescriptor*>> descs;
    std::vector<std::tuple<std::size_t, std::size_t, NameUse*>> names;
    for (int m : ms) {
      auto& cl = clusters[static_cast<std::size_t>(m)];
      entity_of[static_cast<std::size_t>(m)] = static_cast<std::uint32_t>(out.size());
      auto& lp = people[cl.doc].people[cl.local];
      for (auto& d : lp.descriptors) descs.emplace_back(cl.doc, d.mention, &d.use);
      for (auto& n : lp.names) names.emplace_back(cl.doc, n.first, &n.second);
    }
    auto by_place = [](auto& x, auto& y) { return std::tie(std::get<0>(x), std::get<1>(x)) < std::tie(std::get<0>(y), std::get<1>(y)); };
    if (ms.size() > 1) {
      std::stable_sort(descs.begin(), descs.end(), by_place);
      std::stable_sort(names.begin(), names.end(), by_place);
    }
    std::set<std::pair<std::size_t, std::size_t>> desc_seen;
    for (auto& [d, mi, ed] : descs)
      if (ms.size() == 1 || desc_seen.insert({d, ed->descriptor.start}).second) {
        ed->doc = d;
        e.descriptors.push_back(std::move(*ed));
      }
    std::set<std::pair<std::size_t, std::string>> spelled;
    for (auto& [d, mi, nu] : names)
      if (ms.size() == 1 || spelled.insert({d, spelling_key(nu->name)}).second) {
        nu->doc = d;
        e.spellings.push_back(std::move(*nu));
      }
    out.push_back(std::move(e));
  }
  // Each mention and each speaker gets its entity.
  for (std::size_t d = 0; d < docs.size() && d < people.size(); ++d) {
    auto& doc = docs[d];
    const auto& person_of = people[d].person_of;
    for (std::size_t i = 0; i < doc.mentions.size() && i < person_of.size(); ++i)
      if (person_of[i] >= 0)
        doc.mentions[i].entity = out[entity_of[first_cluster[d] + static_cast<std::size_t>(person_of[i])]].id;
    for (auto& q : doc.quotes) {
      if (!q.speaker || q.speaker->mention_index < 0) continue;
      auto mi = static_cast<std::size_t>(q.speaker->mention_index);
      if (mi >= person_of.size() || person_of[mi] < 0) {
        q.speaker->entity.clear();
        continue;
      }
      const Entity& e = out[entity_of[first_cluster[d] + static_cast<std::size_t>(person_of[mi])]];
      q.speaker->entity = e.id;
      q.speaker->name = e.name;
    }
  }
  return out;
}

std::vector<Entity> resolve_entities(std::vector<DocumentResult>& docs) {
  std::vector<DocumentPeople> people;
  people.reserve(docs.size());
  for (auto& d : docs) people.push_back(document_people(d));
  return join_people(docs, people);
}

}  // namespace quotecheck
