// quotecheck - version diff: quotes matched between two versions of one article.
#include "quotecheck/diff.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <tuple>
#include <unordered_map>

#include <fmt/format.h>

#include "quotecheck/align.hpp"
#include "quotecheck/checks.hpp"
#include "quotecheck/entities.hpp"
#include "quotecheck/passage.hpp"
#include "quotecheck/text.hpp"

namespace quotecheck {

namespace {

constexpr std::size_t k_max_diff_tokens = 1000;

std::vector<std::string> tokens(std::string_view text) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\n' || text[i] == '\t' || text[i] == '\r')) ++i;
    std::size_t j = i;
    while (j < text.size() && !(text[j] == ' ' || text[j] == '\n' || text[j] == '\t' || text[j] == '\r')) ++j;
    if (j > i) out.emplace_back(text.substr(i, j - i));
    i = j;
  }
  return out;
}

void push(std::vector<TextEdit>& out, TextEdit::Op op, const std::string& token) {
  if (!out.empty() && out.back().op == op) {
    out.back().text += ' ';
    out.back().text += token;
  } else {
    out.push_back({op, token});
  }
}

std::string join(const std::vector<std::string>& ts) {
  std::string s;
  for (auto& t : ts) s += (s.empty() ? "" : " ") + t;
  return s;
}

std::string speaker_label(const Quote& q) {
  if (!q.speaker) return "";
  return to_valid_utf8(q.speaker->name.empty() ? q.speaker->mention : q.speaker->name);
}

std::string clip(const std::string& s, std::size_t n) {
  if (s.size() <= n) return s;
  std::size_t cut = n;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return s.substr(0, cut) + "...";
}

}  // namespace

std::vector<TextEdit> diff_text(std::string_view a, std::string_view b) {
  auto ta = tokens(to_valid_utf8(a)), tb = tokens(to_valid_utf8(b));
  std::vector<TextEdit> out;
  if (ta.size() > k_max_diff_tokens || tb.size() > k_max_diff_tokens) {
    if (ta == tb) {
      if (!ta.empty()) out.push_back({TextEdit::Op::same, join(ta)});
      return out;
    }
    if (!ta.empty()) out.push_back({TextEdit::Op::removed, join(ta)});
    if (!tb.empty()) out.push_back({TextEdit::Op::added, join(tb)});
    return out;
  }
  std::vector<std::string> ka, kb;
  for (auto& t : ta) ka.push_back(normalize(t));
  for (auto& t : tb) kb.push_back(normalize(t));
  std::size_t n = ka.size(), m = kb.size();
  std::vector<std::uint16_t> t((n + 1) * (m + 1), 0);
  auto at = [&](std::size_t i, std::size_t j) -> std::uint16_t& { return t[i * (m + 1) + j]; };
  for (std::size_t i = n; i-- > 0;)
    for (std::size_t j = m; j-- > 0;)
      at(i, j) = ka[i] == kb[j] ? static_cast<std::uint16_t>(at(i + 1, j + 1) + 1) : std::max(at(i + 1, j), at(i, j + 1));
  std::size_t i = 0, j = 0;
  while (i < n && j < m) {
    if (ka[i] == kb[j]) {
      push(out, TextEdit::Op::same, tb[j]);
      ++i;
      ++j;
    } else if (at(i + 1, j) >= at(i, j + 1)) {
      push(out, TextEdit::Op::removed, ta[i++]);
    } else {
      push(out, TextEdit::Op::added, tb[j++]);
    }
  }
  while (i < n) push(out, TextEdit::Op::removed, ta[i++]);
  while (j < m) push(out, TextEdit::Op::added, tb[j++]);
  return out;
}

const std::vector<std::string>& change_kinds() {
  static const std::vector<std::string> kinds{"quote-added", "quote-removed", "quote-altered", "speaker-changed",
                                              "descriptor-changed"};
  return kinds;
}

