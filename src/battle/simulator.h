// The deterministic battle simulator that labels the training set (rules in
// docs/model.md). Pure functions of the game data: no I/O, thread-safe.
#pragma once

#include <optional>
#include <vector>

#include "domain/model.h"

namespace pdex::battle {

inline constexpr int kLevel = 50;

// A move can be used in a simulated battle when it deals damage from a power.
bool IsUsable(const domain::Move& move);

// Base power adjusted for the move's effect: x3 multi-hit, x2 double damage,
// /2 two-turn moves.
double EffectivePower(const domain::Move& move);

// One usable move of an attacker against a defender.
struct MoveEvaluation {
  const domain::Move* move = nullptr;  // not owned; outlives the evaluation
  double effective_power = 0;
  double stab = 1;             // 1.5 when the move shares a type with the attacker
  double type_multiplier = 1;  // against the defender's one or two types
  // effective power x STAB x multiplier x accuracy/100 + 50 x priority
  double score = 0;
};

MoveEvaluation Evaluate(const domain::Move& move, const domain::Pokemon& attacker, const domain::Pokemon& defender,
                        const domain::TypeChart& chart);

// The highest-scoring usable move (ties: the lowest move id); nullopt when
// none of `moves` is usable.
std::optional<MoveEvaluation> BestMove(const std::vector<const domain::Move*>& moves, const domain::Pokemon& attacker,
                                       const domain::Pokemon& defender, const domain::TypeChart& chart);

// Damage at level 50 from base stats:
// ((2*50/5 + 2) * P * Atk/Def) / 50 + 2, times STAB and type multiplier.
double Damage(const MoveEvaluation& evaluation, const domain::Pokemon& attacker, const domain::Pokemon& defender);

// Defender HP / max(damage, 0.1).
double TurnsToKo(double damage, const domain::Pokemon& defender);

struct Outcome {
  bool a_moves_first = true;
  double a_turns_to_ko = 0;  // turns A needs to knock B out
  double b_turns_to_ko = 0;
  bool a_wins = false;
};

// A uses `a_move` against B's `b_move`. The side with the higher move
// priority acts first, then the faster, then A; the first to act wins when
// it needs no more turns than the other.
Outcome Simulate(const domain::Pokemon& a, const MoveEvaluation& a_move, const domain::Pokemon& b,
                 const MoveEvaluation& b_move);

}  // namespace pdex::battle
