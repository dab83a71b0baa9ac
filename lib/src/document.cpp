// quotecheck - reading documents from files, folders, archives and standard input.
#include "quotecheck/document.hpp"

#include <re2/re2.h>
#include <yaml-cpp/yaml.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fnmatch.h>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include <fmt/format.h>

#include "raw_json.hpp"

namespace fs = std::filesystem;

namespace quotecheck {

int RawColumns::column(std::size_t offset) const {
  auto after = std::upper_bound(stretches.begin(), stretches.end(), offset,
                                [](std::size_t o, const Stretch& s) { return o < s.decoded; });
  if (after == stretches.begin()) return static_cast<int>(offset) + 1;
  const Stretch& s = *std::prev(after);
  return static_cast<int>(s.raw + (s.escape ? 0 : offset - s.decoded)) + 1;
}

Position Document::position(std::size_t offset) const {
  if (record_line > 0) return {record_line, raw_columns.column(offset)};
  return lines.position(offset);
}

std::string document_id_for(const std::string& path) {
  if (path == "-") return "stdin";
  return fs::path(path).stem().string();
}

static bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

static bool ignored(const std::string& path, const InputOptions& options) {
  for (const auto& pattern : options.ignore) {
    if (fnmatch(pattern.c_str(), path.c_str(), 0) == 0) return true;
    auto name = fs::path(path).filename().string();
    if (fnmatch(pattern.c_str(), name.c_str(), 0) == 0) return true;
  }
  return false;
}

static SourceKind kind_for(const std::string& path) {
  return ends_with(path, ".jsonl") || ends_with(path, ".ndjson") ? SourceKind::jsonl : SourceKind::text;
}

static bool article_file(const fs::path& p) {
  auto ext = p.extension().string();
  return ext == ".txt" || ext == ".text" || ext == ".jsonl" || ext == ".ndjson";
}

// Adds the article files under `folder` to `found`, recursively (links to folders are not
// followed, which keeps a link loop from running forever, but each is named in a warning;
// hidden files and folders are left out). A folder that cannot be read is an error naming it,
// and the rest is still searched.
static void walk_folder(const fs::path& folder, const InputOptions& options, Diagnostics& diags, std::vector<Source>& found) {
  std::error_code ec;
  fs::directory_iterator it(folder, ec), end;
  if (ec) {
    diags.push_back({folder.string(), 0, 0, Severity::error, fmt::format("cannot read folder: {}", ec.message()), ""});
    return;
  }
  for (; it != end; it.increment(ec)) {
    if (ec) {
      diags.push_back({folder.string(), 0, 0, Severity::error, fmt::format("cannot read folder: {}", ec.message()), ""});
      return;
    }
    const auto& p = it->path();
    auto name = p.filename().string();
    if (!name.empty() && name[0] == '.') continue;
    std::error_code ec2;
    bool link = it->is_symlink(ec2);
    if (link && !fs::exists(p, ec2)) {
      if (article_file(p)) diags.push_back({p.string(), 0, 0, Severity::error, "broken link; skipped", ""});
      continue;
    }
    if (it->is_directory(ec2)) {
      if (!link) walk_folder(p, options, diags, found);
      else if (!ignored(p.string(), options))
        diags.push_back({p.string(), 0, 0, Severity::warning, "link to a folder; not followed (name it to read it)", ""});
      continue;
    }
    if (!it->is_regular_file(ec2) || !article_file(p)) continue;
    if (ignored(p.string(), options)) continue;
    found.push_back({p.string(), kind_for(p.string())});
  }
}

std::vector<Source> collect_sources(const std::vector<std::string>& paths, const InputOptions& options,
                                    Diagnostics& diags) {
  std::vector<Source> out;
  for (const auto& path : paths) {
    if (path == "-") {
      out.push_back({"-", SourceKind::stdin_text});
      continue;
    }
    std::error_code ec;
    auto status = fs::status(path, ec);
    if (ec || !fs::exists(status)) {
      diags.push_back({path, 0, 0, Severity::error, "no such file or folder", ""});
      continue;
    }
    if (fs::is_directory(status)) {
      std::vector<Source> found;
      walk_folder(path, options, diags, found);
      out.insert(out.end(), found.begin(), found.end());
    } else {
      if (ignored(path, options)) continue;
      out.push_back({path, kind_for(path)});
    }
  }
  // Sorted by path (standard input first), so that what is read, and reported, does not
  // depend on the order the paths were named in; a file named twice is read once.
  std::stable_sort(out.begin(), out.end(), [](const Source& a, const Source& b) {
    if ((a.path == "-") != (b.path == "-")) return a.path == "-";
    return a.path < b.path;
  });
  out.erase(std::unique(out.begin(), out.end(), [](const Source& a, const Source& b) { return a.path == b.path; }), out.end());
  return out;
}

// Splits YAML front matter off `text`. Returns the body's offset (0 when there is none).
static std::size_t parse_front_matter(Document& doc, Diagnostics& diags) {
  const std::string& t = doc.text;
  std::size_t begin = t.rfind("\xEF\xBB\xBF", 0) == 0 ? 3 : 0;
  if (t.compare(begin, 4, "---\n") != 0 && t.compare(begin, 5, "---\r\n") != 0) return begin;
  std::size_t first = t.find('\n', begin) + 1;
  std::size_t pos = first;
  while (pos < t.size()) {
    std::size_t eol = t.find('\n', pos);
    std::string_view line(t.data() + pos, (eol == std::string::npos ? t.size() : eol) - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line == "---" || line == "...") {
      std::string yaml = t.substr(first, pos - first);
      std::size_t body = eol == std::string::npos ? t.size() : eol + 1;
      int line_base = doc.lines.position(first).line - 1;
      try {
        YAML::Node node = YAML::Load(yaml);
        if (node.IsMap()) {
          for (auto kv : node) {
            auto key = kv.first.as<std::string>();
            std::string value = kv.second.IsScalar() ? kv.second.as<std::string>() : std::string();
            if (key == "outlet") doc.outlet = value;
            else if (key == "url") doc.url = value;
            else if (key == "date") doc.date = value;
            else if (key == "title") doc.title = value;
            else
              diags.push_back({doc.path, line_base + kv.first.Mark().line + 1, kv.first.Mark().column + 1,
                               Severity::warning, fmt::format("unknown front-matter key '{}' ignored", key), ""});
          }
        } else if (!node.IsNull()) {
          diags.push_back({doc.path, line_base + 1, 1, Severity::warning, "front matter is not a mapping; ignored", ""});
        }
      } catch (const YAML::Exception& e) {
        diags.push_back({doc.path, line_base + e.mark.line + 1, e.mark.column + 1, Severity::warning,
                         fmt::format("bad front matter ({}); read as article text", e.msg), ""});
        return begin;
      }
      return body;
    }
    if (eol == std::string::npos) break;
    pos = eol + 1;
  }
  diags.push_back({doc.path, doc.lines.position(begin).line, 1, Severity::warning,
                   "front matter opened with '---' is never closed; read as article text", ""});
  return begin;
}

// The longest line read as a headline: the longest of 924 titles in the development set has
// 141 bytes, and a lede's first sentence is longer than that more often than not.
constexpr std::size_t k_headline_max = 150;

static void find_headline(Document& doc) {
  const std::string& t = doc.text;
  std::size_t pos = doc.body_start;
  while (pos < t.size()) {
    std::size_t eol = t.find('\n', pos);
    if (eol == std::string::npos) eol = t.size();
    bool blank = std::all_of(t.begin() + static_cast<long>(pos), t.begin() + static_cast<long>(eol),
                             [](char c) { return c == ' ' || c == '\t' || c == '\r'; });
    if (!blank) {
      // A headline is one short line with more text after it; a long first line, or a
      // document of one line, is the article itself, and so is a first line that opens with
      // a dateline ("SYDNEY, Jan 5 (Reuters) - ", "NEW DELHI: "): the lede of an article
      // with no title line. (The rule pack's {dateline} is for attribution windows; documents
      // are made before a pack is at hand.)
      static const RE2 dateline(R"(^[A-Z][A-Z.'\- ]{2,}(?:,(?:\s+[A-Za-z0-9.]+){1,3})?\s*(?:\([^()]{1,40}\)\s*)?(?:--?|\x{2014}|\x{2013}|:)\s)");
      bool more = t.find_first_not_of(" \t\r\n", eol) != std::string::npos;
      bool lede = RE2::PartialMatch(std::string_view(t).substr(pos, eol - pos), dateline);
      // A longer first line in title case ("Glenn Beck Blasts Drudge for Mocking His Fast,
      // Quotes Bible to ...") is a headline too: most of its longer words are capitalised.
      std::size_t words = 0, caps = 0;
      for (std::size_t i = pos; i < eol;) {
        while (i < eol && (t[i] == ' ' || t[i] == '\t')) ++i;
        std::size_t j = i;
        while (j < eol && t[j] != ' ' && t[j] != '\t') ++j;
        std::size_t k = i;
        while (k < j && !std::isalnum(static_cast<unsigned char>(t[k]))) ++k;  // past opening quotes
        if (j - k > 4) {
          ++words;
          caps += std::isupper(static_cast<unsigned char>(t[k])) ? 1 : 0;
        }
        i = j;
      }
      bool title_case = words >= 6 && caps * 10 >= words * 8;  // of words of five letters or more
      if ((eol - pos <= k_headline_max || (title_case && eol - pos <= 2 * k_headline_max)) && more && !lede) {
        doc.headline_start = pos;
        doc.headline_end = eol;
      }
      return;
    }
    pos = eol + 1;
  }
}

Document make_document(std::string id, std::string path, std::string text, Diagnostics& diags) {
  Document doc;
  doc.id = std::move(id);
  doc.path = std::move(path);
  doc.text = std::move(text);
  doc.lines = LineIndex(doc.text);
  doc.body_start = parse_front_matter(doc, diags);
  find_headline(doc);
  return doc;
}

static void report_invalid_utf8(const Document& doc, Diagnostics& diags) {
  auto bad = invalid_utf8(doc.text, 4);
  if (bad.empty()) return;
  auto pos = doc.position(bad.front());
  diags.push_back({doc.path, pos.line, pos.column, Severity::warning,
                   fmt::format("invalid UTF-8{}; decoded as U+FFFD", bad.size() > 1 ? " (first of several places)" : ""),
                   ""});
}

namespace {

// One input read through its file descriptor, in blocks: standard input, a file, a device or
// a pipe, never more than a limit held in memory. Opening does not block on a FIFO that no
// program writes to (O_NONBLOCK, then a first read tells an absent writer from a slow one).
class InputFile {
 public:
  InputFile() = default;
  InputFile(const InputFile&) = delete;
  InputFile& operator=(const InputFile&) = delete;
  ~InputFile() {
    if (fd_ > 0) ::close(fd_);
  }

