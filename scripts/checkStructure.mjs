#!/usr/bin/env node
// Keeps the source walkable (issue 13): lists the longest functions in packages/*/src and any import
// cycle among source files; exits non-zero on a cycle or on a function over MAX_FUNCTION_LINES that is
// not an exception listed below with its reason. Run by `pnpm lint`; `--top N` lists N functions.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
/** About a screen and a half: a function longer than this does more than one thing (issue 13). */
const MAX_FUNCTION_LINES = 120;
/**
 * Functions allowed over the limit, by `file#name`, each with why it stays whole. Shrink this list;
 * an entry whose function got shorter (or went) fails too, so the list cannot go stale.
 */
const LONG_FUNCTION_EXCEPTIONS = {};
/**
 * Import cycles allowed, by the sorted list of their files, each with why. Same rule: a listed cycle
 * that is gone fails until it is removed from here.
 */
const CYCLE_EXCEPTIONS = {};

const topArg = process.argv.indexOf("--top");
const TOP = topArg === -1 ? 15 : Number(process.argv[topArg + 1]);

function walk(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return walk(path);
    return path.endsWith(".ts") && !path.endsWith(".d.ts") ? [path] : [];
  });
}

const packagesDir = join(root, "packages");
const packages = readdirSync(packagesDir).filter((pkg) => existsSync(join(packagesDir, pkg, "src")));
const files = packages.flatMap((pkg) => walk(join(packagesDir, pkg, "src")));
const fileSet = new Set(files);

/** A readable name for a function node: `Class.method`, `name`, or `<arrow>` with its variable. */
function functionName(node) {
  const own =
    node.name && ts.isIdentifier(node.name) ? node.name.text : node.name && ts.isPrivateIdentifier(node.name) ? node.name.text : undefined;
  const parent = node.parent;
  let name = own;
  if (name === undefined && ts.isConstructorDeclaration(node)) name = "constructor";
  if (
    name === undefined &&
    parent &&
    (ts.isVariableDeclaration(parent) || ts.isPropertyDeclaration(parent) || ts.isPropertyAssignment(parent)) &&
    ts.isIdentifier(parent.name)
  ) {
    name = parent.name.text;
  }
  name ??= "<anonymous>";
  for (let p = node.parent; p; p = p.parent) {
    if ((ts.isClassDeclaration(p) || ts.isClassExpression(p)) && p.name) return `${p.name.text}.${name}`;
  }
  return name;
}

/** Every function's length in lines, and every import (type imports too) of one source file. */
function analyse(file) {
  const text = readFileSync(file, "utf8");
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const functions = [];
  const imports = [];
  const lineOf = (pos) => source.getLineAndCharacterOfPosition(pos).line + 1;
  const visit = (node) => {
    if (
      (ts.isFunctionDeclaration(node) ||
        ts.isMethodDeclaration(node) ||
        ts.isConstructorDeclaration(node) ||
        ts.isGetAccessorDeclaration(node) ||
        ts.isSetAccessorDeclaration(node) ||
        ts.isArrowFunction(node) ||
        ts.isFunctionExpression(node)) &&
      node.body !== undefined
    ) {
      const start = lineOf(node.getStart(source));
      const end = lineOf(node.getEnd());
      functions.push({ file, name: functionName(node), line: start, lines: end - start + 1 });
    }
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      imports.push(node.moduleSpecifier.text);
    }
    if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      imports.push(node.argument.literal.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { functions, imports };
}

/** The source file an import names: a relative `./x.js` (→ x.ts), or a workspace package (→ its src/index.ts). */
function resolveImport(from, specifier) {
  if (specifier.startsWith(".")) {
    const target = resolve(dirname(from), specifier.replace(/\.js$/, ".ts"));
    return fileSet.has(target) ? target : undefined;
  }
  const pkg = /^@eigenchain\/([^/]+)$/.exec(specifier)?.[1];
  if (pkg === undefined) return undefined;
  const index = join(packagesDir, pkg, "src", "index.ts");
  return fileSet.has(index) ? index : undefined;
}

const allFunctions = [];
const graph = new Map();
for (const file of files) {
  const { functions, imports } = analyse(file);
  allFunctions.push(...functions);
  graph.set(file, [...new Set(imports.map((s) => resolveImport(file, s)).filter((t) => t !== undefined))]);
}

/** Strongly connected components of the import graph with more than one file (Tarjan's algorithm), or a file importing itself. */
function findCycles() {
  let next = 0;
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const cycles = [];
  const connect = (v) => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v), index.get(w)));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component = [];
      let w;
      do {
        w = stack.pop();
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) cycles.push(component);
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) connect(v);
  return cycles;
}

