// Package tollbooth provides rate-limiting logic to HTTP request handler.
package tollbooth

import (
	"net/http"
	"strings"

	"example.com/tollbooth-pr107/limiter"
)

// HTTPError is returned when a request is over the limit.
type HTTPError struct {
	Message    string
	StatusCode int
}

// NewLimiter is a convenience function to limiter.New.
func NewLimiter(max float64) *limiter.Limiter {
	return limiter.New(max)
}

// LimitByKeys keeps track number of request made by keys separated by pipe.
// It returns HTTPError when limit is exceeded.
func LimitByKeys(lmt *limiter.Limiter, keys []string) *HTTPError {
	if lmt.LimitReached(strings.Join(keys, "|")) {
		return &HTTPError{Message: lmt.GetMessage(), StatusCode: lmt.GetStatusCode()}
	}
	return nil
}

// LimitByRequest limits by the remote address and path of the request.
func LimitByRequest(lmt *limiter.Limiter, r *http.Request) *HTTPError {
	return LimitByKeys(lmt, []string{r.RemoteAddr, r.URL.Path})
}

// LimitHandler is a middleware that performs rate-limiting given http.Handler struct.
func LimitHandler(lmt *limiter.Limiter, next http.Handler) http.Handler {
	middle := func(w http.ResponseWriter, r *http.Request) {
		httpError := LimitByRequest(lmt, r)
		if httpError != nil {
			lmt.ExecOnLimitReached(w, r)
			w.WriteHeader(httpError.StatusCode)
			w.Write([]byte(httpError.Message))
			return
		}

		// There's no rate-limit error, serve the next handler.
		next.ServeHTTP(w, r)
	}
	return http.HandlerFunc(middle)
}
