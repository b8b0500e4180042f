// Lint every Cypher statement of the project with Neo4j's own front end.
//
// Usage: node lint.mjs [ROOT]   (ROOT defaults to the repository root)
// Every `.cypher` file under graph_service/ (the store's statements and schema/ddl) is split into its named blocks
// (`// name: x`), the vocabulary placeholders __KIND__/__REL__ are replaced by a valid label, and
// each block is linted. Errors (severity 1) fail the run; deprecations (severity 2) are reported.
// "Parameter $x is not defined" is ignored: parameters are supplied at run time.
import { lintCypherQuery } from '@neo4j-cypher/language-support';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(process.argv[2] ?? join(here, '..', '..'));

function cypherFiles(dir) {
  const out = [];
  for (const entry of readdirSync(dir)) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...cypherFiles(path));
    else if (entry.endsWith('.cypher')) out.push(path);
  }
  return out;
}

function blocks(source) {
  const found = [];
  let current = null;
  for (const line of source.split('\n')) {
    const name = line.trim().match(/^\/\/\s*name:\s*(\w+)\s*$/);
    if (name) {
      current = { name: name[1], lines: [] };
      found.push(current);
    } else if (current && !line.trim().startsWith('//')) {
      current.lines.push(line);
    }
  }
  return found.map((b) => ({ name: b.name, text: b.lines.join('\n').trim() })).filter((b) => b.text);
}

const files = ['graph_service'].flatMap((d) => cypherFiles(join(root, d))).sort();
let errors = 0;
let warnings = 0;
let statements = 0;
for (const file of files) {
  for (const block of blocks(readFileSync(file, 'utf8'))) {
    statements += 1;
    const query = block.text.replaceAll('__KIND__', 'Organisation').replaceAll('__REL__', 'MEMBER_OF');
    const { diagnostics } = lintCypherQuery(query, {});
    for (const d of diagnostics) {
      if (/^Parameter \$\w+ is not defined\.?$/.test(d.message)) continue;
      const where = `${relative(root, file)} [${block.name}] ${d.range.start.line + 1}:${d.range.start.character + 1}`;
      if (d.severity === 1) {
        errors += 1;
        console.log(`error   ${where} ${d.message}`);
      } else {
        warnings += 1;
        console.log(`warning ${where} ${d.message}`);
      }
    }
  }
}
console.log(`cypher-lint: ${statements} statements in ${files.length} files, ${errors} errors, ${warnings} warnings`);
process.exit(errors > 0 || statements === 0 ? 1 : 0);
