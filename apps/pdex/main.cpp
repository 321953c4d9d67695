// pdex: the PredictionDex tool box.
#include <CLI/CLI.hpp>

#include <iostream>

#include "domain/game_data.h"
#include "store/open_store.h"

namespace {

int LoadData(const std::string& data_dir, const std::string& database_url, bool check_only) {
  const auto dir = data_dir.empty() ? pdex::domain::LocateDataDir() : std::filesystem::path(data_dir);
  const pdex::domain::GameData data = pdex::domain::LoadValidGameData(dir);
  std::cout << "data " << dir.string() << ": " << data.types.size() << " types, " << data.pokemon.size()
            << " Pokémon, " << data.moves.size() << " moves, " << data.learnsets.size()
            << " learnset entries (fingerprint " << data.Fingerprint() << ")\n";
  if (check_only) return 0;
  const auto store = pdex::store::OpenStore(database_url, 1);
  const int version = store->Migrate();
  const bool wrote = store->Load(data);
  std::cout << "schema version " << version << "; "
            << (wrote ? "data loaded" : "data already up to date, nothing written") << "\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"PredictionDex tool box"};
  app.require_subcommand(1);

  std::string data_dir;
  const char* env_url = std::getenv("DATABASE_URL");
  std::string database_url = env_url && *env_url ? env_url : pdex::store::kDefaultDatabaseUrl;
  bool check_only = false;
  auto* load = app.add_subcommand("load-data", "Load data/ into the database (idempotent)");
  load->add_option("--data-dir", data_dir, "Game data directory (default: $PDEX_DATA_DIR or ./data)");
  load->add_option("--database-url", database_url, "postgresql://... or sqlite://path (default: $DATABASE_URL)");
  load->add_flag("--check", check_only, "Only read and validate the data; write nothing");

  CLI11_PARSE(app, argc, argv);
  try {
    if (load->parsed()) return LoadData(data_dir, database_url, check_only);
  } catch (const std::exception& e) {
    std::cerr << "pdex: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
