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
	if *b.val == val {
		b.lock.Unlock()
		return nil
	}
	*b.val = val
	b.lock.Unlock()
	b.trigger()
	return nil
}
