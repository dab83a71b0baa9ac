// quotecheck - counted nouns in summaries ("1 error", "2 errors").
#pragma once

#include <fmt/format.h>

#include <cstddef>
#include <string>
#include <string_view>

namespace quotecheck::detail {

// Returns "N one" when n is 1, else "N many".
inline std::string count_of(std::size_t n, std::string_view one, std::string_view many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

}  // namespace quotecheck::detail
