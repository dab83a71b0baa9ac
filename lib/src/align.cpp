// quotecheck - aligning quotes into statements through a shingle index.
#include "quotecheck/align.hpp"

#include <algorithm>
#include <numeric>
#include <string_view>
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

constexpr std::size_t k_max_lcs_words = 600;

// Length of the longest common subsequence of two word sequences (ids or strings).
template <typename T>
std::size_t lcs(const std::vector<T>& a, const std::vector<T>& b) {
  std::vector<std::size_t> prev(b.size() + 1, 0), cur(b.size() + 1, 0);
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j)
      cur[j] = a[i - 1] == b[j - 1] ? prev[j - 1] + 1 : std::max(prev[j], cur[j - 1]);
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

// The words two sorted multisets have in common.
std::size_t sorted_overlap(const std::vector<std::uint32_t>& a, const std::vector<std::uint32_t>& b) {
  std::size_t i = 0, j = 0, n = 0;
  while (i < a.size() && j < b.size()) {
    if (a[i] < b[j]) ++i;
    else if (b[j] < a[i]) ++j;
    else ++n, ++i, ++j;
  }
  return n;
}

// The decision of relate(), from the sizes, the common word count and a lazily computed LCS.
template <typename Lcs>
std::optional<Relation> decide(std::size_t size_a, std::size_t size_b, std::size_t common, const AlignmentConfig& config,
                               Lcs&& lcs_length) {
  std::size_t shorter = std::min(size_a, size_b), longer = std::max(size_a, size_b);
  if (common * 2 < shorter) return std::nullopt;  // cheap reject before the LCS
  if (longer <= k_max_lcs_words) {
    std::size_t l = lcs_length();
    if (static_cast<double>(l) >= config.trimmed_min_containment * static_cast<double>(shorter) && longer > shorter)
      return Relation::trimmed;
  }
  double dice = 2.0 * static_cast<double>(common) / static_cast<double>(size_a + size_b);
  if (dice >= config.reworded_min_dice && common >= config.min_words) return Relation::reworded;
  if (longer > shorter && static_cast<double>(common) >= config.trimmed_min_containment * static_cast<double>(shorter))
    return Relation::trimmed;
  return std::nullopt;
}

// One distinct word sequence among the quotes: identical quotes are aligned once.
struct Text {
  std::vector<std::uint32_t> ids;     // the words, as ids
  std::vector<std::uint32_t> sorted;  // the same, sorted (for the overlap)
  std::vector<std::uint64_t> shingles;
  std::size_t quotes = 1;  // how many quotes have these words
};

// The texts holding one shingle, and how many quotes they are.
struct Posting {
  std::vector<std::uint32_t> texts;
  std::size_t quotes = 0;
};

}  // namespace

std::optional<Relation> relate(const std::vector<std::string>& a, const std::vector<std::string>& b,
                               const AlignmentConfig& config) {
  std::size_t shorter = std::min(a.size(), b.size());
  if (shorter < config.min_words) return std::nullopt;
  if (a == b) return Relation::identical;
  // Common words (a multiset intersection), through ids.
  std::unordered_map<std::string_view, std::uint32_t> ids;
  auto to_ids = [&](const std::vector<std::string>& ws) {
    std::vector<std::uint32_t> out;
    out.reserve(ws.size());
    for (auto& w : ws) out.push_back(ids.try_emplace(w, static_cast<std::uint32_t>(ids.size())).first->second);
    return out;
  };
  auto ia = to_ids(a), ib = to_ids(b);
  auto sa = ia, sb = ib;
  std::sort(sa.begin(), sa.end());
  std::sort(sb.begin(), sb.end());
  return decide(a.size(), b.size(), sorted_overlap(sa, sb), config, [&] { return lcs(ia, ib); });
}

