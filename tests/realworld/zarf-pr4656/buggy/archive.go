package split

import (
	"context"
	"os"
)

// ArchivePackage is the packager's last step: when the tarball is larger than
// maxPackageSizeMB it is cut into parts.
func ArchivePackage(ctx context.Context, tarball string, maxPackageSizeMB int) (string, error) {
	if maxPackageSizeMB <= 0 {
		return tarball, nil
	}
	info, err := os.Stat(tarball)
	if err != nil {
		return "", err
	}
	chunkSize := maxPackageSizeMB * 1000 * 1000
	if info.Size() <= int64(chunkSize) {
		return tarball, nil
	}
	return SplitFile(ctx, tarball, chunkSize)
}
