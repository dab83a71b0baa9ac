// quotecheck - reading documents from files, folders, archives and standard input.
#include "quotecheck/document.hpp"

#include <re2/re2.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <fnmatch.h>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include <fmt/format.h>

namespace fs = std::filesystem;

namespace quotecheck {

Position Document::position(std::size_t offset) const {
  if (record_line > 0) return {record_line, static_cast<int>(offset) + 1};
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
      fs::recursive_directory_iterator it(path, fs::directory_options::skip_permission_denied, ec), end;
      if (ec) {
        diags.push_back({path, 0, 0, Severity::error, fmt::format("cannot read folder: {}", ec.message()), ""});
        continue;
      }
      for (; it != end; it.increment(ec)) {
        if (ec) {
          diags.push_back({path, 0, 0, Severity::error, fmt::format("cannot read folder: {}", ec.message()), ""});
          break;
        }
        const auto& p = it->path();
        auto name = p.filename().string();
        if (it->is_symlink() && !fs::exists(p, ec)) {
          ec.clear();
          if (article_file(p)) diags.push_back({p.string(), 0, 0, Severity::error, "broken link; skipped", ""});
          continue;
        }
        if (!name.empty() && name[0] == '.') {
          if (it->is_directory()) it.disable_recursion_pending();
          continue;
        }
        if (!it->is_regular_file() || !article_file(p)) continue;
        if (ignored(p.string(), options)) continue;
        found.push_back({p.string(), kind_for(p.string())});
      }
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

static bool read_file(const std::string& path, std::string& out, std::string& error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = std::strerror(errno);
    return false;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) {
    error = "read error";
    return false;
  }
  out = std::move(ss).str();
  return true;
}

static bool read_text_source(const Source& source, const InputOptions& options, Diagnostics& diags,
                             InputStats& stats, const std::function<void(Document)>& sink) {
  std::string text, error;
  if (source.kind == SourceKind::stdin_text) {
    std::ostringstream ss;
    ss << std::cin.rdbuf();
    text = std::move(ss).str();
  } else {
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
    if (!read_file(source.path, text, error)) {
      diags.push_back({source.path, 0, 0, Severity::error, fmt::format("cannot read: {}", error), ""});
      ++stats.skipped;
      return false;
    }
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
  std::ifstream in(source.path, std::ios::binary);
  if (!in) {
    diags.push_back({source.path, 0, 0, Severity::error, fmt::format("cannot read: {}", std::strerror(errno)), ""});
    ++stats.skipped;
    return false;
  }
  std::string line;
  int lineno = 0;
  while (std::getline(in, line)) {
    ++lineno;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    stats.bytes += line.size() + 1;
    if (line.size() > options.max_file_bytes) {
      diags.push_back({source.path, lineno, 0, Severity::warning,
                       fmt::format("record is {} bytes, over the limit of {}; skipped", line.size(), options.max_file_bytes), ""});
      ++stats.skipped;
      continue;
    }
    nlohmann::json j;
    try {
      j = nlohmann::json::parse(line);
    } catch (const nlohmann::json::parse_error& e) {
      std::string what = e.what();
      auto p = what.find("] ");
      // nlohmann counts the byte where parsing stopped; report it as the column.
      diags.push_back({source.path, lineno, static_cast<int>(e.byte), Severity::warning,
                       fmt::format("malformed JSON record ({}); skipped", p == std::string::npos ? what : what.substr(p + 3)), ""});
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
  if (in.bad()) {
    diags.push_back({source.path, lineno, 0, Severity::error, "read error", ""});
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
