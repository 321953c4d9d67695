#include "battle/simulator.h"

#include <algorithm>

namespace pdex::battle {

using domain::Move;
using domain::MoveCategory;
using domain::MoveEffect;
using domain::Pokemon;

bool IsUsable(const Move& move) { return move.IsDamaging() && move.power.has_value() && *move.power > 0; }

double EffectivePower(const Move& move) {
  if (!IsUsable(move)) return 0;
  const auto power = static_cast<double>(*move.power);
  switch (move.effect) {
    case MoveEffect::kMultiHit: return power * 3;
    case MoveEffect::kDoubleDamage: return power * 2;
    case MoveEffect::kTwoTurn: return power / 2;
    default: return power;
  }
}

MoveEvaluation Evaluate(const Move& move, const Pokemon& attacker, const Pokemon& defender,
                        const domain::TypeChart& chart) {
  MoveEvaluation e;
  e.move = &move;
  e.effective_power = EffectivePower(move);
  const bool same_type = move.type.id == attacker.type1.id || (attacker.type2 && move.type.id == attacker.type2->id);
  e.stab = same_type ? 1.5 : 1.0;
  e.type_multiplier = chart.Multiplier(move.type.id, defender);
  // Moves that never miss count as 100% accurate.
  const double accuracy = static_cast<double>(move.accuracy.value_or(100)) / 100.0;
  e.score = e.effective_power * e.stab * e.type_multiplier * accuracy + 50.0 * move.priority;
  return e;
}

std::optional<MoveEvaluation> BestMove(const std::vector<const Move*>& moves, const Pokemon& attacker,
                                       const Pokemon& defender, const domain::TypeChart& chart) {
  std::optional<MoveEvaluation> best;
  for (const Move* move : moves) {
    if (!IsUsable(*move)) continue;
    const MoveEvaluation e = Evaluate(*move, attacker, defender, chart);
    if (!best || e.score > best->score || (e.score == best->score && move->id < best->move->id)) best = e;
  }
  return best;
}

double Damage(const MoveEvaluation& e, const Pokemon& attacker, const Pokemon& defender) {
  const bool physical = e.move->category == MoveCategory::kPhysical;
  const double attack = physical ? attacker.stats.attack : attacker.stats.sp_attack;
  const double defense = physical ? defender.stats.defense : defender.stats.sp_defense;
  const double base = ((2.0 * kLevel / 5 + 2) * e.effective_power * attack / defense) / 50 + 2;
  return base * e.stab * e.type_multiplier;
}

double TurnsToKo(double damage, const Pokemon& defender) {
  return static_cast<double>(defender.stats.hp) / std::max(damage, 0.1);
}

Outcome Simulate(const Pokemon& a, const MoveEvaluation& a_move, const Pokemon& b, const MoveEvaluation& b_move) {
  Outcome o;
  o.a_turns_to_ko = TurnsToKo(Damage(a_move, a, b), b);
  o.b_turns_to_ko = TurnsToKo(Damage(b_move, b, a), a);
  const int a_priority = a_move.move->priority;
  const int b_priority = b_move.move->priority;
  o.a_moves_first = a_priority != b_priority ? a_priority > b_priority : a.stats.speed >= b.stats.speed;
  o.a_wins = o.a_moves_first ? o.a_turns_to_ko <= o.b_turns_to_ko : o.a_turns_to_ko < o.b_turns_to_ko;
  return o;
}

}  // namespace pdex::battle
