#!/usr/bin/env python3
"""Scaling benchmark: doubles each input dimension and prints the growth of time and peak
memory for each doubling. Linear work doubles (ratio 2.0); the target is every ratio <= 2.4.

usage: bench/scaling.py [--binary PATH] [--reps N] [--work DIR] [--quick] [--only DIM,...]
                        [--results bench/RESULTS.md]

--results replaces the table of that file's "## Scaling" section (bench/run.py keeps the section) with
this run's; the prose under the old table, up to the next ## heading, stays (bench/test_scaling.py).

Dimensions (each run as `quotecheck check --format json -j 1`; for the lexicon, on one small article):
- doc-size:      one document of 0.5, 1, 2, 4 MB (the source articles one after another, a
                 line each, in one JSON Lines record);
- quotes:        one sentence holding 2,500 ... 20,000 quotes;
- docs-per-stmt: one statement quoted by 32 ... 256 documents (one with a negation dropped);
- paragraph:     one paragraph of 4,000 ... 32,000 sentences naming titled people (the
                 descriptor rules go through it match after match);
- issuer:        one paragraph of 2,000 ... 16,000 quotes, each said by "the report" (the
                 issuer sieve looks for the sentence that introduces the report);
- company:       a company named, then one paragraph of 2,000 ... 16,000 quotes, each said by
                 "the company" (the organisation-type sieve);
- lexicon:       the shipped rule pack with 2.5k ... 20k extra speech-verb lemmas (4 forms each);
- records:       a JSON Lines archive of 1k ... 8k articles.
Time (CPU seconds, user + system) and peak RSS are each child's own (os.wait4), medians of
--reps runs (default 3).
The articles are ../shared/eval/polnear-dev/articles when present, else data/story; what is
generated goes to --work and is never committed.
"""
import argparse, json, os, random, shutil, statistics, string, subprocess, sys, time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def articles():
    for source in (os.path.join(ROOT, '..', 'shared', 'eval', 'polnear-dev', 'articles'), os.path.join(ROOT, 'data', 'story')):
        texts = []
        for base, _, files in os.walk(source):
            for f in sorted(files):
                if f.endswith('.txt'):
                    with open(os.path.join(base, f), encoding='utf-8', errors='replace') as fh:
                        texts.append(fh.read())
        if texts:
            return texts
    sys.exit('scaling: no articles found')


def run(cmd, reps):
    """Returns (median seconds, median peak MiB) of `cmd` (a list) run `reps` times."""
    secs, mems = [], []
    for _ in range(reps):
        p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(p.pid, 0)
        # CPU seconds (user + system) of the child, not wall time: on a shared machine the
        # wall clock also counts the other work, and the growth ratios are what this measures.
        secs.append(usage.ru_utime + usage.ru_stime)
        mems.append(usage.ru_maxrss / 1024)
        code = os.waitstatus_to_exitcode(status)
        if code not in (0, 1):
            sys.exit(f'scaling: command failed ({code}): {" ".join(cmd)}')
    return statistics.median(secs), statistics.median(mems)


def write(path, text):
    with open(path, 'w', encoding='utf-8') as f:
        f.write(text)
    return path


def doc_size(work, n_mb, texts):
    # The articles one after another in one record: a single document of n_mb MB.
    parts, size, i = [], 0, 0
    while size < n_mb * 1e6:
        t = ' '.join(texts[i % len(texts)].split())
        parts.append(t)
        size += len(t) + 1
        i += 1
    path = os.path.join(work, f'doc-{n_mb}.jsonl')
    write(path, json.dumps({'id': 'big', 'text': 'One big document\n\n' + '\n'.join(parts)}, ensure_ascii=False) + '\n')
    return [path]


def quotes(work, n, texts):
    # One sentence: The list read "w1", "w2", ... and "wn," Ryan Crocker said.
    words = ', '.join(f'"word{i}"' for i in range(n))
    path = write(os.path.join(work, f'quotes-{n}.txt'), f'A list\n\nThe list read {words} and "the last," Ryan Crocker said.\n')
    return [path]


