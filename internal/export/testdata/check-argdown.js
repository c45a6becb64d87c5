// Checks an Argdown export with the Argdown parser (@argdown/core): no lexer
// or parser error, every claim a statement whose text reads back as the
// claim's, every link a relation of the right type between the right ends.
// The Go tests cannot run Node; TestGolden keeps the exports of the seed in
// testdata/golden current (go test ./internal/export -args -update rewrites
// them), and this checks them; run it by hand after changing argdown.go:
//
//   mkdir -p /tmp/argdown-check
//   (cd /tmp/argdown-check && npm init -y >/dev/null && npm i @argdown/core)
//   for p in seed escapes two; do
//     NODE_PATH=/tmp/argdown-check/node_modules node internal/export/testdata/check-argdown.js \
//       internal/export/testdata/golden/$p-argdown.argdown internal/export/testdata/golden/$p-csv-nodes-arguments.csv \
//       internal/export/testdata/golden/$p-csv-edges-arguments.csv
//   done
//
// The claims and links to expect are read from the ArgumentGraph CSV export
// of the same maps (label = the statement title).
"use strict";
const fs = require("fs");
const core = require("@argdown/core");

function readCSV(path) {
  const s = fs.readFileSync(path, "utf8");
  const rows = [];
  let row = [], field = "", quoted = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") { row.push(field); field = ""; }
    else if (c === "\r" && s[i + 1] === "\n") { row.push(field); rows.push(row); row = []; field = ""; i++; }
    else field += c;
  }
  if (field !== "" || row.length) { row.push(field); rows.push(row); }
  const [header, ...body] = rows;
  return body.map(r => Object.fromEntries(header.map((h, i) => [h, r[i]])));
}

const [file, nodesCSV, edgesCSV] = process.argv.slice(2);
const app = new core.ArgdownApplication();
app.addPlugin(new core.ParserPlugin(), "parse-input");
app.addPlugin(new core.DataPlugin(), "build-model");
app.addPlugin(new core.ModelPlugin(), "build-model");
const res = app.run({ process: ["parse-input", "build-model"], input: fs.readFileSync(file, "utf8"), logLevel: "error" });
const problems = [];
for (const e of res.lexerErrors || []) problems.push(`lexer error at ${e.line}:${e.column}: ${e.message}`);
for (const e of res.parserErrors || []) problems.push(`parser error at line ${e.token && e.token.startLine}: ${e.message}`);

const stmts = res.statements || {}, args = res.arguments || {}, rels = res.relations || [];
const claims = readCSV(nodesCSV), links = readCSV(edgesCSV);
const title = Object.fromEntries(claims.map(c => [c.id, c.label]));
const collapse = s => s.split(/\s+/).filter(Boolean).join(" ");
for (const c of claims) {
  const s = stmts[c.label];
  if (!s) { problems.push(`claim ${c.id}: no statement [${c.label}]`); continue; }
  const member = s.members.find(m => m.text);
  const text = member ? member.text.replace(/( #[A-Za-z0-9-]+)*$/, "") : "";
  if (text !== collapse(c.text)) problems.push(`claim ${c.id}: text reads back as ${JSON.stringify(text)}, want ${JSON.stringify(collapse(c.text))}`);
  const want = [c.role, c.modality].concat(c.hedging && c.hedging !== "none" ? ["hedging-" + c.hedging] : []);
  for (const t of want) if (!(s.tags || []).includes(t)) problems.push(`claim ${c.id}: no tag #${t}`);
}
const found = rels.map(r => `${r.relationType} ${r.from.title} -> ${r.to.type === "inference" ? "<" + r.to.argumentTitle + ">" : r.to.title}`);
const linkByID = Object.fromEntries(links.map(l => [l.id, l]));
for (const l of links) {
  let want;
  if (l.kind === "undercut") {
    const s = linkByID[l.target_link];
    const arg = Object.values(args).find(a => {
      const pcs = a.pcs || [];
      return pcs.length === 2 && pcs[0].title === title[s.source] && pcs[1].title === title[s.target];
    });
    want = `undercut ${title[l.source]} -> <${arg ? arg.title : "?"}>`;
  } else {
    want = `${l.type === "supports" ? "support" : "attack"} ${title[l.source]} -> ${title[l.target]}`;
  }
  const i = found.indexOf(want);
  if (i < 0) problems.push(`link ${l.id}: no relation "${want}"`);
  else found.splice(i, 1);
}
for (const f of found) problems.push(`relation "${f}" is no link`);

console.log(`${file}: ${Object.keys(stmts).length} statements, ${Object.keys(args).length} arguments, ${rels.length} relations; ` +
  `${claims.length} claims and ${links.length} links expected; ${problems.length} problems`);
for (const p of problems) console.log("  " + p);
process.exit(problems.length ? 1 : 0);
