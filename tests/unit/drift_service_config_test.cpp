// Unit tests for drift_service/config.h with an injected environment.
#include "drift_service/config.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "support/fake_env.h"

namespace pdex::drift_service {
namespace {

using ::testing::HasSubstr;

using testing::Env;

DriftConfig Load(const Env& env) { return LoadDriftConfig(testing::GetenvOf(env)); }

std::string ErrorOf(const Env& env) { return testing::ConfigErrorOf(LoadDriftConfig, env); }

TEST(DriftServiceConfig, DefaultsAreTheArchitectureDocumentsAndTheEmbeddedMode) {
  const DriftConfig c = Load({});
  EXPECT_FALSE(c.queue.redis.has_value());
  EXPECT_EQ(c.queue.mode, QueueMode::kStream);
  EXPECT_EQ(c.queue.event_format, events::EventFormat::kRows);
  EXPECT_EQ(c.queue.key, "predictions");
  EXPECT_EQ(c.worker.buffer_size, 1000u);
  EXPECT_EQ(c.worker.report_frequency, std::chrono::seconds(3600));
  EXPECT_EQ(c.metrics_port, 8001);
  EXPECT_EQ(c.event_queue_capacity, 100'000u);
  EXPECT_EQ(c.event_linger, std::chrono::milliseconds(250));
}

TEST(DriftServiceConfig, ThePublishersQueueFromItsVariables) {
  const DriftConfig c = Load({{"EVENT_QUEUE_CAPACITY", "500"}, {"EVENT_LINGER_MS", "0"}});
  EXPECT_EQ(c.event_queue_capacity, 500u);
  EXPECT_EQ(c.event_linger, std::chrono::milliseconds(0));
  EXPECT_EQ(Load({{"EVENT_LINGER_MS", "1000"}}).event_linger, std::chrono::milliseconds(1000));
}

TEST(DriftServiceConfig, RedisAndTheStreamFormatFromTheirVariables) {
  const DriftConfig c = Load({{"REDIS_HOST", "cache"}, {"REDIS_PORT", "6380"}, {"STREAM_FORMAT", "batch"}});
  ASSERT_TRUE(c.queue.redis.has_value());
  EXPECT_EQ(c.queue.redis->host, "cache");
  EXPECT_EQ(c.queue.redis->port, 6380);
  EXPECT_EQ(c.queue.event_format, events::EventFormat::kBatch);
  EXPECT_EQ(Load({{"STREAM_FORMAT", "json"}}).queue.event_format, events::EventFormat::kJson);
  EXPECT_EQ(Load({{"STREAM_FORMAT", "rows"}}).queue.event_format, events::EventFormat::kRows);
}

TEST(DriftServiceConfig, MistakesNameTheVariable) {
  EXPECT_THAT(ErrorOf({{"STREAM_FORMAT", "msgpack"}}), HasSubstr("STREAM_FORMAT must be rows, batch or json"));
  EXPECT_THAT(ErrorOf({{"QUEUE_MODE", "kafka"}}), HasSubstr("QUEUE_MODE"));
  EXPECT_THAT(ErrorOf({{"REDIS_HOST", "cache"}, {"REDIS_PORT", "0"}}), HasSubstr("REDIS_PORT"));
  EXPECT_THAT(ErrorOf({{"BUFFER_SIZE", "none"}}), HasSubstr("BUFFER_SIZE"));
  EXPECT_THAT(ErrorOf({{"EVENT_LINGER_MS", "-1"}}), HasSubstr("EVENT_LINGER_MS"));
  EXPECT_THAT(ErrorOf({{"EVENT_LINGER_MS", "60001"}}), HasSubstr("EVENT_LINGER_MS"));
}

}  // namespace
}  // namespace pdex::drift_service
