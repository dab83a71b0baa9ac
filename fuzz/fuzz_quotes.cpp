// quotecheck - fuzz target: the quote scanner and paragraph splitter on any bytes.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "quotecheck/quotes.hpp"
#include "quotecheck/rules.hpp"
#include "fuzz_support.hpp"

using qc_fuzz::pack;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  quotecheck::Diagnostics diags;
  auto doc = quotecheck::make_document("fuzz", "fuzz.txt", std::string(reinterpret_cast<const char*>(data), size), diags);
  auto paragraphs = quotecheck::split_paragraphs(doc);
  std::vector<std::size_t> stray;
  auto quotes = quotecheck::scan_quotes(doc, paragraphs, pack(), diags, &stray);
  for (auto& q : quotes) {
    if (q.start > q.end || q.end > doc.text.size() || q.text_start > q.text_end) std::abort();
  }
  return 0;
}
