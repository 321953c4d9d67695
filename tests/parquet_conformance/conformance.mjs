#!/usr/bin/env node
// Conformance of the project's Parquet reader and writer (src/parquet) against
// DuckDB, an independent implementation.
//
//   node conformance.mjs --tool PATH --group GROUP --work DIR [--case SUBSTR] [--keep] [--list]
//
// GROUP is `read`, `write`, `all` or one of the groups below (read_types,
// read_encodings, ...). Every case prints `ok  <case>` or `FAIL <case>: why`;
// a summary follows and the exit status is 1 if any case failed.
//
// Both sides print a table as the same canonical text (see README at the top
// of conformance_tool.cpp): header line of column names, then one line per row,
// values joined by TAB, compared byte for byte.
//
// Read cases: DuckDB writes a file (COPY ... TO ... FORMAT parquet, with the
// case's COMPRESSION, PARQUET_VERSION and ROW_GROUP_SIZE). Before anything is
// compared, the driver proves the file really holds what the case claims: the
// column chunk codecs and row-group count from parquet_metadata(), the
// repetition from parquet_schema(), and the page types and the encoding of
// every data page by walking the page headers of each column chunk (Thrift
// compact protocol, decoded here). Then `tool dump` (row group by row group,
// and with --whole / --columns where the case asks) must print exactly what
// DuckDB reads from the same file.
//
// Write cases: `tool write CASE FILE` writes a table with our writer and
// prints the canonical text of the table it wrote. DuckDB must read exactly
// those values from the file; the file's metadata must carry the codec,
// encodings, page version, repetition, row groups, key-value metadata and
// statistics (min/max/null_count per row group and column, compared with
// DuckDB's own aggregates over the rows) the case asks for; and `tool dump` of
// the file (our reader) must print the same text again.
//
// What DuckDB 1.5.6 cannot write, and how it is covered instead:
//  * RLE-encoded BOOLEAN data pages and DELTA_BYTE_ARRAY: DuckDB never emits
//    them. Our writer produces them (WriterOptions::column_encodings, cases
//    enc_rle_boolean_* and enc_delta_byte_array_*); the page walk proves the
//    pages really use that encoding, DuckDB must read the values back exactly,
//    and our reader must read them back too.
//  * BYTE_STREAM_SPLIT on INT32/INT64/FIXED_LEN_BYTE_ARRAY (format 2.11):
//    only our writer (enc_byte_stream_split_fixed_v2), checked the same way.
//  * PLAIN_DICTIONARY: DuckDB writes it for dictionary pages in format v1
//    (read case enc_plain_dictionary_v1 proves it by walking the pages); our
//    writer writes it on request (enc_plain_dictionary_v1 write case).
//  * REQUIRED columns: DuckDB 1.5.6 writes every column OPTIONAL even from a
//    `NOT NULL` table (duckdb/duckdb#22144, #23051). The read case
//    edge_required asks for REQUIRED and reports which repetition DuckDB
//    produced; REQUIRED files are produced by our writer (types_required_*,
//    checked REQUIRED with parquet_schema()), read back by DuckDB and by our
//    reader.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import zlib from 'node:zlib';

let duckdb;
try {
  duckdb = await import('@duckdb/node-api');
} catch (e) {
  console.error(`conformance: cannot load @duckdb/node-api (${e.message.split('\n')[0]}).\n` +
    'Install it with tests/parquet_conformance/install-duckdb');
  process.exit(1);
}
const { DuckDBInstance, DuckDBTypeId: T } = duckdb;

// ---------------------------------------------------------------- arguments
const args = { group: null, tool: null, work: null, case: null, keep: false, list: false, verbose: false };
for (let i = 2; i < process.argv.length; i++) {
  const a = process.argv[i];
  const next = () => {
    if (i + 1 >= process.argv.length) usage(`${a} needs a value`);
    return process.argv[++i];
  };
  if (a === '--tool') args.tool = path.resolve(next());
  else if (a === '--group') args.group = next();
  else if (a === '--work') args.work = path.resolve(next());
  else if (a === '--case') args.case = next();
  else if (a === '--keep') args.keep = true;
  else if (a === '--list') args.list = true;
  else if (a === '--verbose') args.verbose = true;
  else usage(`unknown argument ${a}`);
}
function usage(msg) {
  console.error(`conformance: ${msg}\nusage: node conformance.mjs --tool PATH --group GROUP --work DIR [--case SUBSTR] [--keep] [--list] [--verbose]`);
  process.exit(2);
}

// ------------------------------------------------------- canonical formatting
const f64view = new DataView(new ArrayBuffer(8));
function fmtFloat(v) {
  if (Number.isNaN(v)) return 'f:nan';
  f64view.setFloat64(0, v);
  return 'f:' + f64view.getBigUint64(0).toString(16).padStart(16, '0');
}
function hexBytes(u8) {
  return Buffer.from(u8.buffer, u8.byteOffset, u8.byteLength).toString('hex');
}

// A formatter for one DuckDB result column. (VARCHAR columns are selected
// as encode(col), their exact UTF-8 bytes as a BLOB, and printed as strings.)
function formatterFor(type) {
  switch (type.typeId) {
    case T.BOOLEAN: return (v) => (v ? 'true' : 'false');
    case T.TINYINT: case T.SMALLINT: case T.INTEGER: case T.BIGINT:
    case T.UTINYINT: case T.USMALLINT: case T.UINTEGER: case T.UBIGINT:
    case T.HUGEINT: case T.UHUGEINT:
      return (v) => String(v);
    case T.FLOAT: case T.DOUBLE: return fmtFloat;
    case T.BLOB: return (v) => 'b:' + hexBytes(v.bytes);
    case T.VARCHAR: return (v) => 's:' + Buffer.from(v, 'utf8').toString('hex');
    case T.UUID: return (v) => 'b:' + v.toUint128().toString(16).padStart(32, '0');
    case T.DATE: return (v) => 'd:' + v.days;
    case T.TIMESTAMP: case T.TIMESTAMP_TZ: return (v) => 'ts:' + (v.micros * 1000n);
    case T.TIMESTAMP_MS: return (v) => 'ts:' + (v.millis * 1000000n);
    case T.TIMESTAMP_NS: return (v) => 'ts:' + v.nanos;
    case T.TIMESTAMP_S: return (v) => 'ts:' + (v.seconds * 1000000000n);
    case T.TIME: return (v) => 'tm:' + (v.micros * 1000n);
    case T.TIME_NS: return (v) => 'tm:' + v.nanos;
    case T.TIME_TZ: return (v) => {
      if (v.offset !== 0) throw new Error(`TIME WITH TIME ZONE value with offset ${v.offset}`);
      return 'tm:' + (v.micros * 1000n);
    };
    case T.DECIMAL: return (v) => `dec:${v.value}/${v.scale}`;
    default: throw new Error(`no canonical form for DuckDB type ${type.toString()}`);
  }
}

const qi = (name) => '"' + name.replaceAll('"', '""') + '"';
const sqlStr = (s) => "'" + s.replaceAll("'", "''") + "'";

// Streams DuckDB's read of `file` (optionally only `columns`, in that order)
// as canonical lines into `sink(line)`; sink returns false to stop early.
async function duckCanonical(conn, file, columns, sink) {
  const from = `read_parquet(${sqlStr(file)})`;
  const probeCols = columns ? columns.map(qi).join(', ') : '*';
  const probe = await conn.run(`SELECT ${probeCols} FROM ${from} LIMIT 0`);
  const names = probe.columnNames();
  const types = probe.columnTypes();
  const select = names.map((n, k) =>
    types[k].typeId === T.VARCHAR ? `encode(${qi(n)}) AS ${qi(n)}` : qi(n)).join(', ');
  const fmts = types.map((t) => (t.typeId === T.VARCHAR ? (v) => 's:' + hexBytes(v.bytes) : formatterFor(t)));
  headerFields = names;
  if (sink(names.join('\t')) === false) return;
  if (names.length === 0) return;
  const result = await conn.stream(`SELECT ${select} FROM ${from}`);
  const ncol = names.length;
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    const rows = chunk.rowCount;
    const cols = new Array(ncol);
    for (let c = 0; c < ncol; c++) {
      const vec = chunk.getColumnVector(c);
      const out = new Array(rows);
      const f = fmts[c];
      for (let r = 0; r < rows; r++) {
        const v = vec.getItem(r);
        out[r] = v === null ? 'NULL' : f(v);
      }
      cols[c] = out;
    }
    for (let r = 0; r < rows; r++) {
      let line = cols[0][r];
      for (let c = 1; c < ncol; c++) line += '\t' + cols[c][r];
      if (sink(line) === false) return;
    }
  }
}

// ------------------------------------------------------------- line compare
class LineFile {
  constructor(file) {
    this.fd = fs.openSync(file, 'r');
    this.buf = Buffer.alloc(1 << 22);
    this.decoder = new StringDecoder('utf8');
    this.pending = '';
    this.lines = [];
    this.idx = 0;
    this.eof = false;
  }
  next() {
    while (this.idx >= this.lines.length) {
      if (this.eof) return null;
      const n = fs.readSync(this.fd, this.buf, 0, this.buf.length, null);
      let text;
      if (n === 0) {
        this.eof = true;
        text = this.decoder.end();
      } else {
        text = this.decoder.write(this.buf.subarray(0, n));
      }
      const parts = (this.pending + text).split('\n');
      this.pending = parts.pop();
      if (this.eof && this.pending !== '') {
        parts.push(this.pending + '<missing final newline>');
        this.pending = '';
      }
      this.lines = parts;
      this.idx = 0;
    }
    return this.lines[this.idx++];
  }
  close() { fs.closeSync(this.fd); }
}

