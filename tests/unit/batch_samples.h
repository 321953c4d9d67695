// What the batch formats' tests share (event_batch_test, event_rows_test):
// the sample event under another id, a decoded batch's events, pieces of
// hand-made batches, and the checks that bad and damaged batches are
// refused and never crash the reader.
#pragma once

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "events/event_batch.h"
#include "unit/event_samples.h"

namespace pdex::events::samples {

// samples::SampleEvent, with this id.
inline PredictionEvent SampleEventWithId(const std::string& id) {
  PredictionEvent e = SampleEvent();
  e.event_id = id;
  return e;
}

// Event i of a decoded batch, which must be an event (not a refusal).
inline const PredictionEvent& EventAt(const DecodedBatch& batch, std::size_t i) {
  return std::get<PredictionEvent>(batch.events.at(i));
}

// MessagePack pieces for hand-made batches: a fixstr, and a one-byte
// container header (`base` 0x80 map, 0x90 array) of n up to 15.
inline std::string Str(std::string_view s) {
  return std::string(1, static_cast<char>(0xa0 | s.size())) + std::string(s);
}
inline std::string Fix(unsigned base, std::size_t n) { return std::string(1, static_cast<char>(base | n)); }

// Each of `batches` is refused whole, as bad_batch.
inline void ExpectRefusedWhole(const std::vector<std::string>& batches) {
  for (const std::string& batch : batches) {
    const DecodedBatch decoded = DecodeEventBatch(batch);
    ASSERT_TRUE(decoded.failure.has_value()) << batch.size();
    EXPECT_EQ(decoded.failure->reason, DecodeFailureReason::kBadBatch);
    EXPECT_TRUE(decoded.events.empty());
  }
}

// Every truncation of `batch` is refused whole; of 20,000 copies with one to
// four random bytes changed (drawn from `seed`), each is either refused whole
// or read with a result per event, and EventBatchSize reads them all.
inline void ExpectDamagedBatchesNeverCrash(const std::string& batch, unsigned seed) {
  for (std::size_t n = 0; n < batch.size(); ++n) {
    const DecodedBatch decoded = DecodeEventBatch(batch.substr(0, n));
    EXPECT_TRUE(decoded.failure.has_value()) << n;
  }
  std::mt19937 random(seed);
  std::uniform_int_distribution<std::size_t> position(0, batch.size() - 1);
  std::uniform_int_distribution<int> byte(0, 255);
  for (int i = 0; i < 20'000; ++i) {
    std::string mutated = batch;
    for (int k = 0; k < 1 + i % 4; ++k) mutated[position(random)] = static_cast<char>(byte(random));
    const DecodedBatch decoded = DecodeEventBatch(mutated);
    if (decoded.failure) {
      EXPECT_TRUE(decoded.events.empty());
    } else {
      EXPECT_LE(decoded.events.size(), mutated.size());
    }
    (void)EventBatchSize(mutated);
  }
}

}  // namespace pdex::events::samples
