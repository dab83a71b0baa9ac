// quotecheck - joining mentions into entities.
#include "quotecheck/entities.hpp"

#include <utf8proc.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <numeric>
#include <set>

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
  utf8proc_uint8_t* mapped = nullptr;
  std::string valid = to_valid_utf8(name);
  auto n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(valid.data()), static_cast<utf8proc_ssize_t>(valid.size()),
                        &mapped,
                        static_cast<utf8proc_option_t>(UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD | UTF8PROC_COMPAT));
  std::string s = n >= 0 && mapped ? std::string(reinterpret_cast<char*>(mapped), static_cast<std::size_t>(n)) : valid;
  std::free(mapped);
  s = normalize(s);
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
  for (char c : s)
    if (c != '.') out += c;
  std::string result;
  for (auto& tok : key_tokens(out)) {
    if (tok.size() == 1) continue;
    if (!result.empty()) result += ' ';
    result += tok;
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
  std::string best_name;
  bool person = true;
  Gender gender = Gender::unknown;
  std::vector<std::pair<std::size_t, std::size_t>> mentions;  // (doc, mention index)
  std::map<std::string, std::size_t> spellings;               // name -> count
  std::size_t first_doc = 0, first_pos = 0;
  int parent = -1;
};

int find(std::vector<Cluster>& cs, int i) {
  while (cs[static_cast<std::size_t>(i)].parent >= 0) i = cs[static_cast<std::size_t>(i)].parent;
  return i;
}

void absorb(Cluster& into, const Cluster& from) {
  if (from.tokens.size() > into.tokens.size()) into.tokens = from.tokens;
  into.mentions.insert(into.mentions.end(), from.mentions.begin(), from.mentions.end());
  for (auto& [s, n] : from.spellings) into.spellings[s] += n;
  if (into.gender == Gender::unknown) into.gender = from.gender;
  if (std::tie(from.first_doc, from.first_pos) < std::tie(into.first_doc, into.first_pos)) {
    into.first_doc = from.first_doc;
    into.first_pos = from.first_pos;
  }
}

}  // namespace

