// quotecheck - serialising a document's extraction, for caches and for scale-out.
//
// `quotecheck extract --format jsonl` writes, for each document, one line
//   {"record": "document", "id": ..., "path": ..., "segments": [...], "mentions": [...], ...}
// followed by one line per quote (the fields of the JSON report's quotes[] plus what is
// needed to rebuild the extraction). `quotecheck check --extracted FILE...` reads such files
// back and runs the analysis without reading the articles again, so extraction can run per
// shard on many machines (a map) and the check once (a reduce).
#pragma once

#include <expected>
#include <functional>
#include <string>
#include <string_view>

#include "quotecheck/attribution.hpp"
#include "quotecheck/diagnostic.hpp"

namespace quotecheck {

// Returns the JSON Lines of one document: the document line, then its quote lines, each
// ending in a newline. `first_quote` numbers the quote ids (q<first_quote+1> ...).
std::string document_jsonl(const DocumentResult& doc, std::size_t first_quote = 0);

// Returns `doc` as one compact JSON object (the cache's value).
std::string document_json(const DocumentResult& doc);

// Parses what document_json() wrote. The error names what is wrong.
std::expected<DocumentResult, std::string> parse_document_json(std::string_view json);

// Reads extracted JSON Lines (as document_jsonl() writes them) from `path` and calls `sink`
// for each document. Malformed lines are reported as `path:LINE` in `diags` and skipped.
// Returns false iff the file could not be read.
bool read_extracted(const std::string& path, Diagnostics& diags, const std::function<void(DocumentResult)>& sink);

}  // namespace quotecheck
