// quotecheck - running rule examples.
#include "quotecheck/examples.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "quotecheck/attribution.hpp"
#include "quotecheck/text.hpp"

#include "compiled.hpp"

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
  // The examples of the token macros run by name: the example's tokens are searched from the
  // first, match after match; a positive example needs a match (one whose text is its `match:`
  // when it has one), a negative one none (none with that text).
  for (const auto& [macro, set] : pack.token_macro_examples) {
    const detail::TokenCheck* check = nullptr;
    for (const auto& c : detail::k_token_checks)
      if (macro == c.macro) check = &c;
    int index = pack.compiled ? pack.compiled->token_check(macro) : -1;
    if (!check || index < 0) {
      fail(set.file, set.line, macro,
           check ? "token macro's examples not run: it did not compile"
                 : "only the token macros that extraction runs by name (rules/README.md) can have examples");
      continue;
    }
    const auto& features = *pack.compiled->features;
    for (const auto& ex : set.examples) {
      auto toks = features.tag(ex.text);
      auto symbols = features.encode(toks);
      tokens::PatternSet::Prepared text(symbols);
      tokens::TokenMatch m;
      std::vector<std::string> found;
      for (std::size_t from = 0; from < toks.size() && pack.compiled->token_patterns->find(index, text, from, m);) {
        from = std::max(m.whole.last, m.whole.first + 1);
        auto span = detail::token_check_span(m, check->group);
        if (span.last > span.first)
          found.push_back(ex.text.substr(toks[span.first].start, toks[span.last - 1].end - toks[span.first].start));
      }
      bool hit = ex.speaker.empty() ? !found.empty() : std::find(found.begin(), found.end(), ex.speaker) != found.end();
      std::string got = found.empty() ? "no match" : fmt::format("'{}'", fmt::join(found, "', '"));
      struct {
        const std::string &file, &id;
      } owner{set.file, macro};
      if (ex.positive && !hit)
        fail_example(owner, ex,
                     ex.speaker.empty() ? "positive example has no match" : fmt::format("positive example has no match '{}' (got {})", ex.speaker, got));
      else if (!ex.positive && hit)
        fail_example(owner, ex, fmt::format("negative example matches (got {})", got));
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
