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
#include "fuzz_support.hpp"

using qc_fuzz::check_printable;
using qc_fuzz::pack;

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
