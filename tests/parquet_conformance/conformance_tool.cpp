// Test tool for the DuckDB conformance suite (conformance.mjs).
//
//   conformance_tool dump FILE [--columns a,b,c] [--whole]
//       Reads FILE with pdex::parquet::FileReader and prints it as canonical
//       text: row group by row group (ReadRowGroup), or with ReadAll under
//       --whole; --columns reads only those columns, in that order.
//   conformance_tool write CASE OUT.parquet
//       Builds the deterministic table of CASE, writes it with the project's
//       writer (the case's WriterOptions) and prints the canonical text of the
//       in-memory table it wrote (not a read-back).
//   conformance_tool list-write-cases
//
// Canonical text: a header line of column names joined by TAB, then one line
// per row, values joined by TAB, every line ending in "\n". NULL -> NULL;
// booleans true/false; integers of every width in plain decimal (unsigned
// ones unsigned); FLOAT/DOUBLE -> f: + 16 hex digits of the binary64 bit
// pattern (floats widened exactly), any NaN -> f:nan; strings -> s: + hex of
// the UTF-8 bytes; binary and fixed binary -> b: + hex; DATE -> d:days;
// TIMESTAMP -> ts:nanoseconds since the epoch; TIME -> tm:nanoseconds since
// midnight; DECIMAL -> dec:unscaled/scale. Errors go to stderr, exit 1.
#include <bit>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <exception>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "parquet/metadata.h"
#include "parquet/reader.h"
#include "parquet/table.h"
#include "parquet/writer.h"

namespace {

using namespace pdex::parquet;

__extension__ typedef __int128 int128;
__extension__ typedef unsigned __int128 uint128;

// ------------------------------------------------------------------ output
// memcpy that accepts an empty view (whose data() may be null).
void CopyBytes(char* to, std::string_view from) {
  if (!from.empty()) std::memcpy(to, from.data(), from.size());
}

// Stdout through a large buffer; values are formatted straight into it.
class Out {
 public:
  Out() : buf_(kSize) {}
  Out(const Out&) = delete;
  Out& operator=(const Out&) = delete;
  ~Out() {
    try {
      Flush();
    } catch (...) {
    }
  }
  // Room for `n` more bytes.
  char* Reserve(size_t n) {
    if (used_ + n > buf_.size()) {
      Flush();
      if (n > buf_.size()) buf_.resize(n);
    }
    return buf_.data() + used_;
  }
  void Commit(size_t n) { used_ += n; }
  void Add(std::string_view s) {
    char* p = Reserve(s.size());
    CopyBytes(p, s);
    Commit(s.size());
  }
  void Flush() {
    if (used_ != 0 && std::fwrite(buf_.data(), 1, used_, stdout) != used_) {
      throw std::runtime_error("cannot write to stdout");
    }
    used_ = 0;
  }

 private:
  static constexpr size_t kSize = 1 << 20;
  std::vector<char> buf_;
  size_t used_ = 0;
};

void AddHex(Out& out, std::string_view prefix, std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  char* p = out.Reserve(prefix.size() + 2 * bytes.size());
  CopyBytes(p, prefix);
  size_t n = prefix.size();
  for (char ch : bytes) {
    const auto b = static_cast<unsigned char>(ch);
    p[n++] = kDigits[b >> 4];
    p[n++] = kDigits[b & 15];
  }
  out.Commit(n);
}

std::string Int128ToString(int128 v) {
  if (v == 0) return "0";
  const bool negative = v < 0;
  uint128 u = negative ? static_cast<uint128>(0) - static_cast<uint128>(v) : static_cast<uint128>(v);
  char digits[48];
  size_t n = sizeof digits;
  while (u != 0) {
    digits[--n] = static_cast<char>('0' + static_cast<int>(u % 10));
    u /= 10;
  }
  if (negative) digits[--n] = '-';
  return std::string(digits + n, sizeof digits - n);
}

// prefix + decimal of v (+ suffix).
void AddInt(Out& out, std::string_view prefix, int64_t v, std::string_view suffix = {}) {
  char* p = out.Reserve(prefix.size() + 24 + suffix.size());
  CopyBytes(p, prefix);
  char* end = std::to_chars(p + prefix.size(), p + prefix.size() + 24, v).ptr;
  CopyBytes(end, suffix);
  out.Commit(static_cast<size_t>(end - p) + suffix.size());
}

void AddUInt(Out& out, uint64_t v) {
  char* p = out.Reserve(24);
  out.Commit(static_cast<size_t>(std::to_chars(p, p + 24, v).ptr - p));
}

int64_t UnitNanos(TimeUnit unit) {
  switch (unit) {
    case TimeUnit::kMillis: return 1000000;
    case TimeUnit::kMicros: return 1000;
    case TimeUnit::kNanos: return 1;
  }
  return 1;
}

void RequireStorage(const Column& c, Storage want) {
  if (c.storage() != want) {
    throw std::runtime_error("column " + c.name() + " of type " + TypeName(c.type()) + " has unexpected storage " +
                             std::to_string(static_cast<int>(c.storage())));
  }
}

void RequireStringStorage(const Column& c) {
  if (c.storage() != Storage::kBinary && c.storage() != Storage::kDictionary) {
    throw std::runtime_error("column " + c.name() + " of type " + TypeName(c.type()) + " is not in byte storage");
  }
}

// How one column prints; the storage is checked once, up front.
struct ColumnPrinter {
  enum Kind { kBool, kSigned, kUnsigned64, kFloat, kString, kBinary, kDate, kTemporal, kDecimal64, kDecimal128 };
  const Column* column = nullptr;
  Kind kind = kSigned;
  int64_t factor = 1;          // kTemporal: nanoseconds per unit
  std::string_view prefix;     // kTemporal: "ts:" or "tm:"
  std::string suffix;          // decimals: "/scale"

