#pragma once

// Okno's files hold special categories of personal data (152-FZ art. 10): only the account
// that runs Okno may read them. Files are created private by the process's umask (set once at
// start, PrivateByDefault); what an older Okno or an administrator left readable is made
// private again when opened.

#include <string>

#include "common/status.h"

namespace okno {

// From now on every file and folder this process creates is its owner's alone (umask 077).
void PrivateByDefault();

// Creates `path` (and its parents) as a folder only its owner may enter (0700), or makes an
// existing one so. Unavailable when it cannot.
Status MakePrivateFolder(const std::string& path);

// Makes the file at `path`, if it exists, readable and writable by its owner alone (0600).
Status MakePrivateFile(const std::string& path);

}  // namespace okno
