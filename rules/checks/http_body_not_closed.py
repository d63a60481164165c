"""http-body-not-closed: an HTTP response body not closed on some path, or dropped on an error return."""

from __future__ import annotations

from ..model import Severity
from ..registry import Rule, register
from ..resourceflow import Resource, unreleased

_BODY = Resource(
    "resp",
    "Body.Close",
    "",
    "never closes `{name}.Body`",
    "an unclosed response body keeps its TCP connection (and the transport's read and write goroutines) "
    "alive and out of the idle pool, so each call leaks a connection, two goroutines and a file descriptor "
    "until the server hangs up.",
    "the request",
    "leaves with the body open",
    "body",
)


_bodies = unreleased(_BODY)


BODY = register(
    Rule(
        id="http-body-not-closed",
        in_tests=False,
        title="HTTP response body not closed",
        family="F",
        severity=Severity.WARNING,
        what="""
Finds `resp, err := http.Get/Post/PostForm(...)` or `client.Do/Get/...` on an `*http.Client`
(or through a function, method or interface of the package declared to return
`(*http.Response, error)`) whose `resp.Body` is never closed nor read to its end
(`io.ReadAll(resp.Body)`, `io.Copy(io.Discard, resp.Body)`, or through an `io.LimitReader` set for
the reply: at EOF the transport takes the connection back), or is closed or read only after a
`return` that can leave first, or only in a branch the function can run past to its end, and `resp` is
not returned, stored or handed to another function. HEAD requests are left out: their response
has no body (`http.NoBody`), and the transport takes the connection back at once; so are the
responses of a helper that closes the body before handing the response back, or hands back what a
function of another module gave it (whose contract this package cannot see), or what a function of
the package with more results closed first (`resp, retry, err = c.doOnce(req)`). A
`defer resp.Body.Close()` that comes after a `return` closes nothing on that way out.
""",
        why="""
Until the body is closed the connection cannot go back to the idle pool, and the transport keeps
a read and a write goroutine per connection: every call leaks a socket, a file descriptor and two
goroutines until the server closes the connection.
""",
        example="""
resp, err := http.Get(url)
if err != nil {
	return err
}
if resp.StatusCode != http.StatusOK {
	return fmt.Errorf("status %d", resp.StatusCode) // body never closed
}
""",
        instead="""
resp, err := http.Get(url)
if err != nil {
	return err
}
defer resp.Body.Close()
""",
        vet_overlap="go vet's httpresponse check only reports using resp before checking err; bodyclose (golangci-lint) is the closest linter.",
        run=_bodies,
    )
)
