#!/usr/bin/python3
"""Scale-out demonstration: extraction mapped over shards on a Dask cluster, one check to merge.

usage: /usr/bin/python3 bench/dask_check.py [--binary PATH] [--workers N] INPUT.jsonl|DIR ...

`quotecheck extract --format shard` is the map (one shard of articles in, its extractions
out as JSON Lines) and `quotecheck check --extracted` the reduce, so an archive too large for
one machine runs on an existing engine. This script starts a LocalCluster on loopback (the
same code runs against a real scheduler address), splits the inputs into shards, runs extract
on each shard as a Dask task, then merges with `check --extracted`, and compares the JSON
report byte for byte with a single-process `quotecheck check --format json` of the same
inputs. Exit 0 when identical. Debian's python3-distributed is installed for /usr/bin/python3.
"""
import argparse, json, os, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def split(inputs, shards, workdir):
    """Writes the articles of `inputs` round-robin into `shards` JSONL files; returns their paths."""
    paths = [os.path.join(workdir, f'shard-{i:03d}.jsonl') for i in range(shards)]
    outs = [open(p, 'w', encoding='utf-8') for p in paths]
    n = 0
    for inp in inputs:
        if os.path.isdir(inp):
            files = sorted(os.path.join(r, f) for r, _, fs in os.walk(inp) for f in fs if f.endswith('.txt'))
            for f in files:
                with open(f, encoding='utf-8', errors='surrogateescape') as fh:
                    text = fh.read()
                rec = {'id': os.path.splitext(os.path.basename(f))[0], 'text': text}
                outs[n % shards].write(json.dumps(rec, ensure_ascii=False) + '\n')
                n += 1
        else:
            with open(inp, encoding='utf-8') as fh:
                for line in fh:
                    if line.strip():
                        outs[n % shards].write(line if line.endswith('\n') else line + '\n')
                        n += 1
    for o in outs:
        o.close()
    return paths


def extract_shard(binary, shard):
    out = shard[:-len('.jsonl')] + '.extracted.jsonl'
    subprocess.run([binary, 'extract', '--format', 'shard', '--jobs', '1', '-o', out, shard], check=True)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('inputs', nargs='+')
    ap.add_argument('--binary', default=os.path.join(ROOT, 'build', 'app', 'quotecheck'))
    ap.add_argument('--workers', type=int, default=2)
    ap.add_argument('--shards', type=int, default=8)
    a = ap.parse_args()
    from dask.distributed import Client, LocalCluster

    with tempfile.TemporaryDirectory() as work:
        # Every shard is one JSONL archive; the single-process run reads the same archives,
        # so documents keep the same ids and paths on both sides.
        shards = split(a.inputs, a.shards, work)
        with LocalCluster(n_workers=a.workers, threads_per_worker=1, host='127.0.0.1',
                          dashboard_address=None, processes=True) as cluster, Client(cluster) as client:
            futures = client.map(extract_shard, [a.binary] * len(shards), shards)
            extracted = client.gather(futures)
        merged = subprocess.run([a.binary, 'check', '--format', 'json', '--fail-on', 'none', '--extracted', *extracted],
                                check=True, capture_output=True).stdout
        single = subprocess.run([a.binary, 'check', '--format', 'json', '--fail-on', 'none', *shards],
                                check=True, capture_output=True).stdout
        report = json.loads(merged)
        print(f"{len(shards)} shards on {a.workers} Dask workers: {report['summary']['documents']} documents, "
              f"{report['summary']['quotes']} quotes, {len(report['findings'])} findings")
        if merged == single:
            print('identical to the single-process report')
            return 0
        print('DIFFERENT from the single-process report', file=sys.stderr)
        return 1


if __name__ == '__main__':
    sys.exit(main())
