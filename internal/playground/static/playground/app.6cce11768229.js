// Argmap's research playground: GraphiQL 4 from the UMD builds that index.html
// loads before this file (globals React, ReactDOM, GraphiQL,
// GraphiQLPluginExplorer). No bundler and no network access beyond this
// server: the page must work on closed networks.
'use strict';

// The example operations, one tab each: real questions about the seed map
// (data/seed/syria-anti-isis-gamble.yaml). They are checked against
// schema.graphqls and run in a browser by web/playground/e2e.mjs.
//
// GraphiQL uses these tabs only when the browser has no saved tabs, so the
// storage prefix below carries EXAMPLES_VERSION: bump it whenever the examples
// change, and every browser starts again from the new set.
const EXAMPLES_VERSION = 1;
const examples = [
  `# How is HTS related to the coalition decision?
# HTS's relations to other actors, with the claims
# and words that ground them, and the claims that
# mention HTS and the coalition.
query HtsAndTheCoalition {
  actor(id: "hts") {
    name
    aliases
    relations {
      type
      modality
      direction
      other { name }
      evidence {
        text
        quotes { exact }
      }
    }
  }
  coalitionClaims: claims(
    filter: { actorId: "hts", text: "coalition" }
  ) {
    totalCount
    nodes {
      id
      text
      hedging
      actors { role actor { name } }
    }
  }
}
`,
  `# What attacks the thesis? The claims that attack
# it, how (rebut, undercut, undermine), and the
# argument around it two levels deep.
query WhatAttacksTheThesis {
  claim(id: "syria-anti-isis-gamble/thesis") {
    text
    hedging
    hedgeCue
    attackedBy { id text role }
    links(direction: IN, type: ATTACKS) {
      kind
      from { text }
      quote { exact }
    }
  }
  argumentTree(
    claim: "syria-anti-isis-gamble/thesis"
    depth: 2
  ) {
    nodes {
      depth
      cycle
      via { type kind }
      claim { text }
    }
  }
}
`,
  `# How are the SDF and the muhajirun connected?
# The shortest chains of actor relations between
# them, each step with the words that state it.
query PathsFromSdfToMuhajirun {
  paths(from: "sdf", to: "muhajirun", maxHops: 4) {
    length
    steps {
      from { name }
      to { name }
      forward
      relation {
        type
        modality
        quotes { exact }
      }
    }
  }
}
`,
  `# What does the graph hold about a name, however
# it is spelt? Actors (by name or alias), claims
# and documents, best match first.
query SearchHts {
  search(query: "Hay'at Tahrir al-Sham", first: 10) {
    kind
    score
    snippet
    actor { id name }
    claim { id text }
    document { id title }
  }
}
`,
];

// The headers editor's content is sent as real HTTP headers. With
// ?token=<token> in the page's URL it starts with that bearer token;
// otherwise it starts empty.
const token = new URLSearchParams(location.search).get('token');
const initialHeaders = token ? { Authorization: `Bearer ${token}` } : {};
const headers = JSON.stringify(initialHeaders, null, 2);
const defaultTabs = examples.map((query) => ({ query, headers }));

// GraphiQL's saved tabs, history and settings live in localStorage under a
// prefix that names the example set; keys of older sets are removed.
const STORAGE_PREFIX = 'argmap-playground/';
function versionedStorage() {
  const prefix = `${STORAGE_PREFIX}examples-v${EXAMPLES_VERSION}/`;
  let ls;
  try {
    ls = window.localStorage;
    for (let i = ls.length - 1; i >= 0; i--) {
      const key = ls.key(i);
      if (key && key.startsWith(STORAGE_PREFIX) && !key.startsWith(prefix)) ls.removeItem(key);
    }
  } catch {
    return null; // storage disabled (private mode, policy)
  }
  const ownKeys = () => {
    const keys = [];
    for (let i = 0; i < ls.length; i++) {
      const key = ls.key(i);
      if (key && key.startsWith(prefix)) keys.push(key);
    }
    return keys;
  };
  return {
    getItem: (key) => ls.getItem(prefix + key),
    setItem: (key, value) => ls.setItem(prefix + key, value),
    removeItem: (key) => ls.removeItem(prefix + key),
    clear: () => ownKeys().forEach((key) => ls.removeItem(key)),
    get length() {
      return ownKeys().length;
    },
  };
}

// A relative URL: /graphql when the page is served at /, and still right when
// the service is mounted under a path prefix behind a proxy.
const baseFetcher = GraphiQL.createFetcher({ url: new URL('graphql', location.href).href });

// GraphiQL 4 updates the operation name about 150 ms after a tab switch; a run
// before that sends the previous tab's name and the server answers "operation
// not found". Drop an operation name that the document does not define.
// The first introspection can start before the headers editor exists and then
// carries no headers: give it the initial ones (the token).
function fetcher(params, opts) {
  if (params.operationName === 'IntrospectionQuery' && !(opts && opts.headers)) {
    opts = { ...opts, headers: initialHeaders };
  }
  if (params.operationName) {
    try {
      const names = GraphiQL.GraphQL.parse(params.query).definitions.map((d) => d.name && d.name.value);
      if (!names.includes(params.operationName)) params = { ...params, operationName: undefined };
    } catch {
      // unparsable: let the server report it
    }
  }
  return baseFetcher(params, opts);
}

ReactDOM.createRoot(document.getElementById('graphiql')).render(
  React.createElement(GraphiQL, {
    fetcher,
    // Ask introspection for the schema's description too: the docs panel then
    // opens on Argmap's overview (ids, limits, error codes) instead of
    // GraphiQL's generic text.
    schemaDescription: true,
    defaultTabs,
    defaultHeaders: headers,
    storage: versionedStorage(), // null: GraphiQL keeps its state in memory
    isHeadersEditorEnabled: true,
    shouldPersistHeaders: false,
    defaultEditorToolsVisibility: 'headers',
    plugins: [GraphiQLPluginExplorer.explorerPlugin()],
  }),
);
