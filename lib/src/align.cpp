// quotecheck - aligning quotes into statements through a shingle index.
#include "quotecheck/align.hpp"

#include <algorithm>
#include <numeric>
#include <unordered_map>

#include "quotecheck/text.hpp"

namespace quotecheck {

const char* relation_name(Relation r) {
  switch (r) {
    case Relation::identical: return "identical";
    case Relation::trimmed: return "trimmed";
    case Relation::reworded: return "reworded";
  }
  return "identical";
}

namespace {

std::size_t overlap(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  std::unordered_map<std::string_view, int> counts;
  for (auto& w : a) ++counts[w];
  std::size_t n = 0;
  for (auto& w : b) {
    auto it = counts.find(w);
    if (it != counts.end() && it->second > 0) {
      --it->second;
      ++n;
    }
  }
  return n;
}

// Length of the longest common subsequence of words (quotes are capped in length by the caller).
std::size_t lcs(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  std::vector<std::size_t> prev(b.size() + 1, 0), cur(b.size() + 1, 0);
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j)
      cur[j] = a[i - 1] == b[j - 1] ? prev[j - 1] + 1 : std::max(prev[j], cur[j - 1]);
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

}  // namespace

std::optional<Relation> relate(const std::vector<std::string>& a, const std::vector<std::string>& b,
                               const AlignmentConfig& config) {
  std::size_t shorter = std::min(a.size(), b.size()), longer = std::max(a.size(), b.size());
  if (shorter < config.min_words) return std::nullopt;
  if (a == b) return Relation::identical;
  std::size_t common = overlap(a, b);
  if (common * 2 < shorter) return std::nullopt;  // cheap reject before the LCS
  constexpr std::size_t k_max_lcs_words = 600;
  if (longer <= k_max_lcs_words) {
    std::size_t l = lcs(a, b);
    if (static_cast<double>(l) >= config.trimmed_min_containment * static_cast<double>(shorter) && longer > shorter)
      return Relation::trimmed;
  }
  double dice = 2.0 * static_cast<double>(common) / static_cast<double>(a.size() + b.size());
  if (dice >= config.reworded_min_dice && common >= config.min_words) return Relation::reworded;
  if (longer > shorter && static_cast<double>(common) >= config.trimmed_min_containment * static_cast<double>(shorter))
    return Relation::trimmed;
  return std::nullopt;
}

std::vector<Statement> align_statements(std::vector<Quote*>& quotes, const AlignmentConfig& config) {
  std::vector<std::vector<std::string>> ws(quotes.size());
  for (std::size_t i = 0; i < quotes.size(); ++i) ws[i] = words(quotes[i]->span.text);

  // Shingle index: hash of k consecutive words -> quotes holding it.
  std::unordered_map<std::uint64_t, std::vector<std::uint32_t>> postings;
  std::vector<std::vector<std::uint64_t>> shingles(quotes.size());
  std::size_t k = config.shingle;
  for (std::size_t i = 0; i < quotes.size(); ++i) {
    const auto& w = ws[i];
    if (w.size() < config.min_words) continue;
    std::size_t n = w.size() >= k ? w.size() - k + 1 : 1;
    auto& sh = shingles[i];
    sh.reserve(n);
    for (std::size_t s = 0; s < n; ++s) {
      std::string joined;
      for (std::size_t t = s; t < std::min(w.size(), s + k); ++t) {
        joined += w[t];
        joined += ' ';
      }
      sh.push_back(fingerprint64(joined));
    }
    std::sort(sh.begin(), sh.end());
    sh.erase(std::unique(sh.begin(), sh.end()), sh.end());
    for (auto h : sh) postings[h].push_back(static_cast<std::uint32_t>(i));
  }

  std::vector<std::size_t> parent(quotes.size());
  std::iota(parent.begin(), parent.end(), 0);
  auto find = [&](std::size_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  };
  std::vector<std::uint32_t> cands;
  for (std::size_t i = 0; i < quotes.size(); ++i) {
    cands.clear();
    for (auto h : shingles[i]) {
      const auto& p = postings[h];
      if (p.size() > config.max_postings) continue;  // boilerplate: too common to tell anything
      for (auto j : p)
        if (j > i) cands.push_back(j);
    }
    std::sort(cands.begin(), cands.end());
    cands.erase(std::unique(cands.begin(), cands.end()), cands.end());
    for (auto j : cands) {
      if (find(i) == find(j)) continue;
      if (relate(ws[i], ws[j], config)) parent[find(j)] = find(i);
    }
  }
  // Statements in order of their first quote.
  std::vector<Statement> out;
  std::unordered_map<std::size_t, std::size_t> of_root;
  for (std::size_t i = 0; i < quotes.size(); ++i) {
    auto r = find(i);
    auto [it, fresh] = of_root.try_emplace(r, out.size());
    if (fresh) {
      out.push_back({});
      out.back().id = "s" + std::to_string(out.size());
    }
    out[it->second].quotes.push_back(i);
    quotes[i]->statement = out[it->second].id;
  }
  for (auto& s : out) {
    std::unordered_map<std::string, std::size_t> votes;
    for (auto qi : s.quotes)
      if (quotes[qi]->speaker && !quotes[qi]->speaker->entity.empty()) ++votes[quotes[qi]->speaker->entity];
    std::size_t best = 0;
    for (auto qi : s.quotes) {
      if (!quotes[qi]->speaker) continue;
      auto& e = quotes[qi]->speaker->entity;
      if (!e.empty() && votes[e] > best) {
        best = votes[e];
        s.speaker = e;
      }
    }
  }
  return out;
}

}  // namespace quotecheck
