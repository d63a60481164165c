package ok

import (
	"strconv"
	"sync"
	"testing"
)

func TestTxnsInParallel(t *testing.T) {
	db := &DB{}
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		txn := db.NewTxn()
		go func(i int) {
			defer wg.Done()
			txn.Set(strconv.Itoa(i), i)
			if txn.Get(strconv.Itoa(i)) != i {
				t.Error("lost a write")
			}
		}(i)
	}
	wg.Wait()
}
