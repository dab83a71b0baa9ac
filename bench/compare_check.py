#!/usr/bin/env python3
"""Times `quotecheck check` on the development archive (../shared/eval/polnear-dev/articles,
checked as one) with this build and with a baseline build, in the same go: runs alternate
between the two, medians of --reps runs, and the ratio of the medians (time and peak memory).

usage: bench/compare_check.py --baseline PATH [--binary PATH] [--reps N] [--jobs N] [--eval DIR]

Use it to check that a change to alignment or the checks keeps `check` within a factor of the
old one (issue 11: no slower than 1.5x). The baseline is another build's binary (a worktree of
an older commit built in Release); each binary reads its own source tree's rule pack.
"""
import argparse, os, statistics, subprocess, sys, time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def run(binary, articles, jobs):
    t0 = time.perf_counter()
    p = subprocess.run(['/usr/bin/time', '-f', '%M', binary, 'check', '--format', 'json', '-j', str(jobs),
                        '--fail-on', 'none', articles], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    secs = time.perf_counter() - t0
    if p.returncode not in (0, 1):
        sys.exit(f'compare_check: {binary} failed ({p.returncode}): {p.stderr[-1000:]}')
    mem = [l for l in p.stderr.strip().splitlines() if l.strip().isdigit()]
    return secs, int(mem[-1]) if mem else 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--baseline', required=True)
    ap.add_argument('--binary', default=os.path.join(ROOT, 'build', 'app', 'quotecheck'))
    ap.add_argument('--reps', type=int, default=5)
    ap.add_argument('--jobs', type=int, default=2)
    ap.add_argument('--eval', default=os.path.join(ROOT, '..', 'shared', 'eval'))
    a = ap.parse_args()
    articles = os.path.join(a.eval, 'polnear-dev', 'articles')
    times = {'baseline': [], 'this': []}
    mems = {'baseline': [], 'this': []}
    for _ in range(a.reps):
        for name, binary in (('baseline', a.baseline), ('this', a.binary)):
            s, m = run(binary, articles, a.jobs)
            times[name].append(s)
            mems[name].append(m)
    med = {k: statistics.median(v) for k, v in times.items()}
    mem = {k: statistics.median(v) for k, v in mems.items()}
    print(f'check on the development archive (924 articles), -j {a.jobs}, medians of {a.reps} alternating runs')
    print('| build | time (s) | peak memory (MiB) |')
    print('|---|---|---|')
    for k in ('baseline', 'this'):
        print(f'| {k} | {med[k]:.2f} | {mem[k] / 1024:.0f} |')
    print(f'| ratio this/baseline | {med["this"] / med["baseline"]:.2f}x | {mem["this"] / max(1, mem["baseline"]):.2f}x |')


if __name__ == '__main__':
    main()
