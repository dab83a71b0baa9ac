// quotecheck - diagnostics.
#include "quotecheck/diagnostic.hpp"

#include <fmt/format.h>

namespace quotecheck {

const char* severity_name(Severity s) {
  switch (s) {
    case Severity::info: return "info";
    case Severity::warning: return "warning";
    case Severity::error: return "error";
  }
  return "error";
}

std::string Diagnostic::str() const {
  std::string out;
  if (!path.empty()) {
    out += path;
    if (line > 0) {
      out += fmt::format(":{}", line);
      if (column > 0) out += fmt::format(":{}", column);
    }
    out += ": ";
  }
  out += fmt::format("{}: {}", severity_name(severity), message);
  if (!id.empty()) out += fmt::format(" [{}]", id);
  return out;
}

}  // namespace quotecheck
