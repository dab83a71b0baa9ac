// quotecheck - the quote checks: marks opened and never closed (unbalanced-quote) and
// direct quotes with no speaker (unattributed-quote).
#include "checks/context.hpp"
#include "quotecheck/quotes.hpp"
#include "quotecheck/text.hpp"

namespace quotecheck::detail {

namespace {

// An unbalanced-quote finding: escalated (a warning in the shipped pack) when the scanner is sure
// enough that a mark is missing (checks.yaml `unbalanced_quote.warning_at`), info otherwise.
void add_unbalanced(CheckContext& c, std::string message, const std::string& statement, Evidence e, double confidence) {
  CheckContext::Draft d;
  d.check = "unbalanced-quote";
  d.message = std::move(message);
  d.statement = statement;
  // The id as CheckContext::add gives a finding about a document: the document, then the text.
  d.id_parts = {e.doc, e.doc + "\x1f" + normalize(squeeze_space(e.text))};
  d.evidence = {std::move(e)};
  d.escalated = confidence >= c.pack().unbalanced_confidence.warning_at;
  d.confidence = confidence;
  c.add(std::move(d));
}

}  // namespace

void unbalanced_quotes(CheckContext& c) {
  for (const auto* q : c.quotes()) {
    if (!q->span.unbalanced) continue;
    auto e = c.quote_evidence(*q);
    add_unbalanced(c, unclosed_message(q->span.unclosed), q->statement, e, q->span.mark_confidence);
  }
  for (std::size_t d = 0; d < c.analysis().docs.size(); ++d)
    for (auto& m : c.analysis().docs[d].stray_marks) {
      Evidence e;
      e.doc = c.analysis().docs[d].id;
      e.path = c.analysis().docs[d].path;
      e.outlet = c.analysis().docs[d].outlet;
      e.pos = m.pos;
      e.start = m.offset;
      e.end = m.offset + 1;
      e.text = m.context;
      add_unbalanced(c, "closing quotation mark with no opening one", "", e, c.pack().unbalanced_confidence.stray_close);
    }
}

void unattributed_quotes(CheckContext& c) {
  for (const auto* q : c.quotes()) {
    if (q->speaker || q->kind != QuoteKind::direct) continue;
    c.add("unattributed-quote", "direct quote with no speaker found", c.analysis().docs[q->doc].id, "", q->statement, {c.quote_evidence(*q)});
  }
}
}  // namespace quotecheck::detail
