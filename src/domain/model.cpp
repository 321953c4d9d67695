#include "domain/model.h"

namespace pdex::domain {
namespace {

template <typename Enum, std::size_t N>
std::optional<Enum> ParseName(std::string_view s, const std::array<std::string_view, N>& names) {
  for (std::size_t i = 0; i < N; ++i) {
    if (names[i] == s) return static_cast<Enum>(i);
  }
  return std::nullopt;
}

constexpr std::array<std::string_view, 4> kForms = {"base", "mega", "alola", "partner"};
constexpr std::array<std::string_view, 3> kCategories = {"physical", "special", "status"};
constexpr std::array<std::string_view, 12> kEffects = {
    "plain", "multi_hit", "double_damage", "two_turn", "recharge", "recoil",
    "drain", "self_ko", "fixed_damage", "ohko", "counter", "status"};
constexpr std::array<std::string_view, 4> kMethods = {"level", "tm", "tutor", "pre_evolution"};

}  // namespace

std::string_view ToString(Form f) { return kForms.at(static_cast<std::size_t>(f)); }
std::string_view ToString(MoveCategory c) { return kCategories.at(static_cast<std::size_t>(c)); }
std::string_view ToString(MoveEffect e) { return kEffects.at(static_cast<std::size_t>(e)); }
std::string_view ToString(LearnMethod m) { return kMethods.at(static_cast<std::size_t>(m)); }
std::optional<Form> ParseForm(std::string_view s) { return ParseName<Form>(s, kForms); }
std::optional<MoveCategory> ParseMoveCategory(std::string_view s) {
  return ParseName<MoveCategory>(s, kCategories);
}
std::optional<MoveEffect> ParseMoveEffect(std::string_view s) {
  return ParseName<MoveEffect>(s, kEffects);
}
std::optional<LearnMethod> ParseLearnMethod(std::string_view s) {
  return ParseName<LearnMethod>(s, kMethods);
}

double TypeChart::Multiplier(int attacking_id, const Pokemon& defender) const {
  double m = Multiplier(attacking_id, defender.type1.id);
  if (defender.type2) m *= Multiplier(attacking_id, defender.type2->id);
  return m;
}

std::vector<TypeMatchup> DefensiveMatchups(const TypeChart& chart, const std::vector<Type>& types,
                                           const Pokemon& defender) {
  std::vector<TypeMatchup> out;
  out.reserve(types.size());
  for (const Type& t : types) out.push_back({t, chart.Multiplier(t.id, defender)});
  return out;
}

}  // namespace pdex::domain
