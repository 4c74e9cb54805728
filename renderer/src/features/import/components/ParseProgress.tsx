// The worker reading and checking the rows: how far it got. Not announced on every step
// (the worker reports up to 20 times a second): the label says what is going on.
import { useImportFlow } from '../store/import-flow.ts';
import { Spinner } from '../../../components/Icons.tsx';

const count = new Intl.NumberFormat('en-US');

export function ParseProgress({ name }: { name: string | null }) {
  const parsing = useImportFlow((state) => state.parsing);
  if (!parsing) return null;
  const { done, total } = parsing;
  return (
    <div className="import-progress-line">
      <span role="status">
        <Spinner /> Reading and checking {name ?? 'the rows'}…
      </span>
      <label className="upload-progress" aria-live="off">
        <span>
          {total > 0 ? `${count.format(done)} of ${count.format(total)} rows checked` : 'Reading…'}
        </span>
        {total > 0 ? <progress max={total} value={done} /> : <progress />}
      </label>
    </div>
  );
}
