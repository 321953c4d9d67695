// Small helpers shared by the Parquet unit tests.
#pragma once

#include <string>

#include "parquet/table.h"

namespace pdex::parquet::testing {

// The ParquetError message `f` throws, or "<no exception>".
template <typename F>
std::string ErrorOf(F&& f) {
  try {
    f();
  } catch (const ParquetError& e) {
    return e.what();
  }
  return "<no exception>";
}

}  // namespace pdex::parquet::testing
