// Unit tests for events/publisher.h, with an in-memory sink that can be made
// to fail, to hold a Send, or to deliver part of a batch before failing.
#include "events/publisher.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "events/event_batch.h"
#include "events/event_codec.h"
#include "support/metric_sum.h"

namespace pdex::events {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

// The events in a payload: one JSON event, or a batch; an undecodable one
// fails the test.
std::vector<PredictionEvent> EventsOf(const std::string& payload) {
  std::vector<PredictionEvent> events;
  if (IsEventBatch(payload)) {
    DecodedBatch batch = DecodeEventBatch(payload);
    EXPECT_FALSE(batch.failure.has_value()) << batch.failure->detail;
    for (auto& r : batch.events) {
      if (auto* e = std::get_if<PredictionEvent>(&r)) events.push_back(std::move(*e));
      else ADD_FAILURE() << "undecodable event in a batch";
    }
  } else if (DecodeResult r = DecodeEvent(payload); auto* e = std::get_if<PredictionEvent>(&r)) {
    events.push_back(std::move(*e));
  } else {
    ADD_FAILURE() << "undecodable payload " << payload;
  }
  return events;
}

class TestSink final : public EventSink {
 public:
  void Send(std::span<const std::string> payloads) override {
    std::unique_lock lock(mu_);
    ++calls_;
    changed_.notify_all();
    ++blocked_;
    changed_.wait(lock, [&] { return !held_; });
    --blocked_;
    // Like a pipeline cut short when failing: the first half got through.
    const std::size_t through = failing_ ? payloads.size() / 2 : payloads.size();
    std::size_t events = 0;
    for (std::size_t i = 0; i < payloads.size(); ++i) {
      auto decoded = EventsOf(payloads[i]);
      events += decoded.size();
      if (i < through) delivered_.insert(delivered_.end(), decoded.begin(), decoded.end());
    }
    if (failing_) throw TransportError("test sink is down");
    largest_batch_ = std::max(largest_batch_, events);
    batch_sizes_.push_back(events);
    changed_.notify_all();
  }

  void SetFailing(bool failing) {
    const std::lock_guard lock(mu_);
    failing_ = failing;
  }
  // While held, Send blocks (after counting the call) until Release.
  void Hold() {
    const std::lock_guard lock(mu_);
    held_ = true;
  }
  void Release() {
    const std::lock_guard lock(mu_);
    held_ = false;
    changed_.notify_all();
  }
  bool WaitForCalls(int n) {
    std::unique_lock lock(mu_);
    return changed_.wait_for(lock, 20s, [&] { return calls_ >= n; });
  }
  int calls() {
    const std::lock_guard lock(mu_);
    return calls_;
  }
  // A Send is waiting for Release.
  bool blocked() {
    const std::lock_guard lock(mu_);
    return blocked_ > 0;
  }
  std::vector<PredictionEvent> delivered() {
    const std::lock_guard lock(mu_);
    return delivered_;
  }
  std::size_t largest_batch() {
    const std::lock_guard lock(mu_);
    return largest_batch_;
  }
  // The events of each successful Send, in order.
  std::vector<std::size_t> batch_sizes() {
    const std::lock_guard lock(mu_);
    return batch_sizes_;
  }

 private:
  std::mutex mu_;
  std::condition_variable changed_;
  bool failing_ = false;
  bool held_ = false;
  int calls_ = 0;
  int blocked_ = 0;
  std::size_t largest_batch_ = 0;
  std::vector<std::size_t> batch_sizes_;
  std::vector<PredictionEvent> delivered_;
};

const EventSchema kSchema{"v-test", {"a_hp", "a_type1"}, {{}, {"Grass", "Fire"}}};

// Offers event n: a_hp = n, which the tests identify it by.
bool Offer(EventPublisher& publisher, int n) {
  const std::array<FeatureValueView, 2> values{static_cast<double>(n), std::string_view("Grass")};
  const auto timestamp = std::chrono::system_clock::time_point(std::chrono::milliseconds(1'764'000'000'000LL + n));
  return publisher.Offer(EventView{timestamp, values, n % 2, 0.25});
}

// The event Offer(n) describes, with the id the publisher gave it.
PredictionEvent Expected(int n, const std::string& event_id) {
  PredictionEvent e;
  e.event_id = event_id;
  e.timestamp = std::chrono::system_clock::time_point(std::chrono::milliseconds(1'764'000'000'000LL + n));
  e.model_version = "v-test";
  e.features = {{"a_hp", static_cast<double>(n)}, {"a_type1", std::string("Grass")}};
  e.prediction = n % 2;
  e.probability = 0.25;
  return e;
}

// Views of events first..last (a_hp = n, a_type1 = `type`), for offers of
// several events at once. The views point into `values`: not copyable.
struct OfferedEvents {
  OfferedEvents(int first, int last, std::string_view type) : values(static_cast<std::size_t>(last - first + 1)) {
    for (std::size_t i = 0; i < values.size(); ++i) {
      values[i] = {static_cast<double>(first + static_cast<int>(i)), type};
      views.push_back(EventView{std::chrono::system_clock::now(), values[i], 1, 0.5});
    }
  }
  OfferedEvents(const OfferedEvents&) = delete;
  OfferedEvents& operator=(const OfferedEvents&) = delete;

