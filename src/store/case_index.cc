#include "store/case_index.h"

#include <cctype>

namespace okno::store {

std::string SearchForm(const std::string& name) {
  std::string form;
  form.reserve(name.size());
  bool space = false;
  for (size_t i = 0; i < name.size(); ++i) {
    unsigned char byte = static_cast<unsigned char>(name[i]);
    if (byte == ' ' || byte == '\t' || byte == '\n' || byte == '\r') {
      space = !form.empty();
      continue;
    }
    if (space) form += ' ';
    space = false;
    if (byte < 0x80) {
      form += static_cast<char>(std::tolower(byte));
      continue;
    }
    // Two-byte Cyrillic: А..Я is D0 90..D0 AF, а..п D0 B0..D0 BF, р..я D1 80..D1 8F,
    // Ё D0 81, ё D1 91.
    if (i + 1 < name.size() && (byte == 0xD0 || byte == 0xD1)) {
      unsigned char next = static_cast<unsigned char>(name[i + 1]);
      char32_t code = ((byte & 0x1F) << 6) | (next & 0x3F);
      if (code >= U'А' && code <= U'Я') code += 0x20;
      if (code == U'Ё' || code == U'ё') code = U'е';
      form += static_cast<char>(0xC0 | (code >> 6));
      form += static_cast<char>(0x80 | (code & 0x3F));
      ++i;
      continue;
    }
    form += static_cast<char>(byte);
  }
  return form;
}

std::string SnilsDigits(const std::string& snils) {
  std::string digits;
  for (char c : snils) {
    if (c >= '0' && c <= '9') {
      digits += c;
    } else if (c != '-' && c != ' ') {
      return "";
    }
  }
  return digits.size() == 11 ? digits : "";
}

}  // namespace okno::store
