type Line = { kind: 'same' | 'removed' | 'added'; text: string };

/** A line diff (longest common subsequence); template bodies are short, so O(n·m) is fine. */
export function diffLines(before: string, after: string): Line[] {
  const a = before.split('\n');
  const b = after.split('\n');
  const table = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i -= 1)
    for (let j = b.length - 1; j >= 0; j -= 1) table[i]![j] = a[i] === b[j] ? table[i + 1]![j + 1]! + 1 : Math.max(table[i + 1]![j]!, table[i]![j + 1]!);
  const out: Line[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      out.push({ kind: 'same', text: a[i]! });
      i += 1;
      j += 1;
    } else if (table[i + 1]![j]! >= table[i]![j + 1]!) out.push({ kind: 'removed', text: a[i++]! });
    else out.push({ kind: 'added', text: b[j++]! });
  }
  while (i < a.length) out.push({ kind: 'removed', text: a[i++]! });
  while (j < b.length) out.push({ kind: 'added', text: b[j++]! });
  return out;
}

const styles = { same: '', removed: 'bg-red-50 text-red-900', added: 'bg-emerald-50 text-emerald-900' };
const marks = { same: ' ', removed: '−', added: '+' };

export function BodyDiff({ before, after }: { before: string; after: string }) {
  return (
    <pre tabIndex={0} className="max-h-80 overflow-auto rounded border border-slate-200 bg-white text-xs" data-testid="body-diff">
      {diffLines(before, after).map((line, i) => (
        <div key={i} className={`whitespace-pre-wrap break-all px-2 ${styles[line.kind]}`} data-diff={line.kind}>
          <span aria-hidden>{marks[line.kind]} </span>
          <span className="sr-only">{line.kind === 'same' ? '' : `${line.kind}: `}</span>
          {line.text}
        </div>
      ))}
    </pre>
  );
}
