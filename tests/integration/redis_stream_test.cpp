// Integration tests for the Redis event transports (events/redis_stream.h,
// events/redis_list.h) and EventPublisher over them, against a real
// redis-server that the tests also stop and restart.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "events/event_batch.h"
#include "events/event_codec.h"
#include "events/publisher.h"
#include "events/redis_list.h"
#include "events/redis_stream.h"
#include "redis/connection.h"
#include "redis_server.h"
#include "support/metric_sum.h"

namespace pdex::events {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

std::vector<std::string> Numbered(const std::string& prefix, int n) {
  std::vector<std::string> out;
  for (int i = 0; i < n; ++i) out.push_back(prefix + std::to_string(i));
  return out;
}

std::vector<std::string> PayloadsOf(const std::vector<ReceivedEvent>& events) {
  std::vector<std::string> out;
  for (const auto& e : events) out.push_back(e.payload);
  return out;
}

std::vector<std::string> IdsOf(const std::vector<ReceivedEvent>& events) {
  std::vector<std::string> out;
  for (const auto& e : events) out.push_back(e.delivery_id);
  return out;
}

// Reads until `n` events arrived or 20 s passed.
std::vector<ReceivedEvent> ReadAtLeast(EventSource& source, std::size_t n, std::size_t max = 100) {
  std::vector<ReceivedEvent> all;
  const auto deadline = Clock::now() + 20s;
  while (all.size() < n && Clock::now() < deadline) {
    for (auto& e : source.Read(max, 100ms)) all.push_back(std::move(e));
  }
  return all;
}

class RedisTransportTest : public ::testing::Test {
 protected:
  redis::ConnectionOptions Options() const {
    redis::ConnectionOptions o;
    o.port = server_.port();
    o.connect_timeout = 1s;
    o.command_timeout = 1s;
    return o;
  }
  RedisStreamSourceOptions SourceOptions(const std::string& consumer) const {
    RedisStreamSourceOptions o;
    o.consumer = consumer;
    return o;
  }
  redis::Reply Redis(std::initializer_list<std::string_view> argv) const {
    return redis::Connection(Options()).Command(argv);
  }

  testing::RedisServer server_;
};

TEST_F(RedisTransportTest, StreamRoundTripAndAcknowledgement) {
  RedisStreamSink sink(Options());
  const auto sent = Numbered("payload-", 3);
  sink.Send(sent);
  EXPECT_EQ(Redis({"XLEN", "predictions"}).integer(), 3);

  RedisStreamSource source(Options(), SourceOptions("c1"));
  const auto events = source.Read(10, 1s);
  EXPECT_EQ(PayloadsOf(events), sent);
  const auto ids = IdsOf(events);
  EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end())) << ids[0];
  EXPECT_EQ(source.Pending(), 3u);

  source.Acknowledge(std::vector<std::string>{ids[0]});
  EXPECT_EQ(source.Pending(), 2u);
  source.Acknowledge(ids);  // already acknowledged ids are ignored
  EXPECT_EQ(source.Pending(), 0u);
  const auto start = Clock::now();
  EXPECT_TRUE(source.Read(10, 50ms).empty());
  EXPECT_LT(Clock::now() - start, 5s);
  EXPECT_TRUE(source.Read(10, 0ms).empty());  // no wait at all
  EXPECT_TRUE(source.Read(0, 1s).empty());
}

PredictionEvent MakeSample() {
  PredictionEvent e;
  e.event_id = "sample";
  e.timestamp = std::chrono::system_clock::time_point(1'764'152'100'123ms);
  e.model_version = "v3";
  e.features = {{"a_hp", 45.0}};
  e.prediction = 1;
  e.probability = 0.5;
  return e;
}

TEST_F(RedisTransportTest, EncodedEventsSurviveTheTrip) {
  PredictionEvent e;
  e.event_id = NewEventId();
  e.timestamp = std::chrono::system_clock::time_point(1'764'152'100'123ms);
  e.model_version = "v3";
  e.features = {{"a_hp", 45.0}, {"a_type1", std::string("Plante \xF0\x9F\x8C\xBF")}, {"b_attack", 0.1}};
  e.prediction = 1;
  e.probability = 0.93;
  RedisStreamSink sink(Options());
  sink.Send(std::vector<std::string>{EncodeEvent(e)});
  RedisStreamSource source(Options(), SourceOptions("c1"));
  const auto events = source.Read(10, 1s);
  ASSERT_EQ(events.size(), 1u);
  const DecodeResult decoded = DecodeEvent(events[0].payload);
  ASSERT_TRUE(std::holds_alternative<PredictionEvent>(decoded));
  EXPECT_EQ(std::get<PredictionEvent>(decoded), e);
}

