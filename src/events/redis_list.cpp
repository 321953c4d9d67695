#include "events/redis_list.h"

#include <algorithm>
#include <vector>

namespace pdex::events {
namespace {

using redis::Reply;

constexpr std::size_t kPayloadsPerRpush = 1000;

// LPOP with a count: nil when the list is empty, else an array of payloads.
void AppendPopped(const Reply& reply, std::vector<ReceivedEvent>& events) {
  if (reply.is_nil()) return;
  for (const Reply& payload : reply.elements()) events.push_back(ReceivedEvent{{}, payload.str()});
}

// BLPOP's timeout is in seconds, with decimals since Redis 6.
std::string Seconds(std::chrono::milliseconds wait) {
  const long long ms = wait.count();
  std::string fraction = std::to_string(ms % 1000);
  fraction.insert(0, 3 - fraction.size(), '0');
  return std::to_string(ms / 1000) + "." + fraction;
}

}  // namespace

RedisListSink::RedisListSink(redis::ConnectionOptions connection, std::string key)
    : key_(std::move(key)), link_(std::move(connection), "redis list sink (" + key_ + ")") {}

void RedisListSink::Send(std::span<const std::string> payloads) {
  if (payloads.empty()) return;
  std::vector<std::vector<std::string_view>> commands;
  for (std::size_t start = 0; start < payloads.size(); start += kPayloadsPerRpush) {
    std::vector<std::string_view> command = {"RPUSH", key_};
    const std::size_t end = std::min(payloads.size(), start + kPayloadsPerRpush);
    for (std::size_t i = start; i < end; ++i) command.push_back(payloads[i]);
    commands.push_back(std::move(command));
  }
  link_.Run([&](redis::Connection& connection) {
    for (const Reply& reply : connection.Pipeline(commands)) reply.integer();  // the list's length, or throws
  });
}

RedisListSource::RedisListSource(redis::ConnectionOptions connection, std::string key)
    : key_(std::move(key)), link_(std::move(connection), "redis list source (" + key_ + ")") {}

std::vector<ReceivedEvent> RedisListSource::Read(std::size_t max, std::chrono::milliseconds wait) {
  if (max == 0) return {};
  return link_.Run([&](redis::Connection& connection) {
    std::vector<ReceivedEvent> events;
    std::size_t wanted = max;
    if (wait > std::chrono::milliseconds::zero()) {  // BLPOP 0 would wait forever
      const std::string timeout = Seconds(wait);
      const std::string_view argv[] = {"BLPOP", key_, timeout};
      const Reply first = connection.BlockingCommand(argv, wait);
      if (first.is_nil()) return events;  // timed out
      const auto& key_and_value = first.elements();
      if (key_and_value.size() != 2) throw redis::RedisError("unexpected BLPOP reply: " + first.Describe());
      events.push_back(ReceivedEvent{{}, key_and_value[1].str()});
      if (--wanted == 0) return events;
      // The popped event is ours now: a failing LPOP must not lose it. The
      // broken connection is replaced on the next call.
      try {
        AppendPopped(connection.Command({"LPOP", key_, std::to_string(wanted)}), events);
      } catch (const redis::RedisError&) {
      }
      return events;
    }
    AppendPopped(connection.Command({"LPOP", key_, std::to_string(wanted)}), events);
    return events;
  });
}

}  // namespace pdex::events