  std::vector<std::array<FeatureValueView, 2>> values;
  std::vector<EventView> views;
};

int NumberOf(const PredictionEvent& e) { return static_cast<int>(std::get<double>(e.features.at(0).second)); }

struct Books {
  double published = 0, queue_full = 0, shutdown = 0, depth = 0;
  double accounted() const { return published + queue_full + shutdown + depth; }
};

Books ReadBooks(prometheus::Registry& registry) {
  return {testing::MetricSum(registry, "events_published_total"),
          testing::MetricSum(registry, "events_dropped_total", "queue_full"),
          testing::MetricSum(registry, "events_dropped_total", "shutdown"),
          testing::MetricSum(registry, "event_queue_depth")};
}

using testing::Eventually;

std::size_t CountLines(const std::string& log, const std::string& needle) {
  std::size_t n = 0;
  for (std::size_t at = log.find(needle); at != std::string::npos; at = log.find(needle, at + 1)) ++n;
  return n;
}

class PublisherTest : public ::testing::TestWithParam<EventFormat> {
 protected:
  PublisherOptions FastOptions() {
    PublisherOptions o;
    o.format = GetParam();
    o.initial_backoff = 1ms;
    o.max_backoff = 8ms;
    return o;
  }
  std::unique_ptr<EventPublisher> Make(PublisherOptions options) {
    return std::make_unique<EventPublisher>(sink_, kSchema, options, registry_, logger_);
  }

