#!/usr/bin/env python3
"""Benchmark harness: runs each case several times, reports medians and ratios against a
baseline run in the same go, and writes bench/RESULTS.md.

usage: bench/run.py [--quick] [--reps N] [--binary PATH] [--work DIR] [--out bench/RESULTS.md]

Cases
- extract throughput on a >= 100 MB corpus of real news (the development articles replicated
  with small edits by gen_corpus.py), --jobs 1 and --jobs 2, against ripgrep's bare quote scan
  (rg -o '“[^”]*”|"[^"]*"') on the same files as the baseline;
- the whole-archive check (extraction, alignment, checks) on 10k, 50k, 100k and 200k articles:
  time and peak memory (from /usr/bin/time), and the ratio of 4x the articles to 1x;
- incremental runs: a --cache re-run where 1% of the articles changed, against a cold run.
Medians of --reps runs (default 5; --quick: 3 runs and smaller corpora).
"""
import argparse, datetime, json, os, platform, re, shutil, statistics, subprocess, sys, time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

def sh(cmd, **kw):
    return subprocess.run(cmd, shell=True, check=True, **kw)

def timed(cmd, reps):
    """Returns (median seconds, median peak KB) of `cmd` run `reps` times."""
    secs, mems = [], []
    for _ in range(reps):
        t0 = time.perf_counter()
        p = subprocess.run(['/usr/bin/time', '-f', '%M', 'bash', '-c', cmd + ' > /dev/null'],
                           stderr=subprocess.PIPE, text=True)
        secs.append(time.perf_counter() - t0)
        last = [l for l in p.stderr.strip().splitlines() if l.strip().isdigit()]
        mems.append(int(last[-1]) if last else 0)
        if p.returncode not in (0, 1):
            sys.exit(f'bench: command failed ({p.returncode}): {cmd}\n{p.stderr[-2000:]}')
    return statistics.median(secs), statistics.median(mems)

