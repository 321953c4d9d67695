#include "parquet/thrift_compact.h"

#include <cstring>

#include "parquet/table.h"

namespace pdex::parquet::thrift {

namespace {

int64_t ZigZagDecode(uint64_t n) { return static_cast<int64_t>(n >> 1) ^ -static_cast<int64_t>(n & 1); }
uint64_t ZigZagEncode(int64_t n) {
  return (static_cast<uint64_t>(n) << 1) ^ static_cast<uint64_t>(n >> 63);
}

[[noreturn]] void Malformed(const std::string& what) { throw ParquetError("malformed Thrift metadata: " + what); }

}  // namespace

uint8_t CompactReader::ReadRawByte() {
  if (pos_ >= data_.size()) Malformed("unexpected end of data");
  return static_cast<uint8_t>(data_[pos_++]);
}

uint64_t CompactReader::ReadVarint() {
  uint64_t result = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    const uint8_t byte = ReadRawByte();
    result |= static_cast<uint64_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) return result;
  }
  Malformed("varint longer than 10 bytes");
}

void CompactReader::BeginStruct() {
  if (field_id_stack_.size() >= kMaxDepth) Malformed("structs nested too deeply");
  field_id_stack_.push_back(last_field_id_);
  last_field_id_ = 0;
}

void CompactReader::EndStruct() {
  last_field_id_ = field_id_stack_.back();
  field_id_stack_.pop_back();
}

bool CompactReader::ReadField(Field* field) {
  const uint8_t header = ReadRawByte();
  field->type = header & 0x0f;
  if (field->type == kStop) return false;
  const uint8_t delta = header >> 4;
  if (delta != 0) {
    field->id = static_cast<int16_t>(last_field_id_ + delta);
  } else {
    const int64_t id = ZigZagDecode(ReadVarint());
    if (id < INT16_MIN || id > INT16_MAX) Malformed("field id out of range");
    field->id = static_cast<int16_t>(id);
  }
  if (field->type > kStruct) Malformed("unknown field type " + std::to_string(field->type));
  last_field_id_ = field->id;
  return true;
}

bool CompactReader::ReadBool(const Field& field) const { return field.type == kTrue; }

bool CompactReader::ReadListBool() { return ReadRawByte() == kTrue; }

int8_t CompactReader::ReadByte() { return static_cast<int8_t>(ReadRawByte()); }

int16_t CompactReader::ReadI16() {
  const int64_t v = ZigZagDecode(ReadVarint());
  if (v < INT16_MIN || v > INT16_MAX) Malformed("i16 out of range");
  return static_cast<int16_t>(v);
}

int32_t CompactReader::ReadI32() {
  const int64_t v = ZigZagDecode(ReadVarint());
  if (v < INT32_MIN || v > INT32_MAX) Malformed("i32 out of range");
  return static_cast<int32_t>(v);
}

int64_t CompactReader::ReadI64() { return ZigZagDecode(ReadVarint()); }

double CompactReader::ReadDouble() {
  if (data_.size() - pos_ < 8) Malformed("unexpected end of data");
  double value;
  std::memcpy(&value, data_.data() + pos_, 8);
  pos_ += 8;
  return value;
}

std::string_view CompactReader::ReadBinary() {
  const uint64_t length = ReadVarint();
  if (length > data_.size() - pos_) Malformed("binary of " + std::to_string(length) + " bytes past the end");
  const std::string_view value = data_.substr(pos_, length);
  pos_ += length;
  return value;
}

CompactReader::List CompactReader::ReadListHeader() {
  const uint8_t header = ReadRawByte();
  List list;
  list.element_type = header & 0x0f;
  uint64_t size = header >> 4;
  if (size == 15) size = ReadVarint();
  // Every element takes at least one byte, so a longer list cannot be real.
  if (size > data_.size() - pos_) Malformed("list of " + std::to_string(size) + " elements past the end");
  list.size = static_cast<uint32_t>(size);
  return list;
}

void CompactReader::Expect(const Field& field, uint8_t expected, const char* what) {
  const bool ok = expected == kTrue ? (field.type == kTrue || field.type == kFalse) : field.type == expected;
  if (!ok) Malformed(std::string(what) + " has wire type " + std::to_string(field.type));
}