// A batch of `n` events (a_hp = first..first+n-1) as pdex-api writes it.
std::string BatchOf(int first, int n) {
  const EventBatchWriter writer(EventSchema{"v3", {"a_hp"}});
  std::string events;
  for (int i = first; i < first + n; ++i) {
    const std::array<FeatureValueView, 1> values{static_cast<double>(i)};
    writer.AppendEvent(events, EventView{std::chrono::system_clock::time_point(1'764'152'100'123ms), values, 1, 0.5},
                       "id-" + std::to_string(i));
  }
  std::string batch;
  writer.AppendBatch(batch, static_cast<std::size_t>(n), events);
  return batch;
}

TEST_F(RedisTransportTest, BatchesTravelInTheirOwnFieldAndComeBackWhole) {
  RedisStreamSink sink(Options());
  const std::vector<std::string> batches = {BatchOf(0, 3), EncodeEvent(MakeSample()), BatchOf(3, 2)};
  sink.Send(batches);
  // The field says what the entry holds.
  const redis::Reply range = Redis({"XRANGE", "predictions", "-", "+"});
  ASSERT_EQ(range.elements().size(), 3u);
  std::vector<std::string> fields;
  for (const redis::Reply& entry : range.elements()) fields.push_back(entry.elements()[1].elements()[0].str());
  EXPECT_EQ(fields, (std::vector<std::string>{"batch", "payload", "batch"}));
  RedisStreamSource source(Options(), SourceOptions("c1"));
  EXPECT_EQ(PayloadsOf(source.Read(10, 1s)), batches);
}

TEST_F(RedisTransportTest, MaxLenCountsTheEventsOfBatches) {
  RedisStreamSinkOptions options;
  options.max_len = 1000;
  RedisStreamSink sink(Options(), options);
  for (int i = 0; i < 300; ++i) sink.Send(std::vector<std::string>{BatchOf(i * 100, 100)});
  // MAXLEN ~ 10 per 100-event entry: Redis trims whole nodes (100 entries)
  // beyond it, so about 1000 events are kept, not 100,000.
  const long long entries = Redis({"XLEN", "predictions"}).integer();
  EXPECT_GE(entries, 10);
  EXPECT_LE(entries, 110);
}

TEST_F(RedisTransportTest, ConsumersOfAGroupShareTheStream) {
  RedisStreamSink sink(Options());
  sink.Send(Numbered("e", 10));
  RedisStreamSource first(Options(), SourceOptions("first"));
  RedisStreamSource second(Options(), SourceOptions("second"));
  const auto a = first.Read(4, 1s);
  const auto b = second.Read(100, 1s);
  EXPECT_EQ(a.size(), 4u);
  EXPECT_EQ(b.size(), 6u);
  std::set<std::string> all;
  for (const auto& p : PayloadsOf(a)) all.insert(p);
  for (const auto& p : PayloadsOf(b)) all.insert(p);
  EXPECT_EQ(all.size(), 10u);  // each entry to exactly one consumer
  EXPECT_EQ(first.Pending(), 10u);
  first.Acknowledge(IdsOf(a));
  EXPECT_EQ(second.Pending(), 6u);
}

TEST_F(RedisTransportTest, ARestartedConsumerGetsBackWhatItHadNotAcknowledged) {
  RedisStreamSink sink(Options());
  sink.Send(Numbered("e", 5));
  std::vector<std::string> unacknowledged;
  {
    RedisStreamSource crashed(Options(), SourceOptions("worker-1"));
    const auto events = crashed.Read(100, 1s);
    ASSERT_EQ(events.size(), 5u);
    unacknowledged = IdsOf(events);
  }  // gone without acknowledging
  sink.Send(Numbered("new", 2));

  RedisStreamSource restarted(Options(), SourceOptions("worker-1"));
  // Its own pending entries first, page by page, then the new ones.
  std::vector<std::string> pending_ids;
  for (const std::size_t expected : {2u, 2u, 1u}) {
    const auto page = restarted.Read(2, 1s);
    ASSERT_EQ(page.size(), expected);
    for (const auto& id : IdsOf(page)) pending_ids.push_back(id);
  }
  EXPECT_EQ(pending_ids, unacknowledged);
  restarted.Acknowledge(pending_ids);
  EXPECT_EQ(PayloadsOf(restarted.Read(100, 1s)), Numbered("new", 2));
}

