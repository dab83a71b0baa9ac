// quotecheck - the SQLite extraction cache.
#include "quotecheck/cache.hpp"

#include <sqlite3.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <unordered_set>

#include <fmt/format.h>

#include "quotecheck/serialize.hpp"

namespace fs = std::filesystem;

namespace quotecheck {

namespace {

constexpr int k_application_id = 0x51434b31;  // "QCK1"
constexpr int k_schema_version = 4;  // 2: speakers carry via and confidence; 3: descriptors a party; 4: speakers their sieve

// The key is what the extraction depends on: the id, the metadata and the text. Where the
// document was read from (a path, an archive line) is not part of it, so a moved file or a
// rewritten archive still hits; get() puts the current place back into the result.
std::string key_of(const Document& doc) {
  std::string material = doc.id;
  material += '\0';
  material += doc.outlet + '\0' + doc.url + '\0' + doc.date + '\0' + doc.title + '\0';
  // A record's columns count in its raw line: the same text laid out otherwise is another entry.
  for (auto& s : doc.raw_columns.stretches) material += fmt::format("{},{},{};", s.decoded, s.raw, s.escape ? 1 : 0);
  return hex64(fingerprint64(material)) + hex64(fingerprint64(doc.text));
}

// A cached extraction made for the same text at another place: the path, and for a JSON
// Lines record every line number (all of them are the record's line), become the new ones.
void relocate(DocumentResult& r, const Document& doc) {
  auto move = [&](int& line) {
    if (r.record_line > 0 && line == r.record_line) line = doc.record_line;
  };
  for (auto& d : r.diagnostics) {
    if (d.path == r.path) d.path = doc.path;
    move(d.line);
  }
  for (auto& q : r.quotes) move(q.pos.line);
  for (auto& m : r.mentions) {
    move(m.pos.line);
    for (auto& d : m.descriptors) move(d.pos.line);
  }
  for (auto& s : r.stray_marks) move(s.pos.line);
  r.path = doc.path;
  r.record_line = doc.record_line;
}

bool exec(sqlite3* db, const char* sql, std::string& error) {
  char* msg = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &msg) != SQLITE_OK) {
    error = msg ? msg : sqlite3_errmsg(db);
    sqlite3_free(msg);
    return false;
  }
  return true;
}

int pragma_int(sqlite3* db, const char* sql) {
  sqlite3_stmt* st = nullptr;
  int value = -1;
  if (sqlite3_prepare_v2(db, sql, -1, &st, nullptr) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW) value = sqlite3_column_int(st, 0);
  sqlite3_finalize(st);
  return value;
}

}  // namespace

struct ExtractionCache::Impl {
  sqlite3* db = nullptr;
  sqlite3_stmt* select = nullptr;
  sqlite3_stmt* insert = nullptr;
  sqlite3_stmt* touch = nullptr;
  std::mutex mutex;
  std::size_t hits = 0, misses = 0;
  std::string path;

  ~Impl() {
    sqlite3_finalize(select);
    sqlite3_finalize(insert);
    sqlite3_finalize(touch);
    if (db) sqlite3_close(db);
  }
};

ExtractionCache::ExtractionCache(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ExtractionCache::~ExtractionCache() = default;

namespace {

// What a file at the cache's path is, from its first 100 bytes (SQLite's header), read
// before SQLite touches it: only a file quotecheck made (its application id at offset 68)
// may ever be rebuilt; anything else is left as it is.
enum class FileKind { absent, empty, ours, foreign, unreadable };

FileKind file_kind(const std::string& path, std::string& error) {
  std::error_code ec;
  auto st = fs::status(path, ec);
  if (ec || !fs::exists(st)) return FileKind::absent;
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) {
    error = std::strerror(errno);
    return FileKind::unreadable;
  }
  unsigned char header[100];
  std::size_t n = std::fread(header, 1, sizeof header, f);
  std::fclose(f);
  if (n == 0) return FileKind::empty;
  static const char k_magic[] = "SQLite format 3";  // with its NUL: 16 bytes
  if (n < sizeof header || std::memcmp(header, k_magic, sizeof k_magic) != 0) return FileKind::foreign;
  auto app = static_cast<std::uint32_t>(header[68]) << 24 | static_cast<std::uint32_t>(header[69]) << 16 |
             static_cast<std::uint32_t>(header[70]) << 8 | header[71];
  return app == static_cast<std::uint32_t>(k_application_id) ? FileKind::ours : FileKind::foreign;
}

// Why try_open() failed: a corrupt file of ours is rebuilt, a busy one is left to its user.
enum class OpenFailure { none, corrupt, busy, other };

OpenFailure failure_of(int code) {
  switch (code & 0xff) {
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
    case SQLITE_FORMAT: return OpenFailure::corrupt;
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return OpenFailure::busy;
    default: return OpenFailure::other;
  }
}

}  // namespace

