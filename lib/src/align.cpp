// quotecheck - aligning quotes into statements through a shingle index.
#include "quotecheck/align.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string_view>
#include <unordered_map>

#include "quotecheck/text.hpp"

namespace quotecheck {

std::optional<Relation> relate(std::string_view a, std::string_view b, const RulePack& pack) {
  auto p = align_passage(a, b, pack);
  if (!p) return std::nullopt;
  return p->relation;
}

namespace {

// One distinct canonical word sequence among the quotes: identical quotes are aligned once.
struct Text {
  std::vector<std::uint32_t> ids;  // the tokens, as ids
  std::vector<std::uint64_t> shingles;
  std::vector<std::uint32_t> sorted;  // the word ids, sorted (for the overlap bound)
  std::size_t quotes = 0;  // how many quotes have these words
  std::size_t words = 0;
  std::size_t first = 0;   // the first quote with these words
};

// The words two sorted multisets have in common: a bound on the equal words of any passage
// they share.
std::size_t sorted_overlap(const std::vector<std::uint32_t>& a, const std::vector<std::uint32_t>& b) {
  std::size_t i = 0, j = 0, n = 0;
  while (i < a.size() && j < b.size()) {
    if (a[i] < b[j]) ++i;
    else if (b[j] < a[i]) ++j;
    else ++n, ++i, ++j;
  }
  return n;
}

// The fewest equal words a passage of two quotes of `shorter` words must hold (passage.hpp).
double least_matches(std::size_t shorter, const AlignmentConfig& config) {
  if (shorter <= config.short_quote) return std::ceil(config.min_identity * static_cast<double>(shorter));
  return std::min(static_cast<double>(config.min_passage) + config.min_passage_share * static_cast<double>(shorter),
                  static_cast<double>(shorter));
}

}  // namespace

std::vector<Statement> align_statements(std::vector<Quote*>& quotes, const RulePack& pack) {
  const AlignmentConfig& config = pack.alignment;
  Normalizer norm(pack.normalization);
  TokenIds token_ids;
  std::vector<Text> texts;
  std::vector<std::uint32_t> text_of(quotes.size());
  {
    std::unordered_map<std::string, std::uint32_t> text_index;  // key: the ids' bytes
    // The same characters are the same tokens: a copy of a quote is not tokenised again.
    std::unordered_map<std::string_view, std::uint32_t> same_chars;
    for (std::size_t i = 0; i < quotes.size(); ++i) {
      if (auto it = same_chars.find(quotes[i]->span.text); it != same_chars.end()) {
        ++texts[it->second].quotes;
        text_of[i] = it->second;
        continue;
      }
      auto tokens = norm.tokens(quotes[i]->span.text);
      auto ids = token_ids.ids(tokens);
      // Quotes too short to align stay apart, even when identical.
      if (tokens.words >= config.min_words) {
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
      t.ids = std::move(ids);
      t.quotes = 1;
      t.words = tokens.words;
      t.first = i;
      texts.push_back(std::move(t));
    }
  }

  // Shingle index over the words (separators left out): hash of k words -> the texts holding it.
  std::unordered_map<std::uint64_t, std::vector<std::uint32_t>> postings;
  const std::size_t k = config.shingle;
  std::vector<std::uint32_t> w;
  for (std::size_t t = 0; t < texts.size(); ++t) {
    auto& x = texts[t];
    // A text one word under min_words is indexed too: it may be a longer one with a word dropped.
    if (x.words + 1 < config.min_words) continue;
    w.clear();
    for (auto id : x.ids)
      if (token_ids.words()[id][0] != '\x01') w.push_back(id);  // no ellipsis or bracket
    std::size_t n = w.size() >= k ? w.size() - k + 1 : 1;
    x.shingles.reserve(n);
    for (std::size_t s = 0; s < n; ++s) {
      std::size_t len = std::min(w.size(), s + k) - s;
      x.shingles.push_back(
          fingerprint64(std::string_view(reinterpret_cast<const char*>(w.data() + s), len * sizeof(std::uint32_t))));
    }
    std::sort(x.shingles.begin(), x.shingles.end());
    x.shingles.erase(std::unique(x.shingles.begin(), x.shingles.end()), x.shingles.end());
    x.sorted = w;
    std::sort(x.sorted.begin(), x.sorted.end());
    for (auto h : x.shingles) postings[h].push_back(static_cast<std::uint32_t>(t));
  }

  // References in order of priority: the wording most quoted, then the longest, then the first;
  // texts under min_words last (they are never a reference, but may join one).
  std::vector<std::uint32_t> order(texts.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::uint32_t x, std::uint32_t y) {
    bool sx = texts[x].words < config.min_words, sy = texts[y].words < config.min_words;
    if (sx != sy) return sy;
    if (texts[x].quotes != texts[y].quotes) return texts[x].quotes > texts[y].quotes;
    if (texts[x].words != texts[y].words) return texts[x].words > texts[y].words;
    return texts[x].first < texts[y].first;
  });
  // A text under min_words is a common phrase as often as a quote ("the best in the world"):
  // it joins a statement only as the words of the same person (its speaker's entity among the
  // reference's speakers).
  std::vector<std::vector<std::uint32_t>> quotes_of(texts.size());
  for (std::size_t i = 0; i < quotes.size(); ++i) quotes_of[text_of[i]].push_back(static_cast<std::uint32_t>(i));
  auto same_speaker = [&](std::uint32_t x, std::uint32_t y) {
    for (auto qx : quotes_of[x]) {
      const auto& sx = quotes[qx]->speaker;
      if (!sx || sx->entity.empty()) continue;
      for (auto qy : quotes_of[y])
        if (quotes[qy]->speaker && quotes[qy]->speaker->entity == sx->entity) return true;
    }
    return false;
  };
  constexpr std::uint32_t k_none = UINT32_MAX;
  std::vector<std::uint32_t> group(texts.size(), k_none);  // the reference text of each text
  std::vector<Relation> relation(texts.size(), Relation::identical);
  std::vector<std::uint32_t> cands;
  for (auto r : order) {
    if (group[r] != k_none) continue;
    group[r] = r;
    const Text& ref = texts[r];
    if (ref.words < config.min_words) continue;
    cands.clear();
    for (auto h : ref.shingles) {
      const auto& p = postings[h];
      // Boilerplate: a shingle in more distinct texts than this tells nothing, and would make
      // the candidate lists grow with the square of the archive.
      if (p.size() > config.max_postings) continue;
      for (auto j : p)
        if (group[j] == k_none) cands.push_back(j);
    }
    std::sort(cands.begin(), cands.end());
    cands.erase(std::unique(cands.begin(), cands.end()), cands.end());
    for (auto j : cands) {
      // The words they have in common bound the passage: most candidates end here.
      std::size_t shorter = std::min(ref.words, texts[j].words);
      if (static_cast<double>(sorted_overlap(ref.sorted, texts[j].sorted)) < least_matches(shorter, config)) continue;
      if (texts[j].words < config.min_words && !same_speaker(r, j)) continue;
      auto p = align_passage(ref.ids, texts[j].ids, token_ids.words(), token_ids.gap_id(), token_ids.editorial_id(), config);
      if (!p) continue;
      group[j] = r;
      relation[j] = p->relation;
    }
  }
  postings.clear();

  // Statements in order of their first quote.
  std::vector<Statement> out;
  std::vector<std::uint32_t> of_ref(texts.size(), UINT32_MAX);
  std::vector<std::vector<std::string>> ref_words(texts.size());
  for (std::size_t i = 0; i < quotes.size(); ++i) {
    auto t = text_of[i];
    auto r = group[t];
    if (of_ref[r] == UINT32_MAX) {
      of_ref[r] = static_cast<std::uint32_t>(out.size());
      out.push_back({});
      out.back().id = "s" + std::to_string(out.size());
      out.back().reference = texts[r].first;
    }
    auto& s = out[of_ref[r]];
    s.quotes.push_back(i);
    Relation rel = relation[t];
    if (t == r && i != texts[r].first && quotes[i]->span.text != quotes[texts[r].first]->span.text) {
      // The reference's own wording: the same canonical words, perhaps in another form.
      if (ref_words[r].empty()) ref_words[r] = words(quotes[texts[r].first]->span.text);
      if (words(quotes[i]->span.text) != ref_words[r]) rel = Relation::form;
    }
    s.relations.push_back(rel);
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
