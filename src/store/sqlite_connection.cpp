#include "store/sqlite_connection.h"

#include <sqlite3.h>

#include <array>
#include <map>

#include "store/store.h"

namespace pdex::store {
namespace {

constexpr std::array<const char*, 16> kParamNames = {"$1",  "$2",  "$3",  "$4",  "$5",  "$6",
                                                      "$7",  "$8",  "$9",  "$10", "$11", "$12",
                                                      "$13", "$14", "$15", "$16"};

class SqliteConnection final : public SqlConnection {
 public:
  explicit SqliteConnection(const std::string& path) {
    const int rc = sqlite3_open_v2(path.c_str(), &db_,
                                   SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                                   nullptr);
    if (rc != SQLITE_OK) {
      const std::string msg = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
      sqlite3_close(db_);
      db_ = nullptr;
      throw StoreUnavailable("cannot open SQLite database " + path + ": " + msg);
    }
    sqlite3_busy_timeout(db_, 5000);
    try {
      ExecuteScript("PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;");
    } catch (const StoreError& e) {
      // The destructor does not run for a throwing constructor.
      sqlite3_close(db_);
      db_ = nullptr;
      throw StoreUnavailable("cannot use SQLite database " + path + ": " + e.what());
    }
  }

  ~SqliteConnection() override {
    for (auto& [name, stmt] : cache_) sqlite3_finalize(stmt);
    sqlite3_close(db_);
  }
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  std::vector<SqlRow> Query(const Statement& s, std::span<const SqlValue> params) override {
    sqlite3_stmt* stmt = Prepare(s);
    // Bind by name: SQLite numbers "$N" parameters in order of appearance.
    if (params.size() > kParamNames.size()) throw StoreError("too many parameters for " + std::string(s.name));
    for (std::size_t i = 0; i < params.size(); ++i) {
      const int index = sqlite3_bind_parameter_index(stmt, kParamNames[i]);
      if (index == 0) continue;  // not used by this statement
      Check(Bind(stmt, index, params[i]), s);
    }
    std::vector<SqlRow> rows;
    for (;;) {
      const int rc = sqlite3_step(stmt);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) {
        sqlite3_reset(stmt);
        Check(rc, s);
      }
      const int n = sqlite3_column_count(stmt);
      std::vector<SqlValue> values;
      values.reserve(static_cast<std::size_t>(n));
      for (int c = 0; c < n; ++c) values.push_back(Column(stmt, c));
      rows.emplace_back(std::move(values));
    }
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
    return rows;
  }

  void ExecuteScript(std::string_view sql) override {
    char* err = nullptr;
    const std::string script(sql);
    if (sqlite3_exec(db_, script.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
      const std::string msg = err ? err : "unknown error";
      sqlite3_free(err);
      throw StoreError("SQLite: " + msg);
    }
  }

  void BeginExclusive() override { ExecuteScript("BEGIN IMMEDIATE"); }
  void Commit() override { ExecuteScript("COMMIT"); }
  void Rollback() override {
    if (!sqlite3_get_autocommit(db_)) ExecuteScript("ROLLBACK");
  }

 private:
  sqlite3_stmt* Prepare(const Statement& s) {
    auto it = cache_.find(s.name.data());
    if (it != cache_.end()) return it->second;
    sqlite3_stmt* stmt = nullptr;
    Check(sqlite3_prepare_v3(db_, s.sql.data(), static_cast<int>(s.sql.size()),
                             SQLITE_PREPARE_PERSISTENT, &stmt, nullptr),
          s);
    cache_.emplace(s.name.data(), stmt);
    return stmt;
  }

  static int Bind(sqlite3_stmt* stmt, int index, const SqlValue& v) {
    if (const auto* i = std::get_if<std::int64_t>(&v)) return sqlite3_bind_int64(stmt, index, *i);
    if (const auto* d = std::get_if<double>(&v)) return sqlite3_bind_double(stmt, index, *d);
    if (const auto* s = std::get_if<std::string>(&v)) {
      return sqlite3_bind_text64(stmt, index, s->data(), s->size(), SQLITE_TRANSIENT, SQLITE_UTF8);
    }
    return sqlite3_bind_null(stmt, index);
  }

  static SqlValue Column(sqlite3_stmt* stmt, int c) {
    switch (sqlite3_column_type(stmt, c)) {
      case SQLITE_INTEGER: return static_cast<std::int64_t>(sqlite3_column_int64(stmt, c));
      case SQLITE_FLOAT: return sqlite3_column_double(stmt, c);
      case SQLITE_NULL: return {};
      default: {
        const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, c));
        return std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(stmt, c)));
      }
    }
  }

  void Check(int rc, const Statement& s) const {
    if (rc == SQLITE_OK) return;
    const std::string msg = "SQLite (" + std::string(s.name) + "): " + sqlite3_errmsg(db_);
    if (rc == SQLITE_BUSY || rc == SQLITE_CANTOPEN || rc == SQLITE_IOERR) throw StoreUnavailable(msg);
    throw StoreError(msg);
  }

  sqlite3* db_ = nullptr;
  std::map<const char*, sqlite3_stmt*> cache_;  // keyed by Statement::name's address
};

}  // namespace

std::unique_ptr<SqlConnection> OpenSqliteConnection(const std::string& path) {
  return std::make_unique<SqliteConnection>(path);
}

}  // namespace pdex::store
