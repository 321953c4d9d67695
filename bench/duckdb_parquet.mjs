// DuckDB's side of bench/parquet_vs_duckdb.sh (DuckDB from npm, installed by
// tests/parquet_conformance/install-duckdb). Prints key=value figures.
//   node duckdb_parquet.mjs generate FILE ROWS   the benchmark file (seeded)
//   node duckdb_parquet.mjs read FILE            time loading every column
//   node duckdb_parquet.mjs write FILE OUT       load (untimed), time writing
import { createRequire } from 'node:module';

const require = createRequire(new URL('../tests/parquet_conformance/package.json', import.meta.url));
const { DuckDBInstance } = require('@duckdb/node-api');

const [mode, file, arg] = process.argv.slice(2);
const quote = (path) => `'${path.replaceAll("'", "''")}'`;
const db = await DuckDBInstance.create(':memory:');
const conn = await db.connect();

async function timed(sql) {
  const start = performance.now();
  await conn.run(sql);
  return (performance.now() - start) / 1000;
}

if (mode === 'generate') {
  // 40 columns: 16 DOUBLE, 7 BIGINT, 7 INTEGER, 10 low-cardinality VARCHAR
  // (the 18 type names); four columns have about 5% nulls.
  const types = ['Normal', 'Fire', 'Water', 'Grass', 'Electric', 'Ice', 'Fighting', 'Poison', 'Ground',
                 'Flying', 'Psychic', 'Bug', 'Rock', 'Ghost', 'Dragon', 'Dark', 'Steel', 'Fairy'];
  const list = `[${types.map((t) => `'${t}'`).join(', ')}]`;
  const columns = [];
  for (let i = 0; i < 16; i++) {
    const value = i % 2 === 0 ? 'random() * 1000' : 'round(random() * 100, 1)';
    columns.push(i < 2 ? `CASE WHEN random() < 0.05 THEN NULL ELSE ${value} END AS d${i}` : `${value} AS d${i}`);
  }
  for (let i = 0; i < 7; i++) columns.push(`(random() * 1000000)::BIGINT AS b${i}`);
  for (let i = 0; i < 7; i++) columns.push(`(random() * 255)::INTEGER AS n${i}`);
  for (let i = 0; i < 10; i++) {
    const value = `${list}[1 + (random() * 17)::INTEGER]`;
    columns.push(i < 2 ? `CASE WHEN random() < 0.05 THEN NULL ELSE ${value} END AS s${i}` : `${value} AS s${i}`);
  }
  await conn.run('SELECT setseed(0.42)');
  await conn.run(`CREATE TABLE t AS SELECT ${columns.join(', ')} FROM range(${Number(arg)})`);
  await conn.run(`COPY t TO ${quote(file)} (FORMAT parquet, COMPRESSION snappy)`);
  console.log(`rows=${Number(arg)} columns=${columns.length}`);
} else if (mode === 'read') {
  const seconds = await timed(`CREATE TABLE t AS SELECT * FROM read_parquet(${quote(file)})`);
  console.log(`read_seconds=${seconds.toFixed(4)}`);
} else if (mode === 'write') {
  await conn.run(`CREATE TABLE t AS SELECT * FROM read_parquet(${quote(file)})`);
  const seconds = await timed(`COPY t TO ${quote(arg)} (FORMAT parquet, COMPRESSION snappy)`);
  console.log(`write_seconds=${seconds.toFixed(4)}`);
} else {
  console.error('usage: duckdb_parquet.mjs generate FILE ROWS | read FILE | write FILE OUT');
  process.exit(2);
}
