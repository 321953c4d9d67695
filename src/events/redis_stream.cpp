#include "events/redis_stream.h"

#include <algorithm>
#include <stdexcept>
#include <vector>

#include "events/event_batch.h"

namespace pdex::events {
namespace {

using redis::Reply;

constexpr std::size_t kIdsPerXack = 1000;
constexpr std::string_view kPayloadField = "payload";  // one JSON event
constexpr std::string_view kBatchField = "batch";      // a MessagePack batch (events/event_batch.h)
// Smaller payloads are copied into the command buffer: a piece of its own
// in the write costs more than copying a few KB.
constexpr std::size_t kCopyBelowBytes = 4096;

// [id, [field, value, ...]] entries; a nil field list (an entry trimmed away
// while pending) gives an empty payload.
std::vector<ReceivedEvent> ParseEntries(const Reply& entries) {
  std::vector<ReceivedEvent> events;
  events.reserve(entries.elements().size());
  for (const Reply& entry : entries.elements()) {
    const auto& parts = entry.elements();
    if (parts.size() != 2) throw redis::RedisError("stream entry with " + std::to_string(parts.size()) + " parts");
    ReceivedEvent event{parts[0].str(), {}};
    if (!parts[1].is_nil()) {
      const auto& fields = parts[1].elements();
      for (std::size_t i = 0; i + 1 < fields.size(); i += 2) {
        if (fields[i].str() == kPayloadField || fields[i].str() == kBatchField) {
          event.payload = fields[i + 1].str();
          break;
        }
      }
    }
    events.push_back(std::move(event));
  }
  return events;
}

// XREADGROUP's reply: nil (nothing new) or [[stream, entries]].
std::vector<ReceivedEvent> ParseReadGroup(const Reply& reply) {
  if (reply.is_nil()) return {};
  const auto& streams = reply.elements();
  if (streams.size() != 1 || streams[0].elements().size() != 2) {
    throw redis::RedisError("unexpected XREADGROUP reply: " + reply.Describe());
  }
  return ParseEntries(streams[0].elements()[1]);
}

std::string Milliseconds(std::chrono::milliseconds d) { return std::to_string(d.count()); }

}  // namespace

RedisStreamSink::RedisStreamSink(redis::ConnectionOptions connection, RedisStreamSinkOptions options)
    : options_(std::move(options)), link_(std::move(connection), "redis stream sink (" + options_.stream + ")") {}

void RedisStreamSink::Send(std::span<const std::string> payloads) {
  if (payloads.empty()) return;
  // Written straight into RESP, the whole batch in one buffer.
  commands_.Clear();
  for (const std::string& payload : payloads) {
    const bool batch = IsEventBatch(payload);
    if (options_.max_len > 0) {
      // The cap counts events: an entry of n events keeps max_len / n entries.
      const std::size_t events = batch ? std::max<std::size_t>(1, EventBatchSize(payload)) : 1;
      const std::string max_len = std::to_string(std::max<std::size_t>(1, options_.max_len / events));
      commands_.Begin(8);
      for (const std::string_view arg : {std::string_view("XADD"), std::string_view(options_.stream),
                                         std::string_view("MAXLEN"), std::string_view("~"),
                                         std::string_view(max_len), std::string_view("*")}) {
        commands_.Argument(arg);
      }
    } else {
      commands_.Begin(5);
      for (const std::string_view arg : {std::string_view("XADD"), std::string_view(options_.stream),
                                         std::string_view("*")}) {
        commands_.Argument(arg);
      }
    }
    commands_.Argument(batch ? kBatchField : kPayloadField);
    // A batch (hundreds of KB) goes out from where it is, uncopied;
    // `payloads` outlives the pipeline below.
    if (payload.size() >= kCopyBelowBytes) {
      commands_.ArgumentByReference(payload);
    } else {
      commands_.Argument(payload);
    }
  }
  link_.Run([&](redis::Connection& connection) {
    for (const Reply& reply : connection.PipelineEncoded(commands_)) reply.str();  // the new id, or throws
  });
}

RedisStreamSource::RedisStreamSource(redis::ConnectionOptions connection, RedisStreamSourceOptions options)
    : options_(std::move(options)),
      link_(std::move(connection), "redis stream source (" + options_.stream + ", group " + options_.group + ")",
            [this](redis::Connection& c) { StartOnNewConnection(c); }) {
  if (options_.consumer.empty()) throw std::invalid_argument("RedisStreamSource needs a consumer name");
}

void RedisStreamSource::StartOnNewConnection(redis::Connection& connection) {
  const Reply created = connection.Command({"XGROUP", "CREATE", options_.stream, options_.group, "0", "MKSTREAM"});
  if (created.is_error() && !created.error().starts_with("BUSYGROUP")) {  // BUSYGROUP: it exists already
    throw redis::RedisError("XGROUP CREATE refused: " + created.error());
  }
  own_pending_after_ = "0";
  claim_cursor_ = "0-0";
  next_claim_ = Clock::now();
}

std::vector<ReceivedEvent> RedisStreamSource::Read(std::size_t max, std::chrono::milliseconds wait) {
  if (max == 0) return {};
  return link_.Run([&](redis::Connection& connection) {
    if (own_pending_after_) {
      auto events = ReadOwnPending(connection, max);
      if (!events.empty()) return events;
    }
    if (Clock::now() >= next_claim_) {
      auto events = ClaimIdle(connection, max);
      if (!events.empty()) return events;
    }
    return ReadNew(connection, max, wait);
  });
}

std::vector<ReceivedEvent> RedisStreamSource::ReadOwnPending(redis::Connection& connection, std::size_t max) {
  const std::string count = std::to_string(max);
  auto events = ParseReadGroup(connection.Command({"XREADGROUP", "GROUP", options_.group, options_.consumer, "COUNT",
                                                   count, "STREAMS", options_.stream, *own_pending_after_}));
  if (events.empty()) {
    own_pending_after_.reset();
  } else {
    own_pending_after_ = events.back().delivery_id;
  }
  return events;
}

std::vector<ReceivedEvent> RedisStreamSource::ClaimIdle(redis::Connection& connection, std::size_t max) {
  const std::string count = std::to_string(max);
  const std::string min_idle = Milliseconds(options_.claim_idle);
  const Reply reply = connection.Command({"XAUTOCLAIM", options_.stream, options_.group, options_.consumer, min_idle,
                                          claim_cursor_, "COUNT", count});
  // [next cursor, claimed entries, (Redis 7) ids of entries deleted meanwhile]
  const auto& parts = reply.elements();
  if (parts.size() < 2) throw redis::RedisError("unexpected XAUTOCLAIM reply: " + reply.Describe());
  claim_cursor_ = parts[0].str();
  if (claim_cursor_ == "0-0") next_claim_ = Clock::now() + options_.claim_idle;  // scan complete
  return ParseEntries(parts[1]);
}

std::vector<ReceivedEvent> RedisStreamSource::ReadNew(redis::Connection& connection, std::size_t max,
                                                      std::chrono::milliseconds wait) {
  const std::string count = std::to_string(max);
  if (wait <= std::chrono::milliseconds::zero()) {  // BLOCK 0 would wait forever
    return ParseReadGroup(connection.Command({"XREADGROUP", "GROUP", options_.group, options_.consumer, "COUNT",
                                              count, "STREAMS", options_.stream, ">"}));
  }
  const std::string block = Milliseconds(wait);
  const std::string_view argv[] = {"XREADGROUP", "GROUP", options_.group, options_.consumer, "COUNT", count,
                                   "BLOCK",      block,   "STREAMS",      options_.stream,   ">"};
  return ParseReadGroup(connection.BlockingCommand(argv, wait));
}

void RedisStreamSource::Acknowledge(std::span<const std::string> delivery_ids) {
  if (delivery_ids.empty()) return;
  std::vector<std::vector<std::string_view>> commands;
  for (std::size_t start = 0; start < delivery_ids.size(); start += kIdsPerXack) {
    std::vector<std::string_view> command = {"XACK", options_.stream, options_.group};
    const std::size_t end = std::min(delivery_ids.size(), start + kIdsPerXack);
    for (std::size_t i = start; i < end; ++i) command.push_back(delivery_ids[i]);
    commands.push_back(std::move(command));
  }
  link_.Run([&](redis::Connection& connection) {
    for (const Reply& reply : connection.Pipeline(commands)) reply.integer();  // acknowledged count, or throws
  });
}

std::size_t RedisStreamSource::Pending() {
  return link_.Run([&](redis::Connection& connection) {
    const Reply reply = connection.Command({"XPENDING", options_.stream, options_.group});
    const auto& summary = reply.elements();
    if (summary.empty()) throw redis::RedisError("unexpected XPENDING reply: " + reply.Describe());
    return static_cast<std::size_t>(std::max(0LL, summary[0].integer()));
  });
}

}  // namespace pdex::events
