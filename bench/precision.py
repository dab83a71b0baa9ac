#!/usr/bin/env python3
"""Precision benchmark of quotecheck's cross-outlet findings on real news (issue 11, item 7).

One command, not part of the test suite (a full run takes a few minutes):

  python3 bench/precision.py [--quotecheck PATH] [--rules DIR] [--eval DIR] [--json FILE]
                             [--quick] [--seed N] [--jobs N] [--no-planted] [--work DIR]
  python3 bench/precision.py --draw [--out sample.md] [--outputs DIR]   # the seeded sample to judge
  python3 bench/precision.py --judged bench/judgments/before.tsv

(a) Findings per check and severity: the development archive checked as one
    (`check --format json EVAL/polnear-dev/articles`) and every PAC pair
    (EVAL/pac-pairs/story-*/, each story checked on its own, summed over pairs).
(b) Planted conflicts, one edit per run, in the PAC pairs that share aligned quotes and in
    pairs made by copying a development article as a second outlet (both copies get YAML
    front matter with their own `outlet:`; the edit goes into the copy). Kinds: negation
    ('not' added or removed), number (a number in the quote changed), substitution (a content
    word replaced by another content word of the article), drop (a word inside the quote
    removed), trim (the opening mark moved past the first third), speaker (the speaker's
    mention at the attribution site replaced by another person of the story), affiliation (a
    country or demonym in a person's descriptor swapped: Iraq's -> Iran's), party (Republican
    <-> Democratic, R- <-> D- in a descriptor or a bracketed party label after a name).
    A plant is found when the planted run has a finding that the unedited pair did not have
    (its id is new), of the expected check (quote-altered for negation, number, substitution,
    drop, with severity error for negation and number; quote-trimmed; speaker-conflict;
    affiliation-conflict for affiliation and party), with evidence in the edited document
    covering the edited place. Edits go inside the passage both outlets quote (the longest run
    of words the two quotes share); a trim only into a quote that is all inside the other's; a
    speaker swap replaces the name words of the speaker's mention nearest the quote, on the side
    its rule reads (before the quote for attr.*-before, after it for attr.*-after; speaker
    start/end when the JSON gives them) with the full name of another person of the story;
    affiliation and party swaps only where the person has a second descriptor (or label) of
    the same affiliation or party, so that a conflict exists. Prints recall per kind and source
    with the runs in brackets, how many missed quote edits were at the quote's first or last
    word, and the error findings other than the planted one in the planted runs (all; those
    the unedited pair did not have; those of them of another check).
(c) Judged samples. `--draw` prints a seeded sample (seed k_draw_seed below) of the error and
    warning findings of (a): strata by check and severity; all errors when there are at most
    k_error_quota of them, else k_error_quota spread over the error checks (at least 3 each),
    and warnings up to 64 findings in all (at least k_warning_quota). Each finding's rank is a
    hash of the seed and its id, so the draw is a function of the output alone and a finding
    present before and after a change keeps its rank. `--out FILE` writes a sheet for the
    judge with each finding's message and the article text around each evidence span (the
    sheet holds article text: never commit it). `--judged TSV` reads judgments (tab-separated:
    id, check, severity, verdict true|false, reason; `#` lines are comments) and prints the
    precision per check and severity, the reason classes, a stratum-weighted estimate per
    severity, and which judged findings are still in the current output.

Options
  --quotecheck PATH  the binary (default build/app/quotecheck)
  --rules DIR        the rule pack of every run, instead of the binary's own (default: the binary's own)
  --eval DIR         evaluation data (default ../shared/eval beside the repository)
  --json FILE        also write a machine-readable summary of everything measured
  --quick            a small run: 6 planted runs per kind and source
  --runs N           planted runs per kind and source (default 48)
  --seed N           seed of the planted runs (default 11)
  --jobs N           quotecheck processes at a time (default 4; each runs with -j 1)
                     (a full run takes about six minutes on 2 cores; (b) needs PyYAML)
  --kinds LIST       plant only these kinds in (b), comma-separated (default: all of KINDS)
  --no-planted       skip (b) (implied by --draw and --judged unless --planted is given)
  --work DIR         scratch folder (default: a new temporary folder, removed afterwards)
  --outputs DIR      keep (a)'s reports in DIR (dev.json, pac/story-N.json) and read them from
                     there when present, so that --draw, the judging and --judged see one output
                     (the reports hold article text: keep DIR out of the repository)
Exit status 0; 2 when the binary or the data is missing or a run fails.
"""
import argparse, collections, concurrent.futures, hashlib, json, os, random, re, shutil, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

k_draw_seed = 'quotecheck-issue-11'   # the judged sample's seed: keep it, or before/after differ by draw
k_error_quota = 40
k_warning_quota = 24
k_sample_min = 64
k_context = 320                       # bytes of article text either side of an evidence span in the sheet

KINDS = ['negation', 'number', 'substitution', 'drop', 'trim', 'speaker', 'affiliation', 'party']
EXPECTED = {'negation': ('quote-altered', 'error'), 'number': ('quote-altered', 'error'),
            'substitution': ('quote-altered', None), 'drop': ('quote-altered', None),
            'trim': ('quote-trimmed', None), 'speaker': ('speaker-conflict', None),
            'affiliation': ('affiliation-conflict', None), 'party': ('affiliation-conflict', None)}
SEVERITIES = ['error', 'warning', 'info']

STOP = set('''a an the and or but if then than that this these those there their they them we us our you your
i me my he him his she her it its of to in on at by for with from as into onto about over under is are was
were be been being am do does did have has had will would can could should shall may might must not no so
very just also what which who whom whose when where why how all any some each every more most much many
such only own same other another out up down off again further once here while because until against
between through during before after above below both few nor too s t don now'''.split())
NEGATIONS = {'not', 'no', 'never', 'none', 'nobody', 'nothing', 'neither', 'nor', 'nowhere', 'cannot',
             'without', 'hardly', 'barely'}
AUX = ['is', 'are', 'was', 'were', 'will', 'would', 'can', 'could', 'should', 'do', 'does', 'did', 'has',
       'have', 'had', 'must', 'may', 'might']
