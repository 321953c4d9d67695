#include "parquet/encodings.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <limits>
#include <type_traits>
#include <utility>
#include <vector>

namespace pdex::parquet {
namespace {

// Bulk unpacking loads little-endian words straight from memory.
static_assert(std::endian::native == std::endian::little, "encodings.cpp assumes a little-endian host");

const uint8_t* Bytes(std::string_view data) { return reinterpret_cast<const uint8_t*>(data.data()); }

uint64_t Load64(const uint8_t* p) {
  uint64_t v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

// Unsigned LEB128 of at most `max_bits` bits; rejects truncated varints and
// ones holding more bits.
uint64_t ReadUleb(std::string_view data, size_t& pos, int max_bits, const char* what) {
  uint64_t value = 0;
  for (int shift = 0;; shift += 7) {
    if (pos >= data.size()) throw ParquetError(std::string(what) + " varint past end of data");
    const uint64_t byte = static_cast<uint8_t>(data[pos++]);
    if (shift + 7 > max_bits && (byte >> (max_bits - shift)) != 0) {
      throw ParquetError(std::string(what) + " varint too long");
    }
    value |= (byte & 0x7F) << shift;
    if ((byte & 0x80) == 0) return value;
  }
}

void WriteUleb(uint64_t value, std::string* out) {
  while (value >= 0x80) {
    out->push_back(static_cast<char>((value & 0x7F) | 0x80));
    value >>= 7;
  }
  out->push_back(static_cast<char>(value));
}

uint64_t ZigZagDecode(uint64_t u) { return (u >> 1) ^ (0 - (u & 1)); }

uint64_t ZigZagEncode(int64_t v) {
  const auto u = static_cast<uint64_t>(v);
  return (u << 1) ^ static_cast<uint64_t>(v >> 63);
}

// Appends `n` values (each below 2^width) packed LSB-first; n * width must
// be a multiple of 8, as it is for whole groups and miniblocks.
template <typename V>
void PackBits(const V* values, size_t n, int width, std::string* out) {
  const size_t old = out->size();
  out->resize(old + n * static_cast<size_t>(width) / 8);
  char* dst = out->data() + old;
  uint64_t acc = 0;
  int bits = 0;
  for (size_t i = 0; i < n; ++i) {
    const uint64_t v = values[i];
    acc |= v << bits;
    bits += width;
    if (bits >= 64) {
      std::memcpy(dst, &acc, 8);
      dst += 8;
      bits -= 64;
      acc = bits == 0 ? 0 : v >> (width - bits);
    }
  }
  std::memcpy(dst, &acc, static_cast<size_t>(bits / 8));
}

// ---- RLE / bit-packed hybrid ----

constexpr int kMaxRleBitWidth = 32;

// Unpacks 8 values of W bits; `in` must have (7 * W) / 8 + 8 readable bytes.
template <int W>
void Unpack8(const uint8_t* in, uint32_t* out) {
  constexpr uint64_t kMask = (uint64_t{1} << W) - 1;
  if constexpr (W <= 8) {
    const uint64_t word = Load64(in);
    for (int i = 0; i < 8; ++i) out[i] = static_cast<uint32_t>((word >> (i * W)) & kMask);
  } else {
    for (int i = 0; i < 8; ++i) {
      const int bit = i * W;
      out[i] = static_cast<uint32_t>((Load64(in + bit / 8) >> (bit % 8)) & kMask);
    }
  }
}

// Unpacks `groups` groups of 8 values starting at `in`; bytes at or past
// `end` read as zero (a truncated final group).
template <int W>
void UnpackGroups(const uint8_t* in, const uint8_t* end, size_t groups, uint32_t* out) {
  if constexpr (W == 0) {
    std::fill_n(out, groups * 8, 0u);
  } else {
    for (size_t g = 0; g < groups; ++g, in += W, out += 8) {
      const auto left = static_cast<size_t>(end - in);
      if (left >= static_cast<size_t>(W) + 8) {
        Unpack8<W>(in, out);
      } else {
        std::array<uint8_t, static_cast<size_t>(W) + 8> padded{};
        std::memcpy(padded.data(), in, std::min<size_t>(W, left));
        Unpack8<W>(padded.data(), out);
      }
    }
  }
}

using UnpackFn = void (*)(const uint8_t*, const uint8_t*, size_t, uint32_t*);

template <size_t... W>
constexpr std::array<UnpackFn, sizeof...(W)> MakeUnpackTable(std::index_sequence<W...>) {
  return {&UnpackGroups<static_cast<int>(W)>...};
}

constexpr auto kUnpack = MakeUnpackTable(std::make_index_sequence<kMaxRleBitWidth + 1>());

void CheckRleBitWidth(int bit_width) {
  if (bit_width < 0 || bit_width > kMaxRleBitWidth) {
    throw ParquetError("RLE bit width " + std::to_string(bit_width) + " exceeds 32");
  }
}

// Bit-packed runs of `count` values (the final group zero-padded), split so
// each header covers at most 63 groups.
void WriteBitPacked(const uint32_t* values, size_t count, int bit_width, std::string* out) {
  constexpr size_t kMaxGroups = 63;
  for (size_t i = 0; i < count; i += kMaxGroups * 8) {
    const size_t n = std::min(count - i, kMaxGroups * 8);
    WriteUleb((((n + 7) / 8) << 1) | 1, out);
    const size_t whole = n / 8 * 8;  // only the final chunk has a partial group
    PackBits(values + i, whole, bit_width, out);
    if (whole < n) {
      std::array<uint32_t, 8> last{};
      std::copy(values + i + whole, values + i + n, last.begin());
      PackBits(last.data(), last.size(), bit_width, out);
    }
  }
}

// RLE runs of `count` copies of `value`, split so the header (count << 1)
// fits the 32 bits readers accept.
void WriteRle(uint32_t value, size_t count, int bit_width, std::string* out) {
  constexpr size_t kMaxRun = std::numeric_limits<uint32_t>::max() >> 1;
  const int value_bytes = (bit_width + 7) / 8;
  while (count > 0) {
    const size_t n = std::min(count, kMaxRun);
    WriteUleb(n << 1, out);
    for (int b = 0; b < value_bytes; ++b) out->push_back(static_cast<char>((value >> (8 * b)) & 0xFF));
    count -= n;
  }
}

// ---- DELTA_BINARY_PACKED ----

constexpr uint64_t kMaxDeltaBlockSize = uint64_t{1} << 20;

// Extracts `width` (<= 64) bits at `bit` from a miniblock that is fully
// present in [p, end).
uint64_t ExtractBits(const uint8_t* p, const uint8_t* end, size_t bit, int width) {
  const uint8_t* q = p + bit / 8;
  const int shift = static_cast<int>(bit % 8);
  uint64_t word = 0;
  if (end - q >= 8) {
    word = Load64(q);
  } else {
    std::memcpy(&word, q, static_cast<size_t>(end - q));
  }
  uint64_t value = word >> shift;
  // A 57..64-bit value at a non-zero shift spills into a ninth byte.
  if (shift + width > 64) value |= static_cast<uint64_t>(q[8]) << (64 - shift);
  return width == 64 ? value : value & ((uint64_t{1} << width) - 1);
}

// Streams a DELTA_BINARY_PACKED sequence so callers never allocate for
// values the data does not actually hold.
template <typename T>
class DeltaReader {
  using U = std::make_unsigned_t<T>;

 public:
  explicit DeltaReader(std::string_view data) : data_(data) {
    const char* what = "DELTA_BINARY_PACKED header";
    const uint64_t block_size = ReadUleb(data_, pos_, 64, what);
    const uint64_t miniblocks = ReadUleb(data_, pos_, 64, what);
    total_ = ReadUleb(data_, pos_, 64, what);
    last_ = static_cast<U>(ZigZagDecode(ReadUleb(data_, pos_, 64, what)));
    if (block_size == 0 || block_size % 128 != 0 || block_size > kMaxDeltaBlockSize) {
      throw ParquetError("DELTA_BINARY_PACKED block size " + std::to_string(block_size) +
                         " is not a positive multiple of 128 up to 2^20");
    }
    if (miniblocks == 0 || block_size % miniblocks != 0 || (block_size / miniblocks) % 32 != 0) {
      throw ParquetError("DELTA_BINARY_PACKED block of " + std::to_string(block_size) + " values cannot hold " +
                         std::to_string(miniblocks) + " miniblocks of a multiple of 32 values");
    }
    miniblocks_ = static_cast<size_t>(miniblocks);
    mini_size_ = static_cast<size_t>(block_size / miniblocks);
    mini_index_ = miniblocks_;
  }

  uint64_t total() const { return total_; }
  uint64_t remaining() const { return total_ - produced_; }
  // Bytes up to the end of the last miniblock read so far; the whole stream
  // once remaining() is 0.
  size_t consumed() const { return pos_; }

  // Decodes the next `n` (<= remaining()) values.
  void Next(T* out, size_t n) {
    if (n > 0 && produced_ == 0) {
      *out++ = static_cast<T>(last_);
      ++produced_;
      --n;
    }
    while (n > 0) {
      if (mini_left_ == 0) StartMiniblock();
      const size_t k = std::min(n, mini_left_);
      const uint8_t* end = Bytes(data_) + data_.size();
      for (size_t i = 0; i < k; ++i, mini_bit_ += static_cast<size_t>(width_)) {
        const auto delta = width_ == 0 ? U{0} : static_cast<U>(ExtractBits(mini_data_, end, mini_bit_, width_));
        last_ = static_cast<U>(last_ + min_delta_ + delta);
        out[i] = static_cast<T>(last_);
      }
      out += k;
      n -= k;
      mini_left_ -= k;
      produced_ += k;
    }
  }

  // Walks the miniblocks of the remaining values without decoding them, so
  // consumed() covers the whole stream.
  void SkipRest() {
    if (produced_ == 0 && total_ > 0) ++produced_;
    while (produced_ < total_) {
      if (mini_left_ == 0) StartMiniblock();
      const size_t k = static_cast<size_t>(std::min<uint64_t>(total_ - produced_, mini_left_));
      mini_left_ -= k;
      produced_ += k;
    }
  }

 private:
  // Only miniblocks holding values are read: trailing ones may be absent.
  void StartMiniblock() {
    if (mini_index_ == miniblocks_) {
      min_delta_ = static_cast<U>(ZigZagDecode(ReadUleb(data_, pos_, 64, "DELTA_BINARY_PACKED min delta")));
      if (data_.size() - pos_ < miniblocks_) throw ParquetError("DELTA_BINARY_PACKED bit widths past end of data");
      widths_pos_ = pos_;
      pos_ += miniblocks_;
      mini_index_ = 0;
    }
    // Deltas wrap in T, so 32 bits suffice for INT32; but some writers
    // (DuckDB) compute INT32 deltas in 64 bits and emit up to 33-bit
    // miniblocks. Those decode exactly after truncation to T.
    const int width = static_cast<uint8_t>(data_[widths_pos_ + mini_index_++]);
    if (width > 64) throw ParquetError("DELTA_BINARY_PACKED bit width " + std::to_string(width) + " exceeds 64");
    const size_t bytes = mini_size_ * static_cast<size_t>(width) / 8;
    if (data_.size() - pos_ < bytes) throw ParquetError("DELTA_BINARY_PACKED miniblock past end of data");
    width_ = width;
    mini_data_ = Bytes(data_) + pos_;
    pos_ += bytes;
    mini_left_ = mini_size_;
    mini_bit_ = 0;
  }

  std::string_view data_;
  size_t pos_ = 0;
  uint64_t total_ = 0;
  uint64_t produced_ = 0;
  U last_ = 0;
  U min_delta_ = 0;
  size_t miniblocks_ = 0;
  size_t mini_size_ = 0;
  size_t mini_index_ = 0;  // next miniblock in the block; miniblocks_ = block done
  size_t widths_pos_ = 0;
  int width_ = 0;
  const uint8_t* mini_data_ = nullptr;
  size_t mini_left_ = 0;
  size_t mini_bit_ = 0;
};

template <typename T>
void CheckTotal(const DeltaReader<T>& reader, size_t count) {
  if (reader.total() < count) {
    throw ParquetError("DELTA_BINARY_PACKED declares " + std::to_string(reader.total()) + " values, " +
                       std::to_string(count) + " expected");
  }
}

// Reads `count` int32 values, growing the vector only as values decode.
std::vector<int32_t> ReadInt32s(DeltaReader<int32_t>& reader, size_t count) {
  constexpr size_t kChunk = 4096;
  CheckTotal(reader, count);
  std::vector<int32_t> values;
  while (values.size() < count) {
    const size_t old = values.size();
    const size_t n = std::min(count - old, kChunk);
    values.resize(old + n);
    reader.Next(values.data() + old, n);
  }
  return values;
}

uint64_t SumLengths(const int32_t* lengths, size_t n) {
  uint64_t sum = 0;
  for (size_t i = 0; i < n; ++i) {
    if (lengths[i] < 0) throw ParquetError("DELTA_LENGTH_BYTE_ARRAY negative length " + std::to_string(lengths[i]));
    sum += static_cast<uint64_t>(lengths[i]);
  }
  return sum;
}

// A DELTA_LENGTH_BYTE_ARRAY stream whose value bytes were checked present.
struct LengthPrefixed {
  std::vector<int32_t> lengths;  // of the first `count` values
  uint64_t value_bytes = 0;      // their total length
  size_t data_pos = 0;           // where their bytes start
  size_t end = 0;                // bytes of the whole stream
};

LengthPrefixed ParseLengthPrefixed(std::string_view data, size_t count) {
  DeltaReader<int32_t> reader(data);
  LengthPrefixed parsed;
  parsed.lengths = ReadInt32s(reader, count);
  parsed.value_bytes = SumLengths(parsed.lengths.data(), parsed.lengths.size());
  uint64_t bytes = parsed.value_bytes;
  // Values beyond `count` still occupy the stream.
  std::array<int32_t, 256> extra;
  while (reader.remaining() > 0) {
    const size_t n = static_cast<size_t>(std::min<uint64_t>(reader.remaining(), extra.size()));
    reader.Next(extra.data(), n);
    bytes += SumLengths(extra.data(), n);
  }
  parsed.data_pos = reader.consumed();
  if (bytes > data.size() - parsed.data_pos) throw ParquetError("DELTA_LENGTH_BYTE_ARRAY values run past end of data");
  parsed.end = parsed.data_pos + static_cast<size_t>(bytes);
  return parsed;
}

int32_t CheckedLength(size_t length) {
  if (length > static_cast<size_t>(std::numeric_limits<int32_t>::max())) {
    throw ParquetError("byte array of " + std::to_string(length) + " bytes exceeds 2^31 - 1");
  }
  return static_cast<int32_t>(length);
}

}  // namespace

int BitWidth(uint64_t max_value) { return static_cast<int>(std::bit_width(max_value)); }

RleBitPackedDecoder::RleBitPackedDecoder(std::string_view data, int bit_width) : data_(data), bit_width_(bit_width) {
  CheckRleBitWidth(bit_width);
}

bool RleBitPackedDecoder::NextRun() {
  const auto width = static_cast<size_t>(bit_width_);
  // Each header takes at least one byte, so zero-length runs cannot loop forever.
  while (pos_ < data_.size()) {
    const uint64_t header = ReadUleb(data_, pos_, 32, "RLE run header");
    const uint64_t n = header >> 1;
    if ((header & 1) != 0) {
      const uint64_t bytes = n * width;
      packed_pos_ = pos_;
      pos_ = bytes > data_.size() - pos_ ? data_.size() : pos_ + static_cast<size_t>(bytes);
      packed_left_ = static_cast<size_t>(n * 8);
    } else {
      const size_t value_bytes = (width + 7) / 8;
      if (data_.size() - pos_ < value_bytes) throw ParquetError("RLE run past end of data");
      uint32_t value = 0;
      for (size_t b = 0; b < value_bytes; ++b) {
        value |= static_cast<uint32_t>(static_cast<uint8_t>(data_[pos_ + b])) << (8 * b);
      }
      pos_ += value_bytes;
      if (width < 32 && (value >> width) != 0) {
        throw ParquetError("RLE value " + std::to_string(value) + " exceeds bit width " + std::to_string(width));
      }
      run_value_ = value;
      rle_left_ = static_cast<size_t>(n);
    }
    if (n > 0) return true;
  }
  return false;
}

size_t RleBitPackedDecoder::GetBatch(uint32_t* out, size_t count) {
  const auto width = static_cast<size_t>(bit_width_);
  const UnpackFn unpack = kUnpack[width];
  const uint8_t* end = Bytes(data_) + data_.size();
  size_t done = 0;
  while (done < count) {
    if (buffered_next_ < buffered_count_) {
      const size_t n = std::min(count - done, buffered_count_ - buffered_next_);
      std::copy_n(buffered_ + buffered_next_, n, out + done);
      buffered_next_ += n;
      done += n;
    } else if (rle_left_ > 0) {
      const size_t n = std::min(count - done, rle_left_);
      std::fill_n(out + done, n, run_value_);
      rle_left_ -= n;
      done += n;
    } else if (packed_left_ > 0) {
      const size_t bytes_left = data_.size() - packed_pos_;
      size_t groups = std::min(packed_left_, count - done) / 8;
      if (width > 0) groups = std::min(groups, bytes_left / width);
      if (groups > 0) {
        unpack(Bytes(data_) + packed_pos_, end, groups, out + done);
        packed_pos_ += groups * width;
        packed_left_ -= groups * 8;
        done += groups * 8;
        continue;
      }
      // Fewer than 8 values wanted, or the group is truncated: buffer the
      // values whose bits are present and fail only if none are.
      const size_t present = std::min(packed_left_, width == 0 ? size_t{8} : std::min<size_t>(8, bytes_left * 8 / width));
      if (present == 0) throw ParquetError("bit-packed run past end of data");
      unpack(Bytes(data_) + packed_pos_, end, 1, buffered_);
      buffered_count_ = present;
      buffered_next_ = 0;
      packed_pos_ += std::min(width, bytes_left);
      packed_left_ -= present;
    } else if (!NextRun()) {
      break;
    }
  }
  return done;
}

void EncodeRleBitPacked(const uint32_t* values, size_t count, int bit_width, std::string* out) {
  CheckRleBitWidth(bit_width);
  if (bit_width < 32) {
    const uint32_t limit = uint32_t{1} << bit_width;
    for (size_t i = 0; i < count; ++i) {
      if (values[i] >= limit) {
        throw ParquetError("RLE value " + std::to_string(values[i]) + " exceeds bit width " +
                           std::to_string(bit_width));
      }
    }
  }
  // Pending bit-packed values are always values[literal_start, i).
  size_t literal_start = 0;
  size_t i = 0;
  while (i < count) {
    size_t j = i + 1;
    while (j < count && values[j] == values[i]) ++j;
    // A bit-packed run holds whole groups, so the repeat first completes the
    // pending group and is worth an RLE run only if 8 or more remain.
    const size_t fill = (8 - (i - literal_start) % 8) % 8;
    if (j - i >= fill + 8) {
      WriteBitPacked(values + literal_start, i + fill - literal_start, bit_width, out);
      WriteRle(values[i], j - i - fill, bit_width, out);
      literal_start = j;
    }
    i = j;
  }
  WriteBitPacked(values + literal_start, count - literal_start, bit_width, out);
}

template <typename T>
size_t DecodeDeltaBinaryPacked(std::string_view data, size_t count, T* out) {
  DeltaReader<T> reader(data);
  CheckTotal(reader, count);
  reader.Next(out, count);
  reader.SkipRest();
  return reader.consumed();
}

template <typename T>
void EncodeDeltaBinaryPacked(const T* values, size_t count, std::string* out) {
  using U = std::make_unsigned_t<T>;
  constexpr size_t kBlockSize = 128;
  constexpr size_t kMiniblocks = 4;
  constexpr size_t kMiniSize = kBlockSize / kMiniblocks;
  WriteUleb(kBlockSize, out);
  WriteUleb(kMiniblocks, out);
  WriteUleb(count, out);
  WriteUleb(ZigZagEncode(count > 0 ? values[0] : 0), out);
  std::array<U, kBlockSize> deltas;
  for (size_t start = 1; start < count; start += kBlockSize) {
    const size_t n = std::min(kBlockSize, count - start);
    T min_delta = std::numeric_limits<T>::max();
    for (size_t k = 0; k < n; ++k) {
      deltas[k] = static_cast<U>(static_cast<U>(values[start + k]) - static_cast<U>(values[start + k - 1]));
      min_delta = std::min(min_delta, static_cast<T>(deltas[k]));
    }
    // Every delta is >= min_delta as T, so the wrapped difference is exact.
    for (size_t k = 0; k < n; ++k) deltas[k] = static_cast<U>(deltas[k] - static_cast<U>(min_delta));
    std::fill(deltas.begin() + static_cast<std::ptrdiff_t>(n), deltas.end(), U{0});
    WriteUleb(ZigZagEncode(min_delta), out);
    std::array<int, kMiniblocks> widths{};
    for (size_t m = 0; m * kMiniSize < n; ++m) {
      const auto first = deltas.begin() + static_cast<std::ptrdiff_t>(m * kMiniSize);
      widths[m] = BitWidth(*std::max_element(first, first + kMiniSize));
    }
    for (const int w : widths) out->push_back(static_cast<char>(w));
    for (size_t m = 0; m * kMiniSize < n; ++m) PackBits(deltas.data() + m * kMiniSize, kMiniSize, widths[m], out);
  }
}

template size_t DecodeDeltaBinaryPacked<int32_t>(std::string_view, size_t, int32_t*);
template size_t DecodeDeltaBinaryPacked<int64_t>(std::string_view, size_t, int64_t*);
template void EncodeDeltaBinaryPacked<int32_t>(const int32_t*, size_t, std::string*);
template void EncodeDeltaBinaryPacked<int64_t>(const int64_t*, size_t, std::string*);

size_t DecodeDeltaLengthByteArray(std::string_view data, size_t count, BinaryData* out) {
  const LengthPrefixed parsed = ParseLengthPrefixed(data, count);
  out->Reserve(count, static_cast<size_t>(parsed.value_bytes));
  size_t pos = parsed.data_pos;
  for (const int32_t length : parsed.lengths) {
    const auto n = static_cast<size_t>(length);
    out->Append(data.substr(pos, n));
    pos += n;
  }
  return parsed.end;
}

size_t DecodeDeltaByteArray(std::string_view data, size_t count, BinaryData* out) {
  DeltaReader<int32_t> reader(data);
  const std::vector<int32_t> prefixes = ReadInt32s(reader, count);
  reader.SkipRest();
  const size_t prefix_bytes = reader.consumed();
  const std::string_view suffix_data = data.substr(prefix_bytes);
  const LengthPrefixed suffixes = ParseLengthPrefixed(suffix_data, count);
  out->Reserve(count, static_cast<size_t>(suffixes.value_bytes));
  std::string value;
  size_t pos = suffixes.data_pos;
  for (size_t i = 0; i < count; ++i) {
    const int32_t prefix = prefixes[i];
    if (prefix < 0 || static_cast<size_t>(prefix) > value.size()) {
      throw ParquetError("DELTA_BYTE_ARRAY prefix length " + std::to_string(prefix) + " invalid after a value of " +
                         std::to_string(value.size()) + " bytes");
    }
    const auto n = static_cast<size_t>(suffixes.lengths[i]);
    value.resize(static_cast<size_t>(prefix));
    value.append(suffix_data.substr(pos, n));
    pos += n;
    out->Append(value);
  }
  return prefix_bytes + suffixes.end;
}

void EncodeDeltaLengthByteArray(const BinaryData& values, std::string* out) {
  std::vector<int32_t> lengths(values.size());
  for (size_t i = 0; i < values.size(); ++i) lengths[i] = CheckedLength(values.at(i).size());
  EncodeDeltaBinaryPacked(lengths.data(), lengths.size(), out);
  out->append(values.bytes(), 0, values.offsets().back());
}

void EncodeDeltaByteArray(const BinaryData& values, std::string* out) {
  std::vector<int32_t> prefixes(values.size());
  std::vector<int32_t> suffixes(values.size());
  std::string_view previous;
  for (size_t i = 0; i < values.size(); ++i) {
    const std::string_view value = values.at(i);
    const size_t limit = std::min(previous.size(), value.size());
    const size_t common = static_cast<size_t>(
        std::mismatch(value.begin(), value.begin() + static_cast<std::ptrdiff_t>(limit), previous.begin()).first -
        value.begin());
    prefixes[i] = CheckedLength(common);
    suffixes[i] = CheckedLength(value.size() - common);
    previous = value;
  }
  EncodeDeltaBinaryPacked(prefixes.data(), prefixes.size(), out);
  EncodeDeltaBinaryPacked(suffixes.data(), suffixes.size(), out);
  for (size_t i = 0; i < values.size(); ++i) out->append(values.at(i).substr(static_cast<size_t>(prefixes[i])));
}

void DecodeByteStreamSplit(std::string_view data, size_t count, size_t width, char* out) {
  if (width != 0 && count > data.size() / width) {
    throw ParquetError("BYTE_STREAM_SPLIT data of " + std::to_string(data.size()) + " bytes is too short for " +
                       std::to_string(count) + " values");
  }
  if (data.size() != count * width) {
    throw ParquetError("BYTE_STREAM_SPLIT data of " + std::to_string(data.size()) + " bytes does not match " +
                       std::to_string(count) + " values of " + std::to_string(width) + " bytes");
  }
  for (size_t b = 0; b < width; ++b) {
    const char* stream = data.data() + b * count;
    for (size_t i = 0; i < count; ++i) out[i * width + b] = stream[i];
  }
}

void EncodeByteStreamSplit(const char* values, size_t count, size_t width, std::string* out) {
  const size_t old = out->size();
  out->resize(old + count * width);
  char* streams = out->data() + old;
  for (size_t b = 0; b < width; ++b) {
    for (size_t i = 0; i < count; ++i) streams[b * count + i] = values[i * width + b];
  }
}

}  // namespace pdex::parquet
