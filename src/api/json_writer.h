#pragma once
// A minimal streaming JSON writer for response bodies: keys stay in the order
// written and nothing is built but the output string.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pdex::api {

// Usage: w.BeginObject(); w.Key("id"); w.Int(25); w.EndObject(); w.str().
// Strings are escaped; invalid UTF-8 is replaced by U+FFFD so the output is
// always valid JSON. Not thread-safe (one writer per response).
class JsonWriter {
 public:
  void BeginObject() { Open('{'); }
  void EndObject() { Close('}'); }
  void BeginArray() { Open('['); }
  void EndArray() { Close(']'); }
  void Key(std::string_view key);
  void String(std::string_view s);
  void Int(std::int64_t v);
  void Double(double v);
  void Bool(bool v);
  void Null();
  void OptionalInt(std::optional<int> v) { v ? Int(*v) : Null(); }

  const std::string& str() const { return out_; }
  std::string Take() { return std::move(out_); }

 private:
  void Open(char c);
  void Close(char c);
  void BeforeValue();
  // Writes a quoted, escaped string, replacing invalid UTF-8 bytes.
  void Utf8String(std::string_view s);
  void Escaped(std::string_view s);

  std::string out_;
  std::vector<bool> has_items_;  // per open container
  bool after_key_ = false;
};

}  // namespace pdex::api
