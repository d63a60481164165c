package database

import (
	"context"
	"strings"
)

// DBCache is what completion reads.
type DBCache struct {
	defaultSchema     string
	ColumnsWithParent map[string][]*ColumnDesc
}

// DBCacheGenerator fills a DBCache from a repository.
type DBCacheGenerator struct {
	repo DBRepository
}

// NewDBCacheUpdater returns a generator over repo.
func NewDBCacheUpdater(repo DBRepository) *DBCacheGenerator {
	return &DBCacheGenerator{repo: repo}
}

// GenerateDBCachePrimary reads the current schema's columns; it runs on every
// connection switch and configuration change.
func (u *DBCacheGenerator) GenerateDBCachePrimary(ctx context.Context) (*DBCache, error) {
	var err error
	c := &DBCache{}
	c.defaultSchema, err = u.repo.CurrentSchema(ctx)
	if err != nil {
		return nil, err
	}
	c.ColumnsWithParent, err = u.genColumnCacheCurrent(ctx, c.defaultSchema)
	if err != nil {
		return nil, err
	}
	return c, nil
}

func (u *DBCacheGenerator) genColumnCacheCurrent(ctx context.Context, schemaName string) (map[string][]*ColumnDesc, error) {
	columnDescs, err := u.repo.DescribeDatabaseTableBySchema(ctx, schemaName)
	if err != nil {
		return nil, err
	}
	m := map[string][]*ColumnDesc{}
	for _, c := range columnDescs {
		key := strings.ToUpper(c.Schema + "\t" + c.Table)
		m[key] = append(m[key], c)
	}
	return m, nil
}
