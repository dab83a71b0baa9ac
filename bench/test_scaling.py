#!/usr/bin/env python3
"""Unit checks of bench/scaling.py's RESULTS.md writer (no benchmark is run).

usage: python3 bench/test_scaling.py   (ctest runs it as bench-scaling-results)
"""
import os, sys, tempfile, unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import scaling  # noqa: E402

ROWS = [('quotes', '2500 quotes', 0.5, 52.0, None, None), ('quotes', '5000 quotes', 1.0, 52.0, 2.0, 1.0)]

OLD = """# Benchmarks

## Throughput

Some figures.

## Scaling (bench/scaling.py)

Measured long ago.

| dimension | size | median CPU s | peak RSS | time x | memory x |
|---|---|---|---|---|---|
| quotes | 2500 quotes | 9.00 | 99 MiB |  |  |

Worst growth for one doubling: 4.00x.

Before the fixes of issue 14: one sentence of 2,500 quotes took 7.4 s.
The time column is CPU seconds.

## check on the development archive

Other figures.
"""


class WriteResults(unittest.TestCase):
    def write(self, text):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, 'RESULTS.md')
            with open(path, 'w', encoding='utf-8') as f:
                f.write(text)
            scaling.write_results(path, ROWS, 3, 2.0)
            with open(path, encoding='utf-8') as f:
                return f.read()

    def test_prose_under_the_table_stays(self):
        out = self.write(OLD)
        self.assertIn('\n\nBefore the fixes of issue 14: one sentence of 2,500 quotes took 7.4 s.\n'
                      'The time column is CPU seconds.\n\n## check on the development archive\n\nOther figures.\n', out)
        self.assertIn('Worst growth for one doubling: 2.00x.\n\nBefore the fixes', out)

    def test_the_table_is_replaced(self):
        out = self.write(OLD)
        self.assertNotIn('9.00', out)
        self.assertNotIn('4.00x', out)
        self.assertNotIn('Measured long ago', out)
        self.assertIn('| quotes | 5000 quotes | 1.00 | 52 MiB | 2.00 | 1.00 |', out)
        self.assertEqual(out.count('## Scaling'), 1)

    def test_sections_before_and_after_stay(self):
        out = self.write(OLD)
        self.assertTrue(out.startswith('# Benchmarks\n\n## Throughput\n\nSome figures.\n\n## Scaling (bench/scaling.py)\n'))
        self.assertTrue(out.endswith('## check on the development archive\n\nOther figures.\n'))

    def test_a_second_run_keeps_the_prose_once(self):
        once = self.write(OLD)
        twice = self.write(once)
        self.assertEqual(once, twice)

    def test_the_last_section_keeps_its_prose(self):
        out = self.write(OLD[:OLD.index('## check')].rstrip('\n') + '\n')
        self.assertTrue(out.endswith('Worst growth for one doubling: 2.00x.\n\nBefore the fixes of issue 14: one sentence of '
                                     '2,500 quotes took 7.4 s.\nThe time column is CPU seconds.\n'))

    def test_no_section_yet(self):
        out = self.write('# Benchmarks\n\nIntro.\n')
        self.assertTrue(out.startswith('# Benchmarks\n\nIntro.\n\n## Scaling (bench/scaling.py)\n'))
        self.assertTrue(out.endswith('Worst growth for one doubling: 2.00x.\n'))

    def test_a_new_file(self):
        out = self.write('')
        self.assertTrue(out.startswith('## Scaling (bench/scaling.py)\n'))
        self.assertTrue(out.endswith('Worst growth for one doubling: 2.00x.\n'))


if __name__ == '__main__':
    unittest.main()
