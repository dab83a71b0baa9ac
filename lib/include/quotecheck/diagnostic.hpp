// quotecheck - diagnostics: one shape for every message about bad input, rules or I/O.
//
//   Diagnostic d{"rules/x.yaml", 12, 5, Severity::error, "unknown key 'patern'", "attr.say"};
//   d.str()  ==  "rules/x.yaml:12:5: error: unknown key 'patern' [attr.say]"
//
// Line and column are 1-based; 0 means "not known" and is left out of the text.
#pragma once

#include <string>
#include <vector>

namespace quotecheck {

enum class Severity { info, warning, error };

// Returns "info", "warning" or "error".
const char* severity_name(Severity s);

struct Diagnostic {
  std::string path;
  int line = 0;
  int column = 0;
  Severity severity = Severity::error;
  std::string message;
  std::string id;  // rule or check id, may be empty

  // Returns "path:line:col: severity: message [id]" (parts that are unknown are left out).
  std::string str() const;
};

// Where expected failures go when the work carries on past them.
using Diagnostics = std::vector<Diagnostic>;

}  // namespace quotecheck
