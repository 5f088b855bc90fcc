// The voices a person marked as favourites, kept with the window's other display choices.
const KEY = 'aloud.favourite-voices';

export function loadFavourites(): Set<string> {
  try {
    const saved: unknown = JSON.parse(localStorage.getItem(KEY) ?? '[]');
    return new Set(Array.isArray(saved) ? saved.filter((k): k is string => typeof k === 'string') : []);
  } catch {
    return new Set();
  }
}

export function saveFavourites(favourites: ReadonlySet<string>): void {
  localStorage.setItem(KEY, JSON.stringify([...favourites]));
}
