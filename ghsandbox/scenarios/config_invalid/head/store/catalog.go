package store

import "sync"

// SKU describes a product of the catalog.
type SKU struct {
	Code string
	Name string
}

// Catalog interns SKU descriptions so that all callers share one *SKU per code.
type Catalog struct {
	skus sync.Map // code -> *SKU
}

// Intern returns the shared *SKU for sku.Code, recording sku if the code is new.
func (c *Catalog) Intern(sku *SKU) *SKU {
	if _, ok := c.skus.Load(sku.Code); !ok {
		c.skus.Store(sku.Code, sku)
	}
	v, _ := c.skus.Load(sku.Code)
	return v.(*SKU)
}

// Lookup returns the SKU registered for code, if any.
func (c *Catalog) Lookup(code string) (*SKU, bool) {
	v, ok := c.skus.Load(code)
	if !ok {
		return nil, false
	}
	return v.(*SKU), true
}
