// Decodes one column chunk of a flat schema into a Column (internal to the
// reader; exposed for tests).
#pragma once

#include <cstdint>

#include "parquet/file.h"
#include "parquet/metadata.h"
#include "parquet/reader.h"
#include "parquet/table.h"

namespace pdex::parquet {

// Reads the chunk's pages from `file` and returns its `num_rows` values.
// Throws ParquetError naming the column on any inconsistency.
Column ReadColumnChunk(const RandomAccessFile& file, const ColumnChunk& chunk, const Field& field, int64_t num_rows,
                       const ReaderOptions& options);

}  // namespace pdex::parquet
