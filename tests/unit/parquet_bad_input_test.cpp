// Bad input for the Parquet reader (parquet/reader.h): truncated files, wrong
// magic, corrupt footers and pages, absurd lengths and counts, decompression
// bombs. Every case must end in a ParquetError with a meaningful message (or,
// for mutations that happen to stay valid, a successful read): never a
// crash, a hang, another exception type, or an allocation beyond what the
// file could plausibly hold.
//
// Files come from the project's writer (WriteTable into a TempDir, read back
// as bytes) or are assembled here from metadata pieces (SerializePageHeader,
// SerializeFileMetaData) when a case needs a precise page.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <zlib.h>
#include <zstd.h>

#include <chrono>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <functional>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parquet/compression.h"
#include "parquet/encodings.h"
#include "parquet/file.h"
#include "parquet/metadata.h"
#include "parquet/reader.h"
#include "parquet/table.h"
#include "parquet/writer.h"
#include "test_support.h"

namespace pdex::parquet {
namespace {

using ::testing::AnyOf;
using ::testing::HasSubstr;

// ---- helpers -------------------------------------------------------------

std::string WriteToBytes(const Table& table, const WriterOptions& options = {}) {
  const pdex::testing::TempDir dir;
  const std::string path = (dir.path() / "file.parquet").string();
  WriteTable(path, table, options);
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// A small valid file: three columns (REQUIRED INT64, OPTIONAL STRING,
// OPTIONAL DOUBLE), two row groups.
std::string SmallFile(Compression codec = Compression::kSnappy) {
  Column id("id", ColumnType::Of(TypeKind::kInt64), false);
  Column name("name", ColumnType::Of(TypeKind::kString), true);
  Column score("score", ColumnType::Of(TypeKind::kDouble), true);
  for (int i = 0; i < 12; ++i) {
    id.AppendInt(i * 1000);
    if (i % 4 == 1) {
      name.AppendNull();
    } else {
      name.AppendString(i % 2 == 0 ? "pikachu" : "eevee");
    }
    if (i % 5 == 2) {
      score.AppendNull();
    } else {
      score.AppendDouble(i * 0.5);
    }
  }
  WriterOptions options;
  options.compression = codec;
  options.row_group_rows = 6;
  return WriteToBytes(Table({id, name, score}), options);
}

// Opens `bytes` and decodes everything. Returns "" on success and the
// message of the ParquetError otherwise; any other exception escapes and
// fails the test.
std::string ReadError(std::string_view bytes, const ReaderOptions& options = {}) {
  try {
    const FileReader reader(MemoryFile(bytes), options);
    for (size_t g = 0; g < reader.num_row_groups(); ++g) {
      const Table table = reader.ReadRowGroup(g);
      for (const Column& column : table.columns()) {
        if (column.size() != static_cast<size_t>(reader.metadata().row_groups[g].num_rows)) {
          ADD_FAILURE() << "column '" << column.name() << "' has " << column.size() << " rows";
        }
      }
    }
    (void)reader.ReadAll();
    return "";
  } catch (const ParquetError& e) {
    const std::string message = e.what();
    if (message.empty()) ADD_FAILURE() << "ParquetError without a message";
    return message;
  }
}

uint32_t FooterLength(const std::string& file) {
  uint32_t length;
  std::memcpy(&length, file.data() + file.size() - 8, 4);
  return length;
}

void SetFooterLength(std::string* file, uint32_t length) { std::memcpy(file->data() + file->size() - 8, &length, 4); }

// Peak resident set size of this process, in bytes.
uint64_t PeakRss() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<uint64_t>(usage.ru_maxrss) * 1024;
}

// Runs `read` and checks it fails with a message containing `expected`,
// quickly, and without growing the peak RSS by more than `max_rss_growth`.
void ExpectCheapFailure(const std::function<std::string()>& read, const std::string& expected,
                        uint64_t max_rss_growth = 50ull << 20) {
  const uint64_t rss_before = PeakRss();
  const auto start = std::chrono::steady_clock::now();
  const std::string message = read();
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_THAT(message, HasSubstr(expected));
  EXPECT_LT(elapsed, std::chrono::seconds(5));
  const uint64_t rss_after = PeakRss();
  EXPECT_LT(rss_after - rss_before, max_rss_growth)
      << "peak RSS grew by " << ((rss_after - rss_before) >> 20) << " MiB";
}

// ---- files assembled from metadata pieces --------------------------------

SchemaElement Root(int32_t children) {
  SchemaElement e;
  e.name = "schema";
  e.num_children = children;
  return e;
}

SchemaElement Leaf(const std::string& name, PhysicalType type, Repetition repetition) {
  SchemaElement e;
  e.name = name;
  e.type = type;
  e.repetition = repetition;
  return e;
}

std::string Page(const PageHeader& header, std::string_view body) {
  std::string bytes;
  SerializePageHeader(header, &bytes);
  bytes.append(body);
  return bytes;
}

PageHeader DataPageV1(int32_t num_values, Encoding encoding, size_t uncompressed, size_t compressed) {
  PageHeader h;
  h.type = PageType::kDataPage;
  h.uncompressed_page_size = static_cast<int32_t>(uncompressed);
  h.compressed_page_size = static_cast<int32_t>(compressed);
  h.data_page_header = DataPageHeader{num_values, encoding, Encoding::kRle, Encoding::kRle, std::nullopt};
  return h;
}

PageHeader DictionaryPage(int32_t num_values, size_t uncompressed, size_t compressed) {
  PageHeader h;
  h.type = PageType::kDictionaryPage;
  h.uncompressed_page_size = static_cast<int32_t>(uncompressed);
  h.compressed_page_size = static_cast<int32_t>(compressed);
  h.dictionary_page_header = DictionaryPageHeader{num_values, Encoding::kPlain, std::nullopt};
  return h;
}

std::string Int64s(std::initializer_list<int64_t> values) {
  std::string out;
  for (const int64_t v : values) out.append(reinterpret_cast<const char*>(&v), 8);
  return out;
}

// A one-column file (REQUIRED INT64 "x" unless `schema` says otherwise)
// whose only column chunk is `chunk` (page headers and bodies), with
// `num_rows` rows; `tweak` may alter the metadata before it is serialized.
std::string BuildFile(const std::string& chunk, int64_t num_rows, Compression codec = Compression::kUncompressed,
                      const std::function<void(FileMetaData&)>& tweak = {},
                      std::vector<SchemaElement> schema = {}) {
  if (schema.empty()) schema = {Root(1), Leaf("x", PhysicalType::kInt64, Repetition::kRequired)};
  ColumnMetaData meta;
  meta.type = schema.back().type.value_or(PhysicalType::kInt64);
  meta.encodings = {Encoding::kPlain};
  meta.path_in_schema = {schema.back().name};
  meta.codec = codec;
  meta.num_values = num_rows;
  meta.total_uncompressed_size = static_cast<int64_t>(chunk.size());
  meta.total_compressed_size = static_cast<int64_t>(chunk.size());
  meta.data_page_offset = 4;
  ColumnChunk column;
  column.file_offset = 4;
  column.meta_data = meta;
  RowGroup group;
  group.columns = {column};
  group.num_rows = num_rows;
  group.total_byte_size = static_cast<int64_t>(chunk.size());
  FileMetaData md;
  md.schema = std::move(schema);
  md.num_rows = num_rows;
  md.row_groups = {group};
  md.created_by = "parquet_bad_input_test";
  if (tweak) tweak(md);

  std::string footer;
  SerializeFileMetaData(md, &footer);
  std::string file = "PAR1";
  file += chunk;
  file += footer;
  const auto length = static_cast<uint32_t>(footer.size());
  file.append(reinterpret_cast<const char*>(&length), 4);
  file += "PAR1";
  return file;
}

// The chunk of a valid REQUIRED INT64 column of `values` (one PLAIN page).
std::string PlainInt64Chunk(std::initializer_list<int64_t> values) {
  const std::string body = Int64s(values);
  return Page(DataPageV1(static_cast<int32_t>(values.size()), Encoding::kPlain, body.size(), body.size()), body);
}

// One data page of `rows` INT64 values whose body is `body` in `codec`,
// declaring `uncompressed` bytes.
std::string CompressedFile(Compression codec, std::string_view body, size_t uncompressed, int32_t rows) {
  return BuildFile(Page(DataPageV1(rows, Encoding::kPlain, uncompressed, body.size()), body), rows, codec);
}

// gzip of `total` zero bytes, produced in small steps (the input is never
// held in memory, so the test's own peak RSS stays low).
std::string GzipZeros(size_t total) {
  z_stream z{};
  EXPECT_EQ(deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY), Z_OK);
  const std::string zeros(1 << 16, '\0');
  std::string out;
  char buffer[1 << 14];
  size_t left = total;
  int flush = Z_NO_FLUSH;
  do {
    const size_t n = std::min(left, zeros.size());
    left -= n;
    flush = left == 0 ? Z_FINISH : Z_NO_FLUSH;
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(zeros.data()));
    z.avail_in = static_cast<uInt>(n);
    do {
      z.next_out = reinterpret_cast<Bytef*>(buffer);
      z.avail_out = sizeof buffer;
      deflate(&z, flush);
      out.append(buffer, sizeof buffer - z.avail_out);
    } while (z.avail_out == 0);
  } while (flush != Z_FINISH);
  deflateEnd(&z);
  return out;
}

