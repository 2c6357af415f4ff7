#pragma once

// FNV-1a, 64 bits: a fixed hash the corpus split and the build's model stamp depend on (any
// machine, any compiler gives the same value), quick for short strings.

#include <cstdint>
#include <string_view>

namespace okno {

constexpr uint64_t Fnv1a(std::string_view bytes) {
  uint64_t hash = 14695981039346656037ull;
  for (char c : bytes) hash = (hash ^ static_cast<unsigned char>(c)) * 1099511628211ull;
  return hash;
}

}  // namespace okno
