// Which column holds which field: from the header's names when the file has a header ("Phone
// number", "first_name", "Surname", "Photo URL" …), otherwise from what the cells look like.
// The import screen shows the guess and lets the user change it.
import { looksLikeImage, looksLikePhone, looksLikeText } from './cell-shapes.ts';

export type ImportField = 'phone' | 'firstName' | 'lastName' | 'image';
export type ColumnMap = Record<ImportField, number | null>; // column index per field

export const IMPORT_FIELDS: readonly ImportField[] = ['phone', 'firstName', 'lastName', 'image'];

export const EMPTY_COLUMN_MAP: ColumnMap = {
  phone: null,
  firstName: null,
  lastName: null,
  image: null,
};

// Header names per field, best first, in the form normaliseHeader gives them (lower case, no
// spaces or punctuation). A few common non-English ones are here because exports from
// localised spreadsheet apps and CRMs carry them. No name appears under two fields.
const HEADER_NAMES: Record<ImportField, readonly string[]> = {
  phone: [
    'phone',
    'phonenumber',
    'mobile',
    'mobilenumber',
    'mobilephone',
    'number',
    'phoneno',
    'cell',
    'cellphone',
    'cellnumber',
    'telephone',
    'telephonenumber',
    'tel',
    'line',
    'phoneline',
    'linqline',
    'e164',
    'msisdn',
    'telefon',
    'telefono',
    'telefone',
    'handy',
    'telefonnummer',
  ],
  firstName: [
    'firstname',
    'givenname',
    'forename',
    'first',
    'name',
    'fullname',
    'displayname',
    'contactname',
    'vorname',
    'prenom',
    'nombre',
  ],
  lastName: ['lastname', 'surname', 'familyname', 'last', 'nachname', 'apellido', 'apellidos'],
  image: [
    'image',
    'imageurl',
    'photo',
    'photourl',
    'picture',
    'pictureurl',
    'avatar',
    'avatarurl',
    'imagepath',
    'photopath',
    'picturepath',
    'imagefile',
    'photofile',
    'imagelink',
    'photolink',
    'pic',
    'logo',
    'foto',
    'bild',
  ],
};

/** "Phone Number (E.164)", "phone_number" and "PHONE-NUMBER" all become "phonenumber". */
export function normaliseHeader(cell: string): string {
  return cell
    .normalize('NFKD')
    .replace(/\p{M}/gu, '') // accents: "Prénom" is "prenom"
    .replace(/\(.*?\)|\[.*?\]/g, '') // "(optional)", "[E.164]"
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '');
}

/** The field a header cell names and how good a match it is (0 is best), or null. */
function headerField(cell: string): { field: ImportField; rank: number } | null {
  const key = normaliseHeader(cell);
  if (key === '') return null;
  for (const field of IMPORT_FIELDS) {
    const rank = HEADER_NAMES[field].indexOf(key);
    if (rank >= 0) return { field, rank };
  }
  return null;
}

function mapFromHeader(header: readonly string[]): ColumnMap {
  const map: ColumnMap = { ...EMPTY_COLUMN_MAP };
  const bestRank: Partial<Record<ImportField, number>> = {};
  header.forEach((cell, column) => {
    const match = headerField(cell);
    if (!match) return;
    const { field, rank } = match;
    if (bestRank[field] === undefined || rank < bestRank[field]) {
      map[field] = column;
      bestRank[field] = rank;
    }
  });
  return map;
}

interface ColumnShape {
  filled: number;
  phone: number;
  image: number;
  text: number;
}

const SAMPLE_ROWS = 200;

function shapesOf(rows: readonly (readonly string[])[]): ColumnShape[] {
  const shapes: ColumnShape[] = [];
  for (const row of rows.slice(0, SAMPLE_ROWS)) {
    row.forEach((cell, column) => {
      const shape = (shapes[column] ??= { filled: 0, phone: 0, image: 0, text: 0 });
      if (cell.trim() === '') return;
      shape.filled++;
      if (looksLikePhone(cell)) shape.phone++;
      else if (looksLikeImage(cell)) shape.image++;
      else if (looksLikeText(cell)) shape.text++;
    });
  }
  return shapes;
}

/** The unused column where most filled cells have the shape, if that is at least half. */
function mostlyShaped(
  shapes: readonly ColumnShape[],
  used: ReadonlySet<number>,
  which: 'phone' | 'image',
): number | null {
  let best: number | null = null;
  let bestShare = 0.5;
  shapes.forEach((shape, column) => {
    if (!shape || used.has(column) || shape.filled === 0) return;
    const share = shape[which] / shape.filled;
    if (share >= bestShare && (best === null || share > bestShare)) {
      best = column;
      bestShare = share;
    }
  });
  return best;
}

/** Fills the fields the map lacks from the content of unused columns: phone, image, names. */
function completeFromContent(map: ColumnMap, rows: readonly (readonly string[])[]): ColumnMap {
  const shapes = shapesOf(rows);
  const used = new Set(IMPORT_FIELDS.map((field) => map[field]).filter((c) => c !== null));
  const claim = (field: ImportField, column: number | null) => {
    if (map[field] !== null || column === null) return;
    map[field] = column;
    used.add(column);
  };
  claim('phone', mostlyShaped(shapes, used, 'phone'));
  claim('image', mostlyShaped(shapes, used, 'image'));
  // Names: the text columns in order, first name then last name.
  for (let column = 0; column < shapes.length; column++) {
    const shape = shapes[column];
    if (!shape || used.has(column) || shape.filled === 0) continue;
    if (shape.text / shape.filled < 0.5) continue;
    if (map.firstName === null) claim('firstName', column);
    else if (map.lastName === null) claim('lastName', column);
  }
  return map;
}

/**
 * Guesses the column of each field. `header` is the first row; `sample` is the rows after it
 * (optional, but without it a file with no header is guessed from its first row alone). A
 * first row is a header when it names a field and has no phone number in it, or when the
 * column that holds phone numbers in the other rows has none in the first row.
 */
export function guessColumns(
  header: string[],
  sample: readonly (readonly string[])[] = [],
): { map: ColumnMap; hasHeader: boolean } {
  const named = mapFromHeader(header);
  const namesAField = IMPORT_FIELDS.some((field) => named[field] !== null);
  if (namesAField && !header.some(looksLikePhone)) {
    return { map: completeFromContent(named, sample), hasHeader: true };
  }
  const map = completeFromContent({ ...EMPTY_COLUMN_MAP }, [header, ...sample]);
  // A header whose names we do not know ("Col A", "Kontakt"): the phone column has a number in
  // nearly every row but this one.
  const phoneColumn = map.phone;
  if (phoneColumn !== null && sample.length >= 2 && !looksLikePhone(header[phoneColumn] ?? '')) {
    const withPhone = sample
      .slice(0, SAMPLE_ROWS)
      .filter((row) => looksLikePhone(row[phoneColumn] ?? '')).length;
    if (withPhone / Math.min(sample.length, SAMPLE_ROWS) >= 0.8) {
      return { map: completeFromContent({ ...EMPTY_COLUMN_MAP }, sample), hasHeader: true };
    }
  }
  return { map, hasHeader: false };
}

/**
 * The map for a file whose first row is (or is not) a header, as the user said: named columns
 * first, the rest from the content. guessColumns decides about the header by itself.
 */
export function mapColumns(rows: readonly (readonly string[])[], hasHeader: boolean): ColumnMap {
  if (!hasHeader) return completeFromContent({ ...EMPTY_COLUMN_MAP }, rows);
  return completeFromContent(mapFromHeader(rows[0] ?? []), rows.slice(1));
}