// zstd of `total` zero bytes, streamed likewise.
std::string ZstdZeros(size_t total) {
  std::unique_ptr<ZSTD_CCtx, size_t (*)(ZSTD_CCtx*)> ctx(ZSTD_createCCtx(), ZSTD_freeCCtx);
  const std::string zeros(1 << 16, '\0');
  std::string out;
  char buffer[1 << 14];
  size_t left = total;
  bool done = false;
  while (!done) {
    const size_t n = std::min(left, zeros.size());
    left -= n;
    const ZSTD_EndDirective mode = left == 0 ? ZSTD_e_end : ZSTD_e_continue;
    ZSTD_inBuffer in{zeros.data(), n, 0};
    for (;;) {
      ZSTD_outBuffer o{buffer, sizeof buffer, 0};
      const size_t rc = ZSTD_compressStream2(ctx.get(), &o, &in, mode);
      EXPECT_FALSE(ZSTD_isError(rc));
      out.append(buffer, o.pos);
      if (mode == ZSTD_e_end ? rc == 0 : in.pos == in.size) break;
    }
    done = mode == ZSTD_e_end;
  }
  return out;
}

std::string Varint(uint64_t v) {
  std::string out;
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
  return out;
}

// ---- sanity: the assembled files are valid as built ----------------------

