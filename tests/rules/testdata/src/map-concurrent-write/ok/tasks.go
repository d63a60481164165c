package ok

// Every change to the table is a task run by the table's own loop; the fetch goroutine only
// sends the task its result calls for.
type fetchTable struct {
	entries map[string]string
	tasks   chan func(*fetchTable)
}

func resultTask(key, value string) func(*fetchTable) {
	return func(t *fetchTable) {
		t.entries[key] = value
	}
}

func failureTask(key string) func(*fetchTable) {
	return func(t *fetchTable) {
		delete(t.entries, key)
	}
}

func fetchKey(t *fetchTable, key string, get func(string) (string, error)) {
	v, err := get(key)
	if err != nil {
		t.tasks <- failureTask(key)
		return
	}
	t.tasks <- resultTask(key, v)
}

func (t *fetchTable) run(get func(string) (string, error), keys <-chan string) {
	for {
		select {
		case task := <-t.tasks:
			task(t)
		case k := <-keys:
			if _, ok := t.entries[k]; !ok {
				go fetchKey(t, k, get)
			}
		}
	}
}