  std::shared_ptr<TestSink> sink_ = std::make_shared<TestSink>();
  prometheus::Registry registry_;
  std::ostringstream log_;
  logging::Logger logger_{log_, logging::Level::kDebug};
};

TEST_P(PublisherTest, DeliversEveryEventEncodedInOrderAndInBatches) {
  PublisherOptions options = FastOptions();
  options.batch_size = 64;
  auto publisher = Make(options);
  for (int i = 0; i < 1000; ++i) ASSERT_TRUE(Offer(*publisher, i));
  publisher->Stop(Clock::now() + 20s);
  const auto delivered = sink_->delivered();
  ASSERT_EQ(delivered.size(), 1000u);
  std::set<std::string> ids;
  for (int i = 0; i < 1000; ++i) {
    const PredictionEvent& e = delivered[static_cast<std::size_t>(i)];
    EXPECT_EQ(e, Expected(i, e.event_id));
    EXPECT_EQ(e.event_id.size(), kEventIdLength);
    ids.insert(e.event_id);
  }
  EXPECT_EQ(ids.size(), 1000u);  // fresh ids
  EXPECT_LE(sink_->largest_batch(), 64u);
  const Books b = ReadBooks(registry_);
  EXPECT_EQ(b.published, 1000);
  EXPECT_EQ(b.queue_full + b.shutdown + b.depth, 0);
}

TEST_P(PublisherTest, WhenFullTheNewestEventIsDroppedWithoutWaiting) {
  PublisherOptions options = FastOptions();
  options.queue_capacity = 3;
  auto publisher = Make(options);
  sink_->Hold();
  ASSERT_TRUE(Offer(*publisher, (1)));
  ASSERT_TRUE(sink_->WaitForCalls(1));  // event 1 is in flight, and counts in the depth
  EXPECT_TRUE(Offer(*publisher, (2)));
  EXPECT_TRUE(Offer(*publisher, (3)));
  const auto start = Clock::now();
  for (int i = 4; i < 1004; ++i) EXPECT_FALSE(Offer(*publisher, (i)));
  EXPECT_LT(Clock::now() - start, 5s);  // never waits on the held sink
  Books b = ReadBooks(registry_);
  EXPECT_EQ(b.depth, 3);
  EXPECT_EQ(b.queue_full, 1000);
  EXPECT_EQ(b.accounted(), 1003);

  sink_->Release();
  publisher->Stop(Clock::now() + 20s);
  std::vector<int> numbers;
  for (const auto& e : sink_->delivered()) numbers.push_back(NumberOf(e));
  EXPECT_EQ(numbers, (std::vector<int>{1, 2, 3}));
  b = ReadBooks(registry_);
  EXPECT_EQ(b.published, 3);
  EXPECT_EQ(b.depth, 0);
  EXPECT_EQ(b.accounted(), 1003);
}

TEST_P(PublisherTest, BooksBalanceWithConcurrentOfferers) {
  PublisherOptions options = FastOptions();
  options.queue_capacity = 500;
  options.batch_size = 32;
  auto publisher = Make(options);
  constexpr int kThreads = 4;
  constexpr int kPerThread = 3000;
  std::atomic<int> accepted{0};
  sink_->Hold();
  std::vector<std::thread> offerers;
  for (int t = 0; t < kThreads; ++t) {
    offerers.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        if (Offer(*publisher, (t * kPerThread + i))) ++accepted;
        if (i == kPerThread / 2 && t == 0) sink_->Release();  // deliver part of the way through
      }
    });
  }
  for (auto& t : offerers) t.join();
  // Quiescent: hold the sink again so nothing moves while the books are read.
  sink_->Hold();
  ASSERT_TRUE(Eventually([&] { return sink_->blocked() || ReadBooks(registry_).depth == 0; }));
  Books b = ReadBooks(registry_);
  EXPECT_EQ(b.accounted(), kThreads * kPerThread);
  EXPECT_EQ(b.published + b.depth, accepted.load());
  EXPECT_GT(b.queue_full, 0);

  sink_->Release();
  ASSERT_TRUE(Eventually([&] { return ReadBooks(registry_).depth == 0; }));
  b = ReadBooks(registry_);
  EXPECT_EQ(b.accounted(), kThreads * kPerThread);
  EXPECT_EQ(b.published, accepted.load());
  EXPECT_EQ(sink_->delivered().size(), static_cast<std::size_t>(accepted.load()));

  publisher->Stop(Clock::now() + 20s);
  EXPECT_FALSE(Offer(*publisher, (-1)));
  b = ReadBooks(registry_);
  EXPECT_EQ(b.accounted(), kThreads * kPerThread + 1);
  EXPECT_EQ(b.shutdown, 1);
}

TEST_P(PublisherTest, RetriesWithBackoffAndDeliversEverythingOnceTheSinkRecovers) {
  auto publisher = Make(FastOptions());
  sink_->SetFailing(true);
  for (int i = 0; i < 100; ++i) ASSERT_TRUE(Offer(*publisher, (i)));
  ASSERT_TRUE(sink_->WaitForCalls(6));
  const auto failing_since = Clock::now();
  const int calls_then = sink_->calls();
  std::this_thread::sleep_for(200ms);
  // With the backoff capped at 8 ms, 200 ms hold at most about 25 attempts.
  EXPECT_LE(sink_->calls() - calls_then, 1 + (Clock::now() - failing_since) / 8ms);
  Books b = ReadBooks(registry_);
  EXPECT_EQ(b.published, 0);
  EXPECT_EQ(b.accounted(), 100);

  sink_->SetFailing(false);
  ASSERT_TRUE(Eventually([&] { return ReadBooks(registry_).published == 100; }));
  b = ReadBooks(registry_);
  EXPECT_EQ(b.depth, 0);
  EXPECT_EQ(b.accounted(), 100);
  // Every event arrived; the failed attempts' partial deliveries are duplicates that consumers dedupe.
  std::set<std::string> ids;
  for (const auto& e : sink_->delivered()) ids.insert(e.event_id);
  EXPECT_EQ(ids.size(), 100u);

  publisher->Stop(Clock::now() + 20s);
  const std::string log = log_.str();
  EXPECT_EQ(CountLines(log, "event sink failed"), 1u) << log;
  EXPECT_EQ(CountLines(log, "test sink is down"), 1u) << log;
  EXPECT_EQ(CountLines(log, "event sink recovered"), 1u) << log;
}

