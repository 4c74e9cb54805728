// The letters a contact without a photo shows in its circle, made the way iOS makes them, so
// the app's history and preview show what the customer's iPhone will: the first letter of
// the first name and the first letter of the last name ("Acme" "Help Desk" → "AH", not the
// "AD" of taking the whole name's last word). With one of the two names, its first letter.
function firstLetter(name: string): string {
  const word = name.trim().split(/\s+/)[0] ?? '';
  // Array.from keeps a letter outside the Basic Multilingual Plane (or an emoji) whole.
  return (Array.from(word)[0] ?? '').toLocaleUpperCase();
}

export function iosInitials(firstName: string, lastName: string): string {
  return firstLetter(firstName) + firstLetter(lastName);
}
