// quotecheck - reading .quotecheck.yaml.
#include "quotecheck/config.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

namespace fs = std::filesystem;

namespace quotecheck {

namespace {

struct Reader {
  std::string path;
  Diagnostics diags;

  void error(const YAML::Node& node, std::string message) {
    auto m = node.Mark();
    diags.push_back({path, m.is_null() ? 0 : m.line + 1, m.is_null() ? 0 : m.column + 1, Severity::error, std::move(message), ""});
  }

  // A scalar or a list of scalars.
  std::vector<std::string> strings(const YAML::Node& node, const std::string& key) {
    std::vector<std::string> out;
    if (node.IsNull()) return out;
    if (node.IsScalar()) {
      out.push_back(node.as<std::string>());
      return out;
    }
    if (!node.IsSequence()) {
      error(node, fmt::format("'{}' must be a list of strings", key));
      return out;
    }
    for (const auto& item : node) {
      if (!item.IsScalar()) error(item, fmt::format("'{}' must be a list of strings", key));
      else out.push_back(item.as<std::string>());
    }
    return out;
  }
};

}  // namespace

std::expected<Config, Diagnostics> parse_config(std::string_view text, const std::string& path) {
  Reader r{path, {}};
  Config config;
  config.path = path;
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    r.diags.push_back({path, e.mark.line + 1, e.mark.column + 1, Severity::error, e.msg, ""});
    return std::unexpected(r.diags);
  }
  if (root.IsNull()) return config;
  if (!root.IsMap()) {
    r.error(root, "configuration must be a mapping of keys (rules, checks, ignore, outlets)");
    return std::unexpected(r.diags);
  }
  fs::path base = fs::path(path).parent_path();
  for (const auto& kv : root) {
    std::string key = kv.first.as<std::string>();
    const YAML::Node& value = kv.second;
    if (key == "rules") {
      for (auto& dir : r.strings(value, key)) {
        fs::path p(dir);
        config.rules.push_back((p.is_absolute() || base.empty() ? p : base / p).lexically_normal().string());
      }
    } else if (key == "checks") {
      if (value.IsNull()) continue;
      if (!value.IsMap()) {
        r.error(value, "'checks' must map check ids to error, warning, info or off");
        continue;
      }
      for (const auto& check : value) {
        std::string id = check.first.as<std::string>();
        auto& ids = check_ids();
        if (std::find(ids.begin(), ids.end(), id) == ids.end()) {
          r.error(check.first, fmt::format("unknown check '{}'", id));
          continue;
        }
        std::string level = check.second.IsScalar() ? check.second.as<std::string>() : "";
        if (level == "error") config.checks[id] = Severity::error;
        else if (level == "warning") config.checks[id] = Severity::warning;
        else if (level == "info") config.checks[id] = Severity::info;
        else if (level == "off" || level == "false") config.checks[id] = std::nullopt;
        else r.error(check.second, fmt::format("check '{}' must be error, warning, info or off", id));
      }
    } else if (key == "ignore") {
      auto globs = r.strings(value, key);
      config.ignore.insert(config.ignore.end(), globs.begin(), globs.end());
    } else if (key == "outlets") {
      if (value.IsNull()) continue;
      if (!value.IsSequence()) {
        r.error(value, "'outlets' must be a list of {pattern: GLOB, outlet: NAME}");
        continue;
      }
      for (const auto& item : value) {
        if (!item.IsMap()) {
          r.error(item, "each outlet must be {pattern: GLOB, outlet: NAME}");
          continue;
        }
        OutletPattern op;
        for (const auto& field : item) {
          std::string fk = field.first.as<std::string>();
          if (!field.second.IsScalar()) r.error(field.second, fmt::format("'{}' must be a string", fk));
          else if (fk == "pattern") op.pattern = field.second.as<std::string>();
          else if (fk == "outlet") op.outlet = field.second.as<std::string>();
          else r.error(field.first, fmt::format("unknown key '{}' in an outlet (expected pattern, outlet)", fk));
        }
        if (op.pattern.empty() || op.outlet.empty()) r.error(item, "an outlet needs both 'pattern' and 'outlet'");
        else config.outlets.push_back(std::move(op));
      }
    } else {
      r.error(kv.first, fmt::format("unknown key '{}' (expected rules, checks, ignore, outlets)", key));
    }
  }
  if (!r.diags.empty()) return std::unexpected(r.diags);
  return config;
}

std::expected<Config, Diagnostics> load_config(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::unexpected(Diagnostics{{path, 0, 0, Severity::error, "cannot read configuration file", ""}});
  std::ostringstream ss;
  ss << in.rdbuf();
  return parse_config(ss.str(), path);
}

std::optional<std::string> find_config(const std::string& start) {
  std::error_code ec;
  fs::path dir = fs::absolute(start, ec);
  if (ec) return std::nullopt;
  dir = dir.lexically_normal();
  while (true) {
    fs::path candidate = dir / k_config_file_name;
    if (fs::is_regular_file(candidate, ec)) return candidate.string();
    if (!dir.has_parent_path() || dir.parent_path() == dir) return std::nullopt;
    dir = dir.parent_path();
  }
}

void apply_config(const Config& config, RulePack& pack) {
  for (auto& [id, severity] : config.checks) {
    CheckConfig c = pack.check(id);
    if (severity) {
      // A configured severity is the severity of every finding of the check: no escalation.
      c.severity = *severity;
      c.enabled = true;
      c.escalate.reset();
    } else {
      c.enabled = false;
    }
    pack.checks[id] = c;
  }
}

}  // namespace quotecheck
