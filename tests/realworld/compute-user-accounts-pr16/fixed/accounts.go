package store

import "fmt"

// User and Group mirror the accounts package: what the NSS plugin asks for.
type User struct {
	Name string
	UID  uint32
	GID  uint32
}

type Group struct {
	Name    string
	GID     uint32
	Members []string
}

// APIClient is the Cloud User Accounts API, stubbed to the one call the store makes.
type APIClient interface {
	UsersAndGroups() ([]*User, []*Group, error)
}

func groupNameNotFound(name string) error { return fmt.Errorf("group %q not found", name) }
func usernameNotFound(name string) error  { return fmt.Errorf("user %q not found", name) }
