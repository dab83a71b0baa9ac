// quotecheck - the checks: one table of them, the context they share, and run_checks().
#include "quotecheck/checks.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "checks/context.hpp"
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

namespace detail {

namespace {

// Outlets named in a message before "(+N more)".
constexpr std::size_t k_max_outlets_named = 5;

}  // namespace

std::string possessive(const std::string& place) { return place.ends_with("s") ? place + "'" : place + "'s"; }

CheckContext::CheckContext(const Analysis& analysis, const RulePack& pack) : a_(analysis), pack_(pack) {
  for (auto& d : analysis.docs)
    for (auto& q : d.quotes) all_.push_back(&q);
  for (auto& e : analysis.entities) entities_[e.id] = &e;
}

const Entity* CheckContext::entity(const std::string& id) const {
  auto it = entities_.find(id);
  return it == entities_.end() ? nullptr : it->second;
}

namespace {

// Evidence in document `doc` of `a`: where it stands and the words.
Evidence evidence_in(const Analysis& a, std::size_t doc, std::size_t segment, Position pos, std::size_t start,
                     std::size_t end, const std::string& text) {
  const auto& d = a.docs[doc];
  Evidence e;
  e.doc = d.id;
  e.path = d.path;
  e.outlet = segment < d.segments.size() ? d.segments[segment].outlet : d.outlet;
  e.pos = pos;
  e.start = start;
  e.end = end;
  e.text = text;
  return e;
}

}  // namespace

Evidence CheckContext::quote_evidence(const Quote& q) const {
  return evidence_in(a_, q.doc, q.segment, q.pos, q.span.start, q.span.end, q.span.text);
}

Evidence CheckContext::descriptor_evidence(const EntityDescriptor& ed) const {
  const auto& d = ed.descriptor;
  return evidence_in(a_, ed.doc, ed.segment, d.pos, d.start, d.end, d.text);
}

Evidence CheckContext::name_evidence(const NameUse& s) const {
  return evidence_in(a_, s.doc, s.segment, s.pos, s.start, s.end, s.name);
}

std::string CheckContext::outlet_of(const Quote& q) const {
  const auto& d = a_.docs[q.doc];
  const std::string& outlet = q.segment < d.segments.size() ? d.segments[q.segment].outlet : d.outlet;
  return outlet.empty() ? d.id : outlet;
}

std::string CheckContext::outlets_of(const std::vector<const Quote*>& qs) const {
  std::set<std::string> names;
  for (auto* q : qs) names.insert(outlet_of(*q));
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

void CheckContext::add(Draft d) {
  auto config = pack_.check(d.check);
  if (!config.enabled) return;
  Finding f;
  f.check = d.check;
  f.severity = d.escalated && config.escalate ? std::max(*config.escalate, config.severity) : config.severity;
  if (d.at_most && *d.at_most < f.severity) f.severity = *d.at_most;
  f.message = std::move(d.message);
  f.entity = std::move(d.entity);
  f.statement = std::move(d.statement);
  f.confidence = d.confidence;
  std::vector<std::string> parts = std::move(d.id_parts);
  if (parts.empty()) {
    for (auto& e : d.evidence) parts.push_back(e.doc + "\x1f" + normalize(squeeze_space(e.text)));
    std::sort(parts.begin(), parts.end());
  }
  std::string key = f.check;
  for (auto& p : parts) key += "\x1e" + p;
  f.id = hex64(fingerprint64(key));
  f.evidence = std::move(d.evidence);
  out_.push_back(std::move(f));
}

void CheckContext::add(const std::string& check, std::string message, const std::string& subject, std::string entity,
                       std::string statement, std::vector<Evidence> evidence, double confidence) {
  std::sort(evidence.begin(), evidence.end(),
            [](const Evidence& x, const Evidence& y) { return std::tie(x.doc, x.start) < std::tie(y.doc, y.start); });
  // The id: check, subject and the normalised evidence texts, never line numbers.
  std::vector<std::string> texts;
  for (auto& e : evidence) texts.push_back(e.doc + "\x1f" + normalize(squeeze_space(e.text)));
  std::sort(texts.begin(), texts.end());
  texts.insert(texts.begin(), subject);
  Draft d;
  d.check = check;
  d.message = std::move(message);
  d.entity = std::move(entity);
  d.statement = std::move(statement);
  d.evidence = std::move(evidence);
  d.id_parts = std::move(texts);
  d.confidence = confidence;
  add(std::move(d));
}

namespace {

// Every check family, in the order they run; run_checks() sorts what they find.
struct CheckFamily {
  const char* name;
  void (*run)(CheckContext&);
};
constexpr CheckFamily k_checks[] = {
    {"affiliation-conflict", affiliation_conflicts},
    {"role-holder-conflict", role_holder_conflicts},
    {"speaker-conflict, quote-altered, quote-trimmed", statement_checks},
    {"name-variant", name_variants},
    {"title-variant", title_variants},
    {"unbalanced-quote", unbalanced_quotes},
    {"unattributed-quote", unattributed_quotes},
};

}  // namespace

}  // namespace detail

std::string shown_message(const Finding& f) {
  if (f.confidence >= 0.995) return f.message;
  return fmt::format("{} (confidence {:.2f})", f.message, f.confidence);
}

std::vector<Finding> run_checks(const Analysis& analysis, const RulePack& pack) {
  detail::CheckContext c(analysis, pack);
  for (const auto& family : detail::k_checks) family.run(c);
  auto out = c.take();
  auto order = [](const std::string& check) {
    auto& ids = check_ids();
    return std::find(ids.begin(), ids.end(), check) - ids.begin();
  };
  std::stable_sort(out.begin(), out.end(), [&](const Finding& x, const Finding& y) {
    if (x.severity != y.severity) return x.severity > y.severity;
    if (x.check != y.check) return order(x.check) < order(y.check);
    auto kx = x.evidence.empty() ? std::make_tuple(std::string(), std::size_t{0}) : std::make_tuple(x.evidence[0].doc, x.evidence[0].start);
    auto ky = y.evidence.empty() ? std::make_tuple(std::string(), std::size_t{0}) : std::make_tuple(y.evidence[0].doc, y.evidence[0].start);
    if (kx != ky) return kx < ky;
    return x.id < y.id;
  });
  // The same finding twice (same id) is reported once.
  std::set<std::string> seen;
  std::erase_if(out, [&](const Finding& f) { return !seen.insert(f.id).second; });
  return out;
}

}  // namespace quotecheck