TEST(ParquetBadInput, AssembledFileIsValid) {
  const std::string file = BuildFile(PlainInt64Chunk({7, -1, 42}), 3);
  ASSERT_EQ(ReadError(file), "");
  const FileReader reader(MemoryFile(file));
  const Table table = reader.ReadAll();
  ASSERT_EQ(table.num_rows(), 3u);
  EXPECT_EQ(table.column(0).ints(), (std::vector<int64_t>{7, -1, 42}));
}

TEST(ParquetBadInput, WrittenFileIsValid) {
  for (const Compression codec : {Compression::kUncompressed, Compression::kSnappy, Compression::kGzip,
                                  Compression::kZstd}) {
    EXPECT_EQ(ReadError(SmallFile(codec)), "") << CompressionName(codec);
  }
}

// ---- framing: size, magic, footer length ---------------------------------

TEST(ParquetBadInput, EmptyInput) { EXPECT_THAT(ReadError(""), HasSubstr("not a Parquet file: only 0 bytes")); }

TEST(ParquetBadInput, ThreeBytes) { EXPECT_THAT(ReadError("PAR"), HasSubstr("only 3 bytes")); }

TEST(ParquetBadInput, MagicOnly) {
  EXPECT_THAT(ReadError("PAR1PAR1"), HasSubstr("not a Parquet file"));
  EXPECT_THAT(ReadError(std::string("PAR1\0\0\0\0PAR1", 12)), HasSubstr("malformed"));
}

TEST(ParquetBadInput, WrongLeadingMagic) {
  std::string file = SmallFile();
  file[0] = 'X';
  EXPECT_THAT(ReadError(file), HasSubstr("PAR1 magic missing"));
}

TEST(ParquetBadInput, WrongTrailingMagic) {
  std::string file = SmallFile();
  file.back() = '2';
  EXPECT_THAT(ReadError(file), HasSubstr("PAR1 magic missing"));
  // An encrypted-footer file ends in PARE.
  file.back() = 'E';
  EXPECT_THAT(ReadError(file), HasSubstr("magic"));
}

TEST(ParquetBadInput, FooterLengthLargerThanFile) {
  std::string file = SmallFile();
  for (const uint32_t length : {static_cast<uint32_t>(file.size()), static_cast<uint32_t>(file.size() - 11),
                                0x7fffffffu, 0xffffffffu}) {
    SetFooterLength(&file, length);
    EXPECT_THAT(ReadError(file), HasSubstr("exceeds the file")) << length;
  }
}

TEST(ParquetBadInput, FooterLengthZero) {
  std::string file = SmallFile();
  SetFooterLength(&file, 0);
  EXPECT_THAT(ReadError(file), HasSubstr("malformed"));
}

TEST(ParquetBadInput, FooterLengthOffByOne) {
  const std::string good = SmallFile();
  const uint32_t length = FooterLength(good);
  for (const uint32_t wrong : {length - 1, length + 1, length / 2}) {
    std::string file = good;
    SetFooterLength(&file, wrong);
    EXPECT_THAT(ReadError(file), AnyOf(HasSubstr("malformed"), HasSubstr("corrupt"))) << wrong;
  }
}

// Every byte of the footer flipped in turn (and a few overwritten with 0xff
// or 0x00): each result is a ParquetError or, when the change happens to
// keep the file valid (a byte inside a string), a successful read.
TEST(ParquetBadInput, FooterBytesGarbled) {
  const std::string good = SmallFile();
  const size_t footer_start = good.size() - 8 - FooterLength(good);
  size_t errors = 0;
  for (size_t pos = footer_start; pos < good.size() - 8; ++pos) {
    for (const int mode : {0, 1, 2}) {
      std::string file = good;
      file[pos] = mode == 0 ? static_cast<char>(~file[pos]) : mode == 1 ? '\xff' : '\0';
      if (file == good) continue;
      if (!ReadError(file).empty()) ++errors;
    }
  }
  EXPECT_GT(errors, 0u);
}

TEST(ParquetBadInput, FooterReplacedByGarbage) {
  std::string file = SmallFile();
  const size_t footer_start = file.size() - 8 - FooterLength(file);
  uint32_t state = 12345;
  for (size_t pos = footer_start; pos < file.size() - 8; ++pos) {
    state = state * 1103515245u + 12345u;
    file[pos] = static_cast<char>(state >> 24);
  }
  EXPECT_THAT(ReadError(file), HasSubstr("malformed"));
}

// ---- truncation ---------------------------------------------------------

TEST(ParquetBadInput, EveryPrefixOfASmallFile) {
  const std::string good = SmallFile();
  ASSERT_LT(good.size(), 4096u);
  for (size_t length = 0; length < good.size(); ++length) {
    const std::string message = ReadError(std::string_view(good).substr(0, length));
    EXPECT_FALSE(message.empty()) << "prefix of " << length << " bytes read as valid";
  }
  EXPECT_EQ(ReadError(good), "");
}

