#!/usr/bin/env python3
"""Reproducible draw of the development articles annotated in names.tsv.

usage: draw.py list [--eval DIR]          the drawn documents, in draw order, with quote counts
       draw.py quotes [--eval DIR]        doc, start (byte offset), gold source, one per gold quote
       draw.py show DOC [--eval DIR]      the article with a marker at each gold quote (for the
                                          annotator's eyes only: never store its output here)

The draw: the development documents that have at least one gold quote, sorted by id, shuffled
with random.Random(SEED); the first ones are taken until there are at least MIN_DOCS documents
and at least MIN_QUOTES gold quotes.

A quote's start is the byte offset (UTF-8) in the article file of the quote's first character
after its opening quotation mark: the place where the gold quote text begins. The gold text is
located in the article: among the occurrences of the text, those right after an opening mark
are preferred; gold quotes with the same text (47 of the drawn ones) take distinct occurrences,
the one nearest to the quote's gold speaker mention first (see locate()). Nine gold texts
of the development set differ from the article by a lost full stop or line break; those are
found by their first 25 characters.
"""
import json, os, random, sys
from collections import defaultdict

SEED = 20261201
MIN_DOCS = 100
MIN_QUOTES = 800
OPENERS = '“"‘\'«'

def eval_dir(argv):
    if '--eval' in argv:
        return argv[argv.index('--eval') + 1]
    here = os.path.dirname(os.path.abspath(__file__))
    for d in (os.path.join(here, '..', '..', '..', 'shared', 'eval', 'polnear-dev'),
              '/work/shared/eval/polnear-dev'):
        if os.path.isdir(d):
            return os.path.normpath(d)
    sys.exit('draw.py: no polnear-dev folder (give --eval DIR)')

def load_gold(ev):
    gold = defaultdict(list)
    with open(os.path.join(ev, 'gold.jsonl'), encoding='utf-8') as f:
        for line in f:
            g = json.loads(line)
            gold[g['doc']].append(g)
    return gold

def draw(gold):
    docs = sorted(gold)
    random.Random(SEED).shuffle(docs)
    out, n = [], 0
    for d in docs:
        if len(out) >= MIN_DOCS and n >= MIN_QUOTES:
            break
        out.append(d)
        n += len(gold[d])
    return out

def occurrences(text, s):
    res, i = [], text.find(s)
    while i >= 0:
        res.append(i)
        i = text.find(s, i + 1)
    return res

def locate(text, quotes):
    """Character offsets of each gold quote text in text (None when not found).

    Occurrences right after an opening mark are preferred (when there are enough of them
    for the gold quotes with that text), and occurrences after the title line. Gold quotes sharing one text are given distinct
    occurrences, nearest first to the gold speaker mention (the gold file is not in document
    order), the earlier occurrence on ties; a single gold quote whose text occurs more than once
    also takes the occurrence nearest to its mention; no two gold quotes share a place while
    another occurrence is free (texts with fewer occurrences are placed first).
    """
    groups = defaultdict(list)
    for n, q in enumerate(quotes):
        groups[q['quote']].append(n)
    cands = {}
    for s, members in groups.items():
        occ = occurrences(text, s) or occurrences(text, s[:25])
        pref = [i for i in occ if i > 0 and text[i - 1] in OPENERS]
        cand = pref if len(pref) >= len(members) else occ
        body = [i for i in cand if i > text.find('\n')]
        if len(body) >= len(members):
            cand = body     # the title line (the article's first line) comes last
        cands[s] = cand
    out = [None] * len(quotes)
    taken = set()           # one place for one gold quote, across texts ("X" and "X,")
    for s in sorted(groups, key=lambda t: (len(cands[t]), groups[t][0])):
        members, cand = groups[s], cands[s]
        if not cand:
            continue
        free = [i for i in cand if i not in taken]
        if len(free) >= len(members):
            cand = free
        costs = []
        for n in members:
            src = quotes[n].get('source') or ''
            spots = occurrences(text, src) if src else []
            for i in cand:
                d = min((abs(i - j) for j in spots), default=10 ** 9)
                costs.append((d, i, n))
        costs.sort()
        used_o, used_q = set(), set()
        for d, i, n in costs:
            if i in used_o or n in used_q:
                continue
            used_o.add(i); used_q.add(n)
            out[n] = i
        for n in members:
            if out[n] is None:
                out[n] = cand[0]
        taken.update(out[n] for n in members)
    return out

def byte_offset(text, i):
    return len(text[:i].encode('utf-8'))

def article(ev, doc):
    with open(os.path.join(ev, 'articles', doc + '.txt'), encoding='utf-8') as f:
        return f.read()

def located(ev, gold, doc):
    text = article(ev, doc)
    offs = locate(text, gold[doc])
    return text, [(q, o, byte_offset(text, o) if o is not None else None)
                  for q, o in zip(gold[doc], offs)]

def main(argv):
    if not argv or argv[0] not in ('list', 'quotes', 'show'):
        sys.exit(__doc__)
    ev = eval_dir(argv)
    gold = load_gold(ev)
    if argv[0] == 'list':
        for d in draw(gold):
            print(f'{d}\t{len(gold[d])}')
    elif argv[0] == 'quotes':
        for d in draw(gold):
            _, rows = located(ev, gold, d)
            for q, _, b in rows:
                print(f"{d}\t{b}\t{q.get('source')}")
    else:
        doc = argv[1]
        text, rows = located(ev, gold, doc)
        marks = sorted(((o, n + 1, q) for n, (q, o, _) in enumerate(rows) if o is not None),
                       key=lambda r: r[0], reverse=True)
        for o, n, q in marks:
            text = text[:o] + f"⟦{n}|{q.get('source')}⟧" + text[o:]
        print(text)

if __name__ == '__main__':
    main(sys.argv[1:])
