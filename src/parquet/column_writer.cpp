#include "parquet/column_writer.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <unordered_map>
#include <vector>

#include "parquet/compression.h"
#include "parquet/encodings.h"

namespace pdex::parquet {

namespace {

// Statistics longer than this are left out rather than bloating the footer.
constexpr size_t kMaxStatisticBytes = 1024;

PhysicalType PhysicalFor(const ColumnType& type) {
  switch (type.kind) {
    case TypeKind::kBoolean: return PhysicalType::kBoolean;
    case TypeKind::kInt8: case TypeKind::kInt16: case TypeKind::kInt32:
    case TypeKind::kUInt8: case TypeKind::kUInt16: case TypeKind::kUInt32:
    case TypeKind::kDate:
      return PhysicalType::kInt32;
    case TypeKind::kInt64: case TypeKind::kUInt64: case TypeKind::kTimestamp:
      return PhysicalType::kInt64;
    case TypeKind::kTime: return type.unit == TimeUnit::kMillis ? PhysicalType::kInt32 : PhysicalType::kInt64;
    case TypeKind::kFloat: return PhysicalType::kFloat;
    case TypeKind::kDouble: return PhysicalType::kDouble;
    case TypeKind::kString: case TypeKind::kBinary: return PhysicalType::kByteArray;
    case TypeKind::kFixedBinary: return PhysicalType::kFixedLenByteArray;
    case TypeKind::kDecimal:
      return type.precision <= 9                          ? PhysicalType::kInt32
             : type.precision <= kMaxInt64DecimalPrecision ? PhysicalType::kInt64
                                                           : PhysicalType::kFixedLenByteArray;
  }
  return PhysicalType::kByteArray;
}

size_t PhysicalWidth(PhysicalType physical, const ColumnType& type) {
  switch (physical) {
    case PhysicalType::kInt32: case PhysicalType::kFloat: return 4;
    case PhysicalType::kInt64: case PhysicalType::kDouble: return 8;
    case PhysicalType::kFixedLenByteArray:
      return type.kind == TypeKind::kDecimal ? 16 : static_cast<size_t>(type.byte_width);
    default: return 0;
  }
}

// The non-null values of a row range in physical form: little-endian fixed
// width bytes, or byte arrays, or dictionary-ready keys.
struct PhysicalValues {
  std::string fixed;   // count * width bytes (INT32, INT64, FLOAT, DOUBLE, FLBA)
  BinaryData arrays;   // BYTE_ARRAY
  std::vector<uint32_t> booleans;
  size_t count = 0;
};

class ChunkEncoder {
 public:
  ChunkEncoder(const Column& column, size_t begin, size_t end, const WriterOptions& options)
      : column_(column),
        begin_(begin),
        end_(end),
        options_(options),
        physical_(PhysicalFor(column.type())),
        width_(PhysicalWidth(physical_, column.type())) {}

  EncodedChunk Encode();

 private:
  [[noreturn]] void Fail(const std::string& what) const {
    throw ParquetError("column '" + column_.name() + "': " + what);
  }
  bool Valid(size_t row) const { return !column_.IsNull(row); }
  Encoding ChooseEncoding();
  void CheckEncoding(Encoding encoding) const;
  void Gather(size_t begin, size_t end, PhysicalValues* out) const;
  void AppendFixed(size_t row, std::string* out) const;
  // FLOAT or DOUBLE little-endian bytes of `value`, per the physical type.
  void AppendFloating(double value, std::string* out) const;
  bool BuildDictionary();
  std::string EncodeValues(size_t begin, size_t end, Encoding encoding);
  void WritePage(PageHeader header, const std::string& levels, const std::string& values);
  void UpdateStatistics(size_t row);
  Statistics FinishStatistics(int64_t null_count) const;

