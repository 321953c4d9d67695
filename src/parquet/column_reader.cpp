#include "parquet/column_reader.h"

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "parquet/compression.h"
#include "parquet/encodings.h"

namespace pdex::parquet {

namespace {


// Nanoseconds between the Julian day 0 epoch of INT96 and 1970-01-01.
constexpr int64_t kJulianDayOfUnixEpoch = 2440588;
constexpr int64_t kNanosPerDay = 86400LL * 1000 * 1000 * 1000;

// Where decoded values go: the column's own vectors when a page has no nulls,
// staging vectors otherwise.
struct Sink {
  std::vector<int64_t>* ints;
  std::vector<double>* doubles;
  BinaryData* binary;
};

template <typename T>
T LoadLE(const char* p) {
  T v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

class ChunkDecoder {
 public:
  ChunkDecoder(const Field& field, Compression codec, int64_t num_rows, const ReaderOptions& options)
      : field_(field),
        codec_(codec),
        num_rows_(static_cast<size_t>(num_rows)),
        column_(field.name, field.type, field.nullable, InitialStorage(field, options)) {}

  void Page(const PageHeader& header, std::string_view body);
  Column Finish();

 private:
  static Storage InitialStorage(const Field& field, const ReaderOptions& options) {
    const bool categorical = field.type.kind == TypeKind::kString || field.type.kind == TypeKind::kBinary;
    return categorical && options.keep_dictionaries ? Storage::kDictionary : DefaultStorage(field.type);
  }

  [[noreturn]] void Fail(const std::string& what) const {
    throw ParquetError("column '" + field_.name + "': " + what);
  }

  void DictionaryPage(const PageHeader& header, std::string_view body);
  void DataPage(const PageHeader& header, std::string_view body);
  void DecodeValues(Encoding encoding, std::string_view data, size_t count, Sink sink, bool direct);
  void DecodeFixed(const char* raw, size_t count, Sink sink);
  void AppendDecimalBytes(std::string_view big_endian, Sink sink);
  void ConvertByteArrays(const BinaryData& raw, Sink sink);
  void DecodeDictionaryIndices(std::string_view data, size_t count, std::vector<uint32_t>* indices);
  void LeaveDictionaryStorage();
  void Scatter(const std::vector<uint8_t>& validity, size_t count);
  size_t FixedWidth() const;

  const Field& field_;
  Compression codec_;
  size_t num_rows_;
  Column column_;
  size_t rows_read_ = 0;
  bool have_dictionary_ = false;
  // The dictionary, in the column's value form.
  std::vector<int64_t> dict_ints_;
  std::vector<double> dict_doubles_;
  BinaryData dict_binary_;
  // Reused per page.
  std::string page_buffer_;
  std::vector<uint32_t> indices_;
  std::vector<uint8_t> page_validity_;
  std::vector<int64_t> stage_ints_;
  std::vector<double> stage_doubles_;
  BinaryData stage_binary_;
};

size_t ChunkDecoder::FixedWidth() const {
  switch (field_.physical) {
    case PhysicalType::kInt32:
    case PhysicalType::kFloat: return 4;
    case PhysicalType::kInt64:
    case PhysicalType::kDouble: return 8;
    case PhysicalType::kInt96: return 12;
    case PhysicalType::kFixedLenByteArray: return static_cast<size_t>(field_.type_length);
    default: return 0;
  }
}

void ChunkDecoder::Page(const PageHeader& header, std::string_view body) {
  switch (header.type) {
    case PageType::kDictionaryPage: DictionaryPage(header, body); return;
    case PageType::kDataPage:
    case PageType::kDataPageV2: DataPage(header, body); return;
    case PageType::kIndexPage: return;  // never written by current writers; nothing to decode
  }
}

void ChunkDecoder::DictionaryPage(const PageHeader& header, std::string_view body) {
  if (!header.dictionary_page_header) Fail("dictionary page without its header");
  if (have_dictionary_ || rows_read_ > 0) Fail("dictionary page after data pages or a second dictionary page");
  const auto& dict = *header.dictionary_page_header;
  if (dict.encoding != Encoding::kPlain && dict.encoding != Encoding::kPlainDictionary) {
    Fail(std::string("dictionary page encoded as ") + EncodingName(dict.encoding));
  }
  if (dict.num_values < 0) Fail("negative dictionary size");
  if (field_.physical == PhysicalType::kBoolean) Fail("BOOLEAN columns cannot be dictionary-encoded");
  Decompress(codec_, body, static_cast<size_t>(header.uncompressed_page_size), &page_buffer_);
  const std::string dictionary_bytes = std::move(page_buffer_);
  DecodeValues(Encoding::kPlain, dictionary_bytes, static_cast<size_t>(dict.num_values),
               Sink{&dict_ints_, &dict_doubles_, &dict_binary_}, false);
  have_dictionary_ = true;
  if (column_.storage() == Storage::kDictionary) column_.dictionary() = dict_binary_;
}

void ChunkDecoder::DataPage(const PageHeader& header, std::string_view body) {
  const bool v2 = header.type == PageType::kDataPageV2;
  if (v2 ? !header.data_page_header_v2 : !header.data_page_header) Fail("data page without its header");
  const int32_t claimed = v2 ? header.data_page_header_v2->num_values : header.data_page_header->num_values;
  const Encoding encoding = v2 ? header.data_page_header_v2->encoding : header.data_page_header->encoding;
  if (claimed < 0) Fail("negative value count in a data page");
  const auto num_values = static_cast<size_t>(claimed);
  if (num_values > num_rows_ - rows_read_) {
    Fail("pages hold more values than the row group's " + std::to_string(num_rows_) + " rows");
  }

  // Locate the definition levels and the (decompressed) values.
  std::string_view levels;
  std::string_view values;
  if (v2) {
    const auto& h = *header.data_page_header_v2;
    if (h.definition_levels_byte_length < 0 || h.repetition_levels_byte_length != 0) {
      Fail("data page v2 with repetition levels or negative level length (nested data is not supported)");
    }
    const auto def_length = static_cast<size_t>(h.definition_levels_byte_length);
    if (def_length > body.size() || def_length > static_cast<size_t>(header.uncompressed_page_size)) {
      Fail("definition levels longer than the page");
    }
    levels = body.substr(0, def_length);
    const std::string_view rest = body.substr(def_length);
    const size_t rest_size = static_cast<size_t>(header.uncompressed_page_size) - def_length;
    if (h.is_compressed && codec_ != Compression::kUncompressed) {
      Decompress(codec_, rest, rest_size, &page_buffer_);
      values = page_buffer_;
    } else {
      if (rest.size() != rest_size) Fail("uncompressed data page v2 size mismatch");
      values = rest;
    }
  } else {
    const auto& h = *header.data_page_header;
    Decompress(codec_, body, static_cast<size_t>(header.uncompressed_page_size), &page_buffer_);
    values = page_buffer_;
    if (field_.nullable) {
      if (h.definition_level_encoding != Encoding::kRle) {
        Fail(std::string("definition levels encoded as ") + EncodingName(h.definition_level_encoding) +
             " are not supported");
      }
      if (values.size() < 4) Fail("data page too short for its definition levels");
      const auto length = LoadLE<uint32_t>(values.data());
      if (length > values.size() - 4) Fail("definition levels longer than the page");
      levels = values.substr(4, length);
      values = values.substr(4 + length);
    }
  }

  // Definition levels: 1 = value present, 0 = null.
  size_t present = num_values;
  const bool has_levels = field_.nullable;
  if (has_levels) {
    page_validity_.resize(num_values);
    indices_.resize(num_values);
    RleBitPackedDecoder decoder(levels, 1);
    if (decoder.GetBatch(indices_.data(), num_values) != num_values) Fail("definition levels end early");
    present = 0;
    for (size_t i = 0; i < num_values; ++i) {
      page_validity_[i] = static_cast<uint8_t>(indices_[i]);
      present += indices_[i];
    }
  } else if (v2 && !levels.empty()) {
    Fail("definition levels in a REQUIRED column");
  }

  const bool dictionary_page =
      encoding == Encoding::kPlainDictionary || encoding == Encoding::kRleDictionary;
  if (column_.storage() == Storage::kDictionary && !dictionary_page) LeaveDictionaryStorage();

  const bool direct = present == num_values;
  if (direct) {
    DecodeValues(encoding, values, num_values,
                 Sink{&column_.ints(), &column_.doubles(), &column_.binary()}, true);
    if (!column_.validity().empty()) column_.validity().insert(column_.validity().end(), num_values, 1);
  } else {
    stage_ints_.clear();
    stage_doubles_.clear();
    stage_binary_.Clear();
    DecodeValues(encoding, values, present, Sink{&stage_ints_, &stage_doubles_, &stage_binary_}, false);
    Scatter(page_validity_, num_values);
  }
  rows_read_ += num_values;
}

// Moves a dictionary-stored column to plain strings: a writer fell back from
// dictionary to plain pages part-way through the chunk.
void ChunkDecoder::LeaveDictionaryStorage() {
  Column plain(field_.name, field_.type, field_.nullable, DefaultStorage(field_.type));
  BinaryData& binary = plain.binary();
  for (size_t row = 0; row < column_.codes().size(); ++row) {
    binary.Append(column_.IsNull(row) ? std::string_view()
                                      : column_.dictionary().at(static_cast<size_t>(column_.codes()[row])));
  }
  plain.validity() = std::move(column_.validity());
  plain.SetSize(binary.size());
  column_ = std::move(plain);
}

void ChunkDecoder::DecodeDictionaryIndices(std::string_view data, size_t count, std::vector<uint32_t>* indices) {
  if (!have_dictionary_) Fail("dictionary-encoded page without a dictionary page");
  indices->clear();
  if (data.empty()) {
    if (count == 0) return;
    Fail("dictionary indices missing");
  }
  const int bit_width = static_cast<uint8_t>(data[0]);
  if (bit_width > 32) Fail("dictionary index bit width " + std::to_string(bit_width));
  indices->resize(count);
  RleBitPackedDecoder decoder(data.substr(1), bit_width);
  if (decoder.GetBatch(indices->data(), count) != count) Fail("dictionary indices end early");
  const Storage storage = DefaultStorage(field_.type);
  const size_t dict_size = storage == Storage::kInt64    ? dict_ints_.size()
                           : storage == Storage::kDouble ? dict_doubles_.size()
                                                         : dict_binary_.size();
  for (uint32_t index : *indices) {
    if (index >= dict_size) Fail("dictionary index " + std::to_string(index) + " out of range");
  }
}

void ChunkDecoder::DecodeValues(Encoding encoding, std::string_view data, size_t count, Sink sink, bool direct) {
  const Storage storage = DefaultStorage(field_.type);
  const bool dictionary_encoded = encoding == Encoding::kPlainDictionary || encoding == Encoding::kRleDictionary;

  if (dictionary_encoded) {
    DecodeDictionaryIndices(data, count, &indices_);
    if (column_.storage() == Storage::kDictionary) {
      // Codes go straight into the column; nulls are scattered later.
      auto& codes = column_.codes();
      if (direct) {
        codes.insert(codes.end(), indices_.begin(), indices_.end());
      } else {
        stage_ints_.assign(indices_.begin(), indices_.end());
      }
      return;
    }
    switch (storage) {
      case Storage::kInt64:
        for (uint32_t i : indices_) sink.ints->push_back(dict_ints_[i]);
        return;
      case Storage::kDouble:
        for (uint32_t i : indices_) sink.doubles->push_back(dict_doubles_[i]);
        return;
      default:
        for (uint32_t i : indices_) sink.binary->Append(dict_binary_.at(i));
        return;
    }
  }
  const size_t width = FixedWidth();
  switch (encoding) {
    case Encoding::kPlain: {
      if (field_.physical == PhysicalType::kBoolean) {
        if (data.size() < (count + 7) / 8) Fail("BOOLEAN page data truncated");
        for (size_t i = 0; i < count; ++i) {
          sink.ints->push_back((static_cast<uint8_t>(data[i / 8]) >> (i % 8)) & 1);
        }
        return;
      }
      if (field_.physical == PhysicalType::kByteArray) {
        BinaryData raw;
        BinaryData& target = field_.type.kind == TypeKind::kDecimal ? raw : *sink.binary;
        size_t pos = 0;
        for (size_t i = 0; i < count; ++i) {
          if (data.size() - pos < 4) Fail("BYTE_ARRAY page data truncated");
          const auto length = LoadLE<uint32_t>(data.data() + pos);
          pos += 4;
          if (length > data.size() - pos) Fail("BYTE_ARRAY value past the end of the page");
          target.Append(data.substr(pos, length));
          pos += length;
        }
        if (&target == &raw) ConvertByteArrays(raw, sink);
        return;
      }
      if (width == 0 || count > data.size() / width) Fail("page data truncated");
      DecodeFixed(data.data(), count, sink);
      return;
    }
    case Encoding::kRle: {
      if (field_.physical != PhysicalType::kBoolean) Fail("RLE values are only defined for BOOLEAN");
      if (data.size() < 4) Fail("RLE boolean data truncated");
      const auto length = LoadLE<uint32_t>(data.data());
      if (length > data.size() - 4) Fail("RLE boolean data truncated");
      indices_.resize(count);
      RleBitPackedDecoder decoder(data.substr(4, length), 1);
      if (decoder.GetBatch(indices_.data(), count) != count) Fail("RLE boolean data ends early");
      sink.ints->insert(sink.ints->end(), indices_.begin(), indices_.end());
      return;
    }
    case Encoding::kDeltaBinaryPacked: {
      if (field_.physical == PhysicalType::kInt32) {
        std::vector<int32_t> raw(count);
        DecodeDeltaBinaryPacked<int32_t>(data, count, raw.data());
        DecodeFixed(reinterpret_cast<const char*>(raw.data()), count, sink);
      } else if (field_.physical == PhysicalType::kInt64) {
        std::vector<int64_t> raw(count);
        DecodeDeltaBinaryPacked<int64_t>(data, count, raw.data());
        DecodeFixed(reinterpret_cast<const char*>(raw.data()), count, sink);
      } else {
        Fail("DELTA_BINARY_PACKED is only defined for INT32 and INT64");
      }
      return;
    }
    case Encoding::kDeltaLengthByteArray:
    case Encoding::kDeltaByteArray: {
      const bool fixed = field_.physical == PhysicalType::kFixedLenByteArray;
      if (field_.physical != PhysicalType::kByteArray &&
          !(fixed && encoding == Encoding::kDeltaByteArray)) {
        Fail(std::string(EncodingName(encoding)) + " used on " + PhysicalTypeName(field_.physical));
      }
      BinaryData raw;
      if (encoding == Encoding::kDeltaByteArray) {
        DecodeDeltaByteArray(data, count, &raw);
      } else {
        DecodeDeltaLengthByteArray(data, count, &raw);
      }
      if (fixed) {
        for (size_t i = 0; i < raw.size(); ++i) {
          if (raw.at(i).size() != width) Fail("value of the wrong length in a FIXED_LEN_BYTE_ARRAY column");
        }
        DecodeFixed(raw.bytes().data(), count, sink);
      } else {
        ConvertByteArrays(raw, sink);
      }
      return;
    }
    case Encoding::kByteStreamSplit: {
      if (width == 0 || field_.physical == PhysicalType::kInt96) Fail("BYTE_STREAM_SPLIT on a variable-width column");
      if (count > data.size() / width) Fail("BYTE_STREAM_SPLIT data truncated");
      std::string raw(count * width, '\0');
      DecodeByteStreamSplit(data.substr(0, count * width), count, width, raw.data());
      DecodeFixed(raw.data(), count, sink);
      return;
    }
    default:
      Fail(std::string("encoding ") + EncodingName(encoding) + " is not supported for values");
  }
}

// `raw` holds `count` little-endian values of the physical width.
void ChunkDecoder::DecodeFixed(const char* raw, size_t count, Sink sink) {
  const TypeKind kind = field_.type.kind;
  switch (field_.physical) {
    case PhysicalType::kInt32: {
      const bool unsigned_kind = kind == TypeKind::kUInt8 || kind == TypeKind::kUInt16 || kind == TypeKind::kUInt32;
      const size_t base = sink.ints->size();
      sink.ints->resize(base + count);
      int64_t* out = sink.ints->data() + base;
      if (unsigned_kind) {
        for (size_t i = 0; i < count; ++i) out[i] = LoadLE<uint32_t>(raw + 4 * i);
      } else {
        for (size_t i = 0; i < count; ++i) out[i] = LoadLE<int32_t>(raw + 4 * i);
      }
      return;
    }
    case PhysicalType::kInt64: {
      const size_t base = sink.ints->size();
      sink.ints->resize(base + count);
      if (count > 0) std::memcpy(sink.ints->data() + base, raw, count * 8);
      return;
    }
    case PhysicalType::kInt96: {
      for (size_t i = 0; i < count; ++i) {
        const auto nanos_of_day = LoadLE<int64_t>(raw + 12 * i);
        const auto julian_day = LoadLE<int32_t>(raw + 12 * i + 8);
        const Int128 nanos = static_cast<Int128>(julian_day - kJulianDayOfUnixEpoch) * kNanosPerDay + nanos_of_day;
        if (nanos > INT64_MAX || nanos < INT64_MIN) Fail("INT96 timestamp out of range");
        sink.ints->push_back(static_cast<int64_t>(nanos));
      }
      return;
    }
    case PhysicalType::kFloat: {
      const size_t base = sink.doubles->size();
      sink.doubles->resize(base + count);
      double* out = sink.doubles->data() + base;
      for (size_t i = 0; i < count; ++i) out[i] = static_cast<double>(LoadLE<float>(raw + 4 * i));
      return;
    }
    case PhysicalType::kDouble: {
      const size_t base = sink.doubles->size();
      sink.doubles->resize(base + count);
      if (count > 0) std::memcpy(sink.doubles->data() + base, raw, count * 8);
      return;
    }
    case PhysicalType::kFixedLenByteArray: {
      const auto width = static_cast<size_t>(field_.type_length);
      if (kind == TypeKind::kDecimal) {
        for (size_t i = 0; i < count; ++i) AppendDecimalBytes(std::string_view(raw + width * i, width), sink);
      } else {
        sink.binary->Reserve(count, count * width);
        for (size_t i = 0; i < count; ++i) sink.binary->Append(std::string_view(raw + width * i, width));
      }
      return;
    }
    default:
      Fail("fixed-width decoding of a variable-width column");
  }
}

// Two's complement big-endian bytes (FLBA or BYTE_ARRAY decimals).
void ChunkDecoder::AppendDecimalBytes(std::string_view be, Sink sink) {
  if (be.empty() || be.size() > 16) Fail("decimal of " + std::to_string(be.size()) + " bytes");
  const Int128 value = BigEndianToInt128(be);
  if (field_.type.precision <= kMaxInt64DecimalPrecision) {
    if (value > INT64_MAX || value < INT64_MIN) Fail("decimal value out of range for its precision");
    sink.ints->push_back(static_cast<int64_t>(value));
    return;
  }
  sink.binary->Append(Int128ToBigEndian(value));
}

void ChunkDecoder::ConvertByteArrays(const BinaryData& raw, Sink sink) {
  if (field_.type.kind == TypeKind::kDecimal) {
    for (size_t i = 0; i < raw.size(); ++i) AppendDecimalBytes(raw.at(i), sink);
  } else if (sink.binary->size() == 0) {
    *sink.binary = raw;
  } else {
    for (size_t i = 0; i < raw.size(); ++i) sink.binary->Append(raw.at(i));
  }
}

// Spreads the staged non-null values over the page's rows.
void ChunkDecoder::Scatter(const std::vector<uint8_t>& validity, size_t count) {
  auto& column_validity = column_.validity();
  if (column_validity.empty()) column_validity.assign(rows_read_, 1);
  column_validity.insert(column_validity.end(), validity.begin(), validity.begin() + static_cast<std::ptrdiff_t>(count));
  size_t next = 0;
  switch (column_.storage()) {
    case Storage::kInt64:
      for (size_t i = 0; i < count; ++i) column_.ints().push_back(validity[i] ? stage_ints_[next++] : 0);
      return;
    case Storage::kDouble:
      for (size_t i = 0; i < count; ++i) column_.doubles().push_back(validity[i] ? stage_doubles_[next++] : 0.0);
      return;
    case Storage::kBinary:
      for (size_t i = 0; i < count; ++i) column_.binary().Append(validity[i] ? stage_binary_.at(next++) : std::string_view());
      return;
    case Storage::kDictionary:
      for (size_t i = 0; i < count; ++i) {
        column_.codes().push_back(validity[i] ? static_cast<int32_t>(stage_ints_[next++]) : 0);
      }
      return;
  }
}

Column ChunkDecoder::Finish() {
  if (rows_read_ != num_rows_) {
    Fail("pages hold " + std::to_string(rows_read_) + " values, the row group " + std::to_string(num_rows_) + " rows");
  }
  column_.SetSize(rows_read_);
  return std::move(column_);
}

}  // namespace

Column ReadColumnChunk(const RandomAccessFile& file, const ColumnChunk& chunk, const Field& field, int64_t num_rows,
                       const ReaderOptions& options) {
  const auto fail = [&](const std::string& what) -> void {
    throw ParquetError("column '" + field.name + "': " + what);
  };
  if (chunk.file_path) fail("column data in another file is not supported");
  if (!chunk.meta_data) fail("column chunk without metadata");
  const ColumnMetaData& meta = *chunk.meta_data;
  if (meta.type != field.physical) fail("chunk type differs from the schema");
  if (meta.num_values != num_rows) {
    fail("chunk holds " + std::to_string(meta.num_values) + " values, the row group " + std::to_string(num_rows) +
         " rows");
  }
  int64_t start = meta.data_page_offset;
  if (meta.dictionary_page_offset && *meta.dictionary_page_offset > 0 && *meta.dictionary_page_offset < start) {
    start = *meta.dictionary_page_offset;
  }
  const uint64_t file_size = file.Size();
  if (start < 4 || meta.total_compressed_size < 0 || static_cast<uint64_t>(start) > file_size ||
      static_cast<uint64_t>(meta.total_compressed_size) > file_size - static_cast<uint64_t>(start)) {
    fail("chunk byte range lies outside the file");
  }
  std::string bytes(static_cast<size_t>(meta.total_compressed_size), '\0');
  file.ReadAt(static_cast<uint64_t>(start), bytes.size(), bytes.data());

  ChunkDecoder decoder(field, meta.codec, num_rows, options);
  const std::string_view data(bytes);
  size_t pos = 0;
  while (pos < data.size()) {
    size_t header_length = 0;
    const PageHeader header = ParsePageHeader(data.substr(pos), &header_length);
    pos += header_length;
    const auto compressed = static_cast<size_t>(header.compressed_page_size);
    if (compressed > data.size() - pos) fail("page runs past the end of the chunk");
    if (compressed > options.max_page_bytes || static_cast<uint64_t>(header.uncompressed_page_size) > options.max_page_bytes) {
      fail("page of " + std::to_string(header.uncompressed_page_size) + " bytes exceeds the reader's limit");
    }
    decoder.Page(header, data.substr(pos, compressed));
    pos += compressed;
  }
  return decoder.Finish();
}

}  // namespace pdex::parquet