// Compares a stream of reference lines with a file; remembers the first
// difference.
class Comparer {
  constructor(file, refName, gotName) {
    this.file = new LineFile(file);
    this.refName = refName;
    this.gotName = gotName;
    this.line = 0;
    this.diff = null;
  }
  feed(ref) {
    this.line++;
    const got = this.file.next();
    if (got !== ref) {
      this.diff = { line: this.line, ref: ref, got: got === null ? '<end of output>' : got };
      return false;
    }
    return true;
  }
  finish() {
    if (!this.diff) {
      const extra = this.file.next();
      if (extra !== null) this.diff = { line: this.line + 1, ref: '<end of output>', got: extra };
    }
    this.file.close();
    return this.diff ? describeDiff(this.diff, this.refName, this.gotName) : null;
  }
}
const trunc = (s, n = 240) => (s.length > n ? s.slice(0, n) + `...(${s.length} chars)` : s);
// The first differing line, its first differing field (1-based, with the
// column name from the header line when known) and both lines, truncated.
let headerFields = null;
function describeDiff(d, refName, gotName) {
  const a = d.ref.split('\t');
  const b = d.got.split('\t');
  let k = 0;
  while (k < a.length && k < b.length && a[k] === b[k]) k++;
  const col = headerFields && d.line > 1 && k < headerFields.length ? ` (${headerFields[k]})` : '';
  return `line ${d.line} differs at field ${k + 1}${col}: ${refName.trim()} ${trunc(a[k] ?? '<none>', 120)} vs ` +
    `${gotName.trim()} ${trunc(b[k] ?? '<none>', 120)}\n      ${refName}: ${trunc(d.ref)}\n      ${gotName}: ${trunc(d.got)}`;
}

function compareFiles(refFile, gotFile, refName, gotName) {
  const ref = new LineFile(refFile);
  const cmp = new Comparer(gotFile, refName, gotName);
  for (;;) {
    const line = ref.next();
    if (line === null) break;
    if (!cmp.feed(line)) break;
  }
  ref.close();
  return cmp.finish();
}

async function compareDuckWithFile(conn, parquetFile, columns, textFile, refName, gotName, duckIsRef) {
  if (duckIsRef) {
    const cmp = new Comparer(textFile, refName, gotName);
    await duckCanonical(conn, parquetFile, columns, (line) => cmp.feed(line));
    return cmp.finish();
  }
  // The file is the reference (values our writer wrote); DuckDB is checked.
  const ref = new LineFile(textFile);
  let line = 0;
  let diff = null;
  await duckCanonical(conn, parquetFile, columns, (got) => {
    line++;
    const r = ref.next();
    if (r !== got) {
      diff = { line, ref: r === null ? '<end of output>' : r, got };
      return false;
    }
    return true;
  });
  if (!diff) {
    const extra = ref.next();
    if (extra !== null) diff = { line: line + 1, ref: extra, got: '<end of output>' };
  }
  ref.close();
  return diff ? describeDiff(diff, refName, gotName) : null;
}

// -------------------------------------------------------------- running tool
// --verbose: how long each step took.
let stepStart = Date.now();
function step(what) {
  if (args.verbose) console.log(`     ${what}: ${((Date.now() - stepStart) / 1000).toFixed(1)}s`);
  stepStart = Date.now();
}

function runTool(argv, outFile) {
  return new Promise((resolve) => {
    const fd = fs.openSync(outFile, 'w');
    let stderr = '';
    const child = spawn(args.tool, argv, { stdio: ['ignore', fd, 'pipe'] });
    child.stderr.on('data', (d) => { if (stderr.length < 65536) stderr += d.toString(); });
    child.on('error', (e) => { fs.closeSync(fd); resolve({ code: -1, stderr: String(e) }); });
    child.on('close', (code, signal) => {
      fs.closeSync(fd);
      resolve({ code: code === null ? `signal ${signal}` : code, stderr });
    });
  });
}
function toolFailure(what, res) {
  return `${what} exited ${res.code}: ${trunc(res.stderr.trim(), 1500)}`;
}

// ------------------------------------------------- Thrift compact protocol
// A typed decoder/encoder for the compact protocol, enough to walk page
// headers and to rewrite a footer: structs decode to Map(id -> {t, v}),
// lists to {et, items}, maps to {kt, vt, items}; encode() writes them back.
class Compact {
  constructor(buf, pos) { this.buf = buf; this.pos = pos; }
  byte() {
    if (this.pos >= this.buf.length) throw new Error('Thrift data runs past its buffer');
    return this.buf[this.pos++];
  }
  varint() {
    let v = 0n; let shift = 0n;
    for (;;) {
      const b = this.byte();
      v |= BigInt(b & 0x7f) << shift;
      if (!(b & 0x80)) return v;
      shift += 7n;
      if (shift > 70n) throw new Error('varint too long');
    }
  }
  zigzag() { const v = this.varint(); return (v >> 1n) ^ -(v & 1n); }
  value(type) {
    switch (type) {
      case 1: return true;
      case 2: return false;
      case 3: return this.byte();
      case 4: case 5: case 6: return this.zigzag();
      case 7: { const b = this.buf.subarray(this.pos, this.pos + 8); this.pos += 8; return b; }
      case 8: {
        const n = Number(this.varint());
        if (this.pos + n > this.buf.length) throw new Error('Thrift binary runs past its buffer');
        const b = this.buf.subarray(this.pos, this.pos + n); this.pos += n; return b;
      }
      case 9: case 10: {
        const h = this.byte();
        let n = h >> 4;
        const et = h & 15;
        if (n === 15) n = Number(this.varint());
        const items = [];
        for (let i = 0; i < n; i++) items.push(et === 1 || et === 2 ? this.byte() === 1 : this.value(et));
        return { et, items };
      }
      case 11: {
        const n = Number(this.varint());
        if (n === 0) return { kt: 0, vt: 0, items: [] };
        const kv = this.byte();
        const items = [];
        for (let i = 0; i < n; i++) items.push([this.value(kv >> 4), this.value(kv & 15)]);
        return { kt: kv >> 4, vt: kv & 15, items };
      }
      case 12: return this.struct();
      default: throw new Error(`bad compact type ${type}`);
    }
  }
  struct() {
    const out = new Map();
    let last = 0;
    for (;;) {
      const b = this.byte();
      if (b === 0) return out;
      const type = b & 15;
      const delta = b >> 4;
      const id = delta ? last + delta : Number(this.zigzag());
      last = id;
      out.set(id, { t: type === 2 ? 1 : type, v: this.value(type) });
    }
  }
}
class CompactWriter {
  constructor() { this.out = []; }
  byte(b) { this.out.push(b & 0xff); }
  varint(v) {
    v = BigInt(v);
    do {
      let b = Number(v & 0x7fn);
      v >>= 7n;
      if (v) b |= 0x80;
      this.byte(b);
    } while (v);
  }
  zigzag(v) { v = BigInt(v); this.varint(v >= 0n ? v << 1n : ((-v) << 1n) - 1n); }
  bytes(b) { for (const x of b) this.out.push(x); }
  value(t, v) {
    switch (t) {
      case 3: this.byte(v); break;
      case 4: case 5: case 6: this.zigzag(v); break;
      case 7: this.bytes(v); break;
      case 8: this.varint(v.length); this.bytes(v); break;
      case 9: case 10: {
        const n = v.items.length;
        const et = v.et === 2 ? 1 : v.et;
        if (n < 15) this.byte((n << 4) | et); else { this.byte(0xf0 | et); this.varint(n); }
        for (const x of v.items) if (et === 1) this.byte(x ? 1 : 2); else this.value(et, x);
        break;
      }
      case 11:
        this.varint(v.items.length);
        if (v.items.length) {
          this.byte((v.kt << 4) | v.vt);
          for (const [k, x] of v.items) { this.value(v.kt, k); this.value(v.vt, x); }
        }
        break;
      case 12: this.struct(v); break;
      default: throw new Error(`cannot encode compact type ${t}`);
    }
  }
  struct(m) {
    let last = 0;
    for (const id of [...m.keys()].sort((a, b) => a - b)) {
      const { t, v } = m.get(id);
      const wire = t === 1 ? (v ? 1 : 2) : t;
      if (id > last && id - last <= 15) this.byte(((id - last) << 4) | wire);
      else { this.byte(wire); this.zigzag(id); }
      if (t !== 1) this.value(t, v);
      last = id;
    }
    this.byte(0);
  }
  buffer() { return Buffer.from(this.out); }
}
const fi32 = (v) => ({ t: 5, v: BigInt(v) });
const fi64 = (v) => ({ t: 6, v: BigInt(v) });
const num = (m, id) => (m.has(id) ? Number(m.get(id).v) : null);

const ENCODINGS = { 0: 'PLAIN', 2: 'PLAIN_DICTIONARY', 3: 'RLE', 4: 'BIT_PACKED', 5: 'DELTA_BINARY_PACKED',
  6: 'DELTA_LENGTH_BYTE_ARRAY', 7: 'DELTA_BYTE_ARRAY', 8: 'RLE_DICTIONARY', 9: 'BYTE_STREAM_SPLIT' };
const encName = (e) => ENCODINGS[Number(e)] ?? `encoding#${e}`;

// PageHeader (parquet.thrift): 1 type, 2 uncompressed_page_size,
// 3 compressed_page_size, 5 data_page_header{1 num_values, 2 encoding},
// 7 dictionary_page_header{2 encoding}, 8 data_page_header_v2{4 encoding}.
function walkPages(buf, base, total) {
  const pages = [];
  let pos = base;
  const end = base + total;
  if (end > buf.length) throw new Error(`column chunk at ${base} (${total} bytes) is past the end of the file`);
  while (pos < end) {
    const r = new Compact(buf.subarray(0, end), pos);
    const h = r.struct();
    const type = num(h, 1);
    const csize = num(h, 3);
    let enc = null;
    if (type === 0) enc = encName(h.get(5).v.get(2).v);
    else if (type === 3) enc = encName(h.get(8).v.get(4).v);
    else if (type === 2) enc = encName(h.get(7).v.get(2).v);
    pages.push({ type, enc, header: h, bodyStart: r.pos, bodyEnd: r.pos + csize });
    pos = r.pos + csize;
  }
  if (pos !== end) throw new Error(`pages overrun the column chunk (${pos} > ${end})`);
  return pages;
}

function readFooter(buf) {
  if (buf.length < 12 || buf.toString('latin1', buf.length - 4) !== 'PAR1') throw new Error('not a Parquet file');
  const len = buf.readUInt32LE(buf.length - 8);
  return new Compact(buf.subarray(buf.length - 8 - len, buf.length - 8), 0).struct();
}

// Counts zero (null) definition levels among the first `n` levels of an
// RLE/bit-packed hybrid run with bit width 1.
function countNulls(levels, n) {
  const r = new Compact(levels, 0);
  let seen = 0; let nulls = 0;
  while (seen < n) {
    const h = Number(r.varint());
    if (h & 1) {
      const groups = h >> 1;
      for (let g = 0; g < groups; g++) {
        const b = r.byte();
        for (let k = 0; k < 8 && seen < n; k++, seen++) if (!((b >> k) & 1)) nulls++;
      }
    } else {
      const run = h >> 1;
      const v = r.byte();
      const take = Math.min(run, n - seen);
      if (v === 0) nulls += take;
      seen += take;
    }
  }
  return nulls;
}