VersionDiff diff_versions(const DocumentResult& old_version, const DocumentResult& new_version, const RulePack& pack) {
  const auto& oq = old_version.quotes;
  const auto& nq = new_version.quotes;
  VersionDiff result;
  std::vector<std::optional<std::size_t>> match_of_old(oq.size());
  std::vector<bool> new_used(nq.size(), false);

  // 1. Identical text (white space folded).
  std::map<std::string, std::vector<std::size_t>> by_text;
  for (std::size_t j = 0; j < nq.size(); ++j) by_text[squeeze_space(nq[j].span.text)].push_back(j);
  for (std::size_t i = 0; i < oq.size(); ++i) {
    auto it = by_text.find(squeeze_space(oq[i].span.text));
    if (it == by_text.end()) continue;
    for (auto j : it->second)
      if (!new_used[j]) {
        new_used[j] = true;
        match_of_old[i] = j;
        break;
      }
  }
  // 2. Related quotes (relate(): trimmed or reworded), the best word overlap first. Only the
  // quotes left over from step 1 are compared; one article holds few enough for that.
  std::vector<std::vector<std::string>> ow(oq.size()), nw(nq.size());
  for (std::size_t i = 0; i < oq.size(); ++i)
    if (!match_of_old[i]) ow[i] = words(oq[i].span.text);
  for (std::size_t j = 0; j < nq.size(); ++j)
    if (!new_used[j]) nw[j] = words(nq[j].span.text);
  // Two versions of one article: the quotes at hand are few and the same story's, so a short
  // quote may change more than across outlets, and still be the same quote.
  AlignmentConfig versions = pack.alignment;
  versions.short_quote = 0;
  versions.min_words = 3;
  versions.min_passage = 3;
  versions.min_passage_share = 0.3;
  std::vector<std::tuple<double, std::size_t, std::size_t>> pairs;
  for (std::size_t i = 0; i < oq.size(); ++i) {
    if (match_of_old[i]) continue;
    for (std::size_t j = 0; j < nq.size(); ++j) {
      if (new_used[j] || !align_passage(oq[i].span.text, nq[j].span.text, pack, versions)) continue;
      std::set<std::string> sa(ow[i].begin(), ow[i].end()), sb(nw[j].begin(), nw[j].end());
      std::size_t common = 0;
      for (auto& w : sa) common += sb.count(w);
      double dice = 2.0 * static_cast<double>(common) / static_cast<double>(sa.size() + sb.size());
      pairs.emplace_back(-dice, i, j);
    }
  }
  std::sort(pairs.begin(), pairs.end());
  for (auto& [score, i, j] : pairs) {
    if (match_of_old[i] || new_used[j]) continue;
    match_of_old[i] = j;
    new_used[j] = true;
  }

  auto is_negation = [&](const std::string& w) {
    return w.ends_with("n't") || std::find(pack.negations.begin(), pack.negations.end(), w) != pack.negations.end();
  };
  auto is_number = [&](const std::string& w) {
    return std::any_of(w.begin(), w.end(), [](char c) { return c >= '0' && c <= '9'; }) ||
           std::find(pack.number_words.begin(), pack.number_words.end(), w) != pack.number_words.end();
  };

  for (std::size_t i = 0; i < oq.size(); ++i) {
    const Quote& a = oq[i];
    if (!match_of_old[i]) {
      QuoteChange c;
      c.kind = "quote-removed";
      c.severity = Severity::warning;
      c.old_quote = i;
      c.old_text = to_valid_utf8(a.span.text);
      c.old_pos = a.pos;
      c.message = fmt::format("quote removed: \"{}\"", clip(squeeze_space(c.old_text), 80));
      result.changes.push_back(std::move(c));
      continue;
    }
    std::size_t j = *match_of_old[i];
    const Quote& b = nq[j];
    bool same = true;
    std::string ta = squeeze_space(a.span.text), tb = squeeze_space(b.span.text);
    if (ta != tb) {
      same = false;
      QuoteChange c;
      c.kind = "quote-altered";
      c.old_quote = i;
      c.new_quote = j;
      c.old_text = to_valid_utf8(a.span.text);
      c.new_text = to_valid_utf8(b.span.text);
      c.old_pos = a.pos;
      c.new_pos = b.pos;
      c.edits = diff_text(a.span.text, b.span.text);
      auto wa = words(a.span.text), wb = words(b.span.text);
      if (wa == wb) {
        c.severity = Severity::info;
        c.message = "punctuation changed inside a quote";
      } else {
        WordDiff wd = word_diff(wa, wb);
        std::string why;
        for (auto* list : {&wd.removed, &wd.added})
          for (auto& w : *list) {
            if (is_negation(w)) why = "a negation differs";
            else if (is_number(w) && why.empty()) why = "a number differs";
          }
        c.severity = why.empty() ? Severity::warning : Severity::error;
        c.message = "quote altered:";
        if (!wd.removed.empty()) c.message += fmt::format(" -[{}]", clip(join(wd.removed), 100));
        if (!wd.added.empty()) c.message += fmt::format(" +[{}]", clip(join(wd.added), 100));
        if (!why.empty()) c.message += fmt::format(" ({})", why);
      }
      result.changes.push_back(std::move(c));
    }
    std::string sa = speaker_label(a), sb = speaker_label(b);
    if (normalize(sa) != normalize(sb)) {
      same = false;
      QuoteChange c;
      c.kind = "speaker-changed";
      c.severity = Severity::error;
      c.old_quote = i;
      c.new_quote = j;
      c.old_text = sa;
      c.new_text = sb;
      c.old_pos = a.pos;
      c.new_pos = b.pos;
      c.message = fmt::format("\"{}\" was attributed to {} and is now attributed to {}", clip(squeeze_space(tb), 60),
                              sa.empty() ? "nobody" : sa, sb.empty() ? "nobody" : sb);
      result.changes.push_back(std::move(c));
    }
    if (same) ++result.unchanged;
  }
  for (std::size_t j = 0; j < nq.size(); ++j) {
    if (new_used[j]) continue;
    QuoteChange c;
    c.kind = "quote-added";
    c.severity = Severity::info;
    c.new_quote = j;
    c.new_text = to_valid_utf8(nq[j].span.text);
    c.new_pos = nq[j].pos;
    c.message = fmt::format("quote added: \"{}\"", clip(squeeze_space(c.new_text), 80));
    result.changes.push_back(std::move(c));
  }

  // Descriptors: per person (by name key), the set of descriptors each version gives.
  struct PersonDescriptors {
    std::string name;
    std::set<std::string> texts;
    Position pos;
  };
  auto collect = [](const DocumentResult& d) {
    std::map<std::string, PersonDescriptors> out;
    for (auto& m : d.mentions) {
      if (!m.person || m.descriptors.empty() || m.name.empty()) continue;
      auto& p = out[name_key(m.name)];
      if (p.name.empty() || m.name.size() > p.name.size()) p.name = to_valid_utf8(m.name);
      for (auto& desc : m.descriptors) {
        if (p.texts.empty()) p.pos = desc.pos;
        p.texts.insert(to_valid_utf8(squeeze_space(desc.text)));
      }
    }
    return out;
  };
  auto od = collect(old_version), nd = collect(new_version);
  for (auto& [key, np] : nd) {
    auto it = od.find(key);
    if (it == od.end() || it->second.texts == np.texts) continue;
    auto list = [](const std::set<std::string>& s) {
      std::string out;
      for (auto& t : s) out += (out.empty() ? "" : "; ") + t;
      return out;
    };
    QuoteChange c;
    c.kind = "descriptor-changed";
    c.severity = Severity::warning;
    c.old_text = list(it->second.texts);
    c.new_text = list(np.texts);
    c.old_pos = it->second.pos;
    c.new_pos = np.pos;
    c.message = fmt::format("{} was described as \"{}\" and is now described as \"{}\"", np.name, c.old_text, c.new_text);
    result.changes.push_back(std::move(c));
  }

  auto order = [](const std::string& kind) {
    auto& k = change_kinds();
    return std::find(k.begin(), k.end(), kind) - k.begin();
  };
  std::stable_sort(result.changes.begin(), result.changes.end(), [&](const QuoteChange& x, const QuoteChange& y) {
    auto kx = std::make_tuple(order(x.kind), x.new_pos.line, x.new_pos.column, x.old_pos.line, x.old_pos.column);
    auto ky = std::make_tuple(order(y.kind), y.new_pos.line, y.new_pos.column, y.old_pos.line, y.old_pos.column);
    return kx < ky;
  });
  return result;
}

}  // namespace quotecheck