TEST_P(PublisherTest, StopDropsWhatCannotBeDeliveredByTheDeadline) {
  auto publisher = Make(FastOptions());
  sink_->SetFailing(true);
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(Offer(*publisher, (i)));
  ASSERT_TRUE(sink_->WaitForCalls(1));
  const auto start = Clock::now();
  publisher->Stop(Clock::now() + 50ms);
  EXPECT_LT(Clock::now() - start, 10s);
  Books b = ReadBooks(registry_);
  EXPECT_EQ(b.published, 0);
  EXPECT_EQ(b.shutdown, 10);
  EXPECT_EQ(b.depth, 0);
  EXPECT_FALSE(Offer(*publisher, (10)));
  publisher->Stop(Clock::now() + 20s);  // again: nothing to do
  b = ReadBooks(registry_);
  EXPECT_EQ(b.shutdown, 11);
  EXPECT_EQ(b.accounted(), 11);
  EXPECT_EQ(CountLines(log_.str(), "stopped with undelivered events"), 1u) << log_.str();
}

TEST_P(PublisherTest, StopFlushesEverythingBeforeTheDeadline) {
  PublisherOptions options = FastOptions();
  options.batch_size = 100;
  auto publisher = Make(options);
  for (int i = 0; i < 5000; ++i) ASSERT_TRUE(Offer(*publisher, (i)));
  publisher->Stop(Clock::now() + 20s);
  const Books b = ReadBooks(registry_);
  EXPECT_EQ(b.published, 5000);
  EXPECT_EQ(b.accounted(), 5000);
  EXPECT_EQ(sink_->delivered().size(), 5000u);
}

TEST_P(PublisherTest, DestructorFinishesTheSendInFlightAndDropsTheRest) {
  auto publisher = Make(FastOptions());
  sink_->Hold();
  ASSERT_TRUE(Offer(*publisher, (1)));
  ASSERT_TRUE(sink_->WaitForCalls(1));
  for (int i = 2; i <= 5; ++i) ASSERT_TRUE(Offer(*publisher, (i)));
  std::thread releaser([&] {
    std::this_thread::sleep_for(20ms);
    sink_->Release();
  });
  publisher.reset();
  releaser.join();
  const Books b = ReadBooks(registry_);
  EXPECT_EQ(b.published, 1);
  EXPECT_EQ(b.shutdown, 4);
  EXPECT_EQ(b.depth, 0);
}

TEST_P(PublisherTest, ALoneEventIsSentAfterAboutTheLinger) {
  PublisherOptions options = FastOptions();
  options.linger = 100ms;
  auto publisher = Make(options);
  const auto offered = Clock::now();
  ASSERT_TRUE(Offer(*publisher, (1)));
  ASSERT_TRUE(Eventually([&] { return sink_->delivered().size() == 1; }));
  const auto waited = Clock::now() - offered;
  EXPECT_GE(waited, 100ms);  // it lingered for company
  EXPECT_LT(waited, 100ms + 2s);  // but not much longer (slack for a loaded or sanitized run)
  EXPECT_EQ(NumberOf(sink_->delivered()[0]), 1);
  EXPECT_EQ(ReadBooks(registry_).published, 1);
}

TEST_P(PublisherTest, StopDoesNotWaitForTheLinger) {
  PublisherOptions options = FastOptions();
  options.linger = 60s;
  auto publisher = Make(options);
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(Offer(*publisher, (i)));
  const auto start = Clock::now();
  publisher->Stop(Clock::now() + 20s);
  EXPECT_LT(Clock::now() - start, 10s);
  EXPECT_EQ(sink_->delivered().size(), 3u);
  const Books b = ReadBooks(registry_);
  EXPECT_EQ(b.published, 3);
  EXPECT_EQ(b.accounted(), 3);
}