  void Print(size_t r, Out& out) const {
    const Column& c = *column;
    switch (kind) {
      case kBool: out.Add(c.ints()[r] != 0 ? "true" : "false"); return;
      case kSigned: AddInt(out, {}, c.ints()[r]); return;
      case kUnsigned64: AddUInt(out, static_cast<uint64_t>(c.ints()[r])); return;
      case kFloat: {
        const double v = c.doubles()[r];
        if (std::isnan(v)) {
          out.Add("f:nan");
          return;
        }
        static constexpr char kDigits[] = "0123456789abcdef";
        const auto bits = std::bit_cast<uint64_t>(v);
        char* p = out.Reserve(18);
        p[0] = 'f';
        p[1] = ':';
        for (int i = 0; i < 16; ++i) p[2 + i] = kDigits[(bits >> (60 - 4 * i)) & 15];
        out.Commit(18);
        return;
      }
      case kString: AddHex(out, "s:", c.StringAt(r)); return;
      case kBinary: AddHex(out, "b:", c.StringAt(r)); return;
      case kDate: AddInt(out, "d:", c.ints()[r]); return;
      case kTemporal:
        out.Add(prefix);
        out.Add(Int128ToString(static_cast<int128>(c.ints()[r]) * factor));
        return;
      case kDecimal64: AddInt(out, "dec:", c.ints()[r], suffix); return;
      case kDecimal128:
        out.Add("dec:");
        // Wide decimals are stored as exactly 16 bytes (table.h).
        if (c.StringAt(r).size() != 16) throw std::runtime_error("wide decimal value is not 16 bytes");
        out.Add(Int128ToString(BigEndianToInt128(c.StringAt(r))));
        out.Add(suffix);
        return;
    }
  }
};

ColumnPrinter MakePrinter(const Column& c) {
  const ColumnType& t = c.type();
  ColumnPrinter p;
  p.column = &c;
  switch (t.kind) {
    case TypeKind::kBoolean: RequireStorage(c, Storage::kInt64); p.kind = ColumnPrinter::kBool; return p;
    case TypeKind::kInt8: case TypeKind::kInt16: case TypeKind::kInt32: case TypeKind::kInt64:
    case TypeKind::kUInt8: case TypeKind::kUInt16: case TypeKind::kUInt32:
      RequireStorage(c, Storage::kInt64);
      p.kind = ColumnPrinter::kSigned;
      return p;
    case TypeKind::kUInt64: RequireStorage(c, Storage::kInt64); p.kind = ColumnPrinter::kUnsigned64; return p;
    case TypeKind::kFloat: case TypeKind::kDouble:
      RequireStorage(c, Storage::kDouble);
      p.kind = ColumnPrinter::kFloat;
      return p;
    case TypeKind::kString: RequireStringStorage(c); p.kind = ColumnPrinter::kString; return p;
    case TypeKind::kBinary: case TypeKind::kFixedBinary:
      RequireStringStorage(c);
      p.kind = ColumnPrinter::kBinary;
      return p;
    case TypeKind::kDate: RequireStorage(c, Storage::kInt64); p.kind = ColumnPrinter::kDate; return p;
    case TypeKind::kTime: case TypeKind::kTimestamp:
      RequireStorage(c, Storage::kInt64);
      p.kind = ColumnPrinter::kTemporal;
      p.factor = UnitNanos(t.unit);
      p.prefix = t.kind == TypeKind::kTime ? "tm:" : "ts:";
      return p;
    case TypeKind::kDecimal:
      p.suffix = "/" + std::to_string(t.scale);
      if (t.precision <= kMaxInt64DecimalPrecision) {
        RequireStorage(c, Storage::kInt64);
        p.kind = ColumnPrinter::kDecimal64;
      } else {
        RequireStringStorage(c);
        p.kind = ColumnPrinter::kDecimal128;
      }
      return p;
  }
  throw std::runtime_error("column " + c.name() + ": unknown type kind");
}

void PrintHeader(const std::vector<std::string>& names, Out& out) {
  for (size_t i = 0; i < names.size(); ++i) {
    if (i) out.Add("\t");
    out.Add(names[i]);
  }
  out.Add("\n");
}

void PrintRows(const Table& table, Out& out) {
  std::vector<ColumnPrinter> printers;
  for (const Column& c : table.columns()) {
    if (c.size() != table.num_rows()) throw std::runtime_error("column " + c.name() + " has a different length");
    if (!c.validity().empty() && c.validity().size() != c.size()) {
      throw std::runtime_error("column " + c.name() + " has a validity vector of the wrong length");
    }
    printers.push_back(MakePrinter(c));
  }
  for (size_t r = 0; r < table.num_rows(); ++r) {
    for (size_t i = 0; i < printers.size(); ++i) {
      if (i) out.Add("\t");
      if (table.column(i).IsNull(r)) {
        out.Add("NULL");
      } else {
        printers[i].Print(r, out);
      }
    }
    out.Add("\n");
  }
}

std::vector<std::string> Names(const Table& table) {
  std::vector<std::string> names;
  for (const Column& c : table.columns()) names.push_back(c.name());
  return names;
}

// --------------------------------------------------------------------- dump
int Dump(const std::vector<std::string>& argv) {
  if (argv.empty()) throw std::runtime_error("dump needs a FILE");
  const std::string& path = argv[0];
  bool whole = false;
  std::optional<std::vector<std::string>> columns;
  for (size_t i = 1; i < argv.size(); ++i) {
    if (argv[i] == "--whole") {
      whole = true;
    } else if (argv[i] == "--columns" && i + 1 < argv.size()) {
      std::vector<std::string> names;
      std::string_view list = argv[++i];
      while (true) {
        const size_t comma = list.find(',');
        names.emplace_back(list.substr(0, comma));
        if (comma == std::string_view::npos) break;
        list.remove_prefix(comma + 1);
      }
      columns = std::move(names);
    } else {
      throw std::runtime_error("dump: unknown argument " + argv[i]);
    }
  }
  const FileReader reader = FileReader::Open(path);
  std::vector<size_t> indices;
  std::vector<std::string> header;
  if (columns) {
    indices = reader.ColumnIndices(*columns);
    header = *columns;
  } else {
    for (const Field& f : reader.fields()) header.push_back(f.name);
  }
  Out out;
  PrintHeader(header, out);
  if (whole) {
    const Table table = reader.ReadAll(indices);
    if (reader.num_row_groups() > 0 && Names(table) != header) {
      throw std::runtime_error("ReadAll returned columns in another order than asked");
    }
    if (table.num_columns() > 0 && table.num_rows() != static_cast<size_t>(reader.num_rows())) {
      throw std::runtime_error("ReadAll returned " + std::to_string(table.num_rows()) + " rows, the footer says " +
                               std::to_string(reader.num_rows()));
    }
    PrintRows(table, out);
  } else {
    for (size_t g = 0; g < reader.num_row_groups(); ++g) {
      const Table table = reader.ReadRowGroup(g, indices);
      if (Names(table) != header) throw std::runtime_error("ReadRowGroup returned columns in another order than asked");
      const int64_t expected = reader.metadata().row_groups[g].num_rows;
      if (table.num_rows() != static_cast<size_t>(expected)) {
        throw std::runtime_error("row group " + std::to_string(g) + ": read " + std::to_string(table.num_rows()) +
                                 " rows, the footer says " + std::to_string(expected));
      }
      PrintRows(table, out);
    }
  }
  out.Flush();
  return 0;
}

// ------------------------------------------------------------ data builders
uint64_t Mix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}
uint64_t H(uint64_t row, uint64_t salt) { return Mix(row * 0x100000001b3ULL + salt * 0x9e3779b97f4a7c15ULL + 7); }

