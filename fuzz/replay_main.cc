// Outside the libFuzzer tree, a fuzz target's entry point is driven by this main: it replays
// every file of the seed corpus folders given as arguments once, so the seeds stay regression
// tests under the ordinary build.

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

int main(int argc, char** argv) {
  int replayed = 0;
  for (int i = 1; i < argc; ++i) {
    std::error_code error;
    std::filesystem::directory_iterator files(argv[i], error);
    if (error) {
      std::fprintf(stderr, "%s: cannot read the corpus folder %s: %s\n", argv[0], argv[i],
                   error.message().c_str());
      return 1;
    }
    for (const auto& entry : files) {
      if (!entry.is_regular_file()) continue;
      std::ifstream in(entry.path(), std::ios::binary);
      std::vector<char> bytes((std::istreambuf_iterator<char>(in)), {});
      LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
      ++replayed;
    }
  }
  std::printf("replayed %d inputs\n", replayed);
  return replayed > 0 ? 0 : 1;  // an empty corpus tests nothing: fail rather than pass
}