TEST_P(PublisherTest, AFullBatchIsSentWithoutWaitingForTheLinger) {
  PublisherOptions options = FastOptions();
  options.linger = 60s;
  options.batch_size = 10;
  auto publisher = Make(options);
  for (int i = 0; i < 25; ++i) ASSERT_TRUE(Offer(*publisher, (i)));
  ASSERT_TRUE(Eventually([&] { return sink_->delivered().size() == 20; }));
  std::this_thread::sleep_for(50ms);
  EXPECT_EQ(sink_->delivered().size(), 20u);  // the last 5 linger
  EXPECT_EQ(sink_->largest_batch(), 10u);
  publisher->Stop(Clock::now() + 20s);
  EXPECT_EQ(sink_->delivered().size(), 25u);
  EXPECT_EQ(ReadBooks(registry_).accounted(), 25);
}

TEST_P(PublisherTest, BatchesGrowUnderASteadyTrickle) {
  PublisherOptions options = FastOptions();
  options.linger = 200ms;
  options.batch_size = 64;
  auto publisher = Make(options);
  constexpr int kEvents = 300;
  for (int i = 0; i < kEvents; ++i) {  // one event every ~0.5 ms: sent one by one without a linger
    ASSERT_TRUE(Offer(*publisher, (i)));
    std::this_thread::sleep_for(500us);
  }
  ASSERT_TRUE(Eventually([&] { return ReadBooks(registry_).published == kEvents; }));
  // Most batches fill up (64) before the linger ends; at worst each holds 200 ms of events.
  EXPECT_LE(sink_->calls(), kEvents / 16);
  EXPECT_EQ(sink_->largest_batch(), 64u);
  publisher->Stop(Clock::now() + 20s);
  std::vector<int> numbers;
  for (const auto& e : sink_->delivered()) numbers.push_back(NumberOf(e));
  ASSERT_EQ(numbers.size(), static_cast<std::size_t>(kEvents));
  for (int i = 0; i < kEvents; ++i) EXPECT_EQ(numbers[static_cast<std::size_t>(i)], i);
}

TEST_P(PublisherTest, RejectsBadOptions) {
  PublisherOptions options;
  options.queue_capacity = 0;
  EXPECT_THROW(Make(options), std::invalid_argument);
  options = PublisherOptions();
  options.batch_size = 0;
  EXPECT_THROW(Make(options), std::invalid_argument);
  options = PublisherOptions();
  options.linger = -1ms;
  EXPECT_THROW(Make(options), std::invalid_argument);
  EXPECT_THROW(EventPublisher(nullptr, kSchema, PublisherOptions(), registry_, logger_), std::invalid_argument);
  options = PublisherOptions();
  options.format = EventFormat::kBatch;
  EXPECT_THROW(EventPublisher(sink_, EventSchema{"", {"a"}}, options, registry_, logger_), std::invalid_argument);
  EXPECT_THROW(EventPublisher(sink_, EventSchema{"v", {"a", "a"}}, options, registry_, logger_),
               std::invalid_argument);
  options.format = EventFormat::kRows;
  EXPECT_THROW(EventPublisher(sink_, EventSchema{"v", {"a", "b"}, {{}}}, options, registry_, logger_),
               std::invalid_argument);
}

TEST_P(PublisherTest, ACategoryTheRowsFormatCannotWriteIsRefusedBeforeAnythingIsQueued) {
  auto publisher = Make(FastOptions());
  const std::array<FeatureValueView, 2> values{1.0, std::string_view("Water")};  // not in the schema's labels
  const EventView event{std::chrono::system_clock::now(), values, 1, 0.5};
  if (GetParam() == EventFormat::kRows) {
    EXPECT_THROW(publisher->Offer(event), std::invalid_argument);
    EXPECT_EQ(ReadBooks(registry_).accounted(), 0);
    // Also when it comes after a good event in one offer, and beyond the room left.
    PublisherOptions one = FastOptions();
    one.queue_capacity = 1;
    prometheus::Registry registry;
    EventPublisher small(sink_, kSchema, one, registry, logger_);
    const std::array<FeatureValueView, 2> good{2.0, std::string_view("Fire")};
    const std::array<EventView, 2> offer{EventView{event.timestamp, good, 0, 0.5}, event};
    EXPECT_THROW(small.Offer(std::span<const EventView>(offer)), std::invalid_argument);
    EXPECT_EQ(ReadBooks(registry).accounted(), 0);
    small.Stop(Clock::now() + 20s);
    EXPECT_TRUE(sink_->delivered().empty());
  } else {  // the other formats write any string
    EXPECT_TRUE(publisher->Offer(event));
    publisher->Stop(Clock::now() + 20s);
    ASSERT_EQ(sink_->delivered().size(), 1u);
    EXPECT_EQ(sink_->delivered()[0].features.at(1).second, FeatureValue(std::string("Water")));
  }
}

