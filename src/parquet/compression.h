// Page compression codecs: SNAPPY (raw), GZIP (RFC 1952), ZSTD, and none.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "parquet/metadata.h"

namespace pdex::parquet {

// Decompresses `input` into `*out`, which ends up exactly `expected_size`
// bytes. The buffer grows with the output really produced, and SNAPPY/GZIP
// sizes are checked against each codec's largest possible expansion first,
// so a lying header costs no memory. Throws ParquetError on corrupt input, a
// size mismatch, or an unsupported codec.
void Decompress(Compression codec, std::string_view input, size_t expected_size, std::string* out);

// Replaces `*out` with the compressed `input`. `level` 0 = codec default.
void Compress(Compression codec, int level, std::string_view input, std::string* out);

}  // namespace pdex::parquet
