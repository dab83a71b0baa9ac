// quotecheck - fuzz target: the rule-pack loader on any YAML (errors must be reported, never crash).
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "quotecheck/rules.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::string dir = [] {
    auto d = std::filesystem::temp_directory_path() / ("qc-fuzz-rules-" + std::to_string(::getpid()));
    std::filesystem::create_directories(d);
    return d.string();
  }();
  {
    std::ofstream out(dir + "/pack.yaml", std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  auto pack = quotecheck::load_rule_pack({dir});
  if (!pack) {
    for (auto& d : pack.error())
      if (d.str().empty()) std::abort();
  }
  return 0;
}
