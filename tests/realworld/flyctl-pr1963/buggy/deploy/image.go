package deploy

import (
	"context"
	"errors"
	"fmt"

	"example.com/flyctl-pr1963/imgsrc"
)

func determineImage(ctx context.Context, resolver *imgsrc.Resolver, opts imgsrc.ImageOptions) (img *imgsrc.DeploymentImage, err error) {
	// finally, build the image
	heartbeat := resolver.StartHeartbeat(ctx)
	defer resolver.StopHeartbeat(heartbeat)
	if img, err = resolver.BuildImage(ctx, opts); err == nil && img == nil {
		err = errors.New("no image specified")
	}
	if err == nil {
		fmt.Printf("image: %s\n", img.Tag)
	}
	return
}