  // Opens `path` ("-": standard input). Returns false with `error` set when it cannot be read.
  bool open(const std::string& path, std::string& error) {
    if (path == "-") {
      fd_ = 0;
      return true;
    }
    fd_ = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd_ < 0) {
      error = std::strerror(errno);
      return false;
    }
    struct stat st {};
    if (::fstat(fd_, &st) != 0) {
      error = std::strerror(errno);
      return false;
    }
    if (S_ISDIR(st.st_mode)) {
      error = "is a folder";
      return false;
    }
    if (S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode)) {
      ssize_t n = ::read(fd_, buf_, sizeof buf_);
      if (n == 0) {
        error = "a pipe (FIFO) that no program writes to";
        return false;
      }
      if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
        error = std::strerror(errno);
        return false;
      }
      if (n > 0) end_ = static_cast<std::size_t>(n);
    }
    int flags = ::fcntl(fd_, F_GETFL);
    if (flags >= 0) ::fcntl(fd_, F_SETFL, flags & ~O_NONBLOCK);
    return true;
  }

  // Reads what is left into `out`, at most `limit` bytes; `over` is set (and `out` cleared)
  // when there is more, which is then not read. Returns false on a read error.
  bool read_all(std::size_t limit, std::string& out, bool& over, std::string& error) {
    over = false;
    for (;;) {
      if (begin_ < end_) {
        std::size_t n = end_ - begin_;
        if (out.size() + n > limit) {
          over = true;
          out.clear();
          out.shrink_to_fit();
          return true;
        }
        out.append(buf_ + begin_, n);
        begin_ = end_ = 0;
      }
      if (!fill(error)) return false;
      if (eof_) return true;
    }
  }

  // Reads the next line (its '\n' dropped) into `line`. A line longer than `limit` is read
  // through but not kept: `line` is left empty, `over` set and `length` is its length.
  // Returns false at the end of the input or on a read error (then `error` is set).
  bool next_line(std::string& line, std::size_t limit, bool& over, std::size_t& length, std::string& error) {
    line.clear();
    over = false;
    length = 0;
    bool any = false;
    for (;;) {
      if (begin_ == end_) {
        if (!fill(error)) return false;
        if (eof_) return any;
      }
      any = true;
      const char* from = buf_ + begin_;
      auto* nl = static_cast<const char*>(std::memchr(from, '\n', end_ - begin_));
      std::size_t n = nl ? static_cast<std::size_t>(nl - from) : end_ - begin_;
      length += n;
      if (!over && length > limit) {
        over = true;
        line.clear();
        line.shrink_to_fit();
      }
      if (!over) line.append(from, n);
      begin_ += n + (nl ? 1 : 0);
      if (nl) return true;
    }
  }

 private:
  bool fill(std::string& error) {
    begin_ = end_ = 0;
    if (eof_) return true;  // a terminal is not asked twice
    for (;;) {
      ssize_t n = ::read(fd_, buf_, sizeof buf_);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        error = std::strerror(errno);
        return false;
      }
      end_ = static_cast<std::size_t>(n);
      eof_ = n == 0;
      return true;
    }
  }

  int fd_ = -1;
  char buf_[1 << 16];
  std::size_t begin_ = 0, end_ = 0;
  bool eof_ = false;
};

}  // namespace