TEST_F(RedisTransportTest, IdleEntriesOfADeadConsumerAreClaimed) {
  RedisStreamSink sink(Options());
  sink.Send(Numbered("e", 4));
  std::vector<std::string> stuck;
  {
    RedisStreamSource dead(Options(), SourceOptions("dead"));
    stuck = IdsOf(dead.Read(100, 1s));
    ASSERT_EQ(stuck.size(), 4u);
  }
  RedisStreamSourceOptions options = SourceOptions("alive");
  options.claim_idle = 200ms;
  RedisStreamSource alive(Options(), options);
  const auto start = Clock::now();
  const auto claimed = ReadAtLeast(alive, 4);
  EXPECT_GE(Clock::now() - start, 150ms);  // not before they were idle long enough
  EXPECT_EQ(IdsOf(claimed), stuck);
  EXPECT_EQ(PayloadsOf(claimed), Numbered("e", 4));
  alive.Acknowledge(IdsOf(claimed));
  EXPECT_EQ(alive.Pending(), 0u);
}

TEST_F(RedisTransportTest, EntriesWithoutAPayloadComeBackEmptySoTheyCanBeAcknowledged) {
  Redis({"XADD", "predictions", "*", "something", "else"});
  RedisStreamSink(Options()).Send(std::vector<std::string>{"good"});
  RedisStreamSource source(Options(), SourceOptions("c1"));
  const auto events = source.Read(10, 1s);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].payload, "");
  EXPECT_EQ(events[1].payload, "good");
  source.Acknowledge(IdsOf(events));
  EXPECT_EQ(source.Pending(), 0u);
}

TEST_F(RedisTransportTest, PendingEntriesTrimmedAwayComeBackEmpty) {
  RedisStreamSink(Options()).Send(Numbered("e", 3));
  std::vector<std::string> ids;
  {
    RedisStreamSource crashed(Options(), SourceOptions("c1"));
    ids = IdsOf(crashed.Read(10, 1s));
    ASSERT_EQ(ids.size(), 3u);
  }
  Redis({"XDEL", "predictions", ids[1]});
  RedisStreamSource restarted(Options(), SourceOptions("c1"));
  const auto events = restarted.Read(10, 1s);
  EXPECT_EQ(IdsOf(events), ids);
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].payload, "e0");
  EXPECT_EQ(events[1].payload, "");
  EXPECT_EQ(events[2].payload, "e2");
  restarted.Acknowledge(ids);
  EXPECT_EQ(restarted.Pending(), 0u);
}

TEST_F(RedisTransportTest, MaxLenCapsTheStream) {
  RedisStreamSinkOptions options;
  options.max_len = 100;
  RedisStreamSink sink(Options(), options);
  for (int batch = 0; batch < 20; ++batch) sink.Send(Numbered("e", 100));
  const long long length = Redis({"XLEN", "predictions"}).integer();
  EXPECT_GE(length, 100);
  EXPECT_LT(length, 400);  // approximate trimming: whole nodes of 100 entries
}

TEST_F(RedisTransportTest, CustomStreamAndGroupNames) {
  RedisStreamSinkOptions sink_options;
  sink_options.stream = "other-stream";
  sink_options.max_len = 0;  // no cap
  RedisStreamSink(Options(), sink_options).Send(Numbered("e", 2));
  RedisStreamSourceOptions source_options = SourceOptions("c1");
  source_options.stream = "other-stream";
  source_options.group = "other-group";
  RedisStreamSource source(Options(), source_options);
  EXPECT_EQ(PayloadsOf(source.Read(10, 1s)), Numbered("e", 2));
  EXPECT_EQ(Redis({"EXISTS", "predictions"}).integer(), 0);
}

TEST_F(RedisTransportTest, ADeletedStreamAndGroupAreRecreated) {
  RedisStreamSource source(Options(), SourceOptions("c1"));
  EXPECT_TRUE(source.Read(10, 0ms).empty());  // creates the group
  Redis({"DEL", "predictions"});
  EXPECT_THROW(source.Read(10, 0ms), TransportError);  // NOGROUP
  RedisStreamSink(Options()).Send(std::vector<std::string>{"after"});
  EXPECT_EQ(PayloadsOf(ReadAtLeast(source, 1)), std::vector<std::string>{"after"});
}

