// Unit tests for events/event_batch.h: the MessagePack batch form of events.
#include "events/event_batch.h"

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "events/event_codec.h"
#include "unit/batch_samples.h"

namespace pdex::events {
namespace {

using samples::EventAt;
using samples::Fix;
using samples::Str;
using samples::SampleTime;
using samples::SampleEventWithId;

const EventSchema kSchema{"v3", {"a_hp", "a_type1", "b_speed", "b_type1"}};

struct Row {
  std::array<FeatureValueView, 4> values{45.0, std::string_view("Grass"), 0.5, std::string_view("Fire")};
  EventView view() const { return EventView{SampleTime(), values, 1, 0.93}; }
};

std::string Batch(const std::vector<Row>& rows, const EventSchema& schema = kSchema) {
  const EventBatchWriter writer(schema);
  std::string events;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    writer.AppendEvent(events, rows[i].view(), "id-" + std::to_string(i));
  }
  std::string batch;
  writer.AppendBatch(batch, rows.size(), events);
  return batch;
}

TEST(EventBatchTest, RoundTripsEveryEventWithTheBatchsNamesAndVersion) {
  const std::string batch = Batch(std::vector<Row>(3));
  EXPECT_TRUE(IsEventBatch(batch));
  EXPECT_EQ(EventBatchSize(batch), 3u);
  const DecodedBatch decoded = DecodeEventBatch(batch);
  ASSERT_FALSE(decoded.failure.has_value()) << decoded.failure->detail;
  ASSERT_EQ(decoded.events.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) EXPECT_EQ(EventAt(decoded, i), SampleEventWithId("id-" + std::to_string(i)));
}

TEST(EventBatchTest, ABatchBuiltInPlaceHoldsTheSameEvents) {
  const EventBatchWriter writer(kSchema);
  std::string in_place = "before";  // a batch may start anywhere in the buffer
  writer.StartBatch(in_place);
  EXPECT_EQ(in_place.size(), 6 + writer.BatchPrefixSize());
  for (int i = 0; i < 3; ++i) writer.AppendEvent(in_place, Row().view(), "id-" + std::to_string(i));
  writer.SealBatch(in_place, 6, 3);
  const std::string batch = in_place.substr(6);
  EXPECT_EQ(EventBatchSize(batch), 3u);
  const DecodedBatch decoded = DecodeEventBatch(batch);
  ASSERT_FALSE(decoded.failure.has_value()) << decoded.failure->detail;
  ASSERT_EQ(decoded.events.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) EXPECT_EQ(EventAt(decoded, i), SampleEventWithId("id-" + std::to_string(i)));
  // Unsealed, its count is 0 and the events are left over: refused whole.
  std::string unsealed;
  writer.StartBatch(unsealed);
  writer.AppendEvent(unsealed, Row().view(), "id-0");
  EXPECT_TRUE(DecodeEventBatch(unsealed).failure.has_value());
  EXPECT_THROW(writer.SealBatch(unsealed, unsealed.size() - 3, 1), std::invalid_argument);
}

TEST(EventBatchTest, ColumnsAreWrittenExactlyAsTheirViews) {
  const EventBatchWriter writer(kSchema);
  const std::array<bool, 4> categorical{false, true, false, true};
  // Repeats (the same bits, the same text) and changes, a negative zero, a
  // whole and a fractional number, and a text that is not valid UTF-8.
  const std::vector<std::array<double, 4>> numbers{{45.0, 0, 0.5, 0}, {45.0, 0, -0.0, 0}, {46.0, 0, -0.0, 0}};
  const std::vector<std::array<std::string, 4>> texts{
      {"", "Grass", "", "Fire"}, {"", "Grass", "", "Wat\xff" "er"}, {"", "Poison", "", "Wat\xff" "er"}};
  std::vector<EventColumns> columns;
  for (std::size_t i = 0; i < numbers.size(); ++i) {
    columns.push_back(EventColumns{SampleTime(), numbers[i], texts[i], categorical, static_cast<int>(i % 2), 0.125});
  }
  std::vector<std::vector<FeatureValueView>> values(columns.size());
  std::vector<EventView> views;
  for (std::size_t i = 0; i < columns.size(); ++i) views.push_back(ViewOf(columns[i], values[i]));
  std::string from_columns, from_views;
  for (std::size_t i = 0; i < columns.size(); ++i) {
    writer.AppendEvent(from_columns, columns[i], "id", i == 0 ? nullptr : &columns[i - 1]);
    writer.AppendEvent(from_views, views[i], "id", i == 0 ? nullptr : &views[i - 1]);
  }
  EXPECT_EQ(from_columns, from_views);
  const std::array<bool, 3> too_few{false, true, false};
  std::string out;
  EXPECT_THROW(writer.AppendEvent(out, EventColumns{SampleTime(), numbers[0], texts[0], too_few, 0, 0.5}, "id"),
               std::invalid_argument);
  const std::array<bool, 4> other_kinds{false, true, true, true};
  const EventColumns other{SampleTime(), numbers[1], texts[1], other_kinds, 0, 0.5};
  EXPECT_THROW(writer.AppendEvent(out, other, "id", &columns[0]), std::invalid_argument);
}

TEST(EventBatchTest, AnEmptyBatchHasNoEvents) {
  const std::string batch = Batch({});
  EXPECT_EQ(EventBatchSize(batch), 0u);
  const DecodedBatch decoded = DecodeEventBatch(batch);
  EXPECT_FALSE(decoded.failure.has_value());
  EXPECT_TRUE(decoded.events.empty());
}

TEST(EventBatchTest, NumbersKeepTheirExactValue) {
  const std::vector<double> numbers = {0.0,  -0.0, 1.0,     -1.0,   -32.0,  -33.0,    127.0,    128.0,  255.0,
                                       256.0, 65535.0, 65536.0, -129.0, -32769.0, 4294967296.0, 1.5,   -2.25,
                                       1e300, 5e-324, 9007199254740992.0, -9007199254740991.0, 0.1};
  Row row;
  for (const double v : numbers) {
    row.values[0] = v;
    const DecodedBatch decoded = DecodeEventBatch(Batch({row}));
    ASSERT_FALSE(decoded.failure.has_value()) << v;
    const double back = std::get<double>(EventAt(decoded, 0).features[0].second);
    EXPECT_EQ(back, v);
    EXPECT_EQ(std::signbit(back), std::signbit(v)) << v;
  }
}

TEST(EventBatchTest, SmallWholeNumbersTakeOneByte) {
  Row row;
  row.values[0] = 7.0;
  const std::string seven = Batch({row});
  row.values[0] = 7.5;
  const std::string fraction = Batch({row});
  EXPECT_EQ(fraction.size(), seven.size() + 8);  // float64: a tag and 8 bytes, against a positive fixint
  // The one-byte form ends at 127; -0.0 keeps its sign as a float64.
  const auto size_with = [&](double v) {
    row.values[0] = v;
    return Batch({row}).size();
  };
  EXPECT_EQ(size_with(0.0), seven.size());
  EXPECT_EQ(size_with(127.0), seven.size());
  EXPECT_EQ(size_with(128.0), seven.size() + 1);  // uint8: a tag and a byte
  EXPECT_EQ(size_with(127.5), seven.size() + 8);
  EXPECT_EQ(size_with(-0.0), seven.size() + 8);
  EXPECT_EQ(size_with(5e-324), seven.size() + 8);
}

TEST(EventBatchTest, NonFiniteValuesAreWrittenButRefusedPerEvent) {
  std::vector<Row> rows(3);
  rows[1].values[2] = std::numeric_limits<double>::quiet_NaN();
  const DecodedBatch decoded = DecodeEventBatch(Batch(rows));
  ASSERT_FALSE(decoded.failure.has_value());
  ASSERT_EQ(decoded.events.size(), 3u);
  EXPECT_EQ(EventAt(decoded, 0), SampleEventWithId("id-0"));
  const auto& refused = std::get<DecodeFailure>(decoded.events[1]);
  EXPECT_EQ(refused.reason, DecodeFailureReason::kNonFinite);
  EXPECT_NE(refused.detail.find("b_speed"), std::string::npos) << refused.detail;
  EXPECT_EQ(EventAt(decoded, 2), SampleEventWithId("id-2"));
}

TEST(EventBatchTest, InvalidUtf8IsRepairedWhenWritten) {
  Row row;
  row.values[1] = std::string_view("Gr\xff" "ass");
  const DecodedBatch decoded = DecodeEventBatch(Batch({row}));
  ASSERT_FALSE(decoded.failure.has_value());
  EXPECT_EQ(std::get<std::string>(EventAt(decoded, 0).features[1].second), "Gr\xEF\xBF\xBD" "ass");
}

TEST(EventBatchTest, TheWriterRefusesMismatchedEventsAndBadSchemas) {
  const EventBatchWriter writer(kSchema);
  const std::array<FeatureValueView, 1> one{1.0};
  std::string out;
  EXPECT_THROW(writer.AppendEvent(out, EventView{SampleTime(), one, 0, 0.5}, "x"), std::invalid_argument);
  EXPECT_THROW(EventBatchWriter(EventSchema{"", {"a"}}), std::invalid_argument);
  EXPECT_THROW(EventBatchWriter(EventSchema{"v", {"a", "b", "a"}}), std::invalid_argument);
}

TEST(EventBatchTest, JsonIsNotABatch) {
  EXPECT_FALSE(IsEventBatch(EncodeEvent(samples::SampleEvent())));
  EXPECT_FALSE(IsEventBatch(""));
  EXPECT_FALSE(IsEventBatch(" {}"));
  const DecodedBatch decoded = DecodeEventBatch(EncodeEvent(samples::SampleEvent()));
  ASSERT_TRUE(decoded.failure.has_value());
  EXPECT_EQ(decoded.failure->reason, DecodeFailureReason::kBadBatch);
}

// Hand-made MessagePack, for shapes our writer never produces.
std::string Header(const std::string& before_events = "", std::string format = "pdex-events/1", unsigned keys = 4) {
  return Fix(0x80, keys) + Str("format") + Str(format) + Str("model_version") + Str("v3") + before_events +
         Str("features") + Fix(0x90, 2) + Str("a_hp") + Str("a_type1") + Str("events");
}
std::string GoodEvent() { return Fix(0x90, 5) + Str("e1") + Fix(0, 5) + Fix(0x90, 2) + Fix(0, 45) + Str("Fire") + Fix(0, 1) + Fix(0, 0); }

TEST(EventBatchTest, ReadersSkipUnknownKeysAndLaterEventElements) {
  const std::string extra_key = Str("note") + Fix(0x80, 1) + Str("k") + Fix(0x90, 2) + Fix(0, 1) + "\xc0";
  std::string event = GoodEvent();
  event[0] = static_cast<char>(0x96);  // six elements: the sixth is skipped
  const std::string batch = Header(extra_key, "pdex-events/1", 5) + Fix(0x90, 2) + GoodEvent() + event + Str("future");
  const DecodedBatch decoded = DecodeEventBatch(batch);
  ASSERT_FALSE(decoded.failure.has_value()) << decoded.failure->detail;
  ASSERT_EQ(decoded.events.size(), 2u);
  const PredictionEvent& e = EventAt(decoded, 1);
  EXPECT_EQ(e.event_id, "e1");
  EXPECT_EQ(e.timestamp, std::chrono::system_clock::time_point(std::chrono::milliseconds(5)));
  EXPECT_EQ(e.features[1].second, FeatureValue(std::string("Fire")));
  EXPECT_EQ(e.probability, 0.0);
}

TEST(EventBatchTest, EachMalformedEventIsRefusedWithItsReasonAndTheOthersKept) {
  struct Case {
    std::string event;
    DecodeFailureReason reason;
  };
  const std::string ok_values = Fix(0x90, 2) + Fix(0, 45) + Str("Fire");
  const std::vector<Case> cases = {
      {Fix(0x90, 4) + Str("e1") + Fix(0, 5) + ok_values + Fix(0, 1), DecodeFailureReason::kMissingField},
      {Fix(0x90, 5) + Str("") + Fix(0, 5) + ok_values + Fix(0, 1) + Fix(0, 0), DecodeFailureReason::kWrongType},
      {Fix(0x90, 5) + Fix(0, 7) + Fix(0, 5) + ok_values + Fix(0, 1) + Fix(0, 0), DecodeFailureReason::kWrongType},
      {Fix(0x90, 5) + Str("e1") + Str("now") + ok_values + Fix(0, 1) + Fix(0, 0), DecodeFailureReason::kWrongType},
      {Fix(0x90, 5) + Str("e1") + "\xd3\x7f\xff\xff\xff\xff\xff\xff\xff" + ok_values + Fix(0, 1) + Fix(0, 0),
       DecodeFailureReason::kBadTimestamp},
      {Fix(0x90, 5) + Str("e1") + Fix(0, 5) + Fix(0x90, 1) + Fix(0, 45) + Fix(0, 1) + Fix(0, 0),
       DecodeFailureReason::kMissingField},
      {Fix(0x90, 5) + Str("e1") + Fix(0, 5) + Fix(0x90, 3) + Fix(0, 45) + Str("Fire") + Fix(0, 1) + Fix(0, 1) +
           Fix(0, 0),
       DecodeFailureReason::kWrongType},
      {Fix(0x90, 5) + Str("e1") + Fix(0, 5) + Fix(0x90, 2) + "\xc0" + Str("Fire") + Fix(0, 1) + Fix(0, 0),
       DecodeFailureReason::kNonFinite},
      {Fix(0x90, 5) + Str("e1") + Fix(0, 5) + Fix(0x90, 2) + "\xc3" + Str("Fire") + Fix(0, 1) + Fix(0, 0),
       DecodeFailureReason::kWrongType},
      {Fix(0x90, 5) + Str("e1") + Fix(0, 5) + ok_values + Fix(0, 2) + Fix(0, 0), DecodeFailureReason::kWrongType},
      {Fix(0x90, 5) + Str("e1") + Fix(0, 5) + ok_values + Fix(0, 1) + Fix(0, 2), DecodeFailureReason::kWrongType},
      {Fix(0x90, 5) + Str("e1") + Fix(0, 5) + ok_values + Fix(0, 1) + std::string("\xcb\x7f\xf8\0\0\0\0\0\0", 9),
       DecodeFailureReason::kNonFinite},
      {Fix(0x90, 5) + Str("e1") + Fix(0, 5) + Str("not an array") + Fix(0, 1) + Fix(0, 0),
       DecodeFailureReason::kWrongType},
  };
  for (const Case& c : cases) {
    const std::string batch = Header() + Fix(0x90, 3) + GoodEvent() + c.event + GoodEvent();
    const DecodedBatch decoded = DecodeEventBatch(batch);
    ASSERT_FALSE(decoded.failure.has_value()) << decoded.failure->detail;
    ASSERT_EQ(decoded.events.size(), 3u);
    EXPECT_TRUE(std::holds_alternative<PredictionEvent>(decoded.events[0]));
    const auto* refused = std::get_if<DecodeFailure>(&decoded.events[1]);
    ASSERT_NE(refused, nullptr);
    EXPECT_EQ(refused->reason, c.reason) << refused->detail;
    EXPECT_TRUE(std::holds_alternative<PredictionEvent>(decoded.events[2]));
  }
}

// pdex-events/2: a nil value repeats the previous event's value.
TEST(EventBatchTest, RepeatsTakeThePreviousEventsValues) {
  const EventBatchWriter writer(kSchema);
  const std::array<FeatureValueView, 4> first{45.0, std::string_view("Grass"), 0.5, std::string_view("Fire")};
  const std::array<FeatureValueView, 4> second{45.0, std::string_view("Grass"), 0.75, std::string_view("Fire")};
  // -0.0 differs from 0.0 by its bits: written, not repeated.
  const std::array<FeatureValueView, 4> third{-0.0, std::string_view("Grass"), 0.75, std::string_view("Water")};
  const std::array<EventView, 3> views{EventView{SampleTime(), first, 1, 0.9}, EventView{SampleTime(), second, 0, 0.2},
                                       EventView{SampleTime(), third, 1, 0.6}};
  std::string packed, unrepeated;
  for (std::size_t i = 0; i < views.size(); ++i) {
    writer.AppendEvent(packed, views[i], "id-" + std::to_string(i), i == 0 ? nullptr : &views[i - 1]);
    writer.AppendEvent(unrepeated, views[i], "id-" + std::to_string(i));
  }
  // Repeated: 45 and "Grass" and "Fire" in the second, "Grass" and 0.75 in the third.
  EXPECT_EQ(unrepeated.size() - packed.size(), (1 - 1) + (6 - 1) + (5 - 1) + (6 - 1) + (9 - 1));
  std::string batch, plain;
  writer.AppendBatch(batch, 3, packed);
  writer.AppendBatch(plain, 3, unrepeated);
  const DecodedBatch decoded = DecodeEventBatch(batch);
  const DecodedBatch expected = DecodeEventBatch(plain);
  ASSERT_FALSE(decoded.failure.has_value()) << decoded.failure->detail;
  ASSERT_EQ(decoded.events.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) EXPECT_EQ(EventAt(decoded, i), EventAt(expected, i)) << i;
  EXPECT_TRUE(std::signbit(std::get<double>(EventAt(decoded, 2).features[0].second)));
}

TEST(EventBatchTest, ARepeatWithNothingToRepeatIsRefused) {
  const std::string repeat_hp = Fix(0x90, 5) + Str("e2") + Fix(0, 5) + Fix(0x90, 2) + "\xc0" + Str("Fire") +
                                Fix(0, 1) + Fix(0, 0);
  const std::string not_an_array = Fix(0x90, 5) + Str("e3") + Fix(0, 5) + Str("x") + Fix(0, 1) + Fix(0, 0);
  const std::string nan_hp = Fix(0x90, 5) + Str("e4") + Fix(0, 5) + Fix(0x90, 2) +
                             std::string("\xcb\x7f\xf8\0\0\0\0\0\0", 9) + Str("Fire") + Fix(0, 1) + Fix(0, 0);
  const DecodedBatch decoded = DecodeEventBatch(Header("", "pdex-events/2") + Fix(0x90, 7) + repeat_hp + GoodEvent() +
                                                repeat_hp + not_an_array + repeat_hp + nan_hp + repeat_hp);
  ASSERT_FALSE(decoded.failure.has_value()) << decoded.failure->detail;
  ASSERT_EQ(decoded.events.size(), 7u);
  const auto reason = [&](std::size_t i) { return std::get<DecodeFailure>(decoded.events[i]).reason; };
  EXPECT_EQ(reason(0), DecodeFailureReason::kMissingField) << "the first event has nothing to repeat";
  EXPECT_EQ(std::get<double>(EventAt(decoded, 2).features[0].second), 45) << "repeated from the good event";
  EXPECT_EQ(reason(3), DecodeFailureReason::kWrongType);
  EXPECT_EQ(reason(4), DecodeFailureReason::kMissingField) << "the previous event has no values";
  EXPECT_EQ(reason(5), DecodeFailureReason::kNonFinite);
  EXPECT_EQ(reason(6), DecodeFailureReason::kNonFinite) << "a repeated NaN is still NaN";
  // In a pdex-events/1 batch, nil is no repeat: refused as non_finite, as in JSON.
  const DecodedBatch v1 = DecodeEventBatch(Header() + Fix(0x90, 2) + GoodEvent() + repeat_hp);
  ASSERT_FALSE(v1.failure.has_value()) << v1.failure->detail;
  EXPECT_EQ(std::get<DecodeFailure>(v1.events[1]).reason, DecodeFailureReason::kNonFinite);
}

TEST(EventBatchTest, UnreadableBatchesAreRefusedWhole) {
  const std::vector<std::string> bad = {
      "",
      Fix(0x90, 0),                                            // an array, not a map
      Header("", "pdex-events/9") + Fix(0x90, 0),              // another format
      Header() + Fix(0x90, 2) + GoodEvent(),                   // fewer events than announced
      Header() + Fix(0x90, 1) + GoodEvent() + "x",             // bytes after the last event
      Header() + Fix(0x90, 1) + "\xc1",                        // a never-used tag
      Fix(0x81, 0) + Str("events") + Fix(0x90, 0),             // events before the rest
      Header() + "\xdd\xff\xff\xff\xff",                       // a count larger than the bytes
      Fix(0x80, 2) + Str("format") + Str("pdex-events/1") + Fix(0, 1) + Fix(0, 1),  // a key that is not a string
  };
  samples::ExpectRefusedWhole(bad);
}

TEST(EventBatchTest, DeepNestingInAnUnknownKeyIsRefusedNotRecursedIntoWithoutBound) {
  std::string deep = Str("deep") + std::string(10'000, static_cast<char>(0x91)) + Fix(0, 1);
  const DecodedBatch decoded = DecodeEventBatch(Header(deep, "pdex-events/1", 5) + Fix(0x90, 0));
  ASSERT_TRUE(decoded.failure.has_value());
  EXPECT_EQ(decoded.failure->reason, DecodeFailureReason::kBadBatch);
}

TEST(EventBatchTest, TruncatedAndMutatedBatchesNeverCrash) {
  std::vector<Row> rows(5);
  rows[2].values[0] = 123456.75;
  samples::ExpectDamagedBatchesNeverCrash(Batch(rows), 20261203);
}

TEST(EventBatchTest, JsonOfAViewIsTheJsonOfTheSameEvent) {
  const Row row;
  std::string json;
  AppendJsonEvent(json, kSchema, row.view(), "0123456789abcdef0123456789abcdef");
  EXPECT_EQ(json, EncodeEvent(samples::SampleEvent()));
  const std::array<FeatureValueView, 1> one{1.0};
  EXPECT_THROW(AppendJsonEvent(json, kSchema, EventView{SampleTime(), one, 0, 0.5}, "x"), std::invalid_argument);
}

}  // namespace
}  // namespace pdex::events
