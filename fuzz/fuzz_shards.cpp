// quotecheck - fuzz target: `check --extracted`: shards (the JSON Lines that `extract --format
// shard` writes) read back, merged, aligned and checked, then reported as text and lines, which
// must stay printable whatever the shards hold.
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "quotecheck/pipeline.hpp"
#include "quotecheck/report.hpp"

static const quotecheck::RulePack& pack() {
  static auto p = quotecheck::load_rule_pack({QC_RULES_DIR});
  if (!p) std::abort();
  return *p;
}

static void check_printable(const std::string& text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F) std::abort();
    if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
        static_cast<unsigned char>(text[i + 1]) < 0xA0)
      std::abort();
  }
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::string path =
      (std::filesystem::temp_directory_path() / ("qc-fuzz-shard-" + std::to_string(::getpid()) + ".jsonl")).string();
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  quotecheck::RunOptions options;
  options.jobs = 1;
  options.extracted = {path, path};  // the same shard twice: every statement is quoted twice
  auto run = quotecheck::run_pipeline({}, pack(), options);
  for (auto& d : run.analysis.docs)
    for (auto& q : d.quotes)
      if (q.speaker && q.speaker->mention_index >= static_cast<int>(d.mentions.size())) std::abort();
  check_printable(quotecheck::text_report(run, {false}));
  check_printable(quotecheck::line_report(run));
  quotecheck::json_report(run);
  return 0;
}