// The data cut short while the footer survives: the footer then points past
// the data it describes, or at the wrong bytes.
TEST(ParquetBadInput, EveryTruncationOfTheDataBeforeAnIntactFooter) {
  const std::string good = SmallFile();
  const size_t tail = 8 + FooterLength(good);
  const size_t data_end = good.size() - tail;
  size_t errors = 0;
  for (size_t cut = 0; cut < data_end; ++cut) {
    const std::string file = good.substr(0, cut) + good.substr(data_end);
    // Mostly a ParquetError. Cutting only the last few bytes can still read:
    // the last chunk then takes the footer's first bytes in their place, and
    // when those land inside a SNAPPY literal (the last values) the page still
    // decodes, to other values; Parquet has no mandatory checksum.
    if (!ReadError(file).empty()) ++errors;
  }
  EXPECT_GT(errors, data_end * 9 / 10);
  EXPECT_FALSE(ReadError(good.substr(0, data_end / 2) + good.substr(data_end)).empty());
}

TEST(ParquetBadInput, EveryByteOfTheDataFlipped) {
  for (const Compression codec : {Compression::kUncompressed, Compression::kSnappy, Compression::kGzip,
                                  Compression::kZstd}) {
    const std::string good = SmallFile(codec);
    const size_t data_end = good.size() - 8 - FooterLength(good);
    for (size_t pos = 4; pos < data_end; ++pos) {
      std::string file = good;
      file[pos] = static_cast<char>(file[pos] ^ 0x5a);
      (void)ReadError(file);  // ParquetError or success; anything else fails the test
    }
  }
}

// ---- page headers ---------------------------------------------------------

TEST(ParquetBadInput, HugeUncompressedPageSize) {
  const std::string body = Int64s({1, 2});
  for (const int32_t claimed : {INT32_MAX, 300 << 20}) {
    PageHeader h = DataPageV1(2, Encoding::kPlain, 16, 16);
    h.uncompressed_page_size = claimed;
    const std::string file = BuildFile(Page(h, body), 2, Compression::kSnappy);
    ExpectCheapFailure([&] { return ReadError(file); }, "exceeds the reader's limit");
  }
  // A tighter limit applies too.
  PageHeader h = DataPageV1(2, Encoding::kPlain, 16, 16);
  h.uncompressed_page_size = 4096;
  ReaderOptions options;
  options.max_page_bytes = 1024;
  EXPECT_THAT(ReadError(BuildFile(Page(h, body), 2, Compression::kSnappy), options),
              HasSubstr("exceeds the reader's limit"));
}

TEST(ParquetBadInput, CompressedPageSizePastTheChunk) {
  const std::string body = Int64s({1, 2});
  PageHeader h = DataPageV1(2, Encoding::kPlain, 16, 16);
  h.compressed_page_size = 1 << 30;
  EXPECT_THAT(ReadError(BuildFile(Page(h, body), 2)), HasSubstr("page runs past the end of the chunk"));
}

TEST(ParquetBadInput, NegativePageSizes) {
  const std::string body = Int64s({1, 2});
  PageHeader h = DataPageV1(2, Encoding::kPlain, 16, 16);
  h.uncompressed_page_size = -16;
  EXPECT_THAT(ReadError(BuildFile(Page(h, body), 2)), HasSubstr("negative page size"));
  h = DataPageV1(2, Encoding::kPlain, 16, 16);
  h.compressed_page_size = -1;
  EXPECT_THAT(ReadError(BuildFile(Page(h, body), 2)), HasSubstr("negative page size"));
}

TEST(ParquetBadInput, PageHeaderGarbage) {
  const std::string chunk(64, '\xff');
  EXPECT_THAT(ReadError(BuildFile(chunk, 2)), HasSubstr("malformed"));
}

TEST(ParquetBadInput, UnknownEncodingId) {
  const std::string body = Int64s({1, 2});
  const std::string file =
      BuildFile(Page(DataPageV1(2, static_cast<Encoding>(10), body.size(), body.size()), body), 2);
  EXPECT_THAT(ReadError(file), HasSubstr("encoding 10 is unknown"));
  // GROUP_VAR_INT (1): a valid id, long deprecated, not decodable.
  const std::string old =
      BuildFile(Page(DataPageV1(2, static_cast<Encoding>(1), body.size(), body.size()), body), 2);
  EXPECT_THAT(ReadError(old), HasSubstr("not supported"));
}

TEST(ParquetBadInput, EncodingThatDoesNotApplyToTheType) {
  const std::string body = Int64s({1, 2});
  const std::string file = BuildFile(Page(DataPageV1(2, Encoding::kRle, body.size(), body.size()), body), 2);
  EXPECT_THAT(ReadError(file), HasSubstr("RLE values are only defined for BOOLEAN"));
}

TEST(ParquetBadInput, UnsupportedCodec) {
  const std::string body = Int64s({1, 2});
  const std::string file = CompressedFile(Compression::kLzo, body, body.size(), 2);
  EXPECT_THAT(ReadError(file), HasSubstr("compression LZO is not supported"));
}

// ---- counts ---------------------------------------------------------------

