#pragma once
// One keep-alive HTTP/1.1 client connection of pdex loadgen (Boost.Beast).
#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include "loadgen/http_url.h"

namespace pdex::loadgen {

// A host's addresses, resolved once and shared by the connections (immutable).
struct ResolvedHost;
// Resolves url.host and url.port. Throws std::runtime_error naming the host
// when it cannot (this call has no timeout of its own: the system
// resolver's applies).
std::shared_ptr<const ResolvedHost> Resolve(const HttpUrl& url);

// The outcome of one request: an HTTP status, or status 0 and why there was
// no answer.
struct PostResult {
  int status = 0;
  std::string error;
};

// Blocking POSTs over one connection, opened on first use and after any
// failure or a response that does not keep the connection alive. Not
// thread-safe: one thread per connection.
class Connection {
 public:
  Connection(std::shared_ptr<const ResolvedHost> host, std::string host_header);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // POSTs `body` (JSON) to `target`, with header X-API-Key when `api_key` is
  // not empty. Connecting (when needed), writing and reading the whole
  // response take at most `timeout` together; past it the connection is
  // closed and the error says so. When a reused connection turns out closed
  // by the server before answering (its idle timeout), the request is sent
  // once more on a new connection, within the same timeout.
  PostResult Post(const std::string& target, std::string body, std::string_view api_key,
                  std::chrono::milliseconds timeout);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace pdex::loadgen
