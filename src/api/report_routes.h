// GET /reports/ and GET /reports/{file}: the drift reports of the embedded
// drift worker, served read-only from its reports directory (the full stack
// serves the same files through nginx on :8080).
#pragma once

#include <filesystem>
#include <optional>
#include <string_view>
#include <vector>

#include "api/route_spec.h"

namespace pdex::api {

// The file `name` names inside `dir`, when it is a plain report file name
// (letters, digits, '.', '-', '_'; no leading dot, so no "..", no
// separators) of a type the reports use (.html, .json, .parquet). nullopt
// otherwise; whether it exists is the caller's business.
std::optional<std::filesystem::path> ReportFilePath(const std::filesystem::path& dir, std::string_view name);

// The Content-Type a report file is served with.
std::string_view ReportContentType(const std::filesystem::path& file);

// Missing files answer 404 with a JSON detail (the drift worker writes an
// empty index.html when it starts).
std::vector<RouteSpec> ReportRoutes(std::filesystem::path dir);

}  // namespace pdex::api
