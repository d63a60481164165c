package main

import (
	"context"
	"time"
)

func main() {
	r := NewCheckRunner()
	r.UpdateCheck(context.Background(), "web", time.Second)
}
