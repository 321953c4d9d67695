#include "parquet/metadata.h"

#include <string>

#include "parquet/table.h"
#include "parquet/thrift_compact.h"
#include "text/ascii.h"

namespace pdex::parquet {

using thrift::CompactReader;
using thrift::CompactWriter;

namespace {

[[noreturn]] void Malformed(const std::string& what) { throw ParquetError("malformed Parquet metadata: " + what); }

template <typename Enum>
Enum ReadEnum(CompactReader& in, int32_t max, const char* what) {
  const int32_t value = in.ReadI32();
  if (value < 0 || value > max) Malformed(std::string(what) + " " + std::to_string(value) + " is unknown");
  return static_cast<Enum>(value);
}

// Runs `on_field(field)` for every field of the struct at the reader's
// position; on_field returns false for fields it does not handle, which are
// then skipped.
template <typename OnField>
void ReadStruct(CompactReader& in, OnField&& on_field) {
  in.BeginStruct();
  CompactReader::Field field;
  while (in.ReadField(&field)) {
    if (!on_field(field)) in.Skip(field.type);
  }
  in.EndStruct();
}

// Reads a list field of `element_type` elements, calling read_one per element.
template <typename ReadOne>
void ReadList(CompactReader& in, const CompactReader::Field& field, uint8_t element_type, const char* what,
              ReadOne&& read_one) {
  CompactReader::Expect(field, thrift::kList, what);
  const auto list = in.ReadListHeader();
  if (list.size > 0 && list.element_type != element_type) Malformed(std::string(what) + " has wrong element type");
  for (uint32_t i = 0; i < list.size; ++i) read_one();
}

int32_t I32(CompactReader& in, const CompactReader::Field& f, const char* what) {
  CompactReader::Expect(f, thrift::kI32, what);
  return in.ReadI32();
}
int64_t I64(CompactReader& in, const CompactReader::Field& f, const char* what) {
  CompactReader::Expect(f, thrift::kI64, what);
  return in.ReadI64();
}
std::string Binary(CompactReader& in, const CompactReader::Field& f, const char* what) {
  CompactReader::Expect(f, thrift::kBinary, what);
  return std::string(in.ReadBinary());
}
bool Bool(CompactReader& in, const CompactReader::Field& f, const char* what) {
  CompactReader::Expect(f, thrift::kTrue, what);
  return in.ReadBool(f);
}

Statistics ReadStatistics(CompactReader& in) {
  Statistics s;
  ReadStruct(in, [&](const CompactReader::Field& f) {
    switch (f.id) {
      case 1: s.max = Binary(in, f, "Statistics.max"); return true;
      case 2: s.min = Binary(in, f, "Statistics.min"); return true;
      case 3: s.null_count = I64(in, f, "Statistics.null_count"); return true;
      case 4: s.distinct_count = I64(in, f, "Statistics.distinct_count"); return true;
      case 5: s.max_value = Binary(in, f, "Statistics.max_value"); return true;
      case 6: s.min_value = Binary(in, f, "Statistics.min_value"); return true;
      default: return false;
    }
  });
  return s;
}

// TimeUnit union: the id of the member that is set.
int16_t ReadTimeUnit(CompactReader& in) {
  int16_t unit = 0;
  ReadStruct(in, [&](const CompactReader::Field& f) {
    if (f.id < 1 || f.id > 3) return false;
    CompactReader::Expect(f, thrift::kStruct, "TimeUnit");
    unit = f.id;
    in.Skip(f.type);
    return true;
  });
  return unit;
}

LogicalType ReadLogicalType(CompactReader& in) {
  LogicalType t;
  ReadStruct(in, [&](const CompactReader::Field& f) {
    CompactReader::Expect(f, thrift::kStruct, "LogicalType member");
    switch (f.id) {
      case 5:
        t.kind = LogicalType::Kind::kDecimal;
        ReadStruct(in, [&](const CompactReader::Field& g) {
          if (g.id == 1) t.scale = I32(in, g, "DecimalType.scale");
          else if (g.id == 2) t.precision = I32(in, g, "DecimalType.precision");
          else return false;
          return true;
        });
        return true;
      case 7:
      case 8:
        t.kind = f.id == 7 ? LogicalType::Kind::kTime : LogicalType::Kind::kTimestamp;
        ReadStruct(in, [&](const CompactReader::Field& g) {
          if (g.id == 1) t.adjusted_to_utc = Bool(in, g, "isAdjustedToUTC");
          else if (g.id == 2) {
            CompactReader::Expect(g, thrift::kStruct, "TimeUnit");
            t.time_unit = ReadTimeUnit(in);
          } else return false;
          return true;
        });
        return true;
      case 10:
        t.kind = LogicalType::Kind::kInteger;
        ReadStruct(in, [&](const CompactReader::Field& g) {
          if (g.id == 1) {
            CompactReader::Expect(g, thrift::kByte, "IntType.bitWidth");
            t.bit_width = in.ReadByte();
          } else if (g.id == 2) t.is_signed = Bool(in, g, "IntType.isSigned");
          else return false;
          return true;
        });
        return true;
      case 1: case 2: case 3: case 4: case 6: case 11: case 12: case 13: case 14: case 15:
        t.kind = static_cast<LogicalType::Kind>(f.id);
        in.Skip(f.type);
        return true;
      default:
        t.kind = LogicalType::Kind::kOther;
        in.Skip(f.type);
        return true;
    }
  });
  return t;
}

SchemaElement ReadSchemaElement(CompactReader& in) {
  SchemaElement e;
  ReadStruct(in, [&](const CompactReader::Field& f) {
    switch (f.id) {
      case 1: e.type = ReadEnum<PhysicalType>(in, 7, "physical type"); return true;
      case 2: e.type_length = I32(in, f, "type_length"); return true;
      case 3: e.repetition = ReadEnum<Repetition>(in, 2, "repetition type"); return true;
      case 4: e.name = Binary(in, f, "SchemaElement.name"); return true;
      case 5: e.num_children = I32(in, f, "num_children"); return true;
      case 6: e.converted_type = ReadEnum<ConvertedType>(in, 21, "converted type"); return true;
      case 7: e.scale = I32(in, f, "scale"); return true;
      case 8: e.precision = I32(in, f, "precision"); return true;
      case 9: e.field_id = I32(in, f, "field_id"); return true;
      case 10:
        CompactReader::Expect(f, thrift::kStruct, "logicalType");
        e.logical_type = ReadLogicalType(in);
        return true;
      default: return false;
    }
  });
  return e;
}

std::vector<KeyValue> ReadKeyValues(CompactReader& in, const CompactReader::Field& f) {
  std::vector<KeyValue> out;
  ReadList(in, f, thrift::kStruct, "key_value_metadata", [&] {
    KeyValue kv;
    ReadStruct(in, [&](const CompactReader::Field& g) {
      if (g.id == 1) kv.key = Binary(in, g, "KeyValue.key");
      else if (g.id == 2) kv.value = Binary(in, g, "KeyValue.value");
      else return false;
      return true;
    });
    out.push_back(std::move(kv));
  });
  return out;
}

ColumnMetaData ReadColumnMetaData(CompactReader& in) {
  ColumnMetaData m;
  ReadStruct(in, [&](const CompactReader::Field& f) {
    switch (f.id) {
      case 1: m.type = ReadEnum<PhysicalType>(in, 7, "physical type"); return true;
      case 2:
        ReadList(in, f, thrift::kI32, "encodings", [&] {
          // Unknown encodings in this informational list are tolerated;
          // pages name the encoding that matters.
          const int32_t e = in.ReadI32();
          if (e >= 0 && e <= 9 && e != 1) m.encodings.push_back(static_cast<Encoding>(e));
        });
        return true;
      case 3:
        ReadList(in, f, thrift::kBinary, "path_in_schema",
                 [&] { m.path_in_schema.emplace_back(in.ReadBinary()); });
        return true;
      case 4: m.codec = ReadEnum<Compression>(in, 7, "compression codec"); return true;
      case 5: m.num_values = I64(in, f, "num_values"); return true;
      case 6: m.total_uncompressed_size = I64(in, f, "total_uncompressed_size"); return true;
      case 7: m.total_compressed_size = I64(in, f, "total_compressed_size"); return true;
      case 9: m.data_page_offset = I64(in, f, "data_page_offset"); return true;
      case 10: m.index_page_offset = I64(in, f, "index_page_offset"); return true;
      case 11: m.dictionary_page_offset = I64(in, f, "dictionary_page_offset"); return true;
      case 12:
        CompactReader::Expect(f, thrift::kStruct, "statistics");
        m.statistics = ReadStatistics(in);
        return true;
      default: return false;
    }
  });
  return m;
}

RowGroup ReadRowGroup(CompactReader& in) {
  RowGroup rg;
  ReadStruct(in, [&](const CompactReader::Field& f) {
    switch (f.id) {
      case 1:
        ReadList(in, f, thrift::kStruct, "RowGroup.columns", [&] {
          ColumnChunk chunk;
          ReadStruct(in, [&](const CompactReader::Field& g) {
            switch (g.id) {
              case 1: chunk.file_path = Binary(in, g, "ColumnChunk.file_path"); return true;
              case 2: chunk.file_offset = I64(in, g, "ColumnChunk.file_offset"); return true;
              case 3:
                CompactReader::Expect(g, thrift::kStruct, "ColumnChunk.meta_data");
                chunk.meta_data = ReadColumnMetaData(in);
                return true;
              default: return false;
            }
          });
          rg.columns.push_back(std::move(chunk));
        });
        return true;
      case 2: rg.total_byte_size = I64(in, f, "total_byte_size"); return true;
      case 3: rg.num_rows = I64(in, f, "RowGroup.num_rows"); return true;
      case 5: rg.file_offset = I64(in, f, "RowGroup.file_offset"); return true;
      case 6: rg.total_compressed_size = I64(in, f, "RowGroup.total_compressed_size"); return true;
      case 7:
        CompactReader::Expect(f, thrift::kI16, "ordinal");
        rg.ordinal = in.ReadI16();
        return true;
      default: return false;
    }
  });
  return rg;
}

// Writers ---------------------------------------------------------------

void WriteStatistics(CompactWriter& out, int16_t id, const Statistics& s) {
  out.FieldStruct(id);
  if (s.max) out.FieldBinary(1, *s.max);
  if (s.min) out.FieldBinary(2, *s.min);
  if (s.null_count) out.FieldI64(3, *s.null_count);
  if (s.distinct_count) out.FieldI64(4, *s.distinct_count);
  if (s.max_value) out.FieldBinary(5, *s.max_value);
  if (s.min_value) out.FieldBinary(6, *s.min_value);
  out.EndStruct();
}

void WriteLogicalType(CompactWriter& out, const LogicalType& t) {
  out.FieldStruct(10);
  out.FieldStruct(static_cast<int16_t>(t.kind));
  switch (t.kind) {
    case LogicalType::Kind::kDecimal:
      out.FieldI32(1, t.scale);
      out.FieldI32(2, t.precision);
      break;
    case LogicalType::Kind::kTime:
    case LogicalType::Kind::kTimestamp:
      out.FieldBool(1, t.adjusted_to_utc);
      out.FieldStruct(2);
      out.FieldStruct(t.time_unit);
      out.EndStruct();
      out.EndStruct();
      break;
    case LogicalType::Kind::kInteger:
      out.FieldByte(1, t.bit_width);
      out.FieldBool(2, t.is_signed);
      break;
    default:
      break;
  }
  out.EndStruct();
  out.EndStruct();
}

}  // namespace

const char* PhysicalTypeName(PhysicalType type) {
  switch (type) {
    case PhysicalType::kBoolean: return "BOOLEAN";
    case PhysicalType::kInt32: return "INT32";
    case PhysicalType::kInt64: return "INT64";
    case PhysicalType::kInt96: return "INT96";
    case PhysicalType::kFloat: return "FLOAT";
    case PhysicalType::kDouble: return "DOUBLE";
    case PhysicalType::kByteArray: return "BYTE_ARRAY";
    case PhysicalType::kFixedLenByteArray: return "FIXED_LEN_BYTE_ARRAY";
  }
  return "UNKNOWN";
}

const char* EncodingName(Encoding encoding) {
  switch (encoding) {
    case Encoding::kPlain: return "PLAIN";
    case Encoding::kPlainDictionary: return "PLAIN_DICTIONARY";
    case Encoding::kRle: return "RLE";
    case Encoding::kBitPacked: return "BIT_PACKED";
    case Encoding::kDeltaBinaryPacked: return "DELTA_BINARY_PACKED";
    case Encoding::kDeltaLengthByteArray: return "DELTA_LENGTH_BYTE_ARRAY";
    case Encoding::kDeltaByteArray: return "DELTA_BYTE_ARRAY";
    case Encoding::kRleDictionary: return "RLE_DICTIONARY";
    case Encoding::kByteStreamSplit: return "BYTE_STREAM_SPLIT";
  }
  return "UNKNOWN";
}

const char* CompressionName(Compression codec) {
  switch (codec) {
    case Compression::kUncompressed: return "UNCOMPRESSED";
    case Compression::kSnappy: return "SNAPPY";
    case Compression::kGzip: return "GZIP";
    case Compression::kLzo: return "LZO";
    case Compression::kBrotli: return "BROTLI";
    case Compression::kLz4: return "LZ4";
    case Compression::kZstd: return "ZSTD";
    case Compression::kLz4Raw: return "LZ4_RAW";
  }
  return "UNKNOWN";
}

Encoding ParseEncoding(std::string_view name) {
  const std::string lower = text::AsciiLower(name);
  for (int32_t e : {0, 2, 3, 4, 5, 6, 7, 8, 9}) {
    if (lower == text::AsciiLower(EncodingName(static_cast<Encoding>(e)))) return static_cast<Encoding>(e);
  }
  throw ParquetError("unknown Parquet encoding '" + std::string(name) + "'");
}

Compression ParseCompression(std::string_view name) {
  const std::string lower = text::AsciiLower(name);
  for (int32_t c = 0; c <= 7; ++c) {
    if (lower == text::AsciiLower(CompressionName(static_cast<Compression>(c)))) return static_cast<Compression>(c);
  }
  throw ParquetError("unknown Parquet compression '" + std::string(name) + "'");
}

FileMetaData ParseFileMetaData(std::string_view bytes) {
  CompactReader in(bytes);
  FileMetaData md;
  bool have_schema = false;
  ReadStruct(in, [&](const CompactReader::Field& f) {
    switch (f.id) {
      case 1: md.version = I32(in, f, "version"); return true;
      case 2:
        have_schema = true;
        ReadList(in, f, thrift::kStruct, "schema", [&] { md.schema.push_back(ReadSchemaElement(in)); });
        return true;
      case 3: md.num_rows = I64(in, f, "num_rows"); return true;
      case 4:
        ReadList(in, f, thrift::kStruct, "row_groups", [&] { md.row_groups.push_back(ReadRowGroup(in)); });
        return true;
      case 5: md.key_value_metadata = ReadKeyValues(in, f); return true;
      case 6: md.created_by = Binary(in, f, "created_by"); return true;
      case 7:
        ReadList(in, f, thrift::kStruct, "column_orders", [&] {
          in.Skip(thrift::kStruct);
          ++md.type_defined_column_orders;
        });
        return true;
      case 8: throw ParquetError("encrypted Parquet files are not supported");
      default: return false;
    }
  });
  if (!have_schema || md.schema.empty()) Malformed("no schema");
  if (md.num_rows < 0) Malformed("negative row count");
  return md;
}

PageHeader ParsePageHeader(std::string_view bytes, size_t* consumed) {
  CompactReader in(bytes);
  PageHeader h;
  bool have_type = false, have_sizes = false;
  ReadStruct(in, [&](const CompactReader::Field& f) {
    switch (f.id) {
      case 1: h.type = ReadEnum<PageType>(in, 3, "page type"); have_type = true; return true;
      case 2: h.uncompressed_page_size = I32(in, f, "uncompressed_page_size"); return true;
      case 3: h.compressed_page_size = I32(in, f, "compressed_page_size"); have_sizes = true; return true;
      case 4: h.crc = I32(in, f, "crc"); return true;
      case 5: {
        CompactReader::Expect(f, thrift::kStruct, "data_page_header");
        DataPageHeader d;
        ReadStruct(in, [&](const CompactReader::Field& g) {
          switch (g.id) {
            case 1: d.num_values = I32(in, g, "num_values"); return true;
            case 2: d.encoding = ReadEnum<Encoding>(in, 9, "encoding"); return true;
            case 3: d.definition_level_encoding = ReadEnum<Encoding>(in, 9, "encoding"); return true;
            case 4: d.repetition_level_encoding = ReadEnum<Encoding>(in, 9, "encoding"); return true;
            case 5:
              CompactReader::Expect(g, thrift::kStruct, "statistics");
              d.statistics = ReadStatistics(in);
              return true;
            default: return false;
          }
        });
        h.data_page_header = d;
        return true;
      }
      case 7: {
        CompactReader::Expect(f, thrift::kStruct, "dictionary_page_header");
        DictionaryPageHeader d;
        ReadStruct(in, [&](const CompactReader::Field& g) {
          switch (g.id) {
            case 1: d.num_values = I32(in, g, "num_values"); return true;
            case 2: d.encoding = ReadEnum<Encoding>(in, 9, "encoding"); return true;
            case 3: d.is_sorted = Bool(in, g, "is_sorted"); return true;
            default: return false;
          }
        });
        h.dictionary_page_header = d;
        return true;
      }
      case 8: {
        CompactReader::Expect(f, thrift::kStruct, "data_page_header_v2");
        DataPageHeaderV2 d;
        ReadStruct(in, [&](const CompactReader::Field& g) {
          switch (g.id) {
            case 1: d.num_values = I32(in, g, "num_values"); return true;
            case 2: d.num_nulls = I32(in, g, "num_nulls"); return true;
            case 3: d.num_rows = I32(in, g, "num_rows"); return true;
            case 4: d.encoding = ReadEnum<Encoding>(in, 9, "encoding"); return true;
            case 5: d.definition_levels_byte_length = I32(in, g, "definition_levels_byte_length"); return true;
            case 6: d.repetition_levels_byte_length = I32(in, g, "repetition_levels_byte_length"); return true;
            case 7: d.is_compressed = Bool(in, g, "is_compressed"); return true;
            case 8:
              CompactReader::Expect(g, thrift::kStruct, "statistics");
              d.statistics = ReadStatistics(in);
              return true;
            default: return false;
          }
        });
        h.data_page_header_v2 = d;
        return true;
      }
      default: return false;
    }
  });
  if (!have_type || !have_sizes) Malformed("page header without type or size");
  if (h.compressed_page_size < 0 || h.uncompressed_page_size < 0) Malformed("negative page size");
  *consumed = in.position();
  return h;
}

void SerializePageHeader(const PageHeader& h, std::string* bytes) {
  CompactWriter out(bytes);
  out.BeginStruct();
  out.FieldI32(1, static_cast<int32_t>(h.type));
  out.FieldI32(2, h.uncompressed_page_size);
  out.FieldI32(3, h.compressed_page_size);
  if (h.crc) out.FieldI32(4, *h.crc);
  if (h.data_page_header) {
    const auto& d = *h.data_page_header;
    out.FieldStruct(5);
    out.FieldI32(1, d.num_values);
    out.FieldI32(2, static_cast<int32_t>(d.encoding));
    out.FieldI32(3, static_cast<int32_t>(d.definition_level_encoding));
    out.FieldI32(4, static_cast<int32_t>(d.repetition_level_encoding));
    if (d.statistics) WriteStatistics(out, 5, *d.statistics);
    out.EndStruct();
  }
  if (h.dictionary_page_header) {
    const auto& d = *h.dictionary_page_header;
    out.FieldStruct(7);
    out.FieldI32(1, d.num_values);
    out.FieldI32(2, static_cast<int32_t>(d.encoding));
    if (d.is_sorted) out.FieldBool(3, *d.is_sorted);
    out.EndStruct();
  }
  if (h.data_page_header_v2) {
    const auto& d = *h.data_page_header_v2;
    out.FieldStruct(8);
    out.FieldI32(1, d.num_values);
    out.FieldI32(2, d.num_nulls);
    out.FieldI32(3, d.num_rows);
    out.FieldI32(4, static_cast<int32_t>(d.encoding));
    out.FieldI32(5, d.definition_levels_byte_length);
    out.FieldI32(6, d.repetition_levels_byte_length);
    out.FieldBool(7, d.is_compressed);
    if (d.statistics) WriteStatistics(out, 8, *d.statistics);
    out.EndStruct();
  }
  out.EndStruct();
}

void SerializeFileMetaData(const FileMetaData& md, std::string* bytes) {
  CompactWriter out(bytes);
  out.BeginStruct();
  out.FieldI32(1, md.version);
  out.FieldList(2, thrift::kStruct, static_cast<uint32_t>(md.schema.size()));
  for (const SchemaElement& e : md.schema) {
    out.BeginStruct();
    if (e.type) out.FieldI32(1, static_cast<int32_t>(*e.type));
    if (e.type && *e.type == PhysicalType::kFixedLenByteArray) out.FieldI32(2, e.type_length);
    if (e.repetition) out.FieldI32(3, static_cast<int32_t>(*e.repetition));
    out.FieldBinary(4, e.name);
    if (!e.type) out.FieldI32(5, e.num_children);
    if (e.converted_type) out.FieldI32(6, static_cast<int32_t>(*e.converted_type));
    if (e.converted_type == ConvertedType::kDecimal) {
      out.FieldI32(7, e.scale);
      out.FieldI32(8, e.precision);
    }
    if (e.field_id) out.FieldI32(9, *e.field_id);
    if (e.logical_type.kind != LogicalType::Kind::kNone) WriteLogicalType(out, e.logical_type);
    out.EndStruct();
  }
  out.FieldI64(3, md.num_rows);
  out.FieldList(4, thrift::kStruct, static_cast<uint32_t>(md.row_groups.size()));
  for (const RowGroup& rg : md.row_groups) {
    out.BeginStruct();
    out.FieldList(1, thrift::kStruct, static_cast<uint32_t>(rg.columns.size()));
    for (const ColumnChunk& chunk : rg.columns) {
      out.BeginStruct();
      if (chunk.file_path) out.FieldBinary(1, *chunk.file_path);
      out.FieldI64(2, chunk.file_offset);
      const ColumnMetaData& m = *chunk.meta_data;
      out.FieldStruct(3);
      out.FieldI32(1, static_cast<int32_t>(m.type));
      out.FieldList(2, thrift::kI32, static_cast<uint32_t>(m.encodings.size()));
      for (Encoding e : m.encodings) out.WriteI32(static_cast<int32_t>(e));
      out.FieldList(3, thrift::kBinary, static_cast<uint32_t>(m.path_in_schema.size()));
      for (const auto& p : m.path_in_schema) out.WriteBinary(p);
      out.FieldI32(4, static_cast<int32_t>(m.codec));
      out.FieldI64(5, m.num_values);
      out.FieldI64(6, m.total_uncompressed_size);
      out.FieldI64(7, m.total_compressed_size);
      out.FieldI64(9, m.data_page_offset);
      if (m.index_page_offset) out.FieldI64(10, *m.index_page_offset);
      if (m.dictionary_page_offset) out.FieldI64(11, *m.dictionary_page_offset);
      if (m.statistics) WriteStatistics(out, 12, *m.statistics);
      out.EndStruct();
      out.EndStruct();
    }
    out.FieldI64(2, rg.total_byte_size);
    out.FieldI64(3, rg.num_rows);
    if (rg.file_offset) out.FieldI64(5, *rg.file_offset);
    if (rg.total_compressed_size) out.FieldI64(6, *rg.total_compressed_size);
    if (rg.ordinal) out.FieldI16(7, *rg.ordinal);
    out.EndStruct();
  }
  if (!md.key_value_metadata.empty()) {
    out.FieldList(5, thrift::kStruct, static_cast<uint32_t>(md.key_value_metadata.size()));
    for (const KeyValue& kv : md.key_value_metadata) {
      out.BeginStruct();
      out.FieldBinary(1, kv.key);
      if (kv.value) out.FieldBinary(2, *kv.value);
      out.EndStruct();
    }
  }
  if (md.created_by) out.FieldBinary(6, *md.created_by);
  if (md.type_defined_column_orders > 0) {
    // ColumnOrder union { 1: TypeDefinedOrder }, one per leaf column.
    out.FieldList(7, thrift::kStruct, static_cast<uint32_t>(md.type_defined_column_orders));
    for (int32_t i = 0; i < md.type_defined_column_orders; ++i) {
      out.BeginStruct();
      out.FieldStruct(1);
      out.EndStruct();
      out.EndStruct();
    }
  }
  out.EndStruct();
}

}  // namespace pdex::parquet