TEST(ParquetBadInput, AbsurdRowCountInTheFooter) {
  const std::string chunk = PlainInt64Chunk({1, 2, 3});
  const int64_t huge = int64_t{1} << 40;
  // The row group claims 2^40 rows: refused before anything is allocated.
  const std::string file = BuildFile(chunk, 3, Compression::kUncompressed, [&](FileMetaData& md) {
    md.num_rows = huge;
    md.row_groups[0].num_rows = huge;
    md.row_groups[0].columns[0].meta_data->num_values = huge;
  });
  ExpectCheapFailure([&] { return ReadError(file); }, "claims 1099511627776 rows, beyond the reader's limit");
  // Only the file's total is absurd.
  const std::string total = BuildFile(chunk, 3, Compression::kUncompressed, [&](FileMetaData& md) { md.num_rows = huge; });
  EXPECT_THAT(ReadError(total), HasSubstr("row groups hold 3 rows, the file claims 1099511627776"));
  // Within the default limit, but far beyond what the pages hold.
  const std::string lying = BuildFile(chunk, 3, Compression::kUncompressed, [&](FileMetaData& md) {
    md.num_rows = 100000000;
    md.row_groups[0].num_rows = 100000000;
    md.row_groups[0].columns[0].meta_data->num_values = 100000000;
  });
  ExpectCheapFailure([&] { return ReadError(lying); }, "pages hold 3 values, the row group 100000000 rows");
}

TEST(ParquetBadInput, NegativeCounts) {
  const std::string chunk = PlainInt64Chunk({1, 2, 3});
  EXPECT_THAT(ReadError(BuildFile(chunk, 3, Compression::kUncompressed, [](FileMetaData& md) { md.num_rows = -3; })),
              HasSubstr("negative row count"));
  EXPECT_THAT(ReadError(BuildFile(chunk, 3, Compression::kUncompressed, [](FileMetaData& md) {
                md.num_rows = -5;
                md.row_groups[0].num_rows = -5;
              })),
              AnyOf(HasSubstr("negative row count"), HasSubstr("claims -5 rows")));
  EXPECT_THAT(ReadError(BuildFile(chunk, 3, Compression::kUncompressed,
                                  [](FileMetaData& md) { md.row_groups[0].columns[0].meta_data->num_values = -1; })),
              HasSubstr("chunk holds -1 values, the row group 3 rows"));
  EXPECT_THAT(ReadError(BuildFile(chunk, 3, Compression::kUncompressed,
                                  [](FileMetaData& md) { md.row_groups[0].columns[0].meta_data->total_compressed_size = -8; })),
              HasSubstr("chunk byte range lies outside the file"));
  EXPECT_THAT(ReadError(BuildFile(chunk, 3, Compression::kUncompressed,
                                  [](FileMetaData& md) { md.row_groups[0].columns[0].meta_data->data_page_offset = -100; })),
              HasSubstr("chunk byte range lies outside the file"));
  const std::string body = Int64s({1, 2, 3});
  EXPECT_THAT(ReadError(BuildFile(Page(DataPageV1(-3, Encoding::kPlain, body.size(), body.size()), body), 3)),
              HasSubstr("negative value count in a data page"));
  const std::string dict = Int64s({5});
  EXPECT_THAT(ReadError(BuildFile(Page(DictionaryPage(-1, dict.size(), dict.size()), dict) + PlainInt64Chunk({1, 2, 3}), 3)),
              HasSubstr("negative dictionary size"));
}

TEST(ParquetBadInput, PageClaimsMoreValuesThanTheRowGroup) {
  const std::string body = Int64s({1, 2, 3});
  const std::string file = BuildFile(Page(DataPageV1(1000000, Encoding::kPlain, body.size(), body.size()), body), 3);
  EXPECT_THAT(ReadError(file), HasSubstr("pages hold more values than the row group's 3 rows"));
}

TEST(ParquetBadInput, DictionaryClaimsMoreValuesThanItHolds) {
  const std::string dict = Int64s({5, 6});
  const std::string file =
      BuildFile(Page(DictionaryPage(INT32_MAX, dict.size(), dict.size()), dict) + PlainInt64Chunk({1}), 1);
  ExpectCheapFailure([&] { return ReadError(file); }, "truncated");
}

TEST(ParquetBadInput, ChunkOffsetsOutsideTheFile) {
  const std::string chunk = PlainInt64Chunk({1, 2, 3});
  EXPECT_THAT(ReadError(BuildFile(chunk, 3, Compression::kUncompressed,
                                  [](FileMetaData& md) { md.row_groups[0].columns[0].meta_data->data_page_offset = 1 << 30; })),
              HasSubstr("outside the file"));
  EXPECT_THAT(ReadError(BuildFile(chunk, 3, Compression::kUncompressed, [](FileMetaData& md) {
                md.row_groups[0].columns[0].meta_data->total_compressed_size = INT64_MAX;
              })),
              HasSubstr("outside the file"));
}

TEST(ParquetBadInput, RowGroupWithTooFewColumns) {
  const std::string chunk = PlainInt64Chunk({1, 2, 3});
  EXPECT_THAT(ReadError(BuildFile(chunk, 3, Compression::kUncompressed,
                                  [](FileMetaData& md) { md.row_groups[0].columns.clear(); })),
              HasSubstr("row group 0 has 0 columns, the schema 1"));
}

// ---- schema -------------------------------------------------------------

TEST(ParquetBadInput, NestedSchemaRejected) {
  // schema { group g { int64 x } }
  SchemaElement group;
  group.name = "g";
  group.num_children = 1;
  group.repetition = Repetition::kOptional;
  const std::string file = BuildFile(PlainInt64Chunk({1, 2, 3}), 3, Compression::kUncompressed, {},
                                     {Root(1), group, Leaf("x", PhysicalType::kInt64, Repetition::kRequired)});
  EXPECT_THAT(ReadError(file), HasSubstr("nested"));
  // A group leaf with no children at all.
  SchemaElement empty_group;
  empty_group.name = "e";
  const std::string empty = BuildFile(PlainInt64Chunk({1, 2, 3}), 3, Compression::kUncompressed, {},
                                      {Root(1), empty_group});
  EXPECT_THAT(ReadError(empty), HasSubstr("nested"));
}

