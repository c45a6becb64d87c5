package bulk

// Plan is how a checked corpus will be written.
type Plan struct {
	// Batches are the transactions, in order: each lists the indexes (in
	// Corpus.Inputs) of its documents, whole documents in path order.
	Batches [][]int
	// Documents is the number of documents to load, Elements the graph
	// elements they create, Skipped the documents an earlier run stored
	// from the same files.
	Documents, Elements, Skipped int64

	corpus *Corpus
}

// Plan packs the documents of c that are not stored yet, in path order,
// into batches of about Batch elements each: a document goes into the
// current batch unless that would take a non-empty batch over Batch. The
// elements are counted from the summaries (the Document node, claims, the
// actors the document is the first to name, and every relationship), as
// the batches will create them.
func (l *Loader) Plan(c *Corpus) *Plan {
	p := &Plan{corpus: c}
	limit := l.batch()
	var size int64
	for i := range c.Inputs {
		if c.Stored(i) {
			p.Skipped++
			continue
		}
		n := c.Elements(i)
		if len(p.Batches) == 0 || size > 0 && size+n > limit {
			p.Batches = append(p.Batches, nil)
			size = 0
		}
		p.Batches[len(p.Batches)-1] = append(p.Batches[len(p.Batches)-1], i)
		size += n
		p.Documents++
		p.Elements += n
	}
	return p
}