// DuckDB 1.5.6 writes only DATA_PAGE (v1) headers, even with PARQUET_VERSION
// v2. To read data page v2 written by something other than our own writer,
// this re-frames an UNCOMPRESSED DuckDB file's pages as DATA_PAGE_V2, byte
// for byte: the definition levels lose their 4-byte length prefix and move
// into the v2 header's definition_levels_byte_length, the encoded values are
// kept as they are (GZIP-compressed when `codec` is 'gzip', except every
// `plainEvery`-th page, stored with is_compressed = false), num_nulls is
// counted from the levels, and the footer's offsets and sizes are rewritten
// (page indexes and bloom filters are dropped). DuckDB must read the result
// exactly as it reads the original (checked) before our reader is compared.
function convertToV2(src, dst, { codec = 'uncompressed', plainEvery = 0 } = {}) {
  const buf = fs.readFileSync(src);
  const meta = readFooter(buf);
  const schema = meta.get(2).v.items;
  const optional = new Map();
  for (const el of schema.slice(1)) optional.set(el.get(4).v.toString('utf8'), num(el, 3) === 1);
  const gzip = codec === 'gzip';
  const parts = [Buffer.from('PAR1')];
  let offset = 4;
  let pageNo = 0;
  const emit = (b) => { parts.push(b); offset += b.length; };
  for (const rg of meta.get(4).v.items) {
    let rgStart = null; let rgComp = 0; let rgUncomp = 0;
    for (const cc of rg.get(1).v.items) {
      const md = cc.get(3).v;
      if (num(md, 4) !== 0) throw new Error('convertToV2 needs an UNCOMPRESSED source file');
      const name = md.get(3).v.items.map((b) => b.toString('utf8')).join('.');
      const isOptional = optional.get(name);
      const data = num(md, 9);
      const dict = md.has(11) ? num(md, 11) : null;
      const start = dict !== null && dict > 0 && dict < data ? dict : data;
      const chunkStart = offset;
      let newDict = null; let newData = null; let comp = 0; let uncomp = 0;
      for (const p of walkPages(buf, start, num(md, 7))) {
        const body = buf.subarray(p.bodyStart, p.bodyEnd);
        const h = new Map(p.header);
        h.delete(4); // crc of the old bytes
        let out;
        let rawLen;
        if (p.type === 2) {
          newDict = offset;
          out = gzip ? zlib.gzipSync(body) : body;
          rawLen = body.length;
          h.set(2, fi32(rawLen));
          h.set(3, fi32(out.length));
        } else if (p.type === 0) {
          if (newData === null) newData = offset;
          const dph = p.header.get(5).v;
          const n = num(dph, 1);
          let levels = Buffer.alloc(0);
          let values = body;
          if (isOptional) {
            const len = body.readUInt32LE(0);
            levels = body.subarray(4, 4 + len);
            values = body.subarray(4 + len);
          }
          const compress = gzip && !(plainEvery && pageNo % plainEvery === plainEvery - 1);
          pageNo++;
          const vals = compress ? zlib.gzipSync(values) : values;
          out = Buffer.concat([levels, vals]);
          rawLen = levels.length + values.length;
          h.delete(5);
          h.set(1, fi32(3));
          h.set(2, fi32(rawLen));
          h.set(3, fi32(out.length));
          h.set(8, { t: 12, v: new Map([
            [1, fi32(n)], [2, fi32(isOptional ? countNulls(levels, n) : 0)], [3, fi32(n)], [4, dph.get(2)],
            [5, fi32(levels.length)], [6, fi32(0)], [7, { t: 1, v: compress }]]) });
        } else {
          throw new Error(`unexpected page type ${p.type}`);
        }
        const w = new CompactWriter();
        w.struct(h);
        const hb = w.buffer();
        emit(hb);
        emit(out);
        comp += hb.length + out.length;
        uncomp += hb.length + rawLen;
      }
      for (const id of [10, 14, 15]) md.delete(id);
      md.set(4, fi32(gzip ? 2 : 0));
      md.set(6, fi64(uncomp));
      md.set(7, fi64(comp));
      md.set(9, fi64(newData));
      if (newDict !== null) md.set(11, fi64(newDict)); else md.delete(11);
      for (const id of [4, 5, 6, 7, 8, 9]) cc.delete(id);
      cc.set(2, fi64(chunkStart));
      if (rgStart === null) rgStart = chunkStart;
      rgComp += comp; rgUncomp += uncomp;
    }
    rg.set(2, fi64(rgUncomp));
    if (rgStart !== null) rg.set(5, fi64(rgStart));
    rg.set(6, fi64(rgComp));
  }
  const w = new CompactWriter();
  w.struct(meta);
  const footer = w.buffer();
  const tail = Buffer.alloc(8);
  tail.writeUInt32LE(footer.length, 0);
  tail.write('PAR1', 4, 'latin1');
  emit(footer);
  emit(tail);
  fs.writeFileSync(dst, Buffer.concat(parts));
}

// Per leaf column: codecs, metadata encodings, page types, data-page and
// dictionary-page encodings, over all row groups; plus the row-group count.
async function inspectFile(conn, file) {
  const rows = (await conn.runAndReadAll(
    `SELECT row_group_id, row_group_num_rows, path_in_schema, compression, encodings, data_page_offset,
            dictionary_page_offset, total_compressed_size
     FROM parquet_metadata(${sqlStr(file)}) ORDER BY row_group_id, column_id`)).getRowObjectsJS();
  const cols = new Map();
  const groups = new Map();
  const buf = fs.readFileSync(file);
  {
    for (const r of rows) {
      groups.set(Number(r.row_group_id), Number(r.row_group_num_rows));
      let c = cols.get(r.path_in_schema);
      if (!c) {
        c = { codecs: new Set(), metaEncodings: new Set(), pageTypes: new Set(), dataEnc: new Set(), dictEnc: new Set(), dataPages: 0 };
        cols.set(r.path_in_schema, c);
      }
      c.codecs.add(r.compression);
      for (const e of String(r.encodings).split(',')) c.metaEncodings.add(e.trim());
      const data = Number(r.data_page_offset);
      const dict = r.dictionary_page_offset === null ? null : Number(r.dictionary_page_offset);
      const start = dict !== null && dict > 0 && dict < data ? dict : data;
      for (const p of walkPages(buf, start, Number(r.total_compressed_size))) {
        c.pageTypes.add(p.type);
        if (p.type === 2) c.dictEnc.add(p.enc);
        else { c.dataEnc.add(p.enc); c.dataPages++; }
      }
    }
  }
  const schema = (await conn.runAndReadAll(
    `SELECT name, repetition_type, num_children FROM parquet_schema(${sqlStr(file)})`)).getRowObjectsJS();
  const repetition = new Map();
  for (const s of schema) if (s.num_children === null) repetition.set(s.name, s.repetition_type);
  return { cols, rowGroups: groups.size, groupRows: [...groups.entries()].sort((a, b) => a[0] - b[0]).map((e) => e[1]), repetition };
}

const setStr = (s) => [...s].sort().join(',') || '-';
const DICT = new Set(['PLAIN_DICTIONARY', 'RLE_DICTIONARY']);

// Checks the case's claims against the file. `expect`:
//   codec: 'SNAPPY' ...; pages: 'v1' | 'v2';
//   enc: { column | '*': 'ENC' | ['ENC', 'ALSO_ALLOWED', ...] } — the data
//        pages use exactly 'ENC' (or, with a list, the first one and only
//        ones from the list); dictionary encodings need a dictionary page;
//   rowGroups: n | { min: n }; repetition: 'REQUIRED' | 'OPTIONAL' | { column: ... }
function checkFile(info, expect) {
  const problems = [];
  const names = [...info.cols.keys()];
  for (const [name, c] of info.cols) {
    if (expect.codec && (c.codecs.size !== 1 || !c.codecs.has(expect.codec))) {
      problems.push(`${name}: codec ${setStr(c.codecs)}, expected ${expect.codec}`);
    }
    if (expect.pages) {
      const want = expect.pages === 'v2' ? 3 : 0;
      const other = [...c.pageTypes].filter((t) => t !== want && t !== 2);
      if (other.length) problems.push(`${name}: page types ${setStr(c.pageTypes)}, expected data page ${expect.pages}`);
    }
    const spec = expect.enc ? (expect.enc[name] ?? expect.enc['*']) : undefined;
    if (spec !== undefined && c.dataPages > 0) {
      const allowed = Array.isArray(spec) ? spec : [spec];
      const bad = [...c.dataEnc].filter((e) => !allowed.includes(e));
      if (bad.length || !c.dataEnc.has(allowed[0])) {
        problems.push(`${name}: data pages use ${setStr(c.dataEnc)}, expected ${allowed.join(' or ')}`);
      }
      if ([...c.dataEnc].some((e) => DICT.has(e)) && c.dictEnc.size === 0) {
        problems.push(`${name}: dictionary-encoded data pages without a dictionary page`);
      }
    }
  }
  if (expect.enc) {
    for (const k of Object.keys(expect.enc)) {
      if (k !== '*' && !info.cols.has(k) && info.rowGroups > 0) problems.push(`no column ${k} in the file`);
    }
  }
  if (expect.rowGroups !== undefined) {
    const want = expect.rowGroups;
    if (typeof want === 'number' ? info.rowGroups !== want : info.rowGroups < want.min) {
      problems.push(`${info.rowGroups} row groups, expected ${typeof want === 'number' ? want : `at least ${want.min}`}`);
    }
  }
  if (expect.repetition) {
    for (const [name, rep] of info.repetition) {
      const want = typeof expect.repetition === 'string' ? expect.repetition : expect.repetition[name];
      if (want && rep !== want) problems.push(`${name}: repetition ${rep}, expected ${want}`);
    }
  }
  if (names.length === 0 && expect.rowGroups === undefined && info.rowGroups === 0) {
    // An empty file has no column chunks to check; the case says so with rowGroups: 0.
    problems.push('file has no row groups (set rowGroups: 0 if intended)');
  }
  return problems;
}

function describeEncodings(info) {
  return [...info.cols].map(([n, c]) => `${n}=${setStr(c.dataEnc)}${c.dictEnc.size ? '+dict' : ''}`).join(' ');
}

