// quotecheck - the pipeline: read, extract in parallel, then analyse.
#include "quotecheck/pipeline.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <fnmatch.h>
#include <mutex>
#include <thread>

#include "quotecheck/attribution.hpp"
#include "quotecheck/cache.hpp"
#include "quotecheck/serialize.hpp"

namespace quotecheck {

void analyse(Analysis& analysis, const RulePack& pack) {
  // Quote ids follow document order.
  std::size_t n = 0;
  for (std::size_t d = 0; d < analysis.docs.size(); ++d)
    for (auto& q : analysis.docs[d].quotes) {
      q.doc = d;
      q.id = "q" + std::to_string(++n);
    }
  analysis.entities = resolve_entities(analysis.docs);
  std::vector<Quote*> quotes;
  quotes.reserve(n);
  for (auto& d : analysis.docs)
    for (auto& q : d.quotes) quotes.push_back(&q);
  analysis.statements = align_statements(quotes, pack.alignment);
  analysis.findings = run_checks(analysis, pack);
}

namespace {

// Gives a document that names no outlet the outlet of the first pattern matching its path or
// file name; its segments without an outlet take it too. Done after extraction, so cached
// extractions stay valid whatever the patterns.
void name_outlet(DocumentResult& doc, const std::vector<OutletPattern>& patterns) {
  if (!doc.outlet.empty() || patterns.empty()) return;
  std::string name = std::filesystem::path(doc.path).filename().string();
  for (const auto& p : patterns)
    if (fnmatch(p.pattern.c_str(), doc.path.c_str(), 0) == 0 || fnmatch(p.pattern.c_str(), name.c_str(), 0) == 0) {
      doc.outlet = p.outlet;
      for (auto& seg : doc.segments)
        if (seg.outlet.empty()) seg.outlet = p.outlet;
      return;
    }
}

// A bounded queue of documents between the reader and the extracting workers.
class DocumentQueue {
 public:
  explicit DocumentQueue(std::size_t capacity) : capacity_(capacity) {}

  void push(std::pair<std::size_t, Document> item) {
    std::unique_lock lock(mutex_);
    not_full_.wait(lock, [&] { return items_.size() < capacity_; });
    items_.push_back(std::move(item));
    not_empty_.notify_one();
  }

  bool pop(std::pair<std::size_t, Document>& item) {
    std::unique_lock lock(mutex_);
    not_empty_.wait(lock, [&] { return !items_.empty() || closed_; });
    if (items_.empty()) return false;
    item = std::move(items_.front());
    items_.pop_front();
    not_full_.notify_one();
    return true;
  }

  void close() {
    std::lock_guard lock(mutex_);
    closed_ = true;
    not_empty_.notify_all();
  }

 private:
  std::size_t capacity_;
  std::mutex mutex_;
  std::condition_variable not_full_, not_empty_;
  std::deque<std::pair<std::size_t, Document>> items_;
  bool closed_ = false;
};

}  // namespace

Run run_pipeline(const std::vector<std::string>& paths, const RulePack& pack, const RunOptions& options) {
  Run run;
  auto sources = collect_sources(paths, options.input, run.diagnostics);
  if (!run.diagnostics.empty()) run.input_error = true;
  run.stats.sources = sources.size();

  unsigned jobs = options.jobs ? options.jobs : std::max(1u, std::thread::hardware_concurrency());
  std::vector<DocumentResult> results;
  std::mutex results_mutex;

  std::unique_ptr<ExtractionCache> cache;
  if (!options.cache.empty()) cache = ExtractionCache::open(options.cache, pack.hash, run.diagnostics);
  auto extract_one = [&](const Document& doc) {
    if (cache) {
      if (auto hit = cache->get(doc)) return std::move(*hit);
      DocumentResult r = extract(doc, pack);
      cache->put(doc, r);
      return r;
    }
    return extract(doc, pack);
  };

  for (const auto& path : options.extracted) {
    ++run.stats.sources;
    if (!read_extracted(path, run.diagnostics, [&](DocumentResult r) {
          ++run.stats.input.documents;
          results.push_back(std::move(r));
        })) {
      ++run.stats.failed_sources;
    }
  }
  std::size_t next = results.size();

  // Progress: reported from the reading thread, at most every quarter second.
  auto started = std::chrono::steady_clock::now();
  auto last_report = started;
  Progress progress;
  if (options.progress) {
    std::error_code ec;
    for (auto& src : sources)
      if (src.kind != SourceKind::stdin_text) progress.total_bytes += std::filesystem::file_size(src.path, ec), ec.clear();
  }
  auto tick = [&](const Document& doc) {
    if (!options.progress) return;
    ++progress.documents;
    progress.bytes += doc.text.size();
    auto now = std::chrono::steady_clock::now();
    if (now - last_report < std::chrono::milliseconds(250)) return;
    last_report = now;
    progress.seconds = std::chrono::duration<double>(now - started).count();
    options.progress(progress);
  };

  auto work = [&](DocumentQueue& queue) {
    std::pair<std::size_t, Document> item;
    while (queue.pop(item)) {
      DocumentResult r = extract_one(item.second);
      std::lock_guard lock(results_mutex);
      if (results.size() <= item.first) results.resize(item.first + 1);
      results[item.first] = std::move(r);
    }
  };

  if (jobs <= 1) {
    for (const auto& src : sources) {
      if (!read_source(src, options.input, run.diagnostics, run.stats.input, [&](Document doc) {
            tick(doc);
            results.push_back(extract_one(doc));
            ++next;
          }))
        ++run.stats.failed_sources;
    }
  } else {
    DocumentQueue queue(jobs * 4);
    std::vector<std::jthread> workers;
    for (unsigned i = 0; i < jobs; ++i) workers.emplace_back([&] { work(queue); });
    for (const auto& src : sources) {
      if (!read_source(src, options.input, run.diagnostics, run.stats.input,
                       [&](Document doc) {
                         tick(doc);
                         queue.push({next++, std::move(doc)});
                       }))
        ++run.stats.failed_sources;
    }
    queue.close();
    workers.clear();  // joins
  }
  if (run.stats.failed_sources) run.input_error = true;
  if (cache) {
    cache->commit(run.diagnostics);
    run.stats.cache_hits = cache->hits();
    run.stats.cache_misses = cache->misses();
  }

  // Document order is by id, then path and record line: independent of the order the
  // inputs were named in and of the number of jobs.
  std::stable_sort(results.begin(), results.end(), [](const DocumentResult& a, const DocumentResult& b) {
    return std::tie(a.id, a.path, a.record_line) < std::tie(b.id, b.path, b.record_line);
  });
  for (auto& r : results) {
    for (auto& d : r.diagnostics) run.diagnostics.push_back(d);
    name_outlet(r, options.input.outlets);
  }
  run.analysis.docs = std::move(results);
  if (options.analyse) {
    analyse(run.analysis, pack);
  } else {
    std::size_t n = 0;
    for (std::size_t d = 0; d < run.analysis.docs.size(); ++d)
      for (auto& q : run.analysis.docs[d].quotes) {
        q.doc = d;
        q.id = "q" + std::to_string(++n);
      }
    // Extraction alone still resolves names within and across documents.
    run.analysis.entities = resolve_entities(run.analysis.docs);
  }
  return run;
}

}  // namespace quotecheck
