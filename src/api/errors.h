#pragma once
// Errors handlers throw; the service turns them into JSON responses.
#include <stdexcept>
#include <string>
#include <vector>

namespace pdex::api {

// An HTTP error with a human-readable detail: {"detail": "..."}.
class ApiError : public std::runtime_error {
 public:
  ApiError(int status, std::string detail) : std::runtime_error(detail), status_(status) {}
  int status() const { return status_; }

 private:
  int status_;
};

// One invalid input, located like FastAPI does: ["query", "limit"].
struct FieldError {
  std::string location;  // "query", "path" or "body"
  std::string field;
  std::string message;
  std::string type;  // e.g. "int_parsing", "missing", "greater_than_equal"
};

// A 422 with {"detail": [{"loc": [...], "msg": ..., "type": ...}, ...]}.
class ValidationError : public std::runtime_error {
 public:
  explicit ValidationError(std::vector<FieldError> errors)
      : std::runtime_error(errors.empty() ? "invalid input" : errors.front().message),
        errors_(std::move(errors)) {}
  const std::vector<FieldError>& errors() const { return errors_; }

 private:
  std::vector<FieldError> errors_;
};

}  // namespace pdex::api