// Value of one cell: null, integer, double or bytes.
struct Cell {
  enum Kind { kNull, kInt, kDouble, kBytes } kind = kNull;
  int64_t i = 0;
  double d = 0;
  std::string s;
  static Cell Null() { return {}; }
  static Cell Int(int64_t v) { Cell c; c.kind = kInt; c.i = v; return c; }
  static Cell Dbl(double v) { Cell c; c.kind = kDouble; c.d = v; return c; }
  static Cell Bytes(std::string v) { Cell c; c.kind = kBytes; c.s = std::move(v); return c; }
};

// A column recipe: name, type, value of row r (before nulls are applied).
struct Spec {
  std::string name;
  ColumnType type;
  std::function<Cell(uint64_t row)> gen;
  bool dictionary_storage = false;
  bool required = false;  // REQUIRED even in a nullable table
};

// How nulls are placed in nullable columns.
enum class Nulls { kNone, kSome, kAll, kRuns };

struct CaseTable {
  std::vector<Spec> specs;
  size_t rows = 0;
  bool nullable = true;
  Nulls nulls = Nulls::kSome;
};

bool IsNullAt(Nulls nulls, uint64_t row, uint64_t col) {
  switch (nulls) {
    case Nulls::kNone: return false;
    case Nulls::kAll: return true;
    case Nulls::kSome: return row == 3 || H(row, col + 1000) % 10 == 0;
    case Nulls::kRuns:
      if (row < 1000) return (row / 100) % 2 == 1;
      if (row < 2000) return row % 2 == 1;
      return H(row, col + 2000) % 3 == 0;
  }
  return false;
}

Table Build(const CaseTable& ct) {
  std::vector<Column> columns;
  for (size_t k = 0; k < ct.specs.size(); ++k) {
    const Spec& spec = ct.specs[k];
    const bool nullable = ct.nullable && !spec.required;
    Column col = spec.dictionary_storage ? Column(spec.name, spec.type, nullable, Storage::kDictionary)
                                         : Column(spec.name, spec.type, nullable);
    col.Reserve(ct.rows);
    for (size_t r = 0; r < ct.rows; ++r) {
      if (nullable && IsNullAt(ct.nulls, r, k)) {
        col.AppendNull();
        continue;
      }
      const Cell cell = spec.gen(r);
      switch (cell.kind) {
        case Cell::kNull:
          if (!nullable) throw std::runtime_error("recipe " + spec.name + " made a null in a required column");
          col.AppendNull();
          break;
        case Cell::kInt: col.AppendInt(cell.i); break;
        case Cell::kDouble: col.AppendDouble(cell.d); break;
        case Cell::kBytes: col.AppendString(cell.s); break;
      }
    }
    columns.push_back(std::move(col));
  }
  return Table(std::move(columns));
}

// Integers in [lo, hi] with the extremes at rows 0 and 1 and zero (or lo) at 2.
std::function<Cell(uint64_t)> IntRange(int64_t lo, int64_t hi, uint64_t salt) {
  return [lo, hi, salt](uint64_t r) {
    if (r == 0) return Cell::Int(lo);
    if (r == 1) return Cell::Int(hi);
    if (r == 2) return Cell::Int(lo <= 0 && hi >= 0 ? 0 : lo);
    const uint64_t span = static_cast<uint64_t>(hi) - static_cast<uint64_t>(lo);
    const uint64_t h = H(r, salt);
    const uint64_t off = span == std::numeric_limits<uint64_t>::max() ? h : h % (span + 1);
    return Cell::Int(static_cast<int64_t>(static_cast<uint64_t>(lo) + off));
  };
}

Cell FloatCell(uint64_t r, uint64_t salt, bool specials) {
  constexpr float kMax = std::numeric_limits<float>::max();
  if (r == 0) return Cell::Dbl(static_cast<double>(-kMax));
  if (r == 1) return Cell::Dbl(static_cast<double>(kMax));
  if (r == 2) return Cell::Dbl(0.0);
  if (specials) {
    if (r == 4) return Cell::Dbl(std::numeric_limits<double>::quiet_NaN());
    if (r == 5) return Cell::Dbl(-0.0);
    if (r == 6) return Cell::Dbl(std::numeric_limits<double>::infinity());
    if (r == 7) return Cell::Dbl(-std::numeric_limits<double>::infinity());
    if (r == 8) return Cell::Dbl(static_cast<double>(std::numeric_limits<float>::denorm_min()));
  }
  float f = std::bit_cast<float>(static_cast<uint32_t>(H(r, salt)));
  if (!std::isfinite(f)) f = 1.5f;
  if (!specials && f == 0.0f) f = 2.5f;
  return Cell::Dbl(static_cast<double>(f));
}