void CompactReader::Skip(uint8_t type) { SkipDepth(type, 0); }

void CompactReader::SkipElement(uint8_t type, int depth) {
  // Booleans inside containers take one byte each (in fields, none).
  if (type == kTrue || type == kFalse) {
    ReadRawByte();
  } else {
    SkipDepth(type, depth);
  }
}

void CompactReader::SkipDepth(uint8_t type, int depth) {
  if (depth > kMaxDepth) Malformed("values nested too deeply");
  switch (type) {
    case kTrue:
    case kFalse:
      return;  // the value is in the field header
    case kByte: ReadRawByte(); return;
    case kI16:
    case kI32:
    case kI64: ReadVarint(); return;
    case kDouble: ReadDouble(); return;
    case kBinary: ReadBinary(); return;
    case kList:
    case kSet: {
      const List list = ReadListHeader();
      for (uint32_t i = 0; i < list.size; ++i) SkipElement(list.element_type, depth + 1);
      return;
    }
    case kMap: {
      const uint64_t size = ReadVarint();
      if (size == 0) return;
      if (size > data_.size() - pos_) Malformed("map past the end");
      const uint8_t types = ReadRawByte();
      for (uint64_t i = 0; i < size; ++i) {
        SkipElement(static_cast<uint8_t>(types >> 4), depth + 1);
        SkipElement(types & 0x0f, depth + 1);
      }
      return;
    }
    case kStruct: {
      BeginStruct();
      Field field;
      while (ReadField(&field)) SkipDepth(field.type, depth + 1);
      EndStruct();
      return;
    }
    default:
      Malformed("unknown type " + std::to_string(type));
  }
}

void CompactWriter::WriteVarint(uint64_t value) {
  while (value >= 0x80) {
    out_->push_back(static_cast<char>((value & 0x7f) | 0x80));
    value >>= 7;
  }
  out_->push_back(static_cast<char>(value));
}

void CompactWriter::BeginStruct() {
  field_id_stack_.push_back(last_field_id_);
  last_field_id_ = 0;
}

void CompactWriter::EndStruct() {
  out_->push_back(static_cast<char>(kStop));
  last_field_id_ = field_id_stack_.back();
  field_id_stack_.pop_back();
}

void CompactWriter::FieldHeader(int16_t id, uint8_t type) {
  const int delta = id - last_field_id_;
  if (delta > 0 && delta <= 15) {
    out_->push_back(static_cast<char>((delta << 4) | type));
  } else {
    out_->push_back(static_cast<char>(type));
    WriteVarint(ZigZagEncode(id));
  }
  last_field_id_ = id;
}

void CompactWriter::FieldBool(int16_t id, bool value) { FieldHeader(id, value ? kTrue : kFalse); }

void CompactWriter::FieldByte(int16_t id, int8_t value) {
  FieldHeader(id, kByte);
  out_->push_back(static_cast<char>(value));
}

void CompactWriter::FieldI16(int16_t id, int16_t value) {
  FieldHeader(id, kI16);
  WriteVarint(ZigZagEncode(value));
}

void CompactWriter::FieldI32(int16_t id, int32_t value) {
  FieldHeader(id, kI32);
  WriteVarint(ZigZagEncode(value));
}

void CompactWriter::FieldI64(int16_t id, int64_t value) {
  FieldHeader(id, kI64);
  WriteVarint(ZigZagEncode(value));
}

void CompactWriter::FieldBinary(int16_t id, std::string_view value) {
  FieldHeader(id, kBinary);
  WriteBinary(value);
}

void CompactWriter::FieldStruct(int16_t id) {
  FieldHeader(id, kStruct);
  BeginStruct();
}

void CompactWriter::FieldList(int16_t id, uint8_t element_type, uint32_t size) {
  FieldHeader(id, kList);
  if (size < 15) {
    out_->push_back(static_cast<char>((size << 4) | element_type));
  } else {
    out_->push_back(static_cast<char>(0xf0 | element_type));
    WriteVarint(size);
  }
}

void CompactWriter::WriteI32(int32_t value) { WriteVarint(ZigZagEncode(value)); }

void CompactWriter::WriteBinary(std::string_view value) {
  WriteVarint(value.size());
  out_->append(value);
}

}  // namespace pdex::parquet::thrift
