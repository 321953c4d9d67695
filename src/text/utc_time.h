// UTC timestamps in ISO-8601, the one format our logs, metadata and
// database records use.
#pragma once

#include <chrono>
#include <string>

namespace pdex::text {

// "2026-11-26T10:20:13Z", or "2026-11-26T10:20:13.123Z" with milliseconds.
std::string FormatUtc(std::chrono::system_clock::time_point t, bool with_millis = false);

}  // namespace pdex::text