Cell DoubleCell(uint64_t r, uint64_t salt, bool specials) {
  constexpr double kMax = std::numeric_limits<double>::max();
  if (r == 0) return Cell::Dbl(-kMax);
  if (r == 1) return Cell::Dbl(kMax);
  if (r == 2) return Cell::Dbl(0.0);
  if (specials) {
    if (r == 4) return Cell::Dbl(std::numeric_limits<double>::quiet_NaN());
    if (r == 5) return Cell::Dbl(-0.0);
    if (r == 6) return Cell::Dbl(std::numeric_limits<double>::infinity());
    if (r == 7) return Cell::Dbl(-std::numeric_limits<double>::infinity());
    if (r == 8) return Cell::Dbl(std::numeric_limits<double>::denorm_min());
  }
  double d = std::bit_cast<double>(H(r, salt));
  if (!std::isfinite(d)) d = -3.25;
  if (!specials && d == 0.0) d = 4.5;
  return Cell::Dbl(d);
}

const char* const kWords[] = {"alpha", "béta", "γάμμα", "дельта", "エプシロン", "🦆", "zeta", "ηta", "théta", "iota"};

std::string StringValue(uint64_t r, uint64_t salt) {
  switch (r) {
    case 0: return "a";
    case 1: return "\xf4\x8f\xbf\xbf" "max";  // U+10FFFF
    case 2: return "";
    case 4: return "héllo wörld";
    case 5: return "日本語のテキスト";
    case 6: return "🦆 duck 🦆";
    case 7: return std::string("tab\tnl\nnul") + '\0' + "end";
    case 8: return "back\\slash 'quote\"";
    case 9: {
      std::string s;
      for (int i = 0; i < 3000; ++i) s += "long-ü-";
      return s;
    }
    default: break;
  }
  const uint64_t h = H(r, salt);
  std::string s = kWords[h % 10];
  s += std::to_string(h % 1000007);
  for (uint64_t i = 0; i < (h >> 20) % 9; ++i) s += "zé";
  return s;
}

std::string BytesValue(uint64_t r, uint64_t salt) {
  if (r == 0) return std::string(1, '\0');
  if (r == 1) return std::string(3, '\xff');
  if (r == 2) return "";
  const uint64_t h = H(r, salt);
  std::string s;
  const uint64_t n = h % 21;
  for (uint64_t i = 0; i < n; ++i) s.push_back(static_cast<char>(static_cast<unsigned char>(H(r, salt + i + 1) & 0xff)));
  return s;
}

std::string FixedValue(uint64_t r, uint64_t salt) {
  if (r == 0) return std::string(16, '\0');
  if (r == 1) return std::string(16, '\xff');
  std::string s;
  for (uint64_t i = 0; i < 16; ++i) s.push_back(static_cast<char>(static_cast<unsigned char>(H(r, salt + i) & 0xff)));
  return s;
}

int128 Pow10(int n) {
  int128 v = 1;
  for (int i = 0; i < n; ++i) v *= 10;
  return v;
}

Cell WideDecimal(uint64_t r, uint64_t salt, int precision) {
  const int128 max = Pow10(precision) - 1;
  if (r == 0) return Cell::Bytes(Int128ToBigEndian(-max));
  if (r == 1) return Cell::Bytes(Int128ToBigEndian(max));
  if (r == 2) return Cell::Bytes(Int128ToBigEndian(0));
  const auto u = (static_cast<uint128>(H(r, salt)) << 64) | H(r, salt + 1);
  auto v = static_cast<int128>(u % static_cast<uint128>(max));
  if (H(r, salt + 2) % 2) v = -v;
  return Cell::Bytes(Int128ToBigEndian(v));
}

constexpr int64_t kDateMin = -719162;             // 0001-01-01
constexpr int64_t kDateMax = 2932896;             // 9999-12-31
constexpr int64_t kMsMin = -62135596800000;       // 0001-01-01T00:00:00
constexpr int64_t kMsMax = 253402300799999;       // 9999-12-31T23:59:59.999
constexpr int64_t kNsLimit = 9000000000000000000;  // ~ +-2255

