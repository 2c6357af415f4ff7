#include "cel/parser.h"

#include <charconv>
#include <cstring>
#include <optional>
#include <string_view>

#include "cel/internal/utf8.h"

namespace okno::cel {
namespace {

enum class Token : uint8_t {
  kEnd,
  kIdent,
  kQuotedIdent,  // `content-type`: a field name that is not an identifier
  kInt,
  kUint,
  kDouble,
  kString,
  kBytes,
  kTrue,
  kFalse,
  kNull,
  kIn,
  kLeftParen,
  kRightParen,
  kLeftBracket,
  kRightBracket,
  kLeftBrace,
  kRightBrace,
  kDot,
  kComma,
  kColon,
  kQuestion,
  kOr,
  kAnd,
  kNot,
  kPlus,
  kMinus,
  kStar,
  kSlash,
  kPercent,
  kEqual,
  kNotEqual,
  kLess,
  kLessEqual,
  kGreater,
  kGreaterEqual,
  kError,
};

struct Lexeme {
  Token token = Token::kEnd;
  int32_t offset = 0;
  std::string_view text;
  Value value;          // literals
  std::string message;  // kError
};

bool IsIdentStart(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsHex(char c) { return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
int HexValue(char c) {
  if (IsDigit(c)) return c - '0';
  return (c | 0x20) - 'a' + 10;
}

void AppendUtf8(std::string& out, uint32_t code_point) {
  if (code_point < 0x80) {
    out += static_cast<char>(code_point);
  } else if (code_point < 0x800) {
    out += static_cast<char>(0xC0 | (code_point >> 6));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  } else if (code_point < 0x10000) {
    out += static_cast<char>(0xE0 | (code_point >> 12));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (code_point >> 18));
    out += static_cast<char>(0x80 | ((code_point >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  }
}

class Lexer {
 public:
  explicit Lexer(std::string_view text) : text_(text) {}

  Lexeme Next() {
    SkipSpaceAndComments();
    Lexeme lexeme;
    lexeme.offset = static_cast<int32_t>(pos_);
    if (pos_ >= text_.size()) return lexeme;
    char c = text_[pos_];
    size_t start = pos_;
    auto single = [&](Token token, size_t length = 1) {
      lexeme.token = token;
      pos_ += length;
      lexeme.text = text_.substr(start, length);
      return lexeme;
    };
    auto next_is = [&](char expected) {
      return pos_ + 1 < text_.size() && text_[pos_ + 1] == expected;
    };
    switch (c) {
      case '(':
        return single(Token::kLeftParen);
      case ')':
        return single(Token::kRightParen);
      case '[':
        return single(Token::kLeftBracket);
      case ']':
        return single(Token::kRightBracket);
      case '{':
        return single(Token::kLeftBrace);
      case '}':
        return single(Token::kRightBrace);
      case ',':
        return single(Token::kComma);
      case ':':
        return single(Token::kColon);
      case '?':
        return single(Token::kQuestion);
      case '+':
        return single(Token::kPlus);
      case '-':
        return single(Token::kMinus);
      case '*':
        return single(Token::kStar);
      case '/':
        return single(Token::kSlash);
      case '%':
        return single(Token::kPercent);
      case '|':
        if (next_is('|')) return single(Token::kOr, 2);
        break;
      case '&':
        if (next_is('&')) return single(Token::kAnd, 2);
        break;
      case '!':
        return next_is('=') ? single(Token::kNotEqual, 2) : single(Token::kNot);
      case '=':
        if (next_is('=')) return single(Token::kEqual, 2);
        break;
      case '<':
        return next_is('=') ? single(Token::kLessEqual, 2) : single(Token::kLess);
      case '>':
        return next_is('=') ? single(Token::kGreaterEqual, 2) : single(Token::kGreater);
      case '.':
        if (pos_ + 1 < text_.size() && IsDigit(text_[pos_ + 1])) return Number();
        return single(Token::kDot);
      case '"':
      case '\'':
        return StringLiteral(false, false);
      case '`': {
        size_t end = text_.find('`', pos_ + 1);
        size_t line_break = text_.find('\n', pos_ + 1);
        if (end == std::string_view::npos || line_break < end || end == pos_ + 1) {
          return Error(start, "unterminated or empty `quoted` field name");
        }
        lexeme.token = Token::kQuotedIdent;
        lexeme.text = text_.substr(pos_ + 1, end - pos_ - 1);
        pos_ = end + 1;
        return lexeme;
      }
      default:
        break;
    }
    if (IsDigit(c)) return Number();
    if (IsIdentStart(c)) {
      // String prefixes: r/R (raw), b/B (bytes), in either order.
      size_t p = pos_;
      bool raw = false, bytes = false;
      for (int i = 0; i < 2 && p < text_.size(); ++i) {
        char prefix = text_[p] | 0x20;
        if (prefix == 'r' && !raw) {
          raw = true;
        } else if (prefix == 'b' && !bytes) {
          bytes = true;
        } else {
          break;
        }
        ++p;
        if (p < text_.size() && (text_[p] == '"' || text_[p] == '\'')) {
          pos_ = p;
          Lexeme literal = StringLiteral(raw, bytes);
          literal.offset = static_cast<int32_t>(start);
          return literal;
        }
      }
      while (pos_ < text_.size() && (IsIdentStart(text_[pos_]) || IsDigit(text_[pos_]))) ++pos_;
      lexeme.text = text_.substr(start, pos_ - start);
      if (lexeme.text == "true") {
        lexeme.token = Token::kTrue;
      } else if (lexeme.text == "false") {
        lexeme.token = Token::kFalse;
      } else if (lexeme.text == "null") {
        lexeme.token = Token::kNull;
      } else if (lexeme.text == "in") {
        lexeme.token = Token::kIn;
      } else {
        lexeme.token = Token::kIdent;
      }
      return lexeme;
    }
    return Error(start, std::string("unexpected character '") + c + "'");
  }

 private:
  Lexeme Error(size_t offset, std::string message) {
    Lexeme lexeme;
    lexeme.token = Token::kError;
    lexeme.offset = static_cast<int32_t>(offset);
    lexeme.message = std::move(message);
    pos_ = text_.size();
    return lexeme;
  }

  void SkipSpaceAndComments() {
    while (pos_ < text_.size()) {
      char c = text_[pos_];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
        ++pos_;
      } else if (c == '/' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '/') {
        while (pos_ < text_.size() && text_[pos_] != '\n') ++pos_;
      } else {
        break;
      }
    }
  }

  Lexeme Number() {
    size_t start = pos_;
    Lexeme lexeme;
    lexeme.offset = static_cast<int32_t>(start);
    if (text_[pos_] == '0' && pos_ + 1 < text_.size() && (text_[pos_ + 1] | 0x20) == 'x') {
      pos_ += 2;
      size_t digits = pos_;
      while (pos_ < text_.size() && IsHex(text_[pos_])) ++pos_;
      if (pos_ == digits) return Error(start, "hexadecimal literal has no digits");
      std::string_view hex = text_.substr(digits, pos_ - digits);
      uint64_t value = 0;
      auto [end, error] = std::from_chars(hex.data(), hex.data() + hex.size(), value, 16);
      if (error != std::errc()) return Error(start, "integer literal is out of range");
      return IntegerSuffix(lexeme, start, value);
    }
    bool is_double = false;
    while (pos_ < text_.size() && IsDigit(text_[pos_])) ++pos_;
    if (pos_ + 1 < text_.size() && text_[pos_] == '.' && IsDigit(text_[pos_ + 1])) {
      is_double = true;
      ++pos_;
      while (pos_ < text_.size() && IsDigit(text_[pos_])) ++pos_;
    }
    if (pos_ < text_.size() && (text_[pos_] | 0x20) == 'e') {
      size_t exponent = pos_ + 1;
      if (exponent < text_.size() && (text_[exponent] == '+' || text_[exponent] == '-')) {
        ++exponent;
      }
      if (exponent < text_.size() && IsDigit(text_[exponent])) {
        is_double = true;
        pos_ = exponent;
        while (pos_ < text_.size() && IsDigit(text_[pos_])) ++pos_;
      }
    }
    std::string_view digits = text_.substr(start, pos_ - start);
    if (is_double) {
      double value = 0;
      auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
      if (error == std::errc::result_out_of_range) {
        value = std::strtod(std::string(digits).c_str(), nullptr);  // ±inf or 0, as CEL wants
      } else if (error != std::errc()) {
        return Error(start, "malformed number");
      }
      lexeme.token = Token::kDouble;
      lexeme.value = Value::Double(value);
      lexeme.text = digits;
      return lexeme;
    }
    uint64_t value = 0;
    auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (error != std::errc()) return Error(start, "integer literal is out of range");
    return IntegerSuffix(lexeme, start, value);
  }

  // After the digits of an integer: a u/U suffix makes it a uint.
  Lexeme IntegerSuffix(Lexeme lexeme, size_t start, uint64_t value) {
    if (pos_ < text_.size() && (text_[pos_] | 0x20) == 'u') {
      ++pos_;
      lexeme.token = Token::kUint;
      lexeme.value = Value::Uint(value);
    } else {
      // Up to 2^63 is kept, so that unary minus can make -2^63; the parser range-checks.
      if (value > static_cast<uint64_t>(INT64_MAX) + 1) {
        return Error(start, "integer literal is out of range");
      }
      lexeme.token = Token::kInt;
      lexeme.value = Value::Uint(value);
    }
    lexeme.text = text_.substr(start, pos_ - start);
    if (pos_ < text_.size() && (IsIdentStart(text_[pos_]) || IsDigit(text_[pos_]))) {
      return Error(start, "malformed number");
    }
    return lexeme;
  }

  Lexeme StringLiteral(bool raw, bool bytes) {
    size_t start = pos_;
    char quote = text_[pos_];
    bool triple = text_.substr(pos_, 3) == std::string(3, quote);
    pos_ += triple ? 3 : 1;
    std::string out;
    while (true) {
      if (pos_ >= text_.size()) return Error(start, "unterminated string literal");
      char c = text_[pos_];
      if (triple ? text_.substr(pos_, 3) == std::string(3, quote) : c == quote) {
        pos_ += triple ? 3 : 1;
        break;
      }
      if (!triple && (c == '\n' || c == '\r')) {
        return Error(pos_, "a line break ends a single-quoted string; use ''' or \"\"\"");
      }
      if (c != '\\' || raw) {
        out += c;
        ++pos_;
        continue;
      }
      size_t escape = pos_;
      ++pos_;
      if (pos_ >= text_.size()) return Error(escape, "unterminated escape sequence");
      char e = text_[pos_++];
      switch (e) {
        case 'a':
          out += '\a';
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'v':
          out += '\v';
          break;
        case '\\':
          out += '\\';
          break;
        case '\'':
          out += '\'';
          break;
        case '"':
          out += '"';
          break;
        case '`':
          out += '`';
          break;
        case '?':
          out += '?';
          break;
        case 'x':
        case 'X':
        case 'u':
        case 'U': {
          int count = (e == 'x' || e == 'X') ? 2 : (e == 'u' ? 4 : 8);
          if (bytes && count > 2) return Error(escape, "\\u and \\U are not allowed in bytes");
          uint32_t code = 0;
          for (int i = 0; i < count; ++i) {
            if (pos_ >= text_.size() || !IsHex(text_[pos_])) {
              return Error(escape, "escape needs " + std::to_string(count) + " hex digits");
            }
            code = code * 16 + HexValue(text_[pos_++]);
          }
          if (bytes) {
            out += static_cast<char>(code);
          } else {
            if (code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
              return Error(escape, "escape is not a valid Unicode code point");
            }
            AppendUtf8(out, code);
          }
          break;
        }
        default:
          if (e >= '0' && e <= '3') {
            uint32_t code = e - '0';
            for (int i = 0; i < 2; ++i) {
              if (pos_ >= text_.size() || text_[pos_] < '0' || text_[pos_] > '7') {
                return Error(escape, "octal escape needs three digits");
              }
              code = code * 8 + (text_[pos_++] - '0');
            }
            if (bytes) {
              out += static_cast<char>(code);
            } else {
              AppendUtf8(out, code);
            }
            break;
          }
          return Error(escape, std::string("unknown escape sequence '\\") + e + "'");
      }
    }
    Lexeme lexeme;
    lexeme.offset = static_cast<int32_t>(start);
    lexeme.text = text_.substr(start, pos_ - start);
    if (bytes) {
      lexeme.token = Token::kBytes;
      lexeme.value = Value::Bytes(std::move(out));
    } else {
      if (!internal::IsValidUtf8(out)) return Error(start, "string literal is not valid UTF-8");
      lexeme.token = Token::kString;
      lexeme.value = Value::String(std::move(out));
    }
    return lexeme;
  }

  std::string_view text_;
  size_t pos_ = 0;
};

bool IsReserved(std::string_view name) {
  static constexpr const char* kReserved[] = {
      "as",  "break", "const",   "continue",  "else",   "for", "function", "if",   "import",
      "let", "loop",  "package", "namespace", "return", "var", "void",     "while"};
  for (const char* word : kReserved) {
    if (name == word) return true;
  }
  return false;
}

// A parse error unwinds the recursive descent as this exception; it never leaves Parse().
struct ParseFailure {
  int32_t offset;
  std::string message;
};

class Parser {
 public:
  Parser(const Source& source, const ParseOptions& options)
      : lexer_(source.text()), options_(options) {
    Advance();
  }

  std::unique_ptr<Expr> ParseAll() {
    auto root = ParseExpr();
    if (current_.token != Token::kEnd) Fail(current_.offset, "unexpected " + Describe(current_));
    return root;
  }

  int32_t next_id() const { return next_id_; }

 private:
  // Counts nesting on the way down and fails past the limit, before the stack is at risk.
  class DepthGuard {
   public:
    DepthGuard(Parser& parser, int32_t offset) : parser_(parser) {
      if (++parser_.depth_ > parser_.options_.max_depth) {
        parser_.Fail(offset, "expression nests deeper than " +
                                 std::to_string(parser_.options_.max_depth) + " levels");
      }
    }
    ~DepthGuard() { --parser_.depth_; }

   private:
    Parser& parser_;
  };

  [[noreturn]] void Fail(int32_t offset, std::string message) {
    throw ParseFailure{offset, std::move(message)};
  }

  static std::string Describe(const Lexeme& lexeme) {
    if (lexeme.token == Token::kEnd) return "end of expression";
    return "'" + std::string(lexeme.text) + "'";
  }

  void Advance() {
    current_ = lexer_.Next();
    if (current_.token == Token::kError) Fail(current_.offset, current_.message);
  }

  bool Accept(Token token) {
    if (current_.token != token) return false;
    Advance();
    return true;
  }

  void Expect(Token token, const char* what) {
    if (current_.token != token) {
      Fail(current_.offset, std::string("expected ") + what + ", found " + Describe(current_));
    }
    Advance();
  }

  std::unique_ptr<Expr> NewExpr(ExprKind kind, int32_t offset) {
    auto expr = std::make_unique<Expr>();
    expr->kind = kind;
    expr->id = next_id_++;
    expr->offset = offset;
    return expr;
  }

  std::unique_ptr<Expr> NewCall(int32_t offset, std::string function,
                                std::vector<std::unique_ptr<Expr>> args) {
    auto call = NewExpr(ExprKind::kCall, offset);
    call->name = std::move(function);
    call->args = std::move(args);
    return call;
  }

  template <typename... Args>
  std::unique_ptr<Expr> Call(int32_t offset, std::string function, Args... args) {
    std::vector<std::unique_ptr<Expr>> list;
    (list.push_back(std::move(args)), ...);
    return NewCall(offset, std::move(function), std::move(list));
  }

  std::unique_ptr<Expr> ParseExpr() {
    DepthGuard guard(*this, current_.offset);
    auto condition = ParseOr();
    if (current_.token != Token::kQuestion) return condition;
    int32_t offset = current_.offset;
    Advance();
    auto then_branch = ParseOr();
    Expect(Token::kColon, "':' of the conditional");
    auto else_branch = ParseExpr();
    return Call(offset, op::kConditional, std::move(condition), std::move(then_branch),
                std::move(else_branch));
  }

  std::unique_ptr<Expr> ParseOr() {
    auto left = ParseAnd();
    while (current_.token == Token::kOr) {
      int32_t offset = current_.offset;
      Advance();
      left = Call(offset, op::kOr, std::move(left), ParseAnd());
    }
    return left;
  }

  std::unique_ptr<Expr> ParseAnd() {
    auto left = ParseRelation();
    while (current_.token == Token::kAnd) {
      int32_t offset = current_.offset;
      Advance();
      left = Call(offset, op::kAnd, std::move(left), ParseRelation());
    }
    return left;
  }

  std::unique_ptr<Expr> ParseRelation() {
    auto left = ParseAddition();
    while (true) {
      const char* function = nullptr;
      switch (current_.token) {
        case Token::kLess:
          function = op::kLess;
          break;
        case Token::kLessEqual:
          function = op::kLessEqual;
          break;
        case Token::kGreater:
          function = op::kGreater;
          break;
        case Token::kGreaterEqual:
          function = op::kGreaterEqual;
          break;
        case Token::kEqual:
          function = op::kEqual;
          break;
        case Token::kNotEqual:
          function = op::kNotEqual;
          break;
        case Token::kIn:
          function = op::kIn;
          break;
        default:
          return left;
      }
      int32_t offset = current_.offset;
      Advance();
      left = Call(offset, function, std::move(left), ParseAddition());
    }
  }

  std::unique_ptr<Expr> ParseAddition() {
    auto left = ParseMultiplication();
    while (current_.token == Token::kPlus || current_.token == Token::kMinus) {
      const char* function = current_.token == Token::kPlus ? op::kAdd : op::kSubtract;
      int32_t offset = current_.offset;
      Advance();
      left = Call(offset, function, std::move(left), ParseMultiplication());
    }
    return left;
  }

  std::unique_ptr<Expr> ParseMultiplication() {
    auto left = ParseUnary();
    while (current_.token == Token::kStar || current_.token == Token::kSlash ||
           current_.token == Token::kPercent) {
      const char* function = current_.token == Token::kStar    ? op::kMultiply
                             : current_.token == Token::kSlash ? op::kDivide
                                                               : op::kModulo;
      int32_t offset = current_.offset;
      Advance();
      left = Call(offset, function, std::move(left), ParseUnary());
    }
    return left;
  }

  std::unique_ptr<Expr> ParseUnary() {
    DepthGuard guard(*this, current_.offset);
    int32_t offset = current_.offset;
    if (Accept(Token::kNot)) return Call(offset, op::kNot, ParseUnary());
    if (Accept(Token::kMinus)) {
      // A minus directly before a number literal is part of the literal, so that
      // -9223372036854775808 is an int and not the negation of an out-of-range one.
      if (current_.token == Token::kInt || current_.token == Token::kDouble) {
        Lexeme literal = current_;
        Advance();
        if (current_.token != Token::kDot && current_.token != Token::kLeftBracket) {
          auto constant = NewExpr(ExprKind::kConstant, offset);
          if (literal.token == Token::kInt) {
            uint64_t magnitude = literal.value.uint_value();
            constant->constant = Value::Int(magnitude == static_cast<uint64_t>(INT64_MAX) + 1
                                                ? INT64_MIN
                                                : -static_cast<int64_t>(magnitude));
          } else {
            constant->constant = Value::Double(-literal.value.double_value());
          }
          return constant;
        }
        auto operand = ParseMemberSuffix(LiteralExpr(literal));
        return Call(offset, op::kNegate, std::move(operand));
      }
      return Call(offset, op::kNegate, ParseUnary());
    }
    return ParseMember();
  }

  std::unique_ptr<Expr> LiteralExpr(const Lexeme& literal) {
    auto constant = NewExpr(ExprKind::kConstant, literal.offset);
    if (literal.token == Token::kInt) {
      if (literal.value.uint_value() > static_cast<uint64_t>(INT64_MAX)) {
        Fail(literal.offset, "integer literal is out of range");
      }
      constant->constant = Value::Int(static_cast<int64_t>(literal.value.uint_value()));
    } else {
      constant->constant = literal.value;
    }
    return constant;
  }

  std::unique_ptr<Expr> ParseMember() { return ParseMemberSuffix(ParsePrimary()); }

  std::unique_ptr<Expr> ParseMemberSuffix(std::unique_ptr<Expr> operand) {
    while (true) {
      int32_t offset = current_.offset;
      if (Accept(Token::kDot)) {
        if (current_.token != Token::kIdent && current_.token != Token::kQuotedIdent &&
            current_.token != Token::kIn && current_.token != Token::kTrue &&
            current_.token != Token::kFalse && current_.token != Token::kNull) {
          Fail(current_.offset, "expected a field name after '.', found " + Describe(current_));
        }
        if (current_.token != Token::kIdent && current_.token != Token::kQuotedIdent) {
          Fail(current_.offset, Describe(current_) + " is a keyword, not a field name");
        }
        bool quoted = current_.token == Token::kQuotedIdent;
        std::string name(current_.text);
        int32_t name_offset = current_.offset;
        Advance();
        if (current_.token == Token::kLeftParen && !quoted) {
          Advance();
          auto args = ParseList(Token::kRightParen, "')'");
          args.insert(args.begin(), std::move(operand));
          operand = ReceiverCall(name_offset, std::move(name), std::move(args));
        } else {
          auto select = NewExpr(ExprKind::kSelect, name_offset);
          select->name = std::move(name);
          select->args.push_back(std::move(operand));
          operand = std::move(select);
        }
        (void)offset;
      } else if (Accept(Token::kLeftBracket)) {
        DepthGuard guard(*this, offset);
        auto index = ParseExpr();
        Expect(Token::kRightBracket, "']'");
        operand = Call(offset, op::kIndex, std::move(operand), std::move(index));
      } else if (current_.token == Token::kLeftBrace && IsQualifiedName(*operand)) {
        operand = ParseStruct(QualifiedName(*operand), operand->offset);
      } else {
        return operand;
      }
    }
  }

  static bool IsQualifiedName(const Expr& expr) {
    if (expr.kind == ExprKind::kIdent) return true;
    return expr.kind == ExprKind::kSelect && !expr.test_only && IsQualifiedName(*expr.args[0]);
  }

  static std::string QualifiedName(const Expr& expr) {
    if (expr.kind == ExprKind::kIdent) return expr.name;
    return QualifiedName(*expr.args[0]) + "." + expr.name;
  }

  std::unique_ptr<Expr> ParseStruct(std::string type_name, int32_t offset) {
    DepthGuard guard(*this, current_.offset);
    Expect(Token::kLeftBrace, "'{'");
    auto message = NewExpr(ExprKind::kStruct, offset);
    message->name = std::move(type_name);
    while (current_.token != Token::kRightBrace) {
      if (current_.token != Token::kIdent && current_.token != Token::kQuotedIdent) {
        Fail(current_.offset, "expected a field name, found " + Describe(current_));
      }
      message->field_names.emplace_back(current_.text);
      Advance();
      Expect(Token::kColon, "':' after the field name");
      message->args.push_back(ParseExpr());
      if (!Accept(Token::kComma)) break;
    }
    Expect(Token::kRightBrace, "'}'");
    return message;
  }

  std::vector<std::unique_ptr<Expr>> ParseList(Token close, const char* close_name) {
    std::vector<std::unique_ptr<Expr>> items;
    while (current_.token != close) {
      items.push_back(ParseExpr());
      if (!Accept(Token::kComma)) break;
    }
    Expect(close, close_name);
    return items;
  }

  std::unique_ptr<Expr> ParsePrimary() {
    DepthGuard guard(*this, current_.offset);
    Lexeme lexeme = current_;
    switch (lexeme.token) {
      case Token::kInt:
      case Token::kUint:
      case Token::kDouble:
      case Token::kString:
      case Token::kBytes:
        Advance();
        return LiteralExpr(lexeme);
      case Token::kTrue:
      case Token::kFalse:
      case Token::kNull: {
        Advance();
        auto constant = NewExpr(ExprKind::kConstant, lexeme.offset);
        constant->constant = lexeme.token == Token::kNull
                                 ? Value::Null()
                                 : Value::Bool(lexeme.token == Token::kTrue);
        return constant;
      }
      case Token::kLeftParen: {
        Advance();
        auto inner = ParseExpr();
        Expect(Token::kRightParen, "')'");
        return inner;
      }
      case Token::kLeftBracket: {
        Advance();
        auto list = NewExpr(ExprKind::kList, lexeme.offset);
        list->args = ParseList(Token::kRightBracket, "']'");
        return list;
      }
      case Token::kLeftBrace: {
        Advance();
        auto map = NewExpr(ExprKind::kMap, lexeme.offset);
        while (current_.token != Token::kRightBrace) {
          map->args.push_back(ParseExpr());
          Expect(Token::kColon, "':' between a map key and its value");
          map->args.push_back(ParseExpr());
          if (!Accept(Token::kComma)) break;
        }
        Expect(Token::kRightBrace, "'}'");
        return map;
      }
      case Token::kDot:
      case Token::kIdent: {
        bool leading_dot = Accept(Token::kDot);
        if (current_.token != Token::kIdent) {
          Fail(current_.offset, "expected a name, found " + Describe(current_));
        }
        std::string name(current_.text);
        int32_t offset = current_.offset;
        if (IsReserved(name)) Fail(offset, "'" + name + "' is a reserved word");
        Advance();
        if (leading_dot) name = "." + name;
        if (Accept(Token::kLeftParen)) {
          auto args = ParseList(Token::kRightParen, "')'");
          return GlobalCall(offset, std::move(name), std::move(args));
        }
        auto ident = NewExpr(ExprKind::kIdent, offset);
        ident->name = std::move(name);
        return ident;
      }
      default:
        Fail(lexeme.offset, "unexpected " + Describe(lexeme));
    }
  }

  std::unique_ptr<Expr> GlobalCall(int32_t offset, std::string name,
                                   std::vector<std::unique_ptr<Expr>> args) {
    if (options_.enable_macros && name == "has" && args.size() == 1) {
      if (args[0]->kind != ExprKind::kSelect) {
        Fail(args[0]->offset, "has() needs a field selection, like has(person.income)");
      }
      auto select = std::move(args[0]);
      select->test_only = true;
      return select;
    }
    return NewCall(offset, std::move(name), std::move(args));
  }

  // args[0] is the receiver.
  std::unique_ptr<Expr> ReceiverCall(int32_t offset, std::string name,
                                     std::vector<std::unique_ptr<Expr>> args) {
    if (options_.enable_macros) {
      size_t argc = args.size() - 1;
      bool quantifier =
          (name == "all" || name == "exists" || name == "exists_one" || name == "filter") &&
          argc == 2;
      bool map = name == "map" && (argc == 2 || argc == 3);
      if (quantifier || map) return ExpandMacro(offset, name, std::move(args));
    }
    auto call = NewCall(offset, std::move(name), std::move(args));
    call->has_target = true;
    return call;
  }

  std::unique_ptr<Expr> Ident(int32_t offset, const std::string& name) {
    auto ident = NewExpr(ExprKind::kIdent, offset);
    ident->name = name;
    return ident;
  }

  std::unique_ptr<Expr> Constant(int32_t offset, Value value) {
    auto constant = NewExpr(ExprKind::kConstant, offset);
    constant->constant = std::move(value);
    return constant;
  }

  // Expands a macro into a comprehension, as CEL's reference parser does.
  std::unique_ptr<Expr> ExpandMacro(int32_t offset, const std::string& name,
                                    std::vector<std::unique_ptr<Expr>> args) {
    if (args[1]->kind != ExprKind::kIdent || args[1]->name.starts_with(".")) {
      Fail(args[1]->offset, name + "() needs a variable name as its first argument");
    }
    std::string var = args[1]->name;
    auto range = std::move(args[0]);
    auto comprehension = NewExpr(ExprKind::kComprehension, offset);
    comprehension->iter_var = var;
    comprehension->accu_var = kAccumulatorName;
    comprehension->macro = name;
    std::unique_ptr<Expr> init, condition, step, result;
    auto accu = [&] { return Ident(offset, kAccumulatorName); };
    if (name == "all") {
      init = Constant(offset, Value::Bool(true));
      condition = Call(offset, op::kNotStrictlyFalse, accu());
      step = Call(offset, op::kAnd, accu(), std::move(args[2]));
      result = accu();
    } else if (name == "exists") {
      init = Constant(offset, Value::Bool(false));
      condition = Call(offset, op::kNotStrictlyFalse, Call(offset, op::kNot, accu()));
      step = Call(offset, op::kOr, accu(), std::move(args[2]));
      result = accu();
    } else if (name == "exists_one") {
      init = Constant(offset, Value::Int(0));
      condition = Constant(offset, Value::Bool(true));
      step = Call(offset, op::kConditional, std::move(args[2]),
                  Call(offset, op::kAdd, accu(), Constant(offset, Value::Int(1))), accu());
      result = Call(offset, op::kEqual, accu(), Constant(offset, Value::Int(1)));
    } else {  // map or filter
      init = NewExpr(ExprKind::kList, offset);
      condition = Constant(offset, Value::Bool(true));
      std::unique_ptr<Expr> element;
      std::unique_ptr<Expr> predicate;
      if (name == "filter") {
        predicate = std::move(args[2]);
        element = Ident(offset, var);
      } else if (args.size() == 4) {
        predicate = std::move(args[2]);
        element = std::move(args[3]);
      } else {
        element = std::move(args[2]);
      }
      auto singleton = NewExpr(ExprKind::kList, offset);
      singleton->args.push_back(std::move(element));
      auto appended = Call(offset, op::kAdd, accu(), std::move(singleton));
      step = predicate
                 ? Call(offset, op::kConditional, std::move(predicate), std::move(appended), accu())
                 : std::move(appended);
      result = accu();
    }
    comprehension->args.push_back(std::move(range));
    comprehension->args.push_back(std::move(init));
    comprehension->args.push_back(std::move(condition));
    comprehension->args.push_back(std::move(step));
    comprehension->args.push_back(std::move(result));
    return comprehension;
  }

  Lexer lexer_;
  const ParseOptions& options_;
  Lexeme current_;
  int32_t next_id_ = 1;
  int depth_ = 0;
};

}  // namespace

ParseResult Parse(const Source& source, const ParseOptions& options) {
  ParseResult result;
  if (source.text().size() > options.max_length) {
    result.errors.push_back(source.MakeDiagnostic(
        0, "expression is " + std::to_string(source.text().size()) +
               " bytes long, more than the limit of " + std::to_string(options.max_length)));
    return result;
  }
  try {
    Parser parser(source, options);
    result.root = parser.ParseAll();
    result.next_id = parser.next_id();
  } catch (const ParseFailure& failure) {
    result.root.reset();
    result.errors.push_back(source.MakeDiagnostic(failure.offset, failure.message));
  }
  return result;
}

}  // namespace okno::cel
