package smg

import "sync"

type Sitemap struct {
	Name string
	save func() (string, error)
}

func (s *Sitemap) Save() (string, error) { return s.save() }

type SitemapIndex struct {
	Sitemaps []*Sitemap
	wg       sync.WaitGroup
	mutex    sync.Mutex
	saved    []string
	errs     []error
}

func (s *SitemapIndex) saveSitemaps() {
	for _, sitemap := range s.Sitemaps {
		s.wg.Add(1)
		go func(sm *Sitemap) {
			filename, err := sm.Save()
			if err != nil {
				s.mutex.Lock()
				s.errs = append(s.errs, err)
				s.mutex.Unlock()
				return
			}
			s.mutex.Lock()
			s.saved = append(s.saved, filename)
			s.mutex.Unlock()
			s.wg.Done()
		}(sitemap)
	}
	s.wg.Wait()
}