def paragraph(work, n, texts):
    # One paragraph of n sentences, each with titled people and a congressional label: the
    # descriptor rules run over the paragraph's tokens, match after match.
    body = ' '.join(f'Foreign Minister Jo Roe{i % 50} met Sen. Bob Corker, R-Tenn., on Monday.' for i in range(n))
    path = write(os.path.join(work, f'paragraph-{n}.txt'), f'Talks\n\n{body}\n')
    return [path]


def said_by(work, name, sayer, intro, n):
    # One paragraph: `intro`, then n quotes each said by `sayer`.
    body = ' '.join(f'"We will act on item {i}," {sayer} said.' for i in range(n))
    path = write(os.path.join(work, f'{name}-{n}.txt'), f'Findings\n\n{intro}{body}\n')
    return [path]


def issuer(work, n, texts):
    # Every description goes to the issuer sieve, whose search for the sentence that introduces
    # the report was a walk back over the paragraph's sentences (quadratic until 2 Dec: 8,000
    # sentences took 22 s).
    return said_by(work, 'issuer', 'the report', '', n)


def company(work, n, texts):
    # Each description looks for the nearest sentence that names an organisation of its type (a
    # walk back over the paragraph's sentences until 2 Dec: 4,000 quotes took 1.4 s, 4x a doubling).
    return said_by(work, 'company', 'the company', 'Acme Corp. spoke on Monday. ', n)


def docs_per_statement(work, n, texts):
    folder = os.path.join(work, f'stmt-{n}')
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    for i in range(n):
        neg = 'not ' if i == n - 1 else ''
        write(os.path.join(folder, f'd{i:05d}.txt'),
              f'---\noutlet: Outlet {i}\n---\nTalks in Vienna\n\n"We will {neg}support the agreement and we will sign it '
              f'next week," Mohammad Javad Zarif said on Monday.\n')
    return [folder]


def lexicon(work, n, texts):
    rules = os.path.join(work, f'rules-{n}')
    shutil.rmtree(rules, ignore_errors=True)
    shutil.copytree(os.path.join(ROOT, 'rules'), rules)
    rng = random.Random(n)
    seen = set()
    lines = []
    while len(seen) < n:
        w = 'q' + ''.join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(5, 9)))
        if w in seen:
            continue
        seen.add(w)
        lines.append(f'- lemma: {w}\n  forms: [{w}, {w}s, {w}ed, {w}ing]\n')
    path = os.path.join(rules, 'lexicon', 'speech-verbs.yaml')
    with open(path, encoding='utf-8') as f:
        text = f.read()
    text = text.replace('speech_verbs:\n', 'speech_verbs:\n' + ''.join(lines), 1)
    with open(path, 'w', encoding='utf-8') as f:
        f.write(text)
    return rules


def records(work, n, texts):
    path = os.path.join(work, f'records-{n}.jsonl')
    with open(path, 'w', encoding='utf-8') as f:
        for i in range(n):
            f.write(json.dumps({'id': f'a{i:06d}', 'outlet': f'outlet{i % 17}', 'text': texts[i % len(texts)]},
                               ensure_ascii=False) + '\n')
    return [path]


DIMENSIONS = {
    'doc-size': (doc_size, [0.5, 1, 2, 4], 'MB'),
    'quotes': (quotes, [2500, 5000, 10000, 20000], 'quotes'),
    'docs-per-stmt': (docs_per_statement, [32, 64, 128, 256], 'documents'),
    'paragraph': (paragraph, [4000, 8000, 16000, 32000], 'sentences'),
    'issuer': (issuer, [2000, 4000, 8000, 16000], 'quotes'),
    'company': (company, [2000, 4000, 8000, 16000], 'quotes'),
    'lexicon': (lexicon, [2500, 5000, 10000, 20000], 'lemmas'),
    'records': (records, [1000, 2000, 4000, 8000], 'records'),
}


