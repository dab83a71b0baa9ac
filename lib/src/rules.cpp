// quotecheck - loading rule packs from YAML and compiling their token patterns to RE2.
#include "quotecheck/rules.hpp"

#include <functional>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <set>
#include <span>
#include <sstream>
#include <tuple>

#include <fmt/format.h>

#include "compiled.hpp"
#include "quotecheck/text.hpp"

namespace fs = std::filesystem;

namespace quotecheck {

const char* gender_name(Gender g) {
  switch (g) {
    case Gender::male: return "male";
    case Gender::female: return "female";
    case Gender::neuter: return "neuter";
    case Gender::plural: return "plural";
    case Gender::unknown: break;
  }
  return "unknown";
}

const std::vector<std::string>& check_ids() {
  static const std::vector<std::string> ids = {
      "affiliation-conflict", "role-holder-conflict", "speaker-conflict", "quote-altered", "quote-trimmed",
      "name-variant", "title-variant", "unbalanced-quote", "unattributed-quote"};
  return ids;
}

static const std::map<std::string, Severity>& default_severities() {
  static const std::map<std::string, Severity> m = {
      {"affiliation-conflict", Severity::error}, {"role-holder-conflict", Severity::warning},
      {"speaker-conflict", Severity::info},      {"quote-altered", Severity::warning},
      {"quote-trimmed", Severity::info},         {"name-variant", Severity::info},
      {"title-variant", Severity::info},         {"unbalanced-quote", Severity::info},
      {"unattributed-quote", Severity::info}};
  return m;
}

CheckConfig RulePack::check(const std::string& id) const {
  if (auto it = checks.find(id); it != checks.end()) return it->second;
  CheckConfig c;
  if (auto it = default_severities().find(id); it != default_severities().end()) c.severity = it->second;
  if (id == "speaker-conflict" || id == "quote-altered") c.escalate = Severity::error;
  if (id == "quote-trimmed" || id == "unbalanced-quote") c.escalate = Severity::warning;
  return c;
}

namespace {

// Where each token macro is defined: file, line and column of its pattern.
using TokenMacroOrigins = std::map<std::string, std::tuple<std::string, int, int>, std::less<>>;

struct Loader {
  RulePack pack;
  Diagnostics diags;
  std::string file;
  std::set<std::string> attribution_ids, descriptor_ids;
  TokenMacroOrigins token_macro_origin;

  // Returns the text of a mapping key, or "" (with an error) when the key is not a plain scalar.
  std::string key_text(const YAML::Node& key) {
    if (key.IsScalar()) return key.as<std::string>();
    error(key, "a key must be a plain string");
    return {};
  }

  void error(const YAML::Node& node, std::string message, std::string id = {}) {
    auto m = node.Mark();
    diags.push_back({file, m.line + 1, m.column + 1, Severity::error, std::move(message), std::move(id)});
  }

  bool expect(const YAML::Node& node, YAML::NodeType::value type, const char* what) {
    if (node.Type() == type) return true;
    error(node, fmt::format("expected {}", what));
    return false;
  }

  std::string scalar(const YAML::Node& node, const char* what) {
    if (!node.IsScalar()) {
      error(node, fmt::format("expected {} (a string)", what));
      return {};
    }
    return node.as<std::string>();
  }

  std::vector<std::string> strings(const YAML::Node& node, const char* what) {
    std::vector<std::string> out;
    if (node.IsScalar()) {
      out.push_back(node.as<std::string>());
      return out;
    }
    if (!expect(node, YAML::NodeType::Sequence, fmt::format("a list of {}", what).c_str())) return out;
    for (auto item : node) {
      auto s = scalar(item, what);
      if (!s.empty()) out.push_back(std::move(s));
    }
    return out;
  }

  // A key that a rule no longer has, and the message that says what to write instead.
  struct Retired {
    const char* key;
    const char* message;
  };

  // Checks that `node` is a map with only `allowed` keys and all `required` keys; a `retired`
  // key is an error of its own message, at the key.
  bool keys(const YAML::Node& node, std::initializer_list<const char*> allowed,
            std::initializer_list<const char*> required, const std::string& id = {},
            std::span<const Retired> retired = {}) {
    if (!expect(node, YAML::NodeType::Map, "a mapping")) return false;
    bool ok = true;
    for (auto kv : node) {
      auto key = key_text(kv.first);
      if (key.empty()) {
        ok = false;
        continue;
      }
      if (auto it = std::find_if(retired.begin(), retired.end(), [&](const Retired& r) { return key == r.key; }); it != retired.end()) {
        error(kv.first, it->message, id);
        ok = false;
        continue;
      }
      if (std::none_of(allowed.begin(), allowed.end(), [&](const char* a) { return key == a; })) {
        std::string list;
        for (auto a : allowed) list += fmt::format("{}{}", list.empty() ? "" : ", ", a);
        error(kv.first, fmt::format("unknown key '{}' (expected one of: {})", key, list), id);
        ok = false;
      }
    }
    for (auto r : required) {
      if (!node[r]) {
        error(node, fmt::format("missing required key '{}'", r), id);
        ok = false;
      }
    }
    return ok;
  }

  static Gender gender_of(const std::string& s) {
    if (s == "male" || s == "m") return Gender::male;
    if (s == "female" || s == "f") return Gender::female;
    if (s == "neuter") return Gender::neuter;
    if (s == "plural") return Gender::plural;
    return Gender::unknown;
  }

