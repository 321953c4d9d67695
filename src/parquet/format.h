// Human-readable text for tables: what `pdex parquet head` and `to-csv`
// print. Dates and timestamps as ISO-8601, decimals with their scale, floats
// in the shortest form that reads back to the same value, binary as hex.
#pragma once

#include <ostream>
#include <string>

#include "parquet/reader.h"
#include "parquet/table.h"

namespace pdex::parquet {

// The value at `row` ("" for a null).
std::string FormatValue(const Column& column, size_t row);

// RFC 4180 CSV: a header line, then one line per row; nulls are empty
// fields, fields with commas, quotes or line breaks are quoted.
void WriteCsvHeader(const Table& table, std::ostream& out);
void WriteCsvRows(const Table& table, size_t max_rows, std::ostream& out);

// One line per column: name, type, nullability, physical type; then row
// groups with their sizes, codecs and encodings, and key-value metadata.
void DescribeFile(const FileReader& reader, std::ostream& out);

}  // namespace pdex::parquet
