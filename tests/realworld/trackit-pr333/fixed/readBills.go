package s3

import (
	"context"
	"encoding/csv"
	"errors"
	"io"
	"log"
)

var ErrUnsupportedCompression = errors.New("unsupported compression")

type LineItem struct {
	LineItemId string
	InvoiceId  string
	Cost       string
}

type manifest struct {
	Bucket      string
	ReportKeys  []string
	Compression string
}

type OnLineItem func(LineItem, bool)
type ManifestPredicate func(manifest, bool) bool

// ObjectGetter stands in for the S3 download of a bill object.
type ObjectGetter interface {
	GetObject(ctx context.Context, bucket, key string) (io.ReadCloser, error)
}

// importBills reads every bill part the manifests name and hands the line
// items to oli, then signals the end with a false.
func importBills(ctx context.Context, s3svc ObjectGetter, manifests <-chan manifest, oli OnLineItem, mp ManifestPredicate) {
	outs, out := mergecdLineItem()
	for m := range manifests {
		for _, s := range m.ReportKeys {
			outs <- importBill(ctx, s3svc, s, m, mp)
		}
	}
	close(outs)
	for li := range out {
		oli(li, true)
	}
	oli(LineItem{}, false)
}

// importBill imports the line items of a single bill part.
func importBill(ctx context.Context, s3svc ObjectGetter, s string, m manifest, mp ManifestPredicate) <-chan LineItem {
	outs, out := mergecdLineItem()
	go func() {
		defer close(outs)
		ctx, cancel := context.WithCancel(ctx)
		reader, err := getBillReader(ctx, s3svc, s, m)
		if err != nil {
			log.Printf("reading bill %s: %v", s, err)
			cancel()
		} else {
			outs <- readBill(ctx, cancel, reader, s, m, mp)
		}
	}()
	return out
}

// readBill returns a channel of the line items of one bill part.
func readBill(ctx context.Context, cancel context.CancelFunc, reader io.ReadCloser, s string, m manifest, mp ManifestPredicate) <-chan LineItem {
	out := make(chan LineItem)
	go func() {
		defer cancel()
		defer reader.Close()
		defer close(out)
		for r := range records(ctx, csv.NewReader(reader)) {
			if mp(m, false) || r.InvoiceId == "" {
				out <- r
			}
		}
	}()
	return out
}

// records decodes CSV records until the end of the bill or ctx is done.
func records(ctx context.Context, d *csv.Reader) <-chan LineItem {
	out := make(chan LineItem)
	go func() {
		defer close(out)
		if _, err := d.Read(); err != nil {
			log.Printf("reading bill header: %v", err)
			return
		}
		for {
			rec, err := d.Read()
			if err == io.EOF {
				return
			} else if err != nil {
				log.Printf("reading bill record: %v", err)
				return
			}
			li := LineItem{}
			if len(rec) >= 3 {
				li = LineItem{LineItemId: rec[0], InvoiceId: rec[1], Cost: rec[2]}
			}
			select {
			case out <- li:
			case <-ctx.Done():
				return
			}
		}
	}()
	return out
}

// getBillReader opens the bill part s of manifest m.
func getBillReader(ctx context.Context, s3svc ObjectGetter, s string, m manifest) (io.ReadCloser, error) {
	switch m.Compression {
	case "GZIP", "":
		return s3svc.GetObject(ctx, m.Bucket, s)
	default:
		return nil, ErrUnsupportedCompression
	}
}