// Every flat type the library supports, in the column order of the cases.
std::vector<Spec> AllTypes(bool specials = true) {
  std::vector<Spec> v;
  v.push_back({"b", ColumnType::Of(TypeKind::kBoolean), [](uint64_t r) {
                 if (r < 2) return Cell::Int(static_cast<int64_t>(r));
                 return Cell::Int(H(r, 1) % 3 == 0 ? 1 : 0);
               }});
  v.push_back({"i8", ColumnType::Of(TypeKind::kInt8), IntRange(-128, 127, 2)});
  v.push_back({"i16", ColumnType::Of(TypeKind::kInt16), IntRange(-32768, 32767, 3)});
  v.push_back({"i32", ColumnType::Of(TypeKind::kInt32),
               IntRange(std::numeric_limits<int32_t>::min(), std::numeric_limits<int32_t>::max(), 4)});
  v.push_back({"i64", ColumnType::Of(TypeKind::kInt64),
               IntRange(std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::max(), 5)});
  v.push_back({"u8", ColumnType::Of(TypeKind::kUInt8), IntRange(0, 255, 6)});
  v.push_back({"u16", ColumnType::Of(TypeKind::kUInt16), IntRange(0, 65535, 7)});
  v.push_back({"u32", ColumnType::Of(TypeKind::kUInt32), IntRange(0, 4294967295LL, 8)});
  v.push_back({"u64", ColumnType::Of(TypeKind::kUInt64), [](uint64_t r) {
                 if (r == 0) return Cell::Int(0);
                 if (r == 1) return Cell::Int(-1);  // 18446744073709551615
                 if (r == 2) return Cell::Int(std::numeric_limits<int64_t>::min());  // 2^63
                 return Cell::Int(static_cast<int64_t>(H(r, 9)));
               }});
  v.push_back({"f32", ColumnType::Of(TypeKind::kFloat), [specials](uint64_t r) { return FloatCell(r, 10, specials); }});
  v.push_back({"f64", ColumnType::Of(TypeKind::kDouble), [specials](uint64_t r) { return DoubleCell(r, 11, specials); }});
  v.push_back({"s", ColumnType::Of(TypeKind::kString), [](uint64_t r) { return Cell::Bytes(StringValue(r, 12)); }});
  v.push_back({"bl", ColumnType::Of(TypeKind::kBinary), [](uint64_t r) { return Cell::Bytes(BytesValue(r, 13)); }});
  v.push_back({"fx", ColumnType::FixedBinary(16), [](uint64_t r) { return Cell::Bytes(FixedValue(r, 14)); }});
  v.push_back({"dt", ColumnType::Of(TypeKind::kDate), IntRange(kDateMin, kDateMax, 15)});
  v.push_back({"ts_ms", ColumnType::Timestamp(TimeUnit::kMillis, false), IntRange(kMsMin, kMsMax, 16)});
  v.push_back({"ts_us", ColumnType::Timestamp(TimeUnit::kMicros, false), IntRange(kMsMin * 1000, kMsMax * 1000 + 999, 17)});
  v.push_back({"ts_ns", ColumnType::Timestamp(TimeUnit::kNanos, false), IntRange(-kNsLimit, kNsLimit, 18)});
  v.push_back({"ts_us_utc", ColumnType::Timestamp(TimeUnit::kMicros, true), IntRange(kMsMin * 1000, kMsMax * 1000 + 999, 19)});
  v.push_back({"tm_ms", ColumnType::Time(TimeUnit::kMillis, false), IntRange(0, 86399999, 20)});
  v.push_back({"tm_us", ColumnType::Time(TimeUnit::kMicros, false), IntRange(0, 86399999999LL, 21)});
  v.push_back({"tm_ns", ColumnType::Time(TimeUnit::kNanos, false), IntRange(0, 86399999999999LL, 22)});
  v.push_back({"tm_us_utc", ColumnType::Time(TimeUnit::kMicros, true), IntRange(0, 86399999999LL, 23)});
  v.push_back({"d4", ColumnType::Decimal(4, 1), IntRange(-9999, 9999, 24)});
  v.push_back({"d9", ColumnType::Decimal(9, 2), IntRange(-999999999, 999999999, 25)});
  v.push_back({"d18", ColumnType::Decimal(18, 4), IntRange(-999999999999999999LL, 999999999999999999LL, 26)});
  v.push_back({"d25", ColumnType::Decimal(25, 0), [](uint64_t r) { return WideDecimal(r, 27, 25); }});
  v.push_back({"d38", ColumnType::Decimal(38, 10), [](uint64_t r) { return WideDecimal(r, 28, 38); }});
  return v;
}

const std::vector<Spec>& All() {
  static const std::vector<Spec> all = AllTypes();
  return all;
}

std::vector<Spec> Pick(const std::vector<Spec>& all, const std::vector<std::string>& names) {
  std::vector<Spec> out;
  for (const std::string& n : names) {
    bool found = false;
    for (const Spec& s : all) {
      if (s.name == n) {
        out.push_back(s);
        found = true;
      }
    }
    if (!found) throw std::runtime_error("no recipe " + n);
  }
  return out;
}

// Low-cardinality version of a recipe: row r takes the value of row
// 10 + r % 13, except the edge rows.
Spec LowCard(Spec s) {
  auto gen = s.gen;
  s.gen = [gen](uint64_t r) { return gen(r < 3 ? r : 10 + r % 13); };
  return s;
}

// Integer sequences that stress DELTA_BINARY_PACKED.
std::vector<Spec> DeltaSequences() {
  std::vector<Spec> v;
  v.push_back({"const", ColumnType::Of(TypeKind::kInt64), [](uint64_t) { return Cell::Int(42); }});
  v.push_back({"inc", ColumnType::Of(TypeKind::kInt32), [](uint64_t r) { return Cell::Int(static_cast<int64_t>(r)); }});
  v.push_back({"dec", ColumnType::Of(TypeKind::kInt64),
               [](uint64_t r) { return Cell::Int(1000000 - static_cast<int64_t>(r) * 3); }});
  v.push_back({"swing", ColumnType::Of(TypeKind::kInt64), [](uint64_t r) {
                 return Cell::Int(r % 2 ? std::numeric_limits<int64_t>::max() : std::numeric_limits<int64_t>::min());
               }});
  v.push_back({"swing32", ColumnType::Of(TypeKind::kInt32), [](uint64_t r) {
                 return Cell::Int(r % 2 ? std::numeric_limits<int32_t>::max() : std::numeric_limits<int32_t>::min());
               }});
  v.push_back({"mixed", ColumnType::Of(TypeKind::kInt64), [](uint64_t r) {
                 return Cell::Int((r / 128) % 2 == 0 ? static_cast<int64_t>(r) : static_cast<int64_t>(H(r, 40)));
               }});
  v.push_back({"u64_seq", ColumnType::Of(TypeKind::kUInt64), [](uint64_t r) { return Cell::Int(static_cast<int64_t>(H(r, 41))); }});
  v.push_back({"u32_seq", ColumnType::Of(TypeKind::kUInt32),
               [](uint64_t r) { return Cell::Int(r % 3 == 0 ? 4294967295LL : static_cast<int64_t>(H(r, 42) % 4294967296ULL)); }});
  return v;
}

// Strings sharing long prefixes (what DELTA_BYTE_ARRAY is for), plus empty
// and unicode values.
std::string PrefixedString(uint64_t r) {
  if (r % 17 == 0) return "";
  static const char* const kStems[] = {"https://example.org/päth/", "prefix/prefix/prefix/", "日本/東京/", "zz"};
  std::string s = kStems[(r / 50) % 4];
  s += std::to_string(r / 3);
  if (r % 5 == 0) s += "/ünï";
  return s;
}

