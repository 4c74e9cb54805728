// Every card Linq confirmed for the number, newest first: its photo, names, when Linq
// confirmed it (local time) and what made it. The newest is the card Linq shows now; each
// earlier one can be restored (RestoreDialog.tsx confirms what that sends).
import type { CardVersion } from '../../../../shared/card-history.schema.ts';
import { fullName } from '../../lib/names.ts';
import { absoluteTime, relativeTime } from '../../lib/time.ts';
import { olderVersionsNote, versionSource } from '../../lib/version-text.ts';
import { openRestore } from '../../store/restore.ts';
import { CardPhoto } from './PhotoThumbnail.tsx';
import { RestoreDialog } from './RestoreDialog.tsx';
import { RestoreOutcomeNote } from './RestoreOutcomeNote.tsx';

function VersionEntry({
  version,
  restoredFrom,
  now,
}: {
  version: CardVersion;
  /** The version this one restored, when it is listed too. */
  restoredFrom: CardVersion | undefined;
  now: number;
}) {
  const name = fullName(version.firstName, version.lastName);
  const when = absoluteTime(version.confirmedAt);
  const nameId = `version-${version.id}-name`;
  return (
    <li className="version" aria-labelledby={nameId}>
      <CardPhoto
        sha256={version.photoSha256}
        imageUrl={version.imageUrl}
        firstName={version.firstName}
        lastName={version.lastName}
        size="small"
        alt={name ? `Photo of the version ${name}, ${when}` : `Photo of the version of ${when}`}
      />
      <div className="version-body">
        <h5 id={nameId} className="version-name">
          {name || <span className="muted">No name</span>}
          {version.current ? <span className="badge badge-success version-now">Now</span> : null}
        </h5>
        <p className="version-meta">
          <time dateTime={version.confirmedAt} title={relativeTime(version.confirmedAt, now)}>
            {when}
          </time>
          <span aria-hidden="true"> · </span>
          <span className="version-source">
            {versionSource(
              version,
              restoredFrom ? absoluteTime(restoredFrom.confirmedAt) : undefined,
            )}
          </span>
        </p>
        {version.current ? null : (
          <button
            type="button"
            className="button button-secondary button-small version-restore"
            aria-label={`Restore this version: ${when}${name ? ` (${name})` : ''}`}
            onClick={() => void openRestore(version)}
          >
            Restore this version
          </button>
        )}
      </div>
    </li>
  );
}

export function VersionsList({
  versions,
  total,
  now,
}: {
  versions: CardVersion[];
  total: number;
  now: number;
}) {
  const older = olderVersionsNote(versions.length, total);
  const phoneNumber = versions[0]?.phoneNumber;
  return (
    <section className="versions" aria-labelledby="card-versions-title">
      <h4 id="card-versions-title" className="section-title">
        Versions
      </h4>
      {versions.length === 0 ? (
        <p className="muted">None yet: a version is kept each time Linq confirms a card.</p>
      ) : (
        <ol className="versions-list" aria-label="Versions, newest first">
          {versions.map((version) => (
            <VersionEntry
              key={version.id}
              version={version}
              restoredFrom={versions.find((other) => other.id === version.restoredFrom)}
              now={now}
            />
          ))}
        </ol>
      )}
      {older ? <p className="muted versions-older">{older}</p> : null}
      <RestoreOutcomeNote phoneNumber={phoneNumber} />
      <RestoreDialog />
    </section>
  );
}
