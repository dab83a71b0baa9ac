// quotecheck - the pipeline: inputs in, a report's worth of analysis out.
//
//   quotecheck::RunOptions opts;
//   auto run = quotecheck::run_pipeline({"data/story"}, pack, opts);
//   // run.analysis holds documents, entities, statements and findings; run.diagnostics
//   // every input problem, each naming its place.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "quotecheck/checks.hpp"
#include "quotecheck/document.hpp"
#include "quotecheck/rules.hpp"

namespace quotecheck {

// How far a run has come, for a progress display.
struct Progress {
  std::size_t documents = 0;
  std::size_t bytes = 0;
  std::size_t total_bytes = 0;  // of the named inputs, as far as known
  double seconds = 0;
};

struct RunOptions {
  InputOptions input;
  unsigned jobs = 0;        // 0: all cores
  bool analyse = true;      // false: extraction only (no entities, statements, checks)
  std::string cache;        // SQLite extraction cache; empty: none
  std::vector<std::string> extracted;  // JSON Lines written by `extract`, read instead of articles
  std::function<void(const Progress&)> progress;  // called a few times a second while reading
  // Extraction only (analyse false): each document is handed to `sink` as soon as it and
  // every document before it are extracted, in source order (the inputs sorted by path, an
  // archive's records in order), with its quotes numbered across the run (q1, q2 ...) and its
  // names resolved within the document (entity ids numbered across the run); it is not kept
  // in the Run, so memory does not grow with the input. Called from one thread at a time.
  std::function<void(const DocumentResult&)> sink;
};

struct RunStats {
  InputStats input;
  std::size_t sources = 0;
  std::size_t failed_sources = 0;
  std::size_t cache_hits = 0, cache_misses = 0;
};

struct Run {
  Analysis analysis;
  Diagnostics diagnostics;  // input problems, in source order
  RunStats stats;
  bool input_error = false;  // a named path was missing or unreadable
};

// Reads every input, extracts each document, and (when options.analyse) resolves entities,
// aligns statements and runs the checks. Documents are ordered by id (then path and record
// line), so output does not depend on the input order or the number of jobs; with a sink,
// they go to the sink in source order instead.
Run run_pipeline(const std::vector<std::string>& paths, const RulePack& pack, const RunOptions& options);

// Resolves entities, aligns statements and runs the checks on extracted documents.
void analyse(Analysis& analysis, const RulePack& pack);

}  // namespace quotecheck
