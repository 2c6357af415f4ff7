#include "common/private_files.h"

#include <sys/stat.h>

#include <filesystem>

namespace okno {

namespace fs = std::filesystem;

void PrivateByDefault() { ::umask(077); }

Status MakePrivateFolder(const std::string& path) {
  std::error_code error;
  fs::create_directories(path, error);
  if (error) return UnavailableError("cannot create the folder " + path + ": " + error.message());
  fs::permissions(path, fs::perms::owner_all, fs::perm_options::replace, error);
  if (error) {
    return UnavailableError("cannot make the folder " + path + " private: " + error.message());
  }
  return Status::Ok();
}

Status MakePrivateFile(const std::string& path) {
  std::error_code error;
  if (!fs::exists(path, error)) return Status::Ok();
  fs::permissions(path, fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::replace,
                  error);
  if (error) return UnavailableError("cannot make " + path + " private: " + error.message());
  return Status::Ok();
}

}  // namespace okno
