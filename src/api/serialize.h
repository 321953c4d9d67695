#pragma once
// JSON shapes of the domain objects in API responses.
#include "api/json_writer.h"
#include "domain/model.h"

namespace pdex::api {

// {"id", "name", "name_fr"}
void WriteType(JsonWriter& w, const domain::Type& t);
// {"id", "dex_number", "form", "name", "name_fr", "types": [...], "stats": {...}}
void WritePokemon(JsonWriter& w, const domain::Pokemon& p);
// The same members without the enclosing braces, for objects that extend it.
void WritePokemonFields(JsonWriter& w, const domain::Pokemon& p);
// {"id", "name", "name_fr", "type", "category", "power", "accuracy", "pp",
//  "priority", "effect"}
void WriteMove(JsonWriter& w, const domain::Move& m);
// WriteMove plus "learn_method" and "level".
void WritePokemonMove(JsonWriter& w, const domain::PokemonMove& pm);

}  // namespace pdex::api
