#include "redis/redis_url.h"

#include <charconv>
#include <limits>
#include <string>

namespace pdex::redis {
namespace {

[[noreturn]] void Fail(const std::string& what) { throw RedisUrlError("invalid REDIS_URL: " + what); }

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string PercentDecode(std::string_view s, const char* part) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') {
      out.push_back(s[i]);
      continue;
    }
    const int high = i + 2 < s.size() ? HexDigit(s[i + 1]) : -1;
    const int low = i + 2 < s.size() ? HexDigit(s[i + 2]) : -1;
    if (high < 0 || low < 0) Fail(std::string("bad percent-encoding in the ") + part);
    out.push_back(static_cast<char>(high * 16 + low));
    i += 2;
  }
  return out;
}

// The whole of `s` as a decimal number in [min, max].
template <typename Int>
bool ParseDecimal(std::string_view s, Int min, Int max, Int& value) {
  if (s.empty()) return false;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  return ec == std::errc() && end == s.data() + s.size() && value >= min && value <= max;
}

}  // namespace

ConnectionOptions ParseRedisUrl(std::string_view url) {
  constexpr std::string_view kScheme = "redis://";
  if (url.starts_with("rediss://")) Fail("TLS (rediss://) is not supported");
  if (!url.starts_with(kScheme)) Fail("must start with redis://");
  std::string_view rest = url.substr(kScheme.size());
  if (rest.find_first_of("?#") != std::string_view::npos) Fail("query strings and fragments are not supported");

  ConnectionOptions options;
  const std::size_t slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  const std::string_view path = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);

  // The last '@' ends the credentials, so an unencoded '@' in a password works.
  if (const std::size_t at = authority.rfind('@'); at != std::string_view::npos) {
    const std::string_view userinfo = authority.substr(0, at);
    authority = authority.substr(at + 1);
    const std::size_t colon = userinfo.find(':');
    if (colon == std::string_view::npos) Fail("credentials must be [username]:password before '@'");
    options.username = PercentDecode(userinfo.substr(0, colon), "username");
    options.password = PercentDecode(userinfo.substr(colon + 1), "password");
    if (options.password.empty()) Fail("empty password before '@'");
  }

  std::string_view port;
  if (authority.starts_with('[')) {
    const std::size_t close = authority.find(']');
    if (close == std::string_view::npos) Fail("unterminated '[' in the host");
    options.host = std::string(authority.substr(1, close - 1));
    const std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (!after.starts_with(':')) Fail("unexpected characters after the IPv6 address");
      port = after.substr(1);
      if (port.empty()) Fail("empty port after ':'");
    }
  } else {
    const std::size_t colon = authority.find(':');
    options.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) {
      port = authority.substr(colon + 1);
      if (port.empty()) Fail("empty port after ':'");
    }
  }
  if (options.host.empty()) Fail("missing host");
  if (!port.empty() && !ParseDecimal<std::uint16_t>(port, 1, 65535, options.port)) {
    Fail("the port is not a number in 1..65535");
  }
  if (!path.empty() && !ParseDecimal<int>(path, 0, std::numeric_limits<int>::max(), options.db)) {
    Fail("the database (after '/') is not a number >= 0");
  }
  return options;
}

}  // namespace pdex::redis
