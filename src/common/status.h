#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace okno {

// What went wrong, in terms every layer can map: the HTTP layer turns each code into one
// status (400, 404, 409, ...) in one place, the CLI into one exit code.
enum class StatusCode {
  kOk = 0,
  kInvalidArgument,     // bad input: a malformed file, rule, request or message
  kNotFound,            // the thing named does not exist (or may not be revealed)
  kAlreadyExists,       // a duplicate id or key
  kFailedPrecondition,  // the system is not in a state that allows the operation
  kConflict,            // optimistic concurrency: the expected version is stale
  kPermissionDenied,    // authenticated, but the role or agency may not
  kUnauthenticated,     // no or expired credentials
  kResourceExhausted,   // a limit was exceeded: size, depth, cost
  kUnimplemented,       // the capability does not exist yet
  kUnavailable,         // a dependency (database, bus) cannot be reached; retrying may help
  kDataLoss,            // stored data is corrupt or its integrity check failed
  kInternal,            // a bug: an invariant did not hold
};

// The stable lower_snake_case name of `code` ("invalid_argument"), used in logs and API errors.
std::string_view StatusCodeName(StatusCode code);

// One field at fault in bad input: where (a JSON path such as household.members[0].birth_date)
// and what is wrong there.
struct FieldError {
  std::string path;
  std::string message;
};

// The outcome of an operation that returns no value: ok, or a code with a message that names
// what and where. Cheap to copy when ok. Thread-compatible.
class [[nodiscard]] Status {
 public:
  // An ok status.
  Status() = default;
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // The fields at fault, each kept, of an InvalidFieldsError; empty otherwise.
  const std::vector<FieldError>& fields() const;

  // "invalid_argument: household.housing: 'homles' is not one of own, rent, ..." or "ok".
  std::string ToString() const;

  // Returns a status with the same code and `context` prepended to the message
  // ("catalog/ru/mvd.yaml:12: " + message); an ok status stays ok.
  Status WithContext(std::string_view context) const;

  friend bool operator==(const Status& a, const Status& b) {
    return a.code_ == b.code_ && a.message_ == b.message_;
  }

 private:
  friend Status InvalidFieldsError(std::vector<FieldError> errors);

  StatusCode code_ = StatusCode::kOk;
  std::string message_;
  // Shared: a Status stays cheap to copy.
  std::shared_ptr<const std::vector<FieldError>> fields_;
};

// Shorthands for the common codes, so call sites read as sentences.
Status InvalidArgumentError(std::string message);
// InvalidArgument with every field at fault (fields()), its message listing them all.
Status InvalidFieldsError(std::vector<FieldError> errors);
Status NotFoundError(std::string message);
Status AlreadyExistsError(std::string message);
Status FailedPreconditionError(std::string message);
Status ConflictError(std::string message);
Status PermissionDeniedError(std::string message);
Status UnauthenticatedError(std::string message);
Status ResourceExhaustedError(std::string message);
Status UnimplementedError(std::string message);
Status UnavailableError(std::string message);
Status DataLossError(std::string message);
Status InternalError(std::string message);

// A value of type T, or the Status that explains why there is none. Constructing a Result from
// an ok Status is a programmer error (there would be neither value nor failure) and becomes an
// internal error.
template <typename T>
class [[nodiscard]] Result {
  static_assert(!std::is_same_v<std::remove_cv_t<T>, Status>, "use Status for no value");

 public:
  // Implicit, so that `return value;` and `return NotFoundError(...);` both read naturally.
  Result(T value) : state_(std::in_place_index<1>, std::move(value)) {}
  Result(Status status) : state_(std::in_place_index<0>, std::move(status)) {
    if (std::get<0>(state_).ok()) {
      state_.template emplace<0>(InternalError("Result constructed from an ok Status"));
    }
  }
  template <typename U>
    requires(std::is_constructible_v<T, U &&> && !std::is_same_v<std::decay_t<U>, T> &&
             !std::is_same_v<std::decay_t<U>, Status> && !std::is_same_v<std::decay_t<U>, Result>)
  Result(U&& value) : state_(std::in_place_index<1>, std::forward<U>(value)) {}

  bool ok() const { return state_.index() == 1; }

  // The failure; an ok status when there is a value.
  Status status() const& { return ok() ? Status() : std::get<0>(state_); }
  Status status() && { return ok() ? Status() : std::get<0>(std::move(state_)); }

  // The value. Requires ok().
  T& value() & { return std::get<1>(state_); }
  const T& value() const& { return std::get<1>(state_); }
  T&& value() && { return std::get<1>(std::move(state_)); }

  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  // The value, or `fallback` on failure.
  T value_or(T fallback) const& { return ok() ? value() : std::move(fallback); }

 private:
  std::variant<Status, T> state_;
};

namespace internal {

inline Status TakeStatus(Status&& status) { return std::move(status); }
template <typename T>
Status TakeStatus(Result<T>&& result) {
  return std::move(result).status();
}

inline void TakeValue(Status&&) {}
template <typename T>
T TakeValue(Result<T>&& result) {
  return std::move(result).value();
}

}  // namespace internal
}  // namespace okno

// Evaluates `expr` (a Status or a Result<T>). On failure, returns its Status from the enclosing
// function; otherwise the whole macro is the Result's value (or void for a Status):
//
//   Result<Catalog> Load(const Path& dir) {
//     std::string text = OKNO_TRY(ReadFile(dir / "agencies.yaml"));
//     OKNO_TRY(Validate(text));
//     ...
//   }
//
// It is a GNU statement expression, which GCC and Clang both support.
#define OKNO_TRY(expr)                                                  \
  ({                                                                    \
    auto okno_try_result_ = (expr);                                     \
    if (!okno_try_result_.ok()) {                                       \
      return ::okno::internal::TakeStatus(std::move(okno_try_result_)); \
    }                                                                   \
    ::okno::internal::TakeValue(std::move(okno_try_result_));           \
  })