std::vector<Statement> align_statements(std::vector<Quote*>& quotes, const AlignmentConfig& config) {
  // Words as ids, and each distinct word sequence once: copies of one quote across outlets
  // (the common case) are one text, joined without comparing them pairwise.
  std::unordered_map<std::string, std::uint32_t> word_ids;
  std::vector<Text> texts;
  std::vector<std::uint32_t> text_of(quotes.size());
  {
    std::unordered_map<std::string, std::uint32_t> text_index;  // key: the ids' bytes
    // The same characters are the same words: a copy of a quote is not split into words again.
    std::unordered_map<std::string_view, std::uint32_t> same_chars;
    std::vector<std::uint32_t> ids;
    for (std::size_t i = 0; i < quotes.size(); ++i) {
      if (auto it = same_chars.find(quotes[i]->span.text); it != same_chars.end()) {
        ++texts[it->second].quotes;
        text_of[i] = it->second;
        continue;
      }
      ids.clear();
      for (auto& w : words(quotes[i]->span.text))
        ids.push_back(word_ids.try_emplace(std::move(w), static_cast<std::uint32_t>(word_ids.size())).first->second);
      // Quotes too short to align stay apart, even when identical.
      if (ids.size() >= config.min_words) {
        auto [it, fresh] = text_index.try_emplace(
            std::string(reinterpret_cast<const char*>(ids.data()), ids.size() * sizeof(std::uint32_t)),
            static_cast<std::uint32_t>(texts.size()));
        same_chars.emplace(quotes[i]->span.text, it->second);
        if (!fresh) {
          ++texts[it->second].quotes;
          text_of[i] = it->second;
          continue;
        }
      }
      text_of[i] = static_cast<std::uint32_t>(texts.size());
      Text t;
      t.ids = ids;
      texts.push_back(std::move(t));
    }
  }
  word_ids.clear();

  // Shingle index: hash of k consecutive words -> the texts holding it.
  std::unordered_map<std::uint64_t, Posting> postings;
  std::size_t k = config.shingle;
  for (std::size_t t = 0; t < texts.size(); ++t) {
    auto& x = texts[t];
    const auto& w = x.ids;
    if (w.size() < config.min_words) continue;
    x.sorted = w;
    std::sort(x.sorted.begin(), x.sorted.end());
    std::size_t n = w.size() >= k ? w.size() - k + 1 : 1;
    x.shingles.reserve(n);
    for (std::size_t s = 0; s < n; ++s) {
      std::size_t len = std::min(w.size(), s + k) - s;
      x.shingles.push_back(fingerprint64(std::string_view(reinterpret_cast<const char*>(w.data() + s), len * sizeof(std::uint32_t))));
    }
    std::sort(x.shingles.begin(), x.shingles.end());
    x.shingles.erase(std::unique(x.shingles.begin(), x.shingles.end()), x.shingles.end());
    for (auto h : x.shingles) {
      auto& p = postings[h];
      p.texts.push_back(static_cast<std::uint32_t>(t));
      p.quotes += x.quotes;
    }
  }

  std::vector<std::size_t> parent(texts.size());
  std::iota(parent.begin(), parent.end(), 0);
  auto find = [&](std::size_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  };
  std::vector<std::uint32_t> cands;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    cands.clear();
    for (auto h : texts[i].shingles) {
      const auto& p = postings[h];
      // Boilerplate: a shingle in more quotes than this tells nothing, and would make the
      // candidate lists grow with the square of the archive.
      if (p.quotes > config.max_postings) continue;
      for (auto j : p.texts)
        if (j > i) cands.push_back(j);
    }
    std::sort(cands.begin(), cands.end());
    cands.erase(std::unique(cands.begin(), cands.end()), cands.end());
    const Text& a = texts[i];
    for (auto j : cands) {
      if (find(i) == find(j)) continue;
      const Text& b = texts[j];
      if (decide(a.ids.size(), b.ids.size(), sorted_overlap(a.sorted, b.sorted), config, [&] { return lcs(a.ids, b.ids); }))
        parent[find(j)] = find(i);
    }
  }
  postings.clear();
  // Statements in order of their first quote.
  std::vector<Statement> out;
  std::vector<std::uint32_t> of_root(texts.size(), UINT32_MAX);
  for (std::size_t i = 0; i < quotes.size(); ++i) {
    auto r = find(text_of[i]);
    if (of_root[r] == UINT32_MAX) {
      of_root[r] = static_cast<std::uint32_t>(out.size());
      out.push_back({});
      out.back().id = "s" + std::to_string(out.size());
    }
    auto& s = out[of_root[r]];
    s.quotes.push_back(i);
    quotes[i]->statement = s.id;
  }
  for (auto& s : out) {
    if (s.quotes.size() == 1) {
      if (quotes[s.quotes[0]]->speaker) s.speaker = quotes[s.quotes[0]]->speaker->entity;
      continue;
    }
    std::unordered_map<std::string_view, std::size_t> votes;
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
