#pragma once
// An asynchronous HTTP/1.1 server (Boost.Beast) over a pool of I/O threads.
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "http/message.h"

namespace pdex::http {

// What the server calls. Both methods run on I/O threads, concurrently, and
// must be thread-safe. An exception escaping Handle becomes a 500; one
// escaping Rejected becomes a plain JSON error with the rejection's status.
// HEAD requests reach Handle as sent; the server drops the body it returns.
class RequestHandler {
 public:
  virtual ~RequestHandler() = default;
  virtual Response Handle(const Request& request) = 0;
  // A request the server rejected before routing: 400 (malformed) or 413
  // (body over the limit). Lets the service count and shape the error.
  virtual Response Rejected(int status, std::string_view detail) = 0;
};

struct ServerOptions {
  std::string address = "0.0.0.0";
  std::uint16_t port = 8000;  // 0 picks a free port (see Server::port)
  int threads = 2;
  std::size_t body_limit = 64 * 1024;
  std::size_t header_limit = 16 * 1024;
  // A request must arrive whole within this time of its first byte being
  // awaited (slow clients); a keep-alive connection idles at most this long.
  std::chrono::milliseconds request_timeout{15'000};
};

// Thread safety: Start/Stop from one controlling thread.
class Server {
 public:
  // `handler` must outlive the server.
  Server(ServerOptions options, RequestHandler& handler);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and starts the I/O threads. Throws std::runtime_error naming the
  // address when it cannot listen.
  void Start();
  // Closes the listener, stops the I/O threads and joins them. Idempotent.
  // Open connections are dropped when the server is destroyed.
  void Stop();
  // The bound port (useful with port 0).
  std::uint16_t port() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace pdex::http