  void speech_verbs(const YAML::Node& node) {
    if (!expect(node, YAML::NodeType::Sequence, "a list of speech verbs")) return;
    for (auto item : node) {
      if (!keys(item, {"lemma", "forms", "reporting"}, {"lemma", "forms"})) continue;
      SpeechVerb v{scalar(item["lemma"], "lemma"), item["reporting"] ? item["reporting"].as<bool>() : true};
      for (auto& f : strings(item["forms"], "verb forms")) pack.verbs[normalize(f)] = v;
    }
  }

  void pronouns(const YAML::Node& node) {
    if (!expect(node, YAML::NodeType::Sequence, "a list of pronouns")) return;
    for (auto item : node) {
      if (!keys(item, {"form", "gender", "number", "person", "personal", "case"}, {"form"})) continue;
      PronounInfo p;
      p.gender = item["gender"] ? gender_of(item["gender"].as<std::string>()) : Gender::unknown;
      p.plural = item["number"] && item["number"].as<std::string>() == "plural";
      p.personal = p.gender != Gender::neuter;
      if (item["personal"]) p.personal = item["personal"].as<bool>();
      if (item["case"])
        for (auto& c : strings(item["case"], "cases"))
          if (c == "subject") p.subject = true;
      pack.pronouns[normalize(scalar(item["form"], "pronoun"))] = p;
    }
  }

  void honorifics(const YAML::Node& node) {
    if (!expect(node, YAML::NodeType::Sequence, "a list of honorifics")) return;
    for (auto item : node) {
      if (!keys(item, {"form", "gender", "role", "ambiguous"}, {"form"})) continue;
      Honorific h;
      h.form = scalar(item["form"], "honorific");
      if (item["gender"]) h.gender = gender_of(item["gender"].as<std::string>());
      if (item["role"]) h.role = item["role"].as<std::string>();
      pack.honorifics.push_back(std::move(h));
    }
  }

  void given_names(const YAML::Node& node) {
    if (!keys(node, {"female", "male", "either"}, {})) return;
    for (auto name : strings(node["female"], "names")) pack.given_names[normalize(name)] = Gender::female;
    for (auto name : strings(node["male"], "names")) pack.given_names[normalize(name)] = Gender::male;
    // Given names of either gender: they open a full name, and tell no gender.
    if (node["either"])
      for (auto name : strings(node["either"], "names")) pack.given_names.try_emplace(normalize(name), Gender::unknown);
  }

  void roles(const YAML::Node& node) {
    if (!expect(node, YAML::NodeType::Sequence, "a list of roles")) return;
    for (auto item : node) {
      if (!keys(item, {"role", "forms", "unique", "domain", "gender", "gendered_forms"}, {"role"})) continue;
      Role r;
      r.role = normalize(scalar(item["role"], "role"));
      if (item["forms"]) r.forms = strings(item["forms"], "role forms");
      for (auto& f : r.forms) f = normalize(f);
      if (std::find(r.forms.begin(), r.forms.end(), r.role) == r.forms.end()) r.forms.push_back(r.role);
      r.unique = item["unique"] && item["unique"].as<bool>();
      pack.roles.push_back(std::move(r));
    }
  }

  void places(const YAML::Node& node, bool organisation) {
    if (!expect(node, YAML::NodeType::Sequence, "a list of places")) return;
    for (auto item : node) {
      if (!keys(item, {"name", "forms", "demonyms", "capitals", "metonym", "ambiguous_capital", "un_member", "headquarters", "part_of", "ambiguous"}, {"name"}))
        continue;
      Place p;
      p.name = scalar(item["name"], "name");
      p.organisation = organisation;
      if (item["forms"]) p.forms = strings(item["forms"], "forms");
      if (item["demonyms"]) p.demonyms = strings(item["demonyms"], "demonyms");
      if (item["capitals"]) p.capitals = strings(item["capitals"], "capitals");
      if (std::find(p.forms.begin(), p.forms.end(), p.name) == p.forms.end()) p.forms.push_back(p.name);
      pack.places.push_back(std::move(p));
    }
  }

  void parties(const YAML::Node& node) {
    if (!expect(node, YAML::NodeType::Sequence, "a list of parties")) return;
    for (auto item : node) {
      if (!keys(item, {"name", "forms", "codes", "member"}, {"name"})) continue;
      Party p;
      p.name = scalar(item["name"], "name");
      p.member = item["member"] ? scalar(item["member"], "member noun") : p.name;
      if (item["forms"]) p.forms = strings(item["forms"], "forms");
      if (item["codes"]) p.codes = strings(item["codes"], "codes");
      if (std::find(p.forms.begin(), p.forms.end(), p.name) == p.forms.end()) p.forms.push_back(p.name);
      pack.parties.push_back(std::move(p));
    }
  }

  std::vector<RuleExample> examples(const YAML::Node& node, const std::string& id) {
    std::vector<RuleExample> out;
    if (!expect(node, YAML::NodeType::Sequence, "a list of examples")) return out;
    for (auto item : node) {
      RuleExample e;
      e.line = item.Mark().line + 1;
      e.column = item.Mark().column + 1;
      if (item.IsScalar()) {
        e.text = item.as<std::string>();
      } else {
        if (!keys(item, {"text", "speaker", "negative"}, {"text"}, id)) continue;
        e.text = scalar(item["text"], "example text");
        if (item["speaker"]) e.speaker = item["speaker"].as<std::string>();
        if (item["negative"]) e.positive = !item["negative"].as<bool>();
      }
      out.push_back(std::move(e));
    }
    return out;
  }

