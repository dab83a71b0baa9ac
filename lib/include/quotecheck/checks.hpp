// quotecheck - checks: the conflicts found, each with evidence in every document involved.
//
// Check ids are stable (see check_ids()): affiliation-conflict, role-holder-conflict,
// speaker-conflict, quote-altered, quote-trimmed, name-variant, title-variant,
// unbalanced-quote, unattributed-quote. Severities come from the rule pack's `checks:`.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "quotecheck/align.hpp"
#include "quotecheck/entities.hpp"
#include "quotecheck/rules.hpp"

namespace quotecheck {

struct Evidence {
  std::string doc;  // document id
  std::string path;
  std::string outlet;
  Position pos;
  std::size_t start = 0, end = 0;
  std::string text;
};

struct Finding {
  std::string id;  // stable fingerprint: check + subject + normalised evidence text
  std::string check;
  Severity severity = Severity::warning;
  std::string message;
  std::string entity;     // entity id or empty
  std::string statement;  // statement id or empty
  // The primary location (the copy that differs from the others) first, then the rest.
  std::vector<Evidence> evidence;
  // How far the finding is to be trusted, 0..1: for speaker-conflict the weaker side's
  // attribution confidence, for the quote checks how closely the copies align.
  double confidence = 1.0;
};

struct Analysis {
  std::vector<DocumentResult> docs;
  // The people of each document (document_people()), when the pipeline computed them as the
  // documents were extracted; analyse() computes what is missing, joins them and clears this.
  std::vector<DocumentPeople> people;
  std::vector<Entity> entities;
  std::vector<Statement> statements;
  std::vector<Finding> findings;
};

// Returns the finding's message as reports show it: with "(confidence 0.85)" after it when the
// finding is less than certain.
std::string shown_message(const Finding& f);

// Runs every enabled check; findings come sorted by severity, check and place.
std::vector<Finding> run_checks(const Analysis& analysis, const RulePack& pack);

// Returns the word-level difference of two quotes: the words only in `a` and only in `b`.
struct WordDiff {
  std::vector<std::string> removed, added;
};
WordDiff word_diff(const std::vector<std::string>& a, const std::vector<std::string>& b);

}  // namespace quotecheck
