#include "parquet/compression.h"

#include <snappy.h>
#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <limits>
#include <memory>

#include "parquet/table.h"

namespace pdex::parquet {

namespace {

// A SNAPPY element of 3 input bytes yields at most 64 output bytes.
constexpr size_t kSnappyMaxRatio = 22;
// DEFLATE cannot expand beyond 1032:1.
constexpr size_t kDeflateMaxRatio = 1032;
constexpr size_t kInitialChunk = 64 << 10;

[[noreturn]] void Corrupt(Compression codec, const std::string& what) {
  throw ParquetError(std::string(CompressionName(codec)) + " page: " + what);
}

void CheckRatio(Compression codec, std::string_view input, size_t expected, size_t ratio) {
  if (expected / ratio > input.size() + 64) {
    Corrupt(codec, "claims " + std::to_string(expected) + " bytes from " + std::to_string(input.size()) +
                       " compressed bytes, more than the codec can produce");
  }
}

// First buffer size: no more than the page, and no more than a few times
// the input, whatever the page header claims.
size_t InitialSize(std::string_view input, size_t expected) {
  return std::min(expected, std::max(kInitialChunk, input.size() * 4));
}

// Next buffer size while the output grows towards `expected`.
size_t Grow(size_t current, size_t expected) { return std::min(expected, std::max(kInitialChunk, current * 2)); }

void Inflate(std::string_view input, size_t expected, std::string* out) {
  CheckRatio(Compression::kGzip, input, expected, kDeflateMaxRatio);
  z_stream z{};
  // 15 + 32: zlib or gzip header, detected.
  if (inflateInit2(&z, 15 + 32) != Z_OK) Corrupt(Compression::kGzip, "cannot initialise zlib");
  std::unique_ptr<z_stream, int (*)(z_stream*)> guard(&z, inflateEnd);
  out->resize(InitialSize(input, expected));
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(input.data()));
  z.avail_in = static_cast<uInt>(input.size());
  size_t produced = 0;
  for (;;) {
    z.next_out = reinterpret_cast<Bytef*>(out->data() + produced);
    z.avail_out = static_cast<uInt>(out->size() - produced);
    const int rc = inflate(&z, Z_NO_FLUSH);
    produced = out->size() - z.avail_out;
    if (rc == Z_STREAM_END) {
      // Concatenated gzip members are legal; continue with the next one.
      if (z.avail_in > 0 && produced < expected) {
        if (inflateReset(&z) != Z_OK) Corrupt(Compression::kGzip, "cannot reset zlib");
        continue;
      }
      break;
    }
    if (rc != Z_OK && rc != Z_BUF_ERROR) Corrupt(Compression::kGzip, z.msg ? z.msg : "corrupt data");
    if (z.avail_out == 0) {
      if (out->size() == expected) Corrupt(Compression::kGzip, "decompresses to more than the page size");
      out->resize(Grow(out->size(), expected));
    } else if (rc == Z_BUF_ERROR || z.avail_in == 0) {
      Corrupt(Compression::kGzip, "truncated data");
    }
  }
  if (produced != expected) {
    Corrupt(Compression::kGzip, "decompressed to " + std::to_string(produced) + " bytes, expected " +
                                    std::to_string(expected));
  }
  out->resize(produced);
}

void Unzstd(std::string_view input, size_t expected, std::string* out) {
  std::unique_ptr<ZSTD_DCtx, size_t (*)(ZSTD_DCtx*)> ctx(ZSTD_createDCtx(), ZSTD_freeDCtx);
  if (!ctx) Corrupt(Compression::kZstd, "cannot allocate a context");
  // The window zstd reserves follows the frame header: cap it near the page
  // size so a lying header cannot reserve much memory either.
  int window_log = 10;
  while (window_log < 27 && (size_t{1} << window_log) < expected) ++window_log;
  ZSTD_DCtx_setParameter(ctx.get(), ZSTD_d_windowLogMax, std::max(window_log, 23));
  out->resize(InitialSize(input, expected));
  ZSTD_inBuffer in{input.data(), input.size(), 0};
  size_t produced = 0;
  for (;;) {
    if (produced == out->size() && out->size() < expected) out->resize(Grow(out->size(), expected));
    // With the buffer full at the expected size, a one-byte probe tells
    // whether the data would go on.
    char probe;
    const bool full = produced == out->size();
    ZSTD_outBuffer o = full ? ZSTD_outBuffer{&probe, 1, 0} : ZSTD_outBuffer{out->data(), out->size(), produced};
    const size_t consumed_before = in.pos;
    const size_t rc = ZSTD_decompressStream(ctx.get(), &o, &in);
    if (ZSTD_isError(rc)) Corrupt(Compression::kZstd, ZSTD_getErrorName(rc));
    if (full && o.pos > 0) Corrupt(Compression::kZstd, "decompresses to more than the page size");
    const bool progress = (!full && o.pos != produced) || in.pos != consumed_before;
    if (!full) produced = o.pos;
    if (rc == 0 && in.pos == in.size) break;  // every frame complete
    if (!progress) Corrupt(Compression::kZstd, "truncated data");
  }
  if (produced != expected) {
    Corrupt(Compression::kZstd, "decompressed to " + std::to_string(produced) + " bytes, expected " +
                                    std::to_string(expected));
  }
  out->resize(produced);
}

}  // namespace

