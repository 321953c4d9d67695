#pragma once
// A synchronous connection to one Redis server (hiredis underneath).
#include <chrono>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "redis/reply.h"

struct redisContext;
struct redisReply;

namespace pdex::redis {

// A connection could not be made or was lost (refused, timed out, closed by
// the server, protocol error), a handshake command (AUTH, SELECT) was
// refused, or a reply had an unexpected type.
class RedisError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct ConnectionOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 6379;
  std::string username;  // AUTH username password when set (Redis 6 ACL users)
  std::string password;  // AUTH password when set; never put in messages
  int db = 0;            // SELECT db when not 0
  std::chrono::milliseconds connect_timeout{2000};
  // Longest wait for a reply (and for a write to go out).
  std::chrono::milliseconds command_timeout{2000};

  // "redis://host:port/db", without credentials, for logs and messages.
  std::string Describe() const;
};

// Commands in RESP, the Redis wire form (*<argc>\r\n, then $<length>\r\n
// <bytes>\r\n per argument), built for Connection::PipelineEncoded.
// Arguments are copied, so they need not outlive the call, except those
// given to ArgumentByReference. Clear keeps the capacity, so a reused buffer
// stops allocating.
// Thread safety: none.
class CommandBuffer {
 public:
  // Starts a command of `argc` arguments: exactly `argc` Argument calls follow.
  void Begin(std::size_t argc);
  void Argument(std::string_view arg);
  // The same without copying `arg`: its bytes are sent from where they are,
  // so they must stay unchanged until the buffer is cleared. For a large
  // argument (an event batch of hundreds of KB), which would otherwise be
  // copied here and again into the socket layer's buffer.
  void ArgumentByReference(std::string_view arg);
  // Begin(argv.size()) and an Argument per element.
  void Add(std::span<const std::string_view> argv);

  void Clear();
  std::size_t commands() const { return commands_; }
  // False while a command lacks some of its arguments.
  bool complete() const { return missing_arguments_ == 0; }
  // The RESP bytes, in order, as consecutive pieces: what is written.
  std::vector<std::string_view> Pieces() const;

 private:
  void AppendLength(char prefix, std::size_t n);
  // Counts one more argument (throws std::logic_error past Begin's count)
  // and appends its length.
  void StartArgument(std::size_t size);

  // bytes_ interleaved with the referenced arguments: referenced[i].second
  // goes right after bytes_[0, referenced[i].first).
  std::string bytes_;
  std::vector<std::pair<std::size_t, std::string_view>> referenced_;
  std::size_t commands_ = 0;
  std::size_t missing_arguments_ = 0;
};

// One TCP connection: connected, authenticated and on its database once
// constructed. Commands are argv vectors, so arguments are binary-safe.
//
// Failure: the constructor throws RedisError when the server cannot be
// reached within connect_timeout or refuses AUTH/SELECT. A command throws
// RedisError on I/O errors, timeouts and protocol errors; the connection is
// then broken (replies could be out of step) and every later command throws
// at once: the owner makes a new Connection. An error reply from the server is
// returned as a Reply, not thrown.
//
// A write to a connection the server closed raises SIGPIPE; commands block
// it on the calling thread and discard it, so the process is not killed.
//
// Thread safety: none; one thread at a time.
class Connection {
 public:
  explicit Connection(ConnectionOptions options);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  Reply Command(std::span<const std::string_view> argv);
  Reply Command(std::initializer_list<std::string_view> argv) {
    return Command(std::span<const std::string_view>(argv.begin(), argv.size()));
  }

  // A command the server may hold for up to `server_wait` before replying
  // (BLPOP, XREADGROUP ... BLOCK): the reply timeout is command_timeout plus
  // `server_wait` for this command only.
  Reply BlockingCommand(std::span<const std::string_view> argv, std::chrono::milliseconds server_wait);

  // Writes all `commands` at once, then reads their replies, in order: one
  // round trip for the lot.
  std::vector<Reply> Pipeline(std::span<const std::vector<std::string_view>> commands);
  // The same for commands already in RESP: `commands` is written straight
  // to the socket from its pieces (writev: no copy, no formatting per
  // command), then its commands() replies are read. Throws
  // std::logic_error, before any I/O, when a command lacks arguments.
  std::vector<Reply> PipelineEncoded(const CommandBuffer& commands);

  bool broken() const { return broken_; }
  const ConnectionOptions& options() const { return options_; }

 private:
  struct ContextDeleter {
    void operator()(redisContext* context) const;
  };

  void ThrowIfBroken() const;
  // Marks the connection broken and throws RedisError describing the
  // context's I/O error.
  [[noreturn]] void FailIo(int saved_errno);
  // Marks the connection broken and throws RedisError saying `what`.
  [[noreturn]] void Break(std::string_view what);
  // Writes every piece to the socket (hiredis's output buffer is empty
  // between commands), within command_timeout; marks the connection broken
  // and throws RedisError when it cannot.
  void WriteAll(std::span<const std::string_view> pieces);
  void SetSocketTimeout(std::chrono::milliseconds timeout);
  Reply ConvertOrBreak(const redisReply& reply);
  void Handshake();

  ConnectionOptions options_;
  std::unique_ptr<redisContext, ContextDeleter> context_;
  bool broken_ = false;
};

}  // namespace pdex::redis
