#!/usr/bin/env python3
"""Calibrates speaker confidence on the development set, in one command.

    bench/calibrate.py [--quotecheck BIN] [--pred PRED.jsonl] [--write] [--json]

Extracts every article of ../shared/eval/polnear-dev (or reads PRED, as
`quotecheck extract` prints it), matches predicted quotes to gold.jsonl as
../shared/eval/score.py does (word-multiset F1 >= 0.7, one-to-one, best pairs first),
and counts, for the matched quotes whose gold quote names a speaker, the share whose
speaker is right (score.py's rule: the gold mention's last word is in the predicted
mention or name):

- per attribution rule, for the quotes named at the attribution site (via site);
- per via (site, pronoun, description, inherited), and for speakers with no name; with the
  reference names, also per coreference sieve (the speaker's `sieve`: rules/coreference.yaml),
  whose factor may be set as the sieve's `confidence`.

The fitted values: a rule's confidence is its precision over its site attributions,
shrunk toward the overall site precision with the weight of --prior quotes
((right + prior * mean) / (n + prior)), so a rule seen a few times stays near the mean;
a via's factor is its precision over the precision its quotes' rules predict (for
inherited quotes, the confidence of the quote they inherit from); `unnamed` likewise.
--write puts them into rules/attribution.yaml (each rule's `confidence:`) and
rules/checks.yaml (speaker_confidence). Pronoun resolution cannot be told right or wrong
from this gold (it names the mention "he", not the person): without the reference names the
pronoun and description factors are left as the pack has them.

QC_EVAL_DIR (default ../shared/eval) overrides the data's folder.
"""
import argparse, json, os, re, subprocess, sys, tempfile
from collections import Counter, defaultdict

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VIAS = ['site', 'pronoun', 'description', 'inherited']
WORD = re.compile(r"[\w']+", re.U)


def words(s):
    return [w.lower().replace("’", "'") for w in WORD.findall((s or '').replace("’", "'"))]


def doc_key(d):
    return os.path.splitext(os.path.basename(str(d)))[0]


def f1(a, b):
    if not a or not b:
        return 0.0
    ov = sum((Counter(a) & Counter(b)).values())
    if ov == 0:
        return 0.0
    p, r = ov / len(b), ov / len(a)
    return 2 * p * r / (p + r)


def matched_pairs(gold_path, pred_path):
    """(gold, pred) for every matched quote, as score.py pairs them."""
    gold, pred = defaultdict(list), defaultdict(list)
    for line in open(gold_path, encoding='utf-8'):
        g = json.loads(line)
        gold[doc_key(g['doc'])].append(g)
    for line in open(pred_path, encoding='utf-8'):
        line = line.strip()
        if not line:
            continue
        try:
            p = json.loads(line)
        except json.JSONDecodeError:
            continue
        if 'text' in p and 'doc' in p:
            pred[doc_key(p['doc'])].append(p)
    out = []
    for d, gs in gold.items():
        ps = pred.get(d, [])
        wg = [words(g['quote']) for g in gs]
        wp = [words(p['text']) for p in ps]
        pairs = sorted(((f1(wg[i], wp[j]), i, j) for i in range(len(gs)) for j in range(len(ps))), reverse=True)
        used_g, used_p = set(), set()
        for s, i, j in pairs:
            if s < 0.7:
                break
            if i in used_g or j in used_p:
                continue
            used_g.add(i)
            used_p.add(j)
            out.append((gs[i], ps[j]))
    return out


def speaker_right(g, sp):
    head = (words(g['source']) or [''])[-1]
    cand = set(words(sp.get('mention'))) | set(words(sp.get('name')))
    return bool(head) and head in cand


def via_of(sp):
    v = sp.get('via', 0)
    if isinstance(v, int):
        return VIAS[v] if 0 <= v < len(VIAS) else 'site'
    return str(v)


