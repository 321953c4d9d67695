// Thrift's compact protocol (thrift/doc/specs/thrift-compact-protocol.md),
// the encoding of Parquet's metadata: just enough to read and write structs
// of integers, binaries, booleans, lists and nested structs.
//
// CompactReader never reads past its input and bounds list sizes by the bytes
// left and nesting by kMaxDepth; anything malformed throws ParquetError.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace pdex::parquet::thrift {

enum Type : uint8_t {
  kStop = 0, kTrue = 1, kFalse = 2, kByte = 3, kI16 = 4, kI32 = 5, kI64 = 6,
  kDouble = 7, kBinary = 8, kList = 9, kSet = 10, kMap = 11, kStruct = 12,
};

inline constexpr int kMaxDepth = 32;

class CompactReader {
 public:
  explicit CompactReader(std::string_view data) : data_(data) {}

  struct Field {
    int16_t id = 0;
    uint8_t type = kStop;
  };
  struct List {
    uint8_t element_type = 0;
    uint32_t size = 0;
  };

  // Struct framing: call BeginStruct, then ReadField until it returns false
  // (STOP), then EndStruct.
  void BeginStruct();
  void EndStruct();
  bool ReadField(Field* field);

  // Values. ReadBool takes the field's type (booleans live in the header);
  // ReadListBool reads a list element.
  bool ReadBool(const Field& field) const;
  bool ReadListBool();
  int8_t ReadByte();
  int16_t ReadI16();
  int32_t ReadI32();
  int64_t ReadI64();
  double ReadDouble();
  std::string_view ReadBinary();
  List ReadListHeader();

  // Skips a value of `type` (fields the reader does not know).
  void Skip(uint8_t type);
  // Throws ParquetError unless `field` has `expected` type (or a boolean
  // type when kTrue is expected).
  static void Expect(const Field& field, uint8_t expected, const char* what);

  size_t position() const { return pos_; }

 private:
  uint64_t ReadVarint();
  uint8_t ReadRawByte();
  void SkipDepth(uint8_t type, int depth);
  void SkipElement(uint8_t type, int depth);

  std::string_view data_;
  size_t pos_ = 0;
  int16_t last_field_id_ = 0;
  std::vector<int16_t> field_id_stack_;
};

class CompactWriter {
 public:
  explicit CompactWriter(std::string* out) : out_(out) {}

  void BeginStruct();
  void EndStruct();  // writes STOP

  void FieldBool(int16_t id, bool value);
  void FieldByte(int16_t id, int8_t value);
  void FieldI16(int16_t id, int16_t value);
  void FieldI32(int16_t id, int32_t value);
  void FieldI64(int16_t id, int64_t value);
  void FieldBinary(int16_t id, std::string_view value);
  // Starts a nested struct field; close it with EndStruct().
  void FieldStruct(int16_t id);
  // Starts a list field; then write `size` elements with the raw writers.
  void FieldList(int16_t id, uint8_t element_type, uint32_t size);

  void WriteI32(int32_t value);
  void WriteBinary(std::string_view value);

 private:
  void FieldHeader(int16_t id, uint8_t type);
  void WriteVarint(uint64_t value);

  std::string* out_;
  int16_t last_field_id_ = 0;
  std::vector<int16_t> field_id_stack_;
};

}  // namespace pdex::parquet::thrift