/** One path around a component, for the report: a → b → … → a. */
function describeCycle(component) {
  const members = new Set(component);
  const start = component[component.length - 1];
  const path = [start];
  const seen = new Set([start]);
  let at = start;
  for (;;) {
    const nextHop = (graph.get(at) ?? []).find((w) => members.has(w) && (w === start || !seen.has(w)));
    if (nextHop === undefined || nextHop === start) break;
    path.push(nextHop);
    seen.add(nextHop);
    at = nextHop;
  }
  path.push(start);
  return `${path.map((f) => relative(root, f)).join(" → ")}${component.length > path.length - 1 ? ` (and ${component.length - path.length + 1} more files in the same cycle)` : ""}`;
}

const rel = (f) => relative(root, f);
allFunctions.sort((a, b) => b.lines - a.lines);
const out = [`Longest functions in packages/*/src (limit ${MAX_FUNCTION_LINES} lines):`];
for (const f of allFunctions.slice(0, TOP)) out.push(`  ${String(f.lines).padStart(4)}  ${rel(f.file)}:${f.line}  ${f.name}`);

const problems = [];
const excepted = new Set();
for (const f of allFunctions) {
  if (f.lines <= MAX_FUNCTION_LINES) break;
  const key = `${rel(f.file)}#${f.name}`;
  if (key in LONG_FUNCTION_EXCEPTIONS) excepted.add(key);
  else problems.push(`function over ${MAX_FUNCTION_LINES} lines: ${rel(f.file)}:${f.line} ${f.name} (${f.lines} lines)`);
}
for (const key of Object.keys(LONG_FUNCTION_EXCEPTIONS)) {
  if (!excepted.has(key))
    problems.push(`stale exception (now within ${MAX_FUNCTION_LINES} lines, or gone): ${key}: remove it from LONG_FUNCTION_EXCEPTIONS`);
}
const cycles = findCycles();
out.push(
  cycles.length === 0
    ? `Import cycles among ${files.length} source files: none`
    : `Import cycles among ${files.length} source files: ${cycles.length}`,
);
const exceptedCycles = new Set();
for (const c of cycles) {
  const key = c.map(rel).sort().join(" ");
  if (key in CYCLE_EXCEPTIONS) exceptedCycles.add(key);
  else problems.push(`import cycle: ${describeCycle(c)}`);
}
for (const key of Object.keys(CYCLE_EXCEPTIONS)) {
  if (!exceptedCycles.has(key)) problems.push(`stale cycle exception (the cycle is gone): ${key}: remove it from CYCLE_EXCEPTIONS`);
}
const listed = [...Object.keys(LONG_FUNCTION_EXCEPTIONS), ...Object.keys(CYCLE_EXCEPTIONS)];
if (listed.length > 0) out.push(`Listed exceptions (see the reasons in scripts/checkStructure.mjs): ${listed.join("; ")}`);

process.stdout.write(`${out.join("\n")}\n`);
if (problems.length > 0) {
  process.stderr.write(`${problems.join("\n")}\n${problems.length} structure problem(s)\n`);
  process.exit(1);
}
process.stdout.write("structure: ok\n");