TEST(ParquetBadInput, RepeatedColumnRejected) {
  const std::string file = BuildFile(PlainInt64Chunk({1, 2, 3}), 3, Compression::kUncompressed, {},
                                     {Root(1), Leaf("x", PhysicalType::kInt64, Repetition::kRepeated)});
  const std::string message = ReadError(file);
  EXPECT_THAT(message, HasSubstr("repeated"));
  EXPECT_THAT(message, HasSubstr("nested"));
}

TEST(ParquetBadInput, RootChildCountWrong) {
  const std::string file = BuildFile(PlainInt64Chunk({1, 2, 3}), 3, Compression::kUncompressed, {},
                                     {Root(5), Leaf("x", PhysicalType::kInt64, Repetition::kRequired)});
  EXPECT_THAT(ReadError(file), HasSubstr("nested"));
  const std::string negative = BuildFile(PlainInt64Chunk({1, 2, 3}), 3, Compression::kUncompressed, {},
                                         {Root(-1), Leaf("x", PhysicalType::kInt64, Repetition::kRequired)});
  EXPECT_THAT(ReadError(negative), HasSubstr("nested"));
}

TEST(ParquetBadInput, RootIsALeaf) {
  const std::string file = BuildFile(PlainInt64Chunk({1, 2, 3}), 3, Compression::kUncompressed, [](FileMetaData& md) {
    md.schema[0].type = PhysicalType::kInt64;
  });
  EXPECT_THAT(ReadError(file), HasSubstr("the root is not a group"));
}

TEST(ParquetBadInput, NoSchema) {
  const std::string file = BuildFile(PlainInt64Chunk({1, 2, 3}), 3, Compression::kUncompressed,
                                     [](FileMetaData& md) { md.schema.clear(); });
  EXPECT_THAT(ReadError(file), HasSubstr("no schema"));
}

TEST(ParquetBadInput, ChunkTypeDiffersFromSchema) {
  const std::string file = BuildFile(PlainInt64Chunk({1, 2, 3}), 3, Compression::kUncompressed, [](FileMetaData& md) {
    md.row_groups[0].columns[0].meta_data->type = PhysicalType::kDouble;
  });
  EXPECT_THAT(ReadError(file), HasSubstr("chunk type differs from the schema"));
}

TEST(ParquetBadInput, AbsurdFixedLength) {
  SchemaElement leaf = Leaf("f", PhysicalType::kFixedLenByteArray, Repetition::kRequired);
  leaf.type_length = INT32_MAX;
  const std::string body(16, 'a');
  const std::string file = BuildFile(Page(DataPageV1(2, Encoding::kPlain, body.size(), body.size()), body), 2,
                                     Compression::kUncompressed, {}, {Root(1), leaf});
  ExpectCheapFailure([&] { return ReadError(file); }, "truncated");
  leaf.type_length = -4;
  const std::string negative = BuildFile(Page(DataPageV1(2, Encoding::kPlain, body.size(), body.size()), body), 2,
                                         Compression::kUncompressed, {}, {Root(1), leaf});
  EXPECT_THAT(ReadError(negative), HasSubstr("FIXED_LEN_BYTE_ARRAY without a positive length"));
}

// ---- dictionaries ---------------------------------------------------------

TEST(ParquetBadInput, DictionaryIndexOutOfRange) {
  const std::string dict = Int64s({10, 20});
  std::string indices(1, '\x02');  // bit width 2
  const std::vector<uint32_t> values = {0, 1, 3, 0};
  EncodeRleBitPacked(values.data(), values.size(), 2, &indices);
  const std::string chunk = Page(DictionaryPage(2, dict.size(), dict.size()), dict) +
                            Page(DataPageV1(4, Encoding::kRleDictionary, indices.size(), indices.size()), indices);
  EXPECT_THAT(ReadError(BuildFile(chunk, 4)), HasSubstr("dictionary index 3 out of range"));
  // The same page with valid indices reads.
  std::string good(1, '\x02');
  const std::vector<uint32_t> in_range = {0, 1, 1, 0};
  EncodeRleBitPacked(in_range.data(), in_range.size(), 2, &good);
  const std::string good_chunk = Page(DictionaryPage(2, dict.size(), dict.size()), dict) +
                                 Page(DataPageV1(4, Encoding::kRleDictionary, good.size(), good.size()), good);
  EXPECT_EQ(ReadError(BuildFile(good_chunk, 4)), "");
}

