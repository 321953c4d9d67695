// Unit tests for events/in_process_channel.h.
#include "events/in_process_channel.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace pdex::events {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

std::vector<std::string> Payloads(const std::vector<ReceivedEvent>& events) {
  std::vector<std::string> out;
  for (const auto& e : events) out.push_back(e.payload);
  return out;
}

TEST(InProcessChannelTest, FifoInBatchesOfAtMostMax) {
  InProcessChannel channel(10);
  const std::vector<std::string> sent = {"a", "b", "c", "d", "e"};
  channel.Send(sent);
  EXPECT_EQ(Payloads(channel.Read(2, 0ms)), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(Payloads(channel.Read(10, 0ms)), (std::vector<std::string>{"c", "d", "e"}));
  EXPECT_TRUE(channel.Read(10, 0ms).empty());
  EXPECT_TRUE(channel.Read(0, 0ms).empty());
}

TEST(InProcessChannelTest, NothingToAcknowledge) {
  InProcessChannel channel(4);
  channel.Send(std::vector<std::string>{"x"});
  const auto events = channel.Read(4, 0ms);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].delivery_id, "");
  const std::vector<std::string> ids = {events[0].delivery_id};
  channel.Acknowledge(ids);
  EXPECT_EQ(channel.Pending(), 0u);
}

TEST(InProcessChannelTest, ReadWaitsAtMostWaitWhenEmpty) {
  InProcessChannel channel(4);
  const auto start = Clock::now();
  EXPECT_TRUE(channel.Read(4, 30ms).empty());
  const auto waited = Clock::now() - start;
  EXPECT_GE(waited, 30ms);
  EXPECT_LT(waited, 5s);
}

TEST(InProcessChannelTest, ReadWakesWhenAnEventArrives) {
  InProcessChannel channel(4);
  std::thread sender([&] {
    std::this_thread::sleep_for(20ms);
    channel.Send(std::vector<std::string>{"late"});
  });
  const auto start = Clock::now();
  EXPECT_EQ(Payloads(channel.Read(4, 30s)), (std::vector<std::string>{"late"}));
  EXPECT_LT(Clock::now() - start, 10s);
  sender.join();
}

TEST(InProcessChannelTest, SendWaitsForRoomWhileFull) {
  InProcessChannel channel(2, /*stall_timeout=*/30s);
  std::vector<std::string> sent;
  for (int i = 0; i < 50; ++i) sent.push_back(std::to_string(i));
  std::thread sender([&] { channel.Send(sent); });
  std::vector<std::string> received;
  const auto deadline = Clock::now() + 20s;
  while (received.size() < sent.size() && Clock::now() < deadline) {
    for (auto& p : Payloads(channel.Read(3, 100ms))) received.push_back(p);
  }
  sender.join();
  EXPECT_EQ(received, sent);
}

TEST(InProcessChannelTest, SendThrowsWhenNobodyReadsForTheStallTimeout) {
  InProcessChannel channel(1, /*stall_timeout=*/30ms);
  const auto start = Clock::now();
  EXPECT_THROW(channel.Send(std::vector<std::string>{"kept", "refused"}), TransportError);
  EXPECT_GE(Clock::now() - start, 30ms);
  // What went in before the throw stays in.
  EXPECT_EQ(Payloads(channel.Read(4, 0ms)), (std::vector<std::string>{"kept"}));
}

TEST(InProcessChannelTest, CloseWakesABlockedSender) {
  InProcessChannel channel(1, /*stall_timeout=*/30s);
  channel.Send(std::vector<std::string>{"first"});
  std::atomic<bool> threw{false};
  std::thread sender([&] {
    try {
      channel.Send(std::vector<std::string>{"second"});
    } catch (const TransportError&) {
      threw = true;
    }
  });
  std::this_thread::sleep_for(20ms);
  const auto start = Clock::now();
  channel.Close();
  sender.join();
  EXPECT_LT(Clock::now() - start, 10s);
  EXPECT_TRUE(threw);
}

