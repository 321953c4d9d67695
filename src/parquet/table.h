// The columnar in-memory table the project passes around: what the Parquet
// reader returns and the writer takes, what the drift service computes on.
//
// A column stores its values densely, one slot per row, in one of four
// storages: 64-bit integers, doubles, variable-length bytes, or dictionary
// codes into a byte dictionary. A null row keeps a slot (0, 0.0, empty bytes,
// code 0 — which need not exist in the dictionary) and is marked in
// `validity` (empty validity = no nulls); check IsNull before reading it. Not thread-safe for
// mutation; concurrent reads are fine.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace pdex::parquet {

// Every failure of this component: bad files, unsupported features, I/O.
class ParquetError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class TypeKind : uint8_t {
  kBoolean,
  kInt8, kInt16, kInt32, kInt64,
  kUInt8, kUInt16, kUInt32, kUInt64,  // kUInt64 keeps the bit pattern in int64
  kFloat, kDouble,
  kString,       // UTF-8
  kBinary,       // raw bytes
  kFixedBinary,  // raw bytes of `byte_width` (UUIDs, hashes)
  kDate,         // days since 1970-01-01
  kTime,         // since midnight, in `unit`
  kTimestamp,    // since 1970-01-01T00:00:00, in `unit`
  kDecimal,      // unscaled integer; value = unscaled / 10^scale
};

enum class TimeUnit : uint8_t { kMillis, kMicros, kNanos };

struct ColumnType {
  TypeKind kind = TypeKind::kDouble;
  TimeUnit unit = TimeUnit::kMicros;  // kTime, kTimestamp
  bool adjusted_to_utc = false;       // kTime, kTimestamp
  int32_t precision = 0;              // kDecimal
  int32_t scale = 0;                  // kDecimal
  int32_t byte_width = 0;             // kFixedBinary

  static ColumnType Of(TypeKind kind) { return ColumnType{kind}; }
  static ColumnType FixedBinary(int32_t width) { return {TypeKind::kFixedBinary, TimeUnit::kMicros, false, 0, 0, width}; }
  static ColumnType Timestamp(TimeUnit unit, bool utc) { return {TypeKind::kTimestamp, unit, utc, 0, 0, 0}; }
  static ColumnType Time(TimeUnit unit, bool utc) { return {TypeKind::kTime, unit, utc, 0, 0, 0}; }
  static ColumnType Decimal(int32_t precision, int32_t scale) { return {TypeKind::kDecimal, TimeUnit::kMicros, false, precision, scale, 0}; }

  bool operator==(const ColumnType&) const = default;
};

// Decimals up to 18 digits fit in int64; wider ones are kept as 16-byte
// big-endian two's complement in binary storage.
inline constexpr int32_t kMaxInt64DecimalPrecision = 18;
inline constexpr int32_t kMaxDecimalPrecision = 38;

__extension__ typedef __int128 Int128;
// Wide decimals' storage form: 16 bytes, big-endian two's complement.
std::string Int128ToBigEndian(Int128 value);
// Sign-extends 1 to 16 big-endian two's complement bytes (0 for none).
Int128 BigEndianToInt128(std::string_view bytes);

// "DOUBLE", "STRING", "TIMESTAMP(us, UTC)", "DECIMAL(10,2)", ...
std::string TypeName(const ColumnType& type);

enum class Storage : uint8_t { kInt64, kDouble, kBinary, kDictionary };

// The storage a column of `type` uses; strings and binaries may also use
// kDictionary, chosen when the column is made.
Storage DefaultStorage(const ColumnType& type);

// Variable-length values, Arrow style: value i is bytes[offsets[i], offsets[i+1]).
class BinaryData {
 public:
  BinaryData() : offsets_{0} {}
  size_t size() const { return offsets_.size() - 1; }
  std::string_view at(size_t i) const {
    return std::string_view(bytes_).substr(offsets_[i], offsets_[i + 1] - offsets_[i]);
  }
  // Throws ParquetError past 4 GiB of bytes.
  void Append(std::string_view value);
  void Reserve(size_t values, size_t bytes);
  void Clear();
  const std::vector<uint32_t>& offsets() const { return offsets_; }
  const std::string& bytes() const { return bytes_; }
  bool operator==(const BinaryData&) const = default;

