// quotecheck - the quote checks: marks opened and never closed (unbalanced-quote) and
// direct quotes with no speaker (unattributed-quote).
#include "checks/context.hpp"

namespace quotecheck::detail {

void unbalanced_quotes(CheckContext& c) {
  for (const auto* q : c.quotes()) {
    if (!q->span.unbalanced) continue;
    auto e = c.quote_evidence(*q);
    c.add("unbalanced-quote", "quotation mark opened here is never closed; the quote is taken to end with its paragraph",
        e.doc, "", q->statement, {e});
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
      c.add("unbalanced-quote", "closing quotation mark with no opening one", e.doc, "", "", {e});
    }
}

void unattributed_quotes(CheckContext& c) {
  for (const auto* q : c.quotes()) {
    if (q->speaker || q->kind != QuoteKind::direct) continue;
    c.add("unattributed-quote", "direct quote with no speaker found", c.analysis().docs[q->doc].id, "", q->statement, {c.quote_evidence(*q)});
  }
}
}  // namespace quotecheck::detail
