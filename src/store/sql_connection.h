#pragma once
// The small seam between SqlStore and a concrete database client.
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace pdex::store {

using SqlValue = std::variant<std::monostate, std::int64_t, double, std::string>;

// One result row. Accessors throw StoreError on a type mismatch.
class SqlRow {
 public:
  explicit SqlRow(std::vector<SqlValue> values) : values_(std::move(values)) {}
  bool IsNull(std::size_t i) const { return std::holds_alternative<std::monostate>(values_.at(i)); }
  std::int64_t Int(std::size_t i) const;
  int Int32(std::size_t i) const;
  std::optional<int> OptInt32(std::size_t i) const;
  double Real(std::size_t i) const;
  const std::string& Text(std::size_t i) const;

 private:
  std::vector<SqlValue> values_;
};

// A statement with $1, $2, ... placeholders. `name` identifies it for the
// per-connection prepared-statement cache, so both must have static storage.
struct Statement {
  std::string_view name;
  std::string_view sql;
};

// One database connection.
//
// Thread safety: none; a connection is used by one thread at a time (the
// ConnectionPool hands them out). Failure: throws StoreUnavailable when the
// connection is lost (the pool then drops it) and StoreError otherwise.
class SqlConnection {
 public:
  virtual ~SqlConnection() = default;
  virtual std::vector<SqlRow> Query(const Statement& stmt, std::span<const SqlValue> params) = 0;
  // Runs a script of statements without parameters (DDL).
  virtual void ExecuteScript(std::string_view sql) = 0;
  // Starts a write transaction that excludes other writers (across processes).
  virtual void BeginExclusive() = 0;
  virtual void Commit() = 0;
  virtual void Rollback() = 0;
};

}  // namespace pdex::store