void Decompress(Compression codec, std::string_view input, size_t expected_size, std::string* out) {
  switch (codec) {
    case Compression::kUncompressed:
      if (input.size() != expected_size) Corrupt(codec, "size differs from the uncompressed page size");
      out->assign(input);
      return;
    case Compression::kSnappy: {
      size_t length = 0;
      if (!snappy::GetUncompressedLength(input.data(), input.size(), &length) || length != expected_size) {
        Corrupt(codec, "stated length differs from the page size");
      }
      CheckRatio(codec, input, expected_size, kSnappyMaxRatio);
      out->resize(expected_size);
      if (!snappy::RawUncompress(input.data(), input.size(), out->data())) Corrupt(codec, "corrupt data");
      return;
    }
    case Compression::kGzip: Inflate(input, expected_size, out); return;
    case Compression::kZstd: Unzstd(input, expected_size, out); return;
    default:
      throw ParquetError(std::string("compression ") + CompressionName(codec) + " is not supported");
  }
}

void Compress(Compression codec, int level, std::string_view input, std::string* out) {
  switch (codec) {
    case Compression::kUncompressed:
      out->assign(input);
      return;
    case Compression::kSnappy: {
      out->resize(snappy::MaxCompressedLength(input.size()));
      size_t length = 0;
      snappy::RawCompress(input.data(), input.size(), out->data(), &length);
      out->resize(length);
      return;
    }
    case Compression::kGzip: {
      z_stream z{};
      // 15 + 16: gzip wrapper, as Parquet's GZIP codec specifies.
      if (deflateInit2(&z, level == 0 ? 6 : level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
        throw ParquetError("GZIP: cannot initialise zlib");
      }
      std::unique_ptr<z_stream, int (*)(z_stream*)> guard(&z, deflateEnd);
      out->resize(deflateBound(&z, static_cast<uLong>(input.size())) + 32);
      z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(input.data()));
      z.avail_in = static_cast<uInt>(input.size());
      z.next_out = reinterpret_cast<Bytef*>(out->data());
      z.avail_out = static_cast<uInt>(out->size());
      if (deflate(&z, Z_FINISH) != Z_STREAM_END) throw ParquetError("GZIP: compression failed");
      out->resize(z.total_out);
      return;
    }
    case Compression::kZstd: {
      out->resize(ZSTD_compressBound(input.size()));
      const size_t rc = ZSTD_compress(out->data(), out->size(), input.data(), input.size(), level == 0 ? 3 : level);
      if (ZSTD_isError(rc)) throw ParquetError(std::string("ZSTD: ") + ZSTD_getErrorName(rc));
      out->resize(rc);
      return;
    }
    default:
      throw ParquetError(std::string("compression ") + CompressionName(codec) + " is not supported for writing");
  }
}

}  // namespace pdex::parquet