NUMBER_WORDS = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven',
                'twelve', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety',
                'hundred', 'thousand', 'million', 'billion', 'trillion', 'dozen', 'half']
NUMBER_SWAP = {'hundred': 'thousand', 'thousand': 'million', 'million': 'billion', 'billion': 'million',
               'trillion': 'billion', 'dozen': 'hundred', 'half': 'third', 'hundreds': 'thousands',
               'thousands': 'millions', 'millions': 'billions', 'billions': 'millions', 'dozens': 'hundreds'}
# Countries an editor could confuse; any other country is swapped for a random one of the gazetteer.
CONFUSABLE = [('Iraq', 'Iran'), ('Austria', 'Australia'), ('Sweden', 'Switzerland'), ('Niger', 'Nigeria'),
              ('Slovakia', 'Slovenia'), ('India', 'Pakistan'), ('China', 'Japan'), ('Russia', 'Ukraine'),
              ('Israel', 'Lebanon'), ('Syria', 'Turkey'), ('Mexico', 'Canada'), ('United States', 'United Kingdom'),
              ('France', 'Germany'), ('North Korea', 'South Korea'), ('Egypt', 'Jordan'), ('Saudi Arabia', 'Qatar')]
PARTY_WORDS = {'Republican': 'Democratic', 'Republicans': 'Democrats', 'Democratic': 'Republican',
               'Democrat': 'Republican', 'Democrats': 'Republicans', 'GOP': 'Democratic'}
WORD_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’\-.,]*[A-Za-z0-9]|[A-Za-z0-9]")
PARTY_RE = re.compile(r'\b(Republicans?|Democrats?|Democratic|GOP)\b')
PARTY_LABEL_RE = re.compile(rb'\(([RD])-[A-Z][^()\n]{0,24}\)')


def die(msg):
    print(f'precision: {msg}', file=sys.stderr)
    sys.exit(2)


# ---------------------------------------------------------------- running quotecheck

class Runner:
    def __init__(self, binary, rules):
        self.binary, self.rules = binary, rules

    def check(self, paths):
        """Returns the JSON report of `check --format json PATHS` (exit 0 or 1), or dies."""
        cmd = [self.binary, 'check', '--format', 'json', '-j', '1', '--progress', 'never', '--no-config']
        if self.rules:  # the whole pack: not layered on the binary's own (which may have changed since)
            cmd += ['--no-default-rules', '--rules', self.rules]
        p = subprocess.run(cmd + list(paths), capture_output=True)
        if p.returncode not in (0, 1):
            die(f'{" ".join(cmd + list(paths))} failed ({p.returncode}): {p.stderr.decode(errors="replace")[-800:]}')
        return json.loads(p.stdout)


def count_findings(reports):
    c = collections.Counter()
    for r in reports:
        for f in r['findings']:
            c[(f['check'], f['severity'])] += 1
    return c


# ---------------------------------------------------------------- (a)

def part_a(runner, eval_dir, jobs, outputs=None):
    """The reports of (a): (dev report, {story: report}). With `outputs`, a folder: read from
    it when it holds dev.json and pac/, else run quotecheck and write them there."""
    dev_dir = os.path.join(eval_dir, 'polnear-dev', 'articles')
    pac_root = os.path.join(eval_dir, 'pac-pairs')
    stories = sorted((d for d in os.listdir(pac_root) if d.startswith('story-')), key=lambda s: int(s.split('-')[1]))
    if outputs and os.path.isfile(os.path.join(outputs, 'dev.json')):
        with open(os.path.join(outputs, 'dev.json')) as f:
            dev = json.load(f)
        pac = {}
        for s in stories:
            with open(os.path.join(outputs, 'pac', s + '.json')) as f:
                pac[s] = json.load(f)
        return dev, pac
    with concurrent.futures.ThreadPoolExecutor(jobs) as ex:
        dev_f = ex.submit(runner.check, [dev_dir])
        pac = dict(zip(stories, ex.map(lambda s: runner.check([os.path.join(pac_root, s)]), stories)))
        dev = dev_f.result()
    if outputs:
        os.makedirs(os.path.join(outputs, 'pac'), exist_ok=True)
        for path, rep in [('dev.json', dev)] + [(os.path.join('pac', s + '.json'), r) for s, r in pac.items()]:
            with open(os.path.join(outputs, path), 'w') as f:
                json.dump(rep, f)
    return dev, pac


def print_counts(dev, pac):
    cd, cp = count_findings([dev]), count_findings(pac.values())
    checks = sorted({k[0] for k in cd} | {k[0] for k in cp})
    print(f'(a) findings per check and severity: development archive ({dev["summary"]["documents"]} articles, '
          f'checked as one) and PAC pairs ({len(pac)} stories, each checked on its own, summed)')
    print(f'| check | dev error | dev warning | dev info | PAC error | PAC warning | PAC info |')
    print('|---|---|---|---|---|---|---|')
    for ch in checks:
        cells = [str(cd.get((ch, s), 0)) for s in SEVERITIES] + [str(cp.get((ch, s), 0)) for s in SEVERITIES]
        print(f'| {ch} | ' + ' | '.join(cells) + ' |')
    tot = [str(sum(v for k, v in cd.items() if k[1] == s)) for s in SEVERITIES] + \
          [str(sum(v for k, v in cp.items() if k[1] == s)) for s in SEVERITIES]
    print('| **all** | ' + ' | '.join(tot) + ' |')
    print()
    return {'dev': {f'{k[0]}:{k[1]}': v for k, v in sorted(cd.items())},
            'pac': {f'{k[0]}:{k[1]}': v for k, v in sorted(cp.items())},
            'dev_documents': dev['summary']['documents'], 'pac_stories': len(pac)}


# ---------------------------------------------------------------- (b) helpers

def read_bytes(path):
    with open(path, 'rb') as f:
        return f.read()


