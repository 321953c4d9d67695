#pragma once
// SqlConnection over PostgreSQL (libpqxx).
#include <memory>
#include <string>

#include "store/sql_connection.h"

namespace pdex::store {

// Connects to `url` (postgresql://user:pass@host:port/db?...). A connect
// timeout is added unless the URL sets one, so a dead server fails fast.
// Throws StoreUnavailable when the server cannot be reached.
std::unique_ptr<SqlConnection> OpenPostgresConnection(const std::string& url);

}  // namespace pdex::store