TEST(ParquetBadInput, DictionaryIndexOutOfRangeInAStringColumn) {
  // OPTIONAL STRING, dictionary {"a"}, indices {0, 5}: the string storage
  // keeps dictionary codes, so a bad code would be read later by StringAt.
  SchemaElement leaf = Leaf("s", PhysicalType::kByteArray, Repetition::kOptional);
  leaf.converted_type = ConvertedType::kUtf8;
  std::string dict;
  const uint32_t one = 1;
  dict.append(reinterpret_cast<const char*>(&one), 4);
  dict += "a";
  std::string levels;
  const std::vector<uint32_t> defined = {1, 1};
  EncodeRleBitPacked(defined.data(), defined.size(), 1, &levels);
  std::string body;
  const auto levels_length = static_cast<uint32_t>(levels.size());
  body.append(reinterpret_cast<const char*>(&levels_length), 4);
  body += levels;
  body.push_back('\x03');
  const std::vector<uint32_t> codes = {0, 5};
  EncodeRleBitPacked(codes.data(), codes.size(), 3, &body);
  const std::string chunk = Page(DictionaryPage(1, dict.size(), dict.size()), dict) +
                            Page(DataPageV1(2, Encoding::kRleDictionary, body.size(), body.size()), body);
  EXPECT_THAT(ReadError(BuildFile(chunk, 2, Compression::kUncompressed, {}, {Root(1), leaf})),
              HasSubstr("dictionary index 5 out of range"));
}

// An empty dictionary, a dictionary-encoded page of nulls only (so no index
// bytes at all), then a PLAIN page. The null page must not look up any
// dictionary entry (there is none; stale indices from an earlier decode must
// not be reused), and moving the column from dictionary codes to plain
// strings must not look up the nulls' placeholder code 0 either.
TEST(ParquetBadInput, EmptyDictionaryThenNullsThenPlain) {
  SchemaElement leaf = Leaf("s", PhysicalType::kByteArray, Repetition::kOptional);
  leaf.converted_type = ConvertedType::kUtf8;
  const auto levels_page = [](const std::vector<uint32_t>& defined, std::string_view values) {
    std::string levels;
    EncodeRleBitPacked(defined.data(), defined.size(), 1, &levels);
    std::string body;
    const auto length = static_cast<uint32_t>(levels.size());
    body.append(reinterpret_cast<const char*>(&length), 4);
    body += levels;
    body.append(values);
    return body;
  };
  const std::string nulls = levels_page({0, 0}, "");
  const uint32_t one = 1;
  const std::string plain = levels_page({1}, std::string(reinterpret_cast<const char*>(&one), 4) + "a");
  const std::string chunk = Page(DictionaryPage(0, 0, 0), "") +
                            Page(DataPageV1(2, Encoding::kRleDictionary, nulls.size(), nulls.size()), nulls) +
                            Page(DataPageV1(1, Encoding::kPlain, plain.size(), plain.size()), plain);
  const std::string file = BuildFile(chunk, 3, Compression::kUncompressed, {}, {Root(1), leaf});
  const std::string message = ReadError(file);
  if (message.empty()) {
    const Table table = FileReader(MemoryFile(file)).ReadAll();
    ASSERT_EQ(table.num_rows(), 3u);
    EXPECT_TRUE(table.column(0).IsNull(0));
    EXPECT_TRUE(table.column(0).IsNull(1));
    EXPECT_EQ(table.column(0).StringAt(2), "a");
  }
}

TEST(ParquetBadInput, DictionaryPageMissing) {
  std::string indices(1, '\x01');
  const std::vector<uint32_t> values = {0, 1};
  EncodeRleBitPacked(values.data(), values.size(), 1, &indices);
  const std::string chunk = Page(DataPageV1(2, Encoding::kRleDictionary, indices.size(), indices.size()), indices);
  EXPECT_THAT(ReadError(BuildFile(chunk, 2)), HasSubstr("without a dictionary page"));
}

TEST(ParquetBadInput, DictionaryIndexBitWidthTooLarge) {
  const std::string dict = Int64s({10});
  const std::string indices = "\x40\x02\x00";
  const std::string chunk = Page(DictionaryPage(1, dict.size(), dict.size()), dict) +
                            Page(DataPageV1(1, Encoding::kRleDictionary, indices.size(), indices.size()), indices);
  EXPECT_THAT(ReadError(BuildFile(chunk, 1)), HasSubstr("dictionary index bit width 64"));
}

TEST(ParquetBadInput, SecondDictionaryPage) {
  const std::string dict = Int64s({10});
  const std::string page = Page(DictionaryPage(1, dict.size(), dict.size()), dict);
  EXPECT_THAT(ReadError(BuildFile(page + page + PlainInt64Chunk({1}), 1)), HasSubstr("second dictionary page"));
}

// ---- decompression bombs ----------------------------------------------------

// A page declaring 1000 bytes whose data inflates to 64 MiB: decoding stops
// at the declared size.
TEST(ParquetBadInput, GzipPageDecompressesToFarMoreThanDeclared) {
  const std::string bomb = GzipZeros(64u << 20);
  ASSERT_LT(bomb.size(), 1u << 20);
  const std::string file = CompressedFile(Compression::kGzip, bomb, 1000, 125);
  ExpectCheapFailure([&] { return ReadError(file); }, "GZIP page: decompresses to more than the page size");
}

TEST(ParquetBadInput, ZstdPageDecompressesToFarMoreThanDeclared) {
  const std::string bomb = ZstdZeros(64u << 20);
  ASSERT_LT(bomb.size(), 1u << 20);
  const std::string file = CompressedFile(Compression::kZstd, bomb, 1000, 125);
  ExpectCheapFailure([&] { return ReadError(file); }, "ZSTD page: decompresses to more than the page size");
}

