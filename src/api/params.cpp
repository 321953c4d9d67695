#include "api/params.h"

#include <algorithm>

#include "api/errors.h"
#include "text/number.h"
#include "text/utf8.h"

namespace pdex::api {
namespace {

constexpr std::size_t kMaxTextBytes = 100;

[[noreturn]] void Invalid(std::string_view location, std::string_view name, std::string message,
                          std::string type) {
  throw ValidationError({{std::string(location), std::string(name), std::move(message), std::move(type)}});
}

int ParseInt(std::string_view location, std::string_view name, std::string_view text, IntRange range) {
  const std::optional<long long> parsed = text::ParseInteger(text);
  if (!parsed) Invalid(location, name, "Input should be a valid integer", "int_parsing");
  const long long v = *parsed;
  if (v < range.min) {
    Invalid(location, name, "Input should be greater than or equal to " + std::to_string(range.min),
            "greater_than_equal");
  }
  if (v > range.max) {
    Invalid(location, name, "Input should be less than or equal to " + std::to_string(range.max),
            "less_than_equal");
  }
  return static_cast<int>(v);
}

std::string CheckText(std::string_view location, std::string_view name, std::string_view text) {
  if (!text::IsValidUtf8(text)) Invalid(location, name, "Input should be valid UTF-8 text", "string_unicode");
  // Control characters (NUL above all, which PostgreSQL text cannot hold)
  // never belong in a name.
  if (std::any_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20; })) {
    Invalid(location, name, "Input should not contain control characters", "string_pattern_mismatch");
  }
  if (text.empty()) Invalid(location, name, "Input should have at least 1 character", "string_too_short");
  if (text.size() > kMaxTextBytes) {
    Invalid(location, name, "Input should have at most 100 bytes", "string_too_long");
  }
  return std::string(text);
}

std::string_view PathParam(const http::RouteContext& ctx, std::string_view name) {
  const auto it = ctx.params.find(name);
  return it == ctx.params.end() ? std::string_view() : std::string_view(it->second);
}

}  // namespace

int PathInt(const http::RouteContext& ctx, std::string_view name, IntRange range) {
  return ParseInt("path", name, PathParam(ctx, name), range);
}

std::string PathText(const http::RouteContext& ctx, std::string_view name) {
  return CheckText("path", name, PathParam(ctx, name));
}

int QueryInt(const http::RouteContext& ctx, std::string_view name, int fallback, IntRange range) {
  const auto v = ctx.Query(name);
  return v ? ParseInt("query", name, *v, range) : fallback;
}

int RequiredQueryInt(const http::RouteContext& ctx, std::string_view name, IntRange range) {
  const auto v = ctx.Query(name);
  if (!v) Invalid("query", name, "Field required", "missing");
  return ParseInt("query", name, *v, range);
}

std::string RequiredQueryText(const http::RouteContext& ctx, std::string_view name) {
  const auto v = ctx.Query(name);
  if (!v) Invalid("query", name, "Field required", "missing");
  return CheckText("query", name, *v);
}

store::Lang QueryLang(const http::RouteContext& ctx) {
  const auto v = ctx.Query("lang");
  if (!v || *v == "en") return store::Lang::kEn;
  if (*v == "fr") return store::Lang::kFr;
  Invalid("query", "lang", "Input should be 'en' or 'fr'", "enum");
}

}  // namespace pdex::api
