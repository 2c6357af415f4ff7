#pragma once

// The words of a narrative as every reader of it sees them: lower-case, ё as е, split into
// clauses so that a negation does not reach across one.

#include <string>
#include <string_view>
#include <vector>

namespace okno::words {

// Lower-case words of `text` (Cyrillic and Latin letters, digits, inner hyphens and
// apostrophes), one list per clause: a clause ends at . , ; : ! ? ( ) or a line break.
// With `as_written`, also each word as the text spells it, clause by clause, to show people
// their own words.
std::vector<std::vector<std::string>> Clauses(
    std::string_view text, std::vector<std::vector<std::string>>* as_written = nullptr);

// The clauses' words joined by spaces, clauses by " , ": the classifier's input, the same at
// training and at prediction.
std::string NormalizedText(std::string_view text);

// «не», «нет», «ни», "not", "no", "never", "n't" forms and "without".
bool IsNegation(std::string_view word);

// The number of letters (code points) of a UTF-8 word.
size_t Letters(std::string_view word);

}  // namespace okno::words
