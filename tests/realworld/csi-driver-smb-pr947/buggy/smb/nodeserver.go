// Package smb is the node side of the SMB CSI driver.
package smb

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"time"

	"example.com/csi-driver-smb-pr947/util"
)

// Mounter runs mount(8); a stand-in for the kubernetes mount interface.
type Mounter interface {
	Mount(source, target, fstype string, options []string) error
	IsLikelyNotMountPoint(target string) (bool, error)
}

type execMounter struct{}

func (execMounter) Mount(source, target, fstype string, options []string) error {
	args := []string{"-t", fstype}
	if len(options) > 0 {
		args = append(args, "-o", strings.Join(options, ","))
	}
	args = append(args, source, target)
	if out, err := exec.Command("mount", args...).CombinedOutput(); err != nil {
		return fmt.Errorf("mount failed: %v, output: %s", err, out)
	}
	return nil
}

func (execMounter) IsLikelyNotMountPoint(target string) (bool, error) {
	return true, nil
}

// Driver is the SMB CSI node plugin.
type Driver struct {
	mounter Mounter
}

// NewDriver returns a node plugin that mounts with mount(8).
func NewDriver() *Driver {
	return &Driver{mounter: execMounter{}}
}

// NodeStageVolumeRequest carries what NodeStageVolume needs.
type NodeStageVolumeRequest struct {
	VolumeID          string
	Source            string
	StagingTargetPath string
	MountOptions      []string
}

// NodeStageVolume mounts the SMB share at the staging path. A CIFS mount of
// an unreachable server can hang for minutes, so it runs under a timeout.
func (d *Driver) NodeStageVolume(_ context.Context, req *NodeStageVolumeRequest) error {
	volumeID := req.VolumeID
	if volumeID == "" {
		return errors.New("volume ID missing in request")
	}
	source, targetPath := req.Source, req.StagingTargetPath

	notMnt, err := d.mounter.IsLikelyNotMountPoint(targetPath)
	if err != nil {
		return err
	}
	if !notMnt {
		return nil
	}

	execFunc := func() error {
		return d.mounter.Mount(source, targetPath, "cifs", req.MountOptions)
	}
	timeoutFunc := func() error { return fmt.Errorf("time out") }
	if err := util.WaitUntilTimeout(90*time.Second, execFunc, timeoutFunc); err != nil {
		return fmt.Errorf("volume(%s) mount %q on %q failed with %v", volumeID, source, targetPath, err)
	}
	return nil
}
