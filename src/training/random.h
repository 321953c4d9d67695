// A small seeded generator with the same sequence on every platform (the
// standard distributions are implementation-defined), so a data set is
// reproducible from its seed alone.
#pragma once

#include <cstdint>
#include <initializer_list>

namespace pdex::training {

// SplitMix64. Not thread-safe; cheap to create, one per task.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  // A seed derived from several values (seed, pair ids, a salt, ...).
  static std::uint64_t Mix(std::initializer_list<std::uint64_t> values) {
    std::uint64_t h = 0x243f6a8885a308d3ULL;
    for (const std::uint64_t v : values) h = Rng(h ^ v).Next();
    return h;
  }

  std::uint64_t Next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // Uniform in [0, n), n > 0, without modulo bias.
  std::uint64_t Below(std::uint64_t n) {
    const std::uint64_t limit = -n % n;  // 2^64 mod n: values below it are rejected
    for (;;) {
      const std::uint64_t x = Next();
      if (x >= limit) return x % n;
    }
  }
  // Uniform in [0, 1).
  double Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }

 private:
  std::uint64_t state_;
};

}  // namespace pdex::training
