package readability

import (
	"net/http"
	"sync"
)

type Option struct {
	ImageRequestTimeout int
	MaxImageCount       int
}

type Image struct {
	URL    string
	Width  int
	Height int
}

func fetchSize(client *http.Client, url string) (int, int, error) {
	resp, err := client.Get(url)
	if err != nil {
		return 0, 0, err
	}
	defer resp.Body.Close()
	return 100, 100, nil
}

func images(urls []string, opt *Option) []Image {
	client := &http.Client{}
	imgChan := make(chan Image, len(urls))
	var wg sync.WaitGroup
	for _, u := range urls {
		wg.Add(1)
		go func(u string) {
			defer wg.Done()
			w, h, err := fetchSize(client, u)
			if err != nil {
				return
			}
			imgChan <- Image{URL: u, Width: w, Height: h}
		}(u)
	}
	go func() {
		wg.Wait()
		close(imgChan)
	}()

	var out []Image
	for img := range imgChan {
		out = append(out, img)
		if len(out) >= opt.MaxImageCount {
			return out
		}
	}
	return out
}
