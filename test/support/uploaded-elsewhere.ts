// A photo uploaded to Linq by another computer, straight through the fake Linq API's attachment
// routes: its CDN address is one this app never saw, as a card made elsewhere would carry.
// Used by the integration tests and the end-to-end specs alike.

export interface FakeAccount {
  baseUrl: string;
  apiKey: string;
}

/** Reserves an attachment, uploads `bytes` to it, and answers its download address. */
export async function uploadedElsewhere(
  fake: FakeAccount,
  bytes: Uint8Array<ArrayBuffer>,
  fileName = 'elsewhere.jpg',
): Promise<string> {
  const reservation = await fetch(`${fake.baseUrl}/v3/attachments`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${fake.apiKey}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({
      filename: fileName,
      content_type: 'image/jpeg',
      size_bytes: bytes.length,
    }),
  });
  if (!reservation.ok) throw new Error(`attachment reservation failed: ${reservation.status}`);
  const { upload_url, download_url, required_headers } = (await reservation.json()) as {
    upload_url: string;
    download_url: string;
    required_headers: Record<string, string>;
  };
  const put = await fetch(upload_url, { method: 'PUT', headers: required_headers, body: bytes });
  if (!put.ok) throw new Error(`attachment upload failed: ${put.status}`);
  return download_url;
}

/** Makes the image at `url` (an attachment on the fake's CDN) stop serving: its CDN answers 404. */
export function dropAttachmentAt(fake: { attachments: Map<string, unknown> }, url: string): void {
  const id = new URL(url).pathname.split('/')[2]!;
  if (!fake.attachments.delete(id)) throw new Error(`No attachment ${id} to drop.`);
}
