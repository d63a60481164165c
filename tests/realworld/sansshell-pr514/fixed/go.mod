module example.com/sansshell-pr514

go 1.22
