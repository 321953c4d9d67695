#pragma once
// SqlConnection over PostgreSQL (libpqxx).
#include <memory>
#include <string>

#include "store/sql_connection.h"

namespace pdex::store {

// Connects to `url` (postgresql://user:pass@host:port/db?...). Unless the URL
// sets them, a 3 s connect timeout, TCP keepalives with a 5 s user timeout and
// a 5 s statement timeout are added, so a dead or silent server fails fast.
// Throws StoreUnavailable when the server cannot be reached.
std::unique_ptr<SqlConnection> OpenPostgresConnection(const std::string& url);

}  // namespace pdex::store