def gazetteer(rules_dir):
    """(form or demonym -> (country, 'form'|'demonym')), and country -> (forms, demonyms)."""
    import yaml  # PyYAML; only (b) needs it
    path = os.path.join(rules_dir, 'lexicon', 'gazetteer.yaml')
    with open(path) as f:
        g = yaml.safe_load(f)
    by_word, countries = {}, {}
    for c in g.get('countries', []):
        amb = set(c.get('ambiguous_forms') or [])
        forms = [x for x in c.get('forms', []) if x not in amb and not x.startswith('Islamic Republic')]
        dems = [x for x in c.get('demonyms', []) if x not in amb]
        if not forms:
            continue
        countries[c['name']] = (forms, dems)
        for x in forms:
            by_word.setdefault(x, (c['name'], 'form'))
        for x in dems:
            by_word.setdefault(x, (c['name'], 'demonym'))
    return by_word, countries


def line_starts(raw):
    out = [0]
    i = raw.find(b'\n')
    while i >= 0:
        out.append(i + 1)
        i = raw.find(b'\n', i + 1)
    return out


def inner_span(raw, q):
    """Byte range of the quote's words inside its marks, or None."""
    t = q['text'].encode()
    i = raw.find(t, q['start'], q['end'])
    return (i, i + len(t)) if i >= 0 and t else None


def tokens(raw, lo, hi):
    """Word tokens [(start, end, word)] of raw[lo:hi], byte offsets."""
    s = raw[lo:hi].decode('utf-8', errors='replace')
    out = []
    for m in WORD_RE.finditer(s):
        w = m.group(0).rstrip('.,')
        a = lo + len(s[:m.start()].encode())
        out.append((a, a + len(w.encode()), w))
    return out


def is_number(w):
    return any(ch.isdigit() for ch in w) or w.lower() in NUMBER_WORDS or w.lower() in NUMBER_SWAP


def content_word(w):
    lw = w.lower()
    return lw.isalpha() and len(lw) >= 4 and lw not in STOP and lw not in NEGATIONS and not is_number(lw)


def suffix_class(w):
    for suf in ('ing', 'ed', 'ly', 's'):
        if w.endswith(suf):
            return suf
    return ''


class Pair:
    """Two documents of one story, their raw bytes and the unedited report."""
    def __init__(self, source, name, files, report):
        self.source, self.name, self.files, self.report = source, name, files, report  # files: doc id -> (path, bytes)
        self.quotes = {q['id']: q for q in report['quotes']}
        self.docs = [d['id'] for d in report['documents']]

    def shared_statements(self):
        out = []
        for s in self.report['statements']:
            qs = [self.quotes[i] for i in s['quotes'] if i in self.quotes]
            if len({q['doc'] for q in qs}) >= 2:
                out.append((s, qs))
        return out


def speaker_site(raw, q):
    """Byte range of the speaker's mention nearest the quote (speaker start/end when the JSON gives them)."""
    sp = q['speaker']
    if 'start' in sp and 'end' in sp:
        return sp['start'], sp['end']
    m = sp['mention'].encode()
    if not m:
        return None
    best = None
    lo, hi = max(0, q['start'] - 300), min(len(raw), q['end'] + 300)
    # A rule that attributes from before the quote (attr.*-before: "X said: "Q"") names the
    # speaker before it, one that attributes from after it (attr.*-after) after it: a mention of
    # the same name on the other side is another sentence's.
    rule = sp.get('rule') or ''
    side = 'before' if rule.endswith('-before') else 'after' if rule.endswith('-after') else None
    i = raw.find(m, lo, hi)
    while i >= 0:
        inside = q['start'] <= i < q['end'] or (side == 'before' and i >= q['end']) or (side == 'after' and i < q['start'])
        between = raw[i + len(m):q['start']] if i < q['start'] else raw[q['end']:i]
        d = (b'\n\n' in between, len(between))  # the quote's own paragraph first, then the nearest
        if not inside and (best is None or d < best[0]):
            best = (d, i)
        i = raw.find(m, i + 1, hi)
    return (best[1], best[1] + len(m)) if best else None


def descriptor_span(raw, d):
    if 'start' in d and 'end' in d:
        return d['start'], d['end']
    ls = line_starts(raw)
    if d['line'] - 1 >= len(ls):
        return None
    a = ls[d['line'] - 1] + d['column'] - 1
    t = d['text'].encode()
    if raw[a:a + len(t)] != t:
        i = raw.find(t, max(0, a - 200), a + 200 + len(t))
        if i < 0:
            return None
        a = i
    return a, a + len(t)


class Plant:
    """One edit: replace raw[lo:hi] of document `doc` with `new`; `cover` is the range (in the edited
    text) a finding's evidence must touch, `point` a byte it must contain (or None)."""
    def __init__(self, kind, doc, lo, hi, new, cover, point, what):
        self.kind, self.doc, self.lo, self.hi, self.new = kind, doc, lo, hi, new
        self.cover, self.point, self.what = cover, point, what


def shift(pos, lo, hi, new_len):
    return pos if pos <= lo else pos + new_len - (hi - lo)


def norm_word(w):
    return w.lower().replace('’', "'")


def shared_block(toks, others):
    """Index range [i0, i1) of the longest run of `toks` found, word for word, in one of the
    `others` (token lists): the passage both outlets quote."""
    a = [norm_word(t[2]) for t in toks]
    best = (0, 0)
    for o in others:
        b = [norm_word(t[2]) for t in o]
        prev = [0] * (len(b) + 1)
        for i in range(len(a)):
            cur = [0] * (len(b) + 1)
            for j in range(len(b)):
                if a[i] == b[j]:
                    cur[j + 1] = prev[j] + 1
                    if cur[j + 1] > best[1] - best[0]:
                        best = (i + 1 - cur[j + 1], i + 1)
            prev = cur
    return best


