#include "loadgen/runner.h"

#include <algorithm>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "loadgen/connection.h"

namespace pdex::loadgen {

Summary Run(const Schedule& schedule, BodyGenerator& bodies, const RunOptions& options) {
  using Clock = std::chrono::steady_clock;
  const auto host = Resolve(options.url);
  const std::string target = options.url.Target(kPredictPath);
  const std::size_t threads = std::max<std::size_t>(options.connections, 1);

  std::mutex mutex;       // guards next and bodies
  std::size_t next = 0;   // the next request to take
  std::vector<Tally> tallies(threads);
  const Clock::time_point start = Clock::now();

  const auto send = [&](Tally& tally) {
    Connection connection(host, options.url.HostHeader());
    for (;;) {
      std::string body;
      Clock::time_point due;
      {
        const std::lock_guard lock(mutex);
        if (next == schedule.size()) return;
        due = start + schedule.At(next++);
        body = bodies.Next();
      }
      if (Clock::now() - due > options.late_after) {
        tally.Late();
        continue;
      }
      std::this_thread::sleep_until(due);
      const PostResult result = connection.Post(target, std::move(body), options.api_key, options.timeout);
      if (result.status != 0) {
        tally.Answered(result.status, std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - due));
      } else {
        tally.Failed(result.error);
      }
    }
  };
  {
    std::vector<std::jthread> workers;
    workers.reserve(threads);
    for (Tally& tally : tallies) workers.emplace_back(send, std::ref(tally));
  }
  std::this_thread::sleep_until(start + schedule.duration());
  const auto elapsed = std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - start);

  Tally total;
  for (const Tally& tally : tallies) total.Merge(tally);
  return total.Summarize(elapsed, schedule.rate());
}

}  // namespace pdex::loadgen
