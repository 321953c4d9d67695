// Unit tests for parquet/encodings.h: byte layouts from the Parquet
// specification, round trips and malformed input.
#include "parquet/encodings.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <limits>
#include <random>
#include <string>
#include <vector>

namespace pdex::parquet {
namespace {

std::string Bytes(std::initializer_list<int> bytes) {
  std::string s;
  for (const int b : bytes) s.push_back(static_cast<char>(b));
  return s;
}

std::vector<uint32_t> DecodeRle(const std::string& data, int bit_width, size_t count) {
  RleBitPackedDecoder decoder(data, bit_width);
  std::vector<uint32_t> out(count);
  out.resize(decoder.GetBatch(out.data(), count));
  return out;
}

std::string EncodeRle(const std::vector<uint32_t>& values, int bit_width) {
  std::string out;
  EncodeRleBitPacked(values.data(), values.size(), bit_width, &out);
  return out;
}

template <typename T>
std::string EncodeDelta(const std::vector<T>& values) {
  std::string out;
  EncodeDeltaBinaryPacked(values.data(), values.size(), &out);
  return out;
}

template <typename T>
std::vector<T> DecodeDelta(const std::string& data, size_t count, size_t* consumed = nullptr) {
  std::vector<T> out(count);
  const size_t n = DecodeDeltaBinaryPacked(data, count, out.data());
  if (consumed != nullptr) *consumed = n;
  return out;
}

BinaryData MakeBinary(std::initializer_list<std::string_view> values) {
  BinaryData data;
  for (const std::string_view v : values) data.Append(v);
  return data;
}

// ---- BitWidth ----

TEST(BitWidth, Values) {
  EXPECT_EQ(BitWidth(0), 0);
  EXPECT_EQ(BitWidth(1), 1);
  EXPECT_EQ(BitWidth(2), 2);
  EXPECT_EQ(BitWidth(3), 2);
  EXPECT_EQ(BitWidth(255), 8);
  EXPECT_EQ(BitWidth(256), 9);
  EXPECT_EQ(BitWidth(std::numeric_limits<uint32_t>::max()), 32);
  EXPECT_EQ(BitWidth(std::numeric_limits<uint64_t>::max()), 64);
}

// ---- RLE / bit-packed hybrid ----

TEST(RleBitPacked, SpecBitPackingExample) {
  // Encodings.md: 0..7 at bit width 3 pack to 10001000 11000110 11111010.
  const std::vector<uint32_t> values = {0, 1, 2, 3, 4, 5, 6, 7};
  const std::string encoded = EncodeRle(values, 3);
  EXPECT_EQ(encoded, Bytes({0x03, 0x88, 0xC6, 0xFA}));
  EXPECT_EQ(DecodeRle(encoded, 3, 8), values);
}

TEST(RleBitPacked, RleRun) {
  // 100 fives: header 100 << 1 = 200 (varint C8 01), value in one byte.
  const std::vector<uint32_t> values(100, 5);
  const std::string encoded = EncodeRle(values, 3);
  EXPECT_EQ(encoded, Bytes({0xC8, 0x01, 0x05}));
  EXPECT_EQ(DecodeRle(encoded, 3, 100), values);
  // Wide values take ceil(bit_width / 8) little-endian bytes.
  EXPECT_EQ(EncodeRle(std::vector<uint32_t>(8, 0x123456), 21), Bytes({0x10, 0x56, 0x34, 0x12}));
  EXPECT_EQ(DecodeRle(Bytes({0x10, 0x56, 0x34, 0x12}), 21, 8), std::vector<uint32_t>(8, 0x123456));
}

TEST(RleBitPacked, RepeatAfterPartialGroupFillsTheGroupFirst) {
  // 1 2 3 then twenty 4s: the bit-packed group takes five of the 4s, the
  // remaining fifteen form an RLE run.
  std::vector<uint32_t> values = {1, 2, 3};
  values.insert(values.end(), 20, 4);
  const std::string encoded = EncodeRle(values, 3);
  EXPECT_EQ(encoded, Bytes({0x03, 0xD1, 0x48, 0x92, 0x1E, 0x04}));
  EXPECT_EQ(DecodeRle(encoded, 3, values.size()), values);
}

TEST(RleBitPacked, ShortRepeatStaysBitPacked) {
  // Three 1s then twelve 2s: filling the group leaves only 7 repeats.
  std::vector<uint32_t> values = {1, 1, 1};
  values.insert(values.end(), 12, 2);
  const std::string encoded = EncodeRle(values, 2);
  EXPECT_EQ(encoded.size(), 1u + 2 * 2);  // one header, two groups of 2 bytes
  EXPECT_EQ(DecodeRle(encoded, 2, values.size()), values);
}

TEST(RleBitPacked, LongLiteralSplitsAt63Groups) {
  std::vector<uint32_t> values(1000);
  for (size_t i = 0; i < values.size(); ++i) values[i] = static_cast<uint32_t>(i % 2);
  const std::string encoded = EncodeRle(values, 1);
  // 125 groups: 63 + 62, each group one byte.
  EXPECT_EQ(encoded.size(), 1u + 63 + 1 + 62);
  EXPECT_EQ(static_cast<uint8_t>(encoded[0]), (63 << 1) | 1);
  EXPECT_EQ(static_cast<uint8_t>(encoded[64]), (62 << 1) | 1);
  EXPECT_EQ(DecodeRle(encoded, 1, values.size()), values);
}

TEST(RleBitPacked, BitWidthZero) {
  EXPECT_EQ(EncodeRle(std::vector<uint32_t>(10, 0), 0), Bytes({0x14}));
  EXPECT_EQ(DecodeRle(Bytes({0x14}), 0, 20), std::vector<uint32_t>(10, 0));
  // A bit-packed run at width 0 still consumes its header.
  EXPECT_EQ(DecodeRle(Bytes({0x03, 0x04}), 0, 20), std::vector<uint32_t>(10, 0));
  EXPECT_EQ(DecodeRle(EncodeRle({0, 0, 0}, 0), 0, 3), std::vector<uint32_t>(3, 0));
}

TEST(RleBitPacked, ZeroLengthRunsAreSkipped) {
  // RLE run of 0 (value 1), bit-packed run of 0 groups, RLE run of 2 ones.
  EXPECT_EQ(DecodeRle(Bytes({0x00, 0x01, 0x01, 0x04, 0x01}), 1, 10), std::vector<uint32_t>(2, 1));
  // Nothing but empty runs: the decoder stops at the end of the data.
  const std::string empty_runs(100000, '\x01');
  EXPECT_TRUE(DecodeRle(empty_runs, 3, 10).empty());
}

TEST(RleBitPacked, GetBatchAcrossRunsAndGroups) {
  std::vector<uint32_t> values;
  for (int i = 0; i < 5; ++i) values.push_back(static_cast<uint32_t>(i));
  values.insert(values.end(), 30, 6);
  for (int i = 0; i < 21; ++i) values.push_back(static_cast<uint32_t>(i % 7));
  const std::string encoded = EncodeRle(values, 3);
  for (const size_t step : std::vector<size_t>{1, 3, 7, 8, 9, 64}) {
    RleBitPackedDecoder decoder(encoded, 3);
    std::vector<uint32_t> out;
    std::vector<uint32_t> chunk(step);
    while (out.size() < values.size()) {
      const size_t want = std::min(step, values.size() - out.size());
      ASSERT_EQ(decoder.GetBatch(chunk.data(), want), want);
      out.insert(out.end(), chunk.begin(), chunk.begin() + static_cast<std::ptrdiff_t>(want));
    }
    EXPECT_EQ(out, values) << "step " << step;
  }
}

TEST(RleBitPacked, EndOfDataReturnsFewer) {
  const std::string data = Bytes({0x08, 0x01});
  RleBitPackedDecoder decoder(data, 1);
  std::vector<uint32_t> out(10);
  EXPECT_EQ(decoder.GetBatch(out.data(), 10), 4u);
  EXPECT_EQ(decoder.GetBatch(out.data(), 10), 0u);
}

TEST(RleBitPacked, TruncatedFinalGroupDecodesPresentValues) {
  // 0..7 at width 3 with the last byte missing: 16 bits hold 5 values.
  const std::string truncated = Bytes({0x03, 0x88, 0xC6});
  EXPECT_EQ(DecodeRle(truncated, 3, 5), (std::vector<uint32_t>{0, 1, 2, 3, 4}));
  RleBitPackedDecoder decoder(truncated, 3);
  std::vector<uint32_t> out(8);
  EXPECT_THROW(decoder.GetBatch(out.data(), 6), ParquetError);
  // Several groups, the last truncated: bulk groups then the partial one.
  std::vector<uint32_t> values(24);
  for (size_t i = 0; i < values.size(); ++i) values[i] = static_cast<uint32_t>(i * 37 % 1024);
  std::string encoded = EncodeRle(values, 10);
  encoded.resize(encoded.size() - 3);  // 56 bits left of the last group: 5 values
  values.resize(21);
  EXPECT_EQ(DecodeRle(encoded, 10, 21), values);
  RleBitPackedDecoder decoder2(encoded, 10);
  std::vector<uint32_t> out2(24);
  EXPECT_THROW(decoder2.GetBatch(out2.data(), 22), ParquetError);
}

TEST(RleBitPacked, MalformedInputThrows) {
  std::vector<uint32_t> out(16);
  auto decode = [&](const std::string& data, int bit_width) {
    RleBitPackedDecoder decoder(data, bit_width);
    return decoder.GetBatch(out.data(), out.size());
  };
  EXPECT_THROW(decode(Bytes({0x10}), 8), ParquetError);                    // RLE value missing
  EXPECT_THROW(decode(Bytes({0x10, 0x01}), 16), ParquetError);             // RLE value half there
  EXPECT_THROW(decode(Bytes({0x80}), 1), ParquetError);                    // header cut short
  EXPECT_THROW(decode(Bytes({0x81, 0x80, 0x80, 0x80, 0x10}), 1), ParquetError);  // header > 32 bits
  EXPECT_THROW(decode(Bytes({0x81, 0x80, 0x80, 0x80, 0x80, 0x00}), 1), ParquetError);  // 6-byte header
  EXPECT_THROW(decode(Bytes({0x10, 0x08}), 3), ParquetError);              // RLE value beyond width
  EXPECT_THROW(decode(Bytes({0x05, 0xFF}), 8), ParquetError);              // 2 groups, 1 byte
  EXPECT_THROW(RleBitPackedDecoder(Bytes({0x02, 0x00}), 33), ParquetError);
  EXPECT_THROW(RleBitPackedDecoder(Bytes({0x02, 0x00}), -1), ParquetError);
  std::string out_bytes;
  EXPECT_THROW(EncodeRleBitPacked(out.data(), 1, 33, &out_bytes), ParquetError);
  const uint32_t too_big = 8;
  EXPECT_THROW(EncodeRleBitPacked(&too_big, 1, 3, &out_bytes), ParquetError);
}

TEST(RleBitPacked, MaximalHeaderIsAccepted) {
  // Largest 32-bit RLE header: 2^31 - 1 values of 1 at width 1.
  const std::string data = Bytes({0xFE, 0xFF, 0xFF, 0xFF, 0x0F, 0x01});
  RleBitPackedDecoder decoder(data, 1);
  std::vector<uint32_t> out(1000);
  EXPECT_EQ(decoder.GetBatch(out.data(), out.size()), out.size());
  EXPECT_EQ(out, std::vector<uint32_t>(1000, 1));
}

TEST(RleBitPacked, RoundTripAllBitWidths) {
  std::mt19937_64 rng(42);
  for (int width = 0; width <= 32; ++width) {
    const uint64_t limit = uint64_t{1} << width;
    for (const size_t count : std::vector<size_t>{0, 1, 7, 8, 9, 63, 64, 65, 1000, 10007}) {
      std::vector<uint32_t> values;
      values.reserve(count);
      while (values.size() < count) {
        // Mix single values and runs, including the maximum value.
        const auto value = static_cast<uint32_t>(rng() % 4 == 0 ? limit - 1 : rng() % limit);
        const size_t run = rng() % 3 == 0 ? 1 + rng() % 40 : 1;
        for (size_t k = 0; k < run && values.size() < count; ++k) values.push_back(value);
      }
      const std::string encoded = EncodeRle(values, width);
      ASSERT_EQ(DecodeRle(encoded, width, count), values) << "width " << width << " count " << count;
      // Decoding in odd chunks exercises the buffered path.
      RleBitPackedDecoder decoder(encoded, width);
      std::vector<uint32_t> out(count);
      size_t done = 0;
      while (done < count) {
        const size_t want = std::min<size_t>(1 + rng() % 20, count - done);
        ASSERT_EQ(decoder.GetBatch(out.data() + done, want), want);
        done += want;
      }
      ASSERT_EQ(out, values) << "width " << width << " count " << count;
    }
  }
}

// ---- DELTA_BINARY_PACKED ----

TEST(DeltaBinaryPacked, OneToFive) {
  // Header: block 128 (80 01), 4 miniblocks, 5 values, first value zigzag(1)
  // = 2. Block: min delta zigzag(1) = 2, every miniblock width 0, no data.
  const std::string expected = Bytes({0x80, 0x01, 0x04, 0x05, 0x02, 0x02, 0x00, 0x00, 0x00, 0x00});
  EXPECT_EQ(EncodeDelta<int32_t>({1, 2, 3, 4, 5}), expected);
  size_t consumed = 0;
  EXPECT_EQ(DecodeDelta<int32_t>(expected + "tail", 5, &consumed), (std::vector<int32_t>{1, 2, 3, 4, 5}));
  EXPECT_EQ(consumed, expected.size());
  EXPECT_EQ(DecodeDelta<int64_t>(expected, 5), (std::vector<int64_t>{1, 2, 3, 4, 5}));
}

TEST(DeltaBinaryPacked, SpecExample) {
  // 7 5 3 1 2 3 4 5: deltas -2 -2 -2 1 1 1 1, min delta -2 (zigzag 3),
  // adjusted 0 0 0 3 3 3 3 at width 2; only the first miniblock is present.
  const std::string expected = Bytes({0x80, 0x01, 0x04, 0x08, 0x0E, 0x03, 0x02, 0x00, 0x00, 0x00,
                                      0xC0, 0x3F, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00});
  const std::vector<int64_t> values = {7, 5, 3, 1, 2, 3, 4, 5};
  EXPECT_EQ(EncodeDelta(values), expected);
  size_t consumed = 0;
  EXPECT_EQ(DecodeDelta<int64_t>(expected + "xyz", 8, &consumed), values);
  EXPECT_EQ(consumed, expected.size());
}

TEST(DeltaBinaryPacked, OtherBlockLayout) {
  // Block 256 with 8 miniblocks of 32: first 10, deltas 1 0 at width 1.
  const std::string data = Bytes({0x80, 0x02, 0x08, 0x03, 0x14, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00,
                                  0x00, 0x00, 0x01, 0x00, 0x00, 0x00});
  size_t consumed = 0;
  EXPECT_EQ(DecodeDelta<int32_t>(data, 3, &consumed), (std::vector<int32_t>{10, 11, 11}));
  EXPECT_EQ(consumed, data.size());
}

TEST(DeltaBinaryPacked, FewerRequestedStillConsumesWholeStream) {
  std::vector<int32_t> values(300);
  for (size_t i = 0; i < values.size(); ++i) values[i] = static_cast<int32_t>(i * i % 1000);
  const std::string encoded = EncodeDelta(values);
  size_t consumed = 0;
  const std::vector<int32_t> head = DecodeDelta<int32_t>(encoded + "after", 10, &consumed);
  EXPECT_EQ(head, std::vector<int32_t>(values.begin(), values.begin() + 10));
  EXPECT_EQ(consumed, encoded.size());
}

TEST(DeltaBinaryPacked, EmptyAndSingle) {
  size_t consumed = 0;
  const std::string empty = EncodeDelta(std::vector<int64_t>{});
  EXPECT_TRUE(DecodeDelta<int64_t>(empty, 0, &consumed).empty());
  EXPECT_EQ(consumed, empty.size());
  const std::string single = EncodeDelta(std::vector<int64_t>{-3});
  EXPECT_EQ(single, Bytes({0x80, 0x01, 0x04, 0x01, 0x05}));
  EXPECT_EQ(DecodeDelta<int64_t>(single, 1, &consumed), std::vector<int64_t>{-3});
  EXPECT_EQ(consumed, single.size());
}

TEST(DeltaBinaryPacked, Int32Wraparound) {
  constexpr int32_t kMin = std::numeric_limits<int32_t>::min();
  constexpr int32_t kMax = std::numeric_limits<int32_t>::max();
  const std::vector<int32_t> values = {kMax, kMin, kMax, 0, -1, kMin, kMin, kMax, 1, kMin + 1};
  EXPECT_EQ(DecodeDelta<int32_t>(EncodeDelta(values), values.size()), values);
}

TEST(DeltaBinaryPacked, Int64Extremes) {
  constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  const std::vector<int64_t> values = {kMin, kMax, kMin, 0, -1, kMax, kMax, kMin, 1, kMin + 1, kMax - 1};
  const std::string encoded = EncodeDelta(values);
  EXPECT_EQ(DecodeDelta<int64_t>(encoded, values.size()), values);
  // Alternating extremes need 64-bit miniblocks.
  EXPECT_NE(encoded.find(static_cast<char>(64)), std::string::npos);
}

TEST(DeltaBinaryPacked, RandomRoundTrips) {
  std::mt19937_64 rng(7);
  for (const size_t count : std::vector<size_t>{2, 31, 32, 33, 127, 128, 129, 130, 1000, 5000}) {
    for (int bits = 0; bits <= 64; bits += 5) {
      std::vector<int64_t> v64(count);
      std::vector<int32_t> v32(count);
      for (size_t i = 0; i < count; ++i) {
        const uint64_t r = bits == 64 ? rng() : rng() & ((uint64_t{1} << bits) - 1);
        v64[i] = static_cast<int64_t>(r);
        v32[i] = static_cast<int32_t>(static_cast<uint32_t>(r));
      }
      size_t consumed = 0;
      const std::string e64 = EncodeDelta(v64);
      ASSERT_EQ(DecodeDelta<int64_t>(e64, count, &consumed), v64) << count << " " << bits;
      ASSERT_EQ(consumed, e64.size());
      const std::string e32 = EncodeDelta(v32);
      ASSERT_EQ(DecodeDelta<int32_t>(e32, count, &consumed), v32) << count << " " << bits;
      ASSERT_EQ(consumed, e32.size());
    }
  }
  // Sorted data (timestamps) and random walks.
  std::vector<int64_t> walk(3000);
  int64_t x = 1'700'000'000'000;
  for (int64_t& w : walk) w = x += static_cast<int64_t>(rng() % 2000) - 500;
  EXPECT_EQ(DecodeDelta<int64_t>(EncodeDelta(walk), walk.size()), walk);
}

TEST(DeltaBinaryPacked, TruncatedInputThrows) {
  std::vector<int32_t> values(200);
  for (size_t i = 0; i < values.size(); ++i) values[i] = static_cast<int32_t>(i * 7919 % 4096);
  const std::string encoded = EncodeDelta(values);
  for (size_t len = 0; len < encoded.size(); ++len) {
    EXPECT_THROW(DecodeDelta<int32_t>(encoded.substr(0, len), values.size()), ParquetError) << len;
  }
}

TEST(DeltaBinaryPacked, InvalidHeadersThrow) {
  auto decode = [](const std::string& data, size_t count) { return DecodeDelta<int64_t>(data, count); };
  EXPECT_THROW(decode(Bytes({0x00, 0x04, 0x01, 0x00}), 1), ParquetError);        // block size 0
  EXPECT_THROW(decode(Bytes({0x40, 0x04, 0x01, 0x00}), 1), ParquetError);        // block size 64
  EXPECT_THROW(decode(Bytes({0x80, 0x01, 0x00, 0x01, 0x00}), 1), ParquetError);  // 0 miniblocks
  EXPECT_THROW(decode(Bytes({0x80, 0x01, 0x03, 0x01, 0x00}), 1), ParquetError);  // 128 / 3
  EXPECT_THROW(decode(Bytes({0x80, 0x01, 0x08, 0x01, 0x00}), 1), ParquetError);  // miniblocks of 16
  EXPECT_THROW(decode(Bytes({0x80, 0x80, 0x80, 0x01, 0x01, 0x01, 0x00}), 1), ParquetError);  // block 2^21
  EXPECT_THROW(decode(Bytes({0x80, 0x01, 0x04, 0x01, 0x00}), 2), ParquetError);  // declares 1 of 2
  // Varints longer than 64 bits.
  EXPECT_THROW(decode(Bytes({0x80, 0x01, 0x04, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x02}), 1),
               ParquetError);
}

TEST(DeltaBinaryPacked, BitWidthAbove64RejectedInt32AcceptsUpTo64) {
  // Two values; the first miniblock claims width 70, then 33 for int32
  // (DuckDB writes 33-bit INT32 miniblocks: its deltas are 64-bit).
  std::string data = Bytes({0x80, 0x01, 0x04, 0x02, 0x00, 0x00, 70, 0x00, 0x00, 0x00});
  data.append(32 * 70 / 8, '\0');
  try {
    DecodeDelta<int64_t>(data, 2);
    FAIL() << "expected ParquetError";
  } catch (const ParquetError& e) {
    EXPECT_NE(std::string(e.what()).find("bit width 70 exceeds 64"), std::string::npos) << e.what();
  }
  EXPECT_THROW(DecodeDelta<int32_t>(data, 2), ParquetError);
  data[6] = 33;
  EXPECT_NO_THROW(DecodeDelta<int32_t>(data, 2));
  data[6] = 32;
  EXPECT_NO_THROW(DecodeDelta<int32_t>(data, 2));
}

TEST(DeltaBinaryPacked, UnusedMiniblockWidthsAreIgnored) {
  // Widths of miniblocks past the last value may hold anything.
  std::string data = EncodeDelta<int32_t>({1, 2, 3, 4, 5});
  data[7] = static_cast<char>(0xFF);
  data[9] = static_cast<char>(99);
  size_t consumed = 0;
  EXPECT_EQ(DecodeDelta<int32_t>(data, 5, &consumed), (std::vector<int32_t>{1, 2, 3, 4, 5}));
  EXPECT_EQ(consumed, data.size());
}

// ---- DELTA_LENGTH_BYTE_ARRAY ----

TEST(DeltaLengthByteArray, SpecExample) {
  // Lengths 5 5 6 6 (first zigzag 10, deltas 0 1 0 at width 1), then data.
  const BinaryData values = MakeBinary({"Hello", "World", "Foobar", "ABCDEF"});
  std::string encoded;
  EncodeDeltaLengthByteArray(values, &encoded);
  const std::string expected = Bytes({0x80, 0x01, 0x04, 0x04, 0x0A, 0x00, 0x01, 0x00, 0x00, 0x00,
                                      0x02, 0x00, 0x00, 0x00}) +
                               "HelloWorldFoobarABCDEF";
  EXPECT_EQ(encoded, expected);
  BinaryData decoded;
  EXPECT_EQ(DecodeDeltaLengthByteArray(encoded + "more", 4, &decoded), encoded.size());
  EXPECT_EQ(decoded, values);
}

TEST(DeltaLengthByteArray, AppendsToExisting) {
  const BinaryData values = MakeBinary({"", "x", "", "yz"});
  std::string encoded;
  EncodeDeltaLengthByteArray(values, &encoded);
  BinaryData decoded = MakeBinary({"first"});
  DecodeDeltaLengthByteArray(encoded, 4, &decoded);
  EXPECT_EQ(decoded, MakeBinary({"first", "", "x", "", "yz"}));
}

TEST(DeltaLengthByteArray, RandomRoundTrip) {
  std::mt19937_64 rng(3);
  BinaryData values;
  for (int i = 0; i < 2000; ++i) {
    std::string s(rng() % 50, '\0');
    for (char& c : s) c = static_cast<char>(rng() % 256);
    values.Append(s);
  }
  std::string encoded;
  EncodeDeltaLengthByteArray(values, &encoded);
  BinaryData decoded;
  EXPECT_EQ(DecodeDeltaLengthByteArray(encoded, values.size(), &decoded), encoded.size());
  EXPECT_EQ(decoded, values);
}

TEST(DeltaLengthByteArray, FewerRequestedConsumesAllValues) {
  const BinaryData values = MakeBinary({"ab", "cde", "f"});
  std::string encoded;
  EncodeDeltaLengthByteArray(values, &encoded);
  BinaryData decoded;
  EXPECT_EQ(DecodeDeltaLengthByteArray(encoded, 2, &decoded), encoded.size());
  EXPECT_EQ(decoded, MakeBinary({"ab", "cde"}));
}

TEST(DeltaLengthByteArray, InvalidInputThrows) {
  BinaryData out;
  std::string negative = EncodeDelta<int32_t>({3, -1});
  negative += "abc";
  EXPECT_THROW(DecodeDeltaLengthByteArray(negative, 2, &out), ParquetError);
  std::string past_end = EncodeDelta<int32_t>({3, 5});
  past_end += "abcdefg";
  EXPECT_THROW(DecodeDeltaLengthByteArray(past_end, 2, &out), ParquetError);
  std::string encoded;
  EncodeDeltaLengthByteArray(MakeBinary({"Hello", "World"}), &encoded);
  for (size_t len = 0; len < encoded.size(); ++len) {
    EXPECT_THROW(DecodeDeltaLengthByteArray(encoded.substr(0, len), 2, &out), ParquetError) << len;
  }
}

TEST(DeltaLengthByteArray, AbsurdCountDoesNotAllocate) {
  BinaryData out;
  // Header declaring 2^30 values, then a block cut short.
  const std::string claims = Bytes({0x80, 0x01, 0x04, 0x80, 0x80, 0x80, 0x80, 0x04, 0x00, 0x00});
  EXPECT_THROW(DecodeDeltaLengthByteArray(claims, size_t{1} << 30, &out), ParquetError);
  // Header declaring 5 values.
  const std::string small = Bytes({0x80, 0x01, 0x04, 0x05, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00});
  EXPECT_THROW(DecodeDeltaLengthByteArray(small, size_t{1} << 30, &out), ParquetError);
  EXPECT_THROW(DecodeDeltaByteArray(claims, size_t{1} << 30, &out), ParquetError);
  EXPECT_EQ(out.size(), 0u);
}

// ---- DELTA_BYTE_ARRAY ----

TEST(DeltaByteArray, SpecExample) {
  // axis axle babble babyhood: prefixes 0 2 0 3, suffixes axis le babble yhood.
  const BinaryData values = MakeBinary({"axis", "axle", "babble", "babyhood"});
  std::string encoded;
  EncodeDeltaByteArray(values, &encoded);
  size_t prefix_bytes = 0;
  EXPECT_EQ(DecodeDelta<int32_t>(encoded, 4, &prefix_bytes), (std::vector<int32_t>{0, 2, 0, 3}));
  BinaryData suffixes;
  DecodeDeltaLengthByteArray(encoded.substr(prefix_bytes), 4, &suffixes);
  EXPECT_EQ(suffixes, MakeBinary({"axis", "le", "babble", "yhood"}));
  BinaryData decoded;
  EXPECT_EQ(DecodeDeltaByteArray(encoded + "zz", 4, &decoded), encoded.size());
  EXPECT_EQ(decoded, values);
}

TEST(DeltaByteArray, RandomRoundTrip) {
  std::mt19937_64 rng(11);
  BinaryData values;
  std::string previous;
  for (int i = 0; i < 3000; ++i) {
    std::string s = previous.substr(0, rng() % (previous.size() + 1));
    for (size_t k = rng() % 12; k > 0; --k) s.push_back(static_cast<char>('a' + rng() % 3));
    values.Append(s);
    previous = s;
  }
  std::string encoded;
  EncodeDeltaByteArray(values, &encoded);
  BinaryData decoded;
  EXPECT_EQ(DecodeDeltaByteArray(encoded, values.size(), &decoded), encoded.size());
  EXPECT_EQ(decoded, values);
}

TEST(DeltaByteArray, InvalidPrefixThrows) {
  BinaryData out;
  auto build = [](const std::vector<int32_t>& prefixes, std::initializer_list<std::string_view> suffixes) {
    std::string data = EncodeDelta(prefixes);
    EncodeDeltaLengthByteArray(MakeBinary(suffixes), &data);
    return data;
  };
  EXPECT_THROW(DecodeDeltaByteArray(build({1}, {"a"}), 1, &out), ParquetError);
  EXPECT_THROW(DecodeDeltaByteArray(build({0, 3}, {"ab", "c"}), 2, &out), ParquetError);
  EXPECT_THROW(DecodeDeltaByteArray(build({0, -1}, {"ab", "c"}), 2, &out), ParquetError);
  BinaryData valid_out;
  EXPECT_NO_THROW(DecodeDeltaByteArray(build({0, 2}, {"ab", "c"}), 2, &valid_out));
  EXPECT_EQ(valid_out, MakeBinary({"ab", "abc"}));
  const std::string valid = build({0, 2}, {"ab", "c"});
  for (size_t len = 0; len < valid.size(); ++len) {
    EXPECT_THROW(DecodeDeltaByteArray(valid.substr(0, len), 2, &out), ParquetError) << len;
  }
}

// ---- Garbage input ----

TEST(Encodings, RandomBytesThrowOrDecodeWithinBounds) {
  // Under the sanitizers this checks no decoder reads out of bounds.
  std::mt19937_64 rng(5);
  std::vector<uint32_t> levels(300);
  std::vector<int64_t> ints(300);
  for (int iter = 0; iter < 3000; ++iter) {
    std::string data(rng() % 64, '\0');
    for (char& c : data) c = static_cast<char>(rng() % 256);
    if (iter % 2 == 0 && data.size() >= 4) data.replace(0, 4, Bytes({0x80, 0x01, 0x04, 0x03}));
    const int width = static_cast<int>(rng() % 33);
    try {
      RleBitPackedDecoder decoder(data, width);
      EXPECT_LE(decoder.GetBatch(levels.data(), levels.size()), levels.size());
    } catch (const ParquetError&) {
    }
    try {
      DecodeDeltaBinaryPacked(data, rng() % 4, ints.data());
    } catch (const ParquetError&) {
    }
    BinaryData out;
    try {
      DecodeDeltaLengthByteArray(data, rng() % 4, &out);
    } catch (const ParquetError&) {
    }
    try {
      DecodeDeltaByteArray(data, rng() % 4, &out);
    } catch (const ParquetError&) {
    }
  }
}

// ---- BYTE_STREAM_SPLIT ----

TEST(ByteStreamSplit, KnownLayout) {
  const uint32_t values[2] = {0x01020304, 0x05060708};
  std::string encoded;
  EncodeByteStreamSplit(reinterpret_cast<const char*>(values), 2, 4, &encoded);
  EXPECT_EQ(encoded, Bytes({0x04, 0x08, 0x03, 0x07, 0x02, 0x06, 0x01, 0x05}));
  uint32_t decoded[2] = {};
  DecodeByteStreamSplit(encoded, 2, 4, reinterpret_cast<char*>(decoded));
  EXPECT_EQ(decoded[0], values[0]);
  EXPECT_EQ(decoded[1], values[1]);
}

TEST(ByteStreamSplit, DoubleRoundTrip) {
  std::vector<double> values(1001);
  for (size_t i = 0; i < values.size(); ++i) values[i] = static_cast<double>(i) * 1.25 - 300.0;
  std::string encoded = "prefix";
  EncodeByteStreamSplit(reinterpret_cast<const char*>(values.data()), values.size(), 8, &encoded);
  ASSERT_EQ(encoded.size(), 6 + values.size() * 8);
  std::vector<double> decoded(values.size());
  DecodeByteStreamSplit(std::string_view(encoded).substr(6), values.size(), 8,
                        reinterpret_cast<char*>(decoded.data()));
  EXPECT_EQ(decoded, values);
}

TEST(ByteStreamSplit, SizeMismatchThrows) {
  char out[16] = {};
  EXPECT_THROW(DecodeByteStreamSplit(std::string(7, 'x'), 2, 4, out), ParquetError);
  EXPECT_THROW(DecodeByteStreamSplit(std::string(9, 'x'), 2, 4, out), ParquetError);
  EXPECT_THROW(DecodeByteStreamSplit(std::string(8, 'x'), std::numeric_limits<size_t>::max() / 4 + 3, 4, out),
               ParquetError);
  EXPECT_NO_THROW(DecodeByteStreamSplit(std::string(), 0, 4, out));
}

}  // namespace
}  // namespace pdex::parquet