def make_quote_plant(kind, pair, doc, q, rng, article_words, others):
    raw = pair.files[doc][1]
    span = inner_span(raw, q)
    if not span:
        return None
    all_toks = tokens(raw, *span)
    if len(all_toks) < 3:
        return None
    # Edits go inside the passage both outlets quote: words outside it are no alteration.
    i0, i1 = shared_block(all_toks, others)
    if i1 - i0 < min(5, len(all_toks)):
        return None
    if kind == 'trim':
        if (i0, i1) != (0, len(all_toks)):
            return None  # the edited quote must be a part of the other's, so that what is left still is
        toks = all_toks
    else:
        toks = all_toks[i0:i1]
    inner = lambda t: t[0] > all_toks[0][0] and t[1] < all_toks[-1][1]
    qlo, qhi = q['start'], q['end']

    def plant(lo, hi, new, what, point=None):
        nl = len(new)
        cover = (shift(qlo, lo, hi, nl), shift(qhi, lo, hi, nl))
        p = Plant(kind, doc, lo, hi, new, cover, lo if point is None else point, what)
        # at the quote's first or last word (or the word next to an inserted 'not')
        p.edge = lo <= all_toks[0][1] or hi >= all_toks[-1][0]
        return p

    if kind == 'negation':
        nots = [t for t in toks if t[2].lower() == 'not']
        if nots:
            a, b, _ = rng.choice(nots)
            end = b + 1 if raw[b:b + 1] == b' ' else b
            return plant(a, end, b'', "'not' removed")
        nxt = {a: all_toks[i + 1][2].lower() for i, (a, _, _) in enumerate(all_toks[:-1])}
        auxes = [t for t in toks if t[1] < all_toks[-1][1] and t[2].lower() in AUX
                 and nxt.get(t[0]) not in NEGATIONS and not nxt.get(t[0], '').startswith(("n't", "n’t"))]
        if auxes:
            a, b, w = rng.choice(auxes)
            return plant(b, b, b' not', f"'not' added after '{w}'")
        mids = [t for t in toks if inner(t) and content_word(t[2]) and t[2].islower()]
        if not mids:
            return None
        a, b, w = rng.choice(mids)
        return plant(a, a, b'not ', f"'not' added before '{w}'")
    if kind == 'number':
        nums = [t for t in toks if is_number(t[2])]
        if not nums:
            return None
        a, b, w = rng.choice(nums)
        digits = [i for i, ch in enumerate(w) if ch.isdigit()]
        if digits:
            i = digits[-1]
            new = w[:i] + str((int(w[i]) + 1) % 10) + w[i + 1:]
        else:
            lw = w.lower()
            if lw in NUMBER_SWAP:
                new = NUMBER_SWAP[lw]
            else:
                k = NUMBER_WORDS.index(lw)
                new = NUMBER_WORDS[(k + 1) % 22]
            if w[0].isupper():
                new = new.capitalize()
        return plant(a, b, new.encode(), f"'{w}' -> '{new}'")
    if kind == 'substitution':
        cands = [t for t in toks if content_word(t[2]) and t[2].islower()]
        if not cands:
            return None
        a, b, w = rng.choice(cands)
        in_quote = {t[2].lower() for t in toks}
        subs = [x for x in article_words if x not in in_quote and suffix_class(x) == suffix_class(w)] or \
               [x for x in article_words if x not in in_quote]
        if not subs:
            return None
        new = rng.choice(subs)
        return plant(a, b, new.encode(), f"'{w}' -> '{new}'")
    if kind == 'drop':
        if len(all_toks) < 5:
            return None
        mids = [t for t in toks if inner(t) and not is_number(t[2]) and t[2].lower() not in NEGATIONS
                and "n't" not in t[2] and "n’t" not in t[2]]
        if not mids:
            return None
        a, b, w = rng.choice(mids)
        end = b
        while end < span[1] and raw[end:end + 1] in (b' ', b','):
            end += 1
        if end == b:
            return None
        return plant(a, end, b'', f"'{w}' dropped", point=a)
    if kind == 'trim':
        if len(toks) < 9 or q['start'] >= span[0]:
            return None
        mark = raw[q['start']:span[0]]
        k = len(toks) // 3
        cut = toks[k][0]
        lead = raw[span[0]:cut]
        new = lead + mark
        cover = (q['start'] + len(lead), shift(qhi, q['start'], cut, len(new)))
        return Plant(kind, doc, q['start'], cut, new, cover, None, f'opening mark moved past {k} of {len(toks)} words')
    return None


def article_vocabulary(raw, quotes):
    """Lower-case content words of the article outside its quotes, in first-seen order."""
    mask = bytearray(raw)
    for q in quotes:
        mask[q['start']:q['end']] = b' ' * (q['end'] - q['start'])
    seen = {}
    for w in re.findall(r"\b[a-z]{4,}\b", bytes(mask).decode('utf-8', errors='replace')):
        if content_word(w):
            seen.setdefault(w, None)
    return list(seen)


def quote_candidates(pair, kind, rng, prefer_doc=None):
    """Plants of a quote edit kind, at most one per shared statement (in one outlet's quote)."""
    out = []
    raw_of = lambda x: pair.files[x['doc']][1]
    for s, qs in pair.shared_statements():
        docs = sorted({q['doc'] for q in qs})
        rng.shuffle(docs)
        if prefer_doc:
            docs = [prefer_doc] if prefer_doc in docs else []
        tries = [q for doc in docs for q in rng.sample([q for q in qs if q['doc'] == doc], len([q for q in qs if q['doc'] == doc]))]
        for q in tries:
            others = [tokens(raw_of(x), *inner_span(raw_of(x), x)) for x in qs
                      if x['doc'] != q['doc'] and inner_span(raw_of(x), x)]
            p = make_quote_plant(kind, pair, q['doc'], q, rng, pair.vocab(q['doc']), others)
            if p:
                p.statement = s['id']
                out.append(p)
                break
    return out


def person_entities(report):
    return [e for e in report['entities'] if e.get('person') and e['name'] and len(e['name'].split()) >= 2]


def plausible_name(name):
    """A person's full name: 2-4 capitalised words, the last a word of letters of 3 or more."""
    ws = name.split()
    return 2 <= len(ws) <= 4 and all(w[:1].isupper() for w in ws) and len(ws[-1]) >= 3 and \
        ws[-1].replace('-', '').replace("'", '').isalpha() and not ws[-1].isupper()


