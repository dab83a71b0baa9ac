// quotecheck - what the fuzz targets share: the shipped rule pack, loaded once, and the check
// that a line-oriented report stays printable.
#pragma once

#include <cstdlib>
#include <string>

#include "quotecheck/rules.hpp"

namespace qc_fuzz {

// The rule pack of the source tree (QC_RULES_DIR); a pack that does not load is a bug of the
// build, not of the input, so the target aborts.
inline const quotecheck::RulePack& pack() {
  static auto p = quotecheck::load_rule_pack({QC_RULES_DIR});
  if (!p) std::abort();
  return *p;
}

// Aborts on a control character other than the line feed and tab that a text or line report
// may hold, and on a C1 control (U+0080..U+009F, which a terminal reads as CSI and the like).
inline void check_printable(const std::string& text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F) std::abort();
    if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
        static_cast<unsigned char>(text[i + 1]) < 0xA0)
      std::abort();
  }
}

}  // namespace qc_fuzz
