// Unit tests for parquet/compression.h: round trips for every supported codec,
// size checks, corrupt input, decompression bombs and codec/encoding names.
#include "support/parquet_test_util.h"
#include "parquet/compression.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "parquet/metadata.h"
#include "parquet/table.h"

namespace pdex::parquet {
namespace {

std::string Compressible(size_t size) {
  std::string out;
  out.reserve(size);
  uint64_t i = 0;
  while (out.size() < size) {
    out += "row " + std::to_string(i % 1000) + ", pokemon, fire, water; ";
    ++i;
  }
  out.resize(size);
  return out;
}

std::string Incompressible(size_t size, uint64_t seed = 42) {
  std::mt19937_64 random(seed);
  std::string out(size, '\0');
  for (size_t i = 0; i < size; i += 8) {
    const uint64_t v = random();
    for (size_t b = 0; b < 8 && i + b < size; ++b) out[i + b] = static_cast<char>((v >> (8 * b)) & 0xff);
  }
  return out;
}

std::string CompressedBy(Compression codec, const std::string& input, int level = 0) {
  std::string out;
  Compress(codec, level, input, &out);
  return out;
}

using pdex::parquet::testing::ErrorOf;

class CodecTest : public ::testing::TestWithParam<Compression> {};

std::string CodecName(const ::testing::TestParamInfo<Compression>& param_info) {
  return CompressionName(param_info.param);
}

void ExpectRoundTrip(Compression codec, const std::string& input) {
  std::string compressed;
  Compress(codec, 0, input, &compressed);
  std::string out = "stale contents";
  Decompress(codec, compressed, input.size(), &out);
  ASSERT_EQ(out.size(), input.size());
  EXPECT_TRUE(out == input) << CompressionName(codec) << " round trip of " << input.size() << " bytes differs";
}

TEST_P(CodecTest, RoundTripEmpty) { ExpectRoundTrip(GetParam(), ""); }

TEST_P(CodecTest, RoundTripSmall) {
  ExpectRoundTrip(GetParam(), "a");
  ExpectRoundTrip(GetParam(), "hello, parquet");
  ExpectRoundTrip(GetParam(), std::string("\0\0\0\xff\x01", 5));
}

TEST_P(CodecTest, RoundTripLargeCompressible) {
  const std::string input = Compressible(10 << 20);
  std::string compressed;
  Compress(GetParam(), 0, input, &compressed);
  if (GetParam() != Compression::kUncompressed) {
    EXPECT_LT(compressed.size(), input.size() / 4) << CompressionName(GetParam());
  }
  std::string out;
  Decompress(GetParam(), compressed, input.size(), &out);
  EXPECT_TRUE(out == input);
}

TEST_P(CodecTest, RoundTripLargeIncompressible) { ExpectRoundTrip(GetParam(), Incompressible(10 << 20)); }

TEST(ParquetCompression, RoundTripWithLevels) {
  const std::string input = Compressible(100000);
  for (const Compression codec : {Compression::kGzip, Compression::kZstd}) {
    for (int level : {1, 9}) {
      std::string compressed;
      Compress(codec, level, input, &compressed);
      std::string out;
      Decompress(codec, compressed, input.size(), &out);
      EXPECT_TRUE(out == input) << CompressionName(codec) << " level " << level;
    }
  }
}

TEST_P(CodecTest, ExpectedSizeSmallerThrows) {
  const std::string input = Compressible(50000);
  const std::string compressed = CompressedBy(GetParam(), input);
  std::string out;
  EXPECT_THROW(Decompress(GetParam(), compressed, input.size() - 1, &out), ParquetError);
  EXPECT_THROW(Decompress(GetParam(), compressed, input.size() / 2, &out), ParquetError);
  EXPECT_THROW(Decompress(GetParam(), compressed, 0, &out), ParquetError);
}

TEST_P(CodecTest, ExpectedSizeLargerThrows) {
  const std::string input = Compressible(50000);
  const std::string compressed = CompressedBy(GetParam(), input);
  std::string out;
  EXPECT_THROW(Decompress(GetParam(), compressed, input.size() + 1, &out), ParquetError);
  EXPECT_THROW(Decompress(GetParam(), compressed, input.size() * 2, &out), ParquetError);
}

TEST_P(CodecTest, EmptyInputWithNonZeroExpectedSizeThrows) {
  std::string out;
  EXPECT_THROW(Decompress(GetParam(), "", 10, &out), ParquetError);
}

// Codecs that really compress.
class RealCodecTest : public ::testing::TestWithParam<Compression> {};

TEST_P(RealCodecTest, TruncatedDataThrows) {
  const std::string input = Incompressible(20000) + Compressible(20000);
  const std::string compressed = CompressedBy(GetParam(), input);
  for (size_t keep : {compressed.size() - 1, compressed.size() / 2, size_t{12}}) {
    std::string out;
    EXPECT_THROW(Decompress(GetParam(), std::string_view(compressed).substr(0, keep), input.size(), &out),
                 ParquetError)
        << CompressionName(GetParam()) << " keep " << keep;
  }
}

TEST_P(RealCodecTest, GarbageThrows) {
  for (uint64_t seed = 1; seed <= 20; ++seed) {
    const std::string garbage = Incompressible(1000, seed);
    std::string out;
    EXPECT_THROW(Decompress(GetParam(), garbage, 5000, &out), ParquetError) << seed;
  }
}

INSTANTIATE_TEST_SUITE_P(AllCodecs, CodecTest,
                         ::testing::Values(Compression::kUncompressed, Compression::kSnappy, Compression::kGzip,
                                           Compression::kZstd),
                         CodecName);
INSTANTIATE_TEST_SUITE_P(CompressingCodecs, RealCodecTest,
                         ::testing::Values(Compression::kSnappy, Compression::kGzip, Compression::kZstd), CodecName);

TEST(ParquetCompression, UncompressedSizeMismatchThrows) {
  std::string out;
  EXPECT_THROW(Decompress(Compression::kUncompressed, "abc", 2, &out), ParquetError);
  EXPECT_THROW(Decompress(Compression::kUncompressed, "abc", 4, &out), ParquetError);
  Decompress(Compression::kUncompressed, "abc", 3, &out);
  EXPECT_EQ(out, "abc");
}

TEST(ParquetCompression, GzipCorruptedPayloadDetectedByChecksum) {
  const std::string input = Compressible(100000);
  std::string compressed = CompressedBy(Compression::kGzip, input);
  // Flip a bit in the CRC32 trailer (8 bytes before the end).
  compressed[compressed.size() - 8] = static_cast<char>(compressed[compressed.size() - 8] ^ 0x01);
  std::string out;
  EXPECT_THROW(Decompress(Compression::kGzip, compressed, input.size(), &out), ParquetError);
}

TEST(ParquetCompression, GzipConcatenatedMembers) {
  const std::string compressed = CompressedBy(Compression::kGzip, "abc") + CompressedBy(Compression::kGzip, "defgh");
  std::string out;
  Decompress(Compression::kGzip, compressed, 8, &out);
  EXPECT_EQ(out, "abcdefgh");
}

TEST(ParquetCompression, GzipOutputHasGzipHeader) {
  const std::string compressed = CompressedBy(Compression::kGzip, "abc");
  ASSERT_GE(compressed.size(), 18u);
  EXPECT_EQ(static_cast<uint8_t>(compressed[0]), 0x1f);
  EXPECT_EQ(static_cast<uint8_t>(compressed[1]), 0x8b);
}

TEST(ParquetCompression, SnappyCorruptCopyOffsetThrows) {
  // Stated length 10, then a 1-byte-offset copy with nothing written yet.
  const std::string bad("\x0a\x01\x00\x00", 4);
  std::string out;
  EXPECT_THROW(Decompress(Compression::kSnappy, bad, 10, &out), ParquetError);
}

// A snappy stream whose header states 1 GiB, with 5 bytes of payload.
TEST(ParquetCompression, SnappyClaimBeyondRatioThrowsWithoutAllocating) {
  constexpr size_t kClaim = size_t{1} << 30;
  std::string tiny;
  size_t v = kClaim;
  while (v >= 0x80) {
    tiny.push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  tiny.push_back(static_cast<char>(v));
  tiny += std::string("\x10" "abcde", 6);  // literal of 5 bytes
  std::string out;
  const auto start = std::chrono::steady_clock::now();
  const std::string message = ErrorOf([&] { Decompress(Compression::kSnappy, tiny, kClaim, &out); });
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_NE(message, "<no exception>");
  EXPECT_LT(elapsed, std::chrono::milliseconds(200));
  EXPECT_LT(out.capacity(), size_t{1} << 20) << "buffer grew to " << out.capacity();
}

TEST(ParquetCompression, GzipClaimBeyondRatioThrowsWithoutAllocating) {
  constexpr size_t kClaim = size_t{1} << 30;
  const std::string tiny = CompressedBy(Compression::kGzip, std::string(1000, '\0'));
  ASSERT_LT(tiny.size(), 200u);
  std::string out;
  const auto start = std::chrono::steady_clock::now();
  const std::string message = ErrorOf([&] { Decompress(Compression::kGzip, tiny, kClaim, &out); });
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_NE(message, "<no exception>");
  EXPECT_LT(elapsed, std::chrono::milliseconds(200));
  EXPECT_LT(out.capacity(), size_t{1} << 20) << "buffer grew to " << out.capacity();
}

// A real 1032:1-ish gzip bomb within the ratio still stops at the page size.
TEST(ParquetCompression, GzipBombStopsAtExpectedSize) {
  const std::string zeros(32 << 20, '\0');
  const std::string bomb = CompressedBy(Compression::kGzip, zeros, 9);
  std::string out;
  EXPECT_THROW(Decompress(Compression::kGzip, bomb, 1 << 20, &out), ParquetError);
  EXPECT_LE(out.capacity(), size_t{4} << 20);
}

TEST(ParquetCompression, ZstdBombStopsAtExpectedSize) {
  const std::string zeros(64 << 20, '\0');
  const std::string bomb = CompressedBy(Compression::kZstd, zeros);
  ASSERT_LT(bomb.size(), 64u << 10);
  std::string out;
  const std::string message = ErrorOf([&] { Decompress(Compression::kZstd, bomb, 1 << 20, &out); });
  EXPECT_NE(message, "<no exception>");
  EXPECT_LE(out.capacity(), size_t{4} << 20) << "buffer grew to " << out.capacity();
}

TEST(ParquetCompression, ZstdBombWithLyingSizeAndHugeClaimIsBounded) {
  // Claiming the frame's real size works; the buffer only grows with output.
  const std::string zeros(8 << 20, '\0');
  const std::string frame = CompressedBy(Compression::kZstd, zeros);
  std::string out;
  Decompress(Compression::kZstd, frame, zeros.size(), &out);
  EXPECT_TRUE(out == zeros);
  // Claiming 1 GiB for 8 MiB of output: throws, and never holds 1 GiB.
  std::string big;
  EXPECT_THROW(Decompress(Compression::kZstd, frame, size_t{1} << 30, &big), ParquetError);
  EXPECT_LT(big.capacity(), size_t{64} << 20);
}

TEST(ParquetCompression, UnsupportedCodecsThrowNamingThem) {
  std::string out;
  const std::string lz4 = ErrorOf([&] { Decompress(Compression::kLz4, "abc", 3, &out); });
  EXPECT_NE(lz4.find("LZ4"), std::string::npos) << lz4;
  const std::string lz4_compress = ErrorOf([&] { Compress(Compression::kLz4, 0, "abc", &out); });
  EXPECT_NE(lz4_compress.find("LZ4"), std::string::npos) << lz4_compress;
  const std::string brotli = ErrorOf([&] { Decompress(Compression::kBrotli, "abc", 3, &out); });
  EXPECT_NE(brotli.find("BROTLI"), std::string::npos) << brotli;
  const std::string lzo = ErrorOf([&] { Decompress(Compression::kLzo, "abc", 3, &out); });
  EXPECT_NE(lzo.find("LZO"), std::string::npos) << lzo;
  const std::string lz4_raw = ErrorOf([&] { Decompress(Compression::kLz4Raw, "abc", 3, &out); });
  EXPECT_NE(lz4_raw.find("LZ4_RAW"), std::string::npos) << lz4_raw;
}

TEST(ParquetCompression, ParseCompressionNames) {
  EXPECT_EQ(ParseCompression("UNCOMPRESSED"), Compression::kUncompressed);
  EXPECT_EQ(ParseCompression("uncompressed"), Compression::kUncompressed);
  EXPECT_EQ(ParseCompression("snappy"), Compression::kSnappy);
  EXPECT_EQ(ParseCompression("Gzip"), Compression::kGzip);
  EXPECT_EQ(ParseCompression("ZSTD"), Compression::kZstd);
  EXPECT_EQ(ParseCompression("lz4"), Compression::kLz4);
  EXPECT_EQ(ParseCompression("lz4_raw"), Compression::kLz4Raw);
  EXPECT_EQ(ParseCompression("brotli"), Compression::kBrotli);
  EXPECT_EQ(ParseCompression("LZO"), Compression::kLzo);
  const std::string message = ErrorOf([] { (void)ParseCompression("zippy"); });
  EXPECT_NE(message.find("zippy"), std::string::npos) << message;
  EXPECT_THROW((void)ParseCompression(""), ParquetError);
  for (int32_t c = 0; c <= 7; ++c) {
    const auto codec = static_cast<Compression>(c);
    EXPECT_EQ(ParseCompression(CompressionName(codec)), codec);
  }
}

TEST(ParquetCompression, ParseEncodingNames) {
  EXPECT_EQ(ParseEncoding("PLAIN"), Encoding::kPlain);
  EXPECT_EQ(ParseEncoding("plain_dictionary"), Encoding::kPlainDictionary);
  EXPECT_EQ(ParseEncoding("Rle"), Encoding::kRle);
  EXPECT_EQ(ParseEncoding("bit_packed"), Encoding::kBitPacked);
  EXPECT_EQ(ParseEncoding("DELTA_BINARY_PACKED"), Encoding::kDeltaBinaryPacked);
  EXPECT_EQ(ParseEncoding("delta_length_byte_array"), Encoding::kDeltaLengthByteArray);
  EXPECT_EQ(ParseEncoding("DELTA_BYTE_ARRAY"), Encoding::kDeltaByteArray);
  EXPECT_EQ(ParseEncoding("rle_dictionary"), Encoding::kRleDictionary);
  EXPECT_EQ(ParseEncoding("BYTE_STREAM_SPLIT"), Encoding::kByteStreamSplit);
  const std::string message = ErrorOf([] { (void)ParseEncoding("GROUP_VAR_INT"); });
  EXPECT_NE(message.find("GROUP_VAR_INT"), std::string::npos) << message;
  EXPECT_THROW((void)ParseEncoding("PLAIN "), ParquetError);
  EXPECT_STREQ(EncodingName(Encoding::kByteStreamSplit), "BYTE_STREAM_SPLIT");
  EXPECT_STREQ(CompressionName(Compression::kZstd), "ZSTD");
  EXPECT_STREQ(PhysicalTypeName(PhysicalType::kFixedLenByteArray), "FIXED_LEN_BYTE_ARRAY");
}

}  // namespace
}  // namespace pdex::parquet