def speaker_candidates(pair, rng, prefer_doc=None):
    out = []
    people = person_entities(pair.report)
    for s, qs in pair.shared_statements():
        named = [q for q in qs if q['speaker'] and q['speaker'].get('name')]
        if len(named) < 2 or len({q['doc'] for q in named}) < 2:
            continue
        docs = sorted({q['doc'] for q in named})
        doc = prefer_doc if prefer_doc in docs else rng.choice(docs)
        mine = [q for q in named if q['doc'] == doc and not q['speaker']['rule'].startswith('attr.inherit')]
        rng.shuffle(mine)
        for q in mine:
            sp = q['speaker']
            mention = sp['mention']
            own = set(sp['name'].split())
            if not mention[:1].isupper() or not plausible_name(sp['name']) or not set(mention.split()) & own:
                continue
            raw = pair.files[doc][1]
            site = speaker_site(raw, q)
            if not site:
                continue
            # the name inside the mention (not its title or appositive): first to last word of the name
            words = [(m.start(), m.end()) for m in re.finditer(rb"[^\s,()]+", raw[site[0]:site[1]])
                     if m.group(0).decode(errors='replace').rstrip("'’s") in own or m.group(0).decode(errors='replace') in own]
            if not words:
                continue
            others = [e for e in people if e['id'] != sp.get('entity') and plausible_name(e['name'])
                      and not set(e['name'].split()) & own]
            if not others:
                continue
            other = rng.choice(others)
            new = other['name'].encode()
            lo, hi = site[0] + words[0][0], site[0] + words[-1][1]
            mention = raw[lo:hi].decode(errors='replace')
            nl = len(new)
            cover = (shift(q['start'], lo, hi, nl), shift(q['end'], lo, hi, nl))
            p = Plant('speaker', doc, lo, hi, new, cover, None, f"'{mention}' -> '{other['name']}'")
            p.cover2 = (lo, lo + nl)
            p.statement = s['id']
            out.append(p)
            break
    return out


def affiliation_candidates(pair, rng, gaz):
    by_word, countries = gaz
    out = []
    names = sorted(countries)
    confusable = {}
    for a, b in CONFUSABLE:
        confusable[a], confusable[b] = b, a
    for e in pair.report['entities']:
        if not e.get('person'):
            continue
        ds = e['descriptors']
        for d in ds:
            if not d.get('affiliation') or not d.get('role'):
                continue
            # detectable: another descriptor of the person with the same role and affiliation
            if sum(1 for x in ds if x['role'] == d['role'] and x['affiliation'] == d['affiliation']) < 2:
                continue
            raw = pair.files[d['doc']][1]
            span = descriptor_span(raw, d)
            if not span:
                continue
            text = raw[span[0]:span[1]].decode('utf-8', errors='replace')
            hit = None
            for w, (country, form) in sorted(by_word.items(), key=lambda kv: -len(kv[0])):
                if country != d['affiliation'] and countries.get(d['affiliation']) is None:
                    continue
                if country != d['affiliation']:
                    continue
                m = re.search(r'(?<![A-Za-z])' + re.escape(w) + r'(?![A-Za-z])', text)
                if m:
                    hit = (m, w, form)
                    break
            if not hit:
                continue
            m, w, form = hit
            target = confusable.get(d['affiliation']) or rng.choice([n for n in names if n != d['affiliation']])
            tf, td = countries.get(target, ([target], []))
            if form == 'demonym':
                if not td:
                    continue
                new = td[0]
            else:
                new = tf[0]
            lo = span[0] + len(text[:m.start()].encode())
            hi = lo + len(w.encode())
            nb = new.encode()
            p = Plant('affiliation', d['doc'], lo, hi, nb, (lo, lo + len(nb)), None, f"'{w}' -> '{new}' in '{d['text']}'")
            out.append(p)
    rng.shuffle(out)
    return out


def party_candidates(pair, rng):
    out = []
    seen = set()
    for e in pair.report['entities']:
        if not e.get('person'):
            continue
        for d in e['descriptors']:
            m = PARTY_RE.search(d['text'])
            if not m:
                continue
            raw = pair.files[d['doc']][1]
            span = descriptor_span(raw, d)
            if not span:
                continue
            text = raw[span[0]:span[1]].decode('utf-8', errors='replace')
            m = PARTY_RE.search(text)
            if not m:
                continue
            lo = span[0] + len(text[:m.start()].encode())
            hi = lo + len(m.group(0).encode())
            if (d['doc'], lo) in seen:
                continue
            # detectable: another descriptor of the person with the same party word
            if sum(1 for x in e['descriptors'] if m.group(0) in PARTY_RE.findall(x['text'])) < 2:
                continue
            seen.add((d['doc'], lo))
            new = PARTY_WORDS[m.group(0)].encode()
            out.append(Plant('party', d['doc'], lo, hi, new, (lo, lo + len(new)), None,
                             f"'{m.group(0)}' -> '{new.decode()}' in '{d['text']}'"))
    # bracketed labels after a person's name: "Sen. Ted Cruz (R-Texas)"
    surnames = {n.split()[-1].encode() for e in person_entities(pair.report) for n in [e['name']] + e.get('aliases', [])}
    labels = collections.Counter()  # (surname, label): detectable when a person's label appears twice
    found = []
    for doc in pair.docs:
        raw = pair.files[doc][1]
        for m in PARTY_LABEL_RE.finditer(raw):
            before = raw[max(0, m.start() - 40):m.start()]
            who = [s for s in surnames if s in before]
            if who:
                # The label's own person is the surname nearest before it ("Sen. Richard Burr (R-NC)
                # and Rep. Virginia Foxx (R-NC)": Foxx's label is not Burr's), the longer of two
                # ending at one place; sorted first, as a set's order changes from run to run.
                who = max(sorted(who), key=lambda s: (before.rfind(s) + len(s), len(s)))
                labels[(who, m.group(0))] += 1
                found.append((doc, m, who))
    for doc, m, who in found:
        if labels[(who, m.group(0))] >= 2:
            lo = m.start() + 1
            if (doc, lo) in seen:
                continue
            seen.add((doc, lo))
            new = b'D' if m.group(1) == b'R' else b'R'
            out.append(Plant('party', doc, lo, lo + 1, new, (m.start(), m.end()), None,
                             f"'{m.group(0).decode(errors='replace')}' label: {m.group(1).decode()} -> {new.decode()}"))
    rng.shuffle(out)
    return out


