// Package panics recovers panics in HTTP handlers and reports them to Slack.
package panics

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httputil"
	"os"
	"runtime/debug"
	"strings"
)

var (
	env             string
	slackWebhookURL string
	slackChannel    string
	tagString       string
)

// Tags are appended to every report.
type Tags map[string]string

// Options configures where reports go.
type Options struct {
	Env             string
	SlackWebhookURL string
	SlackChannel    string
	Tags            Tags
}

// SetOptions applies o.
func SetOptions(o *Options) {
	slackWebhookURL = o.SlackWebhookURL
	slackChannel = o.SlackChannel
	env = o.Env

	var tmp []string
	for key, val := range o.Tags {
		tmp = append(tmp, fmt.Sprintf("`%s: %s`", key, val))
	}
	tagString = strings.Join(tmp, " | ")
}

func init() {
	env = os.Getenv("TKPENV")
}

// CaptureHandler recovers a panic in h, reports it and answers 500.
func CaptureHandler(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		request, _ := httputil.DumpRequest(r, true)
		defer func() {
			rec := recover()
			if rec == nil {
				return
			}
			var err error
			switch t := rec.(type) {
			case string:
				err = errors.New(t)
			case error:
				err = t
			default:
				err = errors.New("Unknown error")
			}
			publishError(err, request, true)
			http.Error(w, err.Error(), http.StatusInternalServerError)
		}()
		h.ServeHTTP(w, r)
	}
}

// Capture reports an error that did not come from a panic.
func Capture(err string, message ...string) {
	publishError(errors.New(err), []byte(strings.Join(message, "\n\n")), false)
}

func publishError(errs error, reqBody []byte, withStackTrace bool) {
	var buffer bytes.Buffer
	buffer.WriteString(fmt.Sprintf(`[%s] *%s*`, env, errs.Error()))
	if len(tagString) > 0 {
		buffer.WriteString(" | " + tagString)
	}
	if reqBody != nil {
		buffer.WriteString(fmt.Sprintf(" ```%s``` ", string(reqBody)))
	}

	var snip string
	if withStackTrace {
		snip = fmt.Sprintf("```\n%s```", string(debug.Stack()))
	}

	if slackWebhookURL != "" {
		go postToSlack(buffer.String(), snip)
	}
}

func postToSlack(text, snip string) {
	payload := map[string]interface{}{
		"text": text,
		"attachments": []map[string]interface{}{
			{
				"text":      snip,
				"mrkdwn_in": []string{"text"},
			},
		},
	}
	if slackChannel != "" {
		payload["channel"] = slackChannel
	}
	b, _ := json.Marshal(payload)

	resp, err := http.DefaultClient.Post(slackWebhookURL, "application/json", bytes.NewBuffer(b))
	if err != nil {
		log.Printf("[panics] error on capturing error : %s \n", err.Error())
		return
	}
	defer resp.Body.Close()

	if resp.StatusCode >= 300 {
		b, err := io.ReadAll(resp.Body)
		if err != nil {
			log.Printf("[panics] error on capturing error : %s \n", err)
			return
		}
		log.Printf("[panics] error on capturing error : %s \n", string(b))
	}
}
