#pragma once
// Parsing and validating path and query parameters (422 on bad input).
#include <string>
#include <string_view>

#include "http/router.h"
#include "store/store.h"

namespace pdex::api {

struct IntRange {
  long long min;
  long long max;
};

// The path parameter `name` as an integer within `range`. Throws
// ValidationError naming ["path", name] otherwise.
int PathInt(const http::RouteContext& ctx, std::string_view name, IntRange range);
// A path parameter as text: valid UTF-8, 1..100 bytes.
std::string PathText(const http::RouteContext& ctx, std::string_view name);
// An optional integer query parameter with a default.
int QueryInt(const http::RouteContext& ctx, std::string_view name, int fallback, IntRange range);
// A required integer query parameter.
int RequiredQueryInt(const http::RouteContext& ctx, std::string_view name, IntRange range);
// A required text query parameter: present, valid UTF-8, 1..100 bytes.
std::string RequiredQueryText(const http::RouteContext& ctx, std::string_view name);
// "lang": "en" (default) or "fr".
store::Lang QueryLang(const http::RouteContext& ctx);

}  // namespace pdex::api
