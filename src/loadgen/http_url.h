#pragma once
// The --url of pdex loadgen: plain http:// only.
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace pdex::loadgen {

class UrlError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

struct HttpUrl {
  std::string host;             // a name or an address; IPv6 without brackets
  std::uint16_t port = 80;
  std::string base_path;        // "" or "/prefix", no trailing '/'

  // The Host header: host, bracketed when IPv6, then ":port" unless 80.
  std::string HostHeader() const;
  // base_path + path; `path` starts with '/'.
  std::string Target(std::string_view path) const;
};

// Parses http://HOST[:PORT][/PATH]. Throws UrlError, with a message quoting
// the URL, for another scheme (https:// included), user info, a query or
// fragment, an empty host, or a port outside 1..65535.
HttpUrl ParseHttpUrl(std::string_view url);

}  // namespace pdex::loadgen
