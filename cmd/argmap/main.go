// Command argmap serves and loads Argmap's argument graph.
//
//	argmap serve   start the GraphQL API and playground
//	argmap load    load map files into Neo4j, each atomically
//	argmap bulk    load a corpus of map files in large batches, resumably
//	argmap gen     write a deterministic synthetic corpus of map files
//	argmap import  import AIF JSON files, each atomically
//	argmap export  write maps as Argdown, GraphML or CSV
//	argmap ping    wait until Neo4j answers RETURN 1 over Bolt
//	argmap help    show the usage text
//
// run.go's usage text and command switch are the full list; keep this one
// in step with them.
//
// main only wires signals to run; everything else lives in run and below so
// that tests can drive the real program.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "argmap:", err)
		os.Exit(1)
	}
}
