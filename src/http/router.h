#pragma once
// Maps (method, path) to a handler through route templates like "/pokemon/{id}".
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "http/message.h"
#include "http/url.h"

namespace pdex::http {

using PathParams = std::map<std::string, std::string, std::less<>>;

// What a handler sees: the request, its decoded target and path parameters.
struct RouteContext {
  const Request& request;
  const Target& target;
  const PathParams& params;
  // Value of the first query parameter with this name.
  std::optional<std::string_view> Query(std::string_view name) const;
};

using Handler = std::function<Response(const RouteContext&)>;

// Thread safety: build it on one thread, then Find may run concurrently.
class Router {
 public:
  // `route_template` segments are literals or {name}; a trailing slash is
  // insignificant ("/pokemon/" also matches "/pokemon"). The template string
  // is what Match::route_template reports, e.g. for metrics labels.
  void Add(std::string method, std::string route_template, Handler handler);

  struct Match {
    enum class Kind { kFound, kNotFound, kMethodNotAllowed } kind = Kind::kNotFound;
    const Handler* handler = nullptr;
    std::string_view route_template;  // set for kFound and kMethodNotAllowed
    PathParams params;
    std::vector<std::string_view> allowed_methods;  // for kMethodNotAllowed
  };

  // Literal segments win over parameters, left to right.
  Match Find(std::string_view method, const std::vector<std::string>& segments) const;

 private:
  struct Route {
    std::string method;
    std::string route_template;
    std::vector<std::string> segments;  // "{name}" for parameters
    Handler handler;
  };
  static bool IsParam(const std::string& segment) {
    return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
  }
  std::vector<Route> routes_;
};

}  // namespace pdex::http
