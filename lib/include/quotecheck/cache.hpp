// quotecheck - the extraction cache: an SQLite file of each document's extraction, keyed by
// the document's content and the rule pack, so a re-run re-extracts only what changed.
//
//   quotecheck::Diagnostics diags;
//   auto cache = quotecheck::ExtractionCache::open("qc.cache", pack.hash, diags);
//   if (auto hit = cache->get(doc)) ...; else cache->put(doc, quotecheck::extract(doc, pack));
//   cache->commit();
//
// A file that is not a quotecheck cache (an article, an archive, another program's database:
// anything without quotecheck's SQLite application id) is reported in `diags` and left as it
// is; the run goes on without a cache. A cache of quotecheck's that is corrupt (also in pages
// behind an intact header: PRAGMA quick_check) or of another schema version is reported and
// rebuilt. A cache another run holds is waited for, then left to it. Entries made with
// another rule pack are dropped when it is opened.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "quotecheck/attribution.hpp"
#include "quotecheck/diagnostic.hpp"
#include "quotecheck/document.hpp"

namespace quotecheck {

class ExtractionCache {
 public:
  // Opens or creates the cache at `path`. Returns nullptr (with a diagnostic) when no cache
  // can be made there, when the file there is not quotecheck's, or when another run still
  // holds it after `busy_wait_ms`; the run then goes on without one. The cache is held (the
  // SQLite write lock) from open() to commit() or destruction.
  static std::unique_ptr<ExtractionCache> open(const std::string& path, const std::string& pack_hash, Diagnostics& diags,
                                               int busy_wait_ms = 30000);
  ~ExtractionCache();
  ExtractionCache(const ExtractionCache&) = delete;
  ExtractionCache& operator=(const ExtractionCache&) = delete;

  // Returns the cached extraction of `doc`, if any. Thread-safe.
  std::optional<DocumentResult> get(const Document& doc);
  // Stores the extraction of `doc`. Thread-safe.
  void put(const Document& doc, const DocumentResult& result);
  // Writes what was stored since open() (one transaction) and drops entries not used by this
  // run. Returns false (with a diagnostic) when the write failed.
  bool commit(Diagnostics& diags);

  std::size_t hits() const;
  std::size_t misses() const;

  struct Impl;  // defined in cache.cpp

 private:
  explicit ExtractionCache(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace quotecheck
