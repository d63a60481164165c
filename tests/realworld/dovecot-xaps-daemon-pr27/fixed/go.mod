module example.com/dovecot-xaps-daemon-pr27

go 1.22
