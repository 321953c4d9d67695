#include "store/sql_connection.h"

#include <limits>

#include "store/store.h"

namespace pdex::store {

std::int64_t SqlRow::Int(std::size_t i) const {
  if (const auto* v = std::get_if<std::int64_t>(&values_.at(i))) return *v;
  throw StoreError("column " + std::to_string(i) + " is not an integer");
}

int SqlRow::Int32(std::size_t i) const {
  const std::int64_t v = Int(i);
  if (v < std::numeric_limits<int>::min() || v > std::numeric_limits<int>::max()) {
    throw StoreError("column " + std::to_string(i) + " is out of int range");
  }
  return static_cast<int>(v);
}

std::optional<int> SqlRow::OptInt32(std::size_t i) const {
  if (IsNull(i)) return std::nullopt;
  return Int32(i);
}

double SqlRow::Real(std::size_t i) const {
  if (const auto* v = std::get_if<double>(&values_.at(i))) return *v;
  if (const auto* v = std::get_if<std::int64_t>(&values_.at(i))) return static_cast<double>(*v);
  throw StoreError("column " + std::to_string(i) + " is not a number");
}

const std::string& SqlRow::Text(std::size_t i) const {
  if (const auto* v = std::get_if<std::string>(&values_.at(i))) return *v;
  throw StoreError("column " + std::to_string(i) + " is not text");
}

}  // namespace pdex::store
