#include "store/postgres_connection.h"

#include <pqxx/pqxx>

#include <optional>
#include <set>

#include "store/store.h"

namespace pdex::store {
namespace {

// PostgreSQL type OIDs we decode (from pg_type.h).
constexpr pqxx::oid kInt8 = 20, kInt2 = 21, kInt4 = 23, kFloat4 = 700, kFloat8 = 701,
                    kNumeric = 1700;

// Bounds every wait on the server unless the URL says otherwise: connect,
// a silent peer (TCP keepalives and user timeout), and a slow statement.
std::string WithTimeouts(std::string url) {
  const std::pair<const char*, const char*> defaults[] = {
      {"connect_timeout=", "3"},       {"keepalives_idle=", "5"},
      {"keepalives_interval=", "2"},   {"keepalives_count=", "2"},
      {"tcp_user_timeout=", "5000"},   {"options=", "-c%20statement_timeout%3D5000"}};
  for (const auto& [key, value] : defaults) {
    if (url.find(key) != std::string::npos) continue;
    url += (url.find('?') == std::string::npos ? "?" : "&");
    url += key;
    url += value;
  }
  return url;
}

class PostgresConnection final : public SqlConnection {
 public:
  explicit PostgresConnection(const std::string& url) try : conn_(WithTimeouts(url)) {
  } catch (const pqxx::broken_connection& e) {
    throw StoreUnavailable(std::string("cannot connect to PostgreSQL: ") + e.what());
  } catch (const std::exception& e) {
    throw StoreUnavailable(std::string("cannot connect to PostgreSQL: ") + e.what());
  }

  std::vector<SqlRow> Query(const Statement& s, std::span<const SqlValue> params) override {
    return Guard([&] {
      const std::string name(s.name);
      if (!prepared_.count(name)) {
        conn_.prepare(name, std::string(s.sql));
        prepared_.insert(name);
      }
      std::vector<std::string> storage(params.size());
      std::vector<const char*> args(params.size(), nullptr);
      for (std::size_t i = 0; i < params.size(); ++i) {
        if (const auto* v = std::get_if<std::int64_t>(&params[i])) storage[i] = std::to_string(*v);
        else if (const auto* d = std::get_if<double>(&params[i])) storage[i] = pqxx::to_string(*d);
        else if (const auto* t = std::get_if<std::string>(&params[i])) storage[i] = *t;
        else continue;  // NULL
        args[i] = storage[i].c_str();
      }
      const auto dynamic = pqxx::prepare::make_dynamic_params(args);
      const pqxx::result r = tx_ ? tx_->exec_prepared(name, dynamic)
                                 : pqxx::nontransaction(conn_).exec_prepared(name, dynamic);
      return Decode(r);
    });
  }

  void ExecuteScript(std::string_view sql) override {
    Guard([&] {
      if (tx_) {
        tx_->exec(std::string(sql));
      } else {
        pqxx::nontransaction(conn_).exec(std::string(sql));
      }
      return 0;
    });
  }

  void BeginExclusive() override {
    Guard([&] {
      tx_.emplace(conn_);
      // Serialises writers (migrations, loads) across processes.
      tx_->exec("SELECT pg_advisory_xact_lock(7272025)");
      return 0;
    });
  }

  void Commit() override {
    Guard([&] {
      tx_->commit();
      tx_.reset();
      return 0;
    });
  }

  void Rollback() override {
    if (!tx_) return;
    Guard([&] {
      tx_->abort();
      tx_.reset();
      return 0;
    });
  }

 private:
  // Maps libpqxx errors to ours; a failed transaction is dropped.
  template <typename Fn>
  auto Guard(Fn fn) -> decltype(fn()) {
    try {
      return fn();
    } catch (const pqxx::broken_connection& e) {
      tx_.reset();
      throw StoreUnavailable(std::string("PostgreSQL connection lost: ") + e.what());
    } catch (const pqxx::sql_error& e) {
      // Server shutting down (57P01..57P03) counts as unavailable.
      if (e.sqlstate().rfind("57P", 0) == 0 || e.sqlstate().rfind("08", 0) == 0) {
        tx_.reset();
        throw StoreUnavailable(std::string("PostgreSQL unavailable: ") + e.what());
      }
      throw StoreError(std::string("PostgreSQL: ") + e.what());
    } catch (const pqxx::failure& e) {
      throw StoreUnavailable(std::string("PostgreSQL: ") + e.what());
    }
  }

  static std::vector<SqlRow> Decode(const pqxx::result& r) {
    std::vector<SqlRow> rows;
    rows.reserve(r.size());
    const auto ncols = static_cast<std::size_t>(r.columns());
    std::vector<pqxx::oid> types(ncols);
    for (std::size_t c = 0; c < ncols; ++c) types[c] = r.column_type(static_cast<pqxx::row::size_type>(c));
    for (const auto& row : r) {
      std::vector<SqlValue> values;
      values.reserve(ncols);
      for (std::size_t c = 0; c < ncols; ++c) {
        const pqxx::field f = row[static_cast<pqxx::row::size_type>(c)];
        if (f.is_null()) {
          values.emplace_back();
        } else if (types[c] == kInt2 || types[c] == kInt4 || types[c] == kInt8) {
          values.emplace_back(f.as<std::int64_t>());
        } else if (types[c] == kFloat4 || types[c] == kFloat8 || types[c] == kNumeric) {
          values.emplace_back(f.as<double>());
        } else {
          values.emplace_back(std::string(f.c_str(), f.size()));
        }
      }
      rows.emplace_back(std::move(values));
    }
    return rows;
  }

  pqxx::connection conn_;
  std::optional<pqxx::work> tx_;
  std::set<std::string> prepared_;
};

}  // namespace

std::unique_ptr<SqlConnection> OpenPostgresConnection(const std::string& url) {
  return std::make_unique<PostgresConnection>(url);
}

}  // namespace pdex::store
