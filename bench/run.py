#!/usr/bin/env python3
"""Benchmark harness: runs each case several times, reports medians and ratios against a
baseline run in the same go, and writes bench/RESULTS.md.

usage: bench/run.py [--quick] [--reps N] [--binary PATH] [--baseline-binary PATH]
                    [--cases extract,startup,check,incremental] [--mb N] [--work DIR]
                    [--out bench/RESULTS.md]

Cases
- extract: throughput on a >= 100 MB corpus of real news (the development articles replicated
  with small edits by gen_corpus.py), --jobs 1 and --jobs 2, against ripgrep's bare quote scan
  (rg -o '“[^”]*”|"[^"]*"') on the same files as the baseline, and against --baseline-binary
  (an older build) when given; wall time, CPU time (user + system) and peak memory;
- startup: `check data/story` (five short articles: loading and compiling the rule pack is
  most of it), CPU time, against --baseline-binary when given;
- check: the whole-archive check (extraction, alignment, checks) on 10k, 50k, 100k and 200k
  articles: time and peak memory (from /usr/bin/time), and the ratio of 4x the articles to 1x;
- incremental: a --cache re-run where 1% of the articles changed, against a cold run.
Medians of --reps runs (default 5; --quick: 3 runs and smaller corpora). The runs of a case's
commands (ripgrep, this build, the baseline build) take turns, one run of each per round, so that
a shared machine's drift falls on all of them alike and their ratios stay fair. Each case writes its
own section of RESULTS.md, with its date; the sections of cases not run (and those other
scripts write, such as bench/scaling.py's) are kept as they were.
"""
import argparse, datetime, json, os, platform, re, shutil, statistics, subprocess, sys, time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

def sh(cmd, **kw):
    return subprocess.run(cmd, shell=True, check=True, **kw)

def timed(cmd, reps):
    """Returns (median seconds, median peak KB) of `cmd` run `reps` times."""
    secs, _, mems = timed_cpu(cmd, reps)
    return secs, mems