 private:
  std::vector<uint32_t> offsets_;
  std::string bytes_;
};

class Column {
 public:
  Column(std::string name, ColumnType type, bool nullable);
  Column(std::string name, ColumnType type, bool nullable, Storage storage);

  const std::string& name() const { return name_; }
  const ColumnType& type() const { return type_; }
  bool nullable() const { return nullable_; }
  Storage storage() const { return storage_; }
  size_t size() const { return size_; }

  bool IsNull(size_t row) const { return !validity_.empty() && validity_[row] == 0; }
  size_t null_count() const;

  // Appends one value; the call must match the storage (ints for kInt64,
  // doubles for kDouble, strings for kBinary and kDictionary). AppendNull
  // throws ParquetError on a non-nullable column.
  void AppendInt(int64_t value);
  void AppendDouble(double value);
  void AppendString(std::string_view value);
  void AppendNull();

  // The value of a string/binary column in either storage.
  std::string_view StringAt(size_t row) const {
    return storage_ == Storage::kDictionary ? dictionary_.at(static_cast<size_t>(codes_[row])) : binary_.at(row);
  }

  // Direct access for bulk producers (the reader) and consumers. Whoever
  // fills these directly must call SetSize() so every vector has `size`
  // entries (validity: 0 or `size`).
  std::vector<int64_t>& ints() { return ints_; }
  std::vector<double>& doubles() { return doubles_; }
  BinaryData& binary() { return binary_; }
  std::vector<int32_t>& codes() { return codes_; }
  BinaryData& dictionary() { return dictionary_; }
  std::vector<uint8_t>& validity() { return validity_; }
  const std::vector<int64_t>& ints() const { return ints_; }
  const std::vector<double>& doubles() const { return doubles_; }
  const BinaryData& binary() const { return binary_; }
  const std::vector<int32_t>& codes() const { return codes_; }
  const BinaryData& dictionary() const { return dictionary_; }
  const std::vector<uint8_t>& validity() const { return validity_; }
  // Checks the storage holds `rows` values; throws ParquetError if not.
  void SetSize(size_t rows);

  // Appends rows [begin, end) of `other`, which has the same type.
  // Dictionary codes are remapped into this column's dictionary; appending
  // plain strings to a dictionary column turns it into plain strings.
  void AppendRange(const Column& other, size_t begin, size_t end);
  void Reserve(size_t rows);

 private:
  void MarkValid();
  // Appends other's validity for [begin, end) and grows size_.
  void AppendValidity(const Column& other, size_t begin, size_t end);

  std::string name_;
  ColumnType type_;
  bool nullable_;
  Storage storage_;
  size_t size_ = 0;
  std::vector<int64_t> ints_;
  std::vector<double> doubles_;
  BinaryData binary_;
  std::vector<int32_t> codes_;
  BinaryData dictionary_;
  std::vector<uint8_t> validity_;
};

class Table {
 public:
  Table() = default;
  explicit Table(std::vector<Column> columns);

  size_t num_rows() const { return columns_.empty() ? 0 : columns_.front().size(); }
  size_t num_columns() const { return columns_.size(); }
  const std::vector<Column>& columns() const { return columns_; }
  std::vector<Column>& columns() { return columns_; }
  const Column& column(size_t i) const { return columns_[i]; }
  Column& column(size_t i) { return columns_[i]; }
  std::optional<size_t> IndexOf(std::string_view name) const;
  // Throws ParquetError naming the column when absent.
  const Column& column(std::string_view name) const;

  // Adds a column; throws ParquetError when its length differs from the
  // table's or its name is taken.
  void AddColumn(Column column);
  // Appends every row of `other`, which has the same column names and types.
  void Append(const Table& other);
  // A table with no rows and the same columns (names, types, nullability,
  // storage).
  Table EmptyLike() const;

 private:
  std::vector<Column> columns_;
};

}  // namespace pdex::parquet
