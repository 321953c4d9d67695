#pragma once
// SqlConnection over an embedded SQLite database file.
#include <memory>
#include <string>

#include "store/sql_connection.h"

namespace pdex::store {

// Opens (creating if needed) the SQLite database at `path`, in WAL mode so
// readers never block on a loading writer. Throws StoreUnavailable when the
// file cannot be opened.
std::unique_ptr<SqlConnection> OpenSqliteConnection(const std::string& path);

}  // namespace pdex::store