// ----------------------------------------------------- DuckDB-written cases
// Column recipes for DuckDB: [type, expression of i (row number) and $H (a
// hash of i; of i % 13 for low-cardinality tables)]. Rows 0, 1, 2 hold the
// minimum, maximum and zero/empty; row 3 is NULL in every nullable column;
// rows 4..9 hold special values (NaN, -0.0, infinities, subnormals, unicode,
// long strings).
const decFromInt = (x, p, s) => {
  const pow = `${10n ** BigInt(s)}::HUGEINT`;
  const ax = `abs((${x})::HUGEINT)`;
  return `CAST(CASE WHEN (${x}) < 0 THEN '-' ELSE '' END || (${ax} // ${pow})::VARCHAR || '.' || ` +
    `lpad((${ax} % ${pow})::VARCHAR, ${s}, '0') AS DECIMAL(${p},${s}))`;
};
const BIG38 = '99999999999999999999999999999999999999';
const TS_RANDOM = `make_timestamp((($H % 200000000000000000)::HUGEINT - 100000000000000000)::BIGINT)`;
const RECIPES = {
  b: ['BOOLEAN', `CASE i WHEN 0 THEN false WHEN 1 THEN true ELSE $H % 3 = 0 END`],
  i8: ['TINYINT', `CASE i WHEN 0 THEN -128 WHEN 1 THEN 127 WHEN 2 THEN 0 ELSE ($H % 256)::INTEGER - 128 END`],
  i16: ['SMALLINT', `CASE i WHEN 0 THEN -32768 WHEN 1 THEN 32767 WHEN 2 THEN 0 ELSE ($H % 65536)::INTEGER - 32768 END`],
  i32: ['INTEGER', `CASE i WHEN 0 THEN -2147483648 WHEN 1 THEN 2147483647 WHEN 2 THEN 0 ELSE ($H % 4294967296)::BIGINT - 2147483648 END`],
  i64: ['BIGINT', `CASE i WHEN 0 THEN -9223372036854775808 WHEN 1 THEN 9223372036854775807 WHEN 2 THEN 0 ELSE ($H::HUGEINT - 9223372036854775808)::BIGINT END`],
  u8: ['UTINYINT', `CASE i WHEN 0 THEN 0 WHEN 1 THEN 255 ELSE $H % 256 END`],
  u16: ['USMALLINT', `CASE i WHEN 0 THEN 0 WHEN 1 THEN 65535 ELSE $H % 65536 END`],
  u32: ['UINTEGER', `CASE i WHEN 0 THEN 0 WHEN 1 THEN 4294967295 ELSE $H % 4294967296 END`],
  u64: ['UBIGINT', `CASE i WHEN 0 THEN 0 WHEN 1 THEN 18446744073709551615 ELSE $H END`],
  f32: ['FLOAT', `CASE i WHEN 0 THEN -3.4028234663852886e38::DOUBLE WHEN 1 THEN 3.4028234663852886e38::DOUBLE WHEN 2 THEN 0.0::DOUBLE
     WHEN 4 THEN 'nan'::DOUBLE WHEN 5 THEN '-0.0'::DOUBLE WHEN 6 THEN 'inf'::DOUBLE WHEN 7 THEN '-inf'::DOUBLE
     WHEN 8 THEN 1.401298464324817e-45::DOUBLE WHEN 9 THEN 1.1754942106924411e-38::DOUBLE
     ELSE (($H % 2000001)::DOUBLE - 1000000.0) * pow(2.0, ($H % 41)::DOUBLE - 30.0) END`],
  f64: ['DOUBLE', `CASE i WHEN 0 THEN -1.7976931348623157e308::DOUBLE WHEN 1 THEN 1.7976931348623157e308::DOUBLE WHEN 2 THEN 0.0::DOUBLE
     WHEN 4 THEN 'nan'::DOUBLE WHEN 5 THEN '-0.0'::DOUBLE WHEN 6 THEN 'inf'::DOUBLE WHEN 7 THEN '-inf'::DOUBLE
     WHEN 8 THEN '4.9406564584124654e-324'::DOUBLE WHEN 9 THEN 2.2250738585072009e-308::DOUBLE
     ELSE (($H % 200000000001)::DOUBLE - 100000000000.0) / 7.0 * pow(10.0, ($H % 61)::DOUBLE - 30.0) END`],
  s: ['VARCHAR', `CASE i WHEN 0 THEN 'a' WHEN 1 THEN '\u{10FFFF}max' WHEN 2 THEN '' WHEN 4 THEN 'héllo wörld'
     WHEN 5 THEN '日本語のテキスト' WHEN 6 THEN '🦆 duck 🦆' WHEN 7 THEN 'tab' || chr(9) || 'nl' || chr(10) || 'nul' || chr(0) || 'end'
     WHEN 8 THEN 'back\\slash ''quote"' WHEN 9 THEN repeat('long-ü-', 3000)
     ELSE 'v' || ($H % 1000000007)::VARCHAR || repeat('zé', ($H % 23)::INTEGER) END`],
  bl: ['BLOB', `CASE i WHEN 0 THEN '\\x00'::BLOB WHEN 1 THEN '\\xFF\\xFF\\xFF'::BLOB WHEN 2 THEN ''::BLOB
     WHEN 4 THEN '\\x00\\x01\\x80\\xFF\\x0A\\x09'::BLOB ELSE unhex(lpad(to_hex($H), 16, '0') || repeat('ab', ($H % 7)::INTEGER)) END`],
  uu: ['UUID', `CASE i WHEN 0 THEN '00000000-0000-0000-0000-000000000000'::UUID WHEN 1 THEN 'ffffffff-ffff-ffff-ffff-ffffffffffff'::UUID
     ELSE md5($H::VARCHAR)::UUID END`],
  dt: ['DATE', `CASE i WHEN 0 THEN DATE '0001-01-01' WHEN 1 THEN DATE '9999-12-31' WHEN 2 THEN DATE '1970-01-01'
     ELSE DATE '1970-01-01' + (($H % 2000001)::INTEGER - 1000000) END`],
  ts: ['TIMESTAMP', `CASE i WHEN 0 THEN TIMESTAMP '0001-01-01 00:00:00' WHEN 1 THEN TIMESTAMP '9999-12-31 23:59:59.999999'
     WHEN 2 THEN TIMESTAMP '1970-01-01 00:00:00' ELSE ${TS_RANDOM} END`],
  ts_ms: ['TIMESTAMP_MS', `CASE i WHEN 0 THEN TIMESTAMP '0001-01-01 00:00:00' WHEN 1 THEN TIMESTAMP '9999-12-31 23:59:59.999'
     WHEN 2 THEN TIMESTAMP '1970-01-01 00:00:00' ELSE ${TS_RANDOM} END`],
  ts_ns: ['TIMESTAMP_NS', `CASE i WHEN 0 THEN make_timestamp_ns(-9000000000000000000) WHEN 1 THEN make_timestamp_ns(9000000000000000000)
     WHEN 2 THEN make_timestamp_ns(0) ELSE make_timestamp_ns(($H::HUGEINT % 18000000000000000000 - 9000000000000000000)::BIGINT) END`],
  tstz: ['TIMESTAMPTZ', `CASE i WHEN 0 THEN TIMESTAMP '0001-01-01 00:00:00' WHEN 1 THEN TIMESTAMP '9999-12-31 23:59:59.999999'
     WHEN 2 THEN TIMESTAMP '1970-01-01 00:00:00' ELSE ${TS_RANDOM} END`],
  tm: ['TIME', `CASE i WHEN 0 THEN TIME '00:00:00' WHEN 1 THEN TIME '23:59:59.999999'
     ELSE TIME '00:00:00' + to_microseconds(($H % 86400000000)::BIGINT) END`],
  tm_ns: ['TIME_NS', `CASE i WHEN 0 THEN '00:00:00'::TIME_NS WHEN 1 THEN '23:59:59.999999999'::TIME_NS
     ELSE printf('%02d:%02d:%02d.%09d', ($H % 24)::INTEGER, ($H // 24 % 60)::INTEGER, ($H // 1440 % 60)::INTEGER,
                 ($H // 86400 % 1000000000)::INTEGER)::TIME_NS END`],
  d4: ['DECIMAL(4,1)', `CASE i WHEN 0 THEN -999.9 WHEN 1 THEN 999.9 WHEN 2 THEN 0 ELSE ${decFromInt('($H % 19999)::INTEGER - 9999', 4, 1)} END`],
  d9: ['DECIMAL(9,2)', `CASE i WHEN 0 THEN -9999999.99 WHEN 1 THEN 9999999.99 WHEN 2 THEN 0
     ELSE ${decFromInt('($H % 1999999999)::HUGEINT - 999999999', 9, 2)} END`],
  d18: ['DECIMAL(18,4)', `CASE i WHEN 0 THEN -99999999999999.9999 WHEN 1 THEN 99999999999999.9999 WHEN 2 THEN 0
     ELSE ${decFromInt('($H % 1999999999999999999)::HUGEINT - 999999999999999999', 18, 4)} END`],
  d38: ['DECIMAL(38,10)', `CASE i WHEN 0 THEN ${decFromInt(`-${BIG38}::HUGEINT`, 38, 10)} WHEN 1 THEN ${decFromInt(`${BIG38}::HUGEINT`, 38, 10)}
     WHEN 2 THEN 0 ELSE ${decFromInt(`((($H % 1000000000000000000)::HUGEINT * 100000000000000000000 + hash(i + 77)::HUGEINT) % ${BIG38}::HUGEINT) * CASE WHEN $H % 2 = 0 THEN -1 ELSE 1 END`, 38, 10)} END`],
};
const ALL_TYPES = Object.keys(RECIPES);

