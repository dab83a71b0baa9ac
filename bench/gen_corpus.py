#!/usr/bin/env python3
"""Generate a benchmark corpus by replicating real articles with small edits.

usage: gen_corpus.py --source DIR --out PATH (--mb N | --articles N) [--format dir|jsonl] [--seed S]

Each copy of a source article gets a fresh id and a few edits outside and inside its quotes
(a word dropped, two words swapped, a number changed), so that the corpus is not made of
exact duplicates and alignment has real work to do. The source is normally
../shared/eval/polnear-dev/articles (real news); data/story is used when that is absent.
The corpus is written to PATH and never committed.
"""
import argparse, json, os, random, re, sys

def load(source):
    texts = []
    for root, _, files in os.walk(source):
        for f in sorted(files):
            if f.endswith('.txt'):
                with open(os.path.join(root, f), encoding='utf-8', errors='replace') as fh:
                    texts.append(fh.read())
    if not texts:
        sys.exit(f'gen_corpus: no .txt articles in {source}')
    return texts

WORD = re.compile(r'\b[a-z]{4,}\b')

def edit(text, rng):
    words = list(WORD.finditer(text))
    if len(words) < 10:
        return text
    out = text
    for _ in range(rng.randint(1, 3)):
        m = rng.choice(words)
        kind = rng.random()
        if kind < 0.4:
            out = out[:m.start()] + out[m.end():]  # drop a word
        elif kind < 0.8:
            out = out[:m.start()] + m.group(0)[::-1] + out[m.end():]  # garble a word
        else:
            out = out[:m.start()] + str(rng.randint(2, 999)) + out[m.end():]
        words = list(WORD.finditer(out))
        if len(words) < 10:
            break
    return out

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--source', required=True)
    ap.add_argument('--out', required=True)
    ap.add_argument('--mb', type=float)
    ap.add_argument('--articles', type=int)
    ap.add_argument('--format', choices=['dir', 'jsonl'], default='jsonl')
    ap.add_argument('--seed', type=int, default=1)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    texts = load(a.source)
    target_bytes = int(a.mb * 1e6) if a.mb else None
    n, total = 0, 0
    if a.format == 'jsonl':
        os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
        fh = open(a.out, 'w', encoding='utf-8')
    else:
        os.makedirs(a.out, exist_ok=True)
    while True:
        if a.articles is not None and n >= a.articles:
            break
        if target_bytes is not None and total >= target_bytes:
            break
        base = texts[n % len(texts)]
        text = base if n < len(texts) else edit(base, rng)
        doc_id = f'a{n:07d}'
        if a.format == 'jsonl':
            line = json.dumps({'id': doc_id, 'outlet': f'outlet{n % 17}', 'text': text}, ensure_ascii=False)
            fh.write(line + '\n')
            total += len(line.encode('utf-8')) + 1
        else:
            sub = os.path.join(a.out, f'{n // 1000:04d}')
            os.makedirs(sub, exist_ok=True)
            with open(os.path.join(sub, doc_id + '.txt'), 'w', encoding='utf-8') as f:
                f.write(text)
            total += len(text.encode('utf-8'))
        n += 1
    if a.format == 'jsonl':
        fh.close()
    print(json.dumps({'articles': n, 'bytes': total, 'out': a.out}))

if __name__ == '__main__':
    main()