  // A token macro's examples: {text, match, negative}; `match` goes into RuleExample::speaker.
  std::vector<RuleExample> macro_examples(const YAML::Node& node, const std::string& name) {
    std::vector<RuleExample> out;
    if (!expect(node, YAML::NodeType::Sequence, "a list of examples")) return out;
    for (auto item : node) {
      if (!keys(item, {"text", "match", "negative"}, {"text"}, name)) continue;
      RuleExample e;
      e.line = item.Mark().line + 1;
      e.column = item.Mark().column + 1;
      e.text = scalar(item["text"], "example text");
      if (item["match"]) e.speaker = scalar(item["match"], "example match");
      if (item["negative"]) e.positive = !item["negative"].as<bool>();
      out.push_back(std::move(e));
    }
    return out;
  }

  // The keys of character patterns, gone with them: one engine, token patterns.
  static constexpr Retired k_character_keys[] = {
      {"pattern", "character patterns are gone: write the rule as a token pattern ('tokens:', see rules/README.md)"},
      {"trigger", "character patterns are gone, and with them their triggers: write the rule as a token pattern "
                  "('tokens:', see rules/README.md), which needs no trigger"},
  };

  void attribution(const YAML::Node& node) {
    if (!expect(node, YAML::NodeType::Sequence, "a list of attribution rules")) return;
    for (auto item : node) {
      std::string id = item.IsMap() && item["id"] && item["id"].IsScalar() ? item["id"].as<std::string>() : "";
      // A rule with a bad key is still read to its end, so that its other problems (a bad
      // scope, a duplicate id, a bad pattern) are reported in the same run; so is one with a
      // character pattern in place of its token pattern.
      if (!keys(item, {"id", "description", "scope", "tokens", "direct", "any_source", "title_quotes", "defer", "confidence", "examples"},
                {"id"}, id, k_character_keys) &&
          (!item.IsMap() || id.empty()))
        continue;
      if (!item["tokens"] && !item["pattern"]) {
        error(item, "missing key 'tokens' (a token pattern, see rules/README.md)", id);
        continue;
      }
      AttributionRule r;
      r.id = id;
      r.file = file;
      r.line = item.Mark().line + 1;
      if (item["description"]) r.description = item["description"].as<std::string>();
      if (item["scope"]) {
        auto s = scalar(item["scope"], "scope");
        if (s == "after") r.scope = RuleScope::after;
        else if (s == "before") r.scope = RuleScope::before;
        else if (s == "sentence") r.scope = RuleScope::sentence;
        else if (s == "previous") r.scope = RuleScope::previous;
        else error(item["scope"], fmt::format("unknown scope '{}' (expected after, before, sentence or previous)", s), id);
      }
      if (item["tokens"]) {
        r.tokens = scalar(item["tokens"], "tokens");
        r.tokens_line = item["tokens"].Mark().line + 1;
        r.tokens_column = item["tokens"].Mark().column + 1;
      }
      for (auto [key, field] : {std::pair{"direct", &r.direct}, {"any_source", &r.any_source},
                                {"title_quotes", &r.title_quotes}, {"defer", &r.defer}}) {
        if (!item[key]) continue;
        bool value = *field;
        if (!item[key].IsScalar() || !YAML::convert<bool>::decode(item[key], value)) error(item[key], "expected true or false", id);
        *field = value;
      }
      if (item["confidence"]) {
        r.confidence = item["confidence"].as<double>();
        if (!(r.confidence > 0.0 && r.confidence <= 1.0))
          error(item["confidence"], fmt::format("confidence must be in (0, 1], not {}", r.confidence), id);
      }
      if (item["examples"]) r.examples = examples(item["examples"], id);
      if (!attribution_ids.insert(id).second) {
        // A later pack overrides a rule of the same id; within one pack it is a mistake.
        auto it = std::find_if(pack.attribution.begin(), pack.attribution.end(), [&](auto& a) { return a.id == id; });
        if (it != pack.attribution.end() && it->file == file) {
          error(item["id"], fmt::format("duplicate rule id '{}' (first at line {})", id, it->line), id);
          continue;
        }
        *it = std::move(r);
        continue;
      }
      pack.attribution.push_back(std::move(r));
    }
  }

  void descriptors(const YAML::Node& node) {
    if (!expect(node, YAML::NodeType::Sequence, "a list of descriptor rules")) return;
    for (auto item : node) {
      std::string id = item.IsMap() && item["id"] && item["id"].IsScalar() ? item["id"].as<std::string>() : "";
      bool ok = keys(item, {"id", "description", "tokens", "examples"}, {"id"}, id, k_character_keys);
      if (item.IsMap() && !item["tokens"] && !item["pattern"]) {
        error(item, "missing required key 'tokens'", id);
        ok = false;
      }
      if (!ok && (!item.IsMap() || id.empty() || !item["tokens"])) continue;
      DescriptorRule r;
      r.id = id;
      r.file = file;
      r.line = item.Mark().line + 1;
      if (item["description"]) r.description = item["description"].as<std::string>();
      r.tokens = scalar(item["tokens"], "tokens");
      r.tokens_line = item["tokens"].Mark().line + 1;
      r.tokens_column = item["tokens"].Mark().column + 1;
      if (item["examples"]) r.examples = examples(item["examples"], id);
      if (!descriptor_ids.insert(id).second) {
        auto it = std::find_if(pack.descriptors.begin(), pack.descriptors.end(), [&](auto& a) { return a.id == id; });
        if (it != pack.descriptors.end() && it->file == file) {
          error(item["id"], fmt::format("duplicate rule id '{}' (first at line {})", id, it->line), id);
          continue;
        }
        *it = std::move(r);
        continue;
      }
      pack.descriptors.push_back(std::move(r));
    }
  }