TEST_P(PublisherTest, SeveralEventsAreOfferedUnderOneLockAndTheOverflowIsCounted) {
  PublisherOptions options = FastOptions();
  options.queue_capacity = 5;
  auto publisher = Make(options);
  sink_->Hold();
  ASSERT_TRUE(Offer(*publisher, 0));
  ASSERT_TRUE(sink_->WaitForCalls(1));  // event 0 is in flight
  const OfferedEvents offered(1, 6, "Fire");
  EXPECT_EQ(publisher->Offer(offered.views), 4u);  // room for 4 beside the one in flight
  Books b = ReadBooks(registry_);
  EXPECT_EQ(b.queue_full, 2);
  EXPECT_EQ(b.depth, 5);
  sink_->Release();
  publisher->Stop(Clock::now() + 20s);
  std::vector<int> numbers;
  for (const auto& e : sink_->delivered()) numbers.push_back(NumberOf(e));
  EXPECT_EQ(numbers, (std::vector<int>{0, 1, 2, 3, 4}));
  EXPECT_EQ(ReadBooks(registry_).accounted(), 7);
}

TEST(PackOffersTest, BatchesHoldWholeOffersAndAtMostBatchSizeEventsUnlessOneOfferIsBigger) {
  std::vector<std::size_t> batches;
  PackOffers({}, 4, batches);
  EXPECT_TRUE(batches.empty());
  PackOffers({2, 4, 6}, 4, batches);
  EXPECT_EQ(batches, (std::vector<std::size_t>{4, 6}));
  PackOffers({3, 5, 9, 10}, 4, batches);
  EXPECT_EQ(batches, (std::vector<std::size_t>{3, 5, 9, 10}));
  PackOffers({10, 11, 12}, 4, batches);
  EXPECT_EQ(batches, (std::vector<std::size_t>{10, 12}));
  PackOffers({1, 2, 3, 4, 5}, 512, batches);
  EXPECT_EQ(batches, (std::vector<std::size_t>{5}));
}

// The events of one offer share what they repeat (pdex-events/2): they are
// never split across Sends, even when they are more than batch_size.
TEST_P(PublisherTest, AnOffersEventsStayTogetherInOneBatch) {
  PublisherOptions options = FastOptions();
  options.batch_size = 3;
  auto publisher = Make(options);
  sink_->Hold();
  ASSERT_TRUE(Offer(*publisher, 0));
  ASSERT_TRUE(sink_->WaitForCalls(1));  // event 0 is in flight, the rest queues
  const OfferedEvents offered(1, 9, "Grass");
  const std::span<const EventView> all(offered.views);
  EXPECT_EQ(publisher->Offer(all.subspan(0, 5)), 5u);
  EXPECT_EQ(publisher->Offer(all.subspan(5, 2)), 2u);
  EXPECT_EQ(publisher->Offer(all.subspan(7, 2)), 2u);
  sink_->Release();
  publisher->Stop(Clock::now() + 20s);
  std::vector<int> numbers;
  for (const auto& e : sink_->delivered()) {
    numbers.push_back(NumberOf(e));
    EXPECT_EQ(e.features.at(1).second, FeatureValue(std::string("Grass")));
  }
  EXPECT_EQ(numbers, (std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}));
  EXPECT_EQ(sink_->batch_sizes(), (std::vector<std::size_t>{1, 5, 2, 2}));
  EXPECT_EQ(ReadBooks(registry_).published, 10);
}

TEST_P(PublisherTest, AnEventWithAnotherNumberOfFeaturesIsRefused) {
  auto publisher = Make(FastOptions());
  const std::array<FeatureValueView, 1> values{1.0};
  EXPECT_THROW(publisher->Offer(EventView{std::chrono::system_clock::now(), values, 1, 0.5}), std::invalid_argument);
  EXPECT_EQ(ReadBooks(registry_).accounted(), 0);
}

