#include <iostream>

#include "cli/cli.h"
#include "common/private_files.h"

int main(int argc, char** argv) {
  // Cases, users, backups and logs of personal data: nobody else's to read.
  okno::PrivateByDefault();
  return okno::cli::Run(argc, argv, std::cout, std::cerr);
}
