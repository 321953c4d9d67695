#pragma once
// The game's facts as plain values: types, Pokémon, moves and learnsets.
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pdex::domain {

inline constexpr int kTypeCount = 18;

struct Type {
  int id = 0;  // 1..18
  std::string name_en;
  std::string name_fr;
  friend bool operator==(const Type&, const Type&) = default;
};

enum class Form { kBase, kMega, kAlola, kPartner };
enum class MoveCategory { kPhysical, kSpecial, kStatus };
// What the battle simulator needs to know about how a move deals damage.
enum class MoveEffect {
  kPlain, kMultiHit, kDoubleDamage, kTwoTurn, kRecharge, kRecoil, kDrain,
  kSelfKo, kFixedDamage, kOhko, kCounter, kStatus
};
// kPreEvolution: known from a previous stage (Metapod keeps Caterpie's Tackle).
enum class LearnMethod { kLevel, kTm, kTutor, kPreEvolution };

std::string_view ToString(Form f);
std::string_view ToString(MoveCategory c);
std::string_view ToString(MoveEffect e);
std::string_view ToString(LearnMethod m);
// Parse the names ToString produces; std::nullopt for anything else.
std::optional<Form> ParseForm(std::string_view s);
std::optional<MoveCategory> ParseMoveCategory(std::string_view s);
std::optional<MoveEffect> ParseMoveEffect(std::string_view s);
std::optional<LearnMethod> ParseLearnMethod(std::string_view s);

struct Stats {
  int hp = 0, attack = 0, defense = 0, sp_attack = 0, sp_defense = 0, speed = 0;
  int Total() const { return hp + attack + defense + sp_attack + sp_defense + speed; }
  friend bool operator==(const Stats&, const Stats&) = default;
};

struct Pokemon {
  int id = 0;
  int dex = 0;  // national dex number of the species
  Form form = Form::kBase;
  std::string name_en;
  std::string name_fr;
  Type type1;
  std::optional<Type> type2;
  Stats stats;
  friend bool operator==(const Pokemon&, const Pokemon&) = default;
};

struct Move {
  int id = 0;
  std::string name_en;
  std::string name_fr;
  Type type;
  MoveCategory category = MoveCategory::kStatus;
  std::optional<int> power;     // absent for status, fixed-damage, OHKO, ...
  std::optional<int> accuracy;  // absent for moves that never miss
  int pp = 0;
  int priority = 0;
  MoveEffect effect = MoveEffect::kStatus;
  bool IsDamaging() const { return category != MoveCategory::kStatus; }
  friend bool operator==(const Move&, const Move&) = default;
};

struct LearnsetEntry {
  int pokemon_id = 0;
  int move_id = 0;
  LearnMethod method = LearnMethod::kLevel;
  std::optional<int> level;  // set for kLevel only
  friend bool operator==(const LearnsetEntry&, const LearnsetEntry&) = default;
};

struct Tm {
  int number = 0;
  int move_id = 0;
};

// The 18x18 effectiveness chart, indexed by type id.
class TypeChart {
 public:
  // Multiplier of an attacking type against one defending type (0, 0.5, 1, 2).
  double Multiplier(int attacking_id, int defending_id) const {
    return cells_.at(Index(attacking_id)).at(Index(defending_id));
  }
  // Product over the defender's one or two types.
  double Multiplier(int attacking_id, const Pokemon& defender) const;
  void Set(int attacking_id, int defending_id, double m) {
    cells_.at(Index(attacking_id)).at(Index(defending_id)) = m;
  }

 private:
  static std::size_t Index(int id) { return static_cast<std::size_t>(id - 1); }
  std::array<std::array<double, kTypeCount>, kTypeCount> cells_{};
};

// A move a Pokémon can learn, with how it learns it.
struct PokemonMove {
  Move move;
  LearnMethod method = LearnMethod::kLevel;
  std::optional<int> level;
};

// How every attacking type fares against one Pokémon.
struct TypeMatchup {
  Type attacking;
  double multiplier = 1;
};
std::vector<TypeMatchup> DefensiveMatchups(const TypeChart& chart, const std::vector<Type>& types,
                                           const Pokemon& defender);

}  // namespace pdex::domain
