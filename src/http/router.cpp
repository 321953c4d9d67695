#include "http/router.h"

#include <algorithm>
#include <cstdint>

namespace pdex::http {

std::optional<std::string_view> RouteContext::Query(std::string_view name) const {
  for (const auto& [key, value] : target.query) {
    if (key == name) return value;
  }
  return std::nullopt;
}

void Router::Add(std::string method, std::string route_template, Handler handler) {
  Route route{std::move(method), std::move(route_template), {}, std::move(handler)};
  const auto parsed = ParseTarget(route.route_template);
  route.segments = parsed ? parsed->segments : std::vector<std::string>{};
  routes_.push_back(std::move(route));
}

Router::Match Router::Find(std::string_view method, const std::vector<std::string>& segments) const {
  // Rank of a template for these segments: a bit per parameter, the first
  // segment most significant, so a lower rank has a literal earlier on.
  const Route* best = nullptr;
  std::uint64_t best_rank = 0;
  std::vector<std::string_view> allowed;
  std::string_view allowed_template;
  std::uint64_t allowed_rank = 0;
  if (segments.size() > 63) return {};
  for (const Route& r : routes_) {
    if (r.segments.size() != segments.size()) continue;
    std::uint64_t rank = 0;
    bool matches = true;
    for (std::size_t i = 0; i < segments.size() && matches; ++i) {
      const bool param = IsParam(r.segments[i]);
      rank = (rank << 1) | (param ? 1u : 0u);
      matches = param || r.segments[i] == segments[i];
    }
    if (!matches) continue;
    if (r.method == method) {
      if (best == nullptr || rank < best_rank) best = &r, best_rank = rank;
    } else if (allowed.empty() || rank <= allowed_rank) {
      if (!allowed.empty() && rank < allowed_rank) allowed.clear();
      allowed.push_back(r.method);
      allowed_template = r.route_template;
      allowed_rank = rank;
    }
  }
  Match m;
  // A more specific template for another method means this path is that
  // route, answered 405 (e.g. POST /pokemon/search is not /pokemon/{id}).
  if (best != nullptr && (allowed.empty() || best_rank <= allowed_rank)) {
    m.kind = Match::Kind::kFound;
    m.handler = &best->handler;
    m.route_template = best->route_template;
    for (std::size_t i = 0; i < segments.size(); ++i) {
      if (IsParam(best->segments[i])) {
        const std::string& s = best->segments[i];
        m.params.emplace(s.substr(1, s.size() - 2), segments[i]);
      }
    }
  } else if (!allowed.empty()) {
    m.kind = Match::Kind::kMethodNotAllowed;
    m.route_template = allowed_template;
    std::sort(allowed.begin(), allowed.end());
    allowed.erase(std::unique(allowed.begin(), allowed.end()), allowed.end());
    m.allowed_methods = std::move(allowed);
  }
  return m;
}

}  // namespace pdex::http
