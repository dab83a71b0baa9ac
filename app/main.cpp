// quotecheck: the command-line entry point; all the work is in cli.cpp and the library.
#include "cli.hpp"

int main(int argc, char** argv) { return quotecheck::cli::run(argc, argv); }
