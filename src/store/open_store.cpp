#include "store/open_store.h"

#include <filesystem>

#include "store/postgres_connection.h"
#include "store/sql_store.h"
#include "store/sqlite_connection.h"

namespace pdex::store {

std::unique_ptr<Store> OpenStore(const std::string& url, std::size_t pool_size) {
  if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0) {
    return std::make_unique<SqlStore>([url] { return OpenPostgresConnection(url); }, pool_size);
  }
  if (url.rfind("sqlite://", 0) == 0) {
    const std::filesystem::path path = url.substr(std::string_view("sqlite://").size());
    if (path.empty()) throw StoreError("DATABASE_URL: sqlite:// needs a file path");
    if (path.has_parent_path()) {
      std::error_code ec;
      std::filesystem::create_directories(path.parent_path(), ec);
      if (ec) throw StoreError("cannot create " + path.parent_path().string() + ": " + ec.message());
    }
    return std::make_unique<SqlStore>([path] { return OpenSqliteConnection(path.string()); },
                                      pool_size);
  }
  throw StoreError("DATABASE_URL must start with postgresql://, postgres:// or sqlite:// (got '" +
                   url.substr(0, url.find(':')) + ":...')");
}

}  // namespace pdex::store
