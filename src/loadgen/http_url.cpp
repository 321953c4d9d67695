#include "loadgen/http_url.h"

#include <charconv>

namespace pdex::loadgen {

std::string HttpUrl::HostHeader() const {
  std::string out = host.find(':') == std::string::npos ? host : "[" + host + "]";
  if (port != 80) out += ":" + std::to_string(port);
  return out;
}

std::string HttpUrl::Target(std::string_view path) const { return base_path + std::string(path); }

HttpUrl ParseHttpUrl(std::string_view url) {
  const auto fail = [&](std::string_view why) {
    return UrlError("bad URL '" + std::string(url) + "': " + std::string(why));
  };
  constexpr std::string_view kScheme = "http://";
  if (url.substr(0, kScheme.size()) != kScheme) {
    throw fail(url.find("://") == std::string_view::npos ? "expected http://HOST[:PORT]"
                                                          : "only http:// is supported");
  }
  std::string_view rest = url.substr(kScheme.size());
  if (rest.find_first_of("?#") != std::string_view::npos) throw fail("a query or fragment is not supported");
  const std::size_t slash = rest.find('/');
  const std::string_view authority = rest.substr(0, slash);
  std::string_view path = slash == std::string_view::npos ? std::string_view() : rest.substr(slash);
  if (authority.find('@') != std::string_view::npos) throw fail("user info is not supported");

  HttpUrl out;
  std::string_view port;
  if (!authority.empty() && authority.front() == '[') {
    const std::size_t close = authority.find(']');
    if (close == std::string_view::npos) throw fail("unclosed '[' in the host");
    out.host = std::string(authority.substr(1, close - 1));
    const std::string_view after = authority.substr(close + 1);
    if (!after.empty() && after.front() != ':') throw fail("unexpected characters after ']'");
    if (!after.empty()) port = after.substr(1);
    if (after.size() == 1) throw fail("empty port");
  } else {
    const std::size_t colon = authority.find(':');
    out.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) {
      port = authority.substr(colon + 1);
      if (port.empty()) throw fail("empty port");
    }
  }
  if (out.host.empty()) throw fail("no host");
  if (!port.empty()) {
    unsigned value = 0;
    const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (ec != std::errc() || end != port.data() + port.size() || value == 0 || value > 65535) {
      throw fail("the port must be a number from 1 to 65535");
    }
    out.port = static_cast<std::uint16_t>(value);
  }
  while (!path.empty() && path.back() == '/') path.remove_suffix(1);
  out.base_path = std::string(path);
  return out;
}

}  // namespace pdex::loadgen
