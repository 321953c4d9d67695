#include "api/service.h"

#include <random>

#include "api/errors.h"
#include "api/game_routes.h"
#include "api/predict_routes.h"
#include "metrics/exposition.h"
#include "metrics/process_collector.h"
#include "text/utf8.h"

namespace pdex::api {
namespace {

constexpr std::string_view kUnmatched = "unmatched";

// Bounded values for the method label.
std::string_view MethodLabel(std::string_view method) {
  for (const std::string_view known : {"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"}) {
    if (method == known) return known;
  }
  return "OTHER";
}

std::string_view ErrorType(int status) {
  switch (status) {
    case 400: return "bad_request";
    case 401: return "unauthorized";
    case 403: return "forbidden";
    case 404: return "not_found";
    case 405: return "method_not_allowed";
    case 413: return "payload_too_large";
    case 422: return "validation";
    case 431: return "headers_too_large";
    case 503: return "unavailable";
    default: return status >= 500 ? "internal" : "client";
  }
}

// A client-supplied X-Request-ID is kept when short and plain; otherwise a
// fresh random one is made.
std::string RequestId(const http::Request& request) {
  if (const auto given = request.Header("x-request-id"); given && !given->empty() && given->size() <= 64) {
    const bool plain = std::all_of(given->begin(), given->end(), [](char c) {
      return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
    });
    if (plain) return std::string(*given);
  }
  thread_local std::mt19937_64 rng{std::random_device{}()};
  static constexpr char kHex[] = "0123456789abcdef";
  std::uint64_t v = rng();
  std::string id(16, '0');
  for (char& c : id) c = kHex[v & 0xF], v >>= 4;
  return id;
}

http::Response ValidationResponse(const ValidationError& e) {
  nlohmann::json detail = nlohmann::json::array();
  for (const FieldError& f : e.errors()) {
    nlohmann::json loc = {f.location};
    if (!f.field.empty()) loc.push_back(f.field);
    detail.push_back({{"loc", loc}, {"msg", f.message}, {"type", f.type}});
  }
  http::Response r;
  r.status = 422;
  r.body = nlohmann::json{{"detail", detail}}.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return r;
}

// {"status": ...}; the statuses are constants, so no JSON is built.
http::Response JsonStatus(std::string_view status) {
  http::Response r;
  r.body.reserve(status.size() + 13);
  r.body.append("{\"status\":\"").append(status).append("\"}");
  return r;
}

}  // namespace

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  unsigned diff = a.size() == b.size() ? 0u : 1u;
  for (std::size_t i = 0; i < b.size(); ++i) {
    const unsigned ca = i < a.size() ? static_cast<unsigned char>(a[i]) : 0u;
    diff |= ca ^ static_cast<unsigned char>(b[i]);
  }
  return diff == 0;
}

ApiService::ApiService(store::Store& store, logging::Logger& logger, ServiceOptions options)
    : store_(store),
      logger_(logger),
      options_(std::move(options)),
      registry_(options_.registry ? options_.registry : std::make_shared<prometheus::Registry>()),
      http_metrics_(*registry_),
      metric_sources_{registry_, std::make_shared<metrics::ProcessCollector>()},
      data_version_(store, options_.data_version_check),
      predictions_without_database_(
          prometheus::BuildCounter()
              .Name("predictions_without_database_total")
              .Help("Prediction requests answered from the game data in memory while the database was unreachable.")
              .Register(*registry_)
              .Add({})) {
  std::vector<RouteSpec> routes = {
      {"GET", "/health", "service", "Liveness: the process answers", {}, false,
       [](const http::RouteContext&) { return JsonStatus("ok"); }},
      {"GET", "/ready", "service", "Readiness: the database answers and holds the game data", {}, false,
       [this](const http::RouteContext&) {
         if (!store_ready_.load()) throw ApiError(503, "database not ready");
         try {
           if (!store_.LoadedFingerprint()) throw ApiError(503, "database holds no game data");
         } catch (const store::StoreUnavailable&) {
           throw;
         } catch (const store::StoreError&) {
           throw ApiError(503, "database schema missing");
         }
         return JsonStatus("ready");
       }},
      {"GET", "/metrics", "service", "Prometheus metrics (text exposition format)", {}, false,
       [this](const http::RouteContext&) {
         http::Response r;
         r.body = metrics::RenderText(metric_sources_);
         r.content_type = metrics::kTextContentType;
         return r;
       }},
      {"GET", "/openapi.json", "service", "This API's OpenAPI 3 description", {}, false,
       [this](const http::RouteContext&) {
         http::Response r;
         r.body = openapi_;
         return r;
       }},
  };
  AddRoutes(std::move(routes));
  AddRoutes(GameRoutes(store_));
  if (options_.model != nullptr) {
    model_metrics_.emplace(*registry_, options_.model->version(), options_.model->trained_at());
    AddRoutes(PredictionRoutes(store_, *options_.model, *model_metrics_, [this] { return PredictionDataVersion(); },
                               options_.publisher));
  }
}

void ApiService::AddRoutes(std::vector<RouteSpec> routes) {
  for (RouteSpec& spec : routes) {
    http::Handler handler = spec.handler;
    if (spec.needs_api_key) {
      // Data routes: authenticate first, then refuse while the store is not
      // bootstrapped (its tables may not exist yet).
      handler = [this, inner = std::move(handler), cached = spec.cache_by_data_version](
                    const http::RouteContext& ctx) {
        CheckApiKey(ctx.request);
        if (!store_ready_.load()) throw ApiError(503, "database not ready");
        if (!cached) return inner(ctx);
        const std::string version = CurrentDataVersion();
        if (auto hit = cache_.Get(ctx.request.target, version)) return std::move(*hit);
        http::Response response = inner(ctx);
        // The data may have been reloaded while this response was computed:
        // keep it only if the version is still the one it was tagged with.
        if (response.status == 200 && store_.LoadedFingerprint() == version) {
          cache_.Put(ctx.request.target, version, response);
        }
        return response;
      };
    }
    router_.Add(spec.method, spec.path, std::move(handler));
    specs_.push_back(std::move(spec));
  }
  openapi_ = OpenApiDocument(specs_, options_.version);
}