def candidates(pair, kind, rng, gaz, prefer_doc=None):
    if kind == 'speaker':
        return speaker_candidates(pair, rng, prefer_doc)
    if kind == 'affiliation':
        c = affiliation_candidates(pair, rng, gaz)
    elif kind == 'party':
        c = party_candidates(pair, rng)
    else:
        c = quote_candidates(pair, kind, rng, prefer_doc)
        rng.shuffle(c)
        return c
    if prefer_doc:
        c = [p for p in c if p.doc == prefer_doc]
    return c


def run_plant(runner, pair, plant, work):
    d = tempfile.mkdtemp(dir=work)
    for doc, (path, raw) in pair.files.items():
        data = raw[:plant.lo] + plant.new + raw[plant.hi:] if doc == plant.doc else raw
        with open(os.path.join(d, os.path.basename(path)), 'wb') as f:
            f.write(data)
    rep = runner.check([d])
    shutil.rmtree(d, ignore_errors=True)
    base_ids = {f['id'] for f in pair.report['findings']}
    check, sev = EXPECTED[plant.kind]
    found, found_any_sev = None, None

    def covers(e):
        if e['doc'] != plant.doc:
            return False
        ranges = [plant.cover] + ([plant.cover2] if hasattr(plant, 'cover2') else [])
        if plant.point is not None:
            return e['start'] <= plant.point <= e['end']
        return any(e['start'] < b and a < e['end'] or e['start'] == a for a, b in ranges)

    for f in rep['findings']:
        if f['id'] in base_ids or f['check'] != check or not any(covers(e) for e in f['evidence']):
            continue
        if sev is None or f['severity'] == sev:
            found = found or f
        found_any_sev = found_any_sev or f
    errors = [f for f in rep['findings'] if f['severity'] == 'error' and f is not found]
    return {'source': pair.source, 'pair': pair.name, 'kind': plant.kind, 'doc': plant.doc, 'what': plant.what,
            'found': found is not None, 'found_any_severity': found_any_sev is not None,
            'edge': getattr(plant, 'edge', None),
            'finding': (found or found_any_sev or {}).get('id'),
            'other_errors': len(errors), 'other_new_errors': sum(1 for f in errors if f['id'] not in base_ids),
            'other_new_errors_other_check': sum(1 for f in errors if f['id'] not in base_ids and f['check'] != check)}


def dev_outlet(name):
    return name.split('_')[0] or 'dev'


def build_pairs(runner, eval_dir, pac, work, jobs, n_dev, rng):
    pac_root = os.path.join(eval_dir, 'pac-pairs')
    pairs = []
    for story, rep in pac.items():
        files = {}
        for d in rep['documents']:
            files[d['id']] = (d['path'], read_bytes(d['path']))
        pairs.append(Pair('pac', story, files, rep))
    dev_dir = os.path.join(eval_dir, 'polnear-dev', 'articles')
    names = sorted(os.listdir(dev_dir))
    rng.shuffle(names)
    dev_specs = []
    for n in names[:n_dev]:
        raw = read_bytes(os.path.join(dev_dir, n))
        stem = n[:-4]
        d = os.path.join(work, 'dev-' + stem)
        os.makedirs(d, exist_ok=True)
        if raw.startswith(b'---\n'):
            # front matter of its own: replace its outlet line
            end = raw.find(b'\n---\n', 4)
            body = raw[end + 5:] if end >= 0 else raw
        else:
            body = raw
        a = b'---\noutlet: "%s"\n---\n' % dev_outlet(n).encode() + body
        b = b'---\noutlet: "Copy Desk"\n---\n' + body
        pa, pb = os.path.join(d, stem + '.txt'), os.path.join(d, stem + '-copy.txt')
        for p, data in ((pa, a), (pb, b)):
            with open(p, 'wb') as f:
                f.write(data)
        dev_specs.append((stem, d, {stem: (pa, a), stem + '-copy': (pb, b)}))
    with concurrent.futures.ThreadPoolExecutor(jobs) as ex:
        reps = list(ex.map(lambda s: runner.check([s[1]]), dev_specs))
    for (stem, d, files), rep in zip(dev_specs, reps):
        pairs.append(Pair('dev', stem, files, rep))
    return pairs


def part_b(runner, eval_dir, pac, rules_dir, work, jobs, runs, seed, kinds=KINDS):
    rng = random.Random(seed)
    gaz = gazetteer(rules_dir)
    n_dev = max(4 * runs, 24)
    pairs = build_pairs(runner, eval_dir, pac, work, jobs, n_dev, rng)
    for p in pairs:
        cache = {}
        p.vocab = (lambda pp, c: (lambda doc: c.setdefault(doc, article_vocabulary(
            pp.files[doc][1], [q for q in pp.report['quotes'] if q['doc'] == doc]))))(p, cache)
    plan = []
    avail = collections.Counter()
    for kind in kinds:
        for source in ('pac', 'dev'):
            lists = []
            for p in pairs:
                if p.source != source:
                    continue
                prng = random.Random(f'{seed}:{kind}:{p.name}')
                prefer = p.name + '-copy' if source == 'dev' else None
                c = candidates(p, kind, prng, gaz, prefer)
                if c:
                    lists.append((p, c))
                    avail[(kind, source)] += len(c)
            chosen = []
            r = 0
            while len(chosen) < runs and any(r < len(c) for _, c in lists):
                for p, c in lists:
                    if r < len(c) and len(chosen) < runs:
                        chosen.append((p, c[r]))
                r += 1
            plan += chosen
    with concurrent.futures.ThreadPoolExecutor(jobs) as ex:
        results = list(ex.map(lambda pc: run_plant(runner, pc[0], pc[1], work), plan))
    return results, avail


