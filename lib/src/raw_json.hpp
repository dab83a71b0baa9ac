// quotecheck - where a JSON string's decoded bytes stand in its raw line.
#pragma once

#include <string_view>

#include "quotecheck/document.hpp"

namespace quotecheck::detail {

// Returns the raw columns of the string value of top-level member `key` in `line`, a JSON
// object that has been parsed already (so well-formed); of several such members, the last,
// as the parser keeps. Returns no stretches when there is none.
RawColumns raw_string_columns(std::string_view line, std::string_view key);

}  // namespace quotecheck::detail