// SQL creating table t from recipes. opts: rows, cols (names, default all),
// lowCard, nulls ('some' | 'none' | 'all' | 'runs'), notNull, hashOf.
function tableSql(opts) {
  const cols = opts.cols ?? ALL_TYPES;
  const h = opts.lowCard ? 'hash(i % 13 + 1000)' : 'hash(i)';
  const defs = [];
  const exprs = [];
  cols.forEach((name, k) => {
    const [type, expr] = RECIPES[name];
    defs.push(`${qi(name)} ${type}${opts.notNull ? ' NOT NULL' : ''}`);
    let e = `(${expr.replaceAll('$H', h)})::${type}`;
    const nulls = opts.notNull ? 'none' : (opts.nulls ?? 'some');
    if (nulls === 'some') e = `CASE WHEN i = 3 OR hash(i * 31 + ${k}) % 10 = 0 THEN NULL ELSE ${e} END`;
    else if (nulls === 'all') e = `NULL::${type}`;
    else if (nulls === 'runs') {
      // Long runs of nulls and values, then alternating, then random: def
      // levels in both RLE runs and bit-packed groups.
      e = `CASE WHEN i < 1000 THEN (CASE WHEN (i // 100) % 2 = 1 THEN NULL ELSE ${e} END)
                WHEN i < 2000 THEN (CASE WHEN i % 2 = 1 THEN NULL ELSE ${e} END)
                WHEN hash(i * 31 + ${k}) % 3 = 0 THEN NULL ELSE ${e} END`;
    }
    exprs.push(`${e} AS ${qi(name)}`);
  });
  return [
    `CREATE OR REPLACE TABLE t (${defs.join(', ')})`,
    `INSERT INTO t SELECT ${exprs.join(', ')} FROM range(${opts.rows}) r(i) ORDER BY i`,
  ];
}

const INT_COLS = ['i8', 'i16', 'i32', 'i64', 'u8', 'u16', 'u32', 'u64', 'dt', 'ts', 'ts_ms', 'ts_ns', 'tstz', 'tm', 'tm_ns', 'd4', 'd9', 'd18'];
const DICT_COLS = ['i32', 'i64', 'u64', 'f32', 'f64', 's', 'bl', 'dt', 'ts', 'ts_ns', 'tm', 'd9', 'd18'];
const V2_NODICT = {
  '*': 'DELTA_BINARY_PACKED', b: 'PLAIN', f32: 'BYTE_STREAM_SPLIT', f64: 'BYTE_STREAM_SPLIT',
  s: 'DELTA_LENGTH_BYTE_ARRAY', bl: 'DELTA_LENGTH_BYTE_ARRAY', uu: 'PLAIN', d38: 'PLAIN',
};
const NO_DICT = 'DICTIONARY_SIZE_LIMIT 0';

function readCase(name, group, o) { return { kind: 'read', name, group, ...o }; }
const READ_CASES = [
  // --- every type, both page versions, both plain and dictionary pages
  readCase('types_v1_plain', 'read_types', { rows: 3000, copy: { version: 'v1', codec: 'snappy', extra: NO_DICT },
    expect: { codec: 'SNAPPY', pages: 'v1', enc: { '*': 'PLAIN' }, repetition: 'OPTIONAL' } }),
  readCase('types_v2_delta', 'read_types', { rows: 3000, copy: { version: 'v2', codec: 'zstd', extra: NO_DICT },
    expect: { codec: 'ZSTD', pages: 'v2', enc: V2_NODICT, repetition: 'OPTIONAL' } }),
  readCase('types_v1_dictionary', 'read_types', { rows: 3000, lowCard: true, copy: { version: 'v1', codec: 'snappy' },
    expect: { codec: 'SNAPPY', pages: 'v1', enc: Object.fromEntries(DICT_COLS.map((c) => [c, 'PLAIN_DICTIONARY'])) } }),
  readCase('types_v2_dictionary', 'read_types', { rows: 3000, lowCard: true, copy: { version: 'v2', codec: 'gzip' },
    expect: { codec: 'GZIP', pages: 'v2', enc: Object.fromEntries(DICT_COLS.map((c) => [c, 'RLE_DICTIONARY'])) } }),
  readCase('types_no_nulls_v1', 'read_types', { rows: 2000, nulls: 'none', copy: { version: 'v1', codec: 'uncompressed', extra: NO_DICT },
    expect: { codec: 'UNCOMPRESSED', pages: 'v1', enc: { '*': 'PLAIN' } } }),
  readCase('types_no_nulls_v2', 'read_types', { rows: 2000, nulls: 'none', copy: { version: 'v2', codec: 'snappy', extra: NO_DICT },
    expect: { codec: 'SNAPPY', pages: 'v2', enc: V2_NODICT } }),

  // --- one case per encoding; DuckDB's choice is pinned by the page walk
  readCase('enc_plain_v1', 'read_encodings', { rows: 5000, copy: { version: 'v1', codec: 'uncompressed', extra: NO_DICT },
    expect: { codec: 'UNCOMPRESSED', pages: 'v1', enc: { '*': 'PLAIN' } } }),
  readCase('enc_plain_dictionary_v1', 'read_encodings', { rows: 5000, lowCard: true, cols: DICT_COLS,
    copy: { version: 'v1', codec: 'uncompressed' },
    expect: { codec: 'UNCOMPRESSED', pages: 'v1', enc: { '*': 'PLAIN_DICTIONARY' } } }),
  readCase('enc_rle_dictionary_v2', 'read_encodings', { rows: 5000, lowCard: true, cols: DICT_COLS,
    copy: { version: 'v2', codec: 'uncompressed' },
    expect: { codec: 'UNCOMPRESSED', pages: 'v2', enc: { '*': 'RLE_DICTIONARY' } } }),
  readCase('enc_delta_binary_packed_v2', 'read_encodings', { rows: 5000, cols: INT_COLS,
    copy: { version: 'v2', codec: 'uncompressed', extra: NO_DICT },
    expect: { codec: 'UNCOMPRESSED', pages: 'v2', enc: { '*': 'DELTA_BINARY_PACKED' } } }),
  readCase('enc_delta_binary_packed_sequences', 'read_encodings', { rows: 5000, custom: deltaSequencesSql,
    copy: { version: 'v2', codec: 'uncompressed', extra: NO_DICT },
    expect: { codec: 'UNCOMPRESSED', pages: 'v2', enc: { '*': 'DELTA_BINARY_PACKED' } } }),
  readCase('enc_delta_length_byte_array_v2', 'read_encodings', { rows: 5000, cols: ['s', 'bl'],
    copy: { version: 'v2', codec: 'uncompressed', extra: NO_DICT },
    expect: { codec: 'UNCOMPRESSED', pages: 'v2', enc: { '*': 'DELTA_LENGTH_BYTE_ARRAY' } } }),
  readCase('enc_byte_stream_split_v2', 'read_encodings', { rows: 5000, cols: ['f32', 'f64'],
    copy: { version: 'v2', codec: 'uncompressed', extra: NO_DICT },
    expect: { codec: 'UNCOMPRESSED', pages: 'v2', enc: { '*': 'BYTE_STREAM_SPLIT' } } }),
  readCase('enc_boolean_v1', 'read_encodings', { rows: 5000, cols: ['b'], copy: { version: 'v1', codec: 'uncompressed' },
    expect: { codec: 'UNCOMPRESSED', pages: 'v1', enc: { '*': 'PLAIN' } } }),
  readCase('enc_boolean_v2', 'read_encodings', { rows: 5000, cols: ['b'], copy: { version: 'v2', codec: 'uncompressed' },
    expect: { codec: 'UNCOMPRESSED', pages: 'v2', enc: { '*': 'PLAIN' } } }),
  readCase('enc_levels_v1', 'read_encodings', { rows: 6000, nulls: 'runs', cols: ['b', 'i32', 's', 'f64', 'd38'],
    copy: { version: 'v1', codec: 'snappy', extra: NO_DICT },
    expect: { codec: 'SNAPPY', pages: 'v1', enc: { '*': 'PLAIN' } } }),
  readCase('enc_levels_v2', 'read_encodings', { rows: 6000, nulls: 'runs', cols: ['b', 'i32', 's', 'f64', 'd38'],
    copy: { version: 'v2', codec: 'snappy', extra: NO_DICT },
    expect: { codec: 'SNAPPY', pages: 'v2', enc: { b: 'PLAIN', i32: 'DELTA_BINARY_PACKED', s: 'DELTA_LENGTH_BYTE_ARRAY', f64: 'BYTE_STREAM_SPLIT', d38: 'PLAIN' } } }),
  readCase('enc_dictionary_levels_v2', 'read_encodings', { rows: 6000, nulls: 'runs', lowCard: true, cols: ['i64', 's', 'f64'],
    copy: { version: 'v2', codec: 'zstd' },
    expect: { codec: 'ZSTD', pages: 'v2', enc: { '*': 'RLE_DICTIONARY' } } }),
];
// Every codec with both page versions.
for (const codec of ['uncompressed', 'snappy', 'gzip', 'zstd']) {
  for (const version of ['v1', 'v2']) {
    READ_CASES.push(readCase(`compression_${codec}_${version}`, 'read_compression', {
      rows: 4000, copy: { version, codec, extra: NO_DICT },
      expect: { codec: codec.toUpperCase(), pages: version, enc: version === 'v1' ? { '*': 'PLAIN' } : V2_NODICT },
    }));
    READ_CASES.push(readCase(`compression_${codec}_${version}_dictionary`, 'read_compression', {
      rows: 4000, lowCard: true, cols: DICT_COLS, copy: { version, codec },
      expect: { codec: codec.toUpperCase(), pages: version, enc: { '*': version === 'v1' ? 'PLAIN_DICTIONARY' : 'RLE_DICTIONARY' } },
    }));
  }
}
READ_CASES.push(
  readCase('edge_empty', 'read_edge', { rows: 0, copy: { version: 'v1', codec: 'snappy' }, expect: { rowGroups: 0 },
    dumps: [[], ['--whole']] }),
  readCase('edge_empty_v2', 'read_edge', { rows: 0, copy: { version: 'v2', codec: 'zstd' }, expect: { rowGroups: 0 } }),
  readCase('edge_single_row', 'read_edge', { rows: 1, nulls: 'none', copy: { version: 'v1', codec: 'snappy' },
    expect: { codec: 'SNAPPY', pages: 'v1', rowGroups: 1 }, dumps: [[], ['--whole']] }),
  readCase('edge_single_row_v2', 'read_edge', { rows: 1, nulls: 'none', copy: { version: 'v2', codec: 'zstd' },
    expect: { codec: 'ZSTD', pages: 'v2', rowGroups: 1 } }),
  readCase('edge_all_null_v1', 'read_edge', { rows: 300, nulls: 'all', copy: { version: 'v1', codec: 'snappy' },
    expect: { codec: 'SNAPPY', pages: 'v1' } }),
  readCase('edge_all_null_v2', 'read_edge', { rows: 300, nulls: 'all', copy: { version: 'v2', codec: 'zstd' },
    expect: { codec: 'ZSTD', pages: 'v2' } }),
  readCase('edge_strings', 'read_edge', { rows: 3000, custom: stringsSql, copy: { version: 'v1', codec: 'zstd', extra: NO_DICT },
    expect: { codec: 'ZSTD', pages: 'v1', enc: { '*': 'PLAIN' } } }),
  readCase('edge_strings_v2', 'read_edge', { rows: 3000, custom: stringsSql, copy: { version: 'v2', codec: 'zstd', extra: NO_DICT },
    expect: { codec: 'ZSTD', pages: 'v2', enc: { '*': 'DELTA_LENGTH_BYTE_ARRAY' } } }),
  readCase('edge_row_groups', 'read_edge', { rows: 50000, cols: ['i64', 's', 'f64', 'b', 'dt', 'd38'],
    copy: { version: 'v1', codec: 'snappy', rowGroupSize: 2048 },
    expect: { codec: 'SNAPPY', pages: 'v1', rowGroups: { min: 10 } }, dumps: [[], ['--whole']] }),
  readCase('edge_row_groups_v2_dictionary', 'read_edge', { rows: 50000, lowCard: true, cols: ['i64', 's', 'f64'],
    copy: { version: 'v2', codec: 'zstd', rowGroupSize: 4096 },
    expect: { codec: 'ZSTD', pages: 'v2', rowGroups: { min: 5 }, enc: { '*': 'RLE_DICTIONARY' } }, dumps: [[], ['--whole']] }),
  readCase('edge_projection', 'read_edge', { rows: 20000, copy: { version: 'v2', codec: 'snappy', rowGroupSize: 8192 },
    expect: { codec: 'SNAPPY', pages: 'v2', rowGroups: { min: 2 } },
    dumps: [['--columns', 'd38,s,i8'], ['--columns', 'ts_ns', '--whole'], ['--columns', 'tm_ns,f32,b']] }),
  // DuckDB 1.5.6 ignores NOT NULL when writing (duckdb/duckdb#23051): the
  // repetition it produced is reported; REQUIRED is covered by write cases.
  readCase('edge_required', 'read_edge', { rows: 2000, notNull: true, copy: { version: 'v1', codec: 'snappy' },
    expect: { codec: 'SNAPPY', pages: 'v1' }, reportRepetition: 'REQUIRED' }),
  // 1M+ rows: several row groups, many pages per column chunk.
  readCase('big_1m_v1', 'read_1m_v1', { rows: 1100000, custom: bigSql, copy: { version: 'v1', codec: 'snappy' },
    expect: { codec: 'SNAPPY', pages: 'v1', rowGroups: { min: 5 }, enc: { cat: 'PLAIN_DICTIONARY', id: 'PLAIN', x: 'PLAIN' } } }),
  readCase('big_1m_v2', 'read_1m_v2', { rows: 1100000, custom: bigSql, copy: { version: 'v2', codec: 'zstd', rowGroupSize: 600000 },
    expect: { codec: 'ZSTD', pages: 'v2', rowGroups: 2, enc: { cat: 'RLE_DICTIONARY', id: 'DELTA_BINARY_PACKED', x: 'BYTE_STREAM_SPLIT' } },
    dumps: [['--whole']] }),
);

