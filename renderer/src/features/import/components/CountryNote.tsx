// The file's one note about numbers written without a country code: they were read in the
// default country. Said once for the file, naming the country, rather than as a warning on
// every row (a clean domestic file would otherwise read "all rows with warnings").
import { useMemo } from 'react';
import { useImportFlow } from '../store/import-flow.ts';
import { navigate } from '../../../store/view.ts';

export function CountryNote() {
  const parsed = useImportFlow((state) => state.parsed);
  const rows = useMemo(
    () => parsed?.rows.filter((row) => row.readInDefaultCountry).length ?? 0,
    [parsed],
  );
  if (!parsed || rows === 0) return null;
  const { name, callingCode } = parsed.reading;
  return (
    <p className="note import-file-note">
      <span>
        Numbers without a country code were read as {name}
        {callingCode ? ` (+${callingCode})` : ''}: {rows.toLocaleString('en-US')}{' '}
        {rows === 1 ? 'row' : 'rows'}. If they are in another country, change the default country
        and the rows are checked again.{' '}
        <button type="button" className="link-button" onClick={() => navigate('settings')}>
          Change default country
        </button>
      </span>
    </p>
  );
}
