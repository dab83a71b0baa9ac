// quotecheck - documents: articles read from files, folders and JSON Lines archives.
//
//   quotecheck::Diagnostics diags;
//   quotecheck::InputOptions opts;
//   for (auto& src : quotecheck::collect_sources({"data/story"}, opts, diags))
//     quotecheck::read_source(src, opts, diags, [](quotecheck::Document doc) { ... });
//
// A plain-text article is UTF-8; optional YAML front matter (between "---" lines) gives
// outlet, url, date and title; the first non-empty line of the body is the headline.
// A JSON Lines archive holds one article a line: id, text and optional outlet, url, date,
// title. Archives are read as a stream: one record in memory at a time.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "quotecheck/diagnostic.hpp"
#include "quotecheck/text.hpp"

namespace quotecheck {

// A stretch of a document that comes from one outlet (a pasted story inside a forum post).
struct Segment {
  std::string outlet;  // empty when not known
  std::size_t start = 0;
  std::size_t end = 0;
};

// Where the decoded `text` of a JSON Lines record stands in its raw line, which escapes
// (\n, \", \u00e9) make longer than the text: columns are reported in the raw line, in
// bytes, so that an editor's or a CI's jump lands on the quote.
struct RawColumns {
  // A stretch of the text: from decoded offset `decoded` on, raw bytes from `raw` on (both
  // 0-based; `raw` counts from the line's start). In a literal stretch one decoded byte is
  // one raw byte; an escape is one stretch whose decoded bytes all stand at its backslash.
  struct Stretch {
    std::size_t decoded = 0, raw = 0;
    bool escape = false;
  };
  std::vector<Stretch> stretches;  // in order of `decoded`; empty: the text is the line

  // Returns the 1-based byte column in the raw line of decoded byte `offset`.
  int column(std::size_t offset) const;
};

struct Document {
  std::string id;    // file name without folder and extension, or the record's id
  std::string path;  // where it was read from (the archive's path for records)
  int record_line = 0;  // 1-based line in the archive for JSONL records, else 0
  RawColumns raw_columns;  // JSONL records: the text's place in the raw line
  std::string outlet, url, date, title;
  std::string text;              // the whole file as read (front matter included)
  std::size_t body_start = 0;    // where the article starts, after front matter
  std::size_t headline_start = 0, headline_end = 0;  // the headline's line, if any
  LineIndex lines;
  std::vector<Segment> segments;  // filled by find_segments()

  // Returns the 1-based line and column of byte `offset`; for JSONL records the line is
  // the record's line in the archive and the column the byte's in that raw line (escapes
  // and everything before the text counted).
  Position position(std::size_t offset) const;
};

// Names the outlet of documents that name none, from their path: the first pattern that
// matches the path or the file name (fnmatch globs) gives the outlet.
struct OutletPattern {
  std::string pattern;
  std::string outlet;
};

struct InputOptions {
  std::size_t max_file_bytes = 64u << 20;  // larger files are skipped with a message
  std::vector<std::string> ignore;          // glob patterns of paths to leave out
  std::vector<OutletPattern> outlets;       // outlet names for documents without one
};

enum class SourceKind { text, jsonl, stdin_text };

struct Source {
  std::string path;
  SourceKind kind = SourceKind::text;
};

// Expands `paths` (files, folders searched recursively, "-" for standard input) into sources
// sorted by path. Missing or unreadable paths are reported in `diags` as errors.
std::vector<Source> collect_sources(const std::vector<std::string>& paths,
                                    const InputOptions& options, Diagnostics& diags);

// Counts of what was read and what was skipped, for the summary.
struct InputStats {
  std::size_t documents = 0;
  std::size_t skipped = 0;  // files or records left out (each with a diagnostic)
  std::size_t bytes = 0;
};

// Reads `source` and calls `sink` for each document in it. Problems go to `diags`; a bad
// record is skipped and the rest are read. Returns false iff the source could not be read
// at all.
bool read_source(const Source& source, const InputOptions& options, Diagnostics& diags,
                 InputStats& stats, const std::function<void(Document)>& sink);

// Builds a Document from text already in memory (front matter parsed, headline found).
// Front-matter problems are reported in `diags` against `path`.
Document make_document(std::string id, std::string path, std::string text, Diagnostics& diags);

// Returns the document id for `path`: its file name without folder and extension.
std::string document_id_for(const std::string& path);

}  // namespace quotecheck