def print_planted(results, avail, kinds=KINDS):
    print('(b) planted conflicts, one edit per run: recall per kind (runs in brackets)')
    print('| kind | expected | PAC pairs | dev copies | all | any severity | other errors (new; new of another check) |')
    print('|---|---|---|---|---|---|---|')
    summary = {}
    for kind in kinds:
        rs = [r for r in results if r['kind'] == kind]
        cells = []
        entry = {}
        for source in ('pac', 'dev', None):
            sub = [r for r in rs if source is None or r['source'] == source]
            f = sum(r['found'] for r in sub)
            cells.append(f'{f / len(sub):.2f} ({f}/{len(sub)})' if sub else '- (0)')
            entry[source or 'all'] = {'runs': len(sub), 'found': f,
                                      'candidates': avail.get((kind, source), 0) if source else None}
        fa = sum(r['found_any_severity'] for r in rs)
        other = sum(r['other_errors'] for r in rs)
        new = sum(r['other_new_errors'] for r in rs)
        new_other = sum(r['other_new_errors_other_check'] for r in rs)
        entry.update({'found_any_severity': fa, 'other_errors': other, 'other_new_errors': new,
                      'other_new_errors_other_check': new_other})
        check, sev = EXPECTED[kind]
        print(f'| {kind} | {check}{" (" + sev + ")" if sev else ""} | ' + ' | '.join(cells) +
              f' | {fa}/{len(rs)} | {other} ({new}; {new_other}) |')
        summary[kind] = entry
    for kind in ('negation', 'number', 'substitution', 'drop'):
        miss = [r for r in results if r['kind'] == kind and not r['found']]
        if miss:
            edge = sum(1 for r in miss if r.get('edge'))
            summary[kind]['missed_at_edge'] = edge
            print(f'{kind}: {edge} of the {len(miss)} missed edits were at the quote\'s first or last word')
    print('other errors: error findings in the planted runs besides the planted one; new: those the unedited pair did not have;\n'
          'new of another check: of those, the ones of another check than the expected one (the rest are mostly the\n'
          'same conflict again, e.g. on a follow-up quote that inherits the swapped speaker)')
    print()
    return summary


# ---------------------------------------------------------------- (c)

def pool(dev, pac):
    """Error and warning findings of (a): id -> (finding, where, report)."""
    out = {}
    for where, rep in [('dev', dev)] + [(f'pac/{s}', r) for s, r in pac.items()]:
        for f in rep['findings']:
            if f['severity'] in ('error', 'warning'):
                out.setdefault(f['id'], (f, where, rep))
    return out


def rank(fid):
    return hashlib.sha256(f'{k_draw_seed}:{fid}'.encode()).hexdigest()


def allocate(sizes, quota, minimum=3):
    """Sample sizes per stratum: everything when the strata hold at most `quota`, else at least
    `minimum` each (or all it has) and the rest in proportion (largest remainders)."""
    total = sum(sizes.values())
    if total <= quota:
        return dict(sizes)
    take = {k: min(v, minimum) for k, v in sizes.items()}
    left = quota - sum(take.values())
    rest = {k: v - take[k] for k, v in sizes.items()}
    rtotal = sum(rest.values())
    if left > 0 and rtotal:
        shares = {k: left * v / rtotal for k, v in rest.items()}
        for k in shares:
            take[k] += int(shares[k])
        rem = left - sum(int(s) for s in shares.values())
        for k in sorted(shares, key=lambda k: (-(shares[k] - int(shares[k])), k))[:rem]:
            take[k] += 1
    return {k: min(v, sizes[k]) for k, v in take.items()}


def draw(dev, pac):
    p = pool(dev, pac)
    strata = collections.defaultdict(list)
    for fid, (f, where, rep) in p.items():
        strata[(f['check'], f['severity'])].append(fid)
    err = {k: len(v) for k, v in strata.items() if k[1] == 'error'}
    warn = {k: len(v) for k, v in strata.items() if k[1] == 'warning'}
    te = allocate(err, k_error_quota)
    tw = allocate(warn, max(k_warning_quota, k_sample_min - sum(te.values())))
    sample = []
    for k, n in sorted({**te, **tw}.items(), key=lambda kv: (SEVERITIES.index(kv[0][1]), kv[0][0])):
        sample += sorted(strata[k], key=rank)[:n]
    return sample, p, {f'{k[0]}:{k[1]}': len(v) for k, v in strata.items()}


def context(raw, a, b):
    while a > 0 and raw[a] & 0xC0 == 0x80:  # whole characters: a stray mark's span may be one byte of it
        a -= 1
    while b < len(raw) and raw[b] & 0xC0 == 0x80:
        b += 1
    lo, hi = max(0, a - k_context), min(len(raw), b + k_context)
    dec = lambda x: x.decode('utf-8', errors='replace').replace('\n', ' / ')
    return f'{dec(raw[lo:a])}⟦{dec(raw[a:b])}⟧{dec(raw[b:hi])}'


def write_sheet(path, sample, p):
    with open(path, 'w') as out:
        out.write('# quotecheck findings to judge (contains article text: do not commit)\n\n')
        out.write('Verdict: true = a real conflict an editor would want to see. Copy the tsv line at the end of each\n'
                  'finding into bench/judgments/*.tsv with the verdict and a short reason class.\n\n')
        for n, fid in enumerate(sample, 1):
            f, where, rep = p[fid]
            paths = {d['id']: d['path'] for d in rep['documents']}
            out.write(f'## {n}. {fid} {f["check"]} {f["severity"]} ({where})\n\n{f["message"]}\n\n')
            cache = {}
            for e in f['evidence']:
                raw = cache.setdefault(e['doc'], read_bytes(paths[e['doc']]))
                out.write(f'- **{e["doc"]}** {e["line"]}:{e["column"]} ({e.get("outlet")}) [{e["start"]},{e["end"]})\n\n'
                          f'  > {context(raw, e["start"], e["end"])}\n\n')
            out.write(f'`{fid}\t{f["check"]}\t{f["severity"]}\t?\t?`\n\n')


def read_judgments(path):
    rows = []
    with open(path) as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip('\n')
            if not line.strip() or line.startswith('#') or line.startswith('id\t'):
                continue
            cols = line.split('\t')
            if len(cols) < 5 or cols[3] not in ('true', 'false'):
                die(f'{path}:{n}: expected id, check, severity, true|false, reason (tab-separated)')
            rows.append({'id': cols[0], 'check': cols[1], 'severity': cols[2], 'verdict': cols[3] == 'true',
                         'reason': cols[4]})
    return rows