  void checks(const YAML::Node& node) {
    if (!expect(node, YAML::NodeType::Map, "a mapping of check ids to severities")) return;
    for (auto kv : node) {
      auto id = key_text(kv.first);
      auto& ids = check_ids();
      if (std::find(ids.begin(), ids.end(), id) == ids.end()) {
        error(kv.first, fmt::format("unknown check '{}'", id), id);
        continue;
      }
      // A scalar severity, or {severity: S, escalate: E} for a check that escalates. Returns
      // false for an unknown word; `off` leaves `out` empty.
      auto parse = [&](const YAML::Node& value, Severity& out, bool& on) {
        auto s = scalar(value, "severity");
        on = true;
        if (s == "off" || s == "false") on = false;
        else if (s == "error") out = Severity::error;
        else if (s == "warning") out = Severity::warning;
        else if (s == "info") out = Severity::info;
        else {
          error(value, fmt::format("unknown severity '{}' (expected error, warning, info or off)", s), id);
          return false;
        }
        return true;
      };
      CheckConfig c = pack.check(id);
      c.escalate.reset();
      const YAML::Node& value = kv.second.IsMap() ? kv.second["severity"] : kv.second;
      if (kv.second.IsMap() && !keys(kv.second, {"severity", "escalate"}, {"severity"}, id)) continue;
      if (!parse(value, c.severity, c.enabled)) continue;
      if (kv.second.IsMap() && kv.second["escalate"]) {
        Severity esc = Severity::error;
        bool on = true;
        if (!parse(kv.second["escalate"], esc, on)) continue;
        if (on) c.escalate = esc;
      }
      pack.checks[id] = c;
    }
  }

  void alignment(const YAML::Node& node) {
    if (!keys(node, {"min_words", "short_quote", "min_passage", "min_passage_share", "min_identity", "reworded_min_identity",
                     "band", "shingle", "max_postings"},
              {}))
      return;
    auto& a = pack.alignment;
    try {
      auto size = [&](const char* key, std::size_t& field) {
        if (node[key]) field = node[key].as<std::size_t>();
      };
      auto share = [&](const char* key, double& field) {
        if (!node[key]) return;
        double v = node[key].as<double>();
        if (v < 0.0 || v > 1.0) error(node[key], fmt::format("alignment.{} must be in [0, 1], not {}", key, v));
        else field = v;
      };
      size("min_words", a.min_words);
      size("short_quote", a.short_quote);
      size("min_passage", a.min_passage);
      share("min_passage_share", a.min_passage_share);
      share("min_identity", a.min_identity);
      share("reworded_min_identity", a.reworded_min_identity);
      size("band", a.band);
      size("shingle", a.shingle);
      a.shingle = std::max<std::size_t>(1, a.shingle);
      size("max_postings", a.max_postings);
    } catch (const YAML::Exception& e) {
      error(node, fmt::format("bad alignment value: {}", e.msg));
    }
  }

  // A mapping of words to words: each value split into canonical words.
  void word_map(const YAML::Node& node, const char* what,
                const std::function<void(const std::string&, std::vector<std::string>)>& put) {
    if (!expect(node, YAML::NodeType::Map, fmt::format("a mapping of {}", what).c_str())) return;
    for (auto kv : node) {
      auto from = normalize(key_text(kv.first));
      auto to = scalar(kv.second, what);
      if (from.empty()) continue;
      std::vector<std::string> ws;
      std::string cur;
      for (char c : normalize(to) + " ") {
        if (c == ' ') {
          if (!cur.empty()) ws.push_back(std::move(cur));
          cur.clear();
        } else {
          cur += c;
        }
      }
      put(from, std::move(ws));
    }
  }

  void number_map(const YAML::Node& node, std::unordered_map<std::string, double>& out) {
    if (!expect(node, YAML::NodeType::Map, "a mapping of number words to values")) return;
    for (auto kv : node) out[normalize(key_text(kv.first))] = kv.second.as<double>();
  }

  void normalization(const YAML::Node& node) {
    if (!keys(node, {"contractions", "suffixes", "spellings", "numbers", "scales", "phrases", "qualifiers"}, {})) return;
    auto& n = pack.normalization;
    if (node["contractions"])
      word_map(node["contractions"], "contractions", [&](const std::string& k, std::vector<std::string> v) { n.contractions[k] = std::move(v); });
    if (node["suffixes"])
      word_map(node["suffixes"], "suffixes", [&](const std::string& k, std::vector<std::string> v) {
        n.suffixes.emplace_back(k, std::move(v));
      });
    if (node["spellings"])
      word_map(node["spellings"], "spellings", [&](const std::string& k, std::vector<std::string> v) {
        if (v.size() == 1) n.spellings[k] = v[0];
        else error(node["spellings"], fmt::format("spelling '{}' must map to one word", k));
      });
    if (node["phrases"])
      word_map(node["phrases"], "phrases", [&](const std::string& k, std::vector<std::string> v) {
        std::string joined;
        for (auto& w : v) joined += (joined.empty() ? "" : " ") + w;
        n.phrases[k] = joined;
      });
    if (node["numbers"]) number_map(node["numbers"], n.numbers);
    if (node["scales"]) number_map(node["scales"], n.scales);
    if (node["qualifiers"])
      for (auto& q : strings(node["qualifiers"], "words")) n.qualifiers.insert(normalize(q));
    // Longer suffixes first: "n't" before "'t".
    std::stable_sort(n.suffixes.begin(), n.suffixes.end(), [](auto& x, auto& y) { return x.first.size() > y.first.size(); });
  }