std::vector<Entity> resolve_entities(std::vector<DocumentResult>& docs) {
  std::vector<Cluster> clusters;
  // 1. Within each document: full names, then bare surnames to the nearest earlier full name.
  for (std::size_t d = 0; d < docs.size(); ++d) {
    auto& ms = docs[d].mentions;
    std::vector<std::size_t> order(ms.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return ms[a].start < ms[b].start; });
    std::vector<int> doc_clusters;  // cluster ids of this document, in order of creation
    std::vector<std::pair<std::size_t, int>> seen;  // (position, cluster) of full names
    auto new_cluster = [&](std::size_t i, const std::vector<std::string>& toks) {
      Cluster c;
      c.tokens = toks;
      c.person = ms[i].person;
      c.gender = ms[i].gender;
      c.first_doc = d;
      c.first_pos = ms[i].start;
      clusters.push_back(std::move(c));
      doc_clusters.push_back(static_cast<int>(clusters.size() - 1));
      return static_cast<int>(clusters.size() - 1);
    };
    // Full names first so that a surname before its full name still finds it.
    for (int pass = 0; pass < 2; ++pass) {
      for (std::size_t i : order) {
        auto& m = ms[i];
        if (m.name.empty()) continue;
        auto toks = key_tokens(name_key(m.name));
        if (toks.empty()) continue;
        bool full = toks.size() >= 2 && m.person;
        if ((pass == 0) != full) continue;
        int target = -1;
        if (full) {
          for (int c : doc_clusters)
            if (clusters[static_cast<std::size_t>(c)].person && same_person(clusters[static_cast<std::size_t>(c)].tokens, toks)) target = c;
        } else if (m.person) {
          // Nearest earlier full name holding this token; else the first later one.
          std::size_t best_pos = 0;
          for (auto& [pos, c] : seen) {
            if (!contains_tokens(clusters[static_cast<std::size_t>(c)].tokens, toks)) continue;
            if (pos <= m.start && (target < 0 || pos >= best_pos)) {
              target = c;
              best_pos = pos;
            }
          }
          if (target < 0)
            for (auto& [pos, c] : seen)
              if (contains_tokens(clusters[static_cast<std::size_t>(c)].tokens, toks)) {
                target = c;
                break;
              }
          if (target < 0)
            for (int c : doc_clusters)
              if (clusters[static_cast<std::size_t>(c)].tokens == toks) target = c;
        } else {
          for (int c : doc_clusters)
            if (!clusters[static_cast<std::size_t>(c)].person && clusters[static_cast<std::size_t>(c)].tokens == toks) target = c;
        }
        if (target < 0) target = new_cluster(i, toks);
        auto& c = clusters[static_cast<std::size_t>(target)];
        if (toks.size() > c.tokens.size()) c.tokens = toks;
        if (c.gender == Gender::unknown) c.gender = m.gender;
        c.mentions.push_back({d, i});
        c.spellings[m.name] += 1;
        if (full) seen.push_back({m.start, target});
      }
    }
  }
  // 2. Across documents: same person by full name; a surname-only cluster joins the one
  // full-name cluster that holds it, when there is exactly one.
  std::vector<int> ids(clusters.size());
  std::iota(ids.begin(), ids.end(), 0);
  std::map<std::string, std::vector<int>> by_last;
  for (int i : ids)
    if (!clusters[static_cast<std::size_t>(i)].tokens.empty())
      by_last[clusters[static_cast<std::size_t>(i)].tokens.back()].push_back(i);
  for (auto& [last, group] : by_last) {
    for (std::size_t x = 0; x < group.size(); ++x)
      for (std::size_t y = x + 1; y < group.size(); ++y) {
        int a = find(clusters, group[x]), b = find(clusters, group[y]);
        if (a == b) continue;
        auto& ca = clusters[static_cast<std::size_t>(a)];
        auto& cb = clusters[static_cast<std::size_t>(b)];
        if (ca.person != cb.person) continue;
        if (ca.tokens.size() >= 2 && cb.tokens.size() >= 2 && same_person(ca.tokens, cb.tokens)) {
          absorb(ca, cb);
          cb.parent = a;
        }
      }
  }
  // Short names (one token, or tokens held by a longer name) to a unique holder.
  for (std::size_t i = 0; i < clusters.size(); ++i) {
    if (clusters[i].parent >= 0) continue;
    const auto& toks = clusters[i].tokens;
    int holder = -1;
    bool ambiguous = false;
    for (std::size_t j = 0; j < clusters.size(); ++j) {
      if (j == i || clusters[j].parent >= 0 || clusters[j].person != clusters[i].person) continue;
      if (clusters[j].tokens.size() <= toks.size()) continue;
      if (!contains_tokens(clusters[j].tokens, toks)) continue;
      if (holder >= 0 && holder != static_cast<int>(j)) ambiguous = true;
      holder = static_cast<int>(j);
    }
    if (holder >= 0 && !ambiguous) {
      absorb(clusters[static_cast<std::size_t>(holder)], clusters[i]);
      clusters[i].parent = holder;
    }
  }
  // 3. Entities in order of first appearance.
  std::vector<int> roots;
  for (std::size_t i = 0; i < clusters.size(); ++i)
    if (clusters[i].parent < 0 && !clusters[i].mentions.empty()) roots.push_back(static_cast<int>(i));
  std::sort(roots.begin(), roots.end(), [&](int a, int b) {
    auto& ca = clusters[static_cast<std::size_t>(a)];
    auto& cb = clusters[static_cast<std::size_t>(b)];
    return std::tie(ca.first_doc, ca.first_pos, a) < std::tie(cb.first_doc, cb.first_pos, b);
  });
  std::vector<Entity> out;
  std::vector<std::string> entity_of(clusters.size());
  for (int r : roots) {
    auto& c = clusters[static_cast<std::size_t>(r)];
    Entity e;
    e.id = "e" + std::to_string(out.size() + 1);
    e.person = c.person;
    e.gender = c.gender;
    // Name: most words, then most used, then first in sort order.
    std::string best;
    std::size_t best_words = 0, best_count = 0;
    for (auto& [s, n] : c.spellings) {
      std::size_t w = key_tokens(name_key(s)).size() + (s.find('.') != std::string::npos ? 0 : 0);
      if (w > best_words || (w == best_words && n > best_count)) {
        best = s;
        best_words = w;
        best_count = n;
      }
    }
    e.name = best;
    for (auto& [s, n] : c.spellings)
      if (s != best) e.aliases.push_back(s);
    std::sort(c.mentions.begin(), c.mentions.end());
    std::set<std::pair<std::size_t, std::string>> spelled;
    std::set<std::tuple<std::size_t, std::size_t>> desc_seen;
    for (auto& [d, i] : c.mentions) {
      auto& m = docs[d].mentions[i];
      m.entity = e.id;
      for (auto& desc : m.descriptors)
        if (desc_seen.insert({d, desc.start}).second) e.descriptors.push_back({desc, d, m.segment});
      if (m.person && spelled.insert({d, spelling_key(m.name)}).second)
        e.spellings.push_back({m.name, d, m.segment, m.start, m.end, m.pos});
    }
    out.push_back(std::move(e));
  }
  std::map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < out.size(); ++i) index[out[i].id] = i;
  for (auto& doc : docs)
    for (auto& q : doc.quotes) {
      if (!q.speaker || q.speaker->mention_index < 0) continue;
      auto& m = doc.mentions[static_cast<std::size_t>(q.speaker->mention_index)];
      q.speaker->entity = m.entity;
      if (auto it = index.find(m.entity); it != index.end()) q.speaker->name = out[it->second].name;
    }
  return out;
}

}  // namespace quotecheck