TEST_P(PublisherTest, AColumnsCodeTheRowsFormatCannotWriteIsRefusedWithNothingQueued) {
  const std::array<bool, 2> categorical{false, true};
  const std::array<double, 2> good{3.0, 1.0}, bad{3.0, 2.0};  // kSchema's types have codes 0 and 1
  const std::array<std::string, 2> texts{"", "Fire"};
  const auto now = std::chrono::system_clock::now();
  const std::array<EventColumns, 2> offer{EventColumns{now, good, texts, categorical, 1, 0.5},
                                          EventColumns{now, bad, texts, categorical, 1, 0.5}};
  if (GetParam() != EventFormat::kRows) {  // the other formats write the labels' texts, not codes
    auto publisher = Make(FastOptions());
    EXPECT_EQ(publisher->Offer(std::span<const EventColumns>(offer)), 2u);
    publisher->Stop(Clock::now() + 20s);
    ASSERT_EQ(sink_->delivered().size(), 2u);
    EXPECT_EQ(sink_->delivered()[1].features.at(1).second, FeatureValue(std::string("Fire")));
    return;
  }
  // The bad event after a good one, with room for both, for one, for none.
  for (const std::size_t capacity : {std::size_t{100}, std::size_t{1}}) {
    PublisherOptions options = FastOptions();
    options.queue_capacity = capacity;
    prometheus::Registry registry;
    EventPublisher publisher(sink_, kSchema, options, registry, logger_);
    EXPECT_THROW(publisher.Offer(std::span<const EventColumns>(offer)), std::invalid_argument) << capacity;
    EXPECT_EQ(ReadBooks(registry).accounted(), 0) << capacity;
    EXPECT_EQ(publisher.Offer(std::span<const EventColumns>(offer).first(1)), 1u);
    EXPECT_THROW(publisher.Offer(std::span<const EventColumns>(offer)), std::invalid_argument) << capacity;
    publisher.Stop(Clock::now() + 20s);
    EXPECT_EQ(ReadBooks(registry).published, 1) << capacity;
    EXPECT_EQ(ReadBooks(registry).accounted(), 1) << capacity;
  }
  EXPECT_EQ(sink_->delivered().size(), 2u);  // the good event of each publisher
}

TEST_P(PublisherTest, EventsAsColumnsAreDeliveredAsTheirViewsWouldBe) {
  auto publisher = Make(FastOptions());
  const std::array<bool, 2> categorical{false, true};
  const std::array<double, 2> numbers_a{3.0, 0.0}, numbers_b{4.0, 1.0};  // the types' codes in kSchema
  const std::array<std::string, 2> texts_a{"", "Grass"}, texts_b{"", "Fire"};
  const auto timestamp = std::chrono::system_clock::time_point(std::chrono::milliseconds(1'764'000'000'003LL));
  const std::array<EventColumns, 2> events{EventColumns{timestamp, numbers_a, texts_a, categorical, 1, 0.25},
                                           EventColumns{timestamp, numbers_b, texts_b, categorical, 0, 0.75}};
  EXPECT_EQ(publisher->Offer(std::span<const EventColumns>(events)), 2u);
  publisher->Stop(Clock::now() + 20s);
  const auto delivered = sink_->delivered();
  ASSERT_EQ(delivered.size(), 2u);
  PredictionEvent first = Expected(3, delivered[0].event_id);
  first.prediction = 1;
  EXPECT_EQ(delivered[0], first);
  PredictionEvent second = Expected(4, delivered[1].event_id);
  second.timestamp = first.timestamp;  // both events were made at once
  second.features[1].second = std::string("Fire");
  second.probability = 0.75;
  EXPECT_EQ(delivered[1], second);
  // Columns that are not one per feature are refused before anything is queued.
  const std::array<bool, 1> one_kind{false};
  const std::array<EventColumns, 1> short_event{EventColumns{timestamp, numbers_a, texts_a, one_kind, 1, 0.5}};
  auto other = Make(FastOptions());
  EXPECT_THROW(other->Offer(std::span<const EventColumns>(short_event)), std::invalid_argument);
}

INSTANTIATE_TEST_SUITE_P(Formats, PublisherTest,
                         ::testing::Values(EventFormat::kJson, EventFormat::kBatch, EventFormat::kRows),
                         [](const auto& format) {
                           switch (format.param) {
                             case EventFormat::kJson: return "Json";
                             case EventFormat::kBatch: return "Batch";
                             case EventFormat::kRows: return "Rows";
                           }
                           return "Unknown";
                         });

}  // namespace
}  // namespace pdex::events
