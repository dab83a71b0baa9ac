// quotecheck - quote spans: finding quotations in a document's text.
//
//   auto spans = quotecheck::scan_quotes(doc, pack, diags);
//
// Straight and curly double quotes, « », „ “ and single quotes are recognised; single quotes
// inside double ones are kept as part of the outer quote; apostrophes (Iran's, 'Bout, the
// '90s) are never taken for quotes. A quote may run over several paragraphs when each
// continuing paragraph opens with a mark and the earlier ones do not close. A quote opened
// and never closed is recovered at its paragraph's end and marked `unbalanced`.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "quotecheck/diagnostic.hpp"
#include "quotecheck/document.hpp"
#include "quotecheck/rules.hpp"

namespace quotecheck {

enum class QuoteKind { direct, partial };
const char* quote_kind_name(QuoteKind k);

struct QuoteSpan {
  std::size_t start = 0, end = 0;            // outer span: from the opening mark to past the closing one
  std::size_t text_start = 0, text_end = 0;  // the words inside the marks
  std::string text;        // the quoted words; continuation marks between paragraphs removed
  bool unbalanced = false; // opened and never closed: recovered at the paragraph's end
  bool in_headline = false;
  bool single = false;     // marked with single quotes
  int paragraph = 0;       // index of the paragraph it opens in
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
