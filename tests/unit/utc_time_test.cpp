#include "text/utc_time.h"

#include <gtest/gtest.h>

namespace pdex::text {
namespace {

using std::chrono::milliseconds;
using std::chrono::system_clock;

TEST(FormatUtcTest, FormatsSecondsAndMilliseconds) {
  const system_clock::time_point t{milliseconds(1'795'689'613'123)};  // 2026-11-26T10:40:13.123Z
  EXPECT_EQ(FormatUtc(t), "2026-11-26T10:40:13Z");
  EXPECT_EQ(FormatUtc(t, true), "2026-11-26T10:40:13.123Z");
  EXPECT_EQ(FormatUtc(system_clock::time_point{}, true), "1970-01-01T00:00:00.000Z");
}

TEST(FormatUtcTest, InstantsBeforeTheEpochRoundDown) {
  EXPECT_EQ(FormatUtc(system_clock::time_point{milliseconds(-1)}, true), "1969-12-31T23:59:59.999Z");
}

}  // namespace
}  // namespace pdex::text