// DuckDB's PARQUET_VERSION v2 means format-v2 encodings in DATA_PAGE (v1)
// pages; the page walk insists on that. Data page v2 read cases are those
// files re-framed by convertToV2 (see there), named *_pagev2.
for (const c of READ_CASES) if (c.copy.version === 'v2') c.expect.pages = 'v1';
const TO_V2 = {
  types_v2_delta: { codec: 'gzip', plainEvery: 3 }, types_v2_dictionary: { codec: 'gzip' },
  types_no_nulls_v2: { codec: 'uncompressed' }, enc_rle_dictionary_v2: { codec: 'uncompressed' },
  enc_delta_binary_packed_v2: { codec: 'uncompressed' }, enc_delta_binary_packed_sequences: { codec: 'gzip' },
  enc_delta_length_byte_array_v2: { codec: 'uncompressed' }, enc_byte_stream_split_v2: { codec: 'uncompressed' },
  enc_boolean_v2: { codec: 'uncompressed' }, enc_levels_v2: { codec: 'gzip', plainEvery: 2 },
  enc_dictionary_levels_v2: { codec: 'gzip' }, compression_gzip_v2: { codec: 'gzip' },
  compression_gzip_v2_dictionary: { codec: 'gzip', plainEvery: 2 }, edge_single_row_v2: { codec: 'gzip' },
  edge_all_null_v2: { codec: 'uncompressed' }, edge_strings_v2: { codec: 'gzip' },
  edge_row_groups_v2_dictionary: { codec: 'gzip', plainEvery: 4 }, big_1m_v2: { codec: 'gzip' },
};
for (const [name, toV2] of Object.entries(TO_V2)) {
  const base = READ_CASES.find((c) => c.name === name);
  if (!base) throw new Error(`TO_V2 names unknown case ${name}`);
  READ_CASES.push({ ...base, name: `${name}_pagev2`, toV2, group: base.group === 'read_1m_v2' ? 'read_1m_pagev2' : base.group,
    expect: { ...base.expect, pages: 'v2', codec: toV2.codec.toUpperCase() } });
}

function deltaSequencesSql(o) {
  // Sequences that stress DELTA_BINARY_PACKED: constant, monotonic, deltas
  // that overflow int64 (min/max alternating), tiny and huge bit widths
  // within one block, and lengths that end mid-miniblock.
  return [
    `CREATE OR REPLACE TABLE t (const BIGINT, inc INTEGER, dec BIGINT, swing BIGINT, swing32 INTEGER, mixed BIGINT, short_run INTEGER)`,
    `INSERT INTO t SELECT 42, i::INTEGER, 1000000 - i * 3,
       CASE WHEN i % 2 = 0 THEN -9223372036854775808 ELSE 9223372036854775807 END,
       CASE WHEN i % 2 = 0 THEN -2147483648 ELSE 2147483647 END,
       CASE WHEN (i // 128) % 2 = 0 THEN i ELSE (hash(i)::HUGEINT - 9223372036854775808)::BIGINT END,
       CASE WHEN i % 7 = 3 THEN NULL ELSE (i % 5)::INTEGER END
     FROM range(${o.rows}) r(i) ORDER BY i`,
  ];
}
function stringsSql(o) {
  // Empty strings, unicode of every UTF-8 length, long values (big pages),
  // and embedded NUL/TAB/newline.
  return [
    `CREATE OR REPLACE TABLE t (s VARCHAR, u VARCHAR, big VARCHAR, bin BLOB)`,
    `INSERT INTO t SELECT
       CASE WHEN i % 5 = 0 THEN '' WHEN i % 11 = 0 THEN NULL ELSE 'x' || i END,
       CASE i % 6 WHEN 0 THEN 'ascii' WHEN 1 THEN 'ü€𝄞' WHEN 2 THEN 'Ελληνικά' WHEN 3 THEN chr(0) || chr(9) || chr(10)
                  WHEN 4 THEN '中文' || i ELSE '' END || repeat('é', (i % 4)::INTEGER),
       CASE WHEN i % 500 = 7 THEN repeat('big-' || i, 20000) WHEN i % 13 = 0 THEN NULL ELSE 'small' END,
       CASE WHEN i % 9 = 0 THEN ''::BLOB WHEN i % 10 = 0 THEN NULL ELSE unhex(lpad(to_hex(hash(i) % 65536), 4, '0')) END
     FROM range(${o.rows}) r(i) ORDER BY i`,
  ];
}
function bigSql(o) {
  return [
    `CREATE OR REPLACE TABLE t (id BIGINT, x DOUBLE, cat VARCHAR, n INTEGER, flag BOOLEAN, ts TIMESTAMP, s VARCHAR)`,
    `INSERT INTO t SELECT i, hash(i)::DOUBLE / 3.0, 'category-' || (i % 17), CASE WHEN i % 7 = 0 THEN NULL ELSE (hash(i) % 100000)::INTEGER END,
       i % 3 = 0, make_timestamp(1600000000000000 + i * 1000003), CASE WHEN i % 5 = 0 THEN NULL ELSE 'row' || i END
     FROM range(${o.rows}) r(i) ORDER BY i`,
  ];
}