def machine():
    mem_kb = 0
    with open('/proc/meminfo') as f:
        for line in f:
            if line.startswith('MemTotal'):
                mem_kb = int(line.split()[1])
    cpu = ''
    with open('/proc/cpuinfo') as f:
        for line in f:
            if line.startswith('model name'):
                cpu = line.split(':', 1)[1].strip()
                break
    return f'{os.cpu_count()} cores ({cpu}), {mem_kb / 1048576:.1f} GiB memory, {platform.system()} {platform.release()}'

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--quick', action='store_true')
    ap.add_argument('--reps', type=int)
    ap.add_argument('--binary', default=os.path.join(ROOT, 'build-bench', 'app', 'quotecheck'))
    ap.add_argument('--work', default='/tmp/quotecheck-bench')
    ap.add_argument('--out', default=os.path.join(HERE, 'RESULTS.md'))
    a = ap.parse_args()
    reps = a.reps or (3 if a.quick else 5)
    src = os.path.join(ROOT, '..', 'shared', 'eval', 'polnear-dev', 'articles')
    if not os.path.isdir(src):
        src = os.path.join(ROOT, 'data', 'story')
    if not os.path.exists(a.binary):
        sh(f'cmake -S {ROOT} -B {ROOT}/build-bench -DCMAKE_BUILD_TYPE=Release -DQUOTECHECK_BUILD_TESTS=OFF > /dev/null')
        sh(f'make -C {ROOT}/build-bench -j{os.cpu_count()} quotecheck > /dev/null')
    qc = a.binary
    os.makedirs(a.work, exist_ok=True)
    gen = os.path.join(HERE, 'gen_corpus.py')
    rows = []

    # 1. Extraction throughput against ripgrep.
    mb = 20 if a.quick else 110
    corpus = os.path.join(a.work, f'corpus-{mb}mb')
    if not os.path.isdir(corpus):
        sh(f'python3 {gen} --source {src} --out {corpus} --mb {mb} --format dir > /dev/null')
    size = sum(os.path.getsize(os.path.join(r, f)) for r, _, fs in os.walk(corpus) for f in fs)
    rg = shutil.which('rg')
    base_s = None
    if rg:
        base_s, _ = timed(f"{rg} -o '“[^”]*”|\"[^\"]*\"' {corpus}", reps)
        rows.append(('ripgrep quote scan (baseline)', base_s, size / base_s / 1e6, 1.0, None))
    for jobs in (1, 2):
        s, m = timed(f'{qc} extract --jobs {jobs} {corpus}', reps)
        rows.append((f'extract --jobs {jobs}', s, size / s / 1e6, s / base_s if base_s else None, m))

    # 2. Whole-archive check at growing sizes.
    sizes = [2000, 8000] if a.quick else [10000, 50000, 100000, 200000]
    scale = []
    for n in sizes:
        arch = os.path.join(a.work, f'archive-{n}.jsonl')
        if not os.path.exists(arch):
            sh(f'python3 {gen} --source {src} --out {arch} --articles {n} --format jsonl > /dev/null')
        s, m = timed(f'{qc} check --format json --fail-on none {arch}', max(1, reps // 2) if n >= 100000 else reps)
        scale.append((n, s, m, os.path.getsize(arch)))

    # 3. Incremental: a cold run with a cache, then a run where 1% of the articles changed.
    n = sizes[1]
    arch = os.path.join(a.work, f'archive-{n}.jsonl')
    changed = os.path.join(a.work, f'archive-{n}-1pct.jsonl')
    with open(arch, encoding='utf-8') as f, open(changed, 'w', encoding='utf-8') as g:
        for i, line in enumerate(f):
            if i % 100 == 0:
                rec = json.loads(line)
                rec['text'] += '\n\nAn added closing paragraph for this benchmark.'
                line = json.dumps(rec, ensure_ascii=False) + '\n'
            g.write(line)
    cache = os.path.join(a.work, 'bench.cache')
    inc = []
    for _ in range(reps):
        if os.path.exists(cache):
            os.remove(cache)
        cold, _ = timed(f'{qc} check --fail-on none --format json --cache {cache} {arch}', 1)
        warm, _ = timed(f'{qc} check --fail-on none --format json --cache {cache} {changed}', 1)
        inc.append((cold, warm))
    cold = statistics.median(c for c, _ in inc)
    warm = statistics.median(w for _, w in inc)

    date = datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')
    out = [f'# quotecheck benchmark results', '',
           f'Measured {date} on {machine()}, by `python3 bench/run.py{" --quick" if a.quick else ""}`; '
           f'medians of {reps} runs. Machines here are shared and noisy: compare the ratios, '
           'which come from runs made in the same go.', '',
           f'## Extraction throughput ({size / 1e6:.0f} MB of news articles, {mb} MB target)', '',
           '| case | median s | MB/s | time / ripgrep | peak RSS |', '|---|---|---|---|---|']
    for name, s, mbs, ratio, m in rows:
        out.append(f'| {name} | {s:.3f} | {mbs:.1f} | {ratio:.2f}x | {"" if m is None else f"{m / 1024:.0f} MiB"} |'
                   if ratio is not None else f'| {name} | {s:.3f} | {mbs:.1f} | - | |')
    out += ['', '## Whole-archive check (extract, align, check)', '',
            '| articles | MB | median s | peak RSS |', '|---|---|---|---|']
    for n_, s, m, b in scale:
        out.append(f'| {n_} | {b / 1e6:.0f} | {s:.2f} | {m / 1024:.0f} MiB |')
    if len(scale) >= 2:
        pairs = [(x, y) for x in scale for y in scale if y[0] == 4 * x[0]]
        for x, y in pairs:
            out.append(f'\n{y[0]} articles cost {y[1] / x[1]:.2f}x the time of {x[0]} (4x the articles).')
    out += ['', '## Incremental runs', '',
            f'{n} articles: cold run with an empty --cache {cold:.2f} s; re-run after 1% of the articles '
            f'changed {warm:.2f} s: {cold / warm:.1f}x faster.', '']
    # The section bench/scaling.py writes stays.
    kept = ''
    if os.path.exists(a.out):
        with open(a.out, encoding='utf-8') as f:
            old = f.read()
        if '\n## Scaling' in old:
            kept = '\n## Scaling' + old.split('\n## Scaling', 1)[1]
    with open(a.out, 'w') as f:
        f.write('\n'.join(out) + kept)
    print('\n'.join(out))

if __name__ == '__main__':
    main()