std::string ApiService::PredictionDataVersion() {
  try {
    std::string version = CurrentDataVersion();
    // A load first: no write to the shared flag on every prediction.
    if (database_outage_logged_.load(std::memory_order_relaxed) && database_outage_logged_.exchange(false)) {
      logger_.Log(logging::Level::kInfo, "database reachable again; predictions use it again", {});
    }
    return version;
  } catch (const store::StoreUnavailable& e) {
    std::string last = data_version_.LastConfirmed();
    if (last.empty()) throw;
    predictions_without_database_.Increment();
    if (!database_outage_logged_.exchange(true)) {
      logger_.Log(logging::Level::kWarn, "database unreachable; predictions go on from the game data in memory",
                  {{"error", e.what()}, {"data_version", last}});
    }
    return last;
  }
}

std::string ApiService::CurrentDataVersion() {
  try {
    return data_version_.Current();
  } catch (const store::StoreUnavailable&) {
    throw;
  } catch (const store::StoreError& e) {
    // Schema or data missing (e.g. a database recreated empty): the
    // bootstrap loop reloads it; until then this is "not ready", not a 500.
    logger_.Log(logging::Level::kWarn, "game data missing", {{"error", e.what()}});
    throw ApiError(503, "database not ready");
  }
}

void ApiService::CheckApiKey(const http::Request& request) const {
  if (options_.api_keys.empty()) return;
  const auto key = request.Header("x-api-key");
  if (!key) throw ApiError(401, "missing API key: send it in the X-API-Key header");
  bool ok = false;  // no early exit: every key is compared
  for (const std::string& valid : options_.api_keys) ok |= ConstantTimeEquals(*key, valid);
  if (!ok) throw ApiError(403, "invalid API key");
}

http::Response ApiService::Dispatch(const http::Request& request, const http::Target& target,
                                    const http::Router::Match& match) {
  try {
    return (*match.handler)(http::RouteContext{request, target, match.params});
  } catch (const ApiError& e) {
    return http::ErrorResponse(e.status(), e.what());
  } catch (const ValidationError& e) {
    return ValidationResponse(e);
  } catch (const store::StoreUnavailable& e) {
    logger_.Log(logging::Level::kWarn, "database unavailable", {{"error", e.what()}});
    return http::ErrorResponse(503, "database unavailable");
  } catch (const std::exception& e) {
    logger_.Log(logging::Level::kError, "request failed", {{"error", e.what()}});
    return http::ErrorResponse(500, "internal error");
  }
}

http::Response ApiService::Handle(const http::Request& request) {
  const auto start = std::chrono::steady_clock::now();
  const std::string request_id = RequestId(request);
  http::Response response;
  std::string_view endpoint = kUnmatched;
  const auto target = http::ParseTarget(request.target);
  if (!target) {
    response = http::ErrorResponse(400, "malformed request target");
  } else {
    // HEAD is GET without a body (the server leaves the body out).
    const std::string_view method = request.method == "HEAD" ? std::string_view("GET") : request.method;
    const http::Router::Match match = router_.Find(method, target->segments);
    switch (match.kind) {
      case http::Router::Match::Kind::kFound:
        endpoint = match.route_template;
        response = Dispatch(request, *target, match);
        break;
      case http::Router::Match::Kind::kMethodNotAllowed: {
        endpoint = match.route_template;
        response = http::ErrorResponse(405, "Method Not Allowed");
        std::string allow;
        for (const auto m : match.allowed_methods) allow += (allow.empty() ? "" : ", ") + std::string(m);
        response.headers.emplace_back("Allow", allow);
        break;
      }
      case http::Router::Match::Kind::kNotFound:
        response = http::ErrorResponse(404, "Not Found");
        break;
    }
  }
  Finish(&request, endpoint, request_id, start, response);
  return response;
}

http::Response ApiService::Rejected(int status, std::string_view detail) {
  http::Response response = http::ErrorResponse(status, detail);
  Finish(nullptr, kUnmatched, RequestId(http::Request{}), std::chrono::steady_clock::now(), response);
  return response;
}

void ApiService::Finish(const http::Request* request, std::string_view endpoint,
                        const std::string& request_id, std::chrono::steady_clock::time_point start,
                        http::Response& response) {
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const std::string_view method = request ? MethodLabel(request->method) : "OTHER";
  http_metrics_.ObserveRequest(method, endpoint, response.status, seconds);
  if (response.status >= 400) http_metrics_.CountError(method, endpoint, ErrorType(response.status));
  response.headers.emplace_back("X-Request-ID", request_id);
  const auto level = response.status >= 500 ? logging::Level::kWarn : logging::Level::kInfo;
  if (logger_.Enabled(level)) {
    logger_.Log(level, "request",
                {{"request_id", request_id},
                 {"method", request ? request->method : std::string("-")},
                 {"path", request ? request->target.substr(0, 512) : std::string("-")},
                 {"route", endpoint},
                 {"status", response.status},
                 {"duration_ms", seconds * 1000}});
  }
}

}  // namespace pdex::api
