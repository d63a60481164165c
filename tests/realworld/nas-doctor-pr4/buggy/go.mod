module example.com/nas-doctor-pr4

go 1.22
