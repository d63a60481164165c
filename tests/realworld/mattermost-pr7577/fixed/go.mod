module example.com/mattermost-pr7577

go 1.22
