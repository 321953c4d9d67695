// Parquet value and level encodings (Apache Parquet format, Encodings.md):
// the RLE / bit-packing hybrid, DELTA_BINARY_PACKED, DELTA_LENGTH_BYTE_ARRAY,
// DELTA_BYTE_ARRAY and BYTE_STREAM_SPLIT. Pure functions over byte spans.
//
// Decoders never read outside `data` and never produce more values than the
// caller asks for; truncated or inconsistent input throws ParquetError.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "parquet/table.h"

namespace pdex::parquet {

// Bits needed for values up to `max_value` (0 for 0).
int BitWidth(uint64_t max_value);

// The RLE / bit-packed hybrid without a length prefix, for bit widths 0..32.
class RleBitPackedDecoder {
 public:
  RleBitPackedDecoder(std::string_view data, int bit_width);
  // Decodes up to `count` values into `out`; returns how many were decoded,
  // fewer than `count` only when the data ends.
  size_t GetBatch(uint32_t* out, size_t count);

 private:
  bool NextRun();

  std::string_view data_;
  size_t pos_ = 0;
  int bit_width_;
  uint32_t run_value_ = 0;
  size_t rle_left_ = 0;      // values left in the current RLE run
  size_t packed_left_ = 0;   // values left in the current bit-packed run
  size_t packed_pos_ = 0;    // byte offset of the next packed group
  uint32_t buffered_[8] = {};
  size_t buffered_count_ = 0, buffered_next_ = 0;
};

// Appends the hybrid encoding of `values` (each < 2^bit_width) to `out`:
// RLE runs for repeats of 8 or more, bit-packed groups of 8 otherwise.
void EncodeRleBitPacked(const uint32_t* values, size_t count, int bit_width, std::string* out);

// DELTA_BINARY_PACKED for INT32 (wrapping 32-bit arithmetic) and INT64.
// Decodes exactly `count` values; returns the bytes consumed.
template <typename T>
size_t DecodeDeltaBinaryPacked(std::string_view data, size_t count, T* out);
template <typename T>
void EncodeDeltaBinaryPacked(const T* values, size_t count, std::string* out);

// DELTA_LENGTH_BYTE_ARRAY and DELTA_BYTE_ARRAY: decode exactly `count`
// values, appended to `out`; return the bytes consumed.
size_t DecodeDeltaLengthByteArray(std::string_view data, size_t count, BinaryData* out);
size_t DecodeDeltaByteArray(std::string_view data, size_t count, BinaryData* out);
void EncodeDeltaLengthByteArray(const BinaryData& values, std::string* out);
void EncodeDeltaByteArray(const BinaryData& values, std::string* out);

// BYTE_STREAM_SPLIT of `count` values `width` bytes wide: `data` holds
// `width` streams of `count` bytes; `out` receives count * width bytes of
// little-endian values. Throws if data.size() != count * width.
void DecodeByteStreamSplit(std::string_view data, size_t count, size_t width, char* out);
void EncodeByteStreamSplit(const char* values, size_t count, size_t width, std::string* out);

}  // namespace pdex::parquet
