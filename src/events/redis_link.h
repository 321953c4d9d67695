#pragma once
// The connection handling shared by the Redis transports.
#include <functional>
#include <memory>
#include <string>
#include <utility>

#include "events/transport_error.h"
#include "redis/connection.h"

namespace pdex::events {

// A Redis connection made on first use. After any failure (connection lost,
// timeout, an error or unexpected reply) the connection is dropped and the
// next call makes a new one, so a transport recovers by itself once Redis is
// back; the caller does the backoff.
//
// Thread safety: none (one thread at a time, like the transports).
class RedisLink {
 public:
  // `on_connect` runs on each new connection before it is used (a failure
  // there drops it too). `transport` names the user in messages.
  RedisLink(redis::ConnectionOptions options, std::string transport,
            std::function<void(redis::Connection&)> on_connect = {})
      : options_(std::move(options)), transport_(std::move(transport)), on_connect_(std::move(on_connect)) {}

  // Returns action(connection). Throws TransportError ("<transport>: <why>")
  // when connecting or the action fails with redis::RedisError.
  template <typename Action>
  auto Run(Action&& action) {
    try {
      return std::forward<Action>(action)(Connected());
    } catch (const redis::RedisError& e) {
      connection_.reset();
      throw TransportError(transport_ + ": " + e.what());
    }
  }

 private:
  redis::Connection& Connected() {
    if (connection_ == nullptr || connection_->broken()) {
      auto connection = std::make_unique<redis::Connection>(options_);
      if (on_connect_) on_connect_(*connection);
      connection_ = std::move(connection);
    }
    return *connection_;
  }

  redis::ConnectionOptions options_;
  std::string transport_;
  std::function<void(redis::Connection&)> on_connect_;
  std::unique_ptr<redis::Connection> connection_;
};

}  // namespace pdex::events
