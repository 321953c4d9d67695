#pragma once
// One Redis reply as a plain value, detached from the connection.
#include <string>
#include <vector>

namespace pdex::redis {

// A RESP2 reply: a bulk string, an integer, an array of replies, nil, a
// status ("+OK") or an error ("-WRONGTYPE ..."). An error reply is an
// answer, not a failure of the connection: the connection stays usable.
//
// The typed accessors throw RedisError naming what was expected and what
// came back (for instance the text of an error reply), so callers can write
// `reply.integer()` and get a clear message when the server said no.
class Reply {
 public:
  enum class Type { kString, kInteger, kArray, kNil, kStatus, kError };

  static Reply String(std::string bytes) { return Reply(Type::kString, std::move(bytes)); }
  static Reply Status(std::string text) { return Reply(Type::kStatus, std::move(text)); }
  static Reply Error(std::string text) { return Reply(Type::kError, std::move(text)); }
  static Reply Integer(long long value);
  static Reply Array(std::vector<Reply> elements);
  static Reply Nil() { return Reply(Type::kNil, {}); }

  Type type() const { return type_; }
  bool is_nil() const { return type_ == Type::kNil; }
  bool is_error() const { return type_ == Type::kError; }

  // The bytes of a string reply (binary-safe).
  const std::string& str() const;
  // The text of a status or error reply.
  const std::string& status() const;
  const std::string& error() const;
  long long integer() const;
  const std::vector<Reply>& elements() const;

  // A short description for messages: `error "NOGROUP ..."`, `integer 3`,
  // `array of 2`, `nil`, ... (long texts are cut).
  std::string Describe() const;

 private:
  Reply(Type type, std::string text) : type_(type), text_(std::move(text)) {}
  [[noreturn]] void ThrowUnexpected(const char* expected) const;

  Type type_;
  std::string text_;  // string, status or error
  long long integer_ = 0;
  std::vector<Reply> elements_;
};

}  // namespace pdex::redis
