#pragma once
// Events over a Redis stream with a consumer group (at-least-once).
#include <chrono>
#include <cstddef>
#include <optional>
#include <string>

#include "events/event_sink.h"
#include "events/event_source.h"
#include "events/redis_link.h"
#include "redis/connection.h"

namespace pdex::events {

struct RedisStreamSinkOptions {
  std::string stream = "predictions";
  // About how many events the stream keeps: XADD ... MAXLEN ~ max_len / n
  // for an entry of n events, so Redis trims the oldest entries (roughly:
  // a little above the cap, exactly when all entries hold as many events)
  // and a stopped consumer cannot fill its memory. Trimmed entries that were
  // never read are lost without a count. 0: no cap.
  std::size_t max_len = 1'000'000;
};

// One XADD per payload, pipelined (one round trip per Send): field "batch"
// for an event batch (events/event_batch.h), "payload" for a JSON event:
//   XADD <stream> MAXLEN ~ <cap> * batch <msgpack>   |   ... * payload <json>
// Connects on first use.
//
// Failure: throws TransportError (Redis unreachable, timeout, an XADD
// refused); the connection is remade on the next call.
// Thread safety: none; EventPublisher calls it from one thread.
class RedisStreamSink final : public EventSink {
 public:
  RedisStreamSink(redis::ConnectionOptions connection, RedisStreamSinkOptions options = {});
  void Send(std::span<const std::string> payloads) override;

 private:
  RedisStreamSinkOptions options_;
  redis::CommandBuffer commands_;  // reused by each Send, keeping its capacity
  RedisLink link_;
};

struct RedisStreamSourceOptions {
  std::string stream = "predictions";
  std::string group = "pdex-drift";
  // Names this reader in the group; keep it across restarts (hostname-pid is
  // fine for one consumer per host) so a restarted reader gets back what it
  // had read but not acknowledged. Required.
  std::string consumer;
  // Entries read by any consumer and left unacknowledged this long are
  // claimed (XAUTOCLAIM), so a dead consumer's events are not stuck. The
  // scan runs at start and then every claim_idle. Acknowledge well within it:
  // an entry held longer is redelivered (to this or another reader).
  std::chrono::milliseconds claim_idle{60'000};
};

// The drift side of a stream (at-least-once: an event is redelivered until
// acknowledged; consumers dedupe by event_id). On each new connection it
// creates the group if needed (XGROUP CREATE <stream> <group> 0 MKSTREAM: a
// new group starts from the first entry), then Read returns, in order of
// preference:
//   1. its own pending entries, once (XREADGROUP ... STREAMS <stream> 0...),
//      so what was read but not acknowledged before a crash comes back;
//   2. entries idle for claim_idle, claimed from any consumer (XAUTOCLAIM);
//   3. new entries (XREADGROUP ... COUNT max BLOCK wait STREAMS <stream> >).
// Delivery ids are entry ids; the payload is the entry's "payload" (a JSON
// event) or "batch" (an event batch) field. An entry with neither (or
// trimmed away while pending) comes back with an empty payload, so the
// consumer can count it invalid and acknowledge it.
//
// Failure: throws TransportError; the connection (and the steps above) are
// redone on the next call. A deleted stream or group is recreated then.
// Thread safety: none; use from one thread.
class RedisStreamSource final : public EventSource {
 public:
  RedisStreamSource(redis::ConnectionOptions connection, RedisStreamSourceOptions options);
  std::vector<ReceivedEvent> Read(std::size_t max, std::chrono::milliseconds wait) override;
  // One XACK per 1000 ids, pipelined.
  void Acknowledge(std::span<const std::string> delivery_ids) override;
  // The group's pending count (XPENDING summary), all consumers included.
  std::size_t Pending() override;

 private:
  using Clock = std::chrono::steady_clock;

  void StartOnNewConnection(redis::Connection& connection);
  std::vector<ReceivedEvent> ReadOwnPending(redis::Connection& connection, std::size_t max);
  std::vector<ReceivedEvent> ClaimIdle(redis::Connection& connection, std::size_t max);
  std::vector<ReceivedEvent> ReadNew(redis::Connection& connection, std::size_t max,
                                     std::chrono::milliseconds wait);

  RedisStreamSourceOptions options_;
  std::optional<std::string> own_pending_after_;  // set while re-reading own pending entries
  std::string claim_cursor_ = "0-0";
  Clock::time_point next_claim_{};
  RedisLink link_;
};

}  // namespace pdex::events