  const Column& column_;
  size_t begin_, end_;
  const WriterOptions& options_;
  PhysicalType physical_;
  size_t width_;
  EncodedChunk chunk_;
  std::string compressed_;
  // Dictionary encoding: per non-null row (in order) its index.
  std::vector<uint32_t> indices_;
  size_t indices_written_ = 0;
  PhysicalValues dictionary_;
  size_t dictionary_entries_ = 0;
  // Statistics: rows holding the smallest and largest values so far.
  std::optional<size_t> min_row_, max_row_;
};

void ChunkEncoder::CheckEncoding(Encoding encoding) const {
  const bool ok = [&] {
    switch (encoding) {
      case Encoding::kPlain: return true;
      case Encoding::kPlainDictionary:
      case Encoding::kRleDictionary: return physical_ != PhysicalType::kBoolean;
      case Encoding::kRle: return physical_ == PhysicalType::kBoolean;
      case Encoding::kDeltaBinaryPacked: return physical_ == PhysicalType::kInt32 || physical_ == PhysicalType::kInt64;
      case Encoding::kDeltaLengthByteArray: return physical_ == PhysicalType::kByteArray;
      case Encoding::kDeltaByteArray:
        return physical_ == PhysicalType::kByteArray || physical_ == PhysicalType::kFixedLenByteArray;
      case Encoding::kByteStreamSplit: return width_ > 0;
      default: return false;
    }
  }();
  if (!ok) Fail(std::string(EncodingName(encoding)) + " does not apply to " + PhysicalTypeName(physical_));
}

Encoding DefaultEncoding(const Column& column, const WriterOptions& options, PhysicalType physical) {
  if (auto it = options.column_encodings.find(column.name()); it != options.column_encodings.end()) return it->second;
  return physical == PhysicalType::kByteArray ? Encoding::kRleDictionary : Encoding::kPlain;
}

Encoding ChunkEncoder::ChooseEncoding() {
  Encoding encoding = DefaultEncoding(column_, options_, physical_);
  CheckEncoding(encoding);
  const bool overridden = options_.column_encodings.count(column_.name()) > 0;
  if ((encoding == Encoding::kRleDictionary || encoding == Encoding::kPlainDictionary) && !BuildDictionary()) {
    if (overridden) Fail("dictionary larger than dictionary_max_bytes");
    encoding = Encoding::kPlain;  // too many distinct values: plain is smaller
  }
  return encoding;
}

void ChunkEncoder::AppendFixed(size_t row, std::string* out) const {
  char bytes[16];
  switch (physical_) {
    case PhysicalType::kInt32: {
      const auto v = static_cast<uint32_t>(static_cast<uint64_t>(column_.ints()[row]));
      std::memcpy(bytes, &v, 4);
      break;
    }
    case PhysicalType::kInt64: std::memcpy(bytes, &column_.ints()[row], 8); break;
    case PhysicalType::kFloat:
    case PhysicalType::kDouble: AppendFloating(column_.doubles()[row], out); return;
    case PhysicalType::kFixedLenByteArray: {
      const std::string_view value = column_.binary().at(row);
      if (value.size() != width_) {
        Fail("value of " + std::to_string(value.size()) + " bytes in a column of width " + std::to_string(width_));
      }
      out->append(value);
      return;
    }
    default: Fail("internal: fixed-width append of a variable-width value");
  }
  out->append(bytes, width_);
}

void ChunkEncoder::AppendFloating(double value, std::string* out) const {
  if (physical_ == PhysicalType::kFloat) {
    const auto f = static_cast<float>(value);
    out->append(reinterpret_cast<const char*>(&f), 4);
  } else {
    out->append(reinterpret_cast<const char*>(&value), 8);
  }
}

void ChunkEncoder::Gather(size_t begin, size_t end, PhysicalValues* out) const {
  out->count = 0;
  for (size_t row = begin; row < end; ++row) {
    if (!Valid(row)) continue;
    ++out->count;
    switch (physical_) {
      case PhysicalType::kBoolean: out->booleans.push_back(column_.ints()[row] != 0 ? 1 : 0); break;
      case PhysicalType::kByteArray: out->arrays.Append(column_.StringAt(row)); break;
      default: AppendFixed(row, &out->fixed); break;
    }
  }
}

// Fills indices_ and dictionary_; false when the dictionary would exceed its
// byte budget.
bool ChunkEncoder::BuildDictionary() {
  indices_.clear();
  if (column_.storage() == Storage::kDictionary) {
    // Reuse the column's codes; keep only the entries this range uses.
    std::vector<int64_t> remap(column_.dictionary().size(), -1);
    size_t bytes = 0;
    for (size_t row = begin_; row < end_; ++row) {
      if (!Valid(row)) continue;
      const auto code = static_cast<size_t>(column_.codes()[row]);
      if (remap[code] < 0) {
        remap[code] = static_cast<int64_t>(dictionary_entries_++);
        const std::string_view value = column_.dictionary().at(code);
        bytes += value.size() + 4;
        if (bytes > options_.dictionary_max_bytes) return false;
        dictionary_.arrays.Append(value);
      }
      indices_.push_back(static_cast<uint32_t>(remap[code]));
    }
    dictionary_.count = dictionary_entries_;
    return true;
  }
  // Generic: key each value by its physical bytes.
  std::unordered_map<std::string, uint32_t> index;
  std::string key;
  size_t bytes = 0;
  for (size_t row = begin_; row < end_; ++row) {
    if (!Valid(row)) continue;
    key.clear();
    if (physical_ == PhysicalType::kByteArray) {
      key.assign(column_.StringAt(row));
    } else {
      AppendFixed(row, &key);
    }
    auto [it, inserted] = index.try_emplace(key, static_cast<uint32_t>(dictionary_entries_));
    if (inserted) {
      ++dictionary_entries_;
      bytes += key.size() + (physical_ == PhysicalType::kByteArray ? 4 : 0);
      if (bytes > options_.dictionary_max_bytes) return false;
      if (physical_ == PhysicalType::kByteArray) {
        dictionary_.arrays.Append(key);
      } else {
        dictionary_.fixed.append(key);
      }
    }
    indices_.push_back(it->second);
  }
  dictionary_.count = dictionary_entries_;
  return true;
}

std::string PlainBytes(const PhysicalValues& values, PhysicalType physical) {
  std::string out;
  switch (physical) {
    case PhysicalType::kBoolean: {
      out.assign((values.booleans.size() + 7) / 8, '\0');
      for (size_t i = 0; i < values.booleans.size(); ++i) {
        out[i / 8] = static_cast<char>(static_cast<uint8_t>(out[i / 8]) | (values.booleans[i] << (i % 8)));
      }
      return out;
    }
    case PhysicalType::kByteArray: {
      out.reserve(values.arrays.bytes().size() + 4 * values.arrays.size());
      for (size_t i = 0; i < values.arrays.size(); ++i) {
        const std::string_view v = values.arrays.at(i);
        const auto length = static_cast<uint32_t>(v.size());
        out.append(reinterpret_cast<const char*>(&length), 4);
        out.append(v);
      }
      return out;
    }
    default:
      return values.fixed;
  }
}

// Encodes the non-null values of rows [begin, end).
std::string ChunkEncoder::EncodeValues(size_t begin, size_t end, Encoding encoding) {
  std::string out;
  if (encoding == Encoding::kRleDictionary || encoding == Encoding::kPlainDictionary) {
    // indices_ has one entry per non-null row of the chunk; pages take
    // consecutive slices.
    size_t count = 0;
    for (size_t row = begin; row < end; ++row) count += Valid(row) ? 1u : 0u;
    const int bit_width = BitWidth(dictionary_entries_ > 0 ? dictionary_entries_ - 1 : 0);
    out.push_back(static_cast<char>(bit_width));
    EncodeRleBitPacked(indices_.data() + indices_written_, count, bit_width, &out);
    indices_written_ += count;
    return out;
  }
  PhysicalValues values;
  Gather(begin, end, &values);
  switch (encoding) {
    case Encoding::kPlain: return PlainBytes(values, physical_);
    case Encoding::kRle: {
      std::string runs;
      EncodeRleBitPacked(values.booleans.data(), values.booleans.size(), 1, &runs);
      const auto length = static_cast<uint32_t>(runs.size());
      out.append(reinterpret_cast<const char*>(&length), 4);
      out += runs;
      return out;
    }
    case Encoding::kDeltaBinaryPacked:
      if (physical_ == PhysicalType::kInt32) {
        std::vector<int32_t> ints(values.count);
        if (values.count > 0) std::memcpy(ints.data(), values.fixed.data(), values.count * 4);
        EncodeDeltaBinaryPacked<int32_t>(ints.data(), ints.size(), &out);
      } else {
        std::vector<int64_t> ints(values.count);
        if (values.count > 0) std::memcpy(ints.data(), values.fixed.data(), values.count * 8);
        EncodeDeltaBinaryPacked<int64_t>(ints.data(), ints.size(), &out);
      }
      return out;
    case Encoding::kDeltaLengthByteArray: EncodeDeltaLengthByteArray(values.arrays, &out); return out;
    case Encoding::kDeltaByteArray:
      if (physical_ == PhysicalType::kFixedLenByteArray) {
        BinaryData arrays;
        for (size_t i = 0; i < values.count; ++i) arrays.Append(std::string_view(values.fixed).substr(i * width_, width_));
        EncodeDeltaByteArray(arrays, &out);
      } else {
        EncodeDeltaByteArray(values.arrays, &out);
      }
      return out;
    case Encoding::kByteStreamSplit: EncodeByteStreamSplit(values.fixed.data(), values.count, width_, &out); return out;
    default: Fail(std::string("cannot write ") + EncodingName(encoding));
  }
}

void ChunkEncoder::WritePage(PageHeader header, const std::string& levels, const std::string& values) {
  const bool v2 = header.type == PageType::kDataPageV2;
  std::string body;
  if (v2) {
    // Levels stay uncompressed in front of the compressed values.
    Compress(options_.compression, options_.compression_level, values, &compressed_);
    body = levels + compressed_;
    header.uncompressed_page_size = static_cast<int32_t>(levels.size() + values.size());
  } else {
    const std::string plain = levels + values;
    Compress(options_.compression, options_.compression_level, plain, &compressed_);
    body = compressed_;
    header.uncompressed_page_size = static_cast<int32_t>(plain.size());
  }
  if (body.size() > INT32_MAX || static_cast<size_t>(header.uncompressed_page_size) != levels.size() + values.size()) {
    Fail("page larger than 2 GiB");
  }
  header.compressed_page_size = static_cast<int32_t>(body.size());
  std::string header_bytes;
  SerializePageHeader(header, &header_bytes);
  chunk_.meta.total_uncompressed_size += static_cast<int64_t>(header_bytes.size()) + header.uncompressed_page_size;
  chunk_.bytes += header_bytes;
  chunk_.bytes += body;
}

void ChunkEncoder::UpdateStatistics(size_t row) {
  const auto less = [&](size_t a, size_t b) {
    switch (column_.storage()) {
      case Storage::kInt64:
        if (column_.type().kind == TypeKind::kUInt64) {
          return static_cast<uint64_t>(column_.ints()[a]) < static_cast<uint64_t>(column_.ints()[b]);
        }
        return column_.ints()[a] < column_.ints()[b];
      case Storage::kDouble: return column_.doubles()[a] < column_.doubles()[b];
      default:
        if (column_.type().kind == TypeKind::kDecimal) {
          // 16-byte big-endian two's complement: flip the sign bit, then bytes.
          std::string x(column_.binary().at(a)), y(column_.binary().at(b));
          x[0] = static_cast<char>(x[0] ^ 0x80);
          y[0] = static_cast<char>(y[0] ^ 0x80);
          return x < y;
        }
        return column_.StringAt(a) < column_.StringAt(b);
    }
  };
  if (column_.storage() == Storage::kDouble && std::isnan(column_.doubles()[row])) return;
  if (!min_row_ || less(row, *min_row_)) min_row_ = row;
  if (!max_row_ || less(*max_row_, row)) max_row_ = row;
}

Statistics ChunkEncoder::FinishStatistics(int64_t null_count) const {
  Statistics stats;
  stats.null_count = null_count;
  if (min_row_) {
    std::string min, max;
    if (physical_ == PhysicalType::kBoolean) {
      min.push_back(static_cast<char>(column_.ints()[*min_row_] != 0));
      max.push_back(static_cast<char>(column_.ints()[*max_row_] != 0));
    } else if (physical_ == PhysicalType::kByteArray) {
      min = column_.StringAt(*min_row_);
      max = column_.StringAt(*max_row_);
    } else if (column_.storage() == Storage::kDouble) {
      // Zeros: the specification asks for -0.0 as min and +0.0 as max.
      const double low = column_.doubles()[*min_row_];
      const double high = column_.doubles()[*max_row_];
      AppendFloating(low == 0.0 ? -0.0 : low, &min);
      AppendFloating(high == 0.0 ? 0.0 : high, &max);
    } else {
      AppendFixed(*min_row_, &min);
      AppendFixed(*max_row_, &max);
    }
    if (min.size() <= kMaxStatisticBytes && max.size() <= kMaxStatisticBytes) {
      stats.min_value = std::move(min);
      stats.max_value = std::move(max);
    }
  }
  return stats;
}

EncodedChunk ChunkEncoder::Encode() {
  ColumnMetaData& meta = chunk_.meta;
  meta.type = physical_;
  meta.path_in_schema = {column_.name()};
  meta.codec = options_.compression;
  meta.num_values = static_cast<int64_t>(end_ - begin_);

  const Encoding encoding = ChooseEncoding();
  const bool dictionary = encoding == Encoding::kRleDictionary || encoding == Encoding::kPlainDictionary;

  int64_t null_count = 0;
  for (size_t row = begin_; row < end_; ++row) {
    if (Valid(row)) {
      UpdateStatistics(row);
    } else {
      ++null_count;
    }
  }

  if (dictionary) {
    PageHeader header;
    header.type = PageType::kDictionaryPage;
    header.dictionary_page_header = DictionaryPageHeader{static_cast<int32_t>(dictionary_entries_),
                                                         encoding == Encoding::kPlainDictionary
                                                             ? Encoding::kPlainDictionary
                                                             : Encoding::kPlain,
                                                         std::nullopt};
    meta.dictionary_page_offset = 0;
    WritePage(header, {}, PlainBytes(dictionary_, physical_));
  }
  meta.data_page_offset = static_cast<int64_t>(chunk_.bytes.size());

  // Rows per page from the average encoded width.
  const size_t rows = end_ - begin_;
  size_t row_bytes = width_ > 0 ? width_ : 1;
  if (dictionary) {
    row_bytes = 1;
  } else if (physical_ == PhysicalType::kByteArray && rows > 0) {
    size_t total = 0;
    for (size_t row = begin_; row < end_; ++row) total += Valid(row) ? column_.StringAt(row).size() + 4 : 0;
    row_bytes = std::max<size_t>(1, total / rows);
  }
  const size_t rows_per_page = std::max<size_t>(1, options_.page_bytes / row_bytes);

  for (size_t page_begin = begin_; page_begin < end_ || (rows == 0 && page_begin == begin_);) {
    const size_t page_end = std::min(end_, page_begin + rows_per_page);
    const auto count = static_cast<int32_t>(page_end - page_begin);
    std::string levels;
    int32_t page_nulls = 0;
    if (column_.nullable()) {
      std::vector<uint32_t> defined(page_end - page_begin);
      for (size_t row = page_begin; row < page_end; ++row) {
        defined[row - page_begin] = Valid(row) ? 1 : 0;
        page_nulls += Valid(row) ? 0 : 1;
      }
      EncodeRleBitPacked(defined.data(), defined.size(), 1, &levels);
    }
    const std::string values = EncodeValues(page_begin, page_end, encoding);
    PageHeader header;
    if (options_.page_version == PageVersion::kV2) {
      header.type = PageType::kDataPageV2;
      header.data_page_header_v2 = DataPageHeaderV2{count, page_nulls, count, encoding,
                                                    static_cast<int32_t>(levels.size()), 0, true, std::nullopt};
      WritePage(header, levels, values);
    } else {
      header.type = PageType::kDataPage;
      header.data_page_header = DataPageHeader{count, encoding, Encoding::kRle, Encoding::kRle, std::nullopt};
      std::string prefixed;
      if (column_.nullable()) {
        const auto length = static_cast<uint32_t>(levels.size());
        prefixed.append(reinterpret_cast<const char*>(&length), 4);
        prefixed += levels;
      }
      WritePage(header, prefixed, values);
    }
    if (page_end == end_) break;
    page_begin = page_end;
  }

  meta.total_compressed_size = static_cast<int64_t>(chunk_.bytes.size());
  // Every encoding used: dictionary page, levels, values.
  if (dictionary) meta.encodings.push_back(Encoding::kPlain);
  if (column_.nullable()) meta.encodings.push_back(Encoding::kRle);
  if (std::find(meta.encodings.begin(), meta.encodings.end(), encoding) == meta.encodings.end()) {
    meta.encodings.push_back(encoding);
  }
  meta.statistics = FinishStatistics(null_count);
  return std::move(chunk_);
}

}  // namespace

SchemaElement SchemaElementFor(const Column& column) {
  const ColumnType& type = column.type();
  SchemaElement e;
  e.name = column.name();
  e.type = PhysicalFor(type);
  e.repetition = column.nullable() ? Repetition::kOptional : Repetition::kRequired;
  LogicalType& logical = e.logical_type;
  const auto integer = [&](int8_t bits, bool is_signed, ConvertedType converted) {
    logical.kind = LogicalType::Kind::kInteger;
    logical.bit_width = bits;
    logical.is_signed = is_signed;
    e.converted_type = converted;
  };
  const auto time_unit = [](TimeUnit unit) -> int16_t {
    return unit == TimeUnit::kMillis ? 1 : unit == TimeUnit::kMicros ? 2 : 3;
  };
  switch (type.kind) {
    case TypeKind::kInt8: integer(8, true, ConvertedType::kInt8); break;
    case TypeKind::kInt16: integer(16, true, ConvertedType::kInt16); break;
    case TypeKind::kInt32: integer(32, true, ConvertedType::kInt32); break;
    case TypeKind::kUInt8: integer(8, false, ConvertedType::kUint8); break;
    case TypeKind::kUInt16: integer(16, false, ConvertedType::kUint16); break;
    case TypeKind::kUInt32: integer(32, false, ConvertedType::kUint32); break;
    case TypeKind::kUInt64: integer(64, false, ConvertedType::kUint64); break;
    case TypeKind::kString:
      logical.kind = LogicalType::Kind::kString;
      e.converted_type = ConvertedType::kUtf8;
      break;
    case TypeKind::kFixedBinary: e.type_length = type.byte_width; break;
    case TypeKind::kDate:
      logical.kind = LogicalType::Kind::kDate;
      e.converted_type = ConvertedType::kDate;
      break;
    case TypeKind::kTime:
    case TypeKind::kTimestamp: {
      const bool timestamp = type.kind == TypeKind::kTimestamp;
      logical.kind = timestamp ? LogicalType::Kind::kTimestamp : LogicalType::Kind::kTime;
      logical.adjusted_to_utc = type.adjusted_to_utc;
      logical.time_unit = time_unit(type.unit);
      // Converted types imply UTC; write them only where they mean the same.
      if (type.adjusted_to_utc && type.unit != TimeUnit::kNanos) {
        if (timestamp) {
          e.converted_type = type.unit == TimeUnit::kMillis ? ConvertedType::kTimestampMillis : ConvertedType::kTimestampMicros;
        } else {
          e.converted_type = type.unit == TimeUnit::kMillis ? ConvertedType::kTimeMillis : ConvertedType::kTimeMicros;
        }
      }
      break;
    }
    case TypeKind::kDecimal:
      if (type.precision < 1 || type.precision > kMaxDecimalPrecision || type.scale < 0 || type.scale > type.precision) {
        throw ParquetError("column '" + column.name() + "': " + TypeName(type) + " is not a valid decimal");
      }
      logical.kind = LogicalType::Kind::kDecimal;
      logical.precision = e.precision = type.precision;
      logical.scale = e.scale = type.scale;
      e.converted_type = ConvertedType::kDecimal;
      if (*e.type == PhysicalType::kFixedLenByteArray) e.type_length = 16;
      break;
    default: break;
  }
  if (type.kind == TypeKind::kFixedBinary && type.byte_width <= 0) {
    throw ParquetError("column '" + column.name() + "': fixed binary needs a positive width");
  }
  return e;
}

EncodedChunk EncodeColumnChunk(const Column& column, size_t begin, size_t end, const WriterOptions& options) {
  return ChunkEncoder(column, begin, end, options).Encode();
}

}  // namespace pdex::parquet
