#pragma once
// Events over a Redis list (QUEUE_MODE=list): the architecture document's
// RPUSH/BLPOP queue, kept for compatibility with its other producers and
// consumers. At-most-once: see RedisListSource.
#include <chrono>
#include <string>

#include "events/event_sink.h"
#include "events/event_source.h"
#include "events/redis_link.h"
#include "redis/connection.h"

namespace pdex::events {

// RPUSH <key> <json>...: up to 1000 payloads per RPUSH, pipelined, one round
// trip per batch. Connects on first use.
//
// Failure: throws TransportError; the connection is remade on the next call.
// Thread safety: none; EventPublisher calls it from one thread.
class RedisListSink final : public EventSink {
 public:
  explicit RedisListSink(redis::ConnectionOptions connection, std::string key = "predictions");
  void Send(std::span<const std::string> payloads) override;

 private:
  std::string key_;
  RedisLink link_;
};

// BLPOP <key> <wait>, then LPOP <key> <max - 1> for the rest of a batch
// (Redis >= 6.2). An event is removed from Redis as it is read, so it is lost
// if this process dies (or the connection drops mid-reply) before the
// consumer has stored it: at-most-once. Acknowledge does nothing, Pending is
// 0 and delivery ids are empty.
//
// Failure: throws TransportError; the connection is remade on the next call.
// Thread safety: none; use from one thread.
class RedisListSource final : public EventSource {
 public:
  explicit RedisListSource(redis::ConnectionOptions connection, std::string key = "predictions");
  std::vector<ReceivedEvent> Read(std::size_t max, std::chrono::milliseconds wait) override;
  void Acknowledge(std::span<const std::string> /*delivery_ids*/) override {}
  std::size_t Pending() override { return 0; }

 private:
  std::string key_;
  RedisLink link_;
};

}  // namespace pdex::events
