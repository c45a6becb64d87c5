package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
)

const usage = `argmap — the argument graph of political and security analyses

Usage:
  argmap serve [flags]   serve the GraphQL API (/graphql), playground (/), /healthz, /readyz
  argmap load  [flags] FILE...   load map files into Neo4j, each atomically
  argmap bulk  [flags] DIR|FILE...  load a corpus of map files in large batches, resumably
  argmap gen   [flags]   write a deterministic synthetic corpus (scales S, M, L) of map files
  argmap import [flags] FILE...  import AIF JSON files, each atomically
  argmap export [flags]  write maps as Argdown, GraphML or CSV (also GET /export/{format})
  argmap ping  [flags]   wait until Neo4j answers RETURN 1 over Bolt
  argmap help            show this text

Run "argmap COMMAND -h" for the flags of a command. Every flag can also be set
through the environment variable named in its help.
`

// run is the whole program: it parses args, reads configuration through
// getenv, writes human output to stdout and logs to stderr, and returns when
// ctx ends or the command is done.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return errors.New("no command given")
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "serve":
		return runServe(ctx, rest, getenv, stdout, stderr)
	case "load":
		return runLoad(ctx, rest, getenv, stdout, stderr)
	case "bulk":
		return runBulk(ctx, rest, getenv, stdout, stderr)
	case "gen":
		return runGen(ctx, rest, getenv, stdout, stderr)
	case "import":
		return runImport(ctx, rest, getenv, stdout, stderr)
	case "export":
		return runExport(ctx, rest, getenv, stdout, stderr)
	case "ping":
		return runPing(ctx, rest, getenv, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	default:
		fmt.Fprint(stderr, usage)
		return fmt.Errorf("unknown command %q", cmd)
	}
}

// parseFlags parses args into fs, treating -h as success after printing help.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%s: unexpected arguments %q", fs.Name(), fs.Args())
	}
	return nil
}
