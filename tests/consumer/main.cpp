// A consumer of the installed library: loads the installed rule pack, checks one article
// held in memory, and prints the number of quotes and the SARIF log's version.
#include <iostream>

#include "quotecheck/attribution.hpp"
#include "quotecheck/report.hpp"
#include "quotecheck/rules.hpp"

int main() {
  auto pack = quotecheck::load_rule_pack({QUOTECHECK_RULES_DIR});
  if (!pack) {
    for (auto& d : pack.error()) std::cerr << d.str() << '\n';
    return 1;
  }
  quotecheck::Diagnostics diags;
  auto doc = quotecheck::make_document("a", "a.txt", "Talks end\n\n\"We are hopeful,\" the minister said.\n", diags);
  quotecheck::Run run;
  run.analysis.docs.push_back(quotecheck::extract(doc, *pack));
  quotecheck::analyse(run.analysis, *pack);
  std::string sarif = quotecheck::sarif_report(run, *pack);
  std::cout << "quotes: " << run.analysis.docs[0].quotes.size() << '\n';
  return sarif.find("\"2.1.0\"") == std::string::npos;
}