  void speaker_confidence(const YAML::Node& node) {
    if (!keys(node, {"site", "pronoun", "description", "inherited", "unnamed", "conflict"}, {})) return;
    auto& c = pack.speaker_confidence;
    for (auto [key, field] : {std::pair{"site", &c.site}, {"pronoun", &c.pronoun}, {"description", &c.description},
                              {"inherited", &c.inherited}, {"unnamed", &c.unnamed}, {"conflict", &c.conflict}}) {
      if (!node[key]) continue;
      double v = node[key].as<double>();
      if (!(v > 0.0 && v <= 1.0)) {
        error(node[key], fmt::format("speaker_confidence.{} must be in (0, 1], not {}", key, v));
        continue;
      }
      *field = v;
    }
  }

  void unbalanced_confidence(const YAML::Node& node) {
    auto& c = pack.unbalanced_confidence;
    if (!keys(node, {"quote_opens_inside", "stray_close", "paragraph_end", "excerpt_end", "closed_in_next_paragraph",
                     "warning_at"}, {}))
      return;
    for (auto [key, field] : {std::pair{"quote_opens_inside", &c.quote_opens_inside}, {"stray_close", &c.stray_close},
                              {"paragraph_end", &c.paragraph_end}, {"excerpt_end", &c.excerpt_end},
                              {"closed_in_next_paragraph", &c.closed_in_next_paragraph}, {"warning_at", &c.warning_at}}) {
      if (!node[key]) continue;
      double v = node[key].as<double>();
      if (!(v > 0.0 && v <= 1.0)) {
        error(node[key], fmt::format("unbalanced_quote.{} must be in (0, 1], not {}", key, v));
        continue;
      }
      *field = v;
    }
  }

  void token_macros(const YAML::Node& node) {
    if (!expect(node, YAML::NodeType::Map, "a mapping of macro names to token patterns")) return;
    for (auto kv : node) {
      auto name = key_text(kv.first);
      if (name.empty()) continue;
      YAML::Node source = kv.second;
      if (source.IsMap()) {
        // A macro with examples: {tokens: '...', examples: [{text, match, negative}]}.
        if (!keys(source, {"tokens", "examples"}, {"tokens"}, name)) continue;
        if (source["examples"]) pack.token_macro_examples[name] = {file, kv.first.Mark().line + 1, macro_examples(source["examples"], name)};
        source = source["tokens"];
      }
      pack.token_macros[name] = scalar(source, "token pattern");
      token_macro_origin[name] = {file, source.Mark().line + 1, source.Mark().column + 1};
    }
  }

  // The coreference cascade (coreference.yaml): a list of sieves, tried in order. A later
  // file's list replaces an earlier one's.
  void coreference(const YAML::Node& node) {
    if (!expect(node, YAML::NodeType::Sequence, "a list of sieves")) return;
    std::vector<CorefSieve> out;
    std::set<std::string> ids;
    for (auto item : node) {
      std::string id = item.IsMap() && item["id"] && item["id"].IsScalar() ? item["id"].as<std::string>() : std::string();
      if (!keys(item, {"id", "applies_to", "method", "sentences_back", "paragraphs_back", "skip", "chain", "confidence"},
                {"id", "applies_to", "method"}, id))
        continue;
      CorefSieve s;
      s.id = scalar(item["id"], "sieve id");
      s.line = item.Mark().line + 1;
      if (!ids.insert(s.id).second) {
        error(item["id"], fmt::format("duplicate sieve id '{}'", s.id), s.id);
        continue;
      }
      s.applies_to = scalar(item["applies_to"], "mention kind");
      s.method = scalar(item["method"], "method");
      static const std::map<std::string, std::set<std::string>> k_methods = {
          {"pronoun", {"salience", "nearest", "forward"}},
          {"organisation-pronoun", {"nearest"}},
          {"description", {"introduced-role", "nearest", "introduced-type"}},
          {"document", {"issuer"}},
      };
      auto kind = k_methods.find(s.applies_to);
      if (kind == k_methods.end()) {
        error(item["applies_to"], fmt::format("unknown applies_to '{}' (expected pronoun, organisation-pronoun, description or document)", s.applies_to), s.id);
        continue;
      }
      if (!kind->second.count(s.method)) {
        std::string list;
        for (auto& m : kind->second) list += fmt::format("{}{}", list.empty() ? "" : ", ", m);
        error(item["method"], fmt::format("unknown method '{}' for {} (expected one of: {})", s.method, s.applies_to, list), s.id);
        continue;
      }
      bool ok = true;
      for (auto [key, field] : {std::pair{"sentences_back", &s.sentences_back}, {"paragraphs_back", &s.paragraphs_back}}) {
        if (!item[key]) continue;
        long v = item[key].as<long>();
        if (v < 0 || v > 50) {
          error(item[key], fmt::format("{} must be in 0..50, not {}", key, v), s.id);
          ok = false;
          continue;
        }
        *field = static_cast<std::size_t>(v);
      }
      if (item["skip"]) {
        for (auto& w : strings(item["skip"], "candidate features"))
          if (w == "object" || w == "modifier" || w == "addressed" || w == "opener") s.skip.push_back(w);
          else {
            error(item["skip"], fmt::format("unknown skip '{}' (expected object, modifier, addressed or opener)", w), s.id);
            ok = false;
          }
      }
      if (item["chain"]) s.chain = item["chain"].as<bool>();
      if (item["confidence"]) {
        double v = item["confidence"].as<double>();
        if (!(v > 0.0 && v <= 1.0)) {
          error(item["confidence"], fmt::format("confidence must be in (0, 1], not {}", v), s.id);
          ok = false;
        } else {
          s.confidence = v;
        }
      }
      if (ok) out.push_back(std::move(s));
    }
    pack.coreference = std::move(out);
  }