def judged(path, dev, pac):
    rows = read_judgments(path)
    _, p, sizes = draw(dev, pac)
    print(f'(c) judged precision from {os.path.relpath(path)} ({len(rows)} findings)')
    print('| check | severity | judged | true | precision | findings in the output | reasons (false) | reasons (true) |')
    print('|---|---|---|---|---|---|---|---|')
    by = collections.defaultdict(list)
    for r in rows:
        by[(r['check'], r['severity'])].append(r)
    summary = {'strata': {}, 'by_severity': {}}
    est = collections.defaultdict(lambda: [0.0, 0])
    for k in sorted(by, key=lambda k: (SEVERITIES.index(k[1]) if k[1] in SEVERITIES else 9, k[0])):
        rs = by[k]
        t = sum(r['verdict'] for r in rs)
        rf = collections.Counter(r['reason'] for r in rs if not r['verdict'])
        rt = collections.Counter(r['reason'] for r in rs if r['verdict'])
        size = sizes.get(f'{k[0]}:{k[1]}', 0)
        fmt_r = lambda c: ', '.join(f'{x} {n}' for x, n in c.most_common()) or '-'
        print(f'| {k[0]} | {k[1]} | {len(rs)} | {t} | {t / len(rs):.2f} | {size} | {fmt_r(rf)} | {fmt_r(rt)} |')
        summary['strata'][f'{k[0]}:{k[1]}'] = {'judged': len(rs), 'true': t, 'precision': t / len(rs),
                                              'in_output': size, 'reasons_false': dict(rf), 'reasons_true': dict(rt)}
        est[k[1]][0] += size * t / len(rs)
        est[k[1]][1] += size
    for sev in ('error', 'warning'):
        rs = [r for r in rows if r['severity'] == sev]
        if not rs:
            continue
        t = sum(r['verdict'] for r in rs)
        w = est[sev][0] / est[sev][1] if est[sev][1] else None
        print(f'{sev}s: {t}/{len(rs)} judged true ({t / len(rs):.2f}); weighted by the strata sizes in the output: '
              f'{"-" if w is None else f"{w:.2f}"}')
        summary['by_severity'][sev] = {'judged': len(rs), 'true': t, 'precision': t / len(rs), 'weighted': w}
    still = [r['id'] for r in rows if r['id'] in p]
    gone = [r['id'] for r in rows if r['id'] not in p]
    print(f'judged findings still in the current output: {len(still)} of {len(rows)}')
    if still and len(still) < len(rows):
        print('  still there: ' + ' '.join(still))
    if gone and len(gone) < len(rows):
        print('  gone: ' + ' '.join(gone))
    print()
    summary['still_present'] = still
    summary['gone'] = gone
    return summary


# ---------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--quotecheck', default=os.path.join(ROOT, 'build', 'app', 'quotecheck'))
    ap.add_argument('--rules')
    ap.add_argument('--eval', default=os.path.join(ROOT, '..', 'shared', 'eval'))
    ap.add_argument('--json')
    ap.add_argument('--quick', action='store_true')
    ap.add_argument('--runs', type=int)
    ap.add_argument('--seed', type=int, default=11)
    ap.add_argument('--jobs', type=int, default=4)
    ap.add_argument('--planted', dest='planted', action='store_true', default=None)
    ap.add_argument('--no-planted', dest='planted', action='store_false')
    ap.add_argument('--draw', action='store_true')
    ap.add_argument('--out')
    ap.add_argument('--judged')
    ap.add_argument('--work')
    ap.add_argument('--outputs')
    ap.add_argument('--kinds')
    a = ap.parse_args()
    kinds = KINDS
    if a.kinds:
        kinds = [k.strip() for k in a.kinds.split(',') if k.strip()]
        bad = [k for k in kinds if k not in KINDS]
        if bad:
            die(f'unknown kind {bad[0]!r} in --kinds (expected some of: {", ".join(KINDS)})')
    if not os.access(a.quotecheck, os.X_OK):
        die(f'no quotecheck binary at {a.quotecheck} (build it, or name it with --quotecheck)')
    eval_dir = os.path.normpath(a.eval)
    for sub in ('polnear-dev/articles', 'pac-pairs'):
        if not os.path.isdir(os.path.join(eval_dir, sub)):
            die(f'no {sub} in {eval_dir} (name the evaluation data with --eval)')
    planted = a.planted if a.planted is not None else not (a.draw or a.judged)
    runs = a.runs or (6 if a.quick else 48)
    rules_dir = a.rules or os.path.join(ROOT, 'rules')
    runner = Runner(a.quotecheck, a.rules)
    work = a.work or tempfile.mkdtemp(prefix='quotecheck-precision.')
    os.makedirs(work, exist_ok=True)
    summary = {'quotecheck': os.path.abspath(a.quotecheck), 'seed': a.seed, 'draw_seed': k_draw_seed}
    try:
        dev, pac = part_a(runner, eval_dir, a.jobs, a.outputs)
        summary['counts'] = print_counts(dev, pac)
        if planted:
            results, avail = part_b(runner, eval_dir, pac, rules_dir, work, a.jobs, runs, a.seed, kinds)
            summary['planted'] = print_planted(results, avail, kinds)
            summary['planted_runs'] = results
        if a.draw:
            sample, p, sizes = draw(dev, pac)
            print(f'(c) seeded sample ({k_draw_seed}): {len(sample)} findings')
            for fid in sample:
                f, where, _ = p[fid]
                print(f'{fid}\t{f["check"]}\t{f["severity"]}\t{where}\t{f["message"][:110]}')
            print()
            summary['sample'] = sample
            if a.out:
                write_sheet(a.out, sample, p)
                print(f'judge sheet written to {a.out} (article text: do not commit it)')
        if a.judged:
            summary['judged'] = judged(a.judged, dev, pac)
    finally:
        if not a.work:
            shutil.rmtree(work, ignore_errors=True)
    if a.json:
        with open(a.json, 'w') as f:
            json.dump(summary, f, indent=1, sort_keys=True)
            f.write('\n')


if __name__ == '__main__':
    main()