def run_once(cmd):
    """Returns (wall seconds, CPU seconds: user + system, peak KB or None) of one run of `cmd`."""
    t0 = time.perf_counter()
    p = subprocess.run(['/usr/bin/time', '-f', 'qc-bench %M %U %S', 'bash', '-c', cmd + ' > /dev/null'],
                       stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - t0
    if p.returncode not in (0, 1):
        sys.exit(f'bench: command failed ({p.returncode}): {cmd}\n{p.stderr[-2000:]}')
    last = [l.split() for l in p.stderr.strip().splitlines() if l.startswith('qc-bench ')]
    if not last:
        return wall, None, None
    return wall, float(last[-1][2]) + float(last[-1][3]), int(last[-1][1])

def timed_interleaved(cmds, reps):
    """Runs each of `cmds` `reps` times, taking them in turn (one run of each, then the next
    round), so that a shared machine's drift falls on all of them alike; returns per command
    (median wall seconds, median CPU seconds, median peak KB)."""
    runs = [[] for _ in cmds]
    for _ in range(reps):
        for i, cmd in enumerate(cmds):
            runs[i].append(run_once(cmd))
    out = []
    for r in runs:
        cpus = [c for _, c, _ in r if c is not None]
        mems = [m for _, _, m in r if m is not None]
        out.append((statistics.median(w for w, _, _ in r), statistics.median(cpus) if cpus else 0.0,
                    statistics.median(mems) if mems else 0))
    return out

def timed_cpu(cmd, reps):
    """Returns (median wall seconds, median CPU seconds: user + system, median peak KB) of `cmd`
    run `reps` times."""
    return timed_interleaved([cmd], reps)[0]

def merge_sections(path, new_sections, preamble):
    """Writes `path` with each section of `new_sections` (heading prefix -> text) in place of the
    section whose heading starts with that prefix, the other sections as they were."""
    old = ''
    if os.path.exists(path):
        with open(path, encoding='utf-8') as f:
            old = f.read()
    parts = re.split(r'(?m)^(?=## )', old)
    head, sections = (parts[0], parts[1:]) if parts and not parts[0].startswith('## ') else ('', parts)
    out, done = [], set()
    for sec in sections:
        key = next((k for k in new_sections if sec.startswith(k)), None)
        if key is None:
            out.append(sec)
        elif key not in done:
            out.append(new_sections[key].rstrip('\n') + '\n\n')
            done.add(key)
    for key, text in new_sections.items():
        if key not in done:
            out.append(text.rstrip('\n') + '\n\n')
    head = preamble
    with open(path, 'w', encoding='utf-8') as f:
        f.write(head.rstrip('\n') + '\n\n' + ''.join(out).rstrip('\n') + '\n')

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
    ap.add_argument('--baseline-binary', help='an older build, run in the same go for the extract and startup cases')
    ap.add_argument('--cases', default='extract,startup,check,incremental')
    ap.add_argument('--mb', type=int, help='extraction corpus size (default 110, --quick 20)')
    ap.add_argument('--work', default='/tmp/quotecheck-bench')
    ap.add_argument('--out', default=os.path.join(HERE, 'RESULTS.md'))
    a = ap.parse_args()
    cases = set(c.strip() for c in a.cases.split(',') if c.strip())
    unknown = cases - {'extract', 'startup', 'check', 'incremental'}
    if unknown:
        sys.exit(f'bench: unknown case(s): {", ".join(sorted(unknown))}')
    reps = a.reps or (3 if a.quick else 5)
    src = os.path.join(ROOT, '..', 'shared', 'eval', 'polnear-dev', 'articles')
    if not os.path.isdir(src):
        src = os.path.join(ROOT, 'data', 'story')
    if not os.path.exists(a.binary):
        sh(f'cmake -S {ROOT} -B {ROOT}/build-bench -DCMAKE_BUILD_TYPE=Release -DQUOTECHECK_BUILD_TESTS=OFF > /dev/null')
        sh(f'cmake --build {ROOT}/build-bench -j{os.cpu_count()} --target quotecheck > /dev/null')
    qc = a.binary
    base_qc = a.baseline_binary
    if base_qc and not os.path.exists(base_qc):
        sys.exit(f'bench: no baseline binary {base_qc}')
    os.makedirs(a.work, exist_ok=True)
    gen = os.path.join(HERE, 'gen_corpus.py')
    date = datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')
    how = f'python3 bench/run.py{" --quick" if a.quick else ""} --cases {{}}'
    measured = lambda case: (f'Measured {date} on {machine()}, by `{how.format(case)}`; medians of {reps} runs, taken in turns. '
                             'Machines here are shared and noisy: compare the ratios, which come from runs made in the same go.')
    sections = {}

    if 'extract' in cases:
        mb = a.mb or (20 if a.quick else 110)
        corpus = os.path.join(a.work, f'corpus-{mb}mb')
        if not os.path.isdir(corpus):
            sh(f'python3 {gen} --source {src} --out {corpus} --mb {mb} --format dir > /dev/null')
        size = sum(os.path.getsize(os.path.join(r, f)) for r, _, fs in os.walk(corpus) for f in fs)
        rows = []
        rg = shutil.which('rg')
        base_s = None
        # Every case, ripgrep's and each build's, takes its turn in each round (timed_interleaved).
        cases_run = []
        if rg:
            cases_run.append(('ripgrep quote scan (baseline)', f"{rg} -o '“[^”]*”|\"[^\"]*\"' {corpus}"))
        for jobs in (1, 2):
            for label, binary in ([('', qc)] + ([(' (baseline build)', base_qc)] if base_qc else [])):
                cases_run.append((f'extract --jobs {jobs}{label}', f'{binary} extract --jobs {jobs} {corpus}'))
        for (name, _), (s_, cpu, m) in zip(cases_run, timed_interleaved([c for _, c in cases_run], reps)):
            if name.startswith('ripgrep'):
                base_s = s_
                m = None
            rows.append((name, s_, cpu, m))
        text = [f'## Extraction throughput ({size / 1e6:.0f} MB of news articles)', '', measured('extract'),
                '' if not base_qc else f'The baseline build is `{base_qc}`.', '',
                '| case | median s | MB/s | time / ripgrep | CPU s | peak RSS |', '|---|---|---|---|---|---|']
        for name, s_, cpu, m in rows:
            ratio = f'{s_ / base_s:.1f}x' if base_s else '-'
            text.append(f'| {name} | {s_:.3f} | {size / s_ / 1e6:.1f} | {ratio} | {cpu:.2f} | {"" if m is None else f"{m / 1024:.0f} MiB"} |')
        sections['## Extraction throughput'] = '\n'.join(text)

    if 'startup' in cases:
        story = os.path.join(ROOT, 'data', 'story')
        builds = [('this build', qc)] + ([('baseline build', base_qc)] if base_qc else [])
        rows = [(label, *t) for (label, _), t in
                zip(builds, timed_interleaved([f'{b} check --fail-on none {story}' for _, b in builds], reps))]
        text = ['## Startup (`check data/story`: five short articles)', '', measured('startup'),
                'Loading and compiling the rule pack is most of such a run.', '',
                '| build | median wall s | median CPU s | peak RSS |', '|---|---|---|---|']
        for label, s_, cpu, m in rows:
            text.append(f'| {label} | {s_:.3f} | {cpu:.3f} | {m / 1024:.0f} MiB |')
        sections['## Startup'] = '\n'.join(text)

    sizes = [2000, 8000] if a.quick else [10000, 50000, 100000, 200000]
    if 'check' in cases:
        scale = []
        for n in sizes:
            arch = os.path.join(a.work, f'archive-{n}.jsonl')
            if not os.path.exists(arch):
                sh(f'python3 {gen} --source {src} --out {arch} --articles {n} --format jsonl > /dev/null')
            s_, m = timed(f'{qc} check --format json --fail-on none {arch}', max(1, reps // 2) if n >= 100000 else reps)
            scale.append((n, s_, m, os.path.getsize(arch)))
        text = ['## Whole-archive check (extract, align, check)', '', measured('check'), '',
                '| articles | MB | median s | peak RSS |', '|---|---|---|---|']
        for n_, s_, m, b in scale:
            text.append(f'| {n_} | {b / 1e6:.0f} | {s_:.2f} | {m / 1024:.0f} MiB |')
        for x, y in [(x, y) for x in scale for y in scale if y[0] == 4 * x[0]]:
            text.append(f'\n{y[0]} articles cost {y[1] / x[1]:.2f}x the time of {x[0]} (4x the articles).')
        sections['## Whole-archive check'] = '\n'.join(text)

    if 'incremental' in cases:
        n = sizes[1]
        arch = os.path.join(a.work, f'archive-{n}.jsonl')
        if not os.path.exists(arch):
            sh(f'python3 {gen} --source {src} --out {arch} --articles {n} --format jsonl > /dev/null')
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
        sections['## Incremental runs'] = '\n'.join([
            '## Incremental runs', '', measured('incremental'), '',
            f'{n} articles: cold run with an empty --cache {cold:.2f} s; re-run after 1% of the articles '
            f'changed {warm:.2f} s: {cold / warm:.1f}x faster.'])

    merge_sections(a.out, sections, '# quotecheck benchmark results\n\nEach section says when, on what machine and by which command it was measured.')
    for text in sections.values():
        print(text + '\n')

if __name__ == '__main__':
    main()
