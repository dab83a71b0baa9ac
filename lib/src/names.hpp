// quotecheck - private: small helpers shared by entity resolution and the checks.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace quotecheck::detail {

// Returns the Levenshtein distance of `a` and `b`, or `limit + 1` once it exceeds `limit`.
std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t limit);

// Splits a name key on spaces.
std::vector<std::string> key_tokens(const std::string& key);

}  // namespace quotecheck::detail
