#include "drift_service/queue.h"

#include "events/redis_list.h"
#include "events/redis_stream.h"

namespace pdex::drift_service {

std::unique_ptr<events::EventSource> OpenEventSource(const QueueConfig& queue) {
  if (queue.mode == QueueMode::kList) return std::make_unique<events::RedisListSource>(*queue.redis, queue.key);
  events::RedisStreamSourceOptions options;
  options.stream = queue.key;
  options.group = queue.group;
  options.consumer = queue.consumer;
  options.claim_idle = queue.claim_idle;
  return std::make_unique<events::RedisStreamSource>(*queue.redis, options);
}

std::unique_ptr<events::EventSink> OpenEventSink(const QueueConfig& queue) {
  if (queue.mode == QueueMode::kList) return std::make_unique<events::RedisListSink>(*queue.redis, queue.key);
  events::RedisStreamSinkOptions options;
  options.stream = queue.key;
  options.max_len = queue.stream_max_length;
  return std::make_unique<events::RedisStreamSink>(*queue.redis, options);
}

}  // namespace pdex::drift_service
