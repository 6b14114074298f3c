package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// clockTick is the unit of utime and stime in /proc/PID/stat (USER_HZ,
// 100 on every Linux the harness runs on).
const clockTick = 10 * time.Millisecond

// cpuTime is CPU time (user + system) a server used: its own process's
// and that of every process descended from it (apigw's function
// processes, nginx's worker, serverless-offline's workers).
type cpuTime struct{ own, children time.Duration }

// treeCPU reads the CPU time of pid and its descendants from /proc; zero
// when pid is 0 or /proc cannot be read (the report then leaves the
// column empty).
func treeCPU(pid int) cpuTime {
	if pid == 0 {
		return cpuTime{}
	}
	parent, used := readProcs()
	var t cpuTime
	for p, d := range used {
		switch {
		case p == pid:
			t.own += d
		case descends(p, pid, parent):
			t.children += d
		}
	}
	return t
}

// readProcs returns every process's parent and CPU time.
func readProcs() (map[int]int, map[int]time.Duration) {
	parent, used := map[int]int{}, map[int]time.Duration{}
	stats, _ := filepath.Glob("/proc/[0-9]*/stat")
	for _, path := range stats {
		pid, ppid, d, ok := readStat(path)
		if ok {
			parent[pid], used[pid] = ppid, d
		}
	}
	return parent, used
}

// readStat parses pid, ppid, utime and stime from one /proc/PID/stat.
func readStat(path string) (pid, ppid int, d time.Duration, ok bool) {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0, 0, 0, false
	}
	s := string(b)
	end := strings.LastIndexByte(s, ')') // the command name may hold spaces and parentheses
	open := strings.IndexByte(s, '(')
	if open < 1 || end < open {
		return 0, 0, 0, false
	}
	f := strings.Fields(s[end+1:]) // f[0] is field 3 (state)
	if len(f) < 13 {
		return 0, 0, 0, false
	}
	pid, err1 := strconv.Atoi(strings.TrimSpace(s[:open]))
	ppid, err2 := strconv.Atoi(f[1])
	utime, err3 := strconv.ParseInt(f[11], 10, 64)
	stime, err4 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil || err3 != nil || err4 != nil {
		return 0, 0, 0, false
	}
	return pid, ppid, time.Duration(utime+stime) * clockTick, true
}

// descends reports whether p is a descendant of root.
func descends(p, root int, parent map[int]int) bool {
	for seen := 0; p > 1 && seen < len(parent); seen++ {
		p = parent[p]
		if p == root {
			return true
		}
	}
	return false
}

func (a cpuTime) sub(b cpuTime) cpuTime { return cpuTime{a.own - b.own, a.children - b.children} }
