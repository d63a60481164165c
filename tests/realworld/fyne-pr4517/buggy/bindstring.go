package binding

type boundString struct {
	base
	val *string
}

func NewString() *boundString {
	blank := ""
	return &boundString{val: &blank}
}

func (b *boundString) Get() (string, error) {
	b.lock.RLock()
	defer b.lock.RUnlock()
	return *b.val, nil
}

func (b *boundString) Set(val string) error {
	b.lock.Lock()
	defer b.lock.Unlock()
	if *b.val == val {
		return nil
	}
	*b.val = val
	b.trigger()
	return nil
}
