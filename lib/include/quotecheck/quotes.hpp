// quotecheck - quote spans: finding quotations in a document's text.
//
//   auto spans = quotecheck::scan_quotes(doc, pack, diags);
//
// Straight and curly double quotes, « », „ “ and single quotes are recognised; single quotes
// inside double ones are kept as part of the outer quote; apostrophes (Iran's, 'Bout, the
// '90s) are never taken for quotes. A quote may run over several paragraphs when each
// continuing paragraph opens with a mark and the earlier ones do not close. A quote opened
// and never closed is recovered at its paragraph's end and marked `unbalanced`, with what the
// text shows about it (`unclosed`) and how sure the scanner is that a mark is missing
// (`mark_confidence`). A mark's direction is read from its shape (what stands either side), so
// a quote nested in the same marks, inch marks and closing marks in the wrong glyph are no
// unbalanced marks; a nested quote is also a quote of its own.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "quotecheck/diagnostic.hpp"
#include "quotecheck/document.hpp"
#include "quotecheck/rules.hpp"

namespace quotecheck {

enum class QuoteKind { direct, partial };
const char* quote_kind_name(QuoteKind k);

// What the text shows about a quote opened and never closed (QuoteSpan::unclosed).
enum class Unclosed {
  no,                       // closed, or balanced
  quote_opens_inside,       // a new quote opens while it is open, and no nested reading pairs them
  paragraph_end,            // open at its paragraph's end; the next paragraph neither reopens nor closes it
  excerpt_end,              // an excerpt over paragraphs that each reopen, whose last one never closes
  closed_in_next_paragraph  // the next paragraph's first mark closes it, with no mark reopening that paragraph
};
const char* unclosed_name(Unclosed u);
Unclosed unclosed_from_name(std::string_view name);
// The unbalanced-quote message for a quote opened and never closed, saying what the text shows.
std::string unclosed_message(Unclosed u);

struct QuoteSpan {
  std::size_t start = 0, end = 0;            // outer span: from the opening mark to past the closing one
  std::size_t text_start = 0, text_end = 0;  // the words inside the marks
  std::string text;        // the quoted words; continuation marks between paragraphs removed
  bool unbalanced = false; // opened and never closed: recovered at the paragraph's end
  bool in_headline = false;
  bool single = false;     // marked with single quotes
  int paragraph = 0;       // index of the paragraph it opens in
  Unclosed unclosed = Unclosed::no;  // when unbalanced: what the text shows
  // When unbalanced: how sure the scanner is that a mark is really missing (checks.yaml
  // `unbalanced_quote`, by `unclosed`); 1 otherwise.
  double mark_confidence = 1.0;
};

// A paragraph of the body: [start, end) in document bytes.
struct Paragraph {
  std::size_t start = 0, end = 0;
};

// Returns the body's paragraphs: blocks between blank lines; a single line break also ends a
// paragraph when the line before it ends a sentence or is short (a heading).
std::vector<Paragraph> split_paragraphs(const Document& doc);

// Returns the quotes of `doc` in text order. Marks closed and never opened are reported in
// `diags` (warnings with file:line:col) as well as quotes opened and never closed.
// Byte offsets of closing marks that were never opened go to `stray` when it is given.
std::vector<QuoteSpan> scan_quotes(const Document& doc, const std::vector<Paragraph>& paragraphs,
                                   const RulePack& pack, Diagnostics& diags,
                                   std::vector<std::size_t>* stray = nullptr);

}  // namespace quotecheck
