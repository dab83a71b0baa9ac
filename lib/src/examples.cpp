// quotecheck - running rule examples.
#include "quotecheck/examples.hpp"

#include <fmt/format.h>

#include "quotecheck/attribution.hpp"
#include "quotecheck/text.hpp"

namespace quotecheck {

namespace {

DocumentResult run_example(const std::string& text, const RulePack& pack) {
  Diagnostics ignored;
  Document doc = make_document("example", "example", text, ignored);
  return extract(doc, pack);
}

std::string describe(const std::optional<Speaker>& s) {
  if (!s) return "no speaker";
  return fmt::format("'{}' by {}", s->mention, s->rule);
}

}  // namespace

Diagnostics check_rule_examples(const RulePack& pack) {
  Diagnostics out;
  auto fail = [&](const std::string& file, int line, const std::string& id, std::string message) {
    out.push_back({file, line, 0, Severity::error, std::move(message), id});
  };
  // A failed example names its place, its rule (the id) and its first words.
  auto fail_example = [&](const auto& rule, const RuleExample& ex, std::string message) {
    std::string words = squeeze_space(ex.text);
    if (words.size() > 60) {
      std::size_t cut = 57;
      while (cut > 0 && (static_cast<unsigned char>(words[cut]) & 0xC0) == 0x80) --cut;  // not inside a UTF-8 sequence
      words = words.substr(0, cut) + "...";
    }
    out.push_back({rule.file, ex.line, ex.column, Severity::error, fmt::format("{} (example \"{}\")", message, words), rule.id});
  };
  for (const auto& rule : pack.attribution) {
    for (const auto& ex : rule.examples) {
      DocumentResult r = run_example(ex.text, pack);
      if (ex.positive) {
        if (r.quotes.empty()) {
          fail_example(rule, ex, "positive example has no quote");
          continue;
        }
        const Quote& q = r.quotes.back();
        if (!q.speaker || q.speaker->rule != rule.id)
          fail_example(rule, ex, fmt::format("positive example not attributed by this rule (got {})", describe(q.speaker)));
        else if (!ex.speaker.empty() && q.speaker->mention != ex.speaker)
          fail_example(rule, ex, fmt::format("positive example gives '{}', expected '{}'", q.speaker->mention, ex.speaker));
      } else if (!r.quotes.empty() && r.quotes.back().speaker && r.quotes.back().speaker->rule == rule.id) {
        fail_example(rule, ex, fmt::format("negative example attributed by this rule ({})", describe(r.quotes.back().speaker)));
      }
    }
  }
  for (const auto& rule : pack.descriptors) {
    for (const auto& ex : rule.examples) {
      DocumentResult r = run_example(ex.text, pack);
      bool found = false, named = false;
      for (const auto& m : r.mentions)
        for (const auto& d : m.descriptors)
          if (d.rule == rule.id) {
            found = true;
            if (m.name == ex.speaker) named = true;
          }
      if (ex.positive && !found) fail_example(rule, ex, "positive example yields no descriptor from this rule");
      else if (ex.positive && !ex.speaker.empty() && !named)
        fail_example(rule, ex, fmt::format("positive example's descriptor is not on '{}'", ex.speaker));
      else if (!ex.positive && found) fail_example(rule, ex, "negative example yields a descriptor from this rule");
    }
  }
  for (const auto& rule : pack.attribution)
    if (std::none_of(rule.examples.begin(), rule.examples.end(), [](auto& e) { return e.positive; }) ||
        std::none_of(rule.examples.begin(), rule.examples.end(), [](auto& e) { return !e.positive; }))
      fail(rule.file, rule.line, rule.id, "a rule needs at least one positive and one negative example");
  for (const auto& rule : pack.descriptors)
    if (std::none_of(rule.examples.begin(), rule.examples.end(), [](auto& e) { return e.positive; }) ||
        std::none_of(rule.examples.begin(), rule.examples.end(), [](auto& e) { return !e.positive; }))
      fail(rule.file, rule.line, rule.id, "a rule needs at least one positive and one negative example");
  return out;
}

}  // namespace quotecheck
