// quotecheck - the pipeline: read, extract in parallel, then analyse.
#include "quotecheck/pipeline.hpp"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <fnmatch.h>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

#include "quotecheck/attribution.hpp"
#include "quotecheck/cache.hpp"
#include "quotecheck/serialize.hpp"

namespace quotecheck {

namespace {

// Quote ids follow document order.
void number_quotes(Analysis& analysis) {
  std::size_t n = 0;
  for (std::size_t d = 0; d < analysis.docs.size(); ++d)
    for (auto& q : analysis.docs[d].quotes) {
      q.doc = d;
      q.id = "q" + std::to_string(++n);
    }
}

void join_entities(Analysis& analysis) {
  if (analysis.people.size() != analysis.docs.size()) {
    analysis.people.clear();
    analysis.people.reserve(analysis.docs.size());
    for (auto& d : analysis.docs) analysis.people.push_back(document_people(d));
  }
  analysis.entities = join_people(analysis.docs, analysis.people);
  analysis.people = {};
}

}  // namespace

void analyse(Analysis& analysis, const RulePack& pack) {
  number_quotes(analysis);
  join_entities(analysis);
  std::vector<Quote*> quotes;
  for (auto& d : analysis.docs)
    for (auto& q : d.quotes) quotes.push_back(&q);
  analysis.statements = align_statements(quotes, pack);
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

// Keeps of an extraction what the analysis and the reports need once its people are known:
// the mentions that quotes speak through (renumbered, without their text). Every other
// mention lives on in `people` only, so a document costs its quotes and its people.
void slim(DocumentResult& r, DocumentPeople& people) {
  std::vector<int> kept_as(r.mentions.size(), -1);
  std::vector<Mention> kept;
  std::vector<int> person_of;
  for (auto& q : r.quotes) {
    if (!q.speaker || q.speaker->mention_index < 0) continue;
    auto mi = static_cast<std::size_t>(q.speaker->mention_index);
    if (mi >= r.mentions.size()) {
      q.speaker->mention_index = -1;
      continue;
    }
    if (kept_as[mi] < 0) {
      kept_as[mi] = static_cast<int>(kept.size());
      kept.push_back(std::move(r.mentions[mi]));
      kept.back().text = std::string();
      person_of.push_back(mi < people.person_of.size() ? people.person_of[mi] : -1);
    }
    q.speaker->mention_index = kept_as[mi];
  }
  r.mentions = std::move(kept);
  people.person_of = std::move(person_of);
  r.quotes.shrink_to_fit();
}

// An extracted document and its people, with its place in the input.
struct Extracted {
  std::size_t seq = 0;
  DocumentResult result;
  DocumentPeople people;
};

// A bounded queue between the reader and the workers: of documents to extract, or of
// extractions read from shards to prepare for the analysis.
template <typename T>
class WorkQueue {
 public:
  explicit WorkQueue(std::size_t capacity) : capacity_(capacity) {}

  void push(std::pair<std::size_t, T> item) {
    std::unique_lock lock(mutex_);
    not_full_.wait(lock, [&] { return items_.size() < capacity_; });
    items_.push_back(std::move(item));
    not_empty_.notify_one();
  }

  bool pop(std::pair<std::size_t, T>& item) {
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
  std::deque<std::pair<std::size_t, T>> items_;
  bool closed_ = false;
};
using DocumentQueue = WorkQueue<Document>;

// Hands extracted documents to the sink in source order. Documents done early wait here;
// the reader waits (admit()) while too many are ahead of the next one due, so memory stays
// bounded whatever the order the workers finish in.
class InOrder {
 public:
  InOrder(std::size_t window, std::function<void(DocumentResult&)> emit) : window_(window), emit_(std::move(emit)) {}

  void admit(std::size_t seq) {
    std::unique_lock lock(mutex_);
    room_.wait(lock, [&] { return seq < next_ + window_; });
  }

  void done(std::size_t seq, DocumentResult r) {
    std::lock_guard lock(mutex_);
    waiting_.emplace(seq, std::move(r));
    while (!waiting_.empty() && waiting_.begin()->first == next_) {
      emit_(waiting_.begin()->second);
      waiting_.erase(waiting_.begin());
      ++next_;
    }
    room_.notify_all();
  }

 private:
  std::size_t window_;
  std::function<void(DocumentResult&)> emit_;
  std::mutex mutex_;
  std::condition_variable room_;
  std::map<std::size_t, DocumentResult> waiting_;
  std::size_t next_ = 0;
};

}  // namespace

Run run_pipeline(const std::vector<std::string>& paths, const RulePack& pack, const RunOptions& options) {
  Run run;
  auto sources = collect_sources(paths, options.input, run.diagnostics);
  // (A link to a folder, not followed, is a warning: the run's status is not its.)
  if (std::any_of(run.diagnostics.begin(), run.diagnostics.end(), [](const Diagnostic& d) { return d.severity == Severity::error; }))
    run.input_error = true;
  run.stats.sources = sources.size();

  unsigned jobs = options.jobs ? options.jobs : std::max(1u, std::thread::hardware_concurrency());
  const bool streaming = !options.analyse && options.sink;
  std::vector<Extracted> results;
  std::mutex results_mutex;

  std::unique_ptr<ExtractionCache> cache;
  if (!options.cache.empty()) {
    std::size_t before = run.diagnostics.size();
    cache = ExtractionCache::open(options.cache, pack.hash, run.diagnostics);
    // A cache path that holds something else is a usage error (exit 2); the run goes on.
    for (std::size_t i = before; i < run.diagnostics.size(); ++i)
      if (run.diagnostics[i].severity == Severity::error) run.input_error = true;
  }
  auto extract_one = [&](const Document& doc) {
    if (cache) {
      if (auto hit = cache->get(doc)) return std::move(*hit);
      DocumentResult r = extract(doc, pack);
      cache->put(doc, r);
      return r;
    }
    return extract(doc, pack);
  };
  // What is kept of each document for the analysis: its people are found at once (on the
  // worker's thread) and the mentions no quote needs are dropped.
  auto keep = [&](std::size_t seq, DocumentResult r) {
    name_outlet(r, options.input.outlets);
    Extracted e{seq, std::move(r), {}};
    if (options.analyse) {
      e.people = document_people(e.result);
      slim(e.result, e.people);
    }
    return e;
  };

  // Streaming extraction: each document's quotes are numbered and its names resolved within
  // it, then it goes to the sink and is dropped.
  std::size_t streamed_quotes = 0, streamed_entities = 0;
  Diagnostics streamed_diagnostics;  // apart from run.diagnostics, which the reader writes meanwhile
  InOrder in_order(std::size_t{jobs} * 8, [&](DocumentResult& r) {
    for (auto& d : r.diagnostics) streamed_diagnostics.push_back(d);
    for (auto& q : r.quotes) {
      q.doc = 0;
      q.id = "q" + std::to_string(++streamed_quotes);
    }
    std::vector<DocumentResult> one;
    one.push_back(std::move(r));
    std::vector<DocumentPeople> people;
    people.push_back(document_people(one[0]));
    streamed_entities += join_people(one, people, streamed_entities).size();
    options.sink(one[0]);
  });
  auto finish = [&](std::size_t seq, DocumentResult r) {
    if (streaming) {
      name_outlet(r, options.input.outlets);
      in_order.done(seq, std::move(r));
      return;
    }
    Extracted e = keep(seq, std::move(r));
    std::lock_guard lock(results_mutex);
    results.push_back(std::move(e));
  };

  std::size_t next = 0;
  if (!options.extracted.empty()) {
    // Shards: this thread parses, workers find each document's people (results are sorted
    // below, so the order they finish in does not matter).
    std::optional<WorkQueue<DocumentResult>> prepared;
    std::vector<std::jthread> preparers;
    if (jobs > 1 && !streaming) {
      prepared.emplace(std::size_t{jobs} * 16);
      for (unsigned i = 1; i < jobs; ++i)
        preparers.emplace_back([&] {
          std::pair<std::size_t, DocumentResult> item;
          while (prepared->pop(item)) finish(item.first, std::move(item.second));
        });
    }
    for (const auto& path : options.extracted) {
      ++run.stats.sources;
      if (!read_extracted(path, run.diagnostics, [&](DocumentResult r) {
            ++run.stats.input.documents;
            if (prepared) prepared->push({next++, std::move(r)});
            else finish(next++, std::move(r));
          })) {
        ++run.stats.failed_sources;
      }
    }
    if (prepared) prepared->close();
    preparers.clear();  // joins
  }

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
    while (queue.pop(item)) finish(item.first, extract_one(item.second));
  };

  if (jobs <= 1) {
    for (const auto& src : sources) {
      if (!read_source(src, options.input, run.diagnostics, run.stats.input, [&](Document doc) {
            tick(doc);
            finish(next++, extract_one(doc));
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
                         if (streaming) in_order.admit(next);
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

  if (streaming) {
    for (auto& d : streamed_diagnostics) run.diagnostics.push_back(std::move(d));
    return run;
  }

  // Document order is by id, then path and record line: independent of the order the
  // inputs were named in and of the number of jobs.
  std::sort(results.begin(), results.end(), [](const Extracted& a, const Extracted& b) {
    return std::tie(a.result.id, a.result.path, a.result.record_line, a.seq) <
           std::tie(b.result.id, b.result.path, b.result.record_line, b.seq);
  });
  run.analysis.docs.reserve(results.size());
  run.analysis.people.reserve(results.size());
  for (auto& e : results) {
    for (auto& d : e.result.diagnostics) run.diagnostics.push_back(d);
    run.analysis.docs.push_back(std::move(e.result));
    run.analysis.people.push_back(std::move(e.people));
  }
  results = {};
  if (options.analyse) {
    analyse(run.analysis, pack);
  } else {
    number_quotes(run.analysis);
    // Extraction alone still resolves names within and across documents.
    join_entities(run.analysis);
  }
  return run;
}

}  // namespace quotecheck
