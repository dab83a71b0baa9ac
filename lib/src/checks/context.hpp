// quotecheck - private: what every check sees, and how a check adds a finding.
//
// A check is a function of the analysis and the rule pack that adds findings through
// CheckContext::add(); checks.cpp lists them in one table (k_checks). Each family keeps its
// checks in a file of its own: checks/people.cpp (affiliation-conflict, role-holder-conflict,
// name-variant, title-variant), checks/statements.cpp (speaker-conflict, quote-altered,
// quote-trimmed), checks/quotes.cpp (unbalanced-quote, unattributed-quote).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "quotecheck/checks.hpp"

namespace quotecheck::detail {

class CheckContext {
 public:
  CheckContext(const Analysis& analysis, const RulePack& pack);

  const Analysis& analysis() const { return a_; }
  const RulePack& pack() const { return pack_; }
  const std::vector<const Quote*>& quotes() const { return all_; }  // every quote, in run order
  const Entity* entity(const std::string& id) const;

  Evidence quote_evidence(const Quote& q) const;
  Evidence descriptor_evidence(const EntityDescriptor& ed) const;
  Evidence name_evidence(const NameUse& s) const;
  // The outlet of a quote's segment, or its document's id when it names none.
  std::string outlet_of(const Quote& q) const;
  // The outlets (or documents) of some quotes, sorted; past five, the first few and "(+N more)".
  std::string outlets_of(const std::vector<const Quote*>& qs) const;

  // What a check found. `evidence` comes in order: the primary location (the copy that
  // differs) first. `id_parts` name the finding for its id (with the check); the evidence
  // texts when empty.
  struct Draft {
    std::string check, message, entity, statement;
    std::vector<Evidence> evidence;
    std::vector<std::string> id_parts;
    bool escalated = false;  // the check's `escalate` severity applies, when configured
    std::optional<Severity> at_most;  // a ceiling below the configured severity
    double confidence = 1.0;
  };
  void add(Draft d);
  // A finding about a subject (a person, a role, a document): its evidence sorted by place,
  // its id from the check, the subject and every evidence text.
  void add(const std::string& check, std::string message, const std::string& subject, std::string entity,
           std::string statement, std::vector<Evidence> evidence, double confidence = 1.0);

  std::vector<Finding> take() { return std::move(out_); }

 private:
  const Analysis& a_;
  const RulePack& pack_;
  std::vector<const Quote*> all_;
  std::map<std::string, const Entity*> entities_;
  std::vector<Finding> out_;
};

// The families, each in its own file.
void affiliation_conflicts(CheckContext& c);
void role_holder_conflicts(CheckContext& c);
void name_variants(CheckContext& c);
void title_variants(CheckContext& c);
void statement_checks(CheckContext& c);  // speaker-conflict, quote-altered, quote-trimmed
void unbalanced_quotes(CheckContext& c);
void unattributed_quotes(CheckContext& c);

std::string possessive(const std::string& place);

}  // namespace quotecheck::detail
