package export

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"io"
	"strings"

	"github.com/argmap/argmap/internal/argmap"
)

// CSV writes one layer of the maps as two RFC 4180 tables (comma-separated,
// records ended by CRLF, a header row), with the nodes and attributes
// GraphML writes:
//
//	ActorNetwork  nodes: id,label,type,aliases,description,part_of,documents
//	              edges: source,target,id,type,label,modality,evidence,quote,document
//	ArgumentGraph nodes: id,label,text,role,modality,hedging,hedge_cue,quote,document
//	              edges: source,target,id,type,label,kind,target_link,quote,document
//
// These are the column names Gephi's spreadsheet import (Data Laboratory)
// recognises; pandas reads the files with read_csv as they are. Gephi takes
// an edge's type as its direction (every edge here is directed) and drops it,
// so the label repeats the type. A line break inside a value is written as
// LF in a quoted field (CR and CRLF become LF too). Values are
// written as they are: a spreadsheet program may take a value that starts
// with "=" for a formula.
func CSV(nodes, edges io.Writer, maps []*argmap.Map, layer Layer) error {
	g, err := merge(maps)
	if err != nil {
		return err
	}
	t, err := buildTable(g, layer)
	if err != nil {
		return err
	}
	if err := writeCSV(nodes, t.nodeCols, t.nodes); err != nil {
		return err
	}
	return writeCSV(edges, t.edgeCols, t.edges)
}

// writeCSV quotes fields with encoding/csv and ends every record with CRLF,
// as RFC 4180 asks, while a line break inside a field stays one LF:
// csv.Writer's UseCRLF would turn those into CRLF too, which Go's reader
// undoes but pandas and Python's csv module keep.
func writeCSV(w io.Writer, header []string, rows [][]string) error {
	out := bufio.NewWriter(w)
	var rec bytes.Buffer
	cw := csv.NewWriter(&rec)
	record := func(fields []string) error {
		rec.Reset()
		if err := cw.Write(fields); err != nil {
			return err
		}
		cw.Flush()
		if err := cw.Error(); err != nil {
			return err
		}
		out.Write(bytes.TrimSuffix(rec.Bytes(), []byte("\n")))
		out.WriteString("\r\n")
		return nil
	}
	if err := record(header); err != nil {
		return err
	}
	fields := make([]string, len(header))
	for _, row := range rows {
		for i, v := range row {
			// Every line break becomes LF: a lone CR would not survive readers.
			fields[i] = strings.ReplaceAll(strings.ReplaceAll(v, "\r\n", "\n"), "\r", "\n")
		}
		if err := record(fields); err != nil {
			return err
		}
	}
	return out.Flush()
}
