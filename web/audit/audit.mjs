// Runs the graphql-http audit suite (every MUST, SHOULD and MAY check of
// GraphQL over HTTP) against a running Argmap GraphQL endpoint and prints
// one line per check. It exits 1 when any check fails, whatever its level:
// cmd/argmap's TestGraphQLOverHTTPAudit runs it against a real argmap serve,
// so a regression fails make test.
//
//   node web/audit/audit.mjs http://127.0.0.1:8080/graphql
import { auditServer } from 'graphql-http';

const url = process.argv[2];
if (!url) {
  console.error('usage: node audit.mjs GRAPHQL_URL');
  process.exit(2);
}

const results = await auditServer({ url });
let failed = 0;
for (const r of results) {
  if (r.status === 'ok') {
    console.log(`ok    ${r.id} ${r.name}`);
    continue;
  }
  failed++;
  let body = '';
  try {
    body = await r.response.text();
  } catch {
    // the body was read by the check already
  }
  console.log(`FAIL  ${r.id} ${r.name}\n      ${r.reason}\n      status ${r.response.status}, body ${body.slice(0, 300)}`);
}
console.log(`${results.length - failed} of ${results.length} checks pass`);
process.exit(failed > 0 ? 1 : 0);
