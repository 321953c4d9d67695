// The two stores every store-backed integration test runs against.
#pragma once

#include <gtest/gtest.h>

#include <string>

namespace pdex::testing {

enum class Backend { kSqlite, kPostgres };

// Test-name suffix: "Sqlite" or "Postgres".
inline std::string BackendName(const ::testing::TestParamInfo<Backend>& p) {
  return p.param == Backend::kSqlite ? "Sqlite" : "Postgres";
}

inline auto BothBackends() { return ::testing::Values(Backend::kSqlite, Backend::kPostgres); }

}  // namespace pdex::testing
