// quotecheck - fuzz target: the version diff (quote matching, word diff, speaker and descriptor
// changes) and its text and JSON reports. The input is the old version, then "\n=====\n", then
// the new one (no separator: the new version is the input's second half). The text report must
// stay printable: no control character but the line feed that ends each line.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "quotecheck/attribution.hpp"
#include "quotecheck/diff.hpp"
#include "quotecheck/report.hpp"
#include "fuzz_support.hpp"

using qc_fuzz::check_printable;
using qc_fuzz::pack;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string input(reinterpret_cast<const char*>(data), size);
  std::size_t sep = input.find("\n=====\n");
  std::string old_text = sep == std::string::npos ? input.substr(0, size / 2) : input.substr(0, sep);
  std::string new_text = sep == std::string::npos ? input.substr(size / 2) : input.substr(sep + 7);
  quotecheck::Diagnostics diags;
  auto old_doc = quotecheck::extract(quotecheck::make_document("a", "old\x1b[2J.txt", old_text, diags), pack());
  auto new_doc = quotecheck::extract(quotecheck::make_document("a", "new\n.txt", new_text, diags), pack());
  auto d = quotecheck::diff_versions(old_doc, new_doc, pack());
  std::size_t unchanged_or_matched = d.unchanged;
  for (auto& c : d.changes)
    if (c.kind == "quote-added" || c.kind == "quote-removed") ++unchanged_or_matched;
  (void)unchanged_or_matched;
  quotecheck::Version ov{&old_doc, "old\x1b[2J.txt"}, nv{&new_doc, "new\n.txt"};
  std::string text = quotecheck::diff_text_report(ov, nv, d);
  check_printable(text);
  quotecheck::diff_json_report(ov, nv, d);
  // A version against itself has no change.
  if (quotecheck::diff_versions(old_doc, old_doc, pack()).changed()) std::abort();
  return 0;
}
