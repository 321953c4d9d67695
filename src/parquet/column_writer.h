// Encodes one column of a flat table as a Parquet column chunk (internal to
// the writer; exposed for tests). Pure: bytes in memory, no I/O.
#pragma once

#include <cstddef>
#include <string>

#include "parquet/metadata.h"
#include "parquet/table.h"
#include "parquet/writer.h"

namespace pdex::parquet {

struct EncodedChunk {
  std::string bytes;    // the chunk's pages, one after another
  ColumnMetaData meta;  // page offsets relative to the chunk's first byte
};

// The schema leaf describing `column` (physical, logical and converted types).
SchemaElement SchemaElementFor(const Column& column);

// Encodes rows [begin, end) of `column`. Throws ParquetError when an encoding
// override does not apply to the column's type.
EncodedChunk EncodeColumnChunk(const Column& column, size_t begin, size_t end, const WriterOptions& options);

}  // namespace pdex::parquet