static bool read_text_source(const Source& source, const InputOptions& options, Diagnostics& diags,
                             InputStats& stats, const std::function<void(Document)>& sink) {
  std::string text, error;
  if (source.kind != SourceKind::stdin_text) {
    std::error_code ec;
    auto size = fs::file_size(source.path, ec);
    if (!ec && size > options.max_file_bytes) {
      diags.push_back({source.path, 0, 0, Severity::warning,
                       fmt::format("file is {} bytes, over the limit of {} (--max-file-size); skipped", size,
                                   options.max_file_bytes),
                       ""});
      ++stats.skipped;
      return true;
    }
  }
  // Devices, pipes and standard input have no size: at most the limit is read.
  InputFile in;
  bool over = false;
  if (!in.open(source.path, error) || !in.read_all(options.max_file_bytes, text, over, error)) {
    diags.push_back({source.path, 0, 0, Severity::error, fmt::format("cannot read: {}", error), ""});
    ++stats.skipped;
    return false;
  }
  if (over) {
    diags.push_back({source.path, 0, 0, Severity::warning,
                     fmt::format("{} holds more than {} bytes, over the limit (--max-file-size); skipped",
                                 source.kind == SourceKind::stdin_text ? "standard input" : "input", options.max_file_bytes),
                     ""});
    ++stats.skipped;
    return true;
  }
  if (looks_binary(text)) {
    diags.push_back({source.path, 0, 0, Severity::warning, "binary file (NUL or control bytes); skipped", ""});
    ++stats.skipped;
    return true;
  }
  stats.bytes += text.size();
  Document doc = make_document(document_id_for(source.path), source.path, std::move(text), diags);
  report_invalid_utf8(doc, diags);
  ++stats.documents;
  sink(std::move(doc));
  return true;
}

