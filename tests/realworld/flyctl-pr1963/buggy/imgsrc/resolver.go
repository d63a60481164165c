package imgsrc

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"time"
)

// DockerClient stands in for the docker client of the remote builder.
type DockerClient struct {
	HTTP       *http.Client
	DaemonHost string
}

type dockerClientFactory struct {
	remote  bool
	appName string
	buildFn func(ctx context.Context) (*DockerClient, error)
}

type ImageOptions struct {
	AppName string
	Tag     string
}

type DeploymentImage struct {
	Tag string
}

type Resolver struct {
	dockerFactory *dockerClientFactory
}

func NewResolver(remote bool, appName string, buildFn func(context.Context) (*DockerClient, error)) *Resolver {
	return &Resolver{dockerFactory: &dockerClientFactory{remote: remote, appName: appName, buildFn: buildFn}}
}

func (r *Resolver) BuildImage(ctx context.Context, opts ImageOptions) (*DeploymentImage, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return &DeploymentImage{Tag: opts.Tag}, nil
}

// pulse asks the builder to push its idle deadline back.
func pulse(client *DockerClient, req *http.Request) (int, error) {
	resp, err := client.HTTP.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	return resp.StatusCode, nil
}

// StartHeartbeat keeps a remote builder alive while an image builds; it does
// nothing for local builds.
func (r *Resolver) StartHeartbeat(ctx context.Context) chan<- interface{} {
	if !r.dockerFactory.remote {
		return nil
	}
	client, err := r.dockerFactory.buildFn(ctx)
	if err != nil {
		fmt.Printf("failed to start remote builder heartbeat: %v\n", err)
		return nil
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, heartbeatURL(client), http.NoBody)
	if err != nil {
		return nil
	}
	req.SetBasicAuth(r.dockerFactory.appName, "api-token")

	if code, err := pulse(client, req); err != nil || code != http.StatusAccepted {
		return nil
	}

	pulseInterval := 30 * time.Second
	maxTime := 1 * time.Hour

	done := make(chan interface{})
	time.AfterFunc(maxTime, func() { close(done) })

	go func() {
		ticker := time.NewTicker(pulseInterval)
		defer ticker.Stop()
		defer close(done)
		for {
			select {
			case <-done:
				return
			case <-ctx.Done():
				return
			case <-ticker.C:
				if _, err := pulse(client, req); err != nil {
					fmt.Printf("remote builder heartbeat failed: %v\n", err)
				}
			}
		}
	}()
	return done
}

func heartbeatURL(client *DockerClient) string {
	u, err := url.Parse(client.DaemonHost)
	if err != nil {
		return ""
	}
	u.Host = u.Hostname() + ":8080"
	u.Scheme = "http"
	u.Path = "/flyio/v1/extendDeadline"
	return u.String()
}

func (r *Resolver) StopHeartbeat(heartbeat chan<- interface{}) {
	if heartbeat != nil {
		heartbeat <- struct{}{}
	}
}
