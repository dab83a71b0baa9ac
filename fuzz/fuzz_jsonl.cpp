// quotecheck - fuzz target: the JSON Lines archive reader and front-matter parsing.
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "quotecheck/document.hpp"
#include "quotecheck/serialize.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::string path =
      (std::filesystem::temp_directory_path() / ("qc-fuzz-" + std::to_string(::getpid()) + ".jsonl")).string();
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  quotecheck::Diagnostics diags;
  quotecheck::InputStats stats;
  quotecheck::InputOptions options;
  std::size_t docs = 0;
  quotecheck::read_source({path, quotecheck::SourceKind::jsonl}, options, diags, stats,
                          [&](quotecheck::Document d) {
                            ++docs;
                            if (d.body_start > d.text.size()) std::abort();
                          });
  if (docs != stats.documents) std::abort();
  quotecheck::read_extracted(path, diags, [](quotecheck::DocumentResult) {});
  auto doc = quotecheck::make_document("fm", "fm.txt", std::string(reinterpret_cast<const char*>(data), size), diags);
  if (doc.body_start > doc.text.size()) std::abort();
  return 0;
}