TEST(ParquetBadInput, SnappyPageDecompressesToMoreThanDeclared) {
  // Snappy states its length up front: real data of 4000 bytes whose header
  // is rewritten to say 1000 (both varints are 2 bytes long).
  std::string compressed;
  Compress(Compression::kSnappy, 0, std::string(4000, 'z'), &compressed);
  ASSERT_EQ(compressed.substr(0, 2), Varint(4000));
  compressed.replace(0, 2, Varint(1000));
  const std::string file = CompressedFile(Compression::kSnappy, compressed, 1000, 125);
  ExpectCheapFailure([&] { return ReadError(file); }, "SNAPPY page: corrupt data");
  // Without the rewrite the stated length differs from the page's.
  std::string honest;
  Compress(Compression::kSnappy, 0, std::string(4000, 'z'), &honest);
  EXPECT_THAT(ReadError(CompressedFile(Compression::kSnappy, honest, 1000, 125)),
              HasSubstr("SNAPPY page: stated length differs from the page size"));
}

// Pages declaring 200 MB (within the default 256 MiB page limit) from a few
// bytes: refused before the 200 MB are allocated.
constexpr size_t kClaimed = 200u << 20;
constexpr int32_t kClaimedRows = static_cast<int32_t>(kClaimed / 8);

TEST(ParquetBadInput, SnappyDeclares200MBFromAFewBytes) {
  const std::string bomb = Varint(kClaimed) + std::string("\x10hello", 6);  // one 5-byte literal
  const std::string file = CompressedFile(Compression::kSnappy, bomb, kClaimed, kClaimedRows);
  ExpectCheapFailure([&] { return ReadError(file); }, "more than the codec can produce");
}

TEST(ParquetBadInput, GzipDeclares200MBFromAFewBytes) {
  std::string small;
  Compress(Compression::kGzip, 0, "hello", &small);
  const std::string file = BuildFile(Page(DataPageV1(kClaimedRows, Encoding::kPlain, kClaimed, small.size()), small),
                                     kClaimedRows, Compression::kGzip);
  ExpectCheapFailure([&] { return ReadError(file); }, "more than the codec can produce");
  // Not caught by the ratio check (1000 bytes could hold 1 MB of zeros),
  // but the output buffer only grows with what really comes out.
  const std::string kilobyte = GzipZeros(1000);
  const std::string file2 = BuildFile(
      Page(DataPageV1(kClaimedRows, Encoding::kPlain, kClaimed, kilobyte.size()), kilobyte), kClaimedRows,
      Compression::kGzip);
  ExpectCheapFailure([&] { return ReadError(file2); }, "GZIP page");
}

TEST(ParquetBadInput, ZstdDeclares200MBFromAFewBytes) {
  std::string small;
  Compress(Compression::kZstd, 0, "hello", &small);
  const std::string file = BuildFile(Page(DataPageV1(kClaimedRows, Encoding::kPlain, kClaimed, small.size()), small),
                                     kClaimedRows, Compression::kZstd);
  ExpectCheapFailure([&] { return ReadError(file); }, "ZSTD page: decompressed to 5 bytes, expected 209715200");
}

// A zstd frame whose header states a 200 MB content size but holds a single
// 5-byte raw block: the stated size must not be trusted for the allocation.
TEST(ParquetBadInput, ZstdFrameHeaderStates200MB) {
  std::string frame("\x28\xb5\x2f\xfd", 4);  // magic
  frame.push_back('\xa0');                    // 4-byte content size, single segment
  const auto size = static_cast<uint32_t>(kClaimed);
  frame.append(reinterpret_cast<const char*>(&size), 4);
  frame += std::string("\x29\x00\x00", 3);  // last block, raw, 5 bytes
  frame += "hello";
  const std::string file = BuildFile(Page(DataPageV1(kClaimedRows, Encoding::kPlain, kClaimed, frame.size()), frame),
                                     kClaimedRows, Compression::kZstd);
  ExpectCheapFailure([&] { return ReadError(file); }, "ZSTD page");
}

// Data page v2: the definition levels are outside the compressed part; a
// level length beyond the page is refused.
TEST(ParquetBadInput, DataPageV2LevelLengthBeyondThePage) {
  PageHeader h;
  h.type = PageType::kDataPageV2;
  const std::string body = Int64s({1, 2});
  h.uncompressed_page_size = static_cast<int32_t>(body.size());
  h.compressed_page_size = static_cast<int32_t>(body.size());
  h.data_page_header_v2 = DataPageHeaderV2{2, 0, 2, Encoding::kPlain, 1 << 30, 0, false, std::nullopt};
  EXPECT_THAT(ReadError(BuildFile(Page(h, body), 2)), HasSubstr("definition levels longer than the page"));
  h.data_page_header_v2 = DataPageHeaderV2{2, 0, 2, Encoding::kPlain, 0, 4, false, std::nullopt};
  EXPECT_THAT(ReadError(BuildFile(Page(h, body), 2)), HasSubstr("nested data is not supported"));
}

TEST(ParquetBadInput, DefinitionLevelLengthBeyondThePage) {
  std::string body;
  const uint32_t length = 0x7fffffff;
  body.append(reinterpret_cast<const char*>(&length), 4);
  body += Int64s({1});
  const std::string file =
      BuildFile(Page(DataPageV1(1, Encoding::kPlain, body.size(), body.size()), body), 1, Compression::kUncompressed, {},
                {Root(1), Leaf("x", PhysicalType::kInt64, Repetition::kOptional)});
  EXPECT_THAT(ReadError(file), HasSubstr("definition levels longer than the page"));
}

}  // namespace
}  // namespace pdex::parquet