TEST(InProcessChannelTest, CloseWakesABlockedReader) {
  InProcessChannel channel(1);
  std::thread closer([&] {
    std::this_thread::sleep_for(20ms);
    channel.Close();
  });
  const auto start = Clock::now();
  EXPECT_TRUE(channel.Read(4, 30s).empty());
  EXPECT_LT(Clock::now() - start, 10s);
  closer.join();
}

TEST(InProcessChannelTest, AfterCloseSendThrowsAndReadDrainsWithoutWaiting) {
  InProcessChannel channel(4);
  channel.Send(std::vector<std::string>{"a", "b", "c"});
  channel.Close();
  channel.Close();  // idempotent
  EXPECT_THROW(channel.Send(std::vector<std::string>{"d"}), TransportError);
  EXPECT_NO_THROW(channel.Send(std::vector<std::string>{}));
  const auto start = Clock::now();
  EXPECT_EQ(Payloads(channel.Read(2, 30s)), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(Payloads(channel.Read(2, 30s)), (std::vector<std::string>{"c"}));
  EXPECT_TRUE(channel.Read(2, 30s).empty());
  EXPECT_LT(Clock::now() - start, 10s);
}

// Several senders and readers: nothing lost or duplicated, and each reader
// sees each sender's events in the order sent.
TEST(InProcessChannelTest, ManySendersAndReaders) {
  constexpr int kSenders = 4;
  constexpr int kPerSender = 2000;
  InProcessChannel channel(16, /*stall_timeout=*/30s);
  std::vector<std::thread> senders;
  for (int s = 0; s < kSenders; ++s) {
    senders.emplace_back([&channel, s] {
      for (int i = 0; i < kPerSender; i += 10) {
        std::vector<std::string> batch;
        for (int k = i; k < i + 10; ++k) batch.push_back(std::to_string(s) + ":" + std::to_string(k));
        channel.Send(batch);
      }
    });
  }
  std::mutex mu;
  std::vector<std::vector<std::string>> per_reader(3);
  std::vector<std::thread> readers;
  for (std::size_t r = 0; r < per_reader.size(); ++r) {
    readers.emplace_back([&, r] {
      for (;;) {
        auto events = channel.Read(7, 50ms);
        if (events.empty()) {
          const std::lock_guard lock(mu);
          std::size_t total = 0;
          for (const auto& v : per_reader) total += v.size();
          if (total == kSenders * kPerSender) return;
          continue;
        }
        const std::lock_guard lock(mu);
        for (auto& e : events) per_reader[r].push_back(std::move(e.payload));
      }
    });
  }
  for (auto& t : senders) t.join();
  for (auto& t : readers) t.join();
  std::map<int, std::vector<int>> by_sender;
  std::size_t total = 0;
  for (const auto& payloads : per_reader) {
    total += payloads.size();
    std::map<int, int> last_seen;
    for (const auto& p : payloads) {
      const auto colon = p.find(':');
      const int sender = std::stoi(p.substr(0, colon));
      const int value = std::stoi(p.substr(colon + 1));
      if (last_seen.contains(sender)) {
        EXPECT_GT(value, last_seen[sender]) << p;
      }
      last_seen[sender] = value;
      by_sender[sender].push_back(value);
    }
  }
  EXPECT_EQ(total, static_cast<std::size_t>(kSenders * kPerSender));
  for (auto& [sender, values] : by_sender) {
    std::sort(values.begin(), values.end());
    EXPECT_EQ(values.size(), static_cast<std::size_t>(kPerSender)) << sender;
    EXPECT_EQ(std::adjacent_find(values.begin(), values.end()), values.end()) << sender;
  }
}

TEST(InProcessChannelTest, CapacityMustBePositive) { EXPECT_THROW(InProcessChannel(0), std::invalid_argument); }

}  // namespace
}  // namespace pdex::events
