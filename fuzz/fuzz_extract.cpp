// quotecheck - fuzz target: the whole per-document stage (attribution, mentions, descriptors)
// and the analysis of two documents made from the input.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "quotecheck/attribution.hpp"
#include "quotecheck/pipeline.hpp"
#include "quotecheck/serialize.hpp"
#include "fuzz_support.hpp"

using qc_fuzz::pack;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  quotecheck::Diagnostics diags;
  auto a = quotecheck::make_document("a", "a.txt", text, diags);
  auto b = quotecheck::make_document("b", "b.txt", text.substr(size / 2), diags);
  quotecheck::Analysis analysis;
  analysis.docs.push_back(quotecheck::extract(a, pack()));
  analysis.docs.push_back(quotecheck::extract(b, pack()));
  for (auto& d : analysis.docs)
    for (auto& q : d.quotes)
      if (q.speaker && q.speaker->mention_index >= static_cast<int>(d.mentions.size())) std::abort();
  // The cache's serialisation must read back what it wrote.
  auto round = quotecheck::parse_document_json(quotecheck::document_json(analysis.docs[0]));
  if (!round || round->quotes.size() != analysis.docs[0].quotes.size()) std::abort();
  quotecheck::analyse(analysis, pack());
  return 0;
}
