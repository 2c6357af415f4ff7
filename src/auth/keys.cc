#include "auth/keys.h"

#include <sodium.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "common/private_files.h"

namespace okno::auth {
namespace {

namespace fs = std::filesystem;

// The seed the demo's keys come from. Published here on purpose: never a real server's.
constexpr const char* kDemoSeed = "okno-demo-keys-2026: insecure by design, like demo passwords";

std::string Hex(const unsigned char* bytes, size_t size) {
  std::string hex(size * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), bytes, size);
  hex.pop_back();
  return hex;
}

Status LoadKey(const fs::path& file, bool create, store::AuditKey& key) {
  std::error_code error;
  if (!fs::exists(file, error)) {
    if (!create) return NotFoundError("no key " + file.string());
    randombytes_buf(key.bytes.data(), key.bytes.size());
    std::string hex = Hex(key.bytes.data(), key.bytes.size());
    {
      std::ofstream out(file, std::ios::trunc);
      out << hex << "\n";
      if (!out) return UnavailableError("cannot write the key " + file.string());
    }
    return MakePrivateFile(file.string());
  }
  OKNO_TRY(MakePrivateFile(file.string()));
  std::ifstream in(file);
  std::string hex;
  std::getline(in, hex);
  size_t length = 0;
  if (hex.size() != key.bytes.size() * 2 ||
      sodium_hex2bin(key.bytes.data(), key.bytes.size(), hex.data(), hex.size(), nullptr, &length,
                     nullptr) != 0 ||
      length != key.bytes.size()) {
    return InvalidArgumentError(file.string() + ": not a key (64 hexadecimal digits on one line)");
  }
  return Status::Ok();
}

}  // namespace

Result<Keys> LoadKeys(const std::string& folder, bool create) {
  if (sodium_init() < 0) return InternalError("libsodium could not start");
  std::error_code error;
  if (!create && !fs::is_directory(folder, error)) {
    return NotFoundError("no key folder " + folder);
  }
  OKNO_TRY(MakePrivateFolder(folder));
  Keys keys;
  OKNO_TRY(LoadKey(fs::path(folder) / "audit.key", create, keys.audit));
  store::AuditKey metrics;
  OKNO_TRY(LoadKey(fs::path(folder) / "metrics.token", create, metrics));
  keys.metrics_token = Hex(metrics.bytes.data(), metrics.bytes.size());
  return keys;
}

Keys DemoKeys() {
  Keys keys;
  if (sodium_init() < 0) return keys;
  auto derive = [](const std::string& name, store::AuditKey& into) {
    std::string seed = std::string(kDemoSeed) + ":" + name;
    crypto_hash_sha256(into.bytes.data(), reinterpret_cast<const unsigned char*>(seed.data()),
                       seed.size());
  };
  derive("audit", keys.audit);
  store::AuditKey metrics;
  derive("metrics", metrics);
  keys.metrics_token = Hex(metrics.bytes.data(), metrics.bytes.size());
  return keys;
}

std::string DefaultKeysFolder() {
  const char* from_environment = std::getenv("OKNO_KEYS");
  return from_environment != nullptr && *from_environment != '\0' ? from_environment : "keys";
}

}  // namespace okno::auth
