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
#include "events/event_rows.h"
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

// What the Python program `script` prints as JSON, given a file holding
// `batch` as its argument; run by Debian's /usr/bin/python3.
nlohmann::json PythonRead(const std::string& script, const std::string& batch) {
  testing::TempDir dir;
  const auto batch_path = dir.path() / "batch.msgpack";
  const auto script_path = dir.path() / "read.py";
  std::ofstream(batch_path, std::ios::binary) << batch;
  std::ofstream(script_path) << script;
  return nlohmann::json::parse(Output("/usr/bin/python3 " + script_path.string() + " " + batch_path.string()));
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

  const nlohmann::json read = PythonRead(
      "import json, msgpack, sys\n"
      "b = msgpack.unpackb(open(sys.argv[1], 'rb').read(), raw=False, strict_map_key=True)\n"
      "print(json.dumps(b, ensure_ascii=False, allow_nan=False))\n",
      batch);
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

TEST(EventBatchInterop, PythonMsgpackAndNumpyReadOurRows) {
  const EventSchema schema{"v3 \xC3\xA9",
                           {"a_hp", "a_type1", "a_damage_share", "speed_diff"},
                           {{}, {"none", "Grass", "\xC3\x89lectrik"}, {}, {}}};
  const EventRowsWriter writer(schema);
  const auto t = std::chrono::system_clock::time_point(std::chrono::milliseconds(1'764'152'100'123LL));
  std::string rows;
  const std::array<FeatureValueView, 4> first{45.0, std::string_view("Grass"), 0.3125, -20.0};
  const std::array<FeatureValueView, 4> second{300.0, std::string_view("\xC3\x89lectrik"), 1e-300, 70000.0};
  std::array<unsigned char, kEventIdBytes> id{};
  for (std::size_t b = 0; b < id.size(); ++b) id[b] = static_cast<unsigned char>(0xf0 + b);
  writer.AppendRow(rows, EventView{t, first, 1, 0.875}, id);
  id.back() = 0x01;
  writer.AppendRow(rows, EventView{t - std::chrono::milliseconds(5), second, 0, 0.0}, id);
  std::string batch;
  writer.AppendBatch(batch, 2, rows);

  // The reader of docs/drift.md.
  const nlohmann::json read = PythonRead(
      "import json, msgpack, numpy as np, sys\n"
      "b = msgpack.unpackb(open(sys.argv[1], 'rb').read(), raw=False, strict_map_key=True)\n"
      "n = len(b['features'])\n"
      "rows = np.frombuffer(b['events'], dtype=[('id', 'V16'), ('ts', '<i8'), ('prediction', 'u1'),"
      " ('probability', '<f8'), ('values', '<f8', (n,))])\n"
      "events = [[bytes(r['id']).hex(), int(r['ts']), [l[int(v)] if l else float(v) for l, v in"
      " zip(b['labels'], r['values'])], int(r['prediction']), float(r['probability'])] for r in rows]\n"
      "print(json.dumps({'format': b['format'], 'model_version': b['model_version'], 'features': b['features'],"
      " 'labels': b['labels'], 'events': events}, ensure_ascii=False, allow_nan=False))\n",
      batch);
  const nlohmann::json expected = {
      {"format", "pdex-events/3"},
      {"model_version", "v3 \xC3\xA9"},
      {"features", {"a_hp", "a_type1", "a_damage_share", "speed_diff"}},
      {"labels", {nullptr, {"none", "Grass", "\xC3\x89lectrik"}, nullptr, nullptr}},
      {"events",
       {{"f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff", 1764152100123LL, {45.0, "Grass", 0.3125, -20.0}, 1, 0.875},
        {"f0f1f2f3f4f5f6f7f8f9fafbfcfdfe01", 1764152100118LL, {300.0, "\xC3\x89lectrik", 1e-300, 70000.0}, 0, 0.0}}},
  };
  EXPECT_EQ(read, expected) << read.dump();
}

}  // namespace
}  // namespace pdex::events
