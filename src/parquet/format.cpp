#include "parquet/format.h"

#include <charconv>
#include <cstdio>
#include <set>

namespace pdex::parquet {

namespace {

// Days since 1970-01-01 to a proleptic Gregorian date (the civil_from_days
// algorithm described by Howard Hinnant).
std::string IsoDate(int64_t days) {
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const int64_t doe = days - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int64_t day = doy - (153 * mp + 2) / 5 + 1;
  const int64_t month = mp < 10 ? mp + 3 : mp - 9;
  const int64_t year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  char text[96];
  std::snprintf(text, sizeof text, "%04lld-%02lld-%02lld", static_cast<long long>(year), static_cast<long long>(month),
                static_cast<long long>(day));
  return text;
}

int64_t UnitsPerSecond(TimeUnit unit) {
  return unit == TimeUnit::kMillis ? 1000 : unit == TimeUnit::kMicros ? 1000000 : 1000000000;
}

// "HH:MM:SS[.fraction]" for a time of day in `unit`.
std::string TimeOfDay(int64_t value, TimeUnit unit) {
  const int64_t per_second = UnitsPerSecond(unit);
  const int64_t seconds = value / per_second;
  const int64_t fraction = value % per_second;
  char text[48];
  std::snprintf(text, sizeof text, "%02lld:%02lld:%02lld", static_cast<long long>(seconds / 3600),
                static_cast<long long>(seconds / 60 % 60), static_cast<long long>(seconds % 60));
  std::string out = text;
  if (fraction != 0) {
    const int digits = unit == TimeUnit::kMillis ? 3 : unit == TimeUnit::kMicros ? 6 : 9;
    std::snprintf(text, sizeof text, ".%0*lld", digits, static_cast<long long>(fraction));
    out += text;
  }
  return out;
}

std::string IsoTimestamp(int64_t value, const ColumnType& type) {
  const int64_t per_day = UnitsPerSecond(type.unit) * 86400;
  int64_t days = value / per_day;
  int64_t rest = value % per_day;
  if (rest < 0) {
    rest += per_day;
    --days;
  }
  return IsoDate(days) + "T" + TimeOfDay(rest, type.unit) + (type.adjusted_to_utc ? "Z" : "");
}

std::string DecimalText(Int128 unscaled, int32_t scale) {
  const bool negative = unscaled < 0;
  std::string digits;
  // Work on the negative value so the most negative number also prints.
  Int128 v = negative ? unscaled : -unscaled;
  do {
    digits.insert(digits.begin(), static_cast<char>('0' - static_cast<int>(v % 10)));
    v /= 10;
  } while (v != 0);
  if (scale > 0) {
    if (digits.size() <= static_cast<size_t>(scale)) digits.insert(0, static_cast<size_t>(scale) - digits.size() + 1, '0');
    digits.insert(digits.size() - static_cast<size_t>(scale), ".");
  }
  return negative ? "-" + digits : digits;
}

std::string Hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (char c : bytes) {
    const auto byte = static_cast<unsigned char>(c);
    out.push_back(kDigits[byte >> 4]);
    out.push_back(kDigits[byte & 15]);
  }
  return out;
}

std::string Shortest(double value, bool as_float) {
  char text[64];
  const auto result = as_float ? std::to_chars(text, text + sizeof text, static_cast<float>(value))
                               : std::to_chars(text, text + sizeof text, value);
  return std::string(text, result.ptr);
}

}  // namespace

std::string FormatValue(const Column& column, size_t row) {
  if (column.IsNull(row)) return "";
  const ColumnType& type = column.type();
  switch (type.kind) {
    case TypeKind::kBoolean: return column.ints()[row] != 0 ? "true" : "false";
    case TypeKind::kUInt64: return std::to_string(static_cast<uint64_t>(column.ints()[row]));
    case TypeKind::kFloat: return Shortest(column.doubles()[row], true);
    case TypeKind::kDouble: return Shortest(column.doubles()[row], false);
    case TypeKind::kString: return std::string(column.StringAt(row));
    case TypeKind::kBinary:
    case TypeKind::kFixedBinary: return Hex(column.StringAt(row));
    case TypeKind::kDate: return IsoDate(column.ints()[row]);
    case TypeKind::kTime: return TimeOfDay(column.ints()[row], type.unit);
    case TypeKind::kTimestamp: return IsoTimestamp(column.ints()[row], type);
    case TypeKind::kDecimal: {
      if (column.storage() == Storage::kInt64) return DecimalText(column.ints()[row], type.scale);
      return DecimalText(BigEndianToInt128(column.binary().at(row)), type.scale);
    }
    default: return std::to_string(column.ints()[row]);
  }
}

namespace {

void WriteCsvField(std::string_view field, std::ostream& out) {
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) {
    out << field;
    return;
  }
  out << '"';
  for (char c : field) {
    if (c == '"') out << '"';
    out << c;
  }
  out << '"';
}

}  // namespace

void WriteCsvHeader(const Table& table, std::ostream& out) {
  for (size_t c = 0; c < table.num_columns(); ++c) {
    if (c > 0) out << ',';
    WriteCsvField(table.column(c).name(), out);
  }
  out << '\n';
}

void WriteCsvRows(const Table& table, size_t max_rows, std::ostream& out) {
  const size_t rows = std::min(max_rows, table.num_rows());
  for (size_t r = 0; r < rows; ++r) {
    for (size_t c = 0; c < table.num_columns(); ++c) {
      if (c > 0) out << ',';
      WriteCsvField(FormatValue(table.column(c), r), out);
    }
    out << '\n';
  }
}

void DescribeFile(const FileReader& reader, std::ostream& out) {
  const FileMetaData& md = reader.metadata();
  out << "rows: " << md.num_rows << "\nrow groups: " << md.row_groups.size() << "\n";
  if (md.created_by) out << "created by: " << *md.created_by << "\n";
  out << "columns:\n";
  for (size_t i = 0; i < reader.fields().size(); ++i) {
    const Field& f = reader.fields()[i];
    std::set<std::string> codecs, encodings;
    int64_t compressed = 0, uncompressed = 0;
    for (const RowGroup& rg : md.row_groups) {
      const auto& meta = rg.columns[i].meta_data;
      if (!meta) continue;
      codecs.insert(CompressionName(meta->codec));
      for (Encoding e : meta->encodings) encodings.insert(EncodingName(e));
      compressed += meta->total_compressed_size;
      uncompressed += meta->total_uncompressed_size;
    }
    out << "  " << f.name << ": " << TypeName(f.type) << (f.nullable ? "" : " NOT NULL") << " ("
        << PhysicalTypeName(f.physical) << ")";
    for (const auto& codec : codecs) out << " " << codec;
    out << " [";
    bool first = true;
    for (const auto& e : encodings) {
      out << (first ? "" : ", ") << e;
      first = false;
    }
    out << "] " << compressed << "/" << uncompressed << " bytes\n";
  }
  if (!md.key_value_metadata.empty()) {
    out << "metadata:\n";
    for (const KeyValue& kv : md.key_value_metadata) {
      std::string value = kv.value.value_or("");
      if (value.size() > 200) value = value.substr(0, 200) + "...";
      out << "  " << kv.key << " = " << value << "\n";
    }
  }
}

}  // namespace pdex::parquet
