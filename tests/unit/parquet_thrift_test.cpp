// Unit tests for parquet/thrift_compact.h (the compact protocol) and
// parquet/metadata.h (FileMetaData and PageHeader serialization).
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <limits>
#include <string>
#include <vector>

#include "parquet/metadata.h"
#include "parquet/table.h"
#include "parquet/thrift_compact.h"

namespace pdex::parquet {
namespace {

using thrift::CompactReader;
using thrift::CompactWriter;

std::string Bytes(std::initializer_list<int> bytes) {
  std::string s;
  for (const int b : bytes) s.push_back(static_cast<char>(b));
  return s;
}

// ---------------------------------------------------------------------------
// Compact protocol

TEST(ThriftCompact, ShortFieldHeaderLayout) {
  std::string out;
  CompactWriter w(&out);
  w.BeginStruct();
  w.FieldI32(1, 3);     // delta 1, type i32 (5), zigzag(3) = 6
  w.FieldBool(2, true);  // delta 1, type true (1)
  w.FieldBool(3, false);  // delta 1, type false (2)
  w.EndStruct();
  EXPECT_EQ(out, Bytes({0x15, 0x06, 0x11, 0x12, 0x00}));
}

TEST(ThriftCompact, LongFieldHeaderLayout) {
  std::string out;
  CompactWriter w(&out);
  w.BeginStruct();
  w.FieldI32(100, 1);  // delta 100 > 15: type byte then zigzag(100) = 200 varint
  w.EndStruct();
  EXPECT_EQ(out, Bytes({0x05, 0xc8, 0x01, 0x02, 0x00}));
}

TEST(ThriftCompact, RoundTripFieldIdsAndIntegers) {
  std::string out;
  CompactWriter w(&out);
  w.BeginStruct();
  w.FieldI32(1, std::numeric_limits<int32_t>::min());
  w.FieldI32(17, std::numeric_limits<int32_t>::max());  // delta 16
  w.FieldI64(5, std::numeric_limits<int64_t>::min());   // negative delta
  w.FieldI64(300, std::numeric_limits<int64_t>::max());  // big id
  w.FieldI32(-7, -1);                                    // negative id
  w.FieldI64(-6, 0);
  w.FieldByte(20, -128);
  w.FieldByte(21, 127);
  w.FieldBool(32000, true);
  w.FieldBool(32001, false);
  w.EndStruct();

  CompactReader r(out);
  r.BeginStruct();
  CompactReader::Field f;
  ASSERT_TRUE(r.ReadField(&f));
  EXPECT_EQ(f.id, 1);
  EXPECT_EQ(f.type, thrift::kI32);
  EXPECT_EQ(r.ReadI32(), std::numeric_limits<int32_t>::min());
  ASSERT_TRUE(r.ReadField(&f));
  EXPECT_EQ(f.id, 17);
  EXPECT_EQ(r.ReadI32(), std::numeric_limits<int32_t>::max());
  ASSERT_TRUE(r.ReadField(&f));
  EXPECT_EQ(f.id, 5);
  EXPECT_EQ(f.type, thrift::kI64);
  EXPECT_EQ(r.ReadI64(), std::numeric_limits<int64_t>::min());
  ASSERT_TRUE(r.ReadField(&f));
  EXPECT_EQ(f.id, 300);
  EXPECT_EQ(r.ReadI64(), std::numeric_limits<int64_t>::max());
  ASSERT_TRUE(r.ReadField(&f));
  EXPECT_EQ(f.id, -7);
  EXPECT_EQ(r.ReadI32(), -1);
  ASSERT_TRUE(r.ReadField(&f));
  EXPECT_EQ(f.id, -6);
  EXPECT_EQ(r.ReadI64(), 0);
  ASSERT_TRUE(r.ReadField(&f));
  EXPECT_EQ(f.id, 20);
  EXPECT_EQ(f.type, thrift::kByte);
  EXPECT_EQ(r.ReadByte(), -128);
  ASSERT_TRUE(r.ReadField(&f));
  EXPECT_EQ(f.id, 21);
  EXPECT_EQ(r.ReadByte(), 127);
  ASSERT_TRUE(r.ReadField(&f));
  EXPECT_EQ(f.id, 32000);
  EXPECT_TRUE(r.ReadBool(f));
  ASSERT_TRUE(r.ReadField(&f));
  EXPECT_EQ(f.id, 32001);
  EXPECT_FALSE(r.ReadBool(f));
  EXPECT_FALSE(r.ReadField(&f));
  r.EndStruct();
  EXPECT_EQ(r.position(), out.size());
}

TEST(ThriftCompact, RoundTripBinaryListsAndNestedStructs) {
  const std::string blob("bin\0ary\xff", 8);
  std::string big(300, 'z');
  std::string out;
  CompactWriter w(&out);
  w.BeginStruct();
  w.FieldBinary(1, blob);
  w.FieldBinary(2, "");
  w.FieldList(3, thrift::kI32, 20);  // >= 15 elements: long list header
  for (int32_t i = 0; i < 20; ++i) w.WriteI32(i * 1000 - 7000);
  w.FieldList(4, thrift::kBinary, 3);
  w.WriteBinary("a");
  w.WriteBinary(big);
  w.WriteBinary("");
  w.FieldStruct(5);
  w.FieldI32(1, 42);
  w.FieldStruct(2);
  w.FieldBinary(16, "deep");
  w.EndStruct();
  w.FieldI64(3, 77);
  w.EndStruct();
  w.FieldI32(6, 99);  // field ids continue from the outer struct
  w.FieldList(7, thrift::kStruct, 15);
  for (int i = 0; i < 15; ++i) {
    w.BeginStruct();
    w.FieldI32(1, i);
    w.EndStruct();
  }
  w.FieldList(8, thrift::kI32, 0);
  w.EndStruct();

  CompactReader r(out);
  r.BeginStruct();
  CompactReader::Field f;
  ASSERT_TRUE(r.ReadField(&f));
  EXPECT_EQ(f.id, 1);
  EXPECT_EQ(f.type, thrift::kBinary);
  EXPECT_EQ(r.ReadBinary(), blob);
  ASSERT_TRUE(r.ReadField(&f));
  EXPECT_EQ(r.ReadBinary(), "");
  ASSERT_TRUE(r.ReadField(&f));
  EXPECT_EQ(f.id, 3);
  EXPECT_EQ(f.type, thrift::kList);
  auto list = r.ReadListHeader();
  EXPECT_EQ(list.element_type, thrift::kI32);
  ASSERT_EQ(list.size, 20u);
  for (int32_t i = 0; i < 20; ++i) EXPECT_EQ(r.ReadI32(), i * 1000 - 7000);
  ASSERT_TRUE(r.ReadField(&f));
  EXPECT_EQ(f.id, 4);
  list = r.ReadListHeader();
  EXPECT_EQ(list.element_type, thrift::kBinary);
  ASSERT_EQ(list.size, 3u);
  EXPECT_EQ(r.ReadBinary(), "a");
  EXPECT_EQ(r.ReadBinary(), big);
  EXPECT_EQ(r.ReadBinary(), "");
  ASSERT_TRUE(r.ReadField(&f));
  EXPECT_EQ(f.id, 5);
  EXPECT_EQ(f.type, thrift::kStruct);
  r.BeginStruct();
  ASSERT_TRUE(r.ReadField(&f));
  EXPECT_EQ(f.id, 1);
  EXPECT_EQ(r.ReadI32(), 42);
  ASSERT_TRUE(r.ReadField(&f));
  EXPECT_EQ(f.id, 2);
  r.BeginStruct();
  ASSERT_TRUE(r.ReadField(&f));
  EXPECT_EQ(f.id, 16);
  EXPECT_EQ(r.ReadBinary(), "deep");
  EXPECT_FALSE(r.ReadField(&f));
  r.EndStruct();
  ASSERT_TRUE(r.ReadField(&f));
  EXPECT_EQ(f.id, 3);
  EXPECT_EQ(r.ReadI64(), 77);
  EXPECT_FALSE(r.ReadField(&f));
  r.EndStruct();
  ASSERT_TRUE(r.ReadField(&f));
  EXPECT_EQ(f.id, 6);
  EXPECT_EQ(r.ReadI32(), 99);
  ASSERT_TRUE(r.ReadField(&f));
  EXPECT_EQ(f.id, 7);
  list = r.ReadListHeader();
  EXPECT_EQ(list.element_type, thrift::kStruct);
  ASSERT_EQ(list.size, 15u);
  for (int32_t i = 0; i < 15; ++i) {
    r.BeginStruct();
    ASSERT_TRUE(r.ReadField(&f));
    EXPECT_EQ(f.id, 1);
    EXPECT_EQ(r.ReadI32(), i);
    EXPECT_FALSE(r.ReadField(&f));
    r.EndStruct();
  }
  ASSERT_TRUE(r.ReadField(&f));
  EXPECT_EQ(f.id, 8);
  list = r.ReadListHeader();
  EXPECT_EQ(list.size, 0u);
  EXPECT_FALSE(r.ReadField(&f));
  r.EndStruct();
  EXPECT_EQ(r.position(), out.size());
}

TEST(ThriftCompact, ReadDoubleAndI16AndListBool) {
  // A double field (id 1), an i16 field (id 2, zigzag(-300) = 599), a list of
  // two booleans (id 3).
  std::string data = Bytes({0x17});
  const double value = -1234.5;
  char raw[8];
  std::memcpy(raw, &value, 8);
  data.append(raw, 8);
  data += Bytes({0x14, 0xd7, 0x04, 0x19, 0x21, 0x01, 0x02, 0x00});
  CompactReader r(data);
  r.BeginStruct();
  CompactReader::Field f;
  ASSERT_TRUE(r.ReadField(&f));
  EXPECT_EQ(f.type, thrift::kDouble);
  EXPECT_EQ(r.ReadDouble(), value);
  ASSERT_TRUE(r.ReadField(&f));
  EXPECT_EQ(f.type, thrift::kI16);
  EXPECT_EQ(r.ReadI16(), -300);
  ASSERT_TRUE(r.ReadField(&f));
  EXPECT_EQ(f.id, 3);
  const auto list = r.ReadListHeader();
  ASSERT_EQ(list.size, 2u);
  EXPECT_TRUE(r.ReadListBool());
  EXPECT_FALSE(r.ReadListBool());
  EXPECT_FALSE(r.ReadField(&f));
  r.EndStruct();
}

// A struct holding one unknown field of each type (ids 1..), then a known
// i32 field id 100 = 7. Skip must land exactly on the known field.
void ExpectSkipsTo100(const std::string& unknown_fields, int expected_unknown) {
  std::string data = unknown_fields;
  data += Bytes({0x05, 0xc8, 0x01, 0x0e, 0x00});  // field 100 (long form), i32 7, STOP
  CompactReader r(data);
  r.BeginStruct();
  CompactReader::Field f;
  int skipped = 0;
  int32_t known = -1;
  while (r.ReadField(&f)) {
    if (f.id == 100) {
      known = r.ReadI32();
    } else {
      r.Skip(f.type);
      ++skipped;
    }
  }
  r.EndStruct();
  EXPECT_EQ(skipped, expected_unknown);
  EXPECT_EQ(known, 7);
  EXPECT_EQ(r.position(), data.size());
}

TEST(ThriftCompact, SkipScalarTypes) {
  std::string d;
  d += Bytes({0x11});                    // 1: true
  d += Bytes({0x12});                    // 2: false
  d += Bytes({0x13, 0xff});              // 3: byte
  d += Bytes({0x14, 0xfe, 0xff, 0x03});  // 4: i16 (3-byte varint)
  d += Bytes({0x15, 0x80, 0x80, 0x04});  // 5: i32
  d += Bytes({0x16, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01});  // 6: i64 (10 bytes)
  d += Bytes({0x17, 1, 2, 3, 4, 5, 6, 7, 8});  // 7: double
  d += Bytes({0x18, 0x03, 'a', 'b', 'c'});     // 8: binary
  ExpectSkipsTo100(d, 8);
}

TEST(ThriftCompact, SkipContainers) {
  std::string d;
  d += Bytes({0x19, 0x35, 0x02, 0x04, 0x06});  // 1: list<i32> [1,2,3]
  d += Bytes({0x1a, 0x28, 0x01, 'x', 0x00});   // 2: set<binary> {"x", ""}
  d += Bytes({0x19, 0xf5, 0x10});              // 3: list<i32> of 16 (long header)
  for (int i = 0; i < 16; ++i) d += Bytes({0x02});
  d += Bytes({0x19, 0x21, 0x01, 0x02});        // 4: list<bool> [true,false]
  d += Bytes({0x1a, 0x11, 0x01});              // 5: set<bool> {true}
  d += Bytes({0x1b, 0x02, 0x86, 0x01, 'k', 0x02, 0x01, 'v', 0x04});  // 6: map<binary,i64> 2 entries
  d += Bytes({0x1b, 0x00});                    // 7: empty map
  // 8: struct { 1: i32, 2: struct { 1: binary, 2: list<struct{}> }, 3: true }
  d += Bytes({0x1c, 0x15, 0x02, 0x1c, 0x18, 0x01, 'q', 0x19, 0x2c, 0x00, 0x00, 0x00, 0x11, 0x00});
  ExpectSkipsTo100(d, 8);
}

// In the compact protocol, booleans inside maps take one byte each, like
// booleans inside lists.
TEST(ThriftCompact, SkipMapWithBooleanKeysAndValues) {
  std::string d;
  d += Bytes({0x1b, 0x02, 0x11, 0x01, 0x02, 0x02, 0x01});  // 1: map<bool,bool> {true:false, false:true}
  d += Bytes({0x1b, 0x01, 0x15, 0x01, 0x0e});              // 2: map<bool,i32> {true:7}
  ExpectSkipsTo100(d, 2);
}

TEST(ThriftCompact, ExpectChecksWireType) {
  CompactReader::Field f;
  f.type = thrift::kI32;
  EXPECT_NO_THROW(CompactReader::Expect(f, thrift::kI32, "x"));
  EXPECT_THROW(CompactReader::Expect(f, thrift::kI64, "x"), ParquetError);
  f.type = thrift::kFalse;
  EXPECT_NO_THROW(CompactReader::Expect(f, thrift::kTrue, "x"));
  f.type = thrift::kByte;
  EXPECT_THROW(CompactReader::Expect(f, thrift::kTrue, "x"), ParquetError);
}

TEST(ThriftCompact, TruncatedVarintThrows) {
  const std::string data = Bytes({0x15, 0x80, 0x80});  // i32 whose varint never ends
  CompactReader r(data);
  r.BeginStruct();
  CompactReader::Field f;
  ASSERT_TRUE(r.ReadField(&f));
  EXPECT_THROW(r.ReadI32(), ParquetError);
}

TEST(ThriftCompact, OverlongVarintThrows) {
  std::string data = Bytes({0x16});
  data += std::string(11, static_cast<char>(0x80));
  data += Bytes({0x01});
  CompactReader r(data);
  r.BeginStruct();
  CompactReader::Field f;
  ASSERT_TRUE(r.ReadField(&f));
  EXPECT_THROW(r.ReadI64(), ParquetError);
}

TEST(ThriftCompact, I32OutOfRangeThrows) {
  std::string out;
  CompactWriter w(&out);
  w.BeginStruct();
  w.FieldI64(1, int64_t{1} << 40);
  w.EndStruct();
  CompactReader r(out);
  r.BeginStruct();
  CompactReader::Field f;
  ASSERT_TRUE(r.ReadField(&f));
  EXPECT_THROW(r.ReadI32(), ParquetError);
}

TEST(ThriftCompact, ListLargerThanDataThrows) {
  // A list header claiming 1000 i32 elements with 2 bytes left.
  const std::string data = Bytes({0x19, 0xf5, 0xe8, 0x07, 0x02, 0x04});
  CompactReader r(data);
  r.BeginStruct();
  CompactReader::Field f;
  ASSERT_TRUE(r.ReadField(&f));
  EXPECT_THROW(r.ReadListHeader(), ParquetError);
  CompactReader skipper(data);
  skipper.BeginStruct();
  ASSERT_TRUE(skipper.ReadField(&f));
  EXPECT_THROW(skipper.Skip(f.type), ParquetError);
}

TEST(ThriftCompact, HugeListSizeThrows) {
  // 2^32 + 1 elements: must not be truncated to a small uint32.
  const std::string data = Bytes({0x19, 0xf5, 0x81, 0x80, 0x80, 0x80, 0x10, 0x02});
  CompactReader r(data);
  r.BeginStruct();
  CompactReader::Field f;
  ASSERT_TRUE(r.ReadField(&f));
  EXPECT_THROW(r.ReadListHeader(), ParquetError);
}

TEST(ThriftCompact, BinaryPastEndThrows) {
  const std::string data = Bytes({0x18, 0x10, 'a', 'b'});
  CompactReader r(data);
  r.BeginStruct();
  CompactReader::Field f;
  ASSERT_TRUE(r.ReadField(&f));
  EXPECT_THROW(r.ReadBinary(), ParquetError);
}

TEST(ThriftCompact, TruncatedDoubleThrows) {
  const std::string data = Bytes({0x17, 1, 2, 3});
  CompactReader r(data);
  r.BeginStruct();
  CompactReader::Field f;
  ASSERT_TRUE(r.ReadField(&f));
  EXPECT_THROW(r.ReadDouble(), ParquetError);
}

TEST(ThriftCompact, MissingStopThrows) {
  const std::string data = Bytes({0x15, 0x02});
  CompactReader r(data);
  r.BeginStruct();
  CompactReader::Field f;
  ASSERT_TRUE(r.ReadField(&f));
  r.Skip(f.type);
  EXPECT_THROW(r.ReadField(&f), ParquetError);
}

TEST(ThriftCompact, NestingDeeperThanMaxDepthThrows) {
  // Field 1 of type struct, nested kMaxDepth + 5 times.
  std::string data;
  for (int i = 0; i < thrift::kMaxDepth + 5; ++i) data += Bytes({0x1c});
  data += std::string(static_cast<size_t>(thrift::kMaxDepth + 6), '\0');
  CompactReader r(data);
  r.BeginStruct();
  CompactReader::Field f;
  ASSERT_TRUE(r.ReadField(&f));
  EXPECT_THROW(r.Skip(f.type), ParquetError);
  // Nested lists of lists also count.
  std::string lists = Bytes({0x19});
  for (int i = 0; i < thrift::kMaxDepth + 5; ++i) lists += Bytes({0x19});
  lists += Bytes({0x00, 0x00});
  CompactReader l(lists);
  l.BeginStruct();
  ASSERT_TRUE(l.ReadField(&f));
  EXPECT_THROW(l.Skip(f.type), ParquetError);
}

TEST(ThriftCompact, NestingWithinMaxDepthIsFine) {
  std::string data;
  for (int i = 0; i < 10; ++i) data += Bytes({0x1c});
  data += std::string(11, '\0');
  CompactReader r(data);
  r.BeginStruct();
  CompactReader::Field f;
  ASSERT_TRUE(r.ReadField(&f));
  EXPECT_NO_THROW(r.Skip(f.type));
  EXPECT_FALSE(r.ReadField(&f));
  r.EndStruct();
  EXPECT_EQ(r.position(), data.size());
}

TEST(ThriftCompact, BeginStructBeyondMaxDepthThrows) {
  const std::string data;
  CompactReader r(data);
  for (int i = 0; i < thrift::kMaxDepth; ++i) r.BeginStruct();
  EXPECT_THROW(r.BeginStruct(), ParquetError);
}

TEST(ThriftCompact, UnknownTypeNibbleThrows) {
  for (int type : {13, 14, 15}) {
    const std::string data = Bytes({0x10 | type, 0x00});
    CompactReader r(data);
    r.BeginStruct();
    CompactReader::Field f;
    EXPECT_THROW(r.ReadField(&f), ParquetError) << "type " << type;
  }
  EXPECT_THROW(CompactReader(std::string_view()).Skip(13), ParquetError);
  // An unknown element type inside a list.
  const std::string list = Bytes({0x19, 0x1d, 0x00, 0x00});
  CompactReader r(list);
  r.BeginStruct();
  CompactReader::Field f;
  ASSERT_TRUE(r.ReadField(&f));
  EXPECT_THROW(r.Skip(f.type), ParquetError);
}

TEST(ThriftCompact, EmptyInputThrows) {
  CompactReader r{std::string_view()};
  r.BeginStruct();
  CompactReader::Field f;
  EXPECT_THROW(r.ReadField(&f), ParquetError);
}

// ---------------------------------------------------------------------------
// FileMetaData

Statistics FullStatistics(const std::string& tag) {
  Statistics s;
  s.max = "max-" + tag;
  s.min = std::string("min\0", 4) + tag;
  s.null_count = 12;
  s.distinct_count = 345;
  s.max_value = "MAX" + tag;
  s.min_value = "";
  return s;
}

void ExpectStatisticsEq(const std::optional<Statistics>& a, const std::optional<Statistics>& b) {
  ASSERT_EQ(a.has_value(), b.has_value());
  if (!a) return;
  EXPECT_EQ(a->max, b->max);
  EXPECT_EQ(a->min, b->min);
  EXPECT_EQ(a->null_count, b->null_count);
  EXPECT_EQ(a->distinct_count, b->distinct_count);
  EXPECT_EQ(a->max_value, b->max_value);
  EXPECT_EQ(a->min_value, b->min_value);
}

void ExpectLogicalEq(const LogicalType& a, const LogicalType& b) {
  EXPECT_EQ(a.kind, b.kind);
  EXPECT_EQ(a.scale, b.scale);
  EXPECT_EQ(a.precision, b.precision);
  EXPECT_EQ(a.adjusted_to_utc, b.adjusted_to_utc);
  EXPECT_EQ(a.time_unit, b.time_unit);
  EXPECT_EQ(a.bit_width, b.bit_width);
  EXPECT_EQ(a.is_signed, b.is_signed);
}

void ExpectSchemaEq(const SchemaElement& a, const SchemaElement& b) {
  SCOPED_TRACE(a.name);
  EXPECT_EQ(a.type, b.type);
  EXPECT_EQ(a.type_length, b.type_length);
  EXPECT_EQ(a.repetition, b.repetition);
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.num_children, b.num_children);
  EXPECT_EQ(a.converted_type, b.converted_type);
  EXPECT_EQ(a.scale, b.scale);
  EXPECT_EQ(a.precision, b.precision);
  ExpectLogicalEq(a.logical_type, b.logical_type);
}

SchemaElement Leaf(std::string name, PhysicalType type, Repetition repetition) {
  SchemaElement e;
  e.name = std::move(name);
  e.type = type;
  e.repetition = repetition;
  return e;
}

FileMetaData SampleMetadata() {
  FileMetaData md;
  md.version = 2;
  SchemaElement root;
  root.name = "schema";
  root.num_children = 9;
  md.schema.push_back(root);

  SchemaElement dec = Leaf("price", PhysicalType::kFixedLenByteArray, Repetition::kOptional);
  dec.type_length = 16;
  dec.converted_type = ConvertedType::kDecimal;
  dec.scale = 10;
  dec.precision = 38;
  dec.logical_type.kind = LogicalType::Kind::kDecimal;
  dec.logical_type.scale = 10;
  dec.logical_type.precision = 38;
  md.schema.push_back(dec);

  SchemaElement ts = Leaf("ts", PhysicalType::kInt64, Repetition::kRequired);
  ts.converted_type = ConvertedType::kTimestampMicros;
  ts.logical_type.kind = LogicalType::Kind::kTimestamp;
  ts.logical_type.adjusted_to_utc = true;
  ts.logical_type.time_unit = 2;
  md.schema.push_back(ts);

  SchemaElement ts_ns = Leaf("ts_ns", PhysicalType::kInt64, Repetition::kOptional);
  ts_ns.logical_type.kind = LogicalType::Kind::kTimestamp;
  ts_ns.logical_type.adjusted_to_utc = false;
  ts_ns.logical_type.time_unit = 3;
  md.schema.push_back(ts_ns);

  SchemaElement time = Leaf("t", PhysicalType::kInt32, Repetition::kOptional);
  time.converted_type = ConvertedType::kTimeMillis;
  time.logical_type.kind = LogicalType::Kind::kTime;
  time.logical_type.adjusted_to_utc = true;
  time.logical_type.time_unit = 1;
  md.schema.push_back(time);

  SchemaElement u16 = Leaf("u16", PhysicalType::kInt32, Repetition::kRequired);
  u16.converted_type = ConvertedType::kUint16;
  u16.logical_type.kind = LogicalType::Kind::kInteger;
  u16.logical_type.bit_width = 16;
  u16.logical_type.is_signed = false;
  md.schema.push_back(u16);

  SchemaElement i8 = Leaf("i8", PhysicalType::kInt32, Repetition::kRequired);
  i8.converted_type = ConvertedType::kInt8;
  i8.logical_type.kind = LogicalType::Kind::kInteger;
  i8.logical_type.bit_width = 8;
  i8.logical_type.is_signed = true;
  md.schema.push_back(i8);

  SchemaElement str = Leaf("name", PhysicalType::kByteArray, Repetition::kOptional);
  str.converted_type = ConvertedType::kUtf8;
  str.logical_type.kind = LogicalType::Kind::kString;
  md.schema.push_back(str);

  SchemaElement date = Leaf("day", PhysicalType::kInt32, Repetition::kOptional);
  date.converted_type = ConvertedType::kDate;
  date.logical_type.kind = LogicalType::Kind::kDate;
  md.schema.push_back(date);

  SchemaElement plain = Leaf("raw", PhysicalType::kDouble, Repetition::kRequired);
  md.schema.push_back(plain);

  md.num_rows = 1234567890123;
  for (int g = 0; g < 2; ++g) {
    RowGroup rg;
    for (int c = 0; c < 2; ++c) {
      ColumnChunk chunk;
      chunk.file_offset = 4 + 1000 * g + 100 * c;
      ColumnMetaData m;
      m.type = c == 0 ? PhysicalType::kInt64 : PhysicalType::kByteArray;
      m.encodings = {Encoding::kPlain, Encoding::kRle, Encoding::kRleDictionary, Encoding::kDeltaByteArray,
                     Encoding::kByteStreamSplit};
      m.path_in_schema = {"col" + std::to_string(c)};
      m.codec = c == 0 ? Compression::kZstd : Compression::kSnappy;
      m.num_values = 617283945061 + g;
      m.total_uncompressed_size = 9000000000 + c;
      m.total_compressed_size = 8000000000 + c;
      m.data_page_offset = 5000000000 + 1000 * g + 100 * c;
      if (c == 1) m.dictionary_page_offset = 4 + 1000 * g + 100 * c;
      m.statistics = FullStatistics(std::to_string(g) + std::to_string(c));
      chunk.meta_data = m;
      rg.columns.push_back(chunk);
    }
    rg.total_byte_size = 99999999999 + g;
    rg.num_rows = 617283945061 + g;
    rg.file_offset = 4 + 1000 * g;
    rg.total_compressed_size = 16000000001 + g;
    md.row_groups.push_back(rg);
  }
  md.key_value_metadata = {{"pandas", std::string("{\"a\": 1}")}, {"no-value", std::nullopt}, {"", std::string("")}};
  md.created_by = "pdex parquet test";
  md.type_defined_column_orders = 9;
  return md;
}

TEST(ParquetMetadata, FileMetaDataRoundTrip) {
  const FileMetaData md = SampleMetadata();
  std::string bytes;
  SerializeFileMetaData(md, &bytes);
  const FileMetaData got = ParseFileMetaData(bytes);

  EXPECT_EQ(got.version, md.version);
  EXPECT_EQ(got.num_rows, md.num_rows);
  ASSERT_EQ(got.schema.size(), md.schema.size());
  for (size_t i = 0; i < md.schema.size(); ++i) ExpectSchemaEq(got.schema[i], md.schema[i]);
  ASSERT_EQ(got.row_groups.size(), md.row_groups.size());
  for (size_t g = 0; g < md.row_groups.size(); ++g) {
    const RowGroup& a = got.row_groups[g];
    const RowGroup& b = md.row_groups[g];
    EXPECT_EQ(a.total_byte_size, b.total_byte_size);
    EXPECT_EQ(a.num_rows, b.num_rows);
    EXPECT_EQ(a.file_offset, b.file_offset);
    EXPECT_EQ(a.total_compressed_size, b.total_compressed_size);
    ASSERT_EQ(a.columns.size(), b.columns.size());
    for (size_t c = 0; c < a.columns.size(); ++c) {
      SCOPED_TRACE("row group " + std::to_string(g) + " column " + std::to_string(c));
      EXPECT_EQ(a.columns[c].file_offset, b.columns[c].file_offset);
      ASSERT_TRUE(a.columns[c].meta_data.has_value());
      const ColumnMetaData& x = *a.columns[c].meta_data;
      const ColumnMetaData& y = *b.columns[c].meta_data;
      EXPECT_EQ(x.type, y.type);
      EXPECT_EQ(x.encodings, y.encodings);
      EXPECT_EQ(x.path_in_schema, y.path_in_schema);
      EXPECT_EQ(x.codec, y.codec);
      EXPECT_EQ(x.num_values, y.num_values);
      EXPECT_EQ(x.total_uncompressed_size, y.total_uncompressed_size);
      EXPECT_EQ(x.total_compressed_size, y.total_compressed_size);
      EXPECT_EQ(x.data_page_offset, y.data_page_offset);
      EXPECT_EQ(x.dictionary_page_offset, y.dictionary_page_offset);
      ExpectStatisticsEq(x.statistics, y.statistics);
    }
  }
  ASSERT_EQ(got.key_value_metadata.size(), md.key_value_metadata.size());
  for (size_t i = 0; i < md.key_value_metadata.size(); ++i) {
    EXPECT_EQ(got.key_value_metadata[i].key, md.key_value_metadata[i].key);
    EXPECT_EQ(got.key_value_metadata[i].value, md.key_value_metadata[i].value);
  }
  EXPECT_EQ(got.created_by, md.created_by);
  EXPECT_EQ(got.type_defined_column_orders, md.type_defined_column_orders);
}

TEST(ParquetMetadata, FileMetaDataOptionalFieldsAbsentStayAbsent) {
  FileMetaData md;
  SchemaElement root;
  root.name = "schema";
  md.schema.push_back(root);
  std::string bytes;
  SerializeFileMetaData(md, &bytes);
  const FileMetaData got = ParseFileMetaData(bytes);
  EXPECT_EQ(got.version, 1);
  ASSERT_EQ(got.schema.size(), 1u);
  EXPECT_FALSE(got.schema[0].type.has_value());
  EXPECT_FALSE(got.schema[0].repetition.has_value());
  EXPECT_FALSE(got.schema[0].converted_type.has_value());
  EXPECT_EQ(got.schema[0].logical_type.kind, LogicalType::Kind::kNone);
  EXPECT_TRUE(got.row_groups.empty());
  EXPECT_TRUE(got.key_value_metadata.empty());
  EXPECT_FALSE(got.created_by.has_value());
  EXPECT_EQ(got.type_defined_column_orders, 0);
}

TEST(ParquetMetadata, OtherLogicalKindsRoundTrip) {
  for (const auto kind : {LogicalType::Kind::kEnum, LogicalType::Kind::kJson, LogicalType::Kind::kBson,
                          LogicalType::Kind::kUuid, LogicalType::Kind::kFloat16, LogicalType::Kind::kUnknown}) {
    FileMetaData md;
    SchemaElement root;
    root.name = "schema";
    root.num_children = 1;
    md.schema.push_back(root);
    SchemaElement leaf = Leaf("x", PhysicalType::kByteArray, Repetition::kOptional);
    leaf.logical_type.kind = kind;
    md.schema.push_back(leaf);
    std::string bytes;
    SerializeFileMetaData(md, &bytes);
    const FileMetaData got = ParseFileMetaData(bytes);
    ASSERT_EQ(got.schema.size(), 2u);
    EXPECT_EQ(got.schema[1].logical_type.kind, kind);
  }
}

// Fields metadata.h declares beyond what the other round trip covers: each is
// a member of the structs, so serialize → parse should keep it.
TEST(ParquetMetadata, FileMetaDataRoundTripKeepsFieldIdFilePathIndexOffsetOrdinal) {
  FileMetaData md = SampleMetadata();
  md.schema[1].field_id = 17;
  md.row_groups[0].columns[0].file_path = "other.parquet";
  md.row_groups[0].columns[0].meta_data->index_page_offset = 4321;
  md.row_groups[1].ordinal = 1;
  std::string bytes;
  SerializeFileMetaData(md, &bytes);
  const FileMetaData got = ParseFileMetaData(bytes);
  EXPECT_EQ(got.schema[1].field_id, std::optional<int32_t>(17)) << "SchemaElement.field_id (9) lost";
  EXPECT_EQ(got.row_groups[0].columns[0].file_path, std::optional<std::string>("other.parquet"))
      << "ColumnChunk.file_path (1) lost";
  EXPECT_EQ(got.row_groups[0].columns[0].meta_data->index_page_offset, std::optional<int64_t>(4321))
      << "ColumnMetaData.index_page_offset (10) lost";
  EXPECT_EQ(got.row_groups[1].ordinal, std::optional<int16_t>(1)) << "RowGroup.ordinal (7) lost";
}

TEST(ParquetMetadata, ParseRejectsMissingSchemaAndGarbage) {
  // An empty struct: no schema.
  EXPECT_THROW(ParseFileMetaData(Bytes({0x00})), ParquetError);
  EXPECT_THROW(ParseFileMetaData(""), ParquetError);
  std::string bytes;
  SerializeFileMetaData(SampleMetadata(), &bytes);
  for (size_t cut : {size_t{1}, bytes.size() / 3, bytes.size() / 2, bytes.size() - 1}) {
    EXPECT_THROW(ParseFileMetaData(std::string_view(bytes).substr(0, cut)), ParquetError) << cut;
  }
}

TEST(ParquetMetadata, ParseRejectsNegativeRowCount) {
  FileMetaData md = SampleMetadata();
  md.num_rows = -1;
  std::string bytes;
  SerializeFileMetaData(md, &bytes);
  EXPECT_THROW(ParseFileMetaData(bytes), ParquetError);
}

TEST(ParquetMetadata, ParseSkipsUnknownFields) {
  // FileMetaData with an unknown field 50 (a struct) before the schema.
  std::string bytes;
  CompactWriter w(&bytes);
  w.BeginStruct();
  w.FieldI32(1, 2);
  w.FieldStruct(50);
  w.FieldBinary(1, "ignored");
  w.FieldList(2, thrift::kI32, 2);
  w.WriteI32(1);
  w.WriteI32(2);
  w.EndStruct();
  w.FieldList(2, thrift::kStruct, 1);
  w.BeginStruct();
  w.FieldBinary(4, "root");
  w.FieldI32(5, 0);
  w.FieldI64(77, 5);  // unknown SchemaElement field
  w.EndStruct();
  w.FieldI64(3, 0);
  w.FieldList(4, thrift::kStruct, 0);
  w.EndStruct();
  const FileMetaData md = ParseFileMetaData(bytes);
  EXPECT_EQ(md.version, 2);
  ASSERT_EQ(md.schema.size(), 1u);
  EXPECT_EQ(md.schema[0].name, "root");
}

TEST(ParquetMetadata, ParseRejectsWrongWireTypes) {
  // version as binary instead of i32.
  std::string bytes;
  CompactWriter w(&bytes);
  w.BeginStruct();
  w.FieldBinary(1, "2");
  w.EndStruct();
  EXPECT_THROW(ParseFileMetaData(bytes), ParquetError);
}

// ---------------------------------------------------------------------------
// PageHeader

PageHeader RoundTrip(const PageHeader& h, size_t* serialized_size) {
  std::string bytes;
  SerializePageHeader(h, &bytes);
  *serialized_size = bytes.size();
  bytes += "trailing page body bytes";
  size_t consumed = 0;
  PageHeader got = ParsePageHeader(bytes, &consumed);
  EXPECT_EQ(consumed, *serialized_size);
  return got;
}

TEST(ParquetMetadata, PageHeaderV1RoundTrip) {
  PageHeader h;
  h.type = PageType::kDataPage;
  h.uncompressed_page_size = 1 << 20;
  h.compressed_page_size = 12345;
  h.crc = -559038737;
  h.data_page_header = DataPageHeader{1000, Encoding::kDeltaBinaryPacked, Encoding::kRle, Encoding::kBitPacked,
                                      FullStatistics("p")};
  size_t size = 0;
  const PageHeader got = RoundTrip(h, &size);
  EXPECT_EQ(got.type, PageType::kDataPage);
  EXPECT_EQ(got.uncompressed_page_size, 1 << 20);
  EXPECT_EQ(got.compressed_page_size, 12345);
  EXPECT_EQ(got.crc, std::optional<int32_t>(-559038737));
  ASSERT_TRUE(got.data_page_header.has_value());
  EXPECT_EQ(got.data_page_header->num_values, 1000);
  EXPECT_EQ(got.data_page_header->encoding, Encoding::kDeltaBinaryPacked);
  EXPECT_EQ(got.data_page_header->definition_level_encoding, Encoding::kRle);
  EXPECT_EQ(got.data_page_header->repetition_level_encoding, Encoding::kBitPacked);
  ExpectStatisticsEq(got.data_page_header->statistics, FullStatistics("p"));
  EXPECT_FALSE(got.dictionary_page_header.has_value());
  EXPECT_FALSE(got.data_page_header_v2.has_value());
}

TEST(ParquetMetadata, PageHeaderV2RoundTrip) {
  PageHeader h;
  h.type = PageType::kDataPageV2;
  h.uncompressed_page_size = 777;
  h.compressed_page_size = 0;
  h.data_page_header_v2 = DataPageHeaderV2{500, 20, 480, Encoding::kByteStreamSplit, 33, 0, false, std::nullopt};
  size_t size = 0;
  const PageHeader got = RoundTrip(h, &size);
  EXPECT_EQ(got.type, PageType::kDataPageV2);
  EXPECT_EQ(got.uncompressed_page_size, 777);
  EXPECT_EQ(got.compressed_page_size, 0);
  EXPECT_FALSE(got.crc.has_value());
  ASSERT_TRUE(got.data_page_header_v2.has_value());
  const auto& v2 = *got.data_page_header_v2;
  EXPECT_EQ(v2.num_values, 500);
  EXPECT_EQ(v2.num_nulls, 20);
  EXPECT_EQ(v2.num_rows, 480);
  EXPECT_EQ(v2.encoding, Encoding::kByteStreamSplit);
  EXPECT_EQ(v2.definition_levels_byte_length, 33);
  EXPECT_EQ(v2.repetition_levels_byte_length, 0);
  EXPECT_FALSE(v2.is_compressed);
  EXPECT_FALSE(v2.statistics.has_value());
  EXPECT_FALSE(got.data_page_header.has_value());

  h.data_page_header_v2->is_compressed = true;
  h.data_page_header_v2->statistics = FullStatistics("v2");
  const PageHeader again = RoundTrip(h, &size);
  ASSERT_TRUE(again.data_page_header_v2.has_value());
  EXPECT_TRUE(again.data_page_header_v2->is_compressed);
  ExpectStatisticsEq(again.data_page_header_v2->statistics, FullStatistics("v2"));
}

TEST(ParquetMetadata, DictionaryPageHeaderRoundTrip) {
  PageHeader h;
  h.type = PageType::kDictionaryPage;
  h.uncompressed_page_size = 64;
  h.compressed_page_size = 50;
  h.dictionary_page_header = DictionaryPageHeader{8, Encoding::kPlainDictionary, true};
  size_t size = 0;
  PageHeader got = RoundTrip(h, &size);
  EXPECT_EQ(got.type, PageType::kDictionaryPage);
  ASSERT_TRUE(got.dictionary_page_header.has_value());
  EXPECT_EQ(got.dictionary_page_header->num_values, 8);
  EXPECT_EQ(got.dictionary_page_header->encoding, Encoding::kPlainDictionary);
  EXPECT_EQ(got.dictionary_page_header->is_sorted, std::optional<bool>(true));

  h.dictionary_page_header = DictionaryPageHeader{0, Encoding::kPlain, std::nullopt};
  got = RoundTrip(h, &size);
  ASSERT_TRUE(got.dictionary_page_header.has_value());
  EXPECT_EQ(got.dictionary_page_header->num_values, 0);
  EXPECT_EQ(got.dictionary_page_header->encoding, Encoding::kPlain);
  EXPECT_FALSE(got.dictionary_page_header->is_sorted.has_value());
}

TEST(ParquetMetadata, PageHeaderRejectsMalformed) {
  size_t consumed = 0;
  EXPECT_THROW(ParsePageHeader("", &consumed), ParquetError);
  // Missing sizes.
  std::string bytes;
  CompactWriter w(&bytes);
  w.BeginStruct();
  w.FieldI32(1, 0);
  w.EndStruct();
  EXPECT_THROW(ParsePageHeader(bytes, &consumed), ParquetError);
  // Unknown page type 9.
  PageHeader h;
  h.uncompressed_page_size = 1;
  h.compressed_page_size = 1;
  std::string good;
  SerializePageHeader(h, &good);
  std::string bad = good;
  ASSERT_EQ(bad[1], 0);  // zigzag(0): type DATA_PAGE
  bad[1] = 18;           // zigzag(9)
  EXPECT_THROW(ParsePageHeader(bad, &consumed), ParquetError);
  // Negative size.
  h.compressed_page_size = -5;
  std::string negative;
  SerializePageHeader(h, &negative);
  EXPECT_THROW(ParsePageHeader(negative, &consumed), ParquetError);
  // Truncated.
  EXPECT_THROW(ParsePageHeader(std::string_view(good).substr(0, good.size() - 1), &consumed), ParquetError);
}

TEST(ParquetMetadata, PageHeaderRejectsUnknownEncoding) {
  PageHeader h;
  h.uncompressed_page_size = 1;
  h.compressed_page_size = 1;
  h.data_page_header = DataPageHeader{};
  h.data_page_header->encoding = static_cast<Encoding>(42);
  std::string bytes;
  SerializePageHeader(h, &bytes);
  size_t consumed = 0;
  EXPECT_THROW(ParsePageHeader(bytes, &consumed), ParquetError);
}

}  // namespace
}  // namespace pdex::parquet
