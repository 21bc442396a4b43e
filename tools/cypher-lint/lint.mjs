#!/usr/bin/env node
// Lint Cypher files with Neo4j's own Cypher front end (@neo4j-cypher/language-support,
// the parser and semantic analysis behind Neo4j's editors) and print a JSON report.
//
// Usage:
//   node lint.mjs FILE.cypher [FILE.cypher ...]
//   node lint.mjs - < request.json
//
// request.json is either a list of entries or {"files": [entries], "labels": [...],
// "relationshipTypes": [...]}. An entry is a path, or {"path": ..., "parameters": [names]}.
// Without explicit parameters a file's declared parameters are its `// param: NAME (…)`
// header lines, or those of the portable NAME.cypher beside a NAME.BACKEND.cypher variant,
// so a `$name` the header does not declare is reported as an error.
// With labels and relationship types, a label or type outside them is a warning.
//
// Report: {"linter", "cypherVersion", "files": [{"path", "errors", "warnings",
// "diagnostics": [{"severity", "level", "line", "column", "message"}]}]}, lines and
// columns counted from 1. Exit code 0 when no file has an error, 1 when one has,
// 2 when the request itself is wrong (unreadable file, bad JSON).
// The front end takes about a second per query, so files are shared among worker
// threads, one per core.

import { readFileSync, existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { lintCypherQuery, testData } from '@neo4j-cypher/language-support';

const CYPHER_VERSION = 'CYPHER 5'; // Neo4j 5, the version docker-compose.yml runs
const LEVELS = { 1: 'error', 2: 'warning', 3: 'information', 4: 'hint' };

// Without a function and procedure catalogue the front end accepts any name, so a
// FalkorDB-only call (algo.pageRank) would pass. The package ships Neo4j's catalogue
// (exported as testData.mockSchema, with APOC and GDS in it); keep only what a plain
// Neo4j server has: built-in functions and the db./dbms./tx. procedures.
function builtInCatalogue() {
  const full = testData.mockSchema;
  const functions = Object.fromEntries(
    Object.entries(full.functions[CYPHER_VERSION]).filter(([, fn]) => fn.isBuiltIn),
  );
  const procedures = Object.fromEntries(
    Object.entries(full.procedures[CYPHER_VERSION]).filter(([name]) => /^(db|dbms|tx)\./.test(name)),
  );
  return { functions: { [CYPHER_VERSION]: functions }, procedures: { [CYPHER_VERSION]: procedures } };
}

function linterVersion() {
  const require = createRequire(import.meta.url);
  const entry = require.resolve('@neo4j-cypher/language-support');
  let dir = dirname(entry);
  while (!existsSync(join(dir, 'package.json')) || basename(dir) !== 'language-support') {
    const parent = dirname(dir);
    if (parent === dir) return 'unknown';
    dir = parent;
  }
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version;
}

function headerParameters(text) {
  const names = [];
  for (const line of text.split('\n')) {
    const match = /^\s*\/\/\s*param:\s*([A-Za-z_][A-Za-z0-9_]*)\s*\(/.exec(line);
    if (match) names.push(match[1]);
  }
  return names;
}

function declaredParameters(path, text) {
  const own = headerParameters(text);
  if (own.length > 0) return own;
  const variant = /^(.*)\.[a-z0-9]+\.cypher$/.exec(basename(path));
  if (variant) {
    const portable = join(dirname(path), `${variant[1]}.cypher`);
    if (existsSync(portable)) return headerParameters(readFileSync(portable, 'utf8'));
  }
  return own;
}

function lintFile(entry, schemaBase) {
  const path = typeof entry === 'string' ? entry : entry.path;
  const text = readFileSync(path, 'utf8');
  const names = typeof entry === 'string' || !entry.parameters ? declaredParameters(path, text) : entry.parameters;
  // The value is irrelevant to the front end; only "declared or not" matters.
  const parameters = Object.fromEntries(names.map((name) => [name, null]));
  const { diagnostics } = lintCypherQuery(text, { ...schemaBase, parameters }, { consoleCommandsEnabled: false });
  const shown = diagnostics.map((d) => ({
    severity: d.severity,
    level: LEVELS[d.severity] ?? String(d.severity),
    line: d.range.start.line + 1,
    column: d.range.start.character + 1,
    message: d.message,
  }));
  return {
    path,
    errors: shown.filter((d) => d.severity === 1).length,
    warnings: shown.filter((d) => d.severity === 2).length,
    diagnostics: shown,
  };
}

function readRequest(argv) {
  if (argv.length === 1 && argv[0] === '-') {
    const request = JSON.parse(readFileSync(0, 'utf8'));
    return Array.isArray(request) ? { files: request } : request;
  }
  return { files: argv };
}

function lintAll(entries, schemaBase) {
  const workers = Math.min(entries.length, availableParallelism());
  if (workers <= 1) return Promise.resolve(entries.map((entry) => lintFile(entry, schemaBase)));
  const shares = Array.from({ length: workers }, (_, w) => entries.filter((_, i) => i % workers === w));
  const runs = shares.map(
    (share) =>
      new Promise((resolve, reject) => {
        const worker = new Worker(new URL(import.meta.url), { workerData: { entries: share, schemaBase } });
        worker.once('message', (answer) => (answer.error ? reject(new Error(answer.error)) : resolve(answer.files)));
        worker.once('error', reject);
      }),
  );
  return Promise.all(runs).then((answers) =>
    entries.map((_, i) => answers[i % workers][Math.floor(i / workers)]),
  );
}

async function main() {
  const argv = process.argv.slice(2);
  if (argv.length === 0 || argv.includes('--help') || argv.includes('-h')) {
    process.stderr.write('usage: node lint.mjs FILE.cypher ... | node lint.mjs - < request.json\n');
    return 2;
  }
  let request;
  try {
    request = readRequest(argv);
    if (!Array.isArray(request.files)) throw new Error('"files" must be a list');
  } catch (error) {
    process.stderr.write(`cypher-lint: cannot read the request: ${error.message}\n`);
    return 2;
  }
  const schemaBase = { defaultLanguage: CYPHER_VERSION, ...builtInCatalogue() };
  if (request.labels && request.relationshipTypes) {
    schemaBase.labels = request.labels;
    schemaBase.relationshipTypes = request.relationshipTypes;
  }
  let files;
  try {
    files = await lintAll(request.files, schemaBase);
  } catch (error) {
    process.stderr.write(`cypher-lint: ${error.message}\n`);
    return 2;
  }
  const report = {
    linter: `@neo4j-cypher/language-support@${linterVersion()}`,
    cypherVersion: CYPHER_VERSION,
    files,
  };
  process.stdout.write(JSON.stringify(report, null, 2) + '\n');
  return files.some((f) => f.errors > 0) ? 1 : 0;
}

if (isMainThread) {
  process.exitCode = await main();
} else {
  try {
    parentPort.postMessage({ files: workerData.entries.map((entry) => lintFile(entry, workerData.schemaBase)) });
  } catch (error) {
    parentPort.postMessage({ error: error.message });
  }
}
