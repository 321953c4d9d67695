// Unit tests for events/event_rows.h: the rows form of event batches,
// pdex-events/3, written by EventRowsWriter and read by DecodeEventBatch.
#include "events/event_rows.h"

#include <gtest/gtest.h>

#include <array>
#include <bit>
#include <cmath>
#include <cstring>
#include <limits>
#include <set>
#include <string>
#include <vector>

#include "events/event_batch.h"
#include "unit/batch_samples.h"

namespace pdex::events {
namespace {

using samples::EventAt;
using samples::Fix;
using samples::Str;
using samples::SampleTime;
using samples::SampleEventWithId;

const std::vector<std::string> kTypes{"none", "Grass", "Fire"};
const EventSchema kSchema{"v3", {"a_hp", "a_type1", "b_speed", "b_type1"}, {{}, kTypes, {}, kTypes}};
constexpr std::array<bool, 4> kCategorical{false, true, false, true};
const std::array<std::string, 4> kTexts{"", "Grass", "", "Fire"};

// The sample event (samples::SampleEvent) as a view and as columns.
const std::array<FeatureValueView, 4> kValues{45.0, std::string_view("Grass"), 0.5, std::string_view("Fire")};
const std::array<double, 4> kNumbers{45.0, 1, 0.5, 2};  // the types as their codes

EventView SampleView() { return EventView{SampleTime(), kValues, 1, 0.93}; }
EventColumns SampleColumns(const std::array<double, 4>& numbers = kNumbers) {
  return EventColumns{SampleTime(), numbers, kTexts, kCategorical, 1, 0.93};
}

// Ids 0x00 0x01 ... 0x0f plus `i` in the last byte.
std::array<unsigned char, kEventIdBytes> Id(unsigned i) {
  std::array<unsigned char, kEventIdBytes> id{};
  for (unsigned b = 0; b < kEventIdBytes; ++b) id[b] = static_cast<unsigned char>(b);
  id[kEventIdBytes - 1] = static_cast<unsigned char>(0x0f + i);
  return id;
}
std::string IdText(unsigned i) { return EventIdOfBytes(Id(i)); }

std::string Batch(std::size_t count, const EventRowsWriter& writer = EventRowsWriter(kSchema)) {
  std::string rows;
  for (std::size_t i = 0; i < count; ++i) writer.AppendRow(rows, SampleView(), Id(static_cast<unsigned>(i)));
  std::string batch;
  writer.AppendBatch(batch, count, rows);
  return batch;
}

DecodeFailureReason ReasonAt(const DecodedBatch& batch, std::size_t i) {
  return std::get<DecodeFailure>(batch.events.at(i)).reason;
}

// Where row i's bytes start in a batch of `count` rows.
std::size_t RowAt(const std::string& batch, std::size_t count, std::size_t i) {
  const std::size_t width = EventRowsWriter(kSchema).RowBytes();
  return batch.size() - (count - i) * width;
}

template <typename T>
void Poke(std::string& batch, std::size_t at, T value) {
  std::memcpy(batch.data() + at, &value, sizeof value);  // this host is little-endian (x86-64, arm64)
}

TEST(EventRowsTest, RoundTripsEveryEventWithTheBatchsNamesVersionAndLabels) {
  const std::string batch = Batch(3);
  EXPECT_TRUE(IsEventBatch(batch));
  EXPECT_EQ(EventBatchSize(batch), 3u);
  const DecodedBatch decoded = DecodeEventBatch(batch);
  ASSERT_FALSE(decoded.failure.has_value()) << decoded.failure->detail;
  ASSERT_EQ(decoded.events.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) EXPECT_EQ(EventAt(decoded, i), SampleEventWithId(IdText(static_cast<unsigned>(i))));
  EXPECT_EQ(IdText(0), "000102030405060708090a0b0c0d0e0f");
}

TEST(EventRowsTest, ARowIsTheLittleEndianLayoutTheFormatDescribes) {
  const EventRowsWriter writer(kSchema);
  EXPECT_EQ(writer.RowBytes(), 33u + 8 * 4);
  std::string row;
  writer.AppendRow(row, SampleColumns(), Id(0));
  ASSERT_EQ(row.size(), writer.RowBytes());
  const auto at = [&](std::size_t offset) { return static_cast<unsigned char>(row[offset]); };
  for (unsigned b = 0; b < kEventIdBytes; ++b) EXPECT_EQ(at(b), Id(0)[b]);
  std::int64_t millis = 0;
  std::memcpy(&millis, row.data() + 16, 8);
  EXPECT_EQ(millis, 1'795'688'100'123LL);  // 2026-11-26T10:15:00.123Z
  EXPECT_EQ(at(16), 0x1b);                 // least significant byte first
  EXPECT_EQ(at(24), 1);
  double probability = 0, hp = 0, code = 0;
  std::memcpy(&probability, row.data() + 25, 8);
  std::memcpy(&hp, row.data() + 33, 8);
  std::memcpy(&code, row.data() + 41, 8);
  EXPECT_EQ(probability, 0.93);
  EXPECT_EQ(hp, 45.0);
  EXPECT_EQ(code, 1.0);  // "Grass"
}

TEST(EventRowsTest, ColumnsAndViewsWriteTheSameRows) {
  const EventRowsWriter writer(kSchema);
  std::string from_columns, from_view;
  writer.AppendRow(from_columns, SampleColumns(), Id(7));
  writer.AppendRow(from_view, SampleView(), Id(7));
  EXPECT_EQ(from_columns, from_view);
}

TEST(EventRowsTest, ABatchBuiltInPlaceIsTheSameAsAppendBatchs) {
  const EventRowsWriter writer(kSchema);
  std::string in_place = "prefix";
  writer.StartBatch(in_place);
  EXPECT_EQ(in_place.size(), 6 + writer.BatchPrefixSize());
  for (unsigned i = 0; i < 3; ++i) writer.AppendRow(in_place, SampleView(), Id(i));
  writer.SealBatch(in_place, 6, 3);
  EXPECT_EQ(in_place.substr(6), Batch(3, writer));
  EXPECT_THROW(writer.SealBatch(in_place, in_place.size() - 2, 1), std::invalid_argument);
  std::string out;
  EXPECT_THROW(writer.AppendBatch(out, 2, std::string(writer.RowBytes(), '\0')), std::invalid_argument);
}

TEST(EventRowsTest, AnEmptyBatchHasNoEvents) {
  const std::string batch = Batch(0);
  EXPECT_EQ(EventBatchSize(batch), 0u);
  const DecodedBatch decoded = DecodeEventBatch(batch);
  ASSERT_FALSE(decoded.failure.has_value()) << decoded.failure->detail;
  EXPECT_TRUE(decoded.events.empty());
}

TEST(EventRowsTest, NumbersKeepTheirExactBits) {
  const EventRowsWriter writer(EventSchema{"v", {"x"}});  // no labels: every feature numerical
  const std::vector<double> numbers{0.1, -0.0, 1e-308, 5e-324, 1.7976931348623157e308, -123456789.125, 9007199254740993.0};
  std::string rows;
  for (const double x : numbers) {
    const std::array<FeatureValueView, 1> value{x};
    writer.AppendRow(rows, EventView{SampleTime(), value, 0, 0.0}, Id(0));
  }
  std::string batch;
  writer.AppendBatch(batch, numbers.size(), rows);
  const DecodedBatch decoded = DecodeEventBatch(batch);
  ASSERT_FALSE(decoded.failure.has_value()) << decoded.failure->detail;
  for (std::size_t i = 0; i < numbers.size(); ++i) {
    const double read = std::get<double>(EventAt(decoded, i).features.at(0).second);
    EXPECT_EQ(std::bit_cast<std::uint64_t>(read), std::bit_cast<std::uint64_t>(numbers[i])) << numbers[i];
  }
}

TEST(EventRowsTest, TheWriterRefusesWhatWouldNotReadBack) {
  const EventRowsWriter writer(kSchema);
  std::string out = "kept";
  for (const double bad_code : {1.5, -1.0, 3.0, std::nan(""), std::numeric_limits<double>::infinity()}) {
    std::array<double, 4> numbers = kNumbers;
    numbers[3] = bad_code;
    EXPECT_THROW(writer.AppendRow(out, SampleColumns(numbers), Id(0)), std::invalid_argument) << bad_code;
    EXPECT_THROW(writer.Check(SampleColumns(numbers)), std::invalid_argument) << bad_code;
  }
  EXPECT_NO_THROW(writer.Check(SampleColumns(kNumbers)));
  EXPECT_NO_THROW(writer.Check(EventView{SampleTime(), kValues, 0, 0.5}));
  const std::array<double, 3> three{1, 2, 3};
  EXPECT_THROW(writer.AppendRow(out, EventColumns{SampleTime(), three, kTexts, kCategorical, 0, 0.5}, Id(0)),
               std::invalid_argument);
  std::array<FeatureValueView, 4> unknown = kValues;
  unknown[1] = std::string_view("Water");
  EXPECT_THROW(writer.AppendRow(out, EventView{SampleTime(), unknown, 0, 0.5}, Id(0)), std::invalid_argument);
  EXPECT_THROW(writer.Check(EventView{SampleTime(), unknown, 0, 0.5}), std::invalid_argument);
  std::array<FeatureValueView, 4> number_for_label = kValues;
  number_for_label[3] = 2.0;
  EXPECT_THROW(writer.AppendRow(out, EventView{SampleTime(), number_for_label, 0, 0.5}, Id(0)), std::invalid_argument);
  std::array<FeatureValueView, 4> label_for_number = kValues;
  label_for_number[2] = std::string_view("Fire");
  EXPECT_THROW(writer.AppendRow(out, EventView{SampleTime(), label_for_number, 0, 0.5}, Id(0)), std::invalid_argument);
  EXPECT_THROW(writer.AppendRow(out, EventView{SampleTime(), std::span(kValues).first(3), 0, 0.5}, Id(0)),
               std::invalid_argument);
  EXPECT_EQ(out, "kept") << "a refused event leaves nothing behind";

  EXPECT_THROW(EventRowsWriter(EventSchema{"", {"a"}}), std::invalid_argument);
  EXPECT_THROW(EventRowsWriter(EventSchema{"v", {"a", "a"}}), std::invalid_argument);
  EXPECT_THROW(EventRowsWriter(EventSchema{"v", {"a", "b"}, {{}}}), std::invalid_argument);
}

TEST(EventRowsTest, EachMalformedRowIsRefusedWithItsReasonAndTheOthersKept) {
  constexpr std::size_t kCount = 8;
  std::string batch = Batch(kCount);
  const auto value_at = [&](std::size_t row, std::size_t feature) { return RowAt(batch, kCount, row) + 33 + 8 * feature; };
  Poke(batch, value_at(1, 0), std::nan(""));                                     // a_hp NaN
  Poke(batch, value_at(2, 1), 3.0);                                              // a code beyond the labels
  Poke(batch, value_at(3, 3), 0.5);                                              // a code that is not whole
  Poke(batch, RowAt(batch, kCount, 4) + 24, static_cast<unsigned char>(2));      // prediction 2
  Poke(batch, RowAt(batch, kCount, 5) + 25, 1.5);                                // probability beyond 1
  Poke(batch, RowAt(batch, kCount, 6) + 25, std::numeric_limits<double>::infinity());
  Poke(batch, RowAt(batch, kCount, 7) + 16, std::numeric_limits<std::int64_t>::max());  // year 292 million
  const DecodedBatch decoded = DecodeEventBatch(batch);
  ASSERT_FALSE(decoded.failure.has_value()) << decoded.failure->detail;
  ASSERT_EQ(decoded.events.size(), kCount);
  EXPECT_EQ(EventAt(decoded, 0), SampleEventWithId(IdText(0)));
  EXPECT_EQ(ReasonAt(decoded, 1), DecodeFailureReason::kNonFinite);
  EXPECT_EQ(ReasonAt(decoded, 2), DecodeFailureReason::kWrongType);
  EXPECT_EQ(ReasonAt(decoded, 3), DecodeFailureReason::kWrongType);
  EXPECT_EQ(ReasonAt(decoded, 4), DecodeFailureReason::kWrongType);
  EXPECT_EQ(ReasonAt(decoded, 5), DecodeFailureReason::kWrongType);
  EXPECT_EQ(ReasonAt(decoded, 6), DecodeFailureReason::kNonFinite);
  EXPECT_EQ(ReasonAt(decoded, 7), DecodeFailureReason::kBadTimestamp);
}

// A MessagePack bin (16-bit length) of n zero bytes.
std::string Bin(std::size_t n) {
  return std::string("\xc5", 1) + static_cast<char>(n >> 8) + static_cast<char>(n & 0xff) + std::string(n, '\0');
}
// A pdex-events/3 header of one numerical feature "x" up to "events", with `labels` as the labels' value.
std::string Header(const std::string& labels, std::size_t keys = 5) {
  return Fix(0x80, keys) + Str("format") + Str("pdex-events/3") + Str("model_version") + Str("v") + Str("features") +
         Fix(0x90, 1) + Str("x") + (labels.empty() ? "" : Str("labels") + labels) + Str("events");
}

TEST(EventRowsTest, AHandMadeBatchReads) {
  // One row of zeros: id 00..., the epoch, prediction 0, probability 0, x = 0.
  const DecodedBatch decoded = DecodeEventBatch(Header(Fix(0x90, 1) + "\xc0") + Bin(41));
  ASSERT_FALSE(decoded.failure.has_value()) << decoded.failure->detail;
  ASSERT_EQ(decoded.events.size(), 1u);
  EXPECT_EQ(EventAt(decoded, 0).event_id, std::string(32, '0'));
  EXPECT_EQ(EventAt(decoded, 0).features.at(0), (std::pair<std::string, FeatureValue>("x", 0.0)));
}

TEST(EventRowsTest, UnreadableBatchesAreRefusedWhole) {
  const std::string nil_labels = Fix(0x90, 1) + "\xc0";
  const std::vector<std::string> bad = {
      Header(nil_labels) + Bin(40),                          // not whole rows
      Header(nil_labels) + Bin(41) + "x",                    // bytes after the events
      Header("", 4) + Bin(41),                               // no labels
      Header(Fix(0x90, 2) + "\xc0\xc0") + Bin(41),           // labels for two features, one named
      Header(Fix(0x90, 1) + Str("Grass")) + Bin(41),         // a label list that is a string
      Header(Fix(0x90, 1) + Fix(0x90, 0)) + Bin(41),         // an empty label list
      Header(Fix(0x90, 1) + Fix(0x90, 1) + "\x01") + Bin(41),  // a label that is not a string
      Header(nil_labels) + Fix(0x90, 0),                     // events as an array
      Header(nil_labels) + "\xc5\x01",                       // a truncated bin
  };
  samples::ExpectRefusedWhole(bad);
}

TEST(EventRowsTest, TruncatedAndMutatedBatchesNeverCrash) {
  samples::ExpectDamagedBatchesNeverCrash(Batch(5), 20261207);
}

TEST(EventRowsTest, NewIdBytesAreTheHexDigitsOfUniqueIds) {
  std::set<std::string> ids;
  for (int i = 0; i < 1000; ++i) {
    std::array<unsigned char, kEventIdBytes> bytes;
    WriteNewEventIdBytes(bytes);
    const std::string id = EventIdOfBytes(bytes);
    ASSERT_EQ(id.size(), kEventIdLength);
    EXPECT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos) << id;
    ids.insert(id);
  }
  EXPECT_EQ(ids.size(), 1000u);
  // Both forms draw from one per-thread sequence: same prefix, later counts.
  const std::string text = NewEventId();
  EXPECT_EQ(text.substr(0, 16), ids.begin()->substr(0, 16));
  EXPECT_EQ(ids.count(text), 0u);
}

TEST(EventRowsTest, AnIdSequenceOfOnesOwnCountsAfterItsOwnPrefix) {
  EventIdSequence first, second;
  std::array<unsigned char, kEventIdBytes> bytes;
  first.NextBytes(bytes);
  const std::string id0 = EventIdOfBytes(bytes);
  std::array<char, kEventIdLength> text;
  first.Next(text);
  const std::string id1(text.data(), text.size());
  first.NextBytes(bytes);
  const std::string id2 = EventIdOfBytes(bytes);
  EXPECT_EQ(id0.substr(16), "0000000000000000");
  EXPECT_EQ(id1.substr(16), "0000000000000001");  // both forms count on from one another
  EXPECT_EQ(id2.substr(16), "0000000000000002");
  EXPECT_EQ(id1.substr(0, 16), id0.substr(0, 16));
  EXPECT_EQ(id2.substr(0, 16), id0.substr(0, 16));
  second.NextBytes(bytes);
  EXPECT_NE(EventIdOfBytes(bytes).substr(0, 16), id0.substr(0, 16)) << "two sequences, two random prefixes";
  EXPECT_NE(NewEventId().substr(0, 16), id0.substr(0, 16)) << "nor the thread's own";
}

}  // namespace
}  // namespace pdex::events