namespace quotecheck {

std::expected<DocumentResult, Diagnostics> extract_version(const std::string& spec, const RulePack& pack) {
  namespace fs = std::filesystem;
  std::error_code ec;
  std::string path = spec, id;
  if (!fs::is_regular_file(spec, ec)) {
    // ARCHIVE.jsonl:ID, where ARCHIVE.jsonl is an existing file (an id may hold ':').
    for (std::size_t colon = spec.find(':'); colon != std::string::npos; colon = spec.find(':', colon + 1))
      if (fs::is_regular_file(spec.substr(0, colon), ec)) {
        path = spec.substr(0, colon);
        id = spec.substr(colon + 1);
        break;
      }
  }
  Diagnostics diags;
  InputOptions options;
  auto sources = collect_sources({path}, options, diags);
  std::erase_if(diags, [](const Diagnostic& d) { return d.severity != Severity::error; });
  if (!diags.empty()) return std::unexpected(diags);
  if (sources.size() != 1 || sources[0].path != path)
    return std::unexpected(Diagnostics{{spec, 0, 0, Severity::error, "a version is one file or one archive record", ""}});
  std::vector<Document> found;
  std::size_t records = 0;
  InputStats stats;
  read_source(sources[0], options, diags, stats, [&](Document doc) {
    ++records;
    if (id.empty() ? found.empty() : doc.id == id) found.push_back(std::move(doc));
  });
  std::erase_if(diags, [](const Diagnostic& d) { return d.severity != Severity::error; });
  if (!diags.empty()) return std::unexpected(diags);
  if (found.empty())
    return std::unexpected(Diagnostics{{path, 0, 0, Severity::error,
                                        id.empty() ? "no article found" : fmt::format("no record with id '{}'", id), ""}});
  if (id.empty() && records > 1)
    return std::unexpected(Diagnostics{{path, 0, 0, Severity::error,
                                        fmt::format("the archive holds {} records; name one as {}:ID", records, path), ""}});
  if (found.size() > 1)
    return std::unexpected(Diagnostics{{path, 0, 0, Severity::error, fmt::format("{} records have the id '{}'", found.size(), id), ""}});
  std::vector<DocumentResult> docs;
  docs.push_back(extract(found.front(), pack));
  std::size_t n = 0;
  for (auto& q : docs[0].quotes) {
    q.doc = 0;
    q.id = "q" + std::to_string(++n);
  }
  resolve_entities(docs);
  return std::move(docs[0]);
}

}  // namespace quotecheck