def write_results(path, rows, reps, worst):
    import datetime
    when = datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')
    lines = ['## Scaling (bench/scaling.py)', '',
             f'Measured {when} by `python3 bench/scaling.py --results bench/RESULTS.md`, `-j 1`, medians of {reps} runs '
             'of CPU time (user + system); '
             'each size is twice the one before it, and the ratios are the growth for that doubling '
             '(linear: 2.0; target <= 2.4).', '',
             '| dimension | size | median CPU s | peak RSS | time x | memory x |', '|---|---|---|---|---|---|']
    for name, size, secs, mem, tr, mr in rows:
        lines.append(f'| {name} | {size} | {secs:.2f} | {mem:.0f} MiB | {"" if tr is None else f"{tr:.2f}"} | '
                     f'{"" if mr is None else f"{mr:.2f}"} |')
    lines += ['', f'Worst growth for one doubling: {worst:.2f}x.', '']
    text = ''
    if os.path.exists(path):
        with open(path, encoding='utf-8') as f:
            text = f.read()
    with open(path, 'w', encoding='utf-8') as f:
        f.write(replace_section(text, lines))


def replace_section(text, lines):
    """Returns `text` (a Markdown file) with its "## Scaling" section's table replaced by
    `lines` (the heading, the table and the worst-growth line). The prose written under the
    old table, up to the next ## heading, stays, and so do the sections after it."""
    head, found, rest = text.partition('\n## Scaling')
    if not found and text.startswith('## Scaling'):
        head, rest = '', text[len('## Scaling'):]
    head = head.rstrip('\n')
    # The sections after this one (## headings) stay as they are.
    end = rest.find('\n## ')
    body, tail = (rest, '') if end < 0 else (rest[:end], rest[end:])
    # The prose after the old table: what follows its worst-growth line, else its last row.
    old = body.split('\n')[1:]
    keep = 0
    for i, line in enumerate(old):
        if line.startswith('Worst growth for one doubling:'):
            keep = i + 1
    if not keep:
        for i, line in enumerate(old):
            if line.startswith('|'):
                keep = i + 1
    prose = '\n'.join(old[keep:]).strip('\n')
    out = (head + '\n\n' if head else '') + '\n'.join(lines)
    if prose:
        out = out.rstrip('\n') + '\n\n' + prose + '\n'
    if tail:
        out = out.rstrip('\n') + '\n' + tail
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--binary', default=os.path.join(ROOT, 'build', 'app', 'quotecheck'))
    ap.add_argument('--reps', type=int, default=3)
    ap.add_argument('--work', default='/tmp/quotecheck-scaling')
    ap.add_argument('--quick', action='store_true', help='the first three sizes of each dimension, one run each')
    ap.add_argument('--only', help='comma-separated dimensions (default: all)')
    ap.add_argument('--results', help='write the table into this Markdown file\'s "## Scaling" section')
    a = ap.parse_args()
    reps = 1 if a.quick else a.reps
    os.makedirs(a.work, exist_ok=True)
    texts = articles()
    small = write(os.path.join(a.work, 'small.txt'), texts[0])
    names = a.only.split(',') if a.only else list(DIMENSIONS)
    worst = 0.0
    rows = []
    print(f'{"dimension":<14} {"size":>12} {"seconds":>9} {"peak MiB":>9} {"time x":>7} {"memory x":>8}')
    for name in names:
        make, sizes, unit = DIMENSIONS[name]
        if a.quick:
            sizes = sizes[:3]
        prev = None
        for size in sizes:
            made = make(a.work, size, texts)
            if name == 'lexicon':
                cmd = [a.binary, 'check', '--rules', made, '--no-config', '--format', 'json', '-j', '1', small]
            else:
                cmd = [a.binary, 'check', '--no-config', '--format', 'json', '--fail-on', 'none', '-j', '1',
                       '--max-file-size', str(64 << 20), '--max-quote-length', '100000000'] + made
            secs, mem = run(cmd, reps)
            ratio, tr, mr = '', None, None
            if prev:
                tr, mr = secs / prev[0], mem / prev[1]
                worst = max(worst, tr, mr)
                ratio = f'{tr:>7.2f} {mr:>8.2f}'
            print(f'{name:<14} {str(size) + " " + unit:>12} {secs:>9.2f} {mem:>9.0f} {ratio}', flush=True)
            rows.append((name, f'{size} {unit}', secs, mem, tr, mr))
            prev = (secs, mem)
    print(f'worst growth for one doubling: {worst:.2f}x (target <= 2.4)')
    if a.results:
        write_results(a.results, rows, reps, worst)
    return 0 if worst <= 2.4 else 1


if __name__ == '__main__':
    sys.exit(main())
