module brokengo

go 1.22