TEST_F(RedisTransportTest, ListModeIsAFifoQueue) {
  RedisListSink sink(Options());
  sink.Send(Numbered("e", 5));
  RedisListSource source(Options());
  const auto first = source.Read(3, 1s);
  EXPECT_EQ(PayloadsOf(first), (std::vector<std::string>{"e0", "e1", "e2"}));
  EXPECT_EQ(first[0].delivery_id, "");
  EXPECT_EQ(PayloadsOf(source.Read(3, 0ms)), (std::vector<std::string>{"e3", "e4"}));
  EXPECT_EQ(Redis({"LLEN", "predictions"}).integer(), 0);
  const auto start = Clock::now();
  EXPECT_TRUE(source.Read(3, 200ms).empty());
  EXPECT_GE(Clock::now() - start, 150ms);
  EXPECT_LT(Clock::now() - start, 5s);
  EXPECT_TRUE(source.Read(3, 0ms).empty());
  EXPECT_EQ(source.Pending(), 0u);

  // Batches larger than one RPUSH.
  sink.Send(Numbered("big", 2500));
  EXPECT_EQ(PayloadsOf(ReadAtLeast(source, 2500, 1000)), Numbered("big", 2500));
}

TEST_F(RedisTransportTest, ListSourceWaitsForAProducer) {
  RedisListSource source(Options());
  std::thread producer([&] {
    std::this_thread::sleep_for(50ms);
    RedisListSink(Options(), "predictions").Send(std::vector<std::string>{"late"});
  });
  EXPECT_EQ(PayloadsOf(source.Read(10, 10s)), std::vector<std::string>{"late"});
  producer.join();
}

TEST_F(RedisTransportTest, TransportsThrowWhileRedisIsDownAndRecoverAfter) {
  RedisStreamSink stream_sink(Options());
  RedisListSink list_sink(Options(), "list-queue");  // "predictions" is the stream here
  RedisStreamSource stream_source(Options(), SourceOptions("c1"));
  RedisListSource list_source(Options(), "list-queue");
  stream_sink.Send(std::vector<std::string>{"before"});
  EXPECT_EQ(stream_source.Read(10, 1s).size(), 1u);

  server_.Stop();
  const auto start = Clock::now();
  EXPECT_THROW(stream_sink.Send(std::vector<std::string>{"lost"}), TransportError);
  EXPECT_THROW(list_sink.Send(std::vector<std::string>{"lost"}), TransportError);
  EXPECT_THROW(stream_source.Read(10, 100ms), TransportError);
  EXPECT_THROW(stream_source.Pending(), TransportError);
  EXPECT_THROW(stream_source.Acknowledge(std::vector<std::string>{"1-1"}), TransportError);
  EXPECT_THROW(list_source.Read(10, 100ms), TransportError);
  try {
    stream_sink.Send(std::vector<std::string>{"lost"});
  } catch (const TransportError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("redis stream sink"), std::string::npos) << message;
    EXPECT_NE(message.find(std::to_string(server_.port())), std::string::npos) << message;
  }
  EXPECT_LT(Clock::now() - start, 10s);

  server_.Start();  // empty: no persistence
  stream_sink.Send(std::vector<std::string>{"after"});
  list_sink.Send(std::vector<std::string>{"after"});
  EXPECT_EQ(PayloadsOf(ReadAtLeast(stream_source, 1)), std::vector<std::string>{"after"});
  EXPECT_EQ(PayloadsOf(ReadAtLeast(list_source, 1)), std::vector<std::string>{"after"});
}

TEST_F(RedisTransportTest, ARefusedCommandIsATransportErrorWithRedisReason) {
  Redis({"SET", "predictions", "not a stream"});
  RedisStreamSink sink(Options());
  try {
    sink.Send(std::vector<std::string>{"x"});
    ADD_FAILURE() << "sent";
  } catch (const TransportError& e) {
    EXPECT_NE(std::string(e.what()).find("WRONGTYPE"), std::string::npos) << e.what();
  }
  Redis({"DEL", "predictions"});
  sink.Send(std::vector<std::string>{"x"});  // the same sink works again
  EXPECT_EQ(Redis({"XLEN", "predictions"}).integer(), 1);
}

