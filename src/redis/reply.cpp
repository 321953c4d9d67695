#include "redis/reply.h"

#include "redis/connection.h"

namespace pdex::redis {
namespace {

// At most this many bytes of a reply's text go into a message.
constexpr std::size_t kDescribedTextLimit = 120;

std::string Quoted(const std::string& text) {
  if (text.size() <= kDescribedTextLimit) return '"' + text + '"';
  return '"' + text.substr(0, kDescribedTextLimit) + "...\"";
}

}  // namespace

Reply Reply::Integer(long long value) {
  Reply r(Type::kInteger, {});
  r.integer_ = value;
  return r;
}

Reply Reply::Array(std::vector<Reply> elements) {
  Reply r(Type::kArray, {});
  r.elements_ = std::move(elements);
  return r;
}

const std::string& Reply::str() const {
  if (type_ != Type::kString) ThrowUnexpected("a string");
  return text_;
}

const std::string& Reply::status() const {
  if (type_ != Type::kStatus) ThrowUnexpected("a status");
  return text_;
}

const std::string& Reply::error() const {
  if (type_ != Type::kError) ThrowUnexpected("an error");
  return text_;
}

long long Reply::integer() const {
  if (type_ != Type::kInteger) ThrowUnexpected("an integer");
  return integer_;
}

const std::vector<Reply>& Reply::elements() const {
  if (type_ != Type::kArray) ThrowUnexpected("an array");
  return elements_;
}

std::string Reply::Describe() const {
  switch (type_) {
    case Type::kString: return "string " + Quoted(text_);
    case Type::kInteger: return "integer " + std::to_string(integer_);
    case Type::kArray: return "array of " + std::to_string(elements_.size());
    case Type::kNil: return "nil";
    case Type::kStatus: return "status " + Quoted(text_);
    case Type::kError: return "error " + Quoted(text_);
  }
  return "unknown reply";
}

void Reply::ThrowUnexpected(const char* expected) const {
  throw RedisError(std::string("expected ") + expected + " reply, got " + Describe());
}

}  // namespace pdex::redis