// ------------------------------------------------------ our writer's cases
// Expectations for each case of `conformance_tool write`; the names must
// match `conformance_tool list-write-cases` exactly (checked).
const W_TYPES_DUCK = {
  b: 'BOOLEAN', i8: 'TINYINT', i16: 'SMALLINT', i32: 'INTEGER', i64: 'BIGINT', u8: 'UTINYINT', u16: 'USMALLINT',
  u32: 'UINTEGER', u64: 'UBIGINT', f32: 'FLOAT', f64: 'DOUBLE', s: 'VARCHAR', bl: 'BLOB', fx: ['BLOB', 'UUID'], dt: 'DATE',
  ts_ms: ['TIMESTAMP', 'TIMESTAMP_MS'], ts_us: 'TIMESTAMP', ts_ns: 'TIMESTAMP_NS', ts_us_utc: 'TIMESTAMP WITH TIME ZONE',
  tm_ms: 'TIME', tm_us: 'TIME', tm_ns: 'TIME_NS', tm_us_utc: 'TIME WITH TIME ZONE',
  d4: 'DECIMAL(4,1)', d9: 'DECIMAL(9,2)', d18: 'DECIMAL(18,4)', d38: 'DECIMAL(38,10)', d25: 'DECIMAL(25,0)',
};
function writeCase(name, group, o) { return { kind: 'write', name, group, ...o }; }
const WRITE_CASES = [
  writeCase('types_v1_snappy', 'write_types', { expect: { codec: 'SNAPPY', pages: 'v1', repetition: 'OPTIONAL', rowGroups: 1 }, duckTypes: W_TYPES_DUCK }),
  writeCase('types_v2_zstd', 'write_types', { expect: { codec: 'ZSTD', pages: 'v2', repetition: 'OPTIONAL', rowGroups: 1 }, duckTypes: W_TYPES_DUCK }),
  writeCase('types_v1_gzip', 'write_types', { expect: { codec: 'GZIP', pages: 'v1', repetition: 'OPTIONAL' } }),
  writeCase('types_v2_uncompressed', 'write_types', { expect: { codec: 'UNCOMPRESSED', pages: 'v2', repetition: 'OPTIONAL' } }),
  writeCase('types_required_v1', 'write_types', { expect: { codec: 'SNAPPY', pages: 'v1', repetition: 'REQUIRED' }, duckTypes: W_TYPES_DUCK }),
  writeCase('types_required_v2', 'write_types', { expect: { codec: 'ZSTD', pages: 'v2', repetition: 'REQUIRED' } }),
  writeCase('types_dictionary_storage', 'write_types', {
    expect: { codec: 'SNAPPY', pages: 'v1', enc: { cat: 'RLE_DICTIONARY', cat_req: 'RLE_DICTIONARY', low: 'RLE_DICTIONARY' },
      repetition: { cat: 'OPTIONAL', cat_req: 'REQUIRED', low: 'OPTIONAL', id: 'REQUIRED' } } }),

  writeCase('enc_plain_v1', 'write_encodings', { expect: { codec: 'SNAPPY', pages: 'v1', enc: { '*': 'PLAIN' } } }),
  writeCase('enc_plain_v2', 'write_encodings', { expect: { codec: 'ZSTD', pages: 'v2', enc: { '*': 'PLAIN' } } }),
  writeCase('enc_plain_dictionary_v1', 'write_encodings', { expect: { codec: 'SNAPPY', pages: 'v1', enc: { '*': 'PLAIN_DICTIONARY' } } }),
  writeCase('enc_rle_dictionary_v1', 'write_encodings', { expect: { codec: 'UNCOMPRESSED', pages: 'v1', enc: { '*': 'RLE_DICTIONARY' } } }),
  writeCase('enc_rle_dictionary_v2', 'write_encodings', { expect: { codec: 'ZSTD', pages: 'v2', enc: { '*': 'RLE_DICTIONARY' } } }),
  writeCase('enc_rle_boolean_v1', 'write_encodings', { expect: { codec: 'UNCOMPRESSED', pages: 'v1', enc: { '*': 'RLE' } } }),
  writeCase('enc_rle_boolean_v2', 'write_encodings', { expect: { codec: 'SNAPPY', pages: 'v2', enc: { '*': 'RLE' } } }),
  writeCase('enc_delta_binary_packed_v1', 'write_encodings', { expect: { codec: 'UNCOMPRESSED', pages: 'v1', enc: { '*': 'DELTA_BINARY_PACKED' } } }),
  writeCase('enc_delta_binary_packed_v2', 'write_encodings', { expect: { codec: 'ZSTD', pages: 'v2', enc: { '*': 'DELTA_BINARY_PACKED' } } }),
  writeCase('enc_delta_length_byte_array_v1', 'write_encodings', { expect: { codec: 'SNAPPY', pages: 'v1', enc: { '*': 'DELTA_LENGTH_BYTE_ARRAY' } } }),
  writeCase('enc_delta_length_byte_array_v2', 'write_encodings', { expect: { codec: 'ZSTD', pages: 'v2', enc: { '*': 'DELTA_LENGTH_BYTE_ARRAY' } } }),
  writeCase('enc_delta_byte_array_v1', 'write_encodings', { expect: { codec: 'UNCOMPRESSED', pages: 'v1', enc: { '*': 'DELTA_BYTE_ARRAY' } } }),
  writeCase('enc_delta_byte_array_v2', 'write_encodings', { expect: { codec: 'GZIP', pages: 'v2', enc: { '*': 'DELTA_BYTE_ARRAY' } } }),
  writeCase('enc_byte_stream_split_v1', 'write_encodings', { expect: { codec: 'UNCOMPRESSED', pages: 'v1', enc: { '*': 'BYTE_STREAM_SPLIT' } } }),
  writeCase('enc_byte_stream_split_v2', 'write_encodings', { expect: { codec: 'ZSTD', pages: 'v2', enc: { '*': 'BYTE_STREAM_SPLIT' } } }),
  // DuckDB 1.5.6 refuses BYTE_STREAM_SPLIT on anything but FLOAT/DOUBLE
  // ("only supported for FLOAT or DOUBLE data"), so for INT32/INT64/FLBA
  // (format 2.11) only the page walk and our reader's round trip check it.
  writeCase('enc_byte_stream_split_fixed_v2', 'write_encodings', { expect: { codec: 'SNAPPY', pages: 'v2', enc: { '*': 'BYTE_STREAM_SPLIT' } },
    noDuckRead: 'DuckDB 1.5.6 reads BYTE_STREAM_SPLIT only for FLOAT/DOUBLE; checked by page walk and our reader only' }),
  writeCase('enc_small_pages_v1', 'write_encodings', { expect: { codec: 'SNAPPY', pages: 'v1',
    enc: { s: 'RLE_DICTIONARY', i64: 'DELTA_BINARY_PACKED', f64: 'BYTE_STREAM_SPLIT', b: 'RLE', txt: 'DELTA_BYTE_ARRAY', d38: 'PLAIN' } },
    minPages: 5 }),
  writeCase('enc_small_pages_v2', 'write_encodings', { expect: { codec: 'ZSTD', pages: 'v2',
    enc: { s: 'RLE_DICTIONARY', i64: 'DELTA_BINARY_PACKED', f64: 'BYTE_STREAM_SPLIT', b: 'RLE', txt: 'DELTA_BYTE_ARRAY', d38: 'PLAIN' } },
    minPages: 5 }),

  writeCase('edge_empty', 'write_edge', { expect: { rowGroups: 0 } }),
  writeCase('edge_single_row', 'write_edge', { expect: { codec: 'SNAPPY', pages: 'v1', rowGroups: 1 }, stats: true }),
  writeCase('edge_all_null', 'write_edge', { expect: { codec: 'ZSTD', pages: 'v2', rowGroups: 1, repetition: 'OPTIONAL' }, stats: true }),
  writeCase('edge_row_groups', 'write_edge', { expect: { codec: 'SNAPPY', pages: 'v1', rowGroups: 11 }, groupRows: 1000, stats: true }),
  writeCase('edge_stats_v1', 'write_edge', { expect: { codec: 'SNAPPY', pages: 'v1', rowGroups: 3 }, stats: true }),
  writeCase('edge_stats_v2', 'write_edge', { expect: { codec: 'ZSTD', pages: 'v2', rowGroups: 3 }, stats: true }),
  writeCase('edge_kv_metadata', 'write_edge', { expect: { codec: 'SNAPPY', pages: 'v1' },
    kv: [['pdex.model', 'drift-v3'], ['pdex.ünïcode', 'välue ✓'], ['pdex.empty', ''], ['pdex.json', '{"a":[1,2,3],"b":"x\\ty"}']] }),
  writeCase('edge_dictionary_fallback', 'write_edge', { expect: { codec: 'SNAPPY', pages: 'v1',
    enc: { low: 'RLE_DICTIONARY', high: ['PLAIN', 'RLE_DICTIONARY'] } } }),
  writeCase('edge_strings', 'write_edge', { expect: { codec: 'ZSTD', pages: 'v2' } }),

  writeCase('big_1m_v1_snappy', 'write_1m_v1', { expect: { codec: 'SNAPPY', pages: 'v1', rowGroups: 2 } }),
  writeCase('big_1m_v2_zstd', 'write_1m_v2', { expect: { codec: 'ZSTD', pages: 'v2', rowGroups: 3,
    enc: { id: 'DELTA_BINARY_PACKED', x: 'BYTE_STREAM_SPLIT', cat: 'RLE_DICTIONARY' } }, dumpWhole: true }),
];

// --------------------------------------------------------------- execution
const GROUPS = ['read_types', 'read_encodings', 'read_compression', 'read_edge', 'read_1m_v1', 'read_1m_v2',
  'read_1m_pagev2', 'write_types', 'write_encodings', 'write_edge', 'write_1m_v1', 'write_1m_v2'];

async function runReadCase(conn, c, work) {
  const file = path.join(work, `${c.name}.parquet`);
  const stmts = c.custom ? c.custom(c) : tableSql(c);
  for (const s of stmts) await conn.run(s);
  const src = c.toV2 ? path.join(work, `${c.name}.duckdb.parquet`) : file;
  const opts = [`FORMAT parquet`, `COMPRESSION ${c.toV2 ? 'uncompressed' : c.copy.codec}`, `PARQUET_VERSION ${c.copy.version}`];
  if (c.copy.rowGroupSize) opts.push(`ROW_GROUP_SIZE ${c.copy.rowGroupSize}`);
  if (c.copy.extra) opts.push(c.copy.extra);
  await conn.run(`COPY t TO ${sqlStr(src)} (${opts.join(', ')})`);
  step('duckdb wrote the file');
  const notes = [];
  try {
    if (c.toV2) {
      // Re-frame as data page v2; DuckDB must read the result exactly as it
      // reads its own file, or the conversion (not our reader) is at fault.
      convertToV2(src, file, c.toV2);
      const ref = path.join(work, `${c.name}.duckdb.txt`);
      const fd = fs.openSync(ref, 'w');
      await duckCanonical(conn, src, null, (line) => { fs.writeSync(fd, line + '\n'); });
      fs.closeSync(fd);
      const conv = await compareDuckWithFile(conn, file, null, ref, 'original', 'pagev2  ', false);
      if (!args.keep) fs.rmSync(ref, { force: true });
      if (conv) return { fail: `DuckDB reads the v2-page file differently from the original (harness bug): ${conv}` };
      step('converted to data page v2 and checked');
    }
    const info = await inspectFile(conn, file);
    const problems = checkFile(info, c.expect);
    if (problems.length) return { fail: `file is not what the case claims: ${problems.join('; ')}` };
    step('metadata and page walk');
    if (c.reportRepetition) {
      const reps = new Set(info.repetition.values());
      if (!(reps.size === 1 && reps.has(c.reportRepetition))) {
        notes.push(`DuckDB wrote ${setStr(reps)} though the table is NOT NULL (duckdb#23051); REQUIRED is covered by write cases`);
      }
    }
    const dumps = c.dumps ?? [[]];
    for (const extra of dumps) {
      const out = path.join(work, `${c.name}.tool.txt`);
      const res = await runTool(['dump', file, ...extra], out);
      if (res.code !== 0) return { fail: toolFailure(`dump ${extra.join(' ')}`, res) };
      step(`tool dump ${extra.join(' ')}`);
      const ci = extra.indexOf('--columns');
      const columns = ci >= 0 ? extra[ci + 1].split(',') : null;
      const diff = await compareDuckWithFile(conn, file, columns, out, 'duckdb', 'ours  ', true);
      if (!args.keep) fs.rmSync(out, { force: true });
      if (diff) return { fail: `dump ${extra.join(' ')}: ${diff}` };
      step('compared with DuckDB');
    }
  } finally {
    if (!args.keep) {
      for (const f of new Set([file, src, path.join(work, `${c.name}.tool.txt`), path.join(work, `${c.name}.duckdb.txt`)])) {
        fs.rmSync(f, { force: true });
      }
    }
  }
  return { notes };
}

