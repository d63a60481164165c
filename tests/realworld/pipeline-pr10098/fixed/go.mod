module example.com/pipeline-pr10098

go 1.22
