#pragma once
// The game-data routes (Pokémon, moves, types), as thin handlers over a Store.
#include <vector>

#include "api/route_spec.h"
#include "store/store.h"

namespace pdex::api {

// `store` must outlive the returned handlers.
std::vector<RouteSpec> GameRoutes(store::Store& store);

}  // namespace pdex::api
