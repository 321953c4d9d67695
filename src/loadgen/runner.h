#pragma once
// pdex loadgen's run: an open-loop schedule of POST /predict/best-move
// requests over a few keep-alive connections.
#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>

#include "loadgen/body_generator.h"
#include "loadgen/http_url.h"
#include "loadgen/schedule.h"
#include "loadgen/tally.h"

namespace pdex::loadgen {

inline constexpr std::string_view kPredictPath = "/predict/best-move";

struct RunOptions {
  HttpUrl url;                                 // requests go to url.Target(kPredictPath)
  std::string api_key;                         // sent as X-API-Key when not empty
  std::size_t connections = 4;                 // threads, one keep-alive connection each; at least 1
  std::chrono::milliseconds timeout{5000};     // per request: connect, write and read
  std::chrono::milliseconds late_after{1000};  // a request due longer ago than this is skipped
};

// Sends the schedule's requests, request i with the i-th body of `bodies`
// (taken in order, so a seed gives the same bodies whatever the timing).
// Each connection's thread takes the next request, waits until it is due and
// sends it; when every connection is busy, requests wait, and those that
// could not start within late_after of their due time are counted late and
// not sent, so a slow server never faces more than `connections` requests
// at once. Latency runs from the due time to the end of the answer.
//
// Returns once every request is answered, failed or skipped, and not before
// the schedule's duration: at most duration + late_after + timeout after
// the start. Throws std::runtime_error when url.host cannot be resolved
// (before sending anything). `bodies` is used by one thread at a time.
Summary Run(const Schedule& schedule, BodyGenerator& bodies, const RunOptions& options);

}  // namespace pdex::loadgen
