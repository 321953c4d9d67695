#pragma once
// REDIS_URL parsing.
#include <stdexcept>
#include <string_view>

#include "redis/connection.h"

namespace pdex::redis {

// REDIS_URL is malformed. The message says what is wrong without repeating
// the URL or any part of it (it may hold a password).
class RedisUrlError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// Parses redis://[[username]:password@]host[:port][/db] into connection
// options (timeouts keep their defaults). The host may be a name, an IPv4
// address or a bracketed IPv6 address; the port defaults to 6379 and the db
// to 0; username and password are percent-decoded ("%40" for '@'). TLS
// (rediss://), query strings and fragments are not supported. Throws
// RedisUrlError.
ConnectionOptions ParseRedisUrl(std::string_view url);

}  // namespace pdex::redis