async function checkStats(conn, file, info) {
  // Per row group and column: the file's min/max/null_count (as DuckDB
  // decodes them) against DuckDB's aggregates over that row group's rows.
  const problems = [];
  const meta = (await conn.runAndReadAll(
    `SELECT row_group_id, path_in_schema, stats_min, stats_max, stats_min_value, stats_max_value, stats_null_count
     FROM parquet_metadata(${sqlStr(file)})`)).getRowObjectsJS();
  const probe = await conn.run(`SELECT * FROM read_parquet(${sqlStr(file)}) LIMIT 0`);
  const names = probe.columnNames();
  const types = probe.columnTypes();
  let bounds = 'CASE';
  let acc = 0;
  info.groupRows.forEach((n, g) => { acc += n; bounds += ` WHEN file_row_number < ${acc} THEN ${g}`; });
  bounds += ' END';
  const aggs = names.map((n, k) => {
    // NaN is not ordered in Parquet statistics; the cases keep it out.
    const conv = (e) => (types[k].typeId === T.BLOB ? `hex(${e})` : `${e}::VARCHAR`);
    return `${conv(`min(${qi(n)})`)} AS "min${k}", ${conv(`max(${qi(n)})`)} AS "max${k}", count(*) - count(${qi(n)}) AS "nulls${k}"`;
  });
  const agg = (await conn.runAndReadAll(
    `SELECT ${bounds} AS rg, ${aggs.join(', ')} FROM read_parquet(${sqlStr(file)}, file_row_number = true) GROUP BY rg ORDER BY rg`))
    .getRowObjectsJS();
  const byKey = new Map(meta.map((m) => [`${m.row_group_id}/${m.path_in_schema}`, m]));
  for (const a of agg) {
    names.forEach((n, k) => {
      const m = byKey.get(`${a.rg}/${n}`);
      if (!m) { problems.push(`rg ${a.rg} ${n}: no metadata`); return; }
      // DuckDB prints BLOB statistics with escapes; compare them as hex.
      const isBlob = types[k].typeId === T.BLOB;
      const minV = isBlob ? blobStat(m.stats_min_value) : m.stats_min_value;
      const maxV = isBlob ? blobStat(m.stats_max_value) : m.stats_max_value;
      if (m.stats_null_count === null || Number(m.stats_null_count) !== Number(a[`nulls${k}`])) {
        problems.push(`rg ${a.rg} ${n}: null_count ${m.stats_null_count}, rows have ${a[`nulls${k}`]}`);
      }
      if (minV !== a[`min${k}`]) problems.push(`rg ${a.rg} ${n}: min_value ${trunc(String(minV), 80)}, rows have ${trunc(String(a[`min${k}`]), 80)}`);
      if (maxV !== a[`max${k}`]) problems.push(`rg ${a.rg} ${n}: max_value ${trunc(String(maxV), 80)}, rows have ${trunc(String(a[`max${k}`]), 80)}`);
    });
  }
  return problems;
}
// DuckDB renders BLOB statistics like BLOB::VARCHAR (printable ASCII as is,
// other bytes as \xHH); turn that back into uppercase hex.
function blobStat(s) {
  if (s === null) return null;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\' && s[i + 1] === 'x') { out += s.slice(i + 2, i + 4).toUpperCase(); i += 3; }
    else out += s.charCodeAt(i).toString(16).padStart(2, '0').toUpperCase();
  }
  return out;
}

async function runWriteCase(conn, c, work) {
  const file = path.join(work, `${c.name}.parquet`);
  const written = path.join(work, `${c.name}.written.txt`);
  const dumped = path.join(work, `${c.name}.dump.txt`);
  const cleanup = () => { if (!args.keep) for (const f of [file, written, dumped]) fs.rmSync(f, { force: true }); };
  try {
    const res = await runTool(['write', c.name, file], written);
    if (res.code !== 0) return { fail: toolFailure('write', res) };
    step('tool write');
    const info = await inspectFile(conn, file);
    const problems = checkFile(info, c.expect);
    if (c.minPages) {
      for (const [n, col] of info.cols) if (col.dataPages < c.minPages) problems.push(`${n}: ${col.dataPages} data pages, expected at least ${c.minPages}`);
    }
    if (c.groupRows) {
      const bad = info.groupRows.slice(0, -1).filter((r) => r !== c.groupRows);
      if (bad.length) problems.push(`row groups of ${info.groupRows.join(',')} rows, expected ${c.groupRows} each but the last`);
    }
    if (c.duckTypes) {
      const probe = await conn.run(`SELECT * FROM read_parquet(${sqlStr(file)}) LIMIT 0`);
      const names = probe.columnNames();
      const types = probe.columnTypes();
      names.forEach((n, k) => {
        const want = c.duckTypes[n];
        const got = types[k].toString();
        if (want === undefined) problems.push(`${n}: no expected DuckDB type`);
        else if (!(Array.isArray(want) ? want : [want]).includes(got)) problems.push(`${n}: DuckDB reads it as ${got}, expected ${want}`);
      });
    }
    if (c.kv) {
      const kv = (await conn.runAndReadAll(`SELECT key, value FROM parquet_kv_metadata(${sqlStr(file)})`)).getRows();
      const have = new Map(kv.map(([k, v]) => [Buffer.from(k.bytes).toString('utf8'), v === null ? null : Buffer.from(v.bytes).toString('utf8')]));
      for (const [k, v] of c.kv) {
        if (!have.has(k)) problems.push(`key-value metadata: no key ${JSON.stringify(k)} (have ${JSON.stringify([...have.keys()])})`);
        else if (have.get(k) !== v) problems.push(`key-value metadata ${JSON.stringify(k)} = ${JSON.stringify(have.get(k))}, expected ${JSON.stringify(v)}`);
      }
    }
    if (c.stats) {
      const statProblems = await checkStats(conn, file, info);
      problems.push(...statProblems);
      if (args.verbose) console.log(`     statistics checked for ${info.rowGroups} row groups x ${info.cols.size} columns`);
    }
    if (problems.length) return { fail: `file is not what the case claims: ${problems.slice(0, 12).join('; ')}${problems.length > 12 ? ` (+${problems.length - 12} more)` : ''}` };
    step('metadata, page walk, statistics');

    // DuckDB must read exactly the values written.
    if (!c.noDuckRead) {
      const diff = await compareDuckWithFile(conn, file, null, written, 'written', 'duckdb ', false);
      if (diff) return { fail: `DuckDB read: ${diff}` };
      step('DuckDB read compared');
    }
    // Our reader must read them back too (row group by row group, and whole).
    for (const extra of c.dumpWhole ? [[], ['--whole']] : [[]]) {
      const r2 = await runTool(['dump', file, ...extra], dumped);
      if (r2.code !== 0) return { fail: toolFailure(`dump ${extra.join(' ')}`, r2) };
      step(`tool dump ${extra.join(' ')}`);
      const d2 = compareFiles(written, dumped, 'written', 'ours   ');
      if (d2) return { fail: `our reader${extra.length ? ' ' + extra.join(' ') : ''}: ${d2}` };
      step('compared');
    }
  } finally {
    cleanup();
  }
  return { notes: c.noDuckRead ? [c.noDuckRead] : [] };
}

async function toolWriteCases(work) {
  const out = path.join(work, 'write-cases.txt');
  const res = await runTool(['list-write-cases'], out);
  const text = fs.readFileSync(out, 'utf8');
  fs.rmSync(out, { force: true });
  if (res.code !== 0) throw new Error(toolFailure('list-write-cases', res));
  return text.split('\n').filter((s) => s !== '');
}

async function main() {
  let groups;
  if (args.group === 'all') groups = GROUPS;
  else if (args.group === 'read' || args.group === 'write') groups = GROUPS.filter((g) => g.startsWith(args.group + '_'));
  else if (GROUPS.includes(args.group)) groups = [args.group];
  else usage(`--group must be read, write, all or one of ${GROUPS.join(', ')}`);
  let cases = [...READ_CASES, ...WRITE_CASES].filter((c) => groups.includes(c.group));
  if (args.case) cases = cases.filter((c) => c.name.includes(args.case));
  if (args.list) {
    for (const c of cases) console.log(`${c.group}\t${c.name}`);
    return 0;
  }
  if (!args.tool || !args.work) usage('--tool and --work are required');
  fs.mkdirSync(args.work, { recursive: true });

  let failed = 0;
  let passed = 0;
  if (cases.some((c) => c.kind === 'write')) {
    // The tool and this driver must agree on the case list, so no case is
    // silently untested.
    const toolCases = await toolWriteCases(args.work);
    const mine = new Set(WRITE_CASES.map((c) => c.name));
    const missingHere = toolCases.filter((n) => !mine.has(n));
    const missingTool = [...mine].filter((n) => !toolCases.includes(n));
    if (missingHere.length || missingTool.length) {
      console.log(`FAIL write case lists differ: only in tool: ${missingHere.join(',') || '-'}; only in driver: ${missingTool.join(',') || '-'}`);
      failed++;
    }
  }

  const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
  const conn = await instance.connect();
  await conn.run(`SET TimeZone = 'UTC'`);
  const t0 = Date.now();
  for (const c of cases) {
    const start = Date.now();
    stepStart = start;
    let r;
    try {
      r = c.kind === 'read' ? await runReadCase(conn, c, args.work) : await runWriteCase(conn, c, args.work);
    } catch (e) {
      r = { fail: `error: ${trunc(String(e.message ?? e), 2000)}` };
    }
    const secs = ((Date.now() - start) / 1000).toFixed(1);
    if (r.fail) {
      failed++;
      console.log(`FAIL ${c.name}: ${r.fail}`);
    } else {
      passed++;
      console.log(`ok   ${c.name} (${secs}s)${r.notes?.length ? '  note: ' + r.notes.join('; ') : ''}`);
    }
  }
  conn.closeSync();
  console.log(`\n${args.group}: ${passed} passed, ${failed} failed (${((Date.now() - t0) / 1000).toFixed(1)}s)`);
  return failed ? 1 : 0;
}

process.exitCode = await main();
