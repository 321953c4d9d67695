#include "parquet/table.h"

#include <limits>
#include <string>
#include <unordered_map>

namespace pdex::parquet {

namespace {

const char* UnitName(TimeUnit unit) {
  switch (unit) {
    case TimeUnit::kMillis: return "ms";
    case TimeUnit::kMicros: return "us";
    case TimeUnit::kNanos: return "ns";
  }
  return "?";
}

}  // namespace

std::string Int128ToBigEndian(Int128 value) {
  __extension__ typedef unsigned __int128 UInt128;
  std::string bytes(16, '\0');
  auto bits = static_cast<UInt128>(value);
  for (size_t i = 16; i-- > 0;) {
    bytes[i] = static_cast<char>(static_cast<uint8_t>(bits & 0xff));
    bits >>= 8;
  }
  return bytes;
}

Int128 BigEndianToInt128(std::string_view bytes) {
  if (bytes.empty()) return 0;
  Int128 value = static_cast<int8_t>(bytes[0]);  // the sign
  for (size_t i = 1; i < bytes.size(); ++i) value = value * 256 + static_cast<uint8_t>(bytes[i]);
  return value;
}

std::string TypeName(const ColumnType& type) {
  switch (type.kind) {
    case TypeKind::kBoolean: return "BOOLEAN";
    case TypeKind::kInt8: return "INT8";
    case TypeKind::kInt16: return "INT16";
    case TypeKind::kInt32: return "INT32";
    case TypeKind::kInt64: return "INT64";
    case TypeKind::kUInt8: return "UINT8";
    case TypeKind::kUInt16: return "UINT16";
    case TypeKind::kUInt32: return "UINT32";
    case TypeKind::kUInt64: return "UINT64";
    case TypeKind::kFloat: return "FLOAT";
    case TypeKind::kDouble: return "DOUBLE";
    case TypeKind::kString: return "STRING";
    case TypeKind::kBinary: return "BINARY";
    case TypeKind::kFixedBinary: return "FIXED_BINARY(" + std::to_string(type.byte_width) + ")";
    case TypeKind::kDate: return "DATE";
    case TypeKind::kTime:
      return std::string("TIME(") + UnitName(type.unit) + (type.adjusted_to_utc ? ", UTC)" : ")");
    case TypeKind::kTimestamp:
      return std::string("TIMESTAMP(") + UnitName(type.unit) + (type.adjusted_to_utc ? ", UTC)" : ")");
    case TypeKind::kDecimal:
      return "DECIMAL(" + std::to_string(type.precision) + "," + std::to_string(type.scale) + ")";
  }
  return "UNKNOWN";
}

Storage DefaultStorage(const ColumnType& type) {
  switch (type.kind) {
    case TypeKind::kFloat:
    case TypeKind::kDouble:
      return Storage::kDouble;
    case TypeKind::kString:
    case TypeKind::kBinary:
    case TypeKind::kFixedBinary:
      return Storage::kBinary;
    case TypeKind::kDecimal:
      return type.precision > kMaxInt64DecimalPrecision ? Storage::kBinary : Storage::kInt64;
    default:
      return Storage::kInt64;
  }
}

void BinaryData::Append(std::string_view value) {
  if (bytes_.size() + value.size() > std::numeric_limits<uint32_t>::max()) {
    throw ParquetError("more than 4 GiB of string data in one column");
  }
  bytes_.append(value);
  offsets_.push_back(static_cast<uint32_t>(bytes_.size()));
}

void BinaryData::Reserve(size_t values, size_t bytes) {
  offsets_.reserve(offsets_.size() + values);
  bytes_.reserve(bytes_.size() + bytes);
}

void BinaryData::Clear() {
  offsets_.assign(1, 0);
  bytes_.clear();
}

Column::Column(std::string name, ColumnType type, bool nullable)
    : Column(std::move(name), type, nullable, DefaultStorage(type)) {}

Column::Column(std::string name, ColumnType type, bool nullable, Storage storage)
    : name_(std::move(name)), type_(type), nullable_(nullable), storage_(storage) {
  const Storage natural = DefaultStorage(type);
  const bool ok = storage == natural ||
                  (storage == Storage::kDictionary && natural == Storage::kBinary &&
                   type.kind != TypeKind::kFixedBinary && type.kind != TypeKind::kDecimal);
  if (!ok) throw ParquetError("column '" + name_ + "': " + TypeName(type) + " cannot use this storage");
}

size_t Column::null_count() const {
  size_t nulls = 0;
  for (uint8_t valid : validity_) nulls += valid == 0 ? 1 : 0;
  return nulls;
}

void Column::MarkValid() {
  if (!validity_.empty()) validity_.push_back(1);
  ++size_;
}

void Column::AppendInt(int64_t value) {
  if (storage_ != Storage::kInt64) throw ParquetError("column '" + name_ + "' does not hold integers");
  ints_.push_back(value);
  MarkValid();
}

void Column::AppendDouble(double value) {
  if (storage_ != Storage::kDouble) throw ParquetError("column '" + name_ + "' does not hold doubles");
  doubles_.push_back(value);
  MarkValid();
}

void Column::AppendString(std::string_view value) {
  if (storage_ == Storage::kBinary) {
    binary_.Append(value);
  } else if (storage_ == Storage::kDictionary) {
    // A linear search: fine for categorical columns of a few hundred
    // values; bulk producers fill codes() and dictionary() directly.
    for (size_t i = 0; i < dictionary_.size(); ++i) {
      if (dictionary_.at(i) == value) {
        codes_.push_back(static_cast<int32_t>(i));
        MarkValid();
        return;
      }
    }
    codes_.push_back(static_cast<int32_t>(dictionary_.size()));
    dictionary_.Append(value);
  } else {
    throw ParquetError("column '" + name_ + "' does not hold strings");
  }
  MarkValid();
}

void Column::AppendNull() {
  if (!nullable_) throw ParquetError("column '" + name_ + "' is not nullable");
  if (validity_.empty()) validity_.assign(size_, 1);
  validity_.push_back(0);
  switch (storage_) {
    case Storage::kInt64: ints_.push_back(0); break;
    case Storage::kDouble: doubles_.push_back(0); break;
    case Storage::kBinary:
      binary_.Append({});
      break;
    case Storage::kDictionary: codes_.push_back(0); break;
  }
  ++size_;
}

void Column::SetSize(size_t rows) {
  size_t stored = 0;
  switch (storage_) {
    case Storage::kInt64: stored = ints_.size(); break;
    case Storage::kDouble: stored = doubles_.size(); break;
    case Storage::kBinary: stored = binary_.size(); break;
    case Storage::kDictionary: stored = codes_.size(); break;
  }
  if (stored != rows || (!validity_.empty() && validity_.size() != rows)) {
    throw ParquetError("column '" + name_ + "': storage holds " + std::to_string(stored) + " values, expected " +
                       std::to_string(rows));
  }
  size_ = rows;
}

void Column::Reserve(size_t rows) {
  switch (storage_) {
    case Storage::kInt64: ints_.reserve(size_ + rows); break;
    case Storage::kDouble: doubles_.reserve(size_ + rows); break;
    case Storage::kBinary: binary_.Reserve(rows, 0); break;
    case Storage::kDictionary: codes_.reserve(size_ + rows); break;
  }
}

void Column::AppendRange(const Column& other, size_t begin, size_t end) {
  if (other.type_ != type_) {
    throw ParquetError("column '" + name_ + "': cannot append " + TypeName(other.type_) + " values to " +
                       TypeName(type_));
  }
  if (begin > end || end > other.size_) throw ParquetError("column '" + name_ + "': row range out of bounds");
  // Strings may come in either storage; mixed appends end up plain.
  if (other.storage_ != storage_) {
    if (storage_ == Storage::kDictionary) {
      BinaryData plain;
      plain.Reserve(size_, dictionary_.bytes().size());
      for (size_t row = 0; row < size_; ++row) plain.Append(IsNull(row) ? std::string_view() : StringAt(row));
      binary_ = std::move(plain);
      codes_.clear();
      dictionary_.Clear();
      storage_ = Storage::kBinary;
    }
    if (other.storage_ == Storage::kDictionary) {
      for (size_t i = begin; i < end; ++i) binary_.Append(other.IsNull(i) ? std::string_view() : other.StringAt(i));
      AppendValidity(other, begin, end);
      return;
    }
  }
  const auto b = static_cast<std::ptrdiff_t>(begin);
  const auto e = static_cast<std::ptrdiff_t>(end);
  switch (storage_) {
    case Storage::kInt64: ints_.insert(ints_.end(), other.ints_.begin() + b, other.ints_.begin() + e); break;
    case Storage::kDouble:
      doubles_.insert(doubles_.end(), other.doubles_.begin() + b, other.doubles_.begin() + e);
      break;
    case Storage::kBinary:
      for (size_t i = begin; i < end; ++i) binary_.Append(other.binary_.at(i));
      break;
    case Storage::kDictionary: {
      // Reserving first keeps the views in `index` valid while appending.
      dictionary_.Reserve(other.dictionary_.size(), other.dictionary_.bytes().size());
      std::unordered_map<std::string_view, int32_t> index;
      for (size_t i = 0; i < dictionary_.size(); ++i) index.emplace(dictionary_.at(i), static_cast<int32_t>(i));
      std::vector<int32_t> remap(other.dictionary_.size());
      for (size_t i = 0; i < other.dictionary_.size(); ++i) {
        const std::string_view value = other.dictionary_.at(i);
        if (auto it = index.find(value); it != index.end()) {
          remap[i] = it->second;
          continue;
        }
        remap[i] = static_cast<int32_t>(dictionary_.size());
        dictionary_.Append(value);
        index.emplace(dictionary_.at(dictionary_.size() - 1), remap[i]);
      }
      for (size_t i = begin; i < end; ++i) {
        codes_.push_back(other.IsNull(i) ? 0 : remap[static_cast<size_t>(other.codes_[i])]);
      }
      break;
    }
  }
  AppendValidity(other, begin, end);
}

void Column::AppendValidity(const Column& other, size_t begin, size_t end) {
  if (!other.validity_.empty() || !validity_.empty()) {
    if (validity_.empty()) validity_.assign(size_, 1);
    if (other.validity_.empty()) {
      validity_.insert(validity_.end(), end - begin, 1);
    } else {
      validity_.insert(validity_.end(), other.validity_.begin() + static_cast<std::ptrdiff_t>(begin),
                       other.validity_.begin() + static_cast<std::ptrdiff_t>(end));
    }
  }
  size_ += end - begin;
}

Table::Table(std::vector<Column> columns) {
  for (auto& column : columns) AddColumn(std::move(column));
}

std::optional<size_t> Table::IndexOf(std::string_view name) const {
  for (size_t i = 0; i < columns_.size(); ++i) {
    if (columns_[i].name() == name) return i;
  }
  return std::nullopt;
}

const Column& Table::column(std::string_view name) const {
  const auto index = IndexOf(name);
  if (!index) throw ParquetError("no column named '" + std::string(name) + "'");
  return columns_[*index];
}

void Table::AddColumn(Column column) {
  if (IndexOf(column.name())) throw ParquetError("duplicate column name '" + column.name() + "'");
  if (!columns_.empty() && column.size() != num_rows()) {
    throw ParquetError("column '" + column.name() + "' has " + std::to_string(column.size()) + " rows, the table " +
                       std::to_string(num_rows()));
  }
  columns_.push_back(std::move(column));
}

Table Table::EmptyLike() const {
  std::vector<Column> empty;
  empty.reserve(columns_.size());
  for (const Column& c : columns_) empty.emplace_back(c.name(), c.type(), c.nullable(), c.storage());
  return Table(std::move(empty));
}

void Table::Append(const Table& other) {
  if (other.num_columns() != num_columns()) throw ParquetError("cannot append a table with other columns");
  for (size_t i = 0; i < columns_.size(); ++i) {
    if (other.columns_[i].name() != columns_[i].name()) {
      throw ParquetError("cannot append column '" + other.columns_[i].name() + "' to '" + columns_[i].name() + "'");
    }
  }
  for (size_t i = 0; i < columns_.size(); ++i) columns_[i].AppendRange(other.columns_[i], 0, other.num_rows());
}

}  // namespace pdex::parquet