  // A verb's clitics ("'re", "’ll"): each an apostrophe and ASCII letters, kept in lower case
  // with a straight apostrophe.
  void verb_clitics(const YAML::Node& node) {
    if (!expect(node, YAML::NodeType::Sequence, "a list of clitics")) return;
    for (auto item : node) {
      auto s = scalar(item, "clitic");
      if (s.empty()) continue;
      std::string_view letters = s;
      if (letters.starts_with('\'')) letters.remove_prefix(1);
      else if (letters.starts_with("\xE2\x80\x99")) letters.remove_prefix(3);
      else letters = {};
      if (letters.empty() || !std::all_of(letters.begin(), letters.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)); })) {
        error(item, fmt::format("a verb clitic is an apostrophe and letters (\"'re\"), not '{}'", s));
        continue;
      }
      std::string clitic = "'";
      for (char c : letters) clitic += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      pack.verb_clitics.push_back(std::move(clitic));
    }
  }

  // `macros:`, the character patterns' macros, went with them: an error at the key, and at each
  // of the two that were lists of rules, what a rule says instead.
  void character_macros(const YAML::Node& key, const YAML::Node& node) {
    error(key, "character macros are gone with character patterns: a token pattern's macros are 'token_macros:' (see rules/README.md)");
    if (!node.IsMap()) return;
    for (auto kv : node) {
      auto name = key_text(kv.first);
      if (name == "title_quote_rules")
        error(kv.first, "title_quote_rules is a key of each rule now: 'title_quotes: false' (see rules/attribution.yaml)");
      else if (name == "defer_rules")
        error(kv.first, "defer_rules is a key of each rule now: 'defer: true' (see rules/attribution.yaml)");
    }
  }

  void load_file(const std::string& path) {
    file = path;
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    if (!in) {
      diags.push_back({path, 0, 0, Severity::error, "cannot read rule file", ""});
      return;
    }
    std::string text = ss.str();
    pack.hash += hex64(fingerprint64(text));
    YAML::Node root;
    try {
      root = YAML::Load(text);
    } catch (const YAML::Exception& e) {
      diags.push_back({path, e.mark.line + 1, e.mark.column + 1, Severity::error, fmt::format("YAML: {}", e.msg), ""});
      return;
    }
    if (root.IsNull()) return;
    if (!expect(root, YAML::NodeType::Map, "a mapping at the top of the rule file")) return;
    if (!root["schema"]) {
      error(root, "missing required key 'schema' (this version reads schema: 1)");
      return;
    }
    if (!root["schema"].IsScalar() || root["schema"].as<std::string>() != "1") {
      error(root["schema"], "unsupported schema (this version reads schema: 1)");
      return;
    }
    for (auto kv : root) {
      auto key = key_text(kv.first);
      if (key.empty()) continue;
      const YAML::Node& v = kv.second;
      try {
        if (key == "schema") continue;
        if (key == "speech_verbs") speech_verbs(v);
        else if (key == "phrasal") for (auto& s : strings(v, "phrasal verbs")) pack.phrasal_verbs.push_back(normalize(s));
        else if (key == "pronouns") pronouns(v);
        else if (key == "honorifics") honorifics(v);
        else if (key == "name_particles") pack.particles = strings(v, "particles");
        else if (key == "name_suffixes") pack.suffixes = strings(v, "suffixes");
        else if (key == "given_names") given_names(v);
        else if (key == "roles") roles(v);
        else if (key == "countries") places(v, false);
        else if (key == "organisations") places(v, true);
        else if (key == "parties") parties(v);
        else if (key == "party_organisation_words") pack.party_organisation_words = strings(v, "words");
        else if (key == "party_race_words") for (auto& w : strings(v, "words")) pack.party_race_words.push_back(normalize(w));
        else if (key == "organisation_heads") for (auto& s : strings(v, "words")) pack.organisation_heads.push_back(s);
        else if (key == "group_nouns") for (auto& s : strings(v, "words")) pack.group_nouns.push_back(s);
        else if (key == "negations")
          for (auto& s : strings(v, "words")) {
            pack.negations.push_back(normalize(s));
            pack.normalization.negations.insert(normalize(s));
          }
        else if (key == "number_words")
          for (auto& s : strings(v, "words")) {
            pack.number_words.push_back(normalize(s));
            pack.normalization.number_words.insert(normalize(s));
          }
        else if (key == "determiners") for (auto& s : strings(v, "words")) pack.determiners.push_back(normalize(s));
        else if (key == "abbreviations") for (auto& s : strings(v, "words")) pack.abbreviations.push_back(normalize(s));
        else if (key == "clause_words") for (auto& s : strings(v, "words")) pack.clause_words.push_back(normalize(s));
        else if (key == "object_leads") for (auto& s : strings(v, "words")) pack.object_leads.push_back(normalize(s));
        else if (key == "affiliation_leads") for (auto& s : strings(v, "words")) pack.affiliation_leads.push_back(normalize(s));
        else if (key == "sentence_openers") for (auto& s : strings(v, "words")) pack.sentence_openers.push_back(s);
        else if (key == "relative_words") for (auto& s : strings(v, "words")) pack.relative_words.push_back(normalize(s));
        else if (key == "name_breaks") for (auto& s : strings(v, "words")) pack.name_breaks.push_back(normalize(s));
        else if (key == "name_stops") for (auto& s : strings(v, "words")) pack.name_stops.push_back(normalize(s));
        else if (key == "lead_adverbs") for (auto& s : strings(v, "words")) pack.lead_adverbs.push_back(normalize(s));
        else if (key == "name_leads") for (auto& s : strings(v, "words")) pack.name_leads.push_back(normalize(s));
        else if (key == "predicate_openers") for (auto& s : strings(v, "words")) pack.predicate_openers.push_back(normalize(s));
        else if (key == "time_words") for (auto& s : strings(v, "words")) pack.time_words.push_back(normalize(s));
        else if (key == "time_leads") for (auto& s : strings(v, "words")) pack.time_leads.push_back(normalize(s));
        else if (key == "attribution_tails") for (auto& s : strings(v, "words")) pack.attribution_tails.push_back(normalize(s));
        else if (key == "elisions") for (auto& s : strings(v, "words")) pack.elisions.push_back(normalize(s));
        else if (key == "verb_clitics") verb_clitics(v);
        else if (key == "ambiguous_forms") for (auto& s : strings(v, "forms")) pack.ambiguous_places.push_back(normalize(s));
        else if (key == "institution_names") for (auto& s : strings(v, "names")) pack.institutions.push_back(s);
        else if (key == "representative_heads") for (auto& s : strings(v, "words")) pack.representative_heads.push_back(normalize(s));
        else if (key == "role_modifiers") for (auto& s : strings(v, "words")) pack.role_modifiers.push_back(normalize(s));
        else if (key == "person_nouns") for (auto& s : strings(v, "words")) pack.person_nouns.push_back(normalize(s));
        else if (key == "macros") character_macros(kv.first, v);
        else if (key == "token_macros") token_macros(v);
        else if (key == "attribution") attribution(v);
        else if (key == "descriptors") descriptors(v);
        else if (key == "checks") checks(v);
        else if (key == "alignment") alignment(v);
        else if (key == "speaker_confidence") speaker_confidence(v);
        else if (key == "unbalanced_quote") unbalanced_confidence(v);
        else if (key == "coreference") coreference(v);
        else if (key == "kin_nouns") {
          if (expect(v, YAML::NodeType::Map, "a mapping of kin nouns to genders"))
            for (auto kin : v) {
              auto g = scalar(kin.second, "gender");
              if (g != "male" && g != "female" && g != "unknown") {
                error(kin.second, fmt::format("kin noun gender must be male, female or unknown, not '{}'", g));
                continue;
              }
              pack.kin_nouns[normalize(key_text(kin.first))] = gender_of(g);
            }
        }
        else if (key == "document_nouns") {
          for (auto& w : strings(v, "nouns")) pack.document_nouns.insert(normalize(w));
        }
        else if (key == "organisation_types") {
          if (expect(v, YAML::NodeType::Map, "a mapping of organisation types to their nouns and heads"))
            for (auto t : v) {
              RulePack::OrganisationType ot;
              ot.type = normalize(key_text(t.first));
              if (!expect(t.second, YAML::NodeType::Map, "nouns: [...] and heads: [...]")) continue;
              for (auto f : t.second) {
                std::string k = key_text(f.first);
                if (k == "nouns") for (auto& w : strings(f.second, "nouns")) ot.nouns.push_back(normalize(w));
                else if (k == "heads") for (auto& w : strings(f.second, "heads")) ot.heads.insert(normalize(w));
                else error(f.first, fmt::format("unknown key '{}' of organisation type '{}' (expected nouns or heads)", k, ot.type));
              }
              pack.organisation_types.push_back(std::move(ot));
            }
        }
        else if (key == "forward_leads") {
          for (auto& w : strings(v, "words")) pack.forward_leads.insert(normalize(w));
        }
        else if (key == "normalization") normalization(v);
        else error(kv.first, fmt::format("unknown section '{}'", key));
      } catch (const YAML::Exception& e) {
        error(v, fmt::format("bad value in '{}': {}", key, e.msg));
      }
    }
  }
};

