// The columns a card and each of its versions share (cards and card_versions store a card's
// content the same way), read into the shape both hand out.

export interface CardContentColumns {
  first_name: string | null;
  last_name: string | null;
  image_url: string | null;
  photo_sha256: string | null;
  is_active: number | null;
}

export interface CardContent {
  firstName: string | null;
  lastName: string | null;
  imageUrl: string | null;
  photoSha256: string | null;
  isActive: boolean | null;
}

export function cardContent(row: CardContentColumns): CardContent {
  return {
    firstName: row.first_name,
    lastName: row.last_name,
    imageUrl: row.image_url,
    photoSha256: row.photo_sha256,
    isActive: row.is_active === null ? null : row.is_active === 1,
  };
}
