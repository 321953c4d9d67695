#include "parquet/reader.h"

#include <algorithm>
#include <cstring>

#include "parquet/column_reader.h"
#include "parquet/parallel.h"

namespace pdex::parquet {

namespace {

constexpr char kMagic[] = "PAR1";
constexpr size_t kMagicSize = 4;
constexpr size_t kFooterTail = 8;  // footer length (4 bytes LE) + magic

[[noreturn]] void Unsupported(const std::string& column, const std::string& what) {
  throw ParquetError("column '" + column + "': " + what);
}

TimeUnit UnitOf(int16_t thrift_unit, const std::string& column) {
  switch (thrift_unit) {
    case 1: return TimeUnit::kMillis;
    case 2: return TimeUnit::kMicros;
    case 3: return TimeUnit::kNanos;
    default: Unsupported(column, "time unit missing or unknown");
  }
}

ColumnType DecimalType(const SchemaElement& e) {
  const bool logical = e.logical_type.kind == LogicalType::Kind::kDecimal;
  const int32_t precision = logical ? e.logical_type.precision : e.precision;
  const int32_t scale = logical ? e.logical_type.scale : e.scale;
  if (precision < 1 || precision > kMaxDecimalPrecision || scale < 0 || scale > precision) {
    Unsupported(e.name, "DECIMAL(" + std::to_string(precision) + "," + std::to_string(scale) + ") is not supported");
  }
  const PhysicalType physical = *e.type;
  if ((physical == PhysicalType::kInt32 && precision > 9) || (physical == PhysicalType::kInt64 && precision > 18) ||
      (physical == PhysicalType::kFixedLenByteArray && (e.type_length < 1 || e.type_length > 16))) {
    Unsupported(e.name, "DECIMAL precision does not fit its physical type");
  }
  return ColumnType::Decimal(precision, scale);
}

ColumnType IntegerType(int bits, bool is_signed, const std::string& column) {
  switch (bits) {
    case 8: return ColumnType::Of(is_signed ? TypeKind::kInt8 : TypeKind::kUInt8);
    case 16: return ColumnType::Of(is_signed ? TypeKind::kInt16 : TypeKind::kUInt16);
    case 32: return ColumnType::Of(is_signed ? TypeKind::kInt32 : TypeKind::kUInt32);
    case 64: return ColumnType::Of(is_signed ? TypeKind::kInt64 : TypeKind::kUInt64);
    default: Unsupported(column, "integer width " + std::to_string(bits));
  }
}

// The column type a flat leaf's physical, logical and converted types give.
ColumnType ResolveType(const SchemaElement& e) {
  using K = LogicalType::Kind;
  const K logical = e.logical_type.kind;
  const auto converted = e.converted_type;
  const bool decimal = logical == K::kDecimal || converted == ConvertedType::kDecimal;
  switch (*e.type) {
    case PhysicalType::kBoolean: return ColumnType::Of(TypeKind::kBoolean);
    case PhysicalType::kInt32:
      if (decimal) return DecimalType(e);
      if (logical == K::kInteger) {
        if (e.logical_type.bit_width > 32) Unsupported(e.name, "INT32 annotated wider than 32 bits");
        return IntegerType(e.logical_type.bit_width, e.logical_type.is_signed, e.name);
      }
      if (logical == K::kDate || converted == ConvertedType::kDate) return ColumnType::Of(TypeKind::kDate);
      if (logical == K::kTime) return ColumnType::Time(UnitOf(e.logical_type.time_unit, e.name), e.logical_type.adjusted_to_utc);
      if (converted == ConvertedType::kTimeMillis) return ColumnType::Time(TimeUnit::kMillis, true);
      if (converted == ConvertedType::kInt8) return ColumnType::Of(TypeKind::kInt8);
      if (converted == ConvertedType::kInt16) return ColumnType::Of(TypeKind::kInt16);
      if (converted == ConvertedType::kUint8) return ColumnType::Of(TypeKind::kUInt8);
      if (converted == ConvertedType::kUint16) return ColumnType::Of(TypeKind::kUInt16);
      if (converted == ConvertedType::kUint32) return ColumnType::Of(TypeKind::kUInt32);
      return ColumnType::Of(TypeKind::kInt32);
    case PhysicalType::kInt64:
      if (decimal) return DecimalType(e);
      if (logical == K::kInteger) return IntegerType(e.logical_type.bit_width, e.logical_type.is_signed, e.name);
      if (logical == K::kTimestamp) {
        return ColumnType::Timestamp(UnitOf(e.logical_type.time_unit, e.name), e.logical_type.adjusted_to_utc);
      }
      if (logical == K::kTime) return ColumnType::Time(UnitOf(e.logical_type.time_unit, e.name), e.logical_type.adjusted_to_utc);
      // Converted types predate time zones: the specification reads them as UTC.
      if (converted == ConvertedType::kTimestampMillis) return ColumnType::Timestamp(TimeUnit::kMillis, true);
      if (converted == ConvertedType::kTimestampMicros) return ColumnType::Timestamp(TimeUnit::kMicros, true);
      if (converted == ConvertedType::kTimeMicros) return ColumnType::Time(TimeUnit::kMicros, true);
      if (converted == ConvertedType::kUint64) return ColumnType::Of(TypeKind::kUInt64);
      return ColumnType::Of(TypeKind::kInt64);
    case PhysicalType::kInt96: return ColumnType::Timestamp(TimeUnit::kNanos, false);
    case PhysicalType::kFloat: return ColumnType::Of(TypeKind::kFloat);
    case PhysicalType::kDouble: return ColumnType::Of(TypeKind::kDouble);
    case PhysicalType::kByteArray:
      if (decimal) return DecimalType(e);
      if (logical == K::kString || logical == K::kEnum || logical == K::kJson || converted == ConvertedType::kUtf8 ||
          converted == ConvertedType::kEnum || converted == ConvertedType::kJson) {
        return ColumnType::Of(TypeKind::kString);
      }
      return ColumnType::Of(TypeKind::kBinary);
    case PhysicalType::kFixedLenByteArray:
      if (e.type_length <= 0) Unsupported(e.name, "FIXED_LEN_BYTE_ARRAY without a positive length");
      if (decimal) return DecimalType(e);
      return ColumnType::FixedBinary(e.type_length);
  }
  Unsupported(e.name, "unknown physical type");
}

std::vector<Field> FlatFields(const FileMetaData& md) {
  const SchemaElement& root = md.schema.front();
  if (root.type) throw ParquetError("malformed Parquet schema: the root is not a group");
  if (root.num_children < 0 || static_cast<size_t>(root.num_children) != md.schema.size() - 1) {
    throw ParquetError("nested schemas are not supported (only flat columns)");
  }
  std::vector<Field> fields;
  for (size_t i = 1; i < md.schema.size(); ++i) {
    const SchemaElement& e = md.schema[i];
    if (!e.type || e.num_children > 0) {
      throw ParquetError("column '" + e.name + "' is a group: nested schemas are not supported");
    }
    if (e.repetition == Repetition::kRepeated) {
      throw ParquetError("column '" + e.name + "' is repeated: nested schemas are not supported");
    }
    Field field;
    field.name = e.name;
    field.physical = *e.type;
    field.type_length = e.type_length;
    field.nullable = e.repetition != Repetition::kRequired;
    field.type = ResolveType(e);
    fields.push_back(std::move(field));
  }
  return fields;
}

}  // namespace

FileReader FileReader::Open(const std::string& path, ReaderOptions options) {
  try {
    return FileReader(OpenLocalFile(path), options);
  } catch (const ParquetError& e) {
    const std::string message = e.what();
    if (message.rfind(path, 0) == 0) throw;
    throw ParquetError(path + ": " + message);
  }
}

FileReader::FileReader(std::unique_ptr<RandomAccessFile> file, ReaderOptions options)
    : file_(std::move(file)), options_(options) {
  const uint64_t size = file_->Size();
  if (size < kMagicSize + kFooterTail) throw ParquetError("not a Parquet file: only " + std::to_string(size) + " bytes");
  char head[kMagicSize];
  file_->ReadAt(0, kMagicSize, head);
  char tail[kFooterTail];
  file_->ReadAt(size - kFooterTail, kFooterTail, tail);
  if (std::memcmp(head, kMagic, kMagicSize) != 0 || std::memcmp(tail + 4, kMagic, kMagicSize) != 0) {
    throw ParquetError("not a Parquet file: PAR1 magic missing");
  }
  uint32_t footer_length;
  std::memcpy(&footer_length, tail, 4);
  if (footer_length > size - kMagicSize - kFooterTail) {
    throw ParquetError("corrupt Parquet footer: length " + std::to_string(footer_length) + " exceeds the file");
  }
  std::string footer(footer_length, '\0');
  file_->ReadAt(size - kFooterTail - footer_length, footer_length, footer.data());
  metadata_ = ParseFileMetaData(footer);
  fields_ = FlatFields(metadata_);

  int64_t rows = 0;
  for (size_t i = 0; i < metadata_.row_groups.size(); ++i) {
    const RowGroup& rg = metadata_.row_groups[i];
    if (rg.columns.size() != fields_.size()) {
      throw ParquetError("row group " + std::to_string(i) + " has " + std::to_string(rg.columns.size()) +
                         " columns, the schema " + std::to_string(fields_.size()));
    }
    if (rg.num_rows < 0 || static_cast<uint64_t>(rg.num_rows) > options_.max_row_group_rows) {
      throw ParquetError("row group " + std::to_string(i) + " claims " + std::to_string(rg.num_rows) +
                         " rows, beyond the reader's limit");
    }
    rows += rg.num_rows;
  }
  if (rows != metadata_.num_rows) {
    throw ParquetError("corrupt Parquet footer: row groups hold " + std::to_string(rows) + " rows, the file claims " +
                       std::to_string(metadata_.num_rows));
  }
}

std::vector<size_t> FileReader::ColumnIndices(const std::vector<std::string>& names) const {
  std::vector<size_t> indices;
  for (const auto& name : names) {
    const auto it = std::find_if(fields_.begin(), fields_.end(), [&](const Field& f) { return f.name == name; });
    if (it == fields_.end()) throw ParquetError("no column named '" + name + "' in the file");
    indices.push_back(static_cast<size_t>(it - fields_.begin()));
  }
  return indices;
}

std::vector<size_t> FileReader::Selected(const std::vector<size_t>& columns) const {
  std::vector<size_t> wanted = columns;
  if (wanted.empty()) {
    for (size_t i = 0; i < fields_.size(); ++i) wanted.push_back(i);
  }
  for (size_t index : wanted) {
    if (index >= fields_.size()) throw ParquetError("column index " + std::to_string(index) + " out of range");
  }
  return wanted;
}

Table FileReader::ReadRowGroup(size_t row_group, const std::vector<size_t>& columns) const {
  if (row_group >= metadata_.row_groups.size()) {
    throw ParquetError("row group " + std::to_string(row_group) + " does not exist");
  }
  const std::vector<size_t> wanted = Selected(columns);
  const RowGroup& rg = metadata_.row_groups[row_group];

  // Columns are independent: decode them on up to one thread per core.
  std::vector<std::optional<Column>> decoded(wanted.size());
  ParallelFor(wanted.size(), [&](size_t i) {
    decoded[i] = ReadColumnChunk(*file_, rg.columns[wanted[i]], fields_[wanted[i]], rg.num_rows, options_);
  });

  Table table;
  for (auto& column : decoded) table.AddColumn(std::move(*column));
  return table;
}

Table FileReader::ReadAll(const std::vector<size_t>& columns) const {
  Table all;
  if (metadata_.row_groups.empty()) {
    for (size_t i : Selected(columns)) all.AddColumn(Column(fields_[i].name, fields_[i].type, fields_[i].nullable));
    return all;
  }
  for (size_t g = 0; g < metadata_.row_groups.size(); ++g) {
    Table group = ReadRowGroup(g, columns);
    if (g == 0) {
      all = std::move(group);
    } else {
      all.Append(group);
    }
  }
  return all;
}

}  // namespace pdex::parquet
