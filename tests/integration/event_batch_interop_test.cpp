// Our event batches read by an independent MessagePack implementation:
// Debian's python3-msgpack, under /usr/bin/python3. What a consumer written
// in another language sees must be exactly the events we wrote.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <array>
#include <cstdio>
#include <fstream>
#include <limits>
#include <string>

#include "events/event_batch.h"
#include "test_support.h"

namespace pdex::events {
namespace {

// Runs `command`, returning its standard output; fails the test on a non-zero exit.
std::string Output(const std::string& command) {
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) {
    ADD_FAILURE() << "cannot run " << command;
    return out;
  }
  char buffer[4096];
  for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) out.append(buffer, n);
  EXPECT_EQ(pclose(pipe), 0) << command << "\n" << out;
  return out;
}

TEST(EventBatchInterop, PythonMsgpackReadsWhatWeWrite) {
  const EventBatchWriter writer(EventSchema{"v3 \xC3\xA9", {"a_hp", "a_type1", "a_damage_share", "speed_diff"}});
  std::string packed;
  const std::array<FeatureValueView, 4> first{45.0, std::string_view("Grass"), 0.3125, -20.0};
  const std::array<FeatureValueView, 4> second{300.0, std::string_view("Électrik"), 1e-300, 70000.0};
  const auto t = std::chrono::system_clock::time_point(std::chrono::milliseconds(1'764'152'100'123LL));
  writer.AppendEvent(packed, EventView{t, first, 1, 0.875}, "id-1");
  const EventView second_view{t + std::chrono::milliseconds(5), second, 0, 0.0};
  writer.AppendEvent(packed, second_view, "id-2");
  // The third repeats the second's type and damage share: nil, for a reader
  // to take from the event before.
  const std::array<FeatureValueView, 4> third{301.0, std::string_view("Électrik"), 1e-300, -5.5};
  writer.AppendEvent(packed, EventView{t + std::chrono::milliseconds(6), third, 1, 0.5}, "id-3", &second_view);
  std::string batch;
  writer.AppendBatch(batch, 3, packed);

  testing::TempDir dir;
  const auto path = dir.path() / "batch.msgpack";
  std::ofstream(path, std::ios::binary) << batch;
  const std::string script =
      "import json, msgpack, sys; "
      "b = msgpack.unpackb(open(sys.argv[1], 'rb').read(), raw=False, strict_map_key=True); "
      "print(json.dumps(b, ensure_ascii=False, allow_nan=False))";
  const nlohmann::json read = nlohmann::json::parse(Output("/usr/bin/python3 -c \"" + script + "\" " + path.string()));
  const nlohmann::json expected = {
      {"format", "pdex-events/2"},
      {"model_version", "v3 \xC3\xA9"},
      {"features", {"a_hp", "a_type1", "a_damage_share", "speed_diff"}},
      {"events",
       {{"id-1", 1764152100123LL, {45, "Grass", 0.3125, -20}, 1, 0.875},
        {"id-2", 1764152100128LL, {300, "Électrik", 1e-300, 70000}, 0, 0},
        {"id-3", 1764152100129LL, {301, nullptr, nullptr, -5.5}, 1, 0.5}}},
  };
  EXPECT_EQ(read, expected) << read.dump();
  // Whole numbers travel as MessagePack ints, the others as floats.
  EXPECT_TRUE(read["events"][0][2][0].is_number_integer());
  EXPECT_TRUE(read["events"][0][2][2].is_number_float());
}

}  // namespace
}  // namespace pdex::events