def load_factors(checks_path):
    import yaml
    with open(checks_path, encoding='utf-8') as f:
        c = (yaml.safe_load(f) or {}).get('speaker_confidence') or {}
    base = {'site': 1.0, 'pronoun': 0.85, 'description': 0.8, 'inherited': 0.9, 'unnamed': 0.6}
    base.update({k: float(v) for k, v in c.items()})
    return base


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--quotecheck', default=os.path.join(ROOT, 'build', 'app', 'quotecheck'))
    ap.add_argument('--rules', default=os.path.join(ROOT, 'rules'))
    ap.add_argument('--pred', help='predictions already extracted (JSON Lines)')
    ap.add_argument('--prior', type=float, default=20.0, help='weight of the overall mean, in quotes')
    ap.add_argument('--write', action='store_true', help='write the fitted values into the rule pack')
    ap.add_argument('--names', default=os.path.join(ROOT, 'bench', 'annotations', 'names.tsv'),
                    help='reference names (bench/annotations/names.tsv): via factors from resolved-name accuracy')
    ap.add_argument('--json', action='store_true')
    a = ap.parse_args()
    eval_dir = os.environ.get('QC_EVAL_DIR', os.path.join(ROOT, '..', 'shared', 'eval'))
    gold_path = os.path.join(eval_dir, 'polnear-dev', 'gold.jsonl')
    pred_path = a.pred
    tmp = None
    if not pred_path:
        tmp = tempfile.NamedTemporaryFile('w', suffix='.jsonl', delete=False)
        tmp.close()
        pred_path = tmp.name
        with open(pred_path, 'w', encoding='utf-8') as out:
            subprocess.run([a.quotecheck, 'extract', '--rules', a.rules, os.path.join(eval_dir, 'polnear-dev', 'articles')],
                           stdout=out, stderr=subprocess.DEVNULL, check=True)
    try:
        pairs = matched_pairs(gold_path, pred_path)
        names = name_accuracy_by_via(a.names, pred_path)
    finally:
        if tmp:
            os.unlink(pred_path)
    factors = load_factors(os.path.join(a.rules, 'checks.yaml'))

    rows = []  # (rule, via, named, right, confidence as extracted)
    for g, p in pairs:
        sp = p.get('speaker')
        if not g.get('source') or not sp:
            continue
        rows.append((sp.get('rule', ''), via_of(sp), bool(sp.get('name')), speaker_right(g, sp), float(sp.get('confidence', 0.9))))

    site = [r for r in rows if r[1] == 'site' and r[2]]
    mean = sum(r[3] for r in site) / len(site) if site else 0.9
    by_rule = defaultdict(lambda: [0, 0])
    for r in site:
        by_rule[r[0]][0] += 1
        by_rule[r[0]][1] += r[3]
    rule_conf = {k: (right + a.prior * mean) / (n + a.prior) for k, (n, right) in by_rule.items()}
    for k in pack_rule_ids(a.rules):  # a rule never seen at a site: the mean
        rule_conf.setdefault(k, mean)
    all_rules = defaultdict(lambda: [0, 0])
    for r in rows:
        all_rules[r[0]][0] += 1
        all_rules[r[0]][1] += r[3]

    def expected(r):
        if r[1] == 'inherited':  # the confidence of the quote it inherits from
            base = r[4] / factors['inherited']
            return base / (1.0 if r[2] else factors['unnamed'])
        return rule_conf.get(r[0], mean)

    fitted = {'site': 1.0}
    via_stats = {}
    for v in VIAS:
        rs = [r for r in rows if r[1] == v and r[2]]
        n, right = len(rs), sum(r[3] for r in rs)
        exp = sum(expected(r) for r in rs)
        via_stats[v] = (n, right)
        if v != 'site':
            fitted[v] = min(1.0, right / exp) if exp else factors[v]
    rs = [r for r in rows if not r[2]]
    n, right = len(rs), sum(r[3] for r in rs)
    exp = sum(expected(r) * (fitted.get(r[1], 1.0) if r[1] != 'inherited' else 1.0) for r in rs)
    via_stats['unnamed'] = (n, right)
    fitted['unnamed'] = min(1.0, right / exp) if exp else factors['unnamed']

    # Resolved names, where the reference names exist: a via's factor is its name accuracy over
    # that of the names found at the site (the dev gold above only tells the mention right).
    if names and names['site'][0]:
        site_acc = names['site'][1] / names['site'][0]
        for v in ('pronoun', 'description', 'inherited'):
            n, right = names[v]
            if n >= 10:
                fitted[v] = min(1.0, (right / n) / site_acc)
        via_stats.update({f'{k} (names)': v for k, v in names.items()})
        for k, (n, right) in names.items():
            fitted[f'{k} (names)'] = (right / n) / site_acc if n and site_acc else 0.0
    else:
        # Without them a resolved pronoun or description cannot be told right or wrong: the
        # pack's factors stay as they are.
        for v in ('pronoun', 'description'):
            fitted[v] = factors[v]
        print(f'no reference names at {a.names}: pronoun and description factors kept from the pack', file=sys.stderr)

    if a.json:
        print(json.dumps({'matched_with_speaker': len(rows), 'site_mean': mean,
                          'rules': {k: {'n': v[0], 'right': v[1], 'confidence': round(rule_conf.get(k, mean), 2)}
                                    for k, v in sorted(all_rules.items())},
                          'via': {k: {'n': v[0], 'right': v[1], 'factor': round(fitted[k], 2)} for k, v in via_stats.items()}},
                         indent=1))
    else:
        print(f'matched quotes with a gold and a predicted speaker: {len(rows)}; site precision {mean:.3f}')
        print(f'{"rule":34} {"all n":>6} {"right":>6} {"site n":>6} {"prec":>6} {"conf":>5}')
        for k in sorted(all_rules, key=lambda k: -all_rules[k][0]):
            n, right = all_rules[k]
            sn, sr = by_rule.get(k, (0, 0))
            prec = f'{sr / sn:.3f}' if sn else '-'
            conf = f'{rule_conf[k]:.2f}' if k in rule_conf else '-'
            print(f'{k:34} {n:6} {right:6} {sn:6} {prec:>6} {conf:>5}')
        print(f'{"via":34} {"n":>6} {"right":>6} {"prec":>6} {"factor":>6}')
        for k, (n, right) in via_stats.items():
            prec = f'{right / n:.3f}' if n else '-'
            print(f'{k:34} {n:6} {right:6} {prec:>6} {fitted[k]:6.2f}')
    if a.write:
        write_pack(a.rules, {k: round(v, 2) for k, v in rule_conf.items()},
                   {k: round(v, 2) for k, v in fitted.items() if k in VIAS + ['unnamed']})


