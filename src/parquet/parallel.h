// Column-level parallelism for the reader and writer.
#pragma once

#include <cstddef>
#include <functional>

namespace pdex::parquet {

// Runs task(i) for every i in [0, count) on up to one thread per core, the
// caller's thread included, and returns when all are done. If tasks throw,
// the first exception is rethrown after the others finished.
void ParallelFor(size_t count, const std::function<void(size_t)>& task);

}  // namespace pdex::parquet