// The token patterns of the attribution and descriptor rules, and the token macros that
// extraction runs by name: the pack's lexicons become token features, every pattern is parsed
// (an error names the rule's file, line and column, or the macro it is in), then all are
// compiled at once (the words they name widen every token's code).
void compile_token_rules(RulePack& pack, detail::CompiledRules& compiled, const TokenMacroOrigins& token_macro_origin,
                         Diagnostics& diags) {
  compiled.features = std::make_unique<tokens::Features>(tokens::lexicon_features(pack));
  compiled.token_patterns = std::make_unique<tokens::PatternSet>(*compiled.features);
  for (auto& [name, source] : pack.token_macros) compiled.token_patterns->define(name, source);
  // Per compiled pattern, its rule's place and the groups it must have.
  struct Owner {
    const std::string *file, *id;
    int line, column;
    std::vector<const char*> groups;
  };
  std::vector<Owner> owners;
  auto add = [&](const auto& rule, std::vector<const char*> groups) {
    if (rule.tokens.empty()) return -1;
    auto added = compiled.token_patterns->add(rule.tokens);
    if (!added) {
      auto& e = added.error();
      if (e.macro.empty())
        diags.push_back({rule.file, rule.tokens_line, rule.tokens_column + e.column - 1, Severity::error,
                         fmt::format("invalid token pattern: {}", e.message), rule.id});
      else
        diags.push_back({rule.file, rule.tokens_line, rule.tokens_column, Severity::error,
                         fmt::format("invalid token pattern: in macro '{}', column {}: {}", e.macro, e.column, e.message), rule.id});
      return -1;
    }
    owners.push_back({&rule.file, &rule.id, rule.tokens_line, rule.tokens_column, std::move(groups)});
    return *added;
  };
  for (auto& rule : pack.attribution) compiled.attribution_tokens.push_back(add(rule, {"speaker"}));
  for (auto& rule : pack.descriptors) compiled.descriptor_tokens.push_back(add(rule, {"name", "descriptor"}));
  // The token macros that extraction runs by name, after the rules (so the rules keep their indexes).
  std::vector<std::string> checks;
  for (const auto& check : detail::k_token_checks) {
    auto origin = token_macro_origin.find(check.macro);
    if (!pack.token_macros.count(check.macro) || origin == token_macro_origin.end()) continue;
    auto& [file, line, column] = origin->second;
    auto added = compiled.token_patterns->add(check.pattern);
    if (!added) {
      auto& e = added.error();
      diags.push_back({file, line, column, Severity::error,
                       fmt::format("invalid token pattern: in macro '{}', column {}: {}", e.macro, e.column, e.message), check.macro});
      continue;
    }
    compiled.token_checks[check.macro] = *added;
    checks.push_back(check.macro);
  }
  if (owners.empty() && checks.empty()) return;
  if (auto done = compiled.token_patterns->compile(pack.limits.re2_max_mem); !done) {
    auto at = static_cast<std::size_t>(std::max(0, done.error().pattern));
    if (at >= owners.size() && at - owners.size() < checks.size()) {
      const std::string& macro = checks[at - owners.size()];
      auto& [file, line, column] = token_macro_origin.at(macro);
      diags.push_back({file, line, column, Severity::error, fmt::format("invalid token pattern: {}", done.error().message), macro});
      return;
    }
    const Owner& o = owners.at(std::min(at, owners.size() - 1));
    diags.push_back({*o.file, o.line, o.column, Severity::error, fmt::format("invalid token pattern: {}", done.error().message), *o.id});
    return;
  }
  for (std::size_t i = 0; i < owners.size(); ++i) {
    auto names = compiled.token_patterns->groups(static_cast<int>(i));
    const Owner& o = owners[i];
    bool all = std::all_of(o.groups.begin(), o.groups.end(),
                           [&](const char* g) { return std::find(names.begin(), names.end(), g) != names.end(); });
    if (all) continue;
    std::string want;
    for (const char* g : o.groups) want += fmt::format("{}(?P<{}>...)", want.empty() ? "" : " and ", g);
    diags.push_back({*o.file, o.line, o.column, Severity::error, fmt::format("token pattern has no {} group{}", want,
                                                                              o.groups.size() > 1 ? "s" : ""), *o.id});
  }
}

}  // namespace

