-- PredictionDex schema, version 1. Written in the SQL dialect SQLite and
-- PostgreSQL share. search_* columns hold names folded for case- and
-- accent-insensitive search (see src/text/utf8.h).

CREATE TABLE type (
  id        INTEGER PRIMARY KEY,
  name_en   TEXT NOT NULL UNIQUE,
  name_fr   TEXT NOT NULL UNIQUE,
  search_en TEXT NOT NULL,
  search_fr TEXT NOT NULL
);

CREATE TABLE type_effectiveness (
  attacking_type_id INTEGER NOT NULL REFERENCES type (id),
  defending_type_id INTEGER NOT NULL REFERENCES type (id),
  multiplier        DOUBLE PRECISION NOT NULL CHECK (multiplier IN (0, 0.5, 1, 2)),
  PRIMARY KEY (attacking_type_id, defending_type_id)
);

-- A species is a national dex entry; its forms are rows of pokemon.
CREATE TABLE species (
  id      INTEGER PRIMARY KEY,  -- national dex number
  name_en TEXT NOT NULL,
  name_fr TEXT NOT NULL
);

CREATE TABLE form (
  id   INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE
);

CREATE TABLE pokemon (
  id         INTEGER PRIMARY KEY,
  species_id INTEGER NOT NULL REFERENCES species (id),
  form_id    INTEGER NOT NULL REFERENCES form (id),
  name_en    TEXT NOT NULL UNIQUE,
  name_fr    TEXT NOT NULL UNIQUE,
  search_en  TEXT NOT NULL,
  search_fr  TEXT NOT NULL,
  type1_id   INTEGER NOT NULL REFERENCES type (id),
  type2_id   INTEGER REFERENCES type (id)
);
CREATE INDEX pokemon_type1 ON pokemon (type1_id);
CREATE INDEX pokemon_type2 ON pokemon (type2_id);

CREATE TABLE pokemon_stats (
  pokemon_id INTEGER PRIMARY KEY REFERENCES pokemon (id),
  hp         INTEGER NOT NULL CHECK (hp BETWEEN 1 AND 255),
  attack     INTEGER NOT NULL CHECK (attack BETWEEN 1 AND 255),
  defense    INTEGER NOT NULL CHECK (defense BETWEEN 1 AND 255),
  sp_attack  INTEGER NOT NULL CHECK (sp_attack BETWEEN 1 AND 255),
  sp_defense INTEGER NOT NULL CHECK (sp_defense BETWEEN 1 AND 255),
  speed      INTEGER NOT NULL CHECK (speed BETWEEN 1 AND 255)
);

CREATE TABLE move_category (
  id   INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE
);

CREATE TABLE move (
  id          INTEGER PRIMARY KEY,  -- the games' move index number
  name_en     TEXT NOT NULL UNIQUE,
  name_fr     TEXT NOT NULL UNIQUE,
  search_en   TEXT NOT NULL,
  search_fr   TEXT NOT NULL,
  type_id     INTEGER NOT NULL REFERENCES type (id),
  category_id INTEGER NOT NULL REFERENCES move_category (id),
  power       INTEGER,
  accuracy    INTEGER,
  pp          INTEGER NOT NULL,
  priority    INTEGER NOT NULL,
  effect      TEXT NOT NULL
);
CREATE INDEX move_type ON move (type_id);

CREATE TABLE learnset (
  pokemon_id INTEGER NOT NULL REFERENCES pokemon (id),
  move_id    INTEGER NOT NULL REFERENCES move (id),
  method     TEXT NOT NULL CHECK (method IN ('level', 'tm', 'tutor', 'pre_evolution')),
  level      INTEGER,
  PRIMARY KEY (pokemon_id, move_id, method)
);
CREATE INDEX learnset_move ON learnset (move_id);

CREATE TABLE tm (
  number  INTEGER PRIMARY KEY,
  move_id INTEGER NOT NULL REFERENCES move (id)
);

-- Which version of data/ is loaded (one row).
CREATE TABLE dataset (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  fingerprint TEXT NOT NULL,
  loaded_at   TEXT NOT NULL
);
