#pragma once
// Store over any SqlConnection: the queries, migrations and loader shared by
// the SQLite and PostgreSQL back ends.
#include <functional>

#include "store/connection_pool.h"
#include "store/store.h"

namespace pdex::store {

// Thread safety: thread-safe (each call leases its own connection).
class SqlStore final : public Store {
 public:
  explicit SqlStore(ConnectionPool::Factory factory, std::size_t pool_size = 8,
                    ConnectionPool::Clock::duration reconnect_backoff = std::chrono::milliseconds(500));

  void Ping() override;
  int Migrate() override;
  bool Load(const domain::GameData& data) override;
  std::optional<std::string> LoadedFingerprint() override;

  int CountPokemon() override;
  std::vector<domain::Pokemon> ListPokemon(int limit, int offset) override;
  std::vector<domain::Pokemon> SearchPokemon(std::string_view query, Lang lang) override;
  std::optional<domain::Pokemon> GetPokemon(int id) override;
  std::vector<domain::PokemonMove> PokemonMoves(int pokemon_id) override;
  std::vector<domain::Pokemon> PokemonOfType(int type_id) override;

  int CountMoves() override;
  std::vector<domain::Move> ListMoves(int limit, int offset) override;
  std::vector<domain::Move> SearchMoves(std::string_view query) override;
  std::vector<domain::Move> MovesOfType(int type_id) override;
  std::optional<domain::Move> GetMove(int id) override;

  std::vector<domain::Type> ListTypes() override;
  std::optional<domain::Type> GetType(int id) override;
  std::optional<domain::Type> FindTypeByName(std::string_view name) override;
  std::optional<double> Effectiveness(int attacking_type_id, int defending_type_id) override;
  domain::TypeChart Chart() override;

 private:
  std::vector<SqlRow> Query(const Statement& stmt, std::vector<SqlValue> params = {});
  // Runs `fn` inside an exclusive write transaction on one connection.
  void InTransaction(const std::function<void(SqlConnection&)>& fn);

  ConnectionPool pool_;
};

}  // namespace pdex::store