std::expected<RulePack, Diagnostics> load_rule_pack(const std::vector<std::string>& dirs, const Limits& limits) {
  Loader loader;
  loader.pack.limits = limits;
  for (const auto& dir : dirs) {
    loader.pack.dirs.push_back(dir);
    std::error_code ec;
    if (!fs::exists(dir, ec)) {
      loader.diags.push_back({dir, 0, 0, Severity::error, "rule folder not found", ""});
      continue;
    }
    std::vector<std::string> files;
    if (fs::is_regular_file(dir, ec)) {
      files.push_back(dir);
    } else {
      for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
           it.increment(ec)) {
        auto ext = it->path().extension();
        if (it->is_regular_file() && (ext == ".yaml" || ext == ".yml")) files.push_back(it->path().string());
      }
      std::sort(files.begin(), files.end());
    }
    if (files.empty()) loader.diags.push_back({dir, 0, 0, Severity::error, "no rule files (*.yaml) found", ""});
    for (auto& f : files) loader.load_file(f);
  }
  RulePack& pack = loader.pack;
  pack.hash = hex64(fingerprint64(pack.hash));

  auto compiled = std::make_shared<detail::CompiledRules>();
  compile_token_rules(pack, *compiled, loader.token_macro_origin, loader.diags);
  if (std::any_of(loader.diags.begin(), loader.diags.end(), [](auto& d) { return d.severity == Severity::error; }))
    return std::unexpected(std::move(loader.diags));
  // The name scan is a token macro of the pack's (grammar.yaml): a pack that attributes quotes
  // without it finds speakers, but no names elsewhere in a document to complete them with.
  if (!pack.attribution.empty() && compiled->token_check("name_scan") < 0)
    pack.warnings.push_back({dirs.empty() ? std::string() : dirs.front(), 0, 0, Severity::warning,
                             "the rule pack defines no 'name_scan' token macro (grammar.yaml's token_macros): no names are scanned, "
                             "so a speaker is not completed from the names elsewhere in its document",
                             ""});
  pack.compiled = std::move(compiled);
  return std::move(pack);
}

}  // namespace quotecheck
