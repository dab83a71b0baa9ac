// quotecheck - diagnostics.
#include "quotecheck/diagnostic.hpp"

#include <fmt/format.h>

#include "quotecheck/text.hpp"

namespace quotecheck {

const char* severity_name(Severity s) {
  switch (s) {
    case Severity::info: return "info";
    case Severity::warning: return "warning";
    case Severity::error: return "error";
  }
  return "error";
}

// One line, whatever the path or the message holds (a newline or an escape in a file name
// must not start a line of its own, on a terminal or in a CI log).
std::string Diagnostic::str() const {
  std::string out;
  if (!path.empty()) {
    out += printable(path);
    if (line > 0) {
      out += fmt::format(":{}", line);
      if (column > 0) out += fmt::format(":{}", column);
    }
    out += ": ";
  }
  out += fmt::format("{}: {}", severity_name(severity), printable(message));
  if (!id.empty()) out += fmt::format(" [{}]", printable(id));
  return out;
}

}  // namespace quotecheck