static std::string json_string_field(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return {};
  if (it->is_string()) return it->get<std::string>();
  return it->dump();
}

static bool read_jsonl_source(const Source& source, const InputOptions& options, Diagnostics& diags,
                              InputStats& stats, const std::function<void(Document)>& sink) {
  InputFile in;
  std::string error;
  if (!in.open(source.path, error)) {
    diags.push_back({source.path, 0, 0, Severity::error, fmt::format("cannot read: {}", error), ""});
    ++stats.skipped;
    return false;
  }
  std::string line;
  int lineno = 0;
  bool over = false;
  std::size_t length = 0;
  // A record is held in memory only up to the limit: a longer one is read through and skipped.
  while (in.next_line(line, options.max_file_bytes, over, length, error)) {
    ++lineno;
    if (over) {
      stats.bytes += length + 1;
      diags.push_back({source.path, lineno, 0, Severity::warning,
                       fmt::format("record is {} bytes, over the limit of {} (--max-file-size); skipped", length,
                                   options.max_file_bytes),
                       ""});
      ++stats.skipped;
      continue;
    }
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    stats.bytes += line.size() + 1;
    nlohmann::json j;
    try {
      j = nlohmann::json::parse(line);
    } catch (const nlohmann::json::parse_error& e) {
      std::string what = e.what();
      auto p = what.find("] ");
      // nlohmann counts the byte where parsing stopped; report it as the column.
      diags.push_back({source.path, lineno, static_cast<int>(e.byte), Severity::warning,
                       fmt::format("malformed JSON record ({}); skipped", p == std::string::npos ? what : what.substr(p + 2)), ""});
      ++stats.skipped;
      continue;
    } catch (const nlohmann::json::exception& e) {
      // Valid syntax the parser still refuses: a number out of range ("id": 1e999).
      std::string what = e.what();
      auto p = what.find("] ");
      diags.push_back({source.path, lineno, 1, Severity::warning,
                       fmt::format("malformed JSON record ({}); skipped", p == std::string::npos ? what : what.substr(p + 2)), ""});
      ++stats.skipped;
      continue;
    }
    if (!j.is_object()) {
      diags.push_back({source.path, lineno, 1, Severity::warning, "record is not a JSON object; skipped", ""});
      ++stats.skipped;
      continue;
    }
    auto text_it = j.find("text");
    if (text_it == j.end() || !text_it->is_string()) {
      diags.push_back({source.path, lineno, 1, Severity::warning, "record has no string field 'text'; skipped", ""});
      ++stats.skipped;
      continue;
    }
    std::string id = json_string_field(j, "id");
    if (id.empty()) {
      diags.push_back({source.path, lineno, 1, Severity::warning, "record has no 'id'; skipped", ""});
      ++stats.skipped;
      continue;
    }
    std::string text = text_it->get<std::string>();
    if (text.find('\0') != std::string::npos) {
      diags.push_back({source.path, lineno, 1, Severity::warning, "record text holds NUL bytes; skipped", ""});
      ++stats.skipped;
      continue;
    }
    Diagnostics local;
    Document doc = make_document(id, source.path, std::move(text), local);
    doc.record_line = lineno;
    doc.raw_columns = detail::raw_string_columns(line, "text");
    for (auto& d : local) {
      d.line = lineno;
      d.column = 0;
      diags.push_back(std::move(d));
    }
    if (auto v = json_string_field(j, "outlet"); !v.empty()) doc.outlet = v;
    if (auto v = json_string_field(j, "url"); !v.empty()) doc.url = v;
    if (auto v = json_string_field(j, "date"); !v.empty()) doc.date = v;
    if (auto v = json_string_field(j, "title"); !v.empty()) doc.title = v;
    ++stats.documents;
    sink(std::move(doc));
  }
  if (!error.empty()) {
    diags.push_back({source.path, lineno, 0, Severity::error, fmt::format("read error: {}", error), ""});
    return false;
  }
  return true;
}

bool read_source(const Source& source, const InputOptions& options, Diagnostics& diags, InputStats& stats,
                 const std::function<void(Document)>& sink) {
  if (source.kind == SourceKind::jsonl) return read_jsonl_source(source, options, diags, stats, sink);
  return read_text_source(source, options, diags, stats, sink);
}

}  // namespace quotecheck
