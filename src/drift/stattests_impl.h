// The individual tests behind the registry in stattest.h, each defined with
// its Evidently name, display name, default threshold and verdict rule.
// Internal to the drift component: callers use FindStatTest/DefaultStatTest.
//
// Every `run` takes the reference and current samples (same kind) and the
// threshold, and returns the score and verdict exactly as Evidently computes
// them with SciPy. An empty sample on either side gives {NaN, false}. It
// throws StatTestError when the test does not apply to the column kind or
// the data.
#pragma once

#include "drift/stattest.h"

namespace pdex::drift::tests {

// p-value tests on numbers (pvalue_tests.cpp).
extern const StatTest kKs;
extern const StatTest kTTest;
extern const StatTest kMannWhitney;
extern const StatTest kCramerVonMises;
extern const StatTest kAndersonDarling;

// Frequency tests on per-value counts, of numbers or categories
// (frequency_tests.cpp).
extern const StatTest kChiSquare;
extern const StatTest kZ;
extern const StatTest kGTest;
extern const StatTest kFisherExact;

// Distances (distance_tests.cpp).
extern const StatTest kWasserstein;
extern const StatTest kEnergyDistance;
extern const StatTest kJensenShannon;
extern const StatTest kPsi;
extern const StatTest kKlDivergence;
extern const StatTest kHellinger;

}  // namespace pdex::drift::tests