static std::unique_ptr<ExtractionCache::Impl> try_open(const std::string& path, const std::string& pack_hash, int busy_wait_ms,
                                                       std::string& error, OpenFailure& failure) {
  auto impl = std::make_unique<ExtractionCache::Impl>();
  impl->path = path;
  failure = OpenFailure::other;
  auto fail = [&](int code) -> std::unique_ptr<ExtractionCache::Impl> {
    failure = failure_of(code);
    if (error.empty()) error = sqlite3_errmsg(impl->db);
    return nullptr;
  };
  if (int rc = sqlite3_open_v2(path.c_str(), &impl->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
      rc != SQLITE_OK) {
    error = impl->db ? sqlite3_errmsg(impl->db) : "cannot open";
    failure = failure_of(rc);
    return nullptr;
  }
  sqlite3_busy_timeout(impl->db, busy_wait_ms);
  // Every page is checked: a file whose header is intact can hold corrupt pages, which would
  // otherwise fail every later statement.
  {
    sqlite3_stmt* st = nullptr;
    int rc = sqlite3_prepare_v2(impl->db, "PRAGMA quick_check(1)", -1, &st, nullptr);
    if (rc == SQLITE_OK) rc = sqlite3_step(st);
    std::string verdict = rc == SQLITE_ROW && sqlite3_column_text(st, 0) ? reinterpret_cast<const char*>(sqlite3_column_text(st, 0)) : "";
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return fail(rc);
    if (rc == SQLITE_ROW && verdict != "ok") {
      error = verdict.empty() ? "corrupt" : verdict;
      failure = OpenFailure::corrupt;
      return nullptr;
    }
  }
  int tables = pragma_int(impl->db, "SELECT count(*) FROM sqlite_master");
  if (tables < 0) return fail(sqlite3_errcode(impl->db));
  if (tables > 0 && pragma_int(impl->db, "PRAGMA user_version") != k_schema_version) {
    error = "made by another version";
    failure = OpenFailure::corrupt;  // ours (the caller checked the application id): rebuilt
    return nullptr;
  }
  std::string sql = fmt::format(
      "PRAGMA application_id={};PRAGMA user_version={};PRAGMA journal_mode=DELETE;PRAGMA synchronous=NORMAL;"
      "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
      "CREATE TABLE IF NOT EXISTS extraction(key TEXT PRIMARY KEY, result TEXT NOT NULL, used INTEGER NOT NULL DEFAULT 0);",
      k_application_id, k_schema_version);
  if (!exec(impl->db, sql.c_str(), error)) return fail(sqlite3_errcode(impl->db));
  // The run holds the write lock from here to commit(): a second run on the same cache waits
  // for it (up to busy_wait_ms) instead of reading a half-written one.
  if (!exec(impl->db, "BEGIN IMMEDIATE", error)) return fail(sqlite3_errcode(impl->db));
  // Entries of another rule pack are worthless: drop them.
  sqlite3_stmt* st = nullptr;
  std::string stored;
  if (sqlite3_prepare_v2(impl->db, "SELECT value FROM meta WHERE key='rules'", -1, &st, nullptr) == SQLITE_OK &&
      sqlite3_step(st) == SQLITE_ROW)
    stored = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
  sqlite3_finalize(st);
  if (stored != pack_hash) {
    if (!exec(impl->db, "DELETE FROM extraction", error)) return fail(sqlite3_errcode(impl->db));
    std::string set = fmt::format("INSERT OR REPLACE INTO meta(key, value) VALUES('rules', '{}')", pack_hash);
    if (!exec(impl->db, set.c_str(), error)) return fail(sqlite3_errcode(impl->db));
  }
  if (!exec(impl->db, "UPDATE extraction SET used=0", error)) return fail(sqlite3_errcode(impl->db));
  if (sqlite3_prepare_v2(impl->db, "SELECT result FROM extraction WHERE key=?", -1, &impl->select, nullptr) != SQLITE_OK ||
      sqlite3_prepare_v2(impl->db, "INSERT OR REPLACE INTO extraction(key, result, used) VALUES(?, ?, 1)", -1, &impl->insert, nullptr) != SQLITE_OK ||
      sqlite3_prepare_v2(impl->db, "UPDATE extraction SET used=1 WHERE key=?", -1, &impl->touch, nullptr) != SQLITE_OK)
    return fail(sqlite3_errcode(impl->db));
  failure = OpenFailure::none;
  return impl;
}

std::unique_ptr<ExtractionCache> ExtractionCache::open(const std::string& path, const std::string& pack_hash, Diagnostics& diags,
                                                       int busy_wait_ms) {
  std::error_code ec;
  if (fs::exists(path, ec) && !fs::is_regular_file(path, ec)) {
    diags.push_back({path, 0, 0, Severity::error, "cache is not a regular file; running without a cache", ""});
    return nullptr;
  }
  std::string error;
  switch (file_kind(path, error)) {
    case FileKind::foreign:
      // Another program's file, an article, an archive: never touched.
      diags.push_back({path, 0, 0, Severity::error,
                       "not a quotecheck cache (it is left as it is); running without a cache", ""});
      return nullptr;
    case FileKind::unreadable:
      diags.push_back({path, 0, 0, Severity::error, fmt::format("cannot read cache: {}; running without one", error), ""});
      return nullptr;
    default: break;
  }
  OpenFailure failure = OpenFailure::none;
  auto impl = try_open(path, pack_hash, busy_wait_ms, error, failure);
  if (!impl && failure == OpenFailure::corrupt && file_kind(path, error) == FileKind::ours) {
    diags.push_back({path, 0, 0, Severity::warning, fmt::format("cache file is {}; rebuilding it", error), ""});
    impl.reset();  // closed before the file goes
    fs::remove(path, ec);
    fs::remove(path + "-journal", ec);
    error.clear();
    impl = try_open(path, pack_hash, busy_wait_ms, error, failure);
  }
  if (!impl) {
    if (failure == OpenFailure::busy) {
      // Another run holds it: its work is not disturbed, and this one's result is the same without.
      diags.push_back({path, 0, 0, Severity::warning,
                       fmt::format("cache is in use by another run ({}); running without one", error), ""});
      return nullptr;
    }
    diags.push_back({path, 0, 0, Severity::error, fmt::format("cannot use cache: {}; running without one", error), ""});
    return nullptr;
  }
  return std::unique_ptr<ExtractionCache>(new ExtractionCache(std::move(impl)));
}

std::optional<DocumentResult> ExtractionCache::get(const Document& doc) {
  std::string key = key_of(doc);
  std::lock_guard lock(impl_->mutex);
  sqlite3_reset(impl_->select);
  sqlite3_bind_text(impl_->select, 1, key.data(), static_cast<int>(key.size()), SQLITE_TRANSIENT);
  if (sqlite3_step(impl_->select) != SQLITE_ROW) {
    ++impl_->misses;
    return std::nullopt;
  }
  std::string_view json(reinterpret_cast<const char*>(sqlite3_column_text(impl_->select, 0)),
                        static_cast<std::size_t>(sqlite3_column_bytes(impl_->select, 0)));
  auto parsed = parse_document_json(json);
  sqlite3_reset(impl_->select);
  if (!parsed) {
    ++impl_->misses;
    return std::nullopt;  // a bad entry is never trusted: it is extracted again and replaced
  }
  sqlite3_reset(impl_->touch);
  sqlite3_bind_text(impl_->touch, 1, key.data(), static_cast<int>(key.size()), SQLITE_TRANSIENT);
  sqlite3_step(impl_->touch);
  ++impl_->hits;
  relocate(*parsed, doc);
  return std::move(*parsed);
}

void ExtractionCache::put(const Document& doc, const DocumentResult& result) {
  std::string key = key_of(doc);
  std::string json = document_json(result);
  std::lock_guard lock(impl_->mutex);
  sqlite3_reset(impl_->insert);
  sqlite3_bind_text(impl_->insert, 1, key.data(), static_cast<int>(key.size()), SQLITE_TRANSIENT);
  sqlite3_bind_text(impl_->insert, 2, json.data(), static_cast<int>(json.size()), SQLITE_TRANSIENT);
  sqlite3_step(impl_->insert);
}

bool ExtractionCache::commit(Diagnostics& diags) {
  std::lock_guard lock(impl_->mutex);
  std::string error;
  if (!exec(impl_->db, "DELETE FROM extraction WHERE used=0; COMMIT", error)) {
    diags.push_back({impl_->path, 0, 0, Severity::error, fmt::format("cannot write cache: {}", error), ""});
    exec(impl_->db, "ROLLBACK", error);
    return false;
  }
  return true;
}

std::size_t ExtractionCache::hits() const { return impl_->hits; }
std::size_t ExtractionCache::misses() const { return impl_->misses; }

}  // namespace quotecheck
