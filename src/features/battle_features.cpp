#include "features/battle_features.h"

#include <algorithm>
#include <stdexcept>

namespace pdex::features {
namespace {

constexpr std::string_view kNone = "none";

// The move category features' indexes.
constexpr std::array<std::size_t, 2> kMoveCategories = [] {
  std::array<std::size_t, 2> found{};
  std::size_t n = 0;
  for (std::size_t i = 0; i < kFeatureCount; ++i) {
    if (kFeatures[i].name.ends_with("move_category")) found.at(n++) = i;
  }
  return found;
}();

// Writes features in kFeatures order; each call checks its name, so the
// table and the extraction cannot fall out of step unnoticed. Names are
// compared in pieces ("a" + "_" + "hp"), allocating nothing.
class Writer {
 public:
  explicit Writer(BattleFeatures& out) : out_(out) {}
  void Number(std::string_view name, double value) { Number('\0', name, value); }
  void Number(char side, std::string_view field, double value) {
    Check(side, field, Kind::kNumeric);
    out_.values[next_++] = value;
  }
  void Category(char side, std::string_view field, double code, std::string_view label) {
    Check(side, field, Kind::kCategorical);
    out_.values[next_] = code;
    out_.labels[next_++] = label;
  }
  void Stats(char side, const domain::Stats& s);
  void Types(char side, const domain::Pokemon& p);
  void Move(char side, const battle::MoveEvaluation& m);
  std::size_t written() const { return next_; }

 private:
  // `side` '\0' means the name is `field` alone.
  void Check(char side, std::string_view field, Kind kind) const {
    bool ok = next_ < kFeatureCount && kFeatures[next_].kind == kind;
    if (ok) {
      std::string_view name = kFeatures[next_].name;
      if (side != '\0') {
        ok = name.size() > 2 && name[0] == side && name[1] == '_';
        name.remove_prefix(2);
      }
      ok = ok && name == field;
    }
    if (!ok) throw std::logic_error("feature table and extraction disagree at " + std::string(field));
  }
  BattleFeatures& out_;
  std::size_t next_ = 0;
};

void Writer::Stats(char side, const domain::Stats& s) {
  Number(side, "hp", s.hp);
  Number(side, "attack", s.attack);
  Number(side, "defense", s.defense);
  Number(side, "sp_attack", s.sp_attack);
  Number(side, "sp_defense", s.sp_defense);
  Number(side, "speed", s.speed);
}

void Writer::Types(char side, const domain::Pokemon& p) {
  Category(side, "type1", TypeCode(p.type1), p.type1.name_en);
  Category(side, "type2", TypeCode(p.type2), p.type2 ? std::string_view(p.type2->name_en) : kNone);
}

void Writer::Move(char side, const battle::MoveEvaluation& m) {
  Category(side, "move_type", TypeCode(m.move->type), m.move->type.name_en);
  Category(side, "move_category", CategoryCode(m.move->category), domain::ToString(m.move->category));
  Number(side, "move_power", m.move->power.value_or(0));
  Number(side, "move_effective_power", m.effective_power);
  Number(side, "move_accuracy", m.move->accuracy.value_or(100));
  Number(side, "move_priority", m.move->priority);
  Number(side, "move_stab", m.stab);
  Number(side, "move_type_multiplier", m.type_multiplier);
}

}  // namespace

std::size_t IndexOf(std::string_view name) {
  const auto it = std::find_if(kFeatures.begin(), kFeatures.end(), [&](const FeatureSpec& f) { return f.name == name; });
  return static_cast<std::size_t>(it - kFeatures.begin());
}

double TypeCode(const std::optional<domain::Type>& type) { return type ? type->id : 0; }

double CategoryCode(domain::MoveCategory category) { return static_cast<double>(category); }

std::vector<std::vector<std::string>> FeatureLabels(const std::vector<domain::Type>& types) {
  std::vector<std::string> type_labels{std::string(kNone)};
  for (const domain::Type& type : types) {
    if (type.id < 1 || type.id > 255) throw std::invalid_argument("type id " + std::to_string(type.id) + " outside 1..255");
    const auto id = static_cast<std::size_t>(type.id);
    if (id >= type_labels.size()) type_labels.resize(id + 1);
    if (!type_labels[id].empty()) throw std::invalid_argument("type id " + std::to_string(type.id) + " given twice");
    type_labels[id] = type.name_en;
  }
  std::vector<std::string> category_labels;
  for (const auto category : {domain::MoveCategory::kPhysical, domain::MoveCategory::kSpecial,
                              domain::MoveCategory::kStatus}) {
    category_labels.emplace_back(domain::ToString(category));
  }
  std::vector<std::vector<std::string>> labels(kFeatureCount);
  for (std::size_t i = 0; i < kFeatureCount; ++i) {
    if (kFeatures[i].kind != Kind::kCategorical) continue;
    labels[i] = kFeatures[i].name.ends_with("move_category") ? category_labels : type_labels;
  }
  return labels;
}

BattleFeatures Extract(const domain::Pokemon& a, const battle::MoveEvaluation& a_move, const domain::Pokemon& b,
                       const battle::MoveEvaluation& b_move) {
  BattleFeatures out;
  Writer w(out);
  w.Stats('a', a.stats);
  w.Types('a', a);
  w.Stats('b', b.stats);
  w.Types('b', b);
  w.Move('a', a_move);
  w.Move('b', b_move);
  w.Number("speed_diff", a.stats.speed - b.stats.speed);
  w.Number("hp_diff", a.stats.hp - b.stats.hp);
  const double a_damage = battle::Damage(a_move, a, b);
  const double b_damage = battle::Damage(b_move, b, a);
  w.Number("a_damage", a_damage);
  w.Number("b_damage", b_damage);
  w.Number("a_damage_share", a_damage / b.stats.hp);
  w.Number("b_damage_share", b_damage / a.stats.hp);
  if (w.written() != kFeatureCount) throw std::logic_error("feature extraction left features unset");
  return out;
}

ModelRow ModelInput(const BattleFeatures& features) {
  static constexpr double kStatus = static_cast<double>(domain::MoveCategory::kStatus);
  ModelRow row;
  for (std::size_t i = 0; i < kFeatureCount; ++i) row[i] = static_cast<float>(features.values[i]);
  for (const std::size_t i : kMoveCategories) {
    if (features.values[i] == kStatus) row[i] = static_cast<float>(CategoryCode(domain::MoveCategory::kPhysical));
  }
  return row;
}

}  // namespace pdex::features
