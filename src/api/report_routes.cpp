#include "api/report_routes.h"

#include <fstream>
#include <sstream>

#include "api/errors.h"

namespace pdex::api {

namespace {

bool IsNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' ||
         c == '_';
}

http::Response ServeFile(const std::filesystem::path& dir, std::string_view name) {
  const auto path = ReportFilePath(dir, name);
  if (!path) throw ApiError(404, "no such report file");
  std::ifstream in(*path, std::ios::binary);
  if (!in) throw ApiError(404, name == "index.html" ? "no drift report yet" : "no such report file");
  std::ostringstream content;
  content << in.rdbuf();
  http::Response response;
  response.body = std::move(content).str();
  response.content_type = std::string(ReportContentType(*path));
  // Reports are rewritten (index.html, latest.json) or deleted by retention.
  response.headers.push_back({"Cache-Control", "no-cache"});
  return response;
}

}  // namespace

std::optional<std::filesystem::path> ReportFilePath(const std::filesystem::path& dir, std::string_view name) {
  if (name.empty() || name.front() == '.' || name.size() > 255) return std::nullopt;
  for (char c : name) {
    if (!IsNameChar(c)) return std::nullopt;
  }
  const std::filesystem::path file(name);
  const auto extension = file.extension();
  if (extension != ".html" && extension != ".json" && extension != ".parquet") return std::nullopt;
  return dir / file;
}

std::string_view ReportContentType(const std::filesystem::path& file) {
  const auto extension = file.extension();
  if (extension == ".html") return "text/html; charset=utf-8";
  if (extension == ".json") return "application/json";
  return "application/vnd.apache.parquet";
}

std::vector<RouteSpec> ReportRoutes(std::filesystem::path dir) {
  RouteSpec index{"GET", "/reports/", "reports", "Drift reports, newest first (HTML)", {}, false,
                  [dir](const http::RouteContext&) { return ServeFile(dir, "index.html"); }};
  RouteSpec file{"GET", "/reports/{file}", "reports",
                 "One drift report file: drift_report_<UTC>.html/.json, predictions_<UTC>.parquet, latest.json",
                 {{"file", "path", "string", true, "File name as listed in the index"}}, false,
                 [dir](const http::RouteContext& ctx) { return ServeFile(dir, ctx.params.at("file")); }};
  return {std::move(index), std::move(file)};
}

}  // namespace pdex::api
