#pragma once
// A throwaway redis-server for integration tests.
#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "test_support.h"

namespace pdex::testing {

// A redis-server process of the test's own, on a free port of 127.0.0.1, in a
// temporary directory, without persistence (--save "" --appendonly no): each
// Start begins with an empty database. Construction starts it and waits
// until it answers; Stop and Start take it away and bring it back on the same
// port, for outage tests. The destructor stops it, and the server gets
// SIGTERM if the test process dies, so none is left behind.
//
//   pdex::testing::RedisServer redis;              // running
//   redis::ConnectionOptions options; options.port = redis.port();
//
// Failure: the constructor and Start throw std::runtime_error, which fails
// the test with its message, when redis-server is not on PATH, exits during
// start-up, or does not answer within 10 s; the message ends with the tail of
// the server's log.
//
// Thread safety: none. Construct, Start and Stop from one thread, which must
// outlive the server (the death signal is tied to the starting thread).
class RedisServer {
 public:
  // `extra_args` are added to the command line, e.g. {"--requirepass", "s3cret"}.
  explicit RedisServer(std::vector<std::string> extra_args = {});
  ~RedisServer();
  RedisServer(const RedisServer&) = delete;
  RedisServer& operator=(const RedisServer&) = delete;

  // Starts the server on port() and waits until it answers. Does nothing if
  // it is running.
  void Start();
  // SIGTERM, then waits for it to exit (SIGKILL after 10 s). Does nothing if
  // it is not running.
  void Stop();

  bool running() const { return pid_ > 0; }
  std::uint16_t port() const { return port_; }
  // "redis://127.0.0.1:<port>", the REDIS_URL form.
  std::string url() const;

 private:
  enum class Launch { kStarted, kExited };
  Launch TryStart();
  std::string LogTail() const;

  TempDir dir_;
  std::filesystem::path executable_;
  std::vector<std::string> extra_args_;
  std::uint16_t port_ = 0;
  pid_t pid_ = -1;
};

}  // namespace pdex::testing
