// quotecheck - tests of the text utilities.
#include <catch2/catch.hpp>

#include "quotecheck/text.hpp"

using namespace quotecheck;

TEST_CASE("line index gives 1-based lines and byte columns", "[text]") {
  LineIndex idx("ab\ncd\n\nef");
  CHECK(idx.position(0).line == 1);
  CHECK(idx.position(0).column == 1);
  CHECK(idx.position(4).line == 2);
  CHECK(idx.position(4).column == 2);
  CHECK(idx.position(7).line == 4);
}