struct Books {
  double published = 0, dropped = 0, depth = 0;
};

Books ReadBooks(prometheus::Registry& registry) {
  return {testing::MetricSum(registry, "events_published_total"), testing::MetricSum(registry, "events_dropped_total"),
          testing::MetricSum(registry, "event_queue_depth")};
}

// Polls every 5 ms for up to 20 s.
template <typename Condition>
bool Eventually(Condition condition) { return testing::Eventually(condition, 20s, 5ms); }

// Offers one event to the publisher.
bool OfferOne(EventPublisher& publisher) {
  const std::array<FeatureValueView, 1> values{45.0};
  return publisher.Offer(EventView{std::chrono::system_clock::now(), values, 1, 0.75});
}

// The event ids in what the source gives back, JSON events and batches
// alike, until `n` are found (or 20 s pass).
std::set<std::string> EventIds(EventSource& source, std::size_t n) {
  std::set<std::string> ids;
  const auto deadline = Clock::now() + 20s;
  while (ids.size() < n && Clock::now() < deadline) {
    for (const auto& received : source.Read(100, 100ms)) {
      std::vector<DecodeResult> results;
      if (IsEventBatch(received.payload)) {
        results = DecodeEventBatch(received.payload).events;
      } else {
        results.push_back(DecodeEvent(received.payload));
      }
      for (const auto& r : results) {
        EXPECT_TRUE(std::holds_alternative<PredictionEvent>(r));
        if (const auto* e = std::get_if<PredictionEvent>(&r)) ids.insert(e->event_id);
      }
    }
  }
  return ids;
}

class PublisherOverRedisTest : public RedisTransportTest, public ::testing::WithParamInterface<EventFormat> {};

TEST_P(PublisherOverRedisTest, PublisherBooksBalanceWhileRedisIsDown) {
  prometheus::Registry registry;
  std::ostringstream log;
  logging::Logger logger(log);
  PublisherOptions options;
  options.format = GetParam();
  options.linger = 20ms;  // the first attempts within the 100 ms below
  options.initial_backoff = 5ms;
  options.max_backoff = 50ms;
  options.queue_capacity = 80;
  EventPublisher publisher(std::make_unique<RedisStreamSink>(Options()), EventSchema{"v-test", {"a_hp"}}, options,
                           registry, logger);

  server_.Stop();
  int offered = 0, accepted = 0;
  for (; offered < 100; ++offered) accepted += OfferOne(publisher) ? 1 : 0;
  EXPECT_EQ(accepted, 80);
  std::this_thread::sleep_for(100ms);  // a few failed attempts
  Books b = ReadBooks(registry);
  EXPECT_EQ(b.published, 0);
  EXPECT_EQ(b.depth, 80);
  EXPECT_EQ(b.published + b.dropped + b.depth, offered);

  server_.Start();
  ASSERT_TRUE(Eventually([&] { return ReadBooks(registry).published == 80; }));
  b = ReadBooks(registry);
  EXPECT_EQ(b.depth, 0);
  EXPECT_EQ(b.published + b.dropped + b.depth, offered);
  RedisStreamSource source(Options(), SourceOptions("c1"));
  EXPECT_EQ(EventIds(source, 80).size(), 80u);

  // Down again at shutdown: what cannot be delivered by the deadline is dropped and counted.
  server_.Stop();
  for (int i = 0; i < 10; ++i, ++offered) ASSERT_TRUE(OfferOne(publisher));
  publisher.Stop(Clock::now() + 200ms);
  b = ReadBooks(registry);
  EXPECT_EQ(b.published, 80);
  EXPECT_EQ(b.depth, 0);
  EXPECT_EQ(b.published + b.dropped, offered);
  const std::string text = log.str();
  EXPECT_NE(text.find("event sink failed"), std::string::npos) << text;
  EXPECT_NE(text.find("event sink recovered"), std::string::npos) << text;
  EXPECT_NE(text.find("stopped with undelivered events"), std::string::npos) << text;
}

INSTANTIATE_TEST_SUITE_P(Formats, PublisherOverRedisTest, ::testing::Values(EventFormat::kJson, EventFormat::kBatch),
                         [](const auto& format) { return format.param == EventFormat::kJson ? "Json" : "Batch"; });

}  // namespace
}  // namespace pdex::events
