package internal

import (
	"sync"
	"time"
)

var dbMutex = &sync.Mutex{}

type Registration struct {
	DeviceToken string
	AccountId   string
}

type Account struct {
	DeviceToken      string
	Mailboxes        []string
	RegistrationTime time.Time
}

func (a *Account) ContainsMailbox(mailbox string) bool {
	for _, m := range a.Mailboxes {
		if m == mailbox {
			return true
		}
	}
	return false
}

type User struct {
	Accounts map[string]Account
}

type Database struct {
	filename string
	Users    map[string]User
}

func NewDatabase(filename string) *Database {
	return &Database{filename: filename, Users: make(map[string]User)}
}

// write stands in for flushing the database to its JSON file.
func (db *Database) write() error { return nil }

func (db *Database) AddRegistration(username, accountId, deviceToken string, mailboxes []string) error {
	dbMutex.Lock()
	defer dbMutex.Unlock()

	if _, ok := db.Users[username]; !ok {
		db.Users[username] = User{Accounts: make(map[string]Account)}
	}
	db.Users[username].Accounts[accountId] = Account{
		DeviceToken:      deviceToken,
		Mailboxes:        mailboxes,
		RegistrationTime: time.Now(),
	}
	return db.write()
}

func (db *Database) DeleteIfExistRegistration(reg Registration) bool {
	dbMutex.Lock()
	defer dbMutex.Unlock()

	for username, user := range db.Users {
		if _, ok := user.Accounts[reg.AccountId]; ok {
			delete(user.Accounts, reg.AccountId)
			if len(user.Accounts) == 0 {
				delete(db.Users, username)
			}
			db.write()
			return true
		}
	}
	return false
}

func (db *Database) FindRegistrations(username, mailbox string) []Registration {
	var registrations []Registration
	dbMutex.Lock()
	defer dbMutex.Unlock()

	if user, ok := db.Users[username]; ok {
		for accountId, account := range user.Accounts {
			if account.ContainsMailbox(mailbox) {
				registrations = append(registrations, Registration{DeviceToken: account.DeviceToken, AccountId: accountId})
			}
		}
	}
	return registrations
}

func (db *Database) UserExists(username string) bool {
	dbMutex.Lock()
	defer dbMutex.Unlock()

	_, ok := db.Users[username]
	return ok
}
