#include "api/serialize.h"

namespace pdex::api {
namespace {

void WriteMoveFields(JsonWriter& w, const domain::Move& m) {
  w.Key("id"), w.Int(m.id);
  w.Key("name"), w.String(m.name_en);
  w.Key("name_fr"), w.String(m.name_fr);
  w.Key("type"), WriteType(w, m.type);
  w.Key("category"), w.String(domain::ToString(m.category));
  w.Key("power"), w.OptionalInt(m.power);
  w.Key("accuracy"), w.OptionalInt(m.accuracy);
  w.Key("pp"), w.Int(m.pp);
  w.Key("priority"), w.Int(m.priority);
  w.Key("effect"), w.String(domain::ToString(m.effect));
}

}  // namespace

void WriteType(JsonWriter& w, const domain::Type& t) {
  w.BeginObject();
  w.Key("id"), w.Int(t.id);
  w.Key("name"), w.String(t.name_en);
  w.Key("name_fr"), w.String(t.name_fr);
  w.EndObject();
}

void WritePokemon(JsonWriter& w, const domain::Pokemon& p) {
  w.BeginObject();
  WritePokemonFields(w, p);
  w.EndObject();
}

void WritePokemonFields(JsonWriter& w, const domain::Pokemon& p) {
  w.Key("id"), w.Int(p.id);
  w.Key("dex_number"), w.Int(p.dex);
  w.Key("form"), w.String(domain::ToString(p.form));
  w.Key("name"), w.String(p.name_en);
  w.Key("name_fr"), w.String(p.name_fr);
  w.Key("types");
  w.BeginArray();
  WriteType(w, p.type1);
  if (p.type2) WriteType(w, *p.type2);
  w.EndArray();
  w.Key("stats");
  w.BeginObject();
  w.Key("hp"), w.Int(p.stats.hp);
  w.Key("attack"), w.Int(p.stats.attack);
  w.Key("defense"), w.Int(p.stats.defense);
  w.Key("sp_attack"), w.Int(p.stats.sp_attack);
  w.Key("sp_defense"), w.Int(p.stats.sp_defense);
  w.Key("speed"), w.Int(p.stats.speed);
  w.Key("total"), w.Int(p.stats.Total());
  w.EndObject();
}

void WriteMove(JsonWriter& w, const domain::Move& m) {
  w.BeginObject();
  WriteMoveFields(w, m);
  w.EndObject();
}

void WritePokemonMove(JsonWriter& w, const domain::PokemonMove& pm) {
  w.BeginObject();
  WriteMoveFields(w, pm.move);
  w.Key("learn_method"), w.String(domain::ToString(pm.method));
  w.Key("level"), w.OptionalInt(pm.level);
  w.EndObject();
}

}  // namespace pdex::api