struct WriteCase {
  std::string name;
  std::function<CaseTable()> table;
  std::function<WriterOptions()> options;
};

WriterOptions Opts(Compression codec, PageVersion version) {
  WriterOptions o;
  o.compression = codec;
  o.page_version = version;
  return o;
}

WriterOptions WithEncoding(WriterOptions o, const std::vector<Spec>& specs, Encoding e) {
  for (const Spec& s : specs) o.column_encodings[s.name] = e;
  return o;
}

CaseTable Types(size_t rows, bool nullable) {
  CaseTable t;
  t.specs = AllTypes();
  t.rows = rows;
  t.nullable = nullable;
  t.nulls = nullable ? Nulls::kSome : Nulls::kNone;
  return t;
}

CaseTable Of(std::vector<Spec> specs, size_t rows, Nulls nulls = Nulls::kSome) {
  CaseTable t;
  t.specs = std::move(specs);
  t.rows = rows;
  t.nulls = nulls;
  return t;
}

const std::vector<std::string> kIntCols = {"i8", "i16", "i32", "i64", "u8", "u16", "u32", "u64", "dt", "ts_ms",
                                           "ts_us", "ts_ns", "ts_us_utc", "tm_ms", "tm_us", "tm_ns", "tm_us_utc",
                                           "d4", "d9", "d18"};
const std::vector<std::string> kDictCols = {"i32", "i64", "u64", "f32", "f64", "s", "bl", "fx", "dt", "ts_us", "d9",
                                            "d18", "d38"};

std::vector<Spec> Booleans() {
  std::vector<Spec> v;
  v.push_back({"random", ColumnType::Of(TypeKind::kBoolean), [](uint64_t r) { return Cell::Int(static_cast<int64_t>(H(r, 50) & 1)); }});
  v.push_back({"runs", ColumnType::Of(TypeKind::kBoolean), [](uint64_t r) { return Cell::Int((r / 700) % 2 == 0 ? 1 : 0); }});
  v.push_back({"all_true", ColumnType::Of(TypeKind::kBoolean), [](uint64_t) { return Cell::Int(1); }});
  v.push_back({"sparse", ColumnType::Of(TypeKind::kBoolean), [](uint64_t r) { return Cell::Int(H(r, 51) % 97 == 0 ? 1 : 0); }});
  return v;
}

// Mixed table for the small-page cases: every column with its own encoding.
CaseTable SmallPages() {
  const std::vector<Spec>& all = All();
  std::vector<Spec> specs = {LowCard(Pick(all, {"s"})[0]), Pick(all, {"i64"})[0], Pick(all, {"f64"})[0],
                             Pick(all, {"b"})[0], Pick(all, {"d38"})[0]};
  specs.push_back({"txt", ColumnType::Of(TypeKind::kString), [](uint64_t r) { return Cell::Bytes(PrefixedString(r)); }});
  return Of(specs, 20000, Nulls::kRuns);
}
WriterOptions SmallPageOptions(Compression c, PageVersion v) {
  WriterOptions o = Opts(c, v);
  o.page_bytes = 2048;
  o.column_encodings = {{"s", Encoding::kRleDictionary}, {"i64", Encoding::kDeltaBinaryPacked},
                        {"f64", Encoding::kByteStreamSplit}, {"b", Encoding::kRle},
                        {"txt", Encoding::kDeltaByteArray}, {"d38", Encoding::kPlain}};
  return o;
}

CaseTable Big() {
  std::vector<Spec> v;
  v.push_back({"id", ColumnType::Of(TypeKind::kInt64), [](uint64_t r) { return Cell::Int(static_cast<int64_t>(r)); }});
  v.push_back({"x", ColumnType::Of(TypeKind::kDouble), [](uint64_t r) { return Cell::Dbl(static_cast<double>(H(r, 60) >> 11) / 3.0); }});
  v.push_back({"cat", ColumnType::Of(TypeKind::kString),
               [](uint64_t r) { return Cell::Bytes("category-" + std::to_string(r % 17)); }, true});
  v.push_back({"n", ColumnType::Of(TypeKind::kInt32),
               [](uint64_t r) { return r % 7 == 0 ? Cell::Null() : Cell::Int(static_cast<int64_t>(H(r, 61) % 100000)); }});
  v.push_back({"flag", ColumnType::Of(TypeKind::kBoolean), [](uint64_t r) { return Cell::Int(r % 3 == 0 ? 1 : 0); }});
  v.push_back({"ts", ColumnType::Timestamp(TimeUnit::kMicros, false),
               [](uint64_t r) { return Cell::Int(1600000000000000LL + static_cast<int64_t>(r) * 1000003); }});
  v.push_back({"s", ColumnType::Of(TypeKind::kString),
               [](uint64_t r) { return r % 5 == 0 ? Cell::Null() : Cell::Bytes("row" + std::to_string(r)); }});
  CaseTable t = Of(std::move(v), 1100000, Nulls::kNone);
  return t;
}