def pack_rule_ids(rules_dir):
    import yaml
    with open(os.path.join(rules_dir, 'attribution.yaml'), encoding='utf-8') as f:
        return [r['id'] for r in (yaml.safe_load(f) or {}).get('attribution') or []]


def name_accuracy_by_via(names_path, pred_path):
    """{via: (n, right)} of resolved names against the reference names, or None without them.

    Uses the annotation's own scorer (bench/score_names beside names.tsv's bench/) to match a
    reference to its predicted quote and to judge a name (its last-name rule)."""
    if not names_path or not os.path.isfile(names_path):
        return None
    scorer = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(names_path))), 'score_names')
    if not os.path.isfile(scorer):
        return None
    import importlib.machinery, importlib.util
    loader = importlib.machinery.SourceFileLoader('score_names', scorer)
    spec = importlib.util.spec_from_loader('score_names', loader)
    sn = importlib.util.module_from_spec(spec)
    loader.exec_module(sn)
    preds = defaultdict(list)
    for line in open(pred_path, encoding='utf-8'):
        try:
            p = json.loads(line)
        except json.JSONDecodeError:
            continue
        if 'doc' in p and 'start' in p:
            preds[doc_key(p['doc'])].append(p)
    out = {v: [0, 0] for v in VIAS}
    for ann in sn.load_annotations(names_path):
        if ann['kind'] not in ('person', 'organisation'):
            continue
        p = sn.find_pred(preds.get(ann['doc'], []), ann['start'])
        sp = (p or {}).get('speaker') or {}
        if not sp.get('name'):
            continue
        v = via_of(sp)
        right = sn.judge(ann['name'], ann['kind'], sp['name'])[1]
        out[v][0] += 1
        out[v][1] += right
        if sp.get('sieve') and v != 'inherited':  # each coreference sieve's links (coreference.yaml)
            row = out.setdefault(f"sieve {sp['sieve']}", [0, 0])
            row[0] += 1
            row[1] += right
    return {k: tuple(v) for k, v in out.items()}


def write_pack(rules_dir, rule_conf, fitted):
    path = os.path.join(rules_dir, 'attribution.yaml')
    lines = open(path, encoding='utf-8').read().split('\n')
    out, current = [], None
    for line in lines:
        m = re.match(r'^  - id: (\S+)\s*$', line)
        if m:
            current = m.group(1)
            out.append(line)
            if current in rule_conf:
                out.append(f'    confidence: {rule_conf[current]}')
            continue
        if current in rule_conf and re.match(r'^    confidence:', line):
            continue  # replaced above
        out.append(line)
    open(path, 'w', encoding='utf-8').write('\n'.join(out))
    path = os.path.join(rules_dir, 'checks.yaml')
    text = open(path, encoding='utf-8').read()
    for k, v in fitted.items():  # the value replaced in place, the comment kept in its column
        text = re.sub(rf'(?m)^(  {k}:)(\s*)([0-9.]+)(\s*)(?=#|$)',
                      lambda m: m.group(1) + m.group(2) + f'{v}'.ljust(len(m.group(3) + m.group(4)) - 1 if m.group(4) else 0) + (' ' if m.group(4) else ''),
                      text)
    open(path, 'w', encoding='utf-8').write(text)


if __name__ == '__main__':
    main()
