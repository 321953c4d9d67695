#pragma once
// Picks the Store implementation from a DATABASE_URL.
#include <memory>
#include <string>

#include "store/store.h"

namespace pdex::store {

// "postgresql://..." or "postgres://..." opens PostgreSQL; "sqlite:///abs/path"
// or "sqlite://relative/path" opens an SQLite file (its directory is
// created). Connections are made lazily, so this succeeds even while the
// database is down. Throws StoreError on an unsupported URL.
std::unique_ptr<Store> OpenStore(const std::string& database_url, std::size_t pool_size);

// The embedded default when DATABASE_URL is not set.
inline constexpr const char* kDefaultDatabaseUrl = "sqlite://var/pdex.sqlite3";

}  // namespace pdex::store