std::vector<WriteCase> WriteCases() {
  using C = Compression;
  using V = PageVersion;
  std::vector<WriteCase> cases;
  auto add = [&cases](std::string name, std::function<CaseTable()> table, std::function<WriterOptions()> options) {
    cases.push_back({std::move(name), std::move(table), std::move(options)});
  };

  // Every type, every codec, both page versions, OPTIONAL and REQUIRED.
  add("types_v1_snappy", [] { return Types(3000, true); }, [] { return Opts(C::kSnappy, V::kV1); });
  add("types_v2_zstd", [] { return Types(3000, true); }, [] { return Opts(C::kZstd, V::kV2); });
  add("types_v1_gzip", [] { return Types(3000, true); }, [] { return Opts(C::kGzip, V::kV1); });
  add("types_v2_uncompressed", [] { return Types(3000, true); }, [] { return Opts(C::kUncompressed, V::kV2); });
  add("types_required_v1", [] { return Types(2000, false); }, [] { return Opts(C::kSnappy, V::kV1); });
  add("types_required_v2", [] { return Types(2000, false); }, [] { return Opts(C::kZstd, V::kV2); });
  add("types_dictionary_storage", [] {
        CaseTable t;
        t.rows = 4000;
        t.nulls = Nulls::kNone;
        t.nullable = true;
        auto cat = [](uint64_t r) { return r % 11 == 0 ? Cell::Null() : Cell::Bytes(kWords[r % 10]); };
        t.specs.push_back({"id", ColumnType::Of(TypeKind::kInt64),
                           [](uint64_t r) { return Cell::Int(static_cast<int64_t>(r)); }, false, true});
        t.specs.push_back({"cat", ColumnType::Of(TypeKind::kString), cat, true});
        t.specs.push_back({"cat_req", ColumnType::Of(TypeKind::kString),
                           [](uint64_t r) { return Cell::Bytes(kWords[(r * 7) % 10]); }, true, true});
        t.specs.push_back({"low", ColumnType::Of(TypeKind::kString),
                           [](uint64_t r) { return r % 13 == 0 ? Cell::Null() : Cell::Bytes(std::string("v") + kWords[r % 7]); }});
        return t;
      },
      [] { return Opts(C::kSnappy, V::kV1); });

  // Encodings. PLAIN_DICTIONARY, RLE booleans, DELTA_BYTE_ARRAY and
  // BYTE_STREAM_SPLIT on fixed-width types are encodings DuckDB 1.5.6 cannot
  // write: these files from our writer are the proof that DuckDB (and our
  // reader) read them; conformance.mjs checks every data page really uses
  // the encoding.
  const std::vector<std::string> plain_cols = {"b", "i8", "i32", "i64", "u64", "f32", "f64", "s", "bl", "fx", "dt",
                                               "ts_ns", "tm_ms", "d4", "d18", "d38"};
  add("enc_plain_v1", [plain_cols] { return Of(Pick(All(), plain_cols), 5000); },
      [plain_cols] { return WithEncoding(Opts(C::kSnappy, V::kV1), Pick(All(), plain_cols), Encoding::kPlain); });
  add("enc_plain_v2", [plain_cols] { return Of(Pick(All(), plain_cols), 5000); },
      [plain_cols] { return WithEncoding(Opts(C::kZstd, V::kV2), Pick(All(), plain_cols), Encoding::kPlain); });
  auto dict_table = [] {
    std::vector<Spec> specs;
    for (const Spec& s : Pick(All(), kDictCols)) specs.push_back(LowCard(s));
    return Of(specs, 5000);
  };
  add("enc_plain_dictionary_v1", dict_table,
      [] { return WithEncoding(Opts(C::kSnappy, V::kV1), Pick(All(), kDictCols), Encoding::kPlainDictionary); });
  add("enc_rle_dictionary_v1", dict_table,
      [] { return WithEncoding(Opts(C::kUncompressed, V::kV1), Pick(All(), kDictCols), Encoding::kRleDictionary); });
  add("enc_rle_dictionary_v2", dict_table,
      [] { return WithEncoding(Opts(C::kZstd, V::kV2), Pick(All(), kDictCols), Encoding::kRleDictionary); });
  add("enc_rle_boolean_v1", [] { return Of(Booleans(), 6000, Nulls::kRuns); },
      [] { return WithEncoding(Opts(C::kUncompressed, V::kV1), Booleans(), Encoding::kRle); });
  add("enc_rle_boolean_v2", [] { return Of(Booleans(), 6000, Nulls::kRuns); },
      [] { return WithEncoding(Opts(C::kSnappy, V::kV2), Booleans(), Encoding::kRle); });
  auto delta_table = [] {
    std::vector<Spec> specs = Pick(All(), kIntCols);
    for (Spec& s : DeltaSequences()) specs.push_back(std::move(s));
    return Of(specs, 5000);
  };
  auto delta_opts = [delta_table](Compression c, PageVersion v) {
    return WithEncoding(Opts(c, v), delta_table().specs, Encoding::kDeltaBinaryPacked);
  };
  add("enc_delta_binary_packed_v1", delta_table, [delta_opts] { return delta_opts(C::kUncompressed, V::kV1); });
  add("enc_delta_binary_packed_v2", delta_table, [delta_opts] { return delta_opts(C::kZstd, V::kV2); });
  auto bytes_table = [] {
    std::vector<Spec> specs = Pick(All(), {"s", "bl"});
    specs.push_back({"txt", ColumnType::Of(TypeKind::kString), [](uint64_t r) { return Cell::Bytes(PrefixedString(r)); }});
    return Of(specs, 5000);
  };
  auto bytes_opts = [bytes_table](Compression c, PageVersion v, Encoding e) {
    return WithEncoding(Opts(c, v), bytes_table().specs, e);
  };
  add("enc_delta_length_byte_array_v1", bytes_table,
      [bytes_opts] { return bytes_opts(C::kSnappy, V::kV1, Encoding::kDeltaLengthByteArray); });
  add("enc_delta_length_byte_array_v2", bytes_table,
      [bytes_opts] { return bytes_opts(C::kZstd, V::kV2, Encoding::kDeltaLengthByteArray); });
  add("enc_delta_byte_array_v1", bytes_table,
      [bytes_opts] { return bytes_opts(C::kUncompressed, V::kV1, Encoding::kDeltaByteArray); });
  add("enc_delta_byte_array_v2", bytes_table, [bytes_opts] { return bytes_opts(C::kGzip, V::kV2, Encoding::kDeltaByteArray); });
  add("enc_byte_stream_split_v1", [] { return Of(Pick(All(), {"f32", "f64"}), 5000); },
      [] { return WithEncoding(Opts(C::kUncompressed, V::kV1), Pick(All(), {"f32", "f64"}), Encoding::kByteStreamSplit); });
  add("enc_byte_stream_split_v2", [] { return Of(Pick(All(), {"f32", "f64"}), 5000); },
      [] { return WithEncoding(Opts(C::kZstd, V::kV2), Pick(All(), {"f32", "f64"}), Encoding::kByteStreamSplit); });
  const std::vector<std::string> bss_fixed = {"i32", "i64", "fx", "d9", "d18", "d38", "dt", "ts_us"};
  add("enc_byte_stream_split_fixed_v2", [bss_fixed] { return Of(Pick(All(), bss_fixed), 5000); },
      [bss_fixed] { return WithEncoding(Opts(C::kSnappy, V::kV2), Pick(All(), bss_fixed), Encoding::kByteStreamSplit); });
  add("enc_small_pages_v1", SmallPages, [] { return SmallPageOptions(C::kSnappy, V::kV1); });
  add("enc_small_pages_v2", SmallPages, [] { return SmallPageOptions(C::kZstd, V::kV2); });

  // Edges.
  add("edge_empty", [] { return Types(0, true); }, [] { return Opts(C::kSnappy, V::kV1); });
  add("edge_single_row", [] {
        CaseTable t = Types(1, true);
        t.specs = AllTypes(false);
        t.nulls = Nulls::kNone;
        return t;
      },
      [] { return Opts(C::kSnappy, V::kV1); });
  add("edge_all_null", [] { CaseTable t = Types(500, true); t.nulls = Nulls::kAll; return t; },
      [] { return Opts(C::kZstd, V::kV2); });
  auto stats_table = [] {
    // No NaN and no zeros in floating columns: their ordering in statistics
    // is left open by the format.
    CaseTable t = Types(2000, true);
    t.specs = AllTypes(false);
    return t;
  };
  add("edge_row_groups", [stats_table] { CaseTable t = stats_table(); t.rows = 10007; return t; },
      [] { WriterOptions o = Opts(C::kSnappy, V::kV1); o.row_group_rows = 1000; return o; });
  add("edge_stats_v1", stats_table, [] { WriterOptions o = Opts(C::kSnappy, V::kV1); o.row_group_rows = 700; return o; });
  add("edge_stats_v2", stats_table, [] { WriterOptions o = Opts(C::kZstd, V::kV2); o.row_group_rows = 700; return o; });
  add("edge_kv_metadata", [] { return Of(Pick(All(), {"i32", "s"}), 10); },
      [] {
        WriterOptions o = Opts(C::kSnappy, V::kV1);
        o.key_value_metadata = {{"pdex.model", "drift-v3"}, {"pdex.ünïcode", "välue ✓"}, {"pdex.empty", ""},
                                {"pdex.json", "{\"a\":[1,2,3],\"b\":\"x\\ty\"}"}};
        return o;
      });
  add("edge_dictionary_fallback", [] {
        std::vector<Spec> v;
        v.push_back({"low", ColumnType::Of(TypeKind::kString), [](uint64_t r) { return Cell::Bytes(kWords[r % 10]); }});
        v.push_back({"high", ColumnType::Of(TypeKind::kString), [](uint64_t r) { return Cell::Bytes(StringValue(r + 10, 70)); }});
        return Of(std::move(v), 20000);
      },
      [] { WriterOptions o = Opts(C::kSnappy, V::kV1); o.dictionary_max_bytes = 4096; return o; });
  add("edge_strings", [] {
        std::vector<Spec> v;
        v.push_back({"s", ColumnType::Of(TypeKind::kString),
                     [](uint64_t r) { return r % 5 == 0 ? Cell::Bytes("") : Cell::Bytes("x" + std::to_string(r)); }});
        v.push_back({"u", ColumnType::Of(TypeKind::kString), [](uint64_t r) {
                       static const char* const kU[] = {"ascii", "ü€𝄞", "Ελληνικά", "\t\n", "中文", ""};
                       std::string s = kU[r % 6];
                       if (r % 6 == 3) s.push_back('\0');
                       for (uint64_t i = 0; i < r % 4; ++i) s += "é";
                       return Cell::Bytes(s);
                     }});
        v.push_back({"big", ColumnType::Of(TypeKind::kString), [](uint64_t r) {
                       if (r % 500 != 7) return Cell::Bytes("small");
                       std::string s;
                       for (int i = 0; i < 20000; ++i) s += "big-" + std::to_string(r);
                       return Cell::Bytes(s);
                     }});
        v.push_back({"bin", ColumnType::Of(TypeKind::kBinary), [](uint64_t r) { return Cell::Bytes(BytesValue(r + 3, 71)); }});
        return Of(std::move(v), 3000);
      },
      [] { return Opts(C::kZstd, V::kV2); });

  // 1M+ rows: several row groups, dictionary-storage strings.
  add("big_1m_v1_snappy", Big, [] { return Opts(C::kSnappy, V::kV1); });
  add("big_1m_v2_zstd", Big, [] {
        WriterOptions o = Opts(C::kZstd, V::kV2);
        o.row_group_rows = 500000;
        o.column_encodings = {{"id", Encoding::kDeltaBinaryPacked}, {"x", Encoding::kByteStreamSplit},
                              {"cat", Encoding::kRleDictionary}};
        return o;
      });
  return cases;
}

int Write(const std::vector<std::string>& argv) {
  if (argv.size() != 2) throw std::runtime_error("write needs CASE and OUT.parquet");
  for (const WriteCase& c : WriteCases()) {
    if (c.name != argv[0]) continue;
    const CaseTable ct = c.table();
    const Table table = Build(ct);
    WriteTable(argv[1], table, c.options());
    Out out;
    PrintHeader(Names(table), out);
    PrintRows(table, out);
    out.Flush();
    return 0;
  }
  throw std::runtime_error("unknown write case " + argv[0]);
}

}  // namespace

int main(int argc, char** argv) {
  try {
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty()) throw std::runtime_error("usage: conformance_tool dump|write|list-write-cases ...");
    const std::string cmd = args[0];
    args.erase(args.begin());
    if (cmd == "dump") return Dump(args);
    if (cmd == "write") return Write(args);
    if (cmd == "list-write-cases") {
      for (const WriteCase& c : WriteCases()) std::printf("%s\n", c.name.c_str());
      return 0;
    }
    throw std::runtime_error("unknown command " + cmd);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "conformance_tool: %s\n", e.what());
    return 1;
  }
}
