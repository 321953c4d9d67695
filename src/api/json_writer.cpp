#include "api/json_writer.h"

#include <charconv>
#include <cmath>

#include "text/utf8.h"

namespace pdex::api {

void JsonWriter::BeforeValue() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (!has_items_.empty()) {
    if (has_items_.back()) out_.push_back(',');
    has_items_.back() = true;
  }
}

void JsonWriter::Open(char c) {
  BeforeValue();
  out_.push_back(c);
  has_items_.push_back(false);
}

void JsonWriter::Close(char c) {
  out_.push_back(c);
  has_items_.pop_back();
}

void JsonWriter::Key(std::string_view key) {
  BeforeValue();
  Utf8String(key);
  out_.push_back(':');
  after_key_ = true;
}

void JsonWriter::String(std::string_view s) {
  BeforeValue();
  Utf8String(s);
}

void JsonWriter::Utf8String(std::string_view s) {
  if (text::IsValidUtf8(s)) {
    Escaped(s);
    return;
  }
  // Replace each invalid byte with U+FFFD.
  std::string repaired;
  for (std::size_t i = 0; i < s.size();) {
    std::size_t len = 1;
    const auto b = static_cast<unsigned char>(s[i]);
    if (b >= 0xF0) len = 4;
    else if (b >= 0xE0) len = 3;
    else if (b >= 0xC0) len = 2;
    if (b >= 0x80 && (i + len > s.size() || !text::IsValidUtf8(s.substr(i, len)))) {
      repaired += "\xEF\xBF\xBD";
      ++i;
    } else {
      repaired.append(s.substr(i, len));
      i += len;
    }
  }
  Escaped(repaired);
}

void JsonWriter::Escaped(std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out_.push_back('"');
  for (const char c : s) {
    switch (c) {
      case '"': out_ += "\\\""; break;
      case '\\': out_ += "\\\\"; break;
      case '\n': out_ += "\\n"; break;
      case '\r': out_ += "\\r"; break;
      case '\t': out_ += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out_ += "\\u00";
          out_.push_back(kHex[(c >> 4) & 0xF]);
          out_.push_back(kHex[c & 0xF]);
        } else {
          out_.push_back(c);
        }
    }
  }
  out_.push_back('"');
}

void JsonWriter::Int(std::int64_t v) {
  BeforeValue();
  char buf[24];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out_.append(buf, end);
}

void JsonWriter::Double(double v) {
  BeforeValue();
  if (!std::isfinite(v)) {
    out_ += "null";  // JSON has no NaN or infinity
    return;
  }
  char buf[32];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out_.append(buf, end);
}

void JsonWriter::Bool(bool v) {
  BeforeValue();
  out_ += v ? "true" : "false";
}

void JsonWriter::Null() {
  BeforeValue();
  out_ += "null";
}

}  // namespace pdex::api
